/*
 * The audit-log page (GET /audit, audit.view: administrators and 区委组织部): rows newest
 * first, filtered by login, action, entity, entity id and dates, 50 to a page; plus the row
 * formatting the account pages share (audit_rows_view).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "base/date.h"
#include "web/web.h"
#include "base/banned.h"

enum { AUDIT_PAGE_SIZE = 50 };

static const char *const action_labels[][2] = {
    {"login", "登录"},
    {"login_failed", "登录失败"},
    {"login_locked", "锁定期间尝试登录"},
    {"logout", "退出登录"},
    {"lock", "锁定"},
    {"unlock", "解锁"},
    {"password_change", "修改密码"},
    {"password_reset", "重置密码"},
    {"create", "新建"},
    {"update", "修改"},
    {"delete", "删除"},
    {"role_change", "变更角色/组织"},
    {"assign", "分配联系点"},
    {"unassign", "结束联系点"},
    {"move", "调整隶属"},
    {"dissolve", "撤销"},
    {"tags", "设置标签"},
    {"import", "导入"},
    {"export", "导出"},
};

static const char *const entity_labels[][2] = {
    {"account", "账户"},
    {"session", "会话"},
    {"org", "组织"},
    {"member", "党员"},
    {"contact_assignment", "联系点"},
    {"position", "任职"},
    {"responsibility", "党建责任人"},
    {"setting", "设置"},
    {"calendar_day", "工作日历"},
    {"meeting", "会议记录"},
    {"study_material", "学习材料"},
    {"key_topic", "重点工作"},
    {"meeting_plan", "三会一课季度计划"},
    {"meeting_attachment", "会议附件"},
    {"rule_version", "规则版本"},
};

static const char *lookup(const char *const (*table)[2], size_t n, const char *key) {
  for (size_t i = 0; key && i < n; i++) {
    if (strcmp(table[i][0], key) == 0) {
      return table[i][1];
    }
  }
  return NULL;
}

const char *audit_action_label(const char *action) {
  return lookup(action_labels, sizeof action_labels / sizeof *action_labels, action);
}

const char *audit_entity_label(const char *entity) {
  return lookup(entity_labels, sizeof entity_labels / sizeof *entity_labels, entity);
}

/* Stored compact JSON as indented text, or null when absent or not JSON. */
static json_t *pretty(const char *stored) {
  if (!stored || !*stored) {
    return json_null();
  }
  json_t *j = json_loads(stored, 0, NULL);
  if (!j) {
    return json_string(stored);
  }
  char *s = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS);
  json_decref(j);
  json_t *out = json_string(s ? s : stored);
  free(s);
  return out;
}

void audit_rows_view(json_t *rows) {
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    time_t at = (time_t)json_integer_value(json_object_get(row, "at"));
    struct tm tm;
    char when[32] = "";
    if (localtime_r(&at, &tm)) {
      strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    }
    json_object_set_new(row, "time", json_string(when));
    const char *action = json_string_value(json_object_get(row, "action"));
    const char *entity = json_string_value(json_object_get(row, "entity"));
    const char *al = audit_action_label(action);
    const char *el = audit_entity_label(entity);
    json_object_set_new(row, "action_label", json_string(al ? al : (action ? action : "")));
    json_object_set_new(row, "entity_label", json_string(el ? el : (entity ? entity : "")));
    json_t *before = pretty(json_string_value(json_object_get(row, "before_json")));
    json_t *after = pretty(json_string_value(json_object_get(row, "after_json")));
    json_object_set_new(row, "has_change", json_boolean(!json_is_null(before) ||
                                                        !json_is_null(after)));
    json_object_set_new(row, "before", before);
    json_object_set_new(row, "after", after);
    const char *login = json_string_value(json_object_get(row, "login"));
    if (!login || !*login) {
      json_object_set_new(row, "login", json_null()); /* "" is true in a section */
    }
    const char *eid = json_string_value(json_object_get(row, "entity_id"));
    bool account_link = entity && strcmp(entity, "account") == 0 && eid && *eid &&
                        strcmp(eid, "0") != 0;
    json_object_set_new(row, "account_link", json_boolean(account_link));
  }
}

/* Local midnight of an ISO date as Unix seconds; days added first (1: the next midnight). */
static int64_t local_midnight(const char *iso, int add_days) {
  Date d;
  const char *why;
  if (!iso || date_parse(iso, strlen(iso), &d, &why) < 0) {
    return 0;
  }
  d = date_add_days(d, add_days);
  struct tm tm = {.tm_year = d.y - 1900, .tm_mon = d.m - 1, .tm_mday = d.d, .tm_isdst = -1};
  return (int64_t)mktime(&tm);
}

/* "/audit?login=…&page=N" with the current filters, into out. */
static void page_href(Buf *out, Req *r, int64_t page) {
  static const char *const keys[] = {"login", "action", "entity", "entity_id", "from", "to"};
  buf_puts(out, "/audit?");
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
    const char *v = req_param(r, keys[i]);
    if (v && *v) {
      buf_printf(out, "%s=", keys[i]);
      buf_urlencode(out, v, strlen(v));
      buf_putc(out, '&');
    }
  }
  buf_printf(out, "page=%lld", (long long)page);
}

static json_t *text_or_empty(const char *s) { return json_string(s ? s : ""); }

int audit_list_page(Req *r) {
  const char *from = req_param(r, "from");
  const char *to = req_param(r, "to");
  int64_t page = req_param_int(r, "page", 1);
  if (from && to && strcmp(from, to) > 0) {
    req_error(r, "to", "「截止日期」不能早于起始日期");
  }
  AuditFilter f = {
      .login = req_param(r, "login"),
      .entity = req_param(r, "entity"),
      .entity_id = req_param(r, "entity_id"),
      .action = req_param(r, "action"),
      .from = local_midnight(from, 0),
      .to = local_midnight(to, 1),
      .limit = AUDIT_PAGE_SIZE + 1,
      .offset = (int)((page - 1) * AUDIT_PAGE_SIZE),
      /* district: its own subtree (one range); admin: "/" = everything */
      .scope_lo = r->scope.n ? r->scope.lo[0] : "",
      .scope_hi = r->scope.n ? r->scope.hi[0] : "",
  };
  bool bad = req_has_errors(r);
  json_t *rows = bad ? json_array() : audit_list(r->db, &f);
  bool more = json_array_size(rows) > AUDIT_PAGE_SIZE;
  if (more) {
    json_array_remove(rows, AUDIT_PAGE_SIZE);
  }
  audit_rows_view(rows);
  bool can_accounts = authz_can(r->user.role, PERM_ACCOUNT_ADMIN);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    if (!can_accounts) {
      json_object_set_new(row, "account_link", json_false());
    }
  }
  json_t *actions = json_array();
  for (size_t k = 0; k < sizeof action_labels / sizeof *action_labels; k++) {
    json_array_append_new(
        actions, json_pack("{s:s, s:s, s:b}", "value", action_labels[k][0], "label",
                           action_labels[k][1],
                           "selected", f.action && strcmp(f.action, action_labels[k][0]) == 0));
  }
  json_t *entities = json_array();
  for (size_t k = 0; k < sizeof entity_labels / sizeof *entity_labels; k++) {
    json_array_append_new(
        entities, json_pack("{s:s, s:s, s:b}", "value", entity_labels[k][0], "label",
                            entity_labels[k][1],
                            "selected", f.entity && strcmp(f.entity, entity_labels[k][0]) == 0));
  }
  json_t *filter = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "login", text_or_empty(f.login),
                             "action", text_or_empty(f.action), "entity",
                             text_or_empty(f.entity), "entity_id", text_or_empty(f.entity_id),
                             "from", text_or_empty(from), "to", text_or_empty(to));
  json_t *m = json_pack("{s:s, s:o, s:o, s:o, s:o, s:I, s:b}", "title", "审计日志", "audit", rows,
                        "filter", filter, "actions", actions, "entities", entities, "page",
                        (json_int_t)page, "has_rows", json_array_size(rows) > 0);
  Buf href = BUF_INIT;
  if (page > 1) {
    page_href(&href, r, page - 1);
    json_object_set_new(m, "prev_href", json_string(buf_cstr(&href)));
  } else {
    json_object_set_new(m, "prev_href", json_null());
  }
  buf_reset(&href);
  if (more) {
    page_href(&href, r, page + 1);
    json_object_set_new(m, "next_href", json_string(buf_cstr(&href)));
  } else {
    json_object_set_new(m, "next_href", json_null());
  }
  buf_free(&href);
  return web_render(r, bad ? 400 : 200, "audit_list", m);
}
