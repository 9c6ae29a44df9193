/*
 * ledger_xlsx.c: the ledgers as workbooks. See ledger_xlsx.h. libxlsxwriter writes to a file
 * only, so each workbook goes to a private temporary file that is read back and removed.
 */
#include "meeting/ledger_xlsx.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/buf.h"
#include "web/view.h"
#include "base/banned.h"

enum {
  TITLE_ROW = 0,
  INFO_ROW = 1,
  HEAD_ROW = LEDGER_XLSX_HEADER_ROW - 1, /* 0-based */
  PAPER_A4 = 9,
};

static char *dup_msg(const char *s) {
  char *d = strdup(s);
  if (!d) {
    abort();
  }
  return d;
}

/* ---- formats ---- */

typedef struct Formats {
  lxw_format *title, *info, *head, *text, *wrap, *num, *datetime, *late, *pct, *total, *total_num,
      *total_pct, *center;
} Formats;

static lxw_format *cell_format(lxw_workbook *wb) {
  lxw_format *f = workbook_add_format(wb);
  format_set_border(f, LXW_BORDER_THIN);
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  return f;
}

static void formats_init(lxw_workbook *wb, Formats *f) {
  f->title = workbook_add_format(wb);
  format_set_bold(f->title);
  format_set_font_size(f->title, 16);
  format_set_align(f->title, LXW_ALIGN_CENTER);
  format_set_align(f->title, LXW_ALIGN_VERTICAL_CENTER);
  f->info = workbook_add_format(wb);
  format_set_align(f->info, LXW_ALIGN_VERTICAL_CENTER);
  f->head = workbook_add_format(wb);
  format_set_bold(f->head);
  format_set_border(f->head, LXW_BORDER_THIN);
  format_set_align(f->head, LXW_ALIGN_CENTER);
  format_set_align(f->head, LXW_ALIGN_VERTICAL_CENTER);
  format_set_text_wrap(f->head);
  format_set_bg_color(f->head, 0xF2DCDB);
  f->text = cell_format(wb);
  f->wrap = cell_format(wb);
  format_set_text_wrap(f->wrap);
  f->center = cell_format(wb);
  format_set_align(f->center, LXW_ALIGN_CENTER);
  f->num = cell_format(wb);
  f->datetime = cell_format(wb);
  format_set_num_format(f->datetime, "yyyy-mm-dd hh:mm");
  f->late = cell_format(wb);
  format_set_num_format(f->late, "yyyy-mm-dd hh:mm");
  format_set_bg_color(f->late, 0xFFF1D6);
  format_set_font_color(f->late, 0x9C5700);
  f->pct = cell_format(wb);
  format_set_num_format(f->pct, "0.0%");
  f->total = cell_format(wb);
  format_set_bold(f->total);
  f->total_num = cell_format(wb);
  format_set_bold(f->total_num);
  f->total_pct = cell_format(wb);
  format_set_bold(f->total_pct);
  format_set_num_format(f->total_pct, "0.0%");
}

/* ---- writing through a temporary file ---- */

typedef struct Sheet {
  lxw_workbook *wb;
  lxw_worksheet *ws;
  Formats f;
  Buf path;
} Sheet;

static int sheet_open(Sheet *s, const char *name, char **err) {
  memset(s, 0, sizeof *s);
  const char *dir = getenv("TMPDIR");
  buf_printf(&s->path, "%s/dangjian-ledger-XXXXXX", dir && *dir ? dir : "/tmp");
  int fd = mkstemp(s->path.data);
  if (fd < 0) {
    buf_free(&s->path);
    *err = dup_msg("无法创建临时文件");
    return -1;
  }
  close(fd);
  s->wb = workbook_new(s->path.data);
  if (!s->wb) {
    unlink(s->path.data);
    buf_free(&s->path);
    *err = dup_msg("无法创建工作簿");
    return -1;
  }
  s->ws = workbook_add_worksheet(s->wb, name);
  formats_init(s->wb, &s->f);
  return 0;
}

/* Closes the workbook and reads its bytes into *data / *n; removes the file. */
static int sheet_close(Sheet *s, char **data, size_t *n, char **err) {
  lxw_error e = workbook_close(s->wb);
  int rc = -1;
  if (e != LXW_NO_ERROR) {
    Buf b = BUF_INIT;
    buf_printf(&b, "写入工作簿失败：%s", lxw_strerror(e));
    *err = buf_take(&b);
    goto out;
  }
  FILE *fp = fopen(s->path.data, "rb");
  Buf content = BUF_INIT;
  buf_set_cap(&content, (size_t)1 << 30);
  char chunk[65536];
  size_t got;
  while (fp && (got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
    buf_append(&content, chunk, got);
  }
  if (!fp || ferror(fp) || content.overflow) {
    buf_free(&content);
    Buf b = BUF_INIT;
    buf_printf(&b, "读取工作簿失败：%s", strerror(errno));
    *err = buf_take(&b);
  } else {
    *n = content.len;
    *data = buf_take(&content);
    rc = 0;
  }
  if (fp) {
    fclose(fp);
  }
out:
  unlink(s->path.data);
  buf_free(&s->path);
  return rc;
}

/* ---- cells ---- */

static void put_text(Sheet *s, lxw_row_t r, lxw_col_t c, const char *text, lxw_format *f) {
  if (text && *text) {
    worksheet_write_string(s->ws, r, c, text, f);
  } else {
    worksheet_write_blank(s->ws, r, c, f);
  }
}

/* A "YYYY-MM-DD HH:MM" (or "YYYY-MM-DD") text as an Excel date; as text when unreadable. */
static void put_datetime(Sheet *s, lxw_row_t r, lxw_col_t c, const char *text, lxw_format *f) {
  int y, mo, d, h = 0, mi = 0;
  if (text &&
      (sscanf(text, "%4d-%2d-%2d %2d:%2d", &y, &mo, &d, &h, &mi) == 5 ||
       sscanf(text, "%4d-%2d-%2d", &y, &mo, &d) == 3) &&
      y >= 1900 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h < 24 && mi >= 0 &&
      mi < 60) {
    lxw_datetime when = {y, mo, d, h, mi, 0};
    worksheet_write_datetime(s->ws, r, c, &when, f);
  } else {
    put_text(s, r, c, text, f);
  }
}

/* Title (merged across the columns) and information line. */
static void title_block(Sheet *s, const json_t *model, const char *title, lxw_col_t last) {
  const json_t *org = json_object_get(model, "org");
  Buf t = BUF_INIT;
  buf_printf(&t, "%s %s", view_str_or(org, "name", ""), title);
  worksheet_set_row(s->ws, TITLE_ROW, 30, NULL);
  worksheet_merge_range(s->ws, TITLE_ROW, 0, TITLE_ROW, last, buf_cstr(&t), s->f.title);
  buf_reset(&t);
  buf_printf(&t, "组织名称：%s    期间：%s    制表时间：%s", view_str_or(org, "name", ""),
             view_str_or(json_object_get(model, "period"), "label", ""),
             view_str_or(model, "made_at", ""));
  worksheet_set_row(s->ws, INFO_ROW, 20, NULL);
  worksheet_merge_range(s->ws, INFO_ROW, 0, INFO_ROW, last, buf_cstr(&t), s->f.info);
  buf_free(&t);
}

/* Page setup for printing from Excel: A4, fitted to one page wide, header rows on every page,
 * 制表 information in the footer. */
static void page_setup(Sheet *s, bool landscape, lxw_row_t head_first, lxw_row_t head_last) {
  if (landscape) {
    worksheet_set_landscape(s->ws);
  } else {
    worksheet_set_portrait(s->ws);
  }
  worksheet_set_paper(s->ws, PAPER_A4);
  worksheet_set_margins(s->ws, 0.4, 0.4, 0.6, 0.6);
  worksheet_repeat_rows(s->ws, head_first, head_last);
  worksheet_fit_to_pages(s->ws, 1, 0);
  worksheet_center_horizontally(s->ws);
  worksheet_set_footer(s->ws, "&C第 &P 页，共 &N 页");
}

/* ---- row heights ---- */

/* Lines a text needs in a wrapped column of width characters (Excel's unit: a CJK character
 * takes two). Excel does not grow a row for wrapped text by itself when the file is opened,
 * so the rows of long cells are given their height here. */
static int lines_of(const char *text, double width) {
  if (!text || !*text) {
    return 1;
  }
  int per_line = width > 4 ? (int)(width * 0.9) - 1 : 2;
  int lines = 0, used = 0;
  for (const unsigned char *p = (const unsigned char *)text; *p;) {
    if (*p == '\n') {
      lines++;
      used = 0;
      p++;
      continue;
    }
    int w = *p < 0x80 ? 1 : 2;
    p += *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
    if (used + w > per_line) {
      lines++;
      used = 0;
    }
    used += w;
  }
  return lines + 1;
}

/* ---- 会议记录台账 ---- */

typedef enum Col {
  C_SEQ,
  C_DATE,
  C_ORG,
  C_KIND,
  C_PLACE,
  C_HOST,
  C_RECORDER,
  C_DUE,
  C_PRESENT,
  C_ABSENT,
  C_TOPICS,
  C_DECISIONS,
  C_STATE,
  C_SUBMIT,
  C_ENTERED,
  C_LAG,
  C_COUNT
} Col;

static const struct {
  const char *head;
  double width;
} meeting_cols[C_COUNT] = {
    [C_SEQ] = {"序号", 5},          [C_DATE] = {"日期", 16},
    [C_ORG] = {"组织", 16},         [C_KIND] = {"会议类型", 11},
    [C_PLACE] = {"地点", 12},       [C_HOST] = {"主持人", 8},
    [C_RECORDER] = {"记录人", 8},   [C_DUE] = {"应到", 6},
    [C_PRESENT] = {"实到", 6},      [C_ABSENT] = {"缺席人员及原因", 24},
    [C_TOPICS] = {"议题", 30},      [C_DECISIONS] = {"决议及表决情况", 36},
    [C_STATE] = {"审核状态", 12},   [C_SUBMIT] = {"提交情况", 12},
    [C_ENTERED] = {"录入时间", 16}, [C_LAG] = {"会后录入天数", 8},
};

int ledger_xlsx_meetings(const json_t *model, char **data, size_t *n, char **err) {
  *data = NULL;
  *n = 0;
  *err = NULL;
  Sheet s;
  if (sheet_open(&s, LEDGER_SHEET_MEETINGS, err) != 0) {
    return -1;
  }
  bool multi = json_is_true(json_object_get(model, "multi_org"));
  /* the columns in use and their position */
  int pos[C_COUNT];
  lxw_col_t nc = 0;
  for (int c = 0; c < C_COUNT; c++) {
    pos[c] = c == C_ORG && !multi ? -1 : (int)nc++;
    if (pos[c] >= 0) {
      worksheet_set_column(s.ws, (lxw_col_t)pos[c], (lxw_col_t)pos[c], meeting_cols[c].width, NULL);
    }
  }
  title_block(&s, model, "会议记录台账", nc - 1);
  worksheet_set_row(s.ws, HEAD_ROW, 30, NULL);
  for (int c = 0; c < C_COUNT; c++) {
    if (pos[c] >= 0) {
      worksheet_write_string(s.ws, HEAD_ROW, (lxw_col_t)pos[c], meeting_cols[c].head, s.f.head);
    }
  }
  const json_t *rows = json_object_get(model, "rows");
  size_t i;
  const json_t *m;
  json_array_foreach(rows, i, m) {
    lxw_row_t r = (lxw_row_t)(HEAD_ROW + 1 + i);
    Buf state = BUF_INIT;
    buf_puts(&state, view_str_or(m, "state_label", ""));
    if (view_str(m, "review_remark")) {
      buf_printf(&state, "：%s", view_str(m, "review_remark"));
    }
    Buf held = BUF_INIT;
    buf_printf(&held, "%s %s", view_str_or(m, "date", ""), view_str_or(m, "time", ""));
    worksheet_write_number(s.ws, r, 0, (double)view_int(m, "seq"), s.f.center);
    put_datetime(&s, r, (lxw_col_t)pos[C_DATE], buf_cstr(&held), s.f.datetime);
    if (multi) {
      put_text(&s, r, (lxw_col_t)pos[C_ORG], view_str(m, "org_name"), s.f.wrap);
    }
    put_text(&s, r, (lxw_col_t)pos[C_KIND], view_str(m, "kind_label"), s.f.text);
    put_text(&s, r, (lxw_col_t)pos[C_PLACE], view_str(m, "place"), s.f.wrap);
    put_text(&s, r, (lxw_col_t)pos[C_HOST], view_str(m, "host_name"), s.f.text);
    put_text(&s, r, (lxw_col_t)pos[C_RECORDER], view_str(m, "recorder_name"), s.f.text);
    worksheet_write_number(s.ws, r, (lxw_col_t)pos[C_DUE], (double)view_int(m, "due"), s.f.num);
    worksheet_write_number(s.ws, r, (lxw_col_t)pos[C_PRESENT], (double)view_int(m, "present"),
                           s.f.num);
    put_text(&s, r, (lxw_col_t)pos[C_ABSENT], view_str(m, "absent_text"), s.f.wrap);
    put_text(&s, r, (lxw_col_t)pos[C_TOPICS], view_str(m, "topics"), s.f.wrap);
    put_text(&s, r, (lxw_col_t)pos[C_DECISIONS], view_str(m, "decisions_text"), s.f.wrap);
    put_text(&s, r, (lxw_col_t)pos[C_STATE], buf_cstr(&state), s.f.wrap);
    put_text(&s, r, (lxw_col_t)pos[C_SUBMIT],
             view_str_or(m, "late_submit", view_str(m, "submitted_at") ? "按时" : NULL), s.f.text);
    bool late = json_is_true(json_object_get(m, "late_entry"));
    put_datetime(&s, r, (lxw_col_t)pos[C_ENTERED], view_str(m, "entered_text"),
                 late ? s.f.late : s.f.datetime);
    worksheet_write_number(s.ws, r, (lxw_col_t)pos[C_LAG], (double)view_int(m, "entry_lag"),
                           s.f.num);
    int lines = 1;
    const struct {
      int col;
      const char *text;
    } wrapped[] = {
        {C_ORG, multi ? view_str(m, "org_name") : NULL}, {C_PLACE, view_str(m, "place")},
        {C_ABSENT, view_str(m, "absent_text")},          {C_TOPICS, view_str(m, "topics")},
        {C_DECISIONS, view_str(m, "decisions_text")},    {C_STATE, buf_cstr(&state)}};
    for (size_t w = 0; w < sizeof wrapped / sizeof wrapped[0]; w++) {
      int l = lines_of(wrapped[w].text, meeting_cols[wrapped[w].col].width);
      lines = l > lines ? l : lines;
    }
    worksheet_set_row(s.ws, r, lines > 27 ? 409 : 15 * lines, NULL);
    buf_free(&state);
    buf_free(&held);
  }
  size_t nrows = json_array_size(rows);
  worksheet_freeze_panes(s.ws, HEAD_ROW + 1, 0);
  worksheet_autofilter(s.ws, HEAD_ROW, 0, (lxw_row_t)(HEAD_ROW + nrows), nc - 1);
  page_setup(&s, true, HEAD_ROW, HEAD_ROW);
  return sheet_close(&s, data, n, err);
}

/* ---- 三会一课汇总 ---- */

static void summary_row(Sheet *s, lxw_row_t r, const json_t *row, size_t n_kinds, bool by_town,
                        bool total) {
  lxw_format *txt = total ? s->f.total : s->f.text;
  lxw_format *num = total ? s->f.total_num : s->f.num;
  lxw_col_t c = 0;
  if (total) {
    worksheet_write_blank(s->ws, r, c++, txt);
  } else {
    worksheet_write_number(s->ws, r, c++, (double)view_int(row, "seq"), s->f.center);
  }
  put_text(s, r, c++, view_str(row, "name"), txt);
  if (by_town) {
    worksheet_write_number(s->ws, r, c++, (double)view_int(row, "n_branches"), num);
  }
  const json_t *cells = json_object_get(row, "cells");
  for (size_t k = 0; k < n_kinds; k++) {
    const json_t *cell = json_array_get(cells, k);
    if (json_is_integer(json_object_get(cell, "required"))) {
      worksheet_write_number(s->ws, r, c++, (double)view_int(cell, "required"), num);
      worksheet_write_number(s->ws, r, c++, (double)view_int(cell, "held"), num);
    } else {
      worksheet_write_string(s->ws, r, c++, "—", s->f.center);
      worksheet_write_string(s->ws, r, c++, "—", s->f.center);
    }
  }
  worksheet_write_number(s->ws, r, c++, (double)view_int(row, "due"), num);
  worksheet_write_number(s->ws, r, c++, (double)view_int(row, "met"), num);
  const json_t *rate = json_object_get(row, "rate_value");
  if (json_is_number(rate)) {
    worksheet_write_number(s->ws, r, c++, json_number_value(rate),
                           total ? s->f.total_pct : s->f.pct);
  } else {
    worksheet_write_string(s->ws, r, c++, "—", txt);
  }
  worksheet_write_number(s->ws, r, c++, (double)view_int(row, "n_records"), num);
  worksheet_write_number(s->ws, r, c++, (double)view_int(row, "n_late"), num);
  worksheet_write_number(s->ws, r, c++, (double)view_int(row, "n_returned"), num);
}

int ledger_xlsx_summary(const json_t *model, char **data, size_t *n, char **err) {
  *data = NULL;
  *n = 0;
  *err = NULL;
  Sheet s;
  if (sheet_open(&s, LEDGER_SHEET_SUMMARY, err) != 0) {
    return -1;
  }
  bool by_town = json_is_true(json_object_get(model, "by_town"));
  const json_t *kinds = json_object_get(model, "kinds");
  size_t nk = json_array_size(kinds);
  lxw_col_t last = (lxw_col_t)((by_town ? 3 : 2) + 2 * nk + 6 - 1);
  title_block(&s, model, "三会一课落实情况汇总表", last);
  lxw_row_t h1 = HEAD_ROW, h2 = HEAD_ROW + 1;
  worksheet_set_row(s.ws, h1, 30, NULL);
  worksheet_set_row(s.ws, h2, 20, NULL);
  lxw_col_t c = 0;
  /* single columns span both header rows */
#define HEAD1(label, width)                                                                        \
  do {                                                                                             \
    worksheet_merge_range(s.ws, h1, c, h2, c, (label), s.f.head);                                  \
    worksheet_set_column(s.ws, c, c, (width), NULL);                                               \
    c++;                                                                                           \
  } while (0)
  HEAD1("序号", 5);
  HEAD1(by_town ? "乡镇" : "支部", 20);
  if (by_town) {
    HEAD1("支部数", 7);
  }
  size_t i;
  const json_t *k;
  json_array_foreach(kinds, i, k) {
    Buf label = BUF_INIT;
    buf_puts(&label, view_str_or(k, "label", ""));
    if (view_str(k, "per_label")) {
      buf_printf(&label, "（%s）", view_str(k, "per_label"));
    }
    worksheet_merge_range(s.ws, h1, c, h1, c + 1, buf_cstr(&label), s.f.head);
    worksheet_write_string(s.ws, h2, c, "应开", s.f.head);
    worksheet_write_string(s.ws, h2, c + 1, "已开", s.f.head);
    worksheet_set_column(s.ws, c, c + 1, 6.5, NULL);
    c += 2;
    buf_free(&label);
  }
  worksheet_merge_range(s.ws, h1, c, h1, c + 1, "考核周期", s.f.head);
  worksheet_write_string(s.ws, h2, c, "到期", s.f.head);
  worksheet_write_string(s.ws, h2, c + 1, "达标", s.f.head);
  worksheet_set_column(s.ws, c, c + 1, 6.5, NULL);
  c += 2;
  HEAD1("落实率", 9);
  HEAD1("记录数", 7);
  HEAD1("逾期提交", 8);
  HEAD1("退回", 6);
#undef HEAD1
  const json_t *rows = json_object_get(model, "rows");
  const json_t *row;
  json_array_foreach(rows, i, row) {
    summary_row(&s, (lxw_row_t)(h2 + 1 + i), row, nk, by_town, false);
  }
  summary_row(&s, (lxw_row_t)(h2 + 1 + json_array_size(rows)), json_object_get(model, "total"), nk,
              by_town, true);
  Buf note = BUF_INIT;
  buf_printf(&note, "落实率 = 达标周期 ÷ 到期周期（月、季度、年）。%s",
             view_str_or(model, "rules_note", ""));
  worksheet_merge_range(s.ws, (lxw_row_t)(h2 + 2 + json_array_size(rows)), 0,
                        (lxw_row_t)(h2 + 2 + json_array_size(rows)), last, buf_cstr(&note),
                        s.f.info);
  buf_free(&note);
  worksheet_freeze_panes(s.ws, h2 + 1, 2);
  page_setup(&s, true, h1, h2);
  return sheet_close(&s, data, n, err);
}

/* ---- file name ---- */

char *ledger_xlsx_filename(const char *base, const char *org_name, const char *period_key) {
  Buf b = BUF_INIT;
  buf_printf(&b, "%s_%s_%s.xlsx", base, org_name, period_key);
  for (size_t i = 0; i < b.len; i++) {
    unsigned char ch = (unsigned char)b.data[i];
    if (ch < 0x20 || ch == 0x7f || strchr("/\\:*?\"<>|", ch)) {
      b.data[i] = '_';
    }
  }
  return buf_take(&b);
}
