/*
 * meeting_check_int.h: what the two halves of meeting_check share (meeting_check.c, the rules
 * over records; meeting_check_text.c, the text rules): the id list of a finding's evidence,
 * adding a finding, and finding an org's rows in an array sorted by org. Defined in
 * meeting_check.c; for these two files only.
 */
#ifndef DJ_MEETING_CHECK_INT_H
#define DJ_MEETING_CHECK_INT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "meeting/meeting_check.h"
#include "meeting/meeting_store.h"

/* A growing list of record ids; a zeroed one is empty. */
typedef struct MeetingCheckIds {
  int64_t *a;
  size_t n, cap;
} MeetingCheckIds;

/* Appends id to v (out of memory aborts). */
void meeting_check_ids_push(MeetingCheckIds *v, int64_t id);

/* Appends a finding of rule on org o for period p to r: takes b's text (b is reset) and v's
 * ids as the evidence (v is zeroed). */
void meeting_check_add_finding(MeetingCheckResult *r, MeetingCheckRule rule,
                               const MeetingCheckOrg *o, Period p, Buf *b, MeetingCheckIds *v);

/* The rows of org_id as [*lo, *hi) in rows, n elements of size bytes sorted by org id, each
 * holding its int64_t org id at byte offset off (offsetof(T, org_id)). */
void meeting_check_org_span(const void *rows, size_t n, size_t size, size_t off, int64_t org_id,
                            size_t *lo, size_t *hi);

#endif
