/*
 * cli_check.c: `dangjian check` — the meeting rules (meeting_check.h) over an org subtree and
 * a period, printed as text or JSON. Exit 0 without findings, 1 with findings (or a failure),
 * 2 on usage errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "meeting/meeting_check.h"
#include "meeting/rules_store.h"
#include "web/scope.h"
#include "base/banned.h"

int cli_check_cmd(CliArgs *a) {
  int json = cli_format_json(a);
  if (json < 0) {
    return 2;
  }
  Date today = date_today();
  Period p = meeting_check_default_period(today);
  const char *period_s = cli_opt(a, "--period");
  if (period_s && meeting_check_parse_period(period_s, &p) != 0) {
    fprintf(stderr, "--period 应为 2025Q3、2025-Q3、2025-03、2025-H1 或 2025 这样的期间\n");
    return 2;
  }
  const char *org = cli_opt(a, "--org");
  if (org && !*org) {
    fprintf(stderr, "--org 应为组织编码\n");
    return 2;
  }
  Db *db = cli_open_db(a);
  if (!db) {
    return 1;
  }
  Scope all = SCOPE_INIT;
  scope_add(&all, "/");
  MeetingRuleSet rs;
  MeetingCheckResult r = {0};
  int rc = meeting_rules_load(db, &rs);
  rc = rc != DB_OK ? rc : meeting_check(db, &all, &rs, org, p, today, &r);
  scope_free(&all);
  if (rc == DB_NOTFOUND) {
    fprintf(stderr, "没有组织编码为 %s 的党组织\n", org);
    db_close(db);
    return 1;
  }
  if (rc != DB_OK) {
    fprintf(stderr, "检查失败：%s\n", db_errmsg(db));
    meeting_check_free(&r);
    db_close(db);
    return 1;
  }
  char key[PERIOD_KEY_SIZE];
  if (json) {
    cli_print_json(meeting_check_json(&r), 0);
  } else {
    for (size_t i = 0; i < r.n; i++) {
      const MeetingCheckFinding *f = &r.a[i];
      printf("%s\t%s\t%s\t%s\t", meeting_check_rule_code(f->rule), f->org_code,
             meeting_check_period_key(f->period, key), f->message);
      for (size_t k = 0; k < f->n_evidence; k++) {
        printf("%s%lld", k ? "," : "#", (long long)f->evidence[k]);
      }
      putchar('\n');
    }
    printf("%s：%zu 项问题\n", meeting_check_period_key(p, key), r.n);
  }
  int status = r.n ? 1 : 0;
  meeting_check_free(&r);
  db_close(db);
  return status;
}
