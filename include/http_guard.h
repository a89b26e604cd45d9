/*
 * http_guard.h - what keeps one client from taking the listener away from
 * everyone: connections per address, a deadline for a request's headers,
 * and room for the file descriptors (used by http.c only).
 *
 * libmicrohttpd 0.9.75 (Debian 12) has a per-address limit of its own,
 * but it cannot exempt a local reverse proxy, behind which every client
 * has the same address.  So the guard counts connections itself, from an
 * accept-policy callback (before a connection is set up) and a
 * connection-notify callback (set up, closed).  Its idle timeout restarts
 * at every byte, so a client trickling a header a byte at a time would
 * hold a place for ever; the guard's own thread ends a connection whose
 * headers have not arrived HTTP_GUARD_HEADER_SECS after it opened or
 * after its previous request.
 */
#ifndef REFREADY_HTTP_GUARD_H
#define REFREADY_HTTP_GUARD_H

#include <stddef.h>
#include <sys/socket.h>

#include <microhttpd.h>

#define HTTP_GUARD_HEADER_SECS	10

struct http_guard;

/*
 * per_ip connections at most from any address not among the n numeric
 * addresses in unlimited (0: any number); limited addresses together
 * hold at most limited connections.  NULL (logged) when an address does
 * not parse or the guard's thread cannot start.
 */
struct http_guard	*http_guard_new(unsigned per_ip, char **unlimited,
			    size_t n, unsigned limited);
/* after libmicrohttpd has stopped (and so closed every connection) */
void			 http_guard_free(struct http_guard *);

/* libmicrohttpd's accept policy and connection-notify callbacks */
enum MHD_Result	 http_guard_accept(void *guard, const struct sockaddr *,
		    socklen_t);
void		 http_guard_notify(void *guard, struct MHD_Connection *,
		    void **socket_context,
		    enum MHD_ConnectionNotificationCode);

/* a request's headers have arrived: its deadline is off */
void		 http_guard_headers(struct http_guard *,
		    struct MHD_Connection *);
/* a request is done: the next one's headers have a deadline again */
void		 http_guard_between(struct http_guard *,
		    struct MHD_Connection *);
/* the connection's client is on 127.0.0.0/8 or ::1 */
int		 http_guard_loopback(struct MHD_Connection *);

/*
 * Raises the descriptor limit so that want connections fit beside the
 * database, the mail connections and the rest; returns how many fit.
 */
unsigned	 http_guard_fit_descriptors(unsigned want);

#endif
