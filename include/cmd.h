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

#include <jansson.h>

#include "config.h"
#include "ledger.h"

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
int	cmd_unenroll(struct cmd_ctx *);
int	cmd_done(struct cmd_ctx *);
int	cmd_links(struct cmd_ctx *);
int	cmd_feed(struct cmd_ctx *);
struct db;
struct enrollment;
/*
 * Opens the database and finds EMAIL's enrollment: -1 when found (release
 * both), else the exit status, after saying why.
 */
int	cmd_person_open(struct cmd_ctx *, const char *email, struct db **,
	    struct enrollment *);
/* cmd_status_day.c: status EMAIL --day N */
int	cmd_status_day(struct cmd_ctx *);
/* cmd_pause.c */
int	cmd_pause(struct cmd_ctx *);
int	cmd_resume(struct cmd_ctx *);
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
/*
 * preview of an email that is not a lesson (kindmail.h): printed as
 * preview prints a lesson (--html: its HTML), or with addr sent there
 * as cmd_preview_send does.  db and key are NULL for the sample person.
 */
int	cmd_preview_kind(struct cmd_ctx *, const struct curriculum *,
	    struct db *db, const struct enrollment *e, const unsigned char *key,
	    enum ledger_kind kind, const char *addr);
struct render_email;
/*
 * preview's email on stdout: its HTML with --html, else the headers a
 * reader sees (the person's name flattened and escaped, as imported)
 * and the text part.
 */
void	cmd_preview_print(struct cmd_ctx *, const struct enrollment *e,
	    const struct render_email *mail);
/*
 * preview --email: the token secret into key (TOKEN_SECRET_LEN bytes), the database into *db and
 * the person enrolled as email into e.  EXIT_OK, or the exit code after
 * a one-line error (EXIT_USAGE for no such person).
 */
int	cmd_preview_person(struct cmd_ctx *, const char *email,
	    unsigned char *key, struct db **db,
	    struct enrollment *e);
/* cmd_followon.c: preview followon N [--html] [--email EMAIL] */
int	cmd_preview_followon(struct cmd_ctx *);
/* its line in the text status */
void	cmd_followon_print(const json_t *);
/* cmd_bounces.c */
int	cmd_bounces(struct cmd_ctx *);
/* the local part of mail.return_path (allocated), or NULL */
char	*cmd_return_local(const struct cfg *);
/* cmd_suppress.c */
int	cmd_suppress_list(struct cmd_ctx *);
int	cmd_suppress_add(struct cmd_ctx *);
int	cmd_suppress_remove(struct cmd_ctx *);
/* cmd_privacy.c */
int	cmd_export(struct cmd_ctx *);
int	cmd_forget(struct cmd_ctx *);
/* cmd_apikey.c */
int	cmd_apikey_create(struct cmd_ctx *);
int	cmd_apikey_list(struct cmd_ctx *);
int	cmd_apikey_revoke(struct cmd_ctx *);
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
/* cmd_cohort_set.c */
int	cmd_cohort_set(struct cmd_ctx *);
/*
 * --title, --join-url and --replay-url into v[0..2] (NULL: not given,
 * "": clear); -1 after saying which one is bad.
 */
int	cmd_cohort_webinar_opts(const struct cmd_ctx *, const char *v[3]);
/*
 * --signup on|off: 1 (*on set) when given, 0 when not, -1 after saying
 * it is bad.
 */
int	cmd_cohort_signup_opt(const struct cmd_ctx *, int *on);
/* "signup:   on: URL" or "signup:   off" on stdout */
void	cmd_cohort_signup_print(const struct cmd_ctx *, const char *name,
	    int on);

/* the configured curriculum, valid, or -1 after printing its problems */
int	cmd_load_curriculum(struct cmd_ctx *, struct curriculum *);

#endif
