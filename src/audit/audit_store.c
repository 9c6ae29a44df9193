#include <stdlib.h>
#include <time.h>

#include "audit/audit.h"
#include "base/banned.h"

int audit_write(Db *db, const AuditActor *who, const char *action, const char *entity,
                const char *entity_id, const json_t *before, const json_t *after) {
  char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  int rc = db_exec(db,
                   "INSERT INTO audit(at, account_id, login, action, entity, entity_id, "
                   "before_json, after_json, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   "iittttttt", (int64_t)time(NULL), who->account_id,
                   who->login ? who->login : "", action, entity, entity_id ? entity_id : "", b,
                   a, who->ip ? who->ip : "");
  free(b);
  free(a);
  return rc;
}

json_t *audit_list(Db *db, const AuditFilter *f) {
  DbStmt *st = db_prepare(db, "SELECT id, at, login, action, entity, entity_id, before_json, "
                              "after_json, ip FROM audit "
                              "WHERE (:login = '' OR login = :login) "
                              "AND (:entity = '' OR entity = :entity) "
                              "AND (:eid = '' OR entity_id = :eid) "
                              "AND (:from = 0 OR at >= :from) AND (:to = 0 OR at < :to) "
                              "ORDER BY id DESC LIMIT :limit OFFSET :offset");
  json_t *rows = json_array();
  if (!st) {
    return rows;
  }
  db_bind_text_named(st, ":login", f->login ? f->login : "");
  db_bind_text_named(st, ":entity", f->entity ? f->entity : "");
  db_bind_text_named(st, ":eid", f->entity_id ? f->entity_id : "");
  db_bind_int_named(st, ":from", f->from);
  db_bind_int_named(st, ":to", f->to);
  db_bind_int_named(st, ":limit", f->limit > 0 ? f->limit : 100);
  db_bind_int_named(st, ":offset", f->offset);
  while (db_step(st) == DB_ROW) {
    json_array_append_new(rows, db_row_json(st));
  }
  db_finalize(st);
  return rows;
}
