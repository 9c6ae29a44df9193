/*
 * Leadership management pages: see leader_pages.h. Each handler reads: the org (or person)
 * in scope → the validated fields → the rules → one transaction with its audit row → a
 * redirect to the org's page with a flash; invalid input re-renders the org's page (400).
 */
#include "member/leader_pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "member/member.h"
#include "org/org.h"
#include "web/view.h"
#include "base/banned.h"

#define ID_PARAM {.name = "id", .kind = P_ID, .required = true, .label = "组织"}

const RouteParam leader_org_params[] = {ID_PARAM, {0}};

const RouteParam leader_position_params[] = {
    ID_PARAM,
    {.name = "person", .kind = P_ID, .label = "人员"},
    {.name = "person_id", .kind = P_ID, .label = "人员编号"},
    {.name = "body", .kind = P_ENUM, .required = true, .label = "所在机构", .choices = position_bodies},
    {.name = "title", .kind = P_ENUM, .required = true, .label = "职务", .choices = position_titles},
    {.name = "start_date", .kind = P_DATE, .required = true, .label = "任职日期"},
    {0},
};

const RouteParam leader_position_end_params[] = {
    ID_PARAM,
    {.name = "pid", .kind = P_ID, .required = true, .label = "任职记录"},
    {.name = "end_date", .kind = P_DATE, .required = true, .label = "离任日期"},
    {0},
};

const RouteParam leader_chain_params[] = {
    ID_PARAM,
    {.name = "first", .kind = P_ID, .label = "第一责任人"},
    {.name = "direct", .kind = P_ID, .label = "直接责任人"},
    {.name = "specific", .kind = P_ID, .label = "具体责任人"},
    {0},
};

const RouteParam leader_contact_params[] = {
    ID_PARAM,
    {.name = "contact_person", .kind = P_ID, .label = "联系干部"},
    {.name = "contact_person_id", .kind = P_ID, .label = "人员编号"},
    {.name = "kind", .kind = P_ENUM, .required = true, .label = "联系类型",
     .choices = member_contact_kinds},
    {.name = "contact_start", .kind = P_DATE, .required = true, .label = "开始日期"},
    {0},
};

const RouteParam leader_contact_end_params[] = {
    ID_PARAM,
    {.name = "cid", .kind = P_ID, .required = true, .label = "联系记录"},
    {.name = "contact_end", .kind = P_DATE, .required = true, .label = "结束日期"},
    {0},
};

const RouteParam leader_person_params[] = {
    {.name = "id", .kind = P_ID, .required = true, .label = "人员"},
    {0},
};

/* Titles of which a body has one holder at a time. */
static const char *const single_titles[] = {"书记", "村委会主任", "监委会主任", "党小组长", NULL};

/* ---- helpers ------------------------------------------------------------------------------ */

static void id_text(char out[24], int64_t id) { snprintf(out, 24, "%lld", (long long)id); }

static json_t *href_json(const char *fmt_prefix, int64_t id, const char *suffix) {
  char href[96];
  snprintf(href, sizeof href, "%s%lld%s", fmt_prefix, (long long)id, suffix);
  return json_string(href);
}

static int org_not_found(Req *r) { return web_error(r, 404, "组织不存在，或不在您的管辖范围内"); }

static void today_text(char out[DATE_ISO_SIZE]) { date_format_iso(date_today(), out); }

/* The bodies an org of this kind has: a 党小组 its 党小组长; a committee (district, town) its
 * 党委; a branch or 总支 its 支部委员会, and a village also the 村民委员会, the 村务监督委员会
 * and the 驻村工作队 (第一书记). NULL-terminated, static. */
static const char *const *bodies_for(const char *kind) {
  static const char *const group[] = {"党小组", NULL};
  static const char *const committee[] = {"党委", NULL};
  static const char *const village[] = {"支部委员会", "村民委员会", "村务监督委员会", "驻村工作队",
                                        NULL};
  static const char *const community[] = {"支部委员会", "驻村工作队", NULL};
  static const char *const branch[] = {"支部委员会", NULL};
  const OrgKind *k = org_kind_find(kind);
  if (k && k->level == ORG_LEVEL_GROUP) {
    return group;
  }
  if (k && k->level == ORG_LEVEL_COMMITTEE) {
    return committee;
  }
  if (kind && strcmp(kind, "village") == 0) {
    return village;
  }
  if (kind && strcmp(kind, "community") == 0) {
    return community;
  }
  return branch;
}

static bool is_party_secretary(const char *body, const char *title) {
  return body && title && strcmp(title, "书记") == 0 &&
         (strcmp(body, "支部委员会") == 0 || strcmp(body, "党委") == 0);
}

/* The org of the path in scope; NULL after answering 404. */
static json_t *path_org(Req *r, int *rc) {
  json_t *org = org_get(r->db, &r->scope, req_param_int(r, "id", 0));
  if (!org) {
    *rc = org_not_found(r);
  }
  return org;
}

/* The org of the path for a change: NULL after answering 404, or 409 when dissolved. */
static json_t *path_org_live(Req *r, int *rc) {
  json_t *org = path_org(r, rc);
  if (org && view_str(org, "dissolved")) {
    *rc = web_error(r, 409, "该组织已撤销，不能再调整班子、责任人和联系干部");
    json_decref(org);
    return NULL;
  }
  return org;
}

/*
 * The person a form names: the typed id (typed_param) or else the picked one (pick_param).
 * Both given and different, neither given, or a person outside the scope: a field error and
 * 0.
 */
static int64_t form_person(Req *r, const char *pick_param, const char *typed_param) {
  int64_t picked = req_param_int(r, pick_param, 0), typed = req_param_int(r, typed_param, 0);
  if (json_object_get(r->errors, pick_param) || json_object_get(r->errors, typed_param)) {
    return 0;
  }
  if (!picked && !typed) {
    req_error(r, pick_param, "请选择人员，或填写人员编号");
    return 0;
  }
  if (picked && typed && picked != typed) {
    req_error(r, typed_param, "「人员编号」与所选人员不是同一人：请只填写其中一项");
    return 0;
  }
  int64_t id = typed ? typed : picked;
  if (!member_person_in_scope(r->db, &r->scope, id)) {
    req_error(r, typed ? typed_param : pick_param, "人员不存在，或不在您的管辖范围内");
    return 0;
  }
  return id;
}

/* A date field that must not be after today nor (not_before non-NULL) before not_before. */
static void check_date_range(Req *r, const char *param, const char *label, const char *not_before,
                             const char *before_label) {
  const char *v = req_param(r, param);
  if (!v || json_object_get(r->errors, param)) {
    return;
  }
  char today[DATE_ISO_SIZE];
  today_text(today);
  Buf msg = BUF_INIT;
  if (strcmp(v, today) > 0) {
    buf_printf(&msg, "「%s」不能晚于今天（%s）", label, today);
  } else if (not_before && strcmp(v, not_before) < 0) {
    buf_printf(&msg, "「%s」不能早于%s（%s）", label, before_label, not_before);
  }
  if (msg.len) {
    req_error(r, param, buf_cstr(&msg));
  }
  buf_free(&msg);
}

/* Options [{value, label, selected}] of a person select from candidates. */
static json_t *person_options(const json_t *candidates, int64_t selected) {
  json_t *a = json_array();
  size_t i;
  json_t *c;
  json_array_foreach(candidates, i, c) {
    int64_t id = view_int(c, "person_id");
    Buf label = BUF_INIT;
    buf_printf(&label, "%s", view_str_or(c, "name", ""));
    if (view_str(c, "org_name")) {
      buf_printf(&label, "（%s）", view_str(c, "org_name"));
    }
    json_array_append_new(a, json_pack("{s:I, s:s, s:b}", "value", (json_int_t)id, "label",
                                       buf_cstr(&label), "selected", id == selected));
    buf_free(&label);
  }
  return a;
}

/* Options [{value, label, selected}] of a list of codes with labels (labels NULL: the codes). */
static json_t *enum_options(const char *const *codes, const char *const *labels,
                            const char *selected) {
  json_t *a = json_array();
  for (size_t i = 0; codes[i]; i++) {
    json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", codes[i], "label",
                                       labels ? labels[i] : codes[i], "selected",
                                       selected && strcmp(selected, codes[i]) == 0));
  }
  return a;
}

/* ---- the org's page ------------------------------------------------------------------------ */

static json_t *finding(const char *level, const char *text) {
  return json_pack("{s:s, s:s}", "level", level, "text", text);
}

/* The findings of the org: 书记 vacancy, 一肩挑 (villages), 换届 due or overdue. */
static json_t *findings_model(const json_t *org, const json_t *lead, size_t n_positions,
                              Date today) {
  json_t *a = json_array();
  const char *kind = view_str(org, "kind");
  const OrgKind *k = org_kind_find(kind);
  Buf t = BUF_INIT;
  if (k && k->level != ORG_LEVEL_GROUP) {
    const char *since = view_str(lead, "vacant_since");
    if (json_is_true(json_object_get(lead, "secretary_vacant"))) {
      if (n_positions == 0) {
        json_array_append_new(a, finding("warn", "尚未录入班子成员，无法判断书记是否空缺"));
      } else if (json_is_true(json_object_get(lead, "vacant_too_long"))) {
        buf_printf(&t, "书记空缺已超过3个月%s%s%s，请尽快配齐", since ? "（自 " : "",
                   since ? since : "", since ? " 起）" : "");
        json_array_append_new(a, finding("bad", buf_cstr(&t)));
      } else {
        buf_printf(&t, "书记空缺%s%s%s：空缺超过3个月将列为问题", since ? "（自 " : "",
                   since ? since : "", since ? " 起）" : "");
        json_array_append_new(a, finding("warn", buf_cstr(&t)));
      }
      buf_reset(&t);
    }
  }
  if (kind && strcmp(kind, "village") == 0 && !json_is_null(json_object_get(lead, "secretary")) &&
      json_object_get(lead, "secretary")) {
    json_array_append_new(a, json_is_true(json_object_get(lead, "one_shoulder"))
                                 ? finding("ok", "书记兼任村委会主任（“一肩挑”）")
                                 : finding("info", "书记未兼任村委会主任（未实行“一肩挑”）"));
  }
  if (k && k->term_years > 0) {
    const char *due = view_str(lead, "term_due");
    Date d;
    if (!due) {
      json_array_append_new(a, finding("warn", "未填写本届班子任期起始日期，无法计算换届时间"));
    } else if (date_parse(due, strlen(due), &d, NULL) == 0) {
      if (date_compare(d, today) < 0) {
        buf_printf(&t, "任期已于 %s 届满，已逾期 %lld 天未换届", due,
                   (long long)date_days_between(d, today));
        json_array_append_new(a, finding("bad", buf_cstr(&t)));
      } else if (date_compare(date_add_months(today, 6), d) >= 0) {
        buf_printf(&t, "本届任期 %s 届满，应做好换届准备", due);
        json_array_append_new(a, finding("warn", buf_cstr(&t)));
      } else {
        buf_printf(&t, "本届任期至 %s", due);
        json_array_append_new(a, finding("info", buf_cstr(&t)));
      }
    }
  }
  buf_free(&t);
  return a;
}

/* A kind of dated record of an org that the leaders page opens and ends: a position or a
 * contact assignment. */
typedef struct {
  const char *entity;      /* audit entity */
  const char *end_action;  /* audit action when one is ended */
  const char *id_param;    /* the form's record id */
  const char *end_param;   /* the form's end date */
  const char *end_label;   /* the end date's field label */
  const char *start_label; /* the start date's field label */
  const char *missing;     /* 404 message */
  const char *ended;       /* 409 message head: "<ended>已于 <date> 结束" */
  /* the record of org_id in scope (caller frees), or NULL */
  json_t *(*of)(Db *db, const Scope *scope, int64_t org_id, int64_t id);
  /* sets the end date of an open record of org_id */
  int (*close)(Db *db, int64_t org_id, int64_t id, const char *end);
  const char *segment; /* the path of its end form: /orgs/:id/<segment>/:record/end */
} Tenure;

static const Tenure position_tenure = {
    "position", "update", "pid", "end_date", "离任日期", "任职日期",
    "任职记录不存在，或不在您的管辖范围内", "该任职", member_position_of, member_position_close,
    "positions"};

static const Tenure contact_tenure = {
    "contact_assignment", "unassign", "cid", "contact_end", "结束日期", "开始日期",
    "联系记录不存在，或不在您的管辖范围内", "该联系", member_contact_of, member_contact_close,
    "contacts"};

/* The error of a per-row end form when it is for this row (param: the row id's name). */
static void row_error(Req *r, json_t *row, const char *id_param, const char *date_param) {
  json_t *e = json_object_get(r->errors, date_param);
  if (e && req_param_int(r, id_param, 0) == view_int(row, "id")) {
    json_object_set(row, "end_error", e);
  }
}

/* t's records of the org (positions or contact assignments) for the page: copies of rows,
 * each with person_href (null without a person) and, when can_end and the record is open, the
 * action of its end form and that form's error. Returns the current ones (open, or current
 * on the day) and sets *past to the others. */
static json_t *tenure_model(Req *r, int64_t org_id, const Tenure *t, const json_t *rows,
                            bool can_end, json_t **past) {
  json_t *current = json_array();
  *past = json_array();
  size_t i;
  json_t *c;
  json_array_foreach(rows, i, c) {
    json_t *row = json_deep_copy(c);
    int64_t person = view_int(c, "person_id");
    json_object_set_new(row, "person_href",
                        person ? href_json("/people/", person, "") : json_null());
    bool open = !view_str(c, "end_date");
    if (can_end && open) {
      char suffix[48];
      snprintf(suffix, sizeof suffix, "/%s/%lld/end", t->segment, (long long)view_int(c, "id"));
      json_object_set_new(row, "end_action", href_json("/orgs/", org_id, suffix));
      row_error(r, row, t->id_param, t->end_param);
    }
    json_array_append_new(open || json_is_true(json_object_get(c, "current")) ? current : *past,
                          row);
  }
  return current;
}

/* The chain: one row per level (the current holder with the latest start, or none), and the
 * other rows as history. */
static json_t *chain_model(Req *r, const json_t *rows, const json_t *candidates, bool can_edit,
                           json_t **past) {
  json_t *levels = json_array();
  *past = json_array();
  for (size_t l = 0; member_responsibility_levels[l]; l++) {
    const char *level = member_responsibility_levels[l];
    const json_t *holder = NULL;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
      const char *lv = view_str(row, "level");
      if (lv && strcmp(lv, level) == 0 && json_is_true(json_object_get(row, "current"))) {
        holder = row;
        break;
      }
    }
    int64_t selected = holder ? view_int(holder, "person_id") : 0;
    if (req_param(r, level) && json_object_size(r->errors) > 0) {
      selected = req_param_int(r, level, 0);
    }
    json_t *m = json_pack("{s:s, s:s, s:o, s:o, s:o}", "level", level, "level_label",
                          member_responsibility_labels[l], "name",
                          view_text(holder ? view_str(holder, "name") : NULL), "start_date",
                          view_text(holder ? view_str(holder, "start_date") : NULL),
                          "person_href",
                          holder ? href_json("/people/", view_int(holder, "person_id"), "")
                                 : json_null());
    if (can_edit) {
      json_object_set_new(m, "options", person_options(candidates, selected));
      json_t *e = json_object_get(r->errors, level);
      if (e) {
        json_object_set(m, "error", e);
      }
    }
    json_object_set_new(m, "id", json_integer(holder ? view_int(holder, "id") : 0));
    json_array_append_new(levels, m);
  }
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    bool is_shown = false;
    size_t j;
    json_t *m;
    json_array_foreach(levels, j, m) {
      if (view_int(m, "id") && view_int(m, "id") == view_int(row, "id")) {
        is_shown = true;
      }
    }
    if (!is_shown) {
      json_t *c = json_deep_copy(row);
      json_object_set_new(c, "person_href", href_json("/people/", view_int(row, "person_id"), ""));
      json_array_append_new(*past, c);
    }
  }
  return levels;
}

static json_t *breadcrumbs(Req *r, const json_t *org, const char *last) {
  json_t *crumbs = json_array();
  json_array_append_new(crumbs, json_pack("{s:s, s:s}", "href", "/orgs", "label", "组织架构"));
  json_t *anc = org_ancestors(r->db, &r->scope, view_str_or(org, "path", ""));
  size_t i;
  json_t *a;
  json_array_foreach(anc, i, a) {
    if (view_int(a, "id") != view_int(org, "id")) {
      json_array_append_new(crumbs, json_pack("{s:o, s:s}", "href",
                                              href_json("/orgs/", view_int(a, "id"), ""), "label",
                                              view_str_or(a, "short_name", "")));
    }
  }
  json_decref(anc);
  json_array_append_new(crumbs,
                        json_pack("{s:o, s:s}", "href", href_json("/orgs/", view_int(org, "id"), ""),
                                  "label", view_str_or(org, "short_name", "")));
  json_array_append_new(crumbs, json_pack("{s:n, s:s}", "href", "label", last));
  return crumbs;
}

/* Renders the org's leadership page with status; on a 400 the submitted values of the forms
 * are shown again. Returns what web_render returns (org borrowed). */
static int render_leaders(Req *r, int status, const json_t *org) {
  int64_t id = view_int(org, "id");
  Date now = date_today();
  char today[DATE_ISO_SIZE];
  date_format_iso(now, today);
  bool can_edit = authz_can(r->user.role, PERM_MEMBER_EDIT) && !view_str(org, "dissolved");
  bool can_assign = can_edit && authz_can(r->user.role, PERM_CONTACT_ASSIGN);
  json_t *lead = member_leadership(r->db, &r->scope, id, now);
  json_t *all = member_positions(r->db, &r->scope, id, false, today);
  json_t *hist = member_leader_history(r->db, &r->scope, id, today);
  json_t *people = can_edit ? member_leader_candidates(r->db, &r->scope, id, false, today) : NULL;
  json_t *cadres = can_assign ? member_leader_candidates(r->db, &r->scope, id, true, today) : NULL;
  if (!lead || !all || !hist) {
    json_decref(lead);
    json_decref(all);
    json_decref(hist);
    json_decref(people);
    json_decref(cadres);
    return -1;
  }
  bool bad = req_has_errors(r);
  json_t *past_positions = NULL, *past_chain = NULL, *past_contacts = NULL;
  json_t *positions = tenure_model(r, id, &position_tenure, all, can_edit, &past_positions);
  json_t *chain = chain_model(r, json_object_get(hist, "chain"), people, can_edit, &past_chain);
  json_t *contacts = tenure_model(r, id, &contact_tenure, json_object_get(hist, "contacts"),
                                  can_assign, &past_contacts);
  Buf title = BUF_INIT;
  buf_printf(&title, "%s · 班子与责任", view_str_or(org, "short_name", ""));
  json_t *m = json_pack("{s:s, s:o, s:o}", "title", buf_cstr(&title), "breadcrumbs",
                        breadcrumbs(r, org, "班子与责任"), "findings",
                        findings_model(org, lead, json_array_size(all), now));
  buf_free(&title);
  json_object_set_new(m, "has_findings",
                      json_boolean(json_array_size(json_object_get(m, "findings")) > 0));
  json_object_set_new(m, "org", json_pack("{s:I, s:s, s:o, s:o, s:b}", "id", (json_int_t)id,
                                          "name", view_str_or(org, "short_name", ""), "href",
                                          href_json("/orgs/", id, ""), "dissolved",
                                          view_text(view_str(org, "dissolved")), "is_village",
                                          strcmp(view_str_or(org, "kind", ""), "village") == 0));
  json_object_set_new(m, "leadership", json_deep_copy(lead));
  json_object_set_new(m, "has_positions", json_boolean(json_array_size(positions) > 0));
  json_object_set_new(m, "positions", positions);
  json_object_set_new(m, "has_past_positions", json_boolean(json_array_size(past_positions) > 0));
  json_object_set_new(m, "past_positions", past_positions);
  json_object_set_new(m, "chain", chain);
  json_object_set_new(m, "has_past_chain", json_boolean(json_array_size(past_chain) > 0));
  json_object_set_new(m, "past_chain", past_chain);
  json_object_set_new(m, "has_contacts", json_boolean(json_array_size(contacts) > 0));
  json_object_set_new(m, "contacts", contacts);
  json_object_set_new(m, "has_past_contacts", json_boolean(json_array_size(past_contacts) > 0));
  json_object_set_new(m, "past_contacts", past_contacts);
  json_object_set_new(m, "can_edit", json_boolean(can_edit));
  json_object_set_new(m, "can_assign", json_boolean(can_assign));
  json_object_set_new(m, "today", json_string(today));
  if (can_edit) {
    json_object_set_new(m, "position_action", href_json("/orgs/", id, "/positions"));
    json_object_set_new(m, "chain_action", href_json("/orgs/", id, "/chain"));
    json_object_set_new(
        m, "person_options",
        person_options(people, bad ? req_param_int(r, "person", 0) : 0));
    json_object_set_new(m, "body_options",
                        enum_options(bodies_for(view_str(org, "kind")), NULL,
                                     bad ? req_param(r, "body") : NULL));
    json_object_set_new(m, "title_options",
                        enum_options(position_titles, NULL, bad ? req_param(r, "title") : NULL));
    json_object_set_new(m, "position_form",
                        json_pack("{s:o, s:o}", "person_id",
                                  view_text(bad ? req_param(r, "person_id") : NULL), "start_date",
                                  view_text(bad && req_param(r, "start_date")
                                                ? req_param(r, "start_date")
                                                : today)));
  }
  if (can_assign) {
    json_object_set_new(m, "contact_action", href_json("/orgs/", id, "/contacts"));
    json_object_set_new(
        m, "cadre_options",
        person_options(cadres, bad ? req_param_int(r, "contact_person", 0) : 0));
    json_object_set_new(m, "kind_options", enum_options(member_contact_kinds, member_contact_labels,
                                                        bad ? req_param(r, "kind") : NULL));
    json_object_set_new(
        m, "contact_form",
        json_pack("{s:o, s:o}", "person_id",
                  view_text(bad ? req_param(r, "contact_person_id") : NULL), "start_date",
                  view_text(bad && req_param(r, "contact_start") ? req_param(r, "contact_start")
                                                                 : today)));
  }
  json_decref(lead);
  json_decref(all);
  json_decref(hist);
  json_decref(people);
  json_decref(cadres);
  return web_render(r, status, "leader_org", m);
}

int leader_org_page(Req *r) {
  int rc = -1;
  json_t *org = path_org(r, &rc);
  if (!org) {
    return rc;
  }
  rc = render_leaders(r, 200, org);
  json_decref(org);
  return rc;
}

/* Redirects to the org's page after a write, with a flash. */
static int back_to_org(Req *r, int64_t org_id, const char *kind, const char *message) {
  web_flash(r, kind, message);
  char to[64];
  snprintf(to, sizeof to, "/orgs/%lld/leaders", (long long)org_id);
  return web_redirect(r, to);
}

/* Ends the transaction after a write and its audit row: commit when ok, else roll back.
 * Returns whether it was committed. */
static bool finish(Req *r, bool ok) {
  if (ok && db_commit(r->db) == DB_OK) {
    return true;
  }
  if (db_depth(r->db) > 0) {
    db_rollback(r->db);
  }
  return false;
}

/* Before a write: answers 400 with the page when the form has errors, else begins the
 * transaction. Returns whether the write may go ahead; when not, *rc holds the answer (left
 * as it was when the transaction could not begin). */
static bool begin_write(Req *r, const json_t *org, int *rc) {
  if (req_has_errors(r)) {
    *rc = render_leaders(r, 400, org);
    return false;
  }
  return db_begin(r->db) == DB_OK;
}

/*
 * Finishes opening a record: ok says whether the record id was inserted (in the transaction
 * begin_write began). Reads it back, audits action on t->entity, commits and redirects with
 * the flash "<done><name>为<what>（自 <start> 起）". Returns the answer, or -1 after a
 * rollback.
 */
static int finish_open(Req *r, int64_t org_id, const Tenure *t, const char *action, bool ok,
                       int64_t id, const char *done, const char *what, const char *start) {
  int rc = -1;
  json_t *after = ok ? t->of(r->db, &r->scope, org_id, id) : NULL;
  ok = after != NULL;
  Buf msg = BUF_INIT;
  if (after) {
    buf_printf(&msg, "%s%s为%s（自 %s 起）", done, view_str_or(after, "name", ""), what, start);
  }
  char sid[24];
  id_text(sid, id);
  ok = ok && web_audit(r, action, t->entity, sid, NULL, after) == DB_OK;
  if (finish(r, ok)) {
    rc = back_to_org(r, org_id, "ok", buf_cstr(&msg));
  }
  buf_free(&msg);
  return rc;
}

/*
 * The record of org the form names by t->id_param, to end on the date of t->end_param (set in
 * *end, borrowed from the request). Returns it (caller frees) with the transaction begun;
 * NULL after answering in *rc: 400 with the page, 404, 409 when already ended, or -1 when the
 * transaction could not begin.
 */
static json_t *tenure_to_end(Req *r, const json_t *org, const Tenure *t, const char **end,
                             int *rc) {
  if (req_has_errors(r)) {
    *rc = render_leaders(r, 400, org);
    return NULL;
  }
  json_t *rec = t->of(r->db, &r->scope, view_int(org, "id"), req_param_int(r, t->id_param, 0));
  if (!rec) {
    *rc = web_error(r, 404, t->missing);
    return NULL;
  }
  if (view_str(rec, "end_date")) {
    Buf msg = BUF_INIT;
    buf_printf(&msg, "%s已于 %s 结束", t->ended, view_str(rec, "end_date"));
    *rc = web_error(r, 409, buf_cstr(&msg));
    buf_free(&msg);
    json_decref(rec);
    return NULL;
  }
  *end = req_param(r, t->end_param);
  check_date_range(r, t->end_param, t->end_label, view_str(rec, "start_date"), t->start_label);
  if (!begin_write(r, org, rc)) {
    json_decref(rec);
    return NULL;
  }
  return rec;
}

/* Ends rec (from tenure_to_end) on end and audits it, in the transaction; finish() then ends
 * that. Returns whether both succeeded. */
static bool end_tenure(Req *r, int64_t org_id, const Tenure *t, const json_t *rec,
                       const char *end) {
  int64_t id = view_int(rec, "id");
  json_t *after = NULL;
  bool ok = t->close(r->db, org_id, id, end) == DB_OK &&
            (after = t->of(r->db, &r->scope, org_id, id)) != NULL;
  char sid[24];
  id_text(sid, id);
  return ok && web_audit(r, t->end_action, t->entity, sid, json_deep_copy(rec), after) == DB_OK;
}

/* ---- positions ---------------------------------------------------------------------------- */

/* Whether person holds title in body of the org after start (an open position, or one
 * ending after start). */
static bool holds_position(Req *r, int64_t org_id, int64_t person, const char *body,
                           const char *title, const char *start) {
  json_t *all = member_positions(r->db, &r->scope, org_id, false, NULL);
  bool held = false;
  size_t i;
  json_t *p;
  json_array_foreach(all, i, p) {
    const char *b = view_str(p, "body"), *t = view_str(p, "title"), *end = view_str(p, "end_date");
    if (view_int(p, "person_id") == person && b && t && strcmp(b, body) == 0 &&
        strcmp(t, title) == 0 && (!end || strcmp(end, start) > 0)) {
      held = true;
    }
  }
  json_decref(all);
  return held;
}

int leader_position_add_page(Req *r) {
  int rc = -1;
  json_t *org = path_org_live(r, &rc);
  if (!org) {
    return rc;
  }
  int64_t org_id = view_int(org, "id");
  const char *body = req_param(r, "body"), *title = req_param(r, "title");
  const char *start = req_param(r, "start_date");
  int64_t person = form_person(r, "person", "person_id");
  if (body && !member_enum_has(bodies_for(view_str(org, "kind")), body)) {
    req_error(r, "body", "「所在机构」不适用于该组织：请从列表中选择");
  } else if (body && title) {
    const char *why = member_position_check(body, title);
    if (why) {
      req_error(r, "title", why);
    }
  }
  check_date_range(r, "start_date", "任职日期", NULL, NULL);
  if (!req_has_errors(r) && person && body && title && start) {
    char *holder_name = NULL;
    if (holds_position(r, org_id, person, body, title, start)) {
      req_error(r, "title", "该同志已担任此职务：不必重复任命");
    } else if (member_enum_has(single_titles, title) &&
               member_position_holder(r->db, org_id, body, title, start, person, &holder_name)) {
      Buf msg = BUF_INIT;
      buf_printf(&msg,
                 "%s%s现由%s担任：请先在“现任班子”中填写其离任日期，新任职日期不能早于离任日期",
                 body, title, holder_name ? holder_name : "他人");
      req_error(r, "title", buf_cstr(&msg));
      buf_free(&msg);
    }
    free(holder_name);
  }
  if (begin_write(r, org, &rc)) {
    int64_t id = 0;
    bool ok = member_position_open(r->db, person, org_id, body, title, start, &id) == DB_OK;
    Buf what = BUF_INIT;
    buf_printf(&what, "%s%s", body, title);
    rc = finish_open(r, org_id, &position_tenure, "create", ok, id, "已任命", buf_cstr(&what),
                     start);
    buf_free(&what);
  }
  json_decref(org);
  return rc;
}

int leader_position_end_page(Req *r) {
  int rc = -1;
  json_t *org = path_org(r, &rc);
  if (!org) {
    return rc;
  }
  int64_t org_id = view_int(org, "id");
  const char *end = NULL;
  json_t *pos = tenure_to_end(r, org, &position_tenure, &end, &rc);
  if (!pos) {
    goto out;
  }
  bool ok = end_tenure(r, org_id, &position_tenure, pos, end);
  /* Ending the 书记 with no successor in office starts the vacancy clock. */
  const char *body = view_str(pos, "body"), *title = view_str(pos, "title");
  bool vacant = ok && is_party_secretary(body, title) &&
                !member_position_holder(r->db, org_id, body, title, end,
                                        view_int(pos, "person_id"), NULL);
  if (finish(r, ok)) {
    Buf msg = BUF_INIT;
    buf_printf(&msg, "%s已于 %s 离任%s%s", view_str_or(pos, "name", ""), end, body ? body : "",
               title ? title : "");
    if (vacant) {
      buf_printf(&msg, "。书记空缺自次日起计算，请在3个月内配齐");
    }
    rc = back_to_org(r, org_id, vacant ? "warn" : "ok", buf_cstr(&msg));
    buf_free(&msg);
  }
  json_decref(pos);
out:
  json_decref(org);
  return rc;
}

/* ---- the responsibility chain ---------------------------------------------------------- */

int leader_chain_page(Req *r) {
  int rc = -1;
  json_t *org = path_org_live(r, &rc);
  if (!org) {
    return rc;
  }
  int64_t org_id = view_int(org, "id");
  int64_t chosen[8] = {0};
  bool any = false;
  for (size_t l = 0; member_responsibility_levels[l] && l < 8; l++) {
    const char *level = member_responsibility_levels[l];
    chosen[l] = req_param_int(r, level, 0);
    if (chosen[l] && !json_object_get(r->errors, level)) {
      any = true;
      if (!member_person_in_scope(r->db, &r->scope, chosen[l])) {
        req_error(r, level, "人员不存在，或不在您的管辖范围内");
      }
    }
  }
  if (!any && !req_has_errors(r)) {
    req_error(r, "first", "请至少选择一名责任人");
  }
  if (!begin_write(r, org, &rc)) {
    goto out;
  }
  char today[DATE_ISO_SIZE];
  today_text(today);
  json_t *hist = member_leader_history(r->db, &r->scope, org_id, today);
  if (!hist) {
    finish(r, false);
    goto out;
  }
  bool ok = true;
  int changed = 0;
  for (size_t l = 0; ok && member_responsibility_levels[l] && l < 8; l++) {
    const char *level = member_responsibility_levels[l];
    if (!chosen[l]) {
      continue;
    }
    int64_t id = 0;
    ok = member_responsibility_replace(r->db, org_id, level, chosen[l], today, &id) == DB_OK;
    if (!ok || !id) {
      continue;
    }
    /* before: the open rows of this level that the change ended */
    json_t *before = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(hist, "chain"), i, row) {
      const char *lv = view_str(row, "level"), *end = view_str(row, "end_date");
      if (lv && strcmp(lv, level) == 0 && (!end || strcmp(end, today) > 0)) {
        json_array_append_new(before, json_pack("{s:I, s:I, s:s?, s:s?}", "id",
                                                (json_int_t)view_int(row, "id"), "person_id",
                                                (json_int_t)view_int(row, "person_id"), "name",
                                                view_str(row, "name"), "start_date",
                                                view_str(row, "start_date")));
      }
    }
    json_t *after = member_responsibility_of(r->db, &r->scope, org_id, id);
    char sid[24];
    id_text(sid, id);
    ok = after && web_audit(r, "create", "responsibility", sid,
                            json_pack("{s:o}", "replaced", before), after) == DB_OK;
    if (!after) {
      json_decref(before);
    }
    changed++;
  }
  json_decref(hist);
  if (finish(r, ok)) {
    rc = back_to_org(r, org_id, "ok",
                     changed ? "已更新党建工作责任人" : "责任人没有变化");
  }
out:
  json_decref(org);
  return rc;
}

/* ---- contact cadres ------------------------------------------------------------------------ */

int leader_contact_add_page(Req *r) {
  int rc = -1;
  json_t *org = path_org_live(r, &rc);
  if (!org) {
    return rc;
  }
  int64_t org_id = view_int(org, "id");
  const char *kind = req_param(r, "kind"), *start = req_param(r, "contact_start");
  int64_t person = form_person(r, "contact_person", "contact_person_id");
  check_date_range(r, "contact_start", "开始日期", NULL, NULL);
  char today[DATE_ISO_SIZE];
  today_text(today);
  if (!req_has_errors(r) && person && kind &&
      member_contact_open_exists(r->db, org_id, person, kind, today)) {
    Buf msg = BUF_INIT;
    buf_printf(&msg, "该同志已是本组织的%s：不必重复分配",
               member_enum_label(member_contact_kinds, member_contact_labels, kind));
    req_error(r, "kind", buf_cstr(&msg));
    buf_free(&msg);
  }
  if (begin_write(r, org, &rc)) {
    int64_t id = 0;
    bool ok = member_contact_open(r->db, person, org_id, kind, start, &id) == DB_OK;
    rc = finish_open(r, org_id, &contact_tenure, "assign", ok, id, "已确定",
                     member_enum_label(member_contact_kinds, member_contact_labels, kind), start);
  }
  json_decref(org);
  return rc;
}

int leader_contact_end_page(Req *r) {
  int rc = -1;
  json_t *org = path_org(r, &rc);
  if (!org) {
    return rc;
  }
  int64_t org_id = view_int(org, "id");
  const char *end = NULL;
  json_t *ca = tenure_to_end(r, org, &contact_tenure, &end, &rc);
  if (ca && finish(r, end_tenure(r, org_id, &contact_tenure, ca, end))) {
    Buf msg = BUF_INIT;
    const char *label = member_enum_label(member_contact_kinds, member_contact_labels,
                                          view_str(ca, "kind"));
    buf_printf(&msg, "%s的%s联系已于 %s 结束", view_str_or(ca, "name", ""), label ? label : "",
               end);
    rc = back_to_org(r, org_id, "ok", buf_cstr(&msg));
    buf_free(&msg);
  }
  json_decref(ca);
  json_decref(org);
  return rc;
}

/* ---- a person's page ---------------------------------------------------------------------- */

/* Adds org_href (/orgs/:org_id/leaders) to each row. */
static json_t *with_org_links(json_t *rows) {
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    json_object_set_new(row, "org_href", href_json("/orgs/", view_int(row, "org_id"), "/leaders"));
  }
  return rows;
}

int leader_person_page(Req *r) {
  if (req_has_errors(r)) {
    return web_error(r, 400, "人员编号不正确");
  }
  char today[DATE_ISO_SIZE];
  today_text(today);
  json_t *p = member_person_view(r->db, &r->scope, req_param_int(r, "id", 0), today);
  if (!p) {
    return web_error(r, 404, "人员不存在，或不在您的管辖范围内");
  }
  json_t *member = json_object_get(p, "member");
  if (json_is_object(member)) {
    json_object_set_new(member, "href", href_json("/members/", view_int(member, "id"), ""));
    json_object_set_new(member, "org_href", href_json("/orgs/", view_int(member, "org_id"), ""));
  }
  json_t *positions = with_org_links(json_object_get(p, "positions"));
  json_t *chain = with_org_links(json_object_get(p, "responsibilities"));
  json_t *contacts = with_org_links(json_object_get(p, "contacts"));
  json_t *m = json_pack("{s:s, s:O, s:b, s:b, s:b}", "title", view_str_or(p, "name", "人员"),
                        "person", p, "has_positions", json_array_size(positions) > 0,
                        "has_responsibilities", json_array_size(chain) > 0, "has_contacts",
                        json_array_size(contacts) > 0);
  json_object_set_new(m, "is_cadre", json_boolean(json_array_size(contacts) > 0));
  json_decref(p);
  return web_render(r, 200, "leader_person", m);
}
