/*
 * attachment_store.c: the files of meeting records (meeting_attachment), scoped through the
 * record's org.
 */
#include <stdlib.h>
#include <string.h>

#include "meeting/attachment.h"
#include "base/banned.h"

json_t *attachment_list(Db *db, const Scope *scope, int64_t meeting_id) {
  json_t *out = json_array();
  for (size_t i = 0; out && i < scope->n; i++) {
    json_t *rows = db_rows_json(
        db,
        "SELECT x.id, x.name, x.content_type, x.size, x.uploaded_at, "
        "a.login AS uploaded_by_login FROM meeting_attachment x "
        "JOIN meeting m ON m.id = x.meeting_id JOIN org o ON o.id = m.org_id "
        "LEFT JOIN account a ON a.id = x.uploaded_by "
        "WHERE x.meeting_id = ? AND o.path >= ? AND o.path < ? ORDER BY x.id",
        "itt", meeting_id, scope->lo[i], scope->hi[i]);
    if (!rows) {
      json_decref(out);
      return NULL;
    }
    json_array_extend(out, rows);
    json_decref(rows);
  }
  return out;
}

int attachment_usage(Db *db, int64_t meeting_id, int *count, size_t *total) {
  DbStmt *st = db_prepare(db, "SELECT count(*), coalesce(sum(size), 0) FROM meeting_attachment "
                              "WHERE meeting_id = ?");
  if (!st) {
    return DB_ERR;
  }
  db_bind_int(st, 1, meeting_id);
  int rc = db_step(st);
  if (rc == DB_ROW) {
    *count = (int)db_col_int(st, 0);
    *total = (size_t)db_col_int(st, 1);
    rc = DB_OK;
  } else if (rc >= 0) {
    rc = DB_ERR;
  }
  db_finalize(st);
  return rc;
}

int attachment_add(Db *db, int64_t meeting_id, const char *name, const char *content_type,
                   const void *data, size_t n, int64_t account_id, int64_t now, int64_t *id) {
  DbStmt *st = db_prepare(db, "INSERT INTO meeting_attachment(meeting_id, name, content_type, "
                              "size, data, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!st) {
    return DB_ERR;
  }
  db_bind_int(st, 1, meeting_id);
  db_bind_text(st, 2, name);
  db_bind_text(st, 3, content_type);
  db_bind_int(st, 4, (int64_t)n);
  db_bind_blob(st, 5, data, n);
  if (account_id > 0) {
    db_bind_int(st, 6, account_id);
  } else {
    db_bind_null(st, 6);
  }
  db_bind_int(st, 7, now);
  int rc = db_step(st);
  db_finalize(st);
  if (rc != DB_DONE) {
    return rc < 0 ? rc : DB_ERR;
  }
  *id = db_last_id(db);
  return DB_OK;
}

int attachment_read(Db *db, const Scope *scope, int64_t meeting_id, int64_t id, char **name,
                    char **content_type, void **data, size_t *n) {
  *name = *content_type = NULL;
  *data = NULL;
  *n = 0;
  for (size_t i = 0; i < scope->n; i++) {
    DbStmt *st = db_prepare(db, "SELECT x.name, x.content_type, x.data FROM meeting_attachment x "
                                "JOIN meeting m ON m.id = x.meeting_id "
                                "JOIN org o ON o.id = m.org_id "
                                "WHERE x.id = ? AND x.meeting_id = ? AND o.path >= ? AND o.path < ?");
    if (!st) {
      return DB_ERR;
    }
    db_bind_types(st, "iitt", id, meeting_id, scope->lo[i], scope->hi[i]);
    int rc = db_step(st);
    if (rc == DB_ROW) {
      size_t len = 0;
      const void *blob = db_col_blob(st, 2, &len);
      *name = strdup(db_col_text(st, 0));
      *content_type = strdup(db_col_text(st, 1));
      *data = malloc(len ? len : 1);
      if (*data && len) {
        memcpy(*data, blob, len);
      }
      *n = len;
      db_finalize(st);
      if (!*name || !*content_type || !*data) {
        free(*name);
        free(*content_type);
        free(*data);
        *name = *content_type = NULL;
        *data = NULL;
        return DB_ERR;
      }
      return DB_OK;
    }
    db_finalize(st);
    if (rc != DB_DONE) {
      return rc < 0 ? rc : DB_ERR;
    }
  }
  return DB_NOTFOUND;
}

int attachment_remove(Db *db, int64_t meeting_id, int64_t id) {
  int rc = db_exec(db, "DELETE FROM meeting_attachment WHERE id = ? AND meeting_id = ?", "ii", id,
                   meeting_id);
  if (rc == DB_OK && db_changes(db) == 0) {
    return DB_NOTFOUND;
  }
  return rc;
}
