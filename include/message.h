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

struct message_in {
	const char	*from;		/* "Name <addr>" or "addr" */
	const char	*to_name;	/* may be NULL or "" */
	const char	*to_addr;
	const char	*subject;
	const char	*text;		/* UTF-8, LF or CRLF line ends */
	const char	*html;
	const char	*unsubscribe_url;
	const char	*message_id;	/* without the angle brackets */
	time_t		 date;
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

#endif
