/* Pure rules of the organisation tree (DOMAIN.md §1, §7). No I/O, no SQL. */
#include <string.h>

#include "org/org.h"
#include "base/banned.h"

#define BRANCH_PARENTS "town general district"

const OrgKind org_kinds[] = {
    {"district", "区(县)委/党(工)委", ORG_LEVEL_COMMITTEE, 5, ""},
    {"town", "乡镇(街道)党委", ORG_LEVEL_COMMITTEE, 5, "district"},
    {"general", "党总支", ORG_LEVEL_GENERAL, 3, "town district"},
    {"village", "村党支部", ORG_LEVEL_BRANCH, 5, BRANCH_PARENTS},
    {"community", "社区党支部", ORG_LEVEL_BRANCH, 5, BRANCH_PARENTS},
    {"agency", "机关党支部", ORG_LEVEL_BRANCH, 3, BRANCH_PARENTS},
    {"enterprise", "企业/两新党支部", ORG_LEVEL_BRANCH, 3, BRANCH_PARENTS},
    {"joint", "联合党支部", ORG_LEVEL_BRANCH, 3, BRANCH_PARENTS},
    {"group", "党小组", ORG_LEVEL_GROUP, 0, "village community agency enterprise joint"},
    {0},
};

const OrgKind *org_kind_find(const char *code) {
  for (const OrgKind *k = org_kinds; code && k->code; k++) {
    if (strcmp(k->code, code) == 0) {
      return k;
    }
  }
  return NULL;
}

/* Whether word appears in the space-separated list. */
static bool in_list(const char *list, const char *word) {
  size_t n = strlen(word);
  for (const char *p = list; *p;) {
    const char *end = strchr(p, ' ');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len == n && strncmp(p, word, n) == 0) {
      return true;
    }
    p += len + (end ? 1 : 0);
  }
  return false;
}

const char *org_check_parent(const char *child, const char *parent) {
  const OrgKind *c = org_kind_find(child);
  if (!c) {
    return "组织类型无效";
  }
  if (!parent) {
    return c->parents[0] == '\0' ? NULL : "只有区(县)委/党(工)委可以作为最上级组织";
  }
  if (!org_kind_find(parent)) {
    return "上级组织类型无效";
  }
  if (in_list(c->parents, parent)) {
    return NULL;
  }
  switch (c->level) {
  case ORG_LEVEL_GROUP:
    return "党小组只能设在党支部下";
  case ORG_LEVEL_BRANCH:
    return "党支部应设在乡镇(街道)党委、党总支或区(县)委下";
  case ORG_LEVEL_GENERAL:
    return "党总支应设在乡镇(街道)党委或区(县)委下";
  case ORG_LEVEL_COMMITTEE:
    return strcmp(child, "town") == 0 ? "乡镇(街道)党委应设在区(县)委下"
                                       : "区(县)委/党(工)委是最上级组织";
  }
  return "上级组织不合适";
}

bool org_path_within(const char *path, const char *ancestor) {
  size_t n = strlen(ancestor);
  return n > 0 && strncmp(path, ancestor, n) == 0;
}

const char *org_check_dates(const Date *founded, const Date *dissolved, const Date *term_start,
                            Date today, const char **field) {
  if (founded && date_compare(*founded, today) > 0) {
    *field = "founded";
    return "成立日期不能晚于今天";
  }
  if (dissolved && date_compare(*dissolved, today) > 0) {
    *field = "dissolved";
    return "撤销日期不能晚于今天";
  }
  if (dissolved && founded && date_compare(*dissolved, *founded) < 0) {
    *field = "dissolved";
    return "撤销日期不能早于成立日期";
  }
  if (term_start && founded && date_compare(*term_start, *founded) < 0) {
    *field = "term_start";
    return "本届任期开始日期不能早于成立日期";
  }
  if (term_start && date_compare(*term_start, today) > 0) {
    *field = "term_start";
    return "本届任期开始日期不能晚于今天";
  }
  return NULL;
}

bool org_term_due(const char *kind, Date term_start, int years, Date *due) {
  const OrgKind *k = org_kind_find(kind);
  if (!k || k->term_years == 0) {
    return false;
  }
  *due = date_add_months(term_start, 12 * (years > 0 ? years : k->term_years));
  return true;
}

int org_flags(const char *kind, const OrgCounts *c) {
  const OrgKind *k = org_kind_find(kind);
  if (!k || k->level != ORG_LEVEL_BRANCH) {
    return 0;
  }
  int flags = 0;
  if (c->members > 50) {
    flags |= ORG_FLAG_TOO_BIG;
  }
  if (c->full_members >= 7 && !c->has_committee) {
    flags |= ORG_FLAG_NEEDS_COMMITTEE;
  }
  if (c->full_members < 3 && strcmp(kind, "joint") != 0 && c->members > 0) {
    flags |= ORG_FLAG_TOO_SMALL;
  }
  return flags;
}

const char *org_flag_text(OrgFlag flag) {
  switch (flag) {
  case ORG_FLAG_TOO_BIG:
    return "党员超过50名，应考虑分设党支部或成立党总支";
  case ORG_FLAG_NEEDS_COMMITTEE:
    return "正式党员7名以上，应设立支部委员会";
  case ORG_FLAG_TOO_SMALL:
    return "正式党员不足3名，应与邻近单位成立联合党支部";
  }
  return "";
}
