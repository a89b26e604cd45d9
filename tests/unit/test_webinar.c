/*
 * test_webinar.c - a webinar's title and links as the operator types
 * them (cohort_webinar.c): what is taken, what is refused and why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cohort_webinar.h"
#include "test.h"

void
test_webinar_checks(void)
{
	const char *why = NULL;
	char longs[COHORT_URL_MAX + 10];
	size_t n;

	CHECK_INT(cohort_title_check("Cracking the Code, live", &why), 0);
	CHECK_INT(cohort_title_check("Überweisungen: José & 李", &why), 0);
	CHECK_INT(cohort_title_check("two\nlines", &why), -1);
	CHECK_STR(why, "line breaks or control characters");
	CHECK_INT(cohort_title_check("csi \xc2\x9b" "2J", &why), -1);
	CHECK_INT(cohort_title_check("   ", &why), -1);
	CHECK_INT(cohort_title_check("bad \xff", &why), -1);
	CHECK_STR(why, "not valid UTF-8");

	CHECK_INT(cohort_url_check("https://zoom.us/j/123?pwd=a%20b", &why), 0);
	CHECK_INT(cohort_url_check("http://127.0.0.1:8080/replay", &why), 0);
	CHECK_INT(cohort_url_check("HTTPS://Example.org", &why), 0);
	CHECK_INT(cohort_url_check("ftp://example.org/x", &why), -1);
	CHECK_INT(cohort_url_check("javascript:alert(1)", &why), -1);
	CHECK_INT(cohort_url_check("zoom.us/j/1", &why), -1);
	CHECK_INT(cohort_url_check("https:/example.org", &why), -1);
	CHECK_INT(cohort_url_check("https://", &why), -1);
	CHECK_INT(cohort_url_check("", &why), -1);
	CHECK_INT(cohort_url_check("https://a b.org/", &why), -1);
	CHECK_STR(why, "spaces or control characters");
	CHECK_INT(cohort_url_check("https://x.org/\r\nSet-Cookie:", &why), -1);
	n = sizeof(longs) - 1;
	memset(longs, 'a', n);
	memcpy(longs, "https://x.org/", 14);
	longs[n] = '\0';
	CHECK_INT(cohort_url_check(longs, &why), -1);
	CHECK_STR(why, "over 2000 characters");
}
