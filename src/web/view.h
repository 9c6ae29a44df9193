/*
 * view: small accessors used while building view models (jansson objects) in page handlers.
 */
#ifndef DJ_VIEW_H
#define DJ_VIEW_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* The string member key of o, or dflt when it is missing or not a string. Borrowed from o. */
const char *view_str_or(const json_t *o, const char *key, const char *dflt);
/* The string member key of o, or NULL. */
const char *view_str(const json_t *o, const char *key);
/* The integer member key of o, 0 when missing or null. */
int64_t view_int(const json_t *o, const char *key);
/* Whether member key of o is true or a non-zero integer (a stored 0/1 flag). */
bool view_flag(const json_t *o, const char *key);
/* The link prefix id suffix ("/meetings/" 12 "/edit" → "/meetings/12/edit") as a JSON string;
 * prefix and suffix are the program's own (no escaping), up to 200 bytes in all. */
json_t *view_href(const char *prefix, int64_t id, const char *suffix);
/* A string as JSON, with NULL and "" as null: Mustache sections treat "" as true. */
json_t *view_text(const char *s);
/* The local date (and time) of a Unix time, "YYYY-MM-DD" or "YYYY-MM-DD HH:MM"; null when t
 * is 0 or negative. */
json_t *view_time(int64_t t, bool with_time);

#endif
