/*
 * Fuzz target for the xlsx reader (src/io/xlsx.c) and the table lookups: the input is opened
 * as an uploaded workbook from memory and every sheet is read. Invariants checked (abort on
 * violation): failure always comes with a message; a read table has rows in increasing order,
 * cells in non-decreasing column order within 1..TABLE_MAX_COL, texts of the stated length and
 * valid UTF-8, and lookups find every stored cell. Limits are lowered so that one input cannot
 * take the fuzzer's whole memory or time.
 * Corpus: tests/fuzz/corpus/xlsx/ (small real workbooks; some with stored, uncompressed
 * entries so that mutations reach the XML).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "io/table.h"
#include "io/xlsx.h"

#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_check(bool ok, const char *what) {
  if (!ok) {
    fprintf(stderr, "fuzz_xlsx: invariant failed: %s\n", what);
    abort();
  }
}

static void fuzz_table(const Table *t) {
  size_t cells = 0;
  for (size_t i = 0; i < t->n_rows; i++) {
    const TableRow *r = &t->rows[i];
    fuzz_check(r->row >= 1 && r->row <= TABLE_MAX_ROW, "row in range");
    fuzz_check(i == 0 || t->rows[i - 1].row <= r->row, "rows sorted");
    fuzz_check(r->n > 0, "stored rows have cells");
    fuzz_check(r->cells == t->cells + r->first, "row cells pointer");
    for (uint32_t k = 0; k < r->n; k++) {
      const TableCell *c = &r->cells[k];
      fuzz_check(c->col >= 1 && c->col <= TABLE_MAX_COL, "col in range");
      fuzz_check(k == 0 || r->cells[k - 1].col <= c->col, "cells sorted");
      fuzz_check(c->text != NULL && strlen(c->text) == c->len, "text length");
      fuzz_check(utf8_valid(c->text, c->len), "text is UTF-8");
      fuzz_check(c->kind != TABLE_EMPTY && c->len > 0, "xlsx cells have a value");
      const TableCell *found = table_cell(t, r->row, c->col);
      fuzz_check(found != NULL && found->col == c->col, "lookup finds the cell");
      fuzz_check(table_value(t, r->row, c->col) != NULL, "value of a stored cell");
    }
    cells += r->n;
  }
  fuzz_check(cells == t->n_cells, "cell count");
  for (size_t i = 0; i < t->n_merges && i < 64; i++) {
    const TableMerge *m = &t->merges[i];
    fuzz_check(m->first_row <= m->last_row && m->first_col <= m->last_col, "merge ordered");
    (void)table_text(t, m->last_row, m->last_col);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  XlsxOptions opt = {.max_entry_bytes = (size_t)16 << 20, .max_cells = 200000};
  char *err = NULL;
  XlsxBook *book = xlsx_open_mem(data, size, &opt, &err);
  if (!book) {
    fuzz_check(err != NULL && err[0] != '\0', "open failure has a message");
    free(err);
    return 0;
  }
  fuzz_check(err == NULL, "no message on success");
  size_t n = xlsx_sheet_count(book);
  fuzz_check(n >= 1, "an opened book has a sheet");
  for (size_t i = 0; i < n; i++) {
    const char *name = xlsx_sheet_name(book, i);
    fuzz_check(name != NULL && utf8_valid(name, strlen(name)), "sheet name");
    Table *t = xlsx_sheet_read(book, i, &err);
    if (!t) {
      fuzz_check(err != NULL && err[0] != '\0', "read failure has a message");
      free(err);
      err = NULL;
      continue;
    }
    fuzz_check(t->name != NULL && strcmp(t->name, name) == 0, "table named after sheet");
    fuzz_table(t);
    table_free(t);
  }
  fuzz_check(xlsx_sheet_read(book, n, &err) == NULL && err != NULL, "index past the end");
  free(err);
  xlsx_close(book);
  return 0;
}
