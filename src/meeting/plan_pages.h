/*
 * The quarterly meeting-plan pages (三会一课 季度计划, plan_pages.c): a branch files its plan of
 * meetings for a quarter (by plan.day of the quarter's first month, meeting_plan_deadline),
 * the form pre-filled with the meetings the rule table requires (plan_suggest); the plan vs
 * held view of a branch (each planned item matched to the meeting held, meetings held without
 * a plan, planned ones not held, the plan filed on time / late / not filed with its deadline);
 * and for a town or the district a roll-up of its branches in one query (plan_rollup).
 *
 * Reads need PERM_MEMBER_VIEW; filing PERM_MEETING_EDIT (checked by the router, as is CSRF).
 * An org outside the user's scope is 404 like one that does not exist. Writes are one
 * transaction with their audit row (entity "meeting_plan", before/after with the items).
 * No SQL here.
 */
#ifndef DJ_PLAN_PAGES_H
#define DJ_PLAN_PAGES_H

#include "web/web.h"

/* GET /plans: org (default: the account's org, else the first org of the scope), quarter
 * ("2025Q3" or "2025-Q3"; default the current quarter). */
extern const RouteParam plan_view_params[];
/* GET /plans/edit: org (default: the account's org), quarter. */
extern const RouteParam plan_form_params[];
/* POST /plans: org, quarter, do (draft | file), and rows 1..PLAN_MAX_ITEMS: kN (kind code),
 * dN (planned date), tN (topic / 党课题目), lN (lecturer, 党课 only). Blank rows are skipped. */
extern const RouteParam plan_post_params[];

int plan_view_page(Req *r);
int plan_form_page(Req *r);
int plan_post_page(Req *r);

#endif
