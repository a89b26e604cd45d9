/*
 * message.c - building the lesson email (see message.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "message.h"
#include "util.h"

#define LINE_MAX_QP	76	/* RFC 2045 */
#define HEADER_FOLD	76

int
message_addr(const char *from, char *out, size_t n)
{
	const char *lt = strrchr(from, '<'), *gt;
	size_t len;

	if (lt && (gt = strchr(lt, '>')) != NULL) {
		len = gt - lt - 1;
		from = lt + 1;
	} else
		len = strlen(from);
	if (len == 0 || len >= n)
		return -1;
	memcpy(out, from, len);
	out[len] = '\0';
	return 0;
}

static int
plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x7f || (unsigned char)*s < 0x20)
			return 0;
	return 1;
}

/*
 * Encoded words (RFC 2047, "B"), each at most 75 characters and never
 * splitting a UTF-8 sequence, folded onto new lines as needed.  used is
 * how much of the current line is already taken.
 */
static void
encoded_words(struct buf *b, const char *s, size_t used)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
	    "opqrstuvwxyz0123456789+/";
	size_t len = strlen(s), i = 0;
	/* bytes of text that fit on this line: 3 bytes make 4 of base64 */
	size_t room = used + 12 < HEADER_FOLD ? (HEADER_FOLD - used - 12) /
	    4 * 3 : 0;

	if (room < 6) {
		buf_addstr(b, "\r\n ");
		room = 45;
	}
	while (i < len) {
		size_t n = len - i > room ? room : len - i, k;

		/* never split a UTF-8 sequence between two words */
		while (n > 0 && i + n < len &&
		    ((unsigned char)s[i + n] & 0xc0) == 0x80)
			n--;
		if (n == 0)	/* not UTF-8 after all: split anywhere */
			n = len - i > room ? room : len - i;
		if (i > 0)
			buf_addstr(b, "\r\n ");
		room = 45;	/* a folded line: 1 + 12 + 60 */
		buf_addstr(b, "=?UTF-8?B?");
		for (k = 0; k < n; k += 3) {
			unsigned v = (unsigned char)s[i + k] << 16;

			if (k + 1 < n)
				v |= (unsigned char)s[i + k + 1] << 8;
			if (k + 2 < n)
				v |= (unsigned char)s[i + k + 2];
			buf_addc(b, b64[v >> 18 & 63]);
			buf_addc(b, b64[v >> 12 & 63]);
			buf_addc(b, k + 1 < n ? b64[v >> 6 & 63] : '=');
			buf_addc(b, k + 2 < n ? b64[v & 63] : '=');
		}
		buf_addstr(b, "?=");
		i += n;
	}
}

void
message_header_text(struct buf *b, const char *s, size_t used)
{
	char *flat = xstrdup_flat(s);

	if (plain_ascii(flat) && used + strlen(flat) <= 998 - 2)
		buf_addstr(b, flat);
	else
		encoded_words(b, flat, used);
	free(flat);
}

/* "Name <addr>": the name quoted or encoded as its characters need */
static void
mailbox(struct buf *b, const char *name, const char *addr, size_t used)
{
	char *flat = xstrdup_flat(name);
	const char *p;

	if (*flat == '\0') {
		buf_addstr(b, addr);
		free(flat);
		return;
	}
	if (!plain_ascii(flat))
		encoded_words(b, flat, used);
	else if (strpbrk(flat, "()<>[]:;@\\,.\"") == NULL)
		buf_addstr(b, flat);
	else {
		buf_addc(b, '"');
		for (p = flat; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_addc(b, '\\');
			buf_addc(b, *p);
		}
		buf_addc(b, '"');
	}
	buf_printf(b, " <%s>", addr);
	free(flat);
}

/* a header of a "Name <addr>" or "addr" setting (checked by config.c) */
static int
spec_mailbox(struct buf *b, const char *header, const char *spec)
{
	const char *lt = strrchr(spec, '<');
	char addr[256], *name;
	size_t n;

	if (message_addr(spec, addr, sizeof(addr)) == -1)
		return -1;
	name = lt ? xstrndup(spec, lt - spec) : xstrdup("");
	for (n = strlen(name); n > 0 && name[n - 1] == ' '; n--)
		name[n - 1] = '\0';
	buf_addstr(b, header);
	mailbox(b, name, addr, strlen(header) - 2);
	free(name);
	return 0;
}

void
message_qp(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char chunk[4096];
	size_t o = 0;

	/* encoded into a local chunk: one append per 4 KiB, not per byte */
	while (*s) {
		size_t n = strcspn(s, "\n"), col = 0, i;

		if (n > 0 && s[n - 1] == '\r')
			n--;
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			size_t run;

			/* a run of plain printable bytes goes in one copy */
			for (run = 0; i + run + 1 < n && run + col <
			    LINE_MAX_QP - 1 && run < 64 &&
			    s[i + run] > 32 && s[i + run] < 127 &&
			    s[i + run] != '=' && !(i + run == 0 &&
			    s[0] == 'F'); run++)
				;
			if (run > 1) {
				if (o + run + 8 > sizeof(chunk)) {
					buf_add(b, chunk, o);
					o = 0;
				}
				memcpy(chunk + o, s + i, run);
				o += run;
				col += run;
				i += run - 1;
				continue;
			}
			/* white space ending a line, '=', 8-bit, "From " */
			int enc;
			size_t tl;

			enc = c == '=' || c > 126 || (c < 32 && c != '\t') ||
			    ((c == ' ' || c == '\t') && i + 1 == n) ||
			    (i == 0 && c == 'F' && strncmp(s, "From ", 5) == 0);
			tl = enc ? 3 : 1;

			if (o + 8 > sizeof(chunk)) {
				buf_add(b, chunk, o);
				o = 0;
			}
			/* room for the soft break's '=' */
			if (col + tl > LINE_MAX_QP - 1) {
				memcpy(chunk + o, "=\r\n", 3);
				o += 3;
				col = 0;
			}
			if (enc) {
				chunk[o++] = '=';
				chunk[o++] = hex[c >> 4];
				chunk[o++] = hex[c & 15];
			} else
				chunk[o++] = (char)c;
			col += tl;
		}
		if (o + 2 > sizeof(chunk)) {
			buf_add(b, chunk, o);
			o = 0;
		}
		chunk[o++] = '\r';
		chunk[o++] = '\n';
		s += strcspn(s, "\n");
		if (*s == '\n')
			s++;
	}
	buf_add(b, chunk, o);
}

/* the end of the line at s + at: after its '\n', or the text's end */
static size_t
line_end(const char *s, size_t at, size_t n)
{
	const char *nl = memchr(s + at, '\n', n - at);

	return nl ? (size_t)(nl - s) + 1 : n;
}

static void
add_seg(struct message_part *p, int fill, size_t off, size_t len)
{
	if (p->nsegs == p->capsegs) {
		p->capsegs = p->capsegs ? 2 * p->capsegs : 16;
		p->segs = xreallocarray(p->segs, p->capsegs, sizeof(*p->segs));
	}
	p->segs[p->nsegs].fill = fill;
	p->segs[p->nsegs].off = off;
	p->segs[p->nsegs].len = len;
	p->nsegs++;
}

/* encodes the unmarked lines src[from..to) into enc, as one segment */
static void
encode_run(struct message_part *p, size_t from, size_t to)
{
	char *run = xstrndup(p->src + from, to - from);
	size_t off = p->enc.len;

	message_qp(&p->enc, run);
	add_seg(p, 0, off, p->enc.len - off);
	free(run);
}

int
message_part_init(struct message_part *p, const char *text, char mark)
{
	size_t n = strlen(text), at = 0, run, end = 0;

	memset(p, 0, sizeof(*p));
	buf_init(&p->enc, 4 * n + 64);	/* over QP's worst case */
	p->src = xstrdup(text);
	while (at < n) {
		for (run = at; run < n; run = end) {
			end = line_end(p->src, run, n);
			if (memchr(p->src + run, mark, end - run) != NULL)
				break;
		}
		if (run > at)
			encode_run(p, at, run);
		if (run == n)
			break;
		add_seg(p, 1, run, end - run);	/* src[run..end) */
		at = end;
	}
	return p->enc.overflow ? -1 : 0;
}

void
message_part_free(struct message_part *p)
{
	free(p->src);
	free(p->segs);
	buf_free(&p->enc);
	memset(p, 0, sizeof(*p));
}

int
message_part_qp(struct buf *b, const struct message_part *p,
    message_fill_fn fill, void *arg)
{
	struct buf line;
	size_t i;
	int rc = 0;

	buf_init(&line, b->max);
	for (i = 0; i < p->nsegs && rc == 0; i++) {
		const struct message_seg *sg = &p->segs[i];

		if (!sg->fill) {
			rc = buf_add(b, p->enc.data + sg->off, sg->len);
			continue;
		}
		/*
		 * The line goes with its '\n', and a value may bring more
		 * lines: message_qp splits them as it would the whole text.
		 */
		buf_reset(&line);
		if ((rc = fill(&line, p->src + sg->off, sg->len, arg)) == 0)
			message_qp(b, line.data ? line.data : "");
	}
	buf_free(&line);
	return rc || b->overflow ? -1 : 0;
}

static void
rfc5322_date(struct buf *b, time_t t)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	long long v = t;
	long days = (long)(v / 86400), secs = (long)(v % 86400);
	struct date d = clock_days_to_date(days);

	buf_printf(b, "Date: %s, %02d %s %04d %02ld:%02ld:%02ld +0000\r\n",
	    wd[clock_weekday(d)], d.d, mon[(d.m - 1) % 12], d.y, secs / 3600,
	    secs / 60 % 60, secs % 60);
}

int
message_build(struct buf *b, const struct message_in *m)
{
	char from_addr[256], boundary[64];
	const char *lt = strrchr(m->from, '<');
	char *from_name;
	size_t h;
	int bad = 0;

	if (message_addr(m->from, from_addr, sizeof(from_addr)) == -1)
		return -1;
	from_name = lt ? xstrndup(m->from, lt - m->from) : xstrdup("");
	for (h = strlen(from_name); h > 0 && from_name[h - 1] == ' '; h--)
		from_name[h - 1] = '\0';
	/* '=' and '_' never appear together in quoted-printable text */
	snprintf(boundary, sizeof(boundary), "=_rr_%.40s", m->message_id);
	for (h = 5; boundary[h]; h++)
		if (strchr("<>@\"\\ ", boundary[h]))
			boundary[h] = '_';

	rfc5322_date(b, m->date);
	buf_addstr(b, "From: ");
	mailbox(b, from_name, from_addr, 6);
	if (m->reply_to && spec_mailbox(b, "\r\nReply-To: ", m->reply_to) ==
	    -1)
		bad = 1;
	buf_addstr(b, "\r\nTo: ");
	mailbox(b, m->to_name, m->to_addr, 4);
	buf_addstr(b, "\r\nSubject: ");
	if (m->subject_prefix) {
		char *subj = xasprintf("%s%s", m->subject_prefix, m->subject);

		message_header_text(b, subj, 9);
		free(subj);
	} else
		message_header_text(b, m->subject, 9);
	buf_printf(b, "\r\nMessage-ID: <%s>\r\n", m->message_id);
	if (m->unsubscribe_url) {
		char *u = xstrdup_flat(m->unsubscribe_url);

		buf_printf(b, "List-Unsubscribe: <%s>\r\n"
		    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n", u);
		free(u);
	}
	buf_printf(b, "MIME-Version: 1.0\r\n"
	    "Content-Type: multipart/alternative; boundary=\"%s\"\r\n"
	    "\r\n"
	    "This is a multi-part message in MIME format.\r\n"
	    "\r\n--%s\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
	    boundary, boundary);
	if (m->text_part)
		bad |= message_part_qp(b, m->text_part, m->fill,
		    m->text_arg) == -1;
	else
		message_qp(b, m->text);
	buf_printf(b, "\r\n--%s\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n", boundary);
	if (m->html_part)
		bad |= message_part_qp(b, m->html_part, m->fill,
		    m->html_arg) == -1;
	else
		message_qp(b, m->html);
	buf_printf(b, "\r\n--%s--\r\n", boundary);
	free(from_name);
	return b->overflow || bad ? -1 : 0;
}
