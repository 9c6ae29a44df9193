/*
 * db: the SQLite implementation of db.h.
 *
 * A Db owns one sqlite3 connection (opened NOMUTEX: one thread at a time), its path, the
 * message of the last failure, and a cache of prepared statements keyed by SQL text (a hash
 * table of DB_CACHE_BUCKETS chains, at most DB_CACHE_MAX entries). A cached DbStmt is handed
 * out by db_prepare() when it is not in use and handed back by db_finalize(); when the cached
 * one is in use (nested loops over the same SQL) or the cache is full, db_prepare() makes a
 * loose statement, kept on db->loose until db_finalize() really finalises it.
 *
 * Migrations: the embedded assets "src/db/schema/NNN_name.sql", applied in version order,
 * each inside BEGIN IMMEDIATE … COMMIT together with its row in schema_migration.
 *
 * Debug builds (NDEBUG not defined) also: warn on stderr when a statement's query plan scans
 * a whole table (once per SQL text per connection), warn about failed prepares, and at
 * db_close() name every statement that was never finalised, then assert there were none.
 */
#include "db/db.h"

#include <assert.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "tmpl/asset.h"

#include "base/banned.h"

#define DB_CACHE_BUCKETS 64
#define DB_CACHE_MAX 512
#define DB_BUSY_TIMEOUT_MS 5000
#define DB_SCHEMA_PREFIX "src/db/schema/"

struct DbStmt {
  Db *db;
  sqlite3_stmt *stmt;
  char *sql;     /* owned copy of the text */
  uint32_t hash; /* of sql */
  bool cached;   /* lives in db->bucket until db_close */
  bool in_use;   /* handed out by db_prepare, not yet finalised */
  DbStmt *next;  /* next in the bucket chain (cached) or in db->loose (not cached) */
};

struct Db {
  sqlite3 *conn;
  char *path;
  Buf err; /* message of the last failure; "" when none yet */
  DbStmt *bucket[DB_CACHE_BUCKETS];
  DbStmt *loose; /* uncached statements handed out and not yet finalised */
  int n_cached;
  int n_prepared;    /* sqlite3_prepare calls for callers' statements */
  int n_outstanding; /* statements handed out and not yet finalised */
  int depth;         /* transaction nesting */
};

/* ---- errors ---- */

static void db_set_err(Db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void db_set_err(Db *db, const char *fmt, ...) {
  va_list ap;
  buf_reset(&db->err);
  va_start(ap, fmt);
  buf_vprintf(&db->err, fmt, ap);
  va_end(ap);
}

/* Maps an SQLite result code to a DbError. */
static int db_map_rc(int rc) {
  switch (rc & 0xff) {
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return DB_BUSY;
  case SQLITE_CONSTRAINT:
    return DB_CONSTRAINT;
  default:
    return DB_ERR;
  }
}

/* Records the connection's current message and returns the mapped code of rc. */
static int db_fail(Db *db, int rc) {
  db_set_err(db, "%s", sqlite3_errmsg(db->conn));
  return db_map_rc(rc);
}

/* Copies the current message into *err (malloc'd) when err is not NULL. */
static void db_export_err(Db *db, char **err) {
  if (err) {
    *err = strdup(buf_cstr(&db->err));
    if (!*err) {
      abort();
    }
  }
}

const char *db_errmsg(Db *db) { return db ? buf_cstr(&db->err) : "没有数据库连接"; }

const char *db_path(Db *db) { return db->path; }

/* ---- statement cache ---- */

/* FNV-1a of the text. */
static uint32_t db_hash(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) {
    h = (h ^ (unsigned char)*s) * 16777619u;
  }
  return h;
}

/* True when only whitespace, semicolons and comments remain in s. */
static bool db_tail_is_empty(const char *s) {
  while (*s) {
    if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r' || *s == ';') {
      s++;
    } else if (s[0] == '-' && s[1] == '-') {
      const char *nl = strchr(s, '\n');
      s = nl ? nl : s + strlen(s);
    } else if (s[0] == '/' && s[1] == '*') {
      const char *end = strstr(s + 2, "*/");
      s = end ? end + 2 : s + strlen(s);
    } else {
      return false;
    }
  }
  return true;
}

#ifndef NDEBUG
static bool db_starts_with_word(const char *sql, const char *word) {
  while (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == '\r') {
    sql++;
  }
  return strncasecmp(sql, word, strlen(word)) == 0;
}

/*
 * Debug builds: warns on stderr when the plan of sql scans a whole table ("SCAN t" without an
 * index), like Fossil. Called once per SQL text per connection, when it enters the cache.
 */
static void db_check_plan(Db *db, const char *sql) {
  if (!(db_starts_with_word(sql, "SELECT") || db_starts_with_word(sql, "WITH") ||
        db_starts_with_word(sql, "UPDATE") || db_starts_with_word(sql, "DELETE") ||
        db_starts_with_word(sql, "INSERT"))) {
    return;
  }
  if (strstr(sql, "sqlite_master") || strstr(sql, "sqlite_schema") ||
      strstr(sql, "schema_migration")) {
    return;
  }
  Buf eqp = BUF_INIT;
  buf_printf(&eqp, "EXPLAIN QUERY PLAN %s", sql);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db->conn, buf_cstr(&eqp), -1, &st, NULL) == SQLITE_OK && st) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      const char *detail = (const char *)sqlite3_column_text(st, 3);
      if (!detail || strncmp(detail, "SCAN ", 5) != 0) {
        continue;
      }
      const char *what = detail + 5;
      if (strstr(what, "USING INDEX") || strstr(what, "USING COVERING INDEX") ||
          strstr(what, "USING INTEGER PRIMARY KEY") || strstr(what, "VIRTUAL TABLE") ||
          strncmp(what, "CONSTANT ROW", 12) == 0 || what[0] == '(' ||
          strncmp(what, "subquery", 8) == 0) {
        continue;
      }
      fprintf(stderr, "db: warning: full table scan (%s) in: %s\n", detail, sql);
    }
  }
  sqlite3_finalize(st);
  buf_free(&eqp);
}
#endif

/* Prepares exactly one statement; on failure records the message and returns NULL. */
static sqlite3_stmt *db_prepare_raw(Db *db, const char *sql, bool persistent) {
  sqlite3_stmt *st = NULL;
  const char *tail = NULL;
  int rc = sqlite3_prepare_v3(db->conn, sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &st,
                              &tail);
  if (rc != SQLITE_OK) {
    db_set_err(db, "SQL 语句有误：%s（%s）", sqlite3_errmsg(db->conn), sql);
    sqlite3_finalize(st);
    st = NULL;
  } else if (!st) {
    db_set_err(db, "SQL 语句为空：%s", sql);
  } else if (tail && !db_tail_is_empty(tail)) {
    db_set_err(db, "一次只能准备一条 SQL 语句：%s", sql);
    sqlite3_finalize(st);
    st = NULL;
  }
#ifndef NDEBUG
  if (!st) {
    fprintf(stderr, "db: warning: %s\n", buf_cstr(&db->err));
  }
#endif
  return st;
}

DbStmt *db_prepare_(Db *db, const char *sql) {
  assert(db && sql);
  uint32_t h = db_hash(sql);
  DbStmt **chain = &db->bucket[h % DB_CACHE_BUCKETS];
  DbStmt *hit = NULL;
  for (DbStmt *e = *chain; e; e = e->next) {
    if (e->hash == h && strcmp(e->sql, sql) == 0) {
      hit = e;
      break;
    }
  }
  if (hit && !hit->in_use) {
    hit->in_use = true;
    db->n_outstanding++;
    return hit;
  }
  bool cache = !hit && db->n_cached < DB_CACHE_MAX;
  sqlite3_stmt *raw = db_prepare_raw(db, sql, cache);
  if (!raw) {
    return NULL;
  }
  db->n_prepared++;
  DbStmt *st = calloc(1, sizeof *st);
  char *copy = strdup(sql);
  if (!st || !copy) {
    abort();
  }
  st->db = db;
  st->stmt = raw;
  st->sql = copy;
  st->hash = h;
  st->cached = cache;
  st->in_use = true;
  if (cache) {
    st->next = *chain;
    *chain = st;
    db->n_cached++;
#ifndef NDEBUG
    db_check_plan(db, sql);
#endif
  } else {
    st->next = db->loose;
    db->loose = st;
  }
  db->n_outstanding++;
  return st;
}

void db_finalize(DbStmt *st) {
  if (!st) {
    return;
  }
  Db *db = st->db;
  assert(st->in_use);
  if (!st->in_use) {
    return; /* finalised twice: a bug, but keep the count right */
  }
  sqlite3_reset(st->stmt);
  sqlite3_clear_bindings(st->stmt);
  st->in_use = false;
  db->n_outstanding--;
  if (st->cached) {
    return;
  }
  for (DbStmt **p = &db->loose; *p; p = &(*p)->next) {
    if (*p == st) {
      *p = st->next;
      break;
    }
  }
  sqlite3_finalize(st->stmt);
  free(st->sql);
  free(st);
}

int db_prepare_count(Db *db) { return db->n_prepared; }

/* ---- binding ---- */

static int db_bind_rc(DbStmt *st, int idx, int rc) {
  if (rc == SQLITE_OK) {
    return DB_OK;
  }
  db_set_err(st->db, "绑定第 %d 个参数失败：%s（%s）", idx, sqlite3_errmsg(st->db->conn),
             st->sql);
  return DB_ERR;
}

int db_bind_int(DbStmt *st, int idx, int64_t v) {
  if (!st) {
    return DB_ERR;
  }
  return db_bind_rc(st, idx, sqlite3_bind_int64(st->stmt, idx, (sqlite3_int64)v));
}

int db_bind_double(DbStmt *st, int idx, double v) {
  if (!st) {
    return DB_ERR;
  }
  return db_bind_rc(st, idx, sqlite3_bind_double(st->stmt, idx, v));
}

int db_bind_text(DbStmt *st, int idx, const char *s) {
  return db_bind_textn(st, idx, s, s ? strlen(s) : 0);
}

int db_bind_textn(DbStmt *st, int idx, const char *s, size_t n) {
  if (!st) {
    return DB_ERR;
  }
  if (!s) {
    return db_bind_null(st, idx);
  }
  return db_bind_rc(st, idx,
                    sqlite3_bind_text64(st->stmt, idx, s, (sqlite3_uint64)n, SQLITE_TRANSIENT,
                                        SQLITE_UTF8));
}

int db_bind_blob(DbStmt *st, int idx, const void *p, size_t n) {
  if (!st) {
    return DB_ERR;
  }
  if (!p) {
    return db_bind_null(st, idx);
  }
  return db_bind_rc(st, idx,
                    sqlite3_bind_blob64(st->stmt, idx, p, (sqlite3_uint64)n, SQLITE_TRANSIENT));
}

int db_bind_null(DbStmt *st, int idx) {
  if (!st) {
    return DB_ERR;
  }
  return db_bind_rc(st, idx, sqlite3_bind_null(st->stmt, idx));
}

int db_param_index(DbStmt *st, const char *name) {
  if (!st || !name) {
    return 0;
  }
  return sqlite3_bind_parameter_index(st->stmt, name);
}

static int db_named_index(DbStmt *st, const char *name) {
  int idx = db_param_index(st, name);
  if (idx == 0 && st) {
    db_set_err(st->db, "参数 %s 不在语句中（%s）", name ? name : "(null)", st->sql);
  }
  return idx;
}

int db_bind_int_named(DbStmt *st, const char *name, int64_t v) {
  int idx = db_named_index(st, name);
  return idx ? db_bind_int(st, idx, v) : DB_ERR;
}

int db_bind_text_named(DbStmt *st, const char *name, const char *s) {
  int idx = db_named_index(st, name);
  return idx ? db_bind_text(st, idx, s) : DB_ERR;
}

/*
 * Binds the arguments described by types to parameters 1, 2, …. When exact, the number of
 * letters must equal the statement's parameter count.
 */
static int db_bind_va(DbStmt *st, bool exact, const char *types, va_list ap) {
  assert(types);
  int n = 0;
  for (const char *t = types; *t; t++) {
    int idx = ++n;
    int rc;
    switch (*t) {
    case 'i':
      rc = db_bind_int(st, idx, va_arg(ap, int64_t));
      break;
    case 'd':
      rc = db_bind_int(st, idx, va_arg(ap, int));
      break;
    case 'f':
      rc = db_bind_double(st, idx, va_arg(ap, double));
      break;
    case 't':
      rc = db_bind_text(st, idx, va_arg(ap, const char *));
      break;
    case 'n':
      rc = db_bind_null(st, idx);
      break;
    default:
      assert(!"db: unknown type letter");
      db_set_err(st->db, "未知的参数类型 '%c'（%s）", *t, st->sql);
      return DB_ERR;
    }
    if (rc < 0) {
      return rc;
    }
  }
  int want = sqlite3_bind_parameter_count(st->stmt);
  if (exact && n != want) {
    db_set_err(st->db, "参数个数不符：语句需要 %d 个，给了 %d 个（%s）", want, n, st->sql);
#ifndef NDEBUG
    fprintf(stderr, "db: warning: %s\n", buf_cstr(&st->db->err));
#endif
    return DB_ERR;
  }
  return DB_OK;
}

int db_bind_types(DbStmt *st, const char *types, ...) {
  if (!st) {
    return DB_ERR;
  }
  va_list ap;
  va_start(ap, types);
  int rc = db_bind_va(st, false, types, ap);
  va_end(ap);
  return rc;
}

/* ---- stepping and columns ---- */

int db_step(DbStmt *st) {
  if (!st) {
    return DB_ERR;
  }
  int rc = sqlite3_step(st->stmt);
  if (rc == SQLITE_ROW) {
    return DB_ROW;
  }
  if (rc == SQLITE_DONE) {
    return DB_DONE;
  }
  return db_fail(st->db, rc);
}

int db_reset(DbStmt *st) {
  if (!st) {
    return DB_ERR;
  }
  int rc = sqlite3_reset(st->stmt);
  return rc == SQLITE_OK ? DB_OK : db_fail(st->db, rc);
}

int db_col_count(DbStmt *st) { return st ? sqlite3_column_count(st->stmt) : 0; }

const char *db_col_name(DbStmt *st, int i) { return st ? sqlite3_column_name(st->stmt, i) : NULL; }

bool db_col_is_null(DbStmt *st, int i) {
  return !st || sqlite3_column_type(st->stmt, i) == SQLITE_NULL;
}

int64_t db_col_int(DbStmt *st, int i) {
  return st ? (int64_t)sqlite3_column_int64(st->stmt, i) : 0;
}

double db_col_double(DbStmt *st, int i) { return st ? sqlite3_column_double(st->stmt, i) : 0.0; }

const char *db_col_text(DbStmt *st, int i) {
  return st ? (const char *)sqlite3_column_text(st->stmt, i) : NULL;
}

const void *db_col_blob(DbStmt *st, int i, size_t *n) {
  const void *p = st ? sqlite3_column_blob(st->stmt, i) : NULL;
  if (n) {
    *n = p ? (size_t)sqlite3_column_bytes(st->stmt, i) : 0;
  }
  return p;
}

json_t *db_row_json(DbStmt *st) {
  json_t *o = json_object();
  if (!o) {
    abort();
  }
  int n = db_col_count(st);
  for (int i = 0; i < n; i++) {
    json_t *v = NULL;
    switch (sqlite3_column_type(st->stmt, i)) {
    case SQLITE_INTEGER:
      v = json_integer((json_int_t)sqlite3_column_int64(st->stmt, i));
      break;
    case SQLITE_FLOAT:
      v = json_real(sqlite3_column_double(st->stmt, i));
      break;
    case SQLITE_TEXT: {
      const char *s = (const char *)sqlite3_column_text(st->stmt, i);
      v = json_stringn(s, (size_t)sqlite3_column_bytes(st->stmt, i));
      if (!v) {
        v = json_null(); /* not valid UTF-8 */
      }
      break;
    }
    case SQLITE_NULL:
      v = json_null();
      break;
    default:
      continue; /* blobs are left out */
    }
    json_object_set_new(o, sqlite3_column_name(st->stmt, i), v);
  }
  return o;
}

/* ---- one-liners ---- */

/* Prepares sql and binds exactly the arguments in types; NULL on failure (message kept). */
static DbStmt *db_prepare_va(Db *db, const char *sql, const char *types, va_list ap) {
  DbStmt *st = db_prepare_(db, sql);
  if (st && db_bind_va(st, true, types, ap) < 0) {
    db_finalize(st);
    return NULL;
  }
  return st;
}

int64_t db_int_(Db *db, int64_t dflt, const char *sql, const char *types, ...) {
  va_list ap;
  va_start(ap, types);
  DbStmt *st = db_prepare_va(db, sql, types, ap);
  va_end(ap);
  int64_t v = dflt;
  if (st && db_step(st) == DB_ROW && !db_col_is_null(st, 0)) {
    v = db_col_int(st, 0);
  }
  db_finalize(st);
  return v;
}

char *db_text_(Db *db, const char *sql, const char *types, ...) {
  va_list ap;
  va_start(ap, types);
  DbStmt *st = db_prepare_va(db, sql, types, ap);
  va_end(ap);
  char *v = NULL;
  if (st && db_step(st) == DB_ROW) {
    const char *s = db_col_text(st, 0);
    if (s) {
      v = strdup(s);
      if (!v) {
        abort();
      }
    }
  }
  db_finalize(st);
  return v;
}

bool db_exists_(Db *db, const char *sql, const char *types, ...) {
  va_list ap;
  va_start(ap, types);
  DbStmt *st = db_prepare_va(db, sql, types, ap);
  va_end(ap);
  bool found = st && db_step(st) == DB_ROW;
  db_finalize(st);
  return found;
}

int db_exec_(Db *db, const char *sql, const char *types, ...) {
  va_list ap;
  va_start(ap, types);
  DbStmt *st = db_prepare_va(db, sql, types, ap);
  va_end(ap);
  if (!st) {
    return DB_ERR;
  }
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
  }
  db_finalize(st);
  return rc == DB_DONE ? DB_OK : rc;
}

json_t *db_rows_json_(Db *db, const char *sql, const char *types, ...) {
  va_list ap;
  va_start(ap, types);
  DbStmt *st = db_prepare_va(db, sql, types, ap);
  va_end(ap);
  if (!st) {
    return NULL;
  }
  json_t *a = json_array();
  if (!a) {
    abort();
  }
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    json_array_append_new(a, db_row_json(st));
  }
  db_finalize(st);
  if (rc != DB_DONE) {
    json_decref(a);
    return NULL;
  }
  return a;
}

int64_t db_last_id(Db *db) { return (int64_t)sqlite3_last_insert_rowid(db->conn); }

int db_changes(Db *db) { return sqlite3_changes(db->conn); }

/* ---- transactions ---- */

/* Runs one statement given as text (not necessarily a literal) through the cache. */
static int db_run(Db *db, const char *sql) {
  DbStmt *st = db_prepare_(db, sql);
  if (!st) {
    return DB_ERR;
  }
  int rc = db_step(st);
  db_finalize(st);
  return rc == DB_DONE || rc == DB_ROW ? DB_OK : rc;
}

/* Savepoint level n (1 for the first savepoint inside a transaction). */
static int db_run_savepoint(Db *db, const char *verb, int n) {
  char sql[48];
  snprintf(sql, sizeof sql, "%s sp_%d", verb, n);
  return db_run(db, sql);
}

/* After a failed COMMIT / RELEASE: undoes the level, keeping the failure's message. */
static void db_rollback_keeping_err(Db *db, const char *verb, int n) {
  Buf keep = BUF_INIT;
  buf_puts(&keep, buf_cstr(&db->err));
  if (n == 0) {
    db_run(db, verb);
  } else {
    db_run_savepoint(db, verb, n);
    db_run_savepoint(db, "RELEASE", n);
  }
  buf_reset(&db->err);
  buf_puts(&db->err, buf_cstr(&keep));
  buf_free(&keep);
}

int db_begin(Db *db) {
  int rc = db->depth == 0 ? db_run(db, "BEGIN IMMEDIATE")
                          : db_run_savepoint(db, "SAVEPOINT", db->depth);
  if (rc == DB_OK) {
    db->depth++;
  }
  return rc;
}

int db_commit(Db *db) {
  assert(db->depth > 0);
  if (db->depth <= 0) {
    db_set_err(db, "没有进行中的事务");
    return DB_ERR;
  }
  int rc;
  if (db->depth == 1) {
    if (sqlite3_get_autocommit(db->conn)) {
      db->depth = 0;
      db_set_err(db, "事务已被数据库回滚，无法提交");
      return DB_ERR;
    }
    rc = db_run(db, "COMMIT");
    if (rc < 0 && !sqlite3_get_autocommit(db->conn)) {
      db_rollback_keeping_err(db, "ROLLBACK", 0);
    }
  } else {
    rc = db_run_savepoint(db, "RELEASE", db->depth - 1);
    if (rc < 0 && !sqlite3_get_autocommit(db->conn)) {
      db_rollback_keeping_err(db, "ROLLBACK TO", db->depth - 1);
    }
  }
  db->depth--;
  return rc;
}

int db_rollback(Db *db) {
  assert(db->depth > 0);
  if (db->depth <= 0) {
    db_set_err(db, "没有进行中的事务");
    return DB_ERR;
  }
  int rc = DB_OK;
  if (sqlite3_get_autocommit(db->conn)) {
    /* SQLite already rolled the whole transaction back (e.g. after an I/O error). */
  } else if (db->depth == 1) {
    rc = db_run(db, "ROLLBACK");
  } else {
    rc = db_run_savepoint(db, "ROLLBACK TO", db->depth - 1);
    int rc2 = db_run_savepoint(db, "RELEASE", db->depth - 1);
    rc = rc < 0 ? rc : rc2;
  }
  db->depth--;
  return rc;
}

int db_depth(Db *db) { return db->depth; }

/* ---- migrations ---- */

typedef struct DbMigration {
  int version;
  const char *name; /* "001_core.sql", borrowed from the asset table */
  const char *sql;
} DbMigration;

typedef struct DbMigrationList {
  DbMigration *a;
  size_t n;
  size_t alloc;
} DbMigrationList;

/* The version of a migration named "NNN_name.sql", or 0 when the name is not one. */
static int db_migration_version(const char *name) {
  if (*name < '0' || *name > '9') {
    return 0;
  }
  char *end = NULL;
  long v = strtol(name, &end, 10);
  size_t len = strlen(name);
  if (v <= 0 || v > 999999 || (*end != '_' && *end != '.') || len < 4 ||
      strcmp(name + len - 4, ".sql") != 0) {
    return 0;
  }
  return (int)v;
}

static void db_collect_migration(const Asset *asset, void *ctx) {
  DbMigrationList *list = ctx;
  const char *name = asset->name + strlen(DB_SCHEMA_PREFIX);
  int version = db_migration_version(name);
  if (version == 0) {
    return;
  }
  if (list->n == list->alloc) {
    list->alloc = list->alloc ? list->alloc * 2 : 16;
    list->a = realloc(list->a, list->alloc * sizeof *list->a);
    if (!list->a) {
      abort();
    }
  }
  list->a[list->n++] = (DbMigration){version, name, (const char *)asset->data};
}

static int db_migration_cmp(const void *x, const void *y) {
  const DbMigration *a = x, *b = y;
  return (a->version > b->version) - (a->version < b->version);
}

static DbMigrationList db_migrations(void) {
  DbMigrationList list = {0};
  asset_each(DB_SCHEMA_PREFIX, db_collect_migration, &list);
  if (list.n > 1) {
    qsort(list.a, list.n, sizeof *list.a, db_migration_cmp);
  }
  return list;
}

int db_schema_latest(void) {
  DbMigrationList list = db_migrations();
  int latest = list.n ? list.a[list.n - 1].version : 0;
  free(list.a);
  return latest;
}

static bool db_has_migration_table(Db *db) {
  return db_exists(db,
                   "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'",
                   "");
}

int db_schema_version(Db *db) {
  if (!db_has_migration_table(db)) {
    return 0;
  }
  return (int)db_int(db, 0, "SELECT coalesce(max(version), 0) FROM schema_migration", "");
}

/* db_rollback, keeping the message of the failure that led to it. */
static void db_rollback_quietly(Db *db) {
  Buf keep = BUF_INIT;
  buf_puts(&keep, buf_cstr(&db->err));
  db_rollback(db);
  buf_reset(&db->err);
  buf_puts(&db->err, buf_cstr(&keep));
  buf_free(&keep);
}

/* Rewrites the current message as "迁移 NAME 失败：<message>", rolling back first if asked. */
static int db_migration_failed(Db *db, const DbMigration *m, int rc, bool rollback) {
  if (rollback) {
    db_rollback_quietly(db);
  }
  Buf why = BUF_INIT;
  buf_puts(&why, buf_cstr(&db->err));
  db_set_err(db, "迁移 %s 失败：%s", m->name, buf_cstr(&why));
  buf_free(&why);
  return rc;
}

/* Applies one migration in its own transaction; 1 if applied, 0 if already there, or < 0. */
static int db_apply(Db *db, const DbMigration *m) {
  int rc = db_begin(db);
  if (rc < 0) {
    return db_migration_failed(db, m, rc, false);
  }
  /* Another process may have applied it while we waited for the write lock. */
  if (db_exists(db, "SELECT 1 FROM schema_migration WHERE version = ?", "d", m->version)) {
    db_rollback(db);
    return 0;
  }
  char *msg = NULL;
  int src = sqlite3_exec(db->conn, m->sql, NULL, NULL, &msg);
  if (src != SQLITE_OK) {
    db_set_err(db, "%s", msg ? msg : sqlite3_errstr(src));
    sqlite3_free(msg);
    return db_migration_failed(db, m, db_map_rc(src), true);
  }
  rc = db_exec(db, "INSERT INTO schema_migration(version, name, applied_at) VALUES (?, ?, ?)",
               "dti", m->version, m->name, (int64_t)time(NULL));
  if (rc < 0) {
    return db_migration_failed(db, m, rc, true);
  }
  rc = db_commit(db); /* rolls back itself on failure */
  if (rc < 0) {
    return db_migration_failed(db, m, rc, false);
  }
  return 1;
}

/*
 * Creates schema_migration in an empty database. Checked and created under the write lock, so
 * two processes opening a new file at once agree. A database that already holds tables but no
 * schema_migration belongs to some other program and is refused.
 */
static int db_create_migration_table(Db *db) {
  int rc = db_begin(db);
  if (rc < 0) {
    return rc;
  }
  if (db_has_migration_table(db)) {
    return db_commit(db);
  }
  if (db_exists(db, "SELECT 1 FROM sqlite_master", "")) {
    db_rollback(db);
    db_set_err(db, "不是 dangjian 数据库文件：%s（已有数据表，但没有 schema_migration 表）",
               db->path);
    return DB_ERR;
  }
  rc = db_exec(db,
               "CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, "
               "name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
               "");
  if (rc < 0) {
    db_rollback_quietly(db);
    return rc;
  }
  return db_commit(db);
}

int db_migrate(Db *db, char **err) {
  if (err) {
    *err = NULL;
  }
  int rc = DB_OK;
  int applied = 0;
  DbMigrationList list = db_migrations();
  if (db->depth != 0) {
    db_set_err(db, "不能在事务中执行数据库迁移");
    rc = DB_ERR;
    goto out;
  }
  for (size_t i = 1; i < list.n; i++) {
    if (list.a[i].version == list.a[i - 1].version) {
      db_set_err(db, "迁移版本号重复：%s 与 %s", list.a[i - 1].name, list.a[i].name);
      rc = DB_ERR;
      goto out;
    }
  }
  if (!db_has_migration_table(db)) {
    rc = db_create_migration_table(db);
    if (rc < 0) {
      goto out;
    }
  }
  int have = db_schema_version(db);
  int latest = list.n ? list.a[list.n - 1].version : 0;
  if (have > latest) {
    db_set_err(db, "数据库版本 %d 比本程序支持的版本 %d 新，请升级 dangjian 后再打开", have,
               latest);
    rc = DB_NEWER;
    goto out;
  }
  for (size_t i = 0; i < list.n; i++) {
    const DbMigration *m = &list.a[i];
    if (db_exists(db, "SELECT 1 FROM schema_migration WHERE version = ?", "d", m->version)) {
      continue;
    }
    int r = db_apply(db, m);
    if (r < 0) {
      rc = r;
      goto out;
    }
    applied += r;
  }
out:
  free(list.a);
  if (rc < 0) {
    db_export_err(db, err);
    return rc;
  }
  return applied;
}

/* ---- opening and closing ---- */

static bool db_is_memory(const char *path) { return path[0] == '\0' || !strcmp(path, ":memory:"); }

/* Process-wide SQLite settings, once, before the first connection: no memory statistics
 * (they take a global mutex on every allocation, which serialises the worker threads). */
static pthread_once_t db_config_once = PTHREAD_ONCE_INIT;

static void db_configure(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

int db_open_raw(Db **out, const char *path, char **err) {
  assert(out && path);
  *out = NULL;
  if (err) {
    *err = NULL;
  }
  pthread_once(&db_config_once, db_configure);
  Db *db = calloc(1, sizeof *db);
  if (!db || !(db->path = strdup(path))) {
    abort();
  }
  int rc = sqlite3_open_v2(path, &db->conn,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) {
    db_set_err(db, "无法打开数据库 %s：%s", path,
               db->conn ? sqlite3_errmsg(db->conn) : sqlite3_errstr(rc));
    goto fail;
  }
  sqlite3_busy_timeout(db->conn, DB_BUSY_TIMEOUT_MS);
  /* The first read of the file: tells a SQLite database from anything else. */
  rc = sqlite3_exec(db->conn, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
  if ((rc & 0xff) == SQLITE_NOTADB) {
    db_set_err(db, "不是 dangjian 数据库文件：%s", path);
    goto fail;
  }
  if (rc == SQLITE_OK && !db_is_memory(path)) {
    rc = sqlite3_exec(db->conn, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
  }
  if (rc == SQLITE_OK) {
    rc = sqlite3_exec(db->conn, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL", NULL, NULL,
                      NULL);
  }
  if (rc != SQLITE_OK) {
    db_set_err(db, "无法打开数据库 %s：%s", path, sqlite3_errmsg(db->conn));
    goto fail;
  }
  *out = db;
  return DB_OK;
fail:
  db_export_err(db, err);
  rc = db_map_rc(rc);
  db_close(db);
  return rc;
}

int db_open(Db **out, const char *path, char **err) {
  int rc = db_open_raw(out, path, err);
  if (rc < 0) {
    return rc;
  }
  rc = db_migrate(*out, err);
  if (rc < 0) {
    db_close(*out);
    *out = NULL;
    return rc;
  }
  return DB_OK;
}

static void db_free_stmt(DbStmt *st) {
#ifndef NDEBUG
  if (st->in_use) {
    fprintf(stderr, "db: warning: statement never finalised: %s\n", st->sql);
  }
#endif
  sqlite3_finalize(st->stmt);
  free(st->sql);
  free(st);
}

void db_close(Db *db) {
  if (!db) {
    return;
  }
#ifndef NDEBUG
  int outstanding = db->n_outstanding;
  if (db->depth > 0) {
    fprintf(stderr, "db: warning: closing %s inside a transaction (depth %d); rolling back\n",
            db->path, db->depth);
  }
#endif
  for (size_t i = 0; i < DB_CACHE_BUCKETS; i++) {
    while (db->bucket[i]) {
      DbStmt *st = db->bucket[i];
      db->bucket[i] = st->next;
      db_free_stmt(st);
    }
  }
  while (db->loose) {
    DbStmt *st = db->loose;
    db->loose = st->next;
    db_free_stmt(st);
  }
  if (db->conn) {
    if (!sqlite3_get_autocommit(db->conn)) {
      sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
    }
    sqlite3_close_v2(db->conn);
  }
  buf_free(&db->err);
  free(db->path);
  free(db);
#ifndef NDEBUG
  assert(outstanding == 0 && "db_close: statements not finalised (named above)");
#endif
}

/* ---- backup ---- */

int db_backup(Db *db, const char *path, char **err) {
  if (err) {
    *err = NULL;
  }
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      db_set_err(db, "目标文件已存在：%s", path);
    } else {
      db_set_err(db, "无法创建备份文件 %s：%s", path, strerror(errno));
    }
    db_export_err(db, err);
    return DB_ERR;
  }
  close(fd);
  sqlite3 *dst = NULL;
  int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", db->conn, "main");
    if (!b) {
      rc = sqlite3_errcode(dst);
    } else {
      /* One pass (-1): in WAL mode the read snapshot does not block writers, and a single
       * pass never restarts because of them. Retry briefly while the source is locked. */
      int waited = 0;
      do {
        rc = sqlite3_backup_step(b, -1);
        if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && waited < DB_BUSY_TIMEOUT_MS) {
          sqlite3_sleep(10);
          waited += 10;
          rc = SQLITE_OK;
        }
      } while (rc == SQLITE_OK);
      sqlite3_backup_finish(b);
      if (rc == SQLITE_DONE) {
        rc = sqlite3_errcode(dst);
      }
    }
  }
  if (rc != SQLITE_OK) {
    db_set_err(db, "备份到 %s 失败：%s", path, dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
  }
  sqlite3_close_v2(dst);
  if (rc != SQLITE_OK) {
    unlink(path);
    db_export_err(db, err);
    return db_map_rc(rc);
  }
  return DB_OK;
}

void db_bulk_mode(Db *db, bool on) {
  sqlite3_exec(db->conn, on ? "PRAGMA cache_size = -262144" : "PRAGMA cache_size = -2000", NULL,
               NULL, NULL);
}
