/*
 * csv: RFC 4180 reader with encoding and delimiter detection; contract in io/csv.h.
 *
 * Steps: refuse oversize input; decode to UTF-8 (BOM, UTF-16 with BOM, UTF-8, else GB18030
 * through iconv); refuse NUL bytes; detect the delimiter on the first record; then one pass
 * over the text. Unquoted fields are copied straight from the text into the table's arena;
 * only quoted fields go through a scratch Buf (to undo "" and fold line breaks).
 */
#include "io/csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/utf8.h"

#include "base/banned.h"

static void csv_error(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void csv_error(char **err, const char *fmt, ...) {
  if (!err) {
    return;
  }
  Buf b = BUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&b, fmt, ap);
  va_end(ap);
  *err = buf_take(&b);
}

/* 1-based line number of byte offset off in s (counting LF, CRLF and lone CR). */
static size_t csv_line_of(const char *s, size_t off) {
  size_t line = 1;
  for (size_t i = 0; i < off; i++) {
    if (s[i] == '\n') {
      line++;
    } else if (s[i] == '\r' && (i + 1 >= off || s[i + 1] != '\n')) {
      line++;
    }
  }
  return line;
}

/* Converts in[0..n) from `from` to UTF-8 into a malloc'd buffer (*out, *out_n). Returns 0, or
 * the offset + 1 in `in` of the first byte that could not be converted (negative never). */
static size_t csv_iconv(const char *from, const char *in, size_t n, char **out, size_t *out_n) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1) {
    return 1;
  }
  size_t cap = n * 2 + 16;
  char *buf = malloc(cap);
  if (!buf) {
    abort();
  }
  char *src = (char *)(uintptr_t)in; /* iconv's prototype lacks const */
  size_t src_left = n;
  char *dst = buf;
  size_t dst_left = cap;
  size_t bad = 0;
  while (src_left > 0) {
    if (iconv(cd, &src, &src_left, &dst, &dst_left) != (size_t)-1) {
      break;
    }
    if (errno == E2BIG) {
      size_t used = (size_t)(dst - buf);
      cap *= 2;
      buf = realloc(buf, cap);
      if (!buf) {
        abort();
      }
      dst = buf + used;
      dst_left = cap - used;
      continue;
    }
    bad = (size_t)(src - in) + 1; /* EILSEQ or EINVAL (truncated sequence at the end) */
    break;
  }
  iconv_close(cd);
  if (bad) {
    free(buf);
    return bad;
  }
  *out = buf;
  *out_n = (size_t)(dst - buf);
  return 0;
}

/* Counts a delimiter candidate on the first record, outside quotes. */
static char csv_detect(const char *s, size_t n) {
  size_t comma = 0, tab = 0, semi = 0;
  bool quoted = false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (quoted) {
      continue;
    } else if (c == '\n' || c == '\r') {
      break;
    } else if (c == ',') {
      comma++;
    } else if (c == '\t') {
      tab++;
    } else if (c == ';') {
      semi++;
    }
  }
  if (tab > comma && tab >= semi) {
    return '\t';
  }
  if (semi > comma) {
    return ';';
  }
  return ',';
}

typedef struct {
  Table *t;
  size_t pending_empty; /* empty fields not yet stored (stored only if the record has text) */
  uint32_t col;         /* fields seen in the record */
  bool has_text;
  bool row_started;
  uint32_t row;
} CsvRecord;

/* Adds one field of the current record. Returns 0, or -1 when the cell cap is reached. */
static int csv_field(CsvRecord *r, const char *s, size_t n) {
  r->col++;
  if (n == 0) {
    r->pending_empty++;
    return 0;
  }
  if (!r->row_started) {
    table_row_begin(r->t, r->row);
    r->row_started = true;
  }
  uint32_t first = r->col - (uint32_t)r->pending_empty;
  for (size_t k = 0; k < r->pending_empty; k++) {
    if (table_cell_add(r->t, first + (uint32_t)k, TABLE_EMPTY, "", 0, 0) < 0) {
      return -1;
    }
  }
  r->pending_empty = 0;
  r->has_text = true;
  return table_cell_add(r->t, r->col, TABLE_TEXT, table_strdup(r->t, s, n), n, 0);
}

/* Ends the record: trailing empty fields are stored when the record has text. */
static int csv_record_end(CsvRecord *r) {
  if (r->has_text) {
    uint32_t first = r->col - (uint32_t)r->pending_empty + 1;
    for (size_t k = 0; k < r->pending_empty; k++) {
      if (table_cell_add(r->t, first + (uint32_t)k, TABLE_EMPTY, "", 0, 0) < 0) {
        return -1;
      }
    }
    table_row_end(r->t);
  }
  r->pending_empty = 0;
  r->col = 0;
  r->has_text = false;
  r->row_started = false;
  return 0;
}

static Table *csv_parse(const char *s, size_t n, char delim, const CsvOptions *opt, char **err) {
  size_t max_rows = opt && opt->max_rows ? opt->max_rows : TABLE_MAX_ROW;
  size_t max_field = opt && opt->max_field ? opt->max_field : TABLE_MAX_TEXT;
  Table *t = table_new(opt ? opt->max_cells : 0);
  CsvRecord rec = {.t = t};
  Buf field = BUF_INIT;
  size_t line = 1;
  size_t records = 0;
  size_t i = 0;
  const char *fail = NULL;
  size_t fail_line = 0;

  /* Excel's "sep=X" hint line */
  if (n >= 5 && memcmp(s, "sep=", 4) == 0 && (n == 5 || s[5] == '\n' || s[5] == '\r')) {
    i = 5;
    if (i < n && s[i] == '\r') {
      i++;
    }
    if (i < n && s[i] == '\n') {
      i++;
    }
    line = 2;
  }

  while (i < n) {
    /* start of a record */
    records++;
    if (records > max_rows) {
      fail = "rows";
      fail_line = line;
      goto out;
    }
    rec.row = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
    bool end_of_record = false;
    while (!end_of_record) {
      /* start of a field */
      if (rec.col >= TABLE_MAX_COL) {
        fail = "cols";
        fail_line = rec.row;
        goto out;
      }
      size_t flen;
      const char *fp;
      if (i < n && s[i] == '"') {
        size_t start_line = line;
        buf_reset(&field);
        i++;
        for (;;) {
          if (i >= n) {
            fail = "quote";
            fail_line = start_line;
            goto out;
          }
          const char *q = memchr(s + i, '"', n - i);
          size_t stop = q ? (size_t)(q - s) : n;
          /* copy s[i..stop), folding CRLF and CR to LF and counting lines */
          size_t run = i;
          for (size_t k = i; k < stop; k++) {
            if (s[k] == '\r') {
              buf_append(&field, s + run, k - run);
              buf_putc(&field, '\n');
              line++;
              if (k + 1 < stop && s[k + 1] == '\n') {
                k++;
              }
              run = k + 1;
            } else if (s[k] == '\n') {
              line++;
            }
          }
          buf_append(&field, s + run, stop - run);
          if (field.len > max_field) {
            fail = "field";
            fail_line = start_line;
            goto out;
          }
          if (!q) {
            i = n;
            continue; /* reports the open quote */
          }
          i = stop + 1;
          if (i < n && s[i] == '"') {
            buf_putc(&field, '"');
            i++;
            continue;
          }
          break;
        }
        /* text after the closing quote, up to the delimiter, is kept (Excel's leniency) */
        size_t k = i;
        while (k < n && s[k] != delim && s[k] != '\n' && s[k] != '\r') {
          k++;
        }
        buf_append(&field, s + i, k - i);
        i = k;
        if (field.len > max_field) {
          fail = "field";
          fail_line = start_line;
          goto out;
        }
        fp = field.data ? field.data : "";
        flen = field.len;
      } else {
        size_t k = i;
        while (k < n && s[k] != delim && s[k] != '\n' && s[k] != '\r') {
          k++;
        }
        fp = s + i;
        flen = k - i;
        i = k;
        if (flen > max_field) {
          fail = "field";
          fail_line = line;
          goto out;
        }
      }
      if (csv_field(&rec, fp, flen) < 0) {
        fail = "cells";
        fail_line = rec.row;
        goto out;
      }
      /* after a field: delimiter, line end or end of input */
      if (i < n && s[i] == delim) {
        i++;
        if (i >= n) {
          /* "a,b," at the very end: one more empty field */
          rec.col++;
          rec.pending_empty++;
          end_of_record = true;
        }
      } else {
        if (i < n && s[i] == '\r') {
          i++;
          if (i < n && s[i] == '\n') {
            i++;
          }
        } else if (i < n) {
          i++; /* '\n' */
        }
        line++;
        end_of_record = true;
      }
    }
    if (csv_record_end(&rec) < 0) {
      fail = "cells";
      fail_line = rec.row;
      goto out;
    }
  }

out:
  buf_free(&field);
  if (fail) {
    if (strcmp(fail, "rows") == 0) {
      csv_error(err, "CSV 文件行数超过 %zu 行上限", max_rows);
    } else if (strcmp(fail, "cols") == 0) {
      csv_error(err, "CSV 文件第 %zu 行：列数超过 %u 列上限", fail_line, TABLE_MAX_COL);
    } else if (strcmp(fail, "quote") == 0) {
      csv_error(err,
                "CSV 文件第 %zu 行：引号没有闭合（从此行开始的带引号字段直到文件末尾都没有结束）",
                fail_line);
    } else if (strcmp(fail, "field") == 0) {
      csv_error(err, "CSV 文件第 %zu 行：字段超过 %zu 字节上限", fail_line, max_field);
    } else {
      csv_error(err, "CSV 文件第 %zu 行：单元格总数超过 %zu 个上限", fail_line, t->max_cells);
    }
    table_free(t);
    return NULL;
  }
  table_finish(t);
  return t;
}

Table *csv_read_mem(const void *data, size_t n, const CsvOptions *opt, CsvInfo *info, char **err) {
  if (err) {
    *err = NULL;
  }
  size_t max_bytes = opt && opt->max_bytes ? opt->max_bytes : CSV_MAX_BYTES;
  if (n > max_bytes) {
    csv_error(err, "CSV 文件超过 %zu MiB 上限", max_bytes >> 20);
    return NULL;
  }
  const char *raw = n ? data : "";
  const char *s = raw;
  size_t len = n;
  char *owned = NULL;
  const char *enc = "UTF-8";
  const char *from = NULL;
  size_t skip = 0;
  if (n >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0) {
    enc = "UTF-8 BOM";
    skip = 3;
  } else if (n >= 2 && memcmp(raw, "\xFF\xFE", 2) == 0) {
    enc = from = "UTF-16LE";
    skip = 2;
  } else if (n >= 2 && memcmp(raw, "\xFE\xFF", 2) == 0) {
    enc = from = "UTF-16BE";
    skip = 2;
  }
  s += skip;
  len -= skip;
  if (!from && !utf8_valid(s, len)) {
    if (skip) {
      /* a UTF-8 BOM followed by invalid UTF-8: do not guess */
      size_t off = 0;
      while (off < len) {
        size_t step = 0;
        if (utf8_decode(s + off, len - off, &step) < 0) {
          break;
        }
        off += step;
      }
      csv_error(err, "CSV 文件编码错误：文件以 UTF-8 标记开头，但第 %zu 行有无效的 UTF-8 字节",
                csv_line_of(s, off));
      return NULL;
    }
    enc = from = "GB18030";
  }
  if (from) {
    size_t out_n = 0;
    size_t bad = csv_iconv(from, s, len, &owned, &out_n);
    if (bad) {
      if (skip) {
        csv_error(err, "CSV 文件编码错误：%s 文本在第 %zu 个字节处无效", from, bad - 1 + skip);
      } else {
        csv_error(err,
                  "CSV 文件编码无法识别：既不是有效的 UTF-8，也不是 GB18030/GBK（第 %zu "
                  "行有无效字节）。请在 Excel 或 WPS 中另存为“CSV UTF-8”格式",
                  csv_line_of(s, bad - 1));
      }
      return NULL;
    }
    s = owned;
    len = out_n;
    if (!utf8_valid(s, len)) {
      free(owned);
      csv_error(err, "CSV 文件编码错误：%s 转换结果无效", from);
      return NULL;
    }
  }
  const char *nul = len ? memchr(s, '\0', len) : NULL;
  if (nul) {
    csv_error(err, "CSV 文件第 %zu 行含有空字符（NUL），这不是文本文件",
              csv_line_of(s, (size_t)(nul - s)));
    free(owned);
    return NULL;
  }
  char delim = opt && opt->delimiter ? opt->delimiter : 0;
  if (delim == '"' || delim == '\r' || delim == '\n') {
    csv_error(err, "CSV 分隔符无效");
    free(owned);
    return NULL;
  }
  if (!delim) {
    if (len >= 5 && memcmp(s, "sep=", 4) == 0 && (len == 5 || s[5] == '\n' || s[5] == '\r') &&
        s[4] != '"') {
      delim = s[4];
    } else {
      delim = csv_detect(s, len);
    }
  }
  if (info) {
    info->encoding = enc;
    info->delimiter = delim;
  }
  Table *t = csv_parse(s, len, delim, opt, err);
  free(owned);
  return t;
}

Table *csv_read_file(const char *path, const CsvOptions *opt, CsvInfo *info, char **err) {
  if (err) {
    *err = NULL;
  }
  size_t max_bytes = opt && opt->max_bytes ? opt->max_bytes : CSV_MAX_BYTES;
  FILE *f = fopen(path, "rb");
  if (!f) {
    csv_error(err, "无法打开 CSV 文件 %s：%s", path, strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
    fclose(f);
    csv_error(err, "无法读取 CSV 文件 %s：不是普通文件", path);
    return NULL;
  }
  if ((uintmax_t)st.st_size > max_bytes) {
    fclose(f);
    csv_error(err, "CSV 文件超过 %zu MiB 上限", max_bytes >> 20);
    return NULL;
  }
  size_t size = (size_t)st.st_size;
  char *data = malloc(size ? size : 1);
  if (!data) {
    abort();
  }
  size_t got = fread(data, 1, size, f);
  bool read_error = ferror(f) != 0;
  fclose(f);
  if (read_error || got != size) {
    free(data);
    csv_error(err, "读取 CSV 文件 %s 失败", path);
    return NULL;
  }
  Table *t = csv_read_mem(data, size, opt, info, err);
  free(data);
  return t;
}
