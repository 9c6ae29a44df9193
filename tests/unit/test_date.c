/*
 * Unit tests of src/base/date.c and holidays_cn.c: civil dates, parsing, Excel serials,
 * periods and working days with the PRC holiday calendar. Each test is a table of cases.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"

#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define BYTES(s) s, sizeof(s) - 1

static Date D(int y, int m, int d) {
  Date r = {y, m, d};
  return r;
}

static void expect_date(Date got, Date want, const char *what, size_t i) {
  cr_expect(date_equal(got, want), "%s case %zu: got %04d-%02d-%02d, want %04d-%02d-%02d", what, i,
            got.y, got.m, got.d, want.y, want.m, want.d);
}

/* ---- civil dates ------------------------------------------------------------------------ */

Test(date, valid) {
  static const struct {
    int y, m, d;
    bool valid;
  } cases[] = {
      {2024, 3, 5, true},   {2000, 2, 29, true},  {2024, 2, 29, true},  {1900, 2, 29, false},
      {2023, 2, 29, false}, {2100, 2, 29, false}, {2400, 2, 29, true},  {2024, 4, 31, false},
      {2024, 4, 30, true},  {2024, 12, 31, true}, {2024, 13, 1, false}, {2024, 0, 1, false},
      {2024, 1, 0, false},  {2024, 1, 32, false}, {0, 1, 1, false},     {1, 1, 1, true},
      {9999, 12, 31, true}, {10000, 1, 1, false}, {-1, 1, 1, false},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_expect_eq(date_valid(cases[i].y, cases[i].m, cases[i].d), cases[i].valid, "case %zu", i);
  }
}

Test(date, day_numbers_and_weekdays) {
  static const struct {
    Date d;
    int64_t days;
    int weekday;
  } cases[] = {
      {{1970, 1, 1}, 0, 4},         {{1970, 1, 5}, 4, 1},      {{1969, 12, 31}, -1, 3},
      {{2000, 1, 1}, 10957, 6},     {{2000, 3, 1}, 11017, 3},  {{1900, 1, 1}, -25567, 1},
      {{2024, 3, 5}, 19787, 2},     {{2024, 2, 18}, 19771, 7}, {{1, 1, 1}, -719162, 1},
      {{9999, 12, 31}, 2932896, 5},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_expect_eq(date_to_days(cases[i].d), cases[i].days, "case %zu", i);
    cr_expect_eq(date_weekday(cases[i].d), cases[i].weekday, "case %zu", i);
    expect_date(date_from_days(cases[i].days), cases[i].d, "from_days", i);
  }
  /* every day from 1600 to 2400 round-trips and the next day number is the next date */
  Date prev = date_from_days(date_to_days(D(1600, 1, 1)) - 1);
  for (int64_t n = date_to_days(D(1600, 1, 1)); n <= date_to_days(D(2400, 12, 31)); n++) {
    Date d = date_from_days(n);
    cr_assert(date_is_valid(d));
    cr_assert_eq(date_to_days(d), n);
    cr_assert_lt(date_compare(prev, d), 0);
    cr_assert_eq(date_weekday(d), date_weekday(prev) % 7 + 1);
    prev = d;
  }
  /* out of range day numbers clamp */
  expect_date(date_from_days(INT64_MIN), D(1, 1, 1), "clamp", 0);
  expect_date(date_from_days(INT64_MAX), D(9999, 12, 31), "clamp", 1);
}

Test(date, add_days_and_months) {
  static const struct {
    Date from;
    int64_t days;
    Date want;
  } day_cases[] = {
      {{2024, 2, 28}, 1, {2024, 2, 29}},    {{2023, 2, 28}, 1, {2023, 3, 1}},
      {{2023, 12, 31}, 1, {2024, 1, 1}},    {{2024, 3, 1}, -1, {2024, 2, 29}},
      {{2100, 2, 28}, 1, {2100, 3, 1}},     {{2024, 1, 1}, 366, {2025, 1, 1}},
      {{2024, 1, 1}, 0, {2024, 1, 1}},      {{2024, 1, 1}, INT64_MAX, {9999, 12, 31}},
      {{2024, 1, 1}, INT64_MIN, {1, 1, 1}},
  };
  for (size_t i = 0; i < N_ELEMS(day_cases); i++) {
    expect_date(date_add_days(day_cases[i].from, day_cases[i].days), day_cases[i].want, "add_days",
                i);
  }
  static const struct {
    Date from;
    int months;
    Date want;
  } month_cases[] = {
      {{2024, 1, 31}, 1, {2024, 2, 29}},         {{2023, 1, 31}, 1, {2023, 2, 28}},
      {{2024, 3, 31}, -1, {2024, 2, 29}},        {{2024, 12, 15}, 1, {2025, 1, 15}},
      {{2024, 1, 15}, -1, {2023, 12, 15}},       {{2024, 5, 31}, 13, {2025, 6, 30}},
      {{2024, 2, 29}, 12, {2025, 2, 28}},        {{2024, 2, 29}, -48, {2020, 2, 29}},
      {{2024, 3, 5}, 0, {2024, 3, 5}},           {{2024, 3, 5}, -24291, {1, 1, 5}},
      {{2024, 3, 5}, 2000000000, {9999, 12, 5}},
  };
  for (size_t i = 0; i < N_ELEMS(month_cases); i++) {
    expect_date(date_add_months(month_cases[i].from, month_cases[i].months), month_cases[i].want,
                "add_months", i);
  }
  cr_expect_eq(date_days_between(D(2024, 1, 1), D(2024, 12, 31)), 365);
  cr_expect_eq(date_days_between(D(2024, 12, 31), D(2024, 1, 1)), -365);
  cr_expect_eq(date_days_between(D(2024, 3, 5), D(2024, 3, 5)), 0);
  cr_expect_lt(date_compare(D(2024, 3, 5), D(2024, 3, 6)), 0);
  cr_expect_gt(date_compare(D(2025, 1, 1), D(2024, 12, 31)), 0);
  cr_expect_eq(date_compare(D(2024, 3, 5), D(2024, 3, 5)), 0);
}

Test(date, today) {
  Date t = date_today();
  cr_expect(date_is_valid(t));
  cr_expect_geq(t.y, 2024);
}

Test(date, format) {
  static const struct {
    Date d;
    const char *iso;
    const char *cn;
  } cases[] = {
      {{2024, 3, 5}, "2024-03-05", "2024年3月5日"},
      {{2024, 12, 31}, "2024-12-31", "2024年12月31日"},
      {{1900, 1, 1}, "1900-01-01", "1900年1月1日"},
      {{1, 1, 1}, "0001-01-01", "1年1月1日"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    char iso[DATE_ISO_SIZE];
    char cn[DATE_CN_SIZE];
    cr_expect_str_eq(date_format_iso(cases[i].d, iso), cases[i].iso, "case %zu", i);
    cr_expect_str_eq(date_format_cn(cases[i].d, cn), cases[i].cn, "case %zu", i);
    Buf b = BUF_INIT;
    cr_expect_eq(date_buf_iso(&b, cases[i].d), 0);
    buf_puts(&b, "|");
    cr_expect_eq(date_buf_cn(&b, cases[i].d), 0);
    char want[64];
    snprintf(want, sizeof want, "%s|%s", cases[i].iso, cases[i].cn);
    cr_expect_str_eq(buf_cstr(&b), want, "case %zu", i);
    buf_free(&b);
  }
}

/* ---- parsing ---------------------------------------------------------------------------- */

Test(date, parse_good) {
  static const struct {
    const char *s;
    size_t n;
    Date want;
  } cases[] = {
      {BYTES("2024-03-05"), {2024, 3, 5}},
      {BYTES("2024-3-5"), {2024, 3, 5}},
      {BYTES("2024/3/5"), {2024, 3, 5}},
      {BYTES("2024/03/05"), {2024, 3, 5}},
      {BYTES("2024.3.5"), {2024, 3, 5}},
      {BYTES("2024年3月5日"), {2024, 3, 5}},
      {BYTES("2024年03月05日"), {2024, 3, 5}},
      {BYTES("2024年3月5号"), {2024, 3, 5}},
      {BYTES("2024年3月5"), {2024, 3, 5}},
      {BYTES("2024 年 3 月 5 日"), {2024, 3, 5}},
      {BYTES("20240305"), {2024, 3, 5}},
      {BYTES("  2024-03-05\t\r\n"), {2024, 3, 5}},
      {BYTES("\xE3\x80\x80"
             "2024-03-05"
             "\xC2\xA0"),
       {2024, 3, 5}},
      {BYTES("\xEF\xBB\xBF"
             "2024-03-05"),
       {2024, 3, 5}},
      {BYTES("２０２４－０３－０５"), {2024, 3, 5}},
      {BYTES("２０２４年３月５日"), {2024, 3, 5}},
      {BYTES("２０２４／３／５"), {2024, 3, 5}},
      {BYTES("２０２４０３０５"), {2024, 3, 5}},
      {BYTES("2000-02-29"), {2000, 2, 29}},
      {BYTES("2024-02-29"), {2024, 2, 29}},
      {BYTES("1900-02-28"), {1900, 2, 28}},
      {BYTES("1900-01-01"), {1900, 1, 1}},
      {BYTES("2200-12-31"), {2200, 12, 31}},
      {BYTES("2024-12-31"), {2024, 12, 31}},
      {BYTES("45292"), {2024, 1, 1}},
      {BYTES("45356"), {2024, 3, 5}},
      {BYTES("45292.75"), {2024, 1, 1}},
      {BYTES("45292.0"), {2024, 1, 1}},
      {BYTES("４５２９２"), {2024, 1, 1}},
      {BYTES("1"), {1900, 1, 1}},
      {BYTES("59"), {1900, 2, 28}},
      {BYTES("61"), {1900, 3, 1}},
      {BYTES("1899"), {1905, 3, 13}}, /* just below the "bare year" range */
      {BYTES("2201"), {1906, 1, 9}},  /* just above it */
      {BYTES("109939"), {2200, 12, 31}},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    Date got = {0, 0, 0};
    const char *why = NULL;
    int rc = date_parse(cases[i].s, cases[i].n, &got, &why);
    cr_expect_eq(rc, 0, "case %zu (%s): %s", i, cases[i].s, why ? why : "");
    expect_date(got, cases[i].want, "parse", i);
  }
}

Test(date, parse_bad) {
  static const struct {
    const char *s;
    size_t n;
    const char *why;
  } cases[] = {
      {BYTES(""), "日期为空"},
      {BYTES("   "), "日期为空"},
      {BYTES("\xE3\x80\x80"), "日期为空"},
      {BYTES("abc"), "无法识别的日期格式"},
      {BYTES("2023-02-29"), "日期不存在：平年没有2月29日"},
      {BYTES("1900-02-29"), "日期不存在：平年没有2月29日"},
      {BYTES("2100-02-29"), "日期不存在：平年没有2月29日"},
      {BYTES("2024-13-01"), "月份超出范围"},
      {BYTES("2024-00-10"), "月份超出范围"},
      {BYTES("2024-01-32"), "日期超出范围"},
      {BYTES("2024-01-00"), "日期超出范围"},
      {BYTES("2024年2月30日"), "日期不存在：2月30日"},
      {BYTES("2024-02-31"), "日期不存在：2月31日"},
      {BYTES("2024-04-31"), "日期不存在：4月31日"},
      {BYTES("2024/11/31"), "日期不存在：11月31日"},
      {BYTES("20241301"), "月份超出范围"},
      {BYTES("20230229"), "日期不存在：平年没有2月29日"},
      {BYTES("1899-12-31"), "年份超出范围（1900–2200）"},
      {BYTES("2201-01-01"), "年份超出范围（1900–2200）"},
      {BYTES("0000-01-01"), "年份超出范围（1900–2200）"},
      {BYTES("2024-03-05x"), "无法识别的日期格式"},
      {BYTES("2024-03-05 10:00"), "无法识别的日期格式"},
      {BYTES("2024年3月5日x"), "无法识别的日期格式"},
      {BYTES("2024-03/05"), "无法识别的日期格式"},
      {BYTES("2024-003-05"), "无法识别的日期格式"},
      {BYTES("2024-03-005"), "无法识别的日期格式"},
      {BYTES("2024--03"), "无法识别的日期格式"},
      {BYTES("2024-03-"), "缺少日期"},
      {BYTES("2024-3"), "缺少日期"},
      {BYTES("2024年3月"), "缺少日期"},
      {BYTES("2024-"), "缺少月份和日期"},
      {BYTES("2024年"), "缺少月份和日期"},
      {BYTES("2024"), "缺少月份和日期"},
      {BYTES("2024.3"), "缺少月份和日期"},
      {BYTES("24-3-5"), "年份须为四位数字"},
      {BYTES("202403-05"), "无法识别的日期格式"},
      {BYTES("60"), "Excel序列号60对应不存在的1900年2月29日"},
      {BYTES("60.5"), "Excel序列号60对应不存在的1900年2月29日"},
      {BYTES("0"), "Excel序列号超出范围"},
      {BYTES("0.5"), "Excel序列号超出范围"},
      {BYTES("-1"), "无法识别的日期格式"},
      {BYTES("-45292"), "无法识别的日期格式"},
      {BYTES("+45292"), "无法识别的日期格式"},
      {BYTES("45292."), "无法识别的日期格式"},
      {BYTES(".5"), "无法识别的日期格式"},
      {BYTES("45292.5.5"), "无法识别的日期格式"},
      {BYTES("109940"), "年份超出范围（1900–2200）"},
      {BYTES("2958465"), "年份超出范围（1900–2200）"},
      {BYTES("2958466"), "Excel序列号超出范围"},
      {BYTES("202403051"), "Excel序列号超出范围"},
      {BYTES("99999999999999999999"), "Excel序列号超出范围"},
      {BYTES("2024-03-05\0"), "包含无效字符"},
      {BYTES("2024-03-\xFF"), "包含无效字符"},
      {BYTES("\xC0\xB2"
             "024-03-05"),
       "包含无效字符"},
      {BYTES("2024-03-05日"), "无法识别的日期格式"},
      {BYTES("2024年3月5日日"), "无法识别的日期格式"},
      {BYTES("二〇二四年三月五日"), "无法识别的日期格式"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    Date got = {7, 7, 7};
    const char *why = NULL;
    int rc = date_parse(cases[i].s, cases[i].n, &got, &why);
    cr_expect_eq(rc, -1, "case %zu (%s) parsed as %04d-%02d-%02d", i, cases[i].s, got.y, got.m,
                 got.d);
    cr_expect(why != NULL && strcmp(why, cases[i].why) == 0, "case %zu (%s): why %s, want %s", i,
              cases[i].s, why ? why : "(null)", cases[i].why);
    expect_date(got, D(7, 7, 7), "unchanged", i);
  }
  /* why may be NULL */
  Date got;
  cr_expect_eq(date_parse("x", 1, &got, NULL), -1);
}

Test(date, excel_serial) {
  static const struct {
    double serial;
    int rc;
    Date want;
  } cases[] = {
      {1.0, 0, {1900, 1, 1}},        {1.99, 0, {1900, 1, 1}},        {59.0, 0, {1900, 2, 28}},
      {59.999, 0, {1900, 2, 28}},    {60.0, -1, {0, 0, 0}},          {60.5, -1, {0, 0, 0}},
      {61.0, 0, {1900, 3, 1}},       {367.0, 0, {1901, 1, 1}},       {45292.0, 0, {2024, 1, 1}},
      {45292.9999, 0, {2024, 1, 1}}, {2958465.0, 0, {9999, 12, 31}}, {2958465.9, 0, {9999, 12, 31}},
      {2958466.0, -1, {0, 0, 0}},    {0.0, -1, {0, 0, 0}},           {0.999, -1, {0, 0, 0}},
      {-1.0, -1, {0, 0, 0}},         {NAN, -1, {0, 0, 0}},           {INFINITY, -1, {0, 0, 0}},
      {-INFINITY, -1, {0, 0, 0}},    {1e300, -1, {0, 0, 0}},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    Date got = {0, 0, 0};
    cr_expect_eq(date_from_excel_serial(cases[i].serial, &got), cases[i].rc, "case %zu", i);
    expect_date(got, cases[i].want, "serial", i);
  }
}

/* ---- periods ---------------------------------------------------------------------------- */

Test(date, periods_of_dates) {
  static const struct {
    Date d;
    PeriodKind kind;
    const char *key;
    const char *label;
    Date first, last;
  } cases[] = {
      {{2024, 3, 5}, PERIOD_MONTH, "2024-03", "2024年3月", {2024, 3, 1}, {2024, 3, 31}},
      {{2024, 3, 5}, PERIOD_QUARTER, "2024-Q1", "2024年第一季度", {2024, 1, 1}, {2024, 3, 31}},
      {{2024, 3, 5}, PERIOD_HALF, "2024-H1", "2024年上半年", {2024, 1, 1}, {2024, 6, 30}},
      {{2024, 3, 5}, PERIOD_YEAR, "2024", "2024年", {2024, 1, 1}, {2024, 12, 31}},
      {{2024, 2, 10}, PERIOD_MONTH, "2024-02", "2024年2月", {2024, 2, 1}, {2024, 2, 29}},
      {{2023, 2, 1}, PERIOD_MONTH, "2023-02", "2023年2月", {2023, 2, 1}, {2023, 2, 28}},
      {{2024, 4, 1}, PERIOD_QUARTER, "2024-Q2", "2024年第二季度", {2024, 4, 1}, {2024, 6, 30}},
      {{2024, 9, 30}, PERIOD_QUARTER, "2024-Q3", "2024年第三季度", {2024, 7, 1}, {2024, 9, 30}},
      {{2024, 12, 31}, PERIOD_QUARTER, "2024-Q4", "2024年第四季度", {2024, 10, 1}, {2024, 12, 31}},
      {{2024, 6, 30}, PERIOD_HALF, "2024-H1", "2024年上半年", {2024, 1, 1}, {2024, 6, 30}},
      {{2024, 7, 1}, PERIOD_HALF, "2024-H2", "2024年下半年", {2024, 7, 1}, {2024, 12, 31}},
      {{2024, 12, 1}, PERIOD_MONTH, "2024-12", "2024年12月", {2024, 12, 1}, {2024, 12, 31}},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    Period p = date_period_of(cases[i].kind, cases[i].d);
    cr_assert(date_period_valid(p), "case %zu", i);
    char key[PERIOD_KEY_SIZE];
    char label[PERIOD_LABEL_SIZE];
    cr_expect_str_eq(date_period_key(p, key), cases[i].key, "case %zu", i);
    cr_expect_str_eq(date_period_label(p, label), cases[i].label, "case %zu", i);
    expect_date(date_period_first_day(p), cases[i].first, "first", i);
    expect_date(date_period_last_day(p), cases[i].last, "last", i);
    cr_expect(date_period_contains(p, cases[i].d), "case %zu", i);
    cr_expect(!date_period_contains(p, date_add_days(cases[i].first, -1)), "case %zu", i);
    cr_expect(!date_period_contains(p, date_add_days(cases[i].last, 1)), "case %zu", i);
    Period back;
    cr_expect_eq(date_period_parse_key(key, strlen(key), &back), 0, "case %zu", i);
    cr_expect(date_period_equal(back, p), "case %zu", i);
    Buf b = BUF_INIT;
    date_period_buf_key(&b, p);
    buf_puts(&b, " ");
    date_period_buf_label(&b, p);
    char want[64];
    snprintf(want, sizeof want, "%s %s", cases[i].key, cases[i].label);
    cr_expect_str_eq(buf_cstr(&b), want, "case %zu", i);
    buf_free(&b);
  }
}

Test(date, periods_next_prev) {
  static const struct {
    const char *from;
    const char *next;
  } cases[] = {
      {"2024-12", "2025-01"}, {"2024-06", "2024-07"}, {"2024-01", "2024-02"},
      {"2024-Q4", "2025-Q1"}, {"2024-Q1", "2024-Q2"}, {"2024-H2", "2025-H1"},
      {"2024-H1", "2024-H2"}, {"2024", "2025"},       {"1999-12", "2000-01"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    Period from;
    Period next;
    cr_assert_eq(date_period_parse_key(cases[i].from, strlen(cases[i].from), &from), 0);
    cr_assert_eq(date_period_parse_key(cases[i].next, strlen(cases[i].next), &next), 0);
    cr_expect(date_period_equal(date_period_next(from), next), "case %zu next", i);
    cr_expect(date_period_equal(date_period_prev(next), from), "case %zu prev", i);
    cr_expect_lt(date_period_compare(from, next), 0, "case %zu", i);
    cr_expect_gt(date_period_compare(next, from), 0, "case %zu", i);
    /* consecutive: the next period starts the day after this one ends */
    expect_date(date_add_days(date_period_last_day(from), 1), date_period_first_day(next),
                "adjacent", i);
  }
}

Test(date, period_keys_bad) {
  static const char *const bad[] = {"",        "24",       "2024-",    "2024-13",  "2024-00",
                                    "2024-Q0", "2024-Q5",  "2024-H0",  "2024-H3",  "2024-3",
                                    "2024-q1", "2024-h1",  "2024-03x", "2024-Y1",  "0000",
                                    "2024 ",   "２０２４", "2024-1-1", "2024-Q12", "abcd"};
  for (size_t i = 0; i < N_ELEMS(bad); i++) {
    Period p = {PERIOD_YEAR, 7, 1};
    cr_expect_eq(date_period_parse_key(bad[i], strlen(bad[i]), &p), -1, "case %zu (%s)", i, bad[i]);
    cr_expect_eq(p.year, 7);
  }
}

/* ---- working days ----------------------------------------------------------------------- */

Test(date, holiday_table) {
  size_t n;
  const DateCalendarEntry *a = date_holidays_cn(&n);
  cr_assert_gt(n, 90u);
  size_t workdays = 0;
  for (size_t i = 0; i < n; i++) {
    cr_assert(date_is_valid(a[i].date), "row %zu", i);
    cr_expect(a[i].date.y >= 2024 && a[i].date.y <= 2026, "row %zu", i);
    cr_expect(a[i].name != NULL && a[i].name[0] != '\0', "row %zu", i);
    if (i > 0) {
      cr_expect_lt(date_compare(a[i - 1].date, a[i].date), 0, "row %zu not sorted", i);
    }
    if (a[i].type == DATE_WORKDAY) {
      cr_expect_geq(date_weekday(a[i].date), 6, "row %zu: 调休 on a weekday", i);
      workdays++;
    } else {
      cr_expect_eq(a[i].type, DATE_HOLIDAY, "row %zu", i);
    }
  }
  cr_expect_eq(workdays, 8u + 5u + 6u);
  DateCalendar *cal = date_calendar_new();
  date_calendar_load_cn(cal);
  cr_expect_eq(date_calendar_count(cal), n);
  /* official totals of working days per year */
  cr_expect_eq(date_workdays_between(cal, D(2023, 12, 31), D(2024, 12, 31)), 251);
  cr_expect_eq(date_workdays_between(cal, D(2024, 12, 31), D(2025, 12, 31)), 248);
  cr_expect_eq(date_workdays_between(cal, D(2025, 12, 31), D(2026, 12, 31)), 248);
  date_calendar_free(cal);
}

Test(date, is_workday) {
  static const struct {
    Date d;
    bool cn;    /* with the PRC calendar */
    bool plain; /* with a NULL calendar */
  } cases[] = {
      {{2024, 1, 1}, false, true},   /* 元旦, Monday */
      {{2024, 2, 4}, true, false},   /* Sunday, 调休 */
      {{2024, 2, 9}, true, true},    /* 除夕 2024 was a working Friday */
      {{2024, 2, 10}, false, false}, /* Saturday in 春节 */
      {{2024, 2, 12}, false, true},  /* Monday in 春节 */
      {{2024, 2, 16}, false, true},  /* Friday in 春节 */
      {{2024, 2, 18}, true, false},  /* Sunday, 调休 */
      {{2024, 2, 19}, true, true},    {{2024, 3, 9}, false, false}, /* ordinary Saturday */
      {{2024, 3, 11}, true, true},                                  /* ordinary Monday */
      {{2024, 5, 11}, true, false},                                 /* Saturday, 调休 */
      {{2024, 9, 14}, true, false},                                 /* Saturday, 调休 */
      {{2024, 10, 7}, false, true},   {{2024, 10, 12}, true, false}, {{2025, 1, 26}, true, false},
      {{2025, 9, 28}, true, false},  /* Sunday, 调休 */
      {{2025, 10, 8}, false, true},  /* Wednesday, 国庆+中秋 */
      {{2025, 10, 11}, true, false}, /* Saturday, 调休 */
      {{2025, 10, 12}, false, false}, {{2026, 1, 2}, false, true},   {{2026, 1, 4}, true, false},
      {{2026, 2, 23}, false, true},   {{2026, 2, 28}, true, false},  {{2026, 9, 20}, true, false},
      {{2026, 10, 10}, true, false},  {{2027, 1, 1}, true, true}, /* no data for 2027 yet: plain
                                                                     Friday */
  };
  DateCalendar *cal = date_calendar_new();
  date_calendar_load_cn(cal);
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_expect_eq(date_is_workday(cal, cases[i].d), cases[i].cn, "case %zu", i);
    cr_expect_eq(date_is_workday(NULL, cases[i].d), cases[i].plain, "case %zu NULL", i);
  }
  date_calendar_free(cal);
}

Test(date, workdays_between) {
  static const struct {
    Date from, to;
    int64_t cn, plain;
  } cases[] = {
      {{2024, 2, 1}, {2024, 2, 29}, 17, 20},  /* 春节 2024 month */
      {{2024, 2, 8}, {2024, 2, 19}, 3, 7},    /* 2/9, 2/18 (Sun), 2/19 */
      {{2024, 2, 9}, {2024, 2, 17}, 0, 5},    /* the whole holiday */
      {{2025, 9, 26}, {2025, 10, 13}, 7, 11}, /* 国庆 2025 with 9/28 and 10/11 */
      {{2025, 9, 30}, {2025, 10, 9}, 1, 7},
      {{2024, 3, 8}, {2024, 3, 11}, 1, 1},   /* Friday to Monday */
      {{2024, 3, 11}, {2024, 3, 8}, -1, -1}, /* and back */
      {{2024, 3, 9}, {2024, 3, 10}, 0, 0},   /* Saturday to Sunday */
      {{2024, 3, 5}, {2024, 3, 5}, 0, 0},
      {{2024, 2, 19}, {2024, 2, 8}, -3, -7},
      {{2025, 10, 13}, {2025, 9, 26}, -7, -11},
  };
  DateCalendar *cal = date_calendar_new();
  date_calendar_load_cn(cal);
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_expect_eq(date_workdays_between(cal, cases[i].from, cases[i].to), cases[i].cn, "case %zu",
                 i);
    cr_expect_eq(date_workdays_between(NULL, cases[i].from, cases[i].to), cases[i].plain,
                 "case %zu NULL", i);
  }
  /* against a day-by-day count for every pair of days in a window around 春节 2024 */
  for (Date a = D(2024, 1, 25); date_compare(a, D(2024, 3, 5)) <= 0; a = date_add_days(a, 1)) {
    int64_t naive = 0;
    for (Date b = a; date_compare(b, D(2024, 3, 5)) <= 0; b = date_add_days(b, 1)) {
      if (!date_equal(a, b) && date_is_workday(cal, b)) {
        naive++;
      }
      cr_assert_eq(date_workdays_between(cal, a, b), naive);
      cr_assert_eq(date_workdays_between(cal, b, a), -naive);
    }
  }
  date_calendar_free(cal);
}

Test(date, add_workdays) {
  static const struct {
    Date from;
    int n;
    Date cn, plain;
  } cases[] = {
      {{2024, 9, 30}, 3, {2024, 10, 10}, {2024, 10, 3}},
      {{2024, 10, 10}, -3, {2024, 9, 30}, {2024, 10, 7}},
      {{2024, 2, 8}, 1, {2024, 2, 9}, {2024, 2, 9}},
      {{2024, 2, 9}, 1, {2024, 2, 18}, {2024, 2, 12}},
      {{2024, 2, 9}, 2, {2024, 2, 19}, {2024, 2, 13}},
      {{2024, 2, 18}, -1, {2024, 2, 9}, {2024, 2, 16}},
      {{2025, 9, 26}, 1, {2025, 9, 28}, {2025, 9, 29}},
      {{2025, 9, 30}, 1, {2025, 10, 9}, {2025, 10, 1}},
      {{2025, 10, 9}, -1, {2025, 9, 30}, {2025, 10, 8}},
      {{2025, 10, 10}, 1, {2025, 10, 11}, {2025, 10, 13}},
      {{2024, 3, 9}, 1, {2024, 3, 11}, {2024, 3, 11}}, /* from a Saturday */
      {{2024, 3, 9}, -1, {2024, 3, 8}, {2024, 3, 8}},
      {{2024, 3, 9}, 0, {2024, 3, 9}, {2024, 3, 9}},
      {{2024, 1, 1}, 250, {2024, 12, 30}, {2024, 12, 16}},
      {{2026, 9, 30}, 3, {2026, 10, 10}, {2026, 10, 5}},
  };
  DateCalendar *cal = date_calendar_new();
  date_calendar_load_cn(cal);
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    expect_date(date_add_workdays(cal, cases[i].from, cases[i].n), cases[i].cn, "cn", i);
    expect_date(date_add_workdays(NULL, cases[i].from, cases[i].n), cases[i].plain, "plain", i);
  }
  /* the defining property, for every day of 2023-12..2027-01 and n in -12..12 */
  for (Date a = D(2023, 12, 1); date_compare(a, D(2027, 1, 31)) <= 0; a = date_add_days(a, 1)) {
    for (int n = -12; n <= 12; n++) {
      Date r = date_add_workdays(cal, a, n);
      if (n >= 0) {
        cr_assert_eq(date_workdays_between(cal, a, r), n); /* working days in (a, r] */
      } else {
        /* working days in [r, a) = (r - 1, a - 1] */
        cr_assert_eq(date_workdays_between(cal, date_add_days(a, -1), date_add_days(r, -1)), n);
      }
      if (n != 0) {
        cr_assert(date_is_workday(cal, r));
      }
    }
  }
  /* extremes clamp instead of looping or overflowing */
  cr_expect(date_is_valid(date_add_workdays(cal, D(2024, 1, 1), 2147483647)));
  cr_expect(date_is_valid(date_add_workdays(cal, D(2024, 1, 1), -2147483647 - 1)));
  date_calendar_free(cal);
}

Test(date, calendar_add) {
  DateCalendar *cal = date_calendar_new();
  cr_expect_eq(date_calendar_count(cal), 0u);
  cr_expect_eq(date_calendar_add(cal, D(2024, 3, 11), DATE_HOLIDAY), 0);
  cr_expect(!date_is_workday(cal, D(2024, 3, 11)));
  cr_expect_eq(date_calendar_add(cal, D(2024, 3, 11), DATE_WORKDAY), 0); /* replaces */
  cr_expect_eq(date_calendar_count(cal), 1u);
  cr_expect(date_is_workday(cal, D(2024, 3, 11)));
  cr_expect_eq(date_calendar_add(cal, D(2024, 3, 9), DATE_WORKDAY), 0);
  cr_expect(date_is_workday(cal, D(2024, 3, 9)));
  cr_expect_eq(date_calendar_add(cal, D(2024, 3, 10), DATE_HOLIDAY), 0); /* harmless */
  cr_expect(!date_is_workday(cal, D(2024, 3, 10)));
  cr_expect_eq(date_calendar_add(cal, D(2024, 2, 30), DATE_HOLIDAY), -1);
  cr_expect_eq(date_calendar_add(cal, D(2024, 3, 12), (DayType)0), -1);
  cr_expect_eq(date_calendar_count(cal), 3u);
  /* many entries in reverse order stay sorted */
  for (int i = 400; i > 0; i--) {
    cr_expect_eq(date_calendar_add(cal, date_add_days(D(2030, 1, 1), i), DATE_HOLIDAY), 0);
  }
  cr_expect_eq(date_calendar_count(cal), 403u);
  cr_expect_eq(date_workdays_between(cal, D(2030, 1, 1), D(2031, 2, 5)), 0);
  date_calendar_free(cal);
  date_calendar_free(NULL);
}
