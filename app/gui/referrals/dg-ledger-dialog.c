#include "config.h"

#include <glib/gi18n.h>

#include "dg-discard.h"
#include "dg-error.h"
#include "dg-ledger-dialog.h"
#include "dg-help.h"

/* One small window for the three entries of the report-maker's ledger: a
 * chase (or its answer), a disagreement's next step, and the language a
 * person chose when Welsh was offered. Each shows only its own rows; the
 * time is now. */

struct _DgLedgerDialog
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  GtkWidget           *save_button;
  AdwPreferencesGroup *main_group;
  AdwComboRow         *step_row;
  AdwActionRow        *answered_row;
  GtkSwitch           *answered_switch;
  AdwComboRow         *person_row;
  AdwEntryRow         *name_row;
  AdwComboRow         *choice_row;
  GtkWidget           *note_group;
  GtkTextView         *note_view;
  GtkLabel            *error_label;

  DgService           *service;
  DgReferral          *referral;
  DgLedgerDialogKind   kind;
  GPtrArray           *steps;       /* the step ids step_row offers */
  gboolean             done;
};

G_DEFINE_FINAL_TYPE (DgLedgerDialog, dg_ledger_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The choices of the combo rows, in their order. */
static const struct { const char *id; const char *label; } disagreement_steps[] = {
  { "raised", N_("Raised") },
  { "discussed", N_("Discussed") },
  { "escalated", N_("Escalated") },
  { "resolved", N_("Resolved") },
};
static const char * const persons[] = { "report-maker", "child", "parent" };
static const char * const choices[] = { "cy", "en", "declined" };

const char *
dg_ledger_open_disagreement (DgReferral *referral)
{
  const char *current = NULL;

  g_return_val_if_fail (referral != NULL, NULL);

  for (guint i = 0; i < referral->ledger->len; i++)
    {
      const DgLedgerEntry *e = &g_array_index (referral->ledger, DgLedgerEntry, i);

      if (g_strcmp0 (e->kind, "disagreement") == 0)
        current = g_strcmp0 (e->step, "resolved") == 0 ? NULL : e->step;
    }
  return current;
}

gboolean
dg_ledger_chase_open (DgReferral *referral)
{
  gboolean open = FALSE;

  g_return_val_if_fail (referral != NULL, FALSE);

  /* The entries are in time order: the last chase step says. */
  for (guint i = 0; i < referral->ledger->len; i++)
    {
      const DgLedgerEntry *e = &g_array_index (referral->ledger, DgLedgerEntry, i);

      if (g_strcmp0 (e->kind, "chase") == 0)
        open = g_strcmp0 (e->step, "raised") == 0;
    }
  return open;
}

/* The steps that may follow @current (NULL: none open), as the core allows. */
static gboolean
step_follows (const char *current,
              const char *step)
{
  if (g_str_equal (step, "raised"))
    return current == NULL;
  if (current == NULL)
    return FALSE;
  if (g_str_equal (step, "discussed"))
    return g_str_equal (current, "raised");
  if (g_str_equal (step, "escalated"))
    return g_str_equal (current, "discussed");
  return TRUE;
}

static char *
note_text (DgLedgerDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

/* The widget that holds @field, as the core names it. */
static GtkWidget *
field_widget (DgLedgerDialog *self,
              const char     *field)
{
  if (g_strcmp0 (field, "step") == 0)
    return GTK_WIDGET (self->step_row);
  if (g_strcmp0 (field, "replied") == 0)
    return GTK_WIDGET (self->answered_row);
  if (g_strcmp0 (field, "person") == 0)
    return GTK_WIDGET (self->person_row);
  if (g_strcmp0 (field, "name") == 0)
    return GTK_WIDGET (self->name_row);
  if (g_strcmp0 (field, "choice") == 0)
    return GTK_WIDGET (self->choice_row);
  if (g_strcmp0 (field, "note") == 0)
    return GTK_WIDGET (self->note_view);
  return NULL;
}

/* Shows @message (NULL: none) under the form, opened by the title of the
 * field it is about, and marks that field. */
static void
show_error (DgLedgerDialog *self,
            const char     *field,
            const char     *message)
{
  GtkWidget *widget = field_widget (self, field);
  g_autofree char *text = NULL;

  for (const char * const *f = (const char * const[]) { "step", "replied", "person", "name", "choice", "note", NULL };
       *f != NULL; f++)
    gtk_accessible_update_state (GTK_ACCESSIBLE (field_widget (self, *f)), GTK_ACCESSIBLE_STATE_INVALID,
                                 GTK_ACCESSIBLE_INVALID_FALSE, -1);
  if (message == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      return;
    }
  if (widget == GTK_WIDGET (self->note_view))
    text = g_strdup_printf (_("Note: %s"), message);
  else if (widget != NULL && ADW_IS_PREFERENCES_ROW (widget))
    text = g_strdup_printf ("%s: %s",
                            adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), message);
  else
    text = g_strdup (message);
  /* The titles have their mnemonic marks. */
  if (strchr (text, '_') != NULL && widget != GTK_WIDGET (self->note_view))
    {
      g_autoptr(GString) plain = g_string_new (text);

      g_string_replace (plain, "_", "", 1);
      g_free (text);
      text = g_string_free (g_steal_pointer (&plain), FALSE);
    }
  gtk_label_set_text (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (widget != NULL)
    {
      gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_widget_grab_focus (widget);
    }
}

static void
saved (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(DgLedgerDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  switch (self->kind)
    {
    case DG_LEDGER_DIALOG_CHASE:
      ok = dg_service_chase_finish (DG_SERVICE (object), result, &error);
      break;
    case DG_LEDGER_DIALOG_DISAGREEMENT:
      ok = dg_service_disagreement_finish (DG_SERVICE (object), result, &error);
      break;
    default:
      ok = dg_service_offer_finish (DG_SERVICE (object), result, &error);
      break;
    }
  gtk_widget_set_sensitive (self->save_button, TRUE);
  if (!ok)
    {
      /* Everything typed stays; what is wrong is said where it is. */
      show_error (self, dg_error_get_field (error), error->message);
      return;
    }
  self->done = TRUE;
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DgLedgerDialog *self = DG_LEDGER_DIALOG (widget);
  g_autofree char *note = note_text (self);
  const char *name;

  if (self->kind != DG_LEDGER_DIALOG_LANGUAGE && *note == '\0')
    {
      show_error (self, "note", _("Say what was asked, answered or agreed: every entry needs it."));
      return;
    }
  show_error (self, NULL, NULL);
  gtk_widget_set_sensitive (self->save_button, FALSE);
  switch (self->kind)
    {
    case DG_LEDGER_DIALOG_CHASE:
      dg_service_chase_async (self->service, self->referral->id, note,
                              gtk_switch_get_active (self->answered_switch), NULL, saved, g_object_ref (self));
      break;
    case DG_LEDGER_DIALOG_DISAGREEMENT:
      dg_service_disagreement_async (self->service, self->referral->id,
                                     g_ptr_array_index (self->steps, adw_combo_row_get_selected (self->step_row)),
                                     note, NULL, saved, g_object_ref (self));
      break;
    default:
      name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
      dg_service_offer_async (self->service, self->referral->id,
                              persons[adw_combo_row_get_selected (self->person_row)], *name ? name : NULL,
                              choices[adw_combo_row_get_selected (self->choice_row)], NULL,
                              saved, g_object_ref (self));
      break;
    }
}

static gboolean
typed (DgLedgerDialog *self)
{
  g_autofree char *note = note_text (self);

  return *note != '\0' || *gtk_editable_get_text (GTK_EDITABLE (self->name_row)) != '\0';
}

static gboolean
dg_ledger_dialog_close_request (GtkWindow *window)
{
  DgLedgerDialog *self = DG_LEDGER_DIALOG (window);

  if (self->done || !typed (self))
    return FALSE;
  /* Nothing typed is dropped without asking. */
  return dg_discard_ask (window, _("Discard This Entry?"), _("What is typed here has not been saved."));
}

static void
dg_ledger_dialog_dispose (GObject *object)
{
  DgLedgerDialog *self = DG_LEDGER_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_LEDGER_DIALOG);
  g_clear_object (&self->service);
  g_clear_pointer (&self->referral, dg_referral_unref);
  g_clear_pointer (&self->steps, g_ptr_array_unref);

  G_OBJECT_CLASS (dg_ledger_dialog_parent_class)->dispose (object);
}

static void
dg_ledger_dialog_class_init (DgLedgerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);
  object_class->dispose = dg_ledger_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = dg_ledger_dialog_close_request;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-ledger-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DgLedgerDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DgLedgerDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, DgLedgerDialog, main_group);
  gtk_widget_class_bind_template_child (widget_class, DgLedgerDialog, step_row);
  gtk_widget_class_bind_template_child (widget_class, DgLedgerDialog, answered_row);
  gtk_widget_class_bind_template_child (widget_class, DgLedgerDialog, answered_switch);
  gtk_widget_class_bind_template_child (widget_class, DgLedgerDialog, person_row);
  gtk_widget_class_bind_template_child (widget_class, DgLedgerDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, DgLedgerDialog, choice_row);
  gtk_widget_class_bind_template_child (widget_class, DgLedgerDialog, note_group);
  gtk_widget_class_bind_template_child (widget_class, DgLedgerDialog, note_view);
  gtk_widget_class_bind_template_child (widget_class, DgLedgerDialog, error_label);

  gtk_widget_class_install_action (widget_class, "ledger.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "ledger.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
dg_ledger_dialog_init (DgLedgerDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dg_help_install (GTK_WINDOW (self), "referrals");
  self->steps = g_ptr_array_new ();
}

/* @labels, translated already. */
static GListModel *
labels_model (const char * const *labels,
              guint               n_labels)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n_labels; i++)
    gtk_string_list_append (list, labels[i]);
  return G_LIST_MODEL (list);
}

DgLedgerDialog *
dg_ledger_dialog_new (DgService          *service,
                      DgReferral         *referral,
                      DgLedgerDialogKind  kind)
{
  DgLedgerDialog *self;
  const char *title;
  g_autofree char *window_title = NULL;

  g_return_val_if_fail (DG_IS_SERVICE (service), NULL);
  g_return_val_if_fail (referral != NULL, NULL);

  self = g_object_new (DG_TYPE_LEDGER_DIALOG, NULL);
  self->service = g_object_ref (service);
  self->referral = dg_referral_ref (referral);
  self->kind = kind;

  gtk_widget_set_visible (GTK_WIDGET (self->step_row), kind == DG_LEDGER_DIALOG_DISAGREEMENT);
  gtk_widget_set_visible (GTK_WIDGET (self->answered_row), kind == DG_LEDGER_DIALOG_CHASE);
  gtk_widget_set_visible (GTK_WIDGET (self->person_row), kind == DG_LEDGER_DIALOG_LANGUAGE);
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), kind == DG_LEDGER_DIALOG_LANGUAGE);
  gtk_widget_set_visible (GTK_WIDGET (self->choice_row), kind == DG_LEDGER_DIALOG_LANGUAGE);
  gtk_widget_set_visible (self->note_group, kind != DG_LEDGER_DIALOG_LANGUAGE);

  switch (kind)
    {
    case DG_LEDGER_DIALOG_CHASE:
      title = _("Record Chase");
      adw_preferences_group_set_description (self->main_group,
                                             _("The report-maker asked what happened to their report. A chase is answered within a working day."));
      /* Only a chase that waits can be answered. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->answered_row), dg_ledger_chase_open (referral));
      break;
    case DG_LEDGER_DIALOG_DISAGREEMENT:
      {
        const char *current = dg_ledger_open_disagreement (referral);
        g_autoptr(GtkStringList) steps = gtk_string_list_new (NULL);

        title = _("Record Disagreement");
        adw_preferences_group_set_description (self->main_group,
                                               _("The report-maker disagrees with the decision: it is raised, discussed with them within five working days, escalated to a senior manager if not settled, and resolved."));
        for (guint i = 0; i < G_N_ELEMENTS (disagreement_steps); i++)
          if (step_follows (current, disagreement_steps[i].id))
            {
              g_ptr_array_add (self->steps, (gpointer) disagreement_steps[i].id);
              gtk_string_list_append (steps, _(disagreement_steps[i].label));
            }
        adw_combo_row_set_model (self->step_row, G_LIST_MODEL (steps));
      }
      break;
    default:
      {
        /* The short word: the combo row's value has little room. */
        const char * const person_labels[] = { C_("short", "Report-maker"), _("Child"), _("Parent or carer") };
        const char * const choice_labels[] = { _("Welsh"), _("English"), _("Declined to choose") };
        g_autoptr(GListModel) person_model = labels_model (person_labels, G_N_ELEMENTS (person_labels));
        g_autoptr(GListModel) choice_model = labels_model (choice_labels, G_N_ELEMENTS (choice_labels));

        title = _("Record Language Choice");
        adw_preferences_group_set_description (self->main_group,
                                               _("Welsh was offered without being asked for: record the person's answer. Letters go in the language they chose."));
        adw_combo_row_set_model (self->person_row, person_model);
        adw_combo_row_set_model (self->choice_row, choice_model);
      }
      break;
    }
  window_title = g_strdup_printf ("%s · %s", title, referral->reference);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, referral->reference);
  return self;
}
