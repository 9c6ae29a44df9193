/*
 * similar: near-duplicate text detection for the copied-minutes check (抄袭/雷同的会议记录和学习
 * 笔记): records copied from each other, across records and branches, and notes copied from the
 * study materials registered in the system. Pure: no I/O, no SQL, no globals (its only system
 * call is madvise, see Memory); an index is used by one thread at a time, separate indexes
 * and sim_passages/sim_normalize are independent.
 *
 * Pipeline (see similar.c for the reasoning behind each choice):
 *   1. Normalise: each character is folded on its own with the NFKC compatibility mapping plus
 *      case folding (full-width ＡＢＣ１２３ -> abc123, ① -> 1, ㎡ -> m2, Ⅻ -> xii), then only
 *      letters (Unicode L*, which includes every CJK ideograph) and numbers (N*: digits, 〇)
 *      are kept. Punctuation (CJK and ASCII), symbols, white space, controls and combining
 *      marks are dropped, so diacritics are removed (é -> e and e + U+0301 -> e alike, where
 *      NFKC would keep é; kana lose their voicing marks, が -> か). Bytes that are not valid
 *      UTF-8 are dropped like punctuation. Everything works on code points.
 *   2. Shingles: the character n-grams of the normalised text (n = SimParams.ngram, default
 *      4), each hashed to 64 bits with a seeded multiply-fold hash; a text shorter than n
 *      (but not empty) is one shingle, the whole text. A document keeps the upper 32 bits of
 *      each shingle hash (its fingerprint) for the exact check.
 *   3. MinHash signature: k = bands × rows values by one-permutation hashing with optimal
 *      densification; LSH banding over the signatures gives candidate pairs.
 *   4. A hash-chosen eighth of the materials' (SIM_MATERIAL) shingles is also indexed
 *      shingle by shingle; every record looks up a sample of its shingles chosen the same
 *      way, which finds a short note copied from a long material although their Jaccard
 *      similarity is low (the case banding cannot see).
 *   5. Every candidate is verified exactly on the fingerprint sets ("exact" means up to
 *      32-bit fingerprint collisions: about one shingle in 4·10⁹ pairs of distinct ones).
 *
 * The rule (which measure the check uses), with t the threshold given to sim_pairs:
 *   record–record    Jaccard |A∩B| / |A∪B| >= t: the two records are near-duplicates.
 *   record–material  containment |R∩M| / |R| of the record R in the material M >= t: the
 *                    record was copied from the material (a 300-character note made of three
 *                    sentences of a 5,000-character material has containment near 1 and
 *                    Jaccard near 0.05; containment >= Jaccard always).
 *   material–material pairs are not reported. Documents whose normalised text is shorter
 *   than SimParams.min_length characters, or empty, are stored but never paired.
 *
 * Memory: per document 4 bytes per normalised character (its fingerprints) + 4·k bytes of
 * signature (512 with the defaults) + 48 bytes, in one arena (chunks of up to 64 MB, on Linux
 * advised to use transparent huge pages; no malloc per document): a 1,000-character record
 * takes about 4.6 KB, 216,000 records of 1,100 characters on average about 1 GB. sim_pairs
 * needs in addition 8·bands + 12 bytes per document (band keys; 268 with the defaults), 8
 * bytes per candidate pair, 16 per record for the duplicate search (when there are exact
 * duplicates, 4 more per document and 16 per duplicate) and, for the materials, about 4
 * bytes per material shingle; all freed before it returns.
 *
 * Determinism: same parameters and the same documents added in the same order give the same
 * pairs in the same order, on every platform (no pointer values, no random state, no
 * floating point in the hashing).
 */
#ifndef DJ_SIMILAR_H
#define DJ_SIMILAR_H

#include <stddef.h>
#include <stdint.h>

/* The kinds of document (sim_add's `kind`). */
enum {
  SIM_RECORD = 0,   /* meeting minutes, study notes: compared with everything */
  SIM_MATERIAL = 1, /* a registered study material: records are checked against it */
};

/* The minimum length, in normalised characters, of a passage reported by sim_passages. */
#define SIM_PASSAGE_MIN 8

typedef struct SimParams {
  int ngram;      /* shingle length in characters, 1..16; default 4 */
  int bands;      /* LSH bands, >= 1; default 32 */
  int rows;       /* signature values per band, >= 1; bands × rows <= 1024; default 4 */
  int min_length; /* documents with fewer normalised characters are not paired; >= 1;
                     default 8 */
  uint64_t seed;  /* of every hash; default 0x6461_6e67_6a69_616e ("dangjian") */
} SimParams;

/* One reported pair. a and b are the doc_ids given to sim_add: for a record–record pair a is
 * the one added first, for a record–material pair a is the record and b the material. */
typedef struct SimPair {
  int64_t a, b;
  int64_t group_a, group_b;  /* the groups given to sim_add (e.g. the org of each record) */
  int kind_a, kind_b;        /* SIM_RECORD or SIM_MATERIAL */
  int duplicate;             /* 1: b is an exact duplicate of a (see Duplicates at
                                sim_pairs), a its representative; else 0 */
  int reserved;              /* 0 (no padding bytes: pairs compare with memcmp) */
  double score;              /* the measure the rule used (see above): jaccard or
                                containment_a_in_b */
  double jaccard;            /* |A∩B| / |A∪B| */
  double containment_a_in_b; /* |A∩B| / |A| */
  double containment_b_in_a; /* |A∩B| / |B| */
} SimPair;

/* One common passage: bytes [a_off, a_off + a_len) of text a and [b_off, b_off + b_len) of
 * text b, in the original (not normalised) texts. Both ranges start at the first byte of a
 * character and end after the last byte of one, and include any punctuation or white space
 * between the matching characters. chars is the passage's length in normalised characters
 * (>= SIM_PASSAGE_MIN). */
typedef struct SimPassage {
  size_t a_off, a_len;
  size_t b_off, b_len;
  size_t chars;
} SimPassage;

/* Counters, for the benchmark and for logs. */
typedef struct SimStats {
  size_t docs;        /* documents added */
  size_t paired_docs; /* of which long enough to be paired */
  size_t shingles;    /* fingerprints stored (with repeats) */
  size_t bytes;       /* memory used by the index now (approximate: without malloc
                         overhead and the untouched tail of its last arena chunk) */
  size_t candidates;  /* distinct candidate pairs of the last sim_pairs */
  size_t verified;    /* of which checked exactly (the rest failed the signature filter) */
  size_t pairs;       /* pairs reported by the last sim_pairs */
  size_t duplicates;  /* of the last sim_pairs: records that are exact duplicates of an earlier
                         one (see Duplicates at sim_pairs), reported without verification */
} SimStats;

/* The defaults described in SimParams. */
SimParams sim_params_default(void);

/* A new empty index with a copy of *params (NULL: the defaults). Returns NULL when a parameter
 * is out of range. Free with sim_index_free. */
typedef struct SimIndex SimIndex;
SimIndex *sim_index_new(const SimParams *params);

/* Frees idx and everything it holds. NULL is allowed. */
void sim_index_free(SimIndex *idx);

/* Adds one document: normalises text[0..n) (any bytes; not kept, need not be NUL-terminated)
 * and stores its fingerprints and signature. doc_id and group are returned in the pairs
 * unchanged; the index does not check that doc_ids are unique. kind is SIM_RECORD or
 * SIM_MATERIAL. Returns 0, or -1 (nothing added) when kind is neither or the index already
 * holds UINT32_MAX - 1 documents. Out-of-memory aborts. */
int sim_add(SimIndex *idx, int64_t doc_id, int64_t group, int kind, const char *text, size_t n);

/*
 * Finds every pair that meets the rule (see the top of this file) for threshold t (clamped to
 * [0.01, 1]). Stores a malloc'd array in *out (the caller frees it; NULL when there is no pair)
 * and returns its length. Order: score descending, then a, then b in the order the documents
 * were added. May be called again (with another threshold, or after more sim_add calls); it
 * sorts each document's fingerprints in place the first time the document is verified, which
 * is why idx is not const. Pairs between different documents only: a document added twice
 * under two doc_ids is reported as a pair with score 1.
 *
 * Recall: a record–record pair of Jaccard s becomes a candidate with probability
 * 1 - (1 - s^rows)^bands (defaults: 0.87 at s = 0.5, 0.99 at 0.6, 0.99998 at 0.7); pairs
 * below that are missed with the complementary probability, never reported wrongly.
 * Record–material pairs are candidates through the banding, or when a hash-chosen sample of
 * the record's shingles (48 to 95 of them; one in 8 for records under 768 shingles)
 * estimates a containment of at least t - 0.25 (see similar.c). A record of s shingles has
 * no sample with probability (7/8)^s: 0.5 % at s = 40, 7 % at s = 20, so very short notes
 * copied from a material are found only when their Jaccard with it is high.
 *
 * Duplicates: records with exactly the same shingle fingerprints (in practice: the same
 * normalised text, e.g. a whole district filing one template unchanged) form a class; its
 * first-added record is the representative, the others its duplicates. Every pair among n
 * copies would be n(n-1)/2 pairs all of score 1 (12.5 million for 5,000 copies), so:
 *   - each duplicate is reported once, as the pair (representative, duplicate) with
 *     duplicate = 1 and every measure 1; two duplicates of one class are not paired;
 *   - a record–record pair of a duplicate with any document outside its class is not
 *     reported: it would have exactly the scores of the representative's pair with that
 *     document, which is reported (duplicate = 0) and stands for all of them;
 *   - record–material pairs are reported for every record, duplicates included, as before.
 * So the connected components of the record–record pairs are the same as those of the full
 * pair list; a caller that drops some record–record pairs by a property of the records
 * themselves must expand the classes first (a pair (x, y) stands for every pair (x', y') of a
 * member x' of x's class and y' of y's class, and the members of a class are pairwise pairs
 * of score 1). Near-duplicates that are not exact (one character changed) are paired as
 * usual. The duplicate search costs one hash per signature and one sort of the records.
 */
size_t sim_pairs(SimIndex *idx, double threshold, SimPair **out);

/* Fills *stats (see SimStats). */
void sim_index_stats(const SimIndex *idx, SimStats *stats);

/*
 * Normalises text[0..n) and computes its shingle fingerprints exactly as sim_add does, without
 * adding anything: writes the first min(count, max) fingerprints to out (NULL allowed when max
 * is 0) and returns count. Uses idx's parameters and character cache only. The benchmark's
 * baseline ("read and shingle") and the tests use it.
 */
size_t sim_shingles(SimIndex *idx, const char *text, size_t n, uint32_t *out, size_t max);

/* The normalised form of text[0..n) (step 1 above) as a new NUL-terminated UTF-8 string; the
 * caller frees it. Never NULL (invalid bytes are dropped; out-of-memory aborts). */
char *sim_normalize(const char *text, size_t n);

/*
 * The common passages of texts a and b for side-by-side display: maximal runs of at least
 * SIM_PASSAGE_MIN equal normalised characters, found left to right in a (each a position
 * belongs to at most one passage; for each run the longest match in b is taken, the earliest
 * in b on ties, looking at up to 64 occurrences of its first 8 characters). Writes the
 * min(count, max) longest passages to out (ties: earlier in a first), sorted by a_off, and
 * returns count, the number of passages found. out may be NULL when max is 0. Reentrant.
 */
size_t sim_passages(const char *a, size_t na, const char *b, size_t nb, SimPassage *out,
                    size_t max);

#endif
