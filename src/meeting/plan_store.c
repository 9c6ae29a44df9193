/*
 * plan_store.c: the SQL of the quarterly meeting plans. Every query is limited to the caller's
 * scope through the org's path (org_path_of, or `o.path >= lo AND o.path < hi`). Writes run in
 * the caller's transaction. See plan_store.h for the contracts.
 */
#include "meeting/plan_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meeting/meeting_store.h"
#include "org/org.h"
#include "base/banned.h"

/* NULL for NULL or "" (stored as SQL NULL). */
static const char *nz(const char *s) { return s && *s ? s : NULL; }

json_t *plan_org(Db *db, const Scope *scope, int64_t org_id, const char *today) {
  char *path = org_path_of(db, scope, org_id);
  if (!path) {
    return NULL;
  }
  free(path);
  json_t *rows = db_rows_json(
      db,
      "SELECT o.id, o.name, o.short_name, o.kind, o.path, o.dissolved, "
      "(SELECT count(DISTINCT p.person_id) FROM position p WHERE p.org_id = o.id "
      " AND p.body IN ('支部委员会', '党委') AND p.start_date <= ?2 "
      " AND (p.end_date IS NULL OR p.end_date >= ?2)) >= ?3 AS has_committee, "
      "EXISTS (SELECT 1 FROM org g WHERE g.parent_id = o.id AND g.kind = 'group' "
      " AND g.dissolved IS NULL) AS has_groups, "
      "(SELECT pe.name FROM position p JOIN person pe ON pe.id = p.person_id "
      " WHERE p.org_id = o.id AND p.body IN ('支部委员会', '党委') AND p.title = '书记' "
      " AND p.start_date <= ?2 AND (p.end_date IS NULL OR p.end_date >= ?2) "
      " ORDER BY p.start_date DESC, p.id DESC LIMIT 1) AS secretary "
      "FROM org o WHERE o.id = ?1",
      "itd", org_id, today, MEETING_COMMITTEE_MIN);
  json_t *o = rows && json_array_size(rows) ? json_incref(json_array_get(rows, 0)) : NULL;
  json_decref(rows);
  return o;
}

json_t *plan_get(Db *db, const Scope *scope, int64_t org_id, const char *quarter) {
  char *path = org_path_of(db, scope, org_id);
  if (!path) {
    return NULL;
  }
  free(path);
  json_t *rows = db_rows_json(
      db,
      "SELECT p.id, p.org_id, p.quarter, p.state, p.filed_at, fa.login AS filed_login, "
      "fa.name AS filed_name, p.amended_at, aa.login AS amended_login, aa.name AS amended_name, "
      "p.n_amendments, p.created_at, p.updated_at FROM meeting_plan p "
      "LEFT JOIN account fa ON fa.id = p.filed_by LEFT JOIN account aa ON aa.id = p.amended_by "
      "WHERE p.org_id = ? AND p.quarter = ?",
      "it", org_id, quarter);
  json_t *plan = rows && json_array_size(rows) ? json_incref(json_array_get(rows, 0)) : NULL;
  json_decref(rows);
  if (!plan) {
    return NULL;
  }
  json_t *items = db_rows_json(db,
                               "SELECT id, seq, kind, planned_on, topic, lecturer "
                               "FROM meeting_plan_item WHERE plan_id = ? ORDER BY seq",
                               "i", (int64_t)json_integer_value(json_object_get(plan, "id")));
  if (!items) {
    json_decref(plan);
    return NULL;
  }
  json_object_set_new(plan, "items", items);
  return plan;
}

json_t *plan_held(Db *db, const Scope *scope, int64_t org_id, const char *from, const char *to) {
  char *path = org_path_of(db, scope, org_id);
  if (!path) {
    return json_array();
  }
  free(path);
  return db_rows_json(
      db,
      "SELECT m.id, m.org_id, o.short_name AS org_name, m.kind, m.held_at, m.state "
      "FROM meeting m JOIN org o ON o.id = m.org_id "
      "WHERE m.org_id IN (SELECT ?1 UNION ALL SELECT g.id FROM org g "
      " WHERE g.parent_id = ?1 AND g.kind = 'group') "
      "AND m.held_at >= ?2 AND m.held_at < ?3 AND m.state NOT IN ('closed', 'returned_rehold') "
      "ORDER BY m.held_at, m.id",
      "itt", org_id, from, to);
}

/* Replaces the items of plan id. */
static int write_items(Db *db, int64_t id, const PlanItemIn *items, size_t n) {
  int rc = db_exec(db, "DELETE FROM meeting_plan_item WHERE plan_id = ?", "i", id);
  for (size_t i = 0; rc == DB_OK && i < n; i++) {
    rc = db_exec(db,
                 "INSERT INTO meeting_plan_item(plan_id, seq, kind, planned_on, topic, lecturer) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
                 "idtttt", id, (int)i + 1, items[i].kind, items[i].planned_on, nz(items[i].topic),
                 nz(items[i].lecturer));
  }
  return rc;
}

int plan_save(Db *db, const Scope *scope, int64_t org_id, const char *quarter, const char *state,
              const PlanItemIn *items, size_t n, int64_t account_id, int64_t now, int64_t *id,
              bool *amended, const char **why) {
  *id = 0;
  *amended = false;
  *why = NULL;
  char *path = org_path_of(db, scope, org_id);
  if (!path) {
    return DB_NOTFOUND;
  }
  free(path);
  bool file = strcmp(state, "filed") == 0;
  char *old = db_text(db, "SELECT state FROM meeting_plan WHERE org_id = ? AND quarter = ?", "it",
                      org_id, quarter);
  int rc;
  if (!old) {
    rc = db_exec(db,
                 "INSERT INTO meeting_plan(org_id, quarter, state, filed_at, filed_by, "
                 "created_by, created_at, updated_at) VALUES (?1, ?2, ?3, "
                 "CASE WHEN ?3 = 'filed' THEN ?5 END, "
                 "CASE WHEN ?3 = 'filed' THEN NULLIF(?4, 0) END, NULLIF(?4, 0), ?5, ?5)",
                 "ittii", org_id, quarter, file ? "filed" : "draft", account_id, now);
    if (rc == DB_OK) {
      *id = db_last_id(db);
    }
  } else {
    bool was_filed = strcmp(old, "filed") == 0;
    free(old);
    if (was_filed && !file) {
      *why = "计划已报送，不能改回暂存；修改后请重新报送";
      return DB_CONSTRAINT;
    }
    *id = db_int(db, 0, "SELECT id FROM meeting_plan WHERE org_id = ? AND quarter = ?", "it",
                 org_id, quarter);
    if (was_filed) {
      *amended = true;
      rc = db_exec(db,
                   "UPDATE meeting_plan SET amended_at = ?1, amended_by = NULLIF(?2, 0), "
                   "n_amendments = n_amendments + 1, updated_at = ?1 WHERE id = ?3",
                   "iii", now, account_id, *id);
    } else {
      rc = db_exec(db,
                   "UPDATE meeting_plan SET state = ?1, "
                   "filed_at = CASE WHEN ?1 = 'filed' THEN ?2 END, "
                   "filed_by = CASE WHEN ?1 = 'filed' THEN NULLIF(?3, 0) END, updated_at = ?2 "
                   "WHERE id = ?4",
                   "tiii", file ? "filed" : "draft", now, account_id, *id);
    }
  }
  return rc == DB_OK ? write_items(db, *id, items, n) : rc;
}

json_t *plan_rollup(Db *db, const Scope *scope, int64_t org_id, const char *quarter,
                    const char *from, const char *to) {
  char *lo = org_path_of(db, scope, org_id);
  if (!lo) {
    return json_array();
  }
  char *hi = scope_subtree_hi(lo);
  /* The town of a branch as MEETING_SQL_TOWN_JOIN says. The unary + keeps the planner on
   * meeting_org. */
  json_t *rows = db_rows_json(
      db,
      "SELECT o.id, o.name, o.short_name, o.kind, o.path, " MEETING_SQL_TOWN_COLUMNS
      "p.id AS plan_id, p.state, p.filed_at, p.amended_at, p.n_amendments, "
      "(SELECT group_concat(i.kind || ' ' || i.planned_on, ',') FROM meeting_plan_item i "
      " WHERE i.plan_id = p.id) AS items, "
      "(SELECT group_concat(m.kind || ' ' || substr(m.held_at, 1, 10), ',') FROM meeting m "
      " WHERE m.org_id IN (SELECT o.id UNION ALL SELECT g.id FROM org g "
      "  WHERE g.parent_id = o.id AND g.kind = 'group') "
      " AND m.held_at >= ?3 AND m.held_at < ?4 "
      " AND +m.state NOT IN ('closed', 'returned_rehold')) AS held "
      "FROM org o " MEETING_SQL_TOWN_JOIN
      "LEFT JOIN meeting_plan p ON p.org_id = o.id AND p.quarter = ?5 "
      "WHERE o.path >= ?1 AND o.path < ?2 AND o.dissolved IS NULL "
      "AND o.kind IN " MEETING_SQL_BRANCH_KINDS " "
      "ORDER BY o.path",
      "ttttt", lo, hi, from, to, quarter);
  free(lo);
  free(hi);
  return rows;
}

size_t plan_entries_parse(const char *s, PlanEntry **out) {
  *out = NULL;
  if (!s || !*s) {
    return 0;
  }
  size_t cap = 1;
  for (const char *p = s; *p; p++) {
    cap += *p == ',';
  }
  PlanEntry *e = calloc(cap, sizeof *e);
  if (!e) {
    abort();
  }
  size_t n = 0;
  const char *p = s;
  while (*p && n < cap) {
    const char *end = strchr(p, ',');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    const char *sp = memchr(p, ' ', len);
    if (sp) {
      char code[32];
      size_t cl = (size_t)(sp - p);
      Date d;
      if (cl < sizeof code) {
        memcpy(code, p, cl);
        code[cl] = '\0';
        const MeetingKind *k = meeting_kind_find(code);
        if (k && date_parse(sp + 1, len - cl - 1, &d, NULL) == 0) {
          e[n++] = (PlanEntry){k->id, d, 0};
        }
      }
    }
    p += len;
    if (*p == ',') {
      p++;
    }
  }
  if (n == 0) {
    free(e);
    e = NULL;
  }
  *out = e;
  return n;
}

int plan_status_of(Db *db, const Scope *scope, int64_t org_id, Period q, const MeetingRuleSet *rs,
                   const DateCalendar *cal, Date today, PlanStatus *status, MeetingDeadline *dl) {
  char *path = org_path_of(db, scope, org_id);
  if (!path) {
    return DB_NOTFOUND;
  }
  free(path);
  char key[PERIOD_KEY_SIZE];
  date_period_key(q, key);
  int64_t at = db_int(db, 0,
                      "SELECT filed_at FROM meeting_plan WHERE org_id = ? AND quarter = ? "
                      "AND state = 'filed'",
                      "it", org_id, key);
  Date filed = meeting_entry_date(rs, at);
  *status = plan_status(rs, cal, q, at > 0 ? &filed : NULL, today, dl);
  return DB_OK;
}

/* ---- demo ---- */

json_t *plan_demo_branches(Db *db, const char *from, const char *to) {
  return db_rows_json(
      db,
      "SELECT o.id, o.kind, "
      "EXISTS (SELECT 1 FROM org_tag ot JOIN tag t ON t.id = ot.tag_id "
      " WHERE ot.org_id = o.id AND t.code = 'remote') AS remote, "
      "(SELECT count(DISTINCT p.person_id) FROM position p WHERE p.org_id = o.id "
      " AND p.body IN ('支部委员会', '党委') AND p.end_date IS NULL) >= ?3 AS has_committee, "
      "EXISTS (SELECT 1 FROM org g WHERE g.parent_id = o.id AND g.kind = 'group' "
      " AND g.dissolved IS NULL) AS has_groups, h.held "
      "FROM (SELECT coalesce(CASE WHEN x.kind = 'group' THEN x.parent_id END, x.id) AS branch, "
      " group_concat(m.kind || ' ' || substr(m.held_at, 1, 10), ',') AS held "
      " FROM meeting m JOIN org x ON x.id = m.org_id "
      " WHERE m.held_at >= ?1 AND m.held_at < ?2 AND m.state NOT IN ('closed', 'returned_rehold') "
      " GROUP BY 1) h JOIN org o ON o.id = h.branch "
      "WHERE o.dissolved IS NULL AND o.kind IN ('village', 'community', 'agency', 'enterprise', "
      "'joint', 'general') ORDER BY o.id",
      "ttd", from, to, MEETING_COMMITTEE_MIN);
}

int plan_demo_insert(Db *db, int64_t org_id, const char *quarter, const char *state,
                     int64_t filed_at, int64_t created_at, const PlanItemIn *items, size_t n) {
  int rc = db_exec(db,
                   "INSERT INTO meeting_plan(org_id, quarter, state, filed_at, created_at, "
                   "updated_at) VALUES (?, ?, ?, NULLIF(?, 0), ?, ?)",
                   "ittiii", org_id, quarter, state, filed_at, created_at,
                   filed_at > created_at ? filed_at : created_at);
  if (rc != DB_OK) {
    return rc;
  }
  int64_t id = db_last_id(db);
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) {
    json_array_append_new(a, json_pack("[i, s, s, s?, s?]", (int)i + 1, items[i].kind,
                                       items[i].planned_on, nz(items[i].topic),
                                       nz(items[i].lecturer)));
  }
  char *text = json_dumps(a, JSON_COMPACT);
  json_decref(a);
  if (!text) {
    abort();
  }
  rc = db_exec(db,
               "INSERT INTO meeting_plan_item(plan_id, seq, kind, planned_on, topic, lecturer) "
               "SELECT ?, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), "
               "json_extract(j.value, '$[2]'), json_extract(j.value, '$[3]'), "
               "json_extract(j.value, '$[4]') FROM json_each(?) j",
               "it", id, text);
  free(text);
  return rc;
}
