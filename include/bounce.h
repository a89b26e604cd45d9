/*
 * bounce.h - what a message that came back to the return path is: a hard
 * or soft bounce (RFC 3464 delivery status notification), a complaint
 * (RFC 5965 feedback report), an auto-reply (RFC 3834 and the usual
 * vacation markers) or something a person should look at, and what in it
 * identifies the person it is about.
 *
 * A pure function of the message's bytes: no database, no clock, no
 * configuration beyond the return path's local part.  The caller finds
 * the person (by the tag, else the quoted Message-ID, else the recipient)
 * and decides what the kind does to them.
 */
#ifndef REFREADY_BOUNCE_H
#define REFREADY_BOUNCE_H

#include <stddef.h>

/*
 * Caps on what is looked at, so that hostile input costs little.
 *
 * BOUNCE_MAX_SIZE: bounce_classify refuses a longer message; readers
 * (mailbox.h) reject one before reading it whole.
 * BOUNCE_SCAN_MAX: only the first MiB, cut at a line end, is parsed.
 * Real reports put their report part and the quoted headers near the
 * top; one whose report lies further in is unrecognised, left for a
 * person, never guessed at.
 * BOUNCE_MAX_DASH_LINES: parsing stops before the 1001st line beginning
 * "--".  Every MIME part needs such a line, so a message cannot make the
 * parser build millions of parts (two million empty parts fit in 10 MiB
 * and cost GMime gigabytes).
 * BOUNCE_MAX_DEPTH: parts nested deeper are not looked into.
 * BOUNCE_MAX_RECIPIENTS: blocks of a report read after its first (the
 * per-message one); a recipient further down is not seen.
 */
#define BOUNCE_MAX_SIZE		(10 * 1024 * 1024)
#define BOUNCE_SCAN_MAX		(1024 * 1024)
#define BOUNCE_MAX_DASH_LINES	1000
#define BOUNCE_MAX_DEPTH	16
#define BOUNCE_MAX_RECIPIENTS	100

/* the longest of each field kept, in bytes, without the NUL */
#define BOUNCE_TAG_MAX		64	/* a local part has at most 64 */
#define BOUNCE_ID_MAX		250
#define BOUNCE_ADDR_MAX		254	/* RFC 5321's longest path */
#define BOUNCE_STATUS_MAX	9	/* "5.123.123" */
#define BOUNCE_REASON_MAX	200

enum bounce_kind {
	BOUNCE_HARD,		/* report: failed, 5.x.x */
	BOUNCE_SOFT,		/* report: delayed, or a 4.x.x status */
	BOUNCE_COMPLAINT,	/* feedback report (ARF) */
	BOUNCE_AUTOREPLY,	/* vacation, out of office, read receipt */
	BOUNCE_UNRECOGNISED	/* anything else: for a person to read */
};

/*
 * Every string is NUL-terminated, valid UTF-8 without control
 * characters, and empty when the message did not say.
 */
struct bounce {
	enum bounce_kind kind;
	/* lower-case letters and digits, from LOCAL+TAG@... */
	char	tag[BOUNCE_TAG_MAX + 1];
	/* the original's Message-ID, without the angle brackets */
	char	message_id[BOUNCE_ID_MAX + 1];
	/* Final-Recipient, else Original-Recipient (ARF: Original-Rcpt-To) */
	char	recipient[BOUNCE_ADDR_MAX + 1];
	/* the RFC 3463 status, "5.1.1"; valid form only */
	char	status[BOUNCE_STATUS_MAX + 1];
	/*
	 * Diagnostic-Code without its "smtp;" type; ARF: the
	 * Feedback-Type; an auto-reply: the marker that gave it away;
	 * unrecognised: the subject
	 */
	char	reason[BOUNCE_REASON_MAX + 1];
};

/*
 * Classifies msg[0..len) (LF or CRLF lines, a leading mbox "From " line
 * skipped) and fills *b.  local is the return path's local part
 * ("bounces"): the tag is looked for in "local+TAG@" in Delivered-To,
 * X-Original-To, Envelope-To and To, in that order (a feedback report's
 * Original-Mail-From last, since complaints come to the address the
 * provider was given); NULL or "" looks for none.
 *
 * Reports are recognised before auto-replies, because mailers mark their
 * DSNs "Auto-Submitted: auto-replied" too.  In a report for several
 * recipients the first hard one decides, else the first soft one; a
 * report in which every recipient was delivered, relayed or expanded is
 * no bounce (BOUNCE_UNRECOGNISED; refready never asks for such reports).
 * A message from MAILER-DAEMON or postmaster without a report is left
 * BOUNCE_UNRECOGNISED whatever its markers: it may be a bounce in words.
 *
 * Returns 0, or -1 when len is over BOUNCE_MAX_SIZE (then *b says
 * BOUNCE_UNRECOGNISED with nothing found).  Thread-safe (each call has
 * GMime objects of its own); allocates nothing the caller frees.
 */
int		 bounce_classify(const char *msg, size_t len, const char *local,
		    struct bounce *b);

/* "hard", "soft", "complaint", "auto-reply", "unrecognised" */
const char	*bounce_kind_name(enum bounce_kind);

#endif
