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
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/testsrv.h"
#include "account/account.h"
#include "app/app.h"
#include "base/buf.h"
#include "db/db.h"
#include "org/org.h"
#include "base/banned.h"

#define DEMO_PASSWORD "Authz#2024x"
#define VICTIM_PASSWORD "Victim#2024x"
#define SETUP_TIMEOUT_MS 300000
#define BODY_SHOWN 200
#define MISSING_ID "999999999"

/* ---- roles ---- */

enum { R_ANON, R_ADMIN, R_DISTRICT, R_TOWN, R_BRANCH, R_CONTACT, R_MEMBER, N_ROLES };

static const char *const role_names[N_ROLES] = {"anon",   "admin",   "district", "town",
                                                "branch", "contact", "member"};
static const char *const role_logins[N_ROLES] = {NULL,      "admin",    "district", "town1",
                                                 "branch1", "contact1", "member1"};

/* org:in — an org inside the role's scope (admin and anon: any org; anon never gets there). */
static const char *const org_in[N_ROLES] = {"D001T01B03", "D001T01B03", "D001T01B03", "D001T01B03",
                                            "D001T01B01", "D001T01B01", "D001T01B01"};
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
  char *query;         /* after '?' in the PATTERN column, NULL when none; may hold one {SUBST} */
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
  static const char *const fixed[] = {"-",           "org:in",      "org:out",
                                      "org:missing", "acct:victim", "acct:missing"};
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
  if (!ts_read_file(path, &text)) {
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
      fail("%s:%d: want METHOD PATTERN SUBST and 7 expected statuses (+ optional 'planned')", path,
           lineno);
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
        fail("%s:%d: query %s: at most one {SUBST} with a known substitution", path, lineno, query);
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
      l.method = ts_xstrdup(w[0]);
      l.pattern = ts_xstrdup(w[1]);
      l.subst = ts_xstrdup(w[2]);
      l.query = query ? ts_xstrdup(query) : NULL;
      m->a = ts_xrealloc(m->a, (m->n + 1) * sizeof *m->a);
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
    ids->key[ids->n] = ts_xstrdup(key);
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
    ids->id[i] = ts_xstrdup(v);
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

/* ---- the server ---- */

/* The TsReportFn: each message is a failed check. */
static void report_failure(void *ctx, const char *msg) {
  (void)ctx;
  fail("%s", msg);
}

/* Runs BINARY args… --db DB (stdin_text → stdin); true when it exits 0. One failed check
 * when it does not. */
static bool run_cmd(const TsServer *srv, const char *const *args, const char *stdin_text) {
  Buf why = BUF_INIT;
  bool ok = ts_run_cmd(srv, args, stdin_text, SETUP_TIMEOUT_MS, &why);
  if (!ok) {
    fail("setup: %s %s: %s", srv->binary, args[0], buf_cstr(&why));
    ts_print_file("setup output", srv->setup_log);
  }
  buf_free(&why);
  return ok;
}

/* SIGTERM; exit 0 within TS_STOP_TIMEOUT_MS and no sanitizer report: two checks (none when
 * no server runs). */
static void stop_server(TsServer *srv) {
  if (srv->pid <= 0) {
    return;
  }
  TsStopResult r = ts_stop_server(srv);
  if (r.stopped) {
    pass();
  }
  if (r.clean) {
    pass();
  } else {
    ts_print_file("server stderr", srv->log);
  }
}

/* ---- HTTP ---- */

typedef struct Client {
  int role;
  CURL *curl;
  char *csrf;
  bool need_login;
  bool broken; /* could not sign in: its checks fail without requests */
} Client;

/* True when r clears the session cookie (Set-Cookie: dj_session=; ...): the session ended. */
static bool session_ended(const TsResp *r) {
  const char *v;
  for (size_t k = 0; (v = ts_resp_header(r, "Set-Cookie", k)); k++) {
    if (strncmp(v, "dj_session=;", 12) == 0 || strcmp(v, "dj_session=") == 0) {
      return true;
    }
  }
  return false;
}

/* Sends METHOD path (POST: body as given, NULL = none). False on a transport error. */
static bool send_req(const TsServer *srv, Client *c, const char *method, const char *path,
                     const char *body, TsResp *resp) {
  Buf why = BUF_INIT;
  bool ok = ts_request(c->curl, srv->port, method, path, body, resp, &why);
  if (!ok) {
    fail("%s %s as %s: %s", method, path, role_names[c->role], buf_cstr(&why));
  } else if (session_ended(resp)) {
    c->need_login = c->role != R_ANON;
  }
  buf_free(&why);
  return ok;
}

/* Anonymous: GET /login for the pre-session token. Signed in: GET /login, POST /login (303
 * to /), then GET / for the session's token. One pass or fail check per attempt. */
static bool client_login(const TsServer *srv, Client *c) {
  const char *login = role_logins[c->role]; /* NULL for anon */
  TsLogin l = {0};
  Buf why = BUF_INIT;
  free(c->csrf);
  c->csrf = NULL;
  bool ok = ts_login(c->curl, srv->port, login, DEMO_PASSWORD, "/", &l, &why);
  if (ok) {
    c->csrf = l.csrf;
    l.csrf = NULL;
    pass();
  } else {
    fail("sign-in as %s%s%s%s: %s", role_names[c->role], login ? " (" : "", login ? login : "",
         login ? ")" : "", buf_cstr(&why));
  }
  c->need_login = !ok;
  c->broken = !ok;
  ts_login_free(&l);
  buf_free(&why);
  return ok;
}

/* ---- checks ---- */

static bool route_is_public(const Line *l) { return l->route && l->route->perm == PERM_PUBLIC; }

static void show_body(const TsResp *r) {
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
static void check(const TsServer *srv, Client *clients, const Line *l, int role, const Target *t,
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
    client_login(srv, c);
  }
  if (c->broken) {
    fail("%s: expected %d, but %s could not sign in", buf_cstr(&where), want, role_names[role]);
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
  TsResp r = {0};
  if (send_req(srv, c, l->method, buf_cstr(&path), send_body, &r)) {
    const char *location = ts_resp_header(&r, "Location", 0);
    bool ok = r.status == want;
    const char *why = "";
    /* Signed out and sent to sign in: the redirect must go to the login form. */
    if (ok && role == R_ANON && want == 303 && !route_is_public(l) &&
        (!location || (strncmp(location, "/login?next=", 12) != 0 &&
                       (strcmp(location, "/login") != 0 || strcmp(l->method, "GET") == 0)))) {
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
           buf_cstr(&ctx), location ? " Location: " : "", location ? location : "");
      buf_free(&ctx);
      show_body(&r);
    }
  }
  ts_resp_clear(&r);
  buf_free(&body);
out:
  buf_free(&path);
  buf_free(&where);
}

static void run_matrix(const TsServer *srv, Client *clients, const Matrix *m, const Ids *ids) {
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
            check(srv, clients, l, role, &t[k], &qt[q], "without csrf", refused);
            check(srv, clients, l, role, &t[k], &qt[q], "with another session's csrf", refused);
          }
          check(srv, clients, l, role, &t[k], &qt[q], NULL, want);
        }
      }
    }
  }
}

/* ---- coverage ---- */

static bool subst_in(const char *s) {
  return strcmp(s, "org:in") == 0 || strcmp(s, "acct:victim") == 0 || strncmp(s, "lit:", 4) == 0;
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
  int64_t t0 = ts_now_ms();
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

  TsServer srv;
  Ids ids = {0};
  Client clients[N_ROLES];
  memset(clients, 0, sizeof clients);
  if (!ts_server_init(&srv, real, "dj-authz", report_failure, NULL)) {
    goto out;
  }

  static const char *const demo_args[] = {
      "demo", "--no-meetings", "--scale", "city", "--demo-password", DEMO_PASSWORD, NULL};
  static const char *const victim_args[] = {
      "user", "add", "victim", "--role", "branch", "--org", "D001T01B03", "--password-stdin", NULL};
  int64_t t1 = ts_now_ms();
  if (!run_cmd(&srv, demo_args, NULL) || !run_cmd(&srv, victim_args, VICTIM_PASSWORD)) {
    goto out;
  }
  printf("demo data (city) made in %.1f s\n", (double)(ts_now_ms() - t1) / 1000);
  collect_ids(&m, &ids);
  if (!ids_resolve(&ids, srv.db)) {
    goto stop;
  }
  if (!ts_start_server(&srv, NULL)) {
    ts_print_file("server stderr", srv.log);
    goto stop;
  }

  curl_global_init(CURL_GLOBAL_DEFAULT);
  for (int r = 0; r < N_ROLES; r++) {
    Client *c = &clients[r];
    c->role = r;
    c->curl = ts_curl_new(); /* its own cookie jar */
    if (!c->curl) {
      fail("curl_easy_init failed");
      c->broken = true;
      continue;
    }
    client_login(&srv, c);
  }
  int64_t t2 = ts_now_ms();
  run_matrix(&srv, clients, &m, &ids);
  printf("matrix requests took %.1f s\n", (double)(ts_now_ms() - t2) / 1000);
  for (int r = 0; r < N_ROLES; r++) {
    if (clients[r].curl) {
      curl_easy_cleanup(clients[r].curl);
    }
    free(clients[r].csrf);
  }
  curl_global_cleanup();
stop:
  stop_server(&srv);
out:
  ts_server_cleanup(&srv);
  ids_free(&ids);
  matrix_free(&m);
  printf("authz tests took %.1f s; %d matrix line(s) skipped (no such route yet)\n",
         (double)(ts_now_ms() - t0) / 1000, n_skipped);
  printf("%d passed, %d failed\n", n_passed, n_failed);
  return n_failed ? 1 : 0;
}
