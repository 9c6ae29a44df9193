#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/banned.h"

int org_insert(Db *db, const OrgNew *o, int64_t now, int64_t *id) {
  char *parent_path = NULL;
  if (o->parent_id) {
    parent_path = db_text(db, "SELECT path FROM org WHERE id = ?", "i", o->parent_id);
    if (!parent_path) {
      return DB_NOTFOUND;
    }
  }
  DbStmt *st = db_prepare(db, "INSERT INTO org(parent_id, path, kind, name, short_name, code, "
                              "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!st) {
    free(parent_path);
    return DB_ERR;
  }
  /* The path needs the new id: insert with a unique placeholder, then set it. */
  char tmp[64];
  snprintf(tmp, sizeof tmp, "?%p", (void *)&tmp);
  if (o->parent_id) {
    db_bind_int(st, 1, o->parent_id);
  } else {
    db_bind_null(st, 1);
  }
  db_bind_text(st, 2, tmp);
  db_bind_text(st, 3, o->kind);
  db_bind_text(st, 4, o->name);
  db_bind_text(st, 5, o->short_name);
  db_bind_text(st, 6, o->code);
  db_bind_int(st, 7, now);
  int rc = db_step(st);
  db_finalize(st);
  rc = rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERR);
  if (rc == DB_OK) {
    int64_t new_id = db_last_id(db);
    char path[512];
    snprintf(path, sizeof path, "%s%lld/", parent_path ? parent_path : "/", (long long)new_id);
    rc = db_exec(db, "UPDATE org SET path = ? WHERE id = ?", "ti", path, new_id);
    if (id) {
      *id = new_id;
    }
  }
  free(parent_path);
  return rc;
}

bool org_any(Db *db) { return db_exists(db, "SELECT 1 FROM org", ""); }
