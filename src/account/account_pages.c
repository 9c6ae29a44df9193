/*
 * The account pages: login, logout, password change, the signed-in home page, plus the
 * health check and embedded static files (public, no database needed).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account/account.h"
#include "tmpl/asset.h"
#include "base/banned.h"

/* ---- login ---- */

static int login_form(Req *r, int status, const char *message) {
  const char *next = req_param(r, "next");
  const char *login = req_param(r, "login");
  json_t *m = json_pack("{s:s, s:s, s:s, s:b}", "title", "登录", "next", next ? next : "/",
                        "login", login ? login : "", "narrow", 1);
  if (message) {
    json_object_set_new(m, "message", json_string(message));
  }
  return web_render(r, status, "login", m);
}

int account_login_form_page(Req *r) {
  if (r->signed_in) {
    return web_redirect(r, "/");
  }
  return login_form(r, 200, NULL);
}

int account_login_page(Req *r) {
  const char *login = req_param(r, "login");
  const char *password = req_param(r, "password");
  if (!login || !password) {
    /* An invalid login name says what is wrong with it; only empty fields get the
     * generic prompt. */
    const char *why = login ? NULL : json_string_value(json_object_get(r->errors, "login"));
    bool empty = !why || strstr(why, "不能为空");
    return login_form(r, 400, empty ? "请输入登录名和密码" : why);
  }
  AccountAuth a;
  int found = account_find_login(r->db, login, &a);
  if (found != DB_OK && found != DB_NOTFOUND) {
    return -1;
  }
  int64_t now = time(NULL);
  char id[24];
  snprintf(id, sizeof id, "%lld", (long long)(found == DB_OK ? a.id : 0));
  if (found == DB_OK && a.locked_until > now) {
    account_auth_free(&a);
    web_audit(r, "login_locked", "account", id, NULL, json_pack("{s:s}", "login", login));
    char msg[160];
    snprintf(msg, sizeof msg, "账户已锁定（连续多次密码错误），请 %lld 分钟后再试或联系管理员",
             (long long)((a.locked_until - now + 59) / 60));
    return login_form(r, 403, msg);
  }
  bool ok = account_password_verify(found == DB_OK ? a.hash : NULL, password);
  if (!ok || (found == DB_OK && a.disabled)) {
    const char *msg = "登录名或密码错误";
    if (found == DB_OK && !ok) {
      int locked = account_login_failed(r->db, a.id, now, web_config->lock_after,
                                        web_config->lock_seconds);
      if (locked == 1) {
        web_audit(r, "lock", "account", id, NULL,
                  json_pack("{s:s, s:i}", "login", login, "seconds", web_config->lock_seconds));
        msg = "密码错误次数过多，账户已锁定，请稍后再试或联系管理员";
      }
    } else if (found == DB_OK) {
      msg = "该账户已停用，请联系管理员";
    }
    web_audit(r, "login_failed", "account", id, NULL, json_pack("{s:s}", "login", login));
    if (found == DB_OK) {
      account_auth_free(&a);
    }
    return login_form(r, 400, msg);
  }
  bool must_change = a.must_change;
  int64_t account_id = a.id;
  account_auth_free(&a);
  if (account_login_ok(r->db, account_id) != DB_OK || web_session_start(r, account_id) != 0) {
    return -1;
  }
  AuditActor who = {account_id, login, r->ip};
  audit_write(r->db, &who, "login", "account", id, NULL, NULL);
  const char *next = req_param(r, "next");
  return web_redirect(r, must_change ? "/password" : (next ? next : "/"));
}

int account_logout_page(Req *r) {
  char id[24];
  snprintf(id, sizeof id, "%lld", (long long)r->user.id);
  web_audit(r, "logout", "account", id, NULL, NULL);
  web_session_end(r);
  web_flash(r, "ok", "已退出登录");
  return web_redirect(r, "/login");
}

/* ---- password change ---- */

static int password_form(Req *r, int status) {
  json_t *m = json_pack("{s:s, s:b, s:b}", "title", "修改密码", "must_change", r->user.must_change,
                        "narrow", 1);
  return web_render(r, status, "password", m);
}

int account_password_form_page(Req *r) { return password_form(r, 200); }

int account_password_page(Req *r) {
  const char *old = req_param(r, "old");
  const char *pw = req_param(r, "new");
  const char *pw2 = req_param(r, "new2");
  if (req_has_errors(r)) {
    return password_form(r, 400);
  }
  AccountAuth a;
  if (account_find_login(r->db, r->user.login, &a) != DB_OK) {
    return -1;
  }
  bool ok = account_password_verify(a.hash, old);
  account_auth_free(&a);
  const char *problem = account_password_problem(pw, r->user.login);
  if (!ok) {
    req_error(r, "old", "「当前密码」不正确");
  } else if (strcmp(pw, pw2) != 0) {
    req_error(r, "new2", "「确认新密码」与新密码不一致");
  } else if (problem) {
    req_error(r, "new", problem);
  } else if (strcmp(pw, old) == 0) {
    req_error(r, "new", "新密码不能与当前密码相同");
  }
  if (req_has_errors(r)) {
    return password_form(r, 400);
  }
  char *hash = account_password_hash(pw);
  if (!hash) {
    return -1;
  }
  int64_t now = time(NULL);
  int rc = db_begin(r->db);
  if (rc == DB_OK) {
    rc = account_set_password(r->db, r->user.id, hash, false, now);
  }
  free(hash);
  char id[24];
  snprintf(id, sizeof id, "%lld", (long long)r->user.id);
  if (rc == DB_OK) {
    rc = web_audit(r, "password_change", "account", id, NULL, NULL);
  }
  if (rc != DB_OK) {
    db_rollback(r->db);
    return -1;
  }
  db_commit(r->db);
  /* Every other session of this account ends; this browser gets a fresh one. */
  if (web_session_start(r, r->user.id) != 0) {
    return -1;
  }
  web_session_end_others(r);
  web_flash(r, "ok", "密码已修改");
  return web_redirect(r, "/");
}

/* ---- home ---- */

/* ---- public, database-free ---- */

int account_healthz_page(Req *r) { return web_text(r, 200, "text/plain; charset=utf-8", "ok\n"); }

static const char *mime_of(const char *name) {
  const char *dot = strrchr(name, '.');
  static const char *const types[][2] = {
      {".css", "text/css; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},            {".png", "image/png"},
      {".ico", "image/x-icon"},             {".txt", "text/plain; charset=utf-8"},
      {".woff2", "font/woff2"},
  };
  for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++) {
    if (strcmp(dot, types[i][0]) == 0) {
      return types[i][1];
    }
  }
  return "application/octet-stream";
}

int account_static_page(Req *r) {
  char name[256];
  int n = snprintf(name, sizeof name, "static/%s", req_param(r, "*") ? req_param(r, "*") : "");
  const Asset *a = n > 0 && (size_t)n < sizeof name ? asset_find(name) : NULL;
  if (!a || strstr(name, "..")) {
    return web_error(r, 404, "文件不存在");
  }
  web_header(r, "ETag", a->etag);
  web_header(r, "Cache-Control", "no-cache");
  const char *inm = req_header(r, "If-None-Match");
  if (inm && strcmp(inm, a->etag) == 0) {
    web_text(r, 304, mime_of(name), "");
    return 0;
  }
  web_text(r, 200, mime_of(name), "");
  buf_append(&r->body, a->data, a->len);
  return 0;
}
