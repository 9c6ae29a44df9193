/* Pure rules of account administration: no I/O, no SQL (see account_admin.h). */
#include <string.h>

#include "account/account_admin.h"
#include "base/banned.h"

const char *const account_role_codes[] = {"admin",   "district", "town", "branch",
                                          "contact", "member",   NULL};

const char *const account_contact_kinds[] = {"village_leader", "resident_cadre", "instructor",
                                             "section_chief", NULL};

static const char *const contact_kind_labels[] = {"包村领导", "驻村干部", "党建指导员",
                                                  "科级干部包抓"};

const char *account_contact_kind_label(const char *kind) {
  for (size_t i = 0; kind && account_contact_kinds[i]; i++) {
    if (strcmp(kind, account_contact_kinds[i]) == 0) {
      return contact_kind_labels[i];
    }
  }
  return NULL;
}

/* No look-alikes: 0 O o, 1 l I. */
static const char pw_upper[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";
static const char pw_lower[] = "abcdefghijkmnpqrstuvwxyz";
static const char pw_digit[] = "23456789";
static const char pw_symbol[] = "#%+=@!?*";

void account_password_from(const uint32_t rnd[ACCOUNT_PW_RANDOMS], char out[ACCOUNT_PW_LEN + 1]) {
  static const char *const classes[] = {pw_upper, pw_lower, pw_digit, pw_symbol};
  /* Letters twice as likely as digits and symbols in the free positions: easier to read. */
  static const char *const free_pick[] = {pw_upper, pw_lower, pw_lower, pw_upper, pw_digit,
                                          pw_symbol};
  for (size_t i = 0; i < ACCOUNT_PW_LEN; i++) {
    const char *set = i < 4 ? classes[i] : free_pick[rnd[i] % 6];
    uint32_t pick = i < 4 ? rnd[i] : rnd[i] / 6;
    out[i] = set[pick % strlen(set)];
  }
  /* Fisher–Yates with the second half of rnd. */
  for (size_t i = ACCOUNT_PW_LEN - 1; i > 0; i--) {
    size_t j = rnd[ACCOUNT_PW_LEN + i] % (i + 1);
    char t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  out[ACCOUNT_PW_LEN] = '\0';
}

const char *account_role_org_problem(Role role, bool has_org) {
  switch (role) {
  case ROLE_ADMIN:
    return has_org ? "系统管理员不属于任何组织，请留空" : NULL;
  case ROLE_CONTACT:
    return NULL;
  case ROLE_DISTRICT:
  case ROLE_TOWN:
  case ROLE_BRANCH:
  case ROLE_MEMBER:
    return has_org ? NULL : "该角色须指定所属组织（其权限范围为该组织及下级）";
  default:
    return "角色无效";
  }
}

const char *account_self_problem(int64_t actor_id, Role actor_role, int64_t target_id,
                                 AccountAct act, Role new_role) {
  if (actor_id != target_id) {
    return NULL;
  }
  switch (act) {
  case ACCOUNT_ACT_LOCK:
    return "不能锁定自己的账户";
  case ACCOUNT_ACT_RESET:
    return "不能在此重置自己的密码，请通过「修改密码」修改";
  case ACCOUNT_ACT_ROLE:
    return actor_role == ROLE_ADMIN && new_role != ROLE_ADMIN
               ? "不能取消自己的系统管理员角色（请由另一位管理员操作）"
               : NULL;
  case ACCOUNT_ACT_UNLOCK:
  case ACCOUNT_ACT_ASSIGN:
    return NULL;
  }
  return NULL;
}

AccountStatus account_status(int64_t locked_until, bool disabled, bool must_change, int64_t now) {
  if (disabled) {
    return ACCOUNT_STATUS_DISABLED;
  }
  if (locked_until > now) {
    return ACCOUNT_STATUS_LOCKED;
  }
  return must_change ? ACCOUNT_STATUS_MUST_CHANGE : ACCOUNT_STATUS_OK;
}

const char *account_status_label(AccountStatus s) {
  switch (s) {
  case ACCOUNT_STATUS_OK: return "正常";
  case ACCOUNT_STATUS_MUST_CHANGE: return "须改密";
  case ACCOUNT_STATUS_LOCKED: return "锁定";
  case ACCOUNT_STATUS_DISABLED: return "停用";
  }
  return "";
}

const char *account_status_class(AccountStatus s) {
  switch (s) {
  case ACCOUNT_STATUS_OK: return "status-ok";
  case ACCOUNT_STATUS_MUST_CHANGE: return "status-warn";
  case ACCOUNT_STATUS_LOCKED:
  case ACCOUNT_STATUS_DISABLED: return "status-bad";
  }
  return "";
}
