#include "config.h"

#include <glib/gi18n.h>

#include "dg-format.h"
#include "dg-referral-privacy.h"

/* ---- Who Has Viewed ----------------------------------------------------------------- */

/* The dialog is made once the log is read, whole, so that it opens at
 * its size. */
static void
views_read (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) views = dg_service_views_finish (DG_SERVICE (object), result, &error);
  GtkWidget *dialog = adw_message_dialog_new (parent, _("Who Has Viewed"), NULL);
  GtkWidget *list;

  gtk_widget_set_name (dialog, "who-viewed");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  if (views == NULL)
    {
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  g_dngettext (NULL, "Opened %u time, oldest first.", "Opened %u times, oldest first.",
                                               views->len),
                                  views->len);
  if (views->len > 0)
    {
      GtkWidget *scrolled = gtk_scrolled_window_new ();

      list = gtk_list_box_new ();
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      for (guint i = 0; i < views->len; i++)
        {
          DgReferralView *view = g_ptr_array_index (views, i);
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *when = dg_format_time (view->at);
          g_autofree char *subtitle = NULL;

          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), view->by);
          /* TRANSLATORS: when a restricted record was opened, and the reason given */
          subtitle = *view->reason != '\0' ? g_strdup_printf (_("%s — reason: %s"), when, view->reason) : g_strdup (when);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          gtk_list_box_append (GTK_LIST_BOX (list), row);
        }
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

void
dg_referral_privacy_who_viewed (GtkWindow *parent,
                                DgService *service,
                                gint64     id)
{
  dg_service_views_async (service, id, NULL, views_read, parent != NULL ? g_object_ref (parent) : NULL);
}

/* ---- Restrict… ---------------------------------------------------------------------- */

typedef struct
{
  DgService *service;
  gint64     id;
  gboolean   lift;
  GtkWidget *reason;
  GtkWindow *parent;
} Restrict;

static void
restrict_free (Restrict *r)
{
  g_object_unref (r->service);
  g_clear_object (&r->parent);
  g_free (r);
}

static void
restricted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Restrict *r = user_data;
  g_autoptr(GError) error = NULL;

  if (!dg_service_restrict_finish (DG_SERVICE (object), result, &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (r->parent, r->lift ? _("Restriction Not Lifted") : _("Not Restricted"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else if (r->parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (r->parent), "win.toast", "s",
                                r->lift ? _("Restriction lifted") : _("Referral restricted"));
  restrict_free (r);
}

static void
reason_changed (GtkEditable      *entry,
                AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "restrict", *text != '\0');
}

static void
restrict_response (AdwMessageDialog *dialog,
                   const char       *response,
                   Restrict         *r)
{
  g_autofree char *reason = NULL;

  if (!g_str_equal (response, "restrict"))
    {
      restrict_free (r);
      return;
    }
  reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (r->reason))));
  dg_service_restrict_async (r->service, r->id, reason, r->lift, restricted, r);
}

void
dg_referral_privacy_restrict (GtkWindow *parent,
                              DgService *service,
                              gint64     id,
                              gboolean   lift)
{
  Restrict *r = g_new0 (Restrict, 1);
  GtkWidget *dialog;

  r->service = g_object_ref (service);
  r->id = id;
  r->lift = lift;
  r->parent = parent != NULL ? g_object_ref (parent) : NULL;
  dialog = adw_message_dialog_new (parent, lift ? _("Lift the Restriction?") : _("Restrict This Referral?"),
                                   lift ? _("Everyone will be able to open it again without giving a reason.")
                                        : _("Others will see only that a restricted record exists, and must give a "
                                            "reason to open it; each opening is logged and shown to managers."));
  r->reason = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (r->reason), _("Reason (required)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (r->reason), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (r->reason), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), r->reason);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "restrict", lift ? _("_Lift Restriction") : _("_Restrict"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restrict", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "restrict", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "restrict");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (r->reason, "changed", G_CALLBACK (reason_changed), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (restrict_response), r);
  gtk_window_present (GTK_WINDOW (dialog));
}
