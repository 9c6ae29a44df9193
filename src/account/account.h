/*
 * account: user accounts — password policy and hashing (Argon2id via libsodium), the
 * account rows (account_store.c), and the login / logout / password / home pages.
 */
#ifndef DJ_ACCOUNT_H
#define DJ_ACCOUNT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "audit/audit.h"
#include "db/db.h"
#include "web/web.h"

/* ---- rules (account_rules.c: pure) ---- */
/* NULL when password is acceptable for login, else a Chinese reason: at least 8 characters
 * from at least 3 of 4 classes (upper case, lower case, digits, other), not the login. */
const char *account_password_problem(const char *password, const char *login);

/* ---- passwords (account_password.c) ---- */
/* Argon2id hash string (crypto_pwhash_str, interactive limits); malloc'd, NULL on failure. */
char *account_password_hash(const char *password);
/* true when password matches hash; takes the same time for an unknown account when hash is
 * NULL (verifies against a dummy hash). */
bool account_password_verify(const char *hash, const char *password);

/* ---- store (account_store.c) ---- */
typedef struct AccountAuth {
  int64_t id;
  char *hash;
  int failed_count;
  int64_t locked_until;
  bool disabled;
  bool must_change;
} AccountAuth;

typedef struct AccountNew {
  const char *login;
  const char *name;
  const char *role;       /* "admin", "district", … */
  int64_t org_id;         /* 0: none */
  const char *password_hash;
  bool must_change;
} AccountNew;

/* DB_OK and *out filled (free hash with account_auth_free), DB_NOTFOUND, or an error. */
int account_find_login(Db *db, const char *login, AccountAuth *out);
void account_auth_free(AccountAuth *a);
/* Counts a failed login; locks until now+lock_seconds once failures reach lock_after.
 * Returns 1 when this failure locked the account, 0 otherwise, negative on error. */
int account_login_failed(Db *db, int64_t id, int64_t now, int lock_after, int lock_seconds);
int account_login_ok(Db *db, int64_t id);
int account_set_password(Db *db, int64_t id, const char *hash, bool must_change, int64_t now);
int account_set_locked(Db *db, int64_t id, int64_t until);
/* DB_OK with *id set, DB_CONSTRAINT when the login is taken, or an error. */
int account_insert(Db *db, const AccountNew *a, int64_t now, int64_t *id);
/* One account as JSON (no hash), or NULL. */
json_t *account_get_json(Db *db, int64_t id);
/* All accounts as a JSON array ordered by login (no hashes). */
json_t *account_list_json(Db *db);
/* Whether any account exists. */
bool account_any(Db *db);
/* Org id for an org code, 0 when none. */
int64_t account_org_by_code(Db *db, const char *code);

/* ---- account administration (account_store.c) ----
 * These serve the administrator's pages (account.admin), whose scope is the whole tree:
 * org names and codes are joined without a scope filter, like account_get_json. */

/* Filters for account_search_json; NULL or "" means "any". */
typedef struct AccountQuery {
  const char *role; /* "admin", "district", … */
  const char *q;    /* a substring of the login or the name */
  int limit;        /* ≤ 0: 50 */
  int offset;
} AccountQuery;

/* Accounts matching q ordered by login, as a JSON array of objects (id, login, name, role,
 * org_id, org_name, org_code, must_change, locked_until, disabled, created_at; no hashes).
 * *total (may be NULL) gets the number of matching accounts. New reference, NULL on error. */
json_t *account_search_json(Db *db, const AccountQuery *q, int64_t *total);
/* Sets the role and org (org_id 0: none) of an account. DB_OK, DB_NOTFOUND or an error. */
int account_set_role(Db *db, int64_t id, const char *role, int64_t org_id);
/* The contact assignments of an account, current ones first then by start date, as a JSON
 * array (id, org_id, org_name, org_code, kind, start_date, end_date, active [0/1]) where
 * active means end_date is NULL or ≥ today ('YYYY-MM-DD'). New reference, NULL on error. */
json_t *account_assignments_json(Db *db, int64_t account_id, const char *today);
/* One assignment of an account (id, org_id, org_code, kind, start_date, end_date), or NULL. */
json_t *account_assignment_get_json(Db *db, int64_t account_id, int64_t assignment_id);
/* Whether the account has an assignment of this kind to org_id not ended before today. */
bool account_assignment_exists(Db *db, int64_t account_id, int64_t org_id, const char *kind,
                               const char *today);
/* Ends an assignment of the account on end_date. DB_OK, or DB_NOTFOUND when the
 * assignment is not the account's or already ended before end_date. */
int account_assignment_end(Db *db, int64_t account_id, int64_t assignment_id,
                           const char *end_date);

/* ---- pages (account_pages.c) ---- */
int account_login_form_page(Req *r);
int account_login_page(Req *r);
int account_logout_page(Req *r);
int account_password_form_page(Req *r);
int account_password_page(Req *r);
int account_healthz_page(Req *r);
int account_static_page(Req *r);

/* The administrator's pages and their rules. */
#include "account/account_admin.h"

#endif
