/*
 * xlsx: the workbook reader; contract in io/xlsx.h.
 *
 * Every XML part is streamed: zip_fread fills expat's own buffer (XML_GetBuffer) chunk by
 * chunk, counting inflated bytes against the cap. Element names are matched by local name
 * (after any "x:" prefix), since some writers prefix the spreadsheetml namespace.
 * A handler that finds bad content records a message and stops the parser (xlsx_fail).
 *
 * Memory per sheet: the Table's arrays and text arena, one scratch Buf for the current cell's
 * text, and a cache mapping shared-string index -> the copy in the table's arena, so that a
 * string used in 10,000 cells is copied once.
 */
#include "io/xlsx.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/utf8.h"

#include "base/banned.h"

#define XLSX_CHUNK ((size_t)256 * 1024)
#define XLSX_MAX_RELS 100000
#define XLSX_MAX_NUMFMTS 100000
#define XLSX_MAX_XFS 1000000

typedef struct {
  char *name;
  char *rid;
  char *path;
  bool hidden;
} XlsxSheetInfo;

typedef struct {
  char *id;
  char *target;
  char *type;
} XlsxRel;

struct XlsxBook {
  zip_t *zip;
  size_t max_entry;
  size_t max_cells;
  uint32_t max_row;
  XlsxSheetInfo *sheets;
  size_t n_sheets;
  bool date1904;
  /* shared strings: text of string i is sst.data + sst_off[i], sst_len[i] bytes, NUL after */
  Buf sst;
  size_t *sst_off;
  uint32_t *sst_len;
  size_t n_sst, sst_alloc;
  /* styles: xf_date[i] is true when cell style i has a date/time number format */
  bool *xf_date;
  size_t n_xf;
};

/* ---- small helpers ----------------------------------------------------------------------- */

static void xlsx_error(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void xlsx_error(char **err, const char *fmt, ...) {
  if (!err) {
    return;
  }
  Buf b = BUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&b, fmt, ap);
  va_end(ap);
  free(*err);
  *err = buf_take(&b);
}

static char *xlsx_strdup(const char *s) {
  size_t n = strlen(s);
  char *p = malloc(n + 1);
  if (!p) {
    abort();
  }
  memcpy(p, s, n + 1);
  return p;
}

static void *xlsx_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) {
    abort();
  }
  return q;
}

static const char *xlsx_local(const char *name) {
  const char *c = strrchr(name, ':');
  return c ? c + 1 : name;
}

/* The value of the attribute with local name `name`, or NULL. */
static const char *xlsx_attr(const char **attrs, const char *name) {
  for (size_t i = 0; attrs[i]; i += 2) {
    if (strcmp(xlsx_local(attrs[i]), name) == 0) {
      return attrs[i + 1];
    }
  }
  return NULL;
}

/* Parses a decimal unsigned integer (the whole string, no sign, at most 10 digits). */
static int xlsx_uint(const char *s, uint64_t *out) {
  uint64_t v = 0;
  size_t i = 0;
  for (; s[i]; i++) {
    if (s[i] < '0' || s[i] > '9' || i >= 10) {
      return -1;
    }
    v = v * 10 + (uint64_t)(s[i] - '0');
  }
  if (i == 0) {
    return -1;
  }
  *out = v;
  return 0;
}

static bool xlsx_true(const char *s) {
  return s && (strcmp(s, "1") == 0 || strcmp(s, "true") == 0 || strcmp(s, "on") == 0);
}

static int xlsx_hex(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

/* Decodes Excel's _xHHHH_ escapes in s[0..n) in place (the result is never longer); _x0000_
 * is dropped. Returns the new length. */
static size_t xlsx_unescape(char *s, size_t n) {
  if (n < 7 || !memchr(s, '_', n)) {
    return n;
  }
  size_t w = 0;
  for (size_t i = 0; i < n;) {
    if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_') {
      int h0 = xlsx_hex(s[i + 2]), h1 = xlsx_hex(s[i + 3]);
      int h2 = xlsx_hex(s[i + 4]), h3 = xlsx_hex(s[i + 5]);
      if (h0 >= 0 && h1 >= 0 && h2 >= 0 && h3 >= 0) {
        int32_t cp = (h0 << 12) | (h1 << 8) | (h2 << 4) | h3;
        char enc[4];
        size_t k = cp ? utf8_encode(cp, enc) : 0;
        if (cp == 0 || k > 0) {
          memcpy(s + w, enc, k);
          w += k;
          i += 7;
          continue;
        }
      }
    }
    s[w++] = s[i++];
  }
  return w;
}

/* Joins a relationship target to the directory of the part that names it ("xl/") and removes
 * "." and ".." segments. Absolute targets ("/xl/...") start from the archive root. */
static char *xlsx_resolve(const char *base_dir, const char *target) {
  Buf joined = BUF_INIT;
  if (target[0] == '/') {
    buf_puts(&joined, target + 1);
  } else {
    buf_puts(&joined, base_dir);
    buf_puts(&joined, target);
  }
  Buf out = BUF_INIT;
  const char *p = buf_cstr(&joined);
  while (*p) {
    const char *slash = strchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : strlen(p);
    if (len == 0 || (len == 1 && p[0] == '.')) {
      /* skip */
    } else if (len == 2 && p[0] == '.' && p[1] == '.') {
      char *last = out.len ? strrchr(out.data, '/') : NULL;
      buf_truncate(&out, last ? (size_t)(last - out.data) : 0);
    } else {
      if (out.len) {
        buf_putc(&out, '/');
      }
      buf_append(&out, p, len);
    }
    p += len;
    if (*p == '/') {
      p++;
    }
  }
  buf_free(&joined);
  return buf_take(&out);
}

/* ---- streaming an entry through expat ---------------------------------------------------- */

/* The first member of every handler context. */
typedef struct {
  XML_Parser p;
  const char *part; /* archive path, for messages */
  char *fail;       /* message from a handler (malloc'd), or NULL */
  int skip_depth;   /* >0 while inside an ignored subtree */
} XlsxXml;

static void xlsx_fail(XlsxXml *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records a message (the first one wins) and stops the parser. */
static void xlsx_fail(XlsxXml *x, const char *fmt, ...) {
  if (!x->fail) {
    Buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    x->fail = buf_take(&b);
  }
  XML_StopParser(x->p, XML_FALSE);
}

static void XMLCALL xlsx_on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                                    const XML_Char *pubid, int has_internal) {
  (void)name;
  (void)sysid;
  (void)pubid;
  (void)has_internal;
  XlsxXml *x = ud;
  xlsx_fail(x, "%s 含有 DOCTYPE 声明（xlsx 中不允许）", x->part);
}

static const char *xlsx_xml_reason(enum XML_Error e) {
  switch (e) {
  case XML_ERROR_NO_ELEMENTS:
    return "内容为空或不完整";
  case XML_ERROR_UNCLOSED_TOKEN:
  case XML_ERROR_UNCLOSED_CDATA_SECTION:
    return "内容在中途结束（文件不完整）";
  case XML_ERROR_TAG_MISMATCH:
    return "标签不匹配";
  case XML_ERROR_INVALID_TOKEN:
    return "含有无效字符或标记";
  case XML_ERROR_SYNTAX:
    return "语法错误";
  case XML_ERROR_JUNK_AFTER_DOC_ELEMENT:
    return "根元素之后还有多余内容";
  case XML_ERROR_UNDEFINED_ENTITY:
    return "使用了未定义的实体";
  case XML_ERROR_BAD_CHAR_REF:
    return "无效的字符引用";
  case XML_ERROR_DUPLICATE_ATTRIBUTE:
    return "属性重复";
  case XML_ERROR_UNKNOWN_ENCODING:
  case XML_ERROR_INCORRECT_ENCODING:
    return "编码声明错误";
  case XML_ERROR_PARTIAL_CHAR:
    return "字符不完整";
  default:
    return "无法解析";
  }
}

/* Looks up an archive entry by exact name, then ignoring case. -1 when absent. */
static zip_int64_t xlsx_locate(XlsxBook *b, const char *path) {
  zip_int64_t idx = zip_name_locate(b->zip, path, 0);
  if (idx < 0) {
    idx = zip_name_locate(b->zip, path, ZIP_FL_NOCASE);
  }
  return idx;
}

/*
 * Streams archive entry `path` through parser x->p (handlers and user data already set).
 * what: prefix of XML error messages ("工作表 " for sheets, "不是有效的 xlsx 文件：" for
 * the other parts). Returns 0, or -1 with *err set. Absent entries are the caller's business
 * (check with xlsx_locate first).
 */
static int xlsx_stream(XlsxBook *b, zip_int64_t idx, XlsxXml *x, const char *what, char **err) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(b->zip, (zip_uint64_t)idx, 0, &st) != 0) {
    xlsx_error(err, "不是有效的 xlsx 文件：无法读取 %s", x->part);
    return -1;
  }
  if ((st.valid & ZIP_STAT_SIZE) && st.size > b->max_entry) {
    xlsx_error(err, "不是有效的 xlsx 文件：%s 解压后超过 %zu MiB 上限（疑似压缩炸弹）", x->part,
               b->max_entry >> 20);
    return -1;
  }
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
    xlsx_error(err, "不是有效的 xlsx 文件：%s 已加密，请先在 Excel 中取消密码保护", x->part);
    return -1;
  }
  zip_file_t *zf = zip_fopen_index(b->zip, (zip_uint64_t)idx, 0);
  if (!zf) {
    zip_error_t *ze = zip_get_error(b->zip);
    int code = zip_error_code_zip(ze);
    if (code == ZIP_ER_COMPNOTSUPP) {
      xlsx_error(err, "不是有效的 xlsx 文件：%s 使用了不支持的压缩方式", x->part);
    } else if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_ENCRNOTSUPP) {
      xlsx_error(err, "不是有效的 xlsx 文件：%s 已加密，请先在 Excel 中取消密码保护", x->part);
    } else {
      xlsx_error(err, "不是有效的 xlsx 文件：无法打开 %s（压缩数据损坏）", x->part);
    }
    return -1;
  }
  /* small parts get a small buffer (the declared size is only a hint here) */
  size_t chunk_size = XLSX_CHUNK;
  if ((st.valid & ZIP_STAT_SIZE) && st.size < XLSX_CHUNK) {
    chunk_size = st.size < 4096 ? 4096 : (size_t)st.size;
  }
  size_t total = 0;
  int rc = 0;
  for (;;) {
    void *chunk = XML_GetBuffer(x->p, (int)chunk_size);
    if (!chunk) {
      xlsx_error(err, "读取 %s 时内存不足", x->part);
      rc = -1;
      break;
    }
    zip_int64_t got = zip_fread(zf, chunk, chunk_size);
    if (got < 0) {
      zip_error_t *ze = zip_file_get_error(zf);
      if (zip_error_code_zip(ze) == ZIP_ER_CRC) {
        xlsx_error(err, "不是有效的 xlsx 文件：%s 数据校验失败（文件已损坏）", x->part);
      } else {
        xlsx_error(err, "不是有效的 xlsx 文件：%s 的压缩数据已损坏或不完整", x->part);
      }
      rc = -1;
      break;
    }
    total += (size_t)got;
    if (total > b->max_entry) {
      xlsx_error(err, "不是有效的 xlsx 文件：%s 解压后超过 %zu MiB 上限（疑似压缩炸弹）", x->part,
                 b->max_entry >> 20);
      rc = -1;
      break;
    }
    if (XML_ParseBuffer(x->p, (int)got, got == 0) != XML_STATUS_OK) {
      if (x->fail) {
        xlsx_error(err, "%s", x->fail);
      } else {
        enum XML_Error e = XML_GetErrorCode(x->p);
        xlsx_error(err, "%s%s 第 %lu 行 XML 格式错误：%s", what, x->part,
                   (unsigned long)XML_GetCurrentLineNumber(x->p), xlsx_xml_reason(e));
      }
      rc = -1;
      break;
    }
    if (got == 0) {
      break;
    }
  }
  zip_fclose(zf);
  return rc;
}

/* Creates a parser with the common setup for context x (user data = x). */
static XML_Parser xlsx_parser(XlsxXml *x, const char *part) {
  XML_Parser p = XML_ParserCreate(NULL);
  if (!p) {
    abort();
  }
  x->p = p;
  x->part = part;
  x->fail = NULL;
  x->skip_depth = 0;
  XML_SetUserData(p, x);
  XML_SetStartDoctypeDeclHandler(p, xlsx_on_doctype);
  return p;
}

static void xlsx_parser_free(XlsxXml *x) {
  XML_ParserFree(x->p);
  free(x->fail);
  x->fail = NULL;
}

/* ---- relationships ------------------------------------------------------------------------ */

typedef struct {
  XlsxXml x;
  XlsxRel *rels;
  size_t n, alloc;
} XlsxRelsCtx;

static void XMLCALL xlsx_rels_start(void *ud, const XML_Char *name, const XML_Char **attrs) {
  XlsxRelsCtx *c = ud;
  if (strcmp(xlsx_local(name), "Relationship") != 0) {
    return;
  }
  const char *id = xlsx_attr(attrs, "Id");
  const char *target = xlsx_attr(attrs, "Target");
  const char *type = xlsx_attr(attrs, "Type");
  const char *mode = xlsx_attr(attrs, "TargetMode");
  if (!id || !target || (mode && strcmp(mode, "External") == 0)) {
    return;
  }
  if (c->n >= XLSX_MAX_RELS) {
    xlsx_fail(&c->x, "不是有效的 xlsx 文件：%s 的关系条目过多", c->x.part);
    return;
  }
  if (c->n == c->alloc) {
    c->alloc = c->alloc ? c->alloc * 2 : 16;
    c->rels = xlsx_xrealloc(c->rels, c->alloc * sizeof *c->rels);
  }
  c->rels[c->n].id = xlsx_strdup(id);
  c->rels[c->n].target = xlsx_strdup(target);
  c->rels[c->n].type = xlsx_strdup(type ? type : "");
  c->n++;
}

static void xlsx_rels_free(XlsxRelsCtx *c) {
  for (size_t i = 0; i < c->n; i++) {
    free(c->rels[i].id);
    free(c->rels[i].target);
    free(c->rels[i].type);
  }
  free(c->rels);
  c->rels = NULL;
  c->n = c->alloc = 0;
}

/* Reads a .rels part into c (empty when the part is absent). Returns 0 or -1 with *err. */
static int xlsx_read_rels(XlsxBook *b, const char *part, XlsxRelsCtx *c, char **err) {
  memset(c, 0, sizeof *c);
  zip_int64_t idx = xlsx_locate(b, part);
  if (idx < 0) {
    return 0;
  }
  xlsx_parser(&c->x, part);
  XML_SetStartElementHandler(c->x.p, xlsx_rels_start);
  int rc = xlsx_stream(b, idx, &c->x, "不是有效的 xlsx 文件：", err);
  xlsx_parser_free(&c->x);
  if (rc < 0) {
    xlsx_rels_free(c);
  }
  return rc;
}

/* The first relationship whose type ends with "/suffix", or NULL. */
static const XlsxRel *xlsx_rel_by_type(const XlsxRelsCtx *c, const char *suffix) {
  size_t sn = strlen(suffix);
  for (size_t i = 0; i < c->n; i++) {
    size_t tn = strlen(c->rels[i].type);
    if (tn > sn && c->rels[i].type[tn - sn - 1] == '/' &&
        strcmp(c->rels[i].type + tn - sn, suffix) == 0) {
      return &c->rels[i];
    }
  }
  return NULL;
}

/* ---- workbook ----------------------------------------------------------------------------- */

typedef struct {
  XlsxXml x;
  XlsxBook *b;
  size_t alloc;
} XlsxWorkbookCtx;

static void XMLCALL xlsx_workbook_start(void *ud, const XML_Char *name, const XML_Char **attrs) {
  XlsxWorkbookCtx *c = ud;
  XlsxBook *b = c->b;
  const char *local = xlsx_local(name);
  if (strcmp(local, "workbookPr") == 0) {
    b->date1904 = xlsx_true(xlsx_attr(attrs, "date1904"));
  } else if (strcmp(local, "sheet") == 0) {
    if (b->n_sheets >= XLSX_MAX_SHEETS) {
      xlsx_fail(&c->x, "不是有效的 xlsx 文件：工作表超过 %d 个", XLSX_MAX_SHEETS);
      return;
    }
    if (b->n_sheets == c->alloc) {
      c->alloc = c->alloc ? c->alloc * 2 : 8;
      b->sheets = xlsx_xrealloc(b->sheets, c->alloc * sizeof *b->sheets);
    }
    const char *sheet_name = xlsx_attr(attrs, "name");
    const char *rid = xlsx_attr(attrs, "id");
    const char *state = xlsx_attr(attrs, "state");
    XlsxSheetInfo *s = &b->sheets[b->n_sheets++];
    s->name = xlsx_strdup(sheet_name ? sheet_name : "");
    s->rid = rid ? xlsx_strdup(rid) : NULL;
    s->path = NULL;
    s->hidden = state && strcmp(state, "visible") != 0;
  }
}

/* ---- shared strings ----------------------------------------------------------------------- */

typedef struct {
  XlsxXml x;
  XlsxBook *b;
  Buf text; /* the current <si> */
  bool in_si;
  int in_t; /* inside <t> of the <si>, not in <rPh> */
  int in_rph;
} XlsxSstCtx;

static void XMLCALL xlsx_sst_start(void *ud, const XML_Char *name, const XML_Char **attrs) {
  (void)attrs;
  XlsxSstCtx *c = ud;
  const char *local = xlsx_local(name);
  if (strcmp(local, "si") == 0) {
    c->in_si = true;
    buf_reset(&c->text);
  } else if (strcmp(local, "t") == 0 && c->in_si) {
    c->in_t++;
  } else if (strcmp(local, "rPh") == 0) {
    c->in_rph++;
  }
}

static void XMLCALL xlsx_sst_end(void *ud, const XML_Char *name) {
  XlsxSstCtx *c = ud;
  XlsxBook *b = c->b;
  const char *local = xlsx_local(name);
  if (strcmp(local, "t") == 0 && c->in_t > 0) {
    c->in_t--;
  } else if (strcmp(local, "rPh") == 0 && c->in_rph > 0) {
    c->in_rph--;
  } else if (strcmp(local, "si") == 0 && c->in_si) {
    c->in_si = false;
    if (c->text.overflow) {
      xlsx_fail(&c->x, "不是有效的 xlsx 文件：%s 第 %lu 行：文本超过 %zu 字节上限", c->x.part,
                (unsigned long)XML_GetCurrentLineNumber(c->x.p), TABLE_MAX_TEXT);
      return;
    }
    if (b->n_sst >= TABLE_MAX_CELLS) {
      xlsx_fail(&c->x, "不是有效的 xlsx 文件：共享字符串超过 %u 个", TABLE_MAX_CELLS);
      return;
    }
    size_t len = c->text.len ? xlsx_unescape(c->text.data, c->text.len) : 0;
    if (b->n_sst == b->sst_alloc) {
      b->sst_alloc = b->sst_alloc ? b->sst_alloc * 2 : 1024;
      b->sst_off = xlsx_xrealloc(b->sst_off, b->sst_alloc * sizeof *b->sst_off);
      b->sst_len = xlsx_xrealloc(b->sst_len, b->sst_alloc * sizeof *b->sst_len);
    }
    b->sst_off[b->n_sst] = b->sst.len;
    b->sst_len[b->n_sst] = (uint32_t)len;
    b->n_sst++;
    if (buf_append(&b->sst, c->text.data ? c->text.data : "", len) < 0 ||
        buf_putc(&b->sst, '\0') < 0) {
      xlsx_fail(&c->x, "不是有效的 xlsx 文件：共享字符串超过 %zu MiB 上限", b->max_entry >> 20);
    }
  }
}

static void XMLCALL xlsx_sst_text(void *ud, const XML_Char *s, int len) {
  XlsxSstCtx *c = ud;
  if (c->in_t > 0 && c->in_rph == 0) {
    buf_append(&c->text, s, (size_t)len);
  }
}

/* ---- styles ------------------------------------------------------------------------------- */

/* True when a number format code shows a date or time: y, m, d, h or s outside "quoted
 * text", [brackets] (colours, conditions, locales, elapsed [h]), \escapes and the _x / *x
 * spacing and fill codes. */
static bool xlsx_format_is_date(const char *code) {
  for (const char *p = code; *p; p++) {
    switch (*p) {
    case '"': {
      const char *q = strchr(p + 1, '"');
      if (!q) {
        return false;
      }
      p = q;
      break;
    }
    case '[': {
      const char *q = strchr(p + 1, ']');
      if (!q) {
        return false;
      }
      p = q;
      break;
    }
    case '\\':
    case '_':
    case '*':
      if (p[1]) {
        p++;
      }
      break;
    case 'y':
    case 'Y':
    case 'm':
    case 'M':
    case 'd':
    case 'D':
    case 'h':
    case 'H':
    case 's':
    case 'S':
      return true;
    default:
      break;
    }
  }
  return false;
}

static bool xlsx_builtin_is_date(uint64_t id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
         (id >= 50 && id <= 58);
}

typedef struct {
  XlsxXml x;
  XlsxBook *b;
  uint64_t *fmt_id; /* custom formats: id and whether it is a date */
  bool *fmt_date;
  size_t n_fmt, fmt_alloc;
  uint64_t *xf_fmt; /* cellXfs: number format id of each */
  size_t n_xf, xf_alloc;
  int in_cellxfs;
} XlsxStylesCtx;

static void XMLCALL xlsx_styles_start(void *ud, const XML_Char *name, const XML_Char **attrs) {
  XlsxStylesCtx *c = ud;
  const char *local = xlsx_local(name);
  if (strcmp(local, "numFmt") == 0) {
    const char *id = xlsx_attr(attrs, "numFmtId");
    const char *code = xlsx_attr(attrs, "formatCode");
    uint64_t v;
    if (!id || !code || xlsx_uint(id, &v) < 0) {
      return;
    }
    if (c->n_fmt >= XLSX_MAX_NUMFMTS) {
      xlsx_fail(&c->x, "不是有效的 xlsx 文件：%s 中数字格式过多", c->x.part);
      return;
    }
    if (c->n_fmt == c->fmt_alloc) {
      c->fmt_alloc = c->fmt_alloc ? c->fmt_alloc * 2 : 16;
      c->fmt_id = xlsx_xrealloc(c->fmt_id, c->fmt_alloc * sizeof *c->fmt_id);
      c->fmt_date = xlsx_xrealloc(c->fmt_date, c->fmt_alloc * sizeof *c->fmt_date);
    }
    c->fmt_id[c->n_fmt] = v;
    c->fmt_date[c->n_fmt] = xlsx_format_is_date(code);
    c->n_fmt++;
  } else if (strcmp(local, "cellXfs") == 0) {
    c->in_cellxfs++;
  } else if (strcmp(local, "xf") == 0 && c->in_cellxfs > 0) {
    const char *id = xlsx_attr(attrs, "numFmtId");
    uint64_t v = 0;
    if (!id || xlsx_uint(id, &v) < 0) {
      v = 0;
    }
    if (c->n_xf >= XLSX_MAX_XFS) {
      xlsx_fail(&c->x, "不是有效的 xlsx 文件：%s 中单元格样式过多", c->x.part);
      return;
    }
    if (c->n_xf == c->xf_alloc) {
      c->xf_alloc = c->xf_alloc ? c->xf_alloc * 2 : 64;
      c->xf_fmt = xlsx_xrealloc(c->xf_fmt, c->xf_alloc * sizeof *c->xf_fmt);
    }
    c->xf_fmt[c->n_xf++] = v;
  }
}

static void XMLCALL xlsx_styles_end(void *ud, const XML_Char *name) {
  XlsxStylesCtx *c = ud;
  if (strcmp(xlsx_local(name), "cellXfs") == 0 && c->in_cellxfs > 0) {
    c->in_cellxfs--;
  }
}

static int xlsx_read_styles(XlsxBook *b, const char *part, char **err) {
  zip_int64_t idx = xlsx_locate(b, part);
  if (idx < 0) {
    return 0; /* no styles: no dates, numbers stay numbers */
  }
  XlsxStylesCtx c;
  memset(&c, 0, sizeof c);
  c.b = b;
  xlsx_parser(&c.x, part);
  XML_SetElementHandler(c.x.p, xlsx_styles_start, xlsx_styles_end);
  int rc = xlsx_stream(b, idx, &c.x, "不是有效的 xlsx 文件：", err);
  xlsx_parser_free(&c.x);
  if (rc == 0 && c.n_xf > 0) {
    b->xf_date = calloc(c.n_xf, sizeof *b->xf_date);
    if (!b->xf_date) {
      abort();
    }
    b->n_xf = c.n_xf;
    for (size_t i = 0; i < c.n_xf; i++) {
      bool date = xlsx_builtin_is_date(c.xf_fmt[i]);
      for (size_t k = 0; k < c.n_fmt; k++) {
        if (c.fmt_id[k] == c.xf_fmt[i]) {
          date = c.fmt_date[k];
        }
      }
      b->xf_date[i] = date;
    }
  }
  free(c.fmt_id);
  free(c.fmt_date);
  free(c.xf_fmt);
  return rc;
}

/* ---- opening ------------------------------------------------------------------------------ */

void xlsx_close(XlsxBook *b) {
  if (!b) {
    return;
  }
  if (b->zip) {
    zip_discard(b->zip);
  }
  for (size_t i = 0; i < b->n_sheets; i++) {
    free(b->sheets[i].name);
    free(b->sheets[i].rid);
    free(b->sheets[i].path);
  }
  free(b->sheets);
  buf_free(&b->sst);
  free(b->sst_off);
  free(b->sst_len);
  free(b->xf_date);
  free(b);
}

static const char *xlsx_zip_reason(int code) {
  switch (code) {
  case ZIP_ER_NOZIP:
    return "不是 zip 压缩包";
  case ZIP_ER_INCONS:
    return "压缩包结构不一致（文件可能不完整或已损坏）";
  case ZIP_ER_MEMORY:
    return "内存不足";
  case ZIP_ER_OPEN:
  case ZIP_ER_NOENT:
    return "无法打开文件";
  case ZIP_ER_READ:
  case ZIP_ER_SEEK:
    return "读取文件出错（文件可能不完整）";
  case ZIP_ER_MULTIDISK:
    return "不支持分卷压缩包";
  default:
    return "压缩包已损坏";
  }
}

/* Reads the workbook's parts into a book whose zip and limits are set. 0 or -1 with *err. */
static int xlsx_load(XlsxBook *b, char **err) {
  int rc = -1;
  char *wb_path = NULL, *wb_dir = NULL, *wb_rels_path = NULL;
  char *sst_path = NULL, *styles_path = NULL;
  XlsxRelsCtx root = {0}, rels = {0};

  if (xlsx_read_rels(b, "_rels/.rels", &root, err) < 0) {
    goto out;
  }
  const XlsxRel *office = xlsx_rel_by_type(&root, "officeDocument");
  wb_path = office ? xlsx_resolve("", office->target) : xlsx_strdup("xl/workbook.xml");
  zip_int64_t wb_idx = xlsx_locate(b, wb_path);
  if (wb_idx < 0 && office) {
    free(wb_path);
    wb_path = xlsx_strdup("xl/workbook.xml");
    wb_idx = xlsx_locate(b, wb_path);
  }
  if (wb_idx < 0) {
    if (xlsx_locate(b, "mimetype") >= 0 && xlsx_locate(b, "content.xml") >= 0) {
      xlsx_error(err, "不是有效的 xlsx 文件：这是 OpenDocument (.ods) 表格，请另存为 .xlsx");
    } else if (xlsx_locate(b, "word/document.xml") >= 0) {
      xlsx_error(err, "不是有效的 xlsx 文件：这是 Word 文档，不是 Excel 表格");
    } else {
      xlsx_error(err, "不是有效的 xlsx 文件：缺少 xl/workbook.xml");
    }
    goto out;
  }
  {
    const char *slash = strrchr(wb_path, '/');
    size_t dir_len = slash ? (size_t)(slash - wb_path) + 1 : 0;
    Buf d = BUF_INIT;
    buf_append(&d, wb_path, dir_len);
    wb_dir = buf_take(&d);
    Buf r = BUF_INIT;
    buf_printf(&r, "%s_rels/%s.rels", wb_dir, wb_path + dir_len);
    wb_rels_path = buf_take(&r);
  }

  XlsxWorkbookCtx wc;
  memset(&wc, 0, sizeof wc);
  wc.b = b;
  xlsx_parser(&wc.x, wb_path);
  XML_SetStartElementHandler(wc.x.p, xlsx_workbook_start);
  int wrc = xlsx_stream(b, wb_idx, &wc.x, "不是有效的 xlsx 文件：", err);
  xlsx_parser_free(&wc.x);
  if (wrc < 0) {
    goto out;
  }
  if (b->n_sheets == 0) {
    xlsx_error(err, "不是有效的 xlsx 文件：工作簿中没有工作表");
    goto out;
  }

  if (xlsx_read_rels(b, wb_rels_path, &rels, err) < 0) {
    goto out;
  }
  for (size_t i = 0; i < b->n_sheets; i++) {
    XlsxSheetInfo *s = &b->sheets[i];
    for (size_t k = 0; s->rid && k < rels.n; k++) {
      if (strcmp(rels.rels[k].id, s->rid) == 0) {
        s->path = xlsx_resolve(wb_dir, rels.rels[k].target);
        break;
      }
    }
    if (!s->path && rels.n == 0) {
      /* no relationships part at all: the conventional name */
      Buf p = BUF_INIT;
      buf_printf(&p, "%sworksheets/sheet%zu.xml", wb_dir, i + 1);
      s->path = buf_take(&p);
    }
  }
  const XlsxRel *sst_rel = xlsx_rel_by_type(&rels, "sharedStrings");
  const XlsxRel *styles_rel = xlsx_rel_by_type(&rels, "styles");
  if (sst_rel) {
    sst_path = xlsx_resolve(wb_dir, sst_rel->target);
  } else {
    Buf p = BUF_INIT;
    buf_printf(&p, "%ssharedStrings.xml", wb_dir);
    sst_path = buf_take(&p);
  }
  if (styles_rel) {
    styles_path = xlsx_resolve(wb_dir, styles_rel->target);
  } else {
    Buf p = BUF_INIT;
    buf_printf(&p, "%sstyles.xml", wb_dir);
    styles_path = buf_take(&p);
  }

  if (xlsx_read_styles(b, styles_path, err) < 0) {
    goto out;
  }

  zip_int64_t sst_idx = xlsx_locate(b, sst_path);
  if (sst_idx >= 0) {
    XlsxSstCtx sc;
    memset(&sc, 0, sizeof sc);
    sc.b = b;
    buf_set_cap(&sc.text, TABLE_MAX_TEXT);
    buf_set_cap(&b->sst, b->max_entry);
    xlsx_parser(&sc.x, sst_path);
    XML_SetElementHandler(sc.x.p, xlsx_sst_start, xlsx_sst_end);
    XML_SetCharacterDataHandler(sc.x.p, xlsx_sst_text);
    int src = xlsx_stream(b, sst_idx, &sc.x, "不是有效的 xlsx 文件：", err);
    xlsx_parser_free(&sc.x);
    buf_free(&sc.text);
    if (src < 0) {
      goto out;
    }
  }
  rc = 0;
out:
  xlsx_rels_free(&root);
  xlsx_rels_free(&rels);
  free(wb_path);
  free(wb_dir);
  free(wb_rels_path);
  free(sst_path);
  free(styles_path);
  return rc;
}

static XlsxBook *xlsx_book_new(const XlsxOptions *opt) {
  XlsxBook *b = calloc(1, sizeof *b);
  if (!b) {
    abort();
  }
  b->max_entry = opt && opt->max_entry_bytes ? opt->max_entry_bytes : XLSX_MAX_ENTRY;
  b->max_cells = opt && opt->max_cells ? opt->max_cells : TABLE_MAX_CELLS;
  b->max_row = opt && opt->max_row ? opt->max_row : TABLE_MAX_ROW;
  if (b->max_row > TABLE_MAX_ROW) {
    b->max_row = TABLE_MAX_ROW;
  }
  return b;
}

bool xlsx_sniff(const void *data, size_t n) { return n >= 4 && memcmp(data, "PK\x03\x04", 4) == 0; }

XlsxBook *xlsx_open_mem(const void *data, size_t n, const XlsxOptions *opt, char **err) {
  if (err) {
    *err = NULL;
  }
  if (n >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
    xlsx_error(err, "不是有效的 xlsx 文件：这是旧版 Excel 97-2003 (.xls) 文件或已加密的 "
                    "xlsx，请在 Excel 或 WPS 中另存为 .xlsx（不设密码）");
    return NULL;
  }
  if (n < 22) {
    xlsx_error(err, "不是有效的 xlsx 文件：%s", n == 0 ? "文件为空" : "不是 zip 压缩包");
    return NULL;
  }
  void *copy = malloc(n);
  if (!copy) {
    abort();
  }
  memcpy(copy, data, n);
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(copy, n, 1, &ze);
  if (!src) {
    free(copy);
    xlsx_error(err, "不是有效的 xlsx 文件：%s", xlsx_zip_reason(zip_error_code_zip(&ze)));
    zip_error_fini(&ze);
    return NULL;
  }
  zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
  if (!z) {
    zip_source_free(src);
    bool local_header = memcmp(data, "PK\x03\x04", 4) == 0;
    int code = zip_error_code_zip(&ze);
    if (local_header && code == ZIP_ER_NOZIP) {
      xlsx_error(err, "不是有效的 xlsx 文件：压缩包不完整（缺少目录，可能上传或下载中断）");
    } else {
      xlsx_error(err, "不是有效的 xlsx 文件：%s", xlsx_zip_reason(code));
    }
    zip_error_fini(&ze);
    return NULL;
  }
  zip_error_fini(&ze);
  XlsxBook *b = xlsx_book_new(opt);
  b->zip = z;
  if (xlsx_load(b, err) < 0) {
    xlsx_close(b);
    return NULL;
  }
  return b;
}

XlsxBook *xlsx_open_file(const char *path, const XlsxOptions *opt, char **err) {
  if (err) {
    *err = NULL;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    xlsx_error(err, "无法打开文件 %s：%s", path, strerror(errno));
    return NULL;
  }
  unsigned char magic[8] = {0};
  size_t got = fread(magic, 1, sizeof magic, f);
  fclose(f);
  if (got == sizeof magic && memcmp(magic, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
    xlsx_error(err, "不是有效的 xlsx 文件：这是旧版 Excel 97-2003 (.xls) 文件或已加密的 "
                    "xlsx，请在 Excel 或 WPS 中另存为 .xlsx（不设密码）");
    return NULL;
  }
  int code = 0;
  zip_t *z = zip_open(path, ZIP_RDONLY, &code);
  if (!z) {
    if (got >= 4 && memcmp(magic, "PK\x03\x04", 4) == 0 && code == ZIP_ER_NOZIP) {
      xlsx_error(err, "不是有效的 xlsx 文件：压缩包不完整（缺少目录，可能上传或下载中断）");
    } else {
      xlsx_error(err, "不是有效的 xlsx 文件：%s", got == 0 ? "文件为空" : xlsx_zip_reason(code));
    }
    return NULL;
  }
  XlsxBook *b = xlsx_book_new(opt);
  b->zip = z;
  if (xlsx_load(b, err) < 0) {
    xlsx_close(b);
    return NULL;
  }
  return b;
}

size_t xlsx_sheet_count(const XlsxBook *b) { return b->n_sheets; }

const char *xlsx_sheet_name(const XlsxBook *b, size_t i) {
  return i < b->n_sheets ? b->sheets[i].name : NULL;
}

const char *xlsx_sheet_path(const XlsxBook *b, size_t i) {
  return i < b->n_sheets ? b->sheets[i].path : NULL;
}

bool xlsx_sheet_hidden(const XlsxBook *b, size_t i) {
  return i < b->n_sheets && b->sheets[i].hidden;
}

long xlsx_sheet_find(const XlsxBook *b, const char *name) {
  for (size_t i = 0; i < b->n_sheets; i++) {
    if (strcmp(b->sheets[i].name, name) == 0) {
      return (long)i;
    }
  }
  return -1;
}

/* ---- worksheets --------------------------------------------------------------------------- */

typedef struct {
  XlsxXml x;
  XlsxBook *b;
  Table *t;
  const char **sst_copy; /* shared string i copied into t, or NULL */
  Buf text;              /* the current cell's <v> or <is> text */
  uint32_t row;          /* current row number (0 before the first) */
  uint32_t col;          /* last column used in the row */
  uint32_t ccol;         /* the current cell's column */
  size_t cstyle;
  char ctype; /* 'n', 's', 'i' (inlineStr), 'S' (str), 'b', 'e', 'd' */
  bool in_sheetdata, in_row, in_cell, in_v, has_v;
  int in_is, in_t, in_rph;
} XlsxSheetCtx;

static unsigned long xlsx_line(const XlsxSheetCtx *c) {
  return (unsigned long)XML_GetCurrentLineNumber(c->x.p);
}

static void xlsx_cell_start(XlsxSheetCtx *c, const XML_Char **attrs) {
  const char *r = NULL, *t = NULL, *s = NULL;
  for (size_t i = 0; attrs[i]; i += 2) {
    const char *an = attrs[i];
    if (an[0] == 'r' && an[1] == '\0') {
      r = attrs[i + 1];
    } else if (an[0] == 't' && an[1] == '\0') {
      t = attrs[i + 1];
    } else if (an[0] == 's' && an[1] == '\0') {
      s = attrs[i + 1];
    }
  }
  if (!c->in_row) {
    /* a cell outside <row>: start an implicit row from its reference */
    uint32_t rr = 0, cc = 0;
    if (!r || table_parse_ref(r, strlen(r), &rr, &cc) < 0 || rr == 0) {
      xlsx_fail(&c->x, "工作表 %s 第 %lu 行：单元格不在任何行中", c->x.part, xlsx_line(c));
      return;
    }
    c->row = rr;
    c->col = 0;
    c->in_row = true;
    table_row_begin(c->t, rr);
  }
  if (r) {
    uint32_t rr = 0, cc = 0;
    if (table_parse_ref(r, strlen(r), &rr, &cc) < 0) {
      xlsx_fail(&c->x, "工作表 %s 第 %lu 行：单元格引用“%.20s”无效", c->x.part, xlsx_line(c), r);
      return;
    }
    c->ccol = cc;
  } else {
    if (c->col >= TABLE_MAX_COL) {
      xlsx_fail(&c->x, "工作表 %s 第 %lu 行：列数超过 %u 列上限", c->x.part, xlsx_line(c),
                TABLE_MAX_COL);
      return;
    }
    c->ccol = c->col + 1;
  }
  c->col = c->ccol;
  c->ctype = 'n';
  if (t) {
    if (strcmp(t, "s") == 0) {
      c->ctype = 's';
    } else if (strcmp(t, "inlineStr") == 0) {
      c->ctype = 'i';
    } else if (strcmp(t, "str") == 0) {
      c->ctype = 'S';
    } else if (strcmp(t, "b") == 0) {
      c->ctype = 'b';
    } else if (strcmp(t, "e") == 0) {
      c->ctype = 'e';
    } else if (strcmp(t, "d") == 0) {
      c->ctype = 'd';
    }
  }
  c->cstyle = 0;
  uint64_t sv;
  if (s && xlsx_uint(s, &sv) == 0 && sv < c->b->n_xf) {
    c->cstyle = (size_t)sv;
  }
  c->in_cell = true;
  c->has_v = false;
  buf_reset(&c->text);
}

/* Adds a cell whose text is in the scratch buffer (copied into the table). */
static void xlsx_add(XlsxSheetCtx *c, TableKind kind, const char *s, size_t n, double number) {
  if (table_cell_add(c->t, c->ccol, kind, table_strdup(c->t, s, n), n, number) < 0) {
    xlsx_fail(&c->x, "工作表 %s 第 %lu 行：单元格总数超过 %zu 个上限", c->x.part, xlsx_line(c),
              c->t->max_cells);
  }
}

/* Days from 1899-12-30 (Excel serial 0 in practice, valid from 1900-03-01 on). */
static double xlsx_serial_of(Date d) {
  Date epoch = {1899, 12, 30};
  return (double)(date_to_days(d) - date_to_days(epoch));
}

static void xlsx_add_number(XlsxSheetCtx *c, const char *s, size_t n) {
  char *end = NULL;
  errno = 0;
  double v = strtod(s, &end);
  while (end && (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')) {
    end++;
  }
  if (n == 0 || end == s || !end || *end != '\0' || isnan(v) || isinf(v)) {
    /* not a number after all: keep what the file says */
    xlsx_add(c, TABLE_TEXT, s, n, 0);
    return;
  }
  bool date = c->cstyle < c->b->n_xf && c->b->xf_date[c->cstyle];
  char out[32];
  if (date) {
    double serial = c->b->date1904 ? v + 1462 : v;
    Date d;
    if (date_from_excel_serial(serial, &d) == 0) {
      size_t len = (size_t)snprintf(out, sizeof out, "%04d-%02d-%02d", d.y, d.m, d.d);
      xlsx_add(c, TABLE_DATE, out, len, serial);
    } else {
      size_t len = table_format_number(serial, out);
      xlsx_add(c, TABLE_DATE, out, len, serial);
    }
    return;
  }
  /* fast path: a plain integer of at most 15 digits is already its shortest form */
  size_t i = (s[0] == '-') ? 1 : 0;
  bool plain = n - i >= 1 && n - i <= 15 && (s[i] != '0' || n - i == 1);
  for (size_t k = i; plain && k < n; k++) {
    plain = s[k] >= '0' && s[k] <= '9';
  }
  if (plain && !(i == 1 && n == 2 && s[1] == '0')) {
    xlsx_add(c, TABLE_NUMBER, s, n, v);
    return;
  }
  size_t len = table_format_number(v, out);
  xlsx_add(c, TABLE_NUMBER, out, len, v);
}

static void xlsx_cell_end(XlsxSheetCtx *c) {
  c->in_cell = false;
  if (c->text.overflow) {
    xlsx_fail(&c->x, "工作表 %s 第 %lu 行：单元格文本超过 %zu 字节上限", c->x.part, xlsx_line(c),
              TABLE_MAX_TEXT);
    return;
  }
  char *s = c->text.data ? c->text.data : (char *)(uintptr_t) "";
  size_t n = c->text.len;
  switch (c->ctype) {
  case 's': {
    if (!c->has_v) {
      return;
    }
    uint64_t idx;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t')) {
      s[--n] = '\0';
    }
    while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t') {
      s++;
    }
    if (xlsx_uint(s, &idx) < 0) {
      xlsx_fail(&c->x, "工作表 %s 第 %lu 行：共享字符串编号“%.20s”无效", c->x.part, xlsx_line(c),
                s);
      return;
    }
    if (idx >= c->b->n_sst) {
      xlsx_fail(&c->x, "工作表 %s 第 %lu 行：共享字符串编号 %llu 超出范围（共 %zu 个）", c->x.part,
                xlsx_line(c), (unsigned long long)idx, c->b->n_sst);
      return;
    }
    uint32_t len = c->b->sst_len[idx];
    if (len == 0) {
      return;
    }
    if (!c->sst_copy[idx]) {
      c->sst_copy[idx] = table_strdup(c->t, c->b->sst.data + c->b->sst_off[idx], len);
    }
    if (table_cell_add(c->t, c->ccol, TABLE_TEXT, c->sst_copy[idx], len, 0) < 0) {
      xlsx_fail(&c->x, "工作表 %s 第 %lu 行：单元格总数超过 %zu 个上限", c->x.part, xlsx_line(c),
                c->t->max_cells);
    }
    return;
  }
  case 'i':
  case 'S': {
    n = xlsx_unescape(s, n);
    if (n > 0) {
      xlsx_add(c, TABLE_TEXT, s, n, 0);
    }
    return;
  }
  case 'b':
    if (c->has_v && n > 0) {
      bool v = !(n == 1 && s[0] == '0') && strcmp(s, "false") != 0;
      xlsx_add(c, TABLE_BOOL, v ? "TRUE" : "FALSE", v ? 4 : 5, v ? 1 : 0);
    }
    return;
  case 'e':
    if (n > 0) {
      xlsx_add(c, TABLE_ERROR, s, n, 0);
    }
    return;
  case 'd': {
    if (n == 0) {
      return;
    }
    Date d;
    if (n >= 10 && s[4] == '-' && s[7] == '-' && date_parse(s, 10, &d, NULL) == 0) {
      char out[16];
      size_t len = (size_t)snprintf(out, sizeof out, "%04d-%02d-%02d", d.y, d.m, d.d);
      xlsx_add(c, TABLE_DATE, out, len, xlsx_serial_of(d));
    } else {
      xlsx_add(c, TABLE_TEXT, s, n, 0);
    }
    return;
  }
  default:
    if (c->has_v && n > 0) {
      xlsx_add_number(c, s, n);
    }
    return;
  }
}

static void xlsx_merge(XlsxSheetCtx *c, const char *ref) {
  const char *colon = strchr(ref, ':');
  if (!colon) {
    return; /* a one-cell "merge" merges nothing */
  }
  TableMerge m;
  if (table_parse_ref(ref, (size_t)(colon - ref), &m.first_row, &m.first_col) < 0 ||
      table_parse_ref(colon + 1, strlen(colon + 1), &m.last_row, &m.last_col) < 0 ||
      m.first_row == 0 || m.last_row == 0) {
    xlsx_fail(&c->x, "工作表 %s 第 %lu 行：合并区域“%.40s”无效", c->x.part, xlsx_line(c), ref);
    return;
  }
  if (m.first_row > m.last_row) {
    uint32_t tmp = m.first_row;
    m.first_row = m.last_row;
    m.last_row = tmp;
  }
  if (m.first_col > m.last_col) {
    uint32_t tmp = m.first_col;
    m.first_col = m.last_col;
    m.last_col = tmp;
  }
  if (c->t->n_merges >= 1000000) {
    xlsx_fail(&c->x, "工作表 %s：合并区域过多", c->x.part);
    return;
  }
  table_merge_add(c->t, m);
}

static void XMLCALL xlsx_sheet_start(void *ud, const XML_Char *name, const XML_Char **attrs) {
  XlsxSheetCtx *c = ud;
  const char *local = xlsx_local(name);
  switch (local[0]) {
  case 'c':
    if (local[1] == '\0' && c->in_sheetdata) {
      xlsx_cell_start(c, attrs);
    }
    return;
  case 'v':
    if (local[1] == '\0' && c->in_cell) {
      c->in_v = true;
      c->has_v = true;
      buf_reset(&c->text);
    }
    return;
  case 'r':
    if (strcmp(local, "row") == 0 && c->in_sheetdata) {
      const char *r = xlsx_attr(attrs, "r");
      uint64_t rn;
      if (r) {
        if (xlsx_uint(r, &rn) < 0 || rn == 0) {
          xlsx_fail(&c->x, "工作表 %s 第 %lu 行：行号“%.20s”无效", c->x.part, xlsx_line(c), r);
          return;
        }
      } else {
        rn = (uint64_t)c->row + 1;
      }
      if (rn > c->b->max_row) {
        xlsx_fail(&c->x, "工作表 %s 第 %lu 行：行号 %llu 超过 %u 行上限", c->x.part, xlsx_line(c),
                  (unsigned long long)rn, c->b->max_row);
        return;
      }
      c->row = (uint32_t)rn;
      c->col = 0;
      c->in_row = true;
      table_row_begin(c->t, c->row);
    } else if (strcmp(local, "rPh") == 0) {
      c->in_rph++;
    }
    return;
  case 'i':
    if (local[1] == 's' && local[2] == '\0' && c->in_cell) {
      c->in_is++;
    }
    return;
  case 't':
    if (local[1] == '\0' && c->in_is > 0) {
      c->in_t++;
    }
    return;
  case 's':
    if (strcmp(local, "sheetData") == 0) {
      c->in_sheetdata = true;
    }
    return;
  case 'm':
    if (strcmp(local, "mergeCell") == 0) {
      const char *ref = xlsx_attr(attrs, "ref");
      if (ref) {
        xlsx_merge(c, ref);
      }
    }
    return;
  default:
    return;
  }
}

static void XMLCALL xlsx_sheet_end(void *ud, const XML_Char *name) {
  XlsxSheetCtx *c = ud;
  const char *local = xlsx_local(name);
  switch (local[0]) {
  case 'c':
    if (local[1] == '\0' && c->in_cell) {
      xlsx_cell_end(c);
    }
    return;
  case 'v':
    if (local[1] == '\0') {
      c->in_v = false;
    }
    return;
  case 'r':
    if (strcmp(local, "row") == 0 && c->in_row) {
      c->in_row = false;
      table_row_end(c->t);
    } else if (strcmp(local, "rPh") == 0 && c->in_rph > 0) {
      c->in_rph--;
    }
    return;
  case 'i':
    if (local[1] == 's' && local[2] == '\0' && c->in_is > 0) {
      c->in_is--;
    }
    return;
  case 't':
    if (local[1] == '\0' && c->in_t > 0) {
      c->in_t--;
    }
    return;
  case 's':
    if (strcmp(local, "sheetData") == 0) {
      c->in_sheetdata = false;
      if (c->in_row) {
        c->in_row = false;
        table_row_end(c->t);
      }
    }
    return;
  default:
    return;
  }
}

static void XMLCALL xlsx_sheet_text(void *ud, const XML_Char *s, int len) {
  XlsxSheetCtx *c = ud;
  if (c->in_v || (c->in_t > 0 && c->in_rph == 0)) {
    buf_append(&c->text, s, (size_t)len);
  }
}

Table *xlsx_sheet_read(XlsxBook *b, size_t index, char **err) {
  if (err) {
    *err = NULL;
  }
  if (index >= b->n_sheets) {
    xlsx_error(err, "工作表编号 %zu 超出范围（共 %zu 个工作表）", index + 1, b->n_sheets);
    return NULL;
  }
  const XlsxSheetInfo *info = &b->sheets[index];
  if (!info->path) {
    xlsx_error(err, "不是有效的 xlsx 文件：工作表“%s”没有对应的文件", info->name);
    return NULL;
  }
  zip_int64_t idx = xlsx_locate(b, info->path);
  if (idx < 0) {
    xlsx_error(err, "不是有效的 xlsx 文件：缺少工作表“%s”的文件 %s", info->name, info->path);
    return NULL;
  }
  XlsxSheetCtx c;
  memset(&c, 0, sizeof c);
  c.b = b;
  c.t = table_new(b->max_cells);
  c.t->name = xlsx_strdup(info->name);
  c.sst_copy = b->n_sst ? calloc(b->n_sst, sizeof *c.sst_copy) : NULL;
  if (b->n_sst && !c.sst_copy) {
    abort();
  }
  buf_set_cap(&c.text, TABLE_MAX_TEXT);
  xlsx_parser(&c.x, info->path);
  XML_SetElementHandler(c.x.p, xlsx_sheet_start, xlsx_sheet_end);
  XML_SetCharacterDataHandler(c.x.p, xlsx_sheet_text);
  int rc = xlsx_stream(b, idx, &c.x, "工作表 ", err);
  xlsx_parser_free(&c.x);
  buf_free(&c.text);
  free(c.sst_copy);
  if (rc < 0) {
    table_free(c.t);
    return NULL;
  }
  table_finish(c.t);
  return c.t;
}
