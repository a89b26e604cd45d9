/*
 * form.h - application/x-www-form-urlencoded bodies and query strings.
 *
 * Strict on purpose: a bad percent escape, a field without '=' where a
 * value is needed, a name seen twice or a value that is not UTF-8 makes
 * the whole form malformed, so the daemon answers 400 instead of acting
 * on a guess.  (libmicrohttpd's post processor decodes leniently and
 * reports nothing, which is why this is not left to it.)
 */
#ifndef REFREADY_FORM_H
#define REFREADY_FORM_H

#include <stddef.h>

#define FORM_MAXFIELDS	128

struct form_field {
	char	*name;
	char	*value;
};

struct form {
	struct form_field	 f[FORM_MAXFIELDS];
	size_t			 n;
};

/*
 * Decodes len bytes of s into form.  0 on success; -1 when malformed
 * (form is then empty).  Release with form_free either way.
 */
int		 form_parse(struct form *, const char *s, size_t len);
void		 form_free(struct form *);

/* the value of field name, or NULL */
const char	*form_get(const struct form *, const char *name);

/* for callers that take a lookup callback: arg is a struct form */
const char	*form_lookup(void *arg, const char *name);

#endif
