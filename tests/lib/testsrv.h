/*
 * testsrv: what the test programs that drive a real `dangjian serve` share (tests/http/runner.c,
 * tests/authz/runner.c): allocation that aborts, clocks, files, child processes, a temp dir
 * with a database and a server on port 0, and libcurl requests with captured responses.
 *
 * Single-threaded test code: out-of-memory aborts, and nothing here is thread-safe.
 */
#ifndef DJ_TESTSRV_H
#define DJ_TESTSRV_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/buf.h"

#define TS_START_TIMEOUT_MS 10000 /* for the "http://127.0.0.1:PORT/" line */
#define TS_STOP_TIMEOUT_MS 10000  /* from SIGTERM to the server's exit */
#define TS_REQUEST_TIMEOUT_S 30   /* one libcurl request */

/* ---- memory (each aborts on out-of-memory; results are the caller's to free) ---- */

/* realloc(p, n), with n == 0 treated as 1 so the result is never NULL. */
void *ts_xrealloc(void *p, size_t n);
/* A malloc'd copy of s. */
char *ts_xstrdup(const char *s);
/* A malloc'd copy of at most n bytes of s, NUL-terminated. */
char *ts_xstrndup(const char *s, size_t n);

/* ---- time ---- */

/* Milliseconds of CLOCK_MONOTONIC (only differences mean anything). */
int64_t ts_now_ms(void);
/* Sleeps ms milliseconds, resuming after signals. */
void ts_sleep_ms(int64_t ms);

/* ---- files ---- */

/* Appends the whole file at path to out. False (out unchanged) when it cannot be opened. */
bool ts_read_file(const char *path, Buf *out);
/* Prints "  --- label (path) ---", the file's text and "  --- end ---" on stdout; nothing
 * when the file is missing or empty. */
void ts_print_file(const char *label, const char *path);
/* Removes path and everything below it (best effort, symlinks not followed). */
void ts_remove_tree(const char *path);

/* ---- processes ---- */

/* Starts argv (argv[0] an absolute path, NULL-terminated) with stdin fed stdin_text and a
 * newline through a pipe (stdin_text NULL: /dev/null), stdout appended to out_path and stderr
 * to err_path (created 0600; the two may be the same file). The strings are only read.
 * Returns the child's pid, or -1 when it could not be started. */
pid_t ts_spawn(const char *const argv[], const char *stdin_text, const char *out_path,
               const char *err_path);
/* Waits up to ms for pid to exit. True with *status set (as by waitpid) when it did; false
 * when it is still running (or is not our child). */
bool ts_wait_for(pid_t pid, int64_t ms, int *status);
/* Appends "exit status N", "killed by signal N (name)" or "unknown status" to out. */
void ts_describe_status(int status, Buf *out);

/* ---- a temp dir, its database and a server ---- */

/* Called with each failure message (no "FAIL", no newline); msg is valid during the call. */
typedef void TsReportFn(void *ctx, const char *msg);

typedef struct TsServer {
  const char *binary;  /* the dangjian binary, absolute; borrowed for the TsServer's life */
  char tmp[256];       /* the temp dir; "" when there is none */
  char db[300];        /* TMP/db */
  char log[300];       /* TMP/server.log: the server's stderr */
  char out[300];       /* TMP/server.out: the server's stdout */
  char setup_log[300]; /* TMP/setup.log: stdout and stderr of ts_run_cmd */
  pid_t pid;           /* the running server, 0 when none runs */
  int port;            /* the server's port once ts_start_server succeeded, else 0 */
  TsReportFn *report;  /* receives every failure message of the functions below */
  void *report_ctx;    /* passed to report */
} TsServer;

/* Sets up s (any previous content is overwritten) and makes the temp dir
 * $TMPDIR/PREFIX-XXXXXX (TMPDIR unset or empty: /tmp). binary and report_ctx are borrowed.
 * False (reported; s->tmp "") when mkdtemp fails. Call ts_server_cleanup in any case. */
bool ts_server_init(TsServer *s, const char *binary, const char *prefix, TsReportFn *report,
                    void *report_ctx);

/* Runs `BINARY args... --db DB` (args NULL-terminated, borrowed), stdin_text as in ts_spawn,
 * output appended to s->setup_log. True when it exits 0 within timeout_ms; otherwise false
 * with why ("exit status 1", "could not start", ...) appended to why and nothing reported:
 * the caller words the failure and may show s->setup_log. A command still running at the
 * deadline is left running. */
bool ts_run_cmd(const TsServer *s, const char *const *args, const char *stdin_text,
                int64_t timeout_ms, Buf *why);

/* Starts `BINARY serve --db DB --listen 127.0.0.1:0 --quiet extra_args...` (extra_args
 * NULL-terminated, or NULL for none) with stdout in s->out and stderr in s->log, and waits up
 * to TS_START_TIMEOUT_MS for the "http://127.0.0.1:PORT/" line. True with s->pid and s->port
 * set; false after reporting why and printing the server's stdout (s->pid is 0 unless the
 * server is still running without having printed its URL: call ts_stop_server). */
bool ts_start_server(TsServer *s, const char *const *extra_args);

/* What ts_stop_server found; both true when no server was running (nothing was checked). */
typedef struct TsStopResult {
  bool stopped; /* exited with status 0 within TS_STOP_TIMEOUT_MS of SIGTERM */
  bool clean;   /* s->log holds no AddressSanitizer, LeakSanitizer, UBSan or TSan report */
} TsStopResult;

/* Sends the server SIGTERM and waits (SIGKILL after TS_STOP_TIMEOUT_MS), then looks for
 * sanitizer reports in its stderr. Each failed check is reported once. s->pid is 0 after. */
TsStopResult ts_stop_server(TsServer *s);

/* Removes the temp dir (if any) and everything in it; s->tmp becomes "". Stop the server
 * first. */
void ts_server_cleanup(TsServer *s);

/* ---- HTTP with libcurl ---- */

typedef struct TsHeader {
  char *name;  /* as received */
  char *value; /* leading blanks and the line end removed */
} TsHeader;

/* One response; a zeroed TsResp is empty (status 0: no response). Owns its memory. */
typedef struct TsResp {
  long status;
  TsHeader *headers; /* of the final response (after any 100 Continue), in order */
  size_t n_headers;
  Buf body;
} TsResp;

/* Frees everything r holds and zeroes it. */
void ts_resp_clear(TsResp *r);
/* Takes one header line of n bytes ("Name: value\r\n"): a status line ("HTTP/...") drops
 * the headers so far and sets r->status; a line without a colon is ignored. */
void ts_resp_header_line(TsResp *r, const char *line, size_t n);
/* The nth (0-based) value of header name (case-insensitive), or NULL. Borrowed from r. */
const char *ts_resp_header(const TsResp *r, const char *name, size_t nth);

/* A new easy handle for one client: cookie engine on with an empty jar, redirects not
 * followed, the path sent as written, TS_REQUEST_TIMEOUT_S, no proxy, and headers and body
 * captured into the TsResp that is set as CURLOPT_HEADERDATA and CURLOPT_WRITEDATA (as
 * ts_request does). NULL when libcurl fails; free with curl_easy_cleanup. */
CURL *ts_curl_new(void);

/* Sends method ("GET" or "POST") to http://127.0.0.1:PORT + path on h (from ts_curl_new);
 * a POST carries body (NULL: empty) as application/x-www-form-urlencoded. The response goes
 * into resp (which should be empty). True once a response arrived; false with the transport
 * error appended to why ("request failed: ..."). Leaves no request state on h that a later request
 * would inherit (custom method, headers, body). */
bool ts_request(CURL *h, int port, const char *method, const char *path, const char *body,
                TsResp *resp, Buf *why);

/* The value of the first name="csrf" hidden field in body: malloc'd (caller frees), or
 * NULL when there is none or it is empty. */
char *ts_find_csrf(const Buf *body);

/* The requests of one sign-in; a response with status 0 was not received. Owns its memory. */
typedef struct TsLogin {
  TsResp form; /* GET /login */
  TsResp post; /* POST /login */
  TsResp page; /* GET of the page POST /login redirected to */
  char *csrf;  /* the token to send with later POSTs */
} TsLogin;

/* Signs in on h: GET /login (200 with a csrf field), POST login, password and csrf to /login
 * (303 with a Location: exactly want_location, or with want_location NULL any local path
 * "/..."), then GET that Location (200 with a csrf field), whose token is the signed-in
 * session's. With login NULL only the first request is made and the pre-session token is
 * kept (password is ignored). out must be zeroed; it holds the responses received even on
 * failure, and out->csrf on success; free it with ts_login_free. False with the first unmet
 * condition appended to why (e.g. "POST /login answered 400, Location - (want 303 to /)"). */
bool ts_login(CURL *h, int port, const char *login, const char *password, const char *want_location,
              TsLogin *out, Buf *why);
/* Frees what l holds and zeroes it. */
void ts_login_free(TsLogin *l);

#endif
