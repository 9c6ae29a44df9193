/*
 * attachment_pages.c: photos and scans of a meeting record — upload, download, removal.
 */
#include "meeting/attachment_pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/utf8.h"
#include "meeting/attachment.h"
#include "meeting/meeting.h"
#include "meeting/meeting_pages.h"
#include "web/view.h"
#include "base/banned.h"

const RouteParam attachment_upload_params[] = {
    {.name = "id", .kind = P_ID, .required = true, .label = "会议记录"},
    {.name = "file", .kind = P_FILE, .required = true, .label = "附件"},
    {0},
};

const RouteParam attachment_id_params[] = {
    {.name = "id", .kind = P_ID, .required = true, .label = "会议记录"},
    {.name = "aid", .kind = P_ID, .required = true, .label = "附件"},
    {0},
};

/* "/meetings/<id>/attachments/<aid><tail>" */
static json_t *file_href(int64_t id, int64_t aid, const char *tail) {
  char s[96];
  snprintf(s, sizeof s, "/meetings/%lld/attachments/%lld%s", (long long)id, (long long)aid, tail);
  return json_string(s);
}

json_t *attachment_section(Req *r, const json_t *m, const MeetingRuleSet *rs, bool can_change) {
  int64_t id = view_int(m, "id");
  json_t *items = attachment_list(r->db, &r->scope, id);
  if (!items) {
    return NULL;
  }
  size_t i;
  json_t *a;
  json_array_foreach(items, i, a) {
    char size[24];
    attachment_size_text((size_t)view_int(a, "size"), size);
    int64_t aid = view_int(a, "id");
    json_object_set_new(a, "size_text", json_string(size));
    json_object_set_new(a, "href", file_href(id, aid, ""));
    json_object_set_new(a, "delete_href", file_href(id, aid, "/delete"));
    char at[MEETING_LOCAL_TIME_SIZE];
    json_object_set_new(a, "uploaded_at",
                        json_string(meeting_local_time(rs, view_int(a, "uploaded_at"), at)));
  }
  return json_pack("{s:o, s:b, s:b, s:o}", "items", items, "any", json_array_size(items) > 0,
                   "can_change", can_change, "upload_href",
                   view_href("/meetings/", id, "/attachments"));
}

/* Back to the record with a message (a refusal is a 400 for a JSON client). */
static int back(Req *r, int64_t id, const char *kind, const char *message) {
  if (r->want_json && strcmp(kind, "error") == 0) {
    return web_error(r, 400, message);
  }
  web_flash(r, kind, message);
  char to[48];
  snprintf(to, sizeof to, "/meetings/%lld", (long long)id);
  return web_redirect(r, to);
}

/* The file name as stored: the uploaded one, cut to ATTACHMENT_NAME_MAX characters (keeping
 * the extension), or "附件" when the browser sent none. malloc'd. */
static char *stored_name(const char *name) {
  if (!name || !*name || !utf8_valid(name, strlen(name))) {
    return strdup("附件");
  }
  size_t n = strlen(name);
  size_t keep = utf8_prefix(name, n, ATTACHMENT_NAME_MAX * 3);
  if (keep == n) {
    return strdup(name);
  }
  const char *dot = strrchr(name, '.');
  size_t ext = dot && strlen(dot) <= 8 ? strlen(dot) : 0;
  keep = utf8_prefix(name, n - ext, ATTACHMENT_NAME_MAX * 3 - ext);
  char *s = malloc(keep + ext + 1);
  if (s) {
    memcpy(s, name, keep);
    memcpy(s + keep, name + n - ext, ext);
    s[keep + ext] = '\0';
  }
  return s;
}

/* The audit row of an upload (after) or a removal (before): the file's record, name, size. */
static int write_audit(Req *r, const char *action, int64_t aid, int64_t meeting_id,
                       const char *name, json_int_t size) {
  char sid[24];
  snprintf(sid, sizeof sid, "%lld", (long long)aid);
  json_t *file = json_pack("{s:I, s:s, s:I}", "meeting_id", (json_int_t)meeting_id, "name", name,
                           "size", size);
  bool removed = strcmp(action, "delete") == 0;
  return web_audit(r, action, "meeting_attachment", sid, removed ? file : NULL,
                   removed ? NULL : file);
}

int attachment_upload_page(Req *r) {
  int rc = -1;
  json_t *m = meeting_page_for(r, MEETING_ACTION_SAVE, &rc);
  if (!m) {
    return rc;
  }
  int64_t id = view_int(m, "id");
  json_decref(m);
  const FormField *file = req_file(r, "file");
  if (req_has_errors(r) || !file || !file->filename || !*file->filename) {
    return back(r, id, "error", "「附件」请选择要上传的文件");
  }
  const char *why = NULL;
  const char *type =
      attachment_type(file->filename, (const unsigned char *)file->value, file->value_len, &why);
  int count = 0;
  size_t total = 0;
  if (type && attachment_usage(r->db, id, &count, &total) != DB_OK) {
    return -1;
  }
  if (type) {
    why = attachment_room(count, total, file->value_len);
  }
  if (!type || why) {
    char msg[256];
    snprintf(msg, sizeof msg, "「附件」%s", why);
    return back(r, id, "error", msg);
  }
  char *name = stored_name(file->filename);
  if (!name) {
    return -1;
  }
  int64_t aid = 0;
  rc = db_begin(r->db);
  if (rc == DB_OK) {
    rc = attachment_add(r->db, id, name, type, file->value, file->value_len, r->user.id,
                        (int64_t)time(NULL), &aid);
    rc = rc == DB_OK ? write_audit(r, "create", aid, id, name, (json_int_t)file->value_len) : rc;
    if (rc == DB_OK) {
      rc = db_commit(r->db);
    } else {
      db_rollback(r->db);
    }
  }
  char msg[200];
  snprintf(msg, sizeof msg, "已上传附件：%.150s", name);
  free(name);
  return rc == DB_OK ? back(r, id, "ok", msg) : -1;
}

int attachment_download_page(Req *r) {
  char *name = NULL, *type = NULL;
  void *data = NULL;
  size_t n = 0;
  int rc = attachment_read(r->db, &r->scope, req_param_int(r, "id", 0), req_param_int(r, "aid", 0),
                           &name, &type, &data, &n);
  if (rc == DB_NOTFOUND) {
    return web_error(r, 404, "附件不存在，或不在您的管辖范围内");
  }
  if (rc != DB_OK) {
    return -1;
  }
  /* the content type is sent after the handler returns: the request keeps it */
  rc = web_file(r, name, req_own(r, type), data, n);
  free(name);
  free(data);
  return rc;
}

int attachment_delete_page(Req *r) {
  int rc = -1;
  json_t *m = meeting_page_for(r, MEETING_ACTION_SAVE, &rc);
  if (!m) {
    return rc;
  }
  int64_t id = view_int(m, "id"), aid = req_param_int(r, "aid", 0);
  json_decref(m);
  json_t *items = attachment_list(r->db, &r->scope, id), *gone = NULL;
  size_t i;
  json_t *a;
  json_array_foreach(items, i, a) {
    if (view_int(a, "id") == aid) {
      gone = a;
    }
  }
  rc = !items ? DB_ERR : !gone ? DB_NOTFOUND : db_begin(r->db);
  if (gone && rc == DB_OK) {
    /* audited first: the row's org is found through the file while it still exists */
    rc = write_audit(r, "delete", aid, id, view_str_or(gone, "name", ""),
                     (json_int_t)view_int(gone, "size"));
    rc = rc == DB_OK ? attachment_remove(r->db, id, aid) : rc;
    if (rc == DB_OK) {
      rc = db_commit(r->db);
    } else {
      db_rollback(r->db);
    }
  }
  json_decref(items);
  if (rc == DB_NOTFOUND) {
    return web_error(r, 404, "附件不存在，或不在您的管辖范围内");
  }
  return rc == DB_OK ? back(r, id, "ok", "已删除附件") : -1;
}
