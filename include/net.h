/*
 * net.h - network addresses, pure: no sockets opened, no names resolved.
 *
 * Addresses are compared in one 16-byte form, IPv4 as an IPv4-mapped
 * IPv6 address (::ffff:a.b.c.d), so a dual-stack listener's view of an
 * IPv4 client and a configured "127.0.0.1" are the same bytes.
 */
#ifndef REFREADY_NET_H
#define REFREADY_NET_H

#include <stddef.h>

#define NET_ADDRLEN	16

struct sockaddr;

/* a numeric IPv4 or IPv6 address into out; -1 when s is not one */
int	net_addr_parse(const char *s, unsigned char out[NET_ADDRLEN]);

/* a socket address into out; -1 when it is not IPv4 or IPv6 */
int	net_addr_of(const struct sockaddr *, size_t len,
	    unsigned char out[NET_ADDRLEN]);

/* a in its usual text form ("192.0.2.7", "2001:db8::1"): NET_ADDRSTRLEN */
#define NET_ADDRSTRLEN	46
void	net_addr_str(const unsigned char a[NET_ADDRLEN],
	    char out[NET_ADDRSTRLEN]);

/* 127.0.0.0/8 or ::1 */
int	net_addr_loopback(const unsigned char a[NET_ADDRLEN]);

/*
 * host as written in a URL (a name, an IPv4 address or "[v6]") names this
 * machine over loopback: "localhost", 127.0.0.0/8 or [::1].  No lookup is
 * done, so any other name is taken as remote.
 */
int	net_host_loopback(const char *host);

/*
 * The host of a URL "SCHEME://[USER@]HOST[:PORT][/...]", without the port
 * and with any IPv6 brackets kept (caller frees); NULL when there is no
 * "://" or no host.
 */
char	*net_url_host(const char *url);

#endif
