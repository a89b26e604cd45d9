/*
 * pages_settings.h - the "Your settings" section of the personal page:
 * send time and zone, pause or resume, and what a refused settings POST
 * sent, to show the page again with the problems marked.
 */
#ifndef REFREADY_PAGES_SETTINGS_H
#define REFREADY_PAGES_SETTINGS_H

#include <time.h>

#include "buf.h"

/*
 * What a settings POST sent and what was wrong with it, to show the
 * page again (422) with the problems marked.  A NULL value shows what
 * is stored; PS_OTHER's problem is a refusal that is no field's.
 */
enum { PS_SEND_AT, PS_TZ, PS_DAYS, PS_OTHER, PS_NFIELDS };
struct pages_settings {
	const char	*value[PS_NFIELDS];
	const char	*problem[PS_NFIELDS];
};
/* 1 when in holds a problem */
int	pages_settings_bad(const struct pages_settings *in);

/*
 * The section, for a plan that still has lessons to send.  up and tok
 * make the forms' relative actions (see pages_person_show); its style
 * goes in the page's extra style sheet.
 */
struct app;
struct enrollment;
extern const char pages_settings_css[];
void	pages_settings_section(struct buf *, const struct app *,
	    const struct enrollment *, time_t now, const char *up,
	    const char *tok, const struct pages_settings *in);

/*
 * The options of a time zone select, grouped by region (optgroup), cur
 * selected (listed first if the list lacks it): for the settings and
 * the signup form.
 */
struct tzlist;
void	pages_zone_options(struct buf *, const struct tzlist *,
	    const char *cur);

#endif
