/*
 * Scope: which organisations a signed-in account may see — a set of subtrees, each a range
 * of materialised paths [lo, hi). A subtree rooted at path "/1/4/" is every path p with
 * "/1/4/" <= p < "/1/40" ('0' is the character after '/'), so a store limits any query to
 * a scope with `o.path >= ? AND o.path < ?`, an index range. Administrators get "/" .. "0"
 * (everything); district, town, branch and member accounts the subtree of their org; contact
 * cadres the subtrees of the orgs they are assigned to. Nested ranges are merged away.
 */
#ifndef DJ_SCOPE_H
#define DJ_SCOPE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct Scope {
  size_t n;
  char **lo; /* subtree root paths, e.g. "/1/4/" */
  char **hi; /* exclusive upper bounds, e.g. "/1/40" */
} Scope;

#define SCOPE_INIT {0}

/* Adds the subtree rooted at path (which must start and end with '/'); ignored when an
 * existing range already covers it; removes existing ranges it covers. */
void scope_add(Scope *s, const char *path);
/* The exclusive upper bound of the subtree rooted at path, which ends with '/' ("/1/4/" →
 * "/1/40": the subtree is [path, hi)). malloc'd, the caller frees; out of memory aborts. */
char *scope_subtree_hi(const char *path);
/* Whether path lies in one of the ranges. */
bool scope_contains(const Scope *s, const char *path);
bool scope_is_empty(const Scope *s);
void scope_free(Scope *s);

#endif
