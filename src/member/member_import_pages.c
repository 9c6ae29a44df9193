/*
 * Roster import and export pages (member_import_pages.h). validate → member_import (read,
 * check, run) → view model → respond. No SQL here: member_import_store.c keeps the pending
 * imports, the import pipeline writes through member_store.c.
 */
#include "member/member_import_pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "member/member_import.h"
#include "org/org.h"
#include "web/view.h"
#include "base/banned.h"

enum {
  ORG_OPTIONS_MAX = 5000, /* orgs offered in the form's select */
  ERRORS_SHOWN = 2000,    /* rows of the error table; the rest is counted */
};

static const char *const format_choices[] = {"xlsx", "csv", NULL};
static const char *const pending_kind = "member_roster";

const RouteParam member_import_form_params[] = {
    {.name = "org", .kind = P_ID, .label = "导入到党组织"},
    {0},
};

const RouteParam member_import_params[] = {
    {.name = "file", .kind = P_FILE, .required = true, .label = "花名册文件"},
    {.name = "org", .kind = P_ID, .label = "导入到党组织"},
    {0},
};

const RouteParam member_import_token_params[] = {
    {.name = "id", .kind = P_LINE, .required = true, .label = "导入批次", .max = 32},
    {0},
};

const RouteParam member_export_params[] = {
    {.name = "org", .kind = P_ID, .label = "党组织"},
    {.name = "format", .kind = P_ENUM, .label = "文件格式", .choices = format_choices},
    {0},
};

/* ---- helpers ---- */

static AuditActor actor_of(Req *r) {
  return (AuditActor){r->user.id, r->user.login ? r->user.login : "", r->ip ? r->ip : ""};
}

static int64_t target_org(Req *r) {
  int64_t id = req_param_int(r, "org", 0);
  return id > 0 ? id : r->user.org_id;
}

static size_t depth_of(const char *path) {
  size_t n = 0;
  for (; path && *path; path++) {
    n += *path == '/';
  }
  return n;
}

/* The orgs of the scope that members can be imported into or exported from (not 党小组, not
 * dissolved), indented by depth, the selected one marked. */
static json_t *org_options(Req *r, int64_t selected) {
  json_t *orgs = org_search(r->db, &r->scope, "", ORG_OPTIONS_MAX);
  json_t *out = json_array();
  size_t min_depth = SIZE_MAX;
  size_t i;
  json_t *o;
  json_array_foreach(orgs, i, o) {
    size_t d = depth_of(json_string_value(json_object_get(o, "path")));
    min_depth = d < min_depth ? d : min_depth;
  }
  json_array_foreach(orgs, i, o) {
    const char *kind = json_string_value(json_object_get(o, "kind"));
    json_t *dissolved = json_object_get(o, "dissolved");
    if ((kind && strcmp(kind, "group") == 0) || (dissolved && !json_is_null(dissolved))) {
      continue;
    }
    size_t d = depth_of(json_string_value(json_object_get(o, "path"))) - min_depth;
    char label[512];
    int w = 0;
    for (size_t k = 0; k < d && k < 8; k++) {
      w += snprintf(label + w, sizeof label - (size_t)w, "　");
    }
    snprintf(label + w, sizeof label - (size_t)w, "%s",
             json_string_value(json_object_get(o, "short_name")));
    int64_t id = json_integer_value(json_object_get(o, "id"));
    json_array_append_new(out, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)id, "label",
                                         label, "selected", id == selected));
  }
  json_decref(orgs);
  return out;
}

static int render_form(Req *r, int status) {
  json_t *m = json_object();
  json_object_set_new(m, "orgs", org_options(r, target_org(r)));
  json_object_set(m, "errors", r->errors);
  json_object_set_new(m, "columns", json_string("序号、姓名、所在党支部、公民身份证号、性别、民族、出生日期、"
                                                "学历、人员类别、加入党组织日期、转为正式党员日期、工作岗位、"
                                                "手机号、固定电话、家庭住址、党籍状态、是否为失联党员、"
                                                "失去联系日期、是否为流动党员、外出流向"));
  return web_render(r, status, "member_import", m);
}

/* Adds what the template needs to a report: change lists, counts, the token's actions. */
static json_t *report_view(json_t *report, const char *token) {
  json_t *m = json_deep_copy(report);
  json_t *errors = json_object_get(m, "errors");
  size_t n_errors = json_array_size(errors);
  if (n_errors > ERRORS_SHOWN) {
    json_t *shown = json_array();
    for (size_t i = 0; i < ERRORS_SHOWN; i++) {
      json_array_append(shown, json_array_get(errors, i));
    }
    json_object_set_new(m, "errors", shown);
    json_object_set_new(m, "errors_more", json_integer((json_int_t)(n_errors - ERRORS_SHOWN)));
  }
  json_object_set_new(m, "has_errors", json_boolean(n_errors > 0));
  json_object_set_new(m, "error_count", json_integer((json_int_t)n_errors));
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(m, "errors"), i, e) {
    const char *v = view_str(e, "value");
    json_object_set_new(e, "value_empty", json_boolean(!v || !*v));
  }
  json_t *u;
  json_array_foreach(json_object_get(m, "updates"), i, u) {
    json_t *list = json_array();
    const char *key;
    json_t *pair;
    json_object_foreach(json_object_get(u, "changes"), key, pair) {
      const char *a = json_string_value(json_array_get(pair, 0));
      const char *b = json_string_value(json_array_get(pair, 1));
      json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "column", key, "old",
                                            a && *a ? a : "（空）", "new", b && *b ? b : "（空）"));
    }
    json_object_set_new(u, "change_list", list);
  }
  json_object_set_new(m, "has_updates", json_boolean(json_array_size(json_object_get(m, "updates")) > 0));
  json_object_set_new(m, "has_skipped", json_boolean(json_array_size(json_object_get(m, "skipped")) > 0));
  json_object_set_new(m, "has_warnings", json_boolean(json_array_size(json_object_get(m, "warnings")) > 0));
  bool multi = json_array_size(json_object_get(m, "sheets")) > 1;
  json_object_set_new(m, "multi_sheet", json_boolean(multi));
  int64_t valid = json_integer_value(json_object_get(m, "valid"));
  int64_t to_write = json_integer_value(json_object_get(m, "created")) +
                     json_integer_value(json_object_get(m, "updated"));
  json_object_set_new(m, "can_apply", json_boolean(token && valid > 0));
  json_object_set_new(m, "nothing_to_write", json_boolean(valid > 0 && to_write == 0));
  if (token) {
    char href[96];
    json_object_set_new(m, "token", json_string(token));
    snprintf(href, sizeof href, "/members/import/%s/apply", token);
    json_object_set_new(m, "apply_href", json_string(href));
    snprintf(href, sizeof href, "/members/import/%s/cancel", token);
    json_object_set_new(m, "cancel_href", json_string(href));
  }
  return m;
}

static ImportOptions options_for(Req *r) {
  return (ImportOptions){.today = date_today(),
                         .sensitive = authz_can(r->user.role, PERM_MEMBER_SENSITIVE)};
}

/* ---- handlers ---- */

int member_import_form_page(Req *r) {
  if (req_has_errors(r)) {
    return render_form(r, 400);
  }
  int64_t org_id = req_param_int(r, "org", 0);
  if (org_id > 0) {
    json_t *org = org_get(r->db, &r->scope, org_id);
    if (!org) {
      return web_error(r, 404, "没有这个党组织，或不在您的管辖范围内");
    }
    json_decref(org);
  }
  return render_form(r, 200);
}

int member_import_page(Req *r) {
  if (req_has_errors(r)) {
    return render_form(r, 400);
  }
  int64_t org_id = target_org(r);
  json_t *org = org_id > 0 ? org_get(r->db, &r->scope, org_id) : NULL;
  if (!org) {
    req_error(r, "org", "「导入到党组织」请选择您管辖范围内的党组织");
    return render_form(r, 400);
  }
  json_decref(org);
  const FormField *file = req_file(r, "file");
  ImportOptions opt = options_for(r);
  char *err = NULL;
  MemberImport *imp = member_import_read(r->db, &r->scope, org_id, file->value, file->value_len,
                                         file->filename, &opt, &err);
  if (!imp) {
    Buf b = BUF_INIT;
    buf_printf(&b, "「花名册文件」%s", err ? err : "无法读取");
    req_error(r, "file", buf_cstr(&b));
    buf_free(&b);
    free(err);
    return render_form(r, 400);
  }
  int rc = -1;
  json_t *report = NULL, *payload = NULL;
  AuditActor who = actor_of(r);
  if (member_import_run(r->db, &r->scope, imp, &who, false, &opt, &report) != DB_OK) {
    goto out;
  }
  char token[33] = "";
  bool pending = json_integer_value(json_object_get(report, "valid")) > 0;
  if (pending) {
    payload = json_pack("{s:o, s:O}", "import", member_import_save(imp), "report", report);
    if (import_pending_put(r->db, r->user.id, pending_kind, payload, (int64_t)time(NULL),
                           token) != DB_OK) {
      goto out;
    }
  }
  rc = web_render(r, 200, "member_import_report", report_view(report, pending ? token : NULL));
out:
  json_decref(payload);
  json_decref(report);
  member_import_free(imp);
  return rc;
}

/* The pending import of this account named by the path, or NULL after a 404. */
static json_t *pending_or_404(Req *r, int *rc) {
  json_t *p = import_pending_get(r->db, r->user.id, req_param(r, "id"));
  if (!p) {
    *rc = web_error(r, 404, "没有这个待确认的导入：可能已导入、已取消或已过期（保留一天），请重新上传");
  }
  return p;
}

int member_import_show_page(Req *r) {
  int rc = 0;
  json_t *p = pending_or_404(r, &rc);
  if (!p) {
    return rc;
  }
  rc = web_render(r, 200, "member_import_report",
                  report_view(json_object_get(p, "report"), req_param(r, "id")));
  json_decref(p);
  return rc;
}

int member_import_apply_page(Req *r) {
  int rc = 0;
  json_t *p = pending_or_404(r, &rc);
  if (!p) {
    return rc;
  }
  rc = -1;
  json_t *report = NULL;
  MemberImport *imp = member_import_load(json_object_get(p, "import"));
  if (!imp) {
    rc = web_error(r, 409, "待确认的导入数据已损坏，请重新上传");
    goto out;
  }
  const json_t *seen = json_object_get(p, "report");
  ImportOptions opt = options_for(r);
  opt.limit_failures = true;
  /* rows the check already showed as refused by the store may fail again; any other means
   * the data changed since the upload */
  size_t read_invalid = member_import_invalid(imp);
  size_t seen_invalid = (size_t)json_integer_value(json_object_get(seen, "invalid"));
  opt.max_failures = seen_invalid > read_invalid ? seen_invalid - read_invalid : 0;
  AuditActor who = actor_of(r);
  int db = member_import_run(r->db, &r->scope, imp, &who, true, &opt, &report);
  if (db == DB_CONSTRAINT && report) {
    json_t *m = report_view(report, req_param(r, "id"));
    json_object_set_new(m, "changed_since", json_true());
    rc = web_render(r, 409, "member_import_report", m);
    goto out;
  }
  if (db == DB_NOTFOUND) {
    rc = web_error(r, 404, "要导入到的党组织不存在或不在您的管辖范围内");
    goto out;
  }
  if (db != DB_OK) {
    goto out;
  }
  import_pending_delete(r->db, r->user.id, req_param(r, "id"));
  Buf msg = BUF_INIT;
  buf_printf(&msg, "已导入 %lld 名党员：新增 %lld 名，更新 %lld 名；%lld 名无变化",
             (long long)json_integer_value(json_object_get(report, "imported")),
             (long long)json_integer_value(json_object_get(report, "created")),
             (long long)json_integer_value(json_object_get(report, "updated")),
             (long long)json_integer_value(json_object_get(report, "unchanged")));
  int64_t invalid = json_integer_value(json_object_get(report, "invalid"));
  if (invalid > 0) {
    buf_printf(&msg, "。另有 %lld 行有错误，未导入", (long long)invalid);
  }
  web_flash(r, invalid > 0 ? "warn" : "ok", buf_cstr(&msg));
  buf_free(&msg);
  char to[64];
  snprintf(to, sizeof to, "/members?org=%lld", (long long)member_import_org(imp));
  rc = web_redirect(r, to);
out:
  json_decref(report);
  member_import_free(imp);
  json_decref(p);
  return rc;
}

int member_import_cancel_page(Req *r) {
  int rc = 0;
  json_t *p = pending_or_404(r, &rc);
  if (!p) {
    return rc;
  }
  json_decref(p);
  if (import_pending_delete(r->db, r->user.id, req_param(r, "id")) != DB_OK) {
    return -1;
  }
  web_flash(r, "ok", "已取消导入，没有写入任何数据");
  return web_redirect(r, "/members/import");
}

int member_export_page(Req *r) {
  if (req_has_errors(r)) {
    json_t *e = json_object_get(r->errors, "format");
    if (!e) {
      e = json_object_get(r->errors, "org");
    }
    return web_error(r, 400, e ? json_string_value(e) : "参数无效");
  }
  int64_t org_id = target_org(r);
  json_t *org = org_id > 0 ? org_get(r->db, &r->scope, org_id) : NULL;
  if (!org) {
    return web_error(r, 404, "没有这个党组织，或不在您的管辖范围内");
  }
  const char *fmt = req_param(r, "format");
  bool csv = fmt && strcmp(fmt, "csv") == 0;
  bool sensitive = authz_can(r->user.role, PERM_MEMBER_SENSITIVE);
  Date today = date_today();
  char *data = NULL, *err = NULL;
  size_t n = 0, count = 0;
  int rc = -1;
  if (member_export_mem(r->db, &r->scope, org_id, csv ? EXPORT_CSV : EXPORT_XLSX, sensitive,
                        today, &data, &n, &count, &err) != DB_OK) {
    goto out;
  }
  char sid[24];
  snprintf(sid, sizeof sid, "%lld", (long long)org_id);
  if (web_audit(r, "export", "org", sid, NULL,
                json_pack("{s:s, s:I, s:b}", "format", csv ? "csv" : "xlsx", "members",
                          (json_int_t)count, "full_numbers", sensitive)) != DB_OK) {
    goto out;
  }
  char day[16];
  snprintf(day, sizeof day, "%04d%02d%02d", today.y, today.m, today.d);
  Buf name = BUF_INIT;
  buf_printf(&name, "党员基本信息汇总表-%s-%s.%s",
             json_string_value(json_object_get(org, "short_name")), day, csv ? "csv" : "xlsx");
  rc = web_file(r, buf_cstr(&name),
                csv ? "text/csv; charset=utf-8"
                    : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                data, n);
  buf_free(&name);
out:
  free(data);
  free(err);
  json_decref(org);
  return rc;
}
