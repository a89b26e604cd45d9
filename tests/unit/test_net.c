/*
 * test_net.c - addresses, loopback, and the host of a URL.
 */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

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
