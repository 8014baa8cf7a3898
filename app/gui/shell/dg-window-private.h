#pragma once

#include "dg-due-page.h"
#include "dg-meetings-page.h"
#include "dg-notifications-page.h"
#include "dg-referrals-page.h"
#include "dg-reports-page.h"
#include "dg-service.h"
#include "dg-window.h"

G_BEGIN_DECLS

/* What dg-window.c and dg-window-backup.c (backups and restore) share. */

struct _DgWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  gboolean              password_typed;
  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  AdwStatusPage        *error_page;
  GtkRevealer          *read_only_revealer;
  GtkRevealer          *connection_revealer;
  GtkSpinner           *connection_spinner;
  GtkWidget            *connection_icon;
  GtkLabel             *connection_label;
  AdwViewSwitcherTitle *switcher_title;
  GtkImage             *connection_image;
  DgReferralsPage      *referrals_page;
  DgMeetingsPage       *meetings_page;
  DgNotificationsPage  *notifications_page;
  DgDuePage            *due_page;
  DgReportsPage        *reports_page;

  GCancellable         *cancellable;
  DgWorker             *figures_worker;
  DgService            *figures;          /* on figures_worker, once open */
  char                 *state;
  guint                 backup_source;
  guint                 figures_source;
  guint                 watch_source;
  gboolean              watch_pending;
  gint64                data_version;
  char                 *exposed;        /* the unencrypted-connection warning, or NULL */
  gboolean              reconnecting;
};

/* Makes today's copy when it is due; then again every hour. */
gboolean dg_window_backup_tick       (gpointer    data);
void     dg_window_backup_action     (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param);
void     dg_window_restore_action    (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param);
/* Every page reads its records again (after a restore). */
void     dg_window_reload_everything (DgWindow   *self);

G_END_DECLS
