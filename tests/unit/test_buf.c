#include <criterion/criterion.h>
#include <string.h>

#include "base/buf.h"

Test(buf, zeroed_is_valid_and_empty) {
  Buf b = BUF_INIT;
  cr_assert_str_eq(buf_cstr(&b), "");
  cr_assert_eq(b.len, 0);
  buf_free(&b);
}

Test(buf, append_grows_and_stays_terminated) {
  Buf b = BUF_INIT;
  for (int i = 0; i < 1000; i++) {
    cr_assert_eq(buf_puts(&b, "党建"), 0);
  }
  cr_assert_eq(b.len, 6000);
  cr_assert_eq(b.data[b.len], '\0');
  cr_assert_eq(strlen(buf_cstr(&b)), 6000);
  buf_free(&b);
}

Test(buf, printf_formats) {
  Buf b = BUF_INIT;
  buf_printf(&b, "%s=%d;%05.1f", "应到", 12, 3.14159);
  cr_assert_str_eq(buf_cstr(&b), "应到=12;003.1");
  buf_free(&b);
}

Test(buf, cap_refuses_without_writing) {
  Buf b = BUF_INIT;
  buf_set_cap(&b, 8);
  cr_assert_eq(buf_puts(&b, "12345678"), 0);
  cr_assert_eq(buf_putc(&b, 'x'), -1);
  cr_assert(b.overflow);
  cr_assert_eq(buf_printf(&b, "%d", 1), -1);
  cr_assert_str_eq(buf_cstr(&b), "12345678");
  buf_free(&b);
  cr_assert_eq(b.cap, 8, "the cap survives buf_free");
}

Test(buf, html_escapes_all_five) {
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"", ""},
      {"plain 文本", "plain 文本"},
      {"<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"},
      {"a & b \"c\"", "a &amp; b &quot;c&quot;"},
      {"&amp;", "&amp;amp;"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    Buf b = BUF_INIT;
    buf_html(&b, cases[i].in, strlen(cases[i].in));
    cr_assert_str_eq(buf_cstr(&b), cases[i].out, "case %zu", i);
    buf_free(&b);
  }
}

Test(buf, urlencode) {
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"abc-._~", "abc-._~"},
      {"a b&c=d", "a%20b%26c%3Dd"},
      {"/orgs?x", "%2Forgs%3Fx"},
      {"党", "%E5%85%9A"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    Buf b = BUF_INIT;
    buf_urlencode(&b, cases[i].in, strlen(cases[i].in));
    cr_assert_str_eq(buf_cstr(&b), cases[i].out, "case %zu", i);
    buf_free(&b);
  }
}

Test(buf, take_and_truncate) {
  Buf b = BUF_INIT;
  buf_puts(&b, "hello world");
  buf_truncate(&b, 5);
  cr_assert_str_eq(buf_cstr(&b), "hello");
  buf_truncate(&b, 50);
  cr_assert_eq(b.len, 5);
  char *s = buf_take(&b);
  cr_assert_str_eq(s, "hello");
  cr_assert_eq(b.len, 0);
  cr_assert_null(b.data);
  free(s);
  char *empty = buf_take(&b);
  cr_assert_str_eq(empty, "");
  free(empty);
}
