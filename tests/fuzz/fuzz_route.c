/*
 * fuzz_route.c - libFuzzer harness for the daemon's request handling
 * behind libmicrohttpd: routing, token words in paths, methods, query
 * arguments, If-None-Match, form bodies and what each route does with
 * them, against a real database holding one enrolled person.
 *
 * The input is lines: the method, the path, the Content-Type, the
 * If-None-Match value, then the body.  In the path, "%P", "%F", "%U" and
 * "%C" stand for the person's real page, feed and unsubscribe tokens and
 * a cohort's, so the fuzzer reaches past the 404s.  Checked besides "no
 * crash": the status is one the routes give, never a 500, and a 303
 * always says where to.  An input of odd length comes from loopback.
 * Two inputs in three carry a real API key (Authorization: Bearer), so
 * the fuzzer reaches the JSON API's endpoints too.
 */
#include "fuzz.h"

#include <stdio.h>

#include "apikey.h"
#include "app.h"
#include "cohort_store.h"
#include "db.h"
#include "enrollment.h"
#include "http.h"
#include "routes.h"
#include "signup_store.h"
#include "token.h"
#include "util.h"

#ifndef FUZZ_SCORECARD
#define FUZZ_SCORECARD	"curriculum"
#endif

static struct app app;
static char dir[512];
static char tok[5][TOKEN_LEN + 1];	/* page, feed, unsubscribe, cohort,
					   a signup's confirmation */
static char bearer[8 + APIKEY_LEN];	/* "Bearer " and the key */
static int ready;

struct fake {
	const char	*ctype, *inm, *query;
	int		 auth;
};

static const char *
lookup(void *conn, int arg, const char *name)
{
	struct fake *f = conn;
	static char val[256];
	const char *q;
	size_t n = strlen(name);

	if (!arg) {
		if (strcasecmp(name, "Content-Type") == 0)
			return f->ctype[0] ? f->ctype : NULL;
		/* the fourth line is both: each route reads one of them */
		if (strcasecmp(name, "If-None-Match") == 0 ||
		    strcasecmp(name, "X-Forwarded-For") == 0)
			return f->inm[0] ? f->inm : NULL;
		if (strcasecmp(name, "Authorization") == 0)
			return f->auth ? bearer : NULL;
		return NULL;
	}
	for (q = f->query; q && *q; q += strcspn(q, "&"), q += *q == '&')
		if (strncmp(q, name, n) == 0 && q[n] == '=') {
			snprintf(val, sizeof(val), "%.*s",
			    (int)strcspn(q + n + 1, "&"), q + n + 1);
			return val;
		}
	return NULL;
}

static void
cleanup(void)
{
	static const char *const names[] = { "db", "db-wal", "db-shm",
	    "secret" };
	char path[600];
	size_t i;

	app_free(&app);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void
setup(void)
{
	char path[600];
	struct enroll_req er;
	struct cohort co;
	struct cfg cfg;
	struct diag_list dl = { NULL, 0, 0 };
	struct app_conf *c;
	struct db *db;
	long long id;
	char *why = NULL;
	int created;

	snprintf(dir, sizeof(dir), "%s/fuzz_route.XXXXXX", fuzz_tmpdir());
	FUZZ_CHECK(mkdtemp(dir) != NULL);
	FUZZ_CHECK(cfg_load(NULL, &cfg, &dl) == 0);
	snprintf(path, sizeof(path), "%s/db", dir);
	cfg_set_db(&cfg, path);
	free(cfg.secret_file);
	cfg.secret_file = xasprintf("%s/secret", dir);
	free(cfg.curriculum);
	cfg.curriculum = xstrdup(getenv("FUZZ_SCORECARD") ?
	    getenv("FUZZ_SCORECARD") : FUZZ_SCORECARD);
	FUZZ_CHECK(token_secret_init(cfg.secret_file, &created) == 0);
	FUZZ_CHECK((db = db_open(path, DB_OPEN_INIT, NULL, NULL)) != NULL);
	cfg.signup_open = 1;		/* /join too */
	FUZZ_CHECK((c = app_conf_new(&cfg)) != NULL);
	FUZZ_CHECK(app_init(&app, c, 0) == 0);
	memset(&er, 0, sizeof(er));
	er.email = "fuzz@example.org";
	er.name = "Fuzz Person";
	er.tz = "America/Chicago";
	er.send_minutes = 7 * 60;
	er.start.y = 2026;
	er.start.m = 11;
	er.start.d = 2;
	FUZZ_CHECK(enrollment_create(db, &er, 1793000000, app.key, &id,
	    &why) == 0);
	token_make(app.key, TOKEN_PAGE, id, 1, tok[0]);
	token_make(app.key, TOKEN_FEED, id, 1, tok[1]);
	token_make(app.key, TOKEN_UNSUBSCRIBE, id, 1, tok[2]);
	token_make(app.key, TOKEN_COHORT, 1, 1, tok[3]);
	{
		struct signup_req sr = { "new@example.org", "New Person",
		    "Europe/Berlin", 8 * 60, 0, "192.0.2.1" };
		struct signup_limits lim = { 1000000, 1000000 };
		struct signup_row row;
		enum signup_fate fate;

		FUZZ_CHECK(signup_store_request(db, &sr, &lim, 1793000000,
		    app.key, &fate) == 0 && fate == SIGNUP_MAIL);
		FUZZ_CHECK(signup_store_get(db, 1, &row) == 0);
		signup_store_token(app.key, row.id, row.nonce, tok[4]);
		signup_row_free(&row);
	}
	memset(&co, 0, sizeof(co));
	co.name = xstrdup("fuzz");
	co.webinar_tz = xstrdup("America/New_York");
	co.webinar_at = 1795200000;
	co.start = er.start;
	FUZZ_CHECK(cohort_store_create(db, &co, 1793000000, app.key, &why) ==
	    0);
	cohort_free(&co);
	memcpy(bearer, "Bearer ", 7);
	FUZZ_CHECK(apikey_create(db, "fuzz", 1793000000, bearer + 7) == 0);
	db_close(db);
	diag_free(&dl);
	atexit(cleanup);
	ready = 1;
}

/* the next line of *p (cut at '\n'), advancing *p */
static char *
line(char **p)
{
	char *s = *p, *nl = strchr(s, '\n');

	if (nl) {
		*nl = '\0';
		*p = nl + 1;
	} else
		*p = s + strlen(s);
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const int ok[] = { 200, 201, 303, 304, 400, 401, 403, 404,
	    405, 409, 410, 413, 422, 429 };
	char *in, *p, *method, *rawpath, *q, path[2048];
	struct fake f;
	struct http_req rq;
	struct http_resp rs;
	size_t o = 0, i;
	int good = 0;

	if (!ready)
		setup();
	if (len > 70000)
		return 0;
	p = in = fuzz_str(data, len);
	method = line(&p);
	rawpath = line(&p);
	f.ctype = line(&p);
	f.inm = line(&p);
	f.query = NULL;
	/* %P, %F, %U, %C, %S: the real tokens */
	for (q = rawpath; *q && o + TOKEN_LEN + 1 < sizeof(path); q++) {
		const char *k = q[0] == '%' ? strchr("PFUCS", q[1]) : NULL;

		if (k && q[1]) {
			memcpy(path + o, tok[k - "PFUCS"], TOKEN_LEN);
			o += TOKEN_LEN;
			q++;
		} else
			path[o++] = *q;
	}
	path[o] = '\0';
	if ((q = strchr(path, '?')) != NULL) {
		*q = '\0';
		f.query = q + 1;
	}
	memset(&rq, 0, sizeof(rq));
	rq.method = method;
	rq.path = path;
	rq.body = p;
	rq.bodylen = strlen(p);
	rq.conn = &f;
	rq.lookup = lookup;
	rq.loopback = len % 2;		/* either client, input by input */
	/* a loopback client is a trusted proxy: X-Forwarded-For is read */
	snprintf(rq.client, sizeof(rq.client), "%s", rq.loopback ?
	    "127.0.0.1" : "203.0.113.9");
	f.auth = len % 3 != 0;
	memset(&rs, 0, sizeof(rs));
	buf_init(&rs.body, HTTP_MAXPAGE);
	rs.status = 500;
	routes_handle(&app, &rq, &rs);
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		good |= rs.status == ok[i];
	if (!good)
		fprintf(stderr, "fuzz_route: %s %s: %d\n", method, path,
		    rs.status);
	FUZZ_CHECK(good);
	FUZZ_CHECK(rs.status != 303 || rs.location[0] != '\0');
	buf_free(&rs.body);
	free(in);
	return 0;
}
