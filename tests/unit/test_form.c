/*
 * Tests for src/web/form.c: urlencoded and multipart decoders, header helpers.
 * Cases are tables; a decoded Form is compared through form_test_dump():
 *   name=value|name[filename](content-type)=value   (bytes < 0x20 shown as \xHH)
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/form.h"

#include "base/banned.h"

#define FT_LEN(lit) (sizeof(lit) - 1)

static void form_test_dump_bytes(Buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == '|' || c == '\\') {
      buf_printf(b, "\\x%02X", c);
    } else {
      buf_putc(b, (char)c);
    }
  }
}

/* Malloc'd text form of f; see the file comment. */
static char *form_test_dump(const Form *f) {
  Buf b = BUF_INIT;
  for (const FormField *x = form_next(f, NULL, NULL); x; x = form_next(f, NULL, x)) {
    if (x != f->a) {
      buf_putc(&b, '|');
    }
    form_test_dump_bytes(&b, x->name, strlen(x->name));
    if (x->filename) {
      buf_printf(&b, "[%s]", x->filename);
    }
    if (x->content_type) {
      buf_printf(&b, "(%s)", x->content_type);
    }
    buf_putc(&b, '=');
    cr_assert_eq(x->value[x->value_len], '\0');
    form_test_dump_bytes(&b, x->value, x->value_len);
  }
  return buf_take(&b);
}

/* ---- urlencoded ------------------------------------------------------------------------ */

typedef struct UrlCase {
  const char *in;
  int rc;
  const char *want; /* dump on success, or a substring of *why on error */
} UrlCase;

static const UrlCase url_cases[] = {
    {"a=1&b=%E4%B8%AD", FORM_OK, "a=1|b=中"},
    {"name=%E5%BC%A0%E4%B8%89&note=hello+world%21", FORM_OK, "name=张三|note=hello world!"},
    {"a", FORM_OK, "a="},
    {"&&a=1", FORM_OK, "a=1"},
    {"a=1&&&b=2&", FORM_OK, "a=1|b=2"},
    {"+", FORM_OK, " ="},
    {"", FORM_OK, ""},
    {"a==b", FORM_OK, "a==b"},
    {"=x", FORM_OK, "=x"},
    {"a=1&a=2", FORM_OK, "a=1|a=2"},
    {"a=%2b%2B%25%26%3d", FORM_OK, "a=++%&="},
    {"q=中文", FORM_OK, "q=中文"},
    {"a=%0D%0A", FORM_OK, "a=\\x0D\\x0A"},
    {"emoji=%F0%9F%98%80", FORM_OK, "emoji=😀"},
    {"a=%ZZ", FORM_EBAD, "十六进制"},
    {"a=%", FORM_EBAD, "十六进制"},
    {"a=%4", FORM_EBAD, "十六进制"},
    {"%G1=2", FORM_EBAD, "十六进制"},
    {"a=%E4", FORM_EBAD, "UTF-8"},
    {"a=%E4%B8", FORM_EBAD, "UTF-8"},
    {"a=%FF", FORM_EBAD, "UTF-8"},
    {"a=%C0%AF", FORM_EBAD, "UTF-8"},       /* overlong '/' */
    {"a=%ED%A0%80", FORM_EBAD, "UTF-8"},    /* surrogate */
    {"a=%F4%90%80%80", FORM_EBAD, "UTF-8"}, /* above U+10FFFF */
    {"%E4=1", FORM_EBAD, "UTF-8"},
    {"a=x%00y", FORM_EBAD, "空字符"},
};

Test(form_urlencoded, table) {
  for (size_t i = 0; i < sizeof url_cases / sizeof url_cases[0]; i++) {
    const UrlCase *c = &url_cases[i];
    Form f = FORM_INIT;
    const char *why = NULL;
    int rc = form_parse_urlencoded(&f, c->in, strlen(c->in), NULL, &why);
    cr_assert_eq(rc, c->rc, "case %zu \"%s\": rc %d, want %d", i, c->in, rc, c->rc);
    if (rc == 0) {
      char *got = form_test_dump(&f);
      cr_assert_str_eq(got, c->want, "case %zu \"%s\"", i, c->in);
      free(got);
    } else {
      cr_assert_not_null(why, "case %zu", i);
      cr_assert(strstr(why, c->want), "case %zu \"%s\": why \"%s\"", i, c->in, why);
      cr_assert_eq(f.n, 0);
    }
    form_free(&f);
  }
}

Test(form_urlencoded, raw_nul_is_rejected) {
  Form f = FORM_INIT;
  const char *why = NULL;
  cr_assert_eq(form_parse_urlencoded(&f, "a=1\0b", 5, NULL, &why), FORM_EBAD);
  cr_assert_eq(f.n, 0);
}

static char *url_repeat(size_t fields) {
  Buf b = BUF_INIT;
  for (size_t i = 0; i < fields; i++) {
    buf_printf(&b, "%sf%zu=%zu", i ? "&" : "", i, i);
  }
  return buf_take(&b);
}

Test(form_urlencoded, field_limit) {
  const char *why = NULL;
  Form f = FORM_INIT;
  char *s = url_repeat(1000);
  cr_assert_eq(form_parse_urlencoded(&f, s, strlen(s), NULL, &why), 0);
  cr_assert_eq(f.n, 1000);
  cr_assert_str_eq(form_get(&f, "f999"), "999");
  form_free(&f);
  free(s);
  s = url_repeat(1001);
  cr_assert_eq(form_parse_urlencoded(&f, s, strlen(s), NULL, &why), FORM_ETOOBIG);
  cr_assert_str_eq(why, "表单字段过多");
  cr_assert_eq(f.n, 0);
  free(s);
}

Test(form_urlencoded, size_limits) {
  const FormLimits lim = {.max_fields = 10, .max_field_bytes = 3, .max_file_bytes = 0,
                          .max_total_bytes = 40};
  const char *why = NULL;
  Form f = FORM_INIT;
  cr_assert_eq(form_parse_urlencoded(&f, "a=%E4%B8", 8, &lim, &why), FORM_EBAD);
  cr_assert_eq(form_parse_urlencoded(&f, "a=123", 5, &lim, &why), 0);
  cr_assert_eq(form_parse_urlencoded(&f, "a=%E4%B8%AD", 11, &lim, &why), 0); /* 3 bytes */
  cr_assert_eq(form_parse_urlencoded(&f, "b=1234", 6, &lim, &why), FORM_ETOOBIG);
  cr_assert_str_eq(why, "表单字段值过长");
  const char *big = "a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k";
  cr_assert_eq(form_parse_urlencoded(&f, big, strlen(big), &lim, &why), FORM_ETOOBIG);
  cr_assert_str_eq(why, "表单内容过大");
  cr_assert_eq(f.n, 2, "errors leave earlier fields alone");

  char name[FORM_MAX_NAME_BYTES + 4];
  memset(name, 'n', sizeof name);
  name[FORM_MAX_NAME_BYTES] = '=';
  cr_assert_eq(form_parse_urlencoded(&f, name, FORM_MAX_NAME_BYTES + 1, NULL, &why), 0);
  name[FORM_MAX_NAME_BYTES] = 'n';
  name[FORM_MAX_NAME_BYTES + 1] = '=';
  cr_assert_eq(form_parse_urlencoded(&f, name, FORM_MAX_NAME_BYTES + 2, NULL, &why),
               FORM_ETOOBIG);
  cr_assert_str_eq(why, "表单字段名过长");
  cr_assert_eq(f.n, 3);
  form_free(&f);
}

Test(form_urlencoded, appends_and_getters) {
  Form f = FORM_INIT;
  const char *q = "page=2&id=7&id=9";
  const char *body = "id=11&title=%E5%AD%A6%E4%B9%A0&empty=";
  cr_assert_eq(form_parse_urlencoded(&f, q, strlen(q), NULL, NULL), 0);
  cr_assert_eq(form_parse_urlencoded(&f, body, strlen(body), NULL, NULL), 0);
  cr_assert_eq(form_parse_urlencoded(&f, "a=%zz", 5, NULL, NULL), FORM_EBAD); /* why NULL ok */
  cr_assert_eq(f.n, 6);
  cr_assert_str_eq(form_get(&f, "id"), "7");
  cr_assert_str_eq(form_get(&f, "title"), "学习");
  cr_assert_str_eq(form_get(&f, "empty"), "");
  cr_assert_null(form_get(&f, "missing"));
  cr_assert_eq(form_count(&f, "id"), 3);
  cr_assert_eq(form_count(&f, "missing"), 0);
  cr_assert_eq(form_field(&f, "page")->value_len, 1);
  cr_assert_null(form_field(&f, "page")->filename);
  const char *want[] = {"7", "9", "11"};
  size_t k = 0;
  for (const FormField *x = form_next(&f, "id", NULL); x; x = form_next(&f, "id", x)) {
    cr_assert_str_eq(x->value, want[k++]);
  }
  cr_assert_eq(k, 3);
  form_free(&f);
  cr_assert_eq(f.n, 0);
  cr_assert_null(f.a);
  form_free(&f);
}

/* ---- multipart ------------------------------------------------------------------------- */

#define WK "----WebKitFormBoundaryePkpFF7tjBAqx29L"
#define WK_CT "multipart/form-data; boundary=" WK

/* Feeds body in pieces of `chunk` bytes (0: all at once) and finishes. Returns the first
 * error; *out gets the fields; *why the reason. */
static int mp_run(const char *ctype, const char *body, size_t n, size_t chunk,
                  const FormLimits *lim, Form *out, const char **why) {
  FormMultipart *mp = form_multipart_new(ctype, lim, why);
  cr_assert_not_null(mp, "content type \"%s\": %s", ctype, *why);
  int rc = 0;
  if (chunk == 0) {
    chunk = n ? n : 1;
  }
  for (size_t i = 0; i < n && rc == 0; i += chunk) {
    rc = form_multipart_feed(mp, body + i, n - i < chunk ? n - i : chunk);
  }
  if (rc == 0) {
    rc = form_multipart_finish(mp, out, why);
  } else {
    cr_assert_eq(form_multipart_feed(mp, "x", 1), rc, "errors are sticky");
    cr_assert_eq(form_multipart_finish(mp, out, why), rc);
    cr_assert_str_eq(*why, form_multipart_error(mp));
  }
  form_multipart_free(mp);
  return rc;
}

typedef struct MpCase {
  const char *label;
  const char *ctype; /* NULL: WK_CT */
  const char *body;
  size_t len; /* 0: strlen(body) */
  int rc;
  const char *want; /* dump on success, or a substring of *why on error */
} MpCase;

static const char mp_bin_body[] =
    "--" WK "\r\n"
    "Content-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n"
    "Content-Type: application/octet-stream\r\n"
    "\r\n"
    "\0\r\n--\r\n--" "----WebKit\r\r\n\r\n-" "\r\n"
    "--" WK "--\r\n";

static const char mp_nul_body[] =
    "--b\r\nContent-Disposition: form-data; name=\"a\0\"\r\n\r\nv\r\n--b--";

static const MpCase mp_cases[] = {
    {"single text field", NULL,
     "------WebKitFormBoundaryePkpFF7tjBAqx29L\r\n"
     "Content-Disposition: form-data; name=\"title\"\r\n"
     "\r\n"
     "两学一做学习教育\r\n"
     "------WebKitFormBoundaryePkpFF7tjBAqx29L--\r\n",
     0, FORM_OK, "title=两学一做学习教育"},
    {"text fields and a file", NULL,
     "--" WK "\r\n"
     "Content-Disposition: form-data; name=\"branch\"\r\n\r\n"
     "第一党支部\r\n"
     "--" WK "\r\n"
     "Content-Disposition: form-data; name=\"upload\"; filename=\"members.csv\"\r\n"
     "Content-Type: text/csv\r\n\r\n"
     "name,joined\r\n张三,2001-07-01\r\n\r\n"
     "--" WK "\r\n"
     "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
     "\r\n"
     "--" WK "--\r\n",
     0, FORM_OK,
     "branch=第一党支部|upload[members.csv](text/csv)=name,joined\\x0D\\x0A张三,2001-07-01"
     "\\x0D\\x0A|note="},
    {"filename* wins", NULL,
     "--" WK "\r\n"
     "Content-Disposition: form-data; name=\"file\"; filename=\"____.xlsx\"; "
     "filename*=UTF-8''%E5%85%9A%E5%91%98%E5%90%8D%E5%86%8C.xlsx\r\n"
     "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
     "PK\r\n"
     "--" WK "--",
     0, FORM_OK,
     "file[党员名册.xlsx](application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)=PK"},
    {"filename* alone, latin1", NULL,
     "--" WK "\r\n"
     "Content-Disposition: form-data; name=\"file\"; filename*=iso-8859-1'de'%E4pfel.txt\r\n"
     "\r\n"
     "x\r\n"
     "--" WK "--",
     0, FORM_OK, "file[äpfel.txt]=x"},
    {"raw UTF-8 filename as browsers send it", NULL,
     "--" WK "\r\n"
     "Content-Disposition: form-data; name=\"file\"; filename=\"党员名册.xlsx\"\r\n"
     "Content-Type: application/octet-stream\r\n\r\n"
     "\r\n"
     "--" WK "--\r\n",
     0, FORM_OK, "file[党员名册.xlsx](application/octet-stream)="},
    {"no file chosen", NULL,
     "--" WK "\r\n"
     "Content-Disposition: form-data; name=\"file\"; filename=\"\"\r\n"
     "Content-Type: application/octet-stream\r\n\r\n"
     "\r\n"
     "--" WK "--\r\n",
     0, FORM_OK, "file[](application/octet-stream)="},
    {"IE full path", NULL,
     "--" WK "\r\n"
     "Content-Disposition: form-data; name=\"f\"; filename=\"C:\\Users\\王\\报告.docx\"\r\n\r\n"
     "d\r\n"
     "--" WK "--\r\n",
     0, FORM_OK, "f[报告.docx]=d"},
    {"curl-escaped quote", NULL,
     "--" WK "\r\n"
     "Content-Disposition: form-data; name=\"f\"; filename=\"a\\\"b.txt\"\r\n\r\n"
     "d\r\n"
     "--" WK "--\r\n",
     0, FORM_OK, "f[a\"b.txt]=d"},
    {"binary file content", NULL, mp_bin_body, FT_LEN(mp_bin_body), FORM_OK,
     "f[x.bin](application/octet-stream)=\\x00\\x0D\\x0A--\\x0D\\x0A------WebKit\\x0D\\x0D"
     "\\x0A\\x0D\\x0A-"},
    {"RFC 2046 example: quoted boundary with a space, preamble, epilogue",
     "multipart/form-data; boundary=\"simple boundary\"",
     "This is the preamble.  It is to be ignored, though it\r\n"
     "is a handy place for composition agents to include an\r\n"
     "explanatory note to non-MIME conformant readers.\r\n"
     "\r\n"
     "--simple boundary\r\n"
     "Content-Disposition: form-data; name=a\r\n"
     "\r\n"
     "This is implicitly typed plain US-ASCII text.\r\n"
     "It does NOT end with a linebreak.\r\n"
     "--simple boundary\r\n"
     "Content-type: text/plain; charset=us-ascii\r\n"
     "content-disposition: FORM-DATA; NAME=\"b\"\r\n"
     "\r\n"
     "This is explicitly typed plain US-ASCII text.\r\n"
     "It DOES end with a linebreak.\r\n"
     "\r\n"
     "--simple boundary--\r\n"
     "\r\n"
     "This is the epilogue.  It is also to be ignored.\r\n"
     "--simple boundary\r\nnot a part\r\n",
     0, FORM_OK,
     "a=This is implicitly typed plain US-ASCII text.\\x0D\\x0AIt does NOT end with a "
     "linebreak.|b(text/plain; charset=us-ascii)=This is explicitly typed plain US-ASCII "
     "text.\\x0D\\x0AIt DOES end with a linebreak.\\x0D\\x0A"},
    {"case-insensitive header and unquoted boundary", "Multipart/Form-Data;Boundary=abc; x=y",
     "--abc\r\ncontent-disposition:form-data;name=k\r\n\r\nv\r\n--abc--", 0, FORM_OK, "k=v"},
    {"transport padding after the delimiter", "multipart/form-data; boundary=b",
     "--b \t\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nv\r\n--b--", 0, FORM_OK,
     "k=v"},
    {"no parts", "multipart/form-data; boundary=b", "--b--\r\n", 0, FORM_OK, ""},
    {"boundary prefix inside content", "multipart/form-data; boundary=bound",
     "--bound\r\nContent-Disposition: form-data; name=k\r\n\r\n\r\n--boun\r\n-\r\r\n--bound--",
     0, FORM_OK, "k=\\x0D\\x0A--boun\\x0D\\x0A-\\x0D"},
    {"duplicate names kept in order", "multipart/form-data; boundary=b",
     "--b\r\nContent-Disposition: form-data; name=id\r\n\r\n1\r\n"
     "--b\r\nContent-Disposition: form-data; name=id\r\n\r\n2\r\n--b--",
     0, FORM_OK, "id=1|id=2"},
    {"missing closing boundary", NULL,
     "--" WK "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--" WK "\r\n", 0,
     FORM_EBAD, "结束分隔符"},
    {"truncated in content", NULL,
     "--" WK "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1", 0, FORM_EBAD,
     "结束分隔符"},
    {"truncated in a delimiter", NULL,
     "--" WK "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--" WK "-", 0, FORM_EBAD,
     "结束分隔符"},
    {"empty body", NULL, "", 0, FORM_EBAD, "结束分隔符"},
    {"preamble only", NULL, "hello\r\n", 0, FORM_EBAD, "结束分隔符"},
    {"junk after a delimiter", "multipart/form-data; boundary=b",
     "--bx\r\nContent-Disposition: form-data; name=k\r\n\r\nv\r\n--b--", 0, FORM_EBAD, "分隔符"},
    {"single dash after a delimiter", "multipart/form-data; boundary=b", "--b-x", 0, FORM_EBAD,
     "分隔符"},
    {"bare LF line endings", "multipart/form-data; boundary=b",
     "--b\r\nContent-Disposition: form-data; name=k\n\nv\r\n--b--", 0, FORM_EBAD, "头部"},
    {"no Content-Disposition", "multipart/form-data; boundary=b",
     "--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--", 0, FORM_EBAD, "form-data"},
    {"no headers at all", "multipart/form-data; boundary=b", "--b\r\n\r\nv\r\n--b--", 0,
     FORM_EBAD, "form-data"},
    {"not form-data", "multipart/form-data; boundary=b",
     "--b\r\nContent-Disposition: attachment; name=k\r\n\r\nv\r\n--b--", 0, FORM_EBAD,
     "form-data"},
    {"no name", "multipart/form-data; boundary=b",
     "--b\r\nContent-Disposition: form-data; filename=a.txt\r\n\r\nv\r\n--b--", 0, FORM_EBAD,
     "字段名"},
    {"two Content-Dispositions", "multipart/form-data; boundary=b",
     "--b\r\nContent-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b"
     "\r\n\r\nv\r\n--b--",
     0, FORM_EBAD, "头部"},
    {"folded header", "multipart/form-data; boundary=b",
     "--b\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\nv\r\n--b--", 0, FORM_EBAD, "头部"},
    {"header without colon", "multipart/form-data; boundary=b",
     "--b\r\nContent-Disposition form-data; name=a\r\n\r\nv\r\n--b--", 0, FORM_EBAD, "头部"},
    {"unterminated quote", "multipart/form-data; boundary=b",
     "--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--b--", 0, FORM_EBAD, "头部"},
    {"NUL in headers", "multipart/form-data; boundary=b",
     mp_nul_body, FT_LEN(mp_nul_body), FORM_EBAD, "空字符"},
    {"invalid UTF-8 text field", "multipart/form-data; boundary=b",
     "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n\xE4\xB8\r\n--b--", 0, FORM_EBAD,
     "UTF-8"},
    {"invalid UTF-8 in a file is fine", "multipart/form-data; boundary=b",
     "--b\r\nContent-Disposition: form-data; name=a; filename=x\r\n\r\n\xE4\xB8\r\n--b--", 0,
     FORM_OK, "a[x]=\xE4\xB8"},
    {"invalid UTF-8 filename", "multipart/form-data; boundary=b",
     "--b\r\nContent-Disposition: form-data; name=a; filename=\"\xFF.txt\"\r\n\r\nv\r\n--b--",
     0, FORM_EBAD, "文件名"},
    {"bad filename* charset", "multipart/form-data; boundary=b",
     "--b\r\nContent-Disposition: form-data; name=a; filename*=GBK''%B5%B3\r\n\r\nv\r\n--b--",
     0, FORM_EBAD, "文件名"},
    {"bad filename* escape", "multipart/form-data; boundary=b",
     "--b\r\nContent-Disposition: form-data; name=a; filename*=UTF-8''%E5%8\r\n\r\nv\r\n--b--",
     0, FORM_EBAD, "文件名"},
    {"filename* without quotes section", "multipart/form-data; boundary=b",
     "--b\r\nContent-Disposition: form-data; name=a; filename*=abc.txt\r\n\r\nv\r\n--b--", 0,
     FORM_EBAD, "文件名"},
};

Test(form_multipart, table) {
  for (size_t i = 0; i < sizeof mp_cases / sizeof mp_cases[0]; i++) {
    const MpCase *c = &mp_cases[i];
    size_t len = c->len ? c->len : strlen(c->body);
    for (size_t chunk = 0; chunk <= 7; chunk++) {
      Form f = FORM_INIT;
      const char *why = NULL;
      int rc = mp_run(c->ctype ? c->ctype : WK_CT, c->body, len, chunk, NULL, &f, &why);
      cr_assert_eq(rc, c->rc, "%s (chunk %zu): rc %d, want %d (%s)", c->label, chunk, rc, c->rc,
                   why ? why : "");
      if (rc == 0) {
        char *got = form_test_dump(&f);
        cr_assert_str_eq(got, c->want, "%s (chunk %zu)", c->label, chunk);
        free(got);
      } else {
        cr_assert(strstr(why, c->want), "%s: why \"%s\"", c->label, why);
        cr_assert_eq(f.n, 0);
      }
      form_free(&f);
    }
  }
}

/* Every chunk size from 1 to the whole body gives the same fields, for every case. */
Test(form_multipart, all_chunk_sizes) {
  for (size_t i = 0; i < sizeof mp_cases / sizeof mp_cases[0]; i++) {
    const MpCase *c = &mp_cases[i];
    size_t len = c->len ? c->len : strlen(c->body);
    for (size_t chunk = 1; chunk <= len; chunk++) {
      Form f = FORM_INIT;
      const char *why = NULL;
      int rc = mp_run(c->ctype ? c->ctype : WK_CT, c->body, len, chunk, NULL, &f, &why);
      cr_assert_eq(rc, c->rc, "%s (chunk %zu)", c->label, chunk);
      if (rc == 0) {
        char *got = form_test_dump(&f);
        cr_assert_str_eq(got, c->want, "%s (chunk %zu)", c->label, chunk);
        free(got);
      }
      form_free(&f);
    }
  }
}

/* The body split into two pieces at every position, so a boundary is cut at each byte. */
Test(form_multipart, split_at_every_byte) {
  const char *body = mp_cases[1].body;
  size_t len = strlen(body);
  for (size_t cut = 0; cut <= len; cut++) {
    FormMultipart *mp = form_multipart_new(WK_CT, NULL, NULL);
    cr_assert_eq(form_multipart_feed(mp, body, cut), 0);
    cr_assert_eq(form_multipart_feed(mp, body + cut, len - cut), 0);
    Form f = FORM_INIT;
    cr_assert_eq(form_multipart_finish(mp, &f, NULL), 0);
    char *got = form_test_dump(&f);
    cr_assert_str_eq(got, mp_cases[1].want, "cut at %zu", cut);
    free(got);
    form_free(&f);
    form_multipart_free(mp);
  }
}

static const char mp_limit_body[] =
    "--b\r\n"
    "Content-Disposition: form-data; name=\"t\"\r\n\r\n"
    "12345\r\n"
    "--b\r\n"
    "Content-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\n"
    "0123456789\r\n"
    "--b--\r\n";

Test(form_multipart, limits) {
  struct {
    FormLimits lim;
    int rc;
    const char *why;
  } cases[] = {
      {{3, 5, 10, 1000}, FORM_OK, NULL},
      {{1, 5, 10, 1000}, FORM_ETOOBIG, "表单字段过多"},
      {{3, 4, 10, 1000}, FORM_ETOOBIG, "表单字段值过长"},
      {{3, 5, 9, 1000}, FORM_ETOOBIG, "上传的文件过大"},
      {{3, 5, 10, FT_LEN(mp_limit_body) - 1}, FORM_ETOOBIG, "上传内容过大"},
      {{3, 5, 10, FT_LEN(mp_limit_body)}, FORM_OK, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    for (size_t chunk = 0; chunk < 4; chunk++) {
      Form f = FORM_INIT;
      const char *why = NULL;
      int rc = mp_run("multipart/form-data; boundary=b", mp_limit_body, FT_LEN(mp_limit_body),
                      chunk, &cases[i].lim, &f, &why);
      cr_assert_eq(rc, cases[i].rc, "case %zu chunk %zu: %d %s", i, chunk, rc, why);
      if (rc) {
        cr_assert_str_eq(why, cases[i].why, "case %zu", i);
      } else {
        cr_assert_str_eq(form_get(&f, "t"), "12345");
        cr_assert_eq(form_field(&f, "f")->value_len, 10);
      }
      form_free(&f);
    }
  }
}

Test(form_multipart, oversize_file_with_default_limits) {
  FormMultipart *mp = form_multipart_new(WK_CT, NULL, NULL);
  const char *head = "--" WK "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big.bin\""
                     "\r\n\r\n";
  cr_assert_eq(form_multipart_feed(mp, head, strlen(head)), 0);
  size_t block = 1 << 20;
  char *zeros = calloc(1, block);
  int rc = 0;
  size_t fed = 0;
  while (rc == 0 && fed <= form_default_limits.max_file_bytes) {
    rc = form_multipart_feed(mp, zeros, block);
    fed += block;
  }
  cr_assert_eq(rc, FORM_ETOOBIG);
  cr_assert_str_eq(form_multipart_error(mp), "上传的文件过大");
  cr_assert_eq(fed, form_default_limits.max_file_bytes + block);
  Form f = FORM_INIT;
  const char *why = NULL;
  cr_assert_eq(form_multipart_finish(mp, &f, &why), FORM_ETOOBIG);
  cr_assert_eq(f.n, 0);
  form_multipart_free(mp);
  free(zeros);
}

Test(form_multipart, header_too_long) {
  Buf b = BUF_INIT;
  buf_puts(&b, "--b\r\nContent-Disposition: form-data; name=a\r\nX-Long: ");
  for (size_t i = 0; i < FORM_MAX_PART_HEADER_BYTES; i++) {
    buf_putc(&b, 'x');
  }
  buf_puts(&b, "\r\n\r\nv\r\n--b--\r\n");
  for (size_t chunk = 0; chunk < 3; chunk++) {
    Form f = FORM_INIT;
    const char *why = NULL;
    int rc = mp_run("multipart/form-data; boundary=b", b.data, b.len, chunk ? chunk * 97 : 0,
                    NULL, &f, &why);
    cr_assert_eq(rc, FORM_ETOOBIG);
    cr_assert(strstr(why, "头部过长"));
  }
  buf_free(&b);
}

Test(form_multipart, bad_content_type) {
  const char *bad[] = {
      NULL,
      "",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/mixed; boundary=abc",
      "multipart/form-data",
      "multipart/form-data;",
      "multipart/form-data; charset=utf-8",
      "multipart/form-data; boundary=",
      "multipart/form-data; boundary=\"\"",
      "multipart/form-data; boundary=\"abc",
      "multipart/form-data; boundary=\"abc \"",
      "multipart/form-data; boundary=\"a\\\"b\"",
      "multipart/form-data; boundary=a<b",
      "multipart/form-data; boundary=\"a\rb\"",
      "multipart/form-data; boundary=\"a\r\nb\"",
      "multipart/form-data; boundary=abc def",
      "multipart/form-data; boundary=\"----WebKitFormBoundary\\\\\"",
      "multipart/form-data x; boundary=abc",
      "multipart/form-data; boundary=0123456789012345678901234567890123456789012345678901234567"
      "890123456789X",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    const char *why = NULL;
    FormMultipart *mp = form_multipart_new(bad[i], NULL, &why);
    cr_assert_null(mp, "case %zu \"%s\"", i, bad[i] ? bad[i] : "(null)");
    cr_assert_not_null(why);
    cr_assert(strstr(why, "Content-Type"));
  }
  const char *good[] = {
      "multipart/form-data; boundary=0123456789012345678901234567890123456789012345678901234567"
      "890123456789",
      "multipart/form-data; boundary=\"a b'()+_,-./:=?\"",
      "  multipart/form-data ; boundary = abc ; charset=utf-8",
      "multipart/form-data; charset=\"x;y\"; boundary=abc; boundary=ignored",
      WK_CT,
  };
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    const char *why = NULL;
    FormMultipart *mp = form_multipart_new(good[i], NULL, &why);
    cr_assert_not_null(mp, "case %zu \"%s\": %s", i, good[i], why);
    form_multipart_free(mp);
  }
  cr_assert_null(form_multipart_new("text/plain", NULL, NULL)); /* why NULL is allowed */
}

Test(form_multipart, misuse) {
  FormMultipart *mp = form_multipart_new("multipart/form-data; boundary=b", NULL, NULL);
  cr_assert_eq(form_multipart_feed(mp, NULL, 0), 0);
  cr_assert_eq(form_multipart_feed(mp, "--b--", 5), 0);
  Form f = FORM_INIT;
  cr_assert_eq(form_multipart_finish(mp, &f, NULL), 0);
  cr_assert_null(form_multipart_error(mp));
  const char *why = NULL;
  cr_assert_eq(form_multipart_finish(mp, &f, &why), FORM_EBAD);
  cr_assert_eq(form_multipart_feed(mp, "x", 1), FORM_EBAD);
  form_multipart_free(mp);
  form_multipart_free(NULL);
  form_free(&f);
}

Test(form_multipart, finish_appends) {
  Form f = FORM_INIT;
  cr_assert_eq(form_parse_urlencoded(&f, "q=1", 3, NULL, NULL), 0);
  const char *body = "--b\r\nContent-Disposition: form-data; name=k\r\n\r\nv\r\n--b--";
  const char *why = NULL;
  cr_assert_eq(mp_run("multipart/form-data; boundary=b", body, strlen(body), 0, NULL, &f, &why),
               0);
  char *got = form_test_dump(&f);
  cr_assert_str_eq(got, "q=1|k=v");
  free(got);
  form_free(&f);
}

/* ---- header helpers -------------------------------------------------------------------- */

Test(form_headers, content_disposition) {
  struct {
    const char *disp, *name;
    int rc;
    const char *want;
  } cases[] = {
      {"attachment", "党员花名册 2024.xlsx", 0,
       "attachment; filename=\"_____ 2024.xlsx\"; "
       "filename*=UTF-8''%E5%85%9A%E5%91%98%E8%8A%B1%E5%90%8D%E5%86%8C%202024.xlsx"},
      {"attachment", "report.csv", 0, "attachment; filename=\"report.csv\""},
      {"inline", "a\"b\\c.txt", 0, "inline; filename=\"a\\\"b\\\\c.txt\""},
      {"attachment", "tab\there", 0,
       "attachment; filename=\"tab_here\"; filename*=UTF-8''tab%09here"},
      {"attachment", "😀.txt", 0,
       "attachment; filename=\"_.txt\"; filename*=UTF-8''%F0%9F%98%80.txt"},
      {"attachment", NULL, 0, "attachment"},
      {"attachment", "", 0, "attachment"},
      {"attachment", "\xE4\xB8.txt", FORM_EBAD, ""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    Buf b = BUF_INIT;
    cr_assert_eq(form_content_disposition(&b, cases[i].disp, cases[i].name), cases[i].rc,
                 "case %zu", i);
    cr_assert_str_eq(buf_cstr(&b), cases[i].want, "case %zu", i);
    buf_free(&b);
  }
  Buf small = BUF_INIT;
  buf_set_cap(&small, 20);
  cr_assert_eq(form_content_disposition(&small, "attachment", "党员花名册 2024.xlsx"), -1);
  cr_assert(small.overflow);
  buf_free(&small);
}

Test(form_headers, media_type_is) {
  struct {
    const char *header, *type;
    bool want;
  } cases[] = {
      {"application/json", "application/json", true},
      {"application/json; charset=utf-8", "application/json", true},
      {"Application/JSON;charset=UTF-8", "application/json", true},
      {"  application/x-www-form-urlencoded ", "application/x-www-form-urlencoded", true},
      {"multipart/form-data; boundary=x", "multipart/form-data", true},
      {"application/jsonx", "application/json", false},
      {"application/json x", "application/json", false},
      {"application/jso", "application/json", false},
      {"text/html", "application/json", false},
      {"", "application/json", false},
      {NULL, "application/json", false},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cr_assert_eq(form_media_type_is(cases[i].header, cases[i].type), cases[i].want, "case %zu",
                 i);
  }
}

Test(form_headers, accepts_json) {
  struct {
    const char *accept;
    bool want;
  } cases[] = {
      {"application/json", true},
      {"application/json, text/plain, */*", true},
      {"Application/JSON;charset=utf-8", true},
      {"application/json;q=0.9, text/html;q=0.8", true},
      {"text/html;q=0.5,application/json", true},
      {"application/json, text/html;q=0", true},
      {"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
       false},
      {"*/*", false},
      {"application/json, text/html", false},
      {"text/html, application/json", false},
      {"application/json;q=0.5, text/html;q=0.5", false},
      {"application/json;q=0", false},
      {"application/json;q=0.000", false},
      {"application/json;q=0.001", true},
      {"application/json;q=1.0", true},
      {"application/json;q=1.001", false},
      {"application/json;q=2", false},
      {"application/json;q=abc", false},
      {"application/json;q=0.5, text/html;q=bad", true},
      {"text/html;q=0.9, application/json;q=0.95", true},
      {"text/*, application/json", true},
      {"", false},
      {NULL, false},
      {",,,", false},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cr_assert_eq(form_accepts_json(cases[i].accept), cases[i].want, "case %zu \"%s\"", i,
                 cases[i].accept ? cases[i].accept : "(null)");
  }
}

Test(form_headers, cookie) {
  struct {
    const char *header, *name, *want;
  } cases[] = {
      {"dj_session=abc123; theme=dark", "dj_session", "abc123"},
      {"dj_session=abc123; theme=dark", "theme", "dark"},
      {"theme=dark;dj_session=x", "dj_session", "x"},
      {"  a = 1 ;b=2", "a", "1"},
      {"a=\"quoted value\"", "a", "quoted value"},
      {"a=\"", "a", "\""},
      {"a=", "a", ""},
      {"a=1; a=2", "a", "1"},
      {"xa=1; a=2", "a", "2"},
      {"A=1", "a", NULL},
      {"a", "a", NULL},
      {"b=1", "a", NULL},
      {"a=x=y", "a", "x=y"},
      {"", "a", NULL},
      {NULL, "a", NULL},
      {"a=1", "", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *got = form_cookie(cases[i].header, cases[i].name);
    if (cases[i].want) {
      cr_assert_not_null(got, "case %zu", i);
      cr_assert_str_eq(got, cases[i].want, "case %zu", i);
    } else {
      cr_assert_null(got, "case %zu", i);
    }
    free(got);
  }
}
