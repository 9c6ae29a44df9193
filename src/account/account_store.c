#include <stdlib.h>
#include <string.h>

#include "account/account.h"
#include "base/banned.h"

int account_find_login(Db *db, const char *login, AccountAuth *out) {
  memset(out, 0, sizeof *out);
  DbStmt *st = db_prepare(db, "SELECT id, password_hash, failed_count, locked_until, disabled, "
                              "must_change FROM account WHERE login = ?");
  if (!st) {
    return DB_ERR;
  }
  db_bind_text(st, 1, login);
  int rc = db_step(st);
  if (rc == DB_ROW) {
    out->id = db_col_int(st, 0);
    out->hash = strdup(db_col_text(st, 1) ? db_col_text(st, 1) : "");
    out->failed_count = (int)db_col_int(st, 2);
    out->locked_until = db_col_int(st, 3);
    out->disabled = db_col_int(st, 4) != 0;
    out->must_change = db_col_int(st, 5) != 0;
    rc = DB_OK;
  } else if (rc == DB_DONE) {
    rc = DB_NOTFOUND;
  }
  db_finalize(st);
  return rc;
}

void account_auth_free(AccountAuth *a) {
  free(a->hash);
  a->hash = NULL;
}

int account_login_failed(Db *db, int64_t id, int64_t now, int lock_after, int lock_seconds) {
  /* A lock that has run out starts the count afresh. */
  int rc = db_exec(db,
                   "UPDATE account SET failed_count = 0, locked_until = 0 "
                   "WHERE id = ? AND locked_until > 0 AND locked_until <= ?",
                   "ii", id, now);
  if (rc != DB_OK) {
    return rc;
  }
  rc = db_exec(db,
                   "UPDATE account SET failed_count = failed_count + 1, "
                   "locked_until = CASE WHEN failed_count + 1 >= ? THEN ? ELSE locked_until END "
                   "WHERE id = ?",
                   "dii", lock_after, now + lock_seconds, id);
  if (rc != DB_OK) {
    return rc;
  }
  return (int)db_int(db, 0, "SELECT failed_count = ? FROM account WHERE id = ?", "di", lock_after,
                     id);
}

int account_login_ok(Db *db, int64_t id) {
  return db_exec(db, "UPDATE account SET failed_count = 0, locked_until = 0 WHERE id = ?", "i", id);
}

int account_set_password(Db *db, int64_t id, const char *hash, bool must_change, int64_t now) {
  return db_exec(db,
                 "UPDATE account SET password_hash = ?, must_change = ?, password_changed_at = ?, "
                 "failed_count = 0, locked_until = 0 WHERE id = ?",
                 "tdii", hash, must_change ? 1 : 0, now, id);
}

int account_set_locked(Db *db, int64_t id, int64_t until) {
  return db_exec(db, "UPDATE account SET locked_until = ?, failed_count = 0 WHERE id = ?", "ii",
                 until, id);
}

int account_insert(Db *db, const AccountNew *a, int64_t now, int64_t *id) {
  DbStmt *st = db_prepare(db, "INSERT INTO account(login, name, password_hash, role, org_id, "
                              "must_change, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!st) {
    return DB_ERR;
  }
  db_bind_text(st, 1, a->login);
  db_bind_text(st, 2, a->name ? a->name : "");
  db_bind_text(st, 3, a->password_hash);
  db_bind_text(st, 4, a->role);
  if (a->org_id > 0) {
    db_bind_int(st, 5, a->org_id);
  } else {
    db_bind_null(st, 5);
  }
  db_bind_int(st, 6, a->must_change ? 1 : 0);
  db_bind_int(st, 7, now);
  int rc = db_step(st);
  db_finalize(st);
  if (rc != DB_DONE) {
    return rc < 0 ? rc : DB_ERR;
  }
  if (id) {
    *id = db_last_id(db);
  }
  return DB_OK;
}

json_t *account_get_json(Db *db, int64_t id) {
  json_t *rows = db_rows_json(db,
                              "SELECT a.id, a.login, NULLIF(a.name, '') AS name, a.role, a.org_id, "
                              "o.name AS org_name, a.must_change, a.failed_count, "
                              "a.locked_until, a.disabled, a.created_at, a.password_changed_at "
                              "FROM account a LEFT JOIN org o ON o.id = a.org_id WHERE a.id = ?",
                              "i", id);
  json_t *row = json_array_get(rows, 0);
  json_incref(row);
  json_decref(rows);
  return row;
}

json_t *account_list_json(Db *db) {
  return db_rows_json(db,
                      "SELECT a.id, a.login, a.name, a.role, a.org_id, "
                      "COALESCE(o.name, '') AS org_name, a.must_change, a.locked_until, "
                      "a.disabled, a.created_at FROM account a "
                      "LEFT JOIN org o ON o.id = a.org_id ORDER BY a.login",
                      "");
}

int64_t account_org_by_code(Db *db, const char *code) {
  return db_int(db, 0, "SELECT id FROM org WHERE code = ?", "t", code);
}

bool account_any(Db *db) { return db_exists(db, "SELECT 1 FROM account", ""); }

/* ---- account administration ---- */

json_t *account_search_json(Db *db, const AccountQuery *q, int64_t *total) {
  const char *role = q->role ? q->role : "";
  /* A LIKE pattern with the wildcards of the text escaped. */
  Buf pat = BUF_INIT;
  if (q->q && *q->q) {
    buf_putc(&pat, '%');
    for (const char *c = q->q; *c; c++) {
      if (*c == '%' || *c == '_' || *c == '\\') {
        buf_putc(&pat, '\\');
      }
      buf_putc(&pat, *c);
    }
    buf_putc(&pat, '%');
  }
  const char *like = buf_cstr(&pat);
  if (total) {
    *total = db_int(db, 0,
                    "SELECT count(*) FROM account a WHERE (? = '' OR a.role = ?) "
                    "AND (? = '' OR a.login LIKE ? ESCAPE '\\' OR a.name LIKE ? ESCAPE '\\')",
                    "ttttt", role, role, like, like, like);
  }
  json_t *rows = db_rows_json(
      db,
      "SELECT a.id, a.login, a.name, a.role, a.org_id, COALESCE(o.short_name, '') AS org_name, "
      "COALESCE(o.code, '') AS org_code, a.must_change, a.locked_until, a.disabled, "
      "a.created_at FROM account a LEFT JOIN org o ON o.id = a.org_id "
      "WHERE (? = '' OR a.role = ?) "
      "AND (? = '' OR a.login LIKE ? ESCAPE '\\' OR a.name LIKE ? ESCAPE '\\') "
      "ORDER BY a.login LIMIT ? OFFSET ?",
      "tttttdd", role, role, like, like, like, q->limit > 0 ? q->limit : 50,
      q->offset > 0 ? q->offset : 0);
  buf_free(&pat);
  return rows;
}

int account_set_role(Db *db, int64_t id, const char *role, int64_t org_id) {
  int rc = org_id > 0 ? db_exec(db, "UPDATE account SET role = ?, org_id = ? WHERE id = ?", "tii",
                                role, org_id, id)
                      : db_exec(db, "UPDATE account SET role = ?, org_id = NULL WHERE id = ?",
                                "ti", role, id);
  if (rc == DB_OK && db_changes(db) == 0) {
    rc = DB_NOTFOUND;
  }
  return rc;
}

json_t *account_assignments_json(Db *db, int64_t account_id, const char *today) {
  return db_rows_json(db,
                      "SELECT ca.id, ca.org_id, o.short_name AS org_name, "
                      "COALESCE(o.code, '') AS org_code, ca.kind, ca.start_date, ca.end_date, "
                      "(ca.end_date IS NULL OR ca.end_date >= ?) AS active "
                      "FROM contact_assignment ca JOIN org o ON o.id = ca.org_id "
                      "WHERE ca.account_id = ? "
                      "ORDER BY active DESC, ca.start_date DESC, ca.id DESC",
                      "ti", today, account_id);
}

json_t *account_assignment_get_json(Db *db, int64_t account_id, int64_t assignment_id) {
  json_t *rows = db_rows_json(db,
                              "SELECT ca.id, ca.org_id, COALESCE(o.code, '') AS org_code, "
                              "ca.kind, ca.start_date, ca.end_date FROM contact_assignment ca "
                              "JOIN org o ON o.id = ca.org_id "
                              "WHERE ca.id = ? AND ca.account_id = ?",
                              "ii", assignment_id, account_id);
  json_t *row = json_array_get(rows, 0);
  json_incref(row);
  json_decref(rows);
  return row;
}

bool account_assignment_exists(Db *db, int64_t account_id, int64_t org_id, const char *kind,
                               const char *today) {
  return db_exists(db,
                   "SELECT 1 FROM contact_assignment WHERE account_id = ? AND org_id = ? "
                   "AND kind = ? AND (end_date IS NULL OR end_date >= ?)",
                   "iitt", account_id, org_id, kind, today);
}

int account_assignment_end(Db *db, int64_t account_id, int64_t assignment_id,
                           const char *end_date) {
  int rc = db_exec(db,
                   "UPDATE contact_assignment SET end_date = ? WHERE id = ? AND account_id = ? "
                   "AND (end_date IS NULL OR end_date > ?)",
                   "tiit", end_date, assignment_id, account_id, end_date);
  if (rc == DB_OK && db_changes(db) == 0) {
    rc = DB_NOTFOUND;
  }
  return rc;
}
