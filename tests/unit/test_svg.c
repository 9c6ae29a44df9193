/*
 * Unit tests of src/io/svg.c: escaping, ticks, and the three charts. Every chart produced here
 * is parsed with expat, which also checks that only the expected elements and attributes appear
 * (no scripts, no event handlers, no links, no style).
 */
#include <criterion/criterion.h>
#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "io/svg.h"

#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- XML checking ---------------------------------------------------------------------- */

typedef struct Parsed {
  Buf text; /* all character data, decoded */
  int elements;
  int depth;
  bool root_svg;
  bool bad; /* unexpected element or attribute */
  char why[128];
} Parsed;

static bool in_list(const char *const *list, const char *s) {
  for (; *list; list++) {
    if (strcmp(*list, s) == 0) {
      return true;
    }
  }
  return false;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs) {
  static const char *const elements[] = {"svg", "title", "desc", "g", "rect", "line", "text", NULL};
  static const char *const attributes[] = {
      "xmlns", "class", "viewBox", "role",         "font-family", "font-size", "font-weight",
      "fill",  "x",     "y",       "width",        "height",      "x1",        "y1",
      "x2",    "y2",    "stroke",  "stroke-width", "text-anchor", NULL};
  Parsed *p = ud;
  if (p->elements == 0) {
    p->root_svg = strcmp(name, "svg") == 0;
  }
  p->elements++;
  p->depth++;
  if (!in_list(elements, name)) {
    p->bad = true;
    snprintf(p->why, sizeof p->why, "element %s", name);
  }
  for (size_t i = 0; attrs[i]; i += 2) {
    if (!in_list(attributes, attrs[i])) {
      p->bad = true;
      snprintf(p->why, sizeof p->why, "attribute %s", attrs[i]);
    }
    /* numeric attributes must be finite numbers */
    if (strchr("xywh", attrs[i][0]) && strcmp(attrs[i], "xmlns") != 0) {
      char *end;
      double v = strtod(attrs[i + 1], &end);
      if (*end != '\0' || !isfinite(v)) {
        p->bad = true;
        snprintf(p->why, sizeof p->why, "%s=\"%s\"", attrs[i], attrs[i + 1]);
      }
    }
  }
}

static void XMLCALL on_end(void *ud, const XML_Char *name) {
  (void)name;
  Parsed *p = ud;
  p->depth--;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len) {
  Parsed *p = ud;
  buf_append(&p->text, s, (size_t)len);
}

/* Parses the chart in b; fails the test unless it is well-formed and clean. The caller frees
 * p->text. */
static void parse_svg(const Buf *b, Parsed *p, const char *what) {
  memset(p, 0, sizeof *p);
  XML_Parser parser = XML_ParserCreate("UTF-8");
  cr_assert_not_null(parser);
  XML_SetUserData(parser, p);
  XML_SetElementHandler(parser, on_start, on_end);
  XML_SetCharacterDataHandler(parser, on_text);
  enum XML_Status st = XML_Parse(parser, buf_cstr(b), (int)b->len, 1);
  cr_expect_eq(st, XML_STATUS_OK, "%s: XML error %s at line %lu col %lu in:\n%s", what,
               XML_ErrorString(XML_GetErrorCode(parser)),
               (unsigned long)XML_GetCurrentLineNumber(parser),
               (unsigned long)XML_GetCurrentColumnNumber(parser), buf_cstr(b));
  XML_ParserFree(parser);
  cr_expect(p->root_svg, "%s: root is <svg>", what);
  cr_expect(!p->bad, "%s: %s", what, p->why);
  const char *s = buf_cstr(b);
  cr_expect(strstr(s, "role=\"img\"") != NULL, "%s: role", what);
  cr_expect(strstr(s, "<title>") != NULL && strstr(s, "<desc>") != NULL, "%s: title/desc", what);
  cr_expect(strstr(s, "viewBox=\"0 0 ") != NULL, "%s: viewBox", what);
  cr_expect(strstr(s, "nan") == NULL && strstr(s, "inf") == NULL, "%s: numbers", what);
}

typedef int (*ChartFn)(Buf *, const char *, const SvgSeries *, size_t, const SvgOptions *);

static const struct {
  const char *name;
  ChartFn fn;
} charts[] = {
    {"bar", svg_bar_chart},
    {"column", svg_column_chart},
    {"stacked", svg_stacked_bar},
};

/* ---- escaping -------------------------------------------------------------------------- */

Test(svg, escape) {
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
      {"", ""},
      {"plain", "plain"},
      {"a & b", "a &amp; b"},
      {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
      {"\"double\" 'single'", "&quot;double&quot; &#39;single&#39;"},
      {"&amp;", "&amp;amp;"},
      {"党员≤30岁", "党员≤30岁"},
      {"tab\there\nline\rcr", "tab here line cr"},
      {"bell\x07nul\x1f", "bellnul"},
      {"del\x7f", "del"},
      {"c1\xc2\x85", "c1"},
      {"bad\xff"
       "byte",
       "bad\xef\xbf\xbd"
       "byte"},
      {"trunc\xe4\xb8", "trunc\xef\xbf\xbd\xef\xbf\xbd"},
      {"nonchar\xef\xbf\xbe\xef\xbf\xbf", "nonchar"},
      {"surrogate\xed\xa0\x80", "surrogate\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
      {"emoji😀", "emoji😀"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    Buf b = BUF_INIT;
    cr_expect_eq(svg_escape(&b, cases[i].in), 0);
    cr_expect_str_eq(buf_cstr(&b), cases[i].out, "case %zu", i);
    buf_free(&b);
  }
  Buf b = BUF_INIT;
  cr_expect_eq(svg_escape(&b, NULL), 0);
  cr_expect_eq(b.len, 0);
  buf_set_cap(&b, 4);
  cr_expect_eq(svg_escape(&b, "<<<<"), -1);
  buf_free(&b);
}

/* ---- ticks ----------------------------------------------------------------------------- */

Test(svg, ticks) {
  static const struct {
    double max;
    bool integer;
    double step, top;
    int count;
  } cases[] = {
      {0, true, 1, 5, 5},
      {-3, true, 1, 5, 5},
      {NAN, true, 1, 5, 5},
      {INFINITY, true, 1, 5, 5}, /* non-finite counts as 0 */
      {1, true, 1, 1, 1},
      {3, true, 1, 3, 3},
      {7, true, 1, 7, 7},
      {10, true, 2, 10, 5},
      {11, true, 2, 12, 6},
      {37, true, 10, 40, 4},
      {50, true, 10, 50, 5},
      {100, true, 20, 100, 5},
      {101, true, 20, 120, 6},
      {1234, true, 200, 1400, 7},
      {100000, true, 20000, 100000, 5},
      {0.37, false, 0.1, 0.4, 4},
      {0.37, true, 1, 1, 1},
      {2.5, false, 0.5, 2.5, 5},
      {1e300, true, 2e14, 1e15, 5}, /* clamped to SVG_VALUE_MAX */
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    SvgTicks t = svg_ticks(cases[i].max, cases[i].integer);
    cr_expect(fabs(t.step - cases[i].step) < 1e-9 * cases[i].step, "case %zu step %g", i, t.step);
    cr_expect(fabs(t.top - cases[i].top) < 1e-9 * cases[i].top, "case %zu top %g", i, t.top);
    cr_expect_eq(t.count, cases[i].count, "case %zu", i);
    cr_expect(t.count >= 1 && t.count <= 10, "case %zu count in range", i);
    double max = isfinite(cases[i].max) ? cases[i].max : 0;
    cr_expect(t.top >= fmin(max, SVG_VALUE_MAX), "case %zu top covers max", i);
  }
}

/* ---- charts ---------------------------------------------------------------------------- */

static const SvgSeries age_bands[] = {
    {"≤30", 12, NULL},   {"31–35", 9, NULL},  {"36–40", 15, NULL}, {"41–45", 20, NULL},
    {"46–50", 22, NULL}, {"51–55", 18, NULL}, {"56–60", 25, NULL}, {"≥61", 37, NULL},
};

Test(svg, charts_parse) {
  static const char long_label[] =
      "一个非常非常长的标签名称用于测试截断功能是否正常工作并且不会破坏多字节字符的完整性";
  const SvgSeries hostile[] = {
      {"<script>alert('x')</script>", 3, NULL},
      {"\" onload=\"alert(1)", 5, NULL},
      {"a & b < c > d ' e", 7, NULL},
      {"bad\xff\xfeutf8", 1, NULL},
      {"ctl\x01\x02\x1b", 2, NULL},
      {long_label, 4, NULL},
      {NULL, 6, NULL},
      {"", 0, NULL},
      {"色", 2, "#1E7D32\" onclick=\"x"},
  };
  const SvgSeries zeros[] = {{"甲", 0, NULL}, {"乙", 0, NULL}};
  const SvgSeries weird[] = {
      {"负数", -5, NULL},  {"NaN", NAN, NULL}, {"无穷", INFINITY, NULL},
      {"大", 1e300, NULL}, {"正常", 3, NULL},
  };
  const SvgSeries big[] = {{"甲", 1234567890, NULL}, {"乙", 987654321, NULL}};
  const SvgSeries one[] = {{"全部", 1, NULL}};
  SvgSeries many[60];
  char names[60][16];
  for (size_t i = 0; i < N_ELEMS(many); i++) {
    snprintf(names[i], sizeof names[i], "第%zu支部", i + 1);
    many[i].label = names[i];
    many[i].value = (double)(i * 7 % 23);
    many[i].color = NULL;
  }
  const char *const my_palette[] = {SVG_STATUS_GREEN, SVG_STATUS_AMBER, SVG_STATUS_RED};
  const SvgOptions with_unit = {.unit = "人"};
  const SvgOptions decimals = {.decimals = 2, .unit = "<%>", .desc = "描述 & <desc>"};
  const SvgOptions narrow = {.width = 10, .palette = my_palette, .n_palette = 3};
  const SvgOptions wide = {.width = 100000, .decimals = 99};
  const struct {
    const char *title;
    const SvgSeries *items;
    size_t n;
    const SvgOptions *opt;
  } inputs[] = {
      {"党员年龄结构", age_bands, N_ELEMS(age_bands), &with_unit},
      {NULL, age_bands, N_ELEMS(age_bands), NULL},
      {"", age_bands, 3, &narrow},
      {"<title> & \"quotes\" 'single'", hostile, N_ELEMS(hostile), &decimals},
      {"全零", zeros, N_ELEMS(zeros), NULL},
      {"异常值", weird, N_ELEMS(weird), &wide},
      {"大数", big, N_ELEMS(big), &with_unit},
      {"一项", one, 1, NULL},
      {"六十个支部", many, N_ELEMS(many), NULL},
      {"空", NULL, 0, NULL},
      {long_label, age_bands, 2, &narrow},
  };
  for (size_t k = 0; k < N_ELEMS(charts); k++) {
    for (size_t i = 0; i < N_ELEMS(inputs); i++) {
      Buf b = BUF_INIT;
      char what[64];
      snprintf(what, sizeof what, "%s input %zu", charts[k].name, i);
      cr_expect_eq(charts[k].fn(&b, inputs[i].title, inputs[i].items, inputs[i].n, inputs[i].opt),
                   0, "%s", what);
      Parsed p;
      parse_svg(&b, &p, what);
      const char *s = buf_cstr(&b);
      cr_expect(strstr(s, "<script") == NULL, "%s: raw <script", what);
      cr_expect(strstr(s, "\" onload") == NULL && strstr(s, "\" onclick") == NULL,
                "%s: event handler", what);
      cr_expect(strstr(s, "'x')") == NULL, "%s: raw quote", what);
      buf_free(&p.text);
      buf_free(&b);
    }
  }
}

Test(svg, text_round_trips) {
  /* what the reader sees (expat's decoded text) is exactly the label */
  const SvgSeries items[] = {{"<script>", 3, NULL}, {"a&b \"c\" 'd'", 2, NULL}};
  for (size_t k = 0; k < N_ELEMS(charts); k++) {
    Buf b = BUF_INIT;
    cr_assert_eq(charts[k].fn(&b, "标题<&>", items, 2, NULL), 0);
    cr_expect(strstr(buf_cstr(&b), "<script>") == NULL, "%s", charts[k].name);
    cr_expect(strstr(buf_cstr(&b), "&lt;script&gt;") != NULL, "%s", charts[k].name);
    Parsed p;
    parse_svg(&b, &p, charts[k].name);
    const char *text = buf_cstr(&p.text);
    cr_expect(strstr(text, "<script>") != NULL, "%s: decoded label", charts[k].name);
    cr_expect(strstr(text, "a&b \"c\" 'd'") != NULL, "%s: decoded label", charts[k].name);
    cr_expect(strstr(text, "标题<&>") != NULL, "%s: decoded title", charts[k].name);
    buf_free(&p.text);
    buf_free(&b);
  }
}

Test(svg, empty_data) {
  const SvgSeries zeros[] = {{"甲", 0, NULL}, {"乙", 0, NULL}};
  for (size_t k = 0; k < N_ELEMS(charts); k++) {
    Buf b = BUF_INIT;
    cr_expect_eq(charts[k].fn(&b, "标题", NULL, 0, NULL), 0);
    cr_expect(strstr(buf_cstr(&b), "无数据") != NULL, "%s", charts[k].name);
    cr_expect(strstr(buf_cstr(&b), "<title>标题</title>") != NULL, "%s", charts[k].name);
    buf_free(&b);
  }
  /* a stacked bar of nothing but zeros has no shares to show */
  Buf b = BUF_INIT;
  cr_expect_eq(svg_stacked_bar(&b, NULL, zeros, 2, NULL), 0);
  cr_expect(strstr(buf_cstr(&b), "无数据") != NULL);
  cr_expect(strstr(buf_cstr(&b), "<title>图表</title>") != NULL);
  buf_free(&b);
  /* the bar charts draw zeros as zero-length bars with "0" */
  cr_expect_eq(svg_bar_chart(&b, NULL, zeros, 2, NULL), 0);
  cr_expect(strstr(buf_cstr(&b), "无数据") == NULL);
  cr_expect(strstr(buf_cstr(&b), "width=\"0\"") != NULL);
  buf_free(&b);
}

Test(svg, values_and_units) {
  const SvgSeries items[] = {
      {"正式党员", 40, NULL}, {"预备党员", 3, NULL}, {"发展对象", 1.5, NULL}};
  const SvgOptions opt = {.unit = "人"};
  Buf b = BUF_INIT;
  cr_assert_eq(svg_bar_chart(&b, "构成", items, 3, &opt), 0);
  const char *s = buf_cstr(&b);
  cr_expect(strstr(s, ">40人</text>") != NULL);
  cr_expect(strstr(s, ">2人</text>") != NULL); /* 1.5 printed with 0 decimals rounds to even */
  cr_expect(strstr(s, "fill=\"" SVG_PARTY_RED "\"") != NULL);
  cr_expect(strstr(s, "<desc>正式党员：40人；预备党员：3人；发展对象：2人</desc>") != NULL, "%s",
            s);
  cr_expect(strstr(s, "Noto Sans CJK SC") != NULL);
  buf_free(&b);

  const SvgOptions two = {.decimals = 1};
  cr_assert_eq(svg_column_chart(&b, NULL, items, 3, &two), 0);
  cr_expect(strstr(buf_cstr(&b), ">1.5</text>") != NULL);
  buf_free(&b);
}

Test(svg, stacked_shares) {
  const SvgSeries thirds[] = {
      {"正常", 1, SVG_STATUS_GREEN}, {"临期", 1, SVG_STATUS_AMBER}, {"逾期", 1, SVG_STATUS_RED}};
  Buf b = BUF_INIT;
  cr_assert_eq(svg_stacked_bar(&b, "状态", thirds, 3, NULL), 0);
  const char *s = buf_cstr(&b);
  cr_expect(strstr(s, "正常 1（34%）") != NULL, "%s", s);
  cr_expect(strstr(s, "临期 1（33%）") != NULL);
  cr_expect(strstr(s, "逾期 1（33%）") != NULL);
  cr_expect(strstr(s, SVG_STATUS_GREEN) && strstr(s, SVG_STATUS_AMBER) &&
            strstr(s, SVG_STATUS_RED));
  buf_free(&b);

  const SvgSeries skewed[] = {{"甲", 995, NULL}, {"乙", 4, NULL}, {"丙", 1, NULL}, {"丁", 0, NULL}};
  cr_assert_eq(svg_stacked_bar(&b, NULL, skewed, 4, NULL), 0);
  s = buf_cstr(&b);
  /* largest remainder: 99.5 → 100, 0.4 → 0, 0.1 → 0 */
  cr_expect(strstr(s, "甲 995（100%）") != NULL, "%s", s);
  cr_expect(strstr(s, "乙 4（0%）") != NULL);
  cr_expect(strstr(s, "丙 1（0%）") != NULL);
  cr_expect(strstr(s, "丁 0（0%）") != NULL);
  cr_expect(strstr(s, SVG_PARTY_RED) != NULL, "palette starts with party red");
  buf_free(&b);
}

Test(svg, column_chart_aspect) {
  Buf b = BUF_INIT;
  cr_assert_eq(svg_column_chart(&b, "年龄", age_bands, N_ELEMS(age_bands), NULL), 0);
  cr_expect(strstr(buf_cstr(&b), "viewBox=\"0 0 640 360\"") != NULL);
  buf_free(&b);
  const SvgOptions opt = {.width = 800};
  cr_assert_eq(svg_column_chart(&b, "年龄", age_bands, N_ELEMS(age_bands), &opt), 0);
  cr_expect(strstr(buf_cstr(&b), "viewBox=\"0 0 800 450\"") != NULL);
  buf_free(&b);
}

Test(svg, appends_and_respects_cap) {
  Buf b = BUF_INIT;
  buf_puts(&b, "<div>");
  cr_assert_eq(svg_bar_chart(&b, "x", age_bands, 2, NULL), 0);
  cr_expect(strncmp(buf_cstr(&b), "<div><svg ", 10) == 0);
  buf_free(&b);
  for (size_t k = 0; k < N_ELEMS(charts); k++) {
    Buf small = BUF_INIT;
    buf_set_cap(&small, 300);
    buf_puts(&small, "prefix");
    cr_expect_eq(charts[k].fn(&small, "标题", age_bands, N_ELEMS(age_bands), NULL), -1, "%s",
                 charts[k].name);
    cr_expect_str_eq(buf_cstr(&small), "prefix", "%s: truncated back", charts[k].name);
    buf_free(&small);
  }
}
