#include "calendar/calendar.h"

#include <string.h>

#include "base/banned.h"

int calendar_seed_defaults(Db *db) {
  size_t n = 0;
  const DateCalendarEntry *t = date_holidays_cn(&n);
  int added = 0;
  int rc = db_begin(db);
  for (size_t i = 0; rc == DB_OK && i < n; i++) {
    char day[DATE_ISO_SIZE];
    date_format_iso(t[i].date, day);
    if (db_exists(db, "SELECT 1 FROM calendar_day WHERE day = ?", "t", day)) {
      continue;
    }
    rc = db_exec(db, "INSERT INTO calendar_day(day, kind, note) VALUES (?, ?, ?)", "ttt", day,
                 t[i].type == DATE_HOLIDAY ? "holiday" : "workday", t[i].name ? t[i].name : "");
    added += rc == DB_OK;
  }
  if (rc != DB_OK) {
    db_rollback(db);
    return rc;
  }
  rc = db_commit(db);
  return rc == DB_OK ? added : rc;
}

int calendar_load(Db *db, DateCalendar *cal) {
  DbStmt *st = db_prepare(db, "SELECT day, kind FROM calendar_day ORDER BY day");
  if (!st) {
    return DB_ERR;
  }
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    Date d;
    const char *day = db_col_text(st, 0);
    const char *kind = db_col_text(st, 1);
    if (day && kind && date_parse(day, strlen(day), &d, NULL) == 0) {
      date_calendar_add(cal, d, kind[0] == 'h' ? DATE_HOLIDAY : DATE_WORKDAY);
    }
  }
  db_finalize(st);
  return rc == DB_DONE ? DB_OK : rc;
}

DateCalendar *calendar_load_or_empty(Db *db) {
  DateCalendar *cal = date_calendar_new();
  if (calendar_load(db, cal) != DB_OK) {
    date_calendar_free(cal);
    cal = date_calendar_new();
  }
  return cal;
}
