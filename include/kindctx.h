/*
 * kindctx.h - what the maker of one kind of email that is not a lesson
 * is given and fills in (see kindmail.h, which calls them): the
 * database, configuration, curriculum and URL key of the pass, and the
 * merge fields of the email's templates.
 */
#ifndef REFREADY_KINDCTX_H
#define REFREADY_KINDCTX_H

#include <time.h>

#include "config.h"
#include "curriculum.h"
#include "db.h"
#include "render.h"

struct kind_ctx {
	struct db		*db;	/* NULL: a sample person (preview) */
	const struct cfg	*cfg;
	const struct curriculum	*cur;
	const unsigned char	*key;	/* NULL: sample links */
	time_t			 now;
};

#define KIND_KEEP_MAX	32

/*
 * The fields of one email: the person's (name, links) are set before a
 * kind's fill function adds its own.  Strings a fill allocates go
 * through kind_keep, which frees them with the rest.
 */
struct kind_vars {
	struct render_vars	 v;
	char			*kept[KIND_KEEP_MAX];
	int			 nkept;
};

/* keeps s (allocated) until the email is made; returns it */
static inline const char *
kind_keep(struct kind_vars *kv, char *s)
{
	if (kv->nkept < KIND_KEEP_MAX)
		kv->kept[kv->nkept++] = s;
	return s;
}

#endif
