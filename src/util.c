/*
 * util.c - allocation, file reading, UTF-8 and number helpers (util.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		fatal("malloc");
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		fatal("calloc");
	return p;
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	size_t n;
	void *p;

	if (size && nmemb > SIZE_MAX / size)
		fatalx("reallocarray: %zu * %zu overflows", nmemb, size);
	n = nmemb * size;
	p = realloc(ptr, n ? n : 1);
	if (p == NULL)
		fatal("realloc");
	return p;
}

char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		fatal("strdup");
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (p == NULL)
		fatal("strndup");
	return p;
}

char *
xstrdup_flat(const char *s)
{
	char *c = xstrdup(s ? s : ""), *p;

	for (p = c; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return c;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		fatal("vasprintf");
	return s;
}

char *
file_read(const char *path, size_t max, size_t *lenp)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0, cap;
	ssize_t n;
	int fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1)
		goto fail;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	/* st_size is a hint only: the file may grow while we read it */
	cap = st.st_size > 0 && (size_t)st.st_size < max ? st.st_size + 1 :
	    4096;
	buf = xmalloc(cap);
	for (;;) {
		if (len + 1 >= cap) {
			if (cap > max) {
				errno = EFBIG;
				goto fail;
			}
			cap *= 2;
			buf = xreallocarray(buf, cap, 1);
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (n == 0)
			break;
		len += n;
		if (len > max) {
			errno = EFBIG;
			goto fail;
		}
	}
	close(fd);
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	return buf;
fail:
	saved = errno;
	free(buf);
	close(fd);
	errno = saved;
	return NULL;
}

int
mkdir_parent(const char *path, unsigned mode)
{
	char dir[PATH_MAX], *p;
	size_t n;

	if ((p = strrchr(path, '/')) == NULL || p == path)
		return 0;
	n = p - path;
	if (n >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(dir, path, n);
	dir[n] = '\0';
	for (p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			struct stat st;

			*p = '\0';
			if (mkdir(dir, mode) == -1) {
				if (errno != EEXIST)
					return -1;
				if (stat(dir, &st) == -1)
					return -1;
				if (!S_ISDIR(st.st_mode)) {
					errno = ENOTDIR;
					return -1;
				}
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	return 0;
}

/*
 * The length of the well-formed UTF-8 character at s[0..len), which does
 * not start with an ASCII byte; 0 if it is not one.
 */
static size_t
utf8_seq(const unsigned char *s, size_t len)
{
	size_t n, k;
	uint32_t cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 1;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 2;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 3;
		cp = s[0] & 0x07;
	} else
		return 0;
	for (k = 1; k <= n; k++) {
		if (k >= len || (s[k] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n + 1;
}

int
utf8_valid(const char *str, size_t len, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = utf8_seq(s + i, len - i)) == 0) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

/*
 * Bytes a terminal acts on or a log reader would trip over: C0 controls,
 * DEL, and C1 controls (U+0080 to U+009F, which some terminals take as
 * CSI and friends) become \xHH, one escape per byte.  A byte that does
 * not begin a well-formed character is escaped the same way, so what is
 * shown is always valid UTF-8.  The backslash itself is left alone: this
 * is for eyes, not for a parser to undo.
 */
size_t
str_escape(char *out, size_t n, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t o = 0, len = strlen(str), i = 0, k, w;
	int esc;

	if (n == 0)
		return 0;
	while (i < len) {
		if (s[i] < 0x80) {
			w = 1;
			esc = s[i] < 0x20 || s[i] == 0x7f;
		} else if ((w = utf8_seq(s + i, len - i)) == 0) {
			w = 1;
			esc = 1;
		} else
			esc = w == 2 && s[i] == 0xc2 && s[i + 1] < 0xa0;
		/* whole escapes and whole characters only */
		if (o + (esc ? 4 * w : w) >= n)
			break;
		for (k = 0; k < w; k++, i++) {
			if (!esc) {
				out[o++] = (char)s[i];
				continue;
			}
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[s[i] >> 4];
			out[o++] = hex[s[i] & 0xf];
		}
	}
	out[o] = '\0';
	return o;
}

char *
xstrdup_escaped(const char *s)
{
	size_t n = strlen(s ? s : "");
	char *out;

	if (n > (SIZE_MAX - 1) / 4)
		fatalx("xstrdup_escaped: %zu bytes", n);
	out = xmalloc(4 * n + 1);
	str_escape(out, 4 * n + 1, s ? s : "");
	return out;
}

size_t
utf8_nlen(const char *s, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n && s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			count++;
	return count;
}

size_t
utf8_len(const char *s)
{
	return utf8_nlen(s, (size_t)-1);
}

int
parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	/* strtol would skip leading white space and take a '+' */
	if (s == NULL || !((*s >= '0' && *s <= '9') || (*s == '-' &&
	    s[1] >= '0' && s[1] <= '9')))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/*
 * A server's reply for the log: servers echo the recipient ("550 5.1.1
 * <ann@example.org>: unknown user"), and addresses stay out of the log at
 * info level, so every word with an '@' is masked.  The ledger keeps the
 * reply as it came.
 */
void
str_mask_addresses(char *out, size_t n, const char *in)
{
	size_t o = 0;

	while (*in && o + 1 < n) {
		size_t w = strcspn(in, " \t<>\"',;"), len;
		const char *src = in;

		if (w == 0)
			w = 1;			/* a separator */
		len = w;
		if (memchr(in, '@', w)) {
			src = "(address)";
			len = 9;
		}
		if (len > n - 1 - o)
			len = n - 1 - o;
		memcpy(out + o, src, len);
		o += len;
		in += w;
	}
	out[o] = '\0';
}

/* ASCII only: a locale must not change what a key or command is */
static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/*
 * Edit distance (Levenshtein) between two short words, ignoring ASCII
 * case, for every "did you mean": configuration keys, commands, time
 * zones.  Case is ignored because "america/new_york" means one zone.
 * Words of 64 bytes or more are never near anything.
 */
size_t
str_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev, tmp;
	size_t row[64];

	if (la >= 64 || lb >= 64)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best = prev + (lower(a[i - 1]) !=
			    lower(b[j - 1]));

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}
