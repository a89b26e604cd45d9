/*
 * http_guard.c - connections per address and the header deadline (see
 * http_guard.h).
 *
 * One lock covers the counts and the list of connections waiting for
 * headers.  The list is in deadline order for free: every deadline is
 * "now + HTTP_GUARD_HEADER_SECS", taken under the lock, and entries are
 * only ever appended.  The guard's thread sleeps until the head's
 * deadline and shuts the socket of every connection past it; the
 * connection then ends the ordinary way, through libmicrohttpd.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "http_guard.h"
#include "iplimit.h"
#include "log.h"
#include "net.h"
#include "util.h"

#define FD_SPARE	128	/* descriptors kept for all but connections */
#define REFUSED_LOG_MS	60000	/* at most one log line a minute for them */

struct conn {
	struct conn	*prev, *next;	/* on the waiting list */
	unsigned char	 addr[NET_ADDRLEN];
	long long	 deadline;	/* CLOCK_MONOTONIC milliseconds */
	int		 fd;
	int		 counted;	/* holds a place in the iplimit */
	int		 waiting;
	int		 loopback;
};

struct http_guard {
	pthread_mutex_t	 lock;		/* everything below */
	pthread_cond_t	 wake;
	pthread_t	 thread;
	int		 stopping;
	struct iplimit	*lim;
	struct conn	*head, *tail;	/* waiting for headers */
	unsigned long	 refused;
	long long	 refused_logged;
};

/*
 * The accept policy and the "started" notification of a connection run
 * one after the other on the thread that accepted it; the place the
 * first takes is handed to the second here.  One still held at the next
 * accept on this thread belongs to a connection that libmicrohttpd
 * could not set up (out of memory) and is given back.
 */
static _Thread_local struct {
	struct http_guard	*g;
	unsigned char		 addr[NET_ADDRLEN];
	int			 held;
} handoff;

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* the lock is held for these two */
static void
wait_push(struct http_guard *g, struct conn *c)
{
	if (c->waiting)
		return;
	c->deadline = now_ms() + HTTP_GUARD_HEADER_SECS * 1000LL;
	c->prev = g->tail;
	c->next = NULL;
	if (g->tail)
		g->tail->next = c;
	else {
		g->head = c;
		pthread_cond_signal(&g->wake);	/* it sleeps with no end */
	}
	g->tail = c;
	c->waiting = 1;
}

static void
wait_remove(struct http_guard *g, struct conn *c)
{
	if (!c->waiting)
		return;
	if (c->prev)
		c->prev->next = c->next;
	else
		g->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		g->tail = c->prev;
	c->prev = c->next = NULL;
	c->waiting = 0;
}

static void *
sweep(void *arg)
{
	struct http_guard *g = arg;
	struct timespec ts;
	struct conn *c;

	pthread_mutex_lock(&g->lock);
	while (!g->stopping) {
		while ((c = g->head) != NULL && c->deadline <= now_ms()) {
			wait_remove(g, c);
			/*
			 * libmicrohttpd reads the end of the stream and closes
			 * the connection.  The descriptor is still this one's:
			 * libmicrohttpd closes it only after the "closed"
			 * notification, which waits for this lock.
			 */
			if (c->fd != -1)
				shutdown(c->fd, SHUT_RDWR);
			log_debug("http: no request headers within %d s; "
			    "connection closed", HTTP_GUARD_HEADER_SECS);
		}
		if (c == NULL) {
			pthread_cond_wait(&g->wake, &g->lock);
			continue;
		}
		ts.tv_sec = c->deadline / 1000;
		ts.tv_nsec = (long)(c->deadline % 1000) * 1000000L;
		pthread_cond_timedwait(&g->wake, &g->lock, &ts);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

struct http_guard *
http_guard_new(unsigned per_ip, char **unlimited, size_t n,
    unsigned limited)
{
	struct http_guard *g = xcalloc(1, sizeof(*g));
	unsigned char (*ex)[NET_ADDRLEN] = xcalloc(n + 1, NET_ADDRLEN);
	pthread_condattr_t ca;
	size_t i;

	for (i = 0; i < n; i++)
		if (net_addr_parse(unlimited[i], ex[i]) == -1) {
			log_warnx("http: bad address '%s' in "
			    "http.unlimited_from", unlimited[i]);
			free(ex);
			free(g);
			return NULL;
		}
	g->lim = iplimit_new(per_ip, limited,
	    (const unsigned char (*)[NET_ADDRLEN])ex, n);
	free(ex);
	g->refused_logged = -REFUSED_LOG_MS;
	pthread_mutex_init(&g->lock, NULL);
	/* deadlines are on the monotonic clock, so the wait must be too */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->wake, &ca);
	pthread_condattr_destroy(&ca);
	if ((errno = pthread_create(&g->thread, NULL, sweep, g)) != 0) {
		log_warn("http: cannot start the header timer");
		pthread_cond_destroy(&g->wake);
		pthread_mutex_destroy(&g->lock);
		iplimit_free(g->lim);
		free(g);
		return NULL;
	}
	return g;
}

void
http_guard_free(struct http_guard *g)
{
	if (g == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	g->stopping = 1;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->thread, NULL);
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	iplimit_free(g->lim);
	free(g);
}

enum MHD_Result
http_guard_accept(void *arg, const struct sockaddr *sa, socklen_t len)
{
	struct http_guard *g = arg;
	unsigned char a[NET_ADDRLEN];
	unsigned long refused = 0;
	long long now;
	int r;

	if (net_addr_of(sa, len, a) == -1)
		return MHD_YES;		/* not IP: not on a TCP listener */
	pthread_mutex_lock(&g->lock);
	if (handoff.held && handoff.g == g)
		iplimit_release(g->lim, handoff.addr);
	handoff.held = 0;
	if ((r = iplimit_take(g->lim, a)) == 0) {
		handoff.g = g;
		memcpy(handoff.addr, a, NET_ADDRLEN);
		handoff.held = 1;
	} else if (r == -1) {
		g->refused++;
		now = now_ms();
		if (now - g->refused_logged >= REFUSED_LOG_MS) {
			g->refused_logged = now;
			refused = g->refused;
		}
	}
	pthread_mutex_unlock(&g->lock);
	if (refused)
		log_warnx("http: refusing connections from clients at "
		    "http.per_ip_connections or over the total (%lu since "
		    "start)", refused);
	return r == -1 ? MHD_NO : MHD_YES;
}

static void
started(struct http_guard *g, struct MHD_Connection *mc, struct conn *c)
{
	const union MHD_ConnectionInfo *ci;

	c->fd = -1;
	if ((ci = MHD_get_connection_info(mc,
	    MHD_CONNECTION_INFO_CONNECTION_FD)) != NULL)
		c->fd = ci->connect_fd;
	/* libmicrohttpd keeps the address it accepted, of its own length */
	if ((ci = MHD_get_connection_info(mc,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS)) != NULL &&
	    net_addr_of(ci->client_addr, sizeof(struct sockaddr_in6),
	    c->addr) == 0)
		c->loopback = net_addr_loopback(c->addr);
	pthread_mutex_lock(&g->lock);
	if (handoff.held && handoff.g == g) {
		c->counted = memcmp(handoff.addr, c->addr, NET_ADDRLEN) == 0;
		if (!c->counted)
			iplimit_release(g->lim, handoff.addr);
		handoff.held = 0;
	}
	wait_push(g, c);
	pthread_mutex_unlock(&g->lock);
}

void
http_guard_notify(void *arg, struct MHD_Connection *mc, void **ctx,
    enum MHD_ConnectionNotificationCode code)
{
	struct http_guard *g = arg;
	struct conn *c = *ctx;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		c = xcalloc(1, sizeof(*c));
		started(g, mc, c);
		*ctx = c;
		return;
	}
	if (c == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	wait_remove(g, c);
	if (c->counted)
		iplimit_release(g->lim, c->addr);
	pthread_mutex_unlock(&g->lock);
	free(c);
	*ctx = NULL;
}

static struct conn *
conn_of(struct MHD_Connection *mc)
{
	const union MHD_ConnectionInfo *ci;

	ci = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

void
http_guard_headers(struct http_guard *g, struct MHD_Connection *mc)
{
	struct conn *c = conn_of(mc);

	if (c == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	wait_remove(g, c);
	pthread_mutex_unlock(&g->lock);
}

void
http_guard_between(struct http_guard *g, struct MHD_Connection *mc)
{
	struct conn *c = conn_of(mc);

	if (c == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	wait_push(g, c);
	pthread_mutex_unlock(&g->lock);
}

int
http_guard_loopback(struct MHD_Connection *mc)
{
	struct conn *c = conn_of(mc);

	return c ? c->loopback : 0;
}

unsigned
http_guard_fit_descriptors(unsigned want)
{
	struct rlimit rl;
	rlim_t need = (rlim_t)want + FD_SPARE;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return want;
	/* systemd and login shells start daemons at a soft limit of 1,024 */
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
		rl.rlim_cur = rl.rlim_max != RLIM_INFINITY &&
		    rl.rlim_max < need ? rl.rlim_max : need;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
		return want;
	want = rl.rlim_cur > 2 * FD_SPARE ? (unsigned)(rl.rlim_cur -
	    FD_SPARE) : (unsigned)(rl.rlim_cur / 2);
	log_warnx("http: the descriptor limit (%llu) leaves room for %u "
	    "connections", (unsigned long long)rl.rlim_cur, want);
	return want;
}
