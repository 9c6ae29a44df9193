/*
 * ledger_xlsx: the meeting ledgers as .xlsx workbooks (libxlsxwriter), written from the very
 * view models the pages render (ledger_pages.h), so a download always matches the page.
 *
 * Formatting is that of a ledger kept in Excel: a title row and an information row (组织,
 * 期间, 制表时间), a bold shaded header row frozen and repeated on every printed page, column
 * widths, wrapped long text, dates and times as real Excel dates, A4 paper fitted to the page
 * width, sheet names in Chinese. No SQL, no request: the caller sends the bytes.
 */
#ifndef DJ_LEDGER_XLSX_H
#define DJ_LEDGER_XLSX_H

#include <jansson.h>
#include <stddef.h>

/* Sheet names. */
#define LEDGER_SHEET_MEETINGS "会议记录台账"
#define LEDGER_SHEET_SUMMARY "三会一课汇总"
/* The row (1-based, as Excel shows it) of the column headers in both workbooks: row 1 is the
 * title, row 2 the information line; the summary has a second header row below (应开/已开). */
#define LEDGER_XLSX_HEADER_ROW 3

/* The 会议记录台账 model (ledger_meetings_model) as a workbook in *data (malloc'd; the caller
 * frees it) of *n bytes, landscape. 0, or -1 with a malloc'd Chinese message in *err. */
int ledger_xlsx_meetings(const json_t *model, char **data, size_t *n, char **err);

/* The 三会一课汇总 model (ledger_summary_model) likewise: per meeting kind two numeric columns
 * (应开, 已开) under a merged kind header, the rate as a percentage, and a bold total row. */
int ledger_xlsx_summary(const json_t *model, char **data, size_t *n, char **err);

/* "<base>_<org name>_<period key>.xlsx" (malloc'd), with characters that file systems refuse
 * (/ \ : * ? " < > | and control characters) replaced by '_'. */
char *ledger_xlsx_filename(const char *base, const char *org_name, const char *period_key);

#endif
