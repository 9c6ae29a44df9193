/* Pure rules of ID numbers, phone numbers, age and 党龄 (DOMAIN.md §8, §9). No I/O, no SQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "member/idcard.h"
#include "base/banned.h"

/* Per-thread reason buffers (see idcard.h): one per reporting function. */
#define REASON_SIZE 96
static _Thread_local char normalize_reason[REASON_SIZE];
static _Thread_local char against_reason[REASON_SIZE];

static int fail(const char **why, const char *reason) {
  if (why) {
    *why = reason;
  }
  return -1;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* ---- provinces ---------------------------------------------------------------------------- */

static const struct {
  int code;
  const char *name;
} provinces[] = {
    {11, "北京"}, {12, "天津"},   {13, "河北"}, {14, "山西"}, {15, "内蒙古"}, {21, "辽宁"},
    {22, "吉林"}, {23, "黑龙江"}, {31, "上海"}, {32, "江苏"}, {33, "浙江"},   {34, "安徽"},
    {35, "福建"}, {36, "江西"},   {37, "山东"}, {41, "河南"}, {42, "湖北"},   {43, "湖南"},
    {44, "广东"}, {45, "广西"},   {46, "海南"}, {50, "重庆"}, {51, "四川"},   {52, "贵州"},
    {53, "云南"}, {54, "西藏"},   {61, "陕西"}, {62, "甘肃"}, {63, "青海"},   {64, "宁夏"},
    {65, "新疆"}, {71, "台湾"},   {81, "香港"}, {82, "澳门"}, {83, "台湾"},
};

const char *idcard_province_name(int code) {
  for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++) {
    if (provinces[i].code == code) {
      return provinces[i].name;
    }
  }
  return NULL;
}

/* ---- check character ---------------------------------------------------------------------- */

char idcard_check_char(const char *d17) {
  static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char check[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; i++) {
    if (!is_digit(d17[i])) {
      return '\0';
    }
    sum += (d17[i] - '0') * weights[i];
  }
  return check[sum % 11];
}

/* ---- normalisation ------------------------------------------------------------------------ */

/* Folds full-width ASCII in in[0..n), trims it and removes the ASCII spaces left inside.
 * Returns a malloc'd string, or NULL for invalid UTF-8 or a NUL byte. */
static char *clean_copy(const char *in, size_t n) {
  char *folded = utf8_fold_width(in, n);
  if (!folded) {
    return NULL;
  }
  char *trimmed = utf8_trim(folded, strlen(folded));
  free(folded);
  if (!trimmed) {
    return NULL;
  }
  size_t w = 0;
  for (size_t r = 0; trimmed[r]; r++) {
    if (trimmed[r] != ' ') {
      trimmed[w++] = trimmed[r];
    }
  }
  trimmed[w] = '\0';
  return trimmed;
}

static int digits_value(const char *s, int count) {
  int v = 0;
  for (int i = 0; i < count; i++) {
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

/* Validates the 17 (or 18, with check) characters in id, all digits except possibly id[17]. */
static int validate18(const char *id, bool has_check, Date today, IdcardInfo *info,
                      const char **why) {
  int province = digits_value(id, 2);
  if (!idcard_province_name(province)) {
    snprintf(normalize_reason, sizeof normalize_reason, "地址码不是有效的省份代码：%.2s", id);
    return fail(why, normalize_reason);
  }
  Date birth = {digits_value(id + 6, 4), digits_value(id + 10, 2), digits_value(id + 12, 2)};
  if (!date_is_valid(birth)) {
    snprintf(normalize_reason, sizeof normalize_reason, "出生日期无效：%.8s", id + 6);
    return fail(why, normalize_reason);
  }
  if (date_is_valid(today) && date_compare(birth, today) > 0) {
    return fail(why, "出生日期晚于今天");
  }
  if (birth.y < IDCARD_BIRTH_YEAR_MIN) {
    return fail(why, "出生日期早于1900年");
  }
  char want = idcard_check_char(id);
  if (has_check && id[17] != want) {
    snprintf(normalize_reason, sizeof normalize_reason, "校验码错误：最后一位应为 %c", want);
    return fail(why, normalize_reason);
  }
  if (info) {
    info->birth = birth;
    info->gender = ((id[16] - '0') % 2 == 1) ? IDCARD_MALE : IDCARD_FEMALE;
    info->gender_name = info->gender == IDCARD_MALE ? "男" : "女";
    info->province = province;
  }
  return 0;
}

int idcard_normalize_on(const char *in, size_t n, Date today, char out[IDCARD_SIZE],
                        IdcardInfo *info, const char **why) {
  out[0] = '\0';
  char *s = clean_copy(in, n);
  if (!s) {
    return fail(why, "含有无效的字符编码");
  }
  int rc = -1;
  size_t len = strlen(s);
  if (len == 0) {
    rc = fail(why, "身份证号为空");
    goto out;
  }
  for (size_t i = 0; i < len; i++) {
    if (s[i] == 'x') {
      s[i] = 'X';
    }
    if (!is_digit(s[i]) && s[i] != 'X') {
      rc = fail(why, "含有非数字字符");
      goto out;
    }
  }
  if (len != 18 && len != 15) {
    rc = fail(why, "长度应为18位（或旧版15位）");
    goto out;
  }
  char *x = strchr(s, 'X');
  if (x && (len == 15 || x != s + 17)) {
    rc = fail(why, len == 15 ? "旧版15位身份证号只能是数字" : "只有最后一位可以是X");
    goto out;
  }
  char id[IDCARD_SIZE];
  if (len == 18) {
    memcpy(id, s, 18);
  } else {
    memcpy(id, s, 6);
    id[6] = '1';
    id[7] = '9';
    memcpy(id + 8, s + 6, 9);
  }
  id[17] = len == 18 ? s[17] : '0';
  id[18] = '\0';
  if (validate18(id, len == 18, today, info, why) != 0) {
    goto out;
  }
  if (len == 15) {
    id[17] = idcard_check_char(id);
  }
  memcpy(out, id, IDCARD_SIZE);
  if (info) {
    info->upgraded = len == 15;
  }
  rc = 0;
out:
  free(s);
  return rc;
}

int idcard_normalize(const char *in, size_t n, char out[IDCARD_SIZE], IdcardInfo *info,
                     const char **why) {
  return idcard_normalize_on(in, n, date_today(), out, info, why);
}

int idcard_check_against(const IdcardInfo *info, const Date *entered_birth,
                         const char *entered_gender, const char **field, const char **why) {
  if (entered_birth && !date_equal(*entered_birth, info->birth)) {
    char iso[DATE_ISO_SIZE];
    snprintf(against_reason, sizeof against_reason, "出生日期与身份证号不符（身份证号为 %s）",
             date_format_iso(info->birth, iso));
    if (field) {
      *field = "出生日期";
    }
    return fail(why, against_reason);
  }
  if (entered_gender && entered_gender[0] != '\0') {
    bool male = strcmp(entered_gender, "男") == 0;
    bool female = strcmp(entered_gender, "女") == 0;
    const char *reason = NULL;
    if (!male && !female) {
      reason = "性别应为“男”或“女”";
    } else if (male != (info->gender == IDCARD_MALE)) {
      snprintf(against_reason, sizeof against_reason, "性别与身份证号不符（身份证号为 %s）",
               info->gender == IDCARD_MALE ? "男" : "女");
      reason = against_reason;
    }
    if (reason) {
      if (field) {
        *field = "性别";
      }
      return fail(why, reason);
    }
  }
  return 0;
}

/* ---- masks -------------------------------------------------------------------------------- */

static bool printable_ascii(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    if (s[i] < 0x21 || s[i] > 0x7e) {
      return false;
    }
  }
  return true;
}

void idcard_mask(const char *id18, char out[IDCARD_SIZE]) {
  size_t len = id18 ? strnlen(id18, IDCARD_SIZE) : 0;
  if (len < 8 || len > 18 || !printable_ascii(id18, len)) {
    memset(out, '*', 18);
    out[18] = '\0';
    return;
  }
  for (size_t i = 0; i < len; i++) {
    out[i] = (i < 3 || i >= len - 4) ? id18[i] : '*';
  }
  out[len] = '\0';
}

void idcard_mask_phone(const char *phone, char out[PHONE_SIZE]) {
  size_t len = phone ? strnlen(phone, PHONE_SIZE) : 0;
  bool ok = len > 0 && len < PHONE_SIZE && utf8_valid(phone, len);
  for (size_t i = 0; ok && i < len; i++) {
    ok = (unsigned char)phone[i] >= 0x20 && phone[i] != 0x7f;
  }
  if (!ok) {
    memcpy(out, "****", 5);
    return;
  }
  /* The number part ends at the first character that is not a digit or separator (转, ext…). */
  size_t main_end = 0;
  size_t digits = 0;
  size_t dash = len;
  for (; main_end < len; main_end++) {
    char c = phone[main_end];
    if (is_digit(c)) {
      digits++;
    } else if (c == '-' && dash == len) {
      dash = main_end;
    } else if (c != '-' && c != ' ' && c != '(' && c != ')' && c != '+' && c != '.') {
      break;
    }
  }
  size_t k = 0; /* ordinal of the current digit within the number part */
  for (size_t i = 0; i < len; i++) {
    char c = phone[i];
    bool keep = true;
    if (i < main_end && is_digit(c)) {
      bool head = dash < len ? i < dash : k < 3;
      keep = digits >= 8 && (head || k + 4 >= digits);
      k++;
    }
    out[i] = keep ? c : '*';
  }
  out[len] = '\0';
}

/* ---- phones ------------------------------------------------------------------------------- */

/* Where the extension starts in s (the marker's first byte) and its length, or NULL. */
static const char *find_extension(const char *s, size_t *marker_len) {
  static const char *const markers[] = {"转", "分机", "ext", "EXT", "Ext", "x", "X", "#"};
  const char *best = NULL;
  for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++) {
    const char *p = strstr(s, markers[i]);
    if (p && (!best || p < best)) {
      best = p;
      *marker_len = strlen(markers[i]);
    }
  }
  /* "ext." / "EXT." */
  if (best && *marker_len == 3 && best[3] == '.') {
    (*marker_len)++;
  }
  return best;
}

/* Copies the digits of s[0..n) to d (size cap), skipping separators. -1 on other characters,
 * -2 when there are more than cap - 1 digits. Sets *plus when s starts with '+'. */
static int collect_digits(const char *s, size_t n, char *d, size_t cap, bool *plus) {
  size_t k = 0;
  *plus = false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '+' && k == 0 && !*plus) {
      *plus = true;
    } else if (c == '-' || c == '.' || c == '(' || c == ')' || c == ' ') {
      continue;
    } else if (is_digit(c)) {
      if (k + 1 >= cap) {
        return -2;
      }
      d[k++] = c;
    } else {
      return -1;
    }
  }
  d[k] = '\0';
  return 0;
}

int phone_normalize(const char *in, size_t n, char out[PHONE_SIZE], const char **why) {
  out[0] = '\0';
  char *folded = utf8_fold_width(in, n);
  char *s = folded ? utf8_trim(folded, strlen(folded)) : NULL;
  free(folded);
  if (!s) {
    return fail(why, "含有无效的字符编码");
  }
  int rc = -1;
  const char *reason = NULL;
  if (s[0] == '\0') {
    reason = "电话号码为空";
    goto out;
  }
  size_t marker_len = 0;
  const char *ext = find_extension(s, &marker_len);
  size_t main_len = ext ? (size_t)(ext - s) : strlen(s);
  char ext_digits[8] = "";
  if (ext) {
    bool plus;
    const char *e = ext + marker_len;
    while (*e == ':' || *e == ' ') {
      e++;
    }
    int r = collect_digits(e, strlen(e), ext_digits, sizeof ext_digits, &plus);
    if (r != 0 || plus || ext_digits[0] == '\0') {
      reason = "分机号应为1-6位数字";
      goto out;
    }
  }
  char d[24];
  bool plus;
  int r = collect_digits(s, main_len, d, sizeof d, &plus);
  if (r == -1) {
    reason = "电话号码含有非数字字符";
    goto out;
  }
  if (r == -2) {
    reason = "电话号码位数太多";
    goto out;
  }
  const char *p = d;
  size_t len = strlen(d);
  bool international = false;
  if (plus) {
    if (strncmp(d, "86", 2) != 0) {
      reason = "只支持中国大陆电话号码（+86）";
      goto out;
    }
    p += 2;
    international = true;
  } else if (strncmp(d, "0086", 4) == 0) {
    p += 4;
    international = true;
  } else if (len == 13 && strncmp(d, "861", 3) == 0) {
    p += 2;
  }
  len = strlen(p);
  if (len == 0) {
    reason = "电话号码为空";
    goto out;
  }
  if (p[0] == '1' && !(international && p[1] == '0')) {
    if (len != 11) {
      reason = "手机号码应为11位";
      goto out;
    }
    if (p[1] < '3') {
      reason = "手机号码应以13-19开头";
      goto out;
    }
    if (ext) {
      reason = "手机号码不能带分机号";
      goto out;
    }
    memcpy(out, p, 12);
    rc = 0;
    goto out;
  }
  /* Fixed line: d2 holds the number with its leading 0. */
  char d2[26];
  if (international && p[0] != '0') {
    snprintf(d2, sizeof d2, "0%s", p); /* +86 10 12345678 */
  } else {
    snprintf(d2, sizeof d2, "%s", p);
  }
  if (d2[0] != '0') {
    reason = "固定电话应带区号（如 010-12345678）";
    goto out;
  }
  size_t area;
  if (d2[1] == '1') {
    area = 3;
    if (d2[2] != '0') {
      reason = "区号无效";
      goto out;
    }
  } else if (d2[1] == '2') {
    area = 3;
  } else if (d2[1] >= '3' && d2[1] <= '9') {
    area = 4;
  } else {
    reason = "区号无效";
    goto out;
  }
  size_t total = strlen(d2);
  if (total <= area || total - area < 7 || total - area > 8) {
    reason = "固定电话号码应为7-8位";
    goto out;
  }
  if (d2[area] == '0') {
    reason = "固定电话号码不能以0开头";
    goto out;
  }
  if (strlen(ext_digits) > 6) {
    reason = "分机号应为1-6位数字";
    goto out;
  }
  snprintf(out, PHONE_SIZE, "%.*s-%s%s%s", (int)area, d2, d2 + area, ext ? "转" : "", ext_digits);
  rc = 0;
out:
  free(s);
  if (rc != 0) {
    out[0] = '\0';
    return fail(why, reason);
  }
  return 0;
}

/* ---- age and 党龄 -------------------------------------------------------------------------- */

static int completed_years(Date from, Date on) {
  if (!date_is_valid(from) || !date_is_valid(on) || date_compare(on, from) < 0) {
    return -1;
  }
  int years = on.y - from.y;
  int m = from.m;
  int d = from.d;
  if (m == 2 && d == 29 && !date_is_leap_year(on.y)) {
    d = 28; /* the anniversary of 29 February is 28 February in common years */
  }
  if (on.m < m || (on.m == m && on.d < d)) {
    years--;
  }
  return years;
}

int idcard_age(Date birth, Date on) { return completed_years(birth, on); }

int party_standing_years(Date probation_end, Date on) { return completed_years(probation_end, on); }
