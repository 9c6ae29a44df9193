/*
 * member: persons and their party membership (党员花名册), positions and terms, the
 * responsibility chain (第一/直接/具体责任人) and contact cadres as persons.
 *
 * member_rules.c is pure (derived fields, record checks, statistics buckets); member_store.c
 * is the only SQL and limits every query to the caller's Scope (org paths; an id outside
 * the scope is "not found"); member_pages.c are the roster pages. ID numbers and phones are
 * validated by idcard.h.
 */
#ifndef DJ_MEMBER_H
#define DJ_MEMBER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "db/db.h"
#include "member/idcard.h"
#include "web/scope.h"

/* ---- enumerations (DOMAIN.md §0.3, §2, §8) ---- */
extern const char *const member_categories[]; /* 在职 离退休 农民 学生 下岗失业 其他, NULL-ended */
extern const char *const member_statuses[];   /* 预备党员 正式党员 */
extern const char *const member_standings[];  /* 正常 停止党籍 */
extern const char *const member_educations[]; /* 研究生 大学本科 大学专科 中专 高中 初中 小学及以下 */
extern const char *const position_bodies[];   /* 支部委员会 党委 村民委员会 村务监督委员会 党小组 驻村工作队 */
extern const char *const position_titles[];   /* 书记 副书记 组织委员 宣传委员 纪检委员 委员 村委会主任
                                                 村委会委员 监委会主任 监委会委员 第一书记 党小组长 */
bool member_enum_has(const char *const *list, const char *value);

/* ---- one member record, as entered or imported (strings borrowed) ---- */
typedef struct MemberRecord {
  const char *name, *gender, *ethnicity, *education;
  const char *id_number;        /* as typed; normalised by member_check */
  bool id_override;             /* keep an ID number that fails the checks (legacy records) */
  const char *id_override_reason;
  const char *birth_date;       /* 'YYYY-MM-DD' or NULL (derived from the ID number) */
  const char *phone, *landline, *address;
  const char *category, *status, *standing;
  const char *joined_date, *full_date, *probation_end; /* 'YYYY-MM-DD' or NULL */
  bool lost_contact;
  const char *lost_date;
  bool flowing;
  const char *flow_destination, *work_post;
} MemberRecord;

/* One problem found in a record: the field (column name as users know it, e.g. "公民身份证号")
 * and a Chinese reason. */
typedef struct MemberProblem {
  const char *field; /* "姓名", "公民身份证号", "性别", "出生日期", "手机号", "加入党组织日期", … */
  char message[160];
} MemberProblem;

/* Checks a record against the rules (today given for tests): name present; gender 男/女;
 * ID number valid (or overridden with a reason) and consistent with gender and birth date;
 * phone valid; category/status/standing/education from the lists; 入党 date before 转正 date
 * and 转正 at least a year after 入党 unless the probation was extended; 正式党员 has a
 * 转正 date or its probation has ended, 预备党员 has none; 失联日期 only when 失联; not in
 * the future. Fills out with normalised values (id18, phone, birth date, gender derived
 * from the ID number when absent). Returns the number of problems written to p (≤ max). */
typedef struct MemberNormal {
  char id_number[IDCARD_SIZE];
  char phone[PHONE_SIZE];
  char landline[PHONE_SIZE];
  char birth_date[DATE_ISO_SIZE];
  const char *gender; /* static "男"/"女" or NULL */
} MemberNormal;
int member_check(const MemberRecord *m, Date today, MemberNormal *out, MemberProblem *p,
                 int max);

/* Derived, never typed: age in completed years (-1 unknown); 党龄 in completed years from the
 * end of the probation (joined + 1 year, or probation_end when extended), -1 for a 预备党员
 * or unknown; voting right (正式党员 in 正常 standing). */
int member_age(const char *birth_date, Date today);
int member_standing_years(const char *status, const char *joined_date, const char *probation_end,
                          const char *full_date, Date today);
bool member_can_vote(const char *status, const char *standing);

/* Statistics buckets (党内统计公报): age band index 0..7 for ≤30, 31–35, …, 56–60, ≥61;
 * 入党 period 0..3 for 建国前, 建国后至十一届三中全会前, 三中全会后至十八大前, 十八大以来. */
extern const char *const member_age_bands[];    /* 8 labels */
extern const char *const member_join_periods[]; /* 4 labels */
int member_age_band(int age);
int member_join_period(const char *joined_date); /* -1 when unknown */

/* ---- positions and findings ---- */
/* Whether the 书记 of a branch has been vacant for more than 3 months on today, given the
 * end date of the last 书记 term ('YYYY-MM-DD', NULL if never one) and whether one is in
 * office now. */
bool member_secretary_vacant_too_long(bool in_office, const char *last_end, Date today);

/* ---- store (member_store.c): scoped ---- */
typedef struct MemberFilter {
  int64_t org_id;          /* the subtree to list (0: the whole scope) */
  const char *category;    /* NULL: any */
  const char *status;
  int age_min, age_max;    /* 0: no bound */
  int standing_min, standing_max; /* 党龄 bounds, 0: none */
  bool only_flowing, only_lost;
  const char *q;           /* name contains, or ID number ends with */
  const char *sort;        /* "name" (default), "joined", "birth" */
  int limit, offset;
} MemberFilter;

/* Members in scope matching f, as a JSON array (id, person_id, name, gender, birth_date,
 * id_number, phone, org_id, org_name, category, status, joined_date, full_date,
 * probation_end, standing, lost_contact, lost_date, flowing, flow_destination, work_post,
 * education, ethnicity, address); *total gets the count before limit/offset. */
json_t *member_list(Db *db, const Scope *scope, const MemberFilter *f, Date today, int *total);
/* One member in scope (same fields plus positions), or NULL. */
json_t *member_get(Db *db, const Scope *scope, int64_t member_id);
/* Inserts person + member under org_id (in scope), or updates them when a person with the
 * same ID number exists in scope (returns its member id in *id and sets *updated). The
 * record must have passed member_check; n holds its normalised values. */
int member_save(Db *db, const Scope *scope, int64_t org_id, const MemberRecord *m,
                const MemberNormal *n, int64_t now, int64_t *id, bool *updated);
/* Updates an existing member (in scope) by id. */
int member_update(Db *db, const Scope *scope, int64_t member_id, int64_t org_id,
                  const MemberRecord *m, const MemberNormal *n, int64_t now);
/* The member id of the person with this normalised ID number in scope, 0 when none. */
int64_t member_by_id_number(Db *db, const Scope *scope, const char *id18);
/* Counts per org subtree for statistics: JSON {total, full, probationary, female,
 * age_bands[8], join_periods[4], education {label: n}, category {label: n}, flowing, lost}. */
json_t *member_stats(Db *db, const Scope *scope, int64_t org_id, Date today);
/* Member counts of one org (for org_flags): members, full members. */
int member_counts(Db *db, int64_t org_id, int *members, int *full);

/* Positions, chain and contact cadres of an org in scope. */
json_t *member_positions(Db *db, const Scope *scope, int64_t org_id, bool current_only,
                         const char *today);
json_t *member_chain(Db *db, const Scope *scope, int64_t org_id, const char *today);
json_t *member_contacts(Db *db, const Scope *scope, int64_t org_id, const char *today);
int member_add_position(Db *db, int64_t person_id, int64_t org_id, const char *body,
                        const char *title, const char *start, const char *end);
int member_add_responsibility(Db *db, int64_t org_id, const char *level, int64_t person_id,
                              const char *start);

#endif
