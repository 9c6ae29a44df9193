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
#define MEETING_MAX_SPEECHES 12

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

/* One speech (发言): a speaker from the attendance (person_id), or a free name (列席, name;
 * person_id 0), and what they said. */
typedef struct MeetingSpeechIn {
  int64_t person_id; /* 0: name given instead */
  const char *name;  /* used when person_id is 0 */
  const char *text;
} MeetingSpeechIn;

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
  size_t n_decisions;              /* ≤ MEETING_MAX_DECISIONS */
  const MeetingSpeechIn *speeches; /* meeting_speech, in this order; minutes stays the summary */
  size_t n_speeches;               /* ≤ MEETING_MAX_SPEECHES */
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
/* Replaces the content (fields, attendance, decisions, speeches) of meeting id (in scope; its
 * org stays).
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

/* Replaces the content of the accepted meeting id (in scope) as its amendment by role: only
 * while the rules allow MEETING_ACTION_AMEND (else DB_CONSTRAINT with *why). The kind and the
 * meeting date (the day of held_at), which the compliance count rests on, and due_date, entry,
 * first submission and review stay as they are: a different kind or day is DB_CONSTRAINT with
 * *why; the time of day may change. Records nothing about the amendment: meeting_amend
 * (meeting_amend.h) calls this and keeps the diff. DB_NOTFOUND out of scope. Caller's
 * transaction. */
int meeting_amend_content(Db *db, const Scope *scope, int64_t id, const MeetingInput *in,
                          MeetingRole role, int64_t now, const char **why);
/* Holds meeting old_id (in scope, returned to be held again) again: creates the draft in (as
 * meeting_create; in->org_id and in->kind must be the old record's, else DB_CONSTRAINT) with
 * rehold_of = old_id, and closes the old record (MEETING_ACTION_REHOLD by role: it is
 * superseded at once, so it can be held again only once). DB_OK with *new_id; DB_NOTFOUND;
 * DB_CONSTRAINT with *why when the rules refuse. Caller's transaction. */
int meeting_rehold(Db *db, const Scope *scope, int64_t old_id, const MeetingInput *in,
                   MeetingRole role, int64_t account_id, int64_t now, int64_t *new_id,
                   const char **why);

/* The path ranges a query over org_id's subtree (0: the whole scope) reads: with org_id, the
 * one range [*own, *own_hi) of its subtree (both malloc'd; 0 ranges when it is out of scope);
 * without, the scope's own ranges (scope->n, *own NULL). The caller frees *own and *own_hi. */
size_t meeting_scope_ranges(Db *db, const Scope *scope, int64_t org_id, char **own,
                            char **own_hi);

/* Meetings of org_id's subtree (0: the whole scope) held in [from, to] ('YYYY-MM-DD', either
 * NULL: open), newest first, at most limit (≤ 500): [{id, org_id, org_name, kind, held_at,
 * place, state, due_date, submitted_at, entered_at, n_present, n_absent, n_decisions,
 * n_failed}]. NULL on a database error; an org outside the scope lists nothing. */
json_t *meeting_list(Db *db, const Scope *scope, int64_t org_id, const char *from, const char *to,
                     int limit);

/* The position of a record in the list order (held_at DESC, id DESC): a page's last row. */
typedef struct MeetingCursor {
  char held_at[20]; /* 'YYYY-MM-DD HH:MM' */
  int64_t id;
} MeetingCursor;

/* The page size of the record list (/meetings). */
#define MEETING_LIST_PAGE 50

/* meeting_list's rows after *after (NULL: from the newest) in its order: keyset paging, so a
 * deep page costs what the first one does. limit 1..500 (else 500). A subtree with many orgs is
 * read newest first along meeting_held, a small one from its own orgs' records (meeting_org);
 * several scope ranges (org_id 0 for a contact cadre) are merged into the one order. */
json_t *meeting_list_after(Db *db, const Scope *scope, int64_t org_id, const char *from,
                           const char *to, const MeetingCursor *after, int limit);
/* How many records meeting_list_after lists over all its pages. *exact false: an estimate
 * (a subtree that is wide, as above, would cost a count of all its records: its share of the
 * orgs times the records of the period, or without a period the largest record id). -1 on a
 * database error. */
int64_t meeting_list_count(Db *db, const Scope *scope, int64_t org_id, const char *from,
                           const char *to, bool *exact);
/* One meeting in scope with its columns plus org_name, org_path, org_kind, host_name,
 * recorder_name, entered_login, reviewed_login, attendees [{person_id, name, presence, reason,
 * exclusion, full_member, can_vote}] ordered by name,
 * decisions [{id, seq, text, yes, no, abstain, passed, quorum_ok}] (yes NULL: not voted),
 * speeches [{id, person_id (null for a free name), name, guest (1: a free name), text}] in
 * entry order, rehold_of_held_at (the record it was held again for, or null) and reheld_by
 * (the id of the record that holds it again, or null); or NULL. */
json_t *meeting_get(Db *db, const Scope *scope, int64_t id);

/* ---- compliance ---- */

/* SQL fragments of the queries over the branches of a subtree (org o), for pasting into the
 * literal statements of the meeting stores. The town of a branch (town_id, town_name; NULL
 * for a branch directly under the district) is the nearest town at or before its path (index
 * org_kind) when that town is an ancestor: any other town path between them would lie inside
 * that town's subtree. A branch is a 党支部 of any kind or a 党总支 (meeting_org_is_branch). */
#define MEETING_SQL_TOWN_COLUMNS                                                                   \
  "CASE WHEN substr(o.path, 1, length(t.path)) = t.path THEN t.id END AS town_id, "                \
  "CASE WHEN substr(o.path, 1, length(t.path)) = t.path THEN t.short_name END AS town_name, "
#define MEETING_SQL_TOWN_JOIN                                                                      \
  "LEFT JOIN org t ON t.id = (SELECT t2.id FROM org t2 WHERE t2.kind = 'town' "                    \
  " AND t2.path <= o.path ORDER BY t2.path DESC LIMIT 1) "
#define MEETING_SQL_BRANCH_KINDS                                                                   \
  "('village', 'community', 'agency', 'enterprise', 'joint', 'general')"

/* The branches (village, community, agency, enterprise, joint branches and 党总支; not
 * dissolved) of org_id's subtree (org_id itself included; it must be in scope, else an empty
 * array), ordered by path, with the meetings each held in [from, to) ('YYYY-MM-DD'): its own
 * and its 党小组's, in the states that count as held (submitted, accepted, returned_refill).
 * One query: [{id, name, short_name, kind, path, town_id, town_name (null when not under a
 * town), has_committee (≥ 3 current 支部委员会/党委 members on today 'YYYY-MM-DD'), has_groups,
 * tags ("roadside remote …" or null), held ("kind YYYY-MM-DD,kind YYYY-MM-DD…" or null)}].
 * NULL on a database error. */
json_t *meeting_compliance_branches(Db *db, const Scope *scope, int64_t org_id, const char *from,
                                    const char *to, const char *today);

/* The compliance pages' data in two queries however large the subtree: the branches of
 * meeting_compliance_branches (the same rows, without "held") and the meetings that count,
 * read in one pass over the subtree's (org_id, held_at, kind, state) index. */
typedef struct MeetingComplianceSet {
  json_t *branches;  /* [{id, name, short_name, kind, path, town_id, town_name, has_committee,
                      * has_groups, tags}] ordered by path (owned) */
  size_t n;          /* json_array_size(branches) */
  MeetingHeld *held; /* the counted meetings, grouped by branch, then by kind (owned) */
  size_t *first;     /* n * MEETING_KIND_COUNT + 1 offsets: branch i's meetings of kind k are
                      * held[first[i * MEETING_KIND_COUNT + k] .. first[i * MEETING_KIND_COUNT
                      * + k + 1]) (owned) */
} MeetingComplianceSet;

/* Fills *out as above for org_id's subtree (org_id in scope, else no branches) and meetings
 * held in [from, to) ('YYYY-MM-DD'): a branch's own and its 党小组's, in the states that count
 * (submitted, accepted, returned_refill), dated exactly as meeting_compliance_branches' "held"
 * would give them. DB_OK, or an error (*out then empty). Free with meeting_compliance_set_free. */
int meeting_compliance_scan(Db *db, const Scope *scope, int64_t org_id, const char *from,
                            const char *to, const char *today, MeetingComplianceSet *out);
void meeting_compliance_set_free(MeetingComplianceSet *s); /* zeroes *s; a zeroed one is fine */

/* ---- demo and check ---- */
/*
 * Unscoped helpers for the demo generator (src/demo/demo_meetings.c) and for meeting_check
 * (meeting_check.c). They read or write org data without a Scope: the demo runs before any
 * account exists, and meeting_check restricts every call to a path range [lo, hi) it has
 * taken from the caller's Scope. Never call them from a page with a user's input directly.
 */

/* A branch has a 支委会 when it has at least this many current 支部委员会 positions. */
#define MEETING_COMMITTEE_MIN 3

/* Inserts a whole record as the demo made it: state (a state code), entry, first submission
 * and review times (0: NULL), attendees and decisions (decision flags computed as in
 * meeting_create). DB_OK with *id, or an error. Caller's transaction. */
int meeting_demo_insert(Db *db, const MeetingInput *in, const char *state, int64_t entered_at,
                        int64_t submitted_at, int64_t reviewed_at, int64_t *id);
/* Every org of kind village, community, agency, enterprise, joint or group, by id:
 * [{id, parent_id, code, kind, remote (0/1: tagged 偏远)}]. NULL on error. */
json_t *meeting_demo_orgs(Db *db);
/* The members of org_id by person id: [{person_id, name, full (0/1), can_vote (0/1),
 * title (current 支部委员会 title or null)}]. NULL on error. */
json_t *meeting_demo_roster(Db *db, int64_t org_id);

/* An org for the checks (borrowed strings are copied). */
typedef struct MeetingCheckOrg {
  int64_t id, parent_id;
  char code[48];
  char kind[24];
  char path[96];      /* materialised path (longer ones are cut: compare with care) */
  bool has_committee; /* ≥ MEETING_COMMITTEE_MIN current 支部委员会 positions */
  bool has_groups;    /* has a 党小组 below it (not dissolved) */
} MeetingCheckOrg;

/* The orgs with path in [lo, hi), by path. *out malloc'd (caller frees), *n its length.
 * DB_OK or an error. */
int meeting_check_orgs(Db *db, const char *lo, const char *hi, MeetingCheckOrg **out, size_t *n);

/* One record as the checks see it. */
typedef struct MeetingCheckRow {
  int64_t id, org_id;
  MeetingKindId kind;
  Date held;
  int64_t entered_at, submitted_at; /* submitted_at 0: never submitted */
  int state;                        /* MeetingState */
  int n_decisions, n_failed;        /* failed: voted and not passed */
  int due, present;                 /* 应到 / 实到 of the attendance (voting, not excluded) */
  int n_speakers;                   /* meeting_speech rows + minutes lines "姓名：…" */
  bool has_study;                   /* a study title is given */
  int64_t recorder_id;              /* 0: none */
  bool recorder_absent;             /* the recorder is listed as absent */
} MeetingCheckRow;

/* Records of orgs with path in [lo, hi) held in [from, to) ('YYYY-MM-DD') or entered in
 * [entered_from, entered_to) (Unix seconds), ordered by org, held_at, id. *out malloc'd
 * (caller frees). DB_OK or an error. */
int meeting_check_rows(Db *db, const char *lo, const char *hi, const char *from, const char *to,
                       int64_t entered_from, int64_t entered_to, MeetingCheckRow **out, size_t *n);
/* The path of the org with that code ('/1/4/', malloc'd), or NULL. */
char *meeting_check_org_path(Db *db, const char *code);

#endif
