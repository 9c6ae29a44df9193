/*
 * Unit tests of the meeting ledgers: src/meeting/ledger_store.c on a fresh temporary database
 * with crafted records (scope, date order, attendance and decisions attached, the one-query
 * summary's late and returned counts), the view models of src/meeting/ledger_pages.c (tally,
 * late submission, late entry, per-kind held/required, rates, district rows per town), and
 * the workbooks of src/meeting/ledger_xlsx.c read back with the project's xlsx reader.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "db/db.h"
#include "io/xlsx.h"
#include "meeting/ledger_pages.h"
#include "meeting/ledger_store.h"
#include "meeting/ledger_xlsx.h"
#include "meeting/meeting_store.h"
#include "org/org.h"
#include "web/scope.h"

#include "fixture.h"

#include "base/banned.h"

static char tmp_dir[FIXTURE_DIR_SIZE];
static Db *db;
static int64_t district, town1, town2, b1, g1, b2, b3, people[FIXTURE_PEOPLE];
static int64_t m_congress, m_lecture, m_group, m_theme_q2, m_draft, m_rehold, m_other;
static Scope all_scope = SCOPE_INIT, town_scope = SCOPE_INIT, b1_scope = SCOPE_INIT,
             b2_scope = SCOPE_INIT;
static MeetingRuleSet rs;
static const Date today = {2025, 6, 30};
static const int64_t now = 1751245200; /* 2025-06-30 09:00 +08:00 */

/* A record as the demo inserts it (state and times given). */
static int64_t add_meeting(int64_t org, const char *kind, const char *held_at, const char *due,
                           const char *state, int64_t entered, int64_t submitted,
                           const char *topics, bool with_people) {
  MeetingAttendeeIn a[4] = {
      {people[0], "present", NULL, NULL, true, true},
      {people[1], "present", NULL, NULL, true, true},
      {people[2], "absent", "外出务工", NULL, true, true},
      {people[3], "present", NULL, NULL, false, false},
  };
  MeetingDecisionIn d[2] = {{"同意建设冷库", true, 2, 0, 0}, {"通报村务情况", false, 0, 0, 0}};
  MeetingInput in = {.org_id = org,
                     .kind = kind,
                     .held_at = held_at,
                     .place = "村部会议室",
                     .host_person_id = with_people ? people[0] : 0,
                     .recorder_person_id = with_people ? people[1] : 0,
                     .topics = topics,
                     .due_date = due,
                     .attendees = with_people ? a : NULL,
                     .n_attendees = with_people ? 4 : 0,
                     .decisions = with_people ? d : NULL,
                     .n_decisions = with_people ? 2 : 0};
  int64_t id = 0;
  cr_assert_eq(meeting_demo_insert(db, &in, state, entered, submitted, 0, &id), DB_OK, "%s",
               db_errmsg(db));
  return id;
}

static void setup(void) {
  db = fixture_db_open(tmp_dir, "ledger");
  district = fixture_org(db, 0, "district", "区委", "T");
  town1 = fixture_org(db, district, "town", "一镇党委", "T01");
  town2 = fixture_org(db, district, "town", "二镇党委", "T02");
  b1 = fixture_org(db, town1, "village", "一村党支部", "T01B01");
  g1 = fixture_org(db, b1, "group", "一村第一党小组", "T01B01G1");
  b2 = fixture_org(db, town1, "village", "二村党支部", "T01B02");
  b3 = fixture_org(db, town2, "village", "三村党支部", "T02B01");
  fixture_people(db, people);
  /* 一村: a congress submitted 4 days late, a lecture returned once (audit) then accepted, a
   * group meeting entered 105 days after it was held, a theme day in Q2. */
  m_congress = add_meeting(b1, "party_congress", "2025-03-03 09:30", "2025-03-06", "accepted",
                           1741003200, 1741572000, "年度工作计划\n村道修缮", true);
  /* the demo helper stores every decision as voted: the second one was not put to a vote */
  cr_assert_eq(db_exec(db,
                       "UPDATE meeting_decision SET yes = NULL, no = NULL, abstain = NULL "
                       "WHERE meeting_id = ? AND seq = 2",
                       "i", m_congress),
               DB_OK);
  m_lecture = add_meeting(b1, "lecture", "2025-02-20 14:00", "2025-02-25", "accepted", 1740096000,
                          1740096000, "党的二十大精神", false);
  AuditActor who = {0, "town1", ""};
  char sid[24];
  snprintf(sid, sizeof sid, "%lld", (long long)m_lecture);
  cr_assert_eq(audit_write(db, &who, "return_refill", "meeting", sid, NULL, NULL), DB_OK);
  m_group = add_meeting(g1, "group", "2025-01-16 19:00", "2025-01-21", "submitted", 1746061200,
                        1746061200, "学习讨论", false);
  m_theme_q2 = add_meeting(b1, "theme_day", "2025-04-01 09:00", "2025-04-04", "accepted",
                           1743469200, 1743469200, "植树", false);
  /* 二村: a draft never submitted (overdue), a theme day sent back to be held again. */
  m_draft = add_meeting(b2, "theme_day", "2025-02-10 09:00", "2025-02-13", "draft", 1739188800, 0,
                        "环境整治", false);
  m_rehold = add_meeting(b2, "theme_day", "2025-01-15 09:00", "2025-01-20", "returned_rehold",
                         1736989200, 1736989200, "走访", false);
  /* 二镇 三村: one congress on time. */
  m_other = add_meeting(b3, "party_congress", "2025-03-05 09:00", "2025-03-10", "accepted",
                        1741100000, 1741100000, "换届准备", false);
  fixture_scope(db, &all_scope, district);
  fixture_scope(db, &town_scope, town1);
  fixture_scope(db, &b1_scope, b1);
  fixture_scope(db, &b2_scope, b2);
  meeting_rules_default(&rs);
}

static void teardown(void) {
  scope_free(&all_scope);
  scope_free(&town_scope);
  scope_free(&b1_scope);
  scope_free(&b2_scope);
  fixture_db_close(db, tmp_dir);
}

TestSuite(ledger, .init = setup, .fini = teardown);

static const char *str(const json_t *o, const char *key) {
  return json_string_value(json_object_get(o, key));
}

static int64_t num(const json_t *o, const char *key) {
  return json_integer_value(json_object_get(o, key));
}

/* ---- store ---- */

Test(ledger, meetings_in_date_order_with_children_and_scope) {
  json_t *rows = NULL;
  size_t total = 0;
  cr_assert_eq(ledger_meetings(db, &b1_scope, b1, "2025-01-01", "2026-01-01", 100, &rows, &total),
               DB_OK);
  cr_assert_eq(total, 4);
  cr_assert_eq(json_array_size(rows), 4);
  int64_t want[4] = {m_group, m_lecture, m_congress, m_theme_q2};
  for (size_t i = 0; i < 4; i++) {
    cr_assert_eq(num(json_array_get(rows, i), "id"), want[i], "row %zu", i);
  }
  json_t *c = json_array_get(rows, 2);
  cr_assert_str_eq(str(c, "host_name"), "甲");
  cr_assert_str_eq(str(c, "recorder_name"), "乙");
  cr_assert_eq(json_array_size(json_object_get(c, "attendees")), 4);
  cr_assert_eq(json_array_size(json_object_get(c, "decisions")), 2);
  cr_assert_eq(json_array_size(json_object_get(json_array_get(rows, 0), "decisions")), 0);
  json_decref(rows);
  /* a quarter only */
  cr_assert_eq(ledger_meetings(db, &b1_scope, b1, "2025-04-01", "2025-07-01", 100, &rows, &total),
               DB_OK);
  cr_assert_eq(total, 1);
  json_decref(rows);
  /* too many: counted, not read */
  cr_assert_eq(
      ledger_meetings(db, &town_scope, town1, "2025-01-01", "2026-01-01", 3, &rows, &total), DB_OK);
  cr_assert_eq(total, 6);
  cr_assert_eq(json_array_size(rows), 0);
  json_decref(rows);
  /* out of scope: not found, like a missing org */
  rows = NULL;
  cr_assert_eq(ledger_meetings(db, &b2_scope, b1, "2025-01-01", "2026-01-01", 100, &rows, &total),
               DB_NOTFOUND);
  cr_assert_null(rows);
  cr_assert_eq(
      ledger_meetings(db, &all_scope, 999999, "2025-01-01", "2026-01-01", 100, &rows, &total),
      DB_NOTFOUND);
}

Test(ledger, summary_branches_counts_in_one_query) {
  LedgerSummaryRange r = {.held_from = "2025-01-01",
                          .held_to = "2026-01-01",
                          .from = "2025-01-01",
                          .to = "2025-04-01",
                          .today = "2025-06-30",
                          .utc_offset_minutes = 480};
  json_t *rows = ledger_summary_branches(db, &town_scope, town1, &r);
  cr_assert_not_null(rows);
  cr_assert_eq(json_array_size(rows), 2, "b1 and b2, not the group");
  json_t *x = json_array_get(rows, 0), *y = json_array_get(rows, 1);
  cr_assert_eq(num(x, "id"), b1);
  cr_assert_eq(num(x, "has_groups"), 1);
  cr_assert_eq(num(x, "town_id"), town1);
  cr_assert_eq(num(x, "n_records"), 3);
  cr_assert_eq(num(x, "n_late"), 2, "congress 4 days late, group meeting entered months later");
  cr_assert_eq(num(x, "n_returned"), 1, "the lecture returned once (audit log)");
  const char *held = str(x, "held");
  cr_assert_not_null(held);
  cr_assert_not_null(strstr(held, "group 2025-01-16"), "%s", held);
  cr_assert_not_null(strstr(held, "theme_day 2025-04-01"), "the year is read: %s", held);
  cr_assert_eq(num(y, "id"), b2);
  cr_assert_eq(num(y, "n_records"), 2);
  cr_assert_eq(num(y, "n_late"), 1, "the overdue draft");
  cr_assert_eq(num(y, "n_returned"), 1, "the rehold");
  cr_assert(json_is_null(json_object_get(y, "held")), "neither draft nor rehold counts as held");
  json_decref(rows);
  /* a branch scope sees itself only; another town is empty */
  rows = ledger_summary_branches(db, &b2_scope, town1, &r);
  cr_assert_eq(json_array_size(rows), 0);
  json_decref(rows);
  rows = ledger_summary_branches(db, &b2_scope, b2, &r);
  cr_assert_eq(json_array_size(rows), 1);
  json_decref(rows);
}

/* ---- view models ---- */

static json_t *find_row(json_t *rows, int64_t id) {
  size_t i;
  json_t *x;
  json_array_foreach(rows, i, x) {
    if (num(x, "id") == id) {
      return x;
    }
  }
  return NULL;
}

Test(ledger, meetings_model) {
  json_t *model = NULL;
  Period y = {.kind = PERIOD_YEAR, .year = 2025, .index = 1};
  cr_assert_eq(ledger_meetings_model(db, &b1_scope, &rs, b1, y, today, now, 100, &model), 200);
  cr_assert_str_eq(str(json_object_get(model, "org"), "name"), "一村党支部");
  cr_assert_str_eq(str(json_object_get(model, "period"), "label"), "2025年");
  cr_assert_str_eq(str(json_object_get(model, "period"), "key"), "2025");
  cr_assert_str_eq(str(model, "made_at"), "2025-06-30 09:00");
  cr_assert(json_is_true(json_object_get(model, "multi_org")), "the group's record is listed");
  cr_assert_eq(num(model, "n_late_submit"), 2);
  cr_assert_eq(num(model, "n_late_entry"), 1);
  char want_href[96];
  snprintf(want_href, sizeof want_href, "/ledger/meetings.xlsx?org=%lld&period=2025",
           (long long)b1);
  cr_assert_str_eq(str(model, "xlsx_href"), want_href);
  json_t *rows = json_object_get(model, "rows");
  json_t *c = find_row(rows, m_congress);
  cr_assert_eq(num(c, "seq"), 3);
  cr_assert_str_eq(str(c, "date"), "2025-03-03");
  cr_assert_str_eq(str(c, "time"), "09:30");
  cr_assert_str_eq(str(c, "kind_label"), "党员大会");
  cr_assert_eq(num(c, "due"), 3, "the 预备党员 is not 应到");
  cr_assert_eq(num(c, "present"), 2);
  cr_assert_eq(num(c, "n_absent"), 1);
  cr_assert_str_eq(str(c, "absent_text"), "丙（外出务工）");
  cr_assert_str_eq(str(c, "decisions_text"),
                   "1. 同意建设冷库（赞成2、反对0、弃权0，通过）\n2. 通报村务情况（未表决）");
  cr_assert_str_eq(str(c, "late_submit"), "逾期4天提交");
  cr_assert_str_eq(str(c, "entered_text"), "2025-03-03 20:00");
  cr_assert(json_is_false(json_object_get(c, "late_entry")));
  cr_assert_str_eq(str(c, "state_label"), "已审核");
  cr_assert_eq(json_array_size(json_object_get(c, "topic_lines")), 2);
  json_t *g = find_row(rows, m_group);
  cr_assert(json_is_true(json_object_get(g, "late_entry")));
  cr_assert_eq(num(g, "entry_lag"), 105);
  cr_assert_str_eq(str(g, "org_short_name"), "一村第一党小组");
  json_t *l = find_row(rows, m_lecture);
  cr_assert(json_is_null(json_object_get(l, "late_submit")));
  json_decref(model);
  /* out of scope */
  model = NULL;
  cr_assert_eq(ledger_meetings_model(db, &b2_scope, &rs, b1, y, today, now, 100, &model), 404);
  cr_assert_null(model);
  /* too many for the page */
  cr_assert_eq(ledger_meetings_model(db, &b1_scope, &rs, b1, y, today, now, 2, &model), 200);
  cr_assert(json_is_true(json_object_get(model, "too_many")));
  cr_assert_eq(json_array_size(json_object_get(model, "rows")), 0);
  json_decref(model);
}

/* The cell of kind code in a summary row (kinds in model order). */
static json_t *kind_cell(json_t *model, json_t *row, const char *code) {
  size_t i;
  json_t *k;
  json_array_foreach(json_object_get(model, "kinds"), i, k) {
    if (strcmp(str(k, "code"), code) == 0) {
      return json_array_get(json_object_get(row, "cells"), i);
    }
  }
  return NULL;
}

Test(ledger, summary_model_town) {
  json_t *model = NULL;
  Period q1 = {.kind = PERIOD_QUARTER, .year = 2025, .index = 1};
  cr_assert_eq(ledger_summary_model(db, &town_scope, &rs, town1, q1, today, now, &model), 200);
  cr_assert(json_is_false(json_object_get(model, "by_town")));
  cr_assert_str_eq(str(json_object_get(model, "period"), "label"), "2025年第一季度");
  /* kinds: those required of some branch (no 支委会 here: no committee) */
  json_t *kinds = json_object_get(model, "kinds");
  cr_assert_eq(json_array_size(kinds), 6);
  cr_assert_str_eq(str(json_array_get(kinds, 0), "code"), "party_congress");
  cr_assert_str_eq(str(json_array_get(kinds, 1), "code"), "group");
  json_t *life = json_array_get(kinds, 4);
  cr_assert_str_eq(str(life, "code"), "life_meeting");
  cr_assert_str_eq(str(life, "per_label"), "全年");
  json_t *rows = json_object_get(model, "rows");
  cr_assert_eq(json_array_size(rows), 2);
  json_t *x = json_array_get(rows, 0);
  cr_assert_str_eq(str(x, "name"), "一村党支部");
  char want_href[96];
  snprintf(want_href, sizeof want_href, "/ledger/meetings?org=%lld&period=2025Q1", (long long)b1);
  cr_assert_str_eq(str(x, "href"), want_href);
  cr_assert_str_eq(str(kind_cell(model, x, "party_congress"), "text"), "1/1");
  cr_assert_str_eq(str(kind_cell(model, x, "party_congress"), "cls"), "ok");
  cr_assert_str_eq(str(kind_cell(model, x, "group"), "text"), "1/3");
  cr_assert_str_eq(str(kind_cell(model, x, "group"), "cls"), "bad");
  cr_assert_str_eq(str(kind_cell(model, x, "lecture"), "text"), "1/1");
  cr_assert_str_eq(str(kind_cell(model, x, "theme_day"), "text"), "0/3");
  cr_assert_str_eq(str(kind_cell(model, x, "life_meeting"), "cls"), "open");
  cr_assert_eq(num(x, "due"), 8);
  cr_assert_eq(num(x, "met"), 3);
  cr_assert_str_eq(str(x, "rate"), "37.5%");
  cr_assert_eq(num(x, "n_late"), 2);
  cr_assert_eq(num(x, "n_returned"), 1);
  json_t *y = json_array_get(rows, 1);
  cr_assert_str_eq(str(kind_cell(model, y, "group"), "text"), "—", "二村 has no 党小组");
  cr_assert_str_eq(str(kind_cell(model, y, "theme_day"), "text"), "0/3");
  cr_assert_str_eq(str(y, "rate"), "0.0%");
  json_t *t = json_object_get(model, "total");
  cr_assert_str_eq(str(t, "name"), "合计");
  cr_assert_eq(num(t, "due"), 13);
  cr_assert_eq(num(t, "met"), 3);
  cr_assert_eq(num(t, "n_records"), 5);
  cr_assert_eq(num(t, "n_late"), 3);
  cr_assert_eq(num(t, "n_returned"), 2);
  cr_assert_str_eq(str(kind_cell(model, t, "theme_day"), "text"), "0/6");
  json_decref(model);
  cr_assert_eq(ledger_summary_model(db, &b2_scope, &rs, town1, q1, today, now, &model), 404);
}

Test(ledger, summary_model_district_rows_per_town) {
  json_t *model = NULL;
  Period q1 = {.kind = PERIOD_QUARTER, .year = 2025, .index = 1};
  cr_assert_eq(ledger_summary_model(db, &all_scope, &rs, district, q1, today, now, &model), 200);
  cr_assert(json_is_true(json_object_get(model, "by_town")));
  json_t *rows = json_object_get(model, "rows");
  cr_assert_eq(json_array_size(rows), 2);
  json_t *a = json_array_get(rows, 0), *b = json_array_get(rows, 1);
  cr_assert_str_eq(str(a, "name"), "一镇党委");
  cr_assert_eq(num(a, "n_branches"), 2);
  cr_assert_eq(num(a, "n_records"), 5);
  char want_href[96];
  snprintf(want_href, sizeof want_href, "/ledger/summary?org=%lld&period=2025Q1", (long long)town1);
  cr_assert_str_eq(str(a, "href"), want_href);
  cr_assert_str_eq(str(b, "name"), "二镇党委");
  cr_assert_eq(num(b, "n_branches"), 1);
  cr_assert_str_eq(str(kind_cell(model, b, "party_congress"), "text"), "1/1");
  cr_assert_str_eq(str(kind_cell(model, b, "group"), "text"), "—");
  cr_assert_eq(num(json_object_get(model, "total"), "n_branches"), 3);
  json_decref(model);
}

/* ---- workbooks ---- */

static Table *read_back(const char *data, size_t n, const char *sheet) {
  char *err = NULL;
  XlsxBook *book = xlsx_open_mem(data, n, NULL, &err);
  cr_assert_not_null(book, "%s", err ? err : "");
  cr_assert_eq(xlsx_sheet_count(book), 1);
  cr_assert_str_eq(xlsx_sheet_name(book, 0), sheet);
  Table *t = xlsx_sheet_read(book, 0, &err);
  cr_assert_not_null(t, "%s", err ? err : "");
  xlsx_close(book);
  return t;
}

/* The 1-based column whose header (row LEDGER_XLSX_HEADER_ROW) is text, or 0. */
static uint32_t col_of(const Table *t, const char *text) {
  for (uint32_t c = 1; c <= 40; c++) {
    if (strcmp(table_text(t, LEDGER_XLSX_HEADER_ROW, c), text) == 0) {
      return c;
    }
  }
  return 0;
}

Test(ledger, meetings_xlsx_reads_back) {
  json_t *model = NULL;
  Period y = {.kind = PERIOD_YEAR, .year = 2025, .index = 1};
  cr_assert_eq(ledger_meetings_model(db, &b1_scope, &rs, b1, y, today, now, 100, &model), 200);
  char *data = NULL, *err = NULL;
  size_t n = 0;
  cr_assert_eq(ledger_xlsx_meetings(model, &data, &n, &err), 0, "%s", err ? err : "");
  Table *t = read_back(data, n, LEDGER_SHEET_MEETINGS);
  cr_assert_not_null(strstr(table_text(t, 1, 1), "一村党支部 会议记录台账"));
  cr_assert_not_null(strstr(table_text(t, 2, 1), "期间：2025年"));
  cr_assert_not_null(strstr(table_text(t, 2, 1), "制表时间：2025-06-30 09:00"));
  static const char *const heads[] = {
      "序号", "日期",           "组织", "会议类型",       "主持人",   "记录人",  "应到",
      "实到", "缺席人员及原因", "议题", "决议及表决情况", "审核状态", "录入时间"};
  for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
    cr_assert_gt(col_of(t, heads[i]), 0, "header %s", heads[i]);
  }
  uint32_t r = LEDGER_XLSX_HEADER_ROW + 3; /* the congress, third in date order */
  const TableCell *date = table_cell(t, r, col_of(t, "日期"));
  cr_assert_not_null(date);
  cr_assert_eq(date->kind, TABLE_DATE, "dates are dates");
  cr_assert_str_eq(date->text, "2025-03-03");
  cr_assert_float_eq(date->number, 45719.0 + 9.5 / 24.0, 1e-6, "09:30 kept");
  cr_assert_str_eq(table_text(t, r, col_of(t, "会议类型")), "党员大会");
  cr_assert_str_eq(table_text(t, r, col_of(t, "组织")), "一村党支部");
  const TableCell *due = table_cell(t, r, col_of(t, "应到"));
  cr_assert_eq(due->kind, TABLE_NUMBER);
  cr_assert_float_eq(due->number, 3.0, 1e-9);
  cr_assert_float_eq(table_cell(t, r, col_of(t, "实到"))->number, 2.0, 1e-9);
  cr_assert_str_eq(table_text(t, r, col_of(t, "缺席人员及原因")), "丙（外出务工）");
  cr_assert_str_eq(table_text(t, r, col_of(t, "议题")), "年度工作计划\n村道修缮");
  cr_assert_not_null(strstr(table_text(t, r, col_of(t, "决议及表决情况")),
                            "同意建设冷库（赞成2、反对0、弃权0，通过）"));
  cr_assert_str_eq(table_text(t, r, col_of(t, "审核状态")), "已审核");
  cr_assert_str_eq(table_text(t, r, col_of(t, "提交情况")), "逾期4天提交");
  const TableCell *entered = table_cell(t, r, col_of(t, "录入时间"));
  cr_assert_eq(entered->kind, TABLE_DATE);
  cr_assert_str_eq(entered->text, "2025-03-03");
  /* the group meeting, first, entered 105 days late */
  cr_assert_float_eq(table_cell(t, LEDGER_XLSX_HEADER_ROW + 1, col_of(t, "会后录入天数"))->number,
                     105.0, 1e-9);
  cr_assert_null(table_row(t, LEDGER_XLSX_HEADER_ROW + 5), "four records, nothing after");
  table_free(t);
  free(data);
  json_decref(model);
}

Test(ledger, summary_xlsx_reads_back) {
  json_t *model = NULL;
  Period q1 = {.kind = PERIOD_QUARTER, .year = 2025, .index = 1};
  cr_assert_eq(ledger_summary_model(db, &town_scope, &rs, town1, q1, today, now, &model), 200);
  char *data = NULL, *err = NULL;
  size_t n = 0;
  cr_assert_eq(ledger_xlsx_summary(model, &data, &n, &err), 0, "%s", err ? err : "");
  Table *t = read_back(data, n, LEDGER_SHEET_SUMMARY);
  cr_assert_not_null(strstr(table_text(t, 1, 1), "一镇党委 三会一课落实情况汇总表"));
  cr_assert_not_null(strstr(table_text(t, 2, 1), "2025年第一季度"));
  uint32_t h = LEDGER_XLSX_HEADER_ROW;
  cr_assert_str_eq(table_text(t, h, 1), "序号");
  cr_assert_str_eq(table_text(t, h, 2), "支部");
  cr_assert_str_eq(table_text(t, h + 1, 2), "支部", "merged over both header rows");
  cr_assert_str_eq(table_text(t, h, 3), "党员大会");
  cr_assert_str_eq(table_text(t, h, 4), "党员大会", "merged over 应开 and 已开");
  cr_assert_str_eq(table_text(t, h + 1, 3), "应开");
  cr_assert_str_eq(table_text(t, h + 1, 4), "已开");
  cr_assert_str_eq(table_text(t, h, 11), "组织生活会（全年）");
  /* 6 kinds × 2, then 到期, 达标, 落实率, 记录数, 逾期提交, 退回 */
  cr_assert_str_eq(table_text(t, h + 1, 15), "到期");
  cr_assert_str_eq(table_text(t, h, 17), "落实率");
  cr_assert_str_eq(table_text(t, h, 20), "退回");
  uint32_t r = h + 2;
  cr_assert_str_eq(table_text(t, r, 2), "一村党支部");
  cr_assert_eq(table_cell(t, r, 3)->kind, TABLE_NUMBER);
  cr_assert_float_eq(table_cell(t, r, 3)->number, 1.0, 1e-9);
  cr_assert_float_eq(table_cell(t, r, 5)->number, 3.0, 1e-9, "党小组会 应开 3");
  cr_assert_float_eq(table_cell(t, r, 6)->number, 1.0, 1e-9, "党小组会 已开 1");
  cr_assert_float_eq(table_cell(t, r, 17)->number, 0.375, 1e-9);
  cr_assert_float_eq(table_cell(t, r, 19)->number, 2.0, 1e-9, "逾期提交");
  cr_assert_str_eq(table_text(t, r + 1, 5), "—");
  cr_assert_str_eq(table_text(t, r + 2, 2), "合计");
  cr_assert_float_eq(table_cell(t, r + 2, 18)->number, 5.0, 1e-9, "记录数");
  cr_assert_float_eq(table_cell(t, r + 2, 20)->number, 2.0, 1e-9, "退回");
  table_free(t);
  free(data);
  json_decref(model);
}

Test(ledger, filename) {
  char *name = ledger_xlsx_filename("会议记录台账", "一村/党支部", "2025");
  cr_assert_str_eq(name, "会议记录台账_一村_党支部_2025.xlsx");
  free(name);
}
