/*
 * main.c - the refready command line: global options, the command table
 * and dispatch.
 *
 * Global options may stand before or after the command name, so the
 * command is found first (skipping the arguments of any known option) and
 * then one getopt_long pass reads the global options together with that
 * command's own.
 */
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "help.h"
#include "outbox.h"
#include "replan.h"
#include "log.h"
#include "util.h"
#include "version.h"


struct cmd_opt {
	const char	*name;
	int		 has_arg;
};

struct command {
	const char		*name;		/* one or two words */
	int			(*run)(struct cmd_ctx *);
	int			 min_args, max_args;
	const char		*args;		/* usage after the name */
	const char		*summary;
	const struct cmd_opt	*opts;		/* NULL-terminated, or NULL */
};

static const struct cmd_opt preview_opts[] = {
	{ "html", 0 }, { "email", 1 }, { "send-to", 1 }, { NULL, 0 } };
static const struct cmd_opt enroll_opts[] = {
	{ "name", 1 }, { "tz", 1 }, { "send-at", 1 }, { "start", 1 },
	{ "pacing", 1 }, { "cohort", 1 }, { "resubscribe", 0 },
	{ "no-welcome", 0 }, { NULL, 0 } };
static const struct cmd_opt suppress_list_opts[] = {
	{ "json", 0 }, { NULL, 0 } };
static const struct cmd_opt webhooks_opts[] = { { "json", 0 }, { NULL, 0 } };
static const struct cmd_opt suppress_add_opts[] = {
	{ "reason", 1 }, { NULL, 0 } };
static const struct cmd_opt suppress_remove_opts[] = {
	{ "force", 0 }, { NULL, 0 } };
static const struct cmd_opt status_opts[] = { { "json", 0 }, { "day", 1 },
	{ NULL, 0 } };
static const struct cmd_opt pause_opts[] = { { "until", 1 }, { NULL, 0 } };
static const struct cmd_opt done_opts[] = { { "undo", 0 }, { NULL, 0 } };
static const struct cmd_opt links_opts[] = { { "rotate", 0 }, { NULL, 0 } };
static const struct cmd_opt score_opts[] = { { "answers", 1 }, { NULL, 0 } };
static const struct cmd_opt forget_opts[] = { { "yes", 0 }, { NULL, 0 } };
static const struct cmd_opt cohort_create_opts[] = {
	{ "webinar", 1 }, { "start", 1 }, { "skip", 1 }, { "title", 1 },
	{ "join-url", 1 }, { "replay-url", 1 }, { "signup", 1 },
	{ NULL, 0 } };
static const struct cmd_opt cohort_set_opts[] = {
	{ "title", 1 }, { "join-url", 1 }, { "replay-url", 1 },
	{ "signup", 1 }, { NULL, 0 } };
static const struct cmd_opt cohort_import_opts[] = {
	{ "dry-run", 0 }, { "json", 0 }, { NULL, 0 } };
static const struct cmd_opt cohort_list_opts[] = {
	{ "json", 0 }, { NULL, 0 } };
static const struct cmd_opt cohort_enroll_opts[] = {
	{ "attended-only", 0 }, { "dry-run", 0 }, { "no-welcome", 0 },
	{ NULL, 0 } };
static const struct cmd_opt cohort_report_opts[] = {
	{ "format", 1 }, { "output", 1 }, { "all", 0 }, { NULL, 0 } };

static const struct command commands[] = {
	{ "init", cmd_init, 0, 0, "",
	    "create or upgrade the database and the URL secret", NULL },
	{ "config check", cmd_config_check, 0, 0, "",
	    "validate the configuration", NULL },
	{ "curriculum check", cmd_curriculum_check, 0, 1, "[DIR]",
	    "validate the curriculum", NULL },
	{ "serve", cmd_serve, 0, 0, "",
	    "run the daemon: the scheduler and the web pages", NULL },
	{ "tick", cmd_tick, 0, 0, "",
	    "send every lesson due now; print what happened", NULL },
	{ "backup", cmd_backup, 1, 1, "DIR",
	    "copy the database and the URL secret into DIR, safely while "
	    "the daemon sends; prints how to restore", NULL },
	{ "apikey create", cmd_apikey_create, 1, 1, "NAME",
	    "a new key for the JSON API, printed once; only its hash is "
	    "kept", NULL },
	{ "apikey list", cmd_apikey_list, 0, 0, "",
	    "every API key: created, last used, revoked", NULL },
	{ "apikey revoke", cmd_apikey_revoke, 1, 1, "NAME",
	    "refuse an API key from now on", NULL },
	{ "enroll", cmd_enroll, 1, 1, "EMAIL --name NAME [--tz ZONE] "
	    "[--send-at HH:MM] [--start DATE] [--cohort NAME] "
	    "[--pacing daily|weekdays] [--resubscribe] [--no-welcome]",
	    "enroll one person; prints their links", enroll_opts },
	{ "status", cmd_status, 0, 1, "[EMAIL [--day N]] [--json]",
	    "one person's progress, or a table of everyone; --day N: that "
	    "day's email, each try, resends and bounces", status_opts },
	{ "pause", cmd_pause, 1, 1, "EMAIL [--until DATE]",
	    "pause a person's plan; later days shift", pause_opts },
	{ "resume", cmd_resume, 1, 1, "EMAIL", "resume a paused plan", NULL },
	{ "unenroll", cmd_unenroll, 1, 1, "EMAIL", "stop a person's plan",
	    NULL },
	{ "done", cmd_done, 2, 2, "EMAIL DAY [--undo]",
	    "mark a day's task done (or not)", done_opts },
	{ "links", cmd_links, 1, 1, "EMAIL [--rotate]",
	    "print a person's page and feed URLs; --rotate issues new ones",
	    links_opts },
	{ "feed", cmd_feed, 1, 1, "EMAIL",
	    "write a person's calendar (iCalendar) to stdout", NULL },
	{ "export", cmd_export, 1, 1, "EMAIL",
	    "everything held about a person, as JSON", NULL },
	{ "forget", cmd_forget, 1, 1, "EMAIL [--yes]",
	    "erase a person's name, address, answers and links; the counts "
	    "stay", forget_opts },
	{ "score", cmd_score, 1, 1, "EMAIL [--answers FILE|-]",
	    "self-score the readiness scorecard (asks, or reads JSON "
	    "answers); prints the result", score_opts },
	{ "preview", cmd_preview, 1, 2, "DAY|welcome|completion|followon N "
	    "[--html] [--email EMAIL] [--send-to ADDR]",
	    "print a day's lesson email, the welcome or completion email, or "
	    "week N of the twelve after the plan, for a sample or a real "
	    "person; --send-to mails a day's, the welcome or the completion "
	    "to ADDR as \"[test] ...\", recording nothing",
	    preview_opts },
	{ "resend", cmd_resend, 2, 2, "EMAIL DAY",
	    "send a day's lesson again (sent, failed or skipped before), "
	    "now, with a new Message-ID", NULL },
	{ "bounces", cmd_bounces, 1, 1, "PATH|-",
	    "read what came back to the return path: a Maildir, an mbox "
	    "or one message on stdin", NULL },
	{ "suppress list", cmd_suppress_list, 0, 0, "[--json]",
	    "every address refready will not mail, why and since when",
	    suppress_list_opts },
	{ "suppress add", cmd_suppress_add, 1, 1, "EMAIL [--reason TEXT]",
	    "block an address: no more mail, no enrolling", suppress_add_opts },
	{ "suppress remove", cmd_suppress_remove, 1, 1, "EMAIL [--force]",
	    "take an address off the list (--force for a complaint)",
	    suppress_remove_opts },
	{ "webhooks", cmd_webhooks, 0, 0, "[--json]",
	    "webhook deliveries pending or failed: event, endpoint, tries, "
	    "next try, last answer", webhooks_opts },
	{ "cohort create", cmd_cohort_create, 1, 1, "NAME --webinar "
	    "\"YYYY-MM-DD HH:MM ZONE\" [--start DATE] [--skip DATES] "
	    "[--title TEXT] [--join-url URL] [--replay-url URL] "
	    "[--signup on|off]",
	    "a cohort for one webinar; the plan starts the Monday after; "
	    "its members' plans also skip DATES (repeatable)",
	    cohort_create_opts },
	{ "cohort set", cmd_cohort_set, 1, 1, "NAME [--title TEXT] "
	    "[--join-url URL] [--replay-url URL] [--signup on|off]",
	    "change the webinar's title and links (\"\" clears one), or "
	    "publish (--signup on) its signup form at /join/NAME",
	    cohort_set_opts },
	{ "cohort list", cmd_cohort_list, 0, 0, "[--json]",
	    "every cohort with its counts", cohort_list_opts },
	{ "cohort show", cmd_cohort_show, 1, 1, "NAME",
	    "one cohort, its counts and its calendar feed URL", NULL },
	{ "cohort import", cmd_cohort_import, 2, 2, "NAME FILE.csv "
	    "[--dry-run] [--json]", "merge a webinar's registrant or attendee CSV "
	    "export", cohort_import_opts },
	{ "cohort enroll", cmd_cohort_enroll, 1, 1, "NAME [--attended-only] "
	    "[--dry-run] [--no-welcome]",
	    "enroll the cohort's registrants on its start date",
	    cohort_enroll_opts },
	{ "cohort feed", cmd_cohort_feed, 1, 1, "NAME",
	    "write the cohort's webinar calendar (iCalendar) to stdout",
	    NULL },
	{ "cohort report", cmd_cohort_report, 0, 1, "NAME|--all "
	    "[--format text|csv|json|html] [-o FILE]",
	    "how a cohort is doing; --all compares them", cohort_report_opts },
};
#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

enum {
	G_DB = 256,
	G_NOW,
	G_VERSION,
	G_CMDOPT	/* command options: G_CMDOPT + index */
};

static const struct option global_opts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "db", required_argument, NULL, G_DB },
	{ "now", required_argument, NULL, G_NOW },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, G_VERSION },
};
#define NGLOBAL		(sizeof(global_opts) / sizeof(global_opts[0]))

/* main.c's table as help.c reads it */
static void
help_entry(const struct command *cmd, struct help_cmd *h)
{
	h->name = cmd->name;
	h->args = cmd->args;
	h->summary = cmd->summary;
}

static void
usage(FILE *fp)
{
	struct help_cmd h[NCOMMANDS];
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		help_entry(&commands[i], &h[i]);
	help_overview(fp, h, NCOMMANDS);
}

static void
usage_command(FILE *fp, const struct command *cmd)
{
	struct help_cmd h;

	help_entry(cmd, &h);
	help_command(fp, &h);
}

const char *
cmd_opt(const struct cmd_ctx *ctx, const char *name)
{
	int i;

	for (i = 0; i < ctx->nopt; i++)
		if (strcmp(ctx->opt[i].name, name) == 0)
			return ctx->opt[i].value;
	return NULL;
}

/*
 * The command named by the first one or two words; *nwords gets how many
 * it took.  NULL when the words name none.
 */
static const struct command *
find_command(char **w, int n, int *nwords)
{
	size_t k;

	for (k = 0; k < NCOMMANDS && n > 0; k++) {
		const char *name = commands[k].name;
		size_t l0 = strlen(w[0]);

		if (strncmp(name, w[0], l0) != 0)
			continue;
		if (name[l0] == '\0') {
			*nwords = 1;
			return &commands[k];
		}
		if (name[l0] == ' ' && n > 1 && strcmp(name + l0 + 1, w[1]) ==
		    0) {
			*nwords = 2;
			return &commands[k];
		}
	}
	return NULL;
}

/* does cmd take the option called name? */
static const struct cmd_opt *
cmd_takes(const struct command *cmd, const char *name)
{
	const struct cmd_opt *o;

	for (o = cmd->opts; o && o->name; o++)
		if (strcmp(o->name, name) == 0)
			return o;
	return NULL;
}

/* is w the first word of a two-word command ("config", "cohort")? */
static int
is_group(const char *w)
{
	size_t k, l = strlen(w);

	for (k = 0; k < NCOMMANDS; k++)
		if (strncmp(commands[k].name, w, l) == 0 &&
		    commands[k].name[l] == ' ')
			return 1;
	return 0;
}

/*
 * The command word nearest to w, at most two edits away (a typo, not a
 * guess): among the commands' first words, or with group among that
 * group's second words.  Copied to out; 0, or -1 when nothing is near.
 */
static int
nearest_word(const char *group, const char *w, char *out, size_t n)
{
	size_t k, d, best = 3, gl = group ? strlen(group) : 0;
	char cand[32];

	for (k = 0; k < NCOMMANDS; k++) {
		const char *name = commands[k].name;

		if (group) {
			if (strncmp(name, group, gl) || name[gl] != ' ')
				continue;
			name += gl + 1;
		}
		snprintf(cand, sizeof(cand), "%.*s", (int)strcspn(name, " "),
		    name);
		if ((d = str_distance(w, cand)) < best) {
			best = d;
			snprintf(out, n, "%s", cand);
		}
	}
	return best < 3 ? 0 : -1;
}

/* the group's subcommands, "create, list, ..." */
static void
group_words(const char *group, char *out, size_t n)
{
	size_t k, gl = strlen(group), len = 0;

	out[0] = '\0';
	for (k = 0; k < NCOMMANDS && len < n; k++)
		if (strncmp(commands[k].name, group, gl) == 0 &&
		    commands[k].name[gl] == ' ')
			len += snprintf(out + len, n - len, "%s%s",
			    len ? ", " : "", commands[k].name + gl + 1);
}

/* words that name no command: say which, and the nearest; exit 2 */
static int
unknown_command(char **w, int n)
{
	char near[32], list[256];

	if (is_group(w[0])) {
		group_words(w[0], list, sizeof(list));
		if (n < 2)
			log_warnx("%s: missing subcommand (%s)", w[0], list);
		else if (nearest_word(w[0], w[1], near, sizeof(near)) == 0)
			log_warnx("%s: unknown subcommand '%s'; did you mean "
			    "'%s'?", w[0], w[1], near);
		else
			log_warnx("%s: unknown subcommand '%s' (%s)", w[0],
			    w[1], list);
	} else if (nearest_word(NULL, w[0], near, sizeof(near)) == 0)
		log_warnx("unknown command '%s'; did you mean '%s'?", w[0],
		    near);
	else
		log_warnx("unknown command '%s' (see 'refready help')", w[0]);
	return EXIT_USAGE;
}

/*
 * `refready help [WORDS]`, `refready [WORDS] --help`: the overview, one
 * command's help, or a group's usages ("refready help cohort").
 */
static int
help_for(char **w, int n)
{
	const struct command *cmd;
	size_t k, gl;
	int nwords, first = 1;

	if (n == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if ((cmd = find_command(w, n, &nwords)) != NULL) {
		usage_command(stdout, cmd);
		return EXIT_OK;
	}
	if (n > 1 || !is_group(w[0]))
		return unknown_command(w, n);
	gl = strlen(w[0]);
	for (k = 0; k < NCOMMANDS; k++)
		if (strncmp(commands[k].name, w[0], gl) == 0 &&
		    commands[k].name[gl] == ' ') {
			printf("%s refready %s%s%s\n", first ? "usage:" :
			    "      ", commands[k].name, *commands[k].args ?
			    " " : "", commands[k].args);
			first = 0;
		}
	printf("\n'refready help %s SUBCOMMAND' for its options and "
	    "examples\n", w[0]);
	return EXIT_OK;
}

/*
 * Every option any command takes, after the global ones: one getopt_long
 * pass reads them all wherever they stand (getopt's own rules for "-qc
 * FILE", "--conf" and "--"), and the command is then found among the
 * words that are left.  Returns the number of entries.
 */
static size_t
all_options(struct option *lo, const char **names, size_t max)
{
	size_t n = 0, i, k;
	const struct cmd_opt *o;

	for (i = 0; i < NGLOBAL && n < max; i++)
		lo[n++] = global_opts[i];
	for (k = 0; k < NCOMMANDS; k++)
		for (o = commands[k].opts; o && o->name; o++) {
			for (i = NGLOBAL; i < n; i++)
				if (strcmp(lo[i].name, o->name) == 0)
					break;
			if (i < n || n >= max)
				continue;
			lo[n].name = o->name;
			lo[n].has_arg = o->has_arg ? required_argument :
			    no_argument;
			lo[n].flag = NULL;
			lo[n].val = G_CMDOPT + (int)n;
			names[n] = o->name;
			n++;
		}
	memset(&lo[n], 0, sizeof(lo[n]));
	return n;
}

int
main(int argc, char **argv)
{
	struct option longopts[64];
	const char *optnames[64] = { NULL };
	const struct command *cmd = NULL;
	struct cmd_ctx ctx;
	struct diag_list dl = { NULL, 0, 0 };
	const char *cfgpath = NULL, *dbpath = NULL, *nowarg = NULL;
	struct { const char *name, *value; } given[CMD_MAXOPTS];
	char **pos = NULL;
	int c, verbosity = 0, help = 0, version = 0, npos = 0, ngiven = 0;
	int nwords = 0, rc, i, missing_value = 0;
	char badopt[64] = "";

	log_init(getenv("JOURNAL_STREAM") ? LOG_STYLE_JOURNAL : LOG_STYLE_TERM,
	    0);
	/*
	 * A batch of mail allocates and frees a few megabytes at a time; by
	 * default glibc hands the top of the heap back to the kernel after
	 * each and takes it again for the next, and the page-table flushes
	 * cost an eighth of a tick's time (perf, 20,000 messages).  Keep it.
	 */
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	mallopt(M_TOP_PAD, 8 * 1024 * 1024);
	mallopt(M_MMAP_THRESHOLD, 8 * 1024 * 1024);
	/* the database, secret and mail hold people's data: owner only */
	umask(077);
	memset(&ctx, 0, sizeof(ctx));
	all_options(longopts, optnames, sizeof(longopts) /
	    sizeof(longopts[0]) - 1);

	pos = xcalloc(argc + 1, sizeof(char *));
	opterr = 0;
	/* "-" first: non-options come back in order as option 1 */
	while ((c = getopt_long(argc, argv, "-:c:vqho:", longopts, NULL)) !=
	    -1) {
		switch (c) {
		case 1:
			pos[npos++] = optarg;
			break;
		case 'c':
			cfgpath = optarg;
			break;
		case G_DB:
			dbpath = optarg;
			break;
		case G_NOW:
			nowarg = optarg;
			break;
		case 'v':
			verbosity = 1;
			break;
		case 'q':
			verbosity = -1;
			break;
		case 'h':
			help = 1;
			break;
		case G_VERSION:
			version = 1;
			break;
		case 'o':
			/* -o FILE is the short form of a command's --output */
			if (ngiven < CMD_MAXOPTS) {
				given[ngiven].name = "output";
				given[ngiven].value = optarg;
				ngiven++;
			}
			break;
		case ':':
		case '?':
			/* reported once the command is known, for context */
			if (badopt[0] == '\0') {
				const char *w = argv[optind - 1];

				/* optopt is set for a short option, and for
				 * a long one given a value it does not take */
				if (strncmp(w, "--", 2) == 0 || !optopt)
					snprintf(badopt, sizeof(badopt), "%s", w);
				else
					snprintf(badopt, sizeof(badopt), "-%c",
					    optopt);
				missing_value = c == ':';
			}
			break;
		default:
			if (ngiven < CMD_MAXOPTS) {
				given[ngiven].name = optnames[c - G_CMDOPT];
				given[ngiven].value = optarg ? optarg : "1";
				ngiven++;
			}
			break;
		}
	}
	/* after "--" getopt stops: the rest are arguments */
	while (optind < argc)
		pos[npos++] = argv[optind++];

	if (badopt[0]) {
		cmd = npos ? find_command(pos, npos, &nwords) : NULL;
		log_warnx("%s%s%s '%s'%s", cmd ? cmd->name : "", cmd ? ": " :
		    "", missing_value ? "option" : "unknown option", badopt,
		    missing_value ? " needs a value" : "");
		rc = EXIT_USAGE;
		goto out;
	}
	if (version) {
		printf("refready %s\n", REFREADY_VERSION);
		rc = EXIT_OK;
		goto out;
	}
	if (npos > 0 && strcmp(pos[0], "help") == 0) {
		rc = help_for(pos + 1, npos - 1);
		goto out;
	}
	if (help) {
		rc = help_for(pos, npos);
		goto out;
	}
	if (npos == 0) {
		usage(stderr);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((cmd = find_command(pos, npos, &nwords)) == NULL) {
		rc = unknown_command(pos, npos);
		goto out;
	}
	for (i = 0; i < ngiven; i++) {
		if (!cmd_takes(cmd, given[i].name)) {
			log_warnx("%s: unknown option '--%s'", cmd->name,
			    given[i].name);
			rc = EXIT_USAGE;
			goto out;
		}
		ctx.opt[ctx.nopt].name = given[i].name;
		ctx.opt[ctx.nopt].value = given[i].value;
		ctx.nopt++;
	}
	log_init(getenv("JOURNAL_STREAM") ? LOG_STYLE_JOURNAL : LOG_STYLE_TERM,
	    verbosity);
	ctx.name = cmd->name;
	ctx.argc = npos - nwords;
	ctx.argv = pos + nwords;
	if (ctx.argc < cmd->min_args || ctx.argc > cmd->max_args) {
		log_warnx("%s: %s (usage: refready %s%s%s)", cmd->name,
		    ctx.argc < cmd->min_args ? "missing arguments" :
		    "too many arguments", cmd->name, *cmd->args ? " " : "",
		    cmd->args);
		rc = EXIT_USAGE;
		goto out;
	}
	if (nowarg) {
		if (clock_parse_rfc3339(nowarg, &ctx.now) == -1) {
			log_warnx("--now: bad time '%s' (expected RFC 3339, "
			    "e.g. 2026-12-07T12:00:00Z)", nowarg);
			rc = EXIT_USAGE;
			goto out;
		}
		ctx.now_set = 1;
	} else
		ctx.now = clock_now();

	if (cfgpath == NULL)
		cfgpath = cfg_default_path();
	if (cfg_load(cfgpath, &ctx.cfg, &dl) == -1 &&
	    cmd->run != cmd_config_check) {
		diag_print(&dl, stderr, "refready: ");
		rc = EXIT_USAGE;
		goto out;
	}
	if (dbpath)
		cfg_set_db(&ctx.cfg, dbpath);
	replan_use_skips(ctx.cfg.us_holidays, ctx.cfg.schedule_skip_dates.v,
	    ctx.cfg.schedule_skip_dates.n);
	/* the events any command causes go to the outbox in its writes */
	outbox_use(ctx.cfg.webhooks, ctx.cfg.nwebhooks);
	ctx.cfgpath = cfgpath;
	ctx.dbpath = dbpath;
	/* warnings are for config check; other commands stay quiet */
	if (cmd->run == cmd_config_check && dl.n) {
		size_t errs = diag_errors(&dl);

		diag_print(&dl, stderr, "");
		if (errs) {
			log_warnx("config check: %zu problem%s in '%s'", errs,
			    errs == 1 ? "" : "s", cfgpath);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	rc = cmd->run(&ctx);
out:
	diag_free(&dl);
	cfg_free(&ctx.cfg);
	free(pos);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		log_warn("stdout");
		rc = rc ? rc : EXIT_RUNTIME;
	}
	return rc;
}
