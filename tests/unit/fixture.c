/*
 * The unit tests' shared plumbing (see fixture.h): temporary directories and databases, orgs,
 * persons and scopes. No tests here.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"

#include "base/banned.h"

void fixture_dir_make(char dir[FIXTURE_DIR_SIZE], const char *tag) {
  int n = snprintf(dir, FIXTURE_DIR_SIZE, "/tmp/dj_test_%s_XXXXXX", tag);
  cr_assert(n > 0 && n < FIXTURE_DIR_SIZE, "directory tag too long: %s", tag);
  cr_assert_not_null(mkdtemp(dir), "mkdtemp %s", dir);
}

void fixture_dir_remove(const char *dir) {
  char cmd[FIXTURE_DIR_SIZE + 16];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  cr_assert_eq(system(cmd), 0, "%s", cmd);
}

const char *fixture_path(const char *dir, const char *name) {
  static char paths[4][128];
  static int next;
  char *p = paths[next++ % 4];
  snprintf(p, sizeof paths[0], "%s/%s", dir, name);
  return p;
}

Db *fixture_db_open(char dir[FIXTURE_DIR_SIZE], const char *tag) {
  fixture_dir_make(dir, tag);
  char path[FIXTURE_DIR_SIZE + 8];
  snprintf(path, sizeof path, "%s/db", dir);
  Db *db = NULL;
  char *err = NULL;
  cr_assert_eq(db_open(&db, path, &err), DB_OK, "%s", err ? err : "");
  return db;
}

void fixture_db_close(Db *db, const char *dir) {
  db_close(db);
  fixture_dir_remove(dir);
}

int64_t fixture_org_new(Db *db, const OrgNew *o) {
  int64_t id = 0;
  cr_assert_eq(org_insert(db, o, FIXTURE_ORG_TIME, &id), DB_OK, "%s: %s", o->name, db_errmsg(db));
  return id;
}

int64_t fixture_org(Db *db, int64_t parent, const char *kind, const char *name, const char *code) {
  OrgNew o = {.parent_id = parent, .kind = kind, .name = name, .short_name = name, .code = code};
  return fixture_org_new(db, &o);
}

int64_t fixture_person(Db *db, const char *name) {
  cr_assert_eq(
      db_exec(db, "INSERT INTO person(name, created_at, updated_at) VALUES (?, 1, 1)", "t", name),
      DB_OK, "%s: %s", name, db_errmsg(db));
  return db_last_id(db);
}

void fixture_people(Db *db, int64_t people[FIXTURE_PEOPLE]) {
  static const char *const names[FIXTURE_PEOPLE] = {"甲", "乙", "丙", "丁"};
  for (int i = 0; i < FIXTURE_PEOPLE; i++) {
    people[i] = fixture_person(db, names[i]);
  }
}

void fixture_town(Db *db, int64_t *town, int64_t *b1, int64_t *b2, int64_t people[FIXTURE_PEOPLE]) {
  int64_t district = fixture_org(db, 0, "district", "区委", "T");
  *town = fixture_org(db, district, "town", "镇党委", "T01");
  *b1 = fixture_org(db, *town, "village", "一村党支部", "T01B01");
  *b2 = fixture_org(db, *town, "village", "二村党支部", "T01B02");
  fixture_people(db, people);
}

void fixture_scope(Db *db, Scope *s, int64_t org) {
  char *path = db_text(db, "SELECT path FROM org WHERE id = ?", "i", org);
  cr_assert_not_null(path, "org %lld", (long long)org);
  scope_add(s, path);
  free(path);
}
