/*
 * The administrator's account pages (account.admin): the list, creating an account, and on
 * an account's page locking, unlocking, resetting its password, changing its role and org,
 * and adding / ending contact assignments. Every write runs in one transaction with its
 * audit row (actor: the signed-in administrator). A new or reset password is generated here
 * and shown once, on the page that answers the POST (never stored in clear, never audited).
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account/account.h"
#include "account/account_admin.h"
#include "audit/audit.h"
#include "base/date.h"
#include "org/org.h"
#include "web/session_store.h"
#include "web/view.h"
#include "base/banned.h"

enum { LIST_PAGE_SIZE = 50, DETAIL_AUDIT_ROWS = 20 };

/* locked_until set by an administrator (as `dangjian user lock` does): far in the future. */
#define ADMIN_LOCK_UNTIL (INT64_MAX / 2)
/* A lock ending later than this from now is shown as set by an administrator. */
#define ADMIN_LOCK_SHOWN_AFTER ((int64_t)10 * 366 * 86400)

/* ---- helpers ---- */

static void id_text(char out[24], int64_t id) { snprintf(out, 24, "%lld", (long long)id); }

static void today_iso(char out[DATE_ISO_SIZE]) { date_format_iso(date_today(), out); }

static const char *or_empty(const char *s) { return s ? s : ""; }

/* The :id of the path; 0 when it is not a positive integer id (answered as 404). */
static int64_t path_id(Req *r) {
  const char *s = req_param(r, "id");
  if (!s || !*s || strlen(s) > 15) {
    return 0;
  }
  int64_t v = 0;
  for (const char *c = s; *c; c++) {
    if (*c < '0' || *c > '9') {
      return 0;
    }
    v = v * 10 + (*c - '0');
  }
  return v;
}

/* Adds role_label, status, status_label, status_class, created, lock text to an account. */
static void account_view(json_t *a, int64_t now) {
  Role role = authz_role_parse(view_str_or(a, "role", ""));
  int64_t locked_until = view_int(a, "locked_until");
  AccountStatus st = account_status(locked_until, view_int(a, "disabled") != 0,
                                    view_int(a, "must_change") != 0, now);
  json_object_set_new(a, "role_label", json_string(authz_role_label(role)));
  json_object_set_new(a, "status_label", json_string(account_status_label(st)));
  json_object_set_new(a, "status_class", json_string(account_status_class(st)));
  json_object_set_new(a, "locked", json_boolean(locked_until > now));
  json_object_set_new(a, "is_contact", json_boolean(role == ROLE_CONTACT));
  json_object_set_new(a, "created", view_time(view_int(a, "created_at"), false));
  if (json_object_get(a, "password_changed_at")) {
    json_object_set_new(a, "password_changed",
                        view_time(view_int(a, "password_changed_at"), true));
  }
  if (locked_until > now && locked_until - now > ADMIN_LOCK_SHOWN_AFTER) {
    json_object_set_new(a, "locked_text", json_string("由管理员锁定"));
  } else if (locked_until > now) {
    json_t *until = view_time(locked_until, true);
    Buf t = BUF_INIT;
    buf_printf(&t, "连续登录失败，锁定至 %s",
               json_string_value(until) ? json_string_value(until) : "");
    json_object_set_new(a, "locked_text", json_string(buf_cstr(&t)));
    buf_free(&t);
    json_decref(until);
  } else {
    json_object_set_new(a, "locked_text", json_null());
  }
  const char *name = json_string_value(json_object_get(a, "name"));
  if (!name || !*name) {
    json_object_set_new(a, "name", json_null());
  }
  /* Empty strings as null: Mustache sections treat "" as true. */
  static const char *const maybe_empty[] = {"org_name", "org_code"};
  for (size_t i = 0; i < sizeof maybe_empty / sizeof *maybe_empty; i++) {
    const char *v = json_string_value(json_object_get(a, maybe_empty[i]));
    if (v && !*v) {
      json_object_set_new(a, maybe_empty[i], json_null());
    }
  }
}

/* [{value, label, selected}] for the role select. */
static json_t *role_options(const char *selected) {
  json_t *a = json_array();
  for (const char *const *c = account_role_codes; *c; c++) {
    json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", *c, "label",
                                       authz_role_label(authz_role_parse(*c)), "selected",
                                       selected && strcmp(selected, *c) == 0));
  }
  return a;
}

static json_t *kind_options(const char *selected) {
  json_t *a = json_array();
  for (const char *const *c = account_contact_kinds; *c; c++) {
    json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", *c, "label",
                                       account_contact_kind_label(*c), "selected",
                                       selected && strcmp(selected, *c) == 0));
  }
  return a;
}

/*
 * Looks up the org typed into field (its code, or its numeric id) within the user's scope
 * (the administrator's: the whole tree). Sets *org_id and returns true; on failure adds a
 * field error and returns false. A dissolved org is refused.
 */
static bool resolve_org(Req *r, const char *field, const char *label, const char *text,
                        int64_t *org_id) {
  *org_id = 0;
  int64_t id = org_by_code(r->db, text);
  if (!id) {
    bool digits = *text != '\0' && strlen(text) <= 15;
    for (const char *c = text; digits && *c; c++) {
      digits = *c >= '0' && *c <= '9';
    }
    id = digits ? strtoll(text, NULL, 10) : 0;
  }
  json_t *org = id > 0 ? org_get(r->db, &r->scope, id) : NULL;
  Buf msg = BUF_INIT;
  if (!org) {
    buf_printf(&msg, "「%s」没有代码或编号为 %s 的组织", label, text);
  } else if (json_is_string(json_object_get(org, "dissolved"))) {
    buf_printf(&msg, "「%s」%s 已撤销，不能选用", label, view_str_or(org, "short_name", ""));
  } else {
    *org_id = id;
  }
  if (msg.len) {
    req_error(r, field, buf_cstr(&msg));
  }
  buf_free(&msg);
  json_decref(org);
  return *org_id > 0;
}

/* A fresh initial password for login (ACCOUNT_PW_LEN characters) into out. */
static void new_password(const char *login, char out[ACCOUNT_PW_LEN + 1]) {
  uint32_t rnd[ACCOUNT_PW_RANDOMS];
  do {
    randombytes_buf(rnd, sizeof rnd);
    account_password_from(rnd, out);
  } while (account_password_problem(out, login));
  sodium_memzero(rnd, sizeof rnd);
}

/* The page that shows a new password once (after create or reset). Not cached. */
static int password_shown(Req *r, bool created, int64_t id, const char *login, const char *name,
                          Role role, const char *password, bool still_locked) {
  json_t *acct = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "login", login, "role_label",
                           authz_role_label(role));
  json_object_set_new(acct, "name", name && *name ? json_string(name) : json_null());
  json_t *m = json_pack("{s:s, s:b, s:o, s:s, s:b}", "title", created ? "账户已创建" : "密码已重置",
                        "created", created, "account", acct, "password", password, "still_locked",
                        still_locked);
  json_object_set_new(
      m, "breadcrumbs",
      json_pack("[{s:s, s:s}, {s:s}]", "href", "/accounts", "label", "账户管理", "label", login));
  web_header(r, "Cache-Control", "no-store");
  return web_render(r, 200, "account_password_shown", m);
}

/* Runs the end of a write: audit row, then commit; rolls back on any failure. */
static int finish_write(Req *r, int rc, const char *action, int64_t id, json_t *before,
                        json_t *after) {
  char sid[24];
  id_text(sid, id);
  if (rc == DB_OK) {
    rc = web_audit(r, action, "account", sid, before, after);
  } else {
    json_decref(before);
    json_decref(after);
  }
  if (rc == DB_OK) {
    rc = db_commit(r->db);
  } else {
    db_rollback(r->db);
  }
  return rc;
}

/* ---- list ---- */

/* "/accounts?role=…&q=…&page=N" into out. */
static void list_href(Buf *out, const char *role, const char *q, int64_t page) {
  buf_puts(out, "/accounts?");
  if (role && *role) {
    buf_puts(out, "role=");
    buf_urlencode(out, role, strlen(role));
    buf_putc(out, '&');
  }
  if (q && *q) {
    buf_puts(out, "q=");
    buf_urlencode(out, q, strlen(q));
    buf_putc(out, '&');
  }
  buf_printf(out, "page=%lld", (long long)page);
}

int account_admin_list_page(Req *r) {
  const char *role = req_param(r, "role");
  const char *q = req_param(r, "q");
  int64_t page = req_param_int(r, "page", 1);
  int64_t total = 0;
  AccountQuery aq = {role, q, LIST_PAGE_SIZE, (int)((page - 1) * LIST_PAGE_SIZE)};
  json_t *rows = account_search_json(r->db, &aq, &total);
  if (!rows) {
    return -1;
  }
  int64_t now = time(NULL);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) { account_view(row, now); }
  int64_t pages = (total + LIST_PAGE_SIZE - 1) / LIST_PAGE_SIZE;
  json_t *m =
      json_pack("{s:s, s:o, s:I, s:I, s:I, s:b, s:o, s:{s:o, s:o}}", "title", "账户管理",
                "accounts", rows, "total", (json_int_t)total, "page", (json_int_t)page, "pages",
                (json_int_t)(pages ? pages : 1), "has_accounts", json_array_size(rows) > 0, "roles",
                role_options(role), "filter", "role", role ? json_string(role) : json_null(), "q",
                q ? json_string(q) : json_null());
  Buf href = BUF_INIT;
  if (page > 1) {
    list_href(&href, role, q, page - 1);
    json_object_set_new(m, "prev_href", json_string(buf_cstr(&href)));
  } else {
    json_object_set_new(m, "prev_href", json_null());
  }
  buf_reset(&href);
  if (page < pages) {
    list_href(&href, role, q, page + 1);
    json_object_set_new(m, "next_href", json_string(buf_cstr(&href)));
  } else {
    json_object_set_new(m, "next_href", json_null());
  }
  buf_free(&href);
  return web_render(r, 200, "account_list", m);
}

/* ---- create ---- */

static int new_form(Req *r, int status) {
  const char *role = req_param(r, "role");
  json_t *form = json_pack("{s:s, s:s, s:s}", "login", or_empty(req_param(r, "login")), "name",
                           or_empty(req_param(r, "name")), "org", or_empty(req_param(r, "org")));
  json_t *m =
      json_pack("{s:s, s:o, s:o}", "title", "新建账户", "form", form, "roles", role_options(role));
  json_object_set_new(m, "breadcrumbs",
                      json_pack("[{s:s, s:s}, {s:s}]", "href", "/accounts", "label", "账户管理",
                                "label", "新建账户"));
  return web_render(r, status, "account_new", m);
}

int account_admin_new_form_page(Req *r) { return new_form(r, 200); }

int account_admin_new_page(Req *r) {
  const char *login = req_param(r, "login");
  const char *name = req_param(r, "name");
  const char *role_code = req_param(r, "role");
  const char *org = req_param(r, "org");
  Role role = authz_role_parse(role_code);
  int64_t org_id = 0;
  if (org && !json_object_get(r->errors, "org")) {
    resolve_org(r, "org", "所属组织", org, &org_id);
  }
  if (role != ROLE_NONE && !json_object_get(r->errors, "org")) {
    const char *problem = account_role_org_problem(role, org != NULL);
    if (problem) {
      req_error(r, "org", problem);
    }
  }
  if (login && !json_object_get(r->errors, "login")) {
    AccountAuth au;
    int found = account_find_login(r->db, login, &au);
    if (found == DB_OK) {
      account_auth_free(&au);
      req_error(r, "login", "「登录名」已存在");
    } else if (found != DB_NOTFOUND) {
      return -1;
    }
  }
  if (req_has_errors(r)) {
    return new_form(r, 400);
  }
  char pw[ACCOUNT_PW_LEN + 1];
  new_password(login, pw);
  char *hash = account_password_hash(pw);
  if (!hash) {
    sodium_memzero(pw, sizeof pw);
    return -1;
  }
  AccountNew n = {login, name, role_code, org_id, hash, true};
  int64_t id = 0;
  int rc = db_begin(r->db);
  if (rc != DB_OK) {
    free(hash);
    sodium_memzero(pw, sizeof pw);
    return -1;
  }
  rc = account_insert(r->db, &n, time(NULL), &id);
  free(hash);
  if (rc == DB_CONSTRAINT) {
    /* Taken between the check and the insert. */
    db_rollback(r->db);
    sodium_memzero(pw, sizeof pw);
    req_error(r, "login", "「登录名」已存在");
    return new_form(r, 400);
  }
  json_t *after = json_pack("{s:s, s:s, s:s, s:b}", "login", login, "name", name ? name : "",
                            "role", role_code, "must_change", true);
  json_object_set_new(after, "org_id", org_id ? json_integer(org_id) : json_null());
  rc = finish_write(r, rc, "create", id, NULL, after);
  if (rc != DB_OK) {
    sodium_memzero(pw, sizeof pw);
    return -1;
  }
  int ret = password_shown(r, true, id, login, name, role, pw, false);
  sodium_memzero(pw, sizeof pw);
  return ret;
}

/* ---- one account ---- */

/* Renders the account's page with status; message (may be NULL) is shown at the top. */
static int detail(Req *r, int status, int64_t id, const char *message) {
  json_t *acct = account_get_json(r->db, id);
  if (!acct) {
    return web_error(r, 404, "账户不存在");
  }
  int64_t now = time(NULL);
  account_view(acct, now);
  char today[DATE_ISO_SIZE];
  today_iso(today);
  json_t *assignments = account_assignments_json(r->db, id, today);
  if (!assignments) {
    json_decref(acct);
    return -1;
  }
  size_t i;
  json_t *row;
  json_array_foreach(assignments, i, row) {
    const char *label = account_contact_kind_label(view_str_or(row, "kind", ""));
    json_object_set_new(row, "kind_label",
                        json_string(label ? label : view_str_or(row, "kind", "")));
  }
  char sid[24];
  id_text(sid, id);
  AuditFilter f = {.entity = "account",
                   .entity_id = sid,
                   .limit = DETAIL_AUDIT_ROWS,
                   .scope_lo = r->scope.n ? r->scope.lo[0] : "",
                   .scope_hi = r->scope.n ? r->scope.hi[0] : ""};
  json_t *audit = audit_list(r->db, &f);
  audit_rows_view(audit);
  json_array_foreach(audit, i, row) { json_object_set_new(row, "account_link", json_false()); }

  /* Form values: what was submitted (on a re-render), else the account's own. */
  const char *role = req_param(r, "role") ? req_param(r, "role") : view_str_or(acct, "role", "");
  const char *org = req_param(r, "org");
  char *org_default = NULL;
  if (!org && view_int(acct, "org_id") > 0) {
    /* The org's code, or its id when it has none. */
    json_t *o = org_get(r->db, &r->scope, view_int(acct, "org_id"));
    Buf t = BUF_INIT;
    if (o && *view_str_or(o, "code", "")) {
      buf_puts(&t, view_str_or(o, "code", ""));
    } else {
      buf_printf(&t, "%lld", (long long)view_int(acct, "org_id"));
    }
    org_default = buf_take(&t);
    json_decref(o);
  }
  if (!org) {
    org = org_default ? org_default : "";
  }
  json_t *form = json_pack("{s:s, s:s, s:s, s:s}", "org", org, "assign_org",
                           or_empty(req_param(r, "assign_org")), "start",
                           req_param(r, "start") ? req_param(r, "start") : today, "kind",
                           or_empty(req_param(r, "kind")));
  free(org_default);
  bool is_self = id == r->user.id;
  Buf title = BUF_INIT;
  buf_printf(&title, "账户：%s", view_str_or(acct, "login", ""));
  json_t *m = json_pack("{s:s, s:o, s:b, s:o, s:b, s:o, s:o, s:o, s:b, s:o}", "title",
                        buf_cstr(&title), "account", acct, "is_self", is_self, "assignments",
                        assignments, "has_assignments", json_array_size(assignments) > 0, "roles",
                        role_options(role), "kinds", kind_options(req_param(r, "kind")), "audit",
                        audit, "has_audit", json_array_size(audit) > 0, "form", form);
  buf_free(&title);
  json_object_set_new(m, "message", message ? json_string(message) : json_null());
  json_object_set_new(m, "breadcrumbs",
                      json_pack("[{s:s, s:s}, {s:s}]", "href", "/accounts", "label", "账户管理",
                                "label", view_str_or(acct, "login", "")));
  return web_render(r, status, "account_detail", m);
}

int account_admin_detail_page(Req *r) {
  int64_t id = path_id(r);
  if (!id) {
    return web_error(r, 404, "账户不存在");
  }
  return detail(r, 200, id, NULL);
}

/* The account of a POST's path, or NULL after answering 404. */
static json_t *target(Req *r, int64_t *id) {
  *id = path_id(r);
  json_t *acct = *id ? account_get_json(r->db, *id) : NULL;
  if (!acct) {
    web_error(r, 404, "账户不存在");
  }
  return acct;
}

static void redirect_back(Req *r, int64_t id) {
  char to[48];
  snprintf(to, sizeof to, "/accounts/%lld", (long long)id);
  web_redirect(r, to);
}

/* The account of the path that the user may act on (caller frees); NULL after answering in
 * *rc: 404, or 409 with the account page when account_self_problem refuses act. */
static json_t *target_for(Req *r, AccountAct act, int64_t *id, int *rc) {
  json_t *acct = target(r, id);
  if (!acct) {
    *rc = 0;
    return NULL;
  }
  const char *problem = account_self_problem(r->user.id, r->user.role, *id, act, ROLE_NONE);
  if (problem) {
    json_decref(acct);
    *rc = detail(r, 409, *id, problem);
    return NULL;
  }
  return acct;
}

/*
 * Sets the lock of account id to until (0 unlocks), ending its sessions too when end_sessions,
 * and audits action with before and after (both stolen), in one transaction. On commit flashes
 * message and returns to the account page: 0; else -1.
 */
static int write_lock(Req *r, int64_t id, int64_t until, bool end_sessions, const char *action,
                      json_t *before, json_t *after, const char *message) {
  int rc = db_begin(r->db);
  if (rc != DB_OK) {
    json_decref(before);
    json_decref(after);
    return -1;
  }
  rc = account_set_locked(r->db, id, until);
  if (rc == DB_OK && end_sessions) {
    rc = session_store_delete_account(r->db, id);
  }
  if (finish_write(r, rc, action, id, before, after) != DB_OK) {
    return -1;
  }
  web_flash(r, "ok", message);
  redirect_back(r, id);
  return 0;
}

int account_admin_lock_page(Req *r) {
  int64_t id;
  int rc = -1;
  json_t *acct = target_for(r, ACCOUNT_ACT_LOCK, &id, &rc);
  if (!acct) {
    return rc;
  }
  int64_t was = view_int(acct, "locked_until");
  json_decref(acct);
  /* A lock does not stop a session already open: end them all. */
  return write_lock(r, id, ADMIN_LOCK_UNTIL, true, "lock",
                    json_pack("{s:I}", "locked_until", (json_int_t)was),
                    json_pack("{s:I}", "locked_until", (json_int_t)ADMIN_LOCK_UNTIL),
                    "账户已锁定，其登录会话已全部结束");
}

int account_admin_unlock_page(Req *r) {
  int64_t id;
  json_t *acct = target(r, &id);
  if (!acct) {
    return 0;
  }
  int64_t was = view_int(acct, "locked_until");
  int64_t failed = view_int(acct, "failed_count");
  json_decref(acct);
  if (was <= time(NULL) && failed == 0) {
    web_flash(r, "warn", "该账户未被锁定，无需解锁");
    redirect_back(r, id);
    return 0;
  }
  return write_lock(
      r, id, 0, false, "unlock",
      json_pack("{s:I, s:I}", "locked_until", (json_int_t)was, "failed_count", (json_int_t)failed),
      json_pack("{s:i, s:i}", "locked_until", 0, "failed_count", 0), "账户已解锁");
}

int account_admin_reset_page(Req *r) {
  int64_t id;
  int ret = -1;
  json_t *acct = target_for(r, ACCOUNT_ACT_RESET, &id, &ret);
  if (!acct) {
    return ret;
  }
  char *login = strdup(view_str_or(acct, "login", ""));
  char *name = strdup(view_str_or(acct, "name", ""));
  Role role = authz_role_parse(view_str_or(acct, "role", ""));
  int64_t locked_until = view_int(acct, "locked_until");
  bool was_must = view_int(acct, "must_change") != 0;
  json_decref(acct);
  /* An administrator's lock outlives a reset; a lock after failed logins does not. */
  bool keep_lock = locked_until - time(NULL) > ADMIN_LOCK_SHOWN_AFTER;
  char pw[ACCOUNT_PW_LEN + 1];
  new_password(login, pw);
  char *hash = account_password_hash(pw);
  int rc = hash ? db_begin(r->db) : DB_ERR;
  if (rc != DB_OK) {
    free(hash);
    free(login);
    free(name);
    sodium_memzero(pw, sizeof pw);
    return -1;
  }
  int64_t now = time(NULL);
  rc = account_set_password(r->db, id, hash, true, now);
  free(hash);
  if (rc == DB_OK && keep_lock) {
    rc = account_set_locked(r->db, id, locked_until);
  }
  if (rc == DB_OK) {
    rc = session_store_delete_account(r->db, id);
  }
  rc = finish_write(
      r, rc, "password_reset", id,
      json_pack("{s:b, s:I}", "must_change", was_must, "locked_until", (json_int_t)locked_until),
      json_pack("{s:b, s:I, s:b}", "must_change", true, "locked_until",
                (json_int_t)(keep_lock ? locked_until : 0), "sessions_ended", true));
  ret = rc == DB_OK ? password_shown(r, false, id, login, name, role, pw, keep_lock) : -1;
  sodium_memzero(pw, sizeof pw);
  free(login);
  free(name);
  return ret;
}

int account_admin_role_page(Req *r) {
  int64_t id;
  json_t *acct = target(r, &id);
  if (!acct) {
    return 0;
  }
  const char *role_code = req_param(r, "role");
  const char *org = req_param(r, "org");
  Role role = authz_role_parse(role_code);
  int64_t org_id = 0;
  if (role != ROLE_NONE) {
    const char *problem =
        account_self_problem(r->user.id, r->user.role, id, ACCOUNT_ACT_ROLE, role);
    if (problem) {
      req_error(r, "role", problem);
    }
  }
  if (org && !json_object_get(r->errors, "org")) {
    resolve_org(r, "org", "所属组织", org, &org_id);
  }
  if (role != ROLE_NONE && !json_object_get(r->errors, "org")) {
    const char *problem = account_role_org_problem(role, org != NULL);
    if (problem) {
      req_error(r, "org", problem);
    }
  }
  if (req_has_errors(r)) {
    json_decref(acct);
    return detail(r, 400, id, NULL);
  }
  const char *old_role = view_str_or(acct, "role", "");
  int64_t old_org = view_int(acct, "org_id");
  if (strcmp(old_role, role_code) == 0 && old_org == org_id) {
    json_decref(acct);
    web_flash(r, "warn", "角色和所属组织均未改变");
    redirect_back(r, id);
    return 0;
  }
  json_t *before = json_pack("{s:s}", "role", old_role);
  json_object_set_new(before, "org_id", old_org ? json_integer(old_org) : json_null());
  json_decref(acct);
  json_t *after = json_pack("{s:s}", "role", role_code);
  json_object_set_new(after, "org_id", org_id ? json_integer(org_id) : json_null());
  int rc = db_begin(r->db);
  if (rc != DB_OK) {
    json_decref(before);
    json_decref(after);
    return -1;
  }
  rc = account_set_role(r->db, id, role_code, org_id);
  rc = finish_write(r, rc, "role_change", id, before, after);
  if (rc != DB_OK) {
    return -1;
  }
  web_flash(r, "ok", "角色和所属组织已更新");
  redirect_back(r, id);
  return 0;
}

int account_admin_assign_page(Req *r) {
  int64_t id;
  json_t *acct = target(r, &id);
  if (!acct) {
    return 0;
  }
  bool contact = authz_role_parse(view_str_or(acct, "role", "")) == ROLE_CONTACT;
  json_decref(acct);
  if (!contact) {
    return detail(r, 409, id, "只有「联系干部」角色的账户可以分配联系点");
  }
  const char *org = req_param(r, "assign_org");
  const char *kind = req_param(r, "kind");
  char today[DATE_ISO_SIZE];
  today_iso(today);
  const char *start = req_param(r, "start") ? req_param(r, "start") : today;
  int64_t org_id = 0;
  if (org && !json_object_get(r->errors, "assign_org") &&
      resolve_org(r, "assign_org", "联系组织", org, &org_id) && kind &&
      account_assignment_exists(r->db, id, org_id, kind, today)) {
    req_error(r, "assign_org", "「联系组织」该账户已有此组织的同类联系任务");
  }
  if (req_has_errors(r)) {
    return detail(r, 400, id, NULL);
  }
  int rc = db_begin(r->db);
  if (rc != DB_OK) {
    return -1;
  }
  rc = org_assign_contact(r->db, id, org_id, kind, start);
  int64_t aid = rc == DB_OK ? db_last_id(r->db) : 0;
  rc = finish_write(r, rc, "assign", id, NULL,
                    json_pack("{s:I, s:I, s:s, s:s, s:s}", "assignment_id", (json_int_t)aid,
                              "org_id", (json_int_t)org_id, "org", org, "kind", kind, "start_date",
                              start));
  if (rc != DB_OK) {
    return -1;
  }
  web_flash(r, "ok", "联系点已分配");
  redirect_back(r, id);
  return 0;
}

int account_admin_unassign_page(Req *r) {
  int64_t id;
  json_t *acct = target(r, &id);
  if (!acct) {
    return 0;
  }
  json_decref(acct);
  int64_t aid = req_param_int(r, "assignment", 0);
  json_t *before = aid > 0 ? account_assignment_get_json(r->db, id, aid) : NULL;
  if (!before) {
    return web_error(r, 404, "联系点不存在");
  }
  char today[DATE_ISO_SIZE];
  today_iso(today);
  int rc = db_begin(r->db);
  if (rc != DB_OK) {
    json_decref(before);
    return -1;
  }
  /* ended as of today: its last day was yesterday (end dates are inclusive everywhere) */
  Date t = date_today();
  char last_day[DATE_ISO_SIZE];
  date_format_iso(date_add_days(t, -1), last_day);
  rc = account_assignment_end(r->db, id, aid, last_day);
  if (rc == DB_NOTFOUND) {
    db_rollback(r->db);
    json_decref(before);
    web_flash(r, "warn", "该联系点已经结束");
    redirect_back(r, id);
    return 0;
  }
  json_t *after = json_deep_copy(before);
  json_object_set_new(after, "end_date", json_string(today));
  rc = finish_write(r, rc, "unassign", id, before, after);
  if (rc != DB_OK) {
    return -1;
  }
  web_flash(r, "ok", "联系点已结束（截止今日）");
  redirect_back(r, id);
  return 0;
}
