/*
 * Unit tests of the city-scale paths of src/meeting/meeting_store.c on a fresh temporary
 * database:
 *   - meeting_list_after (keyset paging of the record list): paging through with every page
 *     size gives exactly the rows, in the order, of one independent query (held_at DESC, id
 *     DESC; ties on held_at broken by id), for a whole town, one branch with its 党小组, a
 *     scope of several ranges (a contact cadre's) and a period; meeting_list_count's exact
 *     figure; an org out of scope lists nothing.
 *   - meeting_compliance_scan: per branch, the same meetings (kind and day) as the "held"
 *     column of meeting_compliance_branches, which the compliance pages read before.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "meeting/meeting_store.h"
#include "org/org.h"
#include "web/scope.h"

#include "fixture.h"

#include "base/banned.h"

static char tmp_dir[FIXTURE_DIR_SIZE];
static Db *db;
static int64_t town, b1, b2, b3, g1, b4;
static Scope town_scope = SCOPE_INIT, b1_scope = SCOPE_INIT, multi_scope = SCOPE_INIT;

/* One record of org at held_at in state (no attendance: the list counts stay 0). */
static int64_t add_meeting(int64_t org, const char *kind, const char *held_at, const char *state) {
  MeetingInput in = {
      .org_id = org, .kind = kind, .held_at = held_at, .topics = "议题", .due_date = "2025-12-31"};
  int64_t id = 0;
  cr_assert_eq(meeting_demo_insert(db, &in, state, 1735689600, 1735689600, 0, &id), DB_OK, "%s",
               db_errmsg(db));
  return id;
}

static void setup(void) {
  db = fixture_db_open(tmp_dir, "paging");
  int64_t district = fixture_org(db, 0, "district", "区委", "P");
  town = fixture_org(db, district, "town", "镇党委", "P01");
  b1 = fixture_org(db, town, "village", "一村党支部", "P01B01");
  g1 = fixture_org(db, b1, "group", "一村第一党小组", "P01B01G1");
  b2 = fixture_org(db, town, "village", "二村党支部", "P01B02");
  b3 = fixture_org(db, town, "community", "三社区党支部", "P01B03");
  int64_t town2 = fixture_org(db, district, "town", "二镇党委", "P02");
  b4 = fixture_org(db, town2, "village", "四村党支部", "P02B01");
  /* 60 records over 2025, several sharing a held_at (ties), in every state */
  static const char *const kinds[] = {"theme_day", "committee", "party_congress", "lecture",
                                      "group"};
  static const char *const states[] = {"accepted", "submitted",       "returned_refill",
                                       "draft",    "returned_rehold", "closed"};
  const int64_t orgs[] = {b1, g1, b2, b3, b4};
  for (int i = 0; i < 60; i++) {
    char held[20];
    /* days repeat every 20 records and times every 3: ties on the same minute */
    snprintf(held, sizeof held, "2025-%02d-%02d %s", 1 + (i * 7) % 12, 1 + (i % 20),
             i % 3 == 0   ? "09:00"
             : i % 3 == 1 ? "14:30"
                          : "09:00");
    int64_t org = orgs[i % 5];
    add_meeting(org, org == g1 ? "group" : kinds[i % 4], held, states[i % 6]);
  }
  /* exact duplicates of one minute in one branch */
  for (int i = 0; i < 4; i++) {
    add_meeting(b1, "theme_day", "2025-06-10 09:00", "accepted");
  }
  fixture_scope(db, &town_scope, town);
  fixture_scope(db, &b1_scope, b1);
  fixture_scope(db, &multi_scope, b1); /* a contact cadre's orgs: two ranges */
  fixture_scope(db, &multi_scope, b4);
}

static void teardown(void) {
  scope_free(&town_scope);
  scope_free(&b1_scope);
  scope_free(&multi_scope);
  fixture_db_close(db, tmp_dir);
}

TestSuite(meeting_list_paging, .init = setup, .fini = teardown);

/* The ids the list must give, by one plain query per range merged: org_id's subtree (0: every
 * range of the scope), held_at in [from, to), newest first, ties by id. */
static size_t expected_ids(const Scope *scope, int64_t org_id, const char *from, const char *to,
                           int64_t *out, size_t max) {
  json_t *rows = json_array();
  for (size_t i = 0; i < scope->n; i++) {
    json_t *r = db_rows_json(
        db,
        "SELECT m.id, m.held_at FROM meeting m JOIN org o ON o.id = m.org_id "
        "JOIN org top ON top.id = CASE WHEN ? = 0 THEN o.id ELSE ? END "
        "WHERE o.path >= ? AND o.path < ? AND substr(o.path, 1, length(top.path)) = top.path "
        "AND m.held_at >= ? AND m.held_at < ?",
        "iittt"
        "t",
        org_id, org_id, scope->lo[i], scope->hi[i], from ? from : "", to ? to : "9999");
    cr_assert_not_null(r, "%s", db_errmsg(db));
    json_array_extend(rows, r);
    json_decref(r);
  }
  size_t n = json_array_size(rows);
  cr_assert(n <= max);
  /* selection sort by (held_at desc, id desc): small */
  bool *used = calloc(n ? n : 1, sizeof *used);
  cr_assert_not_null(used);
  for (size_t k = 0; k < n; k++) {
    size_t best = n;
    for (size_t i = 0; i < n; i++) {
      if (used[i]) {
        continue;
      }
      if (best == n) {
        best = i;
        continue;
      }
      json_t *x = json_array_get(rows, i), *y = json_array_get(rows, best);
      int c = strcmp(json_string_value(json_object_get(x, "held_at")),
                     json_string_value(json_object_get(y, "held_at")));
      if (c > 0 || (c == 0 && json_integer_value(json_object_get(x, "id")) >
                                  json_integer_value(json_object_get(y, "id")))) {
        best = i;
      }
    }
    used[best] = true;
    out[k] = json_integer_value(json_object_get(json_array_get(rows, best), "id"));
  }
  free(used);
  json_decref(rows);
  return n;
}

/* Pages through the list limit rows at a time, cursor from each page's last row; checks the
 * concatenation is exactly the expected ids and that pages are full until the last. */
static void check_paging(const Scope *scope, int64_t org_id, const char *from, const char *to,
                         int limit) {
  int64_t want[128], got[128];
  size_t n_want = expected_ids(scope, org_id, from, to, want, 128);
  cr_assert_gt(n_want, 0, "the fixture lists something");
  size_t n_got = 0;
  MeetingCursor cur;
  bool have = false;
  for (int page = 0; page < 200; page++) {
    json_t *rows = meeting_list_after(db, scope, org_id, from, to, have ? &cur : NULL, limit);
    cr_assert_not_null(rows, "%s", db_errmsg(db));
    size_t n = json_array_size(rows);
    cr_assert_leq(n, (size_t)limit);
    for (size_t i = 0; i < n; i++) {
      cr_assert_lt(n_got, 128, "more rows than exist: a row repeats (limit %d)", limit);
      got[n_got++] = json_integer_value(json_object_get(json_array_get(rows, i), "id"));
    }
    if (n > 0) {
      json_t *last = json_array_get(rows, n - 1);
      snprintf(cur.held_at, sizeof cur.held_at, "%s",
               json_string_value(json_object_get(last, "held_at")));
      cur.id = json_integer_value(json_object_get(last, "id"));
      have = true;
    }
    json_decref(rows);
    if (n < (size_t)limit) {
      break;
    }
  }
  cr_assert_eq(n_got, n_want, "limit %d: %zu rows over the pages, %zu expected", limit, n_got,
               n_want);
  for (size_t i = 0; i < n_want; i++) {
    cr_assert_eq(got[i], want[i], "limit %d: row %zu is %lld, expected %lld", limit, i,
                 (long long)got[i], (long long)want[i]);
  }
  bool exact = false;
  cr_assert_eq(meeting_list_count(db, scope, org_id, from, to, &exact), (int64_t)n_want);
  cr_assert(exact, "a small subtree is counted exactly");
}

Test(meeting_list_paging, town_every_page_size) {
  /* limit 1..8 and 50: the wide walk (meeting_held) and the narrow one (meeting_org) both */
  for (int limit = 1; limit <= 8; limit++) {
    check_paging(&town_scope, 0, NULL, NULL, limit);
    check_paging(&town_scope, town, NULL, NULL, limit);
  }
  check_paging(&town_scope, 0, NULL, NULL, 50);
}

Test(meeting_list_paging, branch_with_groups_and_ties) {
  for (int limit = 1; limit <= 6; limit++) {
    check_paging(&b1_scope, 0, NULL, NULL, limit);
    check_paging(&town_scope, b1, NULL, NULL, limit);
  }
}

Test(meeting_list_paging, several_scope_ranges_are_merged) {
  for (int limit = 1; limit <= 7; limit++) {
    check_paging(&multi_scope, 0, NULL, NULL, limit);
  }
}

Test(meeting_list_paging, period) {
  for (int limit = 1; limit <= 5; limit++) {
    check_paging(&town_scope, 0, "2025-04-01", "2025-07-01", limit);
    check_paging(&town_scope, b1, "2025-06-01", "2025-07-01", limit);
  }
}

Test(meeting_list_paging, out_of_scope_and_past_the_end) {
  json_t *rows = meeting_list_after(db, &b1_scope, b2, NULL, NULL, NULL, 10);
  cr_assert_not_null(rows);
  cr_assert_eq(json_array_size(rows), 0);
  json_decref(rows);
  bool exact = false;
  cr_assert_eq(meeting_list_count(db, &b1_scope, b2, NULL, NULL, &exact), 0);
  MeetingCursor first = {"2000-01-01 00:00", 1};
  rows = meeting_list_after(db, &town_scope, 0, NULL, NULL, &first, 10);
  cr_assert_not_null(rows);
  cr_assert_eq(json_array_size(rows), 0, "nothing before the oldest record");
  json_decref(rows);
  /* the page's rows carry what the list shows */
  rows = meeting_list_after(db, &town_scope, b1, NULL, NULL, NULL, 2);
  cr_assert_eq(json_array_size(rows), 2);
  json_t *r = json_array_get(rows, 0);
  cr_assert_str_eq(json_string_value(json_object_get(r, "org_name")), "一村党支部");
  cr_assert_str_eq(json_string_value(json_object_get(r, "held_at")), "2025-12-06 09:00");
  cr_assert(json_is_integer(json_object_get(r, "n_present")));
  cr_assert(json_is_integer(json_object_get(r, "n_failed")));
  json_decref(rows);
}

/* ---- meeting_compliance_scan against meeting_compliance_branches ---- */

static int held_cmp(const void *a, const void *b) {
  const MeetingHeld *x = a, *y = b;
  if (x->kind != y->kind) {
    return x->kind < y->kind ? -1 : 1;
  }
  return date_compare(x->date, y->date);
}

/* The "held" column ("kind YYYY-MM-DD,…") as sorted MeetingHeld. */
static size_t parse_held_column(const char *s, MeetingHeld *out, size_t max) {
  size_t n = 0;
  while (s && *s) {
    const char *end = strchr(s, ',');
    size_t len = end ? (size_t)(end - s) : strlen(s);
    const char *sp = memchr(s, ' ', len);
    cr_assert_not_null(sp);
    char code[32];
    snprintf(code, sizeof code, "%.*s", (int)(sp - s), s);
    const MeetingKind *k = meeting_kind_find(code);
    Date d;
    cr_assert_not_null(k, "%s", code);
    cr_assert_eq(date_parse(sp + 1, 10, &d, NULL), 0);
    cr_assert_lt(n, max);
    out[n++] = (MeetingHeld){k->id, d};
    s = end ? end + 1 : NULL;
  }
  qsort(out, n, sizeof *out, held_cmp);
  return n;
}

static void check_scan(const Scope *scope, int64_t org_id, const char *from, const char *to) {
  json_t *rows = meeting_compliance_branches(db, scope, org_id, from, to, "2025-12-31");
  cr_assert_not_null(rows);
  MeetingComplianceSet set;
  cr_assert_eq(meeting_compliance_scan(db, scope, org_id, from, to, "2025-12-31", &set), DB_OK);
  cr_assert_eq(set.n, json_array_size(rows));
  for (size_t i = 0; i < set.n; i++) {
    json_t *a = json_array_get(rows, i), *b = json_array_get(set.branches, i);
    json_t *a2 = json_deep_copy(a);
    json_object_del(a2, "held");
    cr_assert(json_equal(a2, b), "branch %zu: the same facts", i);
    json_decref(a2);
    MeetingHeld want[128], got[128];
    size_t nw = parse_held_column(json_string_value(json_object_get(a, "held")), want, 128);
    size_t ng = set.first[(i + 1) * MEETING_KIND_COUNT] - set.first[i * MEETING_KIND_COUNT];
    cr_assert_eq(ng, nw, "branch %zu: %zu meetings, %zu expected", i, ng, nw);
    for (int k = 0; k < MEETING_KIND_COUNT; k++) {
      for (size_t j = set.first[i * MEETING_KIND_COUNT + (size_t)k];
           j < set.first[i * MEETING_KIND_COUNT + (size_t)k + 1]; j++) {
        cr_assert_eq((int)set.held[j].kind, k, "grouped by kind");
      }
    }
    memcpy(got, set.held + set.first[i * MEETING_KIND_COUNT], ng * sizeof *got);
    qsort(got, ng, sizeof *got, held_cmp);
    for (size_t j = 0; j < nw; j++) {
      cr_assert_eq(got[j].kind, want[j].kind);
      cr_assert_eq(date_compare(got[j].date, want[j].date), 0);
    }
  }
  meeting_compliance_set_free(&set);
  json_decref(rows);
}

Test(meeting_list_paging, compliance_scan_equals_the_held_column) {
  check_scan(&town_scope, town, "2025-01-01", "2026-01-01");
  check_scan(&town_scope, town, "2025-04-01", "2025-07-01");
  check_scan(&town_scope, b1, "2025-01-01", "2026-01-01");
  check_scan(&b1_scope, b1, "2025-01-01", "2026-01-01");
  MeetingComplianceSet set;
  cr_assert_eq(
      meeting_compliance_scan(db, &b1_scope, b2, "2025-01-01", "2026-01-01", "2025-12-31", &set),
      DB_OK);
  cr_assert_eq(set.n, 0, "out of scope: no branches");
  meeting_compliance_set_free(&set);
  /* a dissolved branch drops out, its group's meetings with it */
  cr_assert_eq(db_exec(db, "UPDATE org SET dissolved = '2025-12-01' WHERE id = ?", "i", b1), DB_OK);
  check_scan(&town_scope, town, "2025-01-01", "2026-01-01");
}
