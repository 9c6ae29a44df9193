/*
 * Roster export (member_import.h): the members of a subtree as the 党员基本信息汇总表, .xlsx
 * through libxlsxwriter or CSV, in exactly the columns the importer reads, so that a file
 * exported with full numbers imports back unchanged; member_column_text, a column's text in
 * a stored member, is also what the import compares a file's rows with. No SQL here:
 * member_list, member_get and org_search read the data through the caller's scope.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/buf.h"
#include "member/member.h"
#include "member/member_import.h"
#include "org/org.h"
#include "base/banned.h"

enum {
  PAGE = 1000, /* member_list's largest page */
  TITLE_ROW = 0,
  INFO_ROW = 1,
  HEADER_ROW = 3, /* row 4 as Excel shows it; data from row 5, as in the common template */
};

/* Column widths in Excel's character units, by ImportField. */
static const double column_widths[IMP_FIELD_COUNT] = {
    [IMP_SEQ] = 6,        [IMP_NAME] = 10,      [IMP_ORG] = 30,          [IMP_ID] = 21,
    [IMP_GENDER] = 6,     [IMP_ETHNICITY] = 8,  [IMP_BIRTH] = 12,        [IMP_EDUCATION] = 11,
    [IMP_CATEGORY] = 10,  [IMP_JOINED] = 15,    [IMP_FULL] = 17,         [IMP_POST] = 16,
    [IMP_PHONE] = 14,     [IMP_LANDLINE] = 15,  [IMP_ADDRESS] = 28,      [IMP_STANDING] = 10,
    [IMP_LOST] = 15,      [IMP_LOST_DATE] = 13, [IMP_FLOWING] = 15,      [IMP_FLOW_DEST] = 16,
    [IMP_STATUS] = 10,    [IMP_PROBATION_END] = 13, [IMP_ID_REASON] = 18,
};

static bool is_date_field(int f) {
  return f == IMP_BIRTH || f == IMP_JOINED || f == IMP_FULL || f == IMP_LOST_DATE ||
         f == IMP_PROBATION_END;
}

static const char *jstr(const json_t *o, const char *key) {
  const char *s = json_string_value(json_object_get(o, key));
  return s && *s ? s : NULL;
}

static bool jflag(const json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  return json_is_true(v) || (json_is_integer(v) && json_integer_value(v) != 0);
}

static char *dup_msg(const char *s) {
  char *d = strdup(s);
  if (!d) {
    abort();
  }
  return d;
}

/* ---- collecting the rows ---- */

typedef struct ExportData {
  json_t *orgs;    /* org_search of the subtree, in path order */
  json_t *members; /* every member, ordered by org (path) then name */
  const char *org_name;
} ExportData;

typedef struct Sortable {
  json_t *row;
  size_t org_rank, index;
} Sortable;

static int sortable_cmp(const void *a, const void *b) {
  const Sortable *x = a, *y = b;
  if (x->org_rank != y->org_rank) {
    return x->org_rank < y->org_rank ? -1 : 1;
  }
  return (x->index > y->index) - (x->index < y->index);
}

static size_t org_rank(const json_t *orgs, int64_t id) {
  size_t i;
  json_t *o;
  json_array_foreach(orgs, i, o) {
    if (json_integer_value(json_object_get(o, "id")) == id) {
      return i;
    }
  }
  return SIZE_MAX;
}

static const json_t *org_of(const json_t *orgs, int64_t id) {
  size_t i = org_rank(orgs, id);
  return i == SIZE_MAX ? NULL : json_array_get(orgs, i);
}

static int collect(Db *db, const Scope *scope, int64_t org_id, Date today, ExportData *d,
                   char **err) {
  json_t *org = org_get(db, scope, org_id);
  if (!org) {
    *err = dup_msg("要导出的党组织不存在或不在您的管辖范围内");
    return DB_NOTFOUND;
  }
  Scope sub = SCOPE_INIT;
  scope_add(&sub, json_string_value(json_object_get(org, "path")));
  json_decref(org);
  d->orgs = org_search(db, &sub, "", 1000000);
  scope_free(&sub);
  json_t *all = json_array();
  for (int offset = 0;; offset += PAGE) {
    MemberFilter f = {.org_id = org_id, .sort = "name", .limit = PAGE, .offset = offset};
    int total = 0;
    json_t *page = member_list(db, scope, &f, today, &total);
    if (!page) {
      json_decref(all);
      *err = dup_msg("读取党员名册失败");
      return DB_ERR;
    }
    size_t n = json_array_size(page);
    json_array_extend(all, page);
    json_decref(page);
    if (n < PAGE) {
      break;
    }
  }
  size_t n = json_array_size(all);
  Sortable *s = malloc((n ? n : 1) * sizeof *s);
  if (!s) {
    abort();
  }
  for (size_t i = 0; i < n; i++) {
    json_t *row = json_array_get(all, i);
    s[i] = (Sortable){row, org_rank(d->orgs, json_integer_value(json_object_get(row, "org_id"))),
                      i};
  }
  qsort(s, n, sizeof *s, sortable_cmp);
  d->members = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *row = s[i].row;
    if (jflag(row, "id_override")) {
      /* the reason is not part of the list: read it from the member itself */
      json_t *full = member_get(db, scope, json_integer_value(json_object_get(row, "id")));
      const char *reason = full ? jstr(full, "id_override_reason") : NULL;
      json_object_set_new(row, "id_override_reason", json_string(reason ? reason : ""));
      json_decref(full);
    }
    json_array_append(d->members, row);
  }
  free(s);
  json_decref(all);
  return DB_OK;
}

const char *member_column_text(const json_t *row, int f) {
  switch (f) {
  case IMP_NAME:
    return jstr(row, "name");
  case IMP_GENDER:
    return jstr(row, "gender");
  case IMP_ETHNICITY:
    return jstr(row, "ethnicity");
  case IMP_BIRTH:
    return jstr(row, "birth_date");
  case IMP_EDUCATION:
    return jstr(row, "education");
  case IMP_CATEGORY:
    return jstr(row, "category");
  case IMP_JOINED:
    return jstr(row, "joined_date");
  case IMP_FULL:
    return jstr(row, "full_date");
  case IMP_POST:
    return jstr(row, "work_post");
  case IMP_PHONE:
    return jstr(row, "phone");
  case IMP_LANDLINE:
    return jstr(row, "landline");
  case IMP_ADDRESS:
    return jstr(row, "address");
  case IMP_STANDING:
    return jstr(row, "standing") ? jstr(row, "standing") : "正常";
  case IMP_LOST:
    return jflag(row, "lost_contact") ? "是" : "否";
  case IMP_LOST_DATE:
    return jstr(row, "lost_date");
  case IMP_FLOWING:
    return jflag(row, "flowing") ? "是" : "否";
  case IMP_FLOW_DEST:
    return jstr(row, "flow_destination");
  case IMP_STATUS:
    return jstr(row, "status");
  case IMP_PROBATION_END:
    return jstr(row, "probation_end");
  case IMP_ID_REASON:
    return jflag(row, "id_override") ? jstr(row, "id_override_reason") : NULL;
  default:
    return NULL;
  }
}

/* The text of column f for a member (borrowed from row or static, or written into tmp);
 * NULL when empty. Without sensitive the ID number and the phones are masked. */
static const char *cell_text(const ExportData *d, const json_t *row, int f, size_t seq,
                             bool sensitive, char *tmp, size_t tmp_n) {
  const char *s = NULL;
  switch (f) {
  case IMP_SEQ:
    snprintf(tmp, tmp_n, "%zu", seq);
    return tmp;
  case IMP_ORG: {
    const json_t *o = org_of(d->orgs, json_integer_value(json_object_get(row, "org_id")));
    return o ? jstr(o, "name") : jstr(row, "org_name");
  }
  case IMP_ID:
    s = jstr(row, "id_number");
    if (s && !sensitive) {
      char m[IDCARD_SIZE];
      idcard_mask(s, m);
      snprintf(tmp, tmp_n, "%s", m);
      return tmp;
    }
    return s;
  case IMP_PHONE:
  case IMP_LANDLINE:
    s = member_column_text(row, f);
    if (s && !sensitive) {
      char m[PHONE_SIZE];
      idcard_mask_phone(s, m);
      snprintf(tmp, tmp_n, "%s", m);
      return tmp;
    }
    return s;
  default:
    return member_column_text(row, f);
  }
}

/* ---- xlsx ---- */

static int write_xlsx(const ExportData *d, bool sensitive, Date today, const char *path,
                      char **err) {
  lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
  lxw_workbook *wb = workbook_new_opt(path, &wo);
  if (!wb) {
    Buf b = BUF_INIT;
    buf_printf(&b, "无法创建文件 %s", path);
    *err = buf_take(&b);
    return DB_ERR;
  }
  lxw_worksheet *ws = workbook_add_worksheet(wb, "党员基本信息汇总表");
  lxw_format *title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 16);
  format_set_align(title, LXW_ALIGN_CENTER);
  format_set_align(title, LXW_ALIGN_VERTICAL_CENTER);
  lxw_format *head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_border(head, LXW_BORDER_THIN);
  format_set_align(head, LXW_ALIGN_CENTER);
  format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
  format_set_text_wrap(head);
  format_set_bg_color(head, 0xF2DCDB);
  lxw_format *text = workbook_add_format(wb);
  format_set_num_format(text, "@");
  format_set_border(text, LXW_BORDER_THIN);
  lxw_format *plain = workbook_add_format(wb);
  format_set_border(plain, LXW_BORDER_THIN);
  lxw_format *date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  format_set_border(date, LXW_BORDER_THIN);
  lxw_format *col_text = workbook_add_format(wb);
  format_set_num_format(col_text, "@");
  lxw_format *col_date = workbook_add_format(wb);
  format_set_num_format(col_date, "yyyy-mm-dd");

  const lxw_col_t last = IMP_FIELD_COUNT - 1;
  for (int f = 0; f < IMP_FIELD_COUNT; f++) {
    lxw_format *cf = (f == IMP_ID || f == IMP_PHONE || f == IMP_LANDLINE) ? col_text
                     : is_date_field(f)                                   ? col_date
                                                                          : NULL;
    worksheet_set_column(ws, (lxw_col_t)f, (lxw_col_t)f, column_widths[f], cf);
  }
  worksheet_set_row(ws, TITLE_ROW, 30, NULL);
  worksheet_merge_range(ws, TITLE_ROW, 0, TITLE_ROW, last, "党员基本信息汇总表", title);
  char today_s[DATE_ISO_SIZE];
  Buf info = BUF_INIT;
  buf_printf(&info, "党组织：%s    导出日期：%s    共 %zu 名党员%s", d->org_name,
             date_format_iso(today, today_s), json_array_size(d->members),
             sensitive ? "" : "    （身份证号、手机号已隐去部分数字，本表不能用于导入）");
  worksheet_merge_range(ws, INFO_ROW, 0, INFO_ROW, last, buf_cstr(&info), NULL);
  buf_free(&info);
  worksheet_set_row(ws, HEADER_ROW, 30, NULL);
  for (int f = 0; f < IMP_FIELD_COUNT; f++) {
    worksheet_write_string(ws, HEADER_ROW, (lxw_col_t)f, member_import_columns[f], head);
  }
  size_t i;
  json_t *row;
  char tmp[64];
  json_array_foreach(d->members, i, row) {
    lxw_row_t r = (lxw_row_t)(HEADER_ROW + 1 + i);
    for (int f = 0; f < IMP_FIELD_COUNT; f++) {
      lxw_col_t c = (lxw_col_t)f;
      if (f == IMP_SEQ) {
        worksheet_write_number(ws, r, c, (double)(i + 1), plain);
        continue;
      }
      const char *s = cell_text(d, row, f, i + 1, sensitive, tmp, sizeof tmp);
      Date dt;
      if (!s) {
        worksheet_write_blank(ws, r, c, plain);
      } else if (is_date_field(f) && date_parse(s, strlen(s), &dt, NULL) == 0) {
        lxw_datetime when = {dt.y, dt.m, dt.d, 0, 0, 0};
        worksheet_write_datetime(ws, r, c, &when, date);
      } else {
        worksheet_write_string(ws, r, c, s,
                               (f == IMP_ID || f == IMP_PHONE || f == IMP_LANDLINE) ? text
                                                                                    : plain);
      }
    }
  }
  worksheet_freeze_panes(ws, HEADER_ROW + 1, 2);
  worksheet_autofilter(ws, HEADER_ROW, 0, (lxw_row_t)(HEADER_ROW + json_array_size(d->members)),
                       last);
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9); /* A4 */
  worksheet_repeat_rows(ws, HEADER_ROW, HEADER_ROW);
  worksheet_fit_to_pages(ws, 1, 0);
  lxw_error e = workbook_close(wb);
  if (e != LXW_NO_ERROR) {
    Buf b = BUF_INIT;
    buf_printf(&b, "写入 %s 失败：%s", path, lxw_strerror(e));
    *err = buf_take(&b);
    return DB_ERR;
  }
  return DB_OK;
}

/* ---- CSV ---- */

static void csv_field(Buf *b, const char *s) {
  if (!s) {
    return;
  }
  bool quote = strpbrk(s, ",\"\r\n") != NULL || *s == ' ' || (*s && s[strlen(s) - 1] == ' ');
  if (!quote) {
    buf_puts(b, s);
    return;
  }
  buf_putc(b, '"');
  for (const char *p = s; *p; p++) {
    if (*p == '"') {
      buf_putc(b, '"');
    }
    buf_putc(b, *p);
  }
  buf_putc(b, '"');
}

static int write_csv(const ExportData *d, bool sensitive, const char *path, char **err) {
  Buf b = BUF_INIT;
  buf_set_cap(&b, (size_t)1 << 30);
  buf_puts(&b, "\xEF\xBB\xBF");
  for (int f = 0; f < IMP_FIELD_COUNT; f++) {
    buf_puts(&b, f ? "," : "");
    buf_puts(&b, member_import_columns[f]);
  }
  buf_puts(&b, "\r\n");
  size_t i;
  json_t *row;
  char tmp[64];
  json_array_foreach(d->members, i, row) {
    for (int f = 0; f < IMP_FIELD_COUNT; f++) {
      if (f) {
        buf_putc(&b, ',');
      }
      const char *s = cell_text(d, row, f, i + 1, sensitive, tmp, sizeof tmp);
      if (f == IMP_ID && s) {
        /* a leading tab keeps Excel from turning 18 digits into 1.10105E+17 */
        buf_putc(&b, '\t');
      }
      csv_field(&b, s);
    }
    buf_puts(&b, "\r\n");
  }
  FILE *fp = b.overflow ? NULL : fopen(path, "wb");
  bool ok = fp && fwrite(b.data, 1, b.len, fp) == b.len;
  if (fp && fclose(fp) != 0) {
    ok = false;
  }
  buf_free(&b);
  if (!ok) {
    Buf e = BUF_INIT;
    buf_printf(&e, "写入 %s 失败：%s", path, strerror(errno));
    *err = buf_take(&e);
    return DB_ERR;
  }
  return DB_OK;
}

int member_export_file(Db *db, const Scope *scope, int64_t org_id, ExportFormat format,
                       bool sensitive, Date today, const char *path, size_t *count, char **err) {
  *err = NULL;
  ExportData d = {0};
  int rc = collect(db, scope, org_id, today, &d, err);
  if (rc == DB_OK) {
    const json_t *o = org_of(d.orgs, org_id);
    d.org_name = o && jstr(o, "name") ? jstr(o, "name") : "";
    rc = format == EXPORT_CSV ? write_csv(&d, sensitive, path, err)
                              : write_xlsx(&d, sensitive, today, path, err);
    if (count) {
      *count = json_array_size(d.members);
    }
  }
  json_decref(d.orgs);
  json_decref(d.members);
  return rc;
}

int member_export_mem(Db *db, const Scope *scope, int64_t org_id, ExportFormat format,
                      bool sensitive, Date today, char **data, size_t *n, size_t *count,
                      char **err) {
  *data = NULL;
  *n = 0;
  *err = NULL;
  const char *dir = getenv("TMPDIR");
  Buf path = BUF_INIT;
  buf_printf(&path, "%s/dangjian-export-XXXXXX", dir && *dir ? dir : "/tmp");
  int fd = mkstemp(path.data);
  if (fd < 0) {
    buf_free(&path);
    *err = dup_msg("无法创建临时文件");
    return DB_ERR;
  }
  close(fd);
  int rc = member_export_file(db, scope, org_id, format, sensitive, today, path.data, count, err);
  if (rc == DB_OK) {
    FILE *fp = fopen(path.data, "rb");
    Buf content = BUF_INIT;
    buf_set_cap(&content, (size_t)1 << 30);
    char chunk[65536];
    size_t got;
    while (fp && (got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
      buf_append(&content, chunk, got);
    }
    if (!fp || ferror(fp) || content.overflow) {
      buf_free(&content);
      *err = dup_msg("读取导出文件失败");
      rc = DB_ERR;
    } else {
      *n = content.len;
      *data = buf_take(&content);
    }
    if (fp) {
      fclose(fp);
    }
  }
  unlink(path.data);
  buf_free(&path);
  return rc;
}
