/*
 * curlpost.c - libcurl's own ceiling for bench/webhooks.sh: posts each
 * line of a file (one event body per line) to a URL, at most K requests
 * in flight, driving libcurl as src/webhook.c does (one multi handle,
 * an easy handle per request slot reused for its next body, the same
 * headers and options, the answer's body discarded), with no database
 * and no signing: the signature header is one fixed string.
 *
 *   curlpost URL FILE K
 *
 * Silent when every request was answered 2xx; otherwise it prints the
 * first problem and how many failed, and exits 1.  bench/webhooks.sh
 * times the whole process, as it times refready.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

struct slot {
	CURL			*easy;
	struct curl_slist	*hdrs;
	int			 busy;
	char			 errbuf[CURL_ERROR_SIZE];
};

static size_t
discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (fp == NULL || fseek(fp, 0, SEEK_END) == -1 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) == -1 || (buf = malloc(n + 1)) == NULL ||
	    fread(buf, 1, n, fp) != (size_t)n) {
		perror(path);
		exit(2);
	}
	fclose(fp);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

static void
start(CURLM *multi, struct slot *s, const char *url, char *body, size_t len)
{
	curl_easy_setopt(s->easy, CURLOPT_URL, url);
	curl_easy_setopt(s->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(s->easy, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(s->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(s->easy, CURLOPT_HTTPHEADER, s->hdrs);
	curl_easy_setopt(s->easy, CURLOPT_USERAGENT, "curlpost");
	curl_easy_setopt(s->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s->easy, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(s->easy, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(s->easy, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(s->easy, CURLOPT_PRIVATE, s);
	s->busy = 1;
	curl_multi_add_handle(multi, s->easy);
}

int
main(int argc, char **argv)
{
	struct slot *slots;
	CURLM *multi;
	CURLMsg *m;
	char *text, *p, *nl, first[CURL_ERROR_SIZE + 32] = "";
	size_t len;
	long code;
	int k, i, running, left, failed = 0, busy = 0;

	if (argc != 4 || (k = atoi(argv[3])) < 1) {
		fprintf(stderr, "usage: curlpost URL FILE K\n");
		return 2;
	}
	text = slurp(argv[2], &len);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	multi = curl_multi_init();
	curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)k);
	slots = calloc(k, sizeof(*slots));
	for (i = 0; i < k; i++) {
		slots[i].easy = curl_easy_init();
		slots[i].hdrs = curl_slist_append(NULL,
		    "Content-Type: application/json");
		slots[i].hdrs = curl_slist_append(slots[i].hdrs, "Expect:");
		slots[i].hdrs = curl_slist_append(slots[i].hdrs,
		    "X-Refready-Event-Id: evt_00000000000000000000000000000000");
		slots[i].hdrs = curl_slist_append(slots[i].hdrs,
		    "X-Refready-Signature: t=1796990400,v1=4fa4c782fef916e9c332"
		    "9b363c3ef9f54dbd369f74877ee0ea58a4df42399192");
	}
	p = text;
	do {
		for (i = 0; i < k && *p; i++) {
			if (slots[i].busy)
				continue;
			if ((nl = strchr(p, '\n')) == NULL)
				nl = p + strlen(p);
			*nl = '\0';
			start(multi, &slots[i], argv[1], p, (size_t)(nl - p));
			busy++;
			p = nl + (nl < text + len);
		}
		curl_multi_perform(multi, &running);
		while ((m = curl_multi_info_read(multi, &left)) != NULL) {
			struct slot *s;

			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE,
			    (char **)&s);
			code = 0;
			curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &code);
			if (m->data.result != CURLE_OK || code < 200 ||
			    code > 299) {
				if (failed++ == 0)
					snprintf(first, sizeof(first), "%s "
					    "(HTTP %ld)", s->errbuf, code);
			}
			curl_multi_remove_handle(multi, s->easy);
			s->busy = 0;
			busy--;
		}
		if (busy > 0)
			curl_multi_poll(multi, NULL, 0, 1000, NULL);
	} while (busy > 0 || *p);
	if (failed) {
		fprintf(stderr, "curlpost: %d failed; first: %s\n", failed,
		    first);
		return 1;
	}
	return 0;
}
