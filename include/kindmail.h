/*
 * kindmail.h - the emails that are not lessons: the welcome, the
 * completion summary and the weeks after, one ledger kind each.
 *
 * The scheduler claims them, records them and retries them exactly as it
 * does lessons (one ledger, one path); only the making differs.  Each
 * kind is a row of kindmail.c's table: its ledger kind, the letter that
 * names it in Message-IDs and return paths (token.h), its templates in
 * the curriculum (curriculum.h's enum cur_mail) and its fill function,
 * which adds the kind's own merge fields to the person's.  A new kind is
 * a new row and a module with its fill function.
 */
#ifndef REFREADY_KINDMAIL_H
#define REFREADY_KINDMAIL_H

#include "buf.h"
#include "enrollment.h"
#include "kindctx.h"
#include "ledger.h"
#include "render.h"

/* 1 when kind is made here (not a lesson or a resend of one) */
int	kindmail_is(enum ledger_kind kind);

/*
 * The Message-ID (out, n bytes) and VERP tag of e's email of kind with
 * ledger key; domain is mail.from's.
 */
void	kindmail_ids(const unsigned char key[TOKEN_SECRET_LEN],
	    enum ledger_kind kind, long long enrollment, int lkey,
	    const char *domain, char *out, size_t n,
	    char verp[TOKEN_VERP_MAX]);

/*
 * Renders e's email of kind (ledger key lkey) into out: subject, text and
 * html.  0; -1 when it cannot be made (why says so, a permanent
 * failure); -2 when the database could not be read (it passes).
 * Release out with render_email_free.
 */
int	kindmail_render(const struct kind_ctx *, enum ledger_kind kind,
	    const struct enrollment *e, int lkey, struct render_email *out,
	    const char **why);

/*
 * Appends to b the whole message of e's email of kind, sent to to_addr
 * with message_id; subject_prefix (or NULL) goes before the subject.
 * The same returns as kindmail_render.
 */
int	kindmail_build(const struct kind_ctx *, enum ledger_kind kind,
	    const struct enrollment *e, int lkey, const char *to_addr,
	    const char *message_id, const char *subject_prefix,
	    struct buf *b, const char **why);

#endif
