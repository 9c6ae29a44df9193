/*
 * account administration: the administrator's pages for accounts (list, create, lock,
 * unlock, reset password, change role and org, contact assignments), their pure rules
 * (account_admin_rules.c) and the store functions in account.h they call.
 */
#ifndef DJ_ACCOUNT_ADMIN_H
#define DJ_ACCOUNT_ADMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "web/authz.h"
#include "web/web.h"

/* ---- rules (account_admin_rules.c: pure) ---- */

/* Length of a generated initial password, and how many random numbers making one takes. */
#define ACCOUNT_PW_LEN 12
#define ACCOUNT_PW_RANDOMS (2 * ACCOUNT_PW_LEN)

/*
 * Makes a readable initial password of ACCOUNT_PW_LEN characters from rnd (any 32-bit
 * values, e.g. from randombytes_buf): one each of upper case, lower case, digit and symbol,
 * the rest from all four, then shuffled. Look-alike characters (0 O o 1 l I) are never used,
 * so the result always satisfies account_password_problem. Writes out (NUL-terminated).
 */
void account_password_from(const uint32_t rnd[ACCOUNT_PW_RANDOMS], char out[ACCOUNT_PW_LEN + 1]);

/* NULL when an account of role may have (has_org) or lack an org, else a Chinese reason:
 * 系统管理员 has none; district, town, branch and member need one; a contact cadre may have
 * the town it belongs to or none (its scope comes from its assignments). */
const char *account_role_org_problem(Role role, bool has_org);

/* What an administrator does to an account, for account_self_problem. */
typedef enum AccountAct {
  ACCOUNT_ACT_LOCK,
  ACCOUNT_ACT_UNLOCK,
  ACCOUNT_ACT_RESET,
  ACCOUNT_ACT_ROLE,
  ACCOUNT_ACT_ASSIGN,
} AccountAct;

/* NULL when the actor (account actor_id of role actor_role) may do act to target_id (with
 * new_role for ACCOUNT_ACT_ROLE), else a Chinese reason: nobody locks their own account,
 * resets their own password here, or takes the 系统管理员 role from themselves. */
const char *account_self_problem(int64_t actor_id, Role actor_role, int64_t target_id,
                                 AccountAct act, Role new_role);

typedef enum AccountStatus {
  ACCOUNT_STATUS_OK,          /* 正常 */
  ACCOUNT_STATUS_MUST_CHANGE, /* 须改密: the initial or a reset password is still in use */
  ACCOUNT_STATUS_LOCKED,      /* 锁定: by an administrator or after failed logins */
  ACCOUNT_STATUS_DISABLED,    /* 停用 */
} AccountStatus;

/* The status shown for an account at time now (disabled over locked over must change). */
AccountStatus account_status(int64_t locked_until, bool disabled, bool must_change, int64_t now);
const char *account_status_label(AccountStatus s); /* "正常" … */
const char *account_status_class(AccountStatus s); /* "status-ok" / "status-warn" / "status-bad" */

/* Contact assignment kinds: "village_leader" → "包村领导" …; NULL for an unknown kind. */
extern const char *const account_contact_kinds[]; /* NULL-terminated codes */
const char *account_contact_kind_label(const char *kind);

/* Role codes accepted by the forms, NULL-terminated ("admin" … "member"). */
extern const char *const account_role_codes[];

/* ---- pages (account_admin_pages.c) ---- */
int account_admin_list_page(Req *r);
int account_admin_new_form_page(Req *r);
int account_admin_new_page(Req *r);
int account_admin_detail_page(Req *r);
int account_admin_lock_page(Req *r);
int account_admin_unlock_page(Req *r);
int account_admin_reset_page(Req *r);
int account_admin_role_page(Req *r);
int account_admin_assign_page(Req *r);
int account_admin_unassign_page(Req *r);

#endif
