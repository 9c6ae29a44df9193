/*
 * Pure rules of the member roster (DOMAIN.md §0.3, §1, §2, §3, §8): the enumerations, the
 * record check behind the forms and the import report, derived age / 党龄 / voting right,
 * the statistics buckets and the position rules. No I/O, no SQL.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "member/member.h"
#include "base/banned.h"

/* ---- enumerations -------------------------------------------------------------------------- */

const char *const member_categories[] = {"在职",     "离退休", "农民", "学生",
                                         "下岗失业", "其他",   NULL};
const char *const member_statuses[] = {"预备党员", "正式党员", NULL};
const char *const member_standings[] = {"正常", "停止党籍", NULL};
const char *const member_educations[] = {"研究生", "大学本科", "大学专科",   "中专",
                                         "高中",   "初中",     "小学及以下", NULL};
const char *const position_bodies[] = {"支部委员会", "党委",       "村民委员会", "村务监督委员会",
                                       "党小组",     "驻村工作队", NULL};
const char *const position_titles[] = {
    "书记",       "副书记",     "组织委员",   "宣传委员", "纪检委员", "委员", "村委会主任",
    "村委会委员", "监委会主任", "监委会委员", "第一书记", "党小组长", NULL};
const char *const member_responsibility_levels[] = {"first", "direct", "specific", NULL};
const char *const member_responsibility_labels[] = {"第一责任人", "直接责任人", "具体责任人", NULL};
const char *const member_contact_kinds[] = {"village_leader", "resident_cadre", "instructor",
                                            "section_chief", NULL};
const char *const member_contact_labels[] = {"包村领导", "驻村干部", "党建指导员", "科级干部包抓",
                                             NULL};

bool member_enum_has(const char *const *list, const char *value) {
  for (size_t i = 0; value && list[i]; i++) {
    if (strcmp(list[i], value) == 0) {
      return true;
    }
  }
  return false;
}

const char *member_enum_label(const char *const *codes, const char *const *labels,
                              const char *code) {
  for (size_t i = 0; code && codes[i] && labels[i]; i++) {
    if (strcmp(codes[i], code) == 0) {
      return labels[i];
    }
  }
  return NULL;
}

/* ---- small helpers ----------------------------------------------------------------------- */

/* s without leading and trailing white space (utf8_is_space): start and length, no copy.
 * NULL gives length 0. */
static const char *trim(const char *s, size_t *len) {
  if (!s) {
    *len = 0;
    return "";
  }
  size_t n = strlen(s), k;
  while (n > 0) {
    int32_t cp = utf8_decode(s, n, &k);
    if (cp < 0 || !utf8_is_space(cp)) {
      break;
    }
    s += k;
    n -= k;
  }
  /* Trailing: walk forward remembering the end of the last non-space character. */
  size_t end = 0;
  for (size_t i = 0; i < n;) {
    int32_t cp = utf8_decode(s + i, n - i, &k);
    i += k;
    if (cp < 0 || !utf8_is_space(cp)) {
      end = i;
    }
  }
  *len = end;
  return s;
}

static bool blank(const char *s) {
  size_t n;
  trim(s, &n);
  return n == 0;
}

/* Whether the trimmed s is one of list; *value gets the static list entry. */
static bool enum_match(const char *const *list, const char *s, const char **value) {
  size_t n;
  const char *t = trim(s, &n);
  for (size_t i = 0; list[i]; i++) {
    if (strlen(list[i]) == n && memcmp(list[i], t, n) == 0) {
      *value = list[i];
      return true;
    }
  }
  return false;
}

/* Strict 'YYYY-MM-DD' (stored values). */
static bool iso_date(const char *s, Date *out) {
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') {
    return false;
  }
  int v[3] = {0, 0, 0};
  const int at[3] = {0, 5, 8}, len[3] = {4, 2, 2};
  for (int f = 0; f < 3; f++) {
    for (int i = 0; i < len[f]; i++) {
      char c = s[at[f] + i];
      if (c < '0' || c > '9') {
        return false;
      }
      v[f] = v[f] * 10 + (c - '0');
    }
  }
  if (!date_valid(v[0], v[1], v[2])) {
    return false;
  }
  out->y = v[0];
  out->m = v[1];
  out->d = v[2];
  return true;
}

/* ---- the record check ---------------------------------------------------------------------- */

typedef struct Check {
  MemberProblem *p;
  int max, n;
  const char *done[24]; /* fields with a problem already (one problem per field) */
  int n_done;
} Check;

static bool has_problem(const Check *c, const char *field) {
  for (int i = 0; i < c->n_done; i++) {
    if (c->done[i] == field || strcmp(c->done[i], field) == 0) {
      return true;
    }
  }
  return false;
}

/* Records a problem: the message is "「field」" followed by the formatted reason. */
__attribute__((format(printf, 3, 4))) static void problem(Check *c, const char *field,
                                                          const char *fmt, ...) {
  if (has_problem(c, field)) {
    return;
  }
  if (c->n_done < (int)(sizeof c->done / sizeof *c->done)) {
    c->done[c->n_done++] = field;
  }
  if (c->n >= c->max) {
    return;
  }
  MemberProblem *p = &c->p[c->n++];
  p->field = field;
  char reason[160];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(reason, sizeof reason, fmt, ap);
  va_end(ap);
  int k = snprintf(p->message, sizeof p->message, "「%s」", field);
  if (k > 0 && (size_t)k < sizeof p->message) {
    size_t room = sizeof p->message - (size_t)k - 1;
    size_t take = utf8_prefix(reason, strlen(reason), room);
    memcpy(p->message + k, reason, take);
    p->message[(size_t)k + take] = '\0';
  }
}

/* Parses a date field. Returns 1 with *d and iso set, 0 when blank, -1 after a problem.
 * Dates later than today are a problem unless future_ok. */
static int check_date(Check *c, const char *field, const char *s, Date today, bool future_ok,
                      Date *d, char iso[DATE_ISO_SIZE]) {
  iso[0] = '\0';
  size_t n;
  const char *t = trim(s, &n);
  if (n == 0) {
    return 0;
  }
  const char *why = NULL;
  if (date_parse(t, n, d, &why) != 0) {
    problem(c, field, "%s", why ? why : "无法识别的日期格式");
    return -1;
  }
  if (!future_ok && date_compare(*d, today) > 0) {
    problem(c, field, "晚于今天");
    return -1;
  }
  date_format_iso(*d, iso);
  return 1;
}

static void check_length(Check *c, const char *field, const char *s, long max) {
  size_t n;
  const char *t = trim(s, &n);
  long len = utf8_length(t, n);
  if (len < 0) {
    problem(c, field, "含有无效的字符编码");
  } else if (len > max) {
    problem(c, field, "过长（最多%ld个字）", max);
  }
}

/* Accepts a legacy ID number under id_override: printable ASCII letters and digits only,
 * at most 18, upper-cased. */
static bool override_id(const char *s, char out[IDCARD_SIZE]) {
  size_t n;
  const char *t = trim(s, &n);
  if (n == 0 || n > 18) {
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    char ch = t[i];
    bool ok = (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
    if (!ok) {
      return false;
    }
    out[i] = ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : ch;
  }
  out[n] = '\0';
  return true;
}

int member_check(const MemberRecord *m, Date today, MemberNormal *out, MemberProblem *p, int max) {
  Check c = {.p = p, .max = max < 0 ? 0 : max};
  memset(out, 0, sizeof *out);

  /* 姓名 */
  if (blank(m->name)) {
    problem(&c, "姓名", "不能为空");
  } else {
    check_length(&c, "姓名", m->name, 30);
  }

  /* 性别 as entered */
  const char *gender = NULL;
  bool gender_bad = false;
  if (!blank(m->gender)) {
    static const char *const genders[] = {"男", "女", NULL};
    if (!enum_match(genders, m->gender, &gender)) {
      problem(&c, "性别", "应为“男”或“女”");
      gender_bad = true;
    }
  }

  /* 出生日期 as entered */
  Date birth = {0, 0, 0};
  int has_birth = check_date(&c, "出生日期", m->birth_date, today, false, &birth, out->birth_date);

  /* 公民身份证号 */
  IdcardInfo info;
  bool id_ok = false;
  size_t id_n;
  const char *id_s = trim(m->id_number, &id_n);
  if (id_n == 0) {
    problem(&c, "公民身份证号", "不能为空");
  } else {
    const char *why = NULL;
    if (idcard_normalize_on(id_s, id_n, today, out->id_number, &info, &why) == 0) {
      id_ok = true;
      const char *field = NULL;
      const char *why2 = NULL;
      if (idcard_check_against(&info, has_birth == 1 ? &birth : NULL, gender_bad ? NULL : gender,
                               &field, &why2) != 0) {
        char idb[DATE_ISO_SIZE];
        if (field && strcmp(field, "出生日期") == 0) {
          problem(&c, "出生日期", "与「公民身份证号」不符（身份证号为 %s）",
                  date_format_iso(info.birth, idb));
        } else {
          problem(&c, "性别", "与「公民身份证号」不符（身份证号为 %s）", info.gender_name);
        }
      }
    } else if (m->id_override) {
      if (blank(m->id_override_reason)) {
        problem(&c, "身份证号例外说明", "不能为空：身份证号未通过校验（%s），保留原号须说明原因",
                why ? why : "无效");
      } else if (!override_id(m->id_number, out->id_number)) {
        problem(&c, "公民身份证号", "%s（例外保留的号码也只能是不超过18位的字母和数字）",
                why ? why : "无效");
      }
    } else {
      problem(&c, "公民身份证号", "%s", why ? why : "无效");
    }
  }
  if (m->id_override && !blank(m->id_override_reason)) {
    check_length(&c, "身份证号例外说明", m->id_override_reason, 100);
  }
  out->gender = gender ? gender : (id_ok ? info.gender_name : NULL);
  if (has_birth != 1 && id_ok) {
    birth = info.birth;
    has_birth = 1;
    date_format_iso(birth, out->birth_date);
  }
  if (has_birth != 1) {
    out->birth_date[0] = '\0';
  }

  /* 民族, 学历 */
  if (!blank(m->ethnicity)) {
    check_length(&c, "民族", m->ethnicity, 10);
  }
  const char *value;
  if (!blank(m->education) && !enum_match(member_educations, m->education, &value)) {
    problem(&c, "学历", "应为研究生、大学本科、大学专科、中专、高中、初中或小学及以下");
  }

  /* 手机号, 固定电话 */
  size_t ph_n;
  const char *ph = trim(m->phone, &ph_n);
  if (ph_n > 0) {
    const char *why = NULL;
    if (phone_normalize(ph, ph_n, out->phone, &why) != 0) {
      problem(&c, "手机号", "%s", why ? why : "无效");
    } else if (strlen(out->phone) != 11 || strchr(out->phone, '-')) {
      problem(&c, "手机号", "应为11位手机号码（固定电话请填在「固定电话」）");
      out->phone[0] = '\0';
    }
  }
  ph = trim(m->landline, &ph_n);
  if (ph_n > 0) {
    const char *why = NULL;
    if (phone_normalize(ph, ph_n, out->landline, &why) != 0) {
      problem(&c, "固定电话", "%s", why ? why : "无效");
    }
  }
  if (!blank(m->address)) {
    check_length(&c, "家庭住址", m->address, 100);
  }
  if (!blank(m->work_post)) {
    check_length(&c, "工作岗位", m->work_post, 50);
  }

  /* 人员类别, 党员身份, 党籍状态 */
  if (blank(m->category)) {
    problem(&c, "人员类别", "不能为空");
  } else if (!enum_match(member_categories, m->category, &value)) {
    problem(&c, "人员类别", "应为在职、离退休、农民、学生、下岗失业或其他");
  }
  const char *status = NULL;
  if (blank(m->status)) {
    problem(&c, "党员身份", "不能为空（正式党员或预备党员）");
  } else if (!enum_match(member_statuses, m->status, &status)) {
    problem(&c, "党员身份", "应为“正式党员”或“预备党员”");
  }
  if (!blank(m->standing) && !enum_match(member_standings, m->standing, &value)) {
    problem(&c, "党籍状态", "应为“正常”或“停止党籍”");
  }

  /* 加入党组织日期 */
  Date joined = {0, 0, 0};
  int has_joined =
      check_date(&c, "加入党组织日期", m->joined_date, today, false, &joined, out->joined_date);
  if (has_joined == 0) {
    problem(&c, "加入党组织日期", "不能为空");
  } else if (has_joined == 1) {
    const Date founding = {1921, 7, 1};
    if (date_compare(joined, founding) < 0) {
      problem(&c, "加入党组织日期", "早于1921年7月1日");
      has_joined = -1;
    } else if (has_birth == 1 && date_compare(joined, date_add_months(birth, 18 * 12)) < 0) {
      problem(&c, "加入党组织日期", "早于年满18周岁之日（出生日期 %s）", out->birth_date);
      has_joined = -1;
    }
  }

  /* 预备期满日期 (an extended probation) */
  Date normal_end = has_joined == 1 ? date_add_months(joined, 12) : (Date){0, 0, 0};
  Date extended = {0, 0, 0};
  int has_ext =
      check_date(&c, "预备期满日期", m->probation_end, today, true, &extended, out->probation_end);
  if (has_ext == 1 && has_joined == 1 && !date_equal(extended, normal_end)) {
    Date lo = date_add_months(normal_end, 6), hi = date_add_months(normal_end, 12);
    if (date_compare(extended, lo) < 0 || date_compare(extended, hi) > 0) {
      char a[DATE_ISO_SIZE], b[DATE_ISO_SIZE];
      problem(&c, "预备期满日期", "延长预备期应为6个月至1年，期满日应在 %s 至 %s 之间",
              date_format_iso(lo, a), date_format_iso(hi, b));
      has_ext = -1;
    }
  }
  Date probation_end = has_ext == 1 ? extended : normal_end;

  /* 转为正式党员日期 */
  Date full = {0, 0, 0};
  int has_full =
      check_date(&c, "转为正式党员日期", m->full_date, today, false, &full, out->full_date);
  if (has_full == 1 && status && strcmp(status, "预备党员") == 0) {
    problem(&c, "转为正式党员日期", "只能在正式党员填写（预备党员尚未转正）");
  } else if (has_full == 1 && has_joined == 1) {
    if (date_compare(full, joined) < 0) {
      problem(&c, "转为正式党员日期", "早于「加入党组织日期」");
    } else if (date_compare(full, probation_end) < 0) {
      char a[DATE_ISO_SIZE];
      problem(&c, "转为正式党员日期", "早于预备期满之日（%s）", date_format_iso(probation_end, a));
    }
  } else if (has_full == 0 && status && strcmp(status, "正式党员") == 0 && has_joined == 1 &&
             has_ext >= 0 && date_compare(probation_end, today) > 0) {
    char a[DATE_ISO_SIZE];
    problem(&c, "转为正式党员日期", "不能为空：预备期到 %s 才届满",
            date_format_iso(probation_end, a));
  }

  /* 失联, 流动 */
  Date lost = {0, 0, 0};
  int has_lost = check_date(&c, "失去联系日期", m->lost_date, today, false, &lost, out->lost_date);
  if (has_lost == 1 && !m->lost_contact) {
    problem(&c, "失去联系日期", "只能在失联党员填写");
    out->lost_date[0] = '\0';
  } else if (has_lost == 0 && m->lost_contact) {
    problem(&c, "失去联系日期", "失联党员应填写失去联系日期");
  } else if (has_lost == 1 && has_joined == 1 && date_compare(lost, joined) < 0) {
    problem(&c, "失去联系日期", "早于「加入党组织日期」");
  }
  bool has_dest = !blank(m->flow_destination);
  if (has_dest && !m->flowing) {
    problem(&c, "外出流向", "只能在流动党员填写");
  } else if (!has_dest && m->flowing) {
    problem(&c, "外出流向", "流动党员应填写外出流向");
  } else if (has_dest) {
    check_length(&c, "外出流向", m->flow_destination, 50);
  }

  member_party_age_from(status, out->joined_date, out->probation_end, out->full_date,
                        out->party_age_from);
  return c.n;
}

/* ---- derived fields ------------------------------------------------------------------------ */

int member_age(const char *birth_date, Date today) {
  Date b;
  return iso_date(birth_date, &b) ? idcard_age(b, today) : -1;
}

bool member_party_age_from(const char *status, const char *joined_date, const char *probation_end,
                           const char *full_date, char out[DATE_ISO_SIZE]) {
  out[0] = '\0';
  if (!status || strcmp(status, "正式党员") != 0) {
    return false;
  }
  Date d;
  if (iso_date(probation_end, &d)) {
    /* an extension: 党龄 from the end of the extended probation */
  } else if (iso_date(joined_date, &d)) {
    d = date_add_months(d, 12);
  } else if (!iso_date(full_date, &d)) {
    return false; /* nothing known */
  }
  date_format_iso(d, out);
  return true;
}

int member_standing_years(const char *status, const char *joined_date, const char *probation_end,
                          const char *full_date, Date today) {
  char from[DATE_ISO_SIZE];
  Date d;
  if (!member_party_age_from(status, joined_date, probation_end, full_date, from) ||
      !iso_date(from, &d)) {
    return -1;
  }
  return party_standing_years(d, today);
}

bool member_can_vote(const char *status, const char *standing) {
  return status && strcmp(status, "正式党员") == 0 &&
         (!standing || !*standing || strcmp(standing, "正常") == 0);
}

void member_years_ago(Date today, int years, char out[DATE_ISO_SIZE]) {
  Date d = date_add_months(today, -12 * years);
  /* idcard_age: a 29 February birthday falls on 28 February in other years, so on
   * 28 February of a common year someone born on 29 February `years` ago has completed them. */
  if (today.m == 2 && today.d == 28 && !date_is_leap_year(today.y) && date_is_leap_year(d.y)) {
    d.d = 29;
  }
  date_format_iso(d, out);
}

/* ---- statistics buckets -------------------------------------------------------------------- */

const char *const member_age_bands[] = {"30岁及以下", "31至35岁",   "36至40岁",
                                        "41至45岁",   "46至50岁",   "51至55岁",
                                        "56至60岁",   "61岁及以上", NULL};
const int member_age_band_lows[] = {0, 31, 36, 41, 46, 51, 56, 61};
const char *const member_join_periods[] = {"建国前", "建国后至十一届三中全会前",
                                           "十一届三中全会后至十八大前", "十八大以来", NULL};
/* 中华人民共和国成立 1949-10-01; 十一届三中全会 opened 1978-12-18; 十八大 opened 2012-11-08. */
const char *const member_join_period_starts[] = {"", "1949-10-01", "1978-12-18", "2012-11-08",
                                                 NULL};

int member_age_band(int age) {
  if (age < 0) {
    return -1;
  }
  for (int i = 7; i > 0; i--) {
    if (age >= member_age_band_lows[i]) {
      return i;
    }
  }
  return 0;
}

int member_join_period(const char *joined_date) {
  Date d;
  if (!iso_date(joined_date, &d)) {
    return -1;
  }
  for (int i = 3; i > 0; i--) {
    if (strcmp(joined_date, member_join_period_starts[i]) >= 0) {
      return i;
    }
  }
  return 0;
}

/* ---- positions ----------------------------------------------------------------------------- */

const char *member_position_check(const char *body, const char *title) {
  if (!member_enum_has(position_bodies, body)) {
    return "机构应为支部委员会、党委、村民委员会、村务监督委员会、党小组或驻村工作队";
  }
  if (!member_enum_has(position_titles, title)) {
    return "职务不在规定的职务中";
  }
  static const struct {
    const char *title, *bodies, *reason;
  } rules[] = {
      {"书记", "支部委员会 党委", "书记应属于支部委员会或党委"},
      {"副书记", "支部委员会 党委", "副书记应属于支部委员会或党委"},
      {"组织委员", "支部委员会 党委", "组织委员应属于支部委员会或党委"},
      {"宣传委员", "支部委员会 党委", "宣传委员应属于支部委员会或党委"},
      {"纪检委员", "支部委员会 党委", "纪检委员应属于支部委员会或党委"},
      {"委员", "支部委员会 党委", "委员应属于支部委员会或党委"},
      {"村委会主任", "村民委员会", "村委会主任应属于村民委员会"},
      {"村委会委员", "村民委员会", "村委会委员应属于村民委员会"},
      {"监委会主任", "村务监督委员会", "监委会主任应属于村务监督委员会"},
      {"监委会委员", "村务监督委员会", "监委会委员应属于村务监督委员会"},
      {"第一书记", "驻村工作队", "第一书记应属于驻村工作队"},
      {"党小组长", "党小组", "党小组长应属于党小组"},
  };
  for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
    if (strcmp(rules[i].title, title) != 0) {
      continue;
    }
    /* body must be one of the space-separated words */
    size_t n = strlen(body);
    for (const char *w = rules[i].bodies; *w;) {
      const char *e = strchr(w, ' ');
      size_t k = e ? (size_t)(e - w) : strlen(w);
      if (k == n && memcmp(w, body, n) == 0) {
        return NULL;
      }
      w += k + (e ? 1 : 0);
    }
    return rules[i].reason;
  }
  return "职务不在规定的职务中";
}

bool member_secretary_vacant_too_long(bool in_office, const char *last_end, Date today) {
  if (in_office) {
    return false;
  }
  Date end;
  if (!iso_date(last_end, &end)) {
    return true; /* never a 书记 (or the end unknown): vacant for as long as we know */
  }
  return date_compare(today, date_add_months(end, 3)) > 0;
}
