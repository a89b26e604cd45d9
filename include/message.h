/*
 * message.h - the lesson email as RFC 5322 bytes: multipart/alternative
 * with a text/plain and a text/html part, both UTF-8 and quoted-printable,
 * CRLF line ends, no line over 76 octets, and headers in which no value
 * can ever carry a raw CR or LF.
 *
 * Both transports deliver these same bytes: the Maildir writes them to a
 * file and SMTP uploads them through libcurl.  (libcurl's MIME API builds
 * a message only inside an SMTP transfer and cannot hand the bytes to the
 * Maildir, so the message is built here, once, for both.)
 */
#ifndef REFREADY_MESSAGE_H
#define REFREADY_MESSAGE_H

#include <stddef.h>
#include <time.h>

#include "buf.h"

/*
 * Completes one line of a prepared part (see below): appends line[0..n)
 * to out with its marks replaced.  0, or -1 when out is full.
 */
typedef int	(*message_fill_fn)(struct buf *out, const char *line,
		    size_t n, void *arg);

/*
 * A body part encoded once for many messages.  Quoted-printable encodes
 * each line on its own, so a line without the mark byte is encoded here,
 * once; a line with it is kept as it is and encoded per message after a
 * message_fill_fn has replaced its marks.  For a lesson that is nearly
 * all of 15 KB encoded once a day instead of once a person.
 */
struct message_seg {
	int	 fill;		/* 1: a marked line in src, 0: bytes in enc */
	size_t	 off;
	size_t	 len;
};

struct message_part {
	char			*src;	/* the text, marks and all */
	struct buf		 enc;	/* the unmarked lines, encoded */
	struct message_seg	*segs;
	size_t			 nsegs;
	size_t			 capsegs;
};

struct message_in {
	const char	*from;		/* "Name <addr>" or "addr" */
	const char	*reply_to;	/* the same form, or NULL */
	const char	*to_name;	/* may be NULL or "" */
	const char	*to_addr;
	const char	*subject;
	const char	*subject_prefix;	/* before it, or NULL */
	const char	*text;		/* UTF-8, LF or CRLF line ends */
	const char	*html;
	const char	*unsubscribe_url;
	const char	*message_id;	/* without the angle brackets */
	time_t		 date;
	/*
	 * When set, the text and html parts come from these instead of text
	 * and html, their marked lines completed by fill with text_arg and
	 * html_arg.
	 */
	const struct message_part *text_part;
	const struct message_part *html_part;
	message_fill_fn	 fill;
	void		*text_arg;
	void		*html_arg;
};

/* appends the whole message to out; 0, or -1 when it is too big */
int	message_build(struct buf *out, const struct message_in *);

/*
 * The address in a From value ("Plan <plan@example.org>" gives
 * "plan@example.org"); 0, or -1 if none fits in n bytes.
 */
int	message_addr(const char *from, char *out, size_t n);

/* appends s as a header value: RFC 2047 words when not plain ASCII */
void	message_header_text(struct buf *, const char *s, size_t used);

/* appends s quoted-printable with CRLF line ends */
void	message_qp(struct buf *, const char *s);

/*
 * Prepares text (UTF-8, LF or CRLF line ends) as a part whose lines that
 * hold the byte mark are completed per message.  0, or -1 when it is too
 * big.  Release with message_part_free.
 */
int	message_part_init(struct message_part *, const char *text, char mark);
void	message_part_free(struct message_part *);

/*
 * Appends the part quoted-printable, exactly as message_qp would encode
 * the text with its marks replaced by fill.  0, or -1 when b is full.
 */
int	message_part_qp(struct buf *b, const struct message_part *,
	    message_fill_fn fill, void *arg);

#endif
