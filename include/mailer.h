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
	MAIL_UNCERTAIN,		/* all sent, the final reply never came */
	MAIL_UNSENT		/* never tried: the batch was stopped */
};

/*
 * Whose fault a failure was.  Only a refusal of the recipient (RCPT TO)
 * or of the message (the reply to the end of DATA) belongs to the one
 * message; anything that failed the session before that (the greeting,
 * EHLO, STARTTLS, AUTH, MAIL FROM, the DATA command) or never reached a
 * session at all is the relay's, and would fail every message alike.
 */
enum mail_fault {
	MAIL_FAULT_NONE,
	MAIL_FAULT_CONNECT,	/* could not connect, or no greeting */
	MAIL_FAULT_TLS,		/* STARTTLS refused, handshake or certificate */
	MAIL_FAULT_SESSION,	/* greeting, EHLO or DATA refused */
	MAIL_FAULT_LOGIN,	/* AUTH refused, or no usable mechanism */
	MAIL_FAULT_SENDER,	/* MAIL FROM refused */
	MAIL_FAULT_POLICY,	/* one 5xx for recipient after recipient */
	MAIL_FAULT_LOCAL,	/* the Maildir could not be written */
	MAIL_FAULT_MAX
};

struct mail_job {
	const char		*from;		/* envelope sender; NULL: mail.from */
	const char		*rcpt;
	const char		*data;
	size_t			 len;
	enum mail_result	 result;
	enum mail_fault		 fault;		/* with MAIL_TEMP */
	char			 reply[256];	/* last reply or error */
	size_t			 off;		/* backend's progress */
};

struct mailer;

/*
 * Called as soon as jobs have their final results, with the indexes of
 * the n that finished together, before anything more is sent, so the
 * caller can record them first: what a crash can make us send twice is
 * then only what was on the wire.  Results that come in together are
 * recorded in one transaction, not one each.  Non-zero stops the batch:
 * no message is started after it, the ones on the wire finish (and are
 * reported), and the rest keep MAIL_UNSENT.
 */
typedef int	(*mail_done_fn)(void *arg, const size_t *index, size_t n);

/* NULL (logged) when the transport cannot be set up */
struct mailer	*mailer_open(const struct cfg *);
/*
 * Delivers jobs, at most mail.rate a second, calling done for each as it
 * finishes, until done asks to stop (see mail_done_fn).
 */
void		 mailer_send(struct mailer *, struct mail_job *, size_t n,
		    mail_done_fn done, void *arg);
void		 mailer_close(struct mailer *);
const char	*mail_result_str(enum mail_result);
/* "connect", "login", ...: a metric label */
const char	*mail_fault_name(enum mail_fault);
/* "refused the login", ...: what the relay did, after its URL */
const char	*mail_fault_what(enum mail_fault);

/* the backends (mail_maildir.c, mail_smtp.c) */
struct mail_backend {
	const char	*scheme;
	void		*(*open)(const struct cfg *);
	void		 (*send)(void *, struct mail_job *, size_t,
			    mail_done_fn, void *);
	void		 (*close)(void *);
};

extern const struct mail_backend mail_maildir;
extern const struct mail_backend mail_smtp;

#endif
