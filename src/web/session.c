/*
 * session.c: cookie sessions and CSRF tokens.
 * The session cookie holds 256 random bits (base64url); the database keeps only their
 * BLAKE2b hash, so a copy of the database cannot be replayed as a login. Each session has
 * its own CSRF token; anonymous pages (the login form) use a token in a separate cookie
 * (double submit). Idle and absolute timeouts come from the configuration.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "web/server_priv.h"
#include "web/session_store.h"
#include "base/banned.h"

#define SESSION_COOKIE "dj_session"
#define CSRF_COOKIE "dj_csrf"
#define TOUCH_EVERY 60 /* seconds between last_seen updates: a write per hit costs */

void web_cookie(Req *r, const char *name, const char *value, int max_age, bool http_only) {
  Buf c = BUF_INIT;
  buf_printf(&c, "%s=%s; Path=/; SameSite=Lax%s%s", name, value, http_only ? "; HttpOnly" : "",
             web_config->secure_cookie ? "; Secure" : "");
  if (max_age >= 0) {
    buf_printf(&c, "; Max-Age=%d", max_age);
  }
  json_array_append_new(req_priv(r)->cookies, json_string(buf_cstr(&c)));
  buf_free(&c);
}

char *web_random_token(void) {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  size_t n = sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  char *out = malloc(n);
  if (!out) {
    abort();
  }
  sodium_bin2base64(out, n, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

char *web_token_hash(const char *token) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
  char *hex = malloc(sizeof h * 2 + 1);
  if (!hex) {
    abort();
  }
  sodium_bin2hex(hex, sizeof h * 2 + 1, h, sizeof h);
  return hex;
}

static char *cookie(Req *r, const char *name) {
  const char *header = req_header(r, "Cookie");
  return header ? form_cookie(header, name) : NULL;
}

static void load_flash(Req *r) {
  char *v = cookie(r, "dj_flash");
  if (!v || !*v) {
    free(v);
    return;
  }
  char *colon = strchr(v, ':');
  if (colon) {
    *colon = '\0';
    Buf q = BUF_INIT;
    buf_printf(&q, "kind=%s&message=%s", v, colon + 1);
    Form f = {0};
    const char *why;
    if (form_parse_urlencoded(&f, q.data, q.len, &form_default_limits, &why) == 0 &&
        form_get(&f, "message")) {
      const char *kind = form_get(&f, "kind");
      req_priv(r)->flash =
          json_pack("[{s:s, s:s}]", "kind", kind ? kind : "ok", "message", form_get(&f, "message"));
    }
    form_free(&f);
    buf_free(&q);
  }
  free(v);
}

void web_session_load(Req *r) {
  ReqPriv *pv = req_priv(r);
  load_flash(r);
  char *token = cookie(r, SESSION_COOKIE);
  if (token && *token) {
    char *hash = web_token_hash(token);
    SessionRow row;
    if (session_store_lookup(r->db, hash, &row) == DB_OK) {
      int64_t now = time(NULL);
      bool expired = now - row.last_seen > web_config->session_idle ||
                     now - row.created_at > web_config->session_max || row.disabled ||
                     row.locked_until > now;
      if (expired) {
        session_store_delete(r->db, hash);
        web_cookie(r, SESSION_COOKIE, "", 0, true);
      } else {
        r->signed_in = true;
        r->user.id = row.account_id;
        r->user.login = row.login;
        r->user.name = row.name;
        r->user.role = authz_role_parse(row.role);
        r->user.org_id = row.org_id;
        r->user.org_name = row.org_name;
        r->user.org_path = row.org_path;
        r->user.must_change = row.must_change != 0;
        row.login = row.name = row.org_name = row.org_path = NULL;
        pv->csrf = row.csrf;
        row.csrf = NULL;
        pv->session_hash = hash;
        hash = NULL;
        char today[DATE_ISO_SIZE];
        date_format_iso(date_today(), today);
        session_store_scope(r->db, r->user.id, row.role, r->user.org_path, today, &r->scope);
        /* Touch often enough for the idle limit to count from the last request, even
         * when it is short (--session-idle 3): at least every quarter of it. */
        int64_t touch_every = web_config->session_idle / 4;
        if (touch_every > TOUCH_EVERY) {
          touch_every = TOUCH_EVERY;
        }
        if (now - row.last_seen >= touch_every) {
          session_store_touch(r->db, pv->session_hash, now);
        }
      }
      session_row_free(&row);
    }
    free(hash);
  }
  free(token);
  if (!r->signed_in) {
    pv->csrf = cookie(r, CSRF_COOKIE);
    if (!pv->csrf || strlen(pv->csrf) < 32) {
      free(pv->csrf);
      pv->csrf = web_random_token();
      web_cookie(r, CSRF_COOKIE, pv->csrf, -1, true);
    }
  }
}

const char *req_csrf(Req *r) {
  const char *c = req_priv(r)->csrf;
  return c ? c : "";
}

bool web_csrf_ok(Req *r) {
  ReqPriv *pv = req_priv(r);
  const char *sent = form_get(&pv->raw, "csrf");
  if (!sent) {
    sent = req_header(r, "X-CSRF-Token");
  }
  if (!sent || !pv->csrf) {
    return false;
  }
  size_t n = strlen(pv->csrf);
  return n >= 32 && strlen(sent) == n && sodium_memcmp(sent, pv->csrf, n) == 0;
}

int web_session_start(Req *r, int64_t account_id) {
  ReqPriv *pv = req_priv(r);
  int64_t now = time(NULL);
  session_store_purge(r->db, now, web_config->session_idle, web_config->session_max);
  if (pv->session_hash) {
    session_store_delete(r->db, pv->session_hash);
  }
  char *token = web_random_token();
  char *hash = web_token_hash(token);
  char *csrf = web_random_token();
  int rc = session_store_create(r->db, hash, account_id, csrf, now, r->ip);
  if (rc == DB_OK) {
    web_cookie(r, SESSION_COOKIE, token, -1, true);
    free(pv->session_hash);
    pv->session_hash = hash;
    free(pv->csrf);
    pv->csrf = csrf;
  } else {
    free(hash);
    free(csrf);
  }
  sodium_memzero(token, strlen(token));
  free(token);
  return rc == DB_OK ? 0 : -1;
}

void web_session_end(Req *r) {
  ReqPriv *pv = req_priv(r);
  if (pv->session_hash) {
    session_store_delete(r->db, pv->session_hash);
  }
  web_cookie(r, SESSION_COOKIE, "", 0, true);
  r->signed_in = false;
  scope_free(&r->scope);
}

void web_session_end_others(Req *r) {
  ReqPriv *pv = req_priv(r);
  if (r->signed_in && pv->session_hash) {
    session_store_delete_others(r->db, r->user.id, pv->session_hash);
  }
}
