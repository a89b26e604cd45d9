/*
 * curlsend.c - libcurl's own ceiling for bench/mail.sh: sends one message
 * file M times over S reused connections to an smtp:// URL, driving
 * libcurl exactly as src/mail_smtp.c does (one multi handle, an easy
 * handle per connection handed its next message as soon as it finishes,
 * the same options, one recipient per message, a read callback from the
 * message in memory), with no database and no rendering.
 *
 *   curlsend URL FROM RCPT FILE M S
 *
 * URL is used as given (mail_smtp.c puts the EHLO name in its path).
 * Silent when every message was accepted; otherwise it prints the first
 * error and how many failed, and exits 1.  bench/mail.sh times the whole
 * process, as it times refready and smtp-source.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

struct job {
	const char	*data;
	size_t		 len;
	size_t		 off;
};

struct conn {
	CURL			*easy;
	struct curl_slist	*rcpt;
	struct job		 job;
	int			 busy;
	char			 errbuf[CURL_ERROR_SIZE];
};

static size_t
read_cb(char *buf, size_t size, size_t nitems, void *arg)
{
	struct job *j = arg;
	size_t n = size * nitems;

	if (n > j->len - j->off)
		n = j->len - j->off;
	memcpy(buf, j->data + j->off, n);
	j->off += n;
	return n;
}

/* mail_smtp.c keeps the reply lines; a no-op costs the same call */
static size_t
reply_cb(char *buf, size_t size, size_t nitems, void *arg)
{
	(void)buf;
	(void)arg;
	return size * nitems;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) == -1 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) == -1 || (p = malloc(n + 1)) == NULL ||
	    fread(p, 1, n, f) != (size_t)n) {
		free(p);
		p = NULL;
	} else
		*len = n;
	if (f)
		fclose(f);
	return p;
}

/* a positive count, or -1 */
static long
count(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *s && *end == '\0' && v > 0 ? v : -1;
}

static void
conn_setup(struct conn *c, const char *url, const char *from)
{
	CURL *e = c->easy;

	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(e, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, reply_cb);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, 15L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(e, CURLOPT_SERVER_RESPONSE_TIMEOUT, 60L);
	curl_easy_setopt(e, CURLOPT_USE_SSL, (long)CURLUSESSL_NONE);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
}

/* as mail_smtp.c's start(): a fresh recipient list for every message */
static void
start(CURLM *multi, struct conn *c, const char *rcpt, const char *data,
    size_t len)
{
	curl_slist_free_all(c->rcpt);
	c->rcpt = curl_slist_append(NULL, rcpt);
	c->job.data = data;
	c->job.len = len;
	c->job.off = 0;
	c->busy = 1;
	c->errbuf[0] = '\0';
	curl_easy_setopt(c->easy, CURLOPT_MAIL_RCPT, c->rcpt);
	curl_easy_setopt(c->easy, CURLOPT_READDATA, &c->job);
	curl_easy_setopt(c->easy, CURLOPT_HEADERDATA, &c->job);
	curl_easy_setopt(c->easy, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_multi_add_handle(multi, c->easy);
}

static long
run(CURLM *multi, struct conn *conns, long nconns, const char *rcpt,
    const char *data, size_t len, long m)
{
	long next = 0, done = 0, failed = 0, i;

	while (done < m) {
		int running, left, freed = 0;
		CURLMsg *msg;

		for (i = 0; i < nconns && next < m; i++)
			if (!conns[i].busy) {
				start(multi, &conns[i], rcpt, data, len);
				next++;
			}
		curl_multi_perform(multi, &running);
		while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			for (i = 0; i < nconns; i++)
				if (conns[i].easy == msg->easy_handle)
					break;
			if (i == nconns)
				continue;
			if (msg->data.result != CURLE_OK) {
				if (failed++ == 0)
					fprintf(stderr, "curlsend: %s\n",
					    conns[i].errbuf);
			}
			curl_multi_remove_handle(multi, conns[i].easy);
			conns[i].busy = 0;
			done++;
			freed++;
		}
		if (freed && next < m)
			continue;
		if (done < m)
			curl_multi_poll(multi, NULL, 0, 1000, NULL);
	}
	return failed;
}

int
main(int argc, char *argv[])
{
	struct conn *conns = NULL;
	CURLM *multi = NULL;
	char *data = NULL;
	size_t len = 0;
	long m, s, i, failed = -1;

	if (argc != 7 || (m = count(argv[5])) == -1 ||
	    (s = count(argv[6])) == -1) {
		fprintf(stderr, "usage: curlsend URL FROM RCPT FILE M S\n");
		return 2;
	}
	if ((data = slurp(argv[4], &len)) == NULL) {
		fprintf(stderr, "curlsend: cannot read '%s'\n", argv[4]);
		return 2;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (multi = curl_multi_init()) == NULL ||
	    (conns = calloc(s, sizeof(*conns))) == NULL)
		goto out;
	curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, s);
	curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, s);
	curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, s);
	for (i = 0; i < s; i++) {
		if ((conns[i].easy = curl_easy_init()) == NULL)
			goto out;
		conn_setup(&conns[i], argv[1], argv[2]);
	}
	if ((failed = run(multi, conns, s, argv[3], data, len, m)) > 0)
		fprintf(stderr, "curlsend: %ld of %ld not accepted\n", failed,
		    m);
out:
	for (i = 0; conns && i < s; i++) {
		if (conns[i].easy)
			curl_easy_cleanup(conns[i].easy);
		curl_slist_free_all(conns[i].rcpt);
	}
	free(conns);
	if (multi)
		curl_multi_cleanup(multi);
	curl_global_cleanup();
	free(data);
	if (failed == -1)
		fprintf(stderr, "curlsend: libcurl would not start\n");
	return failed == 0 ? 0 : 1;
}
