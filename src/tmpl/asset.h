/*
 * Files embedded in the binary at build time by tools/embed.c: templates/, static/ and
 * src/db/schema/. Names are the repository paths ("templates/login.mustache",
 * "static/app.css", "src/db/schema/001_core.sql"); the table is sorted by name.
 * Every asset's bytes are followed by a NUL, so text assets are C strings too.
 */
#ifndef DJ_ASSET_H
#define DJ_ASSET_H

#include <stddef.h>

typedef struct Asset {
  const char *name;
  const unsigned char *data;
  size_t len;
  const char *etag; /* quoted strong ETag of the content, e.g. "\"9f1c…\"" */
} Asset;

extern const Asset dj_assets[];
extern const size_t dj_asset_count;

/* The asset called name, or NULL. */
const Asset *asset_find(const char *name);
/* Calls fn for every asset whose name starts with prefix, in name order. */
void asset_each(const char *prefix, void (*fn)(const Asset *a, void *ctx), void *ctx);

#endif
