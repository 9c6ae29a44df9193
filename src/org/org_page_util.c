/*
 * The helpers the organisation pages share (org_page_util.h): links, dates, the dissolved
 * and scope-root tests, decorating org rows, loading the path's org in scope and the
 * breadcrumbs. Used by org_pages.c and org_change_pages.c only.
 */
#include "org/org_page_util.h"

#include <stdio.h>
#include <string.h>

#include "org/org.h"
#include "web/view.h"
#include "base/banned.h"

json_t *org_page_href(int64_t id, const char *suffix) {
  char href[64];
  snprintf(href, sizeof href, "/orgs/%lld%s", (long long)id, suffix);
  return json_string(href);
}

bool org_page_parse_date(const char *s, Date *d) {
  return s && date_parse(s, strlen(s), d, NULL) == 0;
}

bool org_page_is_dissolved(const json_t *org) { return view_str(org, "dissolved") != NULL; }

/* The Chinese name of an org kind (the code itself when unknown). */
static const char *kind_label(const char *kind) {
  const OrgKind *k = org_kind_find(kind);
  return k ? k->label : (kind ? kind : "");
}

bool org_page_takes_children(const char *parent) {
  for (const OrgKind *k = org_kinds; k->code; k++) {
    if (!org_check_parent(k->code, parent)) {
      return true;
    }
  }
  return false;
}

bool org_page_is_scope_root(const Scope *s, const char *path) {
  for (size_t i = 0; path && i < s->n; i++) {
    if (strcmp(s->lo[i], path) == 0) {
      return true;
    }
  }
  return false;
}

void org_page_decorate(json_t *o) {
  json_object_set_new(o, "href", org_page_href(view_int(o, "id"), ""));
  json_object_set_new(o, "kind_label", json_string(kind_label(view_str(o, "kind"))));
}

json_t *org_page_load(Req *r) {
  int64_t id = req_param_int(r, "id", 0);
  json_t *org = id > 0 ? org_get(r->db, &r->scope, id) : NULL;
  if (org) {
    org_page_decorate(org);
  }
  return org;
}

int org_page_not_found(Req *r) { return web_error(r, 404, "组织不存在，或不在您的管辖范围内"); }

json_t *org_page_breadcrumbs(Req *r, const json_t *org, const char *trail) {
  json_t *crumbs = json_array();
  json_array_append_new(crumbs, json_pack("{s:s, s:s}", "href", "/orgs", "label", "组织架构"));
  json_t *anc = org_ancestors(r->db, &r->scope, view_str(org, "path"));
  size_t i;
  json_t *a;
  json_array_foreach(anc, i, a) {
    json_array_append_new(crumbs,
                          json_pack("{s:o, s:s}", "href", org_page_href(view_int(a, "id"), ""),
                                    "label", view_str(a, "short_name")));
  }
  json_decref(anc);
  if (trail) {
    json_array_append_new(crumbs,
                          json_pack("{s:o, s:s}", "href", org_page_href(view_int(org, "id"), ""),
                                    "label", view_str(org, "short_name")));
    json_array_append_new(crumbs, json_pack("{s:n, s:s}", "href", "label", trail));
  } else {
    json_array_append_new(crumbs,
                          json_pack("{s:n, s:s}", "href", "label", view_str(org, "short_name")));
  }
  return crumbs;
}
