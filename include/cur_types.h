/*
 * cur_types.h - the curriculum as data (curriculum.h): its types and
 * limits only, no functions, so that the loaders of its parts
 * (cur_scorecard.c, cur_followon.c), which curriculum.c calls, can fill
 * them in without using curriculum.c.
 */
#ifndef REFREADY_CUR_TYPES_H
#define REFREADY_CUR_TYPES_H

#include <stddef.h>

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

#endif
