/*
 * Unit tests of src/meeting/meeting_check.c over the demo (src/demo/demo_meetings.c): on a
 * fresh temporary database with demo_generate_planted, the checks of 2024, 2025 and 2026 find
 * exactly the planted backfill bursts, no-decision, no-discussion and absent-recorder records
 * (no more, no fewer), the planted failed votes among the quorum findings, exactly the planted
 * copied minutes (of a material, or of another branch's record) and the branches planted to
 * miss a key topic (also quarter by quarter); and the period forms.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "demo/demo.h"
#include "meeting/meeting_check.h"
#include "web/scope.h"

#include "fixture.h"

#include "base/banned.h"

static int cmp_id(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

typedef struct Set {
  int64_t *a;
  size_t n, cap;
} Set;

static void set_add(Set *s, const int64_t *ids, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s->n == s->cap) {
      s->cap = s->cap ? s->cap * 2 : 64;
      s->a = realloc(s->a, s->cap * sizeof *s->a);
      cr_assert_not_null(s->a);
    }
    s->a[s->n++] = ids[i];
  }
}

static void set_sort(Set *s) { qsort(s->a, s->n, sizeof *s->a, cmp_id); }

/* Sorted a == sorted b, with a message naming the first difference. */
static void assert_same(const char *what, Set *found, const DemoIds *planted) {
  Set p = {0};
  set_add(&p, planted->a, planted->n);
  set_sort(&p);
  set_sort(found);
  cr_expect_eq(found->n, p.n, "%s: found %zu records, planted %zu", what, found->n, p.n);
  for (size_t i = 0; i < found->n && i < p.n; i++) {
    if (found->a[i] != p.a[i]) {
      cr_expect_fail("%s: first difference at %zu: found #%lld, planted #%lld", what, i,
                     (long long)found->a[i], (long long)p.a[i]);
      break;
    }
  }
  free(p.a);
}

/* Counts f in hits[k] when its evidence is exactly planted copy k (in order). */
static void copy_match(const DemoPlanted *p, const MeetingCheckFinding *f, size_t *hits) {
  for (size_t k = 0; k < p->n_copied; k++) {
    if (p->copied[k].n == f->n_evidence &&
        memcmp(p->copied[k].a, f->evidence, f->n_evidence * sizeof *f->evidence) == 0) {
      hits[k]++;
      return;
    }
  }
  cr_expect_fail("copied_minutes not planted: %s %s", f->org_code, f->message);
}

/* Counts f in hits[k] when it is planted miss k (the org, and the topic named). */
static void topic_match(const DemoPlanted *p, const MeetingCheckFinding *f, size_t *hits) {
  for (size_t k = 0; k < p->n_topic_missing; k++) {
    char quoted[96];
    snprintf(quoted, sizeof quoted, "“%s”", p->topic_missing[k]);
    if (p->topic_missing_org[k] == f->org_id && strstr(f->message, quoted)) {
      hits[k]++;
      return;
    }
  }
  cr_expect_fail("key_topic_missing not planted: %s %s", f->org_code, f->message);
}

Test(meeting_check, demo_planted_patterns_found_exactly, .timeout = 600) {
  char dir[FIXTURE_DIR_SIZE];
  Db *db = fixture_db_open(dir, "check");
  DemoStats st;
  DemoPlanted planted = {0};
  cr_assert_eq(demo_generate_planted(db, DEMO_DISTRICT, 1, "Demo#2024dj", &st, &planted), DB_OK,
               "%s", db_errmsg(db));
  cr_assert_gt(st.meetings, 5000);
  /* four inspections (2025-06 .. 2026-09): all of them once they are past */
  cr_assert_gt(planted.n_burst, 0);
  cr_assert_leq(planted.n_burst, 4);
  cr_assert_gt(planted.no_decision.n, 2);
  cr_assert_gt(planted.no_discussion.n, 2);
  cr_assert_gt(planted.recorder_absent.n, 2);

  Scope all = SCOPE_INIT;
  scope_add(&all, "/");
  MeetingRuleSet rs;
  meeting_rules_default(&rs);
  Set nodec = {0}, nodisc = {0}, rec = {0}, quorum = {0};
  size_t n_backfill = 0, matched_bursts = 0, n_copied = 0, n_topic = 0;
  size_t copy_hits[32] = {0}, topic_hits[32] = {0};
  cr_assert_geq(planted.n_copied, 6, "record and material copies planted");
  cr_assert_geq(planted.n_topic_missing, 3, "branches missing a key topic planted");
  for (int y = 2024; y <= 2026; y++) {
    MeetingCheckResult r = {0};
    Period p = {PERIOD_YEAR, y, 1};
    cr_assert_eq(meeting_check(db, &all, &rs, NULL, p, date_today(), &r), DB_OK, "%s",
                 db_errmsg(db));
    for (size_t i = 0; i < r.n; i++) {
      MeetingCheckFinding *f = &r.a[i];
      cr_assert_not_null(f->message);
      cr_assert_neq(f->org_code[0], '\0');
      switch (f->rule) {
      case MEETING_CHECK_NO_DECISION:
        set_add(&nodec, f->evidence, f->n_evidence);
        break;
      case MEETING_CHECK_NO_DISCUSSION:
        set_add(&nodisc, f->evidence, f->n_evidence);
        break;
      case MEETING_CHECK_RECORDER_PATTERN:
        set_add(&rec, f->evidence, f->n_evidence);
        break;
      case MEETING_CHECK_QUORUM:
        set_add(&quorum, f->evidence, f->n_evidence);
        break;
      case MEETING_CHECK_BACKFILL: {
        n_backfill++;
        qsort(f->evidence, f->n_evidence, sizeof *f->evidence, cmp_id);
        for (size_t k = 0; k < planted.n_burst; k++) {
          DemoIds *b = &planted.burst[k];
          qsort(b->a, b->n, sizeof *b->a, cmp_id);
          if (planted.burst_org[k] == f->org_id && b->n == f->n_evidence &&
              memcmp(b->a, f->evidence, b->n * sizeof *b->a) == 0) {
            matched_bursts++;
          }
        }
        break;
      }
      case MEETING_CHECK_COPIED_MINUTES:
        n_copied++;
        copy_match(&planted, f, copy_hits);
        break;
      case MEETING_CHECK_KEY_TOPIC_MISSING:
        n_topic++;
        topic_match(&planted, f, topic_hits);
        break;
      default:
        break;
      }
    }
    meeting_check_free(&r);
  }
  /* every planted copy once (the copying record first), nothing else */
  cr_expect_eq(n_copied, planted.n_copied, "copied_minutes findings %zu, planted %zu", n_copied,
               planted.n_copied);
  for (size_t k = 0; k < planted.n_copied; k++) {
    cr_expect_eq(copy_hits[k], 1, "planted copy #%lld found %zu times",
                 (long long)planted.copied[k].a[0], copy_hits[k]);
  }
  /* key topics: once per year of the topic's period; only the planted branches */
  size_t want_topic = 0;
  for (size_t k = 0; k < planted.n_topic_missing; k++) {
    cr_expect_geq(topic_hits[k], 1, "planted miss of %s by org %lld not found",
                  planted.topic_missing[k], (long long)planted.topic_missing_org[k]);
    want_topic += topic_hits[k];
  }
  cr_expect_eq(n_topic, want_topic, "key_topic_missing findings that were not planted");
  /* each quarter of the topics' periods: exactly the planted branches of the topics that
   * overlap it, and no copies that were not planted */
  for (int qi = 0; qi < 6; qi++) {
    Period qp = {PERIOD_QUARTER, 2025 + qi / 4, qi % 4 + 1};
    MeetingCheckResult r = {0};
    cr_assert_eq(meeting_check(db, &all, &rs, NULL, qp, date_today(), &r), DB_OK);
    size_t q_hits[32] = {0}, q_copy[32] = {0}, nq = 0;
    for (size_t i = 0; i < r.n; i++) {
      if (r.a[i].rule == MEETING_CHECK_KEY_TOPIC_MISSING) {
        nq++;
        topic_match(&planted, &r.a[i], q_hits);
      } else if (r.a[i].rule == MEETING_CHECK_COPIED_MINUTES) {
        size_t before = 0, after = 0;
        for (size_t k = 0; k < planted.n_copied; k++) {
          before += q_copy[k];
        }
        copy_match(&planted, &r.a[i], q_copy);
        for (size_t k = 0; k < planted.n_copied; k++) {
          after += q_copy[k];
        }
        cr_expect_eq(after, before + 1, "%s: unplanted copy: %s", "quarter", r.a[i].message);
      }
    }
    size_t matched = 0;
    for (size_t k = 0; k < planted.n_topic_missing; k++) {
      matched += q_hits[k];
    }
    cr_expect_eq(nq, matched, "%d Q%d: key_topic_missing findings that were not planted", qp.year,
                 qp.index);
    meeting_check_free(&r);
  }
  cr_expect_eq(n_backfill, planted.n_burst, "backfill findings %zu, planted bursts %zu", n_backfill,
               planted.n_burst);
  cr_expect_eq(matched_bursts, planted.n_burst, "bursts matched %zu of %zu", matched_bursts,
               planted.n_burst);
  assert_same("no_decision", &nodec, &planted.no_decision);
  assert_same("no_discussion", &nodisc, &planted.no_discussion);
  assert_same("recorder_absent", &rec, &planted.recorder_absent);
  /* every planted failed vote is among the quorum findings */
  set_sort(&quorum);
  for (size_t i = 0; i < planted.failed.n; i++) {
    cr_expect_not_null(bsearch(&planted.failed.a[i], quorum.a, quorum.n, sizeof *quorum.a, cmp_id),
                       "failed vote #%lld not found", (long long)planted.failed.a[i]);
  }

  /* one org and a quarter: JSON shape, and an unknown org */
  MeetingCheckResult r = {0};
  Period q = {PERIOD_QUARTER, 2025, 3};
  cr_assert_eq(meeting_check(db, &all, &rs, "D001T01", q, date_today(), &r), DB_OK);
  json_t *j = meeting_check_json(&r);
  cr_assert_eq(json_array_size(j), r.n);
  for (size_t i = 0; i < json_array_size(j); i++) {
    json_t *o = json_array_get(j, i);
    cr_assert(json_is_string(json_object_get(o, "rule")));
    cr_assert(json_is_string(json_object_get(o, "org")));
    cr_assert(json_is_string(json_object_get(o, "period")));
    cr_assert(json_is_string(json_object_get(o, "message")));
    cr_assert(json_is_array(json_object_get(o, "evidence")));
  }
  json_decref(j);
  meeting_check_free(&r);
  cr_assert_eq(meeting_check(db, &all, &rs, "NOPE", q, date_today(), &r), DB_NOTFOUND);
  meeting_check_free(&r);

  free(nodec.a);
  free(nodisc.a);
  free(rec.a);
  free(quorum.a);
  scope_free(&all);
  demo_planted_free(&planted);
  fixture_db_close(db, dir);
}

Test(meeting_check, period_forms) {
  static const struct {
    const char *s;
    int ok;
    PeriodKind kind;
    int year, index;
    const char *key;
  } cases[] = {
      {"2025Q3", 0, PERIOD_QUARTER, 2025, 3, "2025Q3"},
      {"2025-Q3", 0, PERIOD_QUARTER, 2025, 3, "2025Q3"},
      {"2025q1", 0, PERIOD_QUARTER, 2025, 1, "2025Q1"},
      {"2025-03", 0, PERIOD_MONTH, 2025, 3, "2025-03"},
      {"2025", 0, PERIOD_YEAR, 2025, 1, "2025"},
      {"2025-H2", 0, PERIOD_HALF, 2025, 2, "2025H2"},
      {"2025Q5", -1, 0, 0, 0, NULL},
      {"2025-13", -1, 0, 0, 0, NULL},
      {"", -1, 0, 0, 0, NULL},
      {"Q3", -1, 0, 0, 0, NULL},
      {"2025-3", -1, 0, 0, 0, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    Period p;
    int rc = meeting_check_parse_period(cases[i].s, &p);
    cr_expect_eq(rc, cases[i].ok, "%s", cases[i].s);
    if (rc == 0 && cases[i].ok == 0) {
      char key[PERIOD_KEY_SIZE];
      cr_expect_eq(p.kind, cases[i].kind, "%s", cases[i].s);
      cr_expect_eq(p.year, cases[i].year, "%s", cases[i].s);
      cr_expect_eq(p.index, cases[i].index, "%s", cases[i].s);
      cr_expect_str_eq(meeting_check_period_key(p, key), cases[i].key);
    }
  }
  Period d = meeting_check_default_period((Date){2025, 11, 27});
  cr_expect(d.kind == PERIOD_QUARTER && d.year == 2025 && d.index == 3);
  d = meeting_check_default_period((Date){2026, 2, 1});
  cr_expect(d.kind == PERIOD_QUARTER && d.year == 2025 && d.index == 4);
}
