/* `dangjian user …`: account administration from the command line (audited as "cli"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account/account.h"
#include "cli/cli.h"
#include "web/authz.h"
#include "web/session_store.h"
#include "base/banned.h"

static const AuditActor cli_actor = {0, "cli", ""};

static char *read_password(const CliArgs *a, const char *login) {
  if (!cli_opt(a, "--password-stdin")) {
    fprintf(stderr, "请用 --password-stdin 从标准输入提供密码\n");
    return NULL;
  }
  char *pw = cli_read_stdin_line();
  if (!pw) {
    fprintf(stderr, "标准输入中没有密码\n");
    return NULL;
  }
  const char *problem = account_password_problem(pw, login);
  if (problem) {
    fprintf(stderr, "密码不符合要求：%s\n", problem);
    free(pw);
    return NULL;
  }
  return pw;
}

static bool login_ok(const char *login) {
  size_t n = strlen(login);
  bool ok = n >= 2 && n <= 32;
  for (size_t i = 0; ok && i < n; i++) {
    char c = login[i];
    ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  }
  if (!ok) {
    fprintf(stderr, "登录名无效：%s（2–32 个小写字母、数字或 _ . -）\n", login);
  }
  return ok;
}

int cli_user_add_cmd(CliArgs *a) {
  const char *login = a->pos[0];
  const char *role = cli_opt(a, "--role");
  if (!login_ok(login)) {
    return 2;
  }
  if (!role || authz_role_parse(role) == ROLE_NONE) {
    fprintf(stderr, "角色无效：%s（可选 admin district town branch contact member）\n",
            role ? role : "（未给出 --role）");
    return 2;
  }
  const char *problem = account_role_org_problem(authz_role_parse(role), cli_opt(a, "--org") != NULL);
  if (problem) {
    fprintf(stderr, "%s\n", problem);
    return 2;
  }
  Db *db = cli_open_db(a);
  if (!db) {
    return 1;
  }
  int64_t org_id = 0;
  const char *org = cli_opt(a, "--org");
  if (org && !(org_id = account_org_by_code(db, org))) {
    fprintf(stderr, "没有代码为 %s 的组织\n", org);
    db_close(db);
    return 1;
  }
  char *pw = read_password(a, login);
  char *hash = pw ? account_password_hash(pw) : NULL;
  free(pw);
  if (!hash) {
    db_close(db);
    return 1;
  }
  AccountNew n = {login, cli_opt(a, "--name"), role, org_id, hash, true};
  int64_t id = 0;
  int rc = db_begin(db);
  if (rc == DB_OK) {
    rc = account_insert(db, &n, time(NULL), &id);
  }
  if (rc == DB_OK) {
    char sid[24];
    snprintf(sid, sizeof sid, "%lld", (long long)id);
    json_t *after = json_pack("{s:s, s:s, s:I}", "login", login, "role", role, "org_id",
                              (json_int_t)org_id);
    rc = audit_write(db, &cli_actor, "create", "account", sid, NULL, after);
    json_decref(after);
  }
  free(hash);
  if (rc != DB_OK) {
    db_rollback(db);
    fprintf(stderr, rc == DB_CONSTRAINT ? "登录名已存在：%s\n" : "创建账户失败：%s\n",
            rc == DB_CONSTRAINT ? login : db_errmsg(db));
    db_close(db);
    return 1;
  }
  db_commit(db);
  printf("已创建账户 %s（%s），首次登录须修改密码。\n", login,
         authz_role_label(authz_role_parse(role)));
  db_close(db);
  return 0;
}

/* Finds the account or prints why not; 0 when absent. */
static int64_t account_id_of(Db *db, const char *login) {
  AccountAuth au;
  if (account_find_login(db, login, &au) != DB_OK) {
    fprintf(stderr, "没有这个账户：%s\n", login);
    return 0;
  }
  account_auth_free(&au);
  return au.id;
}

static int audited(Db *db, int rc, const char *action, int64_t id, const char *login) {
  if (rc == DB_OK) {
    char sid[24];
    snprintf(sid, sizeof sid, "%lld", (long long)id);
    json_t *after = json_pack("{s:s}", "login", login);
    rc = audit_write(db, &cli_actor, action, "account", sid, NULL, after);
    json_decref(after);
  }
  if (rc != DB_OK) {
    db_rollback(db);
    fprintf(stderr, "操作失败：%s\n", db_errmsg(db));
    return 1;
  }
  db_commit(db);
  return 0;
}

int cli_user_passwd_cmd(CliArgs *a) {
  const char *login = a->pos[0];
  Db *db = cli_open_db(a);
  if (!db) {
    return 1;
  }
  int64_t id = account_id_of(db, login);
  char *pw = id ? read_password(a, login) : NULL;
  char *hash = pw ? account_password_hash(pw) : NULL;
  free(pw);
  int status = 1;
  if (hash && db_begin(db) == DB_OK) {
    int rc = account_set_password(db, id, hash, true, time(NULL));
    if (rc == DB_OK) {
      rc = session_store_delete_account(db, id);
    }
    status = audited(db, rc, "password_reset", id, login);
    if (status == 0) {
      printf("已重置 %s 的密码，下次登录须修改。\n", login);
    }
  }
  free(hash);
  db_close(db);
  return status;
}

static int set_lock(CliArgs *a, bool lock) {
  const char *login = a->pos[0];
  Db *db = cli_open_db(a);
  if (!db) {
    return 1;
  }
  int64_t id = account_id_of(db, login);
  int status = 1;
  if (id && db_begin(db) == DB_OK) {
    int rc = account_set_locked(db, id, lock ? INT64_MAX / 2 : 0);
    if (rc == DB_OK && lock) {
      rc = session_store_delete_account(db, id);
    }
    status = audited(db, rc, lock ? "lock" : "unlock", id, login);
    if (status == 0) {
      printf(lock ? "已锁定账户 %s。\n" : "已解除账户 %s 的锁定。\n", login);
    }
  }
  db_close(db);
  return status;
}

int cli_user_lock_cmd(CliArgs *a) { return set_lock(a, true); }
int cli_user_unlock_cmd(CliArgs *a) { return set_lock(a, false); }

int cli_user_list_cmd(CliArgs *a) {
  int json = cli_format_json(a);
  if (json < 0) {
    return 2;
  }
  Db *db = cli_open_db(a);
  if (!db) {
    return 1;
  }
  json_t *rows = account_list_json(db);
  if (json) {
    cli_print_json(json_incref(rows), 0);
  } else {
    int64_t now = time(NULL);
    printf("%-16s %-12s %-10s %s\n", "登录名", "角色", "状态", "组织");
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
      Role role = authz_role_parse(json_string_value(json_object_get(row, "role")));
      bool locked = json_integer_value(json_object_get(row, "locked_until")) > now;
      printf("%-16s %-12s %-10s %s\n", json_string_value(json_object_get(row, "login")),
             authz_role_label(role), locked ? "锁定" : "正常",
             json_string_value(json_object_get(row, "org_name")));
    }
  }
  json_decref(rows);
  db_close(db);
  return 0;
}
