/*
 * Tests of src/tmpl: the official Mustache spec (read from its JSON files at run time) and our
 * own cases: error messages with positions, escaping, names, lists, nesting, partial sets,
 * limits, threads and a performance sanity check.
 *
 * The spec lives in ../shared/testdata/mustache-spec/ relative to the repository root (the
 * working directory of the tests), or wherever MUSTACHE_SPEC_DIR points. When it is missing
 * the spec tests are skipped, not failed.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "tmpl/tmpl.h"

#include "base/banned.h"

/* ---- helpers ---------------------------------------------------------------------------- */

/* Source callback over a JSON object of name -> template string. */
static const char *tmpl_test_source(const char *name, size_t *len, void *ctx) {
  json_t *v = json_object_get((json_t *)ctx, name);
  if (!json_is_string(v)) {
    return NULL;
  }
  *len = json_string_length(v);
  return json_string_value(v);
}

/* Compiles and renders src with data (JSON text) and partials (JSON object text or NULL).
   Returns the malloc'd output, or NULL with *err set. */
static char *tmpl_test_render(const char *src, const char *data_json, const char *partials_json,
                              char **err) {
  json_error_t jerr;
  json_t *data = json_loads(data_json ? data_json : "{}", JSON_DECODE_ANY, &jerr);
  cr_assert_not_null(data, "bad test data: %s", jerr.text);
  json_t *partials = json_loads(partials_json ? partials_json : "{}", 0, &jerr);
  cr_assert_not_null(partials, "bad test partials: %s", jerr.text);
  TmplSet *set = tmpl_set_new(tmpl_test_source, partials);
  char *result = NULL;
  *err = NULL;
  Tmpl *t = tmpl_compile("t.mustache", src, strlen(src), err);
  if (t) {
    Buf out = BUF_INIT;
    if (tmpl_render(t, data, set, &out, err) == 0) {
      result = buf_take(&out);
    }
    buf_free(&out);
    tmpl_free(t);
  }
  tmpl_set_free(set);
  json_decref(partials);
  json_decref(data);
  return result;
}

static void expect_render(const char *src, const char *data_json, const char *expected) {
  char *err = NULL;
  char *got = tmpl_test_render(src, data_json, NULL, &err);
  cr_expect_not_null(got, "template %s failed: %s", src, err ? err : "?");
  if (got) {
    cr_expect_str_eq(got, expected, "template %s", src);
  }
  free(got);
  free(err);
}

static void expect_compile_error(const char *src, const char *expected) {
  char *err = NULL;
  Tmpl *t = tmpl_compile("templates/x.mustache", src, strlen(src), &err);
  cr_expect_null(t, "template %s compiled", src);
  cr_expect_not_null(err);
  if (err) {
    cr_expect_str_eq(err, expected, "template %s", src);
  }
  tmpl_free(t);
  free(err);
}

/* ---- the official spec ------------------------------------------------------------------ */

static const char *tmpl_spec_dir(void) {
  const char *dir = getenv("MUSTACHE_SPEC_DIR");
  return dir && *dir ? dir : "../shared/testdata/mustache-spec";
}

/* Runs every test of one spec file; returns the number of failures. */
static int run_spec_file(const char *file) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s.json", tmpl_spec_dir(), file);
  json_error_t jerr;
  json_t *root = json_load_file(path, 0, &jerr);
  if (!root) {
    printf("mustache spec not found at %s, spec tests skipped\n", tmpl_spec_dir());
    cr_skip_test("mustache spec not found at %s (%s)", tmpl_spec_dir(), jerr.text);
  }
  json_t *tests = json_object_get(root, "tests");
  cr_assert(json_is_array(tests), "%s: no tests array", path);
  int failures = 0;
  size_t i;
  json_t *test;
  json_array_foreach(tests, i, test) {
    const char *name = json_string_value(json_object_get(test, "name"));
    const char *src = json_string_value(json_object_get(test, "template"));
    const char *expected = json_string_value(json_object_get(test, "expected"));
    json_t *data = json_object_get(test, "data");
    json_t *partials = json_object_get(test, "partials");
    cr_assert(name && src && expected, "%s: malformed test #%zu", file, i);
    TmplSet *set = tmpl_set_new(tmpl_test_source, partials);
    char *err = NULL;
    Buf out = BUF_INIT;
    Tmpl *t = tmpl_compile(name, src, json_string_length(json_object_get(test, "template")), &err);
    int rc = t ? tmpl_render(t, data, set, &out, &err) : -1;
    if (rc < 0) {
      cr_expect_fail("%s.json / %s: error %s", file, name, err ? err : "?");
      failures++;
    } else if (strcmp(buf_cstr(&out), expected) != 0) {
      cr_expect_fail("%s.json / %s:\n  template %s\n  expected [%s]\n  got      [%s]", file, name,
                     src, expected, buf_cstr(&out));
      failures++;
    }
    free(err);
    buf_free(&out);
    tmpl_free(t);
    tmpl_set_free(set);
  }
  printf("mustache spec %s: %zu tests, %d failed\n", file, json_array_size(tests), failures);
  json_decref(root);
  return failures;
}

Test(tmpl_spec, comments) { run_spec_file("comments"); }
Test(tmpl_spec, delimiters) { run_spec_file("delimiters"); }
Test(tmpl_spec, interpolation) { run_spec_file("interpolation"); }
Test(tmpl_spec, inverted) { run_spec_file("inverted"); }
Test(tmpl_spec, partials) { run_spec_file("partials"); }
Test(tmpl_spec, sections) { run_spec_file("sections"); }

/* ---- errors ----------------------------------------------------------------------------- */

Test(tmpl, error_unclosed_section) {
  expect_compile_error("<ul>\n  {{#items}}\n  <li>{{name}}</li>\n</ul>\n",
                       "templates/x.mustache:2:3: 未闭合的区块 {{#items}}");
  expect_compile_error("{{^a}}{{#b}}x{{/b}}", "templates/x.mustache:1:1: 未闭合的区块 {{^a}}");
}

Test(tmpl, error_mismatched_end) {
  expect_compile_error(
      "a\n{{#a}}\n{{#b}}x{{/a}}\n{{/b}}",
      "templates/x.mustache:3:8: 结束标签 {{/a}} 与第 3 行第 1 列的 {{#b}} 不匹配");
}

Test(tmpl, error_stray_end) {
  expect_compile_error("x {{/a}}", "templates/x.mustache:1:3: 多余的结束标签 {{/a}}");
}

Test(tmpl, error_unclosed_tag) {
  expect_compile_error("line\nab {{name\nmore", "templates/x.mustache:2:4: 未闭合的标签 {{name…");
  expect_compile_error("{{{raw}}", "templates/x.mustache:1:1: 未闭合的标签 {{{raw}}");
  expect_compile_error("{{", "templates/x.mustache:1:1: 未闭合的标签 {{");
}

Test(tmpl, error_bad_delimiter) {
  expect_compile_error("x\n  {{=<% =}}", "templates/x.mustache:2:3: 无效的分隔符设置 {{=<% =}}");
  expect_compile_error("{{=a= b=}}", "templates/x.mustache:1:1: 无效的分隔符设置 {{=a= b=}}");
  expect_compile_error("{{=a b c=}}", "templates/x.mustache:1:1: 无效的分隔符设置 {{=a b c=}}");
}

Test(tmpl, error_bad_names) {
  expect_compile_error("{{ }}", "templates/x.mustache:1:1: 空的标签名 {{ }}");
  expect_compile_error("{{a b}}", "templates/x.mustache:1:1: 无效的标签名 {{a b}}");
  expect_compile_error("{{#a..b}}{{/a..b}}", "templates/x.mustache:1:1: 无效的标签名 {{#a..b}}");
  expect_compile_error("{{> }}", "templates/x.mustache:1:1: 无效的局部模板名 {{> }}");
}

Test(tmpl, error_column_counts_characters) {
  expect_compile_error("党员：{{#列表}}", "templates/x.mustache:1:4: 未闭合的区块 {{#列表}}");
}

Test(tmpl, error_long_tag_is_cut) {
  char src[200];
  snprintf(src, sizeof src, "{{#%s",
           "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十");
  char *err = NULL;
  cr_assert_null(tmpl_compile("x", src, strlen(src), &err));
  /* 3 + 19 * 3 = 60 bytes: the cut lands on a character boundary */
  cr_expect_str_eq(err, "x:1:1: 未闭合的标签 {{#一二三四五六七八九十一二三四五六七八九…");
  free(err);
}

Test(tmpl, error_nesting_limit) {
  Buf src = BUF_INIT;
  for (int i = 0; i < TMPL_MAX_NESTING + 1; i++) {
    buf_puts(&src, "{{#a}}");
  }
  char *err = NULL;
  cr_assert_null(tmpl_compile("deep", src.data, src.len, &err));
  cr_expect_str_eq(err, "deep:1:601: 区块嵌套超过 100 层 {{#a}}");
  free(err);
  buf_free(&src);
}

Test(tmpl, error_null_err_pointer_is_fine) { cr_expect_null(tmpl_compile("x", "{{#a}}", 6, NULL)); }

/* ---- rendering -------------------------------------------------------------------------- */

Test(tmpl, html_escapes_all_five) {
  expect_render("{{x}}|{{{x}}}|{{&x}}", "{\"x\": \"<a href='u'>&\\\"</a>\"}",
                "&lt;a href=&#39;u&#39;&gt;&amp;&quot;&lt;/a&gt;|<a href='u'>&\"</a>|"
                "<a href='u'>&\"</a>");
}

Test(tmpl, values) {
  expect_render("{{i}} {{n}} {{r}} {{big}} {{tiny}} {{t}} {{f}} [{{nul}}] [{{o}}] [{{l}}]",
                "{\"i\": -42, \"n\": 9007199254740993, \"r\": 0.1, \"big\": 1e300, "
                "\"tiny\": 2.5e-8, \"t\": true, \"f\": false, \"nul\": null, \"o\": {}, "
                "\"l\": [1]}",
                "-42 9007199254740993 0.1 1e+300 2.5e-08 true false [] [] []");
  expect_render("{{x}}", "{\"x\": 0.30000000000000004}", "0.30000000000000004");
}

Test(tmpl, dotted_names) {
  const char *data = "{\"branch\": {\"secretary\": {\"name\": \"张三\", \"age\": 50}},"
                     " \"name\": \"top\"}";
  expect_render("{{branch.secretary.name}}/{{branch.secretary.age}}/{{branch.x.name}}", data,
                "张三/50/");
  expect_render("{{#branch.secretary}}{{name}}{{/branch.secretary}}", data, "张三");
  expect_render("{{#branch}}{{#secretary}}{{name}}-{{branch.secretary.age}}{{/secretary}}"
                "{{/branch}}",
                data, "张三-50");
  expect_render("{{name.length}}", data, "");
}

Test(tmpl, list_of_objects) {
  expect_render("<ul>\n{{#members}}\n  <li>{{name}} ({{role}}){{^role}}群众{{/role}}</li>\n"
                "{{/members}}\n{{^members}}\n  <li>无</li>\n{{/members}}\n</ul>\n",
                "{\"members\": [{\"name\": \"甲\", \"role\": \"书记\"}, {\"name\": \"乙\","
                " \"role\": null}, {\"name\": \"<丙>\", \"role\": \"委员\"}]}",
                "<ul>\n  <li>甲 (书记)</li>\n  <li>乙 ()群众</li>\n"
                "  <li>&lt;丙&gt; (委员)</li>\n</ul>\n");
  expect_render("<ul>\n{{#members}}\n  <li>{{name}}</li>\n{{/members}}\n{{^members}}\n"
                "  <li>无</li>\n{{/members}}\n</ul>\n",
                "{\"members\": []}", "<ul>\n  <li>无</li>\n</ul>\n");
}

Test(tmpl, truthiness) {
  expect_render("{{#s}}s{{/s}}{{#z}}z{{/z}}{{#o}}o{{/o}}{{#n}}n{{/n}}{{#f}}f{{/f}}"
                "{{#e}}e{{/e}}{{#m}}m{{/m}}",
                "{\"s\": \"\", \"z\": 0, \"o\": {}, \"n\": null, \"f\": false, \"e\": []}", "szo");
}

Test(tmpl, deep_nesting) {
  /* data {v:0, k0: {v:1, k1: {v:2, … k89: true}}}; template {{#k0}}0{{v}}{{#k1}}1{{v}}…{{v}}{{/k1}}
     {{v}}{{/k0}}: inside k_i, v is i + 1, except inside k89 (true), where v falls back to 89 */
  Buf src = BUF_INIT, data = BUF_INIT, want = BUF_INIT;
  for (int i = 0; i < 90; i++) {
    buf_printf(&src, "{{#k%d}}%d{{v}}", i, i);
    buf_printf(&data, "{\"v\": %d, \"k%d\": ", i, i);
    buf_printf(&want, "%d%d", i, i < 89 ? i + 1 : 89);
  }
  buf_puts(&data, "true");
  for (int i = 89; i >= 0; i--) {
    buf_printf(&src, "{{v}}{{/k%d}}", i);
    buf_puts(&data, "}");
    buf_printf(&want, "%d", i < 89 ? i + 1 : 89);
  }
  expect_render(src.data, data.data, want.data);
  buf_free(&src);
  buf_free(&data);
  buf_free(&want);
}

Test(tmpl, set_delimiters_with_triple) {
  expect_render("{{=<% %>=}}<%x%> <%{x}%> <%&x%> {{x}}", "{\"x\": \"<\"}", "&lt; < < {{x}}");
}

Test(tmpl, null_data_and_null_partials) {
  char *err = NULL;
  const char *src = "a{{b}}{{#c}}c{{/c}}{{^c}}!{{/c}}{{>p}}{{.}}";
  Tmpl *t = tmpl_compile("x", src, strlen(src), &err);
  cr_assert_not_null(t, "%s", err);
  Buf out = BUF_INIT;
  cr_expect_eq(tmpl_render(t, NULL, NULL, &out, &err), 0);
  cr_expect_str_eq(buf_cstr(&out), "a!");
  buf_free(&out);
  tmpl_free(t);
}

Test(tmpl, string_with_nul_byte) {
  char *err = NULL;
  Tmpl *t = tmpl_compile("x", "[{{s}}|{{{s}}}]", 15, &err);
  cr_assert_not_null(t, "%s", err);
  json_t *data = json_pack("{s:s%}", "s", "a\0<", (size_t)3);
  Buf out = BUF_INIT;
  cr_expect_eq(tmpl_render(t, data, NULL, &out, &err), 0);
  cr_expect_eq(out.len, 12);
  cr_expect_eq(memcmp(out.data, "[a\0&lt;|a\0<]", 12), 0);
  buf_free(&out);
  json_decref(data);
  tmpl_free(t);
}

/* ---- sets and partials ------------------------------------------------------------------ */

typedef struct CountingSource {
  json_t *files;
  int calls;
  pthread_mutex_t mu;
} CountingSource;

static const char *counting_source(const char *name, size_t *len, void *ctx) {
  CountingSource *cs = ctx;
  pthread_mutex_lock(&cs->mu);
  cs->calls++;
  pthread_mutex_unlock(&cs->mu);
  return tmpl_test_source(name, len, cs->files);
}

Test(tmpl_set, render_caches_and_links) {
  CountingSource cs = {
      .files = json_pack("{s:s, s:s, s:s}", "page", "<h1>{{title}}</h1>\n  {{>list}}\n{{>gone}}",
                         "list", "<ul>\n{{#items}}\n  <li>{{>item}}</li>\n{{/items}}\n</ul>\n",
                         "item", "{{name}}"),
      .mu = PTHREAD_MUTEX_INITIALIZER,
  };
  TmplSet *set = tmpl_set_new(counting_source, &cs);
  json_t *data =
      json_pack("{s:s, s:[{s:s}, {s:s}]}", "title", "T", "items", "name", "a", "name", "b");
  for (int round = 0; round < 3; round++) {
    Buf out = BUF_INIT;
    char *err = NULL;
    cr_expect_eq(tmpl_set_render(set, "page", data, &out, &err), 0, "%s", err ? err : "");
    cr_expect_str_eq(buf_cstr(&out),
                     "<h1>T</h1>\n  <ul>\n    <li>a</li>\n    <li>b</li>\n  </ul>\n");
    buf_free(&out);
    free(err);
  }
  cr_expect_eq(cs.calls, 4, "page, list, gone, item: once each, got %d", cs.calls);
  tmpl_set_free(set);
  json_decref(data);
  json_decref(cs.files);
}

Test(tmpl_set, missing_template_is_error) {
  json_t *files = json_object();
  TmplSet *set = tmpl_set_new(tmpl_test_source, files);
  Buf out = BUF_INIT;
  char *err = NULL;
  cr_expect_eq(tmpl_set_render(set, "nope", NULL, &out, &err), -1);
  cr_expect_str_eq(err, "nope: 找不到模板");
  free(err);
  buf_free(&out);
  tmpl_set_free(set);
  json_decref(files);
}

Test(tmpl_set, partial_compile_error_is_reported_each_time) {
  json_t *files = json_pack("{s:s, s:s}", "page", "a{{>bad}}b", "bad", "x\n{{#open}}");
  TmplSet *set = tmpl_set_new(tmpl_test_source, files);
  for (int round = 0; round < 2; round++) {
    Buf out = BUF_INIT;
    char *err = NULL;
    cr_expect_eq(tmpl_set_render(set, "page", NULL, &out, &err), -1);
    cr_expect_str_eq(err, "bad:2:1: 未闭合的区块 {{#open}}");
    free(err);
    buf_free(&out);
  }
  tmpl_set_free(set);
  json_decref(files);
}

Test(tmpl_set, partial_recursion_limit) {
  json_t *files = json_pack("{s:s, s:s}", "page", "{{>loop}}", "loop", "x\n  {{>loop}}");
  TmplSet *set = tmpl_set_new(tmpl_test_source, files);
  Buf out = BUF_INIT;
  char *err = NULL;
  cr_expect_eq(tmpl_set_render(set, "page", NULL, &out, &err), -1);
  cr_expect_str_eq(err, "loop:2:3: 局部模板嵌套超过 64 层 {{>loop}}");
  free(err);
  buf_free(&out);
  tmpl_set_free(set);
  json_decref(files);
}

Test(tmpl_set, render_depth_limit) {
  Buf loop = BUF_INIT;
  for (int i = 0; i < 20; i++) {
    buf_puts(&loop, "{{#t}}");
  }
  buf_puts(&loop, "{{>loop}}");
  for (int i = 0; i < 20; i++) {
    buf_puts(&loop, "{{/t}}");
  }
  json_t *files = json_pack("{s:s}", "loop", loop.data);
  TmplSet *set = tmpl_set_new(tmpl_test_source, files);
  json_t *data = json_pack("{s:b}", "t", 1);
  Buf out = BUF_INIT;
  char *err = NULL;
  cr_expect_eq(tmpl_set_render(set, "loop", data, &out, &err), -1);
  /* 50 partials deep × 20 sections: the 1001st section (the 1st of the 51st loop) fails */
  cr_expect_str_eq(err, "loop:1:1: 区块嵌套（含局部模板）超过 1000 层 {{#t}}");
  free(err);
  buf_free(&out);
  buf_free(&loop);
  tmpl_set_free(set);
  json_decref(data);
  json_decref(files);
}

Test(tmpl_set, recursive_tree_partial) {
  json_t *files =
      json_pack("{s:s, s:s}", "tree", "<ul>\n{{#nodes}}\n  {{>node}}\n{{/nodes}}\n</ul>\n", "node",
                "<li>{{name}}</li>\n{{#nodes.0}}\n{{>tree}}\n{{/nodes.0}}\n");
  TmplSet *set = tmpl_set_new(tmpl_test_source, files);
  json_t *data =
      json_loads("{\"nodes\": [{\"name\": \"a\", \"nodes\": [{\"name\": \"b\"}]}]}", 0, NULL);
  Buf out = BUF_INIT;
  char *err = NULL;
  cr_expect_eq(tmpl_set_render(set, "tree", data, &out, &err), 0, "%s", err ? err : "");
  /* "nodes.0" is a key lookup of "0" in an array: missing, so the subtree never renders */
  cr_expect_str_eq(buf_cstr(&out), "<ul>\n  <li>a</li>\n</ul>\n");
  free(err);
  buf_free(&out);
  tmpl_set_free(set);
  json_decref(data);
  json_decref(files);
}

Test(tmpl_set, step_limit) {
  json_t *files = json_pack("{s:s}", "p",
                            "{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}x"
                            "{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}");
  TmplSet *set = tmpl_set_new(tmpl_test_source, files);
  tmpl_set_max_steps(set, 1000);
  json_t *data = json_loads("{\"l\": [1, 2, 3, 4]}", 0, NULL);
  Buf out = BUF_INIT;
  char *err = NULL;
  cr_expect_eq(tmpl_set_render(set, "p", data, &out, &err), -1);
  cr_expect_not_null(strstr(err, "渲染超过 1000 步"), "%s", err);
  free(err);
  buf_free(&out);
  tmpl_set_free(set);
  json_decref(data);
  json_decref(files);
}

Test(tmpl_set, output_cap) {
  json_t *files = json_pack("{s:s}", "p", "{{#l}}0123456789{{/l}}");
  TmplSet *set = tmpl_set_new(tmpl_test_source, files);
  json_t *data = json_loads("{\"l\": [1, 2, 3, 4]}", 0, NULL);
  Buf out = BUF_INIT;
  buf_set_cap(&out, 25);
  char *err = NULL;
  cr_expect_eq(tmpl_set_render(set, "p", data, &out, &err), -1);
  cr_expect_str_eq(err, "p:1:7: 输出超过 25 字节的上限");
  free(err);
  buf_free(&out);
  tmpl_set_free(set);
  json_decref(data);
  json_decref(files);
}

typedef struct ThreadArg {
  TmplSet *set;
  json_t *data;
  int failures;
} ThreadArg;

static void *render_thread(void *p) {
  ThreadArg *a = p;
  for (int i = 0; i < 200; i++) {
    Buf out = BUF_INIT;
    char *err = NULL;
    if (tmpl_set_render(a->set, i % 2 ? "a" : "b", a->data, &out, &err) != 0 ||
        strcmp(buf_cstr(&out), i % 2 ? "[x:1][x:2]" : "<[x:1][x:2]>") != 0) {
      a->failures++;
    }
    free(err);
    buf_free(&out);
  }
  return NULL;
}

Test(tmpl_set, concurrent_renders) {
  json_t *files = json_pack("{s:s, s:s, s:s}", "a", "{{#l}}{{>item}}{{/l}}", "b", "<{{>a}}>",
                            "item", "[x:{{.}}]");
  TmplSet *set = tmpl_set_new(tmpl_test_source, files);
  json_t *data = json_loads("{\"l\": [1, 2]}", 0, NULL);
  pthread_t th[8];
  ThreadArg args[8];
  for (int i = 0; i < 8; i++) {
    args[i] = (ThreadArg){set, data, 0};
    pthread_create(&th[i], NULL, render_thread, &args[i]);
  }
  for (int i = 0; i < 8; i++) {
    pthread_join(th[i], NULL);
    cr_expect_eq(args[i].failures, 0, "thread %d", i);
  }
  tmpl_set_free(set);
  json_decref(data);
  json_decref(files);
}

Test(tmpl, large_template_performance) {
  json_t *items = json_array();
  for (int i = 0; i < 10000; i++) {
    json_array_append_new(items, json_pack("{s:i, s:s, s:b, s:{s:s}}", "id", i, "name", "张三<&>",
                                           "active", i % 2, "branch", "name", "第一支部"));
  }
  json_t *data = json_pack("{s:o}", "items", items);
  Buf src = BUF_INIT;
  buf_puts(&src, "<table>\n{{#items}}\n  <tr>\n");
  for (int k = 0; k < 10; k++) {
    buf_puts(&src, "    <td>{{id}}</td><td>{{name}}</td><td>{{branch.name}}</td>\n"
                   "    {{#active}}<td>是</td>{{/active}}{{^active}}<td>否</td>{{/active}}\n");
  }
  buf_puts(&src, "  </tr>\n{{/items}}\n</table>\n");
  char *err = NULL;
  Tmpl *t = tmpl_compile("big", src.data, src.len, &err);
  cr_assert_not_null(t, "%s", err);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  Buf out = BUF_INIT;
  cr_expect_eq(tmpl_render(t, data, NULL, &out, &err), 0);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  cr_expect_gt(out.len, (size_t)10000 * 10 * 80);
  cr_expect_not_null(strstr(out.data, "<td>9999</td><td>张三&lt;&amp;&gt;</td><td>第一支部</td>"));
  cr_expect_lt(secs, 5.0, "10k rows took %.2fs", secs);
  buf_free(&out);
  buf_free(&src);
  tmpl_free(t);
  json_decref(data);
}
