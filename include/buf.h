/*
 * buf.h - a growable byte buffer with a hard maximum size (after curl's
 * dynbuf): rendering and HTTP answers build into one, and a runaway input
 * hits the maximum instead of exhausting memory.
 */
#ifndef REFREADY_BUF_H
#define REFREADY_BUF_H

#include <stddef.h>

struct buf {
	char	*data;		/* NUL-terminated when not NULL */
	size_t	 len;
	size_t	 cap;
	size_t	 max;
	int	 overflow;	/* an append went over max; len unchanged */
};

void	 buf_init(struct buf *, size_t max);
void	 buf_free(struct buf *);
/* the data (never NULL; "" when empty); the buffer gives it up */
char	*buf_take(struct buf *);
void	 buf_reset(struct buf *);
/* makes room for n more bytes at once (up to max), so appends copy less */
void	 buf_reserve(struct buf *, size_t n);

/* 0 on success; -1 (and overflow set) if max would be exceeded */
int	 buf_add(struct buf *, const void *, size_t);
int	 buf_addstr(struct buf *, const char *);
int	 buf_addc(struct buf *, char);
int	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* appends s with & < > " ' replaced by HTML entities */
int	 buf_add_html(struct buf *, const char *s, size_t len);

#endif
