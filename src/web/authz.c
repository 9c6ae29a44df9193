#include "web/authz.h"

#include <string.h>

#include "base/banned.h"

static const struct {
  const char *name;
  const char *label;
} role_names[ROLE_COUNT] = {
    [ROLE_ADMIN] = {"admin", "系统管理员"},     [ROLE_DISTRICT] = {"district", "区委组织部"},
    [ROLE_TOWN] = {"town", "乡镇党委"},         [ROLE_BRANCH] = {"branch", "党支部"},
    [ROLE_CONTACT] = {"contact", "联系干部"},   [ROLE_MEMBER] = {"member", "党员"},
};

static const char *const perm_names[PERM_COUNT] = {
    [PERM_PUBLIC] = "public",         [PERM_SIGNED_IN] = "signed_in",
    [PERM_ACCOUNT_ADMIN] = "account.admin", [PERM_AUDIT_VIEW] = "audit.view",
    [PERM_ORG_VIEW] = "org.view",     [PERM_ORG_EDIT] = "org.edit",
    [PERM_MEMBER_VIEW] = "member.view", [PERM_MEMBER_EDIT] = "member.edit",
    [PERM_MEMBER_SENSITIVE] = "member.sensitive", [PERM_CONTACT_ASSIGN] = "contact.assign",
    [PERM_MEETING_EDIT] = "meeting.edit", [PERM_MEETING_REVIEW] = "meeting.review",
    [PERM_RULE_EDIT] = "rule.edit",
};

/* The permission table. Rows: roles; columns: permissions. */
static const bool role_perms[ROLE_COUNT][PERM_COUNT] = {
    /* Members: the administrator has no business data; contact cadres read the rosters
     * of their orgs with ID numbers and phones masked; members see no roster. */
    /* Contact cadres are assigned from above: district and town only (contact.assign). */
    /* Meetings: branch, town and district record; town and district review (the town party
     * committee; the district may stand in). Reading meetings uses member.view. */
    /* Rules: the administrator (configuration) and the organisation department. */
    /*                 public signed acct  audit orgV  orgE  memV  memE  memS  ctA  mtgE mtgR rule */
    [ROLE_ADMIN] =    {1,     1,     1,    1,    1,    0,    0,    0,    0,    0,    0,    0,   1},
    [ROLE_DISTRICT] = {1,     1,     0,    1,    1,    1,    1,    1,    1,    1,    1,    1,   1},
    [ROLE_TOWN] =     {1,     1,     0,    0,    1,    1,    1,    1,    1,    1,    1,    1,   0},
    [ROLE_BRANCH] =   {1,     1,     0,    0,    1,    0,    1,    1,    1,    0,    1,    0,   0},
    [ROLE_CONTACT] =  {1,     1,     0,    0,    1,    0,    1,    0,    0,    0,    0,    0,   0},
    [ROLE_MEMBER] =   {1,     1,     0,    0,    0,    0,    0,    0,    0,    0,    0,    0,   0},
};

Role authz_role_parse(const char *name) {
  for (int i = 0; name && i < ROLE_COUNT; i++) {
    if (strcmp(name, role_names[i].name) == 0) {
      return (Role)i;
    }
  }
  return ROLE_NONE;
}

const char *authz_role_name(Role role) {
  return role >= 0 && role < ROLE_COUNT ? role_names[role].name : "";
}

const char *authz_role_label(Role role) {
  return role >= 0 && role < ROLE_COUNT ? role_names[role].label : "";
}

const char *authz_perm_name(Perm perm) {
  return perm >= 0 && perm < PERM_COUNT ? perm_names[perm] : "";
}

bool authz_can(Role role, Perm perm) {
  if (perm == PERM_PUBLIC) {
    return true;
  }
  if (role < 0 || role >= ROLE_COUNT || perm < 0 || perm >= PERM_COUNT) {
    return false;
  }
  return role_perms[role][perm];
}
