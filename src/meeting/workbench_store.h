/*
 * workbench_store: the records a person has to act on, for the home page's 三会一课 panel
 * (workbench_pages.c): records waiting for review, records still to be submitted or refilled,
 * and those past their submission deadline — each limited to the caller's scope.
 */
#ifndef DJ_WORKBENCH_STORE_H
#define DJ_WORKBENCH_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"
#include "web/scope.h"

typedef enum WorkbenchQueue {
  WORKBENCH_REVIEW, /* submitted, waiting for the town's review: oldest submission first */
  WORKBENCH_TODO,   /* draft, returned to refill or to hold again: earliest deadline first */
  WORKBENCH_OVERDUE /* draft or returned to refill and past due_date: earliest first */
} WorkbenchQueue;

/*
 * The records of queue q in scope (every range; org_id > 0: that org's subtree only, which
 * must be in scope), at most limit of them: [{id, org_id, org_name, kind, held_at, state,
 * due_date, submitted_at, review_remark}], and in *total how many there are in all. today
 * ('YYYY-MM-DD') is the day deadlines are measured against. NULL on a database error.
 */
json_t *workbench_queue(Db *db, const Scope *scope, int64_t org_id, WorkbenchQueue q,
                        const char *today, int limit, int64_t *total);

#endif
