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
