#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "base/banned.h"

/* The path of the organisation an entity belongs to, for scoping the log (malloc'd or NULL:
 * then only administrators see the row). A new entity kind adds its line here. */
static char *entity_org_path(Db *db, const char *entity, const char *entity_id) {
  int64_t id = entity_id ? strtoll(entity_id, NULL, 10) : 0;
  if (id <= 0) {
    return NULL;
  }
  if (strcmp(entity, "org") == 0) {
    return db_text(db, "SELECT path FROM org WHERE id = ?", "i", id);
  }
  if (strcmp(entity, "member") == 0) {
    return db_text(db, "SELECT o.path FROM member m JOIN org o ON o.id = m.org_id WHERE m.id = ?",
                   "i", id);
  }
  if (strcmp(entity, "position") == 0) {
    return db_text(db, "SELECT o.path FROM position x JOIN org o ON o.id = x.org_id WHERE x.id = ?",
                   "i", id);
  }
  if (strcmp(entity, "responsibility") == 0) {
    return db_text(db,
                   "SELECT o.path FROM responsibility x JOIN org o ON o.id = x.org_id "
                   "WHERE x.id = ?",
                   "i", id);
  }
  if (strcmp(entity, "contact_assignment") == 0) {
    return db_text(db,
                   "SELECT o.path FROM contact_assignment x JOIN org o ON o.id = x.org_id "
                   "WHERE x.id = ?",
                   "i", id);
  }
  if (strcmp(entity, "meeting") == 0) {
    return db_text(db, "SELECT o.path FROM meeting x JOIN org o ON o.id = x.org_id WHERE x.id = ?",
                   "i", id);
  }
  if (strcmp(entity, "meeting_plan") == 0) {
    return db_text(db,
                   "SELECT o.path FROM meeting_plan x JOIN org o ON o.id = x.org_id "
                   "WHERE x.id = ?",
                   "i", id);
  }
  if (strcmp(entity, "meeting_attachment") == 0) {
    return db_text(db,
                   "SELECT o.path FROM meeting_attachment x JOIN meeting m ON m.id = x.meeting_id "
                   "JOIN org o ON o.id = m.org_id WHERE x.id = ?",
                   "i", id);
  }
  if (strcmp(entity, "study_material") == 0 || strcmp(entity, "key_topic") == 0) {
    return strcmp(entity, "key_topic") == 0
               ? db_text(db, "SELECT o.path FROM key_topic x JOIN org o ON o.id = x.org_id "
                             "WHERE x.id = ?", "i", id)
               : db_text(db, "SELECT o.path FROM study_material x JOIN org o ON o.id = x.org_id "
                             "WHERE x.id = ?", "i", id);
  }
  if (strcmp(entity, "account") == 0) {
    return db_text(db, "SELECT o.path FROM account a JOIN org o ON o.id = a.org_id WHERE a.id = ?",
                   "i", id);
  }
  return NULL;
}

int audit_write(Db *db, const AuditActor *who, const char *action, const char *entity,
                const char *entity_id, const json_t *before, const json_t *after) {
  char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  char *org_path = entity_org_path(db, entity, entity_id);
  int rc = db_exec(db,
                   "INSERT INTO audit(at, account_id, login, action, entity, entity_id, "
                   "before_json, after_json, ip, org_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   "iitttttttt", (int64_t)time(NULL), who->account_id,
                   who->login ? who->login : "", action, entity, entity_id ? entity_id : "", b,
                   a, who->ip ? who->ip : "", org_path);
  free(b);
  free(a);
  free(org_path);
  return rc;
}

/* The three shapes of the query share their parameters; only the leading condition differs,
 * so each can use its index (entity, or time) and walk it newest first. */
#define AUDIT_COLUMNS                                                                         \
  "SELECT id, at, login, action, entity, entity_id, before_json, after_json, ip FROM audit "
#define AUDIT_REST                                                                            \
  "AND (:lo = '/' OR (org_path >= :lo AND org_path < :hi)) "                                \
  "AND (:login = '' OR login = :login) AND (:action = '' OR action = :action) "              \
  "AND at >= :from AND at < :to ORDER BY id DESC LIMIT :limit OFFSET :offset"

json_t *audit_list(Db *db, const AuditFilter *f) {
  const char *entity = f->entity ? f->entity : "";
  const char *eid = f->entity_id ? f->entity_id : "";
  DbStmt *st;
  if (*entity && *eid) {
    st = db_prepare(db, AUDIT_COLUMNS "WHERE entity = :entity AND entity_id = :eid " AUDIT_REST);
  } else if (*entity) {
    st = db_prepare(db, AUDIT_COLUMNS "WHERE entity = :entity AND :eid = '' " AUDIT_REST);
  } else {
    st = db_prepare(db, AUDIT_COLUMNS "WHERE :entity = '' AND (:eid = '' OR entity_id = :eid) "
                        AUDIT_REST);
  }
  json_t *rows = json_array();
  if (!st) {
    return rows;
  }
  db_bind_text_named(st, ":lo", f->scope_lo ? f->scope_lo : "");
  db_bind_text_named(st, ":hi", f->scope_hi ? f->scope_hi : "");
  db_bind_text_named(st, ":login", f->login ? f->login : "");
  db_bind_text_named(st, ":action", f->action ? f->action : "");
  db_bind_text_named(st, ":entity", entity);
  db_bind_text_named(st, ":eid", eid);
  db_bind_int_named(st, ":from", f->from > 0 ? f->from : INT64_MIN);
  db_bind_int_named(st, ":to", f->to > 0 ? f->to : INT64_MAX);
  db_bind_int_named(st, ":limit", f->limit > 0 ? f->limit : 100);
  db_bind_int_named(st, ":offset", f->offset);
  while (db_step(st) == DB_ROW) {
    json_array_append_new(rows, db_row_json(st));
  }
  db_finalize(st);
  return rows;
}
