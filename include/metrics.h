/*
 * metrics.h - GET /metrics: the daemon's counters in the Prometheus text
 * format (version 0.0.4), plus a few gauges read from the database when
 * scraped (enrollees by state).
 */
#ifndef REFREADY_METRICS_H
#define REFREADY_METRICS_H

#include "app.h"
#include "buf.h"
#include "db.h"
#include "ledger.h"
#include "version.h"


/* adds one scheduling pass to the counters */
void	metrics_tick(struct app_metrics *, const struct ledger_counts *,
	    long duration_us);

/* the relay's state after a pass: up (MAIL_FAULT_NONE) or down, and why */
void	metrics_relay(struct app_metrics *, enum mail_fault);

/* the exposition; 0, or -1 when the database could not be read */
int	metrics_render(struct app *, struct db *, struct buf *);

#endif
