/* Correcting a referral after intake: its rating, its children's names (a
 * child added or removed) and the concern, until it is closed. What is
 * saved is one amendment (dg_service_amend_async ()), recorded in the
 * referral's history with what each field was before. */
#include "config.h"
#include "dg-spell.h"

#include <glib/gi18n.h>

#include "dg-amend-dialog.h"
#include "dg-discard.h"
#include "dg-error.h"
#include "dg-service.h"
#include "dg-vocab.h"
#include "dg-help.h"

struct _DgAmendDialog
{
  AdwWindow            parent_instance;

  AdwPreferencesPage  *page;
  AdwComboRow         *rating_row;
  AdwPreferencesGroup *children_group;
  GtkTextView         *concern_view;
  GtkLabel            *error_label;
  GtkWidget           *save_button;

  DgService           *service;
  DgReferral          *referral;
  /* One per child row, in order: the child as recorded (NULL for one added
   * here) beside its name's row. */
  GPtrArray           *rows;
  gboolean             saving;
  gboolean             done;
};

typedef struct
{
  const DgChild *child;
  GtkWidget     *row;
} ChildRow;

G_DEFINE_FINAL_TYPE (DgAmendDialog, dg_amend_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The ratings in the order of the Rating row: "" is none. */
static const char * const ratings[] = { "", "red", "amber", "green" };

static void
show_error (DgAmendDialog *self,
            const char    *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static const char *
rating_chosen (DgAmendDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->rating_row);

  return selected < G_N_ELEMENTS (ratings) ? ratings[selected] : "";
}

static char *
concern_text (DgAmendDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->concern_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
rating_changed (DgAmendDialog *self)
{
  return g_strcmp0 (rating_chosen (self), self->referral->rag ? self->referral->rag : "") != 0;
}

static gboolean
concern_changed (DgAmendDialog *self)
{
  g_autofree char *concern = concern_text (self);

  return g_strcmp0 (concern, self->referral->concern ? self->referral->concern : "") != 0;
}

static gboolean
children_changed (DgAmendDialog *self)
{
  if (self->rows->len != self->referral->children->len)
    return TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      ChildRow *r = g_ptr_array_index (self->rows, i);

      if (r->child != &g_array_index (self->referral->children, DgChild, i) ||
          g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (r->row)), r->child->name) != 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
edited (DgAmendDialog *self)
{
  return rating_changed (self) || concern_changed (self) || children_changed (self);
}

/* ---- The children -------------------------------------------------------------------- */

static void
number_rows (DgAmendDialog *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      ChildRow *r = g_ptr_array_index (self->rows, i);
      g_autofree char *title = g_strdup_printf (_("Child %u"), i + 1);
      GtkWidget *remove = g_object_get_data (G_OBJECT (r->row), "dg-remove");
      g_autofree char *label = g_strdup_printf (_("Remove child %u"), i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->row), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      /* A referral is about at least one child. */
      gtk_widget_set_sensitive (remove, self->rows->len > 1);
    }
}

static void
remove_clicked (GtkButton     *button,
                DgAmendDialog *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "dg-row");

  for (guint i = 0; i < self->rows->len; i++)
    if (((ChildRow *) g_ptr_array_index (self->rows, i))->row == row)
      {
        adw_preferences_group_remove (self->children_group, row);
        g_ptr_array_remove_index (self->rows, i);
        break;
      }
  number_rows (self);
  /* Focus stays in the list, on the child now in that place or the last. */
  if (self->rows->len > 0)
    gtk_widget_grab_focus (((ChildRow *) g_ptr_array_index (self->rows, self->rows->len - 1))->row);
}

static GtkWidget *
add_row (DgAmendDialog *self,
         const DgChild *child)
{
  ChildRow *r = g_new0 (ChildRow, 1);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  r->child = child;
  r->row = adw_entry_row_new ();
  if (child != NULL)
    gtk_editable_set_text (GTK_EDITABLE (r->row), child->name);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove this child from the referral"));
  g_object_set_data (G_OBJECT (remove), "dg-row", r->row);
  g_object_set_data (G_OBJECT (r->row), "dg-remove", remove);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked), self);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (r->row), remove);
  adw_preferences_group_add (self->children_group, r->row);
  g_ptr_array_add (self->rows, r);
  number_rows (self);
  return r->row;
}

static void
add_child_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  DgAmendDialog *self = DG_AMEND_DIALOG (widget);

  gtk_widget_grab_focus (add_row (self, NULL));
}

/* ---- Saving ------------------------------------------------------------------------------ */

static void
saved (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(DgAmendDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  const char *field;
  guint index;

  self->saving = FALSE;
  gtk_widget_set_sensitive (self->save_button, TRUE);
  if (!dg_service_amend_finish (DG_SERVICE (object), result, &error))
    {
      /* Everything typed stays; the message says what to do. */
      show_error (self, error->message);
      field = dg_error_get_field (error);
      if (field != NULL && sscanf (field, "children[%u]", &index) == 1 && index < self->rows->len)
        gtk_widget_grab_focus (((ChildRow *) g_ptr_array_index (self->rows, index))->row);
      return;
    }
  self->done = TRUE;
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DgAmendDialog *self = DG_AMEND_DIALOG (widget);
  g_autoptr(GArray) children = NULL;
  g_autofree char *concern = NULL;
  DgAmendment amendment = { .base_version = self->referral->version };

  if (self->saving)
    return;
  if (!edited (self))
    {
      self->done = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  if (rating_changed (self))
    amendment.rag = rating_chosen (self);
  if (concern_changed (self))
    amendment.concern = concern = concern_text (self);
  if (children_changed (self))
    {
      children = g_array_sized_new (FALSE, TRUE, sizeof (DgChild), self->rows->len);
      for (guint i = 0; i < self->rows->len; i++)
        {
          ChildRow *r = g_ptr_array_index (self->rows, i);
          DgChild child = { 0 };

          /* The rest of what is recorded of the child goes with it. */
          if (r->child != NULL)
            child = *r->child;
          child.name = gtk_editable_get_text (GTK_EDITABLE (r->row));
          g_array_append_val (children, child);
        }
      amendment.children = children;
    }
  show_error (self, NULL);
  self->saving = TRUE;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  /* The service copies the amendment before this returns. */
  dg_service_amend_async (self->service, self->referral->id, &amendment, saved, g_object_ref (self));
}

/* ---- Closing ----------------------------------------------------------------------------- */

static gboolean
dg_amend_dialog_close_request (GtkWindow *window)
{
  DgAmendDialog *self = DG_AMEND_DIALOG (window);

  if (self->done || self->referral == NULL || !edited (self))
    return FALSE;
  /* Nothing typed is dropped without asking. */
  return dg_discard_ask (window, _("Discard Your Changes?"), _("The corrections typed here have not been saved."));
}

static void
dg_amend_dialog_dispose (GObject *object)
{
  DgAmendDialog *self = DG_AMEND_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_AMEND_DIALOG);
  g_clear_object (&self->service);
  g_clear_pointer (&self->referral, dg_referral_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (dg_amend_dialog_parent_class)->dispose (object);
}

static void
dg_amend_dialog_class_init (DgAmendDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);
  object_class->dispose = dg_amend_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = dg_amend_dialog_close_request;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-amend-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DgAmendDialog, page);
  gtk_widget_class_bind_template_child (widget_class, DgAmendDialog, rating_row);
  gtk_widget_class_bind_template_child (widget_class, DgAmendDialog, children_group);
  gtk_widget_class_bind_template_child (widget_class, DgAmendDialog, concern_view);
  gtk_widget_class_bind_template_child (widget_class, DgAmendDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DgAmendDialog, save_button);

  gtk_widget_class_install_action (widget_class, "amend.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "amend.add-child", NULL, add_child_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "amend.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "amend.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
dg_amend_dialog_init (DgAmendDialog *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  dg_help_install (GTK_WINDOW (self), "referrals");
  dg_spell_attach (self->concern_view, "en");
  self->rows = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (model, _("Not rated"));
  for (guint i = 1; i < G_N_ELEMENTS (ratings); i++)
    gtk_string_list_append (model, dg_vocab_label (DG_VOCAB_RAG, ratings[i]));
  adw_combo_row_set_model (self->rating_row, G_LIST_MODEL (model));
}

DgAmendDialog *
dg_amend_dialog_new (DgService  *service,
                     DgReferral *referral)
{
  DgAmendDialog *self = g_object_new (DG_TYPE_AMEND_DIALOG, NULL);
  g_autofree char *title = g_strdup_printf (_("Correct %s"), referral->reference);

  g_return_val_if_fail (DG_IS_SERVICE (service), self);

  self->service = g_object_ref (service);
  self->referral = dg_referral_ref (referral);
  gtk_window_set_title (GTK_WINDOW (self), title);
  for (guint i = 0; i < G_N_ELEMENTS (ratings); i++)
    if (g_strcmp0 (ratings[i], referral->rag ? referral->rag : "") == 0)
      adw_combo_row_set_selected (self->rating_row, i);
  if (referral->concern != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->concern_view), referral->concern, -1);
  for (guint i = 0; i < referral->children->len; i++)
    add_row (self, &g_array_index (referral->children, DgChild, i));
  gtk_widget_grab_focus (GTK_WIDGET (self->rating_row));
  return self;
}
