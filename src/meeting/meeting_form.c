/*
 * meeting_form.c: the phone entry form of a meeting record. See meeting_form.h.
 */
#include "meeting/meeting_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "meeting/meeting.h"
#include "meeting/meeting_view.h"
#include "meeting/rules_store.h"
#include "member/member.h"
#include "web/view.h"
#include "base/banned.h"

static const char *str_or_empty(const char *s) { return s ? s : ""; }

/* ---- roster ---- */

/* The attendance roster of org for a kind: the org's members (member_list of its subtree;
 * name order), or for a 支部委员会 meeting the members holding a current committee position.
 * New reference: [{person_id, name, status, can_vote, full}]. */
json_t *meeting_form_roster(Req *r, int64_t org_id, const char *kind, Date today) {
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
                                         str_or_empty(status), "can_vote", view_flag(m, "can_vote"),
                                         "full", status && strcmp(status, "正式党员") == 0));
    if (json_array_size(out) >= MEETING_ROSTER_MAX) {
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

/* The name of pid in the roster, or "". */
static const char *roster_name(const json_t *roster, int64_t pid) {
  size_t i;
  json_t *m;
  json_array_foreach(roster, i, m) {
    if (view_int(m, "person_id") == pid) {
      return str_or_empty(view_str(m, "name"));
    }
  }
  return "";
}

/* The attendance roster of a stored record (meeting_get): the members listed then, with their
 * voting status then (an amendment corrects the record of that meeting, not today's roster).
 * New reference, the shape of meeting_form_roster. */
json_t *meeting_form_roster_of(const json_t *m) {
  json_t *out = json_array();
  size_t i;
  json_t *a;
  json_array_foreach(json_object_get(m, "attendees"), i, a) {
    const char *p = view_str(a, "presence");
    if ((p && strcmp(p, "attending") == 0) || json_array_size(out) >= MEETING_ROSTER_MAX) {
      continue;
    }
    bool full = view_flag(a, "full_member");
    json_array_append_new(out, json_pack("{s:I, s:s, s:s, s:b, s:b}", "person_id",
                                         (json_int_t)view_int(a, "person_id"), "name",
                                         str_or_empty(view_str(a, "name")), "status",
                                         full ? "正式党员" : "预备党员", "can_vote",
                                         view_flag(a, "can_vote"), "full", full));
  }
  return out;
}

/* ---- the form ---- */

static const char *const form_keys[] = {"kind",          "date",        "time",         "place",
                                        "topics",        "minutes",     "guests",       "lecturer",
                                        "lecture_title", "study_title", "study_source", NULL};

/* The posted values: {form {…}, host, recorder, absent {pid: {reason, exclusion, slot}},
 * decisions [{n, text, yes, no, abstain}], speeches [{n, speaker, guest, text}]}. */
json_t *meeting_form_posted(Req *r) {
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
  for (int i = 1; i <= MEETING_ROSTER_MAX; i++) {
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
  json_t *sp = json_array();
  for (int i = 1; i <= MEETING_MAX_SPEECHES; i++) {
    char k[16], g[16], t[16];
    snprintf(k, sizeof k, "sp%d", i);
    snprintf(g, sizeof g, "sg%d", i);
    snprintf(t, sizeof t, "st%d", i);
    json_array_append_new(sp, json_pack("{s:i, s:I, s:s, s:s}", "n", i, "speaker",
                                        (json_int_t)req_param_int(r, k, 0), "guest",
                                        str_or_empty(req_param(r, g)), "text",
                                        str_or_empty(req_param(r, t))));
  }
  return json_pack("{s:o, s:o, s:o, s:o}", "form", form, "absent", absent, "decisions", dec,
                   "speeches", sp);
}

/* The same shape from a stored meeting (meeting_get). */
json_t *meeting_form_stored(const json_t *m) {
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
  json_t *sp = json_array();
  json_t *stored_sp = json_object_get(m, "speeches");
  for (size_t k = 0; k < MEETING_MAX_SPEECHES; k++) {
    json_t *x = json_array_get(stored_sp, k);
    bool guest = x && view_int(x, "guest");
    json_array_append_new(sp, json_pack("{s:i, s:I, s:s, s:s}", "n", (int)k + 1, "speaker",
                                        (json_int_t)(x && !guest ? view_int(x, "person_id") : 0),
                                        "guest", guest ? str_or_empty(view_str(x, "name")) : "",
                                        "text", x ? str_or_empty(view_str(x, "text")) : ""));
  }
  return json_pack("{s:o, s:o, s:o, s:o}", "form", form, "absent", absent, "decisions", dec,
                   "speeches", sp);
}

/* <option>s [{value, label, selected}] of the roster, with an empty first one. */
static json_t *person_options_labelled(const json_t *roster, int64_t chosen, const char *none) {
  json_t *a = json_array();
  json_array_append_new(
      a, json_pack("{s:s, s:s, s:b}", "value", "", "label", none, "selected", chosen == 0));
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

static json_t *person_options(const json_t *roster, int64_t chosen) {
  return person_options_labelled(roster, chosen, "（未指定）");
}

/* The speech rows of the form: [{n, options, guest, text, error}] for every slot, split into
 * speeches_shown (the filled ones and one empty, at least two) and speeches_more; *open when
 * any is filled or has an error. */
static void speech_rows(Req *r, json_t *m, const json_t *values, const json_t *roster) {
  json_t *rows = json_array();
  size_t last = 0; /* 1 + the last filled or faulty slot */
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(values, "speeches"), i, x) {
    char k[32];
    const char *err = NULL;
    static const char *const prefixes[] = {"sp", "sg", "st"};
    for (int c = 0; !err && c < 3; c++) {
      snprintf(k, sizeof k, "%s%zu", prefixes[c], i + 1);
      err = view_str(r->errors, k);
    }
    bool filled = view_int(x, "speaker") > 0 || *str_or_empty(view_str(x, "guest")) ||
                  *str_or_empty(view_str(x, "text"));
    if (filled || err) {
      last = i + 1;
    }
    json_array_append_new(
        rows, json_pack("{s:i, s:o, s:s, s:s, s:o}", "n", (int)i + 1, "options",
                        person_options_labelled(roster, view_int(x, "speaker"), "（选择发言人）"),
                        "guest", str_or_empty(view_str(x, "guest")), "text",
                        str_or_empty(view_str(x, "text")), "error", view_text(err)));
  }
  size_t shown = last + 1 > 2 ? last + 1 : 2;
  json_t *first = json_array(), *more = json_array();
  json_array_foreach(rows, i, x) { json_array_append(i < shown ? first : more, x); }
  json_decref(rows);
  json_object_set_new(m, "speeches_open", json_boolean(last > 0));
  json_object_set_new(m, "speeches_more_any", json_boolean(json_array_size(more) > 0));
  json_object_set_new(m, "speeches_shown", first);
  json_object_set_new(m, "speeches_more", more);
}

/*
 * Renders the entry form in mode: for org (MEETING_FORM_NEW) or for meeting (the record edited or
 * amended, or the record held again; org NULL). values: the shape of meeting_form_posted;
 * roster: the attendance roster. Steals values; borrows the rest.
 */
int meeting_form_render(Req *r, int status, MeetingFormMode mode, const json_t *org,
                        const json_t *meeting, json_t *values, const json_t *roster) {
  static const char *const titles[] = {"记录会议", "修改会议记录", "修正会议记录",
                                       "重新召开：记录会议"};
  static const char *const suffixes[] = {"", "/edit", "/amend", "/rehold"};
  json_t *form = json_object_get(values, "form");
  const char *kind = view_str(form, "kind");
  json_t *m = json_pack("{s:s, s:b, s:b, s:b, s:b, s:b}", "title", titles[mode], "is_new",
                        mode == MEETING_FORM_NEW, "is_amend", mode == MEETING_FORM_AMEND,
                        "is_rehold", mode == MEETING_FORM_REHOLD, "lock_kind",
                        mode == MEETING_FORM_AMEND || mode == MEETING_FORM_REHOLD, "can_draft",
                        mode != MEETING_FORM_AMEND);
  char action[64], cancel[64];
  if (mode == MEETING_FORM_NEW) {
    snprintf(action, sizeof action, "/meetings/new?org=%lld", (long long)view_int(org, "id"));
    snprintf(cancel, sizeof cancel, "/meetings?org=%lld", (long long)view_int(org, "id"));
    json_object_set_new(m, "org_name", json_string(str_or_empty(view_str(org, "name"))));
  } else {
    snprintf(action, sizeof action, "/meetings/%lld%s", (long long)view_int(meeting, "id"),
             suffixes[mode]);
    snprintf(cancel, sizeof cancel, "/meetings/%lld", (long long)view_int(meeting, "id"));
    json_object_set_new(m, "org_name", json_string(str_or_empty(view_str(meeting, "org_name"))));
    if (mode != MEETING_FORM_AMEND) {
      json_object_set_new(m, "review_remark", view_text(view_str(meeting, "review_remark")));
    }
    json_object_set_new(m, "original_held_at",
                        json_string(str_or_empty(view_str(meeting, "held_at"))));
    json_object_set_new(m, "original_href", json_string(cancel));
  }
  json_object_set_new(m, "kind_label", json_string(meeting_kind_label(kind)));
  json_object_set_new(m, "reason", json_string(str_or_empty(req_param(r, "reason"))));
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
    const char *note = !view_flag(p, "full")       ? "预备党员"
                       : !view_flag(p, "can_vote") ? "无表决权"
                                                   : NULL;
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
  speech_rows(r, m, values, roster);
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

/* Reads the speech rows sp/sg/st 1..MEETING_MAX_SPEECHES into p: a speaker present at the
 * meeting (from the roster, not among the n_absent absent_pid) or a free name (列席), and
 * the text; half-filled rows get a field error naming the row. */
static void read_speeches(Req *r, const json_t *roster, const int64_t *absent_pid, size_t n_absent,
                          MeetingPosted *p) {
  for (int k = 1; k <= MEETING_MAX_SPEECHES; k++) {
    char sk[16], gk[16], tk[16];
    snprintf(sk, sizeof sk, "sp%d", k);
    snprintf(gk, sizeof gk, "sg%d", k);
    snprintf(tk, sizeof tk, "st%d", k);
    int64_t pid = req_param_int(r, sk, 0);
    const char *guest = req_param(r, gk);
    const char *text = req_param(r, tk);
    if (pid <= 0 && !guest && !text) {
      continue;
    }
    Buf msg = BUF_INIT;
    bool absent = false;
    for (size_t i = 0; i < n_absent; i++) {
      absent = absent || absent_pid[i] == pid;
    }
    if (pid > 0 && guest) {
      buf_printf(&msg, "「发言人」第%d条：从名单中选择发言人，或填写列席人员姓名，只填一项", k);
    } else if (pid <= 0 && !guest) {
      buf_printf(&msg, "「发言人」第%d条：请选择发言人（列席人员请填写姓名）", k);
    } else if (pid > 0 && !roster_has(roster, pid)) {
      buf_printf(&msg, "「发言人」第%d条：应从本组织的参会名单中选择", k);
    } else if (absent) {
      buf_printf(&msg, "「发言人」第%d条：%s已登记为缺席，请核对出席情况", k,
                 roster_name(roster, pid));
    }
    if (msg.len) {
      req_error(r, sk, buf_cstr(&msg));
    } else if (!text) {
      buf_printf(&msg, "「发言内容」第%d条：请填写发言要点", k);
      req_error(r, tk, buf_cstr(&msg));
    } else {
      p->sp[p->n_sp++] = (MeetingSpeechIn){
          .person_id = pid > 0 ? pid : 0, .name = pid > 0 ? NULL : guest, .text = text};
    }
    buf_free(&msg);
  }
}

static bool time_ok(const char *t) {
  return t && strlen(t) == 5 && t[0] >= '0' && t[0] <= '2' && t[1] >= '0' && t[1] <= '9' &&
         t[2] == ':' && t[3] >= '0' && t[3] <= '5' && t[4] >= '0' && t[4] <= '9' &&
         (t[0] - '0') * 10 + (t[1] - '0') < 24;
}

void meeting_form_read(Req *r, int64_t org_id, const json_t *roster, MeetingPosted *p, Date today) {
  memset(p, 0, sizeof *p);
  const char *kind = req_param(r, "kind");
  const char *date = req_param(r, "date");
  const char *tm = req_param(r, "time");
  Date d = {0};
  if (date && meeting_view_held_date(date, &d) && date_compare(d, today) > 0) {
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
  int64_t absent_pid[MEETING_ROSTER_MAX];
  const char *absent_reason[MEETING_ROSTER_MAX], *absent_excl[MEETING_ROSTER_MAX];
  size_t n_absent = 0;
  for (int i = 1; i <= MEETING_ROSTER_MAX; i++) {
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
    a->full_member = view_flag(m, "full");
    a->can_vote = view_flag(m, "can_vote");
    for (size_t k = 0; k < n_absent; k++) {
      if (absent_pid[k] == a->person_id) {
        a->presence = "absent";
        a->reason = absent_reason[k];
        a->exclusion = absent_excl[k];
      }
    }
  }
  read_speeches(r, roster, absent_pid, n_absent, p);
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
  meeting_rules_load(r->db, &rs); /* on a database error: the defaults */
  if (date_is_valid(d) && d.y > 0) {
    DateCalendar *cal = calendar_load_or_empty(r->db);
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
      .speeches = p->sp,
      .n_speeches = p->n_sp,
  };
}
