/*
 * mailer.h - delivering built messages, through a backend chosen by the
 * scheme of mail.url: "maildir:PATH" (a file per message) or
 * "smtp://" / "smtps://" (libcurl, several connections, each reused).
 *
 * A batch of jobs goes in; each comes back with its result and the
 * server's last reply, which the ledger records.  Only a confirmed
 * delivery is MAIL_SENT.
 */
#ifndef REFREADY_MAILER_H
#define REFREADY_MAILER_H

#include <stddef.h>

#include "config.h"

enum mail_result {
	MAIL_SENT,		/* accepted: 250 after DATA, or in new/ */
	MAIL_TEMP,		/* try again later: 4xx, refused, timeout */
	MAIL_PERM,		/* 5xx: will never be accepted */
	MAIL_UNCERTAIN		/* all sent, the final reply never came */
};

struct mail_job {
	const char		*rcpt;
	const char		*data;
	size_t			 len;
	enum mail_result	 result;
	char			 reply[256];	/* last reply or error */
	size_t			 off;		/* backend's progress */
	int			 connect_failed;
};

struct mailer;

/*
 * Called as soon as jobs have their final results, with the indexes of
 * the n that finished together, before anything more is sent, so the
 * caller can record them first: what a crash can make us send twice is
 * then only what was on the wire.  Results that come in together are
 * recorded in one transaction, not one each.
 */
typedef void	(*mail_done_fn)(void *arg, const size_t *index, size_t n);

/* NULL (logged) when the transport cannot be set up */
struct mailer	*mailer_open(const struct cfg *);
/*
 * Delivers jobs, at most mail.rate a second, calling done (if set) as
 * they finish.  Returns 0, or -1 when the server could not be
 * reached at all (every job failed to connect).
 */
int		 mailer_send(struct mailer *, struct mail_job *, size_t n,
		    mail_done_fn done, void *arg);
void		 mailer_close(struct mailer *);
const char	*mail_result_str(enum mail_result);

/* the backends (mail_maildir.c, mail_smtp.c) */
struct mail_backend {
	const char	*scheme;
	void		*(*open)(const struct cfg *);
	int		 (*send)(void *, struct mail_job *, size_t,
			    mail_done_fn, void *);
	void		 (*close)(void *);
};

extern const struct mail_backend mail_maildir;
extern const struct mail_backend mail_smtp;

#endif
