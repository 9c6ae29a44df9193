/*
 * rules_store: the rule set in force in this deployment — the built-in defaults of meeting.h
 * (meeting_rules_default) with the local versions of table rule_version applied in order
 * (011_rule_version.sql). A version is validated by applying it to the set in force before it
 * is stored, so a stored version always applied when it was written. Every page and command
 * that evaluates meetings loads the set through meeting_rules_load.
 */
#ifndef DJ_RULES_STORE_H
#define DJ_RULES_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"
#include "meeting/meeting.h"
#include "web/scope.h"

/* The most lines a version may hold (one key=value each). */
#define RULES_MAX_PAIRS 64

/*
 * Fills rs with the defaults and every stored version applied in order. A stored version that
 * no longer applies (a key this program no longer knows) is skipped with a warning in the log
 * rather than making every page fail. DB_OK or a database error (rs then holds the defaults).
 */
int meeting_rules_load(Db *db, MeetingRuleSet *rs);

/*
 * Stores a new local version: `text` holds key=value lines (blank lines and lines starting
 * with '#' are ignored; at least one pair, at most RULES_MAX_PAIRS). The lines are applied to
 * the set in force; on success the version is stored (created_by 0: the command line) and
 * *id_out set. Returns DB_OK; DB_CONSTRAINT with why set when the version, reason or a line is
 * refused (why: a Chinese reason naming the line, e.g. "第2行：未知的规则项：lecture.cnt") or
 * the version name is taken; or a database error. Nothing is written unless DB_OK.
 */
int meeting_rules_add(Db *db, const char *version, const char *reason, const char *text,
                      int64_t created_by, int64_t now, int64_t *id_out, char why[MEETING_WHY_SIZE]);

/* The stored versions, newest first: [{id, version, reason, pairs, created_by_login,
 * created_at}] (new reference, NULL on failure). */
json_t *meeting_rules_history(Db *db);

/* Whether scope covers every organisation of the deployment (every root org lies in it):
 * only such an account may change rules that hold for all. */
bool rules_scope_is_whole(Db *db, const Scope *scope);

#endif
