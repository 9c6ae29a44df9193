/*
 * demo: deterministic demonstration data — a district like the source report's (a 区委, 8
 * towns, 12–25 village and community branches each plus an agency branch) and one account
 * per role with fixed logins. `--scale city` makes 10 districts, `province` 100.
 */
#ifndef DJ_DEMO_H
#define DJ_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "db/db.h"

typedef enum DemoScale { DEMO_DISTRICT = 1, DEMO_CITY = 10, DEMO_PROVINCE = 100 } DemoScale;

typedef struct DemoStats {
  int orgs, towns, branches, accounts, members;
  int meetings; /* meeting records (demo_meetings.c) */
} DemoStats;

/* Meeting record ids (malloc'd) of one planted pattern. */
typedef struct DemoIds {
  int64_t *a;
  size_t n, cap;
} DemoIds;

/*
 * The patterns planted in the demo meetings, so tests can compare the checks with them:
 * burst[k] holds the ids of one backfill burst (6–10 records entered within a day for meetings
 * 3–5 months apart) of the org burst_org[k]; no_decision, no_discussion, recorder_absent the
 * records made so; failed the records with a decision that fails or no quorum. Only these
 * records have those properties.
 * copied[k]: one planted copy — the copying record's id, then the id of the record it copies
 * (another branch's), or the copying record alone when it copies a registered study material.
 * topic_missing_org[k] is a branch whose records never name the key topic titled
 * topic_missing[k] in the topic's period; every other branch under a topic's registering org
 * names it in every quarter of its period.
 */
typedef struct DemoPlanted {
  DemoIds burst[64];
  int64_t burst_org[64];
  size_t n_burst;
  DemoIds no_decision, no_discussion, recorder_absent, failed;
  DemoIds copied[32];
  size_t n_copied;
  int64_t topic_missing_org[32];
  const char *topic_missing[32]; /* static strings */
  size_t n_topic_missing;
} DemoPlanted;
void demo_planted_free(DemoPlanted *p); /* zeroes *p */

/* Generates everything in one transaction. password: for every demo account. Returns DB_OK
 * or an error (nothing written). */
int demo_generate(Db *db, DemoScale scale, uint64_t seed, const char *password, DemoStats *out);
/* The same, also filling *planted (zero it first; NULL: not wanted). */
int demo_generate_planted(Db *db, DemoScale scale, uint64_t seed, const char *password,
                          DemoStats *out, DemoPlanted *planted);
/* The same with the meetings left out when with_meetings is false (`demo --no-meetings`). */
int demo_generate_ex(Db *db, DemoScale scale, uint64_t seed, const char *password,
                     bool with_meetings, DemoStats *out, DemoPlanted *planted);

/* Two years of meetings (2024-12 .. 2026-11, up to a few days before today) for every branch
 * and 党小组 of the first max_districts districts (demo_meetings.c); called by demo_generate
 * inside its transaction (district scale: 1; city and province: the first 2 districts only,
 * to keep generation time reasonable). planted may be NULL. */
int demo_meetings(Db *db, uint64_t seed, Date today, int64_t now, int max_districts,
                  DemoPlanted *planted, int *n_meetings);
/* The quarterly meeting plans (2025Q1 .. today's quarter) of the branches that have meeting
 * records (demo_plans.c): most filed on time, some late, remote branches sometimes none;
 * called by demo_generate right after demo_meetings, inside its transaction. */
int demo_plans(Db *db, uint64_t seed, Date today, int64_t now);

#endif
