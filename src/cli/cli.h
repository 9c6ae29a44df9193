/*
 * cli: the command-line interface. One table (cli.c) both dispatches commands and prints
 * their help; each command declares its options, and anything undeclared is a usage error
 * (exit status 2).
 */
#ifndef DJ_CLI_H
#define DJ_CLI_H

#include <jansson.h>
#include <stdbool.h>

#include "db/db.h"

typedef struct CliOpt {
  const char *name; /* "--db" */
  bool has_value;
} CliOpt;

typedef struct CliArgs {
  const char *pos[16];
  int n_pos;
  const char *val[16]; /* value per declared option, in declaration order; "" for flags */
  const CliOpt *opts;
} CliArgs;

typedef struct CliCommand {
  const char *name;     /* "user add" — one or two words */
  int (*run)(CliArgs *a);
  const CliOpt *opts;   /* terminated by {0}; may be NULL */
  int min_pos, max_pos; /* positional arguments after the name */
  const char *usage;    /* "user add LOGIN --role ROLE [--org CODE] --password-stdin" */
  const char *help;     /* Chinese, several lines */
} CliCommand;

extern const CliCommand cli_commands[];

/* Runs the command line; returns the exit status (0 ok, 1 failure, 2 usage). */
int cli_main(int argc, char **argv);

/* The value of a declared option, or NULL when not given; flags give "". */
const char *cli_opt(const CliArgs *a, const char *name);
/* --format text|json: whether JSON was asked for (false for text or when not given); -1 after
 * printing the usage error for any other value (the command then exits 2). */
int cli_format_json(const CliArgs *a);
/* Prints j indented on standard output (flags: extra json_dumps flags) and drops it. */
void cli_print_json(json_t *j, size_t flags);
/* Opens (and migrates) the database named by --db or ./dangjian.db; prints the error and
 * returns NULL on failure. */
Db *cli_open_db(const CliArgs *a);
/* Reads one line (the password) from standard input; malloc'd without the newline. */
char *cli_read_stdin_line(void);

/* Commands, in their own files. */
int cli_version_cmd(CliArgs *a);
int cli_init_cmd(CliArgs *a);
int cli_serve_cmd(CliArgs *a);
int cli_migrate_cmd(CliArgs *a);
int cli_backup_cmd(CliArgs *a);
int cli_user_add_cmd(CliArgs *a);
int cli_user_passwd_cmd(CliArgs *a);
int cli_user_list_cmd(CliArgs *a);
int cli_user_lock_cmd(CliArgs *a);
int cli_user_unlock_cmd(CliArgs *a);
int cli_demo_cmd(CliArgs *a);
int cli_import_roster_cmd(CliArgs *a); /* cli_import.c */
int cli_export_roster_cmd(CliArgs *a);
int cli_check_cmd(CliArgs *a); /* cli_check.c */
int cli_rules_show_cmd(CliArgs *a); /* cli_rules.c */
int cli_rules_add_cmd(CliArgs *a);

#endif
