/*
 * The organisation pages that change orgs: the create / edit / move / dissolve forms and
 * their POSTs. Each handler validates, calls the store and the rules, builds a view model
 * and renders it (HTML through templates/org_form.mustache, org_move.mustache and
 * org_dissolve.mustache, or the model itself as JSON). Writes run in one transaction
 * together with their audit row. The tree and the detail page are in org_pages.c; the
 * helpers both use in org_page_util.c.
 *
 * Scope: every org is loaded with org_get(…, &r->scope, …); one outside the scope is
 * answered 404 exactly like one that does not exist.
 */
#include "org/org_pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "org/org.h"
#include "org/org_page_util.h"
#include "web/view.h"
#include "base/banned.h"

enum {
  MOVE_SEARCH_LIMIT = 50,
};

static const char *const kind_codes[] = {"district",  "town",   "general",    "village",
                                         "community", "agency", "enterprise", "joint",
                                         "group",     NULL};

#define TAG_PARAMS                                                                                 \
  {.name = "tag_roadside", .kind = P_BOOL, .label = "公路沿线"},                                   \
      {.name = "tag_remote", .kind = P_BOOL, .label = "偏远"},                                     \
      {.name = "tag_town_seat", .kind = P_BOOL, .label = "乡镇驻地"}, {                            \
    .name = "tag_demo_site", .kind = P_BOOL, .label = "示范点"                                  \
  }

#define ORG_FIELD_PARAMS                                                                           \
  {.name = "name", .kind = P_LINE, .required = true, .label = "全称", .max = 100},                 \
      {.name = "short_name", .kind = P_LINE, .required = true, .label = "简称", .max = 40},        \
      {.name = "code", .kind = P_LINE, .label = "组织编码", .max = 32},                            \
      {.name = "founded", .kind = P_DATE, .label = "成立日期"},                                    \
      {.name = "term_start", .kind = P_DATE, .label = "本届任期开始日期"},                         \
      {.name = "term_years", .kind = P_INT, .label = "任期年限", .min = 1, .max = 10}, TAG_PARAMS

const RouteParam org_id_params[] = {ORG_PAGE_ID_PARAM, {0}};

const RouteParam org_new_params[] = {
    ORG_PAGE_ID_PARAM,
    {.name = "kind", .kind = P_ENUM, .required = true, .label = "组织类型", .choices = kind_codes},
    ORG_FIELD_PARAMS,
    {0},
};

const RouteParam org_edit_params[] = {ORG_PAGE_ID_PARAM, ORG_FIELD_PARAMS, {0}};

const RouteParam org_move_form_params[] = {
    ORG_PAGE_ID_PARAM,
    {.name = "q", .kind = P_LINE, .label = "查找", .max = 50},
    {0},
};

const RouteParam org_move_params[] = {
    ORG_PAGE_ID_PARAM,
    {.name = "parent", .kind = P_LINE, .required = true, .label = "新的上级组织", .max = 64},
    {0},
};

const RouteParam org_dissolve_params[] = {
    ORG_PAGE_ID_PARAM,
    {.name = "date", .kind = P_DATE, .required = true, .label = "撤销日期"},
    {0},
};

/* ---- helpers of a change ---- */

/* Why a change cannot be made to org at all (409), or NULL. */
typedef const char *OrgGuard(Req *r, const json_t *org);
/* Renders the form of a change to org with status. */
typedef int OrgForm(Req *r, int status, const json_t *org);

/* The path's org for a change guard allows (caller frees); NULL after answering 404 or 409
 * in *rc. */
static json_t *load_changeable(Req *r, OrgGuard *guard, int *rc) {
  json_t *org = org_page_load(r);
  if (!org) {
    *rc = org_page_not_found(r);
    return NULL;
  }
  const char *why = guard(r, org);
  if (why) {
    *rc = web_error(r, 409, why);
    json_decref(org);
    return NULL;
  }
  return org;
}

/* The GET page of a change: 404, 409 when guard refuses it, else the form. */
static int change_form_page(Req *r, OrgGuard *guard, OrgForm *form) {
  int rc = -1;
  json_t *org = load_changeable(r, guard, &rc);
  if (org) {
    rc = form(r, 200, org);
    json_decref(org);
  }
  return rc;
}

/* Before a change: answers 400 with form when the request has errors, else begins the
 * transaction. Returns whether the change may go ahead; when not, *rc holds the answer (left
 * as it was when the transaction could not begin). */
static bool begin_change(Req *r, const json_t *org, OrgForm *form, int *rc) {
  if (req_has_errors(r)) {
    *rc = form(r, 400, org);
    return false;
  }
  return db_begin(r->db) == DB_OK;
}

/* Ends the transaction of a change to org id: when ok (the change and its audit row were
 * written) and it commits, flashes message and redirects to the org; else rolls back and
 * returns -1. */
static int commit_to_org(Req *r, int64_t id, bool ok, const char *message) {
  if (!ok || db_commit(r->db) != DB_OK) {
    if (db_depth(r->db) > 0) {
      db_rollback(r->db);
    }
    return -1;
  }
  web_flash(r, "ok", message);
  char to[48];
  snprintf(to, sizeof to, "/orgs/%lld", (long long)id);
  return web_redirect(r, to);
}

/* The codes of an org's tags (its "tags" member holds {code, label} objects). */
static json_t *tag_codes_of(const json_t *org) {
  json_t *codes = json_array();
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(org, "tags"), i, t) {
    json_array_append_new(codes, json_string(view_str(t, "code")));
  }
  return codes;
}

/* The codes of the tag_<code> checkboxes that are ticked in this request. */
static json_t *tag_codes_of_params(Req *r, const json_t *tag_list) {
  json_t *codes = json_array();
  size_t i;
  json_t *t;
  json_array_foreach(tag_list, i, t) {
    char name[64];
    snprintf(name, sizeof name, "tag_%s", view_str(t, "code"));
    const char *v = req_param(r, name);
    if (v && strcmp(v, "1") == 0) {
      json_array_append_new(codes, json_string(view_str(t, "code")));
    }
  }
  return codes;
}

static bool codes_have(const json_t *codes, const char *code) {
  size_t i;
  json_t *c;
  json_array_foreach(codes, i, c) {
    if (strcmp(json_string_value(c), code) == 0) {
      return true;
    }
  }
  return false;
}

/* Sets the tags of org id to codes (a JSON array of tag codes; at most 8 are kept). DB_OK or
 * a negative DbError. */
static int set_tag_codes(Db *db, int64_t id, const json_t *codes) {
  const char *tags[8];
  size_t n_tags = 0, i;
  json_t *c;
  json_array_foreach(codes, i, c) {
    if (n_tags < sizeof tags / sizeof *tags) {
      tags[n_tags++] = json_string_value(c);
    }
  }
  return org_set_tags(db, id, tags, n_tags);
}

/* What the audit log keeps of an org: its stored fields and tag codes. New reference. */
static json_t *audit_json(const json_t *org) {
  static const char *const keys[] = {"parent_id",  "path",       "kind",    "name",
                                     "short_name", "code",       "founded", "dissolved",
                                     "term_start", "term_years", NULL};
  json_t *a = json_object();
  for (const char *const *k = keys; *k; k++) {
    json_t *v = json_object_get(org, *k);
    json_object_set_new(a, *k, v ? json_deep_copy(v) : json_null());
  }
  json_object_set_new(a, "tags", tag_codes_of(org));
  return a;
}

/* Adds the request's field errors to a model (HTML pages get them from the layout too; JSON
 * clients only see what the model holds). */
static void add_errors(Req *r, json_t *m) {
  if (req_has_errors(r)) {
    json_object_set(m, "errors", r->errors);
  }
}

/* ---- create and edit ---- */

/* The form's field values: from the request (after a failed POST) or from org. */
static json_t *values_from_params(Req *r) {
  static const char *const keys[] = {"kind",    "name",       "short_name", "code",
                                     "founded", "term_start", "term_years", NULL};
  json_t *v = json_object();
  for (const char *const *k = keys; *k; k++) {
    json_object_set_new(v, *k, view_text(req_param(r, *k)));
  }
  return v;
}

static json_t *values_from_org(const json_t *org) {
  char years[16] = "";
  if (view_int(org, "term_years") > 0) {
    snprintf(years, sizeof years, "%lld", (long long)view_int(org, "term_years"));
  }
  return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "kind", view_text(view_str(org, "kind")),
                   "name", view_text(view_str(org, "name")), "short_name",
                   view_text(view_str(org, "short_name")), "code", view_text(view_str(org, "code")),
                   "founded", view_text(view_str(org, "founded")), "term_start",
                   view_text(view_str(org, "term_start")), "term_years", view_text(years));
}

/*
 * Renders the create form (org is the parent) or the edit form (org is the org itself) with
 * values and the ticked tag codes. Steals values and codes; borrows org.
 */
static int render_org_form(Req *r, int status, bool is_new, const json_t *org, json_t *values,
                           json_t *codes) {
  int64_t id = view_int(org, "id");
  json_t *m = json_pack("{s:s, s:b, s:o, s:o}", "title", is_new ? "新建下级组织" : "编辑组织",
                        "is_new", is_new, "action", org_page_href(id, is_new ? "/new" : "/edit"),
                        "cancel_href", org_page_href(id, ""));
  json_object_set_new(m, "breadcrumbs",
                      org_page_breadcrumbs(r, org, is_new ? "新建下级组织" : "编辑"));
  json_object_set_new(m, "org", json_deep_copy(org));
  const char *chosen = view_str(values, "kind");
  if (is_new) {
    json_t *kinds = json_array();
    for (const OrgKind *k = org_kinds; k->code; k++) {
      if (!org_check_parent(k->code, view_str(org, "kind"))) {
        json_array_append_new(kinds,
                              json_pack("{s:s, s:s, s:b}", "code", k->code, "label", k->label,
                                        "selected", chosen && strcmp(chosen, k->code) == 0));
      }
    }
    json_object_set_new(m, "kinds", kinds);
    json_object_set_new(m, "group_allowed",
                        json_boolean(!org_check_parent("group", view_str(org, "kind"))));
  }
  /* The term fields: for a new org (the kind is chosen in the form) and for kinds with a
   * committee. */
  const OrgKind *k = org_kind_find(view_str(org, "kind"));
  json_object_set_new(m, "has_term", json_boolean(is_new || (k && k->term_years > 0)));
  const char *years = view_str(values, "term_years");
  json_t *opts = json_array();
  json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", "", "label",
                                        is_new || !k ? "默认（村/社区5年，其他3年）"
                                                     : (k->term_years == 5 ? "按组织类型（5 年）"
                                                                           : "按组织类型（3 年）"),
                                        "selected", years == NULL));
  static const char *const choices[] = {"3", "5"};
  bool other = years != NULL;
  for (size_t i = 0; i < 2; i++) {
    bool sel = years && strcmp(years, choices[i]) == 0;
    other = other && !sel;
    json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", choices[i], "label",
                                          i == 0 ? "3 年" : "5 年", "selected", sel));
  }
  if (other) { /* a length set elsewhere (import) stays selectable */
    char label[32];
    snprintf(label, sizeof label, "%s 年", years);
    json_array_append_new(
        opts, json_pack("{s:s, s:s, s:b}", "value", years, "label", label, "selected", true));
  }
  json_object_set_new(m, "term_options", opts);
  json_t *tags = org_tag_list(r->db);
  size_t i;
  json_t *t;
  json_array_foreach(tags, i, t) {
    json_object_set_new(t, "checked", json_boolean(codes_have(codes, view_str(t, "code"))));
  }
  json_object_set_new(m, "tags", tags);
  json_decref(codes);
  json_object_set_new(m, "form", values);
  char today[DATE_ISO_SIZE];
  json_object_set_new(m, "today", json_string(date_format_iso(date_today(), today)));
  add_errors(r, m);
  return web_render(r, status, "org_form", m);
}

/*
 * The checks shared by create and edit, beyond the validators: dates (org_check_dates),
 * no term for a kind without a committee, a unique code. kind is the org's kind (NULL when
 * not valid), self its id (0 for a new org), dissolved its dissolution date or NULL.
 * Leaves messages in r->errors.
 */
static void check_fields(Req *r, const char *kind, int64_t self, const char *dissolved) {
  Date founded, term_start, gone, today = date_today();
  bool has_founded = org_page_parse_date(req_param(r, "founded"), &founded);
  bool has_term = org_page_parse_date(req_param(r, "term_start"), &term_start);
  bool has_gone = org_page_parse_date(dissolved, &gone);
  const char *field = NULL;
  const char *why = org_check_dates(has_founded ? &founded : NULL, has_gone ? &gone : NULL,
                                    has_term ? &term_start : NULL, today, &field);
  if (why && strcmp(field, "dissolved") == 0) {
    req_error(r, "founded", "成立日期不能晚于撤销日期");
  } else if (why) {
    req_error(r, field, why);
  }
  const OrgKind *k = org_kind_find(kind);
  if (k && k->term_years == 0 && (req_param(r, "term_start") || req_param(r, "term_years"))) {
    req_error(r, "term_start", "党小组不设委员会，不填写任期");
  }
  const char *code = req_param(r, "code");
  if (code) {
    int64_t other = org_by_code(r->db, code);
    if (other && other != self) {
      req_error(r, "code", "该组织编码已被其他组织使用");
    }
  }
}

int org_new_form_page(Req *r) {
  json_t *parent = org_page_load(r);
  if (!parent) {
    return org_page_not_found(r);
  }
  int rc;
  if (org_page_is_dissolved(parent)) {
    rc = web_error(r, 409, "该组织已撤销，不能再新建下级组织");
  } else if (!org_page_takes_children(view_str(parent, "kind"))) {
    rc = web_error(r, 409, "党小组下不能再设下级组织");
  } else {
    rc = render_org_form(r, 200, true, parent, values_from_params(r), json_array());
  }
  json_decref(parent);
  return rc;
}

int org_new_page(Req *r) {
  json_t *parent = org_page_load(r);
  if (!parent) {
    return org_page_not_found(r);
  }
  int rc = -1;
  json_t *tag_list = org_tag_list(r->db);
  json_t *codes = tag_codes_of_params(r, tag_list);
  const char *kind = req_param(r, "kind");
  if (org_page_is_dissolved(parent)) {
    rc = web_error(r, 409, "该组织已撤销，不能再新建下级组织");
    goto out;
  }
  if (kind) {
    const char *why = org_check_parent(kind, view_str(parent, "kind"));
    if (why) {
      req_error(r, "kind", why);
    }
  }
  check_fields(r, kind, 0, NULL);
  if (req_has_errors(r)) {
    rc = render_org_form(r, 400, true, parent, values_from_params(r), codes);
    codes = NULL;
    goto out;
  }
  const char *term_years = req_param(r, "term_years");
  OrgNew o = {.parent_id = view_int(parent, "id"),
              .kind = kind,
              .name = req_param(r, "name"),
              .short_name = req_param(r, "short_name"),
              .code = req_param(r, "code"),
              .founded = req_param(r, "founded"),
              .term_start = req_param(r, "term_start"),
              .term_years = term_years ? atoi(term_years) : 0};
  int64_t id = 0;
  if (db_begin(r->db) != DB_OK) {
    goto out;
  }
  int db = org_insert(r->db, &o, time(NULL), &id);
  if (db == DB_CONSTRAINT) {
    db_rollback(r->db);
    req_error(r, "code", "该组织编码已被其他组织使用");
    rc = render_org_form(r, 400, true, parent, values_from_params(r), codes);
    codes = NULL;
    goto out;
  }
  if (db == DB_OK) {
    db = set_tag_codes(r->db, id, codes);
  }
  json_t *created = db == DB_OK ? org_get(r->db, &r->scope, id) : NULL;
  char id_s[24];
  snprintf(id_s, sizeof id_s, "%lld", (long long)id);
  bool ok = created && web_audit(r, "create", "org", id_s, NULL, audit_json(created)) == DB_OK;
  Buf msg = BUF_INIT;
  if (created) {
    buf_printf(&msg, "已新建「%s」", view_str(created, "short_name"));
  }
  rc = commit_to_org(r, id, ok, buf_cstr(&msg));
  buf_free(&msg);
  json_decref(created);
out:
  json_decref(codes);
  json_decref(tag_list);
  json_decref(parent);
  return rc;
}

int org_edit_form_page(Req *r) {
  json_t *org = org_page_load(r);
  if (!org) {
    return org_page_not_found(r);
  }
  int rc = render_org_form(r, 200, false, org, values_from_org(org), tag_codes_of(org));
  json_decref(org);
  return rc;
}

int org_edit_page(Req *r) {
  json_t *org = org_page_load(r);
  if (!org) {
    return org_page_not_found(r);
  }
  int rc = -1;
  int64_t id = view_int(org, "id");
  json_t *tag_list = org_tag_list(r->db);
  json_t *codes = tag_codes_of_params(r, tag_list);
  check_fields(r, view_str(org, "kind"), id, view_str(org, "dissolved"));
  if (req_has_errors(r)) {
    json_t *values = values_from_params(r);
    json_object_set_new(values, "kind", json_string(view_str(org, "kind")));
    rc = render_org_form(r, 400, false, org, values, codes);
    codes = NULL;
    goto out;
  }
  const char *term_years = req_param(r, "term_years");
  OrgEdit e = {.name = req_param(r, "name"),
               .short_name = req_param(r, "short_name"),
               .code = req_param(r, "code"),
               .founded = req_param(r, "founded"),
               .term_start = req_param(r, "term_start"),
               .term_years = term_years ? atoi(term_years) : 0};
  if (db_begin(r->db) != DB_OK) {
    goto out;
  }
  int db = org_update(r->db, &r->scope, id, &e, time(NULL));
  if (db == DB_CONSTRAINT) {
    db_rollback(r->db);
    req_error(r, "code", "该组织编码已被其他组织使用");
    rc = render_org_form(r, 400, false, org, values_from_params(r), codes);
    codes = NULL;
    goto out;
  }
  if (db == DB_OK) {
    db = set_tag_codes(r->db, id, codes);
  }
  json_t *after = db == DB_OK ? org_get(r->db, &r->scope, id) : NULL;
  char id_s[24];
  snprintf(id_s, sizeof id_s, "%lld", (long long)id);
  bool ok =
      after && web_audit(r, "update", "org", id_s, audit_json(org), audit_json(after)) == DB_OK;
  json_decref(after);
  rc = commit_to_org(r, id, ok, "已保存");
out:
  json_decref(codes);
  json_decref(tag_list);
  json_decref(org);
  return rc;
}

/* ---- move ---- */

/* The org a user typed as the new parent: its code, else (all digits) its id; in scope and
 * decorated, or NULL. */
static json_t *find_org_ref(Req *r, const char *ref) {
  int64_t id = org_by_code(r->db, ref);
  json_t *o = id ? org_get(r->db, &r->scope, id) : NULL;
  if (!o && ref[0] && strspn(ref, "0123456789") == strlen(ref) && strlen(ref) < 16) {
    o = org_get(r->db, &r->scope, strtoll(ref, NULL, 10));
  }
  if (o) {
    org_page_decorate(o);
  }
  return o;
}

/* NULL when org may be moved under parent, else the Chinese reason. */
static const char *move_problem(const json_t *org, const json_t *parent) {
  if (view_int(parent, "id") == view_int(org, "parent_id")) {
    return "该组织已在此上级组织下，无需移动";
  }
  if (org_path_within(view_str(parent, "path"), view_str(org, "path"))) {
    return "不能移到自己或自己的下级组织下";
  }
  if (org_page_is_dissolved(parent)) {
    return "该组织已撤销，不能作为上级组织";
  }
  return org_check_parent(view_str(org, "kind"), view_str(parent, "kind"));
}

/* Why org cannot be moved at all (409), or NULL. */
static const char *unmovable(Req *r, const json_t *org) {
  if (org_page_is_dissolved(org)) {
    return "该组织已撤销，不能移动";
  }
  if (view_int(org, "parent_id") <= 0 || org_page_is_scope_root(&r->scope, view_str(org, "path"))) {
    return "不能移动本账户所属的组织或最上级组织，请由上级组织办理";
  }
  return NULL;
}

static int render_move_form(Req *r, int status, const json_t *org) {
  const char *q = req_param(r, "q");
  json_t *m = json_pack("{s:s, s:o, s:o, s:o}", "title", "移动组织", "breadcrumbs",
                        org_page_breadcrumbs(r, org, "移动"), "action",
                        org_page_href(view_int(org, "id"), "/move"), "cancel_href",
                        org_page_href(view_int(org, "id"), ""));
  json_object_set_new(m, "org", json_deep_copy(org));
  json_t *anc = org_ancestors(r->db, &r->scope, view_str(org, "path"));
  json_t *cur = json_array_get(anc, json_array_size(anc) - 1);
  json_object_set_new(m, "current_parent",
                      cur && view_int(cur, "id") == view_int(org, "parent_id")
                          ? json_pack("{s:s, s:o}", "short_name", view_str(cur, "short_name"),
                                      "href", org_page_href(view_int(cur, "id"), ""))
                          : json_null());
  json_decref(anc);
  json_object_set_new(m, "q", view_text(q));
  json_object_set_new(m, "form", json_pack("{s:o}", "parent", view_text(req_param(r, "parent"))));
  /* Search results split into possible parents and the others (with the reason). */
  json_t *cands = json_array(), *refused = json_array();
  if (q) {
    json_t *rows = org_search(r->db, &r->scope, q, MOVE_SEARCH_LIMIT);
    size_t i;
    json_t *o;
    json_array_foreach(rows, i, o) {
      if (org_page_is_dissolved(o)) {
        continue;
      }
      org_page_decorate(o);
      const char *why = move_problem(org, o);
      json_object_set_new(o, "allowed", json_boolean(!why));
      json_object_set_new(o, "reason", view_text(why));
      json_array_append(why ? refused : cands, o);
    }
    json_decref(rows);
  }
  json_object_set_new(m, "searched", json_boolean(q != NULL));
  json_object_set_new(m, "has_candidates", json_boolean(json_array_size(cands) > 0));
  json_object_set_new(m, "candidates", cands);
  json_object_set_new(m, "n_refused", json_integer((json_int_t)json_array_size(refused)));
  json_object_set_new(m, "has_refused", json_boolean(json_array_size(refused) > 0));
  json_object_set_new(m, "refused", refused);
  add_errors(r, m);
  return web_render(r, status, "org_move", m);
}

int org_move_form_page(Req *r) { return change_form_page(r, unmovable, render_move_form); }

int org_move_page(Req *r) {
  int rc = -1;
  json_t *org = load_changeable(r, unmovable, &rc);
  if (!org) {
    return rc;
  }
  json_t *parent = NULL;
  const char *ref = req_param(r, "parent");
  if (ref) {
    parent = find_org_ref(r, ref);
    const char *why =
        parent ? move_problem(org, parent) : "找不到该组织：请输入上级组织的编码或编号";
    if (why) {
      req_error(r, "parent", why);
    }
  }
  int64_t id = view_int(org, "id");
  if (!begin_change(r, org, render_move_form, &rc)) {
    goto out;
  }
  int db = org_move(r->db, &r->scope, id, view_int(parent, "id"), time(NULL));
  json_t *after = db == DB_OK ? org_get(r->db, &r->scope, id) : NULL;
  char id_s[24];
  snprintf(id_s, sizeof id_s, "%lld", (long long)id);
  json_t *before_j = json_pack("{s:I, s:s}", "parent_id", (json_int_t)view_int(org, "parent_id"),
                               "path", view_str(org, "path"));
  json_t *after_j =
      after ? json_pack("{s:I, s:s, s:I}", "parent_id", (json_int_t)view_int(after, "parent_id"),
                        "path", view_str(after, "path"), "subtree", view_int(after, "n_subtree"))
            : NULL;
  json_decref(after);
  if (!after_j) {
    json_decref(before_j);
  }
  bool ok = after_j && web_audit(r, "move", "org", id_s, before_j, after_j) == DB_OK;
  Buf msg = BUF_INIT;
  if (ok) {
    buf_printf(&msg, "已将「%s」移到「%s」下", view_str(org, "short_name"),
               view_str(parent, "short_name"));
  }
  rc = commit_to_org(r, id, ok, buf_cstr(&msg));
  buf_free(&msg);
out:
  json_decref(parent);
  json_decref(org);
  return rc;
}

/* ---- dissolve ---- */

static const char *undissolvable(Req *r, const json_t *org) {
  if (org_page_is_dissolved(org)) {
    return "该组织已撤销";
  }
  if (org_page_is_scope_root(&r->scope, view_str(org, "path"))) {
    return "不能撤销本账户所属的组织，请由上级组织办理";
  }
  return NULL;
}

static int render_dissolve_form(Req *r, int status, const json_t *org) {
  char today[DATE_ISO_SIZE];
  date_format_iso(date_today(), today);
  const char *date = req_param(r, "date");
  json_t *m = json_pack("{s:s, s:o, s:o, s:o, s:s}", "title", "撤销组织", "breadcrumbs",
                        org_page_breadcrumbs(r, org, "撤销"), "action",
                        org_page_href(view_int(org, "id"), "/dissolve"), "cancel_href",
                        org_page_href(view_int(org, "id"), ""), "today", today);
  json_object_set_new(m, "org", json_deep_copy(org));
  json_object_set_new(m, "has_subtree", json_boolean(view_int(org, "n_subtree") > 0));
  json_object_set_new(m, "form", json_pack("{s:s}", "date", date ? date : today));
  Buf confirm = BUF_INIT;
  buf_printf(&confirm, "确定撤销「%s」", view_str(org, "short_name"));
  if (view_int(org, "n_subtree") > 0) {
    buf_printf(&confirm, "及其下 %lld 个组织", (long long)view_int(org, "n_subtree"));
  }
  buf_puts(&confirm, "吗？");
  json_object_set_new(m, "confirm", json_string(buf_cstr(&confirm)));
  buf_free(&confirm);
  add_errors(r, m);
  return web_render(r, status, "org_dissolve", m);
}

int org_dissolve_form_page(Req *r) {
  return change_form_page(r, undissolvable, render_dissolve_form);
}

int org_dissolve_page(Req *r) {
  int rc = -1;
  json_t *org = load_changeable(r, undissolvable, &rc);
  if (!org) {
    return rc;
  }
  int64_t id = view_int(org, "id");
  const char *date = req_param(r, "date");
  Date gone, founded;
  if (date && org_page_parse_date(date, &gone)) {
    bool has_founded = org_page_parse_date(view_str(org, "founded"), &founded);
    const char *field = NULL;
    const char *why =
        org_check_dates(has_founded ? &founded : NULL, &gone, NULL, date_today(), &field);
    char *latest = why ? NULL : org_subtree_latest_founded(r->db, &r->scope, id);
    Date latest_d;
    if (why) {
      req_error(r, "date", why);
    } else if (org_page_parse_date(latest, &latest_d) && date_compare(gone, latest_d) < 0) {
      Buf msg = BUF_INIT;
      buf_printf(&msg, "撤销日期不能早于下级组织的成立日期（%s）", latest);
      req_error(r, "date", buf_cstr(&msg));
      buf_free(&msg);
    }
    free(latest);
  }
  if (!begin_change(r, org, render_dissolve_form, &rc)) {
    goto out;
  }
  int db = org_dissolve(r->db, &r->scope, id, date, time(NULL));
  int n = db == DB_OK ? db_changes(r->db) : 0;
  char id_s[24];
  snprintf(id_s, sizeof id_s, "%lld", (long long)id);
  bool ok =
      db == DB_OK && web_audit(r, "dissolve", "org", id_s, json_pack("{s:n}", "dissolved"),
                               json_pack("{s:s, s:i}", "dissolved", date, "orgs", n)) == DB_OK;
  Buf msg = BUF_INIT;
  buf_printf(&msg, "已撤销「%s」", view_str(org, "short_name"));
  if (n > 1) {
    buf_printf(&msg, "及其下 %d 个组织", n - 1);
  }
  rc = commit_to_org(r, id, ok, buf_cstr(&msg));
  buf_free(&msg);
out:
  json_decref(org);
  return rc;
}
