/*
 * cmd_cohort.c - the operator's commands about webinar cohorts: create,
 * list, show, import, enroll, feed and report.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "cmd.h"
#include "cohort.h"
#include "cohort_csv.h"
#include "cohort_feed.h"
#include "cohort_json.h"
#include "cohort_store.h"
#include "cohort_webinar.h"
#include "curriculum.h"
#include "db.h"
#include "holiday.h"
#include "log.h"
#include "signup_store.h"
#include "report.h"
#include "report_fmt.h"
#include "suppress.h"
#include "token.h"
#include "tz.h"
#include "util.h"

#define IMPORT_CHUNK		(64 * 1024)
#define IMPORT_MAX		(1024L * 1024 * 1024)	/* bytes */
#define PROGRESS_FROM		5000			/* people */
#define MAX_REJECTS_SHOWN	100

/*
 * Opens the database and finds cohort name; -1 when found, else the exit
 * status (after saying why).
 */
static int
open_cohort(struct cmd_ctx *ctx, const char *name, struct db **db,
    struct cohort *c)
{
	int r;

	if ((*db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL, NULL)) == NULL)
		return EXIT_RUNTIME;
	if ((r = cohort_store_find(*db, name, c)) == 0)
		return -1;
	if (r == 1)
		log_warnx("%s: no cohort called '%s' (see 'refready cohort "
		    "list')", ctx->name, name);
	db_close(*db);
	*db = NULL;
	return r == 1 ? EXIT_USAGE : EXIT_RUNTIME;
}

/* the feed URL and its webcal:// twin */
static void
feed_urls(struct cmd_ctx *ctx, const unsigned char key[TOKEN_SECRET_LEN],
    long long id, char *url, char *webcal, size_t n)
{
	const char *base = ctx->cfg.base_url, *host = strstr(base, "://");
	char tok[TOKEN_LEN + 1];

	cohort_store_token(key, id, tok);
	snprintf(url, n, "%s/cohort/%s.ics", base, tok);
	snprintf(webcal, n, "webcal://%s/cohort/%s.ics", host ? host + 3 :
	    base, tok);
	explicit_bzero(tok, sizeof(tok));
}

/*
 * The zone is --webinar's last word: an unknown one is named with the
 * nearest known zone, one without daylight saving is warned about
 * (the webinar's time is converted once, the cohort's mail every day).
 */
static int
webinar_zone(const char *web)
{
	const char *z = strrchr(web, ' ');
	char *why;
	int bad;

	if (z == NULL || z[1] == '\0' || (why = tz_check(z + 1, &bad)) == NULL)
		return 0;
	log_warnx("cohort create: --webinar: %s%s", bad ? "" : "warning: ",
	    why);
	free(why);
	return bad ? -1 : 0;
}

/*
 * The dates of every --skip (each a date, a range or a comma list of
 * them) as one list in *out (NULL: none).  -1 with the bad one logged.
 */
static int
skip_dates(const struct cmd_ctx *ctx, char **out)
{
	struct hol_set s = { 0, NULL, 0 };
	const char *bad;
	int i;

	*out = NULL;
	for (i = 0; i < ctx->nopt; i++)
		if (strcmp(ctx->opt[i].name, "skip") == 0 &&
		    hol_add_list(&s, ctx->opt[i].value, &bad) == -1) {
			log_warnx("cohort create: bad --skip '%s' (expected "
			    "YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, comma "
			    "separated)", ctx->opt[i].value);
			hol_set_free(&s);
			return -1;
		}
	if (s.n)
		*out = hol_set_format(&s);
	hol_set_free(&s);
	return 0;
}

/* the webinar's title and links, those set, one line each */
static void
webinar_lines(const struct cohort *c, const char *prefix, const char *colon,
    int width)
{
	struct buf b;

	buf_init(&b, 64 * 1024);
	cohort_webinar_text(&b, c, prefix, colon, width);
	fputs(b.data ? b.data : "", stdout);
	buf_free(&b);
}

int
cmd_cohort_create(struct cmd_ctx *ctx)
{
	const char *name = ctx->argv[0], *web = cmd_opt(ctx, "webinar");
	const char *start = cmd_opt(ctx, "start"), *links[3];
	unsigned char key[TOKEN_SECRET_LEN];
	char zone[COHORT_ZONE_MAX], long_start[40], wtxt[96];
	struct cohort c;
	struct db *db = NULL;
	struct date wd;
	char *why = NULL;
	int minutes, rc = EXIT_USAGE, x, signup = 0;

	memset(&c, 0, sizeof(c));
	if (cmd_cohort_signup_opt(ctx, &signup) == -1)
		return EXIT_USAGE;
	if (!cohort_name_valid(name)) {
		log_warnx("cohort create: bad name '%s' (1 to %d characters, "
		    "no control characters)", name, COHORT_NAME_MAX);
		return EXIT_USAGE;
	}
	if (web == NULL) {
		log_warnx("cohort create: --webinar \"YYYY-MM-DD HH:MM ZONE\" "
		    "is required");
		return EXIT_USAGE;
	}
	if (webinar_zone(web) == -1)
		return EXIT_USAGE;
	if (cohort_parse_webinar(web, &wd, &minutes, zone) == -1) {
		log_warnx("cohort create: bad --webinar '%s' (expected "
		    "\"YYYY-MM-DD HH:MM ZONE\" with a known zone, e.g. "
		    "\"2026-11-20 12:00 America/New_York\")", web);
		return EXIT_USAGE;
	}
	c.start = cohort_default_start(wd);
	if (start && clock_parse_date(start, &c.start) == -1) {
		log_warnx("cohort create: bad --start date '%s' (expected "
		    "YYYY-MM-DD)", start);
		return EXIT_USAGE;
	}
	if (clock_date_cmp(c.start, wd) < 0) {
		log_warnx("cohort create: --start '%s' is before the webinar",
		    start);
		return EXIT_USAGE;
	}
	if (tz_local_to_utc(zone, wd, minutes, &c.webinar_at) == -1 ||
	    cmd_cohort_webinar_opts(ctx, links) == -1 ||
	    skip_dates(ctx, &c.skip_dates) == -1)
		return EXIT_USAGE;
	c.name = xstrdup(name);
	c.webinar_tz = xstrdup(zone);
	c.title = links[0] && *links[0] ? xstrdup(links[0]) : NULL;
	c.join_url = links[1] && *links[1] ? xstrdup(links[1]) : NULL;
	c.replay_url = links[2] && *links[2] ? xstrdup(links[2]) : NULL;
	if (token_secret_load(ctx->cfg.secret_file, key) == -1) {
		rc = EXIT_RUNTIME;
		goto out;
	}
	if ((db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL, NULL)) == NULL) {
		rc = EXIT_RUNTIME;
		goto out;
	}
	if ((x = cohort_store_create(db, &c, ctx->now, key, &why)) != 0) {
		if (why)
			log_warnx("cohort create: %s", why);
		rc = x == 1 ? EXIT_USAGE : EXIT_RUNTIME;
		goto out;
	}
	if (signup && signup_store_set_cohort(db, c.id, 1) == -1) {
		rc = EXIT_RUNTIME;
		goto out;
	}
	cohort_webinar_str(&c, 1, wtxt, sizeof(wtxt));
	clock_format_long(c.start, long_start);
	printf("created cohort '%s': webinar %s; plan starts %s%s%s\n", c.name,
	    wtxt, long_start, c.skip_dates ? "; skips " : "",
	    c.skip_dates ? c.skip_dates : "");
	webinar_lines(&c, "  ", "", 7);
	if (signup)
		cmd_cohort_signup_print(ctx, c.name, 1);
	rc = EXIT_OK;
out:
	explicit_bzero(key, sizeof(key));
	free(why);
	cohort_free(&c);
	db_close(db);
	return rc;
}

/* o as the API answers it (NULL: a failure, logged); closes db */
static int
print_json(json_t *o, struct db *db)
{
	db_close(db);
	if (o == NULL)
		return EXIT_RUNTIME;
	json_dumpf(o, stdout, JSON_INDENT(2));
	putchar('\n');
	json_decref(o);
	return EXIT_OK;
}

int
cmd_cohort_list(struct cmd_ctx *ctx)
{
	struct cohort *v = NULL;
	struct db *db;
	size_t n = 0, i;
	int rc = EXIT_RUNTIME;

	if ((db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL, NULL)) == NULL)
		return EXIT_RUNTIME;
	if (cmd_opt(ctx, "json"))
		return print_json(cohort_json_list(db), db);
	if (cohort_store_list(db, &v, &n) == -1)
		goto out;
	if (n)
		printf("%-20s %-34s %-10s %10s %8s %8s  %s\n", "name",
		    "webinar", "start", "registered", "attended", "enrolled",
		    "title");
	for (i = 0; i < n; i++) {
		struct cohort_counts k;
		char web[96], start[11], *name;

		if (cohort_store_counts(db, &v[i], &k) == -1)
			goto out;
		cohort_webinar_str(&v[i], 0, web, sizeof(web));
		clock_format_date(v[i].start, start);
		name = xstrdup_escaped(v[i].name);
		/* pad by characters, not bytes */
		printf("%s%*s %-34s %-10s %10ld %8ld %8ld", name,
		    utf8_len(name) < 20 ? (int)(20 - utf8_len(name)) : 0, "",
		    web, start, k.registered, k.attended, k.enrolled);
		free(name);
		/* last, so a long title runs on rather than cutting a word */
		if (v[i].title) {
			name = xstrdup_escaped(v[i].title);
			printf("  %s", name);
			free(name);
		}
		putchar('\n');
	}
	printf("%zu cohort%s\n", n, n == 1 ? "" : "s");
	rc = EXIT_OK;
out:
	cohort_store_list_free(v, n);
	db_close(db);
	return rc;
}

int
cmd_cohort_show(struct cmd_ctx *ctx)
{
	unsigned char key[TOKEN_SECRET_LEN];
	char web[96], start[40], url[320], webcal[320];
	struct cohort_counts k;
	struct cohort c, sc;
	struct db *db;
	int rc, on = 0;

	if (token_secret_load(ctx->cfg.secret_file, key) == -1)
		return EXIT_RUNTIME;
	if ((rc = open_cohort(ctx, ctx->argv[0], &db, &c)) != -1)
		goto out;
	rc = EXIT_RUNTIME;
	if (cohort_store_counts(db, &c, &k) == 0) {
		cohort_webinar_str(&c, 1, web, sizeof(web));
		clock_format_long(c.start, start);
		feed_urls(ctx, key, c.id, url, webcal, sizeof(url));
		printf("cohort:   %s\nwebinar:  %s\nplan:     starts %s\n"
		    "people:   %ld registered: %ld attended, %ld did not "
		    "attend, %ld registered late\n"
		    "enrolled: %ld\nfeed:     %s\nwebcal:   %s\n", c.name, web,
		    start, k.registered, k.attended, k.not_attended, k.late,
		    k.enrolled, url, webcal);
		webinar_lines(&c, "", ":", 9);
		rc = EXIT_OK;
		if (signup_store_cohort(db, c.name, &sc, &on) == 0) {
			cohort_free(&sc);
			cmd_cohort_signup_print(ctx, c.name, on);
		}
	}
	cohort_free(&c);
	db_close(db);
out:
	explicit_bzero(key, sizeof(key));
	return rc;
}

/* ---- import ------------------------------------------------------------ */

static void
import_progress(void *arg, size_t done, size_t total)
{
	(void)arg;
	fprintf(stderr, "\rcohort import: %zu of %zu people written ...",
	    done, total);
}

/* reads path ("-": stdin) into c; 0, or the exit status */
static int
import_read(struct cmd_ctx *ctx, const char *path, struct cohort_csv *c,
    int show)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *chunk = NULL;
	struct stat sb;
	size_t n;
	long total = 0;
	int rc = EXIT_USAGE;

	if (fp == NULL) {
		log_warn("%s: cannot open '%s'", ctx->name, path);
		return EXIT_USAGE;
	}
	if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		log_warnx("%s: '%s' is a folder, not a CSV file", ctx->name,
		    path);
		goto out;
	}
	chunk = xmalloc(IMPORT_CHUNK);
	while ((n = fread(chunk, 1, IMPORT_CHUNK, fp)) > 0) {
		total += (long)n;
		if (total > IMPORT_MAX) {
			log_warnx("%s: '%s' is over 1 GiB; nothing imported",
			    ctx->name, path);
			goto out;
		}
		if (cohort_csv_feed(c, chunk, n) == -1)
			break;
		if (show && S_ISREG(sb.st_mode) && sb.st_size > 0)
			fprintf(stderr, "\rcohort import: read %ld%% ...",
			    (long)(100.0 * total / sb.st_size));
	}
	if (show)
		fputc('\n', stderr);
	if (ferror(fp)) {
		log_warn("%s: cannot read '%s'", ctx->name, path);
		goto out;
	}
	if (c->error == NULL)
		cohort_csv_end(c);
	if (c->error) {
		log_warnx("%s: '%s': %s; nothing imported", ctx->name, path,
		    c->error);
		goto out;
	}
	rc = 0;
out:
	free(chunk);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

/* rows imported all the same: a zone cell left out, the default used */
static void
import_warnings(struct cmd_ctx *ctx, const char *path,
    const struct cohort_csv *csv)
{
	size_t i, shown;

	shown = log_verbosity() > 0 ? csv->nwarnings : MAX_REJECTS_SHOWN;
	for (i = 0; i < csv->nwarnings && i < shown; i++)
		log_warnx("%s: %s:%d: warning: %s", ctx->name, path,
		    csv->warnings[i].line, csv->warnings[i].why);
	if (csv->nwarnings > shown)
		log_warnx("%s: %zu more warnings (-v lists them all)",
		    ctx->name, csv->nwarnings - shown);
}

/*
 * Marks the people forgotten at their request, who are never imported
 * again, with a file:line warning each; how many, or -1.
 */
static long
import_forgotten(struct cmd_ctx *ctx, struct db *db, const char *path,
    struct cohort_set *set)
{
	unsigned char key[TOKEN_SECRET_LEN];
	struct suppress_entry e;
	char day[21];
	size_t i;
	long n = 0;
	int x;

	if ((x = suppress_any_forgotten(db)) != 1)
		return x;
	if (token_secret_load(ctx->cfg.secret_file, key) == -1)
		return -1;
	for (i = 0; i < set->n; i++) {
		struct cohort_person *p = &set->v[i];

		if ((x = suppress_check(db, key, p->email, &e)) == -1) {
			n = -1;
			break;
		}
		if (x == 0 || !e.forgotten)
			continue;
		p->skip = 1;
		n++;
		clock_format_rfc3339(e.since, day);
		day[10] = '\0';
		log_warnx("%s: %s:%d: '%s' skipped: forgotten at their request "
		    "on %s", ctx->name, path, p->line, p->email, day);
	}
	explicit_bzero(key, sizeof(key));
	return n;
}

int
cmd_cohort_import(struct cmd_ctx *ctx)
{
	const char *path = ctx->argv[1];
	int dry = cmd_opt(ctx, "dry-run") != NULL, rc, tty;
	long forgotten;
	struct cohort_import_counts n;
	struct cohort_csv csv;
	struct cohort c;
	struct db *db;
	struct stat sb;
	size_t i, shown;

	if ((rc = open_cohort(ctx, ctx->argv[0], &db, &c)) != -1)
		return rc;
	tty = isatty(STDERR_FILENO) && log_verbosity() >= 0;
	cohort_csv_init(&csv, c.webinar_tz);
	if ((rc = import_read(ctx, path, &csv, tty && stat(path, &sb) == 0 &&
	    sb.st_size > 4 * 1024 * 1024)) != 0)
		goto out;
	shown = log_verbosity() > 0 ? csv.nrejects : MAX_REJECTS_SHOWN;
	for (i = 0; i < csv.nrejects && i < shown; i++)
		log_warnx("%s: %s:%d: %s", ctx->name, path,
		    csv.rejects[i].line, csv.rejects[i].why);
	if (csv.nrejects > shown)
		log_warnx("%s: %zu more rows rejected (-v lists them all)",
		    ctx->name, csv.nrejects - shown);
	import_warnings(ctx, path, &csv);
	rc = EXIT_RUNTIME;
	if ((forgotten = import_forgotten(ctx, db, path, &csv.people)) == -1)
		goto out;
	if (cohort_store_import(db, c.id, &csv.people, dry, ctx->now, &n,
	    tty && csv.people.n >= PROGRESS_FROM ? import_progress : NULL,
	    NULL) == -1)
		goto out;
	if (tty && csv.people.n >= PROGRESS_FROM)
		fputc('\n', stderr);
	if (cmd_opt(ctx, "json")) {
		json_t *o = cohort_json_import(&c, &csv, &n, dry);

		json_dumpf(o, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(o);
		rc = EXIT_OK;
		goto out;
	}
	printf("%s%s: %ld row%s for %zu %s", dry ? "dry run, nothing "
	    "written: " : "", c.name, csv.rows, csv.rows == 1 ? "" : "s",
	    csv.people.n, csv.people.n == 1 ? "person" : "people");
	if (csv.skipped)
		printf(" (%ld host and panelist row%s skipped)", csv.skipped,
		    csv.skipped == 1 ? "" : "s");
	printf("; %ld added, %ld updated, %ld unchanged, %zu rejected",
	    n.added, n.updated, n.unchanged, csv.nrejects);
	if (forgotten)
		printf(", %ld forgotten (not imported)", forgotten);
	putchar('\n');
	rc = EXIT_OK;
out:
	cohort_csv_free(&csv);
	cohort_free(&c);
	db_close(db);
	return rc;
}

/* ---- enroll and feed --------------------------------------------------- */

/*
 * One line per registrant: every one in a dry run (the point of it is to
 * see who), the enrolled ones with -v.  A name comes from a CSV cell, so
 * it is printed escaped.
 */
static void
enroll_line(void *arg, const struct cohort_enroll_person *p)
{
	const int *dry = arg;
	char *name = xstrdup_escaped(p->name ? p->name : "");
	char *email = xstrdup_escaped(p->email);
	char day[11], line[640];

	switch (p->fate) {
	case COHORT_ENROLLED:
		clock_format_date(p->start, day);
		printf("  %s: %s (%s), day 1 on %s, %s\n", *dry ?
		    "would enroll" : "enrolled", email, name, day, p->tz);
		break;
	case COHORT_ALREADY:
		if (*dry)
			printf("  skip: %s (%s): already enrolled\n", email,
			    name);
		break;
	case COHORT_SUPPRESSED:
		if (*dry) {
			suppress_describe(p->supp, line, sizeof(line));
			line[strcspn(line, ";")] = '\0';
			printf("  skip: %s (%s): on the suppression list: %s\n",
			    email, name, line);
		}
		break;
	case COHORT_NOT_ATTENDED:
		if (*dry)
			printf("  skip: %s (%s): did not attend\n", email,
			    name);
		break;
	}
	free(name);
	free(email);
}

int
cmd_cohort_enroll(struct cmd_ctx *ctx)
{
	unsigned char key[TOKEN_SECRET_LEN];
	struct cohort_enroll_counts n;
	struct cohort_enroll_opts o;
	struct curriculum cur;
	struct cohort c;
	struct db *db = NULL;
	char start[40];
	size_t i;
	int rc, dry = cmd_opt(ctx, "dry-run") != NULL;

	memset(&o, 0, sizeof(o));
	o.attended_only = cmd_opt(ctx, "attended-only") != NULL;
	o.no_welcome = cmd_opt(ctx, "no-welcome") != NULL;
	o.dry_run = dry;
	if (dry || log_verbosity() > 0) {
		o.each = enroll_line;
		o.arg = &dry;
	}
	o.default_tz = ctx->cfg.schedule_tz;
	o.send_minutes = ctx->cfg.send_at_minutes;
	if (cmd_load_curriculum(ctx, &cur) == -1)
		return EXIT_USAGE;
	o.weekdays = cur.pacing == CUR_PACING_WEEKDAYS;
	cur_free(&cur);
	if (token_secret_load(ctx->cfg.secret_file, key) == -1)
		return EXIT_RUNTIME;
	if ((rc = open_cohort(ctx, ctx->argv[0], &db, &c)) != -1)
		goto out;
	rc = EXIT_RUNTIME;
	if (cohort_store_enroll(db, &c, &o, ctx->now, key, &n) == 0) {
		clock_format_long(c.start, start);
		printf("%s: %ld %s, day 1 on %s", c.name, n.enrolled, dry ?
		    "would be enrolled" : "enrolled", start);
		if (n.late)
			printf(" (%ld on their own day 1: the cohort has "
			    "started)", n.late);
		printf("; %s %ld already enrolled, %zu on the "
		    "suppression list", dry ? "would skip" : "skipped",
		    n.already, n.nsuppressed);
		if (o.attended_only)
			printf(", %ld who did not attend", n.not_attended);
		printf("%s\n", dry ? " (dry run: nothing written)" : "");
		for (i = 0; i < n.nsuppressed && !dry; i++) {
			char line[640];

			suppress_describe(&n.suppressed[i], line,
			    sizeof(line));
			/* the advice is enroll's; here only what and when */
			line[strcspn(line, ";")] = '\0';
			printf("  not enrolled: %s\n", line);
		}
		rc = EXIT_OK;
	}
	cohort_enroll_counts_free(&n);
	cohort_free(&c);
	db_close(db);
out:
	explicit_bzero(key, sizeof(key));
	return rc;
}

int
cmd_cohort_feed(struct cmd_ctx *ctx)
{
	struct curriculum cur;
	struct cohort c;
	struct db *db;
	char *ics;
	int rc;

	if (cmd_load_curriculum(ctx, &cur) == -1)
		return EXIT_USAGE;
	if ((rc = open_cohort(ctx, ctx->argv[0], &db, &c)) != -1) {
		cur_free(&cur);
		return rc;
	}
	if ((ics = cohort_feed_for(db, c.id, ctx->cfg.base_url,
	    cur.title)) == NULL)
		rc = EXIT_RUNTIME;
	else {
		fputs(ics, stdout);
		free(ics);
		rc = EXIT_OK;
	}
	cohort_free(&c);
	db_close(db);
	cur_free(&cur);
	return rc;
}

/* ---- report ------------------------------------------------------------ */

/* writes data to path through a temporary file, or to stdout */
static int
write_out(const char *path, const char *data, size_t len)
{
	char *tmp;
	FILE *fp;
	int rc = -1;

	if (path == NULL || strcmp(path, "-") == 0)
		return fwrite(data, 1, len, stdout) == len ? 0 : -1;
	tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
	if ((fp = fopen(tmp, "wx")) == NULL) {
		log_warn("cohort report: cannot write '%s'", tmp);
		free(tmp);
		return -1;
	}
	if (fwrite(data, 1, len, fp) != len || fflush(fp) == EOF ||
	    fsync(fileno(fp)) == -1) {
		log_warn("cohort report: cannot write '%s'", tmp);
		fclose(fp);
		unlink(tmp);
	} else if (fclose(fp) == EOF || rename(tmp, path) == -1) {
		log_warn("cohort report: cannot write '%s'", path);
		unlink(tmp);
	} else
		rc = 0;
	free(tmp);
	return rc;
}

int
cmd_cohort_report(struct cmd_ctx *ctx)
{
	const char *fmt = cmd_opt(ctx, "format"), *out = cmd_opt(ctx,
	    "output");
	int all = cmd_opt(ctx, "all") != NULL, rc = EXIT_RUNTIME;
	struct report *rep = NULL;
	struct cohort *v = NULL;
	enum report_format f = REPORT_TEXT;
	struct curriculum cur;
	struct db *db = NULL;
	struct buf b;
	size_t n = 0, i, built = 0;

	if (fmt && report_fmt_parse(fmt, &f) == -1) {
		log_warnx("cohort report: bad --format '%s' (text, csv, json "
		    "or html)", fmt);
		return EXIT_USAGE;
	}
	if (all == (ctx->argc == 1)) {
		log_warnx("cohort report: name one cohort or give --all");
		return EXIT_USAGE;
	}
	if (cmd_load_curriculum(ctx, &cur) == -1)
		return EXIT_USAGE;
	buf_init(&b, REPORT_MAX);
	if (all) {
		if ((db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL,
		    NULL)) == NULL || cohort_store_list(db, &v, &n) == -1)
			goto out;
	} else {
		v = xcalloc(1, sizeof(*v));
		n = 1;		/* zeroed if not found: freeing it is safe */
		if ((rc = open_cohort(ctx, ctx->argv[0], &db, v)) != -1)
			goto out;
		rc = EXIT_RUNTIME;
	}
	rep = xcalloc(n + 1, sizeof(*rep));
	for (i = 0; i < n; i++, built++)
		if (report_build(db, &cur, &v[i], ctx->now, &rep[i]) == -1) {
			built++;
			goto out;
		}
	if ((all ? report_fmt_all(&b, rep, n, f) : report_fmt_one(&b, rep,
	    f)) == -1) {
		log_warnx("cohort report: the report is over %d MiB",
		    REPORT_MAX / (1024 * 1024));
		goto out;
	}
	if (write_out(out, b.data ? b.data : "", b.len) == -1) {
		if (out == NULL)
			log_warn("cohort report: stdout");
		goto out;
	}
	rc = EXIT_OK;
out:
	for (i = 0; i < built; i++)
		report_free(&rep[i]);
	free(rep);
	cohort_store_list_free(v, n);
	buf_free(&b);
	db_close(db);
	cur_free(&cur);
	return rc;
}
