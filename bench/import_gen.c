/*
 * Roster generator for bench/import.sh: writes a 党员基本信息汇总表 .xlsx with libxlsxwriter
 * whose every row passes the import checks, for the branches named in a file.
 *
 *   import_gen BRANCHES.txt OUT.xlsx [ROWS]
 *
 * BRANCHES.txt: one 所在党支部 per line (full names, as the demo database has them).
 * Layout as the common template: a merged title on row 1, headers on row 4, ROWS (default
 * 100000) members from row 5, the 20 columns of DOMAIN.md §0.3; ID numbers as text (unique,
 * valid check digit, gender and birth date consistent), dates as date cells, phone numbers as
 * numbers, 是/否 as text. Deterministic. Self-contained (only libxlsxwriter).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static const char *const headers[20] = {
    "序号",     "姓名",     "所在党支部",     "公民身份证号",     "性别",
    "民族",     "出生日期", "学历",           "人员类别",         "加入党组织日期",
    "转为正式党员日期",     "工作岗位",       "手机号",           "固定电话",
    "家庭住址", "党籍状态", "是否为失联党员", "失去联系日期",     "是否为流动党员",
    "外出流向"};

/* days since 1970-01-01 → civil date (Hinnant) */
static void civil(int64_t z, int *y, int *m, int *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

static char check_char(const char *d17) {
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int s = 0;
  for (int i = 0; i < 17; i++) {
    s += (d17[i] - '0') * w[i];
  }
  return "10X98765432"[s % 11];
}

static uint32_t rng = 2024;
static uint32_t next(void) {
  rng = rng * 1103515245u + 12345u;
  return rng >> 8;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: import_gen BRANCHES.txt OUT.xlsx [ROWS]\n");
    return 2;
  }
  long rows = argc > 3 ? atol(argv[3]) : 100000;
  FILE *f = fopen(argv[1], "r");
  if (!f) {
    perror(argv[1]);
    return 1;
  }
  char **branches = NULL;
  size_t n_branches = 0;
  char line[512];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = '\0';
    if (*line) {
      branches = realloc(branches, (n_branches + 1) * sizeof *branches);
      branches[n_branches++] = strdup(line);
    }
  }
  fclose(f);
  if (!n_branches) {
    fprintf(stderr, "no branches in %s\n", argv[1]);
    return 1;
  }
  static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
  static const char *const given[] = {"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军"};
  static const char *const edu[] = {"大学本科", "大学专科", "高中", "初中", "研究生", "中专"};
  static const char *const cat[] = {"农民", "在职", "离退休", "其他"};
  static const char *const jobs[] = {"村党支部书记", "村委会委员", "种植", "教师", "个体经营"};
  lxw_workbook_options o = {.constant_memory = LXW_TRUE};
  lxw_workbook *wb = workbook_new_opt(argv[2], &o);
  if (!wb) {
    fprintf(stderr, "cannot create %s\n", argv[2]);
    return 1;
  }
  lxw_worksheet *ws = workbook_add_worksheet(wb, "党员基本信息汇总表");
  lxw_format *date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  lxw_format *text = workbook_add_format(wb);
  format_set_num_format(text, "@");
  worksheet_merge_range(ws, 0, 0, 0, 19, "党员基本信息汇总表", NULL);
  for (lxw_col_t c = 0; c < 20; c++) {
    worksheet_write_string(ws, 3, c, headers[c], NULL);
  }
  const int64_t base = -7305; /* 1950-01-01 */
  for (long i = 0; i < rows; i++) {
    lxw_row_t r = (lxw_row_t)(4 + i);
    int64_t birth = base + (i % 16000); /* 1950-01-01 .. 1993-10-22 */
    int seq = 100 + (int)(i / 16000) * 7 + (int)(next() % 7);
    int by, bm, bd;
    civil(birth, &by, &bm, &bd);
    char id[19];
    snprintf(id, sizeof id, "110105%04d%02d%02d%03d", by, bm, bd, seq % 1000);
    id[17] = check_char(id);
    id[18] = '\0';
    bool male = (seq % 10) % 2 == 1;
    char name[32];
    snprintf(name, sizeof name, "%s%s", surnames[next() % 10], given[next() % 10]);
    int64_t joined = birth + 365 * 19 + (int64_t)(next() % 3650);
    if (joined > 19700) { /* 2023-12-08: stay in the past and past the probation */
      joined = 19700 - (int64_t)(next() % 3000);
    }
    int64_t full = joined + 366 + (int64_t)(next() % 30);
    int y, m, d;
    worksheet_write_number(ws, r, 0, (double)(i + 1), NULL);
    worksheet_write_string(ws, r, 1, name, NULL);
    worksheet_write_string(ws, r, 2, branches[(size_t)i % n_branches], NULL);
    worksheet_write_string(ws, r, 3, id, text);
    worksheet_write_string(ws, r, 4, male ? "男" : "女", NULL);
    worksheet_write_string(ws, r, 5, "汉族", NULL);
    lxw_datetime dt = {by, bm, bd, 0, 0, 0};
    worksheet_write_datetime(ws, r, 6, &dt, date);
    worksheet_write_string(ws, r, 7, edu[next() % 6], NULL);
    worksheet_write_string(ws, r, 8, cat[next() % 4], NULL);
    civil(joined, &y, &m, &d);
    dt = (lxw_datetime){y, m, d, 0, 0, 0};
    worksheet_write_datetime(ws, r, 9, &dt, date);
    civil(full, &y, &m, &d);
    dt = (lxw_datetime){y, m, d, 0, 0, 0};
    worksheet_write_datetime(ws, r, 10, &dt, date);
    worksheet_write_string(ws, r, 11, jobs[next() % 5], NULL);
    if (i % 5 != 0) {
      worksheet_write_number(ws, r, 12, 13800000000.0 + (double)(next() % 100000000), NULL);
    }
    char addr[96];
    snprintf(addr, sizeof addr, "%u组%u号", next() % 12 + 1, next() % 200 + 1);
    worksheet_write_string(ws, r, 14, addr, NULL);
    worksheet_write_string(ws, r, 15, "正常", NULL);
    worksheet_write_string(ws, r, 16, "否", NULL);
    worksheet_write_string(ws, r, 18, "否", NULL);
  }
  if (workbook_close(wb) != LXW_NO_ERROR) {
    fprintf(stderr, "cannot write %s\n", argv[2]);
    return 1;
  }
  for (size_t i = 0; i < n_branches; i++) {
    free(branches[i]);
  }
  free(branches);
  return 0;
}
