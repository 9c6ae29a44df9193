/*
 * Unit tests of src/meeting/meeting_rules.c as tables of cases: kinds, which rules apply to
 * which orgs, compliance per period (quarter with 0/1/2 meetings, running vs closed, the
 * due_soon window, a year month by month, roll-ups), quorum and votes, the review chain,
 * deadlines across 国庆 2025 and 春节 2026 with 调休, overrides, entry lag and bursts, and the
 * content and recorder findings.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "meeting/meeting.h"

#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static Date D(int y, int m, int d) { return (Date){y, m, d}; }

static bool same_date(Date a, Date b) { return date_compare(a, b) == 0; }

static char iso_a[DATE_ISO_SIZE], iso_b[DATE_ISO_SIZE];

#define cr_assert_date(got, want, label)                                                           \
  cr_assert(same_date((got), (want)), "%s: got %s, want %s", (label),                              \
            date_format_iso((got), iso_a), date_format_iso((want), iso_b))

static MeetingRuleSet defaults(void) {
  MeetingRuleSet rs;
  meeting_rules_default(&rs);
  return rs;
}

/* ---- kinds -------------------------------------------------------------------------------- */

Test(meeting_rules, kind_table) {
  static const struct {
    const char *code, *label;
    bool decisions, study, always;
  } want[MEETING_KIND_COUNT] = {
      {"party_congress", "党员大会", true, false, false},
      {"committee", "支部委员会", true, false, false},
      {"group", "党小组会", false, false, false},
      {"lecture", "党课", false, true, true},
      {"theme_day", "主题党日", false, true, false},
      {"life_meeting", "组织生活会", false, false, false},
      {"appraisal", "民主评议党员", true, false, false},
      {"joint_meeting", "村\"两委\"联席会议", true, false, false},
  };
  for (int k = 0; k < MEETING_KIND_COUNT; k++) {
    const MeetingKind *m = &meeting_kinds[k];
    cr_assert_eq((int)m->id, k);
    cr_assert_str_eq(m->code, want[k].code);
    cr_assert_str_eq(m->label, want[k].label);
    cr_assert_eq(m->records_decisions, want[k].decisions, "%s", m->code);
    cr_assert_eq(m->study, want[k].study, "%s", m->code);
    cr_assert_eq(m->study_always, want[k].always, "%s", m->code);
    cr_assert_eq(meeting_kind_find(want[k].code), m);
  }
  cr_assert_null(meeting_kind_find("meeting"));
  cr_assert_null(meeting_kind_find(NULL));
  cr_assert_null(meeting_kind_find(""));
}

Test(meeting_rules, default_rules) {
  MeetingRuleSet rs = defaults();
  static const struct {
    MeetingKindId kind;
    PeriodKind per;
    int count;
    MeetingBasis basis;
  } want[] = {
      {MEETING_PARTY_CONGRESS, PERIOD_QUARTER, 1, MEETING_BASIS_TEXT},
      {MEETING_COMMITTEE, PERIOD_MONTH, 1, MEETING_BASIS_TEXT},
      {MEETING_GROUP, PERIOD_MONTH, 1, MEETING_BASIS_TEXT},
      {MEETING_LECTURE, PERIOD_QUARTER, 1, MEETING_BASIS_PRACTICE},
      {MEETING_THEME_DAY, PERIOD_MONTH, 1, MEETING_BASIS_TEXT},
      {MEETING_LIFE_MEETING, PERIOD_YEAR, 1, MEETING_BASIS_TEXT},
      {MEETING_APPRAISAL, PERIOD_YEAR, 1, MEETING_BASIS_TEXT},
      {MEETING_JOINT_MEETING, PERIOD_MONTH, 0, MEETING_BASIS_NONE},
  };
  for (size_t i = 0; i < N_ELEMS(want); i++) {
    const MeetingRule *r = &rs.rules[want[i].kind];
    cr_assert_eq(r->kind, want[i].kind);
    cr_assert_eq(r->per, want[i].per, "%s", meeting_kinds[r->kind].code);
    cr_assert_eq(r->count, want[i].count, "%s", meeting_kinds[r->kind].code);
    cr_assert_eq(r->basis, want[i].basis, "%s", meeting_kinds[r->kind].code);
    cr_assert_str_eq(r->version, MEETING_RULES_DEFAULT_VERSION);
    cr_assert(r->source && r->source[0]);
  }
  cr_assert_eq(rs.rules[MEETING_LIFE_MEETING].usual_quarter, 4);
  cr_assert_not_null(strstr(rs.rules[MEETING_LECTURE].source, "常见做法"));
  cr_assert_str_eq(meeting_basis_label(MEETING_BASIS_PRACTICE), "实践做法");
  cr_assert_str_eq(rs.version, MEETING_RULES_DEFAULT_VERSION);
  cr_assert_str_eq(rs.reason, "");
  cr_assert_eq(meeting_param(&rs, MEETING_PARAM_SUBMIT_WORKDAYS), 3);
  cr_assert_eq(meeting_param(&rs, MEETING_PARAM_PLAN_DAY), 5);
  cr_assert_eq(meeting_param(&rs, MEETING_PARAM_ENTRY_LAG_DAYS), 30);
  cr_assert_eq(meeting_param(&rs, MEETING_PARAM_BURST_COUNT), 5);
  cr_assert_eq(meeting_param(&rs, MEETING_PARAM_BURST_HOURS), 48);
  cr_assert_eq(meeting_param(&rs, MEETING_PARAM_BURST_SPREAD_DAYS), 60);
  cr_assert_str_eq(rs.params[MEETING_PARAM_PLAN_DAY].key, "plan.day");
}

/* ---- which rules apply --------------------------------------------------------------------- */

/* Expected kinds as a string of letters: C 党员大会, W 支委会, G 党小组会, L 党课, T 主题党日,
 * S 组织生活会, A 民主评议, J 联席会议. */
typedef struct ApplyCase {
  const char *org;
  bool committee, groups;
  const char *want;
} ApplyCase;

static const ApplyCase apply_cases[] = {
    {"village", true, true, "CWGLTSA"},
    {"village", true, false, "CWLTSA"},
    {"village", false, false, "CLTSA"}, /* no committee: no 支委会 needed */
    {"village", false, true, "CGLTSA"},
    {"community", true, false, "CWLTSA"},
    {"agency", true, true, "CWGLTSA"},
    {"enterprise", false, false, "CLTSA"},
    {"joint", false, false, "CLTSA"},
    {"group", false, false, "G"}, /* 党小组: only 党小组会 */
    {"group", true, true, "G"},
    {"general", true, true, "W"},
    {"general", false, false, ""},
    {"town", true, true, ""}, /* towns and districts: none of the branch rules */
    {"district", true, true, ""},
    {"unknown", true, true, ""},
    {NULL, true, true, ""},
};

static void applies_string(const MeetingRuleSet *rs, const MeetingOrg *org, char out[16]) {
  static const char letters[MEETING_KIND_COUNT] = {'C', 'W', 'G', 'L', 'T', 'S', 'A', 'J'};
  size_t n = 0;
  for (int k = 0; k < MEETING_KIND_COUNT; k++) {
    if (meeting_rule_applies(rs, (MeetingKindId)k, org)) {
      out[n++] = letters[k];
    }
  }
  out[n] = '\0';
}

Test(meeting_rules, applies_by_org) {
  MeetingRuleSet rs = defaults();
  for (size_t i = 0; i < N_ELEMS(apply_cases); i++) {
    const ApplyCase *c = &apply_cases[i];
    MeetingOrg org = {c->org, c->committee, c->groups};
    char got[16];
    applies_string(&rs, &org, got);
    cr_assert_str_eq(got, c->want, "%s committee=%d groups=%d", c->org ? c->org : "(null)",
                     c->committee, c->groups);
  }
  /* An override can switch the 联席会议 on for villages. */
  const char *pairs[] = {"joint_meeting.count=1", "joint_meeting.orgs=village, community"};
  char why[MEETING_WHY_SIZE];
  cr_assert_eq(meeting_rules_apply(&rs, "本地-2025", "县委组织部规定每月召开", pairs, 2, why), 0,
               "%s", why);
  MeetingOrg village = {"village", false, false}, agency = {"agency", false, false};
  char got[16];
  applies_string(&rs, &village, got);
  cr_assert_str_eq(got, "CLTSAJ");
  applies_string(&rs, &agency, got);
  cr_assert_str_eq(got, "CLTSA");
}

/* ---- compliance of one quarter ------------------------------------------------------------- */

typedef struct QuarterCase {
  const char *label;
  Date today;
  int n;
  MeetingHeld held[3];
  int held_count, missing;
  MeetingStatus status;
} QuarterCase;

/* 党员大会 (quarterly, due_soon 15 days) over 2025 Q2 (2025-04-01..2025-06-30). */
static const QuarterCase quarter_cases[] = {
    {"closed, none held", {2025, 7, 1}, 0, {{0}}, 0, 1, MEETING_STATUS_MISSING},
    {"closed, one held",
     {2025, 7, 1},
     1,
     {{MEETING_PARTY_CONGRESS, {2025, 5, 20}}},
     1,
     0,
     MEETING_STATUS_OK},
    {"closed, two held",
     {2025, 12, 31},
     2,
     {{MEETING_PARTY_CONGRESS, {2025, 4, 1}}, {MEETING_PARTY_CONGRESS, {2025, 6, 30}}},
     2,
     0,
     MEETING_STATUS_OK},
    {"running, none held", {2025, 5, 1}, 0, {{0}}, 0, 0, MEETING_STATUS_RUNNING},
    {"running, one held",
     {2025, 5, 1},
     1,
     {{MEETING_PARTY_CONGRESS, {2025, 4, 10}}},
     1,
     0,
     MEETING_STATUS_OK},
    {"15 days left: still running", {2025, 6, 15}, 0, {{0}}, 0, 0, MEETING_STATUS_RUNNING},
    {"14 days left: due soon", {2025, 6, 16}, 0, {{0}}, 0, 0, MEETING_STATUS_DUE_SOON},
    {"last day: due soon", {2025, 6, 30}, 0, {{0}}, 0, 0, MEETING_STATUS_DUE_SOON},
    {"not begun", {2025, 3, 1}, 0, {{0}}, 0, 0, MEETING_STATUS_RUNNING},
    {"other kind does not count",
     {2025, 7, 1},
     1,
     {{MEETING_COMMITTEE, {2025, 5, 20}}},
     0,
     1,
     MEETING_STATUS_MISSING},
    {"other quarter does not count",
     {2025, 7, 1},
     2,
     {{MEETING_PARTY_CONGRESS, {2025, 3, 31}}, {MEETING_PARTY_CONGRESS, {2025, 7, 1}}},
     0,
     1,
     MEETING_STATUS_MISSING},
    {"dated after today is ignored",
     {2025, 6, 20},
     1,
     {{MEETING_PARTY_CONGRESS, {2025, 6, 25}}},
     0,
     0,
     MEETING_STATUS_DUE_SOON},
};

Test(meeting_rules, quarter_evaluation) {
  MeetingRuleSet rs = defaults();
  Period q2 = {PERIOD_QUARTER, 2025, 2};
  for (size_t i = 0; i < N_ELEMS(quarter_cases); i++) {
    const QuarterCase *c = &quarter_cases[i];
    MeetingCompliance r;
    meeting_evaluate_rule(&rs.rules[MEETING_PARTY_CONGRESS], q2, c->today, c->held, (size_t)c->n,
                          &r);
    cr_assert_eq(r.n_sub, 1, "%s", c->label);
    cr_assert(date_period_equal(r.period, q2), "%s", c->label);
    cr_assert_eq(r.required, 1, "%s", c->label);
    cr_assert_eq(r.held, c->held_count, "%s", c->label);
    cr_assert_eq(r.missing, c->missing, "%s", c->label);
    cr_assert_eq(r.status, c->status, "%s: status %s", c->label, meeting_status_code(r.status));
    cr_assert_eq(r.rule, &rs.rules[MEETING_PARTY_CONGRESS]);
    if (c->status == MEETING_STATUS_RUNNING || c->status == MEETING_STATUS_DUE_SOON) {
      cr_assert_eq(r.n_open, 1, "%s", c->label);
      cr_assert_date(r.due, D(2025, 6, 30), c->label);
    }
  }
}

Test(meeting_rules, short_period_evaluates_rule_period) {
  /* Asking about May for a quarterly rule evaluates the whole Q2. */
  MeetingRuleSet rs = defaults();
  MeetingHeld held[] = {{MEETING_LECTURE, {2025, 6, 3}}};
  MeetingCompliance r;
  meeting_evaluate_rule(&rs.rules[MEETING_LECTURE], (Period){PERIOD_MONTH, 2025, 5}, D(2025, 7, 2),
                        held, 1, &r);
  cr_assert(date_period_equal(r.period, (Period){PERIOD_QUARTER, 2025, 2}));
  cr_assert_eq(r.status, MEETING_STATUS_OK);
  cr_assert_eq(r.held, 1);
}

Test(meeting_rules, yearly_due_soon_in_fourth_quarter) {
  MeetingRuleSet rs = defaults();
  static const struct {
    Date today;
    MeetingStatus status;
  } cases[] = {
      {{2025, 9, 30}, MEETING_STATUS_RUNNING},  /* 92 days left */
      {{2025, 10, 1}, MEETING_STATUS_DUE_SOON}, /* 91 days left: Q4 */
      {{2026, 1, 1}, MEETING_STATUS_MISSING},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    MeetingCompliance r;
    meeting_evaluate_rule(&rs.rules[MEETING_LIFE_MEETING], (Period){PERIOD_YEAR, 2025, 1},
                          cases[i].today, NULL, 0, &r);
    cr_assert_eq(r.status, cases[i].status, "case %zu: %s", i, meeting_status_code(r.status));
  }
}

/* ---- a year month by month ------------------------------------------------------------------ */

/* 主题党日 every month of 2025 but March and July; two in May. */
static size_t theme_days(MeetingHeld *out) {
  size_t n = 0;
  for (int m = 1; m <= 12; m++) {
    if (m != 3 && m != 7) {
      out[n++] = (MeetingHeld){MEETING_THEME_DAY, {2025, m, 10}};
    }
  }
  out[n++] = (MeetingHeld){MEETING_THEME_DAY, {2025, 5, 28}};
  out[n++] = (MeetingHeld){MEETING_LECTURE, {2025, 3, 10}}; /* another kind */
  return n;
}

Test(meeting_rules, year_month_by_month) {
  MeetingRuleSet rs = defaults();
  MeetingHeld held[16];
  size_t n = theme_days(held);
  Period y2025 = {PERIOD_YEAR, 2025, 1};
  static const struct {
    const char *label;
    Date today;
    int held, ok, missing_months, open, missing;
    MeetingStatus status;
    Date due;
  } cases[] = {
      {"year closed", {2026, 1, 10}, 11, 10, 2, 0, 2, MEETING_STATUS_MISSING, {0, 0, 0}},
      /* On 2025-09-05 the September meeting (10th) has not happened yet. */
      {"in September", {2025, 9, 5}, 7, 6, 2, 4, 2, MEETING_STATUS_MISSING, {2025, 9, 30}},
      /* On 2025-03-26 March (none held) has 5 days left: due soon. */
      {"end of March", {2025, 3, 26}, 2, 2, 0, 10, 0, MEETING_STATUS_DUE_SOON, {2025, 3, 31}},
      {"early March", {2025, 3, 20}, 2, 2, 0, 10, 0, MEETING_STATUS_RUNNING, {2025, 3, 31}},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    MeetingCompliance r;
    meeting_evaluate_rule(&rs.rules[MEETING_THEME_DAY], y2025, cases[i].today, held, n, &r);
    cr_assert_eq(r.n_sub, 12, "%s", cases[i].label);
    cr_assert_eq(r.required, 12, "%s", cases[i].label);
    cr_assert_eq(r.held, cases[i].held, "%s", cases[i].label);
    cr_assert_eq(r.n_ok, cases[i].ok, "%s", cases[i].label);
    cr_assert_eq(r.n_missing, cases[i].missing_months, "%s", cases[i].label);
    cr_assert_eq(r.n_open, cases[i].open, "%s", cases[i].label);
    cr_assert_eq(r.missing, cases[i].missing, "%s", cases[i].label);
    cr_assert_eq(r.status, cases[i].status, "%s", cases[i].label);
    if (cases[i].open > 0) {
      cr_assert_date(r.due, cases[i].due, cases[i].label);
    }
  }
  MeetingCompliance r;
  meeting_evaluate_rule(&rs.rules[MEETING_THEME_DAY], y2025, D(2026, 1, 10), held, n, &r);
  for (int m = 1; m <= 12; m++) {
    const MeetingSubResult *s = &r.sub[m - 1];
    cr_assert(date_period_equal(s->period, (Period){PERIOD_MONTH, 2025, m}));
    cr_assert_eq(s->held, m == 3 || m == 7 ? 0 : m == 5 ? 2 : 1, "month %d", m);
    cr_assert_eq(s->status, m == 3 || m == 7 ? MEETING_STATUS_MISSING : MEETING_STATUS_OK);
  }
  Buf b = BUF_INIT;
  cr_assert_eq(meeting_compliance_explain(&r, &b), 0);
  cr_assert_str_eq(buf_cstr(&b),
                   "2025年 主题党日：应开12次，已开11次；达标10个月；缺2次（2025年3月、"
                   "2025年7月）");
  buf_reset(&b);
  meeting_evaluate_rule(&rs.rules[MEETING_THEME_DAY], y2025, D(2025, 9, 5), held, n, &r);
  cr_assert_eq(meeting_compliance_explain(&r, &b), 0);
  cr_assert_str_eq(buf_cstr(&b), "2025年 主题党日：应开12次，已开7次；达标6个月；缺2次（2025年3月、"
                                 "2025年7月）；进行中，截止2025-09-30");
  buf_free(&b);

  /* A half-year of a quarterly rule: two quarters. */
  meeting_evaluate_rule(&rs.rules[MEETING_PARTY_CONGRESS], (Period){PERIOD_HALF, 2025, 2},
                        D(2026, 1, 1), NULL, 0, &r);
  cr_assert_eq(r.n_sub, 2);
  cr_assert_eq(r.missing, 2);
}

Test(meeting_rules, evaluate_org) {
  MeetingRuleSet rs = defaults();
  MeetingHeld held[16];
  size_t n = theme_days(held);
  MeetingCompliance out[MEETING_KIND_COUNT];
  MeetingOrg village = {"village", false, false};
  size_t k =
      meeting_evaluate(&rs, &village, (Period){PERIOD_YEAR, 2025, 1}, D(2026, 1, 10), held, n, out);
  cr_assert_eq(k, 5); /* C L T S A */
  cr_assert_eq(out[0].kind, MEETING_PARTY_CONGRESS);
  cr_assert_eq(out[0].n_sub, 4);
  cr_assert_eq(out[0].n_missing, 4);
  cr_assert_eq(out[1].kind, MEETING_LECTURE);
  cr_assert_eq(out[1].n_ok, 1); /* Q1 lecture on 2025-03-10 */
  cr_assert_eq(out[2].kind, MEETING_THEME_DAY);
  int due, met;
  meeting_branch_score(out, k, &due, &met);
  cr_assert_eq(due, 4 + 4 + 12 + 1 + 1);
  cr_assert_eq(met, 0 + 1 + 10 + 0 + 0);
  MeetingOrg group = {"group", false, false};
  cr_assert_eq(
      meeting_evaluate(&rs, &group, (Period){PERIOD_QUARTER, 2025, 1}, D(2025, 2, 1), NULL, 0, out),
      1);
  cr_assert_eq(out[0].kind, MEETING_GROUP);
  cr_assert_eq(out[0].n_sub, 3);
  cr_assert_eq(out[0].n_missing, 1); /* January */
  cr_assert_eq(out[0].n_open, 2);
  meeting_branch_score(out, 1, &due, &met);
  cr_assert_eq(due, 1);
  cr_assert_eq(met, 0);
  MeetingOrg town = {"town", true, true};
  cr_assert_eq(
      meeting_evaluate(&rs, &town, (Period){PERIOD_YEAR, 2025, 1}, D(2026, 1, 1), NULL, 0, out), 0);
}

Test(meeting_rules, rollup_towns) {
  const MeetingBranchScore b[] = {
      {101, 1, 20, 20}, {102, 1, 20, 10}, {103, 1, 20, 15},
      {201, 2, 10, 9},  {202, 2, 0, 0}, /* nothing due yet: not rated */
      {301, 3, 0, 0},
  };
  MeetingTownRollup t[4];
  cr_assert_eq(meeting_rollup_towns(b, N_ELEMS(b), t, 4), 3);
  cr_assert_eq(t[0].town_id, 1);
  cr_assert_eq(t[0].n_branches, 3);
  cr_assert_eq(t[0].n_rated, 3);
  cr_assert_eq(t[0].n_full, 1);
  cr_assert_eq(t[0].due, 60);
  cr_assert_eq(t[0].met, 45);
  cr_assert_float_eq(t[0].rate, 0.75, 1e-9);
  cr_assert_float_eq(t[0].best, 1.0, 1e-9);
  cr_assert_float_eq(t[0].worst, 0.5, 1e-9);
  cr_assert_float_eq(t[0].spread, 0.5, 1e-9);
  cr_assert_eq(t[0].best_org, 101);
  cr_assert_eq(t[0].worst_org, 102);
  cr_assert_eq(t[1].town_id, 2);
  cr_assert_eq(t[1].n_branches, 2);
  cr_assert_eq(t[1].n_rated, 1);
  cr_assert_float_eq(t[1].rate, 0.9, 1e-9);
  cr_assert_float_eq(t[1].spread, 0.0, 1e-9);
  cr_assert_eq(t[1].best_org, 201);
  cr_assert_eq(t[2].n_rated, 0);
  cr_assert_float_eq(t[2].rate, 1.0, 1e-9);
  cr_assert_eq(t[2].best_org, 0);
  /* A short output array still counts every town. */
  cr_assert_eq(meeting_rollup_towns(b, N_ELEMS(b), t, 1), 3);
  cr_assert_eq(meeting_rollup_towns(NULL, 0, t, 4), 0);
}

/* ---- quorum and votes ---------------------------------------------------------------------- */

typedef struct TallyCase {
  MeetingBody body;
  int due, present, yes, no, abstain;
  int rc;
  bool quorum, passed;
  const char *explain; /* exact, or NULL */
} TallyCase;

static const TallyCase tally_cases[] = {
    {MEETING_BODY_CONGRESS, 20, 10, 0, 0, 0, 0, false, false,
     "应到 20 人，实到 10 人，未超过半数，会议不足法定人数"},
    {MEETING_BODY_CONGRESS, 20, 11, 0, 0, 0, 0, true, false,
     "应到 20 人，实到 11 人，超过半数，符合法定人数"},
    {MEETING_BODY_CONGRESS, 23, 11, 0, 0, 0, 0, false, false,
     "应到 23 人，实到 11 人，未超过半数，会议不足法定人数"},
    {MEETING_BODY_CONGRESS, 23, 12, 0, 0, 0, 0, true, false, NULL},
    /* yes 10 of due 20 fails even with 12 present (10 > 12/2); 11 passes */
    {MEETING_BODY_CONGRESS, 20, 12, 10, 2, 0, 0, true, false,
     "应到 20 人，实到 12 人，超过半数，符合法定人数；赞成 10 票、反对 2 票、弃权 0 票，"
     "赞成票未超过应到人数的半数（至少需 11 票），未通过"},
    {MEETING_BODY_CONGRESS, 20, 12, 11, 0, 1, 0, true, true,
     "应到 20 人，实到 12 人，超过半数，符合法定人数；赞成 11 票、反对 0 票、弃权 1 票，"
     "赞成票超过应到人数的半数，表决通过"},
    {MEETING_BODY_CONGRESS, 20, 10, 10, 0, 0, 0, false, false,
     "应到 20 人，实到 10 人，未超过半数，会议不足法定人数；赞成 10 票、反对 0 票、弃权 0 票，"
     "表决无效"},
    {MEETING_BODY_CONGRESS, 0, 0, 0, 0, 0, 0, false, false, NULL},
    {MEETING_BODY_COMMITTEE, 5, 2, 0, 0, 0, 0, false, false,
     "应到委员 5 人，实到委员 2 人，未超过半数，会议不足法定人数"},
    {MEETING_BODY_COMMITTEE, 5, 3, 3, 0, 0, 0, true, true, NULL},
    {MEETING_BODY_COMMITTEE, 4, 2, 2, 0, 0, 0, false, false, NULL},
    {MEETING_BODY_COMMITTEE, 4, 3, 2, 1, 0, 0, true, false, NULL},
    /* elections: more than 4/5 of due present */
    {MEETING_BODY_ELECTION, 10, 8, 0, 0, 0, 0, false, false,
     "应到 10 人，实到 8 人，未超过应到人数的五分之四，不得进行选举"},
    {MEETING_BODY_ELECTION, 10, 9, 0, 0, 0, 0, true, false,
     "应到 10 人，实到 9 人，超过应到人数的五分之四，可以进行选举"},
    {MEETING_BODY_ELECTION, 5, 4, 0, 0, 0, 0, false, false, NULL},
    {MEETING_BODY_ELECTION, 5, 5, 0, 0, 0, 0, true, false, NULL},
    {MEETING_BODY_ELECTION, 10, 9, 5, 4, 0, 0, true, true, NULL},
    {MEETING_BODY_ELECTION, 10, 9, 4, 5, 0, 0, true, false, NULL},
    /* inconsistent numbers */
    {MEETING_BODY_CONGRESS, 10, 11, 0, 0, 0, -1, false, false, "实到人数不能超过应到人数"},
    {MEETING_BODY_CONGRESS, 10, 8, 5, 3, 1, -1, false, false,
     "赞成、反对、弃权票数合计不能超过实到人数"},
    {MEETING_BODY_CONGRESS, -1, 0, 0, 0, 0, -1, false, false, "人数和票数不能为负数"},
};

Test(meeting_rules, tally_counts) {
  for (size_t i = 0; i < N_ELEMS(tally_cases); i++) {
    const TallyCase *c = &tally_cases[i];
    MeetingTally t;
    int rc = meeting_tally_counts(c->body, c->due, c->present, c->yes, c->no, c->abstain, &t);
    cr_assert_eq(rc, c->rc, "case %zu", i);
    cr_assert_eq(t.quorum_ok, c->quorum, "case %zu: %s", i, t.explain);
    cr_assert_eq(t.passed, c->passed, "case %zu: %s", i, t.explain);
    if (c->explain) {
      cr_assert_str_eq(t.explain, c->explain, "case %zu", i);
    }
  }
}

/* n attendees of one shape. */
static size_t add(MeetingAttendee *a, size_t at, int n, bool full, bool normal, MeetingExclusion ex,
                  bool present, MeetingVote vote) {
  for (int i = 0; i < n; i++) {
    a[at++] = (MeetingAttendee){full, normal, ex, present, vote};
  }
  return at;
}

Test(meeting_rules, tally_attendees) {
  MeetingAttendee a[40];
  size_t n = 0;
  /* 20 正式党员 in good standing: 11 present voting yes, 1 present no, 8 absent. */
  n = add(a, n, 11, true, true, MEETING_EXCLUDE_NONE, true, MEETING_VOTE_YES);
  n = add(a, n, 1, true, true, MEETING_EXCLUDE_NONE, true, MEETING_VOTE_NO);
  n = add(a, n, 8, true, true, MEETING_EXCLUDE_NONE, false, MEETING_VOTE_NONE);
  /* 3 excluded from 应到 (one abroad, one serving, one bedridden; the bedridden one "votes"). */
  n = add(a, n, 1, true, true, MEETING_EXCLUDE_ABROAD, false, MEETING_VOTE_NONE);
  n = add(a, n, 1, true, true, MEETING_EXCLUDE_SENTENCE, false, MEETING_VOTE_NONE);
  n = add(a, n, 1, true, true, MEETING_EXCLUDE_BEDRIDDEN, true, MEETING_VOTE_YES);
  /* 4 预备党员 present and voting: not counted. */
  n = add(a, n, 4, false, true, MEETING_EXCLUDE_NONE, true, MEETING_VOTE_YES);
  /* 1 in 留党察看 / 停止党籍. */
  n = add(a, n, 1, true, false, MEETING_EXCLUDE_NONE, true, MEETING_VOTE_NO);
  MeetingTally t;
  meeting_tally(MEETING_BODY_CONGRESS, a, n, &t);
  cr_assert_eq(t.listed, 28);
  cr_assert_eq(t.due, 20);
  cr_assert_eq(t.present, 12);
  cr_assert_eq(t.excluded, 3);
  cr_assert_eq(t.no_right, 5);
  cr_assert_eq(t.yes, 11);
  cr_assert_eq(t.no, 1);
  cr_assert_eq(t.ignored_votes, 6);
  cr_assert(t.quorum_ok);
  cr_assert(t.passed);
  cr_assert_str_eq(t.explain, "应到 20 人，实到 12 人，超过半数，符合法定人数；赞成 11 票、"
                              "反对 1 票、弃权 0 票，赞成票超过应到人数的半数，表决通过（经批准"
                              "不计入应到 3 人，无表决权 5 人）");

  /* Without the exclusions the same room is 23 due and the vote fails (11 of 23). */
  MeetingAttendee b[40];
  size_t m = 0;
  m = add(b, m, 11, true, true, MEETING_EXCLUDE_NONE, true, MEETING_VOTE_YES);
  m = add(b, m, 12, true, true, MEETING_EXCLUDE_NONE, false, MEETING_VOTE_NONE);
  m = add(b, m, 5, false, true, MEETING_EXCLUDE_NONE, true, MEETING_VOTE_YES);
  meeting_tally(MEETING_BODY_CONGRESS, b, m, &t);
  cr_assert_eq(t.due, 23);
  cr_assert_eq(t.present, 11);
  cr_assert_not(t.quorum_ok);
  cr_assert_not(t.passed);
  cr_assert_not_null(strstr(t.explain, "应到 23 人，实到 11 人，未超过半数，会议不足法定人数"));
  /* Excluding 2 brings due to 21: 11 present is a quorum and 11 yes passes. */
  b[11].excluded = MEETING_EXCLUDE_INCAPABLE;
  b[12].excluded = MEETING_EXCLUDE_UNTRANSFERRED;
  meeting_tally(MEETING_BODY_CONGRESS, b, m, &t);
  cr_assert_eq(t.due, 21);
  cr_assert(t.quorum_ok);
  cr_assert(t.passed);

  meeting_tally(MEETING_BODY_CONGRESS, NULL, 0, &t);
  cr_assert_eq(t.due, 0);
  cr_assert_not(t.quorum_ok);
  cr_assert_str_eq(meeting_exclusion_label(MEETING_EXCLUDE_ABROAD), "自费出国半年以上");
}

/* ---- review chain -------------------------------------------------------------------------- */

typedef struct Move {
  MeetingState from;
  MeetingAction action;
  MeetingRole role;
  MeetingState to;
} Move;

static const Move legal[] = {
    {MEETING_STATE_DRAFT, MEETING_ACTION_SAVE, MEETING_ROLE_BRANCH, MEETING_STATE_DRAFT},
    {MEETING_STATE_DRAFT, MEETING_ACTION_SUBMIT, MEETING_ROLE_BRANCH, MEETING_STATE_SUBMITTED},
    {MEETING_STATE_SUBMITTED, MEETING_ACTION_ACCEPT, MEETING_ROLE_TOWN, MEETING_STATE_ACCEPTED},
    {MEETING_STATE_SUBMITTED, MEETING_ACTION_RETURN_REFILL, MEETING_ROLE_TOWN,
     MEETING_STATE_RETURNED_REFILL},
    {MEETING_STATE_SUBMITTED, MEETING_ACTION_RETURN_REHOLD, MEETING_ROLE_TOWN,
     MEETING_STATE_RETURNED_REHOLD},
    {MEETING_STATE_RETURNED_REFILL, MEETING_ACTION_SAVE, MEETING_ROLE_BRANCH,
     MEETING_STATE_RETURNED_REFILL},
    {MEETING_STATE_RETURNED_REFILL, MEETING_ACTION_SUBMIT, MEETING_ROLE_BRANCH,
     MEETING_STATE_SUBMITTED},
    {MEETING_STATE_RETURNED_REHOLD, MEETING_ACTION_REHOLD, MEETING_ROLE_BRANCH,
     MEETING_STATE_CLOSED},
    {MEETING_STATE_ACCEPTED, MEETING_ACTION_AMEND, MEETING_ROLE_BRANCH, MEETING_STATE_ACCEPTED},
};

Test(meeting_rules, transitions_legal) {
  for (size_t i = 0; i < N_ELEMS(legal); i++) {
    const char *why = "unset";
    MeetingState to = meeting_transition(legal[i].from, legal[i].action, legal[i].role, &why);
    cr_assert_eq(to, legal[i].to, "%s --%s--> %s: %s", meeting_state_code(legal[i].from),
                 meeting_action_code(legal[i].action), meeting_state_code(legal[i].to), why);
  }
}

Test(meeting_rules, transitions_exhaustive) {
  /* Every combination not in the legal table is refused with a reason. */
  int refused = 0;
  for (int s = 0; s < MEETING_STATE_COUNT; s++) {
    for (int a = 0; a < MEETING_ACTION_COUNT; a++) {
      for (int r = 0; r < MEETING_ROLE_COUNT; r++) {
        MeetingState want = MEETING_STATE_INVALID;
        for (size_t i = 0; i < N_ELEMS(legal); i++) {
          if ((int)legal[i].from == s && (int)legal[i].action == a && (int)legal[i].role == r) {
            want = legal[i].to;
          }
        }
        const char *why = NULL;
        MeetingState to =
            meeting_transition((MeetingState)s, (MeetingAction)a, (MeetingRole)r, &why);
        cr_assert_eq(to, want, "%s %s %s", meeting_state_code((MeetingState)s),
                     meeting_action_code((MeetingAction)a), meeting_role_code((MeetingRole)r));
        if (want == MEETING_STATE_INVALID) {
          cr_assert(why && why[0]);
          refused++;
        }
      }
    }
  }
  cr_assert_eq(refused, MEETING_STATE_COUNT * MEETING_ACTION_COUNT * MEETING_ROLE_COUNT - 9);
}

typedef struct IllegalCase {
  MeetingState from;
  MeetingAction action;
  MeetingRole role;
  const char *why;
} IllegalCase;

static const IllegalCase illegal[] = {
    {MEETING_STATE_SUBMITTED, MEETING_ACTION_ACCEPT, MEETING_ROLE_BRANCH,
     "只有乡镇党委审核人可以审核通过"},
    {MEETING_STATE_SUBMITTED, MEETING_ACTION_ACCEPT, MEETING_ROLE_DISTRICT,
     "只有乡镇党委审核人可以审核通过"},
    {MEETING_STATE_SUBMITTED, MEETING_ACTION_RETURN_REFILL, MEETING_ROLE_ADMIN,
     "只有乡镇党委审核人可以退回"},
    {MEETING_STATE_SUBMITTED, MEETING_ACTION_RETURN_REHOLD, MEETING_ROLE_BRANCH,
     "只有乡镇党委审核人可以退回"},
    {MEETING_STATE_DRAFT, MEETING_ACTION_SUBMIT, MEETING_ROLE_TOWN, "只有本支部可以提交会议记录"},
    {MEETING_STATE_DRAFT, MEETING_ACTION_SUBMIT, MEETING_ROLE_MEMBER, "只有本支部可以提交会议记录"},
    {MEETING_STATE_DRAFT, MEETING_ACTION_SAVE, MEETING_ROLE_CONTACT, "只有本支部可以编辑会议记录"},
    {MEETING_STATE_ACCEPTED, MEETING_ACTION_AMEND, MEETING_ROLE_TOWN,
     "只有本支部可以修正已审核的记录"},
    {MEETING_STATE_ACCEPTED, MEETING_ACTION_AMEND, MEETING_ROLE_DISTRICT,
     "只有本支部可以修正已审核的记录"},
    {MEETING_STATE_ACCEPTED, MEETING_ACTION_AMEND, MEETING_ROLE_MEMBER,
     "只有本支部可以修正已审核的记录"},
    {MEETING_STATE_RETURNED_REHOLD, MEETING_ACTION_REHOLD, MEETING_ROLE_TOWN,
     "只有本支部可以重新召开会议"},
    {MEETING_STATE_DRAFT, MEETING_ACTION_ACCEPT, MEETING_ROLE_TOWN, "记录尚未提交，不能审核或退回"},
    {MEETING_STATE_DRAFT, MEETING_ACTION_AMEND, MEETING_ROLE_BRANCH, "只有已审核的记录才能修正"},
    {MEETING_STATE_SUBMITTED, MEETING_ACTION_AMEND, MEETING_ROLE_BRANCH,
     "只有已审核的记录才能修正"},
    {MEETING_STATE_RETURNED_REFILL, MEETING_ACTION_AMEND, MEETING_ROLE_BRANCH,
     "只有已审核的记录才能修正"},
    {MEETING_STATE_RETURNED_REHOLD, MEETING_ACTION_AMEND, MEETING_ROLE_BRANCH,
     "记录被退回重开，须重新召开会议并另建记录，原记录不能修改或提交"},
    {MEETING_STATE_ACCEPTED, MEETING_ACTION_SAVE, MEETING_ROLE_BRANCH,
     "记录已审核通过，不能再修改、提交或退回；如需更改请提交修正并写明原因"},
    {MEETING_STATE_ACCEPTED, MEETING_ACTION_REHOLD, MEETING_ROLE_BRANCH,
     "记录已审核通过，不能再修改、提交或退回；如需更改请提交修正并写明原因"},
    {MEETING_STATE_CLOSED, MEETING_ACTION_REHOLD, MEETING_ROLE_BRANCH,
     "记录已关闭（会议已重新召开），不能再操作"},
    {MEETING_STATE_SUBMITTED, MEETING_ACTION_SUBMIT, MEETING_ROLE_BRANCH,
     "记录已提交，正在等待乡镇审核，不能修改或重复提交"},
    {MEETING_STATE_SUBMITTED, MEETING_ACTION_SAVE, MEETING_ROLE_BRANCH,
     "记录已提交，正在等待乡镇审核，不能修改或重复提交"},
    {MEETING_STATE_ACCEPTED, MEETING_ACTION_SUBMIT, MEETING_ROLE_BRANCH,
     "记录已审核通过，不能再修改、提交或退回；如需更改请提交修正并写明原因"},
    {MEETING_STATE_ACCEPTED, MEETING_ACTION_RETURN_REFILL, MEETING_ROLE_TOWN,
     "记录已审核通过，不能再修改、提交或退回；如需更改请提交修正并写明原因"},
    {MEETING_STATE_ACCEPTED, MEETING_ACTION_ACCEPT, MEETING_ROLE_TOWN,
     "记录已审核通过，不能再修改、提交或退回；如需更改请提交修正并写明原因"},
    {MEETING_STATE_RETURNED_REFILL, MEETING_ACTION_ACCEPT, MEETING_ROLE_TOWN,
     "记录已退回重填，须修改后重新提交才能审核"},
    {MEETING_STATE_RETURNED_REFILL, MEETING_ACTION_REHOLD, MEETING_ROLE_BRANCH,
     "记录被退回重填，修改后重新提交即可，无须重新召开"},
    {MEETING_STATE_RETURNED_REHOLD, MEETING_ACTION_SUBMIT, MEETING_ROLE_BRANCH,
     "记录被退回重开，须重新召开会议并另建记录，原记录不能修改或提交"},
    {MEETING_STATE_RETURNED_REHOLD, MEETING_ACTION_SAVE, MEETING_ROLE_BRANCH,
     "记录被退回重开，须重新召开会议并另建记录，原记录不能修改或提交"},
    {MEETING_STATE_CLOSED, MEETING_ACTION_SUBMIT, MEETING_ROLE_BRANCH,
     "记录已关闭（会议已重新召开），不能再操作"},
    {MEETING_STATE_CLOSED, MEETING_ACTION_AMEND, MEETING_ROLE_BRANCH,
     "记录已关闭（会议已重新召开），不能再操作"},
    {MEETING_STATE_INVALID, MEETING_ACTION_SAVE, MEETING_ROLE_BRANCH, "无效的记录状态"},
    {MEETING_STATE_COUNT, MEETING_ACTION_SAVE, MEETING_ROLE_BRANCH, "无效的记录状态"},
    {MEETING_STATE_DRAFT, MEETING_ACTION_COUNT, MEETING_ROLE_BRANCH, "无效的操作"},
    {MEETING_STATE_DRAFT, MEETING_ACTION_SAVE, MEETING_ROLE_COUNT, "无效的角色"},
};

Test(meeting_rules, transitions_illegal) {
  for (size_t i = 0; i < N_ELEMS(illegal); i++) {
    const IllegalCase *c = &illegal[i];
    const char *why = NULL;
    cr_assert_eq(meeting_transition(c->from, c->action, c->role, &why), MEETING_STATE_INVALID,
                 "case %zu", i);
    cr_assert_str_eq(why, c->why, "case %zu", i);
  }
  /* why may be NULL. */
  cr_assert_eq(
      meeting_transition(MEETING_STATE_CLOSED, MEETING_ACTION_SAVE, MEETING_ROLE_BRANCH, NULL),
      MEETING_STATE_INVALID);
}

Test(meeting_rules, chain_codes) {
  for (int s = 0; s < MEETING_STATE_COUNT; s++) {
    cr_assert_eq(meeting_state_parse(meeting_state_code((MeetingState)s)), s);
    cr_assert_not_null(meeting_state_label((MeetingState)s));
  }
  for (int a = 0; a < MEETING_ACTION_COUNT; a++) {
    cr_assert_eq(meeting_action_parse(meeting_action_code((MeetingAction)a)), a);
    cr_assert_not_null(meeting_action_label((MeetingAction)a));
  }
  for (int r = 0; r < MEETING_ROLE_COUNT; r++) {
    cr_assert_eq(meeting_role_parse(meeting_role_code((MeetingRole)r)), r);
  }
  cr_assert_str_eq(meeting_state_code(MEETING_STATE_RETURNED_REHOLD), "returned_rehold");
  cr_assert_str_eq(meeting_state_label(MEETING_STATE_DRAFT), "暂存");
  cr_assert_str_eq(meeting_state_label(MEETING_STATE_RETURNED_REFILL), "退回重填");
  cr_assert_eq(meeting_state_parse("pending"), -1);
  cr_assert_eq(meeting_state_parse(NULL), -1);
  cr_assert_null(meeting_state_code(MEETING_STATE_INVALID));
  cr_assert_eq(meeting_role_parse("secretary"), -1);
}

/* ---- deadlines ----------------------------------------------------------------------------- */

typedef struct SubmitCase {
  const char *label;
  bool holidays; /* with date_calendar_load_cn, else plain Monday-Friday */
  Date meeting;
  Date due;
  bool has_done;
  Date done, today;
  MeetingDeadlineStatus status;
  int days_late, workdays_late;
} SubmitCase;

static const SubmitCase submit_cases[] = {
    /* 国庆 2025: 9-28 (Sun) is worked, 10-1..10-8 off, 10-11 (Sat) worked. */
    {"Fri before 国庆, Sunday 调休 counts",
     true,
     {2025, 9, 26},
     {2025, 9, 30},
     true,
     {2025, 9, 30},
     {2025, 12, 1},
     MEETING_DEADLINE_ON_TIME,
     0,
     0},
    {"same without holidays",
     false,
     {2025, 9, 26},
     {2025, 10, 1},
     true,
     {2025, 10, 1},
     {2025, 12, 1},
     MEETING_DEADLINE_ON_TIME,
     0,
     0},
    {"day before 国庆: due on 调休 Saturday",
     true,
     {2025, 9, 30},
     {2025, 10, 11},
     true,
     {2025, 10, 11},
     {2025, 12, 1},
     MEETING_DEADLINE_ON_TIME,
     0,
     0},
    {"submitted the Monday after",
     true,
     {2025, 9, 30},
     {2025, 10, 11},
     true,
     {2025, 10, 13},
     {2025, 12, 1},
     MEETING_DEADLINE_LATE,
     2,
     1},
    {"submitted on a Sunday after due",
     true,
     {2025, 9, 30},
     {2025, 10, 11},
     true,
     {2025, 10, 12},
     {2025, 12, 1},
     MEETING_DEADLINE_LATE,
     1,
     0},
    {"meeting on a holiday",
     true,
     {2025, 10, 3},
     {2025, 10, 11},
     false,
     {0, 0, 0},
     {2025, 10, 10},
     MEETING_DEADLINE_PENDING,
     0,
     0},
    /* 春节 2026: 2-14 (Sat) worked, 2-15..2-23 off, 2-28 (Sat) worked. */
    {"Thu before 春节",
     true,
     {2026, 2, 12},
     {2026, 2, 24},
     false,
     {0, 0, 0},
     {2026, 2, 24},
     MEETING_DEADLINE_PENDING,
     0,
     0},
    {"Thu before 春节, overdue",
     true,
     {2026, 2, 12},
     {2026, 2, 24},
     false,
     {0, 0, 0},
     {2026, 2, 27},
     MEETING_DEADLINE_OVERDUE,
     3,
     3},
    {"late Feb, Saturday 调休 counts",
     true,
     {2026, 2, 27},
     {2026, 3, 3},
     true,
     {2026, 3, 2},
     {2026, 3, 9},
     MEETING_DEADLINE_ON_TIME,
     0,
     0},
    {"same without holidays",
     false,
     {2026, 2, 27},
     {2026, 3, 4},
     true,
     {2026, 3, 4},
     {2026, 3, 9},
     MEETING_DEADLINE_ON_TIME,
     0,
     0},
};

Test(meeting_rules, submit_deadlines) {
  MeetingRuleSet rs = defaults();
  DateCalendar *cal = date_calendar_new();
  date_calendar_load_cn(cal);
  for (size_t i = 0; i < N_ELEMS(submit_cases); i++) {
    const SubmitCase *c = &submit_cases[i];
    MeetingDeadline d;
    meeting_submit_deadline(&rs, c->holidays ? cal : NULL, c->meeting,
                            c->has_done ? &c->done : NULL, c->today, &d);
    cr_assert_date(d.due, c->due, c->label);
    cr_assert_eq(d.status, c->status, "%s: %s", c->label, meeting_deadline_label(d.status));
    cr_assert_eq(d.days_late, c->days_late, "%s", c->label);
    cr_assert_eq(d.workdays_late, c->workdays_late, "%s", c->label);
  }
  /* submit.workdays=5 */
  const char *pairs[] = {"submit.workdays=5"};
  char why[MEETING_WHY_SIZE];
  cr_assert_eq(meeting_rules_apply(&rs, "v2", "县委规定", pairs, 1, why), 0);
  MeetingDeadline d;
  meeting_submit_deadline(&rs, cal, D(2026, 2, 12), NULL, D(2026, 2, 12), &d);
  cr_assert_date(d.due, D(2026, 2, 26), "five working days over 春节");
  date_calendar_free(cal);
}

Test(meeting_rules, plan_deadlines) {
  MeetingRuleSet rs = defaults();
  DateCalendar *cal = date_calendar_new();
  date_calendar_load_cn(cal);
  MeetingDeadline d;
  Date filed = D(2025, 10, 6);
  meeting_plan_deadline(&rs, cal, (Period){PERIOD_QUARTER, 2025, 4}, &filed, D(2025, 11, 1), &d);
  cr_assert_date(d.due, D(2025, 10, 5), "Q4 2025 plan");
  cr_assert_eq(d.status, MEETING_DEADLINE_LATE);
  cr_assert_eq(d.days_late, 1);
  cr_assert_eq(d.workdays_late, 0); /* 10-6 is a holiday */
  meeting_plan_deadline(&rs, cal, (Period){PERIOD_QUARTER, 2026, 1}, NULL, D(2026, 1, 5), &d);
  cr_assert_date(d.due, D(2026, 1, 5), "Q1 2026 plan");
  cr_assert_eq(d.status, MEETING_DEADLINE_PENDING);
  meeting_plan_deadline(&rs, cal, (Period){PERIOD_QUARTER, 2026, 1}, NULL, D(2026, 1, 6), &d);
  cr_assert_eq(d.status, MEETING_DEADLINE_OVERDUE);

  /* Moving a due day off to the next working day: 10-5 → 10-9 (10-6..10-8 are off). */
  const char *pairs[] = {"plan.next_workday=1"};
  char why[MEETING_WHY_SIZE];
  cr_assert_eq(meeting_rules_apply(&rs, "v2", "顺延", pairs, 1, why), 0);
  meeting_plan_deadline(&rs, cal, (Period){PERIOD_QUARTER, 2025, 4}, &filed, D(2025, 11, 1), &d);
  cr_assert_date(d.due, D(2025, 10, 9), "Q4 2025 plan, moved");
  cr_assert_eq(d.status, MEETING_DEADLINE_ON_TIME);
  /* 2026 Q2: April 5 is a Sunday (清明), so the next working day. */
  meeting_plan_deadline(&rs, cal, (Period){PERIOD_QUARTER, 2026, 2}, NULL, D(2026, 4, 1), &d);
  cr_assert(date_is_workday(cal, d.due));
  cr_assert(date_compare(d.due, D(2026, 4, 5)) > 0);

  /* Day 31 is clamped to the month's length. */
  const char *pairs31[] = {"plan.day=31", "plan.next_workday=0"};
  cr_assert_eq(meeting_rules_apply(&rs, "v3", "月底", pairs31, 2, why), 0, "%s", why);
  meeting_plan_deadline(&rs, cal, (Period){PERIOD_QUARTER, 2026, 2}, NULL, D(2026, 4, 1), &d);
  cr_assert_date(d.due, D(2026, 4, 30), "clamped");
  date_calendar_free(cal);
}

/* ---- overrides ----------------------------------------------------------------------------- */

Test(meeting_rules, overrides_good) {
  MeetingRuleSet rs = defaults();
  const char *pairs[] = {
      "committee.per=quarter",
      " lecture.count = 2 ",
      "life_meeting.due_soon_days=30",
      "party_congress.per=季度",
      "appraisal.orgs=village,community",
      "burst.count=4",
      "entry.lag_days=15",
  };
  char why[MEETING_WHY_SIZE];
  cr_assert_eq(meeting_rules_apply(&rs, "甘州-2025.1", "  区委组织部2025年规定  ", pairs,
                                   N_ELEMS(pairs), why),
               0, "%s", why);
  cr_assert_str_eq(why, "");
  cr_assert_str_eq(rs.version, "甘州-2025.1");
  cr_assert_str_eq(rs.reason, "区委组织部2025年规定");
  cr_assert_eq(rs.rules[MEETING_COMMITTEE].per, PERIOD_QUARTER);
  cr_assert_eq(rs.rules[MEETING_LECTURE].count, 2);
  cr_assert_eq(rs.rules[MEETING_LIFE_MEETING].due_soon_days, 30);
  cr_assert_eq(rs.rules[MEETING_PARTY_CONGRESS].per, PERIOD_QUARTER);
  cr_assert_eq(rs.rules[MEETING_APPRAISAL].orgs, MEETING_ORG_VILLAGE | MEETING_ORG_COMMUNITY);
  cr_assert_eq(meeting_param(&rs, MEETING_PARAM_BURST_COUNT), 4);
  cr_assert_eq(meeting_param(&rs, MEETING_PARAM_ENTRY_LAG_DAYS), 15);
  cr_assert_str_eq(rs.rules[MEETING_LECTURE].version, "甘州-2025.1");
  cr_assert_eq(rs.rules[MEETING_LECTURE].basis, MEETING_BASIS_LOCAL);
  cr_assert_str_eq(rs.params[MEETING_PARAM_BURST_COUNT].version, "甘州-2025.1");
  /* Untouched rules keep their version and basis. */
  cr_assert_str_eq(rs.rules[MEETING_THEME_DAY].version, MEETING_RULES_DEFAULT_VERSION);
  cr_assert_eq(rs.rules[MEETING_THEME_DAY].basis, MEETING_BASIS_TEXT);
  cr_assert_str_eq(rs.params[MEETING_PARAM_PLAN_DAY].version, MEETING_RULES_DEFAULT_VERSION);
  /* Later pairs win; a second set keeps the first set's versions where untouched. */
  const char *more[] = {"lecture.count=1", "lecture.count=3", "committee.orgs=none"};
  cr_assert_eq(meeting_rules_apply(&rs, "v2", "再次调整", more, N_ELEMS(more), why), 0);
  cr_assert_eq(rs.rules[MEETING_LECTURE].count, 3);
  cr_assert_str_eq(rs.rules[MEETING_LECTURE].version, "v2");
  cr_assert_str_eq(rs.rules[MEETING_LIFE_MEETING].version, "甘州-2025.1");
  MeetingOrg village = {"village", true, false};
  cr_assert_not(meeting_rule_applies(&rs, MEETING_COMMITTEE, &village));
  /* Every period word. */
  static const struct {
    const char *value;
    PeriodKind per;
  } pers[] = {{"month", PERIOD_MONTH},    {"每月", PERIOD_MONTH}, {"half", PERIOD_HALF},
              {"半年", PERIOD_HALF},      {"year", PERIOD_YEAR},  {"年", PERIOD_YEAR},
              {"quarter", PERIOD_QUARTER}};
  for (size_t i = 0; i < N_ELEMS(pers); i++) {
    char pair[64];
    snprintf(pair, sizeof pair, "group.per=%s", pers[i].value);
    const char *one[] = {pair};
    cr_assert_eq(meeting_rules_apply(&rs, "v", "r", one, 1, why), 0, "%s", pair);
    cr_assert_eq(rs.rules[MEETING_GROUP].per, pers[i].per, "%s", pair);
  }
  /* No pairs: only the version and reason change. */
  cr_assert_eq(meeting_rules_apply(&rs, "v9", "确认", NULL, 0, why), 0);
  cr_assert_str_eq(rs.version, "v9");
}

typedef struct BadOverride {
  const char *pair;
  const char *why;
} BadOverride;

static const BadOverride bad_overrides[] = {
    {"lecture.cnt=1", "第2项：未知的规则项：lecture.cnt"},
    {"lecture", "第2项：格式应为“键=值”：lecture"},
    {"=1", "第2项：缺少规则项名称"},
    {"lecture.count=", "第2项：规则项 lecture.count 的值不能为空"},
    {"meeting.count=1", "第2项：未知的会议类型：meeting"},
    {"lecture.count=-1", "第2项：次数应为 0 至 99 的整数：-1"},
    {"lecture.count=100", "第2项：次数应为 0 至 99 的整数：100"},
    {"lecture.count=1.5", "第2项：次数应为 0 至 99 的整数：1.5"},
    {"lecture.count=一", "第2项：次数应为 0 至 99 的整数：一"},
    {"lecture.count=99999999", "第2项：次数应为 0 至 99 的整数：99999999"},
    {"committee.per=week", "第2项：周期应为 month、quarter、half 或 year：week"},
    {"committee.per=Month", "第2项：周期应为 month、quarter、half 或 year：Month"},
    {"theme_day.due_soon_days=400", "第2项：提前提醒天数应为 0 至 366 的整数：400"},
    {"appraisal.orgs=village,school", "第2项：未知的组织类型：school"},
    {"appraisal.orgs=village,,town", "第2项：未知的组织类型："},
    {"submit.workdays=0", "第2项：submit.workdays 应为 1 至 30 的整数：0"},
    {"plan.day=32", "第2项：plan.day 应为 1 至 31 的整数：32"},
    {"plan.next_workday=yes", "第2项：plan.next_workday 应为 0 至 1 的整数：yes"},
    {"burst.count=1", "第2项：burst.count 应为 2 至 100 的整数：1"},
    {"submit=3", "第2项：未知的规则项：submit"},
    {"submit.days=3", "第2项：未知的会议类型：submit"},
};

Test(meeting_rules, overrides_bad) {
  MeetingRuleSet rs = defaults();
  const char *first[] = {"lecture.count=2"};
  char why[MEETING_WHY_SIZE];
  cr_assert_eq(meeting_rules_apply(&rs, "v1", "理由", first, 1, why), 0);
  MeetingRuleSet before = rs;
  for (size_t i = 0; i < N_ELEMS(bad_overrides); i++) {
    /* A good pair first: nothing of it may stick when the second fails. */
    const char *pairs[] = {"lecture.count=5", bad_overrides[i].pair};
    cr_assert_eq(meeting_rules_apply(&rs, "v2", "理由", pairs, 2, why), -1, "%s",
                 bad_overrides[i].pair);
    cr_assert_str_eq(why, bad_overrides[i].why, "%s", bad_overrides[i].pair);
    cr_assert(memcmp(&rs, &before, sizeof rs) == 0, "%s changed the set", bad_overrides[i].pair);
  }
  const char *ok[] = {"lecture.count=1"};
  static const struct {
    const char *version, *reason, *why;
  } meta[] = {
      {"", "理由", "规则版本不能为空"},
      {NULL, "理由", "规则版本不能为空"},
      {"v3", "", "修改默认规则须填写理由"},
      {"v3", "   ", "修改默认规则须填写理由"},
      {"v3", NULL, "修改默认规则须填写理由"},
      {"0123456789012345678901234567890123456789012345678", "理由",
       "规则版本过长或含无效字符（最多47字节）"},
      {"v\xff", "理由", "规则版本过长或含无效字符（最多47字节）"},
      {"v3", "\xc3", "理由含无效字符"},
  };
  for (size_t i = 0; i < N_ELEMS(meta); i++) {
    cr_assert_eq(meeting_rules_apply(&rs, meta[i].version, meta[i].reason, ok, 1, why), -1);
    cr_assert_str_eq(why, meta[i].why, "case %zu", i);
    cr_assert(memcmp(&rs, &before, sizeof rs) == 0);
  }
  const char *null_pair[] = {NULL};
  cr_assert_eq(meeting_rules_apply(&rs, "v3", "理由", null_pair, 1, why), -1);
  cr_assert_str_eq(why, "第1项：规则覆盖项为空");
  /* A long bad value is quoted cut at a character boundary. */
  char longv[400];
  int k = snprintf(longv, sizeof longv, "lecture.per=");
  for (int i = 0; i < 100; i++) {
    k += snprintf(longv + k, sizeof longv - (size_t)k, "季");
  }
  const char *lp[] = {longv};
  cr_assert_eq(meeting_rules_apply(&rs, "v3", "理由", lp, 1, why), -1);
  cr_assert_lt(strlen(why), (size_t)MEETING_WHY_SIZE);
  cr_assert_not_null(strstr(why, "季季季"));
}

/* ---- backfill heuristics ------------------------------------------------------------------- */

/* Unix seconds of a Beijing local time. */
static int64_t at(int y, int mo, int d, int h, int mi) {
  return date_to_days(D(y, mo, d)) * 86400 + (int64_t)(h - 8) * 3600 + (int64_t)mi * 60;
}

Test(meeting_rules, entry_lag) {
  MeetingRuleSet rs = defaults();
  const Date m = {2025, 3, 1};
  const struct {
    int64_t entered;
    int64_t lag;
    bool late;
  } cases[] = {
      {at(2025, 3, 1, 20, 0), 0, false},
      {at(2025, 3, 31, 23, 59), 30, false}, /* the threshold itself is not late */
      {at(2025, 4, 1, 0, 30), 31, true},    /* 16:30 UTC on 3-31, but 4-1 in Beijing */
      {at(2025, 2, 28, 9, 0), -1, false},   /* entered before the date given */
      {at(2026, 3, 1, 9, 0), 365, true},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_assert_eq(meeting_entry_lag(&rs, m, cases[i].entered), cases[i].lag, "case %zu", i);
    cr_assert_eq(meeting_entry_late(&rs, m, cases[i].entered), cases[i].late, "case %zu", i);
  }
  /* 00:30 Beijing time is still the previous day in UTC: the local date counts. */
  cr_assert_date(meeting_entry_date(&rs, at(2025, 4, 1, 0, 30)), D(2025, 4, 1), "local date");
  cr_assert_date(meeting_entry_date(&rs, at(1969, 12, 31, 7, 0)), D(1969, 12, 31), "before 1970");
}

typedef struct BurstCase {
  const char *label;
  size_t n;
  struct {
    Date meeting;
    int h; /* entry: hours after 2025-12-01 09:00 Beijing time */
  } e[16];
  size_t n_bursts;
  size_t count[2];
  Date from[2], to[2];
} BurstCase;

static const BurstCase burst_cases[] = {
    {"six months entered in ten hours",
     6,
     {{{2025, 6, 5}, 0},
      {{2025, 7, 5}, 1},
      {{2025, 8, 5}, 2},
      {{2025, 9, 5}, 5},
      {{2025, 10, 5}, 8},
      {{2025, 11, 5}, 10}},
     1,
     {6},
     {{2025, 6, 5}},
     {{2025, 11, 5}}},
    {"only four records",
     4,
     {{{2025, 6, 5}, 0}, {{2025, 7, 5}, 1}, {{2025, 8, 5}, 2}, {{2025, 9, 5}, 5}},
     0,
     {0},
     {{0}},
     {{0}}},
    {"five records spread over three days",
     5,
     {{{2025, 6, 5}, 0},
      {{2025, 7, 5}, 20},
      {{2025, 8, 5}, 40},
      {{2025, 9, 5}, 60},
      {{2025, 10, 5}, 72}},
     0,
     {0},
     {{0}},
     {{0}}},
    {"five records of one month (normal catching up)",
     5,
     {{{2025, 11, 3}, 0},
      {{2025, 11, 10}, 1},
      {{2025, 11, 14}, 2},
      {{2025, 11, 20}, 3},
      {{2025, 11, 28}, 4}},
     0,
     {0},
     {{0}},
     {{0}}},
    {"boundaries: exactly 48 hours, exactly 60 days",
     5,
     {{{2025, 9, 1}, 0},
      {{2025, 9, 15}, 10},
      {{2025, 10, 1}, 20},
      {{2025, 10, 15}, 30},
      {{2025, 10, 31}, 48}},
     1,
     {5},
     {{2025, 9, 1}},
     {{2025, 10, 31}}},
    {"one hour too long",
     5,
     {{{2025, 9, 1}, 0},
      {{2025, 9, 15}, 10},
      {{2025, 10, 1}, 20},
      {{2025, 10, 15}, 30},
      {{2025, 10, 31}, 49}},
     0,
     {0},
     {{0}},
     {{0}}},
    {"one day too close",
     5,
     {{{2025, 9, 2}, 0},
      {{2025, 9, 15}, 10},
      {{2025, 10, 1}, 20},
      {{2025, 10, 15}, 30},
      {{2025, 10, 31}, 48}},
     0,
     {0},
     {{0}},
     {{0}}},
    {"overlapping windows merge, a later one is separate (input unsorted)",
     13,
     {{{2025, 1, 5}, 0},
      {{2025, 2, 5}, 10},
      {{2025, 3, 5}, 20},
      {{2025, 4, 5}, 30},
      {{2025, 5, 5}, 40},
      {{2025, 6, 5}, 45},
      {{2025, 7, 5}, 60}, /* only the windows from hours 10 and 20 reach it */
      {{2025, 9, 5}, 400},
      {{2025, 12, 5}, 500}, /* alone */
      {{2025, 8, 5}, 401},
      {{2025, 10, 5}, 402},
      {{2025, 11, 5}, 403},
      {{2025, 5, 6}, 404}},
     2,
     {7, 5},
     {{2025, 1, 5}, {2025, 5, 6}},
     {{2025, 7, 5}, {2025, 11, 5}}},
};

Test(meeting_rules, bursts) {
  MeetingRuleSet rs = defaults();
  for (size_t i = 0; i < N_ELEMS(burst_cases); i++) {
    const BurstCase *c = &burst_cases[i];
    MeetingEntry e[16];
    for (size_t j = 0; j < c->n; j++) {
      e[j] = (MeetingEntry){(int64_t)(100 + j), c->e[j].meeting,
                            at(2025, 12, 1, 9, 0) + (int64_t)c->e[j].h * 3600};
    }
    MeetingBursts b;
    meeting_find_bursts(&rs, e, c->n, &b);
    cr_assert_eq(b.n, c->n_bursts, "%s: %zu bursts", c->label, b.n);
    cr_assert_eq(b.n_order, c->n);
    for (size_t j = 1; j < b.n_order; j++) {
      cr_assert_leq(e[b.order[j - 1]].entered_at, e[b.order[j]].entered_at);
    }
    for (size_t j = 0; j < b.n; j++) {
      cr_assert_eq(b.a[j].count, c->count[j], "%s #%zu", c->label, j);
      cr_assert_date(b.a[j].meeting_from, c->from[j], c->label);
      cr_assert_date(b.a[j].meeting_to, c->to[j], c->label);
      cr_assert_eq(b.a[j].entered_from, e[b.order[b.a[j].first]].entered_at);
    }
    meeting_bursts_free(&b);
    cr_assert_null(b.order);
  }
  MeetingBursts none;
  meeting_find_bursts(&rs, NULL, 0, &none);
  cr_assert_eq(none.n, 0);
  meeting_bursts_free(&none);
  /* burst.count=4 finds the four-record case. */
  const char *pairs[] = {"burst.count=4"};
  char why[MEETING_WHY_SIZE];
  cr_assert_eq(meeting_rules_apply(&rs, "v2", "试行", pairs, 1, why), 0);
  const BurstCase *c = &burst_cases[1];
  MeetingEntry e[4];
  for (size_t j = 0; j < 4; j++) {
    e[j] = (MeetingEntry){(int64_t)j, c->e[j].meeting, (int64_t)c->e[j].h * 3600};
  }
  MeetingBursts b;
  meeting_find_bursts(&rs, e, 4, &b);
  cr_assert_eq(b.n, 1);
  cr_assert_eq(b.a[0].count, 4);
  meeting_bursts_free(&b);
}

/* ---- content and recorder findings --------------------------------------------------------- */

Test(meeting_rules, content_findings) {
  static const struct {
    MeetingContent c;
    unsigned want;
  } cases[] = {
      {{MEETING_PARTY_CONGRESS, 0, 5, false}, MEETING_FINDING_NO_DECISION},
      {{MEETING_PARTY_CONGRESS, 2, 0, false}, 0},
      {{MEETING_COMMITTEE, 0, 0, false}, MEETING_FINDING_NO_DECISION},
      {{MEETING_JOINT_MEETING, 0, 3, false}, MEETING_FINDING_NO_DECISION},
      {{MEETING_APPRAISAL, 1, 0, false}, 0},
      {{MEETING_LECTURE, 0, 0, false}, MEETING_FINDING_NO_DISCUSSION},
      {{MEETING_LECTURE, 0, 3, false}, 0},
      {{MEETING_THEME_DAY, 0, 0, true}, MEETING_FINDING_NO_DISCUSSION},
      {{MEETING_THEME_DAY, 0, 0, false}, 0}, /* a theme day without study (e.g. service) */
      {{MEETING_THEME_DAY, 0, 2, true}, 0},
      {{MEETING_GROUP, 0, 0, true}, 0},
      {{MEETING_LIFE_MEETING, 0, 0, false}, 0},
      {{MEETING_KIND_COUNT, 0, 0, true}, 0},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_assert_eq(meeting_content_findings(&cases[i].c), cases[i].want, "case %zu", i);
  }
  cr_assert_str_eq(meeting_finding_code(MEETING_FINDING_NO_DECISION), "no_decision");
  cr_assert_str_eq(meeting_finding_label(MEETING_FINDING_NO_DISCUSSION),
                   "学而不议：学习无讨论发言");
  cr_assert_null(meeting_finding_code(MEETING_FINDING_NO_DECISION | MEETING_FINDING_BURST));
  for (unsigned f = 1; f <= MEETING_FINDING_NO_QUORUM; f <<= 1) {
    cr_assert_not_null(meeting_finding_code((MeetingFinding)f));
    cr_assert_not_null(meeting_finding_label((MeetingFinding)f));
  }
}

Test(meeting_rules, recorder_pattern) {
  const MeetingRecorderRow rows[] = {
      /* 0 */ {1, 10, {2025, 5, 6}, 7, false},
      /* 1 */ {2, 10, {2025, 5, 6}, 7, false}, /* same org, same day: normal */
      /* 2 */ {3, 11, {2025, 5, 6}, 7, false}, /* another org the same day */
      /* 3 */ {4, 12, {2025, 5, 7}, 7, false}, /* next day: fine */
      /* 4 */ {5, 13, {2025, 5, 6}, 8, true},  /* recorder absent */
      /* 5 */ {6, 14, {2025, 5, 6}, 0, false}, /* unknown recorder never matches */
      /* 6 */ {7, 15, {2025, 5, 6}, 0, false},
      /* 7 */ {8, 16, {2025, 5, 6}, 8, false}, /* 8 again, another org */
  };
  static const MeetingRecorderHit want[] = {
      {MEETING_FINDING_RECORDER_SHARED, 0, 2}, {MEETING_FINDING_RECORDER_SHARED, 1, 2},
      {MEETING_FINDING_RECORDER_SHARED, 2, 0}, {MEETING_FINDING_RECORDER_ABSENT, 4, 4},
      {MEETING_FINDING_RECORDER_SHARED, 4, 7}, {MEETING_FINDING_RECORDER_SHARED, 7, 4},
  };
  MeetingRecorderHit hits[16];
  size_t n = meeting_recorder_findings(rows, N_ELEMS(rows), hits, N_ELEMS(hits));
  cr_assert_eq(n, N_ELEMS(want));
  for (size_t i = 0; i < n; i++) {
    cr_assert_eq(hits[i].finding, want[i].finding, "hit %zu", i);
    cr_assert_eq(hits[i].row, want[i].row, "hit %zu", i);
    cr_assert_eq(hits[i].other, want[i].other, "hit %zu", i);
  }
  /* A short output array: the count is still complete. */
  cr_assert_eq(meeting_recorder_findings(rows, N_ELEMS(rows), hits, 2), N_ELEMS(want));
  cr_assert_eq(meeting_recorder_findings(rows, 2, hits, 16), 0);
  cr_assert_eq(meeting_recorder_findings(NULL, 0, hits, 16), 0);
}
