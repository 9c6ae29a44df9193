/*
 * meeting_amend.c: the diff of two versions of a meeting record (see meeting_amend.h). Pure:
 * no SQL, no I/O; the values are the texts the record's page shows.
 */
#include "meeting/meeting_amend.h"

#include <stdio.h>
#include <string.h>

#include "meeting/meeting.h"
#include "web/view.h"
#include "base/banned.h"

/* The record's own fields, in the order of the page. */
static const struct {
  const char *field, *label;
} scalar_fields[] = {
    {"held_at", "召开时间"},     {"place", "会议地点"},
    {"host_name", "主持人"},     {"recorder_name", "记录人"},
    {"lecturer", "讲课人"},      {"lecture_title", "党课题目"},
    {"study_title", "学习内容"}, {"study_source", "学习材料出处"},
    {"topics", "议题"},
};

/* s, or NULL when NULL or "". */
static const char *nz(const char *s) { return s && *s ? s : NULL; }

static bool same(const char *a, const char *b) {
  a = nz(a);
  b = nz(b);
  return a == b || (a && b && strcmp(a, b) == 0);
}

/* Appends {field, label, old_value, new_value} to out when old and new differ. */
static void add_change(json_t *out, const char *field, const char *label, const char *old_value,
                       const char *new_value) {
  if (same(old_value, new_value)) {
    return;
  }
  json_array_append_new(out, json_pack("{s:s, s:s, s:o, s:o}", "field", field, "label", label,
                                       "old_value", view_text(nz(old_value)), "new_value",
                                       view_text(nz(new_value))));
}

/* "缺席：乙（外出务工）、丙〔不计入应到：自费出国半年以上〕" or "全部到会" into b. */
static void attendance_text(const json_t *m, Buf *b) {
  size_t i, n = 0;
  json_t *a;
  json_array_foreach(json_object_get(m, "attendees"), i, a) {
    const char *p = view_str(a, "presence");
    if (!p || strcmp(p, "absent") != 0) {
      continue;
    }
    buf_puts(b, n++ ? "、" : "缺席：");
    buf_puts(b, view_str_or(a, "name", ""));
    if (nz(view_str(a, "reason"))) {
      buf_printf(b, "（%s）", view_str(a, "reason"));
    }
    MeetingExclusion e = meeting_exclusion_parse(view_str(a, "exclusion"));
    if (e != MEETING_EXCLUDE_NONE) {
      buf_printf(b, "〔不计入应到：%s〕", meeting_exclusion_label(e));
    }
  }
  if (n == 0) {
    buf_puts(b, "全部到会");
  }
}

/* One decision as shown: "text（赞成 a，反对 b，弃权 c）" or "text（未表决）". */
static void decision_text(const json_t *d, Buf *b) {
  buf_puts(b, view_str_or(d, "text", ""));
  if (json_is_integer(json_object_get(d, "yes"))) {
    buf_printf(b, "（赞成 %lld，反对 %lld，弃权 %lld）", (long long)view_int(d, "yes"),
               (long long)view_int(d, "no"), (long long)view_int(d, "abstain"));
  } else {
    buf_puts(b, "（未表决）");
  }
}

/* "姓名：发言" lines of the speeches (empty when none). */
static void speeches_text(const json_t *m, Buf *b) {
  size_t i;
  json_t *s;
  json_array_foreach(json_object_get(m, "speeches"), i, s) {
    buf_printf(b, "%s%s%s：%s", i ? "\n" : "", view_str_or(s, "name", ""),
               view_int(s, "guest") ? "（列席）" : "", view_str_or(s, "text", ""));
  }
}

json_t *meeting_amend_diff(const json_t *before, const json_t *after) {
  json_t *out = json_array();
  for (size_t i = 0; i < sizeof scalar_fields / sizeof scalar_fields[0]; i++) {
    add_change(out, scalar_fields[i].field, scalar_fields[i].label,
               view_str(before, scalar_fields[i].field), view_str(after, scalar_fields[i].field));
  }
  Buf x = BUF_INIT, y = BUF_INIT;
  attendance_text(before, &x);
  attendance_text(after, &y);
  add_change(out, "attendance", "出席情况", buf_cstr(&x), buf_cstr(&y));
  add_change(out, "guests", "列席人员", view_str(before, "guests"), view_str(after, "guests"));
  add_change(out, "minutes", "发言要点", view_str(before, "minutes"), view_str(after, "minutes"));
  buf_reset(&x);
  buf_reset(&y);
  speeches_text(before, &x);
  speeches_text(after, &y);
  add_change(out, "speeches", "分人发言", buf_cstr(&x), buf_cstr(&y));
  const json_t *da = json_object_get(before, "decisions"),
               *db = json_object_get(after, "decisions");
  size_t n = json_array_size(da) > json_array_size(db) ? json_array_size(da) : json_array_size(db);
  for (size_t i = 0; i < n; i++) {
    buf_reset(&x);
    buf_reset(&y);
    const json_t *a = json_array_get(da, i), *b = json_array_get(db, i);
    if (a) {
      decision_text(a, &x);
    }
    if (b) {
      decision_text(b, &y);
    }
    char field[32], label[32];
    snprintf(field, sizeof field, "decision.%zu", i + 1);
    snprintf(label, sizeof label, "决议%zu", i + 1);
    add_change(out, field, label, a ? buf_cstr(&x) : NULL, b ? buf_cstr(&y) : NULL);
  }
  buf_free(&x);
  buf_free(&y);
  return out;
}
