/*
 * Unit tests of src/meeting/plan_rules.c (the quarterly meeting plan): the filing status at its
 * boundaries (filed on the deadline day vs one day late; the deadline on a weekend or a
 * holiday with plan.next_workday 0 and 1, on the official calendar with 国庆 2025 and 清明
 * 2026; not filed before and after the deadline), plan vs held matching (nearest date of the
 * same kind, planned and not held before/after its date, held without a plan), the suggestions
 * that pre-fill the form, the quarter notation, and the roll-up column parser; and the store
 * on a fresh temporary database (scope, draft → filed → amended with the first filing kept,
 * no way back to draft, which records count as held, the roll-up query).
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "db/db.h"
#include "meeting/meeting.h"
#include "meeting/meeting_store.h"
#include "meeting/plan_rules.h"
#include "meeting/plan_store.h"
#include "org/org.h"
#include "web/scope.h"

#include "fixture.h"

#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static Date D(int y, int m, int d) { return (Date){y, m, d}; }

static Period Q(int y, int i) { return (Period){.kind = PERIOD_QUARTER, .year = y, .index = i}; }

static char iso_a[DATE_ISO_SIZE], iso_b[DATE_ISO_SIZE];

#define cr_assert_date(got, want, label)                                                           \
  cr_assert(date_compare((got), (want)) == 0, "%s: got %s, want %s", (label),                      \
            date_format_iso((got), iso_a), date_format_iso((want), iso_b))

static MeetingRuleSet rules(int next_workday) {
  MeetingRuleSet rs;
  meeting_rules_default(&rs);
  if (next_workday) {
    const char *pairs[] = {"plan.next_workday=1"};
    char why[MEETING_WHY_SIZE];
    cr_assert_eq(meeting_rules_apply(&rs, "test.1", "测试：节假日顺延", pairs, 1, why), 0, "%s",
                 why);
  }
  return rs;
}

/* ---- filing status ---- */

Test(plan, status_boundaries) {
  DateCalendar *cn = date_calendar_new();
  date_calendar_load_cn(cn);
  static const struct {
    int next_workday;
    bool official; /* the official calendar, else Monday-Friday */
    Period q;
    Date filed; /* y 0: not filed */
    Date today;
    PlanStatus want;
    Date due;
    int days_late;
  } cases[] = {
      /* 2025-07-05 is a Saturday: due that day unless it moves on */
      {0,
       true,
       {PERIOD_QUARTER, 2025, 3},
       {2025, 7, 5},
       {2025, 9, 1},
       PLAN_STATUS_ON_TIME,
       {2025, 7, 5},
       0},
      {0,
       true,
       {PERIOD_QUARTER, 2025, 3},
       {2025, 7, 6},
       {2025, 9, 1},
       PLAN_STATUS_LATE,
       {2025, 7, 5},
       1},
      {1,
       true,
       {PERIOD_QUARTER, 2025, 3},
       {2025, 7, 7},
       {2025, 9, 1},
       PLAN_STATUS_ON_TIME,
       {2025, 7, 7},
       0},
      {1,
       true,
       {PERIOD_QUARTER, 2025, 3},
       {2025, 7, 8},
       {2025, 9, 1},
       PLAN_STATUS_LATE,
       {2025, 7, 7},
       1},
      /* 2025-10-05 falls in 国庆 (10-01 .. 10-08 off): next working day 10-09 */
      {1,
       true,
       {PERIOD_QUARTER, 2025, 4},
       {2025, 10, 9},
       {2025, 12, 1},
       PLAN_STATUS_ON_TIME,
       {2025, 10, 9},
       0},
      {1,
       true,
       {PERIOD_QUARTER, 2025, 4},
       {2025, 10, 10},
       {2025, 12, 1},
       PLAN_STATUS_LATE,
       {2025, 10, 9},
       1},
      {0,
       true,
       {PERIOD_QUARTER, 2025, 4},
       {2025, 10, 9},
       {2025, 12, 1},
       PLAN_STATUS_LATE,
       {2025, 10, 5},
       4},
      /* without the calendar 10-05 is only a Sunday: Monday 10-06 */
      {1,
       false,
       {PERIOD_QUARTER, 2025, 4},
       {2025, 10, 6},
       {2025, 12, 1},
       PLAN_STATUS_ON_TIME,
       {2025, 10, 6},
       0},
      {1,
       false,
       {PERIOD_QUARTER, 2025, 4},
       {2025, 10, 7},
       {2025, 12, 1},
       PLAN_STATUS_LATE,
       {2025, 10, 6},
       1},
      /* 清明 2026: 04-04 .. 04-06 off, due 04-07 */
      {1,
       true,
       {PERIOD_QUARTER, 2026, 2},
       {2026, 4, 7},
       {2026, 5, 1},
       PLAN_STATUS_ON_TIME,
       {2026, 4, 7},
       0},
      /* filed long before the quarter: on time */
      {0,
       true,
       {PERIOD_QUARTER, 2026, 1},
       {2025, 12, 20},
       {2026, 3, 1},
       PLAN_STATUS_ON_TIME,
       {2026, 1, 5},
       0},
      /* not filed: pending up to and on the deadline day, missing the day after */
      {0,
       true,
       {PERIOD_QUARTER, 2026, 1},
       {0, 0, 0},
       {2026, 1, 5},
       PLAN_STATUS_PENDING,
       {2026, 1, 5},
       0},
      {0,
       true,
       {PERIOD_QUARTER, 2026, 1},
       {0, 0, 0},
       {2026, 1, 6},
       PLAN_STATUS_MISSING,
       {2026, 1, 5},
       1},
      {1,
       true,
       {PERIOD_QUARTER, 2025, 4},
       {0, 0, 0},
       {2025, 10, 9},
       PLAN_STATUS_PENDING,
       {2025, 10, 9},
       0},
      {1,
       true,
       {PERIOD_QUARTER, 2025, 4},
       {0, 0, 0},
       {2025, 10, 20},
       PLAN_STATUS_MISSING,
       {2025, 10, 9},
       11},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    MeetingRuleSet rs = rules(cases[i].next_workday);
    MeetingDeadline dl;
    bool filed = cases[i].filed.y != 0;
    PlanStatus got = plan_status(&rs, cases[i].official ? cn : NULL, cases[i].q,
                                 filed ? &cases[i].filed : NULL, cases[i].today, &dl);
    cr_expect_eq(got, cases[i].want, "case %zu: status %s, want %s", i, plan_status_code(got),
                 plan_status_code(cases[i].want));
    char label[32];
    snprintf(label, sizeof label, "case %zu due", i);
    cr_assert_date(dl.due, cases[i].due, label);
    cr_expect_eq(dl.days_late, cases[i].days_late, "case %zu: days late %d", i, dl.days_late);
  }
  date_calendar_free(cn);
  cr_expect_str_eq(plan_status_label(PLAN_STATUS_LATE), "逾期报送");
  cr_expect_str_eq(plan_status_class(PLAN_STATUS_MISSING), "bad");
  cr_expect_str_eq(plan_status_class(PLAN_STATUS_ON_TIME), "ok");
}

/* ---- plan vs held ---- */

Test(plan, match_nearest_same_kind) {
  PlanEntry items[] = {
      {MEETING_THEME_DAY, {2025, 7, 10}, 1}, {MEETING_THEME_DAY, {2025, 8, 10}, 2},
      {MEETING_THEME_DAY, {2025, 9, 10}, 3}, {MEETING_COMMITTEE, {2025, 7, 8}, 4},
      {MEETING_LECTURE, {2025, 8, 15}, 5},   {MEETING_PARTY_CONGRESS, {2025, 9, 20}, 6},
  };
  PlanEntry held[] = {
      {MEETING_THEME_DAY, {2025, 8, 12}, 101}, /* → the 08-10 item */
      {MEETING_THEME_DAY, {2025, 7, 9}, 102},  /* → the 07-10 item */
      {MEETING_COMMITTEE, {2025, 7, 20}, 103}, /* → the committee item, 12 days late */
      {MEETING_GROUP, {2025, 7, 12}, 104},     /* no group item: held without a plan */
      {MEETING_LECTURE, {2025, 8, 1}, 105},    /* → the lecture item, 14 days early */
  };
  bool used[N_ELEMS(held)];
  PlanMatch m;
  plan_match(items, N_ELEMS(items), held, N_ELEMS(held), D(2025, 9, 15), &m, used);
  cr_expect_eq(m.item_held[0], 1);
  cr_expect_eq(m.item_held[1], 0);
  cr_expect_eq(m.item_held[2], -1);
  cr_expect_eq(m.item_held[3], 2);
  cr_expect_eq(m.item_held[4], 4);
  cr_expect_eq(m.item_held[5], -1);
  cr_expect_eq(m.days_off[0], -1);
  cr_expect_eq(m.days_off[1], 2);
  cr_expect_eq(m.days_off[3], 12);
  cr_expect_eq(m.days_off[4], -14);
  /* 09-10 is before today (09-15): missed; 09-20 is after: pending */
  cr_expect_eq(m.outcome[2], PLAN_OUTCOME_MISSED);
  cr_expect_eq(m.outcome[5], PLAN_OUTCOME_PENDING);
  cr_expect_eq(m.outcome[0], PLAN_OUTCOME_HELD);
  cr_expect_eq(m.n_planned, 6);
  cr_expect_eq(m.n_held, 4);
  cr_expect_eq(m.n_missed, 1);
  cr_expect_eq(m.n_pending, 1);
  cr_expect_eq(m.n_unplanned, 1);
  cr_expect(used[0] && used[1] && used[2] && !used[3] && used[4]);
}

Test(plan, match_boundaries) {
  /* planned today and not held yet: pending; planned yesterday: missed */
  PlanEntry items[] = {{MEETING_THEME_DAY, {2025, 7, 15}, 1},
                       {MEETING_THEME_DAY, {2025, 7, 14}, 2}};
  PlanMatch m;
  plan_match(items, 2, NULL, 0, D(2025, 7, 15), &m, NULL);
  cr_expect_eq(m.outcome[0], PLAN_OUTCOME_PENDING);
  cr_expect_eq(m.outcome[1], PLAN_OUTCOME_MISSED);
  cr_expect_eq(m.n_unplanned, 0);
  /* two items, one meeting between them: the nearer item takes it, ties go to the earlier */
  PlanEntry two[] = {{MEETING_COMMITTEE, {2025, 7, 10}, 1}, {MEETING_COMMITTEE, {2025, 7, 20}, 2}};
  PlanEntry one[] = {{MEETING_COMMITTEE, {2025, 7, 16}, 9}};
  plan_match(two, 2, one, 1, D(2025, 9, 30), &m, NULL);
  cr_expect_eq(m.item_held[0], -1);
  cr_expect_eq(m.item_held[1], 0);
  PlanEntry mid[] = {{MEETING_COMMITTEE, {2025, 7, 15}, 9}};
  plan_match(two, 2, mid, 1, D(2025, 9, 30), &m, NULL);
  cr_expect_eq(m.item_held[0], 0);
  cr_expect_eq(m.item_held[1], -1);
  cr_expect_eq(m.n_missed, 1);
  /* no plan at all: every meeting is unplanned */
  plan_match(NULL, 0, one, 1, D(2025, 9, 30), &m, NULL);
  cr_expect_eq(m.n_planned, 0);
  cr_expect_eq(m.n_unplanned, 1);
}

/* ---- suggestions ---- */

static int count_kind(const PlanEntry *e, size_t n, MeetingKindId k) {
  int c = 0;
  for (size_t i = 0; i < n; i++) {
    c += e[i].kind == k;
  }
  return c;
}

Test(plan, suggest_required_kinds) {
  MeetingRuleSet rs = rules(0);
  DateCalendar *cn = date_calendar_new();
  date_calendar_load_cn(cn);
  MeetingOrg village = {.kind = "village", .has_committee = true, .has_groups = true};
  PlanEntry s[PLAN_MAX_ITEMS];
  size_t n = plan_suggest(&rs, &village, Q(2025, 3), cn, NULL, 0, NULL, 0, s, PLAN_MAX_ITEMS);
  cr_assert_eq(n, 11, "Q3: %zu suggestions", n);
  cr_expect_eq(count_kind(s, n, MEETING_COMMITTEE), 3);
  cr_expect_eq(count_kind(s, n, MEETING_THEME_DAY), 3);
  cr_expect_eq(count_kind(s, n, MEETING_GROUP), 3);
  cr_expect_eq(count_kind(s, n, MEETING_PARTY_CONGRESS), 1);
  cr_expect_eq(count_kind(s, n, MEETING_LECTURE), 1);
  for (size_t i = 0; i < n; i++) {
    cr_expect(date_period_contains(Q(2025, 3), s[i].date), "%s outside Q3",
              date_format_iso(s[i].date, iso_a));
    cr_expect(date_is_workday(cn, s[i].date), "%s is not a working day",
              date_format_iso(s[i].date, iso_a));
    cr_expect(i == 0 || date_compare(s[i - 1].date, s[i].date) <= 0, "not in date order");
  }
  /* one of each monthly kind per month */
  for (int m = 7; m <= 9; m++) {
    int c = 0;
    for (size_t i = 0; i < n; i++) {
      c += s[i].kind == MEETING_COMMITTEE && s[i].date.m == m;
    }
    cr_expect_eq(c, 1, "committee in month %d: %d", m, c);
  }
  /* Q4 adds the yearly 组织生活会 and 民主评议; without a committee there is no 支委会, without
   * groups no 党小组会 */
  MeetingOrg small = {.kind = "village"};
  n = plan_suggest(&rs, &small, Q(2025, 4), cn, NULL, 0, NULL, 0, s, PLAN_MAX_ITEMS);
  cr_expect_eq(n, 7, "Q4 small branch: %zu", n);
  cr_expect_eq(count_kind(s, n, MEETING_COMMITTEE), 0);
  cr_expect_eq(count_kind(s, n, MEETING_GROUP), 0);
  cr_expect_eq(count_kind(s, n, MEETING_LIFE_MEETING), 1);
  cr_expect_eq(count_kind(s, n, MEETING_APPRAISAL), 1);
  /* a town has no branch rules */
  MeetingOrg town = {.kind = "town", .has_committee = true};
  cr_expect_eq(plan_suggest(&rs, &town, Q(2025, 4), cn, NULL, 0, NULL, 0, s, PLAN_MAX_ITEMS), 0);
  /* max smaller than needed: the count is still the whole */
  cr_expect_eq(plan_suggest(&rs, &village, Q(2025, 3), cn, NULL, 0, NULL, 0, s, 2), 11);
  date_calendar_free(cn);
}

Test(plan, suggest_uses_held_and_hints) {
  MeetingRuleSet rs = rules(0);
  MeetingOrg small = {.kind = "village"};
  PlanEntry held[] = {
      {MEETING_THEME_DAY, {2025, 10, 3}, 1}, /* held already (a holiday, kept as held) */
      {MEETING_APPRAISAL, {2025, 6, 20}, 2}, /* the year's appraisal was held in Q2 */
      {MEETING_LECTURE, {2025, 9, 30}, 3},   /* Q3: not this quarter's */
  };
  PlanEntry hints[] = {{MEETING_THEME_DAY, {2025, 7, 18}, 0}, {MEETING_LECTURE, {2025, 8, 22}, 0}};
  PlanEntry s[PLAN_MAX_ITEMS];
  size_t n = plan_suggest(&rs, &small, Q(2025, 4), NULL, held, N_ELEMS(held), hints, N_ELEMS(hints),
                          s, PLAN_MAX_ITEMS);
  cr_expect_eq(count_kind(s, n, MEETING_APPRAISAL), 0, "appraisal already held this year");
  cr_expect_eq(count_kind(s, n, MEETING_LIFE_MEETING), 1);
  int theme = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i].kind == MEETING_THEME_DAY) {
      Date want = theme == 0 ? D(2025, 10, 3) : theme == 1 ? D(2025, 11, 18) : D(2025, 12, 18);
      cr_assert_date(s[i].date, want, "theme day");
      theme++;
    }
    if (s[i].kind == MEETING_LECTURE) {
      /* the hint's month of its quarter (the 2nd) and day: 2025-11-22 is a Saturday → 11-24 */
      cr_assert_date(s[i].date, D(2025, 11, 24), "lecture");
    }
  }
  cr_expect_eq(theme, 3);
}

/* ---- notation ---- */

Test(plan, quarter_notation) {
  Period q;
  cr_expect_eq(plan_quarter_parse("2025Q3", &q), 0);
  cr_expect(q.kind == PERIOD_QUARTER && q.year == 2025 && q.index == 3);
  cr_expect_eq(plan_quarter_parse("2026-Q1", &q), 0);
  cr_expect(q.year == 2026 && q.index == 1);
  static const char *const bad[] = {"2025Q5", "2025Q0",  "2025", "25Q3",      "2025-03",
                                    "1999Q1", "2025Q3x", "",     "２０２５Q3"};
  for (size_t i = 0; i < N_ELEMS(bad); i++) {
    cr_expect_eq(plan_quarter_parse(bad[i], &q), -1, "accepted %s", bad[i]);
  }
  cr_expect_eq(plan_quarter_parse(NULL, &q), -1);
  char key[PERIOD_KEY_SIZE];
  cr_expect_str_eq(plan_quarter_key(Q(2025, 4), key), "2025Q4");
}

Test(plan, entries_parse) {
  PlanEntry *e;
  size_t n = plan_entries_parse("theme_day 2025-07-10,nope 2025-07-11,committee 2025-13-01,"
                                "lecture 2025-08-15",
                                &e);
  cr_assert_eq(n, 2);
  cr_expect_eq(e[0].kind, MEETING_THEME_DAY);
  cr_assert_date(e[1].date, D(2025, 8, 15), "lecture");
  free(e);
  cr_expect_eq(plan_entries_parse(NULL, &e), 0);
  cr_expect_null(e);
  cr_expect_eq(plan_entries_parse("", &e), 0);
}

/* ---- store ---- */

static char tmp_dir[FIXTURE_DIR_SIZE];
static Db *db;
static int64_t town, b1, b2, g1;
static Scope town_scope = SCOPE_INIT, b1_scope = SCOPE_INIT;

static void add_meeting(int64_t org, const char *kind, const char *held_at, const char *state) {
  MeetingInput in = {.org_id = org, .kind = kind, .held_at = held_at, .due_date = "2025-12-31"};
  int64_t id;
  cr_assert_eq(meeting_demo_insert(db, &in, state, 1752000000, 0, 0, &id), DB_OK, "%s",
               db_errmsg(db));
}

static void store_setup(void) {
  db = fixture_db_open(tmp_dir, "plan");
  int64_t district = fixture_org(db, 0, "district", "区委", "P");
  town = fixture_org(db, district, "town", "镇党委", "P01");
  b1 = fixture_org(db, town, "village", "一村党支部", "P01B01");
  b2 = fixture_org(db, town, "village", "二村党支部", "P01B02");
  g1 = fixture_org(db, b1, "group", "第一党小组", "P01B01G1");
  fixture_scope(db, &town_scope, town);
  fixture_scope(db, &b1_scope, b1);
  add_meeting(b1, "theme_day", "2025-07-09 09:00", "accepted");
  add_meeting(b1, "committee", "2025-07-20 09:00", "closed");        /* does not count */
  add_meeting(b1, "lecture", "2025-08-20 09:00", "returned_rehold"); /* does not count */
  add_meeting(g1, "group", "2025-08-05 19:30", "draft");             /* the group's: counts */
  add_meeting(b1, "party_congress", "2025-10-09 09:00", "accepted"); /* next quarter */
  add_meeting(b2, "theme_day", "2025-07-11 09:00", "submitted");
}

static void store_teardown(void) {
  scope_free(&town_scope);
  scope_free(&b1_scope);
  fixture_db_close(db, tmp_dir);
}

TestSuite(plan_store, .init = store_setup, .fini = store_teardown);

/* Unix seconds of local (UTC+8) 10:00 on d. */
static int64_t at_local(Date d) { return date_to_days(d) * 86400 + 2 * 3600; }

Test(plan_store, save_file_amend_and_status) {
  MeetingRuleSet rs = rules(0);
  PlanItemIn items[] = {{"theme_day", "2025-07-10", "重温入党誓词", NULL},
                        {"lecture", "2025-08-15", "党课", "张书记"},
                        {"group", "2025-08-06", NULL, NULL}};
  int64_t id = 0;
  bool amended = true;
  const char *why = NULL;
  cr_assert_eq(
      plan_save(db, &b1_scope, b2, "2025-Q3", "filed", items, 3, 0, 1, &id, &amended, &why),
      DB_NOTFOUND);
  /* a draft: not filed */
  cr_assert_eq(plan_save(db, &b1_scope, b1, "2025-Q3", "draft", items, 1, 0,
                         at_local(D(2025, 7, 1)), &id, &amended, &why),
               DB_OK, "%s", db_errmsg(db));
  cr_expect(!amended);
  PlanStatus st;
  MeetingDeadline dl;
  cr_assert_eq(plan_status_of(db, &town_scope, b1, Q(2025, 3), &rs, NULL, D(2025, 7, 6), &st, &dl),
               DB_OK);
  cr_expect_eq(st, PLAN_STATUS_MISSING, "a draft is not filed: %s", plan_status_code(st));
  /* filed on the deadline day (local date), then amended after it: still on time */
  cr_assert_eq(plan_save(db, &b1_scope, b1, "2025-Q3", "filed", items, 3, 0,
                         at_local(D(2025, 7, 5)), &id, &amended, &why),
               DB_OK);
  cr_expect(!amended);
  int64_t id2 = 0;
  cr_assert_eq(plan_save(db, &town_scope, b1, "2025-Q3", "filed", items, 2, 0,
                         at_local(D(2025, 7, 20)), &id2, &amended, &why),
               DB_OK);
  cr_expect(amended);
  cr_expect_eq(id2, id);
  cr_assert_eq(plan_status_of(db, &town_scope, b1, Q(2025, 3), &rs, NULL, D(2025, 9, 1), &st, &dl),
               DB_OK);
  cr_expect_eq(st, PLAN_STATUS_ON_TIME, "%s", plan_status_code(st));
  json_t *p = plan_get(db, &b1_scope, b1, "2025-Q3");
  cr_assert_not_null(p);
  cr_expect_eq(json_integer_value(json_object_get(p, "filed_at")), at_local(D(2025, 7, 5)));
  cr_expect_eq(json_integer_value(json_object_get(p, "amended_at")), at_local(D(2025, 7, 20)));
  cr_expect_eq(json_integer_value(json_object_get(p, "n_amendments")), 1);
  json_t *it = json_object_get(p, "items");
  cr_assert_eq(json_array_size(it), 2);
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(it, 1), "lecturer")), "张书记");
  json_decref(p);
  /* back to draft: refused, nothing changes */
  cr_expect_eq(
      plan_save(db, &b1_scope, b1, "2025-Q3", "draft", items, 1, 0, 5, &id, &amended, &why),
      DB_CONSTRAINT);
  cr_expect_not_null(why);
  p = plan_get(db, &b1_scope, b1, "2025-Q3");
  cr_expect_eq(json_array_size(json_object_get(p, "items")), 2);
  json_decref(p);
  /* out of scope reads */
  Scope b2_scope = SCOPE_INIT;
  fixture_scope(db, &b2_scope, b2);
  cr_expect_null(plan_get(db, &b2_scope, b1, "2025-Q3"));
  cr_expect_eq(plan_status_of(db, &b2_scope, b1, Q(2025, 3), &rs, NULL, D(2025, 9, 1), &st, NULL),
               DB_NOTFOUND);
  scope_free(&b2_scope);
}

Test(plan_store, held_and_rollup_in_one_query) {
  json_t *held = plan_held(db, &b1_scope, b1, "2025-07-01", "2025-10-01");
  cr_assert_not_null(held);
  cr_assert_eq(json_array_size(held), 2, "closed and returned_rehold do not count");
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(held, 1), "kind")), "group");
  json_decref(held);
  held = plan_held(db, &b1_scope, b2, "2025-07-01", "2025-10-01");
  cr_expect_eq(json_array_size(held), 0);
  json_decref(held);

  PlanItemIn items[] = {{"theme_day", "2025-07-10", NULL, NULL},
                        {"committee", "2025-07-21", NULL, NULL}};
  int64_t id;
  bool amended;
  const char *why;
  cr_assert_eq(plan_save(db, &town_scope, b1, "2025-Q3", "filed", items, 2, 0,
                         at_local(D(2025, 7, 8)), &id, &amended, &why),
               DB_OK);
  json_t *rows = plan_rollup(db, &town_scope, town, "2025-Q3", "2025-07-01", "2025-10-01");
  cr_assert_not_null(rows);
  cr_assert_eq(json_array_size(rows), 2, "two branches; the group is not one");
  json_t *r1 = json_array_get(rows, 0), *r2 = json_array_get(rows, 1);
  cr_expect_eq(json_integer_value(json_object_get(r1, "id")), b1);
  cr_expect_eq(json_integer_value(json_object_get(r1, "town_id")), town);
  cr_expect_str_eq(json_string_value(json_object_get(r1, "state")), "filed");
  cr_expect(json_is_null(json_object_get(r2, "plan_id")));
  PlanEntry *pi, *ph;
  size_t ni = plan_entries_parse(json_string_value(json_object_get(r1, "items")), &pi);
  size_t nh = plan_entries_parse(json_string_value(json_object_get(r1, "held")), &ph);
  cr_assert_eq(ni, 2);
  cr_assert_eq(nh, 2);
  PlanMatch m;
  plan_match(pi, ni, ph, nh, D(2025, 9, 30), &m, NULL);
  cr_expect_eq(m.n_held, 1);      /* the theme day */
  cr_expect_eq(m.n_missed, 1);    /* the committee meeting was closed */
  cr_expect_eq(m.n_unplanned, 1); /* the group's meeting */
  free(pi);
  free(ph);
  json_decref(rows);
  /* the branch's own scope does not reach the town */
  rows = plan_rollup(db, &b1_scope, town, "2025-Q3", "2025-07-01", "2025-10-01");
  cr_expect_eq(json_array_size(rows), 0);
  json_decref(rows);
}
