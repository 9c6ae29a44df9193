/*
 * The pages of study materials (学习材料) and key work topics (重点工作), and the side-by-side
 * page of a record that resembles other texts (study_pages.c).
 *
 * Reading needs PERM_MEMBER_VIEW: an account sees what its own orgs' district and town
 * registered and what the orgs in its scope registered. Registering, editing, retiring and
 * restoring need PERM_MEETING_REVIEW (district and town accounts), for a district or town
 * committee in the account's scope; a row registered above the account's scope is read-only
 * for it. A row outside what the account may see is answered 404 like one that does not exist.
 * Writes run in one transaction with their audit row (entities "study_material",
 * "key_topic"). No SQL here (study_store.c).
 */
#ifndef DJ_STUDY_PAGES_H
#define DJ_STUDY_PAGES_H

#include "web/web.h"

/* GET /study/materials, /study/topics: all (1: retired ones too). */
extern const RouteParam study_list_params[];
/* GET /study/materials/:id, …/:id/edit, /study/topics/:id, …/:id/edit, /meetings/:id/similar:
 * id. */
extern const RouteParam study_id_params[];
/* GET /study/materials/new, /study/topics/new: org (the registering district or town). */
extern const RouteParam study_new_form_params[];
/* POST /study/materials/new, /study/materials/:id/edit: (id,) org, title, source, body. */
extern const RouteParam study_material_new_params[];
extern const RouteParam study_material_edit_params[];
/* POST /study/topics/new, /study/topics/:id/edit: (id,) org, title, keywords (one per line),
 * from, to. */
extern const RouteParam study_topic_new_params[];
extern const RouteParam study_topic_edit_params[];
/* POST /study/materials/:id/retire, /study/topics/:id/retire: id, action (retire | restore). */
extern const RouteParam study_retire_params[];

int study_material_list_page(Req *r);
int study_material_new_form_page(Req *r);
int study_material_new_page(Req *r);
int study_material_detail_page(Req *r);
int study_material_edit_form_page(Req *r);
int study_material_edit_page(Req *r);
int study_material_retire_page(Req *r);

int study_topic_list_page(Req *r);
int study_topic_new_form_page(Req *r);
int study_topic_new_page(Req *r);
int study_topic_edit_form_page(Req *r);
int study_topic_edit_page(Req *r);
int study_topic_retire_page(Req *r);

/* GET /meetings/:id/similar: the record beside each text it resembles (meeting_similar), the
 * common passages (sim_passages) marked in both. */
int study_similar_page(Req *r);

#endif
