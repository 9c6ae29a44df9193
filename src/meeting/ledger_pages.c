/*
 * The meeting ledgers (台账). See ledger_pages.h. The store (ledger_store.h) reads the records
 * of a subtree; this file arranges them into the view model that the templates
 * (templates/ledger_*.mustache), the JSON answer and the .xlsx writer (ledger_xlsx.h) all use,
 * so the page, its printout and its download always show the same figures.
 */
#include "meeting/ledger_pages.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "meeting/ledger_store.h"
#include "meeting/ledger_xlsx.h"
#include "meeting/meeting_check.h"
#include "meeting/meeting_store.h"
#include "meeting/meeting_view.h"
#include "meeting/rules_store.h"
#include "org/org.h"
#include "web/view.h"
#include "base/banned.h"

const RouteParam ledger_meetings_params[] = {
    {.name = "org", .kind = P_ID, .label = "党组织"},
    {.name = "period", .kind = P_LINE, .label = "期间", .max = 10},
    {.name = "print", .kind = P_BOOL, .label = "打印版式"},
    {0},
};

const RouteParam ledger_summary_params[] = {
    {.name = "org", .kind = P_ID, .label = "党组织"},
    {.name = "period", .kind = P_LINE, .label = "期间", .max = 10},
    {.name = "print", .kind = P_BOOL, .label = "打印版式"},
    {0},
};

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* ---- helpers ---- */

static const char *str_or_empty(const char *s) { return s ? s : ""; }

static json_t *href(const char *path, int64_t org_id, Period p, const char *extra) {
  char key[PERIOD_KEY_SIZE], h[160];
  snprintf(h, sizeof h, "%s?org=%" PRId64 "&period=%s%s", path, org_id,
           meeting_check_period_key(p, key), extra);
  return json_string(h);
}

/* {key, label} of a period. */
static json_t *period_view(Period p) {
  char key[PERIOD_KEY_SIZE], label[PERIOD_LABEL_SIZE];
  return json_pack("{s:s, s:s}", "key", meeting_check_period_key(p, key), "label",
                   date_period_label(p, label));
}

/* The links every ledger page carries: this page, its print layout and download, the
 * previous and next period, the whole year and its quarters. */
static void nav_links(json_t *model, const char *page, const char *xlsx, int64_t org_id, Period p) {
  json_object_set_new(model, "page_href", href(page, org_id, p, ""));
  json_object_set_new(model, "print_href", href(page, org_id, p, "&print=1"));
  json_object_set_new(model, "xlsx_href", href(xlsx, org_id, p, ""));
  json_object_set_new(model, "prev_href", href(page, org_id, date_period_prev(p), ""));
  json_object_set_new(model, "next_href", href(page, org_id, date_period_next(p), ""));
  json_object_set_new(model, "prev", period_view(date_period_prev(p)));
  json_object_set_new(model, "next", period_view(date_period_next(p)));
  json_t *choices = json_array();
  Period y = {.kind = PERIOD_YEAR, .year = p.year, .index = 1};
  for (int q = 0; q <= 4; q++) {
    Period c = q == 0 ? y : (Period){.kind = PERIOD_QUARTER, .year = p.year, .index = q};
    static const char *const labels[] = {"全年", "第一季度", "第二季度", "第三季度", "第四季度"};
    json_array_append_new(choices,
                          json_pack("{s:s, s:o, s:b}", "label", labels[q], "href",
                                    href(page, org_id, c, ""), "current", date_period_equal(c, p)));
  }
  json_object_set_new(model, "choices", choices);
}

/* The common head of a model: title, org, period, 制表时间. */
static json_t *model_head(const char *title, const json_t *org, Period p, const MeetingRuleSet *rs,
                          int64_t now) {
  char made[MEETING_LOCAL_TIME_SIZE];
  meeting_local_time(rs, now, made);
  return json_pack("{s:s, s:{s:I, s:s, s:s, s:s}, s:o, s:s}", "title", title, "org", "id",
                   (json_int_t)view_int(org, "id"), "name", view_str_or(org, "name", ""),
                   "short_name", view_str_or(org, "short_name", view_str_or(org, "name", "")),
                   "kind", view_str_or(org, "kind", ""), "period", period_view(p), "made_at", made);
}

static void period_range(Period p, char from[DATE_ISO_SIZE], char to[DATE_ISO_SIZE]) {
  date_format_iso(date_period_first_day(p), from);
  date_format_iso(date_add_days(date_period_last_day(p), 1), to);
}

/* ---- 会议记录台账 ---- */

/* Decorates one stored record (ledger_meetings) with what the ledger shows. */
static void ledger_row(json_t *m, size_t seq, const MeetingRuleSet *rs, Date today,
                       int *n_late_entry, int *n_late_submit) {
  const char *kind = view_str(m, "kind");
  const char *held_at = view_str_or(m, "held_at", "");
  json_object_set_new(m, "seq", json_integer((json_int_t)seq));
  json_object_set_new(m, "kind_label", json_string(meeting_kind_label(kind)));
  json_object_set_new(m, "date",
                      json_stringn(held_at, strlen(held_at) < 10 ? strlen(held_at) : 10));
  json_object_set_new(m, "time", view_text(strlen(held_at) > 11 ? held_at + 11 : NULL));
  json_t *lines = json_array();
  for (const char *q = view_str(m, "topics"); q && *q;) {
    const char *end = strchr(q, '\n');
    size_t len = end ? (size_t)(end - q) : strlen(q);
    size_t keep = len;
    while (keep > 0 && (q[keep - 1] == '\r' || q[keep - 1] == ' ')) {
      keep--;
    }
    if (keep > 0) {
      json_array_append_new(lines, json_stringn(q, keep));
    }
    q += len + (end ? 1 : 0);
  }
  json_object_set_new(m, "topic_lines", lines);
  json_object_set_new(m, "href", view_href("/meetings/", view_int(m, "id"), ""));
  /* attendance: the tally of the stored attendance, absentees with their reasons */
  json_t *att = json_object_get(m, "attendees");
  size_t n = json_array_size(att);
  MeetingAttendeeIn *a = meeting_view_attendance(att);
  json_t *absent = json_array();
  Buf absent_text = BUF_INIT;
  size_t i;
  json_t *x;
  json_array_foreach(att, i, x) {
    if (a[i].presence && strcmp(a[i].presence, "absent") == 0) {
      bool excluded = meeting_exclusion_parse(a[i].exclusion) != MEETING_EXCLUDE_NONE;
      const char *name = view_str_or(x, "name", "");
      json_array_append_new(absent, json_pack("{s:s, s:o, s:b}", "name", name, "reason",
                                              view_text(a[i].reason), "excluded", excluded));
      buf_printf(&absent_text, "%s%s", absent_text.len ? "、" : "", name);
      if (a[i].reason || excluded) {
        buf_printf(&absent_text, "（%s%s%s）", str_or_empty(a[i].reason),
                   a[i].reason && excluded ? "；" : "", excluded ? "不计应到" : "");
      }
    }
  }
  MeetingTally t;
  meeting_attendance_tally(kind, a, n, &t);
  free(a);
  json_object_set_new(m, "due", json_integer(t.due));
  json_object_set_new(m, "present", json_integer(t.present));
  json_object_set_new(m, "n_absent", json_integer(t.due - t.present));
  json_object_set_new(m, "quorum_ok", json_boolean(t.quorum_ok));
  json_object_set_new(m, "absentees", absent);
  json_object_set_new(m, "absent_text", view_text(buf_cstr(&absent_text)));
  buf_free(&absent_text);
  json_object_del(m, "attendees");
  /* decisions with their votes, as stored (passed is computed when saved) */
  Buf dec_text = BUF_INIT;
  json_array_foreach(json_object_get(m, "decisions"), i, x) {
    bool voted = json_is_integer(json_object_get(x, "yes"));
    bool passed = view_flag(x, "passed");
    char vote[96];
    if (voted) {
      snprintf(vote, sizeof vote, "赞成%" PRId64 "、反对%" PRId64 "、弃权%" PRId64 "，%s",
               view_int(x, "yes"), view_int(x, "no"), view_int(x, "abstain"),
               passed ? "通过" : "未通过");
    } else {
      snprintf(vote, sizeof vote, "未表决");
    }
    json_object_set_new(x, "vote", json_string(vote));
    json_object_set_new(x, "failed", json_boolean(voted && !passed));
    buf_printf(&dec_text, "%s%" PRId64 ". %s（%s）", dec_text.len ? "\n" : "", view_int(x, "seq"),
               view_str_or(x, "text", ""), vote);
  }
  json_object_set_new(m, "decisions_text", view_text(buf_cstr(&dec_text)));
  json_object_set_new(m, "has_decisions",
                      json_boolean(json_array_size(json_object_get(m, "decisions")) > 0));
  buf_free(&dec_text);
  /* review state, with the town's remark when it sent the record back */
  int st = meeting_state_parse(view_str(m, "state"));
  const char *label = meeting_state_label((MeetingState)st);
  json_object_set_new(m, "state_label", json_string(str_or_empty(label)));
  bool returned = st == MEETING_STATE_RETURNED_REFILL || st == MEETING_STATE_RETURNED_REHOLD;
  if (!returned) {
    json_object_set_new(m, "review_remark", json_null());
  }
  json_object_set_new(m, "state_class",
                      json_string(st == MEETING_STATE_ACCEPTED    ? "ok"
                                  : returned                      ? "bad"
                                  : st == MEETING_STATE_SUBMITTED ? "open"
                                                                  : "na"));
  /* submission against the stored due day */
  Date held, due;
  bool have_held = strlen(held_at) >= 10 && date_parse(held_at, 10, &held, NULL) == 0;
  const char *due_s = view_str(m, "due_date");
  bool have_due = due_s && date_parse(due_s, strlen(due_s), &due, NULL) == 0;
  json_t *sub = json_object_get(m, "submitted_at");
  json_t *late_text = json_null();
  if (have_due && json_is_integer(sub)) {
    Date done = meeting_entry_date(rs, json_integer_value(sub));
    int64_t days = date_days_between(due, done);
    if (days > 0) {
      char s[48];
      snprintf(s, sizeof s, "逾期%" PRId64 "天提交", days);
      late_text = json_string(s);
    }
  } else if (have_due && date_compare(due, today) < 0) {
    late_text = json_string("逾期未提交");
  }
  *n_late_submit += !json_is_null(late_text);
  json_object_set_new(m, "late_submit", late_text);
  /* entry time: the lag after the meeting shows a backfilled record */
  char entered[MEETING_LOCAL_TIME_SIZE];
  int64_t entered_at = view_int(m, "entered_at");
  meeting_local_time(rs, entered_at, entered);
  json_object_set_new(m, "entered_text", json_string(entered));
  int64_t lag = have_held ? meeting_entry_lag(rs, held, entered_at) : 0;
  bool late_entry = have_held && meeting_entry_late(rs, held, entered_at);
  *n_late_entry += late_entry;
  json_object_set_new(m, "entry_lag", json_integer(lag > 0 ? lag : 0));
  json_object_set_new(m, "late_entry", json_boolean(late_entry));
}

int ledger_meetings_model(Db *db, const Scope *scope, const MeetingRuleSet *rs, int64_t org_id,
                          Period p, Date today, int64_t now, size_t max_rows, json_t **model) {
  *model = NULL;
  json_t *org = org_get(db, scope, org_id);
  if (!org) {
    return 404;
  }
  char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
  period_range(p, from, to);
  json_t *rows = NULL;
  size_t total = 0;
  int rc = ledger_meetings(db, scope, org_id, from, to, max_rows, &rows, &total);
  if (rc != DB_OK) {
    json_decref(org);
    return rc == DB_NOTFOUND ? 404 : -1;
  }
  int n_late_entry = 0, n_late_submit = 0;
  bool multi_org = false;
  size_t i;
  json_t *m;
  json_array_foreach(rows, i, m) {
    ledger_row(m, i + 1, rs, today, &n_late_entry, &n_late_submit);
    multi_org = multi_org || view_int(m, "org_id") != org_id;
  }
  json_t *out = model_head("会议记录台账", org, p, rs, now);
  json_object_set_new(out, "has_late_entry", json_boolean(n_late_entry > 0));
  json_object_set_new(out, "has_late_submit", json_boolean(n_late_submit > 0));
  json_object_update_new(
      out, json_pack("{s:o, s:I, s:b, s:I, s:i, s:i, s:b, s:b, s:i}", "rows", rows, "total",
                     (json_int_t)total, "too_many", total > max_rows, "max_rows",
                     (json_int_t)max_rows, "n_late_entry", n_late_entry, "n_late_submit",
                     n_late_submit, "multi_org", multi_org, "empty", total == 0, "lag_days",
                     meeting_param(rs, MEETING_PARAM_ENTRY_LAG_DAYS)));
  nav_links(out, "/ledger/meetings", "/ledger/meetings.xlsx", org_id, p);
  json_decref(org);
  *model = out;
  return 200;
}

/* ---- 三会一课汇总 ---- */

/* The held meetings of a row's "held" column ("kind YYYY-MM-DD,…") into a malloc'd array. */
static size_t parse_held(const char *s, MeetingHeld **out) {
  size_t cap = 1;
  for (const char *q = s; q && *q; q++) {
    cap += *q == ',';
  }
  MeetingHeld *h = calloc(cap, sizeof *h);
  if (!h) {
    abort();
  }
  *out = h;
  size_t n = 0;
  const char *q = s;
  while (q && *q && n < cap) {
    const char *end = strchr(q, ',');
    size_t len = end ? (size_t)(end - q) : strlen(q);
    const char *sp = memchr(q, ' ', len);
    if (sp && (size_t)(sp - q) < 32) {
      char code[32];
      size_t cl = (size_t)(sp - q);
      memcpy(code, q, cl);
      code[cl] = '\0';
      const MeetingKind *k = meeting_kind_find(code);
      Date d;
      if (k && date_parse(sp + 1, len - cl - 1, &d, NULL) == 0) {
        h[n++] = (MeetingHeld){.kind = k->id, .date = d};
      }
    }
    q += len;
    if (*q == ',') {
      q++;
    }
  }
  return n;
}

/* One summary row being added up: a branch, a town, or the total. */
typedef struct SumRow {
  int64_t id;          /* branch or town id (0: 直属 / the total) */
  const json_t *first; /* the first branch row of it */
  int n_branches;
  bool applies[MEETING_KIND_COUNT];
  int held[MEETING_KIND_COUNT], required[MEETING_KIND_COUNT];
  MeetingStatus worst[MEETING_KIND_COUNT];
  int due, met, n_records, n_late, n_returned;
} SumRow;

static void sum_add(SumRow *s, const MeetingCompliance *c, size_t nc, const json_t *row) {
  if (!s->first) {
    s->first = row;
  }
  s->n_branches++;
  for (size_t i = 0; i < nc; i++) {
    int k = (int)c[i].kind;
    if (!s->applies[k] || c[i].status > s->worst[k]) {
      s->worst[k] = c[i].status;
    }
    s->applies[k] = true;
    s->held[k] += c[i].held;
    s->required[k] += c[i].required;
  }
  int due = 0, met = 0;
  meeting_branch_score(c, nc, &due, &met);
  s->due += due;
  s->met += met;
  s->n_records += (int)view_int(row, "n_records");
  s->n_late += (int)view_int(row, "n_late");
  s->n_returned += (int)view_int(row, "n_returned");
}

static json_t *sum_view(const SumRow *s, const bool shown[MEETING_KIND_COUNT]) {
  json_t *cells = json_array();
  for (int k = 0; k < MEETING_KIND_COUNT; k++) {
    if (!shown[k]) {
      continue;
    }
    if (!s->applies[k]) {
      json_array_append_new(
          cells, json_pack("{s:n, s:n, s:s, s:s}", "held", "required", "text", "—", "cls", "na"));
      continue;
    }
    char text[32];
    snprintf(text, sizeof text, "%d/%d", s->held[k], s->required[k]);
    json_array_append_new(cells, json_pack("{s:i, s:i, s:s, s:s}", "held", s->held[k], "required",
                                           s->required[k], "text", text, "cls",
                                           meeting_view_status_class(s->worst[k])));
  }
  double rate = s->due > 0 ? (double)s->met / s->due : 1.0;
  char rate_s[16];
  snprintf(rate_s, sizeof rate_s, "%.1f%%", rate * 100.0);
  return json_pack(
      "{s:i, s:o, s:i, s:i, s:s, s:o, s:s, s:i, s:i, s:i, s:b, s:b}", "n_branches", s->n_branches,
      "cells", cells, "due", s->due, "met", s->met, "rate", s->due > 0 ? rate_s : "—", "rate_value",
      s->due > 0 ? json_real(rate) : json_null(), "rate_class",
      meeting_view_rate_class(s->due, rate), "n_records", s->n_records, "n_late", s->n_late,
      "n_returned", s->n_returned, "has_late", s->n_late > 0, "has_returned", s->n_returned > 0);
}

int ledger_summary_model(Db *db, const Scope *scope, const MeetingRuleSet *rs, int64_t org_id,
                         Period p, Date today, int64_t now, json_t **model) {
  *model = NULL;
  json_t *org = org_get(db, scope, org_id);
  if (!org) {
    return 404;
  }
  /* The rules look at the whole year (a yearly rule is evaluated over its year even when the
   * summary is of one quarter); the counts at the period. */
  Period year = {.kind = PERIOD_YEAR, .year = p.year, .index = 1};
  char hfrom[DATE_ISO_SIZE], hto[DATE_ISO_SIZE], from[DATE_ISO_SIZE], to[DATE_ISO_SIZE],
      t[DATE_ISO_SIZE];
  period_range(year, hfrom, hto);
  period_range(p, from, to);
  date_format_iso(today, t);
  LedgerSummaryRange range = {.held_from = hfrom,
                              .held_to = hto,
                              .from = from,
                              .to = to,
                              .today = t,
                              .utc_offset_minutes =
                                  meeting_param(rs, MEETING_PARAM_UTC_OFFSET_MINUTES)};
  json_t *rows = ledger_summary_branches(db, scope, org_id, &range);
  if (!rows) {
    json_decref(org);
    return -1;
  }
  const char *okind = view_str_or(org, "kind", "");
  bool by_town = strcmp(okind, "district") == 0;
  size_t n = json_array_size(rows);
  SumRow *s = calloc(n ? n : 1, sizeof *s);
  if (!s) {
    abort();
  }
  SumRow total = {0};
  size_t ns = 0;
  for (size_t i = 0; i < n; i++) {
    const json_t *row = json_array_get(rows, i);
    MeetingOrg o = {.kind = view_str(row, "kind"),
                    .has_committee = view_flag(row, "has_committee"),
                    .has_groups = view_flag(row, "has_groups")};
    MeetingHeld *h;
    size_t nh = parse_held(view_str(row, "held"), &h);
    MeetingCompliance c[MEETING_KIND_COUNT];
    size_t nc = meeting_evaluate(rs, &o, p, today, h, nh, c);
    free(h);
    int64_t key = by_town ? view_int(row, "town_id") : view_int(row, "id");
    size_t j = 0;
    while (by_town && j < ns && s[j].id != key) {
      j++;
    }
    if (!by_town || j == ns) {
      j = ns++;
      s[j].id = key;
    }
    sum_add(&s[j], c, nc, row);
    sum_add(&total, c, nc, row);
  }
  bool shown[MEETING_KIND_COUNT];
  json_t *kinds = json_array();
  for (int k = 0; k < MEETING_KIND_COUNT; k++) {
    shown[k] = total.applies[k];
    if (!shown[k]) {
      continue;
    }
    const MeetingRule *rule = &rs->rules[k];
    const char *per = NULL;
    if (date_period_months(rule->per) > date_period_months(p.kind)) {
      per = rule->per == PERIOD_YEAR ? "全年" : rule->per == PERIOD_HALF ? "半年" : "本季度";
    }
    json_array_append_new(kinds,
                          json_pack("{s:s, s:s, s:o}", "code", meeting_kinds[k].code, "label",
                                    meeting_kinds[k].label, "per_label", view_text(per)));
  }
  json_t *out_rows = json_array();
  char key[PERIOD_KEY_SIZE];
  meeting_check_period_key(p, key);
  for (size_t j = 0; j < ns; j++) {
    json_t *v = sum_view(&s[j], shown);
    const json_t *first = s[j].first;
    const char *name;
    json_t *link = json_null();
    char h[160];
    if (by_town) {
      name = view_str_or(first, "town_name", "直属支部");
      if (s[j].id > 0) {
        snprintf(h, sizeof h, "/ledger/summary?org=%" PRId64 "&period=%s", s[j].id, key);
        link = json_string(h);
      }
    } else {
      name = view_str_or(first, "short_name", view_str_or(first, "name", ""));
      snprintf(h, sizeof h, "/ledger/meetings?org=%" PRId64 "&period=%s", s[j].id, key);
      link = json_string(h);
    }
    json_object_update_new(v, json_pack("{s:i, s:I, s:s, s:o, s:s}", "seq", (int)j + 1, "id",
                                        (json_int_t)s[j].id, "name", name, "href", link,
                                        "town_name", view_str_or(first, "town_name", "")));
    json_array_append_new(out_rows, v);
  }
  json_t *tot = sum_view(&total, shown);
  json_object_set_new(tot, "name", json_string("合计"));
  json_t *out = model_head(by_town ? "三会一课落实情况汇总（按乡镇）" : "三会一课落实情况汇总", org,
                           p, rs, now);
  char note[200];
  snprintf(note, sizeof note, "规则版本 %s；计入已提交、已审核、退回重填的记录；截至 %s。",
           rs->version, t);
  json_object_update_new(out,
                         json_pack("{s:b, s:o, s:i, s:o, s:o, s:s, s:b, s:s}", "by_town", by_town,
                                   "kinds", kinds, "n_kinds", (int)json_array_size(kinds), "rows",
                                   out_rows, "total", tot, "rules_note", note, "empty", ns == 0,
                                   "unit_label", by_town ? "乡镇" : "支部"));
  nav_links(out, "/ledger/summary", "/ledger/summary.xlsx", org_id, p);
  free(s);
  json_decref(rows);
  json_decref(org);
  *model = out;
  return 200;
}

/* ---- the pages ---- */

/* The org (declared param, else the account's org when in scope, else the scope's first root)
 * and the period (else the default of kind dflt containing today). false when it answered
 * (400 for a period that does not parse); *rc then holds the handler's return. */
static bool resolve(Req *r, PeriodKind dflt, int64_t *org_id, Period *p, int *rc) {
  Date today = date_today();
  const char *period = req_param(r, "period");
  if (period && *period) {
    if (meeting_check_parse_period(period, p) != 0) {
      *rc = web_error(r, 400,
                      "「期间」应为 2025（全年）、2025Q3（季度）、2025H1（半年）或 "
                      "2025-03（月份）这样的写法");
      return false;
    }
  } else {
    *p = date_period_of(dflt, today);
  }
  *org_id = req_param_int(r, "org", 0);
  if (*org_id <= 0) {
    json_t *org = org_get_or_first(r->db, &r->scope, r->user.org_id);
    *org_id = view_int(org, "id");
    json_decref(org);
  }
  return true;
}

static int not_found(Req *r) { return web_error(r, 404, "组织不存在，或不在您的管辖范围内"); }

static int render(Req *r, const char *page, json_t *model) {
  const char *print_s = req_param(r, "print");
  bool print = print_s && strcmp(print_s, "1") == 0;
  json_object_set_new(model, "print", json_boolean(print));
  return web_render(r, 200, page, model);
}

typedef enum LedgerKind { LEDGER_MEETINGS, LEDGER_SUMMARY } LedgerKind;

/* The model of a ledger for the request's org and period (default period: the year for the
 * 会议记录台账, with at most max_rows records; the quarter for the summary, max_rows unused).
 * true with *model set; false with the page's answer in *rc (an error page, or -1). */
static bool load_model(Req *r, LedgerKind kind, size_t max_rows, json_t **model, int *rc) {
  int64_t org_id;
  Period p;
  if (!resolve(r, kind == LEDGER_MEETINGS ? PERIOD_YEAR : PERIOD_QUARTER, &org_id, &p, rc)) {
    return false;
  }
  MeetingRuleSet rs;
  *rc = -1;
  if (meeting_rules_load(r->db, &rs) != DB_OK) {
    return false;
  }
  int st = kind == LEDGER_MEETINGS
               ? ledger_meetings_model(r->db, &r->scope, &rs, org_id, p, date_today(),
                                       (int64_t)time(NULL), max_rows, model)
               : ledger_summary_model(r->db, &r->scope, &rs, org_id, p, date_today(),
                                      (int64_t)time(NULL), model);
  if (st == 404) {
    *rc = not_found(r);
    return false;
  }
  return st >= 0;
}

int ledger_meetings_page(Req *r) {
  json_t *model = NULL;
  int rc;
  if (!load_model(r, LEDGER_MEETINGS, LEDGER_MAX_ROWS, &model, &rc)) {
    return rc;
  }
  return render(r, "ledger_meetings", model);
}

int ledger_summary_page(Req *r) {
  json_t *model = NULL;
  int rc;
  if (!load_model(r, LEDGER_SUMMARY, 0, &model, &rc)) {
    return rc;
  }
  return render(r, "ledger_summary", model);
}

/* Sends a workbook written from model as "<base>_<org>_<period>.xlsx", with an audit row. */
static int send_xlsx(Req *r, json_t *model, const char *base, const char *what,
                     int (*write)(const json_t *, char **, size_t *, char **)) {
  char *data = NULL, *err = NULL;
  size_t n = 0;
  int rc = -1;
  if (write(model, &data, &n, &err) != 0) {
    goto out;
  }
  json_t *org = json_object_get(model, "org");
  const char *key = view_str_or(json_object_get(model, "period"), "key", "");
  char sid[24];
  snprintf(sid, sizeof sid, "%" PRId64, view_int(org, "id"));
  if (web_audit(r, "export", "org", sid, NULL,
                json_pack("{s:s, s:s, s:s}", "ledger", what, "period", key, "format", "xlsx")) !=
      DB_OK) {
    goto out;
  }
  char *name = ledger_xlsx_filename(base, view_str_or(org, "name", ""), key);
  rc = web_file(r, name, XLSX_TYPE, data, n);
  free(name);
out:
  free(data);
  free(err);
  json_decref(model);
  return rc;
}

int ledger_meetings_xlsx_page(Req *r) {
  json_t *model = NULL;
  int rc;
  if (!load_model(r, LEDGER_MEETINGS, LEDGER_MAX_XLSX_ROWS, &model, &rc)) {
    return rc;
  }
  if (json_is_true(json_object_get(model, "too_many"))) {
    char msg[160];
    snprintf(msg, sizeof msg, "该范围内会议记录超过 %d 条，请缩短期间或选择下级组织后再导出",
             LEDGER_MAX_XLSX_ROWS);
    json_decref(model);
    return web_error(r, 400, msg);
  }
  return send_xlsx(r, model, "会议记录台账", "meetings", ledger_xlsx_meetings);
}

int ledger_summary_xlsx_page(Req *r) {
  json_t *model = NULL;
  int rc;
  if (!load_model(r, LEDGER_SUMMARY, 0, &model, &rc)) {
    return rc;
  }
  return send_xlsx(r, model, "三会一课汇总", "summary", ledger_xlsx_summary);
}
