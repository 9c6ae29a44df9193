/*
 * Roster import and export pages (member_import_pages.c):
 *   GET  /members/import              the form: a file and the org to import into
 *   POST /members/import              upload → read → check (a dry run in a rolled-back
 *                                     transaction) → the report; the parsed rows are kept
 *                                     as a pending import (import_pending) under a token
 *   GET  /members/import/:id          the report of a pending import again
 *   POST /members/import/:id/apply    导入有效行: one transaction, audited; then the roster
 *   POST /members/import/:id/cancel   取消: the pending import is dropped, nothing written
 *   GET  /members/export?org=&format= the roster of a subtree as .xlsx or .csv
 * Import needs PERM_MEMBER_EDIT, export PERM_MEMBER_VIEW; full ID numbers and phones only
 * with PERM_MEMBER_SENSITIVE. A pending import belongs to the account that uploaded it.
 */
#ifndef DJ_MEMBER_IMPORT_PAGES_H
#define DJ_MEMBER_IMPORT_PAGES_H

#include "web/web.h"

extern const RouteParam member_import_form_params[]; /* org */
extern const RouteParam member_import_params[];      /* file, org */
extern const RouteParam member_import_token_params[]; /* id: the pending import's token */
extern const RouteParam member_export_params[];      /* org, format */

int member_import_form_page(Req *r);
int member_import_page(Req *r);
int member_import_show_page(Req *r);
int member_import_apply_page(Req *r);
int member_import_cancel_page(Req *r);
int member_export_page(Req *r);

#endif
