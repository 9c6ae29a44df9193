/*
 * Unit tests of src/meeting/similar.c: normalisation, shingles, the exact measures, the rule
 * (Jaccard between records, containment of a record in a material), LSH recall on planted
 * near-duplicates, passage alignment and the small cases. Synthetic texts are drawn from the
 * vocabulary below with a seeded PRNG, so every run sees the same texts.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "meeting/similar.h"

#include "../lib/vocabulary.h"

#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define BYTES_OF(s) s, strlen(s)

/* ---- synthetic Chinese text ------------------------------------------------------------- */

/* Real words of party-building minutes and study notes, separated by spaces. */
static const char vocabulary[] = VOCABULARY_WORDS;

/* splitmix64: the test's only source of "randomness", seeded per test. */
static uint64_t rng_next(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static size_t rng_below(uint64_t *state, size_t n) { return (size_t)(rng_next(state) % n); }

typedef struct Words {
  const char *w[512];
  size_t len[512];
  size_t n;
} Words;

static const Words *words(void) {
  static Words ws;
  if (ws.n == 0) {
    const char *p = vocabulary;
    while (*p) {
      const char *e = strchr(p, ' ');
      size_t len = e ? (size_t)(e - p) : strlen(p);
      cr_assert_lt(ws.n, N_ELEMS(ws.w));
      ws.w[ws.n] = p;
      ws.len[ws.n] = len;
      ws.n++;
      p += len;
      while (*p == ' ') {
        p++;
      }
    }
  }
  return &ws;
}

/* Appends one sentence of 6..17 words with a comma now and then, ending in 。. */
static void gen_sentence(Buf *b, uint64_t *rng) {
  const Words *ws = words();
  size_t n = 6 + rng_below(rng, 12);
  for (size_t i = 0; i < n; i++) {
    size_t w = rng_below(rng, ws->n);
    buf_append(b, ws->w[w], ws->len[w]);
    if (i + 1 < n && rng_below(rng, 6) == 0) {
      buf_puts(b, "，");
    }
  }
  buf_puts(b, "。");
}

/* Appends sentences until b holds at least chars code points; returns the number added and
 * stores each sentence's starting byte in starts (when not NULL, up to max_starts). */
static size_t gen_text(Buf *b, uint64_t *rng, long chars, size_t *starts, size_t max_starts) {
  size_t n = 0;
  while (utf8_length(b->data ? b->data : "", b->len) < chars) {
    if (starts && n < max_starts) {
      starts[n] = b->len;
    }
    gen_sentence(b, rng);
    n++;
  }
  return n;
}

/* Replaces the code point at code point position pos of b (a CJK character, 3 bytes) by 〇
 * or by 某, whichever differs, keeping the byte length. */
static void change_char(Buf *b, long pos) {
  size_t i = 0;
  for (long cp = 0; cp < pos; cp++) {
    size_t len;
    utf8_decode(b->data + i, b->len - i, &len);
    i += len;
  }
  static const char some[] = "某";
  static const char other[] = "甲";
  const char *rep = memcmp(b->data + i, some, 3) == 0 ? other : some;
  size_t len;
  utf8_decode(b->data + i, b->len - i, &len);
  if (len == 3) {
    memcpy(b->data + i, rep, 3);
  }
}

/* Exact Jaccard and containment of two texts from their shingle fingerprints. */
static int cmp_u32(const void *x, const void *y) {
  uint32_t a = *(const uint32_t *)x;
  uint32_t b = *(const uint32_t *)y;
  return a < b ? -1 : a > b;
}

static size_t shingle_set(SimIndex *idx, const char *s, uint32_t **out) {
  size_t n = sim_shingles(idx, s, strlen(s), NULL, 0);
  uint32_t *a = malloc((n ? n : 1) * sizeof *a);
  sim_shingles(idx, s, strlen(s), a, n);
  qsort(a, n, sizeof *a, cmp_u32);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (m == 0 || a[i] != a[m - 1]) {
      a[m++] = a[i];
    }
  }
  *out = a;
  return m;
}

static double exact_jaccard(const char *x, const char *y, double *cont_x_in_y) {
  SimIndex *idx = sim_index_new(NULL);
  uint32_t *a, *b;
  size_t na = shingle_set(idx, x, &a);
  size_t nb = shingle_set(idx, y, &b);
  size_t i = 0, j = 0, inter = 0;
  while (i < na && j < nb) {
    if (a[i] == b[j]) {
      inter++;
      i++;
      j++;
    } else if (a[i] < b[j]) {
      i++;
    } else {
      j++;
    }
  }
  free(a);
  free(b);
  sim_index_free(idx);
  if (cont_x_in_y) {
    *cont_x_in_y = na ? (double)inter / (double)na : 0;
  }
  return na + nb ? (double)inter / (double)(na + nb - inter) : 0;
}

/* Two genuinely different paragraphs on 三会一课, and a copy of the first with three
 * characters changed (第一→第二, 四次→六次, 带头→亲自). */
static const char para_a[] =
    "三会一课是党的组织生活的基本制度，指定期召开支部党员大会、支部委员会、党小组会，按时上好党"
    "课。我们支部坚持每月第一个星期五开展主题党日，把支部委员会放在月初，研究本月的重点工作；党"
    "小组会由各小组长结合生产安排灵活组织，每次都要有记录、有签到。党课由书记带头讲，一年不少于"
    "四次，内容紧扣理论学习和村里的实际问题，课后大家围绕如何发挥先锋作用开展讨论。";
static const char para_a_edited[] =
    "三会一课是党的组织生活的基本制度，指定期召开支部党员大会、支部委员会、党小组会，按时上好党"
    "课。我们支部坚持每月第二个星期五开展主题党日，把支部委员会放在月初，研究本月的重点工作；党"
    "小组会由各小组长结合生产安排灵活组织，每次都要有记录、有签到。党课由书记亲自讲，一年不少于"
    "六次，内容紧扣理论学习和村里的实际问题，课后大家围绕如何发挥先锋作用开展讨论。";
static const char para_b[] =
    "落实“三会一课”不能走过场。过去个别党员觉得开会就是念文件，参加的积极性不高。今年以来，村"
    "党总支把会议改到晚上农闲时，请老党员讲入党时的故事，请致富能手分享种植经验，年轻党员用手机"
    "把学习内容拍成短视频。组织生活从“要我开”变成“我要来”，到会率明显提高。下一步还将建立会议"
    "质量评估，由群众代表参与打分，推动组织生活真正解决实际问题。";

static size_t pairs_of(SimIndex *idx, double t, SimPair **out) { return sim_pairs(idx, t, out); }

/* ---- normalisation ---------------------------------------------------------------------- */

Test(similar, normalize_table) {
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
      {"", ""},
      {"学习贯彻党的二十大精神", "学习贯彻党的二十大精神"},
      {"ＡＢＣ１２３", "abc123"},                               /* full-width -> ASCII, lower */
      {"第１季度，“三会一课”。", "第1季度三会一课"},            /* CJK punctuation dropped */
      {"Hello, World! 2024-06-15", "helloworld20240615"},       /* ASCII punctuation, spaces */
      {"党员\u3000大会\t\n（上）", "党员大会上"},               /* ideographic space, tabs */
      {"《习近平谈治国理政》第四卷", "习近平谈治国理政第四卷"}, /* book-title marks */
      {"①②③", "123"},                                           /* circled numbers */
      {"面积50㎡", "面积50m2"},                                 /* compatibility forms */
      {"Ⅻ章", "xii章"},                                         /* roman numeral Nl */
      {"二〇二四年", "二〇二四年"},                             /* 〇 is a number: kept */
      {"café cafe\xCC\x81", "cafecafe"},                        /* marks removed both ways */
      {"Word文档和PDF", "word文档和pdf"},                       /* mixed scripts */
      {"ひらがなカタカナ", "ひらかなカタカナ"},                 /* kana: voicing marks go */
      {"ｶﾀｶﾅ", "カタカナ"},                                     /* half-width kana */
      {"\xE2\xBC\x80\xEF\xA4\x80", "一豈"},                     /* ⼀ Kangxi, U+F900 compat */
      {"𠀀字", "𠀀字"},                                         /* CJK Ext. B kept */
      {"👍好的！！", "好的"},                                    /* emoji are symbols */
      {"a\xFF"
       "b\xE4\xB8"
       "c",
       "abc"},         /* invalid bytes dropped */
      {"——……·～", ""}, /* punctuation only */
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    char *got = sim_normalize(cases[i].in, strlen(cases[i].in));
    cr_expect_str_eq(got, cases[i].out, "case %zu: %s", i, cases[i].in);
    free(got);
  }
}

Test(similar, shingle_counts) {
  static const struct {
    const char *in;
    size_t count;
  } cases[] = {
      {"", 0},         {"。，！", 0},         {"学", 1},         {"学习", 1}, {"学习党", 1},
      {"学习党章", 1}, {"学习党章，党规", 3}, {"ａｂｃｄｅ", 2},
  };
  SimIndex *idx = sim_index_new(NULL);
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    cr_expect_eq(sim_shingles(idx, cases[i].in, strlen(cases[i].in), NULL, 0), cases[i].count,
                 "case %zu", i);
  }
  /* same normalised text -> same fingerprints */
  uint32_t a[8], b[8];
  cr_assert_eq(sim_shingles(idx, BYTES_OF("学习，党章。"), a, 8), 1);
  cr_assert_eq(sim_shingles(idx, BYTES_OF("学习 党章"), b, 8), 1);
  cr_expect_eq(a[0], b[0]);
  sim_index_free(idx);
}

/* ---- parameters and small cases --------------------------------------------------------- */

Test(similar, params) {
  SimParams p = sim_params_default();
  cr_expect_eq(p.ngram, 4);
  cr_expect_eq(p.bands * p.rows, 128);
  static const struct {
    int ngram, bands, rows, min_length;
    bool ok;
  } cases[] = {
      {4, 32, 4, 8, true},   {1, 1, 1, 1, true},    {16, 256, 4, 1, true}, {0, 32, 4, 8, false},
      {17, 32, 4, 8, false}, {4, 0, 4, 8, false},   {4, 32, 0, 8, false},  {4, 512, 4, 8, false},
      {4, 32, 4, 0, false},  {4, -1, -1, 8, false},
  };
  for (size_t i = 0; i < N_ELEMS(cases); i++) {
    SimParams q = {cases[i].ngram, cases[i].bands, cases[i].rows, cases[i].min_length, 1};
    SimIndex *idx = sim_index_new(&q);
    cr_expect_eq(idx != NULL, cases[i].ok, "case %zu", i);
    sim_index_free(idx);
  }
  SimIndex *idx = sim_index_new(NULL);
  cr_expect_eq(sim_add(idx, 1, 1, 2, "x", 1), -1);
  cr_expect_eq(sim_add(idx, 1, 1, -1, "x", 1), -1);
  SimStats st;
  sim_index_stats(idx, &st);
  cr_expect_eq(st.docs, 0);
  sim_index_free(idx);
}

Test(similar, empty_and_tiny) {
  SimIndex *idx = sim_index_new(NULL);
  cr_assert_eq(sim_add(idx, 1, 1, SIM_RECORD, "", 0), 0);
  cr_assert_eq(sim_add(idx, 2, 1, SIM_RECORD, "", 0), 0);
  cr_assert_eq(sim_add(idx, 3, 1, SIM_RECORD, "。。。", strlen("。。。")), 0);
  cr_assert_eq(sim_add(idx, 4, 1, SIM_RECORD, "同意", strlen("同意")), 0);
  cr_assert_eq(sim_add(idx, 5, 1, SIM_RECORD, "同意！", strlen("同意！")), 0);
  cr_assert_eq(sim_add(idx, 6, 1, SIM_MATERIAL, "同意", strlen("同意")), 0);
  SimPair *pairs;
  /* default min_length 8: nothing is long enough to be paired */
  cr_expect_eq(pairs_of(idx, 0.5, &pairs), 0);
  cr_expect_null(pairs);
  SimStats st;
  sim_index_stats(idx, &st);
  cr_expect_eq(st.docs, 6);
  cr_expect_eq(st.paired_docs, 0);
  sim_index_free(idx);

  /* min_length 1: the tiny texts are one shingle each; the identical ones pair with 1.0 */
  SimParams p = sim_params_default();
  p.min_length = 1;
  idx = sim_index_new(&p);
  cr_assert_eq(sim_add(idx, 1, 1, SIM_RECORD, "", 0), 0);
  cr_assert_eq(sim_add(idx, 2, 1, SIM_RECORD, "", 0), 0);
  cr_assert_eq(sim_add(idx, 4, 1, SIM_RECORD, "同意", strlen("同意")), 0);
  cr_assert_eq(sim_add(idx, 5, 1, SIM_RECORD, "同意！", strlen("同意！")), 0);
  cr_assert_eq(sim_add(idx, 7, 1, SIM_RECORD, "同", strlen("同")), 0);
  cr_assert_eq(pairs_of(idx, 0.5, &pairs), 1);
  cr_expect_eq(pairs[0].a, 4);
  cr_expect_eq(pairs[0].b, 5);
  cr_expect_float_eq(pairs[0].jaccard, 1.0, 1e-12);
  free(pairs);
  sim_index_free(idx);

  /* passages of empty and short texts */
  SimPassage ps[4];
  cr_expect_eq(sim_passages("", 0, "", 0, ps, 4), 0);
  cr_expect_eq(sim_passages("", 0, para_a, strlen(para_a), ps, 4), 0);
  cr_expect_eq(sim_passages(para_a, strlen(para_a), "", 0, ps, 4), 0);
  cr_expect_eq(sim_passages("三会一课制度", strlen("三会一课制度"), para_a, strlen(para_a), ps, 4),
               0); /* 6 characters: below SIM_PASSAGE_MIN */
  cr_expect_eq(sim_passages("党的组织生活的基本", strlen("党的组织生活的基本"), para_a,
                            strlen(para_a), NULL, 0),
               1); /* 9 characters: counted, nothing written */
}

/* ---- the measures ----------------------------------------------------------------------- */

Test(similar, identical_texts) {
  SimIndex *idx = sim_index_new(NULL);
  cr_assert_eq(sim_add(idx, 10, 100, SIM_RECORD, para_a, strlen(para_a)), 0);
  cr_assert_eq(sim_add(idx, 11, 200, SIM_RECORD, para_b, strlen(para_b)), 0);
  cr_assert_eq(sim_add(idx, 12, 300, SIM_RECORD, para_a, strlen(para_a)), 0);
  SimPair *pairs;
  cr_assert_eq(pairs_of(idx, 0.5, &pairs), 1);
  cr_expect_eq(pairs[0].a, 10);
  cr_expect_eq(pairs[0].b, 12);
  cr_expect_eq(pairs[0].group_a, 100);
  cr_expect_eq(pairs[0].group_b, 300);
  cr_expect_eq(pairs[0].kind_a, SIM_RECORD);
  cr_expect_eq(pairs[0].kind_b, SIM_RECORD);
  cr_expect_float_eq(pairs[0].score, 1.0, 1e-12);
  cr_expect_float_eq(pairs[0].jaccard, 1.0, 1e-12);
  cr_expect_float_eq(pairs[0].containment_a_in_b, 1.0, 1e-12);
  cr_expect_float_eq(pairs[0].containment_b_in_a, 1.0, 1e-12);
  free(pairs);
  /* threshold 1 still finds it; punctuation and width differences do not matter */
  const char *wide = "三会一课是党的组织生活的基本制度 指定期召开支部党员大会 支部委员会 党小组会";
  const char *plain =
      "三会一课是党的组织生活的基本制度，指定期召开支部党员大会、支部委员会、党小组会。";
  cr_assert_eq(sim_add(idx, 13, 1, SIM_RECORD, wide, strlen(wide)), 0);
  cr_assert_eq(sim_add(idx, 14, 1, SIM_RECORD, plain, strlen(plain)), 0);
  size_t n = pairs_of(idx, 1.0, &pairs);
  cr_assert_eq(n, 2);
  cr_expect_eq(pairs[0].a, 10);
  cr_expect_eq(pairs[1].a, 13);
  cr_expect_eq(pairs[1].b, 14);
  free(pairs);
  sim_index_free(idx);
}

Test(similar, same_topic_independent_texts_below_threshold) {
  double cont;
  double j = exact_jaccard(para_a, para_b, &cont);
  cr_expect_lt(j, 0.1, "jaccard %f", j);
  cr_expect_lt(cont, 0.2, "containment %f", cont);
  SimIndex *idx = sim_index_new(NULL);
  cr_assert_eq(sim_add(idx, 1, 1, SIM_RECORD, para_a, strlen(para_a)), 0);
  cr_assert_eq(sim_add(idx, 2, 2, SIM_RECORD, para_b, strlen(para_b)), 0);
  cr_assert_eq(sim_add(idx, 3, 3, SIM_MATERIAL, para_b, strlen(para_b)), 0);
  SimPair *pairs;
  size_t n = pairs_of(idx, 0.5, &pairs);
  /* only 2 (record) against itself registered as a material */
  cr_assert_eq(n, 1);
  cr_expect_eq(pairs[0].a, 2);
  cr_expect_eq(pairs[0].b, 3);
  free(pairs);
  sim_index_free(idx);
}

Test(similar, copy_with_a_few_characters_changed) {
  double j = exact_jaccard(para_a, para_a_edited, NULL);
  cr_expect_gt(j, 0.8, "jaccard %f", j);
  cr_expect_lt(j, 1.0);
  SimIndex *idx = sim_index_new(NULL);
  cr_assert_eq(sim_add(idx, 1, 1, SIM_RECORD, para_b, strlen(para_b)), 0);
  cr_assert_eq(sim_add(idx, 2, 1, SIM_RECORD, para_a, strlen(para_a)), 0);
  cr_assert_eq(sim_add(idx, 3, 2, SIM_RECORD, para_a_edited, strlen(para_a_edited)), 0);
  SimPair *pairs;
  cr_assert_eq(pairs_of(idx, 0.5, &pairs), 1);
  cr_expect_eq(pairs[0].a, 2);
  cr_expect_eq(pairs[0].b, 3);
  cr_expect_float_eq(pairs[0].jaccard, j, 1e-12);
  cr_expect_float_eq(pairs[0].score, j, 1e-12);
  free(pairs);
  sim_index_free(idx);
}

Test(similar, note_copied_from_material) {
  uint64_t rng = 20240615;
  Buf material = BUF_INIT;
  size_t starts[256];
  size_t ns = gen_text(&material, &rng, 2000, starts, N_ELEMS(starts));
  cr_assert_gt(ns, 14);
  /* the note: a heading, sentences 10-12 verbatim, one line of its own */
  Buf note = BUF_INIT;
  buf_puts(&note, "学习体会：");
  buf_append(&note, material.data + starts[10], starts[13] - starts[10]);
  buf_puts(&note, "深受启发。");

  double cont;
  double j = exact_jaccard(note.data, material.data, &cont);
  cr_expect_geq(cont, 0.8, "containment %f", cont);
  cr_expect_lt(j, 0.2, "jaccard %f", j);

  SimIndex *idx = sim_index_new(NULL);
  cr_assert_eq(sim_add(idx, 7, 0, SIM_MATERIAL, material.data, material.len), 0);
  cr_assert_eq(sim_add(idx, 8, 42, SIM_RECORD, para_a, strlen(para_a)), 0);
  cr_assert_eq(sim_add(idx, 9, 42, SIM_RECORD, note.data, note.len), 0);
  SimPair *pairs;
  cr_assert_eq(pairs_of(idx, 0.5, &pairs), 1);
  cr_expect_eq(pairs[0].a, 9);
  cr_expect_eq(pairs[0].b, 7);
  cr_expect_eq(pairs[0].kind_a, SIM_RECORD);
  cr_expect_eq(pairs[0].kind_b, SIM_MATERIAL);
  cr_expect_eq(pairs[0].group_a, 42);
  cr_expect_float_eq(pairs[0].containment_a_in_b, cont, 1e-12);
  cr_expect_float_eq(pairs[0].score, cont, 1e-12);
  cr_expect_float_eq(pairs[0].jaccard, j, 1e-12);
  cr_expect_lt(pairs[0].containment_b_in_a, 0.2);
  free(pairs);
  /* between records, the same two texts are judged by Jaccard: no pair */
  SimIndex *rec = sim_index_new(NULL);
  cr_assert_eq(sim_add(rec, 7, 0, SIM_RECORD, material.data, material.len), 0);
  cr_assert_eq(sim_add(rec, 9, 42, SIM_RECORD, note.data, note.len), 0);
  cr_expect_eq(pairs_of(rec, 0.5, &pairs), 0);
  sim_index_free(rec);
  sim_index_free(idx);
  buf_free(&note);
  buf_free(&material);
}

/* ---- LSH recall ------------------------------------------------------------------------- */

Test(similar, lsh_recall_planted_pairs) {
  enum { DOCS = 200, PLANTED = 20 };
  uint64_t rng = 0x5eed;
  Buf docs[DOCS];
  int copy_of[DOCS]; /* -1, or the document this one copies */
  bool copied[DOCS]; /* a source of a copy already: each source is copied once */
  for (int i = 0; i < DOCS; i++) {
    docs[i] = (Buf)BUF_INIT;
    copy_of[i] = -1;
    copied[i] = false;
  }
  /* every 10th document (from 10 on) copies an earlier one, with about one character in 50
   * changed (at least 1 % and at most 2 % of the characters) */
  int planted = 0;
  for (int i = 0; i < DOCS; i++) {
    if (i % 10 == 9 && planted < PLANTED) {
      int src = (int)rng_below(&rng, (size_t)i);
      while (copy_of[src] >= 0 || copied[src]) {
        src = (int)rng_below(&rng, (size_t)i);
      }
      copy_of[i] = src;
      copied[src] = true;
      buf_append(&docs[i], docs[src].data, docs[src].len);
      long len = utf8_length(docs[i].data, docs[i].len);
      for (long c = 0; c < len / 50; c++) {
        change_char(&docs[i], (long)rng_below(&rng, (size_t)len));
      }
      planted++;
    } else {
      gen_text(&docs[i], &rng, 200 + (long)rng_below(&rng, 600), NULL, 0);
    }
  }
  cr_assert_eq(planted, PLANTED);
  SimIndex *idx = sim_index_new(NULL);
  for (int i = 0; i < DOCS; i++) {
    cr_assert_eq(sim_add(idx, 1000 + i, i % 7, SIM_RECORD, docs[i].data, docs[i].len), 0);
  }
  SimPair *pairs;
  size_t n = pairs_of(idx, 0.5, &pairs);
  cr_expect_eq(n, PLANTED);
  int found = 0;
  for (size_t x = 0; x < n; x++) {
    int a = (int)(pairs[x].a - 1000), b = (int)(pairs[x].b - 1000);
    cr_expect(copy_of[b] == a, "unexpected pair %d %d (%f)", a, b, pairs[x].jaccard);
    cr_expect_geq(pairs[x].jaccard, 0.5);
    cr_expect_leq(pairs[x].jaccard, 1.0);
    if (x > 0) {
      cr_expect_geq(pairs[x - 1].score, pairs[x].score, "ordered by score");
    }
    found += copy_of[b] == a;
  }
  cr_expect_eq(found, PLANTED);
  SimStats st;
  sim_index_stats(idx, &st);
  cr_expect_eq(st.pairs, n);
  cr_expect_geq(st.candidates, n);

  /* determinism: a second index over the same input gives byte-identical output */
  SimIndex *again = sim_index_new(NULL);
  for (int i = 0; i < DOCS; i++) {
    cr_assert_eq(sim_add(again, 1000 + i, i % 7, SIM_RECORD, docs[i].data, docs[i].len), 0);
  }
  SimPair *pairs2;
  cr_assert_eq(pairs_of(again, 0.5, &pairs2), n);
  cr_expect_eq(memcmp(pairs, pairs2, n * sizeof *pairs), 0);
  free(pairs2);
  /* and asking the same index again (fingerprints now sorted) too */
  cr_assert_eq(pairs_of(idx, 0.5, &pairs2), n);
  cr_expect_eq(memcmp(pairs, pairs2, n * sizeof *pairs), 0);
  free(pairs2);
  sim_index_free(again);

  free(pairs);
  sim_index_free(idx);
  for (int i = 0; i < DOCS; i++) {
    buf_free(&docs[i]);
  }
}

/* ---- exact duplicates ------------------------------------------------------------------ */

static size_t uf_root(size_t *parent, size_t i) {
  while (parent[i] != i) {
    i = parent[i] = parent[parent[i]];
  }
  return i;
}

static void uf_join(size_t *parent, size_t a, size_t b) {
  a = uf_root(parent, a);
  b = uf_root(parent, b);
  parent[a < b ? b : a] = a < b ? a : b;
}

/* n copies of one text: n - 1 pairs (first copy, copy), nothing verified. */
Test(similar, many_identical_texts_are_linear) {
  enum { N = 3000 };
  uint64_t rng = 4242;
  Buf text = BUF_INIT;
  gen_text(&text, &rng, 300, NULL, 0);
  SimIndex *idx = sim_index_new(NULL);
  cr_assert_eq(sim_add(idx, 5, 0, SIM_RECORD, para_b, strlen(para_b)), 0);
  for (int i = 0; i < N; i++) {
    cr_assert_eq(sim_add(idx, 100 + i, i % 9, SIM_RECORD, text.data, text.len), 0);
  }
  SimPair *pairs;
  size_t n = pairs_of(idx, 0.5, &pairs);
  cr_assert_eq(n, N - 1);
  for (size_t x = 0; x < n; x++) {
    cr_expect_eq(pairs[x].a, 100);
    cr_expect_eq(pairs[x].b, 101 + (int64_t)x, "in the order added");
    cr_expect_eq(pairs[x].group_b, (int64_t)((x + 1) % 9));
    cr_expect_eq(pairs[x].duplicate, 1);
    cr_expect_eq(pairs[x].reserved, 0);
    cr_expect(pairs[x].score == 1 && pairs[x].jaccard == 1 && pairs[x].containment_a_in_b == 1 &&
              pairs[x].containment_b_in_a == 1);
  }
  SimStats st;
  sim_index_stats(idx, &st);
  cr_expect_eq(st.duplicates, N - 1);
  cr_expect_eq(st.pairs, N - 1);
  cr_expect_eq(st.candidates, 0, "the representative alone is in the banding");
  cr_expect_eq(st.verified, 0);
  free(pairs);
  /* asked again: the same answer */
  cr_assert_eq(pairs_of(idx, 0.9, &pairs), N - 1);
  cr_expect_eq(pairs[N - 2].b, 100 + N - 1);
  free(pairs);
  sim_index_free(idx);
  buf_free(&text);
}

/* Clusters of copies (punctuation varied), an edited copy with copies of its own, a cluster
 * of copies of a material, and unrelated texts, shuffled: every pair meets the rule, the
 * near-duplicate groups are those of all pairs by brute force, each copy of the material has
 * its own record–material pair, and the pair count is linear. */
Test(similar, duplicate_clusters_among_distinct_texts) {
  enum { DISTINCT = 40, C1 = 30, C2 = 20, E = 5, C3 = 10 };
  enum { N = DISTINCT + C1 + C2 + E + C3 };
  uint64_t rng = 99;
  Buf t1 = BUF_INIT, t2 = BUF_INIT, t3 = BUF_INIT, e1 = BUF_INIT;
  gen_text(&t1, &rng, 400, NULL, 0);
  gen_text(&t2, &rng, 250, NULL, 0);
  gen_text(&t3, &rng, 300, NULL, 0);
  buf_append(&e1, t1.data, t1.len);
  change_char(&e1, 100);
  change_char(&e1, 200);
  Buf docs[N];
  int kind[N]; /* 0 distinct, 1 C1, 2 C2, 3 E, 4 C3 */
  size_t k = 0;
  for (int i = 0; i < DISTINCT; i++, k++) {
    docs[k] = (Buf)BUF_INIT;
    gen_text(&docs[k], &rng, 150 + (long)rng_below(&rng, 300), NULL, 0);
    kind[k] = 0;
  }
  for (int i = 0; i < C1; i++, k++) {
    docs[k] = (Buf)BUF_INIT;
    buf_append(&docs[k], t1.data, t1.len);
    buf_puts(&docs[k], i % 3 == 0 ? "！" : i % 3 == 1 ? " 。" : "");
    kind[k] = 1;
  }
  for (int i = 0; i < C2; i++, k++) {
    docs[k] = (Buf)BUF_INIT;
    buf_append(&docs[k], t2.data, t2.len);
    kind[k] = 2;
  }
  for (int i = 0; i < E; i++, k++) {
    docs[k] = (Buf)BUF_INIT;
    buf_append(&docs[k], e1.data, e1.len);
    kind[k] = 3;
  }
  for (int i = 0; i < C3; i++, k++) {
    docs[k] = (Buf)BUF_INIT;
    buf_puts(&docs[k], "学习");
    buf_append(&docs[k], t3.data, t3.len);
    kind[k] = 4;
  }
  for (size_t i = N - 1; i > 0; i--) { /* shuffle */
    size_t j = rng_below(&rng, i + 1);
    Buf tb = docs[i];
    docs[i] = docs[j];
    docs[j] = tb;
    int tk = kind[i];
    kind[i] = kind[j];
    kind[j] = tk;
  }
  const double t = 0.5;
  const int64_t material = 1000;
  SimIndex *idx = sim_index_new(NULL);
  cr_assert_eq(sim_add(idx, material, 0, SIM_MATERIAL, t3.data, t3.len), 0);
  for (size_t i = 0; i < N; i++) {
    cr_assert_eq(sim_add(idx, (int64_t)i, 0, SIM_RECORD, docs[i].data, docs[i].len), 0);
  }
  SimPair *pairs;
  size_t n = pairs_of(idx, t, &pairs);
  SimStats st;
  sim_index_stats(idx, &st);
  cr_expect_eq(st.duplicates, (C1 - 1) + (C2 - 1) + (E - 1) + (C3 - 1));
  cr_expect_lt(n, N, "linear in the records, not quadratic");
  cr_expect_lt(st.verified, 2 * C3 + 10);

  size_t parent[N], brute[N];
  int mat_pairs[N];
  for (size_t i = 0; i < N; i++) {
    parent[i] = brute[i] = i;
    mat_pairs[i] = 0;
  }
  for (size_t x = 0; x < n; x++) {
    const SimPair *q = &pairs[x];
    cr_expect_geq(q->score, t);
    cr_expect(x == 0 || pairs[x - 1].score >= q->score, "ordered by score");
    if (q->kind_b == SIM_MATERIAL) {
      cr_expect_eq(q->b, material);
      cr_expect_eq(kind[q->a], 4, "only the copies of the material: %ld", (long)q->a);
      cr_expect_eq(q->duplicate, 0);
      double cont;
      exact_jaccard(docs[q->a].data, t3.data, &cont);
      cr_expect_float_eq(q->containment_a_in_b, cont, 1e-12);
      mat_pairs[q->a]++;
      continue;
    }
    double j = exact_jaccard(docs[q->a].data, docs[q->b].data, NULL);
    cr_expect_float_eq(q->jaccard, j, 1e-12, "pair %ld %ld", (long)q->a, (long)q->b);
    cr_expect_lt(q->a, q->b, "the first added first");
    if (q->duplicate) {
      cr_expect_eq(kind[q->a], kind[q->b]);
      cr_expect_eq(j, 1.0);
    }
    uf_join(parent, (size_t)q->a, (size_t)q->b);
  }
  for (size_t i = 0; i < N; i++) {
    cr_expect_eq(mat_pairs[i], kind[i] == 4, "record %zu: one pair with the material", i);
    for (size_t j = i + 1; j < N; j++) {
      if (exact_jaccard(docs[i].data, docs[j].data, NULL) >= t) {
        uf_join(brute, i, j);
      }
    }
  }
  for (size_t i = 0; i < N; i++) {
    for (size_t j = i + 1; j < N; j++) {
      bool same = uf_root(parent, i) == uf_root(parent, j);
      cr_expect_eq(same, uf_root(brute, i) == uf_root(brute, j), "records %zu, %zu", i, j);
      bool want = kind[i] != 0 && (kind[i] == kind[j] || (kind[i] == 1 && kind[j] == 3) ||
                                   (kind[i] == 3 && kind[j] == 1));
      cr_expect_eq(same, want, "records %zu (%d), %zu (%d)", i, kind[i], j, kind[j]);
    }
  }
  /* determinism */
  SimIndex *again = sim_index_new(NULL);
  cr_assert_eq(sim_add(again, material, 0, SIM_MATERIAL, t3.data, t3.len), 0);
  for (size_t i = 0; i < N; i++) {
    cr_assert_eq(sim_add(again, (int64_t)i, 0, SIM_RECORD, docs[i].data, docs[i].len), 0);
  }
  SimPair *pairs2;
  cr_assert_eq(pairs_of(again, t, &pairs2), n);
  cr_expect_eq(memcmp(pairs, pairs2, n * sizeof *pairs), 0);
  free(pairs2);
  sim_index_free(again);
  free(pairs);
  sim_index_free(idx);
  for (size_t i = 0; i < N; i++) {
    buf_free(&docs[i]);
  }
  buf_free(&t1);
  buf_free(&t2);
  buf_free(&t3);
  buf_free(&e1);
}

/* ---- passages --------------------------------------------------------------------------- */

/* Checks the invariants of one passage: in bounds, whole characters, the same normalised text
 * on both sides, chars its length. */
static void check_passage(const char *a, size_t na, const char *b, size_t nb, const SimPassage *p) {
  cr_assert_leq(p->a_off + p->a_len, na);
  cr_assert_leq(p->b_off + p->b_len, nb);
  cr_expect_geq(p->chars, SIM_PASSAGE_MIN);
  cr_expect(utf8_valid(a + p->a_off, p->a_len));
  cr_expect(utf8_valid(b + p->b_off, p->b_len));
  char *x = sim_normalize(a + p->a_off, p->a_len);
  char *y = sim_normalize(b + p->b_off, p->b_len);
  cr_expect_str_eq(x, y);
  cr_expect_eq((size_t)utf8_length(x, strlen(x)), p->chars);
  free(x);
  free(y);
}

Test(similar, passages_of_copied_sentences) {
  uint64_t rng = 77;
  Buf material = BUF_INIT;
  size_t starts[256];
  size_t ns = gen_text(&material, &rng, 2000, starts, N_ELEMS(starts));
  cr_assert_gt(ns, 20);
  /* the note copies sentence 5 and sentences 15-16, with text of its own around them */
  static const char own1[] = "本次学习由张某某主持，";
  static const char own2[] = "大家结合岗位谈了认识，";
  static const char own3[] = "会后形成整改清单。";
  Buf note = BUF_INIT;
  buf_puts(&note, own1);
  size_t c1 = note.len;
  size_t l1 = starts[6] - starts[5];
  buf_append(&note, material.data + starts[5], l1);
  buf_puts(&note, own2);
  size_t c2 = note.len;
  size_t l2 = starts[17] - starts[15];
  buf_append(&note, material.data + starts[15], l2);
  buf_puts(&note, own3);

  SimPassage ps[8];
  size_t n = sim_passages(note.data, note.len, material.data, material.len, ps, N_ELEMS(ps));
  cr_assert_eq(n, 2);
  for (size_t i = 0; i < n; i++) {
    check_passage(note.data, note.len, material.data, material.len, &ps[i]);
  }
  /* sorted by position in the note; each covers its copy up to the final 。 (3 bytes) and
   * maps to the sentence's place in the material */
  const size_t copy_off[2] = {c1, c2};
  const size_t copy_len[2] = {l1, l2};
  const size_t src_off[2] = {starts[5], starts[15]};
  for (size_t i = 0; i < 2; i++) {
    cr_expect_leq(ps[i].a_off, copy_off[i], "passage %zu", i);
    cr_expect_geq(ps[i].a_off + ps[i].a_len, copy_off[i] + copy_len[i] - 3, "passage %zu", i);
    cr_expect_eq(ps[i].b_off + (copy_off[i] - ps[i].a_off), src_off[i], "passage %zu", i);
    /* a verbatim copy: the bytes are the same on both sides */
    cr_expect_eq(ps[i].a_len, ps[i].b_len);
    cr_expect_eq(memcmp(note.data + ps[i].a_off, material.data + ps[i].b_off, ps[i].a_len), 0);
  }
  /* max 1: only the longest is written */
  SimPassage one;
  cr_expect_eq(sim_passages(note.data, note.len, material.data, material.len, &one, 1), 2);
  size_t longer = ps[0].chars >= ps[1].chars ? 0 : 1;
  cr_expect_eq(one.a_off, ps[longer].a_off);
  cr_expect_eq(one.chars, ps[longer].chars);
  buf_free(&note);
  buf_free(&material);
}

Test(similar, passages_across_width_and_punctuation) {
  const char *a = "会议要求：２０２４年底前，完成全部ＡＢＣ类整改任务！其余照常。";
  const char *b = "前言。会议要求2024年底前完成全部abc类整改任务。附件";
  SimPassage ps[4];
  size_t n = sim_passages(a, strlen(a), b, strlen(b), ps, N_ELEMS(ps));
  cr_assert_eq(n, 1);
  check_passage(a, strlen(a), b, strlen(b), &ps[0]);
  const char *wa = "会议要求：２０２４年底前，完成全部ＡＢＣ类整改任务";
  const char *wb = "会议要求2024年底前完成全部abc类整改任务";
  cr_expect_eq(ps[0].a_off, 0);
  cr_expect_eq(ps[0].a_len, strlen(wa));
  cr_expect_eq(ps[0].b_off, strlen("前言。"));
  cr_expect_eq(ps[0].b_len, strlen(wb));
  cr_expect_eq(ps[0].chars, 23);
  /* identical texts: one passage, the whole text but its final punctuation */
  n = sim_passages(para_a, strlen(para_a), para_a, strlen(para_a), ps, N_ELEMS(ps));
  cr_assert_eq(n, 1);
  cr_expect_eq(ps[0].a_off, 0);
  cr_expect_eq(ps[0].b_off, 0);
  cr_expect_eq(ps[0].a_len, strlen(para_a) - strlen("。"));
}
