/*
 * The organisation pages: the tree with search and an org's detail (org_pages.c), and the
 * forms that create, edit, move and dissolve orgs (org_change_pages.c). Each handler answers
 * HTML through the layout or, under Accept: application/json, its view model. Reads need
 * PERM_ORG_VIEW, writes PERM_ORG_EDIT (checked by the router, as is CSRF); an org outside the
 * user's scope is answered 404 like one that does not exist.
 *
 * The parameter tables below are the routes' declarations (app/routes.c lists the routes).
 */
#ifndef DJ_ORG_PAGES_H
#define DJ_ORG_PAGES_H

#include "web/web.h"

/* GET /orgs: q (search), open (an org to unfold down to), dissolved (show dissolved). */
extern const RouteParam org_tree_params[];
/* GET /orgs/:id: id, dissolved. */
extern const RouteParam org_detail_params[];
/* GET /orgs/:id/new|edit|dissolve: id only. */
extern const RouteParam org_id_params[];
/* POST /orgs/:id/new: id, kind, name, short_name, code, founded, term_start, term_years,
 * tag_<code> checkboxes. */
extern const RouteParam org_new_params[];
/* POST /orgs/:id/edit: as new, without kind. */
extern const RouteParam org_edit_params[];
/* GET /orgs/:id/move: id, q (find the new parent). */
extern const RouteParam org_move_form_params[];
/* POST /orgs/:id/move: id, parent (code or id of the new parent). */
extern const RouteParam org_move_params[];
/* POST /orgs/:id/dissolve: id, date. */
extern const RouteParam org_dissolve_params[];

int org_tree_page(Req *r);
int org_detail_page(Req *r);
int org_new_form_page(Req *r);
int org_new_page(Req *r);
int org_edit_form_page(Req *r);
int org_edit_page(Req *r);
int org_move_form_page(Req *r);
int org_move_page(Req *r);
int org_dissolve_form_page(Req *r);
int org_dissolve_page(Req *r);

#endif
