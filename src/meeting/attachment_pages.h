/*
 * The attachment routes of a meeting record (attachment_pages.c):
 *   POST /meetings/:id/attachments             upload one file (multipart field "file")
 *   GET  /meetings/:id/attachments/:aid        download it (always as a download)
 *   POST /meetings/:id/attachments/:aid/delete remove it
 * Uploading and removing need meeting.edit and a record the rules still let its user change
 * (暂存, 退回重填: 409 otherwise); downloading needs member.view. A record outside the scope is
 * 404. Every upload and removal is audited (without the file's content).
 */
#ifndef DJ_ATTACHMENT_PAGES_H
#define DJ_ATTACHMENT_PAGES_H

#include "meeting/meeting.h"
#include "web/web.h"

extern const RouteParam attachment_upload_params[];
extern const RouteParam attachment_id_params[];

int attachment_upload_page(Req *r);
int attachment_download_page(Req *r);
int attachment_delete_page(Req *r);

/* The record page's attachment part for meeting m (as meeting_get gives it): {items: [{id,
 * name, size_text, href, delete_href, uploaded_at, uploaded_by_login}], any, can_change,
 * upload_href}; upload times in the local time of rs (as the record's other times);
 * can_change as the caller says. NULL on a database error. */
json_t *attachment_section(Req *r, const json_t *m, const MeetingRuleSet *rs, bool can_change);

#endif
