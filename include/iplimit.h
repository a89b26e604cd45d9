/*
 * iplimit.h - how many connections each client address holds, pure.
 *
 * The daemon's HTTP listener asks before it takes a connection and says
 * when the connection ends.  Addresses on the exempt list (a reverse
 * proxy on the same host, the monitoring) are never counted or refused.
 * Every other address may hold per_ip connections at once (0: any
 * number), and all of them together at most total, so that whatever
 * the rest of the internet does, the exempt addresses keep the places
 * the listener holds beyond total.
 *
 * Not thread-safe: the caller locks.
 */
#ifndef REFREADY_IPLIMIT_H
#define REFREADY_IPLIMIT_H

#include <stddef.h>

#include "net.h"

struct iplimit;

/* exempt (n addresses in net.h's form) is copied */
struct iplimit	*iplimit_new(unsigned per_ip, unsigned total,
		    const unsigned char (*exempt)[NET_ADDRLEN], size_t n);
void		 iplimit_free(struct iplimit *);

/*
 * A new connection from addr: 1 when addr is exempt (nothing counted),
 * 0 when counted (iplimit_release it at the end), -1 when refused.
 */
int		 iplimit_take(struct iplimit *,
		    const unsigned char addr[NET_ADDRLEN]);
/* a counted connection from addr ended */
void		 iplimit_release(struct iplimit *,
		    const unsigned char addr[NET_ADDRLEN]);

/* connections counted for addr, and for every address together */
unsigned	 iplimit_count(const struct iplimit *,
		    const unsigned char addr[NET_ADDRLEN]);
unsigned	 iplimit_total(const struct iplimit *);

#endif
