/*
 * The roster import pipeline (member_import.h): file → sheets → header → rows → checks →
 * one transaction. No SQL here: the store functions of member, org and audit do the writing.
 */
#include "member/member_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "io/csv.h"
#include "io/table.h"
#include "io/xlsx.h"
#include "member/member.h"
#include "org/org.h"
#include "base/banned.h"

enum {
  HEADER_SCAN_ROWS = 10, /* header row searched among the first rows of a sheet */
  MAX_PROBLEMS = 32,
  ARENA_BLOCK = 1 << 16,
  SAVED_VERSION = 1,
  ORGS_MAX = 1000000,
};

const char *const member_import_columns[IMP_FIELD_COUNT] = {
    [IMP_SEQ] = "序号",
    [IMP_NAME] = "姓名",
    [IMP_ORG] = "所在党支部",
    [IMP_ID] = "公民身份证号",
    [IMP_GENDER] = "性别",
    [IMP_ETHNICITY] = "民族",
    [IMP_BIRTH] = "出生日期",
    [IMP_EDUCATION] = "学历",
    [IMP_CATEGORY] = "人员类别",
    [IMP_JOINED] = "加入党组织日期",
    [IMP_FULL] = "转为正式党员日期",
    [IMP_POST] = "工作岗位",
    [IMP_PHONE] = "手机号",
    [IMP_LANDLINE] = "固定电话",
    [IMP_ADDRESS] = "家庭住址",
    [IMP_STANDING] = "党籍状态",
    [IMP_LOST] = "是否为失联党员",
    [IMP_LOST_DATE] = "失去联系日期",
    [IMP_FLOWING] = "是否为流动党员",
    [IMP_FLOW_DEST] = "外出流向",
    [IMP_STATUS] = "党员身份",
    [IMP_PROBATION_END] = "预备期满日期",
    [IMP_ID_REASON] = "身份证号例外说明",
};

/* Other names the same columns go by in the rosters users keep (after normalisation:
 * no white space, no '*', no trailing parenthesised note). */
static const struct {
  ImportField field;
  const char *name;
} column_aliases[] = {
    {IMP_SEQ, "编号"},
    {IMP_NAME, "党员姓名"},
    {IMP_ORG, "所在支部"},
    {IMP_ORG, "党支部"},
    {IMP_ORG, "所在党组织"},
    {IMP_ORG, "所属党支部"},
    {IMP_ORG, "党组织名称"},
    {IMP_ORG, "支部名称"},
    {IMP_ID, "公民身份证号码"},
    {IMP_ID, "公民身份号码"},
    {IMP_ID, "身份证号"},
    {IMP_ID, "身份证号码"},
    {IMP_ID, "身份证"},
    {IMP_BIRTH, "出生年月日"},
    {IMP_BIRTH, "出生年月"},
    {IMP_EDUCATION, "文化程度"},
    {IMP_EDUCATION, "最高学历"},
    {IMP_CATEGORY, "人员类型"},
    {IMP_JOINED, "入党日期"},
    {IMP_JOINED, "入党时间"},
    {IMP_JOINED, "加入党组织时间"},
    {IMP_FULL, "转正日期"},
    {IMP_FULL, "转正时间"},
    {IMP_FULL, "转为正式党员时间"},
    {IMP_POST, "岗位"},
    {IMP_POST, "职务"},
    {IMP_POST, "工作单位及职务"},
    {IMP_PHONE, "手机号码"},
    {IMP_PHONE, "手机"},
    {IMP_PHONE, "联系电话"},
    {IMP_LANDLINE, "座机"},
    {IMP_LANDLINE, "办公电话"},
    {IMP_ADDRESS, "住址"},
    {IMP_ADDRESS, "家庭地址"},
    {IMP_ADDRESS, "现居住地"},
    {IMP_LOST, "是否失联党员"},
    {IMP_LOST, "是否失联"},
    {IMP_LOST, "失联党员"},
    {IMP_LOST_DATE, "失联日期"},
    {IMP_LOST_DATE, "失去联系时间"},
    {IMP_FLOWING, "是否流动党员"},
    {IMP_FLOWING, "流动党员"},
    {IMP_FLOW_DEST, "流向"},
    {IMP_FLOW_DEST, "外出流向地"},
    {IMP_FLOW_DEST, "流出地"},
    {IMP_STATUS, "党员类别"},
    {IMP_PROBATION_END, "延长预备期满日期"},
};

typedef enum FieldKind { K_TEXT, K_ID, K_DATE, K_BOOL } FieldKind;

static FieldKind field_kind(int f) {
  switch (f) {
  case IMP_ID:
    return K_ID;
  case IMP_BIRTH:
  case IMP_JOINED:
  case IMP_FULL:
  case IMP_LOST_DATE:
  case IMP_PROBATION_END:
    return K_DATE;
  case IMP_LOST:
  case IMP_FLOWING:
    return K_BOOL;
  default:
    return K_TEXT;
  }
}

/* ---- memory ---- */

typedef struct Arena {
  char **blocks;
  size_t n;
  char *cur;
  size_t left;
} Arena;

static void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) {
    abort();
  }
  return p;
}

static char *arena_strndup(Arena *a, const char *s, size_t n) {
  if (n + 1 > a->left) {
    size_t size = n + 1 > ARENA_BLOCK ? n + 1 : ARENA_BLOCK;
    a->blocks = xrealloc(a->blocks, (a->n + 1) * sizeof *a->blocks);
    a->cur = a->blocks[a->n++] = xrealloc(NULL, size);
    a->left = size;
  }
  char *d = a->cur;
  memcpy(d, s, n);
  d[n] = '\0';
  a->cur += n + 1;
  a->left -= n + 1;
  return d;
}

static char *arena_strdup(Arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

static void arena_free(Arena *a) {
  for (size_t i = 0; i < a->n; i++) {
    free(a->blocks[i]);
  }
  free(a->blocks);
  memset(a, 0, sizeof *a);
}

/* ---- the import ---- */

typedef struct ImportRow {
  char *v[IMP_FIELD_COUNT]; /* converted cell texts (arena), NULL when absent or empty */
  int64_t org_id;
  uint32_t row;     /* the sheet's own row number */
  uint32_t present; /* bit f: the row's sheet has column f */
  uint32_t bad;     /* bit f: column f has a problem; any bit: the row is invalid */
  uint16_t sheet;
  bool status_derived; /* 党员身份 was not given: derived from the dates */
} ImportRow;

typedef struct ImportError {
  uint32_t row;
  uint16_t sheet;
  int16_t field; /* ImportField, or -1 */
  const char *column;
  const char *value;
  const char *message;
} ImportError;

typedef struct OrgRef {
  int64_t id;
  const char *path, *kind, *name, *short_name, *code;
  bool dissolved;
} OrgRef;

typedef struct OrgKey {
  const char *key;
  size_t idx;
} OrgKey;

struct MemberImport {
  int64_t org_id;
  char *filename;
  Arena arena;
  ImportRow *rows;
  size_t n_rows, rows_alloc;
  ImportError *errors; /* the read step's */
  size_t n_errors, errors_alloc;
  size_t n_invalid;
  char **sheet_names; /* sheets with a roster, in order */
  size_t n_sheets;
  json_t *sheets;   /* [{name, header_row, rows, columns, ignored}] */
  json_t *skipped;  /* [{row, sheet?, text}] (sheet as index until the report) */
  json_t *warnings; /* [text] */
  /* the target subtree's orgs (loaded on demand) */
  json_t *org_json;
  OrgRef *orgs;
  size_t n_orgs;
  OrgKey *keys;
  size_t n_keys;
  /* the run step's */
  ImportError *run_errors;
  size_t n_run_errors, run_errors_alloc;
};

static void add_error(MemberImport *imp, bool run, const ImportRow *r, int field,
                      const char *column, const char *value, const char *message) {
  ImportError **a = run ? &imp->run_errors : &imp->errors;
  size_t *n = run ? &imp->n_run_errors : &imp->n_errors;
  size_t *alloc = run ? &imp->run_errors_alloc : &imp->errors_alloc;
  if (*n == *alloc) {
    *alloc = *alloc ? *alloc * 2 : 64;
    *a = xrealloc(*a, *alloc * sizeof **a);
  }
  (*a)[(*n)++] = (ImportError){
      .row = r->row,
      .sheet = r->sheet,
      .field = (int16_t)field,
      .column = column ? column : (field >= 0 ? member_import_columns[field] : ""),
      .value = value ? arena_strdup(&imp->arena, value) : "",
      .message = arena_strdup(&imp->arena, message),
  };
}

__attribute__((format(printf, 4, 5))) static void row_error(MemberImport *imp, ImportRow *r,
                                                            int field, const char *fmt, ...) {
  Buf b = BUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&b, fmt, ap);
  va_end(ap);
  add_error(imp, false, r, field, NULL, r->v[field], buf_cstr(&b));
  buf_free(&b);
  if (!r->bad) {
    imp->n_invalid++;
  }
  r->bad |= 1u << field;
}

static int field_of_column(const char *column) {
  for (int f = 0; f < IMP_FIELD_COUNT; f++) {
    if (strcmp(member_import_columns[f], column) == 0) {
      return f;
    }
  }
  return -1;
}

/* ---- text helpers ---- */

/* s[0..*n) without white space at both ends (ASCII, NBSP, U+3000, BOM, zero-width). */
static const char *trim_span(const char *s, size_t *n) {
  size_t len = *n, k;
  while (len > 0) {
    int32_t cp = utf8_decode(s, len, &k);
    if (cp < 0 || !utf8_is_space(cp)) {
      break;
    }
    s += k;
    len -= k;
  }
  while (len > 0) {
    size_t back = 1;
    while (back < len && back < 4 && ((unsigned char)s[len - back] & 0xC0) == 0x80) {
      back++;
    }
    int32_t cp = utf8_decode(s + len - back, back, &k);
    if (cp < 0 || k != back || !utf8_is_space(cp)) {
      break;
    }
    len -= back;
  }
  *n = len;
  return s;
}

/* A header cell's text as compared: width folded, no white space, no '*', no trailing
 * "(…)" / "（…）" note. Malloc'd. */
static char *header_key(const char *s) {
  char *f = utf8_fold_width(s, strlen(s));
  if (!f) {
    return NULL;
  }
  size_t w = 0;
  size_t n = strlen(f);
  for (size_t i = 0; i < n;) {
    size_t k;
    int32_t cp = utf8_decode(f + i, n - i, &k);
    if (cp < 0) {
      k = 1;
    }
    if (cp != '*' && !(cp >= 0 && utf8_is_space(cp))) {
      memmove(f + w, f + i, k);
      w += k;
    }
    i += k;
  }
  f[w] = '\0';
  /* a trailing note in brackets: 出生日期(yyyy-mm-dd), 手机号（必填） */
  if (w > 0 && f[w - 1] == ')') {
    char *open = strrchr(f, '(');
    if (open && open > f) {
      *open = '\0';
    }
  } else if (w >= 3 && strcmp(f + w - 3, "）") == 0) {
    char *open = NULL;
    for (char *p = strstr(f, "（"); p; p = strstr(p + 1, "（")) {
      open = p;
    }
    if (open && open > f) {
      *open = '\0';
    }
  }
  return f;
}

static int header_field(const char *text) {
  char *k = header_key(text);
  int found = -1;
  if (k && *k) {
    for (int f = 0; f < IMP_FIELD_COUNT && found < 0; f++) {
      if (strcmp(k, member_import_columns[f]) == 0) {
        found = f;
      }
    }
    for (size_t i = 0; found < 0 && i < sizeof column_aliases / sizeof *column_aliases; i++) {
      if (strcmp(k, column_aliases[i].name) == 0) {
        found = (int)column_aliases[i].field;
      }
    }
  }
  free(k);
  return found;
}

/* 是 → 1, 否 or empty → 0, anything else -1. */
static int parse_yes_no(const char *s) {
  if (!s || !*s) {
    return 0;
  }
  static const char *const yes[] = {"是", "Y", "y", "YES", "Yes", "yes", "1", "TRUE", "true",
                                    "√", "✓", "是的", NULL};
  static const char *const no[] = {"否", "N", "n", "NO", "No", "no", "0", "FALSE", "false",
                                   "×", "无", "不是", NULL};
  for (size_t i = 0; yes[i]; i++) {
    if (strcmp(s, yes[i]) == 0) {
      return 1;
    }
  }
  for (size_t i = 0; no[i]; i++) {
    if (strcmp(s, no[i]) == 0) {
      return 0;
    }
  }
  return -1;
}

/* "1.10105E+17": what Excel shows for an 18-digit number. */
static bool looks_scientific(const char *s) {
  const char *e = strpbrk(s, "Ee");
  if (!e || e == s || (e[1] != '+' && e[1] != '-')) {
    return false;
  }
  for (const char *p = s; p < e; p++) {
    if (!((*p >= '0' && *p <= '9') || *p == '.')) {
      return false;
    }
  }
  for (const char *p = e + 2; *p; p++) {
    if (*p < '0' || *p > '9') {
      return false;
    }
  }
  return e[2] != '\0';
}

/* ---- orgs of the target subtree ---- */

static int key_cmp(const void *a, const void *b) {
  return strcmp(((const OrgKey *)a)->key, ((const OrgKey *)b)->key);
}

static void orgs_free(MemberImport *imp) {
  json_decref(imp->org_json);
  free(imp->orgs);
  free(imp->keys);
  imp->org_json = NULL;
  imp->orgs = NULL;
  imp->keys = NULL;
  imp->n_orgs = imp->n_keys = 0;
}

/* Loads the orgs of sub (the target subtree). */
static void orgs_load(Db *db, const Scope *sub, MemberImport *imp) {
  orgs_free(imp);
  imp->org_json = org_search(db, sub, "", ORGS_MAX);
  size_t n = json_array_size(imp->org_json);
  imp->orgs = xrealloc(NULL, n * sizeof *imp->orgs);
  imp->keys = xrealloc(NULL, 3 * n * sizeof *imp->keys);
  for (size_t i = 0; i < n; i++) {
    const json_t *o = json_array_get(imp->org_json, i);
    OrgRef *r = &imp->orgs[i];
    r->id = json_integer_value(json_object_get(o, "id"));
    r->path = json_string_value(json_object_get(o, "path"));
    r->kind = json_string_value(json_object_get(o, "kind"));
    r->name = json_string_value(json_object_get(o, "name"));
    r->short_name = json_string_value(json_object_get(o, "short_name"));
    r->code = json_string_value(json_object_get(o, "code"));
    json_t *d = json_object_get(o, "dissolved");
    r->dissolved = d && !json_is_null(d) && !(json_is_string(d) && !*json_string_value(d));
    const char *names[3] = {r->name, r->short_name, r->code};
    for (int k = 0; k < 3; k++) {
      if (names[k] && *names[k] && (k == 0 || !names[k - 1] || strcmp(names[k], names[0]))) {
        imp->keys[imp->n_keys++] = (OrgKey){names[k], i};
      }
    }
  }
  imp->n_orgs = n;
  qsort(imp->keys, imp->n_keys, sizeof *imp->keys, key_cmp);
}

/* The org called name (full name, short name or code): its index, -1 when none, -2 when
 * several live orgs answer to it. */
static long org_find(const MemberImport *imp, const char *name) {
  OrgKey probe = {name, 0};
  OrgKey *k = bsearch(&probe, imp->keys, imp->n_keys, sizeof *imp->keys, key_cmp);
  if (!k) {
    return -1;
  }
  while (k > imp->keys && strcmp(k[-1].key, name) == 0) {
    k--;
  }
  long found = -1;
  long dissolved = -1;
  for (; k < imp->keys + imp->n_keys && strcmp(k->key, name) == 0; k++) {
    if (imp->orgs[k->idx].dissolved) {
      dissolved = (long)k->idx;
    } else if (found >= 0 && found != (long)k->idx) {
      return -2;
    } else {
      found = (long)k->idx;
    }
  }
  return found >= 0 ? found : dissolved;
}

static const OrgRef *org_by_id(const MemberImport *imp, int64_t id) {
  for (size_t i = 0; i < imp->n_orgs; i++) {
    if (imp->orgs[i].id == id) {
      return &imp->orgs[i];
    }
  }
  return NULL;
}

static bool org_holds_members(const OrgRef *o) {
  const OrgKind *k = org_kind_find(o->kind);
  return k && (k->level == ORG_LEVEL_BRANCH || k->level == ORG_LEVEL_GROUP);
}

/* The target org and its subtree as a scope; false when the org is not in scope. */
static bool target_scope(Db *db, const Scope *scope, int64_t org_id, Scope *sub) {
  char *path = org_path_of(db, scope, org_id);
  if (!path) {
    return false;
  }
  scope_add(sub, path);
  free(path);
  return true;
}

/* ---- reading a sheet ---- */

typedef struct ReadCtx {
  MemberImport *imp;
  const ImportOptions *opt;
  const OrgRef *target;
  size_t done, total;
} ReadCtx;

static void progress(const ImportOptions *opt, const char *phase, size_t done, size_t total) {
  if (opt && opt->progress) {
    opt->progress(opt->progress_ctx, phase, done, total);
  }
}

/* Counts header names in row r; fills map (col → field+1) when map is not NULL. */
static int header_matches(const TableRow *r, uint8_t *map, uint32_t map_n, uint32_t *seen) {
  int n = 0;
  for (uint32_t i = 0; i < r->n; i++) {
    const TableCell *c = &r->cells[i];
    if (c->kind != TABLE_TEXT) {
      continue;
    }
    int f = header_field(c->text);
    if (f < 0) {
      continue;
    }
    n++;
    if (seen) {
      *seen |= 1u << f;
    }
    if (map && c->col < map_n && !map[c->col]) {
      map[c->col] = (uint8_t)(f + 1);
    }
  }
  return n;
}

/* One cell converted into r->v[f] (or an error). */
static void convert_cell(MemberImport *imp, ImportRow *r, int f, const TableCell *c) {
  if (!c || c->kind == TABLE_EMPTY) {
    return;
  }
  char num[40];
  if (c->kind == TABLE_ERROR) {
    r->v[f] = arena_strdup(&imp->arena, c->text);
    row_error(imp, r, f, "「%s」单元格是公式错误 %s，请改为实际的值", member_import_columns[f],
              c->text);
    return;
  }
  FieldKind kind = field_kind(f);
  if (kind == K_DATE && (c->kind == TABLE_DATE || c->kind == TABLE_NUMBER)) {
    Date d;
    double v = c->number;
    if (c->kind == TABLE_NUMBER && v >= 19000101 && v <= 22001231 && v == (double)(int64_t)v) {
      /* 20240305 typed as a number */
      r->v[f] = arena_strdup(&imp->arena, c->text);
    } else if (date_from_excel_serial(v, &d) == 0) {
      r->v[f] = arena_strdup(&imp->arena, date_format_iso(d, num));
    } else {
      r->v[f] = arena_strdup(&imp->arena, c->text);
      row_error(imp, r, f, "「%s」不是有效的日期", member_import_columns[f]);
    }
    return;
  }
  if (kind == K_ID && (c->kind == TABLE_NUMBER || c->kind == TABLE_DATE)) {
    r->v[f] = arena_strdup(&imp->arena, c->text);
    row_error(imp, r, f, "身份证号被存成了数字，末位可能已丢失，请把该列设为文本");
    return;
  }
  if (kind == K_BOOL && c->kind == TABLE_BOOL) {
    r->v[f] = arena_strdup(&imp->arena, c->number != 0 ? "是" : "否");
    return;
  }
  size_t n = c->len;
  const char *s = trim_span(c->text, &n);
  if (kind == K_ID && n >= 3 && s[0] == '=' && s[1] == '"' && s[n - 1] == '"') {
    s += 2; /* ="110105…": Excel's way to keep a number as text in a CSV */
    n -= 3;
  }
  if (n == 0) {
    return;
  }
  r->v[f] = arena_strndup(&imp->arena, s, n);
  if (kind == K_ID && looks_scientific(r->v[f])) {
    row_error(imp, r, f,
              "身份证号显示为科学计数法（%s），数字已丢失，请把该列设为文本后重新填写",
              r->v[f]);
  } else if (kind == K_BOOL && parse_yes_no(r->v[f]) < 0) {
    row_error(imp, r, f, "「%s」应为“是”或“否”", member_import_columns[f]);
  }
}

/* The status when the file has no 党员身份: 正式党员 with a 转正 date or once the normal
 * probation has ended, else 预备党员. */
static const char *derive_status(const ImportRow *r, Date today) {
  if (r->v[IMP_FULL]) {
    return "正式党员";
  }
  Date j;
  if (r->v[IMP_JOINED] && date_parse(r->v[IMP_JOINED], strlen(r->v[IMP_JOINED]), &j, NULL) == 0) {
    Date end = date_add_months(j, 12);
    if (r->v[IMP_PROBATION_END]) {
      Date e;
      if (date_parse(r->v[IMP_PROBATION_END], strlen(r->v[IMP_PROBATION_END]), &e, NULL) == 0) {
        end = e;
      }
    }
    return date_compare(end, today) <= 0 ? "正式党员" : "预备党员";
  }
  return "正式党员";
}

static void record_of(const ImportRow *r, MemberRecord *m) {
  memset(m, 0, sizeof *m);
  m->name = r->v[IMP_NAME];
  m->gender = r->v[IMP_GENDER];
  m->ethnicity = r->v[IMP_ETHNICITY];
  m->education = r->v[IMP_EDUCATION];
  m->id_number = r->v[IMP_ID];
  m->id_override = r->v[IMP_ID_REASON] != NULL;
  m->id_override_reason = r->v[IMP_ID_REASON];
  m->birth_date = r->v[IMP_BIRTH];
  m->phone = r->v[IMP_PHONE];
  m->landline = r->v[IMP_LANDLINE];
  m->address = r->v[IMP_ADDRESS];
  m->category = r->v[IMP_CATEGORY];
  m->status = r->v[IMP_STATUS];
  m->standing = r->v[IMP_STANDING];
  m->joined_date = r->v[IMP_JOINED];
  m->full_date = r->v[IMP_FULL];
  m->probation_end = r->v[IMP_PROBATION_END];
  m->lost_contact = parse_yes_no(r->v[IMP_LOST]) == 1;
  m->lost_date = r->v[IMP_LOST_DATE];
  m->flowing = parse_yes_no(r->v[IMP_FLOWING]) == 1;
  m->flow_destination = r->v[IMP_FLOW_DEST];
  m->work_post = r->v[IMP_POST];
}

/* member_check's problems as row errors (columns that already have one are left alone). */
static void check_row(MemberImport *imp, ImportRow *r, Date today) {
  MemberRecord m;
  record_of(r, &m);
  MemberNormal n;
  MemberProblem p[MAX_PROBLEMS];
  int np = member_check(&m, today, &n, p, MAX_PROBLEMS);
  for (int i = 0; i < np; i++) {
    int f = field_of_column(p[i].field);
    if (f < 0) {
      f = IMP_NAME;
    }
    if (r->bad & (1u << f)) {
      continue;
    }
    if (!(r->present & (1u << f))) {
      /* a column the file does not have: an existing member keeps its stored value, so
       * only the run (which knows who exists) can tell whether this is a problem */
      continue;
    }
    if (f == IMP_STATUS && r->status_derived) {
      row_error(imp, r, f, "%s（本表没有「党员身份」列，按日期推算为%s）", p[i].message,
                r->v[IMP_STATUS]);
    } else {
      row_error(imp, r, f, "%s", p[i].message);
    }
  }
}

static void resolve_org(ReadCtx *x, ImportRow *r, const char *sheet_name) {
  MemberImport *imp = x->imp;
  const char *name = r->v[IMP_ORG];
  long idx = -1;
  if (name) {
    idx = org_find(imp, name);
    const char *under = x->target ? x->target->short_name : "";
    if (idx == -1) {
      row_error(imp, r, IMP_ORG, "「所在党支部」在「%s」下没有找到「%s」（可填全称、简称或组织编码）",
                under, name);
      return;
    }
    if (idx == -2) {
      row_error(imp, r, IMP_ORG, "「所在党支部」「%s」对应多个党组织，请填写全称或组织编码", name);
      return;
    }
  } else {
    if (sheet_name) {
      idx = org_find(imp, sheet_name);
    }
    if (idx < 0) {
      /* the target branch; above a branch: an existing member stays where it is, a new
       * one is refused when the rows are run (only the database knows which is which) */
      r->org_id = x->target && org_holds_members(x->target) ? x->target->id : 0;
      return;
    }
  }
  const OrgRef *o = &imp->orgs[idx];
  if (o->dissolved) {
    row_error(imp, r, IMP_ORG, "「所在党支部」「%s」已撤销", o->short_name);
  } else if (!org_holds_members(o)) {
    const OrgKind *k = org_kind_find(o->kind);
    row_error(imp, r, IMP_ORG, "「所在党支部」「%s」是%s，党员应登记在党支部或党小组",
              o->short_name, k ? k->label : o->kind);
  } else {
    r->org_id = o->id;
  }
}

static bool any_present(const ImportRow *r) {
  for (int f = IMP_NAME; f < IMP_FIELD_COUNT; f++) {
    if (r->v[f]) {
      return true;
    }
  }
  return false;
}

static void skip_row(ReadCtx *x, const ImportRow *r) {
  Buf b = BUF_INIT;
  for (int f = 0; f < IMP_FIELD_COUNT; f++) {
    if (r->v[f]) {
      buf_printf(&b, "%s%s", b.len ? " " : "", r->v[f]);
    }
  }
  json_array_append_new(x->imp->skipped, json_pack("{s:i, s:i, s:s}", "row", (int)r->row,
                                                   "sheet", (int)r->sheet, "text", buf_cstr(&b)));
  buf_free(&b);
}

/* Reads one sheet; false when it has no header row. */
static bool read_table(ReadCtx *x, const Table *t, const char *sheet_name) {
  MemberImport *imp = x->imp;
  /* the header row: the one among the first rows with the most known names, 姓名 and
   * 公民身份证号 among them */
  size_t best = SIZE_MAX;
  int best_n = 0;
  for (size_t i = 0; i < t->n_rows && i < HEADER_SCAN_ROWS; i++) {
    uint32_t seen = 0;
    int n = header_matches(&t->rows[i], NULL, 0, &seen);
    if ((seen & (1u << IMP_NAME)) && (seen & (1u << IMP_ID)) && n > best_n) {
      best = i;
      best_n = n;
    }
  }
  if (best == SIZE_MAX) {
    return false;
  }
  uint32_t max_col = 0;
  for (size_t i = 0; i < t->n_rows; i++) {
    const TableRow *r = &t->rows[i];
    if (r->n && r->cells[r->n - 1].col > max_col) {
      max_col = r->cells[r->n - 1].col;
    }
  }
  uint32_t map_n = max_col + 1;
  uint8_t *map = calloc(map_n, 1);
  if (!map) {
    abort();
  }
  const TableRow *hr = &t->rows[best];
  header_matches(hr, map, map_n, NULL);
  uint32_t header_last = hr->row;
  /* a two-level header: the next row names the columns under a merged group heading */
  if (best + 1 < t->n_rows && t->rows[best + 1].row == hr->row + 1) {
    const TableRow *next = &t->rows[best + 1];
    int n = header_matches(next, NULL, 0, NULL);
    if (n > 0 && (uint32_t)n * 2 >= next->n) {
      header_matches(next, map, map_n, NULL);
      header_last = next->row;
    }
  }
  /* columns: duplicates and unknown names */
  uint32_t present = 0;
  json_t *columns = json_array(), *ignored = json_array();
  for (uint32_t col = 1; col < map_n; col++) {
    const char *text = NULL;
    for (uint32_t row = hr->row; row <= header_last && !text; row++) {
      const char *s = table_text(t, row, col);
      text = *s ? s : NULL;
    }
    if (!map[col]) {
      if (text) {
        json_array_append_new(ignored, json_string(text));
      }
      continue;
    }
    int f = map[col] - 1;
    if (present & (1u << f)) {
      char cn[8];
      Buf b = BUF_INIT;
      buf_printf(&b, "工作表「%s」第 %s 列又是「%s」，只读取第一个「%s」列",
                 sheet_name ? sheet_name : "", table_col_name(col, cn), member_import_columns[f],
                 member_import_columns[f]);
      json_array_append_new(imp->warnings, json_string(buf_cstr(&b)));
      buf_free(&b);
      map[col] = 0;
      continue;
    }
    present |= 1u << f;
    json_array_append_new(columns, json_string(member_import_columns[f]));
  }
  uint16_t sheet = (uint16_t)imp->n_sheets;
  imp->sheet_names = xrealloc(imp->sheet_names, (imp->n_sheets + 1) * sizeof *imp->sheet_names);
  imp->sheet_names[imp->n_sheets++] = arena_strdup(&imp->arena, sheet_name ? sheet_name : "");
  size_t rows_before = imp->n_rows;

  /* the data rows */
  for (size_t i = best + 1; i < t->n_rows; i++) {
    const TableRow *tr = &t->rows[i];
    if (++x->done % 1024 == 0) {
      progress(x->opt, "检查", x->done, x->total);
    }
    if (tr->row <= header_last) {
      continue;
    }
    ImportRow r = {.row = tr->row, .sheet = sheet, .present = present};
    const TableCell *cells[IMP_FIELD_COUNT] = {0};
    for (uint32_t k = 0; k < tr->n; k++) {
      const TableCell *c = &tr->cells[k];
      if (c->col < map_n && map[c->col] && c->kind != TABLE_EMPTY) {
        cells[map[c->col] - 1] = c;
      }
    }
    if (t->n_merges > 0) {
      for (uint32_t col = 1; col < map_n; col++) {
        if (map[col] && !cells[map[col] - 1]) {
          cells[map[col] - 1] = table_value(t, tr->row, col);
        }
      }
    }
    /* rows are converted in a scratch record first, so that a skipped row leaves nothing */
    size_t errors_before = imp->n_errors, invalid_before = imp->n_invalid;
    for (int f = 0; f < IMP_FIELD_COUNT; f++) {
      convert_cell(imp, &r, f, cells[f]);
    }
    if (!any_present(&r)) {
      continue; /* only a 序号: an empty line of the template */
    }
    int filled = 0;
    for (int f = IMP_NAME; f < IMP_FIELD_COUNT; f++) {
      filled += r.v[f] != NULL;
    }
    if (!r.v[IMP_ID] && filled < 3) {
      imp->n_errors = errors_before;
      imp->n_invalid = invalid_before;
      skip_row(x, &r);
      continue;
    }
    if (!r.v[IMP_STATUS]) {
      r.v[IMP_STATUS] = arena_strdup(&imp->arena, derive_status(&r, x->opt->today));
      r.status_derived = !(present & (1u << IMP_STATUS));
    }
    resolve_org(x, &r, sheet_name);
    check_row(imp, &r, x->opt->today);
    if (imp->n_rows == imp->rows_alloc) {
      imp->rows_alloc = imp->rows_alloc ? imp->rows_alloc * 2 : 256;
      imp->rows = xrealloc(imp->rows, imp->rows_alloc * sizeof *imp->rows);
    }
    imp->rows[imp->n_rows++] = r;
  }
  free(map);
  json_array_append_new(imp->sheets,
                        json_pack("{s:s, s:i, s:I, s:o, s:o}", "name", sheet_name ? sheet_name : "",
                                  "header_row", (int)hr->row, "rows",
                                  (json_int_t)(imp->n_rows - rows_before), "columns", columns,
                                  "ignored", ignored));
  return true;
}

/* ---- duplicates within the file ---- */

typedef struct IdRef {
  char id[IDCARD_SIZE];
  size_t idx;
} IdRef;

static int idref_cmp(const void *a, const void *b) {
  const IdRef *x = a, *y = b;
  int c = strcmp(x->id, y->id);
  return c ? c : (x->idx < y->idx ? -1 : x->idx > y->idx);
}

static void find_duplicates(MemberImport *imp, Date today) {
  IdRef *refs = xrealloc(NULL, imp->n_rows * sizeof *refs);
  size_t n = 0;
  for (size_t i = 0; i < imp->n_rows; i++) {
    const ImportRow *r = &imp->rows[i];
    if (!r->v[IMP_ID] || (r->bad & (1u << IMP_ID))) {
      continue;
    }
    const char *id = r->v[IMP_ID];
    if (idcard_normalize_on(id, strlen(id), today, refs[n].id, NULL, NULL) != 0) {
      size_t len = strlen(id) < IDCARD_SIZE - 1 ? strlen(id) : IDCARD_SIZE - 1;
      memcpy(refs[n].id, id, len);
      refs[n].id[len] = '\0';
    }
    refs[n++].idx = i;
  }
  qsort(refs, n, sizeof *refs, idref_cmp);
  /* the first row of each ID number is kept; every later one is refused, naming it */
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    while (j < n && strcmp(refs[j].id, refs[i].id) == 0) {
      j++;
    }
    const ImportRow *first = &imp->rows[refs[i].idx];
    for (size_t k = i + 1; k < j; k++) {
      ImportRow *r = &imp->rows[refs[k].idx];
      if (imp->n_sheets > 1 && first->sheet != r->sheet) {
        row_error(imp, r, IMP_ID, "「公民身份证号」与工作表「%s」第 %u 行重复（同一身份证号只导入第一次出现的行）",
                  imp->sheet_names[first->sheet], (unsigned)first->row);
      } else {
        row_error(imp, r, IMP_ID, "「公民身份证号」与第 %u 行重复（同一身份证号只导入第一次出现的行）",
                  (unsigned)first->row);
      }
    }
    i = j;
  }
  free(refs);
}

/* ---- reading a file ---- */

static MemberImport *import_new(int64_t org_id, const char *filename) {
  MemberImport *imp = calloc(1, sizeof *imp);
  if (!imp) {
    abort();
  }
  imp->org_id = org_id;
  imp->filename = strdup(filename ? filename : "");
  imp->sheets = json_array();
  imp->skipped = json_array();
  imp->warnings = json_array();
  return imp;
}

static char *xstrdup_msg(const char *s) {
  char *d = strdup(s);
  if (!d) {
    abort();
  }
  return d;
}

/* Reads every table into imp; *err when none has a header. Takes the tables (frees them). */
static bool read_tables(Db *db, const Scope *scope, MemberImport *imp, Table **tables,
                        size_t n_tables, const ImportOptions *opt, char **err) {
  Scope sub = SCOPE_INIT;
  bool ok = target_scope(db, scope, imp->org_id, &sub);
  if (!ok) {
    *err = xstrdup_msg("要导入到的党组织不存在或不在您的管辖范围内");
  } else {
    orgs_load(db, &sub, imp);
  }
  ReadCtx x = {.imp = imp, .opt = opt, .target = ok ? org_by_id(imp, imp->org_id) : NULL};
  for (size_t i = 0; i < n_tables; i++) {
    x.total += tables[i] ? tables[i]->n_rows : 0;
  }
  size_t with_header = 0;
  for (size_t i = 0; ok && i < n_tables; i++) {
    if (!tables[i] || tables[i]->n_rows == 0) {
      continue;
    }
    if (read_table(&x, tables[i], tables[i]->name)) {
      with_header++;
    } else if (n_tables > 1) {
      Buf b = BUF_INIT;
      buf_printf(&b, "工作表「%s」前 %d 行中没有表头（须有「姓名」和「公民身份证号」），已跳过",
                 tables[i]->name ? tables[i]->name : "", HEADER_SCAN_ROWS);
      json_array_append_new(imp->warnings, json_string(buf_cstr(&b)));
      buf_free(&b);
    }
  }
  progress(opt, "检查", x.total, x.total);
  if (ok && with_header == 0) {
    Buf b = BUF_INIT;
    buf_printf(&b,
               "没有找到表头：%s前 %d 行中没有同时含有「姓名」和「公民身份证号」的行。"
               "请使用党员基本信息汇总表的格式（可从本系统导出一份作为模板）",
               n_tables > 1 ? "每个工作表的" : "", HEADER_SCAN_ROWS);
    *err = buf_take(&b);
    ok = false;
  }
  for (size_t i = 0; i < n_tables; i++) {
    table_free(tables[i]);
  }
  scope_free(&sub);
  if (ok) {
    find_duplicates(imp, opt->today);
  }
  return ok;
}

static ImportOptions options_of(const ImportOptions *opt) {
  ImportOptions o = opt ? *opt : (ImportOptions){0};
  if (!date_is_valid(o.today)) {
    o.today = date_today();
  }
  return o;
}

static MemberImport *read_book(Db *db, const Scope *scope, int64_t org_id, XlsxBook *book,
                               Table *csv, const char *filename, const ImportOptions *opt,
                               char **err) {
  ImportOptions o = options_of(opt);
  MemberImport *imp = import_new(org_id, filename);
  size_t n = book ? xlsx_sheet_count(book) : 1;
  Table **tables = calloc(n, sizeof *tables);
  if (!tables) {
    abort();
  }
  bool ok = true;
  if (book) {
    progress(&o, "读取", 0, n);
    for (size_t i = 0; i < n && ok; i++) {
      if (xlsx_sheet_hidden(book, i)) {
        continue;
      }
      tables[i] = xlsx_sheet_read(book, i, err);
      ok = tables[i] != NULL;
      progress(&o, "读取", i + 1, n);
    }
  } else {
    tables[0] = csv;
  }
  if (ok) {
    ok = read_tables(db, scope, imp, tables, n, &o, err); /* frees the tables */
  } else {
    for (size_t i = 0; i < n; i++) {
      table_free(tables[i]);
    }
  }
  free(tables);
  if (!ok) {
    member_import_free(imp);
    return NULL;
  }
  return imp;
}

MemberImport *member_import_read(Db *db, const Scope *scope, int64_t org_id, const void *data,
                                 size_t n, const char *filename, const ImportOptions *opt,
                                 char **err) {
  *err = NULL;
  if (xlsx_sniff(data, n)) {
    XlsxBook *book = xlsx_open_mem(data, n, NULL, err);
    if (!book) {
      return NULL;
    }
    MemberImport *imp = read_book(db, scope, org_id, book, NULL, filename, opt, err);
    xlsx_close(book);
    return imp;
  }
  Table *t = csv_read_mem(data, n, NULL, NULL, err);
  if (!t) {
    return NULL;
  }
  return read_book(db, scope, org_id, NULL, t, filename, opt, err);
}

MemberImport *member_import_read_file(Db *db, const Scope *scope, int64_t org_id,
                                      const char *path, const ImportOptions *opt, char **err) {
  *err = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) {
    Buf b = BUF_INIT;
    buf_printf(&b, "无法打开文件 %s", path);
    *err = buf_take(&b);
    return NULL;
  }
  unsigned char head[4] = {0};
  size_t got = fread(head, 1, sizeof head, f);
  fclose(f);
  const char *slash = strrchr(path, '/');
  const char *name = slash ? slash + 1 : path;
  if (xlsx_sniff(head, got)) {
    XlsxBook *book = xlsx_open_file(path, NULL, err);
    if (!book) {
      return NULL;
    }
    MemberImport *imp = read_book(db, scope, org_id, book, NULL, name, opt, err);
    xlsx_close(book);
    return imp;
  }
  Table *t = csv_read_file(path, NULL, NULL, err);
  if (!t) {
    return NULL;
  }
  return read_book(db, scope, org_id, NULL, t, name, opt, err);
}

/* ---- running against the database ---- */

static const char *jstr(const json_t *o, const char *key) {
  const char *s = json_string_value(json_object_get(o, key));
  return s && *s ? s : NULL;
}

static bool jflag(const json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  return json_is_true(v) || (json_is_integer(v) && json_integer_value(v) != 0);
}

static const char *nz(const char *s) { return s ? s : ""; }

/* The value column f will have once m/n are stored, as text. */
static const char *new_text(const MemberRecord *m, const MemberNormal *n, int f, char *tmp,
                            size_t tmp_n) {
  const char *s = NULL;
  switch (f) {
  case IMP_NAME:
    s = m->name;
    break;
  case IMP_GENDER:
    s = n->gender;
    break;
  case IMP_ETHNICITY:
    s = m->ethnicity;
    break;
  case IMP_BIRTH:
    s = n->birth_date;
    break;
  case IMP_EDUCATION:
    s = m->education;
    break;
  case IMP_CATEGORY:
    s = m->category;
    break;
  case IMP_JOINED:
    s = n->joined_date;
    break;
  case IMP_FULL:
    s = n->full_date;
    break;
  case IMP_POST:
    s = m->work_post;
    break;
  case IMP_PHONE:
    s = n->phone;
    break;
  case IMP_LANDLINE:
    s = n->landline;
    break;
  case IMP_ADDRESS:
    s = m->address;
    break;
  case IMP_STANDING:
    s = m->standing && *m->standing ? m->standing : "正常";
    break;
  case IMP_LOST:
    s = m->lost_contact ? "是" : "否";
    break;
  case IMP_LOST_DATE:
    s = n->lost_date;
    break;
  case IMP_FLOWING:
    s = m->flowing ? "是" : "否";
    break;
  case IMP_FLOW_DEST:
    s = m->flow_destination;
    break;
  case IMP_STATUS:
    s = m->status;
    break;
  case IMP_PROBATION_END:
    s = n->probation_end;
    break;
  case IMP_ID_REASON:
    s = m->id_override ? m->id_override_reason : NULL;
    break;
  default:
    break;
  }
  if (!s) {
    return NULL;
  }
  size_t len = strlen(s);
  const char *t = trim_span(s, &len);
  if (len == 0) {
    return NULL;
  }
  snprintf(tmp, tmp_n, "%.*s", (int)len, t);
  return tmp;
}

/* Fills the columns the row's sheet does not have from the stored member, so that an
 * import of a partial roster never clears what it does not mention. Strings borrowed from
 * old. */
static void keep_absent(const ImportRow *r, const json_t *old, MemberRecord *m,
                        int64_t *org_id) {
  uint32_t p = r->present;
  if (*org_id == 0) {
    *org_id = json_integer_value(json_object_get(old, "org_id"));
  }
#define KEEP(f, member, key)                                                                   \
  if (!(p & (1u << (f)))) {                                                                    \
    m->member = jstr(old, key);                                                                \
  }
  KEEP(IMP_GENDER, gender, "gender");
  KEEP(IMP_ETHNICITY, ethnicity, "ethnicity");
  KEEP(IMP_BIRTH, birth_date, "birth_date");
  KEEP(IMP_EDUCATION, education, "education");
  KEEP(IMP_CATEGORY, category, "category");
  KEEP(IMP_JOINED, joined_date, "joined_date");
  KEEP(IMP_FULL, full_date, "full_date");
  KEEP(IMP_POST, work_post, "work_post");
  KEEP(IMP_PHONE, phone, "phone");
  KEEP(IMP_LANDLINE, landline, "landline");
  KEEP(IMP_ADDRESS, address, "address");
  KEEP(IMP_STANDING, standing, "standing");
  KEEP(IMP_LOST_DATE, lost_date, "lost_date");
  KEEP(IMP_FLOW_DEST, flow_destination, "flow_destination");
  KEEP(IMP_STATUS, status, "status");
  KEEP(IMP_PROBATION_END, probation_end, "probation_end");
#undef KEEP
  if (!(p & (1u << IMP_LOST))) {
    m->lost_contact = jflag(old, "lost_contact");
  }
  if (!(p & (1u << IMP_FLOWING))) {
    m->flowing = jflag(old, "flowing");
  }
  if (!(p & (1u << IMP_ID_REASON))) {
    m->id_override = jflag(old, "id_override");
    m->id_override_reason = jstr(old, "id_override_reason");
  }
}

static const char *org_label(const MemberImport *imp, int64_t id) {
  const OrgRef *o = org_by_id(imp, id);
  return o ? o->name : "";
}

static void mask_value(int f, const char *in, char *out, size_t n) {
  if (f == IMP_PHONE || f == IMP_LANDLINE) {
    char m[PHONE_SIZE];
    idcard_mask_phone(in, m);
    snprintf(out, n, "%s", m);
  } else {
    snprintf(out, n, "%s", in);
  }
}

/* {列名: [old, new]} of the columns that change; empty object when none. */
static json_t *changes_of(const MemberImport *imp, const json_t *old, const MemberRecord *m,
                          const MemberNormal *n, int64_t org_id, bool sensitive) {
  json_t *c = json_object();
  int64_t old_org = json_integer_value(json_object_get(old, "org_id"));
  if (old_org != org_id) {
    json_object_set_new(c, member_import_columns[IMP_ORG],
                        json_pack("[ss]", org_label(imp, old_org), org_label(imp, org_id)));
  }
  for (int f = IMP_NAME; f < IMP_FIELD_COUNT; f++) {
    if (f == IMP_ORG || f == IMP_ID) {
      continue;
    }
    char tmp[512];
    const char *a = member_column_text(old, f);
    const char *b = new_text(m, n, f, tmp, sizeof tmp);
    if (strcmp(nz(a), nz(b)) != 0) {
      char ma[512], mb[512];
      if (sensitive) {
        snprintf(ma, sizeof ma, "%s", nz(a));
        snprintf(mb, sizeof mb, "%s", nz(b));
      } else {
        mask_value(f, nz(a), ma, sizeof ma);
        mask_value(f, nz(b), mb, sizeof mb);
      }
      json_object_set_new(c, member_import_columns[f],
                          json_pack("[ss]", ma, mb));
    }
  }
  return c;
}

/* The audit record of a member as stored (ID number and phones masked). */
static json_t *audit_record(const MemberRecord *m, const MemberNormal *n, int64_t org_id) {
  char id[IDCARD_SIZE], ph[PHONE_SIZE], ll[PHONE_SIZE];
  idcard_mask(n->id_number, id);
  idcard_mask_phone(n->phone, ph);
  idcard_mask_phone(n->landline, ll);
  json_t *a = json_object();
  json_object_set_new(a, "org_id", json_integer(org_id));
  json_object_set_new(a, "name", json_string(nz(m->name)));
  json_object_set_new(a, "id_number", json_string(id));
  if (n->gender) {
    json_object_set_new(a, "gender", json_string(n->gender));
  }
  if (*n->phone) {
    json_object_set_new(a, "phone", json_string(ph));
  }
  if (*n->landline) {
    json_object_set_new(a, "landline", json_string(ll));
  }
  json_object_set_new(a, "status", json_string(nz(m->status)));
  json_object_set_new(a, "category", json_string(nz(m->category)));
  if (*n->joined_date) {
    json_object_set_new(a, "joined_date", json_string(n->joined_date));
  }
  if (*n->full_date) {
    json_object_set_new(a, "full_date", json_string(n->full_date));
  }
  return a;
}

static json_t *audit_old(const json_t *old) {
  json_t *a = json_object();
  char id[IDCARD_SIZE], ph[PHONE_SIZE];
  idcard_mask(jstr(old, "id_number"), id);
  json_object_set_new(a, "org_id", json_integer(json_integer_value(json_object_get(old, "org_id"))));
  json_object_set_new(a, "name", json_string(nz(jstr(old, "name"))));
  json_object_set_new(a, "id_number", json_string(id));
  if (jstr(old, "phone")) {
    idcard_mask_phone(jstr(old, "phone"), ph);
    json_object_set_new(a, "phone", json_string(ph));
  }
  json_object_set_new(a, "status", json_string(nz(jstr(old, "status"))));
  json_object_set_new(a, "category", json_string(nz(jstr(old, "category"))));
  return a;
}

static void run_error(MemberImport *imp, const ImportRow *r, int field, const char *value,
                      const char *message) {
  add_error(imp, true, r, field, NULL, value, message);
}

typedef struct RunState {
  size_t created, updated, unchanged, failed;
  json_t *updates;
} RunState;

/* One valid row: create, update or leave alone. DB_OK, or a DbError that aborts the run. */
static int run_row(Db *db, const Scope *sub, MemberImport *imp, ImportRow *r,
                   const AuditActor *who, const ImportOptions *o, int64_t now, RunState *st) {
  MemberRecord m;
  record_of(r, &m);
  MemberNormal n;
  MemberProblem p[MAX_PROBLEMS];
  int64_t org_id = r->org_id;
  int np = member_check(&m, o->today, &n, p, MAX_PROBLEMS);
  int64_t existing = *n.id_number ? member_by_id_number(db, sub, n.id_number) : 0;
  json_t *old = existing > 0 ? member_get(db, sub, existing) : NULL;
  if (old) {
    /* checked again with the stored values of the columns the file does not have */
    keep_absent(r, old, &m, &org_id);
    np = member_check(&m, o->today, &n, p, MAX_PROBLEMS);
  }
  if (np > 0) {
    for (int i = 0; i < np; i++) {
      int f = field_of_column(p[i].field);
      run_error(imp, r, f, f >= 0 ? r->v[f] : NULL, p[i].message);
    }
    st->failed++;
    json_decref(old);
    return DB_OK;
  }
  if (old) {
    json_t *changes = changes_of(imp, old, &m, &n, org_id, o->sensitive);
    if (json_object_size(changes) == 0) {
      json_decref(changes);
      json_decref(old);
      st->unchanged++;
      return DB_OK;
    }
    char masked[IDCARD_SIZE];
    if (o->sensitive) {
      snprintf(masked, sizeof masked, "%s", n.id_number);
    } else {
      idcard_mask(n.id_number, masked);
    }
    json_t *u = json_pack("{s:i, s:s, s:s, s:o}", "row", (int)r->row, "id_number", masked,
                          "name", nz(m.name), "changes", changes);
    if (imp->n_sheets > 1) {
      json_object_set_new(u, "sheet", json_string(imp->sheet_names[r->sheet]));
    }
    json_array_append_new(st->updates, u);
  }
  if (org_id == 0) {
    run_error(imp, r, IMP_ORG, r->v[IMP_ORG],
              "「所在党支部」不能为空：新登记的党员须写明所在的党支部（全称、简称或组织编码）");
    st->failed++;
    json_decref(old);
    return DB_OK;
  }
  /* No savepoint per row: member_save refuses (DB_CONSTRAINT, DB_NOTFOUND) before it writes
   * anything, and any other failure ends the whole run. (A savepoint per row would also send
   * every changed page through SQLite's statement journal.) */
  int64_t id = 0;
  bool updated = false;
  int rc = member_save(db, sub, org_id, &m, &n, now, &id, &updated);
  if (rc == DB_CONSTRAINT || rc == DB_NOTFOUND) {
    if (old) {
      json_array_remove(st->updates, json_array_size(st->updates) - 1);
    }
    if (rc == DB_CONSTRAINT) {
      run_error(imp, r, IMP_ID, r->v[IMP_ID],
                "该身份证号已在其他党组织登记（不在本次导入的范围内），请通过组织关系转接办理");
    } else {
      run_error(imp, r, IMP_ORG, r->v[IMP_ORG], "「所在党支部」不在本次导入的范围内");
    }
    st->failed++;
    json_decref(old);
    return DB_OK;
  }
  if (rc == DB_OK) {
    char sid[24];
    snprintf(sid, sizeof sid, "%lld", (long long)id);
    json_t *before = old ? audit_old(old) : NULL;
    json_t *after = audit_record(&m, &n, org_id);
    rc = audit_write(db, who, updated ? "update" : "create", "member", sid, before, after);
    json_decref(before);
    json_decref(after);
  }
  json_decref(old);
  if (rc == DB_OK) {
    if (updated) {
      st->updated++;
    } else {
      st->created++;
    }
  }
  return rc;
}

static int error_cmp(const void *a, const void *b) {
  const ImportError *x = a, *y = b;
  if (x->sheet != y->sheet) {
    return x->sheet < y->sheet ? -1 : 1;
  }
  if (x->row != y->row) {
    return x->row < y->row ? -1 : 1;
  }
  return (x->field > y->field) - (x->field < y->field);
}

static json_t *error_json(const MemberImport *imp, const ImportError *e, bool sensitive) {
  const char *value = e->value;
  char masked[IDCARD_SIZE];
  if (!sensitive && e->field == IMP_ID && value && strlen(value) >= 8) {
    idcard_mask(value, masked);
    value = masked;
  }
  json_t *o = json_pack("{s:i, s:s, s:s, s:s}", "row", (int)e->row, "column", e->column,
                        "value", nz(value), "message", e->message);
  if (imp->n_sheets > 1) {
    json_object_set_new(o, "sheet", json_string(imp->sheet_names[e->sheet]));
  }
  return o;
}

/* The report: the read step's findings plus, when st is not NULL, the run's. */
static json_t *report_of(MemberImport *imp, const RunState *st, bool applied, bool sensitive) {
  size_t n = imp->n_errors + imp->n_run_errors;
  ImportError *all = xrealloc(NULL, n * sizeof *all);
  if (imp->n_errors) {
    memcpy(all, imp->errors, imp->n_errors * sizeof *all);
  }
  if (imp->n_run_errors) {
    memcpy(all + imp->n_errors, imp->run_errors, imp->n_run_errors * sizeof *all);
  }
  qsort(all, n, sizeof *all, error_cmp);
  json_t *errors = json_array();
  for (size_t i = 0; i < n; i++) {
    json_array_append_new(errors, error_json(imp, &all[i], sensitive));
  }
  free(all);
  json_t *skipped = json_deep_copy(imp->skipped);
  size_t k;
  json_t *s;
  json_array_foreach(skipped, k, s) {
    int sheet = (int)json_integer_value(json_object_get(s, "sheet"));
    if (imp->n_sheets > 1 && sheet >= 0 && (size_t)sheet < imp->n_sheets) {
      json_object_set_new(s, "sheet", json_string(imp->sheet_names[sheet]));
    } else {
      json_object_del(s, "sheet");
    }
  }
  size_t invalid = imp->n_invalid + (st ? st->failed : 0);
  size_t valid = imp->n_rows - invalid;
  const OrgRef *o = org_by_id(imp, imp->org_id);
  json_t *r = json_object();
  json_object_set_new(r, "file", json_string(imp->filename));
  json_object_set_new(r, "org", json_pack("{s:I, s:s}", "id", (json_int_t)imp->org_id, "name",
                                          o ? o->name : ""));
  json_object_set_new(r, "sheets", json_deep_copy(imp->sheets));
  json_object_set_new(r, "rows", json_integer((json_int_t)imp->n_rows));
  json_object_set_new(r, "valid", json_integer((json_int_t)valid));
  json_object_set_new(r, "invalid", json_integer((json_int_t)invalid));
  json_object_set_new(r, "imported",
                      json_integer(st && applied ? (json_int_t)(st->created + st->updated) : 0));
  json_object_set_new(r, "created", json_integer(st ? (json_int_t)st->created : 0));
  json_object_set_new(r, "updated", json_integer(st ? (json_int_t)st->updated : 0));
  json_object_set_new(r, "unchanged", json_integer(st ? (json_int_t)st->unchanged : 0));
  json_object_set_new(r, "applied", json_boolean(applied));
  json_object_set_new(r, "errors", errors);
  json_object_set_new(r, "updates", st ? json_incref(st->updates) : json_array());
  json_object_set_new(r, "skipped", skipped);
  json_object_set_new(r, "warnings", json_deep_copy(imp->warnings));
  return r;
}

int member_import_run(Db *db, const Scope *scope, MemberImport *imp, const AuditActor *who,
                      bool apply, const ImportOptions *opt, json_t **report) {
  *report = NULL;
  ImportOptions o = options_of(opt);
  Scope sub = SCOPE_INIT;
  if (!target_scope(db, scope, imp->org_id, &sub)) {
    return DB_NOTFOUND;
  }
  if (!imp->orgs) {
    orgs_load(db, &sub, imp);
  }
  imp->n_run_errors = 0;
  RunState st = {.updates = json_array()};
  int64_t now = (int64_t)time(NULL);
  db_bulk_mode(db, true);
  int rc = db_begin(db);
  bool began = rc == DB_OK;
  size_t total = imp->n_rows, done = 0;
  for (size_t i = 0; rc == DB_OK && i < imp->n_rows; i++) {
    ImportRow *r = &imp->rows[i];
    if (++done % 512 == 0) {
      progress(&o, apply ? "导入" : "核对", done, total);
    }
    if (r->bad) {
      continue;
    }
    rc = run_row(db, &sub, imp, r, who, &o, now, &st);
  }
  if (rc == DB_OK) {
    char sid[24];
    snprintf(sid, sizeof sid, "%lld", (long long)imp->org_id);
    json_t *after = json_pack(
        "{s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "file", imp->filename, "rows",
        (json_int_t)imp->n_rows, "invalid", (json_int_t)(imp->n_invalid + st.failed), "created",
        (json_int_t)st.created, "updated", (json_int_t)st.updated, "unchanged",
        (json_int_t)st.unchanged, "org_id", (json_int_t)imp->org_id);
    rc = audit_write(db, who, "import", "org", sid, NULL, after);
    json_decref(after);
  }
  bool too_many = rc == DB_OK && o.limit_failures && st.failed > o.max_failures;
  if (rc == DB_OK && apply && !too_many) {
    rc = db_commit(db);
  } else if (began && (rc != DB_OK || too_many)) {
    db_rollback(db);
  } else if (began) {
    rc = db_rollback(db); /* a dry run */
  }
  db_bulk_mode(db, false);
  progress(&o, apply ? "导入" : "核对", total, total);
  if (too_many) {
    st.created = st.updated = st.unchanged = 0;
    *report = report_of(imp, &st, false, o.sensitive);
    rc = DB_CONSTRAINT;
  } else if (rc == DB_OK) {
    *report = report_of(imp, &st, apply, o.sensitive);
  }
  json_decref(st.updates);
  scope_free(&sub);
  return rc;
}

/* ---- saving a pending import ---- */

json_t *member_import_save(const MemberImport *imp) {
  json_t *cols = json_array();
  for (int f = 0; f < IMP_FIELD_COUNT; f++) {
    json_array_append_new(cols, json_string(member_import_columns[f]));
  }
  json_t *rows = json_array();
  for (size_t i = 0; i < imp->n_rows; i++) {
    const ImportRow *r = &imp->rows[i];
    json_t *v = json_array();
    for (int f = 0; f < IMP_FIELD_COUNT; f++) {
      json_array_append_new(v, r->v[f] ? json_string(r->v[f]) : json_null());
    }
    json_array_append_new(rows, json_pack("[i, i, I, I, I, b, o]", (int)r->row, (int)r->sheet,
                                          (json_int_t)r->org_id, (json_int_t)r->present,
                                          (json_int_t)r->bad, r->status_derived, v));
  }
  json_t *errors = json_array();
  for (size_t i = 0; i < imp->n_errors; i++) {
    const ImportError *e = &imp->errors[i];
    json_array_append_new(errors, json_pack("[i, i, i, s, s, s]", (int)e->row, (int)e->sheet,
                                            (int)e->field, e->column, e->value, e->message));
  }
  json_t *sheet_names = json_array();
  for (size_t i = 0; i < imp->n_sheets; i++) {
    json_array_append_new(sheet_names, json_string(imp->sheet_names[i]));
  }
  return json_pack("{s:i, s:I, s:s, s:o, s:o, s:O, s:O, s:O, s:o, s:o}", "version",
                   SAVED_VERSION, "org_id", (json_int_t)imp->org_id, "file", imp->filename,
                   "columns", cols, "sheet_names", sheet_names, "sheets", imp->sheets,
                   "skipped", imp->skipped, "warnings", imp->warnings, "errors", errors, "rows",
                   rows);
}

MemberImport *member_import_load(const json_t *saved) {
  if (json_integer_value(json_object_get(saved, "version")) != SAVED_VERSION) {
    return NULL;
  }
  const json_t *cols = json_object_get(saved, "columns");
  if (json_array_size(cols) != IMP_FIELD_COUNT) {
    return NULL;
  }
  for (int f = 0; f < IMP_FIELD_COUNT; f++) {
    if (!json_string_value(json_array_get(cols, (size_t)f)) ||
        strcmp(json_string_value(json_array_get(cols, (size_t)f)), member_import_columns[f])) {
      return NULL;
    }
  }
  MemberImport *imp = import_new(json_integer_value(json_object_get(saved, "org_id")),
                                 json_string_value(json_object_get(saved, "file")));
  json_decref(imp->sheets);
  json_decref(imp->skipped);
  json_decref(imp->warnings);
  imp->sheets = json_deep_copy(json_object_get(saved, "sheets"));
  imp->skipped = json_deep_copy(json_object_get(saved, "skipped"));
  imp->warnings = json_deep_copy(json_object_get(saved, "warnings"));
  bool ok = json_is_array(imp->sheets) && json_is_array(imp->skipped) &&
            json_is_array(imp->warnings);
  const json_t *names = json_object_get(saved, "sheet_names");
  size_t k;
  json_t *v;
  json_array_foreach(names, k, v) {
    imp->sheet_names = xrealloc(imp->sheet_names, (imp->n_sheets + 1) * sizeof *imp->sheet_names);
    imp->sheet_names[imp->n_sheets++] = arena_strdup(&imp->arena, nz(json_string_value(v)));
  }
  json_array_foreach(json_object_get(saved, "errors"), k, v) {
    int row = 0, sheet = 0, field = -1;
    const char *column = "", *value = "", *message = "";
    if (json_unpack(v, "[i, i, i, s, s, s]", &row, &sheet, &field, &column, &value,
                    &message) != 0 ||
        field >= IMP_FIELD_COUNT || sheet < 0 || (size_t)sheet >= imp->n_sheets) {
      ok = false;
      break;
    }
    ImportRow r = {.row = (uint32_t)row, .sheet = (uint16_t)sheet};
    add_error(imp, false, &r, field, arena_strdup(&imp->arena, column), value, message);
  }
  json_array_foreach(json_object_get(saved, "rows"), k, v) {
    int row = 0, sheet = 0, derived = 0;
    json_int_t org_id = 0, present = 0, bad = 0;
    json_t *vals = NULL;
    if (json_unpack(v, "[i, i, I, I, I, b, o]", &row, &sheet, &org_id, &present, &bad,
                    &derived, &vals) != 0 ||
        json_array_size(vals) != IMP_FIELD_COUNT || sheet < 0 ||
        (size_t)sheet >= imp->n_sheets) {
      ok = false;
      break;
    }
    ImportRow r = {.row = (uint32_t)row,
                   .sheet = (uint16_t)sheet,
                   .org_id = org_id,
                   .present = (uint32_t)present,
                   .bad = (uint32_t)bad,
                   .status_derived = derived};
    for (int f = 0; f < IMP_FIELD_COUNT; f++) {
      const char *s = json_string_value(json_array_get(vals, (size_t)f));
      r.v[f] = s ? arena_strdup(&imp->arena, s) : NULL;
    }
    if (imp->n_rows == imp->rows_alloc) {
      imp->rows_alloc = imp->rows_alloc ? imp->rows_alloc * 2 : 256;
      imp->rows = xrealloc(imp->rows, imp->rows_alloc * sizeof *imp->rows);
    }
    imp->rows[imp->n_rows++] = r;
    imp->n_invalid += r.bad != 0;
  }
  if (!ok) {
    member_import_free(imp);
    return NULL;
  }
  return imp;
}

int64_t member_import_org(const MemberImport *imp) { return imp->org_id; }
size_t member_import_rows(const MemberImport *imp) { return imp->n_rows; }
size_t member_import_invalid(const MemberImport *imp) { return imp->n_invalid; }

void member_import_free(MemberImport *imp) {
  if (!imp) {
    return;
  }
  orgs_free(imp);
  free(imp->filename);
  free(imp->rows);
  free(imp->errors);
  free(imp->run_errors);
  free(imp->sheet_names);
  json_decref(imp->sheets);
  json_decref(imp->skipped);
  json_decref(imp->warnings);
  arena_free(&imp->arena);
  free(imp);
}
