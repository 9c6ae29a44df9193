/*
 * workbench_store.c: the action queues of the home page, one indexed query per scope range
 * (meeting_state: state, due_date).
 */
#include "meeting/workbench_store.h"

#include <stdlib.h>
#include <string.h>

#include "meeting/meeting_store.h"
#include "base/banned.h"

/* The rows of one range [lo, hi) for queue q, and their count added to *total. */
static json_t *queue_range(Db *db, const char *lo, const char *hi, WorkbenchQueue q,
                           const char *today, int limit, int64_t *total) {
  switch (q) {
  case WORKBENCH_REVIEW:
    *total += db_int(db, 0,
                     "SELECT count(*) FROM meeting m JOIN org o ON o.id = m.org_id "
                     "WHERE m.state = 'submitted' AND o.path >= ? AND o.path < ?",
                     "tt", lo, hi);
    return db_rows_json(db,
                        "SELECT m.id, m.org_id, o.short_name AS org_name, m.kind, m.held_at, "
                        "m.state, m.due_date, m.submitted_at, m.review_remark "
                        "FROM meeting m JOIN org o ON o.id = m.org_id "
                        "WHERE m.state = 'submitted' AND o.path >= ? AND o.path < ? "
                        "ORDER BY m.submitted_at, m.id LIMIT ?",
                        "ttd", lo, hi, limit);
  case WORKBENCH_TODO:
    *total += db_int(db, 0,
                     "SELECT count(*) FROM meeting m JOIN org o ON o.id = m.org_id "
                     "WHERE m.state IN ('draft', 'returned_refill', 'returned_rehold') "
                     "AND o.path >= ? AND o.path < ?",
                     "tt", lo, hi);
    return db_rows_json(db,
                        "SELECT m.id, m.org_id, o.short_name AS org_name, m.kind, m.held_at, "
                        "m.state, m.due_date, m.submitted_at, m.review_remark "
                        "FROM meeting m JOIN org o ON o.id = m.org_id "
                        "WHERE m.state IN ('draft', 'returned_refill', 'returned_rehold') "
                        "AND o.path >= ? AND o.path < ? ORDER BY m.due_date, m.id LIMIT ?",
                        "ttd", lo, hi, limit);
  case WORKBENCH_OVERDUE:
    *total += db_int(db, 0,
                     "SELECT count(*) FROM meeting m JOIN org o ON o.id = m.org_id "
                     "WHERE m.state IN ('draft', 'returned_refill') AND m.due_date < ? "
                     "AND o.path >= ? AND o.path < ?",
                     "ttt", today, lo, hi);
    return db_rows_json(db,
                        "SELECT m.id, m.org_id, o.short_name AS org_name, m.kind, m.held_at, "
                        "m.state, m.due_date, m.submitted_at, m.review_remark "
                        "FROM meeting m JOIN org o ON o.id = m.org_id "
                        "WHERE m.state IN ('draft', 'returned_refill') AND m.due_date < ? "
                        "AND o.path >= ? AND o.path < ? ORDER BY m.due_date, m.id LIMIT ?",
                        "tttd", today, lo, hi, limit);
  }
  return NULL;
}

json_t *workbench_queue(Db *db, const Scope *scope, int64_t org_id, WorkbenchQueue q,
                        const char *today, int limit, int64_t *total) {
  *total = 0;
  char *own, *own_hi;
  size_t n = meeting_scope_ranges(db, scope, org_id, &own, &own_hi);
  json_t *out = json_array();
  for (size_t i = 0; out && i < n; i++) {
    json_t *rows = queue_range(db, own ? own : scope->lo[i], own ? own_hi : scope->hi[i], q, today,
                               limit, total);
    if (!rows) {
      json_decref(out);
      out = NULL;
      break;
    }
    json_array_extend(out, rows);
    json_decref(rows);
  }
  while (out && json_array_size(out) > (size_t)limit) {
    json_array_remove(out, json_array_size(out) - 1);
  }
  free(own);
  free(own_hi);
  return out;
}
