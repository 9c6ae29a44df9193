/*
 * meeting_view.c: the view-model pieces shared by the meeting pages (see meeting_view.h).
 */
#include "meeting/meeting_view.h"

#include <stdlib.h>
#include <string.h>

#include "web/view.h"
#include "base/banned.h"

bool meeting_view_held_date(const char *held_at, Date *d) {
  const char *why = NULL;
  return held_at && strlen(held_at) >= 10 && date_parse(held_at, 10, d, &why) == 0;
}

const char *meeting_view_state_class(MeetingState s) {
  switch (s) {
  case MEETING_STATE_ACCEPTED:
    return "ok";
  case MEETING_STATE_RETURNED_REFILL:
  case MEETING_STATE_RETURNED_REHOLD:
    return "bad";
  default:
    return "warn";
  }
}

const char *meeting_view_status_class(MeetingStatus s) {
  switch (s) {
  case MEETING_STATUS_OK:
    return "ok";
  case MEETING_STATUS_RUNNING:
    return "open";
  case MEETING_STATUS_DUE_SOON:
    return "warn";
  case MEETING_STATUS_MISSING:
    return "bad";
  }
  return "na";
}

const char *meeting_view_rate_class(int due, double rate) {
  return due == 0 ? "na" : rate >= 0.9 ? "ok" : rate >= 0.6 ? "warn" : "bad";
}

void meeting_view_deadline(const MeetingRuleSet *rs, const DateCalendar *cal, const json_t *m,
                           Date today, MeetingDeadline *dl) {
  Date held;
  memset(dl, 0, sizeof *dl);
  if (!meeting_view_held_date(view_str(m, "held_at"), &held)) {
    return;
  }
  json_t *sub = json_object_get(m, "submitted_at");
  Date done;
  bool has_done = json_is_integer(sub);
  if (has_done) {
    done = meeting_entry_date(rs, json_integer_value(sub));
  }
  meeting_submit_deadline(rs, cal, held, has_done ? &done : NULL, today, dl);
}

MeetingAttendeeIn *meeting_view_attendance(const json_t *attendees) {
  size_t n = json_array_size(attendees);
  MeetingAttendeeIn *a = calloc(n ? n : 1, sizeof *a);
  if (!a) {
    abort();
  }
  size_t i;
  json_t *x;
  json_array_foreach(attendees, i, x) {
    a[i].person_id = view_int(x, "person_id");
    a[i].presence = view_str(x, "presence");
    a[i].reason = view_str(x, "reason");
    a[i].exclusion = view_str(x, "exclusion");
    a[i].full_member = view_flag(x, "full_member");
    a[i].can_vote = view_flag(x, "can_vote");
  }
  return a;
}

static const char *deadline_class(MeetingDeadlineStatus s) {
  return s == MEETING_DEADLINE_ON_TIME ? "ok" : s == MEETING_DEADLINE_PENDING ? "warn" : "bad";
}

json_t *meeting_view_deadline_json(const MeetingDeadline *dl) {
  char due[DATE_ISO_SIZE];
  json_t *v =
      json_pack("{s:s, s:s, s:s, s:s, s:i, s:i}", "due", date_format_iso(dl->due, due), "status",
                dl->status == MEETING_DEADLINE_PENDING   ? "pending"
                : dl->status == MEETING_DEADLINE_ON_TIME ? "on_time"
                : dl->status == MEETING_DEADLINE_LATE    ? "late"
                                                         : "overdue",
                "label", meeting_deadline_label(dl->status), "class", deadline_class(dl->status),
                "days_late", dl->days_late, "workdays_late", dl->workdays_late);
  json_object_set_new(
      v, "late",
      json_boolean(dl->status == MEETING_DEADLINE_LATE || dl->status == MEETING_DEADLINE_OVERDUE));
  return v;
}
