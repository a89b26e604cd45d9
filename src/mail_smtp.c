/*
 * mail_smtp.c - the SMTP transport, through libcurl.
 *
 * One curl multi handle drives mail.connections easy handles; when one
 * finishes its message it is given the next and added again, and libcurl
 * takes the same connection back from the multi's cache, so each
 * connection carries many messages.  A connection the server closed (421)
 * is noticed by libcurl and replaced.  Messages start no faster than
 * mail.rate a second.
 *
 * After a refused transaction libcurl ends the session with QUIT rather
 * than RSET, and the next message opens a fresh connection.
 *
 * What a failure means for the ledger:
 *   - a 5xx reply to RCPT TO or to the end of the data: permanent;
 *   - a 4xx reply to either: try again later;
 *   - any failure of the session itself (see fault_of): the relay's
 *     fault, not the message's; the caller stops the batch;
 *   - every byte sent and then no final reply: uncertain, the one case
 *     that may lead to a duplicate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "log.h"
#include "mailer.h"
#include "message.h"
#include "util.h"

struct conn {
	CURL			*easy;
	struct curl_slist	*rcpt;
	struct mail_job		*job;
	char			 errbuf[CURL_ERROR_SIZE];
};

struct smtp {
	CURLM		*multi;
	struct conn	*conns;
	long		 nconns;
	size_t		*finished;	/* jobs done in one round */
	long		 rate;
	double		 tokens;	/* messages that may start now */
	double		 last;		/* when tokens were last counted */
	char		*url;
	char		 from[256];
	char		*password;
};

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t
read_cb(char *buf, size_t size, size_t nitems, void *arg)
{
	struct mail_job *j = arg;
	size_t n = size * nitems;

	if (n > j->len - j->off)
		n = j->len - j->off;
	memcpy(buf, j->data + j->off, n);
	j->off += n;
	return n;
}

/* libcurl hands SMTP response lines to the header callback */
static size_t
reply_cb(char *buf, size_t size, size_t nitems, void *arg)
{
	struct mail_job *j = arg;
	size_t n = size * nitems, k = n;

	/* keep the first refusal: libcurl's QUIT after it answers "221" */
	if (j->reply[0] == '4' || j->reply[0] == '5')
		return n;
	while (k > 0 && (buf[k - 1] == '\r' || buf[k - 1] == '\n'))
		k--;
	if (k >= sizeof(j->reply))
		k = sizeof(j->reply) - 1;
	memcpy(j->reply, buf, k);
	j->reply[k] = '\0';
	return n;
}

static char *
read_password(const char *path)
{
	char *p = file_read(path, 4096, NULL);

	if (p == NULL) {
		log_warn("mail: cannot read '%s'", path);
		return NULL;
	}
	p[strcspn(p, "\r\n")] = '\0';
	return p;
}

/* the name this host gives in EHLO: its own if qualified */
static void
ehlo_name(const char *from, char *out, size_t n)
{
	char host[256] = "";
	const char *at;

	if (gethostname(host, sizeof(host) - 1) == 0 && strchr(host, '.'))
		snprintf(out, n, "%s", host);
	else if ((at = strrchr(from, '@')) != NULL && at[1])
		snprintf(out, n, "%s", at + 1);
	else
		snprintf(out, n, "localhost");
}

static void *
smtp_open(const struct cfg *cfg)
{
	struct smtp *s = xcalloc(1, sizeof(*s));
	char ehlo[256], *base;
	const char *hostpart;
	long i, tls;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_warnx("mail: libcurl would not start");
		free(s);
		return NULL;
	}
	if (message_addr(cfg->mail_from, s->from, sizeof(s->from)) == -1) {
		log_warnx("mail: no address in mail.from '%s'", cfg->mail_from);
		goto fail;
	}
	if (cfg->mail_password_file &&
	    (s->password = read_password(cfg->mail_password_file)) == NULL)
		goto fail;
	ehlo_name(s->from, ehlo, sizeof(ehlo));
	/* libcurl takes the EHLO name from the URL's path */
	hostpart = strstr(cfg->mail_url, "://") + 3;
	base = xstrndup(cfg->mail_url, hostpart - cfg->mail_url +
	    strcspn(hostpart, "/"));
	s->url = xasprintf("%s/%s", base, ehlo);
	free(base);
	s->nconns = cfg->mail_connections;
	s->rate = cfg->mail_rate;
	s->tokens = 1;
	s->last = mono();
	tls = cfg->mail_tls == CFG_TLS_REQUIRED ? CURLUSESSL_ALL :
	    cfg->mail_tls == CFG_TLS_TRY ? CURLUSESSL_TRY : CURLUSESSL_NONE;
	s->multi = curl_multi_init();
	curl_multi_setopt(s->multi, CURLMOPT_MAX_HOST_CONNECTIONS, s->nconns);
	curl_multi_setopt(s->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, s->nconns);
	curl_multi_setopt(s->multi, CURLMOPT_MAXCONNECTS, s->nconns);
	s->conns = xcalloc(s->nconns, sizeof(*s->conns));
	s->finished = xcalloc(s->nconns, sizeof(*s->finished));
	for (i = 0; i < s->nconns; i++) {
		CURL *e = curl_easy_init();

		if (e == NULL)
			goto fail;
		s->conns[i].easy = e;
		curl_easy_setopt(e, CURLOPT_URL, s->url);
		curl_easy_setopt(e, CURLOPT_MAIL_FROM, s->from);
		curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(e, CURLOPT_READFUNCTION, read_cb);
		curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, reply_cb);
		curl_easy_setopt(e, CURLOPT_ERRORBUFFER, s->conns[i].errbuf);
		/* without it libcurl spends signal calls on every message */
		curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, 15L);
		curl_easy_setopt(e, CURLOPT_TIMEOUT, cfg->mail_timeout);
		/*
		 * Also bounds the QUIT sent when a connection is closed: left
		 * at libcurl's 120 s, a server that stopped answering held the
		 * daemon's shutdown for two minutes per connection.
		 */
		curl_easy_setopt(e, CURLOPT_SERVER_RESPONSE_TIMEOUT,
		    cfg->mail_timeout);
		curl_easy_setopt(e, CURLOPT_USE_SSL, tls);
		/* certificates are always checked: libcurl's default, kept */
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
		if (cfg->mail_username) {
			curl_easy_setopt(e, CURLOPT_USERNAME,
			    cfg->mail_username);
			curl_easy_setopt(e, CURLOPT_PASSWORD, s->password);
		}
	}
	return s;
fail:
	curl_global_cleanup();
	free(s->password);
	free(s);
	return NULL;
}

static void
start(struct smtp *s, struct conn *c, struct mail_job *j)
{
	curl_slist_free_all(c->rcpt);
	c->rcpt = curl_slist_append(NULL, j->rcpt);
	c->job = j;
	c->errbuf[0] = '\0';
	/* the return path names the message when mail.return_path is set */
	curl_easy_setopt(c->easy, CURLOPT_MAIL_FROM, j->from ? j->from :
	    s->from);
	curl_easy_setopt(c->easy, CURLOPT_MAIL_RCPT, c->rcpt);
	curl_easy_setopt(c->easy, CURLOPT_READDATA, j);
	curl_easy_setopt(c->easy, CURLOPT_HEADERDATA, j);
	curl_easy_setopt(c->easy, CURLOPT_INFILESIZE_LARGE,
	    (curl_off_t)j->len);
	curl_multi_add_handle(s->multi, c->easy);
}

/* a TLS failure: the relay's certificate or its STARTTLS, not a message */
static int
tls_error(CURLcode res)
{
	switch (res) {
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		return 1;
	default:
		return 0;
	}
}

/*
 * Whose fault a failed transfer was (see enum mail_fault).  libcurl
 * reports a refused MAIL FROM and a refused RCPT TO with the same code,
 * CURLE_SEND_ERROR, and tells them apart only in its error text ("MAIL
 * failed: 550", "RCPT failed: 550"), so the text decides; anything not
 * positively a refusal of this recipient or of this message counts as
 * the relay's, which is the safe side: a lesson waits for the next pass
 * instead of being given up for good.
 */
static enum mail_fault
fault_of(CURLcode res, long code, const struct mail_job *j, const char *err)
{
	if (res == CURLE_COULDNT_CONNECT || res == CURLE_COULDNT_RESOLVE_HOST ||
	    res == CURLE_COULDNT_RESOLVE_PROXY ||
	    (res == CURLE_OPERATION_TIMEDOUT && code == 0 && j->off == 0))
		return MAIL_FAULT_CONNECT;
	if (tls_error(res))
		return MAIL_FAULT_TLS;
	if (res == CURLE_LOGIN_DENIED)
		return MAIL_FAULT_LOGIN;
	if (j->off > 0 || code < 400 || code > 599)
		return MAIL_FAULT_NONE;		/* this message's own */
	if (strncmp(err, "RCPT failed", 11) == 0)
		return MAIL_FAULT_NONE;
	if (strncmp(err, "MAIL failed", 11) == 0)
		return MAIL_FAULT_SENDER;
	return MAIL_FAULT_SESSION;
}

static void
finish(struct conn *c, CURLcode res)
{
	struct mail_job *j = c->job;
	long code = 0;

	curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &code);
	if (res == CURLE_OK) {
		j->result = MAIL_SENT;
		if (j->reply[0] == '\0')
			snprintf(j->reply, sizeof(j->reply), "%ld", code);
		return;
	}
	/* the refusal itself, else what libcurl says went wrong */
	if ((j->reply[0] != '4' && j->reply[0] != '5') ||
	    (code == 0 && c->errbuf[0]))
		snprintf(j->reply, sizeof(j->reply), "%s", c->errbuf[0] ?
		    c->errbuf : curl_easy_strerror(res));
	j->fault = fault_of(res, code, j, c->errbuf);
	if (j->fault != MAIL_FAULT_NONE)
		j->result = MAIL_TEMP;
	else if (code >= 500 && code < 600)
		j->result = MAIL_PERM;
	else if (code >= 400 && code < 500)
		j->result = MAIL_TEMP;
	else if (j->off == j->len && j->len > 0) {
		j->result = MAIL_UNCERTAIN;	/* data went, reply did not */
		snprintf(j->reply, sizeof(j->reply), "no final reply after "
		    "the data: %.200s", c->errbuf[0] ? c->errbuf :
		    curl_easy_strerror(res));
	} else
		j->result = MAIL_TEMP;
}

static void
smtp_send(void *state, struct mail_job *jobs, size_t n, mail_done_fn cb,
    void *arg)
{
	struct smtp *s = state;
	size_t next = 0;
	long i, active = 0;
	int stop = 0;

	while (active > 0 || (next < n && !stop)) {
		double now = mono();
		int running, left, wait_ms = 1000, freed = 0;
		CURLMsg *msg;

		/* refill the rate bucket; at most one second's worth */
		s->tokens += (now - s->last) * s->rate;
		if (s->tokens > s->rate)
			s->tokens = s->rate;
		s->last = now;
		for (i = 0; i < s->nconns && next < n && !stop &&
		    s->tokens >= 1; i++) {
			if (s->conns[i].job)
				continue;
			start(s, &s->conns[i], &jobs[next++]);
			s->tokens -= 1;
			active++;
		}
		if (next < n && s->tokens < 1)
			wait_ms = (int)((1 - s->tokens) * 1000 / s->rate) + 1;
		curl_multi_perform(s->multi, &running);
		while ((msg = curl_multi_info_read(s->multi, &left)) != NULL) {
			struct conn *c = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			for (i = 0; i < s->nconns; i++)
				if (s->conns[i].easy == msg->easy_handle)
					c = &s->conns[i];
			if (c == NULL)
				continue;
			finish(c, msg->data.result);
			s->finished[freed] = (size_t)(c->job - jobs);
			curl_multi_remove_handle(s->multi, c->easy);
			c->job = NULL;
			active--;
			freed++;
		}
		/* recorded together, before any connection takes another */
		if (freed && cb(arg, s->finished, freed) != 0)
			stop = 1;
		/* a connection just came free: give it the next message now */
		if (freed && next < n && !stop && s->tokens >= 1)
			continue;
		if (active > 0 || (next < n && !stop))
			curl_multi_poll(s->multi, NULL, 0, wait_ms, NULL);
	}
}

static void
smtp_close(void *state)
{
	struct smtp *s = state;
	long i;

	for (i = 0; i < s->nconns; i++) {
		if (s->conns[i].easy)
			curl_easy_cleanup(s->conns[i].easy);
		curl_slist_free_all(s->conns[i].rcpt);
	}
	curl_multi_cleanup(s->multi);
	curl_global_cleanup();
	if (s->password)
		explicit_bzero(s->password, strlen(s->password));
	free(s->password);
	free(s->conns);
	free(s->finished);
	free(s->url);
	free(s);
}

const struct mail_backend mail_smtp = {
	"smtp", smtp_open, smtp_send, smtp_close
};
