/*
 * The member roster pages (member_pages.c): the list (党员花名册) with filters, search, sort
 * and pages; a member's detail; one create / edit form; statistics of an org subtree with
 * tables and server-side SVG charts; and the panel of an org's responsibility chain,
 * positions and contact cadres shown on the org detail page.
 *
 * Reads need PERM_MEMBER_VIEW, writes PERM_MEMBER_EDIT (checked by the router, as is CSRF).
 * ID numbers and phone numbers are masked in the view model itself (HTML and JSON alike)
 * unless the role has PERM_MEMBER_SENSITIVE. A member or org outside the user's scope is
 * answered 404 like one that does not exist. No SQL here: member_store.c and org_store.c.
 *
 * The pure helpers of member_view.c (filter bands, field names, shares) are declared below.
 */
#ifndef DJ_MEMBER_PAGES_H
#define DJ_MEMBER_PAGES_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"
#include "web/scope.h"
#include "web/web.h"

/* GET /members: org (subtree), category, status, age (band code), years (党龄 band code),
 * flowing, lost, q (name or ID tail), sort (name | joined | birth), page. */
extern const RouteParam member_list_params[];
/* GET /members/:id and GET /members/:id/edit: id. */
extern const RouteParam member_id_params[];
/* GET /members/new: org (the org the new member belongs to; default: the account's org). */
extern const RouteParam member_new_form_params[];
/* POST /members/new: org and the record's fields (see member_edit_params). */
extern const RouteParam member_new_params[];
/* POST /members/:id/edit: id, id_number, name, gender, birth_date, ethnicity, education,
 * phone, landline, address, category, status, standing, joined_date, full_date,
 * probation_end, lost_contact, lost_date, flowing, flow_destination, work_post, id_override,
 * id_override_reason. */
extern const RouteParam member_edit_params[];
/* GET /members/stats: org (subtree; default the whole scope). */
extern const RouteParam member_stats_params[];

int member_list_page(Req *r);
int member_detail_page(Req *r);
int member_new_form_page(Req *r);
int member_new_page(Req *r);
int member_edit_form_page(Req *r);
int member_edit_page(Req *r);
int member_stats_page(Req *r);

/*
 * The member panel of an org's detail page (templates/member_org_panel.mustache, rendered
 * from the key "member_panel"): member counts, the responsibility chain (第一/直接/具体责任人),
 * current positions and contact cadres, with links to the roster and statistics of the
 * subtree. Names, titles and dates only: no ID numbers or phones, so it is the same for
 * every role that may see it (callers without PERM_MEMBER_VIEW pass json_null() instead).
 * New reference; an org outside the scope gives json_null().
 */
json_t *member_org_panel(Db *db, const Scope *scope, int64_t org_id);

/* ---- pure helpers (member_view.c) ---- */

/* A filter band over whole years: min and max inclusive, 0 meaning "no bound". */
typedef struct MemberBand {
  const char *code;  /* URL value, e.g. "31-35" */
  const char *label; /* Chinese label, e.g. "31–35岁" */
  int min, max;
} MemberBand;

/* Age bands of the statistics (DOMAIN.md §8), in order, terminated by code NULL; and their
 * codes as a NULL-terminated list for P_ENUM. */
extern const MemberBand member_age_filter_bands[];
extern const char *const member_age_band_codes[];
/* 党龄 bands (不满5年, 5–9年, 10–19年, 20–29年, 30–39年, 40–49年, 50年以上), likewise. */
extern const MemberBand member_years_filter_bands[];
extern const char *const member_years_band_codes[];
/* The band with this code, or NULL. */
const MemberBand *member_band_find(const MemberBand *bands, const char *code);

/* The form parameter for a member_check field name (the roster column, e.g. "公民身份证号" →
 * "id_number"), or NULL when the field is not one of the form's. */
const char *member_field_param(const char *field);

/* "12.5%" (n of total, one decimal), or "—" when total ≤ 0. out: at least 16 bytes. */
void member_share(int n, int total, char out[16]);

#endif
