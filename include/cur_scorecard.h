/*
 * cur_scorecard.h - scorecard.json, the MET Practice Readiness Scorecard
 * as data: its scale, bands, categories and items (struct cur_scorecard
 * in curriculum.h).  Part of loading the curriculum.
 */
#ifndef REFREADY_CUR_SCORECARD_H
#define REFREADY_CUR_SCORECARD_H

#include "cur_types.h"
#include "diag.h"

/*
 * Loads cur->dir/scorecard.json into cur->scorecard; every problem goes
 * to dl and is counted in *errors.  What was valid is kept either way.
 */
void	cur_scorecard_load(struct curriculum *cur, struct diag_list *dl,
	    int *errors);
void	cur_scorecard_free(struct cur_scorecard *);

#endif
