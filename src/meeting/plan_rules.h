/*
 * plan_rules: the quarterly meeting plan (三会一课 季度计划, DOMAIN.md §0.2) as pure rules
 * (plan_rules.c): which meetings the rule table requires of a branch in a quarter, with
 * suggested dates, to pre-fill the plan form; the matching of planned items to the meetings
 * held (plan vs held); and the plan's filing status against meeting_plan_deadline. No I/O, no
 * SQL. Strings returned are static.
 */
#ifndef DJ_PLAN_RULES_H
#define DJ_PLAN_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "meeting/meeting.h"

/* At most this many items in one quarter's plan (13 are required by default at most). */
#define PLAN_MAX_ITEMS 24

/* A meeting on a date: a planned item, a suggestion, a hint or a meeting held. id: the plan
 * item's or meeting record's id (0 when there is none, e.g. a suggestion). */
typedef struct PlanEntry {
  MeetingKindId kind;
  Date date;
  int64_t id;
} PlanEntry;

/*
 * The meetings rs requires of org in quarter q (a PERIOD_QUARTER), one entry per meeting, in
 * date order, into out[0..max); returns how many were wanted (may exceed max: only max are
 * written). For rules by month: count per month of the quarter; by quarter: count; by half
 * year or year: the meetings still short in that longer period (held before the quarter
 * subtracted), asked for only in the rule's usual quarter (MeetingRule.usual_quarter) or, when
 * it has none, in the last quarter of the period.
 * Dates, for each meeting: the earliest unused meeting held of that kind in its sub-period
 * (so a plan filed late shows what was already held); else the day of the month of the
 * first hint of the kind (e.g. the previous quarter's plan: a fixed 主题党日 stays fixed);
 * else a default day of the kind; several in one sub-period are spread over it. A day that is
 * not a working day (cal; NULL: Monday-Friday) moves to the next one, or back to the previous
 * one at the end of the sub-period. held: the meetings held in q's year up to today (any
 * order; others are ignored); hints: any order. Either may be NULL when its count is 0.
 */
size_t plan_suggest(const MeetingRuleSet *rs, const MeetingOrg *org, Period q,
                    const DateCalendar *cal, const PlanEntry *held, size_t n_held,
                    const PlanEntry *hints, size_t n_hints, PlanEntry *out, size_t max);

/* How one planned item turned out. */
typedef enum PlanOutcome {
  PLAN_OUTCOME_HELD,    /* matched to a meeting held */
  PLAN_OUTCOME_PENDING, /* not held, its date is today or later */
  PLAN_OUTCOME_MISSED,  /* not held, its date is past */
} PlanOutcome;
const char *plan_outcome_code(PlanOutcome o);  /* "held" "pending" "missed" */
const char *plan_outcome_label(PlanOutcome o); /* "已召开" "待召开" "未召开" */

typedef struct PlanMatch {
  /* per planned item (input order): the index into held of its meeting, or -1 */
  long item_held[PLAN_MAX_ITEMS];
  PlanOutcome outcome[PLAN_MAX_ITEMS];
  int days_off[PLAN_MAX_ITEMS];               /* held date - planned date (matched items), else 0 */
  int n_planned, n_held, n_pending, n_missed; /* n_held: planned items matched */
  int n_unplanned;                            /* meetings held that no item matched */
} PlanMatch;

/*
 * Matches the planned items (at most PLAN_MAX_ITEMS; more are ignored) to the meetings held
 * in the quarter: an item and a meeting of the same kind pair up, nearest dates first (ties:
 * the earlier item, then the earlier meeting, then input order); each meeting serves one item.
 * held_used (may be NULL; n_held long) gets true for each meeting matched. Items not matched
 * are missed once their date is before today, else pending. held: only meetings that count
 * as held (see meeting_check.h: not closed, not returned_rehold) and in the quarter.
 */
void plan_match(const PlanEntry *items, size_t n_items, const PlanEntry *held, size_t n_held,
                Date today, PlanMatch *out, bool *held_used);

/* The filing status of a quarter's plan. */
typedef enum PlanStatus {
  PLAN_STATUS_PENDING, /* not filed, the deadline has not passed */
  PLAN_STATUS_ON_TIME, /* filed on or before the deadline */
  PLAN_STATUS_LATE,    /* filed after the deadline (kept after amendments) */
  PLAN_STATUS_MISSING, /* not filed (no plan, or only a draft) and the deadline has passed */
} PlanStatus;
const char *plan_status_code(PlanStatus s); /* "pending" "on_time" "late" "missing" */
const char *plan_status_label(PlanStatus s); /* "未到截止日" "按时报送" "逾期报送" "未报送" */
/* ok (on time), warn (pending), bad (late, missing). */
const char *plan_status_class(PlanStatus s);

/* The status of the plan of quarter q: filed, the local date it was first filed on (NULL:
 * not filed, drafts included), against meeting_plan_deadline (plan.day, plan.next_workday on
 * cal). dl (may be NULL) gets the deadline itself (due day, days late). */
PlanStatus plan_status(const MeetingRuleSet *rs, const DateCalendar *cal, Period q,
                       const Date *filed, Date today, MeetingDeadline *dl);

/* "2025Q3" into out (the form used in URLs, as `dangjian check --period`). Returns out. */
char *plan_quarter_key(Period q, char out[PERIOD_KEY_SIZE]);
/* Parses "2025Q3" or "2025-Q3" (years 2000-2100) into a quarter: 0, or -1. */
int plan_quarter_parse(const char *s, Period *out);

#endif
