/*
 * test_util.c - UTF-8 checks, strict integers and zone names.
 */
#include "test.h"
#include "tz.h"
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
