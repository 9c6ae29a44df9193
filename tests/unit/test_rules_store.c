/*
 * Unit tests of src/meeting/rules_store.c: local rule versions on a fresh temporary database —
 * layered in order over the defaults, validated before they are stored (naming the line),
 * all or nothing, unique version names, and the scope check for who may change them.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "meeting/rules_store.h"
#include "org/org.h"
#include "web/scope.h"

#include "fixture.h"

#include "base/banned.h"

static char tmp_dir[FIXTURE_DIR_SIZE];
static Db *db;

static void setup(void) { db = fixture_db_open(tmp_dir, "rules"); }

static void teardown(void) { fixture_db_close(db, tmp_dir); }

TestSuite(rules_store, .init = setup, .fini = teardown);

static int versions(void) { return (int)db_int(db, -1, "SELECT count(*) FROM rule_version", ""); }

Test(rules_store, defaults_without_versions) {
  MeetingRuleSet rs, def;
  meeting_rules_default(&def);
  cr_assert_eq(meeting_rules_load(db, &rs), DB_OK);
  cr_assert_str_eq(rs.version, MEETING_RULES_DEFAULT_VERSION);
  cr_assert_eq(rs.rules[MEETING_LECTURE].count, def.rules[MEETING_LECTURE].count);
  cr_assert_eq(meeting_param(&rs, MEETING_PARAM_SUBMIT_WORKDAYS), 3);
}

Test(rules_store, versions_layer_in_order) {
  char why[MEETING_WHY_SIZE];
  int64_t id1 = 0, id2 = 0;
  cr_assert_eq(meeting_rules_add(db, " 本区-2025.1 ", "区委组织部2025年1号文",
                                 "# 党课每月\nlecture.per=month\n\n  submit.workdays = 5\r\n", 0,
                                 1750000000, &id1, why),
               DB_OK, "%s", why);
  cr_assert_eq(meeting_rules_add(db, "本区-2025.2", "恢复季度党课",
                                 "lecture.per=quarter\njoint_meeting.count=1", 0, 1760000000,
                                 &id2, why),
               DB_OK, "%s", why);
  cr_assert_gt(id2, id1);
  MeetingRuleSet rs;
  cr_assert_eq(meeting_rules_load(db, &rs), DB_OK);
  cr_assert_str_eq(rs.version, "本区-2025.2");
  cr_assert_str_eq(rs.reason, "恢复季度党课");
  cr_assert_eq(rs.rules[MEETING_LECTURE].per, PERIOD_QUARTER);
  cr_assert_str_eq(rs.rules[MEETING_LECTURE].version, "本区-2025.2");
  cr_assert_eq(rs.rules[MEETING_LECTURE].basis, MEETING_BASIS_LOCAL);
  cr_assert_eq(meeting_param(&rs, MEETING_PARAM_SUBMIT_WORKDAYS), 5);
  cr_assert_str_eq(rs.params[MEETING_PARAM_SUBMIT_WORKDAYS].version, "本区-2025.1");
  cr_assert_eq(rs.rules[MEETING_JOINT_MEETING].count, 1);
  /* untouched rules keep the default version */
  cr_assert_str_eq(rs.rules[MEETING_COMMITTEE].version, MEETING_RULES_DEFAULT_VERSION);
  /* stored as validated: trimmed version, non-blank lines only */
  json_t *h = meeting_rules_history(db);
  cr_assert_eq(json_array_size(h), 2);
  json_t *first = json_array_get(h, 1);
  cr_assert_str_eq(json_string_value(json_object_get(first, "version")), "本区-2025.1");
  cr_assert_str_eq(json_string_value(json_object_get(first, "pairs")),
                   "lecture.per=month\nsubmit.workdays = 5");
  json_decref(h);
}

Test(rules_store, refused_versions_write_nothing) {
  static const struct {
    const char *version, *reason, *text, *why;
  } cases[] = {
      {"v1", "理由", "lecture.count=1\nlecture.cnt=2", "第2行：未知的规则项"},
      {"v1", "理由", "\n\ncommittee.per=fortnight", "第3行：周期应为"},
      {"v1", "理由", "lecture.count=100", "第1行：次数应为"},
      {"v1", "理由", "# only a comment\n\n", "至少填写一项"},
      {"", "理由", "lecture.count=1", "规则版本不能为空"},
      {"v1", "  ", "lecture.count=1", "须填写理由"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char why[MEETING_WHY_SIZE] = "";
    cr_assert_eq(meeting_rules_add(db, cases[i].version, cases[i].reason, cases[i].text, 0, 1,
                                   NULL, why),
                 DB_CONSTRAINT, "case %zu", i);
    cr_assert_not_null(strstr(why, cases[i].why), "case %zu: %s", i, why);
  }
  cr_assert_eq(versions(), 0);
  MeetingRuleSet rs;
  cr_assert_eq(meeting_rules_load(db, &rs), DB_OK);
  cr_assert_str_eq(rs.version, MEETING_RULES_DEFAULT_VERSION);
}

Test(rules_store, version_names_are_unique) {
  char why[MEETING_WHY_SIZE];
  cr_assert_eq(meeting_rules_add(db, "v1", "理由", "lecture.count=2", 0, 1, NULL, why), DB_OK);
  cr_assert_eq(meeting_rules_add(db, "v1", "另一理由", "lecture.count=3", 0, 2, NULL, why),
               DB_CONSTRAINT);
  cr_assert_not_null(strstr(why, "已经存在"), "%s", why);
  cr_assert_eq(versions(), 1);
  MeetingRuleSet rs;
  cr_assert_eq(meeting_rules_load(db, &rs), DB_OK);
  cr_assert_eq(rs.rules[MEETING_LECTURE].count, 2);
}

Test(rules_store, too_many_lines) {
  char text[RULES_MAX_PAIRS * 24 + 32];
  size_t len = 0;
  for (int i = 0; i <= RULES_MAX_PAIRS; i++) {
    len += (size_t)snprintf(text + len, sizeof text - len, "lecture.count=1\n");
  }
  char why[MEETING_WHY_SIZE];
  cr_assert_eq(meeting_rules_add(db, "v1", "理由", text, 0, 1, NULL, why), DB_CONSTRAINT);
  cr_assert_not_null(strstr(why, "最多"), "%s", why);
  cr_assert_eq(versions(), 0);
}

/* A version stored by an older program with a key this one no longer knows is skipped. */
Test(rules_store, unknown_stored_version_is_skipped) {
  cr_assert_eq(db_exec(db,
                       "INSERT INTO rule_version(domain, version, reason, pairs, created_at) "
                       "VALUES ('meeting', 'old', '旧', 'retired.key=1', 1)",
                       ""),
               DB_OK);
  char why[MEETING_WHY_SIZE];
  cr_assert_eq(meeting_rules_add(db, "v2", "理由", "lecture.count=2", 0, 2, NULL, why), DB_OK,
               "%s", why);
  MeetingRuleSet rs;
  cr_assert_eq(meeting_rules_load(db, &rs), DB_OK);
  cr_assert_str_eq(rs.version, "v2");
  cr_assert_eq(rs.rules[MEETING_LECTURE].count, 2);
}

Test(rules_store, whole_scope) {
  int64_t id1 = fixture_org(db, 0, "district", "一区", "D1");
  Scope one = SCOPE_INIT, all = SCOPE_INIT;
  fixture_scope(db, &one, id1);
  scope_add(&all, "/");
  cr_assert(rules_scope_is_whole(db, &one), "the only root");
  fixture_org(db, 0, "district", "二区", "D2");
  cr_assert_not(rules_scope_is_whole(db, &one), "a second root outside");
  cr_assert(rules_scope_is_whole(db, &all));
  scope_free(&one);
  scope_free(&all);
}
