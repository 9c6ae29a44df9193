/*
 * meeting_form: the phone entry form of a meeting record (三会一课), shared by the record pages
 * (meeting_pages.c): the attendance roster, the form's values (posted, or from a stored
 * record), rendering it (templates/meeting_form.mustache) and reading a post into a
 * MeetingInput with a field error for every bad value. No SQL here (the roster comes from
 * member.h, in the request's scope); no writes.
 *
 * Attendance is taken by exception from the roster the system already has (member_list):
 * everyone is present unless ticked absent with a reason; a 支部委员会 meeting's roster is the
 * current committee (member_positions). Roster rows are form slots a1..a60 (the checkbox's
 * value is the person id, so a roster that changed between the form and the post cannot mark
 * the wrong person); a branch has at most 50 members (支部工作条例). Speeches are rows
 * sp/sg/st 1..MEETING_MAX_SPEECHES: a speaker present at the meeting, or a 列席 name, and the
 * text; the first two (or every filled one and one more) are shown, the rest under 更多发言.
 */
#ifndef DJ_MEETING_FORM_H
#define DJ_MEETING_FORM_H

#include <jansson.h>
#include <stdint.h>

#include "base/date.h"
#include "meeting/meeting_store.h"
#include "web/web.h"

enum { MEETING_ROSTER_MAX = 60 };

/* What the form is for: a new record, a draft or a record sent back to refill, an amendment
 * of an accepted record (kind and date locked, a reason asked for, no draft), or the record of
 * a meeting held again (kind locked). */
typedef enum MeetingFormMode {
  MEETING_FORM_NEW,
  MEETING_FORM_EDIT,
  MEETING_FORM_AMEND,
  MEETING_FORM_REHOLD
} MeetingFormMode;

/* The attendance roster of org for a kind: the org's members (member_list of its subtree;
 * name order), or for a 支部委员会 meeting the members holding a current committee position
 * on today. New reference: [{person_id, name, status, can_vote, full}], at most
 * MEETING_ROSTER_MAX. */
json_t *meeting_form_roster(Req *r, int64_t org_id, const char *kind, Date today);
/* The roster of a stored record (meeting_get): the members listed then, with their voting
 * status then (an amendment corrects the record of that meeting, not today's roster). New
 * reference, the same shape. */
json_t *meeting_form_roster_of(const json_t *m);

/* The posted values: {form {…}, absent {pid: {reason, exclusion, slot}}, decisions [{n, text,
 * yes, no, abstain}], speeches [{n, speaker, guest, text}]}. New reference. */
json_t *meeting_form_posted(Req *r);
/* The same shape from a stored record (meeting_get). New reference. */
json_t *meeting_form_stored(const json_t *m);

/* Renders the form in mode with status: for org (MEETING_FORM_NEW) or for meeting (the record
 * edited or amended, or the record held again; org NULL). values: the shape of
 * meeting_form_posted; roster: the attendance roster. Steals values; borrows the rest. */
int meeting_form_render(Req *r, int status, MeetingFormMode mode, const json_t *org,
                        const json_t *meeting, json_t *values, const json_t *roster);

/* What a posted form holds, checked against the roster (field errors via req_error). in
 * points into the struct and into the request's parameters: valid while both are. */
typedef struct MeetingPosted {
  char held_at[20];
  char due[DATE_ISO_SIZE];
  MeetingAttendeeIn att[MEETING_ROSTER_MAX];
  size_t n_att;
  MeetingDecisionIn dec[MEETING_MAX_DECISIONS];
  size_t n_dec;
  MeetingSpeechIn sp[MEETING_MAX_SPEECHES];
  size_t n_sp;
  MeetingInput in;
} MeetingPosted;

/* Reads the posted record of org_id into p (zeroed first), checking it against the roster and
 * today (no meeting in the future); every problem is a field error naming the field (and the
 * row) in Chinese, left on the request (req_has_errors). */
void meeting_form_read(Req *r, int64_t org_id, const json_t *roster, MeetingPosted *p, Date today);

#endif
