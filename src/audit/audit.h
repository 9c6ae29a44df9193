/*
 * The audit log: one function every write path calls. A row records who (account id and
 * login), when, the action, the entity and its id, the before/after state as JSON, and the
 * client address. Rows are never updated or deleted by the application.
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
} AuditFilter;

/* Rows newest first as a JSON array of objects (id, at, login, action, entity, entity_id,
 * before_json, after_json, ip). New reference. */
json_t *audit_list(Db *db, const AuditFilter *f);

#endif
