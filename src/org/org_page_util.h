/*
 * Internal to the organisation pages: the helpers that both org_pages.c (the tree and an
 * org's detail) and org_change_pages.c (create, edit, move, dissolve) use. Not for other
 * modules; what only one of the two files needs stays static there.
 */
#ifndef DJ_ORG_PAGE_UTIL_H
#define DJ_ORG_PAGE_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "web/web.h"

/* The path parameter of every /orgs/:id route. */
#define ORG_PAGE_ID_PARAM                                                                          \
  { .name = "id", .kind = P_ID, .required = true, .label = "组织编号" }

/* "/orgs/<id><suffix>" as a JSON string (new reference). */
json_t *org_page_href(int64_t id, const char *suffix);

/* A stored 'YYYY-MM-DD' (or any accepted notation) into *d; false for NULL or invalid. */
bool org_page_parse_date(const char *s, Date *d);

/* Whether an org row has a dissolution date. */
bool org_page_is_dissolved(const json_t *org);

/* Whether any kind may be placed under an org of kind parent. */
bool org_page_takes_children(const char *parent);

/* Whether path is the root of one of the scope's subtrees (the account's own org, or an
 * org a contact cadre is assigned to): those are moved or dissolved by the level above. */
bool org_page_is_scope_root(const Scope *s, const char *path);

/* Adds href and kind_label to an org row (from org_get, org_children or org_search). */
void org_page_decorate(json_t *o);

/* The org named by the path parameter id, in scope, decorated (caller frees); NULL when
 * there is none. */
json_t *org_page_load(Req *r);

/* Answers 404 for an org that does not exist or is outside the scope. */
int org_page_not_found(Req *r);

/* Breadcrumbs: 组织架构 › the org's ancestors in scope › the org (linked when trail names a
 * page below it, which is then the last, unlinked crumb). New reference. */
json_t *org_page_breadcrumbs(Req *r, const json_t *org, const char *trail);

#endif
