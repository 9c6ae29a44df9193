/*
 * plan_store: the SQL of the quarterly meeting plans (三会一课 季度计划; schema
 * 009_meeting_plan.sql), and only here.
 *
 * Every function taking a Scope limits its SQL to it: a plan or org outside the scope is "not
 * found" (DB_NOTFOUND / NULL), exactly like one that does not exist. Writes never begin a
 * transaction: the caller runs them inside its own, with its audit row. Quarters are stored as
 * date_period_key ('2025-Q3'). The meetings that count as held for a plan are the records of
 * the branch and of its 党小组 in any state but closed and returned_rehold (meeting_check.h).
 */
#ifndef DJ_PLAN_STORE_H
#define DJ_PLAN_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "db/db.h"
#include "meeting/meeting.h"
#include "meeting/plan_rules.h"
#include "web/scope.h"

/* One planned item as entered (strings borrowed; NULL or "" stored as NULL). */
typedef struct PlanItemIn {
  const char *kind;       /* a meeting kind code */
  const char *planned_on; /* 'YYYY-MM-DD' */
  const char *topic;      /* 议题 / 党课题目, or NULL */
  const char *lecturer;   /* 党课 讲课人, or NULL */
} PlanItemIn;

/* An org in scope with what planning needs: {id, name, short_name, kind, path, dissolved,
 * has_committee (≥ MEETING_COMMITTEE_MIN current 支部委员会/党委 members on today
 * 'YYYY-MM-DD'), has_groups, secretary (the current 书记's name, or null)}; NULL when out of
 * scope or missing. */
json_t *plan_org(Db *db, const Scope *scope, int64_t org_id, const char *today);

/* The plan of org_id (in scope) for quarter ('YYYY-Qn'): {id, org_id, quarter, state,
 * filed_at, filed_login, filed_name, amended_at, amended_login, amended_name, n_amendments,
 * created_at, updated_at, items [{id, seq, kind, planned_on, topic, lecturer}] by seq}; NULL
 * when there is none (or the org is out of scope, or a database error). */
json_t *plan_get(Db *db, const Scope *scope, int64_t org_id, const char *quarter);

/* The meetings held by org_id (in scope) and its 党小组 in [from, to) ('YYYY-MM-DD') that
 * count as held: [{id, org_id, org_name, kind, held_at, state}] by held_at, id. An org out of
 * scope lists nothing; NULL on a database error. */
json_t *plan_held(Db *db, const Scope *scope, int64_t org_id, const char *from, const char *to);

/*
 * Saves the plan of org_id (in scope) for quarter with items[0..n) (n ≤ PLAN_MAX_ITEMS),
 * replacing the items of an existing plan. state: "draft" or "filed". Filing a draft (or a new
 * plan) records filed_at = now and filed_by = account_id (0: NULL); re-filing a filed plan is
 * an amendment (amended_at, amended_by, n_amendments + 1; filed_at is kept). A filed plan
 * cannot be saved as a draft again: DB_CONSTRAINT with a Chinese reason in *why.
 * DB_OK with *id and *amended (true for an amendment); DB_NOTFOUND when the org is out of
 * scope. Caller's transaction.
 */
int plan_save(Db *db, const Scope *scope, int64_t org_id, const char *quarter, const char *state,
              const PlanItemIn *items, size_t n, int64_t account_id, int64_t now, int64_t *id,
              bool *amended, const char **why);

/*
 * The roll-up of org_id's subtree (org_id in scope, else an empty array) for quarter
 * ('YYYY-Qn', held meetings in [from, to)): every branch (village, community, agency,
 * enterprise, joint, general; not dissolved), by path, in one query:
 * [{id, name, short_name, kind, path, town_id, town_name (null when not under a town),
 * plan_id, state, filed_at, amended_at, n_amendments (null without a plan),
 * items ("kind YYYY-MM-DD,…" or null), held (the same for the meetings held, or null)}].
 * NULL on a database error.
 */
json_t *plan_rollup(Db *db, const Scope *scope, int64_t org_id, const char *quarter,
                    const char *from, const char *to);

/* Parses a "kind YYYY-MM-DD,…" column of plan_rollup into a malloc'd array (caller frees;
 * unknown kinds and bad dates are skipped). Returns the count; *out NULL when 0. */
size_t plan_entries_parse(const char *s, PlanEntry **out);

/*
 * The filing status of org_id's plan for quarter q as of today, for any page that shows it:
 * with rule set rs and the calendar cal (NULL: Monday-Friday). *status gets the status, dl
 * (may be NULL) the deadline. DB_OK; DB_NOTFOUND when the org is out of scope; or an error.
 */
int plan_status_of(Db *db, const Scope *scope, int64_t org_id, Period q, const MeetingRuleSet *rs,
                   const DateCalendar *cal, Date today, PlanStatus *status, MeetingDeadline *dl);

/* ---- demo ---- */
/* Unscoped helpers for the demo generator (src/demo/demo_plans.c), which runs before any
 * account exists. Never call them from a page. */

/* The branches that have meeting records, by id, with every meeting they and their 党小组
 * held in [from, to) in a state that counts: [{id, kind, remote (0/1), has_committee (0/1),
 * has_groups (0/1), held ("kind YYYY-MM-DD,…")}]. NULL on error. */
json_t *plan_demo_branches(Db *db, const char *from, const char *to);
/* Inserts a plan (state "draft" or "filed", filed_at 0 for a draft) with its items, the items
 * in one statement. DB_OK or an error. Caller's transaction. */
int plan_demo_insert(Db *db, int64_t org_id, const char *quarter, const char *state,
                     int64_t filed_at, int64_t created_at, const PlanItemIn *items, size_t n);

#endif
