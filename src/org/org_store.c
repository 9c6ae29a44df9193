/*
 * The organisation tree's SQL. Scope: every query that reads org data is limited to the
 * caller's ranges with `path >= lo AND path < hi` (see web/scope.h); functions loop over the
 * ranges (one for most accounts, a few for contact cadres).
 */
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

#define ORG_COLUMNS                                                                          \
  "o.id, o.parent_id, o.path, o.kind, o.name, o.short_name, o.code, o.founded, o.dissolved, " \
  "o.term_start, o.term_years, "                                                             \
  "(SELECT count(*) FROM org c WHERE c.parent_id = o.id AND c.dissolved IS NULL) AS n_children, " \
  "(SELECT count(*) FROM org a WHERE a.parent_id = o.id) AS n_children_all, "                \
  "(SELECT count(*) FROM org d WHERE d.path > o.path "                                      \
  "AND d.path < substr(o.path, 1, length(o.path) - 1) || '0' AND d.dissolved IS NULL) AS n_subtree"

int org_insert(Db *db, const OrgNew *o, int64_t now, int64_t *id) {
  char *parent_path = NULL;
  if (o->parent_id) {
    parent_path = db_text(db, "SELECT path FROM org WHERE id = ?", "i", o->parent_id);
    if (!parent_path) {
      return DB_NOTFOUND;
    }
  }
  DbStmt *st = db_prepare(db, "INSERT INTO org(parent_id, path, kind, name, short_name, code, "
                              "founded, term_start, term_years, created_at, updated_at) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
  db_bind_text(st, 6, o->code && *o->code ? o->code : NULL);
  db_bind_text(st, 7, o->founded);
  db_bind_text(st, 8, o->term_start);
  if (o->term_years > 0) {
    db_bind_int(st, 9, o->term_years);
  } else {
    db_bind_null(st, 9);
  }
  db_bind_int(st, 10, now);
  db_bind_int(st, 11, now);
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

int64_t org_by_code(Db *db, const char *code) {
  return db_int(db, 0, "SELECT id FROM org WHERE code = ?", "t", code);
}

static void add_tags(Db *db, json_t *org) {
  json_t *tags = json_array();
  DbStmt *st = db_prepare(db, "SELECT t.code, t.label FROM org_tag ot JOIN tag t ON t.id = "
                              "ot.tag_id WHERE ot.org_id = ? ORDER BY t.id");
  db_bind_int(st, 1, json_integer_value(json_object_get(org, "id")));
  while (db_step(st) == DB_ROW) {
    json_array_append_new(tags, db_row_json(st));
  }
  db_finalize(st);
  json_object_set_new(org, "tags", tags);
}

void org_add_tags(Db *db, json_t *orgs) {
  size_t i;
  json_t *org;
  json_array_foreach(orgs, i, org) { add_tags(db, org); }
}

json_t *org_get(Db *db, const Scope *scope, int64_t id) {
  json_t *org = NULL;
  for (size_t i = 0; !org && i < scope->n; i++) {
    DbStmt *st = db_prepare(db, "SELECT " ORG_COLUMNS " FROM org o "
                                "WHERE o.id = ? AND o.path >= ? AND o.path < ?");
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, scope->lo[i]);
    db_bind_text(st, 3, scope->hi[i]);
    if (db_step(st) == DB_ROW) {
      org = db_row_json(st);
    }
    db_finalize(st);
  }
  if (org) {
    add_tags(db, org);
  }
  return org;
}

char *org_path_of(Db *db, const Scope *scope, int64_t id) {
  char *path = NULL;
  for (size_t i = 0; !path && i < scope->n; i++) {
    path = db_text(db, "SELECT path FROM org WHERE id = ? AND path >= ? AND path < ?", "itt", id,
                   scope->lo[i], scope->hi[i]);
  }
  return path;
}

static void append_rows(DbStmt *st, json_t *out) {
  while (db_step(st) == DB_ROW) {
    json_array_append_new(out, db_row_json(st));
  }
  db_finalize(st);
}

json_t *org_get_or_first(Db *db, const Scope *scope, int64_t preferred) {
  json_t *org = preferred > 0 ? org_get(db, scope, preferred) : NULL;
  if (!org) {
    json_t *roots = org_children(db, scope, 0, false);
    int64_t first = json_integer_value(json_object_get(json_array_get(roots, 0), "id"));
    json_decref(roots);
    org = first > 0 ? org_get(db, scope, first) : NULL;
  }
  return org;
}

json_t *org_subtree_names(Db *db, const char *path) {
  size_t n = strlen(path);
  if (n == 0 || path[n - 1] != '/') {
    return json_object();
  }
  char *hi = strdup(path);
  if (!hi) {
    return NULL;
  }
  hi[n - 1] = '0'; /* the character after '/': the subtree is [path, hi) */
  DbStmt *st = db_prepare(db, "SELECT id, short_name FROM org WHERE path >= ? AND path < ?");
  json_t *names = st ? json_object() : NULL;
  if (st) {
    db_bind_text(st, 1, path);
    db_bind_text(st, 2, hi);
    while (db_step(st) == DB_ROW) {
      char id[24];
      snprintf(id, sizeof id, "%lld", (long long)db_col_int(st, 0));
      json_object_set_new(names, id, json_string(db_col_text(st, 1) ? db_col_text(st, 1) : ""));
    }
    db_finalize(st);
  }
  free(hi);
  return names;
}

json_t *org_children(Db *db, const Scope *scope, int64_t parent_id, bool with_dissolved) {
  json_t *out = json_array();
  if (parent_id) {
    char *path = org_path_of(db, scope, parent_id);
    if (!path) {
      return out;
    }
    free(path);
    DbStmt *st = db_prepare(db, "SELECT " ORG_COLUMNS " FROM org o WHERE o.parent_id = ? "
                                "AND (? = 1 OR o.dissolved IS NULL) "
                                "ORDER BY CASE o.kind WHEN 'town' THEN 1 WHEN 'general' THEN 2 "
                                "WHEN 'community' THEN 3 WHEN 'village' THEN 4 WHEN 'enterprise' "
                                "THEN 5 WHEN 'joint' THEN 6 WHEN 'agency' THEN 7 ELSE 8 END, "
                                "o.code, o.id");
    db_bind_int(st, 1, parent_id);
    db_bind_int(st, 2, with_dissolved);
    append_rows(st, out);
    return out;
  }
  for (size_t i = 0; i < scope->n; i++) {
    DbStmt *st;
    if (strcmp(scope->lo[i], "/") == 0) {
      st = db_prepare(db, "SELECT " ORG_COLUMNS " FROM org o WHERE o.parent_id IS NULL "
                          "AND (? = 1 OR o.dissolved IS NULL) ORDER BY o.code, o.id");
      db_bind_int(st, 1, with_dissolved);
    } else {
      st = db_prepare(db, "SELECT " ORG_COLUMNS " FROM org o WHERE o.path = ? "
                          "AND (? = 1 OR o.dissolved IS NULL)");
      db_bind_text(st, 1, scope->lo[i]);
      db_bind_int(st, 2, with_dissolved);
    }
    append_rows(st, out);
  }
  return out;
}

json_t *org_ancestors(Db *db, const Scope *scope, const char *path) {
  json_t *out = json_array();
  /* "/1/4/17/" has ancestors "/1/" and "/1/4/": each prefix ending in '/'. */
  size_t n = strlen(path);
  for (size_t k = 1; k + 1 < n; k++) {
    if (path[k] != '/') {
      continue;
    }
    char prefix[512];
    if (k + 1 >= sizeof prefix) {
      break;
    }
    memcpy(prefix, path, k + 1);
    prefix[k + 1] = '\0';
    if (!scope_contains(scope, prefix)) {
      continue;
    }
    DbStmt *st = db_prepare(db, "SELECT id, short_name, kind FROM org WHERE path = ?");
    db_bind_text(st, 1, prefix);
    append_rows(st, out);
  }
  return out;
}

/* Copies q into a LIKE pattern "%q%" with \ escaping % _ and \. */
static char *like_pattern(const char *q) {
  size_t n = strlen(q);
  char *p = malloc(2 * n + 3);
  if (!p) {
    abort();
  }
  size_t k = 0;
  p[k++] = '%';
  for (size_t i = 0; i < n; i++) {
    if (q[i] == '%' || q[i] == '_' || q[i] == '\\') {
      p[k++] = '\\';
    }
    p[k++] = q[i];
  }
  p[k++] = '%';
  p[k] = '\0';
  return p;
}

json_t *org_search(Db *db, const Scope *scope, const char *q, int limit) {
  json_t *out = json_array();
  char *pattern = like_pattern(q);
  for (size_t i = 0; i < scope->n && (int)json_array_size(out) < limit; i++) {
    DbStmt *st = db_prepare(db, "SELECT o.id, o.path, o.kind, o.name, o.short_name, o.code, "
                                "o.dissolved FROM org o WHERE o.path >= ? AND o.path < ? "
                                "AND (o.name LIKE ? ESCAPE '\\' OR o.short_name LIKE ? "
                                "ESCAPE '\\' OR o.code = ?) ORDER BY o.path LIMIT ?");
    db_bind_text(st, 1, scope->lo[i]);
    db_bind_text(st, 2, scope->hi[i]);
    db_bind_text(st, 3, pattern);
    db_bind_text(st, 4, pattern);
    db_bind_text(st, 5, q);
    db_bind_int(st, 6, limit - (int)json_array_size(out));
    append_rows(st, out);
  }
  free(pattern);
  return out;
}

int org_update(Db *db, const Scope *scope, int64_t id, const OrgEdit *e, int64_t now) {
  char *path = org_path_of(db, scope, id);
  if (!path) {
    return DB_NOTFOUND;
  }
  free(path);
  DbStmt *st = db_prepare(db, "UPDATE org SET name = ?, short_name = ?, code = ?, founded = ?, "
                              "term_start = ?, term_years = ?, updated_at = ? WHERE id = ?");
  db_bind_text(st, 1, e->name);
  db_bind_text(st, 2, e->short_name);
  db_bind_text(st, 3, e->code && *e->code ? e->code : NULL);
  db_bind_text(st, 4, e->founded);
  db_bind_text(st, 5, e->term_start);
  if (e->term_years > 0) {
    db_bind_int(st, 6, e->term_years);
  } else {
    db_bind_null(st, 6);
  }
  db_bind_int(st, 7, now);
  db_bind_int(st, 8, id);
  int rc = db_step(st);
  db_finalize(st);
  return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERR);
}

int org_move(Db *db, const Scope *scope, int64_t id, int64_t new_parent, int64_t now) {
  char *old = org_path_of(db, scope, id);
  char *parent = org_path_of(db, scope, new_parent);
  int rc = DB_NOTFOUND;
  if (old && parent && !org_path_within(parent, old)) {
    char fresh[512], hi[512];
    snprintf(fresh, sizeof fresh, "%s%lld/", parent, (long long)id);
    snprintf(hi, sizeof hi, "%.*s0", (int)strlen(old) - 1, old);
    rc = db_exec(db,
                 "UPDATE org SET path = ? || substr(path, ?), updated_at = ? "
                 "WHERE path >= ? AND path < ?",
                 "tiitt", fresh, (int64_t)strlen(old) + 1, now, old, hi);
    if (rc == DB_OK) {
      rc = db_exec(db, "UPDATE org SET parent_id = ? WHERE id = ?", "ii", new_parent, id);
    }
  }
  free(old);
  free(parent);
  return rc;
}

int org_dissolve(Db *db, const Scope *scope, int64_t id, const char *date, int64_t now) {
  char *path = org_path_of(db, scope, id);
  if (!path) {
    return DB_NOTFOUND;
  }
  char hi[512];
  snprintf(hi, sizeof hi, "%.*s0", (int)strlen(path) - 1, path);
  int rc = db_exec(db,
                   "UPDATE org SET dissolved = ?, updated_at = ? "
                   "WHERE path >= ? AND path < ? AND dissolved IS NULL",
                   "titt", date, now, path, hi);
  free(path);
  return rc;
}

char *org_subtree_latest_founded(Db *db, const Scope *scope, int64_t id) {
  char *path = org_path_of(db, scope, id);
  if (!path) {
    return NULL;
  }
  char hi[512];
  snprintf(hi, sizeof hi, "%.*s0", (int)strlen(path) - 1, path);
  char *latest = db_text(db,
                         "SELECT max(founded) FROM org WHERE path > ? AND path < ? "
                         "AND dissolved IS NULL",
                         "tt", path, hi);
  free(path);
  return latest;
}

int org_set_tags(Db *db, int64_t id, const char *const *codes, size_t n) {
  int rc = db_exec(db, "DELETE FROM org_tag WHERE org_id = ?", "i", id);
  for (size_t i = 0; rc == DB_OK && i < n; i++) {
    int64_t tag = db_int(db, 0, "SELECT id FROM tag WHERE code = ?", "t", codes[i]);
    rc = tag ? db_exec(db, "INSERT INTO org_tag(org_id, tag_id) VALUES (?, ?)", "ii", id, tag)
             : DB_NOTFOUND;
  }
  return rc;
}

json_t *org_tag_list(Db *db) {
  return db_rows_json(db, "SELECT code, label FROM tag ORDER BY id", "");
}

int org_assign_contact(Db *db, int64_t account_id, int64_t org_id, const char *kind,
                       const char *start_date) {
  return db_exec(db,
                 "INSERT INTO contact_assignment(account_id, org_id, kind, start_date) "
                 "VALUES (?, ?, ?, ?)",
                 "iitt", account_id, org_id, kind, start_date);
}
