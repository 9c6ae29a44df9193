/*
 * workbench_pages.c: the 三会一课 panel of the home page — what this account has to do now.
 */
#include "meeting/workbench_pages.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "meeting/meeting.h"
#include "meeting/meeting_check.h"
#include "meeting/meeting_store.h"
#include "meeting/meeting_view.h"
#include "meeting/rules_store.h"
#include "meeting/workbench_store.h"
#include "org/org.h"
#include "web/view.h"
#include "base/banned.h"

/* How many records of a queue the panel lists (the rest are counted). */
#define WORKBENCH_ROWS 8

/* Adds kind_label, state_label, href, late (due_date before today) to each record row. */
static json_t *records_view(json_t *rows, const char *today) {
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    const MeetingKind *k = meeting_kind_find(view_str(row, "kind"));
    const char *state = meeting_state_label(meeting_state_parse(view_str(row, "state")));
    const char *due = view_str(row, "due_date");
    json_object_set_new(row, "kind_label", json_string(k ? k->label : ""));
    json_object_set_new(row, "state_label", json_string(state ? state : ""));
    json_object_set_new(row, "href", view_href("/meetings/", view_int(row, "id"), ""));
    json_object_set_new(row, "late", json_boolean(due && strcmp(due, today) < 0));
    json_object_set_new(row, "review_remark", view_text(view_str(row, "review_remark")));
  }
  return rows;
}

/* {rows, total, more} of one queue, or NULL on a database error. */
static json_t *queue_model(Req *r, int64_t org_id, WorkbenchQueue q, const char *today) {
  int64_t total = 0;
  json_t *rows = workbench_queue(r->db, &r->scope, org_id, q, today, WORKBENCH_ROWS, &total);
  if (!rows) {
    return NULL;
  }
  int64_t shown = (int64_t)json_array_size(rows);
  return json_pack("{s:o, s:I, s:b, s:I, s:b}", "rows", records_view(rows, today), "total",
                   (json_int_t)total, "any", total > 0, "more", (json_int_t)(total - shown),
                   "has_more", total > shown);
}

/* This quarter's requirements of one branch, kind by kind, as of today: [{label, held,
 * required, status, cls, due}]; an empty array when no rule applies; NULL on error. */
static json_t *quarter_model(Req *r, int64_t org_id, Date today, const MeetingRuleSet *rs) {
  Period q = date_period_of(PERIOD_QUARTER, today);
  Period y = date_period_of(PERIOD_YEAR, today);
  char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE], t[DATE_ISO_SIZE];
  date_format_iso(date_period_first_day(y), from);
  date_format_iso(date_add_days(date_period_last_day(y), 1), to);
  date_format_iso(today, t);
  MeetingComplianceSet set = {0};
  if (meeting_compliance_scan(r->db, &r->scope, org_id, from, to, t, &set) != DB_OK) {
    return NULL;
  }
  json_t *rows = json_array();
  json_t *b = json_array_get(set.branches, 0);
  if (b && view_int(b, "id") == org_id) {
    MeetingOrg org = {.kind = view_str(b, "kind"),
                      .has_committee = view_int(b, "has_committee") != 0,
                      .has_groups = view_int(b, "has_groups") != 0};
    const MeetingHeld *held = set.held + set.first[0];
    size_t n_held = set.first[MEETING_KIND_COUNT] - set.first[0];
    MeetingCompliance c[MEETING_KIND_COUNT];
    size_t n = meeting_evaluate(rs, &org, q, today, held, n_held, c);
    for (size_t i = 0; i < n; i++) {
      char due[DATE_ISO_SIZE] = "";
      if (c[i].n_open > 0) {
        date_format_iso(c[i].due, due);
      }
      json_array_append_new(
          rows, json_pack("{s:s, s:i, s:i, s:s, s:s, s:o}", "label", meeting_kinds[c[i].kind].label,
                          "held", c[i].held, "required", c[i].required, "status",
                          meeting_status_label(c[i].status), "cls",
                          meeting_view_status_class(c[i].status), "due", view_text(due)));
    }
  }
  meeting_compliance_set_free(&set);
  return rows;
}

json_t *workbench_panel(Req *r) {
  bool edit = authz_can(r->user.role, PERM_MEETING_EDIT);
  bool review = authz_can(r->user.role, PERM_MEETING_REVIEW);
  bool view = authz_can(r->user.role, PERM_MEMBER_VIEW);
  if (!view) {
    return json_null();
  }
  Date today = date_today();
  char t[DATE_ISO_SIZE], key[PERIOD_KEY_SIZE], label[PERIOD_LABEL_SIZE];
  date_format_iso(today, t);
  json_t *org = org_get_or_first(r->db, &r->scope, r->user.org_id);
  if (!org) {
    return json_null();
  }
  int64_t org_id = view_int(org, "id");
  Period q = date_period_of(PERIOD_QUARTER, today);
  Period last = date_period_prev(q);
  json_t *panel = json_pack("{s:s, s:s, s:o, s:o}", "org_name", view_str_or(org, "name", ""),
                            "quarter", date_period_label(q, label), "compliance_href",
                            view_href("/compliance?org=", org_id, ""), "findings_href",
                            view_href("/compliance/findings?org=", org_id, ""));
  char fh[96];
  snprintf(fh, sizeof fh, "/compliance/findings?org=%lld&period=%s", (long long)org_id,
           meeting_check_period_key(last, key));
  json_object_set_new(panel, "last_findings_href", json_string(fh));
  json_object_set_new(panel, "last_quarter", json_string(date_period_label(last, label)));
  bool ok = true;
  if (edit && meeting_org_is_branch(view_str(org, "kind"))) {
    MeetingRuleSet rs;
    json_t *quarter =
        meeting_rules_load(r->db, &rs) == DB_OK ? quarter_model(r, org_id, today, &rs) : NULL;
    json_t *todo = queue_model(r, org_id, WORKBENCH_TODO, t);
    ok = quarter && todo;
    json_object_set_new(panel, "branch",
                        json_pack("{s:o, s:o, s:o}", "kinds", quarter ? quarter : json_null(),
                                  "todo", todo ? todo : json_null(), "new_href",
                                  view_href("/meetings/new?org=", org_id, "")));
  }
  if (ok && review) {
    json_t *queue = queue_model(r, org_id, WORKBENCH_REVIEW, t);
    json_t *overdue = queue_model(r, org_id, WORKBENCH_OVERDUE, t);
    ok = queue && overdue;
    json_object_set_new(panel, "review",
                        json_pack("{s:o, s:o}", "queue", queue ? queue : json_null(), "overdue",
                                  overdue ? overdue : json_null()));
  }
  json_decref(org);
  if (!ok) {
    json_decref(panel);
    return NULL;
  }
  return panel;
}
