/*
 * The meeting-record pages (三会一课, meeting_pages.c): the list of an org subtree per period,
 * the phone entry form (new / edit), a record's detail with the computed quorum and vote
 * explanation and its deadline status, and the review chain (submit, accept, return to refill
 * or to hold again).
 *
 * Reads need PERM_MEMBER_VIEW; recording PERM_MEETING_EDIT; reviewing PERM_MEETING_REVIEW
 * (checked by the router, as is CSRF). Roles in the review chain (meeting_transition): saving,
 * submitting, amending an accepted record and holding a returned meeting again are the
 * branch's actions, whoever records them (a town may record on a
 * branch's behalf); accepting and returning are the town party committee's, taken by town and
 * district accounts; a reviewer cannot review a record they entered themselves. A meeting or
 * org outside the user's scope is answered 404 like one that does not exist. No SQL here.
 */
#ifndef DJ_MEETING_PAGES_H
#define DJ_MEETING_PAGES_H

#include "meeting/meeting.h"
#include "web/web.h"

/* GET /meetings (meeting_list_pages.c): org (subtree; default the whole scope), period
 * ("2026", "2026-Q1", "2026-03"), after (the keyset cursor of the "下一页" link,
 * "YYYY-MM-DDTHH:MM_ID"; anything else is 400). */
extern const RouteParam meeting_list_params[];
/* GET /meetings/new: org (default: the account's org). */
extern const RouteParam meeting_new_form_params[];
/* POST /meetings/new: org and the record's fields (meeting_edit_params). */
extern const RouteParam meeting_new_params[];
/* GET /meetings/:id, GET /meetings/:id/edit, POST /meetings/:id/submit: id. */
extern const RouteParam meeting_id_params[];
/* POST /meetings/:id/edit: id, kind, date, time, place, host, recorder, topics, minutes,
 * guests, lecturer, lecture_title, study_title, study_source, the absentees a1..a60 (person
 * id of roster row N) with reasons r1..r60 and exclusions x1..x60, decisions d1..d5 with
 * y1..y5 (赞成), n1..n5 (反对), b1..b5 (弃权), speeches sp1..sp12 (speaker: a person id of
 * the roster, present) or sg1..sg12 (a 列席 speaker's name) with st1..st12 (the text), and
 * do (draft | submit). */
extern const RouteParam meeting_edit_params[];
/* POST /meetings/:id/review: id, action (accept | return_refill | return_rehold), remark
 * (required for returns). */
extern const RouteParam meeting_review_params[];
/* POST /meetings/:id/amend: the fields of meeting_edit_params (kind and date must stay the
 * record's) and reason (修正原因, required). */
extern const RouteParam meeting_amend_params[];
/* POST /meetings/:id/rehold: the fields of meeting_edit_params (kind must stay the old
 * record's). */
extern const RouteParam meeting_rehold_params[];

/* The record of the path ("id") for action a (save, amend, rehold): in scope (else answers
 * 404) and in a state the review-chain rules let this user do a from (else answers 409 with the
 * reason). The record as meeting_get gives it, or NULL with *rc the answer's return value. */
json_t *meeting_page_for(Req *r, MeetingAction a, int *rc);

int meeting_list_page(Req *r);
int meeting_new_form_page(Req *r);
int meeting_new_page(Req *r);
int meeting_detail_page(Req *r);
int meeting_edit_form_page(Req *r);
int meeting_edit_page(Req *r);
int meeting_submit_page(Req *r);
int meeting_review_page(Req *r);
/* GET/POST /meetings/:id/amend (meeting.edit): the amendment form of an accepted record,
 * attendance from the record's own roster; the post amends it (meeting_amend.h), audited. */
int meeting_amend_form_page(Req *r);
int meeting_amend_page(Req *r);
/* GET/POST /meetings/:id/rehold (meeting.edit): 重新召开 a record returned to be held again:
 * the form of the new record (kind kept, topics and place prefilled, today's roster); the post
 * creates it with rehold_of and closes the old record (meeting_rehold), audited. */
int meeting_rehold_form_page(Req *r);
int meeting_rehold_page(Req *r);

#endif
