/*
 * mailbox.h - reading mail one message at a time from a Maildir, an mbox
 * file or standard input, for a caller that decides what each message
 * is.  No database and no configuration: a path, a size limit and a
 * callback.
 *
 * A Maildir is read from new/ and each message is moved to cur/ once the
 * callback has handled it, so the next run does not read it again;
 * nothing is ever deleted.  An mbox file and standard input are only
 * read.
 */
#ifndef REFREADY_MAILBOX_H
#define REFREADY_MAILBOX_H

#include <stddef.h>

#include "diag.h"

/* what the callback did with a message, which says where it is filed */
enum mailbox_verdict {
	MAILBOX_SEEN,		/* handled: Maildir cur/NAME:2,S */
	MAILBOX_FLAGGED,	/* for a person: Maildir cur/NAME:2,F */
	MAILBOX_STOP		/* not handled (the caller could not record
				   it): left where it is; reading stops */
};

/* the reader's, valid only during the callback */
struct mailbox_msg {
	const char	*data;		/* NUL-terminated; may hold NULs */
	size_t		 len;
	/* "DIR/new/NAME", "FILE:LINE" (its From_ line) or "standard input" */
	const char	*where;
};

typedef enum mailbox_verdict (*mailbox_fn)(void *arg,
		    const struct mailbox_msg *);

/*
 * Reads path and hands each message of at most max bytes to fn, once:
 *
 *   "-"		one message on standard input (a leading From_
 *			line is the classifier's to skip)
 *   a directory	a Maildir (it must have cur/ and new/): every file
 *			in new/ in name order (names starting with '.'
 *			are skipped), each then moved to cur/ with the
 *			verdict's flag; a name already in cur/ gets a
 *			".N" suffix rather than replacing a file
 *   a file		an mbox: messages start at "From " lines at the
 *			start of the file or after a blank line, which is
 *			not part of the message; ">From " is un-escaped
 *
 * A message over max, or in a Maildir one that cannot be read or is not
 * a regular file, is not handed to fn: it gets one line in dl naming it,
 * and stays where it is (a Maildir files it in cur/ flagged, so that a
 * person sees it and it is not read again every minute).
 *
 * A crash between fn and the move into cur/ hands that message over
 * again on the next run: what fn records must not count a message twice.
 *
 * Returns 0 when everything was read, -1 when path is none of the three
 * or cannot be read (one line in dl), or fn returned MAILBOX_STOP.
 */
int	mailbox_read(const char *path, size_t max, mailbox_fn fn, void *arg,
	    struct diag_list *dl);

#endif
