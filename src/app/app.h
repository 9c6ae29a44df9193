/*
 * app: the one route table and the one navigation table of the whole application. Each
 * domain area's pages are listed here; the authorisation matrix test walks app_routes.
 */
#ifndef DJ_APP_H
#define DJ_APP_H

#include "web/web.h"

extern const Route app_routes[];
extern const NavItem app_nav[];

/* GET /: the home page — the account, and the work panels of the areas it works in
 * (home_pages.c). */
int home_page(Req *r);

#endif
