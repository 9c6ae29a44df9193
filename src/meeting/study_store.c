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

/* ---- the two registers ---- */

/* What differs between the register of study materials and that of key topics: their
 * statements, each a function that prepares its literal SQL and binds its values. */
typedef struct Register {
  /* The rows of one visible range: id 0 the list (retired rows too with with_retired), else
   * that row (with its text where the register has one). Binds all but :lo, :hi and :edit. */
  DbStmt *(*visible)(Db *db, int64_t id, bool with_retired);
  int (*order)(const void *, const void *); /* of the list (sorted) */
  /* Whether row id was registered by an org in [lo, hi). */
  bool (*in_range)(Db *db, int64_t id, const char *lo, const char *hi);
  /* Sets (retire) or clears the row's retired_at. */
  int (*set_retired)(Db *db, int64_t id, bool retire, int64_t now);
} Register;

/* The visible rows of reg (id 0: all of them, with_retired; else that row) over every range
 * of the scope, in reg's order; NULL on a database error. */
static json_t *register_visible(Db *db, const Scope *scope, const Register *reg, int64_t id,
                                bool with_retired) {
  json_t *out = json_array();
  for (size_t i = 0; out && i < scope->n; i++) {
    Ranges rg;
    ranges_of(scope->lo[i], scope->hi[i], &rg);
    for (size_t k = 0; out && k < rg.n; k++) {
      DbStmt *st = reg->visible(db, id, with_retired);
      db_bind_text_named(st, ":lo", rg.lo[k]);
      db_bind_text_named(st, ":hi", rg.hi[k]);
      db_bind_int_named(st, ":edit", rg.edit[k]);
      if (append_visible(st, out) != DB_OK) {
        json_decref(out);
        out = NULL;
      }
    }
    ranges_free(&rg);
  }
  return out ? sorted(out, reg->order) : NULL;
}

/* Row id of reg when visible, else NULL. New reference. */
static json_t *register_get(Db *db, const Scope *scope, const Register *reg, int64_t id) {
  json_t *out = register_visible(db, scope, reg, id, true);
  json_t *m = json_array_size(out) ? json_incref(json_array_get(out, 0)) : NULL;
  json_decref(out);
  return m;
}

/* Whether the stored row id of reg has its org in scope (writable). */
static bool register_writable(Db *db, const Scope *scope, const Register *reg, int64_t id) {
  for (size_t i = 0; i < scope->n; i++) {
    if (reg->in_range(db, id, scope->lo[i], scope->hi[i])) {
      return true;
    }
  }
  return false;
}

/* DB_OK when org_id (a district or town in scope) may save a row of reg as id (0: a new row;
 * else a writable one); DB_NOTFOUND otherwise. */
static int register_may_save(Db *db, const Scope *scope, const Register *reg, int64_t org_id,
                             int64_t id) {
  char *path = register_org_path(db, scope, org_id);
  bool ok = path && (id <= 0 || register_writable(db, scope, reg, id));
  free(path);
  return ok ? DB_OK : DB_NOTFOUND;
}

/* Ends a save that returned rc: sets *out_id (when rc is DB_OK and out_id is not NULL) to id,
 * or to the row just inserted when id is 0. Returns rc. */
static int register_saved(Db *db, int rc, int64_t id, int64_t *out_id) {
  if (rc == DB_OK && out_id) {
    *out_id = id > 0 ? id : db_last_id(db);
  }
  return rc;
}

static int register_retire(Db *db, const Scope *scope, const Register *reg, int64_t id, bool retire,
                           int64_t now) {
  if (!register_writable(db, scope, reg, id)) {
    return DB_NOTFOUND;
  }
  return reg->set_retired(db, id, retire, now);
}

/* ---- materials ---- */

#define MATERIAL_COLUMNS                                                                           \
  "SELECT x.id, x.org_id, o.name AS org_name, x.title, x.source, length(x.body) AS chars, "        \
  "x.retired_at, x.registered_at, a.login AS registered_login, :edit AS can_edit "

static DbStmt *material_visible(Db *db, int64_t id, bool with_retired) {
  DbStmt *st;
  if (id > 0) {
    st = db_prepare(db, MATERIAL_COLUMNS ", x.body, o.path AS org_path "
                                         "FROM org o "
                                         "JOIN study_material x ON x.org_id = o.id "
                                         "LEFT JOIN account a ON a.id = x.registered_by "
                                         "WHERE o.path >= :lo AND o.path < :hi "
                                         "AND x.id = :id");
    db_bind_int_named(st, ":id", id);
  } else {
    st = db_prepare(db, MATERIAL_COLUMNS "FROM org o "
                                         "JOIN study_material x ON x.org_id = o.id "
                                         "LEFT JOIN account a ON a.id = x.registered_by "
                                         "WHERE o.path >= :lo AND o.path < :hi "
                                         "AND (:all = 1 OR x.retired_at IS NULL)");
    db_bind_int_named(st, ":all", with_retired);
  }
  return st;
}

static bool material_in_range(Db *db, int64_t id, const char *lo, const char *hi) {
  return db_exists(db,
                   "SELECT 1 FROM study_material x JOIN org o ON o.id = x.org_id "
                   "WHERE x.id = ? AND o.path >= ? AND o.path < ?",
                   "itt", id, lo, hi);
}

static int material_set_retired(Db *db, int64_t id, bool retire, int64_t now) {
  return retire
             ? db_exec(db, "UPDATE study_material SET retired_at = ?, updated_at = ? WHERE id = ?",
                       "iii", now, now, id)
             : db_exec(db,
                       "UPDATE study_material SET retired_at = NULL, updated_at = ? WHERE id = ?",
                       "ii", now, id);
}

static const Register materials = {material_visible, newest_first, material_in_range,
                                   material_set_retired};

json_t *study_material_list(Db *db, const Scope *scope, bool with_retired) {
  return register_visible(db, scope, &materials, 0, with_retired);
}

json_t *study_material_get(Db *db, const Scope *scope, int64_t id) {
  return id > 0 ? register_get(db, scope, &materials, id) : NULL;
}

int study_material_save(Db *db, const Scope *scope, int64_t id, const StudyMaterialIn *in,
                        int64_t account_id, int64_t now, int64_t *out_id) {
  int rc = register_may_save(db, scope, &materials, in->org_id, id);
  if (rc != DB_OK) {
    return rc;
  }
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
  }
  return register_saved(db, rc, id, out_id);
}

int study_material_retire(Db *db, const Scope *scope, int64_t id, bool retire, int64_t now) {
  return register_retire(db, scope, &materials, id, retire, now);
}

/* ---- key topics ---- */

#define TOPIC_COLUMNS                                                                              \
  "SELECT x.id, x.org_id, o.name AS org_name, x.title, x.keywords, x.period_from, "                \
  "x.period_to, x.retired_at, x.registered_at, a.login AS registered_login, :edit AS can_edit "

static DbStmt *topic_visible(Db *db, int64_t id, bool with_retired) {
  DbStmt *st = db_prepare(db, TOPIC_COLUMNS "FROM org o JOIN key_topic x ON x.org_id = o.id "
                                            "LEFT JOIN account a ON a.id = x.registered_by "
                                            "WHERE o.path >= :lo AND o.path < :hi "
                                            "AND (:id = 0 OR x.id = :id) "
                                            "AND (:all = 1 OR x.retired_at IS NULL)");
  db_bind_int_named(st, ":id", id);
  db_bind_int_named(st, ":all", with_retired || id > 0);
  return st;
}

static bool topic_in_range(Db *db, int64_t id, const char *lo, const char *hi) {
  return db_exists(db,
                   "SELECT 1 FROM key_topic x JOIN org o ON o.id = x.org_id "
                   "WHERE x.id = ? AND o.path >= ? AND o.path < ?",
                   "itt", id, lo, hi);
}

static int topic_set_retired(Db *db, int64_t id, bool retire, int64_t now) {
  return retire ? db_exec(db, "UPDATE key_topic SET retired_at = ?, updated_at = ? WHERE id = ?",
                          "iii", now, now, id)
                : db_exec(db, "UPDATE key_topic SET retired_at = NULL, updated_at = ? WHERE id = ?",
                          "ii", now, id);
}

static const Register topics = {topic_visible, latest_period_first, topic_in_range,
                                topic_set_retired};

json_t *study_topic_list(Db *db, const Scope *scope, bool with_retired) {
  return register_visible(db, scope, &topics, 0, with_retired);
}

json_t *study_topic_get(Db *db, const Scope *scope, int64_t id) {
  return register_get(db, scope, &topics, id);
}

int study_topic_save(Db *db, const Scope *scope, int64_t id, const StudyTopicIn *in,
                     int64_t account_id, int64_t now, int64_t *out_id) {
  int rc = register_may_save(db, scope, &topics, in->org_id, id);
  if (rc != DB_OK) {
    return rc;
  }
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
  }
  return register_saved(db, rc, id, out_id);
}

int study_topic_retire(Db *db, const Scope *scope, int64_t id, bool retire, int64_t now) {
  return register_retire(db, scope, &topics, id, retire, now);
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

/* What differs between the readers of the checks (the live materials, the topics of a period):
 * the statement of a range, a function that prepares its literal SQL and binds its values
 * (from and to: the period, where the reader has one), and taking a row into an element. */
typedef struct CheckReader {
  DbStmt *(*query)(Db *db, const char *lo, const char *hi, const char *from, const char *to);
  bool (*take)(DbStmt *st, void *slot); /* fills slot from the row; false: the row is skipped */
  size_t size;                          /* of an element */
} CheckReader;

/* The rows of rd over every visible range of [lo, hi) (ranges_of) as a malloc'd array of *n
 * elements (NULL for none). DB_OK, or an error with what was read so far in *out and *n (the
 * caller frees it). */
static int read_ranges(Db *db, const CheckReader *rd, const char *lo, const char *hi,
                       const char *from, const char *to, void **out, size_t *n) {
  *out = NULL;
  *n = 0;
  Ranges rg;
  ranges_of(lo, hi, &rg);
  size_t cap = 0;
  int rc = DB_DONE;
  for (size_t k = 0; rc == DB_DONE && k < rg.n; k++) {
    DbStmt *st = rd->query(db, rg.lo[k], rg.hi[k], from, to);
    while ((rc = db_step(st)) == DB_ROW) {
      *out = grow(*out, &cap, *n, rd->size);
      if (rd->take(st, (char *)*out + *n * rd->size)) {
        (*n)++;
      }
    }
    db_finalize(st);
  }
  ranges_free(&rg);
  return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERR;
}

static DbStmt *material_rows(Db *db, const char *lo, const char *hi, const char *from,
                             const char *to) {
  (void)from;
  (void)to;
  DbStmt *st = db_prepare(db, "SELECT x.id, o.path, x.title, x.source, x.body "
                              "FROM org o JOIN study_material x ON x.org_id = o.id "
                              "WHERE o.path >= ? AND o.path < ? AND x.retired_at IS NULL "
                              "ORDER BY x.id");
  db_bind_types(st, "tt", lo, hi);
  return st;
}

static bool material_take(DbStmt *st, void *slot) {
  StudyCheckMaterial *m = slot;
  m->id = db_col_int(st, 0);
  m->org_path = dup_text(db_col_text(st, 1));
  m->title = dup_text(db_col_text(st, 2));
  m->source = dup_text(db_col_text(st, 3));
  m->body = dup_text(db_col_text(st, 4));
  return true;
}

int study_check_materials(Db *db, const char *lo, const char *hi, StudyCheckMaterial **out,
                          size_t *n) {
  static const CheckReader reader = {material_rows, material_take, sizeof **out};
  void *a;
  int rc = read_ranges(db, &reader, lo, hi, NULL, NULL, &a, n);
  *out = a;
  if (rc != DB_OK) {
    study_check_materials_free(*out, *n);
    *out = NULL;
    *n = 0;
  }
  return rc;
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

static DbStmt *topic_rows(Db *db, const char *lo, const char *hi, const char *from,
                          const char *to) {
  DbStmt *st = db_prepare(db, "SELECT x.id, o.path, o.name, x.title, x.keywords, "
                              "x.period_from, x.period_to "
                              "FROM org o JOIN key_topic x ON x.org_id = o.id "
                              "WHERE o.path >= ? AND o.path < ? AND x.retired_at IS NULL "
                              "AND x.period_from <= ? AND x.period_to >= ? "
                              "ORDER BY x.period_from, x.id");
  db_bind_types(st, "tttt", lo, hi, to, from);
  return st;
}

static bool topic_take(DbStmt *st, void *slot) {
  Date f, t;
  if (!parse_day(db_col_text(st, 5), &f) || !parse_day(db_col_text(st, 6), &t)) {
    return false;
  }
  StudyCheckTopic *x = slot;
  x->id = db_col_int(st, 0);
  x->org_path = dup_text(db_col_text(st, 1));
  x->org_name = dup_text(db_col_text(st, 2));
  x->title = dup_text(db_col_text(st, 3));
  x->keywords = dup_text(db_col_text(st, 4));
  x->from = f;
  x->to = t;
  return true;
}

int study_check_topics(Db *db, const char *lo, const char *hi, const char *from, const char *to,
                       StudyCheckTopic **out, size_t *n) {
  static const CheckReader reader = {topic_rows, topic_take, sizeof **out};
  void *a;
  int rc = read_ranges(db, &reader, lo, hi, from, to, &a, n);
  *out = a;
  if (rc != DB_OK) {
    study_check_topics_free(*out, *n);
    *out = NULL;
    *n = 0;
  }
  return rc;
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
