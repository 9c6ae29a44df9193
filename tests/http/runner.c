/*
 * http-tests BINARY DIR: runs every DIR/NAME.t file (sorted by name) against a fresh server.
 *
 * Per file: a temp dir; `BINARY init --db TMP/db`; the file's setup commands; then
 * `BINARY serve --db TMP/db --listen 127.0.0.1:0 --quiet [serve-args]`, whose stdout is read
 * until the "http://127.0.0.1:PORT/" line; the steps run with one libcurl easy handle (cookie
 * engine on, no redirects followed); SIGTERM; the server must exit 0 within 10 s with no
 * sanitizer report in its stderr (TMP/server.log). The .t format is in tests/http/README.md.
 *
 * Output: "FAIL f.t step N: why" (+ the first 300 bytes of the body) per failed step, one
 * line per file, and finally "N passed, M failed" (files). Exit status 1 if any failed.
 */
#include <ctype.h>
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/banned.h"

#define START_TIMEOUT_MS 10000
#define STOP_TIMEOUT_MS 10000
#define REQUEST_TIMEOUT_S 30
#define RAW_TIMEOUT_MS 5000
#define BODY_SHOWN 300

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

static char *xstrndup(const char *s, size_t n) {
  char *d = strndup(s, n);
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

static const char *skip_space(const char *s) {
  while (*s == ' ' || *s == '\t') {
    s++;
  }
  return s;
}

/* A growable array of strings (argv lists). */
typedef struct StrList {
  char **a;
  size_t n;
} StrList;

static void strlist_add(StrList *l, const char *s) {
  l->a = xrealloc(l->a, (l->n + 2) * sizeof *l->a);
  l->a[l->n++] = xstrdup(s);
  l->a[l->n] = NULL;
}

static void strlist_free(StrList *l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->a[i]);
  }
  free(l->a);
  l->a = NULL;
  l->n = 0;
}

/* Splits s into words; "double" and 'single' quotes group (no escapes inside). Returns false
 * on an unterminated quote. */
static bool split_words(const char *s, StrList *out) {
  Buf w = BUF_INIT;
  s = skip_space(s);
  while (*s) {
    bool any = false;
    buf_reset(&w);
    while (*s && *s != ' ' && *s != '\t') {
      if (*s == '"' || *s == '\'') {
        char q = *s++;
        const char *e = strchr(s, q);
        if (!e) {
          buf_free(&w);
          return false;
        }
        buf_append(&w, s, (size_t)(e - s));
        s = e + 1;
      } else {
        buf_putc(&w, *s++);
      }
      any = true;
    }
    if (any) {
      strlist_add(out, buf_cstr(&w));
    }
    s = skip_space(s);
  }
  buf_free(&w);
  return true;
}

/* Decodes C-style escapes (\r \n \t \0 \\ \xHH) of s into out. False on a bad escape. */
static bool unescape(const char *s, Buf *out) {
  for (; *s; s++) {
    if (*s != '\\') {
      buf_putc(out, *s);
      continue;
    }
    s++;
    switch (*s) {
    case 'r':
      buf_putc(out, '\r');
      break;
    case 'n':
      buf_putc(out, '\n');
      break;
    case 't':
      buf_putc(out, '\t');
      break;
    case '0':
      buf_putc(out, '\0');
      break;
    case '\\':
      buf_putc(out, '\\');
      break;
    case 'x':
      if (isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
        char hex[3] = {s[1], s[2], 0};
        buf_putc(out, (char)strtol(hex, NULL, 16));
        s += 2;
        break;
      }
      return false;
    default:
      return false;
    }
  }
  return true;
}

/* ---- the parsed test file ---- */

typedef enum StepKind { STEP_HTTP, STEP_RAW, STEP_SLEEP } StepKind;

typedef enum ExpectKind {
  EXP_STATUS,
  EXP_HEADER_PRESENT,
  EXP_HEADER_EQUALS,
  EXP_HEADER_MATCHES,
  EXP_HEADER_ABSENT,
  EXP_BODY_CONTAINS,
  EXP_BODY_LACKS,
  EXP_BODY_MATCHES,
  EXP_BODY_NOT_MATCHES,
  EXP_BODY_SIZE,
} ExpectKind;

typedef struct Expect {
  ExpectKind kind;
  int line;
  char *name;  /* header name */
  char *value; /* text, regex, or number */
} Expect;

typedef struct Capture {
  int line;
  char *var;
  char *header; /* NULL: from the body */
  char *regex;
} Capture;

typedef struct Pair {
  char *name;
  char *value;
} Pair;

typedef struct FilePart {
  char *name;
  char *filename;
  char *content_type; /* may be NULL */
  size_t size;
} FilePart;

typedef struct Step {
  StepKind kind;
  int line;
  char *method;
  char *path;
  int64_t sleep_ms;
  Pair *headers;
  size_t n_headers;
  Pair *fields; /* urlencoded */
  size_t n_fields;
  Pair *parts; /* multipart text parts */
  size_t n_parts;
  FilePart *files; /* multipart generated files */
  size_t n_files;
  Buf body; /* literal body (request) or bytes to send (raw), escapes decoded */
  bool has_body;
  size_t gen_bytes; /* generated bytes appended to the body */
  Expect *expects;
  size_t n_expects;
  Capture *captures;
  size_t n_captures;
  bool has_status;
  bool library_reply; /* raw only: the reply comes from libmicrohttpd itself (see README) */
} Step;

typedef struct Setup {
  int line;
  StrList args;
  char *stdin_text; /* NULL: /dev/null */
} Setup;

typedef struct TestFile {
  Setup *setups;
  size_t n_setups;
  StrList serve_args;
  Step *steps;
  size_t n_steps;
} TestFile;

static void pairs_free(Pair *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(p[i].name);
    free(p[i].value);
  }
  free(p);
}

static void testfile_free(TestFile *t) {
  for (size_t i = 0; i < t->n_setups; i++) {
    strlist_free(&t->setups[i].args);
    free(t->setups[i].stdin_text);
  }
  free(t->setups);
  strlist_free(&t->serve_args);
  for (size_t i = 0; i < t->n_steps; i++) {
    Step *s = &t->steps[i];
    free(s->method);
    free(s->path);
    pairs_free(s->headers, s->n_headers);
    pairs_free(s->fields, s->n_fields);
    pairs_free(s->parts, s->n_parts);
    for (size_t j = 0; j < s->n_files; j++) {
      free(s->files[j].name);
      free(s->files[j].filename);
      free(s->files[j].content_type);
    }
    free(s->files);
    buf_free(&s->body);
    for (size_t j = 0; j < s->n_expects; j++) {
      free(s->expects[j].name);
      free(s->expects[j].value);
    }
    free(s->expects);
    for (size_t j = 0; j < s->n_captures; j++) {
      free(s->captures[j].var);
      free(s->captures[j].header);
      free(s->captures[j].regex);
    }
    free(s->captures);
  }
  free(t->steps);
  memset(t, 0, sizeof *t);
}

static void add_pair(Pair **a, size_t *n, const char *name, size_t name_len, const char *value) {
  *a = xrealloc(*a, (*n + 1) * sizeof **a);
  (*a)[*n].name = xstrndup(name, name_len);
  (*a)[*n].value = xstrdup(value);
  (*n)++;
}

static Expect *add_expect(Step *s, ExpectKind kind, int line) {
  s->expects = xrealloc(s->expects, (s->n_expects + 1) * sizeof *s->expects);
  Expect *e = &s->expects[s->n_expects++];
  memset(e, 0, sizeof *e);
  e->kind = kind;
  e->line = line;
  return e;
}

static bool is_method(const char *w, size_t n) {
  if (n == 0) {
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    if (w[i] < 'A' || w[i] > 'Z') {
      return false;
    }
  }
  return true;
}

static bool regex_ok(const char *re, Buf *err, int line) {
  regex_t rx;
  int rc = regcomp(&rx, re, REG_EXTENDED);
  if (rc != 0) {
    char msg[200];
    regerror(rc, &rx, msg, sizeof msg);
    buf_printf(err, "line %d: bad regex /%s/: %s", line, re, msg);
    return false;
  }
  regfree(&rx);
  return true;
}

/* Parses an "expect ..." line (rest = text after "expect"). */
static bool parse_expect(Step *s, const char *rest, int line, Buf *err) {
  const char *w = skip_space(rest);
  const char *we = w;
  while (*we && *we != ' ' && *we != '\t') {
    we++;
  }
  size_t wn = (size_t)(we - w);
  const char *arg = skip_space(we);
  if (wn == 13 && strncmp(w, "library-reply", 13) == 0) {
    if (s->kind != STEP_RAW || *arg) {
      buf_printf(err, "line %d: expect library-reply takes no argument and only fits raw steps",
                 line);
      return false;
    }
    s->library_reply = true;
    return true;
  }
  if (wn == 6 && strncmp(w, "status", 6) == 0) {
    char *end;
    long code = strtol(arg, &end, 10);
    if (!*arg || *skip_space(end) || code < 100 || code > 599) {
      buf_printf(err, "line %d: expect status needs a status code", line);
      return false;
    }
    add_expect(s, EXP_STATUS, line)->value = xstrdup(arg);
    s->has_status = true;
    return true;
  }
  if ((wn == 6 && strncmp(w, "header", 6) == 0) || (wn == 9 && strncmp(w, "no-header", 9) == 0)) {
    bool absent = wn == 9;
    const char *ne = arg;
    while (*ne && *ne != ' ' && *ne != '\t') {
      ne++;
    }
    if (ne == arg) {
      buf_printf(err, "line %d: expect %.*s needs a header name", line, (int)wn, w);
      return false;
    }
    char *name = xstrndup(arg, (size_t)(ne - arg));
    const char *op = skip_space(ne);
    if (absent || !*op) {
      if (absent && *op) {
        free(name);
        buf_printf(err, "line %d: expect no-header takes only a name", line);
        return false;
      }
      add_expect(s, absent ? EXP_HEADER_ABSENT : EXP_HEADER_PRESENT, line)->name = name;
      return true;
    }
    if ((op[0] != '=' && op[0] != '~') || (op[1] != ' ' && op[1] != '\t')) {
      free(name);
      buf_printf(err, "line %d: expect header NAME [= VALUE | ~ REGEX]", line);
      return false;
    }
    const char *val = skip_space(op + 1);
    if (op[0] == '~' && !strstr(val, "${") && !regex_ok(val, err, line)) {
      free(name);
      return false;
    }
    Expect *e = add_expect(s, op[0] == '=' ? EXP_HEADER_EQUALS : EXP_HEADER_MATCHES, line);
    e->name = name;
    e->value = xstrdup(val);
    return true;
  }
  if (wn == 4 && strncmp(w, "body", 4) == 0) {
    const char *oe = arg;
    while (*oe && *oe != ' ' && *oe != '\t') {
      oe++;
    }
    size_t on = (size_t)(oe - arg);
    const char *val = skip_space(oe);
    ExpectKind k;
    if (on == 8 && strncmp(arg, "contains", 8) == 0) {
      k = EXP_BODY_CONTAINS;
    } else if (on == 5 && strncmp(arg, "lacks", 5) == 0) {
      k = EXP_BODY_LACKS;
    } else if (on == 1 && arg[0] == '~') {
      k = EXP_BODY_MATCHES;
    } else if (on == 2 && strncmp(arg, "!~", 2) == 0) {
      k = EXP_BODY_NOT_MATCHES;
    } else if (on == 4 && strncmp(arg, "size", 4) == 0) {
      k = EXP_BODY_SIZE;
    } else {
      buf_printf(err, "line %d: expect body contains|lacks|~|!~|size ...", line);
      return false;
    }
    if (!*val) {
      buf_printf(err, "line %d: expect body %.*s needs a value", line, (int)on, arg);
      return false;
    }
    /* a regex with ${VAR} is checked once the variable is known, when the step runs */
    if ((k == EXP_BODY_MATCHES || k == EXP_BODY_NOT_MATCHES) && !strstr(val, "${") &&
        !regex_ok(val, err, line)) {
      return false;
    }
    add_expect(s, k, line)->value = xstrdup(val);
    return true;
  }
  buf_printf(err, "line %d: unknown expectation \"%.*s\"", line, (int)wn, w);
  return false;
}

/* Parses "capture VAR body REGEX" or "capture VAR header NAME REGEX". */
static bool parse_capture(Step *s, const char *rest, int line, Buf *err) {
  StrList w = {0};
  const char *p = skip_space(rest);
  /* The regex is the remainder of the line, so split only the leading words by hand. */
  for (int i = 0; i < 3 && *p; i++) {
    const char *e = p;
    while (*e && *e != ' ' && *e != '\t') {
      e++;
    }
    char *word = xstrndup(p, (size_t)(e - p));
    strlist_add(&w, word);
    free(word);
    p = skip_space(e);
    if (i == 1 && strcmp(w.a[1], "body") == 0) {
      break;
    }
  }
  bool from_body = w.n >= 2 && strcmp(w.a[1], "body") == 0;
  bool from_header = w.n == 3 && strcmp(w.a[1], "header") == 0;
  if ((!from_body && !from_header) || !*p) {
    strlist_free(&w);
    buf_printf(err, "line %d: capture VAR body REGEX | capture VAR header NAME REGEX", line);
    return false;
  }
  if (!regex_ok(p, err, line)) {
    strlist_free(&w);
    return false;
  }
  s->captures = xrealloc(s->captures, (s->n_captures + 1) * sizeof *s->captures);
  Capture *c = &s->captures[s->n_captures++];
  c->line = line;
  c->var = xstrdup(w.a[0]);
  c->header = from_header ? xstrdup(w.a[2]) : NULL;
  c->regex = xstrdup(p);
  strlist_free(&w);
  return true;
}

/* Parses one step line (not a step start) into s. */
static bool parse_step_line(Step *s, const char *kw, size_t kn, const char *rest, int line,
                            Buf *err) {
#define KW(lit) (kn == sizeof(lit) - 1 && strncmp(kw, lit, kn) == 0)
  if (KW("expect")) {
    return parse_expect(s, rest, line, err);
  }
  if (KW("capture")) {
    return parse_capture(s, rest, line, err);
  }
  if (s->kind == STEP_SLEEP) {
    buf_printf(err, "line %d: a sleep step takes no lines", line);
    return false;
  }
  if (s->kind == STEP_RAW) {
    if (KW("send")) {
      if (!unescape(rest, &s->body)) {
        buf_printf(err, "line %d: bad escape in send", line);
        return false;
      }
      s->has_body = true;
      return true;
    }
    buf_printf(err, "line %d: a raw step takes send, expect and capture lines", line);
    return false;
  }
  if (KW("header")) {
    const char *colon = strchr(rest, ':');
    if (!colon || colon == rest) {
      buf_printf(err, "line %d: header Name: value", line);
      return false;
    }
    add_pair(&s->headers, &s->n_headers, rest, (size_t)(colon - rest), skip_space(colon + 1));
    return true;
  }
  if (KW("field") || KW("part")) {
    const char *eq = strchr(rest, '=');
    if (!eq || eq == rest) {
      buf_printf(err, "line %d: %.*s name=value", line, (int)kn, kw);
      return false;
    }
    if (KW("field")) {
      add_pair(&s->fields, &s->n_fields, rest, (size_t)(eq - rest), eq + 1);
    } else {
      add_pair(&s->parts, &s->n_parts, rest, (size_t)(eq - rest), eq + 1);
    }
    return true;
  }
  if (KW("file")) {
    StrList w = {0};
    char *end = NULL;
    long long size = -1;
    if (split_words(rest, &w) && (w.n == 3 || w.n == 4)) {
      size = strtoll(w.a[2], &end, 10);
    }
    if (size < 0 || !end || *end) {
      strlist_free(&w);
      buf_printf(err, "line %d: file NAME FILENAME BYTES [CONTENT-TYPE]", line);
      return false;
    }
    s->files = xrealloc(s->files, (s->n_files + 1) * sizeof *s->files);
    FilePart *f = &s->files[s->n_files++];
    f->name = xstrdup(w.a[0]);
    f->filename = xstrdup(w.a[1]);
    f->size = (size_t)size;
    f->content_type = w.n == 4 ? xstrdup(w.a[3]) : NULL;
    strlist_free(&w);
    return true;
  }
  if (KW("body")) {
    if (!unescape(rest, &s->body)) {
      buf_printf(err, "line %d: bad escape in body", line);
      return false;
    }
    s->has_body = true;
    return true;
  }
  if (KW("body-bytes")) {
    char *end;
    long long n = strtoll(rest, &end, 10);
    if (!*rest || *skip_space(end) || n < 0) {
      buf_printf(err, "line %d: body-bytes N", line);
      return false;
    }
    s->gen_bytes += (size_t)n;
    s->has_body = true;
    return true;
  }
  buf_printf(err, "line %d: unknown keyword \"%.*s\"", line, (int)kn, kw);
  return false;
#undef KW
}

static bool step_finish(const Step *s, Buf *err) {
  if (s->kind == STEP_SLEEP) {
    return true;
  }
  if (!s->has_status) {
    buf_printf(err, "line %d: the step has no \"expect status\"", s->line);
    return false;
  }
  if (s->kind == STEP_RAW && !s->body.len) {
    buf_printf(err, "line %d: a raw step needs send lines", s->line);
    return false;
  }
  int kinds = (s->n_fields > 0) + (s->n_parts + s->n_files > 0) + s->has_body;
  if (kinds > 1) {
    buf_printf(err, "line %d: use one of field, part/file, body/body-bytes per step", s->line);
    return false;
  }
  return true;
}

/* Parses the text of a .t file. False with a message in err. */
static bool parse_test(const char *text, TestFile *t, Buf *err) {
  const char *p = text;
  int line = 0;
  Step *cur = NULL;
  Buf ln = BUF_INIT;
  bool ok = true;
  while (ok && *p) {
    const char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    line++;
    buf_reset(&ln);
    buf_append(&ln, p, n);
    p = e ? e + 1 : p + n;
    /* trim trailing space and CR */
    while (ln.len && (ln.data[ln.len - 1] == ' ' || ln.data[ln.len - 1] == '\t' ||
                      ln.data[ln.len - 1] == '\r')) {
      buf_truncate(&ln, ln.len - 1);
    }
    const char *s = skip_space(buf_cstr(&ln));
    if (!*s || *s == '#') {
      continue;
    }
    const char *kw = s;
    const char *kwe = kw;
    while (*kwe && *kwe != ' ' && *kwe != '\t') {
      kwe++;
    }
    size_t kn = (size_t)(kwe - kw);
    if (kn > 1 && kw[kn - 1] == ':') {
      kn--; /* "setup:" == "setup" */
    }
    const char *rest = skip_space(kwe);
#define KW(lit) (kn == sizeof(lit) - 1 && strncmp(kw, lit, kn) == 0)
    bool starts_step = is_method(kw, kn) || KW("raw") || KW("sleep");
    if (starts_step) {
      if (cur && !step_finish(cur, err)) {
        ok = false;
        break;
      }
      t->steps = xrealloc(t->steps, (t->n_steps + 1) * sizeof *t->steps);
      cur = &t->steps[t->n_steps++];
      memset(cur, 0, sizeof *cur);
      cur->line = line;
      if (KW("raw")) {
        cur->kind = STEP_RAW;
        if (*rest) {
          buf_printf(err, "line %d: raw takes no argument (use send lines)", line);
          ok = false;
        }
      } else if (KW("sleep")) {
        cur->kind = STEP_SLEEP;
        char *end;
        double sec = strtod(rest, &end);
        if (!*rest || *end || sec < 0 || sec > 600) {
          buf_printf(err, "line %d: sleep SECONDS", line);
          ok = false;
        }
        cur->sleep_ms = (int64_t)(sec * 1000);
      } else {
        cur->kind = STEP_HTTP;
        cur->method = xstrndup(kw, kn);
        if (rest[0] != '/' || strpbrk(rest, " \t")) {
          buf_printf(err, "line %d: %s needs a path starting with / (no spaces)", line,
                     cur->method);
          ok = false;
        }
        cur->path = xstrdup(rest);
      }
      continue;
    }
    if (KW("setup") || KW("serve-args")) {
      if (cur) {
        buf_printf(err, "line %d: %.*s must come before the first step", line, (int)kn, kw);
        ok = false;
        break;
      }
      if (KW("serve-args")) {
        if (!split_words(rest, &t->serve_args)) {
          buf_printf(err, "line %d: unterminated quote", line);
          ok = false;
        }
        continue;
      }
      t->setups = xrealloc(t->setups, (t->n_setups + 1) * sizeof *t->setups);
      Setup *su = &t->setups[t->n_setups++];
      memset(su, 0, sizeof *su);
      su->line = line;
      const char *here = strstr(rest, "<<<");
      char *args = here ? xstrndup(rest, (size_t)(here - rest)) : xstrdup(rest);
      if (here) {
        su->stdin_text = xstrdup(skip_space(here + 3));
      }
      if (!split_words(args, &su->args) || su->args.n == 0) {
        buf_printf(err, "line %d: setup needs a command", line);
        ok = false;
      }
      free(args);
      continue;
    }
#undef KW
    if (!cur) {
      buf_printf(err, "line %d: \"%.*s\" outside a step", line, (int)kn, kw);
      ok = false;
      break;
    }
    ok = parse_step_line(cur, kw, kn, rest, line, err);
  }
  if (ok && cur && !step_finish(cur, err)) {
    ok = false;
  }
  if (ok && t->n_steps == 0) {
    buf_puts(err, "no steps");
    ok = false;
  }
  buf_free(&ln);
  return ok;
}

/* ---- variables ---- */

typedef struct Vars {
  Pair *a;
  size_t n;
} Vars;

static void vars_set(Vars *v, const char *name, const char *value, size_t value_len) {
  for (size_t i = 0; i < v->n; i++) {
    if (strcmp(v->a[i].name, name) == 0) {
      free(v->a[i].value);
      v->a[i].value = xstrndup(value, value_len);
      return;
    }
  }
  v->a = xrealloc(v->a, (v->n + 1) * sizeof *v->a);
  v->a[v->n].name = xstrdup(name);
  v->a[v->n].value = xstrndup(value, value_len);
  v->n++;
}

static void vars_free(Vars *v) {
  pairs_free(v->a, v->n);
  v->a = NULL;
  v->n = 0;
}

/* Appends s[0..n) to out with every ${name} replaced. False (message in err) on an unknown
 * variable. */
static bool expand(const Vars *v, const char *s, size_t n, Buf *out, Buf *err) {
  size_t i = 0;
  while (i < n) {
    if (s[i] == '$' && i + 1 < n && s[i + 1] == '{') {
      const char *close = memchr(s + i + 2, '}', n - i - 2);
      if (close) {
        size_t nl = (size_t)(close - (s + i + 2));
        bool found = false;
        for (size_t k = 0; k < v->n; k++) {
          if (strlen(v->a[k].name) == nl && memcmp(v->a[k].name, s + i + 2, nl) == 0) {
            buf_puts(out, v->a[k].value);
            found = true;
            break;
          }
        }
        if (!found) {
          buf_printf(err, "undefined variable ${%.*s}", (int)nl, s + i + 2);
          return false;
        }
        i = (size_t)(close - s) + 1;
        continue;
      }
    }
    buf_putc(out, s[i++]);
  }
  return true;
}

/* expand() into a fresh malloc'd string; NULL on error. */
static char *expand_str(const Vars *v, const char *s, Buf *err) {
  Buf b = BUF_INIT;
  if (!expand(v, s, strlen(s), &b, err)) {
    buf_free(&b);
    return NULL;
  }
  if (!b.data) {
    return xstrdup("");
  }
  return buf_take(&b);
}

/* ---- responses ---- */

typedef struct Resp {
  long status;
  Pair *headers;
  size_t n_headers;
  Buf body;
} Resp;

static void resp_clear(Resp *r) {
  pairs_free(r->headers, r->n_headers);
  r->headers = NULL;
  r->n_headers = 0;
  r->status = 0;
  buf_free(&r->body);
}

/* Adds one raw header line ("Name: value\r\n") or resets on a status line. */
static void resp_header_line(Resp *r, const char *line, size_t n) {
  while (n && (line[n - 1] == '\r' || line[n - 1] == '\n')) {
    n--;
  }
  if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) {
    pairs_free(r->headers, r->n_headers);
    r->headers = NULL;
    r->n_headers = 0;
    const char *sp = memchr(line, ' ', n);
    r->status = sp ? strtol(sp + 1, NULL, 10) : 0;
    return;
  }
  const char *colon = memchr(line, ':', n);
  if (!colon) {
    return;
  }
  const char *v = colon + 1;
  const char *end = line + n;
  while (v < end && (*v == ' ' || *v == '\t')) {
    v++;
  }
  char *value = xstrndup(v, (size_t)(end - v));
  add_pair(&r->headers, &r->n_headers, line, (size_t)(colon - line), value);
  free(value);
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ctx) {
  resp_header_line(ctx, data, size * nmemb);
  return size * nmemb;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ctx) {
  Resp *r = ctx;
  buf_append(&r->body, data, size * nmemb);
  return size * nmemb;
}

/* The n-th (0-based) value of header name, or NULL. */
static const char *resp_header(const Resp *r, const char *name, size_t nth) {
  for (size_t i = 0; i < r->n_headers; i++) {
    if (strcasecmp(r->headers[i].name, name) == 0 && nth-- == 0) {
      return r->headers[i].value;
    }
  }
  return NULL;
}

/* ---- the run of one file ---- */

typedef struct Run {
  const char *binary;
  const char *name; /* file name for messages */
  char tmp[256];
  char db[300];
  char log[300];
  pid_t server;
  int port;
  CURL *curl;
  Vars vars;
  int failed_steps;
} Run;

/* Prints up to BODY_SHOWN bytes of p and a newline, control bytes escaped. */
static void print_bytes(const char *p, size_t len) {
  size_t n = len < BODY_SHOWN ? len : BODY_SHOWN;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c == '\n' || c == '\t' || c >= 0x20) {
      putchar(c);
    } else {
      printf("\\x%02x", c);
    }
  }
  printf("%s\n", n < len ? " …" : "");
}

/* Prints the first BODY_SHOWN bytes of a response body (control bytes escaped). */
static void dump_body(const Resp *resp) {
  if (!resp->body.len) {
    printf("  (status %ld, empty body)\n", resp->status);
    return;
  }
  printf("  (status %ld, body of %zu bytes): ", resp->status, resp->body.len);
  print_bytes(resp->body.data, resp->body.len);
  /* The first bytes of a page are the layout's head; show its <main> too. */
  const char *main_at = memmem(resp->body.data, resp->body.len, "<main>", 6);
  if (main_at && (size_t)(main_at - resp->body.data) >= BODY_SHOWN) {
    printf("  (from <main>): ");
    print_bytes(main_at, resp->body.len - (size_t)(main_at - resp->body.data));
  }
}

static void step_fail(Run *run, size_t step_no, const Step *st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Reports one failure of step step_no ("FAIL f.t step N: why") and where the step is. */
static void step_fail(Run *run, size_t step_no, const Step *st, const char *fmt, ...) {
  Buf m = BUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&m, fmt, ap);
  va_end(ap);
  printf("FAIL %s step %zu: %s\n", run->name, step_no, buf_cstr(&m));
  if (st) {
    printf("  at %s:%d %s%s%s\n", run->name, st->line, st->kind == STEP_RAW ? "raw" : st->method,
           st->path ? " " : "", st->path ? st->path : "");
  }
  fflush(stdout);
  buf_free(&m);
  run->failed_steps++;
}

static bool regex_find(const char *re, const char *text, regmatch_t *m, size_t nm) {
  regex_t rx;
  if (regcomp(&rx, re, REG_EXTENDED) != 0) {
    return false;
  }
  bool found = regexec(&rx, text, nm, m, 0) == 0;
  regfree(&rx);
  return found;
}

/* The automatic checks every response must pass. Appends problems to why. */
static void check_security_headers(const Resp *r, Buf *why) {
  const char *csp = resp_header(r, "Content-Security-Policy", 0);
  if (!csp) {
    buf_puts(why, "missing Content-Security-Policy; ");
  } else if (!strstr(csp, "frame-ancestors 'none'")) {
    buf_printf(why, "Content-Security-Policy lacks frame-ancestors 'none': %s; ", csp);
  }
  const char *xcto = resp_header(r, "X-Content-Type-Options", 0);
  if (!xcto || strcasecmp(xcto, "nosniff") != 0) {
    buf_printf(why, "X-Content-Type-Options is %s, not nosniff; ", xcto ? xcto : "missing");
  }
  const char *rp = resp_header(r, "Referrer-Policy", 0);
  static const char *const safe[] = {"no-referrer", "same-origin", "strict-origin",
                                     "strict-origin-when-cross-origin"};
  bool ok = false;
  for (size_t i = 0; rp && i < sizeof safe / sizeof safe[0]; i++) {
    ok = ok || strcasecmp(rp, safe[i]) == 0;
  }
  if (!ok) {
    buf_printf(why, "Referrer-Policy is %s; ", rp ? rp : "missing");
  }
  if (why->len >= 2) {
    buf_truncate(why, why->len - 2);
  }
}

/* Checks the step's expectations and runs its captures. True when all hold. */
static bool check_step(Run *run, size_t step_no, const Step *st, const Resp *r) {
  bool ok = true;
  Buf why = BUF_INIT;
  if (st->library_reply) {
    /* libmicrohttpd answers some malformed requests before any of our code runs, so the
     * reply cannot carry our headers; make sure it really is such a reply. */
    if (resp_header(r, "Content-Security-Policy", 0)) {
      step_fail(run, step_no, st, "expected libmicrohttpd's own reply, got one of ours");
      ok = false;
    }
  } else {
    check_security_headers(r, &why);
  }
  if (why.len) {
    step_fail(run, step_no, st, "security headers: %s", buf_cstr(&why));
    ok = false;
  }
  buf_free(&why);
  const char *body = buf_cstr(&r->body);
  for (size_t i = 0; i < st->n_expects; i++) {
    const Expect *e = &st->expects[i];
    Buf err = BUF_INIT;
    char *val = e->value ? expand_str(&run->vars, e->value, &err) : NULL;
    if (e->value && !val) {
      step_fail(run, step_no, st, "line %d: %s", e->line, buf_cstr(&err));
      buf_free(&err);
      ok = false;
      continue;
    }
    buf_free(&err);
    bool pass = true;
    Buf m = BUF_INIT;
    switch (e->kind) {
    case EXP_STATUS:
      pass = r->status == strtol(val, NULL, 10);
      buf_printf(&m, "expected status %s, got %ld", val, r->status);
      break;
    case EXP_HEADER_PRESENT:
      pass = resp_header(r, e->name, 0) != NULL;
      buf_printf(&m, "expected header %s, it is absent", e->name);
      break;
    case EXP_HEADER_ABSENT:
      pass = resp_header(r, e->name, 0) == NULL;
      buf_printf(&m, "expected no header %s, got \"%s\"", e->name,
                 pass ? "" : resp_header(r, e->name, 0));
      break;
    case EXP_HEADER_EQUALS:
    case EXP_HEADER_MATCHES: {
      pass = false;
      const char *hv;
      for (size_t k = 0; !pass && (hv = resp_header(r, e->name, k)); k++) {
        regmatch_t rm[1];
        pass = e->kind == EXP_HEADER_EQUALS ? strcmp(hv, val) == 0 : regex_find(val, hv, rm, 1);
      }
      hv = resp_header(r, e->name, 0);
      buf_printf(&m, "expected header %s %s %s, got %s%s%s", e->name,
                 e->kind == EXP_HEADER_EQUALS ? "=" : "~", val, hv ? "\"" : "", hv ? hv : "none",
                 hv ? "\"" : "");
      break;
    }
    case EXP_BODY_CONTAINS:
      pass = memmem(r->body.data ? r->body.data : "", r->body.len, val, strlen(val)) != NULL;
      buf_printf(&m, "expected the body to contain \"%s\"", val);
      break;
    case EXP_BODY_LACKS:
      pass = memmem(r->body.data ? r->body.data : "", r->body.len, val, strlen(val)) == NULL;
      buf_printf(&m, "expected the body not to contain \"%s\"", val);
      break;
    case EXP_BODY_MATCHES:
    case EXP_BODY_NOT_MATCHES: {
      regmatch_t rm[1];
      bool found = regex_find(val, body, rm, 1);
      pass = e->kind == EXP_BODY_MATCHES ? found : !found;
      buf_printf(&m, "expected the body %s /%s/", found ? "not to match" : "to match", val);
      break;
    }
    case EXP_BODY_SIZE:
      pass = r->body.len == (size_t)strtoull(val, NULL, 10);
      buf_printf(&m, "expected a body of %s bytes, got %zu", val, r->body.len);
      break;
    }
    if (!pass) {
      step_fail(run, step_no, st, "%s (line %d)", buf_cstr(&m), e->line);
      ok = false;
    }
    buf_free(&m);
    free(val);
  }
  for (size_t i = 0; i < st->n_captures; i++) {
    const Capture *c = &st->captures[i];
    const char *text = c->header ? resp_header(r, c->header, 0) : body;
    regmatch_t rm[2];
    if (!text || !regex_find(c->regex, text, rm, 2)) {
      step_fail(run, step_no, st, "capture %s: /%s/ not found in the %s (line %d)", c->var,
                c->regex, c->header ? c->header : "body", c->line);
      ok = false;
      continue;
    }
    regmatch_t g = rm[1].rm_so >= 0 ? rm[1] : rm[0];
    vars_set(&run->vars, c->var, text + g.rm_so, (size_t)(g.rm_eo - g.rm_so));
  }
  if (!ok) {
    dump_body(r);
  }
  return ok;
}

/* Performs one HTTP step with libcurl. False (already reported) on a transport failure. */
static bool do_http(Run *run, size_t step_no, const Step *st, Resp *resp) {
  CURL *c = run->curl;
  Buf err = BUF_INIT;
  Buf url = BUF_INIT;
  Buf body = BUF_INIT;
  struct curl_slist *hdrs = NULL;
  curl_mime *mime = NULL;
  char *gen = NULL;
  char errbuf[CURL_ERROR_SIZE] = "";
  bool ok = false;

  buf_printf(&url, "http://127.0.0.1:%d", run->port);
  if (!expand(&run->vars, st->path, strlen(st->path), &url, &err)) {
    goto out;
  }
  for (size_t i = 0; i < st->n_headers; i++) {
    Buf h = BUF_INIT;
    buf_printf(&h, "%s: ", st->headers[i].name);
    if (!expand(&run->vars, st->headers[i].value, strlen(st->headers[i].value), &h, &err)) {
      buf_free(&h);
      goto out;
    }
    if (!*st->headers[i].value) {
      buf_truncate(&h, h.len - 1); /* "Name:" removes a header curl would add */
    }
    hdrs = curl_slist_append(hdrs, buf_cstr(&h));
    buf_free(&h);
  }
  for (size_t i = 0; i < st->n_fields; i++) {
    char *v = expand_str(&run->vars, st->fields[i].value, &err);
    if (!v) {
      goto out;
    }
    if (i) {
      buf_putc(&body, '&');
    }
    buf_urlencode(&body, st->fields[i].name, strlen(st->fields[i].name));
    buf_putc(&body, '=');
    buf_urlencode(&body, v, strlen(v));
    free(v);
  }
  if (st->has_body) {
    if (!expand(&run->vars, st->body.data ? st->body.data : "", st->body.len, &body, &err)) {
      goto out;
    }
    if (st->gen_bytes) {
      gen = malloc(st->gen_bytes);
      if (!gen) {
        abort();
      }
      memset(gen, 'a', st->gen_bytes);
      buf_set_cap(&body, body.len + st->gen_bytes + 1);
      buf_append(&body, gen, st->gen_bytes);
      free(gen);
      gen = NULL;
    }
  }
  if (st->n_parts || st->n_files) {
    mime = curl_mime_init(c);
    for (size_t i = 0; i < st->n_parts; i++) {
      char *v = expand_str(&run->vars, st->parts[i].value, &err);
      if (!v) {
        goto out;
      }
      curl_mimepart *part = curl_mime_addpart(mime);
      curl_mime_name(part, st->parts[i].name);
      curl_mime_data(part, v, CURL_ZERO_TERMINATED);
      free(v);
    }
    for (size_t i = 0; i < st->n_files; i++) {
      const FilePart *f = &st->files[i];
      char *data = malloc(f->size ? f->size : 1);
      if (!data) {
        abort();
      }
      for (size_t k = 0; k < f->size; k++) {
        data[k] = (char)('a' + k % 26);
      }
      curl_mimepart *part = curl_mime_addpart(mime);
      curl_mime_name(part, f->name);
      curl_mime_filename(part, f->filename);
      curl_mime_type(part, f->content_type ? f->content_type : "application/octet-stream");
      curl_mime_data(part, data, f->size); /* copies */
      free(data);
    }
  }

  curl_easy_setopt(c, CURLOPT_HTTPGET, 1L); /* resets POST, mime and NOBODY state */
  curl_easy_setopt(c, CURLOPT_NOBODY, 0L);
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, NULL);
  curl_easy_setopt(c, CURLOPT_URL, buf_cstr(&url));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  bool sends_body = st->n_fields || st->has_body;
  if (strcmp(st->method, "HEAD") == 0) {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (strcmp(st->method, "GET") != 0 || sends_body || mime) {
    if (mime) {
      curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
    } else {
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body.len);
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data ? body.data : "");
    }
    if (strcmp(st->method, "POST") != 0) {
      curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, st->method);
    }
  }
  CURLcode rc = curl_easy_perform(c);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
  curl_easy_setopt(c, CURLOPT_MIMEPOST, NULL);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, NULL);
  if (rc != CURLE_OK) {
    step_fail(run, step_no, st, "request failed: %s (%s)", curl_easy_strerror(rc), errbuf);
    goto done;
  }
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  resp->status = code;
  ok = true;
  goto done;
out:
  step_fail(run, step_no, st, "%s", buf_cstr(&err));
done:
  curl_slist_free_all(hdrs);
  curl_mime_free(mime);
  free(gen);
  buf_free(&body);
  buf_free(&url);
  buf_free(&err);
  return ok;
}

/* Parses a raw HTTP/1.x response in b. Returns true once it is complete (head and, if
 * Content-Length is given, that many body bytes). */
static bool raw_parse(const Buf *b, Resp *r, bool eof) {
  const char *data = buf_cstr(b);
  const char *end = memmem(data, b->len, "\r\n\r\n", 4);
  if (!end) {
    return false;
  }
  pairs_free(r->headers, r->n_headers);
  r->headers = NULL;
  r->n_headers = 0;
  const char *p = data;
  while (p < end) {
    const char *e = memmem(p, (size_t)(end - p) + 2, "\r\n", 2);
    resp_header_line(r, p, (size_t)(e - p));
    p = e + 2;
  }
  const char *body = end + 4;
  size_t have = b->len - (size_t)(body - data);
  const char *cl = resp_header(r, "Content-Length", 0);
  size_t want = cl ? (size_t)strtoull(cl, NULL, 10) : have;
  if (!cl && !eof) {
    return false;
  }
  if (have < want && !eof) {
    return false;
  }
  buf_reset(&r->body);
  buf_append(&r->body, body, have < want ? have : want);
  return true;
}

/* Sends the raw bytes over a new TCP connection and reads one response. */
static bool do_raw(Run *run, size_t step_no, const Step *st, Resp *resp) {
  Buf err = BUF_INIT;
  Buf out = BUF_INIT;
  Buf in = BUF_INIT;
  bool ok = false;
  int fd = -1;
  if (!expand(&run->vars, st->body.data ? st->body.data : "", st->body.len, &out, &err)) {
    step_fail(run, step_no, st, "%s", buf_cstr(&err));
    goto out;
  }
  fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)run->port)};
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
    step_fail(run, step_no, st, "connect: %s", strerror(errno));
    goto out;
  }
  size_t sent = 0;
  while (sent < out.len) {
    ssize_t n = send(fd, out.data + sent, out.len - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break; /* the server may answer and close early; read what it said */
    }
    sent += (size_t)n;
  }
  int64_t deadline = now_ms() + RAW_TIMEOUT_MS;
  bool eof = false, complete = false;
  while (!complete && !eof) {
    int64_t left = deadline - now_ms();
    if (left <= 0) {
      break;
    }
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    int pr = poll(&pfd, 1, (int)left);
    if (pr < 0 && errno == EINTR) {
      continue;
    }
    if (pr <= 0) {
      break;
    }
    char chunk[4096];
    ssize_t n = recv(fd, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      eof = true;
    } else {
      buf_append(&in, chunk, (size_t)n);
    }
    complete = raw_parse(&in, resp, eof);
  }
  if (!complete && !raw_parse(&in, resp, true)) {
    step_fail(run, step_no, st, "no complete HTTP response within %d ms (%zu bytes: %.80s)",
              RAW_TIMEOUT_MS, in.len, buf_cstr(&in));
    goto out;
  }
  ok = true;
out:
  if (fd >= 0) {
    close(fd);
  }
  buf_free(&err);
  buf_free(&out);
  buf_free(&in);
  return ok;
}

/* ---- processes ---- */

/* Starts argv with stdin from stdin_text (NULL: /dev/null), stdout to out_path, stderr to
 * err_path (both appended). Returns the pid or -1. */
static pid_t spawn(char *const argv[], const char *stdin_text, const char *out_path,
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
    execv(argv[0], argv);
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

/* Waits up to ms for pid; true with *status set when it has exited. */
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

/* Runs a setup command: BINARY args --db DB. */
static bool run_setup(Run *run, const Setup *su) {
  StrList argv = {0};
  strlist_add(&argv, run->binary);
  for (size_t i = 0; i < su->args.n; i++) {
    strlist_add(&argv, su->args.a[i]);
  }
  strlist_add(&argv, "--db");
  strlist_add(&argv, run->db);
  char out[300];
  snprintf(out, sizeof out, "%s/setup.log", run->tmp);
  pid_t pid = spawn(argv.a, su->stdin_text, out, out);
  int status = 0;
  bool ok =
      pid > 0 && wait_for(pid, 60000, &status) && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!ok) {
    Buf why = BUF_INIT;
    if (pid > 0) {
      describe_status(status, &why);
    } else {
      buf_puts(&why, "could not start");
    }
    printf("FAIL %s setup (line %d): %s\n", run->name, su->line, buf_cstr(&why));
    print_file("setup output", out);
    buf_free(&why);
  }
  strlist_free(&argv);
  return ok;
}

/* Starts the server and reads its port from stdout. */
static bool start_server(Run *run, const TestFile *t) {
  StrList argv = {0};
  strlist_add(&argv, run->binary);
  strlist_add(&argv, "serve");
  strlist_add(&argv, "--db");
  strlist_add(&argv, run->db);
  strlist_add(&argv, "--listen");
  strlist_add(&argv, "127.0.0.1:0");
  strlist_add(&argv, "--quiet");
  for (size_t i = 0; i < t->serve_args.n; i++) {
    strlist_add(&argv, t->serve_args.a[i]);
  }
  char out[300];
  snprintf(out, sizeof out, "%s/server.out", run->tmp);
  run->server = spawn(argv.a, NULL, out, run->log);
  strlist_free(&argv);
  if (run->server <= 0) {
    printf("FAIL %s: cannot start %s: %s\n", run->name, run->binary, strerror(errno));
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
      printf("FAIL %s: the server ended before listening (%s)\n", run->name, buf_cstr(&why));
      buf_free(&why);
      run->server = 0;
      break;
    }
    sleep_ms(20);
  }
  if (run->server > 0 && run->port <= 0) {
    printf("FAIL %s: no \"http://127.0.0.1:PORT/\" line on the server's stdout within %d ms\n",
           run->name, START_TIMEOUT_MS);
  }
  if (run->port <= 0) {
    print_file("server stdout", out);
  }
  buf_free(&b);
  return run->port > 0;
}

/* SIGTERM; the server must exit 0 within STOP_TIMEOUT_MS without a sanitizer report. */
static bool stop_server(Run *run) {
  if (run->server <= 0) {
    return true;
  }
  kill(run->server, SIGTERM);
  int status = 0;
  bool ok = true;
  if (!wait_for(run->server, STOP_TIMEOUT_MS, &status)) {
    printf("FAIL %s: the server did not stop within %d ms of SIGTERM\n", run->name,
           STOP_TIMEOUT_MS);
    kill(run->server, SIGKILL);
    waitpid(run->server, &status, 0);
    ok = false;
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    Buf why = BUF_INIT;
    describe_status(status, &why);
    printf("FAIL %s: the server ended with %s after SIGTERM\n", run->name, buf_cstr(&why));
    buf_free(&why);
    ok = false;
  }
  run->server = 0;
  Buf log = BUF_INIT;
  read_file(run->log, &log);
  static const char *const reports[] = {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                                        "runtime error:", "WARNING: ThreadSanitizer"};
  for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
    if (strstr(buf_cstr(&log), reports[i])) {
      printf("FAIL %s: sanitizer report in the server log (%s)\n", run->name, reports[i]);
      ok = false;
      break;
    }
  }
  buf_free(&log);
  return ok;
}

/* Runs one .t file. True when it passed. */
static bool run_file(const char *binary, const char *dir, const char *name) {
  Run run = {.binary = binary, .name = name};
  TestFile t = {0};
  Buf text = BUF_INIT;
  Buf err = BUF_INIT;
  bool ok = false;
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  if (!read_file(path, &text)) {
    printf("FAIL %s: cannot read %s: %s\n", name, path, strerror(errno));
    goto out;
  }
  if (!parse_test(buf_cstr(&text), &t, &err)) {
    printf("FAIL %s: %s\n", name, buf_cstr(&err));
    goto out;
  }
  const char *tmpdir = getenv("TMPDIR");
  snprintf(run.tmp, sizeof run.tmp, "%s/dj-http-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
  if (!mkdtemp(run.tmp)) {
    printf("FAIL %s: mkdtemp: %s\n", name, strerror(errno));
    run.tmp[0] = '\0';
    goto out;
  }
  snprintf(run.db, sizeof run.db, "%s/db", run.tmp);
  snprintf(run.log, sizeof run.log, "%s/server.log", run.tmp);

  Setup init = {.line = 0};
  strlist_add(&init.args, "init");
  bool setup_ok = run_setup(&run, &init);
  strlist_free(&init.args);
  for (size_t i = 0; setup_ok && i < t.n_setups; i++) {
    setup_ok = run_setup(&run, &t.setups[i]);
  }
  if (!setup_ok || !start_server(&run, &t)) {
    goto stop;
  }
  char port[16];
  snprintf(port, sizeof port, "%d", run.port);
  vars_set(&run.vars, "port", port, strlen(port));

  run.curl = curl_easy_init();
  if (!run.curl) {
    printf("FAIL %s: curl_easy_init failed\n", name);
    goto stop;
  }
  curl_easy_setopt(run.curl, CURLOPT_COOKIEFILE, "");
  curl_easy_setopt(run.curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(run.curl, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(run.curl, CURLOPT_TIMEOUT, (long)REQUEST_TIMEOUT_S);
  curl_easy_setopt(run.curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(run.curl, CURLOPT_PROXY, "");
  curl_easy_setopt(run.curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(run.curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(run.curl, CURLOPT_WRITEFUNCTION, on_body);

  for (size_t i = 0; i < t.n_steps; i++) {
    const Step *st = &t.steps[i];
    if (st->kind == STEP_SLEEP) {
      sleep_ms(st->sleep_ms);
      continue;
    }
    Resp resp = {0};
    curl_easy_setopt(run.curl, CURLOPT_HEADERDATA, &resp);
    curl_easy_setopt(run.curl, CURLOPT_WRITEDATA, &resp);
    bool done =
        st->kind == STEP_RAW ? do_raw(&run, i + 1, st, &resp) : do_http(&run, i + 1, st, &resp);
    if (done) {
      check_step(&run, i + 1, st, &resp); /* failures are counted in run.failed_steps */
    }
    resp_clear(&resp);
  }
stop:
  if (run.curl) {
    curl_easy_cleanup(run.curl);
  }
  {
    bool stopped = stop_server(&run);
    bool steps_ok = run.curl && run.failed_steps == 0;
    ok = stopped && steps_ok;
    if (!ok && run.log[0]) {
      print_file("server stderr", run.log);
    }
  }
out:
  if (run.tmp[0]) {
    nftw(run.tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  }
  vars_free(&run.vars);
  testfile_free(&t);
  buf_free(&text);
  buf_free(&err);
  return ok;
}

static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s BINARY DIR\n", argv[0]);
    return 2;
  }
  setvbuf(stdout, NULL, _IOLBF, 0);
  signal(SIGPIPE, SIG_IGN);
  const char *binary = argv[1];
  const char *dir = argv[2];
  char real[4096];
  if (!realpath(binary, real) || access(real, X_OK) != 0) {
    fprintf(stderr, "http-tests: %s is not an executable\n", binary);
    return 2;
  }
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "http-tests: cannot open %s: %s\n", dir, strerror(errno));
    return 2;
  }
  StrList files = {0};
  struct dirent *de;
  while ((de = readdir(d))) {
    size_t n = strlen(de->d_name);
    if (n > 2 && strcmp(de->d_name + n - 2, ".t") == 0 && de->d_name[0] != '.') {
      strlist_add(&files, de->d_name);
    }
  }
  closedir(d);
  if (files.n) {
    qsort(files.a, files.n, sizeof *files.a, name_cmp);
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int passed = 0, failed = 0;
  int64_t t0 = now_ms();
  for (size_t i = 0; i < files.n; i++) {
    int64_t t1 = now_ms();
    bool ok = run_file(real, dir, files.a[i]);
    printf("%s %s (%.1f s)\n", ok ? "ok  " : "FAIL", files.a[i], (double)(now_ms() - t1) / 1000);
    if (ok) {
      passed++;
    } else {
      failed++;
    }
  }
  curl_global_cleanup();
  strlist_free(&files);
  printf("http tests took %.1f s\n", (double)(now_ms() - t0) / 1000);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
