/*
 * date: see date.h. The holiday table lives in holidays_cn.c.
 */
#include "base/date.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/utf8.h"

#include "base/banned.h"

/* Day numbers of 0001-01-01 and 9999-12-31. */
#define DATE_DAYS_MIN INT64_C(-719162)
#define DATE_DAYS_MAX INT64_C(2932896)

/* ---- civil dates ------------------------------------------------------------------------- */

bool date_is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int date_days_in_month(int y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) {
    return 0;
  }
  if (m == 2 && date_is_leap_year(y)) {
    return 29;
  }
  return days[m - 1];
}

bool date_valid(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
}

bool date_is_valid(Date d) { return date_valid(d.y, d.m, d.d); }

/* Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms", days_from_civil. */
int64_t date_to_days(Date date) {
  assert(date_is_valid(date));
  int64_t y = (int64_t)date.y - (date.m <= 2);
  int64_t m = date.m;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + date.d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* civil_from_days, on a clamped day number. */
Date date_from_days(int64_t days) {
  if (days < DATE_DAYS_MIN) {
    days = DATE_DAYS_MIN;
  } else if (days > DATE_DAYS_MAX) {
    days = DATE_DAYS_MAX;
  }
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  Date r = {(int)(y + (m <= 2)), (int)m, (int)d};
  return r;
}

int date_weekday(Date d) {
  int64_t days = date_to_days(d);
  /* 1970-01-01 was a Thursday (4). */
  int64_t w = ((days % 7) + 7 + 3) % 7;
  return (int)w + 1;
}

Date date_add_days(Date d, int64_t n) {
  int64_t span = DATE_DAYS_MAX - DATE_DAYS_MIN;
  if (n > span) {
    n = span;
  } else if (n < -span) {
    n = -span;
  }
  return date_from_days(date_to_days(d) + n);
}

Date date_add_months(Date d, int n) {
  assert(date_is_valid(d));
  int64_t total = (int64_t)d.y * 12 + (d.m - 1) + n;
  if (total < 12) {
    total = 12; /* 0001-01 */
  } else if (total > INT64_C(9999) * 12 + 11) {
    total = INT64_C(9999) * 12 + 11;
  }
  Date r;
  r.y = (int)(total / 12);
  r.m = (int)(total % 12) + 1;
  int dim = date_days_in_month(r.y, r.m);
  r.d = d.d > dim ? dim : d.d;
  return r;
}

int64_t date_days_between(Date from, Date to) { return date_to_days(to) - date_to_days(from); }

int date_compare(Date a, Date b) {
  if (a.y != b.y) {
    return a.y < b.y ? -1 : 1;
  }
  if (a.m != b.m) {
    return a.m < b.m ? -1 : 1;
  }
  if (a.d != b.d) {
    return a.d < b.d ? -1 : 1;
  }
  return 0;
}

bool date_equal(Date a, Date b) { return date_compare(a, b) == 0; }

Date date_today(void) {
  time_t now = time(NULL);
  struct tm tm;
  Date r = {1970, 1, 1};
  if (localtime_r(&now, &tm) != NULL) {
    r.y = tm.tm_year + 1900;
    r.m = tm.tm_mon + 1;
    r.d = tm.tm_mday;
  }
  return r;
}

char *date_format_iso(Date d, char out[DATE_ISO_SIZE]) {
  snprintf(out, DATE_ISO_SIZE, "%04d-%02d-%02d", d.y, d.m, d.d);
  return out;
}

char *date_format_cn(Date d, char out[DATE_CN_SIZE]) {
  snprintf(out, DATE_CN_SIZE, "%d年%d月%d日", d.y, d.m, d.d);
  return out;
}

int date_buf_iso(Buf *b, Date d) {
  char tmp[DATE_ISO_SIZE];
  return buf_puts(b, date_format_iso(d, tmp));
}

int date_buf_cn(Buf *b, Date d) {
  char tmp[DATE_CN_SIZE];
  return buf_puts(b, date_format_cn(d, tmp));
}

/* ---- parsing ----------------------------------------------------------------------------- */

#define DATE_WHY_FORMAT "无法识别的日期格式"
#define DATE_MAX_INPUT 1024
#define DATE_EXCEL_SERIAL_MAX 2958465 /* 9999-12-31 */

/* The reason for a day that is in 1-31 but past the end of its month. */
static const char *date_why_no_such_day(int m, int d) {
  if (m == 2) {
    if (d == 29) {
      return "日期不存在：平年没有2月29日";
    }
    return d == 30 ? "日期不存在：2月30日" : "日期不存在：2月31日";
  }
  switch (m) {
  case 4:
    return "日期不存在：4月31日";
  case 6:
    return "日期不存在：6月31日";
  case 9:
    return "日期不存在：9月31日";
  case 11:
    return "日期不存在：11月31日";
  default:
    return "日期不存在";
  }
}

/* Checks the parts of a parsed date and stores it. */
static int date_check_parts(int y, int m, int d, Date *out, const char **why) {
  if (y < DATE_PARSE_YEAR_MIN || y > DATE_PARSE_YEAR_MAX) {
    *why = "年份超出范围（1900–2200）";
    return -1;
  }
  if (m < 1 || m > 12) {
    *why = "月份超出范围";
    return -1;
  }
  if (d < 1 || d > 31) {
    *why = "日期超出范围";
    return -1;
  }
  if (d > date_days_in_month(y, m)) {
    *why = date_why_no_such_day(m, d);
    return -1;
  }
  out->y = y;
  out->m = m;
  out->d = d;
  return 0;
}

static bool date_is_digit(char c) { return c >= '0' && c <= '9'; }

/* Reads up to max_digits decimal digits at s[*i]; returns how many were read (0 if none). A
 * further digit past max_digits makes it return max_digits + 1 (too long). */
static int date_read_number(const char *s, size_t n, size_t *i, int max_digits, int *value) {
  int count = 0;
  int v = 0;
  while (*i < n && date_is_digit(s[*i])) {
    if (count == max_digits) {
      return max_digits + 1;
    }
    v = v * 10 + (s[*i] - '0');
    count++;
    (*i)++;
  }
  *value = v;
  return count;
}

static void date_skip_spaces(const char *s, size_t n, size_t *i) {
  while (*i < n && s[*i] == ' ') {
    (*i)++;
  }
}

/* True (and advances *i) when s[*i..n) starts with the C string word. */
static bool date_eat(const char *s, size_t n, size_t *i, const char *word) {
  size_t len = strlen(word);
  if (n - *i >= len && memcmp(s + *i, word, len) == 0) {
    *i += len;
    return true;
  }
  return false;
}

/* A bare number: digits with at most one '.' followed by digits. */
static int date_parse_serial(const char *s, size_t n, Date *out, const char **why) {
  size_t int_digits = 0;
  while (int_digits < n && date_is_digit(s[int_digits])) {
    int_digits++;
  }
  if (int_digits > 7) {
    *why = "Excel序列号超出范围";
    return -1;
  }
  long v = 0;
  for (size_t i = 0; i < int_digits; i++) {
    v = v * 10 + (s[i] - '0');
  }
  if (v >= DATE_PARSE_YEAR_MIN && v <= DATE_PARSE_YEAR_MAX) {
    *why = "缺少月份和日期";
    return -1;
  }
  if (v < 1 || v > DATE_EXCEL_SERIAL_MAX) {
    *why = "Excel序列号超出范围";
    return -1;
  }
  if (v == 60) {
    *why = "Excel序列号60对应不存在的1900年2月29日";
    return -1;
  }
  Date d;
  if (date_from_excel_serial((double)v, &d) != 0) {
    *why = "Excel序列号超出范围";
    return -1;
  }
  return date_check_parts(d.y, d.m, d.d, out, why);
}

/* Parses trimmed, width-folded text s[0..n). */
static int date_parse_clean(const char *s, size_t n, Date *out, const char **why) {
  if (n == 0) {
    *why = "日期为空";
    return -1;
  }
  size_t lead = 0;
  while (lead < n && date_is_digit(s[lead])) {
    lead++;
  }
  if (lead == n && n == 8) {
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[4] - '0') * 10 + (s[5] - '0');
    int d = (s[6] - '0') * 10 + (s[7] - '0');
    return date_check_parts(y, m, d, out, why);
  }
  if (lead > 0 && (lead == n || (s[lead] == '.' && lead + 1 < n))) {
    size_t k = lead + (lead < n ? 1 : 0);
    while (k < n && date_is_digit(s[k])) {
      k++;
    }
    if (k == n) {
      return date_parse_serial(s, n, out, why);
    }
  }
  if (lead == 0) {
    *why = DATE_WHY_FORMAT;
    return -1;
  }
  size_t i = 0;
  int y;
  int m;
  int d;
  if (date_read_number(s, n, &i, 4, &y) != 4) {
    *why = lead < 4 ? "年份须为四位数字" : DATE_WHY_FORMAT;
    return -1;
  }
  char sep = s[i];
  if (sep == '-' || sep == '/' || sep == '.') {
    i++;
    int got = date_read_number(s, n, &i, 2, &m);
    if (got == 0 && i == n) {
      *why = "缺少月份和日期";
      return -1;
    }
    if (got < 1 || got > 2) {
      *why = DATE_WHY_FORMAT;
      return -1;
    }
    if (i == n) {
      *why = "缺少日期";
      return -1;
    }
    if (s[i] != sep) {
      *why = DATE_WHY_FORMAT;
      return -1;
    }
    i++;
    got = date_read_number(s, n, &i, 2, &d);
    if (got < 1 || got > 2 || i != n) {
      *why = got == 0 && i == n ? "缺少日期" : DATE_WHY_FORMAT;
      return -1;
    }
    return date_check_parts(y, m, d, out, why);
  }
  date_skip_spaces(s, n, &i);
  if (!date_eat(s, n, &i, "年")) {
    *why = DATE_WHY_FORMAT;
    return -1;
  }
  date_skip_spaces(s, n, &i);
  int got = date_read_number(s, n, &i, 2, &m);
  if (got == 0 && i == n) {
    *why = "缺少月份和日期";
    return -1;
  }
  if (got < 1 || got > 2) {
    *why = DATE_WHY_FORMAT;
    return -1;
  }
  date_skip_spaces(s, n, &i);
  if (!date_eat(s, n, &i, "月")) {
    *why = DATE_WHY_FORMAT;
    return -1;
  }
  date_skip_spaces(s, n, &i);
  got = date_read_number(s, n, &i, 2, &d);
  if (got == 0 && i == n) {
    *why = "缺少日期";
    return -1;
  }
  if (got < 1 || got > 2) {
    *why = DATE_WHY_FORMAT;
    return -1;
  }
  date_skip_spaces(s, n, &i);
  if (!date_eat(s, n, &i, "日")) {
    date_eat(s, n, &i, "号");
  }
  if (i != n) {
    *why = DATE_WHY_FORMAT;
    return -1;
  }
  return date_check_parts(y, m, d, out, why);
}

int date_parse(const char *s, size_t n, Date *out, const char **why) {
  const char *ignored;
  if (!why) {
    why = &ignored;
  }
  if (n > DATE_MAX_INPUT) {
    *why = DATE_WHY_FORMAT;
    return -1;
  }
  char *folded = utf8_fold_width(s, n);
  if (!folded) {
    *why = "包含无效字符";
    return -1;
  }
  char *trimmed = utf8_trim(folded, strlen(folded));
  free(folded);
  if (!trimmed) {
    *why = "包含无效字符";
    return -1;
  }
  int rc = date_parse_clean(trimmed, strlen(trimmed), out, why);
  free(trimmed);
  return rc;
}

int date_from_excel_serial(double serial, Date *out) {
  if (!isfinite(serial) || serial < 1.0 || serial >= (double)DATE_EXCEL_SERIAL_MAX + 1.0) {
    return -1;
  }
  int64_t whole = (int64_t)floor(serial);
  if (whole == 60) {
    return -1;
  }
  /* Serials 1-59 count from 1899-12-31; past the phantom 1900-02-29 they count from
   * 1899-12-30. */
  Date base = whole < 60 ? (Date){1899, 12, 31} : (Date){1899, 12, 30};
  *out = date_add_days(base, whole);
  return 0;
}

/* ---- periods ----------------------------------------------------------------------------- */

/* Periods of the kind in a year (12, 4, 2, 1); 0 for an unknown kind. */
static int date_period_count(PeriodKind kind) {
  switch (kind) {
  case PERIOD_MONTH:
    return 12;
  case PERIOD_QUARTER:
    return 4;
  case PERIOD_HALF:
    return 2;
  case PERIOD_YEAR:
    return 1;
  }
  return 0;
}

int date_period_months(PeriodKind k) {
  int count = date_period_count(k);
  return count > 0 ? 12 / count : 12;
}

const char *date_period_kind_code(PeriodKind k) {
  static const char *const codes[] = {"month", "quarter", "half", "year"};
  return (int)k >= 0 && (int)k < 4 ? codes[k] : "";
}

const char *date_period_kind_every(PeriodKind k) {
  static const char *const labels[] = {"每月", "每季度", "每半年", "每年"};
  return (int)k >= 0 && (int)k < 4 ? labels[k] : "";
}

bool date_period_valid(Period p) {
  int count = date_period_count(p.kind);
  return count > 0 && p.year >= 1 && p.year <= 9999 && p.index >= 1 && p.index <= count;
}

Period date_period_of(PeriodKind kind, Date d) {
  int count = date_period_count(kind);
  assert(count > 0);
  Period p = {kind, d.y, 1};
  if (count > 0) {
    p.index = (d.m - 1) / (12 / count) + 1;
  }
  return p;
}

Date date_period_first_day(Period p) {
  assert(date_period_valid(p));
  int count = date_period_count(p.kind);
  int months = count > 0 ? 12 / count : 12;
  Date r = {p.year, (p.index - 1) * months + 1, 1};
  return r;
}

Date date_period_last_day(Period p) {
  int count = date_period_count(p.kind);
  int months = count > 0 ? 12 / count : 12;
  Date first = date_period_first_day(p);
  Date r = {first.y, first.m + months - 1, 1};
  r.d = date_days_in_month(r.y, r.m);
  return r;
}

bool date_period_contains(Period p, Date d) {
  return date_compare(date_period_first_day(p), d) <= 0 &&
         date_compare(d, date_period_last_day(p)) <= 0;
}

Period date_period_next(Period p) {
  int count = date_period_count(p.kind);
  if (p.index >= count) {
    p.year++;
    p.index = 1;
  } else {
    p.index++;
  }
  return p;
}

Period date_period_prev(Period p) {
  int count = date_period_count(p.kind);
  if (p.index <= 1) {
    p.year--;
    p.index = count;
  } else {
    p.index--;
  }
  return p;
}

int date_period_compare(Period a, Period b) {
  int c = date_compare(date_period_first_day(a), date_period_first_day(b));
  if (c != 0) {
    return c;
  }
  if (a.kind != b.kind) {
    return a.kind < b.kind ? -1 : 1;
  }
  return 0;
}

bool date_period_equal(Period a, Period b) {
  return a.kind == b.kind && a.year == b.year && a.index == b.index;
}

char *date_period_key(Period p, char out[PERIOD_KEY_SIZE]) {
  switch (p.kind) {
  case PERIOD_MONTH:
    snprintf(out, PERIOD_KEY_SIZE, "%04d-%02d", p.year, p.index);
    break;
  case PERIOD_QUARTER:
    snprintf(out, PERIOD_KEY_SIZE, "%04d-Q%d", p.year, p.index);
    break;
  case PERIOD_HALF:
    snprintf(out, PERIOD_KEY_SIZE, "%04d-H%d", p.year, p.index);
    break;
  case PERIOD_YEAR:
  default:
    snprintf(out, PERIOD_KEY_SIZE, "%04d", p.year);
    break;
  }
  return out;
}

char *date_period_label(Period p, char out[PERIOD_LABEL_SIZE]) {
  static const char *const quarters[4] = {"一", "二", "三", "四"};
  switch (p.kind) {
  case PERIOD_MONTH:
    snprintf(out, PERIOD_LABEL_SIZE, "%d年%d月", p.year, p.index);
    break;
  case PERIOD_QUARTER:
    snprintf(out, PERIOD_LABEL_SIZE, "%d年第%s季度", p.year,
             p.index >= 1 && p.index <= 4 ? quarters[p.index - 1] : "?");
    break;
  case PERIOD_HALF:
    snprintf(out, PERIOD_LABEL_SIZE, "%d年%s", p.year, p.index == 1 ? "上半年" : "下半年");
    break;
  case PERIOD_YEAR:
  default:
    snprintf(out, PERIOD_LABEL_SIZE, "%d年", p.year);
    break;
  }
  return out;
}

int date_period_buf_key(Buf *b, Period p) {
  char tmp[PERIOD_KEY_SIZE];
  return buf_puts(b, date_period_key(p, tmp));
}

int date_period_buf_label(Buf *b, Period p) {
  char tmp[PERIOD_LABEL_SIZE];
  return buf_puts(b, date_period_label(p, tmp));
}

int date_period_parse_key(const char *s, size_t n, Period *out) {
  if (n < 4) {
    return -1;
  }
  for (size_t i = 0; i < 4; i++) {
    if (!date_is_digit(s[i])) {
      return -1;
    }
  }
  Period p = {PERIOD_YEAR,
              (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'), 1};
  if (n == 7 && s[4] == '-' && date_is_digit(s[5]) && date_is_digit(s[6])) {
    p.kind = PERIOD_MONTH;
    p.index = (s[5] - '0') * 10 + (s[6] - '0');
  } else if (n == 7 && s[4] == '-' && (s[5] == 'Q' || s[5] == 'H') && date_is_digit(s[6])) {
    p.kind = s[5] == 'Q' ? PERIOD_QUARTER : PERIOD_HALF;
    p.index = s[6] - '0';
  } else if (n != 4) {
    return -1;
  }
  if (!date_period_valid(p)) {
    return -1;
  }
  *out = p;
  return 0;
}

/* ---- working days ------------------------------------------------------------------------ */

typedef struct {
  int64_t day;
  DayType type;
} DateCalendarDay;

struct DateCalendar {
  DateCalendarDay *a; /* sorted by day, unique */
  size_t n;
  size_t alloc;
};

DateCalendar *date_calendar_new(void) {
  DateCalendar *cal = calloc(1, sizeof *cal);
  if (!cal) {
    abort();
  }
  return cal;
}

void date_calendar_free(DateCalendar *cal) {
  if (!cal) {
    return;
  }
  free(cal->a);
  free(cal);
}

size_t date_calendar_count(const DateCalendar *cal) { return cal ? cal->n : 0; }

/* Index of the first entry with day >= day (cal->n when none). */
static size_t date_calendar_lower(const DateCalendar *cal, int64_t day) {
  size_t lo = 0;
  size_t hi = cal->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cal->a[mid].day < day) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

int date_calendar_add(DateCalendar *cal, Date day, DayType type) {
  if (!date_is_valid(day) || (type != DATE_HOLIDAY && type != DATE_WORKDAY)) {
    return -1;
  }
  int64_t dn = date_to_days(day);
  size_t at = date_calendar_lower(cal, dn);
  if (at < cal->n && cal->a[at].day == dn) {
    cal->a[at].type = type;
    return 0;
  }
  if (cal->n == cal->alloc) {
    size_t alloc = cal->alloc ? cal->alloc * 2 : 64;
    DateCalendarDay *a = realloc(cal->a, alloc * sizeof *a);
    if (!a) {
      abort();
    }
    cal->a = a;
    cal->alloc = alloc;
  }
  memmove(cal->a + at + 1, cal->a + at, (cal->n - at) * sizeof *cal->a);
  cal->a[at].day = dn;
  cal->a[at].type = type;
  cal->n++;
  return 0;
}

void date_calendar_load_cn(DateCalendar *cal) {
  size_t n;
  const DateCalendarEntry *a = date_holidays_cn(&n);
  for (size_t i = 0; i < n; i++) {
    int rc = date_calendar_add(cal, a[i].date, a[i].type);
    assert(rc == 0);
    (void)rc;
  }
}

/* 1-7 (Monday-Sunday) of a day number. */
static int date_weekday_of_days(int64_t days) { return (int)(((days % 7) + 7 + 3) % 7) + 1; }

static bool date_is_workday_days(const DateCalendar *cal, int64_t day) {
  if (cal) {
    size_t at = date_calendar_lower(cal, day);
    if (at < cal->n && cal->a[at].day == day) {
      return cal->a[at].type == DATE_WORKDAY;
    }
  }
  return date_weekday_of_days(day) <= 5;
}

bool date_is_workday(const DateCalendar *cal, Date day) {
  return date_is_workday_days(cal, date_to_days(day));
}

/* Mondays-Fridays up to day x, counted from an arbitrary origin (only differences matter). */
static int64_t date_weekdays_upto(int64_t x) {
  int64_t t = x - 4; /* day 4 = 1970-01-05, a Monday */
  int64_t w = t >= 0 ? t / 7 : -((-t + 6) / 7);
  int64_t r = t - 7 * w; /* 0 = Monday .. 6 = Sunday */
  return 5 * w + (r + 1 < 5 ? r + 1 : 5);
}

/* Working days d with a < d <= b, for a <= b. */
static int64_t date_workdays_in(const DateCalendar *cal, int64_t a, int64_t b) {
  int64_t count = date_weekdays_upto(b) - date_weekdays_upto(a);
  if (cal) {
    size_t end = date_calendar_lower(cal, b + 1);
    for (size_t i = date_calendar_lower(cal, a + 1); i < end; i++) {
      bool weekday = date_weekday_of_days(cal->a[i].day) <= 5;
      if (weekday && cal->a[i].type == DATE_HOLIDAY) {
        count--;
      } else if (!weekday && cal->a[i].type == DATE_WORKDAY) {
        count++;
      }
    }
  }
  return count;
}

int64_t date_workdays_between(const DateCalendar *cal, Date from, Date to) {
  int64_t a = date_to_days(from);
  int64_t b = date_to_days(to);
  return a <= b ? date_workdays_in(cal, a, b) : -date_workdays_in(cal, b, a);
}

Date date_add_workdays(const DateCalendar *cal, Date from, int n) {
  if (n == 0) {
    return from;
  }
  int64_t a = date_to_days(from);
  int64_t k = n > 0 ? n : -(int64_t)n;
  /* Any 7 consecutive days hold 5 weekdays and each entry removes at most one, so the answer
   * lies within this many days of from. */
  int64_t span = 7 * ((k + (int64_t)date_calendar_count(cal)) / 5 + 1);
  if (n > 0) {
    /* the smallest d > a with workdays(a, d] >= k */
    int64_t lo = a + 1;
    int64_t hi = a + span;
    if (hi > DATE_DAYS_MAX) {
      hi = DATE_DAYS_MAX;
      if (lo > hi || date_workdays_in(cal, a, hi) < k) {
        return date_from_days(DATE_DAYS_MAX);
      }
    }
    while (lo < hi) {
      int64_t mid = lo + (hi - lo) / 2;
      if (date_workdays_in(cal, a, mid) >= k) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return date_from_days(lo);
  }
  /* the largest d < a with workdays[d, a) = workdays(d-1, a-1] >= k */
  int64_t lo = a - span;
  int64_t hi = a - 1;
  if (lo < DATE_DAYS_MIN) {
    lo = DATE_DAYS_MIN;
    if (hi < lo || date_workdays_in(cal, lo - 1, a - 1) < k) {
      return date_from_days(DATE_DAYS_MIN);
    }
  }
  while (lo < hi) {
    int64_t mid = hi - (hi - lo) / 2;
    if (date_workdays_in(cal, mid - 1, a - 1) >= k) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return date_from_days(lo);
}
