/*
 * plan_rules.c: the quarterly meeting plan's pure rules (see plan_rules.h): suggestions from
 * the rule table, plan vs held matching, filing status. No I/O, no SQL.
 */
#include "meeting/plan_rules.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

/* ---- labels ---- */

const char *plan_outcome_code(PlanOutcome o) {
  return o == PLAN_OUTCOME_HELD ? "held" : o == PLAN_OUTCOME_PENDING ? "pending" : "missed";
}

const char *plan_outcome_label(PlanOutcome o) {
  return o == PLAN_OUTCOME_HELD ? "已召开" : o == PLAN_OUTCOME_PENDING ? "待召开" : "未召开";
}

const char *plan_status_code(PlanStatus s) {
  switch (s) {
  case PLAN_STATUS_ON_TIME:
    return "on_time";
  case PLAN_STATUS_LATE:
    return "late";
  case PLAN_STATUS_MISSING:
    return "missing";
  default:
    return "pending";
  }
}

const char *plan_status_label(PlanStatus s) {
  switch (s) {
  case PLAN_STATUS_ON_TIME:
    return "按时报送";
  case PLAN_STATUS_LATE:
    return "逾期报送";
  case PLAN_STATUS_MISSING:
    return "未报送";
  default:
    return "未到截止日";
  }
}

const char *plan_status_class(PlanStatus s) {
  return s == PLAN_STATUS_ON_TIME ? "ok" : s == PLAN_STATUS_PENDING ? "warn" : "bad";
}

/* ---- quarters ---- */

char *plan_quarter_key(Period q, char out[PERIOD_KEY_SIZE]) {
  snprintf(out, PERIOD_KEY_SIZE, "%04dQ%d", q.year, q.index);
  return out;
}

int plan_quarter_parse(const char *s, Period *out) {
  if (!s) {
    return -1;
  }
  size_t n = strlen(s);
  if (n < 6 || n > 7) {
    return -1;
  }
  for (int i = 0; i < 4; i++) {
    if (s[i] < '0' || s[i] > '9') {
      return -1;
    }
  }
  const char *p = s + 4;
  if (*p == '-') {
    p++;
  }
  if ((*p != 'Q' && *p != 'q') || p[1] < '1' || p[1] > '4' || p[2] != '\0') {
    return -1;
  }
  int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  if (y < 2000 || y > 2100) {
    return -1;
  }
  *out = (Period){.kind = PERIOD_QUARTER, .year = y, .index = p[1] - '0'};
  return 0;
}

/* ---- suggestions ---- */

/* Where a kind's meeting goes by default: the month of the quarter (0-2) for rules longer
 * than a month, and the day of the month. 党课 on the 主题党日 and 民主评议 with the
 * 组织生活会, as they are usually combined. */
static const struct {
  int month, day;
} default_slot[MEETING_KIND_COUNT] = {
    [MEETING_PARTY_CONGRESS] = {2, 20}, [MEETING_COMMITTEE] = {0, 8},
    [MEETING_GROUP] = {0, 12},          [MEETING_LECTURE] = {1, 10},
    [MEETING_THEME_DAY] = {0, 10},      [MEETING_LIFE_MEETING] = {2, 18},
    [MEETING_APPRAISAL] = {2, 18},      [MEETING_JOINT_MEETING] = {0, 5},
};

typedef struct Out {
  PlanEntry *a;
  size_t n, max, wanted;
} Out;

static void out_add(Out *o, MeetingKindId k, Date d, int64_t id) {
  if (o->n < o->max) {
    o->a[o->n++] = (PlanEntry){k, d, id};
  }
  o->wanted++;
}

/* d moved to a working day within [first, last]: forward, else backward, else d itself. */
static Date workday_within(const DateCalendar *cal, Date d, Date first, Date last) {
  for (Date x = d; date_compare(x, last) <= 0; x = date_add_days(x, 1)) {
    if (date_is_workday(cal, x)) {
      return x;
    }
  }
  for (Date x = date_add_days(d, -1); date_compare(x, first) >= 0; x = date_add_days(x, -1)) {
    if (date_is_workday(cal, x)) {
      return x;
    }
  }
  return d;
}

/* Fills `need` meetings of kind k in [first, last]: held ones first, then dates. month_off:
 * the month (0-2, from first's month) of the default date; day: its day. */
static void fill_slot(Out *o, MeetingKindId k, int need, Date first, Date last, int month_off,
                      int day, const DateCalendar *cal, const PlanEntry *held, size_t n_held,
                      bool *used) {
  while (need > 0) {
    long best = -1;
    for (size_t j = 0; j < n_held; j++) {
      if (used[j] || held[j].kind != k || date_compare(held[j].date, first) < 0 ||
          date_compare(held[j].date, last) > 0) {
        continue;
      }
      if (best < 0 || date_compare(held[j].date, held[best].date) < 0) {
        best = (long)j;
      }
    }
    if (best < 0) {
      break;
    }
    used[best] = true;
    out_add(o, k, held[best].date, 0);
    need--;
  }
  if (need <= 0) {
    return;
  }
  Date m = date_add_months((Date){first.y, first.m, 1}, month_off);
  if (date_compare(m, last) > 0) {
    m = (Date){first.y, first.m, 1};
  }
  int dim = date_days_in_month(m.y, m.m);
  Date base = {m.y, m.m, day < dim ? day : dim};
  if (date_compare(base, first) < 0) {
    base = first;
  }
  int64_t len = date_days_between(first, last) + 1;
  int64_t step = len / need;
  for (int i = 0; i < need; i++) {
    Date d = date_add_days(base, step * i);
    if (date_compare(d, last) > 0) {
      d = date_add_days(d, -len);
    }
    out_add(o, k, workday_within(cal, d, first, last), 0);
  }
}

static int entry_cmp(const void *a, const void *b) {
  const PlanEntry *x = a, *y = b;
  int c = date_compare(x->date, y->date);
  return c ? c : (int)x->kind - (int)y->kind;
}

size_t plan_suggest(const MeetingRuleSet *rs, const MeetingOrg *org, Period q,
                    const DateCalendar *cal, const PlanEntry *held, size_t n_held,
                    const PlanEntry *hints, size_t n_hints, PlanEntry *out, size_t max) {
  assert(date_period_valid(q) && q.kind == PERIOD_QUARTER);
  Out o = {.a = out, .max = max};
  bool *used = calloc(n_held + 1, sizeof *used);
  if (!used) {
    abort();
  }
  Date qf = date_period_first_day(q), ql = date_period_last_day(q);
  for (int k = 0; k < MEETING_KIND_COUNT; k++) {
    if (!meeting_rule_applies(rs, (MeetingKindId)k, org)) {
      continue;
    }
    const MeetingRule *rule = &rs->rules[k];
    int month_off = default_slot[k].month, day = default_slot[k].day;
    for (size_t h = 0; h < n_hints; h++) {
      if ((int)hints[h].kind == k && date_is_valid(hints[h].date)) {
        month_off = (hints[h].date.m - 1) % 3;
        day = hints[h].date.d;
        break;
      }
    }
    if (rule->per == PERIOD_MONTH) {
      for (int i = 0; i < 3; i++) {
        Period mp = date_period_of(PERIOD_MONTH, date_add_months(qf, i));
        fill_slot(&o, (MeetingKindId)k, rule->count, date_period_first_day(mp),
                  date_period_last_day(mp), 0, day, cal, held, n_held, used);
      }
      continue;
    }
    if (rule->per == PERIOD_QUARTER) {
      fill_slot(&o, (MeetingKindId)k, rule->count, qf, ql, month_off, day, cal, held, n_held, used);
      continue;
    }
    /* half year or year: only in its usual quarter, else its last */
    Period s = date_period_of(rule->per, qf);
    Period usual = date_period_of(PERIOD_QUARTER, date_period_last_day(s));
    if (rule->usual_quarter >= 1 && rule->usual_quarter <= 4) {
      Period u = {.kind = PERIOD_QUARTER, .year = q.year, .index = rule->usual_quarter};
      if (date_period_contains(s, date_period_first_day(u))) {
        usual = u;
      }
    }
    if (!date_period_equal(usual, q)) {
      continue;
    }
    int before = 0;
    Date sf = date_period_first_day(s);
    for (size_t j = 0; j < n_held; j++) {
      before += (int)held[j].kind == k && date_compare(held[j].date, sf) >= 0 &&
                date_compare(held[j].date, qf) < 0;
    }
    fill_slot(&o, (MeetingKindId)k, rule->count - before, qf, ql, month_off, day, cal, held, n_held,
              used);
  }
  free(used);
  qsort(out, o.n, sizeof *out, entry_cmp);
  return o.wanted;
}

/* ---- plan vs held ---- */

static int64_t abs64(int64_t v) { return v < 0 ? -v : v; }

void plan_match(const PlanEntry *items, size_t n_items, const PlanEntry *held, size_t n_held,
                Date today, PlanMatch *out, bool *held_used) {
  memset(out, 0, sizeof *out);
  if (n_items > PLAN_MAX_ITEMS) {
    n_items = PLAN_MAX_ITEMS;
  }
  bool *used = calloc(n_held + 1, sizeof *used);
  if (!used) {
    abort();
  }
  for (size_t i = 0; i < n_items; i++) {
    out->item_held[i] = -1;
  }
  for (;;) {
    long bi = -1, bj = -1;
    int64_t bd = 0;
    for (size_t i = 0; i < n_items; i++) {
      if (out->item_held[i] >= 0) {
        continue;
      }
      for (size_t j = 0; j < n_held; j++) {
        if (used[j] || held[j].kind != items[i].kind) {
          continue;
        }
        int64_t d = abs64(date_days_between(items[i].date, held[j].date));
        bool better = bi < 0 || d < bd;
        if (!better && d == bd) {
          int c = date_compare(items[i].date, items[bi].date);
          if (c == 0) {
            c = date_compare(held[j].date, held[bj].date);
          }
          better = c < 0;
        }
        if (better) {
          bi = (long)i;
          bj = (long)j;
          bd = d;
        }
      }
    }
    if (bi < 0) {
      break;
    }
    out->item_held[bi] = bj;
    used[bj] = true;
  }
  for (size_t i = 0; i < n_items; i++) {
    long j = out->item_held[i];
    if (j >= 0) {
      out->outcome[i] = PLAN_OUTCOME_HELD;
      out->days_off[i] = (int)date_days_between(items[i].date, held[j].date);
      out->n_held++;
    } else if (date_compare(items[i].date, today) < 0) {
      out->outcome[i] = PLAN_OUTCOME_MISSED;
      out->n_missed++;
    } else {
      out->outcome[i] = PLAN_OUTCOME_PENDING;
      out->n_pending++;
    }
  }
  out->n_planned = (int)n_items;
  for (size_t j = 0; j < n_held; j++) {
    out->n_unplanned += !used[j];
    if (held_used) {
      held_used[j] = used[j];
    }
  }
  free(used);
}

/* ---- filing status ---- */

PlanStatus plan_status(const MeetingRuleSet *rs, const DateCalendar *cal, Period q,
                       const Date *filed, Date today, MeetingDeadline *dl) {
  MeetingDeadline d;
  meeting_plan_deadline(rs, cal, q, filed, today, &d);
  if (dl) {
    *dl = d;
  }
  switch (d.status) {
  case MEETING_DEADLINE_ON_TIME:
    return PLAN_STATUS_ON_TIME;
  case MEETING_DEADLINE_LATE:
    return PLAN_STATUS_LATE;
  case MEETING_DEADLINE_OVERDUE:
    return PLAN_STATUS_MISSING;
  default:
    return PLAN_STATUS_PENDING;
  }
}
