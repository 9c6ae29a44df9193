/*
 * The 三会一课 compliance pages (落实情况). See compliance_pages.h. The store
 * (meeting_compliance_scan) gives every branch of the subtree and, from one pass over the
 * subtree's records of the year, the meetings each held grouped by kind; the rules (meeting.h)
 * evaluate each branch, score it and roll the scores up per town; this file only arranges the
 * results into a view model (templates/compliance_*.mustache or the model itself as JSON).
 */
#include "meeting/compliance_pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/svg.h"
#include "meeting/meeting.h"
#include "meeting/meeting_check.h"
#include "meeting/meeting_store.h"
#include "meeting/meeting_view.h"
#include "meeting/rules_store.h"
#include "org/org.h"
#include "web/view.h"
#include "base/banned.h"

enum { N_TAGS = 4 };

static const char *const tag_codes[N_TAGS] = {"roadside", "remote", "demo_site", "town_seat"};
static const char *const tag_labels[N_TAGS] = {"公路沿线", "偏远", "示范点", "乡镇驻地"};

const RouteParam compliance_params[] = {
    {.name = "org", .kind = P_ID, .label = "党组织"},
    {.name = "year", .kind = P_INT, .label = "年度", .min = 2000, .max = 2100},
    {0},
};

/* ---- helpers ---- */

static unsigned tag_bits(const char *s) {
  unsigned bits = 0;
  for (int j = 0; s && j < N_TAGS; j++) {
    if (strstr(s, tag_codes[j])) {
      bits |= 1u << j;
    }
  }
  return bits;
}

static json_t *tag_list(unsigned bits) {
  json_t *a = json_array();
  for (int j = 0; j < N_TAGS; j++) {
    if (bits & (1u << j)) {
      json_array_append_new(a,
                            json_pack("{s:s, s:s}", "code", tag_codes[j], "label", tag_labels[j]));
    }
  }
  return a;
}

/* Evaluates branch i of the set: every rule that applies to it (meeting_evaluate's order and
 * results), each given only the branch's meetings of its own kind. */
static size_t evaluate_branch(const MeetingComplianceSet *set, size_t i, const MeetingRuleSet *rs,
                              Period p, Date today, MeetingCompliance out[MEETING_KIND_COUNT]) {
  const json_t *row = json_array_get(set->branches, i);
  MeetingOrg o = {.kind = view_str(row, "kind"),
                  .has_committee = view_int(row, "has_committee") != 0,
                  .has_groups = view_int(row, "has_groups") != 0};
  size_t n = 0;
  for (int k = 0; k < MEETING_KIND_COUNT; k++) {
    if (meeting_rule_applies(rs, (MeetingKindId)k, &o)) {
      const size_t *f = &set->first[i * MEETING_KIND_COUNT + (size_t)k];
      meeting_evaluate_rule(&rs->rules[k], p, today, set->held + f[0], f[1] - f[0], &out[n++]);
    }
  }
  return n;
}

static double rate_of(int due, int met) { return due > 0 ? (double)met / due : 1.0; }

static json_t *rate_text(int due, double rate) {
  char s[16];
  if (due == 0) {
    return json_string("—");
  }
  snprintf(s, sizeof s, "%.1f%%", rate * 100.0);
  return json_string(s);
}

static json_t *pct_text(double v) {
  char s[16];
  snprintf(s, sizeof s, "%.1f", v * 100.0);
  return json_string(s);
}

static json_t *org_href(int64_t id, int year) {
  char h[64];
  snprintf(h, sizeof h, "/compliance?org=%lld&year=%d", (long long)id, year);
  return json_string(h);
}

/* One figure: {due, met, rate, rate_class}. */
static json_t *figure(int due, int met) {
  double rate = rate_of(due, met);
  return json_pack("{s:i, s:i, s:o, s:s}", "due", due, "met", met, "rate", rate_text(due, rate),
                   "rate_class", meeting_view_rate_class(due, rate));
}

/* ---- branch calendar ---- */

static json_t *calendar_model(const MeetingComplianceSet *set, const MeetingRuleSet *rs,
                              Period year, Date today, int y) {
  const json_t *row = json_array_get(set->branches, 0);
  MeetingCompliance c[MEETING_KIND_COUNT];
  size_t n = evaluate_branch(set, 0, rs, year, today, c);
  int64_t org_id = view_int(row, "id");
  json_t *rows = json_array();
  json_t *explain = json_array();
  for (int k = 0; k < MEETING_KIND_COUNT; k++) {
    const MeetingCompliance *hit = NULL;
    for (size_t i = 0; i < n; i++) {
      if ((int)c[i].kind == k) {
        hit = &c[i];
      }
    }
    json_t *cells = json_array();
    if (!hit) {
      json_array_append_new(cells, json_pack("{s:i, s:s, s:s, s:n}", "span", 12, "cls", "na",
                                             "label", "不要求", "href"));
    } else {
      for (int s = 0; s < hit->n_sub; s++) {
        const MeetingSubResult *sr = &hit->sub[s];
        char key[PERIOD_KEY_SIZE], plabel[PERIOD_LABEL_SIZE], label[32], href[96];
        date_period_key(sr->period, key);
        date_period_label(sr->period, plabel);
        snprintf(label, sizeof label, "%d/%d", sr->held, sr->required);
        snprintf(href, sizeof href, "/meetings?org=%lld&period=%s", (long long)org_id, key);
        json_array_append_new(cells, json_pack("{s:i, s:s, s:s, s:s, s:s, s:o}", "span",
                                               date_period_months(sr->period.kind), "cls",
                                               meeting_view_status_class(sr->status), "label",
                                               label, "status", meeting_status_label(sr->status),
                                               "period", plabel, "href",
                                               sr->held > 0 ? json_string(href) : json_null()));
      }
      Buf b = BUF_INIT;
      if (meeting_compliance_explain(hit, &b) == 0) {
        json_array_append_new(explain, json_string(buf_cstr(&b)));
      }
      buf_free(&b);
    }
    json_array_append_new(rows, json_pack("{s:s, s:o, s:b}", "label", meeting_kinds[k].label,
                                          "cells", cells, "required", hit != NULL));
  }
  int due = 0, met = 0;
  meeting_branch_score(c, n, &due, &met);
  json_t *months = json_array();
  for (int m = 1; m <= 12; m++) {
    char s[16];
    snprintf(s, sizeof s, "%d月", m);
    json_array_append_new(months, json_string(s));
  }
  char all[64];
  snprintf(all, sizeof all, "/meetings?org=%lld&period=%d", (long long)org_id, y);
  return json_pack("{s:o, s:o, s:o, s:o, s:s, s:o}", "months", months, "rows", rows, "explain",
                   explain, "score", figure(due, met), "records_href", all, "tags",
                   tag_list(tag_bits(view_str(row, "tags"))));
}

/* ---- roll-up ---- */

typedef struct Branch {
  const json_t *row;
  int64_t id;
  const char *path; /* borrowed from row */
  int due, met;
  double rate;
  unsigned tags;
  size_t town; /* index into the towns */
} Branch;

static int branch_cmp(const void *a, const void *b) {
  const Branch *x = a, *y = b;
  bool rx = x->due > 0, ry = y->due > 0;
  if (rx != ry) {
    return rx ? -1 : 1;
  }
  if (x->rate != y->rate) {
    return x->rate < y->rate ? -1 : 1;
  }
  if (x->due != y->due) {
    return x->due > y->due ? -1 : 1;
  }
  return strcmp(x->path, y->path);
}

typedef struct TagSum {
  int n, rated, due, met;
  double best, worst;
} TagSum;

static void tag_add(TagSum *t, const Branch *b) {
  t->n++;
  t->due += b->due;
  t->met += b->met;
  if (b->due > 0) {
    if (t->rated == 0 || b->rate > t->best) {
      t->best = b->rate;
    }
    if (t->rated == 0 || b->rate < t->worst) {
      t->worst = b->rate;
    }
    t->rated++;
  }
}

static json_t *tag_sum_view(const char *label, const TagSum *t) {
  json_t *o = figure(t->due, t->met);
  json_object_set_new(o, "label", json_string(label));
  json_object_set_new(o, "n", json_integer(t->n));
  json_object_set_new(o, "n_rated", json_integer(t->rated));
  json_object_set_new(o, "best", t->rated ? pct_text(t->best) : json_string("—"));
  json_object_set_new(o, "worst", t->rated ? pct_text(t->worst) : json_string("—"));
  json_object_set_new(o, "spread", t->rated ? pct_text(t->best - t->worst) : json_string("—"));
  return o;
}

static const char *name_of(const Branch *b, size_t n, int64_t id) {
  for (size_t i = 0; i < n; i++) {
    if (b[i].id == id) {
      return view_str_or(b[i].row, "short_name", view_str_or(b[i].row, "name", ""));
    }
  }
  return "";
}

static json_t *rollup_model(const MeetingComplianceSet *set, const MeetingRuleSet *rs, Period year,
                            Date today, int y) {
  size_t n = set->n;
  Branch *b = calloc(n ? n : 1, sizeof *b);
  MeetingBranchScore *sc = calloc(n ? n : 1, sizeof *sc);
  MeetingTownRollup *tw = calloc(n ? n : 1, sizeof *tw);
  if (!b || !sc || !tw) {
    abort();
  }
  for (size_t i = 0; i < n; i++) {
    MeetingCompliance c[MEETING_KIND_COUNT];
    b[i].row = json_array_get(set->branches, i);
    b[i].id = view_int(b[i].row, "id");
    b[i].path = view_str_or(b[i].row, "path", "");
    size_t nc = evaluate_branch(set, i, rs, year, today, c);
    meeting_branch_score(c, nc, &b[i].due, &b[i].met);
    b[i].rate = rate_of(b[i].due, b[i].met);
    b[i].tags = tag_bits(view_str(b[i].row, "tags"));
    sc[i].org_id = b[i].id;
    sc[i].town_id = view_int(b[i].row, "town_id");
    sc[i].due = b[i].due;
    sc[i].met = b[i].met;
  }
  size_t nt = meeting_rollup_towns(sc, n, tw, n);
  if (nt > n) {
    nt = n;
  }
  /* Per town and tag sums (town index of each branch). */
  TagSum *tt = calloc((nt ? nt : 1) * N_TAGS, sizeof *tt);
  TagSum all[N_TAGS + 2];
  memset(all, 0, sizeof all);
  if (!tt) {
    abort();
  }
  for (size_t i = 0; i < n; i++) {
    for (size_t t = 0; t < nt; t++) {
      if (tw[t].town_id == sc[i].town_id) {
        b[i].town = t;
        break;
      }
    }
    tag_add(&all[0], &b[i]);
    if (!b[i].tags) {
      tag_add(&all[N_TAGS + 1], &b[i]);
    }
    for (int j = 0; j < N_TAGS; j++) {
      if (b[i].tags & (1u << j)) {
        tag_add(&tt[b[i].town * N_TAGS + (size_t)j], &b[i]);
        tag_add(&all[j + 1], &b[i]);
      }
    }
  }
  /* Towns. */
  json_t *towns = json_array();
  SvgSeries *items = calloc(nt ? nt : 1, sizeof *items);
  if (!items) {
    abort();
  }
  for (size_t t = 0; t < nt; t++) {
    const MeetingTownRollup *r = &tw[t];
    const char *tname = "直属";
    for (size_t i = 0; i < n; i++) {
      if (sc[i].town_id == r->town_id) {
        tname = view_str_or(b[i].row, "town_name", "直属");
        break;
      }
    }
    json_t *o = figure(r->due, r->met);
    json_t *by_tag = json_array();
    for (int j = 0; j < N_TAGS; j++) {
      const TagSum *s = &tt[t * N_TAGS + (size_t)j];
      json_t *f = figure(s->due, s->met);
      json_object_set_new(f, "tag", json_string(tag_labels[j]));
      json_object_set_new(f, "n", json_integer(s->n));
      json_array_append_new(by_tag, f);
    }
    json_object_update_new(
        o, json_pack("{s:s, s:I, s:o, s:i, s:i, s:i, s:o, s:o, s:o, s:s, s:s, s:o}", "name", tname,
                     "town_id", (json_int_t)r->town_id, "href",
                     r->town_id ? org_href(r->town_id, y) : json_null(), "n_branches",
                     r->n_branches, "n_rated", r->n_rated, "n_full", r->n_full, "best",
                     r->n_rated ? pct_text(r->best) : json_string("—"), "worst",
                     r->n_rated ? pct_text(r->worst) : json_string("—"), "spread",
                     r->n_rated ? pct_text(r->spread) : json_string("—"), "best_name",
                     name_of(b, n, r->best_org), "worst_name", name_of(b, n, r->worst_org),
                     "by_tag", by_tag));
    json_array_append_new(towns, o);
    items[t].label = tname;
    items[t].value = r->due > 0 ? r->rate * 100.0 : 0;
    const char *cls = meeting_view_rate_class(r->due, r->rate);
    items[t].color = strcmp(cls, "ok") == 0     ? SVG_STATUS_GREEN
                     : strcmp(cls, "warn") == 0 ? SVG_STATUS_AMBER
                     : strcmp(cls, "bad") == 0  ? SVG_STATUS_RED
                                                : "#999999";
  }
  Buf chart = BUF_INIT;
  SvgOptions opt = {.unit = "%", .decimals = 1};
  json_t *chart_v = nt > 1 && svg_bar_chart(&chart, "各乡镇三会一课落实率", items, nt, &opt) == 0
                        ? json_string(buf_cstr(&chart))
                        : json_null();
  buf_free(&chart);
  free(items);
  /* Tags. */
  json_t *tags = json_array();
  json_array_append_new(tags, tag_sum_view("全部支部", &all[0]));
  for (int j = 0; j < N_TAGS; j++) {
    json_array_append_new(tags, tag_sum_view(tag_labels[j], &all[j + 1]));
  }
  json_array_append_new(tags, tag_sum_view("无标签", &all[N_TAGS + 1]));
  json_t *tag_heads = json_array();
  for (int j = 0; j < N_TAGS; j++) {
    json_array_append_new(tag_heads, json_string(tag_labels[j]));
  }
  /* Branches, worst first. */
  qsort(b, n, sizeof *b, branch_cmp);
  json_t *branches = json_array();
  int n_full = 0, n_rated = 0;
  for (size_t i = 0; i < n; i++) {
    json_t *o = figure(b[i].due, b[i].met);
    n_rated += b[i].due > 0;
    n_full += b[i].due > 0 && b[i].met == b[i].due;
    json_object_update_new(
        o,
        json_pack("{s:I, s:s, s:s, s:o, s:i, s:o}", "id", (json_int_t)b[i].id, "name",
                  view_str_or(b[i].row, "short_name", view_str_or(b[i].row, "name", "")),
                  "town_name", view_str_or(b[i].row, "town_name", "直属"), "href",
                  org_href(b[i].id, y), "short", b[i].due - b[i].met, "tags", tag_list(b[i].tags)));
    json_array_append_new(branches, o);
  }
  json_t *model = json_pack("{s:o, s:o, s:o, s:o, s:o, s:i, s:i, s:i, s:b, s:o}", "towns", towns,
                            "tags", tags, "tag_heads", tag_heads, "branches", branches, "chart",
                            chart_v, "n_branches", (int)n, "n_rated", n_rated, "n_full", n_full,
                            "many_towns", nt > 1, "total", tag_sum_view("合计", &all[0]));
  free(tt);
  free(tw);
  free(sc);
  free(b);
  return model;
}

/* ---- the page ---- */

/* Where the figures lead: the findings behind them, the ledgers, the plans. The period of the
 * findings and the summary is the year's last quarter that is over (or its Q4 for a past
 * year); the ledger is the year's. */
static json_t *links_model(int64_t org_id, int y, Date today, bool branch) {
  Period q = meeting_check_default_period(today);
  if (q.year != y) {
    q = (Period){.kind = PERIOD_QUARTER, .year = y, .index = y < today.y ? 4 : 1};
  }
  char key[PERIOD_KEY_SIZE], label[PERIOD_LABEL_SIZE], s[160];
  meeting_check_period_key(q, key);
  json_t *links = json_array();
  snprintf(s, sizeof s, "/compliance/findings?org=%lld&period=%s", (long long)org_id, key);
  json_array_append_new(links, json_pack("{s:s, s:s+}", "href", s, "label",
                                         date_period_label(q, label), "问题线索"));
  snprintf(s, sizeof s, "/compliance/findings?org=%lld&period=%d", (long long)org_id, y);
  json_array_append_new(links, json_pack("{s:s, s:s}", "href", s, "label", "全年问题线索"));
  if (branch) {
    snprintf(s, sizeof s, "/ledger/meetings?org=%lld&period=%d", (long long)org_id, y);
    json_array_append_new(links, json_pack("{s:s, s:s}", "href", s, "label", "会议记录台账"));
  } else {
    snprintf(s, sizeof s, "/ledger/summary?org=%lld&period=%s", (long long)org_id, key);
    json_array_append_new(links, json_pack("{s:s, s:s}", "href", s, "label", "三会一课汇总表"));
  }
  snprintf(s, sizeof s, "/plans?org=%lld", (long long)org_id);
  json_array_append_new(links, json_pack("{s:s, s:s}", "href", s, "label", "季度计划"));
  return links;
}

int compliance_page(Req *r) {
  Date today = date_today();
  int y = (int)req_param_int(r, "year", today.y);
  int64_t asked = req_param_int(r, "org", 0);
  json_t *org = asked > 0 ? org_get(r->db, &r->scope, asked)
                          : org_get_or_first(r->db, &r->scope, r->user.org_id);
  if (!org) {
    return web_error(r, 404, "组织不存在，或不在您的管辖范围内");
  }
  int64_t org_id = view_int(org, "id");
  Period year = {.kind = PERIOD_YEAR, .year = y, .index = 1};
  char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE], t[DATE_ISO_SIZE];
  date_format_iso(date_period_first_day(year), from);
  date_format_iso(date_add_days(date_period_last_day(year), 1), to);
  date_format_iso(today, t);
  MeetingComplianceSet set;
  if (meeting_compliance_scan(r->db, &r->scope, org_id, from, to, t, &set) != DB_OK) {
    json_decref(org);
    return -1;
  }
  MeetingRuleSet rs;
  if (meeting_rules_load(r->db, &rs) != DB_OK) {
    meeting_compliance_set_free(&set);
    json_decref(org);
    return -1;
  }
  const char *kind = view_str(org, "kind");
  bool branch = meeting_org_is_branch(kind) && set.n > 0 &&
                view_int(json_array_get(set.branches, 0), "id") == org_id;
  json_t *model = json_pack(
      "{s:s, s:{s:I, s:s, s:s}, s:i, s:i, s:i, s:o, s:o, s:s}", "title", "三会一课落实情况", "org",
      "id", (json_int_t)org_id, "name", view_str_or(org, "name", ""), "kind", kind ? kind : "",
      "year", y, "prev_year", y - 1, "next_year", y + 1, "prev_href", org_href(org_id, y - 1),
      "next_href", org_href(org_id, y + 1), "mode", branch ? "branch" : "rollup");
  if (branch) {
    json_object_set_new(model, "calendar", calendar_model(&set, &rs, year, today, y));
  } else {
    json_object_set_new(model, "rollup", rollup_model(&set, &rs, year, today, y));
  }
  char rules[160];
  snprintf(rules, sizeof rules, "规则版本 %s；计入已提交、已审核、退回重填的记录", rs.version);
  json_object_set_new(model, "rules_note", json_string(rules));
  json_object_set_new(model, "links", links_model(org_id, y, today, branch));
  meeting_compliance_set_free(&set);
  json_decref(org);
  return web_render(r, 200, branch ? "compliance_branch" : "compliance_rollup", model);
}
