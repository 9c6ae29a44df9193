/*
 * attachment: photos and scans attached to a meeting record (optional — DOMAIN.md §0.1).
 *
 * Rules (attachment_rules.c, pure): which files are taken — JPEG, PNG, PDF, Word and Excel
 * (.docx/.xlsx, and the old .doc/.xls), recognised by their leading bytes, so a renamed file
 * of another kind is refused — and the limits per file and per record.
 * Store (attachment_store.c): list, add, read, remove, each limited to the caller's scope
 * through the record's org. Pages (attachment_pages.c): upload and remove on the record's
 * page while the record may still be changed (暂存, 退回重填), download whenever it may be read.
 */
#ifndef DJ_ATTACHMENT_H
#define DJ_ATTACHMENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "web/scope.h"

#define ATTACHMENT_MAX_BYTES ((size_t)10 * 1024 * 1024) /* one file */
#define ATTACHMENT_MAX_TOTAL ((size_t)40 * 1024 * 1024) /* all files of one record */
#define ATTACHMENT_MAX_COUNT 20                          /* files of one record */
#define ATTACHMENT_NAME_MAX 120                          /* characters of a file name */

/* ---- rules (attachment_rules.c) ---- */

/* The content type of a file named name holding data[0..n), or NULL with a Chinese reason in
 * *why ("文件是空的", "只能上传照片（JPG、PNG）、PDF、Word 或 Excel 文件", "文件超过 10 MB" …). */
const char *attachment_type(const char *name, const unsigned char *data, size_t n,
                            const char **why);
/* NULL when a record holding count files of total bytes may take one more of size bytes, else
 * the Chinese reason. */
const char *attachment_room(int count, size_t total, size_t size);
/* The size as people read it: "850 字节", "12.5 KB", "3.2 MB". */
void attachment_size_text(size_t n, char out[24]);

/* ---- store (attachment_store.c) ---- */

/* The files of meeting_id (in scope; else an empty array), oldest first, without their data:
 * [{id, name, content_type, size, uploaded_at, uploaded_by_login}]. NULL on error. */
json_t *attachment_list(Db *db, const Scope *scope, int64_t meeting_id);
/* How many files meeting_id has and their total size. DB_OK or an error. */
int attachment_usage(Db *db, int64_t meeting_id, int *count, size_t *total);
/* Adds a file to meeting_id (the caller checked scope, state and room). DB_OK with *id. */
int attachment_add(Db *db, int64_t meeting_id, const char *name, const char *content_type,
                   const void *data, size_t n, int64_t account_id, int64_t now, int64_t *id);
/* One file of meeting_id in scope: its name, type and data (malloc'd, caller frees), or
 * DB_NOTFOUND. */
int attachment_read(Db *db, const Scope *scope, int64_t meeting_id, int64_t id, char **name,
                    char **content_type, void **data, size_t *n);
/* Removes a file of meeting_id (the caller checked scope and state); DB_NOTFOUND when it is
 * not one of the record's. */
int attachment_remove(Db *db, int64_t meeting_id, int64_t id);

#endif
