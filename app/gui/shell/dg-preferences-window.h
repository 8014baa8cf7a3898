#pragma once

#include <adwaita.h>

#include "dg-application.h"

G_BEGIN_DECLS

#define DG_TYPE_PREFERENCES_WINDOW (dg_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (DgPreferencesWindow, dg_preferences_window, DG, PREFERENCES_WINDOW, AdwPreferencesWindow)

DgPreferencesWindow *dg_preferences_window_new (DgApplication *application);

G_END_DECLS
