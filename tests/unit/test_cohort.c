/*
 * test_cohort.c - the pure part of cohorts: webinar times and plan
 * starts, header names, export times, row mapping, rejoin merging, and
 * the CSV reader's lines, BOM, quoting, sections and refusals.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cohort.h"
#include "cohort_csv.h"
#include "cohort_set.h"
#include "test.h"

#define NY	"America/New_York"

/* 2026-11-20T16:58:01Z: 11:58:01 in New York (EST, UTC-5) */
#define T_1158	1795193881LL

void
test_cohort_webinar(void)
{
	struct date d, s;
	char zone[COHORT_ZONE_MAX];
	int m = -1;

	CHECK_INT(cohort_parse_webinar("2026-11-20 12:00 America/New_York",
	    &d, &m, zone), 0);
	CHECK_INT(d.y * 10000 + d.m * 100 + d.d, 20261120);
	CHECK_INT(m, 720);
	CHECK_STR(zone, NY);
	CHECK_INT(cohort_parse_webinar("  2026-11-20   09:30  UTC ", &d, &m,
	    zone), 0);
	CHECK_INT(m, 570);
	CHECK_INT(cohort_parse_webinar("2026-11-20 12:00 Mars/Base", &d, &m,
	    zone), -1);
	CHECK_INT(cohort_parse_webinar("2026-11-20 12:00", &d, &m, zone), -1);
	CHECK_INT(cohort_parse_webinar("2026-11-31 12:00 UTC", &d, &m, zone),
	    -1);
	CHECK_INT(cohort_parse_webinar("2026-11-20 24:00 UTC", &d, &m, zone),
	    -1);
	CHECK_INT(cohort_parse_webinar("2026-11-20 12:00 UTC x", &d, &m,
	    zone), -1);

	/* the next Monday after: from a Friday, a Sunday and a Monday */
	d.y = 2026, d.m = 11, d.d = 20;
	s = cohort_default_start(d);
	CHECK_INT(s.y * 10000 + s.m * 100 + s.d, 20261123);
	d.d = 22;
	s = cohort_default_start(d);
	CHECK_INT(s.y * 10000 + s.m * 100 + s.d, 20261123);
	d.d = 23;
	s = cohort_default_start(d);
	CHECK_INT(s.y * 10000 + s.m * 100 + s.d, 20261130);
	d.y = 2026, d.m = 12, d.d = 30;		/* across the year */
	s = cohort_default_start(d);
	CHECK_INT(s.y * 10000 + s.m * 100 + s.d, 20270104);

	CHECK(cohort_name_valid("nov-20"));
	CHECK(cohort_name_valid("Cracking the Code \xe2\x80\x93 Nov"));
	CHECK(!cohort_name_valid(""));
	CHECK(!cohort_name_valid("   "));
	CHECK(!cohort_name_valid("two\nlines"));
	CHECK(!cohort_name_valid("bad \xff"));
}

void
test_cohort_late_join(void)
{
	struct cohort c = { .id = 1, .name = "nov-20",
	    .webinar_at = 1795194000, .webinar_tz = NY,
	    .start = { 2026, 11, 23 } };
	struct date d;

	/* before day 1's 07:00 in New York: the cohort's start */
	CHECK_INT(cohort_start_for(&c, NY, 420, 1795348800, &d), 0);
	CHECK_INT(d.y * 10000 + d.m * 100 + d.d, 20261123);
	/* 2026-11-25T15:00:00Z, 10:00 there: their own day 1 tomorrow */
	CHECK_INT(cohort_start_for(&c, NY, 420, 1795618800, &d), 0);
	CHECK_INT(d.y * 10000 + d.m * 100 + d.d, 20261126);
	/* the same instant is 00:00 on the 26th in Auckland: today 07:00 */
	CHECK_INT(cohort_start_for(&c, "Pacific/Auckland", 420, 1795618800,
	    &d), 0);
	CHECK_INT(d.y * 10000 + d.m * 100 + d.d, 20261126);
	CHECK_INT(cohort_start_for(&c, "Mars/Base", 420, 1795618800, &d), -1);
}

void
test_cohort_headers(void)
{
	CHECK_INT(cohort_header_col("Email"), COHORT_COL_EMAIL);
	CHECK_INT(cohort_header_col("Email Address"), COHORT_COL_EMAIL);
	CHECK_INT(cohort_header_col(" E-MAIL_address: "), COHORT_COL_EMAIL);
	CHECK_INT(cohort_header_col("First Name"), COHORT_COL_FIRST);
	CHECK_INT(cohort_header_col("first_name"), COHORT_COL_FIRST);
	CHECK_INT(cohort_header_col("Last Name"), COHORT_COL_LAST);
	CHECK_INT(cohort_header_col("Name"), COHORT_COL_NAME);
	CHECK_INT(cohort_header_col("User Name (Original Name)"),
	    COHORT_COL_NAME);
	CHECK_INT(cohort_header_col("Registration Time"),
	    COHORT_COL_REGISTERED);
	CHECK_INT(cohort_header_col("ATTENDED"), COHORT_COL_ATTENDED);
	CHECK_INT(cohort_header_col("Join Time"), COHORT_COL_JOIN);
	CHECK_INT(cohort_header_col("Leave  Time"), COHORT_COL_LEAVE);
	CHECK_INT(cohort_header_col("Time in Session (minutes)"),
	    COHORT_COL_MINUTES);
	CHECK_INT(cohort_header_col("Time Zone"), COHORT_COL_TZ);
	CHECK_INT(cohort_header_col("City"), -1);
	CHECK_INT(cohort_header_col("Emails"), -1);
	CHECK_INT(cohort_header_col(""), -1);
	CHECK_INT(cohort_header_col("\xef\xbb\xbf" "Email"), -1);
}

static long long
at(const char *s, const char *zone)
{
	time_t t = 0;

	return cohort_parse_time(s, zone, &t) == 0 ? (long long)t : -1;
}

void
test_cohort_times(void)
{
	CHECK_INT(at("2026-11-20T16:58:01Z", NY), T_1158);
	CHECK_INT(at("2026-11-20T11:58:01-05:00", "UTC"), T_1158);
	CHECK_INT(at("2026-11-20T11:58:01.250-0500", "UTC"), T_1158);
	CHECK_INT(at("2026-11-20 11:58:01", NY), T_1158);
	CHECK_INT(at("11/20/2026 11:58:01 AM", NY), T_1158);
	CHECK_INT(at("11/20/2026 11:58:01 am", NY), T_1158);
	CHECK_INT(at("Nov 20, 2026 11:58:01 AM", NY), T_1158);
	CHECK_INT(at("November 20, 2026 11:58:01", NY), T_1158);
	CHECK_INT(at("Nov 20, 2026 11:58 AM", NY), T_1158 - 1);
	CHECK_INT(at("11/20/2026 11:58", NY), T_1158 - 1);
	CHECK_INT(at(" 11/20/2026, 11:58 AM ", NY), T_1158 - 1);
	/* noon and midnight on the 12-hour clock */
	CHECK_INT(at("11/20/2026 12:30 PM", NY), T_1158 + 32 * 60 - 1);
	CHECK_INT(at("11/21/2026 12:05 AM", NY), T_1158 + 12 * 3600 + 7 *
	    60 - 1);
	/* summer time: 12:00 in July is 16:00 UTC */
	CHECK_INT(at("Jul 1, 2026 12:00 PM", NY), at("2026-07-01T16:00:00Z",
	    "UTC"));
	CHECK_INT(at("Sept 1, 2026 12:00 PM", "UTC"),
	    at("2026-09-01T12:00:00Z", "UTC"));
	CHECK_INT(at("2026-11-20", "UTC"), at("2026-11-20T00:00:00Z", "UTC"));
	CHECK_INT(at("11/20/2026 4:58:01 PM UTC", NY), T_1158);
	CHECK_INT(at("Nov 20, 2026 16:58:01 gmt", NY), T_1158);

	CHECK_INT(at("13/45/2026 10:00 AM", NY), -1);
	CHECK_INT(at("02/30/2026 10:00 AM", NY), -1);
	CHECK_INT(at("Nov 31, 2026 10:00 AM", NY), -1);
	CHECK_INT(at("11/20/2026 13:00 PM", NY), -1);
	CHECK_INT(at("11/20/2026 0:30 AM", NY), -1);
	CHECK_INT(at("2026-11-20T25:00:00", NY), -1);
	CHECK_INT(at("2026-11-20T10:00:00+25:00", NY), -1);
	CHECK_INT(at("11/20/26 10:00 AM", NY), -1);
	CHECK_INT(at("Nv 20, 2026 10:00 AM", NY), -1);
	CHECK_INT(at("yesterday", NY), -1);
	CHECK_INT(at("", NY), -1);
	CHECK_INT(at("2026-11-20 11:58:01 EST", NY), -1);
}

/* maps cells against a header of the same width */
static int
map(const char *const *head, const char *const *cells, size_t n,
    struct cohort_row *r, char **why)
{
	int col[COHORT_NCOLS], k;
	size_t i;

	for (k = 0; k < COHORT_NCOLS; k++)
		col[k] = -1;
	for (i = 0; i < n; i++)
		if ((k = cohort_header_col(head[i])) >= 0 && col[k] < 0)
			col[k] = (int)i;
	*why = NULL;
	return cohort_map_row(col, (char *const *)cells, n, NY, r, why);
}

void
test_cohort_rows(void)
{
	static const char *const h[] = { "Attended", "First Name",
	    "Last Name", "Email", "Registration Time", "Join Time",
	    "Leave Time", "Time in Session (minutes)", "Time Zone" };
	static const char *const name_only[] = { "Name", "Email Address" };
	struct cohort_row r;
	char *why = NULL;

	{
		const char *c[] = { "Yes", " Ann ", "Baker\r\nSmith",
		    " ann@example.org ", "11/02/2026 09:15:44 AM",
		    "Nov 20, 2026 11:58 AM", "Nov 20, 2026 12:20 PM", "22",
		    "America/Chicago" };

		CHECK_INT(map(h, c, 9, &r, &why), 0);
		CHECK_STR(r.email, "ann@example.org");
		CHECK_STR(r.name, "Ann Baker Smith");
		CHECK_STR(r.tz, "America/Chicago");
		CHECK_INT(r.attended, 1);
		CHECK_INT(r.minutes, 22);
		CHECK_INT(r.join_at, T_1158 - 1);
		CHECK_INT(r.leave_at - r.join_at, 22 * 60);
		CHECK(r.registered_at > 0);
		cohort_row_free(&r);
	}
	{
		/* no minutes column value: from join and leave; no Attended
		 * value but a join: attended */
		const char *c[] = { "", "Bo", "", "bo@example.org", "--",
		    "2026-11-20T17:00:00Z", "2026-11-20T17:44:40Z", "--",
		    "" };

		CHECK_INT(map(h, c, 9, &r, &why), 0);
		CHECK_INT(r.attended, 1);
		CHECK_INT(r.minutes, 45);
		CHECK_INT(r.registered_at, 0);
		CHECK(r.tz == NULL);
		CHECK_STR(r.name, "Bo");
		cohort_row_free(&r);
	}
	{
		/* the ways platforms write time in session */
		static const struct {
			const char	*s;
			long		 minutes;
		} mins[] = { { "58", 58 }, { "58.5", 59 }, { "1:02:40", 63 },
		    { "0:45", 45 }, { "1 hour 2 minutes", 62 },
		    { "1h 2m 30s", 63 }, { "2 Hours, 5 Mins", 125 },
		    { "90 sec", 2 } };
		size_t i;

		for (i = 0; i < sizeof(mins) / sizeof(mins[0]); i++) {
			const char *c[] = { "Yes", "", "", "m@example.org", "",
			    "", "", mins[i].s, "" };

			CHECK_INT(map(h, c, 9, &r, &why), 0);
			CHECK_INT(r.minutes, mins[i].minutes);
			cohort_row_free(&r);
		}
	}
	{
		const char *c[] = { "Dana \"D\" Fox", "dana@example.org" };

		CHECK_INT(map(name_only, c, 2, &r, &why), 0);
		CHECK_STR(r.name, "Dana \"D\" Fox");
		CHECK_INT(r.attended, -1);	/* a registration only */
		cohort_row_free(&r);
	}
	{
		const char *c[] = { "Nobody", "" };

		CHECK_INT(map(name_only, c, 2, &r, &why), -1);
		CHECK_STR(why, "no email address");
		free(why);
		/* a short row: the email column is missing altogether */
		CHECK_INT(map(name_only, c, 1, &r, &why), -1);
		CHECK_STR(why, "no email address");
		free(why);
	}
	{
		const char *c[] = { "X", "x@@example" };

		CHECK_INT(map(name_only, c, 2, &r, &why), -1);
		CHECK_STR(why, "bad email address 'x@@example'");
		free(why);
	}
	{
		const char *bad[][9] = {
		    { "Maybe", "", "", "m@example.org", "", "", "", "", "" },
		    { "Yes", "", "", "m@example.org", "soon", "", "", "",
		      "" },
		    { "Yes", "", "", "m@example.org", "",
		      "Nov 20, 2026 12:50 PM", "Nov 20, 2026 12:10 PM", "",
		      "" },
		    { "No", "", "", "m@example.org", "",
		      "Nov 20, 2026 12:50 PM", "", "", "" },
		    { "Yes", "", "", "m@example.org", "", "", "", "ten",
		      "" },
		    { "Yes", "", "", "m@example.org", "", "", "", "5 days",
		      "" },
		    { "Yes", "\xff", "", "m@example.org", "", "", "", "",
		      "" },
		};
		static const char *const whys[] = {
		    "bad Attended 'Maybe' (expected Yes or No)",
		    "bad Registration Time 'soon'",
		    "Leave Time before Join Time",
		    "Attended 'No' with a Join Time or minutes",
		    "bad Time in Session (minutes) 'ten'",
		    "bad Time in Session (minutes) '5 days'",
		    "name is not valid UTF-8",
		};
		size_t i;

		for (i = 0; i < sizeof(whys) / sizeof(whys[0]); i++) {
			CHECK_INT(map(h, bad[i], 9, &r, &why), -1);
			CHECK_STR(why, whys[i]);
			free(why);
		}
	}
	{
		/* a bad zone costs the zone, not the person */
		const char *c[] = { "Yes", "", "", "m@example.org", "", "", "",
		    "", "America/New_Yrok" };

		CHECK_INT(map(h, c, 9, &r, &why), 0);
		CHECK(r.tz == NULL);
		CHECK_STR(r.warning, "on the default zone (schedule.tz): "
		    "unknown time zone 'America/New_Yrok'; did you mean "
		    "'America/New_York'?");
		cohort_row_free(&r);
	}
}

static void
add(struct cohort_set *s, const char *email, const char *name, int att,
    time_t join, time_t leave, long minutes, time_t reg)
{
	struct cohort_row r = { (char *)email, (char *)name, NULL, reg, att,
	    join, leave, minutes, NULL };

	cohort_set_add(s, &r, 1);
}

void
test_cohort_merge(void)
{
	const struct cohort_person *p;
	struct cohort_set s;

	cohort_set_init(&s);
	add(&s, "ann@example.org", "", -1, 0, 0, -1, 2000);
	add(&s, "ANN@example.org", "Ann Baker", 1, 5000, 6320, 22, 1000);
	add(&s, "ann@Example.org", "Ann B.", 1, 6500, 8600, 35, 0);
	add(&s, "ann@example.org", "Ann Baker", 1, 5000, 6320, 22, 1000);
	add(&s, "eve@example.org", "Eve", 0, 0, 0, -1, 0);
	add(&s, "gus@example.org", "Gus", 1, 0, 0, 10, 0);
	add(&s, "gus@example.org", "Gus", 1, 0, 0, 15, 0);
	CHECK_INT(s.n, 3);
	p = cohort_set_find(&s, "Ann@Example.Org");
	CHECK(p != NULL);
	if (p) {
		CHECK_STR(p->email, "ann@example.org");	/* first seen */
		CHECK_STR(p->name, "Ann Baker");	/* first given */
		CHECK_INT(p->registered_at, 1000);	/* earliest */
		CHECK_INT(p->attended, 1);
		CHECK_INT(p->njoins, 2);		/* the repeat is one */
		CHECK_INT(p->minutes, 57);
		CHECK_INT(p->first_join, 5000);
		CHECK_INT(p->last_leave, 8600);
	}
	p = cohort_set_find(&s, "eve@example.org");
	CHECK(p && p->attended == 0 && p->njoins == 1 && p->minutes == 0);
	if (p)
		CHECK_STR(p->joins[0].key, "absent");
	/* joins without a time are told apart by their order */
	p = cohort_set_find(&s, "gus@example.org");
	CHECK(p && p->njoins == 2 && p->minutes == 25);
	if (p && p->njoins == 2) {
		CHECK_STR(p->joins[0].key, "attended-1");
		CHECK_STR(p->joins[1].key, "attended-2");
	}
	CHECK(cohort_set_find(&s, "zed@example.org") == NULL);
	cohort_set_free(&s);

	/* many people: the table grows and still finds each */
	cohort_set_init(&s);
	{
		char e[40];
		int i, found = 0;

		for (i = 0; i < 3000; i++) {
			snprintf(e, sizeof(e), "p%d@example.org", i);
			add(&s, e, "", 1, 0, 0, 1, 0);
			add(&s, e, "", 1, 0, 0, 1, 0);
		}
		for (i = 0; i < 3000; i++) {
			snprintf(e, sizeof(e), "P%d@EXAMPLE.ORG", i);
			p = cohort_set_find(&s, e);
			found += p && p->minutes == 2;
		}
		CHECK_INT(s.n, 3000);
		CHECK_INT(found, 3000);
	}
	cohort_set_free(&s);
}

/* reads text in pieces of n bytes */
static void
read_csv(struct cohort_csv *c, const char *text, size_t n)
{
	size_t len = strlen(text), off;

	cohort_csv_init(c, NY);
	for (off = 0; off < len; off += n)
		if (cohort_csv_feed(c, text + off, len - off < n ? len - off :
		    n) == -1)
			return;
	cohort_csv_end(c);
}

void
test_cohort_csv(void)
{
	static const char text[] =
	    "\xef\xbb\xbfWebinar Report\r\n"
	    "Topic,Start\r\n"
	    "Cracking the Code,\"Nov 20, 2026 11:58 AM\"\r\n"
	    "\r\n"
	    "Host Details\r\n"
	    "Attended,Name,Email\r\n"
	    "Yes,Host,host@example.org\r\n"
	    "Attendee Details\r\n"
	    "Attended,Name,Email,Join Time,Time in Session (minutes)\r\n"
	    "Yes,\"Baker,\r\nAnn\",ann@example.org,11/20/2026 12:00 PM,20\r\n"
	    "Yes,\"Say \"\"hi\"\"\",bad@,11/20/2026 12:00 PM,5\r\n"
	    ",,,,\r\n"
	    "Yes,Ann,ann@example.org,11/20/2026 12:30 PM,15\r\n"
	    "No,\"Eve\n\nNg\",eve@example.org,--,--\n"
	    "Yes,Zed,zed@example.org,someday,5";
	size_t pieces[] = { 1, 2, 3, 7, 64, sizeof(text) };
	struct cohort_csv c;
	size_t i;

	/* the same result however the bytes are split */
	for (i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
		const struct cohort_person *p;

		read_csv(&c, text, pieces[i]);
		CHECK(c.error == NULL);
		CHECK_INT(c.header_line, 9);
		CHECK_INT(c.skipped, 1);
		CHECK_INT(c.rows, 5);
		CHECK_INT(c.people.n, 2);
		CHECK_INT(c.nrejects, 2);
		if (c.nrejects == 2) {
			CHECK_INT(c.rejects[0].line, 12);
			CHECK_STR(c.rejects[0].why, "bad email address 'bad@'");
			CHECK_INT(c.rejects[1].line, 18);
			CHECK_STR(c.rejects[1].why, "bad Join Time 'someday'");
		}
		p = cohort_set_find(&c.people, "ann@example.org");
		CHECK(p && p->minutes == 35 && p->line == 10);
		if (p)
			CHECK_STR(p->name, "Baker, Ann");
		p = cohort_set_find(&c.people, "eve@example.org");
		CHECK(p && p->attended == 0 && p->line == 15);
		CHECK(cohort_set_find(&c.people, "host@example.org") == NULL);
		cohort_csv_free(&c);
	}

	/* refused: binary, or no email column */
	read_csv(&c, "\x89PNG\r\n\x1a\n", 64);
	CHECK(c.error && strstr(c.error, "no Email") != NULL);
	cohort_csv_free(&c);
	cohort_csv_init(&c, NY);
	CHECK_INT(cohort_csv_feed(&c, "Email\nx@example.org\n\0\0", 23), -1);
	CHECK(c.error && strstr(c.error, "NUL byte) on line 3") != NULL);
	cohort_csv_free(&c);
	for (i = 1; i < 3; i++) {
		size_t k;

		cohort_csv_init(&c, NY);
		for (k = 0; k < 8; k += i)
			cohort_csv_feed(&c, "\xff\xfe" "E\0m\0a\0" + k, i);
		CHECK(c.error && strstr(c.error, "UTF-16") != NULL);
		cohort_csv_free(&c);
	}
	read_csv(&c, "a,b,c\n1,2,3\n", 64);
	CHECK(c.error && strstr(c.error, "no Email") != NULL);
	CHECK_INT(c.people.n, 0);
	cohort_csv_free(&c);
	read_csv(&c, "Name;Email Address\nA;a@example.org\n", 64);
	CHECK(c.error && strstr(c.error, "separated by semicolons") != NULL);
	cohort_csv_free(&c);
	read_csv(&c, "", 64);
	CHECK(c.error != NULL);
	cohort_csv_free(&c);

	/* a quote never closed swallows the rest: that row is rejected */
	read_csv(&c, "Email,Name\na@example.org,A\nb@example.org,\"B\n"
	    "c@example.org,C\n", 5);
	CHECK(c.error == NULL);
	CHECK_INT(c.people.n, 1);
	CHECK_INT(c.nrejects, 1);
	if (c.nrejects == 1) {
		CHECK_INT(c.rejects[0].line, 3);
		CHECK(strstr(c.rejects[0].why, "never closed") != NULL);
		CHECK(strstr(c.rejects[0].why, "lines 3 to 4") != NULL);
	}
	cohort_csv_free(&c);

	/* old Mac line ends, a lone CR, count as lines too */
	for (i = 1; i < 40; i += 13) {
		read_csv(&c, "Email,Name\rx@example.org,X\r\rbad,\"Y\rZ\"\r"
		    "no@,W\r\ny@example.org,V", i);
		CHECK(c.error == NULL);
		CHECK_INT(c.people.n, 2);
		CHECK_INT(c.nrejects, 2);
		if (c.nrejects == 2) {
			CHECK_INT(c.rejects[0].line, 4);
			CHECK_INT(c.rejects[1].line, 6);
		}
		cohort_csv_free(&c);
	}

	/* a BOM that is not one: its bytes are data (and not UTF-8) */
	read_csv(&c, "\xef\xbbName,Email\nA,a@example.org\n", 1);
	CHECK(c.error == NULL);
	CHECK_INT(c.people.n, 1);
	cohort_csv_free(&c);
}

/*
 * A header only at the top of the file or of a section: cells that look
 * like column names in the middle of the rows are data.
 */
void
test_cohort_csv_sections(void)
{
	static const char text[] =
	    "Registration Report\r\n"
	    "Topic,Start\r\n"
	    "\r\n"
	    "First Name,Last Name,Email\r\n"
	    "Ann,Baker,ann@example.org\r\n"
	    "Email,Smith,email@example.org\r\n"	/* a person */
	    "Email,Name,\r\n"			/* no address: rejected */
	    "Carl,Diaz,carl@example.org\r\n"
	    " \r\n"
	    "Email,Name\r\n"			/* a blank line: a header */
	    "dana@example.org,Dana\r\n"
	    ",,\r\n"
	    "Email,Name,Time Zone\r\n"		/* a blank row: a header */
	    "eve@example.org,Eve,Europe/Berlin\r\n"
	    "\r\n"
	    "fay@example.org,Email\r\n"		/* an address: a person */
	    "gus@example.org,Gus\r\n";
	size_t pieces[] = { 1, 2, 5, sizeof(text) };
	const struct cohort_person *p;
	struct cohort_csv c;
	size_t i;

	for (i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
		read_csv(&c, text, pieces[i]);
		CHECK(c.error == NULL);
		CHECK_INT(c.header_line, 13);
		CHECK_INT(c.rows, 8);
		CHECK_INT(c.people.n, 7);
		CHECK_INT(c.nrejects, 1);
		if (c.nrejects == 1) {
			CHECK_INT(c.rejects[0].line, 7);
			CHECK_STR(c.rejects[0].why, "no email address");
		}
		p = cohort_set_find(&c.people, "email@example.org");
		CHECK(p && p->line == 6);
		if (p)
			CHECK_STR(p->name, "Email Smith");
		CHECK(cohort_set_find(&c.people, "carl@example.org") != NULL);
		p = cohort_set_find(&c.people, "dana@example.org");
		if (p)
			CHECK_STR(p->name, "Dana");
		p = cohort_set_find(&c.people, "eve@example.org");
		CHECK(p && p->tz && strcmp(p->tz, "Europe/Berlin") == 0);
		p = cohort_set_find(&c.people, "fay@example.org");
		CHECK(p && p->line == 16);
		if (p)
			CHECK_STR(p->name, "Email");
		CHECK(cohort_set_find(&c.people, "gus@example.org") != NULL);
		cohort_csv_free(&c);
	}
}
