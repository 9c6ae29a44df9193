/*
 * demo_texts: the texts of the demo (demo_texts.c): the study materials the demo district and
 * a town register, and the phrase pools the demo meeting minutes are composed from.
 */
#ifndef DJ_DEMO_TEXTS_H
#define DJ_DEMO_TEXTS_H

#include <stddef.h>

typedef struct DemoMaterial {
  const char *title, *source;
  const char *body; /* paragraphs separated by "\n" */
  int town;         /* 0: registered by the district; k: by its k-th town */
} DemoMaterial;

extern const DemoMaterial demo_materials[];
extern const size_t demo_n_materials;

/* Phrase pools of the minutes (see demo_meetings.c). A detail reads "，" lead place middle
 * number tail: "，" "" "东组" "那边还有" "3" "户需要上门做工作。". */
typedef struct DemoDetail {
  const char *lead, *middle, *tail;
} DemoDetail;

extern const char *const demo_openers[];
extern const size_t demo_n_openers;
extern const char *const demo_bodies[];
extern const size_t demo_n_bodies;
extern const DemoDetail demo_details[];
extern const size_t demo_n_details;
extern const char *const demo_places[];
extern const size_t demo_n_places;
extern const char *const demo_summaries[];
extern const size_t demo_n_summaries;

#endif
