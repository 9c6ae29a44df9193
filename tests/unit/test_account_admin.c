/* Account administration rules: generated passwords, role × org, self-protection, status,
 * contact kinds, audit labels. */
#include <criterion/criterion.h>
#include <string.h>

#include "account/account.h"
#include "account/account_admin.h"
#include "audit/audit.h"

Test(account_admin, password_from_table) {
  /* Fixed random inputs, including extremes: every result is 12 characters, passes the
   * policy, has all four classes and no look-alike characters. */
  static const uint32_t fills[] = {0u, 1u, 5u, 6u, 7u, 0x7fffffffu, 0x80000000u, 0xffffffffu};
  for (size_t k = 0; k < sizeof fills / sizeof *fills + 64; k++) {
    uint32_t rnd[ACCOUNT_PW_RANDOMS];
    for (size_t i = 0; i < ACCOUNT_PW_RANDOMS; i++) {
      rnd[i] = k < sizeof fills / sizeof *fills ? fills[k]
                                                 : (uint32_t)(k * 2654435761u + i * 40503u);
    }
    char pw[ACCOUNT_PW_LEN + 1];
    account_password_from(rnd, pw);
    cr_assert_eq(strlen(pw), ACCOUNT_PW_LEN, "case %zu: %s", k, pw);
    cr_assert_null(account_password_problem(pw, "alice"), "case %zu: %s", k, pw);
    bool up = false, lo = false, dg = false, sy = false;
    for (const char *c = pw; *c; c++) {
      cr_assert_null(strchr("0Oo1lI", *c), "case %zu: look-alike in %s", k, pw);
      up |= *c >= 'A' && *c <= 'Z';
      lo |= *c >= 'a' && *c <= 'z';
      dg |= *c >= '0' && *c <= '9';
      sy |= strchr("#%+=@!?*", *c) != NULL;
    }
    cr_assert(up && lo && dg && sy, "case %zu: classes missing in %s", k, pw);
  }
}

Test(account_admin, password_from_differs) {
  uint32_t a[ACCOUNT_PW_RANDOMS] = {0}, b[ACCOUNT_PW_RANDOMS] = {0};
  b[5] = 1; /* position 5: lower case instead of upper case */
  char pa[ACCOUNT_PW_LEN + 1], pb[ACCOUNT_PW_LEN + 1];
  account_password_from(a, pa);
  account_password_from(b, pb);
  cr_assert_str_neq(pa, pb);
}

Test(account_admin, role_org_table) {
  static const struct {
    Role role;
    bool has_org;
    bool ok;
  } cases[] = {
      {ROLE_ADMIN, false, true},    {ROLE_ADMIN, true, false},   {ROLE_DISTRICT, true, true},
      {ROLE_DISTRICT, false, false}, {ROLE_TOWN, true, true},     {ROLE_TOWN, false, false},
      {ROLE_BRANCH, true, true},    {ROLE_BRANCH, false, false}, {ROLE_CONTACT, true, true},
      {ROLE_CONTACT, false, true},  {ROLE_MEMBER, true, true},   {ROLE_MEMBER, false, false},
      {ROLE_NONE, true, false},     {ROLE_COUNT, false, false},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const char *why = account_role_org_problem(cases[i].role, cases[i].has_org);
    cr_assert_eq(why == NULL, cases[i].ok, "case %zu: %s", i, why ? why : "(ok)");
  }
}

Test(account_admin, self_table) {
  static const struct {
    int64_t actor, target;
    Role actor_role;
    AccountAct act;
    Role new_role;
    const char *contains; /* NULL: allowed */
  } cases[] = {
      {1, 1, ROLE_ADMIN, ACCOUNT_ACT_LOCK, ROLE_NONE, "锁定自己"},
      {1, 2, ROLE_ADMIN, ACCOUNT_ACT_LOCK, ROLE_NONE, NULL},
      {1, 1, ROLE_ADMIN, ACCOUNT_ACT_UNLOCK, ROLE_NONE, NULL},
      {1, 1, ROLE_ADMIN, ACCOUNT_ACT_RESET, ROLE_NONE, "修改密码"},
      {1, 2, ROLE_ADMIN, ACCOUNT_ACT_RESET, ROLE_NONE, NULL},
      {1, 1, ROLE_ADMIN, ACCOUNT_ACT_ROLE, ROLE_DISTRICT, "系统管理员"},
      {1, 1, ROLE_ADMIN, ACCOUNT_ACT_ROLE, ROLE_ADMIN, NULL},
      {1, 2, ROLE_ADMIN, ACCOUNT_ACT_ROLE, ROLE_MEMBER, NULL},
      {1, 1, ROLE_ADMIN, ACCOUNT_ACT_ASSIGN, ROLE_NONE, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const char *why = account_self_problem(cases[i].actor, cases[i].actor_role, cases[i].target,
                                           cases[i].act, cases[i].new_role);
    if (cases[i].contains) {
      cr_assert_not_null(why, "case %zu", i);
      cr_assert(strstr(why, cases[i].contains), "case %zu: %s", i, why);
    } else {
      cr_assert_null(why, "case %zu: %s", i, why);
    }
  }
}

Test(account_admin, status_table) {
  static const struct {
    int64_t locked_until;
    bool disabled, must_change;
    AccountStatus want;
    const char *label;
  } cases[] = {
      {0, false, false, ACCOUNT_STATUS_OK, "正常"},
      {0, false, true, ACCOUNT_STATUS_MUST_CHANGE, "须改密"},
      {999, false, false, ACCOUNT_STATUS_OK, "正常"},    /* a lock that has ended */
      {1000, false, false, ACCOUNT_STATUS_OK, "正常"},   /* ends exactly now */
      {1001, false, true, ACCOUNT_STATUS_LOCKED, "锁定"},
      {INT64_MAX / 2, false, false, ACCOUNT_STATUS_LOCKED, "锁定"},
      {INT64_MAX / 2, true, true, ACCOUNT_STATUS_DISABLED, "停用"},
      {0, true, false, ACCOUNT_STATUS_DISABLED, "停用"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    AccountStatus s = account_status(cases[i].locked_until, cases[i].disabled,
                                     cases[i].must_change, 1000);
    cr_assert_eq(s, cases[i].want, "case %zu", i);
    cr_assert_str_eq(account_status_label(s), cases[i].label, "case %zu", i);
    cr_assert(strncmp(account_status_class(s), "status-", 7) == 0, "case %zu", i);
  }
}

Test(account_admin, contact_kinds_table) {
  static const struct {
    const char *kind, *label;
  } cases[] = {
      {"village_leader", "包村领导"}, {"resident_cadre", "驻村干部"},
      {"instructor", "党建指导员"},   {"section_chief", "科级干部包抓"},
      {"other", NULL},                {"", NULL},
      {NULL, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const char *got = account_contact_kind_label(cases[i].kind);
    if (cases[i].label) {
      cr_assert_str_eq(got, cases[i].label, "case %zu", i);
    } else {
      cr_assert_null(got, "case %zu", i);
    }
  }
  size_t n = 0;
  while (account_contact_kinds[n]) {
    n++;
  }
  cr_assert_eq(n, 4);
  for (n = 0; account_role_codes[n]; n++) {
    cr_assert_neq(authz_role_parse(account_role_codes[n]), ROLE_NONE);
  }
  cr_assert_eq(n, ROLE_COUNT);
}

Test(account_admin, audit_labels_table) {
  static const struct {
    const char *action, *label;
  } cases[] = {
      {"login", "登录"},        {"login_failed", "登录失败"},
      {"lock", "锁定"},         {"unlock", "解锁"},
      {"password_reset", "重置密码"}, {"role_change", "变更角色/组织"},
      {"assign", "分配联系点"}, {"unassign", "结束联系点"},
      {"create", "新建"},       {"nonsense", NULL},
      {NULL, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const char *got = audit_action_label(cases[i].action);
    if (cases[i].label) {
      cr_assert_str_eq(got, cases[i].label, "case %zu", i);
    } else {
      cr_assert_null(got, "case %zu", i);
    }
  }
  cr_assert_str_eq(audit_entity_label("account"), "账户");
  cr_assert_null(audit_entity_label("x"));
}

Test(account_admin, audit_rows_view_formats) {
  json_t *rows = json_loads(
      "[{\"at\": 0, \"action\": \"lock\", \"entity\": \"account\", \"entity_id\": \"7\","
      "  \"before_json\": \"{\\\"b\\\":1,\\\"a\\\":\\\"锁\\\"}\", \"after_json\": \"not json\"},"
      " {\"at\": 1700000000, \"action\": \"odd\", \"entity\": \"thing\", \"entity_id\": \"\","
      "  \"before_json\": null, \"after_json\": null}]",
      0, NULL);
  cr_assert_not_null(rows);
  audit_rows_view(rows);
  json_t *r0 = json_array_get(rows, 0);
  cr_assert_str_eq(json_string_value(json_object_get(r0, "action_label")), "锁定");
  cr_assert_str_eq(json_string_value(json_object_get(r0, "entity_label")), "账户");
  cr_assert(json_is_true(json_object_get(r0, "account_link")));
  cr_assert(json_is_true(json_object_get(r0, "has_change")));
  const char *before = json_string_value(json_object_get(r0, "before"));
  cr_assert(before && strstr(before, "\"a\": \"锁\""), "%s", before);
  cr_assert_str_eq(json_string_value(json_object_get(r0, "after")), "not json");
  cr_assert_eq(strlen(json_string_value(json_object_get(r0, "time"))), 19);
  json_t *r1 = json_array_get(rows, 1);
  cr_assert_str_eq(json_string_value(json_object_get(r1, "action_label")), "odd");
  cr_assert(json_is_false(json_object_get(r1, "has_change")));
  cr_assert(json_is_false(json_object_get(r1, "account_link")));
  json_decref(rows);
}
