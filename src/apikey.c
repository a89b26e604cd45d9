/*
 * apikey.c - API keys in the database (see apikey.h).
 *
 * SHA-256 and the random bytes come from libcrypto, as the URL tokens'
 * do.  The key is never logged or stored; the caller prints it once and
 * wipes it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "apikey.h"
#include "log.h"
#include "util.h"

#define RANDOM_BYTES	32
#define USED_EVERY	60	/* seconds between notes of a key's use */

int
apikey_name_valid(const char *s)
{
	size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._-");

	return n > 0 && n <= APIKEY_NAME_MAX && s[n] == '\0' &&
	    strchr("._-", s[0]) == NULL;
}

/* "rr_" and the bytes in base64url, without padding */
static void
encode(const unsigned char raw[RANDOM_BYTES], char key[APIKEY_LEN + 1])
{
	char b64[4 * ((RANDOM_BYTES + 2) / 3) + 1];
	size_t i, n;

	n = (size_t)EVP_EncodeBlock((unsigned char *)b64, raw, RANDOM_BYTES);
	while (n > 0 && b64[n - 1] == '=')
		n--;
	for (i = 0; i < n; i++)
		b64[i] = b64[i] == '+' ? '-' : b64[i] == '/' ? '_' : b64[i];
	snprintf(key, APIKEY_LEN + 1, "%s%.*s", APIKEY_PREFIX, (int)n, b64);
	explicit_bzero(b64, sizeof(b64));
}

int
apikey_create(struct db *db, const char *name, time_t now,
    char key[APIKEY_LEN + 1])
{
	unsigned char raw[RANDOM_BYTES], hash[SHA256_DIGEST_LENGTH];
	sqlite3_stmt *st;
	int rc = -1;

	if (RAND_bytes(raw, sizeof(raw)) != 1) {
		log_warnx("apikey: no random bytes from libcrypto");
		return -1;
	}
	encode(raw, key);
	explicit_bzero(raw, sizeof(raw));
	SHA256((const unsigned char *)key, APIKEY_LEN, hash);
	st = db_prepare(db, "INSERT INTO api_key (name, hash, created_at) "
	    "VALUES (?, ?, ?)");
	if (st == NULL)
		goto out;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, hash, sizeof(hash), SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	if (sqlite3_step(st) == SQLITE_DONE)
		rc = 0;
	else if (sqlite3_extended_errcode(db_handle(db)) ==
	    SQLITE_CONSTRAINT_UNIQUE)
		rc = 1;		/* the name: a hash collision is not a thing */
	else
		db_warn(db, "apikey");
	sqlite3_finalize(st);
out:
	if (rc != 0)
		explicit_bzero(key, APIKEY_LEN + 1);
	return rc;
}

int
apikey_list(struct db *db, struct apikey **out, size_t *np)
{
	struct apikey *v = NULL;
	sqlite3_stmt *st;
	size_t n = 0;
	int r;

	*out = NULL;
	*np = 0;
	st = db_prepare(db, "SELECT id, name, created_at, "
	    "COALESCE(last_used_at, 0), COALESCE(revoked_at, 0) FROM api_key "
	    "ORDER BY created_at, id");
	if (st == NULL)
		return -1;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n].id = sqlite3_column_int64(st, 0);
		v[n].name = xstrdup((const char *)sqlite3_column_text(st, 1));
		v[n].created_at = (time_t)sqlite3_column_int64(st, 2);
		v[n].last_used_at = (time_t)sqlite3_column_int64(st, 3);
		v[n].revoked_at = (time_t)sqlite3_column_int64(st, 4);
		n++;
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE) {
		db_warn(db, "apikey list");
		apikey_list_free(v, n);
		return -1;
	}
	*out = v;
	*np = n;
	return 0;
}

void
apikey_list_free(struct apikey *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

int
apikey_revoke(struct db *db, const char *name, time_t now, time_t *when)
{
	sqlite3_stmt *st;
	int r;

	*when = 0;
	st = db_prepare(db, "SELECT COALESCE(revoked_at, 0) FROM api_key "
	    "WHERE name = ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((r = sqlite3_step(st)) == SQLITE_ROW)
		*when = (time_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (r == SQLITE_DONE)
		return 1;
	if (r != SQLITE_ROW) {
		db_warn(db, "apikey revoke");
		return -1;
	}
	if (*when)
		return 2;
	st = db_prepare(db, "UPDATE api_key SET revoked_at = ? "
	    "WHERE name = ? AND revoked_at IS NULL");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	return db_step_done(db, st);
}

/* text has the shape of a key: anything else costs no query */
static int
key_shaped(const char *text, size_t len)
{
	size_t pl = sizeof(APIKEY_PREFIX) - 1, i;

	if (len != APIKEY_LEN || memcmp(text, APIKEY_PREFIX, pl) != 0)
		return 0;
	for (i = pl; i < len; i++)
		if (!((text[i] >= 'A' && text[i] <= 'Z') ||
		    (text[i] >= 'a' && text[i] <= 'z') ||
		    (text[i] >= '0' && text[i] <= '9') || text[i] == '-' ||
		    text[i] == '_'))
			return 0;
	return 1;
}

static void
note_use(struct db *db, long long id, time_t now)
{
	sqlite3_stmt *st;

	/* a failure here must not refuse a good key: it is only a note */
	st = db_cached(db, "UPDATE api_key SET last_used_at = ? WHERE id = ?");
	if (st == NULL)
		return;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		db_warn(db, "apikey: last used");
	sqlite3_reset(st);
}

int
apikey_check(struct db *db, const char *text, size_t len, time_t now,
    char *name, size_t n)
{
	unsigned char hash[SHA256_DIGEST_LENGTH];
	sqlite3_stmt *st;
	long long id = 0;
	time_t used = 0;
	int r, found = 0;

	if (!key_shaped(text, len))
		return 1;
	SHA256((const unsigned char *)text, len, hash);
	st = db_cached(db, "SELECT id, hash, name, COALESCE(last_used_at, 0) "
	    "FROM api_key WHERE revoked_at IS NULL");
	if (st == NULL)
		return -1;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const void *h = sqlite3_column_blob(st, 1);
		int same;

		if (h == NULL || sqlite3_column_bytes(st, 1) != sizeof(hash))
			continue;
		/* no early exit on a match either: every key costs the same */
		same = CRYPTO_memcmp(h, hash, sizeof(hash)) == 0;
		if (same && !found) {
			found = 1;
			id = sqlite3_column_int64(st, 0);
			snprintf(name, n, "%s", sqlite3_column_text(st, 2));
			used = (time_t)sqlite3_column_int64(st, 3);
		}
	}
	sqlite3_reset(st);
	if (r != SQLITE_DONE) {
		db_warn(db, "apikey check");
		return -1;
	}
	if (!found)
		return 1;
	if (now - used >= USED_EVERY || now < used)
		note_use(db, id, now);
	return 0;
}
