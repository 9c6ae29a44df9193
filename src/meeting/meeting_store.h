/*
 * meeting_store: the SQL of meeting records (三会一课; schema 007_meeting.sql), and only here.
 *
 * Every function takes the caller's Scope and limits its SQL to it: a meeting whose org lies
 * outside the scope is "not found" (DB_NOTFOUND / NULL), exactly like one that does not exist.
 * Writes never begin a transaction: the caller runs them inside its own, with its audit row.
 * State changes go through meeting_transition (meeting.h): the store refuses what the rules
 * refuse. Decisions' `passed` and `quorum_ok` are computed here when saved (meeting_tally_counts
 * on the attendance), never taken from the caller.
 */
#ifndef DJ_MEETING_STORE_H
#define DJ_MEETING_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "meeting/meeting.h"
#include "web/scope.h"

#define MEETING_MAX_DECISIONS 5

/* One person of the attendance (strings borrowed for the call). */
typedef struct MeetingAttendeeIn {
  int64_t person_id;
  const char *presence;  /* "present", "absent" or "attending" (列席: not counted) */
  const char *reason;    /* 缺席原因 (absent), or NULL */
  const char *exclusion; /* NULL, or a 应到会 exclusion code (meeting_exclusion_code) */
  bool full_member;      /* 正式党员 at the meeting */
  bool can_vote;         /* 表决权 at the meeting (正式党员 in 正常 standing) */
} MeetingAttendeeIn;

/* One decision (决议). voted false: not put to a vote (counts ignored). */
typedef struct MeetingDecisionIn {
  const char *text;
  bool voted;
  int yes, no, abstain;
} MeetingDecisionIn;

/* A record as entered; strings borrowed, NULL or "" stored as NULL. */
typedef struct MeetingInput {
  int64_t org_id;
  const char *kind;    /* a meeting kind code */
  const char *held_at; /* 'YYYY-MM-DD HH:MM' */
  const char *place;
  int64_t host_person_id, recorder_person_id; /* 0: not given */
  const char *lecturer, *lecture_title, *study_title, *study_source;
  const char *topics, *minutes, *guests;
  const char *due_date; /* 'YYYY-MM-DD': when the record is due (meeting_submit_deadline) */
  const MeetingAttendeeIn *attendees;
  size_t n_attendees;
  const MeetingDecisionIn *decisions;
  size_t n_decisions; /* ≤ MEETING_MAX_DECISIONS */
} MeetingInput;

/* ---- pure helpers (no SQL) ---- */

/* The exclusion code ("incapable", "abroad", "sentence", "bedridden", "untransferred") of e,
 * NULL for MEETING_EXCLUDE_NONE or out of range; and back (NONE for NULL, "" or unknown). */
const char *meeting_exclusion_code(MeetingExclusion e);
MeetingExclusion meeting_exclusion_parse(const char *code);
/* The body whose arithmetic applies to a kind: 支部委员会 → MEETING_BODY_COMMITTEE, any other
 * kind → MEETING_BODY_CONGRESS (应到 = the voting members listed). */
MeetingBody meeting_body_of(const char *kind);
/* The attendance tally (应到, 实到, quorum, its explanation) of the attendees; 'attending'
 * persons are not counted. */
void meeting_attendance_tally(const char *kind, const MeetingAttendeeIn *a, size_t n,
                              MeetingTally *out);
/* One decision's tally on top of the attendance (meeting_tally_counts with att's 应到/实到).
 * A decision not voted on gives passed false with explain "未表决". */
void meeting_decision_tally(const char *kind, const MeetingTally *att, const MeetingDecisionIn *d,
                            MeetingTally *out);

/* ---- store ---- */

/* Creates a draft for in->org_id (in scope) entered by account_id at now. DB_OK with *id;
 * DB_NOTFOUND when the org is outside the scope. Caller's transaction. */
int meeting_create(Db *db, const Scope *scope, const MeetingInput *in, int64_t account_id,
                   int64_t now, int64_t *id);
/* Replaces the content (fields, attendance, decisions) of meeting id (in scope; its org stays).
 * Only while the rules allow MEETING_ACTION_SAVE from its state (draft, returned_refill):
 * otherwise DB_CONSTRAINT with the Chinese reason in *why. DB_NOTFOUND when out of scope. */
int meeting_update(Db *db, const Scope *scope, int64_t id, const MeetingInput *in, int64_t now,
                   const char **why);
/* Applies action by role to meeting id (in scope) through meeting_transition. Submitting
 * records the first submission time; review actions record account_id, now and remark.
 * DB_OK; DB_NOTFOUND; DB_CONSTRAINT with *why when the rules refuse. *to (may be NULL) gets
 * the new state. Caller's transaction. */
int meeting_apply(Db *db, const Scope *scope, int64_t id, MeetingAction action, MeetingRole role,
                  int64_t account_id, const char *remark, int64_t now, MeetingState *to,
                  const char **why);

/* Meetings of org_id's subtree (0: the whole scope) held in [from, to] ('YYYY-MM-DD', either
 * NULL: open), newest first, at most limit (≤ 500): [{id, org_id, org_name, kind, held_at,
 * place, state, due_date, submitted_at, entered_at, n_present, n_absent, n_decisions,
 * n_failed}]. NULL on a database error; an org outside the scope lists nothing. */
json_t *meeting_list(Db *db, const Scope *scope, int64_t org_id, const char *from, const char *to,
                     int limit);
/* One meeting in scope with its columns plus org_name, org_path, org_kind, host_name,
 * recorder_name, entered_login, reviewed_login, attendees [{person_id, name, presence, reason,
 * exclusion, full_member, can_vote}] ordered by name, and
 * decisions [{id, seq, text, yes, no, abstain, passed, quorum_ok}] (yes NULL: not voted); or
 * NULL. */
json_t *meeting_get(Db *db, const Scope *scope, int64_t id);

#endif
