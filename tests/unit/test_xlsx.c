/*
 * Unit tests of src/io/xlsx.c and src/io/table.c: workbooks written by libxlsxwriter in the
 * test (the 党员基本信息汇总表 layout, cell kinds, several sheets), hand-made parts zipped with
 * libzip (features real writers rarely use, and broken files), and a workbook made by
 * LibreOffice (tests/data/io/roster_lo.xlsx from roster_lo.csv; converted again live when
 * soffice is installed). Each test works in its own temporary directory.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "base/buf.h"
#include "base/date.h"
#include "io/table.h"
#include "io/xlsx.h"

#include "fixture.h"

#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static char tmp_dir[FIXTURE_DIR_SIZE];

static void tmp_setup(void) { fixture_dir_make(tmp_dir, "xlsx"); }

static void tmp_teardown(void) { fixture_dir_remove(tmp_dir); }

TestSuite(xlsx, .init = tmp_setup, .fini = tmp_teardown);

/* A path in the test's directory; valid until the 4th next call. */
static const char *tmp_path(const char *name) { return fixture_path(tmp_dir, name); }

/* The whole file (malloc'd) and its size. */
static char *read_all(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f, "open %s", path);
  Buf b = BUF_INIT;
  buf_set_cap(&b, (size_t)512 << 20);
  char chunk[65536];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
    cr_assert_eq(buf_append(&b, chunk, got), 0);
  }
  fclose(f);
  *n = b.len;
  return buf_take(&b);
}

/* Zips name/content pairs (a NULL name ends the list) into path. */
static void zip_write(const char *path, const char *const *pairs) {
  int code = 0;
  zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);
  cr_assert_not_null(z);
  for (size_t i = 0; pairs[i]; i += 2) {
    zip_source_t *s = zip_source_buffer(z, pairs[i + 1], strlen(pairs[i + 1]), 0);
    cr_assert_not_null(s);
    cr_assert_geq(zip_file_add(z, pairs[i], s, ZIP_FL_OVERWRITE), 0);
  }
  cr_assert_eq(zip_close(z), 0, "%s", zip_strerror(z));
}

#define WB_XML                                                                                     \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                                   \
  "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "                 \
  "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"               \
  "<sheets><sheet name=\"表一\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
#define RELS_XML                                                                                   \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                                   \
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"         \
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"        \
  "relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"                                   \
  "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"        \
  "relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"

/* A one-sheet book of hand-written parts: shared strings (may be NULL) and the sheet. */
static const char *hand_book(const char *sst, const char *sheet) {
  const char *path = tmp_path("hand.xlsx");
  const char *pairs[] = {"xl/workbook.xml",
                         WB_XML,
                         "xl/_rels/workbook.xml.rels",
                         RELS_XML,
                         "xl/worksheets/sheet1.xml",
                         sheet,
                         sst ? "xl/sharedStrings.xml" : NULL,
                         sst,
                         NULL};
  zip_write(path, pairs);
  return path;
}

/* Opens path from memory (as uploads are) and reads sheet 0; asserts success. */
static Table *read_sheet0(const char *path, XlsxBook **book_out) {
  size_t n;
  char *data = read_all(path, &n);
  char *err = NULL;
  XlsxBook *book = xlsx_open_mem(data, n, NULL, &err);
  free(data);
  cr_assert_not_null(book, "open: %s", err ? err : "?");
  Table *t = xlsx_sheet_read(book, 0, &err);
  cr_assert_not_null(t, "read: %s", err ? err : "?");
  if (book_out) {
    *book_out = book;
  } else {
    xlsx_close(book);
  }
  return t;
}

/* The error of opening path and reading every sheet (malloc'd), or NULL when all is fine. */
static char *first_error(const char *path, const XlsxOptions *opt) {
  size_t n;
  char *data = read_all(path, &n);
  char *err = NULL;
  XlsxBook *book = xlsx_open_mem(data, n, opt, &err);
  free(data);
  if (!book) {
    cr_assert_not_null(err);
    return err;
  }
  cr_assert_null(err);
  for (size_t i = 0; i < xlsx_sheet_count(book); i++) {
    Table *t = xlsx_sheet_read(book, i, &err);
    if (!t) {
      cr_assert_not_null(err);
      xlsx_close(book);
      return err;
    }
    table_free(t);
  }
  xlsx_close(book);
  return NULL;
}

static void expect_text(const Table *t, uint32_t row, uint32_t col, const char *want) {
  const char *got = table_text(t, row, col);
  cr_expect_str_eq(got, want, "row %u col %u: got \"%s\", want \"%s\"", row, col, got, want);
}

static void expect_kind(const Table *t, uint32_t row, uint32_t col, TableKind kind) {
  const TableCell *c = table_cell(t, row, col);
  cr_assert_not_null(c, "row %u col %u absent", row, col);
  cr_expect_eq(c->kind, kind, "row %u col %u: kind %d, want %d", row, col, c->kind, kind);
}

static void expect_date(const Table *t, uint32_t row, uint32_t col, int y, int m, int d) {
  const TableCell *c = table_cell(t, row, col);
  cr_assert_not_null(c, "row %u col %u absent", row, col);
  cr_expect_eq(c->kind, TABLE_DATE, "row %u col %u kind %d", row, col, c->kind);
  Date got;
  cr_assert_eq(date_from_excel_serial(c->number, &got), 0);
  cr_expect(got.y == y && got.m == m && got.d == d, "row %u col %u: %d-%d-%d", row, col, got.y,
            got.m, got.d);
}

/* ---- the roster layout, written by libxlsxwriter -------------------------------------------- */

static const char *const roster_headers[20] = {
    "序号",           "姓名",           "所在党支部",       "公民身份证号",
    "性别",           "民族",           "出生日期",         "学历",
    "人员类别",       "加入党组织日期", "转为正式党员日期", "工作岗位",
    "手机号",         "固定电话",       "家庭住址",         "党籍状态",
    "是否为失联党员", "失去联系日期",   "是否为流动党员",   "外出流向"};

static const char *write_roster(void) {
  const char *path = tmp_path("roster.xlsx");
  lxw_workbook *wb = workbook_new(path);
  cr_assert_not_null(wb);
  lxw_worksheet *ws = workbook_add_worksheet(wb, "党员基本信息汇总表");
  lxw_worksheet *notes = workbook_add_worksheet(wb, "填表说明");
  lxw_worksheet *dict = workbook_add_worksheet(wb, "字典");
  lxw_format *cn_date = workbook_add_format(wb);
  format_set_num_format(cn_date, "yyyy\"年\"m\"月\"d\"日\"");
  lxw_format *iso_date = workbook_add_format(wb);
  format_set_num_format(iso_date, "yyyy-mm-dd");
  lxw_format *text = workbook_add_format(wb);
  format_set_num_format(text, "@");

  worksheet_merge_range(ws, 0, 0, 0, 19, "某某镇某某村党支部党员基本信息汇总表", NULL);
  worksheet_write_string(ws, 1, 0, "填报单位（盖章）：", NULL);
  for (int c = 0; c < 20; c++) {
    worksheet_write_string(ws, 3, (lxw_col_t)c, roster_headers[c], NULL);
  }
  /* row 5 */
  worksheet_write_number(ws, 4, 0, 1, NULL);
  worksheet_write_string(ws, 4, 1, "张三", NULL);
  worksheet_write_string(ws, 4, 2, "某某村党支部", NULL);
  worksheet_write_string(ws, 4, 3, "110101199003071234", text);
  worksheet_write_string(ws, 4, 4, "男", NULL);
  worksheet_write_string(ws, 4, 5, "汉族", NULL);
  lxw_datetime born = {1990, 3, 7, 0, 0, 0};
  worksheet_write_datetime(ws, 4, 6, &born, cn_date);
  worksheet_write_string(ws, 4, 7, "大学本科", NULL);
  worksheet_write_string(ws, 4, 8, "正式党员", NULL);
  lxw_datetime joined = {2012, 7, 1, 0, 0, 0};
  worksheet_write_datetime(ws, 4, 9, &joined, iso_date);
  worksheet_write_string(ws, 4, 10, "2013.07.01", NULL);
  worksheet_write_string(ws, 4, 11, "村党支部书记", NULL);
  worksheet_write_number(ws, 4, 12, 13800138000.0, NULL);
  worksheet_write_string(ws, 4, 15, "正常", NULL);
  worksheet_write_string(ws, 4, 16, "否", NULL);
  worksheet_write_string(ws, 4, 18, "否", NULL);
  /* row 6: gaps (no address, no phone), an ID ending in X, a date as serial number */
  worksheet_write_number(ws, 5, 0, 2, NULL);
  worksheet_write_string(ws, 5, 1, "李四", NULL);
  worksheet_write_string(ws, 5, 3, "11010519491231002X", NULL);
  worksheet_write_number(ws, 5, 6, 18264, iso_date); /* 1950-01-01 */
  worksheet_write_string(ws, 5, 16, "是", NULL);
  worksheet_write_string(ws, 5, 17, "2022年5月1日", NULL);
  /* row 7 left out entirely; row 8 */
  worksheet_write_number(ws, 7, 0, 3, NULL);
  worksheet_write_string(ws, 7, 1, "王五", NULL);
  worksheet_write_string(ws, 7, 19, "广东省深圳市", NULL);

  worksheet_write_string(notes, 0, 0, "出生日期填写格式：yyyy-mm-dd", NULL);
  worksheet_write_string(dict, 0, 0, "汉族", NULL);
  worksheet_hide(dict);
  cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
  return path;
}

Test(xlsx, roster_layout) {
  const char *path = write_roster();
  XlsxBook *book = NULL;
  Table *t = read_sheet0(path, &book);
  cr_assert_eq(xlsx_sheet_count(book), 3);
  cr_expect_str_eq(xlsx_sheet_name(book, 0), "党员基本信息汇总表");
  cr_expect_str_eq(xlsx_sheet_name(book, 1), "填表说明");
  cr_expect_str_eq(xlsx_sheet_name(book, 2), "字典");
  cr_expect_null(xlsx_sheet_name(book, 3));
  cr_expect(!xlsx_sheet_hidden(book, 0));
  cr_expect(xlsx_sheet_hidden(book, 2));
  cr_expect_str_eq(xlsx_sheet_path(book, 0), "xl/worksheets/sheet1.xml");
  cr_expect_eq(xlsx_sheet_find(book, "填表说明"), 1);
  cr_expect_eq(xlsx_sheet_find(book, "无"), -1);
  cr_expect_str_eq(t->name, "党员基本信息汇总表");

  /* merged title row */
  cr_assert_eq(t->n_merges, 1);
  cr_expect(t->merges[0].first_row == 1 && t->merges[0].first_col == 1 &&
            t->merges[0].last_row == 1 && t->merges[0].last_col == 20);
  expect_text(t, 1, 1, "某某镇某某村党支部党员基本信息汇总表");
  expect_text(t, 1, 20, "某某镇某某村党支部党员基本信息汇总表"); /* via the merge */
  cr_expect_not_null(table_merge_at(t, 1, 7));
  cr_expect_null(table_merge_at(t, 2, 1));
  expect_text(t, 2, 1, "填报单位（盖章）：");
  cr_expect_null(table_row(t, 3));

  /* headers on row 4 */
  for (uint32_t c = 1; c <= 20; c++) {
    expect_text(t, 4, c, roster_headers[c - 1]);
  }
  /* data from row 5 */
  expect_kind(t, 5, 1, TABLE_NUMBER);
  expect_text(t, 5, 1, "1");
  expect_text(t, 5, 2, "张三");
  expect_kind(t, 5, 4, TABLE_TEXT);
  expect_text(t, 5, 4, "110101199003071234"); /* all 18 digits, not 1.1e17 */
  expect_date(t, 5, 7, 1990, 3, 7);
  expect_text(t, 5, 7, "1990-03-07");
  expect_date(t, 5, 10, 2012, 7, 1);
  expect_text(t, 5, 11, "2013.07.01");
  expect_kind(t, 5, 13, TABLE_NUMBER);
  expect_text(t, 5, 13, "13800138000");
  cr_expect_null(table_cell(t, 5, 14)); /* empty cells are absent */
  expect_text(t, 5, 14, "");

  expect_text(t, 6, 4, "11010519491231002X");
  expect_date(t, 6, 7, 1950, 1, 1);
  expect_text(t, 6, 18, "2022年5月1日");
  cr_expect_null(table_cell(t, 6, 3));

  cr_expect_null(table_row(t, 7)); /* missing row stays missing; numbering is the sheet's */
  const TableRow *r8 = table_row(t, 8);
  cr_assert_not_null(r8);
  cr_expect_eq(r8->n, 3);
  cr_expect_eq(r8->cells[2].col, 20);
  expect_text(t, 8, 20, "广东省深圳市");
  cr_expect_eq(t->n_rows, 6); /* rows 1, 2, 4, 5, 6, 8 */
  cr_expect_eq(t->rows[t->n_rows - 1].row, 8);
  table_free(t);

  char *err = NULL;
  Table *hidden = xlsx_sheet_read(book, 2, &err);
  cr_assert_not_null(hidden, "%s", err);
  expect_text(hidden, 1, 1, "汉族");
  table_free(hidden);
  cr_expect_null(xlsx_sheet_read(book, 3, &err));
  cr_expect_not_null(strstr(err, "超出范围"), "%s", err);
  free(err);
  xlsx_close(book);

  /* the same file opened from its path */
  book = xlsx_open_file(path, NULL, &err);
  cr_assert_not_null(book, "%s", err);
  t = xlsx_sheet_read(book, 0, &err);
  cr_assert_not_null(t, "%s", err);
  expect_text(t, 5, 4, "110101199003071234");
  table_free(t);
  xlsx_close(book);
}

Test(xlsx, cell_kinds) {
  const char *path = tmp_path("kinds.xlsx");
  lxw_workbook *wb = workbook_new(path);
  lxw_worksheet *ws = workbook_add_worksheet(wb, "Kinds");
  lxw_format *builtin_date = workbook_add_format(wb);
  format_set_num_format_index(builtin_date, 14);
  lxw_format *two_dp = workbook_add_format(wb);
  format_set_num_format(two_dp, "0.00");
  lxw_format *quoted_d = workbook_add_format(wb);
  format_set_num_format(quoted_d, "0\" d\""); /* a 'd' only inside quotes: not a date */
  lxw_format *time = workbook_add_format(wb);
  format_set_num_format(time, "hh:mm");

  worksheet_write_number(ws, 0, 0, 0.1, NULL);
  worksheet_write_number(ws, 0, 1, -2.5, NULL);
  worksheet_write_number(ws, 0, 2, 1e20, NULL);
  worksheet_write_number(ws, 0, 3, 110101199003071234.0, NULL); /* an ID typed as a number */
  worksheet_write_number(ws, 0, 4, 3.14159, two_dp);
  worksheet_write_number(ws, 0, 5, 7, quoted_d);
  worksheet_write_number(ws, 0, 6, 0, NULL);
  worksheet_write_boolean(ws, 1, 0, 1, NULL);
  worksheet_write_boolean(ws, 1, 1, 0, NULL);
  worksheet_write_formula_str(ws, 2, 0, "=\"A\"&\"B\"", NULL, "AB");
  worksheet_write_formula_num(ws, 2, 1, "=1+2", NULL, 3);
  worksheet_write_formula_str(ws, 2, 2, "=\"党\"&\"员\"", NULL, "党员");
  worksheet_write_number(ws, 3, 0, 45292, builtin_date);
  worksheet_write_number(ws, 3, 1, 0.5, time);
  worksheet_write_string(ws, 4, 0, "007", NULL);
  worksheet_write_string(ws, 4, 1, "  前后空格  ", NULL);
  worksheet_write_string(ws, 4, 2, "第一行\n第二行", NULL);
  worksheet_write_string(ws, 4, 3, "a<b & \"c\"", NULL);
  cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);

  Table *t = read_sheet0(path, NULL);
  static const struct {
    uint32_t row, col;
    TableKind kind;
    const char *text;
    double number;
  } cases[] = {
      {1, 1, TABLE_NUMBER, "0.1", 0.1},      {1, 2, TABLE_NUMBER, "-2.5", -2.5},
      {1, 3, TABLE_NUMBER, "1e+20", 1e20},   {1, 5, TABLE_NUMBER, "3.14159", 3.14159},
      {1, 6, TABLE_NUMBER, "7", 7},          {1, 7, TABLE_NUMBER, "0", 0},
      {2, 1, TABLE_BOOL, "TRUE", 1},         {2, 2, TABLE_BOOL, "FALSE", 0},
      {3, 1, TABLE_TEXT, "AB", 0},           {3, 2, TABLE_NUMBER, "3", 3},
      {3, 3, TABLE_TEXT, "党员", 0},         {4, 1, TABLE_DATE, "2024-01-01", 45292},
      {4, 2, TABLE_DATE, "0.5", 0.5},        {5, 1, TABLE_TEXT, "007", 0},
      {5, 2, TABLE_TEXT, "  前后空格  ", 0}, {5, 3, TABLE_TEXT, "第一行\n第二行", 0},
      {5, 4, TABLE_TEXT, "a<b & \"c\"", 0},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    const TableCell *c = table_cell(t, cases[i].row, cases[i].col);
    cr_assert_not_null(c, "case %zu absent", i);
    cr_expect_eq(c->kind, cases[i].kind, "case %zu kind %d", i, c->kind);
    cr_expect_str_eq(c->text, cases[i].text, "case %zu text %s", i, c->text);
    cr_expect_eq(c->len, strlen(cases[i].text), "case %zu len", i);
    cr_expect_eq(c->number, cases[i].number, "case %zu number %g", i, c->number);
  }
  /* an ID typed as a number: libxlsxwriter writes %.16G, we print what reads back exactly */
  const TableCell *id = table_cell(t, 1, 4);
  cr_assert_not_null(id);
  cr_expect_eq(id->kind, TABLE_NUMBER);
  cr_expect_str_eq(id->text, "1.101011990030712e+17");
  cr_expect_eq(strtod(id->text, NULL), id->number);
  table_free(t);
}

/* libxlsxwriter's constant-memory mode writes inline strings (t="inlineStr"). */
Test(xlsx, inline_strings_from_constant_memory) {
  const char *path = tmp_path("inline.xlsx");
  lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = tmp_dir};
  lxw_workbook *wb = workbook_new_opt(path, &opt);
  lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
  for (lxw_row_t r = 0; r < 50; r++) {
    worksheet_write_number(ws, r, 0, (double)r + 1, NULL);
    worksheet_write_string(ws, r, 1, "中共党员", NULL);
  }
  cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
  XlsxBook *book = NULL;
  Table *t = read_sheet0(path, &book);
  cr_expect_str_eq(xlsx_sheet_name(book, 0), "Sheet1");
  cr_expect_eq(t->n_rows, 50);
  cr_expect_eq(t->n_cells, 100);
  expect_text(t, 50, 1, "50");
  expect_text(t, 50, 2, "中共党员");
  table_free(t);
  xlsx_close(book);
}

/* ---- hand-made parts: what real writers seldom produce -------------------------------------- */

Test(xlsx, handmade_features) {
  const char *sst =
      "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"4\">"
      "<si><t>第一党支部</t></si>"
      "<si><r><rPr><b/></rPr><t>富</t></r><r><t xml:space=\"preserve\"> 文本</t></r>"
      "<rPh sb=\"0\" eb=\"1\"><t>フ</t></rPh></si>"
      "<si><t>行一_x000D_\n行二_x005F_x</t></si>"
      "<si><t></t></si></sst>";
  const char *sheet =
      "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<x:sheetData>"
      "<x:row r=\"9\"><x:c r=\"A9\"><x:v>9</x:v></x:c></x:row>"
      "<x:row r=\"5\"><x:c r=\"C5\" t=\"s\"><x:v>0</x:v></x:c>"
      "<x:c t=\"s\"><x:v>1</x:v></x:c>"                         /* no r: D5 */
      "<x:c t=\"inlineStr\"><x:is><x:t>内联</x:t></x:is></x:c>" /* E5 */
      "<x:c r=\"G5\" t=\"e\"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c>"
      "<x:c r=\"H5\" t=\"d\"><x:v>2024-03-05T00:00:00</x:v></x:c>"
      "<x:c r=\"I5\" t=\"s\"><x:v>2</x:v></x:c>"
      "<x:c r=\"J5\" t=\"s\"><x:v>3</x:v></x:c>" /* empty shared string: absent */
      "<x:c r=\"K5\" s=\"0\"/>"                  /* styled blank: absent */
      "<x:c r=\"L5\"><x:f>A1</x:f></x:c>"        /* formula without cached value */
      "<x:c r=\"M5\" t=\"b\"><x:v>1</x:v></x:c>"
      "</x:row>"
      "<x:row><x:c><x:v>1.5</x:v></x:c><x:c r=\"b6\"><x:v>1E-3</x:v></x:c></x:row>" /* row 6 */
      "<x:row r=\"7\"><x:c r=\"C7\"><x:v>2</x:v></x:c><x:c r=\"A7\"><x:v>1</x:v></x:c></x:row>"
      "</x:sheetData>"
      "<x:mergeCells count=\"2\"><x:mergeCell ref=\"C5:C7\"/><x:mergeCell ref=\"A1\"/>"
      "</x:mergeCells></x:worksheet>";
  Table *t = read_sheet0(hand_book(sst, sheet), NULL);
  cr_assert_eq(t->n_rows, 4);
  cr_expect_eq(t->rows[0].row, 5); /* sorted */
  cr_expect_eq(t->rows[1].row, 6);
  cr_expect_eq(t->rows[2].row, 7);
  cr_expect_eq(t->rows[3].row, 9);
  expect_text(t, 5, 3, "第一党支部");
  expect_text(t, 5, 4, "富 文本"); /* runs joined, phonetic run left out */
  expect_text(t, 5, 5, "内联");
  expect_kind(t, 5, 7, TABLE_ERROR);
  expect_text(t, 5, 7, "#DIV/0!");
  expect_date(t, 5, 8, 2024, 3, 5);
  expect_text(t, 5, 9, "行一\r\n行二_x");
  cr_expect_null(table_cell(t, 5, 10));
  cr_expect_null(table_cell(t, 5, 11));
  cr_expect_null(table_cell(t, 5, 12));
  expect_kind(t, 5, 13, TABLE_BOOL);
  expect_text(t, 6, 1, "1.5");
  expect_text(t, 6, 2, "0.001");
  cr_expect_eq(table_row(t, 7)->cells[0].col, 1); /* cells sorted within the row */
  expect_text(t, 7, 1, "1");
  /* C6 is inside the vertical merge C5:C7 that holds the branch name */
  cr_expect_eq(t->n_merges, 1);
  expect_text(t, 6, 3, "第一党支部");
  cr_expect_str_eq(table_value(t, 7, 3)->text, "2"); /* a value of its own wins */
  table_free(t);
}

Test(xlsx, date1904_and_custom_formats) {
  const char *wb = "<workbook xmlns:r=\"r\"><workbookPr date1904=\"1\"/><sheets>"
                   "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  const char *rels =
      "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" "
      "Target=\"/xl/worksheets/../worksheets/s.xml\"/>"
      "<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"styles.xml\"/></Relationships>";
  const char *styles =
      "<styleSheet><numFmts>"
      "<numFmt numFmtId=\"164\" formatCode=\"[Red]0.00;[Blue]\\-0.00\"/>"
      "<numFmt numFmtId=\"165\" formatCode=\"[$-804]yyyy&quot;年&quot;m&quot;月&quot;\"/>"
      "<numFmt numFmtId=\"14\" formatCode=\"0.0\"/>" /* a built-in id redefined */
      "</numFmts>"
      "<cellStyleXfs><xf numFmtId=\"165\"/></cellStyleXfs>"
      "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
      "<xf numFmtId=\"14\"/><xf numFmtId=\"22\"/></cellXfs></styleSheet>";
  const char *sheet = "<worksheet><sheetData><row r=\"1\">"
                      "<c r=\"A1\" s=\"1\"><v>45292</v></c><c r=\"B1\" s=\"2\"><v>43830</v></c>"
                      "<c r=\"C1\" s=\"3\"><v>5</v></c><c r=\"D1\" s=\"4\"><v>43830.5</v></c>"
                      "<c r=\"E1\" s=\"99\"><v>6</v></c>"
                      "</row></sheetData></worksheet>";
  const char *path = tmp_path("d1904.xlsx");
  const char *pairs[] = {"xl/workbook.xml",
                         wb,
                         "xl/_rels/workbook.xml.rels",
                         rels,
                         "xl/worksheets/s.xml",
                         sheet,
                         "xl/styles.xml",
                         styles,
                         NULL};
  zip_write(path, pairs);
  Table *t = read_sheet0(path, NULL);
  expect_kind(t, 1, 1, TABLE_NUMBER);
  expect_date(t, 1, 2, 2024, 1, 1); /* 43830 in the 1904 system */
  cr_expect_eq(table_cell(t, 1, 2)->number, 43830 + 1462);
  expect_kind(t, 1, 3, TABLE_NUMBER);
  expect_date(t, 1, 4, 2024, 1, 1);
  expect_kind(t, 1, 5, TABLE_NUMBER); /* unknown style index: plain number */
  table_free(t);
}

/* ---- a workbook made by LibreOffice -----------------------------------------------------------
 */

static void check_lo_roster(const char *path) {
  XlsxBook *book = NULL;
  Table *t = read_sheet0(path, &book);
  cr_expect_str_eq(xlsx_sheet_name(book, 0), "roster_lo");
  cr_expect_eq(t->n_rows, 4);
  for (uint32_t c = 1; c <= 20; c++) {
    expect_text(t, 1, c, roster_headers[c - 1]);
  }
  expect_text(t, 2, 2, "张三");
  expect_text(t, 2, 4, "11010519491231002X");
  expect_date(t, 2, 7, 1949, 12, 31);
  expect_date(t, 2, 10, 1975, 7, 1);
  expect_text(t, 2, 13, "13800138000");
  expect_text(t, 2, 15, "北京市朝阳区某街道1号"); /* LibreOffice wrote rich-text runs */
  cr_expect_null(table_cell(t, 2, 18));
  /* LibreOffice turns an 18-digit ID into a 15-digit number: the importer must flag it */
  expect_kind(t, 3, 4, TABLE_NUMBER);
  cr_expect_eq(table_cell(t, 3, 4)->number, 110101199003071000.0);
  expect_text(t, 3, 7, "1990/3/7");
  expect_text(t, 3, 10, "2023.06.30");
  expect_text(t, 3, 15, "含逗号,的地址");
  expect_text(t, 3, 20, "广东省深圳市");
  expect_text(t, 4, 7, "1985年12月12日");
  expect_text(t, 4, 12, "多行\n岗位");
  expect_text(t, 4, 15, "引号\"地址\"");
  expect_date(t, 4, 18, 2022, 5, 1);
  table_free(t);
  xlsx_close(book);
}

Test(xlsx, libreoffice_committed_file) { check_lo_roster("tests/data/io/roster_lo.xlsx"); }

Test(xlsx, libreoffice_live_conversion, .timeout = 120) {
  if (system("command -v soffice >/dev/null 2>&1") != 0) {
    cr_log_warn("soffice not installed: live LibreOffice conversion skipped");
    printf("note: soffice not installed, live LibreOffice conversion skipped\n");
    return;
  }
  char cmd[1024];
  snprintf(cmd, sizeof cmd,
           "cp tests/data/io/roster_lo.csv '%s/' && cd '%s' && HOME='%s' soffice "
           "-env:UserInstallation=file://%s/profile --headless --infilter=CSV:44,34,76,1 "
           "--convert-to xlsx --outdir '%s/out' roster_lo.csv >/dev/null 2>&1",
           tmp_dir, tmp_dir, tmp_dir, tmp_dir, tmp_dir);
  cr_assert_eq(system(cmd), 0, "soffice failed");
  check_lo_roster(tmp_path("out/roster_lo.xlsx"));
}

/* ---- broken inputs ----------------------------------------------------------------------------
 */

static void expect_mem_error(const void *data, size_t n, const char *want) {
  char *err = NULL;
  XlsxBook *book = xlsx_open_mem(data, n, NULL, &err);
  cr_expect_null(book);
  xlsx_close(book);
  cr_assert_not_null(err);
  cr_expect_not_null(strstr(err, want), "got \"%s\", want \"%s\"", err, want);
  free(err);
}

Test(xlsx, not_a_zip) {
  expect_mem_error("", 0, "不是有效的 xlsx 文件：文件为空");
  expect_mem_error("hello", 5, "不是有效的 xlsx 文件：不是 zip 压缩包");
  const char csv[] = "序号,姓名,所在党支部\n1,张三,第一党支部\n2,李四,第一党支部\n";
  expect_mem_error(csv, sizeof csv - 1, "不是有效的 xlsx 文件：不是 zip 压缩包");
  const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 and some more bytes of an old xls";
  expect_mem_error(ole, sizeof ole - 1, "旧版 Excel 97-2003 (.xls)");
  char *err = NULL;
  cr_expect_null(xlsx_open_file(tmp_path("absent.xlsx"), NULL, &err));
  cr_expect_not_null(strstr(err, "无法打开文件"), "%s", err);
  free(err);
}

Test(xlsx, zip_without_workbook) {
  const char *path = tmp_path("noworkbook.zip");
  const char *pairs[] = {"readme.txt", "just a zip", NULL};
  zip_write(path, pairs);
  char *err = first_error(path, NULL);
  cr_assert_not_null(err);
  cr_expect_str_eq(err, "不是有效的 xlsx 文件：缺少 xl/workbook.xml");
  free(err);
}

Test(xlsx, truncated_file) {
  const char *path = write_roster();
  size_t n;
  char *data = read_all(path, &n);
  static const double fractions[] = {0.2, 0.5, 0.9, 0.999};
  for (size_t i = 0; i < N_ELEMS(fractions); i++) {
    size_t cut = (size_t)((double)n * fractions[i]);
    char *err = NULL;
    XlsxBook *book = xlsx_open_mem(data, cut, NULL, &err);
    cr_expect_null(book, "cut at %zu of %zu opened", cut, n);
    xlsx_close(book);
    cr_assert_not_null(err);
    cr_expect_not_null(strstr(err, "不是有效的 xlsx 文件：压缩包不完整"), "%s", err);
    free(err);
  }
  /* damage inside the compressed data of a sheet (the directory intact) */
  const char *p = memmem(data, n, "xl/worksheets/sheet1.xml", 24);
  cr_assert_not_null(p);
  size_t at = (size_t)(p - data) + 24 + 40;
  for (size_t k = 0; k < 64 && at + k < n; k++) {
    data[at + k] = (char)(data[at + k] ^ 0x5A);
  }
  char *err = NULL;
  XlsxBook *book = xlsx_open_mem(data, n, NULL, &err);
  if (book) {
    Table *t = xlsx_sheet_read(book, 0, &err);
    cr_expect_null(t);
    table_free(t);
    xlsx_close(book);
  }
  cr_assert_not_null(err);
  cr_expect(strstr(err, "不是有效的 xlsx 文件") || strstr(err, "XML 格式错误"), "%s", err);
  free(err);
  free(data);
}

Test(xlsx, malformed_sheet_xml) {
  const char *sheet = "<worksheet>\n<sheetData>\n<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\n"
                      "<row r=\"2\"><c r=\"A2\"><v>2</c></row>\n</sheetData></worksheet>";
  char *err = first_error(hand_book(NULL, sheet), NULL);
  cr_assert_not_null(err);
  cr_expect_str_eq(err, "工作表 xl/worksheets/sheet1.xml 第 4 行 XML 格式错误：标签不匹配");
  free(err);

  const char *unfinished = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v>";
  err = first_error(hand_book(NULL, unfinished), NULL);
  cr_assert_not_null(err);
  cr_expect_str_eq(err, "工作表 xl/worksheets/sheet1.xml 第 1 行 XML 格式错误：内容为空或不完整");
  free(err);

  static const struct {
    const char *sheet;
    const char *want;
  } cases[] = {
      {"<worksheet><sheetData><row r=\"1\"><c r=\"1A\"><v>1</v></c></row></sheetData>"
       "</worksheet>",
       "单元格引用“1A”无效"},
      {"<worksheet><sheetData><row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row></sheetData>"
       "</worksheet>",
       "单元格引用“XFE1”无效"},
      {"<worksheet><sheetData><row r=\"0\"/></sheetData></worksheet>", "行号“0”无效"},
      {"<worksheet><sheetData><row r=\"3000000\"/></sheetData></worksheet>",
       "行号 3000000 超过 2000000 行上限"},
      {"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>x</v></c></row></sheetData>"
       "</worksheet>",
       "共享字符串编号“x”无效"},
      {"<!DOCTYPE lol [<!ENTITY a \"aaaa\">]><worksheet/>", "DOCTYPE"},
      {"<worksheet><mergeCells><mergeCell ref=\"A1:?\"/></mergeCells></worksheet>",
       "合并区域“A1:?”无效"},
      {"<worksheet><sheetData><c><v>1</v></c></sheetData></worksheet>", "单元格不在任何行中"},
      {"<worksheet><sheetData>\xff</sheetData></worksheet>", "XML 格式错误"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    err = first_error(hand_book(NULL, cases[i].sheet), NULL);
    cr_assert_not_null(err, "case %zu accepted", i);
    cr_expect_not_null(strstr(err, cases[i].want), "case %zu: %s", i, err);
    free(err);
  }
}

Test(xlsx, shared_string_out_of_range) {
  const char *sst = "<sst><si><t>甲</t></si><si><t>乙</t></si></sst>";
  const char *sheet = "<worksheet><sheetData>\n<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c></row>"
                      "\n<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c></row></sheetData>"
                      "</worksheet>";
  char *err = first_error(hand_book(sst, sheet), NULL);
  cr_assert_not_null(err);
  cr_expect_str_eq(err,
                   "工作表 xl/worksheets/sheet1.xml 第 3 行：共享字符串编号 2 超出范围（共 2 个）");
  free(err);
  /* without any shared-string part */
  err = first_error(hand_book(NULL, sheet), NULL);
  cr_assert_not_null(err);
  cr_expect_not_null(strstr(err, "共享字符串编号 1 超出范围（共 0 个）"), "%s", err);
  free(err);
  /* malformed shared strings are reported at open */
  err = first_error(hand_book("<sst><si><t>甲</si></sst>", sheet), NULL);
  cr_assert_not_null(err);
  cr_expect_str_eq(err, "不是有效的 xlsx 文件：xl/sharedStrings.xml 第 1 行 XML 格式错误："
                        "标签不匹配");
  free(err);
}

/* A zip whose sheet inflates to `size` bytes of blanks inside <worksheet>. */
static const char *write_bomb(const char *name, size_t size) {
  const char *path = tmp_path(name);
  char *xml = malloc(size);
  cr_assert_not_null(xml);
  memset(xml, ' ', size);
  memcpy(xml, "<worksheet>", 11);
  memcpy(xml + size - 12, "</worksheet>", 12);
  int code = 0;
  zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);
  cr_assert_not_null(z);
  const char *pairs[] = {"xl/workbook.xml", WB_XML, "xl/_rels/workbook.xml.rels", RELS_XML};
  for (size_t i = 0; i < 4; i += 2) {
    zip_source_t *s = zip_source_buffer(z, pairs[i + 1], strlen(pairs[i + 1]), 0);
    cr_assert_geq(zip_file_add(z, pairs[i], s, 0), 0);
  }
  zip_source_t *s = zip_source_buffer(z, xml, size, 1); /* libzip frees xml */
  zip_int64_t idx = zip_file_add(z, "xl/worksheets/sheet1.xml", s, 0);
  cr_assert_geq(idx, 0);
  zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9);
  cr_assert_eq(zip_close(z), 0);
  return path;
}

Test(xlsx, zip_bomb_declared_size, .timeout = 120) {
  const char *path = write_bomb("bomb.xlsx", ((size_t)200 << 20) + 4096);
  size_t n;
  free(read_all(path, &n));
  cr_expect_lt(n, (size_t)1 << 20, "the bomb is small: %zu bytes", n);
  char *err = first_error(path, NULL);
  cr_assert_not_null(err);
  cr_expect_str_eq(err, "不是有效的 xlsx 文件：xl/worksheets/sheet1.xml 解压后超过 200 MiB "
                        "上限（疑似压缩炸弹）");
  free(err);
}

/* Overwrites the uncompressed size the archive declares for every entry named `name`. */
static void lie_about_size(char *data, size_t n, const char *name, uint32_t size) {
  size_t name_len = strlen(name);
  for (size_t i = 0; i + 46 + name_len <= n; i++) {
    if (memcmp(data + i, "PK\x03\x04", 4) == 0 && i + 30 + name_len <= n &&
        memcmp(data + i + 30, name, name_len) == 0) {
      memcpy(data + i + 22, &size, 4);
    } else if (memcmp(data + i, "PK\x01\x02", 4) == 0 &&
               memcmp(data + i + 46, name, name_len) == 0) {
      memcpy(data + i + 24, &size, 4);
    }
  }
}

Test(xlsx, zip_bomb_streamed_size) {
  /* the declared sizes lie (say 100 bytes): only counting while inflating catches it */
  const char *path = write_bomb("liar.xlsx", (size_t)3 << 20);
  size_t n;
  char *data = read_all(path, &n);
  lie_about_size(data, n, "xl/worksheets/sheet1.xml", 100);
  XlsxOptions opt = {.max_entry_bytes = (size_t)1 << 20};
  char *err = NULL;
  XlsxBook *book = xlsx_open_mem(data, n, &opt, &err);
  cr_assert_not_null(book, "%s", err);
  Table *t = xlsx_sheet_read(book, 0, &err);
  cr_expect_null(t);
  table_free(t);
  cr_assert_not_null(err);
  cr_expect_str_eq(err, "不是有效的 xlsx 文件：xl/worksheets/sheet1.xml 解压后超过 1 MiB 上限"
                        "（疑似压缩炸弹）");
  free(err);
  xlsx_close(book);
  free(data);

  /* honest sizes but a small cap: refused before inflating */
  err = first_error(path, &opt);
  cr_assert_not_null(err);
  cr_expect_not_null(strstr(err, "解压后超过 1 MiB 上限（疑似压缩炸弹）"), "%s", err);
  free(err);
}

Test(xlsx, cell_and_row_caps) {
  const char *sheet = "<worksheet><sheetData><row r=\"1\"><c><v>1</v></c><c><v>2</v></c>"
                      "<c><v>3</v></c></row><row r=\"9\"><c><v>4</v></c></row></sheetData>"
                      "</worksheet>";
  const char *path = hand_book(NULL, sheet);
  XlsxOptions few_cells = {.max_cells = 2};
  char *err = first_error(path, &few_cells);
  cr_assert_not_null(err);
  cr_expect_not_null(strstr(err, "单元格总数超过 2 个上限"), "%s", err);
  free(err);
  XlsxOptions few_rows = {.max_row = 5};
  err = first_error(path, &few_rows);
  cr_assert_not_null(err);
  cr_expect_not_null(strstr(err, "行号 9 超过 5 行上限"), "%s", err);
  free(err);
  cr_expect_null(first_error(path, NULL));
}

/* ---- table helpers ----------------------------------------------------------------------------
 */

Test(xlsx, table_refs_and_numbers) {
  static const struct {
    const char *ref;
    int rc;
    uint32_t row, col;
  } refs[] = {
      {"A1", 0, 1, 1},
      {"b7", 0, 7, 2},
      {"T1", 0, 1, 20},
      {"AA10", 0, 10, 27},
      {"XFD2000000", 0, 2000000, 16384},
      {"$C$3", 0, 3, 3},
      {"B", 0, 0, 2},
      {"XFE1", -1, 0, 0},
      {"A0", -1, 0, 0},
      {"A2000001", -1, 0, 0},
      {"1A", -1, 0, 0},
      {"", -1, 0, 0},
      {"ABCD1", -1, 0, 0},
      {"A1:B2", -1, 0, 0},
      {"A123456789", -1, 0, 0},
  };
  for (size_t i = 0; i < N_ELEMS(refs); i++) {
    uint32_t row = 0, col = 0;
    int rc = table_parse_ref(refs[i].ref, strlen(refs[i].ref), &row, &col);
    cr_expect_eq(rc, refs[i].rc, "ref %s", refs[i].ref);
    if (rc == 0) {
      cr_expect(row == refs[i].row && col == refs[i].col, "ref %s: %u %u", refs[i].ref, row, col);
    }
  }
  static const struct {
    uint32_t col;
    const char *name;
  } cols[] = {{1, "A"},     {26, "Z"},      {27, "AA"}, {52, "AZ"},
              {703, "AAA"}, {16384, "XFD"}, {0, "?"},   {16385, "?"}};
  for (size_t i = 0; i < N_ELEMS(cols); i++) {
    char out[8];
    cr_expect_str_eq(table_col_name(cols[i].col, out), cols[i].name);
  }
  static const struct {
    double v;
    const char *text;
  } nums[] = {{0, "0"},           {-0.0, "0"},
              {1, "1"},           {-7, "-7"},
              {0.1, "0.1"},       {1.0 / 3, "0.3333333333333333"},
              {1e15, "1e+15"},    {123456789012345.0, "123456789012345"},
              {1e-7, "1e-07"},    {0.30000000000000004, "0.30000000000000004"},
              {NAN, "NaN"},       {INFINITY, "Inf"},
              {-INFINITY, "-Inf"}};
  for (size_t i = 0; i < N_ELEMS(nums); i++) {
    char out[32];
    size_t len = table_format_number(nums[i].v, out);
    cr_expect_str_eq(out, nums[i].text, "number %zu", i);
    cr_expect_eq(len, strlen(nums[i].text));
  }
  cr_expect(xlsx_sniff("PK\x03\x04rest", 8));
  cr_expect(!xlsx_sniff("a,b\n", 4));
}

/* The merge index agrees with a plain scan, for vertical branch-name merges of varying heights
 * plus a tall one and a wide title. */
Test(xlsx, table_merge_index) {
  Table *t = table_new(0);
  table_row_begin(t, 1);
  cr_assert_eq(table_cell_add(t, 1, TABLE_TEXT, "标题", strlen("标题"), 0), 0);
  table_row_end(t);
  table_merge_add(t, (TableMerge){1, 1, 1, 20});
  uint32_t row = 5;
  for (uint32_t k = 0; k < 300; k++) {
    uint32_t height = 1 + (k * 7) % 40;
    table_merge_add(t, (TableMerge){row, 3, row + height - 1, 3});
    row += height;
  }
  table_merge_add(t, (TableMerge){5, 22, 5000, 23});
  table_finish(t);
  for (uint32_t r = 1; r < row + 5; r += 3) {
    for (uint32_t c = 1; c <= 24; c++) {
      const TableMerge *want = NULL;
      for (size_t i = 0; i < t->n_merges; i++) {
        const TableMerge *m = &t->merges[i];
        if (r >= m->first_row && r <= m->last_row && c >= m->first_col && c <= m->last_col) {
          want = m;
        }
      }
      const TableMerge *got = table_merge_at(t, r, c);
      cr_assert_eq(got != NULL, want != NULL, "row %u col %u", r, c);
      if (got) {
        cr_assert(got->first_row == want->first_row && got->first_col == want->first_col);
      }
    }
  }
  cr_expect_str_eq(table_text(t, 1, 20), "标题");
  cr_expect_str_eq(table_text(t, 2, 20), "");
  table_free(t);
}
