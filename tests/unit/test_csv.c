/*
 * Unit tests of src/io/csv.c: a table of inputs and the rows they give (written compactly as
 * "ROW[cell|cell]"), encodings, delimiters, caps and the Chinese error messages.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "io/csv.h"

#include "base/banned.h"

#define BYTES(s) s, sizeof(s) - 1
#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* "1[a|b]3[c]": each stored row, its number and cells; a line break in a cell shows as "\n",
 * an empty cell as nothing. Asserts the invariants of table.h on the way. Caller frees. */
static char *dump(const Table *t) {
  Buf b = BUF_INIT;
  size_t cells = 0;
  for (size_t i = 0; i < t->n_rows; i++) {
    const TableRow *r = &t->rows[i];
    if (i > 0) {
      cr_expect_gt(r->row, t->rows[i - 1].row);
    }
    buf_printf(&b, "%u[", r->row);
    bool any = false;
    for (uint32_t k = 0; k < r->n; k++) {
      const TableCell *c = &r->cells[k];
      cr_expect_eq(c->col, k + 1, "CSV rows hold every field");
      cr_expect_eq(c->len, strlen(c->text));
      cr_expect_eq(c->kind, c->len ? TABLE_TEXT : TABLE_EMPTY);
      any = any || c->len > 0;
      if (k > 0) {
        buf_putc(&b, '|');
      }
      for (const char *p = c->text; *p; p++) {
        if (*p == '\n') {
          buf_puts(&b, "\\n");
        } else {
          buf_putc(&b, *p);
        }
      }
    }
    cr_expect(any, "stored rows have text");
    buf_putc(&b, ']');
    cells += r->n;
  }
  cr_expect_eq(cells, t->n_cells);
  return buf_take(&b);
}

Test(csv, cases) {
  static const struct {
    const char *in;
    size_t n;
    const char *want;
    const char *encoding;
    char delim;
  } cases[] = {
      {BYTES(""), "", "UTF-8", ','},
      {BYTES("序号,姓名\n"), "1[序号|姓名]", "UTF-8", ','}, /* header only */
      {BYTES("a,b,c\n1,2,3\n"), "1[a|b|c]2[1|2|3]", "UTF-8", ','},
      {BYTES("a,b"), "1[a|b]", "UTF-8", ','}, /* no final line break */
      {BYTES("\"a,b\",\"c\"\"d\"\n"), "1[a,b|c\"d]", "UTF-8", ','},
      {BYTES("x,\"line1\nline2\",y\nz\n"), "1[x|line1\\nline2|y]3[z]", "UTF-8", ','},
      {BYTES("h\n\"a\r\nb\"\"\n\"\"c\",d\r\ne\r\n"), "1[h]2[a\\nb\"\\n\"c|d]5[e]", "UTF-8", ','},
      {BYTES("a,b\r\nc,d\r\n"), "1[a|b]2[c|d]", "UTF-8", ','},
      {BYTES("a\rb\r\rc"), "1[a]2[b]4[c]", "UTF-8", ','}, /* old Mac line ends */
      {BYTES("\"p\rq\"\n"), "1[p\\nq]", "UTF-8", ','},
      {BYTES("\xEF\xBB\xBF姓名,身份证号\n张三,11010519491231002X\n"),
       "1[姓名|身份证号]2[张三|11010519491231002X]", "UTF-8 BOM", ','},
      {BYTES("\xB5\xB3\xD4\xB1"), "1[党员]", "GB18030", ','},
      {BYTES("\xD0\xD5\xC3\xFB,\xB5\xB3\xD4\xB1\r\n\xD5\xC5\xC8\xFD,\xCA\xC7\r\n"),
       "1[姓名|党员]2[张三|是]", "GB18030", ','},
      {BYTES("\xFF\xFE"
             "a\0,\0\"\0b\0\"\0\n\0\x5A\x51\n\0"),
       "1[a|b]2[党]", "UTF-16LE", ','},
      {BYTES("\xFE\xFF\0a\0\t\0b"), "1[a|b]", "UTF-16BE", '\t'},
      {BYTES("a,b,c\n1\n2,3,4,5\n"), "1[a|b|c]2[1]3[2|3|4|5]", "UTF-8", ','}, /* ragged */
      {BYTES("a,,c\n,,\n\n,x,\n"), "1[a||c]4[|x|]", "UTF-8", ','},
      {BYTES("a,b,"), "1[a|b|]", "UTF-8", ','},
      {BYTES("a\n\n\nb\n"), "1[a]4[b]", "UTF-8", ','},
      {BYTES("\"\"\n\"\",\"\"\nx"), "3[x]", "UTF-8", ','},
      {BYTES("a\tb\tc\n1\t2,5\t3"), "1[a|b|c]2[1|2,5|3]", "UTF-8", '\t'},
      {BYTES("a;b;c\n1;2,5;3"), "1[a|b|c]2[1|2,5|3]", "UTF-8", ';'},
      {BYTES("a,b;c\n"), "1[a|b;c]", "UTF-8", ','},         /* a tie goes to the comma */
      {BYTES("\"a;b;c\",d\n"), "1[a;b;c|d]", "UTF-8", ','}, /* quoted text does not count */
      {BYTES("sep=;\na;b\n"), "2[a|b]", "UTF-8", ';'},
      {BYTES("\"ab\"c,d"), "1[abc|d]", "UTF-8", ','},     /* text after the closing quote */
      {BYTES("a\"b,c\n"), "1[a\"b|c]", "UTF-8", ','},     /* a quote inside an unquoted field */
      {BYTES(" a , b \n"), "1[ a | b ]", "UTF-8", ','},   /* no trimming */
      {BYTES("007,0012\n"), "1[007|0012]", "UTF-8", ','}, /* no type guessing */
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    char *err = NULL;
    CsvInfo info = {0};
    Table *t = csv_read_mem(cases[i].in, cases[i].n, NULL, &info, &err);
    cr_assert_not_null(t, "case %zu: %s", i, err ? err : "?");
    cr_expect_null(err);
    cr_expect_null(t->name);
    char *got = dump(t);
    cr_expect_str_eq(got, cases[i].want, "case %zu: got %s, want %s", i, got, cases[i].want);
    cr_expect_str_eq(info.encoding, cases[i].encoding, "case %zu encoding %s", i, info.encoding);
    cr_expect_eq(info.delimiter, cases[i].delim, "case %zu delimiter", i);
    free(got);
    table_free(t);
  }
}

Test(csv, errors) {
  static const struct {
    const char *in;
    size_t n;
    const char *want;
  } cases[] = {
      {BYTES("ok\nbad\xFF\n"),
       "CSV 文件编码无法识别：既不是有效的 UTF-8，也不是 GB18030/GBK（第 2 行有无效字节）。"
       "请在 Excel 或 WPS 中另存为“CSV UTF-8”格式"},
      {BYTES("a\nb\nc\x80"), "（第 3 行有无效字节）"},
      {BYTES("\xB5\xB3\xD4"), "（第 1 行有无效字节）"}, /* GB18030 cut in the middle */
      {BYTES("\xEF\xBB\xBF"
             "a\nb\xB5\xB3\n"),
       "CSV 文件编码错误：文件以 UTF-8 标记开头，但第 2 行有无效的 UTF-8 字节"},
      {BYTES("\xFF\xFE\x00\xD8"), "CSV 文件编码错误：UTF-16LE 文本"}, /* lone surrogate */
      {BYTES("a\n\"b,c\nd\n"),
       "CSV 文件第 2 行：引号没有闭合（从此行开始的带引号字段直到文件末尾都没有结束）"},
      {BYTES("a,\""), "CSV 文件第 1 行：引号没有闭合"},
      {BYTES("a\nb\0c\n"), "CSV 文件第 2 行含有空字符（NUL），这不是文本文件"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    char *err = NULL;
    Table *t = csv_read_mem(cases[i].in, cases[i].n, NULL, NULL, &err);
    cr_expect_null(t, "case %zu accepted", i);
    table_free(t);
    cr_assert_not_null(err, "case %zu", i);
    cr_expect_not_null(strstr(err, cases[i].want), "case %zu: got %s", i, err);
    free(err);
  }
  /* err may be NULL */
  cr_expect_null(csv_read_mem(BYTES("\"open"), NULL, NULL, NULL));
}

Test(csv, caps) {
  static const struct {
    CsvOptions opt;
    const char *in;
    size_t n;
    const char *want; /* NULL: accepted */
  } cases[] = {
      {{.max_field = 4}, BYTES("abcd,efg\n"), NULL},
      {{.max_field = 4}, BYTES("abcde\n"), "CSV 文件第 1 行：字段超过 4 字节上限"},
      {{.max_field = 4}, BYTES("x\n\"ab\ncd\"\n"), "CSV 文件第 2 行：字段超过 4 字节上限"},
      {{.max_field = 4}, BYTES("\"abcd\"e\n"), "CSV 文件第 1 行：字段超过 4 字节上限"},
      {{.max_rows = 2}, BYTES("a\nb\n"), NULL},
      {{.max_rows = 2}, BYTES("a\nb\nc\n"), "CSV 文件行数超过 2 行上限"},
      {{.max_cells = 3}, BYTES("a,b\nc\n"), NULL},
      {{.max_cells = 3}, BYTES("a,b\nc,d\n"), "CSV 文件第 2 行：单元格总数超过 3 个上限"},
      {{.max_cells = 3}, BYTES("a,b\nc,,\n"), "CSV 文件第 2 行：单元格总数超过 3 个上限"},
      {{.max_bytes = 8}, BYTES("12345678"), NULL},
      {{.max_bytes = 8}, BYTES("123456789"), "CSV 文件超过 0 MiB 上限"},
      {{.delimiter = '|'}, BYTES("a|b,c\n"), NULL},
      {{.delimiter = '"'}, BYTES("a\n"), "CSV 分隔符无效"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    char *err = NULL;
    Table *t = csv_read_mem(cases[i].in, cases[i].n, &cases[i].opt, NULL, &err);
    if (cases[i].want) {
      cr_expect_null(t, "case %zu accepted", i);
      cr_assert_not_null(err, "case %zu", i);
      cr_expect_str_eq(err, cases[i].want, "case %zu: got %s", i, err);
    } else {
      cr_expect_not_null(t, "case %zu: %s", i, err ? err : "?");
    }
    table_free(t);
    free(err);
  }
  /* the column cap (16384 fields) */
  Buf wide = BUF_INIT;
  for (int k = 0; k < 16385; k++) {
    buf_puts(&wide, k ? ",x" : "x");
  }
  char *err = NULL;
  Table *t = csv_read_mem(wide.data, wide.len, NULL, NULL, &err);
  cr_expect_null(t);
  cr_assert_not_null(err);
  cr_expect_str_eq(err, "CSV 文件第 1 行：列数超过 16384 列上限");
  free(err);
  buf_truncate(&wide, wide.len - 2);
  t = csv_read_mem(wide.data, wide.len, NULL, NULL, &err);
  cr_assert_not_null(t, "%s", err);
  cr_expect_eq(t->rows[0].n, 16384);
  table_free(t);
  buf_free(&wide);
}

Test(csv, lookups_and_file) {
  char path[] = "/tmp/dj_test_csv_XXXXXX";
  int fd = mkstemp(path);
  cr_assert_geq(fd, 0);
  const char text[] = "序号,姓名,公民身份证号,出生日期\n"
                      "1,张三,110101199003071234,1990-03-07\n"
                      "2,李四,,1990年3月7日\n";
  cr_assert_eq(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
  close(fd);
  char *err = NULL;
  CsvInfo info;
  Table *t = csv_read_file(path, NULL, &info, &err);
  unlink(path);
  cr_assert_not_null(t, "%s", err);
  cr_expect_str_eq(table_text(t, 2, 3), "110101199003071234");
  cr_expect_str_eq(table_text(t, 3, 4), "1990年3月7日");
  cr_expect_eq(table_cell(t, 3, 3)->kind, TABLE_EMPTY);
  cr_expect_str_eq(table_text(t, 3, 3), "");
  cr_expect_str_eq(table_text(t, 9, 1), "");
  cr_expect_null(table_cell(t, 2, 5));
  cr_expect_null(table_row(t, 4));
  cr_expect_eq(t->n_merges, 0);
  table_free(t);

  t = csv_read_file("/nonexistent/dj.csv", NULL, NULL, &err);
  cr_expect_null(t);
  cr_assert_not_null(err);
  cr_expect_not_null(strstr(err, "无法打开 CSV 文件 /nonexistent/dj.csv"), "%s", err);
  free(err);
  CsvOptions small = {.max_bytes = 4};
  t = csv_read_file("tests/data/io/roster_lo.csv", &small, NULL, &err);
  cr_expect_null(t);
  cr_assert_not_null(err);
  free(err);
}

/* The committed LibreOffice test CSV reads the same as the xlsx made from it. */
Test(csv, roster_csv) {
  char *err = NULL;
  Table *t = csv_read_file("tests/data/io/roster_lo.csv", NULL, NULL, &err);
  cr_assert_not_null(t, "%s", err);
  cr_expect_eq(t->n_rows, 4);
  cr_expect_eq(t->rows[0].n, 20);
  cr_expect_str_eq(table_text(t, 1, 20), "外出流向");
  cr_expect_str_eq(table_text(t, 3, 4), "110101199003071234");
  cr_expect_str_eq(table_text(t, 3, 15), "含逗号,的地址");
  cr_expect_str_eq(table_text(t, 4, 12), "多行\n岗位");
  cr_expect_str_eq(table_text(t, 4, 15), "引号\"地址\"");
  cr_expect_eq(table_row(t, 4)->n, 20);
  table_free(t);
}
