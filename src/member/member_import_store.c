/* Pending imports (import_pending, migration 005): the only SQL of the import pages. */
#include <sodium.h>
#include <stdlib.h>

#include "member/member_import.h"
#include "base/banned.h"

enum { PENDING_MAX_AGE = 24 * 3600 };

int import_pending_put(Db *db, int64_t account_id, const char *kind, const json_t *payload,
                       int64_t now, char token[33]) {
  unsigned char raw[16];
  randombytes_buf(raw, sizeof raw);
  sodium_bin2hex(token, 33, raw, sizeof raw);
  int rc = db_exec(db, "DELETE FROM import_pending WHERE created_at < ?", "i",
                   now - PENDING_MAX_AGE);
  char *text = json_dumps(payload, JSON_COMPACT);
  if (!text) {
    return DB_ERR;
  }
  if (rc == DB_OK) {
    rc = db_exec(db,
                 "INSERT INTO import_pending(id, account_id, created_at, kind, payload_json) "
                 "VALUES (?, ?, ?, ?, ?)",
                 "tiitt", token, account_id, now, kind, text);
  }
  free(text);
  return rc;
}

json_t *import_pending_get(Db *db, int64_t account_id, const char *token) {
  char *text = db_text(db, "SELECT payload_json FROM import_pending WHERE id = ? AND account_id = ?",
                       "ti", token, account_id);
  if (!text) {
    return NULL;
  }
  json_t *v = json_loads(text, 0, NULL);
  free(text);
  return v;
}

int import_pending_delete(Db *db, int64_t account_id, const char *token) {
  return db_exec(db, "DELETE FROM import_pending WHERE id = ? AND account_id = ?", "ti", token,
                 account_id);
}

