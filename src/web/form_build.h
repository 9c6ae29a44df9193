/*
 * Building a Form by hand (the server merges path, query and body fields into one Form).
 * Copies are made; out-of-memory aborts.
 */
#ifndef DJ_WEB_FORM_BUILD_H
#define DJ_WEB_FORM_BUILD_H

#include "web/form.h"

void form_add(Form *f, const char *name, const char *value, size_t value_len);
void form_add_file(Form *f, const char *name, const char *filename, const char *content_type,
                   const char *data, size_t n);
/* Moves *src (its strings) to the end of dst; *src is zeroed. */
void form_take_field(Form *dst, FormField *src);

#endif
