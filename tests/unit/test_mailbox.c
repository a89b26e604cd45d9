/*
 * test_mailbox.c - the mailbox readers on temporary Maildirs, mbox files
 * and standard input: every message handed over once and whole, filed
 * in cur/ with the right flag, nothing deleted or replaced, a message
 * over the limit reported by name and left where it was, and one clear
 * line for a path that is no mailbox.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "mailbox.h"
#include "test.h"
#include "util.h"

#define MAXSEEN	16

/* what the callback saw, and what it answers */
struct seen {
	int	 n;
	char	*data[MAXSEEN];
	char	*where[MAXSEEN];
	int	 stop_at;		/* answer STOP to this one (1-based) */
};

/* "FLAG" in a message asks for MAILBOX_FLAGGED; else it is seen */
static enum mailbox_verdict
record(void *arg, const struct mailbox_msg *m)
{
	struct seen *s = arg;

	CHECK(m->data[m->len] == '\0');
	if (s->n < MAXSEEN) {
		s->data[s->n] = xstrndup(m->data, m->len);
		s->where[s->n] = xstrdup(m->where);
	}
	s->n++;
	if (s->n == s->stop_at)
		return MAILBOX_STOP;
	return strstr(m->data, "FLAG") ? MAILBOX_FLAGGED : MAILBOX_SEEN;
}

static void
seen_free(struct seen *s)
{
	int i;

	for (i = 0; i < s->n && i < MAXSEEN; i++) {
		free(s->data[i]);
		free(s->where[i]);
	}
	memset(s, 0, sizeof(*s));
}

static char *
tmpdir(void)
{
	const char *t = getenv("TMPDIR");
	char *d = xasprintf("%s/refready-unit.XXXXXX", t && *t ? t : "/tmp");

	if (mkdtemp(d) == NULL)
		test_fail(__FILE__, __LINE__, "mkdtemp: %s", strerror(errno));
	return d;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
rm_tree(char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

static void
put(const char *dir, const char *name, const char *data, size_t len)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		test_fail(__FILE__, __LINE__, "cannot write %s", path);
	free(path);
}

/* the contents of dir/name, or NULL if there is no such file */
static char *
get(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name), *data;
	size_t len;

	data = file_read(path, 64 * 1024 * 1024, &len);
	free(path);
	return data;
}

static int
exists(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	struct stat st;
	int r = lstat(path, &st) == 0;

	free(path);
	return r;
}

/* the number of entries in dir/sub, "." and ".." aside */
static int
count(const char *dir, const char *sub)
{
	char *path = xasprintf("%s/%s", dir, sub);
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	free(path);
	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static int
diag_has(const struct diag_list *dl, const char *file, const char *text)
{
	size_t i;

	for (i = 0; i < dl->n; i++)
		if (strstr(dl->v[i].file, file) && strstr(dl->v[i].msg, text))
			return 1;
	return 0;
}

static char *
maildir(void)
{
	char *d = tmpdir();
	char *sub;
	const char *const subs[] = { "tmp", "new", "cur" };
	size_t i;

	for (i = 0; i < 3; i++) {
		sub = xasprintf("%s/%s", d, subs[i]);
		mkdir(sub, 0700);
		free(sub);
	}
	return d;
}

/* each file of new/ handed once, in name order, then filed in cur/ */
void
test_mailbox_maildir(void)
{
	struct diag_list dl = { NULL, 0, 0 };
	struct seen s;
	char *d = maildir(), *big, *p;

	memset(&s, 0, sizeof(s));
	put(d, "new/200.M2P1.host", "Subject: b\n\nFLAG me\n", 20);
	put(d, "new/100.M1P1.host", "Subject: a\n\nhello\n", 18);
	put(d, "new/300.M3P1.host:2,", "Subject: c\n\nhi\n", 15);
	put(d, "new/.hidden", "Subject: h\n\n", 12);
	big = xmalloc(2000);
	memset(big, 'x', 2000);
	put(d, "new/150.big.host", big, 2000);
	free(big);
	CHECK_INT(mailbox_read(d, 1000, record, &s, &dl), 0);
	CHECK_INT(s.n, 3);
	CHECK_STR(s.data[0], "Subject: a\n\nhello\n");
	CHECK(strstr(s.where[0], "/new/100.M1P1.host") != NULL);
	CHECK_STR(s.data[1], "Subject: b\n\nFLAG me\n");
	CHECK_STR(s.data[2], "Subject: c\n\nhi\n");
	/* filed by verdict; an info part replaced; nothing lost */
	p = get(d, "cur/100.M1P1.host:2,S");
	CHECK(p != NULL && strcmp(p, "Subject: a\n\nhello\n") == 0);
	free(p);
	CHECK(exists(d, "cur/200.M2P1.host:2,F"));
	CHECK(exists(d, "cur/300.M3P1.host:2,S"));
	/* the one over the limit: named, not handed, filed flagged */
	CHECK_INT((long long)dl.n, 1);
	CHECK(diag_has(&dl, "new/150.big.host", "message too large: 2000 "
	    "bytes, over the limit of 1000; filed in cur/ flagged"));
	p = get(d, "cur/150.big.host:2,F");
	CHECK(p != NULL && strlen(p) == 2000);
	free(p);
	CHECK_INT(count(d, "new"), 1);		/* .hidden */
	CHECK_INT(count(d, "cur"), 4);
	diag_free(&dl);
	seen_free(&s);

	/* the next run finds nothing new and reports nothing */
	CHECK_INT(mailbox_read(d, 1000, record, &s, &dl), 0);
	CHECK_INT(s.n, 0);
	CHECK_INT((long long)dl.n, 0);
	CHECK_INT(count(d, "cur"), 4);

	/* a name already in cur/ is never replaced */
	put(d, "new/100.M1P1.host", "Subject: again\n\n", 16);
	CHECK_INT(mailbox_read(d, 1000, record, &s, &dl), 0);
	CHECK_INT(s.n, 1);
	p = get(d, "cur/100.M1P1.host:2,S");
	CHECK(p != NULL && strcmp(p, "Subject: a\n\nhello\n") == 0);
	free(p);
	p = get(d, "cur/100.M1P1.host.1:2,S");
	CHECK(p != NULL && strcmp(p, "Subject: again\n\n") == 0);
	free(p);
	CHECK_INT(count(d, "new"), 1);
	diag_free(&dl);
	seen_free(&s);
	rm_tree(d);
}

/* a caller that cannot record stops the reading; nothing moves */
void
test_mailbox_maildir_stop(void)
{
	struct diag_list dl = { NULL, 0, 0 };
	struct seen s;
	char *d = maildir();

	memset(&s, 0, sizeof(s));
	put(d, "new/1.a", "Subject: 1\n\n", 12);
	put(d, "new/2.b", "Subject: 2\n\n", 12);
	put(d, "new/3.c", "Subject: 3\n\n", 12);
	s.stop_at = 2;
	CHECK_INT(mailbox_read(d, 1000, record, &s, &dl), -1);
	CHECK_INT(s.n, 2);
	CHECK(exists(d, "cur/1.a:2,S"));
	CHECK(exists(d, "new/2.b"));
	CHECK(exists(d, "new/3.c"));
	CHECK_INT((long long)dl.n, 0);
	seen_free(&s);
	/* the next run takes up where it stopped */
	CHECK_INT(mailbox_read(d, 1000, record, &s, &dl), 0);
	CHECK_INT(s.n, 2);
	CHECK_STR(s.data[0], "Subject: 2\n\n");
	CHECK_INT(count(d, "new"), 0);
	CHECK_INT(count(d, "cur"), 3);
	seen_free(&s);
	rm_tree(d);
}

/*
 * The real limit against a 50 MB message (sparse: nothing is written or
 * read), and what does not belong in new/: a symbolic link is filed
 * without being followed, a directory is left.
 */
void
test_mailbox_maildir_odd(void)
{
	struct diag_list dl = { NULL, 0, 0 };
	struct seen s;
	char *d = maildir(), *path, *target;
	int fd;

	memset(&s, 0, sizeof(s));
	path = xasprintf("%s/new/1.huge", d);
	if ((fd = open(path, O_WRONLY | O_CREAT, 0600)) == -1 ||
	    ftruncate(fd, 50 * 1000 * 1000) == -1)
		test_fail(__FILE__, __LINE__, "cannot make %s", path);
	if (fd != -1)
		close(fd);
	free(path);
	target = xasprintf("%s/secret", d);
	put(d, "secret", "Subject: not for you\n\n", 22);
	path = xasprintf("%s/new/2.link", d);
	CHECK_INT(symlink(target, path), 0);
	free(path);
	free(target);
	path = xasprintf("%s/new/3.dir", d);
	CHECK_INT(mkdir(path, 0700), 0);
	free(path);
	put(d, "new/4.ok", "Subject: ok\n\n", 13);
	CHECK_INT(mailbox_read(d, 10 * 1024 * 1024, record, &s, &dl), 0);
	CHECK_INT(s.n, 1);
	CHECK_STR(s.data[0], "Subject: ok\n\n");
	CHECK(diag_has(&dl, "new/1.huge", "message too large: 50000000 bytes, "
	    "over the limit of 10485760; filed in cur/ flagged"));
	CHECK(exists(d, "cur/1.huge:2,F"));
	CHECK(diag_has(&dl, "new/2.link", "not a regular file"));
	CHECK(exists(d, "cur/2.link:2,F"));
	CHECK(diag_has(&dl, "new/3.dir", "a directory; left in new/"));
	CHECK(exists(d, "new/3.dir"));
	CHECK(exists(d, "secret"));
	CHECK_INT((long long)dl.n, 3);
	diag_free(&dl);
	seen_free(&s);
	rm_tree(d);
}

static const char mbox_text[] =
    "From MAILER-DAEMON Mon Dec  7 11:32:08 2026\n"
    "Subject: one\n"
    "\n"
    "a line\n"
    ">From the escaped line\n"
    ">>From stays quoted\n"
    "From inside a paragraph is text\n"
    "\n"
    "From bounces@x Tue Dec  8 09:00:00 2026\n"
    "Subject: two (CRLF)\r\n"
    "\r\n"
    "body\r\n"
    "\r\n"
    "From big@x Tue Dec  8 09:00:01 2026\n"
    "Subject: three\n"
    "\n"
    "0123456789012345678901234567890123456789012345678901234567890123\n"
    "0123456789012345678901234567890123456789012345678901234567890123\n"
    "\n"
    "From last@x Wed Dec  9 10:00:00 2026\n"
    "Subject: four\n"
    "\n"
    "end\n"
    "\n";

/* split at From_ lines after blank lines; the file left as it was */
void
test_mailbox_mbox(void)
{
	struct diag_list dl = { NULL, 0, 0 };
	struct seen s;
	char *d = tmpdir(), *p, *path;

	memset(&s, 0, sizeof(s));
	put(d, "mbox", mbox_text, sizeof(mbox_text) - 1);
	path = xasprintf("%s/mbox", d);
	CHECK_INT(mailbox_read(path, 120, record, &s, &dl), 0);
	CHECK_INT(s.n, 3);
	if (s.n == 3) {
		CHECK_STR(s.data[0], "Subject: one\n\na line\n"
		    "From the escaped line\n>>From stays quoted\n"
		    "From inside a paragraph is text\n");
		CHECK(strstr(s.where[0], "/mbox:1") != NULL);
		CHECK_STR(s.data[1], "Subject: two (CRLF)\r\n\r\nbody\r\n");
		CHECK(strstr(s.where[1], "/mbox:9") != NULL);
		CHECK_STR(s.data[2], "Subject: four\n\nend\n");
		CHECK(strstr(s.where[2], "/mbox:20") != NULL);
	}
	/* the third is over 120 bytes: its From_ line is named */
	CHECK_INT((long long)dl.n, 1);
	CHECK(dl.n == 1 && dl.v[0].line == 14);
	CHECK(diag_has(&dl, "mbox", "message too large: 146 bytes, over the "
	    "limit of 120; skipped"));
	p = get(d, "mbox");
	CHECK(p != NULL && strcmp(p, mbox_text) == 0);
	free(p);
	diag_free(&dl);
	seen_free(&s);

	/* a caller that stops: no more messages */
	s.stop_at = 1;
	CHECK_INT(mailbox_read(path, 1000, record, &s, &dl), -1);
	CHECK_INT(s.n, 1);
	seen_free(&s);
	/* an empty mbox is an mbox */
	put(d, "mbox", "", 0);
	CHECK_INT(mailbox_read(path, 1000, record, &s, &dl), 0);
	CHECK_INT(s.n, 0);
	CHECK_INT((long long)dl.n, 0);
	free(path);
	rm_tree(d);
}

/*
 * The reader works through a 64 KiB buffer: a From_ line (and its
 * blank line) cut by a refill at every offset around the edge, and a
 * line longer than the buffer.
 */
void
test_mailbox_mbox_edges(void)
{
	struct diag_list dl = { NULL, 0, 0 };
	struct seen s;
	struct buf b;
	char *d = tmpdir(), *path, *want;
	size_t pad, i;

	memset(&s, 0, sizeof(s));
	path = xasprintf("%s/mbox", d);
	for (pad = 65536 - 24; pad < 65536 + 4; pad++) {
		buf_init(&b, 1 << 20);
		buf_addstr(&b, "From a@x Mon Dec  7 11:32:08 2026\n"
		    "Subject: one\n\n");
		for (i = b.len; i < pad; i++)
			buf_addc(&b, 'x');
		buf_addstr(&b, "\n\nFrom b@x Mon Dec  7 11:32:09 2026\n"
		    "Subject: two\n\nend\n");
		put(d, "mbox", b.data, b.len);
		CHECK_INT(mailbox_read(path, 1 << 20, record, &s, &dl), 0);
		CHECK_INT(s.n, 2);
		if (s.n == 2) {
			CHECK_INT(strlen(s.data[0]), pad - 34 + 1);
			CHECK_STR(s.data[1], "Subject: two\n\nend\n");
		}
		seen_free(&s);
		buf_free(&b);
	}
	/* one line of 300 KiB, and a message that ends without a newline */
	buf_init(&b, 1 << 20);
	buf_addstr(&b, "From a@x Mon Dec  7 11:32:08 2026\nSubject: long\n\n");
	for (i = 0; i < 300 * 1024; i++)
		buf_addc(&b, 'y');
	buf_addstr(&b, "\n\nFrom b@x Mon Dec  7 11:32:09 2026\nSubject: x\n\nno"
	    " newline");
	put(d, "mbox", b.data, b.len);
	CHECK_INT(mailbox_read(path, 1 << 20, record, &s, &dl), 0);
	CHECK_INT(s.n, 2);
	want = xasprintf("Subject: long\n\n%.*s\n", 300 * 1024, b.data + 49);
	CHECK(s.n == 2 && strcmp(s.data[0], want) == 0);
	CHECK(s.n == 2 && strcmp(s.data[1], "Subject: x\n\nno newline") == 0);
	CHECK_INT((long long)dl.n, 0);
	free(want);
	seen_free(&s);
	buf_free(&b);
	free(path);
	rm_tree(d);
}

/* standard input: one message, or one line when it is too big */
void
test_mailbox_stdin(void)
{
	struct diag_list dl = { NULL, 0, 0 };
	struct seen s;
	char *d = tmpdir(), *path;
	int saved = dup(STDIN_FILENO), fd;

	memset(&s, 0, sizeof(s));
	put(d, "msg", "From x@y Mon Dec  7 11:32:08 2026\nSubject: in\n\nhi\n",
	    50);
	path = xasprintf("%s/msg", d);
	if ((fd = open(path, O_RDONLY)) == -1 || dup2(fd, 0) == -1)
		test_fail(__FILE__, __LINE__, "cannot redirect stdin");
	CHECK_INT(mailbox_read("-", 1000, record, &s, &dl), 0);
	CHECK_INT(s.n, 1);
	CHECK_STR(s.data[0], "From x@y Mon Dec  7 11:32:08 2026\n"
	    "Subject: in\n\nhi\n");
	CHECK_STR(s.where[0], "standard input");
	CHECK_INT((long long)dl.n, 0);
	seen_free(&s);
	lseek(STDIN_FILENO, 0, SEEK_SET);
	CHECK_INT(mailbox_read("-", 49, record, &s, &dl), -1);
	CHECK_INT(s.n, 0);
	CHECK(diag_has(&dl, "standard input", "message too large: over the "
	    "limit of 49 bytes"));
	dup2(saved, STDIN_FILENO);
	close(saved);
	if (fd != -1)
		close(fd);
	diag_free(&dl);
	free(path);
	rm_tree(d);
}

/* what is no mailbox gets one line and nothing is handed over */
void
test_mailbox_not_mailboxes(void)
{
	struct diag_list dl = { NULL, 0, 0 };
	struct seen s;
	char *d = tmpdir(), *path;

	memset(&s, 0, sizeof(s));
	put(d, "notes.txt", "Subject: hello\n\nnot an mbox\n", 28);
	path = xasprintf("%s/notes.txt", d);
	CHECK_INT(mailbox_read(path, 1000, record, &s, &dl), -1);
	CHECK(diag_has(&dl, "notes.txt", "neither a Maildir nor an mbox file "
	    "(it does not begin with \"From \")"));
	free(path);
	CHECK_INT(mailbox_read(d, 1000, record, &s, &dl), -1);
	CHECK(diag_has(&dl, d, "neither a Maildir (it has no cur/ and new/) "
	    "nor an mbox file"));
	path = xasprintf("%s/missing", d);
	CHECK_INT(mailbox_read(path, 1000, record, &s, &dl), -1);
	CHECK(diag_has(&dl, "missing", "cannot open: No such file"));
	free(path);
	CHECK_INT(mailbox_read("/dev/null", 1000, record, &s, &dl), -1);
	CHECK(diag_has(&dl, "/dev/null", "neither a Maildir nor an mbox"));
	CHECK_INT((long long)dl.n, 4);
	CHECK_INT(s.n, 0);
	diag_free(&dl);
	rm_tree(d);
}
