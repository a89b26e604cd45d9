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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "log.h"
#include "util.h"

#define REFREADY_VERSION	"0.1.0"

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
	{ "html", 0 }, { NULL, 0 } };

static const struct command commands[] = {
	{ "init", cmd_init, 0, 0, "",
	    "create or upgrade the database and the URL secret", NULL },
	{ "config check", cmd_config_check, 0, 0, "",
	    "validate the configuration", NULL },
	{ "curriculum check", cmd_curriculum_check, 0, 1, "[DIR]",
	    "validate the curriculum", NULL },
	{ "preview", cmd_preview, 1, 1, "DAY [--html]",
	    "print a day's lesson email for a sample participant",
	    preview_opts },
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

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: refready [-c FILE] [--db FILE] [--now TIME] "
	    "[-v | -q] COMMAND [ARGS]\n\n"
	    "Coaches Medical Exercise Professionals through the 30-Day "
	    "Referral-Ready Plan.\n\ncommands:\n");
	for (i = 0; i < NCOMMANDS; i++) {
		char left[64];

		snprintf(left, sizeof(left), "%s %s", commands[i].name,
		    commands[i].args);
		fprintf(fp, "  %-28s %s\n", left, commands[i].summary);
	}
	fprintf(fp, "\nglobal options (before or after the command):\n"
	    "  -c, --config FILE   configuration file (default: "
	    "$REFREADY_CONFIG,\n"
	    "                      else ./refready.json if present, else "
	    "built-in defaults)\n"
	    "      --db FILE       database file (overrides \"db\")\n"
	    "      --now TIME      the clock for this run, RFC 3339 "
	    "(2026-12-07T12:00:00Z)\n"
	    "  -v, --verbose       also print debugging messages\n"
	    "  -q, --quiet         print warnings and errors only\n"
	    "  -h, --help          this help\n"
	    "      --version       print the version\n"
	    "\nexit status: 0 success, 1 run-time failure, 2 bad usage or "
	    "input\n");
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

/* does arg name a global option that takes a value ("--db", "-c")? */
static int
global_takes_arg(const char *arg)
{
	size_t i;

	if (strcmp(arg, "-c") == 0)
		return 1;
	if (strncmp(arg, "--", 2) != 0 || strchr(arg, '=') != NULL)
		return 0;
	for (i = 0; i < NGLOBAL; i++)
		if (strcmp(arg + 2, global_opts[i].name) == 0)
			return global_opts[i].has_arg == required_argument;
	return 0;
}

/* does arg name any command's option that takes a value? */
static int
cmdopt_takes_arg(const char *arg)
{
	size_t i;
	const struct cmd_opt *o;

	if (strncmp(arg, "--", 2) != 0 || strchr(arg, '=') != NULL)
		return 0;
	for (i = 0; i < NCOMMANDS; i++)
		for (o = commands[i].opts; o && o->name; o++)
			if (strcmp(arg + 2, o->name) == 0 && o->has_arg)
				return 1;
	return 0;
}

/*
 * Finds the command among the non-option words of argv.  Returns it, or
 * NULL with *word set to what was there (NULL when nothing).
 */
static const struct command *
find_command(int argc, char **argv, const char **word)
{
	const char *w[2] = { NULL, NULL };
	int i, n = 0;
	size_t k;

	for (i = 1; i < argc && n < 2; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			if (global_takes_arg(argv[i]) ||
			    cmdopt_takes_arg(argv[i]))
				i++;
			continue;
		}
		w[n++] = argv[i];
	}
	*word = w[0];
	for (k = 0; k < NCOMMANDS && w[0]; k++) {
		const char *name = commands[k].name;
		size_t l0 = strlen(w[0]);

		if (strncmp(name, w[0], l0) != 0)
			continue;
		if (name[l0] == '\0')
			return &commands[k];
		if (name[l0] == ' ' && w[1] && strcmp(name + l0 + 1, w[1]) ==
		    0)
			return &commands[k];
	}
	return NULL;
}

/* is w[0] the first word of a two-word command ("config", "cohort")? */
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

int
main(int argc, char **argv)
{
	struct option longopts[NGLOBAL + CMD_MAXOPTS + 1];
	const struct command *cmd;
	struct cmd_ctx ctx;
	struct diag_list dl = { NULL, 0, 0 };
	const char *cfgpath = NULL, *dbpath = NULL, *nowarg = NULL, *word;
	char **pos = NULL;
	int c, verbosity = 0, help = 0, version = 0, npos = 0, nwords, rc;
	size_t nlong = 0, i;

	log_init(getenv("JOURNAL_STREAM") ? LOG_STYLE_JOURNAL : LOG_STYLE_TERM,
	    0);
	/* the database, secret and mail hold people's data: owner only */
	umask(077);
	memset(&ctx, 0, sizeof(ctx));
	cmd = find_command(argc, argv, &word);

	for (i = 0; i < NGLOBAL; i++)
		longopts[nlong++] = global_opts[i];
	for (i = 0; cmd && cmd->opts && cmd->opts[i].name; i++) {
		struct option o = { cmd->opts[i].name, cmd->opts[i].has_arg ?
		    required_argument : no_argument, NULL, G_CMDOPT + (int)i };

		longopts[nlong++] = o;
	}
	memset(&longopts[nlong], 0, sizeof(longopts[0]));

	pos = xcalloc(argc + 1, sizeof(char *));
	opterr = 0;
	/* "-" first: non-options come back in order as option 1 */
	while ((c = getopt_long(argc, argv, "-:c:vqh", longopts, NULL)) != -1) {
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
		case ':':
			log_warnx("%s: option '%s' needs a value",
			    cmd ? cmd->name : "usage", argv[optind - 1]);
			rc = EXIT_USAGE;
			goto out;
		case '?': {
			char shortopt[3] = { '-', (char)optopt, '\0' };

			/* getopt_long leaves optopt 0 for a long option */
			log_warnx("%s: unknown option '%s'", cmd ? cmd->name :
			    "usage", optopt ? shortopt : argv[optind - 1]);
			rc = EXIT_USAGE;
			goto out;
		}
		default:
			if (ctx.nopt < CMD_MAXOPTS) {
				ctx.opt[ctx.nopt].name =
				    cmd->opts[c - G_CMDOPT].name;
				ctx.opt[ctx.nopt].value = optarg ? optarg : "1";
				ctx.nopt++;
			}
			break;
		}
	}
	/* after "--" getopt stops: the rest are arguments */
	while (optind < argc)
		pos[npos++] = argv[optind++];

	if (version) {
		printf("refready %s\n", REFREADY_VERSION);
		rc = EXIT_OK;
		goto out;
	}
	if (help || (cmd == NULL && word == NULL)) {
		usage(help ? stdout : stderr);
		rc = help ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (cmd == NULL) {
		if (is_group(word))
			log_warnx("%s: unknown or missing subcommand (see "
			    "'refready --help')", word);
		else
			log_warnx("unknown command '%s' (see 'refready "
			    "--help')", word);
		rc = EXIT_USAGE;
		goto out;
	}
	log_init(getenv("JOURNAL_STREAM") ? LOG_STYLE_JOURNAL : LOG_STYLE_TERM,
	    verbosity);
	nwords = strchr(cmd->name, ' ') ? 2 : 1;
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
	if (cmd->run == cmd_config_check && dl.n) {
		diag_print(&dl, stderr, "");
		log_warnx("config check: %zu problem%s in '%s'", dl.n,
		    dl.n == 1 ? "" : "s", cfgpath);
		rc = EXIT_USAGE;
		goto out;
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
