/*
 * test_net.c - addresses, loopback, and the host of a URL.
 */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "iplimit.h"
#include "net.h"
#include "test.h"

static int
host_loopback_of(const char *url)
{
	char *h = net_url_host(url);
	int r = h ? net_host_loopback(h) : -1;

	free(h);
	return r;
}

void
test_net_loopback(void)
{
	unsigned char a[NET_ADDRLEN], b[NET_ADDRLEN];
	struct sockaddr_in s4;
	struct sockaddr_in6 s6;

	CHECK_INT(net_addr_parse("127.0.0.1", a), 0);
	CHECK(net_addr_loopback(a));
	CHECK_INT(net_addr_parse("127.255.0.9", a), 0);
	CHECK(net_addr_loopback(a));
	CHECK_INT(net_addr_parse("::1", a), 0);
	CHECK(net_addr_loopback(a));
	CHECK_INT(net_addr_parse("::ffff:127.0.0.2", a), 0);
	CHECK(net_addr_loopback(a));
	CHECK_INT(net_addr_parse("128.0.0.1", a), 0);
	CHECK(!net_addr_loopback(a));
	CHECK_INT(net_addr_parse("::2", a), 0);
	CHECK(!net_addr_loopback(a));
	CHECK_INT(net_addr_parse("localhost", a), -1);
	CHECK_INT(net_addr_parse("127.1", a), -1);
	CHECK_INT(net_addr_parse("", a), -1);
	CHECK_INT(net_addr_parse("1.2.3.4 ", a), -1);

	/* a socket's IPv4 address is the configured one's mapped form */
	memset(&s4, 0, sizeof(s4));
	s4.sin_family = AF_INET;
	s4.sin_addr.s_addr = htonl(0x7f000002);
	CHECK_INT(net_addr_of((struct sockaddr *)&s4, sizeof(s4), a), 0);
	CHECK_INT(net_addr_parse("127.0.0.2", b), 0);
	CHECK(memcmp(a, b, NET_ADDRLEN) == 0);
	CHECK_INT(net_addr_parse("::ffff:127.0.0.2", b), 0);
	CHECK(memcmp(a, b, NET_ADDRLEN) == 0);
	memset(&s6, 0, sizeof(s6));
	s6.sin6_family = AF_INET6;
	s6.sin6_addr.s6_addr[15] = 1;
	CHECK_INT(net_addr_of((struct sockaddr *)&s6, sizeof(s6), a), 0);
	CHECK(net_addr_loopback(a));
	CHECK_INT(net_addr_of((struct sockaddr *)&s6, 4, a), -1);
	CHECK_INT(net_addr_of(NULL, 0, a), -1);
}

void
test_net_url_host(void)
{
	char *h;

	CHECK_STR(h = net_url_host("http://plan.example.org"),
	    "plan.example.org");
	free(h);
	CHECK_STR(h = net_url_host("https://plan.example.org:8443/x/y"),
	    "plan.example.org");
	free(h);
	CHECK_STR(h = net_url_host("smtp://[::1]:25"), "[::1]");
	free(h);
	CHECK_STR(h = net_url_host("smtp://user@pass:x@relay:25/"), "relay");
	free(h);
	CHECK(net_url_host("http://") == NULL);
	CHECK(net_url_host("http://:80") == NULL);
	CHECK(net_url_host("maildir:var/mail") == NULL);

	CHECK_INT(host_loopback_of("http://127.0.0.1:8080"), 1);
	CHECK_INT(host_loopback_of("http://127.200.1.1/"), 1);
	CHECK_INT(host_loopback_of("http://[::1]:8080"), 1);
	CHECK_INT(host_loopback_of("http://localhost:8080"), 1);
	CHECK_INT(host_loopback_of("http://LocalHost./"), 1);
	CHECK_INT(host_loopback_of("http://localhost.example.org"), 0);
	CHECK_INT(host_loopback_of("http://127.0.0.1.nip.io"), 0);
	CHECK_INT(host_loopback_of("http://[::2]:80"), 0);
	CHECK_INT(host_loopback_of("http://10.0.0.1"), 0);
	CHECK_INT(host_loopback_of("http://evil@example.org"), 0);
	CHECK_INT(host_loopback_of("http://127.0.0.1@example.org"), 0);
	CHECK_INT(host_loopback_of("http://example.org@127.0.0.1"), 1);
}

static void
addr_n(unsigned n, unsigned char a[NET_ADDRLEN])
{
	memset(a, 0, NET_ADDRLEN);
	a[10] = a[11] = 0xff;		/* 10.x.y.z as IPv4-mapped */
	a[12] = 10;
	a[13] = (unsigned char)(n >> 16);
	a[14] = (unsigned char)(n >> 8);
	a[15] = (unsigned char)n;
}

void
test_iplimit_policy(void)
{
	unsigned char ex[2][NET_ADDRLEN], a[NET_ADDRLEN], b[NET_ADDRLEN];
	struct iplimit *l;
	int i;

	net_addr_parse("127.0.0.1", ex[0]);
	net_addr_parse("::1", ex[1]);
	l = iplimit_new(3, 5, (const unsigned char (*)[NET_ADDRLEN])ex, 2);
	addr_n(1, a);
	addr_n(2, b);
	for (i = 0; i < 3; i++)
		CHECK_INT(iplimit_take(l, a), 0);
	CHECK_INT(iplimit_take(l, a), -1);		/* the 4th */
	CHECK_INT(iplimit_count(l, a), 3);
	/* the exempt are never counted, never refused */
	for (i = 0; i < 100; i++)
		CHECK_INT(iplimit_take(l, ex[i % 2]), 1);
	CHECK_INT(iplimit_count(l, ex[0]), 0);
	CHECK_INT(iplimit_total(l), 3);
	/* everyone else together: 5 at most */
	CHECK_INT(iplimit_take(l, b), 0);
	CHECK_INT(iplimit_take(l, b), 0);
	CHECK_INT(iplimit_take(l, b), -1);
	CHECK_INT(iplimit_total(l), 5);
	iplimit_release(l, a);
	CHECK_INT(iplimit_take(l, b), 0);
	CHECK_INT(iplimit_count(l, b), 3);
	/* giving back what was never counted changes nothing */
	iplimit_release(l, ex[0]);
	CHECK_INT(iplimit_total(l), 5);
	iplimit_free(l);

	/* 0: no limit per address, the total still holds */
	l = iplimit_new(0, 4, NULL, 0);
	for (i = 0; i < 4; i++)
		CHECK_INT(iplimit_take(l, a), 0);
	CHECK_INT(iplimit_take(l, a), -1);
	CHECK_INT(iplimit_take(l, ex[0]), -1);	/* nobody exempt here */
	iplimit_free(l);
}

/* random takes and releases against a plain array of counts */
void
test_iplimit_table(void)
{
	enum { NADDR = 300, TOTAL = 64 };
	unsigned model[NADDR], held = 0, x = 12345, k;
	unsigned char a[NET_ADDRLEN];
	struct iplimit *l = iplimit_new(5, TOTAL, NULL, 0);
	int step, r, want, bad = 0;

	memset(model, 0, sizeof(model));
	for (step = 0; step < 200000 && !bad; step++) {
		x = x * 1103515245u + 12345u;
		k = (x >> 8) % NADDR;
		addr_n(k * 7919u, a);
		if ((x >> 20) & 1) {
			want = held >= TOTAL || model[k] >= 5 ? -1 : 0;
			r = iplimit_take(l, a);
			if (r != want)
				bad = 1;
			if (r == 0) {
				model[k]++;
				held++;
			}
		} else if (model[k]) {
			iplimit_release(l, a);
			model[k]--;
			held--;
		}
		if (iplimit_count(l, a) != model[k] ||
		    iplimit_total(l) != held)
			bad = 1;
	}
	CHECK_INT(bad, 0);
	for (k = 0; k < NADDR; k++) {
		addr_n(k * 7919u, a);
		CHECK_INT(iplimit_count(l, a), model[k]);
	}
	iplimit_free(l);
}
