#include "web/form_build.h"

#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

static FormField *grow(Form *f) {
  if (f->n == f->alloc) {
    f->alloc = f->alloc ? f->alloc * 2 : 8;
    f->a = realloc(f->a, f->alloc * sizeof *f->a);
    if (!f->a) {
      abort();
    }
  }
  FormField *x = &f->a[f->n++];
  memset(x, 0, sizeof *x);
  return x;
}

static char *copy(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p) {
    abort();
  }
  if (n) {
    memcpy(p, s, n);
  }
  p[n] = '\0';
  return p;
}

void form_add(Form *f, const char *name, const char *value, size_t value_len) {
  FormField *x = grow(f);
  x->name = copy(name, strlen(name));
  x->value = copy(value, value_len);
  x->value_len = value_len;
}

void form_add_file(Form *f, const char *name, const char *filename, const char *content_type,
                   const char *data, size_t n) {
  FormField *x = grow(f);
  x->name = copy(name, strlen(name));
  x->value = copy(data, n);
  x->value_len = n;
  x->filename = copy(filename, strlen(filename));
  x->content_type = content_type ? copy(content_type, strlen(content_type)) : NULL;
}

void form_take_field(Form *dst, FormField *src) {
  FormField *x = grow(dst);
  *x = *src;
  memset(src, 0, sizeof *src);
}
