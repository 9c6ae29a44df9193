/*
 * The quarterly meeting-plan pages (三会一课 季度计划). See plan_pages.h. Each handler validates,
 * calls the store (plan_store.h) and the rules (plan_rules.h, meeting.h), builds a view model
 * and renders it (templates/plan_*.mustache, or the model itself as JSON).
 */
#include "meeting/plan_pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar/calendar.h"
#include "meeting/meeting.h"
#include "meeting/plan_rules.h"
#include "meeting/plan_store.h"
#include "meeting/rules_store.h"
#include "org/org.h"
#include "web/view.h"
#include "base/banned.h"

enum { BLANK_ROWS = 4, MIN_ROWS = 6 };

static const char *const kind_codes[] = {"party_congress", "committee",     "group",
                                         "lecture",        "theme_day",     "life_meeting",
                                         "appraisal",      "joint_meeting", NULL};
static const char *const do_choices[] = {"draft", "file", NULL};

/* ---- parameter declarations ---- */

#define ITEM(n)                                                                                    \
  {.name = "k" #n, .kind = P_ENUM, .label = "第" #n "行会议类型", .choices = kind_codes},          \
      {.name = "d" #n, .kind = P_DATE, .label = "第" #n "行计划日期"},                             \
      {.name = "t" #n, .kind = P_LINE, .label = "第" #n "行议题", .max = 100}, {                   \
    .name = "l" #n, .kind = P_LINE, .label = "第" #n "行讲课人", .max = 40                         \
  }

const RouteParam plan_view_params[] = {
    {.name = "org", .kind = P_ID, .label = "党组织"},
    {.name = "quarter", .kind = P_LINE, .label = "季度", .max = 8},
    {0},
};
const RouteParam plan_form_params[] = {
    {.name = "org", .kind = P_ID, .label = "党组织"},
    {.name = "quarter", .kind = P_LINE, .label = "季度", .max = 8},
    {0},
};
const RouteParam plan_post_params[] = {
    {.name = "org", .kind = P_ID, .required = true, .label = "党组织"},
    {.name = "quarter", .kind = P_LINE, .required = true, .label = "季度", .max = 8},
    {.name = "do", .kind = P_ENUM, .label = "保存方式", .choices = do_choices},
    ITEM(1),
    ITEM(2),
    ITEM(3),
    ITEM(4),
    ITEM(5),
    ITEM(6),
    ITEM(7),
    ITEM(8),
    ITEM(9),
    ITEM(10),
    ITEM(11),
    ITEM(12),
    ITEM(13),
    ITEM(14),
    ITEM(15),
    ITEM(16),
    ITEM(17),
    ITEM(18),
    ITEM(19),
    ITEM(20),
    ITEM(21),
    ITEM(22),
    ITEM(23),
    ITEM(24),
    {0},
};
_Static_assert(PLAN_MAX_ITEMS == 24, "plan_post_params declares 24 rows");

/* ---- helpers ---- */

static const char *str_or_empty(const char *s) { return s ? s : ""; }

static int org_not_found(Req *r) { return web_error(r, 404, "组织不存在，或不在您的管辖范围内"); }

/* The rule set in force (the defaults when the stored versions cannot be read: rs then holds
 * them, see meeting_rules_load). */
static void load_rules(Req *r, MeetingRuleSet *rs) { (void)meeting_rules_load(r->db, rs); }

/* The quarter asked for (default: today's); false with a 400 answered when it is invalid. */
static bool quarter_of(Req *r, Date today, Period *q, int *rc) {
  const char *s = req_param(r, "quarter");
  if (!s) {
    *q = date_period_of(PERIOD_QUARTER, today);
    return true;
  }
  if (plan_quarter_parse(s, q) != 0) {
    *rc = web_error(r, 400, "「季度」应写作如 2025Q3（2000–2100年）");
    return false;
  }
  return true;
}

/* The org asked for (org, else the account's own, else the scope's first root), in scope;
 * NULL with a 404 answered. */
static json_t *org_of(Req *r, Date today, int *rc) {
  char t[DATE_ISO_SIZE];
  date_format_iso(today, t);
  int64_t id = req_param_int(r, "org", 0);
  if (id <= 0) {
    json_t *first = org_get_or_first(r->db, &r->scope, r->user.org_id);
    id = view_int(first, "id");
    json_decref(first);
  }
  json_t *org = id > 0 ? plan_org(r->db, &r->scope, id, t) : NULL;
  if (!org) {
    *rc = org_not_found(r);
  }
  return org;
}

/* The org of the form or the post: a branch in scope that is not dissolved; else answered. */
static json_t *form_org(Req *r, Date today, int *rc) {
  json_t *org = org_of(r, today, rc);
  if (!org) {
    return NULL;
  }
  if (!meeting_org_is_branch(view_str(org, "kind"))) {
    json_decref(org);
    *rc = web_error(r, 400, "「党组织」季度计划由党支部（党总支）报送，请选择党支部");
    return NULL;
  }
  if (view_str(org, "dissolved")) {
    json_decref(org);
    *rc = web_error(r, 409, "该组织已撤销，不能再报送计划");
    return NULL;
  }
  return org;
}

/* The quarter and the org of a page (form: the org of the form, form_org; else org_of); NULL
 * with the answer in *rc when either is wrong. */
static json_t *page_org(Req *r, Date today, bool form, Period *q, int *rc) {
  if (!quarter_of(r, today, q, rc)) {
    return NULL;
  }
  return form ? form_org(r, today, rc) : org_of(r, today, rc);
}

static json_t *plans_href(int64_t org_id, Period q) {
  char key[PERIOD_KEY_SIZE], h[80];
  snprintf(h, sizeof h, "/plans?org=%lld&quarter=%s", (long long)org_id, plan_quarter_key(q, key));
  return json_string(h);
}

static json_t *edit_href(int64_t org_id, Period q) {
  char key[PERIOD_KEY_SIZE], h[80];
  snprintf(h, sizeof h, "/plans/edit?org=%lld&quarter=%s", (long long)org_id,
           plan_quarter_key(q, key));
  return json_string(h);
}

/* "YYYY-MM-DD HH:MM" (local, entry.utc_offset_minutes) of a Unix time, or null. */
static json_t *local_time(const MeetingRuleSet *rs, int64_t at) {
  if (at <= 0) {
    return json_null();
  }
  char s[MEETING_LOCAL_TIME_SIZE];
  return json_string(meeting_local_time(rs, at, s));
}

/* The MeetingOrg of a plan_org row. */
static MeetingOrg meeting_org_of(const json_t *org) {
  return (MeetingOrg){.kind = view_str(org, "kind"),
                      .has_committee = view_int(org, "has_committee") != 0,
                      .has_groups = view_int(org, "has_groups") != 0};
}

/* The first-filing status of a plan (plan_get row or roll-up row; NULL: none). */
static PlanStatus status_of(const MeetingRuleSet *rs, const DateCalendar *cal, Period q,
                            const json_t *plan, Date today, MeetingDeadline *dl) {
  const char *state = view_str(plan, "state");
  int64_t at = view_int(plan, "filed_at");
  bool filed = state && strcmp(state, "filed") == 0 && at > 0;
  Date d = meeting_entry_date(rs, filed ? at : 0);
  return plan_status(rs, cal, q, filed ? &d : NULL, today, dl);
}

/* status_of under the rules in force and the stored calendar. */
static PlanStatus status_now(Req *r, Period q, const json_t *plan, Date today,
                             MeetingDeadline *dl) {
  MeetingRuleSet rs;
  load_rules(r, &rs);
  DateCalendar *cal = calendar_load_or_empty(r->db);
  PlanStatus st = status_of(&rs, cal, q, plan, today, dl);
  date_calendar_free(cal);
  return st;
}

/* {code, label, class, due, days_late, text} of a status. */
static json_t *status_view(PlanStatus s, const MeetingDeadline *dl) {
  char due[DATE_ISO_SIZE], text[160];
  date_format_iso(dl->due, due);
  switch (s) {
  case PLAN_STATUS_ON_TIME:
    snprintf(text, sizeof text, "按时报送（截止 %s）", due);
    break;
  case PLAN_STATUS_LATE:
    snprintf(text, sizeof text, "逾期 %d 天报送（截止 %s）", dl->days_late, due);
    break;
  case PLAN_STATUS_MISSING:
    snprintf(text, sizeof text, "未报送，已逾期 %d 天（截止 %s）", dl->days_late, due);
    break;
  default:
    snprintf(text, sizeof text, "尚未报送，截止 %s", due);
    break;
  }
  return json_pack("{s:s, s:s, s:s, s:s, s:i, s:s}", "code", plan_status_code(s), "label",
                   plan_status_label(s), "class", plan_status_class(s), "due", due, "days_late",
                   dl->days_late, "text", text);
}

/* The plan's items as PlanEntry (kind codes the rules know; others are skipped). */
static size_t items_entries(const json_t *items, PlanEntry *out, size_t max) {
  size_t n = 0;
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    const MeetingKind *k = meeting_kind_find(view_str(it, "kind"));
    const char *d = view_str(it, "planned_on");
    Date date;
    if (n < max && k && d && date_parse(d, strlen(d), &date, NULL) == 0) {
      out[n++] = (PlanEntry){k->id, date, view_int(it, "id")};
    }
  }
  return n;
}

/* The meetings of plan_held as PlanEntry, malloc'd (*out NULL when none). */
static size_t held_entries(const json_t *held, PlanEntry **out) {
  size_t n = json_array_size(held), k = 0;
  *out = calloc(n + 1, sizeof **out);
  if (!*out) {
    abort();
  }
  size_t i;
  json_t *m;
  json_array_foreach(held, i, m) {
    const MeetingKind *kind = meeting_kind_find(view_str(m, "kind"));
    const char *at = view_str(m, "held_at");
    Date d;
    if (kind && at && strlen(at) >= 10 && date_parse(at, 10, &d, NULL) == 0) {
      (*out)[k++] = (PlanEntry){kind->id, d, view_int(m, "id")};
    }
  }
  return k;
}

/* The common head of the pages: title, org, quarter, navigation. */
static json_t *page_model(const char *title, const json_t *org, Period q) {
  char key[PERIOD_KEY_SIZE], label[PERIOD_LABEL_SIZE], first[DATE_ISO_SIZE], last[DATE_ISO_SIZE];
  int64_t id = view_int(org, "id");
  Period prev = date_period_prev(q), next = date_period_next(q);
  char prev_label[PERIOD_LABEL_SIZE], next_label[PERIOD_LABEL_SIZE];
  return json_pack("{s:s, s:{s:I, s:s, s:s}, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:s}", "title",
                   title, "org", "id", (json_int_t)id, "name", view_str_or(org, "name", ""), "kind",
                   view_str_or(org, "kind", ""), "quarter", plan_quarter_key(q, key),
                   "quarter_label", date_period_label(q, label), "quarter_first",
                   date_format_iso(date_period_first_day(q), first), "quarter_last",
                   date_format_iso(date_period_last_day(q), last), "prev_href",
                   plans_href(id, prev), "prev_label", date_period_label(prev, prev_label),
                   "next_href", plans_href(id, next), "next_label",
                   date_period_label(next, next_label));
}

/* ---- the branch: plan vs held ---- */

static int branch_view(Req *r, const json_t *org, Period q, Date today) {
  int64_t org_id = view_int(org, "id");
  char key[PERIOD_KEY_SIZE], from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
  date_period_key(q, key);
  date_format_iso(date_period_first_day(q), from);
  date_format_iso(date_add_days(date_period_last_day(q), 1), to);
  json_t *plan = plan_get(r->db, &r->scope, org_id, key);
  json_t *held = plan_held(r->db, &r->scope, org_id, from, to);
  if (!held) {
    json_decref(plan);
    return -1;
  }
  MeetingRuleSet rs;
  load_rules(r, &rs);
  DateCalendar *cal = calendar_load_or_empty(r->db);
  MeetingDeadline dl;
  PlanStatus st = status_of(&rs, cal, q, plan, today, &dl);
  json_t *m = page_model("三会一课季度计划", org, q);
  json_object_set_new(m, "mode", json_string("branch"));
  json_object_set_new(m, "period_key", json_string(key));
  json_object_set_new(m, "status", status_view(st, &dl));
  json_object_set_new(
      m, "can_edit",
      json_boolean(authz_can(r->user.role, PERM_MEETING_EDIT) && !view_str(org, "dissolved")));
  json_object_set_new(m, "edit_href", edit_href(org_id, q));
  const char *state = view_str(plan, "state");
  json_object_set_new(m, "has_plan", json_boolean(plan != NULL));
  json_object_set_new(m, "filed", json_boolean(state && strcmp(state, "filed") == 0));
  json_object_set_new(m, "draft", json_boolean(state && strcmp(state, "draft") == 0));
  json_object_set_new(m, "filed_at", local_time(&rs, view_int(plan, "filed_at")));
  json_object_set_new(m, "filed_by",
                      view_text(view_str(plan, "filed_name") ? view_str(plan, "filed_name")
                                                             : view_str(plan, "filed_login")));
  json_object_set_new(m, "amended_at", local_time(&rs, view_int(plan, "amended_at")));
  json_object_set_new(m, "n_amendments", json_integer(view_int(plan, "n_amendments")));
  /* matching */
  json_t *items = json_object_get(plan, "items");
  PlanEntry it[PLAN_MAX_ITEMS];
  size_t n_it = items_entries(items, it, PLAN_MAX_ITEMS);
  PlanEntry *he;
  size_t n_he = held_entries(held, &he);
  bool *used = calloc(n_he + 1, sizeof *used);
  if (!used) {
    abort();
  }
  PlanMatch pm;
  plan_match(it, n_it, he, n_he, today, &pm, used);
  json_t *rows = json_array();
  size_t k = 0;
  size_t i;
  json_t *x;
  json_array_foreach(items, i, x) {
    if (k >= n_it || view_int(x, "id") != it[k].id) {
      continue; /* an item the rules do not know (never stored: kinds are checked) */
    }
    json_t *row = json_pack(
        "{s:s, s:s, s:o, s:o, s:s, s:s, s:s}", "kind_label",
        meeting_kind_label(view_str(x, "kind")), "planned_on",
        str_or_empty(view_str(x, "planned_on")), "topic", view_text(view_str(x, "topic")),
        "lecturer", view_text(view_str(x, "lecturer")), "outcome", plan_outcome_code(pm.outcome[k]),
        "outcome_label", plan_outcome_label(pm.outcome[k]), "class",
        pm.outcome[k] == PLAN_OUTCOME_HELD      ? "ok"
        : pm.outcome[k] == PLAN_OUTCOME_PENDING ? "warn"
                                                : "bad");
    if (pm.item_held[k] >= 0) {
      const PlanEntry *h = &he[pm.item_held[k]];
      char d[DATE_ISO_SIZE], off[32];
      snprintf(off, sizeof off, "%+d 天", pm.days_off[k]);
      json_object_set_new(row, "held_on", json_string(date_format_iso(h->date, d)));
      json_object_set_new(row, "held_href", view_href("/meetings/", h->id, ""));
      json_object_set_new(row, "days_off", pm.days_off[k] ? json_string(off) : json_null());
    } else {
      json_object_set_new(row, "held_on", json_null());
      json_object_set_new(row, "held_href", json_null());
      json_object_set_new(row, "days_off", json_null());
    }
    json_array_append_new(rows, row);
    k++;
  }
  json_object_set_new(m, "items", rows);
  json_t *unplanned = json_array();
  for (size_t j = 0, hj = 0; j < json_array_size(held); j++) {
    json_t *h = json_array_get(held, j);
    if (hj < n_he && he[hj].id == view_int(h, "id")) {
      if (!used[hj]) {
        json_array_append_new(unplanned,
                              json_pack("{s:s, s:s, s:s, s:o}", "kind_label",
                                        meeting_kind_label(view_str(h, "kind")), "held_at",
                                        str_or_empty(view_str(h, "held_at")), "org_name",
                                        str_or_empty(view_str(h, "org_name")), "href",
                                        view_href("/meetings/", view_int(h, "id"), "")));
      }
      hj++;
    }
  }
  json_object_set_new(m, "has_unplanned", json_boolean(json_array_size(unplanned) > 0));
  json_object_set_new(m, "unplanned", unplanned);
  json_object_set_new(m, "counts",
                      json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}", "planned", pm.n_planned, "held",
                                pm.n_held, "missed", pm.n_missed, "pending", pm.n_pending,
                                "unplanned", pm.n_unplanned, "all_held", (int)n_he));
  /* the plan against what the rules require (a note, never a block: 一般) */
  PlanEntry req[PLAN_MAX_ITEMS * 2];
  MeetingOrg mo = meeting_org_of(org);
  size_t n_req = plan_suggest(&rs, &mo, q, cal, NULL, 0, NULL, 0, req, PLAN_MAX_ITEMS * 2);
  if (n_req > PLAN_MAX_ITEMS * 2) {
    n_req = PLAN_MAX_ITEMS * 2;
  }
  json_t *short_of = json_array();
  for (int kk = 0; kk < MEETING_KIND_COUNT; kk++) {
    int want = 0, have = 0;
    for (size_t j = 0; j < n_req; j++) {
      want += (int)req[j].kind == kk;
    }
    for (size_t j = 0; j < n_it; j++) {
      have += (int)it[j].kind == kk;
    }
    if (plan && want > have) {
      char s[96];
      snprintf(s, sizeof s, "%s：规定 %d 次，计划 %d 次", meeting_kinds[kk].label, want, have);
      json_array_append_new(short_of, json_string(s));
    }
  }
  json_object_set_new(m, "has_short_of", json_boolean(json_array_size(short_of) > 0));
  json_object_set_new(m, "short_of", short_of);
  char note[320];
  snprintf(note, sizeof note,
           "规则版本 %s：季度计划应在每季度第一个月 %d "
           "日前报送%s；计入除“已关闭”“退回重开”以外的会议记录。",
           rs.version, meeting_param(&rs, MEETING_PARAM_PLAN_DAY),
           meeting_param(&rs, MEETING_PARAM_PLAN_NEXT_WORKDAY) ? "（遇节假日顺延）" : "");
  json_object_set_new(m, "rules_note", json_string(note));
  free(used);
  free(he);
  date_calendar_free(cal);
  json_decref(held);
  json_decref(plan);
  return web_render(r, 200, "plan_branch", m);
}

/* ---- the roll-up of a town or the district ---- */

typedef struct RollRow {
  const json_t *row;
  PlanStatus status;
  int days_late;
  PlanMatch pm;
  bool draft;
} RollRow;

static int status_rank(PlanStatus s) {
  return s == PLAN_STATUS_MISSING   ? 0
         : s == PLAN_STATUS_LATE    ? 1
         : s == PLAN_STATUS_PENDING ? 2
                                    : 3;
}

static int roll_cmp(const void *a, const void *b) {
  const RollRow *x = a, *y = b;
  int c = status_rank(x->status) - status_rank(y->status);
  if (c) {
    return c;
  }
  if (x->pm.n_missed != y->pm.n_missed) {
    return y->pm.n_missed - x->pm.n_missed;
  }
  return strcmp(view_str_or(x->row, "path", ""), view_str_or(y->row, "path", ""));
}

typedef struct Sum {
  int64_t town_id;
  const char *name;
  int n, on_time, late, missing, pending, drafts;
  int planned, held, missed, unplanned;
} Sum;

static void sum_add(Sum *s, const RollRow *b) {
  s->n++;
  s->on_time += b->status == PLAN_STATUS_ON_TIME;
  s->late += b->status == PLAN_STATUS_LATE;
  s->missing += b->status == PLAN_STATUS_MISSING;
  s->pending += b->status == PLAN_STATUS_PENDING;
  s->drafts += b->draft;
  s->planned += b->pm.n_planned;
  s->held += b->pm.n_held;
  s->missed += b->pm.n_missed;
  s->unplanned += b->pm.n_unplanned;
}

static json_t *sum_view(const Sum *s, Period q) {
  json_t *o =
      json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "name",
                s->name ? s->name : "直属", "n", s->n, "on_time", s->on_time, "late", s->late,
                "missing", s->missing, "pending", s->pending, "drafts", s->drafts, "planned",
                s->planned, "held", s->held, "missed", s->missed, "unplanned", s->unplanned);
  json_object_set_new(o, "href", s->town_id ? plans_href(s->town_id, q) : json_null());
  return o;
}

static int rollup_view(Req *r, const json_t *org, Period q, Date today) {
  int64_t org_id = view_int(org, "id");
  char key[PERIOD_KEY_SIZE], from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
  date_period_key(q, key);
  date_format_iso(date_period_first_day(q), from);
  date_format_iso(date_add_days(date_period_last_day(q), 1), to);
  json_t *rows = plan_rollup(r->db, &r->scope, org_id, key, from, to);
  if (!rows) {
    return -1;
  }
  MeetingRuleSet rs;
  load_rules(r, &rs);
  DateCalendar *cal = calendar_load_or_empty(r->db);
  size_t n = json_array_size(rows);
  RollRow *b = calloc(n + 1, sizeof *b);
  Sum *towns = calloc(n + 1, sizeof *towns);
  if (!b || !towns) {
    abort();
  }
  Sum all = {.name = "合计"};
  size_t nt = 0;
  MeetingDeadline dl = {0};
  for (size_t i = 0; i < n; i++) {
    json_t *row = json_array_get(rows, i);
    b[i].row = row;
    b[i].status = status_of(
        &rs, cal, q, json_is_integer(json_object_get(row, "plan_id")) ? row : NULL, today, &dl);
    b[i].days_late = dl.days_late;
    const char *state = view_str(row, "state");
    b[i].draft = state && strcmp(state, "draft") == 0;
    PlanEntry *items, *held;
    size_t ni = plan_entries_parse(view_str(row, "items"), &items);
    size_t nh = plan_entries_parse(view_str(row, "held"), &held);
    plan_match(items, ni, held, nh, today, &b[i].pm, NULL);
    free(items);
    free(held);
    int64_t town = view_int(row, "town_id");
    size_t t = 0;
    while (t < nt && towns[t].town_id != town) {
      t++;
    }
    if (t == nt) {
      towns[nt++] = (Sum){.town_id = town, .name = view_str(row, "town_name")};
    }
    sum_add(&towns[t], &b[i]);
    sum_add(&all, &b[i]);
  }
  /* the deadline is the same for every branch */
  plan_status(&rs, cal, q, NULL, today, &dl);
  char due[DATE_ISO_SIZE];
  date_format_iso(dl.due, due);
  qsort(b, n, sizeof *b, roll_cmp);
  json_t *branches = json_array();
  for (size_t i = 0; i < n; i++) {
    const json_t *row = b[i].row;
    MeetingDeadline d = {.due = dl.due, .days_late = b[i].days_late};
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:o, s:o, s:b, s:o, s:i, s:i, s:i, s:i, s:i}", "id",
        (json_int_t)view_int(row, "id"), "name",
        view_str_or(row, "short_name", view_str_or(row, "name", "")), "town_name",
        view_str_or(row, "town_name", "直属"), "href", plans_href(view_int(row, "id"), q), "status",
        status_view(b[i].status, &d), "draft", b[i].draft, "filed_at",
        local_time(&rs, view_str(row, "state") && strcmp(view_str(row, "state"), "filed") == 0
                            ? view_int(row, "filed_at")
                            : 0),
        "planned", b[i].pm.n_planned, "held", b[i].pm.n_held, "missed", b[i].pm.n_missed, "pending",
        b[i].pm.n_pending, "unplanned", b[i].pm.n_unplanned);
    json_object_set_new(o, "amended", json_boolean(view_int(row, "n_amendments") > 0));
    json_array_append_new(branches, o);
  }
  json_t *town_rows = json_array();
  for (size_t t = 0; t < nt; t++) {
    json_array_append_new(town_rows, sum_view(&towns[t], q));
  }
  json_t *m = page_model("三会一课季度计划", org, q);
  json_object_set_new(m, "mode", json_string("rollup"));
  json_object_set_new(m, "due", json_string(due));
  json_object_set_new(m, "branches", branches);
  json_object_set_new(m, "empty", json_boolean(n == 0));
  json_object_set_new(m, "towns", town_rows);
  json_object_set_new(m, "many_towns", json_boolean(nt > 1));
  json_object_set_new(m, "total", sum_view(&all, q));
  free(towns);
  free(b);
  date_calendar_free(cal);
  json_decref(rows);
  return web_render(r, 200, "plan_rollup", m);
}

int plan_view_page(Req *r) {
  Date today = date_today();
  int rc = 0;
  Period q;
  json_t *org = page_org(r, today, false, &q, &rc);
  if (!org) {
    return rc;
  }
  const char *kind = view_str(org, "kind");
  if (kind && strcmp(kind, "group") == 0) {
    json_decref(org);
    return web_error(r, 400, "党小组的会议计入所在党支部的季度计划，请选择党支部");
  }
  rc = meeting_org_is_branch(kind) ? branch_view(r, org, q, today) : rollup_view(r, org, q, today);
  json_decref(org);
  return rc;
}

/* ---- the form ---- */

/* One form row: {n, kind_options, date, topic, lecturer, errors…}. */
static json_t *form_row(Req *r, int n, const char *kind, const char *date, const char *topic,
                        const char *lecturer) {
  json_t *opts = json_array();
  json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", "", "label", "（不填）",
                                        "selected", !kind || !*kind));
  for (int k = 0; k < MEETING_KIND_COUNT; k++) {
    json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", meeting_kinds[k].code,
                                          "label", meeting_kinds[k].label, "selected",
                                          kind && strcmp(kind, meeting_kinds[k].code) == 0));
  }
  json_t *row = json_pack("{s:i, s:o, s:s, s:s, s:s}", "n", n, "kind_options", opts, "date",
                          str_or_empty(date), "topic", str_or_empty(topic), "lecturer",
                          str_or_empty(lecturer));
  static const char prefixes[] = "kdtl";
  json_t *errs = json_array();
  for (int c = 0; c < 4; c++) {
    char k[16];
    snprintf(k, sizeof k, "%c%d", prefixes[c], n);
    const char *e = view_str(r->errors, k);
    if (e) {
      json_array_append_new(errs, json_string(e));
    }
  }
  json_object_set_new(row, "has_row_errors", json_boolean(json_array_size(errs) > 0));
  json_object_set_new(row, "row_errors", errs);
  return row;
}

/* A stored plan item as {kind, <date_key>: planned_on, topic, lecturer}. New reference. */
static json_t *item_json(const json_t *x, const char *date_key) {
  return json_pack("{s:s, s:s, s:o, s:o}", "kind", str_or_empty(view_str(x, "kind")), date_key,
                   str_or_empty(view_str(x, "planned_on")), "topic",
                   view_text(view_str(x, "topic")), "lecturer", view_text(view_str(x, "lecturer")));
}

/* Renders the form; rows: [{n, kind, date, topic, lecturer}] (stolen). */
static int render_form(Req *r, int status, const json_t *org, Period q, const json_t *plan,
                       json_t *rows, bool suggested, Date today) {
  json_t *m = page_model("填报三会一课季度计划", org, q);
  size_t n = json_array_size(rows);
  size_t total = n + BLANK_ROWS;
  if (total < MIN_ROWS) {
    total = MIN_ROWS;
  }
  if (total > PLAN_MAX_ITEMS) {
    total = PLAN_MAX_ITEMS;
  }
  json_t *form_rows = json_array();
  for (size_t i = 0; i < total; i++) {
    json_t *x = json_array_get(rows, i);
    json_array_append_new(form_rows,
                          form_row(r, (int)i + 1, view_str(x, "kind"), view_str(x, "date"),
                                   view_str(x, "topic"), view_str(x, "lecturer")));
  }
  json_decref(rows);
  const char *state = view_str(plan, "state");
  bool filed = state && strcmp(state, "filed") == 0;
  MeetingDeadline dl;
  PlanStatus st = status_now(r, q, plan, today, &dl);
  json_object_set_new(m, "rows", form_rows);
  json_object_set_new(m, "filed", json_boolean(filed));
  json_object_set_new(m, "suggested", json_boolean(suggested));
  json_object_set_new(m, "status", status_view(st, &dl));
  json_object_set_new(m, "cancel_href", plans_href(view_int(org, "id"), q));
  json_object_set_new(m, "secretary", view_text(view_str(org, "secretary")));
  if (req_has_errors(r)) {
    json_object_set(m, "errors", r->errors);
  }
  return web_render(r, status, "plan_form", m);
}

int plan_form_page(Req *r) {
  Date today = date_today();
  int rc = 0;
  Period q;
  json_t *org = page_org(r, today, true, &q, &rc);
  if (!org) {
    return rc;
  }
  int64_t org_id = view_int(org, "id");
  char key[PERIOD_KEY_SIZE];
  json_t *plan = plan_get(r->db, &r->scope, org_id, date_period_key(q, key));
  json_t *rows = json_array();
  bool suggested = false;
  if (plan) {
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(plan, "items"), i, x) {
      json_array_append_new(rows, item_json(x, "date"));
    }
  } else {
    /* Pre-filled from the rules, the meetings already held this year, and the previous
     * quarter's plan: the secretary only confirms and adjusts. */
    char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
    date_format_iso((Date){q.year, 1, 1}, from);
    date_format_iso(date_add_days(date_period_last_day(q), 1), to);
    json_t *held = plan_held(r->db, &r->scope, org_id, from, to);
    PlanEntry *he = NULL;
    size_t n_he = held ? held_entries(held, &he) : 0;
    json_decref(held);
    json_t *prev = plan_get(r->db, &r->scope, org_id, date_period_key(date_period_prev(q), key));
    PlanEntry hints[PLAN_MAX_ITEMS];
    size_t n_hints = items_entries(json_object_get(prev, "items"), hints, PLAN_MAX_ITEMS);
    json_decref(prev);
    MeetingRuleSet rs;
    load_rules(r, &rs);
    DateCalendar *cal = calendar_load_or_empty(r->db);
    MeetingOrg mo = meeting_org_of(org);
    PlanEntry sug[PLAN_MAX_ITEMS];
    size_t n = plan_suggest(&rs, &mo, q, cal, he, n_he, hints, n_hints, sug, PLAN_MAX_ITEMS);
    if (n > PLAN_MAX_ITEMS) {
      n = PLAN_MAX_ITEMS;
    }
    for (size_t i = 0; i < n; i++) {
      char d[DATE_ISO_SIZE];
      bool lecture = sug[i].kind == MEETING_LECTURE;
      json_array_append_new(
          rows, json_pack("{s:s, s:s, s:n, s:o}", "kind", meeting_kinds[sug[i].kind].code, "date",
                          date_format_iso(sug[i].date, d), "topic", "lecturer",
                          lecture ? view_text(view_str(org, "secretary")) : json_null()));
    }
    suggested = n > 0;
    date_calendar_free(cal);
    free(he);
  }
  rc = render_form(r, 200, org, q, plan, rows, suggested, today);
  json_decref(plan);
  json_decref(org);
  return rc;
}

/* ---- filing ---- */

/* The posted rows (kept as entered, for the form again) and the items to store. */
typedef struct Posted {
  PlanItemIn items[PLAN_MAX_ITEMS];
  size_t n;
  json_t *rows; /* [{kind, date, topic, lecturer}] per slot up to the last non-blank one */
} Posted;

static void read_rows(Req *r, Period q, Posted *p) {
  memset(p, 0, sizeof *p);
  p->rows = json_array();
  Date first = date_period_first_day(q), last = date_period_last_day(q);
  char qlabel[PERIOD_LABEL_SIZE], f[DATE_ISO_SIZE], l[DATE_ISO_SIZE];
  date_period_label(q, qlabel);
  date_format_iso(first, f);
  date_format_iso(last, l);
  Date dates[PLAN_MAX_ITEMS];
  int row_of[PLAN_MAX_ITEMS];
  size_t last_used = 0;
  for (int i = 1; i <= PLAN_MAX_ITEMS; i++) {
    char kk[16], dk[16], tk[16], lk[16];
    snprintf(kk, sizeof kk, "k%d", i);
    snprintf(dk, sizeof dk, "d%d", i);
    snprintf(tk, sizeof tk, "t%d", i);
    snprintf(lk, sizeof lk, "l%d", i);
    const char *kind = req_param(r, kk), *date = req_param(r, dk), *topic = req_param(r, tk),
               *lecturer = req_param(r, lk);
    bool bad = json_object_get(r->errors, kk) || json_object_get(r->errors, dk) ||
               json_object_get(r->errors, tk) || json_object_get(r->errors, lk);
    json_array_append_new(p->rows, json_pack("{s:o, s:o, s:o, s:o}", "kind", view_text(kind),
                                             "date", view_text(date), "topic", view_text(topic),
                                             "lecturer", view_text(lecturer)));
    if (!kind && !date && !topic && !lecturer && !bad) {
      continue;
    }
    last_used = (size_t)i;
    Buf msg = BUF_INIT;
    if (!kind && !json_object_get(r->errors, kk)) {
      buf_printf(&msg, "「第%d行会议类型」请选择会议类型", i);
      req_error(r, kk, buf_cstr(&msg));
    }
    Date d = {0};
    if (!date && !json_object_get(r->errors, dk)) {
      buf_reset(&msg);
      buf_printf(&msg, "「第%d行计划日期」请填写计划日期", i);
      req_error(r, dk, buf_cstr(&msg));
    } else if (date && date_parse(date, strlen(date), &d, NULL) == 0 &&
               !date_period_contains(q, d)) {
      buf_reset(&msg);
      buf_printf(&msg, "「第%d行计划日期」%s 不在%s（%s 至 %s）内", i, date, qlabel, f, l);
      req_error(r, dk, buf_cstr(&msg));
    }
    if (lecturer && kind && strcmp(kind, "lecture") != 0) {
      buf_reset(&msg);
      buf_printf(&msg, "「第%d行讲课人」只有党课需要填写讲课人", i);
      req_error(r, lk, buf_cstr(&msg));
    }
    /* two 党小组 may well meet on the same day; any other kind twice on a day is a slip */
    if (kind && date && strcmp(kind, "group") != 0 && !json_object_get(r->errors, dk)) {
      for (size_t j = 0; j < p->n; j++) {
        if (strcmp(p->items[j].kind, kind) == 0 && date_equal(dates[j], d)) {
          buf_reset(&msg);
          buf_printf(&msg, "「第%d行」与第%d行重复：同一类型、同一日期只需填写一次", i, row_of[j]);
          req_error(r, dk, buf_cstr(&msg));
          break;
        }
      }
    }
    buf_free(&msg);
    if (kind && date && p->n < PLAN_MAX_ITEMS) {
      dates[p->n] = d;
      row_of[p->n] = i;
      p->items[p->n++] = (PlanItemIn){kind, date, topic, lecturer};
    }
  }
  /* keep only the rows up to the last one filled in */
  while (json_array_size(p->rows) > last_used) {
    json_array_remove(p->rows, json_array_size(p->rows) - 1);
  }
  if (p->n == 0 && !req_has_errors(r)) {
    req_error(r, "items", "「计划」请至少填写一次会议（会议类型和计划日期）");
  }
}

/* The plan as audited: {state, filed_at, n_amendments, items [{kind, planned_on, topic,
 * lecturer}]}, or NULL for none. New reference. */
static json_t *audit_json(const json_t *plan) {
  if (!plan) {
    return NULL;
  }
  json_t *items = json_array();
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(plan, "items"), i, x) {
    json_array_append_new(items, item_json(x, "planned_on"));
  }
  return json_pack("{s:I, s:s, s:s, s:O, s:I, s:o}", "org_id", (json_int_t)view_int(plan, "org_id"),
                   "quarter", str_or_empty(view_str(plan, "quarter")), "state",
                   str_or_empty(view_str(plan, "state")), "filed_at",
                   json_object_get(plan, "filed_at") ? json_object_get(plan, "filed_at")
                                                     : json_null(),
                   "n_amendments", (json_int_t)view_int(plan, "n_amendments"), "items", items);
}

static int write_failed(Req *r) {
  while (db_depth(r->db) > 0) {
    db_rollback(r->db);
  }
  return -1;
}

int plan_post_page(Req *r) {
  Date today = date_today();
  int rc = 0;
  Period q;
  json_t *org = page_org(r, today, true, &q, &rc);
  if (!org) {
    return rc;
  }
  int64_t org_id = view_int(org, "id");
  char key[PERIOD_KEY_SIZE];
  date_period_key(q, key);
  const char *d = req_param(r, "do");
  bool file = !d || strcmp(d, "file") == 0;
  Posted p;
  read_rows(r, q, &p);
  json_t *before = plan_get(r->db, &r->scope, org_id, key);
  if (req_has_errors(r)) {
    rc = render_form(r, 400, org, q, before, p.rows, false, today);
    json_decref(before);
    json_decref(org);
    return rc;
  }
  int64_t id = 0;
  bool amended = false;
  const char *why = NULL;
  if (db_begin(r->db) != DB_OK) {
    json_decref(p.rows);
    json_decref(before);
    json_decref(org);
    return -1;
  }
  int db = plan_save(r->db, &r->scope, org_id, key, file ? "filed" : "draft", p.items, p.n,
                     r->user.id, (int64_t)time(NULL), &id, &amended, &why);
  json_decref(p.rows);
  if (db == DB_CONSTRAINT && why) {
    db_rollback(r->db);
    json_decref(before);
    json_decref(org);
    return web_error(r, 409, why);
  }
  if (db == DB_NOTFOUND) {
    db_rollback(r->db);
    json_decref(before);
    json_decref(org);
    return org_not_found(r);
  }
  json_t *after = db == DB_OK ? plan_get(r->db, &r->scope, org_id, key) : NULL;
  char id_s[24];
  snprintf(id_s, sizeof id_s, "%lld", (long long)id);
  if (!after ||
      web_audit(r, before ? "update" : "create", "meeting_plan", id_s, audit_json(before),
                audit_json(after)) != DB_OK ||
      db_commit(r->db) != DB_OK) {
    json_decref(after);
    json_decref(before);
    json_decref(org);
    return write_failed(r);
  }
  MeetingDeadline dl;
  PlanStatus st = status_now(r, q, after, today, &dl);
  char qlabel[PERIOD_LABEL_SIZE], due[DATE_ISO_SIZE];
  date_period_label(q, qlabel);
  date_format_iso(dl.due, due);
  Buf msg = BUF_INIT;
  if (!file) {
    buf_printf(&msg, "%s计划已暂存（尚未报送，截止 %s）", qlabel, due);
  } else if (amended) {
    buf_printf(&msg, "%s计划已修改并重新报送", qlabel);
  } else if (st == PLAN_STATUS_LATE) {
    buf_printf(&msg, "%s计划已报送：逾期 %d 天（截止 %s）", qlabel, dl.days_late, due);
  } else {
    buf_printf(&msg, "%s计划已按时报送", qlabel);
  }
  web_flash(r, st == PLAN_STATUS_LATE || !file ? "warn" : "ok", buf_cstr(&msg));
  buf_free(&msg);
  json_t *href = plans_href(org_id, q);
  rc = web_redirect(r, json_string_value(href));
  json_decref(href);
  json_decref(after);
  json_decref(before);
  json_decref(org);
  return rc;
}
