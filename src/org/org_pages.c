/*
 * The organisation pages that read: the tree (with search and a dissolved toggle) and an
 * org's detail. Each handler validates, calls the store and the rules, builds a view model
 * and renders it (HTML through templates/org_tree.mustache and org_detail.mustache, or the
 * model itself as JSON). The forms that change orgs are in org_change_pages.c; the helpers
 * both use in org_page_util.c.
 *
 * Scope: every org is loaded with org_get(…, &r->scope, …); one outside the scope is
 * answered 404 exactly like one that does not exist.
 */
#include "org/org_pages.h"

#include "member/member.h"
#include "member/member_pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "org/org.h"
#include "org/org_page_util.h"
#include "web/view.h"
#include "base/banned.h"

enum {
  TREE_DEPTH = 2,    /* levels below the scope's roots rendered without an open= path */
  TREE_BUDGET = 600, /* at most this many nodes before a level stays folded */
  SEARCH_LIMIT = 50,
};

const RouteParam org_tree_params[] = {
    {.name = "q", .kind = P_LINE, .label = "查找", .max = 50},
    {.name = "open", .kind = P_ID, .label = "展开的组织"},
    {.name = "dissolved", .kind = P_BOOL, .label = "显示已撤销"},
    {0},
};

const RouteParam org_detail_params[] = {
    ORG_PAGE_ID_PARAM,
    {.name = "dissolved", .kind = P_BOOL, .label = "显示已撤销"},
    {0},
};

/* ---- the tree ---- */

static bool expandable(const json_t *node, bool with_dissolved) {
  return view_int(node, with_dissolved ? "n_children_all" : "n_children") > 0;
}

/* The link that unfolds the tree down to id (and keeps the dissolved toggle). */
static json_t *open_href(int64_t id, bool with_dissolved) {
  char href[96];
  snprintf(href, sizeof href, "/orgs?open=%lld%s#org-%lld", (long long)id,
           with_dissolved ? "&dissolved=1" : "", (long long)id);
  return json_string(href);
}

/* Fills in one node of the tree; every key is set (null when absent) so that a nested
 * node never picks up its parent's value from the Mustache context stack. Steals kids. */
static void tree_node(json_t *n, json_t *kids, int depth, bool on_path, bool folded,
                      bool with_dissolved) {
  org_page_decorate(n);
  json_object_set_new(n, "expanded", json_boolean(kids != NULL));
  json_object_set_new(n, "is_open", json_boolean(depth == 0 || on_path));
  json_object_set_new(n, "children", kids ? kids : json_null());
  json_object_set_new(n, "more_href",
                      folded ? open_href(view_int(n, "id"), with_dissolved) : json_null());
  json_object_set_new(n, "has_sub", json_boolean(expandable(n, with_dissolved)));
  if (!json_object_get(n, "tags")) {
    json_object_set_new(n, "tags", json_array());
  }
}

/*
 * The tree from the scope's roots, level by level: a level's children are fetched when the
 * level is within TREE_DEPTH below the roots and all of them fit in TREE_BUDGET nodes;
 * the path down to open_path (when not NULL) is always unfolded, including the open org's
 * own children. Anything else that has children gets a link that unfolds it. So the page
 * stays small for a province (80k orgs) and every org is two clicks from its parent.
 */
static json_t *tree_build(Req *r, const char *open_path, bool with_dissolved) {
  json_t *roots = org_children(r->db, &r->scope, 0, with_dissolved);
  org_add_tags(r->db, roots);
  size_t total = json_array_size(roots);
  json_t *level = json_copy(roots);
  for (int depth = 0; json_array_size(level) > 0; depth++) {
    size_t want = 0, i;
    json_t *n;
    json_array_foreach(level, i, n) {
      if (expandable(n, with_dissolved)) {
        want += (size_t)view_int(n, with_dissolved ? "n_children_all" : "n_children");
      }
    }
    bool level_fits = depth < TREE_DEPTH && total + want <= TREE_BUDGET;
    json_t *next = json_array();
    json_array_foreach(level, i, n) {
      const char *path = view_str(n, "path");
      bool on_path = open_path && path && org_path_within(open_path, path);
      bool can = expandable(n, with_dissolved);
      json_t *kids = NULL;
      if (can && (on_path || level_fits)) {
        kids = org_children(r->db, &r->scope, view_int(n, "id"), with_dissolved);
        org_add_tags(r->db, kids);
        total += json_array_size(kids);
        json_array_extend(next, kids);
      }
      tree_node(n, kids, depth, on_path, can && !kids, with_dissolved);
    }
    json_decref(level);
    level = next;
  }
  json_decref(level);
  return roots;
}

static json_t *search_model(Req *r, const char *q, bool with_dissolved) {
  json_t *rows = org_search(r->db, &r->scope, q, SEARCH_LIMIT);
  bool truncated = json_array_size(rows) >= SEARCH_LIMIT;
  json_t *items = json_array();
  size_t i;
  json_t *o;
  json_array_foreach(rows, i, o) {
    if (!with_dissolved && org_page_is_dissolved(o)) {
      continue;
    }
    org_page_decorate(o);
    json_array_append(items, o);
  }
  json_decref(rows);
  return json_pack("{s:s, s:i, s:b, s:o, s:b}", "q", q, "n", (int)json_array_size(items),
                   "has_items", json_array_size(items) > 0, "items", items, "truncated", truncated);
}

int org_tree_page(Req *r) {
  const char *q = req_param(r, "q");
  bool with_dissolved = req_param_int(r, "dissolved", 0) == 1;
  int64_t open = req_param_int(r, "open", 0);
  char *open_path = NULL;
  if (open) {
    open_path = org_path_of(r->db, &r->scope, open);
    if (!open_path) {
      return org_page_not_found(r);
    }
  }
  json_t *m = json_pack("{s:s, s:o, s:b, s:I}", "title", "组织架构", "q", view_text(q),
                        "show_dissolved", with_dissolved, "open", (json_int_t)open);
  Buf toggle = BUF_INIT;
  buf_puts(&toggle, "/orgs");
  const char *sep = "?";
  if (!with_dissolved) {
    buf_puts(&toggle, "?dissolved=1");
    sep = "&";
  }
  if (q) {
    buf_printf(&toggle, "%sq=", sep);
    buf_urlencode(&toggle, q, strlen(q));
    sep = "&";
  }
  if (open) {
    buf_printf(&toggle, "%sopen=%lld", sep, (long long)open);
  }
  json_object_set_new(m, "toggle_href", json_string(buf_cstr(&toggle)));
  json_object_set_new(m, "toggle_label",
                      json_string(with_dissolved ? "隐藏已撤销的组织" : "显示已撤销的组织"));
  buf_free(&toggle);
  if (q) {
    json_object_set_new(m, "results", search_model(r, q, with_dissolved));
    json_object_set_new(m, "roots", json_array());
  } else {
    json_t *roots = tree_build(r, open_path, with_dissolved);
    json_object_set_new(m, "results", json_null());
    json_object_set_new(m, "has_roots", json_boolean(json_array_size(roots) > 0));
    json_object_set_new(m, "roots", roots);
  }
  free(open_path);
  return web_render(r, 200, "org_tree", m);
}

/* ---- detail ---- */

/* The committee's term: start, length, 换届 due date and its status (bad: past; warn: within
 * six months; ok), or null for a kind without a committee (党小组). */
static json_t *term_model(const json_t *org, Date today) {
  const char *kind = view_str(org, "kind");
  const OrgKind *k = org_kind_find(kind);
  if (!k || k->term_years == 0) {
    return json_null();
  }
  int years = (int)view_int(org, "term_years");
  json_t *t = json_pack(
      "{s:o, s:i, s:b, s:n, s:n, s:n}", "start", view_text(view_str(org, "term_start")), "years",
      years > 0 ? years : k->term_years, "is_default", years <= 0, "due", "due_status", "due_text");
  Date start, due;
  if (org_page_parse_date(view_str(org, "term_start"), &start) &&
      org_term_due(kind, start, years, &due)) {
    char iso[DATE_ISO_SIZE];
    json_object_set_new(t, "due", json_string(date_format_iso(due, iso)));
    const char *status, *text;
    if (org_page_is_dissolved(org)) {
      status = NULL;
      text = "组织已撤销";
    } else if (date_compare(due, today) < 0) {
      status = "bad";
      text = "已到期，应及时换届";
    } else if (date_compare(due, date_add_months(today, 6)) <= 0) {
      status = "warn";
      text = "6个月内到期，请做好换届准备";
    } else {
      status = "ok";
      text = "任期内";
    }
    json_object_set_new(t, "due_status", view_text(status));
    json_object_set_new(t, "due_text", json_string(text));
  }
  return t;
}

/* The buttons the user may press on this org; null without PERM_ORG_EDIT. */
static json_t *actions_model(Req *r, const json_t *org) {
  if (!authz_can(r->user.role, PERM_ORG_EDIT)) {
    return json_null();
  }
  int64_t id = view_int(org, "id");
  bool live = !org_page_is_dissolved(org);
  bool root = org_page_is_scope_root(&r->scope, view_str(org, "path"));
  bool has_parent = view_int(org, "parent_id") > 0;
  return json_pack("{s:o, s:o, s:o, s:o}", "new_href",
                   live && org_page_takes_children(view_str(org, "kind"))
                       ? org_page_href(id, "/new")
                       : json_null(),
                   "edit_href", org_page_href(id, "/edit"), "move_href",
                   live && !root && has_parent ? org_page_href(id, "/move") : json_null(),
                   "dissolve_href", live && !root ? org_page_href(id, "/dissolve") : json_null());
}

/* Branch structure findings (DOMAIN.md §1) from the recorded members and committee. */
static void flags_model(Req *r, json_t *m, const json_t *org) {
  const OrgKind *k = org_kind_find(view_str(org, "kind"));
  OrgCounts c = {0};
  char today[DATE_ISO_SIZE];
  date_format_iso(date_today(), today);
  if (k && k->level == ORG_LEVEL_BRANCH) {
    member_org_counts(r->db, view_int(org, "id"), today, &c);
  }
  json_t *flags = json_array();
  int f = org_flags(view_str(org, "kind"), &c);
  static const OrgFlag all[] = {ORG_FLAG_TOO_BIG, ORG_FLAG_NEEDS_COMMITTEE, ORG_FLAG_TOO_SMALL};
  for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
    if (f & (int)all[i]) {
      json_array_append_new(
          flags, json_pack("{s:i, s:s}", "flag", (int)all[i], "text", org_flag_text(all[i])));
    }
  }
  json_object_set_new(m, "has_flags", json_boolean(json_array_size(flags) > 0));
  json_object_set_new(m, "flags", flags);
  json_object_set_new(m, "counts",
                      k && k->level == ORG_LEVEL_BRANCH
                          ? json_pack("{s:i, s:i, s:b}", "members", c.members, "full_members",
                                      c.full_members, "has_committee", c.has_committee)
                          : json_null());
}

int org_detail_page(Req *r) {
  json_t *org = org_page_load(r);
  if (!org) {
    return org_page_not_found(r);
  }
  bool with_dissolved = req_param_int(r, "dissolved", 0) == 1;
  int64_t id = view_int(org, "id");
  json_t *kids = org_children(r->db, &r->scope, id, with_dissolved);
  org_add_tags(r->db, kids);
  size_t i;
  json_t *c;
  json_array_foreach(kids, i, c) { org_page_decorate(c); }
  json_t *m = json_pack("{s:s, s:o, s:b, s:b}", "title", view_str(org, "short_name"), "breadcrumbs",
                        org_page_breadcrumbs(r, org, NULL), "show_dissolved", with_dissolved,
                        "has_children", json_array_size(kids) > 0);
  json_object_set_new(m, "children", kids);
  json_object_set_new(m, "term", term_model(org, date_today()));
  flags_model(r, m, org);
  json_object_set_new(m, "actions", actions_model(r, org));
  json_object_set_new(m, "member_panel",
                      authz_can(r->user.role, PERM_MEMBER_VIEW)
                          ? member_org_panel(r->db, &r->scope, id)
                          : json_null());
  char toggle[64];
  snprintf(toggle, sizeof toggle, "/orgs/%lld%s", (long long)id,
           with_dissolved ? "" : "?dissolved=1");
  json_object_set_new(m, "toggle_href", json_string(toggle));
  json_object_set_new(m, "toggle_label",
                      json_string(with_dissolved ? "隐藏已撤销的" : "显示已撤销的"));
  json_object_set_new(m, "org", org);
  return web_render(r, 200, "org_detail", m);
}
