#include "web/view.h"

#include <stdio.h>
#include <time.h>

#include "base/banned.h"

const char *view_str_or(const json_t *o, const char *key, const char *dflt) {
  const char *s = json_string_value(json_object_get(o, key));
  return s ? s : dflt;
}

const char *view_str(const json_t *o, const char *key) { return view_str_or(o, key, NULL); }

int64_t view_int(const json_t *o, const char *key) {
  return json_integer_value(json_object_get(o, key));
}

bool view_flag(const json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  return json_is_true(v) || (json_is_integer(v) && json_integer_value(v) != 0);
}

json_t *view_href(const char *prefix, int64_t id, const char *suffix) {
  char s[200];
  snprintf(s, sizeof s, "%s%lld%s", prefix, (long long)id, suffix);
  return json_string(s);
}

json_t *view_text(const char *s) { return s && *s ? json_string(s) : json_null(); }

json_t *view_time(int64_t t, bool with_time) {
  if (t <= 0) {
    return json_null();
  }
  time_t tt = (time_t)t;
  struct tm tm;
  char s[32];
  if (!localtime_r(&tt, &tm) ||
      !strftime(s, sizeof s, with_time ? "%Y-%m-%d %H:%M" : "%Y-%m-%d", &tm)) {
    return json_null();
  }
  return json_string(s);
}
