/*
 * log.h - diagnostics on stderr.
 *
 * Every line a command or the daemon prints about itself goes through here,
 * so the format is decided in one place: "refready: CONTEXT: PROBLEM" for a
 * person at a terminal, "<N>CONTEXT: PROBLEM" (sd-daemon priority prefixes)
 * when stderr is the journal, which adds its own time, and for a daemon
 * writing anywhere else (a file, a pipe, a container's log) a line that
 * stands on its own: "2026-12-07T13:00:00.123Z error CONTEXT: PROBLEM".  fatal() is for broken invariants and
 * exhausted memory only; bad input is always reported and survived.
 */
#ifndef REFREADY_LOG_H
#define REFREADY_LOG_H

#include <stdarg.h>

enum log_style {
	LOG_STYLE_TERM,		/* "refready: " prefix */
	LOG_STYLE_JOURNAL,	/* "<N>" priority prefix */
	LOG_STYLE_STAMP		/* ISO 8601 UTC time and the level word */
};

/* verbosity: -1 quiet (warnings only), 0 normal, 1 debug */
void	log_init(enum log_style, int verbosity);
int	log_verbosity(void);
/* the daemon's style: the journal under systemd, else time-stamped */
enum log_style log_daemon_style(void);

/* log_warn appends ": strerror(errno)"; the x variants do not */
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
