/*
 * cur_followon.h - followon.json: the twelve weeks after the plan as
 * curriculum (struct cur_followon in
 * curriculum.h).  Part of loading the curriculum, after the scorecard,
 * which it is checked against: every category has its focus text, what
 * a 4 looks like for each of its statements, and at least
 * CUR_FO_TASKS_MIN weekly tasks of at most 80 characters, each naming
 * the plan days that build it.
 */
#ifndef REFREADY_CUR_FOLLOWON_H
#define REFREADY_CUR_FOLLOWON_H

#include "cur_types.h"
#include "diag.h"

#define CUR_FO_TASKS_MIN	4

/*
 * Loads cur->dir/followon.json into cur->followon (its templates,
 * templates/followon.*, load with the other emails'); every problem goes to dl and is counted in *errors.
 * Needs cur->scorecard loaded.
 */
void	cur_followon_load(struct curriculum *cur, struct diag_list *dl,
	    int *errors);
void	cur_followon_free(struct cur_followon *);

#endif
