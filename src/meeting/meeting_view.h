/*
 * meeting_view: pieces of view models that the meeting pages share (the record list, detail
 * and forms; the ledgers; the compliance and home pages): the meeting date of a stored
 * held_at, the colour classes of a review state, a requirement's status and a rate, a stored
 * record's attendance as the rules take it, and a record's submission deadline with its view.
 * No SQL, no request.
 */
#ifndef DJ_MEETING_VIEW_H
#define DJ_MEETING_VIEW_H

#include <jansson.h>
#include <stdbool.h>

#include "base/date.h"
#include "meeting/meeting.h"
#include "meeting/meeting_store.h"

/* The meeting date of a held_at 'YYYY-MM-DD…' into *d; false when held_at is NULL or does
 * not start with a date. */
bool meeting_view_held_date(const char *held_at, Date *d);

/* Status colour of a state: "ok" (accepted), "warn" (draft, submitted), "bad" (returned). */
const char *meeting_view_state_class(MeetingState s);

/* Status colour of a requirement's status: "ok" (done), "open" (running), "warn" (due soon),
 * "bad" (missing); "na" out of range. */
const char *meeting_view_status_class(MeetingStatus s);

/* Status colour of a rate met/due: "ok" at 90 % or more, "warn" at 60 %, "bad" below; "na"
 * when nothing is due. */
const char *meeting_view_rate_class(int due, double rate);

/* Deadline status of a stored record m (held_at, submitted_at as meeting_get or meeting_list
 * give them): due submit.workdays working days after the meeting, done on the local date of
 * its first submission. *dl is zeroed when held_at is unreadable. */
void meeting_view_deadline(const MeetingRuleSet *rs, const DateCalendar *cal, const json_t *m,
                           Date today, MeetingDeadline *dl);

/* The stored attendance of a record (meeting_get's attendees array) as the rules take it, one
 * MeetingAttendeeIn per row in order, its strings borrowed from attendees. calloc'd (room for
 * one at least); the caller frees the array. */
MeetingAttendeeIn *meeting_view_attendance(const json_t *attendees);

/* The deadline as the templates show it: {due, status, label, class, days_late,
 * workdays_late, late}. New reference. */
json_t *meeting_view_deadline_json(const MeetingDeadline *dl);

#endif
