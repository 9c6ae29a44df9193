/*
 * member_import: the 党员基本信息汇总表 (DOMAIN.md §0.3) in and out.
 *
 * Import is a pipeline in two steps:
 *   1. member_import_read: a file (xlsx or CSV, any encoding csv.h reads) → rows. Every sheet
 *      whose first 10 rows hold a header row (both 姓名 and 公民身份证号 among the known
 *      column names, any order, extra columns ignored, a second header row of a two-level
 *      header understood) is read; each data row is converted (dates from Excel serials or
 *      text, 是/否, ID numbers that must be text), its 所在党支部 resolved to a branch of the
 *      target org's subtree (full name, short name or code; an empty cell: the sheet's name,
 *      else the target org itself when it is a branch), checked with member_check, and ID
 *      numbers repeated within the file are flagged. A row with any problem is invalid; the
 *      problems go to the report with the sheet's own row number and the column.
 *   2. member_import_run: the valid rows against the database, inside ONE transaction: each
 *      row creates a member, updates one (in the target subtree, same ID number), or is
 *      unchanged; store refusals (the ID number belongs to someone outside the subtree)
 *      become row errors. Apply commits it together with an audit row per created / updated
 *      member and one "import" row; a dry run rolls everything back. A database failure
 *      rolls everything back and is returned as an error: all or nothing.
 *
 * The report (JSON, also the web page's view model and `dangjian import --format json`):
 *   {"file", "org": {id, name}, "sheets": [{name, header_row, rows}], "rows": data rows read,
 *    "valid", "invalid", "imported" (created + updated), "created", "updated", "unchanged",
 *    "applied": bool, "errors": [{row, sheet?, column, value, message}] (row order),
 *    "updates": [{row, sheet?, id_number (masked), name, changes: {列名: [old, new]}}],
 *    "skipped": [{row, sheet?, text}] (rows that are not records, e.g. a 填表人 footer),
 *    "warnings": [text]}
 * "sheet" appears only when the file has more than one sheet with a roster.
 *
 * Export (member_export.c): the members of a subtree as .xlsx (libxlsxwriter: title, header
 * row 4, data from row 5, frozen panes, widths, real dates, ID numbers as text) or CSV (UTF-8
 * with BOM, CRLF; ID numbers prefixed with a tab so that Excel keeps them as text). Columns:
 * the 20 of the common template plus 党员身份, 预备期满日期 and 身份证号例外说明, so that an
 * exported file imports back unchanged. Without `sensitive` ID numbers and phones are masked
 * (such a file cannot be imported back).
 *
 * Ownership: a MemberImport owns everything in it (member_import_free). Reports are new
 * references. No SQL here: member_store.c, org_store.c, member_import_store.c.
 */
#ifndef DJ_MEMBER_IMPORT_H
#define DJ_MEMBER_IMPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audit/audit.h"
#include "base/date.h"
#include "db/db.h"
#include "web/scope.h"

/* The columns the importer knows, in the export's order. */
typedef enum ImportField {
  IMP_SEQ,
  IMP_NAME,
  IMP_ORG,
  IMP_ID,
  IMP_GENDER,
  IMP_ETHNICITY,
  IMP_BIRTH,
  IMP_EDUCATION,
  IMP_CATEGORY,
  IMP_JOINED,
  IMP_FULL,
  IMP_POST,
  IMP_PHONE,
  IMP_LANDLINE,
  IMP_ADDRESS,
  IMP_STANDING,
  IMP_LOST,
  IMP_LOST_DATE,
  IMP_FLOWING,
  IMP_FLOW_DEST,
  IMP_STATUS,        /* 党员身份: absent → derived from the dates */
  IMP_PROBATION_END, /* 预备期满日期 (extended probation) */
  IMP_ID_REASON,     /* 身份证号例外说明: non-empty keeps an ID number that fails the checks */
  IMP_FIELD_COUNT
} ImportField;

/* Column names as users know them ("公民身份证号"), indexed by ImportField. */
extern const char *const member_import_columns[IMP_FIELD_COUNT];

typedef struct MemberImport MemberImport;

/* Progress of a long step: phase is a static Chinese word ("读取", "检查", "导入"). */
typedef void (*ImportProgress)(void *ctx, const char *phase, size_t done, size_t total);

typedef struct ImportOptions {
  Date today;              /* reference date of the checks (0-0-0: date_today()) */
  bool sensitive;          /* the report may show full ID numbers and phones */
  ImportProgress progress; /* may be NULL */
  void *progress_ctx;
  /* member_import_run: when set, more than max_failures rows refused by the store (rows
   * that the read step found valid) roll the whole run back: DB_CONSTRAINT, with *report
   * set to say which (applied false). For confirming a dry run whose failures were seen. */
  bool limit_failures;
  size_t max_failures;
} ImportOptions;

/*
 * Reads data[0..n) (xlsx when it starts like a zip, else CSV) named filename (for the
 * report), for the subtree of org_id, which must be in scope. Returns the parsed import, or
 * NULL with *err a malloc'd Chinese message (caller frees) when the file as a whole is
 * unusable: not xlsx/CSV, no header row in any sheet, org out of scope.
 */
MemberImport *member_import_read(Db *db, const Scope *scope, int64_t org_id, const void *data,
                                 size_t n, const char *filename, const ImportOptions *opt,
                                 char **err);
/* The same for a file on disk (xlsx read through libzip without loading it whole). */
MemberImport *member_import_read_file(Db *db, const Scope *scope, int64_t org_id,
                                      const char *path, const ImportOptions *opt, char **err);

/*
 * Runs the valid rows in one transaction (see above) as who; commits when apply, else rolls
 * back. Returns DB_OK and sets *report (new reference; the read step's errors included), or
 * a negative DbError (nothing written; *report NULL, except for limit_failures above;
 * db_errmsg says why). Inside a caller's
 * transaction it nests as a savepoint. May be called again (e.g. dry run, then apply).
 */
int member_import_run(Db *db, const Scope *scope, MemberImport *imp, const AuditActor *who,
                      bool apply, const ImportOptions *opt, json_t **report);

/* The parsed import as JSON (valid rows and the read step's report), to keep a pending import
 * between the upload and the confirmation; and back. member_import_load returns NULL when
 * the JSON is not what member_import_save wrote. */
json_t *member_import_save(const MemberImport *imp);
MemberImport *member_import_load(const json_t *saved);

/* The target org's id; the number of rows read; the number of invalid rows so far. */
int64_t member_import_org(const MemberImport *imp);
size_t member_import_rows(const MemberImport *imp);
size_t member_import_invalid(const MemberImport *imp);

void member_import_free(MemberImport *imp);

/* ---- export (member_export.c) ---- */

typedef enum ExportFormat { EXPORT_XLSX, EXPORT_CSV } ExportFormat;

/* Writes the members of the subtree of org_id (in scope) to path. *count (may be NULL) gets
 * the number of members. DB_OK, DB_NOTFOUND (org out of scope) or DB_ERR with *err a
 * malloc'd Chinese message (caller frees). */
int member_export_file(Db *db, const Scope *scope, int64_t org_id, ExportFormat format,
                       bool sensitive, Date today, const char *path, size_t *count, char **err);
/* The same into memory: *data malloc'd (caller frees), *n its size. */
int member_export_mem(Db *db, const Scope *scope, int64_t org_id, ExportFormat format,
                      bool sensitive, Date today, char **data, size_t *n, size_t *count,
                      char **err);
/* The stored text of column f (an ImportField) in a member row as member_get or member_list
 * gives it: what the export writes before masking, and what the import compares a file's row
 * with. NULL when empty; 是/否 for the flags; 正常 for an unset 党籍状态; the 例外说明 only
 * when the ID number is an exception. NULL for IMP_SEQ, IMP_ORG and IMP_ID, which are not
 * the row's own text. Borrowed from row, or static. */
const char *member_column_text(const json_t *row, int f);

/* ---- pending imports (member_import_store.c): kept between upload and confirmation ---- */

/* Stores payload (not stolen) for account_id with a new random token written to
 * token[33] (32 hex digits); imports older than a day are removed on the way. */
int import_pending_put(Db *db, int64_t account_id, const char *kind, const json_t *payload,
                       int64_t now, char token[33]);
/* The payload of the account's pending import with this token, or NULL (new reference). */
json_t *import_pending_get(Db *db, int64_t account_id, const char *token);
/* Removes it (DB_OK also when it was not there). */
int import_pending_delete(Db *db, int64_t account_id, const char *token);

#endif
