/*
 * member: persons and their party membership (党员花名册), positions and terms, the
 * responsibility chain (第一/直接/具体责任人) and contact cadres as persons.
 *
 * member_rules.c is pure (derived fields, record checks, statistics buckets); member_store.c
 * is the only SQL and limits every query to the caller's Scope (org paths; an id outside
 * the scope is "not found"); member_pages.c are the roster pages. ID numbers and phones are
 * validated by idcard.h.
 *
 * Dates are 'YYYY-MM-DD' strings everywhere below, except that member_check accepts every
 * notation date_parse knows (2024年3月5日, 2024.3.5, an Excel serial …) and writes the ISO
 * form into MemberNormal; the store writes only MemberNormal's dates.
 */
#ifndef DJ_MEMBER_H
#define DJ_MEMBER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "db/db.h"
#include "member/idcard.h"
#include "org/org.h"
#include "web/scope.h"

/* ---- enumerations (DOMAIN.md §0.3, §2, §8) ---- */
extern const char *const member_categories[]; /* 在职 离退休 农民 学生 下岗失业 其他, NULL-ended */
extern const char *const member_statuses[];   /* 预备党员 正式党员 */
extern const char *const member_standings[];  /* 正常 停止党籍 */
extern const char *const member_educations[]; /* 研究生 大学本科 大学专科 中专 高中 初中 小学及以下 */
extern const char *const position_bodies[];   /* 支部委员会 党委 村民委员会 村务监督委员会 党小组 驻村工作队 */
extern const char *const position_titles[];   /* 书记 副书记 组织委员 宣传委员 纪检委员 委员 村委会主任
                                                 村委会委员 监委会主任 监委会委员 第一书记 党小组长 */
/* Responsibility levels as stored ("first", "direct", "specific") and their labels
 * (第一责任人, 直接责任人, 具体责任人); contact kinds as stored ("village_leader",
 * "resident_cadre", "instructor", "section_chief") and their labels (包村领导, 驻村干部,
 * 党建指导员, 科级干部包抓). Parallel NULL-ended lists. */
extern const char *const member_responsibility_levels[];
extern const char *const member_responsibility_labels[];
extern const char *const member_contact_kinds[];
extern const char *const member_contact_labels[];
bool member_enum_has(const char *const *list, const char *value);
/* The label parallel to code in (codes, labels), or NULL. Static. */
const char *member_enum_label(const char *const *codes, const char *const *labels,
                              const char *code);

/* ---- one member record, as entered or imported (strings borrowed) ---- */
typedef struct MemberRecord {
  const char *name, *gender, *ethnicity, *education;
  const char *id_number;        /* as typed; normalised by member_check */
  bool id_override;             /* keep an ID number that fails the checks (legacy records) */
  const char *id_override_reason;
  const char *birth_date;       /* any date_parse notation, or NULL (derived from the ID) */
  const char *phone, *landline, *address;
  const char *category, *status, *standing; /* standing NULL or "": 正常 */
  const char *joined_date, *full_date, *probation_end; /* any date_parse notation, or NULL */
  bool lost_contact;
  const char *lost_date;
  bool flowing;
  const char *flow_destination, *work_post;
} MemberRecord;

/* One problem found in a record: the field (column name as users know it, e.g. "公民身份证号")
 * and a Chinese reason that names the field itself, so it reads alone in an import report:
 * "「公民身份证号」校验码错误：最后一位应为 X". Field names used: 姓名, 公民身份证号,
 * 身份证号例外说明, 性别, 民族, 出生日期, 学历, 人员类别, 党员身份 (正式/预备), 党籍状态,
 * 加入党组织日期, 转为正式党员日期, 预备期满日期, 工作岗位, 手机号, 固定电话, 家庭住址,
 * 是否为失联党员, 失去联系日期, 是否为流动党员, 外出流向. */
typedef struct MemberProblem {
  const char *field; /* static */
  char message[160];
} MemberProblem;

/* Normalised values of a record that passed member_check (strings "" when absent). */
typedef struct MemberNormal {
  char id_number[IDCARD_SIZE]; /* 18 characters; with id_override the trimmed input as typed */
  char phone[PHONE_SIZE];
  char landline[PHONE_SIZE];
  char birth_date[DATE_ISO_SIZE]; /* entered, else from the ID number */
  const char *gender;             /* static "男"/"女" (entered, else from the ID), or NULL */
  char joined_date[DATE_ISO_SIZE];
  char full_date[DATE_ISO_SIZE];
  char probation_end[DATE_ISO_SIZE];
  char lost_date[DATE_ISO_SIZE];
  char party_age_from[DATE_ISO_SIZE]; /* member_party_age_from(); "" for a 预备党员 */
} MemberNormal;

/*
 * Checks a record against the rules, today given (tests, imports with a fixed date). Every
 * problem is reported, not only the first (at most one per field). Rules:
 *   姓名 present, at most 30 characters; 性别 男/女 when entered;
 *   公民身份证号 present and valid (idcard_normalize_on), or id_override with a
 *     身份证号例外说明; consistent with 出生日期 and 性别 (idcard_check_against);
 *   出生日期, 加入党组织日期, 转为正式党员日期, 失去联系日期: parse, not in the future;
 *   手机号 a mobile (a fixed line goes in 固定电话), 固定电话 any valid number;
 *   人员类别, 党员身份, 党籍状态, 学历 from the lists (学历 optional);
 *   加入党组织日期 present, at age 18 or later;
 *   转为正式党员日期 not before 加入党组织日期 and not before the end of the probation
 *     (入党 + 1 year, or 预备期满日期 when the probation was extended);
 *   预备期满日期 (extension) 6–12 months after the normal end (DOMAIN.md §3 step 23);
 *   正式党员: a 转为正式党员日期, or a probation already ended; 预备党员: no 转正 date;
 *   失去联系日期 only when 是否为失联党员, and required then; 外出流向 likewise with 流动;
 *   text fields within their lengths (民族 10, 工作岗位 50, 家庭住址 100, 外出流向 50).
 * Fills out with normalised values (out may be partly filled when problems are found).
 * Returns the number of problems written to p (≤ max; counting stops at max).
 */
int member_check(const MemberRecord *m, Date today, MemberNormal *out, MemberProblem *p,
                 int max);

/* Derived, never typed: age in completed years (-1 unknown); 党龄 in completed years from the
 * end of the probation (joined + 1 year, or probation_end when extended; full_date only
 * when joined_date is unknown), -1 for a 预备党员 or unknown; voting right (正式党员 in
 * 正常 standing; DOMAIN.md §1). Dates 'YYYY-MM-DD' (NULL or "" unknown). */
int member_age(const char *birth_date, Date today);
int member_standing_years(const char *status, const char *joined_date, const char *probation_end,
                          const char *full_date, Date today);
bool member_can_vote(const char *status, const char *standing);
/* The day 党龄 counts from, as above, into out ('YYYY-MM-DD'); false (out "") for a 预备党员
 * or when unknown. */
bool member_party_age_from(const char *status, const char *joined_date,
                           const char *probation_end, const char *full_date,
                           char out[DATE_ISO_SIZE]);
/* The latest date d such that someone born (or whose 党龄 starts) on d is at least `years`
 * completed years old on today, with idcard_age's 29 February rule: age(b) ≥ years ⇔
 * b ≤ member_years_ago(today, years). Lets SQL compare bound date strings instead of
 * computing ages. */
void member_years_ago(Date today, int years, char out[DATE_ISO_SIZE]);

/* Statistics buckets (党内统计公报): age band index 0..7 for ≤30, 31–35, …, 56–60, ≥61;
 * 入党 period 0..3 for 建国前, 建国后至十一届三中全会前, 三中全会后至十八大前, 十八大以来,
 * the periods starting on member_join_period_starts[1..3] (1949-10-01, 1978-12-18,
 * 2012-11-08; [0] is ""). */
extern const char *const member_age_bands[];    /* 8 labels */
extern const char *const member_join_periods[]; /* 4 labels */
extern const char *const member_join_period_starts[]; /* 4 dates */
extern const int member_age_band_lows[];        /* 0 31 36 41 46 51 56 61 */
int member_age_band(int age); /* -1 when age < 0 */
int member_join_period(const char *joined_date); /* -1 when unknown */

/* ---- positions and findings ---- */
/* NULL when title may be held in body, else a Chinese reason: 书记 … 委员 in 支部委员会 or
 * 党委; 村委会主任/委员 in 村民委员会; 监委会主任/委员 in 村务监督委员会; 党小组长 in 党小组;
 * 第一书记 in 驻村工作队. */
const char *member_position_check(const char *body, const char *title);
/* Whether the 书记 of a branch has been vacant for more than 3 months on today, given the
 * end date of the last 书记 term (its last day in office; NULL if never one, which counts
 * as too long) and whether one is in office now: vacant too long when !in_office and
 * today > last_end + 3 months. */
bool member_secretary_vacant_too_long(bool in_office, const char *last_end, Date today);

/* ---- store (member_store.c): scoped ---- */
typedef struct MemberFilter {
  int64_t org_id;          /* the subtree to list (0: the whole scope) */
  const char *category;    /* NULL: any */
  const char *status;
  int age_min, age_max;    /* 0: no bound */
  int standing_min, standing_max; /* 党龄 bounds, 0: none; any bound lists 正式党员 only */
  bool only_flowing, only_lost;
  const char *q;           /* name contains, or ID number ends with */
  const char *sort;        /* "name" (default), "joined", "birth" */
  int limit, offset;       /* limit 0: 50; at most 1000 */
} MemberFilter;

/* Members in scope matching f, as a JSON array (id, person_id, name, gender, birth_date,
 * id_number, phone, landline, org_id, org_name, category, status, joined_date, full_date,
 * probation_end, standing, lost_contact, lost_date, flowing, flow_destination, work_post,
 * education, ethnicity, address, id_override, party_age_from (stored, derived at save),
 * and computed on today: age, party_years (-1: none), can_vote). id_number and phone are
 * NOT masked: the pages mask them. Sort "name" is by the
 * name's bytes (UTF-8 order, not pinyin: SQLite has no pinyin collation; a pinyin key table
 * may come later), then id; "joined" and "birth" by that date (unknown last), then name.
 * *total gets the count before limit/offset. New reference; NULL on a database error. */
json_t *member_list(Db *db, const Scope *scope, const MemberFilter *f, Date today, int *total);
/* One member in scope (the fields above, derived on date_today(), plus org_path,
 * id_override_reason and positions [{id, org_id, org_name, body, title, start_date, end_date, current}]),
 * or NULL. */
json_t *member_get(Db *db, const Scope *scope, int64_t member_id);
/* Inserts person + member under org_id (in scope), or updates them when a person with the
 * same ID number exists in scope (returns its member id in *id and sets *updated). The
 * record must have passed member_check; n holds its normalised values.
 * A person with that ID number whose membership is outside the scope (or who has no
 * membership but positions, responsibilities or contact assignments outside it) is neither
 * updated nor revealed: DB_CONSTRAINT, *id 0. org_id out of scope: DB_NOTFOUND. Writes
 * several rows: run it inside the caller's transaction (the store never begins one). */
int member_save(Db *db, const Scope *scope, int64_t org_id, const MemberRecord *m,
                const MemberNormal *n, int64_t now, int64_t *id, bool *updated);
/* Updates an existing member (in scope) by id, moving it to org_id (in scope). DB_NOTFOUND
 * when either is out of scope; DB_CONSTRAINT when the new ID number belongs to another
 * person. Caller's transaction. */
int member_update(Db *db, const Scope *scope, int64_t member_id, int64_t org_id,
                  const MemberRecord *m, const MemberNormal *n, int64_t now);
/* The member id of the person with this normalised ID number in scope, 0 when none. */
int64_t member_by_id_number(Db *db, const Scope *scope, const char *id18);
/* Counts per org subtree (org_id 0: the whole scope) for statistics, in one pass over a few
 * columns bucketed with the rules (≈4 ms for a district of 5,000 members): JSON {total, full,
 * probationary, female, minority (民族 not 汉族), age_bands[8], age_unknown,
 * join_periods[4], join_unknown, education {label: n} (list order, then other values, then
 * 未填写), category {label: n}, flowing, lost, stopped (停止党籍)}. Ages on today. NULL when
 * org_id is out of scope. */
json_t *member_stats(Db *db, const Scope *scope, int64_t org_id, Date today);
/* Member counts of one org's subtree (the branch and its 党小组; for org_flags; no scope:
 * the caller has the org from a scoped read): members, full members. DB_OK or an error. */
int member_counts(Db *db, int64_t org_id, int *members, int *full);
/* Whether the org has a 支委会 on today: at least 3 persons in current 支部委员会 (or 党委)
 * positions. No scope, as member_counts. */
bool member_has_committee(Db *db, int64_t org_id, const char *today);
/* member_counts + member_has_committee into an OrgCounts for org_flags. */
int member_org_counts(Db *db, int64_t org_id, const char *today, OrgCounts *out);

/* Positions, chain and contact cadres of an org in scope (NULL when out of scope).
 * positions: [{id, person_id, name, body, title, start_date, end_date, current}] ordered by
 *   body, rank of title, start_date;
 * chain: current responsibilities [{id, level, level_label, person_id, name, start_date,
 *   end_date}] in the order first, direct, specific;
 * contacts: current assignments [{id, kind, kind_label, person_id, account_id, name,
 *   start_date, end_date}] (name: the person's, else the account's). */
json_t *member_positions(Db *db, const Scope *scope, int64_t org_id, bool current_only,
                         const char *today);
json_t *member_chain(Db *db, const Scope *scope, int64_t org_id, const char *today);
json_t *member_contacts(Db *db, const Scope *scope, int64_t org_id, const char *today);
/* The leadership of an org in scope, derived (NULL when out of scope): {secretary:
 * {person_id, name, start_date} | null, secretary_vacant, vacant_since (day after the last
 * 书记 term ended, or null), vacant_too_long (> 3 months: a finding), one_shoulder (the
 * 书记 is also 村委会主任), committee_size, has_committee, term_start, term_due ('YYYY-MM-DD'
 * 换届 due, org_term_due), term_expired (today is after term_due)}. */
json_t *member_leadership(Db *db, const Scope *scope, int64_t org_id, Date today);
/* Findings in the branches (village, community, agency, enterprise, joint, general) of a
 * subtree in scope (org_id 0: the whole scope): [{org_id, org_name, kind, finding, text,
 * since}] with finding "secretary_vacant" (书记空缺超过3个月, since = vacancy start) or
 * "term_expired" (换届 overdue, since = due date). */
json_t *member_findings(Db *db, const Scope *scope, int64_t org_id, Date today);

/* ---- unscoped writes: callers check scope first (org_get), or are the demo generator ---- */
/* Inserts person + member for a checked record under org_id; *member_id and *person_id
 * (either may be NULL) get the new ids. DB_CONSTRAINT when the ID number exists. */
int member_insert(Db *db, int64_t org_id, const MemberRecord *m, const MemberNormal *n,
                  int64_t now, int64_t *member_id, int64_t *person_id);
/* Inserts a person who is not (or not yet) a member, e.g. a cadre from a higher level. */
int member_add_person(Db *db, const MemberRecord *m, const MemberNormal *n, int64_t now,
                      int64_t *person_id);
/* Positions and responsibilities; end / start may be NULL. member_add_position refuses a
 * title the body cannot hold (member_position_check) with DB_CONSTRAINT. */
int member_add_position(Db *db, int64_t person_id, int64_t org_id, const char *body,
                        const char *title, const char *start, const char *end);
int member_add_responsibility(Db *db, int64_t org_id, const char *level, int64_t person_id,
                              const char *start);
/* A contact assignment of a person (account_id 0: the person has no account) to an org. */
int member_assign_contact(Db *db, int64_t person_id, int64_t account_id, int64_t org_id,
                          const char *kind, const char *start, const char *end);
/* Links every contact assignment of an account to a person. */
int member_link_account(Db *db, int64_t account_id, int64_t person_id);

/* ---- leadership management ---- */
/* (leader_pages.c: the 班子, chain and contact cadres of an org, and a person's page.) */

/* The chain and contact cadres of an org in scope, past ones included (NULL when out of
 * scope): {chain: [{id, level, level_label, person_id, name, start_date, end_date, current}]
 * ordered first, direct, specific, newest start first; contacts: [{id, kind, kind_label,
 * person_id, account_id, name, start_date, end_date, current}] newest start first}. current:
 * start_date <= today <= end_date (or no end). today NULL: date_today(). */
json_t *member_leader_history(Db *db, const Scope *scope, int64_t org_id, const char *today);
/* Persons to pick from for an org in scope, ordered by name then id: [{person_id, name,
 * org_name}] (org_name: the org of their membership when it is the base org or one of its
 * children, else null). The base is the org itself (cadres false: for positions and the
 * chain), or its parent when that is in scope (cadres true: for contact cadres, who come
 * from the level above). The set: members of the base and of its 机关 (agency) children, the
 * current holders of positions and responsibilities in the base or the org, and the org's
 * current contact cadres. At most 500. NULL when org_id is out of scope. */
json_t *member_leader_candidates(Db *db, const Scope *scope, int64_t org_id, bool cadres,
                                 const char *today);
/* Whether a person is visible in scope: a membership, position, responsibility or contact
 * assignment of theirs lies in one of its ranges. */
bool member_person_in_scope(Db *db, const Scope *scope, int64_t person_id);
/* A person visible in scope, with only the rows that lie in scope (NULL otherwise):
 * {id, name, gender, member: {id, org_id, org_name, status} | null, positions: [{id, org_id,
 * org_name, body, title, start_date, end_date, current}], responsibilities: [{id, org_id,
 * org_name, level, level_label, start_date, end_date, current}], contacts: [{id, org_id,
 * org_name, kind, kind_label, start_date, end_date, current}]}, current rows first, then
 * newest start first. */
json_t *member_person_view(Db *db, const Scope *scope, int64_t person_id, const char *today);
/* One position / responsibility / contact assignment of org_id, the org in scope, as JSON
 * (the columns of its table plus name, the person's), or NULL. */
json_t *member_position_of(Db *db, const Scope *scope, int64_t org_id, int64_t position_id);
json_t *member_contact_of(Db *db, const Scope *scope, int64_t org_id, int64_t assignment_id);
json_t *member_responsibility_of(Db *db, const Scope *scope, int64_t org_id,
                                 int64_t responsibility_id);
/* A person holding title in body of org_id after start (no end date, or an end date after
 * start: a successor may start on the day the predecessor leaves), other than except_person (0: anyone); 0 when none. *name (may be NULL)
 * gets a malloc'd name. Unscoped: the caller has the org from a scoped read. */
int64_t member_position_holder(Db *db, int64_t org_id, const char *body, const char *title,
                               const char *start, int64_t except_person, char **name);
/* Whether person holds an open contact assignment of kind at org_id. Unscoped, as above. */
bool member_contact_open_exists(Db *db, int64_t org_id, int64_t person_id, const char *kind,
                                const char *today);
/* Writes, unscoped (callers read the org in scope first) and in the caller's transaction:
 * member_position_open adds a position (as member_add_position) and gives its id;
 * member_position_close sets the end date of a position of org_id that has none (DB_NOTFOUND
 * when there is no such open position); member_responsibility_replace ends every open
 * responsibility of that level at org_id with today's date and adds person from today, its
 * id in *id (an open one of the same person is kept: *id 0, nothing written);
 * member_contact_open adds an assignment, linked to the person's account when an earlier
 * assignment links them (so the cadre's account sees the org), its id in *id;
 * member_contact_close ends an open assignment of org_id (DB_NOTFOUND when none). */
int member_position_open(Db *db, int64_t person_id, int64_t org_id, const char *body,
                         const char *title, const char *start, int64_t *id);
int member_position_close(Db *db, int64_t org_id, int64_t position_id, const char *end);
int member_responsibility_replace(Db *db, int64_t org_id, const char *level, int64_t person_id,
                                  const char *today, int64_t *id);
int member_contact_open(Db *db, int64_t person_id, int64_t org_id, const char *kind,
                        const char *start, int64_t *id);
int member_contact_close(Db *db, int64_t org_id, int64_t assignment_id, const char *end);

#endif
