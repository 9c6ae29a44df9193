/*
 * meeting_check_text.c: the two text rules of meeting_check (copied_minutes,
 * key_topic_missing) and the similar-record lookup of the side-by-side page. See
 * meeting_check.h for what each rule reports. The SQL is in study_store.c; the detector is
 * similar.c.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "meeting/meeting_check.h"
#include "meeting/meeting_check_int.h"
#include "meeting/meeting_store.h"
#include "meeting/similar.h"
#include "meeting/study_store.h"
#include "base/banned.h"

/* ---- small helpers ---- */

static const MeetingCheckOrg *org_by_id(const MeetingCheckOrg *orgs, size_t n, int64_t id) {
  for (size_t i = 0; i < n; i++) {
    if (orgs[i].id == id) {
      return &orgs[i];
    }
  }
  return NULL;
}

static const char *kind_label(const char *code) {
  const MeetingKind *k = meeting_kind_find(code);
  return k ? k->label : "会议";
}

static bool path_under(const char *path, const char *root) {
  return strncmp(path, root, strlen(root)) == 0;
}

static int pct(double x) { return (int)(x * 100.0 + 0.5); }

/* Later record first: held date, then id. */
static int newer(const StudyCheckText *a, const StudyCheckText *b) {
  int c = date_compare(a->held, b->held);
  return c ? c : (a->id > b->id) - (a->id < b->id);
}

/* The copy rule's thresholds and the index over them. */
typedef struct CopyRule {
  double jaccard, containment;
  SimIndex *idx;
} CopyRule;

static void copy_rule_init(CopyRule *c, const MeetingRuleSet *rs) {
  c->jaccard = meeting_param(rs, MEETING_PARAM_COPY_JACCARD_PCT) / 100.0;
  c->containment = meeting_param(rs, MEETING_PARAM_COPY_CONTAINMENT_PCT) / 100.0;
  SimParams sp = sim_params_default();
  sp.min_length = meeting_param(rs, MEETING_PARAM_COPY_MIN_CHARS);
  c->idx = sim_index_new(&sp);
  if (!c->idx) {
    abort(); /* the parameter table keeps min_chars in range */
  }
}

/* The pairs that meet the rule: record–material pairs only where the material applies to the
 * record's org. doc ids: indexes into rows / mats. */
static size_t copy_pairs(CopyRule *c, const StudyCheckText *rows, const StudyCheckMaterial *mats,
                         SimPair **out) {
  double t = c->jaccard < c->containment ? c->jaccard : c->containment;
  SimPair *pp = NULL;
  size_t n = sim_pairs(c->idx, t, &pp), w = 0;
  for (size_t i = 0; i < n; i++) {
    const SimPair *x = &pp[i];
    bool keep;
    if (x->kind_a == SIM_RECORD && x->kind_b == SIM_MATERIAL) {
      keep = x->containment_a_in_b >= c->containment &&
             path_under(rows[x->a].org_path, mats[x->b].org_path);
    } else if (x->kind_a == SIM_RECORD && x->kind_b == SIM_RECORD) {
      keep = x->jaccard >= c->jaccard;
    } else {
      keep = false;
    }
    if (keep) {
      pp[w++] = *x;
    }
  }
  *out = pp;
  return w;
}

/* ---- copied_minutes ---- */

static size_t uf_find(size_t *parent, size_t i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

/* A record–record pair that joins a near-duplicate group: not two copies of materials. */
static bool rows_edge(size_t a, size_t b, const int64_t *mat) {
  return !(mat[a] >= 0 && mat[b] >= 0);
}

/* The exact-duplicate classes of the pairs (similar.h, Duplicates) over rows 0..n: rep[i] the
 * first row of i's class (i itself when it has no earlier duplicate), next[i] the next row of
 * the class after i (SIZE_MAX after the last): a class is rep, next[rep], ... */
static void dup_classes(const SimPair *pp, size_t np, size_t n, size_t *rep, size_t *next) {
  for (size_t i = 0; i < n; i++) {
    rep[i] = i;
    next[i] = SIZE_MAX;
  }
  for (size_t k = 0; k < np; k++) {
    if (pp[k].kind_b == SIM_RECORD && pp[k].duplicate) {
      rep[pp[k].b] = (size_t)pp[k].a;
    }
  }
  for (size_t i = n; i-- > 0;) {
    if (rep[i] != i) {
      next[i] = next[rep[i]];
      next[rep[i]] = i;
    }
  }
}

/* Whether partner v of top (pair score j) comes before *best (score *best_j) in the full pair
 * order of sim_pairs: score descending, then the earlier-added first member, then second. */
static bool partner_before(size_t top, size_t v, double j, size_t best, double best_j) {
  if (j != best_j) {
    return j > best_j;
  }
  size_t a1 = top < v ? top : v, b1 = top < v ? v : top;
  size_t a2 = top < best ? top : best, b2 = top < best ? best : top;
  return a1 != a2 ? a1 < a2 : b1 < b2;
}

static void check_copies(const MeetingRuleSet *rs, Period p, const StudyCheckText *rows, size_t n,
                         const StudyCheckMaterial *mats, size_t n_mats, const MeetingCheckOrg *orgs,
                         size_t n_orgs, MeetingCheckResult *out) {
  CopyRule c;
  copy_rule_init(&c, rs);
  for (size_t i = 0; i < n_mats; i++) {
    sim_add(c.idx, (int64_t)i, 0, SIM_MATERIAL, mats[i].body, strlen(mats[i].body));
  }
  for (size_t i = 0; i < n; i++) {
    sim_add(c.idx, (int64_t)i, 0, SIM_RECORD, rows[i].text, strlen(rows[i].text));
  }
  SimPair *pp = NULL;
  size_t np = copy_pairs(&c, rows, mats, &pp);
  int64_t *mat = malloc((n + 1) * sizeof *mat);
  double *mat_score = malloc((n + 1) * sizeof *mat_score);
  size_t *parent = malloc((n + 1) * sizeof *parent);
  if (!mat || !mat_score || !parent) {
    abort();
  }
  for (size_t i = 0; i < n; i++) {
    mat[i] = -1;
    mat_score[i] = 0;
    parent[i] = i;
  }
  for (size_t k = 0; k < np; k++) {
    if (pp[k].kind_b == SIM_MATERIAL && pp[k].containment_a_in_b > mat_score[pp[k].a]) {
      mat[pp[k].a] = pp[k].b;
      mat_score[pp[k].a] = pp[k].containment_a_in_b;
    }
  }
  bool *linked = calloc(n + 1, sizeof *linked);
  /* the groups as if every pair of exact duplicates were listed (similar.h, Duplicates): a
   * class with a record that is not a copy of a material is joined whole (any two of its
   * members are not both copies of materials through it), and a pair of two classes joins
   * both whole when either has such a record; else nothing */
  size_t *rep = malloc((n + 1) * sizeof *rep);
  size_t *next = malloc((n + 1) * sizeof *next);
  bool *clean = calloc(n + 1, sizeof *clean);
  bool *joined = calloc(n + 1, sizeof *joined);
  if (!linked || !rep || !next || !clean || !joined) {
    abort();
  }
  dup_classes(pp, np, n, rep, next);
  for (size_t i = 0; i < n; i++) {
    clean[rep[i]] |= mat[i] < 0;
  }
  for (size_t k = 0; k < np; k++) {
    size_t a = (size_t)pp[k].a, b = (size_t)pp[k].b;
    if (pp[k].kind_b == SIM_RECORD && !pp[k].duplicate && (clean[a] || clean[b])) {
      size_t x = uf_find(parent, a), y = uf_find(parent, b);
      if (x != y) {
        parent[x < y ? y : x] = x < y ? x : y;
      }
      linked[a] = linked[b] = joined[a] = joined[b] = true;
    }
  }
  for (size_t i = 0; i < n; i++) {
    if (rep[i] != i && (joined[rep[i]] || clean[rep[i]])) {
      size_t x = uf_find(parent, rep[i]), y = uf_find(parent, i);
      if (x != y) {
        parent[x < y ? y : x] = x < y ? x : y;
      }
      linked[i] = linked[rep[i]] = true;
    }
  }
  Buf b = {0};
  char d[DATE_ISO_SIZE], d2[DATE_ISO_SIZE];
  /* copies of a material */
  for (size_t i = 0; i < n; i++) {
    const MeetingCheckOrg *o = org_by_id(orgs, n_orgs, rows[i].org_id);
    if (mat[i] < 0 || !o || !date_period_contains(p, rows[i].held)) {
      continue;
    }
    const StudyCheckMaterial *m = &mats[mat[i]];
    buf_printf(&b, "%s %s的记录有 %d%% 的内容与学习材料《%s》%s%s%s相同（疑似照抄学习材料）",
               date_format_iso(rows[i].held, d), kind_label(rows[i].kind), pct(mat_score[i]),
               m->title, *m->source ? "（" : "", m->source, *m->source ? "）" : "");
    MeetingCheckIds v = {0};
    meeting_check_ids_push(&v, rows[i].id);
    meeting_check_add_finding(out, MEETING_CHECK_COPIED_MINUTES, o, p, &b, &v);
  }
  /* near-duplicate groups: the latest member of each (the copy), if held in the period */
  size_t *latest = malloc((n + 1) * sizeof *latest);
  size_t *members = malloc((n + 1) * sizeof *members);
  if (!latest || !members) {
    abort();
  }
  for (size_t i = 0; i < n; i++) {
    latest[i] = SIZE_MAX;
  }
  for (size_t i = 0; i < n; i++) {
    size_t r = uf_find(parent, i);
    if (linked[i] && (latest[r] == SIZE_MAX || newer(&rows[i], &rows[latest[r]]) > 0)) {
      latest[r] = i;
    }
  }
  for (size_t r = 0; r < n; r++) {
    if (latest[r] == SIZE_MAX) {
      continue;
    }
    size_t top = latest[r];
    const MeetingCheckOrg *o = org_by_id(orgs, n_orgs, rows[top].org_id);
    if (!o || !date_period_contains(p, rows[top].held)) {
      continue;
    }
    size_t nm = 0;
    for (size_t i = 0; i < n; i++) {
      if (i != top && uf_find(parent, i) == r) {
        members[nm++] = i;
      }
    }
    if (nm == 0) {
      continue;
    }
    /* the others newest first */
    for (size_t x = 1; x < nm; x++) {
      size_t v = members[x], y = x;
      while (y > 0 && newer(&rows[members[y - 1]], &rows[v]) < 0) {
        members[y] = members[y - 1];
        y--;
      }
      members[y] = v;
    }
    /* the closest partner of the copy (the first of its pairs in the full pair order) */
    size_t best = members[0];
    double best_j = 0;
    bool any = false;
    for (size_t v = rep[top]; v != SIZE_MAX; v = next[v]) { /* its exact duplicates */
      if (v != top && rows_edge(top, v, mat) && (!any || partner_before(top, v, 1, best, best_j))) {
        best = v;
        best_j = 1;
        any = true;
      }
    }
    for (size_t k = 0; k < np; k++) {
      if (pp[k].kind_b != SIM_RECORD || pp[k].duplicate) {
        continue;
      }
      size_t other = (size_t)pp[k].a == rep[top]   ? (size_t)pp[k].b
                     : (size_t)pp[k].b == rep[top] ? (size_t)pp[k].a
                                                   : SIZE_MAX;
      for (size_t v = other; v != SIZE_MAX; v = next[v]) { /* other's class */
        if (rows_edge(top, v, mat) &&
            (!any || partner_before(top, v, pp[k].jaccard, best, best_j))) {
          best = v;
          best_j = pp[k].jaccard;
          any = true;
        }
      }
    }
    buf_printf(&b, "%s %s的记录与%s %s %s的记录雷同（相似度 %d%%）",
               date_format_iso(rows[top].held, d), kind_label(rows[top].kind), rows[best].org_name,
               date_format_iso(rows[best].held, d2), kind_label(rows[best].kind), pct(best_j));
    if (nm > 1) {
      buf_printf(&b, "，同组另有 %zu 条相似记录", nm - 1);
    }
    MeetingCheckIds v = {0};
    meeting_check_ids_push(&v, rows[top].id);
    for (size_t x = 0; x < nm; x++) {
      meeting_check_ids_push(&v, rows[members[x]].id);
    }
    meeting_check_add_finding(out, MEETING_CHECK_COPIED_MINUTES, o, p, &b, &v);
  }
  buf_free(&b);
  free(latest);
  free(members);
  free(linked);
  free(rep);
  free(next);
  free(clean);
  free(joined);
  free(parent);
  free(mat);
  free(mat_score);
  free(pp);
  sim_index_free(c.idx);
}

/* ---- key_topic_missing ---- */

/* Whether the org holds meetings as a branch: not a 党小组, and some meeting rule applies. */
static bool is_branch(const MeetingRuleSet *rs, const MeetingCheckOrg *o) {
  if (strcmp(o->kind, "group") == 0) {
    return false;
  }
  MeetingOrg mo = {.kind = o->kind, .has_committee = o->has_committee, .has_groups = o->has_groups};
  for (int k = 0; k < MEETING_KIND_COUNT; k++) {
    if (meeting_rule_applies(rs, (MeetingKindId)k, &mo)) {
      return true;
    }
  }
  return false;
}

/* The normalised keywords of a topic (one per line; empty lines skipped). */
static size_t topic_keywords(const char *kw, char ***out) {
  size_t n = 0, cap = 8;
  char **a = malloc(cap * sizeof *a);
  if (!a) {
    abort();
  }
  while (kw && *kw) {
    const char *end = strchr(kw, '\n');
    size_t len = end ? (size_t)(end - kw) : strlen(kw);
    char *w = sim_normalize(kw, len);
    if (*w) {
      if (n == cap) {
        cap *= 2;
        char **b = realloc(a, cap * sizeof *b);
        if (!b) {
          abort();
        }
        a = b;
      }
      a[n++] = w;
    } else {
      free(w);
    }
    kw = end ? end + 1 : NULL;
  }
  *out = a;
  return n;
}

/* The normalised text of row i (topics, titles, minutes, speeches), made on first use. */
static const char *norm_of(const StudyCheckText *rows, char **cache, size_t i) {
  if (!cache[i]) {
    Buf b = {0};
    buf_printf(&b, "%s\n%s", rows[i].touch, rows[i].text);
    cache[i] = sim_normalize(buf_cstr(&b), b.len);
    buf_free(&b);
  }
  return cache[i];
}

static void check_topics(const MeetingRuleSet *rs, Period p, Date today,
                         const StudyCheckTopic *topics, size_t n_topics, const StudyCheckText *rows,
                         size_t n, const MeetingCheckOrg *orgs, size_t n_orgs,
                         MeetingCheckResult *out) {
  char **cache = calloc(n + 1, sizeof *cache);
  if (!cache) {
    abort();
  }
  Date first = date_period_first_day(p), last = date_period_last_day(p);
  Buf b = {0};
  for (size_t t = 0; t < n_topics; t++) {
    const StudyCheckTopic *k = &topics[t];
    Date of = date_compare(k->from, first) > 0 ? k->from : first;
    Date ot = date_compare(k->to, last) < 0 ? k->to : last;
    if (date_compare(of, ot) > 0 || date_compare(ot, today) >= 0) {
      continue; /* no overlap, or not over yet: the branches may still take it up */
    }
    char **kw = NULL;
    size_t nk = topic_keywords(k->keywords, &kw);
    for (size_t i = 0; nk > 0 && i < n_orgs; i++) {
      const MeetingCheckOrg *o = &orgs[i];
      if (!path_under(o->path, k->org_path) || !is_branch(rs, o)) {
        continue;
      }
      MeetingCheckIds v = {0};
      bool touched = false;
      size_t plen = strlen(o->path);
      for (size_t j = i; j < n_orgs && !touched; j++) {
        if (j != i && strncmp(orgs[j].path, o->path, plen) != 0) {
          break;
        }
        if (j != i && !(orgs[j].parent_id == o->id && strcmp(orgs[j].kind, "group") == 0)) {
          continue;
        }
        size_t lo, hi;
        meeting_check_org_span(rows, n, sizeof *rows, offsetof(StudyCheckText, org_id), orgs[j].id,
                               &lo, &hi);
        for (size_t r = lo; r < hi && !touched; r++) {
          if (!rows[r].held_counts || date_compare(rows[r].held, of) < 0 ||
              date_compare(rows[r].held, ot) > 0) {
            continue;
          }
          meeting_check_ids_push(&v, rows[r].id);
          const char *z = norm_of(rows, cache, r);
          for (size_t w = 0; w < nk && !touched; w++) {
            touched = strstr(z, kw[w]) != NULL;
          }
        }
      }
      if (touched) {
        free(v.a);
        continue;
      }
      char d1[DATE_ISO_SIZE], d2[DATE_ISO_SIZE];
      buf_printf(&b, "%s 至 %s 的 %zu 条会议记录均未涉及%s登记的重点工作“%s”",
                 date_format_iso(of, d1), date_format_iso(ot, d2), v.n, k->org_name, k->title);
      meeting_check_add_finding(out, MEETING_CHECK_KEY_TOPIC_MISSING, o, p, &b, &v);
    }
    for (size_t w = 0; w < nk; w++) {
      free(kw[w]);
    }
    free(kw);
  }
  buf_free(&b);
  for (size_t i = 0; i < n; i++) {
    free(cache[i]);
  }
  free(cache);
}

/* ---- entry points ---- */

int meeting_check_text(Db *db, const MeetingRuleSet *rs, const char *lo, const char *hi, Period p,
                       Date today, const MeetingCheckOrg *orgs, size_t n_orgs,
                       MeetingCheckResult *out) {
  Date first = date_period_first_day(p), last = date_period_last_day(p);
  Date wfirst = date_period_first_day(date_period_prev(p));
  char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE], f1[DATE_ISO_SIZE], l1[DATE_ISO_SIZE];
  date_format_iso(wfirst, from);
  date_format_iso(date_add_days(last, 1), to);
  StudyCheckText *rows = NULL;
  StudyCheckMaterial *mats = NULL;
  StudyCheckTopic *topics = NULL;
  size_t n = 0, n_mats = 0, n_topics = 0;
  int rc = study_check_texts(db, lo, hi, from, to, 0, &rows, &n);
  if (rc == DB_OK) {
    rc = study_check_materials(db, lo, hi, &mats, &n_mats);
  }
  if (rc == DB_OK) {
    rc = study_check_topics(db, lo, hi, date_format_iso(first, f1), date_format_iso(last, l1),
                            &topics, &n_topics);
  }
  if (rc == DB_OK) {
    check_copies(rs, p, rows, n, mats, n_mats, orgs, n_orgs, out);
    check_topics(rs, p, today, topics, n_topics, rows, n, orgs, n_orgs, out);
  }
  study_check_texts_free(rows, n);
  study_check_materials_free(mats, n_mats);
  study_check_topics_free(topics, n_topics);
  return rc;
}

static int similar_cmp(const void *a, const void *b) {
  const MeetingSimilar *x = a, *y = b;
  if (x->score != y->score) {
    return x->score < y->score ? 1 : -1;
  }
  if (x->material != y->material) {
    return x->material ? -1 : 1;
  }
  return (x->id > y->id) - (x->id < y->id);
}

int meeting_similar(Db *db, const Scope *scope, const MeetingRuleSet *rs, int64_t meeting_id,
                    MeetingSimilar *out, size_t max) {
  StudyCheckText *self = NULL;
  size_t n_self = 0;
  int rc = DB_OK;
  for (size_t i = 0; rc == DB_OK && n_self == 0 && i < scope->n; i++) {
    rc = study_check_texts(db, scope->lo[i], scope->hi[i], "0000", "9999", meeting_id, &self,
                           &n_self);
  }
  if (rc != DB_OK || n_self == 0) {
    study_check_texts_free(self, n_self);
    return rc != DB_OK ? rc : DB_NOTFOUND;
  }
  Period q = date_period_of(PERIOD_QUARTER, self->held);
  char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
  date_format_iso(date_period_first_day(date_period_prev(q)), from);
  date_format_iso(date_add_days(date_period_last_day(date_period_next(q)), 1), to);
  /* the records in scope of the window, the record itself last */
  StudyCheckText *rows = NULL;
  size_t n = 0, cap = 0;
  for (size_t i = 0; rc == DB_OK && i < scope->n; i++) {
    StudyCheckText *part = NULL;
    size_t np = 0;
    rc = study_check_texts(db, scope->lo[i], scope->hi[i], from, to, 0, &part, &np);
    for (size_t k = 0; k < np; k++) {
      if (part[k].id == meeting_id) {
        free(part[k].org_path);
        free(part[k].org_name);
        free(part[k].text);
        free(part[k].touch);
        continue;
      }
      if (n == cap) {
        cap = cap ? cap * 2 : 256;
        StudyCheckText *a = realloc(rows, cap * sizeof *a);
        if (!a) {
          abort();
        }
        rows = a;
      }
      rows[n++] = part[k];
    }
    free(part);
  }
  StudyCheckMaterial *mats = NULL;
  size_t n_mats = 0;
  char *hi = NULL;
  if (rc == DB_OK) {
    hi = scope_subtree_hi(self->org_path);
    rc = study_check_materials(db, self->org_path, hi, &mats, &n_mats);
  }
  size_t written = 0;
  if (rc == DB_OK) {
    /* the record is row n of the index */
    StudyCheckText *all = realloc(rows, (n + 1) * sizeof *all);
    if (!all) {
      abort();
    }
    rows = all;
    rows[n] = *self;
    CopyRule c;
    copy_rule_init(&c, rs);
    for (size_t i = 0; i < n_mats; i++) {
      sim_add(c.idx, (int64_t)i, 0, SIM_MATERIAL, mats[i].body, strlen(mats[i].body));
    }
    for (size_t i = 0; i <= n; i++) {
      sim_add(c.idx, (int64_t)i, 0, SIM_RECORD, rows[i].text, strlen(rows[i].text));
    }
    SimPair *pp = NULL;
    size_t np = copy_pairs(&c, rows, mats, &pp);
    /* a pair of the record's exact-duplicate class stands for all its members (similar.h) */
    size_t *rep = malloc((n + 1) * sizeof *rep);
    size_t *next = malloc((n + 1) * sizeof *next);
    MeetingSimilar *found = malloc((np + n + 1) * sizeof *found);
    if (!rep || !next || !found) {
      abort();
    }
    dup_classes(pp, np, n + 1, rep, next);
    size_t nf = 0;
    for (size_t v = rep[n]; v != SIZE_MAX; v = next[v]) {
      if (v != n) {
        found[nf++] = (MeetingSimilar){false, rows[v].id, 1.0};
      }
    }
    for (size_t k = 0; k < np; k++) {
      const SimPair *x = &pp[k];
      if (x->kind_b == SIM_MATERIAL && (size_t)x->a == n) {
        found[nf++] = (MeetingSimilar){true, mats[x->b].id, x->containment_a_in_b};
      } else if (x->kind_b == SIM_RECORD && !x->duplicate &&
                 ((size_t)x->a == rep[n] || (size_t)x->b == rep[n])) {
        size_t other = (size_t)x->a == rep[n] ? (size_t)x->b : (size_t)x->a;
        for (size_t v = other; v != SIZE_MAX; v = next[v]) {
          found[nf++] = (MeetingSimilar){false, rows[v].id, x->jaccard};
        }
      }
    }
    free(rep);
    free(next);
    qsort(found, nf, sizeof *found, similar_cmp);
    for (; written < nf && written < max; written++) {
      out[written] = found[written];
    }
    free(found);
    free(pp);
    sim_index_free(c.idx);
    n++; /* rows[n] (the record's copy) is freed with rows; self's array alone below */
    free(self);
    self = NULL;
    n_self = 0;
  }
  free(hi);
  study_check_materials_free(mats, n_mats);
  study_check_texts_free(rows, n);
  study_check_texts_free(self, n_self);
  return rc != DB_OK ? rc : (int)written;
}
