#pragma once

#include "dg-application.h"

G_BEGIN_DECLS

/* Adds app.quit, app.about, app.preferences and their accelerators. */
void dg_application_install_actions (DgApplication *self);

G_END_DECLS
