/*
 * http.h - the daemon's HTTP listener, on libmicrohttpd.
 *
 * http.c knows HTTP and nothing of the product: it reads a request (with
 * its body, at most HTTP_MAXBODY bytes unless http_limits.body_max says
 * otherwise for the request), hands it to one handler function, and
 * sends what the handler filled in, with the security headers every
 * answer carries.  A body over the limit is not read: the handler is
 * called with too_big set, to answer 413 in its own format.  The handler runs on one of
 * libmicrohttpd's threads, so whatever it touches must be thread-safe.
 */
#ifndef REFREADY_HTTP_H
#define REFREADY_HTTP_H

#include <stddef.h>

#include "buf.h"

#define HTTP_MAXBODY	(64 * 1024)
#define HTTP_MAXPAGE	(4 * 1024 * 1024)

struct http_req {
	const char	*method;
	const char	*path;		/* as sent, before any query */
	const char	*body;		/* NUL-terminated; "" when none */
	size_t		 bodylen;
	void		*conn;		/* for http_req_header/_arg */
	int		 loopback;	/* the client is 127.0.0.0/8 or ::1 */
	char		 client[46];	/* its address as text; "" unknown */
	int		 too_big;	/* the body was over body_max: answer 413 */
	size_t		 body_max;	/* the limit on this request's body */
	/*
	 * Looks up a header (arg 0) or a query argument (arg 1) of conn;
	 * http.c asks libmicrohttpd, the route fuzzer its own table.
	 */
	const char	*(*lookup)(void *conn, int arg, const char *name);
};

struct http_resp {
	int		 status;
	const char	*ctype;		/* NULL: text/plain */
	struct buf	 body;		/* at most HTTP_MAXPAGE */
	char		 etag[48];	/* "" for none */
	char		 location[512];	/* for 303 */
	const char	*cache;		/* Cache-Control, NULL: no-store */
	const char	*allow;		/* for 405 */
	const char	*www_auth;	/* WWW-Authenticate, for 401 */
};

/* a request header or query argument, or NULL */
const char	*http_req_header(const struct http_req *, const char *name);
const char	*http_req_arg(const struct http_req *, const char *name);

typedef void	 (*http_handler)(void *arg, const struct http_req *,
		    struct http_resp *);

struct http;

/* how many connections one client address may hold */
struct http_limits {
	unsigned	 per_ip;	/* 0: any number */
	char		**unlimited;	/* numeric addresses never limited */
	size_t		 nunlimited;
	/* the most body bytes a request may send; NULL: HTTP_MAXBODY */
	size_t		(*body_max)(const char *method, const char *path);
};

/*
 * Listens on listen ("HOST:PORT", an IPv4 address or "[v6]:port") with
 * threads worker threads.  NULL (logged) if the address is bad or taken.
 */
struct http	*http_start(const char *listen, int threads,
		    const struct http_limits *, http_handler, void *arg);
/* stops accepting, waits for the requests being answered, frees */
void		 http_stop(struct http *);

/* "HOST:PORT" into a socket address; -1 when malformed */
struct sockaddr_storage;
int		 http_parse_listen(const char *listen,
		    struct sockaddr_storage *, unsigned *len);

#endif
