#include "web/scope.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

static bool in_range(const char *lo, const char *hi, const char *path) {
  return strcmp(path, lo) >= 0 && strcmp(path, hi) < 0;
}

char *scope_subtree_hi(const char *path) {
  size_t n = strlen(path);
  assert(n > 0 && path[n - 1] == '/');
  char *hi = malloc(n + 1);
  if (!hi) {
    abort();
  }
  memcpy(hi, path, n + 1);
  hi[n - 1] = '0';
  return hi;
}

void scope_add(Scope *s, const char *path) {
  size_t n = strlen(path);
  if (n == 0 || path[0] != '/' || path[n - 1] != '/' || scope_contains(s, path)) {
    return;
  }
  char *hi = strdup(path);
  if (!hi) {
    abort();
  }
  hi[n - 1] = '0';
  for (size_t i = 0; i < s->n;) {
    if (in_range(path, hi, s->lo[i])) {
      free(s->lo[i]);
      free(s->hi[i]);
      s->lo[i] = s->lo[s->n - 1];
      s->hi[i] = s->hi[s->n - 1];
      s->n--;
    } else {
      i++;
    }
  }
  s->lo = realloc(s->lo, (s->n + 1) * sizeof *s->lo);
  s->hi = realloc(s->hi, (s->n + 1) * sizeof *s->hi);
  if (!s->lo || !s->hi) {
    abort();
  }
  s->lo[s->n] = strdup(path);
  s->hi[s->n] = hi;
  if (!s->lo[s->n]) {
    abort();
  }
  s->n++;
}

bool scope_contains(const Scope *s, const char *path) {
  for (size_t i = 0; path && i < s->n; i++) {
    if (in_range(s->lo[i], s->hi[i], path)) {
      return true;
    }
  }
  return false;
}

bool scope_is_empty(const Scope *s) { return s->n == 0; }

void scope_free(Scope *s) {
  for (size_t i = 0; i < s->n; i++) {
    free(s->lo[i]);
    free(s->hi[i]);
  }
  free(s->lo);
  free(s->hi);
  *s = (Scope)SCOPE_INIT;
}
