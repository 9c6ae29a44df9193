/*
 * Session rows (SQL in session_store.c only). A session is keyed by the hex hash of the
 * cookie token; the token itself is never stored.
 */
#ifndef DJ_SESSION_STORE_H
#define DJ_SESSION_STORE_H

#include <stdint.h>

#include "db/db.h"
#include "web/scope.h"

typedef struct SessionRow {
  int64_t account_id;
  char *csrf;
  int64_t created_at, last_seen;
  char *login, *name, *role;
  int64_t org_id;
  char *org_name, *org_path;
  int must_change;
  int disabled;
  int64_t locked_until;
} SessionRow;

int session_store_create(Db *db, const char *hash, int64_t account_id, const char *csrf,
                         int64_t now, const char *ip);
/* Fills *out (strings malloc'd; session_row_free) and returns DB_OK, DB_NOTFOUND or an error. */
int session_store_lookup(Db *db, const char *hash, SessionRow *out);
void session_row_free(SessionRow *row);
int session_store_touch(Db *db, const char *hash, int64_t now);
int session_store_delete(Db *db, const char *hash);
/* Fills *scope for an account: role "admin" everything; "contact" the orgs of its current
 * assignments (start_date <= today <= end_date, 'YYYY-MM-DD': end dates are the last day
 * of an assignment, as for positions); other roles org_path's subtree. */
int session_store_scope(Db *db, int64_t account_id, const char *role, const char *org_path,
                        const char *today, Scope *scope);
/* Deletes sessions idle past idle seconds or older than max seconds. */
int session_store_purge(Db *db, int64_t now, int idle, int max);
/* Deletes every session of an account (password change, lock). */
int session_store_delete_account(Db *db, int64_t account_id);
/* Deletes every session of an account except the one with hash keep. */
int session_store_delete_others(Db *db, int64_t account_id, const char *keep);

#endif
