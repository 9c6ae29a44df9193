/*
 * The meeting-record pages (三会一课): list, phone entry form, detail, review chain. See
 * meeting_pages.h. Each handler validates, calls the store and the rules (meeting.h), builds a
 * view model and renders it (templates/meeting_*.mustache, or the model itself as JSON).
 * Writes run in one transaction together with their audit row (entity "meeting").
 *
 * Attendance is taken by exception from the roster the system already has (member_list):
 * everyone is present unless ticked absent with a reason; a 支部委员会 meeting's roster is the
 * current committee (member_positions). Roster rows are form slots a1..a60 (the checkbox's
 * value is the person id, so a roster that changed between the form and the post cannot mark
 * the wrong person); a branch has at most 50 members (支部工作条例).
 */
#include "meeting/meeting_pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar/calendar.h"
#include "meeting/meeting.h"
#include "meeting/meeting_store.h"
#include "member/member.h"
#include "org/org.h"
#include "web/view.h"
#include "base/banned.h"

enum {
  ROSTER_MAX = 60,
  LIST_LIMIT = 300,
};

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
      SLOT(59), SLOT(60)
const RouteParam meeting_list_params[] = {
    {.name = "org", .kind = P_ID, .label = "党组织"},
    {.name = "period", .kind = P_LINE, .label = "期间", .max = 10},
    {0},
};
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

static bool jflag(const json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  return json_is_true(v) || (json_is_integer(v) && json_integer_value(v) != 0);
}

static const char *str_or_empty(const char *s) { return s ? s : ""; }

static int meeting_not_found(Req *r) {
  return web_error(r, 404, "会议记录不存在，或不在您的管辖范围内");
}

static int org_not_found(Req *r) { return web_error(r, 404, "组织不存在，或不在您的管辖范围内"); }

static json_t *href_of(int64_t id, const char *suffix) {
  char h[64];
  snprintf(h, sizeof h, "/meetings/%lld%s", (long long)id, suffix);
  return json_string(h);
}

static const char *kind_label(const char *code) {
  const MeetingKind *k = meeting_kind_find(code);
  return k ? k->label : str_or_empty(code);
}

/* Status colour of a state: ok (accepted), warn (draft, submitted), bad (returned). */
static const char *state_class(MeetingState s) {
  switch (s) {
  case MEETING_STATE_ACCEPTED:
    return "ok";
  case MEETING_STATE_RETURNED_REFILL:
  case MEETING_STATE_RETURNED_REHOLD:
    return "bad";
  default:
    return "warn";
  }
}

static const char *deadline_class(MeetingDeadlineStatus s) {
  return s == MEETING_DEADLINE_ON_TIME ? "ok" : s == MEETING_DEADLINE_PENDING ? "warn" : "bad";
}

/* "YYYY-MM-DD HH:MM" (local, entry.utc_offset_minutes) of a Unix time into out[20]. */
static void local_time(const MeetingRuleSet *rs, int64_t at, char out[64]) {
  time_t t = (time_t)(at + (int64_t)meeting_param(rs, MEETING_PARAM_UTC_OFFSET_MINUTES) * 60);
  struct tm tm;
  gmtime_r(&t, &tm);
  snprintf(out, 64, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
           tm.tm_hour, tm.tm_min);
}

/* The meeting date of a stored held_at ('YYYY-MM-DD HH:MM'); false when unreadable. */
static bool held_date(const char *held_at, Date *d) {
  const char *why = NULL;
  return held_at && strlen(held_at) >= 10 && date_parse(held_at, 10, d, &why) == 0;
}

/* Deadline status of a record: due submit.workdays working days after the meeting, done on
 * the local date of its first submission. */
static void deadline_of(const MeetingRuleSet *rs, const DateCalendar *cal, const json_t *m,
                        Date today, MeetingDeadline *dl) {
  Date held;
  memset(dl, 0, sizeof *dl);
  if (!held_date(view_str(m, "held_at"), &held)) {
    return;
  }
  json_t *sub = json_object_get(m, "submitted_at");
  Date done;
  bool has_done = json_is_integer(sub);
  if (has_done) {
    done = meeting_entry_date(rs, json_integer_value(sub));
  }
  meeting_submit_deadline(rs, cal, held, has_done ? &done : NULL, today, dl);
}

static json_t *deadline_view(const MeetingDeadline *dl) {
  char due[DATE_ISO_SIZE];
  json_t *v =
      json_pack("{s:s, s:s, s:s, s:s, s:i, s:i}", "due", date_format_iso(dl->due, due), "status",
                dl->status == MEETING_DEADLINE_PENDING   ? "pending"
                : dl->status == MEETING_DEADLINE_ON_TIME ? "on_time"
                : dl->status == MEETING_DEADLINE_LATE    ? "late"
                                                         : "overdue",
                "label", meeting_deadline_label(dl->status), "class", deadline_class(dl->status),
                "days_late", dl->days_late, "workdays_late", dl->workdays_late);
  json_object_set_new(
      v, "late",
      json_boolean(dl->status == MEETING_DEADLINE_LATE || dl->status == MEETING_DEADLINE_OVERDUE));
  return v;
}

/* The acting role in the review chain for an action (see meeting_pages.h). */
static MeetingRole acting_role(const Req *r, MeetingAction a) {
  bool review = a == MEETING_ACTION_ACCEPT || a == MEETING_ACTION_RETURN_REFILL ||
                a == MEETING_ACTION_RETURN_REHOLD || a == MEETING_ACTION_AMEND;
  if (review) {
    return authz_can(r->user.role, PERM_MEETING_REVIEW) ? MEETING_ROLE_TOWN : MEETING_ROLE_BRANCH;
  }
  return authz_can(r->user.role, PERM_MEETING_EDIT) ? MEETING_ROLE_BRANCH : MEETING_ROLE_MEMBER;
}

static bool action_allowed(const Req *r, MeetingState from, MeetingAction a) {
  return meeting_transition(from, a, acting_role(r, a), NULL) != MEETING_STATE_INVALID;
}

/* The calendar table loaded (an empty Monday-Friday calendar when it cannot be read). */
static DateCalendar *load_calendar(Req *r) {
  DateCalendar *cal = date_calendar_new();
  if (calendar_load(r->db, cal) != DB_OK) {
    date_calendar_free(cal);
    cal = date_calendar_new();
  }
  return cal;
}

/* ---- roster ---- */

/* The attendance roster of org for a kind: the org's members (member_list of its subtree;
 * name order), or for a 支部委员会 meeting the members holding a current committee position.
 * New reference: [{person_id, name, status, can_vote, full}]. */
static json_t *roster_of(Req *r, int64_t org_id, const char *kind, Date today) {
  MemberFilter f = {.org_id = org_id, .limit = 1000};
  int total = 0;
  json_t *members = member_list(r->db, &r->scope, &f, today, &total);
  json_t *out = json_array();
  if (!members) {
    return out;
  }
  json_t *committee = NULL;
  if (kind && strcmp(kind, "committee") == 0) {
    char iso[DATE_ISO_SIZE];
    committee = member_positions(r->db, &r->scope, org_id, true, date_format_iso(today, iso));
  }
  size_t i;
  json_t *m;
  json_array_foreach(members, i, m) {
    int64_t pid = view_int(m, "person_id");
    if (committee) {
      bool on = false;
      size_t j;
      json_t *p;
      json_array_foreach(committee, j, p) {
        const char *body = view_str(p, "body");
        if (view_int(p, "person_id") == pid && body &&
            (strcmp(body, "支部委员会") == 0 || strcmp(body, "党委") == 0)) {
          on = true;
        }
      }
      if (!on) {
        continue;
      }
    }
    const char *status = view_str(m, "status");
    json_array_append_new(out, json_pack("{s:I, s:s, s:s, s:b, s:b}", "person_id", (json_int_t)pid,
                                         "name", str_or_empty(view_str(m, "name")), "status",
                                         str_or_empty(status), "can_vote", jflag(m, "can_vote"),
                                         "full", status && strcmp(status, "正式党员") == 0));
    if (json_array_size(out) >= ROSTER_MAX) {
      break;
    }
  }
  json_decref(committee);
  json_decref(members);
  return out;
}

static bool roster_has(const json_t *roster, int64_t pid) {
  size_t i;
  json_t *m;
  json_array_foreach(roster, i, m) {
    if (view_int(m, "person_id") == pid) {
      return true;
    }
  }
  return false;
}

/* ---- the form ---- */

static const char *const form_keys[] = {"kind",          "date",        "time",         "place",
                                        "topics",        "minutes",     "guests",       "lecturer",
                                        "lecture_title", "study_title", "study_source", NULL};

/* The posted values: {form {…}, host, recorder, absent {pid: {reason, exclusion, slot}},
 * decisions [{n, text, yes, no, abstain}]}. */
static json_t *values_from_params(Req *r) {
  json_t *form = json_object();
  for (const char *const *k = form_keys; *k; k++) {
    const char *v = req_param(r, *k);
    if (v) {
      json_object_set_new(form, *k, json_string(v));
    }
  }
  json_object_set_new(form, "host", json_integer(req_param_int(r, "host", 0)));
  json_object_set_new(form, "recorder", json_integer(req_param_int(r, "recorder", 0)));
  json_t *absent = json_object();
  for (int i = 1; i <= ROSTER_MAX; i++) {
    char a[16], rs[16], x[16], key[24];
    snprintf(a, sizeof a, "a%d", i);
    snprintf(rs, sizeof rs, "r%d", i);
    snprintf(x, sizeof x, "x%d", i);
    int64_t pid = req_param_int(r, a, 0);
    if (pid <= 0) {
      continue;
    }
    snprintf(key, sizeof key, "%lld", (long long)pid);
    json_object_set_new(absent, key,
                        json_pack("{s:s, s:s, s:i}", "reason", str_or_empty(req_param(r, rs)),
                                  "exclusion", str_or_empty(req_param(r, x)), "slot", i));
  }
  json_t *dec = json_array();
  for (int i = 1; i <= MEETING_MAX_DECISIONS; i++) {
    char d[16], y[16], n[16], b[16];
    snprintf(d, sizeof d, "d%d", i);
    snprintf(y, sizeof y, "y%d", i);
    snprintf(n, sizeof n, "n%d", i);
    snprintf(b, sizeof b, "b%d", i);
    json_array_append_new(
        dec, json_pack("{s:i, s:s, s:s, s:s, s:s}", "n", i, "text", str_or_empty(req_param(r, d)),
                       "yes", str_or_empty(req_param(r, y)), "no", str_or_empty(req_param(r, n)),
                       "abstain", str_or_empty(req_param(r, b))));
  }
  return json_pack("{s:o, s:o, s:o}", "form", form, "absent", absent, "decisions", dec);
}

/* The same shape from a stored meeting (meeting_get). */
static json_t *values_from_meeting(const json_t *m) {
  json_t *form = json_object();
  static const char *const stored[] = {
      "place",         "topics",      "minutes",      "guests", "lecturer",
      "lecture_title", "study_title", "study_source", "kind",   NULL};
  for (const char *const *k = stored; *k; k++) {
    if (view_str(m, *k)) {
      json_object_set_new(form, *k, json_string(view_str(m, *k)));
    }
  }
  const char *held = view_str(m, "held_at");
  if (held && strlen(held) >= 16) {
    json_object_set_new(form, "date", json_stringn(held, 10));
    json_object_set_new(form, "time", json_stringn(held + 11, 5));
  }
  json_object_set_new(form, "host", json_integer(view_int(m, "host_person_id")));
  json_object_set_new(form, "recorder", json_integer(view_int(m, "recorder_person_id")));
  json_t *absent = json_object();
  size_t i;
  json_t *a;
  json_array_foreach(json_object_get(m, "attendees"), i, a) {
    const char *p = view_str(a, "presence");
    if (p && strcmp(p, "absent") == 0) {
      char key[24];
      snprintf(key, sizeof key, "%lld", (long long)view_int(a, "person_id"));
      json_object_set_new(absent, key,
                          json_pack("{s:s, s:s, s:i}", "reason",
                                    str_or_empty(view_str(a, "reason")), "exclusion",
                                    str_or_empty(view_str(a, "exclusion")), "slot", 0));
    }
  }
  json_t *dec = json_array();
  json_t *stored_dec = json_object_get(m, "decisions");
  for (size_t k = 0; k < MEETING_MAX_DECISIONS; k++) {
    json_t *d = json_array_get(stored_dec, k);
    char y[16] = "", n[16] = "", b[16] = "";
    if (d && json_is_integer(json_object_get(d, "yes"))) {
      snprintf(y, sizeof y, "%lld", (long long)view_int(d, "yes"));
      snprintf(n, sizeof n, "%lld", (long long)view_int(d, "no"));
      snprintf(b, sizeof b, "%lld", (long long)view_int(d, "abstain"));
    }
    json_array_append_new(dec, json_pack("{s:i, s:s, s:s, s:s, s:s}", "n", (int)k + 1, "text",
                                         d ? str_or_empty(view_str(d, "text")) : "", "yes", y, "no",
                                         n, "abstain", b));
  }
  return json_pack("{s:o, s:o, s:o}", "form", form, "absent", absent, "decisions", dec);
}

/* <option>s [{value, label, selected}] of the roster, with an empty first one. */
static json_t *person_options(const json_t *roster, int64_t chosen) {
  json_t *a = json_array();
  json_array_append_new(
      a, json_pack("{s:s, s:s, s:b}", "value", "", "label", "（未指定）", "selected", chosen == 0));
  size_t i;
  json_t *m;
  json_array_foreach(roster, i, m) {
    char v[24];
    snprintf(v, sizeof v, "%lld", (long long)view_int(m, "person_id"));
    json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", v, "label",
                                       str_or_empty(view_str(m, "name")), "selected",
                                       view_int(m, "person_id") == chosen));
  }
  return a;
}

/*
 * Renders the entry form for org (new) or meeting (edit; org NULL). values: the shape of
 * values_from_params; roster: the attendance roster. Steals values; borrows the rest.
 */
static int render_form(Req *r, int status, const json_t *org, const json_t *meeting, json_t *values,
                       const json_t *roster) {
  bool is_new = meeting == NULL;
  json_t *form = json_object_get(values, "form");
  const char *kind = view_str(form, "kind");
  json_t *m =
      json_pack("{s:s, s:b}", "title", is_new ? "记录会议" : "修改会议记录", "is_new", is_new);
  char action[64], cancel[64];
  if (is_new) {
    snprintf(action, sizeof action, "/meetings/new?org=%lld", (long long)view_int(org, "id"));
    snprintf(cancel, sizeof cancel, "/meetings?org=%lld", (long long)view_int(org, "id"));
    json_object_set_new(m, "org_name", json_string(str_or_empty(view_str(org, "name"))));
  } else {
    snprintf(action, sizeof action, "/meetings/%lld/edit", (long long)view_int(meeting, "id"));
    snprintf(cancel, sizeof cancel, "/meetings/%lld", (long long)view_int(meeting, "id"));
    json_object_set_new(m, "org_name", json_string(str_or_empty(view_str(meeting, "org_name"))));
    json_object_set_new(m, "review_remark", view_text(view_str(meeting, "review_remark")));
  }
  json_object_set_new(m, "action", json_string(action));
  json_object_set_new(m, "cancel_href", json_string(cancel));
  json_t *kinds = json_array();
  for (int k = 0; k < MEETING_KIND_COUNT; k++) {
    json_array_append_new(kinds, json_pack("{s:s, s:s, s:b}", "value", meeting_kinds[k].code,
                                           "label", meeting_kinds[k].label, "selected",
                                           kind && strcmp(kind, meeting_kinds[k].code) == 0));
  }
  json_object_set_new(m, "kind_options", kinds);
  json_object_set_new(m, "is_lecture", json_boolean(kind && strcmp(kind, "lecture") == 0));
  json_object_set_new(m, "host_options", person_options(roster, view_int(form, "host")));
  json_object_set_new(m, "recorder_options", person_options(roster, view_int(form, "recorder")));
  json_t *absent = json_object_get(values, "absent");
  json_t *rows = json_array();
  size_t i;
  json_t *p;
  int n_absent = 0;
  json_array_foreach(roster, i, p) {
    char key[24], slot[24], rkey[24];
    snprintf(key, sizeof key, "%lld", (long long)view_int(p, "person_id"));
    snprintf(slot, sizeof slot, "%zu", i + 1);
    json_t *ab = json_object_get(absent, key);
    n_absent += ab != NULL;
    const char *excl = ab ? view_str(ab, "exclusion") : NULL;
    json_t *opts = json_array();
    for (int e = 1; e < MEETING_EXCLUDE_COUNT; e++) {
      const char *code = meeting_exclusion_code((MeetingExclusion)e);
      json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", code, "label",
                                            meeting_exclusion_label((MeetingExclusion)e),
                                            "selected", excl && strcmp(excl, code) == 0));
    }
    const char *err = NULL;
    if (ab && view_int(ab, "slot") > 0) {
      snprintf(rkey, sizeof rkey, "r%lld", (long long)view_int(ab, "slot"));
      err = view_str(r->errors, rkey);
      if (!err) {
        snprintf(rkey, sizeof rkey, "a%lld", (long long)view_int(ab, "slot"));
        err = view_str(r->errors, rkey);
      }
    }
    const char *note = !jflag(p, "full") ? "预备党员" : !jflag(p, "can_vote") ? "无表决权" : NULL;
    json_t *row =
        json_pack("{s:s, s:s, s:s, s:b, s:s, s:o, s:o, s:o}", "slot", slot, "person_id", key,
                  "name", str_or_empty(view_str(p, "name")), "absent", ab != NULL, "reason",
                  ab ? str_or_empty(view_str(ab, "reason")) : "", "exclusion_options", opts, "note",
                  view_text(note), "error", view_text(err));
    json_array_append_new(rows, row);
  }
  json_object_set_new(m, "roster", rows);
  json_object_set_new(m, "roster_size", json_integer((json_int_t)json_array_size(roster)));
  json_object_set_new(m, "roster_empty", json_boolean(json_array_size(roster) == 0));
  json_object_set_new(m, "open_absent", json_boolean(n_absent > 0));
  json_t *dec = json_object_get(values, "decisions");
  bool more_open = false;
  json_array_foreach(dec, i, p) {
    char k[24];
    const char *err = NULL;
    static const char prefixes[] = "dynb";
    for (int c = 0; !err && c < 4; c++) {
      snprintf(k, sizeof k, "%c%zu", prefixes[c], i + 1);
      err = view_str(r->errors, k);
    }
    json_object_set_new(p, "error", view_text(err));
    if (i > 0 && (*str_or_empty(view_str(p, "text")) || err)) {
      more_open = true;
    }
  }
  json_object_set_new(m, "decisions", json_incref(dec));
  json_object_set_new(m, "decisions_first", json_pack("[O]", json_array_get(dec, 0)));
  json_t *rest = json_array();
  for (size_t k = 1; k < json_array_size(dec); k++) {
    json_array_append(rest, json_array_get(dec, k));
  }
  json_object_set_new(m, "decisions_more", rest);
  json_object_set_new(m, "open_more_decisions", json_boolean(more_open));
  bool open_study = view_str(form, "study_title") || view_str(form, "study_source") ||
                    view_str(form, "lecturer") || view_str(form, "lecture_title") ||
                    json_object_get(r->errors, "lecture_title") != NULL;
  json_object_set_new(m, "open_study", json_boolean(open_study));
  json_object_set_new(m, "form", json_incref(form));
  char today[DATE_ISO_SIZE];
  json_object_set_new(m, "today", json_string(date_format_iso(date_today(), today)));
  if (req_has_errors(r)) {
    json_object_set(m, "errors", r->errors);
  }
  json_decref(values);
  return web_render(r, status, "meeting_form", m);
}

/* What a posted form holds, checked against the roster (field errors via req_error). */
typedef struct Posted {
  char held_at[20];
  char due[DATE_ISO_SIZE];
  MeetingAttendeeIn att[ROSTER_MAX];
  size_t n_att;
  MeetingDecisionIn dec[MEETING_MAX_DECISIONS];
  size_t n_dec;
  MeetingInput in;
} Posted;

static bool time_ok(const char *t) {
  return t && strlen(t) == 5 && t[0] >= '0' && t[0] <= '2' && t[1] >= '0' && t[1] <= '9' &&
         t[2] == ':' && t[3] >= '0' && t[3] <= '5' && t[4] >= '0' && t[4] <= '9' &&
         (t[0] - '0') * 10 + (t[1] - '0') < 24;
}

static void read_form(Req *r, int64_t org_id, const json_t *roster, Posted *p, Date today) {
  memset(p, 0, sizeof *p);
  const char *kind = req_param(r, "kind");
  const char *date = req_param(r, "date");
  const char *tm = req_param(r, "time");
  Date d = {0};
  if (date && held_date(date, &d) && date_compare(d, today) > 0) {
    req_error(r, "date", "「会议日期」不能晚于今天：会议开过之后再记录");
  }
  if (tm && !time_ok(tm)) {
    req_error(r, "time", "「开始时间」应为 时:分，如 09:30");
  }
  if (date && tm) {
    snprintf(p->held_at, sizeof p->held_at, "%s %s", date, tm);
  }
  if (kind && strcmp(kind, "committee") == 0 && json_array_size(roster) == 0) {
    req_error(r, "kind", "「会议类型」本组织尚未登记支部委员会成员，请先在“班子与责任”中登记");
  }
  if (kind && strcmp(kind, "lecture") == 0 && !req_param(r, "lecture_title")) {
    req_error(r, "lecture_title", "「党课题目」党课请填写题目");
  }
  static const char *const people[] = {"host", "recorder", NULL};
  for (const char *const *k = people; *k; k++) {
    int64_t pid = req_param_int(r, *k, 0);
    if (pid > 0 && !roster_has(roster, pid)) {
      req_error(r, *k,
                *k[0] == 'h' ? "「主持人」应从本组织的参会名单中选择"
                             : "「记录人」应从本组织的参会名单中选择");
    }
  }
  /* absences by slot */
  int64_t absent_pid[ROSTER_MAX];
  const char *absent_reason[ROSTER_MAX], *absent_excl[ROSTER_MAX];
  size_t n_absent = 0;
  for (int i = 1; i <= ROSTER_MAX; i++) {
    char a[16], rs[16], x[16];
    snprintf(a, sizeof a, "a%d", i);
    snprintf(rs, sizeof rs, "r%d", i);
    snprintf(x, sizeof x, "x%d", i);
    int64_t pid = req_param_int(r, a, 0);
    if (pid <= 0) {
      continue;
    }
    if (!roster_has(roster, pid)) {
      req_error(r, a, "「缺席人员」不在本组织的参会名单中");
      continue;
    }
    if (!req_param(r, rs) && !req_param(r, x)) {
      req_error(r, rs, "「缺席原因」请填写缺席原因（如：外出务工、生病）");
    }
    bool dup = false;
    for (size_t k = 0; k < n_absent; k++) {
      dup = dup || absent_pid[k] == pid;
    }
    if (!dup) {
      absent_pid[n_absent] = pid;
      absent_reason[n_absent] = req_param(r, rs);
      absent_excl[n_absent] = req_param(r, x);
      n_absent++;
    }
  }
  size_t i;
  json_t *m;
  json_array_foreach(roster, i, m) {
    MeetingAttendeeIn *a = &p->att[p->n_att++];
    a->person_id = view_int(m, "person_id");
    a->presence = "present";
    a->full_member = jflag(m, "full");
    a->can_vote = jflag(m, "can_vote");
    for (size_t k = 0; k < n_absent; k++) {
      if (absent_pid[k] == a->person_id) {
        a->presence = "absent";
        a->reason = absent_reason[k];
        a->exclusion = absent_excl[k];
      }
    }
  }
  MeetingTally att;
  meeting_attendance_tally(kind, p->att, p->n_att, &att);
  for (int k = 1; k <= MEETING_MAX_DECISIONS; k++) {
    char dn[16], y[16], n[16], b[16];
    snprintf(dn, sizeof dn, "d%d", k);
    snprintf(y, sizeof y, "y%d", k);
    snprintf(n, sizeof n, "n%d", k);
    snprintf(b, sizeof b, "b%d", k);
    const char *text = req_param(r, dn);
    bool counted = req_param(r, y) || req_param(r, n) || req_param(r, b);
    if (!text) {
      if (counted) {
        req_error(r, dn, "「决议」填写了表决票数，请同时填写决议内容");
      }
      continue;
    }
    MeetingDecisionIn *dec = &p->dec[p->n_dec++];
    dec->text = text;
    dec->voted = counted;
    dec->yes = (int)req_param_int(r, y, 0);
    dec->no = (int)req_param_int(r, n, 0);
    dec->abstain = (int)req_param_int(r, b, 0);
    MeetingTally t;
    if (counted && meeting_tally_counts(meeting_body_of(kind), att.due, att.present, dec->yes,
                                        dec->no, dec->abstain, &t) < 0) {
      Buf msg = BUF_INIT;
      buf_printf(&msg, "「表决票数」%s", t.explain);
      req_error(r, y, buf_cstr(&msg));
      buf_free(&msg);
    }
  }
  MeetingRuleSet rs;
  meeting_rules_default(&rs);
  if (date_is_valid(d) && d.y > 0) {
    DateCalendar *cal = load_calendar(r);
    MeetingDeadline dl;
    meeting_submit_deadline(&rs, cal, d, NULL, today, &dl);
    date_format_iso(dl.due, p->due);
    date_calendar_free(cal);
  }
  p->in = (MeetingInput){
      .org_id = org_id,
      .kind = kind,
      .held_at = p->held_at,
      .place = req_param(r, "place"),
      .host_person_id = req_param_int(r, "host", 0),
      .recorder_person_id = req_param_int(r, "recorder", 0),
      .lecturer = req_param(r, "lecturer"),
      .lecture_title = req_param(r, "lecture_title"),
      .study_title = req_param(r, "study_title"),
      .study_source = req_param(r, "study_source"),
      .topics = req_param(r, "topics"),
      .minutes = req_param(r, "minutes"),
      .guests = req_param(r, "guests"),
      .due_date = p->due,
      .attendees = p->att,
      .n_attendees = p->n_att,
      .decisions = p->dec,
      .n_decisions = p->n_dec,
  };
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
  json_t *roster = roster_of(r, view_int(org, "id"), "party_congress", today);
  json_t *values = values_from_params(r);
  json_t *form = json_object_get(values, "form");
  char iso[DATE_ISO_SIZE];
  json_object_set_new(form, "kind", json_string("party_congress"));
  json_object_set_new(form, "date", json_string(date_format_iso(today, iso)));
  rc = render_form(r, 200, org, NULL, values, roster);
  json_decref(roster);
  json_decref(org);
  return rc;
}

/* Saves (and with do=submit submits) a checked record; responds. meeting: the stored record
 * when editing, else NULL (org: the org of a new one). */
static int save_record(Req *r, const json_t *org, const json_t *meeting) {
  Date today = date_today();
  int64_t org_id = meeting ? view_int(meeting, "org_id") : view_int(org, "id");
  const char *kind = req_param(r, "kind");
  json_t *roster = roster_of(r, org_id, kind, today);
  Posted *p = calloc(1, sizeof *p);
  if (!p) {
    abort();
  }
  int rc = -1;
  json_t *after = NULL;
  read_form(r, org_id, roster, p, today);
  if (req_has_errors(r)) {
    rc = render_form(r, 400, org, meeting, values_from_params(r), roster);
    goto out;
  }
  if (db_begin(r->db) != DB_OK) {
    goto out;
  }
  int64_t id = meeting ? view_int(meeting, "id") : 0;
  const char *why = NULL;
  int db = meeting ? meeting_update(r->db, &r->scope, id, &p->in, time(NULL), &why)
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
  char id_s[24];
  snprintf(id_s, sizeof id_s, "%lld", (long long)id);
  if (!after ||
      web_audit(r, meeting ? "update" : "create", "meeting", id_s,
                meeting ? json_deep_copy(meeting) : NULL, json_deep_copy(after)) != DB_OK ||
      (submit && web_audit(r, "submit", "meeting", id_s, NULL,
                           json_pack("{s:s}", "state", "submitted")) != DB_OK) ||
      db_commit(r->db) != DB_OK) {
    rc = write_failed(r);
    goto out;
  }
  web_flash(r, "ok", submit ? "会议记录已提交乡镇党委审核" : "会议记录已暂存，可继续修改后提交");
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
  rc = save_record(r, org, NULL);
  json_decref(org);
  return rc;
}

/* The meeting of the path for editing: in scope (404) and in a state the branch may still
 * change (409: submitted, accepted, returned to hold again). */
static json_t *meeting_for_edit(Req *r, int *rc) {
  json_t *m = meeting_get(r->db, &r->scope, req_param_int(r, "id", 0));
  if (!m) {
    *rc = meeting_not_found(r);
    return NULL;
  }
  int st = meeting_state_parse(view_str(m, "state"));
  const char *why = NULL;
  if (st < 0 ||
      meeting_transition((MeetingState)st, MEETING_ACTION_SAVE, acting_role(r, MEETING_ACTION_SAVE),
                         &why) == MEETING_STATE_INVALID) {
    Buf msg = BUF_INIT;
    buf_printf(&msg, "该会议记录当前为「%s」，不能修改：%s",
               str_or_empty(meeting_state_label((MeetingState)st)), why ? why : "");
    *rc = web_error(r, 409, buf_cstr(&msg));
    buf_free(&msg);
    json_decref(m);
    return NULL;
  }
  return m;
}

int meeting_edit_form_page(Req *r) {
  int rc = -1;
  json_t *m = meeting_for_edit(r, &rc);
  if (!m) {
    return rc;
  }
  json_t *roster = roster_of(r, view_int(m, "org_id"), view_str(m, "kind"), date_today());
  rc = render_form(r, 200, NULL, m, values_from_meeting(m), roster);
  json_decref(roster);
  json_decref(m);
  return rc;
}

int meeting_edit_page(Req *r) {
  int rc = -1;
  json_t *m = meeting_for_edit(r, &rc);
  if (!m) {
    return rc;
  }
  rc = save_record(r, NULL, m);
  json_decref(m);
  return rc;
}

/* ---- detail ---- */

/* The view of a stored record: labels, attendance and its tally, decisions with their
 * tallies (failed ones flagged), deadline, findings, and the actions the user may take. */
static json_t *detail_model(Req *r, json_t *m) {
  MeetingRuleSet rs;
  meeting_rules_default(&rs);
  DateCalendar *cal = load_calendar(r);
  Date today = date_today();
  const char *kind = view_str(m, "kind");
  int st = meeting_state_parse(view_str(m, "state"));
  int64_t id = view_int(m, "id");
  json_object_set_new(m, "kind_label", json_string(kind_label(kind)));
  json_object_set_new(m, "state_label",
                      json_string(str_or_empty(meeting_state_label((MeetingState)st))));
  json_object_set_new(m, "state_class", json_string(state_class((MeetingState)st)));
  /* attendance */
  json_t *attendees = json_object_get(m, "attendees");
  size_t n = json_array_size(attendees);
  MeetingAttendeeIn *a = calloc(n ? n : 1, sizeof *a);
  if (!a) {
    abort();
  }
  json_t *present = json_array(), *absent = json_array();
  bool recorder_absent = false;
  size_t i;
  json_t *x;
  json_array_foreach(attendees, i, x) {
    a[i].person_id = view_int(x, "person_id");
    a[i].presence = view_str(x, "presence");
    a[i].reason = view_str(x, "reason");
    a[i].exclusion = view_str(x, "exclusion");
    a[i].full_member = jflag(x, "full_member");
    a[i].can_vote = jflag(x, "can_vote");
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
  deadline_of(&rs, cal, m, today, &dl);
  json_object_set_new(m, "deadline", deadline_view(&dl));
  /* findings */
  json_t *findings = json_array();
  const MeetingKind *k = meeting_kind_find(kind);
  if (k) {
    const char *minutes = view_str(m, "minutes");
    MeetingContent c = {.kind = k->id,
                        .n_decisions = (int)json_array_size(json_object_get(m, "decisions")),
                        .n_speakers = minutes && *minutes ? 1 : 0,
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
  char t[64];
  local_time(&rs, view_int(m, "entered_at"), t);
  json_object_set_new(m, "entered_at_text", json_string(t));
  if (json_is_integer(json_object_get(m, "submitted_at"))) {
    local_time(&rs, view_int(m, "submitted_at"), t);
    json_object_set_new(m, "submitted_at_text", json_string(t));
  }
  if (json_is_integer(json_object_get(m, "reviewed_at"))) {
    local_time(&rs, view_int(m, "reviewed_at"), t);
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
  json_object_set_new(m, "edit_href", href_of(id, "/edit"));
  json_object_set_new(m, "submit_href", href_of(id, "/submit"));
  json_object_set_new(m, "review_href", href_of(id, "/review"));
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
  json_t *model = json_pack(
      "{s:s, s:o, s:[{s:s, s:s}, {s:s, s:s}, {s:n, s:s}]}", "title", "会议记录", "meeting", m,
      "breadcrumbs", "href", "/meetings", "label", "三会一课", "href", list, "label",
      str_or_empty(view_str(m, "org_name")), "href", "label", kind_label(view_str(m, "kind")));
  if (req_has_errors(r)) {
    json_object_set(model, "errors", r->errors);
  }
  return web_render(r, 200, "meeting_detail", model);
}

/* ---- list ---- */

int meeting_list_page(Req *r) {
  int64_t org_id = req_param_int(r, "org", 0);
  json_t *org = NULL;
  if (org_id > 0) {
    org = org_get(r->db, &r->scope, org_id);
    if (!org) {
      return org_not_found(r);
    }
  }
  const char *period = req_param(r, "period");
  char from[DATE_ISO_SIZE] = "", to[DATE_ISO_SIZE] = "", label[PERIOD_LABEL_SIZE] = "";
  if (period) {
    Period p;
    if (date_period_parse_key(period, strlen(period), &p) != 0) {
      json_decref(org);
      return web_error(r, 400, "「期间」应为 2026、2026-Q1、2026-H1 或 2026-03 这样的写法");
    }
    date_format_iso(date_period_first_day(p), from);
    date_format_iso(date_add_days(date_period_last_day(p), 1), to);
    date_period_label(p, label);
  }
  json_t *rows =
      meeting_list(r->db, &r->scope, org_id, *from ? from : NULL, *to ? to : NULL, LIST_LIMIT);
  if (!rows) {
    json_decref(org);
    return -1;
  }
  MeetingRuleSet rs;
  meeting_rules_default(&rs);
  DateCalendar *cal = load_calendar(r);
  Date today = date_today();
  size_t i;
  json_t *x;
  int n_late = 0, n_failed = 0;
  json_array_foreach(rows, i, x) {
    int st = meeting_state_parse(view_str(x, "state"));
    json_object_set_new(x, "kind_label", json_string(kind_label(view_str(x, "kind"))));
    json_object_set_new(x, "state_label",
                        json_string(str_or_empty(meeting_state_label((MeetingState)st))));
    json_object_set_new(x, "state_class", json_string(state_class((MeetingState)st)));
    json_object_set_new(x, "href", href_of(view_int(x, "id"), ""));
    MeetingDeadline dl;
    deadline_of(&rs, cal, x, today, &dl);
    json_object_set_new(x, "deadline", deadline_view(&dl));
    n_late += dl.status == MEETING_DEADLINE_LATE || dl.status == MEETING_DEADLINE_OVERDUE;
    n_failed += view_int(x, "n_failed") > 0;
  }
  date_calendar_free(cal);
  int64_t new_org = org_id > 0 ? org_id : r->user.org_id;
  char new_href[48];
  snprintf(new_href, sizeof new_href, "/meetings/new?org=%lld", (long long)new_org);
  json_t *model =
      json_pack("{s:s, s:o, s:i, s:i, s:i, s:s, s:s, s:o, s:o}", "title", "三会一课", "meetings",
                rows, "total", (int)json_array_size(rows), "n_late", n_late, "n_failed", n_failed,
                "period", period ? period : "", "period_label", label, "org",
                org ? json_pack("{s:I, s:s}", "id", (json_int_t)org_id, "name",
                                str_or_empty(view_str(org, "name")))
                    : json_null(),
                "new_href",
                authz_can(r->user.role, PERM_MEETING_EDIT) && new_org > 0 ? json_string(new_href)
                                                                          : json_null());
  json_object_set_new(model, "empty", json_boolean(json_array_size(rows) == 0));
  json_decref(org);
  return web_render(r, 200, "meeting_list", model);
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
