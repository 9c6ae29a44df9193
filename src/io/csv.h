/*
 * csv: reads an uploaded CSV (or tab-separated) file into a Table (io/table.h), the same result
 * type as the xlsx reader, so the importer treats both alike.
 *
 * Owner: io (no domain knowledge). Thread-safe: no global state.
 *
 * Format: RFC 4180 — fields separated by a delimiter, records by CRLF, LF or CR; a field in
 * double quotes may contain delimiters, line breaks and "" (one quote). Lenient where Excel is:
 * a quote inside an unquoted field is a literal character, and text after a closing quote is
 * appended to the field ("ab"c -> abc). A quoted field still open at the end of the file is an
 * error. Line breaks inside a quoted field come back as "\n" (CRLF and CR folded, as in xlsx).
 *
 * Delimiter: comma, unless the first record clearly uses another: more tabs than commas ->
 * tab; otherwise more semicolons than commas -> semicolon. An Excel "sep=;" first line sets
 * it explicitly and is not a row. CsvOptions.delimiter overrides detection.
 *
 * Encoding: UTF-8 with or without BOM; UTF-16LE/BE with BOM (Excel's "Unicode text"); otherwise,
 * when the bytes are not valid UTF-8, GB18030 (a superset of GBK/GB2312, what older Excel and
 * WPS write on Chinese Windows), converted with iconv. Bytes valid in neither are an error.
 *
 * Rows: numbered by the line on which the record starts (1-based, counting every line of the
 * file, so a record after a quoted two-line field is numbered from the line it really starts
 * on). Records whose fields are all empty (blank lines, ",,,") are not stored. Every field of a
 * stored record is a cell: TABLE_TEXT, or TABLE_EMPTY when empty. No trimming, no type
 * guessing: "007" stays "007".
 *
 * Errors: a NULL return sets *err (when err is not NULL) to a malloc'd Chinese message the
 * caller frees, naming the line where it can ("CSV 文件第 12 行：引号没有闭合…").
 */
#ifndef DJ_CSV_H
#define DJ_CSV_H

#include <stddef.h>

#include "io/table.h"

#define CSV_MAX_BYTES ((size_t)200 << 20) /* largest file accepted */

typedef struct CsvOptions {
  size_t max_bytes; /* 0: CSV_MAX_BYTES */
  size_t max_rows;  /* records (blank ones included); 0: TABLE_MAX_ROW */
  size_t max_field; /* bytes of one field after decoding; 0: TABLE_MAX_TEXT */
  size_t max_cells; /* 0: TABLE_MAX_CELLS */
  char delimiter;   /* 0: detect; otherwise ',', '\t', ';' or any ASCII byte except '"', CR, LF */
} CsvOptions;

typedef struct CsvInfo {
  const char *encoding; /* static: "UTF-8", "UTF-8 BOM", "UTF-16LE", "UTF-16BE", "GB18030" */
  char delimiter;       /* the delimiter used */
} CsvInfo;

/* Parses data[0..n). opt and info may be NULL (defaults; no report). Returns a new Table
 * (caller frees with table_free; its name is NULL), or NULL with *err set. data is only read
 * during the call. */
Table *csv_read_mem(const void *data, size_t n, const CsvOptions *opt, CsvInfo *info, char **err);

/* The same for a file on disk; a file larger than max_bytes is refused before reading. */
Table *csv_read_file(const char *path, const CsvOptions *opt, CsvInfo *info, char **err);

#endif
