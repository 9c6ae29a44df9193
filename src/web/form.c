/*
 * form.c — request body and header decoders. Contracts are in form.h.
 *
 * Owner: web layer. Pure: no I/O, no globals but the read-only form_default_limits.
 *
 * The multipart decoder treats the body as if it began with CRLF, so that every delimiter,
 * the first included, is "\r\n--" boundary. Since a boundary cannot contain CR, a partial
 * match that fails can be re-emitted from the delimiter text itself and scanning restarts
 * at the failing byte: no bytes are buffered across chunks except the match length.
 */
#include "web/form.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

const FormLimits form_default_limits = {
    .max_fields = 1000,
    .max_field_bytes = (size_t)64 * 1024,
    .max_file_bytes = (size_t)20 * 1024 * 1024,
    .max_total_bytes = (size_t)25 * 1024 * 1024,
};

/* ---- small helpers ------------------------------------------------------------------ */

static void *form_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    abort();
  }
  return p;
}

static char *form_strndup(const char *s, size_t n) {
  char *p = form_xmalloc(n + 1);
  if (n) {
    memcpy(p, s, n);
  }
  p[n] = '\0';
  return p;
}

static bool form_is_ows(char c) { return c == ' ' || c == '\t'; }

static int form_lower(int c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }

/* True when s[0..n) equals the NUL-terminated word, ASCII case-insensitively. */
static bool form_ieq(const char *s, size_t n, const char *word) {
  size_t wn = strlen(word);
  if (n != wn) {
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    if (form_lower((unsigned char)s[i]) != form_lower((unsigned char)word[i])) {
      return false;
    }
  }
  return true;
}

/* Narrows [*b, *e) by removing spaces and tabs at both ends. */
static void form_trim(const char **b, const char **e) {
  while (*b < *e && form_is_ows(**b)) {
    (*b)++;
  }
  while (*e > *b && form_is_ows((*e)[-1])) {
    (*e)--;
  }
}

static int form_hex(int c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  c = form_lower(c);
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}

/* Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF). A static copy so that
 * this module does not depend on base/utf8.h. */
static bool form_utf8_valid(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    unsigned c = p[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c == 0xE0) {
      len = 3;
      lo = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      len = 3;
    } else if (c == 0xED) {
      len = 3;
      hi = 0x9F;
    } else if (c == 0xF0) {
      len = 4;
      lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
      len = 4;
    } else if (c == 0xF4) {
      len = 4;
      hi = 0x8F;
    } else {
      return false;
    }
    if (n - i < len || p[i + 1] < lo || p[i + 1] > hi) {
      return false;
    }
    for (size_t k = 2; k < len; k++) {
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) {
        return false;
      }
    }
    i += len;
  }
  return true;
}

/* ---- Form ----------------------------------------------------------------------------- */

static FormField *form_push(Form *f) {
  if (f->n == f->alloc) {
    size_t alloc = f->alloc ? f->alloc * 2 : 16;
    FormField *a = realloc(f->a, alloc * sizeof *a);
    if (!a) {
      abort();
    }
    f->a = a;
    f->alloc = alloc;
  }
  FormField *x = &f->a[f->n++];
  *x = (FormField){0};
  return x;
}

static void form_field_free(FormField *x) {
  free(x->name);
  free(x->value);
  free(x->filename);
  free(x->content_type);
  *x = (FormField){0};
}

/* Frees the fields from index n on. */
static void form_truncate(Form *f, size_t n) {
  while (f->n > n) {
    form_field_free(&f->a[--f->n]);
  }
}

const FormField *form_next(const Form *f, const char *name, const FormField *prev) {
  size_t i = 0;
  if (prev) {
    assert(prev >= f->a && prev < f->a + f->n);
    i = (size_t)(prev - f->a) + 1;
  }
  for (; i < f->n; i++) {
    if (!name || strcmp(f->a[i].name, name) == 0) {
      return &f->a[i];
    }
  }
  return NULL;
}

const FormField *form_field(const Form *f, const char *name) { return form_next(f, name, NULL); }

const char *form_get(const Form *f, const char *name) {
  const FormField *x = form_field(f, name);
  return x ? x->value : NULL;
}

size_t form_count(const Form *f, const char *name) {
  size_t n = 0;
  for (const FormField *x = form_next(f, name, NULL); x; x = form_next(f, name, x)) {
    n++;
  }
  return n;
}

void form_free(Form *f) {
  form_truncate(f, 0);
  free(f->a);
  *f = (Form){0};
}

/* ---- application/x-www-form-urlencoded ------------------------------------------------ */

static const char form_why_escape[] = "表单编码错误：%后不是两位十六进制数";
static const char form_why_nul[] = "表单编码错误：含有空字符";
static const char form_why_utf8[] = "表单编码错误：内容不是有效的UTF-8";
static const char form_why_total[] = "表单内容过大";
static const char form_why_fields[] = "表单字段过多";
static const char form_why_name[] = "表单字段名过长";
static const char form_why_value[] = "表单字段值过长";

/* Decodes s[0..n) ('+' and %XX) into *b (reset first). 0 or FORM_EBAD with *why. */
static int form_url_decode(Buf *b, const char *s, size_t n, const char **why) {
  buf_reset(b);
  size_t i = 0;
  while (i < n) {
    size_t run = i;
    while (run < n && s[run] != '+' && s[run] != '%' && s[run] != '\0') {
      run++;
    }
    if (buf_append(b, s + i, run - i) < 0) {
      *why = form_why_total;
      return FORM_ETOOBIG;
    }
    i = run;
    if (i == n) {
      break;
    }
    char c = s[i];
    if (c == '\0') {
      *why = form_why_nul;
      return FORM_EBAD;
    }
    if (c == '+') {
      c = ' ';
      i++;
    } else {
      if (n - i < 3 || form_hex((unsigned char)s[i + 1]) < 0 ||
          form_hex((unsigned char)s[i + 2]) < 0) {
        *why = form_why_escape;
        return FORM_EBAD;
      }
      c = (char)(form_hex((unsigned char)s[i + 1]) * 16 + form_hex((unsigned char)s[i + 2]));
      if (c == '\0') {
        *why = form_why_nul;
        return FORM_EBAD;
      }
      i += 3;
    }
    if (buf_putc(b, c) < 0) {
      *why = form_why_total;
      return FORM_ETOOBIG;
    }
  }
  if (!form_utf8_valid(buf_cstr(b), b->len)) {
    *why = form_why_utf8;
    return FORM_EBAD;
  }
  return 0;
}

int form_parse_urlencoded(Form *out, const char *s, size_t n, const FormLimits *lim,
                          const char **why) {
  const char *reason = NULL;
  int rc = 0;
  size_t start_n = out->n, count = 0;
  Buf name = BUF_INIT, value = BUF_INIT;
  buf_set_cap(&name, SIZE_MAX);
  buf_set_cap(&value, SIZE_MAX);
  if (!lim) {
    lim = &form_default_limits;
  }
  if (n == 0) {
    return 0;
  }
  if (n > lim->max_total_bytes) {
    rc = FORM_ETOOBIG;
    reason = form_why_total;
    goto out;
  }
  const char *p = s, *end = s + n;
  while (p < end) {
    const char *amp = memchr(p, '&', (size_t)(end - p));
    const char *pair_end = amp ? amp : end;
    if (pair_end > p) {
      const char *eq = memchr(p, '=', (size_t)(pair_end - p));
      const char *name_end = eq ? eq : pair_end;
      rc = form_url_decode(&name, p, (size_t)(name_end - p), &reason);
      if (rc < 0) {
        goto out;
      }
      if (name.len > FORM_MAX_NAME_BYTES) {
        rc = FORM_ETOOBIG;
        reason = form_why_name;
        goto out;
      }
      buf_reset(&value);
      if (eq) {
        rc = form_url_decode(&value, eq + 1, (size_t)(pair_end - eq - 1), &reason);
        if (rc < 0) {
          goto out;
        }
      }
      if (value.len > lim->max_field_bytes) {
        rc = FORM_ETOOBIG;
        reason = form_why_value;
        goto out;
      }
      if (count >= lim->max_fields) {
        rc = FORM_ETOOBIG;
        reason = form_why_fields;
        goto out;
      }
      FormField *x = form_push(out);
      x->value_len = value.len;
      x->name = buf_take(&name);
      x->value = buf_take(&value);
      count++;
    }
    p = amp ? amp + 1 : end;
  }
out:
  buf_free(&name);
  buf_free(&value);
  if (rc < 0) {
    form_truncate(out, start_n);
    if (out->n == 0) {
      form_free(out); /* the array too, so that *out is exactly as before */
    }
    if (why) {
      *why = reason;
    }
  }
  return rc;
}

/* ---- header parameters ---------------------------------------------------------------- */

/*
 * Reads the next "; name=value" parameter of a NUL-terminated header value at *ps.
 * Returns 1 with [*name, *name + *name_len) pointing into the input and the value (token or
 * quoted string, unquoted) in *value; 0 at the end; FORM_EBAD on bad syntax. In a quoted
 * string \" and \\ are escapes and any other backslash is literal, because browsers do not
 * escape backslashes (old IE sent "C:\dir\a.txt") while curl escapes quotes that way.
 */
static int form_param_next(const char **ps, const char **name, size_t *name_len, Buf *value) {
  const char *p = *ps;
  while (form_is_ows(*p) || *p == ';') {
    p++;
  }
  if (!*p) {
    *ps = p;
    return 0;
  }
  const char *n0 = p;
  while (*p && *p != '=' && *p != ';' && *p != '"' && !form_is_ows(*p)) {
    p++;
  }
  if (p == n0) {
    return FORM_EBAD;
  }
  *name = n0;
  *name_len = (size_t)(p - n0);
  while (form_is_ows(*p)) {
    p++;
  }
  buf_reset(value);
  if (*p == '=') {
    p++;
    while (form_is_ows(*p)) {
      p++;
    }
    if (*p == '"') {
      p++;
      for (;;) {
        if (!*p) {
          return FORM_EBAD;
        }
        if (*p == '"') {
          p++;
          break;
        }
        if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) {
          p++;
        }
        if (buf_putc(value, *p++) < 0) {
          return FORM_EBAD;
        }
      }
    } else {
      const char *v0 = p;
      while (*p && *p != ';' && *p != '"' && !form_is_ows(*p)) {
        p++;
      }
      if (buf_append(value, v0, (size_t)(p - v0)) < 0) {
        return FORM_EBAD;
      }
    }
    while (form_is_ows(*p)) {
      p++;
    }
  }
  if (*p && *p != ';') {
    return FORM_EBAD;
  }
  *ps = p;
  return 1;
}

/* Reads the leading token (media type or disposition type) of a header value: sets
 * [*t, *t + *tn) and returns the rest (at ';' or the end), or NULL on bad syntax. */
static const char *form_header_token(const char *h, const char **t, size_t *tn) {
  while (form_is_ows(*h)) {
    h++;
  }
  const char *t0 = h;
  while (*h && *h != ';' && *h != ',' && *h != '"' && !form_is_ows(*h)) {
    h++;
  }
  *t = t0;
  *tn = (size_t)(h - t0);
  while (form_is_ows(*h)) {
    h++;
  }
  if (*tn == 0 || (*h && *h != ';')) {
    return NULL;
  }
  return h;
}

bool form_media_type_is(const char *content_type_header, const char *type) {
  if (!content_type_header || !type) {
    return false;
  }
  const char *t;
  size_t tn;
  if (!form_header_token(content_type_header, &t, &tn)) {
    return false;
  }
  return form_ieq(t, tn, type);
}

/* ---- multipart/form-data -------------------------------------------------------------- */

#define FORM_MAX_BOUNDARY 70
#define FORM_MAX_PAD 64 /* spaces or tabs allowed after a delimiter */

enum { MP_PREAMBLE, MP_AFTER_DELIM, MP_HEADERS, MP_BODY, MP_EPILOGUE, MP_DONE };

struct FormMultipart {
  FormLimits lim;
  char delim[4 + FORM_MAX_BOUNDARY + 1]; /* "\r\n--" boundary */
  size_t dlen;
  int state;
  size_t match; /* bytes of delim matched, in MP_PREAMBLE and MP_BODY */
  bool dash;    /* MP_AFTER_DELIM: one '-' of a closing "--" seen */
  bool cr;      /* MP_AFTER_DELIM: the CR of the CRLF seen */
  size_t pad;   /* MP_AFTER_DELIM: spaces and tabs seen */
  Buf head;     /* MP_HEADERS: the part's header block so far */
  Buf body;     /* MP_BODY: the part's content so far */
  FormField cur;   /* the part being read: name, filename, content_type; value is in body */
  size_t body_max; /* limit for body.len */
  size_t total;    /* bytes fed */
  Form form;       /* finished parts */
  int err;         /* 0 or the sticky error */
  const char *why; /* reason for err */
};

static const char form_why_ctype[] = "请求的Content-Type不是multipart/form-data";
static const char form_why_boundary[] = "请求的Content-Type缺少有效的boundary参数";
static const char form_why_mp_total[] = "上传内容过大";
static const char form_why_mp_file[] = "上传的文件过大";
static const char form_why_mp_head_long[] = "上传内容格式错误：分段头部过长";
static const char form_why_mp_head[] = "上传内容格式错误：分段头部无效";
static const char form_why_mp_nul[] = "上传内容格式错误：分段头部含有空字符";
static const char form_why_mp_delim[] = "上传内容格式错误：分隔符后的内容无效";
static const char form_why_mp_disp[] = "上传内容格式错误：分段缺少form-data声明或字段名";
static const char form_why_mp_fname[] = "上传内容格式错误：文件名无效";
static const char form_why_mp_utf8[] = "上传内容格式错误：字段值不是有效的UTF-8";
static const char form_why_mp_end[] = "上传内容不完整：缺少结束分隔符";
static const char form_why_mp_used[] = "上传内容已处理完毕";

/* RFC 2046 bcharsnospace plus space. */
static bool form_boundary_char(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
    return true;
  }
  return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

FormMultipart *form_multipart_new(const char *content_type_header, const FormLimits *lim,
                                  const char **why) {
  const char *reason = form_why_ctype;
  const char *t, *name;
  size_t tn, name_len;
  Buf value = BUF_INIT, boundary = BUF_INIT;
  FormMultipart *mp = NULL;
  const char *p = content_type_header ? form_header_token(content_type_header, &t, &tn) : NULL;
  if (!p || !form_ieq(t, tn, "multipart/form-data")) {
    goto out;
  }
  reason = form_why_boundary;
  bool found = false;
  int rc;
  while ((rc = form_param_next(&p, &name, &name_len, &value)) > 0) {
    if (!found && form_ieq(name, name_len, "boundary")) {
      found = true;
      buf_append(&boundary, buf_cstr(&value), value.len);
    }
  }
  if (rc < 0 || !found || boundary.len == 0 || boundary.len > FORM_MAX_BOUNDARY ||
      boundary.data[boundary.len - 1] == ' ') {
    goto out;
  }
  for (size_t i = 0; i < boundary.len; i++) {
    if (!form_boundary_char(boundary.data[i])) {
      goto out;
    }
  }
  mp = calloc(1, sizeof *mp);
  if (!mp) {
    abort();
  }
  mp->lim = lim ? *lim : form_default_limits;
  memcpy(mp->delim, "\r\n--", 4);
  memcpy(mp->delim + 4, boundary.data, boundary.len);
  mp->dlen = 4 + boundary.len;
  mp->delim[mp->dlen] = '\0';
  mp->state = MP_PREAMBLE;
  mp->match = 2; /* the body is read as if it began with CRLF */
  buf_set_cap(&mp->head, SIZE_MAX);
  buf_set_cap(&mp->body, SIZE_MAX);
  reason = NULL;
out:
  buf_free(&value);
  buf_free(&boundary);
  if (!mp && why) {
    *why = reason;
  }
  return mp;
}

static int mp_fail(FormMultipart *mp, int code, const char *why) {
  if (!mp->err) {
    mp->err = code;
    mp->why = why;
  }
  return mp->err;
}

/* Removes any directory part a client put in a file name. */
static void mp_basename(char *s) {
  char *slash = NULL;
  for (char *p = s; *p; p++) {
    if (*p == '/' || *p == '\\') {
      slash = p;
    }
  }
  if (slash) {
    memmove(s, slash + 1, strlen(slash + 1) + 1);
  }
}

/* Decodes an RFC 5987 ext-value (charset'lang'pct-encoded) into *out as UTF-8.
 * UTF-8 and ISO-8859-1 are understood. Returns 0 or FORM_EBAD. */
static int mp_ext_value(const char *s, size_t n, Buf *out) {
  const char *q1 = memchr(s, '\'', n);
  const char *q2 = q1 ? memchr(q1 + 1, '\'', n - (size_t)(q1 + 1 - s)) : NULL;
  if (!q2) {
    return FORM_EBAD;
  }
  bool latin1 = form_ieq(s, (size_t)(q1 - s), "iso-8859-1");
  if (!latin1 && !form_ieq(s, (size_t)(q1 - s), "utf-8")) {
    return FORM_EBAD;
  }
  buf_reset(out);
  const char *p = q2 + 1, *end = s + n;
  while (p < end) {
    unsigned char c = (unsigned char)*p;
    if (c == '%') {
      if (end - p < 3 || form_hex((unsigned char)p[1]) < 0 || form_hex((unsigned char)p[2]) < 0) {
        return FORM_EBAD;
      }
      c = (unsigned char)(form_hex((unsigned char)p[1]) * 16 + form_hex((unsigned char)p[2]));
      p += 3;
    } else {
      p++;
    }
    if (c == 0) {
      return FORM_EBAD;
    }
    if (latin1 && c >= 0x80) {
      buf_putc(out, (char)(0xC0 | (c >> 6)));
      buf_putc(out, (char)(0x80 | (c & 0x3F)));
    } else {
      buf_putc(out, (char)c);
    }
  }
  return form_utf8_valid(buf_cstr(out), out->len) ? 0 : FORM_EBAD;
}

/* Parses a Content-Disposition value into mp->cur (name, filename). */
static int mp_disposition(FormMultipart *mp, const char *v) {
  const char *t, *pname;
  size_t tn, pname_len;
  int rc;
  bool have_name = false, have_fname = false, have_fstar = false;
  Buf value = BUF_INIT, fname = BUF_INIT, fstar = BUF_INIT;
  const char *p = form_header_token(v, &t, &tn);
  if (!p || !form_ieq(t, tn, "form-data")) {
    rc = mp_fail(mp, FORM_EBAD, form_why_mp_disp);
    goto out;
  }
  while ((rc = form_param_next(&p, &pname, &pname_len, &value)) > 0) {
    if (!have_name && form_ieq(pname, pname_len, "name")) {
      have_name = true;
      if (value.len > FORM_MAX_NAME_BYTES) {
        rc = mp_fail(mp, FORM_ETOOBIG, form_why_name);
        goto out;
      }
      if (!form_utf8_valid(buf_cstr(&value), value.len)) {
        rc = mp_fail(mp, FORM_EBAD, form_why_mp_head);
        goto out;
      }
      mp->cur.name = form_strndup(buf_cstr(&value), value.len);
    } else if (!have_fname && form_ieq(pname, pname_len, "filename")) {
      have_fname = true;
      buf_append(&fname, buf_cstr(&value), value.len);
    } else if (!have_fstar && form_ieq(pname, pname_len, "filename*")) {
      have_fstar = true;
      if (mp_ext_value(buf_cstr(&value), value.len, &fstar) < 0) {
        rc = mp_fail(mp, FORM_EBAD, form_why_mp_fname);
        goto out;
      }
    }
  }
  if (rc < 0 || !have_name) {
    rc = mp_fail(mp, FORM_EBAD, rc < 0 ? form_why_mp_head : form_why_mp_disp);
    goto out;
  }
  if (have_fstar || have_fname) {
    Buf *f = have_fstar ? &fstar : &fname;
    if (!form_utf8_valid(buf_cstr(f), f->len)) {
      rc = mp_fail(mp, FORM_EBAD, form_why_mp_fname);
      goto out;
    }
    mp->cur.filename = form_strndup(buf_cstr(f), f->len);
    mp_basename(mp->cur.filename);
  }
  rc = 0;
out:
  buf_free(&value);
  buf_free(&fname);
  buf_free(&fstar);
  return rc;
}

/* The header block in mp->head is complete (ends with an empty line): parse it. */
static int mp_headers_done(FormMultipart *mp) {
  char *p = mp->head.data;
  char *end = p + mp->head.len;
  bool have_disposition = false;
  if (strstr(p, "\r\n ") || strstr(p, "\r\n\t")) { /* obsolete line folding */
    return mp_fail(mp, FORM_EBAD, form_why_mp_head);
  }
  while (p < end) {
    char *eol = strstr(p, "\r\n");
    assert(eol);
    if (eol == p) {
      break;
    }
    *eol = '\0';
    if (strpbrk(p, "\r\n") || form_is_ows(*p)) {
      return mp_fail(mp, FORM_EBAD, form_why_mp_head);
    }
    char *colon = strchr(p, ':');
    if (!colon) {
      return mp_fail(mp, FORM_EBAD, form_why_mp_head);
    }
    const char *hn = p, *hn_end = colon;
    form_trim(&hn, &hn_end);
    const char *hv = colon + 1, *hv_end = eol;
    form_trim(&hv, &hv_end);
    p[hv_end - p] = '\0'; /* the value ends at hv_end (trailing blanks dropped) */
    if (form_ieq(hn, (size_t)(hn_end - hn), "content-disposition")) {
      if (have_disposition) {
        return mp_fail(mp, FORM_EBAD, form_why_mp_head);
      }
      have_disposition = true;
      if (mp_disposition(mp, hv) < 0) {
        return mp->err;
      }
    } else if (form_ieq(hn, (size_t)(hn_end - hn), "content-type") && !mp->cur.content_type) {
      mp->cur.content_type = form_strndup(hv, (size_t)(hv_end - hv));
    }
    p = eol + 2;
  }
  if (!have_disposition) {
    return mp_fail(mp, FORM_EBAD, form_why_mp_disp);
  }
  if (mp->form.n >= mp->lim.max_fields) {
    return mp_fail(mp, FORM_ETOOBIG, form_why_fields);
  }
  mp->body_max = mp->cur.filename ? mp->lim.max_file_bytes : mp->lim.max_field_bytes;
  buf_reset(&mp->body);
  buf_reset(&mp->head);
  mp->state = MP_BODY;
  mp->match = 0;
  return 0;
}

/* MP_HEADERS: consumes chunk[i..n) up to the end of the header block; returns the new i. */
static size_t mp_headers(FormMultipart *mp, const char *chunk, size_t i, size_t n) {
  while (i < n) {
    const char *lf = memchr(chunk + i, '\n', n - i);
    size_t seg = lf ? (size_t)(lf - (chunk + i)) + 1 : n - i;
    if (seg > FORM_MAX_PART_HEADER_BYTES - mp->head.len) {
      mp_fail(mp, FORM_ETOOBIG, form_why_mp_head_long);
      return n;
    }
    if (memchr(chunk + i, '\0', seg)) {
      mp_fail(mp, FORM_EBAD, form_why_mp_nul);
      return n;
    }
    buf_append(&mp->head, chunk + i, seg);
    i += seg;
    const char *h = buf_cstr(&mp->head);
    size_t hl = mp->head.len;
    if (!lf) {
      break;
    }
    if (hl < 2 || h[hl - 2] != '\r') { /* header lines end in CRLF, never a bare LF */
      mp_fail(mp, FORM_EBAD, form_why_mp_head);
      return n;
    }
    if (hl == 2 || (hl >= 4 && memcmp(h + hl - 4, "\r\n\r\n", 4) == 0)) {
      mp_headers_done(mp);
      return i;
    }
  }
  return i;
}

/* Appends part content (dropped in the preamble). */
static void mp_emit(FormMultipart *mp, const char *p, size_t n) {
  if (mp->state != MP_BODY || n == 0 || mp->err) {
    return;
  }
  if (n > mp->body_max - mp->body.len) {
    mp_fail(mp, FORM_ETOOBIG, mp->cur.filename ? form_why_mp_file : form_why_value);
    return;
  }
  if (buf_append(&mp->body, p, n) < 0) {
    mp_fail(mp, FORM_ETOOBIG, form_why_mp_total);
  }
}

/* A delimiter ended the current part: move it into mp->form. */
static void mp_part_end(FormMultipart *mp) {
  if (!mp->cur.filename) {
    if (memchr(buf_cstr(&mp->body), '\0', mp->body.len) ||
        !form_utf8_valid(buf_cstr(&mp->body), mp->body.len)) {
      mp_fail(mp, FORM_EBAD, form_why_mp_utf8);
      return;
    }
  }
  FormField *x = form_push(&mp->form);
  *x = mp->cur;
  mp->cur = (FormField){0};
  x->value_len = mp->body.len;
  x->value = buf_take(&mp->body);
}

/* MP_PREAMBLE and MP_BODY: consumes chunk[i..n) up to and including the next delimiter;
 * returns the new i. */
static size_t mp_scan(FormMultipart *mp, const char *chunk, size_t i, size_t n) {
  while (i < n && !mp->err) {
    if (mp->match == 0) {
      const char *cr = memchr(chunk + i, '\r', n - i);
      size_t stop = cr ? (size_t)(cr - chunk) : n;
      mp_emit(mp, chunk + i, stop - i);
      i = stop;
      if (cr) {
        mp->match = 1;
        i++;
      }
      continue;
    }
    if (chunk[i] != mp->delim[mp->match]) {
      /* The matched bytes were content; the delimiter has one CR, so restart at chunk[i]. */
      mp_emit(mp, mp->delim, mp->match);
      mp->match = 0;
      continue;
    }
    i++;
    if (++mp->match == mp->dlen) {
      if (mp->state == MP_BODY) {
        mp_part_end(mp);
      }
      mp->state = MP_AFTER_DELIM;
      mp->match = 0;
      mp->dash = mp->cr = false;
      mp->pad = 0;
      break;
    }
  }
  return i;
}

/* MP_AFTER_DELIM: after "--boundary" comes "--" (the end) or optional blanks and CRLF. */
static void mp_after_delim(FormMultipart *mp, char c) {
  if (mp->cr) {
    if (c == '\n') {
      buf_reset(&mp->head);
      mp->state = MP_HEADERS;
    } else {
      mp_fail(mp, FORM_EBAD, form_why_mp_delim);
    }
  } else if (mp->dash) {
    if (c == '-') {
      mp->state = MP_EPILOGUE;
    } else {
      mp_fail(mp, FORM_EBAD, form_why_mp_delim);
    }
  } else if (c == '-' && mp->pad == 0) {
    mp->dash = true;
  } else if (c == '\r') {
    mp->cr = true;
  } else if (form_is_ows(c) && mp->pad < FORM_MAX_PAD) {
    mp->pad++;
  } else {
    mp_fail(mp, FORM_EBAD, form_why_mp_delim);
  }
}

int form_multipart_feed(FormMultipart *mp, const char *chunk, size_t n) {
  if (mp->err) {
    return mp->err;
  }
  if (mp->state == MP_DONE) {
    return mp_fail(mp, FORM_EBAD, form_why_mp_used);
  }
  if (n == 0) {
    return 0;
  }
  if (n > mp->lim.max_total_bytes - mp->total) {
    return mp_fail(mp, FORM_ETOOBIG, form_why_mp_total);
  }
  mp->total += n;
  size_t i = 0;
  while (i < n && !mp->err) {
    switch (mp->state) {
    case MP_PREAMBLE:
    case MP_BODY:
      i = mp_scan(mp, chunk, i, n);
      break;
    case MP_AFTER_DELIM:
      mp_after_delim(mp, chunk[i++]);
      break;
    case MP_HEADERS:
      i = mp_headers(mp, chunk, i, n);
      break;
    default: /* MP_EPILOGUE: ignored */
      i = n;
      break;
    }
  }
  return mp->err;
}

int form_multipart_finish(FormMultipart *mp, Form *out, const char **why) {
  if (mp->state == MP_DONE) {
    mp_fail(mp, FORM_EBAD, form_why_mp_used);
  } else if (mp->state != MP_EPILOGUE) {
    mp_fail(mp, FORM_EBAD, form_why_mp_end);
  }
  if (mp->err) {
    if (why) {
      *why = mp->why;
    }
    return mp->err;
  }
  for (size_t i = 0; i < mp->form.n; i++) {
    *form_push(out) = mp->form.a[i];
  }
  free(mp->form.a);
  mp->form = (Form){0};
  mp->state = MP_DONE;
  return 0;
}

const char *form_multipart_error(const FormMultipart *mp) { return mp->err ? mp->why : NULL; }

void form_multipart_free(FormMultipart *mp) {
  if (!mp) {
    return;
  }
  form_free(&mp->form);
  form_field_free(&mp->cur);
  buf_free(&mp->head);
  buf_free(&mp->body);
  free(mp);
}

/* ---- response and request headers ------------------------------------------------------ */

int form_content_disposition(Buf *out, const char *disposition, const char *filename_utf8) {
  assert(disposition);
  const char *fn = filename_utf8;
  size_t fn_len = fn ? strlen(fn) : 0;
  if (fn_len && !form_utf8_valid(fn, fn_len)) {
    return FORM_EBAD;
  }
  int rc = buf_puts(out, disposition);
  if (fn_len == 0) {
    return rc < 0 ? -1 : 0;
  }
  bool same = true;
  rc |= buf_puts(out, "; filename=\"");
  for (size_t i = 0; i < fn_len; i++) {
    unsigned char c = (unsigned char)fn[i];
    if (c >= 0x80) {
      same = false;
      if (c >= 0xC0) { /* one '_' per character: at its lead byte */
        rc |= buf_putc(out, '_');
      }
    } else if (c < 0x20 || c == 0x7F) {
      same = false;
      rc |= buf_putc(out, '_');
    } else {
      if (c == '"' || c == '\\') {
        rc |= buf_putc(out, '\\');
      }
      rc |= buf_putc(out, (char)c);
    }
  }
  rc |= buf_putc(out, '"');
  if (!same) {
    rc |= buf_puts(out, "; filename*=UTF-8''");
    rc |= buf_urlencode(out, fn, fn_len);
  }
  return rc ? -1 : 0;
}

/* RFC 7231 qvalue as thousandths, or -1 when malformed. */
static int form_qvalue(const char *s, size_t n) {
  if (n == 0 || (s[0] != '0' && s[0] != '1')) {
    return -1;
  }
  int q = (s[0] - '0') * 1000;
  if (n == 1) {
    return q;
  }
  if (s[1] != '.' || n > 5) {
    return -1;
  }
  int scale = 100;
  for (size_t i = 2; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') {
      return -1;
    }
    q += (s[i] - '0') * scale;
    scale /= 10;
  }
  return q > 1000 ? -1 : q;
}

bool form_accepts_json(const char *accept_header) {
  if (!accept_header) {
    return false;
  }
  int json_q = -1, html_q = -1;
  const char *p = accept_header;
  while (*p) {
    const char *e = strchr(p, ',');
    if (!e) {
      e = p + strlen(p);
    }
    const char *semi = memchr(p, ';', (size_t)(e - p));
    const char *t = p, *t_end = semi ? semi : e;
    form_trim(&t, &t_end);
    int q = 1000;
    while (semi && q >= 0) {
      const char *a = semi + 1;
      semi = memchr(a, ';', (size_t)(e - a));
      const char *a_end = semi ? semi : e;
      form_trim(&a, &a_end);
      if (a_end - a >= 2 && form_lower((unsigned char)a[0]) == 'q' && a[1] == '=') {
        q = form_qvalue(a + 2, (size_t)(a_end - a - 2));
      }
    }
    if (q >= 0) {
      if (json_q < 0 && form_ieq(t, (size_t)(t_end - t), "application/json")) {
        json_q = q;
      } else if (html_q < 0 && form_ieq(t, (size_t)(t_end - t), "text/html")) {
        html_q = q;
      }
    }
    p = *e ? e + 1 : e;
  }
  return json_q > 0 && (html_q < 0 || json_q > html_q);
}

char *form_cookie(const char *cookie_header, const char *name) {
  if (!cookie_header || !name || !*name) {
    return NULL;
  }
  size_t name_len = strlen(name);
  const char *p = cookie_header;
  while (*p) {
    const char *e = strchr(p, ';');
    if (!e) {
      e = p + strlen(p);
    }
    const char *eq = memchr(p, '=', (size_t)(e - p));
    if (eq) {
      const char *n0 = p, *n1 = eq;
      form_trim(&n0, &n1);
      if ((size_t)(n1 - n0) == name_len && memcmp(n0, name, name_len) == 0) {
        const char *v0 = eq + 1, *v1 = e;
        form_trim(&v0, &v1);
        if (v1 - v0 >= 2 && *v0 == '"' && v1[-1] == '"') {
          v0++;
          v1--;
        }
        return form_strndup(v0, (size_t)(v1 - v0));
      }
    }
    p = *e ? e + 1 : e;
  }
  return NULL;
}
