/*
 * The rule set pages (rules_pages.c): GET /rules shows the 三会一课 rules in force — each
 * meeting kind's frequency, which orgs it applies to, its basis (条例规定 / 实践做法 / 本地规定)
 * and source, the version that last set it — the numeric parameters of the checks, and the
 * history of local versions with their reasons. POST /rules adds a local version (key=value
 * lines with a version name and a reason, DOMAIN.md §0.4).
 *
 * Reading needs only a signed-in account (every level works to these rules). Writing needs
 * PERM_RULE_EDIT and, since the rules hold for the whole deployment, an account whose scope
 * covers every organisation (the administrator, or the organisation department of the top
 * org); others get 403 with the reason.
 */
#ifndef DJ_RULES_PAGES_H
#define DJ_RULES_PAGES_H

#include "web/web.h"

extern const RouteParam rules_add_params[];

int rules_page(Req *r);
int rules_add_page(Req *r);

#endif
