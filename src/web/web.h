/*
 * web: the HTTP tier. libmicrohttpd does HTTP; this module owns the request context (Req),
 * the route table's shape, parameter validation, sessions, CSRF and responses.
 *
 * A handler reads: permission (checked by the router) → CSRF (checked by the router for
 * every POST) → validated parameters → store / rules → view model → one web_* response call.
 * Handlers return 0 once they have responded, or a negative value on an internal failure
 * (the server answers 500 and keeps running).
 */
#ifndef DJ_WEB_H
#define DJ_WEB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "db/db.h"
#include "web/authz.h"
#include "web/form.h"
#include "web/scope.h"

typedef struct Req Req;
typedef int (*WebHandler)(Req *r);

/* Declared parameter kinds; each has a validator in router.c. */
typedef enum ParamKind {
  P_ID,       /* positive integer id (path or form) */
  P_INT,      /* integer within [min, max] */
  P_LINE,     /* one line of text, trimmed, ≤ max characters, no control characters */
  P_TEXT,     /* multi-line text, ≤ max characters */
  P_LOGIN,    /* account login: 2–32 of a-z 0-9 _ . - */
  P_PASSWORD, /* any text ≤ 128 characters, not trimmed */
  P_DATE,     /* a civil date in any accepted notation, normalised to YYYY-MM-DD */
  P_ENUM,     /* one of choices[] */
  P_BOOL,     /* checkbox: "1"/"on"/"true" → "1", absent/"0"/"" → "0" */
  P_FILE,     /* an uploaded file (multipart) */
  P_LOCAL_URL /* a path on this site (for ?next=): starts with one '/', no scheme */
} ParamKind;

typedef struct RouteParam {
  const char *name;
  ParamKind kind;
  bool required;
  const char *label;           /* Chinese field label used in messages, e.g. "登录名" */
  int64_t min, max;            /* P_INT range; P_LINE/P_TEXT max characters (0: 200/20000) */
  const char *const *choices;  /* P_ENUM: NULL-terminated */
} RouteParam;

enum {
  ROUTE_ALLOW_MUST_CHANGE = 1, /* reachable while a password change is pending */
  ROUTE_NO_SESSION = 2,        /* public and stateless: no session lookup, no cookies */
};

typedef struct Route {
  const char *method;   /* "GET" or "POST" (GET also answers HEAD) */
  const char *pattern;  /* "/orgs/:id"; a final "*" segment matches the rest */
  WebHandler handler;
  Perm perm;
  const RouteParam *params; /* terminated by an entry with name NULL; may be NULL */
  const char *summary;      /* Chinese, one line: what the page is */
  int flags;
} Route;

typedef struct NavItem {
  const char *href;
  const char *label;
  Perm perm;
} NavItem;

typedef struct WebConfig {
  const char *db_path;
  const char *listen;       /* "127.0.0.1:8080"; port 0 picks a free port */
  int threads;              /* 0: number of cores */
  int session_idle;         /* seconds, default 1800 */
  int session_max;          /* seconds, default 43200 */
  int lock_after;           /* failed logins before lock, default 5 */
  int lock_seconds;         /* default 900 */
  size_t max_body;          /* bytes, default 25 MiB; past it 413 */
  bool secure_cookie;       /* add Secure (when served behind TLS) */
  bool quiet;               /* no request log lines */
  const Route *routes;      /* terminated by an entry with method NULL */
  const NavItem *nav;       /* terminated by an entry with href NULL */
} WebConfig;

/* The configuration in force: read-only while serving. */
extern const WebConfig *web_config;
void web_config_defaults(WebConfig *cfg);

/*
 * Serves until SIGINT or SIGTERM, then stops gracefully. Prints the URL on standard output
 * ("dangjian 已启动：http://127.0.0.1:8080/") once listening. Returns 0, or 1 when the
 * address cannot be bound or the database cannot be opened (message on stderr).
 */
int web_serve(const WebConfig *cfg);

/* ---- the request ---- */
typedef struct ReqUser {
  int64_t id;
  char *login;
  char *name;
  Role role;
  int64_t org_id; /* 0 when none */
  char *org_name;
  char *org_path; /* materialised path of the account's org ("/1/4/"), or "" */
  bool must_change;
} ReqUser;

struct Req {
  Db *db;              /* this worker thread's connection */
  const char *method;  /* "GET", "POST", … (HEAD is reported as GET) */
  const char *path;    /* decoded path, without the query */
  const char *ip;      /* client address as text */
  const Route *route;
  bool signed_in;
  ReqUser user;
  Scope scope;         /* the org subtrees the user may see (empty when signed out) */
  bool want_json;      /* Accept prefers application/json */
  bool is_head;
  Form params;         /* declared, valid parameters only (path, query and body) */
  json_t *errors;      /* {name: Chinese message} for invalid declared parameters */
  /* response */
  int status;
  Buf body;
  const char *content_type;
  json_t *headers;     /* {name: value} extra response headers */
  void *priv;          /* server internals */
};

/* Parameters (declared and valid only). Strings are borrowed until the request ends. */
const char *req_param(Req *r, const char *name);
int64_t req_param_int(Req *r, const char *name, int64_t dflt);
const FormField *req_file(Req *r, const char *name);
const char *req_header(Req *r, const char *name);
bool req_has_errors(Req *r);
/* Adds a field error (for checks the validators cannot do, e.g. two passwords differ). */
void req_error(Req *r, const char *name, const char *message);
/* The session's CSRF token (signed in) or the pre-session token (anonymous). */
const char *req_csrf(Req *r);
/* Remembers a value the request owns; freed when the request ends. Returns p. */
void *req_own(Req *r, void *p);

/* ---- responses: each returns 0 ---- */
/* Renders templates/<page>.mustache inside templates/layout.mustache; JSON clients get the
 * model itself. Steals model. The layout adds user, nav, csrf, flash. */
int web_render(Req *r, int status, const char *page, json_t *model);
/* 303 See Other to a local path. */
int web_redirect(Req *r, const char *location);
/* Error page (or {"error": {"status", "message"}}) with a Chinese message. */
int web_error(Req *r, int status, const char *message);
int web_text(Req *r, int status, const char *content_type, const char *text);
/* A download with an RFC 5987 UTF-8 filename. Copies data and the filename; content_type is
 * sent after the handler returns, so it must be static or owned by the request (req_own). */
int web_file(Req *r, const char *filename, const char *content_type, const void *data, size_t n);
void web_header(Req *r, const char *name, const char *value);
/* A message shown on the next page rendered for this browser (kind: ok, warn, error). */
void web_flash(Req *r, const char *kind, const char *message);
/* Writes an audit row for this request's user and address. Steals before/after. */
int web_audit(Req *r, const char *action, const char *entity, const char *entity_id,
              json_t *before, json_t *after);

/* ---- sessions (session.c) ---- */
/* Starts a session for account_id: sets the cookie; returns 0 or -1. */
int web_session_start(Req *r, int64_t account_id);
/* Ends the current session (deletes it, clears the cookie). */
void web_session_end(Req *r);
/* Ends every other session of the signed-in account (after a password change). */
void web_session_end_others(Req *r);

#endif
