#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_APPLICATION (dg_application_get_type ())
G_DECLARE_FINAL_TYPE (DgApplication, dg_application, DG, APPLICATION, AdwApplication)

DgApplication *dg_application_new          (void);

/* The database worker shared by every window. */
DgWorker      *dg_application_get_worker   (DgApplication *self);
/* The service on that worker, in the name of the practitioner set in
 * Preferences (the login's name when none is). */
DgService     *dg_application_get_service  (DgApplication *self);

GSettings     *dg_application_get_settings (DgApplication *self);

/* The number of overdue clocks, as the Due board last counted them: a
 * desktop notification (id "overdue") says how many, never whose, and
 * opens Due when clicked; it is withdrawn when none are overdue. */
void           dg_application_set_overdue  (DgApplication *self,
                                            guint          overdue);

/* Where this run keeps its records: --db, else $DIOGELU_DB, else the
 * "database" setting, else the file in the data folder. Chosen once, at
 * the first use; *@given is TRUE when --db or $DIOGELU_DB chose it. */
const char    *dg_application_get_location (DgApplication *self,
                                            gboolean      *given);

G_END_DECLS
