/*
 * testsrv: helpers shared by the test programs that drive a real server (see testsrv.h).
 */
#include "testsrv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/banned.h"

/* ---- memory ---- */

void *ts_xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) {
    abort();
  }
  return p;
}

char *ts_xstrdup(const char *s) {
  char *d = strdup(s);
  if (!d) {
    abort();
  }
  return d;
}

char *ts_xstrndup(const char *s, size_t n) {
  char *d = strndup(s, n);
  if (!d) {
    abort();
  }
  return d;
}

/* ---- time ---- */

int64_t ts_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void ts_sleep_ms(int64_t ms) {
  struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
  }
}

/* ---- files ---- */

bool ts_read_file(const char *path, Buf *out) {
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

void ts_print_file(const char *label, const char *path) {
  Buf b = BUF_INIT;
  if (ts_read_file(path, &b) && b.len) {
    printf("  --- %s (%s) ---\n%s%s  --- end ---\n", label, path, buf_cstr(&b),
           b.data[b.len - 1] == '\n' ? "" : "\n");
  }
  buf_free(&b);
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  (void)flag;
  (void)ftw;
  remove(path);
  return 0;
}

void ts_remove_tree(const char *path) { nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

/* ---- processes ---- */

pid_t ts_spawn(const char *const argv[], const char *stdin_text, const char *out_path,
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
    /* execv wants char *const[]: copy rather than cast the const away */
    size_t n = 0;
    while (argv[n]) {
      n++;
    }
    char **copy = ts_xrealloc(NULL, (n + 1) * sizeof *copy);
    for (size_t i = 0; i < n; i++) {
      copy[i] = ts_xstrdup(argv[i]);
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

bool ts_wait_for(pid_t pid, int64_t ms, int *status) {
  int64_t deadline = ts_now_ms() + ms;
  for (;;) {
    pid_t w = waitpid(pid, status, WNOHANG);
    if (w == pid) {
      return true;
    }
    if (w < 0 && errno != EINTR) {
      return false;
    }
    if (ts_now_ms() >= deadline) {
      return false;
    }
    ts_sleep_ms(10);
  }
}

void ts_describe_status(int status, Buf *out) {
  if (WIFEXITED(status)) {
    buf_printf(out, "exit status %d", WEXITSTATUS(status));
  } else if (WIFSIGNALED(status)) {
    buf_printf(out, "killed by signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
  } else {
    buf_puts(out, "unknown status");
  }
}

/* ---- a temp dir, its database and a server ---- */

static void report(const TsServer *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Formats one failure message and hands it to s->report. */
static void report(const TsServer *s, const char *fmt, ...) {
  Buf m = BUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&m, fmt, ap);
  va_end(ap);
  s->report(s->report_ctx, buf_cstr(&m));
  buf_free(&m);
}

bool ts_server_init(TsServer *s, const char *binary, const char *prefix, TsReportFn *report_fn,
                    void *report_ctx) {
  memset(s, 0, sizeof *s);
  s->binary = binary;
  s->report = report_fn;
  s->report_ctx = report_ctx;
  const char *tmpdir = getenv("TMPDIR");
  snprintf(s->tmp, sizeof s->tmp, "%s/%s-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp", prefix);
  if (!mkdtemp(s->tmp)) {
    report(s, "mkdtemp: %s", strerror(errno));
    s->tmp[0] = '\0';
    return false;
  }
  snprintf(s->db, sizeof s->db, "%s/db", s->tmp);
  snprintf(s->log, sizeof s->log, "%s/server.log", s->tmp);
  snprintf(s->out, sizeof s->out, "%s/server.out", s->tmp);
  snprintf(s->setup_log, sizeof s->setup_log, "%s/setup.log", s->tmp);
  return true;
}

/* argv = binary, first[...], more[...] (each NULL-terminated, may be NULL), then NULL; the
 * array is malloc'd (free it), the strings borrowed. */
static const char **make_argv(const char *binary, const char *const *first,
                              const char *const *more) {
  size_t n = 1;
  for (const char *const *p = first; p && *p; p++) {
    n++;
  }
  for (const char *const *p = more; p && *p; p++) {
    n++;
  }
  const char **argv = ts_xrealloc(NULL, (n + 1) * sizeof *argv);
  size_t i = 0;
  argv[i++] = binary;
  for (const char *const *p = first; p && *p; p++) {
    argv[i++] = *p;
  }
  for (const char *const *p = more; p && *p; p++) {
    argv[i++] = *p;
  }
  argv[i] = NULL;
  return argv;
}

bool ts_run_cmd(const TsServer *s, const char *const *args, const char *stdin_text,
                int64_t timeout_ms, Buf *why) {
  const char *const db_args[] = {"--db", s->db, NULL};
  const char **argv = make_argv(s->binary, args, db_args);
  pid_t pid = ts_spawn(argv, stdin_text, s->setup_log, s->setup_log);
  free(argv);
  int status = 0;
  bool ok = pid > 0 && ts_wait_for(pid, timeout_ms, &status) && WIFEXITED(status) &&
            WEXITSTATUS(status) == 0;
  if (!ok) {
    if (pid > 0) {
      ts_describe_status(status, why);
    } else {
      buf_puts(why, "could not start");
    }
  }
  return ok;
}

bool ts_start_server(TsServer *s, const char *const *extra_args) {
  const char *const serve_args[] = {"serve",       "--db",    s->db, "--listen",
                                    "127.0.0.1:0", "--quiet", NULL};
  const char **argv = make_argv(s->binary, serve_args, extra_args);
  s->port = 0;
  s->pid = ts_spawn(argv, NULL, s->out, s->log);
  free(argv);
  if (s->pid <= 0) {
    report(s, "cannot start %s: %s", s->binary, strerror(errno));
    s->pid = 0;
    return false;
  }
  int64_t deadline = ts_now_ms() + TS_START_TIMEOUT_MS;
  Buf b = BUF_INIT;
  while (ts_now_ms() < deadline) {
    buf_reset(&b);
    ts_read_file(s->out, &b);
    const char *u = strstr(buf_cstr(&b), "http://127.0.0.1:");
    if (u && strchr(u, '\n')) {
      s->port = atoi(u + strlen("http://127.0.0.1:"));
      break;
    }
    int status;
    if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
      Buf why = BUF_INIT;
      ts_describe_status(status, &why);
      report(s, "the server ended before listening (%s)", buf_cstr(&why));
      buf_free(&why);
      s->pid = 0;
      break;
    }
    ts_sleep_ms(20);
  }
  buf_free(&b);
  if (s->port <= 0) {
    if (s->pid > 0) {
      report(s, "no \"http://127.0.0.1:PORT/\" line on the server's stdout within %d ms",
             TS_START_TIMEOUT_MS);
    }
    ts_print_file("server stdout", s->out);
  }
  return s->port > 0;
}

TsStopResult ts_stop_server(TsServer *s) {
  TsStopResult r = {.stopped = true, .clean = true};
  if (s->pid <= 0) {
    return r;
  }
  kill(s->pid, SIGTERM);
  int status = 0;
  if (!ts_wait_for(s->pid, TS_STOP_TIMEOUT_MS, &status)) {
    report(s, "the server did not stop within %d ms of SIGTERM", TS_STOP_TIMEOUT_MS);
    kill(s->pid, SIGKILL);
    waitpid(s->pid, &status, 0);
    r.stopped = false;
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    Buf why = BUF_INIT;
    ts_describe_status(status, &why);
    report(s, "the server ended with %s after SIGTERM", buf_cstr(&why));
    buf_free(&why);
    r.stopped = false;
  }
  s->pid = 0;
  Buf log = BUF_INIT;
  ts_read_file(s->log, &log);
  static const char *const reports[] = {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                                        "runtime error:", "WARNING: ThreadSanitizer"};
  for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
    if (strstr(buf_cstr(&log), reports[i])) {
      report(s, "sanitizer report in the server log (%s)", reports[i]);
      r.clean = false;
      break;
    }
  }
  buf_free(&log);
  return r;
}

void ts_server_cleanup(TsServer *s) {
  if (s->tmp[0]) {
    ts_remove_tree(s->tmp);
    s->tmp[0] = '\0';
  }
}

/* ---- HTTP with libcurl ---- */

void ts_resp_clear(TsResp *r) {
  for (size_t i = 0; i < r->n_headers; i++) {
    free(r->headers[i].name);
    free(r->headers[i].value);
  }
  free(r->headers);
  buf_free(&r->body);
  memset(r, 0, sizeof *r);
}

void ts_resp_header_line(TsResp *r, const char *line, size_t n) {
  while (n && (line[n - 1] == '\r' || line[n - 1] == '\n')) {
    n--;
  }
  if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) {
    for (size_t i = 0; i < r->n_headers; i++) {
      free(r->headers[i].name);
      free(r->headers[i].value);
    }
    free(r->headers);
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
  r->headers = ts_xrealloc(r->headers, (r->n_headers + 1) * sizeof *r->headers);
  r->headers[r->n_headers].name = ts_xstrndup(line, (size_t)(colon - line));
  r->headers[r->n_headers].value = ts_xstrndup(v, (size_t)(end - v));
  r->n_headers++;
}

const char *ts_resp_header(const TsResp *r, const char *name, size_t nth) {
  for (size_t i = 0; i < r->n_headers; i++) {
    if (strcasecmp(r->headers[i].name, name) == 0 && nth-- == 0) {
      return r->headers[i].value;
    }
  }
  return NULL;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ctx) {
  ts_resp_header_line(ctx, data, size * nmemb);
  return size * nmemb;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ctx) {
  TsResp *r = ctx;
  buf_append(&r->body, data, size * nmemb);
  return size * nmemb;
}

CURL *ts_curl_new(void) {
  CURL *h = curl_easy_init();
  if (!h) {
    return NULL;
  }
  curl_easy_setopt(h, CURLOPT_COOKIEFILE, ""); /* the cookie engine, an empty jar */
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)TS_REQUEST_TIMEOUT_S);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROXY, "");
  curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  return h;
}

bool ts_request(CURL *h, int port, const char *method, const char *path, const char *body,
                TsResp *resp, Buf *why) {
  Buf url = BUF_INIT;
  buf_printf(&url, "http://127.0.0.1:%d%s", port, path);
  char errbuf[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(h, CURLOPT_HTTPGET, 1L); /* resets POST, mime and NOBODY state */
  curl_easy_setopt(h, CURLOPT_NOBODY, 0L);
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, NULL);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
  curl_easy_setopt(h, CURLOPT_URL, buf_cstr(&url));
  curl_easy_setopt(h, CURLOPT_HEADERDATA, resp);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, resp);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  if (strcmp(method, "POST") == 0) {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "");
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)(body ? strlen(body) : 0));
  }
  CURLcode rc = curl_easy_perform(h);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, NULL);
  buf_free(&url);
  if (rc != CURLE_OK) {
    buf_printf(why, "request failed: %s (%s)", curl_easy_strerror(rc), errbuf);
    return false;
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
  return true;
}

char *ts_find_csrf(const Buf *body) {
  const char *key = "name=\"csrf\" value=\"";
  const char *p = strstr(buf_cstr(body), key);
  if (!p) {
    return NULL;
  }
  p += strlen(key);
  const char *e = strchr(p, '"');
  return e && e > p ? ts_xstrndup(p, (size_t)(e - p)) : NULL;
}

/* ts_request, with "METHOD PATH: " before the error in why. */
static bool login_request(CURL *h, int port, const char *method, const char *path, const char *body,
                          TsResp *resp, Buf *why) {
  Buf e = BUF_INIT;
  bool ok = ts_request(h, port, method, path, body, resp, &e);
  if (!ok) {
    buf_printf(why, "%s %s: %s", method, path, buf_cstr(&e));
  }
  buf_free(&e);
  return ok;
}

bool ts_login(CURL *h, int port, const char *login, const char *password, const char *want_location,
              TsLogin *out, Buf *why) {
  bool ok = false;
  char *token = NULL;
  Buf body = BUF_INIT;
  if (!login_request(h, port, "GET", "/login", NULL, &out->form, why)) {
    goto out;
  }
  token = ts_find_csrf(&out->form.body);
  if (out->form.status != 200 || !token) {
    buf_printf(why, "GET /login answered %ld without a csrf field", out->form.status);
    goto out;
  }
  if (!login) {
    out->csrf = token;
    token = NULL;
    ok = true;
    goto out;
  }
  buf_puts(&body, "login=");
  buf_urlencode(&body, login, strlen(login));
  buf_puts(&body, "&password=");
  buf_urlencode(&body, password, strlen(password));
  buf_puts(&body, "&csrf=");
  buf_urlencode(&body, token, strlen(token));
  if (!login_request(h, port, "POST", "/login", buf_cstr(&body), &out->post, why)) {
    goto out;
  }
  const char *location = ts_resp_header(&out->post, "Location", 0);
  bool location_ok = location && (want_location ? strcmp(location, want_location) == 0
                                                : location[0] == '/' && location[1] != '/');
  if (out->post.status != 303 || !location_ok) {
    buf_printf(why, "POST /login answered %ld, Location %s (want 303 to %s)", out->post.status,
               location ? location : "-", want_location ? want_location : "a local path");
    goto out;
  }
  if (!login_request(h, port, "GET", location, NULL, &out->page, why)) {
    goto out;
  }
  out->csrf = ts_find_csrf(&out->page.body);
  if (out->page.status != 200 || !out->csrf) {
    buf_printf(why, "GET %s answered %ld without a csrf field", location, out->page.status);
    free(out->csrf);
    out->csrf = NULL;
    goto out;
  }
  ok = true;
out:
  free(token);
  buf_free(&body);
  return ok;
}

void ts_login_free(TsLogin *l) {
  ts_resp_clear(&l->form);
  ts_resp_clear(&l->post);
  ts_resp_clear(&l->page);
  free(l->csrf);
  memset(l, 0, sizeof *l);
}
