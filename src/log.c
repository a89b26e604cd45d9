/*
 * log.c - diagnostics on stderr, in the three styles described in log.h.
 *
 * Messages are formatted into one buffer and written with a single fputs so
 * that lines from several threads never interleave mid-line, with control
 * characters escaped (str_escape in utf8.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "utf8.h"

static enum log_style style = LOG_STYLE_TERM;
static int verbose;

/* sd-daemon(3) priorities */
enum { PRI_CRIT = 2, PRI_ERR = 3, PRI_WARNING = 4, PRI_INFO = 6,
    PRI_DEBUG = 7 };

void
log_init(enum log_style s, int verbosity)
{
	style = s;
	verbose = verbosity;
}

int
log_verbosity(void)
{
	return verbose;
}

/*
 * systemd sets JOURNAL_STREAM when stderr is the journal, which stamps
 * each line itself and reads the "<N>" priority; anywhere else (a file,
 * a pipe, docker logs) a line needs its own time and level to be read.
 */
enum log_style
log_daemon_style(void)
{
	return getenv("JOURNAL_STREAM") ? LOG_STYLE_JOURNAL : LOG_STYLE_STAMP;
}

static const char *
level_word(int pri)
{
	switch (pri) {
	case PRI_CRIT:
		return "crit";
	case PRI_ERR:
		return "error";
	case PRI_WARNING:
		return "warning";
	case PRI_INFO:
		return "info";
	default:
		return "debug";
	}
}

/*
 * The time the line is written, from the real clock even under --now:
 * a log says when things happened on this machine, and lines from two
 * processes must sort together.  UTC with milliseconds, ISO 8601.
 */
static void
stamp(char *dst, size_t sz)
{
	struct timespec ts;
	struct tm tm;
	char sec[32];

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1 ||
	    gmtime_r(&ts.tv_sec, &tm) == NULL ||
	    strftime(sec, sizeof(sec), "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
		snprintf(dst, sz, "-");
		return;
	}
	snprintf(dst, sz, "%s.%03dZ", sec, (int)(ts.tv_nsec / 1000000L));
}

/*
 * Messages carry data from outside (a CSV cell, a name, an SMTP reply),
 * so the whole message is escaped here, once, rather than at each call:
 * an ESC from a file must not drive the operator's terminal, and a line
 * break must not forge a second log line.  The line's own newline is
 * added after.  Nothing here allocates: fatal() reports a failed malloc.
 */
static void
vlog(int pri, const char *errstr, const char *fmt, va_list ap)
{
	char msg[2048], safe[4096], line[4200], when[64];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	str_escape(safe, sizeof(safe), msg);
	if (style == LOG_STYLE_JOURNAL)
		snprintf(line, sizeof(line), "<%d>%s%s%s\n", pri, safe,
		    errstr ? ": " : "", errstr ? errstr : "");
	else if (style == LOG_STYLE_STAMP) {
		stamp(when, sizeof(when));
		snprintf(line, sizeof(line), "%s %s %s%s%s\n", when,
		    level_word(pri), safe, errstr ? ": " : "",
		    errstr ? errstr : "");
	} else
		snprintf(line, sizeof(line), "refready: %s%s%s\n", safe,
		    errstr ? ": " : "", errstr ? errstr : "");
	fputs(line, stderr);
}

void
log_warn(const char *fmt, ...)
{
	const char *e = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	vlog(PRI_ERR, e, fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(PRI_ERR, NULL, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	if (verbose < 0)
		return;
	va_start(ap, fmt);
	vlog(PRI_INFO, NULL, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (verbose < 1)
		return;
	va_start(ap, fmt);
	vlog(PRI_DEBUG, NULL, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	const char *e = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	vlog(PRI_CRIT, e, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(PRI_CRIT, NULL, fmt, ap);
	va_end(ap);
	exit(1);
}
