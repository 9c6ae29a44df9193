#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

static size_t buf_cap(const Buf *b) { return b->cap ? b->cap : BUF_DEFAULT_CAP; }

void buf_set_cap(Buf *b, size_t cap) { b->cap = cap; }

int buf_reserve(Buf *b, size_t n) {
  if (n > buf_cap(b) || b->len > buf_cap(b) - n) {
    b->overflow = true;
    return -1;
  }
  size_t need = b->len + n + 1;
  if (need <= b->alloc) {
    return 0;
  }
  size_t alloc = b->alloc ? b->alloc : 64;
  while (alloc < need) {
    alloc *= 2;
  }
  char *p = realloc(b->data, alloc);
  if (!p) {
    abort();
  }
  b->data = p;
  b->alloc = alloc;
  return 0;
}

int buf_append(Buf *b, const void *p, size_t n) {
  if (buf_reserve(b, n) < 0) {
    return -1;
  }
  if (n) {
    memcpy(b->data + b->len, p, n);
  }
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

int buf_puts(Buf *b, const char *s) { return buf_append(b, s, strlen(s)); }

int buf_putc(Buf *b, char c) { return buf_append(b, &c, 1); }

int buf_vprintf(Buf *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0 || buf_reserve(b, (size_t)n) < 0) {
    return -1;
  }
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
  return 0;
}

int buf_printf(Buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = buf_vprintf(b, fmt, ap);
  va_end(ap);
  return rc;
}

int buf_html(Buf *b, const char *s, size_t n) {
  int rc = 0;
  size_t start = 0;
  for (size_t i = 0; i < n; i++) {
    const char *rep = NULL;
    switch (s[i]) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    case '\'': rep = "&#39;"; break;
    default: continue;
    }
    rc |= buf_append(b, s + start, i - start);
    rc |= buf_puts(b, rep);
    start = i + 1;
  }
  rc |= buf_append(b, s + start, n - start);
  return rc ? -1 : 0;
}

int buf_urlencode(Buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789ABCDEF";
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      rc |= buf_putc(b, (char)c);
    } else {
      char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
      rc |= buf_append(b, esc, 3);
    }
  }
  return rc ? -1 : 0;
}

const char *buf_cstr(const Buf *b) { return b->data ? b->data : ""; }

void buf_reset(Buf *b) { buf_truncate(b, 0); }

void buf_truncate(Buf *b, size_t len) {
  if (len < b->len) {
    b->len = len;
    b->data[len] = '\0';
  }
}

char *buf_take(Buf *b) {
  char *p = b->data;
  if (!p) {
    p = calloc(1, 1);
    if (!p) {
      abort();
    }
  }
  size_t cap = b->cap;
  *b = (Buf){0};
  b->cap = cap;
  return p;
}

void buf_free(Buf *b) {
  free(b->data);
  size_t cap = b->cap;
  *b = (Buf){0};
  b->cap = cap;
}
