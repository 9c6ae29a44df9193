/*
 * The meeting-record pages (三会一课): recording (new, edit), detail, review chain,
 * amendments of accepted records and holding a returned meeting again. See meeting_pages.h;
 * the entry form itself (roster, values, reading a post) is meeting_form.c. Each handler
 * validates, calls the store and the rules (meeting.h), builds a view model and renders it
 * (templates/meeting_*.mustache, or the model itself as JSON). Writes run in one transaction
 * together with their audit row (entity "meeting").
 */
#include "meeting/meeting_pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar/calendar.h"
#include "meeting/attachment_pages.h"
#include "meeting/meeting.h"
#include "meeting/meeting_amend.h"
#include "meeting/meeting_form.h"
#include "meeting/meeting_store.h"
#include "meeting/rules_store.h"
#include "meeting/meeting_view.h"
#include "member/member.h"
#include "org/org.h"
#include "web/view.h"
#include "base/banned.h"

static const char *const kind_codes[] = {"party_congress", "committee",     "group",
                                         "lecture",        "theme_day",     "life_meeting",
                                         "appraisal",      "joint_meeting", NULL};
static const char *const exclusion_choices[] = {"incapable", "abroad",        "sentence",
                                                "bedridden", "untransferred", NULL};
static const char *const do_choices[] = {"draft", "submit", NULL};
static const char *const review_choices[] = {"accept", "return_refill", "return_rehold", NULL};

/* ---- parameter declarations ---- */

#define SLOT(n)                                                                                    \
  {.name = "a" #n, .kind = P_ID, .label = "缺席人员"},                                             \
      {.name = "r" #n, .kind = P_LINE, .label = "缺席原因", .max = 60}, {                          \
    .name = "x" #n, .kind = P_ENUM, .label = "不计入应到会人数的情形",                             \
    .choices = exclusion_choices                                                                   \
  }
#define DECISION(n)                                                                                \
  {.name = "d" #n, .kind = P_LINE, .label = "决议", .max = 300},                                   \
      {.name = "y" #n, .kind = P_INT, .label = "赞成票", .min = 0, .max = 9999},                   \
      {.name = "n" #n, .kind = P_INT, .label = "反对票", .min = 0, .max = 9999}, {                 \
    .name = "b" #n, .kind = P_INT, .label = "弃权票", .min = 0, .max = 9999                        \
  }
#define SPEECH(n)                                                                                  \
  {.name = "sp" #n, .kind = P_ID, .label = "发言人"},                                              \
      {.name = "sg" #n, .kind = P_LINE, .label = "列席发言人", .max = 40}, {                       \
    .name = "st" #n, .kind = P_TEXT, .label = "发言内容", .max = 2000                              \
  }
#define MEETING_FIELD_PARAMS                                                                       \
  {.name = "kind", .kind = P_ENUM, .required = true, .label = "会议类型", .choices = kind_codes},  \
      {.name = "date", .kind = P_DATE, .required = true, .label = "会议日期"},                     \
      {.name = "time", .kind = P_LINE, .required = true, .label = "开始时间", .max = 5},           \
      {.name = "place", .kind = P_LINE, .label = "会议地点", .max = 100},                          \
      {.name = "host", .kind = P_ID, .label = "主持人"},                                           \
      {.name = "recorder", .kind = P_ID, .label = "记录人"},                                       \
      {.name = "topics", .kind = P_TEXT, .required = true, .label = "议题", .max = 2000},          \
      {.name = "minutes", .kind = P_TEXT, .label = "发言要点", .max = 20000},                      \
      {.name = "guests", .kind = P_LINE, .label = "列席人员", .max = 200},                         \
      {.name = "lecturer", .kind = P_LINE, .label = "讲课人", .max = 40},                          \
      {.name = "lecture_title", .kind = P_LINE, .label = "党课题目", .max = 100},                  \
      {.name = "study_title", .kind = P_LINE, .label = "学习内容", .max = 100},                    \
      {.name = "study_source", .kind = P_LINE, .label = "学习材料出处", .max = 100},               \
      {.name = "do", .kind = P_ENUM, .label = "保存方式", .choices = do_choices}, DECISION(1),     \
      DECISION(2), DECISION(3), DECISION(4), DECISION(5), SLOT(1), SLOT(2), SLOT(3), SLOT(4),      \
      SLOT(5), SLOT(6), SLOT(7), SLOT(8), SLOT(9), SLOT(10), SLOT(11), SLOT(12), SLOT(13),         \
      SLOT(14), SLOT(15), SLOT(16), SLOT(17), SLOT(18), SLOT(19), SLOT(20), SLOT(21), SLOT(22),    \
      SLOT(23), SLOT(24), SLOT(25), SLOT(26), SLOT(27), SLOT(28), SLOT(29), SLOT(30), SLOT(31),    \
      SLOT(32), SLOT(33), SLOT(34), SLOT(35), SLOT(36), SLOT(37), SLOT(38), SLOT(39), SLOT(40),    \
      SLOT(41), SLOT(42), SLOT(43), SLOT(44), SLOT(45), SLOT(46), SLOT(47), SLOT(48), SLOT(49),    \
      SLOT(50), SLOT(51), SLOT(52), SLOT(53), SLOT(54), SLOT(55), SLOT(56), SLOT(57), SLOT(58),    \
      SLOT(59), SLOT(60), SPEECH(1), SPEECH(2), SPEECH(3), SPEECH(4), SPEECH(5), SPEECH(6),        \
      SPEECH(7), SPEECH(8), SPEECH(9), SPEECH(10), SPEECH(11), SPEECH(12)
const RouteParam meeting_new_form_params[] = {
    {.name = "org", .kind = P_ID, .label = "党组织"},
    {0},
};
const RouteParam meeting_new_params[] = {
    {.name = "org", .kind = P_ID, .label = "党组织"},
    MEETING_FIELD_PARAMS,
    {0},
};
const RouteParam meeting_id_params[] = {
    {.name = "id", .kind = P_ID, .required = true, .label = "会议记录"},
    {0},
};
const RouteParam meeting_edit_params[] = {
    {.name = "id", .kind = P_ID, .required = true, .label = "会议记录"},
    MEETING_FIELD_PARAMS,
    {0},
};
const RouteParam meeting_amend_params[] = {
    {.name = "id", .kind = P_ID, .required = true, .label = "会议记录"},
    {.name = "reason", .kind = P_TEXT, .required = true, .label = "修正原因", .max = 1000},
    MEETING_FIELD_PARAMS,
    {0},
};
const RouteParam meeting_rehold_params[] = {
    {.name = "id", .kind = P_ID, .required = true, .label = "会议记录"},
    MEETING_FIELD_PARAMS,
    {0},
};
const RouteParam meeting_review_params[] = {
    {.name = "id", .kind = P_ID, .required = true, .label = "会议记录"},
    {.name = "action",
     .kind = P_ENUM,
     .required = true,
     .label = "审核结果",
     .choices = review_choices},
    {.name = "remark", .kind = P_TEXT, .label = "审核意见", .max = 1000},
    {0},
};

/* ---- small helpers ---- */

static const char *str_or_empty(const char *s) { return s ? s : ""; }

static int meeting_not_found(Req *r) {
  return web_error(r, 404, "会议记录不存在，或不在您的管辖范围内");
}

static int org_not_found(Req *r) { return web_error(r, 404, "组织不存在，或不在您的管辖范围内"); }

/* The acting role in the review chain for an action (see meeting_pages.h). */
static MeetingRole acting_role(const Req *r, MeetingAction a) {
  bool review = a == MEETING_ACTION_ACCEPT || a == MEETING_ACTION_RETURN_REFILL ||
                a == MEETING_ACTION_RETURN_REHOLD;
  if (review) {
    return authz_can(r->user.role, PERM_MEETING_REVIEW) ? MEETING_ROLE_TOWN : MEETING_ROLE_BRANCH;
  }
  return authz_can(r->user.role, PERM_MEETING_EDIT) ? MEETING_ROLE_BRANCH : MEETING_ROLE_MEMBER;
}

static bool action_allowed(const Req *r, MeetingState from, MeetingAction a) {
  return meeting_transition(from, a, acting_role(r, a), NULL) != MEETING_STATE_INVALID;
}

static bool wants_submit(Req *r) {
  const char *d = req_param(r, "do");
  return d && strcmp(d, "submit") == 0;
}

/* Ends a failed write: rolls back whatever is open. Returns -1 (a 500). */
static int write_failed(Req *r) {
  while (db_depth(r->db) > 0) {
    db_rollback(r->db);
  }
  return -1;
}

/* The org a new record is entered for: org, else the account's own org; in scope. */
static json_t *record_org(Req *r, int *rc) {
  int64_t id = req_param_int(r, "org", 0);
  if (id <= 0) {
    id = r->user.org_id;
  }
  json_t *org = id > 0 ? org_get(r->db, &r->scope, id) : NULL;
  if (!org) {
    *rc = id > 0 ? org_not_found(r) : web_error(r, 400, "请先选择召开会议的党组织");
    return NULL;
  }
  if (view_str(org, "dissolved")) {
    *rc = web_error(r, 409, "该组织已撤销，不能再记录会议");
    json_decref(org);
    return NULL;
  }
  return org;
}

int meeting_new_form_page(Req *r) {
  int rc = -1;
  json_t *org = record_org(r, &rc);
  if (!org) {
    return rc;
  }
  Date today = date_today();
  json_t *roster = meeting_form_roster(r, view_int(org, "id"), "party_congress", today);
  json_t *values = meeting_form_posted(r);
  json_t *form = json_object_get(values, "form");
  char iso[DATE_ISO_SIZE];
  json_object_set_new(form, "kind", json_string("party_congress"));
  json_object_set_new(form, "date", json_string(date_format_iso(today, iso)));
  rc = meeting_form_render(r, 200, MEETING_FORM_NEW, org, NULL, values, roster);
  json_decref(roster);
  json_decref(org);
  return rc;
}

/* Saves (and with do=submit submits) a checked record; responds. mode MEETING_FORM_NEW: org is the
 * org of the new record (meeting NULL); MEETING_FORM_EDIT: meeting is the stored record;
 * MEETING_FORM_REHOLD: meeting is the record held again, whose org and kind the new one keeps, and
 * which closes (meeting_rehold) in the same transaction. */
static int save_record(Req *r, MeetingFormMode mode, const json_t *org, const json_t *meeting) {
  Date today = date_today();
  int64_t org_id = meeting ? view_int(meeting, "org_id") : view_int(org, "id");
  const char *kind = req_param(r, "kind");
  json_t *roster = meeting_form_roster(r, org_id, kind, today);
  MeetingPosted *p = calloc(1, sizeof *p);
  if (!p) {
    abort();
  }
  int rc = -1;
  json_t *after = NULL;
  meeting_form_read(r, org_id, roster, p, today);
  if (mode == MEETING_FORM_REHOLD && kind &&
      strcmp(kind, str_or_empty(view_str(meeting, "kind"))) != 0) {
    Buf msg = BUF_INIT;
    buf_printf(&msg, "「会议类型」重新召开的会议应与原会议相同（%s）",
               meeting_kind_label(view_str(meeting, "kind")));
    req_error(r, "kind", buf_cstr(&msg));
    buf_free(&msg);
  }
  if (req_has_errors(r)) {
    rc = meeting_form_render(r, 400, mode, org, meeting, meeting_form_posted(r), roster);
    goto out;
  }
  if (db_begin(r->db) != DB_OK) {
    goto out;
  }
  int64_t id = mode == MEETING_FORM_EDIT ? view_int(meeting, "id") : 0;
  const char *why = NULL;
  int db =
      mode == MEETING_FORM_EDIT ? meeting_update(r->db, &r->scope, id, &p->in, time(NULL), &why)
      : mode == MEETING_FORM_REHOLD
          ? meeting_rehold(r->db, &r->scope, view_int(meeting, "id"), &p->in,
                           acting_role(r, MEETING_ACTION_REHOLD), r->user.id, time(NULL), &id, &why)
          : meeting_create(r->db, &r->scope, &p->in, r->user.id, time(NULL), &id);
  if (db == DB_CONSTRAINT || db == DB_NOTFOUND) {
    db_rollback(r->db);
    rc = db == DB_NOTFOUND ? meeting_not_found(r) : web_error(r, 409, why ? why : "不能修改");
    goto out;
  }
  bool submit = wants_submit(r);
  if (db == DB_OK && submit) {
    db = meeting_apply(r->db, &r->scope, id, MEETING_ACTION_SUBMIT,
                       acting_role(r, MEETING_ACTION_SUBMIT), r->user.id, NULL, time(NULL), NULL,
                       &why);
    if (db == DB_CONSTRAINT) {
      db_rollback(r->db);
      rc = web_error(r, 409, why ? why : "不能提交");
      goto out;
    }
  }
  after = db == DB_OK ? meeting_get(r->db, &r->scope, id) : NULL;
  char id_s[24], old_s[24];
  snprintf(id_s, sizeof id_s, "%lld", (long long)id);
  snprintf(old_s, sizeof old_s, "%lld", (long long)(meeting ? view_int(meeting, "id") : 0));
  if (!after ||
      web_audit(r, mode == MEETING_FORM_EDIT ? "update" : "create", "meeting", id_s,
                mode == MEETING_FORM_EDIT ? json_deep_copy(meeting) : NULL,
                json_deep_copy(after)) != DB_OK ||
      (mode == MEETING_FORM_REHOLD &&
       web_audit(r, "rehold", "meeting", old_s,
                 json_pack("{s:s}", "state", str_or_empty(view_str(meeting, "state"))),
                 json_pack("{s:s, s:I}", "state", "closed", "reheld_by", (json_int_t)id)) !=
           DB_OK) ||
      (submit && web_audit(r, "submit", "meeting", id_s, NULL,
                           json_pack("{s:s}", "state", "submitted")) != DB_OK) ||
      db_commit(r->db) != DB_OK) {
    rc = write_failed(r);
    goto out;
  }
  web_flash(r, "ok",
            submit                        ? "会议记录已提交乡镇党委审核"
            : mode == MEETING_FORM_REHOLD ? "重新召开的会议记录已暂存，原记录已关闭"
                                          : "会议记录已暂存，可继续修改后提交");
  char to[48];
  snprintf(to, sizeof to, "/meetings/%lld", (long long)id);
  rc = web_redirect(r, to);
out:
  json_decref(after);
  json_decref(roster);
  free(p);
  return rc;
}

int meeting_new_page(Req *r) {
  int rc = -1;
  json_t *org = record_org(r, &rc);
  if (!org) {
    return rc;
  }
  rc = save_record(r, MEETING_FORM_NEW, org, NULL);
  json_decref(org);
  return rc;
}

/* The meeting of the path for action a (save, amend, rehold): in scope (404) and in a state
 * the rules allow a from for this user (409 with the reason, e.g. submitted or accepted for
 * an edit, anything but accepted for an amendment). */
json_t *meeting_page_for(Req *r, MeetingAction a, int *rc) {
  json_t *m = meeting_get(r->db, &r->scope, req_param_int(r, "id", 0));
  if (!m) {
    *rc = meeting_not_found(r);
    return NULL;
  }
  int st = meeting_state_parse(view_str(m, "state"));
  const char *why = NULL;
  if (st < 0 ||
      meeting_transition((MeetingState)st, a, acting_role(r, a), &why) == MEETING_STATE_INVALID) {
    Buf msg = BUF_INIT;
    buf_printf(&msg, "该会议记录当前为「%s」，不能%s：%s",
               str_or_empty(meeting_state_label((MeetingState)st)),
               a == MEETING_ACTION_SAVE ? "修改" : meeting_action_label(a), why ? why : "");
    *rc = web_error(r, 409, buf_cstr(&msg));
    buf_free(&msg);
    json_decref(m);
    return NULL;
  }
  return m;
}

int meeting_edit_form_page(Req *r) {
  int rc = -1;
  json_t *m = meeting_page_for(r, MEETING_ACTION_SAVE, &rc);
  if (!m) {
    return rc;
  }
  json_t *roster = meeting_form_roster(r, view_int(m, "org_id"), view_str(m, "kind"), date_today());
  rc = meeting_form_render(r, 200, MEETING_FORM_EDIT, NULL, m, meeting_form_stored(m), roster);
  json_decref(roster);
  json_decref(m);
  return rc;
}

int meeting_edit_page(Req *r) {
  int rc = -1;
  json_t *m = meeting_page_for(r, MEETING_ACTION_SAVE, &rc);
  if (!m) {
    return rc;
  }
  rc = save_record(r, MEETING_FORM_EDIT, NULL, m);
  json_decref(m);
  return rc;
}

/* ---- amendments and holding again ---- */

int meeting_amend_form_page(Req *r) {
  int rc = -1;
  json_t *m = meeting_page_for(r, MEETING_ACTION_AMEND, &rc);
  if (!m) {
    return rc;
  }
  json_t *roster = meeting_form_roster_of(m);
  rc = meeting_form_render(r, 200, MEETING_FORM_AMEND, NULL, m, meeting_form_stored(m), roster);
  json_decref(roster);
  json_decref(m);
  return rc;
}

/* Amends the accepted record of the path with the posted form and reason (meeting_amend: same
 * kind and day, at least one change); audited with the changes; 303 to the record. Invalid
 * input re-renders the form (400) and changes nothing. */
int meeting_amend_page(Req *r) {
  int rc = -1;
  json_t *m = meeting_page_for(r, MEETING_ACTION_AMEND, &rc);
  if (!m) {
    return rc;
  }
  json_t *roster = meeting_form_roster_of(m);
  json_t *changes = NULL;
  MeetingPosted *p = calloc(1, sizeof *p);
  if (!p) {
    abort();
  }
  Date today = date_today();
  int64_t id = view_int(m, "id");
  meeting_form_read(r, view_int(m, "org_id"), roster, p, today);
  const char *kind = view_str(m, "kind"), *held = view_str(m, "held_at");
  if (p->in.kind && strcmp(p->in.kind, str_or_empty(kind)) != 0) {
    req_error(r, "kind", "「会议类型」不能修正：审核通过的是这一类会议");
  }
  if (held && req_param(r, "date") && strncmp(req_param(r, "date"), held, 10) != 0) {
    req_error(r, "date", "「会议日期」不能修正：落实情况按这一天统计");
  }
  if (req_has_errors(r)) {
    rc = meeting_form_render(r, 400, MEETING_FORM_AMEND, NULL, m, meeting_form_posted(r), roster);
    goto out;
  }
  if (db_begin(r->db) != DB_OK) {
    goto out;
  }
  const char *why = NULL;
  int64_t amendment = 0;
  int db = meeting_amend(r->db, &r->scope, id, &p->in, req_param(r, "reason"),
                         acting_role(r, MEETING_ACTION_AMEND), r->user.id, time(NULL), &amendment,
                         &changes, &why);
  if (db == DB_NOTFOUND) {
    db_rollback(r->db);
    rc = meeting_not_found(r);
    goto out;
  }
  if (db == DB_CONSTRAINT) {
    db_rollback(r->db);
    req_error(r, "changes", why ? why : "不能修正");
    rc = meeting_form_render(r, 400, MEETING_FORM_AMEND, NULL, m, meeting_form_posted(r), roster);
    goto out;
  }
  char id_s[24];
  snprintf(id_s, sizeof id_s, "%lld", (long long)id);
  json_t *after = db == DB_OK ? meeting_get(r->db, &r->scope, id) : NULL;
  if (after) {
    json_object_set_new(after, "amendment",
                        json_pack("{s:I, s:s, s:O}", "id", (json_int_t)amendment, "reason",
                                  req_param(r, "reason"), "changes", changes));
  }
  if (!after || web_audit(r, "amend", "meeting", id_s, json_deep_copy(m), after) != DB_OK ||
      db_commit(r->db) != DB_OK) {
    rc = write_failed(r);
    goto out;
  }
  Buf msg = BUF_INIT;
  buf_printf(&msg, "已修正 %zu 项，修正记录已留存，审核人可以看到", json_array_size(changes));
  web_flash(r, "ok", buf_cstr(&msg));
  buf_free(&msg);
  char to[48];
  snprintf(to, sizeof to, "/meetings/%lld", (long long)id);
  rc = web_redirect(r, to);
out:
  json_decref(changes);
  json_decref(roster);
  json_decref(m);
  free(p);
  return rc;
}

/* The form of the meeting held again: the old record's kind (kept), topics and place; today's
 * date; the attendance from the current roster (everyone present). */
int meeting_rehold_form_page(Req *r) {
  int rc = -1;
  json_t *m = meeting_page_for(r, MEETING_ACTION_REHOLD, &rc);
  if (!m) {
    return rc;
  }
  Date today = date_today();
  json_t *roster = meeting_form_roster(r, view_int(m, "org_id"), view_str(m, "kind"), today);
  json_t *values = meeting_form_posted(r);
  json_t *form = json_object_get(values, "form");
  char iso[DATE_ISO_SIZE];
  static const char *const kept[] = {"kind", "topics", "place", NULL};
  for (const char *const *k = kept; *k; k++) {
    if (view_str(m, *k)) {
      json_object_set_new(form, *k, json_string(view_str(m, *k)));
    }
  }
  json_object_set_new(form, "date", json_string(date_format_iso(today, iso)));
  rc = meeting_form_render(r, 200, MEETING_FORM_REHOLD, NULL, m, values, roster);
  json_decref(roster);
  json_decref(m);
  return rc;
}

int meeting_rehold_page(Req *r) {
  int rc = -1;
  json_t *m = meeting_page_for(r, MEETING_ACTION_REHOLD, &rc);
  if (!m) {
    return rc;
  }
  rc = save_record(r, MEETING_FORM_REHOLD, NULL, m);
  json_decref(m);
  return rc;
}
/* ---- detail ---- */

/* The lines of a multi-line value (a page shows each on its own line), or null when empty. */
static json_t *text_lines(const char *z) {
  if (!z || !*z) {
    return json_null();
  }
  json_t *a = json_array();
  for (const char *end; (end = strchr(z, '\n')) != NULL; z = end + 1) {
    json_array_append_new(a, json_stringn(z, (size_t)(end - z)));
  }
  json_array_append_new(a, json_string(z));
  return a;
}

/* The view of a stored record: labels, attendance and its tally, decisions with their
 * tallies (failed ones flagged), deadline, findings, and the actions the user may take. */
static json_t *detail_model(Req *r, json_t *m) {
  MeetingRuleSet rs;
  meeting_rules_load(r->db, &rs); /* on a database error: the defaults */
  DateCalendar *cal = calendar_load_or_empty(r->db);
  Date today = date_today();
  const char *kind = view_str(m, "kind");
  int st = meeting_state_parse(view_str(m, "state"));
  int64_t id = view_int(m, "id");
  json_object_set_new(m, "kind_label", json_string(meeting_kind_label(kind)));
  json_object_set_new(m, "state_label",
                      json_string(str_or_empty(meeting_state_label((MeetingState)st))));
  json_object_set_new(m, "state_class", json_string(meeting_view_state_class((MeetingState)st)));
  /* attendance */
  json_t *attendees = json_object_get(m, "attendees");
  size_t n = json_array_size(attendees);
  MeetingAttendeeIn *a = meeting_view_attendance(attendees);
  json_t *present = json_array(), *absent = json_array();
  bool recorder_absent = false;
  size_t i;
  json_t *x;
  json_array_foreach(attendees, i, x) {
    const char *note = !a[i].full_member ? "预备党员" : !a[i].can_vote ? "无表决权" : NULL;
    MeetingExclusion e = meeting_exclusion_parse(a[i].exclusion);
    json_t *row = json_pack("{s:s, s:o, s:o, s:o}", "name", str_or_empty(view_str(x, "name")),
                            "note", view_text(note), "reason", view_text(a[i].reason), "exclusion",
                            view_text(e ? meeting_exclusion_label(e) : NULL));
    bool is_absent = a[i].presence && strcmp(a[i].presence, "absent") == 0;
    json_array_append_new(is_absent ? absent : present, row);
    if (is_absent && a[i].person_id == view_int(m, "recorder_person_id")) {
      recorder_absent = true;
    }
  }
  MeetingTally att;
  meeting_attendance_tally(kind, a, n, &att);
  free(a);
  json_object_set_new(m, "present_list", present);
  json_object_set_new(m, "absent_list", absent);
  json_object_set_new(m, "tally",
                      json_pack("{s:i, s:i, s:i, s:i, s:i, s:b, s:s}", "due", att.due, "present",
                                att.present, "absent", att.due - att.present, "no_right",
                                att.no_right, "excluded", att.excluded, "quorum_ok", att.quorum_ok,
                                "explain", att.explain));
  /* decisions */
  int n_failed = 0;
  bool voted_any = false;
  json_array_foreach(json_object_get(m, "decisions"), i, x) {
    MeetingDecisionIn d = {.text = view_str(x, "text"),
                           .voted = json_is_integer(json_object_get(x, "yes")),
                           .yes = (int)view_int(x, "yes"),
                           .no = (int)view_int(x, "no"),
                           .abstain = (int)view_int(x, "abstain")};
    MeetingTally t;
    meeting_decision_tally(kind, &att, &d, &t);
    bool failed = d.voted && !t.passed;
    n_failed += failed;
    voted_any = voted_any || d.voted;
    json_object_set_new(x, "voted", json_boolean(d.voted));
    json_object_set_new(x, "passed", json_boolean(t.passed));
    json_object_set_new(x, "failed", json_boolean(failed));
    json_object_set_new(x, "explain", json_string(t.explain));
  }
  json_object_set_new(m, "n_failed", json_integer(n_failed));
  /* deadline */
  MeetingDeadline dl;
  meeting_view_deadline(&rs, cal, m, today, &dl);
  json_object_set_new(m, "deadline", meeting_view_deadline_json(&dl));
  /* findings */
  json_t *findings = json_array();
  const MeetingKind *k = meeting_kind_find(kind);
  if (k) {
    const char *minutes = view_str(m, "minutes");
    /* speeches recorded per speaker count as discussion, as in meeting_check_rows */
    int n_speakers =
        (minutes && *minutes ? 1 : 0) + (int)json_array_size(json_object_get(m, "speeches"));
    MeetingContent c = {.kind = k->id,
                        .n_decisions = (int)json_array_size(json_object_get(m, "decisions")),
                        .n_speakers = n_speakers,
                        .has_study = view_str(m, "study_title") != NULL};
    unsigned f = meeting_content_findings(&c);
    for (unsigned bit = 1; bit <= MEETING_FINDING_NO_QUORUM; bit <<= 1) {
      if (f & bit) {
        json_array_append_new(findings, json_string(meeting_finding_label((MeetingFinding)bit)));
      }
    }
  }
  if (dl.status == MEETING_DEADLINE_LATE || dl.status == MEETING_DEADLINE_OVERDUE) {
    json_array_append_new(findings,
                          json_string(meeting_finding_label(MEETING_FINDING_LATE_SUBMISSION)));
  }
  if (recorder_absent) {
    json_array_append_new(findings,
                          json_string(meeting_finding_label(MEETING_FINDING_RECORDER_ABSENT)));
  }
  if (voted_any && !att.quorum_ok) {
    json_array_append_new(findings, json_string(meeting_finding_label(MEETING_FINDING_NO_QUORUM)));
  }
  json_object_set_new(m, "has_findings", json_boolean(json_array_size(findings) > 0));
  json_object_set_new(m, "findings", findings);
  /* times */
  char t[MEETING_LOCAL_TIME_SIZE];
  meeting_local_time(&rs, view_int(m, "entered_at"), t);
  json_object_set_new(m, "entered_at_text", json_string(t));
  if (json_is_integer(json_object_get(m, "submitted_at"))) {
    meeting_local_time(&rs, view_int(m, "submitted_at"), t);
    json_object_set_new(m, "submitted_at_text", json_string(t));
  }
  if (json_is_integer(json_object_get(m, "reviewed_at"))) {
    meeting_local_time(&rs, view_int(m, "reviewed_at"), t);
    json_object_set_new(m, "reviewed_at_text", json_string(t));
  }
  /* actions */
  bool edit = authz_can(r->user.role, PERM_MEETING_EDIT);
  bool review = authz_can(r->user.role, PERM_MEETING_REVIEW);
  json_object_set_new(
      m, "can_edit",
      json_boolean(edit && action_allowed(r, (MeetingState)st, MEETING_ACTION_SAVE)));
  json_object_set_new(
      m, "can_submit",
      json_boolean(edit && action_allowed(r, (MeetingState)st, MEETING_ACTION_SUBMIT)));
  json_object_set_new(m, "can_review",
                      json_boolean(review &&
                                   action_allowed(r, (MeetingState)st, MEETING_ACTION_ACCEPT) &&
                                   view_int(m, "entered_by") != r->user.id));
  json_object_set_new(
      m, "can_amend",
      json_boolean(edit && action_allowed(r, (MeetingState)st, MEETING_ACTION_AMEND)));
  json_object_set_new(
      m, "can_rehold",
      json_boolean(edit && action_allowed(r, (MeetingState)st, MEETING_ACTION_REHOLD)));
  json_object_set_new(m, "edit_href", view_href("/meetings/", id, "/edit"));
  json_object_set_new(m, "submit_href", view_href("/meetings/", id, "/submit"));
  json_object_set_new(m, "review_href", view_href("/meetings/", id, "/review"));
  json_object_set_new(m, "amend_href", view_href("/meetings/", id, "/amend"));
  json_object_set_new(m, "rehold_href", view_href("/meetings/", id, "/rehold"));
  /* the rehold chain, both ways */
  json_t *prev = json_object_get(m, "rehold_of");
  json_object_set_new(m, "rehold_of_href",
                      json_is_integer(prev) ? view_href("/meetings/", json_integer_value(prev), "")
                                            : json_null());
  json_t *next = json_object_get(m, "reheld_by");
  json_object_set_new(m, "reheld_by_href",
                      json_is_integer(next) ? view_href("/meetings/", json_integer_value(next), "")
                                            : json_null());
  /* speeches: 列席 marked */
  json_array_foreach(json_object_get(m, "speeches"), i, x) {
    json_object_set_new(x, "is_guest", json_boolean(view_int(x, "guest") != 0));
  }
  json_object_set_new(m, "has_speeches",
                      json_boolean(json_array_size(json_object_get(m, "speeches")) > 0));
  /* amendments, oldest first, with their changes */
  json_t *amend = meeting_amendments(r->db, &r->scope, id);
  if (!amend) {
    amend = json_array();
  }
  json_array_foreach(amend, i, x) {
    size_t ci;
    json_t *c;
    json_array_foreach(json_object_get(x, "changes"), ci, c) {
      json_object_set_new(c, "old_lines", text_lines(view_str(c, "old_value")));
      json_object_set_new(c, "new_lines", text_lines(view_str(c, "new_value")));
    }
    meeting_local_time(&rs, view_int(x, "amended_at"), t);
    json_object_set_new(x, "amended_at_text", json_string(t));
    json_object_set_new(x, "who",
                        json_string(view_str(x, "amended_name")    ? view_str(x, "amended_name")
                                    : view_str(x, "amended_login") ? view_str(x, "amended_login")
                                                                   : "—"));
  }
  json_object_set_new(m, "has_amendments", json_boolean(json_array_size(amend) > 0));
  json_object_set_new(m, "n_amendments", json_integer((json_int_t)json_array_size(amend)));
  json_object_set_new(m, "amendments", amend);
  json_t *files = attachment_section(
      r, m, &rs, edit && action_allowed(r, (MeetingState)st, MEETING_ACTION_SAVE));
  json_object_set_new(m, "attachments", files ? files : json_null());
  date_calendar_free(cal);
  return m;
}

int meeting_detail_page(Req *r) {
  json_t *m = meeting_get(r->db, &r->scope, req_param_int(r, "id", 0));
  if (!m) {
    return meeting_not_found(r);
  }
  detail_model(r, m);
  char list[48];
  snprintf(list, sizeof list, "/meetings?org=%lld", (long long)view_int(m, "org_id"));
  json_t *model =
      json_pack("{s:s, s:o, s:[{s:s, s:s}, {s:s, s:s}, {s:n, s:s}]}", "title", "会议记录",
                "meeting", m, "breadcrumbs", "href", "/meetings", "label", "三会一课", "href", list,
                "label", str_or_empty(view_str(m, "org_name")), "href", "label",
                meeting_kind_label(view_str(m, "kind")));
  if (req_has_errors(r)) {
    json_object_set(model, "errors", r->errors);
  }
  return web_render(r, 200, "meeting_detail", model);
}

/* ---- review chain ---- */

/* Applies action to the meeting of the path with its audit row; responds (303 to the record,
 * 404, 409 with the rules' reason). */
static int apply_action(Req *r, MeetingAction action, const char *remark) {
  int64_t id = req_param_int(r, "id", 0);
  json_t *before = meeting_get(r->db, &r->scope, id);
  if (!before) {
    return meeting_not_found(r);
  }
  int rc = -1;
  const char *why = NULL;
  bool review = action != MEETING_ACTION_SUBMIT;
  if (review && view_int(before, "entered_by") == r->user.id) {
    rc = web_error(r, 409, "不能审核自己录入的会议记录，请由其他审核人审核");
    goto out;
  }
  if (db_begin(r->db) != DB_OK) {
    goto out;
  }
  MeetingState to = MEETING_STATE_INVALID;
  int db = meeting_apply(r->db, &r->scope, id, action, acting_role(r, action), r->user.id, remark,
                         time(NULL), &to, &why);
  if (db == DB_CONSTRAINT || db == DB_NOTFOUND) {
    db_rollback(r->db);
    if (db == DB_NOTFOUND) {
      rc = meeting_not_found(r);
    } else {
      Buf msg = BUF_INIT;
      buf_printf(&msg, "该会议记录当前为「%s」，不能%s：%s",
                 str_or_empty(meeting_state_label(meeting_state_parse(view_str(before, "state")))),
                 meeting_action_label(action), why ? why : "");
      rc = web_error(r, 409, buf_cstr(&msg));
      buf_free(&msg);
    }
    goto out;
  }
  char id_s[24];
  snprintf(id_s, sizeof id_s, "%lld", (long long)id);
  json_t *after =
      json_pack("{s:s, s:o}", "state", meeting_state_code(to), "review_remark", view_text(remark));
  if (db != DB_OK ||
      web_audit(r, meeting_action_code(action), "meeting", id_s,
                json_pack("{s:s}", "state", str_or_empty(view_str(before, "state"))),
                after) != DB_OK ||
      db_commit(r->db) != DB_OK) {
    rc = write_failed(r);
    goto out;
  }
  Buf msg = BUF_INIT;
  buf_printf(&msg, "已%s，记录状态：%s", meeting_action_label(action),
             str_or_empty(meeting_state_label(to)));
  web_flash(r, "ok", buf_cstr(&msg));
  buf_free(&msg);
  char loc[48];
  snprintf(loc, sizeof loc, "/meetings/%lld", (long long)id);
  rc = web_redirect(r, loc);
out:
  json_decref(before);
  return rc;
}

int meeting_submit_page(Req *r) { return apply_action(r, MEETING_ACTION_SUBMIT, NULL); }

int meeting_review_page(Req *r) {
  const char *action = req_param(r, "action");
  const char *remark = req_param(r, "remark");
  if (action && strcmp(action, "accept") != 0 && !remark) {
    req_error(r, "remark", "「审核意见」退回时请写明退回原因");
  }
  if (req_has_errors(r)) {
    json_t *m = meeting_get(r->db, &r->scope, req_param_int(r, "id", 0));
    if (!m) {
      return meeting_not_found(r);
    }
    detail_model(r, m);
    json_t *model = json_pack("{s:s, s:o, s:o}", "title", "会议记录", "meeting", m, "errors",
                              json_deep_copy(r->errors));
    json_object_set_new(
        model, "review_form",
        json_pack("{s:s, s:s}", "action", str_or_empty(action), "remark", str_or_empty(remark)));
    return web_render(r, 400, "meeting_detail", model);
  }
  int a = meeting_action_parse(action);
  return apply_action(r, (MeetingAction)a, remark);
}
