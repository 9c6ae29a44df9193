/*
 * findings_pages.c: the meeting checks of an org's subtree for one period, as a page.
 */
#include "meeting/findings_pages.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "meeting/meeting_check.h"
#include "meeting/rules_store.h"
#include "org/org.h"
#include "web/view.h"
#include "base/banned.h"

const RouteParam findings_params[] = {
    {.name = "org", .kind = P_ID, .label = "党组织"},
    {.name = "period", .kind = P_LINE, .label = "期间", .max = 10},
    {0},
};

/* What each rule means to the people reading the page. */
static const struct {
  const char *code, *label, *what;
} rule_text[] = {
    {"frequency", "召开次数不足", "应开的会议在期间内没有开够"},
    {"late_submission", "逾期提交", "会议记录超过提交时限才提交或至今未提交"},
    {"backfill", "突击补记录", "会后很久才录入，或短时间内集中补录相隔数月的会议"},
    {"copied_minutes", "记录雷同", "发言要点或学习笔记与其他记录、学习材料高度相似"},
    {"no_decision", "议而不决", "应作决定的会议没有形成决议"},
    {"no_discussion", "学而不议", "学习类会议只有学习内容，没有讨论发言"},
    {"key_topic_missing", "重点工作未学习", "期间内的会议记录从未涉及上级部署的重点工作"},
    {"recorder_pattern", "记录人异常", "记录人缺席，或不同会议由同一人记录而规则另有要求"},
    {"quorum", "到会或表决不足", "到会人数不足法定人数，或决议未获通过仍被记录为决定"},
};
#define N_RULE_TEXT (sizeof rule_text / sizeof rule_text[0])

static size_t rule_index(const char *code) {
  for (size_t i = 0; code && i < N_RULE_TEXT; i++) {
    if (strcmp(rule_text[i].code, code) == 0) {
      return i;
    }
  }
  return N_RULE_TEXT;
}

static json_t *period_href(int64_t org_id, Period p) {
  char key[PERIOD_KEY_SIZE], href[96];
  snprintf(href, sizeof href, "/compliance/findings?org=%lld&period=%s", (long long)org_id,
           meeting_check_period_key(p, key));
  return json_string(href);
}

/* The findings grouped by org (they come ordered by org path), each with its rule label and
 * evidence links; counts[] per rule. */
static json_t *groups_model(const MeetingCheckResult *res, json_t *names, int counts[]) {
  json_t *groups = json_array(), *group = NULL;
  int64_t group_org = 0;
  for (size_t i = 0; i < res->n; i++) {
    const MeetingCheckFinding *f = &res->a[i];
    const char *code = meeting_check_rule_code(f->rule);
    size_t k = rule_index(code);
    if (k < N_RULE_TEXT) {
      counts[k]++;
    }
    if (!group || f->org_id != group_org) {
      char id[24], href[64];
      snprintf(id, sizeof id, "%lld", (long long)f->org_id);
      snprintf(href, sizeof href, "/compliance?org=%lld", (long long)f->org_id);
      const char *name = json_string_value(json_object_get(names, id));
      group = json_pack("{s:s, s:s, s:s, s:[]}", "name", name ? name : f->org_code, "code",
                        f->org_code, "href", href, "findings");
      json_array_append_new(groups, group);
      group_org = f->org_id;
    }
    json_t *evidence = json_array();
    for (size_t e = 0; e < f->n_evidence; e++) {
      char label[24], href[40];
      snprintf(label, sizeof label, "#%lld", (long long)f->evidence[e]);
      snprintf(href, sizeof href, "/meetings/%lld", (long long)f->evidence[e]);
      json_array_append_new(evidence, json_pack("{s:s, s:s}", "label", label, "href", href));
    }
    /* a copy is read side by side with what it resembles */
    json_t *compare = f->rule == MEETING_CHECK_COPIED_MINUTES && f->n_evidence > 0
                          ? view_href("/meetings/", f->evidence[0], "/similar")
                          : json_null();
    json_array_append_new(json_object_get(group, "findings"),
                          json_pack("{s:s, s:s, s:s, s:o, s:b, s:o}", "rule", code ? code : "", "label",
                                    k < N_RULE_TEXT ? rule_text[k].label : (code ? code : ""),
                                    "message", f->message ? f->message : "", "evidence", evidence,
                                    "has_evidence", f->n_evidence > 0, "compare_href", compare));
  }
  return groups;
}

static json_t *summary_model(const int counts[]) {
  json_t *rows = json_array();
  for (size_t k = 0; k < N_RULE_TEXT; k++) {
    json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:i, s:b}", "rule", rule_text[k].code,
                                          "label", rule_text[k].label, "what", rule_text[k].what,
                                          "count", counts[k], "clean", counts[k] == 0));
  }
  return rows;
}

int findings_page(Req *r) {
  Date today = date_today();
  Period p = meeting_check_default_period(today);
  const char *period_s = req_param(r, "period");
  if (period_s && *period_s && meeting_check_parse_period(period_s, &p) != 0) {
    return web_error(r, 400, "「期间」应为 2025Q3、2025-03、2025-H1 或 2025 这样的写法");
  }
  json_t *org = org_get_or_first(r->db, &r->scope, req_param_int(r, "org", r->user.org_id));
  if (!org || (req_param(r, "org") && view_int(org, "id") != req_param_int(r, "org", 0))) {
    json_decref(org);
    return web_error(r, 404, "组织不存在，或不在您的管辖范围内");
  }
  int64_t org_id = view_int(org, "id");
  if (!view_str(org, "code")) {
    json_decref(org);
    return web_error(r, 409, "该组织没有组织编码，无法检查；请先在组织架构中填写组织编码");
  }
  MeetingRuleSet rs;
  MeetingCheckResult res = {0};
  int rc = meeting_rules_load(r->db, &rs);
  if (rc == DB_OK) {
    rc = meeting_check(r->db, &r->scope, &rs, view_str(org, "code"), p, today, &res);
  }
  json_t *names = rc == DB_OK ? org_subtree_names(r->db, view_str_or(org, "path", "")) : NULL;
  if (rc != DB_OK || !names) {
    meeting_check_free(&res);
    json_decref(org);
    json_decref(names);
    return rc == DB_NOTFOUND ? web_error(r, 404, "组织不存在，或不在您的管辖范围内") : -1;
  }
  int counts[N_RULE_TEXT] = {0};
  json_t *groups = groups_model(&res, names, counts);
  char key[PERIOD_KEY_SIZE], label[PERIOD_LABEL_SIZE];
  Period year = {.kind = PERIOD_YEAR, .year = p.year, .index = 1};
  json_t *model = json_pack(
      "{s:s, s:{s:I, s:s}, s:s, s:s, s:o, s:o, s:o, s:i, s:o, s:o, s:s}", "title", "问题线索",
      "org", "id", (json_int_t)org_id, "name", view_str_or(org, "name", ""), "period",
      meeting_check_period_key(p, key), "period_label", date_period_label(p, label), "prev_href",
      period_href(org_id, date_period_prev(p)), "next_href",
      period_href(org_id, date_period_next(p)), "year_href", period_href(org_id, year), "total",
      (int)res.n, "summary", summary_model(counts), "groups", groups, "rules_version", rs.version);
  char href[64];
  snprintf(href, sizeof href, "/compliance?org=%lld&year=%d", (long long)org_id, p.year);
  json_object_set_new(model, "compliance_href", json_string(href));
  meeting_check_free(&res);
  json_decref(names);
  json_decref(org);
  return web_render(r, 200, "findings", model);
}
