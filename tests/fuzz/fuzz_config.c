/*
 * fuzz_config.c - libFuzzer harness for the configuration parser: the
 * input is the whole refready.json, read by cfg_load() from a scratch
 * file (the loader only reads paths, and a harness should add nothing to
 * the product).  Whatever the bytes, cfg_load must return 0 or -1, report
 * at least one problem when it fails, leave every string setting set, and
 * free cleanly.
 */
#include <limits.h>

#include "config.h"
#include "diag.h"
#include "fuzz.h"

static char path[PATH_MAX];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct diag_list dl = { NULL, 0, 0 };
	struct cfg cfg;
	int rc;

	if (path[0] == '\0')
		snprintf(path, sizeof(path), "%s/fuzz_config.%ld.json",
		    fuzz_tmpdir(), (long)getpid());
	fuzz_write_file(path, data, len);
	rc = cfg_load(path, &cfg, &dl);
	FUZZ_CHECK(rc == 0 || rc == -1);
	FUZZ_CHECK(rc == 0 || dl.n > 0);
	FUZZ_CHECK(cfg.db && cfg.curriculum && cfg.base_url &&
	    cfg.http_listen && cfg.mail_url && cfg.mail_from &&
	    cfg.schedule_tz && cfg.schedule_send_at && cfg.secret_file);
	FUZZ_CHECK(cfg.send_at_minutes >= 0 && cfg.send_at_minutes < 24 * 60);
	if (rc == 0) {
		FUZZ_CHECK(cfg.mail_connections >= 1 &&
		    cfg.mail_connections <= 64);
		FUZZ_CHECK(cfg.base_url[0] == '\0' ||
		    cfg.base_url[strlen(cfg.base_url) - 1] != '/');
		/* a webhook in force is complete */
		FUZZ_CHECK(cfg.nwebhooks <= CFG_WEBHOOKS_MAX);
		for (size_t i = 0; i < cfg.nwebhooks; i++)
			FUZZ_CHECK(cfg.webhooks[i].url &&
			    cfg.webhooks[i].secret_file &&
			    cfg.webhooks[i].events != 0 &&
			    cfg.webhooks[i].events < 1u << CFG_EV_MAX);
	}
	cfg_free(&cfg);
	diag_free(&dl);
	unlink(path);
	return 0;
}
