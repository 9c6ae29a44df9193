/* Router matching, parameter validators, the permission table, password policy, tokens. */
#include <criterion/criterion.h>
#include <sodium.h>
#include <string.h>

#include "account/account.h"
#include "web/server_priv.h"

static int noop(Req *r) {
  (void)r;
  return 0;
}

static const char *const kinds[] = {"village", "community", NULL};
static const RouteParam org_params[] = {
    {.name = "id", .kind = P_ID, .required = true, .label = "组织"},
    {.name = "name", .kind = P_LINE, .required = true, .label = "名称", .max = 10},
    {.name = "kind", .kind = P_ENUM, .label = "类型", .choices = kinds},
    {.name = "founded", .kind = P_DATE, .label = "成立日期"},
    {.name = "members", .kind = P_INT, .label = "人数", .min = 0, .max = 500},
    {.name = "notes", .kind = P_TEXT, .label = "备注"},
    {.name = "login", .kind = P_LOGIN, .label = "登录名"},
    {.name = "next", .kind = P_LOCAL_URL, .label = "跳转"},
    {.name = "active", .kind = P_BOOL, .label = "有效"},
    {0},
};

static const Route routes[] = {
    {"GET", "/orgs", noop, PERM_ORG_VIEW, NULL, "", 0},
    {"GET", "/orgs/:id", noop, PERM_ORG_VIEW, org_params, "", 0},
    {"POST", "/orgs/:id", noop, PERM_ORG_EDIT, org_params, "", 0},
    {"GET", "/orgs/:id/members/:mid", noop, PERM_ORG_VIEW, NULL, "", 0},
    {"GET", "/static/*", noop, PERM_PUBLIC, NULL, "", 0},
    {0},
};

Test(router, matching_table) {
  static const struct {
    const char *method, *path;
    int route;         /* index in routes, -1 none */
    const char *allow; /* expected Allow when none matches */
    const char *id;    /* captured :id */
  } cases[] = {
      {"GET", "/orgs", 0, "", NULL},
      {"GET", "/orgs/17", 1, "", "17"},
      {"POST", "/orgs/17", 2, "", "17"},
      {"DELETE", "/orgs/17", -1, "GET, HEAD, POST", NULL},
      {"GET", "/orgs/17/members/3", 3, "", "17"},
      {"GET", "/orgs/", -1, "", NULL},
      {"GET", "/orgs/17/", -1, "", NULL},
      {"GET", "/orgsx", -1, "", NULL},
      {"GET", "/static/app.css", 4, "", NULL},
      {"GET", "/static/a/b.js", 4, "", NULL},
      {"GET", "/", -1, "", NULL},
      {"GET", "", -1, "", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    Form params = FORM_INIT;
    Buf allow = BUF_INIT;
    const Route *rt = web_route_match(routes, cases[i].method, cases[i].path, &params, &allow);
    if (cases[i].route < 0) {
      cr_assert_null(rt, "case %zu: %s %s matched", i, cases[i].method, cases[i].path);
      cr_assert_str_eq(buf_cstr(&allow), cases[i].allow, "case %zu allow", i);
    } else {
      cr_assert_eq(rt, &routes[cases[i].route], "case %zu: %s", i, cases[i].path);
    }
    if (cases[i].id) {
      cr_assert_str_eq(form_get(&params, "id"), cases[i].id, "case %zu id", i);
    }
    form_free(&params);
    buf_free(&allow);
  }
}

/* Runs the validators of org_params over one raw field; returns the kept value or NULL. */
static char *validate_one(const char *name, const char *value, char **error) {
  Req r = {0};
  ReqPriv pv = {0};
  r.priv = &pv;
  r.route = &routes[2];
  r.errors = json_object();
  Form path = FORM_INIT;
  form_add(&path, "id", "5", 1);
  if (strcmp(name, "name") != 0) {
    form_add(&pv.raw, "name", "x", 1);
  }
  if (value) {
    form_add(&pv.raw, name, value, strlen(value));
  }
  form_add(&pv.raw, "undeclared", "evil", 4);
  web_params_validate(&r, &path);
  cr_assert_null(form_get(&r.params, "undeclared"), "undeclared parameter reached the handler");
  const char *v = form_get(&r.params, name);
  char *out = v ? strdup(v) : NULL;
  json_t *e = json_object_get(r.errors, name);
  *error = e ? strdup(json_string_value(e)) : NULL;
  form_free(&r.params);
  form_free(&pv.raw);
  form_free(&path);
  json_decref(r.errors);
  return out;
}

Test(router, validators_table) {
  static const struct {
    const char *name, *value;
    const char *kept;  /* NULL: not passed to the handler */
    const char *error; /* substring of the message, NULL: no error */
  } cases[] = {
      {"name", "  城关镇 ", "城关镇", NULL},
      {"name", "", NULL, "不能为空"},
      {"name", "一二三四五六七八九十一", NULL, "过长"},
      {"name", "a\nb", NULL, "换行"},
      {"name", "\xff\xfe", NULL, "UTF-8"},
      {"kind", "village", "village", NULL},
      {"kind", "city", NULL, "选项"},
      {"founded", "2024年3月5日", "2024-03-05", NULL},
      {"founded", "2024/3/5", "2024-03-05", NULL},
      {"founded", "2023-02-29", NULL, "「成立日期」"},
      {"members", "12", "12", NULL},
      {"members", "１２", "12", NULL},
      {"members", "-1", NULL, "范围"},
      {"members", "501", NULL, "范围"},
      {"members", "12a", NULL, "整数"},
      {"notes", "第一行\n第二行", "第一行\n第二行", NULL},
      {"login", "town1", "town1", NULL},
      {"login", "Town 1", NULL, "登录名"},
      {"login", "a", NULL, "2–32"},
      {"next", "/orgs/1?x=2", "/orgs/1?x=2", NULL},
      {"next", "//evil.example/", NULL, "跳转"},
      {"next", "https://evil.example/", NULL, "跳转"},
      {"next", "/\\evil", NULL, "跳转"},
      {"active", NULL, "0", NULL},
      {"active", "on", "1", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *err = NULL;
    char *kept = validate_one(cases[i].name, cases[i].value, &err);
    if (cases[i].kept) {
      cr_assert_not_null(kept, "case %zu (%s=%s): rejected: %s", i, cases[i].name,
                         cases[i].value, err ? err : "");
      cr_assert_str_eq(kept, cases[i].kept, "case %zu", i);
    } else {
      cr_assert_null(kept, "case %zu (%s) was passed on", i, cases[i].name);
    }
    if (cases[i].error) {
      cr_assert_not_null(err, "case %zu: no error", i);
      cr_assert(strstr(err, cases[i].error), "case %zu: message %s lacks %s", i, err,
                cases[i].error);
    } else {
      cr_assert_null(err, "case %zu: unexpected error %s", i, err);
    }
    free(kept);
    free(err);
  }
}

Test(router, bad_path_id_is_an_error) {
  char *err = NULL;
  Req r = {0};
  ReqPriv pv = {0};
  r.priv = &pv;
  r.route = &routes[1];
  r.errors = json_object();
  Form path = FORM_INIT;
  form_add(&path, "id", "0", 1);
  form_add(&pv.raw, "name", "x", 1);
  web_params_validate(&r, &path);
  cr_assert(req_has_errors(&r));
  cr_assert_null(form_get(&r.params, "id"));
  form_free(&r.params);
  form_free(&pv.raw);
  form_free(&path);
  json_decref(r.errors);
  free(err);
}

Test(authz, permission_table) {
  static const struct {
    Role role;
    Perm perm;
    bool can;
  } cases[] = {
      {ROLE_ADMIN, PERM_ACCOUNT_ADMIN, true}, {ROLE_ADMIN, PERM_ORG_EDIT, false},
      {ROLE_DISTRICT, PERM_AUDIT_VIEW, true}, {ROLE_DISTRICT, PERM_ACCOUNT_ADMIN, false},
      {ROLE_TOWN, PERM_ORG_EDIT, true},       {ROLE_BRANCH, PERM_ORG_EDIT, false},
      {ROLE_CONTACT, PERM_ORG_VIEW, true},    {ROLE_MEMBER, PERM_ORG_VIEW, false},
      {ROLE_MEMBER, PERM_SIGNED_IN, true},    {ROLE_NONE, PERM_SIGNED_IN, false},
      {ROLE_NONE, PERM_PUBLIC, true},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cr_assert_eq(authz_can(cases[i].role, cases[i].perm), cases[i].can, "case %zu", i);
  }
  for (int r = 0; r < ROLE_COUNT; r++) {
    cr_assert_eq(authz_role_parse(authz_role_name((Role)r)), (Role)r);
    cr_assert_str_neq(authz_role_label((Role)r), "");
  }
  cr_assert_eq(authz_role_parse("root"), ROLE_NONE);
  cr_assert_eq(authz_role_parse(NULL), ROLE_NONE);
}

Test(account, password_policy_table) {
  static const struct {
    const char *pw, *login;
    const char *problem; /* substring, NULL: accepted */
  } cases[] = {
      {"Abcdef1!", "x", NULL},
      {"abcdefg1", "x", "三类"},
      {"ABCDEFG1", "x", "三类"},
      {"Abcdefgh", "x", "三类"},
      {"Ab1!", "x", "8"},
      {"abc123!!", "x", NULL},
      {"党建工作Ab12", "x", NULL},
      {"党建工作Ab1", "x", "8"},
      {"党建工作党建工作", "x", "三类"},
      {"town1Town", "town1Town", "登录名"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *p = account_password_problem(cases[i].pw, cases[i].login);
    if (!cases[i].problem) {
      cr_assert_null(p, "case %zu: %s rejected: %s", i, cases[i].pw, p);
    } else {
      cr_assert_not_null(p, "case %zu accepted", i);
      cr_assert(strstr(p, cases[i].problem), "case %zu: %s", i, p);
    }
  }
}

Test(account, password_hash_roundtrip) {
  cr_assert_geq(sodium_init(), 0);
  char *h = account_password_hash("Abcdef1!");
  cr_assert_not_null(h);
  cr_assert(strncmp(h, "$argon2id$", 10) == 0, "not Argon2id: %s", h);
  cr_assert(account_password_verify(h, "Abcdef1!"));
  cr_assert_not(account_password_verify(h, "Abcdef1?"));
  cr_assert_not(account_password_verify(NULL, "Abcdef1!"));
  free(h);
}

Test(session, tokens_are_random_and_hashed) {
  cr_assert_geq(sodium_init(), 0);
  char *seen[200];
  for (int i = 0; i < 200; i++) {
    seen[i] = web_random_token();
    cr_assert_eq(strlen(seen[i]), 43, "256 bits in base64url without padding");
    cr_assert_eq(strspn(seen[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                 43);
    for (int k = 0; k < i; k++) {
      cr_assert_str_neq(seen[i], seen[k]);
    }
  }
  char *h1 = web_token_hash(seen[0]);
  char *h2 = web_token_hash(seen[0]);
  char *h3 = web_token_hash(seen[1]);
  cr_assert_eq(strlen(h1), 64);
  cr_assert_str_eq(h1, h2);
  cr_assert_str_neq(h1, h3);
  cr_assert_null(strstr(h1, seen[0]));
  free(h1);
  free(h2);
  free(h3);
  for (int i = 0; i < 200; i++) {
    free(seen[i]);
  }
}
