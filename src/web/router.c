/*
 * router.c: route matching and parameter validation (Kore-style: only declared, valid
 * parameters reach the handler; invalid ones leave a Chinese message in r->errors).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/utf8.h"
#include "web/server_priv.h"
#include "base/banned.h"

/* Matches pattern against path segment by segment. ":name" captures one segment; a final
 * "*" captures the rest. Captures go to params (may be NULL). */
static bool pattern_match(const char *pattern, const char *path, Form *params) {
  const char *p = pattern, *s = path;
  while (*p && *s) {
    if (*p == ':') {
      const char *pe = strchr(p, '/');
      const char *se = strchr(s, '/');
      size_t pn = pe ? (size_t)(pe - p) : strlen(p);
      size_t sn = se ? (size_t)(se - s) : strlen(s);
      if (sn == 0) {
        return false;
      }
      if (params) {
        char name[64];
        size_t nn = pn - 1 < sizeof name - 1 ? pn - 1 : sizeof name - 1;
        memcpy(name, p + 1, nn);
        name[nn] = '\0';
        form_add(params, name, s, sn);
      }
      p += pn;
      s += sn;
      continue;
    }
    if (*p == '*' && p[1] == '\0') {
      if (params) {
        form_add(params, "*", s, strlen(s));
      }
      return true;
    }
    if (*p != *s) {
      return false;
    }
    p++;
    s++;
  }
  return *p == '\0' && *s == '\0';
}

const Route *web_route_match(const Route *routes, const char *method, const char *path,
                             Form *path_params, Buf *allow) {
  for (const Route *rt = routes; rt->method; rt++) {
    if (!pattern_match(rt->pattern, path, NULL)) {
      continue;
    }
    if (strcmp(rt->method, method) == 0) {
      pattern_match(rt->pattern, path, path_params);
      return rt;
    }
    if (!strstr(buf_cstr(allow), rt->method)) {
      buf_printf(allow, "%s%s", allow->len ? ", " : "", rt->method);
      if (strcmp(rt->method, "GET") == 0) {
        buf_puts(allow, ", HEAD");
      }
    }
  }
  return NULL;
}

/* ---- validators: return NULL when valid (and set *norm to the value to keep, malloc'd),
 * or a Chinese message ---- */

static size_t char_count(const char *s) {
  size_t n = 0;
  for (; *s; s++) {
    n += ((unsigned char)*s & 0xC0) != 0x80;
  }
  return n;
}

static const char *check_line(const RouteParam *p, const char *v, bool multi, char **norm) {
  char *t = utf8_trim(v, strlen(v));
  if (!t) {
    return "含有无效字符（不是 UTF-8 文本）";
  }
  for (const unsigned char *c = (const unsigned char *)t; *c; c++) {
    if ((*c < 0x20 && !(multi && (*c == '\n' || *c == '\r' || *c == '\t'))) || *c == 0x7f) {
      free(t);
      return multi ? "含有控制字符" : "不能包含换行或控制字符";
    }
  }
  int64_t max = p->max ? p->max : (multi ? 20000 : 200);
  if ((int64_t)char_count(t) > max) {
    free(t);
    return multi ? "内容过长" : "内容过长";
  }
  *norm = t;
  return NULL;
}

static const char *check_int(const RouteParam *p, const char *v, char **norm) {
  char *f = utf8_fold(v, strlen(v));
  if (!f) {
    return "不是有效的数字";
  }
  char *t = utf8_trim(f, strlen(f));
  free(f);
  if (!t) {
    return "不是有效的数字";
  }
  errno = 0;
  char *end;
  long long n = strtoll(t, &end, 10);
  bool ok = *t && !*end && errno == 0 && (isdigit((unsigned char)t[0]) || t[0] == '-');
  if (!ok) {
    free(t);
    return "不是有效的整数";
  }
  if (p->kind == P_ID && (n <= 0 || n > ((long long)1 << 53))) {
    free(t);
    return "编号无效";
  }
  if (p->kind == P_INT && (p->min || p->max) && (n < p->min || n > p->max)) {
    free(t);
    return "数值超出允许范围";
  }
  free(t);
  char out[32];
  snprintf(out, sizeof out, "%lld", n);
  *norm = strdup(out);
  return NULL;
}

static const char *check_login(const char *v, char **norm) {
  size_t n = strlen(v);
  if (n < 2 || n > 32) {
    return "应为 2–32 个字符";
  }
  for (size_t i = 0; i < n; i++) {
    char c = v[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) {
      return "只能使用小写字母、数字和 _ . -";
    }
  }
  *norm = strdup(v);
  return NULL;
}

static const char *check_date(const char *v, char **norm) {
  Date d;
  const char *why = NULL;
  if (date_parse(v, strlen(v), &d, &why) < 0) {
    return why ? why : "日期无效";
  }
  char out[16];
  snprintf(out, sizeof out, "%04d-%02d-%02d", d.y, d.m, d.d);
  *norm = strdup(out);
  return NULL;
}

static const char *check_local_url(const char *v, char **norm) {
  if (v[0] != '/' || v[1] == '/' || v[1] == '\\' || strlen(v) > 1000) {
    return "跳转地址无效";
  }
  /* No control characters at all: browsers delete tabs and newlines inside a URL, so
   * "/<TAB>/evil.example" would become "//evil.example" (another site). */
  for (const unsigned char *c = (const unsigned char *)v; *c; c++) {
    if (*c < 0x20 || *c == 0x7f) {
      return "跳转地址无效";
    }
  }
  *norm = strdup(v);
  return NULL;
}

static const char *validate(const RouteParam *p, const char *v, char **norm) {
  switch (p->kind) {
  case P_ID:
  case P_INT:
    return check_int(p, v, norm);
  case P_LINE:
    return check_line(p, v, false, norm);
  case P_TEXT:
    return check_line(p, v, true, norm);
  case P_LOGIN:
    return check_login(v, norm);
  case P_PASSWORD:
    if (!utf8_valid(v, strlen(v)) || char_count(v) > 128) {
      return "密码过长或含有无效字符";
    }
    *norm = strdup(v);
    return NULL;
  case P_DATE:
    return check_date(v, norm);
  case P_ENUM:
    for (const char *const *c = p->choices; c && *c; c++) {
      if (strcmp(*c, v) == 0) {
        *norm = strdup(v);
        return NULL;
      }
    }
    return "不是允许的选项";
  case P_BOOL:
    *norm = strdup(strcmp(v, "1") == 0 || strcmp(v, "on") == 0 || strcmp(v, "true") == 0 ? "1"
                                                                                        : "0");
    return NULL;
  case P_LOCAL_URL:
    return check_local_url(v, norm);
  case P_FILE:
    return "应为上传的文件";
  }
  return "参数无效";
}

static void add_error(Req *r, const RouteParam *p, const char *msg) {
  Buf b = BUF_INIT;
  buf_printf(&b, "「%s」%s", p->label ? p->label : p->name, msg);
  json_object_set_new(r->errors, p->name, json_string(buf_cstr(&b)));
  buf_free(&b);
}

void web_params_validate(Req *r, const Form *path_params) {
  const Route *rt = r->route;
  const Form *raw = &req_priv(r)->raw;
  for (const RouteParam *p = rt->params; p && p->name; p++) {
    const FormField *f = form_field(path_params, p->name);
    if (!f) {
      f = form_field(raw, p->name);
    }
    if (p->kind == P_FILE) {
      if (f && f->filename && f->value_len > 0) {
        form_add_file(&r->params, p->name, f->filename, f->content_type, f->value, f->value_len);
      } else if (p->required) {
        add_error(r, p, "请选择要上传的文件");
      }
      continue;
    }
    if (f && f->filename) {
      add_error(r, p, "不应是文件");
      continue;
    }
    const char *v = f ? f->value : NULL;
    bool empty = !v || !*v;
    if (empty && p->kind == P_BOOL) {
      form_add(&r->params, p->name, "0", 1);
      continue;
    }
    if (empty) {
      if (p->required) {
        add_error(r, p, "不能为空");
      }
      continue;
    }
    if (memchr(v, '\0', f->value_len)) {
      add_error(r, p, "含有无效字符");
      continue;
    }
    char *norm = NULL;
    const char *msg = validate(p, v, &norm);
    if (msg) {
      add_error(r, p, msg);
      continue;
    }
    if (*norm || !p->required) {
      form_add(&r->params, p->name, norm, strlen(norm));
    } else {
      add_error(r, p, "不能为空");
    }
    free(norm);
  }
}

/* ---- accessors for handlers ---- */

const char *req_param(Req *r, const char *name) { return form_get(&r->params, name); }

int64_t req_param_int(Req *r, const char *name, int64_t dflt) {
  const char *v = req_param(r, name);
  return v ? strtoll(v, NULL, 10) : dflt;
}

const FormField *req_file(Req *r, const char *name) {
  const FormField *f = form_field(&r->params, name);
  return f && f->filename ? f : NULL;
}

bool req_has_errors(Req *r) { return json_object_size(r->errors) > 0; }

void req_error(Req *r, const char *name, const char *message) {
  json_object_set_new(r->errors, name, json_string(message));
}
