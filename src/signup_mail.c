/*
 * signup_mail.c - the confirmation email of a signup (see signup_mail.h).
 *
 * One email per signup that was taken, asking the person to open a link
 * and press a button there (a GET never enrolls: mail scanners open
 * every link).  It follows the lessons' rules where they apply: From
 * and Reply-To from mail.from and mail.reply_to, the organisation and
 * postal address in the footer, no tracking, a Message-ID that is the
 * same if the same email is sent again.  It carries no List-Unsubscribe:
 * it is one transactional message the person asked for, not a list, and
 * there is nothing to leave yet; its body says that ignoring it is
 * enough and nothing more will come.
 *
 * Sending takes the ledger's steps (see signup_store.c for why it is
 * not a ledger row): claim under a lease, send, record each result as
 * soon as the mailer knows it, retry a 4xx with the ledger's back-off.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "message.h"
#include "signup_mail.h"
#include "util.h"

#define BATCH	50

/* the person's link, and the form to go back to when it has expired */
static void
link_of(const struct cfg *cfg, const struct signup_row *s,
    const unsigned char key[TOKEN_SECRET_LEN], char *out, size_t n)
{
	char tok[TOKEN_LEN + 1];

	signup_store_token(key, s->id, s->nonce, tok);
	snprintf(out, n, "%s/confirm/%s", cfg->base_url, tok);
	explicit_bzero(tok, sizeof(tok));
}

/* "rr.signup.ID.HASH@domain": a hash of the token, never the token */
static void
message_id(const char *link, const char *domain, long long id, char *out,
    size_t n)
{
	unsigned char h[TOKEN_HASH_LEN];
	const char *tok = strrchr(link, '/') + 1;
	char hex[13];
	int i;

	token_hash(tok, strlen(tok), h);
	for (i = 0; i < 6; i++)
		snprintf(hex + 2 * i, 3, "%02x", h[i]);
	snprintf(out, n, "rr.signup.%lld.%s@%s", id, hex, domain);
}

/* the first word of what they typed as their name, as the lessons greet */
static void
first_name(const char *name, char *out, size_t n)
{
	size_t k;

	name += strspn(name, " \t");
	k = strcspn(name, " \t");
	snprintf(out, n, "%.*s", (int)k, name);
}

static void
text_part(struct buf *b, const struct cfg *cfg, const char *program,
    const char *first, const char *link, long hours)
{
	buf_printf(b, "Hi %s,\n\nThank you for signing up for the %s. "
	    "Please confirm that this is your address: open the link below "
	    "and press the button on the page.\n\n%s\n\n"
	    "The link works for %ld hours. Your first lesson email comes "
	    "at the time you chose once you have confirmed.\n\n"
	    "If you did not sign up, ignore this email: nothing happens, "
	    "and no more email comes from us.\n\n--\n%s\n", first, program,
	    link, hours, cfg->mail_footer);
}

#define P	"<p style=\"margin:0 0 14px 0;font-size:16px;line-height:" \
		"24px;color:#374151;\">"

static void
html_part(struct buf *b, const struct cfg *cfg, const char *program,
    const char *first, const char *link, long hours)
{
	buf_addstr(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	    "charset=\"utf-8\"><meta name=\"viewport\" content=\"width="
	    "device-width, initial-scale=1\"><title>Confirm your signup"
	    "</title></head>\n<body style=\"margin:0;padding:0;"
	    "background-color:#f3f4f6;\">\n<table role=\"presentation\" "
	    "width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
	    "style=\"background-color:#f3f4f6;\"><tr><td align=\"center\" "
	    "style=\"padding:16px 8px;\">\n<table role=\"presentation\" "
	    "width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
	    "style=\"width:100%;max-width:600px;background-color:#ffffff;"
	    "border-radius:6px;\"><tr><td style=\"padding:20px 24px;"
	    "font-family:Arial,Helvetica,sans-serif;\">\n"
	    "<h1 style=\"margin:0 0 12px 0;font-size:22px;line-height:28px;"
	    "color:#111827;\">Confirm your signup</h1>\n" P "Hi ");
	buf_add_html(b, first, strlen(first));
	buf_addstr(b, ",</p>\n" P "Thank you for signing up for the ");
	buf_add_html(b, program, strlen(program));
	buf_addstr(b, ". Please confirm that this is your address: open the "
	    "link and press the button on the page.</p>\n<p style=\"margin:"
	    "0 0 14px 0;\"><a href=\"");
	buf_add_html(b, link, strlen(link));
	buf_addstr(b, "\" style=\"display:inline-block;background-color:"
	    "#2f6f8f;color:#ffffff;font-size:16px;line-height:20px;"
	    "font-weight:bold;text-decoration:none;padding:12px 20px;"
	    "border-radius:4px;\">Confirm my signup</a></p>\n"
	    "<p style=\"margin:0 0 14px 0;font-size:13px;line-height:19px;"
	    "color:#4b5563;word-break:break-all;\">Or open this address: ");
	buf_add_html(b, link, strlen(link));
	buf_printf(b, "</p>\n" P "The link works for %ld hours. Your first "
	    "lesson email comes at the time you chose once you have "
	    "confirmed.</p>\n" P "If you did not sign up, ignore this email: "
	    "nothing happens, and no more email comes from us.</p>\n"
	    "</td></tr><tr><td style=\"padding:12px 24px 20px 24px;"
	    "border-top:1px solid #e5e7eb;font-family:Arial,Helvetica,"
	    "sans-serif;font-size:12px;line-height:18px;color:#6b7280;\">",
	    hours);
	buf_add_html(b, cfg->mail_footer, strlen(cfg->mail_footer));
	buf_addstr(b, "</td></tr></table>\n</td></tr></table>\n</body></html>"
	    "\n");
}

int
signup_mail_build(const struct cfg *cfg, const char *program,
    const struct signup_row *s, const unsigned char key[TOKEN_SECRET_LEN],
    const char *domain, time_t now, struct buf *b)
{
	struct message_in in;
	struct buf text, html;
	char link[512], id[256], *subject, *name, first[256];
	int rc;

	link_of(cfg, s, key, link, sizeof(link));
	message_id(link, domain, s->id, id, sizeof(id));
	/* the name goes in a header: one line, whatever was typed */
	name = xstrdup_flat(s->name);
	first_name(name, first, sizeof(first));
	buf_init(&text, 64 * 1024);
	buf_init(&html, 64 * 1024);
	text_part(&text, cfg, program, first, link, cfg->signup_confirm_hours);
	html_part(&html, cfg, program, first, link, cfg->signup_confirm_hours);
	subject = xasprintf("Please confirm your signup for the %s", program);
	memset(&in, 0, sizeof(in));
	in.from = cfg->mail_from;
	in.reply_to = cfg->mail_reply_to;
	in.to_name = name;
	in.to_addr = s->email;
	in.subject = subject;
	in.text = text.data ? text.data : "";
	in.html = html.data ? html.data : "";
	in.message_id = id;
	in.date = now;
	rc = text.overflow || html.overflow ? -1 : message_build(b, &in);
	explicit_bzero(link, sizeof(link));
	buf_free(&text);
	buf_free(&html);
	free(subject);
	free(name);
	return rc;
}

/* ---- sending ---------------------------------------------------------- */

struct batch {
	struct signup_sender	*s;
	time_t			 now;
	const struct signup_item *items;
	struct mail_job		*jobs;
	const int		*map;	/* jobs index -> items */
	struct ledger_counts	*c;
	int			 failed;
};

static void
note_fault(struct signup_sender *s, const struct mail_job *j)
{
	if (j->fault == MAIL_FAULT_NONE) {
		s->relay_seen = 1;
		return;
	}
	if (s->fault != MAIL_FAULT_NONE)
		return;
	s->fault = j->fault;
	snprintf(s->fault_reply, sizeof(s->fault_reply), "%s", j->reply);
}

static void
log_result(const struct signup_item *it, const struct mail_job *j)
{
	char reply[sizeof(j->reply)];

	if (j->result == MAIL_UNSENT || j->fault != MAIL_FAULT_NONE)
		return;
	str_mask_addresses(reply, sizeof(reply), j->reply);
	log_info("mail: signup %lld confirmation: %s%s%s", it->id,
	    mail_result_str(j->result), j->result == MAIL_SENT ? "" : ": ",
	    j->result == MAIL_SENT ? "" : reply);
}

/* the mailer's done callback: each result goes in as soon as it is known */
static int
record_done(void *arg, const size_t *done, size_t n)
{
	struct batch *bt = arg;
	struct signup_item items[BATCH];
	struct mail_job jobs[BATCH];
	size_t k;

	for (k = 0; k < n; k++) {
		items[k] = bt->items[bt->map[done[k]]];
		jobs[k] = bt->jobs[done[k]];
		note_fault(bt->s, &jobs[k]);
		log_result(&items[k], &jobs[k]);
	}
	if (signup_store_record(bt->s->db, bt->now, items, jobs, (int)n,
	    bt->c) == -1)
		bt->failed = 1;
	return bt->failed || bt->s->fault != MAIL_FAULT_NONE;
}

/* builds the claimed emails into jobs; those that cannot be are failed */
static int
build_batch(struct signup_sender *s, time_t now, const struct signup_item *items,
    int n, struct mail_job *jobs, int *map, struct ledger_counts *c)
{
	const char *rp = s->cfg->mail_return_path;
	int i, m = 0;

	for (i = 0; i < n; i++) {
		struct signup_row row;
		struct buf b;
		int x;

		if ((x = signup_store_get(s->db, items[i].id, &row)) != 0) {
			struct mail_job bad;

			/* gone (purged) for good, or a passing failure */
			memset(&bad, 0, sizeof(bad));
			bad.result = x == 1 ? MAIL_PERM : MAIL_TEMP;
			snprintf(bad.reply, sizeof(bad.reply), "refready: the "
			    "signup could not be read");
			if (signup_store_record(s->db, now, &items[i], &bad, 1,
			    c) == -1)
				return -1;
			continue;
		}
		buf_init(&b, 1024 * 1024);
		if (signup_mail_build(s->cfg, s->program, &row, s->key,
		    s->domain, now, &b) == -1) {
			struct mail_job bad;

			buf_free(&b);
			signup_row_free(&row);
			memset(&bad, 0, sizeof(bad));
			bad.result = MAIL_PERM;
			snprintf(bad.reply, sizeof(bad.reply), "refready: the "
			    "email could not be built");
			if (signup_store_record(s->db, now, &items[i], &bad, 1,
			    c) == -1)
				return -1;
			continue;
		}
		memset(&jobs[m], 0, sizeof(jobs[m]));
		jobs[m].len = b.len;
		jobs[m].data = buf_take(&b);
		jobs[m].rcpt = xstrdup(row.email);
		/* no enrollment to tag it with: the plain return path */
		jobs[m].from = rp ? xstrdup(rp) : NULL;
		map[m++] = i;
		signup_row_free(&row);
	}
	return m;
}

static int
send_batch(struct signup_sender *s, time_t now, const struct signup_item *items,
    int n, struct ledger_counts *c)
{
	struct mail_job jobs[BATCH];
	int map[BATCH], m, i;
	struct batch bt;

	if ((m = build_batch(s, now, items, n, jobs, map, c)) == -1)
		return -1;
	memset(&bt, 0, sizeof(bt));
	bt.s = s;
	bt.now = now;
	bt.items = items;
	bt.jobs = jobs;
	bt.map = map;
	bt.c = c;
	mailer_send(s->mailer, jobs, m, record_done, &bt);
	/* those never started go back as they were, due now */
	for (i = 0; i < m && !bt.failed; i++)
		if (jobs[i].result == MAIL_UNSENT &&
		    signup_store_record(s->db, now, &items[map[i]], &jobs[i],
		    1, c) == -1)
			bt.failed = 1;
	for (i = 0; i < m; i++) {
		free((char *)jobs[i].data);
		free((char *)jobs[i].rcpt);
		free((char *)jobs[i].from);
	}
	if (bt.failed)
		return -1;
	return s->fault != MAIL_FAULT_NONE;
}

int
signup_mail_pass(struct signup_sender *s, time_t now, struct ledger_counts *c)
{
	struct signup_item items[BATCH];
	int n = 0, rc = 0;

	if (signup_store_reclaim(s->db) == -1 ||
	    signup_store_purge(s->db, now) == -1)
		return -1;
	while (rc == 0 && !(s->stop && *s->stop) &&
	    (n = signup_store_claim(s->db, now, s->cfg->signup_confirm_hours,
	    items, BATCH, c)) > 0)
		rc = send_batch(s, now, items, n, c);
	if (rc == 0 && n == -1)
		rc = -1;
	return rc;
}
