/*
 * xlsx reader benchmark (see bench/README.md, "xlsx import").
 *
 *   xlsx_read gen FILE [ROWS]  writes a 党员基本信息汇总表 roster with libxlsxwriter: a merged
 *                              title row, headers on row 4, ROWS (default 100000) members from
 *                              row 5, 20 columns (text, 18-digit IDs as text, dates with a date
 *                              format, phone numbers as numbers, some empty cells).
 *   xlsx_read read FILE        opens FILE with xlsx_open_file, reads every sheet, and prints
 *                              the wall time, rows and cells. Exit status 1 on a read error.
 *
 * Build and run: see bench/README.md ("xlsx import"); it compiles this file together with
 * src/io and src/base (buf, utf8, date, holidays_cn) and links libzip, expat, xlsxwriter,
 * utf8proc and libm.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "io/table.h"
#include "io/xlsx.h"

#include "base/banned.h"

static const char *const bench_headers[20] = {
    "序号",           "姓名",           "所在党支部",       "公民身份证号",
    "性别",           "民族",           "出生日期",         "学历",
    "人员类别",       "加入党组织日期", "转为正式党员日期", "工作岗位",
    "手机号",         "固定电话",       "家庭住址",         "党籍状态",
    "是否为失联党员", "失去联系日期",   "是否为流动党员",   "外出流向"};

static uint32_t bench_rand_state = 12345;

static uint32_t bench_rand(void) {
  bench_rand_state = bench_rand_state * 1103515245u + 12345u;
  return bench_rand_state >> 8;
}

static int bench_gen(const char *path, long rows) {
  static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄"};
  static const char *const given[] = {"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊"};
  static const char *const edu[] = {"大学本科", "大专", "高中", "初中", "研究生"};
  static const char *const jobs[] = {"村党支部书记", "村委会主任", "农民", "教师", "个体经营"};
  lxw_workbook *wb = workbook_new(path);
  if (!wb) {
    fprintf(stderr, "cannot create %s\n", path);
    return 1;
  }
  lxw_worksheet *ws = workbook_add_worksheet(wb, "党员基本信息汇总表");
  lxw_format *date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  lxw_format *text = workbook_add_format(wb);
  format_set_num_format(text, "@");
  worksheet_merge_range(ws, 0, 0, 0, 19, "某某镇党员基本信息汇总表", NULL);
  for (lxw_col_t c = 0; c < 20; c++) {
    worksheet_write_string(ws, 3, c, bench_headers[c], NULL);
  }
  char buf[128];
  for (long i = 0; i < rows; i++) {
    lxw_row_t r = (lxw_row_t)(4 + i);
    worksheet_write_number(ws, r, 0, (double)(i + 1), NULL);
    snprintf(buf, sizeof buf, "%s%s%ld", surnames[bench_rand() % 8], given[bench_rand() % 9],
             i % 1000);
    worksheet_write_string(ws, r, 1, buf, NULL);
    snprintf(buf, sizeof buf, "第%ld党支部", i / 40 + 1);
    worksheet_write_string(ws, r, 2, buf, NULL);
    int y = 1940 + (int)(bench_rand() % 60), m = 1 + (int)(bench_rand() % 12);
    int d = 1 + (int)(bench_rand() % 28);
    snprintf(buf, sizeof buf, "110101%04d%02d%02d%03ld%c", y, m, d, i % 1000,
             "0123456789X"[bench_rand() % 11]);
    worksheet_write_string(ws, r, 3, buf, text);
    worksheet_write_string(ws, r, 4, bench_rand() % 2 ? "男" : "女", NULL);
    worksheet_write_string(ws, r, 5, bench_rand() % 10 ? "汉族" : "回族", NULL);
    lxw_datetime born = {y, (uint8_t)m, (uint8_t)d, 0, 0, 0};
    worksheet_write_datetime(ws, r, 6, &born, date);
    worksheet_write_string(ws, r, 7, edu[bench_rand() % 5], NULL);
    worksheet_write_string(ws, r, 8, bench_rand() % 10 ? "正式党员" : "预备党员", NULL);
    lxw_datetime joined = {y + 25, (uint8_t)m, 1, 0, 0, 0};
    worksheet_write_datetime(ws, r, 9, &joined, date);
    lxw_datetime full = {y + 26, (uint8_t)m, 1, 0, 0, 0};
    worksheet_write_datetime(ws, r, 10, &full, date);
    worksheet_write_string(ws, r, 11, jobs[bench_rand() % 5], NULL);
    worksheet_write_number(ws, r, 12, 13800000000.0 + (double)(bench_rand() % 100000000), NULL);
    if (i % 3 == 0) {
      snprintf(buf, sizeof buf, "0931-%07u", bench_rand() % 10000000);
      worksheet_write_string(ws, r, 13, buf, NULL);
    }
    snprintf(buf, sizeof buf, "某某县某某镇某某村%u组%u号", bench_rand() % 12 + 1,
             bench_rand() % 200 + 1);
    worksheet_write_string(ws, r, 14, buf, NULL);
    worksheet_write_string(ws, r, 15, "正常", NULL);
    bool lost = bench_rand() % 50 == 0;
    worksheet_write_string(ws, r, 16, lost ? "是" : "否", NULL);
    if (lost) {
      lxw_datetime when = {2022, 5, 1, 0, 0, 0};
      worksheet_write_datetime(ws, r, 17, &when, date);
    }
    bool mobile = bench_rand() % 8 == 0;
    worksheet_write_string(ws, r, 18, mobile ? "是" : "否", NULL);
    if (mobile) {
      worksheet_write_string(ws, r, 19, "广东省深圳市", NULL);
    }
  }
  lxw_error rc = workbook_close(wb);
  if (rc != LXW_NO_ERROR) {
    fprintf(stderr, "libxlsxwriter: %s\n", lxw_strerror(rc));
    return 1;
  }
  return 0;
}

static double bench_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int bench_read(const char *path) {
  double t0 = bench_now();
  char *err = NULL;
  XlsxBook *book = xlsx_open_file(path, NULL, &err);
  if (!book) {
    fprintf(stderr, "%s\n", err);
    free(err);
    return 1;
  }
  size_t rows = 0, cells = 0;
  for (size_t i = 0; i < xlsx_sheet_count(book); i++) {
    Table *t = xlsx_sheet_read(book, i, &err);
    if (!t) {
      fprintf(stderr, "%s\n", err);
      free(err);
      xlsx_close(book);
      return 1;
    }
    rows += t->n_rows;
    cells += t->n_cells;
    table_free(t);
  }
  xlsx_close(book);
  double t1 = bench_now();
  printf("xlsx_read %s: %.3f s, %zu rows, %zu cells\n", path, t1 - t0, rows, cells);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 3 && strcmp(argv[1], "gen") == 0) {
    return bench_gen(argv[2], argc >= 4 ? strtol(argv[3], NULL, 10) : 100000);
  }
  if (argc == 3 && strcmp(argv[1], "read") == 0) {
    return bench_read(argv[2]);
  }
  fprintf(stderr, "usage: xlsx_read gen FILE [ROWS] | xlsx_read read FILE\n");
  return 2;
}
