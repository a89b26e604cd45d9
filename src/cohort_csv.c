/*
 * cohort_csv.c - a webinar export's bytes to people (see cohort_csv.h).
 *
 * libcsv does the quoting; it does not count lines.  So the input is
 * handed to it one physical line at a time: whatever callback fires while
 * line N is being parsed knows it is on line N, and a row's line is the
 * first non-blank line after the previous row ended.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "cohort_csv.h"
#include "log.h"
#include "util.h"

/*
 * libcsv's parser states (libcsv.c); the struct is public, the values are
 * not.  FIELD_BEGUN with quoted set at the end of the input is an opening
 * quote that was never closed.
 */
#define LIBCSV_FIELD_BEGUN	2

/* a field bigger than this is not a webinar export */
#define MAX_BUFFER	(1024 * 1024)

struct cohort_csv_state {
	struct csv_parser	 p;
	int			 bom;		/* BOM bytes matched */
	int			 bom_done;
	int			 start_pending;	/* next non-blank line starts */
	int			 line_begun;	/* bytes of this line were fed */
	int			 line_blank;	/* between rows, only spaces */
	int			 header_ok;	/* a header row may come next */
	int			 row_line;
	int			 eof_unterminated;
	int			 ended_nl;	/* the input ended a line */
	int			 pending_cr;	/* a CR ended the last chunk */
	unsigned char		 head[2];	/* the first two bytes */
	char			 other_sep;	/* an "Email" header used it */
	size_t			 nhead;
	int			 skip_section;	/* hosts and panelists */
	char			*cells[COHORT_CSV_MAX_FIELDS];
	size_t			 ncells;
	int			 too_many;
	int			 too_long;
};

static const unsigned char bom[3] = { 0xef, 0xbb, 0xbf };

void
cohort_csv_init(struct cohort_csv *c, const char *zone)
{
	int i;

	memset(c, 0, sizeof(*c));
	c->zone = zone;
	cohort_set_init(&c->people);
	for (i = 0; i < COHORT_NCOLS; i++)
		c->col[i] = -1;
	c->lines = 1;
	c->st = xcalloc(1, sizeof(*c->st));
	c->st->start_pending = 1;
	c->st->header_ok = 1;
	c->st->row_line = 1;
	if (csv_init(&c->st->p, CSV_APPEND_NULL) != 0)
		fatalx("csv_init");
}

static void
note(struct cohort_reject **v, size_t *n, int line, char *why)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[*n].line = line;
	(*v)[*n].why = why;
	(*n)++;
}

static void
reject(struct cohort_csv *c, int line, char *why)
{
	note(&c->rejects, &c->nrejects, line, why);
}

static void
on_field(void *s, size_t len, void *arg)
{
	struct cohort_csv *c = arg;
	struct cohort_csv_state *st = c->st;

	if (st->ncells == COHORT_CSV_MAX_FIELDS) {
		st->too_many = 1;
		return;
	}
	if (len > COHORT_CSV_MAX_FIELD) {
		st->too_long = 1;
		len = 0;
	}
	st->cells[st->ncells++] = s ? xstrndup(s, len) : xstrdup("");
}

static int
is_blank_cell(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

/*
 * A header row names an email column and holds no address: a data row
 * always has one, so a registrant called "Email" that lands where a header
 * may be (after a blank row) is still read as a person.  Fills c->col.
 */
static int
header(struct cohort_csv *c, int line)
{
	struct cohort_csv_state *st = c->st;
	int col[COHORT_NCOLS], i, k;
	size_t j;

	for (j = 0; j < st->ncells; j++)
		if (strchr(st->cells[j], '@') != NULL)
			return 0;
	for (i = 0; i < COHORT_NCOLS; i++)
		col[i] = -1;
	for (j = 0; j < st->ncells; j++)
		if ((k = cohort_header_col(st->cells[j])) >= 0 && col[k] < 0)
			col[k] = (int)j;
	if (col[COHORT_COL_EMAIL] < 0) {
		/* "Email;Name": exported with another separator */
		for (j = 0; j < st->ncells && !st->other_sep; j++)
			if (strcasestr(st->cells[j], "email"))
				st->other_sep = strchr(st->cells[j], ';') ? ';' :
				    strchr(st->cells[j], '\t') ? '\t' : 0;
		return 0;
	}
	memcpy(c->col, col, sizeof(col));
	c->header_line = line;
	return 1;
}

static void
row(struct cohort_csv *c, int line)
{
	struct cohort_csv_state *st = c->st;
	struct cohort_row r;
	size_t j, filled = 0, last = 0;
	char *why;

	for (j = 0; j < st->ncells; j++)
		if (!is_blank_cell(st->cells[j])) {
			filled++;
			last = j;
		}
	if (filled == 0 && !st->eof_unterminated) {
		st->header_ok = 1;	/* ",,,,": a blank row ends a section */
		return;
	}
	/*
	 * A header only starts the file or a section: in the middle of the
	 * rows, cells that look like column names are a person's data, and
	 * taking them for a header would remap every row after them.
	 */
	if ((c->header_line == 0 || st->header_ok) && header(c, line)) {
		st->header_ok = 0;
		return;
	}
	/* "Attendee Details", "Host Details": a section title */
	if (filled == 1 && strchr(st->cells[last], '@') == NULL) {
		st->skip_section = strcasestr(st->cells[last], "host") ||
		    strcasestr(st->cells[last], "panelist");
		st->header_ok = 1;
		return;
	}
	if (c->header_line == 0)
		return;		/* the preamble */
	st->header_ok = 0;
	if (st->skip_section) {
		c->skipped++;
		return;
	}
	c->rows++;
	if (st->eof_unterminated) {
		reject(c, line, xasprintf("a quoted field is never closed "
		    "(lines %d to %d, the end of the file, were not read)",
		    line, c->lines - st->ended_nl));
		return;
	}
	if (st->too_many || st->too_long) {
		reject(c, line, xasprintf("%s", st->too_many ? "more than "
		    "256 fields" : "a field over 64 KiB"));
		return;
	}
	if (cohort_map_row(c->col, st->cells, st->ncells, c->zone, &r,
	    &why) == -1) {
		reject(c, line, why);
		return;
	}
	if (r.warning) {
		note(&c->warnings, &c->nwarnings, line, r.warning);
		r.warning = NULL;
	}
	cohort_set_add(&c->people, &r, line);
	cohort_row_free(&r);
}

static void
on_row(int ch, void *arg)
{
	struct cohort_csv *c = arg;
	struct cohort_csv_state *st = c->st;
	size_t j;

	(void)ch;
	row(c, st->row_line);
	for (j = 0; j < st->ncells; j++)
		free(st->cells[j]);
	st->ncells = 0;
	st->too_many = st->too_long = 0;
	st->start_pending = 1;
}

/*
 * A physical line ended.  libcsv calls nothing for a blank line, yet a
 * blank line is what separates a report's sections, so it is noticed here.
 */
static void
end_line(struct cohort_csv *c)
{
	struct cohort_csv_state *st = c->st;

	if (st->line_begun && st->line_blank)
		st->header_ok = 1;
	st->line_begun = 0;
	c->lines++;
}

/*
 * One piece of one physical line (the whole line unless split over
 * chunks); ends says it ends the line.
 */
static int
feed_line(struct cohort_csv *c, const char *s, size_t n, int ends)
{
	struct cohort_csv_state *st = c->st;
	size_t k;

	if (memchr(s, '\0', n) != NULL) {
		/* Excel's "Unicode Text" */
		if (st->nhead == 2 && ((st->head[0] == 0xff && st->head[1] ==
		    0xfe) || (st->head[0] == 0xfe && st->head[1] == 0xff)))
			c->error = xstrdup("UTF-16 text: save it as CSV "
			    "(UTF-8) and import that");
		else
			c->error = xasprintf("binary data (a NUL byte) on line "
			    "%d: not a CSV file", c->lines);
		return -1;
	}
	if (!st->line_begun) {
		st->line_begun = 1;
		st->line_blank = st->start_pending;
	}
	if (st->start_pending) {
		for (k = 0; k < n; k++)
			if (strchr(" \t\r\n", s[k]) == NULL) {
				st->row_line = c->lines;
				st->start_pending = 0;
				st->line_blank = 0;
				break;
			}
	}
	if (csv_parse(&st->p, s, n, on_field, on_row, c) != n) {
		c->error = xasprintf("line %d: %s", c->lines,
		    csv_strerror(csv_error(&st->p)));
		return -1;
	}
	if (csv_get_buffer_size(&st->p) > MAX_BUFFER) {
		c->error = xasprintf("a field over 1 MiB from line %d on: not "
		    "a webinar export", st->row_line);
		return -1;
	}
	st->ended_nl = ends;
	if (ends)
		end_line(c);
	return 0;
}

/*
 * Lines end with LF, CRLF or a lone CR (old Mac exports); a CR at the end
 * of a chunk waits for the next byte to know which.
 */
static int
feed_lines(struct cohort_csv *c, const char *s, size_t len)
{
	struct cohort_csv_state *st = c->st;
	const char *nl, *cr;
	size_t n;

	while (len > 0) {
		if (st->pending_cr) {
			st->pending_cr = 0;
			if (*s == '\n') {
				if (feed_line(c, s, 1, 1) == -1)
					return -1;
				s++;
				len--;
				continue;
			}
			end_line(c);
		}
		nl = memchr(s, '\n', len);
		cr = memchr(s, '\r', nl ? (size_t)(nl - s) : len);
		if (cr && cr + 1 < s + len && cr[1] != '\n') {
			n = (size_t)(cr - s) + 1;	/* a lone CR */
			if (feed_line(c, s, n, 1) == -1)
				return -1;
		} else if (cr && cr + 1 == s + len) {
			n = len;
			if (feed_line(c, s, n, 0) == -1)
				return -1;
			st->pending_cr = 1;
		} else {
			n = nl ? (size_t)(nl - s) + 1 : len;
			if (feed_line(c, s, n, nl != NULL) == -1)
				return -1;
		}
		s += n;
		len -= n;
	}
	return 0;
}

int
cohort_csv_feed(struct cohort_csv *c, const void *data, size_t len)
{
	struct cohort_csv_state *st = c->st;
	const char *s = data;
	size_t k;

	if (c->error)
		return -1;
	for (k = 0; st->nhead < 2 && k < len; k++)
		st->head[st->nhead++] = (unsigned char)s[k];
	/* a byte-order mark, possibly split over calls */
	while (!st->bom_done && len > 0) {
		if ((unsigned char)*s == bom[st->bom]) {
			s++;
			len--;
			if (++st->bom == 3)
				st->bom_done = 1;
			continue;
		}
		st->bom_done = 1;
		/* not a BOM after all: what was taken is data */
		if (st->bom && feed_line(c, (const char *)bom,
		    (size_t)st->bom, 0) == -1)
			return -1;
	}
	return feed_lines(c, s, len);
}

int
cohort_csv_end(struct cohort_csv *c)
{
	struct cohort_csv_state *st = c->st;

	if (c->error)
		return -1;
	if (!st->bom_done && st->bom && feed_line(c, (const char *)bom,
	    (size_t)st->bom, 0) == -1)
		return -1;
	if (st->pending_cr) {
		st->pending_cr = 0;
		st->ended_nl = 1;
		end_line(c);
	}
	st->eof_unterminated = st->p.quoted &&
	    st->p.pstate == LIBCSV_FIELD_BEGUN;
	csv_fini(&st->p, on_field, on_row, c);
	if (c->header_line == 0 && st->other_sep) {
		c->error = xasprintf("no Email or Email Address column between "
		    "commas: the file is separated by %s; save it as CSV with "
		    "commas", st->other_sep == ';' ? "semicolons" : "tabs");
		return -1;
	}
	if (c->header_line == 0) {
		c->error = xstrdup("no Email or Email Address column: not a "
		    "webinar registration or attendance export");
		return -1;
	}
	return 0;
}

void
cohort_csv_free(struct cohort_csv *c)
{
	size_t i;

	if (c->st) {
		for (i = 0; i < c->st->ncells; i++)
			free(c->st->cells[i]);
		csv_free(&c->st->p);
		free(c->st);
	}
	for (i = 0; i < c->nrejects; i++)
		free(c->rejects[i].why);
	free(c->rejects);
	for (i = 0; i < c->nwarnings; i++)
		free(c->warnings[i].why);
	free(c->warnings);
	free(c->error);
	cohort_set_free(&c->people);
	memset(c, 0, sizeof(*c));
}
