/*
 * Fuzz target for date_parse and the utf8 folds/trim it builds on. Invariants checked (abort on
 * violation): every successful parse gives a valid date in the accepted year range; formatting
 * it as ISO and as Chinese and parsing again gives the same date; fold, fold_width and trim
 * return NULL exactly when the input is invalid UTF-8 or contains a NUL byte, and otherwise a
 * valid string; trimming twice changes nothing; utf8_prefix never cuts valid input.
 * Corpus: tests/fuzz/corpus/date/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/utf8.h"

#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_check(bool ok, const char *what) {
  if (!ok) {
    fprintf(stderr, "fuzz_date: invariant failed: %s\n", what);
    abort();
  }
}

static void fuzz_reparse(const char *text, Date want) {
  Date again;
  const char *why = NULL;
  fuzz_check(date_parse(text, strlen(text), &again, &why) == 0, "formatted date re-parses");
  fuzz_check(date_equal(again, want), "re-parsed date is equal");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  bool clean = utf8_valid(s, size) && (size == 0 || memchr(s, '\0', size) == NULL);

  Date d = {0, 0, 0};
  const char *why = NULL;
  if (date_parse(s, size, &d, &why) == 0) {
    fuzz_check(date_is_valid(d), "parsed date is valid");
    fuzz_check(d.y >= DATE_PARSE_YEAR_MIN && d.y <= DATE_PARSE_YEAR_MAX, "year in range");
    char iso[DATE_ISO_SIZE];
    char cn[DATE_CN_SIZE];
    fuzz_reparse(date_format_iso(d, iso), d);
    fuzz_reparse(date_format_cn(d, cn), d);
    fuzz_check(date_equal(date_from_days(date_to_days(d)), d), "day number round trip");
    Period p = date_period_of(PERIOD_QUARTER, d);
    fuzz_check(date_period_contains(p, d), "quarter contains the date");
  } else {
    fuzz_check(why != NULL && why[0] != '\0', "failure has a reason");
  }

  char *fold = utf8_fold(s, size);
  char *width = utf8_fold_width(s, size);
  char *trim = utf8_trim(s, size);
  fuzz_check((fold != NULL) == clean, "fold NULL iff unclean");
  fuzz_check((width != NULL) == clean, "fold_width NULL iff unclean");
  fuzz_check((trim != NULL) == clean, "trim NULL iff unclean");
  if (clean) {
    fuzz_check(utf8_valid(fold, strlen(fold)), "fold output valid");
    fuzz_check(utf8_valid(width, strlen(width)), "fold_width output valid");
    fuzz_check(strlen(width) <= size, "fold_width does not grow");
    fuzz_check(utf8_valid(trim, strlen(trim)), "trim output valid");
    char *twice = utf8_trim(trim, strlen(trim));
    fuzz_check(twice != NULL && strcmp(twice, trim) == 0, "trim is idempotent");
    free(twice);
    fuzz_check(utf8_width(s, size) >= 0, "width of valid text");
    for (size_t max = 0; max <= size && max < 16; max++) {
      size_t cut = utf8_prefix(s, size, max);
      fuzz_check(cut <= max && utf8_valid(s, cut), "prefix is valid and short enough");
    }
  } else {
    fuzz_check(utf8_valid(s, size) || utf8_width(s, size) == -1, "width of invalid text");
  }
  free(fold);
  free(width);
  free(trim);
  return 0;
}
