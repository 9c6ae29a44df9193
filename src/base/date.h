/*
 * date: civil dates, reporting periods and working-day calendars. No times, no time zones.
 *
 * Owner: base (no domain knowledge, no SQL). Dates are proleptic Gregorian. A day number is
 * the count of days since 1970-01-01 (day 0; earlier dates are negative), computed with
 * Howard Hinnant's days_from_civil / civil_from_days.
 *
 * Ranges: a Date is "valid" (date_valid) for years 1-9999. Arithmetic expects valid inputs
 * (asserted in debug builds) and clamps its results to 0001-01-01..9999-12-31, so no input can
 * cause overflow. User input (date_parse) is further restricted to
 * DATE_PARSE_YEAR_MIN..DATE_PARSE_YEAR_MAX.
 *
 * Strings: reasons returned through `const char **why` are static Chinese strings, valid for
 * the life of the program. Functions writing into caller buffers take arrays of the sizes
 * defined below and always NUL-terminate.
 */
#ifndef DJ_DATE_H
#define DJ_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define DATE_PARSE_YEAR_MIN 1900
#define DATE_PARSE_YEAR_MAX 2200

/* "2024-03-05" + NUL (11), room to spare. */
#define DATE_ISO_SIZE 16
/* "2024年12月31日" + NUL (18), room to spare. */
#define DATE_CN_SIZE 32

typedef struct {
  int y, m, d;
} Date;

/* True when y-m-d is a real day with 1 <= y <= 9999. */
bool date_valid(int y, int m, int d);
bool date_is_valid(Date d); /* date_valid(d.y, d.m, d.d) */
bool date_is_leap_year(int y);
int date_days_in_month(int y, int m); /* 28-31; 0 when m is not 1-12 */

/* Day number of a valid date (days since 1970-01-01). */
int64_t date_to_days(Date d);
/* The date of a day number, clamped to 0001-01-01..9999-12-31. */
Date date_from_days(int64_t days);

/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int date_weekday(Date d);

/* d plus n days (n may be negative). */
Date date_add_days(Date d, int64_t n);
/* d plus n calendar months (n may be negative); the day is clamped to the length of the
 * target month: 2024-01-31 + 1 month = 2024-02-29, 2024-03-31 - 1 month = 2024-02-29. */
Date date_add_months(Date d, int n);
/* to - from in days (positive when to is later). */
int64_t date_days_between(Date from, Date to);
/* <0, 0, >0 as a is before, equal to, after b. */
int date_compare(Date a, Date b);
bool date_equal(Date a, Date b);

/* Today's date in the process's local time zone. */
Date date_today(void);

/* "2024-03-05" into out; returns out. */
char *date_format_iso(Date d, char out[DATE_ISO_SIZE]);
/* "2024年3月5日" into out; returns out. */
char *date_format_cn(Date d, char out[DATE_CN_SIZE]);
/* The same, appended to a Buf; -1 when the Buf refuses (its cap). */
int date_buf_iso(Buf *b, Date d);
int date_buf_cn(Buf *b, Date d);

/*
 * Parses a date typed or imported by a user from s[0..n) (need not be NUL-terminated).
 * Accepted, after full-width ASCII is folded (２０２４－０３－０５) and Unicode white space
 * trimmed at both ends (see utf8_trim):
 *   2024-03-05  2024-3-5  2024/3/5  2024.3.5   (one separator kind, 4-digit year first)
 *   2024年3月5日  2024年03月05日  2024年3月5号  (spaces allowed around the numbers)
 *   20240305    (exactly 8 digits)
 *   45292  45292.75   (an Excel serial number, see date_from_excel_serial; the fraction is a
 *                      time of day and is ignored)
 * A bare integer 1900-2200 (with or without a fraction) is rejected as "缺少月份和日期":
 * someone typing "2024" means a year, not the serial for 1905-07-16.
 * Years must be DATE_PARSE_YEAR_MIN..DATE_PARSE_YEAR_MAX.
 * Returns 0 and sets *out, or -1 and sets *why (if why is not NULL) to a static Chinese
 * reason such as "月份超出范围", "日期不存在：2月30日", "无法识别的日期格式"; *out is then
 * unchanged.
 */
int date_parse(const char *s, size_t n, Date *out, const char **why);

/* Converts an Excel serial number (1900 date system) to a date: 1 = 1900-01-01,
 * 59 = 1900-02-28, 60 = the fictitious 1900-02-29 of Lotus 1-2-3 (rejected), 61 = 1900-03-01,
 * 45292 = 2024-01-01, 2958465 = 9999-12-31. The fractional part (time of day) is ignored.
 * Returns 0, or -1 for NaN, infinities, serial < 1, >= 2958466 or 60 (*out unchanged).
 * No 1900-2200 year check here; date_parse applies it. */
int date_from_excel_serial(double serial, Date *out);

/* ---- periods ------------------------------------------------------------------------------ */

typedef enum { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_HALF, PERIOD_YEAR } PeriodKind;

typedef struct {
  PeriodKind kind;
  int year;
  int index; /* MONTH 1-12, QUARTER 1-4, HALF 1-2, YEAR 1 */
} Period;

/* Key "2024-03" + NUL, room to spare. */
#define PERIOD_KEY_SIZE 16
/* Label "2024年第一季度" + NUL (20), room to spare. */
#define PERIOD_LABEL_SIZE 32

/* "month" "quarter" "half" "year", and "每月" "每季度" "每半年" "每年"; "" when unknown. */
const char *date_period_kind_code(PeriodKind k);
const char *date_period_kind_every(PeriodKind k);
/* Months in a period of the kind (1, 3, 6, 12); 12 for an unknown kind. */
int date_period_months(PeriodKind k);

/* True when kind is known, year is 1-9999 and index is in range for the kind. */
bool date_period_valid(Period p);
/* The period of the given kind containing date d. */
Period date_period_of(PeriodKind kind, Date d);
Date date_period_first_day(Period p);
Date date_period_last_day(Period p);
bool date_period_contains(Period p, Date d);
/* The following / preceding period of the same kind (2024-12 -> 2025-01, 2024-Q1 -> 2023-Q4). */
Period date_period_next(Period p);
Period date_period_prev(Period p);
/* Ordering by first day, then by kind; <0, 0, >0. */
int date_period_compare(Period a, Period b);
bool date_period_equal(Period a, Period b);

/* Machine key, stable for storage: "2024-03", "2024-Q1", "2024-H1", "2024". Returns out. */
char *date_period_key(Period p, char out[PERIOD_KEY_SIZE]);
/* Display label: "2024年3月", "2024年第一季度", "2024年上半年", "2024年". Returns out. */
char *date_period_label(Period p, char out[PERIOD_LABEL_SIZE]);
int date_period_buf_key(Buf *b, Period p);
int date_period_buf_label(Buf *b, Period p);
/* Parses exactly the key form written by date_period_key (canonical only: "2024-3" and
 * "2024-q1" are rejected; a 4-digit year 0001-9999). Returns 0 and sets *out, or -1. */
int date_period_parse_key(const char *s, size_t n, Period *out);

/* ---- working days ------------------------------------------------------------------------- */

/* The exceptions to "Monday-Friday are working days". */
typedef enum {
  DATE_HOLIDAY = 1, /* a day off, e.g. 法定节假日 on a weekday */
  DATE_WORKDAY = 2, /* a day worked, e.g. 调休上班 on a Saturday or Sunday */
} DayType;

/* One exception, as stored in a table (see holidays_cn.c). name: static, e.g. "春节". */
typedef struct {
  Date date;
  DayType type;
  const char *name;
} DateCalendarEntry;

/* A set of exceptions, sorted by day; one entry per day at most. Not thread-safe to modify;
 * concurrent readers are fine once it is built. */
typedef struct DateCalendar DateCalendar;

/* An empty calendar (plain Monday-Friday); free with date_calendar_free. Aborts on OOM. */
DateCalendar *date_calendar_new(void);
void date_calendar_free(DateCalendar *cal); /* NULL is fine */
/* Records that day is of the given type, replacing an earlier entry for the same day.
 * Returns 0, or -1 when day is invalid or type unknown. */
int date_calendar_add(DateCalendar *cal, Date day, DayType type);
/* Number of entries. */
size_t date_calendar_count(const DateCalendar *cal);

/* The official PRC holiday arrangement (国务院办公厅通知) as a plain table, ordered by date:
 * every day off of each holiday (weekend days included) as DATE_HOLIDAY and each 调休 working
 * weekend day as DATE_WORKDAY. Currently 2024, 2025 and 2026. Sets *n; the table is static. */
const DateCalendarEntry *date_holidays_cn(size_t *n);
/* Adds the whole date_holidays_cn() table to cal. */
void date_calendar_load_cn(DateCalendar *cal);

/* Whether day is worked: Monday-Friday unless marked DATE_HOLIDAY, Saturday/Sunday only when
 * marked DATE_WORKDAY. A NULL calendar means plain Monday-Friday. */
bool date_is_workday(const DateCalendar *cal, Date day);

/* The number of working days d with from < d <= to (from itself is not counted, to is).
 * When to <= from the result is the negation of date_workdays_between(cal, to, from), i.e.
 * -(working days d with to < d <= from); so it is 0 when to == from. Example: from Friday to
 * the next Monday (no holidays) is 1; from Monday back to the previous Friday is -1. */
int64_t date_workdays_between(const DateCalendar *cal, Date from, Date to);

/* For n > 0 the n-th working day after from (from itself never counts, working day or not):
 * "due within 3 working days" is date_add_workdays(cal, from, 3); the result r is the first day
 * with date_workdays_between(cal, from, r) == n. For n < 0 the |n|-th working day before from
 * ("submit 3 working days before the meeting"): the working day r with exactly |n| working days
 * in [r, from). (When from is not a working day this differs from
 * date_workdays_between(cal, from, r), which counts (r, from].) For n == 0, from itself.
 * Results are clamped to 0001-01-01..9999-12-31; the cost is O(log(n) * calendar entries). */
Date date_add_workdays(const DateCalendar *cal, Date from, int n);

#endif
