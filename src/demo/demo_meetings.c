/*
 * demo_meetings.c: two years of 三会一课 records for the demo branches and 党小组 (see
 * demo.h), deterministic from the seed (its own splitmix64 stream, so the orgs and people
 * are the same with or without it). Planted patterns are listed in DemoPlanted:
 *   - branches tagged 偏远 skip about a third of their monthly and quarterly meetings;
 *   - in every district four branches backfill: 6–10 records for meetings spread over 3–5
 *     months are entered on one day before an inspection date (and nothing else is entered
 *     within three days of it);
 *   - one record in about every 23rd branch of a decision kind has no decision, one study
 *     record in about every 29th branch has no discussion, one record in about every 31st
 *     branch lists its recorder as absent, and in about every 37th branch a decision fails.
 * Every other record has decisions where its kind needs them, speakers where it is a study,
 * its recorder present, and quorum.
 * Texts: each district registers two study materials and its first town a third
 * (demo_texts.c), and three key topics (党支部建设标准化 and 五推进工程 by the district,
 * 发展党员排查 by its second town). Minutes are composed from many short phrase pools, with
 * the meeting's date, attendance and speakers, so ordinary records do not look copied. Planted
 * (copy_plants, topic_plants): four records copy another branch's record (names and date
 * changed), four records copy two paragraphs of a material, and four branches never name a
 * key topic in its period; every other branch names each topic that applies to it in its
 * first record of every quarter of the topic's period.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "demo/demo.h"
#include "demo/demo_texts.h"
#include "meeting/meeting.h"
#include "meeting/meeting_store.h"
#include "meeting/study_store.h"
#include "web/scope.h"
#include "base/banned.h"

static uint64_t mrand(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

#define N_OF(a) ((int)(sizeof(a) / sizeof *(a)))

static const char *const topics_v[] = {"传达学习上级党委会议精神", "研究本季度党建工作安排",
                                       "讨论发展党员工作",         "研究村集体经济发展项目",
                                       "部署人居环境整治工作",     "研究困难党员帮扶事项",
                                       "讨论党费收缴情况",         "研究防汛和安全生产工作",
                                       "部署秋季防火工作",         "研究党员积分管理办法"};
static const char *const decisions_v[] = {
    "同意将本季度党建工作安排报乡镇党委", "同意确定两名入党积极分子",
    "同意实施村集体经济合作社扩建项目",   "同意对三户困难党员开展结对帮扶",
    "同意成立人居环境整治志愿服务队",     "同意按月公开党费收缴情况",
    "同意修订党员积分管理办法",           "同意开展冬春季党员集中培训"};
static const char *const study_v[] = {
    "学习《中国共产党支部工作条例（试行）》", "学习《中国共产党章程》总纲",
    "学习《中国共产党党员教育管理工作条例》", "学习上级党委关于乡村振兴的部署",
    "学习《中国共产党纪律处分条例》",         "学习习近平新时代中国特色社会主义思想有关篇目"};
static const char *const absence_v[] = {"外出务工", "生病住院", "年老体弱", "外出学习", "家中有事"};

/* ---- planted texts ---- */

/* A copy: branch dst (code suffix within the district, e.g. "T01B06") copies, in its first
 * plain 主题党日 on or after dst_from, either the first plain 主题党日 of branch src on or
 * after src_from (src not NULL; src comes before dst in the generation order) or paragraphs
 * para and para + 1 of material (src NULL). */
typedef struct CopyPlant {
  const char *src;
  Date src_from;
  const char *dst;
  Date dst_from;
  int material, para;
} CopyPlant;

static const CopyPlant copy_plants[] = {
    {"T01B05", {2025, 4, 1}, "T01B06", {2025, 4, 1}, 0, 0},
    {"T03B02", {2025, 7, 1}, "T06B04", {2025, 7, 1}, 0, 0},
    {"T04B03", {2025, 5, 1}, "T04B09", {2025, 8, 1}, 0, 0},
    {"T07B02", {2026, 1, 5}, "T08B05", {2026, 2, 1}, 0, 0},
    {NULL, {0, 0, 0}, "T02B07", {2025, 5, 1}, 0, 1},
    {NULL, {0, 0, 0}, "T05B03", {2025, 9, 1}, 1, 2},
    {NULL, {0, 0, 0}, "T06B10", {2026, 2, 1}, 0, 3},
    {NULL, {0, 0, 0}, "T01B09", {2025, 10, 1}, 2, 0},
};
#define N_COPY ((int)(sizeof copy_plants / sizeof *copy_plants))

/* A key topic of the demo: registered by the district (town 0) or its town-th town; named in
 * meetings by `line`; never named by the branches missing[] (code suffixes). */
typedef struct TopicPlant {
  const char *title, *keywords, *line;
  Date from, to;
  int town;
  const char *missing[2];
} TopicPlant;

static const TopicPlant topic_plants[] = {
    {"党支部建设标准化",
     "党支部建设标准化\n支部标准化建设",
     "研究推进党支部建设标准化工作",
     {2025, 1, 1},
     {2025, 12, 31},
     0,
     {"T02B11", "T05B08"}},
    {"五推进工程",
     "五推进工程\n五推进",
     "部署农村基层党建五推进工程重点任务",
     {2025, 7, 1},
     {2026, 6, 30},
     0,
     {"T03B05", NULL}},
    {"发展党员排查",
     "发展党员排查\n发展党员工作排查",
     "开展发展党员工作排查",
     {2025, 4, 1},
     {2025, 9, 30},
     2,
     {"T02B03", NULL}},
};
#define N_TOPIC ((int)(sizeof topic_plants / sizeof *topic_plants))
#define N_QUARTERS 16 /* 2024Q1 .. 2027Q4 */

/* The parts of a record's minutes, so that a copy can be rendered with other names. */
enum { SPEECH_MAX = 6, SPEECH_LEN = 320 };
typedef struct Minutes {
  MeetingKindId kind;
  int due, present;
  char host[32];
  int n_speech;
  char speech[SPEECH_MAX][SPEECH_LEN]; /* without the speaker's name */
  int summary;                         /* index into demo_summaries */
} Minutes;

/* The source of a planted record copy, once generated. */
typedef struct CopySource {
  bool done;
  int64_t id;
  Date held;
  Minutes m;
} CopySource;

typedef struct Person {
  int64_t id;
  const char *name;
  bool full, can_vote;
  const char *title; /* current 支部委员会 title or NULL */
} Person;

typedef struct Plan {
  MeetingKindId kind;
  Date date;
  int minute; /* of the day */
  int burst;  /* 0: normal; k+1: the k-th record of the burst */
} Plan;

typedef struct MGen {
  Db *db;
  uint64_t rng;
  Date today, last; /* last: the latest meeting date generated */
  int64_t now;
  DemoPlanted *planted;
  int n;
  MeetingRuleSet rs;
  DateCalendar *cal;
  Date inspect;              /* the current burst branch's inspection date */
  char district[8];          /* "D001": the current district's code */
  CopySource copies[N_COPY]; /* of the current district */
  bool copy_done[N_COPY];    /* the copy was made (current district) */
} MGen;

static int rpick(MGen *g, int n) { return (int)(mrand(&g->rng) % (uint64_t)n); }

static void ids_push(DemoIds *v, int64_t id) {
  if (v->n == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 16;
    int64_t *a = realloc(v->a, v->cap * sizeof *a);
    if (!a) {
      abort();
    }
    v->a = a;
  }
  v->a[v->n++] = id;
}

void demo_planted_free(DemoPlanted *p) {
  for (size_t i = 0; i < p->n_burst; i++) {
    free(p->burst[i].a);
  }
  free(p->no_decision.a);
  free(p->no_discussion.a);
  free(p->recorder_absent.a);
  free(p->failed.a);
  for (size_t i = 0; i < p->n_copied; i++) {
    free(p->copied[i].a);
  }
  memset(p, 0, sizeof *p);
}

/* Unix seconds of local time (UTC+8, entry.utc_offset_minutes) minute m of day d. */
static int64_t local_time(const MGen *g, Date d, int m) {
  return date_to_days(d) * 86400 + (int64_t)m * 60 -
         (int64_t)meeting_param(&g->rs, MEETING_PARAM_UTC_OFFSET_MINUTES) * 60;
}

static int plan_cmp(const void *a, const void *b) {
  const Plan *x = a, *y = b;
  int c = date_compare(x->date, y->date);
  return c ? c : (int)x->kind - (int)y->kind;
}

typedef struct Plans {
  Plan *a;
  size_t n, cap;
} Plans;

static void plan_add(MGen *g, Plans *p, MeetingKindId kind, Date d, int burst) {
  if (date_compare(d, g->last) > 0) {
    return;
  }
  if (p->n == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 96;
    Plan *a = realloc(p->a, p->cap * sizeof *a);
    if (!a) {
      abort();
    }
    p->a = a;
  }
  static const int minutes[] = {9 * 60, 14 * 60 + 30, 19 * 60 + 30};
  p->a[p->n++] = (Plan){kind, d, minutes[rpick(g, 3)], burst};
}

/* The meetings a branch (group: a 党小组) plans over 2024-12 .. 2026-11. */
static void plan_org(MGen *g, Plans *p, bool group, bool remote, bool committee) {
  for (int i = 0; i < 24; i++) {
    int y = 2024 + (11 + i) / 12, m = (11 + i) % 12 + 1;
    bool keep[6];
    for (int k = 0; k < 6; k++) {
      keep[k] = !remote || rpick(g, 3) != 0;
    }
    if (group) {
      if (keep[0]) {
        plan_add(g, p, MEETING_GROUP, (Date){y, m, 1 + rpick(g, 27)}, 0);
      }
      continue;
    }
    if (keep[0]) {
      plan_add(g, p, MEETING_THEME_DAY, (Date){y, m, 3 + rpick(g, 12)}, 0);
    }
    if (committee && keep[1]) {
      plan_add(g, p, MEETING_COMMITTEE, (Date){y, m, 1 + rpick(g, 25)}, 0);
    }
    if (m % 3 == 0 && keep[2]) {
      plan_add(g, p, MEETING_PARTY_CONGRESS, (Date){y, m, 5 + rpick(g, 20)}, 0);
    }
    if (m % 3 == 2 && keep[3]) {
      plan_add(g, p, MEETING_LECTURE, (Date){y, m, 5 + rpick(g, 20)}, 0);
    }
    if (m == 12 || (y == 2026 && m == 11)) {
      plan_add(g, p, MEETING_LIFE_MEETING, (Date){y, m, 10 + rpick(g, 15)}, 0);
      plan_add(g, p, MEETING_APPRAISAL, (Date){y, m, 10 + rpick(g, 15)}, 0);
    }
  }
}

/* Replaces the meetings of [start, inspect + 3] by k evenly spread ones entered on the day
 * before the inspection. false when the inspection is too recent to have happened. */
static bool plan_burst(MGen *g, Plans *p, Date inspect, bool committee) {
  if (date_compare(date_add_days(inspect, 3), g->last) > 0) {
    return false;
  }
  Date end = date_add_days(inspect, -14);
  int span = 90 + rpick(g, 61);
  Date start = date_add_days(end, -span);
  size_t w = 0;
  for (size_t i = 0; i < p->n; i++) {
    if (date_compare(p->a[i].date, start) < 0 ||
        date_compare(p->a[i].date, date_add_days(inspect, 3)) > 0) {
      p->a[w++] = p->a[i];
    }
  }
  p->n = w;
  int k = 6 + rpick(g, 5);
  static const MeetingKindId kinds[] = {MEETING_THEME_DAY, MEETING_COMMITTEE,
                                        MEETING_PARTY_CONGRESS, MEETING_LECTURE};
  for (int i = 0; i < k; i++) {
    MeetingKindId kind = kinds[i % 4];
    if (kind == MEETING_COMMITTEE && !committee) {
      kind = MEETING_THEME_DAY;
    }
    plan_add(g, p, kind, date_add_days(start, (int64_t)i * span / (k - 1)), i + 1);
  }
  return true;
}

/* What to plant in one record. */
enum { PLANT_NO_DECISION = 1, PLANT_NO_DISCUSSION = 2, PLANT_RECORDER_ABSENT = 4, PLANT_FAIL = 8 };

/* Inserts one planned record of org_id with the attendance of people[0..n). */
/* What a record's text is made of besides the pools: the key-topic lines it names, and a
 * planted copy (of a record's minutes, or of a material's paragraphs para and para + 1);
 * save: where to keep the parts of its minutes (a copy source: then it has SPEECH_MAX
 * speakers). */
typedef struct PlanText {
  const char *topics[N_TOPIC];
  int n_topics;
  const Minutes *copy;
  const DemoMaterial *mat;
  int para;
  Minutes *save;
} PlanText;

/* One speech of the minutes (without the speaker's name): for a 党小组 a short remark, else an
 * opening, a point and a detail with a place and a number. */
static void compose_speech(MGen *g, bool group, char out[SPEECH_LEN]) {
  const char *body = demo_bodies[rpick(g, (int)demo_n_bodies)];
  if (group) {
    snprintf(out, SPEECH_LEN, "%s。", body);
    return;
  }
  const DemoDetail *d = &demo_details[rpick(g, (int)demo_n_details)];
  const char *opener = demo_openers[rpick(g, (int)demo_n_openers)];
  const char *place = demo_places[rpick(g, (int)demo_n_places)];
  snprintf(out, SPEECH_LEN, "%s%s，%s%s%s%d%s", opener, body, d->lead, place, d->middle,
           2 + rpick(g, 37), d->tail);
}

static int insert_plan(MGen *g, int64_t org_id, const Plan *pl, const Person *people, size_t n,
                       int64_t recorder, int64_t host, unsigned plant, const PlanText *pt,
                       int64_t *burst_id) {
  const MeetingKind *kind = &meeting_kinds[pl->kind];
  MeetingAttendeeIn *att = calloc(n + 1, sizeof *att);
  if (!att) {
    abort();
  }
  int absent_pct = pl->kind == MEETING_COMMITTEE ? 4 : 7;
  for (size_t i = 0; i < n; i++) {
    bool is_rec = people[i].id == recorder;
    bool absent = is_rec ? (plant & PLANT_RECORDER_ABSENT) != 0 : rpick(g, 100) < absent_pct;
    att[i] = (MeetingAttendeeIn){.person_id = people[i].id,
                                 .presence = absent ? "absent" : "present",
                                 .reason = absent ? absence_v[rpick(g, N_OF(absence_v))] : NULL,
                                 .full_member = people[i].full,
                                 .can_vote = people[i].can_vote};
  }
  MeetingTally t;
  meeting_attendance_tally(kind->code, att, n, &t);
  if (!t.quorum_ok) { /* keep quorum: everybody came after all (but a planted recorder) */
    for (size_t i = 0; i < n; i++) {
      if (!(people[i].id == recorder && (plant & PLANT_RECORDER_ABSENT))) {
        att[i].presence = "present";
        att[i].reason = NULL;
      }
    }
    meeting_attendance_tally(kind->code, att, n, &t);
  }
  /* decisions */
  MeetingDecisionIn dec[3];
  size_t n_dec = 0;
  if (kind->records_decisions && !(plant & PLANT_NO_DECISION)) {
    n_dec = pl->kind == MEETING_APPRAISAL
                ? 1
                : 1 + (size_t)rpick(g, pl->kind == MEETING_COMMITTEE ? 3 : 2);
    for (size_t i = 0; i < n_dec; i++) {
      int v = t.present;
      int yes = v - (v > 4 ? rpick(g, 2) : 0);
      if (2 * yes <= t.due) {
        yes = v;
      }
      int no = (v - yes) / 2;
      if ((plant & PLANT_FAIL) && i == 0) {
        yes = t.due / 2;
        no = (v - yes + 1) / 2;
      }
      dec[i] = (MeetingDecisionIn){.text = pl->kind == MEETING_APPRAISAL
                                               ? "同意民主评议党员等次评定结果"
                                               : decisions_v[rpick(g, N_OF(decisions_v))],
                                   .voted = true,
                                   .yes = yes,
                                   .no = no,
                                   .abstain = v - yes - no};
    }
  }
  /* minutes: a narrative line, the speakers (present attendees), a summary */
  bool group = pl->kind == MEETING_GROUP; /* kept short: there are many */
  Minutes mm;
  memset(&mm, 0, sizeof mm);
  if (pt && pt->copy) {
    mm = *pt->copy;
  } else {
    const char *host_name = NULL;
    for (size_t i = 0; i < n; i++) {
      host_name = people[i].id == host ? people[i].name : host_name;
    }
    mm.kind = pl->kind;
    mm.due = t.due;
    mm.present = t.present;
    snprintf(mm.host, sizeof mm.host, "%s", host_name ? host_name : "书记");
    mm.n_speech = (plant & PLANT_NO_DISCUSSION) || (pt && pt->mat) ? 0 /* the reading only */
                  : group                                          ? 1
                  : pt && pt->save                                 ? SPEECH_MAX
                                                                   : 2 + rpick(g, 3);
    for (int k = 0; k < mm.n_speech; k++) {
      compose_speech(g, group, mm.speech[k]);
    }
    mm.summary = rpick(g, (int)demo_n_summaries);
  }
  Buf mb = {0};
  if (!group) {
    static const char *const parts[] = {"上午", "下午", "晚上"};
    buf_printf(&mb, "%d年%d月%d日%s，支部在党员活动室召开%s，应到%d人，实到%d人，%s主持。\n",
               pl->date.y, pl->date.m, pl->date.d,
               parts[pl->minute < 12 * 60   ? 0
                     : pl->minute < 18 * 60 ? 1
                                            : 2],
               meeting_kinds[mm.kind].label, mm.due, mm.present, mm.host);
  }
  if (pt && pt->mat) {
    buf_printf(&mb, "%s：领学《%s》。\n", n ? people[0].name : "书记", pt->mat->title);
    const char *z = pt->mat->body;
    for (int para = 0; z && para <= pt->para + 1; para++) {
      const char *end = strchr(z, '\n');
      size_t len = end ? (size_t)(end - z) : strlen(z);
      if (para >= pt->para) {
        buf_append(&mb, z, len);
        buf_putc(&mb, '\n');
      }
      z = end ? end + 1 : NULL;
    }
  }
  int spoken = 0;
  for (int k = 0; k < mm.n_speech; k++) {
    const char *name = NULL;
    for (int tries = 0; !name && tries < 20 && n > 0; tries++) {
      size_t i = (size_t)rpick(g, (int)n);
      name = strcmp(att[i].presence, "present") == 0 ? people[i].name : NULL;
    }
    if (!name && spoken == 0) {
      name = n ? people[0].name : "与会党员";
    }
    if (name) {
      buf_printf(&mb, "%s：%s\n", name, mm.speech[k]);
      spoken++;
    }
  }
  if (!group) {
    buf_printf(&mb, "%s。", demo_summaries[mm.summary]);
  }
  if (pt && pt->save) {
    *pt->save = mm;
  }
  /* a planted absent recorder only counts when the recorder is on the list */
  bool rec_absent = false;
  for (size_t i = 0; i < n; i++) {
    rec_absent |= people[i].id == recorder && strcmp(att[i].presence, "absent") == 0;
  }
  Buf tb = {0};
  if (!group) {
    buf_puts(&tb, topics_v[rpick(g, N_OF(topics_v))]);
    for (int k = 0; pt && k < pt->n_topics; k++) {
      buf_printf(&tb, "\n%s", pt->topics[k]);
    }
  }
  char held_at[32], due[DATE_ISO_SIZE];
  snprintf(held_at, sizeof held_at, "%04d-%02d-%02d %02d:%02d", pl->date.y, pl->date.m, pl->date.d,
           pl->minute / 60, pl->minute % 60);
  MeetingDeadline dl;
  meeting_submit_deadline(&g->rs, g->cal, pl->date, NULL, g->today, &dl);
  date_format_iso(dl.due, due);
  const char *lecturer = NULL;
  for (size_t i = 0; i < n && pl->kind == MEETING_LECTURE; i++) {
    if (people[i].id == host) {
      lecturer = people[i].name;
    }
  }
  bool study = pl->kind == MEETING_LECTURE || pl->kind == MEETING_THEME_DAY;
  const char *study_title = study ? study_v[rpick(g, N_OF(study_v))] : NULL;
  MeetingInput in = {.org_id = org_id,
                     .kind = kind->code,
                     .held_at = held_at,
                     .place = group ? NULL : "党员活动室",
                     .host_person_id = host,
                     .recorder_person_id = recorder,
                     .lecturer = lecturer,
                     .lecture_title = pl->kind == MEETING_LECTURE ? study_title : NULL,
                     .study_title = study_title,
                     .topics = group ? NULL : buf_cstr(&tb),
                     .minutes = buf_cstr(&mb),
                     .due_date = due,
                     .attendees = att,
                     .n_attendees = n,
                     .decisions = dec,
                     .n_decisions = n_dec};
  /* entry, submission, review */
  int64_t entered, submitted, reviewed;
  if (pl->burst) {
    entered = local_time(g, date_add_days(g->inspect, -1), 9 * 60 + 25 * (pl->burst - 1));
    submitted = entered + 300;
  } else {
    int lag = rpick(g, 4);
    entered = lag == 0 ? local_time(g, pl->date, pl->minute + 120 + rpick(g, 120))
                       : local_time(g, date_add_days(pl->date, lag), 8 * 60 + rpick(g, 12 * 60));
    submitted = rpick(g, 40) == 0 ? entered + 86400 * (6 + rpick(g, 10)) : entered + rpick(g, 3600);
  }
  reviewed = submitted + 86400 * (1 + rpick(g, 5));
  const char *state = "accepted";
  if (submitted > g->now) {
    submitted = reviewed = 0;
    state = "draft";
  } else if (reviewed > g->now) {
    reviewed = 0;
    state = "submitted";
  } else if (rpick(g, 60) == 0) {
    state = "returned_refill";
  }
  int64_t id = 0;
  int rc = meeting_demo_insert(g->db, &in, state, entered, submitted, reviewed, &id);
  free(att);
  buf_free(&mb);
  buf_free(&tb);
  if (rc != DB_OK) {
    return rc;
  }
  g->n++;
  if (g->planted) {
    if (plant & PLANT_NO_DECISION) {
      ids_push(&g->planted->no_decision, id);
    }
    if (plant & PLANT_NO_DISCUSSION) {
      ids_push(&g->planted->no_discussion, id);
    }
    if (rec_absent) {
      ids_push(&g->planted->recorder_absent, id);
    }
    if ((plant & PLANT_FAIL) && n_dec > 0) {
      ids_push(&g->planted->failed, id);
    }
  }
  if (burst_id) {
    *burst_id = id;
  }
  return DB_OK;
}

static void load_people(json_t *roster, Person **out, size_t *n) {
  *n = json_array_size(roster);
  *out = calloc(*n + 1, sizeof **out);
  if (!*out) {
    abort();
  }
  for (size_t i = 0; i < *n; i++) {
    json_t *r = json_array_get(roster, i);
    (*out)[i] = (Person){json_integer_value(json_object_get(r, "person_id")),
                         json_string_value(json_object_get(r, "name")),
                         json_integer_value(json_object_get(r, "full")) != 0,
                         json_integer_value(json_object_get(r, "can_vote")) != 0,
                         json_string_value(json_object_get(r, "title"))};
  }
}

static const int64_t *title_person(const Person *p, size_t n, const char *title) {
  for (size_t i = 0; i < n; i++) {
    if (p[i].title && strcmp(p[i].title, title) == 0) {
      return &p[i].id;
    }
  }
  return NULL;
}

/* One branch and its 党小组 (groups[0..n_groups) ids). */
/* Quarter number of d from 2024Q1 (0 ..), clamped to [0, N_QUARTERS). */
static int quarter_of(Date d) {
  int q = (d.y - 2024) * 4 + (d.m - 1) / 3;
  return q < 0 ? 0 : q >= N_QUARTERS ? N_QUARTERS - 1 : q;
}

static bool in_range(Date d, Date from, Date to) {
  return date_compare(d, from) >= 0 && date_compare(d, to) <= 0;
}

/* Whether topic t applies to the branch with code suffix sfx ("T02B03"). */
static bool topic_applies(int t, const char *sfx) {
  char town[8];
  snprintf(town, sizeof town, "T%02d", topic_plants[t].town);
  return topic_plants[t].town == 0 || strncmp(sfx, town, 3) == 0;
}

static bool topic_missed(int t, const char *sfx) {
  for (int k = 0; k < 2; k++) {
    if (topic_plants[t].missing[k] && strcmp(topic_plants[t].missing[k], sfx) == 0) {
      return true;
    }
  }
  return false;
}

/* Sets *pt for plan pl of the branch with code suffix sfx: the topic lines (names each topic
 * in the branch's first record of each quarter), and a planted copy (*save_c / *copy_c: the
 * copy_plants index it is the source or the copy of, else -1). */
static void plan_text(MGen *g, const char *sfx, const Plan *pl, unsigned plant,
                      bool topic_done[N_TOPIC][N_QUARTERS], PlanText *pt, int *save_c,
                      int *copy_c) {
  memset(pt, 0, sizeof *pt);
  *save_c = *copy_c = -1;
  for (int t = 0; t < N_TOPIC; t++) {
    const TopicPlant *tp = &topic_plants[t];
    int q = quarter_of(pl->date);
    if (topic_applies(t, sfx) && !topic_missed(t, sfx) && in_range(pl->date, tp->from, tp->to) &&
        !topic_done[t][q]) {
      topic_done[t][q] = true;
      pt->topics[pt->n_topics++] = tp->line;
    }
  }
  if (plant || pl->burst || pl->kind != MEETING_THEME_DAY) {
    return;
  }
  for (int c = 0; c < N_COPY; c++) {
    const CopyPlant *cp = &copy_plants[c];
    CopySource *src = &g->copies[c];
    if (cp->src && strcmp(cp->src, sfx) == 0 && !src->done &&
        date_compare(pl->date, cp->src_from) >= 0) {
      pt->save = &src->m;
      *save_c = c;
      return;
    }
    if (strcmp(cp->dst, sfx) == 0 && !g->copy_done[c] &&
        date_compare(pl->date, cp->dst_from) >= 0 &&
        (!cp->src || (src->done && date_compare(pl->date, date_add_days(src->held, 7)) >= 0)) &&
        (size_t)cp->material < demo_n_materials) {
      if (cp->src) {
        pt->copy = &src->m;
      } else {
        pt->mat = &demo_materials[cp->material];
        pt->para = cp->para;
      }
      *copy_c = c;
      return;
    }
  }
}

static int gen_branch(MGen *g, int64_t id, const char *code, bool remote, const int64_t *groups,
                      size_t n_groups, int ordinal, const Date *inspect) {
  const char *sfx = code && strlen(code) > 4 ? code + 4 : ""; /* "T02B03" of "D001T02B03" */
  json_t *roster = meeting_demo_roster(g->db, id);
  if (!roster) {
    return DB_ERR;
  }
  Person *people;
  size_t n;
  load_people(roster, &people, &n);
  Person *committee = calloc(n + 1, sizeof *committee);
  if (!committee) {
    abort();
  }
  size_t n_committee = 0;
  for (size_t i = 0; i < n; i++) {
    if (people[i].title) {
      committee[n_committee++] = people[i];
    }
  }
  bool has_committee = n_committee >= MEETING_COMMITTEE_MIN;
  const int64_t *rp = title_person(people, n, "组织委员");
  const int64_t *sp = title_person(people, n, "书记");
  int64_t recorder = rp ? *rp : sp ? *sp : n ? people[0].id : 0;
  int64_t host = sp ? *sp : recorder;

  Plans p = {0};
  plan_org(g, &p, false, remote, has_committee);
  bool burst = inspect && plan_burst(g, &p, *inspect, has_committee);
  if (burst) {
    g->inspect = *inspect;
  }
  qsort(p.a, p.n, sizeof *p.a, plan_cmp);
  /* planted content: which record of the branch */
  int want_nodec = ordinal % 23 == 3 ? 4 : -1, want_nodisc = ordinal % 29 == 11 ? 2 : -1;
  int want_rec = ordinal % 31 == 17 ? 6 : -1, want_fail = ordinal % 37 == 5 ? 1 : -1;
  int n_dk = 0, n_study = 0, n_congress = 0;
  DemoIds *bids = NULL;
  if (burst && g->planted && g->planted->n_burst < N_OF(g->planted->burst)) {
    g->planted->burst_org[g->planted->n_burst] = id;
    bids = &g->planted->burst[g->planted->n_burst++];
  }
  int rc = DB_OK;
  bool topic_done[N_TOPIC][N_QUARTERS];
  memset(topic_done, 0, sizeof topic_done);
  for (size_t i = 0; rc == DB_OK && i < p.n; i++) {
    const Plan *pl = &p.a[i];
    unsigned plant = 0;
    if (meeting_kinds[pl->kind].records_decisions && n_dk++ == want_nodec) {
      plant |= PLANT_NO_DECISION;
    }
    if ((pl->kind == MEETING_LECTURE || pl->kind == MEETING_THEME_DAY) &&
        n_study++ == want_nodisc) {
      plant |= PLANT_NO_DISCUSSION;
    }
    if ((int)i == want_rec) {
      plant |= PLANT_RECORDER_ABSENT;
    }
    if (pl->kind == MEETING_PARTY_CONGRESS && n_congress++ == want_fail) {
      plant |= PLANT_FAIL;
    }
    bool cm = pl->kind == MEETING_COMMITTEE;
    int64_t mid = 0;
    PlanText pt;
    int save_c, copy_c;
    plan_text(g, sfx, pl, plant, topic_done, &pt, &save_c, &copy_c);
    rc = insert_plan(g, id, pl, cm ? committee : people, cm ? n_committee : n, recorder, host,
                     plant, &pt, &mid);
    if (rc == DB_OK && pl->burst && bids) {
      ids_push(bids, mid);
    }
    if (rc == DB_OK && save_c >= 0) {
      g->copies[save_c].done = true;
      g->copies[save_c].id = mid;
      g->copies[save_c].held = pl->date;
    }
    if (rc == DB_OK && copy_c >= 0) {
      g->copy_done[copy_c] = true;
      if (g->planted && g->planted->n_copied < N_OF(g->planted->copied)) {
        DemoIds *v = &g->planted->copied[g->planted->n_copied++];
        ids_push(v, mid);
        if (copy_plants[copy_c].src) {
          ids_push(v, g->copies[copy_c].id);
        }
      }
    }
  }
  for (int t = 0; g->planted && t < N_TOPIC; t++) {
    if (topic_applies(t, sfx) && topic_missed(t, sfx) &&
        g->planted->n_topic_missing < N_OF(g->planted->topic_missing)) {
      g->planted->topic_missing_org[g->planted->n_topic_missing] = id;
      g->planted->topic_missing[g->planted->n_topic_missing++] = topic_plants[t].title;
    }
  }
  free(p.a);
  /* the groups: a share of the members each, a recorder of their own */
  Person *part = calloc(n + 1, sizeof *part);
  if (!part) {
    abort();
  }
  for (size_t k = 0; rc == DB_OK && k < n_groups; k++) {
    size_t np = 0;
    for (size_t i = k; i < n; i += n_groups) {
      part[np++] = people[i];
    }
    int64_t grec = 0;
    for (size_t i = 0; i < np && !grec; i++) {
      grec = part[i].id != recorder ? part[i].id : 0;
    }
    Plans gp = {0};
    plan_org(g, &gp, true, remote, false);
    for (size_t i = 0; rc == DB_OK && i < gp.n; i++) {
      rc = insert_plan(g, groups[k], &gp.a[i], part, np, grec, grec, 0, NULL, NULL);
    }
    free(gp.a);
  }
  free(part);
  free(committee);
  free(people);
  json_decref(roster);
  return rc;
}

/* The id of the org with that code in reg (study_register_orgs), or 0. */
static int64_t reg_org(const json_t *reg, const char *code) {
  size_t i;
  json_t *o;
  json_array_foreach(reg, i, o) {
    const char *c = json_string_value(json_object_get(o, "code"));
    if (c && strcmp(c, code) == 0) {
      return json_integer_value(json_object_get(o, "id"));
    }
  }
  return 0;
}

/* Registers the study materials and key topics of district d (see the top) and forgets the
 * previous district's copy sources. */
static int register_texts(MGen *g, int d, const json_t *reg) {
  memset(g->copies, 0, sizeof g->copies);
  memset(g->copy_done, 0, sizeof g->copy_done);
  snprintf(g->district, sizeof g->district, "D%03d", d % 1000);
  Scope all = SCOPE_INIT;
  scope_add(&all, "/");
  int rc = DB_OK;
  char code[16];
  for (size_t i = 0; rc == DB_OK && i < demo_n_materials; i++) {
    const DemoMaterial *m = &demo_materials[i];
    if (m->town) {
      snprintf(code, sizeof code, "%sT%02d", g->district, m->town);
    } else {
      snprintf(code, sizeof code, "%s", g->district);
    }
    StudyMaterialIn in = {reg_org(reg, code), m->title, m->source, m->body};
    if (in.org_id) {
      rc = study_material_save(g->db, &all, 0, &in, 0, g->now, NULL);
    }
  }
  for (int t = 0; rc == DB_OK && t < N_TOPIC; t++) {
    const TopicPlant *tp = &topic_plants[t];
    if (tp->town) {
      snprintf(code, sizeof code, "%sT%02d", g->district, tp->town);
    } else {
      snprintf(code, sizeof code, "%s", g->district);
    }
    char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
    StudyTopicIn in = {reg_org(reg, code), tp->title, tp->keywords, date_format_iso(tp->from, from),
                       date_format_iso(tp->to, to)};
    if (in.org_id) {
      rc = study_topic_save(g->db, &all, 0, &in, 0, g->now, NULL);
    }
  }
  scope_free(&all);
  return rc;
}

int demo_meetings(Db *db, uint64_t seed, Date today, int64_t now, int max_districts,
                  DemoPlanted *planted, int *n_meetings) {
  MGen g = {.db = db,
            .rng = seed ^ 0x3C6EF372FE94F82BULL,
            .today = today,
            .last = date_add_days(today, -4),
            .now = now,
            .planted = planted};
  meeting_rules_default(&g.rs);
  g.cal = date_calendar_new();
  date_calendar_load_cn(g.cal);
  db_bulk_mode(db, true);
  json_t *orgs = meeting_demo_orgs(db);
  Scope all = SCOPE_INIT;
  scope_add(&all, "/");
  json_t *reg = study_register_orgs(db, &all);
  if (!orgs || !reg) {
    json_decref(orgs);
    json_decref(reg);
    scope_free(&all);
    db_bulk_mode(db, false);
    date_calendar_free(g.cal);
    return DB_ERR;
  }
  static const Date inspections[4] = {{2025, 6, 20}, {2025, 11, 20}, {2026, 4, 22}, {2026, 9, 18}};
  size_t n_orgs = json_array_size(orgs);
  int64_t *groups = calloc(n_orgs + 1, sizeof *groups);
  if (!groups) {
    abort();
  }
  int rc = DB_OK, ordinal = 0, district = 0, eligible = 0;
  for (size_t i = 0; rc == DB_OK && i < n_orgs; i++) {
    json_t *o = json_array_get(orgs, i);
    const char *kind = json_string_value(json_object_get(o, "kind"));
    const char *code = json_string_value(json_object_get(o, "code"));
    if (!kind || strcmp(kind, "group") == 0) {
      continue;
    }
    int d = code && code[0] == 'D' ? atoi(code + 1) : 0;
    if (d > max_districts) {
      continue;
    }
    if (d != district) {
      district = d;
      eligible = 0;
      rc = register_texts(&g, d, reg);
      if (rc != DB_OK) {
        break;
      }
    }
    int64_t id = json_integer_value(json_object_get(o, "id"));
    bool remote = json_integer_value(json_object_get(o, "remote")) != 0;
    size_t n_groups = 0;
    for (size_t j = i + 1; j < n_orgs; j++) {
      json_t *c = json_array_get(orgs, j);
      if (json_integer_value(json_object_get(c, "parent_id")) == id &&
          strcmp(json_string_value(json_object_get(c, "kind")), "group") == 0) {
        groups[n_groups++] = json_integer_value(json_object_get(c, "id"));
      } else if (strcmp(json_string_value(json_object_get(c, "kind")), "group") != 0) {
        break; /* a branch's groups follow it */
      }
    }
    const Date *inspect = NULL;
    if (!remote && strcmp(kind, "agency") != 0) {
      int e = eligible++;
      if (e % 6 == 3 && e / 6 < 4) {
        inspect = &inspections[e / 6];
      }
    }
    rc = gen_branch(&g, id, code, remote, groups, n_groups, ordinal++, inspect);
  }
  free(groups);
  json_decref(orgs);
  json_decref(reg);
  scope_free(&all);
  db_bulk_mode(db, false);
  date_calendar_free(g.cal);
  *n_meetings = g.n;
  return rc;
}
