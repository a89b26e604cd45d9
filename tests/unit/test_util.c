/*
 * test_util.c - UTF-8 checks, escaping, strict integers, zone names,
 * edit distances and terminal columns.
 */
#include <stdlib.h>
#include <string.h>

#include "colwidth.h"
#include "test.h"
#include "tz.h"
#include "tzlist.h"
#include "util.h"

void
test_util_utf8(void)
{
	size_t bad = 99;

	CHECK(utf8_valid("plain", 5, &bad));
	CHECK(utf8_valid("\xe2\x9c\x93 done", 8, &bad));		/* ✓ */
	CHECK(utf8_valid("\xf0\x9f\x95\x98", 4, &bad));		/* 🕘 */
	CHECK(!utf8_valid("ab\xff", 3, &bad));
	CHECK_INT(bad, 2);
	CHECK(!utf8_valid("\xc0\xaf", 2, &bad));		/* overlong */
	CHECK(!utf8_valid("\xed\xa0\x80", 3, &bad));		/* surrogate */
	CHECK(!utf8_valid("x\xe2\x9c", 3, &bad));		/* truncated */
	CHECK_INT(bad, 1);
	CHECK(!utf8_valid("\xf4\x90\x80\x80", 4, &bad));	/* > U+10FFFF */
	CHECK_INT(utf8_len("\xe2\x80\x93 dash"), 6);
}

void
test_util_parse_long(void)
{
	long v = 0;

	CHECK_INT(parse_long("42", 0, 100, &v), 0);
	CHECK_INT(v, 42);
	CHECK_INT(parse_long("-3", -5, 5, &v), 0);
	CHECK_INT(v, -3);
	CHECK_INT(parse_long("101", 0, 100, &v), -1);
	CHECK_INT(parse_long("4x", 0, 100, &v), -1);
	CHECK_INT(parse_long("", 0, 100, &v), -1);
	CHECK_INT(parse_long(" 4", 0, 100, &v), -1);
	CHECK_INT(parse_long("+4", 0, 100, &v), -1);
	CHECK_INT(parse_long("\t4", 0, 100, &v), -1);
	CHECK_INT(parse_long("-", -5, 5, &v), -1);
	CHECK_INT(parse_long("99999999999999999999", 0, 100, &v), -1);
	CHECK_INT(v, -3);
}

void
test_tz_known(void)
{
	CHECK(tz_known("America/New_York"));
	CHECK(tz_known("Europe/Berlin"));
	CHECK(tz_known("Asia/Kolkata"));
	CHECK(tz_known("UTC"));
	CHECK(!tz_known("America/New_Yrok"));
	CHECK(!tz_known("Mars/Base"));
	CHECK(!tz_known(""));
	CHECK(!tz_known("../../etc/passwd"));
	CHECK(!tz_known("/usr/share/zoneinfo/UTC"));
}

/* zone1970.tab's third fields, sorted, once each, with UTC; no paths */
void
test_tzlist_parse(void)
{
	static const char tab[] =
	    "# tzdb timezone descriptions\n"
	    "#codes\tcoordinates\tTZ\tcomments\n"
	    "US\t+404251-0740023\tAmerica/New_York\tEastern (most areas)\n"
	    "AR\t-3436-05827\tAmerica/Argentina/Buenos_Aires\tBuenos Aires\r\n"
	    "DE,DK\t+5230+01322\tEurope/Berlin\tmost of Germany\n"
	    "XX\t+0000+00000\t../../etc/passwd\n"
	    "XX\t+0000+00000\t/etc/passwd\n"
	    "XX\t+0000+00000\tA<b>\n"
	    "too\tfew\n"
	    "\n"
	    "US\t+404251-0740023\tAmerica/New_York";	/* twice, no newline */
	struct tzlist *l = tzlist_parse(tab, sizeof(tab) - 1);

	CHECK_INT(l->n, 4);
	if (l->n == 4) {
		CHECK_STR(l->name[0], "America/Argentina/Buenos_Aires");
		CHECK_STR(l->name[1], "America/New_York");
		CHECK_STR(l->name[2], "Europe/Berlin");
		CHECK_STR(l->name[3], "UTC");
	}
	CHECK_INT(tzlist_region_len("America/Argentina/Buenos_Aires"), 7);
	CHECK_INT(tzlist_region_len("UTC"), 0);
	tzlist_free(l);
	l = tzlist_parse("", 0);
	CHECK_INT(l->n, 1);
	tzlist_free(l);
}

/* what a terminal would act on is escaped; text in any script is kept */
void
test_util_escape(void)
{
	char out[16], *s;

	s = xstrdup_escaped("\x1b[2Jhi");
	CHECK_STR(s, "\\x1b[2Jhi");
	free(s);
	s = xstrdup_escaped("a\tb\r\nc\x7f\x01");
	CHECK_STR(s, "a\\x09b\\x0d\\x0ac\\x7f\\x01");
	free(s);
	/* José, 李, an em dash, an emoji: kept */
	s = xstrdup_escaped("Jos\xc3\xa9 \xe6\x9d\x8e \xe2\x80\x94 "
	    "\xf0\x9f\x95\x98");
	CHECK_STR(s, "Jos\xc3\xa9 \xe6\x9d\x8e \xe2\x80\x94 \xf0\x9f\x95\x98");
	free(s);
	/* C1 controls (U+009B is CSI to some terminals), but not U+00A0 */
	s = xstrdup_escaped("x\xc2\x9b" "31m\xc2\x85\xc2\xa0");
	CHECK_STR(s, "x\\xc2\\x9b" "31m\\xc2\\x85\xc2\xa0");
	free(s);
	/* bytes that are not UTF-8: stray, truncated, overlong, surrogate */
	s = xstrdup_escaped("\xff" "a\xe6\x9d" "b\xc0\xaf\xed\xa0\x80");
	CHECK_STR(s, "\\xff" "a\\xe6\\x9d" "b\\xc0\\xaf\\xed\\xa0\\x80");
	free(s);
	s = xstrdup_escaped("back\\slash");
	CHECK_STR(s, "back\\slash");
	free(s);
	s = xstrdup_escaped(NULL);
	CHECK_STR(s, "");
	free(s);

	/* bounded: never half an escape or half a character */
	CHECK_INT(str_escape(out, sizeof(out), "abcdefghijkl\x1b"), 12);
	CHECK_STR(out, "abcdefghijkl");
	CHECK_INT(str_escape(out, sizeof(out), "abcdefghijk\x1b"), 15);
	CHECK_STR(out, "abcdefghijk\\x1b");
	CHECK_INT(str_escape(out, sizeof(out), "abcdefghijklm\xe6\x9d\x8e"),
	    13);
	CHECK_STR(out, "abcdefghijklm");
	CHECK_INT(str_escape(out, 1, "\x1b"), 0);
	CHECK_STR(out, "");
}

/* "did you mean" distances ignore case; long words are never near */
void
test_util_distance(void)
{
	CHECK_INT((int)str_distance("enrol", "enroll"), 1);
	CHECK_INT((int)str_distance("creat", "create"), 1);
	CHECK_INT((int)str_distance("america/new_york", "America/New_York"),
	    0);
	CHECK_INT((int)str_distance("America/New_Yrok", "America/New_York"),
	    2);
	CHECK_INT((int)str_distance("", "abc"), 3);
	CHECK(str_distance("a", "0123456789012345678901234567890123456789"
	    "012345678901234567890123456789") == (size_t)-1);
}

/* unknown zones get the nearest; zones without daylight saving a region */
void
test_tz_check(void)
{
	char *m;
	int bad;

	CHECK((m = tz_check("America/Chicago", &bad)) == NULL);
	CHECK((m = tz_check("UTC", &bad)) == NULL);
	CHECK((m = tz_check("Asia/Tokyo", &bad)) == NULL);
	m = tz_check("america/new_york", &bad);
	CHECK_STR(m, "unknown time zone 'america/new_york'; did you mean "
	    "'America/New_York'?");
	CHECK_INT(bad, 1);
	free(m);
	m = tz_check("EST", &bad);
	CHECK_STR(m, "time zone 'EST' has no daylight-saving rules; use a "
	    "region zone such as 'America/New_York'");
	CHECK_INT(bad, 0);
	free(m);
	/* POSIX signs: Etc/GMT-9 is nine hours east */
	m = tz_check("Etc/GMT-9", &bad);
	CHECK(m != NULL && strstr(m, "'Asia/Tokyo'") != NULL);
	CHECK_INT(bad, 0);
	free(m);
	m = tz_check("UTC+5", &bad);
	CHECK(m != NULL && strstr(m, "'Asia/Karachi'") != NULL);
	CHECK_INT(bad, 1);
	free(m);
	m = tz_check("Mars/Base", &bad);
	CHECK(m != NULL && strstr(m, "did you mean") == NULL);
	CHECK_INT(bad, 1);
	free(m);
}

/* terminal columns: accents take none of their own, CJK two */
void
test_colwidth(void)
{
	char *c;

	CHECK_INT((int)colwidth("Ann Lee"), 7);
	CHECK_INT((int)colwidth("Jos\xc3\xa9 Mu\xc3\xb1oz"), 10);
	CHECK_INT((int)colwidth("Jose\xcc\x81 Mun\xcc\x83oz"), 10);
	CHECK_INT((int)colwidth("\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d"), 6);
	CHECK_INT((int)colwidth("\xff"), 1);
	c = colwidth_cell("\xe6\x9d\x8e\xe5\xb0\x8f", 6, 0);
	CHECK_STR(c, "\xe6\x9d\x8e\xe5\xb0\x8f  ");
	free(c);
	c = colwidth_cell("7", 3, 1);
	CHECK_STR(c, "  7");
	free(c);
	/* cut: what fits in width - 1, then the ellipsis, then padding */
	c = colwidth_cell("Konstantinopolskaya", 8, 0);
	CHECK_STR(c, "Konstan\xe2\x80\xa6");
	free(c);
	c = colwidth_cell("\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d", 5, 0);
	CHECK_STR(c, "\xe6\x9d\x8e\xe5\xb0\x8f\xe2\x80\xa6");
	free(c);
	/* a combining accent stays with its letter */
	c = colwidth_cell("Jose\xcc\x81 Munoz", 5, 0);
	CHECK_STR(c, "Jose\xcc\x81\xe2\x80\xa6");
	free(c);
	c = colwidth_cell("\x1b[2J", 10, 0);
	CHECK_STR(c, "\\x1b[2J   ");
	free(c);
}
