/*
 * mailbox.c - the Maildir, mbox and standard-input readers of
 * mailbox.h.
 *
 * Memory stays bounded whatever the input: a message is held whole only
 * up to the caller's limit, and an mbox is read through a fixed buffer,
 * so a 50 MB message or a line without end costs a counter, not memory.
 * A Maildir message leaves new/ only by rename into cur/, never by
 * unlink, and never over another file.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "mailbox.h"
#include "util.h"

/* how often a name already taken in cur/ is tried with a suffix */
#define MAILDIR_TRIES	100

struct mbox_in {
	FILE		*fp;
	char		 buf[64 * 1024];
	size_t		 off, len;
	int		 eof;
};

/* the current message of an mbox */
struct mbox_msg {
	struct buf	 data;
	size_t		 size;		/* bytes, counted past the limit */
	size_t		 tail;		/* of its last line, if blank */
	unsigned long	 line;		/* of its From_ line */
};

/*
 * Reads fd to its end into a NUL-terminated buffer (caller frees).
 * Returns NULL with errno set on a read error, or with EFBIG when there
 * are more than max bytes (*lenp then says how many were read).
 */
static char *
read_fd(int fd, size_t max, size_t *lenp)
{
	struct buf b;
	char chunk[16384];
	ssize_t n;

	buf_init(&b, max);
	*lenp = 0;
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			buf_free(&b);
			return NULL;
		}
		if (n == 0)
			break;
		*lenp += (size_t)n;
		if (buf_add(&b, chunk, (size_t)n) == -1) {
			buf_free(&b);
			errno = EFBIG;
			return NULL;
		}
	}
	*lenp = b.len;
	return buf_take(&b);
}

static int
read_stdin(size_t max, mailbox_fn fn, void *arg, struct diag_list *dl)
{
	struct mailbox_msg m;
	size_t len;
	char *data;
	int rc = -1;

	if ((data = read_fd(STDIN_FILENO, max, &len)) == NULL) {
		if (errno == EFBIG)
			diag_add(dl, "standard input", 0, 0, "message too "
			    "large: over the limit of %zu bytes", max);
		else
			diag_add(dl, "standard input", 0, 0, "cannot read: %s",
			    strerror(errno));
		goto out;
	}
	m.data = data;
	m.len = len;
	m.where = "standard input";
	if (fn(arg, &m) != MAILBOX_STOP)
		rc = 0;
out:
	free(data);
	return rc;
}

/* new/ entries to read: not ".", ".." or hidden ones */
static int
visible(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* the directory itself, so that renames in it reach the disk */
static void
sync_dir(const char *dir, const char *sub)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return;
	(void)fsync(fd);
	close(fd);
}

/*
 * Renames from to to, never over an existing file: RENAME_NOREPLACE, or
 * on a file system without it link() then unlink(), the classic Maildir
 * move, in which the file is never in neither place.
 */
static int
move_noreplace(const char *from, const char *to)
{
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	if (link(from, to) == -1)
		return -1;
	return unlink(from);
}

/*
 * Moves new/NAME (at src) to cur/NAME:2,FLAG.  An info part the name
 * came with is replaced; a name taken in cur/ gets ".1", ".2"... so
 * that no file is ever replaced.
 */
static void
maildir_file(const char *dir, const char *name, const char *src, char flag,
    struct diag_list *dl)
{
	char dst[PATH_MAX];
	int base = (int)strcspn(name, ":"), i, n;

	for (i = 0; i < MAILDIR_TRIES; i++) {
		if (i == 0)
			n = snprintf(dst, sizeof(dst), "%s/cur/%.*s:2,%c", dir,
			    base, name, flag);
		else
			n = snprintf(dst, sizeof(dst), "%s/cur/%.*s.%d:2,%c",
			    dir, base, name, i, flag);
		if (n < 0 || (size_t)n >= sizeof(dst)) {
			errno = ENAMETOOLONG;
			break;
		}
		if (move_noreplace(src, dst) == 0)
			return;
		if (errno != EEXIST)
			break;
	}
	diag_add(dl, src, 0, 0, "cannot move to cur/: %s; left in new/",
	    strerror(errno));
}

/*
 * One file of new/: read, handed to fn, filed.  O_NOFOLLOW and
 * O_NONBLOCK, so a symbolic link or a FIFO put in new/ is neither
 * followed nor waited on.  Returns -1 only when fn said stop.
 */
static int
maildir_one(const char *dir, const char *name, size_t max, mailbox_fn fn,
    void *arg, struct diag_list *dl)
{
	char path[PATH_MAX];
	struct mailbox_msg m;
	enum mailbox_verdict v;
	struct stat st;
	char *data = NULL;
	size_t len;
	int fd, rc = 0;

	snprintf(path, sizeof(path), "%s/new/%s", dir, name);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1 && errno == ENOENT)
		goto out;		/* another reader filed it */
	if ((fd == -1 && errno != ELOOP) || (fd != -1 &&
	    fstat(fd, &st) == -1)) {
		diag_add(dl, path, 0, 0, "cannot read: %s; left in new/",
		    strerror(errno));
		goto out;
	}
	if (fd != -1 && S_ISDIR(st.st_mode)) {
		diag_add(dl, path, 0, 0, "a directory; left in new/");
		goto out;
	}
	if (fd == -1 || !S_ISREG(st.st_mode)) {
		diag_add(dl, path, 0, 0, "not a regular file; filed in cur/ "
		    "flagged");
		maildir_file(dir, name, path, 'F', dl);
		goto out;
	}
	if ((unsigned long long)st.st_size > max ||
	    ((data = read_fd(fd, max, &len)) == NULL && errno == EFBIG)) {
		diag_add(dl, path, 0, 0, "message too large: %lld bytes, over "
		    "the limit of %zu; filed in cur/ flagged",
		    (long long)st.st_size, max);
		maildir_file(dir, name, path, 'F', dl);
		goto out;
	}
	if (data == NULL) {
		diag_add(dl, path, 0, 0, "cannot read: %s; left in new/",
		    strerror(errno));
		goto out;
	}
	m.data = data;
	m.len = len;
	m.where = path;
	if ((v = fn(arg, &m)) == MAILBOX_STOP)
		rc = -1;
	else
		maildir_file(dir, name, path, v == MAILBOX_SEEN ? 'S' : 'F',
		    dl);
out:
	if (fd != -1)
		close(fd);
	free(data);
	return rc;
}

static int
maildir_read(const char *dir, size_t max, mailbox_fn fn, void *arg,
    struct diag_list *dl)
{
	struct dirent **names = NULL;
	char newdir[PATH_MAX];
	int i, n, rc = 0;

	snprintf(newdir, sizeof(newdir), "%s/new", dir);
	if ((n = scandir(newdir, &names, visible, alphasort)) == -1) {
		diag_add(dl, newdir, 0, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (rc == 0 &&
		    maildir_one(dir, names[i]->d_name, max, fn, arg, dl) == -1)
			rc = -1;
		free(names[i]);
	}
	free(names);
	/* filed means filed: a crash must not hand these over again */
	sync_dir(dir, "new");
	sync_dir(dir, "cur");
	return rc;
}

/* at least want bytes at in->off, unless the file ends first */
static int
in_fill(struct mbox_in *in, size_t want)
{
	size_t n;

	if (in->len - in->off >= want || in->eof)
		return 0;
	memmove(in->buf, in->buf + in->off, in->len - in->off);
	in->len -= in->off;
	in->off = 0;
	while (in->len < want && !in->eof) {
		n = fread(in->buf + in->len, 1, sizeof(in->buf) - in->len,
		    in->fp);
		if (n == 0 && ferror(in->fp))
			return -1;
		in->eof = n == 0;
		in->len += n;
	}
	return 0;
}

static void
mbox_add(struct mbox_msg *m, const char *s, size_t n)
{
	m->size += n;
	if (!m->data.overflow)
		(void)buf_add(&m->data, s, n);
}

/*
 * The message read so far, without the blank line that ends it (mbox
 * writers put one before each From_ line and at the end), to fn.
 * Returns -1 when fn said stop.
 */
static int
mbox_end(struct mbox_msg *m, const char *path, size_t max, mailbox_fn fn,
    void *arg, struct diag_list *dl)
{
	struct mailbox_msg mm;
	char where[PATH_MAX + 32];
	size_t cut = m->tail;
	int line = m->line > INT_MAX ? 0 : (int)m->line;

	if (m->data.overflow || m->size - cut > max) {
		diag_add(dl, path, line, 0, "message too large: %zu bytes, "
		    "over the limit of %zu; skipped", m->size - cut, max);
		return 0;
	}
	m->data.len -= cut;
	if (m->data.data != NULL)
		m->data.data[m->data.len] = '\0';
	snprintf(where, sizeof(where), "%s:%lu", path, m->line);
	mm.data = m->data.data ? m->data.data : "";
	mm.len = m->data.len;
	mm.where = where;
	return fn(arg, &mm) == MAILBOX_STOP ? -1 : 0;
}

/*
 * Splits the file at "From " lines that start it or follow a blank line
 * (mboxo, as Postfix's local delivery and procmail write it: only
 * ">From " is an escape, so only it is un-escaped).  The data goes
 * through a fixed buffer a piece at a time, so no line or message is
 * held beyond the limit.  Returns 1 when fn said stop, -1 on a read
 * error.
 */
static int
mbox_split(struct mbox_in *in, struct mbox_msg *m, const char *path,
    size_t max, mailbox_fn fn, void *arg, struct diag_list *dl)
{
	const char *s, *nl;
	size_t avail, n;
	unsigned long line = 0;
	int bol = 1, blank = 1, skip = 0, have = 0;

	for (;;) {
		if (in_fill(in, 6) == -1)
			return -1;
		if (in->off == in->len)
			break;
		s = in->buf + in->off;
		avail = in->len - in->off;
		if (bol) {
			line++;
			if (blank && avail >= 5 && memcmp(s, "From ", 5) == 0) {
				if (have && mbox_end(m, path, max, fn, arg,
				    dl) == -1)
					return 1;
				buf_reset(&m->data);
				m->size = m->tail = 0;
				m->line = line;
				have = skip = 1;	/* the envelope line */
			} else if (avail >= 6 && memcmp(s, ">From ", 6) == 0) {
				s++;
				avail--;
				in->off++;
			}
			blank = s[0] == '\n' || (avail >= 2 && s[0] == '\r' &&
			    s[1] == '\n');
			if (!skip)
				m->tail = !blank ? 0 : s[0] == '\n' ? 1 : 2;
		}
		nl = memchr(s, '\n', avail);
		n = nl ? (size_t)(nl - s) + 1 : avail;
		if (!skip)
			mbox_add(m, s, n);
		in->off += n;
		if ((bol = nl != NULL))
			skip = 0;
	}
	if (have && mbox_end(m, path, max, fn, arg, dl) == -1)
		return 1;
	return 0;
}

static int
mbox_read(const char *path, size_t max, mailbox_fn fn, void *arg,
    struct diag_list *dl)
{
	struct mbox_in *in = xcalloc(1, sizeof(*in));
	struct mbox_msg m;
	int rc = -1, r;

	memset(&m, 0, sizeof(m));
	buf_init(&m.data, max + 2);
	if ((in->fp = fopen(path, "re")) == NULL) {
		diag_add(dl, path, 0, 0, "cannot open: %s", strerror(errno));
		goto out;
	}
	if (in_fill(in, 5) == -1)
		goto readerr;
	if (in->len > 0 && (in->len < 5 || memcmp(in->buf, "From ", 5) != 0)) {
		diag_add(dl, path, 0, 0, "neither a Maildir nor an mbox file "
		    "(it does not begin with \"From \")");
		goto out;
	}
	if ((r = mbox_split(in, &m, path, max, fn, arg, dl)) == -1)
		goto readerr;
	rc = r == 0 ? 0 : -1;
	goto out;
readerr:
	diag_add(dl, path, 0, 0, "cannot read: %s", strerror(errno));
out:
	if (in->fp != NULL)
		fclose(in->fp);
	free(in);
	buf_free(&m.data);
	return rc;
}

static int
is_dir(const char *dir, const char *sub)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
mailbox_read(const char *path, size_t max, mailbox_fn fn, void *arg,
    struct diag_list *dl)
{
	struct stat st;

	if (strcmp(path, "-") == 0)
		return read_stdin(max, fn, arg, dl);
	if (stat(path, &st) == -1) {
		diag_add(dl, path, 0, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (is_dir(path, "cur") && is_dir(path, "new"))
			return maildir_read(path, max, fn, arg, dl);
		diag_add(dl, path, 0, 0, "neither a Maildir (it has no cur/ "
		    "and new/) nor an mbox file");
		return -1;
	}
	if (S_ISREG(st.st_mode))
		return mbox_read(path, max, fn, arg, dl);
	diag_add(dl, path, 0, 0, "neither a Maildir nor an mbox file");
	return -1;
}
