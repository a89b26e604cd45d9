/*
 * bounce_store.h - what a classified returned message (bounce.h) does to
 * the person it is about: found by the return path's tag, else by the
 * Message-ID the report quotes, else by the report's recipient address;
 * recorded once; and its effect.  A hard bounce, or BOUNCE_SOFT_LIMIT
 * soft ones within BOUNCE_SOFT_DAYS, stops the person's mail (state
 * bounced); a complaint stops it at once (complained); either puts the
 * address on the suppression list.  The page and the feed keep working.
 */
#ifndef REFREADY_BOUNCE_STORE_H
#define REFREADY_BOUNCE_STORE_H

#include <time.h>

#include "bounce.h"
#include "db.h"
#include "diag.h"
#include "token.h"

#define BOUNCE_SOFT_LIMIT	3
#define BOUNCE_SOFT_DAYS	14

enum bounce_effect {
	BOUNCE_EFFECT_NONE,	/* kept, nothing changes (yet) */
	BOUNCE_EFFECT_BOUNCED,	/* mail stops: state bounced */
	BOUNCE_EFFECT_COMPLAINED /* mail stops: state complained */
};

/* pure: what a message of kind does, given the soft ones in the window */
enum bounce_effect bounce_effect_of(enum bounce_kind, int soft_in_window);

/* what became of one message */
struct bounce_outcome {
	enum {
		BOUNCE_APPLIED,		/* recorded; effect says what it did */
		BOUNCE_SEEN_BEFORE,	/* this very message was counted */
		BOUNCE_NOBODY,		/* no person it could be about */
		BOUNCE_FORGED		/* a tag of ours that does not verify */
	}			 what;
	enum bounce_effect	 effect;
	long long		 person_id;
	long long		 enrollment_id;	/* 0: found by address */
	int			 day;		/* 0: unknown */
	int			 resend;	/* N: the day's Nth resend */
	char			 email[256];
	char			 how[16];	/* "tag", "message-id", ... */
};

/*
 * Applies b (a hard or soft bounce, or a complaint) to its person in one
 * transaction.  hash identifies the message (SHA-256 of its bytes), so
 * one read twice (a crash before it was filed) counts once.  0 with *o
 * filled, or -1 on a database error.
 */
int	bounce_store_apply(struct db *, const unsigned char key[TOKEN_SECRET_LEN],
	    const struct bounce *b, const unsigned char hash[32], time_t now,
	    struct bounce_outcome *o);

/*
 * The person's last stopping event (hard bounce or complaint, or the
 * soft one that made the limit), for status: 1 and its fields, 0 none.
 */
int	bounce_store_last(struct db *, long long person_id, time_t *at,
	    char *kind, size_t kn, char *reason, size_t rn);

/* a run over a mailbox: how many of each kind */
struct bounce_counts {
	long	hard, soft, complaints, autoreplies, unrecognised;
};

/* told of each message read, with where it was ("DIR/new/NAME", ...) */
typedef void	(*bounce_line_fn)(void *arg, const char *where,
		    const struct bounce *, const struct bounce_outcome *);

/*
 * Reads what came back from path (a Maildir, an mbox file, or "-" for
 * standard input; see mailbox.h), classifies each message with local as
 * the return path's local part (NULL: no tags), applies each bounce and
 * complaint, and tells line.  Maildir messages go to cur/: seen, or
 * flagged when a person should look (unrecognised, nobody we know, a
 * forged tag).  0; -1 when the database failed (reading stopped: what is
 * left stays in new/); -2 when path cannot be read as mail (why in dl).
 */
int	bounce_store_read(struct db *, const unsigned char key[TOKEN_SECRET_LEN],
	    const char *local, const char *path, time_t now, bounce_line_fn,
	    void *arg, struct bounce_counts *, struct diag_list *dl);

#endif
