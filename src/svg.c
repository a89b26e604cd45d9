/*
 * svg.c - inline SVG bar charts (see svg.h).
 *
 * Coordinates are whole user units in a viewBox, so the chart scales to
 * the width of a phone or a desktop page without any script: the page
 * gives the <svg> width 100% and the browser does the rest.
 */
#include <stdio.h>
#include <string.h>

#include "svg.h"

/* fills per series: solid, hatched, dotted, outlined; colour is extra */
static const char *const fills[SVG_MAXSERIES] = {
	"url(#svg-hatch)", "#2f6f8f", "url(#svg-dots)", "#ffffff"
};

static void
esc(struct buf *b, const char *s)
{
	buf_add_html(b, s, strlen(s));
}

static void
value_text(char *out, size_t n, int decimals, const char *suffix, double v)
{
	if (v < 0)
		snprintf(out, n, "n/a");
	else
		snprintf(out, n, "%.*f%s", decimals, v, suffix);
}

static double
clamp01(double v, double max)
{
	if (max <= 0 || v <= 0)
		return 0;
	return v >= max ? 1 : v / max;
}

/*
 * Text in an SVG scales with it, so a chart is never drawn wider than
 * its viewBox (max-width): its 13-unit text is 13 px on a desktop, and
 * the layouts below are narrow enough (at most 400 units) that a phone
 * shrinks them only a little.
 */
static void
open_svg(struct buf *b, int w, int h, const char *title, const char *desc)
{
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
	    "class=\"chart\" style=\"max-width:%dpx\" "
	    "preserveAspectRatio=\"xMinYMin meet\" "
	    "font-family=\"sans-serif\" font-size=\"13\"><title>", w, h, w);
	esc(b, title);
	buf_addstr(b, "</title><desc>");
	esc(b, desc);
	buf_addstr(b, "</desc>"
	    "<defs><pattern id=\"svg-hatch\" width=\"6\" height=\"6\" "
	    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	    "<rect width=\"6\" height=\"6\" fill=\"#dbe7ee\"/>"
	    "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#2f6f8f\" "
	    "stroke-width=\"2\"/></pattern>"
	    "<pattern id=\"svg-dots\" width=\"5\" height=\"5\" "
	    "patternUnits=\"userSpaceOnUse\"><rect width=\"5\" height=\"5\" "
	    "fill=\"#f3e6d3\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1.2\" "
	    "fill=\"#8a5a1c\"/></pattern></defs>");
}

/*
 * A label in at most maxch characters: longer ones end in an ellipsis
 * (the whole label is in the bar's <title>).  Characters, not bytes, so
 * a name is never cut inside one.
 */
static void
label(struct buf *b, const char *s, size_t maxch)
{
	size_t i = 0, n;

	for (n = 0; s[i] && n < maxch; n++)
		for (i++; ((unsigned char)s[i] & 0xc0) == 0x80; i++)
			;
	if (s[i] == '\0') {
		esc(b, s);
		return;
	}
	/* room for the ellipsis: one character less */
	for (i = 0, n = 0; s[i] && n + 1 < maxch; n++)
		for (i++; ((unsigned char)s[i] & 0xc0) == 0x80; i++)
			;
	buf_add_html(b, s, i);
	buf_addstr(b, "\xe2\x80\xa6");
}

/* the scale under horizontal bars: 0, a quarter... max, with grid lines */
static void
axis(struct buf *b, int x0, int len, int top, int bottom, double max,
    const char *suffix)
{
	int k, x;

	buf_printf(b, "<g class=\"axis\" font-size=\"11\" fill=\"#52636d\">"
	    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#555\"/>", x0, bottom, x0 + len, bottom);
	for (k = 0; k <= 4; k++) {
		x = x0 + len * k / 4;
		buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		    "y2=\"%d\" stroke=\"#d7dee2\"/><line x1=\"%d\" "
		    "y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>"
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%g%s</text>",
		    x, top, x, bottom, x, bottom, x, bottom + 4, x, bottom + 16,
		    k == 0 ? "start" : k == 4 ? "end" : "middle",
		    max * k / 4, suffix);
	}
	buf_addstr(b, "</g>");
}

/*
 * Each label on a line of its own above its bars, so a long category
 * name has the chart's whole width rather than a column of its own, and
 * the chart stays narrow enough for a phone.
 */
void
svg_hbars(struct buf *b, const char *title, const char *desc,
    const char *const *labels, size_t nlabels,
    const struct svg_series *series, size_t nseries, double max,
    int decimals, const char *suffix)
{
	const int width = 400, left = 4, barh = 14;
	const int labelh = 18, gap = 10, legendh = 26, axish = 22;
	int rowh, h, y, top, barmax, each;
	size_t i, s;
	char widest[32];

	if (nseries > SVG_MAXSERIES)
		nseries = SVG_MAXSERIES;
	if (nseries == 0)
		nseries = 1;
	/* room after the longest bar for its value, at 7 units a digit */
	value_text(widest, sizeof(widest), decimals, suffix, max);
	barmax = width - left - 8 - 7 * (int)strlen(widest);
	each = (width - left) / (int)nseries;
	rowh = labelh + (int)nseries * (barh + 2) + gap;
	h = legendh + (int)nlabels * rowh + axish;
	open_svg(b, width, h, title, desc);

	/* the legend names each series by its pattern and in words */
	for (s = 0; s < nseries; s++) {
		int x = left + (int)s * each;

		buf_printf(b, "<rect x=\"%d\" y=\"4\" width=\"14\" "
		    "height=\"14\" fill=\"%s\" stroke=\"#2f6f8f\"/>"
		    "<text x=\"%d\" y=\"16\">", x, fills[s], x + 20);
		label(b, series[s].name, (size_t)(each - 28) / 7);
		buf_addstr(b, "</text>");
	}
	top = legendh;
	axis(b, left, barmax, top, top + (int)nlabels * rowh - gap / 2, max,
	    suffix);
	for (i = 0, y = top; i < nlabels; i++, y += rowh) {
		buf_printf(b, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">",
		    left, y + 13);
		label(b, labels[i], 52);
		buf_addstr(b, "</text>");
		for (s = 0; s < nseries; s++) {
			double v = series[s].values[i];
			int by = y + labelh + (int)s * (barh + 2);
			int bw = (int)(clamp01(v, max) * barmax + 0.5);
			char txt[32];

			value_text(txt, sizeof(txt), decimals, suffix, v);
			buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"%d\" fill=\"%s\" stroke=\"#2f6f8f\">"
			    "<title>", left, by, bw, barh, fills[s]);
			esc(b, labels[i]);
			buf_addstr(b, ", ");
			esc(b, series[s].name);
			buf_addstr(b, ": ");
			esc(b, txt);
			buf_printf(b, "</title></rect><text x=\"%d\" y=\"%d\" "
			    "font-size=\"12\">", left + bw + 4, by + barh - 3);
			esc(b, txt);
			buf_addstr(b, "</text>");
		}
	}
	buf_addstr(b, "</svg>");
}

/* one band of columns, labels[0..n) drawn from x = left at y = top */
static void
column_band(struct buf *b, const char *const *labels, const double *values,
    size_t n, double max, int decimals, const char *suffix, int top,
    int colw, int plot, int fs)
{
	const int left = 8;
	size_t i;

	buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#555\"/>", left, top + plot, left + (int)n * colw,
	    top + plot);
	for (i = 0; i < n; i++) {
		double v = values[i];
		int ch = (int)(clamp01(v, max) * plot + 0.5);
		int x = left + (int)i * colw;
		char txt[32];

		value_text(txt, sizeof(txt), decimals, suffix, v);
		buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" fill=\"#2f6f8f\"><title>", x + 2,
		    top + plot - ch, colw - 4, ch);
		esc(b, labels[i]);
		buf_addstr(b, ": ");
		esc(b, txt);
		buf_printf(b, "</title></rect><text x=\"%d\" y=\"%d\" "
		    "text-anchor=\"middle\" font-size=\"%d\">", x + colw / 2,
		    top + plot - ch - 4, fs);
		esc(b, txt);
		buf_printf(b, "</text><text x=\"%d\" y=\"%d\" "
		    "text-anchor=\"middle\" font-size=\"%d\">", x + colw / 2,
		    top + plot + fs + 3, fs);
		label(b, labels[i], (size_t)colw / 7);
		buf_addstr(b, "</text>");
	}
}

/*
 * Columns in bands of at most ten (days 1-10, 11-20, 21-30), each column
 * wide enough for its value ("100%") at a readable size, so thirty days
 * fit a phone without shrinking their text to nothing.
 */
void
svg_columns(struct buf *b, const char *title, const char *desc,
    const char *const *labels, const double *values, size_t n, double max,
    int decimals, const char *suffix)
{
	const int top = 20, bottom = 20;
	int colw, plot, fs, per, bands, bandh, width, k;

	per = n > 12 ? 10 : (int)n;
	bands = per ? ((int)n + per - 1) / per : 0;
	colw = n > 12 ? 34 : 84;
	fs = n > 12 ? 11 : 13;
	plot = n > 12 ? 70 : 160;
	bandh = top + plot + bottom;
	width = 16 + per * colw;
	open_svg(b, width, bands * bandh + 4, title, desc);
	for (k = 0; k < bands; k++) {
		size_t from = (size_t)(k * per);
		size_t cnt = n - from < (size_t)per ? n - from : (size_t)per;

		column_band(b, labels + from, values + from, cnt, max, decimals,
		    suffix, k * bandh + top, colw, plot, fs);
	}
	buf_addstr(b, "</svg>");
}
