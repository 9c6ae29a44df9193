/*
 * table: a sheet of cells as read from an uploaded file, the common result of the xlsx reader
 * (io/xlsx.h) and the CSV reader (io/csv.h), so that an importer treats both alike.
 *
 * Owner: io (no domain knowledge). A Table is immutable once a reader returns it; any number of
 * threads may read it. Free it with table_free(); every pointer into it (rows, cells, texts,
 * merges, name) is borrowed and invalid afterwards.
 *
 * Coordinates are as the user sees them in Excel: rows and columns 1-based, column 1 = "A".
 * Rows carry the file's own numbers: in an xlsx, row 5 is 5 even when rows 1-4 are missing or
 * merged; in a CSV, a row is numbered by the line on which its record starts.
 *
 * Which rows and cells are present:
 *   - rows[] holds only rows with at least one non-empty cell, in increasing row order (a
 *     malformed xlsx that repeats a row number yields two rows with the same number);
 *   - xlsx: a row's cells[] holds only cells with a value (styled blank cells are left out),
 *     in increasing column order;
 *   - CSV: a row's cells[] holds every field of the record, columns 1..n, empty fields as
 *     TABLE_EMPTY cells, so n is the field count and ragged rows are visible.
 *
 * Texts are UTF-8 without NUL bytes inside, NUL-terminated, never NULL ("" for empty cells).
 */
#ifndef DJ_TABLE_H
#define DJ_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Hard caps shared by both readers (each may be lowered through the readers' options). */
#define TABLE_MAX_ROW 2000000u           /* highest row number (Excel itself stops at 1048576) */
#define TABLE_MAX_COL 16384u             /* highest column number, "XFD" as in Excel */
#define TABLE_MAX_CELLS 20000000u        /* cells in one table */
#define TABLE_MAX_TEXT ((size_t)1 << 20) /* bytes of one cell's text (Excel allows 32767 chars) */

typedef enum {
  TABLE_EMPTY = 0, /* no value; text "" */
  TABLE_TEXT,      /* text: a string cell, a formula's string result, any CSV field */
  TABLE_NUMBER,    /* number: text is the value printed shortest-round-trip ("0.1", "45292") */
  TABLE_BOOL,      /* boolean: number 0 or 1, text "FALSE" or "TRUE" */
  TABLE_ERROR,     /* formula error: text as Excel shows it ("#DIV/0!", "#N/A") */
  TABLE_DATE,      /* a number with a date or time format: number is the Excel serial in the
                      1900 date system (1904-system books are converted); convert it with
                      date_from_excel_serial. text is "yyyy-mm-dd" when that conversion
                      succeeds, otherwise the number as for TABLE_NUMBER (pure times like 0.5) */
} TableKind;

typedef struct TableCell {
  const char *text; /* NUL-terminated UTF-8, borrowed from the table */
  double number;    /* NUMBER, DATE: the value; BOOL: 0 or 1; otherwise 0 */
  uint32_t len;     /* strlen(text) */
  uint32_t col;     /* 1-based column */
  uint8_t kind;     /* a TableKind */
} TableCell;

typedef struct TableRow {
  uint32_t row;           /* 1-based row number as in the file */
  uint32_t n;             /* number of cells */
  const TableCell *cells; /* n cells, increasing col */
  size_t first;           /* index of cells[0] in Table.cells */
} TableRow;

/* A merged range, inclusive on all sides; only its top-left cell holds a value. */
typedef struct TableMerge {
  uint32_t first_row, first_col, last_row, last_col;
} TableMerge;

typedef struct TableBlock TableBlock; /* private: the text arena */

typedef struct Table {
  char *name;     /* xlsx: the sheet's name; CSV: NULL */
  TableRow *rows; /* n_rows rows */
  size_t n_rows;
  TableCell *cells; /* all cells, row by row */
  size_t n_cells;
  TableMerge *merges; /* xlsx <mergeCells>, in file order; CSV: none */
  size_t n_merges;
  /* private to the readers */
  TableBlock *blocks;
  size_t rows_alloc, cells_alloc, merges_alloc;
  size_t max_cells;
  TableMerge *merges_by_row; /* merges sorted by first_row, for table_merge_at */
  uint32_t merge_span;       /* the largest last_row - first_row */
  bool row_open;
} Table;

/* Frees the table and everything in it; NULL is fine. */
void table_free(Table *t);

/* The row with number row, or NULL when that row is absent (empty). O(log n). */
const TableRow *table_row(const Table *t, uint32_t row);

/* The cell at (row, col) exactly as stored, or NULL when absent. O(log n). */
const TableCell *table_cell(const Table *t, uint32_t row, uint32_t col);

/* As the user sees it: when (row, col) lies inside a merged range and holds no value, the
 * range's top-left cell; otherwise table_cell(). NULL when that is absent too. */
const TableCell *table_value(const Table *t, uint32_t row, uint32_t col);

/* The merged range containing (row, col), or NULL. O(log n) plus the merges starting within
 * the tallest merge's height above row. */
const TableMerge *table_merge_at(const Table *t, uint32_t row, uint32_t col);

/* table_value()'s text, or "" when absent. Borrowed from the table. */
const char *table_text(const Table *t, uint32_t row, uint32_t col);

/* Column letters of a 1-based column into out ("A", "T", "AA", "XFD"); returns out.
 * out must hold 8 bytes. col 0 or past TABLE_MAX_COL gives "?". */
char *table_col_name(uint32_t col, char out[8]);

/* Parses a cell reference "B7" (letters then digits, case-insensitive) into 1-based row and
 * column. Returns 0, or -1 when malformed or out of range (TABLE_MAX_ROW, TABLE_MAX_COL).
 * A reference without digits ("B") sets *row to 0. */
int table_parse_ref(const char *s, size_t n, uint32_t *row, uint32_t *col);

/* Writes the shortest text that strtod reads back as v ("0.1", "45292", "1e+300") into out;
 * NaN and infinities give "NaN", "Inf", "-Inf". Returns the length. out must hold 32 bytes. */
size_t table_format_number(double v, char out[32]);

/* ---- building (for the readers in src/io only) ------------------------------------------- */

/* An empty table; max_cells 0 means TABLE_MAX_CELLS. Aborts on out-of-memory. */
Table *table_new(size_t max_cells);
/* Copies s[0..n) plus a NUL into the table's arena; the copy lives as long as the table. */
const char *table_strdup(Table *t, const char *s, size_t n);
/* Starts row number row. Rows may come in any order (table_finish sorts). */
void table_row_begin(Table *t, uint32_t row);
/* Appends a cell to the open row. text must already live in the table (table_strdup) or be
 * static; len its length. Returns 0, or -1 when the table already holds max_cells cells. */
int table_cell_add(Table *t, uint32_t col, TableKind kind, const char *text, size_t len,
                   double number);
/* Closes the open row; a row without cells is dropped. */
void table_row_end(Table *t);
/* Records a merged range. */
void table_merge_add(Table *t, TableMerge m);
/* Sorts rows (and cells within rows) if they came out of order and sets the cells pointers.
 * Call once when done building, before handing the table out. */
void table_finish(Table *t);

#endif
