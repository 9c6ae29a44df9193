/*
 * Fuzz target for the CSV reader (src/io/csv.c). Invariants checked (abort on violation):
 * failure always comes with a message; a table has rows in strictly increasing order with
 * cells at columns 1..n, every stored row has some text, texts are valid UTF-8 of the stated
 * length without NUL; parsing the same bytes twice gives the same table (no hidden state).
 * Corpus: tests/fuzz/corpus/csv/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "io/csv.h"

#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_check(bool ok, const char *what) {
  if (!ok) {
    fprintf(stderr, "fuzz_csv: invariant failed: %s\n", what);
    abort();
  }
}

static void fuzz_table(const Table *t) {
  size_t cells = 0;
  for (size_t i = 0; i < t->n_rows; i++) {
    const TableRow *r = &t->rows[i];
    fuzz_check(i == 0 || t->rows[i - 1].row < r->row, "rows strictly increasing");
    bool any = false;
    for (uint32_t k = 0; k < r->n; k++) {
      const TableCell *c = &r->cells[k];
      fuzz_check(c->col == k + 1, "every field is a cell");
      fuzz_check(strlen(c->text) == c->len, "text length (no NUL inside)");
      fuzz_check(utf8_valid(c->text, c->len), "text is UTF-8");
      fuzz_check(c->kind == (c->len ? TABLE_TEXT : TABLE_EMPTY), "kind");
      any = any || c->len > 0;
    }
    fuzz_check(any, "stored rows have text");
    cells += r->n;
  }
  fuzz_check(cells == t->n_cells, "cell count");
}

static bool fuzz_same(const Table *a, const Table *b) {
  if (a->n_rows != b->n_rows || a->n_cells != b->n_cells) {
    return false;
  }
  for (size_t i = 0; i < a->n_cells; i++) {
    if (a->cells[i].col != b->cells[i].col || strcmp(a->cells[i].text, b->cells[i].text) != 0) {
      return false;
    }
  }
  return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  CsvOptions opt = {.max_cells = 1000000};
  char *err = NULL;
  CsvInfo info = {0};
  Table *t = csv_read_mem(data, size, &opt, &info, &err);
  if (!t) {
    fuzz_check(err != NULL && err[0] != '\0', "failure has a message");
    free(err);
    return 0;
  }
  fuzz_check(err == NULL && info.encoding != NULL, "success reports the encoding");
  fuzz_table(t);
  Table *again = csv_read_mem(data, size, &opt, NULL, &err);
  fuzz_check(again != NULL && fuzz_same(t, again), "deterministic");
  table_free(again);
  /* a forced delimiter never breaks the invariants either */
  CsvOptions tab = {.max_cells = 1000000, .delimiter = '\t'};
  Table *t2 = csv_read_mem(data, size, &tab, NULL, &err);
  if (t2) {
    fuzz_table(t2);
    table_free(t2);
  } else {
    free(err);
  }
  table_free(t);
  return 0;
}
