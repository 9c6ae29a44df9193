/*
 * meeting_amend_store.c: the SQL of amendments (修正) of accepted meeting records, and only
 * here. Scoped through meeting_get / meeting_amend_content; writes run in the caller's
 * transaction. See meeting_amend.h for the contracts.
 */
#include "meeting/meeting_amend.h"

#include <string.h>

#include "base/banned.h"

/* Whether s holds anything but ASCII white space. */
static bool blank(const char *s) {
  for (; s && *s; s++) {
    if (!strchr(" \t\r\n", *s)) {
      return false;
    }
  }
  return true;
}

int meeting_amend(Db *db, const Scope *scope, int64_t id, const MeetingInput *in,
                  const char *reason, MeetingRole role, int64_t account_id, int64_t now,
                  int64_t *amendment_id, json_t **changes, const char **why) {
  *amendment_id = 0;
  *why = NULL;
  if (changes) {
    *changes = NULL;
  }
  json_t *before = meeting_get(db, scope, id);
  if (!before) {
    return DB_NOTFOUND;
  }
  json_t *after = NULL, *diff = NULL;
  int rc = DB_CONSTRAINT;
  if (blank(reason)) {
    *why = "请写明修正原因";
    goto out;
  }
  if (strlen(reason) > MEETING_AMEND_REASON_MAX) {
    *why = "修正原因太长";
    goto out;
  }
  rc = meeting_amend_content(db, scope, id, in, role, now, why);
  if (rc != DB_OK) {
    goto out;
  }
  after = meeting_get(db, scope, id);
  if (!after) {
    rc = DB_ERR;
    goto out;
  }
  diff = meeting_amend_diff(before, after);
  if (json_array_size(diff) == 0) {
    *why = "没有改动任何内容，无须修正";
    rc = DB_CONSTRAINT;
    goto out;
  }
  rc = db_exec(db,
               "INSERT INTO meeting_amendment(meeting_id, amended_by, amended_at, reason) "
               "VALUES (?, NULLIF(?, 0), ?, ?)",
               "iiit", id, account_id, now, reason);
  if (rc != DB_OK) {
    goto out;
  }
  *amendment_id = db_last_id(db);
  size_t i;
  json_t *c;
  json_array_foreach(diff, i, c) {
    rc =
        db_exec(db,
                "INSERT INTO meeting_amendment_change(amendment_id, seq, field, label, "
                "old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)",
                "idtttt", *amendment_id, (int)i + 1, json_string_value(json_object_get(c, "field")),
                json_string_value(json_object_get(c, "label")),
                json_string_value(json_object_get(c, "old_value")),
                json_string_value(json_object_get(c, "new_value")));
    if (rc != DB_OK) {
      *amendment_id = 0;
      goto out;
    }
  }
  if (changes) {
    *changes = json_incref(diff);
  }
out:
  json_decref(before);
  json_decref(after);
  json_decref(diff);
  return rc;
}

json_t *meeting_amendments(Db *db, const Scope *scope, int64_t id) {
  bool in_scope = false;
  for (size_t i = 0; !in_scope && i < scope->n; i++) {
    in_scope = db_exists(db,
                         "SELECT 1 FROM meeting m JOIN org o ON o.id = m.org_id "
                         "WHERE m.id = ? AND o.path >= ? AND o.path < ?",
                         "itt", id, scope->lo[i], scope->hi[i]);
  }
  if (!in_scope) {
    return json_array();
  }
  json_t *rows = db_rows_json(db,
                              "SELECT a.id, a.amended_at, a.amended_by, ac.login AS amended_login, "
                              "ac.name AS amended_name, a.reason FROM meeting_amendment a "
                              "LEFT JOIN account ac ON ac.id = a.amended_by "
                              "WHERE a.meeting_id = ? ORDER BY a.id",
                              "i", id);
  json_t *changes = db_rows_json(db,
                                 "SELECT c.amendment_id, c.seq, c.field, c.label, c.old_value, "
                                 "c.new_value FROM meeting_amendment_change c "
                                 "JOIN meeting_amendment a ON a.id = c.amendment_id "
                                 "WHERE a.meeting_id = ? ORDER BY c.amendment_id, c.seq",
                                 "i", id);
  if (!rows || !changes) {
    json_decref(rows);
    json_decref(changes);
    return NULL;
  }
  size_t i, k;
  json_t *a, *c;
  json_array_foreach(rows, i, a) {
    json_t *mine = json_array();
    json_array_foreach(changes, k, c) {
      if (json_integer_value(json_object_get(c, "amendment_id")) ==
          json_integer_value(json_object_get(a, "id"))) {
        json_array_append(mine, c);
      }
    }
    json_object_set_new(a, "changes", mine);
  }
  json_array_foreach(changes, k, c) { json_object_del(c, "amendment_id"); }
  json_decref(changes);
  return rows;
}
