/*
 * test_bounce.c - the classifier of returned mail: the hand-made
 * messages in tests/data/bounces (one per kind of report, reply and
 * malformation), then the rules one at a time on small inline messages,
 * the encodings, and the caps on hostile input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounce.h"
#include "bounce_store.h"
#include "buf.h"
#include "test.h"
#include "util.h"

#define LOCAL	"bounces"

/* tests/data/bounces/NAME, from $TOP (tests/run sets it) or "." */
static char *
fixture(const char *name, size_t *len)
{
	const char *top = getenv("TOP");
	char path[512];
	char *data;

	snprintf(path, sizeof(path), "%s/tests/data/bounces/%s",
	    top && *top ? top : ".", name);
	if ((data = file_read(path, BOUNCE_MAX_SIZE, len)) == NULL)
		test_fail(__FILE__, __LINE__, "cannot read %s", path);
	return data;
}

struct want {
	const char		*file;
	enum bounce_kind	 kind;
	const char		*tag, *id, *rcpt, *status, *reason;
};

static const struct want fixtures[] = {
	{ "postfix-user-unknown.eml", BOUNCE_HARD, "d07k2m9x4q8r1t5v",
	    "lesson.7.4f9c2e81@plan.example.org",
	    "dana.whitfield@clinic.example.com", "5.1.1",
	    "550 5.1.1 <dana.whitfield@clinic.example.com>: Recipient "
	    "address rejected: User unknown in virtual mailbox table" },
	/* CRLF, base64 report, message/rfc822, the tag only in To */
	{ "exchange-not-found.eml", BOUNCE_HARD, "d03zz81kq0w2",
	    "lesson.3.90ab17c2@plan.example.org",
	    "m.osei@contoso-health.example", "5.1.10",
	    "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient "
	    "m.osei@contoso-health.example not found by SMTP address lookup" },
	/* delivered, delayed, failed: the failed one decides */
	{ "exim-three-recipients.eml", BOUNCE_HARD, "h2r8c0n4v6",
	    "lesson.12.c55e0d19@plan.example.org",
	    "j.okafor@physio-group.example", "5.2.2",
	    "mailbox is full: retry timeout exceeded" },
	{ "postfix-delayed.eml", BOUNCE_SOFT, "m4t6w8y0a2c4",
	    "lesson.10.7d3b5a66@plan.example.org",
	    "priya.raman@wellness-pt.example", "4.4.1",
	    "connect to mx.wellness-pt.example[192.0.2.77]:25: Connection "
	    "timed out" },
	/* no report, and Auto-Submitted, but from MAILER-DAEMON */
	{ "plain-text-bounce.eml", BOUNCE_UNRECOGNISED, "q1w2e3r4t5y6",
	    "", "", "", "failure notice" },
	/* the tag from Original-Mail-From: it came to the FBL address */
	{ "arf-abuse.eml", BOUNCE_COMPLAINT, "z9y8x7w6v5u4",
	    "lesson.12.e0f4a7b3@plan.example.org",
	    "r.alvarez@mailbox-provider.example", "", "abuse" },
	{ "vacation-auto-replied.eml", BOUNCE_AUTOREPLY, "v5b6n7m8k9j0",
	    "", "", "", "Auto-Submitted: auto-replied" },
	{ "x-autoreply.eml", BOUNCE_AUTOREPLY, "g3h4j5k6l7p8", "", "", "",
	    "X-Autoreply: yes" },
	/* the subject is RFC 2047-encoded */
	{ "automatic-reply-subject.eml", BOUNCE_AUTOREPLY, "a1s2d3f4g5h6",
	    "", "", "", "Subject: automatic reply" },
	{ "read-receipt.eml", BOUNCE_AUTOREPLY, "n8b7v6c5x4z3", "", "", "",
	    "disposition notification" },
	{ "personal-reply.eml", BOUNCE_UNRECOGNISED, "r5t6y7u8i9o0", "", "",
	    "", "Re: Day 2: Your referral script" },
	/* a report of a relay, not of a failure */
	{ "relayed-only.eml", BOUNCE_UNRECOGNISED, "w1e2r3t4y5u6", "",
	    "intake@old-clinic.example", "2.0.0",
	    "250 2.0.0 Ok: queued as 99AB1" },
	{ "no-boundary.eml", BOUNCE_UNRECOGNISED, "e4r5t6y7u8i9", "", "", "",
	    "Returned mail: see transcript for details" },
	/* cut in "Action: fai": the recipient, and no guess */
	{ "truncated.eml", BOUNCE_UNRECOGNISED, "d07k2m9x4q8r1t5v", "",
	    "dana.whitfield@clinic.example.com", "", "" },
	{ "unclosed-boundary.eml", BOUNCE_HARD, "u2n3c4l5o6s7", "",
	    "dana.whitfield@clinic.example.com", "5.1.1",
	    "550 5.1.1 <dana.whitfield@clinic.example.com>: Recipient "
	    "address rejected: User unknown in virtual mailbox table" },
	{ "binary-junk.bin", BOUNCE_UNRECOGNISED, "", "", "", "", "" },
};

static void
expect_str(const char *file, const char *what, const char *got,
    const char *want)
{
	if (strcmp(got, want) != 0)
		test_fail(__FILE__, __LINE__, "%s: %s \"%s\", expected \"%s\"",
		    file, what, got, want);
}

static void
expect(const char *file, const struct bounce *b, const struct want *w)
{
	if (b->kind != w->kind)
		test_fail(__FILE__, __LINE__, "%s: kind %s, expected %s", file,
		    bounce_kind_name(b->kind), bounce_kind_name(w->kind));
	expect_str(file, "tag", b->tag, w->tag);
	expect_str(file, "message id", b->message_id, w->id);
	expect_str(file, "recipient", b->recipient, w->rcpt);
	expect_str(file, "status", b->status, w->status);
	expect_str(file, "reason", b->reason, w->reason);
}

void
test_bounce_fixtures(void)
{
	struct bounce b;
	char *data;
	size_t i, len;

	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		if ((data = fixture(fixtures[i].file, &len)) == NULL)
			continue;
		CHECK_INT(bounce_classify(data, len, LOCAL, &b), 0);
		expect(fixtures[i].file, &b, &fixtures[i]);
		free(data);
	}
}

/* a message from inline text, "\n" lines */
static enum bounce_kind
kind_of(const char *msg, struct bounce *b)
{
	CHECK_INT(bounce_classify(msg, strlen(msg), LOCAL, b), 0);
	return b->kind;
}

/* a DSN with the given per-recipient block(s) */
static char *
dsn(const char *blocks)
{
	return xasprintf("From: MAILER-DAEMON@mx.example\n"
	    "To: bounces+t1@plan.example.org\n"
	    "Content-Type: multipart/report; report-type=delivery-status;\n"
	    " boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nsorry\n"
	    "--b\nContent-Type: message/delivery-status\n\n"
	    "Reporting-MTA: dns; mx.example\n\n%s\n--b--\n", blocks);
}

static enum bounce_kind
dsn_kind(const char *blocks, struct bounce *b)
{
	char *m = dsn(blocks);
	enum bounce_kind k = kind_of(m, b);

	free(m);
	return k;
}

/* Action and Status, one block and several */
void
test_bounce_dsn_rules(void)
{
	struct bounce b;

	CHECK_INT(dsn_kind("Final-Recipient: rfc822; a@x\nAction: failed\n"
	    "Status: 5.7.1\n", &b), BOUNCE_HARD);
	CHECK_STR(b.recipient, "a@x");
	/* failed with a transient status: the status class wins */
	CHECK_INT(dsn_kind("Final-Recipient: rfc822; a@x\nAction: failed\n"
	    "Status: 4.4.7\n", &b), BOUNCE_SOFT);
	CHECK_STR(b.status, "4.4.7");
	/* delayed is soft whatever its status says */
	CHECK_INT(dsn_kind("Final-Recipient: rfc822; a@x\nAction: Delayed\n"
	    "Status: 5.0.0\n", &b), BOUNCE_SOFT);
	/* no Status: the SMTP reply in the diagnostic stands in */
	CHECK_INT(dsn_kind("Final-Recipient: rfc822; a@x\nAction: failed\n"
	    "Diagnostic-Code: smtp; 550 no such user\n", &b), BOUNCE_HARD);
	CHECK_STR(b.status, "");
	CHECK_STR(b.reason, "550 no such user");
	/* failed, and nothing says how: soft, never a guessed hard */
	CHECK_INT(dsn_kind("Final-Recipient: rfc822; a@x\nAction: failed\n",
	    &b), BOUNCE_SOFT);
	/* a malformed status is not copied */
	CHECK_INT(dsn_kind("Final-Recipient: rfc822; a@x\nAction: failed\n"
	    "Status: 5.1\n", &b), BOUNCE_SOFT);
	CHECK_STR(b.status, "");
	CHECK_INT(dsn_kind("Final-Recipient: rfc822; a@x\nAction: failed\n"
	    "Status: 5.1.1234\n", &b), BOUNCE_SOFT);
	CHECK_INT(dsn_kind("Final-Recipient: rfc822; a@x\nAction: failed\n"
	    "Status: 5.1.1 (bad destination mailbox)\n", &b), BOUNCE_HARD);
	CHECK_STR(b.status, "5.1.1");
	/* no Action: the class alone */
	CHECK_INT(dsn_kind("Final-Recipient: rfc822; a@x\nStatus: 5.2.1\n",
	    &b), BOUNCE_HARD);
	CHECK_INT(dsn_kind("Final-Recipient: rfc822; a@x\nStatus: 4.2.1\n",
	    &b), BOUNCE_SOFT);
	/* deliveries are no bounce, and say so */
	CHECK_INT(dsn_kind("Final-Recipient: rfc822; a@x\nAction: delivered\n"
	    "Status: 2.0.0\n", &b), BOUNCE_UNRECOGNISED);
	CHECK_INT(dsn_kind("Final-Recipient: rfc822; a@x\nAction: expanded\n"
	    "Status: 2.0.0\n", &b), BOUNCE_UNRECOGNISED);
	/* hard over soft, whatever the order; the first of each decides */
	CHECK_INT(dsn_kind("Final-Recipient: rfc822; soft@x\nAction: delayed\n"
	    "Status: 4.0.0\n\nFinal-Recipient: rfc822; hard@x\n"
	    "Action: failed\nStatus: 5.1.1\n\n"
	    "Final-Recipient: rfc822; late@x\nAction: failed\n"
	    "Status: 5.1.2\n", &b), BOUNCE_HARD);
	CHECK_STR(b.recipient, "hard@x");
	CHECK_STR(b.status, "5.1.1");
	CHECK_INT(dsn_kind("Final-Recipient: rfc822; ok@x\nAction: relayed\n"
	    "Status: 2.0.0\n\nFinal-Recipient: rfc822; one@x\n"
	    "Action: delayed\nStatus: 4.2.2\n\n"
	    "Final-Recipient: rfc822; two@x\nAction: delayed\n"
	    "Status: 4.3.0\n", &b), BOUNCE_SOFT);
	CHECK_STR(b.recipient, "one@x");
	/* Original-Recipient when Final-Recipient is missing; brackets */
	CHECK_INT(dsn_kind("Original-Recipient: rfc822;<Ann@X.example>\n"
	    "Action: failed\nStatus: 5.1.1\n", &b), BOUNCE_HARD);
	CHECK_STR(b.recipient, "Ann@X.example");
	/* field names in any case, values folded */
	CHECK_INT(dsn_kind("FINAL-RECIPIENT: rfc822; a@x\naction:failed\n"
	    "status:\n  5.1.1\ndiagnostic-code: smtp;\n\t550 5.1.1\n"
	    "  unknown\n", &b), BOUNCE_HARD);
	CHECK_STR(b.status, "5.1.1");
	CHECK_STR(b.reason, "550 5.1.1 unknown");
}

/* what a report is, and what is not one */
void
test_bounce_kinds(void)
{
	struct bounce b;

	/* report-type missing: the delivery-status part is what counts */
	CHECK_INT(kind_of("Content-Type: multipart/report; boundary=b\n\n"
	    "--b\nContent-Type: message/delivery-status\n\nX: y\n\n"
	    "Action: failed\nStatus: 5.1.1\n--b--\n", &b), BOUNCE_HARD);
	/* a delivery-status part outside a multipart/report is not one */
	CHECK_INT(kind_of("Content-Type: multipart/mixed; boundary=b\n\n"
	    "--b\nContent-Type: message/delivery-status\n\nX: y\n\n"
	    "Action: failed\nStatus: 5.1.1\n--b--\n", &b),
	    BOUNCE_UNRECOGNISED);
	/* nor is a report forwarded inside an attached message */
	CHECK_INT(kind_of("From: a@x\nSubject: look at this\n"
	    "Content-Type: multipart/mixed; boundary=b\n\n--b\n"
	    "Content-Type: message/rfc822\n\nMessage-ID: <fwd@x>\n"
	    "Content-Type: multipart/report; boundary=c\n\n--c\n"
	    "Content-Type: message/delivery-status\n\nX: y\n\n"
	    "Action: failed\nStatus: 5.1.1\n--c--\n--b--\n", &b),
	    BOUNCE_UNRECOGNISED);
	CHECK_STR(b.message_id, "fwd@x");
	CHECK_STR(b.reason, "look at this");
	/* a report wins over Auto-Submitted, as Postfix marks its DSNs */
	CHECK_INT(kind_of("Auto-Submitted: auto-replied\n"
	    "Content-Type: multipart/report; report-type=delivery-status;"
	    " boundary=b\n\n--b\nContent-Type: message/delivery-status\n\n"
	    "X: y\n\nAction: failed\nStatus: 5.1.1\n--b--\n", &b),
	    BOUNCE_HARD);
	/* ARF without the original: still a complaint */
	CHECK_INT(kind_of("Content-Type: multipart/report; "
	    "report-type=feedback-report; boundary=b\n\n--b\n"
	    "Content-Type: message/feedback-report\n\n"
	    "Feedback-Type: fraud\nVersion: 1\n--b--\n", &b),
	    BOUNCE_COMPLAINT);
	CHECK_STR(b.reason, "fraud");
	/* the auto-reply markers */
	CHECK_INT(kind_of("From: a@x\nAuto-Submitted: auto-generated\n\nhi\n",
	    &b), BOUNCE_AUTOREPLY);
	CHECK_STR(b.reason, "Auto-Submitted: auto-generated");
	CHECK_INT(kind_of("From: a@x\nAuto-Submitted: No\n\nhi\n", &b),
	    BOUNCE_UNRECOGNISED);
	CHECK_INT(kind_of("From: a@x\nX-Autorespond: 1\n\nhi\n", &b),
	    BOUNCE_AUTOREPLY);
	CHECK_INT(kind_of("From: a@x\nPrecedence: Auto_Reply\n\nhi\n", &b),
	    BOUNCE_AUTOREPLY);
	CHECK_INT(kind_of("From: a@x\nPrecedence: bulk\n\nhi\n", &b),
	    BOUNCE_UNRECOGNISED);
	CHECK_INT(kind_of("From: a@x\nSubject: Out of Office: back Monday\n\n"
	    "hi\n", &b), BOUNCE_AUTOREPLY);
	/* a person asking about it is a person */
	CHECK_INT(kind_of("From: a@x\nSubject: Re: out of office?\n\nhi\n",
	    &b), BOUNCE_UNRECOGNISED);
	/* mailer daemons are never passed over as auto-replies */
	CHECK_INT(kind_of("From: Postmaster <POSTMASTER@mx.example>\n"
	    "Auto-Submitted: auto-replied\nSubject: Delivery failure\n\n"
	    "no such user\n", &b), BOUNCE_UNRECOGNISED);
	CHECK_INT(kind_of("From: postmaster-bot@mx.example\n"
	    "Auto-Submitted: auto-replied\n\nhi\n", &b), BOUNCE_AUTOREPLY);
	/* nothing at all */
	CHECK_INT(kind_of("", &b), BOUNCE_UNRECOGNISED);
	CHECK_INT(bounce_classify(NULL, 0, LOCAL, &b), 0);
	CHECK_INT(b.kind, BOUNCE_UNRECOGNISED);
	CHECK_STR(bounce_kind_name(BOUNCE_HARD), "hard");
	CHECK_STR(bounce_kind_name(BOUNCE_AUTOREPLY), "auto-reply");
	CHECK_STR(bounce_kind_name(BOUNCE_UNRECOGNISED), "unrecognised");
}

/* which address gives the tag, and what a tag may be */
void
test_bounce_tags(void)
{
	struct bounce b;
	const char *m;

	/* the MTA's headers before To, whatever their order in the message */
	m = "To: bounces+fromto@x\nX-Original-To: bounces+orig@x\n"
	    "Delivered-To: bounces+deliv@x\n\nhi\n";
	kind_of(m, &b);
	CHECK_STR(b.tag, "deliv");
	m = "To: bounces+fromto@x\nEnvelope-To: bounces+env@x\n\nhi\n";
	kind_of(m, &b);
	CHECK_STR(b.tag, "env");
	/* the first Delivered-To (the last hop) of several */
	m = "Delivered-To: bounces+last@x\nDelivered-To: bounces+first@x\n\n";
	kind_of(m, &b);
	CHECK_STR(b.tag, "last");
	/* a malformed tag is skipped, not cut short */
	m = "Delivered-To: bounces+abc_def@x\nTo: bounces+good1@x\n\n";
	kind_of(m, &b);
	CHECK_STR(b.tag, "good1");
	/* lower-cased; the local part compared without case */
	m = "To: \"Plan\" <BOUNCES+AbC9@X.example>, other@y\n\n";
	kind_of(m, &b);
	CHECK_STR(b.tag, "abc9");
	m = "To: other@y, bounces+second@x\n\n";
	kind_of(m, &b);
	CHECK_STR(b.tag, "second");
	/* another local part, an empty tag, no '+', too long */
	m = "To: bouncesx+abc@x, bounce+abc@x, bounces+@x, bounces@x\n\n";
	kind_of(m, &b);
	CHECK_STR(b.tag, "");
	m = "To: bounces+aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaa@x\n\n";		/* 65 */
	kind_of(m, &b);
	CHECK_STR(b.tag, "");
	m = "To: bounces+aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaa@x\n\n";		/* 64 */
	kind_of(m, &b);
	CHECK_INT(strlen(b.tag), BOUNCE_TAG_MAX);
	/* the quoted original's headers are not where it came back to */
	m = "From: MAILER-DAEMON@x\nTo: plan@x\n"
	    "Content-Type: multipart/report; boundary=b\n\n--b\n"
	    "Content-Type: text/rfc822-headers\n\n"
	    "To: bounces+inner@x\nDelivered-To: bounces+inner2@x\n--b--\n";
	kind_of(m, &b);
	CHECK_STR(b.tag, "");
	/* no local part given: no tag looked for */
	CHECK_INT(bounce_classify("To: bounces+abc@x\n\n", 20, NULL, &b), 0);
	CHECK_STR(b.tag, "");
	CHECK_INT(bounce_classify("To: bounces+abc@x\n\n", 20, "", &b), 0);
	CHECK_STR(b.tag, "");
}

static int
same(const struct bounce *a, const struct bounce *b)
{
	return a->kind == b->kind && strcmp(a->tag, b->tag) == 0 &&
	    strcmp(a->message_id, b->message_id) == 0 &&
	    strcmp(a->recipient, b->recipient) == 0 &&
	    strcmp(a->status, b->status) == 0 &&
	    strcmp(a->reason, b->reason) == 0;
}

/* CRLF, an mbox From_ line, base64 and quoted-printable parts */
void
test_bounce_encodings(void)
{
	struct bounce lf, b;
	struct buf crlf;
	char *data;
	size_t i, len;

	if ((data = fixture("postfix-user-unknown.eml", &len)) == NULL)
		return;
	CHECK_INT(bounce_classify(data, len, LOCAL, &lf), 0);
	buf_init(&crlf, 2 * len + 64);
	for (i = 0; i < len; i++)
		buf_add(&crlf, data[i] == '\n' ? "\r\n" : data + i,
		    data[i] == '\n' ? 2 : 1);
	CHECK_INT(bounce_classify(crlf.data, crlf.len, LOCAL, &b), 0);
	CHECK(same(&lf, &b));
	CHECK_INT(b.kind, BOUNCE_HARD);
	buf_reset(&crlf);
	buf_addstr(&crlf, "From MAILER-DAEMON  Mon Dec  7 11:32:08 2026\n");
	buf_add(&crlf, data, len);
	CHECK_INT(bounce_classify(crlf.data, crlf.len, LOCAL, &b), 0);
	CHECK(same(&lf, &b));
	buf_free(&crlf);
	free(data);

	/* quoted-printable report, soft line break inside the diagnostic */
	CHECK_INT(kind_of("Content-Type: multipart/report; boundary=\"q q\"\n\n"
	    "--q q\nContent-Type: message/delivery-status\n"
	    "Content-Transfer-Encoding: quoted-printable\n\nX: y\n\n"
	    "Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 us=\n"
	    "er =3D unknown\n--q q--\n", &b), BOUNCE_HARD);
	CHECK_STR(b.reason, "550 user = unknown");
	/* base64 rfc822-headers ("Message-ID: <b64@x.example>") */
	CHECK_INT(kind_of("Content-Type: multipart/report; boundary=b\n\n"
	    "--b\nContent-Type: message/delivery-status\n\nX: y\n\n"
	    "Action: failed\nStatus: 5.1.1\n--b\n"
	    "Content-Type: text/rfc822-headers\n"
	    "Content-Transfer-Encoding: base64\n\n"
	    "TWVzc2FnZS1JRDogPGI2NEB4LmV4YW1wbGU+DQo=\n--b--\n", &b),
	    BOUNCE_HARD);
	CHECK_STR(b.message_id, "b64@x.example");
	/* base64 message/rfc822, which RFC 2046 forbids but mailers send */
	CHECK_INT(kind_of("Content-Type: multipart/report; boundary=b\n\n"
	    "--b\nContent-Type: message/delivery-status\n\nX: y\n\n"
	    "Action: delayed\nStatus: 4.2.2\n--b\n"
	    "Content-Type: message/rfc822\n"
	    "Content-Transfer-Encoding: base64\n\n"
	    "TWVzc2FnZS1JRDogPGI2NEB4LmV4YW1wbGU+DQoNCmJvZHkNCg==\n--b--\n",
	    &b), BOUNCE_SOFT);
	CHECK_STR(b.message_id, "b64@x.example");
}

/* a DSN whose report lies after pad (a preamble) */
static enum bounce_kind
dsn_after(const char *pad, size_t padlen, struct bounce *b)
{
	struct buf m;
	enum bounce_kind k;

	buf_init(&m, BOUNCE_MAX_SIZE + 1024);
	buf_addstr(&m, "Content-Type: multipart/report; boundary=b\n\n");
	buf_add(&m, pad, padlen);
	buf_addstr(&m, "--b\nContent-Type: message/delivery-status\n\n"
	    "X: y\n\nAction: failed\nStatus: 5.1.1\n--b--\n");
	CHECK_INT(bounce_classify(m.data, m.len, LOCAL, b), 0);
	k = b->kind;
	buf_free(&m);
	return k;
}

/* n lines of line, joined */
static char *
lines(const char *line, size_t n, size_t *len)
{
	size_t ll = strlen(line), i;
	char *s = xmalloc(n * ll + 1);

	for (i = 0; i < n; i++)
		memcpy(s + i * ll, line, ll);
	s[n * ll] = '\0';
	*len = n * ll;
	return s;
}

/* the caps of bounce.h, each just inside and just outside */
void
test_bounce_caps(void)
{
	static const char big_head[] =
	    "Content-Type: multipart/report; boundary=b\n\n--b\n"
	    "Content-Type: message/delivery-status\n\nX: y\n\n"
	    "Action: failed\nStatus: 5.1.1\n--b\n"
	    "Content-Type: text/plain\n\n";
	static const char many_head[] =
	    "Content-Type: multipart/report; boundary=b\n\n";
	struct bounce b;
	char *pad;
	size_t len;

	pad = xcalloc(1, (size_t)BOUNCE_MAX_SIZE + 1);
	CHECK_INT(bounce_classify(pad, (size_t)BOUNCE_MAX_SIZE + 1, LOCAL, &b),
	    -1);
	CHECK_INT(b.kind, BOUNCE_UNRECOGNISED);
	free(pad);
	/* the whole 10 MiB may come in; the report near the top is read */
	pad = lines("padding line\n", (BOUNCE_MAX_SIZE - 1024) / 13, &len);
	memcpy(pad, big_head, strlen(big_head));
	CHECK_INT(bounce_classify(pad, len, LOCAL, &b), 0);
	CHECK_INT(b.kind, BOUNCE_HARD);
	free(pad);
	pad = lines("x\n", BOUNCE_SCAN_MAX / 2 - 1024, &len);
	CHECK_INT(dsn_after(pad, len, &b), BOUNCE_HARD);
	free(pad);
	pad = lines("x\n", BOUNCE_SCAN_MAX / 2 + 1, &len);
	CHECK_INT(dsn_after(pad, len, &b), BOUNCE_UNRECOGNISED);
	free(pad);
	/*
	 * Lines beginning "--": the report's opening boundary as the 1000th
	 * is read (its closing one is cut, which a report survives), as the
	 * 1001st it is not.
	 */
	pad = lines("-- x\n", BOUNCE_MAX_DASH_LINES - 1, &len);
	CHECK_INT(dsn_after(pad, len, &b), BOUNCE_HARD);
	free(pad);
	pad = lines("-- x\n", BOUNCE_MAX_DASH_LINES, &len);
	CHECK_INT(dsn_after(pad, len, &b), BOUNCE_UNRECOGNISED);
	free(pad);
	/* two million empty parts: cut short, not built */
	pad = lines("--b\n\n", (BOUNCE_MAX_SIZE - 100) / 5, &len);
	memcpy(pad, many_head, strlen(many_head));
	CHECK_INT(bounce_classify(pad, len, LOCAL, &b), 0);
	CHECK_INT(b.kind, BOUNCE_UNRECOGNISED);
	free(pad);
	/* attached messages nested 100,000 deep */
	pad = lines("Content-Type: message/rfc822\n\n", 100000, &len);
	CHECK_INT(bounce_classify(pad, len, LOCAL, &b), 0);
	CHECK_INT(b.kind, BOUNCE_UNRECOGNISED);
	free(pad);
}

/* what comes out is one line of UTF-8 without controls, and bounded */
void
test_bounce_text(void)
{
	struct bounce b;
	struct buf m;
	size_t bad, i;

	CHECK_INT(dsn_kind("Final-Recipient: rfc822; <a\x1b[2J@x>\n"
	    "Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 "
	    "\x1b[31mred\x1b[0m \x01" "bell\x7f \xc2\x9b" "csi \xff\xfe bad "
	    "\xc3\xa9t\xc3\xa9 \t tab\n", &b), BOUNCE_HARD);
	CHECK_STR(b.reason,
	    "550 [31mred[0m bell csi bad \xc3\xa9t\xc3\xa9 tab");
	CHECK_STR(b.recipient, "a[2J@x");
	/* cut at a character, never inside one */
	buf_init(&m, 4096);
	buf_addstr(&m, "Final-Recipient: rfc822; a@x\nAction: failed\n"
	    "Status: 5.1.1\nDiagnostic-Code: smtp; ");
	for (i = 0; i < 300; i++)
		buf_addstr(&m, "\xe2\x82\xac");		/* the euro sign */
	dsn_kind(m.data, &b);
	CHECK_INT(strlen(b.reason), 198);
	CHECK(utf8_valid(b.reason, strlen(b.reason), &bad));
	/* a space is kept only with the character after it */
	buf_reset(&m);
	buf_addstr(&m, "Final-Recipient: rfc822; a@x\nAction: failed\n"
	    "Status: 5.1.1\nDiagnostic-Code: smtp; ");
	for (i = 0; i < BOUNCE_REASON_MAX - 1; i++)
		buf_addc(&m, 'a');
	buf_addstr(&m, " bb\n");
	dsn_kind(m.data, &b);
	CHECK_INT(strlen(b.reason), BOUNCE_REASON_MAX - 1);
	CHECK(b.reason[strlen(b.reason) - 1] == 'a');
	buf_reset(&m);
	buf_addstr(&m, "Content-Type: multipart/report; boundary=b\n\n--b\n"
	    "Content-Type: message/delivery-status\n\nX: y\n\n"
	    "Action: failed\nStatus: 5.1.1\n--b\n"
	    "Content-Type: text/rfc822-headers\n\nMessage-ID: <");
	for (i = 0; i < 300; i++)
		buf_addc(&m, 'a');
	buf_addstr(&m, "@x>\n--b--\n");
	kind_of(m.data, &b);
	CHECK_INT(strlen(b.message_id), BOUNCE_ID_MAX);
	buf_free(&m);
}

/* what a returned message does: the policy, apart from the store */
void
test_bounce_effect(void)
{
	CHECK_INT(bounce_effect_of(BOUNCE_HARD, 0), BOUNCE_EFFECT_BOUNCED);
	CHECK_INT(bounce_effect_of(BOUNCE_COMPLAINT, 0),
	    BOUNCE_EFFECT_COMPLAINED);
	CHECK_INT(bounce_effect_of(BOUNCE_SOFT, 1), BOUNCE_EFFECT_NONE);
	CHECK_INT(bounce_effect_of(BOUNCE_SOFT, BOUNCE_SOFT_LIMIT - 1),
	    BOUNCE_EFFECT_NONE);
	CHECK_INT(bounce_effect_of(BOUNCE_SOFT, BOUNCE_SOFT_LIMIT),
	    BOUNCE_EFFECT_BOUNCED);
	CHECK_INT(bounce_effect_of(BOUNCE_AUTOREPLY, 9), BOUNCE_EFFECT_NONE);
	CHECK_INT(bounce_effect_of(BOUNCE_UNRECOGNISED, 9),
	    BOUNCE_EFFECT_NONE);
}
