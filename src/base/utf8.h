/*
 * utf8: validation, folding, trimming and measuring of UTF-8 text (built on utf8proc).
 *
 * Owner: base (no domain knowledge). Every function takes (pointer, byte length); the bytes need
 * not be NUL-terminated. "Valid" means RFC 3629 UTF-8: no overlong forms, no surrogates
 * (U+D800-DFFF), nothing above U+10FFFF, no truncated sequences. U+0000 is valid UTF-8, but the
 * functions returning a new C string (fold, trim) refuse input containing a NUL byte, because
 * their result could not represent it.
 *
 * Returned `char *` are malloc'd, NUL-terminated and the caller's to free(); out-of-memory
 * aborts (as in Buf). NULL is returned only for invalid input, as documented per function.
 */
#ifndef DJ_UTF8_H
#define DJ_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point from s[0..n). On success returns it (0..0x10FFFF) and sets *len to
 * the bytes it used (1-4). On invalid or truncated input (or n == 0) returns -1 and sets *len
 * to 1 (0 when n == 0), so that a caller may skip the bad byte and resynchronise. */
int32_t utf8_decode(const char *s, size_t n, size_t *len);

/* Encodes code point cp into out (no NUL added). Returns the bytes written (1-4), or 0 when cp
 * is a surrogate or out of range (nothing written). */
size_t utf8_encode(int32_t cp, char out[4]);

/* True when s[0..n) is valid UTF-8 (see above). The empty string is valid. */
bool utf8_valid(const char *s, size_t n);

/* Number of code points in s[0..n), or -1 when invalid. */
long utf8_length(const char *s, size_t n);

/* NFKC normalisation, for comparing and storing user input: full-width ASCII becomes ASCII
 * (１２３ＡＢＣ -> 123ABC, U+3000 -> space), compatibility forms are replaced (① -> 1,
 * ﬁ -> fi, ㎡ -> m2), and combining sequences are composed. Chinese characters are unchanged.
 * Returns a new string, or NULL when s is not valid UTF-8 or contains a NUL byte. */
char *utf8_fold(const char *s, size_t n);

/* The narrow fold for identifiers (ID card numbers, phone numbers, dates): only full-width
 * ASCII U+FF01-FF5E becomes U+0021-007E and the ideographic space U+3000 becomes ' '; every
 * other character is copied unchanged (unlike NFKC, ① and ㎡ stay as they are).
 * Returns a new string, or NULL when s is not valid UTF-8 or contains a NUL byte. */
char *utf8_fold_width(const char *s, size_t n);

/* True for the code points utf8_trim removes: categories Zs, Zl, Zp and Cc (ASCII space, tab,
 * CR, LF, other controls, NBSP U+00A0, U+1680, U+2000-200A, U+202F, U+205F, U+3000, U+2028,
 * U+2029) and the invisible format characters U+180E, U+200B-200D, U+2060 and U+FEFF (BOM). */
bool utf8_is_space(int32_t cp);

/* A copy of s[0..n) without leading and trailing white space as defined by utf8_is_space.
 * Inner white space is kept. Returns a new string ("" when all blank), or NULL when s is not
 * valid UTF-8 or contains a NUL byte. */
char *utf8_trim(const char *s, size_t n);

/* Display width in terminal columns: East Asian wide and full-width characters count 2,
 * combining marks and controls 0, others 1 (utf8proc_charwidth). -1 when s is not valid. */
int utf8_width(const char *s, size_t n);

/* The length of the longest prefix of s[0..n) that is at most max_bytes long and does not cut
 * a UTF-8 sequence; use it to truncate to a byte budget. Bytes that do not start a valid
 * sequence are treated as one-byte characters, so the result is well defined for any input,
 * and a valid input always yields a valid prefix. */
size_t utf8_prefix(const char *s, size_t n, size_t max_bytes);

/*
 * A key that sorts Chinese names in pinyin order where a table allows: the text converted to
 * GB18030 and written as hex. GB2312's 3,755 level-1 characters (the common ones) are ordered
 * by pinyin in that encoding; rarer characters follow by radical and stroke; ASCII sorts
 * first. Compare keys with strcmp. Malloc'd; NULL on invalid UTF-8.
 */
char *utf8_sort_key(const char *s, size_t n);

#endif
