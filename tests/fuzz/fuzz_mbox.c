/*
 * fuzz_mbox.c - libFuzzer harness for the mbox reader of mailbox.c: the
 * input is the whole mbox file, read by mailbox_read() from a scratch
 * file with a small size limit, so that messages over it come up often.
 * Whatever the bytes, every message handed over must be NUL-terminated
 * and within the limit, the messages together no longer than the file,
 * and a file that does not begin with "From " must be refused with one
 * line.
 */
#include <limits.h>

#include "diag.h"
#include "fuzz.h"
#include "mailbox.h"

#define LIMIT	256

static char path[PATH_MAX];

struct total {
	size_t	n;
	size_t	bytes;
};

static enum mailbox_verdict
take(void *arg, const struct mailbox_msg *m)
{
	struct total *t = arg;

	FUZZ_CHECK(m->data[m->len] == '\0');
	FUZZ_CHECK(m->len <= LIMIT);
	FUZZ_CHECK(m->where != NULL && m->where[0] != '\0');
	t->n++;
	t->bytes += m->len;
	return t->n % 2 ? MAILBOX_SEEN : MAILBOX_FLAGGED;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct diag_list dl = { NULL, 0, 0 };
	struct total t = { 0, 0 };
	int rc, mbox;

	if (path[0] == '\0')
		snprintf(path, sizeof(path), "%s/fuzz_mbox.%ld",
		    fuzz_tmpdir(), (long)getpid());
	fuzz_write_file(path, data, len);
	mbox = len == 0 || (len >= 5 && memcmp(data, "From ", 5) == 0);
	rc = mailbox_read(path, LIMIT, take, &t, &dl);
	FUZZ_CHECK(rc == (mbox ? 0 : -1));
	FUZZ_CHECK(t.bytes <= len);
	if (!mbox)
		FUZZ_CHECK(t.n == 0 && dl.n == 1);
	diag_free(&dl);
	unlink(path);
	return 0;
}
