/*
 * cmd_backup.c - `refready backup DIR`: a consistent copy of the database
 * and the URL secret, taken while the daemon may be sending.
 *
 * Both files are named after the command's clock (--now sets it),
 * DIR/refready-YYYYMMDDTHHMMSSZ.db and .secret, so backups never
 * overwrite one another.  Each is written under a temporary name, fsynced
 * and then linked to its final name, which fails if that name exists: a
 * crash never leaves a half-written file under a final name, and an
 * existing backup is never replaced.  The secret is linked first and the
 * database last, so a .db in DIR always has its .secret beside it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cmd.h"
#include "db.h"
#include "log.h"
#include "token.h"
#include "util.h"

/* pages copied per step: the daemon's connections never wait on a step */
#define BACKUP_PAGES	256
#define BACKUP_NAP_MS	10
/* how long a busy or locked source may keep the backup waiting */
#define BACKUP_MAX_NAPS	3000

static void
nap_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* fsync the file or folder at path; 0, or -1 with errno set */
static int
sync_path(const char *path, int dir)
{
	int fd, rc, save;

	if ((fd = open(path, (dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC |
	    O_NOFOLLOW)) == -1)
		return -1;
	rc = fsync(fd);
	save = errno;
	close(fd);
	errno = save;
	return rc;
}

/*
 * DIR as the backup's home: created 0700 when missing (its parent must
 * exist), else a folder that no group or other user can write, since they
 * could replace the secret's copy or the database under our names.
 * 0, or -1 after one line.
 */
static int
check_dir(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno != EEXIST) {
		log_warn("backup: cannot create '%s'", dir);
		return -1;
	}
	if (stat(dir, &st) == -1) {
		log_warn("backup: '%s'", dir);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		log_warnx("backup: '%s' is not a folder", dir);
		return -1;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		log_warnx("backup: '%s' can be written by group or others; "
		    "the secret's copy needs a folder only its owner can write "
		    "(chmod go-w it)", dir);
		return -1;
	}
	if (access(dir, W_OK | X_OK) == -1) {
		log_warn("backup: cannot write in '%s'", dir);
		return -1;
	}
	return 0;
}

/* tmp to its final name, never replacing one; 0, or -1 logged */
static int
publish(const char *tmp, const char *path)
{
	if (link(tmp, path) == -1) {
		log_warn("backup: cannot create '%s'", path);
		return -1;
	}
	unlink(tmp);
	return 0;
}

/* the secret, 64 hex digits and a newline as init writes it, into tmp */
static int
write_secret(const unsigned char key[TOKEN_SECRET_LEN], const char *tmp)
{
	char hex[2 * TOKEN_SECRET_LEN + 1];
	int fd, i, rc = -1;

	for (i = 0; i < TOKEN_SECRET_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", key[i]);
	hex[2 * TOKEN_SECRET_LEN] = '\n';
	unlink(tmp);	/* a crashed run's, by our own name */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd == -1) {
		log_warn("backup: cannot create '%s'", tmp);
		goto out;
	}
	/* 0600 whatever the umask: token_secret_load refuses anything more */
	if (fchmod(fd, 0600) == -1 ||
	    write(fd, hex, sizeof(hex)) != (ssize_t)sizeof(hex) ||
	    fsync(fd) == -1) {
		log_warn("backup: cannot write '%s'", tmp);
		close(fd);
		unlink(tmp);
		goto out;
	}
	close(fd);
	rc = 0;
out:
	explicit_bzero(hex, sizeof(hex));
	return rc;
}

/* the copy reads back whole: PRAGMA quick_check says ok; 0, or -1 logged */
static int
check_copy(sqlite3 *h, const char *path)
{
	sqlite3_stmt *st = NULL;
	int ok = 0;

	if (sqlite3_prepare_v2(h, "PRAGMA quick_check", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);

		ok = t && strcmp((const char *)t, "ok") == 0;
	}
	if (!ok)
		log_warnx("backup: the copy '%s' fails its check: %s", path,
		    sqlite3_errmsg(h));
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}

/*
 * The database at src into the new file tmp with SQLite's online backup.
 * A read transaction stays open on src for the whole copy: the pages then
 * come from one snapshot, so the copy is consistent and never restarts
 * however often the daemon commits meanwhile (without it, every step sees
 * the daemon's latest commit and starts over).  In WAL mode a reader holds
 * up no writer; it only keeps a checkpoint from going past its snapshot
 * until the copy ends.  The copy goes in small steps so that the source's
 * locks are taken briefly, retried after a nap when busy or locked.
 * Pages copied in *pages; 0, or -1 logged.
 */
static int
copy_db(struct db *src, const char *tmp, int *pages)
{
	sqlite3 *s = db_handle(src), *d = NULL;
	sqlite3_backup *b = NULL;
	sqlite3_stmt *st = NULL;
	int rc, naps = 0, ret = -1;

	unlink(tmp);	/* a crashed run's, by our own name */
	if (db_exec(src, "BEGIN") == -1)
		return -1;
	/* BEGIN is deferred: the snapshot is taken at the first read */
	if ((st = db_prepare(src, "SELECT count(*) FROM sqlite_master")) ==
	    NULL)
		goto out;
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_warn(src, "backup: read");
		goto out;
	}
	if (sqlite3_open_v2(tmp, &d, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		log_warnx("backup: cannot create '%s': %s", tmp, d ?
		    sqlite3_errmsg(d) : "out of memory");
		goto out;
	}
	if ((b = sqlite3_backup_init(d, "main", s, "main")) == NULL) {
		log_warnx("backup: '%s': %s", tmp, sqlite3_errmsg(d));
		goto out;
	}
	for (;;) {
		rc = sqlite3_backup_step(b, BACKUP_PAGES);
		if (rc == SQLITE_DONE)
			break;
		if (rc == SQLITE_OK)
			continue;
		if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
			if (++naps > BACKUP_MAX_NAPS) {
				log_warnx("backup: the database stayed busy "
				    "for %d s", BACKUP_MAX_NAPS *
				    BACKUP_NAP_MS / 1000);
				goto out;
			}
			nap_ms(BACKUP_NAP_MS);
			continue;
		}
		log_warnx("backup: copying to '%s': %s", tmp,
		    sqlite3_errstr(rc));
		goto out;
	}
	*pages = sqlite3_backup_pagecount(b);
	rc = sqlite3_backup_finish(b);
	b = NULL;
	if (rc != SQLITE_OK) {
		log_warnx("backup: '%s': %s", tmp, sqlite3_errstr(rc));
		goto out;
	}
	/*
	 * The copy's header says WAL, as the source's does; a rollback
	 * journal instead makes it one file that any later open (a check,
	 * the sqlite3 shell) leaves without a -wal or -shm beside it.  The
	 * daemon turns WAL on again when it opens the restored file.
	 */
	if (sqlite3_exec(d, "PRAGMA journal_mode = DELETE", NULL, NULL,
	    NULL) != SQLITE_OK) {
		log_warnx("backup: '%s': %s", tmp, sqlite3_errmsg(d));
		goto out;
	}
	if (check_copy(d, tmp) == -1)
		goto out;
	ret = 0;
out:
	if (b)
		sqlite3_backup_finish(b);
	sqlite3_finalize(st);
	db_exec(src, "COMMIT");
	/*
	 * Closing the copy's last connection folds any -wal it made back
	 * into the file and removes it, so the one file is the whole copy.
	 */
	if (d && sqlite3_close(d) != SQLITE_OK) {
		log_warnx("backup: '%s': close: %s", tmp, sqlite3_errmsg(d));
		ret = -1;
	}
	if (ret == 0 && sync_path(tmp, 0) == -1) {
		log_warn("backup: cannot sync '%s'", tmp);
		ret = -1;
	}
	if (ret == -1)
		unlink(tmp);
	return ret;
}

int
cmd_backup(struct cmd_ctx *ctx)
{
	const char *dir = ctx->argv[0];
	unsigned char key[TOKEN_SECRET_LEN];
	char stamp[32];
	char *dbpath = NULL, *secpath = NULL, *dbtmp = NULL, *sectmp = NULL;
	struct db *db = NULL;
	struct stat st;
	struct tm tm;
	int pages = 0, rc = EXIT_RUNTIME;

	if (*dir == '\0') {
		log_warnx("backup: empty folder name");
		return EXIT_USAGE;
	}
	if (gmtime_r(&ctx->now, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm) == 0) {
		log_warnx("backup: the clock cannot name a file");
		return EXIT_USAGE;
	}
	if (check_dir(dir) == -1)
		return EXIT_USAGE;
	dbpath = xasprintf("%s/refready-%s.db", dir, stamp);
	secpath = xasprintf("%s/refready-%s.secret", dir, stamp);
	dbtmp = xasprintf("%s/.refready-%s.db.tmp", dir, stamp);
	sectmp = xasprintf("%s/.refready-%s.secret.tmp", dir, stamp);
	if (lstat(dbpath, &st) == 0 || lstat(secpath, &st) == 0) {
		log_warnx("backup: '%s' already exists; a backup is never "
		    "replaced (another folder, or a second later)",
		    lstat(dbpath, &st) == 0 ? dbpath : secpath);
		goto out;
	}
	if ((db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL, NULL)) == NULL)
		goto out;
	if (token_secret_load(ctx->cfg.secret_file, key) == -1)
		goto out;
	if (write_secret(key, sectmp) == -1)
		goto out;
	if (copy_db(db, dbtmp, &pages) == -1)
		goto out;
	if (publish(sectmp, secpath) == -1)
		goto out;
	if (publish(dbtmp, dbpath) == -1) {
		unlink(secpath);
		goto out;
	}
	if (sync_path(dir, 1) == -1) {
		log_warn("backup: cannot sync '%s'", dir);
		goto out;
	}
	printf("database %s: %d pages, consistent as of one moment\n",
	    dbpath, pages);
	printf("secret %s: mode 0600 (without it every mailed link and "
	    "calendar subscription stops working)\n", secpath);
	printf("\nto restore:\n"
	    "  1. stop the daemon (systemctl stop refready)\n"
	    "  2. rm -f %s-wal %s-shm\n"
	    "  3. cp %s %s\n"
	    "  4. cp %s %s && chmod 600 %s\n"
	    "  5. start the daemon (systemctl start refready)\n",
	    ctx->cfg.db, ctx->cfg.db, dbpath, ctx->cfg.db, secpath,
	    ctx->cfg.secret_file, ctx->cfg.secret_file);
	rc = EXIT_OK;
out:
	explicit_bzero(key, sizeof(key));
	if (rc != EXIT_OK) {
		unlink(dbtmp);
		unlink(sectmp);
	}
	db_close(db);
	free(dbpath);
	free(secpath);
	free(dbtmp);
	free(sectmp);
	return rc;
}
