/*
 * meeting_check: the meeting rules of meeting.h run over the stored records of an org subtree
 * for one period (DESIGN.md §7: a finding names the org, the period, the rule and the records
 * that prove it). Used by `dangjian check` (src/cli/cli_check.c) and, later, the pages.
 *
 * Rules: frequency (meeting_evaluate per org), late_submission (meeting_submit_deadline over
 * the calendar table), backfill (bursts by meeting_find_bursts, and entries later than
 * entry.lag_days not in a burst), no_decision and no_discussion (meeting_content_findings),
 * recorder_pattern (meeting_recorder_findings) and quorum (decisions that failed, meetings of
 * a voting body without quorum); in meeting_check_text.c copied_minutes and key_topic_missing.
 *
 * copied_minutes: the minutes and speeches of the records held in the period or the period
 * before it (state not closed) are compared (similar.h: 4-character shingles, MinHash/LSH,
 * exact verification) with each other and with the study materials registered for their orgs
 * (study_store.h). A record is copied from a material when at least copy.containment_pct % of
 * its shingles are in the material: one finding per such record held in the period, evidence
 * [the record]. Records whose Jaccard similarity is at least copy.jaccard_pct % are joined
 * into near-duplicate groups (pairs of two records that both copy a material are left out:
 * the material explains them): one finding per group whose latest record (the copy) is held in
 * the period, on that record's org, evidence [the latest record, then the others, newest
 * first]. Texts shorter than copy.min_chars normalised characters are not compared.
 * key_topic_missing: for each key topic registered for the subtree (by one of its orgs or an
 * ancestor) whose period overlaps the checked one, and whose overlap is over by today, every
 * branch below the registering org (an org other than a 党小组 that some meeting rule applies
 * to) whose records held in the overlap (its own and its 党小组's) never name one of the
 * topic's keywords in the topics, minutes, speeches, study or lecture title (compared after
 * sim_normalize: width, case, punctuation and spaces do not matter): one finding, evidence
 * [those records].
 *
 * Which records a rule looks at: the records held in the period, except backfill, which looks
 * at the records entered in the period (a burst is an event of entry). States: 'closed' and
 * 'returned_rehold' records do not count as held; every record is checked for content.
 */
#ifndef DJ_MEETING_CHECK_H
#define DJ_MEETING_CHECK_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "db/db.h"
#include "meeting/meeting.h"
#include "web/scope.h"

typedef enum MeetingCheckRule {
  MEETING_CHECK_FREQUENCY,
  MEETING_CHECK_LATE_SUBMISSION,
  MEETING_CHECK_BACKFILL,
  MEETING_CHECK_NO_DECISION,
  MEETING_CHECK_NO_DISCUSSION,
  MEETING_CHECK_RECORDER_PATTERN,
  MEETING_CHECK_QUORUM,
  MEETING_CHECK_COPIED_MINUTES,    /* meeting_check_text.c */
  MEETING_CHECK_KEY_TOPIC_MISSING, /* meeting_check_text.c */
  MEETING_CHECK_RULE_COUNT
} MeetingCheckRule;

/* "frequency" "late_submission" "backfill" "no_decision" "no_discussion" "recorder_pattern"
 * "quorum" "copied_minutes" "key_topic_missing"; NULL out of range. */
const char *meeting_check_rule_code(MeetingCheckRule r);

typedef struct MeetingCheckFinding {
  MeetingCheckRule rule;
  int64_t org_id;
  char org_code[48];
  Period period;     /* the period the finding is about */
  char *message;     /* Chinese, malloc'd (owned by the result) */
  int64_t *evidence; /* record ids, malloc'd (owned by the result); may be NULL when n is 0 */
  size_t n_evidence;
} MeetingCheckFinding;

typedef struct MeetingCheckResult {
  MeetingCheckFinding *a;
  size_t n, cap;
} MeetingCheckResult;

/*
 * Runs every rule over the orgs below org_code (NULL: every org of the scope) in period p as
 * of today, with rule set rs and the calendar table. Only the parts of the subtree inside the
 * scope are read. out is filled (zero it first; free with meeting_check_free); findings come
 * ordered by org path, then rule. Returns DB_OK, DB_NOTFOUND when org_code names no org in
 * the scope, or a database error.
 */
int meeting_check(Db *db, const Scope *scope, const MeetingRuleSet *rs, const char *org_code,
                  Period p, Date today, MeetingCheckResult *out);
void meeting_check_free(MeetingCheckResult *r); /* zeroes *r */

/* The findings as a JSON array of {rule, org, period, message, evidence: [ids]} (new
 * reference). */
json_t *meeting_check_json(const MeetingCheckResult *r);

/* ---- the text rules (meeting_check_text.c) ---- */

struct MeetingCheckOrg; /* meeting_store.h */

/* Runs copied_minutes and key_topic_missing over the orgs with path in [lo, hi) (orgs: those
 * orgs, by path, as meeting_check_orgs gives them) and appends the findings to out in no
 * particular order. DB_OK or a database error. Used by meeting_check. */
int meeting_check_text(Db *db, const MeetingRuleSet *rs, const char *lo, const char *hi, Period p,
                       Date today, const struct MeetingCheckOrg *orgs, size_t n_orgs,
                       MeetingCheckResult *out);

/* One text a record resembles (meeting_similar). */
typedef struct MeetingSimilar {
  bool material; /* a registered study material; else another meeting record */
  int64_t id;    /* the material's or the record's id */
  double score;  /* containment of the record in the material, or their Jaccard similarity */
} MeetingSimilar;

/*
 * What record meeting_id (in scope) resembles by the copied_minutes rule of rs: the records in
 * scope held from the quarter before the record's to the quarter after it, and the materials
 * registered for the record's org, best first; writes at most max to out and returns how many
 * were written (≥ 0), DB_NOTFOUND when the record is not in scope, or a database error.
 */
int meeting_similar(Db *db, const Scope *scope, const MeetingRuleSet *rs, int64_t meeting_id,
                    MeetingSimilar *out, size_t max);

/* Parses a period: "2025Q3", "2025-Q3", "2025-03", "2025-H1", "2025". 0, or -1. */
int meeting_check_parse_period(const char *s, Period *out);
/* The period as written in findings: "2025Q3", "2025-03", "2025H1", "2025". Returns out. */
char *meeting_check_period_key(Period p, char out[PERIOD_KEY_SIZE]);
/* The last quarter that is over on today. */
Period meeting_check_default_period(Date today);

#endif
