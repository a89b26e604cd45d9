/*
 * kindmail.c - the emails that are not lessons (see kindmail.h).
 *
 * The dispatch is the table below: one row per kind.  A kind's fill
 * function adds its own merge fields to the person's, and the templates
 * curriculum check validated are filled with them, exactly as a lesson's
 * template is (render_fill), so the same escaping and the same message
 * builder serve every email refready sends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "completion.h"
#include "followon_mail.h"
#include "kindmail.h"
#include "message.h"
#include "util.h"
#include "welcome.h"

/* one kind of email: see kindmail.h */
struct kind {
	enum ledger_kind	 kind;
	char			 letter;	/* in its Message-ID and tag */
	enum cur_mail		 tmpl;
	int			(*fill)(const struct kind_ctx *,
				    const struct enrollment *, int lkey,
				    struct kind_vars *, const char **why);
};

static const struct kind kinds[] = {
	{ LEDGER_WELCOME, 'w', CUR_MAIL_WELCOME, welcome_fill },
	{ LEDGER_COMPLETION, 'c', CUR_MAIL_COMPLETION, completion_fill },
	{ LEDGER_FOLLOWON, 'f', CUR_MAIL_FOLLOWON, followon_fill },
};

static const struct kind *
kind_of(enum ledger_kind k)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].kind == k)
			return &kinds[i];
	return NULL;
}

int
kindmail_is(enum ledger_kind k)
{
	return kind_of(k) != NULL;
}

void
kindmail_ids(const unsigned char key[TOKEN_SECRET_LEN], enum ledger_kind k,
    long long enrollment, int lkey, const char *domain, char *out, size_t n,
    char verp[TOKEN_VERP_MAX])
{
	const struct kind *kd = kind_of(k);
	char letter = kd ? kd->letter : 'w';

	token_message_id_kind(key, enrollment, letter, lkey, domain, out, n);
	token_verp_kind(key, enrollment, letter, lkey, verp);
}

static void
vars_free(struct kind_vars *kv)
{
	while (kv->nkept > 0)
		free(kv->kept[--kv->nkept]);
}

/* a text made of lines the fields left empty keeps one blank line */
static char *
squeeze_blank_lines(char *s)
{
	char *r = s, *w = s;
	int nl = 0;

	for (; *r; r++) {
		if (*r == '\r')
			continue;
		nl = *r == '\n' ? nl + 1 : 0;
		if (nl <= 2)
			*w++ = *r;
	}
	*w = '\0';
	return s;
}

int
kindmail_render(const struct kind_ctx *ctx, enum ledger_kind k,
    const struct enrollment *e, int lkey, struct render_email *out,
    const char **why)
{
	const struct kind *kd = kind_of(k);
	const struct cur_mail_tmpl *t;
	struct enrollment_vars ev;
	struct kind_vars kv;
	struct buf subj, text, html;
	int rc;

	memset(out, 0, sizeof(*out));
	if (kd == NULL) {
		*why = "this kind of email cannot be built";
		return -1;
	}
	t = &ctx->cur->mail[kd->tmpl];
	memset(&kv, 0, sizeof(kv));
	enrollment_vars(e, ctx->cfg->base_url, ctx->cfg->mail_footer,
	    ctx->key, 1, &ev);
	kv.v = ev.v;
	kv.v.v[RF_DATE] = NULL;		/* a plan day's, not this email's */
	kv.v.v[RF_PROGRAM] = ctx->cur->title;
	kv.v.v[RF_TOTAL_DAYS] = kind_keep(&kv, xasprintf("%d", CUR_DAYS));
	if ((rc = kd->fill(ctx, e, lkey, &kv, why)) != 0)
		goto out;
	buf_init(&subj, 4096);
	buf_init(&text, RENDER_MAX);
	buf_init(&html, RENDER_MAX);
	if (render_fill(&subj, t->subject, &kv.v, 0) == -1 ||
	    render_fill(&text, t->text, &kv.v, 0) == -1 ||
	    render_fill(&html, t->html, &kv.v, 1) == -1) {
		*why = "the email could not be rendered";
		rc = -1;
	} else {
		out->subject = buf_take(&subj);
		out->text = squeeze_blank_lines(buf_take(&text));
		out->html = buf_take(&html);
	}
	buf_free(&subj);
	buf_free(&text);
	buf_free(&html);
out:
	vars_free(&kv);
	enrollment_vars_free(&ev);
	return rc;
}

int
kindmail_build(const struct kind_ctx *ctx, enum ledger_kind k,
    const struct enrollment *e, int lkey, const char *to_addr,
    const char *message_id, const char *subject_prefix, struct buf *b,
    const char **why)
{
	struct enrollment_vars ev;
	struct render_email mail;
	struct message_in in;
	int rc;

	if ((rc = kindmail_render(ctx, k, e, lkey, &mail, why)) != 0)
		return rc;
	/* the name and unsubscribe link, as a lesson's headers have them */
	enrollment_vars(e, ctx->cfg->base_url, ctx->cfg->mail_footer,
	    ctx->key, 1, &ev);
	memset(&in, 0, sizeof(in));
	in.from = ctx->cfg->mail_from;
	in.reply_to = ctx->cfg->mail_reply_to;
	in.to_name = ev.name;
	in.to_addr = to_addr;
	in.unsubscribe_url = ev.links.unsubscribe;
	in.message_id = message_id;
	in.subject_prefix = subject_prefix;
	in.subject = mail.subject;
	in.text = mail.text;
	in.html = mail.html;
	in.date = ctx->now;
	if ((rc = message_build(b, &in)) == -1)
		*why = "the email is too big";
	enrollment_vars_free(&ev);
	render_email_free(&mail);
	return rc;
}
