/*
 * Unit tests of src/meeting/attachment_rules.c (which files a record takes, the limits, sizes
 * as text) and src/meeting/attachment_store.c (add, list, read, remove, scoped through the
 * record's org) on a fresh temporary database.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "fixture.h"
#include "meeting/attachment.h"
#include "org/org.h"
#include "web/scope.h"

#include "base/banned.h"

#define BYTES(s) (const unsigned char *)(s), sizeof(s) - 1

Test(attachment_rules, types_by_content_and_extension) {
  static const struct {
    const char *name;
    const unsigned char *data;
    size_t n;
    const char *type; /* NULL: refused */
    const char *why;
  } cases[] = {
      {"会议照片.jpg", BYTES("\xFF\xD8\xFF\xE0....JFIF"), "image/jpeg", NULL},
      {"IMG_0001.JPEG", BYTES("\xFF\xD8\xFF\xE1....Exif"), "image/jpeg", NULL},
      {"签到表.png", BYTES("\x89PNG\r\n\x1A\n....IHDR"), "image/png", NULL},
      {"纪要.pdf", BYTES("%PDF-1.7\n"), "application/pdf", NULL},
      {"记录.docx", BYTES("PK\x03\x04...."),
       "application/vnd.openxmlformats-officedocument.wordprocessingml.document", NULL},
      {"台账.xlsx", BYTES("PK\x03\x04...."),
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", NULL},
      {"旧记录.doc", BYTES("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1...."), "application/msword", NULL},
      {"旧台账.XLS", BYTES("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1...."), "application/vnd.ms-excel",
       NULL},
      /* renamed: the content decides */
      {"照片.jpg", BYTES("%PDF-1.4\n"), NULL, "扩展名与内容不符"},
      {"病毒.exe", BYTES("MZ\x90\x00"), NULL, "只能上传"},
      {"页面.html", BYTES("<html><script>"), NULL, "只能上传"},
      {"压缩包.zip", BYTES("PK\x03\x04...."), NULL, "扩展名与内容不符"},
      {"无扩展名", BYTES("\xFF\xD8\xFF\xE0"), NULL, "扩展名与内容不符"},
      {"短.png", BYTES("\x89PN"), NULL, "只能上传"},
      {"空.jpg", (const unsigned char *)"", 0, NULL, "文件是空的"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *why = NULL;
    const char *type = attachment_type(cases[i].name, cases[i].data, cases[i].n, &why);
    if (cases[i].type) {
      cr_assert_not_null(type, "case %zu (%s): %s", i, cases[i].name, why ? why : "");
      cr_assert_str_eq(type, cases[i].type, "case %zu", i);
      cr_assert_null(why, "case %zu", i);
    } else {
      cr_assert_null(type, "case %zu (%s) taken as %s", i, cases[i].name, type);
      cr_assert_not_null(strstr(why, cases[i].why), "case %zu: %s", i, why);
    }
  }
}

Test(attachment_rules, size_limit) {
  unsigned char *big = calloc(ATTACHMENT_MAX_BYTES + 1, 1);
  cr_assert_not_null(big);
  memcpy(big, "%PDF-1.7\n", 9);
  const char *why = NULL;
  cr_assert_not_null(attachment_type("a.pdf", big, ATTACHMENT_MAX_BYTES, &why), "exactly 10 MB");
  cr_assert_null(attachment_type("a.pdf", big, ATTACHMENT_MAX_BYTES + 1, &why));
  cr_assert_not_null(strstr(why, "10 MB"), "%s", why);
  free(big);
}

Test(attachment_rules, room_and_size_text) {
  cr_assert_null(attachment_room(0, 0, ATTACHMENT_MAX_TOTAL));
  cr_assert_not_null(attachment_room(0, 1, ATTACHMENT_MAX_TOTAL));
  cr_assert_null(attachment_room(ATTACHMENT_MAX_COUNT - 1, 0, 1));
  cr_assert_not_null(strstr(attachment_room(ATTACHMENT_MAX_COUNT, 0, 1), "20"));
  char s[24];
  attachment_size_text(850, s);
  cr_assert_str_eq(s, "850 字节");
  attachment_size_text(12800, s);
  cr_assert_str_eq(s, "12.5 KB");
  attachment_size_text((size_t)3355443, s);
  cr_assert_str_eq(s, "3.2 MB");
}

/* ---- store ---- */

static char tmp_dir[FIXTURE_DIR_SIZE];
static Db *db;
static int64_t b1, b2, m1;
static Scope s1 = SCOPE_INIT, s2 = SCOPE_INIT;

static void setup(void) {
  db = fixture_db_open(tmp_dir, "attach");
  int64_t town = fixture_org(db, 0, "town", "T01", "T01");
  b1 = fixture_org(db, town, "village", "T01B01", "T01B01");
  b2 = fixture_org(db, town, "village", "T01B02", "T01B02");
  cr_assert_eq(db_exec(db,
                       "INSERT INTO meeting(org_id, kind, held_at, due_date, entered_at, "
                       "updated_at) VALUES (?, 'party_congress', '2025-03-04 09:00', "
                       "'2025-03-07', 1, 1)",
                       "i", b1),
               DB_OK);
  m1 = db_last_id(db);
  fixture_scope(db, &s1, b1);
  fixture_scope(db, &s2, b2);
}

static void teardown(void) {
  scope_free(&s1);
  scope_free(&s2);
  fixture_db_close(db, tmp_dir);
}

TestSuite(attachment_store, .init = setup, .fini = teardown);

Test(attachment_store, add_list_read_remove_in_scope) {
  static const unsigned char png[] = "\x89PNG\r\n\x1A\n\x00\x01binary\x00data";
  int64_t id = 0;
  cr_assert_eq(attachment_add(db, m1, "签到表.png", "image/png", png, sizeof png, 0, 5, &id),
               DB_OK);
  int count = -1;
  size_t total = 0;
  cr_assert_eq(attachment_usage(db, m1, &count, &total), DB_OK);
  cr_assert_eq(count, 1);
  cr_assert_eq(total, sizeof png);

  json_t *list = attachment_list(db, &s1, m1);
  cr_assert_eq(json_array_size(list), 1);
  json_t *a = json_array_get(list, 0);
  cr_assert_str_eq(json_string_value(json_object_get(a, "name")), "签到表.png");
  cr_assert_eq(json_integer_value(json_object_get(a, "size")), (json_int_t)sizeof png);
  cr_assert_null(json_object_get(a, "data"), "the list carries no content");
  json_decref(list);

  char *name = NULL, *type = NULL;
  void *data = NULL;
  size_t n = 0;
  cr_assert_eq(attachment_read(db, &s1, m1, id, &name, &type, &data, &n), DB_OK);
  cr_assert_str_eq(type, "image/png");
  cr_assert_eq(n, sizeof png);
  cr_assert_eq(memcmp(data, png, n), 0, "bytes round-trip, NULs included");
  free(name);
  free(type);
  free(data);

  /* another branch sees nothing of it */
  list = attachment_list(db, &s2, m1);
  cr_assert_eq(json_array_size(list), 0);
  json_decref(list);
  cr_assert_eq(attachment_read(db, &s2, m1, id, &name, &type, &data, &n), DB_NOTFOUND);
  cr_assert_null(data);
  /* nor through another record's id */
  cr_assert_eq(attachment_read(db, &s1, m1 + 1, id, &name, &type, &data, &n), DB_NOTFOUND);

  cr_assert_eq(attachment_remove(db, m1 + 1, id), DB_NOTFOUND);
  cr_assert_eq(attachment_remove(db, m1, id), DB_OK);
  cr_assert_eq(attachment_remove(db, m1, id), DB_NOTFOUND);
  cr_assert_eq(attachment_usage(db, m1, &count, &total), DB_OK);
  cr_assert_eq(count, 0);
}

Test(attachment_store, removed_with_the_record) {
  int64_t id = 0;
  cr_assert_eq(attachment_add(db, m1, "a.pdf", "application/pdf", "%PDF-", 5, 0, 5, &id), DB_OK);
  cr_assert_eq(db_exec(db, "DELETE FROM meeting WHERE id = ?", "i", m1), DB_OK);
  cr_assert_eq(db_int(db, -1, "SELECT count(*) FROM meeting_attachment", ""), 0);
}
