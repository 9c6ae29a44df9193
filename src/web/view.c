#include "web/view.h"

#include "base/banned.h"

const char *view_str_or(const json_t *o, const char *key, const char *dflt) {
  const char *s = json_string_value(json_object_get(o, key));
  return s ? s : dflt;
}

const char *view_str(const json_t *o, const char *key) { return view_str_or(o, key, NULL); }

int64_t view_int(const json_t *o, const char *key) {
  return json_integer_value(json_object_get(o, key));
}

json_t *view_text(const char *s) { return s && *s ? json_string(s) : json_null(); }
