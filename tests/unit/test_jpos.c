/*
 * test_jpos.c - finding values in JSON text by path.
 */
#include "jpos.h"
#include "test.h"

static const char doc[] =
	"{\n"
	"  \"db\": \"x.db\",\n"
	"  \"mail\": {\"url\": \"smtp://a\", \"rate\": 5},\n"
	"  \"days\": [\n"
	"    {\"day\": 1, \"task\": \"a\"},\n"
	"    {\"day\": 2, \"task\": \"b \\\"q\\\" [x]\"},\n"
	"    {\"day\": 3, \"task\": {\"nested\": [1, {\"k\": 2}]}}\n"
	"  ],\n"
	"  \"last\": true\n"
	"}\n";

void
test_jpos_paths(void)
{
	struct jpos p;

	CHECK_INT(jpos_find(doc, sizeof(doc) - 1, "db", &p), 0);
	CHECK_INT(p.key_line, 2);
	CHECK_INT(p.key_col, 3);
	CHECK_INT(p.line, 2);
	CHECK_INT(p.col, 9);
	CHECK_INT(jpos_find(doc, sizeof(doc) - 1, "mail.rate", &p), 0);
	CHECK_INT(p.line, 3);
	CHECK_INT(p.col, 39);
	CHECK_INT(jpos_find(doc, sizeof(doc) - 1, "days[1].task", &p), 0);
	CHECK_INT(p.line, 6);
	CHECK_INT(p.col, 24);
	CHECK_INT(jpos_find(doc, sizeof(doc) - 1, "days[2]", &p), 0);
	CHECK_INT(p.line, 7);
	CHECK_INT(p.col, 5);
	CHECK_INT(p.key_line, 0);
	/* after a string holding quotes and brackets and a nested value */
	CHECK_INT(jpos_find(doc, sizeof(doc) - 1, "last", &p), 0);
	CHECK_INT(p.line, 9);
	CHECK_INT(jpos_find(doc, sizeof(doc) - 1, "", &p), 0);
	CHECK_INT(p.line, 1);
	CHECK_INT(p.col, 1);
}

void
test_jpos_not_found(void)
{
	struct jpos p;

	CHECK_INT(jpos_find(doc, sizeof(doc) - 1, "mail.nope", &p), -1);
	CHECK_INT(p.line, 3);		/* the "mail" object */
	CHECK_INT(jpos_find(doc, sizeof(doc) - 1, "days[7]", &p), -1);
	CHECK_INT(p.line, 4);
	CHECK_INT(jpos_find(doc, sizeof(doc) - 1, "db.x", &p), -1);
	/* invalid text (jansson would refuse it) still ends the search */
	CHECK_INT(jpos_find("{\"a\":[1},\"b\":1}", 15, "b", &p), -1);
	CHECK_INT(jpos_find("[}}}", 4, "[3]", &p), -1);
	/* truncated text never reads past its end */
	CHECK_INT(jpos_find(doc, 20, "last", &p), -1);
	CHECK_INT(jpos_find("", 0, "x", &p), -1);
}

void
test_jpos_columns(void)
{
	static const char t[] = "{\"\xc3\xa9t\xc3\xa9\": 1, \"k\": 2}";
	struct jpos p;

	/* "été" is 3 characters but 5 bytes; jansson counts characters */
	CHECK_INT(jpos_find(t, sizeof(t) - 1, "k", &p), 0);
	CHECK_INT(p.key_col, 12);
	CHECK_INT(p.col, 17);
}
