/*
 * cur_json.h - the checks the curriculum's JSON files share: reading a
 * file into a jdoc, unknown keys, and typed members that report a bad or
 * missing value at its position (jpos) and go on, so that `curriculum
 * check` lists every problem in one run.
 *
 * A "path" is a jpos path ("days[3]", "categories[0].items[2]"); the
 * empty path is the top of the document.
 */
#ifndef REFREADY_CUR_JSON_H
#define REFREADY_CUR_JSON_H

#include <jansson.h>

#include "jpos.h"

/* "path.key", or "key" at the top (caller frees) */
char	*cur_json_subpath(const char *path, const char *key);

/* 1 if s holds a control character (curriculum text reaches headers) */
int	 cur_json_has_ctl(const char *s);

/* reports members of obj not in allowed (a NULL-terminated list) */
void	 cur_json_only_keys(struct jdoc *, json_t *obj, const char *path,
	    const char *const *allowed);

/* a required non-empty string without control characters (caller frees) */
char	*cur_json_str(struct jdoc *, json_t *obj, const char *path,
	    const char *key);
/* an optional boolean: 0 when absent */
int	 cur_json_bool(struct jdoc *, json_t *obj, const char *path,
	    const char *key);
/* a required integer in [lo, hi]; -1 (reported) otherwise */
long	 cur_json_int(struct jdoc *, json_t *obj, const char *path,
	    const char *key, long lo, long hi);
/* a required array (borrowed), or NULL (reported) */
json_t	*cur_json_array(struct jdoc *, json_t *obj, const char *path,
	    const char *key);
/*
 * The plan days listed in days, an array at path.days (NULL: none), each
 * a number from 1 to max, the others reported and left out: an array of
 * at least one slot (caller frees), the count in *n.
 */
int	*cur_json_days(struct jdoc *, json_t *days, const char *path, int max,
	    size_t *n);

/*
 * Reads and parses doc->file; an object at the top, or NULL (reported).
 * *textp gets the text, which doc points into (caller frees it after
 * the last report, and decrefs the result).
 */
json_t	*cur_json_load(struct jdoc *, char **textp);

#endif
