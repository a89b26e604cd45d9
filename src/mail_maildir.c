/*
 * mail_maildir.c - the Maildir transport: each message is written to
 * tmp/, flushed to disk, and renamed into new/, so a reader never sees a
 * half-written message and a crash leaves at most a file in tmp/.  A
 * message that cannot be written is the transport's fault, not the
 * message's: the batch stops and the lessons wait for the next pass.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "mailer.h"
#include "util.h"

struct maildir {
	char		*path;
	char		 host[64];
	unsigned long	 seq;
};

static void *
maildir_open(const struct cfg *cfg)
{
	struct maildir *md = xcalloc(1, sizeof(*md));
	static const char *const sub[] = { "tmp", "new", "cur" };
	char dir[PATH_MAX];
	size_t i;

	md->path = xstrdup(cfg->mail_url + strlen("maildir:"));
	if (gethostname(md->host, sizeof(md->host)) == -1)
		snprintf(md->host, sizeof(md->host), "localhost");
	md->host[sizeof(md->host) - 1] = '\0';
	/* '/' and ':' have meanings in Maildir names */
	for (i = 0; md->host[i]; i++)
		if (md->host[i] == '/' || md->host[i] == ':')
			md->host[i] = '_';
	for (i = 0; i < 3; i++) {
		snprintf(dir, sizeof(dir), "%s/%s/", md->path, sub[i]);
		if (mkdir_parent(dir, 0700) == -1) {
			log_warn("mail: cannot create '%s'", dir);
			free(md->path);
			free(md);
			return NULL;
		}
	}
	return md;
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* the directory itself, so a rename reaches the disk */
static int
sync_dir(const char *path)
{
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static void
deliver(struct maildir *md, struct mail_job *j)
{
	char name[160], tmp[PATH_MAX], dst[PATH_MAX], rpath[300];
	struct timespec ts;
	int fd, rp = 0;

	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(name, sizeof(name), "%lld.M%ldP%dQ%lu.%s",
	    (long long)ts.tv_sec, ts.tv_nsec / 1000, (int)getpid(), ++md->seq,
	    md->host);
	snprintf(tmp, sizeof(tmp), "%s/tmp/%s", md->path, name);
	snprintf(dst, sizeof(dst), "%s/new/%s", md->path, name);
	j->result = MAIL_TEMP;
	j->fault = MAIL_FAULT_LOCAL;
	/* what a delivering MTA adds: the envelope sender, as SMTP had it */
	if (j->from)
		rp = snprintf(rpath, sizeof(rpath), "Return-Path: <%s>\r\n",
		    j->from);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1 || (rp > 0 && (size_t)rp < sizeof(rpath) &&
	    write_all(fd, rpath, (size_t)rp) == -1) ||
	    write_all(fd, j->data, j->len) == -1 || fsync(fd) == -1) {
		snprintf(j->reply, sizeof(j->reply), "maildir: tmp/%.120s: %s",
		    name, strerror(errno));
		if (fd != -1) {
			close(fd);
			unlink(tmp);
		}
		return;
	}
	close(fd);
	if (rename(tmp, dst) == -1) {
		snprintf(j->reply, sizeof(j->reply), "maildir: rename: %s",
		    strerror(errno));
		unlink(tmp);
		return;
	}
	/* the rename is on disk before "sent" can be */
	snprintf(dst, sizeof(dst), "%s/new", md->path);
	if (sync_dir(dst) == -1)
		log_warn("mail: fsync '%s'", dst);
	snprintf(j->reply, sizeof(j->reply), "maildir: new/%s", name);
	j->result = MAIL_SENT;
	j->fault = MAIL_FAULT_NONE;
}

/*
 * One message at a time, each reported the moment it is in new/, so that
 * it is recorded before the next is written: a crash re-delivers at most
 * the one being written, as with SMTP.
 */
static void
maildir_send(void *state, struct mail_job *jobs, size_t n, mail_done_fn cb,
    void *arg)
{
	struct maildir *md = state;
	size_t i;

	for (i = 0; i < n; i++) {
		deliver(md, &jobs[i]);
		if (cb(arg, &i, 1) != 0)
			break;
	}
}

static void
maildir_close(void *state)
{
	struct maildir *md = state;

	free(md->path);
	free(md);
}

const struct mail_backend mail_maildir = {
	"maildir:", maildir_open, maildir_send, maildir_close
};
