/*
 * Leadership management (leader_pages.c): an org's 班子 (positions and terms, current and
 * past), its responsibility chain (第一/直接/具体责任人) and contact cadres (包村领导, 驻村干部,
 * 党建指导员, 科级干部包抓), with the derived findings (书记空缺超过3个月, 一肩挑, 换届 due or
 * overdue); the forms that appoint and end positions, set the chain and assign or end
 * contact cadres; and a person's page (their membership, positions, responsibilities and
 * contact assignments within the viewer's scope).
 *
 * Reads need PERM_MEMBER_VIEW, the 班子 and chain forms PERM_MEMBER_EDIT, contact cadres
 * PERM_CONTACT_ASSIGN as well (district and town: a branch does not choose its own
 * supervisors). An org, position, assignment or person outside the scope is answered 404
 * like one that does not exist. Invalid input re-renders the org's page with 400 and a
 * Chinese message per field, nothing stored; every write runs in one transaction with its
 * audit row (entities "position", "responsibility", "contact_assignment"). No SQL here:
 * member_store.c.
 */
#ifndef DJ_LEADER_PAGES_H
#define DJ_LEADER_PAGES_H

#include "web/web.h"

/* GET /orgs/:id/leaders: id. */
extern const RouteParam leader_org_params[];
/* POST /orgs/:id/positions: id, person (picked), person_id (typed), body, title,
 * start_date. */
extern const RouteParam leader_position_params[];
/* POST /orgs/:id/positions/:pid/end: id, pid, end_date. */
extern const RouteParam leader_position_end_params[];
/* POST /orgs/:id/chain: id, first, direct, specific (person ids; empty: unchanged). */
extern const RouteParam leader_chain_params[];
/* POST /orgs/:id/contacts: id, contact_person (picked), contact_person_id (typed), kind,
 * contact_start. */
extern const RouteParam leader_contact_params[];
/* POST /orgs/:id/contacts/:cid/end: id, cid, contact_end. */
extern const RouteParam leader_contact_end_params[];
/* GET /people/:id: id (a person id). */
extern const RouteParam leader_person_params[];

int leader_org_page(Req *r);
int leader_position_add_page(Req *r);
int leader_position_end_page(Req *r);
int leader_chain_page(Req *r);
int leader_contact_add_page(Req *r);
int leader_contact_end_page(Req *r);
int leader_person_page(Req *r);

#endif
