/*
 * api_enroll.h - the JSON API's enrollment endpoints (api_enroll.c):
 * POST /api/v1/enrollments, GET /api/v1/enrollments/EMAIL and its
 * pause, resume and unenroll.
 */
#ifndef REFREADY_API_ENROLL_H
#define REFREADY_API_ENROLL_H

#include "api_call.h"

void	api_enroll(struct api_call *);
void	api_person(struct api_call *);
void	api_pause(struct api_call *);
void	api_resume(struct api_call *);
void	api_unenroll(struct api_call *);

#endif
