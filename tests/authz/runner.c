/*
 * authz-tests BINARY MATRIX: the authorisation matrix, checked against a running server.
 *
 * 1. a temp dir TMP; `BINARY demo --scale city --db TMP/db --demo-password Authz#2024x`;
 *    `BINARY user add victim --role branch --org D001T01B03 --password-stdin --db TMP/db`;
 * 2. the org codes and logins the matrix names are resolved to ids through the project
 *    library (db_open + org_by_code / account_find_login);
 * 3. `BINARY serve --db TMP/db --listen 127.0.0.1:0 --quiet`; the URL is read from stdout;
 * 4. one libcurl handle (own cookie jar) per role: anon, admin, district, town1, branch1,
 *    contact1, member1; each signed-in role logs in once (and again whenever a response ends
 *    its session, e.g. POST /logout);
 * 5. for every matrix line × role: the request (GET, or POST with just the right csrf field)
 *    and its status against the declared one; for POST also without a token and with another
 *    session's token (403, or the sign-in redirect for anon on a non-public route);
 * 6. coverage: every entry of app_routes needs a matrix line (a route with a ":param" needs
 *    an in-scope and an out-of-scope line); every line must name a route of app_routes,
 *    except lines marked `planned`, which are skipped while their route does not exist;
 * 7. SIGTERM: the server must exit 0 within 10 s, without a sanitizer report in its stderr.
 *
 * Output: "FAIL …" per failed check, "SKIP …" per planned line without a route, and last
 * "N passed, M failed" (checks). Exit status 1 when anything failed, 2 on bad usage.
 * The matrix format is described at the top of tests/authz/matrix.tsv.
 */
#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "account/account.h"
#include "app/app.h"
#include "base/buf.h"
#include "db/db.h"
#include "org/org.h"
#include "base/banned.h"

#define DEMO_PASSWORD "Authz#2024x"
#define VICTIM_PASSWORD "Victim#2024x"
#define START_TIMEOUT_MS 10000
#define STOP_TIMEOUT_MS 10000
#define REQUEST_TIMEOUT_S 30
#define BODY_SHOWN 200
#define MISSING_ID "999999999"

/* ---- roles ---- */

enum { R_ANON, R_ADMIN, R_DISTRICT, R_TOWN, R_BRANCH, R_CONTACT, R_MEMBER, N_ROLES };

static const char *const role_names[N_ROLES] = {"anon",   "admin",   "district", "town",
                                                "branch", "contact", "member"};
static const char *const role_logins[N_ROLES] = {NULL,      "admin",    "district", "town1",
                                                 "branch1", "contact1", "member1"};

/* org:in — an org inside the role's scope (admin and anon: any org; anon never gets there). */
static const char *const org_in[N_ROLES] = {"D001T01B03", "D001T01B03", "D001T01B03",
                                            "D001T01B03", "D001T01B01", "D001T01B01",
                                            "D001T01B01"};
/* org:out — orgs outside the role's scope: another district for everyone, plus one near
 * miss per role (admin sees everything, so for admin it is simply another district's org). */
static const char *const org_out[N_ROLES][2] = {
    {"D002T01B01", NULL},         /* anon */
    {"D002T01B01", NULL},         /* admin: in scope after all (sees everything) */
    {"D002T01B01", NULL},         /* district D001 */
    {"D002T01B01", "D001T02B01"}, /* town1: another town of its own district */
    {"D002T01B01", "D001T01B02"}, /* branch1: branch2's org, a sibling in town1 */
    {"D002T01B01", "D001T01B03"}, /* contact1: in town1 (its account's org) but not assigned */
    {"D002T01B01", "D001T01B02"}, /* member1: a sibling branch */
};

/* ---- small helpers ---- */

static void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) {
    abort();
  }
  return p;
}

static char *xstrdup(const char *s) {
  char *d = strdup(s);
  if (!d) {
    abort();
  }
  return d;
}

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int64_t ms) {
  struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
  }
}

static bool read_file(const char *path, Buf *out) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    return false;
  }
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    buf_append(out, chunk, n);
  }
  fclose(f);
  return true;
}

static void print_file(const char *label, const char *path) {
  Buf b = BUF_INIT;
  if (read_file(path, &b) && b.len) {
    printf("  --- %s (%s) ---\n%s%s  --- end ---\n", label, path, buf_cstr(&b),
           b.data[b.len - 1] == '\n' ? "" : "\n");
  }
  buf_free(&b);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  (void)flag;
  (void)ftw;
  remove(path);
  return 0;
}

/* ---- results ---- */

static int n_passed, n_failed, n_skipped;

static void pass(void) { n_passed++; }

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("FAIL ", stdout);
  vprintf(fmt, ap);
  fputc('\n', stdout);
  va_end(ap);
  n_failed++;
}

/* ---- the matrix ---- */

typedef struct Line {
  int lineno;
  char *method;
  char *pattern;
  char *subst;
  char *query; /* after '?' in the PATTERN column, NULL when none; may hold one {SUBST} */
  int expect[N_ROLES]; /* 0: '-' (does not apply) */
  bool planned;
  const Route *route; /* NULL when app_routes has no such route */
} Line;

typedef struct Matrix {
  Line *a;
  size_t n;
} Matrix;

static void matrix_free(Matrix *m) {
  for (size_t i = 0; i < m->n; i++) {
    free(m->a[i].method);
    free(m->a[i].pattern);
    free(m->a[i].subst);
    free(m->a[i].query);
  }
  free(m->a);
  m->a = NULL;
  m->n = 0;
}

static bool subst_known(const char *s) {
  static const char *const fixed[] = {"-",           "org:in",     "org:out", "org:missing",
                                      "acct:victim", "acct:missing"};
  for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
    if (strcmp(s, fixed[i]) == 0) {
      return true;
    }
  }
  return (strncmp(s, "org=", 4) == 0 && s[4]) || (strncmp(s, "acct=", 5) == 0 && s[5]) ||
         strncmp(s, "lit:", 4) == 0;
}

static bool pattern_has_param(const char *p) { return strchr(p, ':') || strchr(p, '*'); }

/* Splits a line on blanks (tabs or spaces) into at most max words. */
static size_t split(char *s, char **w, size_t max) {
  size_t n = 0;
  while (*s) {
    while (*s == ' ' || *s == '\t') {
      s++;
    }
    if (!*s) {
      break;
    }
    if (n == max) {
      return max + 1;
    }
    w[n++] = s;
    while (*s && *s != ' ' && *s != '\t') {
      s++;
    }
    if (*s) {
      *s++ = '\0';
    }
  }
  return n;
}

/* Parses the matrix; each bad line is a failed check. */
static bool matrix_parse(const char *path, Matrix *m) {
  Buf text = BUF_INIT;
  if (!read_file(path, &text)) {
    fprintf(stderr, "authz-tests: cannot read %s: %s\n", path, strerror(errno));
    buf_free(&text);
    return false;
  }
  buf_putc(&text, '\0'); /* text.data is never NULL from here on */
  char *s = text.data;
  int lineno = 0;
  while (*s) {
    char *nl = strchr(s, '\n');
    if (nl) {
      *nl = '\0';
    }
    lineno++;
    char *hash = strchr(s, '#');
    if (hash) {
      *hash = '\0';
    }
    char *w[12];
    size_t n = split(s, w, 11);
    if (n == 0) {
      goto next;
    }
    bool planned = n == 11 && strcmp(w[10], "planned") == 0;
    if (n != 10 && !planned) {
      fail("%s:%d: want METHOD PATTERN SUBST and 7 expected statuses (+ optional 'planned')",
           path, lineno);
      goto next;
    }
    if (strcmp(w[0], "GET") != 0 && strcmp(w[0], "POST") != 0) {
      fail("%s:%d: method %s: only GET and POST", path, lineno, w[0]);
      goto next;
    }
    char *query = strchr(w[1], '?');
    if (query) {
      *query++ = '\0';
      const char *open = strchr(query, '{');
      const char *close = open ? strchr(open, '}') : NULL;
      bool bad = open && !close;
      if (open && close) {
        char tok[128];
        snprintf(tok, sizeof tok, "%.*s", (int)(close - open - 1), open + 1);
        bad = !subst_known(tok) || strcmp(tok, "-") == 0 || strchr(close + 1, '{');
      }
      if (bad) {
        fail("%s:%d: query %s: at most one {SUBST} with a known substitution", path, lineno,
             query);
        goto next;
      }
    }
    if (w[1][0] != '/') {
      fail("%s:%d: pattern %s does not start with /", path, lineno, w[1]);
      goto next;
    }
    if (!subst_known(w[2])) {
      fail("%s:%d: unknown substitution %s", path, lineno, w[2]);
      goto next;
    }
    if (pattern_has_param(w[1]) != (strcmp(w[2], "-") != 0)) {
      fail("%s:%d: %s %s: a pattern with :param or * needs a substitution, one without "
           "takes '-'",
           path, lineno, w[0], w[1]);
      goto next;
    }
    Line l = {.lineno = lineno, .planned = planned};
    bool ok = true;
    for (int r = 0; r < N_ROLES; r++) {
      const char *e = w[3 + r];
      if (strcmp(e, "-") == 0) {
        l.expect[r] = 0;
        continue;
      }
      char *end;
      long code = strtol(e, &end, 10);
      if (*end || code < 100 || code > 599) {
        fail("%s:%d: expected status for %s is '%s' (want a status code or '-')", path, lineno,
             role_names[r], e);
        ok = false;
        break;
      }
      l.expect[r] = (int)code;
    }
    for (size_t i = 0; ok && i < m->n; i++) {
      if (strcmp(m->a[i].method, w[0]) == 0 && strcmp(m->a[i].pattern, w[1]) == 0 &&
          strcmp(m->a[i].subst, w[2]) == 0 &&
          strcmp(m->a[i].query ? m->a[i].query : "", query ? query : "") == 0) {
        fail("%s:%d: %s %s%s%s %s repeats line %d", path, lineno, w[0], w[1], query ? "?" : "",
             query ? query : "", w[2], m->a[i].lineno);
        ok = false;
      }
    }
    if (ok) {
      l.method = xstrdup(w[0]);
      l.pattern = xstrdup(w[1]);
      l.subst = xstrdup(w[2]);
      l.query = query ? xstrdup(query) : NULL;
      m->a = xrealloc(m->a, (m->n + 1) * sizeof *m->a);
      m->a[m->n++] = l;
    }
  next:
    if (!nl) {
      break;
    }
    s = nl + 1;
  }
  buf_free(&text);
  return true;
}

/* ---- ids ---- */

/* Ids of the objects the matrix names: keys "org=CODE" and "acct=LOGIN". */
typedef struct Ids {
  char *key[64];
  char *id[64];
  size_t n;
} Ids;

static const char *ids_get(const Ids *ids, const char *key) {
  for (size_t i = 0; i < ids->n; i++) {
    if (strcmp(ids->key[i], key) == 0) {
      return ids->id[i];
    }
  }
  return NULL;
}

static bool ids_has(const Ids *ids, const char *key) {
  for (size_t i = 0; i < ids->n; i++) {
    if (strcmp(ids->key[i], key) == 0) {
      return true;
    }
  }
  return false;
}

static void ids_add(Ids *ids, const char *prefix, const char *name) {
  if (!name) {
    return;
  }
  char key[128];
  snprintf(key, sizeof key, "%s%s", prefix, name);
  if (!ids_has(ids, key) && ids->n < sizeof ids->key / sizeof *ids->key) {
    ids->key[ids->n] = xstrdup(key);
    ids->id[ids->n] = NULL;
    ids->n++;
  }
}

static void ids_free(Ids *ids) {
  for (size_t i = 0; i < ids->n; i++) {
    free(ids->key[i]);
    free(ids->id[i]);
  }
  ids->n = 0;
}

/* Resolves every key of ids (org codes with org_by_code, logins with account_find_login). */
static bool ids_resolve(Ids *ids, const char *db_path) {
  Db *db = NULL;
  char *err = NULL;
  if (db_open(&db, db_path, &err) != DB_OK) {
    fail("cannot open %s: %s", db_path, err ? err : "?");
    free(err);
    return false;
  }
  bool ok = true;
  for (size_t i = 0; i < ids->n; i++) {
    int64_t id = 0;
    const char *key = ids->key[i];
    if (strncmp(key, "org=", 4) == 0) {
      id = org_by_code(db, key + 4);
    } else {
      AccountAuth a;
      if (account_find_login(db, key + 5, &a) == DB_OK) {
        id = a.id;
        account_auth_free(&a);
      }
    }
    if (id <= 0) {
      fail("the test data has no %s %s", strncmp(key, "org=", 4) == 0 ? "org" : "account",
           strchr(key, '=') + 1);
      ok = false;
      continue;
    }
    char v[24];
    snprintf(v, sizeof v, "%lld", (long long)id);
    ids->id[i] = xstrdup(v);
  }
  db_close(db);
  return ok;
}

/* The concrete values of a substitution for a role: value (the path segment) and a label. */
typedef struct Target {
  char value[64];
  char label[64];
} Target;

static void target_set(Target *t, const Ids *ids, const char *key, const char *label) {
  const char *id = key ? ids_get(ids, key) : NULL;
  snprintf(t->value, sizeof t->value, "%s", id ? id : MISSING_ID);
  snprintf(t->label, sizeof t->label, "%s", label);
}

static size_t targets(const Ids *ids, const char *subst, int role, Target out[2]) {
  char key[128];
  if (strcmp(subst, "-") == 0) {
    out[0].value[0] = out[0].label[0] = '\0';
    return 1;
  }
  if (strcmp(subst, "org:in") == 0) {
    snprintf(key, sizeof key, "org=%s", org_in[role]);
    target_set(&out[0], ids, key, org_in[role]);
    return 1;
  }
  if (strcmp(subst, "org:out") == 0) {
    size_t n = 0;
    for (size_t k = 0; k < 2 && org_out[role][k]; k++) {
      snprintf(key, sizeof key, "org=%s", org_out[role][k]);
      target_set(&out[n++], ids, key, org_out[role][k]);
    }
    return n;
  }
  if (strncmp(subst, "org=", 4) == 0 || strncmp(subst, "acct=", 5) == 0) {
    target_set(&out[0], ids, subst, strchr(subst, '=') + 1);
    return 1;
  }
  if (strcmp(subst, "acct:victim") == 0) {
    target_set(&out[0], ids, "acct=victim", "victim");
    return 1;
  }
  if (strncmp(subst, "lit:", 4) == 0) {
    snprintf(out[0].value, sizeof out[0].value, "%s", subst + 4);
    snprintf(out[0].label, sizeof out[0].label, "%s", subst + 4);
    return 1;
  }
  target_set(&out[0], ids, NULL, "no such id"); /* org:missing, acct:missing */
  return 1;
}

/* The {SUBST} of a line's query into tok; false when there is none. */
static bool query_token(const Line *l, char *tok, size_t size) {
  const char *open = l->query ? strchr(l->query, '{') : NULL;
  const char *close = open ? strchr(open, '}') : NULL;
  if (!close) {
    return false;
  }
  snprintf(tok, size, "%.*s", (int)(close - open - 1), open + 1);
  return true;
}

static void collect_ids(const Matrix *m, Ids *ids) {
  for (int r = 0; r < N_ROLES; r++) {
    ids_add(ids, "org=", org_in[r]);
    ids_add(ids, "org=", org_out[r][0]);
    ids_add(ids, "org=", org_out[r][1]);
  }
  ids_add(ids, "acct=", "victim");
  for (size_t i = 0; i < m->n; i++) {
    if (strncmp(m->a[i].subst, "org=", 4) == 0 || strncmp(m->a[i].subst, "acct=", 5) == 0) {
      ids_add(ids, "", m->a[i].subst);
    }
    char tok[128];
    if (query_token(&m->a[i], tok, sizeof tok) &&
        (strncmp(tok, "org=", 4) == 0 || strncmp(tok, "acct=", 5) == 0)) {
      ids_add(ids, "", tok);
    }
  }
}

/* Replaces every ":name" segment and a final "*" of pattern with value. */
static void fill_pattern(const char *pattern, const char *value, Buf *out) {
  const char *p = pattern;
  while (*p) {
    if (*p == ':' || (*p == '*' && p[1] == '\0')) {
      buf_puts(out, value);
      while (*p && *p != '/') {
        p++;
      }
      continue;
    }
    buf_putc(out, *p++);
  }
}

/* ---- processes ---- */

static pid_t spawn(const char *const argv[], const char *stdin_text, const char *out_path,
                   const char *err_path) {
  int in[2] = {-1, -1};
  if (stdin_text && pipe(in) < 0) {
    return -1;
  }
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    int fd0 = stdin_text ? in[0] : open("/dev/null", O_RDONLY);
    int fd1 = open(out_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    int fd2 = open(err_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd0 < 0 || fd1 < 0 || fd2 < 0) {
      _exit(127);
    }
    dup2(fd0, 0);
    dup2(fd1, 1);
    dup2(fd2, 2);
    if (stdin_text) {
      close(in[1]);
    }
    size_t n = 0;
    while (argv[n]) {
      n++;
    }
    char **copy = xrealloc(NULL, (n + 1) * sizeof *copy);
    for (size_t i = 0; i < n; i++) {
      copy[i] = xstrdup(argv[i]);
    }
    copy[n] = NULL;
    execv(copy[0], copy);
    _exit(127);
  }
  if (stdin_text) {
    close(in[0]);
    if (pid > 0) {
      size_t n = strlen(stdin_text);
      ssize_t w = write(in[1], stdin_text, n);
      w = w == (ssize_t)n ? write(in[1], "\n", 1) : w;
      (void)w;
    }
    close(in[1]);
  }
  return pid;
}

static bool wait_for(pid_t pid, int ms, int *status) {
  int64_t deadline = now_ms() + ms;
  for (;;) {
    pid_t w = waitpid(pid, status, WNOHANG);
    if (w == pid) {
      return true;
    }
    if (w < 0 && errno != EINTR) {
      return false;
    }
    if (now_ms() >= deadline) {
      return false;
    }
    sleep_ms(10);
  }
}

static void describe_status(int status, Buf *out) {
  if (WIFEXITED(status)) {
    buf_printf(out, "exit status %d", WEXITSTATUS(status));
  } else if (WIFSIGNALED(status)) {
    buf_printf(out, "killed by signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
  } else {
    buf_puts(out, "unknown status");
  }
}

typedef struct Run {
  const char *binary;
  char tmp[256];
  char db[300];
  char log[300];
  pid_t server;
  int port;
} Run;

/* Runs BINARY args… --db DB (stdin_text → stdin); true when it exits 0. */
static bool run_cmd(Run *run, const char *const *args, const char *stdin_text) {
  const char *argv[16];
  size_t n = 0;
  argv[n++] = run->binary;
  for (; *args && n < 13; args++) {
    argv[n++] = *args;
  }
  argv[n++] = "--db";
  argv[n++] = run->db;
  argv[n] = NULL;
  char out[320];
  snprintf(out, sizeof out, "%s/setup.log", run->tmp);
  pid_t pid = spawn(argv, stdin_text, out, out);
  int status = 0;
  bool ok = pid > 0 && wait_for(pid, 300000, &status) && WIFEXITED(status) &&
            WEXITSTATUS(status) == 0;
  if (!ok) {
    Buf why = BUF_INIT;
    if (pid > 0) {
      describe_status(status, &why);
    } else {
      buf_puts(&why, "could not start");
    }
    fail("setup: %s %s: %s", run->binary, argv[1], buf_cstr(&why));
    print_file("setup output", out);
    buf_free(&why);
  }
  return ok;
}

static bool start_server(Run *run) {
  const char *argv[] = {run->binary, "serve",       "--db",  run->db,
                        "--listen",  "127.0.0.1:0", "--quiet", NULL};
  char out[320];
  snprintf(out, sizeof out, "%s/server.out", run->tmp);
  run->server = spawn(argv, NULL, out, run->log);
  if (run->server <= 0) {
    fail("cannot start %s: %s", run->binary, strerror(errno));
    run->server = 0;
    return false;
  }
  int64_t deadline = now_ms() + START_TIMEOUT_MS;
  Buf b = BUF_INIT;
  while (now_ms() < deadline) {
    buf_reset(&b);
    read_file(out, &b);
    const char *u = strstr(buf_cstr(&b), "http://127.0.0.1:");
    if (u && strchr(u, '\n')) {
      run->port = atoi(u + strlen("http://127.0.0.1:"));
      break;
    }
    int status;
    if (waitpid(run->server, &status, WNOHANG) == run->server) {
      Buf why = BUF_INIT;
      describe_status(status, &why);
      fail("the server ended before listening (%s)", buf_cstr(&why));
      buf_free(&why);
      run->server = 0;
      break;
    }
    sleep_ms(20);
  }
  buf_free(&b);
  if (run->port <= 0) {
    if (run->server > 0) {
      fail("no \"http://127.0.0.1:PORT/\" line on the server's stdout within %d ms",
           START_TIMEOUT_MS);
    }
    print_file("server stdout", out);
    print_file("server stderr", run->log);
  }
  return run->port > 0;
}

/* SIGTERM; exit 0 within STOP_TIMEOUT_MS and no sanitizer report. Two checks. */
static void stop_server(Run *run) {
  if (run->server <= 0) {
    return;
  }
  kill(run->server, SIGTERM);
  int status = 0;
  if (!wait_for(run->server, STOP_TIMEOUT_MS, &status)) {
    fail("the server did not stop within %d ms of SIGTERM", STOP_TIMEOUT_MS);
    kill(run->server, SIGKILL);
    waitpid(run->server, &status, 0);
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    Buf why = BUF_INIT;
    describe_status(status, &why);
    fail("the server ended with %s after SIGTERM", buf_cstr(&why));
    buf_free(&why);
  } else {
    pass();
  }
  run->server = 0;
  Buf log = BUF_INIT;
  read_file(run->log, &log);
  static const char *const reports[] = {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                                        "runtime error:", "WARNING: ThreadSanitizer"};
  bool clean = true;
  for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
    if (strstr(buf_cstr(&log), reports[i])) {
      fail("sanitizer report in the server log (%s)", reports[i]);
      print_file("server stderr", run->log);
      clean = false;
      break;
    }
  }
  if (clean) {
    pass();
  }
  buf_free(&log);
}

/* ---- HTTP ---- */

typedef struct Resp {
  long status;
  Buf body;
  char *location;
  bool session_ended; /* Set-Cookie: dj_session=; (cleared) */
} Resp;

static void resp_clear(Resp *r) {
  buf_free(&r->body);
  free(r->location);
  memset(r, 0, sizeof *r);
}

static size_t on_header(char *data, size_t size, size_t n, void *ud) {
  Resp *r = ud;
  size_t len = size * n;
  char line[2048];
  size_t k = len < sizeof line - 1 ? len : sizeof line - 1;
  memcpy(line, data, k);
  line[k] = '\0';
  while (k && (line[k - 1] == '\r' || line[k - 1] == '\n')) {
    line[--k] = '\0';
  }
  if (strncasecmp(line, "HTTP/", 5) == 0) { /* a new response (after 100 Continue) */
    free(r->location);
    r->location = NULL;
    r->session_ended = false;
  } else if (strncasecmp(line, "Location:", 9) == 0) {
    const char *v = line + 9;
    while (*v == ' ') {
      v++;
    }
    free(r->location);
    r->location = xstrdup(v);
  } else if (strncasecmp(line, "Set-Cookie:", 11) == 0) {
    const char *v = line + 11;
    while (*v == ' ') {
      v++;
    }
    if (strncmp(v, "dj_session=;", 12) == 0 || strcmp(v, "dj_session=") == 0) {
      r->session_ended = true;
    }
  }
  return len;
}

static size_t on_body(char *data, size_t size, size_t n, void *ud) {
  Resp *r = ud;
  if (r->body.len < 64 * 1024) {
    buf_append(&r->body, data, size * n);
  }
  return size * n;
}

typedef struct Client {
  int role;
  CURL *curl;
  char *csrf;
  bool need_login;
  bool broken; /* could not sign in: its checks fail without requests */
} Client;

/* Sends METHOD path (POST: body as given, NULL = none). False on a transport error. */
static bool send_req(const Run *run, Client *c, const char *method, const char *path,
                     const char *body, Resp *resp) {
  Buf url = BUF_INIT;
  buf_printf(&url, "http://127.0.0.1:%d%s", run->port, path);
  CURL *h = c->curl;
  curl_easy_setopt(h, CURLOPT_URL, buf_cstr(&url));
  curl_easy_setopt(h, CURLOPT_HEADERDATA, resp);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, resp);
  if (strcmp(method, "POST") == 0) {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "");
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)(body ? strlen(body) : 0));
  } else {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  }
  char errbuf[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  CURLcode rc = curl_easy_perform(h);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
  buf_free(&url);
  if (rc != CURLE_OK) {
    fail("%s %s as %s: request failed: %s (%s)", method, path, role_names[c->role],
         curl_easy_strerror(rc), errbuf);
    return false;
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
  if (resp->session_ended) {
    c->need_login = c->role != R_ANON;
  }
  return true;
}

/* The value of the first name="csrf" hidden field in body, or NULL. */
static char *find_csrf(const Buf *body) {
  const char *key = "name=\"csrf\" value=\"";
  const char *p = strstr(buf_cstr(body), key);
  if (!p) {
    return NULL;
  }
  p += strlen(key);
  const char *e = strchr(p, '"');
  return e && e > p ? strndup(p, (size_t)(e - p)) : NULL;
}

/* Anonymous: GET /login for the pre-session token. Signed in: GET /login, POST /login, then
 * GET / for the session's token. One pass or fail check per attempt. */
static bool client_login(const Run *run, Client *c) {
  Resp r = {0};
  bool ok = false;
  char *token = NULL;
  free(c->csrf);
  c->csrf = NULL;
  if (!send_req(run, c, "GET", "/login", NULL, &r)) {
    goto out;
  }
  token = find_csrf(&r.body);
  if (r.status != 200 || !token) {
    fail("sign-in as %s: GET /login answered %ld without a csrf field", role_names[c->role],
         r.status);
    goto out;
  }
  if (c->role == R_ANON) {
    c->csrf = token;
    token = NULL;
    ok = true;
    goto out;
  }
  Buf body = BUF_INIT;
  buf_puts(&body, "login=");
  buf_urlencode(&body, role_logins[c->role], strlen(role_logins[c->role]));
  buf_puts(&body, "&password=");
  buf_urlencode(&body, DEMO_PASSWORD, strlen(DEMO_PASSWORD));
  buf_puts(&body, "&csrf=");
  buf_urlencode(&body, token, strlen(token));
  resp_clear(&r);
  bool sent = send_req(run, c, "POST", "/login", buf_cstr(&body), &r);
  buf_free(&body);
  if (!sent) {
    goto out;
  }
  if (r.status != 303 || !r.location || strcmp(r.location, "/") != 0) {
    fail("sign-in as %s (%s): POST /login answered %ld, Location %s (want 303 to /)",
         role_names[c->role], role_logins[c->role], r.status, r.location ? r.location : "-");
    goto out;
  }
  resp_clear(&r);
  if (!send_req(run, c, "GET", "/", NULL, &r)) {
    goto out;
  }
  c->csrf = find_csrf(&r.body);
  if (r.status != 200 || !c->csrf) {
    fail("sign-in as %s: GET / answered %ld without a csrf field", role_names[c->role],
         r.status);
    goto out;
  }
  ok = true;
out:
  if (ok) {
    pass();
  }
  c->need_login = !ok;
  c->broken = !ok;
  free(token);
  resp_clear(&r);
  return ok;
}

/* ---- checks ---- */

static bool route_is_public(const Line *l) { return l->route && l->route->perm == PERM_PUBLIC; }

static void show_body(const Resp *r) {
  if (!r->body.len) {
    return;
  }
  const char *b = buf_cstr(&r->body);
  const char *main_start = strstr(b, "<main");
  const char *shown = main_start ? main_start : b;
  size_t n = strlen(shown);
  printf("  body: %.*s%s\n", (int)(n < BODY_SHOWN ? n : BODY_SHOWN), shown,
         n > BODY_SHOWN ? "…" : "");
}

/* One request and its status check. variant: NULL (the right token), "without csrf",
 * "with another session's csrf". */
static void check(const Run *run, Client *clients, const Line *l, int role, const Target *t,
                  const Target *qt, const char *variant, int want) {
  Client *c = &clients[role];
  Buf path = BUF_INIT;
  Buf where = BUF_INIT;
  fill_pattern(l->pattern, t->value, &path);
  if (l->query) {
    buf_putc(&path, '?');
    const char *open = strchr(l->query, '{');
    const char *close = open ? strchr(open, '}') : NULL;
    if (close) {
      buf_append(&path, l->query, (size_t)(open - l->query));
      buf_urlencode(&path, qt->value, strlen(qt->value));
      buf_puts(&path, close + 1);
    } else {
      buf_puts(&path, l->query);
    }
  }
  buf_printf(&where, "%s %s%s%s%s%s as %s%s%s", l->method, l->pattern, l->query ? "?" : "",
             l->query ? l->query : "", strcmp(l->subst, "-") ? " " : "",
             strcmp(l->subst, "-") ? l->subst : "", role_names[role], variant ? " " : "",
             variant ? variant : "");
  if (c->need_login && !c->broken) {
    client_login(run, c);
  }
  if (c->broken) {
    fail("%s: expected %d, but %s could not sign in", buf_cstr(&where), want,
         role_names[role]);
    goto out;
  }
  Buf body = BUF_INIT;
  const char *send_body = NULL;
  if (strcmp(l->method, "POST") == 0) {
    const char *token = c->csrf;
    if (variant && strcmp(variant, "without csrf") == 0) {
      token = NULL;
    } else if (variant) {
      /* another session's token: the anonymous one for signed-in roles, admin's for anon */
      token = clients[role == R_ANON ? R_ADMIN : R_ANON].csrf;
    }
    if (token) {
      buf_puts(&body, "csrf=");
      buf_urlencode(&body, token, strlen(token));
    }
    send_body = buf_cstr(&body);
  }
  Resp r = {0};
  if (send_req(run, c, l->method, buf_cstr(&path), send_body, &r)) {
    bool ok = r.status == want;
    const char *why = "";
    /* Signed out and sent to sign in: the redirect must go to the login form. */
    if (ok && role == R_ANON && want == 303 && !route_is_public(l) &&
        (!r.location || (strncmp(r.location, "/login?next=", 12) != 0 &&
                         (strcmp(r.location, "/login") != 0 || strcmp(l->method, "GET") == 0)))) {
      ok = false;
      why = strcmp(l->method, "GET") == 0 ? " (Location is not /login?next=…)"
                                          : " (Location is not /login)";
    }
    if (ok) {
      pass();
    } else {
      Buf ctx = BUF_INIT;
      if (t->label[0] || qt->label[0]) {
        buf_printf(&ctx, " [%s %s = %s%s%s]", l->method, buf_cstr(&path), t->label,
                   t->label[0] && qt->label[0] ? ", " : "", qt->label);
      } else {
        buf_printf(&ctx, " [%s %s]", l->method, buf_cstr(&path));
      }
      fail("%s: expected %d, got %ld%s%s%s%s", buf_cstr(&where), want, r.status, why,
           buf_cstr(&ctx), r.location ? " Location: " : "", r.location ? r.location : "");
      buf_free(&ctx);
      show_body(&r);
    }
  }
  resp_clear(&r);
  buf_free(&body);
out:
  buf_free(&path);
  buf_free(&where);
}

static void run_matrix(const Run *run, Client *clients, const Matrix *m, const Ids *ids) {
  for (size_t i = 0; i < m->n; i++) {
    const Line *l = &m->a[i];
    if (!l->route) {
      continue;
    }
    bool post = strcmp(l->method, "POST") == 0;
    for (int role = 0; role < N_ROLES; role++) {
      int want = l->expect[role];
      if (!want) {
        continue;
      }
      Target t[2], qt[2];
      size_t nt = targets(ids, l->subst, role, t);
      char tok[128];
      size_t nq = 1;
      if (query_token(l, tok, sizeof tok)) {
        nq = targets(ids, tok, role, qt);
      } else {
        qt[0].value[0] = qt[0].label[0] = '\0';
      }
      for (size_t k = 0; k < nt; k++) {
        for (size_t q = 0; q < nq; q++) {
          if (post) {
            /* Without a valid token every POST is refused (403) — after the sign-in
             * redirect and the permission check, which come first. */
            int refused = role == R_ANON && !route_is_public(l) ? want : 403;
            check(run, clients, l, role, &t[k], &qt[q], "without csrf", refused);
            check(run, clients, l, role, &t[k], &qt[q], "with another session's csrf", refused);
          }
          check(run, clients, l, role, &t[k], &qt[q], NULL, want);
        }
      }
    }
  }
}

/* ---- coverage ---- */

static bool subst_in(const char *s) {
  return strcmp(s, "org:in") == 0 || strcmp(s, "acct:victim") == 0 ||
         strncmp(s, "lit:", 4) == 0;
}

static bool subst_out(const char *s) {
  return strcmp(s, "org:out") == 0 || strcmp(s, "org:missing") == 0 ||
         strcmp(s, "acct:missing") == 0 || strncmp(s, "lit:", 4) == 0;
}

/* Links lines to routes; SKIP planned lines without a route; FAIL other unknown lines. */
static void link_routes(Matrix *m, const char *matrix_path) {
  for (size_t i = 0; i < m->n; i++) {
    Line *l = &m->a[i];
    for (const Route *rt = app_routes; rt->method; rt++) {
      if (strcmp(rt->method, l->method) == 0 && strcmp(rt->pattern, l->pattern) == 0) {
        l->route = rt;
        break;
      }
    }
    if (l->route) {
      continue;
    }
    if (l->planned) {
      printf("SKIP %s %s%s%s %s (no such route yet; %s:%d)\n", l->method, l->pattern,
             l->query ? "?" : "", l->query ? l->query : "", l->subst, matrix_path, l->lineno);
      n_skipped++;
    } else {
      fail("%s:%d: %s %s is not a route of app_routes (mark it 'planned' if it is coming)",
           matrix_path, l->lineno, l->method, l->pattern);
    }
  }
}

/* Every route has a line; a parametrised route has an in-scope and an out-of-scope line. */
static void check_coverage(const Matrix *m, const char *matrix_path) {
  for (const Route *rt = app_routes; rt->method; rt++) {
    bool any = false, in = false, out = false;
    for (size_t i = 0; i < m->n; i++) {
      const Line *l = &m->a[i];
      if (l->route == rt) {
        any = true;
        in |= subst_in(l->subst);
        out |= subst_out(l->subst);
      }
    }
    if (!any) {
      fail("route %s %s (%s) has no line in %s", rt->method, rt->pattern,
           rt->summary ? rt->summary : "", matrix_path);
    } else if (pattern_has_param(rt->pattern) && (!in || !out)) {
      fail("route %s %s needs an in-scope line (org:in / acct:victim) and an out-of-scope "
           "line (org:out / org:missing / acct:missing) in %s",
           rt->method, rt->pattern, matrix_path);
    } else {
      pass();
    }
  }
}

/* ---- main ---- */

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s BINARY MATRIX\n", argv[0]);
    return 2;
  }
  setvbuf(stdout, NULL, _IOLBF, 0);
  signal(SIGPIPE, SIG_IGN);
  int64_t t0 = now_ms();
  char real[4096];
  if (!realpath(argv[1], real) || access(real, X_OK) != 0) {
    fprintf(stderr, "authz-tests: %s is not an executable\n", argv[1]);
    return 2;
  }
  const char *matrix_path = argv[2];
  Matrix m = {0};
  if (!matrix_parse(matrix_path, &m)) {
    return 2;
  }
  link_routes(&m, matrix_path);
  check_coverage(&m, matrix_path);

  Run run = {.binary = real};
  Ids ids = {0};
  Client clients[N_ROLES];
  memset(clients, 0, sizeof clients);
  const char *tmpdir = getenv("TMPDIR");
  snprintf(run.tmp, sizeof run.tmp, "%s/dj-authz-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
  if (!mkdtemp(run.tmp)) {
    fail("mkdtemp: %s", strerror(errno));
    run.tmp[0] = '\0';
    goto out;
  }
  snprintf(run.db, sizeof run.db, "%s/db", run.tmp);
  snprintf(run.log, sizeof run.log, "%s/server.log", run.tmp);

  static const char *const demo_args[] = {"demo", "--scale", "city", "--demo-password",
                                          DEMO_PASSWORD, NULL};
  static const char *const victim_args[] = {"user", "add", "victim", "--role", "branch",
                                            "--org", "D001T01B03", "--password-stdin", NULL};
  int64_t t1 = now_ms();
  if (!run_cmd(&run, demo_args, NULL) || !run_cmd(&run, victim_args, VICTIM_PASSWORD)) {
    goto out;
  }
  printf("demo data (city) made in %.1f s\n", (double)(now_ms() - t1) / 1000);
  collect_ids(&m, &ids);
  if (!ids_resolve(&ids, run.db) || !start_server(&run)) {
    goto stop;
  }

  curl_global_init(CURL_GLOBAL_DEFAULT);
  for (int r = 0; r < N_ROLES; r++) {
    Client *c = &clients[r];
    c->role = r;
    c->curl = curl_easy_init();
    if (!c->curl) {
      fail("curl_easy_init failed");
      c->broken = true;
      continue;
    }
    curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, ""); /* its own cookie jar */
    curl_easy_setopt(c->curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c->curl, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(c->curl, CURLOPT_TIMEOUT, (long)REQUEST_TIMEOUT_S);
    curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c->curl, CURLOPT_PROXY, "");
    curl_easy_setopt(c->curl, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_body);
    client_login(&run, c);
  }
  int64_t t2 = now_ms();
  run_matrix(&run, clients, &m, &ids);
  printf("matrix requests took %.1f s\n", (double)(now_ms() - t2) / 1000);
  for (int r = 0; r < N_ROLES; r++) {
    if (clients[r].curl) {
      curl_easy_cleanup(clients[r].curl);
    }
    free(clients[r].csrf);
  }
  curl_global_cleanup();
stop:
  stop_server(&run);
out:
  if (run.tmp[0]) {
    nftw(run.tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  }
  ids_free(&ids);
  matrix_free(&m);
  printf("authz tests took %.1f s; %d matrix line(s) skipped (no such route yet)\n",
         (double)(now_ms() - t0) / 1000, n_skipped);
  printf("%d passed, %d failed\n", n_passed, n_failed);
  return n_failed ? 1 : 0;
}
