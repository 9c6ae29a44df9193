/*
 * The 三会一课 compliance pages (落实情况, compliance_pages.c): for a branch, a calendar of the
 * year (months × meeting kinds, each rule period green / amber / red / grey, held periods
 * linking to their records); for a town or district, a roll-up of its branches (rate per
 * branch worst first, per town with the spread between best and worst branch), every figure
 * also split by the org tags (公路沿线 / 偏远 / 示范点 / 乡镇驻地).
 *
 * Reads need PERM_MEMBER_VIEW (checked by the router). An org outside the user's scope is 404
 * like one that does not exist. Two queries per page (meeting_compliance_scan); the rules
 * (meeting_evaluate, meeting_branch_score, meeting_rollup_towns) do the rest. No SQL here.
 */
#ifndef DJ_COMPLIANCE_PAGES_H
#define DJ_COMPLIANCE_PAGES_H

#include "web/web.h"

/* GET /compliance: org (default: the account's org when in scope, else the first org of the
 * scope), year
 * (2000-2100, default this year). */
extern const RouteParam compliance_params[];

int compliance_page(Req *r);

#endif
