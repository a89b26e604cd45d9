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

static void
open_svg(struct buf *b, int w, int h, const char *title, const char *desc)
{
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
	    "class=\"chart\" preserveAspectRatio=\"xMinYMin meet\" "
	    "font-family=\"sans-serif\" font-size=\"13\"><title>", w, h);
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

void
svg_hbars(struct buf *b, const char *title, const char *desc,
    const char *const *labels, size_t nlabels,
    const struct svg_series *series, size_t nseries, double max,
    int decimals, const char *suffix)
{
	const int width = 640, labelw = 220, barmax = 330, barh = 16;
	const int gap = 10, legendh = 28;
	int rowh, h, y;
	size_t i, s;

	if (nseries > SVG_MAXSERIES)
		nseries = SVG_MAXSERIES;
	rowh = (int)nseries * (barh + 2) + gap;
	h = legendh + (int)nlabels * rowh + 4;
	open_svg(b, width, h, title, desc);

	/* the legend names each series by its pattern and in words */
	for (s = 0; s < nseries; s++) {
		int x = labelw + (int)s * 150;

		buf_printf(b, "<rect x=\"%d\" y=\"6\" width=\"14\" "
		    "height=\"14\" fill=\"%s\" stroke=\"#2f6f8f\"/>"
		    "<text x=\"%d\" y=\"18\">", x, fills[s], x + 20);
		esc(b, series[s].name);
		buf_addstr(b, "</text>");
	}
	y = legendh;
	for (i = 0; i < nlabels; i++, y += rowh) {
		buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
		    labelw - 8, y + (int)nseries * (barh + 2) / 2 + 4);
		esc(b, labels[i]);
		buf_addstr(b, "</text>");
		for (s = 0; s < nseries; s++) {
			double v = series[s].values[i];
			int by = y + (int)s * (barh + 2);
			int bw = (int)(clamp01(v, max) * barmax + 0.5);
			char txt[32];

			value_text(txt, sizeof(txt), decimals, suffix, v);
			buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"%d\" fill=\"%s\" stroke=\"#2f6f8f\">"
			    "<title>", labelw, by, bw, barh, fills[s]);
			esc(b, series[s].name);
			buf_addstr(b, ": ");
			esc(b, txt);
			buf_printf(b, "</title></rect><text x=\"%d\" y=\"%d\">",
			    labelw + bw + 6, by + barh - 3);
			esc(b, txt);
			buf_addstr(b, "</text>");
		}
	}
	buf_addstr(b, "</svg>");
}

void
svg_columns(struct buf *b, const char *title, const char *desc,
    const char *const *labels, const double *values, size_t n, double max,
    int decimals, const char *suffix)
{
	const int height = 220, top = 22, bottom = 24, left = 8;
	int colw, width, plot = height - top - bottom;
	size_t i;

	colw = n > 12 ? 22 : 60;
	width = left * 2 + (int)n * colw;
	open_svg(b, width, height, title, desc);
	buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#555\"/>", left, top + plot, width - left, top + plot);
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
		    top + plot - ch - 4, n > 12 ? 9 : 13);
		esc(b, txt);
		buf_printf(b, "</text><text x=\"%d\" y=\"%d\" "
		    "text-anchor=\"middle\" font-size=\"%d\">", x + colw / 2,
		    height - 8, n > 12 ? 10 : 13);
		esc(b, labels[i]);
		buf_addstr(b, "</text>");
	}
	buf_addstr(b, "</svg>");
}
