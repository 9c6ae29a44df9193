/*
 * The meeting ledgers (台账, ledger_pages.c): views of the meeting records, never a second form
 * to fill (DOMAIN.md §0.1).
 *   - 会议记录台账 of an org (a branch, or any org: its subtree) for a period (default this
 *     year): every record held in the period in date order with its attendance, topics,
 *     decisions and votes, review state and entry time (late entries marked: that is how
 *     backfill shows);
 *   - 三会一课汇总 of a town (one row per branch) or of a district (one row per town, each
 *     linking to its town's summary) for a period (default this quarter): per required meeting
 *     kind held / required, the rate of met periods, late submissions, returned records, and
 *     a total row.
 * Each as an HTML page (with a print layout, ?print=1: A4, header repeated on every page, no
 * navigation), as JSON (the view model) and as an .xlsx download written from the same model.
 *
 * Reads need PERM_MEMBER_VIEW (checked by the router). An org outside the user's scope is 404
 * like one that does not exist; a period that does not parse is 400. One store call per page
 * (ledger_store.h); the rules (meeting.h) evaluate the summary. No SQL here.
 */
#ifndef DJ_LEDGER_PAGES_H
#define DJ_LEDGER_PAGES_H

#include <jansson.h>
#include <stdint.h>

#include "base/date.h"
#include "db/db.h"
#include "meeting/meeting.h"
#include "web/scope.h"
#include "web/web.h"

/* Most records one ledger shows (a larger range asks for a smaller org or period). */
#define LEDGER_MAX_ROWS 3000
/* Most records one ledger download holds. */
#define LEDGER_MAX_XLSX_ROWS 20000

/*
 * The view model of the 会议记录台账 of org_id (in scope) for period p, as of today and now
 * (Unix seconds, for 制表时间), under rule set rs (entry time zone and lag). At most max_rows
 * records: past that the model has too_many true and no rows. Returns 200 with *model (new
 * reference), 404 (org not in scope; *model NULL), or -1 on a database error.
 * Model: {title, org {id, name, kind}, period {key, label}, made_at, total, rows [...],
 *         too_many, n_late_entry, n_late_submit, multi_org, xlsx_href, print_href, page_href,
 *         prev_href, next_href, year_href, quarter_hrefs […]}.
 */
int ledger_meetings_model(Db *db, const Scope *scope, const MeetingRuleSet *rs, int64_t org_id,
                          Period p, Date today, int64_t now, size_t max_rows, json_t **model);

/*
 * The view model of the 三会一课汇总 of org_id (in scope) for period p: one row per branch of
 * the subtree, or per town when org_id is a district (or any org above the towns). Returns 200,
 * 404 or -1 as ledger_meetings_model.
 * Model: {title, org {…}, period {…}, made_at, by_town, kinds [{code, label, per_label}],
 *         rows [{seq, name, href, n_branches, cells [{held, required, text, cls}], due, met,
 *                rate, rate_value, rate_class, n_records, n_late, n_returned}], total {…},
 *         rules_note, xlsx_href, print_href, …}.
 */
int ledger_summary_model(Db *db, const Scope *scope, const MeetingRuleSet *rs, int64_t org_id,
                         Period p, Date today, int64_t now, json_t **model);

/* GET /ledger/meetings and /ledger/meetings.xlsx: org (default: the account's org), period
 * ("2025", "2025Q3", "2025-Q3", "2025H1", "2025-03"; default this year), print (HTML only). */
extern const RouteParam ledger_meetings_params[];
/* GET /ledger/summary and /ledger/summary.xlsx: org, period (default this quarter), print. */
extern const RouteParam ledger_summary_params[];

int ledger_meetings_page(Req *r);
int ledger_meetings_xlsx_page(Req *r);
int ledger_summary_page(Req *r);
int ledger_summary_xlsx_page(Req *r);

#endif
