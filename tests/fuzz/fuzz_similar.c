/*
 * Fuzz target for src/meeting/similar.c. The first byte chooses the shingle length (1..8) and
 * the threshold; the rest is split into two texts a and b at its first 0xFF byte (a byte that
 * never occurs in UTF-8), or in the middle when there is none, so inputs may also be invalid
 * UTF-8. Invariants checked (abort on violation):
 *   - sim_normalize gives valid UTF-8 without NUL, and is idempotent;
 *   - sim_shingles counts 0 shingles exactly for an empty normalised text;
 *   - every pair of an index holding a, b, a again (records) and b (material): similarities in
 *     [0, 1], containments >= Jaccard, score >= the threshold, pairs in the documented order;
 *   - self-similarity: a non-empty normalised a is paired with its copy with Jaccard 1;
 *   - sim_passages: count >= written, offsets and lengths within both texts, each range
 *     starting on a character that decodes and ending after one, valid UTF-8 when the text
 *     is, the same normalised text on both sides with exactly `chars` characters (>= the
 *     minimum), sorted by a_off and not overlapping in a.
 * Corpus: tests/fuzz/corpus/similar/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "meeting/similar.h"

#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_check(bool ok, const char *what) {
  if (!ok) {
    fprintf(stderr, "fuzz_similar: invariant failed: %s\n", what);
    abort();
  }
}

static bool in_unit(double x) { return x >= 0.0 && x <= 1.0; }

static void fuzz_normalize(const char *s, size_t n) {
  char *z = sim_normalize(s, n);
  size_t len = strlen(z);
  fuzz_check(utf8_valid(z, len), "normalised text is valid UTF-8");
  char *again = sim_normalize(z, len);
  fuzz_check(strcmp(z, again) == 0, "normalisation is idempotent");
  free(again);
  SimIndex *idx = sim_index_new(NULL);
  fuzz_check((sim_shingles(idx, s, n, NULL, 0) == 0) == (len == 0), "no shingle iff empty");
  sim_index_free(idx);
  free(z);
}

static void fuzz_pairs(const char *a, size_t na, const char *b, size_t nb, int ngram, double t) {
  SimParams p = sim_params_default();
  p.ngram = ngram;
  p.min_length = 1;
  SimIndex *idx = sim_index_new(&p);
  fuzz_check(idx != NULL, "index");
  fuzz_check(sim_add(idx, 1, 10, SIM_RECORD, a, na) == 0, "add a");
  fuzz_check(sim_add(idx, 2, 20, SIM_RECORD, b, nb) == 0, "add b");
  fuzz_check(sim_add(idx, 3, 30, SIM_RECORD, a, na) == 0, "add a again");
  fuzz_check(sim_add(idx, 4, 40, SIM_MATERIAL, b, nb) == 0, "add b as material");
  SimPair *pairs;
  size_t n = sim_pairs(idx, t, &pairs);
  fuzz_check((n == 0) == (pairs == NULL), "NULL iff no pair");
  bool self = false;
  for (size_t i = 0; i < n; i++) {
    const SimPair *q = &pairs[i];
    fuzz_check(in_unit(q->jaccard) && in_unit(q->containment_a_in_b) &&
                   in_unit(q->containment_b_in_a) && in_unit(q->score),
               "similarities in [0, 1]");
    fuzz_check(q->containment_a_in_b >= q->jaccard && q->containment_b_in_a >= q->jaccard,
               "containment >= jaccard");
    fuzz_check(q->score >= t, "score >= threshold");
    fuzz_check(q->a != q->b, "a pair of two documents");
    fuzz_check(!(q->kind_a == SIM_MATERIAL && q->kind_b == SIM_MATERIAL), "no material pair");
    fuzz_check(q->kind_b == SIM_MATERIAL ? q->score == q->containment_a_in_b
                                         : q->score == q->jaccard,
               "score is the rule's measure");
    fuzz_check(i == 0 || pairs[i - 1].score >= q->score, "ordered by score");
    if (q->a == 1 && q->b == 3) {
      self = q->jaccard == 1.0;
    }
  }
  char *z = sim_normalize(a, na);
  fuzz_check(self == (z[0] != '\0'), "self-similarity 1 for a non-empty text");
  free(z);
  free(pairs);
  sim_index_free(idx);
}

static void fuzz_passages(const char *a, size_t na, const char *b, size_t nb) {
  SimPassage ps[16];
  size_t n = sim_passages(a, na, b, nb, ps, 16);
  size_t w = n < 16 ? n : 16;
  bool va = utf8_valid(a, na);
  bool vb = utf8_valid(b, nb);
  for (size_t i = 0; i < w; i++) {
    const SimPassage *p = &ps[i];
    fuzz_check(p->a_len > 0 && p->a_off <= na && p->a_len <= na - p->a_off, "a range in bounds");
    fuzz_check(p->b_len > 0 && p->b_off <= nb && p->b_len <= nb - p->b_off, "b range in bounds");
    size_t len;
    fuzz_check(utf8_decode(a + p->a_off, na - p->a_off, &len) >= 0, "a starts on a character");
    fuzz_check(utf8_decode(b + p->b_off, nb - p->b_off, &len) >= 0, "b starts on a character");
    fuzz_check(!va || utf8_valid(a + p->a_off, p->a_len), "a range is valid UTF-8");
    fuzz_check(!vb || utf8_valid(b + p->b_off, p->b_len), "b range is valid UTF-8");
    fuzz_check(p->chars >= SIM_PASSAGE_MIN, "passage long enough");
    char *x = sim_normalize(a + p->a_off, p->a_len);
    char *y = sim_normalize(b + p->b_off, p->b_len);
    fuzz_check(strcmp(x, y) == 0, "same normalised text on both sides");
    fuzz_check(utf8_length(x, strlen(x)) == (long)p->chars, "chars is the normalised length");
    free(x);
    free(y);
    fuzz_check(i == 0 || ps[i - 1].a_off + ps[i - 1].a_len <= p->a_off, "sorted, disjoint in a");
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0 || size > 1 << 16) {
    return 0;
  }
  int ngram = 1 + (data[0] & 7);
  double t = 0.05 + 0.95 * (double)(data[0] >> 3) / 31.0;
  const char *rest = (const char *)data + 1;
  size_t n = size - 1;
  const char *cut = memchr(rest, 0xFF, n);
  size_t na = cut ? (size_t)(cut - rest) : n / 2;
  const char *a = rest;
  const char *b = rest + na + (cut ? 1 : 0);
  size_t nb = n - na - (cut ? 1 : 0);

  fuzz_normalize(a, na);
  fuzz_normalize(b, nb);
  fuzz_pairs(a, na, b, nb, ngram, t);
  fuzz_passages(a, na, b, nb);
  fuzz_passages(a, na, a, na);
  return 0;
}
