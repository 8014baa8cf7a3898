#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_EXPECTED_PAGE (dg_expected_page_get_type ())
G_DECLARE_FINAL_TYPE (DgExpectedPage, dg_expected_page, DG, EXPECTED_PAGE, AdwPreferencesPage)

/* The Preferences page of the agencies expected at a strategy discussion
 * by concern: the rules in force, and a form that adds one from a date
 * (a manager's; each change audited by the core). */
DgExpectedPage *dg_expected_page_new (DgService *service);

G_END_DECLS
