/*
 * Fuzz target for the streaming multipart/form-data decoder of src/web/form.c.
 * First input byte: bits 0-4 bound the piece sizes (a pseudo-random sequence of 1..32 bytes
 * seeded by the byte), bit 5 selects tiny limits, bit 6 takes the Content-Type from the
 * input's first line instead of the fixed WebKit-style header. The rest is the body, fed
 * once whole and once in pieces; both runs must agree (fields, or error code and reason),
 * unless one stopped on the total-size limit, which is checked per feed call.
 * Corpus: tests/fuzz/corpus/multipart/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/form.h"

#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CT "multipart/form-data; boundary=----WebKitFormBoundaryePkpFF7tjBAqx29L"

/* Returns the decoder's result; *why is the reason on error. */
static int fuzz_run(const char *ctype, const FormLimits *lim, const char *body, size_t n,
                    unsigned seed, Form *out, const char **why) {
  FormMultipart *mp = form_multipart_new(ctype, lim, why);
  if (!mp) {
    return 1;
  }
  int rc = 0;
  unsigned x = seed * 2654435761u + 1;
  unsigned span = (seed & 0x1f) + 1;
  size_t i = 0;
  while (i < n && rc == 0) {
    size_t piece = n - i;
    if (seed != 0x100) {
      x = x * 1103515245u + 12345u;
      size_t want = 1 + (x >> 16) % span;
      piece = want < piece ? want : piece;
    }
    rc = form_multipart_feed(mp, body + i, piece);
    i += piece;
  }
  if (rc == 0) {
    rc = form_multipart_finish(mp, out, why);
  } else if (form_multipart_finish(mp, out, why) != rc || *why != form_multipart_error(mp)) {
    abort();
  }
  form_multipart_free(mp);
  return rc;
}

static void fuzz_same(const Form *a, const Form *b) {
  if (a->n != b->n) {
    abort();
  }
  for (size_t i = 0; i < a->n; i++) {
    const FormField *x = &a->a[i], *y = &b->a[i];
    if (strcmp(x->name, y->name) != 0 || x->value_len != y->value_len ||
        memcmp(x->value, y->value, x->value_len) != 0 || x->value[x->value_len] != '\0' ||
        !x->filename != !y->filename || (x->filename && strcmp(x->filename, y->filename)) ||
        !x->content_type != !y->content_type ||
        (x->content_type && strcmp(x->content_type, y->content_type))) {
      abort();
    }
    if (!x->filename && strlen(x->value) != x->value_len) {
      abort();
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const FormLimits tiny = {3, 8, 16, 600};
  if (size < 1) {
    return 0;
  }
  unsigned mode = data[0];
  const char *body = (const char *)data + 1;
  size_t n = size - 1;
  char ctype[257];
  if (mode & 0x40) {
    const char *nl = memchr(body, '\n', n < 256 ? n : 256);
    if (!nl) {
      return 0;
    }
    size_t len = (size_t)(nl - body);
    memcpy(ctype, body, len);
    ctype[len] = '\0';
    body = nl + 1;
    n -= len + 1;
  } else {
    memcpy(ctype, FUZZ_CT, sizeof FUZZ_CT);
  }
  const FormLimits *lim = (mode & 0x20) ? &tiny : NULL;

  Form whole = FORM_INIT, pieces = FORM_INIT;
  const char *why_whole = NULL, *why_pieces = NULL;
  int rc_whole = fuzz_run(ctype, lim, body, n, 0x100, &whole, &why_whole);
  int rc_pieces = fuzz_run(ctype, lim, body, n, mode, &pieces, &why_pieces);
  if (rc_whole == 1 || rc_pieces == 1) {
    if (rc_whole != rc_pieces) {
      abort();
    }
    return 0;
  }
  bool total_limit = (rc_whole && strcmp(why_whole, "上传内容过大") == 0) ||
                     (rc_pieces && strcmp(why_pieces, "上传内容过大") == 0);
  if (!total_limit) {
    if (rc_whole != rc_pieces || (rc_whole && strcmp(why_whole, why_pieces) != 0)) {
      abort();
    }
    fuzz_same(&whole, &pieces);
  }
  form_free(&whole);
  form_free(&pieces);
  return 0;
}
