/*
 * server.c: libmicrohttpd glue. One Req per request (created on MHD's first call, freed in
 * the completion callback); the body is streamed into a capped buffer or the multipart
 * decoder; once it is complete the request is dispatched through the route table.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/log.h"
#include "tmpl/asset.h"
#include "web/server_priv.h"
#include "base/banned.h"

const WebConfig *web_config;
TmplSet *web_templates;

/* ---- one database connection per worker thread ---- */

static pthread_mutex_t dbs_lock = PTHREAD_MUTEX_INITIALIZER;
static Db **dbs;
static size_t n_dbs;
static _Thread_local Db *thread_db;

static Db *worker_db(void) {
  if (thread_db) {
    return thread_db;
  }
  char *err = NULL;
  if (db_open(&thread_db, web_config->db_path, &err) != DB_OK) {
    log_error("数据库打开失败：%s", err ? err : "");
    free(err);
    thread_db = NULL;
    return NULL;
  }
  pthread_mutex_lock(&dbs_lock);
  dbs = realloc(dbs, (n_dbs + 1) * sizeof *dbs);
  if (!dbs) {
    abort();
  }
  dbs[n_dbs++] = thread_db;
  pthread_mutex_unlock(&dbs_lock);
  return thread_db;
}

static void close_dbs(void) {
  pthread_mutex_lock(&dbs_lock);
  for (size_t i = 0; i < n_dbs; i++) {
    db_close(dbs[i]);
  }
  free(dbs);
  dbs = NULL;
  n_dbs = 0;
  pthread_mutex_unlock(&dbs_lock);
}

/* ---- templates come from the embedded assets ---- */

static const char *template_source(const char *name, size_t *len, void *ctx) {
  (void)ctx;
  char path[256];
  int n = snprintf(path, sizeof path, "templates/%s.mustache", name);
  if (n < 0 || (size_t)n >= sizeof path) {
    return NULL;
  }
  const Asset *a = asset_find(path);
  if (!a) {
    return NULL;
  }
  *len = a->len;
  return (const char *)a->data;
}

/* ---- the request ---- */

ReqPriv *req_priv(Req *r) { return r->priv; }

void *req_own(Req *r, void *p) {
  ReqPriv *pv = r->priv;
  pv->own = realloc(pv->own, (pv->n_own + 1) * sizeof *pv->own);
  if (!pv->own) {
    abort();
  }
  pv->own[pv->n_own++] = p;
  return p;
}

const char *req_header(Req *r, const char *name) {
  return MHD_lookup_connection_value(req_priv(r)->conn, MHD_HEADER_KIND, name);
}

static void client_ip(struct MHD_Connection *c, char *out, size_t n) {
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  out[0] = '\0';
  if (!ci || !ci->client_addr) {
    return;
  }
  const struct sockaddr *sa = ci->client_addr;
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
              (socklen_t)n);
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
              (socklen_t)n);
  }
}

static Req *req_new(struct MHD_Connection *c, const char *url, const char *method) {
  Req *r = calloc(1, sizeof *r);
  ReqPriv *pv = calloc(1, sizeof *pv);
  if (!r || !pv) {
    abort();
  }
  r->priv = pv;
  pv->conn = c;
  pv->started_usec = log_now_usec();
  pv->path = strdup(url);
  pv->cookies = json_array();
  buf_set_cap(&pv->upload, web_config->max_body);
  r->path = pv->path;
  r->is_head = strcmp(method, "HEAD") == 0;
  r->method = r->is_head ? "GET" : method;
  char ip[INET6_ADDRSTRLEN];
  client_ip(c, ip, sizeof ip);
  r->ip = req_own(r, strdup(ip));
  r->status = 200;
  r->headers = json_object();
  r->errors = json_object();
  /* Known before the body is read, so that 413 and bad-body errors answer JSON clients in
   * JSON too (they are sent before dispatch). */
  r->want_json = form_accepts_json(req_header(r, MHD_HTTP_HEADER_ACCEPT));
  return r;
}

static void req_free(Req *r) {
  ReqPriv *pv = r->priv;
  form_free(&r->params);
  form_free(&pv->raw);
  if (pv->multipart) {
    form_multipart_free(pv->multipart);
  }
  buf_free(&pv->upload);
  buf_free(&r->body);
  json_decref(pv->cookies);
  json_decref(pv->flash);
  json_decref(r->headers);
  json_decref(r->errors);
  for (size_t i = 0; i < pv->n_own; i++) {
    free(pv->own[i]);
  }
  free(pv->own);
  free(pv->session_hash);
  free(pv->csrf);
  free(pv->path);
  free(r->user.login);
  free(r->user.name);
  free(r->user.org_name);
  free(r->user.org_path);
  scope_free(&r->scope);
  free(pv);
  free(r);
}

/* ---- body handling ---- */

/* A declared body past the cap but below this is read and discarded before the 413, so that
 * the client, still sending, is not cut off with a reset before it can read the answer;
 * anything larger is refused at once and the connection closed. */
#define DRAIN_LIMIT ((unsigned long long)64 << 20)

/* Returns true when the request must be answered (413) before its body is read. */
static bool body_begin(Req *r) {
  ReqPriv *pv = r->priv;
  const char *len = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
  unsigned long long n = len ? strtoull(len, NULL, 10) : 0;
  if (n > web_config->max_body) {
    pv->too_big = true;
    return n > DRAIN_LIMIT && n > 2ULL * web_config->max_body;
  }
  const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
  if (ct && form_media_type_is(ct, "multipart/form-data")) {
    FormLimits lim = form_default_limits;
    lim.max_total_bytes = web_config->max_body;
    if (lim.max_file_bytes > lim.max_total_bytes) {
      lim.max_file_bytes = lim.max_total_bytes;
    }
    pv->multipart = form_multipart_new(ct, &lim, &pv->body_why);
    if (!pv->multipart) {
      pv->bad_body = true;
    }
  }
  return false;
}

static void body_feed(Req *r, const char *data, size_t n) {
  ReqPriv *pv = r->priv;
  if (pv->too_big || pv->bad_body) {
    return; /* drain */
  }
  if (pv->multipart) {
    int rc = form_multipart_feed(pv->multipart, data, n);
    if (rc == FORM_ETOOBIG) {
      pv->too_big = true;
    } else if (rc < 0) {
      pv->bad_body = true;
      pv->body_why = "上传内容格式错误";
    }
    return;
  }
  if (buf_append(&pv->upload, data, n) < 0) {
    pv->too_big = true;
  }
}

static enum MHD_Result add_query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value) {
  (void)kind;
  Req *r = cls;
  form_add(&req_priv(r)->raw, key, value ? value : "", value ? strlen(value) : 0);
  return MHD_YES;
}

/* Collects query and body fields into pv->raw; false (and a response) on a bad body. */
static bool body_finish(Req *r) {
  ReqPriv *pv = r->priv;
  MHD_get_connection_values(pv->conn, MHD_GET_ARGUMENT_KIND, add_query_arg, r);
  if (pv->too_big) {
    char msg[128];
    snprintf(msg, sizeof msg, "提交的内容超过上限（%zu MB）", web_config->max_body >> 20);
    web_error(r, 413, msg);
    return false;
  }
  if (pv->bad_body) {
    web_error(r, 400, pv->body_why ? pv->body_why : "请求内容格式错误");
    return false;
  }
  const char *why = NULL;
  if (pv->multipart) {
    Form parts = {0};
    if (form_multipart_finish(pv->multipart, &parts, &why) < 0) {
      web_error(r, 400, why ? why : "上传内容不完整");
      form_free(&parts);
      return false;
    }
    for (size_t i = 0; i < parts.n; i++) {
      form_take_field(&pv->raw, &parts.a[i]);
    }
    form_free(&parts);
    return true;
  }
  const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
  if (pv->upload.len && ct && form_media_type_is(ct, "application/x-www-form-urlencoded")) {
    if (form_parse_urlencoded(&pv->raw, pv->upload.data, pv->upload.len, &form_default_limits,
                              &why) < 0) {
      web_error(r, 400, why ? why : "表单编码错误");
      return false;
    }
  }
  return true;
}

/* ---- dispatch ---- */

static void dispatch(Req *r) {
  ReqPriv *pv = r->priv;
  Form path_params = {0};
  Buf allow = BUF_INIT;
  r->want_json = form_accepts_json(req_header(r, MHD_HTTP_HEADER_ACCEPT));
  const Route *route = web_route_match(web_config->routes, r->method, r->path, &path_params, &allow);
  if (!route) {
    if (allow.len) {
      web_header(r, "Allow", buf_cstr(&allow));
      web_error(r, 405, "不支持该请求方法");
    } else {
      web_error(r, 404, "页面不存在");
    }
    goto out;
  }
  r->route = route;
  if (!r->db && route->perm != PERM_PUBLIC) {
    web_error(r, 500, "数据库暂时无法使用");
    goto out;
  }
  if (r->db && !(route->flags & ROUTE_NO_SESSION)) {
    web_session_load(r);
  }
  if (route->perm != PERM_PUBLIC && !r->signed_in) {
    if (r->want_json) {
      web_error(r, 401, "请先登录");
    } else if (strcmp(r->method, "GET") != 0) {
      web_redirect(r, "/login");
    } else {
      Buf to = BUF_INIT;
      buf_puts(&to, "/login?next=");
      buf_urlencode(&to, r->path, strlen(r->path));
      web_redirect(r, buf_cstr(&to));
      buf_free(&to);
    }
    goto out;
  }
  if (!authz_can(r->user.role, route->perm) && route->perm != PERM_PUBLIC) {
    web_error(r, 403, "没有权限访问此页面");
    goto out;
  }
  if (r->signed_in && r->user.must_change && route->perm != PERM_PUBLIC &&
      !(route->flags & ROUTE_ALLOW_MUST_CHANGE)) {
    web_flash(r, "warn", "首次登录请先修改初始密码");
    web_redirect(r, "/password");
    goto out;
  }
  if (strcmp(r->method, "POST") == 0 && !web_csrf_ok(r)) {
    web_error(r, 403, "安全校验失败（CSRF），请刷新页面后重试");
    goto out;
  }
  web_params_validate(r, &path_params);
  if (strcmp(r->method, "GET") == 0 && req_has_errors(r)) {
    Buf msg = BUF_INIT;
    buf_puts(&msg, "请求参数有误：");
    const char *key;
    json_t *val;
    json_object_foreach(r->errors, key, val) { buf_printf(&msg, "%s ", json_string_value(val)); }
    web_error(r, 400, buf_cstr(&msg));
    buf_free(&msg);
    goto out;
  }
  if (route->handler(r) < 0 || !pv->responded) {
    log_error("处理失败：%s %s", r->method, r->path);
    buf_reset(&r->body);
    pv->responded = false;
    web_error(r, 500, "服务器内部错误，请稍后再试");
  }
out:
  form_free(&path_params);
  buf_free(&allow);
}

static const char *const security_headers[][2] = {
    {"Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
                                "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                                "form-action 'self'; frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "same-origin"},
    {"X-Frame-Options", "DENY"},
};

static enum MHD_Result queue(Req *r) {
  ReqPriv *pv = r->priv;
  size_t n = r->body.len;
  char *data = buf_take(&r->body);
  struct MHD_Response *resp = MHD_create_response_from_buffer(n, data, MHD_RESPMEM_MUST_FREE);
  if (!resp) {
    free(data);
    return MHD_NO;
  }
  for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++) {
    MHD_add_response_header(resp, security_headers[i][0], security_headers[i][1]);
  }
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                          r->content_type ? r->content_type : "text/html; charset=utf-8");
  if (!json_object_get(r->headers, "Cache-Control")) {
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  }
  const char *key;
  json_t *val;
  json_object_foreach(r->headers, key, val) {
    MHD_add_response_header(resp, key, json_string_value(val));
  }
  size_t i;
  json_array_foreach(pv->cookies, i, val) {
    MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, json_string_value(val));
  }
  enum MHD_Result rc = MHD_queue_response(pv->conn, (unsigned)r->status, resp);
  MHD_destroy_response(resp);
  log_request(r->is_head ? "HEAD" : r->method, r->path, r->status, n,
              log_now_usec() - pv->started_usec, r->signed_in ? r->user.login : NULL);
  return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls) {
  (void)cls;
  (void)version;
  Req *r = *con_cls;
  if (!r) {
    r = req_new(c, url, method);
    *con_cls = r;
    if (body_begin(r)) {
      body_finish(r);
      return queue(r); /* answer 413 before reading the body; MHD closes the connection */
    }
    return MHD_YES;
  }
  if (*upload_data_size) {
    body_feed(r, upload_data, *upload_data_size);
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (req_priv(r)->responded) {
    return MHD_YES;
  }
  r->db = worker_db();
  if (body_finish(r)) {
    dispatch(r);
  }
  return queue(r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
  (void)cls;
  (void)c;
  (void)toe;
  if (*con_cls) {
    req_free(*con_cls);
    *con_cls = NULL;
  }
}

__attribute__((format(printf, 2, 0))) static void on_mhd_error(void *cls, const char *fmt,
                                                                 va_list ap) {
  (void)cls;
  Buf b = BUF_INIT;
  buf_vprintf(&b, fmt, ap);
  while (b.len && b.data[b.len - 1] == '\n') {
    buf_truncate(&b, b.len - 1);
  }
  log_error("libmicrohttpd: %s", buf_cstr(&b));
  buf_free(&b);
}

/* ---- lifecycle ---- */

void web_config_defaults(WebConfig *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->db_path = "dangjian.db";
  cfg->listen = "127.0.0.1:8080";
  cfg->session_idle = 30 * 60;
  cfg->session_max = 12 * 60 * 60;
  cfg->lock_after = 5;
  cfg->lock_seconds = 15 * 60;
  cfg->max_body = (size_t)25 << 20;
}

/* Parses "HOST:PORT", "[V6]:PORT" or ":PORT" into *ss; false on bad input. */
static bool parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len) {
  memset(ss, 0, sizeof *ss);
  const char *colon = strrchr(listen, ':');
  if (!colon || !colon[1]) {
    return false;
  }
  char *end;
  long port = strtol(colon + 1, &end, 10);
  if (*end || port < 0 || port > 65535) {
    return false;
  }
  char host[64];
  size_t hl = (size_t)(colon - listen);
  if (hl >= sizeof host) {
    return false;
  }
  memcpy(host, listen, hl);
  host[hl] = '\0';
  if (host[0] == '[' && hl >= 2 && host[hl - 1] == ']') {
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
    host[hl - 1] = '\0';
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons((uint16_t)port);
    *len = sizeof *s6;
    return inet_pton(AF_INET6, host + 1, &s6->sin6_addr) == 1;
  }
  struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
  s4->sin_family = AF_INET;
  s4->sin_port = htons((uint16_t)port);
  *len = sizeof *s4;
  if (!host[0]) {
    s4->sin_addr.s_addr = htonl(INADDR_ANY);
    return true;
  }
  return inet_pton(AF_INET, host, &s4->sin_addr) == 1;
}

int web_serve(const WebConfig *cfg) {
  web_config = cfg;
  log_set_requests(!cfg->quiet);
  struct sockaddr_storage ss;
  socklen_t sslen;
  if (!parse_listen(cfg->listen, &ss, &sslen)) {
    fprintf(stderr, "监听地址无效：%s（应为 地址:端口，如 127.0.0.1:8080）\n", cfg->listen);
    return 1;
  }
  /* Open once here so that a bad database is reported before serving. */
  Db *probe = NULL;
  char *err = NULL;
  if (db_open(&probe, cfg->db_path, &err) != DB_OK) {
    fprintf(stderr, "无法打开数据库 %s：%s\n", cfg->db_path, err ? err : "");
    free(err);
    return 1;
  }
  db_close(probe);
  web_templates = tmpl_set_new(template_source, NULL);

  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, NULL);
  signal(SIGPIPE, SIG_IGN);

  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads : (unsigned)(cores > 0 ? cores : 2);
  struct MHD_Daemon *d = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_USE_ERROR_LOG |
          (ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
      0, NULL, NULL, on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, NULL,
      MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&ss,
      MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_LISTENING_ADDRESS_REUSE,
      (unsigned)1, MHD_OPTION_END);
  if (!d) {
    fprintf(stderr, "无法在 %s 上监听：%s\n", cfg->listen, strerror(errno));
    tmpl_set_free(web_templates);
    return 1;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  char host[INET6_ADDRSTRLEN] = "127.0.0.1";
  if (ss.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
  } else if (((struct sockaddr_in *)&ss)->sin_addr.s_addr != htonl(INADDR_ANY)) {
    inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
  }
  printf(ss.ss_family == AF_INET6 ? "dangjian 已启动：http://[%s]:%u/\n"
                                   : "dangjian 已启动：http://%s:%u/\n",
         host, info ? (unsigned)info->port : 0);
  fflush(stdout);

  int sig = 0;
  sigwait(&sigs, &sig);
  log_info("收到信号 %d，正在停止服务", sig);
  MHD_stop_daemon(d);
  close_dbs();
  tmpl_set_free(web_templates);
  web_templates = NULL;
  return 0;
}
