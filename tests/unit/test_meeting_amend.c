/*
 * Unit tests of the amendments of accepted meeting records (src/meeting/meeting_amend.c, the
 * pure diff; meeting_amend_store.c) and of holding a returned meeting again (meeting_rehold in
 * meeting_store.c), on a fresh temporary database: reason required, the diff recorded, entry
 * and first submission unchanged, kind and day kept, scope and role refused, all-or-nothing;
 * the rehold chain and its counting in the compliance query.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "meeting/meeting_amend.h"
#include "meeting/meeting_store.h"
#include "org/org.h"
#include "web/scope.h"

#include "fixture.h"

#include "base/banned.h"

/* ---- the pure diff ---- */

static json_t *record(const char *place, const char *topics, const char *absent_reason,
                      const char *speech, const char *decision, int yes) {
  json_t *att = json_pack("[{s:I, s:s, s:s, s:n, s:n}]", "person_id", (json_int_t)1, "name", "甲",
                          "presence", "present", "reason", "exclusion");
  if (absent_reason) {
    json_array_append_new(att, json_pack("{s:I, s:s, s:s, s:s, s:n}", "person_id", (json_int_t)2,
                                         "name", "乙", "presence", "absent", "reason",
                                         absent_reason, "exclusion"));
  }
  json_t *sp = json_array();
  if (speech) {
    json_array_append_new(sp,
                          json_pack("{s:s, s:i, s:s}", "name", "甲", "guest", 0, "text", speech));
  }
  json_t *dec = json_array();
  if (decision) {
    json_array_append_new(dec, yes >= 0 ? json_pack("{s:s, s:i, s:i, s:i}", "text", decision, "yes",
                                                    yes, "no", 0, "abstain", 0)
                                        : json_pack("{s:s, s:n}", "text", decision, "yes"));
  }
  json_t *m = json_pack("{s:s, s:o, s:o, s:o, s:o}", "held_at", "2025-03-03 09:30", "place",
                        place ? json_string(place) : json_null(), "attendees", att, "speeches", sp,
                        "decisions", dec);
  json_object_set_new(m, "topics", json_string(topics));
  return m;
}

static const char *change_of(const json_t *diff, const char *field, const char *which) {
  size_t i;
  json_t *c;
  json_array_foreach(diff, i, c) {
    if (strcmp(json_string_value(json_object_get(c, "field")), field) == 0) {
      return json_string_value(json_object_get(c, which));
    }
  }
  return "(absent)";
}

Test(meeting_amend_pure, diff_table) {
  static const struct {
    const char *place_a, *place_b, *why_a, *why_b, *speech_a, *speech_b, *dec_a, *dec_b;
    int yes_a, yes_b;
    size_t n; /* changes expected */
    const char *field, *old_value, *new_value;
  } cases[] = {
      /* 0: identical records: nothing */
      {"活动室", "活动室", NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL, NULL, NULL},
      /* 1: "" and NULL are the same empty value */
      {NULL, "", NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL, NULL, NULL},
      /* 2: a field set */
      {NULL, "活动室", NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 1, "place", NULL, "活动室"},
      /* 3: an absence added */
      {"x", "x", NULL, "外出务工", NULL, NULL, NULL, NULL, 0, 0, 1, "attendance", "全部到会",
       "缺席：乙（外出务工）"},
      /* 4: a speech added */
      {"x", "x", NULL, NULL, NULL, "谈体会", NULL, NULL, 0, 0, 1, "speeches", NULL, "甲：谈体会"},
      /* 5: a vote corrected */
      {"x", "x", NULL, NULL, NULL, NULL, "修路", "修路", 1, 2, 1, "decision.1",
       "修路（赞成 1，反对 0，弃权 0）", "修路（赞成 2，反对 0，弃权 0）"},
      /* 6: a decision added, not voted */
      {"x", "x", NULL, NULL, NULL, NULL, NULL, "通报", 0, -1, 1, "decision.1", NULL,
       "通报（未表决）"},
      /* 7: two changes */
      {"x", "y", "病", "外出", NULL, NULL, NULL, NULL, 0, 0, 2, "attendance", "缺席：乙（病）",
       "缺席：乙（外出）"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    json_t *a = record(cases[i].place_a, "议题", cases[i].why_a, cases[i].speech_a, cases[i].dec_a,
                       cases[i].yes_a);
    json_t *b = record(cases[i].place_b, "议题", cases[i].why_b, cases[i].speech_b, cases[i].dec_b,
                       cases[i].yes_b);
    json_t *d = meeting_amend_diff(a, b);
    cr_assert_eq(json_array_size(d), cases[i].n, "case %zu: %zu changes", i, json_array_size(d));
    if (cases[i].field) {
      const char *o = change_of(d, cases[i].field, "old_value");
      const char *n = change_of(d, cases[i].field, "new_value");
      if (cases[i].old_value) {
        cr_assert_str_eq(o, cases[i].old_value, "case %zu", i);
      } else {
        cr_assert_null(o, "case %zu old %s", i, o);
      }
      cr_assert_str_eq(n, cases[i].new_value, "case %zu", i);
    }
    json_decref(a);
    json_decref(b);
    json_decref(d);
  }
}

/* ---- store ---- */

static char tmp_dir[FIXTURE_DIR_SIZE];
static Db *db;
static int64_t town, b1, b2, people[FIXTURE_PEOPLE];
static Scope town_scope = SCOPE_INIT, b1_scope = SCOPE_INIT, b2_scope = SCOPE_INIT;

static void store_setup(void) {
  db = fixture_db_open(tmp_dir, "amend");
  fixture_town(db, &town, &b1, &b2, people);
  fixture_scope(db, &town_scope, town);
  fixture_scope(db, &b1_scope, b1);
  fixture_scope(db, &b2_scope, b2);
}

static void store_teardown(void) {
  scope_free(&town_scope);
  scope_free(&b1_scope);
  scope_free(&b2_scope);
  fixture_db_close(db, tmp_dir);
}

TestSuite(meeting_amend, .init = store_setup, .fini = store_teardown);

typedef struct Sample {
  MeetingAttendeeIn a[4];
  MeetingDecisionIn d[2];
  MeetingSpeechIn s[2];
  MeetingInput in;
} Sample;

static void sample(Sample *x, const char *kind, const char *held_at) {
  memset(x, 0, sizeof *x);
  x->a[0] = (MeetingAttendeeIn){people[0], "present", NULL, NULL, true, true};
  x->a[1] = (MeetingAttendeeIn){people[1], "present", NULL, NULL, true, true};
  x->a[2] = (MeetingAttendeeIn){people[2], "absent", "外出务工", NULL, true, true};
  x->a[3] = (MeetingAttendeeIn){people[3], "present", NULL, NULL, true, true};
  x->d[0] = (MeetingDecisionIn){"同意建设冷库", true, 3, 0, 0};
  x->s[0] = (MeetingSpeechIn){people[0], NULL, "谈学习体会"};
  x->in = (MeetingInput){.org_id = b1,
                         .kind = kind,
                         .held_at = held_at,
                         .place = "党员活动室",
                         .topics = "议题",
                         .due_date = "2025-03-06",
                         .attendees = x->a,
                         .n_attendees = 4,
                         .decisions = x->d,
                         .n_decisions = 1,
                         .speeches = x->s,
                         .n_speeches = 1};
}

/* Creates a record, submits it at 1741000200 and has the town accept it. */
static int64_t accepted(Sample *x) {
  int64_t id = 0;
  const char *why = NULL;
  cr_assert_eq(meeting_create(db, &b1_scope, &x->in, 0, 1741000000, &id), DB_OK, "%s",
               db_errmsg(db));
  cr_assert_eq(meeting_apply(db, &b1_scope, id, MEETING_ACTION_SUBMIT, MEETING_ROLE_BRANCH, 0, NULL,
                             1741000200, NULL, &why),
               DB_OK);
  cr_assert_eq(meeting_apply(db, &town_scope, id, MEETING_ACTION_ACCEPT, MEETING_ROLE_TOWN, 0, "好",
                             1741000300, NULL, &why),
               DB_OK);
  return id;
}

static int64_t col(int64_t id, const char *which) {
  json_t *m = meeting_get(db, &town_scope, id);
  cr_assert_not_null(m);
  json_t *v = json_object_get(m, which);
  int64_t n = json_is_integer(v) ? json_integer_value(v) : -1;
  json_decref(m);
  return n;
}

Test(meeting_amend, amend_records_diff_and_keeps_times) {
  Sample x;
  sample(&x, "party_congress", "2025-03-03 09:30");
  int64_t id = accepted(&x);
  /* the correction: 丙 was present, the place, a second speech by a 列席 guest, time of day */
  x.a[2] = (MeetingAttendeeIn){people[2], "present", NULL, NULL, true, true};
  x.s[1] = (MeetingSpeechIn){0, "镇驻村干部王五", "提出建议"};
  x.in.n_speeches = 2;
  x.in.place = "村委会议室";
  x.in.held_at = "2025-03-03 10:00";
  x.in.due_date = "2099-01-01"; /* ignored: the due date is kept */
  int64_t aid = 0;
  json_t *changes = NULL;
  const char *why = NULL;
  cr_assert_eq(meeting_amend(db, &b1_scope, id, &x.in, "记录人笔误", MEETING_ROLE_BRANCH, 0,
                             1742000000, &aid, &changes, &why),
               DB_OK, "%s %s", why ? why : "", db_errmsg(db));
  cr_assert_gt(aid, 0);
  cr_assert_eq(json_array_size(changes), 4, "%zu", json_array_size(changes));
  json_decref(changes);
  json_t *m = meeting_get(db, &town_scope, id);
  cr_assert_str_eq(json_string_value(json_object_get(m, "state")), "accepted");
  cr_assert_str_eq(json_string_value(json_object_get(m, "place")), "村委会议室");
  cr_assert_str_eq(json_string_value(json_object_get(m, "held_at")), "2025-03-03 10:00");
  cr_assert_str_eq(json_string_value(json_object_get(m, "due_date")), "2025-03-06");
  cr_assert_eq(json_array_size(json_object_get(m, "speeches")), 2);
  json_decref(m);
  cr_assert_eq(col(id, "entered_at"), 1741000000);
  cr_assert_eq(col(id, "submitted_at"), 1741000200);
  cr_assert_eq(col(id, "reviewed_at"), 1741000300);
  /* the history as the page reads it, in scope only */
  json_t *h = meeting_amendments(db, &town_scope, id);
  cr_assert_eq(json_array_size(h), 1);
  json_t *a = json_array_get(h, 0);
  cr_assert_str_eq(json_string_value(json_object_get(a, "reason")), "记录人笔误");
  cr_assert_eq(json_integer_value(json_object_get(a, "amended_at")), 1742000000);
  json_t *c = json_object_get(a, "changes");
  cr_assert_eq(json_array_size(c), 4);
  cr_assert_str_eq(change_of(c, "place", "old_value"), "党员活动室");
  cr_assert_str_eq(change_of(c, "place", "new_value"), "村委会议室");
  cr_assert_str_eq(change_of(c, "attendance", "old_value"), "缺席：丙（外出务工）");
  cr_assert_str_eq(change_of(c, "attendance", "new_value"), "全部到会");
  cr_assert_str_eq(change_of(c, "held_at", "new_value"), "2025-03-03 10:00");
  cr_assert_str_eq(change_of(c, "speeches", "new_value"),
                   "甲：谈学习体会\n镇驻村干部王五（列席）：提出建议");
  json_decref(h);
  h = meeting_amendments(db, &b2_scope, id);
  cr_assert_eq(json_array_size(h), 0);
  json_decref(h);
}

Test(meeting_amend, amend_refusals_change_nothing) {
  Sample x;
  sample(&x, "party_congress", "2025-03-03 09:30");
  int64_t id = accepted(&x);
  int64_t aid = 0;
  const char *why = NULL;
  x.in.place = "别处";
  static const char *const blanks[] = {NULL, "", "  \n "};
  for (size_t i = 0; i < 3; i++) {
    cr_assert_eq(meeting_amend(db, &b1_scope, id, &x.in, blanks[i], MEETING_ROLE_BRANCH, 0, 1, &aid,
                               NULL, &why),
                 DB_CONSTRAINT, "blank %zu", i);
    cr_assert_str_eq(why, "请写明修正原因");
  }
  /* out of scope: not found; the town is not the branch */
  cr_assert_eq(
      meeting_amend(db, &b2_scope, id, &x.in, "原因", MEETING_ROLE_BRANCH, 0, 1, &aid, NULL, &why),
      DB_NOTFOUND);
  cr_assert_eq(
      meeting_amend(db, &town_scope, id, &x.in, "原因", MEETING_ROLE_TOWN, 0, 1, &aid, NULL, &why),
      DB_CONSTRAINT);
  cr_assert_str_eq(why, "只有本支部可以修正已审核的记录");
  /* kind and day are kept */
  Sample y = x;
  y.in.attendees = y.a;
  y.in.decisions = y.d;
  y.in.speeches = y.s;
  y.in.kind = "lecture";
  cr_assert_eq(
      meeting_amend(db, &b1_scope, id, &y.in, "原因", MEETING_ROLE_BRANCH, 0, 1, &aid, NULL, &why),
      DB_CONSTRAINT);
  cr_assert(strstr(why, "会议类型不能修正"), "%s", why);
  y.in.kind = "party_congress";
  y.in.held_at = "2025-04-03 09:30";
  cr_assert_eq(
      meeting_amend(db, &b1_scope, id, &y.in, "原因", MEETING_ROLE_BRANCH, 0, 1, &aid, NULL, &why),
      DB_CONSTRAINT);
  cr_assert(strstr(why, "会议日期不能修正"), "%s", why);
  /* nothing changed: refused, and in a rolled-back transaction nothing stays */
  Sample z;
  sample(&z, "party_congress", "2025-03-03 09:30");
  cr_assert_eq(db_begin(db), DB_OK);
  cr_assert_eq(
      meeting_amend(db, &b1_scope, id, &z.in, "原因", MEETING_ROLE_BRANCH, 0, 1, &aid, NULL, &why),
      DB_CONSTRAINT);
  cr_assert_str_eq(why, "没有改动任何内容，无须修正");
  cr_assert_eq(db_rollback(db), DB_OK);
  /* a draft cannot be amended */
  int64_t draft = 0;
  cr_assert_eq(meeting_create(db, &b1_scope, &z.in, 0, 1741000000, &draft), DB_OK);
  cr_assert_eq(meeting_amend(db, &b1_scope, draft, &x.in, "原因", MEETING_ROLE_BRANCH, 0, 1, &aid,
                             NULL, &why),
               DB_CONSTRAINT);
  cr_assert_str_eq(why, "只有已审核的记录才能修正");
  /* none of it left a trace */
  cr_assert_eq(db_int(db, -1, "SELECT count(*) FROM meeting_amendment", ""), 0);
  json_t *m = meeting_get(db, &town_scope, id);
  cr_assert_str_eq(json_string_value(json_object_get(m, "place")), "党员活动室");
  json_decref(m);
}

Test(meeting_amend, amend_all_or_nothing) {
  /* a change row that cannot be written (a trigger stands in for a failing disk) undoes the
   * content change as well when the caller rolls back */
  Sample x;
  sample(&x, "party_congress", "2025-03-03 09:30");
  int64_t id = accepted(&x);
  cr_assert_eq(db_exec(db,
                       "CREATE TEMP TRIGGER no_change BEFORE INSERT ON meeting_amendment_change "
                       "BEGIN SELECT RAISE(ABORT, 'disk full'); END",
                       ""),
               DB_OK);
  x.in.place = "别处";
  int64_t aid = 0;
  const char *why = NULL;
  cr_assert_eq(db_begin(db), DB_OK);
  int rc =
      meeting_amend(db, &b1_scope, id, &x.in, "原因", MEETING_ROLE_BRANCH, 0, 1, &aid, NULL, &why);
  cr_assert_neq(rc, DB_OK);
  cr_assert_eq(aid, 0);
  cr_assert_eq(db_rollback(db), DB_OK);
  cr_assert_eq(db_int(db, -1, "SELECT count(*) FROM meeting_amendment", ""), 0);
  json_t *m = meeting_get(db, &town_scope, id);
  cr_assert_str_eq(json_string_value(json_object_get(m, "place")), "党员活动室");
  json_decref(m);
}

/* ---- holding again ---- */

/* The held list of b1 in [from, to) from the compliance query. */
static char *held_of_b1(const char *from, const char *to) {
  json_t *rows = meeting_compliance_branches(db, &town_scope, b1, from, to, "2025-12-31");
  cr_assert_not_null(rows);
  char *out = NULL;
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    if (json_integer_value(json_object_get(r, "id")) == b1) {
      const char *h = json_string_value(json_object_get(r, "held"));
      out = strdup(h ? h : "");
    }
  }
  json_decref(rows);
  cr_assert_not_null(out);
  return out;
}

Test(meeting_amend, rehold_chain_and_counting) {
  Sample x;
  sample(&x, "party_congress", "2025-03-03 09:30");
  int64_t old = 0, fresh = 0;
  const char *why = NULL;
  cr_assert_eq(meeting_create(db, &b1_scope, &x.in, 0, 1741000000, &old), DB_OK);
  /* only a record returned to be held again can be held again */
  cr_assert_eq(meeting_rehold(db, &b1_scope, old, &x.in, MEETING_ROLE_BRANCH, 0, 1, &fresh, &why),
               DB_CONSTRAINT);
  cr_assert_str_eq(why, "只有被退回重开的记录才能重新召开");
  cr_assert_eq(meeting_apply(db, &b1_scope, old, MEETING_ACTION_SUBMIT, MEETING_ROLE_BRANCH, 0,
                             NULL, 1741000200, NULL, &why),
               DB_OK);
  char *held = held_of_b1("2025-01-01", "2025-04-01");
  cr_assert_str_eq(held, "party_congress 2025-03-03");
  free(held);
  cr_assert_eq(meeting_apply(db, &town_scope, old, MEETING_ACTION_RETURN_REHOLD, MEETING_ROLE_TOWN,
                             0, "未达到法定人数", 1741000300, NULL, &why),
               DB_OK);
  held = held_of_b1("2025-01-01", "2025-04-01");
  cr_assert_str_eq(held, "", "a record returned to be held again does not count: %s", held);
  free(held);
  /* refused: out of scope, the town, another kind, another org */
  Sample y;
  sample(&y, "party_congress", "2025-04-08 09:30");
  cr_assert_eq(meeting_rehold(db, &b2_scope, old, &y.in, MEETING_ROLE_BRANCH, 0, 1, &fresh, &why),
               DB_NOTFOUND);
  cr_assert_eq(meeting_rehold(db, &town_scope, old, &y.in, MEETING_ROLE_TOWN, 0, 1, &fresh, &why),
               DB_CONSTRAINT);
  y.in.kind = "lecture";
  cr_assert_eq(meeting_rehold(db, &b1_scope, old, &y.in, MEETING_ROLE_BRANCH, 0, 1, &fresh, &why),
               DB_CONSTRAINT);
  y.in.kind = "party_congress";
  y.in.org_id = b2;
  cr_assert_eq(meeting_rehold(db, &town_scope, old, &y.in, MEETING_ROLE_BRANCH, 0, 1, &fresh, &why),
               DB_CONSTRAINT);
  y.in.org_id = b1;
  cr_assert_eq(db_int(db, -1, "SELECT count(*) FROM meeting", ""), 1);
  /* held again in April: a draft linked to the old record, which is closed */
  cr_assert_eq(
      meeting_rehold(db, &b1_scope, old, &y.in, MEETING_ROLE_BRANCH, 0, 1744000000, &fresh, &why),
      DB_OK, "%s", why ? why : db_errmsg(db));
  cr_assert_gt(fresh, old);
  json_t *n = meeting_get(db, &b1_scope, fresh);
  cr_assert_str_eq(json_string_value(json_object_get(n, "state")), "draft");
  cr_assert_eq(json_integer_value(json_object_get(n, "rehold_of")), old);
  cr_assert_str_eq(json_string_value(json_object_get(n, "rehold_of_held_at")), "2025-03-03 09:30");
  cr_assert(json_is_null(json_object_get(n, "reheld_by")));
  json_decref(n);
  json_t *o = meeting_get(db, &b1_scope, old);
  cr_assert_str_eq(json_string_value(json_object_get(o, "state")), "closed");
  cr_assert_eq(json_integer_value(json_object_get(o, "reheld_by")), fresh);
  cr_assert_eq(json_integer_value(json_object_get(o, "submitted_at")), 1741000200);
  json_decref(o);
  /* once closed it cannot be held again a second time */
  int64_t again = 0;
  cr_assert_eq(meeting_rehold(db, &b1_scope, old, &y.in, MEETING_ROLE_BRANCH, 0, 1, &again, &why),
               DB_CONSTRAINT);
  cr_assert_str_eq(why, "记录已关闭（会议已重新召开），不能再操作");
  /* the new record counts in the period it was held (Q2), once submitted; Q1 stays short */
  cr_assert_eq(meeting_apply(db, &b1_scope, fresh, MEETING_ACTION_SUBMIT, MEETING_ROLE_BRANCH, 0,
                             NULL, 1744000100, NULL, &why),
               DB_OK);
  held = held_of_b1("2025-04-01", "2025-07-01");
  cr_assert_str_eq(held, "party_congress 2025-04-08");
  free(held);
  held = held_of_b1("2025-01-01", "2025-04-01");
  cr_assert_str_eq(held, "");
  free(held);
}
