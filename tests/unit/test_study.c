/*
 * Unit tests of the study materials and key topics (src/meeting/study_store.c) and of the two
 * text rules of meeting_check (src/meeting/meeting_check_text.c) on crafted records in a fresh
 * temporary database: copies of a material (only where the material applies), copies of
 * another branch's record (also from the period before, not the other way round), texts that
 * share a little or are too short, the thresholds as parameters; key topics touched or not
 * (normalised keywords, the registering org's subtree, retired topics, overlaps not yet over);
 * the scope of the store and of meeting_similar.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "meeting/meeting_check.h"
#include "meeting/meeting_store.h"
#include "meeting/study_store.h"
#include "org/org.h"
#include "web/scope.h"

#include "fixture.h"

#include "base/banned.h"

static char tmp_dir[FIXTURE_DIR_SIZE];
static Db *db;
static int64_t district, town1, town2, b1, b2, b3;
static Scope all = SCOPE_INIT, town1_scope = SCOPE_INIT, town2_scope = SCOPE_INIT,
             b1_scope = SCOPE_INIT;

static void setup(void) {
  db = fixture_db_open(tmp_dir, "study");
  district = fixture_org(db, 0, "district", "区委", "X");
  town1 = fixture_org(db, district, "town", "一镇党委", "X01");
  town2 = fixture_org(db, district, "town", "二镇党委", "X02");
  b1 = fixture_org(db, town1, "village", "甲村党支部", "X01B01");
  b2 = fixture_org(db, town1, "village", "乙村党支部", "X01B02");
  b3 = fixture_org(db, town2, "village", "丙村党支部", "X02B01");
  scope_add(&all, "/");
  fixture_scope(db, &town1_scope, town1);
  fixture_scope(db, &town2_scope, town2);
  fixture_scope(db, &b1_scope, b1);
}

static void teardown(void) {
  scope_free(&all);
  scope_free(&town1_scope);
  scope_free(&town2_scope);
  scope_free(&b1_scope);
  fixture_db_close(db, tmp_dir);
}

TestSuite(study, .init = setup, .fini = teardown);

/* ---- texts ---- */

static const char *const material_text =
    "党支部要严格落实三会一课制度。党员大会一般每季度召开一次，支部委员会会议一般每月召开一次，"
    "党小组会一般每月召开一次，党课要按期举办。每次会议都要有明确的议题，会前要充分酝酿，会上要"
    "充分讨论，会后要抓好落实，会议记录要真实完整，不得事后补写、照抄照搬。\n"
    "组织生活会一般每年召开一次，党员要联系思想和工作实际，认真查摆问题，开展批评和自我批评，明确"
    "整改方向。民主评议党员一般每年开展一次，评议结果作为党员教育管理的重要依据。";

static const char *const town_material_text =
    "推进党支部建设标准化，是把全面从严治党要求落实到每个支部的基础工程。各村社区党支部要对照组织"
    "设置、组织生活、党员管理、阵地建设、工作机制、基本保障六个方面的标准，逐项开展自查，建立问题"
    "清单、任务清单和责任清单，做到整改一项、销号一项、达标一项。";

/* A record copying the first paragraph of the material, with a line of its own. */
static const char *const copied_note =
    "王明：领学支部工作条例有关内容。\n"
    "党支部要严格落实三会一课制度。党员大会一般每季度召开一次，支部委员会会议一般每月召开一次，"
    "党小组会一般每月召开一次，党课要按期举办。每次会议都要有明确的议题，会前要充分酝酿，会上要"
    "充分讨论，会后要抓好落实，会议记录要真实完整，不得事后补写、照抄照搬。";

static const char *const town_copied_note =
    "李华：领学镇党委学习提纲。\n"
    "推进党支部建设标准化，是把全面从严治党要求落实到每个支部的基础工程。各村社区党支部要对照组织"
    "设置、组织生活、党员管理、阵地建设、工作机制、基本保障六个方面的标准，逐项开展自查，建立问题"
    "清单、任务清单和责任清单。";

static const char *const original =
    "张强：今年雨水多，河坝一带的排水沟要在汛前逐段清淤，我负责东组的三百米。\n"
    "刘芳：合作社上半年卖了两万斤核桃，账目下周在公开栏贴出来，请大家监督。\n"
    "赵军：村里有四户老人冬天取暖困难，建议支部组织党员上门帮忙备柴。\n"
    "陈丽：学校门口的路灯坏了两盏，已经报给镇上，争取月底前修好。";

/* the original with the speakers' names changed: a copy */
static const char *const copied_record =
    "周涛：今年雨水多，河坝一带的排水沟要在汛前逐段清淤，我负责东组的三百米。\n"
    "吴敏：合作社上半年卖了两万斤核桃，账目下周在公开栏贴出来，请大家监督。\n"
    "郑斌：村里有四户老人冬天取暖困难，建议支部组织党员上门帮忙备柴。\n"
    "孙悦：学校门口的路灯坏了两盏，已经报给镇上，争取月底前修好。";

/* shares one sentence with the original: not a copy */
static const char *const shares_a_little =
    "钱进：今年雨水多，河坝一带的排水沟要在汛前逐段清淤，我负责东组的三百米。\n"
    "冯雪：茶园今年春茶采摘提前了一周，技术员建议夏季修剪要跟上，不然明年减产。\n"
    "何伟：移风易俗要从党员家里做起，红白喜事一律从简，支部要带头签承诺书。\n"
    "马兰：互助资金今年借出去十二笔，还款情况良好，下一步要把章程再宣讲一遍。";

static int64_t add_record(int64_t org, const char *kind, const char *held, const char *topics,
                          const char *minutes) {
  MeetingInput in = {.org_id = org,
                     .kind = kind,
                     .held_at = held,
                     .topics = topics,
                     .minutes = minutes,
                     .due_date = "2030-01-01"};
  int64_t id = 0;
  cr_assert_eq(meeting_demo_insert(db, &in, "accepted", 1750000000, 1750000000, 1750000000, &id),
               DB_OK, "%s", db_errmsg(db));
  return id;
}

static int64_t add_material(int64_t org, const char *title, const char *body) {
  StudyMaterialIn in = {org, title, "测试出处", body};
  int64_t id = 0;
  cr_assert_eq(study_material_save(db, &all, 0, &in, 0, 1750000000, &id), DB_OK, "%s",
               db_errmsg(db));
  return id;
}

static int64_t add_topic(int64_t org, const char *title, const char *keywords, const char *from,
                         const char *to) {
  StudyTopicIn in = {org, title, keywords, from, to};
  int64_t id = 0;
  cr_assert_eq(study_topic_save(db, &all, 0, &in, 0, 1750000000, &id), DB_OK, "%s", db_errmsg(db));
  return id;
}

/* The findings of rule in period p (today 2026-01-15) over the whole tree. */
static MeetingCheckResult run(MeetingRuleSet *rs, Period p, Date today) {
  MeetingCheckResult r = {0};
  cr_assert_eq(meeting_check(db, &all, rs, NULL, p, today, &r), DB_OK, "%s", db_errmsg(db));
  return r;
}

static size_t count_rule(const MeetingCheckResult *r, MeetingCheckRule rule) {
  size_t n = 0;
  for (size_t i = 0; i < r->n; i++) {
    n += r->a[i].rule == rule;
  }
  return n;
}

/* The finding of rule whose first evidence is id, or NULL. */
static const MeetingCheckFinding *finding_for(const MeetingCheckResult *r, MeetingCheckRule rule,
                                              int64_t id) {
  for (size_t i = 0; i < r->n; i++) {
    if (r->a[i].rule == rule && r->a[i].n_evidence > 0 && r->a[i].evidence[0] == id) {
      return &r->a[i];
    }
  }
  return NULL;
}

static const Period q3 = {PERIOD_QUARTER, 2025, 3};
static const Date later = {2026, 1, 15};

Test(study, copied_from_material_only_where_it_applies) {
  int64_t m1 = add_material(district, "支部工作条例辅导", material_text);
  add_material(town2, "镇学习提纲", town_material_text);
  int64_t c1 = add_record(b1, "theme_day", "2025-08-05 09:00", "学习", copied_note);
  int64_t c2 = add_record(b1, "theme_day", "2025-09-05 09:00", "学习", town_copied_note);
  int64_t c3 = add_record(b3, "theme_day", "2025-09-06 09:00", "学习", town_copied_note);
  int64_t own = add_record(b2, "theme_day", "2025-08-06 09:00", "学习", original);
  MeetingRuleSet rs;
  meeting_rules_default(&rs);
  MeetingCheckResult r = run(&rs, q3, later);
  const MeetingCheckFinding *f = finding_for(&r, MEETING_CHECK_COPIED_MINUTES, c1);
  cr_assert_not_null(f, "the copy of the district's material");
  cr_expect_eq(f->n_evidence, 1);
  cr_expect_eq(f->org_id, b1);
  cr_expect_not_null(strstr(f->message, "《支部工作条例辅导》"), "%s", f->message);
  cr_expect_not_null(strstr(f->message, "%"), "%s", f->message);
  /* town 2's material applies to its own branch (c3), not to town 1's (c2) */
  cr_expect_not_null(finding_for(&r, MEETING_CHECK_COPIED_MINUTES, c3), "b3 copies its town's");
  const MeetingCheckFinding *g = finding_for(&r, MEETING_CHECK_COPIED_MINUTES, c2);
  cr_expect(!g || strstr(g->message, "学习材料") == NULL, "town 2's material is not town 1's");
  cr_expect_null(finding_for(&r, MEETING_CHECK_COPIED_MINUTES, own));
  /* a stricter containment threshold: no copies of materials any more */
  meeting_check_free(&r);
  rs.params[MEETING_PARAM_COPY_CONTAINMENT_PCT].value = 100;
  r = run(&rs, q3, later);
  cr_expect_null(finding_for(&r, MEETING_CHECK_COPIED_MINUTES, c1));
  meeting_check_free(&r);
  /* retired materials take no part */
  cr_assert_eq(study_material_retire(db, &all, m1, true, 1750000000), DB_OK);
  meeting_rules_default(&rs);
  r = run(&rs, q3, later);
  cr_expect_null(finding_for(&r, MEETING_CHECK_COPIED_MINUTES, c1));
  meeting_check_free(&r);
}

Test(study, copied_between_records) {
  int64_t src = add_record(b2, "theme_day", "2025-06-20 09:00", "学习", original);
  int64_t copy = add_record(b3, "theme_day", "2025-08-20 09:00", "学习", copied_record);
  int64_t other = add_record(b1, "theme_day", "2025-08-21 09:00", "学习", shares_a_little);
  int64_t s1 = add_record(b1, "group", "2025-08-02 09:00", NULL, "王明：同意。");
  int64_t s2 = add_record(b2, "group", "2025-08-03 09:00", NULL, "王明：同意。");
  MeetingRuleSet rs;
  meeting_rules_default(&rs);
  MeetingCheckResult r = run(&rs, q3, later);
  cr_expect_eq(count_rule(&r, MEETING_CHECK_COPIED_MINUTES), 1);
  const MeetingCheckFinding *f = finding_for(&r, MEETING_CHECK_COPIED_MINUTES, copy);
  cr_assert_not_null(f);
  cr_expect_eq(f->org_id, b3);
  cr_assert_eq(f->n_evidence, 2);
  cr_expect_eq(f->evidence[1], src, "the copied record, from the period before");
  cr_expect_not_null(strstr(f->message, "乙村党支部"), "%s", f->message);
  cr_expect_not_null(strstr(f->message, "2025-06-20"), "%s", f->message);
  cr_expect_null(finding_for(&r, MEETING_CHECK_COPIED_MINUTES, other));
  cr_expect_null(finding_for(&r, MEETING_CHECK_COPIED_MINUTES, s1));
  cr_expect_null(finding_for(&r, MEETING_CHECK_COPIED_MINUTES, s2));
  meeting_check_free(&r);
  /* the quarter of the original: its copy came later, nothing to report there */
  Period q2 = {PERIOD_QUARTER, 2025, 2};
  r = run(&rs, q2, later);
  cr_expect_eq(count_rule(&r, MEETING_CHECK_COPIED_MINUTES), 0);
  meeting_check_free(&r);
  /* a threshold above the pair's similarity; a minimum length above the texts */
  rs.params[MEETING_PARAM_COPY_JACCARD_PCT].value = 99;
  r = run(&rs, q3, later);
  cr_expect_eq(count_rule(&r, MEETING_CHECK_COPIED_MINUTES), 0);
  meeting_check_free(&r);
  meeting_rules_default(&rs);
  rs.params[MEETING_PARAM_COPY_MIN_CHARS].value = 1000;
  r = run(&rs, q3, later);
  cr_expect_eq(count_rule(&r, MEETING_CHECK_COPIED_MINUTES), 0);
  meeting_check_free(&r);
  /* only the town of the copy: the original is outside it, so is the pair */
  meeting_rules_default(&rs);
  MeetingCheckResult t = {0};
  cr_assert_eq(meeting_check(db, &all, &rs, "X02", q3, later, &t), DB_OK);
  cr_expect_eq(count_rule(&t, MEETING_CHECK_COPIED_MINUTES), 0);
  meeting_check_free(&t);
}

Test(study, similar_lookup_is_scoped) {
  int64_t mat = add_material(district, "支部工作条例辅导", material_text);
  int64_t src = add_record(b2, "theme_day", "2025-06-20 09:00", "学习", original);
  int64_t copy = add_record(b3, "theme_day", "2025-08-20 09:00", "学习", copied_record);
  int64_t c1 = add_record(b1, "theme_day", "2025-08-05 09:00", "学习", copied_note);
  MeetingRuleSet rs;
  meeting_rules_default(&rs);
  MeetingSimilar s[4];
  int n = meeting_similar(db, &all, &rs, copy, s, 4);
  cr_assert_eq(n, 1);
  cr_expect(!s[0].material && s[0].id == src && s[0].score >= 0.6);
  n = meeting_similar(db, &town2_scope, &rs, copy, s, 4);
  cr_expect_eq(n, 0, "the original is outside town 2");
  n = meeting_similar(db, &town1_scope, &rs, copy, s, 4);
  cr_expect_eq(n, DB_NOTFOUND, "the copy is outside town 1");
  n = meeting_similar(db, &b1_scope, &rs, c1, s, 4);
  cr_assert_eq(n, 1);
  cr_expect(s[0].material && s[0].id == mat);
}

Test(study, key_topics) {
  add_topic(district, "党支部建设标准化", "党支部建设标准化\n标准化建设", "2025-07-01",
            "2025-09-30");
  add_topic(town2, "发展党员排查", "发展党员排查", "2025-07-01", "2025-09-30");
  add_topic(district, "明年的重点", "明年", "2026-07-01", "2026-09-30");
  int64_t retired = add_topic(district, "已停用", "停用", "2025-01-01", "2025-12-31");
  cr_assert_eq(study_topic_retire(db, &all, retired, true, 1750000000), DB_OK);
  /* b1 names it (full-width space inside, in the topics), b3 in the minutes; b2 never */
  add_record(b1, "committee", "2025-07-10 09:00", "研究党支部建设　标准化工作", original);
  int64_t n2 = add_record(b2, "committee", "2025-07-11 09:00", "研究村集体经济", original);
  int64_t n2b = add_record(b2, "committee", "2025-08-11 09:00", "研究防汛工作", copied_note);
  add_record(b2, "committee", "2025-10-11 09:00", "推进党支部建设标准化", shares_a_little);
  add_record(b3, "committee", "2025-07-12 09:00", "研究防汛",
             "何伟：要对照党支部建设标准化的要求逐项自查。");
  MeetingRuleSet rs;
  meeting_rules_default(&rs);
  MeetingCheckResult r = run(&rs, q3, later);
  cr_assert_eq(count_rule(&r, MEETING_CHECK_KEY_TOPIC_MISSING), 2);
  bool seen_b2 = false, seen_b3 = false;
  for (size_t i = 0; i < r.n; i++) {
    const MeetingCheckFinding *f = &r.a[i];
    if (f->rule != MEETING_CHECK_KEY_TOPIC_MISSING) {
      continue;
    }
    if (f->org_id == b2) {
      seen_b2 = true;
      cr_expect_not_null(strstr(f->message, "“党支部建设标准化”"), "%s", f->message);
      cr_expect_eq(f->n_evidence, 2);
      cr_expect(f->evidence[0] == n2 && f->evidence[1] == n2b);
    } else if (f->org_id == b3) {
      seen_b3 = true;
      cr_expect_not_null(strstr(f->message, "“发展党员排查”"), "%s", f->message);
      cr_expect_not_null(strstr(f->message, "二镇党委"), "%s", f->message);
    } else {
      cr_expect_fail("unexpected %s: %s", f->org_code, f->message);
    }
  }
  cr_expect(seen_b2 && seen_b3);
  meeting_check_free(&r);
  /* while the period is not over nothing is missing yet */
  r = run(&rs, q3, (Date){2025, 9, 1});
  cr_expect_eq(count_rule(&r, MEETING_CHECK_KEY_TOPIC_MISSING), 0);
  meeting_check_free(&r);
  /* a year: the overlap is the topic's quarter */
  r = run(&rs, (Period){PERIOD_YEAR, 2025, 1}, later);
  cr_expect_eq(count_rule(&r, MEETING_CHECK_KEY_TOPIC_MISSING), 2);
  meeting_check_free(&r);
  /* the next quarter: no topic */
  r = run(&rs, (Period){PERIOD_QUARTER, 2025, 4}, later);
  cr_expect_eq(count_rule(&r, MEETING_CHECK_KEY_TOPIC_MISSING), 0);
  meeting_check_free(&r);
  /* JSON names the rule */
  r = run(&rs, q3, later);
  json_t *j = meeting_check_json(&r);
  size_t i;
  json_t *o;
  size_t n_rule = 0;
  json_array_foreach(j, i, o) {
    n_rule += strcmp(json_string_value(json_object_get(o, "rule")), "key_topic_missing") == 0;
  }
  cr_expect_eq(n_rule, 2);
  json_decref(j);
  meeting_check_free(&r);
}

Test(study, store_scope) {
  int64_t dm = add_material(district, "区里的材料", material_text);
  int64_t tm = add_material(town2, "二镇的材料", town_material_text);
  /* a branch sees its district's material, not another town's; can change neither */
  json_t *l = study_material_list(db, &b1_scope, false);
  cr_assert_eq(json_array_size(l), 1);
  cr_expect_eq(json_integer_value(json_object_get(json_array_get(l, 0), "id")), dm);
  cr_expect_eq(json_integer_value(json_object_get(json_array_get(l, 0), "can_edit")), 0);
  json_decref(l);
  cr_expect_null(study_material_get(db, &town1_scope, tm));
  json_t *m = study_material_get(db, &town2_scope, tm);
  cr_assert_not_null(m);
  cr_expect_eq(json_integer_value(json_object_get(m, "can_edit")), 1);
  json_decref(m);
  /* writes: only for a district or town in scope */
  StudyMaterialIn in = {district, "改", NULL, "正文"};
  cr_expect_eq(study_material_save(db, &town1_scope, dm, &in, 0, 1, NULL), DB_NOTFOUND);
  in.org_id = b1;
  cr_expect_eq(study_material_save(db, &all, 0, &in, 0, 1, NULL), DB_NOTFOUND, "not a branch");
  in.org_id = town1;
  cr_expect_eq(study_material_save(db, &town2_scope, 0, &in, 0, 1, NULL), DB_NOTFOUND);
  cr_expect_eq(study_material_retire(db, &town1_scope, tm, true, 1), DB_NOTFOUND);
  cr_expect_eq(study_material_retire(db, &town2_scope, tm, true, 1), DB_OK);
  l = study_material_list(db, &town2_scope, false);
  cr_expect_eq(json_array_size(l), 1, "the retired one is left out");
  json_decref(l);
  l = study_material_list(db, &town2_scope, true);
  cr_expect_eq(json_array_size(l), 2);
  json_decref(l);
  /* topics alike */
  StudyTopicIn t = {town1, "题", "词", "2025-01-01", "2025-03-31"};
  int64_t id = 0;
  cr_expect_eq(study_topic_save(db, &town1_scope, 0, &t, 0, 1, &id), DB_OK);
  cr_expect_eq(study_topic_save(db, &town2_scope, id, &t, 0, 1, NULL), DB_NOTFOUND);
  cr_expect_null(study_topic_get(db, &town2_scope, id));
  json_t *k = study_topic_get(db, &b1_scope, id);
  cr_expect_not_null(k, "a branch sees its town's topic");
  json_decref(k);
}
