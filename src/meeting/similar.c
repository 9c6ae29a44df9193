/*
 * similar: see similar.h for the contract. The choices, and why:
 *
 * Shingle length 4 (SimParams.ngram). Most Chinese words have two characters, so a 2-gram is
 * about one word and any two texts on the same topic share hundreds of them (党员, 学习,
 * 组织); 3-grams are still mostly topic vocabulary. A 4-gram spans about two words (or one
 * 成语) — specific wording, which independent writers rarely reproduce for a whole text, so a
 * shared 4-gram suggests shared phrasing. Longer shingles make small edits costlier: one
 * changed character breaks n shingles, so with n = 4 a copy with 2 % of its characters
 * changed keeps Jaccard ≈ 0.85, with n = 8 only ≈ 0.7.
 *
 * Hash. A shingle is hashed from its code points, four at a time packed into two 64-bit words
 * and folded with a 64×64→128-bit multiply (the "mum" step of wyhash), seeded, then finalised
 * with the length. Two multiplies per 4-gram, deterministic on every platform.
 *
 * One-permutation hashing instead of k hash functions. k = 128 permutations (a·h + b mod
 * 2^61 - 1) cost 128 multiply-mods per shingle: about 3·10^10 for the city (2.4·10^8
 * shingles), tens of seconds on one core, against a budget of 3× the cost of shingling. One
 * permutation hashing (Li, Owen, Zhang 2012) splits the hash range into k bins and keeps the
 * minimum per bin: one hash and one compare per shingle. Empty bins (short texts) are filled
 * by optimal densification (Shrivastava 2017): bin i copies the first non-empty bin in a
 * sequence of bins drawn from a hash of (i, attempt) that is the same for every document,
 * which keeps P[sig_A[i] = sig_B[i]] = Jaccard(A, B) for LSH.
 *
 * LSH: bands × rows (32 × 4 by default: candidate probability 1 - (1 - s^4)^32, 0.5 at
 * s ≈ 0.42, 0.99 at s = 0.6). Band keys are sorted (radix sort), equal keys give candidate
 * pairs, which are deduplicated by sorting too. Candidates between records whose signatures
 * agree in fewer than (t - 0.25)·k positions are dropped before the exact check (the
 * estimate's standard deviation is at most 0.5/√k = 0.044 with k = 128, so 0.25 is more than
 * five of them).
 *
 * Containment of records in materials. Banding estimates Jaccard, which is low for a short
 * note copied from a long material, so the material fingerprints whose low 3 bits are zero
 * (one in 8) go into a table (fingerprint → materials), and each record looks up a sample of
 * its own fingerprints chosen the same way: low bits zero, at the rate 1/8, 1/16, ... that
 * keeps 48..95 of them (one in 8 below 768 shingles). Sampling by hash value picks the same
 * shingles in every document, so a copied passage is sampled alike on both sides. The
 * fraction of the sample found in a material estimates the record's containment in it (the
 * standard deviation at 48 samples is at most 0.072); a material reaching t - 0.25 becomes a
 * candidate. Fingerprints found in more than max(16, materials / 8) materials (stock phrases
 * that every material contains) are left out of the sample: they say nothing about which
 * material was copied, and would make the count cost materials × samples. The sampled table
 * is an eighth of the material shingles: it stays in the processor caches, and the lookups
 * cost less than reading the records' fingerprints.

 * Exact duplicates. When a whole district files one template, every band bucket holds all its
 * copies and the candidate pairs grow as n² (5,000 copies: 11 million pairs verified, 5 GB of
 * candidates, over a minute). So before the banding the records are grouped by a hash of
 * their signature; only records sharing it are sorted, rehashed by fingerprint set and
 * compared whole, and a record equal to an earlier one (the same fingerprints and signature)
 * is left out of the banding and reported as one pair with that representative. Its pairs
 * with everything else would repeat the representative's exactly. Its record–material
 * candidates are the representative's from the banding (the same materials share its
 * buckets) plus its own sample lookups, so its record–material pairs are found as for any
 * record. Near-duplicates that are not exact pair as before (see similar.h, Duplicates).

 * Exact check: each document keeps the upper 32 bits of every shingle hash; when a document
 * takes part in its first candidate pair its array is sorted and deduplicated in place, and
 * the intersection of two documents is a merge.
 */
#include "meeting/similar.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <utf8proc.h>

#include "base/utf8.h"

#include "base/banned.h"

__extension__ typedef unsigned __int128 SimU128;

enum {
  SIM_NORM_MAX = 18,     /* longest compatibility decomposition: U+FDFA, 18 code points */
  SIM_K_MAX = 1024,      /* bands × rows */
  SIM_NGRAM_MAX = 16,    /* SimParams.ngram */
  SIM_SAMPLE_MIN = 48,   /* a record's sample of fingerprints for the material lookup */
  SIM_MATERIAL_RATE = 8, /* material fingerprints in the table: one in 8 (low bits 0) */
  SIM_COMMON_MIN = 16,   /* a fingerprint in more than max(16, materials / 8) materials */
  SIM_COMMON_DIV = 8,    /* is common: looked up, but neither a hit nor a miss */
  SIM_CHAIN_MAX = 64,    /* sim_passages: occurrences of a seed looked at */
  SIM_TAG_ONE = 1,       /* character cache: folds to one code point (value << 2) */
  SIM_TAG_DROP = 2,      /* folds to nothing */
  SIM_TAG_MANY = 3,      /* folds to several: fold again each time */
};

#define SIM_SIG_MARGIN 0.25                    /* signature filter, see the top */
#define SIM_SAMPLE_MARGIN 0.25                 /* material sample filter */
#define SIM_DEFAULT_SEED 0x64616e676a69616eULL /* "dangjian" */
#define SIM_HUGE_PAGE ((size_t)2 << 20)

static const uint64_t sim_s0 = 0xa0761d6478bd642fULL;
static const uint64_t sim_s1 = 0xe7037ed1a0b428dbULL;
static const uint64_t sim_s2 = 0x8ebc6af09c88c6e3ULL;
static const uint64_t sim_s3 = 0x589965cc75374cc3ULL;

/* ---- memory -------------------------------------------------------------------------------- */

/* malloc/realloc of count × size bytes; aborts on overflow and out-of-memory (as Buf). */
static void *sim_realloc(void *p, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) {
    abort();
  }
  size_t bytes = count * size;
  void *r = realloc(p, bytes ? bytes : 1);
  if (!r) {
    abort();
  }
  return r;
}

static void *sim_alloc(size_t count, size_t size) { return sim_realloc(NULL, count, size); }

static void *sim_zalloc(size_t count, size_t size) {
  void *r = calloc(count ? count : 1, size ? size : 1);
  if (!r) {
    abort();
  }
  return r;
}

/* Grows *p (of *cap elements of size bytes) to hold at least need elements. */
static void sim_reserve(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) {
    return;
  }
  size_t c = *cap ? *cap : 64;
  while (c < need) {
    if (c > SIZE_MAX / 2) {
      abort();
    }
    c *= 2;
  }
  *p = sim_realloc(*p, c, size);
  *cap = c;
}

/* ---- hashing ------------------------------------------------------------------------------- */

static inline uint64_t sim_mum(uint64_t a, uint64_t b) {
  SimU128 r = (SimU128)a * b;
  return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* The 64-bit hash of the code points c[0..len), len >= 1. */
static inline uint64_t sim_hash_cps(const uint32_t *c, size_t len, uint64_t seed) {
  uint64_t h = seed ^ sim_s0;
  size_t i = 0;
  for (; i + 4 <= len; i += 4) {
    uint64_t w0 = c[i] | (uint64_t)c[i + 1] << 32;
    uint64_t w1 = c[i + 2] | (uint64_t)c[i + 3] << 32;
    h = sim_mum(w0 ^ h ^ sim_s1, w1 ^ sim_s2);
  }
  if (i < len) {
    uint32_t t[4] = {UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX}; /* not code points */
    memcpy(t, c + i, (len - i) * sizeof *c);
    uint64_t w0 = t[0] | (uint64_t)t[1] << 32;
    uint64_t w1 = t[2] | (uint64_t)t[3] << 32;
    h = sim_mum(w0 ^ h ^ sim_s1, w1 ^ sim_s2);
  }
  return sim_mum(h ^ sim_s3, (uint64_t)len ^ seed ^ sim_s1);
}

/* ---- sorting ------------------------------------------------------------------------------- */

/* Sorts a[0..n) ascending by bits 8·from_byte..63 (LSD radix, 8-bit digits, stable: elements
 * equal in those bits keep their order; digits equal in all keys are skipped); tmp holds n
 * elements. */
static void sim_sort_u64(uint64_t *a, uint64_t *tmp, size_t n, int from_byte) {
  if (n < 64) { /* insertion sort, stable */
    int shift = 8 * from_byte;
    for (size_t i = 1; i < n; i++) {
      uint64_t v = a[i];
      size_t j = i;
      while (j > 0 && (a[j - 1] >> shift) > (v >> shift)) {
        a[j] = a[j - 1];
        j--;
      }
      a[j] = v;
    }
    return;
  }
  static const int digits = 8;
  size_t count[8][256];
  memset(count, 0, sizeof count);
  for (size_t i = 0; i < n; i++) {
    uint64_t v = a[i];
    for (int d = from_byte; d < digits; d++) {
      count[d][(v >> (8 * d)) & 255]++;
    }
  }
  uint64_t *src = a;
  uint64_t *dst = tmp;
  for (int d = from_byte; d < digits; d++) {
    int shift = 8 * d;
    if (count[d][(src[0] >> shift) & 255] == n) {
      continue;
    }
    size_t off[256];
    size_t sum = 0;
    for (int b = 0; b < 256; b++) {
      off[b] = sum;
      sum += count[d][b];
    }
    for (size_t i = 0; i < n; i++) {
      dst[off[(src[i] >> shift) & 255]++] = src[i];
    }
    uint64_t *t = src;
    src = dst;
    dst = t;
  }
  if (src != a) {
    memcpy(a, src, n * sizeof *a);
  }
}

/* As sim_sort_u64 for 32-bit values; insertion sort for short arrays. */
static void sim_sort_u32(uint32_t *a, uint32_t *tmp, size_t n) {
  if (n < 48) {
    for (size_t i = 1; i < n; i++) {
      uint32_t v = a[i];
      size_t j = i;
      while (j > 0 && a[j - 1] > v) {
        a[j] = a[j - 1];
        j--;
      }
      a[j] = v;
    }
    return;
  }
  size_t count[4][256];
  memset(count, 0, sizeof count);
  for (size_t i = 0; i < n; i++) {
    uint32_t v = a[i];
    for (int d = 0; d < 4; d++) {
      count[d][(v >> (8 * d)) & 255]++;
    }
  }
  uint32_t *src = a;
  uint32_t *dst = tmp;
  for (int d = 0; d < 4; d++) {
    int shift = 8 * d;
    if (count[d][(src[0] >> shift) & 255] == n) {
      continue;
    }
    size_t off[256];
    size_t sum = 0;
    for (int b = 0; b < 256; b++) {
      off[b] = sum;
      sum += count[d][b];
    }
    for (size_t i = 0; i < n; i++) {
      dst[off[(src[i] >> shift) & 255]++] = src[i];
    }
    uint32_t *t = src;
    src = dst;
    dst = t;
  }
  if (src != a) {
    memcpy(a, src, n * sizeof *a);
  }
}

/* ---- normalisation ------------------------------------------------------------------------- */

/* Per-context cache of the fold of every BMP code point met (0 = not yet computed, else
 * value << 2 | SIM_TAG_*), 256 KB allocated on first use when `cache` is set (an index); the
 * one-shot functions (sim_normalize, sim_passages) ask utf8proc each time instead. */
typedef struct SimNorm {
  uint32_t *bmp;
  bool cache;
} SimNorm;

/* Normalised code points, with the byte range of the source character of each when `offsets`
 * is set (a character folding to several code points gives them all its range). */
typedef struct SimText {
  uint32_t *c;
  size_t *start, *end;
  size_t len, cap, cap_start, cap_end;
} SimText;

static void sim_text_free(SimText *t) {
  free(t->c);
  free(t->start);
  free(t->end);
  memset(t, 0, sizeof *t);
}

static bool sim_keep_category(utf8proc_int32_t cp) {
  utf8proc_category_t cat = utf8proc_category(cp);
  return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
         (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

/* The fold of cp by utf8proc: compatibility decomposition and case folding, then letters and
 * numbers only. Writes up to SIM_NORM_MAX code points to out; returns how many. */
static size_t sim_fold_slow(int32_t cp, uint32_t out[SIM_NORM_MAX]) {
  utf8proc_int32_t d[SIM_NORM_MAX];
  int bound = 0;
  utf8proc_ssize_t r = utf8proc_decompose_char(
      cp, d, SIM_NORM_MAX, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD, &bound);
  if (r <= 0 || r > SIM_NORM_MAX) {
    return 0;
  }
  size_t k = 0;
  for (utf8proc_ssize_t i = 0; i < r; i++) {
    if (sim_keep_category(d[i])) {
      out[k++] = (uint32_t)d[i];
    }
  }
  return k;
}

/* The fold of one code point (see similar.h step 1): ASCII, full-width ASCII, the common CJK
 * block and the common Chinese punctuation inline (the same results as utf8proc's), the rest
 * of the BMP through the cache, the other planes through utf8proc each time. */
static inline size_t sim_fold(SimNorm *nm, int32_t cp, uint32_t out[SIM_NORM_MAX]) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) { /* full-width ASCII: NFKC gives ASCII */
    cp -= 0xFEE0;
  }
  if (cp < 0x80) {
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      out[0] = (uint32_t)cp;
      return 1;
    }
    if (cp >= 'A' && cp <= 'Z') {
      out[0] = (uint32_t)cp + 32;
      return 1;
    }
    return 0;
  }
  if (cp >= 0x4E00 && cp <= 0x9FA5) { /* CJK Unified Ideographs of Unicode 1.1: Lo, no fold */
    out[0] = (uint32_t)cp;
    return 1;
  }
  if ((cp >= 0x3000 && cp <= 0x3003) || (cp >= 0x3008 && cp <= 0x3011) ||
      (cp >= 0x2010 && cp <= 0x2027) || cp == 0x00B7) {
    return 0; /* ideographic space, 、。〃, 《》「」【】 etc., dashes, quotes, …, · */
  }
  if (cp >= 0x10000 || (!nm->bmp && !nm->cache)) {
    return sim_fold_slow(cp, out);
  }
  if (!nm->bmp) {
    nm->bmp = sim_zalloc(0x10000, sizeof *nm->bmp);
  }
  uint32_t e = nm->bmp[cp];
  if (e == 0) {
    size_t k = sim_fold_slow(cp, out);
    nm->bmp[cp] = k == 0 ? SIM_TAG_DROP : k == 1 ? out[0] << 2 | SIM_TAG_ONE : SIM_TAG_MANY;
    return k;
  }
  switch (e & 3) {
  case SIM_TAG_ONE:
    out[0] = e >> 2;
    return 1;
  case SIM_TAG_DROP:
    return 0;
  default:
    return sim_fold_slow(cp, out);
  }
}

/* Decodes one character of p[0..n), n >= 1: the 1- and 3-byte forms inline, the rest by
 * utf8_decode (-1 and *len = 1 for an invalid byte). */
static inline int32_t sim_decode(const unsigned char *p, size_t n, size_t *len) {
  if (p[0] < 0x80) {
    *len = 1;
    return p[0];
  }
  if (n >= 3 && (p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
    int32_t cp = (p[0] & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
      *len = 3;
      return cp;
    }
  }
  return utf8_decode((const char *)p, n, len);
}

/* Replaces t's contents by the normalised code points of s[0..n). */
static void sim_normalize_into(SimNorm *nm, const char *s, size_t n, SimText *t, bool offsets) {
  const unsigned char *p = (const unsigned char *)s;
  t->len = 0;
  size_t i = 0;
  while (i < n) {
    size_t len;
    int32_t cp = sim_decode(p + i, n - i, &len);
    if (cp >= 0) {
      if (t->len + SIM_NORM_MAX > t->cap) {
        sim_reserve((void **)&t->c, &t->cap, t->len + SIM_NORM_MAX + (n - i) / 3, sizeof *t->c);
      }
      if (offsets && t->cap_start < t->cap) {
        sim_reserve((void **)&t->start, &t->cap_start, t->cap, sizeof *t->start);
        sim_reserve((void **)&t->end, &t->cap_end, t->cap, sizeof *t->end);
      }
      size_t k = sim_fold(nm, cp, t->c + t->len);
      if (offsets) {
        for (size_t j = 0; j < k; j++) {
          t->start[t->len + j] = i;
          t->end[t->len + j] = i + len;
        }
      }
      t->len += k;
    }
    i += len;
  }
}

char *sim_normalize(const char *text, size_t n) {
  SimNorm nm = {0};
  SimText t = {0};
  sim_normalize_into(&nm, text, n, &t, false);
  char *r = sim_alloc(t.len, 4);
  size_t o = 0;
  for (size_t i = 0; i < t.len; i++) {
    o += utf8_encode((int32_t)t.c[i], r + o);
  }
  r = sim_realloc(r, o + 1, 1);
  r[o] = '\0';
  sim_text_free(&t);
  free(nm.bmp);
  return r;
}

/* ---- the index ----------------------------------------------------------------------------- */

typedef struct SimDoc {
  int64_t id, group;
  uint32_t *sig;    /* k signature values, in the arena */
  uint32_t *fp;     /* shingle fingerprints, after sig; sorted and distinct once `sorted` */
  uint32_t n_fp;    /* their number */
  uint32_t n_chars; /* normalised length */
  uint8_t kind;
  bool sorted;
} SimDoc;

struct SimIndex {
  SimParams p;
  size_t k; /* signature length */
  SimNorm norm;
  SimDoc *docs;
  size_t n_docs, cap_docs;
  uint32_t **chunks; /* the arena holding every document's signature and fingerprints */
  size_t n_chunks, cap_chunks;
  uint32_t *arena_at; /* free space in the last chunk */
  size_t arena_left;  /* in uint32_t */
  size_t arena_bytes; /* allocated in all chunks */
  SimText scratch;
  uint64_t *mins; /* k: per-bin minimum while signing */
  uint32_t *sort_tmp;
  size_t cap_sort_tmp;
  size_t n_shingles;
  size_t n_paired;
  size_t last_candidates, last_verified, last_pairs, last_duplicates;
};

SimParams sim_params_default(void) {
  SimParams p = {.ngram = 4, .bands = 32, .rows = 4, .min_length = 8, .seed = SIM_DEFAULT_SEED};
  return p;
}

SimIndex *sim_index_new(const SimParams *params) {
  SimParams p = params ? *params : sim_params_default();
  if (p.ngram < 1 || p.ngram > SIM_NGRAM_MAX || p.bands < 1 || p.rows < 1 || p.bands > SIM_K_MAX ||
      p.rows > SIM_K_MAX || p.bands * p.rows > SIM_K_MAX || p.min_length < 1) {
    return NULL;
  }
  SimIndex *idx = sim_zalloc(1, sizeof *idx);
  idx->p = p;
  idx->k = (size_t)p.bands * (size_t)p.rows;
  idx->mins = sim_alloc(idx->k, sizeof *idx->mins);
  idx->norm.cache = true;
  return idx;
}

void sim_index_free(SimIndex *idx) {
  if (!idx) {
    return;
  }
  for (size_t i = 0; i < idx->n_chunks; i++) {
    free(idx->chunks[i]);
  }
  free(idx->chunks);
  free(idx->docs);
  free(idx->norm.bmp);
  sim_text_free(&idx->scratch);
  free(idx->mins);
  free(idx->sort_tmp);
  free(idx);
}

/* count × size bytes for a large array: from 2 MB on, 2 MB-aligned and, where the system has
 * them, backed by transparent huge pages (advice only). Freed with free(). */
static void *sim_big_alloc(size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) {
    abort();
  }
  size_t bytes = count * size;
  if (bytes < SIM_HUGE_PAGE) {
    return sim_alloc(count, size);
  }
  bytes = (bytes + SIM_HUGE_PAGE - 1) / SIM_HUGE_PAGE * SIM_HUGE_PAGE;
  void *p = aligned_alloc(SIM_HUGE_PAGE, bytes);
  if (!p) {
    abort();
  }
#ifdef MADV_HUGEPAGE
  madvise(p, bytes, MADV_HUGEPAGE);
#endif
  return p;
}

/* n uint32_t from the arena, for one document's signature and fingerprints. Chunks grow from
 * 64 KB to 64 MB; those of 2 MB and more are 2 MB-aligned and, where the system has them,
 * asked to be backed by transparent huge pages: a city-scale index is about 1 GB, and with
 * 4 KB pages the page faults alone cost a third of the time of sim_add on a virtual machine. */
static uint32_t *sim_arena_take(SimIndex *idx, size_t n) {
  if (n > idx->arena_left) {
    size_t units = (size_t)1 << (14 + (idx->n_chunks < 10 ? idx->n_chunks : 10));
    if (units < n) {
      units = n;
    }
    size_t bytes = units * sizeof(uint32_t);
    if (bytes >= SIM_HUGE_PAGE) {
      bytes = (bytes + SIM_HUGE_PAGE - 1) / SIM_HUGE_PAGE * SIM_HUGE_PAGE;
    }
    uint32_t *chunk = sim_big_alloc(bytes / sizeof(uint32_t), sizeof(uint32_t));
    sim_reserve((void **)&idx->chunks, &idx->cap_chunks, idx->n_chunks + 1, sizeof *idx->chunks);
    idx->chunks[idx->n_chunks++] = chunk;
    idx->arena_at = chunk;
    idx->arena_left = bytes / sizeof(uint32_t);
    idx->arena_bytes += bytes;
  }
  uint32_t *r = idx->arena_at;
  idx->arena_at += n;
  idx->arena_left -= n;
  return r;
}

/* The number of shingles of a normalised text of len characters. */
static size_t sim_shingle_count(size_t len, int ngram) {
  if (len == 0) {
    return 0;
  }
  return len < (size_t)ngram ? 1 : len - (size_t)ngram + 1;
}

size_t sim_shingles(SimIndex *idx, const char *text, size_t n, uint32_t *out, size_t max) {
  SimText *t = &idx->scratch;
  sim_normalize_into(&idx->norm, text, n, t, false);
  size_t count = sim_shingle_count(t->len, idx->p.ngram);
  size_t ngram = t->len < (size_t)idx->p.ngram ? t->len : (size_t)idx->p.ngram;
  size_t lim = count < max ? count : max;
  for (size_t i = 0; i < lim; i++) {
    out[i] = (uint32_t)(sim_hash_cps(t->c + i, ngram, idx->p.seed) >> 32);
  }
  return count;
}

/* Fills sig[0..k) from the per-bin minima (UINT64_MAX = empty bin) by optimal densification.
 * At least one bin is non-empty. */
static void sim_densify(const SimIndex *idx, const uint64_t *mins, uint32_t *sig) {
  size_t k = idx->k;
  for (size_t i = 0; i < k; i++) {
    if (mins[i] != UINT64_MAX) {
      sig[i] = (uint32_t)mins[i];
      continue;
    }
    size_t j = i;
    bool found = false;
    for (uint64_t attempt = 1; attempt <= 8 * (uint64_t)k && !found; attempt++) {
      uint64_t h = sim_mum(idx->p.seed ^ sim_s2 ^ i, attempt ^ sim_s3);
      j = (size_t)(((h >> 32) * (uint64_t)k) >> 32);
      found = mins[j] != UINT64_MAX;
    }
    while (!found) { /* next non-empty bin: after 8k unlucky draws, still deterministic */
      j = (j + 1) % k;
      found = mins[j] != UINT64_MAX;
    }
    sig[i] = (uint32_t)mins[j];
  }
}

int sim_add(SimIndex *idx, int64_t doc_id, int64_t group, int kind, const char *text, size_t n) {
  if ((kind != SIM_RECORD && kind != SIM_MATERIAL) || idx->n_docs >= UINT32_MAX - 1) {
    return -1;
  }
  SimText *t = &idx->scratch;
  sim_normalize_into(&idx->norm, text, n, t, false);
  if (t->len >= UINT32_MAX) {
    return -1;
  }
  size_t count = sim_shingle_count(t->len, idx->p.ngram);
  size_t ngram = t->len < (size_t)idx->p.ngram ? t->len : (size_t)idx->p.ngram;
  size_t k = idx->k;

  sim_reserve((void **)&idx->docs, &idx->cap_docs, idx->n_docs + 1, sizeof *idx->docs);
  SimDoc *d = &idx->docs[idx->n_docs];
  uint32_t *sig = sim_arena_take(idx, k + count);
  d->sig = sig;
  d->id = doc_id;
  d->group = group;
  d->kind = (uint8_t)kind;
  d->sorted = false;
  d->n_chars = (uint32_t)t->len;
  d->n_fp = (uint32_t)count;
  d->fp = sig + k;

  uint64_t *mins = idx->mins;
  for (size_t i = 0; i < k; i++) {
    mins[i] = UINT64_MAX;
  }
  uint64_t seed = idx->p.seed;
  for (size_t i = 0; i < count; i++) {
    uint64_t h = sim_hash_cps(t->c + i, ngram, seed);
    uint32_t fp = (uint32_t)(h >> 32);
    d->fp[i] = fp;
    size_t bin = (size_t)(((uint64_t)fp * k) >> 32);
    mins[bin] = h < mins[bin] ? h : mins[bin];
  }
  if (count > 0) {
    sim_densify(idx, mins, sig);
  } else {
    memset(sig, 0, k * sizeof *sig);
  }
  idx->n_docs++;
  idx->n_shingles += count;
  if (count > 0 && t->len >= (size_t)idx->p.min_length) {
    idx->n_paired++;
  }
  return 0;
}

void sim_index_stats(const SimIndex *idx, SimStats *stats) {
  memset(stats, 0, sizeof *stats);
  stats->docs = idx->n_docs;
  stats->paired_docs = idx->n_paired;
  stats->shingles = idx->n_shingles;
  stats->bytes = sizeof *idx + idx->cap_docs * sizeof *idx->docs +
                 (idx->arena_bytes - idx->arena_left * sizeof(uint32_t)) +
                 idx->cap_chunks * sizeof *idx->chunks + idx->scratch.cap * sizeof *idx->scratch.c +
                 (idx->norm.bmp ? 0x10000 * 4 : 0) + idx->cap_sort_tmp * sizeof *idx->sort_tmp +
                 idx->k * sizeof *idx->mins;
  stats->candidates = idx->last_candidates;
  stats->verified = idx->last_verified;
  stats->pairs = idx->last_pairs;
  stats->duplicates = idx->last_duplicates;
}

/* ---- sim_pairs ----------------------------------------------------------------------------- */

static bool sim_paired(const SimIndex *idx, const SimDoc *d) {
  return d->n_fp > 0 && d->n_chars >= (uint32_t)idx->p.min_length;
}

/* Sorts and deduplicates d's fingerprints (once). */
static void sim_doc_sort(SimIndex *idx, SimDoc *d) {
  if (d->sorted) {
    return;
  }
  sim_reserve((void **)&idx->sort_tmp, &idx->cap_sort_tmp, d->n_fp, sizeof *idx->sort_tmp);
  sim_sort_u32(d->fp, idx->sort_tmp, d->n_fp);
  uint32_t m = 0;
  for (uint32_t i = 0; i < d->n_fp; i++) {
    if (m == 0 || d->fp[i] != d->fp[m - 1]) {
      d->fp[m++] = d->fp[i];
    }
  }
  d->n_fp = m;
  d->sorted = true;
}

/* A growable array of candidate pairs (lower index << 32 | higher index). */
typedef struct SimCands {
  uint64_t *a;
  size_t n, cap;
} SimCands;

static void sim_cand_push(SimCands *c, uint32_t i, uint32_t j) {
  sim_reserve((void **)&c->a, &c->cap, c->n + 1, sizeof *c->a);
  c->a[c->n++] = i < j ? (uint64_t)i << 32 | j : (uint64_t)j << 32 | i;
}

/* Candidates from LSH banding over the documents elig[0..ne). */
static void sim_band_candidates(const SimIndex *idx, const uint32_t *elig, size_t ne, SimCands *c) {
  size_t bands = (size_t)idx->p.bands;
  size_t rows = (size_t)idx->p.rows;
  /* all band keys of a document at once: its signature is read once, in order */
  uint64_t *keys = sim_big_alloc(ne, bands * sizeof *keys); /* keys[band * ne + e] */
  for (size_t e = 0; e < ne; e++) {
    const uint32_t *v = idx->docs[elig[e]].sig;
    for (size_t band = 0; band < bands; band++) {
      uint64_t h = idx->p.seed ^ sim_s1 ^ band;
      for (size_t r = 0; r < rows; r++) {
        h = sim_mum(h ^ *v++ ^ sim_s0, sim_s3);
      }
      keys[band * ne + e] = (h & 0xFFFFFFFF00000000ULL) | elig[e];
    }
  }
  uint64_t *tmp = sim_alloc(ne, sizeof *tmp);
  for (size_t band = 0; band < bands; band++) {
    uint64_t *k = keys + band * ne;
    sim_sort_u64(k, tmp, ne, 4); /* by key; the documents are in order already */
    size_t s = 0;
    while (s < ne) {
      size_t e = s + 1;
      while (e < ne && (k[e] >> 32) == (k[s] >> 32)) {
        e++;
      }
      for (size_t x = s; x < e; x++) {
        for (size_t y = x + 1; y < e; y++) {
          sim_cand_push(c, (uint32_t)k[x], (uint32_t)k[y]);
        }
      }
      s = e;
    }
  }
  free(keys);
  free(tmp);
}

/* The material table: open addressing, one uint64_t per slot, fingerprint << 32 | value,
 * value 0 = empty slot, m + 1 = only in material number m, SIM_SLOT_COMMON = in too many
 * materials to tell anything, SIM_SLOT_LIST | i = in the materials post[i + 1 ..
 * i + post[i]]. */
#define SIM_SLOT_LIST 0x80000000u
#define SIM_SLOT_COMMON 0xFFFFFFFFu

static size_t sim_slot_of(uint32_t fp, size_t mask) {
  return (size_t)((fp * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
}

/* The value of fp in the table, 0 when absent. */
static uint32_t sim_slot_get(const uint64_t *slot, size_t mask, uint32_t fp) {
  for (size_t h = sim_slot_of(fp, mask); slot[h]; h = (h + 1) & mask) {
    if ((uint32_t)(slot[h] >> 32) == fp) {
      return (uint32_t)slot[h];
    }
  }
  return 0;
}

/* Builds the material table over the sampled fingerprints of the materials mats[0..nm); see
 * the top. Returns the slots (*mask + 1 of them) and the posting lists in *post, or NULL
 * (nothing allocated) when the materials have too many fingerprints for the table. */
static uint64_t *sim_material_table(SimIndex *idx, const uint32_t *mats, size_t nm, size_t *mask,
                                    uint32_t **post) {
  size_t total = 0;
  for (size_t m = 0; m < nm; m++) {
    SimDoc *d = &idx->docs[mats[m]];
    sim_doc_sort(idx, d);
    for (uint32_t i = 0; i < d->n_fp; i++) {
      total += (d->fp[i] & (SIM_MATERIAL_RATE - 1)) == 0;
    }
  }
  if (total >= SIM_SLOT_LIST / 2) {
    return NULL; /* 10^9 material fingerprints: posting offsets would not fit, no lookups */
  }
  uint64_t *ent = sim_alloc(total, sizeof *ent); /* fingerprint << 32 | material number */
  size_t o = 0;
  for (size_t m = 0; m < nm; m++) {
    const SimDoc *d = &idx->docs[mats[m]];
    for (uint32_t i = 0; i < d->n_fp; i++) {
      if ((d->fp[i] & (SIM_MATERIAL_RATE - 1)) == 0) {
        ent[o++] = (uint64_t)d->fp[i] << 32 | m;
      }
    }
  }
  uint64_t *tmp = sim_alloc(total, sizeof *tmp);
  sim_sort_u64(ent, tmp, total, 0);
  free(tmp);
  size_t distinct = 0;
  for (size_t x = 0; x < total; x++) {
    distinct += x == 0 || (ent[x] >> 32) != (ent[x - 1] >> 32);
  }
  size_t size = 16;
  while (size < 2 * distinct) {
    size *= 2;
  }
  *mask = size - 1;
  uint64_t *slot = sim_zalloc(size, sizeof *slot);
  size_t common = nm / SIM_COMMON_DIV > SIM_COMMON_MIN ? nm / SIM_COMMON_DIV : SIM_COMMON_MIN;
  uint32_t *list = NULL;
  size_t n_list = 0, cap_list = 0;
  for (size_t s = 0; s < total;) {
    size_t e = s + 1;
    while (e < total && (ent[e] >> 32) == (ent[s] >> 32)) {
      e++;
    }
    uint32_t fp = (uint32_t)(ent[s] >> 32);
    uint32_t value;
    if (e - s == 1) {
      value = (uint32_t)ent[s] + 1;
    } else if (e - s > common) {
      value = SIM_SLOT_COMMON;
    } else {
      value = SIM_SLOT_LIST | (uint32_t)n_list;
      sim_reserve((void **)&list, &cap_list, n_list + 1 + (e - s), sizeof *list);
      list[n_list++] = (uint32_t)(e - s);
      for (size_t x = s; x < e; x++) {
        list[n_list++] = (uint32_t)ent[x];
      }
    }
    size_t h = sim_slot_of(fp, *mask);
    while (slot[h]) {
      h = (h + 1) & *mask;
    }
    slot[h] = (uint64_t)fp << 32 | value;
    s = e;
  }
  free(ent);
  *post = list;
  return slot;
}

/* Candidates from the record samples against the materials (see the top). */
static void sim_material_candidates(SimIndex *idx, const uint32_t *elig, size_t ne, double t,
                                    SimCands *c) {
  uint32_t *mats = sim_alloc(ne, sizeof *mats);
  size_t nm = 0;
  for (size_t e = 0; e < ne; e++) {
    if (idx->docs[elig[e]].kind == SIM_MATERIAL) {
      mats[nm++] = elig[e];
    }
  }
  if (nm == 0 || nm == ne || nm >= SIM_SLOT_LIST - 1) {
    free(mats);
    return;
  }
  size_t mask;
  uint32_t *post;
  uint64_t *slot = sim_material_table(idx, mats, nm, &mask, &post);
  if (!slot) {
    free(mats);
    return;
  }
  uint32_t *hits = sim_zalloc(nm, sizeof *hits);
  uint32_t *touched = sim_alloc(nm + 1, sizeof *touched); /* + 1: see the hit loop */
  for (size_t e = 0; e < ne; e++) {
    const SimDoc *d = &idx->docs[elig[e]];
    if (d->kind != SIM_RECORD) {
      continue;
    }
    uint32_t rate = SIM_MATERIAL_RATE;
    while (d->n_fp / (rate * 2) >= SIM_SAMPLE_MIN) {
      rate *= 2;
    }
    uint32_t sample_mask = rate - 1;
    size_t looked = 0, nt = 0;
    for (uint32_t i = 0; i < d->n_fp; i++) {
      uint32_t fp = d->fp[i];
      if (fp & sample_mask) {
        continue;
      }
      uint32_t v = sim_slot_get(slot, mask, fp);
      if (v == SIM_SLOT_COMMON) {
        continue; /* no evidence either way */
      }
      looked++;
      if (v == 0) {
        continue;
      }
      uint32_t one = v - 1;
      const uint32_t *ms = &one;
      uint32_t nms = 1;
      if (v & SIM_SLOT_LIST) {
        nms = post[v & ~SIM_SLOT_LIST];
        ms = post + (v & ~SIM_SLOT_LIST) + 1;
      }
      for (uint32_t x = 0; x < nms; x++) {
        touched[nt] = ms[x]; /* kept when it is the first hit (no unpredictable branch) */
        nt += hits[ms[x]]++ == 0;
      }
    }
    double need = (t - SIM_SAMPLE_MARGIN) * (double)looked;
    for (size_t x = 0; x < nt; x++) {
      uint32_t m = touched[x];
      if ((double)hits[m] >= need) {
        sim_cand_push(c, elig[e], mats[m]);
      }
      hits[m] = 0;
    }
  }
  free(hits);
  free(touched);
  free(slot);
  free(post);
  free(mats);
}

/* |A ∩ B| of two sorted, distinct arrays. */
static size_t sim_intersect(const uint32_t *a, size_t na, const uint32_t *b, size_t nb) {
  size_t i = 0, j = 0, n = 0;
  while (i < na && j < nb) {
    if (a[i] < b[j]) {
      i++;
    } else if (a[i] > b[j]) {
      j++;
    } else {
      n++;
      i++;
      j++;
    }
  }
  return n;
}

/* A reported pair with the positions used to order the output. */
typedef struct SimHit {
  SimPair p;
  uint32_t ia, ib;
} SimHit;

static int sim_hit_cmp(const void *x, const void *y) {
  const SimHit *a = x;
  const SimHit *b = y;
  if (a->p.score != b->p.score) {
    return a->p.score > b->p.score ? -1 : 1;
  }
  if (a->ia != b->ia) {
    return a->ia < b->ia ? -1 : 1;
  }
  return a->ib < b->ib ? -1 : a->ib > b->ib;
}

/* Verifies candidate (i, j), i < j; appends it to *hits when it meets the rule. */
static void sim_verify(SimIndex *idx, uint32_t i, uint32_t j, double t, SimHit **hits, size_t *nh,
                       size_t *cap) {
  SimDoc *di = &idx->docs[i];
  SimDoc *dj = &idx->docs[j];
  if (di->kind == SIM_MATERIAL && dj->kind == SIM_MATERIAL) {
    return;
  }
  bool records = di->kind == SIM_RECORD && dj->kind == SIM_RECORD;
  size_t k = idx->k;
  if (records && di->n_fp >= k && dj->n_fp >= k) {
    const uint32_t *si = di->sig;
    const uint32_t *sj = dj->sig;
    size_t eq = 0;
    for (size_t x = 0; x < k; x++) {
      eq += si[x] == sj[x];
    }
    if ((double)eq < (t - SIM_SIG_MARGIN) * (double)k) {
      return;
    }
  }
  idx->last_verified++;
  sim_doc_sort(idx, di);
  sim_doc_sort(idx, dj);
  size_t inter = sim_intersect(di->fp, di->n_fp, dj->fp, dj->n_fp);
  double jac = (double)inter / (double)(di->n_fp + dj->n_fp - inter);
  double ci = (double)inter / (double)di->n_fp;
  double cj = (double)inter / (double)dj->n_fp;
  SimHit h;
  if (records) {
    if (jac < t) {
      return;
    }
    h = (SimHit){.p = {.a = di->id,
                       .b = dj->id,
                       .group_a = di->group,
                       .group_b = dj->group,
                       .kind_a = SIM_RECORD,
                       .kind_b = SIM_RECORD,
                       .score = jac,
                       .jaccard = jac,
                       .containment_a_in_b = ci,
                       .containment_b_in_a = cj},
                 .ia = i,
                 .ib = j};
  } else {
    bool rec_first = di->kind == SIM_RECORD;
    const SimDoc *r = rec_first ? di : dj;
    const SimDoc *m = rec_first ? dj : di;
    double cr = rec_first ? ci : cj;
    if (cr < t) {
      return;
    }
    h = (SimHit){.p = {.a = r->id,
                       .b = m->id,
                       .group_a = r->group,
                       .group_b = m->group,
                       .kind_a = SIM_RECORD,
                       .kind_b = SIM_MATERIAL,
                       .score = cr,
                       .jaccard = jac,
                       .containment_a_in_b = cr,
                       .containment_b_in_a = rec_first ? cj : ci},
                 .ia = rec_first ? i : j,
                 .ib = rec_first ? j : i};
  }
  sim_reserve((void **)hits, cap, *nh + 1, sizeof **hits);
  (*hits)[(*nh)++] = h;
}

/* The exact duplicates among the records elig[0..ne) (see similar.h, Duplicates): returns
 * rep[doc] = the representative (the first added) of doc's class, UINT32_MAX for a document
 * that is not a duplicate of an earlier one, or NULL when there is no duplicate; *n_dup is the
 * number of duplicates. Records are grouped by a hash of their signature, and only those
 * sharing it with another are sorted, hashed by fingerprint set and compared whole, so the
 * cost on ordinary data is one pass over the signatures and one sort of ne keys. */
static uint32_t *sim_duplicates(SimIndex *idx, const uint32_t *elig, size_t ne, size_t *n_dup) {
  size_t k = idx->k;
  *n_dup = 0;
  uint64_t *key = sim_alloc(ne, sizeof *key);
  size_t nr = 0;
  for (size_t e = 0; e < ne; e++) {
    const SimDoc *d = &idx->docs[elig[e]];
    if (d->kind != SIM_RECORD) {
      continue;
    }
    uint64_t h = idx->p.seed ^ sim_s2;
    size_t x = 0;
    for (; x + 2 <= k; x += 2) {
      h = sim_mum(h ^ d->sig[x] ^ sim_s0, ((uint64_t)d->sig[x + 1] << 32) ^ sim_s3);
    }
    if (x < k) {
      h = sim_mum(h ^ d->sig[x] ^ sim_s0, sim_s3);
    }
    key[nr++] = (h & 0xFFFFFFFF00000000ULL) | elig[e];
  }
  uint64_t *tmp = sim_alloc(nr, sizeof *tmp);
  sim_sort_u64(key, tmp, nr, 4); /* by signature hash; documents in order within */
  uint32_t *rep = NULL;
  for (size_t s = 0; s < nr;) {
    size_t e = s + 1;
    while (e < nr && (key[e] >> 32) == (key[s] >> 32)) {
      e++;
    }
    if (e - s >= 2) {
      for (size_t x = s; x < e; x++) { /* rekey by fingerprint set, same order */
        SimDoc *d = &idx->docs[(uint32_t)key[x]];
        sim_doc_sort(idx, d);
        uint64_t h = idx->p.seed ^ sim_s1 ^ d->n_fp;
        for (uint32_t i = 0; i < d->n_fp; i++) {
          h = sim_mum(h ^ d->fp[i] ^ sim_s0, sim_s3);
        }
        key[x] = (h & 0xFFFFFFFF00000000ULL) | (uint32_t)key[x];
      }
      sim_sort_u64(key + s, tmp, e - s, 4);
      for (size_t a = s; a < e;) {
        size_t b = a + 1;
        while (b < e && (key[b] >> 32) == (key[a] >> 32)) {
          b++;
        }
        uint32_t r = (uint32_t)key[a];
        const SimDoc *dr = &idx->docs[r];
        for (size_t x = a + 1; x < b; x++) {
          uint32_t y = (uint32_t)key[x];
          const SimDoc *dy = &idx->docs[y];
          if (dy->n_fp != dr->n_fp || memcmp(dy->fp, dr->fp, dr->n_fp * sizeof *dr->fp) != 0 ||
              memcmp(dy->sig, dr->sig, k * sizeof *dr->sig) != 0) {
            continue; /* a hash collision: y stays a document of its own */
          }
          if (!rep) {
            rep = sim_alloc(idx->n_docs, sizeof *rep);
            for (size_t i = 0; i < idx->n_docs; i++) {
              rep[i] = UINT32_MAX;
            }
          }
          rep[y] = r;
          (*n_dup)++;
        }
        a = b;
      }
    }
    s = e;
  }
  free(key);
  free(tmp);
  return rep;
}

/* For every record–material candidate c->a[0..n0) whose record r has duplicates (mem: rep <<
 * 32 | duplicate, sorted), the same candidate for each duplicate of r. */
static void sim_duplicate_materials(const SimIndex *idx, const uint64_t *mem, size_t n_mem,
                                    size_t n0, SimCands *c) {
  for (size_t x = 0; x < n0; x++) {
    uint32_t i = (uint32_t)(c->a[x] >> 32), j = (uint32_t)c->a[x];
    uint32_t r, m;
    if (idx->docs[i].kind == SIM_RECORD && idx->docs[j].kind == SIM_MATERIAL) {
      r = i;
      m = j;
    } else if (idx->docs[i].kind == SIM_MATERIAL && idx->docs[j].kind == SIM_RECORD) {
      r = j;
      m = i;
    } else {
      continue;
    }
    size_t lo = 0, hi = n_mem; /* the first entry of r */
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if ((uint32_t)(mem[mid] >> 32) < r) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (; lo < n_mem && (uint32_t)(mem[lo] >> 32) == r; lo++) {
      sim_cand_push(c, (uint32_t)mem[lo], m);
    }
  }
}

size_t sim_pairs(SimIndex *idx, double threshold, SimPair **out) {
  double t = threshold;
  if (!(t >= 0.01)) { /* also NaN */
    t = 0.01;
  }
  if (t > 1) {
    t = 1;
  }
  *out = NULL;
  idx->last_candidates = idx->last_verified = idx->last_pairs = idx->last_duplicates = 0;
  uint32_t *elig = sim_alloc(idx->n_docs, sizeof *elig);
  size_t ne = 0;
  for (size_t i = 0; i < idx->n_docs; i++) {
    if (sim_paired(idx, &idx->docs[i])) {
      elig[ne++] = (uint32_t)i;
    }
  }
  /* exact duplicates stand for their representative in the banding (see similar.h) */
  size_t n_dup = 0;
  uint32_t *rep = sim_duplicates(idx, elig, ne, &n_dup);
  uint64_t *mem = NULL;
  SimCands c = {0};
  if (rep) {
    uint32_t *band = sim_alloc(ne - n_dup, sizeof *band);
    mem = sim_alloc(n_dup, sizeof *mem);
    size_t nb = 0, nd = 0;
    for (size_t e = 0; e < ne; e++) {
      if (rep[elig[e]] == UINT32_MAX) {
        band[nb++] = elig[e];
      } else {
        mem[nd++] = (uint64_t)rep[elig[e]] << 32 | elig[e];
      }
    }
    sim_band_candidates(idx, band, nb, &c);
    free(band);
    uint64_t *mtmp = sim_alloc(n_dup, sizeof *mtmp);
    sim_sort_u64(mem, mtmp, n_dup, 0);
    free(mtmp);
    sim_duplicate_materials(idx, mem, n_dup, c.n, &c);
  } else {
    sim_band_candidates(idx, elig, ne, &c);
  }
  sim_material_candidates(idx, elig, ne, t, &c);
  free(elig);
  free(rep);

  uint64_t *tmp = sim_alloc(c.n, sizeof *tmp);
  sim_sort_u64(c.a, tmp, c.n, 0);
  free(tmp);
  SimHit *hits = NULL;
  size_t nh = 0, cap = 0;
  for (size_t x = 0; x < c.n; x++) {
    if (x > 0 && c.a[x] == c.a[x - 1]) {
      continue;
    }
    idx->last_candidates++;
    sim_verify(idx, (uint32_t)(c.a[x] >> 32), (uint32_t)c.a[x], t, &hits, &nh, &cap);
  }
  free(c.a);
  for (size_t x = 0; x < n_dup; x++) { /* each duplicate with its representative */
    const SimDoc *dr = &idx->docs[mem[x] >> 32];
    const SimDoc *dy = &idx->docs[(uint32_t)mem[x]];
    sim_reserve((void **)&hits, &cap, nh + 1, sizeof *hits);
    hits[nh++] = (SimHit){.p = {.a = dr->id,
                                .b = dy->id,
                                .group_a = dr->group,
                                .group_b = dy->group,
                                .kind_a = SIM_RECORD,
                                .kind_b = SIM_RECORD,
                                .duplicate = 1,
                                .score = 1,
                                .jaccard = 1,
                                .containment_a_in_b = 1,
                                .containment_b_in_a = 1},
                          .ia = (uint32_t)(mem[x] >> 32),
                          .ib = (uint32_t)mem[x]};
  }
  free(mem);
  idx->last_duplicates = n_dup;
  if (nh == 0) {
    free(hits);
    return 0;
  }
  qsort(hits, nh, sizeof *hits, sim_hit_cmp);
  SimPair *pairs = sim_alloc(nh, sizeof *pairs);
  for (size_t x = 0; x < nh; x++) {
    pairs[x] = hits[x].p;
  }
  free(hits);
  idx->last_pairs = nh;
  *out = pairs;
  return nh;
}

/* ---- sim_passages -------------------------------------------------------------------------- */

static int sim_passage_len_cmp(const void *x, const void *y) {
  const SimPassage *a = x;
  const SimPassage *b = y;
  if (a->chars != b->chars) {
    return a->chars > b->chars ? -1 : 1;
  }
  return a->a_off < b->a_off ? -1 : a->a_off > b->a_off;
}

static int sim_passage_pos_cmp(const void *x, const void *y) {
  const SimPassage *a = x;
  const SimPassage *b = y;
  return a->a_off < b->a_off ? -1 : a->a_off > b->a_off;
}

/* True when position x of t (0 < x < t->len) continues the source character of x - 1. */
static bool sim_mid_char(const SimText *t, size_t x) {
  return x > 0 && x < t->len && t->start[x] == t->start[x - 1];
}

/* The passages of ta in tb (normalised, with offsets), appended to *ps. */
static size_t sim_find_passages(const SimText *ta, const SimText *tb, SimPassage **ps,
                                size_t *cap) {
  const size_t seed_len = SIM_PASSAGE_MIN;
  const uint64_t seed = SIM_DEFAULT_SEED;
  size_t nb = tb->len - seed_len + 1; /* seed positions in b */
  size_t size = 16;
  while (size < 2 * nb) {
    size *= 2;
  }
  int bits = 0;
  while (((size_t)1 << bits) < size) {
    bits++;
  }
  size_t *head = sim_alloc(size, sizeof *head);
  size_t *next = sim_alloc(nb, sizeof *next);
  for (size_t x = 0; x < size; x++) {
    head[x] = SIZE_MAX;
  }
  for (size_t j = nb; j-- > 0;) { /* chains list b positions in increasing order */
    size_t hb = (size_t)(sim_hash_cps(tb->c + j, seed_len, seed) >> (64 - bits));
    next[j] = head[hb];
    head[hb] = j;
  }
  size_t np = 0;
  size_t i = 0;
  while (i + seed_len <= ta->len) {
    size_t hb = (size_t)(sim_hash_cps(ta->c + i, seed_len, seed) >> (64 - bits));
    size_t best = 0, best_j = 0;
    int seen = 0;
    for (size_t j = head[hb]; j != SIZE_MAX && seen < SIM_CHAIN_MAX; j = next[j], seen++) {
      size_t len = 0;
      while (i + len < ta->len && j + len < tb->len && ta->c[i + len] == tb->c[j + len]) {
        len++;
      }
      if (len >= seed_len && len > best) {
        best = len;
        best_j = j;
      }
    }
    if (best == 0) {
      i++;
      continue;
    }
    /* a character folding to several code points (㎡ -> m2) is in a passage whole or not at
     * all, on both sides */
    size_t s = 0, e = best;
    while (s < e && (sim_mid_char(ta, i + s) || sim_mid_char(tb, best_j + s))) {
      s++;
    }
    while (e > s && (sim_mid_char(ta, i + e) || sim_mid_char(tb, best_j + e))) {
      e--;
    }
    if (e - s >= seed_len) {
      sim_reserve((void **)ps, cap, np + 1, sizeof **ps);
      SimPassage *p = &(*ps)[np++];
      p->a_off = ta->start[i + s];
      p->a_len = ta->end[i + e - 1] - p->a_off;
      p->b_off = tb->start[best_j + s];
      p->b_len = tb->end[best_j + e - 1] - p->b_off;
      p->chars = e - s;
    }
    i += best;
  }
  free(head);
  free(next);
  return np;
}

size_t sim_passages(const char *a, size_t na, const char *b, size_t nb, SimPassage *out,
                    size_t max) {
  SimNorm nm = {0};
  SimText ta = {0};
  SimText tb = {0};
  sim_normalize_into(&nm, a, na, &ta, true);
  sim_normalize_into(&nm, b, nb, &tb, true);
  size_t np = 0;
  SimPassage *ps = NULL;
  size_t cap = 0;
  if (ta.len >= SIM_PASSAGE_MIN && tb.len >= SIM_PASSAGE_MIN) {
    np = sim_find_passages(&ta, &tb, &ps, &cap);
  }
  if (max > 0 && np > 0) {
    size_t keep = np < max ? np : max;
    if (keep < np) {
      qsort(ps, np, sizeof *ps, sim_passage_len_cmp);
    }
    qsort(ps, keep, sizeof *ps, sim_passage_pos_cmp);
    memcpy(out, ps, keep * sizeof *ps);
  }
  free(ps);
  sim_text_free(&ta);
  sim_text_free(&tb);
  free(nm.bmp);
  return np;
}
