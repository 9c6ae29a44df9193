/*
 * idcard: resident ID numbers (GB 11643-1999, DOMAIN.md §9), phone numbers, age and 党龄
 * (DOMAIN.md §8). Pure rules (idcard_rules.c): no I/O, no SQL, no globals but the per-thread
 * reason buffers described below.
 *
 * Reasons: every `const char **why` (and `**field`) receives a Chinese string that is either
 * static or held in a per-thread buffer belonging to the function that produced it (one buffer
 * for idcard_normalize*, one for idcard_check_against). Such a reason stays valid until the
 * same function is called again on the same thread; copy it before that if it must be kept.
 * Any `why`/`field` pointer may be NULL when the caller does not want it.
 */
#ifndef DJ_IDCARD_H
#define DJ_IDCARD_H

#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"

/* 18 characters + NUL. */
#define IDCARD_SIZE 19
/* The size of phone_normalize's and idcard_mask_phone's output buffers. */
#define PHONE_SIZE 32
/* Birth years before this are rejected by idcard_normalize (the checksum alone would accept
 * them: the standard's own example 440524188001010014 is born in 1880). */
#define IDCARD_BIRTH_YEAR_MIN 1900

typedef enum IdcardGender {
  IDCARD_FEMALE = 0, /* 17th digit even */
  IDCARD_MALE = 1,   /* 17th digit odd */
} IdcardGender;

/* What an ID number says about its holder. */
typedef struct IdcardInfo {
  Date birth;              /* digits 7-14 */
  IdcardGender gender;     /* from the parity of digit 17 */
  const char *gender_name; /* static "男" or "女", as stored in the roster's 性别 column */
  int province;            /* digits 1-2: 11..65, or 71/81/82/83 (港澳台 residence permits) */
  bool upgraded;           /* the input was a legacy 15-digit number, converted to 18 digits */
} IdcardInfo;

/*
 * The ISO 7064 MOD 11-2 check character of the first 17 characters of d17 (which need not be
 * NUL-terminated beyond them): S = Σ d_i·W_i with W = 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2,
 * result "10X98765432"[S mod 11]. Returns '0'-'9' or 'X', or '\0' when one of the 17 is not
 * an ASCII digit. No other check (date, province) is made.
 */
char idcard_check_char(const char *d17);

/*
 * Normalises and validates an ID number typed or imported by a user, in[0..n) (need not be
 * NUL-terminated). Steps:
 *   - white space is trimmed at both ends (utf8_trim) and full-width ASCII folded
 *     (utf8_fold_width: "１１０１…" → "1101…"); ASCII spaces inside the number (also from a
 *     folded U+3000) are removed, so "110105 19491231 002X" is accepted;
 *   - a lower-case x is accepted as the check character X;
 *   - 18 characters: 17 digits + check digit or X; 15 characters: all digits, a legacy number
 *     (GB 11643-1989: 6 address + YYMMDD meaning 19YY + 3 sequence), upgraded by inserting
 *     "19" after the address code and appending the computed check character;
 *   - the first two digits are a province code (11-15, 21-23, 31-37, 41-46, 50-54, 61-65, or
 *     71/81/82/83 for 港澳台 residence permits); the 2023 foreign permanent-residence numbers
 *     starting with 9 are not accepted;
 *   - the birth date exists, is not later than today and not before IDCARD_BIRTH_YEAR_MIN;
 *   - for 18 characters the check character is right.
 * The checks run in the order: encoding, empty, characters (digits and X only), length,
 * position of X, province, birth date, check character; the first failure is reported.
 * On success returns 0, writes the 18-character number (upper-case X) and NUL to out, and
 * fills *info if it is not NULL. On failure returns -1, sets *why to a reason such as
 *   "身份证号为空", "长度应为18位（或旧版15位）", "含有非数字字符", "只有最后一位可以是X",
 *   "旧版15位身份证号只能是数字",
 *   "地址码不是有效的省份代码：99", "出生日期无效：19990230", "出生日期晚于今天",
 *   "出生日期早于1900年", "校验码错误：最后一位应为 X", "含有无效的字符编码",
 * sets out to "" and leaves *info unchanged.
 * idcard_normalize uses date_today() (local time zone) as today; idcard_normalize_on takes it
 * (tests, imports with a fixed reference date).
 */
int idcard_normalize(const char *in, size_t n, char out[IDCARD_SIZE], IdcardInfo *info,
                     const char **why);
int idcard_normalize_on(const char *in, size_t n, Date today, char out[IDCARD_SIZE],
                        IdcardInfo *info, const char **why);

/*
 * Checks the roster's 出生日期 and 性别 columns against what the ID number says. Either may be
 * NULL (not entered: not checked); entered_gender "" counts as not entered, and otherwise must
 * be exactly "男" or "女". Returns 0 when everything entered matches; otherwise -1 with *field
 * the column at fault ("出生日期" or "性别", birth date checked first) and *why a reason such as
 * "出生日期与身份证号不符（身份证号为 1949-12-31）", "性别与身份证号不符（身份证号为 女）" or
 * "性别应为“男”或“女”".
 */
int idcard_check_against(const IdcardInfo *info, const Date *entered_birth,
                         const char *entered_gender, const char **field, const char **why);

/*
 * A display form of an ID number that hides the birth date and sequence: the first 3 and the
 * last 4 characters are kept and each character between becomes '*'
 * ("11010519491231002X" → "110***********002X"). Input of 8-18 printable ASCII characters is
 * masked that way (so a 15-digit number keeps its length); anything else (NULL, shorter,
 * longer, non-ASCII) gives 18 '*', so nothing is ever revealed by mistake. out is always
 * NUL-terminated.
 */
void idcard_mask(const char *id18, char out[IDCARD_SIZE]);

/*
 * A display form of a phone number (any form phone_normalize writes, or as stored): in the
 * number part (up to the first character other than a digit, space, '-', '+', '.', '(' or
 * ')') the first 3 digits, or the area code when a '-' follows it, and the last 4 digits are
 * kept and the other digits become '*'; everything else, such as an extension "转123", is
 * kept. "13812345678" → "138****5678", "010-12345678" → "010-****5678",
 * "0571-88888888转123" → "0571-****8888转123". A number part of fewer than 8 digits is
 * masked entirely. NULL, "", input of PHONE_SIZE bytes or more, invalid UTF-8 or control
 * characters give "****". out is always NUL-terminated and never longer than the input.
 */
void idcard_mask_phone(const char *phone, char out[PHONE_SIZE]);

/*
 * Normalises a phone number in[0..n) (need not be NUL-terminated). After trimming and folding
 * full-width characters (as for ID numbers), spaces, '-', '.', '(' and ')' are ignored.
 *   - Mobile (mainland): 11 digits starting 13-19, optionally preceded by +86, 0086 or 86.
 *     Written as 11 digits: "13812345678".
 *   - Fixed line: area code + 7-8 digit local number that does not start with 0. Area codes
 *     are 010 and 020-029 (3 digits) or 0xxx (4 digits, second digit 3-9). The international
 *     forms "+86 10 12345678" (without the 0) and "+86 010 12345678" are accepted. Written as
 *     "010-12345678". A '-' is not an extension marker: "010-12345678-123" is too long.
 *   - An extension after 转, 分机, ext, ext., x or # (1-6 digits, a ':' may follow the marker)
 *     on a fixed line is kept: "010-12345678转123". Mobiles take no extension.
 * Returns 0 and writes the normalised number to out, or -1 with *why such as "电话号码为空",
 * "电话号码含有非数字字符", "手机号码应为11位", "手机号码应以13-19开头",
 * "固定电话应带区号（如 010-12345678）", "区号无效", "固定电话号码应为7-8位",
 * "固定电话号码不能以0开头", "分机号应为1-6位数字", "手机号码不能带分机号",
 * "只支持中国大陆电话号码（+86）", "含有无效的字符编码"; out is then "". Normalising the
 * output again gives the same output.
 */
int phone_normalize(const char *in, size_t n, char out[PHONE_SIZE], const char **why);

/*
 * Age in completed years (周岁) on the date on. Someone born on 29 February has a birthday on
 * 28 February in non-leap years (2000-02-29 is 1 on 2001-02-28, still 0 on 2001-02-27).
 * Returns -1 when on is before birth or either date is invalid.
 */
int idcard_age(Date birth, Date on);

/*
 * 党龄 in completed years on the date on, counted from probation_end, the day the 预备期 ends
 * (预备期满之日, moved by any 延长预备期; not the approval date; DOMAIN.md §8). Completed years
 * as in idcard_age, with the same 29 February rule: 0 from probation_end itself until the day
 * before its first anniversary. Returns -1 when on is before probation_end (the person is not
 * yet a full member on that date: no 党龄) or either date is invalid; callers show -1 as "—",
 * never as 0. 重新入党: pass the new probation end (党龄 restarts).
 */
int party_standing_years(Date probation_end, Date on);

/* The short name of a province code accepted by idcard_normalize ("北京", "广东", "香港"...),
 * or NULL for any other code. Static. */
const char *idcard_province_name(int code);

#endif
