/*
 * The audit log: one function every write path calls. A row records who (account id and
 * login), when, the action, the entity and its id, the before/after state as JSON, and the
 * client address, and the path of the organisation the entity belongs to (so the log can be
 * limited to a scope). Rows are never updated or deleted by the application.
 */
#ifndef DJ_AUDIT_H
#define DJ_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"

typedef struct AuditActor {
  int64_t account_id; /* 0 when anonymous (e.g. a failed login) or the command line */
  const char *login;  /* "" when unknown; "cli" for the command line */
  const char *ip;     /* "" for the command line */
} AuditActor;

/* Writes one row. before/after may be NULL; they are not stolen. DB_OK or a DbError. */
int audit_write(Db *db, const AuditActor *who, const char *action, const char *entity,
                const char *entity_id, const json_t *before, const json_t *after);

/* Filters for audit_list; empty strings / 0 mean "any". */
typedef struct AuditFilter {
  const char *login;
  const char *entity;
  const char *entity_id;
  int64_t from, to; /* Unix seconds, inclusive from, exclusive to */
  int limit, offset;
  const char *action;
  /* The subtree whose rows are shown ([lo, hi) of org paths, see web/scope.h); "/" shows
   * everything, rows without an org included; an empty range shows nothing. */
  const char *scope_lo, *scope_hi;
} AuditFilter;

/* Rows newest first as a JSON array of objects (id, at, login, action, entity, entity_id,
 * before_json, after_json, ip). New reference. With entity (and entity_id) given the query
 * runs on the entity index; otherwise on the time index. */
json_t *audit_list(Db *db, const AuditFilter *f);

/* ---- pages (audit_pages.c) ---- */
/* Chinese label of an action ("lock" → "锁定"), or NULL when unknown. */
const char *audit_action_label(const char *action);
/* Chinese label of an entity ("account" → "账户"), or NULL when unknown. */
const char *audit_entity_label(const char *entity);
/* Adds to each row of audit_list what the templates show: time (local "YYYY-MM-DD
 * HH:MM:SS"), action_label, entity_label, before / after (indented JSON text or null),
 * has_change. Modifies rows in place. */
void audit_rows_view(json_t *rows);
/* GET /audit: the log, newest first, filtered by login, action, entity, entity_id, dates. */
struct Req;
int audit_list_page(struct Req *r);

#endif
