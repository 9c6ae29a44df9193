/*
 * The member roster pages: the list (党员花名册) with filters, search, sort and pages; a
 * member's detail with derived fields; the create / edit form; statistics of a subtree; the
 * member panel of the org detail page. Each handler validates, calls the store and the rules,
 * builds a view model and renders it (HTML through templates/member_*.mustache, or the model
 * itself as JSON). Writes run in one transaction together with their audit row.
 *
 * Masking: ID numbers and phones are replaced by their masked forms in the model itself
 * (mask_person) unless the role has PERM_MEMBER_SENSITIVE, so neither HTML nor JSON carries
 * them. The audit log always keeps masked forms (the log is read by the administrator, who
 * has no business data).
 *
 * Scope: every member and org is loaded through the caller's scope; one outside it is
 * answered 404 exactly like one that does not exist.
 */
#include "member/member_pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "io/svg.h"
#include "member/member.h"
#include "org/org.h"
#include "web/view.h"
#include "base/banned.h"

enum {
  LIST_PAGE_SIZE = 50,
  NAV_CHILDREN_MAX = 200, /* sub-orgs offered as links in the scope navigation */
  MAX_PROBLEMS = 32,
  CHART_WIDTH = 480,
};

/* Short chart labels of the age bands and 入党 periods (the tables keep the full ones). */
static const char *const age_short[] = {"≤30",   "31–35", "36–40", "41–45", "46–50",
                                        "51–55", "56–60", "≥61",   NULL};
static const char *const period_short[] = {"建国前", "建国后至三中全会前", "三中全会后至十八大前",
                                           "十八大以来", NULL};

static const char *const gender_choices[] = {"男", "女", NULL};
static const char *const sort_choices[] = {"name", "joined", "birth", NULL};
static const char *const sort_labels[] = {"按姓名", "按入党日期", "按出生日期", NULL};

/* ---- parameter declarations ---- */

#define MEMBER_FIELD_PARAMS                                                                        \
  {.name = "id_number", .kind = P_LINE, .label = "公民身份证号", .max = 30},                       \
      {.name = "name", .kind = P_LINE, .required = true, .label = "姓名", .max = 40},              \
      {.name = "gender", .kind = P_ENUM, .label = "性别", .choices = gender_choices},              \
      {.name = "birth_date", .kind = P_DATE, .label = "出生日期"},                                 \
      {.name = "ethnicity", .kind = P_LINE, .label = "民族", .max = 20},                           \
      {.name = "education", .kind = P_ENUM, .label = "学历", .choices = member_educations},        \
      {.name = "phone", .kind = P_LINE, .label = "手机号", .max = 40},                             \
      {.name = "landline", .kind = P_LINE, .label = "固定电话", .max = 40},                        \
      {.name = "address", .kind = P_LINE, .label = "家庭住址", .max = 200},                        \
      {.name = "category",                                                                         \
       .kind = P_ENUM,                                                                             \
       .required = true,                                                                           \
       .label = "人员类别",                                                                        \
       .choices = member_categories},                                                              \
      {.name = "status",                                                                           \
       .kind = P_ENUM,                                                                             \
       .required = true,                                                                           \
       .label = "党员类别",                                                                        \
       .choices = member_statuses},                                                                \
      {.name = "standing", .kind = P_ENUM, .label = "党籍状态", .choices = member_standings},      \
      {.name = "joined_date", .kind = P_DATE, .label = "加入党组织日期"},                          \
      {.name = "full_date", .kind = P_DATE, .label = "转为正式党员日期"},                          \
      {.name = "probation_end", .kind = P_DATE, .label = "预备期满日期"},                          \
      {.name = "lost_contact", .kind = P_BOOL, .label = "失联党员"},                               \
      {.name = "lost_date", .kind = P_DATE, .label = "失去联系日期"},                              \
      {.name = "flowing", .kind = P_BOOL, .label = "流动党员"},                                    \
      {.name = "flow_destination", .kind = P_LINE, .label = "外出流向", .max = 100},               \
      {.name = "work_post", .kind = P_LINE, .label = "工作岗位", .max = 100},                      \
      {.name = "id_override", .kind = P_BOOL, .label = "保留无法核验的身份证号"}, {                \
    .name = "id_override_reason", .kind = P_LINE, .label = "保留原因", .max = 200                  \
  }

const RouteParam member_list_params[] = {
    {.name = "org", .kind = P_ID, .label = "组织"},
    {.name = "category", .kind = P_ENUM, .label = "人员类别", .choices = member_categories},
    {.name = "status", .kind = P_ENUM, .label = "党员类别", .choices = member_statuses},
    {.name = "age", .kind = P_ENUM, .label = "年龄段", .choices = member_age_band_codes},
    {.name = "years", .kind = P_ENUM, .label = "党龄段", .choices = member_years_band_codes},
    {.name = "flowing", .kind = P_BOOL, .label = "只看流动党员"},
    {.name = "lost", .kind = P_BOOL, .label = "只看失联党员"},
    {.name = "q", .kind = P_LINE, .label = "查找", .max = 50},
    {.name = "sort", .kind = P_ENUM, .label = "排序", .choices = sort_choices},
    {.name = "page", .kind = P_INT, .label = "页码", .min = 1, .max = 100000},
    {0},
};

const RouteParam member_id_params[] = {
    {.name = "id", .kind = P_ID, .required = true, .label = "党员编号"},
    {0},
};

const RouteParam member_new_form_params[] = {
    {.name = "org", .kind = P_ID, .label = "所在党组织"},
    {0},
};

const RouteParam member_new_params[] = {
    {.name = "org", .kind = P_ID, .label = "所在党组织"},
    MEMBER_FIELD_PARAMS,
    {0},
};

const RouteParam member_edit_params[] = {
    {.name = "id", .kind = P_ID, .required = true, .label = "党员编号"},
    MEMBER_FIELD_PARAMS,
    {0},
};

const RouteParam member_stats_params[] = {
    {.name = "org", .kind = P_ID, .label = "组织"},
    {0},
};

/* The form's fields, in the order of MEMBER_FIELD_PARAMS. */
static const char *const form_keys[] = {"id_number",
                                        "name",
                                        "gender",
                                        "birth_date",
                                        "ethnicity",
                                        "education",
                                        "phone",
                                        "landline",
                                        "address",
                                        "category",
                                        "status",
                                        "standing",
                                        "joined_date",
                                        "full_date",
                                        "probation_end",
                                        "lost_contact",
                                        "lost_date",
                                        "flowing",
                                        "flow_destination",
                                        "work_post",
                                        "id_override",
                                        "id_override_reason",
                                        NULL};

/* ---- small helpers ---- */

/* A flag stored as a boolean or an integer. */
static bool jflag(const json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  return json_is_true(v) || (json_is_integer(v) && json_integer_value(v) != 0) ||
         (json_is_string(v) && strcmp(json_string_value(v), "1") == 0);
}

static void id_text(char out[24], int64_t id) { snprintf(out, 24, "%lld", (long long)id); }

static json_t *member_href(int64_t id, const char *suffix) {
  char href[64];
  snprintf(href, sizeof href, "/members/%lld%s", (long long)id, suffix);
  return json_string(href);
}

static int member_not_found(Req *r) {
  return web_error(r, 404, "党员不存在，或不在您的管辖范围内");
}

static int org_not_found(Req *r) { return web_error(r, 404, "组织不存在，或不在您的管辖范围内"); }

/* Adds the request's field errors to a model (HTML pages get them from the layout too). */
static void add_errors(Req *r, json_t *m) {
  if (req_has_errors(r)) {
    json_object_set(m, "errors", r->errors);
  }
}

/* Options of a <select>: [{value, label, selected}] from a NULL-terminated list (labels:
 * the values themselves when labels is NULL). */
static json_t *options(const char *const *values, const char *const *labels, const char *chosen) {
  json_t *a = json_array();
  for (size_t i = 0; values[i]; i++) {
    json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", values[i], "label",
                                       labels ? labels[i] : values[i], "selected",
                                       chosen && strcmp(chosen, values[i]) == 0));
  }
  return a;
}

static json_t *band_options(const MemberBand *bands, const char *chosen) {
  json_t *a = json_array();
  for (const MemberBand *b = bands; b->code; b++) {
    json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", b->code, "label", b->label,
                                       "selected", chosen && strcmp(chosen, b->code) == 0));
  }
  return a;
}

/* Replaces the ID number and phone numbers of a person object by their masked forms unless
 * the user may see them; sets "masked". */
static void mask_person(json_t *p, bool sensitive) {
  json_object_set_new(p, "masked", json_boolean(!sensitive));
  if (sensitive) {
    return;
  }
  const char *id = view_str(p, "id_number");
  if (id && *id) {
    char out[IDCARD_SIZE];
    idcard_mask(id, out);
    json_object_set_new(p, "id_number", json_string(out));
  }
  static const char *const phones[] = {"phone", "landline", NULL};
  for (const char *const *k = phones; *k; k++) {
    const char *v = view_str(p, *k);
    if (v && *v) {
      char out[PHONE_SIZE];
      idcard_mask_phone(v, out);
      json_object_set_new(p, *k, json_string(out));
    }
  }
}

/* Adds what is derived, never typed: age, party_years (党龄, null for none), can_vote, the
 * flags as booleans, href. */
static void derive(json_t *m, Date today) {
  int age = member_age(view_str(m, "birth_date"), today);
  int years = member_standing_years(view_str(m, "status"), view_str(m, "joined_date"),
                                    view_str(m, "probation_end"), view_str(m, "full_date"), today);
  json_object_set_new(m, "age", age >= 0 ? json_integer(age) : json_null());
  json_object_set_new(m, "party_years", years >= 0 ? json_integer(years) : json_null());
  json_object_set_new(m, "honour_50", json_boolean(years >= 50));
  json_object_set_new(
      m, "can_vote", json_boolean(member_can_vote(view_str(m, "status"), view_str(m, "standing"))));
  json_object_set_new(m, "lost_contact", json_boolean(jflag(m, "lost_contact")));
  json_object_set_new(m, "flowing", json_boolean(jflag(m, "flowing")));
  json_object_set_new(m, "id_override", json_boolean(jflag(m, "id_override")));
  const char *standing = view_str(m, "standing");
  json_object_set_new(m, "stopped", json_boolean(standing && strcmp(standing, "正常") != 0));
  json_object_set_new(
      m, "is_probationary",
      json_boolean(view_str(m, "status") && strcmp(view_str(m, "status"), "预备党员") == 0));
  json_object_set_new(m, "href", member_href(view_int(m, "id"), ""));
}

/* ---- list queries and links ---- */

typedef struct ListQuery {
  int64_t org;
  const char *category, *status, *age, *years, *q, *sort;
  bool flowing, lost;
  int64_t page;
} ListQuery;

static void query_add(Buf *b, char *sep, const char *name, const char *value) {
  if (!value || !*value) {
    return;
  }
  buf_printf(b, "%c%s=", *sep, name);
  buf_urlencode(b, value, strlen(value));
  *sep = '&';
}

/* "/members?org=…&…&page=N" (defaults left out). */
static json_t *list_href(const ListQuery *lq) {
  Buf b = BUF_INIT;
  char sep = '?', n[24];
  buf_puts(&b, "/members");
  if (lq->org > 0) {
    id_text(n, lq->org);
    query_add(&b, &sep, "org", n);
  }
  query_add(&b, &sep, "category", lq->category);
  query_add(&b, &sep, "status", lq->status);
  query_add(&b, &sep, "age", lq->age);
  query_add(&b, &sep, "years", lq->years);
  query_add(&b, &sep, "flowing", lq->flowing ? "1" : NULL);
  query_add(&b, &sep, "lost", lq->lost ? "1" : NULL);
  query_add(&b, &sep, "q", lq->q);
  query_add(&b, &sep, "sort", lq->sort && strcmp(lq->sort, "name") != 0 ? lq->sort : NULL);
  if (lq->page > 1) {
    id_text(n, lq->page);
    query_add(&b, &sep, "page", n);
  }
  json_t *s = json_string(buf_cstr(&b));
  buf_free(&b);
  return s;
}

static json_t *stats_href(int64_t org) {
  char href[64];
  if (org > 0) {
    snprintf(href, sizeof href, "/members/stats?org=%lld", (long long)org);
  } else {
    snprintf(href, sizeof href, "/members/stats");
  }
  return json_string(href);
}

/* A link to the list or the statistics for another org, keeping the list's filters. */
static json_t *scope_link(const ListQuery *lq, int64_t org) {
  if (!lq) {
    return stats_href(org);
  }
  ListQuery q = *lq;
  q.org = org;
  q.page = 1;
  return list_href(&q);
}

/*
 * The org navigation of the list and statistics pages: the path from the whole scope down
 * to the chosen org (each a link), and its sub-orgs as links to narrow down. lq: the list's
 * query (links keep its filters), or NULL for the statistics page. org: the chosen org, or
 * NULL for the whole scope.
 */
static json_t *scope_nav(Req *r, const ListQuery *lq, const json_t *org) {
  json_t *path = json_array();
  int64_t org_id = org ? view_int(org, "id") : 0;
  if (org) {
    json_array_append_new(path,
                          json_pack("{s:s, s:o}", "label", "全部", "href", scope_link(lq, 0)));
    json_t *anc = org_ancestors(r->db, &r->scope, view_str(org, "path"));
    size_t i;
    json_t *a;
    json_array_foreach(anc, i, a) {
      if (view_int(a, "id") == org_id) {
        continue;
      }
      json_array_append_new(path, json_pack("{s:s, s:o}", "label", view_str(a, "short_name"),
                                            "href", scope_link(lq, view_int(a, "id"))));
    }
    json_decref(anc);
  }
  json_t *kids = org_children(r->db, &r->scope, org_id, false);
  json_t *children = json_array();
  size_t i;
  json_t *c;
  json_array_foreach(kids, i, c) {
    if (i >= NAV_CHILDREN_MAX) {
      break;
    }
    json_array_append_new(children, json_pack("{s:s, s:o}", "label", view_str(c, "short_name"),
                                              "href", scope_link(lq, view_int(c, "id"))));
  }
  size_t n_kids = json_array_size(kids);
  json_decref(kids);
  return json_pack("{s:o, s:b, s:s, s:o, s:b, s:b}", "path", path, "has_path",
                   json_array_size(path) > 0, "current",
                   org ? view_str(org, "short_name") : "全部（管辖范围内）", "children", children,
                   "has_children", json_array_size(children) > 0, "children_truncated",
                   n_kids > NAV_CHILDREN_MAX);
}

/* The org named by the parameter org, in scope; *bad is set when it is named but not found. */
static json_t *param_org(Req *r, bool *bad) {
  int64_t id = req_param_int(r, "org", 0);
  json_t *org = id > 0 ? org_get(r->db, &r->scope, id) : NULL;
  *bad = id > 0 && !org;
  return org;
}

/* ---- the list ---- */

int member_list_page(Req *r) {
  bool bad;
  json_t *org = param_org(r, &bad);
  if (bad) {
    return org_not_found(r);
  }
  ListQuery lq = {.org = org ? view_int(org, "id") : 0,
                  .category = req_param(r, "category"),
                  .status = req_param(r, "status"),
                  .age = req_param(r, "age"),
                  .years = req_param(r, "years"),
                  .q = req_param(r, "q"),
                  .sort = req_param(r, "sort"),
                  .flowing = req_param_int(r, "flowing", 0) == 1,
                  .lost = req_param_int(r, "lost", 0) == 1,
                  .page = req_param_int(r, "page", 1)};
  const MemberBand *age = member_band_find(member_age_filter_bands, lq.age);
  const MemberBand *years = member_band_find(member_years_filter_bands, lq.years);
  MemberFilter f = {.org_id = lq.org,
                    .category = lq.category,
                    .status = lq.status,
                    .age_min = age ? age->min : 0,
                    .age_max = age ? age->max : 0,
                    .standing_min = years ? years->min : 0,
                    .standing_max = years ? years->max : 0,
                    .only_flowing = lq.flowing,
                    .only_lost = lq.lost,
                    .q = lq.q,
                    .sort = lq.sort ? lq.sort : "name",
                    .limit = LIST_PAGE_SIZE,
                    .offset = (int)((lq.page - 1) * LIST_PAGE_SIZE)};
  /* 党龄 belongs to full members only: a 党龄 band never lists a 预备党员. */
  if (years && !f.status) {
    f.status = "正式党员";
  }
  Date today = date_today();
  int total = 0;
  json_t *rows = member_list(r->db, &r->scope, &f, today, &total);
  if (!rows) {
    json_decref(org);
    return -1;
  }
  bool sensitive = authz_can(r->user.role, PERM_MEMBER_SENSITIVE);
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    derive(row, today);
    mask_person(row, sensitive);
    json_object_set_new(row, "seq", json_integer(f.offset + (json_int_t)i + 1));
    ListQuery at = lq;
    at.org = view_int(row, "org_id");
    at.page = 1;
    json_object_set_new(row, "org_href", list_href(&at));
  }
  int64_t pages = (total + LIST_PAGE_SIZE - 1) / LIST_PAGE_SIZE;
  json_t *m = json_pack("{s:s, s:i, s:I, s:I, s:b, s:b}", "title", "党员花名册", "total", total,
                        "page", (json_int_t)lq.page, "pages", (json_int_t)(pages ? pages : 1),
                        "masked", !sensitive, "has_rows", json_array_size(rows) > 0);
  json_object_set_new(m, "rows", rows);
  json_object_set_new(m, "filter",
                      json_pack("{s:o, s:o, s:o, s:o, s:o, s:b, s:b, s:o, s:s}", "org",
                                lq.org > 0 ? json_integer(lq.org) : json_null(), "category",
                                view_text(lq.category), "status", view_text(lq.status), "age",
                                view_text(lq.age), "years", view_text(lq.years), "flowing",
                                lq.flowing, "lost", lq.lost, "q", view_text(lq.q), "sort",
                                lq.sort ? lq.sort : "name"));
  bool filtered = lq.category || lq.status || lq.age || lq.years || lq.flowing || lq.lost || lq.q;
  json_object_set_new(m, "filtered", json_boolean(filtered));
  ListQuery clear = {.org = lq.org, .sort = lq.sort};
  json_object_set_new(m, "clear_href", list_href(&clear));
  json_object_set_new(m, "category_options", options(member_categories, NULL, lq.category));
  json_object_set_new(m, "status_options", options(member_statuses, NULL, lq.status));
  json_object_set_new(m, "age_options", band_options(member_age_filter_bands, lq.age));
  json_object_set_new(m, "years_options", band_options(member_years_filter_bands, lq.years));
  json_object_set_new(m, "sort_options", options(sort_choices, sort_labels, f.sort));
  json_object_set_new(m, "scope_nav", scope_nav(r, &lq, org));
  ListQuery p = lq;
  p.page = lq.page - 1;
  json_object_set_new(m, "prev_href", lq.page > 1 ? list_href(&p) : json_null());
  p.page = lq.page + 1;
  json_object_set_new(m, "next_href", lq.page < pages ? list_href(&p) : json_null());
  json_object_set_new(m, "stats_href", stats_href(lq.org));
  json_t *new_href = json_null();
  if (authz_can(r->user.role, PERM_MEMBER_EDIT)) {
    char href[64];
    if (lq.org > 0) {
      snprintf(href, sizeof href, "/members/new?org=%lld", (long long)lq.org);
    } else {
      snprintf(href, sizeof href, "/members/new");
    }
    new_href = json_string(href);
  }
  json_object_set_new(m, "new_href", new_href);
  /* the org the export links name: the chosen one, else the account's own (none: no links) */
  int64_t export_org = lq.org > 0 ? lq.org : r->user.org_id;
  json_object_set_new(m, "export_org", export_org > 0 ? json_integer(export_org) : json_null());
  json_object_set_new(m, "org", org ? org : json_null());
  return web_render(r, 200, "member_list", m);
}

/* ---- detail ---- */

/* The same keys on every position, so that a missing one never picks up a value of the
 * enclosing Mustache context. */
static json_t *position_view(const json_t *p) {
  const char *start = view_str(p, "start_date") ? view_str(p, "start_date") : view_str(p, "start");
  const char *end = view_str(p, "end_date") ? view_str(p, "end_date") : view_str(p, "end");
  return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "org_name",
                   view_text(view_str(p, "org_name")), "body", view_text(view_str(p, "body")),
                   "title", view_text(view_str(p, "title")), "name", view_text(view_str(p, "name")),
                   "start_date", view_text(start), "end_date", view_text(end), "current",
                   end == NULL || *end == '\0');
}

static json_t *positions_view(const json_t *positions) {
  json_t *a = json_array();
  size_t i;
  json_t *p;
  json_array_foreach(positions, i, p) { json_array_append_new(a, position_view(p)); }
  return a;
}

static json_t *member_crumbs(const json_t *member, const char *trail) {
  json_t *crumbs = json_array();
  json_array_append_new(crumbs, json_pack("{s:s, s:s}", "href", "/members", "label", "党员花名册"));
  int64_t org_id = view_int(member, "org_id");
  if (org_id > 0) {
    char href[64];
    snprintf(href, sizeof href, "/members?org=%lld", (long long)org_id);
    json_array_append_new(
        crumbs,
        json_pack("{s:s, s:s}", "href", href, "label",
                  view_str(member, "org_name") ? view_str(member, "org_name") : "所在组织"));
  }
  const char *name = view_str(member, "name") ? view_str(member, "name") : "党员";
  if (trail) {
    json_array_append_new(
        crumbs,
        json_pack("{s:o, s:s}", "href", member_href(view_int(member, "id"), ""), "label", name));
    json_array_append_new(crumbs, json_pack("{s:n, s:s}", "href", "label", trail));
  } else {
    json_array_append_new(crumbs, json_pack("{s:n, s:s}", "href", "label", name));
  }
  return crumbs;
}

int member_detail_page(Req *r) {
  int64_t id = req_param_int(r, "id", 0);
  json_t *member = member_get(r->db, &r->scope, id);
  if (!member) {
    return member_not_found(r);
  }
  Date today = date_today();
  bool sensitive = authz_can(r->user.role, PERM_MEMBER_SENSITIVE);
  derive(member, today);
  mask_person(member, sensitive);
  json_t *positions = positions_view(json_object_get(member, "positions"));
  json_object_del(member, "positions");
  json_t *m = json_pack(
      "{s:s, s:o, s:b}", "title", view_str(member, "name") ? view_str(member, "name") : "党员",
      "breadcrumbs", member_crumbs(member, NULL), "has_positions", json_array_size(positions) > 0);
  json_object_set_new(m, "positions", positions);
  json_object_set_new(m, "edit_href",
                      authz_can(r->user.role, PERM_MEMBER_EDIT) ? member_href(id, "/edit")
                                                                : json_null());
  json_object_set_new(m, "member", member);
  return web_render(r, 200, "member_detail", m);
}

/* ---- create and edit ---- */

/* The form's values from the request (valid parameters only). */
static json_t *values_from_params(Req *r) {
  json_t *v = json_object();
  for (const char *const *k = form_keys; *k; k++) {
    const char *s = req_param(r, *k);
    if (s && (strcmp(*k, "lost_contact") == 0 || strcmp(*k, "flowing") == 0 ||
              strcmp(*k, "id_override") == 0)) {
      json_object_set_new(v, *k, json_boolean(strcmp(s, "1") == 0));
    } else {
      json_object_set_new(v, *k, view_text(s));
    }
  }
  return v;
}

/* The form's values from a stored member (unmasked: only for PERM_MEMBER_SENSITIVE). */
static json_t *values_from_member(const json_t *member) {
  json_t *v = json_object();
  for (const char *const *k = form_keys; *k; k++) {
    if (strcmp(*k, "lost_contact") == 0 || strcmp(*k, "flowing") == 0 ||
        strcmp(*k, "id_override") == 0) {
      json_object_set_new(v, *k, json_boolean(jflag(member, *k)));
    } else {
      json_object_set_new(v, *k, view_text(view_str(member, *k)));
    }
  }
  return v;
}

/*
 * Renders the form: new (org: the member's org to be) or edit (member: the stored member).
 * values: the fields; duplicate: {href, name, org_name} of a member with the same ID number,
 * or NULL. Steals values and duplicate; borrows org and member.
 */
static int render_member_form(Req *r, int status, const json_t *org, const json_t *member,
                              json_t *values, json_t *duplicate) {
  bool is_new = member == NULL;
  json_t *m =
      json_pack("{s:s, s:b}", "title", is_new ? "登记党员" : "编辑党员信息", "is_new", is_new);
  if (is_new) {
    char action[64], cancel[64];
    snprintf(action, sizeof action, "/members/new?org=%lld", (long long)view_int(org, "id"));
    snprintf(cancel, sizeof cancel, "/members?org=%lld", (long long)view_int(org, "id"));
    json_object_set_new(m, "action", json_string(action));
    json_object_set_new(m, "cancel_href", json_string(cancel));
    json_object_set_new(m, "org_name",
                        json_string(view_str(org, "name") ? view_str(org, "name") : ""));
    json_t *crumbs = json_array();
    json_array_append_new(crumbs,
                          json_pack("{s:s, s:s}", "href", "/members", "label", "党员花名册"));
    json_array_append_new(
        crumbs, json_pack("{s:s, s:s}", "href", cancel, "label",
                          view_str(org, "short_name") ? view_str(org, "short_name") : ""));
    json_array_append_new(crumbs, json_pack("{s:n, s:s}", "href", "label", "登记党员"));
    json_object_set_new(m, "breadcrumbs", crumbs);
  } else {
    int64_t id = view_int(member, "id");
    json_object_set_new(m, "action", member_href(id, "/edit"));
    json_object_set_new(m, "cancel_href", member_href(id, ""));
    json_object_set_new(
        m, "org_name",
        json_string(view_str(member, "org_name") ? view_str(member, "org_name") : ""));
    json_object_set_new(m, "breadcrumbs", member_crumbs(member, "编辑"));
  }
  json_object_set_new(m, "gender_options",
                      options(gender_choices, NULL, view_str(values, "gender")));
  json_object_set_new(m, "education_options",
                      options(member_educations, NULL, view_str(values, "education")));
  json_object_set_new(m, "category_options",
                      options(member_categories, NULL, view_str(values, "category")));
  json_object_set_new(m, "status_options",
                      options(member_statuses, NULL, view_str(values, "status")));
  json_object_set_new(
      m, "standing_options",
      options(member_standings, NULL,
              view_str(values, "standing") ? view_str(values, "standing") : "正常"));
  /* The less common groups start open when they hold a value or an error. */
  static const char *const flow_keys[] = {"lost_contact", "lost_date", "flowing",
                                          "flow_destination", NULL};
  bool open_flow = false, open_override = false;
  for (const char *const *k = flow_keys; *k; k++) {
    json_t *v = json_object_get(values, *k);
    open_flow =
        open_flow || json_is_true(v) || json_is_string(v) || json_object_get(r->errors, *k) != NULL;
  }
  open_override = json_is_true(json_object_get(values, "id_override")) ||
                  json_object_get(r->errors, "id_override_reason") != NULL ||
                  json_object_get(r->errors, "id_number") != NULL;
  json_object_set_new(m, "open_flow", json_boolean(open_flow));
  json_object_set_new(m, "open_override", json_boolean(open_override));
  json_object_set_new(m, "form", values);
  json_object_set_new(m, "duplicate", duplicate ? duplicate : json_null());
  char today[DATE_ISO_SIZE];
  json_object_set_new(m, "today", json_string(date_format_iso(date_today(), today)));
  add_errors(r, m);
  return web_render(r, status, "member_form", m);
}

/* The record as posted (strings borrowed from the request's parameters). */
static MemberRecord record_from_params(Req *r) {
  const char *standing = req_param(r, "standing");
  MemberRecord m = {
      .name = req_param(r, "name"),
      .gender = req_param(r, "gender"),
      .ethnicity = req_param(r, "ethnicity"),
      .education = req_param(r, "education"),
      .id_number = req_param(r, "id_number"),
      .id_override = req_param_int(r, "id_override", 0) == 1,
      .id_override_reason = req_param(r, "id_override_reason"),
      .birth_date = req_param(r, "birth_date"),
      .phone = req_param(r, "phone"),
      .landline = req_param(r, "landline"),
      .address = req_param(r, "address"),
      .category = req_param(r, "category"),
      .status = req_param(r, "status"),
      .standing = standing ? standing : "正常",
      .joined_date = req_param(r, "joined_date"),
      .full_date = req_param(r, "full_date"),
      .probation_end = req_param(r, "probation_end"),
      .lost_contact = req_param_int(r, "lost_contact", 0) == 1,
      .lost_date = req_param(r, "lost_date"),
      .flowing = req_param_int(r, "flowing", 0) == 1,
      .flow_destination = req_param(r, "flow_destination"),
      .work_post = req_param(r, "work_post"),
  };
  return m;
}

/* Runs member_check and puts each problem on its field (a field that already has a message
 * from its validator keeps it; a problem of no form field goes to "record"). */
static void check_record(Req *r, const MemberRecord *rec, MemberNormal *n) {
  MemberProblem p[MAX_PROBLEMS];
  memset(n, 0, sizeof *n);
  int np = member_check(rec, date_today(), n, p, MAX_PROBLEMS);
  Buf other = BUF_INIT;
  for (int i = 0; i < np && i < MAX_PROBLEMS; i++) {
    const char *param = member_field_param(p[i].field);
    if (param && !json_object_get(r->errors, param)) {
      req_error(r, param, p[i].message);
    } else if (!param) {
      buf_printf(&other, "%s%s：%s", other.len ? "；" : "", p[i].field ? p[i].field : "",
                 p[i].message);
    }
  }
  if (other.len) {
    req_error(r, "record", buf_cstr(&other));
  }
  buf_free(&other);
}

/* When another member in scope has the ID number n->id_number (self: the member being
 * edited, 0 for a new one): the message on id_number and {href, name, org_name} of the
 * other member (new reference), else NULL. */
static json_t *check_duplicate(Req *r, const MemberNormal *n, int64_t self) {
  if (!n->id_number[0]) {
    return NULL;
  }
  int64_t other = member_by_id_number(r->db, &r->scope, n->id_number);
  if (other <= 0 || other == self) {
    return NULL;
  }
  json_t *o = member_get(r->db, &r->scope, other);
  json_t *dup = json_pack("{s:o, s:o, s:o}", "href", member_href(other, ""), "name",
                          view_text(o ? view_str(o, "name") : NULL), "org_name",
                          view_text(o ? view_str(o, "org_name") : NULL));
  json_decref(o);
  req_error(r, "id_number", "该身份证号已登记为党员，请勿重复登记");
  return dup;
}

/* What the audit log keeps of a member: the stored fields, ID number and phones masked. */
static json_t *audit_json(const json_t *member) {
  static const char *const keys[] = {"org_id",       "name",
                                     "gender",       "ethnicity",
                                     "birth_date",   "id_number",
                                     "id_override",  "id_override_reason",
                                     "education",    "phone",
                                     "landline",     "address",
                                     "category",     "status",
                                     "standing",     "joined_date",
                                     "full_date",    "probation_end",
                                     "lost_contact", "lost_date",
                                     "flowing",      "flow_destination",
                                     "work_post",    NULL};
  json_t *a = json_object();
  for (const char *const *k = keys; *k; k++) {
    json_t *v = json_object_get(member, *k);
    json_object_set_new(a, *k, v ? json_deep_copy(v) : json_null());
  }
  mask_person(a, false);
  json_object_del(a, "masked");
  return a;
}

/* The org a new member is registered under: the parameter org, else the account's own org;
 * in scope. On failure responds (404 / 409 / 400) and returns NULL with *rc set. */
static json_t *new_member_org(Req *r, int *rc) {
  int64_t id = req_param_int(r, "org", 0);
  if (id <= 0) {
    id = r->user.org_id;
  }
  json_t *org = id > 0 ? org_get(r->db, &r->scope, id) : NULL;
  if (!org) {
    *rc = id > 0 ? org_not_found(r)
                 : web_error(r, 400, "请先在党员花名册中选择党员所在的党组织，再登记党员");
    return NULL;
  }
  const OrgKind *k = org_kind_find(view_str(org, "kind"));
  const char *why = NULL;
  if (view_str(org, "dissolved")) {
    why = "该组织已撤销，不能再登记党员";
  } else if (k && k->level == ORG_LEVEL_GROUP) {
    why = "党员的组织关系在党支部：请在党小组所属的党支部下登记";
  }
  if (why) {
    *rc = web_error(r, 409, why);
    json_decref(org);
    return NULL;
  }
  return org;
}

int member_new_form_page(Req *r) {
  int rc = -1;
  json_t *org = new_member_org(r, &rc);
  if (!org) {
    return rc;
  }
  json_t *values = values_from_params(r);
  json_object_set_new(values, "status", json_string("正式党员"));
  rc = render_member_form(r, 200, org, NULL, values, NULL);
  json_decref(org);
  return rc;
}

/* The store refused the ID number: it belongs to a person outside the scope. Rolls the
 * write back and notes the error on the field. */
static void refuse_foreign_id(Req *r) {
  db_rollback(r->db);
  req_error(r, "id_number",
            "该身份证号已在其他党组织登记（不在您的管辖范围内），请通过组织关系转接办理");
}

/* Ends the transaction of a write to member id: when ok (the write and its audit row were
 * made) and it commits, flashes message and redirects to the member's page; else rolls back
 * and returns -1. */
static int commit_to_member(Req *r, int64_t id, bool ok, const char *message) {
  if (!ok || db_commit(r->db) != DB_OK) {
    if (db_depth(r->db) > 0) {
      db_rollback(r->db);
    }
    return -1;
  }
  web_flash(r, "ok", message);
  char to[48];
  snprintf(to, sizeof to, "/members/%lld", (long long)id);
  return web_redirect(r, to);
}

int member_new_page(Req *r) {
  int rc = -1;
  json_t *org = new_member_org(r, &rc);
  if (!org) {
    return rc;
  }
  json_t *created = NULL;
  MemberRecord rec = record_from_params(r);
  MemberNormal n;
  check_record(r, &rec, &n);
  json_t *dup = check_duplicate(r, &n, 0);
  if (req_has_errors(r)) {
    rc = render_member_form(r, 400, org, NULL, values_from_params(r), dup);
    goto out;
  }
  int64_t id = 0;
  bool updated = false;
  if (db_begin(r->db) != DB_OK) {
    goto out;
  }
  int db = member_save(r->db, &r->scope, view_int(org, "id"), &rec, &n, time(NULL), &id, &updated);
  if (db == DB_CONSTRAINT) {
    refuse_foreign_id(r);
    rc = render_member_form(r, 400, org, NULL, values_from_params(r), NULL);
    goto out;
  }
  created = db == DB_OK ? member_get(r->db, &r->scope, id) : NULL;
  char id_s[24];
  id_text(id_s, id);
  bool ok = created && web_audit(r, updated ? "update" : "create", "member", id_s, NULL,
                                 audit_json(created)) == DB_OK;
  Buf msg = BUF_INIT;
  if (created) {
    buf_printf(&msg, "已登记党员「%s」",
               view_str(created, "name") ? view_str(created, "name") : "");
  }
  rc = commit_to_member(r, id, ok, buf_cstr(&msg));
  buf_free(&msg);
out:
  json_decref(created);
  json_decref(org);
  return rc;
}

/* The member of the path, in scope, for editing; NULL after responding (404, or 403 when
 * the role may edit but not see full ID numbers: the form would show them). */
static json_t *member_for_edit(Req *r, int *rc) {
  if (!authz_can(r->user.role, PERM_MEMBER_SENSITIVE)) {
    *rc = web_error(r, 403, "没有权限查看完整的身份证号和手机号，不能编辑党员信息");
    return NULL;
  }
  json_t *member = member_get(r->db, &r->scope, req_param_int(r, "id", 0));
  if (!member) {
    *rc = member_not_found(r);
  }
  return member;
}

int member_edit_form_page(Req *r) {
  int rc = -1;
  json_t *member = member_for_edit(r, &rc);
  if (!member) {
    return rc;
  }
  rc = render_member_form(r, 200, NULL, member, values_from_member(member), NULL);
  json_decref(member);
  return rc;
}

int member_edit_page(Req *r) {
  int rc = -1;
  json_t *member = member_for_edit(r, &rc);
  if (!member) {
    return rc;
  }
  json_t *after = NULL;
  int64_t id = view_int(member, "id");
  MemberRecord rec = record_from_params(r);
  MemberNormal n;
  check_record(r, &rec, &n);
  json_t *dup = check_duplicate(r, &n, id);
  if (req_has_errors(r)) {
    rc = render_member_form(r, 400, NULL, member, values_from_params(r), dup);
    goto out;
  }
  if (db_begin(r->db) != DB_OK) {
    goto out;
  }
  int db = member_update(r->db, &r->scope, id, view_int(member, "org_id"), &rec, &n, time(NULL));
  if (db == DB_CONSTRAINT) {
    refuse_foreign_id(r);
    rc = render_member_form(r, 400, NULL, member, values_from_params(r), NULL);
    goto out;
  }
  after = db == DB_OK ? member_get(r->db, &r->scope, id) : NULL;
  char id_s[24];
  id_text(id_s, id);
  bool ok = after &&
            web_audit(r, "update", "member", id_s, audit_json(member), audit_json(after)) == DB_OK;
  rc = commit_to_member(r, id, ok, "已保存");
out:
  json_decref(after);
  json_decref(member);
  return rc;
}

/* ---- statistics ---- */

/* A table row {label, n, share, href}. href may be NULL (steals it otherwise). */
static json_t *stat_row(const char *label, int n, int total, json_t *href) {
  char share[16];
  member_share(n, total, share);
  return json_pack("{s:s, s:i, s:s, s:o}", "label", label, "n", n, "share", share, "href",
                   href ? href : json_null());
}

typedef enum ChartKind { CHART_BAR, CHART_COLUMN, CHART_STACKED } ChartKind;

/* An SVG chart of a section's rows (those marked "unknown" left out; "short" labels used
 * where given). */
static json_t *chart_of(const json_t *rows, ChartKind kind) {
  size_t n = json_array_size(rows);
  SvgSeries *items = n ? calloc(n, sizeof *items) : NULL;
  size_t k = 0, i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    if (json_is_true(json_object_get(row, "unknown"))) {
      continue;
    }
    items[k].label = view_str(row, "short") ? view_str(row, "short") : view_str(row, "label");
    items[k].value = (double)view_int(row, "n");
    k++;
  }
  /* A narrow viewBox keeps the text readable when the chart is scaled down to a phone. The
   * heading is the page's <h2>; title stays NULL so that it is not drawn twice. */
  SvgOptions opt = {.width = CHART_WIDTH, .unit = "人", .desc = NULL};
  Buf b = BUF_INIT;
  int rc = kind == CHART_COLUMN    ? svg_column_chart(&b, NULL, items, k, &opt)
           : kind == CHART_STACKED ? svg_stacked_bar(&b, NULL, items, k, &opt)
                                   : svg_bar_chart(&b, NULL, items, k, &opt);
  json_t *s = rc == 0 ? json_string(buf_cstr(&b)) : json_null();
  buf_free(&b);
  free(items);
  return s;
}

/* Appends the row of members for whom a section has no value, when there are any. */
static void add_unknown(json_t *rows, const char *label, int total) {
  int sum = 0;
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) { sum += (int)view_int(row, "n"); }
  if (total > sum) {
    json_t *u = stat_row(label, total - sum, total, NULL);
    json_object_set_new(u, "unknown", json_true());
    json_array_append_new(rows, u);
  }
}

/* A section {key, title, rows, chart}. Steals rows. */
static json_t *section(const char *key, const char *title, json_t *rows, ChartKind kind) {
  json_t *chart = chart_of(rows, kind);
  return json_pack("{s:s, s:s, s:o, s:o}", "key", key, "title", title, "rows", rows, "chart",
                   chart);
}

/* Rows for the labels of list, in order, then any other labels of counts. */
static json_t *rows_by_label(json_t *counts, const char *const *list, int total,
                             const ListQuery *link, bool link_category) {
  json_t *rows = json_array();
  for (size_t i = 0; list[i]; i++) {
    json_t *href = NULL;
    if (link && link_category) {
      ListQuery q = *link;
      q.category = list[i];
      href = list_href(&q);
    }
    json_array_append_new(
        rows,
        stat_row(list[i], (int)json_integer_value(json_object_get(counts, list[i])), total, href));
  }
  const char *key;
  json_t *v;
  json_object_foreach(counts, key, v) {
    if (!member_enum_has(list, key) && *key) {
      json_array_append_new(rows, stat_row(key, (int)json_integer_value(v), total, NULL));
    }
  }
  return rows;
}

int member_stats_page(Req *r) {
  bool bad;
  json_t *org = param_org(r, &bad);
  if (bad) {
    return org_not_found(r);
  }
  int64_t org_id = org ? view_int(org, "id") : 0;
  json_t *st = member_stats(r->db, &r->scope, org_id, date_today());
  if (!st) {
    json_decref(org);
    return -1;
  }
  int total = (int)view_int(st, "total");
  ListQuery base = {.org = org_id};

  /* Overview: each figure links to the roster filtered the same way. */
  json_t *overview = json_array();
  ListQuery q = base;
  json_array_append_new(overview, stat_row("党员总数", total, total, list_href(&q)));
  q = base;
  q.status = "正式党员";
  json_array_append_new(overview,
                        stat_row("正式党员", (int)view_int(st, "full"), total, list_href(&q)));
  q = base;
  q.status = "预备党员";
  json_array_append_new(
      overview, stat_row("预备党员", (int)view_int(st, "probationary"), total, list_href(&q)));
  json_array_append_new(overview, stat_row("女性党员", (int)view_int(st, "female"), total, NULL));
  json_array_append_new(overview,
                        stat_row("少数民族党员", (int)view_int(st, "minority"), total, NULL));
  q = base;
  q.flowing = true;
  json_array_append_new(overview,
                        stat_row("流动党员", (int)view_int(st, "flowing"), total, list_href(&q)));
  q = base;
  q.lost = true;
  json_array_append_new(overview,
                        stat_row("失联党员", (int)view_int(st, "lost"), total, list_href(&q)));
  json_array_append_new(overview, stat_row("停止党籍", (int)view_int(st, "stopped"), total, NULL));

  json_t *sections = json_array();
  /* 正式 / 预备 as one 100 % bar. */
  json_t *composition = json_array();
  json_array_append_new(composition, stat_row("正式党员", (int)view_int(st, "full"), total, NULL));
  json_array_append_new(composition,
                        stat_row("预备党员", (int)view_int(st, "probationary"), total, NULL));
  json_array_append_new(sections,
                        section("status", "正式党员与预备党员", composition, CHART_STACKED));
  /* Age bands (DOMAIN.md §8). */
  json_t *ages = json_array();
  json_t *age_counts = json_object_get(st, "age_bands");
  size_t i = 0;
  for (const MemberBand *b = member_age_filter_bands; b->code; b++, i++) {
    q = base;
    q.age = b->code;
    json_t *row = stat_row(b->label, (int)json_integer_value(json_array_get(age_counts, i)), total,
                           list_href(&q));
    if (i < 8) {
      json_object_set_new(row, "short", json_string(age_short[i]));
    }
    json_array_append_new(ages, row);
  }
  add_unknown(ages, "出生日期不详", total);
  json_array_append_new(sections, section("age", "年龄结构", ages, CHART_COLUMN));
  /* Education. */
  json_t *edu =
      rows_by_label(json_object_get(st, "education"), member_educations, total, NULL, false);
  add_unknown(edu, "未填写", total);
  json_array_append_new(sections, section("education", "学历结构", edu, CHART_BAR));
  /* 入党 periods. */
  json_t *periods = json_array();
  json_t *period_counts = json_object_get(st, "join_periods");
  for (i = 0; member_join_periods[i] && i < 4; i++) {
    json_t *row = stat_row(member_join_periods[i],
                           (int)json_integer_value(json_array_get(period_counts, i)), total, NULL);
    json_object_set_new(row, "short", json_string(period_short[i]));
    json_array_append_new(periods, row);
  }
  add_unknown(periods, "入党日期不详", total);
  json_array_append_new(sections, section("joined", "入党时间", periods, CHART_BAR));
  /* Categories. */
  json_t *cats =
      rows_by_label(json_object_get(st, "category"), member_categories, total, &base, true);
  add_unknown(cats, "未填写", total);
  json_array_append_new(sections, section("category", "人员类别", cats, CHART_BAR));
  json_decref(st);

  json_t *m = json_pack("{s:s, s:s, s:i, s:b}", "title", "党员统计", "scope_label",
                        org ? view_str(org, "name") : "管辖范围内全部党组织", "total", total,
                        "has_members", total > 0);
  json_object_set_new(m, "overview", overview);
  json_object_set_new(m, "sections", sections);
  json_object_set_new(m, "scope_nav", scope_nav(r, NULL, org));
  json_object_set_new(m, "roster_href", list_href(&base));
  char today[DATE_ISO_SIZE];
  json_object_set_new(m, "today", json_string(date_format_iso(date_today(), today)));
  json_object_set_new(m, "org", org ? org : json_null());
  return web_render(r, 200, "member_stats", m);
}

/* ---- the panel on the org detail page ---- */

static const char *level_label(const char *level) {
  if (!level) {
    return "";
  }
  if (strcmp(level, "first") == 0) {
    return "第一责任人";
  }
  if (strcmp(level, "direct") == 0) {
    return "直接责任人";
  }
  if (strcmp(level, "specific") == 0) {
    return "具体责任人";
  }
  return level;
}

/* A person row of the panel with the same keys every time, and nothing sensitive. */
static json_t *panel_person(const json_t *p) {
  const char *start = view_str(p, "start_date") ? view_str(p, "start_date") : view_str(p, "start");
  const char *level = view_str(p, "level");
  const char *kind = view_str(p, "kind_label") ? view_str(p, "kind_label") : view_str(p, "kind");
  return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "level", view_text(level), "level_label",
                   view_text(level_label(level)), "name", view_text(view_str(p, "name")), "body",
                   view_text(view_str(p, "body")), "title", view_text(view_str(p, "title")),
                   "kind_label", view_text(kind), "start_date", view_text(start));
}

static json_t *panel_people(const json_t *rows) {
  json_t *a = json_array();
  size_t i;
  json_t *p;
  json_array_foreach(rows, i, p) { json_array_append_new(a, panel_person(p)); }
  return a;
}

static bool is_secretary(const json_t *p) {
  const char *title = view_str(p, "title"), *body = view_str(p, "body");
  return title && body && strcmp(title, "书记") == 0 &&
         (strcmp(body, "支部委员会") == 0 || strcmp(body, "党委") == 0);
}

/*
 * The 书记 findings of an org from its current positions and all its positions: vacant for
 * more than 3 months (member_secretary_vacant_too_long; judged only once any position is
 * recorded, so an org whose 班子 is not entered yet is not flagged), since when (the day after
 * the last term ended, or null), and 一肩挑 (the 书记 is also 村委会主任). *since: new ref.
 */
static void secretary_model(const json_t *current, const json_t *all, Date today, bool *vacant,
                            json_t **since, bool *one_shoulder) {
  int64_t secretary = 0;
  size_t i;
  json_t *p;
  json_array_foreach(current, i, p) {
    if (is_secretary(p) && !secretary) {
      secretary = view_int(p, "person_id");
    }
  }
  json_array_foreach(current, i, p) {
    const char *title = view_str(p, "title");
    if (secretary && title && strcmp(title, "村委会主任") == 0 &&
        view_int(p, "person_id") == secretary) {
      *one_shoulder = true;
    }
  }
  const char *last_end = NULL;
  json_array_foreach(all, i, p) {
    const char *end = view_str(p, "end_date");
    if (is_secretary(p) && end && (!last_end || strcmp(end, last_end) > 0)) {
      last_end = end;
    }
  }
  *vacant =
      json_array_size(all) > 0 && member_secretary_vacant_too_long(secretary != 0, last_end, today);
  Date end;
  if (!secretary && last_end && date_parse(last_end, strlen(last_end), &end, NULL) == 0) {
    char d[DATE_ISO_SIZE];
    json_decref(*since);
    *since = json_string(date_format_iso(date_add_days(end, 1), d));
  }
}

json_t *member_org_panel(Db *db, const Scope *scope, int64_t org_id) {
  json_t *org = org_get(db, scope, org_id);
  if (!org) {
    return json_null();
  }
  json_decref(org);
  Date now = date_today();
  char today[DATE_ISO_SIZE];
  date_format_iso(now, today);
  json_t *chain = member_chain(db, scope, org_id, today);
  json_t *positions = member_positions(db, scope, org_id, true, today);
  json_t *all = member_positions(db, scope, org_id, false, today);
  bool vacant = false, one_shoulder = false;
  json_t *vacant_since = json_null();
  secretary_model(positions, all, now, &vacant, &vacant_since, &one_shoulder);
  json_decref(all);
  /* Each responsible person's current post here, e.g. 第一责任人 李春梅（书记）. */
  size_t i, j;
  json_t *c, *pos;
  json_array_foreach(chain, i, c) {
    json_array_foreach(positions, j, pos) {
      if (view_int(pos, "person_id") == view_int(c, "person_id") && view_str(pos, "title")) {
        json_object_set_new(c, "title", json_string(view_str(pos, "title")));
        break;
      }
    }
  }
  json_t *contacts = member_contacts(db, scope, org_id, today);
  int members = 0, full = 0;
  bool counted = member_counts(db, org_id, &members, &full) == DB_OK;
  json_t *p = json_pack("{s:o, s:o, s:o}", "chain", panel_people(chain), "positions",
                        panel_people(positions), "contacts", panel_people(contacts));
  json_decref(chain);
  json_decref(positions);
  json_decref(contacts);
  json_object_set_new(p, "has_chain", json_boolean(json_array_size(json_object_get(p, "chain"))));
  json_object_set_new(p, "has_positions",
                      json_boolean(json_array_size(json_object_get(p, "positions"))));
  json_object_set_new(p, "has_contacts",
                      json_boolean(json_array_size(json_object_get(p, "contacts"))));
  json_object_set_new(p, "secretary_vacant", json_boolean(vacant));
  json_object_set_new(p, "vacant_since", vacant_since);
  json_object_set_new(p, "one_shoulder", json_boolean(one_shoulder));
  json_object_set_new(p, "counts",
                      counted ? json_pack("{s:i, s:i, s:i}", "members", members, "full", full,
                                          "probationary", members - full)
                              : json_null());
  ListQuery q = {.org = org_id};
  json_object_set_new(p, "roster_href", list_href(&q));
  json_object_set_new(p, "stats_href", stats_href(org_id));
  return p;
}
