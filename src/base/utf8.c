/*
 * utf8: see utf8.h. The decoder is our own (strict RFC 3629); utf8proc supplies NFKC,
 * character categories and display widths.
 */
#include "base/utf8.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include <iconv.h>

#include "base/banned.h"

int32_t utf8_decode(const char *s, size_t n, size_t *len) {
  if (n == 0) {
    *len = 0;
    return -1;
  }
  const unsigned char *p = (const unsigned char *)s;
  unsigned char c = p[0];
  *len = 1;
  if (c < 0x80) {
    return c;
  }
  size_t need;
  int32_t cp;
  int32_t min;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2;
    cp = c & 0x1F;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3;
    cp = c & 0x0F;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4;
    cp = c & 0x07;
    min = 0x10000;
  } else {
    return -1; /* continuation byte, C0/C1 (always overlong) or F5..FF */
  }
  if (n < need) {
    return -1;
  }
  for (size_t i = 1; i < need; i++) {
    if ((p[i] & 0xC0) != 0x80) {
      return -1;
    }
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return -1;
  }
  *len = need;
  return cp;
}

size_t utf8_encode(int32_t cp, char out[4]) {
  unsigned char *o = (unsigned char *)out;
  if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (cp >> 18));
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

long utf8_length(const char *s, size_t n) {
  long count = 0;
  size_t i = 0;
  while (i < n) {
    size_t len;
    if (utf8_decode(s + i, n - i, &len) < 0) {
      return -1;
    }
    i += len;
    count++;
  }
  return count;
}

bool utf8_valid(const char *s, size_t n) { return utf8_length(s, n) >= 0; }

/* Valid UTF-8 without NUL bytes: the precondition of the functions returning C strings. */
static bool utf8_valid_cstr(const char *s, size_t n) {
  return (n == 0 || memchr(s, '\0', n) == NULL) && utf8_valid(s, n);
}

static char *utf8_copy(const char *s, size_t n) {
  char *r = malloc(n + 1);
  if (!r) {
    abort();
  }
  if (n) {
    memcpy(r, s, n);
  }
  r[n] = '\0';
  return r;
}

char *utf8_fold(const char *s, size_t n) {
  if (!utf8_valid_cstr(s, n)) {
    return NULL;
  }
  if (n == 0) {
    return utf8_copy("", 0);
  }
  if (n > (size_t)PTRDIFF_MAX / 32) {
    abort(); /* utf8proc's length is signed; nothing we accept is anywhere near this */
  }
  utf8proc_uint8_t *dst = NULL;
  utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &dst,
                                    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
  if (r == UTF8PROC_ERROR_NOMEM) {
    abort();
  }
  if (r < 0) {
    free(dst);
    return NULL;
  }
  return (char *)dst;
}

char *utf8_fold_width(const char *s, size_t n) {
  if (!utf8_valid_cstr(s, n)) {
    return NULL;
  }
  char *r = malloc(n + 1); /* folding only shrinks: 3 bytes become 1 */
  if (!r) {
    abort();
  }
  size_t i = 0;
  size_t o = 0;
  while (i < n) {
    size_t len;
    int32_t cp = utf8_decode(s + i, n - i, &len);
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      r[o++] = (char)(cp - 0xFEE0);
    } else if (cp == 0x3000) {
      r[o++] = ' ';
    } else {
      memcpy(r + o, s + i, len);
      o += len;
    }
    i += len;
  }
  r[o] = '\0';
  return r;
}

bool utf8_is_space(int32_t cp) {
  switch (cp) {
  case 0x180E:
  case 0x200B:
  case 0x200C:
  case 0x200D:
  case 0x2060:
  case 0xFEFF:
    return true;
  default:
    break;
  }
  if (cp < 0 || cp > 0x10FFFF) {
    return false;
  }
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_ZS:
  case UTF8PROC_CATEGORY_ZL:
  case UTF8PROC_CATEGORY_ZP:
  case UTF8PROC_CATEGORY_CC:
    return true;
  default:
    return false;
  }
}

char *utf8_trim(const char *s, size_t n) {
  if (!utf8_valid_cstr(s, n)) {
    return NULL;
  }
  size_t start = 0;
  size_t end = 0; /* end of the last non-space character seen */
  bool seen = false;
  size_t i = 0;
  while (i < n) {
    size_t len;
    int32_t cp = utf8_decode(s + i, n - i, &len);
    if (!utf8_is_space(cp)) {
      if (!seen) {
        start = i;
        seen = true;
      }
      end = i + len;
    }
    i += len;
  }
  return utf8_copy(s + start, seen ? end - start : 0);
}

int utf8_width(const char *s, size_t n) {
  long width = 0;
  size_t i = 0;
  while (i < n) {
    size_t len;
    int32_t cp = utf8_decode(s + i, n - i, &len);
    if (cp < 0) {
      return -1;
    }
    int w = utf8proc_charwidth(cp);
    width += w > 0 ? w : 0;
    if (width > INT_MAX) {
      return INT_MAX;
    }
    i += len;
  }
  return (int)width;
}

size_t utf8_prefix(const char *s, size_t n, size_t max_bytes) {
  if (n <= max_bytes) {
    return n;
  }
  size_t i = 0;
  while (i < n) {
    size_t len;
    utf8_decode(s + i, n - i, &len);
    if (i + len > max_bytes) {
      break;
    }
    i += len;
  }
  return i;
}

char *utf8_sort_key(const char *s, size_t n) {
  if (!utf8_valid(s, n)) {
    return NULL;
  }
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  if (cd == (iconv_t)-1) {
    return NULL;
  }
  size_t cap = 4 * n + 4;
  char *gb = malloc(cap);
  if (!gb) {
    abort();
  }
  char *in = (char *)(uintptr_t)s; /* iconv's prototype is not const-correct */
  char *out = gb;
  size_t in_left = n, out_left = cap;
  size_t rc = iconv(cd, &in, &in_left, &out, &out_left);
  iconv_close(cd);
  if (rc == (size_t)-1) {
    free(gb);
    return NULL;
  }
  size_t len = cap - out_left;
  char *hex = malloc(2 * len + 1);
  if (!hex) {
    abort();
  }
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < len; i++) {
    hex[2 * i] = digits[(unsigned char)gb[i] >> 4];
    hex[2 * i + 1] = digits[(unsigned char)gb[i] & 15];
  }
  hex[2 * len] = '\0';
  free(gb);
  return hex;
}
