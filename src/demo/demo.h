/*
 * demo: deterministic demonstration data — a district like the source report's (a 区委, 8
 * towns, 12–25 village and community branches each plus an agency branch) and one account
 * per role with fixed logins. `--scale city` makes 10 districts, `province` 100.
 */
#ifndef DJ_DEMO_H
#define DJ_DEMO_H

#include <stdint.h>

#include "db/db.h"

typedef enum DemoScale { DEMO_DISTRICT = 1, DEMO_CITY = 10, DEMO_PROVINCE = 100 } DemoScale;

typedef struct DemoStats {
  int orgs, towns, branches, accounts, members;
} DemoStats;

/* Generates everything in one transaction. password: for every demo account. Returns DB_OK
 * or an error (nothing written). */
int demo_generate(Db *db, DemoScale scale, uint64_t seed, const char *password, DemoStats *out);

#endif
