/*
 * Roles and permissions: a table of role × action (authz.c), never if-chains in handlers.
 * The router checks a route's permission before the handler runs; store functions limit
 * their SQL by the caller's scope (see the org module).
 */
#ifndef DJ_AUTHZ_H
#define DJ_AUTHZ_H

#include <stdbool.h>

typedef enum Role {
  ROLE_NONE = -1,
  ROLE_ADMIN,    /* 系统管理员: accounts, catalogues, settings */
  ROLE_DISTRICT, /* 区委组织部 */
  ROLE_TOWN,     /* 乡镇党委 */
  ROLE_BRANCH,   /* 支部书记或记录员 */
  ROLE_CONTACT,  /* 联系干部: 包村领导 / 驻村干部 / 党建指导员 / 科级干部包抓 */
  ROLE_MEMBER,   /* 党员: own records */
  ROLE_COUNT
} Role;

typedef enum Perm {
  PERM_PUBLIC,       /* anyone, signed in or not */
  PERM_SIGNED_IN,    /* any signed-in account */
  PERM_ACCOUNT_ADMIN, /* list / create / lock / reset accounts */
  PERM_AUDIT_VIEW,   /* the audit log */
  PERM_ORG_VIEW,     /* see organisations in scope */
  PERM_ORG_EDIT,     /* create / edit / move / dissolve organisations in scope */
  PERM_MEMBER_VIEW,  /* the member roster and statistics of the orgs in scope */
  PERM_MEMBER_EDIT,  /* register and edit members in scope */
  PERM_MEMBER_SENSITIVE, /* full ID numbers and phone numbers (others see them masked) */
  PERM_CONTACT_ASSIGN, /* assign and end contact cadres (包村领导 …) of orgs in scope: district
                          and town; a branch may not choose its own supervisors */
  PERM_MEETING_EDIT,   /* record 三会一课 meetings of orgs in scope: branch, town, district */
  PERM_MEETING_REVIEW, /* review (accept / return) submitted meeting records: town, district */
  PERM_RULE_EDIT,      /* add local versions of the rule sets (the pages also require a scope
                          over every org, the rules holding for the whole deployment) */
  PERM_COUNT
} Perm;

/* "admin" → ROLE_ADMIN …; ROLE_NONE for anything else. */
Role authz_role_parse(const char *name);
const char *authz_role_name(Role role);  /* "admin" … */
const char *authz_role_label(Role role); /* "系统管理员" … */
const char *authz_perm_name(Perm perm);  /* "account.admin" … */
bool authz_can(Role role, Perm perm);

#endif
