#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "dg-format.h"
#include "dg-role-guard.h"
#include "dg-snapshots-window.h"
#include "dg-vocab.h"
#include "dg-help.h"

/* The figures as submitted: the saved snapshots, saving the period Reports
 * shows, and for one snapshot what has changed since and which records and
 * rules were amended. */

struct _DgSnapshotsWindow
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget      *back_button;
  GtkWidget      *save_button;
  GtkLabel       *error_label;
  GtkStack       *stack;
  GtkListBox     *snapshot_list;
  GtkLabel       *tampered_label;
  GtkLabel       *figures_heading;
  GtkListBox     *figure_list;
  GtkWidget      *drift_label;
  GtkLabel       *amended_heading;
  GtkListBox     *amended_list;

  DgService      *service;
  GCancellable   *cancellable;
  char           *from, *to;
  GtkEntry       *name_entry;   /* in the save dialog, while it is open */
};

G_DEFINE_FINAL_TYPE (DgSnapshotsWindow, dg_snapshots_window, ADW_TYPE_WINDOW)

static void
clear_list (GtkListBox *list)
{
  for (GtkWidget *row; (row = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL;)
    gtk_list_box_remove (list, row);
}

/* A day of a period, with its year always: periods are compared across years. */
static char *
period_day (const char *day)
{
  g_autoptr(GDateTime) time = NULL;
  int y = 0, m = 0, d = 0;

  if (day == NULL || sscanf (day, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
      (time = g_date_time_new_local (y, m, d, 0, 0, 0)) == NULL)
    return g_strdup (day ? day : "");
  /* Translators: a date with its year, as strftime () takes it: 1 Apr 2026. */
  return g_date_time_format (time, _("%-d %b %Y"));
}

static void
show_error (DgSnapshotsWindow *self,
            const GError      *error)
{
  gtk_label_set_text (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static GtkWidget *
row_new (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

/* ---- The list ------------------------------------------------------------ */

static void
show_list (DgSnapshotsWindow *self)
{
  adw_window_title_set_subtitle (self->window_title, NULL);
  gtk_widget_set_visible (self->back_button, FALSE);
  gtk_stack_set_visible_child_name (self->stack,
                                    gtk_widget_get_first_child (GTK_WIDGET (self->snapshot_list)) ? "list" : "empty");
}

static void
listed (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) snapshots = dg_service_snapshots_finish (DG_SERVICE (source), result, &error);
  DgSnapshotsWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = DG_SNAPSHOTS_WINDOW (user_data);
  show_error (self, error);
  clear_list (self->snapshot_list);
  for (guint i = 0; snapshots != NULL && i < snapshots->len; i++)
    {
      const DgSnapshot *s = g_ptr_array_index (snapshots, i);
      g_autofree char *from = period_day (s->from);
      g_autofree char *to = period_day (s->to);
      g_autofree char *at = dg_format_time (s->saved_at);
      /* Translators: a snapshot's period, then who saved it and when. */
      g_autofree char *subtitle = g_strdup_printf (_("%s to %s · saved by %s, %s"), from, to, s->saved_by, at);
      GtkWidget *row = row_new (s->name, subtitle);

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "name", g_strdup (s->name), g_free);
      gtk_list_box_append (self->snapshot_list, row);
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "diff") != 0)
    show_list (self);
}

static void
reload (DgSnapshotsWindow *self)
{
  dg_service_snapshots_async (self->service, self->cancellable, listed, self);
}

/* ---- One snapshot's differences --------------------------------------------- */

static const char *
measure_label (const char *measure)
{
  static const struct { const char *id; const char *label; } measures[] = {
    { "count", N_("Counted") },
    { "on_time", N_("On time") },
    { "late", N_("Late") },
    { "overdue", N_("Overdue") },
    { "pending", N_("Pending") },
    { "excepted", N_("Late with an agreed exception") },
    { "on_time_share", N_("Share on time") },
    { "complete", N_("Invited every expected agency") },
    { "share", N_("Share") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (measures); i++)
    if (g_str_equal (measures[i].id, measure))
      return _(measures[i].label);
  return measure;
}

/* A figure's path ("by_agency/decision/police/late") as a row: the clock
 * and its group as the title, what was counted as the subtitle. */
static GtkWidget *
figure_row (const DgSnapshotChange *change)
{
  g_auto(GStrv) parts = g_strsplit (change->figure, "/", -1);
  guint n = g_strv_length (parts);
  g_autofree char *title = NULL, *values = NULL;
  const char *measure = n > 0 ? parts[n - 1] : change->figure;
  GtkWidget *row, *label;

  if (n >= 3 && g_str_equal (parts[0], "clocks"))
    title = g_strdup (dg_vocab_label (DG_VOCAB_CLOCK, parts[1]));
  else if (n >= 4 && g_str_equal (parts[0], "by_agency"))
    title = g_strdup_printf ("%s · %s", dg_vocab_label (DG_VOCAB_CLOCK, parts[1]),
                             dg_vocab_label (DG_VOCAB_REPORTER_AGENCY, parts[2]));
  else if (n >= 4 && g_str_has_prefix (parts[0], "by_"))
    title = g_strdup_printf ("%s · %s", dg_vocab_label (DG_VOCAB_CLOCK, parts[1]), parts[2]);
  else if (n == 2 && g_str_equal (parts[0], "meetings"))
    title = g_strdup (_("Strategy discussions and meetings"));
  else
    {
      title = g_strjoinv (" · ", parts);
      measure = NULL;
    }
  row = row_new (title, measure ? measure_label (measure) : NULL);
  /* Translators: a figure then and now; a dash where there was none. */
  values = g_strdup_printf (_("%s → %s"), *change->then ? change->then : "—", *change->now ? change->now : "—");
  label = gtk_label_new (values);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static GtkWidget *
amendment_row (const DgSnapshotAmendment *a)
{
  g_autofree char *at = dg_format_time (a->at);
  g_autofree char *title = NULL, *subtitle = NULL;

  if (g_str_equal (a->entity, "referral") || g_str_equal (a->entity, "meeting"))
    /* Translators: a referral's reference, then what was recorded. */
    title = g_strdup_printf (_("%s · %s"), a->reference ? a->reference : "", dg_vocab_label (DG_VOCAB_HISTORY, a->action));
  else
    /* Translators: a change to the rules or calendar every clock counts by: what, then how. */
    title = g_strdup_printf (_("Rules and calendar: %s %s"), a->entity, a->action);
  /* Translators: who recorded a change, and when. */
  subtitle = g_strdup_printf (_("%s, %s"), a->actor, at);
  return row_new (title, subtitle);
}

static void
diffed (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgSnapshotDiff) diff = dg_service_snapshot_diff_finish (DG_SERVICE (source), result, &error);
  g_autofree char *figures = NULL, *amended = NULL, *from = NULL, *to = NULL, *subtitle = NULL;
  DgSnapshotsWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = DG_SNAPSHOTS_WINDOW (user_data);
  show_error (self, error);
  if (diff == NULL)
    return;
  clear_list (self->figure_list);
  clear_list (self->amended_list);
  for (guint i = 0; i < diff->figures->len; i++)
    gtk_list_box_append (self->figure_list, figure_row (g_ptr_array_index (diff->figures, i)));
  for (guint i = 0; i < diff->amended->len; i++)
    gtk_list_box_append (self->amended_list, amendment_row (g_ptr_array_index (diff->amended, i)));
  figures = diff->figures->len == 0 ? g_strdup (_("No figure has changed since"))
                                    : g_strdup_printf (ngettext ("%u Figure Changed Since (Then → Now)",
                                                                 "%u Figures Changed Since (Then → Now)", diff->figures->len),
                                                       diff->figures->len);
  amended = diff->amended->len == 0 ? g_strdup (_("No record of the period and no rule amended since"))
                                    : g_strdup_printf (ngettext ("%u Change Recorded Since", "%u Changes Recorded Since",
                                                                 diff->amended->len),
                                                       diff->amended->len);
  gtk_label_set_text (self->figures_heading, figures);
  gtk_label_set_text (self->amended_heading, amended);
  gtk_widget_set_visible (GTK_WIDGET (self->figure_list), diff->figures->len > 0);
  gtk_widget_set_visible (self->drift_label, diff->figures->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->amended_list), diff->amended->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->tampered_label), !diff->intact);
  from = period_day (diff->from);
  to = period_day (diff->to);
  /* Translators: the snapshot's name and its period. */
  subtitle = g_strdup_printf (_("%s: %s to %s"), diff->name, from, to);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_visible (self->back_button, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "diff");
}

static void
snapshot_activated (DgSnapshotsWindow *self,
                    GtkListBoxRow     *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "name");

  if (name != NULL)
    dg_service_snapshot_diff_async (self->service, name, self->cancellable, diffed, self);
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DgSnapshotsWindow *self = DG_SNAPSHOTS_WINDOW (widget);

  show_error (self, NULL);
  show_list (self);
}

/* ---- Saving ---------------------------------------------------------------- */

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(DgSnapshotsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgSnapshot) snapshot = dg_service_snapshot_save_finish (DG_SERVICE (source), result, &error);

  show_error (self, error);
  if (snapshot != NULL)
    reload (self);
}

static void
save_response (AdwMessageDialog  *dialog,
               const char        *response,
               DgSnapshotsWindow *self)
{
  if (g_str_equal (response, "save"))
    dg_service_snapshot_save_async (self->service, gtk_editable_get_text (GTK_EDITABLE (self->name_entry)),
                                    self->from, self->to, saved, g_object_ref (self));
  self->name_entry = NULL;
}

static void
name_activated (GtkEntry         *entry,
                AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DgSnapshotsWindow *self = DG_SNAPSHOTS_WINDOW (widget);
  g_autofree char *from = period_day (self->from);
  g_autofree char *to = period_day (self->to);
  GtkWidget *dialog, *entry;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save the Figures as Submitted?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The figures of the referrals received from %s to %s, as they are now. "
                                    "A saved snapshot is never changed or removed."),
                                  from, to);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Name, e.g. Board report, quarter 3"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  g_signal_connect (entry, "activate", G_CALLBACK (name_activated), dialog);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  self->name_entry = GTK_ENTRY (entry);
  g_signal_connect (dialog, "response", G_CALLBACK (save_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* ---- The window ---------------------------------------------------------------- */

DgSnapshotsWindow *
dg_snapshots_window_new (DgService  *service,
                         const char *from,
                         const char *to)
{
  DgSnapshotsWindow *self = g_object_new (DG_TYPE_SNAPSHOTS_WINDOW, NULL);

  g_return_val_if_fail (DG_IS_SERVICE (service), NULL);

  self->service = g_object_ref (service);
  dg_role_guard (service, GTK_WIDGET (self), "snapshots.save", self->save_button, DG_DB_POWER_SNAPSHOTS);
  self->from = g_strdup (from);
  self->to = g_strdup (to);
  reload (self);
  return self;
}

static void
dg_snapshots_window_dispose (GObject *object)
{
  DgSnapshotsWindow *self = DG_SNAPSHOTS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_SNAPSHOTS_WINDOW);

  G_OBJECT_CLASS (dg_snapshots_window_parent_class)->dispose (object);
}

static void
dg_snapshots_window_class_init (DgSnapshotsWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dg_snapshots_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-snapshots-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DgSnapshotsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DgSnapshotsWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, DgSnapshotsWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, DgSnapshotsWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, DgSnapshotsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DgSnapshotsWindow, snapshot_list);
  gtk_widget_class_bind_template_child (widget_class, DgSnapshotsWindow, tampered_label);
  gtk_widget_class_bind_template_child (widget_class, DgSnapshotsWindow, figures_heading);
  gtk_widget_class_bind_template_child (widget_class, DgSnapshotsWindow, figure_list);
  gtk_widget_class_bind_template_child (widget_class, DgSnapshotsWindow, drift_label);
  gtk_widget_class_bind_template_child (widget_class, DgSnapshotsWindow, amended_heading);
  gtk_widget_class_bind_template_child (widget_class, DgSnapshotsWindow, amended_list);
  gtk_widget_class_bind_template_callback (widget_class, snapshot_activated);
  gtk_widget_class_install_action (widget_class, "snapshots.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "snapshots.back", NULL, back_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "snapshots.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "snapshots.save", NULL);
}

static void
dg_snapshots_window_init (DgSnapshotsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dg_help_install (GTK_WINDOW (self), "reports");
  self->cancellable = g_cancellable_new ();
}
