/*
 * The findings page (findings_pages.c): GET /compliance/findings shows what the meeting
 * checks (meeting_check.h, the same as `dangjian check`) find for an org's subtree and one
 * period — a count per rule, then each finding under its org with its message and the records
 * that prove it (links to the records). Branch, town and district accounts see their own
 * subtree; the compliance page links here.
 *
 * Reads need PERM_MEMBER_VIEW (checked by the router); an org outside the scope is 404 like
 * one that does not exist. Parameters: org (default: the account's org when in scope, else
 * the first org of the scope), period ("2025Q3", "2025-03", "2025-H1", "2025"; default the
 * last quarter that is over).
 */
#ifndef DJ_FINDINGS_PAGES_H
#define DJ_FINDINGS_PAGES_H

#include "web/web.h"

extern const RouteParam findings_params[];

int findings_page(Req *r);

#endif
