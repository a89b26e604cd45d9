/*
 * net.c - network addresses (see net.h).
 *
 * Used where a decision depends on whether something is on this machine:
 * a password may travel in clear only to a loopback mail relay, /metrics
 * is served to loopback clients, and the per-address connection limit
 * compares client addresses with http.unlimited_from.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "net.h"
#include "util.h"

static const unsigned char v4mapped[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

int
net_addr_parse(const char *s, unsigned char out[NET_ADDRLEN])
{
	struct in_addr a4;

	if (inet_pton(AF_INET, s, &a4) == 1) {
		memcpy(out, v4mapped, sizeof(v4mapped));
		memcpy(out + 12, &a4, 4);
		return 0;
	}
	return inet_pton(AF_INET6, s, out) == 1 ? 0 : -1;
}

int
net_addr_of(const struct sockaddr *sa, size_t len,
    unsigned char out[NET_ADDRLEN])
{
	const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;

	if (sa == NULL)
		return -1;
	if (sa->sa_family == AF_INET && len >= sizeof(*s4)) {
		memcpy(out, v4mapped, sizeof(v4mapped));
		memcpy(out + 12, &s4->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family == AF_INET6 && len >= sizeof(*s6)) {
		memcpy(out, &s6->sin6_addr, NET_ADDRLEN);
		return 0;
	}
	return -1;
}

void
net_addr_str(const unsigned char a[NET_ADDRLEN], char out[NET_ADDRSTRLEN])
{
	if (memcmp(a, v4mapped, sizeof(v4mapped)) == 0)
		inet_ntop(AF_INET, a + 12, out, NET_ADDRSTRLEN);
	else
		inet_ntop(AF_INET6, a, out, NET_ADDRSTRLEN);
}

int
net_addr_loopback(const unsigned char a[NET_ADDRLEN])
{
	static const unsigned char one[NET_ADDRLEN] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
	};

	if (memcmp(a, v4mapped, sizeof(v4mapped)) == 0)
		return a[12] == 127;
	return memcmp(a, one, NET_ADDRLEN) == 0;
}

int
net_host_loopback(const char *host)
{
	unsigned char a[NET_ADDRLEN];
	size_t n = strlen(host);
	char *inner;
	int r;

	/* RFC 6761: "localhost" is always this machine, with or without
	 * the root's dot */
	if (strcasecmp(host, "localhost") == 0 ||
	    strcasecmp(host, "localhost.") == 0)
		return 1;
	if (n > 2 && host[0] == '[' && host[n - 1] == ']') {
		inner = xstrndup(host + 1, n - 2);
		r = net_addr_parse(inner, a) == 0 && net_addr_loopback(a);
		free(inner);
		return r;
	}
	/* an IPv6 address is bracketed in a URL; bare, it is no IPv4 */
	return strchr(host, ':') == NULL && net_addr_parse(host, a) == 0 &&
	    net_addr_loopback(a);
}

char *
net_url_host(const char *url)
{
	const char *p = strstr(url, "://"), *end, *close;
	size_t n, i;

	if (p == NULL)
		return NULL;
	p += 3;
	n = strcspn(p, "/?#");
	/* user information ends at the authority's last '@' */
	for (i = n; i > 0; i--)
		if (p[i - 1] == '@') {
			p += i;
			n -= i;
			break;
		}
	if (*p == '[') {
		close = memchr(p, ']', n);
		end = close ? close + 1 : p + n;
	} else if ((end = memchr(p, ':', n)) == NULL)
		end = p + n;
	if (end == p)
		return NULL;
	return xstrndup(p, (size_t)(end - p));
}
