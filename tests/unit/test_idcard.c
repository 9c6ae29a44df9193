/*
 * Unit tests of src/member/idcard_rules.c: ID numbers (GB 11643-1999), masks, phone numbers,
 * age and 党龄. Each test is a table of cases; "today" is fixed at 2024-06-15.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "base/date.h"
#include "member/idcard.h"

#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const Date today = {2024, 6, 15};

static Date D(int y, int m, int d) {
  Date r = {y, m, d};
  return r;
}

/* ---- check character -------------------------------------------------------------------- */

Test(idcard, standard_vectors_checksum) {
  /* Both examples of the standard; 440524188001010014 (born 1880) is checked here directly
   * because idcard_normalize rejects births before 1900 (see normalize_bad). */
  static const char *const vectors[] = {"11010519491231002X", "440524188001010014"};
  for (size_t i = 0; i < N_ELEMS(vectors); i++) {
    cr_expect_eq(idcard_check_char(vectors[i]), vectors[i][17], "vector %zu", i);
  }
  cr_expect_eq(idcard_check_char("1101051949123100"), '\0'); /* NUL among the 17 */
  cr_expect_eq(idcard_check_char("11010519491231A02"), '\0');
  cr_expect_eq(idcard_check_char("00000000000000000"), '1');
}

/* ---- normalize: accepted inputs --------------------------------------------------------- */

Test(idcard, normalize_good) {
  static const struct {
    const char *in;
    const char *out;
    int y, m, d;
    IdcardGender gender;
    int province;
    bool upgraded;
  } cases[] = {
      {"11010519491231002X", "11010519491231002X", 1949, 12, 31, IDCARD_FEMALE, 11, false},
      {"11010519491231002x", "11010519491231002X", 1949, 12, 31, IDCARD_FEMALE, 11, false},
      {"  11010519491231002X\t\r\n", "11010519491231002X", 1949, 12, 31, IDCARD_FEMALE, 11, false},
      /* full-width digits and X, ideographic spaces, a BOM */
      {"\xef\xbb\xbf\xe3\x80\x80１１０１０５１９４９１２３１００２Ｘ\xe3\x80\x80",
       "11010519491231002X", 1949, 12, 31, IDCARD_FEMALE, 11, false},
      {"１１０１０５１９４９１２３１００２ｘ", "11010519491231002X", 1949, 12, 31, IDCARD_FEMALE,
       11, false},
      {"110105 19491231 002X", "11010519491231002X", 1949, 12, 31, IDCARD_FEMALE, 11, false},
      {"440524198001010013", "440524198001010013", 1980, 1, 1, IDCARD_MALE, 44, false},
      {"320102199912310022", "320102199912310022", 1999, 12, 31, IDCARD_FEMALE, 32, false},
      {"110105194912310038", "110105194912310038", 1949, 12, 31, IDCARD_MALE, 11, false},
      {"440301200002290015", "440301200002290015", 2000, 2, 29, IDCARD_MALE, 44, false},
      {"110105202406150016", "110105202406150016", 2024, 6, 15, IDCARD_MALE, 11, false},
      {"810000199001010027", "810000199001010027", 1990, 1, 1, IDCARD_FEMALE, 81, false},
      /* legacy 15-digit numbers */
      {"130503670401001", "130503196704010016", 1967, 4, 1, IDCARD_MALE, 13, true},
      {" １３０５０３６７０４０１００１ ", "130503196704010016", 1967, 4, 1, IDCARD_MALE, 13, true},
      {"110105491231002", "11010519491231002X", 1949, 12, 31, IDCARD_FEMALE, 11, true},
      {"110105491231003", "110105194912310038", 1949, 12, 31, IDCARD_MALE, 11, true},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    char out[IDCARD_SIZE];
    IdcardInfo info;
    memset(&info, 0xff, sizeof info);
    const char *why = NULL;
    int rc = idcard_normalize_on(cases[i].in, strlen(cases[i].in), today, out, &info, &why);
    cr_expect_eq(rc, 0, "case %zu: %s", i, why ? why : "");
    if (rc != 0) {
      continue;
    }
    cr_expect_str_eq(out, cases[i].out, "case %zu", i);
    cr_expect(date_equal(info.birth, D(cases[i].y, cases[i].m, cases[i].d)), "case %zu birth", i);
    cr_expect_eq(info.gender, cases[i].gender, "case %zu gender", i);
    cr_expect_str_eq(info.gender_name, cases[i].gender == IDCARD_MALE ? "男" : "女", "case %zu", i);
    cr_expect_eq(info.province, cases[i].province, "case %zu province", i);
    cr_expect_eq(info.upgraded, cases[i].upgraded, "case %zu upgraded", i);

    /* the output normalises to itself */
    char again[IDCARD_SIZE];
    cr_expect_eq(idcard_normalize_on(out, strlen(out), today, again, NULL, NULL), 0);
    cr_expect_str_eq(again, out, "case %zu again", i);
  }
}

Test(idcard, normalize_uses_today) {
  char out[IDCARD_SIZE];
  const char *why = NULL;
  /* born 1949: valid whatever today is */
  cr_expect_eq(idcard_normalize("11010519491231002X", 18, out, NULL, &why), 0);
  cr_expect_str_eq(out, "11010519491231002X");
  /* born 2999 would be in the future for a long time */
  cr_expect_eq(idcard_normalize("110105299901010011", 18, out, NULL, &why), -1);
  cr_expect_str_eq(why, "出生日期晚于今天");
  /* not NUL-terminated: only n bytes are read */
  cr_expect_eq(idcard_normalize_on("11010519491231002X999", 18, today, out, NULL, &why), 0);
  cr_expect_str_eq(out, "11010519491231002X");
}

/* ---- normalize: rejected inputs --------------------------------------------------------- */

Test(idcard, normalize_bad) {
  static const struct {
    const char *in;
    size_t n; /* 0: strlen */
    const char *why;
  } cases[] = {
      {"", 0, "身份证号为空"},
      {" \t\xe3\x80\x80 ", 0, "身份证号为空"},
      {"1101051949123100", 0, "长度应为18位（或旧版15位）"},
      {"1101051949123100211", 0, "长度应为18位（或旧版15位）"},
      {"12345", 0, "长度应为18位（或旧版15位）"},
      {"11010549123100", 0, "长度应为18位（或旧版15位）"},
      {"11010519491231002A", 0, "含有非数字字符"},
      {"110105-19491231-002X", 0, "含有非数字字符"},
      {"11010519491231002X号", 0, "含有非数字字符"},
      {"11010519491231\t002X", 0, "含有非数字字符"},
      {"身份证", 0, "含有非数字字符"},
      {"X10105194912310021", 0, "只有最后一位可以是X"},
      {"1101051949123100X2", 0, "只有最后一位可以是X"},
      {"11010519491231002XX", 0, "长度应为18位（或旧版15位）"},
      {"13050367040100X", 0, "旧版15位身份证号只能是数字"},
      {"990105194912310023", 0, "地址码不是有效的省份代码：99"},
      {"001234194912310021", 0, "地址码不是有效的省份代码：00"},
      {"160105194912310021", 0, "地址码不是有效的省份代码：16"},
      {"380105194912310021", 0, "地址码不是有效的省份代码：38"},
      {"700105194912310021", 0, "地址码不是有效的省份代码：70"},
      {"840105194912310021", 0, "地址码不是有效的省份代码：84"},
      {"910105194912310021", 0, "地址码不是有效的省份代码：91"},
      {"990503670401001", 0, "地址码不是有效的省份代码：99"},
      {"110105199902300019", 0, "出生日期无效：19990230"},
      {"110105200013010011", 0, "出生日期无效：20001301"},
      {"110105200100000011", 0, "出生日期无效：20010000"},
      {"110105190002290011", 0, "出生日期无效：19000229"},
      {"110105000001010011", 0, "出生日期无效：00000101"},
      {"130503670230001", 0, "出生日期无效：19670230"},
      {"110105202406160011", 0, "出生日期晚于今天"},
      {"110105209901010011", 0, "出生日期晚于今天"},
      {"440524188001010014", 0, "出生日期早于1900年"},
      {"110105189912310021", 0, "出生日期早于1900年"},
      {"110105194912310021", 0, "校验码错误：最后一位应为 X"},
      {"11010519491231002０", 0, "校验码错误：最后一位应为 X"},
      {"440524198001010014", 0, "校验码错误：最后一位应为 3"},
      {"44052419800101001X", 0, "校验码错误：最后一位应为 3"},
      {"110105194912310031", 0, "校验码错误：最后一位应为 8"},
      {"\xff"
       "11010519491231002X",
       0, "含有无效的字符编码"},
      {"11010519491231002X\0", 19, "含有无效的字符编码"},
      {"\xed\xa0\x80", 0, "含有无效的字符编码"},
  };
  cr_assert_geq(N_ELEMS(cases), 25);
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    char out[IDCARD_SIZE] = "garbage";
    IdcardInfo info = {.province = 12345};
    const char *why = NULL;
    size_t n = cases[i].n ? cases[i].n : strlen(cases[i].in);
    cr_expect_eq(idcard_normalize_on(cases[i].in, n, today, out, &info, &why), -1, "case %zu", i);
    cr_expect_str_eq(why ? why : "(null)", cases[i].why, "case %zu", i);
    cr_expect_str_eq(out, "", "case %zu out", i);
    cr_expect_eq(info.province, 12345, "case %zu info untouched", i);
  }
}

Test(idcard, normalize_null_why) {
  char out[IDCARD_SIZE];
  cr_expect_eq(idcard_normalize_on("bad", 3, today, out, NULL, NULL), -1);
  cr_expect_eq(idcard_normalize_on("11010519491231002X", 18, today, out, NULL, NULL), 0);
}

Test(idcard, province_names) {
  cr_expect_str_eq(idcard_province_name(11), "北京");
  cr_expect_str_eq(idcard_province_name(65), "新疆");
  cr_expect_str_eq(idcard_province_name(81), "香港");
  cr_expect_str_eq(idcard_province_name(82), "澳门");
  cr_expect_null(idcard_province_name(99));
  cr_expect_null(idcard_province_name(0));
}

/* ---- check_against ---------------------------------------------------------------------- */

Test(idcard, check_against) {
  IdcardInfo woman;
  IdcardInfo man;
  char out[IDCARD_SIZE];
  cr_assert_eq(idcard_normalize_on("11010519491231002X", 18, today, out, &woman, NULL), 0);
  cr_assert_eq(idcard_normalize_on("440524198001010013", 18, today, out, &man, NULL), 0);
  Date b1949 = D(1949, 12, 31);
  Date b1950 = D(1950, 1, 1);
  Date b1980 = D(1980, 1, 1);
  static const char *const BIRTH = "出生日期";
  static const char *const GENDER = "性别";
  const struct {
    const IdcardInfo *info;
    const Date *birth;
    const char *gender;
    const char *field; /* NULL: match */
    const char *why;
  } cases[] = {
      {&woman, &b1949, "女", NULL, NULL},
      {&woman, NULL, NULL, NULL, NULL},
      {&woman, &b1949, "", NULL, NULL},
      {&woman, NULL, "女", NULL, NULL},
      {&man, &b1980, "男", NULL, NULL},
      {&woman, &b1950, "女", BIRTH, "出生日期与身份证号不符（身份证号为 1949-12-31）"},
      {&woman, &b1949, "男", GENDER, "性别与身份证号不符（身份证号为 女）"},
      {&man, NULL, "女", GENDER, "性别与身份证号不符（身份证号为 男）"},
      {&man, &b1949, "女", BIRTH, "出生日期与身份证号不符（身份证号为 1980-01-01）"},
      {&man, NULL, "M", GENDER, "性别应为“男”或“女”"},
      {&man, NULL, "男性", GENDER, "性别应为“男”或“女”"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    const char *field = NULL;
    const char *why = NULL;
    int rc = idcard_check_against(cases[i].info, cases[i].birth, cases[i].gender, &field, &why);
    if (!cases[i].field) {
      cr_expect_eq(rc, 0, "case %zu: %s", i, why ? why : "");
      continue;
    }
    cr_expect_eq(rc, -1, "case %zu", i);
    cr_expect_str_eq(field ? field : "(null)", cases[i].field, "case %zu", i);
    cr_expect_str_eq(why ? why : "(null)", cases[i].why, "case %zu", i);
  }
  cr_expect_eq(idcard_check_against(&man, &b1949, "女", NULL, NULL), -1);
}

/* ---- masks ------------------------------------------------------------------------------ */

Test(idcard, mask) {
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
      {"11010519491231002X", "110***********002X"},
      {"110105194912310021", "110***********0021"},
      {"130503670401001", "130********1001"},
      {"12345678", "123*5678"},
      {"", "******************"},
      {"1234567", "******************"},
      {"1101051949123100210", "******************"},
      {"1101051949123100中", "******************"},
      {"11010519491231 02X", "******************"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    char out[IDCARD_SIZE];
    idcard_mask(cases[i].in, out);
    cr_expect_str_eq(out, cases[i].out, "case %zu", i);
  }
  char out[IDCARD_SIZE];
  idcard_mask(NULL, out);
  cr_expect_str_eq(out, "******************");
}

Test(idcard, mask_phone) {
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
      {"13812345678", "138****5678"},
      {"010-12345678", "010-****5678"},
      {"0755-8123456", "0755-***3456"},
      {"0571-88888888转123", "0571-****8888转123"},
      {"02162345678", "021****5678"},
      {"+86 138 1234 5678", "+86 1** **** 5678"},
      {"1234567", "*******"},
      {"123-4567", "***-****"}, /* fewer than 8 digits */
      {"", "****"},
      {"\xff\xfe", "****"},
      {"138\n12345678", "****"},
      {"12345678901234567890123456789012", "****"}, /* PHONE_SIZE bytes */
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    char out[PHONE_SIZE];
    idcard_mask_phone(cases[i].in, out);
    cr_expect_str_eq(out, cases[i].out, "case %zu", i);
  }
  char out[PHONE_SIZE];
  idcard_mask_phone(NULL, out);
  cr_expect_str_eq(out, "****");
}

/* ---- phones ----------------------------------------------------------------------------- */

Test(phone, normalize_good) {
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
      {"13812345678", "13812345678"},
      {"  13812345678\t", "13812345678"},
      {"138 1234 5678", "13812345678"},
      {"138-1234-5678", "13812345678"},
      {"+86 138 1234 5678", "13812345678"},
      {"+8613812345678", "13812345678"},
      {"+86-138-1234-5678", "13812345678"},
      {"8613812345678", "13812345678"},
      {"008613812345678", "13812345678"},
      {"１３８１２３４５６７８", "13812345678"},
      {"１３８\xe3\x80\x80１２３４\xe3\x80\x80５６７８", "13812345678"},
      {"19912345678", "19912345678"},
      {"16612345678", "16612345678"},
      {"010-12345678", "010-12345678"},
      {"01012345678", "010-12345678"},
      {"(010)12345678", "010-12345678"},
      {"（010）12345678", "010-12345678"},
      {"021 6234 5678", "021-62345678"},
      {"029-8765432", "029-8765432"},
      {"0755-8123456", "0755-8123456"},
      {"07558123456", "0755-8123456"},
      {"0571-88888888", "0571-88888888"},
      {"0571-88888888转123", "0571-88888888转123"},
      {"010-12345678 ext. 45", "010-12345678转45"},
      {"010-12345678 EXT 45", "010-12345678转45"},
      {"010-12345678x45", "010-12345678转45"},
      {"010-12345678#8", "010-12345678转8"},
      {"010-12345678分机：1234", "010-12345678转1234"},
      {"010-12345678转123456", "010-12345678转123456"},
      {"+86 10 12345678", "010-12345678"},
      {"+86-010-12345678", "010-12345678"},
      {"0086 755 8123 4567", "0755-81234567"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    char out[PHONE_SIZE];
    const char *why = NULL;
    int rc = phone_normalize(cases[i].in, strlen(cases[i].in), out, &why);
    cr_expect_eq(rc, 0, "case %zu (%s): %s", i, cases[i].in, why ? why : "");
    if (rc != 0) {
      continue;
    }
    cr_expect_str_eq(out, cases[i].out, "case %zu", i);
    char again[PHONE_SIZE];
    cr_expect_eq(phone_normalize(out, strlen(out), again, NULL), 0, "case %zu again", i);
    cr_expect_str_eq(again, out, "case %zu again", i);
  }
}

Test(phone, normalize_bad) {
  static const struct {
    const char *in;
    const char *why;
  } cases[] = {
      {"", "电话号码为空"},
      {"   ", "电话号码为空"},
      {"+86", "电话号码为空"},
      {"1381234567", "手机号码应为11位"},
      {"138123456789", "手机号码应为11位"},
      {"12812345678", "手机号码应以13-19开头"},
      {"11012345678", "手机号码应以13-19开头"},
      {"1381234567a", "电话号码含有非数字字符"},
      {"138****5678", "电话号码含有非数字字符"},
      {"电话13812345678", "电话号码含有非数字字符"},
      {"62345678", "固定电话应带区号（如 010-12345678）"},
      {"011-12345678", "区号无效"},
      {"001-12345678", "区号无效"},
      {"010-123456", "固定电话号码应为7-8位"},
      {"010-123456789", "固定电话号码应为7-8位"},
      {"0755-123", "固定电话号码应为7-8位"},
      {"010", "固定电话号码应为7-8位"},
      {"010-12345678-123", "固定电话号码应为7-8位"},
      {"0755-0123456", "固定电话号码不能以0开头"},
      {"+1 2025550123", "只支持中国大陆电话号码（+86）"},
      {"13812345678转12", "手机号码不能带分机号"},
      {"010-12345678转", "分机号应为1-6位数字"},
      {"010-12345678转1234567", "分机号应为1-6位数字"},
      {"010-12345678转abc", "分机号应为1-6位数字"},
      {"010-12345678 ext +1", "分机号应为1-6位数字"},
      {"\xff", "含有无效的字符编码"},
      {"1234567890123456789012345", "电话号码位数太多"},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    char out[PHONE_SIZE] = "garbage";
    const char *why = NULL;
    cr_expect_eq(phone_normalize(cases[i].in, strlen(cases[i].in), out, &why), -1, "case %zu", i);
    cr_expect_str_eq(why ? why : "(null)", cases[i].why, "case %zu (%s)", i, cases[i].in);
    cr_expect_str_eq(out, "", "case %zu out", i);
  }
}

/* ---- age and 党龄 ------------------------------------------------------------------------ */

Test(idcard, age) {
  static const struct {
    Date birth, on;
    int age;
  } cases[] = {
      {{1949, 12, 31}, {2024, 12, 30}, 74},
      {{1949, 12, 31}, {2024, 12, 31}, 75},
      {{1990, 6, 15}, {2024, 6, 14}, 33},
      {{1990, 6, 15}, {2024, 6, 15}, 34},
      {{1990, 6, 15}, {1990, 6, 15}, 0},
      {{1990, 6, 15}, {1991, 6, 14}, 0},
      {{1990, 6, 15}, {1990, 6, 14}, -1},
      /* 29 February: the birthday is 28 February in common years */
      {{2000, 2, 29}, {2000, 2, 29}, 0},
      {{2000, 2, 29}, {2000, 2, 28}, -1},
      {{2000, 2, 29}, {2001, 2, 27}, 0},
      {{2000, 2, 29}, {2001, 2, 28}, 1},
      {{2000, 2, 29}, {2001, 3, 1}, 1},
      {{2000, 2, 29}, {2004, 2, 28}, 3},
      {{2000, 2, 29}, {2004, 2, 29}, 4},
      {{2000, 2, 29}, {2100, 2, 28}, 100},
      /* born 28 February, seen from a leap year */
      {{2001, 2, 28}, {2004, 2, 28}, 3},
      {{2001, 2, 28}, {2004, 2, 27}, 2},
      {{2001, 3, 1}, {2004, 2, 29}, 2},
      {{1900, 1, 1}, {2024, 1, 1}, 124},
      /* invalid dates */
      {{2023, 2, 29}, {2024, 1, 1}, -1},
      {{2000, 1, 1}, {2024, 13, 1}, -1},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_expect_eq(idcard_age(cases[i].birth, cases[i].on), cases[i].age, "case %zu", i);
  }
}

Test(idcard, party_standing) {
  static const struct {
    Date end, on;
    int years;
  } cases[] = {
      {{1974, 7, 1}, {2024, 7, 1}, 50},  {{1974, 7, 1}, {2024, 6, 30}, 49},
      {{2024, 3, 1}, {2024, 3, 1}, 0},   {{2024, 3, 1}, {2025, 2, 28}, 0},
      {{2024, 3, 1}, {2025, 3, 1}, 1},   {{2024, 3, 1}, {2024, 2, 29}, -1}, /* still 预备党员 */
      {{2020, 2, 29}, {2021, 2, 28}, 1}, {{2020, 2, 29}, {2021, 2, 27}, 0},
      {{2020, 2, 29}, {2024, 2, 28}, 3}, {{2020, 2, 29}, {2024, 2, 29}, 4},
      {{2021, 2, 29}, {2024, 1, 1}, -1}, {{0, 0, 0}, {2024, 1, 1}, -1},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_expect_eq(party_standing_years(cases[i].end, cases[i].on), cases[i].years, "case %zu", i);
  }
}
