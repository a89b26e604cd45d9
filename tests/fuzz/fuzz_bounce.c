/*
 * fuzz_bounce.c - libFuzzer harness for the classifier of returned mail
 * (bounce.c, and GMime under it): any bytes must be classified without
 * a crash, a leak or undefined behaviour, the same way twice, and what
 * comes out must keep bounce.h's promises: NUL-terminated fields of
 * UTF-8 without control characters, a tag of lower-case letters and
 * digits, a status of RFC 3463's form, and a kind that agrees with it.
 * `make fuzz FUZZ=bounce` runs it; make check replays
 * tests/fuzz/corpus/bounce.
 */
#include "fuzz.h"

#include "bounce.h"
#include "util.h"

/* s[0..cap) holds a NUL, and before it one clean line of UTF-8 */
static void
check_text(const char *s, size_t cap)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len, i, bad;

	FUZZ_CHECK(memchr(s, '\0', cap) != NULL);
	len = strlen(s);
	FUZZ_CHECK(utf8_valid(s, len, &bad));
	for (i = 0; i < len; i++) {
		FUZZ_CHECK(u[i] >= 0x20 && u[i] != 0x7f);
		FUZZ_CHECK(!(u[i] == 0xc2 && i + 1 < len && u[i + 1] < 0xa0));
	}
	FUZZ_CHECK(len == 0 || (s[0] != ' ' && s[len - 1] != ' '));
}

static void
check_status(const char *s)
{
	size_t i = 1, n, k;

	if (s[0] == '\0')
		return;
	FUZZ_CHECK(s[0] == '2' || s[0] == '4' || s[0] == '5');
	for (k = 0; k < 2; k++) {
		FUZZ_CHECK(s[i++] == '.');
		for (n = 0; s[i] >= '0' && s[i] <= '9'; n++, i++)
			;
		FUZZ_CHECK(n >= 1 && n <= 3);
	}
	FUZZ_CHECK(s[i] == '\0');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct bounce a, b;
	const char *t;

	if (len > BOUNCE_MAX_SIZE)
		return 0;
	FUZZ_CHECK(bounce_classify((const char *)data, len, "bounces",
	    &a) == 0);
	FUZZ_CHECK(a.kind >= BOUNCE_HARD && a.kind <= BOUNCE_UNRECOGNISED);
	check_text(a.tag, sizeof(a.tag));
	check_text(a.message_id, sizeof(a.message_id));
	check_text(a.recipient, sizeof(a.recipient));
	check_text(a.status, sizeof(a.status));
	check_text(a.reason, sizeof(a.reason));
	for (t = a.tag; *t; t++)
		FUZZ_CHECK((*t >= 'a' && *t <= 'z') || (*t >= '0' && *t <= '9'));
	check_status(a.status);
	/* a hard bounce never carries a transient or success status */
	if (a.kind == BOUNCE_HARD)
		FUZZ_CHECK(a.status[0] == '\0' || a.status[0] == '5');
	if (a.kind == BOUNCE_COMPLAINT || a.kind == BOUNCE_AUTOREPLY)
		FUZZ_CHECK(a.status[0] == '\0');
	/* the same bytes, the same answer */
	FUZZ_CHECK(bounce_classify((const char *)data, len, "bounces",
	    &b) == 0);
	FUZZ_CHECK(a.kind == b.kind && strcmp(a.tag, b.tag) == 0 &&
	    strcmp(a.message_id, b.message_id) == 0 &&
	    strcmp(a.recipient, b.recipient) == 0 &&
	    strcmp(a.status, b.status) == 0 &&
	    strcmp(a.reason, b.reason) == 0);
	return 0;
}
