/*
 * The plumbing the unit tests share: a temporary directory per test, a fresh database in it
 * (created and migrated by db_open), orgs, persons and scopes to test a store with, and the
 * tear-down. Every helper asserts with Criterion, so a failure ends the current test (or its
 * .init / .fini) with the reason; none returns an error.
 */
#ifndef DJ_TEST_FIXTURE_H
#define DJ_TEST_FIXTURE_H

#include <stdint.h>

#include "db/db.h"
#include "org/org.h"
#include "web/scope.h"

/* The size of a directory name buffer for fixture_dir_make / fixture_db_open. */
#define FIXTURE_DIR_SIZE 64
/* The time (Unix seconds) fixture_org and fixture_org_new record as created_at. */
#define FIXTURE_ORG_TIME 1700000000

/* Makes a fresh directory /tmp/dj_test_<tag>_XXXXXX and writes its name into dir. */
void fixture_dir_make(char dir[FIXTURE_DIR_SIZE], const char *tag);
/* Removes dir and everything in it. */
void fixture_dir_remove(const char *dir);
/* "<dir>/<name>" in a static buffer, valid until the 4th next call. */
const char *fixture_path(const char *dir, const char *name);

/* Makes a fresh directory as fixture_dir_make and opens a new database "<dir>/db" in it (the
 * schema migrated). The caller ends it with fixture_db_close. */
Db *fixture_db_open(char dir[FIXTURE_DIR_SIZE], const char *tag);
/* Closes db and removes its directory dir. */
void fixture_db_close(Db *db, const char *dir);

/* Inserts the org o (created at FIXTURE_ORG_TIME) and returns its id. */
int64_t fixture_org_new(Db *db, const OrgNew *o);
/* Inserts an org under parent (0: a root) with short name = name and code (may be NULL), as
 * fixture_org_new, and returns its id. */
int64_t fixture_org(Db *db, int64_t parent, const char *kind, const char *name, const char *code);
/* Inserts a person with only a name (created at 1) and returns its id. */
int64_t fixture_person(Db *db, const char *name);
/* How many persons fixture_people inserts. */
#define FIXTURE_PEOPLE 4
/* Inserts the persons 甲 乙 丙 丁 (as fixture_person) and writes their ids. */
void fixture_people(Db *db, int64_t people[FIXTURE_PEOPLE]);
/* Inserts the tree the meeting store tests share: 区委 (code T) ─ 镇党委 (T01) ─ 一村党支部
 * (T01B01) and 二村党支部 (T01B02), and the persons of fixture_people; writes the ids of the
 * town, the two branches and the persons. */
void fixture_town(Db *db, int64_t *town, int64_t *b1, int64_t *b2, int64_t people[FIXTURE_PEOPLE]);
/* Adds the subtree of org (which must exist) to s; the caller frees s with scope_free. */
void fixture_scope(Db *db, Scope *s, int64_t org);

#endif
