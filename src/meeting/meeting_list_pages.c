/*
 * The record list of 三会一课 (GET /meetings, declared in meeting_pages.h): the records of an
 * org subtree (default: the whole scope), optionally of one period, newest first, a page of
 * MEETING_LIST_PAGE at a time. Pages follow each other by keyset: the "下一页" link carries
 * `after`, the position (held_at, id) of the page's last record, so a deep page costs what the
 * first one does and a record entered meanwhile neither repeats nor hides a row. The total is
 * exact for a small subtree and "约" (an estimate, meeting_list_count) for a wide one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "meeting/meeting.h"
#include "meeting/meeting_pages.h"
#include "meeting/meeting_store.h"
#include "meeting/rules_store.h"
#include "meeting/meeting_view.h"
#include "org/org.h"
#include "web/view.h"
#include "base/banned.h"

const RouteParam meeting_list_params[] = {
    {.name = "org", .kind = P_ID, .label = "党组织"},
    {.name = "period", .kind = P_LINE, .label = "期间", .max = 10},
    {.name = "after", .kind = P_LINE, .label = "翻页位置", .max = 40},
    {0},
};

/* ---- the cursor: "YYYY-MM-DDTHH:MM_ID", the held_at and id of the last record shown ---- */

static bool digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') {
      return false;
    }
  }
  return true;
}

/* Reads a cursor; false when s is not one (any other shape, a date that does not exist, an id
 * that is not a positive integer). */
static bool cursor_parse(const char *s, MeetingCursor *c) {
  size_t n = strlen(s);
  if (n < 18 || n > 16 + 1 + 18 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) ||
      s[7] != '-' || !digits(s + 8, 2) || s[10] != 'T' || !digits(s + 11, 2) || s[13] != ':' ||
      !digits(s + 14, 2) || s[16] != '_' || !digits(s + 17, n - 17) || s[17] == '0') {
    return false;
  }
  Date d;
  const char *why = NULL;
  if (date_parse(s, 10, &d, &why) != 0 || (s[11] - '0') * 10 + (s[12] - '0') > 23 ||
      (s[14] - '0') * 10 + (s[15] - '0') > 59) {
    return false;
  }
  memcpy(c->held_at, s, 16);
  c->held_at[10] = ' ';
  c->held_at[16] = '\0';
  c->id = 0;
  for (size_t i = 17; i < n; i++) {
    c->id = c->id * 10 + (s[i] - '0');
  }
  return true;
}

/* The cursor of a row into out ("" when its held_at is not 'YYYY-MM-DD HH:MM'). */
static void cursor_of(const json_t *row, char out[48]) {
  const char *h = view_str(row, "held_at");
  out[0] = '\0';
  if (h && strlen(h) == 16) {
    snprintf(out, 48, "%.10sT%.5s_%lld", h, h + 11, (long long)view_int(row, "id"));
  }
}

/* ---- row helpers (as the record pages show them) ---- */

static const char *str_or_empty(const char *s) { return s ? s : ""; }

/* "/meetings" with the parts given: org (> 0), period and after (non-NULL). */
static json_t *list_href(int64_t org_id, const char *period, const char *after) {
  char h[160];
  size_t n = (size_t)snprintf(h, sizeof h, "/meetings");
  char sep = '?';
  if (org_id > 0 && n < sizeof h) {
    n += (size_t)snprintf(h + n, sizeof h - n, "%corg=%lld", sep, (long long)org_id);
    sep = '&';
  }
  if (period && n < sizeof h) {
    n += (size_t)snprintf(h + n, sizeof h - n, "%cperiod=%s", sep, period);
    sep = '&';
  }
  if (after && n < sizeof h) {
    snprintf(h + n, sizeof h - n, "%cafter=%s", sep, after);
  }
  return json_string(h);
}

int meeting_list_page(Req *r) {
  int64_t org_id = req_param_int(r, "org", 0);
  const char *period = req_param(r, "period");
  const char *after_s = req_param(r, "after");
  MeetingCursor after;
  if (after_s && !cursor_parse(after_s, &after)) {
    return web_error(r, 400, "「翻页位置」无效：请回到第一页重新翻页");
  }
  json_t *org = NULL;
  if (org_id > 0) {
    org = org_get(r->db, &r->scope, org_id);
    if (!org) {
      return web_error(r, 404, "组织不存在，或不在您的管辖范围内");
    }
  }
  char from[DATE_ISO_SIZE] = "", to[DATE_ISO_SIZE] = "", label[PERIOD_LABEL_SIZE] = "";
  if (period) {
    Period p;
    if (date_period_parse_key(period, strlen(period), &p) != 0) {
      json_decref(org);
      return web_error(r, 400, "「期间」应为 2026、2026-Q1、2026-H1 或 2026-03 这样的写法");
    }
    date_format_iso(date_period_first_day(p), from);
    date_format_iso(date_add_days(date_period_last_day(p), 1), to);
    date_period_label(p, label);
  }
  /* one row more than a page tells whether there is a next one */
  json_t *rows = meeting_list_after(r->db, &r->scope, org_id, *from ? from : NULL, *to ? to : NULL,
                                    after_s ? &after : NULL, MEETING_LIST_PAGE + 1);
  bool exact = true;
  int64_t total = rows ? meeting_list_count(r->db, &r->scope, org_id, *from ? from : NULL,
                                            *to ? to : NULL, &exact)
                       : -1;
  if (!rows || total < 0) {
    json_decref(rows);
    json_decref(org);
    return -1;
  }
  char next[48] = "";
  if (json_array_size(rows) > MEETING_LIST_PAGE) {
    json_array_remove(rows, MEETING_LIST_PAGE);
    cursor_of(json_array_get(rows, MEETING_LIST_PAGE - 1), next);
  }
  MeetingRuleSet rs;
  meeting_rules_load(r->db, &rs); /* on a database error: the defaults */
  DateCalendar *cal = calendar_load_or_empty(r->db);
  Date today = date_today();
  size_t i;
  json_t *x;
  int n_late = 0, n_failed = 0;
  json_array_foreach(rows, i, x) {
    int st = meeting_state_parse(view_str(x, "state"));
    json_object_set_new(x, "kind_label", json_string(meeting_kind_label(view_str(x, "kind"))));
    json_object_set_new(x, "state_label",
                        json_string(str_or_empty(meeting_state_label((MeetingState)st))));
    json_object_set_new(x, "state_class", json_string(meeting_view_state_class((MeetingState)st)));
    json_object_set_new(x, "href", view_href("/meetings/", view_int(x, "id"), ""));
    MeetingDeadline dl;
    meeting_view_deadline(&rs, cal, x, today, &dl);
    json_object_set_new(x, "deadline", meeting_view_deadline_json(&dl));
    n_late += dl.status == MEETING_DEADLINE_LATE || dl.status == MEETING_DEADLINE_OVERDUE;
    n_failed += view_int(x, "n_failed") > 0;
  }
  date_calendar_free(cal);
  int64_t new_org = org_id > 0 ? org_id : r->user.org_id;
  char new_href[48];
  snprintf(new_href, sizeof new_href, "/meetings/new?org=%lld", (long long)new_org);
  size_t n = json_array_size(rows);
  json_t *model = json_pack(
      "{s:s, s:o, s:I, s:b, s:i, s:i, s:i, s:s, s:s, s:o, s:o}", "title", "三会一课", "meetings",
      rows, "total", (json_int_t)total, "total_exact", exact, "n_shown", (int)n, "n_late", n_late,
      "n_failed", n_failed, "period", period ? period : "", "period_label", label, "org",
      org ? json_pack("{s:I, s:s}", "id", (json_int_t)org_id, "name",
                      str_or_empty(view_str(org, "name")))
          : json_null(),
      "new_href",
      authz_can(r->user.role, PERM_MEETING_EDIT) && new_org > 0 ? json_string(new_href)
                                                                : json_null());
  json_object_set_new(model, "empty", json_boolean(n == 0));
  json_object_set_new(model, "page_size", json_integer(MEETING_LIST_PAGE));
  json_object_set_new(model, "later_page", json_boolean(after_s != NULL));
  json_object_set_new(model, "first_href", list_href(org_id, period, NULL));
  json_object_set_new(model, "next_href", *next ? list_href(org_id, period, next) : json_null());
  json_object_set_new(model, "next_after", *next ? json_string(next) : json_null());
  json_decref(org);
  return web_render(r, 200, "meeting_list", model);
}
