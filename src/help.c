/*
 * help.c - what `refready help`, `refready --help` and `refready COMMAND
 * --help` print.
 *
 * main.c's command table says what a command is called, takes and does
 * in one line; this file adds, per command, the group it is listed
 * under, its options and an example or two.  The two tables are joined
 * by name, so a command added to main.c without help here is listed
 * under "other" and its help has no examples: t_cli.sh checks every
 * command for both, so the suite fails until its help is written.
 */
#include <stdio.h>
#include <string.h>

#include "help.h"

struct help {
	const char	*name;
	const char	*group;
	const char	*text;		/* options and examples */
};

static const char *const groups[] = {
	"people", "cohorts", "deliverability", "the daemon", "checks"
};

static const struct help helps[] = {
	{ "enroll", "people",
	  "options:\n"
	  "  --name NAME          the person's name, as the emails greet them\n"
	  "  --tz ZONE            their IANA zone (default: schedule.tz)\n"
	  "  --send-at HH:MM      local send time (default: schedule.send_at)\n"
	  "  --start DATE         day 1 (default: today if the send time is\n"
	  "                       still ahead, else tomorrow)\n"
	  "  --cohort NAME        join a cohort; its start date applies\n"
	  "  --pacing daily|weekdays  (default: the curriculum's)\n"
	  "  --resubscribe        they asked to join again after unsubscribing\n"
	  "  --no-welcome         send no welcome email (a backfill); without\n"
	  "                       it the next tick or pass sends one before Day 1\n"
	  "\nexamples:\n"
	  "  refready enroll ann@example.org --name 'Ann Lee' "
	  "--tz America/Chicago\n"
	  "  refready enroll bo@example.org --name 'Bo Li' --cohort nov-20\n" },
	{ "status", "people",
	  "options:\n"
	  "  --json               the person's plan as JSON\n"
	  "  --day N              day N's email: when it was due, each try\n"
	  "                       with the relay's reply and why it was\n"
	  "                       retried, the Message-ID, resends, bounces\n"
	  "\nexamples:\n"
	  "  refready status                    a table of everyone\n"
	  "  refready status ann@example.org    one person, day by day\n"
	  "  refready status ann@example.org --day 5\n" },
	{ "pause", "people",
	  "options:\n"
	  "  --until DATE         resume by itself on DATE, the first day\n"
	  "                       back in their zone; on a paused plan, a\n"
	  "                       new date for the pause under way\n"
	  "Status, the page and reports show paused_until until then.\n"
	  "\nexamples:\n"
	  "  refready pause ann@example.org --until 2026-12-28\n"
	  "  refready pause ann@example.org\n" },
	{ "resume", "people",
	  "The next day is today if its send time is still ahead, else\n"
	  "tomorrow.\n"
	  "\nexamples:\n"
	  "  refready resume ann@example.org\n" },
	{ "unenroll", "people",
	  "Lessons already queued are recorded as skipped.\n"
	  "\nexamples:\n"
	  "  refready unenroll ann@example.org\n" },
	{ "done", "people",
	  "options:\n"
	  "  --undo               mark the day not done\n"
	  "\nexamples:\n"
	  "  refready done ann@example.org 3\n"
	  "  refready done ann@example.org 3 --undo\n" },
	{ "links", "people",
	  "options:\n"
	  "  --rotate             new page and feed URLs; the old ones stop\n"
	  "\nexamples:\n"
	  "  refready links ann@example.org --rotate\n" },
	{ "feed", "people",
	  "The same iCalendar bytes the daemon serves at the feed URL.\n"
	  "\nexamples:\n"
	  "  refready feed ann@example.org > ann.ics\n" },
	{ "export", "people",
	  "Their person row, enrollments (with pauses, days and done marks,\n"
	  "every email sent or due, scorecard attempts and answers, links),\n"
	  "cohort registrations and attendance, bounces, and their entry and\n"
	  "log on the suppression list; times in UTC.  Exit 2 when nothing\n"
	  "is held about the address.\n"
	  "\nexamples:\n"
	  "  refready export ann@example.org > ann.json\n" },
	{ "forget", "people",
	  "Erases the name, the address, the scorecard answers and the page,\n"
	  "feed and unsubscribe links, in one transaction.  The rows the\n"
	  "reports count stay under a placeholder address, and the address\n"
	  "stays on the suppression list only as a keyed hash, so it is\n"
	  "refused if imported or enrolled again.  Asks first on a terminal.\n"
	  "\noptions:\n"
	  "  --yes                do not ask (needed without a terminal)\n"
	  "\nexamples:\n"
	  "  refready export ann@example.org > ann.json\n"
	  "  refready forget ann@example.org --yes\n" },
	{ "score", "people",
	  "options:\n"
	  "  --answers FILE|-     read {\"1.1\": 3, \"12.2\": \"na\", ...} "
	  "instead of asking\n"
	  "\nexamples:\n"
	  "  refready score ann@example.org\n"
	  "  refready score ann@example.org --answers answers.json\n" },
	{ "cohort create", "cohorts",
	  "options:\n"
	  "  --webinar \"YYYY-MM-DD HH:MM ZONE\"  the webinar's local time\n"
	  "  --start DATE         plan start (default: the Monday after)\n"
	  "  --skip DATES         dates its members' plans skip (repeatable)\n"
	  "  --title TEXT         the webinar's title, as calendars show it\n"
	  "  --join-url URL       where registrants join (http or https)\n"
	  "  --replay-url URL     where they watch it again afterwards\n"
	  "  --signup on|off      publish the signup form at /join/NAME "
	  "(default off)\n"
	  "\nexamples:\n"
	  "  refready cohort create nov-20 --webinar "
	  "\"2026-11-20 12:00 America/New_York\"\n"
	  "  refready cohort create nov-20 --webinar "
	  "\"2026-11-20 12:00 America/New_York\" \\\n"
	  "      --title 'Cracking the Code' --join-url "
	  "https://zoom.us/j/81234567890\n" },
	{ "cohort set", "cohorts",
	  "options:\n"
	  "  --title TEXT         the webinar's title\n"
	  "  --join-url URL       where registrants join\n"
	  "  --replay-url URL     where they watch it again\n"
	  "  --signup on|off      publish or withdraw the cohort's public "
	  "signup form,\n"
	  "                       /join/NAME (double opt-in: a confirmation "
	  "email first)\n"
	  "\nAn empty value clears a title or link.  A change to them raises "
	  "the webinar\nevent's SEQUENCE in the cohort feed, so subscribed "
	  "calendars update.\n"
	  "\nexamples:\n"
	  "  refready cohort set nov-20 --replay-url "
	  "https://videos.example.org/nov-20\n"
	  "  refready cohort set nov-20 --join-url ''\n"
	  "  refready cohort set nov-20 --signup on\n" },
	{ "cohort list", "cohorts",
	  "Oldest webinar first, with registered, attended and enrolled.\n"
	  "\noptions:\n"
	  "  --json               the list as JSON (as GET /api/v1/cohorts)\n"
	  "\nexamples:\n"
	  "  refready cohort list\n"
	  "  refready cohort list --json\n" },
	{ "cohort show", "cohorts",
	  "The webinar, plan start, counts and the calendar feed URLs.\n"
	  "\nexamples:\n"
	  "  refready cohort show nov-20\n" },
	{ "cohort import", "cohorts",
	  "options:\n"
	  "  --dry-run            report what would change, write nothing\n"
	  "  --json               the result as JSON, each rejected row with\n"
	  "                       its line (as the API's import answers)\n"
	  "\nexamples:\n"
	  "  refready cohort import nov-20 registration-report.csv\n"
	  "  refready cohort import nov-20 attendee-report.csv --dry-run\n" },
	{ "cohort enroll", "cohorts",
	  "options:\n"
	  "  --attended-only      only those who attended the webinar\n"
	  "  --dry-run            list who would be enrolled, on which date,\n"
	  "                       and who skipped and why; write nothing\n"
	  "  --no-welcome         send them no welcome email (a backfill)\n"
	  "  -v                   list the people enrolled\n"
	  "\nexamples:\n"
	  "  refready cohort enroll nov-20 --dry-run\n"
	  "  refready cohort enroll nov-20 --attended-only\n" },
	{ "cohort feed", "cohorts",
	  "The webinar and the plan's first day, as the feed URL serves them.\n"
	  "\nexamples:\n"
	  "  refready cohort feed nov-20 > nov-20.ics\n" },
	{ "cohort report", "cohorts",
	  "options:\n"
	  "  --all                compare every cohort\n"
	  "  --format FORMAT      text (default), csv, json or html\n"
	  "  -o, --output FILE    write to FILE instead of stdout\n"
	  "\nexamples:\n"
	  "  refready cohort report nov-20\n"
	  "  refready cohort report nov-20 --format html -o nov-20.html\n" },
	{ "bounces", "deliverability",
	  "PATH is a Maildir or an mbox; - reads one message on stdin.\n"
	  "\nexamples:\n"
	  "  refready bounces /var/mail/bounces\n"
	  "  refready bounces - < returned.eml\n" },
	{ "resend", "deliverability",
	  "DAY's lesson must have been sent, failed or skipped before; it goes\n"
	  "out now, with its own Message-ID.  A suppressed address is refused.\n"
	  "\nexamples:\n"
	  "  refready resend ann@example.org 3\n" },
	{ "suppress list", "deliverability",
	  "options:\n"
	  "  --json               the list as JSON\n"
	  "\nexamples:\n"
	  "  refready suppress list\n" },
	{ "suppress add", "deliverability",
	  "options:\n"
	  "  --reason TEXT        the operator's note, shown in the list\n"
	  "\nexamples:\n"
	  "  refready suppress add ann@example.org --reason 'asked by phone'\n" },
	{ "suppress remove", "deliverability",
	  "options:\n"
	  "  --force              also remove a complaint\n"
	  "\nexamples:\n"
	  "  refready suppress remove ann@example.org\n" },
	{ "webhooks", "deliverability",
	  "Lists every webhook delivery not yet made (pending, sending, or\n"
	  "waiting to retry) and every one given up (failed, a day after its\n"
	  "event), oldest first per endpoint; delivered ones are not shown.\n"
	  "An endpoint is its place in \"webhooks\" and its host (- when its\n"
	  "URL is no longer configured: those wait, unsent).\n"
	  "\noptions:\n"
	  "  --json               the deliveries as JSON\n"
	  "\nexamples:\n"
	  "  refready webhooks\n"
	  "  refready webhooks --json | jq '.[] | select(.state == \"failed\")'\n" },
	{ "init", "the daemon",
	  "Running it again changes nothing.\n"
	  "\nexamples:\n"
	  "  refready -c /etc/refready/refready.json init\n" },
	{ "serve", "the daemon",
	  "Runs in the foreground; SIGHUP reloads, SIGTERM stops.\n"
	  "\nexamples:\n"
	  "  refready -c /etc/refready/refready.json serve\n" },
	{ "tick", "the daemon",
	  "Exits 1 when the relay failed, naming it and its reply.\n"
	  "\nexamples:\n"
	  "  refready tick\n"
	  "  refready --now 2026-12-07T12:00:00Z tick\n" },
	{ "backup", "the daemon",
	  "Writes DIR/refready-YYYYMMDDTHHMMSSZ.db and .secret (mode 0600),\n"
	  "named by the clock (--now), never replacing a backup.  DIR is\n"
	  "created 0700 if missing; one group or others can write is refused.\n"
	  "Keep the secret with the database: without it every mailed link\n"
	  "and calendar subscription stops working.\n"
	  "\nexamples:\n"
	  "  refready -c /etc/refready/refready.json backup /srv/backup/refready\n" },
	{ "apikey create", "the daemon",
	  "NAME is 1 to 64 letters, digits, '.', '_' or '-', say the client's\n"
	  "name.  The key (rr_ and 43 characters) is printed on the first line\n"
	  "and never again: the database keeps only its SHA-256.  Clients send\n"
	  "it as 'Authorization: Bearer KEY' to the daemon's /api/v1/ routes.\n"
	  "\nexamples:\n"
	  "  refready apikey create crm\n"
	  "  KEY=$(refready apikey create zapier | head -1)\n" },
	{ "apikey list", "the daemon",
	  "Names, when each key was made and last used (to the minute), and\n"
	  "whether it is revoked; never the keys.\n"
	  "\nexamples:\n"
	  "  refready apikey list\n" },
	{ "apikey revoke", "the daemon",
	  "The running daemon refuses the key from its next request on (401).\n"
	  "The name stays in the list and is not given to a new key.\n"
	  "\nexamples:\n"
	  "  refready apikey revoke crm\n" },
	{ "config check", "checks",
	  "Problems as FILE:LINE:COLUMN: problem, and exit 2.\n"
	  "\nexamples:\n"
	  "  refready -c refready.json config check\n" },
	{ "curriculum check", "checks",
	  "DIR defaults to the configured curriculum.\n"
	  "\nexamples:\n"
	  "  refready curriculum check ./curriculum\n" },
	{ "preview", "checks",
	  "followon N shows week N (1 to 12) of the twelve weeks after the plan:\n"
	  "for --email, from their latest scorecard and their opt-in (or one\n"
	  "made now); otherwise for a sample participant and scorecard.\n"
	  "\noptions:\n"
	  "  --html               the HTML part instead of the text\n"
	  "  --email EMAIL        for an enrolled person, with their links\n"
	  "  --send-to ADDR       mail it to ADDR as \"[test] ...\" through the\n"
	  "                       configured transport; nothing is recorded\n"
	  "\nexamples:\n"
	  "  refready preview 1\n"
	  "  refready preview welcome --email ann@example.org\n"
	  "  refready preview completion --html > completion.html\n"
	  "  refready preview 3 --email ann@example.org --send-to me@example.org\n"
	  "  refready preview 5 --html --email ann@example.org > day5.html\n"
	  "  refready preview followon 6 --email ann@example.org\n" },
};
#define NHELPS	(sizeof(helps) / sizeof(helps[0]))

static const struct help *
help_find(const char *name)
{
	size_t i;

	for (i = 0; i < NHELPS; i++)
		if (strcmp(helps[i].name, name) == 0)
			return &helps[i];
	return NULL;
}

/* s from column indent on, broken at spaces before column width */
static void
wrap(FILE *fp, const char *s, int indent, int width)
{
	int col = indent, n;

	while (*s) {
		n = (int)strcspn(s, " ");
		if (col > indent && col + 1 + n > width) {
			fprintf(fp, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', fp);
			col++;
		}
		fprintf(fp, "%.*s", n, s);
		col += n;
		s += n;
		s += strspn(s, " ");
	}
	fputc('\n', fp);
}

static void
list_group(FILE *fp, const char *group, const struct help_cmd *c, size_t n)
{
	const struct help *h;
	size_t i;
	int any = 0;

	for (i = 0; i < n; i++) {
		h = help_find(c[i].name);
		if (group ? h == NULL || strcmp(h->group, group) : h != NULL)
			continue;
		if (!any++)
			fprintf(fp, "\n%s:\n", group ? group : "other");
		fprintf(fp, "  %-18s ", c[i].name);
		wrap(fp, c[i].summary, 21, 79);
	}
}

void
help_overview(FILE *fp, const struct help_cmd *c, size_t n)
{
	size_t g;

	fprintf(fp, "usage: refready [-c FILE] [--db FILE] [--now TIME] "
	    "[-v | -q] COMMAND [ARGS]\n\n"
	    "Coaches Medical Exercise Professionals through the 30-Day "
	    "Referral-Ready Plan.\n");
	for (g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		list_group(fp, groups[g], c, n);
	list_group(fp, NULL, c, n);
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
	    "\n'refready help COMMAND' or 'refready COMMAND --help' shows a "
	    "command's\noptions and examples; 'man refready' tells the "
	    "whole story.\n"
	    "\nexit status: 0 success, 1 run-time failure, 2 bad usage or "
	    "input\n");
}

void
help_command(FILE *fp, const struct help_cmd *c)
{
	const struct help *h = help_find(c->name);

	fprintf(fp, "usage: refready %s%s%s\n\n%s\n", c->name,
	    *c->args ? " " : "", c->args, c->summary);
	if (h)
		fprintf(fp, "\n%s", h->text);
	fprintf(fp, "\nglobal options: see 'refready help'; the whole "
	    "story: 'man refready'\n");
}
