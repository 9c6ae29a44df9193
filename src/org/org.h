/*
 * org: the organisation tree every record hangs on (区委 → 乡镇党委 → 支部 → 党小组),
 * stored with a materialised path ("/1/4/17/") so that a subtree is one index range.
 */
#ifndef DJ_ORG_H
#define DJ_ORG_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

typedef struct OrgNew {
  int64_t parent_id; /* 0 for a root */
  const char *kind;  /* "district", "town", "village", "community", "agency", … */
  const char *name;  /* full name as on the seal */
  const char *short_name;
  const char *code;  /* may be NULL */
} OrgNew;

/* Whether any org exists. */
bool org_any(Db *db);
/* Inserts an org under its parent and sets its path; DB_OK with *id, or an error. */
int org_insert(Db *db, const OrgNew *o, int64_t now, int64_t *id);

#endif
