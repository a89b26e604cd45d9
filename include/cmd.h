/*
 * cmd.h - what every command receives from main.c, and the commands.
 *
 * main.c parses the global options and the command's own options, loads
 * the configuration and reads the clock once; a command gets all of that
 * in struct cmd_ctx and returns an exit status.
 */
#ifndef REFREADY_CMD_H
#define REFREADY_CMD_H

#include <time.h>

#include "config.h"

enum {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,	/* database unavailable, mail server down */
	EXIT_USAGE = 2		/* bad command line or bad input */
};

#define CMD_MAXOPTS	16

struct cmd_ctx {
	const char	*name;		/* "init", "config check", ... */
	struct cfg	 cfg;
	time_t		 now;		/* the clock for this run (--now) */
	int		 now_set;	/* --now was given */
	const char	*cfgpath;	/* the file read, NULL: built-ins */
	const char	*dbpath;	/* --db, or NULL */
	int		 argc;		/* arguments after the command */
	char		**argv;
	struct {
		const char	*name;
		const char	*value;	/* "1" for a flag */
	}		 opt[CMD_MAXOPTS];
	int		 nopt;
};

/* the value of the command's option --name, or NULL if not given */
const char	*cmd_opt(const struct cmd_ctx *, const char *name);

struct curriculum;

/* cmd_admin.c */
int	cmd_init(struct cmd_ctx *);
int	cmd_config_check(struct cmd_ctx *);
int	cmd_curriculum_check(struct cmd_ctx *);
int	cmd_preview(struct cmd_ctx *);
int	cmd_tick(struct cmd_ctx *);
/* cmd_person.c */
int	cmd_enroll(struct cmd_ctx *);
int	cmd_status(struct cmd_ctx *);
int	cmd_pause(struct cmd_ctx *);
int	cmd_resume(struct cmd_ctx *);
int	cmd_unenroll(struct cmd_ctx *);
int	cmd_done(struct cmd_ctx *);
int	cmd_links(struct cmd_ctx *);
int	cmd_feed(struct cmd_ctx *);
/* cmd_send.c */
int	cmd_resend(struct cmd_ctx *);
struct enrollment;
/*
 * preview --send-to: day's email as e would get it (key NULL: the sample
 * person's fake links) sent to addr, "[test] " before the subject,
 * through the configured transport; nothing recorded.  An exit status.
 */
int	cmd_preview_send(struct cmd_ctx *, const struct curriculum *,
	    const struct enrollment *e, const unsigned char *key, int day,
	    const char *addr);
/* cmd_bounces.c */
int	cmd_bounces(struct cmd_ctx *);
/* the local part of mail.return_path (allocated), or NULL */
char	*cmd_return_local(const struct cfg *);
/* cmd_suppress.c */
int	cmd_suppress_list(struct cmd_ctx *);
int	cmd_suppress_add(struct cmd_ctx *);
int	cmd_suppress_remove(struct cmd_ctx *);
/* cmd_webhooks.c */
int	cmd_webhooks(struct cmd_ctx *);
/* cmd_backup.c */
int	cmd_backup(struct cmd_ctx *);
/* cmd_serve.c */
int	cmd_serve(struct cmd_ctx *);
/* cmd_score.c */
int	cmd_score(struct cmd_ctx *);
/* cmd_cohort.c */
int	cmd_cohort_create(struct cmd_ctx *);
int	cmd_cohort_list(struct cmd_ctx *);
int	cmd_cohort_show(struct cmd_ctx *);
int	cmd_cohort_import(struct cmd_ctx *);
int	cmd_cohort_enroll(struct cmd_ctx *);
int	cmd_cohort_feed(struct cmd_ctx *);
int	cmd_cohort_report(struct cmd_ctx *);

/* the configured curriculum, valid, or -1 after printing its problems */
int	cmd_load_curriculum(struct cmd_ctx *, struct curriculum *);

#endif
