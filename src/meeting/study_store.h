/*
 * study_store: the SQL of study materials (学习材料) and key work topics (重点工作), schema
 * 008_study.sql, and only here; plus the record texts the text checks read
 * (meeting_check_text.c).
 *
 * Both kinds of row are registered by a district or town committee and apply to its subtree.
 * Scope: a row is visible to an account when its registering org is in the account's scope or
 * is an ancestor of one of the scope's roots (a branch sees what its town and district
 * registered); it can be changed only when its registering org is in the scope. Anything else
 * is "not found" (DB_NOTFOUND / NULL), exactly like a row that does not exist. Writes never
 * begin a transaction: the caller runs them inside its own, with its audit row.
 */
#ifndef DJ_STUDY_STORE_H
#define DJ_STUDY_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "db/db.h"
#include "web/scope.h"

/* A material as entered; strings borrowed, NULL or "" stored as NULL (title, body required). */
typedef struct StudyMaterialIn {
  int64_t org_id; /* the registering district or town committee */
  const char *title, *source, *body;
} StudyMaterialIn;

/* A key topic as entered; strings borrowed. keywords: one per line (already cleaned). */
typedef struct StudyTopicIn {
  int64_t org_id;
  const char *title, *keywords;
  const char *from, *to; /* 'YYYY-MM-DD', from <= to */
} StudyTopicIn;

/* The districts and towns in scope a material or topic can be registered for, by path:
 * [{id, name, kind, code}]. NULL on a database error. */
json_t *study_register_orgs(Db *db, const Scope *scope);

/* Materials visible in scope (see the top), newest first; retired ones only when
 * with_retired: [{id, org_id, org_name, title, source, chars (characters of the text),
 * retired_at, registered_at, registered_login, can_edit (0/1)}]. NULL on a database error. */
json_t *study_material_list(Db *db, const Scope *scope, bool with_retired);
/* One visible material with its body (and the columns of the list), or NULL. */
json_t *study_material_get(Db *db, const Scope *scope, int64_t id);
/* Creates (id 0; *out_id gets the new id) or replaces the fields of material id. The
 * registering org (in->org_id, and for an edit the stored one) must be in scope and be a
 * district or town: else DB_NOTFOUND. Caller's transaction. */
int study_material_save(Db *db, const Scope *scope, int64_t id, const StudyMaterialIn *in,
                        int64_t account_id, int64_t now, int64_t *out_id);
/* Retires (retire true) or restores material id (org in scope). DB_OK or DB_NOTFOUND. */
int study_material_retire(Db *db, const Scope *scope, int64_t id, bool retire, int64_t now);

/* The same for key topics: list [{id, org_id, org_name, title, keywords, period_from,
 * period_to, retired_at, registered_at, registered_login, can_edit}] ordered by period_from
 * descending; get; save; retire. */
json_t *study_topic_list(Db *db, const Scope *scope, bool with_retired);
json_t *study_topic_get(Db *db, const Scope *scope, int64_t id);
int study_topic_save(Db *db, const Scope *scope, int64_t id, const StudyTopicIn *in,
                     int64_t account_id, int64_t now, int64_t *out_id);
int study_topic_retire(Db *db, const Scope *scope, int64_t id, bool retire, int64_t now);

/* ---- for the checks ---- */
/*
 * Unscoped like meeting_store's check helpers: the caller restricts each call to a path range
 * [lo, hi) taken from the user's Scope (meeting_check) or checks scope itself (the similar
 * page). Strings are malloc'd and freed by the matching *_free.
 */

/* A material in use that applies to some org of [lo, hi): registered by an org inside the
 * range or by an ancestor of lo. */
typedef struct StudyCheckMaterial {
  int64_t id;
  char *org_path, *title, *source, *body;
} StudyCheckMaterial;
int study_check_materials(Db *db, const char *lo, const char *hi, StudyCheckMaterial **out,
                          size_t *n);
void study_check_materials_free(StudyCheckMaterial *a, size_t n);

/* A key topic in use, registered inside [lo, hi) or by an ancestor of lo, whose period
 * overlaps [from, to] ('YYYY-MM-DD', inclusive). */
typedef struct StudyCheckTopic {
  int64_t id;
  char *org_path, *org_name, *title, *keywords;
  Date from, to;
} StudyCheckTopic;
int study_check_topics(Db *db, const char *lo, const char *hi, const char *from, const char *to,
                       StudyCheckTopic **out, size_t *n);
void study_check_topics_free(StudyCheckTopic *a, size_t n);

/* One meeting record's texts. text: the minutes and the speeches (what the copy check
 * compares); touch: the topics, study title and lecture title (what, with text, the
 * key-topic check searches). */
typedef struct StudyCheckText {
  int64_t id, org_id;
  char *org_path, *org_name;
  char kind[24];
  Date held;
  bool held_counts; /* the state counts as held (not closed, not returned to hold again) */
  char *text, *touch;
} StudyCheckText;
/* Records of orgs in [lo, hi) held in [from, to) ('YYYY-MM-DD'), not closed, ordered by org,
 * held_at, id (meeting_id 0), or only record meeting_id when it is in the range. */
int study_check_texts(Db *db, const char *lo, const char *hi, const char *from, const char *to,
                      int64_t meeting_id, StudyCheckText **out, size_t *n);
void study_check_texts_free(StudyCheckText *a, size_t n);

#endif
