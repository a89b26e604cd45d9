/*
 * scorecard.h - the MET Practice Readiness Scorecard's arithmetic (SPEC
 * section 6), pure: no database, no clock, no files.
 *
 * An attempt is an array of answers, one per item in the order the
 * curriculum lists them (category by category, item by item); an item's
 * place in that order is its "flat index".  Each answer is a score 0..4,
 * SCORE_NA ("not applicable", where the item allows it) or SCORE_UNSET
 * (not answered: only an old attempt read back after the curriculum
 * gained an item, or a form being filled in, has one).
 *
 * The rules, and the choices where the curriculum says nothing:
 *
 *  - Readiness index = 100 * (sum of scored items) / (4 * number scored),
 *    rounded half up to a whole number.  N/A and unset items are left
 *    out of both sums.  An attempt with no scored item at all (every item
 *    N/A) has index 0 and the lowest band: there is nothing yet to show
 *    readiness with.
 *  - Category score: the same formula over the category's own items,
 *    also a whole number 0..100, so that a change shown as "+17" is
 *    always the difference of the two numbers shown beside it.  A
 *    category whose items are all N/A has no score (SCORE_NONE); it is
 *    drawn as "n/a", has no change and is never called weak.
 *  - Band: the highest band whose min the index reaches and, when the
 *    band has "gates", whose gate items all score at least gate_min.
 *    The first band (min 0) is the floor even if it had gates.  A gate
 *    item answered N/A does not apply and so holds no one back; an unset
 *    gate item does (it cannot be shown to be met).
 *  - Weakest categories: the lowest exact category scores (compared as
 *    fractions, not the rounded numbers); on a tie the category listed
 *    first in the curriculum comes first, as the plan builds the earlier
 *    ones first.  A category at 100 is never called weak, so fewer than
 *    three may be named.
 */
#ifndef REFREADY_SCORECARD_H
#define REFREADY_SCORECARD_H

#include <stddef.h>

#include "curriculum.h"

#define SCORE_NA	(-1)	/* an answer: not applicable */
#define SCORE_UNSET	(-2)	/* an answer: none given */
#define SCORE_NONE	(-1)	/* a score: nothing was scored */
#define SCORE_WEAKEST	3

/* the number of items, and the item at flat index k (with its category) */
size_t	score_nitems(const struct cur_scorecard *);
const struct cur_item *score_item(const struct cur_scorecard *, size_t k,
	    size_t *category);
/* the flat index of the item with id, or -1 */
long	score_item_index(const struct cur_scorecard *, const char *id);

struct score_result {
	int	 index;		/* 0..100 */
	int	 scored;	/* items with a 0..4 answer */
	int	 na;		/* items answered N/A */
	size_t	 band;		/* into sc->bands */
	size_t	 band_by_index;	/* the band the index alone reaches */
	int	 held;		/* 1 if gates keep band below band_by_index */
	int	*cat;		/* per category: 0..100 or SCORE_NONE */
	size_t	 ncat;
	size_t	*gates_short;	/* flat indexes of gate items not met */
	size_t	 ngates_short;
	size_t	 weakest[SCORE_WEAKEST];	/* category indexes */
	size_t	 nweakest;
};

/*
 * Scores one attempt: v has score_nitems(sc) answers.  The result holds
 * arrays; release it with score_result_free.
 */
void	score_compute(const struct cur_scorecard *, const int *v,
	    struct score_result *);
void	score_result_free(struct score_result *);

/*
 * The change in category c (or in the index when c is (size_t)-1) from
 * first to latest: 0 with *delta set, or -1 when either has no score.
 */
int	score_change(const struct score_result *first,
	    const struct score_result *latest, size_t c, int *delta);

/*
 * Problems found in a set of answers, each about one item (item set) or
 * about the whole input (item NULL).  Messages are lower case with the
 * offending value in quotes, ready for "refready: score: %s".
 */
struct score_problem {
	char	*item;		/* the item's id, or NULL */
	char	*msg;
};

struct score_problems {
	struct score_problem	*v;
	size_t			 n;
	size_t			 cap;
};

void	score_problems_free(struct score_problems *);
/* the first problem about item id, or NULL */
const char *score_problem_for(const struct score_problems *,
	    const char *id);

/*
 * Reads {"1.1": 3, "12.2": "na", ...} from text[0..len).  Fills v (one
 * per item) and returns 0 when every item is answered correctly;
 * otherwise returns -1 with every problem added to p: bad JSON, unknown
 * ids, values that are not 0..4 or "na", "na" where the item does not
 * allow it, a key given twice, and the items left out (named together
 * in one problem).  v then holds the answers that were valid and
 * SCORE_UNSET elsewhere.
 */
int	score_answers_from_json(const struct cur_scorecard *,
	    const char *text, size_t len, int *v, struct score_problems *p);

/*
 * Reads a submitted form through get(arg, name), which returns a field's
 * decoded value or NULL when it was not sent.  Each item is the field
 * named by its id, "0" to "4" or "na".  Returns 0 when all are good;
 * otherwise -1 with one problem per bad or missing item (item set, the
 * message written for the person filling in the form) and v as in
 * score_answers_from_json.
 */
int	score_answers_from_form(const struct cur_scorecard *,
	    const char *(*get)(void *arg, const char *name), void *arg,
	    int *v, struct score_problems *p);

/*
 * How many of v's answers are SCORE_UNSET.  A saved attempt answers
 * every item, so in one read back this counts the statements the
 * scorecard has gained since it was taken: its stored index and band
 * then stand for an earlier version of the scorecard.
 */
size_t	score_unanswered(const struct cur_scorecard *, const int *v);

/* "3", "n/a" or "-" for an answer */
const char *score_answer_str(int v, char buf[4]);

/*
 * Whether a "take your scorecard" reminder is due, from the plan day the
 * person is on, how many attempts they have and the plan day the latest
 * one was taken on (0 if none):
 *  - SCORE_DUE_BASELINE: past the baseline day (plan_day greater than
 *    it) and never taken;
 *  - SCORE_DUE_RETAKE: past the retake day, taken before, but not on or
 *    since the retake day.
 * A person past the retake day who never took it at all gets BASELINE:
 * the reminder then is for a first attempt.
 */
enum score_due {
	SCORE_DUE_NONE,
	SCORE_DUE_BASELINE,
	SCORE_DUE_RETAKE
};

enum score_due score_due(const struct curriculum *, int plan_day,
	    int nattempts, int latest_day);

#endif
