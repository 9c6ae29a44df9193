#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

static const CliOpt db_opt[] = {{"--db", true}, {0}};
static const CliOpt serve_opts[] = {
    {"--db", true},          {"--listen", true},      {"--threads", true},
    {"--session-idle", true}, {"--session-max", true}, {"--lock-after", true},
    {"--lock-minutes", true}, {"--max-upload-mb", true}, {"--secure-cookie", false},
    {"--quiet", false},      {0}};
static const CliOpt migrate_opts[] = {{"--db", true}, {"--status", false}, {0}};
static const CliOpt user_add_opts[] = {{"--db", true},   {"--role", true},
                                       {"--org", true},  {"--name", true},
                                       {"--password-stdin", false}, {0}};
static const CliOpt user_pw_opts[] = {{"--db", true}, {"--password-stdin", false}, {0}};
static const CliOpt user_list_opts[] = {{"--db", true}, {"--format", true}, {0}};
static const CliOpt demo_opts[] = {{"--db", true},           {"--scale", true},
                                   {"--seed", true},         {"--demo-password", true},
                                   {"--no-meetings", false}, {0}};

static const CliOpt import_roster_opts[] = {
    {"--db", true}, {"--org", true}, {"--dry-run", false}, {"--format", true}, {0}};
static const CliOpt rules_show_opts[] = {{"--db", true}, {"--format", true}, {0}};
static const CliOpt rules_add_opts[] = {
    {"--db", true}, {"--version", true}, {"--reason", true}, {0}};
static const CliOpt check_opts[] = {
    {"--db", true}, {"--org", true}, {"--period", true}, {"--format", true}, {0}};
static const CliOpt export_roster_opts[] = {
    {"--db", true}, {"--org", true}, {"--format", true}, {0}};

const CliCommand cli_commands[] = {
    {"version", cli_version_cmd, NULL, 0, 0, "version", "显示版本号和数据库结构版本。"},
    {"init", cli_init_cmd, db_opt, 0, 0, "init [--db PATH]",
     "创建一个空的数据库（已存在时只应用未执行的迁移），并写入默认节假日日历。\n"
     "之后用 `dangjian user add` 创建第一个管理员账户。"},
    {"serve", cli_serve_cmd, serve_opts, 0, 0,
     "serve [--db PATH] [--listen ADDR:PORT] [--threads N] [--session-idle SEC] "
     "[--session-max SEC] [--lock-after N] [--lock-minutes MIN] [--max-upload-mb MB] "
     "[--secure-cookie] [--quiet]",
     "启动网页服务（默认 127.0.0.1:8080；端口 0 表示自动选择空闲端口），打印访问地址。\n"
     "Ctrl-C 或 SIGTERM 时平稳停止。会话空闲 30 分钟、最长 12 小时失效；\n"
     "连续 5 次密码错误锁定 15 分钟；上传上限 25 MB。"},
    {"migrate", cli_migrate_cmd, migrate_opts, 0, 0, "migrate [--db PATH] [--status]",
     "应用数据库结构迁移；--status 只显示当前版本和程序支持的版本。"},
    {"backup", cli_backup_cmd, db_opt, 1, 1, "backup FILE [--db PATH]",
     "在线备份整个数据库到新文件 FILE（服务运行中也可执行）。"},
    {"user add", cli_user_add_cmd, user_add_opts, 1, 1,
     "user add LOGIN --role ROLE [--org CODE] [--name NAME] --password-stdin",
     "创建账户。ROLE: admin district town branch contact member。\n"
     "初始密码从标准输入读取，首次登录须修改。"},
    {"user passwd", cli_user_passwd_cmd, user_pw_opts, 1, 1,
     "user passwd LOGIN --password-stdin",
     "重置账户密码（从标准输入读取），并要求下次登录时修改；同时解除锁定。"},
    {"user list", cli_user_list_cmd, user_list_opts, 0, 0, "user list [--format text|json]",
     "列出所有账户。"},
    {"user lock", cli_user_lock_cmd, db_opt, 1, 1, "user lock LOGIN", "锁定账户（无限期）。"},
    {"user unlock", cli_user_unlock_cmd, db_opt, 1, 1, "user unlock LOGIN",
     "解除账户锁定并清零失败次数。"},
    {"demo", cli_demo_cmd, demo_opts, 0, 0,
     "demo [--db PATH] [--scale district|city|province|N] [--seed N] [--demo-password PW] "
     "[--no-meetings]",
     "生成演示数据（确定性的）：组织、党员、两年的三会一课会议记录（含若干预置问题，\n"
     "多个区的规模只为前两个区生成会议记录）、各角色的演示账户，并打印登录名和密码。\n"
     "--scale：district 一个区，city 十个区，province 一百个区，或直接写区的个数（1-100）。\n"
     "--no-meetings 不生成会议记录。"},
    {"import roster", cli_import_roster_cmd, import_roster_opts, 1, 1,
     "import roster FILE --org CODE [--dry-run] [--format text|json] [--db PATH]",
     "导入党员基本信息汇总表（.xlsx 或 .csv，UTF-8 / GB18030 均可）到组织编码为 CODE 的\n"
     "党组织及其下级：自动识别表头（前 10 行内，须有「姓名」和「公民身份证号」），逐行核对，\n"
     "报告每个错误的行号、列和原因；有效行在一个事务中导入（身份证号相同的党员更新），\n"
     "无效行不导入。--dry-run 只核对不写入。\n"
     "退出状态：0 全部有效并已导入；1 有无效行（报告中列出）或文件无法读取；2 用法错误。"},
    {"export roster", cli_export_roster_cmd, export_roster_opts, 1, 1,
     "export roster FILE --org CODE [--format xlsx|csv] [--db PATH]",
     "把组织编码为 CODE 的党组织及其下级的党员导出为党员基本信息汇总表（.xlsx，或 UTF-8\n"
     "带 BOM 的 .csv；不指定 --format 时按文件扩展名）。导出的文件可原样导入。"},
    {"rules show", cli_rules_show_cmd, rules_show_opts, 0, 0,
     "rules show [--format text|json] [--db PATH]",
     "显示现行的三会一课规则：各类会议的频次（内置默认版本加本地版本）和检查参数，\n"
     "每项注明最后设定它的版本。"},
    {"rules add", cli_rules_add_cmd, rules_add_opts, 1, 1,
     "rules add FILE --version V --reason R [--db PATH]",
     "新增一个本地规则版本：FILE（- 为标准输入）每行一项 key=value（如 lecture.count=1、\n"
     "submit.workdays=5；空行和 # 开头的行忽略），在现行规则上叠加，全部有效才生效；\n"
     "版本名不能重复，须说明理由。退出状态：0 已生效；1 有无效项（指出第几行）；2 用法错误。"},
    {"check", cli_check_cmd, check_opts, 0, 0,
     "check [--org CODE] [--period 2025Q3] [--format text|json] [--db PATH]",
     "按三会一课规则检查组织编码为 CODE 的党组织及其下级（默认全部）在一个期间（默认上一个\n"
     "已结束的季度；可写 2025Q3、2025-Q3、2025-03、2025-H1、2025）的会议记录：召开频次、逾期\n"
     "提交、补记录（会后很久才录入、集中突击录入）、议而不决、学而不议、记录人异常、表决\n"
     "未通过或不足法定人数。每项问题列出组织、期间、规则和作为证据的会议记录编号。\n"
     "JSON 为 [{rule, org, period, message, evidence}]。\n"
     "退出状态：0 没有问题；1 有问题（或无法检查）；2 用法错误。"},
    {0},
};

static int usage(const CliCommand *c) {
  if (c) {
    fprintf(stderr, "用法：dangjian %s\n", c->usage);
  } else {
    fprintf(stderr, "用法：dangjian 命令 [参数]\n命令：\n");
    for (const CliCommand *k = cli_commands; k->name; k++) {
      fprintf(stderr, "  %s\n", k->usage);
    }
    fprintf(stderr, "  help 命令\n详见 dangjian help 命令。\n");
  }
  return 2;
}

const char *cli_opt(const CliArgs *a, const char *name) {
  for (int i = 0; a->opts && a->opts[i].name; i++) {
    if (strcmp(a->opts[i].name, name) == 0) {
      return a->val[i];
    }
  }
  return NULL;
}

int cli_format_json(const CliArgs *a) {
  const char *format = cli_opt(a, "--format");
  if (!format || strcmp(format, "text") == 0) {
    return 0;
  }
  if (strcmp(format, "json") == 0) {
    return 1;
  }
  fprintf(stderr, "--format 只能是 text 或 json\n");
  return -1;
}

void cli_print_json(json_t *j, size_t flags) {
  char *s = j ? json_dumps(j, JSON_INDENT(2) | flags) : NULL;
  if (s) {
    puts(s);
  }
  free(s);
  json_decref(j);
}

static const CliCommand *find(int argc, char **argv, int *words) {
  for (const CliCommand *c = cli_commands; c->name; c++) {
    const char *space = strchr(c->name, ' ');
    if (!space) {
      if (argc >= 2 && strcmp(argv[1], c->name) == 0) {
        *words = 1;
        return c;
      }
    } else if (argc >= 3 && strlen(argv[1]) == (size_t)(space - c->name) &&
               strncmp(argv[1], c->name, (size_t)(space - c->name)) == 0 &&
               strcmp(argv[2], space + 1) == 0) {
      *words = 2;
      return c;
    }
  }
  return NULL;
}

static int help(int argc, char **argv) {
  if (argc < 3) {
    usage(NULL);
    return 0;
  }
  size_t n = strlen(argv[2]);
  int shown = 0;
  for (const CliCommand *c = cli_commands; c->name; c++) {
    bool match = strcmp(c->name, argv[2]) == 0 ||
                 (argc >= 4 && strncmp(c->name, argv[2], n) == 0 && c->name[n] == ' ' &&
                  strcmp(c->name + n + 1, argv[3]) == 0) ||
                 (argc == 3 && strncmp(c->name, argv[2], n) == 0 && c->name[n] == ' ');
    if (match) {
      printf("用法：dangjian %s\n\n%s\n\n", c->usage, c->help);
      shown++;
    }
  }
  if (!shown) {
    fprintf(stderr, "没有这个命令：%s\n", argv[2]);
    return usage(NULL);
  }
  return 0;
}

int cli_main(int argc, char **argv) {
  if (argc < 2) {
    return usage(NULL);
  }
  if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
      strcmp(argv[1], "-h") == 0) {
    return help(argc, argv);
  }
  int words = 0;
  const CliCommand *c = find(argc, argv, &words);
  if (!c) {
    fprintf(stderr, "未知命令：%s\n", argv[1]);
    return usage(NULL);
  }
  CliArgs a = {.opts = c->opts};
  for (int i = 1 + words; i < argc; i++) {
    const char *arg = argv[i];
    if (strncmp(arg, "--", 2) == 0) {
      const char *eq = strchr(arg, '=');
      size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
      int k = -1;
      for (int j = 0; c->opts && c->opts[j].name; j++) {
        if (strlen(c->opts[j].name) == len && strncmp(c->opts[j].name, arg, len) == 0) {
          k = j;
        }
      }
      if (k < 0) {
        fprintf(stderr, "未知选项：%.*s\n", (int)len, arg);
        return usage(c);
      }
      if (c->opts[k].has_value) {
        if (eq) {
          a.val[k] = eq + 1;
        } else if (i + 1 < argc) {
          a.val[k] = argv[++i];
        } else {
          fprintf(stderr, "选项 %s 需要一个值\n", c->opts[k].name);
          return usage(c);
        }
      } else {
        if (eq) {
          fprintf(stderr, "选项 %s 不带值\n", c->opts[k].name);
          return usage(c);
        }
        a.val[k] = "";
      }
    } else {
      if (a.n_pos >= (int)(sizeof a.pos / sizeof a.pos[0])) {
        return usage(c);
      }
      a.pos[a.n_pos++] = arg;
    }
  }
  if (a.n_pos < c->min_pos || a.n_pos > c->max_pos) {
    fprintf(stderr, "参数个数不对\n");
    return usage(c);
  }
  return c->run(&a);
}

Db *cli_open_db(const CliArgs *a) {
  const char *path = cli_opt(a, "--db");
  Db *db = NULL;
  char *err = NULL;
  if (db_open(&db, path ? path : "dangjian.db", &err) != DB_OK) {
    fprintf(stderr, "无法打开数据库 %s：%s\n", path ? path : "dangjian.db", err ? err : "");
    free(err);
    return NULL;
  }
  return db;
}

char *cli_read_stdin_line(void) {
  char *line = NULL;
  size_t cap = 0;
  ssize_t n = getline(&line, &cap, stdin);
  if (n < 0) {
    free(line);
    return NULL;
  }
  while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) {
    line[--n] = '\0';
  }
  return line;
}
