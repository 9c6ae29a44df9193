/*
 * member_view.c: pure helpers of the roster pages — the age and 党龄 filter bands, the map
 * from member_check's field names to form parameters, and shares. No I/O, no SQL.
 */
#include <stdio.h>
#include <string.h>

#include "member/member_pages.h"
#include "base/banned.h"

/* The national statistics buckets (DOMAIN.md §8): ≤30, 31–35, …, 56–60, ≥61. */
const MemberBand member_age_filter_bands[] = {
    {"0-30", "30岁及以下", 0, 30}, {"31-35", "31–35岁", 31, 35}, {"36-40", "36–40岁", 36, 40},
    {"41-45", "41–45岁", 41, 45},  {"46-50", "46–50岁", 46, 50}, {"51-55", "51–55岁", 51, 55},
    {"56-60", "56–60岁", 56, 60},  {"61-", "61岁及以上", 61, 0}, {NULL, NULL, 0, 0},
};

const char *const member_age_band_codes[] = {"0-30",  "31-35", "36-40", "41-45", "46-50",
                                             "51-55", "56-60", "61-",   NULL};

/* 党龄 bands; "50-" is the 光荣在党50年 threshold. */
const MemberBand member_years_filter_bands[] = {
    {"0-4", "不满5年", 0, 4},     {"5-9", "5–9年", 5, 9},       {"10-19", "10–19年", 10, 19},
    {"20-29", "20–29年", 20, 29}, {"30-39", "30–39年", 30, 39}, {"40-49", "40–49年", 40, 49},
    {"50-", "50年及以上", 50, 0}, {NULL, NULL, 0, 0},
};

const char *const member_years_band_codes[] = {"0-4",   "5-9",   "10-19", "20-29",
                                               "30-39", "40-49", "50-",   NULL};

const MemberBand *member_band_find(const MemberBand *bands, const char *code) {
  for (const MemberBand *b = bands; code && b->code; b++) {
    if (strcmp(b->code, code) == 0) {
      return b;
    }
  }
  return NULL;
}

/* Roster column names (DOMAIN.md §0.3, as member_check reports them, with the variants an
 * import might use) → the form's parameter names. */
static const struct {
  const char *field;
  const char *param;
} field_params[] = {
    {"姓名", "name"},
    {"公民身份证号", "id_number"},
    {"身份证号", "id_number"},
    {"公民身份证号码", "id_number"},
    {"身份证号例外说明", "id_override_reason"},
    {"例外说明", "id_override_reason"},
    {"性别", "gender"},
    {"民族", "ethnicity"},
    {"出生日期", "birth_date"},
    {"学历", "education"},
    {"人员类别", "category"},
    {"党员类别", "status"},
    {"党员状态", "status"},
    {"党员身份", "status"},
    {"政治面貌", "status"},
    {"加入党组织日期", "joined_date"},
    {"入党日期", "joined_date"},
    {"转为正式党员日期", "full_date"},
    {"转正日期", "full_date"},
    {"预备期满日期", "probation_end"},
    {"预备期满之日", "probation_end"},
    {"工作岗位", "work_post"},
    {"手机号", "phone"},
    {"手机号码", "phone"},
    {"联系电话", "phone"},
    {"固定电话", "landline"},
    {"家庭住址", "address"},
    {"党籍状态", "standing"},
    {"是否为失联党员", "lost_contact"},
    {"失联", "lost_contact"},
    {"失去联系日期", "lost_date"},
    {"失联日期", "lost_date"},
    {"是否为流动党员", "flowing"},
    {"外出流向", "flow_destination"},
};

const char *member_field_param(const char *field) {
  for (size_t i = 0; field && i < sizeof field_params / sizeof *field_params; i++) {
    if (strcmp(field_params[i].field, field) == 0) {
      return field_params[i].param;
    }
  }
  return NULL;
}

void member_share(int n, int total, char out[16]) {
  if (total <= 0 || n < 0) {
    snprintf(out, 16, "—");
    return;
  }
  /* One decimal, rounded half up, without floating point. */
  long long tenths = ((long long)n * 1000 + total / 2) / total;
  snprintf(out, 16, "%lld.%lld%%", tenths / 10, tenths % 10);
}
