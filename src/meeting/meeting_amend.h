/*
 * meeting_amend: amendments (修正) of accepted meeting records (schema
 * 010_meeting_amendment.sql). An accepted record is read-only; the branch corrects it only
 * through an amendment that records who, when, why (required) and what changed, field by field.
 * The record stays accepted: the town accepted that the meeting was held as recorded, and the
 * facts the compliance count and the deadline checks rest on — kind, meeting day, entry time,
 * first submission, due date, review — cannot be amended (meeting_amend_content). The reviewer
 * sees every amendment on the record's page and in the audit log.
 *
 * meeting_amend_diff (meeting_amend.c) is pure: no SQL, no I/O. The store functions
 * (meeting_amend_store.c) take the caller's Scope like meeting_store.h and run in the caller's
 * transaction.
 */
#ifndef DJ_MEETING_AMEND_H
#define DJ_MEETING_AMEND_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"
#include "meeting/meeting_store.h"
#include "web/scope.h"

/* The longest reason accepted (characters are counted by the page; this caps bytes). */
#define MEETING_AMEND_REASON_MAX 4000

/*
 * What changed between two versions of one record (meeting_get objects): a new array of
 * {field, label, old_value, new_value} in the order of the record's fields, values as the
 * record shows them (strings, or null when empty). Fields: held_at 召开时间, place 会议地点,
 * host_name 主持人, recorder_name 记录人, lecturer 讲课人, lecture_title 党课题目,
 * study_title 学习内容, study_source 学习材料出处, topics 议题, attendance 出席情况 (the
 * absentees with their reasons, or 全部到会), guests 列席人员, minutes 发言要点,
 * speeches 分人发言 ("姓名：发言" lines), decision.N 决议N ("text（赞成 a，反对 b，弃权 c）" or
 * "text（未表决）"). Empty when nothing differs. Borrows both arguments.
 */
json_t *meeting_amend_diff(const json_t *before, const json_t *after);

/*
 * Amends accepted meeting id (in scope) by role with in (meeting_amend_content: same kind and
 * meeting day) and records the amendment: account_id (0: none), now, reason (required, not
 * blank), and the diff of the record before and after. All in the caller's transaction, which
 * the caller rolls back on any failure. Returns DB_OK with *amendment_id; DB_NOTFOUND out of
 * scope; DB_CONSTRAINT with a Chinese *why when the reason is blank, the rules refuse, the kind
 * or day differ, or nothing changed; another error otherwise. *changes (may be NULL) gets the
 * diff (new reference; NULL unless DB_OK).
 */
int meeting_amend(Db *db, const Scope *scope, int64_t id, const MeetingInput *in,
                  const char *reason, MeetingRole role, int64_t account_id, int64_t now,
                  int64_t *amendment_id, json_t **changes, const char **why);

/* The amendments of meeting id (in scope), oldest first: [{id, amended_at, amended_by,
 * amended_login, amended_name, reason, changes [{seq, field, label, old_value, new_value}]}].
 * An empty array when there are none or the meeting is out of scope; NULL on a database
 * error. */
json_t *meeting_amendments(Db *db, const Scope *scope, int64_t id);

#endif
