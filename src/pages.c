/*
 * pages.c - what every page of the daemon shares (see pages.h): the
 * shell and its style sheet, escaping, the common answers and reading a
 * posted form.  The routes are routes.c's.
 *
 * Pages are plain HTML with one small style sheet, no scripts and no
 * external files, laid out for a phone first.  Every value that comes
 * from data goes through pages_esc().
 *
 * Paths under /api/ belong to the JSON API (api.c), which route() hands
 * them to whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "form.h"
#include "pages.h"

static const char css[] =
    "*{box-sizing:border-box}"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',"
    "Roboto,sans-serif;color:#1d2b33;background:#f4f6f7}"
    "main{max-width:46rem;margin:0 auto;padding:1rem}"
    "header.top{background:#2f6f8f;color:#fff;padding:1rem}"
    "header.top p{margin:.2rem 0 0;max-width:46rem;margin-inline:auto}"
    "header.top h1{margin:0 auto;max-width:46rem;font-size:1.35rem}"
    "section{background:#fff;border:1px solid #d5dde1;border-radius:8px;"
    "padding:1rem;margin:1rem 0}"
    "h2{font-size:1.15rem;margin:0 0 .5rem}"
    "a{color:#1f5a78}"
    ".note{background:#fff7e0;border-color:#e8c65c}"
    ".big{font-size:2rem;font-weight:700}"
    ".meter{height:.8rem;background:#dde5e9;border-radius:4px;"
    "overflow:hidden}"
    ".meter span{display:block;height:100%;background:#2f6f8f}"
    "ol.days{list-style:none;padding:0;margin:0}"
    "ol.days li{display:flex;gap:.75rem;align-items:flex-start;"
    "padding:.6rem 0;border-top:1px solid #e3e9ec}"
    "ol.days li.today{background:#eef6fa}"
    "ol.days .what{flex:1;min-width:0}"
    ".mark{font-weight:700;min-width:1.4rem;color:#8a9aa3}"
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap}"
    ".done .mark{color:#1e6b3a}"
    ".small{font-size:.875rem;color:#4a5a63}"
    "button{font:inherit;padding:.45rem .8rem;border-radius:6px;"
    "border:1px solid #2f6f8f;background:#fff;color:#1f5a78;"
    "cursor:pointer;min-height:2.5rem}"
    "button.primary{background:#2f6f8f;color:#fff}"
    "form.inline{margin:0}"
    "article img{max-width:100%}"
    "summary{cursor:pointer;min-height:2.5rem;padding:.4rem 0}"
    "code,.url{word-break:break-all}";

void
pages_esc(struct buf *b, const char *s)
{
	buf_add_html(b, s, strlen(s));
}

void
pages_open(struct buf *b, const char *title, const char *extra_css)
{
	buf_addstr(b, "<!doctype html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">"
	    "<meta name=\"robots\" content=\"noindex, nofollow\">"
	    "<title>");
	pages_esc(b, title);
	buf_addstr(b, "</title><style>");
	buf_addstr(b, css);
	if (extra_css)
		buf_addstr(b, extra_css);
	buf_addstr(b, "</style></head><body>\n");
}

void
pages_close(struct buf *b)
{
	buf_addstr(b, "</body></html>\n");
}

/* ---- answers ---------------------------------------------------------- */

void
pages_plain(struct http_resp *rs, int status, const char *text)
{
	rs->status = status;
	rs->ctype = "text/plain; charset=utf-8";
	buf_reset(&rs->body);
	buf_addstr(&rs->body, text);
}

void
pages_not_found(struct http_resp *rs)
{
	pages_plain(rs, 404, "not found\n");
}

/*
 * A page link that opens nothing: never issued, cut short by a mail
 * program, or rotated away.  One page for all of them, naming no one, so
 * a prober learns nothing from it; the person learns what to do next.
 */
void
pages_link_gone(struct http_resp *rs)
{
	struct buf *b = &rs->body;

	buf_reset(b);
	pages_open(b, "Link no longer valid", NULL);
	buf_addstr(b, "<main><section><h2>This link is no longer valid</h2>"
	    "<p>The address may have been replaced by a newer one, or cut "
	    "short on its way to you. Ask the program for a new link, for "
	    "example by replying to one of the plan's emails.</p>"
	    "</section></main>");
	pages_close(b);
	rs->status = 404;
	rs->ctype = "text/html; charset=utf-8";
}

void
pages_bad_method(struct http_resp *rs, const char *allow)
{
	pages_plain(rs, 405, "method not allowed\n");
	rs->allow = allow;
}

void
pages_server_error(struct http_resp *rs)
{
	pages_plain(rs, 500, "the server could not answer; try again later\n");
}

int
pages_is(const struct http_req *rq, const char *method)
{
	return strcmp(rq->method, method) == 0;
}

/* a POSTed urlencoded form; -1 after answering 400 */
int
pages_read_form(const struct http_req *rq, struct http_resp *rs, struct form *f)
{
	const char *ct = http_req_header(rq, "Content-Type");

	memset(f, 0, sizeof(*f));
	if (rq->bodylen && (ct == NULL || strncasecmp(ct,
	    "application/x-www-form-urlencoded", 33) != 0)) {
		pages_plain(rs, 400, "expected a form "
		    "(application/x-www-form-urlencoded)\n");
		return -1;
	}
	if (form_parse(f, rq->body, rq->bodylen) == -1) {
		pages_plain(rs, 400, "malformed form\n");
		return -1;
	}
	return 0;
}

