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

#define CUR_DAYS	30
#define CUR_SCALE	5	/* scores 0..4 */

enum cur_pacing {
	CUR_PACING_DAILY,
	CUR_PACING_WEEKDAYS
};

enum cur_prompt {
	CUR_PROMPT_NONE,
	CUR_PROMPT_BASELINE,	/* the day the scorecard is first taken */
	CUR_PROMPT_RETAKE
};

struct cur_week {
	int	 number;
	char	*label;		/* "Week 2", or as given ("Wrap-up") */
	char	*title;
};

struct cur_day {
	int		 day;
	int		 week;
	char		*title;
	char		*objective;
	char		*task;		/* at most 80 characters */
	char		*lesson_file;	/* as written in program.json */
	char		*lesson;	/* its Markdown */
	enum cur_prompt	 scorecard;
};

struct cur_item {
	char	*id;		/* stable: answers are stored under it */
	char	*text;
	int	 gate;		/* must score >= gate_min for the top band */
	int	 na;		/* may be answered "not applicable" */
	char	*na_label;	/* what choosing N/A says, or NULL: the default */
};

/* the N/A choice's label when the item gives none */
#define CUR_NA_LABEL	"Does not apply to my practice"

struct cur_category {
	char		*id;
	char		*title;
	int		*days;		/* plan days that strengthen it */
	size_t		 ndays;
	struct cur_item	*items;
	size_t		 nitems;
};

struct cur_band {
	char	*name;
	char	*advice;
	int	 min;		/* lowest readiness index in the band */
	int	 gates;		/* every gate item must be met */
};

struct cur_scorecard {
	char			*title;
	char			*intro;
	char			*scoring;	/* how the index is computed */
	char			*scale[CUR_SCALE];
	int			 gate_min;
	struct cur_band		*bands;		/* ascending by min */
	size_t			 nbands;
	struct cur_category	*categories;
	size_t			 ncategories;
};

/*
 * The emails that are not lessons, each from templates/NAME.txt and
 * templates/NAME.html; the text template's first line is
 * "Subject: ..." (merge fields allowed), the rest its body.
 */
enum cur_mail {
	CUR_MAIL_WELCOME,
	CUR_MAIL_COMPLETION,
	CUR_MAIL_FOLLOWON,	/* the twelve weeks after the plan */
	CUR_MAILS
};

struct cur_mail_tmpl {
	char	*subject;
	char	*text;
	char	*html;
};

/* "welcome", ...: the templates' file name */
const char	*cur_mail_name(enum cur_mail);

/*
 * The twelve weeks after the plan (followon.json): for one scorecard
 * category, what a 4 looks like as a whole (focus) and for each of its
 * statements (fours, parallel to the category's items), and the weekly
 * tasks that rotate through the weeks it is chosen for.
 */
struct cur_fo_task {
	char	*text;		/* at most 80 characters: a calendar entry */
	int	*days;		/* the plan days that build it */
	size_t	 ndays;
};

struct cur_fo_category {
	char			*focus;
	char			**fours;	/* [nfours]: the category's items */
	size_t			 nfours;
	struct cur_fo_task	*tasks;
	size_t			 ntasks;
};

struct cur_followon {
	char			*retake;	/* weeks 6 and 12 */
	struct cur_fo_category	*cats;		/* [scorecard.ncategories] */
	size_t			 ncats;
};

struct curriculum {
	char			*dir;
	char			*title;
	enum cur_pacing		 pacing;
	struct cur_week		*weeks;
	size_t			 nweeks;
	struct cur_day		 days[CUR_DAYS];	/* days[i].day == i + 1 */
	struct cur_scorecard	 scorecard;
	char			*tmpl_text;
	char			*tmpl_html;
	struct cur_mail_tmpl	 mail[CUR_MAILS];
	struct cur_followon	 followon;
};

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
