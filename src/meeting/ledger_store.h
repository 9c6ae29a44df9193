/*
 * ledger_store: the SQL behind the 台账 views of meeting records (ledger_pages.c): the
 * 会议记录台账 of an org subtree (every record held in a period, with its attendance and
 * decisions) and the per-branch figures of the 三会一课 summary (one GROUP BY query).
 * Nothing here writes: a ledger is a view of the records, never a second form.
 *
 * Every function takes the caller's Scope: an org outside it is DB_NOTFOUND (or an empty
 * result), exactly like one that does not exist. Dates are 'YYYY-MM-DD', ranges half-open
 * [from, to) on meeting.held_at.
 */
#ifndef DJ_LEDGER_STORE_H
#define DJ_LEDGER_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "web/scope.h"

/*
 * The records of org_id's subtree held in [from, to), in date order (held_at, then id), every
 * state included (the ledger shows the state). When there are at most max of them, *out is
 * a new array of
 *   {id, org_id, org_name, org_short_name, kind, held_at, place, host_name, recorder_name,
 *    recorder_person_id, topics, state, due_date, submitted_at, entered_at, review_remark,
 *    attendees: [{person_id, name, presence, reason, exclusion, full_member, can_vote}]
 *               (by name),
 *    decisions: [{seq, text, yes, no, abstain, passed, quorum_ok}] (yes null: not voted)}
 * and *total their number; when there are more, *out is an empty array and *total the count
 * (the caller says the range is too large). Three queries in all, whatever the size.
 * DB_OK; DB_NOTFOUND (org not in scope; *out NULL); or a database error (*out NULL).
 */
int ledger_meetings(Db *db, const Scope *scope, int64_t org_id, const char *from, const char *to,
                    size_t max, json_t **out, size_t *total);

/* The ranges of one summary. */
typedef struct LedgerSummaryRange {
  const char *held_from, *held_to; /* meetings read for the rules: the whole year of the period */
  const char *from, *to;           /* the period itself: records, late and returned counts */
  const char *today;               /* overdue drafts are those due before today */
  int utc_offset_minutes;          /* local time of submission (entry.utc_offset_minutes) */
} LedgerSummaryRange;

/*
 * The branches (village, community, agency, enterprise, joint branches and 党总支; not
 * dissolved) of org_id's subtree (org_id included; it must be in scope, else an empty array),
 * by path, each with the figures of its own meetings and its 党小组's. One statement, grouped
 * by branch:
 *   {id, name, short_name, kind, path, town_id, town_name (null when not under a town),
 *    has_committee (≥ 3 current 支部委员会/党委 members on today), has_groups, tags,
 *    held ("kind YYYY-MM-DD,…": held in [held_from, held_to) in a state that counts as held —
 *          submitted, accepted, returned_refill — or null),
 *    n_records (records held in [from, to), any state),
 *    n_late (of them: first submitted after the local due day, or never submitted and due
 *            before today),
 *    n_returned (of them: sent back by the town — now 退回重填 / 退回重开 / 已关闭, or with a
 *                return in the audit log)}
 * NULL on a database error.
 */
json_t *ledger_summary_branches(Db *db, const Scope *scope, int64_t org_id,
                                const LedgerSummaryRange *range);

#endif
