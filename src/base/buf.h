/*
 * Buf: a growable byte buffer with a size cap, always NUL-terminated.
 *
 * A zeroed Buf (BUF_INIT) is valid and empty; buf_cstr() of it is "".
 * Growth past the cap (default BUF_DEFAULT_CAP, set with buf_set_cap) does not
 * write: the call returns -1 and sets buf->overflow, so callers may check once
 * at the end. Out-of-memory aborts the process (there is nothing sane to do).
 * The bytes belong to the Buf until buf_free() or buf_take().
 */
#ifndef DJ_BUF_H
#define DJ_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define BUF_DEFAULT_CAP ((size_t)64 * 1024 * 1024)

typedef struct Buf {
  char *data;    /* NULL or NUL-terminated bytes */
  size_t len;    /* bytes used, excluding the NUL */
  size_t alloc;  /* bytes allocated */
  size_t cap;    /* maximum len; 0 means BUF_DEFAULT_CAP */
  bool overflow; /* set once an append was refused by the cap */
} Buf;

#define BUF_INIT {0}

void buf_set_cap(Buf *b, size_t cap);
/* Makes room for n more bytes; -1 past the cap. */
int buf_reserve(Buf *b, size_t n);
int buf_append(Buf *b, const void *p, size_t n);
int buf_puts(Buf *b, const char *s);
int buf_putc(Buf *b, char c);
int buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(Buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Appends s with the five HTML-significant characters escaped (& < > " '). */
int buf_html(Buf *b, const char *s, size_t n);
/* Appends s percent-encoded for a URL component (RFC 3986 unreserved kept). */
int buf_urlencode(Buf *b, const char *s, size_t n);
/* Always a valid C string ("" for an empty Buf); borrowed until the next change. */
const char *buf_cstr(const Buf *b);
void buf_reset(Buf *b); /* len = 0, keeps memory and cap */
void buf_truncate(Buf *b, size_t len);
/* Returns the bytes (malloc'd, NUL-terminated, caller frees) and empties the Buf. */
char *buf_take(Buf *b);
void buf_free(Buf *b);

#endif
