#include "config.h"

#include <glib/gi18n.h>

#include "dg-decision-dialog.h"
#include "dg-jobs.h"
#include "dg-vocab.h"

struct _DgDecisionDialog
{
  AdwWindow        parent_instance;

  AdwComboRow     *outcome_row;
  AdwEntryRow     *by_row;
  GtkTextView     *rationale_view;
  GtkLabel        *error_label;
  GtkWidget       *save_button;

  DgWorker        *worker;
  gint64           id;
};

G_DEFINE_FINAL_TYPE (DgDecisionDialog, dg_decision_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (DgDecisionDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->rationale_view),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               message ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static char *
rationale_text (DgDecisionDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->rationale_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
saved (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(DgDecisionDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (self->save_button, TRUE);
  if (!dg_job_finish_boolean (result, &error))
    {
      /* Keep everything typed; say what is wrong where it is. */
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DgDecisionDialog *self = DG_DECISION_DIALOG (widget);
  g_autofree char *rationale = rationale_text (self);
  const DgTerm *outcomes = dg_vocab_terms (DG_VOCAB_OUTCOME);
  guint selected = adw_combo_row_get_selected (self->outcome_row);
  const char *by = gtk_editable_get_text (GTK_EDITABLE (self->by_row));

  if (*rationale == '\0')
    {
      show_error (self, _("Write the reasons for this decision: every decision needs them, whatever the outcome."));
      gtk_widget_grab_focus (GTK_WIDGET (self->rationale_view));
      return;
    }

  show_error (self, NULL);
  gtk_widget_set_sensitive (self->save_button, FALSE);
  dg_job_decide (self->worker, self->id, outcomes[selected].id, rationale,
                 *by ? by : NULL, saved, g_object_ref (self));
}

static void
dg_decision_dialog_dispose (GObject *object)
{
  DgDecisionDialog *self = (DgDecisionDialog *)object;

  g_clear_object (&self->worker);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_DECISION_DIALOG);

  G_OBJECT_CLASS (dg_decision_dialog_parent_class)->dispose (object);
}

static void
dg_decision_dialog_class_init (DgDecisionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* A screen reader announces it as a dialog over the main window. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);

  object_class->dispose = dg_decision_dialog_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-decision-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DgDecisionDialog, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, DgDecisionDialog, by_row);
  gtk_widget_class_bind_template_child (widget_class, DgDecisionDialog, rationale_view);
  gtk_widget_class_bind_template_child (widget_class, DgDecisionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DgDecisionDialog, save_button);

  gtk_widget_class_install_action (widget_class, "decision.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "decision.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dg_decision_dialog_init (DgDecisionDialog *self)
{
  g_autoptr(GtkStringList) outcomes = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (const DgTerm *t = dg_vocab_terms (DG_VOCAB_OUTCOME); t->id != NULL; t++)
    gtk_string_list_append (outcomes, dg_vocab_label (DG_VOCAB_OUTCOME, t->id));
  adw_combo_row_set_model (self->outcome_row, G_LIST_MODEL (outcomes));
}

DgDecisionDialog *
dg_decision_dialog_new (DgWorker   *worker,
                        gint64      id,
                        const char *reference,
                        const char *by)
{
  DgDecisionDialog *self = g_object_new (DG_TYPE_DECISION_DIALOG, NULL);
  g_autofree char *title = g_strdup_printf (_("Decision on %s"), reference);

  self->worker = g_object_ref (worker);
  self->id = id;
  gtk_window_set_title (GTK_WINDOW (self), title);
  if (by != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->by_row), by);
  gtk_widget_grab_focus (GTK_WIDGET (self->outcome_row));

  return self;
}
