/*
 * study_store.c: the SQL of study materials and key topics, and the record texts of the text
 * checks. See study_store.h for the contracts. A scope range [lo, hi) makes a row visible when
 * its registering org lies in the range or is an ancestor of lo (its path is a prefix of lo);
 * writable only in the first case. Every query is one index range over org.path: the scope
 * range itself, then for each ancestor the range [path, path + "\x01"), which holds that path
 * alone (every longer path continues with a digit).
 */
#include "meeting/study_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/banned.h"

/* ---- shared ---- */

static const char *nz(const char *s) { return s && *s ? s : NULL; }

static char *dup_text(const char *s) {
  size_t n = s ? strlen(s) : 0;
  char *c = malloc(n + 1);
  if (!c) {
    abort();
  }
  if (n) {
    memcpy(c, s, n);
  }
  c[n] = '\0';
  return c;
}

/* Appends the rows of st not already in out; sets can_edit from the range. Finalizes st. */
static int append_visible(DbStmt *st, json_t *out) {
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    json_t *row = db_row_json(st);
    int64_t id = json_integer_value(json_object_get(row, "id"));
    json_t *old = NULL;
    size_t i;
    json_t *v;
    json_array_foreach(out, i, v) {
      if (json_integer_value(json_object_get(v, "id")) == id) {
        old = v;
        break;
      }
    }
    if (old) {
      if (json_integer_value(json_object_get(row, "can_edit"))) {
        json_object_set_new(old, "can_edit", json_integer(1));
      }
      json_decref(row);
    } else {
      json_array_append_new(out, row);
    }
  }
  db_finalize(st);
  return rc == DB_DONE ? DB_OK : DB_ERR;
}

/* The path ranges that make rows visible for the scope range [lo, hi): the range itself
 * (edit 1) and one per proper ancestor of lo (edit 0). */
typedef struct Ranges {
  size_t n;
  char *lo[16], *hi[16];
  int edit[16];
} Ranges;

static char *dup_n(const char *s, size_t n, const char *tail) {
  size_t t = strlen(tail);
  char *c = malloc(n + t + 1);
  if (!c) {
    abort();
  }
  memcpy(c, s, n);
  memcpy(c + n, tail, t + 1);
  return c;
}

static void ranges_of(const char *lo, const char *hi, Ranges *r) {
  memset(r, 0, sizeof *r);
  r->lo[0] = dup_n(lo, strlen(lo), "");
  r->hi[0] = dup_n(hi, strlen(hi), "");
  r->edit[0] = 1;
  r->n = 1;
  /* "/1/4/17/": ancestors "/1/" and "/1/4/" */
  for (size_t i = 1; lo[i] && r->n < 16; i++) {
    if (lo[i] == '/' && lo[i + 1]) {
      r->lo[r->n] = dup_n(lo, i + 1, "");
      r->hi[r->n] = dup_n(lo, i + 1, "\x01");
      r->edit[r->n++] = 0;
    }
  }
}

static void ranges_free(Ranges *r) {
  for (size_t i = 0; i < r->n; i++) {
    free(r->lo[i]);
    free(r->hi[i]);
  }
  memset(r, 0, sizeof *r);
}

/* Rows of a JSON array sorted by cmp (new array; steals a). */
static json_t *sorted(json_t *a, int (*cmp)(const void *, const void *)) {
  size_t n = json_array_size(a);
  json_t **v = malloc((n + 1) * sizeof *v);
  if (!v) {
    abort();
  }
  for (size_t i = 0; i < n; i++) {
    v[i] = json_incref(json_array_get(a, i));
  }
  qsort(v, n, sizeof *v, cmp);
  json_t *out = json_array();
  for (size_t i = 0; i < n; i++) {
    json_array_append_new(out, v[i]);
  }
  free(v);
  json_decref(a);
  return out;
}

static int newest_first(const void *a, const void *b) {
  json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "id"));
  json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "id"));
  return (x < y) - (x > y);
}

static int latest_period_first(const void *a, const void *b) {
  const char *x = json_string_value(json_object_get(*(json_t *const *)a, "period_from"));
  const char *y = json_string_value(json_object_get(*(json_t *const *)b, "period_from"));
  int c = strcmp(y ? y : "", x ? x : "");
  return c ? c : newest_first(a, b);
}

/* The path of org id when it is a district or town in scope, else NULL (malloc'd). */
static char *register_org_path(Db *db, const Scope *scope, int64_t id) {
  char *path = NULL;
  for (size_t i = 0; !path && i < scope->n; i++) {
    path = db_text(db,
                   "SELECT path FROM org WHERE id = ? AND path >= ? AND path < ? "
                   "AND kind IN ('district', 'town') AND dissolved IS NULL",
                   "itt", id, scope->lo[i], scope->hi[i]);
  }
  return path;
}

json_t *study_register_orgs(Db *db, const Scope *scope) {
  json_t *out = json_array();
  for (size_t i = 0; i < scope->n; i++) {
    DbStmt *st = db_prepare(db, "SELECT id, name, kind, code, 0 AS can_edit FROM org "
                                "WHERE path >= ? AND path < ? AND kind IN ('district', 'town') "
                                "AND dissolved IS NULL ORDER BY path");
    db_bind_types(st, "tt", scope->lo[i], scope->hi[i]);
    if (append_visible(st, out) != DB_OK) {
      json_decref(out);
      return NULL;
    }
  }
  size_t i;
  json_t *v;
  json_array_foreach(out, i, v) { json_object_del(v, "can_edit"); }
  return out;
}

/* ---- materials ---- */

#define MATERIAL_COLUMNS                                                                           \
  "SELECT x.id, x.org_id, o.name AS org_name, x.title, x.source, length(x.body) AS chars, "        \
  "x.retired_at, x.registered_at, a.login AS registered_login, :edit AS can_edit "

/* The visible materials (id 0: all; with_retired) of every range of the scope. */
static json_t *materials_visible(Db *db, const Scope *scope, int64_t id, bool with_retired,
                                 bool with_body) {
  json_t *out = json_array();
  for (size_t i = 0; out && i < scope->n; i++) {
    Ranges rg;
    ranges_of(scope->lo[i], scope->hi[i], &rg);
    for (size_t k = 0; out && k < rg.n; k++) {
      DbStmt *st =
          with_body
              ? db_prepare(db, MATERIAL_COLUMNS ", x.body, o.path AS org_path "
                                                "FROM org o "
                                                "JOIN study_material x ON x.org_id = o.id "
                                                "LEFT JOIN account a ON a.id = x.registered_by "
                                                "WHERE o.path >= :lo AND o.path < :hi "
                                                "AND x.id = :id")
              : db_prepare(db, MATERIAL_COLUMNS "FROM org o "
                                                "JOIN study_material x ON x.org_id = o.id "
                                                "LEFT JOIN account a ON a.id = x.registered_by "
                                                "WHERE o.path >= :lo AND o.path < :hi "
                                                "AND (:all = 1 OR x.retired_at IS NULL)");
      db_bind_text_named(st, ":lo", rg.lo[k]);
      db_bind_text_named(st, ":hi", rg.hi[k]);
      db_bind_int_named(st, ":edit", rg.edit[k]);
      if (with_body) {
        db_bind_int_named(st, ":id", id);
      } else {
        db_bind_int_named(st, ":all", with_retired);
      }
      if (append_visible(st, out) != DB_OK) {
        json_decref(out);
        out = NULL;
      }
    }
    ranges_free(&rg);
  }
  return out ? sorted(out, newest_first) : NULL;
}

json_t *study_material_list(Db *db, const Scope *scope, bool with_retired) {
  return materials_visible(db, scope, 0, with_retired, false);
}

json_t *study_material_get(Db *db, const Scope *scope, int64_t id) {
  json_t *out = materials_visible(db, scope, id, true, true);
  json_t *m = json_array_size(out) ? json_incref(json_array_get(out, 0)) : NULL;
  json_decref(out);
  return m;
}

/* Whether the stored row of table's id has its org in scope (writable). */
static bool material_writable(Db *db, const Scope *scope, int64_t id) {
  for (size_t i = 0; i < scope->n; i++) {
    if (db_exists(db,
                  "SELECT 1 FROM study_material x JOIN org o ON o.id = x.org_id "
                  "WHERE x.id = ? AND o.path >= ? AND o.path < ?",
                  "itt", id, scope->lo[i], scope->hi[i])) {
      return true;
    }
  }
  return false;
}

int study_material_save(Db *db, const Scope *scope, int64_t id, const StudyMaterialIn *in,
                        int64_t account_id, int64_t now, int64_t *out_id) {
  char *path = register_org_path(db, scope, in->org_id);
  if (!path || (id > 0 && !material_writable(db, scope, id))) {
    free(path);
    return DB_NOTFOUND;
  }
  free(path);
  int rc;
  if (id > 0) {
    rc = db_exec(db,
                 "UPDATE study_material SET org_id = ?, title = ?, source = ?, body = ?, "
                 "updated_at = ? WHERE id = ?",
                 "itttii", in->org_id, in->title, nz(in->source), in->body, now, id);
  } else {
    rc = db_exec(db,
                 "INSERT INTO study_material(org_id, title, source, body, registered_by, "
                 "registered_at, updated_at) VALUES (?, ?, ?, ?, NULLIF(?, 0), ?, ?)",
                 "itttiii", in->org_id, in->title, nz(in->source), in->body, account_id, now, now);
    id = rc == DB_OK ? db_last_id(db) : 0;
  }
  if (rc == DB_OK && out_id) {
    *out_id = id;
  }
  return rc;
}

int study_material_retire(Db *db, const Scope *scope, int64_t id, bool retire, int64_t now) {
  if (!material_writable(db, scope, id)) {
    return DB_NOTFOUND;
  }
  return retire
             ? db_exec(db, "UPDATE study_material SET retired_at = ?, updated_at = ? WHERE id = ?",
                       "iii", now, now, id)
             : db_exec(db,
                       "UPDATE study_material SET retired_at = NULL, updated_at = ? WHERE id = ?",
                       "ii", now, id);
}

/* ---- key topics ---- */

#define TOPIC_COLUMNS                                                                              \
  "SELECT x.id, x.org_id, o.name AS org_name, x.title, x.keywords, x.period_from, "                \
  "x.period_to, x.retired_at, x.registered_at, a.login AS registered_login, :edit AS can_edit "

static json_t *topics_visible(Db *db, const Scope *scope, int64_t id, bool with_retired) {
  json_t *out = json_array();
  for (size_t i = 0; out && i < scope->n; i++) {
    Ranges rg;
    ranges_of(scope->lo[i], scope->hi[i], &rg);
    for (size_t k = 0; out && k < rg.n; k++) {
      DbStmt *st = db_prepare(db, TOPIC_COLUMNS "FROM org o JOIN key_topic x ON x.org_id = o.id "
                                                "LEFT JOIN account a ON a.id = x.registered_by "
                                                "WHERE o.path >= :lo AND o.path < :hi "
                                                "AND (:id = 0 OR x.id = :id) "
                                                "AND (:all = 1 OR x.retired_at IS NULL)");
      db_bind_text_named(st, ":lo", rg.lo[k]);
      db_bind_text_named(st, ":hi", rg.hi[k]);
      db_bind_int_named(st, ":edit", rg.edit[k]);
      db_bind_int_named(st, ":id", id);
      db_bind_int_named(st, ":all", with_retired || id > 0);
      if (append_visible(st, out) != DB_OK) {
        json_decref(out);
        out = NULL;
      }
    }
    ranges_free(&rg);
  }
  return out ? sorted(out, latest_period_first) : NULL;
}

json_t *study_topic_list(Db *db, const Scope *scope, bool with_retired) {
  return topics_visible(db, scope, 0, with_retired);
}

json_t *study_topic_get(Db *db, const Scope *scope, int64_t id) {
  json_t *out = topics_visible(db, scope, id, true);
  json_t *m = json_array_size(out) ? json_incref(json_array_get(out, 0)) : NULL;
  json_decref(out);
  return m;
}

static bool topic_writable(Db *db, const Scope *scope, int64_t id) {
  for (size_t i = 0; i < scope->n; i++) {
    if (db_exists(db,
                  "SELECT 1 FROM key_topic x JOIN org o ON o.id = x.org_id "
                  "WHERE x.id = ? AND o.path >= ? AND o.path < ?",
                  "itt", id, scope->lo[i], scope->hi[i])) {
      return true;
    }
  }
  return false;
}

int study_topic_save(Db *db, const Scope *scope, int64_t id, const StudyTopicIn *in,
                     int64_t account_id, int64_t now, int64_t *out_id) {
  char *path = register_org_path(db, scope, in->org_id);
  if (!path || (id > 0 && !topic_writable(db, scope, id))) {
    free(path);
    return DB_NOTFOUND;
  }
  free(path);
  int rc;
  if (id > 0) {
    rc = db_exec(db,
                 "UPDATE key_topic SET org_id = ?, title = ?, keywords = ?, period_from = ?, "
                 "period_to = ?, updated_at = ? WHERE id = ?",
                 "ittttii", in->org_id, in->title, in->keywords, in->from, in->to, now, id);
  } else {
    rc = db_exec(db,
                 "INSERT INTO key_topic(org_id, title, keywords, period_from, period_to, "
                 "registered_by, registered_at, updated_at) "
                 "VALUES (?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?)",
                 "ittttiii", in->org_id, in->title, in->keywords, in->from, in->to, account_id, now,
                 now);
    id = rc == DB_OK ? db_last_id(db) : 0;
  }
  if (rc == DB_OK && out_id) {
    *out_id = id;
  }
  return rc;
}

int study_topic_retire(Db *db, const Scope *scope, int64_t id, bool retire, int64_t now) {
  if (!topic_writable(db, scope, id)) {
    return DB_NOTFOUND;
  }
  return retire ? db_exec(db, "UPDATE key_topic SET retired_at = ?, updated_at = ? WHERE id = ?",
                          "iii", now, now, id)
                : db_exec(db, "UPDATE key_topic SET retired_at = NULL, updated_at = ? WHERE id = ?",
                          "ii", now, id);
}

/* ---- for the checks ---- */

static void *grow(void *a, size_t *cap, size_t n, size_t size) {
  if (n < *cap) {
    return a;
  }
  *cap = *cap ? *cap * 2 : 64;
  void *b = realloc(a, *cap * size);
  if (!b) {
    abort();
  }
  return b;
}

static bool parse_day(const char *s, Date *d) {
  const char *why = NULL;
  return s && strlen(s) >= 10 && date_parse(s, 10, d, &why) == 0;
}

int study_check_materials(Db *db, const char *lo, const char *hi, StudyCheckMaterial **out,
                          size_t *n) {
  *out = NULL;
  *n = 0;
  Ranges rg;
  ranges_of(lo, hi, &rg);
  size_t cap = 0;
  int rc = DB_DONE;
  for (size_t k = 0; rc == DB_DONE && k < rg.n; k++) {
    DbStmt *st = db_prepare(db, "SELECT x.id, o.path, x.title, x.source, x.body "
                                "FROM org o JOIN study_material x ON x.org_id = o.id "
                                "WHERE o.path >= ? AND o.path < ? AND x.retired_at IS NULL "
                                "ORDER BY x.id");
    db_bind_types(st, "tt", rg.lo[k], rg.hi[k]);
    while ((rc = db_step(st)) == DB_ROW) {
      *out = grow(*out, &cap, *n, sizeof **out);
      StudyCheckMaterial *m = &(*out)[(*n)++];
      m->id = db_col_int(st, 0);
      m->org_path = dup_text(db_col_text(st, 1));
      m->title = dup_text(db_col_text(st, 2));
      m->source = dup_text(db_col_text(st, 3));
      m->body = dup_text(db_col_text(st, 4));
    }
    db_finalize(st);
  }
  ranges_free(&rg);
  if (rc != DB_DONE) {
    study_check_materials_free(*out, *n);
    *out = NULL;
    *n = 0;
    return rc < 0 ? rc : DB_ERR;
  }
  return DB_OK;
}

void study_check_materials_free(StudyCheckMaterial *a, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(a[i].org_path);
    free(a[i].title);
    free(a[i].source);
    free(a[i].body);
  }
  free(a);
}

int study_check_topics(Db *db, const char *lo, const char *hi, const char *from, const char *to,
                       StudyCheckTopic **out, size_t *n) {
  *out = NULL;
  *n = 0;
  Ranges rg;
  ranges_of(lo, hi, &rg);
  size_t cap = 0;
  int rc = DB_DONE;
  for (size_t k = 0; rc == DB_DONE && k < rg.n; k++) {
    DbStmt *st = db_prepare(db, "SELECT x.id, o.path, o.name, x.title, x.keywords, "
                                "x.period_from, x.period_to "
                                "FROM org o JOIN key_topic x ON x.org_id = o.id "
                                "WHERE o.path >= ? AND o.path < ? AND x.retired_at IS NULL "
                                "AND x.period_from <= ? AND x.period_to >= ? "
                                "ORDER BY x.period_from, x.id");
    db_bind_types(st, "tttt", rg.lo[k], rg.hi[k], to, from);
    while ((rc = db_step(st)) == DB_ROW) {
      Date f, t;
      if (!parse_day(db_col_text(st, 5), &f) || !parse_day(db_col_text(st, 6), &t)) {
        continue;
      }
      *out = grow(*out, &cap, *n, sizeof **out);
      StudyCheckTopic *x = &(*out)[(*n)++];
      x->id = db_col_int(st, 0);
      x->org_path = dup_text(db_col_text(st, 1));
      x->org_name = dup_text(db_col_text(st, 2));
      x->title = dup_text(db_col_text(st, 3));
      x->keywords = dup_text(db_col_text(st, 4));
      x->from = f;
      x->to = t;
    }
    db_finalize(st);
  }
  ranges_free(&rg);
  if (rc != DB_DONE) {
    study_check_topics_free(*out, *n);
    *out = NULL;
    *n = 0;
    return rc < 0 ? rc : DB_ERR;
  }
  return DB_OK;
}

void study_check_topics_free(StudyCheckTopic *a, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(a[i].org_path);
    free(a[i].org_name);
    free(a[i].title);
    free(a[i].keywords);
  }
  free(a);
}

typedef struct IdIndex {
  int64_t id;
  size_t at;
} IdIndex;

static int id_index_cmp(const void *a, const void *b) {
  int64_t x = ((const IdIndex *)a)->id, y = ((const IdIndex *)b)->id;
  return (x > y) - (x < y);
}

/* Appends the meeting_speech texts of the records to their text. */
static int add_speeches(Db *db, const char *lo, const char *hi, const char *from, const char *to,
                        int64_t meeting_id, StudyCheckText *rows, size_t n) {
  if (n == 0) {
    return DB_OK;
  }
  IdIndex *ix = malloc(n * sizeof *ix);
  if (!ix) {
    abort();
  }
  for (size_t i = 0; i < n; i++) {
    ix[i] = (IdIndex){rows[i].id, i};
  }
  qsort(ix, n, sizeof *ix, id_index_cmp);
  DbStmt *st = db_prepare(db, "SELECT s.meeting_id, s.text FROM meeting_speech s "
                              "JOIN meeting m ON m.id = s.meeting_id JOIN org o ON o.id = m.org_id "
                              "WHERE o.path >= ? AND o.path < ? AND m.held_at >= ? "
                              "AND m.held_at < ? AND (? = 0 OR m.id = ?) ORDER BY s.id");
  db_bind_types(st, "ttttii", lo, hi, from, to, meeting_id, meeting_id);
  int rc;
  Buf b = {0};
  while ((rc = db_step(st)) == DB_ROW) {
    IdIndex key = {db_col_int(st, 0), 0};
    IdIndex *hit = bsearch(&key, ix, n, sizeof *ix, id_index_cmp);
    const char *z = db_col_text(st, 1);
    if (!hit || !z) {
      continue;
    }
    StudyCheckText *r = &rows[hit->at];
    buf_printf(&b, "%s%s%s", r->text, *r->text ? "\n" : "", z);
    free(r->text);
    r->text = buf_take(&b);
  }
  db_finalize(st);
  buf_free(&b);
  free(ix);
  return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERR;
}

int study_check_texts(Db *db, const char *lo, const char *hi, const char *from, const char *to,
                      int64_t meeting_id, StudyCheckText **out, size_t *n) {
  *out = NULL;
  *n = 0;
  DbStmt *st = db_prepare(db, "SELECT m.id, m.org_id, o.path, o.short_name, m.kind, m.held_at, "
                              "m.state, m.minutes, m.topics, m.study_title, m.lecture_title "
                              "FROM meeting m JOIN org o ON o.id = m.org_id "
                              "WHERE o.path >= ? AND o.path < ? AND m.held_at >= ? "
                              "AND m.held_at < ? AND m.state <> 'closed' AND (? = 0 OR m.id = ?) "
                              "ORDER BY m.org_id, m.held_at, m.id");
  db_bind_types(st, "ttttii", lo, hi, from, to, meeting_id, meeting_id);
  size_t cap = 0;
  int rc;
  Buf b = {0};
  while ((rc = db_step(st)) == DB_ROW) {
    Date d;
    if (!parse_day(db_col_text(st, 5), &d)) {
      continue;
    }
    *out = grow(*out, &cap, *n, sizeof **out);
    StudyCheckText *r = &(*out)[(*n)++];
    memset(r, 0, sizeof *r);
    r->id = db_col_int(st, 0);
    r->org_id = db_col_int(st, 1);
    r->org_path = dup_text(db_col_text(st, 2));
    r->org_name = dup_text(db_col_text(st, 3));
    snprintf(r->kind, sizeof r->kind, "%s", db_col_text(st, 4) ? db_col_text(st, 4) : "");
    r->held = d;
    const char *state = db_col_text(st, 6);
    r->held_counts = !state || strcmp(state, "returned_rehold") != 0;
    r->text = dup_text(db_col_text(st, 7));
    for (int c = 8; c <= 10; c++) {
      if (db_col_text(st, c)) {
        buf_printf(&b, "%s\n", db_col_text(st, c));
      }
    }
    r->touch = b.len ? buf_take(&b) : dup_text("");
  }
  db_finalize(st);
  buf_free(&b);
  if (rc == DB_DONE) {
    rc = add_speeches(db, lo, hi, from, to, meeting_id, *out, *n);
  } else {
    rc = rc < 0 ? rc : DB_ERR;
  }
  if (rc != DB_OK) {
    study_check_texts_free(*out, *n);
    *out = NULL;
    *n = 0;
  }
  return rc;
}

void study_check_texts_free(StudyCheckText *a, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(a[i].org_path);
    free(a[i].org_name);
    free(a[i].text);
    free(a[i].touch);
  }
  free(a);
}
