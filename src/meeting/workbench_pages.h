/*
 * The 三会一课 panel of the home page (workbench_pages.c): what this account has to do now.
 *   - a branch's recorder (meeting.edit on a branch): this quarter's requirements kind by kind
 *     (held / required, status, the day the open period ends), the records still to submit or
 *     refill (deadline first, past deadlines marked), a button to record a meeting;
 *   - a reviewer (meeting.review: town, district): the records waiting for review (oldest
 *     first) and those past their submission deadline in the subtree;
 *   - everyone who reads meetings: links to the compliance page and to last quarter's findings.
 * Lists are capped (the rest is counted); every row links to its record.
 */
#ifndef DJ_WORKBENCH_PAGES_H
#define DJ_WORKBENCH_PAGES_H

#include "web/web.h"

/* The panel's view model for this request's account, json null when it has none (no
 * member.view, or an empty scope), NULL on a database error. New reference. */
json_t *workbench_panel(Req *r);

#endif
