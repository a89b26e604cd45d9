/*
 * pages_followon.h - the twelve weeks after the plan on the personal
 * page (pages_followon.c): the #followon section offers them once Day 30
 * is sent and then shows their progress (pages_plan.c takes the POST
 * that opts in).
 */
#ifndef REFREADY_PAGES_FOLLOWON_H
#define REFREADY_PAGES_FOLLOWON_H

#include <time.h>

#include "buf.h"

struct app;
struct db;
struct curriculum;
struct enrollment;

void	pages_followon_section(struct buf *, struct db *,
	    const struct curriculum *, const struct enrollment *, time_t now,
	    const char *up, const char *tok);

#endif
