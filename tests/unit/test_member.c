/*
 * Unit tests of src/member: the rules (member_rules.c: the record check, derived age / 党龄 /
 * voting right, statistics buckets, position rules) as tables of cases with "today" fixed at
 * 2026-11-27; and the store (member_store.c) on a fresh temporary database per test: save and
 * upsert, scope isolation, list filters / sort / pages, statistics, counts, positions, chain,
 * contacts and findings.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "db/db.h"
#include "member/member.h"
#include "org/org.h"
#include "web/scope.h"

#include "fixture.h"

#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const Date today = {2026, 11, 27};

/* A valid ID number: 6-digit region, birth 'YYYYMMDD', 2-digit sequence, gender digit. */
static void make_id(const char *region, const char *birth, int seq, bool male, char out[19]) {
  char d17[32];
  snprintf(d17, sizeof d17, "%.6s%.8s%02d%d", region, birth, seq % 100, male ? 1 : 2);
  memcpy(out, d17, 17);
  out[17] = idcard_check_char(d17);
  out[18] = '\0';
}

/* ---- member_check ------------------------------------------------------------------------ */

/* The base record: valid (张秀英, female, born 1949-12-31, 正式党员 since 1976). */
static MemberRecord base_record(void) {
  MemberRecord m = {.name = "张秀英",
                    .gender = "女",
                    .ethnicity = "汉族",
                    .education = "初中",
                    .id_number = "11010519491231002X",
                    .birth_date = "1949-12-31",
                    .phone = "13812345678",
                    .address = "青山区城关镇东关社区1号楼",
                    .category = "离退休",
                    .status = "正式党员",
                    .standing = "正常",
                    .joined_date = "1975-07-01",
                    .full_date = "1976-07-01",
                    .work_post = "退休"};
  return m;
}

#define KEEP NULL
#define BKEEP (-1)

/* One case: fields to override (KEEP: leave the base value; "" empties it; BKEEP for bools),
 * then the expected number of problems and, for the first, its field and message (exact, or
 * a substring when contains). */
typedef struct CheckCase {
  const char *label;
  const char *name, *gender, *id, *birth, *phone, *landline, *category, *status, *standing,
      *education, *joined, *full, *probation_end, *lost_date, *dest, *address, *reason;
  int lost, flowing, override;
  int n;
  const char *field, *message;
  bool contains;
} CheckCase;

static const CheckCase check_cases[] = {
    /* clang-format off */
    {.label = "base record is valid", .lost = BKEEP, .flowing = BKEEP, .override = BKEEP, .n = 0},
    {.label = "15-digit legacy ID upgraded", .id = "110105491231002", .lost = BKEEP,
     .flowing = BKEEP, .override = BKEEP, .n = 0},
    {.label = "lower-case x accepted", .id = "11010519491231002x", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 0},
    {.label = "birth and gender may be left out", .birth = "", .gender = "", .lost = BKEEP,
     .flowing = BKEEP, .override = BKEEP, .n = 0},
    {.label = "name missing", .name = "", .lost = BKEEP, .flowing = BKEEP, .override = BKEEP,
     .n = 1, .field = "姓名", .message = "「姓名」不能为空"},
    {.label = "name blank with full-width space", .name = "\xe3\x80\x80 ", .lost = BKEEP,
     .flowing = BKEEP, .override = BKEEP, .n = 1, .field = "姓名", .message = "「姓名」不能为空"},
    {.label = "name too long", .name = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一",
     .lost = BKEEP, .flowing = BKEEP, .override = BKEEP, .n = 1, .field = "姓名",
     .message = "「姓名」过长（最多30个字）"},
    {.label = "gender not 男/女", .gender = "F", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "性别", .message = "「性别」应为“男”或“女”"},
    {.label = "gender against ID", .gender = "男", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "性别",
     .message = "「性别」与「公民身份证号」不符（身份证号为 女）"},
    {.label = "birth against ID", .birth = "1950-01-01", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "出生日期",
     .message = "「出生日期」与「公民身份证号」不符（身份证号为 1949-12-31）"},
    {.label = "ID checksum", .id = "110105194912310021", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "公民身份证号",
     .message = "「公民身份证号」校验码错误：最后一位应为 X"},
    {.label = "ID missing", .id = "", .lost = BKEEP, .flowing = BKEEP, .override = BKEEP, .n = 1,
     .field = "公民身份证号", .message = "「公民身份证号」不能为空"},
    {.label = "ID length", .id = "1101051949123", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "公民身份证号",
     .message = "「公民身份证号」长度应为18位（或旧版15位）"},
    {.label = "ID province", .id = "990105194912310029", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "公民身份证号", .message = "地址码", .contains = true},
    {.label = "override without reason", .id = "110105194912310021", .override = 1,
     .lost = BKEEP, .flowing = BKEEP, .n = 1, .field = "身份证号例外说明",
     .message = "「身份证号例外说明」不能为空", .contains = true},
    {.label = "override with reason keeps a legacy number", .id = "110105194912310021",
     .override = 1, .reason = "户籍档案原号，待派出所更正", .lost = BKEEP, .flowing = BKEEP,
     .n = 0},
    {.label = "override of garbage", .id = "11-01-05", .override = 1, .reason = "旧档案",
     .lost = BKEEP, .flowing = BKEEP, .n = 1, .field = "公民身份证号",
     .message = "例外保留的号码", .contains = true},
    {.label = "phone too short", .phone = "1381234567", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "手机号", .message = "「手机号」手机号码应为11位"},
    {.label = "phone with letters", .phone = "1381234567a", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "手机号", .message = "「手机号」", .contains = true},
    {.label = "fixed line in the mobile column", .phone = "0936-8123456", .lost = BKEEP,
     .flowing = BKEEP, .override = BKEEP, .n = 1, .field = "手机号",
     .message = "「手机号」应为11位手机号码（固定电话请填在「固定电话」）"},
    {.label = "+86 mobile normalised", .phone = "+86 138-1234-5678", .lost = BKEEP,
     .flowing = BKEEP, .override = BKEEP, .n = 0},
    {.label = "landline valid", .landline = "0936 8123456", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 0},
    {.label = "landline without area code", .landline = "8123456", .lost = BKEEP,
     .flowing = BKEEP, .override = BKEEP, .n = 1, .field = "固定电话",
     .message = "「固定电话」", .contains = true},
    {.label = "unknown category", .category = "农民工", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "人员类别",
     .message = "「人员类别」应为在职、离退休、农民、学生、下岗失业或其他"},
    {.label = "category missing", .category = "", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "人员类别", .message = "「人员类别」不能为空"},
    {.label = "status missing", .status = "", .lost = BKEEP, .flowing = BKEEP, .override = BKEEP,
     .n = 1, .field = "党员身份", .message = "「党员身份」不能为空（正式党员或预备党员）"},
    {.label = "status unknown", .status = "党员", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "党员身份",
     .message = "「党员身份」应为“正式党员”或“预备党员”"},
    {.label = "standing unknown", .standing = "开除", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "党籍状态",
     .message = "「党籍状态」应为“正常”或“停止党籍”"},
    {.label = "education unknown", .education = "本科", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "学历", .message = "「学历」应为", .contains = true},
    {.label = "joined missing", .joined = "", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "加入党组织日期",
     .message = "「加入党组织日期」不能为空"},
    {.label = "joined in the future", .joined = "2026-11-28", .full = "", .lost = BKEEP,
     .flowing = BKEEP, .override = BKEEP, .n = 1, .field = "加入党组织日期",
     .message = "「加入党组织日期」晚于今天"},
    {.label = "joined before 18", .joined = "1967-12-30", .full = "1968-12-30", .lost = BKEEP,
     .flowing = BKEEP, .override = BKEEP, .n = 1, .field = "加入党组织日期",
     .message = "「加入党组织日期」早于年满18周岁之日（出生日期 1949-12-31）"},
    {.label = "joined on the 18th birthday", .joined = "1967-12-31", .full = "1968-12-31",
     .lost = BKEEP, .flowing = BKEEP, .override = BKEEP, .n = 0},
    {.label = "joined unparseable", .joined = "1975-13-01", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "加入党组织日期",
     .message = "「加入党组织日期」月份超出范围"},
    {.label = "转正 before 入党", .full = "1975-06-30", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "转为正式党员日期",
     .message = "「转为正式党员日期」早于「加入党组织日期」"},
    {.label = "转正 before a year of probation", .full = "1976-06-30", .lost = BKEEP,
     .flowing = BKEEP, .override = BKEEP, .n = 1, .field = "转为正式党员日期",
     .message = "「转为正式党员日期」早于预备期满之日（1976-07-01）"},
    {.label = "转正 in the future", .full = "2027-01-01", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "转为正式党员日期",
     .message = "「转为正式党员日期」晚于今天"},
    {.label = "预备党员 with a 转正 date", .status = "预备党员", .joined = "2026-03-01",
     .full = "2026-10-01", .lost = BKEEP, .flowing = BKEEP, .override = BKEEP, .n = 1,
     .field = "转为正式党员日期",
     .message = "「转为正式党员日期」只能在正式党员填写（预备党员尚未转正）"},
    {.label = "预备党员 without one", .status = "预备党员", .joined = "2026-03-01", .full = "",
     .lost = BKEEP, .flowing = BKEEP, .override = BKEEP, .n = 0},
    {.label = "正式党员 before the probation ends", .joined = "2026-03-01", .full = "",
     .lost = BKEEP, .flowing = BKEEP, .override = BKEEP, .n = 1, .field = "转为正式党员日期",
     .message = "「转为正式党员日期」不能为空：预备期到 2027-03-01 才届满"},
    {.label = "正式党员 without 转正 date, probation over", .full = "", .lost = BKEEP,
     .flowing = BKEEP, .override = BKEEP, .n = 0},
    {.label = "extended probation", .joined = "2020-05-01", .probation_end = "2021-11-01",
     .full = "2021-11-05", .lost = BKEEP, .flowing = BKEEP, .override = BKEEP, .n = 0},
    {.label = "extension too short", .joined = "2020-05-01", .probation_end = "2021-06-01",
     .full = "2021-11-05", .lost = BKEEP, .flowing = BKEEP, .override = BKEEP, .n = 1,
     .field = "预备期满日期",
     .message = "「预备期满日期」延长预备期应为6个月至1年，期满日应在 2021-11-01 至 2022-05-01 之间"},
    {.label = "extension too long", .joined = "2020-05-01", .probation_end = "2022-05-02",
     .full = "2022-06-01", .lost = BKEEP, .flowing = BKEEP, .override = BKEEP, .n = 1,
     .field = "预备期满日期", .message = "「预备期满日期」延长预备期", .contains = true},
    {.label = "转正 before the extended end", .joined = "2020-05-01",
     .probation_end = "2021-11-01", .full = "2021-06-01", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "转为正式党员日期",
     .message = "「转为正式党员日期」早于预备期满之日（2021-11-01）"},
    {.label = "预备党员 extended, end in the future", .status = "预备党员", .joined = "2025-08-01",
     .probation_end = "2027-02-01", .full = "", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 0},
    {.label = "失联日期 without 失联", .lost_date = "2025-01-01", .lost = 0, .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "失去联系日期",
     .message = "「失去联系日期」只能在失联党员填写"},
    {.label = "失联 without a date", .lost = 1, .flowing = BKEEP, .override = BKEEP, .n = 1,
     .field = "失去联系日期", .message = "「失去联系日期」失联党员应填写失去联系日期"},
    {.label = "失联 with a date", .lost = 1, .lost_date = "2025年1月1日", .flowing = BKEEP,
     .override = BKEEP, .n = 0},
    {.label = "失联 before 入党", .lost = 1, .lost_date = "1970-01-01", .flowing = BKEEP,
     .override = BKEEP, .n = 1, .field = "失去联系日期",
     .message = "「失去联系日期」早于「加入党组织日期」"},
    {.label = "外出流向 without 流动", .dest = "新疆乌鲁木齐市", .lost = BKEEP, .flowing = 0,
     .override = BKEEP, .n = 1, .field = "外出流向", .message = "「外出流向」只能在流动党员填写"},
    {.label = "流动 without a destination", .flowing = 1, .lost = BKEEP, .override = BKEEP,
     .n = 1, .field = "外出流向", .message = "「外出流向」流动党员应填写外出流向"},
    {.label = "流动 with a destination", .flowing = 1, .dest = "新疆乌鲁木齐市", .lost = BKEEP,
     .override = BKEEP, .n = 0},
    {.label = "date 1975年7月1日", .joined = "1975年7月1日", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 0},
    {.label = "date 1975.7.1", .joined = "1975.7.1", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 0},
    {.label = "date 1975/7/1", .joined = "1975/7/1", .lost = BKEEP, .flowing = BKEEP,
     .override = BKEEP, .n = 0},
    {.label = "Excel serial 27576 = 1975-07-01", .joined = "27576", .lost = BKEEP,
     .flowing = BKEEP, .override = BKEEP, .n = 0},
    {.label = "birth in the future", .birth = "2027-01-01", .id = "", .lost = BKEEP,
     .flowing = BKEEP, .override = BKEEP, .n = 2, .field = "出生日期",
     .message = "「出生日期」晚于今天"},
    {.label = "address too long",
     .address = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
                "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
                "一二三四五六七八九十一二三四五六七八九十一",
     .lost = BKEEP, .flowing = BKEEP, .override = BKEEP, .n = 1, .field = "家庭住址",
     .message = "「家庭住址」过长（最多100个字）"},
    {.label = "several problems, one per field", .name = "", .phone = "123", .category = "工人",
     .gender = "男", .lost = BKEEP, .flowing = BKEEP, .override = BKEEP, .n = 4, .field = "姓名",
     .message = "「姓名」不能为空"},
    /* clang-format on */
};

static MemberRecord apply_case(const CheckCase *c) {
  MemberRecord m = base_record();
#define SET(f, v)                                                                                  \
  if (c->v) {                                                                                      \
    m.f = c->v;                                                                                    \
  }
  SET(name, name)
  SET(gender, gender)
  SET(id_number, id)
  SET(birth_date, birth)
  SET(phone, phone)
  SET(landline, landline)
  SET(category, category)
  SET(status, status)
  SET(standing, standing)
  SET(education, education)
  SET(joined_date, joined)
  SET(full_date, full)
  SET(probation_end, probation_end)
  SET(lost_date, lost_date)
  SET(flow_destination, dest)
  SET(address, address)
  SET(id_override_reason, reason)
#undef SET
  if (c->lost != BKEEP) {
    m.lost_contact = c->lost;
  }
  if (c->flowing != BKEEP) {
    m.flowing = c->flowing;
  }
  if (c->override != BKEEP) {
    m.id_override = c->override;
  }
  return m;
}

Test(member_rules, check_cases) {
  cr_assert_geq(N_ELEMS(check_cases), 25);
  for (size_t i = 0; i < N_ELEMS(check_cases); i++) {
    const CheckCase *c = &check_cases[i];
    MemberRecord m = apply_case(c);
    MemberNormal n;
    MemberProblem p[8];
    int got = member_check(&m, today, &n, p, 8);
    cr_expect_eq(got, c->n, "%s: %d problems, want %d (first: %s)", c->label, got, c->n,
                 got ? p[0].message : "-");
    if (got > 0 && c->field) {
      cr_expect_str_eq(p[0].field, c->field, "%s: field", c->label);
      if (c->contains) {
        cr_expect(strstr(p[0].message, c->message) != NULL, "%s: '%s' lacks '%s'", c->label,
                  p[0].message, c->message);
      } else {
        cr_expect_str_eq(p[0].message, c->message, "%s", c->label);
      }
    }
    for (int k = 0; k < got; k++) {
      cr_expect(strncmp(p[k].message, "「", 3) == 0, "%s: message names its field", c->label);
    }
  }
}

Test(member_rules, check_normalises) {
  MemberRecord m = base_record();
  m.id_number = " 110105491231002 ";
  m.birth_date = NULL;
  m.gender = NULL;
  m.phone = "+86 138 1234 5678";
  m.landline = "0936 8123456";
  m.joined_date = "1975年7月1日";
  m.full_date = "1976.7.1";
  MemberNormal n;
  MemberProblem p[4];
  cr_assert_eq(member_check(&m, today, &n, p, 4), 0, "%s", p[0].message);
  cr_expect_str_eq(n.id_number, "11010519491231002X");
  cr_expect_str_eq(n.birth_date, "1949-12-31");
  cr_expect_str_eq(n.gender, "女");
  cr_expect_str_eq(n.phone, "13812345678");
  cr_expect_str_eq(n.landline, "0936-8123456");
  cr_expect_str_eq(n.joined_date, "1975-07-01");
  cr_expect_str_eq(n.full_date, "1976-07-01");
  cr_expect_str_eq(n.party_age_from, "1976-07-01");
  cr_expect_str_eq(n.probation_end, "");

  /* extended: 党龄 from the end of the extension; 预备党员: none */
  m.joined_date = "2020-05-01";
  m.probation_end = "2021-11-01";
  m.full_date = "2021-11-20";
  cr_assert_eq(member_check(&m, today, &n, p, 4), 0, "%s", p[0].message);
  cr_expect_str_eq(n.party_age_from, "2021-11-01");
  m.status = "预备党员";
  m.joined_date = "2026-02-01";
  m.probation_end = NULL;
  m.full_date = NULL;
  cr_assert_eq(member_check(&m, today, &n, p, 4), 0, "%s", p[0].message);
  cr_expect_str_eq(n.party_age_from, "");

  /* override keeps the number as typed, upper-cased */
  m = base_record();
  m.id_number = "110105194912310021";
  m.id_override = true;
  m.id_override_reason = "原档案号码";
  cr_assert_eq(member_check(&m, today, &n, p, 4), 0, "%s", p[0].message);
  cr_expect_str_eq(n.id_number, "110105194912310021");
  cr_expect_str_eq(n.gender, "女"); /* as entered */
  cr_expect_str_eq(n.birth_date, "1949-12-31");
}

Test(member_rules, check_respects_max) {
  MemberRecord m = base_record();
  m.name = "";
  m.phone = "1";
  m.category = "x";
  MemberNormal n;
  MemberProblem p[1];
  cr_expect_eq(member_check(&m, today, &n, p, 1), 1);
  cr_expect_str_eq(p[0].field, "姓名");
  cr_expect_eq(member_check(&m, today, &n, NULL, 0), 0);
}

/* ---- derived fields ---------------------------------------------------------------------- */

Test(member_rules, age) {
  static const struct {
    const char *birth;
    Date on;
    int want;
  } cases[] = {
      {"1949-12-31", {2026, 12, 30}, 76}, {"1949-12-31", {2026, 12, 31}, 77},
      {"2000-02-29", {2026, 2, 28}, 26},  {"2000-02-29", {2026, 2, 27}, 25},
      {"2000-02-29", {2028, 2, 28}, 27},  {"2000-02-29", {2028, 2, 29}, 28},
      {"2030-01-01", {2026, 11, 27}, -1}, {NULL, {2026, 11, 27}, -1},
      {"", {2026, 11, 27}, -1},           {"1949-02-30", {2026, 11, 27}, -1},
      {"1949/12/31", {2026, 11, 27}, -1},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_expect_eq(member_age(cases[i].birth, cases[i].on), cases[i].want, "age(%s)",
                 cases[i].birth ? cases[i].birth : "NULL");
  }
}

Test(member_rules, standing_years) {
  static const struct {
    const char *status, *joined, *ext, *full;
    Date on;
    int want;
  } cases[] = {
      /* 党龄 from joined + 1 year, not from the 转正 date */
      {"正式党员", "2000-07-01", NULL, "2001-08-15", {2026, 6, 30}, 24},
      {"正式党员", "2000-07-01", NULL, "2001-08-15", {2026, 7, 1}, 25},
      /* extended probation: from the end of the extension */
      {"正式党员", "2000-07-01", "2001-12-31", "2002-01-10", {2026, 7, 1}, 24},
      {"正式党员", "2000-07-01", "2001-12-31", "2002-01-10", {2026, 12, 31}, 25},
      /* a 预备党员 has none */
      {"预备党员", "2026-01-01", NULL, NULL, {2026, 11, 27}, -1},
      {"预备党员", "1990-01-01", NULL, NULL, {2026, 11, 27}, -1},
      /* unknown joined date: the 转正 date stands in */
      {"正式党员", NULL, NULL, "2001-07-05", {2026, 7, 5}, 25},
      {"正式党员", NULL, NULL, NULL, {2026, 7, 5}, -1},
      {NULL, "2000-07-01", NULL, NULL, {2026, 7, 5}, -1},
      /* before the probation ended: none yet */
      {"正式党员", "2026-03-01", NULL, NULL, {2026, 11, 27}, -1},
      /* the first day counts 0 */
      {"正式党员", "2025-11-27", NULL, NULL, {2026, 11, 27}, 0},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_expect_eq(member_standing_years(cases[i].status, cases[i].joined, cases[i].ext,
                                       cases[i].full, cases[i].on),
                 cases[i].want, "case %zu", i);
  }
}

Test(member_rules, can_vote) {
  static const struct {
    const char *status, *standing;
    bool want;
  } cases[] = {
      {"正式党员", "正常", true},      {"正式党员", NULL, true},    {"正式党员", "", true},
      {"正式党员", "停止党籍", false}, {"预备党员", "正常", false}, {NULL, "正常", false},
      {"党员", "正常", false},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_expect_eq(member_can_vote(cases[i].status, cases[i].standing), cases[i].want, "case %zu", i);
  }
}

/* member_years_ago agrees with idcard_age everywhere near the threshold. */
Test(member_rules, years_ago_matches_age) {
  static const Date days[] = {{2026, 11, 27}, {2026, 2, 28}, {2028, 2, 29}, {2028, 2, 28},
                              {2027, 3, 1},   {2026, 1, 1},  {2026, 12, 31}};
  static const int years[] = {0, 1, 4, 18, 30, 31, 35, 36, 60, 61, 100};
  for (size_t i = 0; i < N_ELEMS(days); i++) {
    for (size_t k = 0; k < N_ELEMS(years); k++) {
      char t[DATE_ISO_SIZE];
      member_years_ago(days[i], years[k], t);
      Date threshold;
      cr_assert_eq(date_parse(t, strlen(t), &threshold, NULL), 0);
      for (int off = -400; off <= 400; off++) {
        Date b = date_add_days(threshold, off);
        char bs[DATE_ISO_SIZE];
        date_format_iso(b, bs);
        int age = idcard_age(b, days[i]);
        bool by_age = age >= years[k];
        bool by_text = strcmp(bs, t) <= 0;
        cr_expect_eq(by_age, by_text, "today %d-%d-%d, %d years, born %s: age %d, threshold %s",
                     days[i].y, days[i].m, days[i].d, years[k], bs, age, t);
      }
    }
  }
}

Test(member_rules, age_bands) {
  static const struct {
    int age, band;
  } cases[] = {{-1, -1}, {0, 0},  {18, 0}, {30, 0}, {31, 1}, {35, 1}, {36, 2},
               {40, 2},  {41, 3}, {45, 3}, {46, 4}, {50, 4}, {51, 5}, {55, 5},
               {56, 6},  {60, 6}, {61, 7}, {90, 7}, {120, 7}};
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_expect_eq(member_age_band(cases[i].age), cases[i].band, "age %d", cases[i].age);
  }
  for (int i = 0; i < 8; i++) {
    cr_expect_not_null(member_age_bands[i]);
  }
  cr_expect_null(member_age_bands[8]);
}

Test(member_rules, join_periods) {
  static const struct {
    const char *joined;
    int period;
  } cases[] = {
      {"1921-07-01", 0}, {"1949-09-30", 0}, {"1949-10-01", 1}, {"1978-12-17", 1},
      {"1978-12-18", 2}, {"2012-11-07", 2}, {"2012-11-08", 3}, {"2026-01-01", 3},
      {NULL, -1},        {"", -1},          {"1978-12", -1},   {"1978-13-01", -1},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_expect_eq(member_join_period(cases[i].joined), cases[i].period, "%s",
                 cases[i].joined ? cases[i].joined : "NULL");
  }
}

Test(member_rules, secretary_vacancy) {
  static const struct {
    bool in_office;
    const char *last_end;
    Date on;
    bool want;
  } cases[] = {
      {true, NULL, {2026, 11, 27}, false},
      {true, "2020-01-01", {2026, 11, 27}, false},
      {false, NULL, {2026, 11, 27}, true},          /* never a 书记 */
      {false, "2026-08-27", {2026, 11, 27}, false}, /* exactly 3 months */
      {false, "2026-08-27", {2026, 11, 28}, true},
      {false, "2026-08-31", {2026, 11, 30}, false}, /* 08-31 + 3 months = 11-30 */
      {false, "2026-08-31", {2026, 12, 1}, true},
      {false, "2026-06-27", {2026, 11, 27}, true}, /* five months */
      {false, "2026-11-01", {2026, 11, 27}, false},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_expect_eq(
        member_secretary_vacant_too_long(cases[i].in_office, cases[i].last_end, cases[i].on),
        cases[i].want, "case %zu", i);
  }
}

Test(member_rules, position_check) {
  static const struct {
    const char *body, *title;
    bool ok;
  } cases[] = {
      {"支部委员会", "书记", true},
      {"党委", "书记", true},
      {"支部委员会", "组织委员", true},
      {"村民委员会", "村委会主任", true},
      {"村民委员会", "书记", false},
      {"支部委员会", "村委会主任", false},
      {"村务监督委员会", "监委会主任", true},
      {"村务监督委员会", "委员", false},
      {"驻村工作队", "第一书记", true},
      {"支部委员会", "第一书记", false},
      {"党小组", "党小组长", true},
      {"党小组", "书记", false},
      {"居委会", "书记", false},
      {"支部委员会", "主任", false},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    const char *why = member_position_check(cases[i].body, cases[i].title);
    cr_expect_eq(why == NULL, cases[i].ok, "%s %s: %s", cases[i].body, cases[i].title,
                 why ? why : "ok");
  }
}

Test(member_rules, enums) {
  cr_expect(member_enum_has(member_categories, "下岗失业"));
  cr_expect_not(member_enum_has(member_categories, "工人"));
  cr_expect_not(member_enum_has(member_categories, NULL));
  cr_expect_str_eq(member_enum_label(member_contact_kinds, member_contact_labels, "section_chief"),
                   "科级干部包抓");
  cr_expect_str_eq(
      member_enum_label(member_responsibility_levels, member_responsibility_labels, "specific"),
      "具体责任人");
  cr_expect_null(member_enum_label(member_contact_kinds, member_contact_labels, "boss"));
}

/* ---- store ------------------------------------------------------------------------------ */

static char tmp_dir[FIXTURE_DIR_SIZE];
static Db *db;
/* orgs: district ─ town A ─ branch A1 ─ group A1G; A ─ A2; district ─ town B ─ B1 */
static int64_t district, town_a, town_b, a1, a1g, a2, b1;
static Scope scope_all, scope_a, scope_b, scope_a1_b1;

/* An org with no code and its 换届 term starting on term (may be NULL). */
static int64_t add_org(int64_t parent, const char *kind, const char *name, const char *term) {
  OrgNew o = {
      .parent_id = parent, .kind = kind, .name = name, .short_name = name, .term_start = term};
  return fixture_org_new(db, &o);
}

static void store_setup(void) {
  db = fixture_db_open(tmp_dir, "member");
  memset(&scope_all, 0, sizeof scope_all);
  memset(&scope_a, 0, sizeof scope_a);
  memset(&scope_b, 0, sizeof scope_b);
  memset(&scope_a1_b1, 0, sizeof scope_a1_b1);
  scope_add(&scope_all, "/");
  district = add_org(0, "district", "青山区委", "2021-05-01");
  town_a = add_org(district, "town", "城关镇党委", "2021-05-01");
  town_b = add_org(district, "town", "新华镇党委", "2021-05-01");
  a1 = add_org(town_a, "village", "王家庄村党支部", "2024-03-01");
  a1g = add_org(a1, "group", "第一党小组", NULL);
  a2 = add_org(town_a, "village", "李家沟村党支部", "2019-04-15");
  b1 = add_org(town_b, "community", "东关社区党支部", "2024-03-01");
  fixture_scope(db, &scope_a, town_a);
  fixture_scope(db, &scope_b, town_b);
  fixture_scope(db, &scope_a1_b1, a1);
  fixture_scope(db, &scope_a1_b1, b1);
}

static void store_teardown(void) {
  scope_free(&scope_all);
  scope_free(&scope_a);
  scope_free(&scope_b);
  scope_free(&scope_a1_b1);
  fixture_db_close(db, tmp_dir);
}

TestSuite(member_store, .init = store_setup, .fini = store_teardown);

/* A member for the store tests. */
typedef struct Spec {
  const char *name, *birth; /* 'YYYYMMDD' */
  bool male;
  const char *category, *status, *joined, *full;
  bool lost, flowing;
  const char *education, *ethnicity;
  int seq;
} Spec;

static int save(const Scope *scope, int64_t org, const Spec *s, int64_t *id, bool *updated,
                char id_out[19]) {
  char idn[19], birth[DATE_ISO_SIZE];
  make_id("620702", s->birth, s->seq, s->male, idn);
  snprintf(birth, sizeof birth, "%.4s-%.2s-%.2s", s->birth, s->birth + 4, s->birth + 6);
  MemberRecord m = {.name = s->name,
                    .gender = s->male ? "男" : "女",
                    .ethnicity = s->ethnicity ? s->ethnicity : "汉族",
                    .education = s->education,
                    .id_number = idn,
                    .birth_date = birth,
                    .category = s->category ? s->category : "农民",
                    .status = s->status ? s->status : "正式党员",
                    .joined_date = s->joined,
                    .full_date = s->full,
                    .lost_contact = s->lost,
                    .lost_date = s->lost ? "2025-01-01" : NULL,
                    .flowing = s->flowing,
                    .flow_destination = s->flowing ? "新疆乌鲁木齐市" : NULL};
  MemberNormal n;
  MemberProblem p[4];
  int np = member_check(&m, today, &n, p, 4);
  cr_assert_eq(np, 0, "%s: %s", s->name, np ? p[0].message : "");
  if (id_out) {
    memcpy(id_out, n.id_number, 19);
  }
  bool upd = false;
  int64_t mid = 0;
  int rc = member_save(db, scope, org, &m, &n, 100, &mid, &upd);
  if (id) {
    *id = mid;
  }
  if (updated) {
    *updated = upd;
  }
  return rc;
}

Test(member_store, save_and_upsert) {
  Spec s = {.name = "王建国",
            .birth = "19600315",
            .male = true,
            .joined = "1985-06-01",
            .full = "1986-06-01",
            .seq = 1};
  int64_t id = 0;
  bool updated = true;
  char idn[19];
  cr_assert_eq(save(&scope_a, a1, &s, &id, &updated, idn), DB_OK);
  cr_expect_gt(id, 0);
  cr_expect_not(updated);
  json_t *m = member_get(db, &scope_a, id);
  cr_assert_not_null(m);
  cr_expect_str_eq(json_string_value(json_object_get(m, "name")), "王建国");
  cr_expect_str_eq(json_string_value(json_object_get(m, "id_number")), idn);
  cr_expect_str_eq(json_string_value(json_object_get(m, "party_age_from")), "1986-06-01");
  cr_expect(json_is_true(json_object_get(m, "can_vote")));
  cr_expect(json_is_array(json_object_get(m, "positions")));
  json_decref(m);
  cr_expect_eq(member_by_id_number(db, &scope_a, idn), id);

  /* the same ID number again: an update, moved to A2, no new person */
  s.name = "王建国（改）";
  s.category = "离退休";
  int64_t id2 = 0;
  cr_assert_eq(save(&scope_a, a2, &s, &id2, &updated, NULL), DB_OK);
  cr_expect_eq(id2, id);
  cr_expect(updated);
  m = member_get(db, &scope_a, id);
  cr_expect_str_eq(json_string_value(json_object_get(m, "name")), "王建国（改）");
  cr_expect_str_eq(json_string_value(json_object_get(m, "category")), "离退休");
  cr_expect_eq(json_integer_value(json_object_get(m, "org_id")), a2);
  json_decref(m);
  cr_expect_eq(db_int(db, 0, "SELECT count(*) FROM person", ""), 1);
  cr_expect_eq(db_int(db, 0, "SELECT count(*) FROM member", ""), 1);
}

Test(member_store, scope_isolation) {
  Spec s = {.name = "李秀兰",
            .birth = "19700101",
            .joined = "1995-07-01",
            .full = "1996-07-01",
            .seq = 2};
  int64_t id = 0;
  char idn[19];
  cr_assert_eq(save(&scope_a, a1, &s, &id, NULL, idn), DB_OK);

  /* town B sees nothing of it */
  cr_expect_null(member_get(db, &scope_b, id));
  cr_expect_eq(member_by_id_number(db, &scope_b, idn), 0);
  int total = -1;
  MemberFilter f = {0};
  json_t *rows = member_list(db, &scope_b, &f, today, &total);
  cr_expect_eq(total, 0);
  cr_expect_eq(json_array_size(rows), 0);
  json_decref(rows);
  f.org_id = a1; /* asking for A's org from B: nothing */
  rows = member_list(db, &scope_b, &f, today, &total);
  cr_expect_eq(total, 0);
  json_decref(rows);
  cr_expect_null(member_stats(db, &scope_b, a1, today));

  /* saving the same ID number from B: a conflict that reveals nothing, nothing changed */
  s.name = "冒名";
  int64_t id2 = 99;
  bool updated = true;
  cr_expect_eq(save(&scope_b, b1, &s, &id2, &updated, NULL), DB_CONSTRAINT);
  cr_expect_eq(id2, 0);
  cr_expect_not(updated);
  json_t *m = member_get(db, &scope_a, id);
  cr_expect_str_eq(json_string_value(json_object_get(m, "name")), "李秀兰");
  cr_expect_eq(json_integer_value(json_object_get(m, "org_id")), a1);
  json_decref(m);

  /* B cannot write into A's orgs, nor update A's member */
  cr_expect_eq(save(&scope_b, a1, &s, NULL, NULL, NULL), DB_NOTFOUND);
  MemberRecord rec = {.name = "冒名",
                      .id_number = idn,
                      .category = "农民",
                      .status = "正式党员",
                      .joined_date = "1995-07-01"};
  MemberNormal n;
  MemberProblem p[4];
  cr_assert_eq(member_check(&rec, today, &n, p, 4), 0, "%s", p[0].message);
  cr_expect_eq(member_update(db, &scope_b, id, b1, &rec, &n, 200), DB_NOTFOUND);
  cr_expect_eq(member_update(db, &scope_a, id, b1, &rec, &n, 200), DB_NOTFOUND);
  cr_expect_eq(member_update(db, &scope_a, id, a2, &rec, &n, 200), DB_OK);
  m = member_get(db, &scope_a, id);
  cr_expect_str_eq(json_string_value(json_object_get(m, "name")), "冒名");
  json_decref(m);
  cr_expect_eq(db_int(db, 0, "SELECT count(*) FROM person", ""), 1);
}

Test(member_store, update_to_taken_id_number) {
  Spec s1 = {.name = "甲", .birth = "19700101", .joined = "1995-07-01", .seq = 3};
  Spec s2 = {.name = "乙", .birth = "19710101", .joined = "1995-07-01", .seq = 4};
  int64_t id1, id2;
  char idn1[19];
  cr_assert_eq(save(&scope_a, a1, &s1, &id1, NULL, idn1), DB_OK);
  cr_assert_eq(save(&scope_a, a1, &s2, &id2, NULL, NULL), DB_OK);
  MemberRecord rec = {.name = "乙",
                      .id_number = idn1,
                      .category = "农民",
                      .status = "正式党员",
                      .joined_date = "1995-07-01"};
  MemberNormal n;
  MemberProblem p[4];
  cr_assert_eq(member_check(&rec, today, &n, p, 4), 0, "%s", p[0].message);
  cr_expect_eq(member_update(db, &scope_a, id2, a1, &rec, &n, 200), DB_CONSTRAINT);
}

Test(member_store, adopt_person_without_membership) {
  /* a cadre known as a person only, holding a position in A1: A may adopt, B may not */
  char idn[19];
  make_id("620702", "19800101", 5, true, idn);
  MemberRecord rec = {.name = "赵干部",
                      .id_number = idn,
                      .category = "在职",
                      .status = "正式党员",
                      .joined_date = "2005-07-01"};
  MemberNormal n;
  MemberProblem p[4];
  cr_assert_eq(member_check(&rec, today, &n, p, 4), 0, "%s", p[0].message);
  int64_t pid = 0;
  cr_assert_eq(member_add_person(db, &rec, &n, 1, &pid), DB_OK);
  cr_assert_eq(member_add_position(db, pid, a1, "驻村工作队", "第一书记", "2024-01-01", NULL),
               DB_OK);
  int64_t id = 0;
  bool updated = false;
  cr_expect_eq(member_save(db, &scope_b, b1, &rec, &n, 2, &id, &updated), DB_CONSTRAINT);
  cr_expect_eq(member_save(db, &scope_a, a1, &rec, &n, 2, &id, &updated), DB_OK);
  cr_expect(updated);
  cr_expect_gt(id, 0);
  cr_expect_eq(db_int(db, 0, "SELECT person_id FROM member WHERE id = ?", "i", id), pid);
}

/* The list data set: six members in A (A1, its group, A2) and one in B. */
static const Spec list_specs[] = {
    /* name, birth, male, category, status, joined, full, lost, flowing, education, ethnicity */
    {"张三", "19280501", true, "离退休", "正式党员", "1948-05-01", "1949-05-01", false, false,
     "小学及以下", "汉族", 10},
    {"李四", "19950101", false, "在职", "正式党员", "2018-07-01", "2019-07-01", false, true,
     "大学本科", "回族", 11},
    {"王五", "19900610", true, "农民", "预备党员", "2026-03-01", NULL, false, false, "高中", "汉族",
     12},
    {"赵六", "19650910", false, "农民", "正式党员", "1990-07-01", "1991-07-01", true, false, "初中",
     "汉族", 13},
    {"孙七", "19601127", true, "下岗失业", "正式党员", "1978-12-18", "1979-12-18", false, false,
     NULL, "藏族", 14},
    {"张三丰", "19961128", true, "学生", "正式党员", "2015-05-01", "2016-05-01", false, false,
     "研究生", "汉族", 15},
};

static void add_list_data(int64_t ids[7]) {
  const int64_t orgs[6] = {a1, a1, a1g, a2, a2, a1g};
  for (size_t i = 0; i < N_ELEMS(list_specs); i++) {
    cr_assert_eq(save(&scope_a, orgs[i], &list_specs[i], &ids[i], NULL, NULL), DB_OK, "%s",
                 list_specs[i].name);
  }
  Spec other = {.name = "钱八",
                .birth = "19800101",
                .male = true,
                .joined = "2005-07-01",
                .full = "2006-07-01",
                .seq = 16};
  cr_assert_eq(save(&scope_b, b1, &other, &ids[6], NULL, NULL), DB_OK);
}

/* The names of a list result joined by ",". */
static void names_of(json_t *rows, char *out, size_t cap) {
  out[0] = '\0';
  size_t k = 0;
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    int w = snprintf(out + k, cap - k, "%s%s", i ? "," : "",
                     json_string_value(json_object_get(row, "name")));
    if (w < 0 || (size_t)w >= cap - k) {
      break;
    }
    k += (size_t)w;
  }
}

Test(member_store, list_filters) {
  int64_t ids[7];
  add_list_data(ids);
  static const struct {
    const char *label;
    MemberFilter f;
    int total;
    const char *names; /* in order */
  } cases[] = {
      /* name order is pinyin (GB18030 key): 李 C0EE < 孙 CBEF < 王 CDF5 < 张 D5C5 < 赵 D5D4 */
      {"all of A by name", {0}, 6, "李四,孙七,王五,张三,张三丰,赵六"},
      {"subtree of A1 includes its group", {.org_id = 0}, 6, NULL},
      {"category 农民", {.category = "农民"}, 2, "王五,赵六"},
      {"status 预备党员", {.status = "预备党员"}, 1, "王五"},
      {"age ≤30", {.age_max = 30}, 1, "张三丰"},
      /* 孙七 born 1960-11-27 is 66 today; 张三 98; 赵六 61 */
      {"age ≥61", {.age_min = 61}, 3, "孙七,张三,赵六"},
      {"age 31–35", {.age_min = 31, .age_max = 35}, 1, "李四"},
      {"age 36–40", {.age_min = 36, .age_max = 40}, 1, "王五"},
      /* 张三丰 turns 30 tomorrow: still 29 */
      {"age 29–29", {.age_min = 29, .age_max = 29}, 1, "张三丰"},
      /* 党龄: 张三 from 1949-05-01 (77), 孙七 from 1979-12-18 (46), 赵六 1991 (35),
       * 张三丰 2016-05-01 (10), 李四 2019-07-01 (7) */
      {"党龄 ≥50", {.standing_min = 50}, 1, "张三"},
      {"党龄 5–9", {.standing_min = 5, .standing_max = 9}, 1, "李四"},
      {"党龄 0–4 (full members only)", {.standing_max = 4}, 0, ""},
      {"党龄 10–49", {.standing_min = 10, .standing_max = 49}, 3, "孙七,张三丰,赵六"},
      {"flowing", {.only_flowing = true}, 1, "李四"},
      {"lost", {.only_lost = true}, 1, "赵六"},
      {"q name contains", {.q = "三"}, 2, "张三,张三丰"},
      {"q name with LIKE characters", {.q = "%"}, 0, ""},
      {"sort joined", {.sort = "joined"}, 6, "张三,孙七,赵六,张三丰,李四,王五"},
      {"sort birth", {.sort = "birth"}, 6, "张三,孙七,赵六,王五,李四,张三丰"},
      {"page 2 of 2-row pages", {.limit = 2, .offset = 2}, 6, "王五,张三"},
      {"page past the end", {.limit = 2, .offset = 10}, 6, ""},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    MemberFilter f = cases[i].f;
    if (i == 1) {
      f.org_id = town_a;
    }
    int total = -1;
    json_t *rows = member_list(db, &scope_a, &f, today, &total);
    cr_assert_not_null(rows, "%s", cases[i].label);
    cr_expect_eq(total, cases[i].total, "%s: total %d", cases[i].label, total);
    if (cases[i].names) {
      char got[256];
      names_of(rows, got, sizeof got);
      cr_expect_str_eq(got, cases[i].names, "%s", cases[i].label);
    }
    json_decref(rows);
  }
  /* subtree filters */
  MemberFilter f = {.org_id = a1};
  int total;
  json_t *rows = member_list(db, &scope_a, &f, today, &total);
  cr_expect_eq(total, 4, "A1 with its group");
  json_decref(rows);
  f.org_id = a1g;
  rows = member_list(db, &scope_a, &f, today, &total);
  cr_expect_eq(total, 2, "the group alone");
  json_decref(rows);
  /* q: the ID number's tail, lower-case x accepted */
  json_t *one = member_get(db, &scope_a, ids[1]);
  char tail[8];
  snprintf(tail, sizeof tail, "%s", json_string_value(json_object_get(one, "id_number")) + 12);
  json_decref(one);
  f = (MemberFilter){.q = tail};
  rows = member_list(db, &scope_a, &f, today, &total);
  cr_expect_geq(total, 1);
  cr_expect_eq(json_integer_value(json_object_get(json_array_get(rows, 0), "id")), ids[1]);
  /* derived fields */
  cr_expect_eq(json_integer_value(json_object_get(json_array_get(rows, 0), "age")), 31);
  cr_expect_eq(json_integer_value(json_object_get(json_array_get(rows, 0), "party_years")), 7);
  json_decref(rows);
}

Test(member_store, list_over_several_ranges) {
  int64_t ids[7];
  add_list_data(ids);
  /* A1 (with its group: 张三, 李四, 王五, 张三丰) and B1 (钱八), merged in pinyin order */
  static const struct {
    int limit, offset;
    const char *names;
  } pages[] = {{0, 0, "李四,钱八,王五,张三,张三丰"},
               {2, 0, "李四,钱八"},
               {2, 2, "王五,张三"},
               {2, 4, "张三丰"},
               {2, 6, ""}};
  for (size_t i = 0; i < N_ELEMS(pages); i++) {
    MemberFilter f = {.limit = pages[i].limit, .offset = pages[i].offset};
    int total = -1;
    json_t *rows = member_list(db, &scope_a1_b1, &f, today, &total);
    cr_assert_not_null(rows);
    cr_expect_eq(total, 5);
    char got[256];
    names_of(rows, got, sizeof got);
    cr_expect_str_eq(got, pages[i].names, "page %zu", i);
    json_decref(rows);
  }
  MemberFilter f = {.sort = "joined"};
  int total;
  json_t *rows = member_list(db, &scope_a1_b1, &f, today, &total);
  char got[256];
  names_of(rows, got, sizeof got);
  cr_expect_str_eq(got, "张三,钱八,张三丰,李四,王五");
  json_decref(rows);
}

static int64_t arr(json_t *o, const char *key, size_t i) {
  return json_integer_value(json_array_get(json_object_get(o, key), i));
}

static int64_t num(json_t *o, const char *key) {
  return json_integer_value(json_object_get(o, key));
}

Test(member_store, stats) {
  int64_t ids[7];
  add_list_data(ids);
  json_t *s = member_stats(db, &scope_a, 0, today);
  cr_assert_not_null(s);
  cr_expect_eq(num(s, "total"), 6);
  cr_expect_eq(num(s, "full"), 5);
  cr_expect_eq(num(s, "probationary"), 1);
  cr_expect_eq(num(s, "female"), 2);
  cr_expect_eq(num(s, "minority"), 2);
  cr_expect_eq(num(s, "flowing"), 1);
  cr_expect_eq(num(s, "lost"), 1);
  cr_expect_eq(num(s, "age_unknown"), 0);
  /* ages: 张三 98, 李四 31, 王五 36, 赵六 61, 孙七 66, 张三丰 29 */
  static const int64_t bands[8] = {1, 1, 1, 0, 0, 0, 0, 3};
  for (size_t i = 0; i < 8; i++) {
    cr_expect_eq(arr(s, "age_bands", i), bands[i], "band %zu", i);
  }
  /* joined: 1948 建国前; 1978-12-18 三中全会后; 1990; 2015, 2018, 2026 十八大以来 */
  static const int64_t periods[4] = {1, 0, 2, 3};
  for (size_t i = 0; i < 4; i++) {
    cr_expect_eq(arr(s, "join_periods", i), periods[i], "period %zu", i);
  }
  cr_expect_eq(num(json_object_get(s, "category"), "农民"), 2);
  cr_expect_eq(num(json_object_get(s, "education"), "未填写"), 1);
  cr_expect_eq(num(json_object_get(s, "education"), "研究生"), 1);
  json_decref(s);

  /* a subtree, and the whole scope of an administrator */
  s = member_stats(db, &scope_a, a1g, today);
  cr_expect_eq(num(s, "total"), 2);
  json_decref(s);
  s = member_stats(db, &scope_all, 0, today);
  cr_expect_eq(num(s, "total"), 7);
  json_decref(s);
  s = member_stats(db, &scope_a1_b1, 0, today);
  cr_expect_eq(num(s, "total"), 5);
  json_decref(s);
}

Test(member_store, counts_positions_chain_contacts) {
  int64_t ids[7];
  add_list_data(ids);
  int members = -1, full = -1;
  cr_expect_eq(member_counts(db, a1, &members, &full), DB_OK);
  cr_expect_eq(members, 4);
  cr_expect_eq(full, 3);
  cr_expect_eq(member_counts(db, 999999, &members, &full), DB_NOTFOUND);

  int64_t p[6];
  for (int i = 0; i < 6; i++) {
    p[i] = db_int(db, 0, "SELECT person_id FROM member WHERE id = ?", "i", ids[i]);
  }
  const char *t = "2026-11-27";
  cr_expect_not(member_has_committee(db, a1, t));
  cr_assert_eq(member_add_position(db, p[0], a1, "支部委员会", "书记", "2024-03-01", NULL), DB_OK);
  cr_assert_eq(member_add_position(db, p[0], a1, "村民委员会", "村委会主任", "2024-03-01", NULL),
               DB_OK);
  cr_assert_eq(member_add_position(db, p[1], a1, "支部委员会", "组织委员", "2024-03-01", NULL),
               DB_OK);
  /* an ended term does not count */
  cr_assert_eq(
      member_add_position(db, p[3], a1, "支部委员会", "宣传委员", "2019-03-01", "2024-02-29"),
      DB_OK);
  cr_expect_not(member_has_committee(db, a1, t));
  cr_assert_eq(member_add_position(db, p[5], a1, "支部委员会", "宣传委员", "2024-03-01", NULL),
               DB_OK);
  cr_expect(member_has_committee(db, a1, t));
  OrgCounts c;
  cr_expect_eq(member_org_counts(db, a1, t, &c), DB_OK);
  cr_expect_eq(c.members, 4);
  cr_expect_eq(c.full_members, 3);
  cr_expect(c.has_committee);
  cr_expect_eq(member_add_position(db, p[0], a1, "支部委员会", "村委会主任", "2024-03-01", NULL),
               DB_CONSTRAINT);

  json_t *pos = member_positions(db, &scope_a, a1, true, t);
  cr_assert_not_null(pos);
  cr_expect_eq(json_array_size(pos), 4);
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(pos, 0), "title")), "书记");
  json_decref(pos);
  pos = member_positions(db, &scope_a, a1, false, t);
  cr_expect_eq(json_array_size(pos), 5);
  json_decref(pos);
  cr_expect_null(member_positions(db, &scope_b, a1, true, t));

  cr_assert_eq(member_add_responsibility(db, a1, "specific", p[5], "2024-03-01"), DB_OK);
  cr_assert_eq(member_add_responsibility(db, a1, "first", p[0], "2024-03-01"), DB_OK);
  json_t *chain = member_chain(db, &scope_a, a1, t);
  cr_assert_eq(json_array_size(chain), 2);
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(chain, 0), "level_label")),
                   "第一责任人");
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(chain, 0), "name")), "张三");
  json_decref(chain);
  cr_expect_null(member_chain(db, &scope_b, a1, t));

  cr_assert_eq(member_assign_contact(db, p[3], 0, a1, "village_leader", "2024-01-01", NULL), DB_OK);
  cr_assert_eq(member_assign_contact(db, p[4], 0, a1, "resident_cadre", "2020-01-01", "2023-12-31"),
               DB_OK);
  json_t *contacts = member_contacts(db, &scope_a, a1, t);
  cr_assert_eq(json_array_size(contacts), 1);
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(contacts, 0), "kind_label")),
                   "包村领导");
  cr_expect_str_eq(json_string_value(json_object_get(json_array_get(contacts, 0), "name")), "赵六");
  json_decref(contacts);

  json_t *lead = member_leadership(db, &scope_a, a1, today);
  cr_assert_not_null(lead);
  cr_expect_not(json_is_true(json_object_get(lead, "secretary_vacant")));
  cr_expect(json_is_true(json_object_get(lead, "one_shoulder")));
  cr_expect_eq(num(lead, "committee_size"), 3);
  cr_expect(json_is_true(json_object_get(lead, "has_committee")));
  cr_expect_str_eq(json_string_value(json_object_get(lead, "term_due")), "2029-03-01");
  cr_expect_not(json_is_true(json_object_get(lead, "term_expired")));
  json_decref(lead);
}

Test(member_store, leadership_findings) {
  int64_t ids[7];
  add_list_data(ids);
  int64_t p0 = db_int(db, 0, "SELECT person_id FROM member WHERE id = ?", "i", ids[0]);
  int64_t p3 = db_int(db, 0, "SELECT person_id FROM member WHERE id = ?", "i", ids[3]);
  /* A1: the 书记 left five months ago; A2: the 书记 left a month ago, term from 2019 */
  cr_assert_eq(member_add_position(db, p0, a1, "支部委员会", "书记", "2024-03-01", "2026-06-27"),
               DB_OK);
  cr_assert_eq(member_add_position(db, p3, a2, "支部委员会", "书记", "2019-04-15", "2026-10-27"),
               DB_OK);
  /* towns A and B have 书记 */
  cr_assert_eq(member_add_position(db, p3, town_a, "党委", "书记", "2021-05-01", NULL), DB_OK);
  json_t *lead = member_leadership(db, &scope_a, a1, today);
  cr_expect(json_is_true(json_object_get(lead, "secretary_vacant")));
  cr_expect(json_is_true(json_object_get(lead, "vacant_too_long")));
  cr_expect_str_eq(json_string_value(json_object_get(lead, "vacant_since")), "2026-06-28");
  cr_expect(json_is_null(json_object_get(lead, "secretary")));
  json_decref(lead);
  lead = member_leadership(db, &scope_a, a2, today);
  cr_expect(json_is_true(json_object_get(lead, "secretary_vacant")));
  cr_expect_not(json_is_true(json_object_get(lead, "vacant_too_long")));
  cr_expect(json_is_true(json_object_get(lead, "term_expired")));
  cr_expect_str_eq(json_string_value(json_object_get(lead, "term_due")), "2024-04-15");
  json_decref(lead);
  cr_expect_null(member_leadership(db, &scope_b, a1, today));

  json_t *f = member_findings(db, &scope_a, 0, today);
  cr_assert_not_null(f);
  char got[512] = "";
  size_t k = 0, i;
  json_t *row;
  json_array_foreach(f, i, row) {
    k += (size_t)snprintf(got + k, sizeof got - k, "%s%s:%s", i ? "," : "",
                          json_string_value(json_object_get(row, "org_name")),
                          json_string_value(json_object_get(row, "finding")));
  }
  /* town A: 书记 in office, term 2021 + 5 = 2026-05-01 passed; A1 vacant > 3 months; A2 term */
  cr_expect_str_eq(got, "城关镇党委:term_expired,王家庄村党支部:secretary_vacant,"
                        "李家沟村党支部:term_expired");
  json_decref(f);
  f = member_findings(db, &scope_b, a1, today);
  cr_expect_null(f);
}
