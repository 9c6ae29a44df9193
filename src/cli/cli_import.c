/* `dangjian import roster` and `dangjian export roster`: the 党员基本信息汇总表 from the command
 * line. The command acts with the subtree of --org as its scope and is audited as "cli". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/cli.h"
#include "member/member.h"
#include "member/member_import.h"
#include "org/org.h"
#include "base/banned.h"

static const AuditActor cli_actor = {0, "cli", ""};

/* ---- progress bar (only when stderr is a terminal) ---- */

typedef struct Bar {
  const char *phase;
  int shown; /* last percentage drawn, -1 none */
  bool drawn;
} Bar;

static void bar_draw(void *ctx, const char *phase, size_t done, size_t total) {
  Bar *b = ctx;
  int pct = total ? (int)(done * 100 / total) : 100;
  if (b->phase == phase && pct == b->shown) {
    return;
  }
  if (b->phase && b->phase != phase && b->drawn) {
    fputc('\n', stderr);
  }
  b->phase = phase;
  b->shown = pct;
  b->drawn = true;
  char bar[41];
  int fill = pct * 40 / 100;
  for (int i = 0; i < 40; i++) {
    bar[i] = i < fill ? '#' : '.';
  }
  bar[40] = '\0';
  fprintf(stderr, "\r%s [%s] %3d%% %zu/%zu", phase, bar, pct, done, total);
  fflush(stderr);
}

static void bar_end(Bar *b) {
  if (b->drawn) {
    fputc('\n', stderr);
    b->drawn = false;
  }
}

/* ---- shared ---- */

/* Opens the database and finds the org by code; fills its subtree as the scope. */
static Db *open_with_org(const CliArgs *a, const char *code, int64_t *org_id, Scope *scope,
                         int *status) {
  Db *db = cli_open_db(a);
  if (!db) {
    *status = 1;
    return NULL;
  }
  *org_id = org_by_code(db, code);
  Scope all = SCOPE_INIT;
  scope_add(&all, "/");
  char *path = *org_id ? org_path_of(db, &all, *org_id) : NULL;
  scope_free(&all);
  if (!path) {
    fprintf(stderr, "没有代码为 %s 的组织\n", code);
    db_close(db);
    *status = 1;
    return NULL;
  }
  scope_add(scope, path);
  free(path);
  return db;
}

static void print_text_report(const json_t *r, bool dry_run) {
  size_t i;
  json_t *s;
  json_array_foreach(json_object_get(r, "sheets"), i, s) {
    printf("工作表「%s」：表头在第 %lld 行，%lld 行数据\n",
           json_string_value(json_object_get(s, "name")),
           (long long)json_integer_value(json_object_get(s, "header_row")),
           (long long)json_integer_value(json_object_get(s, "rows")));
    size_t n_ign = json_array_size(json_object_get(s, "ignored"));
    if (n_ign) {
      printf("  未识别、已忽略的列：");
      size_t k;
      json_t *c;
      json_array_foreach(json_object_get(s, "ignored"), k, c) {
        printf("%s%s", k ? "、" : "", json_string_value(c));
      }
      printf("\n");
    }
  }
  json_array_foreach(json_object_get(r, "warnings"), i, s) {
    printf("注意：%s\n", json_string_value(s));
  }
#define N(key) ((long long)json_integer_value(json_object_get(r, key)))
  printf("共 %lld 行：有效 %lld 行，无效 %lld 行\n", N("rows"), N("valid"), N("invalid"));
  if (dry_run) {
    printf("试运行（--dry-run），未写入数据库：将新增 %lld 名、更新 %lld 名党员，%lld 名无变化\n",
           N("created"), N("updated"), N("unchanged"));
  } else {
    printf("已导入 %lld 名党员：新增 %lld 名，更新 %lld 名；%lld 名无变化\n", N("imported"),
           N("created"), N("updated"), N("unchanged"));
  }
#undef N
  json_t *errors = json_object_get(r, "errors");
  if (json_array_size(errors)) {
    printf("\n错误（这些行%s导入）：\n", dry_run ? "不会" : "未");
  }
  json_array_foreach(errors, i, s) {
    const char *sheet = json_string_value(json_object_get(s, "sheet"));
    const char *value = json_string_value(json_object_get(s, "value"));
    printf("  %s%s%s第 %lld 行 %s%s%s%s：%s\n", sheet ? "工作表「" : "", sheet ? sheet : "",
           sheet ? "」" : "", (long long)json_integer_value(json_object_get(s, "row")),
           json_string_value(json_object_get(s, "column")), value && *value ? "「" : "",
           value && *value ? value : "", value && *value ? "」" : "",
           json_string_value(json_object_get(s, "message")));
  }
  json_t *updates = json_object_get(r, "updates");
  if (json_array_size(updates)) {
    printf("\n%s的党员：\n", dry_run ? "将更新" : "已更新");
  }
  json_array_foreach(updates, i, s) {
    printf("  第 %lld 行 %s %s：", (long long)json_integer_value(json_object_get(s, "row")),
           json_string_value(json_object_get(s, "name")),
           json_string_value(json_object_get(s, "id_number")));
    const char *key;
    json_t *pair;
    bool first = true;
    json_object_foreach(json_object_get(s, "changes"), key, pair) {
      const char *a = json_string_value(json_array_get(pair, 0));
      const char *b = json_string_value(json_array_get(pair, 1));
      printf("%s%s %s → %s", first ? "" : "；", key, a && *a ? a : "（空）",
             b && *b ? b : "（空）");
      first = false;
    }
    printf("\n");
  }
  json_array_foreach(json_object_get(r, "skipped"), i, s) {
    printf("跳过第 %lld 行（不是党员记录）：%s\n",
           (long long)json_integer_value(json_object_get(s, "row")),
           json_string_value(json_object_get(s, "text")));
  }
}

int cli_import_roster_cmd(CliArgs *a) {
  const char *file = a->pos[0];
  const char *code = cli_opt(a, "--org");
  bool dry_run = cli_opt(a, "--dry-run") != NULL;
  if (!code || !*code) {
    fprintf(stderr, "请用 --org 指定导入到哪个党组织（组织编码）\n");
    return 2;
  }
  int json = cli_format_json(a);
  if (json < 0) {
    return 2;
  }
  int status = 0;
  int64_t org_id = 0;
  Scope scope = SCOPE_INIT;
  Db *db = open_with_org(a, code, &org_id, &scope, &status);
  if (!db) {
    scope_free(&scope);
    return status;
  }
  Bar bar = {.shown = -1};
  ImportOptions opt = {.today = date_today(), .sensitive = true};
  if (isatty(STDERR_FILENO)) {
    opt.progress = bar_draw;
    opt.progress_ctx = &bar;
  }
  char *err = NULL;
  MemberImport *imp = member_import_read_file(db, &scope, org_id, file, &opt, &err);
  json_t *report = NULL;
  if (!imp) {
    bar_end(&bar);
    fprintf(stderr, "%s\n", err ? err : "无法读取文件");
    free(err);
    status = 1;
    goto out;
  }
  int rc = member_import_run(db, &scope, imp, &cli_actor, !dry_run, &opt, &report);
  bar_end(&bar);
  if (rc != DB_OK) {
    fprintf(stderr, "导入失败，数据库未作任何改动：%s\n", db_errmsg(db));
    status = 1;
    goto out;
  }
  if (json) {
    cli_print_json(json_incref(report), JSON_PRESERVE_ORDER);
  } else {
    print_text_report(report, dry_run);
  }
  status = json_integer_value(json_object_get(report, "invalid")) > 0 ? 1 : 0;
out:
  json_decref(report);
  member_import_free(imp);
  scope_free(&scope);
  db_close(db);
  return status;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

int cli_export_roster_cmd(CliArgs *a) {
  const char *file = a->pos[0];
  const char *code = cli_opt(a, "--org");
  const char *format = cli_opt(a, "--format");
  if (!code || !*code) {
    fprintf(stderr, "请用 --org 指定导出哪个党组织（组织编码）\n");
    return 2;
  }
  if (!format) {
    format = ends_with(file, ".csv") ? "csv" : "xlsx";
  }
  if (strcmp(format, "xlsx") != 0 && strcmp(format, "csv") != 0) {
    fprintf(stderr, "--format 只能是 xlsx 或 csv\n");
    return 2;
  }
  int status = 0;
  int64_t org_id = 0;
  Scope scope = SCOPE_INIT;
  Db *db = open_with_org(a, code, &org_id, &scope, &status);
  if (!db) {
    scope_free(&scope);
    return status;
  }
  char *err = NULL;
  size_t count = 0;
  int rc = member_export_file(db, &scope, org_id,
                              strcmp(format, "csv") == 0 ? EXPORT_CSV : EXPORT_XLSX, true,
                              date_today(), file, &count, &err);
  if (rc != DB_OK) {
    fprintf(stderr, "%s\n", err ? err : "导出失败");
    status = 1;
  } else {
    printf("已导出 %zu 名党员到 %s\n", count, file);
  }
  free(err);
  scope_free(&scope);
  db_close(db);
  return status;
}
