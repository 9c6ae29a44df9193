/*
 * Tests of the roster import and export (src/member/member_import.c, member_export.c) on a
 * fresh in-memory database with a small org tree (a district, a town, two branches): header
 * detection, column mapping, every error kind with its row and column, duplicate ID numbers
 * within a file, dry run versus apply, a pending import saved and loaded, and the round trip
 * export → import (xlsx and CSV) that must find every member unchanged; CSV in UTF-8 and
 * GB18030; xlsx files made here with libxlsxwriter.
 */
#include <criterion/criterion.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "audit/audit.h"
#include "member/member.h"
#include "member/member_import.h"
#include "org/org.h"

#include "fixture.h"

#include "base/banned.h"

static Db *db;
static Scope all;
static int64_t district, town, branch1, branch2;
static const AuditActor actor = {0, "test", ""};
static const Date TODAY = {2024, 6, 1};

static void setup(void) {
  char *err = NULL;
  cr_assert_eq(db_open(&db, ":memory:", &err), DB_OK, "%s", err ? err : "");
  OrgNew d = {0, "district", "中共青山区委员会", "青山区委", "D1", NULL, NULL, 0};
  district = fixture_org_new(db, &d);
  OrgNew t = {district, "town", "中共城关镇委员会", "城关镇党委", "T1", NULL, NULL, 0};
  town = fixture_org_new(db, &t);
  OrgNew b1 = {town, "village", "中共城关镇东坪村支部委员会", "东坪村党支部", "B1", NULL, NULL, 0};
  branch1 = fixture_org_new(db, &b1);
  OrgNew b2 = {town, "community", "中共城关镇西关社区支部委员会", "西关社区党支部", "B2", NULL,
               NULL, 0};
  branch2 = fixture_org_new(db, &b2);
  scope_add(&all, "/");
}

static void teardown(void) {
  scope_free(&all);
  db_close(db);
}

TestSuite(member_import, .init = setup, .fini = teardown);

static const ImportOptions opt = {.today = {2024, 6, 1}, .sensitive = true};

/* Reads a CSV text (UTF-8) for org; the import must parse. */
static MemberImport *read_csv(const char *text, int64_t org) {
  char *err = NULL;
  MemberImport *imp = member_import_read(db, &all, org, text, strlen(text), "t.csv", &opt, &err);
  cr_assert_not_null(imp, "read failed: %s", err ? err : "");
  return imp;
}

static json_t *run(MemberImport *imp, bool apply) {
  json_t *report = NULL;
  int rc = member_import_run(db, &all, imp, &actor, apply, &opt, &report);
  cr_assert_eq(rc, DB_OK, "run: %d %s", rc, db_errmsg(db));
  return report;
}

static int64_t num(const json_t *r, const char *key) {
  return json_integer_value(json_object_get(r, key));
}

/* The error of the report at (row, column), or NULL. */
static const json_t *error_at(const json_t *report, int row, const char *column) {
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(report, "errors"), i, e) {
    if (num(e, "row") == row &&
        strcmp(json_string_value(json_object_get(e, "column")), column) == 0) {
      return e;
    }
  }
  return NULL;
}

static void expect_error(const json_t *report, int row, const char *column, const char *part) {
  const json_t *e = error_at(report, row, column);
  cr_expect_not_null(e, "an error at row %d column %s", row, column);
  if (e && part) {
    const char *msg = json_string_value(json_object_get(e, "message"));
    cr_expect(strstr(msg, part) != NULL, "row %d %s: '%s' should mention '%s'", row, column,
              msg, part);
  }
}

static int64_t members(void) {
  MemberFilter f = {.limit = 1000};
  int total = 0;
  json_t *l = member_list(db, &all, &f, TODAY, &total);
  json_decref(l);
  return total;
}

#define HEADER "姓名,公民身份证号,所在党支部,性别,人员类别,加入党组织日期,转为正式党员日期,手机号\r\n"
#define ROW_A "张新党,110105198001010016,东坪村党支部,男,农民,2010年7月1日,2011.07.01,13812345678\r\n"
#define ROW_B "王秀英,110105198503150027,B2,女,在职,2015/7/1,2016-07-01,\r\n"

/* ---- header detection and mapping ---- */

Test(member_import, header_after_title_lines) {
  MemberImport *imp = read_csv("党员基本信息汇总表\r\n填报单位：城关镇,,,\r\n\r\n" HEADER ROW_A
                               ROW_B,
                               town);
  json_t *r = run(imp, false);
  json_t *sheet = json_array_get(json_object_get(r, "sheets"), 0);
  cr_expect_eq(num(sheet, "header_row"), 4);
  cr_expect_eq(num(r, "rows"), 2);
  cr_expect_eq(num(r, "valid"), 2);
  cr_expect_eq(num(r, "created"), 2);
  cr_expect_eq(num(r, "imported"), 0, "a dry run imports nothing");
  cr_expect_eq(members(), 0, "a dry run writes nothing");
  json_decref(r);
  member_import_free(imp);
}

Test(member_import, no_header_is_an_error) {
  const char *text = "会议,日期\r\n支委会,2024-01-02\r\n";
  char *err = NULL;
  MemberImport *imp = member_import_read(db, &all, town, text, strlen(text), "x.csv", &opt, &err);
  cr_expect_null(imp);
  cr_expect(err && strstr(err, "没有找到表头"), "%s", err ? err : "");
  free(err);
  /* the header must be within the first 10 rows */
  Buf b = BUF_INIT;
  for (int i = 0; i < 10; i++) {
    buf_printf(&b, "说明第%d行\r\n", i + 1);
  }
  buf_puts(&b, HEADER ROW_A);
  imp = member_import_read(db, &all, town, b.data, b.len, "x.csv", &opt, &err);
  cr_expect_null(imp, "a header on row 11 is not found");
  free(err);
  buf_free(&b);
}

Test(member_import, columns_in_any_order_with_aliases_and_extras) {
  MemberImport *imp = read_csv(
      "备注,入党时间,身份证号码,姓名 *,人员类别,出生日期（yyyy-mm-dd）,所在支部,转正日期\r\n"
      "村医,2010-07-01,110105198001010016,张新党,农民,1980-01-01,B1,2011-07-01\r\n",
      town);
  json_t *r = run(imp, true);
  cr_expect_eq(num(r, "valid"), 1, "%s", json_dumps(json_object_get(r, "errors"), 0));
  cr_expect_eq(num(r, "created"), 1);
  json_t *sheet = json_array_get(json_object_get(r, "sheets"), 0);
  cr_expect_str_eq(json_string_value(json_array_get(json_object_get(sheet, "ignored"), 0)), "备注");
  int64_t id = member_by_id_number(db, &all, "110105198001010016");
  json_t *m = member_get(db, &all, id);
  cr_assert_not_null(m);
  cr_expect_str_eq(json_string_value(json_object_get(m, "joined_date")), "2010-07-01");
  cr_expect_str_eq(json_string_value(json_object_get(m, "status")), "正式党员");
  cr_expect_eq(json_integer_value(json_object_get(m, "org_id")), branch1);
  json_decref(m);
  json_decref(r);
  member_import_free(imp);
}

Test(member_import, branch_target_needs_no_branch_column) {
  MemberImport *imp = read_csv("姓名,公民身份证号,人员类别,加入党组织日期\r\n"
                               "王秀英,110105198503150027,在职,2015-07-01\r\n",
                               branch2);
  json_t *r = run(imp, true);
  cr_expect_eq(num(r, "created"), 1);
  json_t *m = member_get(db, &all, member_by_id_number(db, &all, "110105198503150027"));
  cr_expect_eq(json_integer_value(json_object_get(m, "org_id")), branch2);
  json_decref(m);
  json_decref(r);
  member_import_free(imp);
  /* into the town a new member without a branch is refused (row 2, 所在党支部) */
  imp = read_csv("姓名,公民身份证号,人员类别,加入党组织日期\r\n"
                 "张新党,110105198001010016,农民,2010-07-01\r\n",
                 town);
  r = run(imp, false);
  expect_error(r, 2, "所在党支部", "不能为空");
  cr_expect_eq(num(r, "invalid"), 1);
  json_decref(r);
  member_import_free(imp);
}

/* ---- errors ---- */

Test(member_import, every_error_names_row_and_column) {
  MemberImport *imp = read_csv(
      HEADER ROW_A
      /* 3 */ "李错号,110105194912310021,B1,男,农民,2010-07-01,2011-07-01,\r\n"
      /* 4 */ "钱外镇,11010519750620003X,不存在的党支部,男,农民,2012-01-01,2013-01-02,\r\n"
      /* 5 */ "孙未来,110105199001010045,B1,女,农民,2099-01-01,,\r\n"
      /* 6 */ "周日期,110105199001010045,B1,女,农民,2015-02-30,,\r\n"
      /* 7 */ "吴科学,1.10105E+17,B1,男,农民,2010-07-01,2011-07-01,\r\n"
      /* 8 */ "郑手机,110105197506200011,B1,男,农民,2010-07-01,2011-07-01,12345\r\n"
      /* 9 */ "冯类别,110105197506200038,B1,男,工人,2010-07-01,2011-07-01,\r\n"
      /* 10 */ "陈组织,110105197506200054,城关镇党委,男,农民,2010-07-01,2011-07-01,\r\n",
      town);
  json_t *r = run(imp, false);
  expect_error(r, 3, "公民身份证号", "校验码");
  expect_error(r, 4, "所在党支部", "没有找到");
  expect_error(r, 5, "加入党组织日期", "晚于今天");
  expect_error(r, 6, "加入党组织日期", NULL);
  expect_error(r, 7, "公民身份证号", "科学计数法");
  expect_error(r, 8, "手机号", NULL);
  expect_error(r, 9, "人员类别", NULL);
  expect_error(r, 10, "所在党支部", "党支部或党小组");
  cr_expect_eq(num(r, "valid"), 1);
  cr_expect_eq(num(r, "invalid"), 8);
  const json_t *e = error_at(r, 3, "公民身份证号");
  cr_expect_str_eq(json_string_value(json_object_get(e, "value")), "110105194912310021");
  /* errors are in row order */
  int64_t prev = 0;
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(r, "errors"), i, x) {
    cr_expect_geq(num(x, "row"), prev);
    prev = num(x, "row");
  }
  json_decref(r);
  member_import_free(imp);
}

Test(member_import, yes_no_and_dependent_fields) {
  MemberImport *imp = read_csv(
      "姓名,公民身份证号,所在党支部,人员类别,加入党组织日期,是否为失联党员,失去联系日期,是否为流动党员,外出流向\r\n"
      "甲,110105198001010016,B1,农民,2010-07-01,也许,,否,\r\n"
      "乙,110105198503150027,B1,农民,2010-07-01,否,2020-01-01,是,\r\n"
      "丙,11010519750620003X,B1,农民,2010-07-01,是,2020年1月1日,是,浙江杭州\r\n",
      town);
  json_t *r = run(imp, false);
  expect_error(r, 2, "是否为失联党员", "“是”或“否”");
  expect_error(r, 3, "失去联系日期", "只能在失联党员填写");
  expect_error(r, 3, "外出流向", "流动党员应填写外出流向");
  cr_expect_null(error_at(r, 4, "失去联系日期"));
  cr_expect_eq(num(r, "valid"), 1);
  json_decref(r);
  member_import_free(imp);
}

Test(member_import, duplicate_ids_within_the_file) {
  MemberImport *imp = read_csv(HEADER ROW_A ROW_B
                               "张新党二,110105198001010016,B2,男,在职,2012-07-01,2013-07-01,\r\n"
                               /* a 15-digit form of the same person as row 3 */
                               "王秀英,110105850315002,B2,女,在职,2015/7/1,2016-07-01,\r\n",
                               town);
  json_t *r = run(imp, false);
  cr_expect_null(error_at(r, 2, "公民身份证号"), "the first occurrence is kept");
  cr_expect_null(error_at(r, 3, "公民身份证号"));
  expect_error(r, 4, "公民身份证号", "与第 2 行重复");
  expect_error(r, 5, "公民身份证号", "与第 3 行重复");
  cr_expect_eq(num(r, "valid"), 2);
  json_decref(r);
  member_import_free(imp);
}

/* ---- xlsx ---- */

static char *temp_path(const char *suffix) {
  char *p = malloc(64);
  snprintf(p, 64, "/tmp/dj-import-test-%d-XXXXXX", (int)getpid());
  int fd = mkstemp(p);
  cr_assert_geq(fd, 0);
  close(fd);
  unlink(p);
  char *q = malloc(80);
  snprintf(q, 80, "%s%s", p, suffix);
  free(p);
  return q;
}

static MemberImport *read_path(const char *path, int64_t org, char **err) {
  return member_import_read_file(db, &all, org, path, &opt, err);
}

Test(member_import, xlsx_title_two_level_header_dates_and_numbers) {
  char *path = temp_path(".xlsx");
  lxw_workbook *wb = workbook_new(path);
  lxw_worksheet *ws = workbook_add_worksheet(wb, "东坪村党支部");
  lxw_format *date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
  worksheet_merge_range(ws, 0, 0, 0, 7, "党员基本信息汇总表", NULL);
  /* a two-level header: 失联情况 over 是否为失联党员 / 失去联系日期 on rows 3 and 4 */
  const char *top[] = {"序号", "姓名", "公民身份证号", "性别", "人员类别", "加入党组织日期"};
  for (int c = 0; c < 6; c++) {
    worksheet_merge_range(ws, 2, (lxw_col_t)c, 3, (lxw_col_t)c, top[c], NULL);
  }
  worksheet_merge_range(ws, 2, 6, 2, 7, "失联情况", NULL);
  worksheet_write_string(ws, 3, 6, "是否为失联党员", NULL);
  worksheet_write_string(ws, 3, 7, "失去联系日期", NULL);
  /* row 5: a real date, a string ID; row 6: the ID as a number, the date as a serial;
   * row 7: a boolean cell for 失联 */
  worksheet_write_number(ws, 4, 0, 1, NULL);
  worksheet_write_string(ws, 4, 1, "张新党", NULL);
  worksheet_write_string(ws, 4, 2, "110105198001010016", NULL);
  worksheet_write_string(ws, 4, 3, "男", NULL);
  worksheet_write_string(ws, 4, 4, "农民", NULL);
  lxw_datetime dt = {2010, 7, 1, 0, 0, 0};
  worksheet_write_datetime(ws, 4, 5, &dt, date);
  worksheet_write_string(ws, 4, 6, "否", NULL);
  worksheet_write_number(ws, 5, 0, 2, NULL);
  worksheet_write_string(ws, 5, 1, "王秀英", NULL);
  worksheet_write_number(ws, 5, 2, 110105198503150027.0, NULL);
  worksheet_write_string(ws, 5, 4, "在职", NULL);
  worksheet_write_number(ws, 5, 5, 42186, NULL); /* 2015-07-01 */
  worksheet_write_number(ws, 6, 0, 3, NULL);
  worksheet_write_string(ws, 6, 1, "李失联", NULL);
  worksheet_write_string(ws, 6, 2, "11010519750620003X", NULL);
  worksheet_write_string(ws, 6, 4, "农民", NULL);
  worksheet_write_string(ws, 6, 5, "2000.07.01", NULL);
  worksheet_write_boolean(ws, 6, 6, 1, NULL);
  worksheet_write_datetime(ws, 6, 7, &(lxw_datetime){2020, 1, 1, 0, 0, 0}, date);
  cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);

  char *err = NULL;
  MemberImport *imp = read_path(path, town, &err);
  cr_assert_not_null(imp, "%s", err ? err : "");
  json_t *r = run(imp, true);
  json_t *sheet = json_array_get(json_object_get(r, "sheets"), 0);
  cr_expect_eq(num(sheet, "header_row"), 3);
  cr_expect_eq(num(r, "rows"), 3);
  expect_error(r, 6, "公民身份证号", "身份证号被存成了数字，末位可能已丢失，请把该列设为文本");
  cr_expect_eq(num(r, "created"), 2, "%s", json_dumps(json_object_get(r, "errors"), 0));
  /* the sheet's name is the branch */
  json_t *m = member_get(db, &all, member_by_id_number(db, &all, "11010519750620003X"));
  cr_assert_not_null(m);
  cr_expect_eq(json_integer_value(json_object_get(m, "org_id")), branch1);
  cr_expect_str_eq(json_string_value(json_object_get(m, "lost_date")), "2020-01-01");
  json_decref(m);
  m = member_get(db, &all, member_by_id_number(db, &all, "110105198001010016"));
  cr_expect_str_eq(json_string_value(json_object_get(m, "joined_date")), "2010-07-01");
  json_decref(m);
  json_decref(r);
  member_import_free(imp);
  unlink(path);
  free(path);
}

/* ---- apply, updates, audit ---- */

Test(member_import, apply_then_update_shows_changes) {
  MemberImport *imp = read_csv(HEADER ROW_A ROW_B, town);
  json_t *r = run(imp, true);
  cr_expect_eq(num(r, "imported"), 2);
  cr_expect_eq(members(), 2);
  int64_t audits = db_int(db, 0, "SELECT count(*) FROM audit WHERE login = 'test'", "");
  cr_expect_eq(audits, 3, "two members and the import");
  json_decref(r);
  member_import_free(imp);

  /* a partial roster: only 姓名, ID and a new phone; nothing else may be cleared */
  imp = read_csv("姓名,身份证号,手机号\r\n张新党,110105198001010016,13900001111\r\n", town);
  r = run(imp, true);
  cr_expect_eq(num(r, "updated"), 1);
  json_t *u = json_array_get(json_object_get(r, "updates"), 0);
  cr_expect_eq(num(u, "row"), 2);
  json_t *ch = json_object_get(u, "changes");
  cr_expect_eq(json_object_size(ch), 1, "%s", json_dumps(ch, 0));
  cr_expect_str_eq(json_string_value(json_array_get(json_object_get(ch, "手机号"), 0)),
                   "13812345678");
  cr_expect_str_eq(json_string_value(json_array_get(json_object_get(ch, "手机号"), 1)),
                   "13900001111");
  json_t *m = member_get(db, &all, member_by_id_number(db, &all, "110105198001010016"));
  cr_expect_eq(json_integer_value(json_object_get(m, "org_id")), branch1);
  cr_expect_str_eq(json_string_value(json_object_get(m, "joined_date")), "2010-07-01");
  json_decref(m);
  json_decref(r);
  member_import_free(imp);
}

Test(member_import, masked_report_without_the_sensitive_permission) {
  MemberImport *imp = read_csv(HEADER ROW_A, town);
  json_decref(run(imp, true));
  member_import_free(imp);
  imp = read_csv(HEADER "张新党,110105198001010016,B1,男,农民,2010-07-01,2011-07-01,13900001111\r\n"
                        "李错号,110105194912310021,B1,男,农民,2010-07-01,2011-07-01,\r\n",
                 town);
  ImportOptions o = opt;
  o.sensitive = false;
  json_t *r = NULL;
  cr_assert_eq(member_import_run(db, &all, imp, &actor, false, &o, &r), DB_OK);
  json_t *u = json_array_get(json_object_get(r, "updates"), 0);
  cr_expect_str_eq(json_string_value(json_object_get(u, "id_number")), "110***********0016");
  json_t *ph = json_object_get(json_object_get(u, "changes"), "手机号");
  cr_expect_str_eq(json_string_value(json_array_get(ph, 1)), "139****1111");
  cr_expect_str_eq(json_string_value(json_object_get(error_at(r, 3, "公民身份证号"), "value")),
                   "110***********0021");
  json_decref(r);
  member_import_free(imp);
}

Test(member_import, pending_import_saved_and_loaded) {
  MemberImport *imp = read_csv(HEADER ROW_A "李错号,110105194912310021,B1,男,农民,2010-07-01,,\r\n",
                               town);
  json_t *saved = member_import_save(imp);
  char *text = json_dumps(saved, JSON_COMPACT);
  json_t *back = json_loads(text, 0, NULL);
  MemberImport *again = member_import_load(back);
  cr_assert_not_null(again);
  json_t *r1 = run(imp, false), *r2 = run(again, true);
  cr_expect_eq(num(r2, "imported"), 1);
  cr_expect_eq(num(r1, "invalid"), num(r2, "invalid"));
  cr_expect(json_equal(json_object_get(r1, "errors"), json_object_get(r2, "errors")));
  json_t *foreign = json_object();
  cr_expect_null(member_import_load(foreign), "foreign JSON is refused");
  json_decref(foreign);
  free(text);
  json_decref(saved);
  json_decref(back);
  json_decref(r1);
  json_decref(r2);
  member_import_free(imp);
  member_import_free(again);
}

/* ---- round trip ---- */

static const char *const full_roster =
    "序号,姓名,所在党支部,公民身份证号,性别,民族,出生日期,学历,人员类别,加入党组织日期,"
    "转为正式党员日期,工作岗位,手机号,固定电话,家庭住址,党籍状态,是否为失联党员,失去联系日期,"
    "是否为流动党员,外出流向,党员身份,预备期满日期\r\n"
    "1,张新党,B1,110105198001010016,男,汉族,1980-01-01,高中,农民,2010-07-01,2011-07-01,"
    "村民小组长,13812345678,0931-8123456,\"东坪村3组,48号\",正常,否,,是,浙江杭州,正式党员,\r\n"
    "2,王秀英,B2,110105198503150027,女,回族,,大学本科,在职,2023-09-01,,教师,,,,正常,否,,否,,"
    "预备党员,\r\n"
    "3,李失联,B1,11010519750620003X,男,汉族,,初中,农民,2000-07-01,2002-03-15,,,,,停止党籍,是,"
    "2020-01-01,否,,正式党员,2002-03-01\r\n";

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f);
  Buf b = BUF_INIT;
  char chunk[4096];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
    buf_append(&b, chunk, got);
  }
  fclose(f);
  *n = b.len;
  return buf_take(&b);
}

static void round_trip(ExportFormat format, const char *suffix) {
  MemberImport *imp = read_csv(full_roster, town);
  json_t *r = run(imp, true);
  cr_assert_eq(num(r, "created"), 3, "%s", json_dumps(json_object_get(r, "errors"), 0));
  json_decref(r);
  member_import_free(imp);

  char *path = temp_path(suffix);
  char *err = NULL;
  size_t count = 0;
  cr_assert_eq(member_export_file(db, &all, town, format, true, TODAY, path, &count, &err), DB_OK,
               "%s", err ? err : "");
  cr_expect_eq(count, 3);
  imp = read_path(path, town, &err);
  cr_assert_not_null(imp, "%s", err ? err : "");
  r = run(imp, true);
  cr_expect_eq(num(r, "rows"), 3);
  cr_expect_eq(num(r, "unchanged"), 3, "%s %s", json_dumps(json_object_get(r, "errors"), 0),
               json_dumps(json_object_get(r, "updates"), 0));
  cr_expect_eq(num(r, "imported"), 0);
  cr_expect_eq(json_array_size(json_object_get(r, "errors")), 0);
  json_decref(r);
  member_import_free(imp);

  /* into a fresh database (same orgs): the export of that is the same file */
  if (format == EXPORT_CSV) {
    size_t n1, n2;
    char *first = slurp(path, &n1);
    json_t *saved = NULL;
    imp = read_path(path, town, &err);
    saved = member_import_save(imp);
    member_import_free(imp);
    teardown();
    setup();
    imp = member_import_load(saved);
    r = run(imp, true);
    cr_expect_eq(num(r, "created"), 3);
    json_decref(r);
    member_import_free(imp);
    json_decref(saved);
    cr_assert_eq(member_export_file(db, &all, town, format, true, TODAY, path, &count, &err),
                 DB_OK);
    char *second = slurp(path, &n2);
    cr_expect_eq(n1, n2);
    cr_expect(n1 == n2 && memcmp(first, second, n1) == 0, "export → import → export is stable");
    free(first);
    free(second);
  }
  unlink(path);
  free(path);
}

Test(member_import, round_trip_xlsx) { round_trip(EXPORT_XLSX, ".xlsx"); }
Test(member_import, round_trip_csv) { round_trip(EXPORT_CSV, ".csv"); }

Test(member_import, export_masks_without_the_sensitive_permission) {
  MemberImport *imp = read_csv(full_roster, town);
  json_decref(run(imp, true));
  member_import_free(imp);
  char *data = NULL, *err = NULL;
  size_t n = 0, count = 0;
  cr_assert_eq(member_export_mem(db, &all, town, EXPORT_CSV, false, TODAY, &data, &n, &count,
                                 &err),
               DB_OK);
  cr_expect(memcmp(data, "\xEF\xBB\xBF", 3) == 0, "UTF-8 BOM");
  cr_expect(strstr(data, "110***********0016") != NULL);
  cr_expect(strstr(data, "138****5678") != NULL);
  cr_expect(strstr(data, "110105198001010016") == NULL);
  free(data);
  /* an org out of scope */
  Scope none = SCOPE_INIT;
  scope_add(&none, "/999/");
  cr_expect_eq(member_export_mem(db, &none, town, EXPORT_CSV, true, TODAY, &data, &n, &count,
                                 &err),
               DB_NOTFOUND);
  free(err);
  scope_free(&none);
}

/* ---- GB18030 ---- */

Test(member_import, csv_in_gb18030) {
  const char *utf8 = HEADER ROW_A ROW_B;
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  cr_assert(cd != (iconv_t)-1);
  size_t in_left = strlen(utf8), out_size = in_left * 2, out_left = out_size;
  char *out = malloc(out_size), *in = (char *)(uintptr_t)utf8, *o = out;
  cr_assert_neq(iconv(cd, &in, &in_left, &o, &out_left), (size_t)-1);
  iconv_close(cd);
  size_t n = out_size - out_left;
  cr_assert(memchr(out, 0xD5, n) != NULL, "really GB18030 bytes");
  char *err = NULL;
  MemberImport *imp = member_import_read(db, &all, town, out, n, "gbk.csv", &opt, &err);
  cr_assert_not_null(imp, "%s", err ? err : "");
  json_t *r = run(imp, true);
  cr_expect_eq(num(r, "created"), 2);
  json_t *m = member_get(db, &all, member_by_id_number(db, &all, "110105198001010016"));
  cr_expect_str_eq(json_string_value(json_object_get(m, "name")), "张新党");
  json_decref(m);
  json_decref(r);
  member_import_free(imp);
  free(out);
}
