/*
 * apikey.h - the keys that open the JSON API (/api/v1/).
 *
 * A key is "rr_" and 32 bytes from libcrypto's RAND_bytes in base64url
 * (46 characters): shown once when it is made, and kept only as its
 * SHA-256, so a copy of the database (a backup, a leaked file) opens
 * nothing.  A key that random needs no salt or slow hash: there is
 * nothing to guess.  Each key has a name the operator chose, for the
 * list and for revoking it; the API's log lines name the key by it.
 *
 * Functions return 0 on success and -1 on a database failure (logged);
 * other values are as noted.
 */
#ifndef REFREADY_APIKEY_H
#define REFREADY_APIKEY_H

#include <stddef.h>
#include <time.h>

#include "db.h"

#define APIKEY_PREFIX		"rr_"
#define APIKEY_LEN		46	/* the prefix and 43 base64url */
#define APIKEY_NAME_MAX		64

struct apikey {
	long long	 id;
	char		*name;
	time_t		 created_at;
	time_t		 last_used_at;	/* 0: never */
	time_t		 revoked_at;	/* 0: in force */
};

/* 1 to APIKEY_NAME_MAX letters, digits, '.', '_' or '-', a letter or digit first */
int	apikey_name_valid(const char *);

/*
 * A new key called name into key (APIKEY_LEN characters and a NUL); 1
 * when the name is taken (by a revoked key too: names are not reused,
 * so the list stays unambiguous).
 */
int	apikey_create(struct db *, const char *name, time_t now,
	    char key[APIKEY_LEN + 1]);

/* every key, oldest first; release with apikey_list_free */
int	apikey_list(struct db *, struct apikey **, size_t *n);
void	apikey_list_free(struct apikey *, size_t n);

/*
 * Revokes the key called name: 0 done, 1 no such key, 2 revoked before
 * (*when says when).
 */
int	apikey_revoke(struct db *, const char *name, time_t now, time_t *when);

/*
 * Whether text (len bytes, as a client sent it) is a key in force: 0
 * with its name copied to name (n bytes), 1 when it is not (malformed,
 * unknown or revoked: one answer for all), -1 on a database failure.
 * The hashes are compared in constant time, and every key in force is
 * compared, so the time taken says nothing of how near a guess came.
 * Notes the time of use, at most once a minute per key, so a busy
 * client does not write on every request.
 */
int	apikey_check(struct db *, const char *text, size_t len, time_t now,
	    char *name, size_t n);

#endif
