/*
 * cli_rules.c: `dangjian rules show` prints the 三会一课 rule set in force (text or JSON);
 * `dangjian rules add FILE --version V --reason R` adds a local version from key=value lines
 * (FILE, or - for standard input), all or nothing, audited as the command line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "base/buf.h"
#include "cli/cli.h"
#include "meeting/rules_store.h"
#include "base/banned.h"

static const AuditActor cli_actor = {0, "cli", ""};

static json_t *rules_json(const MeetingRuleSet *rs) {
  json_t *kinds = json_array(), *params = json_array();
  for (int i = 0; i < MEETING_KIND_COUNT; i++) {
    const MeetingRule *r = &rs->rules[i];
    json_array_append_new(kinds, json_pack("{s:s, s:s, s:s, s:i, s:i, s:s, s:s}", "kind",
                                           meeting_kinds[i].code, "label", meeting_kinds[i].label,
                                           "per", date_period_kind_code(r->per), "count", r->count,
                                           "due_soon_days", r->due_soon_days, "basis",
                                           meeting_basis_label(r->basis), "version", r->version));
  }
  for (int i = 0; i < MEETING_PARAM_COUNT; i++) {
    const MeetingParam *p = &rs->params[i];
    json_array_append_new(params, json_pack("{s:s, s:s, s:i, s:s}", "key", p->key, "label",
                                            p->label, "value", p->value, "version", p->version));
  }
  return json_pack("{s:s, s:s, s:o, s:o}", "version", rs->version, "reason", rs->reason, "kinds",
                   kinds, "params", params);
}

int cli_rules_show_cmd(CliArgs *a) {
  int json = cli_format_json(a);
  if (json < 0) {
    return 2;
  }
  Db *db = cli_open_db(a);
  if (!db) {
    return 1;
  }
  MeetingRuleSet rs;
  int rc = meeting_rules_load(db, &rs);
  db_close(db);
  if (rc != DB_OK) {
    fprintf(stderr, "读取规则失败\n");
    return 1;
  }
  if (json) {
    cli_print_json(rules_json(&rs), 0);
    return 0;
  }
  printf("三会一课规则 版本 %s%s%s\n", rs.version, rs.reason[0] ? "：" : "", rs.reason);
  for (int i = 0; i < MEETING_KIND_COUNT; i++) {
    const MeetingRule *r = &rs.rules[i];
    printf("%s.per=%s\t%s.count=%d\t%s（%s，%s）\n", meeting_kinds[i].code,
           date_period_kind_code(r->per), meeting_kinds[i].code, r->count, meeting_kinds[i].label,
           meeting_basis_label(r->basis), r->version);
  }
  for (int i = 0; i < MEETING_PARAM_COUNT; i++) {
    const MeetingParam *p = &rs.params[i];
    printf("%s=%d\t%s（%s）\n", p->key, p->value, p->label, p->version);
  }
  return 0;
}

/* The whole of FILE, or of standard input for "-" (malloc'd), or NULL with a message. */
static char *read_all(const char *path) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "无法打开 %s\n", path);
    return NULL;
  }
  Buf b = BUF_INIT;
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < 65536) {
    buf_append(&b, chunk, n);
  }
  bool err = ferror(f) || b.len >= 65536;
  if (f != stdin) {
    fclose(f);
  }
  if (err) {
    fprintf(stderr, "无法读取 %s（或超过 64 KB）\n", path);
    buf_free(&b);
    return NULL;
  }
  buf_puts(&b, "");
  return buf_take(&b);
}

int cli_rules_add_cmd(CliArgs *a) {
  const char *version = cli_opt(a, "--version"), *reason = cli_opt(a, "--reason");
  if (!version || !reason) {
    fprintf(stderr, "须用 --version 指定规则版本，用 --reason 说明修改理由\n");
    return 2;
  }
  char *text = read_all(a->pos[0]);
  if (!text) {
    return 1;
  }
  Db *db = cli_open_db(a);
  if (!db) {
    free(text);
    return 1;
  }
  char why[MEETING_WHY_SIZE] = "";
  int64_t id = 0;
  int rc = db_begin(db);
  if (rc == DB_OK) {
    rc = meeting_rules_add(db, version, reason, text, 0, (int64_t)time(NULL), &id, why);
    if (rc == DB_OK) {
      char sid[24];
      snprintf(sid, sizeof sid, "%lld", (long long)id);
      json_t *after =
          json_pack("{s:s, s:s, s:s}", "version", version, "reason", reason, "pairs", text);
      rc = audit_write(db, &cli_actor, "create", "rule_version", sid, NULL, after);
      json_decref(after);
    }
    if (rc == DB_OK) {
      rc = db_commit(db);
    } else {
      db_rollback(db);
    }
  }
  free(text);
  db_close(db);
  if (rc == DB_CONSTRAINT) {
    fprintf(stderr, "规则未生效：%s\n", why);
    return 1;
  }
  if (rc != DB_OK) {
    fprintf(stderr, "保存规则失败\n");
    return 1;
  }
  printf("规则版本 %s 已生效\n", version);
  return 0;
}
