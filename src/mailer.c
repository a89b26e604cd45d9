/*
 * mailer.c - the transport table (see mailer.h).
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "mailer.h"
#include "util.h"

struct mailer {
	const struct mail_backend	*be;
	void				*state;
};

static const struct mail_backend *const backends[] = {
	&mail_maildir,
	&mail_smtp,
};

const char *
mail_result_str(enum mail_result r)
{
	switch (r) {
	case MAIL_SENT:
		return "sent";
	case MAIL_TEMP:
		return "temporary failure";
	case MAIL_PERM:
		return "permanent failure";
	case MAIL_UNCERTAIN:
		return "uncertain";
	case MAIL_UNSENT:
		return "not sent";
	}
	return "?";
}

static const struct {
	const char	*name;
	const char	*what;
} faults[MAIL_FAULT_MAX] = {
	[MAIL_FAULT_NONE] =	{ "none", "failed" },
	[MAIL_FAULT_CONNECT] =	{ "connect", "could not be reached" },
	[MAIL_FAULT_TLS] =	{ "tls", "could not set up TLS" },
	[MAIL_FAULT_SESSION] =	{ "session", "refused the session" },
	[MAIL_FAULT_LOGIN] =	{ "login", "refused the login" },
	[MAIL_FAULT_SENDER] =	{ "sender", "refused the sender" },
	[MAIL_FAULT_POLICY] =	{ "policy", "refused recipient after "
				    "recipient with the same reply" },
	[MAIL_FAULT_LOCAL] =	{ "local", "could not be written to" },
};

const char *
mail_fault_name(enum mail_fault f)
{
	return f < MAIL_FAULT_MAX ? faults[f].name : "?";
}

const char *
mail_fault_what(enum mail_fault f)
{
	return f < MAIL_FAULT_MAX ? faults[f].what : "failed";
}

struct mailer *
mailer_open(const struct cfg *cfg)
{
	struct mailer *m;
	size_t i;

	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
		const char *sc = backends[i]->scheme;

		if (strncmp(cfg->mail_url, sc, strlen(sc)) != 0)
			continue;
		m = xcalloc(1, sizeof(*m));
		m->be = backends[i];
		if ((m->state = m->be->open(cfg)) == NULL) {
			free(m);
			return NULL;
		}
		return m;
	}
	log_warnx("mail: no transport for '%s'", cfg->mail_url);
	return NULL;
}

void
mailer_send(struct mailer *m, struct mail_job *jobs, size_t n,
    mail_done_fn done, void *arg)
{
	size_t i;

	for (i = 0; i < n; i++) {
		jobs[i].result = MAIL_UNSENT;
		jobs[i].fault = MAIL_FAULT_NONE;
		jobs[i].reply[0] = '\0';
		jobs[i].off = 0;
	}
	if (n)
		m->be->send(m->state, jobs, n, done, arg);
}

void
mailer_close(struct mailer *m)
{
	if (m == NULL)
		return;
	m->be->close(m->state);
	free(m);
}
