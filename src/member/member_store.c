/*
 * The member roster's SQL: persons, membership, positions, the responsibility chain and
 * contact assignments. Scope: every read of org data is limited to the caller's ranges with
 * `o.path >= lo AND o.path < hi` (web/scope.h), looping over the ranges as org_store.c does;
 * a subtree filter (org_id) narrows the query to that org's own range once the org is known
 * to be in scope. Dates are bound 'YYYY-MM-DD' strings compared as text (no SQLite-only date
 * functions): ages and 党龄 become comparisons with member_years_ago(). Writes of several
 * rows run in the caller's transaction; nothing here begins or commits one.
 */
#include "member/member.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/banned.h"

/* ---- helpers ------------------------------------------------------------------------------- */

/* The ranges a query covers: one org's subtree, or the whole scope. */
typedef struct Ranges {
  size_t n;
  char *const *lo;
  char *const *hi;
  char *one_lo[1], *one_hi[1]; /* owned, for an org's subtree */
} Ranges;

/* The exclusive upper bound of the subtree at path ("/1/4/" → "/1/40"), malloc'd. */
static char *subtree_hi(const char *path) {
  size_t n = strlen(path);
  char *hi = malloc(n + 1);
  if (!hi) {
    abort();
  }
  memcpy(hi, path, n);
  hi[n - 1] = '0';
  hi[n] = '\0';
  return hi;
}

/* DB_OK, or DB_NOTFOUND when org_id (not 0) is outside the scope. */
static int ranges_of(Db *db, const Scope *scope, int64_t org_id, Ranges *r) {
  memset(r, 0, sizeof *r);
  if (!org_id) {
    r->n = scope->n;
    r->lo = scope->lo;
    r->hi = scope->hi;
    return DB_OK;
  }
  char *path = org_path_of(db, scope, org_id);
  if (!path || !*path) {
    free(path);
    return DB_NOTFOUND;
  }
  r->one_lo[0] = path;
  r->one_hi[0] = subtree_hi(path);
  r->n = 1;
  r->lo = r->one_lo;
  r->hi = r->one_hi;
  return DB_OK;
}

static void ranges_free(Ranges *r) {
  free(r->one_lo[0]);
  free(r->one_hi[0]);
  memset(r, 0, sizeof *r);
}

/* A trimmed copy of s, or NULL when s is NULL or blank (stored as SQL NULL). */
static char *clean(const char *s) {
  if (!s) {
    return NULL;
  }
  char *t = utf8_trim(s, strlen(s));
  if (t && !*t) {
    free(t);
    return NULL;
  }
  return t;
}

static const char *or_null(const char *s) { return s && *s ? s : NULL; }

static int done_rc(int rc) { return rc == DB_DONE ? DB_OK : (rc < 0 ? rc : DB_ERR); }

static void today_iso(const char *today, char out[DATE_ISO_SIZE]) {
  if (today && *today) {
    snprintf(out, DATE_ISO_SIZE, "%s", today);
  } else {
    date_format_iso(date_today(), out);
  }
}

/* ---- person and member rows ------------------------------------------------------------- */

typedef struct Clean {
  char *name, *ethnicity, *education, *address, *reason, *category, *status, *standing, *dest,
      *post;
} Clean;

static void clean_record(const MemberRecord *m, Clean *c) {
  c->name = clean(m->name);
  c->ethnicity = clean(m->ethnicity);
  c->education = clean(m->education);
  c->address = clean(m->address);
  c->reason = m->id_override ? clean(m->id_override_reason) : NULL;
  c->category = clean(m->category);
  c->status = clean(m->status);
  c->standing = clean(m->standing);
  c->dest = m->flowing ? clean(m->flow_destination) : NULL;
  c->post = clean(m->work_post);
}

static void clean_free(Clean *c) {
  free(c->name);
  free(c->ethnicity);
  free(c->education);
  free(c->address);
  free(c->reason);
  free(c->category);
  free(c->status);
  free(c->standing);
  free(c->dest);
  free(c->post);
}

/* The pinyin-order key of a name ("" when it cannot be made); malloc'd. */
static char *name_key_of(const char *name) {
  char *k = name ? utf8_sort_key(name, strlen(name)) : NULL;
  return k ? k : strdup("");
}

static int person_insert(Db *db, const Clean *c, const MemberRecord *m, const MemberNormal *n,
                         int64_t now, int64_t *person_id) {
  char *key = name_key_of(c->name);
  int rc = db_exec(db,
                   "INSERT INTO person(name, name_key, gender, ethnicity, birth_date, id_number, "
                   "id_override, id_override_reason, education, phone, landline, address, "
                   "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   "ttttttdttttt"
                   "ii",
                   c->name ? c->name : "", key, n->gender, c->ethnicity, or_null(n->birth_date),
                   or_null(n->id_number), m->id_override ? 1 : 0, c->reason, c->education,
                   or_null(n->phone), or_null(n->landline), c->address, now, now);
  free(key);
  if (rc == DB_OK && person_id) {
    *person_id = db_last_id(db);
  }
  return rc;
}

static int person_update(Db *db, int64_t person_id, const Clean *c, const MemberRecord *m,
                         const MemberNormal *n, int64_t now) {
  char *key = name_key_of(c->name);
  int rc = db_exec(db,
                   "UPDATE person SET name = ?, name_key = ?, gender = ?, ethnicity = ?, "
                   "birth_date = ?, id_number = ?, id_override = ?, id_override_reason = ?, "
                   "education = ?, phone = ?, landline = ?, address = ?, updated_at = ? "
                   "WHERE id = ?",
                   "ttttttdtttttii", c->name ? c->name : "", key, n->gender, c->ethnicity,
                   or_null(n->birth_date), or_null(n->id_number), m->id_override ? 1 : 0,
                   c->reason, c->education, or_null(n->phone), or_null(n->landline), c->address,
                   now, person_id);
  free(key);
  return rc;
}

static int member_row_insert(Db *db, int64_t person_id, int64_t org_id, const Clean *c,
                             const MemberRecord *m, const MemberNormal *n, int64_t now,
                             int64_t *member_id) {
  int rc = db_exec(db,
                   "INSERT INTO member(person_id, org_id, category, status, joined_date, "
                   "full_date, probation_end, party_age_from, standing, lost_contact, "
                   "lost_date, flowing, flow_destination, work_post, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   "iitttttttdtdttii", person_id, org_id, c->category, c->status,
                   or_null(n->joined_date), or_null(n->full_date), or_null(n->probation_end),
                   or_null(n->party_age_from), c->standing ? c->standing : "正常",
                   m->lost_contact ? 1 : 0, m->lost_contact ? or_null(n->lost_date) : NULL,
                   m->flowing ? 1 : 0, c->dest, c->post, now, now);
  if (rc == DB_OK && member_id) {
    *member_id = db_last_id(db);
  }
  return rc;
}

static int member_row_update(Db *db, int64_t member_id, int64_t org_id, const Clean *c,
                             const MemberRecord *m, const MemberNormal *n, int64_t now) {
  return db_exec(db,
                 "UPDATE member SET org_id = ?, category = ?, status = ?, joined_date = ?, "
                 "full_date = ?, probation_end = ?, party_age_from = ?, standing = ?, "
                 "lost_contact = ?, lost_date = ?, flowing = ?, flow_destination = ?, "
                 "work_post = ?, updated_at = ? WHERE id = ?",
                 "ittttttt"
                 "dtdttii",
                 org_id, c->category, c->status, or_null(n->joined_date), or_null(n->full_date),
                 or_null(n->probation_end), or_null(n->party_age_from),
                 c->standing ? c->standing : "正常", m->lost_contact ? 1 : 0,
                 m->lost_contact ? or_null(n->lost_date) : NULL, m->flowing ? 1 : 0, c->dest,
                 c->post, now, member_id);
}

int member_insert(Db *db, int64_t org_id, const MemberRecord *m, const MemberNormal *n, int64_t now,
                  int64_t *member_id, int64_t *person_id) {
  Clean c;
  clean_record(m, &c);
  int64_t pid = 0, mid = 0;
  int rc = person_insert(db, &c, m, n, now, &pid);
  if (rc == DB_OK) {
    rc = member_row_insert(db, pid, org_id, &c, m, n, now, &mid);
  }
  clean_free(&c);
  if (member_id) {
    *member_id = rc == DB_OK ? mid : 0;
  }
  if (person_id) {
    *person_id = rc == DB_OK ? pid : 0;
  }
  return rc;
}

int member_add_person(Db *db, const MemberRecord *m, const MemberNormal *n, int64_t now,
                      int64_t *person_id) {
  Clean c;
  clean_record(m, &c);
  int rc = person_insert(db, &c, m, n, now, person_id);
  clean_free(&c);
  return rc;
}

/* ---- scoped lookups ------------------------------------------------------------------------ */

/* The member id of member_id when its org is in scope, else 0; *person_id gets its person. */
static int64_t member_in_scope(Db *db, const Scope *scope, int64_t member_id, int64_t *person_id) {
  for (size_t i = 0; i < scope->n; i++) {
    int64_t pid = db_int(db, 0,
                         "SELECT m.person_id FROM member m JOIN org o ON o.id = m.org_id "
                         "WHERE m.id = ? AND o.path >= ? AND o.path < ?",
                         "itt", member_id, scope->lo[i], scope->hi[i]);
    if (pid) {
      if (person_id) {
        *person_id = pid;
      }
      return member_id;
    }
  }
  return 0;
}

int64_t member_by_id_number(Db *db, const Scope *scope, const char *id18) {
  if (!id18 || !*id18) {
    return 0;
  }
  for (size_t i = 0; i < scope->n; i++) {
    int64_t id = db_int(db, 0,
                        "SELECT m.id FROM person p JOIN member m ON m.person_id = p.id "
                        "JOIN org o ON o.id = m.org_id "
                        "WHERE p.id_number = ? AND o.path >= ? AND o.path < ?",
                        "ttt", id18, scope->lo[i], scope->hi[i]);
    if (id) {
      return id;
    }
  }
  return 0;
}

/* Whether a person who is not a member may be adopted by this scope: every org the person
 * is linked to (positions, responsibilities, contact assignments) lies in the scope. Counted
 * in SQL: all links versus the links inside each range (ranges are disjoint). */
static bool person_links_in_scope(Db *db, const Scope *scope, int64_t person_id) {
  int64_t all = db_int(db, -1,
                       "SELECT (SELECT count(*) FROM position WHERE person_id = ?) + "
                       "(SELECT count(*) FROM responsibility WHERE person_id = ?) + "
                       "(SELECT count(*) FROM contact_assignment WHERE person_id = ?)",
                       "iii", person_id, person_id, person_id);
  int64_t inside = 0;
  for (size_t i = 0; i < scope->n && all > 0; i++) {
    inside += db_int(db, 0,
                     "SELECT (SELECT count(*) FROM position x JOIN org o ON o.id = x.org_id "
                     "WHERE x.person_id = ?1 AND o.path >= ?2 AND o.path < ?3) + "
                     "(SELECT count(*) FROM responsibility x JOIN org o ON o.id = x.org_id "
                     "WHERE x.person_id = ?1 AND o.path >= ?2 AND o.path < ?3) + "
                     "(SELECT count(*) FROM contact_assignment x JOIN org o ON o.id = x.org_id "
                     "WHERE x.person_id = ?1 AND o.path >= ?2 AND o.path < ?3)",
                     "itt", person_id, scope->lo[i], scope->hi[i]);
  }
  return all >= 0 && inside == all;
}

int member_save(Db *db, const Scope *scope, int64_t org_id, const MemberRecord *m,
                const MemberNormal *n, int64_t now, int64_t *id, bool *updated) {
  if (id) {
    *id = 0;
  }
  if (updated) {
    *updated = false;
  }
  char *path = org_path_of(db, scope, org_id);
  if (!path) {
    return DB_NOTFOUND;
  }
  free(path);
  Clean c;
  clean_record(m, &c);
  int rc;
  int64_t mid = member_by_id_number(db, scope, n->id_number);
  int64_t pid = 0;
  if (mid) {
    /* the same person in scope: update */
    member_in_scope(db, scope, mid, &pid);
    rc = person_update(db, pid, &c, m, n, now);
    if (rc == DB_OK) {
      rc = member_row_update(db, mid, org_id, &c, m, n, now);
    }
    if (updated) {
      *updated = rc == DB_OK;
    }
  } else if (*n->id_number && (pid = db_int(db, 0, "SELECT id FROM person WHERE id_number = ?", "t",
                                            n->id_number)) != 0) {
    /* Known outside the scope's roster. A member elsewhere, or a person linked to orgs
     * outside the scope, is neither updated nor revealed: a conflict. */
    bool member = db_exists(db, "SELECT 1 FROM member WHERE person_id = ?", "i", pid);
    if (member || !person_links_in_scope(db, scope, pid)) {
      rc = DB_CONSTRAINT;
    } else {
      rc = person_update(db, pid, &c, m, n, now);
      if (rc == DB_OK) {
        rc = member_row_insert(db, pid, org_id, &c, m, n, now, &mid);
      }
      if (updated) {
        *updated = rc == DB_OK;
      }
    }
  } else {
    rc = person_insert(db, &c, m, n, now, &pid);
    if (rc == DB_OK) {
      rc = member_row_insert(db, pid, org_id, &c, m, n, now, &mid);
    }
  }
  clean_free(&c);
  if (id && rc == DB_OK) {
    *id = mid;
  }
  return rc;
}

int member_update(Db *db, const Scope *scope, int64_t member_id, int64_t org_id,
                  const MemberRecord *m, const MemberNormal *n, int64_t now) {
  int64_t pid = 0;
  char *path = org_path_of(db, scope, org_id);
  if (!path || !member_in_scope(db, scope, member_id, &pid)) {
    free(path);
    return DB_NOTFOUND;
  }
  free(path);
  if (*n->id_number && db_exists(db, "SELECT 1 FROM person WHERE id_number = ? AND id <> ?", "ti",
                                 n->id_number, pid)) {
    return DB_CONSTRAINT;
  }
  Clean c;
  clean_record(m, &c);
  int rc = person_update(db, pid, &c, m, n, now);
  if (rc == DB_OK) {
    rc = member_row_update(db, member_id, org_id, &c, m, n, now);
  }
  clean_free(&c);
  return rc;
}

/* ---- the roster list ----------------------------------------------------------------------- */

#define MEMBER_COLUMNS                                                                             \
  "m.id, m.person_id, p.name, p.gender, p.birth_date, p.id_number, p.phone, p.landline, "          \
  "m.org_id, o.short_name AS org_name, m.category, m.status, m.joined_date, m.full_date, "         \
  "m.probation_end, m.standing, m.lost_contact, m.lost_date, m.flowing, m.flow_destination, "      \
  "m.work_post, p.education, p.ethnicity, p.address, p.id_override, m.party_age_from, "          \
  "p.name_key"

#define MEMBER_FROM                                                                                \
  " FROM member m JOIN person p ON p.id = m.person_id JOIN org o ON o.id = m.org_id "

/* Every filter is optional: a NULL parameter switches its condition off. */
#define MEMBER_WHERE                                                                               \
  "WHERE o.path >= :lo AND o.path < :hi "                                                          \
  "AND (:category IS NULL OR m.category = :category) "                                             \
  "AND (:status IS NULL OR m.status = :status) "                                                   \
  "AND (:born_by IS NULL OR p.birth_date <= :born_by) "                                            \
  "AND (:born_after IS NULL OR p.birth_date > :born_after) "                                       \
  "AND (:party_by IS NULL OR m.party_age_from <= :party_by) "                                      \
  "AND (:party_after IS NULL OR m.party_age_from > :party_after) "                                 \
  "AND (:flowing = 0 OR m.flowing = 1) AND (:lost = 0 OR m.lost_contact = 1) "                     \
  "AND (:q IS NULL OR p.name LIKE :q_name ESCAPE '\\' OR p.id_number LIKE :q_id ESCAPE '\\') "

typedef struct ListParams {
  const char *category, *status;
  char born_by[DATE_ISO_SIZE], born_after[DATE_ISO_SIZE];
  char party_by[DATE_ISO_SIZE], party_after[DATE_ISO_SIZE];
  bool flowing, lost;
  char *q, *q_name, *q_id;
} ListParams;

/* LIKE pattern with % _ \ escaped: "%q%" (contains) or "%q" (ends with). */
static char *like_pattern(const char *q, bool contains, bool upper_x) {
  size_t n = strlen(q);
  char *p = malloc(2 * n + 3);
  if (!p) {
    abort();
  }
  size_t k = 0;
  p[k++] = '%';
  for (size_t i = 0; i < n; i++) {
    char ch = q[i];
    if (ch == '%' || ch == '_' || ch == '\\') {
      p[k++] = '\\';
    }
    p[k++] = upper_x && ch == 'x' ? 'X' : ch;
  }
  if (contains) {
    p[k++] = '%';
  }
  p[k] = '\0';
  return p;
}

static void list_params(const MemberFilter *f, Date today, ListParams *lp) {
  memset(lp, 0, sizeof *lp);
  lp->category = f->category && *f->category ? f->category : NULL;
  lp->status = f->status && *f->status ? f->status : NULL;
  if (f->age_min > 0) {
    member_years_ago(today, f->age_min, lp->born_by); /* age ≥ min */
  }
  if (f->age_max > 0) {
    member_years_ago(today, f->age_max + 1, lp->born_after); /* age < max + 1 */
  }
  if (f->standing_min > 0) {
    member_years_ago(today, f->standing_min, lp->party_by);
  }
  if (f->standing_max > 0) {
    member_years_ago(today, f->standing_max + 1, lp->party_after);
  }
  if (f->standing_min > 0 || f->standing_max > 0) {
    lp->status = "正式党员"; /* 党龄 bands list full members only */
  }
  lp->flowing = f->only_flowing;
  lp->lost = f->only_lost;
  lp->q = clean(f->q);
  if (lp->q) {
    lp->q_name = like_pattern(lp->q, true, false);
    lp->q_id = like_pattern(lp->q, false, true);
  }
}

static void list_params_free(ListParams *lp) {
  free(lp->q);
  free(lp->q_name);
  free(lp->q_id);
}

static void bind_list(DbStmt *st, const char *lo, const char *hi, const ListParams *lp) {
  db_bind_text_named(st, ":lo", lo);
  db_bind_text_named(st, ":hi", hi);
  db_bind_text_named(st, ":category", lp->category);
  db_bind_text_named(st, ":status", lp->status);
  db_bind_text_named(st, ":born_by", or_null(lp->born_by));
  db_bind_text_named(st, ":born_after", or_null(lp->born_after));
  db_bind_text_named(st, ":party_by", or_null(lp->party_by));
  db_bind_text_named(st, ":party_after", or_null(lp->party_after));
  db_bind_int_named(st, ":flowing", lp->flowing ? 1 : 0);
  db_bind_int_named(st, ":lost", lp->lost ? 1 : 0);
  db_bind_text_named(st, ":q", lp->q);
  db_bind_text_named(st, ":q_name", lp->q_name);
  db_bind_text_named(st, ":q_id", lp->q_id);
}

typedef enum { SORT_NAME, SORT_JOINED, SORT_BIRTH } SortKey;

/* The page: the ids are sorted and cut first (a sorter of (key, id) pairs instead of whole
 * rows: 5x faster on a district), then the rows of those ids are read. */
#define MEMBER_PAGE(order)                                                                         \
  "SELECT " MEMBER_COLUMNS MEMBER_FROM "WHERE m.id IN (SELECT m.id" MEMBER_FROM MEMBER_WHERE       \
  "ORDER BY " order " LIMIT :limit OFFSET :offset) ORDER BY " order

static DbStmt *prepare_page(Db *db, SortKey sort) {
  /* Name order is pinyin order for common characters: name_key is the GB18030 form of the
   * name (utf8_sort_key), whose level-1 characters are sorted by pinyin.
   * Dates: unknown last, written portably as (x IS NULL) first in the key. */
  switch (sort) {
  case SORT_JOINED:
    return db_prepare(db,
                      MEMBER_PAGE("(m.joined_date IS NULL), m.joined_date, p.name_key, m.id"));
  case SORT_BIRTH:
    return db_prepare(db, MEMBER_PAGE("(p.birth_date IS NULL), p.birth_date, p.name_key, m.id"));
  case SORT_NAME:
  default:
    return db_prepare(db, MEMBER_PAGE("p.name_key, m.id"));
  }
}

/* The same order in C, for merging the pages of several scope ranges. */

static int cmp_opt_text(const char *a, const char *b) {
  if (!a || !b) {
    return (a == NULL) - (b == NULL); /* unknown last */
  }
  return strcmp(a, b);
}

static const char *str_of(const json_t *row, const char *key) {
  return json_string_value(json_object_get(row, key));
}

static int cmp_rows(const void *x, const void *y, void *arg) {
  const json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
  SortKey sort = *(const SortKey *)arg;
  int c = 0;
  if (sort == SORT_JOINED) {
    c = cmp_opt_text(str_of(a, "joined_date"), str_of(b, "joined_date"));
  } else if (sort == SORT_BIRTH) {
    c = cmp_opt_text(str_of(a, "birth_date"), str_of(b, "birth_date"));
  }
  if (c == 0) {
    c = cmp_opt_text(str_of(a, "name_key"), str_of(b, "name_key"));
  }
  if (c == 0) {
    json_int_t ia = json_integer_value(json_object_get(a, "id"));
    json_int_t ib = json_integer_value(json_object_get(b, "id"));
    c = (ia > ib) - (ia < ib);
  }
  return c;
}

/* Adds age, party_years and can_vote to a row. */
static void add_derived(json_t *row, Date today) {
  const char *status = str_of(row, "status");
  json_object_set_new(row, "age", json_integer(member_age(str_of(row, "birth_date"), today)));
  json_object_set_new(row, "party_years",
                      json_integer(member_standing_years(status, str_of(row, "joined_date"),
                                                         str_of(row, "probation_end"),
                                                         str_of(row, "full_date"), today)));
  json_object_set_new(row, "can_vote",
                      json_boolean(member_can_vote(status, str_of(row, "standing"))));
}

json_t *member_list(Db *db, const Scope *scope, const MemberFilter *f, Date today, int *total) {
  if (total) {
    *total = 0;
  }
  json_t *out = json_array();
  Ranges r;
  if (ranges_of(db, scope, f->org_id, &r) != DB_OK) {
    return out; /* an org outside the scope lists nothing */
  }
  int limit = f->limit > 0 ? f->limit : 50;
  if (limit > 1000) {
    limit = 1000;
  }
  int offset = f->offset > 0 ? f->offset : 0;
  SortKey sort = SORT_NAME;
  if (f->sort && strcmp(f->sort, "joined") == 0) {
    sort = SORT_JOINED;
  } else if (f->sort && strcmp(f->sort, "birth") == 0) {
    sort = SORT_BIRTH;
  }
  ListParams lp;
  list_params(f, today, &lp);
  int count = 0;
  bool failed = false;
  for (size_t i = 0; i < r.n; i++) {
    DbStmt *st = db_prepare(db, "SELECT count(*)" MEMBER_FROM MEMBER_WHERE);
    bind_list(st, r.lo[i], r.hi[i], &lp);
    int rc = db_step(st);
    if (rc == DB_ROW) {
      count += (int)db_col_int(st, 0);
    } else {
      failed = true;
    }
    db_finalize(st);
    st = prepare_page(db, sort);
    bind_list(st, r.lo[i], r.hi[i], &lp);
    /* One range: the page itself. Several: the first offset + limit rows of each, merged. */
    db_bind_int_named(st, ":limit", r.n == 1 ? limit : offset + limit);
    db_bind_int_named(st, ":offset", r.n == 1 ? offset : 0);
    while ((rc = db_step(st)) == DB_ROW) {
      json_array_append_new(out, db_row_json(st));
    }
    failed |= rc != DB_DONE;
    db_finalize(st);
  }
  size_t n_ranges = r.n;
  list_params_free(&lp);
  ranges_free(&r);
  if (failed) {
    json_decref(out);
    return NULL;
  }
  if (n_ranges > 1) {
    size_t n = json_array_size(out);
    json_t **rows = malloc((n ? n : 1) * sizeof *rows);
    if (!rows) {
      abort();
    }
    for (size_t i = 0; i < n; i++) {
      rows[i] = json_incref(json_array_get(out, i));
    }
    qsort_r(rows, n, sizeof *rows, cmp_rows, &sort);
    json_array_clear(out);
    for (size_t i = (size_t)offset; i < n && i < (size_t)offset + (size_t)limit; i++) {
      json_array_append(out, rows[i]);
    }
    for (size_t i = 0; i < n; i++) {
      json_decref(rows[i]);
    }
    free(rows);
  }
  size_t i;
  json_t *row;
  json_array_foreach(out, i, row) { add_derived(row, today); }
  if (total) {
    *total = count;
  }
  return out;
}

json_t *member_get(Db *db, const Scope *scope, int64_t member_id) {
  json_t *row = NULL;
  for (size_t i = 0; !row && i < scope->n; i++) {
    DbStmt *st = db_prepare(db, "SELECT " MEMBER_COLUMNS ", o.path AS org_path, "
                                "p.id_override_reason" MEMBER_FROM
                                "WHERE m.id = ? AND o.path >= ? AND o.path < ?");
    db_bind_int(st, 1, member_id);
    db_bind_text(st, 2, scope->lo[i]);
    db_bind_text(st, 3, scope->hi[i]);
    if (db_step(st) == DB_ROW) {
      row = db_row_json(st);
    }
    db_finalize(st);
  }
  if (!row) {
    return NULL;
  }
  Date today = date_today();
  add_derived(row, today);
  char t[DATE_ISO_SIZE];
  date_format_iso(today, t);
  /* positions of the person, in orgs of the scope only */
  json_t *positions = json_array();
  int64_t pid = json_integer_value(json_object_get(row, "person_id"));
  for (size_t i = 0; i < scope->n; i++) {
    DbStmt *st = db_prepare(db, "SELECT x.id, x.org_id, o.short_name AS org_name, x.body, "
                                "x.title, x.start_date, x.end_date, "
                                "CASE WHEN x.start_date <= ?1 AND (x.end_date IS NULL OR "
                                "x.end_date >= ?1) THEN 1 ELSE 0 END AS current "
                                "FROM position x JOIN org o ON o.id = x.org_id "
                                "WHERE x.person_id = ?2 AND o.path >= ?3 AND o.path < ?4 "
                                "ORDER BY x.start_date DESC, x.id");
    db_bind_text(st, 1, t);
    db_bind_int(st, 2, pid);
    db_bind_text(st, 3, scope->lo[i]);
    db_bind_text(st, 4, scope->hi[i]);
    while (db_step(st) == DB_ROW) {
      json_array_append_new(positions, db_row_json(st));
    }
    db_finalize(st);
  }
  json_object_set_new(row, "positions", positions);
  return row;
}

/* ---- statistics ---------------------------------------------------------------------------- */

static void add_count(json_t *obj, const char *key, int64_t n) {
  json_t *v = json_object_get(obj, key);
  json_object_set_new(obj, key, json_integer((v ? json_integer_value(v) : 0) + n));
}

/* The index of value in a NULL-ended list, or n (the list's length: "other") when absent. */
static int enum_index(const char *const *list, const char *value) {
  int i = 0;
  for (; list[i]; i++) {
    if (value && strcmp(list[i], value) == 0) {
      return i;
    }
  }
  return i;
}

json_t *member_stats(Db *db, const Scope *scope, int64_t org_id, Date today) {
  Ranges r;
  if (ranges_of(db, scope, org_id, &r) != DB_OK) {
    return NULL;
  }
  /* One pass over the subtree reading a few columns, bucketed here with the same text
   * comparisons SQL would make: age < k ⇔ birth_date > member_years_ago(today, k). */
  char under[7][DATE_ISO_SIZE];
  for (int k = 0; k < 7; k++) {
    member_years_ago(today, member_age_band_lows[k + 1], under[k]);
  }
  int64_t total = 0, full = 0, female = 0, minority = 0, flowing = 0, lost = 0, stopped = 0;
  int64_t age_unknown = 0, join_unknown = 0, ages[8] = {0}, periods[4] = {0};
  int64_t edu[8] = {0}, unfilled = 0, cat[7] = {0};
  json_t *edu_other = json_object(), *cat_other = json_object();
  bool failed = false;
  for (size_t i = 0; i < r.n; i++) {
    DbStmt *st =
        db_prepare(db, "SELECT p.birth_date, p.gender, p.ethnicity, p.education, "
                       "m.category, m.status, m.joined_date, m.flowing, "
                       "m.lost_contact, m.standing" MEMBER_FROM "WHERE o.path >= ? AND o.path < ?");
    db_bind_text(st, 1, r.lo[i]);
    db_bind_text(st, 2, r.hi[i]);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
      total++;
      const char *birth = db_col_text(st, 0), *gender = db_col_text(st, 1);
      const char *ethnicity = db_col_text(st, 2), *education = db_col_text(st, 3);
      const char *category = db_col_text(st, 4), *status = db_col_text(st, 5);
      const char *joined = db_col_text(st, 6), *standing = db_col_text(st, 9);
      full += status && strcmp(status, "正式党员") == 0;
      female += gender && strcmp(gender, "女") == 0;
      minority +=
          ethnicity && *ethnicity && strcmp(ethnicity, "汉族") != 0 && strcmp(ethnicity, "汉") != 0;
      flowing += db_col_int(st, 7) != 0;
      lost += db_col_int(st, 8) != 0;
      stopped += standing && strcmp(standing, "停止党籍") == 0;
      if (!birth) {
        age_unknown++;
      } else {
        int band = 7;
        for (int k = 0; k < 7; k++) {
          if (strcmp(birth, under[k]) > 0) {
            band = k;
            break;
          }
        }
        ages[band]++;
      }
      if (!joined) {
        join_unknown++;
      } else {
        int period = 0;
        for (int k = 3; k > 0; k--) {
          if (strcmp(joined, member_join_period_starts[k]) >= 0) {
            period = k;
            break;
          }
        }
        periods[period]++;
      }
      if (!education || !*education) {
        unfilled++;
      } else {
        int e = enum_index(member_educations, education);
        if (member_educations[e]) {
          edu[e]++;
        } else {
          add_count(edu_other, education, 1);
        }
      }
      int c = enum_index(member_categories, category);
      if (member_categories[c]) {
        cat[c]++;
      } else if (category) {
        add_count(cat_other, category, 1);
      }
    }
    failed |= rc != DB_DONE;
    db_finalize(st);
  }
  ranges_free(&r);
  if (failed) {
    json_decref(edu_other);
    json_decref(cat_other);
    return NULL;
  }
  json_t *age_bands = json_array(), *join_periods = json_array();
  for (int k = 0; k < 8; k++) {
    json_array_append_new(age_bands, json_integer(ages[k]));
  }
  for (int k = 0; k < 4; k++) {
    json_array_append_new(join_periods, json_integer(periods[k]));
  }
  /* education and category: the listed values in list order (those with members), then any
   * others, then 未填写 */
  json_t *education = json_object(), *category = json_object();
  for (int k = 0; member_educations[k]; k++) {
    if (edu[k]) {
      json_object_set_new(education, member_educations[k], json_integer(edu[k]));
    }
  }
  json_object_update(education, edu_other);
  if (unfilled) {
    json_object_set_new(education, "未填写", json_integer(unfilled));
  }
  for (int k = 0; member_categories[k]; k++) {
    if (cat[k]) {
      json_object_set_new(category, member_categories[k], json_integer(cat[k]));
    }
  }
  json_object_update(category, cat_other);
  json_decref(edu_other);
  json_decref(cat_other);
  return json_pack("{sI sI sI sI sI so sI so sI so so sI sI sI}", "total", (json_int_t)total,
                   "full", (json_int_t)full, "probationary", (json_int_t)(total - full), "female",
                   (json_int_t)female, "minority", (json_int_t)minority, "age_bands", age_bands,
                   "age_unknown", (json_int_t)age_unknown, "join_periods", join_periods,
                   "join_unknown", (json_int_t)join_unknown, "education", education, "category",
                   category, "flowing", (json_int_t)flowing, "lost", (json_int_t)lost, "stopped",
                   (json_int_t)stopped);
}

/* ---- counts for org_flags ------------------------------------------------------------------ */

int member_counts(Db *db, int64_t org_id, int *members, int *full) {
  *members = 0;
  *full = 0;
  char *path = db_text(db, "SELECT path FROM org WHERE id = ?", "i", org_id);
  if (!path) {
    return DB_NOTFOUND;
  }
  char *hi = subtree_hi(path);
  DbStmt *st = db_prepare(db, "SELECT count(*), coalesce(sum(CASE WHEN m.status = '正式党员' "
                              "THEN 1 ELSE 0 END), 0) FROM member m JOIN org o ON o.id = m.org_id "
                              "WHERE o.path >= ? AND o.path < ?");
  db_bind_text(st, 1, path);
  db_bind_text(st, 2, hi);
  int rc = db_step(st);
  if (rc == DB_ROW) {
    *members = (int)db_col_int(st, 0);
    *full = (int)db_col_int(st, 1);
    rc = DB_OK;
  } else {
    rc = rc < 0 ? rc : DB_ERR;
  }
  db_finalize(st);
  free(path);
  free(hi);
  return rc;
}

bool member_has_committee(Db *db, int64_t org_id, const char *today) {
  char t[DATE_ISO_SIZE];
  today_iso(today, t);
  return db_int(db, 0,
                "SELECT count(DISTINCT person_id) FROM position WHERE org_id = ?1 "
                "AND body IN ('支部委员会', '党委') AND start_date <= ?2 "
                "AND (end_date IS NULL OR end_date >= ?2)",
                "it", org_id, t) >= 3;
}

int member_org_counts(Db *db, int64_t org_id, const char *today, OrgCounts *out) {
  memset(out, 0, sizeof *out);
  int rc = member_counts(db, org_id, &out->members, &out->full_members);
  if (rc == DB_OK) {
    out->has_committee = member_has_committee(db, org_id, today);
  }
  return rc;
}

/* ---- positions, chain, contacts --------------------------------------------------------- */

static bool org_in_scope(Db *db, const Scope *scope, int64_t org_id) {
  char *path = org_path_of(db, scope, org_id);
  bool ok = path != NULL;
  free(path);
  return ok;
}

static json_t *rows_of(DbStmt *st) {
  json_t *out = json_array();
  while (db_step(st) == DB_ROW) {
    json_array_append_new(out, db_row_json(st));
  }
  db_finalize(st);
  return out;
}

/* The rows of st (finalised here), a query of an org's rows on a day: ?1 binds org_id, ?2 the
 * day (today; the current date when today is NULL or empty). */
static json_t *org_day_rows(DbStmt *st, int64_t org_id, const char *today) {
  char t[DATE_ISO_SIZE];
  today_iso(today, t);
  db_bind_int(st, 1, org_id);
  db_bind_text(st, 2, t);
  return rows_of(st);
}

/* Adds to each row the label of its column key from (codes, labels) as label_key ("" when
 * the code has no label). */
static void label_rows(json_t *rows, const char *key, const char *const *codes,
                       const char *const *labels, const char *label_key) {
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    const char *label = member_enum_label(codes, labels, str_of(row, key));
    json_object_set_new(row, label_key, json_string(label ? label : ""));
  }
}

/* Turns the 0/1 column "current" of each row into a boolean and, when key is not NULL, adds
 * the label of column key (label_rows). */
static void leader_rows_fix(json_t *rows, const char *key, const char *const *codes,
                            const char *const *labels, const char *label_key) {
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    json_object_set_new(row, "current",
                        json_boolean(json_integer_value(json_object_get(row, "current"))));
  }
  if (key) {
    label_rows(rows, key, codes, labels, label_key);
  }
}

json_t *member_positions(Db *db, const Scope *scope, int64_t org_id, bool current_only,
                         const char *today) {
  if (!org_in_scope(db, scope, org_id)) {
    return NULL;
  }
  DbStmt *st = db_prepare(
      db, "SELECT x.id, x.person_id, p.name, x.body, x.title, x.start_date, x.end_date, "
          "CASE WHEN x.start_date <= ?2 AND (x.end_date IS NULL OR x.end_date >= ?2) "
          "THEN 1 ELSE 0 END AS current "
          "FROM position x JOIN person p ON p.id = x.person_id WHERE x.org_id = ?1 "
          "AND (?3 = 0 OR (x.start_date <= ?2 AND (x.end_date IS NULL OR x.end_date >= ?2))) "
          "ORDER BY CASE x.body WHEN '党委' THEN 1 WHEN '支部委员会' THEN 2 "
          "WHEN '村民委员会' THEN 3 WHEN '村务监督委员会' THEN 4 WHEN '驻村工作队' THEN 5 "
          "ELSE 6 END, CASE x.title WHEN '书记' THEN 1 WHEN '副书记' THEN 2 "
          "WHEN '组织委员' THEN 3 WHEN '宣传委员' THEN 4 WHEN '纪检委员' THEN 5 "
          "WHEN '委员' THEN 6 WHEN '村委会主任' THEN 7 WHEN '监委会主任' THEN 8 "
          "WHEN '第一书记' THEN 9 ELSE 10 END, x.start_date DESC, x.id");
  db_bind_int(st, 3, current_only ? 1 : 0);
  json_t *out = org_day_rows(st, org_id, today);
  leader_rows_fix(out, NULL, NULL, NULL, NULL);
  return out;
}

json_t *member_chain(Db *db, const Scope *scope, int64_t org_id, const char *today) {
  if (!org_in_scope(db, scope, org_id)) {
    return NULL;
  }
  json_t *out = org_day_rows(
      db_prepare(db,
                 "SELECT r.id, r.level, r.person_id, p.name, r.start_date, r.end_date "
                 "FROM responsibility r JOIN person p ON p.id = r.person_id WHERE r.org_id = ?1 "
                 "AND r.start_date <= ?2 AND (r.end_date IS NULL OR r.end_date >= ?2) "
                 "ORDER BY CASE r.level WHEN 'first' THEN 1 WHEN 'direct' THEN 2 ELSE 3 END, "
                 "r.start_date, r.id"),
      org_id, today);
  label_rows(out, "level", member_responsibility_levels, member_responsibility_labels,
             "level_label");
  return out;
}

json_t *member_contacts(Db *db, const Scope *scope, int64_t org_id, const char *today) {
  if (!org_in_scope(db, scope, org_id)) {
    return NULL;
  }
  json_t *out = org_day_rows(
      db_prepare(db, "SELECT ca.id, ca.kind, ca.person_id, ca.account_id, "
                     "coalesce(p.name, a.name) AS name, ca.start_date, ca.end_date "
                     "FROM contact_assignment ca LEFT JOIN person p ON p.id = ca.person_id "
                     "LEFT JOIN account a ON a.id = ca.account_id WHERE ca.org_id = ?1 "
                     "AND ca.start_date <= ?2 AND (ca.end_date IS NULL OR ca.end_date >= ?2) "
                     "ORDER BY CASE ca.kind WHEN 'village_leader' THEN 1 WHEN 'resident_cadre' "
                     "THEN 2 WHEN 'instructor' THEN 3 ELSE 4 END, ca.start_date, ca.id"),
      org_id, today);
  label_rows(out, "kind", member_contact_kinds, member_contact_labels, "kind_label");
  return out;
}

/* ---- leadership and findings ----------------------------------------------------------- */

/* The 换届 due date of an org row (kind, term_start, term_years) into due; false if none. */
static bool term_due_of(const char *kind, const char *term_start, int64_t years, Date *due) {
  Date start;
  const char *why = NULL;
  if (!term_start || date_parse(term_start, strlen(term_start), &start, &why) != 0) {
    return false;
  }
  return org_term_due(kind, start, (int)years, due);
}

json_t *member_leadership(Db *db, const Scope *scope, int64_t org_id, Date today) {
  json_t *org = org_get(db, scope, org_id);
  if (!org) {
    return NULL;
  }
  char t[DATE_ISO_SIZE];
  date_format_iso(today, t);
  json_t *secretary = json_null();
  DbStmt *st = db_prepare(db, "SELECT x.person_id, p.name, x.start_date FROM position x "
                              "JOIN person p ON p.id = x.person_id WHERE x.org_id = ?1 "
                              "AND x.title = '书记' AND x.body IN ('支部委员会', '党委') "
                              "AND x.start_date <= ?2 AND (x.end_date IS NULL OR "
                              "x.end_date >= ?2) ORDER BY x.start_date DESC, x.id LIMIT 1");
  db_bind_int(st, 1, org_id);
  db_bind_text(st, 2, t);
  int64_t secretary_id = 0;
  if (db_step(st) == DB_ROW) {
    json_decref(secretary);
    secretary = db_row_json(st);
    secretary_id = db_col_int(st, 0);
  }
  db_finalize(st);
  char *last_end = NULL;
  json_t *vacant_since = json_null();
  if (!secretary_id) {
    last_end = db_text(db,
                       "SELECT max(end_date) FROM position WHERE org_id = ? AND title = '书记' "
                       "AND body IN ('支部委员会', '党委') AND end_date < ?",
                       "it", org_id, t);
    Date end;
    const char *why = NULL;
    if (last_end && date_parse(last_end, strlen(last_end), &end, &why) == 0) {
      char since[DATE_ISO_SIZE];
      json_decref(vacant_since);
      vacant_since = json_string(date_format_iso(date_add_days(end, 1), since));
    }
  }
  bool too_long = member_secretary_vacant_too_long(secretary_id != 0, last_end, today);
  free(last_end);
  bool one_shoulder =
      secretary_id && db_exists(db,
                                "SELECT 1 FROM position WHERE org_id = ?1 AND person_id = ?2 "
                                "AND title = '村委会主任' AND start_date <= ?3 "
                                "AND (end_date IS NULL OR end_date >= ?3)",
                                "iit", org_id, secretary_id, t);
  int64_t committee = db_int(db, 0,
                             "SELECT count(DISTINCT person_id) FROM position WHERE org_id = ?1 "
                             "AND body IN ('支部委员会', '党委') AND start_date <= ?2 "
                             "AND (end_date IS NULL OR end_date >= ?2)",
                             "it", org_id, t);
  const char *kind = str_of(org, "kind");
  const char *term_start = str_of(org, "term_start");
  Date due;
  json_t *term_due = json_null();
  bool expired = false;
  if (term_due_of(kind, term_start, json_integer_value(json_object_get(org, "term_years")), &due)) {
    char d[DATE_ISO_SIZE];
    json_decref(term_due);
    term_due = json_string(date_format_iso(due, d));
    expired = date_compare(due, today) < 0;
  }
  json_t *out = json_pack("{so so sb sb sI sb ss? so sb}", "secretary", secretary, "vacant_since",
                          vacant_since, "vacant_too_long", too_long, "one_shoulder", one_shoulder,
                          "committee_size", (json_int_t)committee, "has_committee", committee >= 3,
                          "term_start", term_start, "term_due", term_due, "term_expired", expired);
  json_object_set_new(out, "secretary_vacant", json_boolean(secretary_id == 0));
  json_decref(org);
  return out;
}

json_t *member_findings(Db *db, const Scope *scope, int64_t org_id, Date today) {
  Ranges r;
  if (ranges_of(db, scope, org_id, &r) != DB_OK) {
    return NULL;
  }
  char t[DATE_ISO_SIZE];
  date_format_iso(today, t);
  json_t *out = json_array();
  for (size_t i = 0; i < r.n; i++) {
    DbStmt *st = db_prepare(
        db, "SELECT o.id, o.short_name, o.kind, o.term_start, o.term_years, "
            "EXISTS (SELECT 1 FROM position x WHERE x.org_id = o.id AND x.title = '书记' "
            "AND x.body IN ('支部委员会', '党委') AND x.start_date <= :today "
            "AND (x.end_date IS NULL OR x.end_date >= :today)) AS in_office, "
            "(SELECT max(x.end_date) FROM position x WHERE x.org_id = o.id "
            "AND x.title = '书记' AND x.body IN ('支部委员会', '党委') "
            "AND x.end_date < :today) AS last_end "
            "FROM org o WHERE o.path >= :lo AND o.path < :hi AND o.dissolved IS NULL "
            "AND o.kind IN ('town', 'general', 'village', 'community', 'agency', "
            "'enterprise', 'joint') ORDER BY o.path");
    db_bind_text_named(st, ":today", t);
    db_bind_text_named(st, ":lo", r.lo[i]);
    db_bind_text_named(st, ":hi", r.hi[i]);
    while (db_step(st) == DB_ROW) {
      int64_t id = db_col_int(st, 0);
      const char *name = db_col_text(st, 1), *kind = db_col_text(st, 2);
      const char *last_end = db_col_text(st, 6);
      if (member_secretary_vacant_too_long(db_col_int(st, 5) != 0, last_end, today)) {
        Date end;
        char since[DATE_ISO_SIZE] = "";
        const char *why = NULL;
        if (last_end && date_parse(last_end, strlen(last_end), &end, &why) == 0) {
          date_format_iso(date_add_days(end, 1), since);
        }
        json_array_append_new(out, json_pack("{sI ss ss ss ss ss?}", "org_id", (json_int_t)id,
                                             "org_name", name, "kind", kind, "finding",
                                             "secretary_vacant", "text", "书记空缺超过3个月",
                                             "since", *since ? since : NULL));
      }
      Date due;
      if (term_due_of(kind, db_col_text(st, 3), db_col_int(st, 4), &due) &&
          date_compare(due, today) < 0) {
        char d[DATE_ISO_SIZE];
        json_array_append_new(out,
                              json_pack("{sI ss ss ss ss ss}", "org_id", (json_int_t)id, "org_name",
                                        name, "kind", kind, "finding", "term_expired", "text",
                                        "任期届满未换届", "since", date_format_iso(due, d)));
      }
    }
    db_finalize(st);
  }
  ranges_free(&r);
  return out;
}

/* ---- unscoped writes ----------------------------------------------------------------------- */

int member_add_position(Db *db, int64_t person_id, int64_t org_id, const char *body,
                        const char *title, const char *start, const char *end) {
  if (member_position_check(body, title)) {
    return DB_CONSTRAINT;
  }
  return db_exec(db,
                 "INSERT INTO position(person_id, org_id, body, title, start_date, end_date) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
                 "iitttt", person_id, org_id, body, title, start, or_null(end));
}

int member_add_responsibility(Db *db, int64_t org_id, const char *level, int64_t person_id,
                              const char *start) {
  return db_exec(db,
                 "INSERT INTO responsibility(org_id, level, person_id, start_date) "
                 "VALUES (?, ?, ?, ?)",
                 "itit", org_id, level, person_id, start);
}

int member_assign_contact(Db *db, int64_t person_id, int64_t account_id, int64_t org_id,
                          const char *kind, const char *start, const char *end) {
  DbStmt *st = db_prepare(db, "INSERT INTO contact_assignment(person_id, account_id, org_id, "
                              "kind, start_date, end_date) VALUES (?, ?, ?, ?, ?, ?)");
  if (person_id) {
    db_bind_int(st, 1, person_id);
  } else {
    db_bind_null(st, 1);
  }
  if (account_id) {
    db_bind_int(st, 2, account_id);
  } else {
    db_bind_null(st, 2);
  }
  db_bind_int(st, 3, org_id);
  db_bind_text(st, 4, kind);
  db_bind_text(st, 5, start);
  db_bind_text(st, 6, or_null(end));
  int rc = db_step(st);
  db_finalize(st);
  return done_rc(rc);
}

int member_link_account(Db *db, int64_t account_id, int64_t person_id) {
  return db_exec(db, "UPDATE contact_assignment SET person_id = ? WHERE account_id = ?", "ii",
                 person_id, account_id);
}

/* ---- leadership management ----------------------------------------------------------- */

/* Appends the rows of src (stolen; NULL accepted) to dst. */
static void leader_rows_append(json_t *dst, json_t *src) {
  if (src) {
    json_array_extend(dst, src);
    json_decref(src);
  }
}

json_t *member_leader_history(Db *db, const Scope *scope, int64_t org_id, const char *today) {
  if (!org_in_scope(db, scope, org_id)) {
    return NULL;
  }
  char t[DATE_ISO_SIZE];
  today_iso(today, t);
  json_t *chain = db_rows_json(
      db,
      "SELECT r.id, r.level, r.person_id, p.name, r.start_date, r.end_date, "
      "CASE WHEN r.start_date <= ?2 AND (r.end_date IS NULL OR r.end_date >= ?2) "
      "THEN 1 ELSE 0 END AS current "
      "FROM responsibility r JOIN person p ON p.id = r.person_id WHERE r.org_id = ?1 "
      "ORDER BY CASE r.level WHEN 'first' THEN 1 WHEN 'direct' THEN 2 ELSE 3 END, "
      "r.start_date DESC, r.id DESC",
      "it", org_id, t);
  json_t *contacts = db_rows_json(
      db,
      "SELECT ca.id, ca.kind, ca.person_id, ca.account_id, coalesce(p.name, a.name) AS name, "
      "ca.start_date, ca.end_date, "
      "CASE WHEN ca.start_date <= ?2 AND (ca.end_date IS NULL OR ca.end_date >= ?2) "
      "THEN 1 ELSE 0 END AS current "
      "FROM contact_assignment ca LEFT JOIN person p ON p.id = ca.person_id "
      "LEFT JOIN account a ON a.id = ca.account_id WHERE ca.org_id = ?1 "
      "ORDER BY ca.start_date DESC, ca.id DESC",
      "it", org_id, t);
  if (!chain || !contacts) {
    json_decref(chain);
    json_decref(contacts);
    return NULL;
  }
  leader_rows_fix(chain, "level", member_responsibility_levels, member_responsibility_labels,
                  "level_label");
  leader_rows_fix(contacts, "kind", member_contact_kinds, member_contact_labels, "kind_label");
  return json_pack("{s:o, s:o}", "chain", chain, "contacts", contacts);
}

json_t *member_leader_candidates(Db *db, const Scope *scope, int64_t org_id, bool cadres,
                                 const char *today) {
  json_t *org = org_get(db, scope, org_id);
  if (!org) {
    return NULL;
  }
  int64_t base = org_id;
  int64_t parent = json_integer_value(json_object_get(org, "parent_id"));
  json_decref(org);
  if (cadres && parent > 0 && org_in_scope(db, scope, parent)) {
    base = parent;
  }
  char t[DATE_ISO_SIZE];
  today_iso(today, t);
  json_t *rows = db_rows_json(
      db,
      "SELECT p.id AS person_id, p.name, "
      "(SELECT o.short_name FROM member m JOIN org o ON o.id = m.org_id "
      "WHERE m.person_id = p.id AND (o.id = ?1 OR o.parent_id = ?1)) AS org_name "
      "FROM person p WHERE p.id IN ("
      "SELECT m.person_id FROM member m JOIN org o ON o.id = m.org_id "
      "WHERE o.id = ?1 OR (o.parent_id = ?1 AND o.kind = 'agency' AND o.dissolved IS NULL) "
      "UNION SELECT person_id FROM position WHERE org_id IN (?1, ?3) AND start_date <= ?2 "
      "AND (end_date IS NULL OR end_date >= ?2) "
      "UNION SELECT person_id FROM responsibility WHERE org_id IN (?1, ?3) "
      "AND start_date <= ?2 AND (end_date IS NULL OR end_date >= ?2) "
      "UNION SELECT person_id FROM contact_assignment WHERE org_id = ?3 "
      "AND person_id IS NOT NULL AND start_date <= ?2 AND (end_date IS NULL OR end_date >= ?2)"
      ") ORDER BY p.name, p.id LIMIT 500",
      "iti", base, t, org_id);
  return rows;
}

bool member_person_in_scope(Db *db, const Scope *scope, int64_t person_id) {
  for (size_t i = 0; person_id > 0 && i < scope->n; i++) {
    if (db_exists(db,
                  "SELECT 1 WHERE EXISTS (SELECT 1 FROM member x JOIN org o ON o.id = x.org_id "
                  "WHERE x.person_id = ?1 AND o.path >= ?2 AND o.path < ?3) "
                  "OR EXISTS (SELECT 1 FROM position x JOIN org o ON o.id = x.org_id "
                  "WHERE x.person_id = ?1 AND o.path >= ?2 AND o.path < ?3) "
                  "OR EXISTS (SELECT 1 FROM responsibility x JOIN org o ON o.id = x.org_id "
                  "WHERE x.person_id = ?1 AND o.path >= ?2 AND o.path < ?3) "
                  "OR EXISTS (SELECT 1 FROM contact_assignment x JOIN org o ON o.id = x.org_id "
                  "WHERE x.person_id = ?1 AND o.path >= ?2 AND o.path < ?3)",
                  "itt", person_id, scope->lo[i], scope->hi[i])) {
      return true;
    }
  }
  return false;
}

/* Sort key of a person's rows: current first, then the newest start, then the newest id. */
static int leader_row_cmp(const void *x, const void *y) {
  const json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
  int ca = json_is_true(json_object_get(a, "current")), cb = json_is_true(json_object_get(b, "current"));
  if (ca != cb) {
    return cb - ca;
  }
  int c = cmp_opt_text(str_of(b, "start_date"), str_of(a, "start_date"));
  if (c) {
    return c;
  }
  json_int_t ia = json_integer_value(json_object_get(a, "id"));
  json_int_t ib = json_integer_value(json_object_get(b, "id"));
  return ia < ib ? 1 : ia > ib ? -1 : 0;
}

/* rows sorted by leader_row_cmp, as a new array (rows stolen). */
static json_t *leader_rows_sorted(json_t *rows) {
  size_t n = json_array_size(rows);
  json_t **a = calloc(n ? n : 1, sizeof *a);
  if (!a) {
    abort();
  }
  for (size_t i = 0; i < n; i++) {
    a[i] = json_array_get(rows, i);
  }
  qsort(a, n, sizeof *a, leader_row_cmp);
  json_t *out = json_array();
  for (size_t i = 0; i < n; i++) {
    json_array_append(out, a[i]);
  }
  free(a);
  json_decref(rows);
  return out;
}

json_t *member_person_view(Db *db, const Scope *scope, int64_t person_id, const char *today) {
  if (!member_person_in_scope(db, scope, person_id)) {
    return NULL;
  }
  char t[DATE_ISO_SIZE];
  today_iso(today, t);
  json_t *rows = db_rows_json(db, "SELECT id, name, gender FROM person WHERE id = ?", "i",
                              person_id);
  json_t *person = json_array_get(rows, 0);
  if (!person) {
    json_decref(rows);
    return NULL;
  }
  json_incref(person);
  json_decref(rows);
  json_t *member = NULL;
  json_t *positions = json_array(), *chain = json_array(), *contacts = json_array();
  for (size_t i = 0; i < scope->n; i++) {
    const char *lo = scope->lo[i], *hi = scope->hi[i];
    if (!member) {
      json_t *m = db_rows_json(db,
                               "SELECT m.id, m.org_id, o.short_name AS org_name, m.status "
                               "FROM member m JOIN org o ON o.id = m.org_id "
                               "WHERE m.person_id = ?1 AND o.path >= ?2 AND o.path < ?3",
                               "itt", person_id, lo, hi);
      member = json_array_get(m, 0);
      json_incref(member);
      json_decref(m);
    }
    leader_rows_append(
        positions,
        db_rows_json(db,
                     "SELECT x.id, x.org_id, o.short_name AS org_name, x.body, x.title, "
                     "x.start_date, x.end_date, CASE WHEN x.start_date <= ?4 AND "
                     "(x.end_date IS NULL OR x.end_date >= ?4) THEN 1 ELSE 0 END AS current "
                     "FROM position x JOIN org o ON o.id = x.org_id "
                     "WHERE x.person_id = ?1 AND o.path >= ?2 AND o.path < ?3",
                     "ittt", person_id, lo, hi, t));
    leader_rows_append(
        chain,
        db_rows_json(db,
                     "SELECT x.id, x.org_id, o.short_name AS org_name, x.level, x.start_date, "
                     "x.end_date, CASE WHEN x.start_date <= ?4 AND "
                     "(x.end_date IS NULL OR x.end_date >= ?4) THEN 1 ELSE 0 END AS current "
                     "FROM responsibility x JOIN org o ON o.id = x.org_id "
                     "WHERE x.person_id = ?1 AND o.path >= ?2 AND o.path < ?3",
                     "ittt", person_id, lo, hi, t));
    leader_rows_append(
        contacts,
        db_rows_json(db,
                     "SELECT x.id, x.org_id, o.short_name AS org_name, x.kind, x.start_date, "
                     "x.end_date, CASE WHEN x.start_date <= ?4 AND "
                     "(x.end_date IS NULL OR x.end_date >= ?4) THEN 1 ELSE 0 END AS current "
                     "FROM contact_assignment x JOIN org o ON o.id = x.org_id "
                     "WHERE x.person_id = ?1 AND o.path >= ?2 AND o.path < ?3",
                     "ittt", person_id, lo, hi, t));
  }
  leader_rows_fix(positions, NULL, NULL, NULL, NULL);
  leader_rows_fix(chain, "level", member_responsibility_levels, member_responsibility_labels,
                  "level_label");
  leader_rows_fix(contacts, "kind", member_contact_kinds, member_contact_labels, "kind_label");
  json_object_set_new(person, "member", member ? member : json_null());
  json_object_set_new(person, "positions", leader_rows_sorted(positions));
  json_object_set_new(person, "responsibilities", leader_rows_sorted(chain));
  json_object_set_new(person, "contacts", leader_rows_sorted(contacts));
  return person;
}

/* The first row of rows (stolen) as a new reference, or NULL. */
static json_t *leader_first_row(json_t *rows) {
  json_t *row = json_array_get(rows, 0);
  json_incref(row);
  json_decref(rows);
  return row;
}

json_t *member_position_of(Db *db, const Scope *scope, int64_t org_id, int64_t position_id) {
  if (!org_in_scope(db, scope, org_id)) {
    return NULL;
  }
  return leader_first_row(db_rows_json(
      db,
      "SELECT x.id, x.org_id, x.person_id, p.name, x.body, x.title, x.start_date, x.end_date "
      "FROM position x JOIN person p ON p.id = x.person_id WHERE x.id = ? AND x.org_id = ?",
      "ii", position_id, org_id));
}

json_t *member_contact_of(Db *db, const Scope *scope, int64_t org_id, int64_t assignment_id) {
  if (!org_in_scope(db, scope, org_id)) {
    return NULL;
  }
  return leader_first_row(db_rows_json(
      db,
      "SELECT ca.id, ca.org_id, ca.person_id, ca.account_id, coalesce(p.name, a.name) AS name, "
      "ca.kind, ca.start_date, ca.end_date FROM contact_assignment ca "
      "LEFT JOIN person p ON p.id = ca.person_id LEFT JOIN account a ON a.id = ca.account_id "
      "WHERE ca.id = ? AND ca.org_id = ?",
      "ii", assignment_id, org_id));
}

json_t *member_responsibility_of(Db *db, const Scope *scope, int64_t org_id,
                                 int64_t responsibility_id) {
  if (!org_in_scope(db, scope, org_id)) {
    return NULL;
  }
  return leader_first_row(db_rows_json(
      db,
      "SELECT r.id, r.org_id, r.level, r.person_id, p.name, r.start_date, r.end_date "
      "FROM responsibility r JOIN person p ON p.id = r.person_id WHERE r.id = ? AND r.org_id = ?",
      "ii", responsibility_id, org_id));
}

int64_t member_position_holder(Db *db, int64_t org_id, const char *body, const char *title,
                               const char *start, int64_t except_person, char **name) {
  if (name) {
    *name = NULL;
  }
  DbStmt *st = db_prepare(db, "SELECT x.person_id, p.name FROM position x "
                              "JOIN person p ON p.id = x.person_id WHERE x.org_id = ?1 "
                              "AND x.body = ?2 AND x.title = ?3 "
                              "AND (x.end_date IS NULL OR x.end_date > ?4) "
                              "AND x.person_id <> ?5 ORDER BY x.start_date DESC, x.id DESC "
                              "LIMIT 1");
  db_bind_int(st, 1, org_id);
  db_bind_text(st, 2, body);
  db_bind_text(st, 3, title);
  db_bind_text(st, 4, start);
  db_bind_int(st, 5, except_person);
  int64_t holder = 0;
  if (db_step(st) == DB_ROW) {
    holder = db_col_int(st, 0);
    if (name) {
      const char *n = db_col_text(st, 1);
      *name = n ? strdup(n) : NULL;
    }
  }
  db_finalize(st);
  return holder;
}

bool member_contact_open_exists(Db *db, int64_t org_id, int64_t person_id, const char *kind,
                                const char *today) {
  return db_exists(db,
                   "SELECT 1 FROM contact_assignment WHERE org_id = ? AND person_id = ? "
                   "AND kind = ? AND (end_date IS NULL OR end_date >= ?)",
                   "iitt", org_id, person_id, kind, today);
}

/* The result rc of an insert, with *id the new row's id (0 when rc is not DB_OK). */
static int leader_inserted(Db *db, int rc, int64_t *id) {
  *id = rc == DB_OK ? db_last_id(db) : 0;
  return rc;
}

/* The result rc of an update that ends one open row: DB_NOTFOUND when it changed none. */
static int leader_ended(Db *db, int rc) {
  return rc == DB_OK && db_changes(db) == 0 ? DB_NOTFOUND : rc;
}

int member_position_open(Db *db, int64_t person_id, int64_t org_id, const char *body,
                         const char *title, const char *start, int64_t *id) {
  return leader_inserted(db, member_add_position(db, person_id, org_id, body, title, start, NULL),
                         id);
}

int member_position_close(Db *db, int64_t org_id, int64_t position_id, const char *end) {
  return leader_ended(db, db_exec(db,
                                  "UPDATE position SET end_date = ? WHERE id = ? AND org_id = ? "
                                  "AND end_date IS NULL AND start_date <= ?",
                                  "tiit", end, position_id, org_id, end));
}

int member_responsibility_replace(Db *db, int64_t org_id, const char *level, int64_t person_id,
                                  const char *today, int64_t *id) {
  *id = 0;
  if (db_exists(db,
                "SELECT 1 FROM responsibility WHERE org_id = ? AND level = ? AND person_id = ? "
                "AND end_date IS NULL",
                "iti", org_id, level, person_id)) {
    return DB_OK;
  }
  /* end_date is the last day in office: the predecessor's is yesterday, the successor starts
   * today, so no day has two holders. */
  Date t;
  char yesterday[DATE_ISO_SIZE];
  if (date_parse(today, strlen(today), &t, NULL) != 0) {
    return DB_ERR;
  }
  date_format_iso(date_add_days(t, -1), yesterday);
  int rc = db_exec(db,
                   "UPDATE responsibility SET end_date = ?1 WHERE org_id = ?2 AND level = ?3 "
                   "AND (end_date IS NULL OR end_date > ?1)",
                   "tit", yesterday, org_id, level);
  if (rc == DB_OK) {
    rc = member_add_responsibility(db, org_id, level, person_id, today);
  }
  return leader_inserted(db, rc, id);
}

int member_contact_open(Db *db, int64_t person_id, int64_t org_id, const char *kind,
                        const char *start, int64_t *id) {
  int64_t account = db_int(db, 0,
                           "SELECT account_id FROM contact_assignment WHERE person_id = ? "
                           "AND account_id IS NOT NULL ORDER BY id DESC LIMIT 1",
                           "i", person_id);
  return leader_inserted(
      db, member_assign_contact(db, person_id, account, org_id, kind, start, NULL), id);
}

int member_contact_close(Db *db, int64_t org_id, int64_t assignment_id, const char *end) {
  return leader_ended(db, db_exec(db,
                                  "UPDATE contact_assignment SET end_date = ? WHERE id = ? "
                                  "AND org_id = ? AND end_date IS NULL AND start_date <= ?",
                                  "tiit", end, assignment_id, org_id, end));
}
