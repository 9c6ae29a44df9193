#include "tmpl/asset.h"

#include <string.h>

#include "base/banned.h"

const Asset *asset_find(const char *name) {
  size_t lo = 0, hi = dj_asset_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(name, dj_assets[mid].name);
    if (c == 0) {
      return &dj_assets[mid];
    }
    if (c < 0) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return NULL;
}

void asset_each(const char *prefix, void (*fn)(const Asset *a, void *ctx), void *ctx) {
  size_t n = strlen(prefix);
  for (size_t i = 0; i < dj_asset_count; i++) {
    if (strncmp(dj_assets[i].name, prefix, n) == 0) {
      fn(&dj_assets[i], ctx);
    }
  }
}
