/*
 * xlsx: reads Office Open XML workbooks (.xlsx, as written by Excel, WPS, LibreOffice and
 * libxlsxwriter) into Tables (io/table.h). Writing xlsx is done elsewhere with libxlsxwriter.
 *
 * Owner: io (no domain knowledge). Built on libzip (the archive) and expat (the XML, streamed
 * in chunks straight out of the inflater; no part is inflated whole into memory except the
 * shared-string table, which is kept as one buffer).
 *
 * What is read: the workbook (sheet names, order, visibility, 1900/1904 date system), its
 * relationships (where each sheet lives), the shared strings (rich-text runs concatenated,
 * phonetic runs left out, _xHHHH_ escapes decoded, white space kept as written), the styles
 * (which cell formats are dates: built-in formats 14-22, 27-36, 45-47, 50-58 and custom
 * formats with y, m, d, h or s outside quotes and brackets), each sheet's cells and its merged
 * ranges. Formulas are not evaluated: a formula cell gives its cached result, or nothing.
 * Cell kinds: t="s" and t="inlineStr" and t="str" -> TABLE_TEXT; t="b" -> TABLE_BOOL;
 * t="e" -> TABLE_ERROR; numbers -> TABLE_NUMBER or, with a date format, TABLE_DATE;
 * t="d" (ISO 8601 text) -> TABLE_DATE. Cells whose value is empty are left out. A cell
 * without an r attribute is the one after the previous cell of its row; a row without r is
 * the one after the previous row.
 *
 * Limits (each may be lowered with XlsxOptions): every archive entry read inflates to at most
 * XLSX_MAX_ENTRY bytes — checked against the declared size before reading and against the
 * bytes actually inflated while streaming, so a zip bomb is refused early; rows and columns as
 * in table.h; at most TABLE_MAX_CELLS cells per sheet; XLSX_MAX_SHEETS sheets.
 *
 * Errors: a NULL return sets *err (when err is not NULL) to a malloc'd Chinese message, which
 * the caller frees and may show to the user as it is, e.g.
 *   不是有效的 xlsx 文件：不是 zip 压缩包
 *   不是有效的 xlsx 文件：缺少 xl/workbook.xml
 *   不是有效的 xlsx 文件：xl/worksheets/sheet1.xml 解压后超过 200 MiB 上限（疑似压缩炸弹）
 *   工作表 xl/worksheets/sheet1.xml 第 7 行 XML 格式错误：标签不匹配
 *   工作表 xl/worksheets/sheet1.xml 第 3 行：共享字符串编号 12 超出范围（共 5 个）
 * ("第 N 行" in XML errors is the line of the XML part, which is what a developer needs; Excel
 * writes each part on one or two lines.) No input makes the reader crash or leak.
 *
 * Threads: a book is used by one thread at a time; distinct books are independent. Tables
 * returned by xlsx_sheet_read are independent of the book (free them in any order).
 * Numbers are parsed and printed with strtod/snprintf: the process must keep the "C"
 * LC_NUMERIC locale (dangjian never calls setlocale).
 */
#ifndef DJ_XLSX_H
#define DJ_XLSX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io/table.h"

#define XLSX_MAX_ENTRY ((size_t)200 << 20) /* inflated bytes of one archive entry */
#define XLSX_MAX_SHEETS 4096

typedef struct XlsxBook XlsxBook;

/* Limits; a zero field means the default named in the comment. */
typedef struct XlsxOptions {
  size_t max_entry_bytes; /* XLSX_MAX_ENTRY */
  size_t max_cells;       /* TABLE_MAX_CELLS, per sheet */
  uint32_t max_row;       /* TABLE_MAX_ROW: a row number above it is an error */
} XlsxOptions;

/* Opens a workbook held in memory (an upload). The bytes are copied: data may be freed as soon
 * as the call returns. Reads the workbook, relationships, styles and shared strings now, so
 * that a broken file is reported here; sheets are read on demand. opt may be NULL.
 * Returns the book (close with xlsx_close), or NULL with *err set. */
XlsxBook *xlsx_open_mem(const void *data, size_t n, const XlsxOptions *opt, char **err);

/* The same for a file on disk (read through libzip, not copied into memory). */
XlsxBook *xlsx_open_file(const char *path, const XlsxOptions *opt, char **err);

/* Frees the book; NULL is fine. Tables already read stay valid. */
void xlsx_close(XlsxBook *book);

/* Number of sheets (at least 1 in an opened book), in workbook order (the tab order). */
size_t xlsx_sheet_count(const XlsxBook *book);

/* The sheet's name as on its tab, borrowed until xlsx_close; NULL when index is out of range. */
const char *xlsx_sheet_name(const XlsxBook *book, size_t index);

/* The sheet's part in the archive ("xl/worksheets/sheet1.xml"), borrowed until xlsx_close;
 * NULL when index is out of range or the workbook names no part for it. */
const char *xlsx_sheet_path(const XlsxBook *book, size_t index);

/* True when the sheet is hidden or very hidden in Excel. */
bool xlsx_sheet_hidden(const XlsxBook *book, size_t index);

/* Index of the first sheet named name (exact byte comparison), or -1. */
long xlsx_sheet_find(const XlsxBook *book, const char *name);

/* Reads sheet index (0-based, workbook order) into a new Table whose name is the sheet's name:
 * cells at the sheet's own row and column numbers, plus its merged ranges. The caller frees
 * it with table_free. A chartsheet or a sheet without cells gives an empty table.
 * Returns NULL with *err set on malformed content or when a limit is exceeded. */
Table *xlsx_sheet_read(XlsxBook *book, size_t index, char **err);

/* True when the first bytes look like a zip archive ("PK\3\4"), e.g. to tell an uploaded
 * .xlsx from a .csv before choosing the reader. */
bool xlsx_sniff(const void *data, size_t n);

#endif
