/*
 * Benchmark of the copied-minutes check (src/meeting/similar.c) at city scale: see the
 * "Copied minutes" section of bench/README.md for the command and the figures.
 *
 * Generates RECORDS synthetic records of 200..2,000 characters and MATERIALS study materials
 * of 3,000..10,000 characters from a vocabulary of real words (seeded PRNG: the same texts on
 * every run), with planted copies: COPIES records that copy an earlier record with about 2 %
 * of their characters changed, and EXCERPTS records made of 3..6 consecutive sentences of a
 * material between a heading and a closing line of their own. Then, on one core:
 *   (1) baseline: read every text and normalise + shingle it (sim_shingles, fingerprints
 *       written to a buffer), nothing else;
 *   (2) the full check: sim_add of every text (normalise, shingle, sign), then sim_pairs
 *       (LSH banding, material lookup, exact verification) at threshold 0.5.
 * Both run `rounds` times, alternately, in this process, timed in process CPU time; each
 * round's figures are printed. The times reported are the best (lowest) of each phase (other
 * load on the machine only adds time) and the ratio is the median of the rounds' ratios (the
 * two phases of a round run back to back, under the same load). Then the recall of the planted
 * pairs, the pairs that were not planted, the index's memory and the peak RSS, and PASS/FAIL lines.
 * Exit status 0 when the targets (full < 10 s, ratio <= 3, every planted pair found and no other)
 * hold.
 *
 * Usage: build/similar [records [copies [excerpts [rounds]]]]  (200000 2000 1000 5)
 *
 * The pathological mode, `build/similar template records [edited_pct]` (5000 0): one
 * template of 1,000 characters that nearly every record copies (a district filing the same
 * minutes): each record is the template with its punctuation and spacing varied (the same
 * normalised text), edited_pct % of them also with one character replaced at a position of
 * their own, and one record in 20 an unrelated text. Prints the time of sim_add and
 * sim_pairs, the pairs and candidates, and the near-duplicate groups (connected components
 * of the record pairs), which must be one group of every template copy.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "meeting/similar.h"

#include "../tests/lib/vocabulary.h"

#include "base/banned.h"

#define MATERIALS 300
#define THRESHOLD 0.5

static const char vocabulary[] =
    VOCABULARY_WORDS " "
    "春耕 秋收 养殖 种植 大棚 果园 茶叶 旅游 民宿 电商 直播 快递 物流 仓储 冷链 "
    "河长 林长 路长 护林员 保洁员 巡逻 值班 台风 暴雨 地质灾害 转移 安置 救助 低保 "
    "特困 残疾人 留守 关爱 助学 义诊 理发 包饺子 重阳节 春节 端午 中秋 国庆 七一 "
    "建党 百年 历史 光辉 伟大 复兴 梦想 道路 自信 理论自信 制度自信 文化自信";

/* ---- text arena ---------------------------------------------------------------------------- */

typedef struct Arena {
  char *p;
  size_t len, cap;
} Arena;

static void arena_reserve(Arena *a, size_t n) {
  if (a->len + n > a->cap) {
    size_t cap = a->cap ? a->cap : (size_t)1 << 20;
    while (cap < a->len + n) {
      cap *= 2;
    }
    a->p = realloc(a->p, cap);
    if (!a->p) {
      abort();
    }
    a->cap = cap;
  }
}

static void arena_put(Arena *a, const char *s, size_t n) {
  arena_reserve(a, n);
  memcpy(a->p + a->len, s, n);
  a->len += n;
}

/* Appends a copy of the arena's own bytes [from, from + n) (realloc may move them). */
static void arena_copy(Arena *a, size_t from, size_t n) {
  arena_reserve(a, n);
  memcpy(a->p + a->len, a->p + from, n);
  a->len += n;
}

static uint64_t rng_next(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static size_t rng_below(uint64_t *state, size_t n) { return (size_t)(rng_next(state) % n); }

static const char *word[512];
static size_t word_len[512];
static size_t n_words;

static void words_init(void) {
  const char *p = vocabulary;
  while (*p && n_words < 512) {
    const char *e = strchr(p, ' ');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    word[n_words] = p;
    word_len[n_words++] = len;
    p += len;
    while (*p == ' ') {
      p++;
    }
  }
}

/* Appends sentences of 6..17 words (all characters are 3 bytes in UTF-8) until at least
 * chars characters were added; records each sentence's start in starts when not NULL. */
static void gen_text(Arena *a, uint64_t *rng, size_t chars, size_t **starts, size_t *n_starts,
                     size_t *cap_starts) {
  size_t begin = a->len;
  while ((a->len - begin) / 3 < chars) {
    if (starts) {
      if (*n_starts == *cap_starts) {
        *cap_starts = *cap_starts ? 2 * *cap_starts : 1024;
        *starts = realloc(*starts, *cap_starts * sizeof **starts);
        if (!*starts) {
          abort();
        }
      }
      (*starts)[(*n_starts)++] = a->len;
    }
    size_t n = 6 + rng_below(rng, 12);
    for (size_t i = 0; i < n; i++) {
      size_t w = rng_below(rng, n_words);
      arena_put(a, word[w], word_len[w]);
      if (i + 1 < n && rng_below(rng, 6) == 0) {
        arena_put(a, "，", 3);
      }
    }
    arena_put(a, "。", 3);
  }
}

/* ---- timing -------------------------------------------------------------------------------- */

static double cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double wall_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the corpus ---------------------------------------------------------------------------- */

typedef struct Corpus {
  Arena text;
  size_t *off, *len; /* per document: records 0..n_records-1, then the materials */
  size_t n_records;
  long *planted; /* per record: -1, or the doc id it copies (record or material) */
  size_t n_copies, n_excerpts;
} Corpus;

enum { MATERIAL_ID0 = 10000000 };

static void corpus_build(Corpus *c, size_t records, size_t copies, size_t excerpts) {
  uint64_t rng = 0x64616e676a69616eULL;
  size_t n = records + MATERIALS;
  c->off = calloc(n, sizeof *c->off);
  c->len = calloc(n, sizeof *c->len);
  c->planted = malloc(records * sizeof *c->planted);
  bool *used = calloc(records, sizeof *used);
  if (!c->off || !c->len || !c->planted || !used) {
    abort();
  }
  c->n_records = records;
  /* materials first: their sentences are needed for the excerpts */
  size_t **mstarts = calloc(MATERIALS, sizeof *mstarts);
  size_t *mn = calloc(MATERIALS, sizeof *mn);
  size_t *mcap = calloc(MATERIALS, sizeof *mcap);
  size_t *cursor = calloc(MATERIALS, sizeof *cursor);
  if (!mstarts || !mn || !mcap || !cursor) {
    abort();
  }
  for (size_t m = 0; m < MATERIALS; m++) {
    size_t d = records + m;
    c->off[d] = c->text.len;
    gen_text(&c->text, &rng, 3000 + rng_below(&rng, 7001), &mstarts[m], &mn[m], &mcap[m]);
    c->len[d] = c->text.len - c->off[d];
  }
  /* planted copies at evenly spread positions */
  size_t every_copy = copies ? records / copies : 0;
  size_t every_excerpt = excerpts ? records / excerpts : 0;
  for (size_t i = 0; i < records; i++) {
    c->planted[i] = -1;
    c->off[i] = c->text.len;
    bool is_copy = every_copy && i % every_copy == every_copy - 1 && c->n_copies < copies;
    bool is_excerpt = !is_copy && every_excerpt && i % every_excerpt == every_excerpt / 2 &&
                      c->n_excerpts < excerpts;
    if (is_copy) {
      size_t src = rng_below(&rng, i);
      while (used[src] || c->planted[src] >= 0) {
        src = rng_below(&rng, i);
      }
      used[src] = true;
      c->planted[i] = (long)src;
      size_t from = c->off[src];
      size_t len = c->len[src];
      arena_copy(&c->text, from, len);
      size_t chars = len / 3;
      for (size_t k = 0; k < chars / 50; k++) {
        size_t pos = c->off[i] + 3 * rng_below(&rng, chars);
        const char *w = word[rng_below(&rng, n_words)];
        memcpy(c->text.p + pos, w, 3);
      }
      c->n_copies++;
    } else if (is_excerpt) {
      size_t m = rng_below(&rng, MATERIALS);
      size_t take = 3 + rng_below(&rng, 4);
      while (cursor[m] + 2 + take >= mn[m]) {
        m = (m + 1) % MATERIALS;
      }
      size_t s = cursor[m] + 1 + rng_below(&rng, 2);
      cursor[m] = s + take;
      arena_put(&c->text, "学习笔记：", strlen("学习笔记："));
      size_t from = mstarts[m][s];
      arena_copy(&c->text, from, mstarts[m][s + take] - from);
      arena_put(&c->text, "通过学习深受教育。", strlen("通过学习深受教育。"));
      c->planted[i] = (long)(MATERIAL_ID0 + m);
      c->n_excerpts++;
    } else {
      gen_text(&c->text, &rng, 200 + rng_below(&rng, 1801), NULL, NULL, NULL);
    }
    c->len[i] = c->text.len - c->off[i];
  }
  for (size_t m = 0; m < MATERIALS; m++) {
    free(mstarts[m]);
  }
  free(mstarts);
  free(mn);
  free(mcap);
  free(cursor);
  free(used);
}

static int64_t doc_id(const Corpus *c, size_t d) {
  return d < c->n_records ? (int64_t)d : (int64_t)(MATERIAL_ID0 + (d - c->n_records));
}

/* (1) read + normalise + shingle every text; returns the CPU seconds. */
static double run_baseline(const Corpus *c, size_t n_docs, size_t max_len, size_t *shingles) {
  uint32_t *fps = malloc((max_len + 1) * sizeof *fps);
  SimIndex *base = sim_index_new(NULL);
  if (!fps || !base) {
    abort();
  }
  double c0 = cpu_seconds();
  uint64_t check = 0;
  *shingles = 0;
  for (size_t d = 0; d < n_docs; d++) {
    size_t n = sim_shingles(base, c->text.p + c->off[d], c->len[d], fps, max_len + 1);
    *shingles += n;
    check += n ? fps[n / 2] : 0;
  }
  double t = cpu_seconds() - c0;
  sim_index_free(base);
  free(fps);
  if (check == 42) { /* keeps the fingerprints observable */
    printf(" ");
  }
  return t;
}

/* (2) the full check; returns the CPU seconds, the time of the sim_add calls in *add, and
 * the index (for the pairs and the statistics) in *out. */
static double run_full(const Corpus *c, double *add, SimIndex **out, SimPair **pairs, size_t *np) {
  size_t records = c->n_records;
  double c0 = cpu_seconds();
  SimIndex *idx = sim_index_new(NULL);
  for (size_t m = 0; m < MATERIALS; m++) {
    size_t d = records + m;
    sim_add(idx, doc_id(c, d), 0, SIM_MATERIAL, c->text.p + c->off[d], c->len[d]);
  }
  for (size_t d = 0; d < records; d++) {
    sim_add(idx, doc_id(c, d), (int64_t)(d % 3000), SIM_RECORD, c->text.p + c->off[d], c->len[d]);
  }
  *add = cpu_seconds() - c0;
  *np = sim_pairs(idx, THRESHOLD, pairs);
  double t = cpu_seconds() - c0;
  *out = idx;
  return t;
}

/* ---- the pathological mode: one template copied by every record -------------------------- */

static size_t uf_root(size_t *parent, size_t i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

static int run_template(size_t records, size_t edited_pct) {
  words_init();
  uint64_t rng = 0x74656d706c617465ULL;
  Arena tpl = {0};
  gen_text(&tpl, &rng, 1000, NULL, NULL, NULL);
  Arena text = {0};
  size_t *off = malloc((records + 1) * sizeof *off);
  bool *copy = malloc(records * sizeof *copy);
  if (!off || !copy) {
    abort();
  }
  size_t n_copies = 0;
  for (size_t i = 0; i < records; i++) {
    off[i] = text.len;
    copy[i] = i % 20 != 19;
    if (!copy[i]) {
      gen_text(&text, &rng, 200 + rng_below(&rng, 1801), NULL, NULL, NULL);
      continue;
    }
    n_copies++;
    /* the template, every sentence end varied and a space here and there: normalises alike */
    size_t from = text.len;
    for (size_t x = 0; x < tpl.len; x += 3) {
      if (memcmp(tpl.p + x, "。", 3) == 0) {
        arena_put(&text, rng_below(&rng, 2) ? "。" : "；", 3);
        if (rng_below(&rng, 4) == 0) {
          arena_put(&text, " ", 1);
        }
      } else {
        arena_put(&text, tpl.p + x, 3);
      }
    }
    if (rng_below(&rng, 100) < edited_pct) { /* one character of its own */
      size_t chars = (text.len - from) / 3;
      for (;;) {
        size_t pos = from + 3 * rng_below(&rng, chars);
        if (memcmp(text.p + pos, "。", 3) != 0 && memcmp(text.p + pos, "；", 3) != 0 &&
            text.p[pos] != ' ') {
          memcpy(text.p + pos, word[rng_below(&rng, n_words)], 3);
          break;
        }
      }
    }
  }
  off[records] = text.len;
  double c0 = cpu_seconds();
  SimIndex *idx = sim_index_new(NULL);
  for (size_t i = 0; i < records; i++) {
    sim_add(idx, (int64_t)i, 0, SIM_RECORD, text.p + off[i], off[i + 1] - off[i]);
  }
  double add = cpu_seconds() - c0;
  SimPair *pairs = NULL;
  size_t np = sim_pairs(idx, THRESHOLD, &pairs);
  double full = cpu_seconds() - c0;
  SimStats st;
  sim_index_stats(idx, &st);
  size_t *parent = malloc(records * sizeof *parent);
  if (!parent) {
    abort();
  }
  for (size_t i = 0; i < records; i++) {
    parent[i] = i;
  }
  for (size_t x = 0; x < np; x++) {
    size_t a = uf_root(parent, (size_t)pairs[x].a), b = uf_root(parent, (size_t)pairs[x].b);
    parent[a < b ? b : a] = a < b ? a : b;
  }
  size_t groups = 0, in_group = 0, copies_in_first = 0;
  size_t *size = calloc(records, sizeof *size);
  if (!size) {
    abort();
  }
  for (size_t i = 0; i < records; i++) {
    size[uf_root(parent, i)]++;
  }
  for (size_t i = 0; i < records; i++) {
    if (size[i] >= 2) {
      groups++;
      in_group += size[i];
    }
    copies_in_first += copy[i] && uf_root(parent, i) == 0;
  }
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("template: %zu records (%zu copies of one template of %zu characters, %zu %% with one "
         "character edited)\n",
         records, n_copies, tpl.len / 3, edited_pct);
  printf("time: %.2f s CPU: sim_add %.2f s, sim_pairs %.2f s; peak RSS %.0f MB\n", full, add,
         full - add, (double)ru.ru_maxrss / 1024);
  printf("pairs: %zu reported, %zu candidates, %zu verified exactly\n", np, st.candidates,
         st.verified);
  printf("groups: %zu of %zu records; the template's holds %zu of its %zu copies\n", groups,
         in_group, copies_in_first, n_copies);
  int ok = groups == 1 && in_group == n_copies && copies_in_first == n_copies;
  printf("%s  one group of every copy, nothing else\n", ok ? "PASS" : "FAIL");
  free(size);
  free(parent);
  free(pairs);
  sim_index_free(idx);
  free(off);
  free(copy);
  free(text.p);
  free(tpl.p);
  return !ok;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "template") == 0) {
    size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : 5000;
    size_t pct = argc > 3 ? strtoul(argv[3], NULL, 10) : 0;
    if (n < 20 || n > 10000000 || pct > 100) {
      fprintf(stderr, "usage: %s template [records [edited_pct]]\n", argv[0]);
      return 2;
    }
    return run_template(n, pct);
  }
  size_t records = argc > 1 ? strtoul(argv[1], NULL, 10) : 200000;
  size_t copies = argc > 2 ? strtoul(argv[2], NULL, 10) : 2000;
  size_t excerpts = argc > 3 ? strtoul(argv[3], NULL, 10) : 1000;
  int rounds = argc > 4 ? atoi(argv[4]) : 5;
  if (records < 10 || copies + excerpts > records / 4 || rounds < 1 || rounds > 64) {
    fprintf(stderr,
            "usage: %s [records [copies [excerpts [rounds]]]] (copies + excerpts <= "
            "records/4)\n",
            argv[0]);
    return 2;
  }
  words_init();
  double t0 = wall_seconds();
  Corpus c = {0};
  corpus_build(&c, records, copies, excerpts);
  size_t n_docs = records + MATERIALS;
  size_t max_len = 0;
  for (size_t d = 0; d < n_docs; d++) {
    max_len = c.len[d] > max_len ? c.len[d] : max_len;
  }
  printf("corpus: %zu records + %d materials, %.0f MB of UTF-8 (%.0f M characters), "
         "%zu planted copies + %zu excerpts; generated in %.1f s\n",
         records, MATERIALS, (double)c.text.len / 1e6, (double)c.text.len / 3e6, c.n_copies,
         c.n_excerpts, wall_seconds() - t0);

  /* rounds of (1) then (2), one after the other in this process; the minimum of each is
   * reported (the machine's other load only ever adds time) */
  double base_min = 1e9, full_min = 1e9, add_min = 1e9;
  double ratios[64];
  size_t shingles = 0, np = 0;
  SimPair *pairs = NULL;
  SimStats st;
  for (int r = 0; r < rounds; r++) {
    double base = run_baseline(&c, n_docs, max_len, &shingles);
    double add;
    SimIndex *idx;
    free(pairs);
    double full = run_full(&c, &add, &idx, &pairs, &np);
    sim_index_stats(idx, &st);
    sim_index_free(idx);
    printf("round %d: (1) %.2f s  (2) %.2f s (sim_add %.2f s, sim_pairs %.2f s)  ratio %.2f\n",
           r + 1, base, full, add, full - add, full / base);
    ratios[r] = full / base;
    base_min = base < base_min ? base : base_min;
    if (full < full_min) {
      full_min = full;
      add_min = add;
    }
  }

  size_t found = 0, unexpected = 0;
  double min_score = 1;
  for (size_t x = 0; x < np; x++) {
    const SimPair *p = &pairs[x];
    bool planted = p->a >= 0 && (size_t)p->a < records && c.planted[p->a] == p->b;
    planted = planted || (p->b >= 0 && (size_t)p->b < records && c.planted[p->b] == p->a);
    if (planted) {
      found++;
      min_score = p->score < min_score ? p->score : min_score;
    } else {
      unexpected++;
    }
  }
  size_t want = c.n_copies + c.n_excerpts;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  for (int i = 1; i < rounds; i++) { /* insertion sort, for the median */
    for (int j = i; j > 0 && ratios[j - 1] > ratios[j]; j--) {
      double t = ratios[j];
      ratios[j] = ratios[j - 1];
      ratios[j - 1] = t;
    }
  }
  double ratio =
      rounds % 2 ? ratios[rounds / 2] : (ratios[rounds / 2 - 1] + ratios[rounds / 2]) / 2;
  printf("(1) read + normalise + shingle: %6.2f s CPU, %.0f M shingles\n", base_min,
         (double)shingles / 1e6);
  printf("(2) full check:                 %6.2f s CPU: sim_add %.2f s, sim_pairs %.2f s\n",
         full_min, add_min, full_min - add_min);
  printf("ratio (2)/(1): %.2f (median of the %d rounds' ratios; best (2) / best (1): %.2f)\n",
         ratio, rounds, full_min / base_min);
  printf("pairs: %zu reported, %zu of %zu planted found (lowest score %.3f), %zu not planted; "
         "%zu candidates, %zu verified exactly\n",
         np, found, want, min_score, unexpected, st.candidates, st.verified);
  printf("memory: index %.0f MB (%.0f bytes per document, %.2f per character); peak RSS %.0f MB "
         "(the corpus text itself is %.0f MB)\n",
         (double)st.bytes / 1e6, (double)st.bytes / (double)n_docs,
         (double)st.bytes / ((double)c.text.len / 3), (double)ru.ru_maxrss / 1024,
         (double)c.text.len / 1e6);
  int fail = 0;
  printf("%s  full check < 10 s (%.2f s)\n", full_min < 10 ? "PASS" : "FAIL", full_min);
  fail |= full_min >= 10;
  printf("%s  ratio <= 3 (%.2f)\n", ratio <= 3 ? "PASS" : "FAIL", ratio);
  fail |= ratio > 3;
  printf("%s  every planted pair found (%zu / %zu), none other\n",
         found == want && unexpected == 0 ? "PASS" : "FAIL", found, want);
  fail |= found != want || unexpected != 0;
  free(pairs);
  free(c.text.p);
  free(c.off);
  free(c.len);
  free(c.planted);
  return fail;
}
