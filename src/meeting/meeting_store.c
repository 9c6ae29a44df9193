/*
 * meeting_store.c: the SQL of meeting records. Every query is limited to the caller's scope
 * (`o.path >= lo AND o.path < hi` over the scope's ranges, as member_store.c does). Writes run
 * in the caller's transaction. See meeting_store.h for the contracts.
 */
#include "meeting/meeting_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "org/org.h"
#include "base/banned.h"

/* ---- pure helpers ---- */

static const char *const exclusion_codes[MEETING_EXCLUDE_COUNT] = {
    NULL, "incapable", "abroad", "sentence", "bedridden", "untransferred"};

const char *meeting_exclusion_code(MeetingExclusion e) {
  return (int)e > 0 && (int)e < MEETING_EXCLUDE_COUNT ? exclusion_codes[e] : NULL;
}

MeetingExclusion meeting_exclusion_parse(const char *code) {
  for (int i = 1; code && i < MEETING_EXCLUDE_COUNT; i++) {
    if (strcmp(code, exclusion_codes[i]) == 0) {
      return (MeetingExclusion)i;
    }
  }
  return MEETING_EXCLUDE_NONE;
}

MeetingBody meeting_body_of(const char *kind) {
  return kind && strcmp(kind, "committee") == 0 ? MEETING_BODY_COMMITTEE : MEETING_BODY_CONGRESS;
}

void meeting_attendance_tally(const char *kind, const MeetingAttendeeIn *a, size_t n,
                              MeetingTally *out) {
  MeetingAttendee *t = calloc(n ? n : 1, sizeof *t);
  if (!t) {
    abort();
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (a[i].presence && strcmp(a[i].presence, "attending") == 0) {
      continue;
    }
    t[k].full_member = a[i].full_member;
    t[k].normal_standing = a[i].can_vote || !a[i].full_member;
    t[k].excluded = meeting_exclusion_parse(a[i].exclusion);
    t[k].present = a[i].presence && strcmp(a[i].presence, "present") == 0;
    t[k].vote = MEETING_VOTE_NONE;
    k++;
  }
  meeting_tally(meeting_body_of(kind), t, k, out);
  free(t);
}

void meeting_decision_tally(const char *kind, const MeetingTally *att, const MeetingDecisionIn *d,
                            MeetingTally *out) {
  if (!d->voted) {
    memset(out, 0, sizeof *out);
    out->due = att->due;
    out->present = att->present;
    out->quorum_ok = att->quorum_ok;
    snprintf(out->explain, sizeof out->explain, "未表决");
    return;
  }
  meeting_tally_counts(meeting_body_of(kind), att->due, att->present, d->yes, d->no, d->abstain,
                       out);
}

/* ---- helpers ---- */

/* NULL for NULL or "" (stored as SQL NULL). */
static const char *nz(const char *s) { return s && *s ? s : NULL; }

/* The state of meeting id when its org is in scope; -1 when not found. */
static int state_in_scope(Db *db, const Scope *scope, int64_t id) {
  for (size_t i = 0; i < scope->n; i++) {
    char *s = db_text(db,
                      "SELECT m.state FROM meeting m JOIN org o ON o.id = m.org_id "
                      "WHERE m.id = ? AND o.path >= ? AND o.path < ?",
                      "itt", id, scope->lo[i], scope->hi[i]);
    if (s) {
      int st = meeting_state_parse(s);
      free(s);
      return st;
    }
  }
  return -1;
}

/* Checks that action may take meeting id on: DB_OK with *to (when not NULL) the state it goes
 * to; DB_NOTFOUND when the record is not in scope; DB_CONSTRAINT with *why when role may not
 * take that action from the record's state (meeting_transition). */
static int transition_in_scope(Db *db, const Scope *scope, int64_t id, MeetingAction action,
                               MeetingRole role, MeetingState *to, const char **why) {
  int st = state_in_scope(db, scope, id);
  if (st < 0) {
    return DB_NOTFOUND;
  }
  MeetingState next = meeting_transition((MeetingState)st, action, role, why);
  if (next == MEETING_STATE_INVALID) {
    return DB_CONSTRAINT;
  }
  if (to) {
    *to = next;
  }
  return DB_OK;
}

/* Writes the speeches of in for meeting id, in order (the old ones already deleted). */
static int write_speeches(Db *db, int64_t id, const MeetingInput *in) {
  int rc = DB_OK;
  for (size_t i = 0; rc == DB_OK && i < in->n_speeches; i++) {
    const MeetingSpeechIn *sp = &in->speeches[i];
    rc = db_exec(db,
                 "INSERT INTO meeting_speech(meeting_id, person_id, name, text) "
                 "VALUES (?, NULLIF(?, 0), ?, ?)",
                 "iitt", id, sp->person_id, sp->person_id ? NULL : nz(sp->name), sp->text);
  }
  return rc;
}

/* Writes attendees, decisions and speeches of in for meeting id (after deleting the old
 * ones). */
static int write_children(Db *db, int64_t id, const MeetingInput *in) {
  int rc = db_exec(db, "DELETE FROM meeting_attendee WHERE meeting_id = ?", "i", id);
  if (rc == DB_OK) {
    rc = db_exec(db, "DELETE FROM meeting_decision WHERE meeting_id = ?", "i", id);
  }
  if (rc == DB_OK) {
    rc = db_exec(db, "DELETE FROM meeting_speech WHERE meeting_id = ?", "i", id);
  }
  if (rc == DB_OK) {
    rc = write_speeches(db, id, in);
  }
  for (size_t i = 0; rc == DB_OK && i < in->n_attendees; i++) {
    const MeetingAttendeeIn *a = &in->attendees[i];
    rc = db_exec(db,
                 "INSERT INTO meeting_attendee(meeting_id, person_id, presence, reason, "
                 "exclusion, full_member, can_vote) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 "iitttdd", id, a->person_id, a->presence, nz(a->reason),
                 nz(meeting_exclusion_code(meeting_exclusion_parse(a->exclusion))),
                 a->full_member ? 1 : 0, a->can_vote ? 1 : 0);
  }
  MeetingTally att;
  meeting_attendance_tally(in->kind, in->attendees, in->n_attendees, &att);
  for (size_t i = 0; rc == DB_OK && i < in->n_decisions; i++) {
    const MeetingDecisionIn *d = &in->decisions[i];
    MeetingTally t;
    meeting_decision_tally(in->kind, &att, d, &t);
    if (d->voted) {
      rc = db_exec(db,
                   "INSERT INTO meeting_decision(meeting_id, seq, text, yes, no, abstain, passed, "
                   "quorum_ok) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   "idtddddd", id, (int)i + 1, d->text, d->yes, d->no, d->abstain, t.passed ? 1 : 0,
                   t.quorum_ok ? 1 : 0);
    } else {
      rc = db_exec(db,
                   "INSERT INTO meeting_decision(meeting_id, seq, text, yes, no, abstain, passed, "
                   "quorum_ok) VALUES (?, ?, ?, NULL, NULL, NULL, 0, ?)",
                   "idtd", id, (int)i + 1, d->text, att.quorum_ok ? 1 : 0);
    }
  }
  return rc;
}

/* ---- writes ---- */

int meeting_create(Db *db, const Scope *scope, const MeetingInput *in, int64_t account_id,
                   int64_t now, int64_t *id) {
  *id = 0;
  char *path = org_path_of(db, scope, in->org_id);
  if (!path) {
    return DB_NOTFOUND;
  }
  free(path);
  int rc = db_exec(
      db,
      "INSERT INTO meeting(org_id, kind, held_at, place, host_person_id, recorder_person_id, "
      "lecturer, lecture_title, study_title, study_source, topics, minutes, guests, state, "
      "due_date, entered_by, entered_at, updated_at) "
      "VALUES (?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, 'draft', ?, "
      "NULLIF(?, 0), ?, ?)",
      "ittt"
      "ii"
      "tttttttt"
      "iii",
      in->org_id, in->kind, in->held_at, nz(in->place), in->host_person_id, in->recorder_person_id,
      nz(in->lecturer), nz(in->lecture_title), nz(in->study_title), nz(in->study_source),
      nz(in->topics), nz(in->minutes), nz(in->guests), in->due_date, account_id, now, now);
  if (rc != DB_OK) {
    return rc;
  }
  *id = db_last_id(db);
  return write_children(db, *id, in);
}

/* Replaces the fields (kind, held_at, due_date included) and children of meeting id. */
static int write_content(Db *db, int64_t id, const MeetingInput *in, int64_t now) {
  int rc =
      db_exec(db,
              "UPDATE meeting SET kind = ?, held_at = ?, place = ?, "
              "host_person_id = NULLIF(?, 0), recorder_person_id = NULLIF(?, 0), "
              "lecturer = ?, lecture_title = ?, study_title = ?, study_source = ?, "
              "topics = ?, minutes = ?, guests = ?, due_date = ?, updated_at = ? "
              "WHERE id = ?",
              "tttii"
              "tttttttt"
              "ii",
              in->kind, in->held_at, nz(in->place), in->host_person_id, in->recorder_person_id,
              nz(in->lecturer), nz(in->lecture_title), nz(in->study_title), nz(in->study_source),
              nz(in->topics), nz(in->minutes), nz(in->guests), in->due_date, now, id);
  return rc == DB_OK ? write_children(db, id, in) : rc;
}

int meeting_update(Db *db, const Scope *scope, int64_t id, const MeetingInput *in, int64_t now,
                   const char **why) {
  *why = NULL;
  int rc = transition_in_scope(db, scope, id, MEETING_ACTION_SAVE, MEETING_ROLE_BRANCH, NULL, why);
  return rc == DB_OK ? write_content(db, id, in, now) : rc;
}

int meeting_amend_content(Db *db, const Scope *scope, int64_t id, const MeetingInput *in,
                          MeetingRole role, int64_t now, const char **why) {
  *why = NULL;
  int rc = transition_in_scope(db, scope, id, MEETING_ACTION_AMEND, role, NULL, why);
  if (rc != DB_OK) {
    return rc;
  }
  char *kind = db_text(db, "SELECT kind FROM meeting WHERE id = ?", "i", id);
  char *held = db_text(db, "SELECT held_at FROM meeting WHERE id = ?", "i", id);
  char *due = db_text(db, "SELECT due_date FROM meeting WHERE id = ?", "i", id);
  if (!kind || !held || !due) {
    rc = DB_ERR;
  } else if (!in->kind || strcmp(in->kind, kind) != 0) {
    *why = "会议类型不能修正：审核通过的是这一类会议；如确有错误，请联系乡镇党委";
    rc = DB_CONSTRAINT;
  } else if (!in->held_at || strlen(in->held_at) < 10 || strncmp(in->held_at, held, 10) != 0) {
    *why = "会议日期不能修正：落实情况按这一天统计；如确有错误，请联系乡镇党委";
    rc = DB_CONSTRAINT;
  } else {
    MeetingInput keep = *in;
    keep.due_date = due; /* the deadline stays the one the record was judged by */
    rc = write_content(db, id, &keep, now);
  }
  free(kind);
  free(held);
  free(due);
  return rc;
}

int meeting_rehold(Db *db, const Scope *scope, int64_t old_id, const MeetingInput *in,
                   MeetingRole role, int64_t account_id, int64_t now, int64_t *new_id,
                   const char **why) {
  *why = NULL;
  *new_id = 0;
  MeetingState to;
  int rc = transition_in_scope(db, scope, old_id, MEETING_ACTION_REHOLD, role, &to, why);
  if (rc != DB_OK) {
    return rc;
  }
  if (!db_exists(db, "SELECT 1 FROM meeting WHERE id = ? AND org_id = ? AND kind = ?", "iit",
                 old_id, in->org_id, in->kind ? in->kind : "")) {
    *why = "重新召开的会议应由同一组织召开，会议类型与原会议相同";
    return DB_CONSTRAINT;
  }
  rc = meeting_create(db, scope, in, account_id, now, new_id);
  if (rc == DB_OK) {
    rc = db_exec(db, "UPDATE meeting SET rehold_of = ? WHERE id = ?", "ii", old_id, *new_id);
  }
  if (rc == DB_OK) {
    rc = db_exec(db, "UPDATE meeting SET state = ?, updated_at = ? WHERE id = ?", "tii",
                 meeting_state_code(to), now, old_id);
  }
  return rc;
}

int meeting_apply(Db *db, const Scope *scope, int64_t id, MeetingAction action, MeetingRole role,
                  int64_t account_id, const char *remark, int64_t now, MeetingState *to,
                  const char **why) {
  *why = NULL;
  MeetingState next;
  int rc = transition_in_scope(db, scope, id, action, role, &next, why);
  if (rc != DB_OK) {
    return rc;
  }
  if (to) {
    *to = next;
  }
  const char *code = meeting_state_code(next);
  switch (action) {
  case MEETING_ACTION_SUBMIT:
    return db_exec(db,
                   "UPDATE meeting SET state = ?, submitted_at = COALESCE(submitted_at, ?), "
                   "updated_at = ? WHERE id = ?",
                   "tiii", code, now, now, id);
  case MEETING_ACTION_ACCEPT:
  case MEETING_ACTION_RETURN_REFILL:
  case MEETING_ACTION_RETURN_REHOLD:
    return db_exec(db,
                   "UPDATE meeting SET state = ?, reviewed_by = NULLIF(?, 0), reviewed_at = ?, "
                   "review_remark = ?, updated_at = ? WHERE id = ?",
                   "tiitii", code, account_id, now, nz(remark), now, id);
  default:
    return db_exec(db, "UPDATE meeting SET state = ?, updated_at = ? WHERE id = ?", "tii", code,
                   now, id);
  }
}

/* ---- reads ---- */

json_t *meeting_list(Db *db, const Scope *scope, int64_t org_id, const char *from, const char *to,
                     int limit) {
  return meeting_list_after(db, scope, org_id, from, to, NULL, limit <= 0 ? 500 : limit);
}

size_t meeting_scope_ranges(Db *db, const Scope *scope, int64_t org_id, char **own,
                            char **own_hi) {
  *own = *own_hi = NULL;
  if (!org_id) {
    return scope->n;
  }
  *own = org_path_of(db, scope, org_id);
  if (!*own) {
    return 0;
  }
  *own_hi = scope_subtree_hi(*own);
  return 1;
}

/* Whether a subtree is "wide": walking meeting_held newest first and keeping its rows finds a
 * page after reading about limit × n_all / n_sub entries, while reading the subtree's own
 * records (meeting_org) and sorting them costs about its share of all records, n_sub / n_all of
 * them; the walk wins when n_sub² > limit × n_all (orgs stand in for their records). */
static bool list_wide(Db *db, const char *lo, const char *hi, int limit, int64_t *n_sub,
                      int64_t *n_all) {
  *n_sub = db_int(db, 0, "SELECT count(*) FROM org WHERE path >= ? AND path < ?", "tt", lo, hi);
  *n_all = db_int(db, 0, "SELECT count(*) FROM org", "");
  return *n_sub * *n_sub > (int64_t)limit * *n_all;
}

static int list_row_cmp(const void *a, const void *b) {
  const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
  const char *hx = json_string_value(json_object_get(x, "held_at"));
  const char *hy = json_string_value(json_object_get(y, "held_at"));
  int c = strcmp(hy ? hy : "", hx ? hx : "");
  if (c) {
    return c;
  }
  json_int_t ix = json_integer_value(json_object_get(x, "id"));
  json_int_t iy = json_integer_value(json_object_get(y, "id"));
  return ix < iy ? 1 : ix > iy ? -1 : 0;
}

/* The columns of a listed record (meeting_list), FROM meeting m JOIN org o. */
#define LIST_COLUMNS                                                                               \
  "SELECT m.id, m.org_id, o.name AS org_name, m.kind, m.held_at, m.place, m.state, "               \
  "m.due_date, m.submitted_at, m.entered_at, "                                                     \
  "(SELECT count(*) FROM meeting_attendee a WHERE a.meeting_id = m.id "                            \
  " AND a.presence = 'present') AS n_present, "                                                    \
  "(SELECT count(*) FROM meeting_attendee a WHERE a.meeting_id = m.id "                            \
  " AND a.presence = 'absent') AS n_absent, "                                                      \
  "(SELECT count(*) FROM meeting_decision d WHERE d.meeting_id = m.id) AS n_decisions, "           \
  "(SELECT count(*) FROM meeting_decision d WHERE d.meeting_id = m.id "                            \
  " AND d.yes IS NOT NULL AND d.passed = 0) AS n_failed "                                          \
  "FROM meeting m JOIN org o ON o.id = m.org_id "

json_t *meeting_list_after(Db *db, const Scope *scope, int64_t org_id, const char *from,
                           const char *to, const MeetingCursor *after, int limit) {
  if (limit <= 0 || limit > 500) {
    limit = 500;
  }
  /* (held_at, id) < (upper, upper_id): the cursor or the period's end, whichever is first
   * ((to, 0) excludes held_at = to itself, ids being positive). */
  const char *upper = "9999";
  int64_t upper_id = INT64_MAX;
  if (after) {
    upper = after->held_at;
    upper_id = after->id;
  }
  if (to && strcmp(to, upper) <= 0) {
    upper = to;
    upper_id = 0;
  }
  const char *lower = from ? from : "";
  char *own, *own_hi;
  size_t n = meeting_scope_ranges(db, scope, org_id, &own, &own_hi);
  json_t *out = json_array();
  for (size_t i = 0; i < n; i++) {
    const char *lo = own ? own : scope->lo[i];
    const char *hi = own ? own_hi : scope->hi[i];
    int64_t n_sub, n_all;
    json_t *rows;
    if (list_wide(db, lo, hi, limit, &n_sub, &n_all)) {
      /* newest first along meeting_held (+o.path keeps the planner off the org path index);
       * the counts are computed for the rows returned only */
      rows = db_rows_json(
          db,
          LIST_COLUMNS
          "WHERE +o.path >= ? AND +o.path < ? AND m.held_at >= ? AND (m.held_at, m.id) < (?, ?) "
          "ORDER BY m.held_at DESC, m.id DESC LIMIT ?",
          "tttti"
          "d",
          lo, hi, lower, upper, upper_id, limit);
    } else {
      /* the subtree's orgs, their records from the covering meeting_org (from the period's
       * start; the + keeps the planner off meeting_held), the page's ids sorted; then the
       * page's rows */
      rows = db_rows_json(
          db,
          LIST_COLUMNS
          "WHERE m.id IN (SELECT k.id FROM org ko JOIN meeting k ON k.org_id = ko.id "
          "  WHERE ko.path >= ? AND ko.path < ? AND k.held_at >= ? "
          "  AND (+k.held_at, +k.id) < (?, ?) ORDER BY k.held_at DESC, k.id DESC LIMIT ?) "
          "ORDER BY m.held_at DESC, m.id DESC",
          "tttti"
          "d",
          lo, hi, lower, upper, upper_id, limit);
    }
    if (!rows) {
      json_decref(out);
      out = NULL;
      break;
    }
    json_array_extend(out, rows);
    json_decref(rows);
  }
  free(own);
  free(own_hi);
  if (out && n > 1) {
    /* several ranges (a contact cadre's orgs): merge them into one order, keep limit */
    size_t k = json_array_size(out);
    json_t **a = malloc((k ? k : 1) * sizeof *a);
    if (!a) {
      abort();
    }
    for (size_t i = 0; i < k; i++) {
      a[i] = json_incref(json_array_get(out, i));
    }
    qsort(a, k, sizeof *a, list_row_cmp);
    json_array_clear(out);
    for (size_t i = 0; i < k; i++) {
      if (i < (size_t)limit) {
        json_array_append(out, a[i]);
      }
      json_decref(a[i]);
    }
    free(a);
  }
  return out;
}

int64_t meeting_list_count(Db *db, const Scope *scope, int64_t org_id, const char *from,
                           const char *to, bool *exact) {
  *exact = true;
  const char *lower = from ? from : "";
  const char *upper = to ? to : "9999";
  char *own, *own_hi;
  size_t n = meeting_scope_ranges(db, scope, org_id, &own, &own_hi);
  int64_t total = 0;
  for (size_t i = 0; i < n && total >= 0; i++) {
    const char *lo = own ? own : scope->lo[i];
    const char *hi = own ? own_hi : scope->hi[i];
    int64_t n_sub, n_all, c;
    if (list_wide(db, lo, hi, MEETING_LIST_PAGE, &n_sub, &n_all) && n_all > 0) {
      /* all records (the period's from meeting_held; without one, the largest id: deleted
       * records make it high) times the subtree's share of the orgs */
      c = from || to
              ? db_int(db, -1, "SELECT count(*) FROM meeting WHERE held_at >= ? AND held_at < ?",
                       "tt", lower, upper)
              : db_int(db, -1, "SELECT COALESCE(max(id), 0) FROM meeting", "");
      if (c >= 0) {
        c = (int64_t)((double)c * (double)n_sub / (double)n_all + 0.5);
      }
      *exact = false;
    } else {
      /* the subtree's orgs, then their records on the covering meeting_org: the + keeps the
       * planner off meeting_held, which would read every record of the period */
      c = db_int(db, -1,
                 "SELECT count(*) FROM org o JOIN meeting m ON m.org_id = o.id "
                 "WHERE o.path >= ? AND o.path < ? AND +m.held_at >= ? AND +m.held_at < ?",
                 "tttt", lo, hi, lower, upper);
    }
    total = c < 0 ? -1 : total + c;
  }
  free(own);
  free(own_hi);
  return total;
}

json_t *meeting_get(Db *db, const Scope *scope, int64_t id) {
  json_t *m = NULL;
  for (size_t i = 0; !m && i < scope->n; i++) {
    json_t *rows = db_rows_json(
        db,
        "SELECT m.*, o.name AS org_name, o.path AS org_path, o.kind AS org_kind, "
        "hp.name AS host_name, rp.name AS recorder_name, ea.login AS entered_login, "
        "ea.name AS entered_name, ra.login AS reviewed_login, ra.name AS reviewed_name "
        "FROM meeting m JOIN org o ON o.id = m.org_id "
        "LEFT JOIN person hp ON hp.id = m.host_person_id "
        "LEFT JOIN person rp ON rp.id = m.recorder_person_id "
        "LEFT JOIN account ea ON ea.id = m.entered_by "
        "LEFT JOIN account ra ON ra.id = m.reviewed_by "
        "WHERE m.id = ? AND o.path >= ? AND o.path < ?",
        "itt", id, scope->lo[i], scope->hi[i]);
    if (rows && json_array_size(rows) > 0) {
      m = json_incref(json_array_get(rows, 0));
    }
    json_decref(rows);
  }
  if (!m) {
    return NULL;
  }
  json_t *att = db_rows_json(db,
                             "SELECT a.person_id, p.name, a.presence, a.reason, a.exclusion, "
                             "a.full_member, a.can_vote FROM meeting_attendee a "
                             "JOIN person p ON p.id = a.person_id WHERE a.meeting_id = ? "
                             "ORDER BY p.name, p.id",
                             "i", id);
  json_t *dec = db_rows_json(db,
                             "SELECT id, seq, text, yes, no, abstain, passed, quorum_ok "
                             "FROM meeting_decision WHERE meeting_id = ? ORDER BY seq",
                             "i", id);
  json_t *sp = db_rows_json(db,
                            "SELECT s.id, s.person_id, COALESCE(p.name, s.name) AS name, "
                            "s.person_id IS NULL AS guest, s.text FROM meeting_speech s "
                            "LEFT JOIN person p ON p.id = s.person_id WHERE s.meeting_id = ? "
                            "ORDER BY s.id",
                            "i", id);
  /* the records of a rehold chain belong to the same org, so both lie in the scope */
  json_t *links = db_rows_json(db,
                               "SELECT (SELECT o.held_at FROM meeting o WHERE o.id = m.rehold_of) "
                               "AS rehold_of_held_at, (SELECT n.id FROM meeting n "
                               "WHERE n.rehold_of = m.id ORDER BY n.id LIMIT 1) AS reheld_by "
                               "FROM meeting m WHERE m.id = ?",
                               "i", id);
  if (!att || !dec || !sp || !links || json_array_size(links) != 1) {
    json_decref(att);
    json_decref(dec);
    json_decref(sp);
    json_decref(links);
    json_decref(m);
    return NULL;
  }
  json_object_set_new(m, "attendees", att);
  json_object_set_new(m, "decisions", dec);
  json_object_set_new(m, "speeches", sp);
  json_object_update(m, json_array_get(links, 0));
  json_decref(links);
  return m;
}

/* ---- compliance ---- */

json_t *meeting_compliance_branches(Db *db, const Scope *scope, int64_t org_id, const char *from,
                                    const char *to, const char *today) {
  char *lo = org_path_of(db, scope, org_id);
  if (!lo) {
    return json_array();
  }
  char *hi = scope_subtree_hi(lo);
  /* The town of a branch as MEETING_SQL_TOWN_JOIN says. The unary + keeps the planner on
   * meeting_org (org_id, held_at) instead of scanning meeting_state. */
  json_t *rows = db_rows_json(
      db,
      "SELECT o.id, o.name, o.short_name, o.kind, o.path, " MEETING_SQL_TOWN_COLUMNS
      "(SELECT count(DISTINCT p.person_id) FROM position p WHERE p.org_id = o.id "
      " AND p.body IN ('支部委员会', '党委') AND p.start_date <= ?5 "
      " AND (p.end_date IS NULL OR p.end_date >= ?5)) >= 3 AS has_committee, "
      "EXISTS (SELECT 1 FROM org g WHERE g.parent_id = o.id AND g.kind = 'group' "
      " AND g.dissolved IS NULL) AS has_groups, "
      "(SELECT group_concat(tg.code, ' ') FROM org_tag ot JOIN tag tg ON tg.id = ot.tag_id "
      " WHERE ot.org_id = o.id) AS tags, "
      "(SELECT group_concat(m.kind || ' ' || substr(m.held_at, 1, 10), ',') FROM meeting m "
      " WHERE m.org_id IN (SELECT o.id UNION ALL SELECT g.id FROM org g "
      "  WHERE g.parent_id = o.id AND g.kind = 'group') "
      " AND m.held_at >= ?3 AND m.held_at < ?4 "
      " AND +m.state IN ('submitted', 'accepted', 'returned_refill')) AS held "
      "FROM org o " MEETING_SQL_TOWN_JOIN
      "WHERE o.path >= ?1 AND o.path < ?2 AND o.dissolved IS NULL "
      "AND o.kind IN " MEETING_SQL_BRANCH_KINDS " "
      "ORDER BY o.path",
      "ttttt", lo, hi, from, to, today);
  free(lo);
  free(hi);
  return rows;
}

/* One counted meeting before it is grouped: branch index, kind, date. */
typedef struct ScanHeld {
  uint32_t branch;
  uint8_t kind;
  Date date;
} ScanHeld;

typedef struct BranchKey {
  int64_t id;
  size_t index;
} BranchKey;

static int branch_key_cmp(const void *a, const void *b) {
  const BranchKey *x = a, *y = b;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* The day of held_at ('YYYY-MM-DD HH:MM'): the common form read directly, anything else as
 * date_parse reads its first 10 bytes (as the "held" column's readers do). */
static bool held_day(const char *s, Date *d) {
  if (!s || strlen(s) < 10) {
    return false;
  }
  bool plain = s[4] == '-' && s[7] == '-';
  for (int i = 0; plain && i < 10; i++) {
    plain = i == 4 || i == 7 || (s[i] >= '0' && s[i] <= '9');
  }
  if (plain) {
    Date x = {(s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'),
              (s[5] - '0') * 10 + (s[6] - '0'), (s[8] - '0') * 10 + (s[9] - '0')};
    if (x.y >= DATE_PARSE_YEAR_MIN && x.y <= DATE_PARSE_YEAR_MAX && date_is_valid(x)) {
      *d = x;
      return true;
    }
  }
  const char *why = NULL;
  return date_parse(s, 10, d, &why) == 0;
}

void meeting_compliance_set_free(MeetingComplianceSet *s) {
  json_decref(s->branches);
  free(s->held);
  free(s->first);
  memset(s, 0, sizeof *s);
}

int meeting_compliance_scan(Db *db, const Scope *scope, int64_t org_id, const char *from,
                            const char *to, const char *today, MeetingComplianceSet *out) {
  memset(out, 0, sizeof *out);
  out->first = calloc(1, sizeof *out->first);
  if (!out->first) {
    abort();
  }
  char *lo = org_path_of(db, scope, org_id);
  if (!lo) {
    out->branches = json_array();
    return DB_OK;
  }
  char *hi = scope_subtree_hi(lo);
  /* The branches with their own facts, as in meeting_compliance_branches. */
  out->branches = db_rows_json(
      db,
      "SELECT o.id, o.name, o.short_name, o.kind, o.path, " MEETING_SQL_TOWN_COLUMNS
      "(SELECT count(DISTINCT p.person_id) FROM position p WHERE p.org_id = o.id "
      " AND p.body IN ('支部委员会', '党委') AND p.start_date <= ?3 "
      " AND (p.end_date IS NULL OR p.end_date >= ?3)) >= 3 AS has_committee, "
      "EXISTS (SELECT 1 FROM org g WHERE g.parent_id = o.id AND g.kind = 'group' "
      " AND g.dissolved IS NULL) AS has_groups, "
      "(SELECT group_concat(tg.code, ' ') FROM org_tag ot JOIN tag tg ON tg.id = ot.tag_id "
      " WHERE ot.org_id = o.id) AS tags "
      "FROM org o " MEETING_SQL_TOWN_JOIN
      "WHERE o.path >= ?1 AND o.path < ?2 AND o.dissolved IS NULL "
      "AND o.kind IN " MEETING_SQL_BRANCH_KINDS " "
      "ORDER BY o.path",
      "ttt", lo, hi, today);
  if (!out->branches) {
    free(lo);
    free(hi);
    meeting_compliance_set_free(out);
    return DB_ERR;
  }
  size_t n = json_array_size(out->branches);
  out->n = n;
  BranchKey *keys = calloc(n ? n : 1, sizeof *keys);
  size_t *first = calloc(n * MEETING_KIND_COUNT + 1, sizeof *first);
  if (!keys || !first) {
    abort();
  }
  free(out->first);
  out->first = first;
  for (size_t i = 0; i < n; i++) {
    keys[i].id = json_integer_value(json_object_get(json_array_get(out->branches, i), "id"));
    keys[i].index = i;
  }
  qsort(keys, n, sizeof *keys, branch_key_cmp);
  /* Every counted meeting of the subtree's branches and 党小组 in one pass (org_kind for the
   * orgs, then the covering meeting_org); a group's meetings count for its branch. The unary
   * + keeps the planner off meeting_state. */
  DbStmt *st = db_prepare(
      db, "SELECT CASE WHEN o.kind = 'group' THEN o.parent_id ELSE o.id END, m.kind, m.held_at "
          "FROM org o JOIN meeting m ON m.org_id = o.id "
          "WHERE o.path >= ? AND o.path < ? AND o.kind IN ('village', 'community', 'agency', "
          "'enterprise', 'joint', 'general', 'group') AND m.held_at >= ? AND m.held_at < ? "
          "AND +m.state IN ('submitted', 'accepted', 'returned_refill')");
  db_bind_types(st, "tttt", lo, hi, from, to);
  ScanHeld *tmp = NULL;
  size_t nt = 0, cap = 0;
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    BranchKey k = {.id = db_col_int(st, 0)};
    const BranchKey *b = n ? bsearch(&k, keys, n, sizeof *keys, branch_key_cmp) : NULL;
    const MeetingKind *kind = meeting_kind_find(db_col_text(st, 1));
    Date d;
    if (!b || !kind || !held_day(db_col_text(st, 2), &d)) {
      continue; /* a dissolved branch's groups; a record the rules cannot read */
    }
    if (nt == cap) {
      cap = cap ? cap * 2 : 1024;
      ScanHeld *a = realloc(tmp, cap * sizeof *a);
      if (!a) {
        abort();
      }
      tmp = a;
    }
    tmp[nt++] = (ScanHeld){(uint32_t)b->index, (uint8_t)kind->id, d};
  }
  db_finalize(st);
  free(keys);
  free(lo);
  free(hi);
  if (rc != DB_DONE) {
    free(tmp);
    meeting_compliance_set_free(out);
    return rc < 0 ? rc : DB_ERR;
  }
  /* Counting sort by (branch, kind) into held. */
  out->held = malloc((nt ? nt : 1) * sizeof *out->held);
  if (!out->held) {
    abort();
  }
  for (size_t i = 0; i < nt; i++) {
    first[tmp[i].branch * MEETING_KIND_COUNT + tmp[i].kind + 1]++;
  }
  for (size_t i = 1; i <= n * MEETING_KIND_COUNT; i++) {
    first[i] += first[i - 1];
  }
  size_t *next = malloc((n * MEETING_KIND_COUNT + 1) * sizeof *next);
  if (!next) {
    abort();
  }
  memcpy(next, first, (n * MEETING_KIND_COUNT + 1) * sizeof *next);
  for (size_t i = 0; i < nt; i++) {
    size_t slot = tmp[i].branch * MEETING_KIND_COUNT + tmp[i].kind;
    out->held[next[slot]++] = (MeetingHeld){(MeetingKindId)tmp[i].kind, tmp[i].date};
  }
  free(next);
  free(tmp);
  return DB_OK;
}

/* ---- demo and check ---- */

int meeting_demo_insert(Db *db, const MeetingInput *in, const char *state, int64_t entered_at,
                        int64_t submitted_at, int64_t reviewed_at, int64_t *id) {
  *id = 0;
  int rc = db_exec(
      db,
      "INSERT INTO meeting(org_id, kind, held_at, place, host_person_id, recorder_person_id, "
      "lecturer, lecture_title, study_title, study_source, topics, minutes, guests, state, "
      "due_date, submitted_at, reviewed_at, entered_at, updated_at) "
      "VALUES (?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "NULLIF(?, 0), NULLIF(?, 0), ?, ?)",
      "ittt"
      "ii"
      "ttttttttt"
      "iiii",
      in->org_id, in->kind, in->held_at, nz(in->place), in->host_person_id, in->recorder_person_id,
      nz(in->lecturer), nz(in->lecture_title), nz(in->study_title), nz(in->study_source),
      nz(in->topics), nz(in->minutes), nz(in->guests), state, in->due_date, submitted_at,
      reviewed_at, entered_at,
      reviewed_at > entered_at    ? reviewed_at
      : submitted_at > entered_at ? submitted_at
                                  : entered_at);
  if (rc != DB_OK) {
    return rc;
  }
  *id = db_last_id(db);
  /* the attendance in one statement (the demo writes hundreds of thousands of rows) */
  json_t *a = json_array();
  for (size_t i = 0; i < in->n_attendees; i++) {
    const MeetingAttendeeIn *t = &in->attendees[i];
    json_array_append_new(
        a, json_pack("[I, s, s?, s?, i, i]", (json_int_t)t->person_id, t->presence, nz(t->reason),
                     meeting_exclusion_code(meeting_exclusion_parse(t->exclusion)),
                     t->full_member ? 1 : 0, t->can_vote ? 1 : 0));
  }
  char *text = json_dumps(a, JSON_COMPACT);
  json_decref(a);
  if (!text) {
    abort();
  }
  rc = db_exec(db,
               "INSERT INTO meeting_attendee(meeting_id, person_id, presence, reason, exclusion, "
               "full_member, can_vote) SELECT ?, json_extract(j.value, '$[0]'), "
               "json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'), "
               "json_extract(j.value, '$[3]'), json_extract(j.value, '$[4]'), "
               "json_extract(j.value, '$[5]') FROM json_each(?) j",
               "it", *id, text);
  free(text);
  if (rc == DB_OK) {
    rc = write_speeches(db, *id, in);
  }
  MeetingTally att;
  meeting_attendance_tally(in->kind, in->attendees, in->n_attendees, &att);
  for (size_t i = 0; rc == DB_OK && i < in->n_decisions; i++) {
    const MeetingDecisionIn *d = &in->decisions[i];
    MeetingTally t;
    meeting_decision_tally(in->kind, &att, d, &t);
    rc = db_exec(db,
                 "INSERT INTO meeting_decision(meeting_id, seq, text, yes, no, abstain, passed, "
                 "quorum_ok) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 "idtddddd", *id, (int)i + 1, d->text, d->yes, d->no, d->abstain, t.passed ? 1 : 0,
                 t.quorum_ok ? 1 : 0);
  }
  return rc;
}

json_t *meeting_demo_orgs(Db *db) {
  return db_rows_json(db,
                      "SELECT o.id, o.parent_id, o.code, o.kind, "
                      "EXISTS (SELECT 1 FROM org_tag ot JOIN tag t ON t.id = ot.tag_id "
                      " WHERE ot.org_id = o.id AND t.code = 'remote') AS remote "
                      "FROM org o WHERE o.kind IN ('village', 'community', 'agency', "
                      "'enterprise', 'joint', 'group') AND o.dissolved IS NULL ORDER BY o.id",
                      "");
}

json_t *meeting_demo_roster(Db *db, int64_t org_id) {
  return db_rows_json(db,
                      "SELECT p.id AS person_id, p.name, m.status = '正式党员' AS full, "
                      "(m.status = '正式党员' AND m.standing = '正常') AS can_vote, "
                      "(SELECT ps.title FROM position ps WHERE ps.person_id = p.id "
                      " AND ps.org_id = m.org_id AND ps.body = '支部委员会' "
                      " AND ps.end_date IS NULL ORDER BY ps.id LIMIT 1) AS title "
                      "FROM member m JOIN person p ON p.id = m.person_id "
                      "WHERE m.org_id = ? ORDER BY p.id",
                      "i", org_id);
}

int meeting_check_orgs(Db *db, const char *lo, const char *hi, MeetingCheckOrg **out, size_t *n) {
  *out = NULL;
  *n = 0;
  DbStmt *st = db_prepare(db, "SELECT o.id, COALESCE(o.parent_id, 0), COALESCE(o.code, ''), "
                              "o.kind, "
                              "(SELECT count(*) FROM position ps WHERE ps.org_id = o.id "
                              " AND ps.body = '支部委员会' AND ps.end_date IS NULL), "
                              "EXISTS (SELECT 1 FROM org c WHERE c.parent_id = o.id "
                              " AND c.kind = 'group' AND c.dissolved IS NULL), o.path "
                              "FROM org o WHERE o.path >= ? AND o.path < ? "
                              "AND o.dissolved IS NULL ORDER BY o.path");
  db_bind_types(st, "tt", lo, hi);
  size_t cap = 0;
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 64;
      MeetingCheckOrg *a = realloc(*out, cap * sizeof *a);
      if (!a) {
        abort();
      }
      *out = a;
    }
    MeetingCheckOrg *o = &(*out)[(*n)++];
    memset(o, 0, sizeof *o);
    o->id = db_col_int(st, 0);
    o->parent_id = db_col_int(st, 1);
    snprintf(o->code, sizeof o->code, "%s", db_col_text(st, 2) ? db_col_text(st, 2) : "");
    snprintf(o->kind, sizeof o->kind, "%s", db_col_text(st, 3) ? db_col_text(st, 3) : "");
    snprintf(o->path, sizeof o->path, "%s", db_col_text(st, 6) ? db_col_text(st, 6) : "");
    o->has_committee = db_col_int(st, 4) >= MEETING_COMMITTEE_MIN;
    o->has_groups = db_col_int(st, 5) != 0;
  }
  db_finalize(st);
  if (rc != DB_DONE) {
    free(*out);
    *out = NULL;
    *n = 0;
    return rc < 0 ? rc : DB_ERR;
  }
  return DB_OK;
}

/* Lines of the minutes that start with a speaker: a name of 1-6 characters, then "：". */
static int speaker_lines(const char *z) {
  int n = 0;
  while (z && *z) {
    const char *end = strchr(z, '\n');
    size_t len = end ? (size_t)(end - z) : strlen(z);
    const char *colon = strstr(z, "：");
    if (colon && colon < z + len && colon > z && colon - z <= 18) {
      n++;
    }
    z = end ? end + 1 : NULL;
  }
  return n;
}

int meeting_check_rows(Db *db, const char *lo, const char *hi, const char *from, const char *to,
                       int64_t entered_from, int64_t entered_to, MeetingCheckRow **out, size_t *n) {
  *out = NULL;
  *n = 0;
  DbStmt *st = db_prepare(
      db, "SELECT m.id, m.org_id, m.kind, m.held_at, m.entered_at, "
          "COALESCE(m.submitted_at, 0), m.state, m.study_title IS NOT NULL, m.minutes, "
          "COALESCE(m.recorder_person_id, 0), "
          "(SELECT count(*) FROM meeting_decision d WHERE d.meeting_id = m.id), "
          "(SELECT count(*) FROM meeting_decision d WHERE d.meeting_id = m.id "
          " AND d.yes IS NOT NULL AND d.passed = 0), "
          "(SELECT count(*) FROM meeting_attendee a WHERE a.meeting_id = m.id "
          " AND a.presence <> 'attending' AND a.can_vote = 1 AND a.exclusion IS NULL), "
          "(SELECT count(*) FROM meeting_attendee a WHERE a.meeting_id = m.id "
          " AND a.presence = 'present' AND a.can_vote = 1 AND a.exclusion IS NULL), "
          "(SELECT count(*) FROM meeting_speech s WHERE s.meeting_id = m.id), "
          "EXISTS (SELECT 1 FROM meeting_attendee a WHERE a.meeting_id = m.id "
          " AND a.person_id = m.recorder_person_id AND a.presence = 'absent') "
          "FROM meeting m JOIN org o ON o.id = m.org_id "
          "WHERE o.path >= ? AND o.path < ? AND ((m.held_at >= ? AND m.held_at < ?) "
          "OR (m.entered_at >= ? AND m.entered_at < ?)) ORDER BY m.org_id, m.held_at, m.id");
  db_bind_types(st, "ttttii", lo, hi, from, to, entered_from, entered_to);
  size_t cap = 0;
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    const MeetingKind *k = meeting_kind_find(db_col_text(st, 2));
    const char *held = db_col_text(st, 3);
    Date d;
    const char *why = NULL;
    if (!k || !held || strlen(held) < 10 || date_parse(held, 10, &d, &why) != 0) {
      continue;
    }
    if (*n == cap) {
      cap = cap ? cap * 2 : 256;
      MeetingCheckRow *a = realloc(*out, cap * sizeof *a);
      if (!a) {
        abort();
      }
      *out = a;
    }
    MeetingCheckRow *r = &(*out)[(*n)++];
    memset(r, 0, sizeof *r);
    r->id = db_col_int(st, 0);
    r->org_id = db_col_int(st, 1);
    r->kind = k->id;
    r->held = d;
    r->entered_at = db_col_int(st, 4);
    r->submitted_at = db_col_int(st, 5);
    r->state = meeting_state_parse(db_col_text(st, 6));
    r->has_study = db_col_int(st, 7) != 0;
    r->n_speakers = speaker_lines(db_col_text(st, 8)) + (int)db_col_int(st, 14);
    r->recorder_id = db_col_int(st, 9);
    r->n_decisions = (int)db_col_int(st, 10);
    r->n_failed = (int)db_col_int(st, 11);
    r->due = (int)db_col_int(st, 12);
    r->present = (int)db_col_int(st, 13);
    r->recorder_absent = db_col_int(st, 15) != 0;
  }
  db_finalize(st);
  if (rc != DB_DONE) {
    free(*out);
    *out = NULL;
    *n = 0;
    return rc < 0 ? rc : DB_ERR;
  }
  return DB_OK;
}

char *meeting_check_org_path(Db *db, const char *code) {
  return db_text(db, "SELECT path FROM org WHERE code = ?", "t", code);
}
