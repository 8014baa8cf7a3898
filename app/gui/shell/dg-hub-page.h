#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

/* The Preferences page of the hub's own settings, kept in the database and
 * shared by everyone using it: the letterhead and the outgoing mail server
 * (its password in the keyring). Each row saves on apply through the
 * service. */

#define DG_TYPE_HUB_PAGE (dg_hub_page_get_type ())
G_DECLARE_FINAL_TYPE (DgHubPage, dg_hub_page, DG, HUB_PAGE, AdwPreferencesPage)

DgHubPage *dg_hub_page_new (DgService *service);

G_END_DECLS
