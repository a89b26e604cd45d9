/*
 * svg.h - small inline SVG charts for the scorecard result page and the
 * cohort report.
 *
 * Charts are meant to be read without colour: every bar carries its value
 * as text, series differ by fill pattern as well as colour, and the chart
 * has a <title> and <desc> for screen readers.  Every label is escaped.
 * Output is appended to a struct buf (its max applies).
 */
#ifndef REFREADY_SVG_H
#define REFREADY_SVG_H

#include <stddef.h>

#include "buf.h"

#define SVG_MAXSERIES	4

struct svg_series {
	const char	*name;		/* for the legend */
	const double	*values;	/* one per label; < 0: no value */
};

/*
 * A horizontal bar chart: one row per label, one bar per series in each
 * row (baseline and latest side by side), scaled to 0..max.  Values
 * print with decimals places and suffix ("%" or "").  desc is a one-sentence summary for
 * screen readers.
 */
void	svg_hbars(struct buf *, const char *title, const char *desc,
	    const char *const *labels, size_t nlabels,
	    const struct svg_series *, size_t nseries, double max,
	    int decimals, const char *suffix);

/*
 * A column chart: one column per label (plan days, funnel steps), scaled
 * to 0..max, each with its value above it.
 */
void	svg_columns(struct buf *, const char *title, const char *desc,
	    const char *const *labels, const double *values, size_t n,
	    double max, int decimals, const char *suffix);

#endif
