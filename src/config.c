/*
 * config.c - reading and checking the configuration file (see config.h).
 *
 * The keys are one table: path, type, where the value lives in struct
 * cfg, its default and its check.  Adding a setting is one line here, one
 * field in the struct, and a line in refready.json(5).
 */
#include <errno.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "cfg_webhooks.h"
#include "clock.h"
#include "config.h"
#include "jpos.h"
#include "net.h"
#include "tz.h"
#include "util.h"

#define CFG_MAX_SIZE	(1024 * 1024)

enum key_type {
	K_STR,		/* a non-empty string */
	K_OPTSTR,	/* a string or null */
	K_INT,
	K_BOOL,		/* true or false, kept as a long 1 or 0 */
	K_LIST,		/* an array of strings, each checked (sdef: spaced) */
	K_HOOKS		/* webhooks[]: see load_webhooks */
};

struct key {
	const char	*path;
	enum key_type	 type;
	size_t		 off;
	const char	*sdef;
	long		 idef, min, max;	/* K_LIST: max items */
	/* the problem with a value (caller frees), or NULL when good */
	char		*(*check)(const char *);
	const char	*item, *items;		/* K_LIST: its nouns */
};

static char *check_url(const char *);
static char *check_listen(const char *);
static char *check_mail_url(const char *);
static char *check_from(const char *);
static char *check_return_path(const char *);
static char *check_tls(const char *);
static char *check_tz(const char *);
static char *check_hhmm(const char *);
static char *check_text(const char *);
static char *check_metrics(const char *);
static char *check_addr(const char *);
static char *check_holidays(const char *);
static char *check_dates(const char *);

#define S(p, f, d, c)	{ p, K_STR, offsetof(struct cfg, f), d, 0, 0, 0, c, \
			    NULL, NULL }
#define O(p, f, c)	{ p, K_OPTSTR, offsetof(struct cfg, f), NULL, 0, 0, \
			    0, c, NULL, NULL }
#define I(p, f, d, lo, hi) { p, K_INT, offsetof(struct cfg, f), NULL, d, lo, \
			    hi, NULL, NULL, NULL }
#define B(p, f, d)	{ p, K_BOOL, offsetof(struct cfg, f), NULL, d, 0, 1, \
			    NULL, NULL, NULL }
#define L(p, f, d, hi, c, one, many) { p, K_LIST, offsetof(struct cfg, f), \
			    d, 0, 0, hi, c, one, many }

static const struct key keys[] = {
	S("db", db, "var/refready.db", NULL),
	S("curriculum", curriculum, "curriculum", NULL),
	S("base_url", base_url, "http://127.0.0.1:8080", check_url),
	S("http.listen", http_listen, "127.0.0.1:8080", check_listen),
	I("http.per_ip_connections", http_per_ip_connections, 32, 0, 1000),
	L("http.unlimited_from", http_unlimited_from, "127.0.0.1 ::1", 64,
	    check_addr, "an address", "addresses"),
	S("http.metrics", http_metrics_name, "loopback", check_metrics),
	S("mail.url", mail_url, "maildir:var/mail", check_mail_url),
	S("mail.from", mail_from, "Referral-Ready Plan <plan@localhost>",
	    check_from),
	O("mail.username", mail_username, check_text),
	O("mail.password_file", mail_password_file, NULL),
	O("mail.tls", mail_tls_name, check_tls),
	O("mail.postal_address", mail_postal_address, check_text),
	O("mail.organization", mail_organization, check_text),
	O("mail.reply_to", mail_reply_to, check_from),
	O("mail.return_path", mail_return_path, check_return_path),
	O("mail.bounce_maildir", mail_bounce_maildir, NULL),
	I("mail.connections", mail_connections, 4, 1, 64),
	I("mail.rate", mail_rate, 20, 1, 1000000),
	I("mail.timeout", mail_timeout, 60, 1, 3600),
	S("schedule.tz", schedule_tz, "America/New_York", check_tz),
	S("schedule.send_at", schedule_send_at, "07:00", check_hhmm),
	I("schedule.stale_after_hours", schedule_stale_after_hours, 12, 1,
	    24 * 30),
	S("schedule.holidays", schedule_holidays, "us", check_holidays),
	L("schedule.skip_dates", schedule_skip_dates, "", 1000, check_dates,
	    "a date", "dates"),
	S("secret_file", secret_file, "var/secret", NULL),
	B("signup.open", signup_open, 0),
	I("signup.per_ip_per_hour", signup_per_ip_per_hour, 10, 1, 100000),
	I("signup.per_address_per_day", signup_per_address_per_day, 3, 1,
	    100),
	I("signup.confirm_hours", signup_confirm_hours, 72, 1, 24 * 30),
	{ "webhooks", K_HOOKS, 0, NULL, 0, 0, CFG_WEBHOOKS_MAX, NULL, NULL,
	    NULL },
};
#define NKEYS	(sizeof(keys) / sizeof(keys[0]))

static char **
strfield(struct cfg *cfg, const struct key *k)
{
	return (char **)((char *)cfg + k->off);
}

static long *
intfield(struct cfg *cfg, const struct key *k)
{
	return (long *)((char *)cfg + k->off);
}

static struct cfg_list *
listfield(struct cfg *cfg, const struct key *k)
{
	return (struct cfg_list *)((char *)cfg + k->off);
}

static void
list_free(struct cfg_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void
list_add(struct cfg_list *l, const char *s, size_t len)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrndup(s, len);
}

static int
has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

static char *
check_text(const char *v)
{
	return has_ctl(v) ? xstrdup("control characters are not allowed") :
	    NULL;
}

/* "host:port" or "[v6]:port" (the port optional unless need_port) */
static const char *
hostport_problem(const char *v, int need_port)
{
	const char *colon, *host_end;
	long port;

	if (*v == '[') {
		if ((host_end = strchr(v, ']')) == NULL || host_end == v + 1)
			return "bad IPv6 address";
		colon = host_end[1] == ':' ? host_end + 1 : NULL;
		if (!colon && host_end[1] != '\0')
			return "expected ':PORT' after ']'";
	} else {
		colon = strrchr(v, ':');
		host_end = colon ? colon : v + strlen(v);
		if (host_end == v)
			return "missing host";
		if (strcspn(v, " /?#@[]") < (size_t)(host_end - v))
			return "bad character in host";
	}
	if (colon == NULL)
		return need_port ? "missing ':PORT'" : NULL;
	if (parse_long(colon + 1, 1, 65535, &port) == -1)
		return "port must be a number from 1 to 65535";
	return NULL;
}

static char *
check_url(const char *v)
{
	const char *rest = NULL, *why = NULL;

	if (strncmp(v, "http://", 7) == 0)
		rest = v + 7;
	else if (strncmp(v, "https://", 8) == 0)
		rest = v + 8;
	else
		why = "must start with http:// or https://";
	if (why == NULL && (has_ctl(v) || strpbrk(v, " \"<>\\^`{|}")))
		why = "characters not allowed in a URL";
	else if (why == NULL && (*rest == '\0' || *rest == '/'))
		why = "missing host";
	else if (why == NULL && strpbrk(v, "?#") != NULL)
		why = "must not have a query or fragment";
	else if (why == NULL && strlen(v) > 200)
		why = "longer than 200 characters";
	return why ? xasprintf("bad URL '%s': %s", v, why) : NULL;
}

static char *
check_listen(const char *v)
{
	const char *why = hostport_problem(v, 1);

	return why ? xasprintf("bad address '%s': %s (expected HOST:PORT)", v,
	    why) : NULL;
}

static char *
check_mail_url(const char *v)
{
	const char *hp, *why = NULL;
	char *host;

	if (has_ctl(v))
		why = "control characters are not allowed";
	else if (strncmp(v, "maildir:", 8) == 0)
		why = v[8] == '\0' ? "maildir: needs a folder" : NULL;
	else if (strncmp(v, "smtp://", 7) == 0 ||
	    strncmp(v, "smtps://", 8) == 0) {
		hp = strstr(v, "://") + 3;
		/* an optional trailing '/' and nothing else after host:port */
		host = xstrndup(hp, strcspn(hp, "/"));
		if (hp[strlen(host)] == '/' && hp[strlen(host) + 1] != '\0')
			why = "must not have a path";
		else
			why = hostport_problem(host, 0);
		free(host);
	} else
		why = "expected smtp://HOST[:PORT], smtps://HOST[:PORT] or "
		    "maildir:PATH";
	return why ? xasprintf("bad mail URL '%s': %s", v, why) : NULL;
}

static char *
check_from(const char *v)
{
	const char *lt, *gt, *at;
	int ok;

	if (has_ctl(v))
		return xstrdup("control characters are not allowed");
	lt = strrchr(v, '<');
	gt = strrchr(v, '>');
	if (lt || gt) {
		ok = lt && gt && gt > lt && gt[1] == '\0' &&
		    (at = memchr(lt, '@', gt - lt)) != NULL && at > lt + 1 &&
		    at + 1 < gt;
	} else
		ok = (at = strchr(v, '@')) != NULL && at != v &&
		    at[1] != '\0' && strchr(v, ' ') == NULL;
	return ok ? NULL : xasprintf("bad sender '%s' (expected 'Name "
	    "<address>' or 'address')", v);
}

/*
 * A bare address whose local part can carry "+TAG": the envelope sender
 * becomes LOCAL+TAG@DOMAIN, so LOCAL may not hold a '+' of its own.
 */
static char *
check_return_path(const char *v)
{
	const char *at = strchr(v, '@');
	size_t i;

	for (i = 0; v[i]; i++)
		if ((unsigned char)v[i] <= ' ' || v[i] == '<' || v[i] == '>' ||
		    v[i] == '"' || v[i] == 0x7f)
			break;
	if (v[i] || at == NULL || at == v || at[1] == '\0' ||
	    strchr(at + 1, '@') || strchr(at + 1, '.') == NULL)
		return xasprintf("bad return path '%s' (expected a bare "
		    "address such as bounces@plan.example.org)", v);
	if (memchr(v, '+', at - v))
		return xasprintf("bad return path '%s': its local part may not "
		    "hold a '+', which starts each message's tag", v);
	return NULL;
}

static char *
check_tls(const char *v)
{
	if (strcmp(v, "required") && strcmp(v, "try") && strcmp(v, "none"))
		return xasprintf("unknown TLS policy '%s' (use required, try "
		    "or none)", v);
	return NULL;
}

static char *
check_metrics(const char *v)
{
	if (strcmp(v, "loopback") && strcmp(v, "public") && strcmp(v, "off"))
		return xasprintf("unknown setting '%s' (use loopback, public "
		    "or off)", v);
	return NULL;
}

static char *
check_addr(const char *v)
{
	unsigned char a[NET_ADDRLEN];

	return net_addr_parse(v, a) == -1 ? xasprintf("'%s' is not an IPv4 "
	    "or IPv6 address", v) : NULL;
}

static char *
check_holidays(const char *v)
{
	if (strcmp(v, "us") && strcmp(v, "none"))
		return xasprintf("unknown holidays '%s' (use us or none)", v);
	return NULL;
}

/* YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, in order */
static char *
check_dates(const char *v)
{
	struct date a, b;
	char first[11];
	size_t n = strlen(v);

	snprintf(first, sizeof(first), "%s", v);
	if (clock_parse_date(first, &a) == 0 && (n == 10 || (n == 22 &&
	    strncmp(v + 10, "..", 2) == 0 && clock_parse_date(v + 12,
	    &b) == 0 && clock_date_cmp(a, b) <= 0)))
		return NULL;
	return xasprintf("'%s' is not a date or a range of dates "
	    "(YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, the first not after the "
	    "last)", v);
}

static char *
check_tz(const char *v)
{
	char *why;
	int bad;

	/* a zone without daylight saving works: a warning, in derive() */
	if ((why = tz_check(v, &bad)) != NULL && !bad) {
		free(why);
		return NULL;
	}
	return why;
}

static char *
check_hhmm(const char *v)
{
	int m;

	return clock_parse_hhmm(v, &m) ? xasprintf("bad time of day '%s' "
	    "(expected HH:MM, 00:00 to 23:59)", v) : NULL;
}

const char *
cfg_default_path(void)
{
	const char *e = getenv("REFREADY_CONFIG");

	if (e && *e)
		return e;
	if (access("refready.json", F_OK) == 0)
		return "refready.json";
	return NULL;
}

const char *
cfg_tls_str(enum cfg_tls t)
{
	switch (t) {
	case CFG_TLS_REQUIRED:
		return "required";
	case CFG_TLS_TRY:
		return "try";
	case CFG_TLS_NONE:
		return "none";
	}
	return "?";
}

static void
set_defaults(struct cfg *cfg)
{
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		const struct key *k = &keys[i];

		const char *d = k->sdef;
		size_t n;

		if (k->type == K_HOOKS)
			continue;	/* none */
		if (k->type == K_INT || k->type == K_BOOL)
			*intfield(cfg, k) = k->idef;
		else if (k->type == K_LIST)
			for (; *d; d += n + (d[n] == ' ')) {
				n = strcspn(d, " ");
				list_add(listfield(cfg, k), d, n);
			}
		else
			*strfield(cfg, k) = d ? xstrdup(d) : NULL;
	}
}

/* the known key or section at this level closest to path, or NULL */
static char *
suggest(const char *prefix, const char *path)
{
	size_t i, best = 3, plen = strlen(prefix);
	char *found = NULL;

	for (i = 0; i < NKEYS; i++) {
		const char *k = keys[i].path;
		char *cand;
		size_t d;

		if (plen && (strncmp(k, prefix, plen) || k[plen] != '.'))
			continue;
		if (plen)
			k += plen + 1;
		cand = xstrndup(k, strcspn(k, "."));
		d = str_distance(cand, path + (plen ? plen + 1 : 0));
		if (d < best) {
			best = d;
			free(found);
			found = plen ? xasprintf("%s.%s", prefix, cand) :
			    xstrdup(cand);
		}
		free(cand);
	}
	return found;
}

struct loader {
	struct jdoc	 doc;
	struct cfg	*cfg;
};

#define problem(ld, ...)	jpos_report(&(ld)->doc, __VA_ARGS__)

static const char *
type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	}
	return "a value";
}

/* all or nothing: one bad item keeps the default list */
static void
load_list(struct loader *ld, const struct key *k, json_t *v)
{
	struct cfg_list nl = { NULL, 0 };
	const char *s;
	char *why;
	size_t i;
	json_t *e;

	if (!json_is_array(v)) {
		problem(ld, k->path, 0, "%s: expected an array of %s, found %s",
		    k->path, k->items, type_name(v));
		return;
	}
	if (json_array_size(v) > (size_t)k->max) {
		problem(ld, k->path, 0, "%s: at most %ld %s", k->path, k->max,
		    k->items);
		return;
	}
	json_array_foreach(v, i, e) {
		char *p = xasprintf("%s[%zu]", k->path, i);

		s = json_is_string(e) ? json_string_value(e) : NULL;
		if (s == NULL)
			problem(ld, p, 0, "%s: expected %s, found %s", p,
			    k->item, type_name(e));
		else if ((why = k->check(s)) != NULL) {
			problem(ld, p, 0, "%s: %s", p, why);
			free(why);
		} else
			list_add(&nl, s, strlen(s));
		free(p);
	}
	if (nl.n != json_array_size(v)) {
		list_free(&nl);
		return;
	}
	list_free(listfield(ld->cfg, k));
	*listfield(ld->cfg, k) = nl;
}

static void
load_value(struct loader *ld, const struct key *k, json_t *v)
{
	const char *s;
	char *why;

	if (k->type == K_LIST) {
		load_list(ld, k, v);
		return;
	}
	if (k->type == K_HOOKS) {
		cfg_webhooks_load(&ld->doc, v, &ld->cfg->webhooks,
		    &ld->cfg->nwebhooks);
		return;
	}
	if (k->type == K_INT) {
		json_int_t n;

		if (!json_is_integer(v)) {
			problem(ld, k->path, 0, "%s: expected an integer, "
			    "found %s", k->path, type_name(v));
			return;
		}
		n = json_integer_value(v);
		if (n < k->min || n > k->max) {
			problem(ld, k->path, 0, "%s: must be from %ld to %ld",
			    k->path, k->min, k->max);
			return;
		}
		*intfield(ld->cfg, k) = (long)n;
		return;
	}
	if (k->type == K_BOOL) {
		if (!json_is_boolean(v)) {
			problem(ld, k->path, 0, "%s: expected true or false, "
			    "found %s", k->path, type_name(v));
			return;
		}
		*intfield(ld->cfg, k) = json_is_true(v);
		return;
	}
	if (json_is_null(v) && k->type == K_OPTSTR) {
		free(*strfield(ld->cfg, k));
		*strfield(ld->cfg, k) = NULL;
		return;
	}
	if (!json_is_string(v)) {
		problem(ld, k->path, 0, k->type == K_OPTSTR ?
		    "%s: expected a string or null, found %s" :
		    "%s: expected a string, found %s", k->path, type_name(v));
		return;
	}
	s = json_string_value(v);
	if (k->type == K_STR && *s == '\0') {
		problem(ld, k->path, 0, "%s: must not be empty", k->path);
		return;
	}
	if (k->check && (why = k->check(s)) != NULL) {
		problem(ld, k->path, 0, "%s: %s", k->path, why);
		free(why);
		return;
	}
	free(*strfield(ld->cfg, k));
	*strfield(ld->cfg, k) = xstrdup(s);
}

static void
load_object(struct loader *ld, const char *prefix, json_t *obj)
{
	const char *name;
	json_t *v;

	json_object_foreach(obj, name, v) {
		char *path = *prefix ? xasprintf("%s.%s", prefix, name) :
		    xstrdup(name);
		size_t i, plen = strlen(path);
		int section = 0;

		for (i = 0; i < NKEYS; i++) {
			if (strcmp(keys[i].path, path) == 0)
				break;
			if (strncmp(keys[i].path, path, plen) == 0 &&
			    keys[i].path[plen] == '.')
				section = 1;
		}
		/* "mail.url" written as one key is not the nested key */
		if (strpbrk(name, ".[]\\") != NULL) {
			char *esc = jpos_escape(name);

			free(path);
			path = *prefix ? xasprintf("%s.%s", prefix, esc) :
			    xstrdup(esc);
			problem(ld, path, 1, "unknown key '%s'", name);
			free(esc);
			free(path);
			continue;
		}
		if (i < NKEYS)
			load_value(ld, &keys[i], v);
		else if (section && json_is_object(v))
			load_object(ld, path, v);
		else if (section)
			problem(ld, path, 0, "%s: expected an object, found "
			    "%s", path, type_name(v));
		else {
			char *hint = suggest(prefix, path);
			char *msg = hint ? xasprintf(" (did you mean '%s'?)",
			    hint) : xstrdup("");

			problem(ld, path, 1, "unknown key '%s'%s", path, msg);
			free(msg);
			free(hint);
		}
		free(path);
	}
}

static void
check_password_file(struct loader *ld)
{
	static const char cred[] = "$CREDENTIALS_DIRECTORY/";
	const char *pf = ld->cfg->mail_password_file, *dir;
	struct stat st;

	if (pf == NULL) {
		if (ld->cfg->mail_username)
			problem(ld, "mail.username", 0, "mail.username: is "
			    "set but mail.password_file is not");
		return;
	}
	/* systemd's LoadCredential= puts the file in a folder of its own */
	if (strncmp(pf, cred, sizeof(cred) - 1) == 0) {
		if ((dir = getenv("CREDENTIALS_DIRECTORY")) == NULL) {
			problem(ld, "mail.password_file", 0, "mail.password_"
			    "file: '%s' but $CREDENTIALS_DIRECTORY is not set "
			    "(LoadCredential= in the unit sets it)", pf);
			return;
		}
		ld->cfg->mail_password_file = xasprintf("%s/%s", dir,
		    pf + sizeof(cred) - 1);
		free((char *)pf);
		pf = ld->cfg->mail_password_file;
	}
	if (stat(pf, &st) == -1)
		problem(ld, "mail.password_file", 0, "mail.password_file: "
		    "cannot read '%s': %s", pf, strerror(errno));
	else if (st.st_mode & (S_IRGRP | S_IROTH))
		problem(ld, "mail.password_file", 0, "mail.password_file: "
		    "'%s' is readable by group or others (chmod 600 it)", pf);
}

/*
 * A password never crosses the network in clear: with "try" a man in the
 * middle who strips STARTTLS from the greeting gets it, with "none" it is
 * sent as it is.  Over loopback "none" never leaves the machine; "try"
 * is refused even there, since what it does depends on the server.
 */
static void
check_cleartext_login(struct loader *ld)
{
	struct cfg *cfg = ld->cfg;
	const char *why;
	char *host;

	if (cfg->mail_username == NULL || cfg->mail_tls == CFG_TLS_REQUIRED ||
	    strncmp(cfg->mail_url, "smtp://", 7) != 0)
		return;
	host = net_url_host(cfg->mail_url);
	/*
	 * "try" goes on in clear when STARTTLS is missing, and a stripped
	 * STARTTLS looks just like that; "none" is clear by choice, fine
	 * only where nothing but this machine could listen.
	 */
	if (cfg->mail_tls == CFG_TLS_TRY)
		why = cfg->mail_tls_name == NULL ? "mail.tls \"try\" (the "
		    "default for smtp://) sends it unencrypted when STARTTLS "
		    "is missing or stripped" : "mail.tls \"try\" sends it "
		    "unencrypted when STARTTLS is missing or stripped";
	else if (host == NULL || !net_host_loopback(host))
		why = "mail.tls is \"none\" and the host is not a loopback "
		    "address";
	else
		why = NULL;
	if (why)
		problem(ld, "mail.username", 0, "mail.username: the password "
		    "would cross the network in clear to '%s': %s; set "
		    "mail.tls to \"required\" or use smtps://",
		    host ? host : cfg->mail_url, why);
	free(host);
}

/* RFC 8058 one-click unsubscribe needs an https URI in List-Unsubscribe */
static void
check_base_url_scheme(struct loader *ld)
{
	const char *url = ld->cfg->base_url;
	char *host;

	if (strncmp(url, "http://", 7) != 0)
		return;
	host = net_url_host(url);
	if (host && !net_host_loopback(host))
		jpos_warn(&ld->doc, "base_url", 0, "base_url: '%s' is plain "
		    "http on a host that is not loopback; mailbox providers "
		    "offer one-click unsubscribe (RFC 8058) only for an "
		    "https:// URL", url);
	free(host);
}

/* "EST" works but sends an hour late all summer: say which zone to use */
static void
check_tz_rules(struct loader *ld)
{
	char *why;
	int bad;

	if ((why = tz_check(ld->cfg->schedule_tz, &bad)) != NULL && !bad)
		jpos_warn(&ld->doc, "schedule.tz", 0, "schedule.tz: %s", why);
	free(why);
}

static void
derive(struct loader *ld)
{
	struct cfg *cfg = ld->cfg;
	int smtps = strncmp(cfg->mail_url, "smtps://", 8) == 0;
	size_t n;

	if (cfg->mail_tls_name == NULL)
		cfg->mail_tls = smtps ? CFG_TLS_REQUIRED : CFG_TLS_TRY;
	else if (strcmp(cfg->mail_tls_name, "required") == 0)
		cfg->mail_tls = CFG_TLS_REQUIRED;
	else if (strcmp(cfg->mail_tls_name, "try") == 0)
		cfg->mail_tls = CFG_TLS_TRY;
	else
		cfg->mail_tls = CFG_TLS_NONE;
	if (smtps && cfg->mail_tls != CFG_TLS_REQUIRED)
		problem(ld, "mail.tls", 0, "mail.tls: smtps:// is always "
		    "TLS; use \"required\" or leave it out");
	if (strcmp(cfg->http_metrics_name, "public") == 0)
		cfg->http_metrics = CFG_METRICS_PUBLIC;
	else if (strcmp(cfg->http_metrics_name, "off") == 0)
		cfg->http_metrics = CFG_METRICS_OFF;
	else
		cfg->http_metrics = CFG_METRICS_LOOPBACK;
	cfg->us_holidays = strcmp(cfg->schedule_holidays, "us") == 0;
	if (clock_parse_hhmm(cfg->schedule_send_at, &cfg->send_at_minutes))
		cfg->send_at_minutes = 7 * 60;
	n = strlen(cfg->base_url);
	while (n > 0 && cfg->base_url[n - 1] == '/')
		cfg->base_url[--n] = '\0';
	check_password_file(ld);
	check_cleartext_login(ld);
	/*
	 * US CAN-SPAM wants a valid postal address in every commercial
	 * message; a Maildir (trying it out) may do without.
	 */
	if (cfg->mail_postal_address == NULL &&
	    strncmp(cfg->mail_url, "maildir:", 8) != 0)
		problem(ld, "mail.url", 0, "mail.postal_address: required when "
		    "mail goes out over SMTP: the footer of every email must "
		    "give the sender's postal address (US CAN-SPAM)");
	if (cfg->mail_postal_address == NULL)
		cfg->mail_postal_address = xstrdup("(postal address not "
		    "configured)");
	/* who is writing, and where they are: the footer's last line */
	free(cfg->mail_footer);
	cfg->mail_footer = cfg->mail_organization ? xasprintf("%s, %s",
	    cfg->mail_organization, cfg->mail_postal_address) :
	    xstrdup(cfg->mail_postal_address);
	check_base_url_scheme(ld);
	check_tz_rules(ld);
}

int
cfg_load(const char *path, struct cfg *cfg, struct diag_list *dl)
{
	struct loader ld = { { path, NULL, 0, dl, 0 }, cfg };
	json_error_t jerr;
	json_t *root = NULL;
	char *text = NULL;
	size_t len = 0;

	memset(cfg, 0, sizeof(*cfg));
	set_defaults(cfg);
	if (path == NULL)
		goto out;
	cfg->path = xstrdup(path);
	if ((text = file_read(path, CFG_MAX_SIZE, &len)) == NULL) {
		diag_add(dl, path, 0, 0, "cannot read: %s", errno == EFBIG ?
		    "larger than 1 MiB" : strerror(errno));
		ld.doc.errors++;
		goto out;
	}
	ld.doc.text = text;
	ld.doc.len = len;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		diag_add(dl, path, jerr.line, jerr.column > 0 ? jerr.column : 1,
		    "%s", jerr.text);
		ld.doc.errors++;
		goto out;
	}
	if (!json_is_object(root)) {
		problem(&ld, "", 0, "expected an object at the top, found %s",
		    type_name(root));
		goto out;
	}
	load_object(&ld, "", root);
out:
	derive(&ld);
	json_decref(root);
	free(text);
	return ld.doc.errors ? -1 : 0;
}

void
cfg_set_db(struct cfg *cfg, const char *value)
{
	free(cfg->db);
	cfg->db = xstrdup(value);
}

void
cfg_free(struct cfg *cfg)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (keys[i].type == K_LIST)
			list_free(listfield(cfg, &keys[i]));
		else if (keys[i].type != K_INT && keys[i].type != K_BOOL &&
		    keys[i].type != K_HOOKS)
			free(*strfield(cfg, &keys[i]));
	cfg_webhooks_free(cfg->webhooks, cfg->nwebhooks);
	free(cfg->mail_footer);
	free(cfg->path);
	memset(cfg, 0, sizeof(*cfg));
}
