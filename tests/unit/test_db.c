/*
 * Unit tests of src/db: migrations, statements and the cache, one-liners, transactions,
 * backup and WAL concurrency. Each test works in its own temporary directory under /tmp,
 * removed afterwards.
 */
#include <criterion/criterion.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db/db.h"
#include "tmpl/asset.h"

#include "fixture.h"

#include "base/banned.h"

static char tmp_dir[FIXTURE_DIR_SIZE];

static void tmp_setup(void) { fixture_dir_make(tmp_dir, "db"); }

static void tmp_teardown(void) { fixture_dir_remove(tmp_dir); }

TestSuite(db, .init = tmp_setup, .fini = tmp_teardown);

/* A path inside the test's directory; returns a static buffer (one of four, rotating). */
static const char *tmp_path(const char *name) { return fixture_path(tmp_dir, name); }

static Db *open_ok(const char *path) {
  Db *db = NULL;
  char *err = NULL;
  int rc = db_open(&db, path, &err);
  cr_assert_eq(rc, DB_OK, "db_open(%s): %d %s", path, rc, err ? err : "");
  cr_assert_null(err);
  cr_assert_not_null(db);
  return db;
}

static int add_account(Db *db, const char *login) {
  return db_exec(db,
                 "INSERT INTO account(login, name, password_hash, role, created_at) "
                 "VALUES (?, ?, 'x', 'member', 0)",
                 "tt", login, login);
}

static int64_t count_accounts(Db *db) {
  return db_int(db, -1, "SELECT count(*) FROM account", "");
}

static void write_file(const char *path, const char *bytes, size_t n) {
  FILE *f = fopen(path, "wb");
  cr_assert_not_null(f);
  cr_assert_eq(fwrite(bytes, 1, n, f), n);
  fclose(f);
}

/* ---- migrations ---- */

static void count_sql(const Asset *a, void *ctx) {
  size_t n = strlen(a->name);
  *(int *)ctx += n > 4 && strcmp(a->name + n - 4, ".sql") == 0;
}

/* The number of embedded migrations (versions need not be contiguous: work done on
 * separate lines lands in any order, and db_migrate applies every version not yet there). */
static int n_migrations(void) {
  int n = 0;
  asset_each("src/db/schema/", count_sql, &n);
  return n;
}

Test(db, fresh_database_is_migrated) {
  Db *db = open_ok(tmp_path("a.db"));
  /* every embedded migration applied: 001_core.sql is the first of them */
  cr_expect_geq(db_schema_latest(), 2);
  cr_expect_eq(db_schema_version(db), db_schema_latest());
  cr_expect_eq(db_int(db, 0, "SELECT count(*) FROM schema_migration", ""), n_migrations());
  cr_expect_eq(db_int(db, 0, "SELECT count(*) FROM schema_migration WHERE version = 1", ""), 1);
  char *name = db_text(db, "SELECT name FROM schema_migration WHERE version = ?", "d", 1);
  cr_expect_str_eq(name, "001_core.sql");
  free(name);
  cr_expect(db_exists(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", "t",
                      "account"));
  char *mode = db_text(db, "PRAGMA journal_mode", "");
  cr_expect_str_eq(mode, "wal");
  free(mode);
  cr_expect_eq(db_int(db, 0, "PRAGMA foreign_keys", ""), 1);
  cr_expect_str_eq(db_path(db), tmp_path("a.db"));
  db_close(db);
}

Test(db, reopen_applies_nothing) {
  db_close(open_ok(tmp_path("a.db")));
  Db *db = NULL;
  char *err = NULL;
  cr_assert_eq(db_open_raw(&db, tmp_path("a.db"), &err), DB_OK);
  cr_expect_eq(db_schema_version(db), db_schema_latest());
  cr_expect_eq(db_migrate(db, &err), 0);
  cr_expect_null(err);
  cr_expect_eq(db_int(db, 0, "SELECT count(*) FROM schema_migration", ""), n_migrations());
  db_close(db);
}

Test(db, raw_open_applies_nothing) {
  Db *db = NULL;
  cr_assert_eq(db_open_raw(&db, tmp_path("a.db"), NULL), DB_OK);
  cr_expect_eq(db_schema_version(db), 0);
  cr_expect_eq(db_migrate(db, NULL), n_migrations());
  cr_expect_eq(db_schema_version(db), db_schema_latest());
  db_close(db);
}

Test(db, newer_database_is_refused) {
  Db *db = open_ok(tmp_path("a.db"));
  cr_assert_eq(db_exec(db, "INSERT INTO schema_migration(version, name, applied_at) "
                           "VALUES (999, '999_future.sql', 0)",
                       ""),
               DB_OK);
  db_close(db);
  char *err = NULL;

  cr_assert_eq(db_open(&db, tmp_path("a.db"), &err), DB_NEWER);
  cr_expect_null(db);
  char want[200];
  snprintf(want, sizeof want,
           "数据库版本 999 比本程序支持的版本 %d 新，请升级 dangjian 后再打开",
           db_schema_latest());
  cr_expect_str_eq(err, want);
  free(err);
}

Test(db, non_database_file_is_refused) {
  const char *path = tmp_path("notes.txt");
  char text[8192];
  for (size_t i = 0; i < sizeof text; i++) {
    text[i] = (char)('a' + i % 26);
  }
  write_file(path, text, sizeof text);
  Db *db = NULL;
  char *err = NULL;
  cr_assert_eq(db_open(&db, path, &err), DB_ERR);
  cr_expect_null(db);
  char want[200];
  snprintf(want, sizeof want, "不是 dangjian 数据库文件：%s", path);
  cr_expect_str_eq(err, want);
  free(err);

  /* A short file too. */
  const char *small = tmp_path("small.txt");
  write_file(small, "hello, world\n", 13);
  cr_assert_eq(db_open(&db, small, &err), DB_ERR);
  cr_expect(strstr(err, "不是 dangjian 数据库文件") != NULL, "%s", err);
  free(err);
}

Test(db, foreign_sqlite_database_is_refused) {
  Db *db = NULL;
  cr_assert_eq(db_open_raw(&db, tmp_path("other.db"), NULL), DB_OK);
  cr_assert_eq(db_exec(db, "CREATE TABLE photos (id INTEGER PRIMARY KEY)", ""), DB_OK);
  db_close(db);
  char *err = NULL;
  cr_assert_eq(db_open(&db, tmp_path("other.db"), &err), DB_ERR);
  cr_expect(strstr(err, "不是 dangjian 数据库文件") != NULL, "%s", err);
  free(err);
}

Test(db, failed_migration_is_rolled_back_and_named) {
  Db *db = NULL;
  cr_assert_eq(db_open_raw(&db, tmp_path("a.db"), NULL), DB_OK);
  cr_assert_eq(db_exec(db,
                       "CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, "
                       "name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
                       ""),
               DB_OK);
  cr_assert_eq(db_exec(db, "CREATE TABLE setting (key TEXT PRIMARY KEY)", ""), DB_OK);
  char *err = NULL;
  cr_expect_eq(db_migrate(db, &err), DB_ERR);
  cr_expect_str_eq(err, "迁移 001_core.sql 失败：table setting already exists");
  free(err);
  cr_expect_eq(db_depth(db), 0);
  cr_expect_not(db_exists(db, "SELECT 1 FROM sqlite_master WHERE name = 'account'", ""));
  cr_expect_eq(db_schema_version(db), 0);
  db_close(db);
}

Test(db, migrate_inside_transaction_is_refused) {
  Db *db = open_ok(":memory:");
  cr_assert_eq(db_begin(db), DB_OK);
  cr_expect_eq(db_migrate(db, NULL), DB_ERR);
  cr_expect_eq(db_rollback(db), DB_OK);
  db_close(db);
}

Test(db, memory_database_works) {
  Db *db = open_ok(":memory:");
  cr_expect_eq(add_account(db, "a"), DB_OK);
  cr_expect_eq(count_accounts(db), 1);
  db_close(db);
}

/* ---- transactions ---- */

Test(db, rollback_undoes_insert) {
  Db *db = open_ok(tmp_path("a.db"));
  cr_assert_eq(db_begin(db), DB_OK);
  cr_expect_eq(db_depth(db), 1);
  cr_assert_eq(add_account(db, "zhang"), DB_OK);
  cr_expect_eq(count_accounts(db), 1);
  cr_assert_eq(db_rollback(db), DB_OK);
  cr_expect_eq(db_depth(db), 0);
  cr_expect_eq(count_accounts(db), 0);
  db_close(db);
}

Test(db, nested_savepoint_rollback_keeps_outer) {
  Db *db = open_ok(tmp_path("a.db"));
  cr_assert_eq(db_begin(db), DB_OK);
  cr_assert_eq(add_account(db, "outer"), DB_OK);
  cr_assert_eq(db_begin(db), DB_OK);
  cr_expect_eq(db_depth(db), 2);
  cr_assert_eq(add_account(db, "inner"), DB_OK);
  cr_assert_eq(db_begin(db), DB_OK);
  cr_assert_eq(add_account(db, "innermost"), DB_OK);
  cr_assert_eq(db_commit(db), DB_OK); /* released into "inner" */
  cr_expect_eq(count_accounts(db), 3);
  cr_assert_eq(db_rollback(db), DB_OK); /* undoes inner and innermost */
  cr_expect_eq(db_depth(db), 1);
  cr_expect_eq(count_accounts(db), 1);
  cr_assert_eq(db_commit(db), DB_OK);
  cr_expect_eq(db_depth(db), 0);
  db_close(db);

  db = open_ok(tmp_path("a.db"));
  char *login = db_text(db, "SELECT login FROM account", "");
  cr_expect_str_eq(login, "outer");
  free(login);
  cr_expect_eq(count_accounts(db), 1);
  db_close(db);
}

Test(db, commit_persists_across_reopen) {
  Db *db = open_ok(tmp_path("a.db"));
  cr_assert_eq(db_begin(db), DB_OK);
  cr_assert_eq(add_account(db, "li"), DB_OK);
  cr_assert_eq(add_account(db, "wang"), DB_OK);
  cr_assert_eq(db_commit(db), DB_OK);
  db_close(db);
  db = open_ok(tmp_path("a.db"));
  cr_expect_eq(count_accounts(db), 2);
  db_close(db);
}

Test(db, failed_statement_inside_transaction_can_roll_back) {
  Db *db = open_ok(":memory:");
  cr_assert_eq(db_begin(db), DB_OK);
  cr_assert_eq(add_account(db, "a"), DB_OK);
  cr_assert_eq(db_begin(db), DB_OK);
  cr_expect_eq(add_account(db, "a"), DB_CONSTRAINT);
  cr_expect_eq(db_rollback(db), DB_OK);
  cr_expect_eq(db_commit(db), DB_OK);
  cr_expect_eq(count_accounts(db), 1);
  db_close(db);
}

/* ---- statements ---- */

Test(db, cache_reuses_same_literal) {
  Db *db = open_ok(":memory:");
  int before = db_prepare_count(db);
  for (int i = 0; i < 3; i++) {
    DbStmt *st = db_prepare(db, "SELECT 1 + ?");
    cr_assert_not_null(st);
    cr_assert_eq(db_bind_int(st, 1, i), DB_OK);
    cr_assert_eq(db_step(st), DB_ROW);
    cr_expect_eq(db_col_int(st, 0), 1 + i);
    db_finalize(st);
  }
  cr_expect_eq(db_prepare_count(db), before + 1);

  /* Same text from a different buffer also hits the cache. */
  char copy[32];
  snprintf(copy, sizeof copy, "%s", "SELECT 1 + ?");
  DbStmt *st = db_prepare_(db, copy);
  cr_expect_eq(db_prepare_count(db), before + 1);
  /* Bindings were cleared by db_finalize. */
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect(db_col_is_null(st, 0));
  db_finalize(st);
  db_close(db);
}

Test(db, nested_use_of_same_sql_works) {
  Db *db = open_ok(":memory:");
  for (int i = 1; i <= 3; i++) {
    char login[16];
    snprintf(login, sizeof login, "u%d", i);
    cr_assert_eq(add_account(db, login), DB_OK);
  }
  int before = db_prepare_count(db);
  int pairs = 0;
  for (int round = 0; round < 2; round++) {
    DbStmt *outer = db_prepare(db, "SELECT id FROM account ORDER BY id");
    while (db_step(outer) == DB_ROW) {
      DbStmt *inner = db_prepare(db, "SELECT id FROM account ORDER BY id");
      cr_assert_not_null(inner);
      cr_assert_neq(inner, outer);
      while (db_step(inner) == DB_ROW) {
        pairs++;
      }
      db_finalize(inner);
    }
    db_finalize(outer);
  }
  cr_expect_eq(pairs, 2 * 9);
  /* One cached statement, plus a fresh one per nested use (3 per round). */
  cr_expect_eq(db_prepare_count(db), before + 1 + 6);
  db_close(db);
}

Test(db, bind_by_name) {
  Db *db = open_ok(":memory:");
  DbStmt *st = db_prepare(db, "INSERT INTO account(login, name, password_hash, role, created_at) "
                              "VALUES (:login, :name, 'x', :role, :at)");
  cr_assert_not_null(st);
  cr_expect_eq(db_param_index(st, ":login"), 1);
  cr_expect_eq(db_param_index(st, ":nope"), 0);
  cr_expect_eq(db_bind_text_named(st, ":nope", "x"), DB_ERR);
  cr_expect(strstr(db_errmsg(db), ":nope") != NULL, "%s", db_errmsg(db));
  cr_assert_eq(db_bind_text_named(st, ":login", "zhao"), DB_OK);
  cr_assert_eq(db_bind_text_named(st, ":name", "赵"), DB_OK);
  cr_assert_eq(db_bind_text_named(st, ":role", "admin"), DB_OK);
  cr_assert_eq(db_bind_int_named(st, ":at", 1700000000), DB_OK);
  cr_expect_eq(db_step(st), DB_DONE);
  db_finalize(st);
  int64_t id = db_last_id(db);
  cr_expect_eq(db_changes(db), 1);
  char *name = db_text(db, "SELECT name FROM account WHERE id = ?", "i", id);
  cr_expect_str_eq(name, "赵");
  free(name);
  cr_expect_eq(db_int(db, 0, "SELECT created_at FROM account WHERE login = ?", "t", "zhao"),
               1700000000);
  db_close(db);
}

Test(db, null_text_binds_null) {
  Db *db = open_ok(":memory:");
  DbStmt *st = db_prepare(db, "SELECT ? IS NULL, ? IS NULL, ?, ?");
  cr_assert_eq(db_bind_text(st, 1, NULL), DB_OK);
  cr_assert_eq(db_bind_textn(st, 2, NULL, 5), DB_OK);
  cr_assert_eq(db_bind_textn(st, 3, "abcdef", 3), DB_OK);
  cr_assert_eq(db_bind_null(st, 4), DB_OK);
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_eq(db_col_int(st, 0), 1);
  cr_expect_eq(db_col_int(st, 1), 1);
  cr_expect_str_eq(db_col_text(st, 2), "abc");
  cr_expect_null(db_col_text(st, 3));
  cr_expect(db_col_is_null(st, 3));
  db_finalize(st);
  cr_expect_eq(db_int(db, 7, "SELECT ? IS NULL", "t", (const char *)NULL), 1);
  cr_expect_eq(db_int(db, 7, "SELECT ?", "n"), 7);
  db_close(db);
}

Test(db, types_and_columns) {
  Db *db = open_ok(":memory:");
  DbStmt *st = db_prepare(db, "SELECT ? AS i, ? AS d, ? AS f, ? AS t, ? AS b");
  cr_assert_eq(db_bind_types(st, "idft", (int64_t)1 << 40, -5, 2.5, "文字"), DB_OK);
  cr_assert_eq(db_bind_blob(st, 5, "\0\1\2", 3), DB_OK);
  cr_assert_eq(db_step(st), DB_ROW);
  cr_expect_eq(db_col_count(st), 5);
  cr_expect_str_eq(db_col_name(st, 2), "f");
  cr_expect_eq(db_col_int(st, 0), (int64_t)1 << 40);
  cr_expect_eq(db_col_int(st, 1), -5);
  cr_expect_float_eq(db_col_double(st, 2), 2.5, 1e-9);
  cr_expect_str_eq(db_col_text(st, 3), "文字");
  size_t n = 0;
  const unsigned char *blob = db_col_blob(st, 4, &n);
  cr_expect_eq(n, 3);
  cr_expect_eq(blob[2], 2);
  cr_expect_eq(db_step(st), DB_DONE);
  db_finalize(st);
  cr_expect_float_eq(db_int(db, 0, "SELECT ? * 2", "f", 1.5), 3, 1e-9);
  db_close(db);
}

Test(db, int_default_when_no_row) {
  Db *db = open_ok(":memory:");
  cr_expect_eq(db_int(db, -42, "SELECT id FROM account WHERE login = ?", "t", "nobody"), -42);
  cr_expect_eq(db_int(db, -42, "SELECT NULL", ""), -42);
  cr_expect_eq(db_int(db, -42, "SELECT count(*) FROM account", ""), 0);
  db_close(db);
}

Test(db, exists) {
  Db *db = open_ok(":memory:");
  cr_expect_not(db_exists(db, "SELECT 1 FROM account WHERE login = ?", "t", "qian"));
  cr_assert_eq(add_account(db, "qian"), DB_OK);
  cr_expect(db_exists(db, "SELECT 1 FROM account WHERE login = ?", "t", "qian"));
  cr_expect_not(db_exists(db, "SELECT 1 FROM account WHERE login = ?", "t", "sun"));
  db_close(db);
}

Test(db, text_is_owned_by_caller) {
  Db *db = open_ok(":memory:");
  cr_assert_eq(add_account(db, "zhou"), DB_OK);
  char *a = db_text(db, "SELECT login FROM account WHERE login = ?", "t", "zhou");
  char *b = db_text(db, "SELECT login FROM account WHERE login = ?", "t", "zhou");
  cr_assert_not_null(a);
  cr_assert_not_null(b);
  cr_expect_neq(a, b);
  cr_expect_eq(db_exec(db, "DELETE FROM account", ""), DB_OK);
  cr_expect_str_eq(a, "zhou"); /* still valid after further statements */
  a[0] = 'Z';                  /* and writable */
  free(a);
  free(b);
  cr_expect_null(db_text(db, "SELECT login FROM account", ""));
  cr_expect_null(db_text(db, "SELECT NULL", ""));
  db_close(db);
}

Test(db, constraint_violation_maps_to_db_constraint) {
  Db *db = open_ok(":memory:");
  cr_assert_eq(add_account(db, "wu"), DB_OK);
  cr_expect_eq(add_account(db, "wu"), DB_CONSTRAINT);
  cr_expect(strstr(db_errmsg(db), "UNIQUE") != NULL, "%s", db_errmsg(db));
  cr_expect_eq(db_exec(db,
                       "INSERT INTO account(login, password_hash, role, created_at) "
                       "VALUES ('x', 'x', 'king', 0)",
                       ""),
               DB_CONSTRAINT);
  /* foreign_keys=ON */
  cr_expect_eq(db_exec(db,
                       "INSERT INTO account(login, password_hash, role, org_id, created_at) "
                       "VALUES ('y', 'x', 'member', 12345, 0)",
                       ""),
               DB_CONSTRAINT);
  cr_expect_eq(count_accounts(db), 1);
  db_close(db);
}

Test(db, errors_are_reported) {
  Db *db = open_ok(":memory:");
  int before = db_prepare_count(db);
  DbStmt *st = db_prepare(db, "SELECT nosuchcolumn FROM account");
  cr_expect_null(st);
  cr_expect(strstr(db_errmsg(db), "nosuchcolumn") != NULL, "%s", db_errmsg(db));
  cr_expect_eq(db_bind_int(st, 1, 1), DB_ERR);
  cr_expect_eq(db_step(st), DB_ERR);
  db_finalize(st);
  cr_expect_null(db_prepare(db, "SELECT 1; SELECT 2"));
  cr_expect_eq(db_prepare_count(db), before);
  /* Wrong number of arguments for the one-liners. */
  cr_expect_eq(db_exec(db, "DELETE FROM account WHERE login = ?", ""), DB_ERR);
  cr_expect_eq(db_exec(db, "DELETE FROM account", "t", "extra"), DB_ERR);
  cr_expect_eq(db_int(db, 5, "SELECT ?", ""), 5);
  cr_expect_null(db_rows_json(db, "SELECT nothing FROM nowhere", ""));
  db_close(db);
}

Test(db, rows_json_shape) {
  Db *db = open_ok(":memory:");
  cr_assert_eq(add_account(db, "a1"), DB_OK);
  cr_assert_eq(add_account(db, "a2"), DB_OK);
  json_t *rows = db_rows_json(db,
                              "SELECT id, login, password_changed_at AS changed, 0.5 AS half, "
                              "x'00' AS raw FROM account WHERE login LIKE ? ORDER BY id",
                              "t", "a%");
  cr_assert_not_null(rows);
  cr_assert(json_is_array(rows));
  cr_assert_eq(json_array_size(rows), 2);
  json_t *r = json_array_get(rows, 1);
  cr_assert(json_is_object(r));
  cr_expect_eq(json_object_size(r), 4); /* the blob is left out */
  cr_expect(json_is_integer(json_object_get(r, "id")));
  cr_expect_str_eq(json_string_value(json_object_get(r, "login")), "a2");
  cr_expect(json_is_null(json_object_get(r, "changed")));
  cr_expect(json_is_real(json_object_get(r, "half")));
  cr_expect_null(json_object_get(r, "raw"));
  json_decref(rows);

  json_t *none = db_rows_json(db, "SELECT id FROM account WHERE login = ?", "t", "zz");
  cr_assert(json_is_array(none));
  cr_expect_eq(json_array_size(none), 0);
  json_decref(none);
  db_close(db);
}

/* ---- backup and concurrency ---- */

Test(db, backup_is_a_readable_copy) {
  Db *db = open_ok(tmp_path("a.db"));
  for (int i = 0; i < 200; i++) {
    char login[16];
    snprintf(login, sizeof login, "user%03d", i);
    cr_assert_eq(add_account(db, login), DB_OK);
  }
  char *err = NULL;
  cr_assert_eq(db_backup(db, tmp_path("copy.db"), &err), DB_OK, "%s", err ? err : "");
  cr_assert_null(err);

  /* Refuses to overwrite. */
  cr_expect_eq(db_backup(db, tmp_path("copy.db"), &err), DB_ERR);
  char want[200];
  snprintf(want, sizeof want, "目标文件已存在：%s", tmp_path("copy.db"));
  cr_expect_str_eq(err, want);
  free(err);
  db_close(db);

  Db *copy = open_ok(tmp_path("copy.db"));
  cr_expect_eq(count_accounts(copy), 200);
  char *last = db_text(copy, "SELECT max(login) FROM account", "");
  cr_expect_str_eq(last, "user199");
  free(last);
  cr_expect_eq(db_schema_version(copy), db_schema_latest());
  db_close(copy);
}

Test(db, two_connections_write_and_read) {
  Db *writer = open_ok(tmp_path("a.db"));
  Db *reader = open_ok(tmp_path("a.db"));
  cr_assert_eq(add_account(writer, "first"), DB_OK);
  cr_expect_eq(count_accounts(reader), 1);

  cr_assert_eq(db_begin(writer), DB_OK);
  cr_assert_eq(add_account(writer, "second"), DB_OK);
  /* WAL: the reader is not blocked and sees the last committed state. */
  cr_expect_eq(count_accounts(reader), 1);

  /* A read transaction open on the reader does not block the writer's commit. */
  DbStmt *st = db_prepare(reader, "SELECT login FROM account ORDER BY id");
  cr_assert_eq(db_step(st), DB_ROW);
  cr_assert_eq(db_commit(writer), DB_OK);
  int n = 1;
  while (db_step(st) == DB_ROW) {
    n++;
  }
  cr_expect_eq(n, 1); /* the open statement keeps its snapshot */
  db_finalize(st);
  cr_expect_eq(count_accounts(reader), 2);

  /* A second writer waits for the lock rather than failing at once; with the lock held past
   * nothing, it simply succeeds. */
  cr_assert_eq(db_begin(reader), DB_OK);
  cr_assert_eq(add_account(reader, "third"), DB_OK);
  cr_assert_eq(db_commit(reader), DB_OK);
  cr_expect_eq(count_accounts(writer), 3);
  db_close(reader);
  db_close(writer);
}

Test(db, second_writer_times_out_with_db_busy) {
  Db *a = open_ok(tmp_path("a.db"));
  Db *b = open_ok(tmp_path("a.db"));
  cr_assert_eq(db_begin(a), DB_OK);
  cr_assert_eq(add_account(a, "holder"), DB_OK);
  cr_expect_eq(db_begin(b), DB_BUSY); /* after the 5 s busy timeout */
  cr_expect_eq(db_depth(b), 0);
  cr_assert_eq(db_commit(a), DB_OK);
  cr_expect_eq(add_account(b, "late"), DB_OK);
  db_close(b);
  db_close(a);
}

#ifndef NDEBUG
/* Its own suite: no temporary directory, since .fini does not run after an abort. */
Test(db_abort, debug_close_with_unfinalised_statement_aborts, .signal = SIGABRT) {
  Db *db = open_ok(":memory:");
  DbStmt *st = db_prepare(db, "SELECT 1");
  cr_assert_not_null(st);
  db_close(db); /* names "SELECT 1" on stderr, then asserts */
}

Test(db, debug_build_warns_about_full_scans) {
  Db *db = open_ok(":memory:");
  const char *log = tmp_path("stderr.txt");
  fflush(stderr);
  int saved = dup(2);
  int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  cr_assert(saved >= 0 && fd >= 0);
  dup2(fd, 2);
  close(fd);
  cr_expect_eq(db_int(db, -1, "SELECT count(*) FROM account WHERE name = ?", "t", "x"), 0);
  cr_expect_eq(db_int(db, -1, "SELECT id FROM account WHERE login = ?", "t", "x"), -1);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  char text[1024] = {0};
  FILE *f = fopen(log, "r");
  cr_assert_not_null(f);
  size_t got = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[got] = '\0';
  cr_expect(strstr(text, "SCAN account") != NULL, "%s", text);
  cr_expect(strstr(text, "WHERE login") == NULL, "%s", text);
  db_close(db);
}
#endif
