/*
 * table: storage and lookups for the sheet-of-cells type of io/table.h.
 *
 * Memory: texts live in an arena of large blocks (one malloc per block, not per cell); cells
 * of all rows live in one array and rows in another, both grown by doubling. Rows record the
 * index of their first cell while building; table_finish turns that into pointers.
 */
#include "io/table.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

#define TABLE_BLOCK_SIZE ((size_t)1 << 20)

struct TableBlock {
  TableBlock *next;
  size_t used, size;
  char data[];
};

static void *table_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) {
    abort();
  }
  return q;
}

Table *table_new(size_t max_cells) {
  Table *t = calloc(1, sizeof *t);
  if (!t) {
    abort();
  }
  t->max_cells = max_cells ? max_cells : TABLE_MAX_CELLS;
  return t;
}

void table_free(Table *t) {
  if (!t) {
    return;
  }
  TableBlock *b = t->blocks;
  while (b) {
    TableBlock *next = b->next;
    free(b);
    b = next;
  }
  free(t->name);
  free(t->rows);
  free(t->cells);
  free(t->merges);
  free(t->merges_by_row);
  free(t);
}

const char *table_strdup(Table *t, const char *s, size_t n) {
  if (n == 0) {
    return "";
  }
  TableBlock *b = t->blocks;
  if (!b || b->size - b->used < n + 1) {
    /* blocks grow from 4 KiB to TABLE_BLOCK_SIZE, so small tables stay small */
    size_t size = b ? b->size * 2 : 4096;
    if (size > TABLE_BLOCK_SIZE) {
      size = TABLE_BLOCK_SIZE;
    }
    bool big = n + 1 > size / 4;
    if (big) {
      size = n + 1;
    }
    TableBlock *nb = malloc(sizeof *nb + size);
    if (!nb) {
      abort();
    }
    nb->used = 0;
    nb->size = size;
    if (b && big) {
      /* a big one-off string: keep the current block in front for later small ones */
      nb->next = b->next;
      b->next = nb;
    } else {
      nb->next = b;
      t->blocks = nb;
    }
    b = nb;
  }
  char *p = b->data + b->used;
  memcpy(p, s, n);
  p[n] = '\0';
  b->used += n + 1;
  return p;
}

void table_row_begin(Table *t, uint32_t row) {
  if (t->row_open) {
    table_row_end(t);
  }
  if (t->n_rows == t->rows_alloc) {
    t->rows_alloc = t->rows_alloc ? t->rows_alloc * 2 : 16;
    t->rows = table_xrealloc(t->rows, t->rows_alloc * sizeof *t->rows);
  }
  TableRow *r = &t->rows[t->n_rows];
  r->row = row;
  r->n = 0;
  r->cells = NULL;
  r->first = t->n_cells;
  t->row_open = true;
}

int table_cell_add(Table *t, uint32_t col, TableKind kind, const char *text, size_t len,
                   double number) {
  if (!t->row_open) {
    return -1;
  }
  if (t->n_cells >= t->max_cells) {
    return -1;
  }
  if (t->n_cells == t->cells_alloc) {
    t->cells_alloc = t->cells_alloc ? t->cells_alloc * 2 : 64;
    t->cells = table_xrealloc(t->cells, t->cells_alloc * sizeof *t->cells);
  }
  TableCell *c = &t->cells[t->n_cells++];
  c->text = text;
  c->len = (uint32_t)len;
  c->number = number;
  c->col = col;
  c->kind = (uint8_t)kind;
  t->rows[t->n_rows].n++;
  return 0;
}

void table_row_end(Table *t) {
  if (!t->row_open) {
    return;
  }
  t->row_open = false;
  if (t->rows[t->n_rows].n > 0) {
    t->n_rows++;
  }
}

void table_merge_add(Table *t, TableMerge m) {
  if (t->n_merges == t->merges_alloc) {
    t->merges_alloc = t->merges_alloc ? t->merges_alloc * 2 : 16;
    t->merges = table_xrealloc(t->merges, t->merges_alloc * sizeof *t->merges);
  }
  t->merges[t->n_merges++] = m;
}

static int table_cmp_row(const void *a, const void *b) {
  const TableRow *x = a, *y = b;
  if (x->row != y->row) {
    return x->row < y->row ? -1 : 1;
  }
  /* stable: keep file order of repeated rows */
  return x->first < y->first ? -1 : (x->first > y->first);
}

static int table_cmp_cell(const void *a, const void *b) {
  const TableCell *x = a, *y = b;
  if (x->col != y->col) {
    return x->col < y->col ? -1 : 1;
  }
  /* texts of one row are allocated in order, but that is no total order: compare addresses
   * only to give qsort a consistent answer */
  return (x->text > y->text) - (x->text < y->text);
}

static int table_cmp_merge(const void *a, const void *b) {
  const TableMerge *x = a, *y = b;
  if (x->first_row != y->first_row) {
    return x->first_row < y->first_row ? -1 : 1;
  }
  return (x->first_col > y->first_col) - (x->first_col < y->first_col);
}

void table_finish(Table *t) {
  table_row_end(t);
  bool rows_unsorted = false;
  for (size_t i = 1; i < t->n_rows; i++) {
    if (t->rows[i - 1].row >= t->rows[i].row) {
      rows_unsorted = true;
      break;
    }
  }
  if (rows_unsorted) {
    qsort(t->rows, t->n_rows, sizeof *t->rows, table_cmp_row);
  }
  for (size_t i = 0; i < t->n_rows; i++) {
    TableRow *r = &t->rows[i];
    TableCell *c = t->cells + r->first;
    for (uint32_t k = 1; k < r->n; k++) {
      if (c[k - 1].col >= c[k].col) {
        qsort(c, r->n, sizeof *c, table_cmp_cell);
        break;
      }
    }
    r->cells = c;
  }
  free(t->merges_by_row);
  t->merges_by_row = NULL;
  t->merge_span = 0;
  if (t->n_merges > 0) {
    t->merges_by_row = table_xrealloc(NULL, t->n_merges * sizeof *t->merges_by_row);
    memcpy(t->merges_by_row, t->merges, t->n_merges * sizeof *t->merges_by_row);
    qsort(t->merges_by_row, t->n_merges, sizeof *t->merges_by_row, table_cmp_merge);
    for (size_t i = 0; i < t->n_merges; i++) {
      const TableMerge *m = &t->merges_by_row[i];
      if (m->last_row - m->first_row > t->merge_span) {
        t->merge_span = m->last_row - m->first_row;
      }
    }
  }
}

const TableRow *table_row(const Table *t, uint32_t row) {
  size_t lo = 0, hi = t->n_rows;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (t->rows[mid].row < row) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < t->n_rows && t->rows[lo].row == row) {
    return &t->rows[lo];
  }
  return NULL;
}

const TableCell *table_cell(const Table *t, uint32_t row, uint32_t col) {
  const TableRow *r = table_row(t, row);
  if (!r) {
    return NULL;
  }
  size_t lo = 0, hi = r->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (r->cells[mid].col < col) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < r->n && r->cells[lo].col == col) {
    return &r->cells[lo];
  }
  return NULL;
}

const TableMerge *table_merge_at(const Table *t, uint32_t row, uint32_t col) {
  if (!t->merges_by_row) {
    return NULL;
  }
  /* the first merge starting below row; candidates start at most merge_span rows above */
  size_t lo = 0, hi = t->n_merges;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (t->merges_by_row[mid].first_row <= row) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  for (size_t i = lo; i > 0; i--) {
    const TableMerge *m = &t->merges_by_row[i - 1];
    if (row - m->first_row > t->merge_span) {
      break;
    }
    if (row <= m->last_row && col >= m->first_col && col <= m->last_col) {
      return m;
    }
  }
  return NULL;
}

const TableCell *table_value(const Table *t, uint32_t row, uint32_t col) {
  const TableCell *c = table_cell(t, row, col);
  if (c && c->kind != TABLE_EMPTY) {
    return c;
  }
  const TableMerge *m = table_merge_at(t, row, col);
  if (m) {
    const TableCell *top = table_cell(t, m->first_row, m->first_col);
    if (top) {
      return top;
    }
  }
  return c;
}

const char *table_text(const Table *t, uint32_t row, uint32_t col) {
  const TableCell *c = table_value(t, row, col);
  return c ? c->text : "";
}

char *table_col_name(uint32_t col, char out[8]) {
  if (col == 0 || col > TABLE_MAX_COL) {
    out[0] = '?';
    out[1] = '\0';
    return out;
  }
  char tmp[8];
  size_t n = 0;
  while (col > 0) {
    col--;
    tmp[n++] = (char)('A' + col % 26);
    col /= 26;
  }
  for (size_t i = 0; i < n; i++) {
    out[i] = tmp[n - 1 - i];
  }
  out[n] = '\0';
  return out;
}

int table_parse_ref(const char *s, size_t n, uint32_t *row, uint32_t *col) {
  size_t i = 0;
  uint32_t c = 0, r = 0;
  if (i < n && s[i] == '$') {
    i++;
  }
  size_t letters = 0;
  while (i < n) {
    char ch = s[i];
    if (ch >= 'a' && ch <= 'z') {
      ch = (char)(ch - 'a' + 'A');
    }
    if (ch < 'A' || ch > 'Z') {
      break;
    }
    if (++letters > 3) {
      return -1;
    }
    c = c * 26 + (uint32_t)(ch - 'A' + 1);
    i++;
  }
  if (letters == 0 || c > TABLE_MAX_COL) {
    return -1;
  }
  if (i < n && s[i] == '$') {
    i++;
  }
  size_t digits = 0;
  while (i < n && s[i] >= '0' && s[i] <= '9') {
    if (++digits > 8) {
      return -1;
    }
    r = r * 10 + (uint32_t)(s[i] - '0');
    i++;
  }
  if (i != n || (digits > 0 && (r == 0 || r > TABLE_MAX_ROW))) {
    return -1;
  }
  *row = r;
  *col = c;
  return 0;
}

size_t table_format_number(double v, char out[32]) {
  if (isnan(v)) {
    return (size_t)snprintf(out, 32, "NaN");
  }
  if (isinf(v)) {
    return (size_t)snprintf(out, 32, v < 0 ? "-Inf" : "Inf");
  }
  if (v == 0) {
    out[0] = '0';
    out[1] = '\0';
    return 1;
  }
  if (fabs(v) < 1e15 && v == (double)(long long)v) {
    return (size_t)snprintf(out, 32, "%lld", (long long)v);
  }
  int n = 0;
  for (int prec = 15; prec <= 17; prec++) {
    n = snprintf(out, 32, "%.*g", prec, v);
    if (strtod(out, NULL) == v) {
      break;
    }
  }
  return (size_t)n;
}
