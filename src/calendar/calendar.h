/*
 * calendar: the working-day calendar as data in the database (table calendar_day), seeded
 * from the State Council holiday notices shipped in src/base/holidays_cn.c and maintained
 * by the administrator. Deadlines counted in working days load it into a DateCalendar.
 */
#ifndef DJ_CALENDAR_H
#define DJ_CALENDAR_H

#include "base/date.h"
#include "db/db.h"

/* Inserts the shipped holiday/调休 days the table does not have yet; returns how many were
 * added, or a negative DbError. Idempotent. */
int calendar_seed_defaults(Db *db);
/* Loads every calendar_day row into cal (created by the caller). DB_OK or an error. */
int calendar_load(Db *db, DateCalendar *cal);
/* A new calendar with every calendar_day row; a plain Monday-Friday one (date_calendar_new)
 * when the table cannot be read. Free with date_calendar_free. */
DateCalendar *calendar_load_or_empty(Db *db);

#endif
