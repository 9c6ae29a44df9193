/*
 * respond.c: every way a handler answers — a page through the layout (or its model as
 * JSON), a redirect, an error, text, a download — plus flash messages and auditing.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/log.h"
#include "tmpl/asset.h"
#include "web/server_priv.h"
#include "web/view.h"
#include "base/banned.h"

static int finish(Req *r, int status, const char *content_type) {
  r->status = status;
  r->content_type = content_type;
  req_priv(r)->responded = true;
  return 0;
}

void web_header(Req *r, const char *name, const char *value) {
  json_object_set_new(r->headers, name, json_string(value));
}

static json_t *user_model(Req *r) {
  if (!r->signed_in) {
    return json_null();
  }
  json_t *u = json_pack("{s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)r->user.id, "login",
                        r->user.login, "role", authz_role_name(r->user.role), "role_label",
                        authz_role_label(r->user.role), "must_change", r->user.must_change);
  json_object_set_new(u, "name", view_text(r->user.name));
  json_object_set_new(u, "org_name", view_text(r->user.org_name));
  return u;
}

static json_t *nav_model(Req *r) {
  json_t *nav = json_array();
  if (!r->signed_in || r->user.must_change || !web_config->nav) {
    return nav;
  }
  for (const NavItem *n = web_config->nav; n->href; n++) {
    if (!authz_can(r->user.role, n->perm)) {
      continue;
    }
    size_t hl = strlen(n->href);
    bool active =
        strcmp(n->href, "/") == 0 ? strcmp(r->path, "/") == 0 : strncmp(r->path, n->href, hl) == 0;
    json_array_append_new(
        nav, json_pack("{s:s, s:s, s:b}", "href", n->href, "label", n->label, "active", active));
  }
  return nav;
}

/* Adds what every page and JSON answer shares. */
static void common_model(Req *r, json_t *model) {
  ReqPriv *pv = req_priv(r);
  json_object_set_new(model, "csrf", json_string(req_csrf(r)));
  json_object_set_new(model, "user", user_model(r));
  /* Field errors go to JSON clients too: a 400 must say what was wrong. */
  if (!json_object_get(model, "errors") && req_has_errors(r)) {
    json_object_set(model, "errors", r->errors);
  }
  if (!r->want_json) {
    json_t *nav = nav_model(r);
    json_object_set_new(model, "has_nav", json_boolean(json_array_size(nav) > 0));
    json_object_set_new(model, "nav", nav);
    json_object_set_new(model, "has_breadcrumbs",
                        json_boolean(json_array_size(json_object_get(model, "breadcrumbs")) > 0));
    if (pv->flash && !pv->flash_set) {
      json_object_set(model, "flash", pv->flash);
      web_cookie(r, "dj_flash", "", 0, true);
    }
  }
}

int web_render(Req *r, int status, const char *page, json_t *model) {
  if (!model) {
    model = json_object();
  }
  common_model(r, model);
  if (r->want_json) {
    char *s = json_dumps(model, JSON_COMPACT);
    buf_reset(&r->body);
    buf_puts(&r->body, s ? s : "{}");
    free(s);
    json_decref(model);
    return finish(r, status, "application/json; charset=utf-8");
  }
  Buf inner = BUF_INIT;
  char *err = NULL;
  int rc = tmpl_set_render(web_templates, page, model, &inner, &err);
  if (rc == 0) {
    json_object_set_new(model, "body", json_stringn(inner.data ? inner.data : "", inner.len));
    buf_reset(&r->body);
    rc = tmpl_set_render(web_templates, "layout", model, &r->body, &err);
  }
  buf_free(&inner);
  json_decref(model);
  if (rc != 0) {
    log_error("模板错误：%s", err ? err : "?");
    free(err);
    buf_reset(&r->body);
    const Asset *page500 = asset_find("static/500.html");
    assert(page500);
    buf_append(&r->body, page500->data, page500->len);
    return finish(r, 500, "text/html; charset=utf-8");
  }
  return finish(r, status, "text/html; charset=utf-8");
}

int web_redirect(Req *r, const char *location) {
  web_header(r, "Location", location);
  buf_reset(&r->body);
  if (r->want_json) {
    json_t *j = json_pack("{s:s}", "redirect", location);
    char *s = json_dumps(j, JSON_COMPACT);
    buf_puts(&r->body, s);
    free(s);
    json_decref(j);
    return finish(r, 303, "application/json; charset=utf-8");
  }
  return finish(r, 303, "text/plain; charset=utf-8");
}

static const char *status_title(int status) {
  switch (status) {
  case 400:
    return "请求有误";
  case 401:
    return "需要登录";
  case 403:
    return "没有权限";
  case 404:
    return "页面不存在";
  case 405:
    return "请求方法不允许";
  case 409:
    return "数据冲突";
  case 413:
    return "内容过大";
  case 500:
    return "服务器内部错误";
  default:
    return "出错了";
  }
}

int web_error(Req *r, int status, const char *message) {
  json_t *model = json_pack("{s:{s:i, s:s, s:s}}", "error", "status", status, "title",
                            status_title(status), "message", message);
  if (r->want_json) {
    char *s = json_dumps(model, JSON_COMPACT);
    buf_reset(&r->body);
    buf_puts(&r->body, s);
    free(s);
    json_decref(model);
    return finish(r, status, "application/json; charset=utf-8");
  }
  json_object_set_new(model, "title", json_string(status_title(status)));
  return web_render(r, status, "error", model);
}

int web_text(Req *r, int status, const char *content_type, const char *text) {
  buf_reset(&r->body);
  buf_puts(&r->body, text);
  return finish(r, status, content_type);
}

int web_file(Req *r, const char *filename, const char *content_type, const void *data, size_t n) {
  Buf cd = BUF_INIT;
  form_content_disposition(&cd, "attachment", filename);
  web_header(r, "Content-Disposition", buf_cstr(&cd));
  buf_free(&cd);
  buf_reset(&r->body);
  buf_set_cap(&r->body, 0);
  buf_append(&r->body, data, n);
  return finish(r, 200, content_type);
}

void web_flash(Req *r, const char *kind, const char *message) {
  Buf v = BUF_INIT;
  buf_urlencode(&v, kind, strlen(kind));
  buf_putc(&v, ':');
  buf_urlencode(&v, message, strlen(message));
  web_cookie(r, "dj_flash", buf_cstr(&v), 60, true);
  req_priv(r)->flash_set = true;
  buf_free(&v);
}

int web_audit(Req *r, const char *action, const char *entity, const char *entity_id, json_t *before,
              json_t *after) {
  AuditActor who = {r->signed_in ? r->user.id : 0, r->signed_in ? r->user.login : "", r->ip};
  int rc = audit_write(r->db, &who, action, entity, entity_id, before, after);
  json_decref(before);
  json_decref(after);
  return rc;
}
