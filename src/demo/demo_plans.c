/*
 * demo_plans.c: the quarterly meeting plans (三会一课 季度计划) of the demo branches that have
 * meeting records (see demo.h), from 2025Q1 to the current quarter, deterministic from the
 * seed (its own splitmix64 stream). Each plan holds what the rules require (plan_suggest),
 * dated a few days before the meeting actually held where there is one, so most held meetings
 * match an item; meetings a branch skipped stay planned and not held, and now and then an
 * item is left out (a meeting held without a plan). Most plans are filed on time, about one
 * in ten late; branches tagged 偏远 file none for about a quarter of the quarters. A plan of
 * the current quarter whose filing date has not come yet is a draft.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"
#include "meeting/meeting.h"
#include "meeting/plan_rules.h"
#include "meeting/plan_store.h"
#include "base/banned.h"

static uint64_t prand(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static int ppick(uint64_t *s, int n) { return (int)(prand(s) % (uint64_t)n); }

static const char *const topic_v[MEETING_KIND_COUNT][3] = {
    [MEETING_PARTY_CONGRESS] = {"通报本季度工作，讨论村级重大事项", "讨论发展党员工作",
                                "研究集体经济项目"},
    [MEETING_COMMITTEE] = {"研究本月党建工作安排", "研究党员发展和教育管理", "研究为民办实事事项"},
    [MEETING_GROUP] = {"学习上级精神，交流思想", "讨论党员责任区工作", "组织党员学习"},
    [MEETING_LECTURE] = {"学习《中国共产党支部工作条例（试行）》", "传承红色基因，争做合格党员",
                         "乡村振兴中党员的责任"},
    [MEETING_THEME_DAY] = {"重温入党誓词，开展志愿服务", "集中学习，交纳党费",
                           "人居环境整治义务劳动"},
    [MEETING_LIFE_MEETING] = {"年度组织生活会，开展批评和自我批评", "年度组织生活会",
                              "年度组织生活会"},
    [MEETING_APPRAISAL] = {"民主评议党员", "民主评议党员", "民主评议党员"},
    [MEETING_JOINT_MEETING] = {"研究村级事务", "研究村级事务", "研究村级事务"},
};

/* Unix seconds of local time (UTC+8) minute m of day d. */
static int64_t local_seconds(const MeetingRuleSet *rs, Date d, int m) {
  return date_to_days(d) * 86400 + (int64_t)m * 60 -
         (int64_t)meeting_param(rs, MEETING_PARAM_UTC_OFFSET_MINUTES) * 60;
}

int demo_plans(Db *db, uint64_t seed, Date today, int64_t now) {
  uint64_t rng = seed ^ 0xA54FF53A5F1D36F1ULL;
  MeetingRuleSet rs;
  meeting_rules_default(&rs);
  DateCalendar *cal = date_calendar_new();
  date_calendar_load_cn(cal);
  char to[DATE_ISO_SIZE];
  date_format_iso(date_add_days(today, 1), to);
  json_t *branches = plan_demo_branches(db, "2024-10-01", to);
  if (!branches) {
    date_calendar_free(cal);
    return DB_ERR;
  }
  Period last = date_period_of(PERIOD_QUARTER, today);
  int rc = DB_OK;
  size_t i;
  json_t *b;
  json_array_foreach(branches, i, b) {
    if (rc != DB_OK) {
      break;
    }
    int64_t org_id = json_integer_value(json_object_get(b, "id"));
    bool remote = json_integer_value(json_object_get(b, "remote")) != 0;
    MeetingOrg org = {.kind = json_string_value(json_object_get(b, "kind")),
                      .has_committee = json_integer_value(json_object_get(b, "has_committee")) != 0,
                      .has_groups = json_integer_value(json_object_get(b, "has_groups")) != 0};
    PlanEntry *held;
    size_t n_held = plan_entries_parse(json_string_value(json_object_get(b, "held")), &held);
    for (Period q = {PERIOD_QUARTER, 2025, 1}; rc == DB_OK && date_period_compare(q, last) <= 0;
         q = date_period_next(q)) {
      if (remote && ppick(&rng, 4) == 0) {
        continue; /* no plan this quarter */
      }
      MeetingDeadline dl;
      meeting_plan_deadline(&rs, cal, q, NULL, today, &dl);
      Date filed = ppick(&rng, 10) == 0 ? date_add_days(dl.due, 1 + ppick(&rng, 15))
                                        : date_add_days(dl.due, -ppick(&rng, 10));
      bool draft = date_compare(filed, today) >= 0;
      if (draft && !date_period_equal(q, last)) {
        continue;
      }
      PlanEntry sug[PLAN_MAX_ITEMS];
      size_t n = plan_suggest(&rs, &org, q, cal, held, n_held, NULL, 0, sug, PLAN_MAX_ITEMS);
      if (n > PLAN_MAX_ITEMS) {
        n = PLAN_MAX_ITEMS;
      }
      PlanItemIn items[PLAN_MAX_ITEMS];
      char dates[PLAN_MAX_ITEMS][DATE_ISO_SIZE];
      size_t k = 0;
      Date qf = date_period_first_day(q);
      for (size_t j = 0; j < n; j++) {
        if (ppick(&rng, 12) == 0) {
          continue; /* left out: held without a plan, if held */
        }
        Date d = date_add_days(sug[j].date, -ppick(&rng, 4));
        if (date_compare(d, qf) < 0) {
          d = qf;
        }
        date_format_iso(d, dates[k]);
        items[k] = (PlanItemIn){meeting_kinds[sug[j].kind].code, dates[k],
                                topic_v[sug[j].kind][ppick(&rng, 3)], NULL};
        k++;
      }
      /* every 党小组 plans its own monthly meeting: the group meetings held that no item
       * covers get one too (the rules ask one a month of the branch as a whole) */
      PlanEntry have[PLAN_MAX_ITEMS];
      for (size_t j = 0; j < k; j++) {
        const MeetingKind *mk = meeting_kind_find(items[j].kind);
        date_parse(dates[j], strlen(dates[j]), &have[j].date, NULL);
        have[j].kind = mk ? mk->id : MEETING_GROUP;
        have[j].id = 0;
      }
      PlanEntry *qh = calloc(n_held + 1, sizeof *qh);
      bool *used = calloc(n_held + 1, sizeof *used);
      if (!qh || !used) {
        abort();
      }
      size_t n_qh = 0;
      for (size_t j = 0; j < n_held; j++) {
        if (date_period_contains(q, held[j].date)) {
          qh[n_qh++] = held[j];
        }
      }
      PlanMatch pm;
      plan_match(have, k, qh, n_qh, today, &pm, used);
      for (size_t j = 0; j < n_qh && k < PLAN_MAX_ITEMS; j++) {
        if (used[j] || qh[j].kind != MEETING_GROUP || ppick(&rng, 12) == 0) {
          continue;
        }
        Date d = date_add_days(qh[j].date, -ppick(&rng, 4));
        date_format_iso(date_compare(d, qf) < 0 ? qf : d, dates[k]);
        items[k] = (PlanItemIn){"group", dates[k], topic_v[MEETING_GROUP][ppick(&rng, 3)], NULL};
        k++;
      }
      free(used);
      free(qh);
      if (k == 0) {
        continue;
      }
      char key[PERIOD_KEY_SIZE];
      date_period_key(q, key);
      int64_t at = local_seconds(&rs, filed, 8 * 60 + ppick(&rng, 10 * 60));
      int64_t created = draft ? now - 86400 * (1 + ppick(&rng, 5)) : at - 3600 * ppick(&rng, 48);
      rc = plan_demo_insert(db, org_id, key, draft ? "draft" : "filed", draft ? 0 : at, created,
                            items, k);
    }
    free(held);
  }
  json_decref(branches);
  date_calendar_free(cal);
  return rc;
}
