/*
 * test_token.c - tokens and Message-IDs are HMAC-SHA-256 as OpenSSL's own
 * HMAC() computes it, whichever key came before.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "test.h"
#include "token.h"

/* token_make's text, from OpenSSL's one-call HMAC */
static void
expected_token(const unsigned char key[TOKEN_SECRET_LEN], const char *kind,
    long long owner, int version, char out[TOKEN_LEN + 1])
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789-_";
	unsigned char mac[EVP_MAX_MD_SIZE], bits[18] = { 0 };
	unsigned int len = 0;
	char msg[128];
	int n, i;

	n = snprintf(msg, sizeof(msg), "refready%c%s%c%lld%c%d", '\0', kind,
	    '\0', owner, '\0', version);
	HMAC(EVP_sha256(), key, TOKEN_SECRET_LEN, (unsigned char *)msg,
	    (size_t)n, mac, &len);
	memcpy(bits, mac, 16);
	for (i = 0; i < TOKEN_LEN; i++) {
		int bit = 6 * i, byte = bit / 8;
		unsigned v = (unsigned)bits[byte] << 8 | bits[byte + 1];

		out[i] = b64[(v >> (10 - bit % 8)) & 0x3f];
	}
	out[TOKEN_LEN] = '\0';
}

void
test_token_hmac(void)
{
	unsigned char k1[TOKEN_SECRET_LEN], k2[TOKEN_SECRET_LEN];
	char got[TOKEN_LEN + 1], want[TOKEN_LEN + 1], id[128], wid[128];
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	int round, i;

	for (i = 0; i < TOKEN_SECRET_LEN; i++) {
		k1[i] = (unsigned char)i;
		k2[i] = (unsigned char)(0xff - 3 * i);
	}
	/* keys taking turns: a kept key must never answer for another */
	for (round = 0; round < 3; round++) {
		token_make(k1, TOKEN_PAGE, 42, 1, got);
		expected_token(k1, "page", 42, 1, want);
		CHECK_STR(got, want);
		token_make(k2, TOKEN_UNSUBSCRIBE, 1234567890123LL, 7, got);
		expected_token(k2, "unsubscribe", 1234567890123LL, 7, want);
		CHECK_STR(got, want);
		token_make(k2, TOKEN_FEED, 42, 2, got);
		expected_token(k2, "feed", 42, 2, want);
		CHECK_STR(got, want);
	}
	token_message_id(k1, 7, 30, 0, "example.org", id, sizeof(id));
	HMAC(EVP_sha256(), k1, TOKEN_SECRET_LEN,
	    (const unsigned char *)"message-id\0" "7\0" "30", 15, mac, &len);
	snprintf(wid, sizeof(wid), "rr.7.30.%02x%02x%02x%02x%02x%02x%02x%02x"
	    "@example.org", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5],
	    mac[6], mac[7]);
	CHECK_STR(id, wid);
}

/*
 * A resend is another message: its Message-ID and tag differ from the
 * lesson's and from each other's, name the enrollment, day and resend,
 * and a resend number moved onto another day, or taken off, is refused.
 */
static void
test_token_resend(const unsigned char *k1, const unsigned char *k2)
{
	char id0[128], id1[128], id2[128], tag0[TOKEN_VERP_MAX];
	char tag1[TOKEN_VERP_MAX], bad[128];
	long long e = 0;
	int d = 0, r = -1, i;

	token_message_id(k1, 42, 3, 0, "example.org", id0, sizeof(id0));
	token_message_id(k1, 42, 3, 1, "example.org", id1, sizeof(id1));
	token_message_id(k1, 42, 3, 2, "example.org", id2, sizeof(id2));
	CHECK(strcmp(id0, id1) != 0 && strcmp(id1, id2) != 0);
	CHECK(strncmp(id1, "rr.42.3r1.", 10) == 0);
	CHECK_INT(token_message_id_check(k1, id1, &e, &d, &r), 0);
	CHECK_INT((int)e, 42);
	CHECK_INT(d, 3);
	CHECK_INT(r, 1);
	CHECK_INT(token_message_id_check(k1, id0, &e, &d, &r), 0);
	CHECK_INT(r, 0);
	CHECK_INT(token_message_id_check(k2, id1, &e, &d, &r), -1);
	/* id1's MAC under id2's number, or with no number at all */
	snprintf(bad, sizeof(bad), "rr.42.3r2.%s", id1 + 10);
	CHECK_INT(token_message_id_check(k1, bad, &e, &d, &r), -1);
	snprintf(bad, sizeof(bad), "rr.42.3.%s", id1 + 10);
	CHECK_INT(token_message_id_check(k1, bad, &e, &d, &r), -1);
	CHECK_INT(token_message_id_check(k1, "rr.42.3r.00@x", &e, &d, &r), -1);
	CHECK_INT(token_message_id_check(k1, "rr.42.3r0.00@x", &e, &d, &r),
	    -1);

	token_verp(k1, 42, 3, 0, tag0);
	token_verp(k1, 42, 3, 1, tag1);
	CHECK(strcmp(tag0, tag1) != 0);
	CHECK(strncmp(tag1, "42x3r1x", 7) == 0);
	for (i = 0; tag1[i]; i++)
		CHECK((tag1[i] >= 'a' && tag1[i] <= 'z') ||
		    (tag1[i] >= '0' && tag1[i] <= '9'));
	r = -1;
	CHECK_INT(token_verp_check(k1, tag1, &e, &d, &r), 0);
	CHECK_INT((int)e, 42);
	CHECK_INT(d, 3);
	CHECK_INT(r, 1);
	snprintf(bad, sizeof(bad), "42x3r2x%s", tag1 + 7);
	CHECK_INT(token_verp_check(k1, bad, &e, &d, &r), -1);
	snprintf(bad, sizeof(bad), "42x3x%s", tag1 + 7);
	CHECK_INT(token_verp_check(k1, bad, &e, &d, &r), -1);
	CHECK_INT(token_verp_check(k2, tag1, &e, &d, &r), -1);
}

/*
 * The return path's tag and the Message-ID come back in bounces: each
 * names its enrollment and day, is lower-case letters and digits (the
 * tag), and is refused when anything in it was changed.
 */
void
test_token_verp(void)
{
	unsigned char k1[TOKEN_SECRET_LEN], k2[TOKEN_SECRET_LEN];
	char tag[TOKEN_VERP_MAX], bad[TOKEN_VERP_MAX], id[128], quoted[136];
	long long e = 0;
	int d = 0, i;

	for (i = 0; i < TOKEN_SECRET_LEN; i++) {
		k1[i] = (unsigned char)(7 * i);
		k2[i] = (unsigned char)(7 * i + 1);
	}
	token_verp(k1, 123456, 17, 0, tag);
	for (i = 0; tag[i]; i++)
		CHECK((tag[i] >= 'a' && tag[i] <= 'z') ||
		    (tag[i] >= '0' && tag[i] <= '9'));
	CHECK(strncmp(tag, "123456x17x", 10) == 0);
	CHECK_INT(token_verp_check(k1, tag, &e, &d, NULL), 0);
	CHECK_INT((int)e, 123456);
	CHECK_INT(d, 17);
	/* another key, another person, another day, a flipped digit */
	CHECK_INT(token_verp_check(k2, tag, &e, &d, NULL), -1);
	snprintf(bad, sizeof(bad), "123457x17x%s", tag + 10);
	CHECK_INT(token_verp_check(k1, bad, &e, &d, NULL), -1);
	snprintf(bad, sizeof(bad), "123456x18x%s", tag + 10);
	CHECK_INT(token_verp_check(k1, bad, &e, &d, NULL), -1);
	snprintf(bad, sizeof(bad), "%s", tag);
	bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == '0' ? '1' : '0';
	CHECK_INT(token_verp_check(k1, bad, &e, &d, NULL), -1);
	/* cut short, run on, junk */
	snprintf(bad, sizeof(bad), "%.*s", (int)strlen(tag) - 1, tag);
	CHECK_INT(token_verp_check(k1, bad, &e, &d, NULL), -1);
	snprintf(bad, sizeof(bad), "%s0", tag);
	CHECK_INT(token_verp_check(k1, bad, &e, &d, NULL), -1);
	CHECK_INT(token_verp_check(k1, "", &e, &d, NULL), -1);
	CHECK_INT(token_verp_check(k1, "x1x", &e, &d, NULL), -1);
	CHECK_INT(token_verp_check(k1, "99999999999999999999x1x00", &e, &d, NULL),
	    -1);

	token_message_id(k1, 42, 30, 0, "example.org", id, sizeof(id));
	CHECK_INT(token_message_id_check(k1, id, &e, &d, NULL), 0);
	CHECK_INT((int)e, 42);
	CHECK_INT(d, 30);
	snprintf(quoted, sizeof(quoted), "<%s>", id);
	CHECK_INT(token_message_id_check(k1, quoted, &e, &d, NULL), 0);
	CHECK_INT(token_message_id_check(k2, id, &e, &d, NULL), -1);
	id[3] = '4';
	id[4] = '3';
	CHECK_INT(token_message_id_check(k1, id, &e, &d, NULL), -1);
	CHECK_INT(token_message_id_check(k1, "rr.1.1.zz@x", &e, &d, NULL), -1);
	test_token_resend(k1, k2);
}
