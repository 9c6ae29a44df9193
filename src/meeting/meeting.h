/*
 * meeting: 三会一课 and organisational life (DOMAIN.md §0.2, §0.4, §1).
 *
 * This header holds the pure rules (meeting_rules.c): the meeting kinds, the versioned rule
 * table with its per-deployment overrides, compliance of one org over one period and the town
 * roll-ups, quorum and votes, the review chain, submission and plan deadlines, the backfill
 * heuristics (entry lag, bursts), and the content and recorder findings. No I/O, no SQL; the
 * only globals are the read-only tables declared below. The store and pages declare their own
 * functions in other headers.
 *
 * Strings: every `const char *` returned (labels, codes, reasons, rule sources) is static and
 * valid for the life of the program, unless a comment says it is borrowed from an argument.
 * Functions writing text take a caller buffer of the size given and always NUL-terminate.
 */
#ifndef DJ_MEETING_H
#define DJ_MEETING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/date.h"

/* ---- meeting kinds -------------------------------------------------------------------------- */

typedef enum MeetingKindId {
  MEETING_PARTY_CONGRESS, /* party_congress 党员大会 */
  MEETING_COMMITTEE,      /* committee 支部委员会 */
  MEETING_GROUP,          /* group 党小组会 */
  MEETING_LECTURE,        /* lecture 党课 */
  MEETING_THEME_DAY,      /* theme_day 主题党日 */
  MEETING_LIFE_MEETING,   /* life_meeting 组织生活会 */
  MEETING_APPRAISAL,      /* appraisal 民主评议党员 */
  MEETING_JOINT_MEETING,  /* joint_meeting 村"两委"联席会议 */
  MEETING_KIND_COUNT
} MeetingKindId;

typedef struct MeetingKind {
  MeetingKindId id;
  const char *code;       /* "party_congress" … (stored in the database) */
  const char *label;      /* "党员大会" … */
  bool records_decisions; /* a record without any 决议 is a finding (议而不决) */
  bool study;        /* a study kind: a record without discussion is a finding (学而不议) */
  bool study_always; /* every record is a study (党课); otherwise only records marked so
                        (主题党日 with a study part: MeetingContent.has_study) */
} MeetingKind;

/* Indexed by MeetingKindId. */
extern const MeetingKind meeting_kinds[MEETING_KIND_COUNT];
/* The kind with that code, or NULL (code NULL or unknown). */
const MeetingKind *meeting_kind_find(const char *code);
/* The label of the kind with that code; the code itself when unknown (borrowed from the
 * caller), "" when code is NULL. */
const char *meeting_kind_label(const char *code);

/* ---- the rule table ------------------------------------------------------------------------- */

/* Where a rule's number comes from. */
typedef enum MeetingBasis {
  MEETING_BASIS_TEXT,     /* the regulation's text ("一般每月1次": a default, never a block) */
  MEETING_BASIS_PRACTICE, /* common practice, not in the text (党课 每季度) */
  MEETING_BASIS_LOCAL,    /* set by this deployment's override */
  MEETING_BASIS_NONE,     /* no national rule (联席会议: off unless a deployment sets it) */
} MeetingBasis;
const char *meeting_basis_label(MeetingBasis b); /* "条例规定" "实践做法" "本地规定" "无统一规定" */

#define MEETING_VERSION_SIZE 48
#define MEETING_REASON_SIZE 256
#define MEETING_WHY_SIZE 256
/* The version of the built-in defaults (支部工作条例 2018, 党员教育管理工作条例 2019). */
#define MEETING_RULES_DEFAULT_VERSION "cn-2019.1"

/* The org kinds of org.h as bits (MeetingRule.orgs). */
enum {
  MEETING_ORG_DISTRICT = 1 << 0,
  MEETING_ORG_TOWN = 1 << 1,
  MEETING_ORG_GENERAL = 1 << 2,
  MEETING_ORG_VILLAGE = 1 << 3,
  MEETING_ORG_COMMUNITY = 1 << 4,
  MEETING_ORG_AGENCY = 1 << 5,
  MEETING_ORG_ENTERPRISE = 1 << 6,
  MEETING_ORG_JOINT = 1 << 7,
  MEETING_ORG_GROUP = 1 << 8,
};
#define MEETING_ORG_BRANCHES                                                                       \
  (MEETING_ORG_VILLAGE | MEETING_ORG_COMMUNITY | MEETING_ORG_AGENCY | MEETING_ORG_ENTERPRISE |     \
   MEETING_ORG_JOINT)
/* The bit of an org kind code ("village" …), 0 when unknown or NULL. */
unsigned meeting_org_bit(const char *org_kind);
/* Whether an org kind is a branch that holds 三会一课 and files plans: a 党支部 of any kind
 * (MEETING_ORG_BRANCHES) or a 党总支. */
bool meeting_org_is_branch(const char *org_kind);

/* One frequency rule: at least `count` meetings of `kind` in every period of kind `per`. */
typedef struct MeetingRule {
  MeetingKindId kind;
  PeriodKind per;
  int count;            /* 0: no requirement (the rule never applies) */
  int due_soon_days;    /* amber during the last N days of a period still short; 0: never */
  unsigned orgs;        /* MEETING_ORG_* bits of the org kinds it applies to */
  bool needs_committee; /* only for orgs that have a 支委会 */
  bool needs_groups;    /* for orgs other than a 党小组: only when they have 党小组 */
  int usual_quarter;    /* 1-4: the quarter it is normally held in (组织生活会: 4); 0 none */
  MeetingBasis basis;
  const char *source; /* static note: article and grade, e.g. "支部工作条例第十二条 [V]" */
  char version[MEETING_VERSION_SIZE]; /* the rule set version this rule was last set by */
} MeetingRule;

/* Numeric parameters of the other checks; each has a key for overrides (in brackets). */
typedef enum MeetingParamId {
  MEETING_PARAM_SUBMIT_WORKDAYS,    /* [submit.workdays] record due N working days after (3) */
  MEETING_PARAM_PLAN_DAY,           /* [plan.day] quarterly plan due on day D of month 1 (5) */
  MEETING_PARAM_PLAN_NEXT_WORKDAY,  /* [plan.next_workday] 1: a due day off moves on (0) */
  MEETING_PARAM_ENTRY_LAG_DAYS,     /* [entry.lag_days] entered more than N days after (30) */
  MEETING_PARAM_BURST_COUNT,        /* [burst.count] K records … (5) */
  MEETING_PARAM_BURST_HOURS,        /* [burst.hours] … entered within H hours … (48) */
  MEETING_PARAM_BURST_SPREAD_DAYS,  /* [burst.spread_days] … for meetings ≥ M days apart (60) */
  MEETING_PARAM_UTC_OFFSET_MINUTES, /* [entry.utc_offset_minutes] local time of entry (480) */
  MEETING_PARAM_COPY_JACCARD_PCT,   /* [copy.jaccard_pct] records this similar are copies (60) */
  MEETING_PARAM_COPY_CONTAINMENT_PCT, /* [copy.containment_pct] share of a record found in a
                                         study material that makes it a copy (60) */
  MEETING_PARAM_COPY_MIN_CHARS,     /* [copy.min_chars] shorter texts are not compared (80) */
  MEETING_PARAM_COUNT
} MeetingParamId;

typedef struct MeetingParam {
  int value;
  const char *key;    /* "submit.workdays" … */
  const char *label;  /* "会议记录提交时限（工作日）" … */
  const char *source; /* static note with its grade */
  char version[MEETING_VERSION_SIZE];
} MeetingParam;

/* A whole rule set. A plain value: copy it freely; it owns no memory. */
typedef struct MeetingRuleSet {
  MeetingRule rules[MEETING_KIND_COUNT]; /* indexed by MeetingKindId */
  MeetingParam params[MEETING_PARAM_COUNT];
  char version[MEETING_VERSION_SIZE]; /* the latest version applied */
  char reason[MEETING_REASON_SIZE];   /* the reason given with the latest overrides, or "" */
} MeetingRuleSet;

/* Fills rs with the DOMAIN.md §1 defaults, version MEETING_RULES_DEFAULT_VERSION:
 * 党员大会 quarterly; 支委会 monthly (orgs with a committee, 党总支 included); 党小组会 monthly
 * (党小组, and branches that have groups); 党课 quarterly (practice); 主题党日 monthly;
 * 组织生活会 yearly (usually Q4); 民主评议 yearly; 联席会议 none. Branch rules apply to
 * village, community, agency, enterprise and joint branches; towns and districts have none. */
void meeting_rules_default(MeetingRuleSet *rs);

/*
 * Applies overrides given as "key=value" strings (spaces around either side ignored):
 *   <kind>.per=month|quarter|half|year (or 月|季度|半年|年)   <kind>.count=0..99
 *   <kind>.due_soon_days=0..366   <kind>.orgs=village,community,… | none
 *   and every MeetingParam key, e.g. submit.workdays=5, plan.day=10, burst.count=4
 * where <kind> is a meeting kind code ("lecture.count=1", "committee.per=month").
 * version (1-47 bytes) names the resulting set; reason (non-empty, DOMAIN.md §0.4) says why
 * the defaults were changed. Every rule or parameter set by a pair gets that version (and a
 * rule's basis becomes MEETING_BASIS_LOCAL); the others keep theirs.
 * All or nothing: returns 0, or -1 with a Chinese reason in why (e.g. "第2项：未知的规则项：
 * lecture.cnt") and rs unchanged. n may be 0 (only the version and reason change).
 */
int meeting_rules_apply(MeetingRuleSet *rs, const char *version, const char *reason,
                        const char *const *pairs, size_t n, char why[MEETING_WHY_SIZE]);

/* A parameter's value (asserts id is in range). */
int meeting_param(const MeetingRuleSet *rs, MeetingParamId id);

/* The org whose meetings are evaluated. */
typedef struct MeetingOrg {
  const char *kind;   /* org kind code of org.h; unknown codes get no rules */
  bool has_committee; /* the branch has a 支委会 */
  bool has_groups;    /* the branch has 党小组 */
} MeetingOrg;

/* Whether a rule of rs requires meetings of kind k from org (count > 0, org kind listed,
 * committee and groups as the rule needs). */
bool meeting_rule_applies(const MeetingRuleSet *rs, MeetingKindId k, const MeetingOrg *org);

/* ---- compliance ----------------------------------------------------------------------------- */

typedef enum MeetingStatus {
  MEETING_STATUS_OK,       /* held as required */
  MEETING_STATUS_RUNNING,  /* period not over (or not begun), still time */
  MEETING_STATUS_DUE_SOON, /* period not over, short, within due_soon_days of its end */
  MEETING_STATUS_MISSING,  /* period over and short */
} MeetingStatus;           /* ordered: a larger value is worse */
const char *meeting_status_code(MeetingStatus s); /* "ok" "running" "due_soon" "missing" */
const char *meeting_status_label(MeetingStatus s); /* "已完成" "进行中" "即将到期" "未完成" */

/* A meeting held: its kind and date. Meetings dated after `today` are ignored. */
typedef struct MeetingHeld {
  MeetingKindId kind;
  Date date;
} MeetingHeld;

typedef struct MeetingSubResult {
  Period period;               /* of the rule's kind */
  int required, held, missing; /* missing > 0 only once the period is over */
  MeetingStatus status;
} MeetingSubResult;

#define MEETING_MAX_SUB 12

/*
 * One rule over one period. When the period asked for is longer than the rule's (a year for a
 * monthly rule) each sub-period is evaluated (sub[0..n_sub)) and the results summed; when it is
 * the same or shorter (a month for a quarterly rule) the rule's period containing it is
 * evaluated (`period` says which), n_sub = 1.
 */
typedef struct MeetingCompliance {
  MeetingKindId kind;
  const MeetingRule *rule;     /* borrowed from the rule set: valid while it is */
  Period period;               /* the period evaluated */
  int required;                /* count * n_sub */
  int held;                    /* meetings of the kind in the period (up to today) */
  int missing;                 /* meetings short in sub-periods that are over */
  int n_ok, n_missing, n_open; /* sub-periods met / over and short / not over and short */
  MeetingStatus status;        /* the worst sub-period status */
  Date due;                    /* last day of the first open short sub-period (n_open > 0) */
  int n_sub;
  MeetingSubResult sub[MEETING_MAX_SUB];
} MeetingCompliance;

/* Evaluates one rule (whether it applies is not checked) for period p as of today. held may be
 * NULL when n_held is 0. Asserts p is valid. */
void meeting_evaluate_rule(const MeetingRule *rule, Period p, Date today, const MeetingHeld *held,
                           size_t n_held, MeetingCompliance *out);

/* Evaluates every rule that applies to org (meeting_rule_applies), in MeetingKindId order, into
 * out[0..]; returns how many (at most MEETING_KIND_COUNT, so out needs that many). */
size_t meeting_evaluate(const MeetingRuleSet *rs, const MeetingOrg *org, Period p, Date today,
                        const MeetingHeld *held, size_t n_held,
                        MeetingCompliance out[MEETING_KIND_COUNT]);

/* A one-line Chinese summary into b: "2025年 党员大会：应开4次，已开3次；缺1次（2025年第二季度）"
 * or "… 进行中，截止2025年12月31日". -1 when the Buf refuses (its cap). */
int meeting_compliance_explain(const MeetingCompliance *c, Buf *b);

/* A branch's score over its results: `due` counts sub-periods that are over or already met
 * (running ones are not yet due), `met` the met ones. */
typedef struct MeetingBranchScore {
  int64_t org_id, town_id;
  int due, met;
} MeetingBranchScore;
void meeting_branch_score(const MeetingCompliance *c, size_t n, int *due, int *met);

typedef struct MeetingTownRollup {
  int64_t town_id;
  int n_branches;              /* branches of the town in the input */
  int n_rated;                 /* of them with due > 0 */
  int n_full;                  /* rated branches with met == due */
  int due, met;                /* sums over the branches */
  double rate;                 /* met / due; 1 when due == 0 */
  double best, worst;          /* highest and lowest branch rate among the rated; 0 when none */
  int64_t best_org, worst_org; /* the first branch with that rate (input order); 0 when none */
  double spread;               /* best - worst */
} MeetingTownRollup;

/* Groups branches by town_id (towns in order of first appearance) into out[0..max); returns
 * the number of towns (which may exceed max: only max are written). */
size_t meeting_rollup_towns(const MeetingBranchScore *b, size_t n, MeetingTownRollup *out,
                            size_t max);

/* ---- quorum and votes ------------------------------------------------------------------------ */

/* The 应到会 exclusions (with the higher organisation's consent; DOMAIN.md §1). */
typedef enum MeetingExclusion {
  MEETING_EXCLUDE_NONE,
  MEETING_EXCLUDE_INCAPABLE,     /* unable to express own will */
  MEETING_EXCLUDE_ABROAD,        /* 自费出国半年以上 */
  MEETING_EXCLUDE_SENTENCE,      /* serving a sentence */
  MEETING_EXCLUDE_BEDRIDDEN,     /* bedridden, unable to look after themselves */
  MEETING_EXCLUDE_UNTRANSFERRED, /* away ≥ half a year, relationship not transferred */
  MEETING_EXCLUDE_COUNT
} MeetingExclusion;
const char *meeting_exclusion_label(MeetingExclusion e);

typedef enum MeetingVote {
  MEETING_VOTE_NONE,
  MEETING_VOTE_YES,
  MEETING_VOTE_NO,
  MEETING_VOTE_ABSTAIN,
} MeetingVote;

typedef struct MeetingAttendee {
  bool full_member;     /* 正式党员 (预备党员: false) */
  bool normal_standing; /* 党籍 正常: false for 停止党籍 and 留党察看 */
  MeetingExclusion excluded;
  bool present;
  MeetingVote vote; /* counted only from present attendees with voting rights, not excluded */
} MeetingAttendee;

typedef enum MeetingBody {
  MEETING_BODY_CONGRESS,  /* 党员大会: quorum 2*present > due; passes 2*yes > due */
  MEETING_BODY_COMMITTEE, /* 支委会: due = committee members; same arithmetic */
  MEETING_BODY_ELECTION,  /* 选举: quorum 5*present > 4*due [S]; a candidate is elected with
                             2*yes > present (基层组织选举工作条例: 超过实到会有选举权人数的一半;
                             not in DOMAIN.md, verify) */
} MeetingBody;

#define MEETING_EXPLAIN_SIZE 512

typedef struct MeetingTally {
  int listed;   /* attendees given (0 for meeting_tally_counts) */
  int no_right; /* without voting rights: 预备党员, 停止党籍, 留党察看 */
  int excluded; /* with voting rights but excluded from 应到 */
  int due;      /* 应到 */
  int present;  /* 实到 among the due */
  int yes, no, abstain;
  int ignored_votes; /* votes of attendees not counted (no right, excluded or absent) */
  bool voted;        /* yes + no + abstain > 0 */
  bool quorum_ok;
  bool passed;                        /* quorum_ok and the vote carries (false when nobody voted) */
  char explain[MEETING_EXPLAIN_SIZE]; /* "应到 23 人，实到 11 人，未超过半数，会议不足法定人数" */
} MeetingTally;

/* Counts the attendees and applies the body's rules. */
void meeting_tally(MeetingBody body, const MeetingAttendee *a, size_t n, MeetingTally *out);
/* The same from stored numbers (应到, 实到, votes). Returns 0, or -1 when the numbers are
 * inconsistent (negative, present > due, votes > present): out->explain then says why and
 * quorum_ok and passed are false. */
int meeting_tally_counts(MeetingBody body, int due, int present, int yes, int no, int abstain,
                         MeetingTally *out);

/* ---- review chain ---------------------------------------------------------------------------- */

typedef enum MeetingState {
  MEETING_STATE_INVALID = -1,    /* returned by meeting_transition on refusal */
  MEETING_STATE_DRAFT,           /* draft 暂存 */
  MEETING_STATE_SUBMITTED,       /* submitted 已提交 (待乡镇审核) */
  MEETING_STATE_ACCEPTED,        /* accepted 已审核 */
  MEETING_STATE_RETURNED_REFILL, /* returned_refill 退回重填 */
  MEETING_STATE_RETURNED_REHOLD, /* returned_rehold 退回重开 */
  MEETING_STATE_CLOSED,          /* closed 已关闭 (superseded by a new meeting) */
  MEETING_STATE_COUNT
} MeetingState;

typedef enum MeetingAction {
  MEETING_ACTION_SAVE,          /* save: branch edits a draft or a record sent back to refill */
  MEETING_ACTION_SUBMIT,        /* submit: branch, from draft or returned_refill */
  MEETING_ACTION_ACCEPT,        /* accept: town, from submitted */
  MEETING_ACTION_RETURN_REFILL, /* return_refill: town, from submitted */
  MEETING_ACTION_RETURN_REHOLD, /* return_rehold: town, from submitted */
  MEETING_ACTION_REHOLD,        /* rehold: branch holds the meeting again; the record closes */
  MEETING_ACTION_AMEND,         /* amend: branch corrects an accepted record with a reason;
                                   stays accepted, the caller records the change
                                   (meeting_amend.h) */
  MEETING_ACTION_COUNT
} MeetingAction;

typedef enum MeetingRole {
  MEETING_ROLE_BRANCH,   /* the branch's own users */
  MEETING_ROLE_TOWN,     /* the town party committee's reviewer */
  MEETING_ROLE_DISTRICT, /* read-only in the chain */
  MEETING_ROLE_ADMIN,    /* read-only in the chain */
  MEETING_ROLE_CONTACT,  /* read-only in the chain */
  MEETING_ROLE_MEMBER,   /* read-only in the chain */
  MEETING_ROLE_COUNT
} MeetingRole;

const char *meeting_state_code(MeetingState s);    /* "draft" …; NULL out of range */
const char *meeting_state_label(MeetingState s);   /* "暂存" …; NULL out of range */
const char *meeting_action_code(MeetingAction a);  /* "save" … */
const char *meeting_action_label(MeetingAction a); /* "暂存" "提交" "审核通过" … */
const char *meeting_role_code(MeetingRole r);      /* "branch" "town" "district" "admin" … */
/* Code → value; -1 when unknown (or NULL). */
int meeting_state_parse(const char *code);
int meeting_action_parse(const char *code);
int meeting_role_parse(const char *code);

/* The state after action by role from state from, or MEETING_STATE_INVALID with a Chinese
 * reason in *why (why may be NULL): "已审核的记录不能再提交", "只有乡镇党委审核人可以审核",
 * "只有本支部可以提交". Out-of-range values are refused too. */
MeetingState meeting_transition(MeetingState from, MeetingAction action, MeetingRole role,
                                const char **why);

/* ---- deadlines --------------------------------------------------------------------------------
 */

typedef enum MeetingDeadlineStatus {
  MEETING_DEADLINE_PENDING, /* not done, not yet due */
  MEETING_DEADLINE_ON_TIME, /* done on or before the due day */
  MEETING_DEADLINE_LATE,    /* done after the due day (a finding, kept after the fact) */
  MEETING_DEADLINE_OVERDUE, /* not done and the due day has passed */
} MeetingDeadlineStatus;
const char *
meeting_deadline_label(MeetingDeadlineStatus s); /* "未到期" "按时" "逾期提交" "已逾期" */

typedef struct MeetingDeadline {
  Date due;
  MeetingDeadlineStatus status;
  int days_late;     /* calendar days after due (done, or today when not done); 0 if not late */
  int workdays_late; /* working days after due, by the calendar; 0 if not late */
} MeetingDeadline;

/* The record of a meeting held on `meeting` is due submit.workdays working days after it
 * (date_add_workdays; cal NULL: Monday-Friday). done: the submission date, or NULL if none. */
void meeting_submit_deadline(const MeetingRuleSet *rs, const DateCalendar *cal, Date meeting,
                             const Date *done, Date today, MeetingDeadline *out);
/* The plan of quarter q (a PERIOD_QUARTER) is due on day plan.day of its first month (clamped
 * to the month's length; moved to the next working day when plan.next_workday is 1). */
void meeting_plan_deadline(const MeetingRuleSet *rs, const DateCalendar *cal, Period q,
                           const Date *done, Date today, MeetingDeadline *out);

/* ---- backfill heuristics -----------------------------------------------------------------------
 */

/* One record as entered: meeting date and entry time (Unix seconds, UTC). */
typedef struct MeetingEntry {
  int64_t id;
  Date meeting;
  int64_t entered_at;
} MeetingEntry;

/* The local date of an entry time (entry.utc_offset_minutes). */
Date meeting_entry_date(const MeetingRuleSet *rs, int64_t entered_at);
enum { MEETING_LOCAL_TIME_SIZE = 64 };
/* "YYYY-MM-DD HH:MM", the local time (entry.utc_offset_minutes) of a Unix time, into out;
 * returns out. */
char *meeting_local_time(const MeetingRuleSet *rs, int64_t at, char out[MEETING_LOCAL_TIME_SIZE]);
/* Days from the meeting to the entry's local date (negative when entered before). */
int64_t meeting_entry_lag(const MeetingRuleSet *rs, Date meeting, int64_t entered_at);
/* Whether the lag exceeds entry.lag_days (a finding: 补记录). */
bool meeting_entry_late(const MeetingRuleSet *rs, Date meeting, int64_t entered_at);

/* A burst: entries order[first .. first + count) of MeetingBursts. */
typedef struct MeetingBurst {
  size_t first, count;
  int64_t entered_from, entered_to; /* first and last entry time */
  Date meeting_from, meeting_to;    /* earliest and latest meeting date */
} MeetingBurst;

typedef struct MeetingBursts {
  size_t *order; /* indices into the entries, sorted by entry time (then id); n_order long */
  size_t n_order;
  MeetingBurst *a; /* the bursts, in entry-time order */
  size_t n;
} MeetingBursts;

/*
 * Bursts of one org's records: windows of at least burst.count records entered within
 * burst.hours hours (last - first ≤ H*3600 s) whose meetings span at least burst.spread_days
 * days (latest - earliest meeting). Overlapping windows are merged into one burst, the
 * evidence. out is filled (malloc'd arrays; free with meeting_bursts_free); out->n is 0 when
 * there is none. e may be NULL when n is 0.
 */
void meeting_find_bursts(const MeetingRuleSet *rs, const MeetingEntry *e, size_t n,
                         MeetingBursts *out);
void meeting_bursts_free(MeetingBursts *b); /* zeroes *b; a zeroed one is fine */

/* ---- content and recorder findings -------------------------------------------------------------
 */

typedef enum MeetingFinding {
  MEETING_FINDING_NOT_HELD = 1 << 0,        /* a period closed short (compliance) */
  MEETING_FINDING_LATE_SUBMISSION = 1 << 1, /* record submitted after its deadline */
  MEETING_FINDING_LATE_PLAN = 1 << 2,       /* quarterly plan filed late */
  MEETING_FINDING_LATE_ENTRY = 1 << 3,      /* entered long after the meeting */
  MEETING_FINDING_BURST = 1 << 4,           /* part of a burst of late entries */
  MEETING_FINDING_NO_DECISION = 1 << 5,     /* decision kind without a decision (议而不决) */
  MEETING_FINDING_NO_DISCUSSION = 1 << 6,   /* study without discussion (学而不议) */
  MEETING_FINDING_RECORDER_SHARED = 1 << 7, /* same recorder, other org, same day */
  MEETING_FINDING_RECORDER_ABSENT = 1 << 8, /* the recorder is listed as absent */
  MEETING_FINDING_NO_QUORUM = 1 << 9,       /* a vote without quorum */
} MeetingFinding;
const char *meeting_finding_code(MeetingFinding f);  /* "not_held" …; NULL when not one flag */
const char *meeting_finding_label(MeetingFinding f); /* "未按期召开" …; NULL likewise */

/* What a record's content shows. */
typedef struct MeetingContent {
  MeetingKindId kind;
  int n_decisions; /* 决议 items */
  int n_speakers;  /* speaker entries (发言) in the minutes */
  bool has_study;  /* the meeting included a study (only read for kinds not study_always) */
} MeetingContent;

/* MEETING_FINDING_NO_DECISION | MEETING_FINDING_NO_DISCUSSION bits that apply (0: none). */
unsigned meeting_content_findings(const MeetingContent *c);

/* One record for the recorder check. */
typedef struct MeetingRecorderRow {
  int64_t meeting_id;
  int64_t org_id; /* the body that met */
  Date date;
  int64_t recorder_id;  /* person; 0: unknown (never matched) */
  bool recorder_absent; /* the recorder is among the absentees */
} MeetingRecorderRow;

typedef struct MeetingRecorderHit {
  MeetingFinding finding; /* RECORDER_SHARED or RECORDER_ABSENT */
  size_t row;             /* the flagged row */
  size_t other;           /* SHARED: the first row (input order) by the same recorder on the
                             same day for another org; ABSENT: == row */
} MeetingRecorderHit;

/* Flags every row whose recorder also recorded for another org on the same day, and every row
 * whose recorder is absent, into out[0..max) (rows in input order; for one row, ABSENT before
 * SHARED). Returns the number of hits, which may exceed max (only max written). */
size_t meeting_recorder_findings(const MeetingRecorderRow *rows, size_t n, MeetingRecorderHit *out,
                                 size_t max);

#endif
