/*
 * cohort.c - webinar cohorts, the pure part (see cohort.h): webinar times,
 * plan starts, header names, export times, row mapping and the merging of
 * several rows (several joins) into one person.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cohort.h"
#include "enrollment.h"
#include "tz.h"
#include "util.h"

void
cohort_free(struct cohort *c)
{
	free(c->name);
	free(c->webinar_tz);
	free(c->skip_dates);
	free(c->title);
	free(c->join_url);
	free(c->replay_url);
	memset(c, 0, sizeof(*c));
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void
cohort_copy(struct cohort *dst, const struct cohort *src)
{
	*dst = *src;
	dst->name = dup_or_null(src->name);
	dst->webinar_tz = dup_or_null(src->webinar_tz);
	dst->skip_dates = dup_or_null(src->skip_dates);
	dst->title = dup_or_null(src->title);
	dst->join_url = dup_or_null(src->join_url);
	dst->replay_url = dup_or_null(src->replay_url);
}

int
cohort_name_valid(const char *s)
{
	const char *p;
	int printable = 0;

	if (s == NULL || *s == '\0' || !utf8_valid(s, strlen(s), NULL) ||
	    utf8_len(s) > COHORT_NAME_MAX)
		return 0;
	for (p = s; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
		if (*p != ' ')
			printable = 1;
	}
	return printable;
}

/* between min and max digits at *p into *v; advances *p */
static int
num(const char **p, int min, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (n < max && isdigit((unsigned char)(*p)[n])) {
		*v = *v * 10 + ((*p)[n] - '0');
		n++;
	}
	if (n < min)
		return -1;
	*p += n;
	return 0;
}

static void
spaces(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

static int
date_ok(struct date d)
{
	struct date r;

	if (d.y < 1970 || d.y > 9999 || d.m < 1 || d.m > 12 || d.d < 1 ||
	    d.d > 31)
		return 0;
	r = clock_days_to_date(clock_date_to_days(d));
	return r.y == d.y && r.m == d.m && r.d == d.d;
}

int
cohort_parse_webinar(const char *s, struct date *d, int *minutes,
    char zone[COHORT_ZONE_MAX])
{
	const char *p = s;
	char ds[11], hm[6];
	size_t n;

	spaces(&p);
	if (strlen(p) < 10)
		return -1;
	memcpy(ds, p, 10);
	ds[10] = '\0';
	p += 10;
	if (*p != ' ' && *p != '\t')
		return -1;
	spaces(&p);
	if (strlen(p) < 5)
		return -1;
	memcpy(hm, p, 5);
	hm[5] = '\0';
	p += 5;
	if (*p != ' ' && *p != '\t')
		return -1;
	spaces(&p);
	n = strcspn(p, " \t");
	if (n == 0 || n >= COHORT_ZONE_MAX)
		return -1;
	memcpy(zone, p, n);
	zone[n] = '\0';
	p += n;
	spaces(&p);
	if (*p != '\0' || clock_parse_date(ds, d) == -1 ||
	    clock_parse_hhmm(hm, minutes) == -1 || !tz_known(zone))
		return -1;
	return 0;
}

void
cohort_webinar_local(const struct cohort *c, struct date *d, int *minutes)
{
	long long local;
	long days;
	int off = 0;

	tz_offset(c->webinar_tz, c->webinar_at, &off);
	local = (long long)c->webinar_at + off;
	days = (long)(local >= 0 ? local / 86400 : (local - 86399) / 86400);
	*d = clock_days_to_date(days);
	*minutes = (int)((local - (long long)days * 86400) / 60);
}

void
cohort_webinar_str(const struct cohort *c, int long_form, char *out,
    size_t n)
{
	char day[40];
	struct date d;
	int m;

	cohort_webinar_local(c, &d, &m);
	if (long_form)
		clock_format_long(d, day);
	else
		clock_format_date(d, day);
	snprintf(out, n, "%s%s %02d:%02d %s", day, long_form ? "," : "",
	    m / 60 % 24, m % 60, c->webinar_tz);
}

struct date
cohort_default_start(struct date d)
{
	/* days to the next Monday: 1 from a Sunday, 7 from a Monday */
	int wd = clock_weekday(d);

	return clock_days_to_date(clock_date_to_days(d) + (wd == 0 ? 1 :
	    8 - wd));
}

int
cohort_start_for(const struct cohort *c, const char *zone, int send_minutes,
    time_t now, struct date *out)
{
	time_t due;

	if (tz_local_to_utc(zone, c->start, send_minutes, &due) == -1)
		return -1;
	if (due > now) {
		*out = c->start;
		return 0;
	}
	return enrollment_first_date(zone, send_minutes, now, out);
}

/* ---- header names ------------------------------------------------------ */

static const struct {
	const char	*norm;		/* lower case letters and digits */
	enum cohort_col	 col;
} header_names[] = {
	{ "email", COHORT_COL_EMAIL },
	{ "emailaddress", COHORT_COL_EMAIL },
	{ "useremail", COHORT_COL_EMAIL },
	{ "attendeeemail", COHORT_COL_EMAIL },
	{ "registrantemail", COHORT_COL_EMAIL },
	{ "firstname", COHORT_COL_FIRST },
	{ "givenname", COHORT_COL_FIRST },
	{ "lastname", COHORT_COL_LAST },
	{ "surname", COHORT_COL_LAST },
	{ "familyname", COHORT_COL_LAST },
	{ "name", COHORT_COL_NAME },
	{ "fullname", COHORT_COL_NAME },
	{ "username", COHORT_COL_NAME },
	{ "usernameoriginalname", COHORT_COL_NAME },
	{ "attendeename", COHORT_COL_NAME },
	{ "registrantname", COHORT_COL_NAME },
	{ "displayname", COHORT_COL_NAME },
	{ "registrationtime", COHORT_COL_REGISTERED },
	{ "registrationdate", COHORT_COL_REGISTERED },
	{ "registrationdatetime", COHORT_COL_REGISTERED },
	{ "registeredat", COHORT_COL_REGISTERED },
	{ "registeredon", COHORT_COL_REGISTERED },
	{ "attended", COHORT_COL_ATTENDED },
	{ "jointime", COHORT_COL_JOIN },
	{ "joinedat", COHORT_COL_JOIN },
	{ "leavetime", COHORT_COL_LEAVE },
	{ "lefttime", COHORT_COL_LEAVE },
	{ "leftat", COHORT_COL_LEAVE },
	{ "timeinsessionminutes", COHORT_COL_MINUTES },
	{ "timeinsession", COHORT_COL_MINUTES },
	{ "durationminutes", COHORT_COL_MINUTES },
	{ "duration", COHORT_COL_MINUTES },
	{ "minutes", COHORT_COL_MINUTES },
	{ "attendancedurationminutes", COHORT_COL_MINUTES },
	{ "attendanceduration", COHORT_COL_MINUTES },
	{ "durationmins", COHORT_COL_MINUTES },
	{ "timeinsessionmins", COHORT_COL_MINUTES },
	{ "insessionduration", COHORT_COL_MINUTES },
	{ "timezone", COHORT_COL_TZ },
	{ "tz", COHORT_COL_TZ },
};

const char *
cohort_col_name(enum cohort_col c)
{
	static const char *const names[COHORT_NCOLS] = { "Email",
	    "First Name", "Last Name", "Name", "Registration Time",
	    "Attended", "Join Time", "Leave Time",
	    "Time in Session (minutes)", "Time Zone" };

	return c < COHORT_NCOLS ? names[c] : "?";
}

int
cohort_header_col(const char *cell)
{
	char norm[48];
	size_t i, n = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)cell; *p; p++) {
		if (!isalnum(*p) && *p < 0x80)
			continue;	/* spaces and punctuation */
		if (n + 1 >= sizeof(norm))
			return -1;
		norm[n++] = (char)tolower(*p);
	}
	norm[n] = '\0';
	for (i = 0; i < sizeof(header_names) / sizeof(header_names[0]); i++)
		if (strcmp(norm, header_names[i].norm) == 0)
			return (int)header_names[i].col;
	return -1;
}

/* ---- times ------------------------------------------------------------- */

static int
month_name(const char **p)
{
	static const char *const months[] = { "january", "february", "march",
	    "april", "may", "june", "july", "august", "september", "october",
	    "november", "december" };
	size_t n = 0, i;

	while (isalpha((unsigned char)(*p)[n]))
		n++;
	if (n < 3)
		return -1;
	for (i = 0; i < 12; i++)
		/* "Nov", "November", and "Sept" */
		if (n <= strlen(months[i]) && strncasecmp(*p, months[i], n) ==
		    0 && (n == 3 || n == strlen(months[i]) || (i == 8 &&
		    n == 4))) {
			*p += n;
			if (**p == '.')
				(*p)++;
			return (int)i + 1;
		}
	return -1;
}

/* "HH:MM[:SS][.frac][ AM|PM]" at *p */
static int
clock_part(const char **p, int *h, int *m, int *s)
{
	const char *q;
	int ampm = 0;

	*s = 0;
	if (num(p, 1, 2, h) == -1 || **p != ':')
		return -1;
	(*p)++;
	if (num(p, 2, 2, m) == -1)
		return -1;
	if (**p == ':') {
		(*p)++;
		if (num(p, 2, 2, s) == -1)
			return -1;
		if (**p == '.' && isdigit((unsigned char)(*p)[1]))
			for ((*p)++; isdigit((unsigned char)**p); (*p)++)
				;
	}
	q = *p;
	spaces(&q);
	if ((q[0] == 'A' || q[0] == 'a' || q[0] == 'P' || q[0] == 'p') &&
	    (q[1] == 'M' || q[1] == 'm') && !isalpha((unsigned char)q[2])) {
		ampm = q[0] == 'P' || q[0] == 'p' ? 2 : 1;
		*p = q + 2;
	}
	if (ampm) {
		if (*h < 1 || *h > 12)
			return -1;
		*h = *h % 12 + (ampm == 2 ? 12 : 0);
	}
	if (*h > 23 || *m > 59 || *s > 60)
		return -1;
	return 0;
}

/* "Z", "+05:00", "-0500", "+05" at *p into seconds east; 1 if present */
static int
offset_part(const char **p, int *off)
{
	int h, m = 0, sign;

	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		*off = 0;
		return 1;
	}
	if (**p != '+' && **p != '-')
		return 0;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (num(p, 2, 2, &h) == -1)
		return -1;
	if (**p == ':')
		(*p)++;
	if (isdigit((unsigned char)**p) && num(p, 2, 2, &m) == -1)
		return -1;
	if (h > 23 || m > 59)
		return -1;
	*off = sign * (h * 3600 + m * 60);
	return 1;
}

int
cohort_parse_time(const char *s, const char *zone, time_t *out)
{
	const char *p = s;
	struct date d;
	int h = 0, m = 0, sec = 0, off = 0, has_off = 0;
	time_t t;

	spaces(&p);
	if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
	    isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
	    p[4] == '-') {
		/* ISO 8601: 2026-11-20T11:58:01Z */
		if (num(&p, 4, 4, &d.y) || *p++ != '-' ||
		    num(&p, 2, 2, &d.m) || *p++ != '-' || num(&p, 2, 2, &d.d))
			return -1;
		if (*p == 'T' || *p == 't' || *p == ' ') {
			p++;
			spaces(&p);
			if (clock_part(&p, &h, &m, &sec) == -1)
				return -1;
			if ((has_off = offset_part(&p, &off)) == -1)
				return -1;
		}
	} else if (isdigit((unsigned char)*p)) {
		/* US: 11/20/2026 11:58:01 AM */
		if (num(&p, 1, 2, &d.m) || *p++ != '/' ||
		    num(&p, 1, 2, &d.d) || *p++ != '/' || num(&p, 4, 4, &d.y))
			return -1;
		if (*p == ',')
			p++;
		spaces(&p);
		if (*p && clock_part(&p, &h, &m, &sec) == -1)
			return -1;
	} else {
		/* Nov 20, 2026 11:58 AM */
		if ((d.m = month_name(&p)) == -1)
			return -1;
		spaces(&p);
		if (num(&p, 1, 2, &d.d) == -1)
			return -1;
		if (*p == ',')
			p++;
		spaces(&p);
		if (num(&p, 4, 4, &d.y) == -1)
			return -1;
		if (*p == ',')
			p++;
		spaces(&p);
		if (*p && clock_part(&p, &h, &m, &sec) == -1)
			return -1;
	}
	spaces(&p);
	/* "... 11:58 AM UTC" */
	if (!has_off && (strcasecmp(p, "UTC") == 0 || strcasecmp(p, "GMT") ==
	    0)) {
		has_off = 1;
		p += 3;
	}
	if (*p != '\0' || !date_ok(d))
		return -1;
	if (has_off)
		t = (time_t)((long long)clock_date_to_days(d) * 86400 +
		    h * 3600 + m * 60 + sec - off);
	else {
		if (tz_local_to_utc(zone, d, h * 60 + m, &t) == -1)
			return -1;
		t += sec;
	}
	if (t <= 0)
		return -1;
	*out = t;
	return 0;
}

/* ---- rows -------------------------------------------------------------- */

/* the cell of column c, trimmed, as a new string ("" if none) */
static char *
cell(const int col[COHORT_NCOLS], char *const *cells, size_t ncells,
    enum cohort_col c)
{
	const char *s, *e;

	if (col[c] < 0 || (size_t)col[c] >= ncells || cells[col[c]] == NULL)
		return xstrdup("");
	s = cells[col[c]];
	while (*s && isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	return xstrndup(s, (size_t)(e - s));
}

/* what platforms write for "no value" */
static int
blank(const char *s)
{
	return *s == '\0' || strcmp(s, "--") == 0 || strcmp(s, "-") == 0 ||
	    strcasecmp(s, "n/a") == 0;
}

/* control characters and runs of spaces to one space, trimmed */
static char *
one_line(const char *s)
{
	char *o = xmalloc(strlen(s) + 1), *q = o;
	int sp = 0;

	for (; *s; s++) {
		if ((unsigned char)*s <= ' ' || *s == 0x7f) {
			sp = q > o;
			continue;
		}
		if (sp)
			*q++ = ' ';
		sp = 0;
		*q++ = *s;
	}
	*q = '\0';
	return o;
}

static int
time_cell(const int col[COHORT_NCOLS], char *const *cells, size_t ncells,
    enum cohort_col c, const char *zone, time_t *out, char **why)
{
	char *v = cell(col, cells, ncells, c);
	int rc = 0;

	*out = 0;
	if (!blank(v) && cohort_parse_time(v, zone, out) == -1) {
		*why = xasprintf("bad %s '%s'", cohort_col_name(c), v);
		rc = -1;
	}
	free(v);
	return rc;
}

static int
attended_cell(const char *v, int *out)
{
	static const char *const yes[] = { "yes", "y", "true", "1" };
	static const char *const no[] = { "no", "n", "false", "0" };
	size_t i;

	*out = -1;
	if (blank(v))
		return 0;
	for (i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/* "58" or "58.5" at *p; advances */
static int
decimal(const char **p, double *v)
{
	double scale = 0.1;

	if (!isdigit((unsigned char)**p))
		return -1;
	for (*v = 0; isdigit((unsigned char)**p); (*p)++)
		if ((*v = *v * 10 + (**p - '0')) > 1e9)
			return -1;
	if (**p == '.' && isdigit((unsigned char)(*p)[1]))
		for ((*p)++; isdigit((unsigned char)**p); (*p)++, scale /= 10)
			*v += (**p - '0') * scale;
	return 0;
}

/* minutes in one unit named by word[0..n), or -1 */
static double
unit_of(const char *word, size_t n)
{
	static const struct {
		const char	*name;
		double		 minutes;
	} units[] = {
		{ "h", 60 }, { "hr", 60 }, { "hrs", 60 }, { "hour", 60 },
		{ "hours", 60 }, { "m", 1 }, { "min", 1 }, { "mins", 1 },
		{ "minute", 1 }, { "minutes", 1 }, { "s", 1 / 60.0 },
		{ "sec", 1 / 60.0 }, { "secs", 1 / 60.0 },
		{ "second", 1 / 60.0 }, { "seconds", 1 / 60.0 },
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strlen(units[i].name) == n &&
		    strncasecmp(word, units[i].name, n) == 0)
			return units[i].minutes;
	return -1;
}

/*
 * Time in session, rounded to whole minutes: "58", "58.5", "1:02:03"
 * (hours, minutes, seconds), "1 hour 2 minutes", "1h 2m 30s".
 */
static int
minutes_cell(const char *v, long *out)
{
	const char *p = v;
	double total = 0, x, unit;
	int h, m, sec = 0;
	size_t n;

	*out = -1;
	if (blank(v))
		return 0;
	if (strchr(v, ':')) {
		if (num(&p, 1, 4, &h) || *p++ != ':' || num(&p, 2, 2, &m) ||
		    m > 59)
			return -1;
		if (*p == ':' && (p++, num(&p, 2, 2, &sec) || sec > 59))
			return -1;
		if (*p)
			return -1;
		total = h * 60 + m + sec / 60.0;
	} else {
		if (decimal(&p, &x) == -1)
			return -1;
		spaces(&p);
		if (*p == '\0')
			total = x;	/* a plain number is minutes */
		while (*p) {
			for (n = 0; isalpha((unsigned char)p[n]); n++)
				;
			if ((unit = unit_of(p, n)) < 0)
				return -1;
			total += x * unit;
			p += n;
			spaces(&p);
			if (*p == ',')
				p++;
			spaces(&p);
			if (*p == '\0')
				break;
			if (decimal(&p, &x) == -1)
				return -1;
			spaces(&p);
		}
	}
	if (total > COHORT_MAX_MINUTES)
		return -1;
	*out = (long)(total + 0.5);
	return 0;
}

static char *
name_of(const int col[COHORT_NCOLS], char *const *cells, size_t ncells)
{
	char *first = cell(col, cells, ncells, COHORT_COL_FIRST);
	char *last = cell(col, cells, ncells, COHORT_COL_LAST);
	char *full, *flat;

	if (*first || *last)
		full = xasprintf("%s %s", first, last);
	else
		full = cell(col, cells, ncells, COHORT_COL_NAME);
	flat = one_line(full);
	free(first);
	free(last);
	free(full);
	return flat;
}

int
cohort_map_row(const int col[COHORT_NCOLS], char *const *cells,
    size_t ncells, const char *zone, struct cohort_row *r, char **why)
{
	char *v = NULL;

	memset(r, 0, sizeof(*r));
	r->attended = -1;
	r->minutes = -1;
	*why = NULL;
	r->email = cell(col, cells, ncells, COHORT_COL_EMAIL);
	if (*r->email == '\0') {
		*why = xstrdup("no email address");
		goto bad;
	}
	if (!enrollment_email_valid(r->email)) {
		*why = xasprintf("bad email address '%s'", r->email);
		goto bad;
	}
	r->name = name_of(col, cells, ncells);
	if (!utf8_valid(r->name, strlen(r->name), NULL)) {
		*why = xstrdup("name is not valid UTF-8");
		goto bad;
	}
	if (utf8_len(r->name) > COHORT_PERSON_NAME_MAX) {
		*why = xasprintf("name over %d characters",
		    COHORT_PERSON_NAME_MAX);
		goto bad;
	}
	v = cell(col, cells, ncells, COHORT_COL_TZ);
	if (!blank(v)) {
		int unknown;

		/*
		 * A person is worth more than their zone cell: a bad one
		 * is warned about and left out, so the default applies.
		 */
		if ((r->warning = tz_check(v, &unknown)) != NULL && unknown) {
			char *w = xasprintf("on the default zone "
			    "(schedule.tz): %s", r->warning);

			free(r->warning);
			r->warning = w;
		} else {
			r->tz = v;
			v = NULL;
		}
	}
	free(v);
	v = NULL;
	if (time_cell(col, cells, ncells, COHORT_COL_REGISTERED, zone,
	    &r->registered_at, why) == -1 ||
	    time_cell(col, cells, ncells, COHORT_COL_JOIN, zone, &r->join_at,
	    why) == -1 ||
	    time_cell(col, cells, ncells, COHORT_COL_LEAVE, zone, &r->leave_at,
	    why) == -1)
		goto bad;
	v = cell(col, cells, ncells, COHORT_COL_ATTENDED);
	if (attended_cell(v, &r->attended) == -1) {
		*why = xasprintf("bad Attended '%s' (expected Yes or No)", v);
		goto bad;
	}
	free(v);
	v = cell(col, cells, ncells, COHORT_COL_MINUTES);
	if (minutes_cell(v, &r->minutes) == -1) {
		*why = xasprintf("bad %s '%s'", cohort_col_name(
		    COHORT_COL_MINUTES), v);
		goto bad;
	}
	free(v);
	v = NULL;
	if (r->join_at && r->leave_at && r->leave_at < r->join_at) {
		*why = xstrdup("Leave Time before Join Time");
		goto bad;
	}
	if (r->attended == 0 && (r->join_at || r->minutes > 0)) {
		*why = xstrdup("Attended 'No' with a Join Time or minutes");
		goto bad;
	}
	if (r->attended == -1 && (r->join_at || r->minutes > 0))
		r->attended = 1;
	if (r->minutes == -1 && r->join_at && r->leave_at)
		r->minutes = (long)((r->leave_at - r->join_at + 30) / 60);
	return 0;
bad:
	free(v);
	cohort_row_free(r);
	return -1;
}

void
cohort_row_free(struct cohort_row *r)
{
	free(r->email);
	free(r->name);
	free(r->tz);
	free(r->warning);
	memset(r, 0, sizeof(*r));
}
