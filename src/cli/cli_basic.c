/* The platform commands: version, init, serve, migrate, backup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account/account.h"
#include "app/app.h"
#include "calendar/calendar.h"
#include "cli/cli.h"
#include "base/banned.h"

#define DJ_VERSION "0.1.0"

int cli_version_cmd(CliArgs *a) {
  (void)a;
  printf("dangjian %s（数据库结构版本 %d）\n", DJ_VERSION, db_schema_latest());
  return 0;
}

int cli_init_cmd(CliArgs *a) {
  Db *db = cli_open_db(a);
  if (!db) {
    return 1;
  }
  int added = calendar_seed_defaults(db);
  printf("数据库已就绪：%s（结构版本 %d）\n", db_path(db), db_schema_version(db));
  if (added > 0) {
    printf("已写入默认节假日日历 %d 天。\n", added);
  }
  if (!account_any(db)) {
    printf("下一步：printf '%%s\\n' '初始密码' | dangjian user add admin --role admin "
           "--password-stdin\n");
  }
  db_close(db);
  return added < 0 ? 1 : 0;
}

static bool int_opt(const CliArgs *a, const char *name, long lo, long hi, long *out) {
  const char *v = cli_opt(a, name);
  if (!v) {
    return true;
  }
  char *end;
  long n = strtol(v, &end, 10);
  if (!*v || *end || n < lo || n > hi) {
    fprintf(stderr, "选项 %s 的值无效：%s（应为 %ld–%ld 的整数）\n", name, v, lo, hi);
    return false;
  }
  *out = n;
  return true;
}

int cli_serve_cmd(CliArgs *a) {
  WebConfig cfg;
  web_config_defaults(&cfg);
  cfg.routes = app_routes;
  cfg.nav = app_nav;
  if (cli_opt(a, "--db")) {
    cfg.db_path = cli_opt(a, "--db");
  }
  if (cli_opt(a, "--listen")) {
    cfg.listen = cli_opt(a, "--listen");
  }
  long threads = 0, idle = cfg.session_idle, max = cfg.session_max, lock_after = cfg.lock_after,
       lock_min = cfg.lock_seconds / 60, upload = (long)(cfg.max_body >> 20);
  if (!int_opt(a, "--threads", 1, 256, &threads) ||
      !int_opt(a, "--session-idle", 1, 7 * 86400, &idle) ||
      !int_opt(a, "--session-max", 1, 30 * 86400, &max) ||
      !int_opt(a, "--lock-after", 1, 100, &lock_after) ||
      !int_opt(a, "--lock-minutes", 0, 7 * 1440, &lock_min) ||
      !int_opt(a, "--max-upload-mb", 1, 1024, &upload)) {
    return 2;
  }
  cfg.threads = (int)threads;
  cfg.session_idle = (int)idle;
  cfg.session_max = (int)max;
  cfg.lock_after = (int)lock_after;
  cfg.lock_seconds = (int)lock_min * 60;
  cfg.max_body = (size_t)upload << 20;
  cfg.secure_cookie = cli_opt(a, "--secure-cookie") != NULL;
  cfg.quiet = cli_opt(a, "--quiet") != NULL;
  return web_serve(&cfg);
}

int cli_migrate_cmd(CliArgs *a) {
  const char *path = cli_opt(a, "--db") ? cli_opt(a, "--db") : "dangjian.db";
  Db *db = NULL;
  char *err = NULL;
  if (db_open_raw(&db, path, &err) != DB_OK) {
    fprintf(stderr, "无法打开数据库 %s：%s\n", path, err ? err : "");
    free(err);
    return 1;
  }
  int before = db_schema_version(db);
  if (cli_opt(a, "--status")) {
    printf("数据库 %s：结构版本 %d；本程序支持到 %d。\n", path, before, db_schema_latest());
    db_close(db);
    return 0;
  }
  int n = db_migrate(db, &err);
  if (n < 0) {
    fprintf(stderr, "迁移失败：%s\n", err ? err : "");
    free(err);
    db_close(db);
    return 1;
  }
  printf("已应用 %d 个迁移：版本 %d → %d。\n", n, before, db_schema_version(db));
  db_close(db);
  return 0;
}

int cli_backup_cmd(CliArgs *a) {
  Db *db = cli_open_db(a);
  if (!db) {
    return 1;
  }
  char *err = NULL;
  int rc = db_backup(db, a->pos[0], &err);
  if (rc != DB_OK) {
    fprintf(stderr, "备份失败：%s\n", err ? err : db_errmsg(db));
    free(err);
  } else {
    printf("已备份到 %s\n", a->pos[0]);
  }
  db_close(db);
  return rc == DB_OK ? 0 : 1;
}
