/*
 * api_cohort.h - the JSON API's cohort endpoints (api_cohort.c): the
 * list, a report and an import.
 */
#ifndef REFREADY_API_COHORT_H
#define REFREADY_API_COHORT_H

#include "api_call.h"

void	api_cohorts(struct api_call *);
void	api_report(struct api_call *);
void	api_import(struct api_call *);

#endif
