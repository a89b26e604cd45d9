/*
 * hook_key.h - the webhooks' secrets and their signature.
 *
 * Each endpoint's secret_file holds the shared secret as text (one line;
 * its bytes as they are, a trailing newline dropped, 16 to 4096 of
 * them).  The daemon reads them at start and on SIGHUP, refusing a file
 * that group or others can read, as it does the URL secret; they are
 * never logged.
 *
 * A body is signed as "X-Refready-Signature: t=UNIX,v1=HEX", HEX being
 * HMAC-SHA-256 with the secret over the bytes of UNIX, ".", and the body.
 */
#ifndef REFREADY_HOOK_KEY_H
#define REFREADY_HOOK_KEY_H

#include <stddef.h>
#include <time.h>

#include "config.h"

#define HOOK_KEY_MIN		16
#define HOOK_KEY_MAX		4096
#define HOOK_SIG_LEN		64	/* hex digits of the HMAC */

struct hook_keys {
	size_t		 n;
	struct {
		unsigned char	*key;
		size_t		 len;
	}		 v[CFG_WEBHOOKS_MAX];
};

/*
 * Reads the secret of each of cfg's webhooks into k (in their order).
 * 0, or -1 with the file named in the log (k then holds nothing).
 * Release with hook_keys_free, which wipes them.
 */
int	hook_keys_load(const struct cfg *, struct hook_keys *k);
void	hook_keys_free(struct hook_keys *);

/*
 * The header's value for body at t: "t=UNIX,v1=HEX" into out (pure).
 * 0, or -1 if out is too small.
 */
int	hook_sign(const unsigned char *key, size_t keylen, time_t t,
	    const char *body, size_t len, char *out, size_t outlen);

#endif
