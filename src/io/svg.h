/*
 * svg: server-side SVG charts (horizontal bars, vertical columns, a stacked 100 % bar) for
 * statistics pages and exports. Pure: writes into a Buf, no I/O, no globals but constants.
 *
 * Safety: every piece of text that reaches the output (titles, labels, units, colours, the
 * description) goes through svg_escape, the module's only escaping function; numbers are
 * formatted by the module itself. The output is a self-contained, well-formed XML <svg>
 * element with no scripts, no event handlers, no style elements or attributes and no
 * external references (only the SVG namespace URI), so it can be embedded raw ({{{x}}}) in a
 * page served with the project's Content-Security-Policy, or saved as an .svg file.
 *
 * Layout: the element has a viewBox and no width/height, so it scales to its container
 * (CSS: svg.chart { width: 100%; height: auto; }). The viewBox is SvgOptions.width wide
 * (default 640); the column chart is 16:9, the bar chart's and stacked bar's height follows the
 * number of rows. Chinese text uses font-family "Noto Sans CJK SC", "Microsoft YaHei",
 * sans-serif; widths are estimated with utf8 display widths (CJK = 2 units, a unit ≈ 0.55 em)
 * and long labels are shortened with "…". Accessibility: role="img" with <title> (the chart
 * title, or "图表") and <desc> (SvgOptions.desc, or a generated "标签：值；…" list of all the
 * data).
 *
 * Values: a value that is negative, NaN or infinite is drawn and printed as 0; values above
 * SVG_VALUE_MAX are clamped to it. With no items (n == 0) — or, for the stacked bar, a zero
 * total — a chart saying "无数据" is drawn instead. Items may be NULL when n == 0.
 *
 * Return values: 0, or -1 when the Buf refused to grow (its cap); the Buf is then truncated
 * back to its length before the call (and buf->overflow is set).
 */
#ifndef DJ_SVG_H
#define DJ_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

#define SVG_VALUE_MAX 1e15

/* Colours. SVG_PARTY_RED is the first colour of the default palette. */
#define SVG_PARTY_RED "#C7000B"
#define SVG_STATUS_GREEN "#1E7D32" /* 正常 / 达标 */
#define SVG_STATUS_AMBER "#B26A00" /* 提醒 / 临期 */
#define SVG_STATUS_RED "#C62828"   /* 逾期 / 不达标 */

/* The default palette: party red, then greys and ambers, readable with white text. */
extern const char *const svg_palette[];
extern const size_t svg_palette_n;

/* One labelled value. label: any UTF-8 (invalid bytes are shown as U+FFFD); NULL is "".
 * color: NULL for the palette, otherwise a CSS colour such as "#1E7D32" (escaped, not
 * checked). */
typedef struct SvgSeries {
  const char *label;
  double value;
  const char *color;
} SvgSeries;

/* Options; a NULL SvgOptions pointer or a zeroed struct gives the defaults. */
typedef struct SvgOptions {
  int width;                  /* viewBox width, clamped to 320..1600; 0: 640 */
  const char *unit;           /* appended to printed values, e.g. "人"; NULL: none */
  int decimals;               /* decimals of printed values, 0-3 (counts: 0); ticks are
                                 whole numbers when 0 */
  const char *desc;           /* <desc> text; NULL: generated from the data */
  const char *const *palette; /* colours for the stacked bar and for bars without color;
                                 NULL: svg_palette */
  size_t n_palette;           /* entries in palette (ignored when palette is NULL) */
} SvgOptions;

/* Axis ticks: 0, step, 2·step, ... top (= count·step, the first multiple of step ≥ max). */
typedef struct SvgTicks {
  double step;
  double top;
  int count; /* number of intervals, 1-10 */
} SvgTicks;

/*
 * Nice round ticks for an axis from 0 to max, about 5 intervals, the step being 1, 2 or 5
 * times a power of ten (d3's rule: the step nearest max/5 on a log scale). With integer the
 * step is at least 1 (counts have no fractions). max ≤ 0, NaN or infinite gives step 1, top 5;
 * max above SVG_VALUE_MAX is clamped. Examples: 7 → 1/7, 10 → 2/10, 37 → 10/40, 100 → 20/100,
 * 1234 → 200/1400, 0.37 (not integer) → 0.1/0.4.
 */
SvgTicks svg_ticks(double max, bool integer);

/*
 * Appends s (NUL-terminated UTF-8; NULL appends nothing) escaped for XML text and for
 * attribute values in double or single quotes: & < > " ' become &amp; &lt; &gt; &quot; &#39;;
 * tab, CR and LF become spaces; other characters XML 1.0 forbids (C0 and C1 controls,
 * U+FFFE, U+FFFF) are dropped; invalid UTF-8 becomes U+FFFD. The result is always valid UTF-8.
 * Returns 0, or -1 when the Buf refused to grow.
 */
int svg_escape(Buf *out, const char *s);

/* Horizontal bars, one row per item in the given order, the label left of the bar and the
 * value at its end, a value axis with svg_ticks below. title may be NULL or "" (no heading). */
int svg_bar_chart(Buf *out, const char *title, const SvgSeries *items, size_t n,
                  const SvgOptions *opt);

/* Vertical columns, left to right in the given order, labels below, values above, a value
 * axis with svg_ticks on the left and horizontal grid lines. */
int svg_column_chart(Buf *out, const char *title, const SvgSeries *items, size_t n,
                     const SvgOptions *opt);

/* One bar of 100 %: a segment per item in palette order (item colours override), the share
 * printed inside a segment when it fits, and a legend "■ label value（share）" below.
 * Shares are whole percentages that add up to 100 (largest remainder). */
int svg_stacked_bar(Buf *out, const char *title, const SvgSeries *items, size_t n,
                    const SvgOptions *opt);

#endif
