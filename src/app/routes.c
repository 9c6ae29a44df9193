#include "app/app.h"

#include "account/account.h"
#include "member/leader_pages.h"
#include "member/member_import_pages.h"
#include "meeting/attachment_pages.h"
#include "meeting/compliance_pages.h"
#include "meeting/findings_pages.h"
#include "meeting/ledger_pages.h"
#include "meeting/meeting_pages.h"
#include "meeting/plan_pages.h"
#include "meeting/rules_pages.h"
#include "meeting/study_pages.h"
#include "member/member_pages.h"
#include "org/org_pages.h"
#include "base/banned.h"

static const RouteParam login_params[] = {
    {.name = "login", .kind = P_LOGIN, .required = true, .label = "登录名"},
    {.name = "password", .kind = P_PASSWORD, .required = true, .label = "密码"},
    {.name = "next", .kind = P_LOCAL_URL, .label = "跳转地址"},
    {0},
};

static const RouteParam next_param[] = {
    {.name = "next", .kind = P_LOCAL_URL, .label = "跳转地址"},
    {0},
};

static const RouteParam password_params[] = {
    {.name = "old", .kind = P_PASSWORD, .required = true, .label = "当前密码"},
    {.name = "new", .kind = P_PASSWORD, .required = true, .label = "新密码"},
    {.name = "new2", .kind = P_PASSWORD, .required = true, .label = "确认新密码"},
    {0},
};

static const RouteParam static_params[] = {
    {.name = "*", .kind = P_LINE, .required = true, .label = "文件名"},
    {0},
};

const Route app_routes[] = {
    {"GET", "/healthz", account_healthz_page, PERM_PUBLIC, NULL, "健康检查", ROUTE_NO_SESSION},
    {"GET", "/static/*", account_static_page, PERM_PUBLIC, static_params, "静态文件",
     ROUTE_NO_SESSION},
    {"GET", "/login", account_login_form_page, PERM_PUBLIC, next_param, "登录", 0},
    {"POST", "/login", account_login_page, PERM_PUBLIC, login_params, "登录", 0},
    {"POST", "/logout", account_logout_page, PERM_SIGNED_IN, NULL, "退出登录",
     ROUTE_ALLOW_MUST_CHANGE},
    {"GET", "/password", account_password_form_page, PERM_SIGNED_IN, NULL, "修改密码",
     ROUTE_ALLOW_MUST_CHANGE},
    {"POST", "/password", account_password_page, PERM_SIGNED_IN, password_params, "修改密码",
     ROUTE_ALLOW_MUST_CHANGE},
    {"GET", "/", home_page, PERM_SIGNED_IN, NULL, "首页", 0},
    /* BEGIN org routes */
    {"GET", "/orgs", org_tree_page, PERM_ORG_VIEW, org_tree_params, "组织架构", 0},
    {"GET", "/orgs/:id", org_detail_page, PERM_ORG_VIEW, org_detail_params, "组织详情", 0},
    {"GET", "/orgs/:id/new", org_new_form_page, PERM_ORG_EDIT, org_id_params, "新建下级组织", 0},
    {"POST", "/orgs/:id/new", org_new_page, PERM_ORG_EDIT, org_new_params, "新建下级组织", 0},
    {"GET", "/orgs/:id/edit", org_edit_form_page, PERM_ORG_EDIT, org_id_params, "编辑组织", 0},
    {"POST", "/orgs/:id/edit", org_edit_page, PERM_ORG_EDIT, org_edit_params, "编辑组织", 0},
    {"GET", "/orgs/:id/move", org_move_form_page, PERM_ORG_EDIT, org_move_form_params, "移动组织",
     0},
    {"POST", "/orgs/:id/move", org_move_page, PERM_ORG_EDIT, org_move_params, "移动组织", 0},
    {"GET", "/orgs/:id/dissolve", org_dissolve_form_page, PERM_ORG_EDIT, org_id_params,
     "撤销组织", 0},
    {"POST", "/orgs/:id/dissolve", org_dissolve_page, PERM_ORG_EDIT, org_dissolve_params,
     "撤销组织", 0},
    /* END org routes */
    /* BEGIN member import routes */
    /* Before the member routes: the router takes the first match, and "/members/:id" would
     * otherwise answer GET /members/import and /members/export. */
    {"GET", "/members/import", member_import_form_page, PERM_MEMBER_EDIT,
     member_import_form_params, "导入党员花名册", 0},
    {"POST", "/members/import", member_import_page, PERM_MEMBER_EDIT, member_import_params,
     "上传并检查党员花名册", 0},
    {"GET", "/members/import/:id", member_import_show_page, PERM_MEMBER_EDIT,
     member_import_token_params, "导入检查结果", 0},
    {"POST", "/members/import/:id/apply", member_import_apply_page, PERM_MEMBER_EDIT,
     member_import_token_params, "导入有效行", 0},
    {"POST", "/members/import/:id/cancel", member_import_cancel_page, PERM_MEMBER_EDIT,
     member_import_token_params, "取消导入", 0},
    {"GET", "/members/export", member_export_page, PERM_MEMBER_VIEW, member_export_params,
     "导出党员花名册", 0},
    /* END member import routes */
    /* BEGIN member routes */
    {"GET", "/members", member_list_page, PERM_MEMBER_VIEW, member_list_params, "党员花名册", 0},
    {"GET", "/members/stats", member_stats_page, PERM_MEMBER_VIEW, member_stats_params,
     "党员统计", 0},
    {"GET", "/members/new", member_new_form_page, PERM_MEMBER_EDIT, member_new_form_params,
     "登记党员", 0},
    {"POST", "/members/new", member_new_page, PERM_MEMBER_EDIT, member_new_params, "登记党员", 0},
    {"GET", "/members/:id", member_detail_page, PERM_MEMBER_VIEW, member_id_params, "党员详情",
     0},
    {"GET", "/members/:id/edit", member_edit_form_page, PERM_MEMBER_EDIT, member_id_params,
     "编辑党员信息", 0},
    {"POST", "/members/:id/edit", member_edit_page, PERM_MEMBER_EDIT, member_edit_params,
     "编辑党员信息", 0},
    /* END member routes */
    /* BEGIN leadership routes */
    {"GET", "/orgs/:id/leaders", leader_org_page, PERM_MEMBER_VIEW, leader_org_params,
     "班子与责任", 0},
    {"POST", "/orgs/:id/positions", leader_position_add_page, PERM_MEMBER_EDIT,
     leader_position_params, "任命班子成员", 0},
    {"POST", "/orgs/:id/positions/:pid/end", leader_position_end_page, PERM_MEMBER_EDIT,
     leader_position_end_params, "班子成员离任", 0},
    {"POST", "/orgs/:id/chain", leader_chain_page, PERM_MEMBER_EDIT, leader_chain_params,
     "设置党建工作责任人", 0},
    {"POST", "/orgs/:id/contacts", leader_contact_add_page, PERM_CONTACT_ASSIGN,
     leader_contact_params, "分配联系干部", 0},
    {"POST", "/orgs/:id/contacts/:cid/end", leader_contact_end_page, PERM_CONTACT_ASSIGN,
     leader_contact_end_params, "结束联系干部", 0},
    {"GET", "/people/:id", leader_person_page, PERM_MEMBER_VIEW, leader_person_params,
     "人员详情", 0},
    /* END leadership routes */
    /* BEGIN account admin routes */
#define ACCT_ID {.name = "id", .kind = P_LINE, .required = true, .label = "账户"}
    {"GET", "/accounts", account_admin_list_page, PERM_ACCOUNT_ADMIN,
     (const RouteParam[]){
         {.name = "role", .kind = P_ENUM, .label = "角色", .choices = account_role_codes},
         {.name = "q", .kind = P_LINE, .label = "查找", .max = 50},
         {.name = "page", .kind = P_INT, .label = "页码", .min = 1, .max = 100000},
         {0}},
     "账户管理", 0},
    {"GET", "/accounts/new", account_admin_new_form_page, PERM_ACCOUNT_ADMIN, NULL, "新建账户", 0},
    {"POST", "/accounts/new", account_admin_new_page, PERM_ACCOUNT_ADMIN,
     (const RouteParam[]){
         {.name = "login", .kind = P_LOGIN, .required = true, .label = "登录名"},
         {.name = "name", .kind = P_LINE, .label = "姓名", .max = 40},
         {.name = "role", .kind = P_ENUM, .required = true, .label = "角色",
          .choices = account_role_codes},
         {.name = "org", .kind = P_LINE, .label = "所属组织", .max = 64},
         {0}},
     "新建账户", 0},
    {"GET", "/accounts/:id", account_admin_detail_page, PERM_ACCOUNT_ADMIN,
     (const RouteParam[]){ACCT_ID, {0}}, "账户详情", 0},
    {"POST", "/accounts/:id/lock", account_admin_lock_page, PERM_ACCOUNT_ADMIN,
     (const RouteParam[]){ACCT_ID, {0}}, "锁定账户", 0},
    {"POST", "/accounts/:id/unlock", account_admin_unlock_page, PERM_ACCOUNT_ADMIN,
     (const RouteParam[]){ACCT_ID, {0}}, "解锁账户", 0},
    {"POST", "/accounts/:id/password", account_admin_reset_page, PERM_ACCOUNT_ADMIN,
     (const RouteParam[]){ACCT_ID, {0}}, "重置密码", 0},
    {"POST", "/accounts/:id/role", account_admin_role_page, PERM_ACCOUNT_ADMIN,
     (const RouteParam[]){
         ACCT_ID,
         {.name = "role", .kind = P_ENUM, .required = true, .label = "角色",
          .choices = account_role_codes},
         {.name = "org", .kind = P_LINE, .label = "所属组织", .max = 64},
         {0}},
     "变更角色和所属组织", 0},
    {"POST", "/accounts/:id/assign", account_admin_assign_page, PERM_ACCOUNT_ADMIN,
     (const RouteParam[]){
         ACCT_ID,
         {.name = "assign_org", .kind = P_LINE, .required = true, .label = "联系组织", .max = 64},
         {.name = "kind", .kind = P_ENUM, .required = true, .label = "联系类型",
          .choices = account_contact_kinds},
         {.name = "start", .kind = P_DATE, .label = "开始日期"},
         {0}},
     "分配联系点", 0},
    {"POST", "/accounts/:id/unassign", account_admin_unassign_page, PERM_ACCOUNT_ADMIN,
     (const RouteParam[]){
         ACCT_ID, {.name = "assignment", .kind = P_ID, .required = true, .label = "联系点"}, {0}},
     "结束联系点", 0},
    {"GET", "/audit", audit_list_page, PERM_AUDIT_VIEW,
     (const RouteParam[]){
         {.name = "login", .kind = P_LINE, .label = "登录名", .max = 32},
         {.name = "action", .kind = P_LINE, .label = "操作", .max = 32},
         {.name = "entity", .kind = P_LINE, .label = "对象", .max = 32},
         {.name = "entity_id", .kind = P_LINE, .label = "对象编号", .max = 32},
         {.name = "from", .kind = P_DATE, .label = "起始日期"},
         {.name = "to", .kind = P_DATE, .label = "截止日期"},
         {.name = "page", .kind = P_INT, .label = "页码", .min = 1, .max = 100000},
         {0}},
     "审计日志", 0},
#undef ACCT_ID
    /* END account admin routes */
    /* BEGIN meeting routes */
    {"GET", "/meetings", meeting_list_page, PERM_MEMBER_VIEW, meeting_list_params, "三会一课", 0},
    {"GET", "/meetings/new", meeting_new_form_page, PERM_MEETING_EDIT, meeting_new_form_params,
     "记录会议", 0},
    {"POST", "/meetings/new", meeting_new_page, PERM_MEETING_EDIT, meeting_new_params, "记录会议",
     0},
    {"GET", "/meetings/:id", meeting_detail_page, PERM_MEMBER_VIEW, meeting_id_params, "会议记录",
     0},
    {"GET", "/meetings/:id/edit", meeting_edit_form_page, PERM_MEETING_EDIT, meeting_id_params,
     "修改会议记录", 0},
    {"POST", "/meetings/:id/edit", meeting_edit_page, PERM_MEETING_EDIT, meeting_edit_params,
     "修改会议记录", 0},
    {"POST", "/meetings/:id/submit", meeting_submit_page, PERM_MEETING_EDIT, meeting_id_params,
     "提交会议记录", 0},
    {"POST", "/meetings/:id/review", meeting_review_page, PERM_MEETING_REVIEW,
     meeting_review_params, "审核会议记录", 0},
    {"GET", "/meetings/:id/amend", meeting_amend_form_page, PERM_MEETING_EDIT, meeting_id_params,
     "修正会议记录", 0},
    {"POST", "/meetings/:id/amend", meeting_amend_page, PERM_MEETING_EDIT, meeting_amend_params,
     "修正会议记录", 0},
    {"GET", "/meetings/:id/rehold", meeting_rehold_form_page, PERM_MEETING_EDIT,
     meeting_id_params, "重新召开会议", 0},
    {"POST", "/meetings/:id/rehold", meeting_rehold_page, PERM_MEETING_EDIT,
     meeting_rehold_params, "重新召开会议", 0},
    /* END meeting routes */
    /* BEGIN compliance routes */
    {"GET", "/compliance", compliance_page, PERM_MEMBER_VIEW, compliance_params, "三会一课落实情况",
     0},
    {"GET", "/compliance/findings", findings_page, PERM_MEMBER_VIEW, findings_params, "问题线索",
     0},
    /* END compliance routes */
    /* BEGIN ledger routes */
    {"GET", "/ledger/meetings", ledger_meetings_page, PERM_MEMBER_VIEW, ledger_meetings_params,
     "会议记录台账", 0},
    {"GET", "/ledger/meetings.xlsx", ledger_meetings_xlsx_page, PERM_MEMBER_VIEW,
     ledger_meetings_params, "导出会议记录台账", 0},
    {"GET", "/ledger/summary", ledger_summary_page, PERM_MEMBER_VIEW, ledger_summary_params,
     "三会一课落实情况汇总表", 0},
    {"GET", "/ledger/summary.xlsx", ledger_summary_xlsx_page, PERM_MEMBER_VIEW,
     ledger_summary_params, "导出三会一课汇总表", 0},
    /* END ledger routes */
    /* BEGIN attachment routes */
    {"POST", "/meetings/:id/attachments", attachment_upload_page, PERM_MEETING_EDIT,
     attachment_upload_params, "上传会议附件", 0},
    {"GET", "/meetings/:id/attachments/:aid", attachment_download_page, PERM_MEMBER_VIEW,
     attachment_id_params, "下载会议附件", 0},
    {"POST", "/meetings/:id/attachments/:aid/delete", attachment_delete_page, PERM_MEETING_EDIT,
     attachment_id_params, "删除会议附件", 0},
    /* END attachment routes */
    /* BEGIN rule routes */
    {"GET", "/rules", rules_page, PERM_SIGNED_IN, NULL, "三会一课规则", 0},
    {"POST", "/rules", rules_add_page, PERM_RULE_EDIT, rules_add_params, "新增本地规则版本", 0},
    /* END rule routes */
    /* BEGIN plan routes */
    {"GET", "/plans", plan_view_page, PERM_MEMBER_VIEW, plan_view_params, "三会一课季度计划", 0},
    {"GET", "/plans/edit", plan_form_page, PERM_MEETING_EDIT, plan_form_params,
     "填报三会一课季度计划", 0},
    {"POST", "/plans", plan_post_page, PERM_MEETING_EDIT, plan_post_params,
     "报送三会一课季度计划", 0},
    /* END plan routes */
    /* BEGIN study routes */
    /* "/new" before "/:id": the router takes the first match. */
    {"GET", "/study/materials", study_material_list_page, PERM_MEMBER_VIEW, study_list_params,
     "学习材料", 0},
    {"GET", "/study/materials/new", study_material_new_form_page, PERM_MEETING_REVIEW,
     study_new_form_params, "登记学习材料", 0},
    {"POST", "/study/materials/new", study_material_new_page, PERM_MEETING_REVIEW,
     study_material_new_params, "登记学习材料", 0},
    {"GET", "/study/materials/:id", study_material_detail_page, PERM_MEMBER_VIEW, study_id_params,
     "学习材料全文", 0},
    {"GET", "/study/materials/:id/edit", study_material_edit_form_page, PERM_MEETING_REVIEW,
     study_id_params, "修改学习材料", 0},
    {"POST", "/study/materials/:id/edit", study_material_edit_page, PERM_MEETING_REVIEW,
     study_material_edit_params, "修改学习材料", 0},
    {"POST", "/study/materials/:id/retire", study_material_retire_page, PERM_MEETING_REVIEW,
     study_retire_params, "停用或恢复学习材料", 0},
    {"GET", "/study/topics", study_topic_list_page, PERM_MEMBER_VIEW, study_list_params,
     "重点工作", 0},
    {"GET", "/study/topics/new", study_topic_new_form_page, PERM_MEETING_REVIEW,
     study_new_form_params, "登记重点工作", 0},
    {"POST", "/study/topics/new", study_topic_new_page, PERM_MEETING_REVIEW,
     study_topic_new_params, "登记重点工作", 0},
    {"GET", "/study/topics/:id/edit", study_topic_edit_form_page, PERM_MEETING_REVIEW,
     study_id_params, "修改重点工作", 0},
    {"POST", "/study/topics/:id/edit", study_topic_edit_page, PERM_MEETING_REVIEW,
     study_topic_edit_params, "修改重点工作", 0},
    {"POST", "/study/topics/:id/retire", study_topic_retire_page, PERM_MEETING_REVIEW,
     study_retire_params, "停用或恢复重点工作", 0},
    {"GET", "/meetings/:id/similar", study_similar_page, PERM_MEMBER_VIEW, study_id_params,
     "雷同比对", 0},
    /* END study routes */
    {0},
};

const NavItem app_nav[] = {
    {"/", "首页", PERM_SIGNED_IN},
    /* BEGIN org nav */
    {"/orgs", "组织架构", PERM_ORG_VIEW},
    /* END org nav */
    /* BEGIN member nav */
    {"/members", "党员", PERM_MEMBER_VIEW},
    /* END member nav */
    /* BEGIN account admin nav */
    {"/accounts", "账户管理", PERM_ACCOUNT_ADMIN},
    {"/audit", "审计日志", PERM_AUDIT_VIEW},
    /* END account admin nav */
    /* BEGIN meeting nav */
    {"/meetings", "三会一课", PERM_MEMBER_VIEW},
    /* END meeting nav */
    /* BEGIN rule nav */
    {"/rules", "规则", PERM_RULE_EDIT},
    /* END rule nav */
    /* BEGIN plan nav */
    {"/plans", "季度计划", PERM_MEMBER_VIEW},
    /* END plan nav */
    /* BEGIN study nav */
    {"/study/materials", "学习材料", PERM_MEMBER_VIEW},
    /* END study nav */
    {0},
};
