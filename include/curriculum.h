/*
 * curriculum.h - the program as data (SPEC section 7): the plan file, one
 * Markdown lesson per day, the scorecard and the email templates, loaded
 * from a folder the operator can edit without recompiling.  The format is
 * documented in curriculum/README.md.
 */
#ifndef REFREADY_CURRICULUM_H
#define REFREADY_CURRICULUM_H

#include <stddef.h>

#include "diag.h"

/* the types: cur_types.h, which the loaders of its parts use */
#include "cur_types.h"

/* "welcome", ...: the templates' file name */
const char	*cur_mail_name(enum cur_mail);

/*
 * Loads and validates the curriculum in dir.  Returns 0 when it is
 * complete and valid; otherwise -1 with every problem found added to dl as
 * "FILE:LINE: problem".  Release with cur_free either way.
 */
int	cur_load(const char *dir, struct curriculum *, struct diag_list *dl);
void	cur_free(struct curriculum *);

const struct cur_week *cur_week(const struct curriculum *, int number);

/*
 * A lesson names a scorecard category as "{{category: TITLE}}".  Returns
 * a copy of text (caller frees) with each reference whose TITLE is one
 * of sc's category titles replaced by that title; any other is kept as
 * written and reported through bad (when not NULL) with its 1-based line
 * and the title.  cur_load does this to every lesson.
 */
char	*cur_categories_expand(const char *text,
	    const struct cur_scorecard *sc,
	    void (*bad)(void *arg, int line, const char *title, size_t len),
	    void *arg);
const char	*cur_pacing_str(enum cur_pacing);

#endif
