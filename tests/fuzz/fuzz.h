/*
 * fuzz.h - what the libFuzzer harnesses in tests/fuzz/ share: the entry
 * point's prototype, a check that aborts (so a broken property is a crash
 * both under libFuzzer and in the plain replay driver that make check
 * runs), and a scratch file for parsers that only read from a path.
 *
 * Everything here is static so each harness is one translation unit.
 */
#ifndef REFREADY_FUZZ_H
#define REFREADY_FUZZ_H

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* a property of the code under test that the input broke */
#define FUZZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #cond);					\
		abort();						\
	}								\
} while (0)

/* the scratch directory: $TMPDIR or /tmp */
static inline const char *
fuzz_tmpdir(void)
{
	const char *d = getenv("TMPDIR");

	return d && *d ? d : "/tmp";
}

/* replaces the contents of path with data[0..len); aborts on failure */
static inline void
fuzz_write_file(const char *path, const uint8_t *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	size_t off = 0;

	if (fd == -1) {
		fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
		abort();
	}
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n == -1) {
			fprintf(stderr, "fuzz: %s: %s\n", path,
			    strerror(errno));
			abort();
		}
		off += (size_t)n;
	}
	close(fd);
}

/* data[0..len) as a NUL-terminated string (caller frees) */
static inline char *
fuzz_str(const uint8_t *data, size_t len)
{
	char *s = malloc(len + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, len);
	s[len] = '\0';
	return s;
}

#endif
