/*
 * cohort_webinar.c - a webinar's title and links, checked and shown (see
 * cohort_webinar.h).
 *
 * The URL is taken apart by libcurl's URL API (curl_url_set), the same
 * parser that would fetch it, rather than by a pattern of our own; what
 * is kept is the text the operator typed, so the link in a calendar is
 * exactly the one the webinar platform gave.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "cohort_webinar.h"
#include "log.h"
#include "util.h"

/* C0 controls, DEL, and C1 controls (U+0080-U+009F, 0xC2 0x80-0x9F) */
static int
has_control(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f ||
		    (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return 1;
	return 0;
}

int
cohort_title_check(const char *s, const char **why)
{
	if (!utf8_valid(s, strlen(s), NULL)) {
		*why = "not valid UTF-8";
		return -1;
	}
	if (has_control(s)) {
		*why = "line breaks or control characters";
		return -1;
	}
	if (s[strspn(s, " ")] == '\0') {
		*why = "empty";
		return -1;
	}
	if (utf8_len(s) > COHORT_TITLE_MAX) {
		*why = "over 200 characters";
		return -1;
	}
	return 0;
}

int
cohort_url_check(const char *s, const char **why)
{
	CURLU *u;
	char *scheme = NULL, *host = NULL;
	int rc = -1;

	*why = "expected an http:// or https:// address";
	if (strlen(s) > COHORT_URL_MAX) {
		*why = "over 2000 characters";
		return -1;
	}
	if (has_control(s) || strchr(s, ' ') != NULL) {
		*why = "spaces or control characters";
		return -1;
	}
	if ((u = curl_url()) == NULL)
		fatalx("cohort: out of memory");
	/* no default scheme: "zoom.us/j/1" is not an address to click */
	if (curl_url_set(u, CURLUPART_URL, s, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		goto out;
	if (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https"))
		goto out;
	/* and the text itself says so: curl would fix "https:/x" up */
	if (strncasecmp(s, "http://", 7) != 0 &&
	    strncasecmp(s, "https://", 8) != 0)
		goto out;
	if (*host == '\0') {
		*why = "no host name";
		goto out;
	}
	rc = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}

const char *
cohort_webinar_link(const struct cohort *c)
{
	if (c->join_url)
		return c->join_url;
	return c->replay_url;
}

static void
line(struct buf *b, const char *prefix, const char *label, const char *colon,
    int width, const char *value)
{
	char *v, *l;

	if (value == NULL)
		return;
	v = xstrdup_escaped(value);
	l = xasprintf("%s%s", label, colon);
	buf_printf(b, "%s%-*s %s\n", prefix, width, l, v);
	free(l);
	free(v);
}

void
cohort_webinar_text(struct buf *b, const struct cohort *c,
    const char *prefix, const char *colon, int width)
{
	line(b, prefix, "title", colon, width, c->title);
	line(b, prefix, "join", colon, width, c->join_url);
	line(b, prefix, "replay", colon, width, c->replay_url);
}

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

void
cohort_webinar_json(json_t *o, const struct cohort *c)
{
	json_object_set_new(o, "title", str_or_null(c->title));
	json_object_set_new(o, "join_url", str_or_null(c->join_url));
	json_object_set_new(o, "replay_url", str_or_null(c->replay_url));
}
