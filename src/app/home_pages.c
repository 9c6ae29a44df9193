/*
 * home_pages.c: GET / — who is signed in, and the work panels of the areas the account works
 * in (today: 三会一课, meeting/workbench_pages.h), so each level sees first what it has to do.
 */
#include "account/account.h"
#include "app/app.h"
#include "meeting/workbench_pages.h"
#include "base/banned.h"

int home_page(Req *r) {
  json_t *acct = account_get_json(r->db, r->user.id);
  if (!acct) {
    return -1;
  }
  json_object_set_new(acct, "role_label", json_string(authz_role_label(r->user.role)));
  json_t *meetings = workbench_panel(r);
  if (!meetings) {
    json_decref(acct);
    return -1;
  }
  json_t *m = json_pack("{s:s, s:o, s:o}", "title", "首页", "account", acct, "meetings", meetings);
  return web_render(r, 200, "home", m);
}
