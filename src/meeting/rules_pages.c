/*
 * rules_pages.c: the 三会一课 rule set in force (GET /rules) and local versions (POST /rules).
 */
#include "meeting/rules_pages.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "meeting/rules_store.h"
#include "org/org.h"
#include "web/view.h"
#include "base/banned.h"

const RouteParam rules_add_params[] = {
    {.name = "version", .kind = P_LINE, .required = true, .label = "规则版本", .max = 40},
    {.name = "reason", .kind = P_LINE, .required = true, .label = "修改理由", .max = 80},
    {.name = "pairs", .kind = P_TEXT, .required = true, .label = "规则项", .max = 4000},
    {0},
};

/* "村党支部、社区党支部…（设支委会的）", or null when the rule applies to none. */
static json_t *orgs_text(const MeetingRule *rule) {
  Buf b = BUF_INIT;
  for (const OrgKind *k = org_kinds; k->code; k++) {
    if (rule->orgs & meeting_org_bit(k->code)) {
      buf_printf(&b, "%s%s", b.len ? "、" : "", k->label);
    }
  }
  if (b.len && rule->needs_committee) {
    buf_puts(&b, "（设支委会的）");
  } else if (b.len && rule->needs_groups) {
    buf_puts(&b, "（设党小组的）");
  }
  json_t *j = view_text(buf_cstr(&b));
  buf_free(&b);
  return j;
}

static json_t *kinds_model(const MeetingRuleSet *rs) {
  json_t *rows = json_array();
  for (int i = 0; i < MEETING_KIND_COUNT; i++) {
    const MeetingRule *rule = &rs->rules[i];
    const MeetingKind *k = &meeting_kinds[i];
    char freq[48];
    if (rule->count > 0) {
      snprintf(freq, sizeof freq, "%s至少 %d 次", date_period_kind_every(rule->per), rule->count);
    } else {
      snprintf(freq, sizeof freq, "不作要求");
    }
    json_array_append_new(
        rows, json_pack("{s:s, s:s, s:s, s:s, s:i, s:o, s:i, s:s, s:o, s:s, s:b}", "label",
                        k->label, "code", k->code, "frequency", freq, "per",
                        date_period_kind_code(rule->per), "count", rule->count, "orgs",
                        orgs_text(rule), "due_soon_days", rule->due_soon_days, "basis",
                        meeting_basis_label(rule->basis), "source", view_text(rule->source),
                        "version", rule->version, "local", rule->basis == MEETING_BASIS_LOCAL));
  }
  return rows;
}

static json_t *params_model(const MeetingRuleSet *rs) {
  json_t *rows = json_array();
  for (int i = 0; i < MEETING_PARAM_COUNT; i++) {
    const MeetingParam *p = &rs->params[i];
    json_array_append_new(rows, json_pack("{s:s, s:s, s:i, s:o, s:s}", "key", p->key, "label",
                                          p->label, "value", p->value, "source",
                                          view_text(p->source), "version", p->version));
  }
  return rows;
}

/* The history rows with their lines split and the time made local. */
static json_t *history_model(json_t *rows) {
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    json_t *lines = json_array();
    const char *pairs = view_str_or(row, "pairs", "");
    for (const char *s = pairs; *s;) {
      const char *nl = strchr(s, '\n');
      size_t n = nl ? (size_t)(nl - s) : strlen(s);
      json_array_append_new(lines, json_stringn(s, n));
      s += n + (nl ? 1 : 0);
    }
    json_object_set_new(row, "lines", lines);
    json_object_set_new(row, "at", view_time(view_int(row, "created_at"), true));
    json_object_set_new(row, "by", view_text(view_str(row, "created_by_login")));
  }
  return rows;
}

/* Whether this account may add versions: the permission and a scope over every org. */
static bool can_edit(Req *r) {
  return authz_can(r->user.role, PERM_RULE_EDIT) && rules_scope_is_whole(r->db, &r->scope);
}

static int render(Req *r, int status, json_t *form) {
  MeetingRuleSet rs;
  if (meeting_rules_load(r->db, &rs) != DB_OK) {
    json_decref(form);
    return -1;
  }
  json_t *history = meeting_rules_history(r->db);
  if (!history) {
    json_decref(form);
    return -1;
  }
  json_t *model =
      json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:b, s:s}", "title", "三会一课规则", "version",
                rs.version, "reason", view_text(rs.reason), "kinds", kinds_model(&rs), "params",
                params_model(&rs), "history", history_model(history), "can_edit", can_edit(r),
                "default_version", MEETING_RULES_DEFAULT_VERSION);
  json_object_set_new(model, "has_history", json_boolean(json_array_size(history) > 0));
  json_object_set_new(model, "form", form ? form : json_object());
  return web_render(r, status, "rules", model);
}

int rules_page(Req *r) { return render(r, 200, NULL); }

int rules_add_page(Req *r) {
  if (!rules_scope_is_whole(r->db, &r->scope)) {
    return web_error(r, 403, "三会一课规则对全系统生效，只有管辖全部党组织的账户才能修改");
  }
  const char *version = req_param(r, "version"), *reason = req_param(r, "reason");
  const char *pairs = req_param(r, "pairs");
  json_t *form = json_pack("{s:o, s:o, s:o}", "version", view_text(version), "reason",
                           view_text(reason), "pairs", view_text(pairs));
  if (req_has_errors(r)) {
    return render(r, 400, form);
  }
  char why[MEETING_WHY_SIZE];
  int64_t id = 0;
  int rc = db_begin(r->db);
  if (rc == DB_OK) {
    rc =
        meeting_rules_add(r->db, version, reason, pairs, r->user.id, (int64_t)time(NULL), &id, why);
    if (rc == DB_OK) {
      char idtext[24];
      snprintf(idtext, sizeof idtext, "%lld", (long long)id);
      rc = web_audit(
          r, "create", "rule_version", idtext, NULL,
          json_pack("{s:s, s:s, s:s}", "version", version, "reason", reason, "pairs", pairs));
    }
    if (rc == DB_OK) {
      rc = db_commit(r->db);
    } else {
      db_rollback(r->db);
    }
  }
  if (rc == DB_CONSTRAINT) {
    /* a line's message starts "第N行"; otherwise it is about the version or the reason */
    bool line = strncmp(why, "第", strlen("第")) == 0;
    req_error(r,
              !line && strstr(why, "理由")   ? "reason"
              : !line && strstr(why, "版本") ? "version"
                                             : "pairs",
              why);
    return render(r, 400, form);
  }
  json_decref(form);
  if (rc != DB_OK) {
    return -1;
  }
  Buf msg = BUF_INIT;
  buf_printf(&msg, "规则版本 %s 已生效", version);
  web_flash(r, "ok", buf_cstr(&msg));
  buf_free(&msg);
  return web_redirect(r, "/rules");
}
