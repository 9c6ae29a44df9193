/*
 * attachment_rules.c: which files a meeting record takes (pure: no I/O, no SQL).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "meeting/attachment.h"
#include "base/banned.h"

/* A recognised kind: the leading bytes, the extensions it may carry, the type served. */
static const struct {
  const char *magic;
  size_t magic_len;
  const char *exts; /* " .jpg .jpeg " */
  const char *type;
} kinds[] = {
    {"\xFF\xD8\xFF", 3, " .jpg .jpeg ", "image/jpeg"},
    {"\x89PNG\r\n\x1A\n", 8, " .png ", "image/png"},
    {"%PDF-", 5, " .pdf ", "application/pdf"},
    {"PK\x03\x04", 4, " .docx ",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"PK\x03\x04", 4, " .xlsx ", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, " .doc ", "application/msword"},
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, " .xls ", "application/vnd.ms-excel"},
};

/* Whether the extension of name (".JPG" as ".jpg") is one of exts. */
static bool ext_in(const char *name, const char *exts) {
  const char *dot = name ? strrchr(name, '.') : NULL;
  size_t n = dot ? strlen(dot) : 0;
  if (n < 2 || n > 6) {
    return false;
  }
  for (const char *p = exts; (p = strchr(p, '.')) != NULL; p++) {
    if (strncasecmp(p, dot, n) == 0 && p[n] == ' ') {
      return true;
    }
  }
  return false;
}

const char *attachment_type(const char *name, const unsigned char *data, size_t n,
                            const char **why) {
  *why = NULL;
  if (!data || n == 0) {
    *why = "文件是空的";
    return NULL;
  }
  if (n > ATTACHMENT_MAX_BYTES) {
    *why = "文件超过 10 MB，请压缩后再上传（照片可以用手机“压缩”或截图）";
    return NULL;
  }
  bool content_known = false;
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    if (n < kinds[i].magic_len || memcmp(data, kinds[i].magic, kinds[i].magic_len) != 0) {
      continue;
    }
    content_known = true;
    if (ext_in(name, kinds[i].exts)) {
      return kinds[i].type;
    }
  }
  *why = content_known ? "文件的扩展名与内容不符，请上传原始文件"
                       : "只能上传照片（JPG、PNG）、PDF、Word 或 Excel 文件";
  return NULL;
}

const char *attachment_room(int count, size_t total, size_t size) {
  if (count >= ATTACHMENT_MAX_COUNT) {
    return "一条会议记录最多 20 个附件";
  }
  if (total + size > ATTACHMENT_MAX_TOTAL) {
    return "一条会议记录的附件合计不能超过 40 MB";
  }
  return NULL;
}

void attachment_size_text(size_t n, char out[24]) {
  if (n < 1024) {
    snprintf(out, 24, "%zu 字节", n);
  } else if (n < (size_t)1024 * 1024) {
    snprintf(out, 24, "%.1f KB", (double)n / 1024.0);
  } else {
    snprintf(out, 24, "%.1f MB", (double)n / (1024.0 * 1024.0));
  }
}
