#include "web/session_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

int session_store_create(Db *db, const char *hash, int64_t account_id, const char *csrf,
                         int64_t now, const char *ip) {
  return db_exec(db,
                 "INSERT INTO session(token_hash, account_id, csrf, created_at, last_seen, ip) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
                 "titiit", hash, account_id, csrf, now, now, ip ? ip : "");
}

static char *dup_or_empty(const char *s) { return strdup(s ? s : ""); }

int session_store_lookup(Db *db, const char *hash, SessionRow *out) {
  memset(out, 0, sizeof *out);
  DbStmt *st = db_prepare(db, "SELECT s.account_id, s.csrf, s.created_at, s.last_seen, a.login, "
                              "a.name, a.role, COALESCE(a.org_id, 0), COALESCE(o.name, ''), "
                              "COALESCE(o.path, ''), a.must_change, a.disabled, a.locked_until "
                              "FROM session s JOIN account a ON a.id = s.account_id "
                              "LEFT JOIN org o ON o.id = a.org_id WHERE s.token_hash = ?");
  if (!st) {
    return DB_ERR;
  }
  db_bind_text(st, 1, hash);
  int rc = db_step(st);
  if (rc == DB_ROW) {
    out->account_id = db_col_int(st, 0);
    out->csrf = dup_or_empty(db_col_text(st, 1));
    out->created_at = db_col_int(st, 2);
    out->last_seen = db_col_int(st, 3);
    out->login = dup_or_empty(db_col_text(st, 4));
    out->name = dup_or_empty(db_col_text(st, 5));
    out->role = dup_or_empty(db_col_text(st, 6));
    out->org_id = db_col_int(st, 7);
    out->org_name = dup_or_empty(db_col_text(st, 8));
    out->org_path = dup_or_empty(db_col_text(st, 9));
    out->must_change = (int)db_col_int(st, 10);
    out->disabled = (int)db_col_int(st, 11);
    out->locked_until = db_col_int(st, 12);
    rc = DB_OK;
  } else if (rc == DB_DONE) {
    rc = DB_NOTFOUND;
  }
  db_finalize(st);
  return rc;
}

void session_row_free(SessionRow *row) {
  free(row->csrf);
  free(row->login);
  free(row->name);
  free(row->role);
  free(row->org_name);
  free(row->org_path);
  memset(row, 0, sizeof *row);
}

int session_store_touch(Db *db, const char *hash, int64_t now) {
  return db_exec(db, "UPDATE session SET last_seen = ? WHERE token_hash = ?", "it", now, hash);
}

int session_store_delete(Db *db, const char *hash) {
  return db_exec(db, "DELETE FROM session WHERE token_hash = ?", "t", hash);
}

int session_store_purge(Db *db, int64_t now, int idle, int max) {
  return db_exec(db, "DELETE FROM session WHERE last_seen < ? OR created_at < ?", "ii",
                 now - idle, now - max);
}

int session_store_delete_account(Db *db, int64_t account_id) {
  return db_exec(db, "DELETE FROM session WHERE account_id = ?", "i", account_id);
}

int session_store_delete_others(Db *db, int64_t account_id, const char *keep) {
  return db_exec(db, "DELETE FROM session WHERE account_id = ? AND token_hash <> ?", "it",
                 account_id, keep);
}

int session_store_scope(Db *db, int64_t account_id, const char *role, const char *org_path,
                        const char *today, Scope *scope) {
  if (strcmp(role, "admin") == 0) {
    scope_add(scope, "/");
    return DB_OK;
  }
  if (strcmp(role, "contact") != 0) {
    if (org_path && *org_path) {
      scope_add(scope, org_path);
    }
    return DB_OK;
  }
  DbStmt *st = db_prepare(db, "SELECT o.path FROM contact_assignment ca "
                              "JOIN org o ON o.id = ca.org_id WHERE ca.account_id = ? "
                              "AND ca.start_date <= ? AND (ca.end_date IS NULL OR ca.end_date >= ?)");
  if (!st) {
    return DB_ERR;
  }
  db_bind_int(st, 1, account_id);
  db_bind_text(st, 2, today);
  db_bind_text(st, 3, today);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    scope_add(scope, db_col_text(st, 0));
  }
  db_finalize(st);
  return rc == DB_DONE ? DB_OK : rc;
}
