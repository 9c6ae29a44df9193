/*
 * Fuzz target for src/tmpl: compiles the input as a template and, when it compiles, renders it
 * against a small fixed JSON object, both directly (partials missing) and through a TmplSet in
 * which every partial name except those starting with 'x' resolves to the input itself, so
 * partial recursion, indentation and the depth, step and output limits are exercised.
 * Corpus: tests/fuzz/corpus/tmpl/.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "tmpl/tmpl.h"

#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct FuzzInput {
  const char *p;
  size_t n;
} FuzzInput;

static const char *fuzz_source(const char *name, size_t *len, void *ctx) {
  const FuzzInput *in = ctx;
  if (name[0] == 'x') {
    return NULL;
  }
  *len = in->n;
  return in->p;
}

static json_t *fuzz_data(void) {
  static const char json[] =
      "{\"a\": 1, \"b\": \"<b>&'\\\"\", \"c\": [1, 2.5, \"x\", {\"a\": 2, \"c\": []}],"
      " \"d\": {\"e\": {\"f\": true, \"g\": [\"p\", \"q\"]}}, \"n\": null, \"t\": true,"
      " \"f\": false, \"e\": [], \"s\": \"\", \"r\": 1.25e-3, \"u\": \"党员\\n名单\"}";
  return json_loads(json, 0, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *src = (const char *)data;
  char *err = NULL;
  Tmpl *t = tmpl_compile("fuzz", src, size, &err);
  if (!t) {
    if (!err || strncmp(err, "fuzz:", 5) != 0) {
      abort(); /* a compile error always says where */
    }
    free(err);
    return 0;
  }
  json_t *root = fuzz_data();
  Buf out = BUF_INIT;
  buf_set_cap(&out, (size_t)1 << 20);
  if (tmpl_render(t, root, NULL, &out, &err) < 0) {
    free(err);
    err = NULL;
  }
  buf_free(&out);

  FuzzInput in = {src, size};
  TmplSet *set = tmpl_set_new(fuzz_source, &in);
  tmpl_set_max_steps(set, 200000);
  for (int round = 0; round < 2; round++) { /* the second round renders from the cache */
    Buf out2 = BUF_INIT;
    buf_set_cap(&out2, (size_t)1 << 20);
    if (tmpl_set_render(set, "main", root, &out2, &err) < 0) {
      free(err);
      err = NULL;
    }
    buf_free(&out2);
  }
  tmpl_set_free(set);
  json_decref(root);
  tmpl_free(t);
  return 0;
}
