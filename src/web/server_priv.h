/*
 * Internals shared by the web tier's files (server.c, router.c, respond.c, session.c).
 * Not for handlers.
 */
#ifndef DJ_SERVER_PRIV_H
#define DJ_SERVER_PRIV_H

#include <microhttpd.h>

#include "tmpl/tmpl.h"
#include "web/form_build.h"
#include "web/web.h"

typedef struct ReqPriv {
  struct MHD_Connection *conn;
  int64_t started_usec;
  char *path;             /* owned copy */
  Buf upload;             /* urlencoded or other body, capped */
  FormMultipart *multipart;
  bool too_big;
  bool bad_body;
  const char *body_why;
  Form raw;               /* query + body fields before validation */
  json_t *cookies;        /* array of Set-Cookie values */
  void **own;             /* pointers freed at the end */
  size_t n_own;
  char *session_hash;     /* hex hash of the session token, or NULL */
  char *csrf;             /* the token forms must echo */
  json_t *flash;          /* messages from the previous request's redirect, or NULL */
  bool flash_set;         /* this request set a flash cookie */
  bool responded;
} ReqPriv;

/* server.c */
extern TmplSet *web_templates;
ReqPriv *req_priv(Req *r);
void web_cookie(Req *r, const char *name, const char *value, int max_age, bool http_only);

/* router.c */
/* Finds the route for method + path; *allow lists the methods that match the path when
 * only the method differs (405). Path parameters are added to *path_params. */
const Route *web_route_match(const Route *routes, const char *method, const char *path,
                             Form *path_params, Buf *allow);
/* Validates raw fields against the route's declarations into r->params / r->errors. */
void web_params_validate(Req *r, const Form *path_params);

/* session.c */
void web_session_load(Req *r);
/* 256 random bits as 43 base64url characters; malloc'd. */
char *web_random_token(void);
/* Hex BLAKE2b-256 of a token (what the session table stores); malloc'd. */
char *web_token_hash(const char *token);
bool web_csrf_ok(Req *r);

#endif
