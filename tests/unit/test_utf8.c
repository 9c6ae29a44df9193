/*
 * Unit tests of src/base/utf8.c: validation, decode/encode, NFKC and width folds, trimming,
 * display width and prefix truncation. Each test is a table of cases.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"

#include "base/banned.h"

/* A byte string with its length, so that cases may contain NUL bytes. */
#define BYTES(s) s, sizeof(s) - 1

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

Test(utf8, valid) {
  static const struct {
    const char *s;
    size_t n;
    bool valid;
  } cases[] = {
      {BYTES(""), true},
      {BYTES("abc"), true},
      {BYTES("中文"), true},
      {BYTES("a\0b"), true},              /* U+0000 is valid UTF-8 */
      {BYTES("\xC2\x80"), true},          /* U+0080, smallest 2-byte */
      {BYTES("\xDF\xBF"), true},          /* U+07FF */
      {BYTES("\xE0\xA0\x80"), true},      /* U+0800, smallest 3-byte */
      {BYTES("\xED\x9F\xBF"), true},      /* U+D7FF, just below the surrogates */
      {BYTES("\xEE\x80\x80"), true},      /* U+E000, just above */
      {BYTES("\xEF\xBF\xBF"), true},      /* U+FFFF */
      {BYTES("\xF0\x90\x80\x80"), true},  /* U+10000 */
      {BYTES("\xF0\x9F\x98\x80"), true},  /* emoji */
      {BYTES("\xF4\x8F\xBF\xBF"), true},  /* U+10FFFF */
      {BYTES("\xC0\xAF"), false},         /* overlong '/' */
      {BYTES("\xC1\xBF"), false},         /* overlong */
      {BYTES("\xE0\x80\xAF"), false},     /* overlong 3-byte */
      {BYTES("\xE0\x9F\xBF"), false},     /* overlong U+07FF */
      {BYTES("\xF0\x8F\xBF\xBF"), false}, /* overlong 4-byte */
      {BYTES("\xED\xA0\x80"), false},     /* U+D800 surrogate */
      {BYTES("\xED\xBF\xBF"), false},     /* U+DFFF surrogate */
      {BYTES("\xF4\x90\x80\x80"), false}, /* U+110000 */
      {BYTES("\xF5\x80\x80\x80"), false}, /* F5 never starts a sequence */
      {BYTES("\xFF"), false},             /* never in UTF-8 */
      {BYTES("\x80"), false},             /* lone continuation */
      {BYTES("\xE4\xB8"), false},         /* truncated 中 */
      {BYTES("\xE4\xB8\x41"), false},     /* bad continuation */
      {BYTES("abc\xE4"), false},          /* truncated at the end */
      {BYTES("\xF0\x9F\x98"), false},     /* truncated emoji */
      {BYTES("\xC3\xA9\xC3"), false},     /* é then truncated */
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_expect_eq(utf8_valid(cases[i].s, cases[i].n), cases[i].valid, "case %zu", i);
    cr_expect_eq(utf8_length(cases[i].s, cases[i].n) >= 0, cases[i].valid, "case %zu", i);
  }
}

Test(utf8, decode_encode_round_trip) {
  static const int32_t cps[] = {0,      0x41,   0x7F,   0x80,   0x7FF,   0x800,   0x4E2D,
                                0xD7FF, 0xE000, 0xFEFF, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
  for (size_t i = 0; i < N_ELEMS(cps); i++) {
    char buf[4];
    size_t n = utf8_encode(cps[i], buf);
    cr_assert(n >= 1 && n <= 4, "cp %x", (unsigned)cps[i]);
    size_t len;
    cr_expect_eq(utf8_decode(buf, n, &len), cps[i], "cp %x", (unsigned)cps[i]);
    cr_expect_eq(len, n);
  }
  static const int32_t bad[] = {-1, 0xD800, 0xDFFF, 0x110000, 0x7FFFFFFF};
  for (size_t i = 0; i < N_ELEMS(bad); i++) {
    char buf[4];
    cr_expect_eq(utf8_encode(bad[i], buf), 0u, "cp %x", (unsigned)bad[i]);
  }
  size_t len = 99;
  cr_expect_eq(utf8_decode("", 0, &len), -1);
  cr_expect_eq(len, 0u);
  cr_expect_eq(utf8_decode("\xE4\xB8", 2, &len), -1);
  cr_expect_eq(len, 1u);
}

Test(utf8, length) {
  static const struct {
    const char *s;
    size_t n;
    long len;
  } cases[] = {
      {BYTES(""), 0},       {BYTES("abc"), 3}, {BYTES("中文a"), 3}, {BYTES("\xF0\x9F\x98\x80"), 1},
      {BYTES("a\xFF"), -1},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_expect_eq(utf8_length(cases[i].s, cases[i].n), cases[i].len, "case %zu", i);
  }
}

typedef struct {
  const char *s;
  size_t n;
  const char *want; /* NULL: the function must return NULL */
} Utf8StrCase;

static void utf8_check_str_cases(const char *what, char *(*fn)(const char *, size_t),
                                 const Utf8StrCase *cases, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char *got = fn(cases[i].s, cases[i].n);
    if (cases[i].want == NULL) {
      cr_expect_null(got, "%s case %zu: got \"%s\"", what, i, got ? got : "");
    } else {
      cr_expect_not_null(got, "%s case %zu", what, i);
      if (got) {
        cr_expect_str_eq(got, cases[i].want, "%s case %zu", what, i);
      }
    }
    free(got);
  }
}

Test(utf8, fold_nfkc) {
  static const Utf8StrCase cases[] = {
      {BYTES(""), ""},
      {BYTES("abc"), "abc"},
      {BYTES("１２３ＡＢＣａｂｃ"), "123ABCabc"},
      {BYTES("１３８００１３８０００"), "13800138000"},
      {BYTES("　"), " "}, /* U+3000 */
      {BYTES("２０２４－０３－０５"), "2024-03-05"},
      {BYTES("①"), "1"},
      {BYTES("㎡"), "m2"},
      {BYTES("ﬁ"), "fi"},
      {BYTES("ｶﾞ"), "ガ"},              /* half-width katakana composed */
      {BYTES("e\xCC\x81"), "\xC3\xA9"}, /* e + combining acute -> é */
      {BYTES("中国共产党"), "中国共产党"},
      {BYTES("党支部（第一）"), "党支部(第一)"},
      {BYTES("\xC0\xAF"), NULL},
      {BYTES("\xED\xA0\x80"), NULL},
      {BYTES("a\0b"), NULL},
      {BYTES("abc\xE4"), NULL},
  };
  utf8_check_str_cases("fold", utf8_fold, cases, N_ELEMS(cases));
}

Test(utf8, fold_width) {
  static const Utf8StrCase cases[] = {
      {BYTES(""), ""},
      {BYTES("１２３ＡＢＣａｂｃ"), "123ABCabc"},
      {BYTES("１１０１０１１９９００３０７７６３Ｘ"), "11010119900307763X"},
      {BYTES("！～"), "!~"}, /* U+FF01 and U+FF5E, the ends of the range */
      {BYTES("｟"), "｟"},   /* U+FF5F, just past it */
      {BYTES("　ｘ　"), " x "},
      {BYTES("①"), "①"},
      {BYTES("㎡"), "㎡"},
      {BYTES("ｶ"), "ｶ"},
      {BYTES("中文，"), "中文,"},
      {BYTES("e\xCC\x81"), "e\xCC\x81"},
      {BYTES("\xFF"), NULL},
      {BYTES("x\0"), NULL},
  };
  utf8_check_str_cases("fold_width", utf8_fold_width, cases, N_ELEMS(cases));
}

Test(utf8, trim) {
  static const Utf8StrCase cases[] = {
      {BYTES(""), ""},
      {BYTES("abc"), "abc"},
      {BYTES(" \t\r\n abc \n"), "abc"},
      {BYTES("   "), ""},
      {BYTES("a b"), "a b"},
      {BYTES("\xC2\xA0"
             "abc"
             "\xE3\x80\x80"),
       "abc"}, /* NBSP, U+3000 */
      {BYTES("\xE2\x80\x80\xE2\x80\x8A"
             "x"
             "\xE2\x80\xAF\xE2\x81\x9F"),
       "x"}, /* U+2000..205F */
      {BYTES("\xEF\xBB\xBF"
             "x"
             "\xE2\x80\x8B"),
       "x"}, /* BOM, ZWSP */
      {BYTES("\xE2\x80\xA8"
             "x"
             "\xE2\x80\xA9"),
       "x"}, /* U+2028/2029 */
      {BYTES("\xE1\x9A\x80"
             "x"
             "\x0B\x0C\x01"),
       "x"},                             /* U+1680, VT, FF */
      {BYTES("\xC2\x85x\xC2\x9F"), "x"}, /* C1 controls */
      {BYTES("\xE3\x80\x80中 文\xE3\x80\x80"), "中 文"},
      {BYTES("\xE3\x80\x80\xE3\x80\x80"), ""},
      {BYTES(" \xFF "), NULL},
      {BYTES(" x\0"), NULL},
  };
  utf8_check_str_cases("trim", utf8_trim, cases, N_ELEMS(cases));
}

Test(utf8, width) {
  static const struct {
    const char *s;
    size_t n;
    int width;
  } cases[] = {
      {BYTES(""), 0},
      {BYTES("abc"), 3},
      {BYTES("中文"), 4},
      {BYTES("a中b"), 4},
      {BYTES("１"), 2},
      {BYTES("e\xCC\x81"), 1},
      {BYTES("\xF0\x9F\x98\x80"), 2},
      {BYTES("ｶ"), 1},
      {BYTES("\xC0\xAF"), -1},
      {BYTES("ab\xE4"), -1},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_expect_eq(utf8_width(cases[i].s, cases[i].n), cases[i].width, "case %zu", i);
  }
}

Test(utf8, prefix) {
  static const struct {
    const char *s;
    size_t n;
    size_t max;
    size_t want;
  } cases[] = {
      {BYTES("abc"), 10, 3},
      {BYTES("abc"), 3, 3},
      {BYTES("abc"), 2, 2},
      {BYTES("abc"), 0, 0},
      {BYTES("中文"), 6, 6},
      {BYTES("中文"), 5, 3},
      {BYTES("中文"), 4, 3},
      {BYTES("中文"), 3, 3},
      {BYTES("中文"), 2, 0},
      {BYTES("a中"), 3, 1},
      {BYTES("a中b"), 4, 4},
      {BYTES("\xF0\x9F\x98\x80x"), 4, 4},
      {BYTES("\xF0\x9F\x98\x80x"), 3, 0},
      {BYTES("\xFF\xFF\xFF"), 2, 2}, /* invalid bytes count as single characters */
      {BYTES("\xE4\xB8"
             "a"),
       2, 2}, /* a truncated sequence is cut byte by byte */
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_expect_eq(utf8_prefix(cases[i].s, cases[i].n, cases[i].max), cases[i].want, "case %zu", i);
  }
}

Test(utf8, is_space) {
  static const int32_t spaces[] = {' ',    '\t',   '\n',   '\r',   0x0B,   0x0C,   0,      0x85,
                                   0xA0,   0x1680, 0x180E, 0x2000, 0x2005, 0x200A, 0x200B, 0x200D,
                                   0x2028, 0x2029, 0x202F, 0x205F, 0x2060, 0x3000, 0xFEFF};
  static const int32_t not_spaces[] = {'a', '0', 0x4E2D, 0xFF10, 0xAD, 0x110000, -1};
  for (size_t i = 0; i < N_ELEMS(spaces); i++) {
    cr_expect(utf8_is_space(spaces[i]), "U+%04X", (unsigned)spaces[i]);
  }
  for (size_t i = 0; i < N_ELEMS(not_spaces); i++) {
    cr_expect(!utf8_is_space(not_spaces[i]), "U+%04X", (unsigned)not_spaces[i]);
  }
}

Test(utf8, sort_key_orders_common_names_by_pinyin) {
  /* 李 (li) < 刘 (liu) < 王 (wang) < 张 (zhang) < 赵 (zhao); ASCII before Chinese */
  static const char *const names[] = {"Alice", "李春梅", "刘洋", "王志强", "张三", "赵组织"};
  char *prev = NULL;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char *k = utf8_sort_key(names[i], strlen(names[i]));
    cr_assert_not_null(k, "%s", names[i]);
    if (prev) {
      cr_assert_lt(strcmp(prev, k), 0, "%s should sort after %s", names[i], names[i - 1]);
    }
    free(prev);
    prev = k;
  }
  free(prev);
  cr_assert_null(utf8_sort_key("\xff", 1));
  char *empty = utf8_sort_key("", 0);
  cr_assert_str_eq(empty, "");
  free(empty);
}
