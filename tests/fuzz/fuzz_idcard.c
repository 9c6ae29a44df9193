/*
 * Fuzz target for idcard_normalize_on, phone_normalize and the masks. Invariants checked (abort
 * on violation): a successful ID normalisation gives 18 characters (17 digits + digit or X) whose
 * check character is right, a valid birth date in range and a known province, and normalising
 * that output again gives the same number and the same facts; a successful phone normalisation
 * normalises to itself; every failure has a reason and leaves the output empty; the masks
 * always give a NUL-terminated string that reveals no more than the rules allow.
 * Corpus: tests/fuzz/corpus/idcard/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "member/idcard.h"

#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_check(bool ok, const char *what) {
  if (!ok) {
    fprintf(stderr, "fuzz_idcard: invariant failed: %s\n", what);
    abort();
  }
}

static void fuzz_idcard(const char *s, size_t size) {
  static const Date today = {2024, 6, 15};
  char out[IDCARD_SIZE];
  IdcardInfo info;
  const char *why = NULL;
  if (idcard_normalize_on(s, size, today, out, &info, &why) != 0) {
    fuzz_check(why != NULL && why[0] != '\0', "id failure has a reason");
    fuzz_check(out[0] == '\0', "id failure leaves out empty");
    return;
  }
  fuzz_check(strlen(out) == 18, "id is 18 characters");
  fuzz_check(idcard_check_char(out) == out[17], "id check character");
  fuzz_check(date_is_valid(info.birth) && info.birth.y >= IDCARD_BIRTH_YEAR_MIN &&
                 date_compare(info.birth, today) <= 0,
             "birth date in range");
  fuzz_check(idcard_province_name(info.province) != NULL, "known province");
  fuzz_check(idcard_age(info.birth, today) >= 0, "age defined");

  char again[IDCARD_SIZE];
  IdcardInfo info2;
  fuzz_check(idcard_normalize_on(out, strlen(out), today, again, &info2, &why) == 0,
             "id output normalises");
  fuzz_check(strcmp(again, out) == 0, "id normalisation is idempotent");
  fuzz_check(date_equal(info.birth, info2.birth) && info.gender == info2.gender &&
                 info.province == info2.province && !info2.upgraded,
             "id facts are stable");
  fuzz_check(idcard_check_against(&info, &info.birth, info.gender_name, NULL, NULL) == 0,
             "id matches its own facts");

  char masked[IDCARD_SIZE];
  idcard_mask(out, masked);
  fuzz_check(strlen(masked) == 18 && memcmp(masked, out, 3) == 0 &&
                 memcmp(masked + 14, out + 14, 4) == 0 && strspn(masked + 3, "*") == 11,
             "id mask");
}

static void fuzz_phone(const char *s, size_t size) {
  char out[PHONE_SIZE];
  const char *why = NULL;
  if (phone_normalize(s, size, out, &why) != 0) {
    fuzz_check(why != NULL && why[0] != '\0', "phone failure has a reason");
    fuzz_check(out[0] == '\0', "phone failure leaves out empty");
    return;
  }
  size_t len = strnlen(out, PHONE_SIZE);
  fuzz_check(len > 0 && len < PHONE_SIZE, "phone fits");
  char again[PHONE_SIZE];
  fuzz_check(phone_normalize(out, len, again, &why) == 0, "phone output normalises");
  fuzz_check(strcmp(again, out) == 0, "phone normalisation is idempotent");
  char masked[PHONE_SIZE];
  idcard_mask_phone(out, masked);
  fuzz_check(strlen(masked) == len && strchr(masked, '*') != NULL, "phone mask hides digits");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  fuzz_idcard(s, size);
  fuzz_phone(s, size);

  /* the masks take NUL-terminated strings of any content */
  char *z = malloc(size + 1);
  if (!z) {
    return 0;
  }
  memcpy(z, s, size);
  z[size] = '\0';
  char id_masked[IDCARD_SIZE];
  char phone_masked[PHONE_SIZE];
  idcard_mask(z, id_masked);
  idcard_mask_phone(z, phone_masked);
  fuzz_check(strlen(id_masked) <= 18, "id mask length");
  fuzz_check(strlen(phone_masked) < PHONE_SIZE, "phone mask length");
  free(z);
  return 0;
}
