/*
 * form: decoders for request bodies and a few request/response headers.
 *
 * Owner: web layer (src/web/form.c). Pure code: no I/O, no libmicrohttpd types, no globals
 * except the read-only form_default_limits, so it is safe from any thread and fuzzable.
 *
 * - Form: an ordered list of decoded fields (name, value, and for uploads filename and
 *   content type). A zeroed Form (FORM_INIT) is valid and empty.
 * - form_parse_urlencoded: application/x-www-form-urlencoded bodies and query strings.
 * - FormMultipart: a streaming multipart/form-data decoder; feed the body in pieces of any
 *   size, then finish. File content is kept in memory, bounded by FormLimits.
 * - Header helpers: Content-Disposition for downloads, media type comparison, Accept
 *   negotiation between JSON and HTML, Cookie lookup.
 *
 * Errors are negative FORM_E* codes with a static Chinese reason (never freed) for the user;
 * the web edge maps FORM_ETOOBIG to HTTP 413 and FORM_EBAD to 400. Out-of-memory aborts.
 * Every decoded name, value (of a non-upload) and filename is valid UTF-8 without NUL bytes.
 */
#ifndef DJ_WEB_FORM_H
#define DJ_WEB_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

enum {
  FORM_OK = 0,
  FORM_EBAD = -1,    /* malformed input (HTTP 400) */
  FORM_ETOOBIG = -2, /* a limit was exceeded (HTTP 413) */
};

/* Longest field name accepted, in bytes after decoding. */
#define FORM_MAX_NAME_BYTES ((size_t)256)
/* Longest header block of one multipart part, in bytes (CRLFs included). */
#define FORM_MAX_PART_HEADER_BYTES ((size_t)8192)

typedef struct FormLimits {
  size_t max_fields;      /* fields per parse (urlencoded) or per body (multipart) */
  size_t max_field_bytes; /* value of a text field, after decoding */
  size_t max_file_bytes;  /* content of one uploaded file */
  size_t max_total_bytes; /* raw body (or query string) as received */
} FormLimits;

/* 1000 fields, 64 KiB per text field, 20 MiB per file, 25 MiB total. */
extern const FormLimits form_default_limits;

typedef struct FormField {
  char *name;         /* NUL-terminated UTF-8 */
  char *value;        /* NUL-terminated; may hold NUL bytes only in an upload */
  size_t value_len;   /* bytes in value, excluding the terminating NUL */
  char *filename;     /* NULL unless an upload; "" when the browser sent no file; any
                         directory part a client sent ("C:\x\a.txt") is removed */
  char *content_type; /* Content-Type of the multipart part, or NULL */
} FormField;

typedef struct Form {
  FormField *a; /* fields in the order received */
  size_t n;
  size_t alloc;
} Form;

#define FORM_INIT {0}

/* Value of the first field called name, or NULL. Borrowed until form_free(). */
const char *form_get(const Form *f, const char *name);
/* Number of fields called name (checkboxes and multi-selects repeat a name). */
size_t form_count(const Form *f, const char *name);
/* First field called name, or NULL. Borrowed until form_free(). */
const FormField *form_field(const Form *f, const char *name);
/*
 * Iteration over the fields called name: prev NULL gives the first, then pass the previous
 * result; NULL at the end. name NULL iterates over all fields. Example:
 *   for (const FormField *x = form_next(f, "id", NULL); x; x = form_next(f, "id", x)) ...
 */
const FormField *form_next(const Form *f, const char *name, const FormField *prev);
/* Frees every field; *f is empty (FORM_INIT) afterwards and may be reused. */
void form_free(Form *f);

/*
 * Decodes n bytes of application/x-www-form-urlencoded text (a body, or a query string
 * without the '?'), appending the fields to *out. '+' is a space, %XX is a byte; pairs are
 * separated by '&'; empty pairs are skipped; a pair without '=' has the value "".
 * lim NULL means form_default_limits; max_fields counts the fields of this call.
 * Returns 0, or FORM_EBAD (bad %-escape, NUL, invalid UTF-8 after decoding) or FORM_ETOOBIG
 * (too many fields, name or value or whole input too long) with *why set (if why is not
 * NULL) to a static Chinese reason; on error *out is left as it was before the call.
 */
int form_parse_urlencoded(Form *out, const char *s, size_t n, const FormLimits *lim,
                          const char **why);

/*
 * Streaming multipart/form-data decoder (RFC 7578, RFC 2046 §5.1).
 *
 * form_multipart_new: content_type_header is the request's Content-Type, e.g.
 *   "multipart/form-data; boundary=----WebKitFormBoundaryX" (boundary may be quoted).
 *   Returns a decoder (free with form_multipart_free), or NULL with *why set when the header
 *   is not multipart/form-data or has a missing or invalid boundary. lim NULL means
 *   form_default_limits; the limits are copied.
 * form_multipart_feed: consumes n bytes of the body (any split, even 1 byte at a time).
 *   Returns 0, FORM_ETOOBIG (total body, one file, one text field, field count or part
 *   header block over its limit) or FORM_EBAD (malformed). An error is sticky: every later
 *   feed and finish return it; form_multipart_error() gives the reason.
 * form_multipart_finish: checks the closing delimiter was seen and appends the decoded
 *   fields to *out (ownership moves to *out). Returns 0, or a negative code with *why set
 *   and *out unchanged. Bytes after the closing delimiter (epilogue) are ignored. Call once.
 * form_multipart_free: frees the decoder and any fields not moved out; NULL is allowed.
 *
 * Parts need a "Content-Disposition: form-data; name=..." header; filename="..." marks an
 * upload (raw UTF-8 as browsers send it), filename*=UTF-8''%XX... (RFC 5987, also
 * ISO-8859-1) wins over filename. Header lines end in CRLF; folded lines are rejected.
 * Text fields (no filename) must be valid UTF-8 without NUL bytes.
 */
typedef struct FormMultipart FormMultipart;

FormMultipart *form_multipart_new(const char *content_type_header, const FormLimits *lim,
                                  const char **why);
int form_multipart_feed(FormMultipart *mp, const char *chunk, size_t n);
int form_multipart_finish(FormMultipart *mp, Form *out, const char **why);
/* Reason for the current error (static), or NULL when there is none. */
const char *form_multipart_error(const FormMultipart *mp);
void form_multipart_free(FormMultipart *mp);

/*
 * Appends a Content-Disposition header value to *out (RFC 6266):
 *   attachment; filename="___ 2024.xlsx"; filename*=UTF-8''%E5%85%9A...%202024.xlsx
 * disposition is a token such as "attachment" or "inline". The ASCII fallback replaces each
 * non-ASCII character and each control character by '_' and escapes '"' and '\'; filename*
 * is added only when the fallback differs from the name. filename_utf8 NULL or "" writes the
 * disposition alone. Returns 0, FORM_EBAD if the name is not valid UTF-8 (nothing written),
 * or -1 if *out refused to grow.
 */
int form_content_disposition(Buf *out, const char *disposition, const char *filename_utf8);

/* True when the header's media type (parameters ignored, case-insensitive) equals type:
 * form_media_type_is("Application/JSON; charset=utf-8", "application/json"). NULL → false. */
bool form_media_type_is(const char *content_type_header, const char *type);

/*
 * True when an Accept header prefers JSON to HTML: application/json is listed with q > 0 and
 * text/html is absent or has a strictly lower q. Wildcards do not count, so a browser's
 * "text/html,...;q=0.8" (ending in the any-type wildcard) and a bare wildcard are false.
 * Elements with a malformed q are ignored. NULL → false. No floating point: q is read in
 * thousandths.
 */
bool form_accepts_json(const char *accept_header);

/*
 * Value of the first cookie called name (case-sensitive) in a Cookie request header
 * ("a=1; b=2"), with surrounding double quotes removed; malloc'd (caller frees), or NULL
 * when absent or cookie_header is NULL.
 */
char *form_cookie(const char *cookie_header, const char *name);

#endif
