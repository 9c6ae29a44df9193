/*
 * Pure rules of 三会一课 and organisational life (DOMAIN.md §0.2, §0.4, §1): kinds, the
 * versioned rule table and its overrides, compliance per period and roll-ups, quorum and votes,
 * the review chain, deadlines, backfill heuristics and record findings. No I/O, no SQL; the
 * only globals are the read-only tables below.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/utf8.h"
#include "meeting/meeting.h"
#include "base/banned.h"

/* ---- meeting kinds -------------------------------------------------------------------------- */

const MeetingKind meeting_kinds[MEETING_KIND_COUNT] = {
    {MEETING_PARTY_CONGRESS, "party_congress", "党员大会", true, false, false},
    {MEETING_COMMITTEE, "committee", "支部委员会", true, false, false},
    {MEETING_GROUP, "group", "党小组会", false, false, false},
    {MEETING_LECTURE, "lecture", "党课", false, true, true},
    {MEETING_THEME_DAY, "theme_day", "主题党日", false, true, false},
    {MEETING_LIFE_MEETING, "life_meeting", "组织生活会", false, false, false},
    {MEETING_APPRAISAL, "appraisal", "民主评议党员", true, false, false},
    {MEETING_JOINT_MEETING, "joint_meeting", "村\"两委\"联席会议", true, false, false},
};

const MeetingKind *meeting_kind_find(const char *code) {
  for (size_t i = 0; code && i < MEETING_KIND_COUNT; i++) {
    if (strcmp(meeting_kinds[i].code, code) == 0) {
      return &meeting_kinds[i];
    }
  }
  return NULL;
}

const char *meeting_kind_label(const char *code) {
  const MeetingKind *k = meeting_kind_find(code);
  return k ? k->label : code ? code : "";
}

static bool kind_ok(int k) { return k >= 0 && k < MEETING_KIND_COUNT; }

const char *meeting_basis_label(MeetingBasis b) {
  switch (b) {
  case MEETING_BASIS_TEXT:
    return "条例规定";
  case MEETING_BASIS_PRACTICE:
    return "实践做法";
  case MEETING_BASIS_LOCAL:
    return "本地规定";
  case MEETING_BASIS_NONE:
    return "无统一规定";
  }
  return "";
}

/* ---- org kinds ------------------------------------------------------------------------------ */

static const struct {
  const char *code;
  unsigned bit;
} org_bits[] = {
    {"district", MEETING_ORG_DISTRICT},     {"town", MEETING_ORG_TOWN},
    {"general", MEETING_ORG_GENERAL},       {"village", MEETING_ORG_VILLAGE},
    {"community", MEETING_ORG_COMMUNITY},   {"agency", MEETING_ORG_AGENCY},
    {"enterprise", MEETING_ORG_ENTERPRISE}, {"joint", MEETING_ORG_JOINT},
    {"group", MEETING_ORG_GROUP},
};

static unsigned org_bit_n(const char *s, size_t n) {
  for (size_t i = 0; i < sizeof org_bits / sizeof org_bits[0]; i++) {
    if (strlen(org_bits[i].code) == n && memcmp(org_bits[i].code, s, n) == 0) {
      return org_bits[i].bit;
    }
  }
  return 0;
}

unsigned meeting_org_bit(const char *org_kind) {
  return org_kind ? org_bit_n(org_kind, strlen(org_kind)) : 0;
}

bool meeting_org_is_branch(const char *org_kind) {
  return (meeting_org_bit(org_kind) & (MEETING_ORG_BRANCHES | MEETING_ORG_GENERAL)) != 0;
}

/* ---- default tables ------------------------------------------------------------------------- */

typedef struct RuleDefault {
  PeriodKind per;
  int count, due_soon_days;
  unsigned orgs;
  bool needs_committee, needs_groups;
  int usual_quarter;
  MeetingBasis basis;
  const char *source;
} RuleDefault;

static const RuleDefault rule_defaults[MEETING_KIND_COUNT] = {
    [MEETING_PARTY_CONGRESS] = {PERIOD_QUARTER, 1, 15, MEETING_ORG_BRANCHES, false, false, 0,
                                MEETING_BASIS_TEXT,
                                "《中国共产党支部工作条例（试行）》第十一条：党员大会一般每季度"
                                "召开1次 [V]"},
    [MEETING_COMMITTEE] = {PERIOD_MONTH, 1, 7, MEETING_ORG_BRANCHES | MEETING_ORG_GENERAL, true,
                           false, 0, MEETING_BASIS_TEXT,
                           "支部工作条例第十二条：支部委员会会议一般每月召开1次；未设支委会的"
                           "支部不适用 [V]"},
    [MEETING_GROUP] = {PERIOD_MONTH, 1, 7, MEETING_ORG_BRANCHES | MEETING_ORG_GROUP, false, true, 0,
                       MEETING_BASIS_TEXT, "支部工作条例第十三条：党小组会一般每月召开1次 [V]"},
    [MEETING_LECTURE] = {PERIOD_QUARTER, 1, 15, MEETING_ORG_BRANCHES, false, false, 0,
                         MEETING_BASIS_PRACTICE,
                         "支部工作条例第十六条只要求按期讲党课；每季度至少1次是常见做法，"
                         "不是条例原文 [S]"},
    [MEETING_THEME_DAY] = {PERIOD_MONTH, 1, 7, MEETING_ORG_BRANCHES, false, false, 0,
                           MEETING_BASIS_TEXT,
                           "支部工作条例第十六条；党员教育管理工作条例第十六条：每月开展1次"
                           "主题党日 [V]"},
    [MEETING_LIFE_MEETING] = {PERIOD_YEAR, 1, 92, MEETING_ORG_BRANCHES, false, false, 4,
                              MEETING_BASIS_TEXT,
                              "支部工作条例第十七条：组织生活会每年至少1次，一般安排在第四季度"
                              " [V]"},
    [MEETING_APPRAISAL] = {PERIOD_YEAR, 1, 60, MEETING_ORG_BRANCHES, false, false, 0,
                           MEETING_BASIS_TEXT,
                           "党员教育管理工作条例第十八条：民主评议党员一般每年1次，可与"
                           "组织生活会结合 [V]"},
    [MEETING_JOINT_MEETING] = {PERIOD_MONTH, 0, 0, MEETING_ORG_VILLAGE, false, false, 0,
                               MEETING_BASIS_NONE,
                               "村\"两委\"联席会议无全国统一频次规定，可由本地规定设置 [U]"},
};

typedef struct ParamDefault {
  const char *key, *label;
  int value, min, max;
  const char *source;
} ParamDefault;

static const ParamDefault param_defaults[MEETING_PARAM_COUNT] = {
    [MEETING_PARAM_SUBMIT_WORKDAYS] = {"submit.workdays", "会议记录提交时限（会后工作日）", 3, 1,
                                       30,
                                       "三会一课纪实乡镇做法（甘州区小满镇、达州达川区）：会后3个"
                                       "工作日内提交记录 [S]"},
    [MEETING_PARAM_PLAN_DAY] = {"plan.day", "季度计划报送截止日（季度首月几日）", 5, 1, 31,
                                "三会一课纪实乡镇做法：每季度首月5日前报送季度会议计划 [S]"},
    [MEETING_PARAM_PLAN_NEXT_WORKDAY] = {"plan.next_workday",
                                         "计划截止日逢节假日顺延至下一工作日（1是，0否）", 0, 0, 1,
                                         "本系统默认：不顺延 [U]"},
    [MEETING_PARAM_ENTRY_LAG_DAYS] = {"entry.lag_days", "会后超过多少天录入视为补记录", 30, 1, 366,
                                      "本系统默认，用于发现突击补记录 [U]"},
    [MEETING_PARAM_BURST_COUNT] = {"burst.count", "集中补录：记录条数下限", 5, 2, 100,
                                   "本系统默认，用于发现突击补记录 [U]"},
    [MEETING_PARAM_BURST_HOURS] = {"burst.hours", "集中补录：录入时间窗口（小时）", 48, 1, 720,
                                   "本系统默认，用于发现突击补记录 [U]"},
    [MEETING_PARAM_BURST_SPREAD_DAYS] = {"burst.spread_days",
                                         "集中补录：所记会议日期跨度下限（天）", 60, 0, 3660,
                                         "本系统默认，用于发现突击补记录 [U]"},
    [MEETING_PARAM_UTC_OFFSET_MINUTES] = {"entry.utc_offset_minutes",
                                          "录入时间的时区（相对UTC的分钟数）", 480, -720, 840,
                                          "北京时间 UTC+8"},
    [MEETING_PARAM_COPY_JACCARD_PCT] = {"copy.jaccard_pct",
                                        "雷同记录：两条记录的相似度下限（%）", 60, 10, 100,
                                        "本系统默认，用于发现相互抄袭的会议记录 [U]"},
    [MEETING_PARAM_COPY_CONTAINMENT_PCT] = {"copy.containment_pct",
                                            "照抄学习材料：记录内容出自材料的比例下限（%）", 60,
                                            10, 100,
                                            "本系统默认，用于发现照抄学习材料的学习笔记 [U]"},
    [MEETING_PARAM_COPY_MIN_CHARS] = {"copy.min_chars", "雷同比对：记录的最少字数", 80, 8, 10000,
                                      "本系统默认：过短的记录不作比对 [U]"},
};

/* Copies s into a fixed array, cut at a character boundary. */
static void copy_text(char *out, size_t size, const char *s) {
  size_t n = utf8_prefix(s, strlen(s), size - 1);
  memcpy(out, s, n);
  out[n] = '\0';
}

void meeting_rules_default(MeetingRuleSet *rs) {
  memset(rs, 0, sizeof *rs);
  for (int k = 0; k < MEETING_KIND_COUNT; k++) {
    const RuleDefault *d = &rule_defaults[k];
    MeetingRule *r = &rs->rules[k];
    r->kind = (MeetingKindId)k;
    r->per = d->per;
    r->count = d->count;
    r->due_soon_days = d->due_soon_days;
    r->orgs = d->orgs;
    r->needs_committee = d->needs_committee;
    r->needs_groups = d->needs_groups;
    r->usual_quarter = d->usual_quarter;
    r->basis = d->basis;
    r->source = d->source;
    copy_text(r->version, sizeof r->version, MEETING_RULES_DEFAULT_VERSION);
  }
  for (int i = 0; i < MEETING_PARAM_COUNT; i++) {
    const ParamDefault *d = &param_defaults[i];
    MeetingParam *p = &rs->params[i];
    p->value = d->value;
    p->key = d->key;
    p->label = d->label;
    p->source = d->source;
    copy_text(p->version, sizeof p->version, MEETING_RULES_DEFAULT_VERSION);
  }
  copy_text(rs->version, sizeof rs->version, MEETING_RULES_DEFAULT_VERSION);
}

int meeting_param(const MeetingRuleSet *rs, MeetingParamId id) {
  assert(id >= 0 && id < MEETING_PARAM_COUNT);
  return rs->params[id].value;
}

/* ---- overrides ------------------------------------------------------------------------------ */

static bool ascii_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* s[0..n) without ASCII white space at both ends. */
static const char *trim_ascii(const char *s, size_t *n) {
  while (*n > 0 && ascii_space(s[0])) {
    s++;
    (*n)--;
  }
  while (*n > 0 && ascii_space(s[*n - 1])) {
    (*n)--;
  }
  return s;
}

static bool text_is(const char *s, size_t n, const char *word) {
  return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* A decimal integer (optional '-') within [min, max]. */
static bool parse_int(const char *s, size_t n, int min, int max, int *out) {
  bool neg = n > 0 && s[0] == '-';
  size_t i = neg ? 1 : 0;
  if (i == n || n - i > 6) {
    return false;
  }
  long v = 0;
  for (; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') {
      return false;
    }
    v = v * 10 + (s[i] - '0');
  }
  v = neg ? -v : v;
  if (v < min || v > max) {
    return false;
  }
  *out = (int)v;
  return true;
}

static bool parse_per(const char *s, size_t n, PeriodKind *out) {
  static const struct {
    const char *word;
    PeriodKind kind;
  } words[] = {
      {"month", PERIOD_MONTH},     {"月", PERIOD_MONTH},     {"每月", PERIOD_MONTH},
      {"quarter", PERIOD_QUARTER}, {"季度", PERIOD_QUARTER}, {"每季度", PERIOD_QUARTER},
      {"half", PERIOD_HALF},       {"半年", PERIOD_HALF},    {"每半年", PERIOD_HALF},
      {"year", PERIOD_YEAR},       {"年", PERIOD_YEAR},      {"每年", PERIOD_YEAR},
  };
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    if (text_is(s, n, words[i].word)) {
      *out = words[i].kind;
      return true;
    }
  }
  return false;
}

/* A comma-separated list of org kind codes, or "none"; on failure *bad and *bad_n give the unknown
 * item. */
static bool parse_orgs(const char *s, size_t n, unsigned *out, const char **bad, size_t *bad_n) {
  if (text_is(s, n, "none")) {
    *out = 0;
    return true;
  }
  unsigned bits = 0;
  size_t i = 0;
  while (i <= n) {
    size_t j = i;
    while (j < n && s[j] != ',') {
      j++;
    }
    size_t len = j - i;
    const char *item = trim_ascii(s + i, &len);
    unsigned bit = org_bit_n(item, len);
    if (!bit) {
      *bad = item;
      *bad_n = len;
      return false;
    }
    bits |= bit;
    i = j + 1;
  }
  *out = bits;
  return true;
}

/* Formats "第N项：" + message into why. At most 60 bytes of user text are quoted. */
__attribute__((format(printf, 3, 4))) static void say(char why[MEETING_WHY_SIZE], size_t item,
                                                      const char *fmt, ...) {
  int k = snprintf(why, MEETING_WHY_SIZE, "第%zu项：", item);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why + k, MEETING_WHY_SIZE - (size_t)k, fmt, ap);
  va_end(ap);
}

static int quote_len(const char *s, size_t n) { return (int)utf8_prefix(s, n, 60); }

/* Applies one "key=value" to rs; item numbers the message. */
static int apply_one(MeetingRuleSet *rs, const char *pair, size_t item, const char *version,
                     char why[MEETING_WHY_SIZE]) {
  size_t total = strlen(pair);
  const char *eq = memchr(pair, '=', total);
  if (!eq) {
    say(why, item, "格式应为“键=值”：%.*s", quote_len(pair, total), pair);
    return -1;
  }
  size_t kn = (size_t)(eq - pair), vn = total - kn - 1;
  const char *key = trim_ascii(pair, &kn);
  const char *val = trim_ascii(eq + 1, &vn);
  if (kn == 0) {
    say(why, item, "缺少规则项名称");
    return -1;
  }
  if (vn == 0) {
    say(why, item, "规则项 %.*s 的值不能为空", quote_len(key, kn), key);
    return -1;
  }
  for (int i = 0; i < MEETING_PARAM_COUNT; i++) {
    const ParamDefault *d = &param_defaults[i];
    if (text_is(key, kn, d->key)) {
      if (!parse_int(val, vn, d->min, d->max, &rs->params[i].value)) {
        say(why, item, "%s 应为 %d 至 %d 的整数：%.*s", d->key, d->min, d->max, quote_len(val, vn),
            val);
        return -1;
      }
      copy_text(rs->params[i].version, sizeof rs->params[i].version, version);
      return 0;
    }
  }
  const char *dot = memchr(key, '.', kn);
  if (!dot) {
    say(why, item, "未知的规则项：%.*s", quote_len(key, kn), key);
    return -1;
  }
  size_t cn = (size_t)(dot - key), fn = kn - cn - 1;
  const char *field = dot + 1;
  int kind = -1;
  for (int k = 0; k < MEETING_KIND_COUNT; k++) {
    if (text_is(key, cn, meeting_kinds[k].code)) {
      kind = k;
    }
  }
  if (kind < 0) {
    say(why, item, "未知的会议类型：%.*s", quote_len(key, cn), key);
    return -1;
  }
  MeetingRule *r = &rs->rules[kind];
  if (text_is(field, fn, "per")) {
    if (!parse_per(val, vn, &r->per)) {
      say(why, item, "周期应为 month、quarter、half 或 year：%.*s", quote_len(val, vn), val);
      return -1;
    }
  } else if (text_is(field, fn, "count")) {
    if (!parse_int(val, vn, 0, 99, &r->count)) {
      say(why, item, "次数应为 0 至 99 的整数：%.*s", quote_len(val, vn), val);
      return -1;
    }
  } else if (text_is(field, fn, "due_soon_days")) {
    if (!parse_int(val, vn, 0, 366, &r->due_soon_days)) {
      say(why, item, "提前提醒天数应为 0 至 366 的整数：%.*s", quote_len(val, vn), val);
      return -1;
    }
  } else if (text_is(field, fn, "orgs")) {
    const char *bad = NULL;
    size_t bad_n = 0;
    if (!parse_orgs(val, vn, &r->orgs, &bad, &bad_n)) {
      say(why, item, "未知的组织类型：%.*s", quote_len(bad, bad_n), bad);
      return -1;
    }
  } else {
    say(why, item, "未知的规则项：%.*s", quote_len(key, kn), key);
    return -1;
  }
  r->basis = MEETING_BASIS_LOCAL;
  copy_text(r->version, sizeof r->version, version);
  return 0;
}

int meeting_rules_apply(MeetingRuleSet *rs, const char *version, const char *reason,
                        const char *const *pairs, size_t n, char why[MEETING_WHY_SIZE]) {
  why[0] = '\0';
  size_t vn = version ? strlen(version) : 0, rn = reason ? strlen(reason) : 0;
  const char *v = version ? trim_ascii(version, &vn) : "";
  if (vn == 0) {
    snprintf(why, MEETING_WHY_SIZE, "规则版本不能为空");
    return -1;
  }
  if (vn >= MEETING_VERSION_SIZE || !utf8_valid(v, vn)) {
    snprintf(why, MEETING_WHY_SIZE, "规则版本过长或含无效字符（最多%d字节）",
             MEETING_VERSION_SIZE - 1);
    return -1;
  }
  const char *r = reason ? trim_ascii(reason, &rn) : "";
  if (rn == 0) {
    snprintf(why, MEETING_WHY_SIZE, "修改默认规则须填写理由");
    return -1;
  }
  if (!utf8_valid(r, rn)) {
    snprintf(why, MEETING_WHY_SIZE, "理由含无效字符");
    return -1;
  }
  char vbuf[MEETING_VERSION_SIZE];
  memcpy(vbuf, v, vn);
  vbuf[vn] = '\0';
  MeetingRuleSet tmp = *rs;
  for (size_t i = 0; i < n; i++) {
    if (!pairs[i]) {
      say(why, i + 1, "规则覆盖项为空");
      return -1;
    }
    if (apply_one(&tmp, pairs[i], i + 1, vbuf, why) != 0) {
      return -1;
    }
  }
  copy_text(tmp.version, sizeof tmp.version, vbuf);
  size_t keep = utf8_prefix(r, rn, sizeof tmp.reason - 1);
  memcpy(tmp.reason, r, keep);
  tmp.reason[keep] = '\0';
  *rs = tmp;
  return 0;
}

bool meeting_rule_applies(const MeetingRuleSet *rs, MeetingKindId k, const MeetingOrg *org) {
  if (!kind_ok((int)k) || !org) {
    return false;
  }
  const MeetingRule *r = &rs->rules[k];
  unsigned bit = meeting_org_bit(org->kind);
  if (r->count <= 0 || !(r->orgs & bit)) {
    return false;
  }
  if (r->needs_committee && !org->has_committee) {
    return false;
  }
  if (r->needs_groups && bit != MEETING_ORG_GROUP && !org->has_groups) {
    return false;
  }
  return true;
}

/* ---- compliance ----------------------------------------------------------------------------- */

const char *meeting_status_code(MeetingStatus s) {
  static const char *const codes[] = {"ok", "running", "due_soon", "missing"};
  return (int)s >= 0 && (int)s < 4 ? codes[s] : NULL;
}

const char *meeting_status_label(MeetingStatus s) {
  static const char *const labels[] = {"已完成", "进行中", "即将到期", "未完成"};
  return (int)s >= 0 && (int)s < 4 ? labels[s] : NULL;
}

static void evaluate_sub(const MeetingRule *rule, Period s, Date today, const MeetingHeld *held,
                         size_t n_held, MeetingSubResult *out) {
  Date first = date_period_first_day(s), last = date_period_last_day(s);
  out->period = s;
  out->required = rule->count > 0 ? rule->count : 0;
  out->held = 0;
  out->missing = 0;
  for (size_t i = 0; i < n_held; i++) {
    const MeetingHeld *h = &held[i];
    if (h->kind == rule->kind && date_is_valid(h->date) && date_compare(h->date, today) <= 0 &&
        date_period_contains(s, h->date)) {
      out->held++;
    }
  }
  if (out->held >= out->required) {
    out->status = MEETING_STATUS_OK;
  } else if (date_compare(today, last) > 0) {
    out->status = MEETING_STATUS_MISSING;
    out->missing = out->required - out->held;
  } else if (date_compare(today, first) >= 0 &&
             date_days_between(today, last) < (int64_t)rule->due_soon_days) {
    out->status = MEETING_STATUS_DUE_SOON;
  } else {
    out->status = MEETING_STATUS_RUNNING;
  }
}

void meeting_evaluate_rule(const MeetingRule *rule, Period p, Date today, const MeetingHeld *held,
                           size_t n_held, MeetingCompliance *out) {
  assert(date_period_valid(p));
  memset(out, 0, sizeof *out);
  out->kind = rule->kind;
  out->rule = rule;
  Period s = date_period_of(rule->per, date_period_first_day(p));
  int n_sub = 1;
  if (date_period_months(rule->per) < date_period_months(p.kind)) {
    n_sub = date_period_months(p.kind) / date_period_months(rule->per);
    out->period = p;
  } else {
    out->period = s;
  }
  assert(n_sub >= 1 && n_sub <= MEETING_MAX_SUB);
  out->n_sub = n_sub;
  out->status = MEETING_STATUS_OK;
  bool have_due = false;
  for (int i = 0; i < n_sub; i++) {
    MeetingSubResult *r = &out->sub[i];
    evaluate_sub(rule, s, today, held, n_held, r);
    out->required += r->required;
    out->held += r->held;
    out->missing += r->missing;
    switch (r->status) {
    case MEETING_STATUS_OK:
      out->n_ok++;
      break;
    case MEETING_STATUS_MISSING:
      out->n_missing++;
      break;
    case MEETING_STATUS_RUNNING:
    case MEETING_STATUS_DUE_SOON:
      out->n_open++;
      if (!have_due) {
        out->due = date_period_last_day(s);
        have_due = true;
      }
      break;
    }
    if (r->status > out->status) {
      out->status = r->status;
    }
    if (i + 1 < n_sub) {
      s = date_period_next(s);
    }
  }
}

size_t meeting_evaluate(const MeetingRuleSet *rs, const MeetingOrg *org, Period p, Date today,
                        const MeetingHeld *held, size_t n_held,
                        MeetingCompliance out[MEETING_KIND_COUNT]) {
  size_t n = 0;
  for (int k = 0; k < MEETING_KIND_COUNT; k++) {
    if (meeting_rule_applies(rs, (MeetingKindId)k, org)) {
      meeting_evaluate_rule(&rs->rules[k], p, today, held, n_held, &out[n++]);
    }
  }
  return n;
}

static const char *per_unit(PeriodKind k) {
  switch (k) {
  case PERIOD_MONTH:
    return "个月";
  case PERIOD_QUARTER:
    return "个季度";
  case PERIOD_HALF:
    return "个半年";
  case PERIOD_YEAR:
    return "年";
  }
  return "";
}

int meeting_compliance_explain(const MeetingCompliance *c, Buf *b) {
  char label[PERIOD_LABEL_SIZE], iso[DATE_ISO_SIZE];
  const char *kind = kind_ok((int)c->kind) ? meeting_kinds[c->kind].label : "";
  int rc = buf_printf(b, "%s %s：应开%d次，已开%d次", date_period_label(c->period, label), kind,
                      c->required, c->held);
  if (c->n_sub > 1) {
    rc |= buf_printf(b, "；达标%d%s", c->n_ok, per_unit(c->rule->per));
  }
  if (c->n_missing > 0) {
    rc |= buf_printf(b, "；缺%d次（", c->missing);
    bool first = true;
    for (int i = 0; i < c->n_sub; i++) {
      if (c->sub[i].status == MEETING_STATUS_MISSING) {
        rc |= buf_printf(b, "%s%s", first ? "" : "、", date_period_label(c->sub[i].period, label));
        first = false;
      }
    }
    rc |= buf_puts(b, "）");
  }
  if (c->n_open > 0) {
    MeetingStatus open = MEETING_STATUS_RUNNING;
    for (int i = 0; i < c->n_sub; i++) {
      if (c->sub[i].status == MEETING_STATUS_DUE_SOON) {
        open = MEETING_STATUS_DUE_SOON;
      }
    }
    rc |= buf_printf(b, "；%s，截止%s", meeting_status_label(open), date_format_iso(c->due, iso));
  }
  return rc < 0 ? -1 : 0;
}

void meeting_branch_score(const MeetingCompliance *c, size_t n, int *due, int *met) {
  *due = 0;
  *met = 0;
  for (size_t i = 0; i < n; i++) {
    for (int j = 0; j < c[i].n_sub; j++) {
      if (c[i].sub[j].status == MEETING_STATUS_OK) {
        (*due)++;
        (*met)++;
      } else if (c[i].sub[j].status == MEETING_STATUS_MISSING) {
        (*due)++;
      }
    }
  }
}

size_t meeting_rollup_towns(const MeetingBranchScore *b, size_t n, MeetingTownRollup *out,
                            size_t max) {
  size_t n_towns = 0;
  for (size_t i = 0; i < n; i++) {
    /* Already seen? Towns are few; a linear look-back over the input keeps this allocation-free
     * and correct even when out is smaller than the number of towns. */
    bool seen = false;
    for (size_t j = 0; j < i && !seen; j++) {
      seen = b[j].town_id == b[i].town_id;
    }
    if (seen) {
      continue;
    }
    if (n_towns < max) {
      MeetingTownRollup *t = &out[n_towns];
      memset(t, 0, sizeof *t);
      t->town_id = b[i].town_id;
      bool any = false;
      for (size_t j = i; j < n; j++) {
        if (b[j].town_id != t->town_id) {
          continue;
        }
        t->n_branches++;
        t->due += b[j].due;
        t->met += b[j].met;
        if (b[j].due <= 0) {
          continue;
        }
        double rate = (double)b[j].met / (double)b[j].due;
        t->n_rated++;
        if (b[j].met >= b[j].due) {
          t->n_full++;
        }
        if (!any || rate > t->best) {
          t->best = rate;
          t->best_org = b[j].org_id;
        }
        if (!any || rate < t->worst) {
          t->worst = rate;
          t->worst_org = b[j].org_id;
        }
        any = true;
      }
      t->rate = t->due > 0 ? (double)t->met / (double)t->due : 1.0;
      t->spread = t->best - t->worst;
    }
    n_towns++;
  }
  return n_towns;
}

/* ---- quorum and votes ------------------------------------------------------------------------ */

const char *meeting_exclusion_label(MeetingExclusion e) {
  static const char *const labels[] = {
      "",         "因病等原因不能表达本人意志", "自费出国半年以上",
      "正在服刑", "卧床不起、生活不能自理",     "外出半年以上且应转未转组织关系"};
  return (int)e >= 0 && (int)e < MEETING_EXCLUDE_COUNT ? labels[e] : NULL;
}

/* Appends to t->explain. */
__attribute__((format(printf, 2, 3))) static void explain(MeetingTally *t, const char *fmt, ...) {
  size_t len = strlen(t->explain);
  if (len + 1 >= sizeof t->explain) {
    return;
  }
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(t->explain + len, sizeof t->explain - len, fmt, ap);
  va_end(ap);
}

/* Applies the body's quorum and vote rules to the counts in t. */
static void judge(MeetingBody body, MeetingTally *t) {
  t->voted = t->yes + t->no + t->abstain > 0;
  const char *who = body == MEETING_BODY_COMMITTEE ? "委员" : "";
  explain(t, "应到%s %d 人，实到%s %d 人，", who, t->due, who, t->present);
  if (body == MEETING_BODY_ELECTION) {
    t->quorum_ok = t->due > 0 && 5 * (int64_t)t->present > 4 * (int64_t)t->due;
    explain(t, "%s",
            t->quorum_ok ? "超过应到人数的五分之四，可以进行选举"
                         : "未超过应到人数的五分之四，不得进行选举");
  } else {
    t->quorum_ok = t->due > 0 && 2 * (int64_t)t->present > (int64_t)t->due;
    explain(t, "%s", t->quorum_ok ? "超过半数，符合法定人数" : "未超过半数，会议不足法定人数");
  }
  if (t->voted) {
    explain(t, "；赞成 %d 票、反对 %d 票、弃权 %d 票，", t->yes, t->no, t->abstain);
    if (!t->quorum_ok) {
      t->passed = false;
      explain(t, "%s", body == MEETING_BODY_ELECTION ? "选举无效" : "表决无效");
    } else if (body == MEETING_BODY_ELECTION) {
      /* 被选举人获得的赞成票超过实到会有选举权的人数的一半，始得当选 [S] */
      t->passed = 2 * (int64_t)t->yes > (int64_t)t->present;
      if (t->passed) {
        explain(t, "赞成票超过实到人数的半数，当选");
      } else {
        explain(t, "赞成票未超过实到人数的半数（至少需 %d 票），未当选", t->present / 2 + 1);
      }
    } else {
      t->passed = 2 * (int64_t)t->yes > (int64_t)t->due;
      if (t->passed) {
        explain(t, "赞成票超过应到人数的半数，表决通过");
      } else {
        explain(t, "赞成票未超过应到人数的半数（至少需 %d 票），未通过", t->due / 2 + 1);
      }
    }
  }
  if (t->excluded > 0 || t->no_right > 0) {
    explain(t, "（");
    if (t->excluded > 0) {
      explain(t, "经批准不计入应到 %d 人", t->excluded);
    }
    if (t->no_right > 0) {
      explain(t, "%s无表决权 %d 人", t->excluded > 0 ? "，" : "", t->no_right);
    }
    explain(t, "）");
  }
}

void meeting_tally(MeetingBody body, const MeetingAttendee *a, size_t n, MeetingTally *out) {
  memset(out, 0, sizeof *out);
  out->listed = (int)n;
  for (size_t i = 0; i < n; i++) {
    bool counted = false;
    if (!a[i].full_member || !a[i].normal_standing) {
      out->no_right++;
    } else if (a[i].excluded != MEETING_EXCLUDE_NONE) {
      out->excluded++;
    } else {
      out->due++;
      if (a[i].present) {
        out->present++;
        counted = true;
      }
    }
    switch (a[i].vote) {
    case MEETING_VOTE_NONE:
      break;
    case MEETING_VOTE_YES:
      out->yes += counted;
      break;
    case MEETING_VOTE_NO:
      out->no += counted;
      break;
    case MEETING_VOTE_ABSTAIN:
      out->abstain += counted;
      break;
    }
    if (a[i].vote != MEETING_VOTE_NONE && !counted) {
      out->ignored_votes++;
    }
  }
  judge(body, out);
}

int meeting_tally_counts(MeetingBody body, int due, int present, int yes, int no, int abstain,
                         MeetingTally *out) {
  memset(out, 0, sizeof *out);
  out->due = due;
  out->present = present;
  out->yes = yes;
  out->no = no;
  out->abstain = abstain;
  const char *bad = NULL;
  if (due < 0 || present < 0 || yes < 0 || no < 0 || abstain < 0) {
    bad = "人数和票数不能为负数";
  } else if (present > due) {
    bad = "实到人数不能超过应到人数";
  } else if ((int64_t)yes + no + abstain > present) {
    bad = "赞成、反对、弃权票数合计不能超过实到人数";
  }
  if (bad) {
    snprintf(out->explain, sizeof out->explain, "%s", bad);
    out->voted = (int64_t)yes + no + abstain > 0;
    return -1;
  }
  judge(body, out);
  return 0;
}

/* ---- review chain ---------------------------------------------------------------------------- */

static const char *const state_codes[MEETING_STATE_COUNT] = {
    "draft", "submitted", "accepted", "returned_refill", "returned_rehold", "closed"};
static const char *const state_labels[MEETING_STATE_COUNT] = {"暂存",     "已提交",   "已审核",
                                                              "退回重填", "退回重开", "已关闭"};
static const char *const action_codes[MEETING_ACTION_COUNT] = {
    "save", "submit", "accept", "return_refill", "return_rehold", "rehold", "amend"};
static const char *const action_labels[MEETING_ACTION_COUNT] = {
    "暂存", "提交", "审核通过", "退回重填", "退回重开", "重新召开", "修正"};
static const char *const role_codes[MEETING_ROLE_COUNT] = {"branch", "town",    "district",
                                                           "admin",  "contact", "member"};

const char *meeting_state_code(MeetingState s) {
  return (int)s >= 0 && (int)s < MEETING_STATE_COUNT ? state_codes[s] : NULL;
}
const char *meeting_state_label(MeetingState s) {
  return (int)s >= 0 && (int)s < MEETING_STATE_COUNT ? state_labels[s] : NULL;
}
const char *meeting_action_code(MeetingAction a) {
  return (int)a >= 0 && (int)a < MEETING_ACTION_COUNT ? action_codes[a] : NULL;
}
const char *meeting_action_label(MeetingAction a) {
  return (int)a >= 0 && (int)a < MEETING_ACTION_COUNT ? action_labels[a] : NULL;
}
const char *meeting_role_code(MeetingRole r) {
  return (int)r >= 0 && (int)r < MEETING_ROLE_COUNT ? role_codes[r] : NULL;
}

static int find_code(const char *const *codes, int n, const char *code) {
  for (int i = 0; code && i < n; i++) {
    if (strcmp(codes[i], code) == 0) {
      return i;
    }
  }
  return -1;
}
int meeting_state_parse(const char *code) {
  return find_code(state_codes, MEETING_STATE_COUNT, code);
}
int meeting_action_parse(const char *code) {
  return find_code(action_codes, MEETING_ACTION_COUNT, code);
}
int meeting_role_parse(const char *code) { return find_code(role_codes, MEETING_ROLE_COUNT, code); }

/* The legal transitions: from, action → to. The role is fixed per action (action_role). */
static const struct {
  MeetingState from;
  MeetingAction action;
  MeetingState to;
} transitions[] = {
    {MEETING_STATE_DRAFT, MEETING_ACTION_SAVE, MEETING_STATE_DRAFT},
    {MEETING_STATE_DRAFT, MEETING_ACTION_SUBMIT, MEETING_STATE_SUBMITTED},
    {MEETING_STATE_SUBMITTED, MEETING_ACTION_ACCEPT, MEETING_STATE_ACCEPTED},
    {MEETING_STATE_SUBMITTED, MEETING_ACTION_RETURN_REFILL, MEETING_STATE_RETURNED_REFILL},
    {MEETING_STATE_SUBMITTED, MEETING_ACTION_RETURN_REHOLD, MEETING_STATE_RETURNED_REHOLD},
    {MEETING_STATE_RETURNED_REFILL, MEETING_ACTION_SAVE, MEETING_STATE_RETURNED_REFILL},
    {MEETING_STATE_RETURNED_REFILL, MEETING_ACTION_SUBMIT, MEETING_STATE_SUBMITTED},
    {MEETING_STATE_RETURNED_REHOLD, MEETING_ACTION_REHOLD, MEETING_STATE_CLOSED},
    {MEETING_STATE_ACCEPTED, MEETING_ACTION_AMEND, MEETING_STATE_ACCEPTED},
};

static MeetingRole action_role(MeetingAction a) {
  switch (a) {
  case MEETING_ACTION_SAVE:
  case MEETING_ACTION_SUBMIT:
  case MEETING_ACTION_REHOLD:
  case MEETING_ACTION_AMEND:
    return MEETING_ROLE_BRANCH;
  case MEETING_ACTION_ACCEPT:
  case MEETING_ACTION_RETURN_REFILL:
  case MEETING_ACTION_RETURN_REHOLD:
  case MEETING_ACTION_COUNT:
    break;
  }
  return MEETING_ROLE_TOWN;
}

static const char *role_refusal(MeetingAction a) {
  switch (a) {
  case MEETING_ACTION_SAVE:
    return "只有本支部可以编辑会议记录";
  case MEETING_ACTION_SUBMIT:
    return "只有本支部可以提交会议记录";
  case MEETING_ACTION_REHOLD:
    return "只有本支部可以重新召开会议";
  case MEETING_ACTION_ACCEPT:
    return "只有乡镇党委审核人可以审核通过";
  case MEETING_ACTION_RETURN_REFILL:
  case MEETING_ACTION_RETURN_REHOLD:
    return "只有乡镇党委审核人可以退回";
  case MEETING_ACTION_AMEND:
    return "只有本支部可以修正已审核的记录";
  case MEETING_ACTION_COUNT:
    break;
  }
  return "无效的操作";
}

static const char *state_refusal(MeetingState from, MeetingAction a) {
  switch (from) {
  case MEETING_STATE_DRAFT:
    return a == MEETING_ACTION_AMEND    ? "只有已审核的记录才能修正"
           : a == MEETING_ACTION_REHOLD ? "只有被退回重开的记录才能重新召开"
                                        : "记录尚未提交，不能审核或退回";
  case MEETING_STATE_SUBMITTED:
    return a == MEETING_ACTION_AMEND    ? "只有已审核的记录才能修正"
           : a == MEETING_ACTION_REHOLD ? "只有被退回重开的记录才能重新召开"
                                        : "记录已提交，正在等待乡镇审核，不能修改或重复提交";
  case MEETING_STATE_ACCEPTED:
    return "记录已审核通过，不能再修改、提交或退回；如需更改请提交修正并写明原因";
  case MEETING_STATE_RETURNED_REFILL:
    return a == MEETING_ACTION_AMEND ? "只有已审核的记录才能修正"
           : a == MEETING_ACTION_REHOLD ? "记录被退回重填，修改后重新提交即可，无须重新召开"
                                        : "记录已退回重填，须修改后重新提交才能审核";
  case MEETING_STATE_RETURNED_REHOLD:
    return "记录被退回重开，须重新召开会议并另建记录，原记录不能修改或提交";
  case MEETING_STATE_CLOSED:
    return "记录已关闭（会议已重新召开），不能再操作";
  case MEETING_STATE_INVALID:
  case MEETING_STATE_COUNT:
    break;
  }
  return "无效的记录状态";
}

MeetingState meeting_transition(MeetingState from, MeetingAction action, MeetingRole role,
                                const char **why) {
  const char *no = NULL;
  if ((int)from < 0 || (int)from >= MEETING_STATE_COUNT) {
    no = "无效的记录状态";
  } else if ((int)action < 0 || (int)action >= MEETING_ACTION_COUNT) {
    no = "无效的操作";
  } else if ((int)role < 0 || (int)role >= MEETING_ROLE_COUNT) {
    no = "无效的角色";
  } else if (role != action_role(action)) {
    no = role_refusal(action);
  } else {
    for (size_t i = 0; i < sizeof transitions / sizeof transitions[0]; i++) {
      if (transitions[i].from == from && transitions[i].action == action) {
        return transitions[i].to;
      }
    }
    no = state_refusal(from, action);
  }
  if (why) {
    *why = no;
  }
  return MEETING_STATE_INVALID;
}

/* ---- deadlines --------------------------------------------------------------------------------
 */

const char *meeting_deadline_label(MeetingDeadlineStatus s) {
  static const char *const labels[] = {"未到期", "按时", "逾期提交", "已逾期"};
  return (int)s >= 0 && (int)s < 4 ? labels[s] : NULL;
}

static void judge_deadline(const DateCalendar *cal, Date due, const Date *done, Date today,
                           MeetingDeadline *out) {
  memset(out, 0, sizeof *out);
  out->due = due;
  Date at = done ? *done : today;
  if (date_compare(at, due) <= 0) {
    out->status = done ? MEETING_DEADLINE_ON_TIME : MEETING_DEADLINE_PENDING;
    return;
  }
  out->status = done ? MEETING_DEADLINE_LATE : MEETING_DEADLINE_OVERDUE;
  out->days_late = (int)date_days_between(due, at);
  out->workdays_late = (int)date_workdays_between(cal, due, at);
}

void meeting_submit_deadline(const MeetingRuleSet *rs, const DateCalendar *cal, Date meeting,
                             const Date *done, Date today, MeetingDeadline *out) {
  assert(date_is_valid(meeting));
  Date due = date_add_workdays(cal, meeting, meeting_param(rs, MEETING_PARAM_SUBMIT_WORKDAYS));
  judge_deadline(cal, due, done, today, out);
}

void meeting_plan_deadline(const MeetingRuleSet *rs, const DateCalendar *cal, Period q,
                           const Date *done, Date today, MeetingDeadline *out) {
  assert(date_period_valid(q) && q.kind == PERIOD_QUARTER);
  int month = (q.index - 1) * 3 + 1;
  int day = meeting_param(rs, MEETING_PARAM_PLAN_DAY);
  int last = date_days_in_month(q.year, month);
  Date due = {q.year, month, day < last ? day : last};
  if (meeting_param(rs, MEETING_PARAM_PLAN_NEXT_WORKDAY) && !date_is_workday(cal, due)) {
    due = date_add_workdays(cal, due, 1);
  }
  judge_deadline(cal, due, done, today, out);
}

/* ---- backfill heuristics -----------------------------------------------------------------------
 */

Date meeting_entry_date(const MeetingRuleSet *rs, int64_t entered_at) {
  int64_t t = entered_at + (int64_t)meeting_param(rs, MEETING_PARAM_UTC_OFFSET_MINUTES) * 60;
  int64_t days = t / 86400;
  if (t % 86400 < 0) {
    days--;
  }
  return date_from_days(days);
}

char *meeting_local_time(const MeetingRuleSet *rs, int64_t at, char out[MEETING_LOCAL_TIME_SIZE]) {
  time_t t = (time_t)(at + (int64_t)meeting_param(rs, MEETING_PARAM_UTC_OFFSET_MINUTES) * 60);
  struct tm tm;
  gmtime_r(&t, &tm);
  snprintf(out, MEETING_LOCAL_TIME_SIZE, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900,
           tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
  return out;
}

int64_t meeting_entry_lag(const MeetingRuleSet *rs, Date meeting, int64_t entered_at) {
  return date_days_between(meeting, meeting_entry_date(rs, entered_at));
}

bool meeting_entry_late(const MeetingRuleSet *rs, Date meeting, int64_t entered_at) {
  return meeting_entry_lag(rs, meeting, entered_at) >
         (int64_t)meeting_param(rs, MEETING_PARAM_ENTRY_LAG_DAYS);
}

typedef struct EntryKey {
  int64_t at, id;
  size_t index;
} EntryKey;

static int compare_entry_keys(const void *pa, const void *pb) {
  const EntryKey *a = pa, *b = pb;
  if (a->at != b->at) {
    return a->at < b->at ? -1 : 1;
  }
  if (a->id != b->id) {
    return a->id < b->id ? -1 : 1;
  }
  return a->index < b->index ? -1 : a->index > b->index;
}

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    abort();
  }
  return p;
}

/* Fills the evidence of a burst over order[first .. first + count). */
static void describe_burst(const MeetingEntry *e, const size_t *order, size_t first, size_t count,
                           MeetingBurst *b) {
  b->first = first;
  b->count = count;
  b->entered_from = e[order[first]].entered_at;
  b->entered_to = e[order[first + count - 1]].entered_at;
  b->meeting_from = b->meeting_to = e[order[first]].meeting;
  for (size_t i = first; i < first + count; i++) {
    Date d = e[order[i]].meeting;
    if (date_compare(d, b->meeting_from) < 0) {
      b->meeting_from = d;
    }
    if (date_compare(d, b->meeting_to) > 0) {
      b->meeting_to = d;
    }
  }
}

/* Appends the burst over order[start .. end] to out->a (capacity *cap). */
static void push_burst(MeetingBursts *out, size_t *cap, const MeetingEntry *e, size_t start,
                       size_t end) {
  if (out->n == *cap) {
    *cap = *cap ? *cap * 2 : 4;
    MeetingBurst *grown = realloc(out->a, *cap * sizeof *grown);
    if (!grown) {
      abort();
    }
    out->a = grown;
  }
  describe_burst(e, out->order, start, end - start + 1, &out->a[out->n++]);
}

void meeting_find_bursts(const MeetingRuleSet *rs, const MeetingEntry *e, size_t n,
                         MeetingBursts *out) {
  memset(out, 0, sizeof *out);
  if (n == 0) {
    return;
  }
  EntryKey *keys = xmalloc(n * sizeof *keys);
  for (size_t i = 0; i < n; i++) {
    keys[i] = (EntryKey){e[i].entered_at, e[i].id, i};
  }
  qsort(keys, n, sizeof *keys, compare_entry_keys);
  out->order = xmalloc(n * sizeof *out->order);
  out->n_order = n;
  for (size_t i = 0; i < n; i++) {
    out->order[i] = keys[i].index;
  }
  free(keys);

  const size_t k = (size_t)meeting_param(rs, MEETING_PARAM_BURST_COUNT);
  const int64_t window = (int64_t)meeting_param(rs, MEETING_PARAM_BURST_HOURS) * 3600;
  const int64_t spread = meeting_param(rs, MEETING_PARAM_BURST_SPREAD_DAYS);
  const size_t *o = out->order;
  size_t cap = 0, group_start = 0, group_end = 0; /* current group [start, end] */
  bool open = false;
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    if (j < i) {
      j = i;
    }
    while (j + 1 < n && e[o[j + 1]].entered_at - e[o[i]].entered_at <= window) {
      j++;
    }
    if (j - i + 1 < k) {
      continue;
    }
    MeetingBurst probe;
    describe_burst(e, o, i, j - i + 1, &probe);
    if (date_days_between(probe.meeting_from, probe.meeting_to) < spread) {
      continue;
    }
    if (open && i <= group_end) {
      group_end = j > group_end ? j : group_end;
      continue;
    }
    if (open) {
      push_burst(out, &cap, e, group_start, group_end);
    }
    open = true;
    group_start = i;
    group_end = j;
  }
  if (open) {
    push_burst(out, &cap, e, group_start, group_end);
  }
}

void meeting_bursts_free(MeetingBursts *b) {
  free(b->order);
  free(b->a);
  memset(b, 0, sizeof *b);
}

/* ---- content and recorder findings -------------------------------------------------------------
 */

static const struct {
  MeetingFinding flag;
  const char *code, *label;
} findings[] = {
    {MEETING_FINDING_NOT_HELD, "not_held", "未按期召开"},
    {MEETING_FINDING_LATE_SUBMISSION, "late_submission", "会议记录逾期提交"},
    {MEETING_FINDING_LATE_PLAN, "late_plan", "季度计划逾期报送"},
    {MEETING_FINDING_LATE_ENTRY, "late_entry", "会后较长时间才录入（疑似补记录）"},
    {MEETING_FINDING_BURST, "burst", "短时间内集中录入多月会议（疑似突击补记录）"},
    {MEETING_FINDING_NO_DECISION, "no_decision", "议而不决：应有决议而无决议"},
    {MEETING_FINDING_NO_DISCUSSION, "no_discussion", "学而不议：学习无讨论发言"},
    {MEETING_FINDING_RECORDER_SHARED, "recorder_shared", "同一人同日为不同组织记录会议"},
    {MEETING_FINDING_RECORDER_ABSENT, "recorder_absent", "记录人缺席会议"},
    {MEETING_FINDING_NO_QUORUM, "no_quorum", "表决时不足法定人数"},
};

const char *meeting_finding_code(MeetingFinding f) {
  for (size_t i = 0; i < sizeof findings / sizeof findings[0]; i++) {
    if (findings[i].flag == f) {
      return findings[i].code;
    }
  }
  return NULL;
}

const char *meeting_finding_label(MeetingFinding f) {
  for (size_t i = 0; i < sizeof findings / sizeof findings[0]; i++) {
    if (findings[i].flag == f) {
      return findings[i].label;
    }
  }
  return NULL;
}

unsigned meeting_content_findings(const MeetingContent *c) {
  if (!kind_ok((int)c->kind)) {
    return 0;
  }
  const MeetingKind *k = &meeting_kinds[c->kind];
  unsigned f = 0;
  if (k->records_decisions && c->n_decisions <= 0) {
    f |= MEETING_FINDING_NO_DECISION;
  }
  if (k->study && (k->study_always || c->has_study) && c->n_speakers <= 0) {
    f |= MEETING_FINDING_NO_DISCUSSION;
  }
  return f;
}

typedef struct RecorderKey {
  int64_t recorder;
  int64_t day;
  size_t row;
} RecorderKey;

static int compare_recorder_keys(const void *pa, const void *pb) {
  const RecorderKey *a = pa, *b = pb;
  if (a->recorder != b->recorder) {
    return a->recorder < b->recorder ? -1 : 1;
  }
  if (a->day != b->day) {
    return a->day < b->day ? -1 : 1;
  }
  return a->row < b->row ? -1 : a->row > b->row;
}

size_t meeting_recorder_findings(const MeetingRecorderRow *rows, size_t n, MeetingRecorderHit *out,
                                 size_t max) {
  /* other[i]: the row SHARED points to, or n when row i is not shared. */
  size_t *other = xmalloc((n ? n : 1) * sizeof *other);
  RecorderKey *keys = xmalloc((n ? n : 1) * sizeof *keys);
  size_t n_keys = 0;
  for (size_t i = 0; i < n; i++) {
    other[i] = n;
    if (rows[i].recorder_id != 0 && date_is_valid(rows[i].date)) {
      keys[n_keys++] = (RecorderKey){rows[i].recorder_id, date_to_days(rows[i].date), i};
    }
  }
  qsort(keys, n_keys, sizeof *keys, compare_recorder_keys);
  for (size_t s = 0; s < n_keys;) {
    size_t end = s + 1;
    while (end < n_keys && keys[end].recorder == keys[s].recorder && keys[end].day == keys[s].day) {
      end++;
    }
    /* A run of one recorder's rows on one day, in input order. */
    for (size_t a = s; a < end; a++) {
      for (size_t b = s; b < end; b++) {
        if (rows[keys[b].row].org_id != rows[keys[a].row].org_id) {
          other[keys[a].row] = keys[b].row;
          break;
        }
      }
    }
    s = end;
  }
  free(keys);
  size_t hits = 0;
  for (size_t i = 0; i < n; i++) {
    if (rows[i].recorder_absent) {
      if (hits < max) {
        out[hits] = (MeetingRecorderHit){MEETING_FINDING_RECORDER_ABSENT, i, i};
      }
      hits++;
    }
    if (other[i] < n) {
      if (hits < max) {
        out[hits] = (MeetingRecorderHit){MEETING_FINDING_RECORDER_SHARED, i, other[i]};
      }
      hits++;
    }
  }
  free(other);
  return hits;
}
