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

/* Writes attendees and decisions of in for meeting id (after deleting the old ones). */
static int write_children(Db *db, int64_t id, const MeetingInput *in) {
  int rc = db_exec(db, "DELETE FROM meeting_attendee WHERE meeting_id = ?", "i", id);
  if (rc == DB_OK) {
    rc = db_exec(db, "DELETE FROM meeting_decision WHERE meeting_id = ?", "i", id);
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

int meeting_update(Db *db, const Scope *scope, int64_t id, const MeetingInput *in, int64_t now,
                   const char **why) {
  *why = NULL;
  int st = state_in_scope(db, scope, id);
  if (st < 0) {
    return DB_NOTFOUND;
  }
  if (meeting_transition((MeetingState)st, MEETING_ACTION_SAVE, MEETING_ROLE_BRANCH, why) ==
      MEETING_STATE_INVALID) {
    return DB_CONSTRAINT;
  }
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

int meeting_apply(Db *db, const Scope *scope, int64_t id, MeetingAction action, MeetingRole role,
                  int64_t account_id, const char *remark, int64_t now, MeetingState *to,
                  const char **why) {
  *why = NULL;
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
  if (limit <= 0 || limit > 500) {
    limit = 500;
  }
  json_t *out = json_array();
  const char *lo1 = NULL;
  char *own = NULL, *own_hi = NULL;
  size_t n = scope->n;
  if (org_id) {
    own = org_path_of(db, scope, org_id);
    if (!own) {
      return out;
    }
    size_t len = strlen(own);
    own_hi = malloc(len + 1);
    if (!own_hi) {
      abort();
    }
    memcpy(own_hi, own, len + 1);
    own_hi[len - 1] = '0';
    lo1 = own;
    n = 1;
  }
  for (size_t i = 0; i < n; i++) {
    const char *lo = lo1 ? lo1 : scope->lo[i];
    const char *hi = lo1 ? own_hi : scope->hi[i];
    json_t *rows = db_rows_json(
        db,
        "SELECT m.id, m.org_id, o.name AS org_name, m.kind, m.held_at, m.place, m.state, "
        "m.due_date, m.submitted_at, m.entered_at, "
        "(SELECT count(*) FROM meeting_attendee a WHERE a.meeting_id = m.id "
        " AND a.presence = 'present') AS n_present, "
        "(SELECT count(*) FROM meeting_attendee a WHERE a.meeting_id = m.id "
        " AND a.presence = 'absent') AS n_absent, "
        "(SELECT count(*) FROM meeting_decision d WHERE d.meeting_id = m.id) AS n_decisions, "
        "(SELECT count(*) FROM meeting_decision d WHERE d.meeting_id = m.id "
        " AND d.yes IS NOT NULL AND d.passed = 0) AS n_failed "
        "FROM meeting m JOIN org o ON o.id = m.org_id "
        "WHERE o.path >= ? AND o.path < ? AND (? IS NULL OR m.held_at >= ?) "
        "AND (? IS NULL OR m.held_at < ?) ORDER BY m.held_at DESC, m.id DESC LIMIT ?",
        "ttttttd", lo, hi, from, from, to, to, limit);
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
  return out;
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
  if (!att || !dec) {
    json_decref(att);
    json_decref(dec);
    json_decref(m);
    return NULL;
  }
  json_object_set_new(m, "attendees", att);
  json_object_set_new(m, "decisions", dec);
  return m;
}
