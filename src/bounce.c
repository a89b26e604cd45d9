/*
 * bounce.c - classifies a message that came back to the return path
 * (bounce.h): GMime parses the MIME structure (folded headers, encoded
 * words, quoted boundaries, base64 and quoted-printable parts, nesting);
 * this file finds the report in it and reads the report's fields.
 *
 * Order matters: a delivery status or feedback report is looked for
 * first, because mailers mark their own DSNs "Auto-Submitted:
 * auto-replied"; only a message that is not a report can be an
 * auto-reply.  Anything in doubt is unrecognised and left for a person,
 * since a wrong "hard" stops someone's plan and a wrong "auto-reply"
 * hides a bounce.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "bounce.h"
#include "util.h"

/* the fields of report blocks that are read; the first value of each */
enum field {
	F_ACTION, F_STATUS, F_FINAL_RCPT, F_ORIG_RCPT, F_DIAG,
	F_FEEDBACK_TYPE, F_RCPT_TO, F_MAIL_FROM, F_MAX
};

static const char *const field_names[F_MAX] = {
	"Action", "Status", "Final-Recipient", "Original-Recipient",
	"Diagnostic-Code", "Feedback-Type", "Original-Rcpt-To",
	"Original-Mail-From"
};

#define FIELD_MAX	1024	/* longer values are cut */

struct block {
	char		v[F_MAX][FIELD_MAX];
	size_t		len[F_MAX];
	unsigned char	set[F_MAX];
};

enum report {
	REPORT_NONE,
	REPORT_DSN,		/* message/delivery-status (RFC 3464) */
	REPORT_ARF,		/* message/feedback-report (RFC 5965) */
	REPORT_MDN		/* message/disposition-notification */
};

struct scan {
	enum report	 type;
	GMimeObject	*report;	/* the report's machine-readable part */
	GMimeObject	*original;	/* the first quoted original */
};

/* verdicts on one recipient of a report, in rising order of weight */
enum verdict { V_UNSEEN = -1, V_NONE, V_SOFT, V_HARD };

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

/*
 * GMime's global tables (charsets, types) are set up once and kept for
 * the life of the process: they stay reachable, so neither LeakSanitizer
 * nor valgrind counts them as leaks, and g_mime_shutdown would make a
 * later call unsafe in a daemon that classifies every minute.
 */
static void
gmime_start(void)
{
	g_mime_init();
}

const char *
bounce_kind_name(enum bounce_kind k)
{
	static const char *const names[] = {
		"hard", "soft", "complaint", "auto-reply", "unrecognised"
	};

	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] :
	    "unrecognised";
}

/* the length of the well-formed UTF-8 character at s, 0 if there is none */
static size_t
utf8_width(const unsigned char *s, size_t n)
{
	size_t w, bad;

	for (w = 1; w <= 4 && w <= n; w++)
		if (utf8_valid((const char *)s, w, &bad))
			return w;
	return 0;
}

/*
 * Copies src[0..len) into dst (cap bytes with the NUL) as one line of
 * text a log or a terminal can take: runs of spaces, tabs and line ends
 * become one space, other control characters (C0, DEL, C1) and bytes
 * that are not UTF-8 are dropped, ends are trimmed, and the copy stops
 * before a character that would not fit whole.
 */
static void
text_copy(char *dst, size_t cap, const char *src, size_t len)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, o = 0, w;
	int space = 0;

	while (i < len) {
		if ((w = utf8_width(s + i, len - i)) == 0) {
			i++;
			continue;
		}
		if (w == 1 && (s[i] <= 0x20 || s[i] == 0x7f)) {
			if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
			    s[i] == '\r')
				space = 1;
			i++;
			continue;
		}
		if (w == 2 && s[i] == 0xc2 && s[i + 1] < 0xa0) {
			i += 2;
			continue;
		}
		space = space && o > 0;
		if (o + space + w + 1 > cap)	/* no space left hanging */
			break;
		if (space)
			dst[o++] = ' ';
		space = 0;
		memcpy(dst + o, s + i, w);
		o += w;
		i += w;
	}
	dst[o] = '\0';
}

static void
str_copy(char *dst, size_t cap, const char *s)
{
	text_copy(dst, cap, s, s ? strlen(s) : 0);
}

/* the first word of v (up to a space, ';' or '('), lower-cased */
static void
token_lower(char *out, size_t cap, const char *v)
{
	size_t o = 0;

	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	while (*v && *v != ' ' && *v != '\t' && *v != ';' && *v != '(' &&
	    *v != '\r' && *v != '\n' && o + 1 < cap) {
		out[o++] = (*v >= 'A' && *v <= 'Z') ? (char)(*v - 'A' + 'a') :
		    *v;
		v++;
	}
	out[o] = '\0';
}

/*
 * The part of msg the parser sees (see the caps in bounce.h): after a
 * leading mbox "From " line, at most BOUNCE_SCAN_MAX bytes cut at a line
 * end, and nothing from the line that would be the
 * (BOUNCE_MAX_DASH_LINES + 1)th to begin with "--".
 */
static const char *
scan_window(const char *msg, size_t len, size_t *np)
{
	const char *start = msg, *end = msg + len, *line, *nl;
	size_t dashes = 0;

	if (len >= 5 && memcmp(msg, "From ", 5) == 0) {
		nl = memchr(msg, '\n', len);
		start = nl ? nl + 1 : end;
	}
	if ((size_t)(end - start) > BOUNCE_SCAN_MAX) {
		end = start + BOUNCE_SCAN_MAX;
		if ((nl = memrchr(start, '\n', BOUNCE_SCAN_MAX)) != NULL)
			end = nl + 1;
	}
	for (line = start; line < end; line = nl + 1) {
		if (end - line >= 2 && line[0] == '-' && line[1] == '-' &&
		    ++dashes > BOUNCE_MAX_DASH_LINES) {
			end = line;
			break;
		}
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			break;
	}
	*np = (size_t)(end - start);
	return start;
}

/* the line at *pp without its LF or CRLF; *pp moves past it */
static int
line_next(const char **pp, const char *end, const char **line, size_t *len)
{
	const char *p = *pp, *nl;

	if (p >= end)
		return 0;
	nl = memchr(p, '\n', (size_t)(end - p));
	*line = p;
	*len = (size_t)((nl ? nl : end) - p);
	if (*len > 0 && p[*len - 1] == '\r')
		(*len)--;
	*pp = nl ? nl + 1 : end;
	return 1;
}

static void
field_add(struct block *b, enum field f, const char *s, size_t n)
{
	if (n > FIELD_MAX - 1 - b->len[f])
		n = FIELD_MAX - 1 - b->len[f];
	memcpy(b->v[f] + b->len[f], s, n);
	b->len[f] += n;
	b->v[f][b->len[f]] = '\0';
}

/* which known field the line "Name: value" starts, F_MAX if none */
static enum field
field_start(const char *line, size_t len, size_t *valoff)
{
	const char *colon = memchr(line, ':', len);
	size_t n;
	int i;

	if (colon == NULL)
		return F_MAX;
	n = (size_t)(colon - line);
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	*valoff = (size_t)(colon - line) + 1;
	for (i = 0; i < F_MAX; i++)
		if (strlen(field_names[i]) == n &&
		    strncasecmp(line, field_names[i], n) == 0)
			return (enum field)i;
	return F_MAX;
}

/*
 * Reads the next block of fields from *pp.  RFC 3464 and RFC 5965 write
 * their fields in header syntax, in blocks separated by blank lines, in
 * the body of a part; GMime parses headers only at the top of a message
 * or part, so this small reader does it: the first value of each known
 * field is kept, folded lines joined.  Returns 1 when a block was read,
 * 0 at the end of the data.
 */
static int
block_read(const char **pp, const char *end, struct block *b)
{
	const char *line;
	size_t len, i, valoff = 0;
	enum field cur = F_MAX;
	int lines = 0;

	for (i = 0; i < F_MAX; i++) {
		b->v[i][0] = '\0';
		b->len[i] = 0;
		b->set[i] = 0;
	}
	while (line_next(pp, end, &line, &len)) {
		for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
			;
		if (i == len) {
			if (lines > 0)
				break;
			continue;
		}
		lines++;
		if (i > 0) {			/* a folded line */
			if (cur != F_MAX) {
				field_add(b, cur, " ", 1);
				field_add(b, cur, line + i, len - i);
			}
			continue;
		}
		cur = field_start(line, len, &valoff);
		if (cur != F_MAX && b->set[cur])
			cur = F_MAX;
		if (cur != F_MAX) {
			b->set[cur] = 1;
			field_add(b, cur, line + valoff, len - valoff);
		}
	}
	return lines > 0;
}

/*
 * An RFC 3463 status at the start of v ("5.1.1", maybe followed by a
 * comment) into out; returns its class ('2', '4', '5'), or 0 if v does
 * not start with one.
 */
static int
status_parse(const char *v, char *out)
{
	const char *p = v, *q;
	size_t n;
	int k;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '2' && *p != '4' && *p != '5')
		return 0;
	q = p + 1;
	for (k = 0; k < 2; k++) {
		if (*q++ != '.')
			return 0;
		for (n = 0; q[n] >= '0' && q[n] <= '9'; n++)
			;
		if (n < 1 || n > 3)
			return 0;
		q += n;
	}
	if (*q != '\0' && *q != ' ' && *q != '\t' && *q != '(')
		return 0;
	memcpy(out, p, (size_t)(q - p));
	out[q - p] = '\0';
	return *p;
}

/* a Diagnostic-Code's text after its type ("smtp; 550 ..." -> "550 ...") */
static const char *
diag_text(const char *v)
{
	const char *semi = strchr(v, ';'), *p;

	if (semi == NULL || semi - v > 32)
		return v;
	for (p = v; p < semi; p++)
		if (*p != ' ' && *p != '\t' && !((*p >= 'A' && *p <= 'Z') ||
		    (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-'))
			return v;
	return semi + 1;
}

/* the class of the SMTP reply a diagnostic starts with ("550 ..."), or 0 */
static int
smtp_class(const char *text)
{
	const char *p = text;

	while (*p == ' ' || *p == '\t')
		p++;
	if ((*p == '4' || *p == '5') && p[1] >= '0' && p[1] <= '9' &&
	    p[2] >= '0' && p[2] <= '9' &&
	    (p[3] == '\0' || p[3] == ' ' || p[3] == '-'))
		return *p;
	return 0;
}

/*
 * What one recipient block says.  RFC 3464 makes Action and Status
 * required; when Status is missing or malformed the SMTP reply in the
 * Diagnostic-Code stands in.  "failed" without a permanent class counts
 * as soft: one malformed report cannot stop a plan, three can.  A block
 * without an Action (or with one RFC 3464 does not define) is judged by
 * its status class alone.
 */
static enum verdict
block_verdict(const struct block *b, char *status)
{
	char action[16];
	int cls;

	token_lower(action, sizeof(action), b->v[F_ACTION]);
	status[0] = '\0';
	if ((cls = status_parse(b->v[F_STATUS], status)) == 0)
		cls = smtp_class(diag_text(b->v[F_DIAG]));
	if (strcmp(action, "failed") == 0)
		return cls == '5' ? V_HARD : V_SOFT;
	if (strcmp(action, "delayed") == 0)
		return V_SOFT;
	if (strcmp(action, "delivered") == 0 ||
	    strcmp(action, "relayed") == 0 || strcmp(action, "expanded") == 0)
		return V_NONE;
	return cls == '5' ? V_HARD : cls == '4' ? V_SOFT : V_NONE;
}

/* an address field without its type ("rfc822;") and angle brackets */
static void
addr_copy(char *dst, size_t cap, const char *v)
{
	const char *semi = strchr(v, ';'), *p, *e;

	p = semi ? semi + 1 : v;
	while (*p == ' ' || *p == '\t' || *p == '<')
		p++;
	e = p + strlen(p);
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '>'))
		e--;
	text_copy(dst, cap, p, (size_t)(e - p));
}

/* the decoded content of a leaf part; the caller frees with g_free */
static char *
part_bytes(GMimeObject *o, size_t *lenp)
{
	GMimeDataWrapper *w;
	GMimeStream *mem;
	GByteArray *a;

	*lenp = 0;
	if (!GMIME_IS_PART(o) ||
	    (w = g_mime_part_get_content(GMIME_PART(o))) == NULL)
		return NULL;
	mem = g_mime_stream_mem_new();
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
	/* a part cut short still gives what was decoded before the cut */
	(void)g_mime_data_wrapper_write_to_stream(w, mem);
	a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	g_object_unref(mem);
	*lenp = a->len;
	return (char *)g_byte_array_free(a, FALSE);
}

/*
 * The recipient that decides the report: the first hard one, else the
 * first soft one, else the first block at all (a report of deliveries,
 * which is unrecognised).
 */
static void
dsn_read(GMimeObject *part, struct bounce *b)
{
	struct block blk;
	enum verdict v, best = V_UNSEEN;
	char status[BOUNCE_STATUS_MAX + 1];
	const char *p, *end;
	char *data;
	size_t len;
	int n;

	b->kind = BOUNCE_UNRECOGNISED;
	if ((data = part_bytes(part, &len)) == NULL)
		return;
	p = data;
	end = data + len;
	for (n = 0; n <= BOUNCE_MAX_RECIPIENTS && best != V_HARD &&
	    block_read(&p, end, &blk); n++) {
		if (!blk.set[F_ACTION] && !blk.set[F_STATUS] &&
		    !blk.set[F_FINAL_RCPT] && !blk.set[F_ORIG_RCPT])
			continue;	/* the per-message block */
		if ((v = block_verdict(&blk, status)) <= best)
			continue;
		best = v;
		memcpy(b->status, status, sizeof(b->status));
		addr_copy(b->recipient, sizeof(b->recipient),
		    blk.set[F_FINAL_RCPT] ? blk.v[F_FINAL_RCPT] :
		    blk.v[F_ORIG_RCPT]);
		str_copy(b->reason, sizeof(b->reason),
		    diag_text(blk.v[F_DIAG]));
	}
	if (best == V_HARD)
		b->kind = BOUNCE_HARD;
	else if (best == V_SOFT)
		b->kind = BOUNCE_SOFT;
	g_free(data);
}

/* 1 if addr is local+TAG@... with a valid TAG, which goes into tag */
static int
tag_from_addr(const char *addr, const char *local, char *tag)
{
	size_t ll = strlen(local), n, i;
	const char *at = addr ? strrchr(addr, '@') : NULL, *t;

	if (at == NULL || strncasecmp(addr, local, ll) != 0 || addr[ll] != '+')
		return 0;
	t = addr + ll + 1;
	if (at < t || (n = (size_t)(at - t)) == 0 || n > BOUNCE_TAG_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= 'a' &&
		    t[i] <= 'z') || (t[i] >= '0' && t[i] <= '9')))
			return 0;
	for (i = 0; i < n; i++)
		tag[i] = (t[i] >= 'A' && t[i] <= 'Z') ?
		    (char)(t[i] - 'A' + 'a') : t[i];
	tag[n] = '\0';
	return 1;
}

/* the first mailbox in an address list with a tag (groups are not) */
static int
tag_from_value(const char *value, const char *local, char *tag)
{
	InternetAddressList *l;
	InternetAddress *a;
	int i, n, found = 0;

	if (value == NULL ||
	    (l = internet_address_list_parse(NULL, value)) == NULL)
		return 0;
	n = internet_address_list_length(l);
	for (i = 0; i < n && !found; i++) {
		a = internet_address_list_get_address(l, i);
		found = INTERNET_ADDRESS_IS_MAILBOX(a) &&
		    tag_from_addr(internet_address_mailbox_get_addr(
		    INTERNET_ADDRESS_MAILBOX(a)), local, tag);
	}
	g_object_unref(l);
	return found;
}

/*
 * The tag in the address the message came back to: the headers the
 * delivering MTA added (Delivered-To, X-Original-To, Envelope-To) before
 * To, which a sender writes; the first match in that order wins.
 */
static void
tag_find(GMimeMessage *m, const char *local, char *tag)
{
	static const char *const names[] = {
		"Delivered-To", "X-Original-To", "Envelope-To", "To"
	};
	GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(m));
	GMimeHeader *h;
	size_t k;
	int i, n;

	n = hl ? g_mime_header_list_get_count(hl) : 0;
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		for (i = 0; i < n; i++) {
			h = g_mime_header_list_get_header_at(hl, i);
			if (strcasecmp(g_mime_header_get_name(h), names[k]) ==
			    0 && tag_from_value(g_mime_header_get_raw_value(h),
			    local, tag))
				return;
		}
}

static void
arf_read(GMimeObject *part, const char *local, struct bounce *b)
{
	struct block blk;
	const char *p;
	char *data;
	size_t len;

	b->kind = BOUNCE_COMPLAINT;
	if ((data = part_bytes(part, &len)) == NULL)
		return;
	p = data;
	if (block_read(&p, data + len, &blk)) {
		str_copy(b->reason, sizeof(b->reason), blk.v[F_FEEDBACK_TYPE]);
		addr_copy(b->recipient, sizeof(b->recipient),
		    blk.v[F_RCPT_TO]);
		if (b->tag[0] == '\0' && local && *local)
			(void)tag_from_value(blk.v[F_MAIL_FROM], local, b->tag);
	}
	g_free(data);
}

static GMimeMessage *
message_parse(const char *p, size_t len)
{
	GMimeStream *st;
	GMimeParser *parser;
	GMimeMessage *m;

	st = g_mime_stream_mem_new_with_buffer(p, len);
	parser = g_mime_parser_new_with_stream(st);
	m = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	g_object_unref(st);
	return m;
}

static int
is_type(GMimeObject *o, const char *type, const char *subtype)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);

	return ct != NULL && g_mime_content_type_is_type(ct, type, subtype);
}

/* message/rfc822 and its kin: a whole original, or just its headers */
static int
is_original(GMimeObject *o)
{
	return is_type(o, "message", "rfc822") ||
	    is_type(o, "message", "global") ||
	    is_type(o, "text", "rfc822-headers") ||
	    is_type(o, "message", "global-headers");
}

/*
 * Finds the report part (the first one directly inside a
 * multipart/report, whatever the report-type parameter says: the part is
 * what RFC 6522 defines, the parameter is sometimes missing) and the
 * first quoted original.  Attached messages are not looked into: a
 * report forwarded inside one is not a report to us.
 */
static void
walk(GMimeObject *o, GMimeObject *parent, int depth, struct scan *s)
{
	GMimeMultipart *mp;
	int i, n;

	if (depth > BOUNCE_MAX_DEPTH)
		return;
	if (GMIME_IS_MULTIPART(o)) {
		mp = GMIME_MULTIPART(o);
		n = g_mime_multipart_get_count(mp);
		for (i = 0; i < n; i++)
			walk(g_mime_multipart_get_part(mp, i), o, depth + 1, s);
		return;
	}
	if (s->type == REPORT_NONE && parent != NULL &&
	    is_type(parent, "multipart", "report")) {
		if (is_type(o, "message", "delivery-status") ||
		    is_type(o, "message", "global-delivery-status"))
			s->type = REPORT_DSN;
		else if (is_type(o, "message", "feedback-report"))
			s->type = REPORT_ARF;
		else if (is_type(o, "message", "disposition-notification") ||
		    is_type(o, "message", "global-disposition-notification"))
			s->type = REPORT_MDN;
		if (s->type != REPORT_NONE)
			s->report = o;
	}
	if (s->original == NULL && is_original(o))
		s->original = o;
}

/*
 * The Message-ID of a quoted original.  GMime makes message/rfc822 a
 * message part; one sent base64-encoded (which RFC 2046 forbids, yet it
 * happens) and text/rfc822-headers are leaf parts, whose decoded content
 * is parsed as a message of its own.
 */
static void
original_id(GMimeObject *o, char *id, size_t cap)
{
	GMimeMessage *m = NULL;
	char *data = NULL;
	size_t len;

	if (GMIME_IS_MESSAGE_PART(o)) {
		m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
		if (m != NULL)
			g_object_ref(m);
	} else if ((data = part_bytes(o, &len)) != NULL)
		m = message_parse(data, len);
	if (m != NULL) {
		str_copy(id, cap, g_mime_message_get_message_id(m));
		g_object_unref(m);
	}
	g_free(data);
}

/* mail from MAILER-DAEMON or postmaster: a bounce, standard or not */
static int
from_mailer(GMimeMessage *m)
{
	InternetAddressList *l = g_mime_message_get_from(m);
	InternetAddress *a;
	const char *addr;
	size_t n;

	if (l == NULL || internet_address_list_length(l) < 1)
		return 0;
	a = internet_address_list_get_address(l, 0);
	if (!INTERNET_ADDRESS_IS_MAILBOX(a))
		return 0;
	addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
	if (addr == NULL)
		return 0;
	n = strcspn(addr, "@");
	return (n == 13 && strncasecmp(addr, "mailer-daemon", n) == 0) ||
	    (n == 10 && strncasecmp(addr, "postmaster", n) == 0);
}

/*
 * RFC 3834's Auto-Submitted (any value but "no"), and the markers older
 * responders use instead.  The subject test is a prefix, so a person's
 * "Re: out of office?" stays a person's.  The marker found becomes the
 * reason, so the operator sees why a message was passed over.
 */
static int
autoreply_marker(GMimeMessage *m, char *reason, size_t cap)
{
	static const struct {
		const char	*name;
		const char	*value;		/* NULL: any but "no" */
	} marks[] = {
		{ "Auto-Submitted", NULL }, { "X-Autoreply", NULL },
		{ "X-Autorespond", NULL }, { "Precedence", "auto_reply" }
	};
	static const char *const subjects[] = {
		"out of office", "out-of-office", "automatic reply",
		"auto-reply", "autoreply", "auto reply"
	};
	const char *v;
	char word[32], line[64];
	size_t i;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		if ((v = g_mime_object_get_header(GMIME_OBJECT(m),
		    marks[i].name)) == NULL)
			continue;
		token_lower(word, sizeof(word), v);
		if (marks[i].value ? strcmp(word, marks[i].value) == 0 :
		    strcmp(word, "no") != 0) {
			snprintf(line, sizeof(line), "%s: %s", marks[i].name,
			    word);
			str_copy(reason, cap, line);
			return 1;
		}
	}
	if ((v = g_mime_message_get_subject(m)) == NULL)
		return 0;
	while (*v == ' ' || *v == '\t')
		v++;
	for (i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++)
		if (strncasecmp(v, subjects[i], strlen(subjects[i])) == 0) {
			snprintf(line, sizeof(line), "Subject: %s",
			    subjects[i]);
			str_copy(reason, cap, line);
			return 1;
		}
	return 0;
}

static void
classify(GMimeMessage *m, const char *local, struct bounce *b)
{
	GMimeObject *top = g_mime_message_get_mime_part(m);
	struct scan s;

	memset(&s, 0, sizeof(s));
	if (local != NULL && *local != '\0')
		tag_find(m, local, b->tag);
	if (top != NULL)
		walk(top, NULL, 0, &s);
	if (s.original != NULL)
		original_id(s.original, b->message_id, sizeof(b->message_id));
	switch (s.type) {
	case REPORT_DSN:
		dsn_read(s.report, b);
		return;
	case REPORT_ARF:
		arf_read(s.report, local, b);
		return;
	case REPORT_MDN:
		b->kind = BOUNCE_AUTOREPLY;
		str_copy(b->reason, sizeof(b->reason),
		    "disposition notification");
		return;
	case REPORT_NONE:
		break;
	}
	if (!from_mailer(m) &&
	    autoreply_marker(m, b->reason, sizeof(b->reason))) {
		b->kind = BOUNCE_AUTOREPLY;
		return;
	}
	b->kind = BOUNCE_UNRECOGNISED;
	str_copy(b->reason, sizeof(b->reason), g_mime_message_get_subject(m));
}

int
bounce_classify(const char *msg, size_t len, const char *local,
    struct bounce *b)
{
	GMimeMessage *m;
	const char *p;
	size_t n;

	memset(b, 0, sizeof(*b));
	b->kind = BOUNCE_UNRECOGNISED;
	if (len > BOUNCE_MAX_SIZE)
		return -1;
	if (msg == NULL)
		msg = "";
	pthread_once(&gmime_once, gmime_start);
	p = scan_window(msg, len, &n);
	if ((m = message_parse(p, n)) == NULL)
		return 0;
	classify(m, local, b);
	g_object_unref(m);
	return 0;
}
