/* Server-side SVG charts (see svg.h). Every text goes through svg_escape. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "io/svg.h"
#include "base/banned.h"

const char *const svg_palette[] = {
    SVG_PARTY_RED, "#5F6368", "#B26A00", "#9AA0A6", "#E08E0B", "#3C4043", "#D4A017", "#80868B",
};
const size_t svg_palette_n = sizeof svg_palette / sizeof svg_palette[0];

#define FONT_FAMILY "'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
#define TEXT_COLOR "#333333"
#define MUTED_COLOR "#757575"
#define AXIS_COLOR "#9E9E9E"
#define GRID_COLOR "#E6E6E6"
#define FONT_SIZE 14.0
#define SMALL_SIZE 12.0
#define TITLE_SIZE 16.0
#define UNIT_EM 0.55 /* one utf8 width unit in em */
#define DEFAULT_WIDTH 640
#define EMPTY_TEXT "无数据"

/* ---- escaping ------------------------------------------------------------------------------ */

int svg_escape(Buf *out, const char *s) {
  if (!s) {
    return 0;
  }
  int rc = 0;
  size_t n = strlen(s);
  size_t i = 0;
  while (i < n) {
    size_t len;
    int32_t cp = utf8_decode(s + i, n - i, &len);
    const char *rep = NULL;
    switch (cp) {
    case '&':
      rep = "&amp;";
      break;
    case '<':
      rep = "&lt;";
      break;
    case '>':
      rep = "&gt;";
      break;
    case '"':
      rep = "&quot;";
      break;
    case '\'':
      rep = "&#39;";
      break;
    case '\t':
    case '\n':
    case '\r':
      rep = " ";
      break;
    case -1:
      rep = "\xEF\xBF\xBD"; /* U+FFFD */
      break;
    default:
      if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0xfffe || cp == 0xffff) {
        rep = ""; /* not allowed (or discouraged) in XML 1.0 */
      }
      break;
    }
    if (rep) {
      rc |= buf_puts(out, rep);
    } else {
      rc |= buf_append(out, s + i, len);
    }
    i += len;
  }
  return rc < 0 ? -1 : 0;
}

/* ---- numbers ------------------------------------------------------------------------------- */

static double clean_value(double v) {
  if (!isfinite(v) || v < 0) {
    return 0;
  }
  return v > SVG_VALUE_MAX ? SVG_VALUE_MAX : v;
}

SvgTicks svg_ticks(double max, bool integer) {
  SvgTicks t = {1, 5, 5};
  max = clean_value(max);
  if (max <= 0) {
    return t;
  }
  double step0 = max / 5;
  double power = pow(10, floor(log10(step0)));
  double error = step0 / power;
  double factor = error >= sqrt(50.0) ? 10 : error >= sqrt(10.0) ? 5 : error >= sqrt(2.0) ? 2 : 1;
  double step = factor * power;
  if (integer && step < 1) {
    step = 1;
  }
  double count = ceil(max / step - 1e-9);
  if (count < 1) {
    count = 1;
  }
  t.step = step;
  t.count = (int)count;
  t.top = count * step;
  return t;
}

/* A coordinate: one decimal, no "-0", no trailing ".0". */
static int put_num(Buf *b, double v) {
  v = round(v * 10) / 10 + 0.0;
  if (v == floor(v)) {
    return buf_printf(b, "%.0f", v + 0.0);
  }
  return buf_printf(b, "%.1f", v);
}

/* The printed form of a value ("12", "3.5人") into out. */
static void format_value(double v, const SvgOptions *opt, char *out, size_t size) {
  snprintf(out, size, "%.*f%s", opt->decimals, clean_value(v), opt->unit ? opt->unit : "");
}

static void format_tick(double v, double step, char *out, size_t size) {
  int decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
  snprintf(out, size, "%.*f", decimals, v);
}

/* ---- text measuring ------------------------------------------------------------------------ */

/* The display width of one code point in units (invalid bytes: U+FFFD, 1 unit). */
static int cp_width(const char *s, size_t len, int32_t cp) {
  if (cp < 0) {
    return 1;
  }
  int w = utf8_width(s, len);
  return w > 0 ? w : 0;
}

static double text_units(const char *s) {
  if (!s) {
    return 0;
  }
  size_t n = strlen(s);
  double units = 0;
  for (size_t i = 0; i < n;) {
    size_t len;
    int32_t cp = utf8_decode(s + i, n - i, &len);
    units += cp_width(s + i, len, cp);
    i += len;
  }
  return units;
}

static double text_px(const char *s, double font_size) {
  return text_units(s) * UNIT_EM * font_size;
}

/* Appends s, escaped, shortened with "…" to at most max_px wide at font_size. */
static int put_fitted(Buf *b, const char *s, double max_px, double font_size) {
  if (!s) {
    return 0;
  }
  double max_units = max_px / (UNIT_EM * font_size) + 1e-6;
  if (text_units(s) <= max_units) {
    return svg_escape(b, s);
  }
  size_t n = strlen(s);
  double units = 0;
  size_t keep = 0;
  for (size_t i = 0; i < n;) {
    size_t len;
    int32_t cp = utf8_decode(s + i, n - i, &len);
    units += cp_width(s + i, len, cp);
    if (units > max_units - 1) { /* room for the ellipsis (1 unit) */
      break;
    }
    i += len;
    keep = i;
  }
  char *prefix = malloc(keep + 1);
  if (!prefix) {
    abort();
  }
  memcpy(prefix, s, keep);
  prefix[keep] = '\0';
  int rc = svg_escape(b, prefix);
  free(prefix);
  return rc | buf_puts(b, "…");
}

/* ---- common frame -------------------------------------------------------------------------- */

typedef struct Chart {
  Buf *out;
  SvgOptions opt;
  double width;
  double height;
  double top; /* y where the plot starts (below the title) */
  int rc;
} Chart;

static void chart_options(Chart *c, Buf *out, const SvgOptions *opt) {
  memset(c, 0, sizeof *c);
  c->out = out;
  if (opt) {
    c->opt = *opt;
  }
  if (c->opt.width == 0) {
    c->opt.width = DEFAULT_WIDTH;
  }
  c->opt.width = c->opt.width < 320 ? 320 : c->opt.width > 1600 ? 1600 : c->opt.width;
  c->opt.decimals = c->opt.decimals < 0 ? 0 : c->opt.decimals > 3 ? 3 : c->opt.decimals;
  if (!c->opt.palette || c->opt.n_palette == 0) {
    c->opt.palette = svg_palette;
    c->opt.n_palette = svg_palette_n;
  }
  c->width = c->opt.width;
}

static void put(Chart *c, const char *s) { c->rc |= buf_puts(c->out, s); }
static void put_x(Chart *c, double v) { c->rc |= put_num(c->out, v); }
static void put_text(Chart *c, const char *s) { c->rc |= svg_escape(c->out, s); }

/* The generated description: "标签：值；标签：值". */
static void put_desc(Chart *c, const SvgSeries *items, size_t n) {
  if (c->opt.desc) {
    put_text(c, c->opt.desc);
    return;
  }
  if (n == 0) {
    put_text(c, EMPTY_TEXT);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    char value[64];
    format_value(items[i].value, &c->opt, value, sizeof value);
    put(c, i ? "；" : "");
    put_text(c, items[i].label);
    put(c, "：");
    put_text(c, value);
  }
}

/* The height taken by the heading (and the top margin). */
static double title_room(const char *title) { return title && title[0] ? 44 : 12; }

/* Opens the <svg> element with its title, description and heading; sets c->top. */
static void chart_begin(Chart *c, const char *title, const SvgSeries *items, size_t n,
                        double height) {
  c->height = height;
  put(c, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ");
  put_x(c, c->width);
  put(c, " ");
  put_x(c, c->height);
  put(c, "\" role=\"img\" font-family=\"" FONT_FAMILY "\" font-size=\"14\" fill=\"" TEXT_COLOR
         "\"><title>");
  put_text(c, title && title[0] ? title : "图表");
  put(c, "</title><desc>");
  put_desc(c, items, n);
  put(c, "</desc>");
  c->top = title_room(title);
  if (title && title[0]) {
    put(c, "<text x=\"");
    put_x(c, c->width / 2);
    put(c, "\" y=\"26\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">");
    c->rc |= put_fitted(c->out, title, c->width - 24, TITLE_SIZE);
    put(c, "</text>");
  }
}

static int chart_end(Chart *c, size_t start) {
  put(c, "</svg>");
  if (c->rc != 0) {
    buf_truncate(c->out, start);
    return -1;
  }
  return 0;
}

/* Text at (x, y) with an anchor (start, middle, end), optional size and fill. */
static void text_open(Chart *c, double x, double y, const char *anchor, double size,
                      const char *fill) {
  put(c, "<text x=\"");
  put_x(c, x);
  put(c, "\" y=\"");
  put_x(c, y);
  put(c, "\"");
  if (anchor) {
    put(c, " text-anchor=\"");
    put(c, anchor);
    put(c, "\"");
  }
  if (size != FONT_SIZE) {
    put(c, " font-size=\"");
    put_x(c, size);
    put(c, "\"");
  }
  if (fill) {
    put(c, " fill=\"");
    put_text(c, fill);
    put(c, "\"");
  }
  put(c, ">");
}

static void rect(Chart *c, double x, double y, double w, double h, const char *fill) {
  put(c, "<rect x=\"");
  put_x(c, x);
  put(c, "\" y=\"");
  put_x(c, y);
  put(c, "\" width=\"");
  put_x(c, w < 0 ? 0 : w);
  put(c, "\" height=\"");
  put_x(c, h < 0 ? 0 : h);
  put(c, "\" fill=\"");
  put_text(c, fill);
  put(c, "\"/>");
}

static void line(Chart *c, double x1, double y1, double x2, double y2, const char *stroke) {
  put(c, "<line x1=\"");
  put_x(c, x1);
  put(c, "\" y1=\"");
  put_x(c, y1);
  put(c, "\" x2=\"");
  put_x(c, x2);
  put(c, "\" y2=\"");
  put_x(c, y2);
  put(c, "\" stroke=\"");
  put(c, stroke);
  put(c, "\" stroke-width=\"1\"/>");
}

/* The "无数据" chart. */
static int empty_chart(Chart *c, const char *title, size_t start) {
  chart_begin(c, title, NULL, 0, 200);
  text_open(c, c->width / 2, c->top + (200 - c->top) / 2, "middle", FONT_SIZE, MUTED_COLOR);
  put_text(c, EMPTY_TEXT);
  put(c, "</text>");
  return chart_end(c, start);
}

static const char *item_color(const Chart *c, const SvgSeries *item, size_t i) {
  if (item->color && item->color[0]) {
    return item->color;
  }
  return c->opt.palette[i % c->opt.n_palette];
}

static double max_value(const SvgSeries *items, size_t n) {
  double max = 0;
  for (size_t i = 0; i < n; i++) {
    double v = clean_value(items[i].value);
    max = v > max ? v : max;
  }
  return max;
}

/* Baseline offset that centres text of the given size vertically on y. */
static double mid(double y, double size) { return y + size * 0.35; }

/* ---- horizontal bar chart ------------------------------------------------------------------ */

#define BAR_ROW 32.0
#define BAR_THICK 20.0

int svg_bar_chart(Buf *out, const char *title, const SvgSeries *items, size_t n,
                  const SvgOptions *opt) {
  Chart c;
  chart_options(&c, out, opt);
  size_t start = out->len;
  if (n == 0 || !items) {
    return empty_chart(&c, title, start);
  }
  SvgTicks t = svg_ticks(max_value(items, n), c.opt.decimals == 0);

  double label_w = 0;
  double value_w = 0;
  for (size_t i = 0; i < n; i++) {
    char value[64];
    format_value(items[i].value, &c.opt, value, sizeof value);
    double lw = text_px(items[i].label, FONT_SIZE);
    double vw = text_px(value, SMALL_SIZE);
    label_w = lw > label_w ? lw : label_w;
    value_w = vw > value_w ? vw : value_w;
  }
  char top_label[64];
  format_tick(t.top, t.step, top_label, sizeof top_label);
  double half_tick = text_px(top_label, SMALL_SIZE) / 2;
  label_w = label_w > c.width * 0.35 ? c.width * 0.35 : label_w;
  double left = 12 + label_w + 8;
  double right = 8 + (value_w > half_tick ? value_w : half_tick) + 8;
  double plot_w = c.width - left - right;

  chart_begin(&c, title, items, n, title_room(title) + (double)n * BAR_ROW + 36);
  double y0 = c.top;
  double axis_y = y0 + (double)n * BAR_ROW;

  /* grid lines and tick labels */
  for (int k = 0; k <= t.count; k++) {
    double x = left + plot_w * k / t.count;
    line(&c, x, y0, x, axis_y, k == 0 ? AXIS_COLOR : GRID_COLOR);
    char tick[64];
    format_tick(t.step * k, t.step, tick, sizeof tick);
    text_open(&c, x, axis_y + 18, "middle", SMALL_SIZE, MUTED_COLOR);
    put_text(&c, tick);
    put(&c, "</text>");
  }
  line(&c, left, axis_y, left + plot_w, axis_y, AXIS_COLOR);

  for (size_t i = 0; i < n; i++) {
    double cy = y0 + BAR_ROW * ((double)i + 0.5);
    double v = clean_value(items[i].value);
    double w = plot_w * v / t.top;
    put(&c, "<g>");
    text_open(&c, left - 8, mid(cy, FONT_SIZE), "end", FONT_SIZE, NULL);
    c.rc |= put_fitted(out, items[i].label, label_w, FONT_SIZE);
    put(&c, "</text>");
    rect(&c, left, cy - BAR_THICK / 2, w, BAR_THICK, item_color(&c, &items[i], 0));
    char value[64];
    format_value(items[i].value, &c.opt, value, sizeof value);
    text_open(&c, left + w + 6, mid(cy, SMALL_SIZE), NULL, SMALL_SIZE, NULL);
    put_text(&c, value);
    put(&c, "</text></g>");
  }
  return chart_end(&c, start);
}

/* ---- vertical column chart ----------------------------------------------------------------- */

int svg_column_chart(Buf *out, const char *title, const SvgSeries *items, size_t n,
                     const SvgOptions *opt) {
  Chart c;
  chart_options(&c, out, opt);
  size_t start = out->len;
  if (n == 0 || !items) {
    return empty_chart(&c, title, start);
  }
  SvgTicks t = svg_ticks(max_value(items, n), c.opt.decimals == 0);
  chart_begin(&c, title, items, n, round(c.width * 9 / 16));

  char top_label[64];
  format_tick(t.top, t.step, top_label, sizeof top_label);
  double left = 12 + text_px(top_label, SMALL_SIZE) + 8;
  double right = 12;
  double plot_w = c.width - left - right;
  double plot_top = c.top + 18; /* room for the value above the tallest column */
  double axis_y = c.height - 32;
  double plot_h = axis_y - plot_top;
  double slot = plot_w / (double)n;
  double col_w = slot * 0.6 > 64 ? 64 : slot * 0.6;

  for (int k = 0; k <= t.count; k++) {
    double y = axis_y - plot_h * k / t.count;
    if (k > 0) {
      line(&c, left, y, left + plot_w, y, GRID_COLOR);
    }
    char tick[64];
    format_tick(t.step * k, t.step, tick, sizeof tick);
    text_open(&c, left - 6, mid(y, SMALL_SIZE), "end", SMALL_SIZE, MUTED_COLOR);
    put_text(&c, tick);
    put(&c, "</text>");
  }
  line(&c, left, plot_top, left, axis_y, AXIS_COLOR);
  line(&c, left, axis_y, left + plot_w, axis_y, AXIS_COLOR);

  for (size_t i = 0; i < n; i++) {
    double cx = left + slot * ((double)i + 0.5);
    double v = clean_value(items[i].value);
    double h = plot_h * v / t.top;
    put(&c, "<g>");
    rect(&c, cx - col_w / 2, axis_y - h, col_w, h, item_color(&c, &items[i], 0));
    char value[64];
    format_value(items[i].value, &c.opt, value, sizeof value);
    text_open(&c, cx, axis_y - h - 5, "middle", SMALL_SIZE, NULL);
    put_text(&c, value);
    put(&c, "</text>");
    text_open(&c, cx, axis_y + 20, "middle", FONT_SIZE, NULL);
    c.rc |= put_fitted(out, items[i].label, slot - 4, FONT_SIZE);
    put(&c, "</text></g>");
  }
  return chart_end(&c, start);
}

/* ---- stacked 100 % bar --------------------------------------------------------------------- */

#define STACK_THICK 36.0
#define LEGEND_ROW 24.0
#define SWATCH 12.0

/* Whole percentages of values[i]/total adding up to 100 (largest remainder; ties to the
 * earlier item). total must be > 0. */
static void shares(const SvgSeries *items, size_t n, double total, int *pct) {
  double *rest = malloc(n * sizeof *rest);
  if (!rest) {
    abort();
  }
  int sum = 0;
  for (size_t i = 0; i < n; i++) {
    double exact = clean_value(items[i].value) * 100 / total;
    pct[i] = (int)floor(exact);
    rest[i] = exact - pct[i];
    sum += pct[i];
  }
  while (sum < 100) {
    size_t best = 0;
    for (size_t i = 1; i < n; i++) {
      if (rest[i] > rest[best]) {
        best = i;
      }
    }
    pct[best]++;
    rest[best] = -1;
    sum++;
  }
  free(rest);
}

/* The legend text of item i: "label 12人（34%）" without the label. */
static void legend_suffix(const Chart *c, const SvgSeries *item, int pct, char *out, size_t size) {
  char value[64];
  format_value(item->value, &c->opt, value, sizeof value);
  snprintf(out, size, " %s（%d%%）", value, pct);
}

int svg_stacked_bar(Buf *out, const char *title, const SvgSeries *items, size_t n,
                    const SvgOptions *opt) {
  Chart c;
  chart_options(&c, out, opt);
  size_t start = out->len;
  double total = 0;
  for (size_t i = 0; items && i < n; i++) {
    total += clean_value(items[i].value);
  }
  if (n == 0 || !items || total <= 0) {
    return empty_chart(&c, title, start);
  }
  int *pct = malloc(n * sizeof *pct);
  if (!pct) {
    abort();
  }
  shares(items, n, total, pct);

  /* legend layout: entries flow left to right, wrapping to new rows */
  double inner = c.width - 32;
  double max_entry = inner;
  size_t rows = 1;
  double x = 0;
  for (size_t i = 0; i < n; i++) {
    char suffix[96];
    legend_suffix(&c, &items[i], pct[i], suffix, sizeof suffix);
    double w = SWATCH + 6 + text_px(items[i].label, FONT_SIZE) + text_px(suffix, FONT_SIZE) + 20;
    w = w > max_entry ? max_entry : w;
    if (x > 0 && x + w > inner) {
      rows++;
      x = 0;
    }
    x += w;
  }
  double height = title_room(title) + STACK_THICK + 20 + (double)rows * LEGEND_ROW + 8;
  chart_begin(&c, title, items, n, height);

  double bar_y = c.top;
  double acc = 0;
  for (size_t i = 0; i < n; i++) {
    double v = clean_value(items[i].value);
    double x0 = 16 + inner * acc / total;
    acc += v;
    double x1 = 16 + inner * acc / total;
    if (v <= 0) {
      continue;
    }
    put(&c, "<g>");
    rect(&c, x0, bar_y, x1 - x0, STACK_THICK, item_color(&c, &items[i], i));
    char share[16];
    snprintf(share, sizeof share, "%d%%", pct[i]);
    if (x1 - x0 >= text_px(share, SMALL_SIZE) + 8) {
      text_open(&c, (x0 + x1) / 2, mid(bar_y + STACK_THICK / 2, SMALL_SIZE), "middle", SMALL_SIZE,
                "#FFFFFF");
      put_text(&c, share);
      put(&c, "</text>");
    }
    put(&c, "</g>");
  }

  double ly = bar_y + STACK_THICK + 20;
  x = 0;
  for (size_t i = 0; i < n; i++) {
    char suffix[96];
    legend_suffix(&c, &items[i], pct[i], suffix, sizeof suffix);
    double suffix_w = text_px(suffix, FONT_SIZE);
    double w = SWATCH + 6 + text_px(items[i].label, FONT_SIZE) + suffix_w + 20;
    w = w > max_entry ? max_entry : w;
    if (x > 0 && x + w > inner) {
      ly += LEGEND_ROW;
      x = 0;
    }
    double ex = 16 + x;
    put(&c, "<g>");
    rect(&c, ex, ly - SWATCH / 2, SWATCH, SWATCH, item_color(&c, &items[i], i));
    text_open(&c, ex + SWATCH + 6, mid(ly, FONT_SIZE), NULL, FONT_SIZE, NULL);
    double label_room = w - 20 - SWATCH - 6 - suffix_w;
    c.rc |= put_fitted(out, items[i].label, label_room > 0 ? label_room : 0, FONT_SIZE);
    put_text(&c, suffix);
    put(&c, "</text></g>");
    x += w;
  }
  free(pct);
  return chart_end(&c, start);
}
