/*
 * test_ledger.c - unit tests for the step one send result makes of its
 * row, shared by the delivery ledger and the signup queue.
 */
#include <string.h>

#include "ledger.h"
#include "test.h"

static void
job(struct mail_job *j, enum mail_result r, enum mail_fault f,
    const char *reply)
{
	memset(j, 0, sizeof(*j));
	j->result = r;
	j->fault = f;
	strcpy(j->reply, reply);
}

void
test_ledger_step(void)
{
	struct ledger_counts k;
	struct ledger_step s;
	struct mail_job j;

	memset(&k, 0, sizeof(k));
	job(&j, MAIL_SENT, MAIL_FAULT_NONE, "250 ok");
	ledger_step(1000, 1, &j, &s, &k);
	CHECK_STR(s.state, "sent");
	CHECK_INT(s.attempts, 1);
	CHECK_INT(k.sent, 1);

	job(&j, MAIL_PERM, MAIL_FAULT_NONE, "550 no such user");
	ledger_step(1000, 2, &j, &s, &k);
	CHECK_STR(s.state, "failed");
	CHECK_INT(s.attempts, 2);
	CHECK_INT(k.failed, 1);

	/* a 4xx counts its try and backs off by it */
	job(&j, MAIL_TEMP, MAIL_FAULT_NONE, "451 later");
	ledger_step(1000, 2, &j, &s, &k);
	CHECK_STR(s.state, "retry");
	CHECK_INT(s.attempts, 2);
	CHECK_INT(s.next_try, 1000 + ledger_backoff(2));
	CHECK_INT(k.retry_4xx, 1);

	/* "4" alone is no 4xx reply */
	job(&j, MAIL_TEMP, MAIL_FAULT_NONE, "4");
	ledger_step(1000, 1, &j, &s, &k);
	CHECK_INT(k.retry_4xx, 1);
	CHECK_INT(k.retry_other, 1);

	/* the relay's fault: due again now, the try not counted */
	job(&j, MAIL_TEMP, MAIL_FAULT_CONNECT, "connect refused");
	ledger_step(1000, 3, &j, &s, &k);
	CHECK_STR(s.state, "retry");
	CHECK_INT(s.attempts, 2);
	CHECK_INT(s.next_try, 1000);
	CHECK_INT(k.retry_connect, 1);
	job(&j, MAIL_TEMP, MAIL_FAULT_LOGIN, "535 no");
	ledger_step(1000, 1, &j, &s, &k);
	CHECK_INT(k.retry_relay, 1);

	/* never tried: given back as it was before the claim */
	job(&j, MAIL_UNSENT, MAIL_FAULT_NONE, "");
	ledger_step(1000, 1, &j, &s, &k);
	CHECK_STR(s.state, "pending");
	CHECK_INT(s.attempts, 0);
	CHECK_INT(s.next_try, 1000);
	ledger_step(1000, 2, &j, &s, &k);
	CHECK_STR(s.state, "retry");
	CHECK_INT(s.attempts, 1);

	CHECK_INT(k.retried, 6);
	CHECK_INT(k.retry_other, 3);
}

void
test_ledger_counts_add(void)
{
	struct ledger_counts c = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct ledger_counts k = { 10, 20, 30, 40, 50, 60, 70, 80 };

	ledger_counts_add(&c, &k);
	CHECK_INT(c.sent, 11);
	CHECK_INT(c.retried, 22);
	CHECK_INT(c.failed, 33);
	CHECK_INT(c.skipped, 44);
	CHECK_INT(c.retry_connect, 55);
	CHECK_INT(c.retry_4xx, 66);
	CHECK_INT(c.retry_relay, 77);
	CHECK_INT(c.retry_other, 88);
}
