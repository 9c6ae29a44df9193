#include "app/app.h"

#include "account/account.h"
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
    {"GET", "/healthz", account_healthz_page, PERM_PUBLIC, NULL, "健康检查", 0},
    {"GET", "/static/*", account_static_page, PERM_PUBLIC, static_params, "静态文件", 0},
    {"GET", "/login", account_login_form_page, PERM_PUBLIC, next_param, "登录", 0},
    {"POST", "/login", account_login_page, PERM_PUBLIC, login_params, "登录", 0},
    {"POST", "/logout", account_logout_page, PERM_SIGNED_IN, NULL, "退出登录",
     ROUTE_ALLOW_MUST_CHANGE},
    {"GET", "/password", account_password_form_page, PERM_SIGNED_IN, NULL, "修改密码",
     ROUTE_ALLOW_MUST_CHANGE},
    {"POST", "/password", account_password_page, PERM_SIGNED_IN, password_params, "修改密码",
     ROUTE_ALLOW_MUST_CHANGE},
    {"GET", "/", account_home_page, PERM_SIGNED_IN, NULL, "首页", 0},
    /* BEGIN org routes */
    /* END org routes */
    /* BEGIN account admin routes */
    /* END account admin routes */
    {0},
};

const NavItem app_nav[] = {
    {"/", "首页", PERM_SIGNED_IN},
    /* BEGIN org nav */
    /* END org nav */
    /* BEGIN account admin nav */
    /* END account admin nav */
    {0},
};
