#include "config.h"
#include "dg-spell.h"

#include <glib/gi18n.h>

#include "dg-decision-dialog.h"
#include "dg-draft-slots.h"
#include "dg-service.h"
#include "dg-vocab.h"
#include "dg-help.h"
#include "dg-inhibit.h"

struct _DgDecisionDialog
{
  AdwWindow        parent_instance;

  AdwPreferencesGroup *decision_group;
  AdwComboRow     *outcome_row;
  AdwEntryRow     *by_row;
  GtkTextView     *rationale_view;
  GtkTextView     *told_view;
  GtkTextView     *told_cy_view;
  GtkLabel        *error_label;
  GtkWidget       *save_button;
  AdwWindowTitle  *window_title;

  DgService        *service;
  gint64           id;

  /* The draft of what is typed, kept as the person types (dg-drafts.h). */
  char            *draft_kind;
  char            *slot;
  guint            draft_source;
  gboolean         filling;
  gboolean         draft_saved;
  gboolean         ready;
  GCancellable    *cancellable;
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
view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

/* ---- The draft ---- */

static void
draft_saved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DgDecisionDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->draft_saved = dg_service_save_draft_finish (DG_SERVICE (object), result, &error);
  /* What was typed is still on screen; the person is told, not a log. */
  if (!self->draft_saved)
    {
      g_autofree char *message = g_strdup_printf (_("What you are typing cannot be kept as a draft just now: %s Keep this window open and save the decision when you can."),
                                                  error->message);
      show_error (self, message);
    }
}

static void
save_draft_now (DgDecisionDialog *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *rationale = view_text (self->rationale_view);
  g_autofree char *told = view_text (self->told_view);
  g_autofree char *told_cy = view_text (self->told_cy_view);
  g_autofree char *text = NULL;
  const DgTerm *outcomes = dg_vocab_terms (DG_VOCAB_OUTCOME);

  g_clear_handle_id (&self->draft_source, g_source_remove);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, outcomes[adw_combo_row_get_selected (self->outcome_row)].id);
  json_builder_set_member_name (builder, "by");
  json_builder_add_string_value (builder, gtk_editable_get_text (GTK_EDITABLE (self->by_row)));
  json_builder_set_member_name (builder, "rationale");
  json_builder_add_string_value (builder, rationale);
  json_builder_set_member_name (builder, "report_maker_text");
  json_builder_add_string_value (builder, told);
  json_builder_set_member_name (builder, "report_maker_text_cy");
  json_builder_add_string_value (builder, told_cy);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  text = json_to_string (node, FALSE);
  dg_service_save_draft_async (self->service, self->draft_kind, self->slot, text, draft_saved, g_object_ref (self));
}

static gboolean
draft_timeout (gpointer data)
{
  DgDecisionDialog *self = data;

  self->draft_source = 0;
  save_draft_now (self);
  return G_SOURCE_REMOVE;
}

static void
edited (DgDecisionDialog *self)
{
  if (self->filling || self->service == NULL)
    return;
  self->draft_saved = FALSE;
  dg_inhibit_logout (GTK_WINDOW (self), TRUE);
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_source = g_timeout_add (500, draft_timeout, self);
}

static const char *
slot_of (GtkWindow *window)
{
  return DG_DECISION_DIALOG (window)->slot;
}

static void
drafts_listed (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DgDecisionDialog) self = user_data;
  g_autoptr(JsonNode) node = dg_service_list_drafts_finish (DG_SERVICE (object), result, NULL);
  g_autoptr(GPtrArray) drafts = NULL;

  self->ready = TRUE;
  if (self->draft_source != 0)
    return;  /* the person has started typing here already */

  drafts = dg_draft_slots_unheld (node, GTK_WINDOW (self), slot_of);
  /* The newest draft no other window holds comes back; a decision is short,
   * so older ones are not listed. */
  for (guint i = 0; i < drafts->len; i++)
    {
      JsonObject *draft = g_ptr_array_index (drafts, i);
      JsonNode *body = json_object_get_member (draft, "body");
      JsonObject *doc;
      const char *outcome;

      if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
        continue;

      doc = json_node_get_object (body);
      g_free (self->slot);
      self->slot = g_strdup (json_object_get_string_member (draft, "slot"));
      self->filling = TRUE;
      outcome = json_object_get_string_member_with_default (doc, "outcome", NULL);
      for (guint j = 0; outcome != NULL && dg_vocab_terms (DG_VOCAB_OUTCOME)[j].id != NULL; j++)
        if (g_str_equal (dg_vocab_terms (DG_VOCAB_OUTCOME)[j].id, outcome))
          adw_combo_row_set_selected (self->outcome_row, j);
      gtk_editable_set_text (GTK_EDITABLE (self->by_row), json_object_get_string_member_with_default (doc, "by", ""));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->rationale_view),
                                json_object_get_string_member_with_default (doc, "rationale", ""), -1);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->told_view),
                                json_object_get_string_member_with_default (doc, "report_maker_text", ""), -1);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->told_cy_view),
                                json_object_get_string_member_with_default (doc, "report_maker_text_cy", ""), -1);
      self->filling = FALSE;
      self->draft_saved = TRUE;
      adw_preferences_group_set_description (self->decision_group,
                                             _("Restored the decision you were writing when this window last closed."));
      return;
    }
}

/* ---- Saving ---- */

static void
saved (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(DgDecisionDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (self->save_button, TRUE);
  if (!dg_service_decide_finish (DG_SERVICE (object), result, &error))
    {
      /* Keep everything typed; say what is wrong where it is. */
      show_error (self, error->message);
      return;
    }

  /* The decision is stored: its draft goes (the worker runs jobs in order,
   * so this follows the decision's commit). */
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_saved = TRUE;
  dg_inhibit_logout (GTK_WINDOW (self), FALSE);
  dg_service_discard_draft_async (self->service, self->draft_kind, self->slot, NULL, NULL);
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DgDecisionDialog *self = DG_DECISION_DIALOG (widget);
  g_autofree char *rationale = view_text (self->rationale_view);
  g_autofree char *told = view_text (self->told_view);
  g_autofree char *told_cy = view_text (self->told_cy_view);
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
  dg_service_decide_async (self->service, self->id,
                           &(DgDecisionInput) { .outcome = outcomes[selected].id, .rationale = rationale,
                                                .report_maker_text = told, .report_maker_text_cy = told_cy,
                                                .by = *by ? by : NULL },
                           saved, g_object_ref (self));
}

static void
dg_decision_dialog_dispose (GObject *object)
{
  DgDecisionDialog *self = (DgDecisionDialog *)object;

  dg_inhibit_logout (GTK_WINDOW (self), FALSE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->draft_source, g_source_remove);
  g_clear_object (&self->service);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_DECISION_DIALOG);

  G_OBJECT_CLASS (dg_decision_dialog_parent_class)->dispose (object);
}

static void
dg_decision_dialog_finalize (GObject *object)
{
  DgDecisionDialog *self = (DgDecisionDialog *)object;

  g_free (self->draft_kind);
  g_free (self->slot);

  G_OBJECT_CLASS (dg_decision_dialog_parent_class)->finalize (object);
}

static gboolean
dg_decision_dialog_close_request (GtkWindow *window)
{
  DgDecisionDialog *self = DG_DECISION_DIALOG (window);

  /* Whatever was typed since the last autosave goes into the draft now. */
  if (self->draft_source != 0)
    save_draft_now (self);

  return GTK_WINDOW_CLASS (dg_decision_dialog_parent_class)->close_request (window);
}

static void
dg_decision_dialog_class_init (DgDecisionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* A screen reader announces it as a dialog over the main window. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);

  object_class->dispose = dg_decision_dialog_dispose;
  object_class->finalize = dg_decision_dialog_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = dg_decision_dialog_close_request;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-decision-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DgDecisionDialog, decision_group);
  gtk_widget_class_bind_template_child (widget_class, DgDecisionDialog, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, DgDecisionDialog, by_row);
  gtk_widget_class_bind_template_child (widget_class, DgDecisionDialog, rationale_view);
  gtk_widget_class_bind_template_child (widget_class, DgDecisionDialog, told_view);
  gtk_widget_class_bind_template_child (widget_class, DgDecisionDialog, told_cy_view);
  gtk_widget_class_bind_template_child (widget_class, DgDecisionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DgDecisionDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, DgDecisionDialog, window_title);

  gtk_widget_class_install_action (widget_class, "decision.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "decision.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
dg_decision_dialog_init (DgDecisionDialog *self)
{
  g_autoptr(GtkStringList) outcomes = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  dg_help_install (GTK_WINDOW (self), "referrals");

  for (const DgTerm *t = dg_vocab_terms (DG_VOCAB_OUTCOME); t->id != NULL; t++)
    gtk_string_list_append (outcomes, dg_vocab_label (DG_VOCAB_OUTCOME, t->id));
  adw_combo_row_set_model (self->outcome_row, G_LIST_MODEL (outcomes));

  self->cancellable = g_cancellable_new ();
  self->slot = g_uuid_string_random ();
  g_signal_connect_swapped (self->outcome_row, "notify::selected", G_CALLBACK (edited), self);
  g_signal_connect_swapped (self->by_row, "changed", G_CALLBACK (edited), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->rationale_view), "changed", G_CALLBACK (edited), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->told_view), "changed", G_CALLBACK (edited), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->told_cy_view), "changed", G_CALLBACK (edited), self);
  /* Each field checked in its own language: the Welsh letter text in Welsh. */
  dg_spell_attach (self->rationale_view, "en");
  dg_spell_attach (self->told_view, "en");
  dg_spell_attach (self->told_cy_view, "cy");
}

DgDecisionDialog *
dg_decision_dialog_new (DgService  *service,
                        gint64      id,
                        const char *reference,
                        const char *by)
{
  DgDecisionDialog *self = g_object_new (DG_TYPE_DECISION_DIALOG, NULL);
  g_autofree char *title = g_strdup_printf (_("Decision on %s"), reference);
  g_auto(GStrv) busy = NULL;

  self->id = id;
  /* One kind per referral: a draft decision is about that referral only. */
  self->draft_kind = g_strdup_printf ("decision:%" G_GINT64_FORMAT, id);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_subtitle (self->window_title, reference);
  if (by != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->by_row), by);
  /* Set last, so filling in the defaults is not typing. */
  self->service = g_object_ref (service);
  gtk_widget_grab_focus (GTK_WIDGET (self->outcome_row));
  busy = dg_draft_slots_held (GTK_WINDOW (self), slot_of);
  dg_service_list_drafts_async (service, self->draft_kind, (const char * const *) busy, self->cancellable,
                                drafts_listed, g_object_ref (self));

  return self;
}

gboolean
dg_decision_dialog_is_draft_saved (DgDecisionDialog *self)
{
  g_return_val_if_fail (DG_IS_DECISION_DIALOG (self), FALSE);
  return self->draft_saved && self->draft_source == 0;
}

gboolean
dg_decision_dialog_is_ready (DgDecisionDialog *self)
{
  g_return_val_if_fail (DG_IS_DECISION_DIALOG (self), FALSE);
  return self->ready;
}
