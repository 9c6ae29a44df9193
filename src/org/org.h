/*
 * org: the organisation tree every record hangs on (区委 → 乡镇党委 → 支部 → 党小组),
 * stored with a materialised path ("/1/4/17/") so that a subtree is one index range.
 *
 * Rules (org_rules.c) are pure; the store (org_store.c) is the only SQL; pages
 * (org_pages.c, org_change_pages.c) validate → store/rules → view model. Every store
 * function that reads or writes org data takes the caller's Scope and limits its SQL by it:
 * an org outside the scope is reported as not found (DB_NOTFOUND / NULL), never as
 * forbidden.
 */
#ifndef DJ_ORG_H
#define DJ_ORG_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "db/db.h"
#include "web/scope.h"

/* ---- rules (org_rules.c) ---- */

typedef enum OrgLevel {
  ORG_LEVEL_COMMITTEE, /* 区(县)委 / 党(工)委, 乡镇(街道)党委 */
  ORG_LEVEL_GENERAL,   /* 党总支 */
  ORG_LEVEL_BRANCH,    /* 党支部 of any kind */
  ORG_LEVEL_GROUP,     /* 党小组 */
} OrgLevel;

typedef struct OrgKind {
  const char *code;   /* "district", "town", "general", "village", "community", "agency",
                         "enterprise", "joint", "group" */
  const char *label;  /* "区(县)委/党(工)委" … */
  OrgLevel level;
  int term_years;     /* default committee term; 0: no committee (党小组) */
  const char *parents; /* space-separated kinds it may be placed under; "" = root only */
} OrgKind;

extern const OrgKind org_kinds[]; /* terminated by code NULL */
const OrgKind *org_kind_find(const char *code);

/* NULL when an org of kind child may be placed under an org of kind parent (parent NULL:
 * as a root), else a Chinese reason ("党小组只能设在党支部下"). */
const char *org_check_parent(const char *child, const char *parent);
/* Whether path is ancestor's path or below it (moving an org under itself is a cycle). */
bool org_path_within(const char *path, const char *ancestor);
/* Checks the dates of an org (each may be NULL): founded ≤ today, dissolved ≥ founded and
 * ≤ today, term_start ≥ founded. NULL or a Chinese reason; *field names the field at fault. */
const char *org_check_dates(const Date *founded, const Date *dissolved, const Date *term_start,
                            Date today, const char **field);
/* The committee's 换届 due date: term_start + years (years 0: the kind's default). false
 * when the kind has no committee. */
bool org_term_due(const char *kind, Date term_start, int years, Date *due);

/* Structure findings for a branch (DOMAIN.md §1): more than 50 members; ≥7 正式党员 but no
 * 支委会; fewer than 3 正式党员 in a branch that is not a 联合党支部. */
typedef struct OrgCounts {
  int members;      /* 党员 (正式 + 预备) */
  int full_members; /* 正式党员 */
  bool has_committee;
} OrgCounts;
typedef enum OrgFlag {
  ORG_FLAG_TOO_BIG = 1,          /* >50 members: split, or form a 党总支 */
  ORG_FLAG_NEEDS_COMMITTEE = 2,  /* ≥7 正式党员 and no 支委会 */
  ORG_FLAG_TOO_SMALL = 4,        /* <3 正式党员 outside a 联合党支部 */
} OrgFlag;
int org_flags(const char *kind, const OrgCounts *c);
/* Chinese text of one flag. */
const char *org_flag_text(OrgFlag flag);

/* ---- store (org_store.c) ---- */

typedef struct OrgNew {
  int64_t parent_id; /* 0 for a root */
  const char *kind;
  const char *name;  /* full name as on the seal */
  const char *short_name;
  const char *code;  /* may be NULL */
  const char *founded, *term_start; /* 'YYYY-MM-DD' or NULL */
  int term_years;    /* 0: the kind's default */
} OrgNew;

/* Inserts an org under its parent and sets its path (no scope check: callers check the
 * parent is in scope with org_get first, or are the demo generator). DB_OK with *id. */
int org_insert(Db *db, const OrgNew *o, int64_t now, int64_t *id);
/* Whether any org exists. */
bool org_any(Db *db);

/* One org in scope as JSON (id, parent_id, path, kind, name, short_name, code, founded,
 * dissolved, term_start, term_years, tags [{code, label}], n_children, n_subtree — both
 * counting orgs not dissolved — and n_children_all, dissolved children included), or NULL. */
json_t *org_get(Db *db, const Scope *scope, int64_t id);
/* The path of an org in scope, or NULL (malloc'd). */
char *org_path_of(Db *db, const Scope *scope, int64_t id);
/* The org a page opens on when none is asked for: `preferred` (an account's own org) when it
 * is in scope, else the first root of the scope (a contact cadre's own org is not in its
 * scope). As org_get, or NULL when the scope is empty. */
json_t *org_get_or_first(Db *db, const Scope *scope, int64_t preferred);
/* The short names of the org at path and every org below it, as {"<id>": short_name}: for
 * pages listing many orgs of one subtree (path from org_get, so already in scope). */
json_t *org_subtree_names(Db *db, const char *path);
/* Children of parent_id in scope (parent_id 0: the scope's roots), ordered by kind (towns,
 * 党总支, communities, villages, enterprises, joint, agencies, groups) then code and id, each
 * with n_children and n_subtree; dissolved ones only when asked. */
json_t *org_children(Db *db, const Scope *scope, int64_t parent_id, bool with_dissolved);
/* Adds "tags" ([{code, label}], as org_get) to each org object of the array orgs (rows
 * already read through the caller's scope). */
void org_add_tags(Db *db, json_t *orgs);
/* Ancestors of the org at path that are in scope, root first (id, short_name). */
json_t *org_ancestors(Db *db, const Scope *scope, const char *path);
/* Orgs in scope whose name or short name contains q (case as typed), at most limit. */
json_t *org_search(Db *db, const Scope *scope, const char *q, int limit);
/* Updates the editable fields of an org in scope; DB_NOTFOUND when out of scope. */
typedef struct OrgEdit {
  const char *name, *short_name, *code, *founded, *term_start;
  int term_years;
} OrgEdit;
int org_update(Db *db, const Scope *scope, int64_t id, const OrgEdit *e, int64_t now);
/* Moves the subtree of id under new_parent (both in scope): every path below is rewritten
 * in one statement. Callers run it in a transaction and check the rules first. */
int org_move(Db *db, const Scope *scope, int64_t id, int64_t new_parent, int64_t now);
/* Marks an org and its whole subtree dissolved on date (those not dissolved earlier). */
int org_dissolve(Db *db, const Scope *scope, int64_t id, const char *date, int64_t now);
/* The latest founding date ('YYYY-MM-DD', malloc'd) among the orgs below id that are not
 * dissolved, or NULL when none has one (or id is not in scope). A subtree may not be
 * dissolved before it. */
char *org_subtree_latest_founded(Db *db, const Scope *scope, int64_t id);
/* Replaces the tags of an org (codes of the tag table); unknown codes are DB_NOTFOUND. */
int org_set_tags(Db *db, int64_t id, const char *const *codes, size_t n);
/* Every tag (code, label). */
json_t *org_tag_list(Db *db);
/* Adds a contact assignment (kind: village_leader, resident_cadre, instructor,
 * section_chief). */
int org_assign_contact(Db *db, int64_t account_id, int64_t org_id, const char *kind,
                       const char *start_date);
/* Org id for a code (no scope: for the command line), 0 when none. */
int64_t org_by_code(Db *db, const char *code);

#endif
