/*
 * db: the only module that knows SQLite. Nothing outside src/db/ sees a sqlite3 type, so a
 * PostgreSQL (libpq) backend can implement this same header later.
 *
 * SQL text must be a string literal: the macros below paste "" before it, so a variable
 * does not compile. Every value is bound; placeholders are `?` (by position, from 1) or
 * `:name` (by name). SQL is written in the dialect common to SQLite and PostgreSQL.
 *
 * A Db is one connection, used by one thread at a time (the web tier keeps one per worker
 * thread). Prepared statements are cached per connection, keyed by the SQL text: preparing
 * the same literal again returns the cached statement, reset; db_finalize() hands it back.
 *
 * Errors: functions returning int give DB_OK (0) or DB_ROW / DB_DONE from db_step, or a
 * negative DbError; db_errmsg() has the message of the last failure.
 */
#ifndef DJ_DB_H
#define DJ_DB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Db Db;
typedef struct DbStmt DbStmt;

enum {
  DB_OK = 0,
  DB_ROW = 1,  /* db_step: a row is ready */
  DB_DONE = 2, /* db_step: no more rows */
};

typedef enum DbError {
  DB_ERR = -1,        /* any other failure */
  DB_BUSY = -2,       /* locked past the busy timeout */
  DB_CONSTRAINT = -3, /* UNIQUE / FOREIGN KEY / CHECK / NOT NULL violated */
  DB_NEWER = -4,      /* the database was written by a newer dangjian */
  DB_NOTFOUND = -5,   /* a one-liner found no row where one was required */
} DbError;

/*
 * Opens (creating if missing) the database at path with WAL, foreign_keys=ON and a busy
 * timeout of 5 s, then applies the embedded migrations src/db/schema/NNN_name.sql that the
 * database has not recorded, each in its own transaction, in order. A database whose
 * recorded version is newer than this binary's newest migration is refused (DB_NEWER).
 * On failure returns a negative DbError and, if err is not NULL, a malloc'd Chinese message
 * in *err (caller frees). On success *out is the connection (db_close frees it).
 * ":memory:" works for tests.
 */
int db_open(Db **out, const char *path, char **err);
/* Opens without applying migrations (for `dangjian migrate --status` and tests). */
int db_open_raw(Db **out, const char *path, char **err);
/* Applies pending migrations; returns the number applied or a negative DbError. */
int db_migrate(Db *db, char **err);
/* The newest migration version recorded in the database (0 when none). */
int db_schema_version(Db *db);
/* The newest migration version embedded in this binary. */
int db_schema_latest(void);
void db_close(Db *db);
const char *db_errmsg(Db *db);
const char *db_path(Db *db);

/* ---- statements ----
 * db_prepare returns NULL when the SQL does not prepare (db_errmsg says why); every function
 * below accepts that NULL and fails (DB_ERR, 0, NULL), so a caller may check once at the end.
 * Exactly one statement per call: text after the first statement is an error. */
DbStmt *db_prepare_(Db *db, const char *sql);
#define db_prepare(db, sql) db_prepare_((db), "" sql "")
/* Binding: idx from 1; a NULL text binds SQL NULL. Names include the colon (":login"). */
int db_bind_int(DbStmt *st, int idx, int64_t v);
int db_bind_double(DbStmt *st, int idx, double v);
int db_bind_text(DbStmt *st, int idx, const char *s);
int db_bind_textn(DbStmt *st, int idx, const char *s, size_t n);
int db_bind_blob(DbStmt *st, int idx, const void *p, size_t n);
int db_bind_null(DbStmt *st, int idx);
int db_param_index(DbStmt *st, const char *name); /* 0 when the name is not in the SQL */
int db_bind_int_named(DbStmt *st, const char *name, int64_t v);
int db_bind_text_named(DbStmt *st, const char *name, const char *s);
/* DB_ROW, DB_DONE or a negative DbError. */
int db_step(DbStmt *st);
int db_reset(DbStmt *st);
/* Columns of the current row, from 0. Text is borrowed until the next step/reset/finalize;
 * db_col_text returns NULL for SQL NULL. */
int db_col_count(DbStmt *st);
const char *db_col_name(DbStmt *st, int i);
bool db_col_is_null(DbStmt *st, int i);
int64_t db_col_int(DbStmt *st, int i);
double db_col_double(DbStmt *st, int i);
const char *db_col_text(DbStmt *st, int i);
const void *db_col_blob(DbStmt *st, int i, size_t *n);
/* The current row as a JSON object {column name: value} (integers, reals, strings, null;
 * blobs are left out). New reference. */
json_t *db_row_json(DbStmt *st);
/* Resets, clears bindings and returns a cached statement to its connection's cache.
 * NULL is accepted. */
void db_finalize(DbStmt *st);

/*
 * One-liners. `types` names the arguments that follow, one letter each:
 *   i int64_t, d int (promoted), f double, t const char * (NULL binds NULL),
 *   n SQL NULL (no argument).
 * e.g. db_int(db, 0, "SELECT count(*) FROM account WHERE role = ?", "t", role).
 */
int64_t db_int_(Db *db, int64_t dflt, const char *sql, const char *types, ...);
#define db_int(db, dflt, sql, ...) db_int_((db), (dflt), "" sql "", __VA_ARGS__)
/* First column of the first row as a malloc'd string (caller frees), or NULL. */
char *db_text_(Db *db, const char *sql, const char *types, ...);
#define db_text(db, sql, ...) db_text_((db), "" sql "", __VA_ARGS__)
bool db_exists_(Db *db, const char *sql, const char *types, ...);
#define db_exists(db, sql, ...) db_exists_((db), "" sql "", __VA_ARGS__)
/* Runs one statement to completion; DB_OK or a negative DbError. */
int db_exec_(Db *db, const char *sql, const char *types, ...);
#define db_exec(db, sql, ...) db_exec_((db), "" sql "", __VA_ARGS__)
/* Binds like the one-liners onto a prepared statement (for loops over rows). */
int db_bind_types(DbStmt *st, const char *types, ...);
/* Every row of a query as a JSON array of objects (see db_row_json). New reference, or NULL
 * on failure. The one-liners bind exactly: the number of letters in types must equal the
 * statement's parameter count, else DB_ERR (or the default / NULL / false). db_int and
 * db_text give the default / NULL also when the first column is SQL NULL. */
json_t *db_rows_json_(Db *db, const char *sql, const char *types, ...);
#define db_rows_json(db, sql, ...) db_rows_json_((db), "" sql "", __VA_ARGS__)
int64_t db_last_id(Db *db);
int db_changes(Db *db);

/* ---- transactions ----
 * db_begin starts a transaction or, inside one, a savepoint; db_commit / db_rollback end the
 * innermost. Every db_begin is matched by exactly one of them. A failed db_begin started
 * nothing (do not end it); a failed db_commit has rolled that level back. */
int db_begin(Db *db);
int db_commit(Db *db);
int db_rollback(Db *db);
int db_depth(Db *db); /* current nesting depth, 0 outside transactions */

/* Online backup of the whole database to a new file at path (SQLite backup API, safe while
 * other connections write). DB_OK or a negative DbError. */
int db_backup(Db *db, const char *path, char **err);

/* A bulk write (an import of many rows) modifies far more pages than the default page cache
 * (2 MB) holds; spilling them in the middle of the transaction and reading them back costs
 * more than the write itself. on: let the cache grow to 256 MB (a limit, not an allocation);
 * off: back to the default. */
void db_bulk_mode(Db *db, bool on);

/* Number of statements prepared (not from cache) on this connection: for tests of the cache. */
int db_prepare_count(Db *db);

#endif
