/*
 * meeting_check.c: the meeting rules over stored records (see meeting_check.h). The SQL is in
 * meeting_store.c (the "demo and check" section); this file only groups rows and calls the
 * pure rules of meeting.h.
 */
#include "meeting/meeting_check.h"

#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "calendar/calendar.h"
#include "meeting/meeting_check_int.h"
#include "meeting/meeting_store.h"
#include "base/banned.h"

static const char *const rule_codes[MEETING_CHECK_RULE_COUNT] = {
    "frequency",        "late_submission", "backfill",       "no_decision",      "no_discussion",
    "recorder_pattern", "quorum",          "copied_minutes", "key_topic_missing"};

const char *meeting_check_rule_code(MeetingCheckRule r) {
  return (int)r >= 0 && r < MEETING_CHECK_RULE_COUNT ? rule_codes[r] : NULL;
}

void meeting_check_free(MeetingCheckResult *r) {
  for (size_t i = 0; i < r->n; i++) {
    free(r->a[i].message);
    free(r->a[i].evidence);
  }
  free(r->a);
  memset(r, 0, sizeof *r);
}

/* ---- periods ---- */

int meeting_check_parse_period(const char *s, Period *out) {
  if (!s) {
    return -1;
  }
  size_t n = strlen(s);
  if (n == 6 && (s[4] == 'Q' || s[4] == 'q' || s[4] == 'H' || s[4] == 'h')) {
    char k[8];
    snprintf(k, sizeof k, "%.4s-%c%c", s, s[4] == 'q' || s[4] == 'Q' ? 'Q' : 'H', s[5]);
    return date_period_parse_key(k, 7, out);
  }
  if (n == 7 && (s[5] == 'q' || s[5] == 'h')) {
    char k[8];
    snprintf(k, sizeof k, "%.4s-%c%c", s, s[5] == 'q' ? 'Q' : 'H', s[6]);
    return date_period_parse_key(k, 7, out);
  }
  return date_period_parse_key(s, n, out);
}

char *meeting_check_period_key(Period p, char out[PERIOD_KEY_SIZE]) {
  if (p.kind == PERIOD_QUARTER) {
    snprintf(out, PERIOD_KEY_SIZE, "%04dQ%d", p.year, p.index);
  } else if (p.kind == PERIOD_HALF) {
    snprintf(out, PERIOD_KEY_SIZE, "%04dH%d", p.year, p.index);
  } else {
    date_period_key(p, out);
  }
  return out;
}

Period meeting_check_default_period(Date today) {
  return date_period_prev(date_period_of(PERIOD_QUARTER, today));
}

/* ---- findings ---- */

/* The next slot of r, grown as needed (out of memory aborts); the caller fills it. */
static MeetingCheckFinding *result_slot(MeetingCheckResult *r) {
  if (r->n == r->cap) {
    r->cap = r->cap ? r->cap * 2 : 32;
    MeetingCheckFinding *a = realloc(r->a, r->cap * sizeof *a);
    if (!a) {
      abort();
    }
    r->a = a;
  }
  return &r->a[r->n++];
}

void meeting_check_ids_push(MeetingCheckIds *v, int64_t id) {
  if (v->n == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 8;
    int64_t *a = realloc(v->a, v->cap * sizeof *a);
    if (!a) {
      abort();
    }
    v->a = a;
  }
  v->a[v->n++] = id;
}

void meeting_check_add_finding(MeetingCheckResult *r, MeetingCheckRule rule,
                               const MeetingCheckOrg *o, Period p, Buf *b, MeetingCheckIds *v) {
  MeetingCheckFinding *f = result_slot(r);
  memset(f, 0, sizeof *f);
  f->rule = rule;
  f->org_id = o->id;
  snprintf(f->org_code, sizeof f->org_code, "%s", o->code);
  f->period = p;
  f->message = buf_take(b);
  f->evidence = v->a;
  f->n_evidence = v->n;
  memset(v, 0, sizeof *v);
}

static int64_t org_at(const void *rows, size_t size, size_t off, size_t i) {
  int64_t id;
  memcpy(&id, (const char *)rows + i * size + off, sizeof id);
  return id;
}

void meeting_check_org_span(const void *rows, size_t n, size_t size, size_t off, int64_t org_id,
                            size_t *lo, size_t *hi) {
  size_t a = 0, b = n;
  while (a < b) {
    size_t m = a + (b - a) / 2;
    if (org_at(rows, size, off, m) < org_id) {
      a = m + 1;
    } else {
      b = m;
    }
  }
  *lo = a;
  while (a < n && org_at(rows, size, off, a) == org_id) {
    a++;
  }
  *hi = a;
}

static bool counts_as_held(const MeetingCheckRow *r) {
  return r->state != MEETING_STATE_CLOSED && r->state != MEETING_STATE_RETURNED_REHOLD;
}

/* Local midnight of d in Unix seconds. */
static int64_t local_midnight(const MeetingRuleSet *rs, Date d) {
  return date_to_days(d) * 86400 -
         (int64_t)meeting_param(rs, MEETING_PARAM_UTC_OFFSET_MINUTES) * 60;
}

typedef struct Ctx {
  Db *db;
  const MeetingRuleSet *rs;
  const DateCalendar *cal;
  Period p;
  Date today;
  MeetingCheckResult *out;
  Buf b;
} Ctx;

static void check_frequency(Ctx *c, const MeetingCheckOrg *orgs, size_t n_orgs, size_t i,
                            const MeetingCheckRow *rows, size_t n_rows) {
  const MeetingCheckOrg *o = &orgs[i];
  MeetingOrg mo = {.kind = o->kind, .has_committee = o->has_committee, .has_groups = o->has_groups};
  bool any = false;
  for (int k = 0; k < MEETING_KIND_COUNT && !any; k++) {
    any = meeting_rule_applies(c->rs, (MeetingKindId)k, &mo);
  }
  if (!any) {
    return;
  }
  /* its own records, and its groups' 党小组会 */
  size_t cap = 64, n = 0;
  MeetingHeld *held = malloc(cap * sizeof *held);
  int64_t *ids = malloc(cap * sizeof *ids);
  if (!held || !ids) {
    abort();
  }
  size_t plen = strlen(o->path);
  for (size_t j = i; j < n_orgs; j++) {
    if (j != i && strncmp(orgs[j].path, o->path, plen) != 0) {
      break; /* past the subtree (orgs come by path) */
    }
    if (j != i && !(orgs[j].parent_id == o->id && strcmp(orgs[j].kind, "group") == 0)) {
      continue;
    }
    size_t lo, hi;
    meeting_check_org_span(rows, n_rows, sizeof *rows, offsetof(MeetingCheckRow, org_id),
                           orgs[j].id, &lo, &hi);
    for (size_t r = lo; r < hi; r++) {
      if (!counts_as_held(&rows[r]) || (j != i && rows[r].kind != MEETING_GROUP)) {
        continue;
      }
      if (n == cap) {
        cap *= 2;
        held = realloc(held, cap * sizeof *held);
        ids = realloc(ids, cap * sizeof *ids);
        if (!held || !ids) {
          abort();
        }
      }
      held[n] = (MeetingHeld){rows[r].kind, rows[r].held};
      ids[n++] = rows[r].id;
    }
  }
  MeetingCompliance comp[MEETING_KIND_COUNT];
  size_t nc = meeting_evaluate(c->rs, &mo, c->p, c->today, held, n, comp);
  for (size_t k = 0; k < nc; k++) {
    if (comp[k].missing <= 0) {
      continue;
    }
    MeetingCheckIds v = {0};
    for (size_t r = 0; r < n; r++) {
      if (held[r].kind == comp[k].kind && date_period_contains(comp[k].period, held[r].date) &&
          date_compare(held[r].date, c->today) <= 0) {
        meeting_check_ids_push(&v, ids[r]);
      }
    }
    meeting_compliance_explain(&comp[k], &c->b);
    meeting_check_add_finding(c->out, MEETING_CHECK_FREQUENCY, o, comp[k].period, &c->b, &v);
  }
  free(held);
  free(ids);
}

static void check_backfill(Ctx *c, const MeetingCheckOrg *o, const MeetingCheckRow *rows, size_t lo,
                           size_t hi) {
  size_t n = 0;
  MeetingEntry *e = malloc((hi - lo + 1) * sizeof *e);
  if (!e) {
    abort();
  }
  for (size_t r = lo; r < hi; r++) {
    if (date_period_contains(c->p, meeting_entry_date(c->rs, rows[r].entered_at))) {
      e[n++] = (MeetingEntry){rows[r].id, rows[r].held, rows[r].entered_at};
    }
  }
  MeetingBursts bursts = {0};
  meeting_find_bursts(c->rs, e, n, &bursts);
  bool *in_burst = calloc(n + 1, sizeof *in_burst);
  if (!in_burst) {
    abort();
  }
  for (size_t k = 0; k < bursts.n; k++) {
    const MeetingBurst *bu = &bursts.a[k];
    MeetingCheckIds v = {0};
    for (size_t j = bu->first; j < bu->first + bu->count; j++) {
      in_burst[bursts.order[j]] = true;
      meeting_check_ids_push(&v, e[bursts.order[j]].id);
    }
    char d1[DATE_ISO_SIZE], m1[DATE_ISO_SIZE], m2[DATE_ISO_SIZE];
    date_format_iso(meeting_entry_date(c->rs, bu->entered_from), d1);
    date_format_iso(bu->meeting_from, m1);
    date_format_iso(bu->meeting_to, m2);
    buf_printf(&c->b,
               "%s 起 %d 小时内集中录入 %zu 条会议记录，会议日期从 %s 到 %s（疑似突击补记录）", d1,
               meeting_param(c->rs, MEETING_PARAM_BURST_HOURS), bu->count, m1, m2);
    meeting_check_add_finding(c->out, MEETING_CHECK_BACKFILL, o, c->p, &c->b, &v);
  }
  MeetingCheckIds v = {0};
  for (size_t j = 0; j < n; j++) {
    if (!in_burst[j] && meeting_entry_late(c->rs, e[j].meeting, e[j].entered_at)) {
      meeting_check_ids_push(&v, e[j].id);
    }
  }
  if (v.n) {
    buf_printf(&c->b, "%zu 条会议记录在会后超过 %d 天才录入（疑似补记录）", v.n,
               meeting_param(c->rs, MEETING_PARAM_ENTRY_LAG_DAYS));
    meeting_check_add_finding(c->out, MEETING_CHECK_BACKFILL, o, c->p, &c->b, &v);
  }
  free(in_burst);
  meeting_bursts_free(&bursts);
  free(e);
}

/* Per-record rules over the records of one org held in the period. rec_flags: per row the
 * recorder finding bits (from the global pass). */
static void check_records(Ctx *c, const MeetingCheckOrg *o, const MeetingCheckRow *rows, size_t lo,
                          size_t hi, const unsigned *rec_flags) {
  MeetingCheckIds late = {0}, nodec = {0}, nodisc = {0}, rec = {0}, quorum = {0};
  size_t n_absent = 0, n_shared = 0;
  for (size_t r = lo; r < hi; r++) {
    const MeetingCheckRow *m = &rows[r];
    if (!date_period_contains(c->p, m->held)) {
      continue;
    }
    if (m->state != MEETING_STATE_CLOSED && date_compare(m->held, c->today) <= 0) {
      Date done = m->submitted_at ? meeting_entry_date(c->rs, m->submitted_at) : m->held;
      MeetingDeadline dl;
      meeting_submit_deadline(c->rs, c->cal, m->held, m->submitted_at ? &done : NULL, c->today,
                              &dl);
      if (dl.status == MEETING_DEADLINE_LATE || dl.status == MEETING_DEADLINE_OVERDUE) {
        meeting_check_ids_push(&late, m->id);
      }
    }
    MeetingContent mc = {m->kind, m->n_decisions, m->n_speakers, m->has_study};
    unsigned bits = meeting_content_findings(&mc);
    if (bits & MEETING_FINDING_NO_DECISION) {
      meeting_check_ids_push(&nodec, m->id);
    }
    if (bits & MEETING_FINDING_NO_DISCUSSION) {
      meeting_check_ids_push(&nodisc, m->id);
    }
    if (rec_flags[r]) {
      meeting_check_ids_push(&rec, m->id);
      n_absent += (rec_flags[r] & MEETING_FINDING_RECORDER_ABSENT) != 0;
      n_shared += (rec_flags[r] & MEETING_FINDING_RECORDER_SHARED) != 0;
    }
    bool quorum_bad = false;
    if (meeting_kinds[m->kind].records_decisions && m->due > 0) {
      MeetingTally t;
      MeetingBody body =
          m->kind == MEETING_COMMITTEE ? MEETING_BODY_COMMITTEE : MEETING_BODY_CONGRESS;
      quorum_bad = meeting_tally_counts(body, m->due, m->present, 0, 0, 0, &t) != 0 || !t.quorum_ok;
    }
    if (m->n_failed > 0 || quorum_bad) {
      meeting_check_ids_push(&quorum, m->id);
    }
  }
  if (late.n) {
    buf_printf(&c->b, "%zu 条会议记录未在会后 %d 个工作日内提交", late.n,
               meeting_param(c->rs, MEETING_PARAM_SUBMIT_WORKDAYS));
    meeting_check_add_finding(c->out, MEETING_CHECK_LATE_SUBMISSION, o, c->p, &c->b, &late);
  }
  if (nodec.n) {
    buf_printf(&c->b, "%zu 条应有决议的会议记录没有决议（议而不决）", nodec.n);
    meeting_check_add_finding(c->out, MEETING_CHECK_NO_DECISION, o, c->p, &c->b, &nodec);
  }
  if (nodisc.n) {
    buf_printf(&c->b, "%zu 条学习记录没有讨论发言（学而不议）", nodisc.n);
    meeting_check_add_finding(c->out, MEETING_CHECK_NO_DISCUSSION, o, c->p, &c->b, &nodisc);
  }
  if (rec.n) {
    if (n_absent) {
      buf_printf(&c->b, "%zu 条会议记录的记录人被列为缺席", n_absent);
    }
    if (n_shared) {
      buf_printf(&c->b, "%s%zu 条会议记录的记录人同日还为其他组织记录", n_absent ? "；" : "",
                 n_shared);
    }
    meeting_check_add_finding(c->out, MEETING_CHECK_RECORDER_PATTERN, o, c->p, &c->b, &rec);
  }
  if (quorum.n) {
    buf_printf(&c->b, "%zu 次会议表决未通过或不足法定人数", quorum.n);
    meeting_check_add_finding(c->out, MEETING_CHECK_QUORUM, o, c->p, &c->b, &quorum);
  }
}

/* The recorder findings of every row held in the period (bits per row index). */
static unsigned *recorder_flags(Ctx *c, const MeetingCheckRow *rows, size_t n) {
  unsigned *flags = calloc(n + 1, sizeof *flags);
  MeetingRecorderRow *rr = malloc((n + 1) * sizeof *rr);
  size_t *back = malloc((n + 1) * sizeof *back);
  if (!flags || !rr || !back) {
    abort();
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (date_period_contains(c->p, rows[i].held) && rows[i].state != MEETING_STATE_CLOSED) {
      rr[k] = (MeetingRecorderRow){rows[i].id, rows[i].org_id, rows[i].held, rows[i].recorder_id,
                                   rows[i].recorder_absent};
      back[k++] = i;
    }
  }
  size_t max = 64;
  MeetingRecorderHit *hits = malloc(max * sizeof *hits);
  size_t nh = hits ? meeting_recorder_findings(rr, k, hits, max) : 0;
  if (nh > max) {
    free(hits);
    max = nh;
    hits = malloc(max * sizeof *hits);
    if (!hits) {
      abort();
    }
    nh = meeting_recorder_findings(rr, k, hits, max);
  }
  for (size_t h = 0; h < nh && h < max; h++) {
    flags[back[hits[h].row]] |= (unsigned)hits[h].finding;
  }
  free(hits);
  free(rr);
  free(back);
  return flags;
}

/* Moves the findings of org_id from text to out (text keeps the others; order kept). */
static void take_text_findings(MeetingCheckResult *out, MeetingCheckResult *text, int64_t org_id) {
  size_t w = 0;
  for (size_t i = 0; i < text->n; i++) {
    if (text->a[i].org_id != org_id) {
      text->a[w++] = text->a[i];
      continue;
    }
    *result_slot(out) = text->a[i];
  }
  text->n = w;
}

static int check_range(Ctx *c, const char *lo, const char *hi) {
  MeetingCheckOrg *orgs = NULL;
  MeetingCheckRow *rows = NULL;
  size_t n_orgs = 0, n_rows = 0;
  int rc = meeting_check_orgs(c->db, lo, hi, &orgs, &n_orgs);
  if (rc != DB_OK) {
    return rc;
  }
  Date first = date_period_first_day(c->p), last = date_period_last_day(c->p);
  char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
  date_format_iso((Date){first.y, 1, 1}, from);
  date_format_iso((Date){last.y + 1, 1, 1}, to);
  rc = meeting_check_rows(c->db, lo, hi, from, to, local_midnight(c->rs, first),
                          local_midnight(c->rs, date_add_days(last, 1)), &rows, &n_rows);
  if (rc != DB_OK) {
    free(orgs);
    return rc;
  }
  MeetingCheckResult text = {0};
  rc = meeting_check_text(c->db, c->rs, lo, hi, c->p, c->today, orgs, n_orgs, &text);
  if (rc != DB_OK) {
    meeting_check_free(&text);
    free(rows);
    free(orgs);
    return rc;
  }
  unsigned *rec = recorder_flags(c, rows, n_rows);
  for (size_t i = 0; i < n_orgs; i++) {
    size_t before = c->out->n;
    check_frequency(c, orgs, n_orgs, i, rows, n_rows);
    size_t rlo, rhi;
    meeting_check_org_span(rows, n_rows, sizeof *rows, offsetof(MeetingCheckRow, org_id),
                           orgs[i].id, &rlo, &rhi);
    if (rlo != rhi) {
      check_records(c, &orgs[i], rows, rlo, rhi, rec);
      check_backfill(c, &orgs[i], rows, rlo, rhi);
    }
    take_text_findings(c->out, &text, orgs[i].id);
    /* keep the rule order within the org: backfill and the text rules came after the
     * per-record ones */
    size_t n_new = c->out->n - before;
    for (size_t x = before + 1; x < before + n_new; x++) {
      MeetingCheckFinding f = c->out->a[x];
      size_t y = x;
      while (y > before && c->out->a[y - 1].rule > f.rule) {
        c->out->a[y] = c->out->a[y - 1];
        y--;
      }
      c->out->a[y] = f;
    }
  }
  free(rec);
  free(rows);
  free(orgs);
  meeting_check_free(&text); /* every finding was taken (each is on an org of the range) */
  return DB_OK;
}

int meeting_check(Db *db, const Scope *scope, const MeetingRuleSet *rs, const char *org_code,
                  Period p, Date today, MeetingCheckResult *out) {
  assert(date_period_valid(p));
  DateCalendar *cal = date_calendar_new();
  int rc = calendar_load(db, cal);
  Ctx c = {.db = db, .rs = rs, .cal = cal, .p = p, .today = today, .out = out};
  if (rc == DB_OK && org_code) {
    char *path = meeting_check_org_path(db, org_code);
    if (!path || !scope_contains(scope, path)) {
      rc = DB_NOTFOUND;
    } else {
      char *hi = scope_subtree_hi(path);
      rc = check_range(&c, path, hi);
      free(hi);
    }
    free(path);
  } else {
    for (size_t i = 0; rc == DB_OK && i < scope->n; i++) {
      rc = check_range(&c, scope->lo[i], scope->hi[i]);
    }
  }
  buf_free(&c.b);
  date_calendar_free(cal);
  return rc;
}

json_t *meeting_check_json(const MeetingCheckResult *r) {
  json_t *a = json_array();
  for (size_t i = 0; i < r->n; i++) {
    const MeetingCheckFinding *f = &r->a[i];
    char key[PERIOD_KEY_SIZE];
    json_t *ev = json_array();
    for (size_t k = 0; k < f->n_evidence; k++) {
      json_array_append_new(ev, json_integer(f->evidence[k]));
    }
    json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:o}", "rule",
                                       meeting_check_rule_code(f->rule), "org", f->org_code,
                                       "period", meeting_check_period_key(f->period, key),
                                       "message", f->message, "evidence", ev));
  }
  return a;
}
