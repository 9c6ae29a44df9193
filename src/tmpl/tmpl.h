/*
 * tmpl: Mustache templates over jansson values (https://mustache.github.io/mustache.5.html).
 *
 * Supported: {{x}} (HTML-escaped: & < > " '), {{{x}}} and {{&x}} (raw), dotted names
 * (a.b.c), the implicit iterator {{.}}, sections {{#x}}…{{/x}}, inverted sections
 * {{^x}}…{{/x}}, comments {{! … }}, partials {{>name}} (a standalone partial tag indents
 * every line of the partial by the tag's leading whitespace), set delimiters {{=<% %>=}}
 * and the standalone-line rules, exactly as the official spec (comments, delimiters,
 * interpolation, inverted, partials, sections) requires. Not supported: lambdas,
 * inheritance ({{<parent}} / {{$block}}), dynamic partial names.
 *
 * Values:
 *   - falsy are: missing names, null, false and the empty array. Everything else is truthy,
 *     including "" and 0 (as in the spec's reference implementation): pass null, not "",
 *     for "absent" when a template tests it with {{#x}}.
 *   - a section over an array renders once per element with the element pushed on the
 *     context stack; over any other truthy value it renders once with that value pushed.
 *   - interpolation: strings as they are, integers in decimal, reals in the shortest form
 *     that reads back to the same double (1.21, 5.5, 1e+20), true/false as "true"/"false",
 *     null, missing, objects and arrays as nothing.
 *
 * Errors are "name:line:column: message" (line and column count from 1; the column counts
 * UTF-8 characters), with a Chinese message that quotes the tag, e.g.
 *   templates/x.mustache:12:5: 未闭合的区块 {{#items}}
 * Compile errors: unclosed section, mismatched or stray end tag, unclosed tag, bad
 * delimiter, empty or invalid tag name, sections nested deeper than TMPL_MAX_NESTING.
 * Render errors: partials nested deeper than TMPL_MAX_PARTIAL_DEPTH, sections deeper than
 * TMPL_MAX_RENDER_DEPTH, more than the step limit of rendered nodes (runaway templates),
 * output beyond the Buf's cap, and compile errors of partials compiled on first use.
 *
 * Threads: a Tmpl is immutable after tmpl_compile and may be rendered from many threads.
 * A TmplSet compiles each template, and every partial reachable from it, once (under a
 * lock) and afterwards renders without taking any lock except a short read lock to find
 * the template by name.
 */
#ifndef DJ_TMPL_H
#define DJ_TMPL_H

#include <jansson.h>
#include <stddef.h>

#include "base/buf.h"

/* Sections deeper than this are a compile error. */
#define TMPL_MAX_NESTING 100
/* A partial nested deeper than this (e.g. unbounded recursion) is a render error. */
#define TMPL_MAX_PARTIAL_DEPTH 64
/* Sections open at once during one render, counted across partials: deeper is an error. */
#define TMPL_MAX_RENDER_DEPTH 1000
/* Default limit on template nodes visited by one render call (see tmpl_set_max_steps). */
#define TMPL_DEFAULT_MAX_STEPS ((size_t)50 * 1000 * 1000)

typedef struct Tmpl Tmpl;       /* one compiled template */
typedef struct TmplSet TmplSet; /* named templates and their partials, compiled once */

/*
 * Looks up the source of the template or partial called name. Returns bytes (need not be
 * NUL-terminated; borrowed, the set copies them before the next call) and their length in
 * *len; or NULL when there is no such template. Called once per name (again only after the
 * source failed to compile), with the set's lock held, from whichever thread first needs name;
 * it must not call back into the set.
 */
typedef const char *(*TmplSource)(const char *name, size_t *len, void *ctx);

/* A new, empty set reading sources through source(…, ctx). Free with tmpl_set_free. */
TmplSet *tmpl_set_new(TmplSource source, void *ctx);
/* Frees the set and every template it compiled. No render may be running. NULL is a no-op. */
void tmpl_set_free(TmplSet *set);
/* Changes the step limit of renders through this set (0 restores the default). Call it
   before rendering starts. */
void tmpl_set_max_steps(TmplSet *set, size_t max_steps);

/*
 * Renders the template called name with data as the root context, appending to out.
 * On first use compiles name and every partial it can reach, and caches them (a failed
 * compile is not cached and is reported again next time). A partial whose source is NULL
 * renders as nothing; a template whose source is NULL is an error.
 * Returns 0, or -1 with *err set to a malloc'd message (caller frees) and out holding
 * whatever was rendered before the error. data is borrowed (may be NULL: an empty context).
 */
int tmpl_set_render(TmplSet *set, const char *name, json_t *data, Buf *out, char **err);

/*
 * Lower level (used by the spec tests). Compiles src[0..len) — it is copied — naming it
 * name in error messages. Returns the template (free with tmpl_free) or NULL with *err set
 * to a malloc'd message.
 */
Tmpl *tmpl_compile(const char *name, const char *src, size_t len, char **err);
void tmpl_free(Tmpl *t);
/*
 * Renders t with data, appending to out. Partials are looked up (and compiled on first use)
 * in partials, which may be NULL: then every partial renders as nothing. t stays owned by the
 * caller and must outlive the call. Returns 0, or -1 with a malloc'd *err as
 * tmpl_set_render does.
 */
int tmpl_render(const Tmpl *t, json_t *data, TmplSet *partials, Buf *out, char **err);

#endif
