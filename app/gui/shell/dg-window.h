#pragma once

#include <adwaita.h>

#include "dg-application.h"

G_BEGIN_DECLS

#define DG_TYPE_WINDOW (dg_window_get_type ())
G_DECLARE_FINAL_TYPE (DgWindow, dg_window, DG, WINDOW, AdwApplicationWindow)

DgWindow   *dg_window_new              (DgApplication *application);

/* "loading", "ready" or "error": whether the database has opened. */
const char *dg_window_get_state        (DgWindow      *self);

/* Shows a transient message at the bottom of the window. */
void        dg_window_toast            (DgWindow      *self,
                                        const char    *message);

/* Switches to a section by name: referrals, meetings, notifications, due, reports. */
void        dg_window_show_section     (DgWindow      *self,
                                        const char    *name);

/* The help page (help/C/<page>.page) for what the window shows now. */
const char *dg_window_get_help_page    (DgWindow      *self);

void         dg_window_import       (DgWindow   *self,
                                     GBytes     *csv);

void         dg_window_restore      (DgWindow   *self,
                                     const char *backup);

G_END_DECLS
