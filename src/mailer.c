/*
 * mailer.c - the transport table (see mailer.h).
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "mailer.h"
#include "util.h"

struct mailer {
	const struct mail_backend	*be;
	void				*state;
};

static const struct mail_backend *const backends[] = {
	&mail_maildir,
	&mail_smtp,
};

const char *
mail_result_str(enum mail_result r)
{
	switch (r) {
	case MAIL_SENT:
		return "sent";
	case MAIL_TEMP:
		return "temporary failure";
	case MAIL_PERM:
		return "permanent failure";
	case MAIL_UNCERTAIN:
		return "uncertain";
	}
	return "?";
}

struct mailer *
mailer_open(const struct cfg *cfg)
{
	struct mailer *m;
	size_t i;

	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
		const char *sc = backends[i]->scheme;

		if (strncmp(cfg->mail_url, sc, strlen(sc)) != 0)
			continue;
		m = xcalloc(1, sizeof(*m));
		m->be = backends[i];
		if ((m->state = m->be->open(cfg)) == NULL) {
			free(m);
			return NULL;
		}
		return m;
	}
	log_warnx("mail: no transport for '%s'", cfg->mail_url);
	return NULL;
}

int
mailer_send(struct mailer *m, struct mail_job *jobs, size_t n,
    mail_done_fn done, void *arg)
{
	size_t i;

	for (i = 0; i < n; i++) {
		jobs[i].result = MAIL_TEMP;
		jobs[i].reply[0] = '\0';
		jobs[i].off = 0;
		jobs[i].connect_failed = 0;
	}
	return n ? m->be->send(m->state, jobs, n, done, arg) : 0;
}

void
mailer_close(struct mailer *m)
{
	if (m == NULL)
		return;
	m->be->close(m->state);
	free(m);
}
