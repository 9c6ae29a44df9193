/*
 * ledger_store.c: the SQL of the meeting ledgers (see ledger_store.h). Every query is limited
 * to the subtree of an org the caller's scope contains (org_path_of), as an index range on
 * org.path. The joins are written org first (CROSS JOIN keeps that order in SQLite): the
 * subtree's orgs, then their meetings through meeting_org (org_id, held_at); started from the
 * meetings of the period instead, a branch's ledger would read every org's records of the year.
 */
#include "meeting/ledger_store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meeting/meeting_store.h"
#include "org/org.h"
#include "base/banned.h"

/* The [lo, hi) path range of org_id's subtree when the org is in scope (both malloc'd), or
 * false. */
static bool subtree_of(Db *db, const Scope *scope, int64_t org_id, char **lo, char **hi) {
  *lo = org_path_of(db, scope, org_id);
  *hi = NULL;
  if (!*lo) {
    return false;
  }
  *hi = scope_subtree_hi(*lo);
  return true;
}

/* Moves the rows of a child query (each with a meeting_id column, grouped by meeting) into
 * the array member key of their meeting in by_id ({"id": meeting}). */
static void attach(json_t *by_id, json_t *rows, const char *key) {
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    char id[24];
    snprintf(id, sizeof id, "%" PRId64,
             (int64_t)json_integer_value(json_object_get(row, "meeting_id")));
    json_t *m = json_object_get(by_id, id);
    if (!m) {
      continue;
    }
    json_object_del(row, "meeting_id");
    json_array_append(json_object_get(m, key), row);
  }
}

int ledger_meetings(Db *db, const Scope *scope, int64_t org_id, const char *from, const char *to,
                    size_t max, json_t **out, size_t *total) {
  *out = NULL;
  *total = 0;
  char *lo, *hi;
  if (!subtree_of(db, scope, org_id, &lo, &hi)) {
    return DB_NOTFOUND;
  }
  int rc = DB_ERR;
  json_t *meetings = NULL, *att = NULL, *dec = NULL, *by_id = NULL;
  int64_t n = db_int(db, -1,
                     "SELECT count(*) FROM org o CROSS JOIN meeting m WHERE m.org_id = o.id "
                     "AND o.path >= ? AND o.path < ? AND m.held_at >= ? AND m.held_at < ?",
                     "tttt", lo, hi, from, to);
  if (n < 0) {
    goto out;
  }
  *total = (size_t)n;
  if ((size_t)n > max) {
    *out = json_array();
    rc = DB_OK;
    goto out;
  }
  meetings = db_rows_json(
      db,
      "SELECT m.id, m.org_id, o.name AS org_name, o.short_name AS org_short_name, m.kind, "
      "m.held_at, m.place, hp.name AS host_name, rp.name AS recorder_name, "
      "m.recorder_person_id, m.topics, m.state, m.due_date, m.submitted_at, m.entered_at, "
      "m.review_remark "
      "FROM org o CROSS JOIN meeting m "
      "LEFT JOIN person hp ON hp.id = m.host_person_id "
      "LEFT JOIN person rp ON rp.id = m.recorder_person_id "
      "WHERE m.org_id = o.id AND o.path >= ? AND o.path < ? AND m.held_at >= ? "
      "AND m.held_at < ? "
      "ORDER BY m.held_at, m.id",
      "tttt", lo, hi, from, to);
  att = db_rows_json(db,
                     "SELECT a.meeting_id, a.person_id, p.name, a.presence, a.reason, "
                     "a.exclusion, a.full_member, a.can_vote "
                     "FROM org o CROSS JOIN meeting m CROSS JOIN meeting_attendee a "
                     "JOIN person p ON p.id = a.person_id "
                     "WHERE m.org_id = o.id AND a.meeting_id = m.id AND o.path >= ? "
                     "AND o.path < ? AND m.held_at >= ? AND m.held_at < ? "
                     "ORDER BY a.meeting_id, p.name, p.id",
                     "tttt", lo, hi, from, to);
  dec = db_rows_json(db,
                     "SELECT d.meeting_id, d.seq, d.text, d.yes, d.no, d.abstain, d.passed, "
                     "d.quorum_ok FROM org o CROSS JOIN meeting m CROSS JOIN meeting_decision d "
                     "WHERE m.org_id = o.id AND d.meeting_id = m.id AND o.path >= ? "
                     "AND o.path < ? AND m.held_at >= ? AND m.held_at < ? "
                     "ORDER BY d.meeting_id, d.seq",
                     "tttt", lo, hi, from, to);
  if (!meetings || !att || !dec) {
    goto out;
  }
  by_id = json_object();
  size_t i;
  json_t *m;
  json_array_foreach(meetings, i, m) {
    char id[24];
    snprintf(id, sizeof id, "%" PRId64, (int64_t)json_integer_value(json_object_get(m, "id")));
    json_object_set_new(m, "attendees", json_array());
    json_object_set_new(m, "decisions", json_array());
    json_object_set(by_id, id, m);
  }
  attach(by_id, att, "attendees");
  attach(by_id, dec, "decisions");
  *total = json_array_size(meetings);
  *out = json_incref(meetings);
  rc = DB_OK;
out:
  json_decref(by_id);
  json_decref(meetings);
  json_decref(att);
  json_decref(dec);
  free(lo);
  free(hi);
  return rc;
}

json_t *ledger_summary_branches(Db *db, const Scope *scope, int64_t org_id,
                                const LedgerSummaryRange *range) {
  char *lo, *hi;
  if (!subtree_of(db, scope, org_id, &lo, &hi)) {
    return json_array();
  }
  /* One GROUP BY over the branches (town as in meeting_compliance_branches: the nearest town
   * at or before the path is its town when it is an ancestor), each joined to itself and its
   * 党小组 (mo), and to their records of the year (m, through meeting_org). A record counts in
   * `held` when its state counts as held, in the other figures when held in the period;
   * date(…, 'unixepoch') turns the first submission into its local day, compared with the
   * stored due day. Every step is an index search. */
  DbStmt *st = db_prepare(
      db, "SELECT o.id, o.name, o.short_name, o.kind, o.path, " MEETING_SQL_TOWN_COLUMNS
          "(SELECT count(DISTINCT p.person_id) FROM position p WHERE p.org_id = o.id "
          " AND p.body IN ('支部委员会', '党委') AND p.start_date <= :today "
          " AND (p.end_date IS NULL OR p.end_date >= :today)) >= 3 AS has_committee, "
          "EXISTS (SELECT 1 FROM org g WHERE g.parent_id = o.id AND g.kind = 'group' "
          " AND g.dissolved IS NULL) AS has_groups, "
          "(SELECT group_concat(tg.code, ' ') FROM org_tag ot JOIN tag tg ON tg.id = ot.tag_id "
          " WHERE ot.org_id = o.id) AS tags, "
          "group_concat(CASE WHEN m.state IN ('submitted', 'accepted', 'returned_refill') "
          " THEN m.kind || ' ' || substr(m.held_at, 1, 10) END, ',') AS held, "
          "count(CASE WHEN m.held_at >= :from AND m.held_at < :to THEN 1 END) AS n_records, "
          "count(CASE WHEN m.held_at < :from OR m.held_at >= :to THEN NULL "
          " WHEN m.submitted_at IS NOT NULL THEN "
          "  CASE WHEN date(m.submitted_at + :offset, 'unixepoch') > m.due_date THEN 1 END "
          " WHEN m.due_date < :today THEN 1 END) AS n_late, "
          "count(CASE WHEN m.held_at < :from OR m.held_at >= :to THEN NULL "
          " WHEN m.state IN ('returned_refill', 'returned_rehold', 'closed') THEN 1 "
          " WHEN EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'meeting' "
          "  AND a.entity_id = CAST(m.id AS TEXT) "
          "  AND a.action IN ('return_refill', 'return_rehold')) THEN 1 END) AS n_returned "
          "FROM org o " MEETING_SQL_TOWN_JOIN
          "LEFT JOIN org mo ON mo.id = o.id OR (mo.parent_id = o.id AND mo.kind = 'group') "
          "LEFT JOIN meeting m ON m.org_id = mo.id AND m.held_at >= :held_from "
          " AND m.held_at < :held_to "
          "WHERE o.path >= :lo AND o.path < :hi AND o.dissolved IS NULL "
          "AND o.kind IN " MEETING_SQL_BRANCH_KINDS " "
          "GROUP BY o.id, o.name, o.short_name, o.kind, o.path, t.id, t.short_name, t.path "
          "ORDER BY o.path");
  db_bind_text_named(st, ":lo", lo);
  db_bind_text_named(st, ":hi", hi);
  db_bind_text_named(st, ":from", range->from);
  db_bind_text_named(st, ":to", range->to);
  db_bind_text_named(st, ":today", range->today);
  db_bind_text_named(st, ":held_from", range->held_from);
  db_bind_text_named(st, ":held_to", range->held_to);
  db_bind_int_named(st, ":offset", (int64_t)range->utc_offset_minutes * 60);
  json_t *rows = json_array();
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    json_array_append_new(rows, db_row_json(st));
  }
  if (rc != DB_DONE) {
    json_decref(rows);
    rows = NULL;
  }
  db_finalize(st);
  free(lo);
  free(hi);
  return rows;
}
