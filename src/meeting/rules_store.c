/*
 * rules_store.c: the local rule versions (rule_version) and the rule set in force.
 */
#include "meeting/rules_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/log.h"
#include "base/utf8.h"
#include "base/banned.h"

/* The key=value lines of text: pointers into the copy `own` (modified), each with its line
 * number. Returns the number of pairs, or -1 with why set (too many lines). */
static int split_pairs(char *own, const char *pairs[RULES_MAX_PAIRS], int lines[RULES_MAX_PAIRS],
                       char why[MEETING_WHY_SIZE]) {
  int n = 0, line = 0;
  for (char *s = own; s;) {
    char *nl = strchr(s, '\n');
    if (nl) {
      *nl = '\0';
    }
    line++;
    size_t len = strlen(s);
    if (len && s[len - 1] == '\r') {
      s[--len] = '\0';
    }
    const char *p = s;
    while (*p == ' ' || *p == '\t') {
      p++;
    }
    if (*p && *p != '#') {
      if (n == RULES_MAX_PAIRS) {
        snprintf(why, MEETING_WHY_SIZE, "一个版本最多 %d 项规则", RULES_MAX_PAIRS);
        return -1;
      }
      pairs[n] = p;
      lines[n] = line;
      n++;
    }
    s = nl ? nl + 1 : NULL;
  }
  return n;
}

/* Applies the lines of text to rs one by one (all or nothing), naming the line of a refusal.
 * Returns the number of pairs applied, or -1 with why set. */
static int apply_text(MeetingRuleSet *rs, const char *version, const char *reason, const char *text,
                      char why[MEETING_WHY_SIZE]) {
  char *own = strdup(text ? text : "");
  if (!own) {
    snprintf(why, MEETING_WHY_SIZE, "内存不足");
    return -1;
  }
  const char *pairs[RULES_MAX_PAIRS];
  int lines[RULES_MAX_PAIRS];
  int n = split_pairs(own, pairs, lines, why);
  MeetingRuleSet tmp = *rs;
  /* the version and reason first (their own messages), then each line */
  int rc = n < 0 ? -1 : meeting_rules_apply(&tmp, version, reason, NULL, 0, why);
  for (int i = 0; rc == 0 && i < n; i++) {
    char one[MEETING_WHY_SIZE];
    if (meeting_rules_apply(&tmp, version, reason, &pairs[i], 1, one) != 0) {
      const char *msg = strstr(one, "项："); /* drop the engine's "第1项：" */
      msg = msg ? msg + strlen("项：") : one;
      snprintf(why, MEETING_WHY_SIZE, "第%d行：%.*s", lines[i],
               (int)utf8_prefix(msg, strlen(msg), MEETING_WHY_SIZE - 32), msg);
      rc = -1;
    }
  }
  if (rc == 0 && n == 0) {
    snprintf(why, MEETING_WHY_SIZE, "至少填写一项规则（每行一项，如 lecture.count=1）");
    rc = -1;
  }
  free(own);
  if (rc == 0) {
    *rs = tmp;
  }
  return rc == 0 ? n : -1;
}

int meeting_rules_load(Db *db, MeetingRuleSet *rs) {
  meeting_rules_default(rs);
  DbStmt *st = db_prepare(db, "SELECT version, reason, pairs FROM rule_version "
                              "WHERE domain = 'meeting' ORDER BY id");
  if (!st) {
    return DB_ERR;
  }
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    const char *version = db_col_text(st, 0), *reason = db_col_text(st, 1);
    char why[MEETING_WHY_SIZE];
    if (apply_text(rs, version, reason, db_col_text(st, 2), why) < 0) {
      log_error("rule version %s skipped: %s", version ? version : "", why);
    }
  }
  db_finalize(st);
  if (rc != DB_DONE) {
    meeting_rules_default(rs);
    return rc < 0 ? rc : DB_ERR;
  }
  return DB_OK;
}

int meeting_rules_add(Db *db, const char *version, const char *reason, const char *text,
                      int64_t created_by, int64_t now, int64_t *id_out,
                      char why[MEETING_WHY_SIZE]) {
  why[0] = '\0';
  MeetingRuleSet rs;
  int rc = db_begin(db);
  if (rc != DB_OK) {
    return rc;
  }
  rc = meeting_rules_load(db, &rs);
  if (rc == DB_OK && apply_text(&rs, version, reason, text, why) < 0) {
    rc = DB_CONSTRAINT;
  }
  if (rc == DB_OK && db_exists(db,
                               "SELECT 1 FROM rule_version WHERE domain = 'meeting' AND "
                               "version = ?",
                               "t", rs.version)) {
    snprintf(why, MEETING_WHY_SIZE, "规则版本“%s”已经存在，请换一个版本名", rs.version);
    rc = DB_CONSTRAINT;
  }
  /* stored as validated: the trimmed version and reason, the non-blank lines */
  Buf pairs = BUF_INIT;
  if (rc == DB_OK) {
    char *own = strdup(text);
    const char *p[RULES_MAX_PAIRS];
    int lines[RULES_MAX_PAIRS];
    int n = own ? split_pairs(own, p, lines, why) : -1;
    for (int i = 0; i < n; i++) {
      buf_printf(&pairs, "%s%s", i ? "\n" : "", p[i]);
    }
    free(own);
    rc = n > 0 ? DB_OK : DB_ERR;
  }
  if (rc == DB_OK) {
    rc = created_by > 0
             ? db_exec(db,
                       "INSERT INTO rule_version(domain, version, reason, pairs, created_by, "
                       "created_at) VALUES ('meeting', ?, ?, ?, ?, ?)",
                       "tttii", rs.version, rs.reason, buf_cstr(&pairs), created_by, now)
             : db_exec(db,
                       "INSERT INTO rule_version(domain, version, reason, pairs, created_by, "
                       "created_at) VALUES ('meeting', ?, ?, ?, NULL, ?)",
                       "ttti", rs.version, rs.reason, buf_cstr(&pairs), now);
  }
  buf_free(&pairs);
  if (rc == DB_OK && id_out) {
    *id_out = db_last_id(db);
  }
  if (rc == DB_OK) {
    return db_commit(db);
  }
  db_rollback(db);
  return rc;
}

json_t *meeting_rules_history(Db *db) {
  return db_rows_json(db,
                      "SELECT v.id, v.version, v.reason, v.pairs, v.created_at, "
                      "a.login AS created_by_login FROM rule_version v "
                      "LEFT JOIN account a ON a.id = v.created_by "
                      "WHERE v.domain = 'meeting' ORDER BY v.id DESC",
                      "");
}

bool rules_scope_is_whole(Db *db, const Scope *scope) {
  DbStmt *st = db_prepare(db, "SELECT path FROM org WHERE parent_id IS NULL");
  if (!st) {
    return false;
  }
  bool whole = true;
  int rc;
  while (whole && (rc = db_step(st)) == DB_ROW) {
    whole = scope_contains(scope, db_col_text(st, 0));
  }
  db_finalize(st);
  return whole;
}
