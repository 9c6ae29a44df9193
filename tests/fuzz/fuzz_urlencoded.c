/*
 * Fuzz target for the urlencoded decoder and the header helpers of src/web/form.c.
 * The input is decoded as a body (default and tiny limits), then used as a NUL-terminated
 * header value for form_cookie, form_accepts_json, form_media_type_is, form_multipart_new
 * and as a file name for form_content_disposition.
 * Checks: decoded fields have no NUL in name or value and value_len matches; an error leaves
 * the Form untouched; a Content-Disposition value is printable ASCII (no header injection).
 * Corpus: tests/fuzz/corpus/urlencoded/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/form.h"

#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_check_form(const Form *f) {
  for (size_t i = 0; i < f->n; i++) {
    const FormField *x = &f->a[i];
    if (!x->name || !x->value || strlen(x->value) != x->value_len || x->filename ||
        x->content_type) {
      abort();
    }
    if (form_get(f, x->name) == NULL || form_count(f, x->name) == 0) {
      abort();
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  static const FormLimits tiny = {3, 4, 4, 64};
  const char *why = NULL;

  Form f = FORM_INIT;
  int rc = form_parse_urlencoded(&f, s, size, NULL, &why);
  if (rc < 0 ? (f.n != 0 || why == NULL) : rc != 0) {
    abort();
  }
  fuzz_check_form(&f);
  size_t before = f.n;
  rc = form_parse_urlencoded(&f, s, size, &tiny, &why);
  if (rc < 0 && f.n != before) {
    abort();
  }
  fuzz_check_form(&f);
  form_free(&f);

  char *z = malloc(size + 1);
  if (!z) {
    return 0;
  }
  if (size) {
    memcpy(z, data, size);
  }
  z[size] = '\0';
  free(form_cookie(z, "dj_session"));
  free(form_cookie(z, "a"));
  (void)form_accepts_json(z);
  (void)form_media_type_is(z, "application/json");
  form_multipart_free(form_multipart_new(z, NULL, &why));
  Buf b = BUF_INIT;
  if (form_content_disposition(&b, "attachment", z) == 0) {
    for (size_t i = 0; i < b.len; i++) {
      unsigned char c = (unsigned char)b.data[i];
      if (c < 0x20 || c >= 0x7F) {
        abort();
      }
    }
  }
  buf_free(&b);
  free(z);
  return 0;
}
