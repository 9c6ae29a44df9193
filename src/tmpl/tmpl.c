/*
 * Mustache engine: a one-pass compiler to a flat node array, and a recursive renderer.
 *
 * Compiled form. A template is an array of nodes. A section (or inverted section) node is
 * followed by its children; its `end` is the index just past them, so the renderer can skip
 * it or recurse into [i + 1, end). Text is split after every newline, and a LINE node marks
 * each source line that survives the standalone rules: rendered as a partial with an
 * indentation, LINE emits the indentation, which is exactly "prepend the indentation to each
 * line of the partial" from the spec without re-compiling the partial per indentation.
 *
 * Standalone lines. A section, inverted, end, comment, partial or set-delimiter tag with only
 * spaces and tabs between it and both the start of its line and the line end (\n, \r\n or
 * the end of the template) is removed together with that whitespace and the line end. Since
 * delimiters can contain no whitespace, "only spaces and tabs" in the raw source also proves
 * that no other tag shares the line.
 *
 * Sets. A TmplSet caches compiled templates by name under a read-write lock. When a
 * template is compiled through a set, its partial nodes are linked to the compiled partials
 * (compiled on the spot, recursively; a cached entry is inserted before its partials are
 * linked, so recursion terminates) while the write lock is held, before any thread can see
 * the template; linked nodes are never written again, so renders read them without a lock.
 * A partial node that could not be linked (a partial failed to compile, the link chain was
 * too deep, or the template was compiled outside the set) is resolved at render time through
 * the locked lookup instead.
 */
#include "tmpl/tmpl.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

#define TMPL_MAX_DELIM 16 /* bytes in a custom delimiter */
#define TMPL_QUOTE_MAX 60 /* bytes of a tag quoted in an error message */

typedef enum NodeKind {
  NODE_TEXT,     /* text: bytes src[off, off + len) */
  NODE_LINE,     /* start of a source line: the partial's indentation goes here */
  NODE_VAR,      /* {{name}}: escaped */
  NODE_RAW,      /* {{{name}}} or {{&name}} */
  NODE_SECTION,  /* {{#name}}: children are [index + 1, end) */
  NODE_INVERTED, /* {{^name}}: likewise */
  NODE_PARTIAL,  /* {{>name}}: indentation src[off, off + len) when standalone, else len 0 */
} NodeKind;

typedef struct Node {
  NodeKind kind;
  unsigned line, col; /* of the tag (or text) in the source, from 1 */
  size_t off, len;    /* TEXT: the text; PARTIAL: the indentation */
  size_t tag_off;     /* tags: the tag as written, src[tag_off, tag_off + tag_len) */
  size_t tag_len;
  char *name; /* tags: malloc'd name ("." for the implicit iterator) */
  size_t name_len;
  size_t end;          /* SECTION, INVERTED: index one past the last child */
  const Tmpl *partial; /* PARTIAL, when linked: the compiled partial, NULL if missing */
  bool linked;         /* PARTIAL: `partial` is valid (written only before publication) */
} Node;

struct Tmpl {
  char *name; /* for error messages */
  char *src;  /* a NUL-terminated copy of the source; text nodes point into it */
  size_t src_len;
  Node *nodes;
  size_t n, alloc;
  TmplSet *owner; /* the set that compiled and linked it, or NULL */
};

typedef struct SetEntry {
  char *name;
  Tmpl *t; /* NULL: the source callback knows no such name */
} SetEntry;

struct TmplSet {
  TmplSource source;
  void *ctx;
  size_t max_steps;
  pthread_rwlock_t lock;
  SetEntry *a; /* guarded by lock */
  size_t n, alloc;
};

/* ---- error messages --------------------------------------------------------------------- */

/* Appends at most TMPL_QUOTE_MAX bytes of s[0, n), cut on a UTF-8 character boundary and at
   the first newline, with "…" when cut. */
static void tmpl_quote(Buf *b, const char *s, size_t n) {
  size_t cut = n;
  const char *nl = memchr(s, '\n', n);
  if (nl) {
    cut = (size_t)(nl - s);
  }
  if (cut > TMPL_QUOTE_MAX) {
    cut = TMPL_QUOTE_MAX;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) {
      cut--;
    }
  }
  buf_append(b, s, cut);
  if (cut < n) {
    buf_puts(b, "…");
  }
}

/* Sets *err (when err is non-NULL and *err is not set yet) to "name:line:col: " + message. */
static void tmpl_error(char **err, const char *name, unsigned line, unsigned col, const char *fmt,
                       ...) __attribute__((format(printf, 5, 6)));
static void tmpl_error(char **err, const char *name, unsigned line, unsigned col, const char *fmt,
                       ...) {
  if (!err || *err) {
    return;
  }
  Buf b = BUF_INIT;
  buf_printf(&b, "%s:%u:%u: ", name, line, col);
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&b, fmt, ap);
  va_end(ap);
  *err = buf_take(&b);
}

/* Like tmpl_error, with the quoted tag src[off, off + len) appended after the message. */
static void tmpl_error_tag(char **err, const char *name, unsigned line, unsigned col,
                           const char *message, const char *src, size_t off, size_t len) {
  if (!err || *err) {
    return;
  }
  Buf b = BUF_INIT;
  buf_printf(&b, "%s:%u:%u: %s ", name, line, col, message);
  tmpl_quote(&b, src + off, len);
  *err = buf_take(&b);
}

/* ---- compiler --------------------------------------------------------------------------- */

typedef enum TagKind {
  TAG_VAR,
  TAG_RAW,
  TAG_SECTION,
  TAG_INVERTED,
  TAG_CLOSE,
  TAG_COMMENT,
  TAG_PARTIAL,
  TAG_DELIM,
} TagKind;

typedef struct Parser {
  Tmpl *t;
  const char *s; /* t->src */
  size_t len;
  char otag[TMPL_MAX_DELIM];
  size_t olen;
  char ctag[TMPL_MAX_DELIM + 1]; /* one more for the '}' or '=' of {{{x}}} and {{=a b=}} */
  size_t clen;
  bool bol;                      /* the next node starts a source line: a LINE node goes first */
  size_t open[TMPL_MAX_NESTING]; /* node indexes of the unclosed sections */
  size_t nopen;
  /* position cache for tmpl_where: offset where_off is at where_line:where_col */
  size_t where_off;
  unsigned where_line, where_col;
  char **err;
} Parser;

/* Line and column (from 1; columns count UTF-8 characters) of src offset off. Cheap when
   called with non-decreasing offsets, which is the compiler's order. */
static void tmpl_where(Parser *p, size_t off, unsigned *line, unsigned *col) {
  if (off < p->where_off) {
    p->where_off = 0;
    p->where_line = 1;
    p->where_col = 1;
  }
  for (size_t i = p->where_off; i < off; i++) {
    unsigned char c = (unsigned char)p->s[i];
    if (c == '\n') {
      p->where_line++;
      p->where_col = 1;
    } else if ((c & 0xC0) != 0x80) {
      p->where_col++;
    }
  }
  p->where_off = off;
  *line = p->where_line;
  *col = p->where_col;
}

static bool tmpl_is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool tmpl_has_space(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (tmpl_is_space(s[i])) {
      return true;
    }
  }
  return false;
}

/* Appends a zeroed node at source offset off and returns it (valid until the next add). */
static Node *tmpl_add(Parser *p, NodeKind kind, size_t off) {
  Tmpl *t = p->t;
  if (t->n == t->alloc) {
    size_t alloc = t->alloc ? t->alloc * 2 : 16;
    Node *a = realloc(t->nodes, alloc * sizeof *a);
    if (!a) {
      abort();
    }
    t->nodes = a;
    t->alloc = alloc;
  }
  Node *nd = &t->nodes[t->n++];
  memset(nd, 0, sizeof *nd);
  nd->kind = kind;
  tmpl_where(p, off, &nd->line, &nd->col);
  return nd;
}

/* A LINE node first if a source line starts here. */
static void tmpl_mark_line(Parser *p, size_t off) {
  if (p->bol) {
    tmpl_add(p, NODE_LINE, off);
    p->bol = false;
  }
}

/* Adds text src[from, to), one node per line. */
static void tmpl_add_text(Parser *p, size_t from, size_t to) {
  while (from < to) {
    tmpl_mark_line(p, from);
    const char *nl = memchr(p->s + from, '\n', to - from);
    size_t end = nl ? (size_t)(nl - p->s) + 1 : to;
    Node *nd = tmpl_add(p, NODE_TEXT, from);
    nd->off = from;
    nd->len = end - from;
    if (nl) {
      p->bol = true;
    }
    from = end;
  }
}

/* Checks a tag name: non-empty, no whitespace, "." or dot-separated non-empty parts. */
static bool tmpl_valid_name(const char *s, size_t n) {
  if (n == 0) {
    return false;
  }
  if (n == 1 && s[0] == '.') {
    return true;
  }
  bool part_empty = true;
  for (size_t i = 0; i < n; i++) {
    if (tmpl_is_space(s[i])) {
      return false;
    }
    if (s[i] == '.') {
      if (part_empty) {
        return false;
      }
      part_empty = true;
    } else {
      part_empty = false;
    }
  }
  return !part_empty;
}

static char *tmpl_strndup(const char *s, size_t n) {
  char *z = malloc(n + 1);
  if (!z) {
    abort();
  }
  memcpy(z, s, n);
  z[n] = '\0';
  return z;
}

/* Parses the content of {{=a b=}}; 0 or -1 when it is not two delimiters. */
static int tmpl_set_delims(Parser *p, const char *s, size_t n) {
  size_t i = 0;
  size_t o0, o1, c0, c1;
  while (i < n && tmpl_is_space(s[i])) {
    i++;
  }
  o0 = i;
  while (i < n && !tmpl_is_space(s[i])) {
    i++;
  }
  o1 = i;
  while (i < n && tmpl_is_space(s[i])) {
    i++;
  }
  c0 = i;
  while (i < n && !tmpl_is_space(s[i])) {
    i++;
  }
  c1 = i;
  while (i < n && tmpl_is_space(s[i])) {
    i++;
  }
  if (i != n || o1 == o0 || c1 == c0 || o1 - o0 > TMPL_MAX_DELIM || c1 - c0 > TMPL_MAX_DELIM ||
      memchr(s + o0, '=', o1 - o0) || memchr(s + c0, '=', c1 - c0)) {
    return -1;
  }
  memcpy(p->otag, s + o0, o1 - o0);
  p->olen = o1 - o0;
  memcpy(p->ctag, s + c0, c1 - c0);
  p->clen = c1 - c0;
  return 0;
}

/* Whether the tag src[start, end) is alone on its line; if so sets *line_start (where the
   whitespace before it begins) and *next (just past the line end). text_from is where the
   pending text begins; text_bol says whether that is the start of a line. */
static bool tmpl_standalone(const Parser *p, size_t text_from, bool text_bol, size_t start,
                            size_t end, size_t *line_start, size_t *next) {
  size_t ls = start;
  while (ls > text_from && (p->s[ls - 1] == ' ' || p->s[ls - 1] == '\t')) {
    ls--;
  }
  if (!(ls > text_from ? p->s[ls - 1] == '\n' : text_bol)) {
    return false;
  }
  size_t e = end;
  while (e < p->len && (p->s[e] == ' ' || p->s[e] == '\t')) {
    e++;
  }
  if (e == p->len) {
    *next = e;
  } else if (p->s[e] == '\n') {
    *next = e + 1;
  } else if (p->s[e] == '\r' && e + 1 < p->len && p->s[e + 1] == '\n') {
    *next = e + 2;
  } else {
    return false;
  }
  *line_start = ls;
  return true;
}

/* Compiles p->s into p->t; 0 or -1 with *p->err set. */
static int tmpl_parse(Parser *p) {
  const char *s = p->s;
  size_t text_from = 0; /* pending text starts here */
  bool text_bol = true; /* ... at the start of a line */
  size_t pos = 0;
  for (;;) {
    const char *hit =
        p->olen <= p->len - pos ? memmem(s + pos, p->len - pos, p->otag, p->olen) : NULL;
    if (!hit) {
      tmpl_add_text(p, text_from, p->len);
      break;
    }
    size_t start = (size_t)(hit - s);
    size_t i = start + p->olen;
    TagKind kind = TAG_VAR;
    char end_char = 0; /* '}' for {{{x}}}, '=' for {{=a b=}} */
    static const char sigils[] = "{&#^/!>=";
    static const TagKind sigil_kinds[] = {TAG_RAW,   TAG_RAW,     TAG_SECTION, TAG_INVERTED,
                                          TAG_CLOSE, TAG_COMMENT, TAG_PARTIAL, TAG_DELIM};
    const char *sigil = i < p->len && s[i] != '\0' ? strchr(sigils, s[i]) : NULL;
    if (sigil) {
      kind = sigil_kinds[sigil - sigils];
      end_char = *sigil == '{' ? '}' : *sigil == '=' ? '=' : 0;
      i++;
    }
    /* the closing sequence: [end_char] ctag */
    char close[TMPL_MAX_DELIM + 1];
    size_t close_len = 0;
    if (end_char) {
      close[close_len++] = end_char;
    }
    memcpy(close + close_len, p->ctag, p->clen);
    close_len += p->clen;
    const char *chit = close_len <= p->len - i ? memmem(s + i, p->len - i, close, close_len) : NULL;
    if (!chit) {
      unsigned line, col;
      tmpl_where(p, start, &line, &col);
      tmpl_error_tag(p->err, p->t->name, line, col, "未闭合的标签", s, start, p->len - start);
      return -1;
    }
    size_t c0 = i, c1 = (size_t)(chit - s); /* content */
    size_t end = c1 + close_len;
    while (c0 < c1 && tmpl_is_space(s[c0])) {
      c0++;
    }
    while (c1 > c0 && tmpl_is_space(s[c1 - 1])) {
      c1--;
    }

    size_t line_start = start, next = end;
    bool standalone = kind != TAG_VAR && kind != TAG_RAW &&
                      tmpl_standalone(p, text_from, text_bol, start, end, &line_start, &next);
    tmpl_add_text(p, text_from, line_start);
    if (!standalone) {
      tmpl_mark_line(p, start);
    }

    unsigned line, col;
    tmpl_where(p, start, &line, &col);
    if (kind == TAG_DELIM) {
      if (tmpl_set_delims(p, s + c0, c1 - c0) < 0) {
        tmpl_error_tag(p->err, p->t->name, line, col, "无效的分隔符设置", s, start, end - start);
        return -1;
      }
    } else if (kind == TAG_PARTIAL) {
      if (c0 == c1 || tmpl_has_space(s + c0, c1 - c0)) {
        tmpl_error_tag(p->err, p->t->name, line, col, "无效的局部模板名", s, start, end - start);
        return -1;
      }
      Node *nd = tmpl_add(p, NODE_PARTIAL, start);
      nd->tag_off = start;
      nd->tag_len = end - start;
      nd->name = tmpl_strndup(s + c0, c1 - c0);
      nd->name_len = c1 - c0;
      if (standalone) {
        nd->off = line_start;
        nd->len = start - line_start;
      }
    } else if (kind != TAG_COMMENT) {
      if (!tmpl_valid_name(s + c0, c1 - c0)) {
        tmpl_error_tag(p->err, p->t->name, line, col, c0 == c1 ? "空的标签名" : "无效的标签名", s,
                       start, end - start);
        return -1;
      }
      if (kind == TAG_CLOSE) {
        if (p->nopen == 0) {
          tmpl_error_tag(p->err, p->t->name, line, col, "多余的结束标签", s, start, end - start);
          return -1;
        }
        Node *open = &p->t->nodes[p->open[p->nopen - 1]];
        if (open->name_len != c1 - c0 || memcmp(open->name, s + c0, c1 - c0) != 0) {
          if (p->err && !*p->err) {
            Buf b = BUF_INIT;
            buf_printf(&b, "%s:%u:%u: 结束标签 ", p->t->name, line, col);
            tmpl_quote(&b, s + start, end - start);
            buf_printf(&b, " 与第 %u 行第 %u 列的 ", open->line, open->col);
            tmpl_quote(&b, s + open->tag_off, open->tag_len);
            buf_puts(&b, " 不匹配");
            *p->err = buf_take(&b);
          }
          return -1;
        }
        open->end = p->t->n;
        p->nopen--;
      } else {
        if ((kind == TAG_SECTION || kind == TAG_INVERTED) && p->nopen == TMPL_MAX_NESTING) {
          char msg[64];
          snprintf(msg, sizeof msg, "区块嵌套超过 %d 层", TMPL_MAX_NESTING);
          tmpl_error_tag(p->err, p->t->name, line, col, msg, s, start, end - start);
          return -1;
        }
        NodeKind nk = kind == TAG_VAR       ? NODE_VAR
                      : kind == TAG_RAW     ? NODE_RAW
                      : kind == TAG_SECTION ? NODE_SECTION
                                            : NODE_INVERTED;
        Node *nd = tmpl_add(p, nk, start);
        nd->tag_off = start;
        nd->tag_len = end - start;
        nd->name = tmpl_strndup(s + c0, c1 - c0);
        nd->name_len = c1 - c0;
        if (nk == NODE_SECTION || nk == NODE_INVERTED) {
          p->open[p->nopen++] = p->t->n - 1;
        }
      }
    }
    pos = text_from = next;
    text_bol = standalone; /* then a line end (or the end of the source) was consumed */
  }
  if (p->nopen > 0) {
    const Node *open = &p->t->nodes[p->open[p->nopen - 1]];
    tmpl_error_tag(p->err, p->t->name, open->line, open->col, "未闭合的区块", p->s, open->tag_off,
                   open->tag_len);
    return -1;
  }
  return 0;
}

Tmpl *tmpl_compile(const char *name, const char *src, size_t len, char **err) {
  Tmpl *t = calloc(1, sizeof *t);
  if (!t) {
    abort();
  }
  t->name = tmpl_strndup(name ? name : "", name ? strlen(name) : 0);
  t->src = tmpl_strndup(src ? src : "", src ? len : 0);
  t->src_len = src ? len : 0;
  Parser p = {
      .t = t,
      .s = t->src,
      .len = t->src_len,
      .otag = "{{",
      .olen = 2,
      .ctag = "}}",
      .clen = 2,
      .bol = true,
      .where_line = 1,
      .where_col = 1,
      .err = err,
  };
  if (tmpl_parse(&p) < 0) {
    tmpl_free(t);
    return NULL;
  }
  return t;
}

void tmpl_free(Tmpl *t) {
  if (!t) {
    return;
  }
  for (size_t i = 0; i < t->n; i++) {
    free(t->nodes[i].name);
  }
  free(t->nodes);
  free(t->src);
  free(t->name);
  free(t);
}

/* ---- sets ------------------------------------------------------------------------------- */

TmplSet *tmpl_set_new(TmplSource source, void *ctx) {
  TmplSet *set = calloc(1, sizeof *set);
  if (!set) {
    abort();
  }
  set->source = source;
  set->ctx = ctx;
  set->max_steps = TMPL_DEFAULT_MAX_STEPS;
  if (pthread_rwlock_init(&set->lock, NULL) != 0) {
    abort();
  }
  return set;
}

void tmpl_set_free(TmplSet *set) {
  if (!set) {
    return;
  }
  for (size_t i = 0; i < set->n; i++) {
    free(set->a[i].name);
    tmpl_free(set->a[i].t);
  }
  free(set->a);
  pthread_rwlock_destroy(&set->lock);
  free(set);
}

void tmpl_set_max_steps(TmplSet *set, size_t max_steps) {
  set->max_steps = max_steps ? max_steps : TMPL_DEFAULT_MAX_STEPS;
}

/* The entry called name, or NULL. Needs the lock (either mode). */
static SetEntry *tmpl_set_find(TmplSet *set, const char *name) {
  for (size_t i = 0; i < set->n; i++) {
    if (strcmp(set->a[i].name, name) == 0) {
      return &set->a[i];
    }
  }
  return NULL;
}

/* Finds or compiles name and links its partials (to `depth` levels). Needs the write lock.
   Returns 0 with *out set (NULL when the source knows no such name) or -1 with *err. */
static int tmpl_set_get_locked(TmplSet *set, const char *name, int depth, const Tmpl **out,
                               char **err) {
  SetEntry *e = tmpl_set_find(set, name);
  if (e) {
    *out = e->t;
    return 0;
  }
  size_t len = 0;
  const char *src = set->source ? set->source(name, &len, set->ctx) : NULL;
  Tmpl *t = NULL;
  if (src) {
    t = tmpl_compile(name, src, len, err);
    if (!t) {
      return -1;
    }
    t->owner = set;
  }
  if (set->n == set->alloc) {
    size_t alloc = set->alloc ? set->alloc * 2 : 16;
    SetEntry *a = realloc(set->a, alloc * sizeof *a);
    if (!a) {
      abort();
    }
    set->a = a;
    set->alloc = alloc;
  }
  set->a[set->n++] = (SetEntry){.name = tmpl_strndup(name, strlen(name)), .t = t};
  *out = t;
  if (!t || depth >= TMPL_MAX_PARTIAL_DEPTH) {
    return 0;
  }
  for (size_t i = 0; i < t->n; i++) {
    Node *nd = &t->nodes[i];
    if (nd->kind == NODE_PARTIAL) {
      const Tmpl *target = NULL;
      if (tmpl_set_get_locked(set, nd->name, depth + 1, &target, err) < 0) {
        return -1; /* t stays cached; its unlinked partials are resolved at render time */
      }
      nd->partial = target;
      nd->linked = true;
    }
  }
  return 0;
}

/* Finds name, compiling it on first use. 0 with *out (NULL: unknown name) or -1 with *err. */
static int tmpl_set_get(TmplSet *set, const char *name, const Tmpl **out, char **err) {
  pthread_rwlock_rdlock(&set->lock);
  SetEntry *e = tmpl_set_find(set, name);
  const Tmpl *t = e ? e->t : NULL;
  pthread_rwlock_unlock(&set->lock);
  if (e) {
    *out = t;
    return 0;
  }
  pthread_rwlock_wrlock(&set->lock);
  int rc = tmpl_set_get_locked(set, name, 0, out, err);
  pthread_rwlock_unlock(&set->lock);
  return rc;
}

/* ---- renderer --------------------------------------------------------------------------- */

typedef struct Ctx {
  json_t *v;
  const struct Ctx *up;
} Ctx;

typedef struct Render {
  TmplSet *set; /* for partials; may be NULL */
  Buf *out;
  char **err;
  size_t steps, max_steps;
  int depth;         /* partials being rendered */
  int section_depth; /* sections being rendered, across partials */
} Render;

/* The value of nd's name in ctx, or NULL when missing. */
static json_t *tmpl_lookup(const Ctx *ctx, const Node *nd) {
  if (nd->name_len == 1 && nd->name[0] == '.') {
    return ctx->v;
  }
  const char *part = nd->name;
  const char *stop = nd->name + nd->name_len;
  const char *dot = memchr(part, '.', (size_t)(stop - part));
  size_t n = dot ? (size_t)(dot - part) : (size_t)(stop - part);
  json_t *v = NULL;
  for (const Ctx *c = ctx; c && !v; c = c->up) {
    if (json_is_object(c->v)) {
      v = json_object_getn(c->v, part, n);
    }
  }
  while (v && dot) {
    part = dot + 1;
    dot = memchr(part, '.', (size_t)(stop - part));
    n = dot ? (size_t)(dot - part) : (size_t)(stop - part);
    v = json_is_object(v) ? json_object_getn(v, part, n) : NULL;
  }
  return v;
}

static bool tmpl_truthy(const json_t *v) {
  return v && !json_is_null(v) && !json_is_false(v) &&
         !(json_is_array(v) && json_array_size(v) == 0);
}

/* Appends the shortest %g form of d that reads back as d. */
static int tmpl_put_real(Buf *out, double d) {
  char tmp[40];
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(tmp, sizeof tmp, "%.*g", prec, d);
    if (strtod(tmp, NULL) == d) {
      break;
    }
  }
  return buf_puts(out, tmp);
}

static int tmpl_put_value(Buf *out, const json_t *v, bool escape) {
  switch (json_typeof(v)) {
  case JSON_STRING:
    return escape ? buf_html(out, json_string_value(v), json_string_length(v))
                  : buf_append(out, json_string_value(v), json_string_length(v));
  case JSON_INTEGER: return buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
  case JSON_REAL: return tmpl_put_real(out, json_real_value(v));
  case JSON_TRUE: return buf_puts(out, "true");
  case JSON_FALSE: return buf_puts(out, "false");
  default: return 0;
  }
}

static int tmpl_render_error(Render *r, const Tmpl *t, const Node *nd, const char *message) {
  tmpl_error_tag(r->err, t->name, nd->line, nd->col, message, t->src, nd->tag_off, nd->tag_len);
  return -1;
}

static int tmpl_render_range(Render *r, const Tmpl *t, size_t from, size_t to, const Ctx *ctx,
                             const char *indent, size_t indent_len);

static int tmpl_render_partial(Render *r, const Tmpl *t, const Node *nd, const Ctx *ctx,
                               const char *indent, size_t indent_len) {
  const Tmpl *target = NULL;
  if (nd->linked && t->owner == r->set) {
    target = nd->partial;
  } else if (r->set && tmpl_set_get(r->set, nd->name, &target, r->err) < 0) {
    return -1;
  }
  if (!target) {
    return 0; /* a missing partial renders as nothing */
  }
  if (r->depth >= TMPL_MAX_PARTIAL_DEPTH) {
    char msg[80];
    snprintf(msg, sizeof msg, "局部模板嵌套超过 %d 层", TMPL_MAX_PARTIAL_DEPTH);
    return tmpl_render_error(r, t, nd, msg);
  }
  /* standalone: the enclosing indentation plus this tag's; inline: none */
  Buf ind = BUF_INIT;
  if (nd->len > 0) {
    buf_append(&ind, indent, indent_len);
    buf_append(&ind, t->src + nd->off, nd->len);
  }
  r->depth++;
  int rc = tmpl_render_range(r, target, 0, target->n, ctx, buf_cstr(&ind), ind.len);
  r->depth--;
  buf_free(&ind);
  return rc;
}

/* Renders the section or inverted section at node i: its children zero or more times. */
static int tmpl_render_section(Render *r, const Tmpl *t, size_t i, const Ctx *ctx,
                               const char *indent, size_t indent_len) {
  const Node *nd = &t->nodes[i];
  json_t *v = tmpl_lookup(ctx, nd);
  if (nd->kind == NODE_INVERTED) {
    return tmpl_truthy(v) ? 0 : tmpl_render_range(r, t, i + 1, nd->end, ctx, indent, indent_len);
  }
  if (json_is_array(v)) {
    for (size_t k = 0; k < json_array_size(v); k++) {
      Ctx inner = {json_array_get(v, k), ctx};
      if (tmpl_render_range(r, t, i + 1, nd->end, &inner, indent, indent_len) < 0) {
        return -1;
      }
    }
  } else if (tmpl_truthy(v)) {
    Ctx inner = {v, ctx};
    return tmpl_render_range(r, t, i + 1, nd->end, &inner, indent, indent_len);
  }
  return 0;
}

/* Renders nodes [from, to) of t in ctx; indent goes at every LINE node. 0 or -1 with err. */
static int tmpl_render_range(Render *r, const Tmpl *t, size_t from, size_t to, const Ctx *ctx,
                             const char *indent, size_t indent_len) {
  size_t i = from;
  while (i < to) {
    const Node *nd = &t->nodes[i];
    if (++r->steps > r->max_steps) {
      char msg[96];
      snprintf(msg, sizeof msg, "渲染超过 %zu 步，已中止（模板可能失控）", r->max_steps);
      return tmpl_render_error(r, t, nd, msg);
    }
    int rc = 0;
    switch (nd->kind) {
    case NODE_TEXT:
      rc = buf_append(r->out, t->src + nd->off, nd->len);
      i++;
      break;
    case NODE_LINE:
      rc = indent_len ? buf_append(r->out, indent, indent_len) : 0;
      i++;
      break;
    case NODE_VAR:
    case NODE_RAW: {
      const json_t *v = tmpl_lookup(ctx, nd);
      rc = v ? tmpl_put_value(r->out, v, nd->kind == NODE_VAR) : 0;
      i++;
      break;
    }
    case NODE_SECTION:
    case NODE_INVERTED:
      if (r->section_depth >= TMPL_MAX_RENDER_DEPTH) {
        char msg[80];
        snprintf(msg, sizeof msg, "区块嵌套（含局部模板）超过 %d 层", TMPL_MAX_RENDER_DEPTH);
        return tmpl_render_error(r, t, nd, msg);
      }
      r->section_depth++;
      rc = tmpl_render_section(r, t, i, ctx, indent, indent_len);
      r->section_depth--;
      if (rc < 0) {
        return -1;
      }
      i = nd->end;
      break;
    case NODE_PARTIAL:
      if (tmpl_render_partial(r, t, nd, ctx, indent, indent_len) < 0) {
        return -1;
      }
      i++;
      break;
    }
    if (rc < 0) {
      char msg[80];
      snprintf(msg, sizeof msg, "输出超过 %zu 字节的上限",
               r->out->cap ? r->out->cap : BUF_DEFAULT_CAP);
      if (nd->kind == NODE_TEXT || nd->kind == NODE_LINE) {
        tmpl_error(r->err, t->name, nd->line, nd->col, "%s", msg);
        return -1;
      }
      return tmpl_render_error(r, t, nd, msg);
    }
  }
  return 0;
}

static int tmpl_render_with(const Tmpl *t, json_t *data, TmplSet *set, Buf *out, char **err) {
  Render r = {
      .set = set,
      .out = out,
      .err = err,
      .max_steps = set ? set->max_steps : TMPL_DEFAULT_MAX_STEPS,
  };
  Ctx root = {data, NULL};
  return tmpl_render_range(&r, t, 0, t->n, &root, "", 0);
}

int tmpl_render(const Tmpl *t, json_t *data, TmplSet *partials, Buf *out, char **err) {
  return tmpl_render_with(t, data, partials, out, err);
}

int tmpl_set_render(TmplSet *set, const char *name, json_t *data, Buf *out, char **err) {
  const Tmpl *t = NULL;
  if (tmpl_set_get(set, name, &t, err) < 0) {
    return -1;
  }
  if (!t) {
    if (err && !*err) {
      Buf b = BUF_INIT;
      buf_printf(&b, "%s: 找不到模板", name);
      *err = buf_take(&b);
    }
    return -1;
  }
  return tmpl_render_with(t, data, set, out, err);
}
