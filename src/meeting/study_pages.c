/*
 * The pages of study materials and key topics, and the side-by-side page of a record that
 * resembles other texts. See study_pages.h. Each handler validates, calls the store
 * (study_store.c) or the check (meeting_check_text.c), builds a view model and renders it
 * (templates/study_*.mustache, templates/meeting_similar.mustache, or the model as JSON).
 */
#include "meeting/study_pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "meeting/meeting.h"
#include "meeting/meeting_check.h"
#include "meeting/meeting_store.h"
#include "meeting/rules_store.h"
#include "meeting/similar.h"
#include "meeting/study_store.h"
#include "web/view.h"
#include "base/banned.h"

enum {
  BODY_MIN_CHARS = 20,    /* a material shorter than this cannot be compared with anything */
  KEYWORDS_MAX = 20,      /* keywords of one topic */
  KEYWORD_MAX_CHARS = 30, /* characters of one keyword */
  SIMILAR_MAX = 5,        /* texts shown beside a record */
  PASSAGES_MAX = 64,      /* common passages marked per pair */
};

static const char *const retire_choices[] = {"retire", "restore", NULL};

/* ---- parameter declarations ---- */

#define MATERIAL_FIELDS                                                                            \
  {.name = "org", .kind = P_ID, .label = "登记单位"},                                              \
      {.name = "title", .kind = P_LINE, .required = true, .label = "标题", .max = 100},            \
      {.name = "source", .kind = P_LINE, .label = "出处", .max = 200}, {                           \
    .name = "body", .kind = P_TEXT, .required = true, .label = "全文", .max = 20000                \
  }
#define TOPIC_FIELDS                                                                               \
  {.name = "org", .kind = P_ID, .label = "登记单位"},                                              \
      {.name = "title", .kind = P_LINE, .required = true, .label = "重点工作", .max = 60},         \
      {.name = "keywords", .kind = P_TEXT, .required = true, .label = "关键词", .max = 1000},      \
      {.name = "from", .kind = P_DATE, .required = true, .label = "开始日期"}, {                   \
    .name = "to", .kind = P_DATE, .required = true, .label = "结束日期"                        \
  }
#define ID_FIELD                                                                                   \
  { .name = "id", .kind = P_ID, .required = true, .label = "编号" }

const RouteParam study_list_params[] = {
    {.name = "all", .kind = P_BOOL, .label = "显示已停用"},
    {0},
};
const RouteParam study_id_params[] = {ID_FIELD, {0}};
const RouteParam study_new_form_params[] = {
    {.name = "org", .kind = P_ID, .label = "登记单位"},
    {0},
};
const RouteParam study_material_new_params[] = {MATERIAL_FIELDS, {0}};
const RouteParam study_material_edit_params[] = {ID_FIELD, MATERIAL_FIELDS, {0}};
const RouteParam study_topic_new_params[] = {TOPIC_FIELDS, {0}};
const RouteParam study_topic_edit_params[] = {ID_FIELD, TOPIC_FIELDS, {0}};
const RouteParam study_retire_params[] = {
    ID_FIELD,
    {.name = "action",
     .kind = P_ENUM,
     .required = true,
     .label = "操作",
     .choices = retire_choices},
    {0},
};

/* ---- helpers ---- */

static int not_found(Req *r, bool material) {
  return web_error(r, 404,
                   material ? "学习材料不存在，或不在您的管辖范围内"
                            : "重点工作不存在，或不在您的管辖范围内");
}

static int write_failed(Req *r) {
  while (db_depth(r->db) > 0) {
    db_rollback(r->db);
  }
  return -1;
}

static json_t *href(const char *prefix, int64_t id, const char *suffix) {
  char h[80];
  snprintf(h, sizeof h, "%s/%lld%s", prefix, (long long)id, suffix);
  return json_string(h);
}

static void day_of(int64_t at, char out[DATE_ISO_SIZE]) {
  /* registration dates in local (Beijing) time, as everywhere else in the UI */
  date_format_iso(date_from_days((at + 8 * 3600) / 86400), out);
}

/* The registering orgs the account may choose, with selected set on chosen. */
static json_t *org_options(Req *r, int64_t chosen) {
  json_t *orgs = study_register_orgs(r->db, &r->scope);
  if (!orgs) {
    return json_array();
  }
  size_t i;
  json_t *o;
  json_array_foreach(orgs, i, o) {
    json_object_set_new(o, "selected", json_boolean(view_int(o, "id") == chosen));
  }
  return orgs;
}

/* The registering org of a posted form: org, else the account's own org. */
static int64_t posted_org(Req *r) {
  int64_t id = req_param_int(r, "org", 0);
  return id > 0 ? id : r->user.org_id;
}

/* Whether org id is one the account may register for (a district or town in scope). */
static bool org_allowed(const json_t *options, int64_t id) {
  size_t i;
  json_t *o;
  json_array_foreach(options, i, o) {
    if (view_int(o, "id") == id) {
      return true;
    }
  }
  return false;
}

static json_t *form_values(Req *r, const char *const *keys) {
  json_t *form = json_object();
  for (size_t i = 0; keys[i]; i++) {
    json_object_set_new(form, keys[i], view_text(req_param(r, keys[i])));
  }
  return form;
}

/* ---- materials ---- */

static json_t *material_view(json_t *m) {
  int64_t id = view_int(m, "id");
  char d[DATE_ISO_SIZE];
  day_of(view_int(m, "registered_at"), d);
  json_object_set_new(m, "href", href("/study/materials", id, ""));
  json_object_set_new(m, "edit_href", href("/study/materials", id, "/edit"));
  json_object_set_new(m, "retire_href", href("/study/materials", id, "/retire"));
  json_object_set_new(m, "registered_day", json_string(d));
  json_object_set_new(m, "retired", json_boolean(view_int(m, "retired_at") != 0));
  json_object_set_new(m, "can_edit", json_boolean(view_flag(m, "can_edit")));
  json_object_set_new(m, "source", view_text(view_str(m, "source")));
  return m;
}

int study_material_list_page(Req *r) {
  bool all = req_param_int(r, "all", 0) != 0;
  json_t *list = study_material_list(r->db, &r->scope, all);
  if (!list) {
    return -1;
  }
  size_t i;
  json_t *m;
  json_array_foreach(list, i, m) { material_view(m); }
  json_t *model =
      json_pack("{s:o, s:b, s:b, s:b}", "materials", list, "empty", json_array_size(list) == 0,
                "all", all, "can_register", authz_can(r->user.role, PERM_MEETING_REVIEW));
  return web_render(r, 200, "study_materials", model);
}

static const char *const material_keys[] = {"title", "source", "body", NULL};

static int render_material_form(Req *r, int status, const json_t *m, json_t *form, int64_t org_id) {
  json_t *model = json_pack("{s:b, s:o, s:o}", "is_new", m == NULL, "form", form, "orgs",
                            org_options(r, org_id));
  json_object_set_new(model, "action",
                      m ? href("/study/materials", view_int(m, "id"), "/edit")
                        : json_string("/study/materials/new"));
  json_object_set_new(model, "cancel_href",
                      m ? href("/study/materials", view_int(m, "id"), "")
                        : json_string("/study/materials"));
  return web_render(r, status, "study_material_form", model);
}

int study_material_new_form_page(Req *r) {
  return render_material_form(r, 200, NULL, json_object(), posted_org(r));
}

/* Validates and saves a material (m: the stored one when editing); responds. */
static int save_material(Req *r, const json_t *m) {
  int64_t org_id = posted_org(r);
  json_t *options = org_options(r, org_id);
  if (!org_allowed(options, org_id)) {
    req_error(r, "org", "「登记单位」请选择本级或下级的区（县）委、乡镇党委");
  }
  json_decref(options);
  const char *body = req_param(r, "body");
  if (body && utf8_length(body, strlen(body)) < BODY_MIN_CHARS) {
    req_error(r, "body", "「全文」太短：请粘贴学习材料的全文（至少 20 个字）");
  }
  if (req_has_errors(r)) {
    return render_material_form(r, 400, m, form_values(r, material_keys), org_id);
  }
  StudyMaterialIn in = {org_id, req_param(r, "title"), req_param(r, "source"), body};
  int64_t id = m ? view_int(m, "id") : 0;
  if (db_begin(r->db) != DB_OK) {
    return -1;
  }
  int rc = study_material_save(r->db, &r->scope, id, &in, r->user.id, time(NULL), &id);
  if (rc == DB_NOTFOUND) {
    db_rollback(r->db);
    return not_found(r, true);
  }
  json_t *after = rc == DB_OK ? study_material_get(r->db, &r->scope, id) : NULL;
  char id_s[24];
  snprintf(id_s, sizeof id_s, "%lld", (long long)id);
  if (!after ||
      web_audit(r, m ? "update" : "create", "study_material", id_s, m ? json_deep_copy(m) : NULL,
                after) != DB_OK ||
      db_commit(r->db) != DB_OK) {
    return write_failed(r);
  }
  web_flash(r, "ok", m ? "学习材料已修改" : "学习材料已登记，将用于雷同记录比对");
  char to[64];
  snprintf(to, sizeof to, "/study/materials/%lld", (long long)id);
  return web_redirect(r, to);
}

int study_material_new_page(Req *r) { return save_material(r, NULL); }

int study_material_detail_page(Req *r) {
  json_t *m = study_material_get(r->db, &r->scope, req_param_int(r, "id", 0));
  if (!m) {
    return not_found(r, true);
  }
  material_view(m);
  return web_render(r, 200, "study_material", json_pack("{s:o}", "material", m));
}

/* The stored material of the path when the account may change it: else 404. */
static json_t *material_for_edit(Req *r, int *rc) {
  json_t *m = study_material_get(r->db, &r->scope, req_param_int(r, "id", 0));
  if (!m || !view_flag(m, "can_edit")) {
    json_decref(m);
    *rc = not_found(r, true);
    return NULL;
  }
  return m;
}

int study_material_edit_form_page(Req *r) {
  int rc = -1;
  json_t *m = material_for_edit(r, &rc);
  if (!m) {
    return rc;
  }
  json_t *form = json_object();
  for (size_t i = 0; material_keys[i]; i++) {
    json_object_set_new(form, material_keys[i], view_text(view_str(m, material_keys[i])));
  }
  rc = render_material_form(r, 200, m, form, view_int(m, "org_id"));
  json_decref(m);
  return rc;
}

int study_material_edit_page(Req *r) {
  int rc = -1;
  json_t *m = material_for_edit(r, &rc);
  if (!m) {
    return rc;
  }
  rc = save_material(r, m);
  json_decref(m);
  return rc;
}

/* Retires or restores material (material true) or topic id; responds. */
static int retire(Req *r, bool material) {
  int64_t id = req_param_int(r, "id", 0);
  json_t *before =
      material ? study_material_get(r->db, &r->scope, id) : study_topic_get(r->db, &r->scope, id);
  if (!before || !view_flag(before, "can_edit")) {
    json_decref(before);
    return not_found(r, material);
  }
  const char *action = req_param(r, "action");
  if (!action) {
    json_decref(before);
    return web_error(r, 400, "请选择停用或恢复");
  }
  bool stop = strcmp(action, "retire") == 0;
  json_object_del(before, "body"); /* the audit row needs the state, not the text */
  if (db_begin(r->db) != DB_OK) {
    json_decref(before);
    return -1;
  }
  int64_t now = time(NULL);
  int rc = material ? study_material_retire(r->db, &r->scope, id, stop, now)
                    : study_topic_retire(r->db, &r->scope, id, stop, now);
  if (rc != DB_OK) {
    json_decref(before);
    return write_failed(r);
  }
  char id_s[24];
  snprintf(id_s, sizeof id_s, "%lld", (long long)id);
  json_t *after = json_pack("{s:o}", "retired_at", stop ? json_integer(now) : json_null());
  if (web_audit(r, "update", material ? "study_material" : "key_topic", id_s, before, after) !=
          DB_OK ||
      db_commit(r->db) != DB_OK) {
    return write_failed(r);
  }
  web_flash(r, "ok", stop ? "已停用，不再参与检查" : "已恢复使用");
  return web_redirect(r, material ? "/study/materials" : "/study/topics");
}

int study_material_retire_page(Req *r) { return retire(r, true); }

/* ---- key topics ---- */

static json_t *topic_view(json_t *t) {
  int64_t id = view_int(t, "id");
  char d[DATE_ISO_SIZE];
  day_of(view_int(t, "registered_at"), d);
  json_object_set_new(t, "edit_href", href("/study/topics", id, "/edit"));
  json_object_set_new(t, "retire_href", href("/study/topics", id, "/retire"));
  json_object_set_new(t, "registered_day", json_string(d));
  json_object_set_new(t, "retired", json_boolean(view_int(t, "retired_at") != 0));
  json_object_set_new(t, "can_edit", json_boolean(view_flag(t, "can_edit")));
  /* the keywords as a list */
  json_t *words = json_array();
  const char *z = view_str(t, "keywords");
  while (z && *z) {
    const char *end = strchr(z, '\n');
    size_t len = end ? (size_t)(end - z) : strlen(z);
    if (len) {
      json_array_append_new(words, json_stringn(z, len));
    }
    z = end ? end + 1 : NULL;
  }
  json_object_set_new(t, "keyword_list", words);
  return t;
}

int study_topic_list_page(Req *r) {
  bool all = req_param_int(r, "all", 0) != 0;
  json_t *list = study_topic_list(r->db, &r->scope, all);
  if (!list) {
    return -1;
  }
  size_t i;
  json_t *t;
  json_array_foreach(list, i, t) { topic_view(t); }
  json_t *model =
      json_pack("{s:o, s:b, s:b, s:b}", "topics", list, "empty", json_array_size(list) == 0, "all",
                all, "can_register", authz_can(r->user.role, PERM_MEETING_REVIEW));
  return web_render(r, 200, "study_topics", model);
}

static const char *const topic_keys[] = {"title", "keywords", "from", "to", NULL};

static int render_topic_form(Req *r, int status, const json_t *t, json_t *form, int64_t org_id) {
  json_t *model = json_pack("{s:b, s:o, s:o}", "is_new", t == NULL, "form", form, "orgs",
                            org_options(r, org_id));
  json_object_set_new(model, "action",
                      t ? href("/study/topics", view_int(t, "id"), "/edit")
                        : json_string("/study/topics/new"));
  if (t) {
    json_object_set_new(model, "topic", json_deep_copy(t));
  }
  return web_render(r, status, "study_topic_form", model);
}

int study_topic_new_form_page(Req *r) {
  return render_topic_form(r, 200, NULL, json_object(), posted_org(r));
}

/* The keywords of the form, one per line, trimmed; errors go to the "keywords" field. */
static char *clean_keywords(Req *r, const char *z) {
  Buf b = {0};
  int n = 0;
  while (z && *z) {
    const char *end = strchr(z, '\n');
    size_t len = end ? (size_t)(end - z) : strlen(z);
    while (len && (z[0] == ' ' || z[0] == '\t' || z[0] == '\r')) {
      z++;
      len--;
    }
    while (len && (z[len - 1] == ' ' || z[len - 1] == '\t' || z[len - 1] == '\r')) {
      len--;
    }
    if (len) {
      char *norm = sim_normalize(z, len);
      bool empty = *norm == '\0';
      free(norm);
      Buf msg = {0};
      if (empty) {
        buf_printf(&msg, "「关键词」第 %d 个“%.*s”只有标点或空格", n + 1, (int)len, z);
      } else if (utf8_length(z, len) > KEYWORD_MAX_CHARS) {
        buf_printf(&msg, "「关键词」第 %d 个超过 %d 个字", n + 1, KEYWORD_MAX_CHARS);
      } else if (++n > KEYWORDS_MAX) {
        buf_printf(&msg, "「关键词」最多 %d 个", KEYWORDS_MAX);
      }
      if (msg.len) {
        req_error(r, "keywords", buf_cstr(&msg));
        buf_free(&msg);
        break;
      }
      buf_printf(&b, "%s%.*s", b.len ? "\n" : "", (int)len, z);
    }
    z = end ? end + 1 : NULL;
  }
  if (b.len == 0) {
    buf_free(&b);
    return NULL;
  }
  return buf_take(&b);
}

/* Validates and saves a topic (t: the stored one when editing); responds. */
static int save_topic(Req *r, const json_t *t) {
  int64_t org_id = posted_org(r);
  json_t *options = org_options(r, org_id);
  if (!org_allowed(options, org_id)) {
    req_error(r, "org", "「登记单位」请选择本级或下级的区（县）委、乡镇党委");
  }
  json_decref(options);
  char *keywords = clean_keywords(r, req_param(r, "keywords"));
  if (!keywords && !json_object_get(r->errors, "keywords")) {
    req_error(r, "keywords", "「关键词」请至少填写一个，每行一个");
  }
  const char *from = req_param(r, "from"), *to = req_param(r, "to");
  if (from && to && strcmp(from, to) > 0) {
    req_error(r, "to", "「结束日期」不能早于开始日期");
  }
  if (req_has_errors(r)) {
    free(keywords);
    return render_topic_form(r, 400, t, form_values(r, topic_keys), org_id);
  }
  StudyTopicIn in = {org_id, req_param(r, "title"), keywords, from, to};
  int64_t id = t ? view_int(t, "id") : 0;
  if (db_begin(r->db) != DB_OK) {
    free(keywords);
    return -1;
  }
  int rc = study_topic_save(r->db, &r->scope, id, &in, r->user.id, time(NULL), &id);
  free(keywords);
  if (rc == DB_NOTFOUND) {
    db_rollback(r->db);
    return not_found(r, false);
  }
  json_t *after = rc == DB_OK ? study_topic_get(r->db, &r->scope, id) : NULL;
  char id_s[24];
  snprintf(id_s, sizeof id_s, "%lld", (long long)id);
  if (!after ||
      web_audit(r, t ? "update" : "create", "key_topic", id_s, t ? json_deep_copy(t) : NULL,
                after) != DB_OK ||
      db_commit(r->db) != DB_OK) {
    return write_failed(r);
  }
  web_flash(r, "ok", t ? "重点工作已修改" : "重点工作已登记，期满后将检查各支部会议记录是否涉及");
  return web_redirect(r, "/study/topics");
}

int study_topic_new_page(Req *r) { return save_topic(r, NULL); }

static json_t *topic_for_edit(Req *r, int *rc) {
  json_t *t = study_topic_get(r->db, &r->scope, req_param_int(r, "id", 0));
  if (!t || !view_flag(t, "can_edit")) {
    json_decref(t);
    *rc = not_found(r, false);
    return NULL;
  }
  return t;
}

int study_topic_edit_form_page(Req *r) {
  int rc = -1;
  json_t *t = topic_for_edit(r, &rc);
  if (!t) {
    return rc;
  }
  json_t *form =
      json_pack("{s:o, s:o, s:o, s:o}", "title", view_text(view_str(t, "title")), "keywords",
                view_text(view_str(t, "keywords")), "from", view_text(view_str(t, "period_from")),
                "to", view_text(view_str(t, "period_to")));
  rc = render_topic_form(r, 200, t, form, view_int(t, "org_id"));
  json_decref(t);
  return rc;
}

int study_topic_edit_page(Req *r) {
  int rc = -1;
  json_t *t = topic_for_edit(r, &rc);
  if (!t) {
    return rc;
  }
  rc = save_topic(r, t);
  json_decref(t);
  return rc;
}

int study_topic_retire_page(Req *r) { return retire(r, false); }

/* ---- the side-by-side page ---- */

typedef struct Span {
  size_t off, len;
} Span;

static int span_cmp(const void *a, const void *b) {
  const Span *x = a, *y = b;
  return (x->off > y->off) - (x->off < y->off);
}

/* z[0..n) as [{text, mark}] with the spans (any order, may overlap) marked. */
static json_t *segments(const char *z, size_t n, Span *spans, size_t ns) {
  qsort(spans, ns, sizeof *spans, span_cmp);
  json_t *out = json_array();
  size_t at = 0;
  for (size_t i = 0; i < ns; i++) {
    size_t from = spans[i].off < at ? at : spans[i].off, to = spans[i].off + spans[i].len;
    if (to <= from || to > n) {
      continue;
    }
    if (from > at) {
      json_array_append_new(out, json_pack("{s:s%, s:b}", "text", z + at, from - at, "mark", 0));
    }
    json_array_append_new(out, json_pack("{s:s%, s:b}", "text", z + from, to - from, "mark", 1));
    at = to;
  }
  if (at < n) {
    json_array_append_new(out, json_pack("{s:s%, s:b}", "text", z + at, n - at, "mark", 0));
  }
  return out;
}

/* The texts of record id as the copy check sees them, when it is in scope (malloc'd), or
 * NULL. */
static StudyCheckText *record_text(Req *r, int64_t id, size_t *n) {
  StudyCheckText *t = NULL;
  *n = 0;
  for (size_t i = 0; *n == 0 && i < r->scope.n; i++) {
    study_check_texts_free(t, *n);
    t = NULL;
    if (study_check_texts(r->db, r->scope.lo[i], r->scope.hi[i], "0000", "9999", id, &t, n) !=
        DB_OK) {
      *n = 0;
    }
  }
  if (*n == 0) {
    study_check_texts_free(t, 0);
    return NULL;
  }
  return t;
}

static json_t *record_head(const StudyCheckText *t) {
  const MeetingKind *k = meeting_kind_find(t->kind);
  char d[DATE_ISO_SIZE];
  return json_pack("{s:I, s:o, s:s, s:s, s:s}", "id", (json_int_t)t->id, "href",
                   href("/meetings", t->id, ""), "org_name", t->org_name, "held",
                   date_format_iso(t->held, d), "kind_label", k ? k->label : "会议");
}

int study_similar_page(Req *r) {
  int64_t id = req_param_int(r, "id", 0);
  size_t n_self = 0;
  StudyCheckText *self = record_text(r, id, &n_self);
  if (!self) {
    return web_error(r, 404, "会议记录不存在，或不在您的管辖范围内");
  }
  MeetingRuleSet rs; /* with the deployment's overrides of the thresholds */
  if (meeting_rules_load(r->db, &rs) != DB_OK) {
    study_check_texts_free(self, n_self);
    return -1;
  }
  MeetingSimilar found[SIMILAR_MAX];
  int nf = meeting_similar(r->db, &r->scope, &rs, id, found, SIMILAR_MAX);
  if (nf < 0) {
    study_check_texts_free(self, n_self);
    return nf == DB_NOTFOUND ? web_error(r, 404, "会议记录不存在，或不在您的管辖范围内") : -1;
  }
  json_t *matches = json_array();
  SimPassage *ps = malloc(PASSAGES_MAX * sizeof *ps);
  Span *sa = malloc(PASSAGES_MAX * sizeof *sa), *sb = malloc(PASSAGES_MAX * sizeof *sb);
  if (!ps || !sa || !sb) {
    abort();
  }
  for (int i = 0; i < nf; i++) {
    json_t *other = NULL, *m = json_object();
    const char *text = NULL;
    StudyCheckText *ot = NULL;
    size_t n_ot = 0;
    if (found[i].material) {
      other = study_material_get(r->db, &r->scope, found[i].id);
      if (other) {
        text = view_str(other, "body");
        json_object_set_new(m, "material",
                            json_pack("{s:s?, s:s?, s:o}", "title", view_str(other, "title"),
                                      "source", view_str(other, "source"), "href",
                                      href("/study/materials", found[i].id, "")));
      }
    } else {
      ot = record_text(r, found[i].id, &n_ot);
      if (ot) {
        text = ot->text;
        json_object_set_new(m, "record", record_head(ot));
      }
    }
    if (!text) {
      json_decref(m);
      json_decref(other);
      continue;
    }
    size_t na = strlen(self->text), nb = strlen(text);
    size_t np = sim_passages(self->text, na, text, nb, ps, PASSAGES_MAX);
    np = np < PASSAGES_MAX ? np : PASSAGES_MAX;
    size_t chars = 0;
    for (size_t k = 0; k < np; k++) {
      sa[k] = (Span){ps[k].a_off, ps[k].a_len};
      sb[k] = (Span){ps[k].b_off, ps[k].b_len};
      chars += ps[k].chars;
    }
    json_object_set_new(m, "pct", json_integer((json_int_t)(found[i].score * 100 + 0.5)));
    json_object_set_new(m, "measure",
                        json_string(found[i].material ? "本记录出自该材料的比例" : "相似度"));
    json_object_set_new(m, "n_passages", json_integer((json_int_t)np));
    json_object_set_new(m, "chars", json_integer((json_int_t)chars));
    json_object_set_new(m, "self", segments(self->text, na, sa, np));
    json_object_set_new(m, "other", segments(text, nb, sb, np));
    json_array_append_new(matches, m);
    json_decref(other);
    study_check_texts_free(ot, n_ot);
  }
  free(ps);
  free(sa);
  free(sb);
  json_t *model = json_pack("{s:o, s:o, s:b, s:i, s:i}", "meeting", record_head(self), "matches",
                            matches, "empty", json_array_size(matches) == 0, "jaccard_pct",
                            meeting_param(&rs, MEETING_PARAM_COPY_JACCARD_PCT), "containment_pct",
                            meeting_param(&rs, MEETING_PARAM_COPY_CONTAINMENT_PCT));
  study_check_texts_free(self, n_self);
  return web_render(r, 200, "meeting_similar", model);
}
