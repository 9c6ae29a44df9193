/*
 * Unit tests of src/meeting/meeting_store.c: the pure helpers (exclusion codes, the body of a
 * kind, attendance and decision tallies) as tables, and the store on a fresh temporary
 * database: scope, computed decision flags, list counts, and the review chain enforced by
 * meeting_transition.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "meeting/meeting_store.h"
#include "org/org.h"
#include "web/scope.h"

#include "fixture.h"

#include "base/banned.h"

/* ---- pure helpers ---- */

Test(meeting_store_pure, exclusion_codes_round_trip) {
  for (int e = 1; e < MEETING_EXCLUDE_COUNT; e++) {
    const char *code = meeting_exclusion_code((MeetingExclusion)e);
    cr_assert_not_null(code, "exclusion %d", e);
    cr_assert_eq(meeting_exclusion_parse(code), (MeetingExclusion)e, "%s", code);
  }
  cr_assert_null(meeting_exclusion_code(MEETING_EXCLUDE_NONE));
  cr_assert_null(meeting_exclusion_code(MEETING_EXCLUDE_COUNT));
  cr_assert_eq(meeting_exclusion_parse(NULL), MEETING_EXCLUDE_NONE);
  cr_assert_eq(meeting_exclusion_parse(""), MEETING_EXCLUDE_NONE);
  cr_assert_eq(meeting_exclusion_parse("nope"), MEETING_EXCLUDE_NONE);
}

Test(meeting_store_pure, body_of_kind) {
  cr_assert_eq(meeting_body_of("committee"), MEETING_BODY_COMMITTEE);
  cr_assert_eq(meeting_body_of("party_congress"), MEETING_BODY_CONGRESS);
  cr_assert_eq(meeting_body_of("lecture"), MEETING_BODY_CONGRESS);
  cr_assert_eq(meeting_body_of(NULL), MEETING_BODY_CONGRESS);
}

#define P(id)                                                                                      \
  { id, "present", NULL, NULL, true, true }
#define A(id, why)                                                                                 \
  { id, "absent", why, NULL, true, true }
#define PROB(id)                                                                                   \
  { id, "present", NULL, NULL, false, false }
#define EXCL(id)                                                                                   \
  { id, "absent", NULL, "abroad", true, true }
#define GUEST(id)                                                                                  \
  { id, "attending", NULL, NULL, false, false }

Test(meeting_store_pure, attendance_tally_table) {
  static const struct {
    MeetingAttendeeIn a[6];
    size_t n;
    int due, present, no_right, excluded;
    bool quorum;
  } cases[] = {
      /* 0: everyone present */
      {{P(1), P(2), P(3)}, 3, 3, 3, 0, 0, true},
      /* 1: 2 of 4 present is exactly half: no quorum (2*x > n) */
      {{P(1), P(2), A(3, "病"), A(4, "外出")}, 4, 4, 2, 0, 0, false},
      /* 2: 预备党员 do not count, 列席 neither */
      {{P(1), P(2), A(3, "病"), PROB(4), PROB(5), GUEST(6)}, 6, 3, 2, 2, 0, true},
      /* 3: an exclusion leaves 应到 */
      {{P(1), A(2, "病"), EXCL(3)}, 3, 2, 1, 0, 1, false},
      /* 4: nobody listed */
      {{{0}}, 0, 0, 0, 0, 0, false},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    MeetingTally t;
    meeting_attendance_tally("party_congress", cases[i].a, cases[i].n, &t);
    cr_assert_eq(t.due, cases[i].due, "case %zu due %d", i, t.due);
    cr_assert_eq(t.present, cases[i].present, "case %zu present %d", i, t.present);
    cr_assert_eq(t.no_right, cases[i].no_right, "case %zu no_right %d", i, t.no_right);
    cr_assert_eq(t.excluded, cases[i].excluded, "case %zu excluded %d", i, t.excluded);
    cr_assert_eq(t.quorum_ok, cases[i].quorum, "case %zu quorum (%s)", i, t.explain);
  }
}

Test(meeting_store_pure, decision_tally) {
  MeetingAttendeeIn a[] = {P(1), P(2), P(3), P(4), A(5, "病")};
  MeetingTally att, t;
  meeting_attendance_tally("party_congress", a, 5, &att);
  cr_assert_eq(att.due, 5);
  MeetingDecisionIn pass = {"甲", true, 3, 1, 0};
  meeting_decision_tally("party_congress", &att, &pass, &t);
  cr_assert(t.passed, "%s", t.explain);
  MeetingDecisionIn fail = {"乙", true, 2, 2, 0}; /* 2 of 5 due: not more than half */
  meeting_decision_tally("party_congress", &att, &fail, &t);
  cr_assert_not(t.passed, "%s", t.explain);
  MeetingDecisionIn none = {"丙", false, 0, 0, 0};
  meeting_decision_tally("party_congress", &att, &none, &t);
  cr_assert_not(t.passed);
  cr_assert_str_eq(t.explain, "未表决");
}

/* ---- store ---- */

static char tmp_dir[FIXTURE_DIR_SIZE];
static Db *db;
static int64_t town, b1, b2, people[FIXTURE_PEOPLE];
static Scope town_scope = SCOPE_INIT, b1_scope = SCOPE_INIT, b2_scope = SCOPE_INIT;

static void store_setup(void) {
  db = fixture_db_open(tmp_dir, "meeting");
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

TestSuite(meeting_store, .init = store_setup, .fini = store_teardown);

static MeetingInput sample(MeetingAttendeeIn *a, MeetingDecisionIn *d) {
  a[0] = (MeetingAttendeeIn){people[0], "present", NULL, NULL, true, true};
  a[1] = (MeetingAttendeeIn){people[1], "present", NULL, NULL, true, true};
  a[2] = (MeetingAttendeeIn){people[2], "absent", "外出务工", NULL, true, true};
  a[3] = (MeetingAttendeeIn){people[3], "present", NULL, NULL, false, false};
  d[0] = (MeetingDecisionIn){"同意建设冷库", true, 2, 0, 0}; /* 2 of 3 due: passes */
  d[1] = (MeetingDecisionIn){"同意修路", true, 1, 1, 0};     /* 1 of 3: fails */
  d[2] = (MeetingDecisionIn){"通报情况", false, 0, 0, 0};
  return (MeetingInput){.org_id = b1,
                        .kind = "party_congress",
                        .held_at = "2025-03-03 09:30",
                        .topics = "议题",
                        .due_date = "2025-03-06",
                        .attendees = a,
                        .n_attendees = 4,
                        .decisions = d,
                        .n_decisions = 3};
}

Test(meeting_store, create_get_and_scope) {
  MeetingAttendeeIn a[4];
  MeetingDecisionIn d[3];
  MeetingInput in = sample(a, d);
  int64_t id = 0;
  cr_assert_eq(meeting_create(db, &b2_scope, &in, 0, 1741000000, &id), DB_NOTFOUND);
  cr_assert_eq(id, 0);
  cr_assert_eq(meeting_create(db, &b1_scope, &in, 0, 1741000000, &id), DB_OK, "%s", db_errmsg(db));
  cr_assert_gt(id, 0);
  cr_assert_null(meeting_get(db, &b2_scope, id));
  json_t *m = meeting_get(db, &town_scope, id);
  cr_assert_not_null(m);
  cr_assert_str_eq(json_string_value(json_object_get(m, "state")), "draft");
  cr_assert_str_eq(json_string_value(json_object_get(m, "org_name")), "一村党支部");
  json_t *att = json_object_get(m, "attendees");
  cr_assert_eq(json_array_size(att), 4);
  json_t *dec = json_object_get(m, "decisions");
  cr_assert_eq(json_array_size(dec), 3);
  cr_assert_eq(json_integer_value(json_object_get(json_array_get(dec, 0), "passed")), 1);
  cr_assert_eq(json_integer_value(json_object_get(json_array_get(dec, 1), "passed")), 0);
  cr_assert(json_is_null(json_object_get(json_array_get(dec, 2), "yes")));
  json_decref(m);

  json_t *list = meeting_list(db, &town_scope, 0, "2025-01-01", "2025-04-01", 0);
  cr_assert_eq(json_array_size(list), 1);
  json_t *row = json_array_get(list, 0);
  cr_assert_eq(json_integer_value(json_object_get(row, "n_present")), 3);
  cr_assert_eq(json_integer_value(json_object_get(row, "n_absent")), 1);
  cr_assert_eq(json_integer_value(json_object_get(row, "n_failed")), 1);
  json_decref(list);
  list = meeting_list(db, &town_scope, 0, "2025-04-01", NULL, 0);
  cr_assert_eq(json_array_size(list), 0);
  json_decref(list);
  list = meeting_list(db, &b2_scope, 0, NULL, NULL, 0);
  cr_assert_eq(json_array_size(list), 0);
  json_decref(list);
  list = meeting_list(db, &b2_scope, b1, NULL, NULL, 0); /* org out of scope: nothing */
  cr_assert_eq(json_array_size(list), 0);
  json_decref(list);
}

Test(meeting_store, review_chain) {
  MeetingAttendeeIn a[4];
  MeetingDecisionIn d[3];
  MeetingInput in = sample(a, d);
  int64_t id = 0;
  const char *why = NULL;
  MeetingState to;
  cr_assert_eq(meeting_create(db, &b1_scope, &in, 0, 1741000000, &id), DB_OK);
  /* the town cannot accept a draft; the branch cannot accept at all */
  cr_assert_eq(meeting_apply(db, &town_scope, id, MEETING_ACTION_ACCEPT, MEETING_ROLE_TOWN, 0, NULL,
                             1741000100, &to, &why),
               DB_CONSTRAINT);
  cr_assert_not_null(why);
  cr_assert_eq(meeting_apply(db, &b2_scope, id, MEETING_ACTION_SUBMIT, MEETING_ROLE_BRANCH, 0, NULL,
                             1741000100, &to, &why),
               DB_NOTFOUND);
  cr_assert_eq(meeting_apply(db, &b1_scope, id, MEETING_ACTION_SUBMIT, MEETING_ROLE_BRANCH, 0, NULL,
                             1741000200, &to, &why),
               DB_OK);
  cr_assert_eq(to, MEETING_STATE_SUBMITTED);
  /* submitted: content frozen */
  cr_assert_eq(meeting_update(db, &b1_scope, id, &in, 1741000300, &why), DB_CONSTRAINT);
  cr_assert_eq(meeting_apply(db, &b1_scope, id, MEETING_ACTION_ACCEPT, MEETING_ROLE_BRANCH, 0, NULL,
                             1741000300, &to, &why),
               DB_CONSTRAINT);
  cr_assert_eq(meeting_apply(db, &town_scope, id, MEETING_ACTION_RETURN_REFILL, MEETING_ROLE_TOWN,
                             0, "补充发言", 1741000400, &to, &why),
               DB_OK);
  cr_assert_eq(to, MEETING_STATE_RETURNED_REFILL);
  in.topics = "新议题";
  cr_assert_eq(meeting_update(db, &b1_scope, id, &in, 1741000500, &why), DB_OK);
  cr_assert_eq(meeting_apply(db, &b1_scope, id, MEETING_ACTION_SUBMIT, MEETING_ROLE_BRANCH, 0, NULL,
                             1741000600, &to, &why),
               DB_OK);
  cr_assert_eq(meeting_apply(db, &town_scope, id, MEETING_ACTION_ACCEPT, MEETING_ROLE_TOWN, 0, "好",
                             1741000700, &to, &why),
               DB_OK);
  cr_assert_eq(to, MEETING_STATE_ACCEPTED);
  cr_assert_eq(meeting_update(db, &b1_scope, id, &in, 1741000800, &why), DB_CONSTRAINT);
  json_t *m = meeting_get(db, &b1_scope, id);
  cr_assert_str_eq(json_string_value(json_object_get(m, "state")), "accepted");
  cr_assert_str_eq(json_string_value(json_object_get(m, "topics")), "新议题");
  cr_assert_str_eq(json_string_value(json_object_get(m, "review_remark")), "好");
  /* the first submission is kept (lateness stays on the record) */
  cr_assert_eq(json_integer_value(json_object_get(m, "submitted_at")), 1741000200);
  json_decref(m);
}

Test(meeting_store, speeches_saved_and_loaded) {
  MeetingAttendeeIn a[4];
  MeetingDecisionIn d[3];
  MeetingInput in = sample(a, d);
  in.kind = "lecture";
  in.lecture_title = "党课";
  MeetingSpeechIn sp[] = {{people[1], NULL, "谈体会"}, {0, "驻村干部王五", "提建议"}};
  in.speeches = sp;
  in.n_speeches = 2;
  int64_t id = 0;
  cr_assert_eq(meeting_create(db, &b1_scope, &in, 0, 1741000000, &id), DB_OK, "%s", db_errmsg(db));
  json_t *m = meeting_get(db, &b1_scope, id);
  json_t *s = json_object_get(m, "speeches");
  cr_assert_eq(json_array_size(s), 2);
  json_t *s0 = json_array_get(s, 0), *s1 = json_array_get(s, 1);
  cr_assert_str_eq(json_string_value(json_object_get(s0, "name")), "乙");
  cr_assert_eq(json_integer_value(json_object_get(s0, "person_id")), people[1]);
  cr_assert_eq(json_integer_value(json_object_get(s0, "guest")), 0);
  cr_assert_str_eq(json_string_value(json_object_get(s0, "text")), "谈体会");
  cr_assert_str_eq(json_string_value(json_object_get(s1, "name")), "驻村干部王五");
  cr_assert(json_is_null(json_object_get(s1, "person_id")));
  cr_assert_eq(json_integer_value(json_object_get(s1, "guest")), 1);
  json_decref(m);
  /* the checks count them as discussion (学而不议 needs none of them) */
  char *lo = db_text(db, "SELECT path FROM org WHERE id = ?", "i", b1);
  MeetingCheckRow *rows = NULL;
  size_t n = 0;
  cr_assert_eq(meeting_check_rows(db, lo, "/~", "2025-01-01", "2026-01-01", 0, 0, &rows, &n),
               DB_OK);
  cr_assert_eq(n, 1);
  cr_assert_eq(rows[0].n_speakers, 2);
  MeetingContent c = {rows[0].kind, rows[0].n_decisions, rows[0].n_speakers, rows[0].has_study};
  cr_assert_eq(meeting_content_findings(&c) & MEETING_FINDING_NO_DISCUSSION, 0);
  free(rows);
  /* an edit replaces them; none left means no discussion */
  in.n_speeches = 1;
  in.speeches = &sp[1];
  const char *why = NULL;
  cr_assert_eq(meeting_update(db, &b1_scope, id, &in, 1741000100, &why), DB_OK);
  m = meeting_get(db, &b1_scope, id);
  cr_assert_eq(json_array_size(json_object_get(m, "speeches")), 1);
  json_decref(m);
  in.n_speeches = 0;
  cr_assert_eq(meeting_update(db, &b1_scope, id, &in, 1741000200, &why), DB_OK);
  cr_assert_eq(meeting_check_rows(db, lo, "/~", "2025-01-01", "2026-01-01", 0, 0, &rows, &n),
               DB_OK);
  cr_assert_eq(rows[0].n_speakers, 0);
  c = (MeetingContent){rows[0].kind, rows[0].n_decisions, rows[0].n_speakers, rows[0].has_study};
  cr_assert_neq(meeting_content_findings(&c) & MEETING_FINDING_NO_DISCUSSION, 0);
  free(rows);
  free(lo);
}
