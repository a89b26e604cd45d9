/*
 * http.c - the HTTP listener (see http.h).
 *
 * libmicrohttpd calls answer() several times per request: once with the
 * headers, once per piece of body, and once more when the request is
 * complete.  The body is gathered into a per-request struct buf whose
 * maximum is HTTP_MAXBODY, or what http_limits.body_max gives for the
 * request (the API's CSV import takes more than a form); a declared
 * Content-Length over it is answered 413 at once, a chunked body that
 * grows over it is drained (up to a limit) and answered 413 at the end,
 * both by the handler, which knows the format of its answers.  Header sizes and idle
 * connections are left to libmicrohttpd's own limits, set in
 * http_start(); connections per client address and the deadline for a
 * request's headers to libmicrohttpd's callbacks in http_guard.c.
 *
 * libmicrohttpd runs a small pool of threads, each with its own epoll
 * set, so an idle connection costs memory and a descriptor but no
 * thread: a thousand of them do not slow /healthz.  What must not run
 * out is places, so clients outside http.unlimited_from together get at
 * most HTTP_CONNECTIONS - HTTP_ROOM of them, and the rest stay for the
 * local reverse proxy and the monitoring whatever the internet does.
 */
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "http.h"
#include "http_guard.h"
#include "log.h"
#include "net.h"
#include "util.h"

#define DRAIN_MAX	(1024 * 1024)	/* body bytes read before we hang up */
#define HTTP_CONNECTIONS 1000	/* all clients together */
#define HTTP_ROOM	64	/* of those, kept for http.unlimited_from */
#define HTTP_IDLE_SECS	30	/* without a byte either way */

struct http {
	struct MHD_Daemon	*d;
	struct http_guard	*guard;
	http_handler		 fn;
	void			*arg;
	size_t			(*body_max)(const char *, const char *);
};

struct request {
	struct buf	body;
	size_t		max;
	size_t		drained;
	int		too_big;
};

const char *
http_req_header(const struct http_req *r, const char *name)
{
	return r->lookup ? r->lookup(r->conn, 0, name) : NULL;
}

const char *
http_req_arg(const struct http_req *r, const char *name)
{
	return r->lookup ? r->lookup(r->conn, 1, name) : NULL;
}

static const char *
mhd_lookup(void *conn, int arg, const char *name)
{
	return MHD_lookup_connection_value(conn, arg ? MHD_GET_ARGUMENT_KIND :
	    MHD_HEADER_KIND, name);
}

static enum MHD_Result
send_resp(struct MHD_Connection *conn, struct http_resp *rs)
{
	struct MHD_Response *mr;
	enum MHD_Result ret;
	size_t len = rs->body.len;

	mr = MHD_create_response_from_buffer(len, buf_take(&rs->body),
	    MHD_RESPMEM_MUST_FREE);
	if (mr == NULL)
		return MHD_NO;
	MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE,
	    rs->ctype ? rs->ctype : "text/plain; charset=utf-8");
	MHD_add_response_header(mr, MHD_HTTP_HEADER_CACHE_CONTROL,
	    rs->cache ? rs->cache : "no-store");
	if (rs->etag[0])
		MHD_add_response_header(mr, MHD_HTTP_HEADER_ETAG, rs->etag);
	if (rs->location[0])
		MHD_add_response_header(mr, MHD_HTTP_HEADER_LOCATION,
		    rs->location);
	if (rs->allow)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_ALLOW, rs->allow);
	if (rs->www_auth)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		    rs->www_auth);
	/* pages carry personal links: no framing, no referrer, no sniffing */
	MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(mr, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(mr, "Content-Security-Policy",
	    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' "
	    "data:; form-action 'self'; frame-ancestors 'none'; "
	    "base-uri 'none'");
	ret = MHD_queue_response(conn, (unsigned)rs->status, mr);
	MHD_destroy_response(mr);
	return ret;
}

/* the client's address as text, for what is counted per client */
static void
client_of(struct MHD_Connection *conn, char out[NET_ADDRSTRLEN])
{
	const union MHD_ConnectionInfo *ci;
	unsigned char a[NET_ADDRLEN];

	out[0] = '\0';
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && net_addr_of(ci->client_addr, ci->client_addr->sa_family ==
	    AF_INET ? sizeof(struct sockaddr_in) :
	    sizeof(struct sockaddr_in6), a) == 0)
		net_addr_str(a, out);
}

/* the request to the handler, and its answer back to the client */
static enum MHD_Result
dispatch(struct http *h, struct MHD_Connection *conn, const char *url,
    const char *method, const struct request *rq, size_t max, int too_big)
{
	struct http_req req;
	struct http_resp rs;
	enum MHD_Result ret;

	memset(&req, 0, sizeof(req));
	req.method = method;
	req.path = url;
	req.body = rq && rq->body.data && !too_big ? rq->body.data : "";
	req.bodylen = rq && !too_big ? rq->body.len : 0;
	req.conn = conn;
	req.lookup = mhd_lookup;
	req.loopback = http_guard_loopback(conn);
	client_of(conn, req.client);
	req.too_big = too_big;
	req.body_max = max;
	memset(&rs, 0, sizeof(rs));
	buf_init(&rs.body, HTTP_MAXPAGE);
	rs.status = 500;
	h->fn(h->arg, &req, &rs);
	if (rs.body.overflow) {
		log_warnx("http: %s answer over %d bytes", method,
		    HTTP_MAXPAGE);
		buf_reset(&rs.body);
		rs.status = 500;
		rs.ctype = NULL;
		rs.etag[0] = '\0';
		buf_addstr(&rs.body, "internal error\n");
	}
	ret = send_resp(conn, &rs);
	buf_free(&rs.body);
	return ret;
}

static enum MHD_Result
answer(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct http *h = cls;
	struct request *rq = *con_cls;

	(void)version;
	if (rq == NULL) {
		const char *cl = MHD_lookup_connection_value(conn,
		    MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		size_t max = h->body_max ? h->body_max(method, url) :
		    HTTP_MAXBODY;
		long n;

		http_guard_headers(h->guard, conn);

		if (cl && (parse_long(cl, 0, (long)max, &n) == -1))
			return dispatch(h, conn, url, method, NULL, max, 1);
		rq = xcalloc(1, sizeof(*rq));
		rq->max = max;
		buf_init(&rq->body, max);
		*con_cls = rq;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!rq->too_big && buf_add(&rq->body, upload,
		    *upload_size) == -1)
			rq->too_big = 1;
		if (rq->too_big) {
			rq->drained += *upload_size;
			if (rq->drained > DRAIN_MAX)
				return MHD_NO;	/* hang up */
		}
		*upload_size = 0;
		return MHD_YES;
	}
	return dispatch(h, conn, url, method, rq, rq->max, rq->too_big);
}

static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode code)
{
	struct http *h = cls;
	struct request *rq = *con_cls;

	(void)code;
	/* a kept-alive connection waits for its next request's headers */
	http_guard_between(h->guard, conn);
	if (rq) {
		buf_free(&rq->body);
		free(rq);
		*con_cls = NULL;
	}
}

static void
mhd_log(void *arg, const char *fmt, va_list ap)
{
	char msg[256];

	(void)arg;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	log_debug("http: %s", msg);
}

int
http_parse_listen(const char *listen, struct sockaddr_storage *ss,
    unsigned *len)
{
	struct addrinfo hints, *res = NULL;
	const char *colon = strrchr(listen, ':');
	char *host;
	int rc = -1;

	if (colon == NULL || colon == listen || colon[1] == '\0')
		return -1;
	host = xstrndup(listen, (size_t)(colon - listen));
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host) - 2);
		host[strlen(host) - 2] = '\0';
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if (getaddrinfo(host, colon + 1, &hints, &res) == 0 && res &&
	    res->ai_addrlen <= sizeof(*ss)) {
		memcpy(ss, res->ai_addr, res->ai_addrlen);
		*len = (unsigned)res->ai_addrlen;
		rc = 0;
	}
	if (res)
		freeaddrinfo(res);
	free(host);
	return rc;
}

struct http *
http_start(const char *listen, int threads, const struct http_limits *lim,
    http_handler fn, void *arg)
{
	struct sockaddr_storage ss;
	unsigned sslen, total, limited;
	struct http *h;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ERROR_LOG;

	if (http_parse_listen(listen, &ss, &sslen) == -1) {
		log_warnx("http: cannot listen on '%s': bad address", listen);
		return NULL;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	total = http_guard_fit_descriptors(HTTP_CONNECTIONS);
	limited = total > 2 * HTTP_ROOM ? total - HTTP_ROOM : total / 2;
	h = xcalloc(1, sizeof(*h));
	h->fn = fn;
	h->arg = arg;
	h->body_max = lim->body_max;
	if ((h->guard = http_guard_new(lim->per_ip, lim->unlimited,
	    lim->nunlimited, limited)) == NULL) {
		free(h);
		return NULL;
	}
	h->d = MHD_start_daemon(flags, 0, http_guard_accept, h->guard,
	    answer, h,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(threads > 0 ? threads : 1),
	    MHD_OPTION_CONNECTION_LIMIT, total,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)0,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_IDLE_SECS,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
	    MHD_OPTION_NOTIFY_COMPLETED, completed, h,
	    MHD_OPTION_NOTIFY_CONNECTION, http_guard_notify, h->guard,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_END);
	if (h->d == NULL) {
		log_warnx("http: cannot listen on '%s' (address in use or not "
		    "local?)", listen);
		http_guard_free(h->guard);
		free(h);
		return NULL;
	}
	return h;
}

void
http_stop(struct http *h)
{
	if (h == NULL)
		return;
	MHD_stop_daemon(h->d);		/* every connection closed first */
	http_guard_free(h->guard);
	free(h);
}
