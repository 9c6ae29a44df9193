/*
 * Unit tests of src/org/org_rules.c: which kind may sit under which (every pair), the path
 * test behind "no cycles", date checks, the 换届 due date and the branch structure flags.
 * Each test is a table of cases.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "org/org.h"

#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static Date D(int y, int m, int d) {
  Date r = {y, m, d};
  return r;
}

/* ---- kinds ---- */

static const char *const all_kinds[] = {"district", "town",       "general", "village", "community",
                                        "agency",   "enterprise", "joint",   "group"};

Test(org_rules, kind_table) {
  size_t n = 0;
  for (const OrgKind *k = org_kinds; k->code; k++) {
    n++;
    cr_expect(org_kind_find(k->code) == k, "org_kind_find(%s)", k->code);
    cr_expect(k->label && *k->label, "%s has a label", k->code);
  }
  cr_expect_eq(n, N_ELEMS(all_kinds), "nine kinds");
  for (size_t i = 0; i < N_ELEMS(all_kinds); i++) {
    cr_expect_not_null(org_kind_find(all_kinds[i]), "%s is known", all_kinds[i]);
  }
  static const char *const unknown[] = {"", "Town", "branch", "党支部", "village "};
  for (size_t i = 0; i < N_ELEMS(unknown); i++) {
    cr_expect_null(org_kind_find(unknown[i]), "'%s' is not a kind", unknown[i]);
  }
  cr_expect_null(org_kind_find(NULL));
}

/*
 * The parent matrix: rows are the child's kind, columns the parent's kind in all_kinds
 * order, then "root" (no parent). '1' means allowed.
 */
Test(org_rules, parent_matrix) {
  static const struct {
    const char *child;
    const char *allowed; /* 9 parents in all_kinds order, then root */
    const char *refusal; /* the message for a refused parent */
  } rows[] = {
      /* clang-format off */
      /*                 dist town genl vill comm agcy entr jont grp  root */
      {"district",   "0000000001", "区(县)委/党(工)委是最上级组织"},
      {"town",       "1000000000", "乡镇(街道)党委应设在区(县)委下"},
      {"general",    "1100000000", "党总支应设在乡镇(街道)党委或区(县)委下"},
      {"village",    "1110000000", "党支部应设在乡镇(街道)党委、党总支或区(县)委下"},
      {"community",  "1110000000", "党支部应设在乡镇(街道)党委、党总支或区(县)委下"},
      {"agency",     "1110000000", "党支部应设在乡镇(街道)党委、党总支或区(县)委下"},
      {"enterprise", "1110000000", "党支部应设在乡镇(街道)党委、党总支或区(县)委下"},
      {"joint",      "1110000000", "党支部应设在乡镇(街道)党委、党总支或区(县)委下"},
      {"group",      "0001111100", "党小组只能设在党支部下"},
      /* clang-format on */
  };
  cr_assert_eq(N_ELEMS(rows), N_ELEMS(all_kinds));
  for (size_t i = 0; i < N_ELEMS(rows); i++) {
    cr_assert_eq(strlen(rows[i].allowed), N_ELEMS(all_kinds) + 1);
    for (size_t j = 0; j <= N_ELEMS(all_kinds); j++) {
      const char *parent = j < N_ELEMS(all_kinds) ? all_kinds[j] : NULL;
      const char *why = org_check_parent(rows[i].child, parent);
      bool want = rows[i].allowed[j] == '1';
      cr_expect_eq(why == NULL, want, "%s under %s: got %s", rows[i].child,
                   parent ? parent : "(root)", why ? why : "allowed");
      if (!want && parent && why) {
        cr_expect_str_eq(why, rows[i].refusal, "%s under %s", rows[i].child, parent);
      }
      if (!want && !parent && why) {
        cr_expect_str_eq(why, "只有区(县)委/党(工)委可以作为最上级组织", "%s as root",
                         rows[i].child);
      }
    }
  }
}

Test(org_rules, parent_unknown_kinds) {
  static const struct {
    const char *child, *parent, *why;
  } cases[] = {
      {"branch", "town", "组织类型无效"}, {"", NULL, "组织类型无效"},
      {NULL, "town", "组织类型无效"},     {"village", "province", "上级组织类型无效"},
      {"group", "", "上级组织类型无效"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    const char *why = org_check_parent(cases[i].child, cases[i].parent);
    cr_expect(why && strcmp(why, cases[i].why) == 0, "case %zu: got %s", i, why ? why : "NULL");
  }
}

/* ---- paths ---- */

Test(org_rules, path_within) {
  static const struct {
    const char *path, *ancestor;
    bool within;
  } cases[] = {
      {"/1/4/17/", "/1/4/17/", true}, /* itself: moving under itself is a cycle */
      {"/1/4/17/", "/1/4/", true},
      {"/1/4/17/", "/1/", true},
      {"/1/4/17/9/", "/1/4/17/", true},
      {"/1/4/", "/1/4/17/", false}, /* a parent is not within its child */
      {"/1/41/", "/1/4/", false},   /* a sibling sharing a digit prefix */
      {"/1/4/170/", "/1/4/17/", false},
      {"/2/4/17/", "/1/4/17/", false},
      {"/1/5/", "/1/4/", false},
      {"/1/4/17/", "", false}, /* no ancestor */
      {"", "/1/", false},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_expect_eq(org_path_within(cases[i].path, cases[i].ancestor), cases[i].within,
                 "case %zu: %s within %s", i, cases[i].path, cases[i].ancestor);
  }
}

/* ---- dates ---- */

Test(org_rules, check_dates) {
  const Date today = D(2024, 6, 15);
  static const struct {
    bool has_f, has_d, has_t;
    Date f, d, t;
    const char *field; /* NULL: valid */
    const char *why;
  } cases[] = {
      {false, false, false, {0}, {0}, {0}, NULL, NULL},
      {true, false, false, {2000, 1, 1}, {0}, {0}, NULL, NULL},
      {true, false, false, {2024, 6, 15}, {0}, {0}, NULL, NULL}, /* today is fine */
      {true, false, false, {2024, 6, 16}, {0}, {0}, "founded", "成立日期不能晚于今天"},
      {false, true, false, {0}, {2024, 6, 16}, {0}, "dissolved", "撤销日期不能晚于今天"},
      {false, true, false, {0}, {2024, 6, 15}, {0}, NULL, NULL},
      {true, true, false, {2000, 1, 2}, {2000, 1, 1}, {0}, "dissolved", "撤销日期不能早于成立日期"},
      {true, true, false, {2000, 1, 1}, {2000, 1, 1}, {0}, NULL, NULL}, /* same day */
      {true,
       false,
       true,
       {2000, 1, 2},
       {0},
       {2000, 1, 1},
       "term_start",
       "本届任期开始日期不能早于成立日期"},
      {true, false, true, {2000, 1, 1}, {0}, {2000, 1, 1}, NULL, NULL},
      {false, false, true, {0}, {0}, {2024, 7, 1}, "term_start", "本届任期开始日期不能晚于今天"},
      {false, false, true, {0}, {0}, {2021, 3, 1}, NULL, NULL},
      /* the first problem wins: a future founding date before the term */
      {true, false, true, {2025, 1, 1}, {0}, {2024, 1, 1}, "founded", "成立日期不能晚于今天"},
      {true, true, true, {1990, 5, 1}, {2023, 12, 31}, {2021, 3, 1}, NULL, NULL},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    const char *field = NULL;
    const char *why =
        org_check_dates(cases[i].has_f ? &cases[i].f : NULL, cases[i].has_d ? &cases[i].d : NULL,
                        cases[i].has_t ? &cases[i].t : NULL, today, &field);
    if (!cases[i].field) {
      cr_expect_null(why, "case %zu: unexpected %s", i, why ? why : "");
      continue;
    }
    cr_expect(why && strcmp(why, cases[i].why) == 0, "case %zu: got %s", i, why ? why : "NULL");
    cr_expect(field && strcmp(field, cases[i].field) == 0, "case %zu: field %s", i,
              field ? field : "NULL");
  }
}

/* ---- 换届 ---- */

Test(org_rules, term_due) {
  static const struct {
    const char *kind;
    Date start;
    int years;
    bool has;
    Date due;
  } cases[] = {
      {"village", {2021, 3, 15}, 0, true, {2026, 3, 15}}, /* 村: 5 years */
      {"community", {2021, 4, 1}, 0, true, {2026, 4, 1}}, /* 社区: 5 years */
      {"agency", {2023, 5, 10}, 0, true, {2026, 5, 10}},  /* 机关: 3 years */
      {"enterprise", {2023, 5, 10}, 0, true, {2026, 5, 10}},
      {"joint", {2022, 1, 1}, 0, true, {2025, 1, 1}},
      {"general", {2022, 1, 1}, 0, true, {2025, 1, 1}},
      {"town", {2021, 9, 1}, 0, true, {2026, 9, 1}},
      {"district", {2021, 9, 1}, 0, true, {2026, 9, 1}},
      {"agency", {2023, 5, 10}, 5, true, {2028, 5, 10}}, /* an explicit length wins */
      {"village", {2021, 3, 15}, 3, true, {2024, 3, 15}},
      {"village", {2024, 2, 29}, 0, true, {2029, 2, 28}}, /* leap day clamps */
      {"agency", {2024, 2, 29}, 4, true, {2028, 2, 29}},
      {"village", {2021, 3, 15}, -1, true, {2026, 3, 15}}, /* nonsense length: default */
      {"group", {2021, 3, 15}, 0, false, {0}},             /* 党小组: no committee */
      {"group", {2021, 3, 15}, 3, false, {0}},
      {"nonsense", {2021, 3, 15}, 3, false, {0}},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    Date due = D(1, 1, 1);
    bool has = org_term_due(cases[i].kind, cases[i].start, cases[i].years, &due);
    cr_expect_eq(has, cases[i].has, "case %zu (%s)", i, cases[i].kind);
    if (has && cases[i].has) {
      cr_expect(date_equal(due, cases[i].due), "case %zu (%s): got %04d-%02d-%02d", i,
                cases[i].kind, due.y, due.m, due.d);
    }
  }
}

/* ---- branch structure flags ---- */

Test(org_rules, flags) {
  static const struct {
    const char *kind;
    int members, full;
    bool committee;
    int flags;
  } cases[] = {
      {"village", 0, 0, false, 0}, /* no members recorded yet: nothing to say */
      {"village", 51, 45, true, ORG_FLAG_TOO_BIG},
      {"village", 50, 45, true, 0},
      {"community", 51, 51, false, ORG_FLAG_TOO_BIG | ORG_FLAG_NEEDS_COMMITTEE},
      {"village", 7, 7, false, ORG_FLAG_NEEDS_COMMITTEE},
      {"agency", 9, 7, false, ORG_FLAG_NEEDS_COMMITTEE},
      {"village", 7, 7, true, 0},
      {"village", 8, 6, false, 0},
      {"village", 2, 2, false, ORG_FLAG_TOO_SMALL},
      {"joint", 2, 2, false, 0}, /* a 联合党支部 may be small */
      {"village", 3, 2, false, ORG_FLAG_TOO_SMALL},
      {"village", 3, 3, false, 0},
      {"enterprise", 1, 0, false, ORG_FLAG_TOO_SMALL},
      /* only branches are judged */
      {"town", 120, 100, false, 0},
      {"general", 60, 60, false, 0},
      {"district", 51, 51, false, 0},
      {"group", 2, 2, false, 0},
      {"nonsense", 51, 51, false, 0},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    OrgCounts c = {cases[i].members, cases[i].full, cases[i].committee};
    cr_expect_eq(org_flags(cases[i].kind, &c), cases[i].flags, "case %zu (%s %d/%d): got %d", i,
                 cases[i].kind, cases[i].members, cases[i].full, org_flags(cases[i].kind, &c));
  }
}

Test(org_rules, flag_text) {
  static const struct {
    OrgFlag flag;
    const char *needle;
  } cases[] = {
      {ORG_FLAG_TOO_BIG, "50"},
      {ORG_FLAG_NEEDS_COMMITTEE, "支部委员会"},
      {ORG_FLAG_TOO_SMALL, "联合党支部"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    const char *t = org_flag_text(cases[i].flag);
    cr_expect(t && strstr(t, cases[i].needle), "flag %d: %s", (int)cases[i].flag, t ? t : "NULL");
  }
  cr_expect_str_eq(org_flag_text((OrgFlag)64), "");
}
