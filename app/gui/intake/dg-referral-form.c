/* The intake form: a window in which a practitioner logs a referral while
 * the report-maker is on the phone. Its widgets are built in
 * dg-referral-form-fields.c and read and written as the core's document in
 * dg-referral-form-document.c; this file is what the form does: the draft
 * kept as it is typed, the checks and look-ups as the person types, the
 * errors shown where their field is, saving and discarding. */

#include "config.h"

#include <glib/gi18n.h>

#include "dg-draft-slots.h"
#include "dg-drafts.h"
#include "dg-format.h"
#include "dg-referral-form-private.h"
#include "dg-register-banner.h"
#include "dg-service-register.h"
#include "dg-time.h"
#include "dg-vocab.h"
#include "dg-help.h"
#include "dg-inhibit.h"

#define DRAFT_KIND DG_DRAFT_REFERRAL

G_DEFINE_FINAL_TYPE (DgReferralForm, dg_referral_form, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Inline errors ------------------------------------------------------------ */

static void
clear_error (DgReferralForm *self)
{
  GtkWidget *labels[] = { self->report_error, self->reporter_error, self->concern_error };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    dg_referral_form_show_error_line (labels[i], NULL, FALSE);
  for (guint i = 0; i < self->children->len; i++)
    dg_referral_form_show_error_line (g_array_index (self->children, ChildRows, i).error, NULL, FALSE);
  for (guint i = 0; i < self->household->len; i++)
    dg_referral_form_show_error_line (g_array_index (self->household, ExtraRows, i).error, NULL, FALSE);
  for (guint i = 0; i < self->agencies->len; i++)
    dg_referral_form_show_error_line (g_array_index (self->agencies, ExtraRows, i).error, NULL, FALSE);

  if (self->error_widget != NULL)
    {
      gtk_widget_remove_css_class (self->error_widget, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->error_widget), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_FALSE, -1);
      g_clear_weak_pointer (&self->error_widget);
    }
}

/* Shows @error next to the field it names; returns that field. */
static GtkWidget *
show_error (DgReferralForm *self,
            const GError   *error)
{
  const char *field = dg_error_get_field (error);
  GtkWidget *label = NULL;
  GtkWidget *widget;

  clear_error (self);

  /* The error names its field as data: the message beside it speaks to
   * the person, with no JSON path in it. */
  widget = dg_referral_form_widget_for_path (self, field != NULL ? field : "", &label);

  gtk_label_set_text (GTK_LABEL (label), error->message);
  dg_referral_form_show_error_line (label, widget, TRUE);
  g_set_weak_pointer (&self->error_label, label);
  gtk_widget_add_css_class (widget, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID,
                               GTK_ACCESSIBLE_INVALID_TRUE, -1);
  g_set_weak_pointer (&self->error_widget, widget);

  return widget;
}

/* The part of the form that shows @widget: its row, when it is in one. */
static GtkWidget *
shown_part (GtkWidget *widget)
{
  GtkWidget *row = GTK_IS_LIST_BOX_ROW (widget) ? widget : gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);

  return row != NULL ? row : widget;
}

/* Scrolls so that the refused field and the message under it are both on
 * screen (the field first, should they not fit together), from the frame
 * after the message is shown, once it has its place, and again on the
 * next few frames should anything (a layout still settling, the scroll to
 * the focus) move them. */
static gboolean
reveal_tick (GtkWidget     *scroller,
             GdkFrameClock *clock,
             gpointer       data)
{
  DgReferralForm *self = data;
  GtkWidget *content = gtk_scrolled_window_get_child (self->scroller);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  GtkWidget *widget = self->error_widget;
  GtkWidget *label = self->error_label;
  graphene_rect_t field_box, label_box;
  double top, bottom, value, page, wanted;

  /* Measured in the scrolled content, which the scrolled window holds in a
   * viewport of its own: the adjustment's value is an offset into it. */
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  if (++self->reveal_frames < 2)
    return G_SOURCE_CONTINUE;
  if (widget == NULL || content == NULL || self->reveal_frames > 30 ||
      !gtk_widget_compute_bounds (shown_part (widget), content, &field_box))
    {
      self->reveal_tick = 0;
      return G_SOURCE_REMOVE;
    }
  top = field_box.origin.y;
  bottom = field_box.origin.y + field_box.size.height;
  if (label != NULL && gtk_widget_get_mapped (label) &&
      gtk_widget_compute_bounds (shown_part (label), content, &label_box))
    {
      top = MIN (top, label_box.origin.y);
      bottom = MAX (bottom, label_box.origin.y + label_box.size.height);
    }
  /* A little room around, as the eye needs. */
  top -= 12;
  bottom += 12;

  value = wanted = gtk_adjustment_get_value (adj);
  page = gtk_adjustment_get_page_size (adj);
  if (bottom - top > page || top < value)
    wanted = top;
  else if (bottom > value + page)
    wanted = bottom - page;
  if (ABS (wanted - value) >= 1)
    gtk_adjustment_set_value (adj, wanted);
  else if (self->reveal_frames >= 6)
    {
      /* In view, and it stayed there. */
      self->reveal_tick = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* The refused field focused, and it and its message scrolled into view. */
static void
reveal_error (DgReferralForm *self,
              GtkWidget      *widget)
{
  gtk_widget_grab_focus (widget);
  if (self->reveal_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->scroller), self->reveal_tick);
  self->reveal_frames = 0;
  self->reveal_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->scroller), reveal_tick, self, NULL);
}

/* ---- Autosave, validation and matching as the person types --------------- */

static void
draft_saved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DgReferralForm) self = user_data;
  g_autoptr(GError) error = NULL;

  self->draft_saved = dg_service_save_draft_finish (DG_SERVICE (object), result, &error);
  /* The person is told, not a log: what they typed is still on screen. */
  if (!self->draft_saved && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("What you are typing cannot be kept as a draft just now: %s Keep this window open and save the referral when you can."),
                                                  error->message);
      gtk_label_set_text (self->draft_error, message);
      gtk_widget_set_visible (GTK_WIDGET (self->draft_error), TRUE);
    }
  else if (self->draft_saved)
    gtk_widget_set_visible (GTK_WIDGET (self->draft_error), FALSE);
}

static void
save_draft_now (DgReferralForm *self)
{
  g_autoptr(JsonObject) doc = dg_referral_form_build_document (self);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), doc);
  g_autofree char *text = json_to_string (node, FALSE);

  g_clear_handle_id (&self->draft_source, g_source_remove);
  dg_service_save_draft_async (self->service, DRAFT_KIND, self->slot, text, draft_saved, g_object_ref (self));
}

static gboolean
draft_timeout (gpointer data)
{
  DgReferralForm *self = data;

  self->draft_source = 0;
  save_draft_now (self);
  return G_SOURCE_REMOVE;
}

/* Whether @error refuses a field left empty: a name not typed yet, say. */
static gboolean
refuses_empty_field (DgReferralForm *self,
                     const GError   *error,
                     GtkWidget     **widget)
{
  const char *field = dg_error_get_field (error);
  GtkWidget *label;

  *widget = dg_referral_form_widget_for_path (self, field != NULL ? field : "", &label);
  return GTK_IS_EDITABLE (*widget) && dg_referral_form_entry_text (*widget) == NULL;
}

static void
validated (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DgReferralForm) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *widget;

  dg_service_validate_finish (DG_SERVICE (object), result, &error);
  if (error == NULL)
    clear_error (self);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  else if (!refuses_empty_field (self, error, &widget))
    show_error (self, error);
  /* A field not typed into yet (a household member just added, a child's
   * name still to come) is not worth a red line as the person types; Save
   * says it, and what Save said stays until the field is filled. */
  else if (widget != self->error_widget)
    clear_error (self);
}

static gboolean
validate_timeout (gpointer data)
{
  DgReferralForm *self = data;
  g_autoptr(JsonObject) doc = dg_referral_form_build_document (self);

  self->validate_source = 0;
  dg_service_validate_async (self->service, doc, self->cancellable, validated, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
link_toggled (GtkCheckButton *check,
              DgReferralForm *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (check), "dg-id");

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->links, g_memdup2 (id, sizeof *id));
  else
    g_hash_table_remove (self->links, id);
  dg_referral_form_schedule_changes (self);
}

static void
similar_found (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DgReferralForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) matches = dg_service_similar_finish (DG_SERVICE (object), result, &error);
  GtkWidget *child;

  if (matches == NULL)
    return;

  while ((child = gtk_widget_get_first_child (self->similar_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->similar_list), child);

  for (guint i = 0; i < matches->len; i++)
    {
      const DgReferralMatch *m = g_ptr_array_index (matches, i);
      gint64 id = m->id;
      g_autofree char *received = dg_format_time (m->received_at);
      g_autofree char *title = g_strdup_printf ("%s · %s", m->child, m->reference);
      g_autofree char *subtitle = g_strdup_printf (_("Born %s · received %s · %s"),
                                                   m->dob ? m->dob : "—",
                                                   received,
                                                   m->outcome ? dg_vocab_label (DG_VOCAB_OUTCOME, m->outcome) : _("not decided"));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new_with_label (_("Same child"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_object_set_data_full (G_OBJECT (check), "dg-id", g_memdup2 (&id, sizeof id), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_hash_table_contains (self->links, &id));
      g_signal_connect (check, "toggled", G_CALLBACK (link_toggled), self);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (GTK_LIST_BOX (self->similar_list), row);
    }

  gtk_widget_set_visible (self->similar_group, matches->len > 0);
}

/* The first child's times on the register, found by name and date of birth. */
static void
register_found (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DgReferralForm) self = user_data;
  g_autoptr(GPtrArray) periods = dg_service_register_history_finish (DG_SERVICE (object), result, NULL);
  g_autofree char *text = periods != NULL ? dg_register_banner_text (NULL, periods, FALSE, 0) : NULL;

  if (periods == NULL)
    return;
  gtk_label_set_text (self->register_banner, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->register_banner), text != NULL);
}

static gboolean
similar_timeout (gpointer data)
{
  DgReferralForm *self = data;
  ChildRows *c = &g_array_index (self->children, ChildRows, 0);
  const char *name = dg_referral_form_entry_text (c->name);
  const char *dob = dg_referral_form_entry_text (c->dob);
  g_autofree char *stored_dob = NULL;
  GDate date;

  self->similar_source = 0;
  /* Matched as stored: a date typed 14/03/2017 is 2017-03-14; one not yet
   * a date plays no part. */
  if (dob != NULL && dg_date_parse_typed (dob, "dob", 0, &date, NULL))
    stored_dob = dg_date_to_string (&date);
  if (name == NULL || g_utf8_strlen (name, -1) < 3)
    {
      gtk_widget_set_visible (self->similar_group, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->register_banner), FALSE);
      return G_SOURCE_REMOVE;
    }
  dg_service_similar_async (self->service, name, stored_dob, self->cancellable,
                            similar_found, g_object_ref (self));
  dg_service_register_history_async (self->service, name, stored_dob, self->cancellable,
                                     register_found, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

void
dg_referral_form_schedule_changes (DgReferralForm *self)
{
  if (self->filling || self->service == NULL)
    return;

  self->draft_saved = FALSE;
  self->typed = TRUE;
  dg_inhibit_logout (GTK_WINDOW (self), TRUE);
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_source = g_timeout_add (500, draft_timeout, self);
  g_clear_handle_id (&self->validate_source, g_source_remove);
  self->validate_source = g_timeout_add (400, validate_timeout, self);
  g_clear_handle_id (&self->similar_source, g_source_remove);
  self->similar_source = g_timeout_add (250, similar_timeout, self);
}

/* ---- Report-makers as you type ------------------------------------------------ */

void
dg_referral_form_reporter_edited (DgReferralForm *self)
{
  /* Editing a picked report-maker makes a new one. */
  if (!self->filling)
    self->reporter_id = 0;
}

void
dg_referral_form_reporter_chosen (GtkListBox     *box,
                                  GtkListBoxRow  *row,
                                  DgReferralForm *self)
{
  const DgReporterMatch *p = g_ptr_array_index (self->reporter_matches, gtk_list_box_row_get_index (row));

  self->filling = TRUE;
  dg_referral_form_fill_reporter (self, p);
  self->filling = FALSE;
  self->reporter_id = p->id;

  gtk_widget_set_visible (self->reporter_list, FALSE);
  gtk_widget_grab_focus (g_array_index (self->children, ChildRows, 0).name);
  dg_referral_form_schedule_changes (self);
}

static void
reporters_found (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DgReferralForm) self = user_data;
  GPtrArray *matches = dg_service_reporters_finish (DG_SERVICE (object), result, NULL);
  GtkWidget *child;

  if (matches == NULL)
    return;

  g_clear_pointer (&self->reporter_matches, g_ptr_array_unref);
  self->reporter_matches = matches;
  while ((child = gtk_widget_get_first_child (self->reporter_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->reporter_list), child);

  for (guint i = 0; i < matches->len; i++)
    {
      const DgReporterMatch *p = g_ptr_array_index (matches, i);
      g_autofree char *text = g_strdup_printf ("%s — %s (%s)", p->name,
                                               p->organisation ? p->organisation : "",
                                               dg_vocab_label (DG_VOCAB_LANGUAGE, p->language));
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_append (GTK_LIST_BOX (self->reporter_list), label);
    }

  gtk_widget_set_visible (self->reporter_list, matches->len > 0);
}

static gboolean
reporter_timeout (gpointer data)
{
  DgReferralForm *self = data;
  const char *text = dg_referral_form_entry_text (self->reporter_name);

  self->reporter_source = 0;
  if (text == NULL || g_utf8_strlen (text, -1) < 2 || self->reporter_id > 0)
    gtk_widget_set_visible (self->reporter_list, FALSE);
  else
    dg_service_reporters_async (self->service, text, self->cancellable, reporters_found, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

void
dg_referral_form_reporter_name_changed (DgReferralForm *self)
{
  if (self->filling)
    return;
  g_clear_handle_id (&self->reporter_source, g_source_remove);
  self->reporter_source = g_timeout_add (200, reporter_timeout, self);
}

/* ---- Actions ------------------------------------------------------------------- */

static void
referral_added (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DgReferralForm) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = dg_service_add_referral_finish (DG_SERVICE (object), result, &error);

  gtk_widget_set_sensitive (self->save_button, TRUE);
  if (id == 0)
    {
      /* Nothing was written; what was typed stays here and in the draft. */
      reveal_error (self, show_error (self, error));
      return;
    }

  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_saved = TRUE;
  dg_inhibit_logout (GTK_WINDOW (self), FALSE);
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DgReferralForm *self = DG_REFERRAL_FORM (widget);
  g_autoptr(JsonObject) doc = dg_referral_form_build_document (self);

  g_clear_handle_id (&self->validate_source, g_source_remove);
  gtk_widget_set_sensitive (self->save_button, FALSE);
  dg_service_add_referral_async (self->service, doc, self->slot, referral_added, g_object_ref (self));
}

static void
reset_form (DgReferralForm *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *received = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autoptr(JsonObject) empty = json_object_new ();
  JsonArray *children = json_array_new ();

  while (self->children->len > 1)
    {
      gtk_box_remove (GTK_BOX (self->children_box), g_array_index (self->children, ChildRows, self->children->len - 1).group);
      g_array_remove_index (self->children, self->children->len - 1);
    }
  /* One child, every field of it empty. */
  json_array_add_object_element (children, json_object_new ());
  json_object_set_array_member (empty, "children", children);
  dg_referral_form_fill_from_document (self, empty);
  dg_referral_form_set_entry (self->received, received);
  g_hash_table_remove_all (self->links);
  self->reporter_id = 0;
  clear_error (self);
}

typedef void (*DiscardFunc) (DgReferralForm *self,
                             GObject        *data);

static void
discard_confirmed (AdwMessageDialog *dialog,
                   const char       *response,
                   DgReferralForm   *self)
{
  DiscardFunc then = g_object_get_data (G_OBJECT (dialog), "dg-then");

  if (g_strcmp0 (response, "discard") == 0)
    then (self, g_object_get_data (G_OBJECT (dialog), "dg-data"));
}

/* Asks before a draft goes: it is someone's unsaved work. @then runs with
 * @self and @data once the person has chosen Discard. */
static void
confirm_discard (DgReferralForm *self,
                 const char     *name,
                 DiscardFunc     then,
                 GObject        *data)
{
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (name != NULL && *name != '\0')
    body = g_strdup_printf (_("The unsaved referral about %s will be deleted. This cannot be undone."), name);
  else
    body = g_strdup (_("The unsaved referral will be deleted. This cannot be undone."));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard This Unsaved Referral?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "dg-then", then);
  if (data != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "dg-data", g_object_ref (data), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_confirmed), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
start_again (DgReferralForm *self,
             GObject        *data)
{
  g_clear_handle_id (&self->draft_source, g_source_remove);
  dg_service_discard_draft_async (self->service, DRAFT_KIND, self->slot, NULL, NULL);
  reset_form (self);
  /* Emptying the form is not typing: no empty draft comes back later. */
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_saved = TRUE;
  dg_inhibit_logout (GTK_WINDOW (self), FALSE);
  gtk_revealer_set_reveal_child (self->draft_revealer, FALSE);
  gtk_widget_grab_focus (self->reporter_name);
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DgReferralForm *self = DG_REFERRAL_FORM (widget);

  confirm_discard (self, dg_referral_form_entry_text (g_array_index (self->children, ChildRows, 0).name), start_again, NULL);
}

static gboolean
dg_referral_form_close_request (GtkWindow *window)
{
  DgReferralForm *self = DG_REFERRAL_FORM (window);

  /* Whatever was typed since the last autosave goes into the draft now. */
  if (self->draft_source != 0)
    save_draft_now (self);

  return GTK_WINDOW_CLASS (dg_referral_form_parent_class)->close_request (window);
}

static const char *
slot_of (GtkWindow *window)
{
  return DG_REFERRAL_FORM (window)->slot;
}

/* Carries on with @draft in this window: its slot becomes this window's. */
static void
open_draft (DgReferralForm *self,
            JsonObject     *draft)
{
  JsonNode *body = json_object_get_member (draft, "body");

  /* What this window already held stays a draft of its own. */
  if (self->draft_source != 0)
    save_draft_now (self);
  g_free (self->slot);
  self->slot = g_strdup (json_object_get_string_member (draft, "slot"));
  reset_form (self);
  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    dg_referral_form_fill_from_document (self, json_node_get_object (body));
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_saved = TRUE;
  gtk_widget_set_visible (self->drafts_group, FALSE);
  gtk_revealer_set_reveal_child (self->draft_revealer, TRUE);
}

static const char *
draft_child (JsonObject *draft)
{
  JsonNode *body = json_object_get_member (draft, "body");
  JsonArray *children;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body) ||
      !json_object_has_member (json_node_get_object (body), "children"))
    return NULL;
  children = json_object_get_array_member (json_node_get_object (body), "children");
  if (children == NULL || json_array_get_length (children) == 0)
    return NULL;
  return dg_json_text (json_array_get_object_element (children, 0), "name");
}

static void
update_drafts_title (DgReferralForm *self)
{
  g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unsaved referral", "%u unsaved referrals", self->n_drafts),
                                            self->n_drafts);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->drafts_group), title);
  gtk_widget_set_visible (self->drafts_group, self->n_drafts > 0);
}

static void
draft_row_discarded (DgReferralForm *self,
                     GObject        *row)
{
  JsonObject *draft = g_object_get_data (row, "dg-draft");

  dg_service_discard_draft_async (self->service, DRAFT_KIND, json_object_get_string_member (draft, "slot"), NULL, NULL);
  gtk_list_box_remove (GTK_LIST_BOX (self->drafts_list), GTK_WIDGET (row));
  self->n_drafts--;
  update_drafts_title (self);
}

static void
draft_row_discard_clicked (GtkButton *button,
                           GtkWidget *row)
{
  DgReferralForm *self = DG_REFERRAL_FORM (gtk_widget_get_root (row));

  confirm_discard (self, draft_child (g_object_get_data (G_OBJECT (row), "dg-draft")), draft_row_discarded, G_OBJECT (row));
}

static void
draft_row_open_clicked (GtkButton *button,
                        GtkWidget *row)
{
  DgReferralForm *self = DG_REFERRAL_FORM (gtk_widget_get_root (row));

  open_draft (self, g_object_get_data (G_OBJECT (row), "dg-draft"));
  gtk_widget_grab_focus (self->reporter_name);
}

static GtkWidget *
draft_row_new (JsonObject *draft)
{
  const char *child = draft_child (draft);
  g_autofree char *saved = dg_format_time (json_object_get_string_member (draft, "updated_at"));
  g_autofree char *subtitle = g_strdup_printf (_("Last typed %s"), saved);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open"));
  GtkWidget *discard = gtk_button_new_with_mnemonic (_("_Discard…"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), child ? child : _("No child’s name yet"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), "dg-draft", json_object_ref (draft), (GDestroyNotify) json_object_unref);
  for (GtkWidget *b = open; b != NULL; b = b == open ? discard : NULL)
    {
      gtk_widget_set_valign (b, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), b);
    }
  /* The buttons say which referral they act on to a screen reader. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (open), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, row, NULL, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (discard), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, row, NULL, -1);
  gtk_widget_add_css_class (discard, "flat");
  g_signal_connect (open, "clicked", G_CALLBACK (draft_row_open_clicked), row);
  g_signal_connect (discard, "clicked", G_CALLBACK (draft_row_discard_clicked), row);
  return row;
}

static void
drafts_listed (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DgReferralForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = dg_service_list_drafts_finish (DG_SERVICE (object), result, &error);
  g_autoptr(GPtrArray) drafts = NULL;

  self->ready = TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  drafts = dg_draft_slots_unheld (node, GTK_WINDOW (self), slot_of);

  /* One draft comes straight back, as the window left it; several are
   * listed for the person to choose, since only they know which is which. */
  if (drafts->len == 1 && !self->typed)
    {
      open_draft (self, g_ptr_array_index (drafts, 0));
      return;
    }
  for (guint i = 0; i < drafts->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->drafts_list), draft_row_new (g_ptr_array_index (drafts, i)));
  self->n_drafts = drafts->len;
  update_drafts_title (self);
}

/* ---- Object ---------------------------------------------------------------------- */

static void
dg_referral_form_dispose (GObject *object)
{
  DgReferralForm *self = (DgReferralForm *)object;

  /* Closed: what was typed is kept as a draft, and logging out may go on. */
  dg_inhibit_logout (GTK_WINDOW (self), FALSE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->draft_source, g_source_remove);
  g_clear_handle_id (&self->validate_source, g_source_remove);
  g_clear_handle_id (&self->similar_source, g_source_remove);
  g_clear_handle_id (&self->reporter_source, g_source_remove);
  if (self->reveal_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->scroller), self->reveal_tick);
  self->reveal_tick = 0;
  g_clear_weak_pointer (&self->error_widget);
  g_clear_weak_pointer (&self->error_label);
  g_clear_object (&self->service);
  g_clear_pointer (&self->reporter_matches, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_REFERRAL_FORM);

  G_OBJECT_CLASS (dg_referral_form_parent_class)->dispose (object);
}

static void
dg_referral_form_finalize (GObject *object)
{
  DgReferralForm *self = (DgReferralForm *)object;

  g_clear_pointer (&self->children, g_array_unref);
  g_clear_pointer (&self->household, g_array_unref);
  g_clear_pointer (&self->agencies, g_array_unref);
  g_clear_pointer (&self->links, g_hash_table_unref);
  g_free (self->slot);

  G_OBJECT_CLASS (dg_referral_form_parent_class)->finalize (object);
}

static void
dg_referral_form_class_init (DgReferralFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  /* A screen reader announces it as a dialog over the main window. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);

  object_class->dispose = dg_referral_form_dispose;
  object_class->finalize = dg_referral_form_finalize;
  window_class->close_request = dg_referral_form_close_request;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-referral-form.ui");
  gtk_widget_class_bind_template_child (widget_class, DgReferralForm, scroller);
  gtk_widget_class_bind_template_child (widget_class, DgReferralForm, form_box);
  gtk_widget_class_bind_template_child (widget_class, DgReferralForm, draft_revealer);
  gtk_widget_class_bind_template_child (widget_class, DgReferralForm, draft_error);
  gtk_widget_class_bind_template_child (widget_class, DgReferralForm, register_banner);
  gtk_widget_class_bind_template_child (widget_class, DgReferralForm, save_button);

  gtk_widget_class_install_action (widget_class, "form.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "form.discard", NULL, discard_action);
  gtk_widget_class_install_action (widget_class, "form.add-child", NULL, dg_referral_form_add_child_action);
  gtk_widget_class_install_action (widget_class, "form.remove-child", "u", dg_referral_form_remove_child_action);
  gtk_widget_class_install_action (widget_class, "form.add-extra", "b", dg_referral_form_add_extra_action);
  gtk_widget_class_install_action (widget_class, "form.remove-extra", "(bu)", dg_referral_form_remove_extra_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "form.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dg_referral_form_init (DgReferralForm *self)
{
  self->children = g_array_new (FALSE, TRUE, sizeof (ChildRows));
  self->household = g_array_new (FALSE, TRUE, sizeof (ExtraRows));
  self->agencies = g_array_new (FALSE, TRUE, sizeof (ExtraRows));
  self->links = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  /* A fresh window types into a slot of its own until it reopens a draft. */
  self->slot = g_uuid_string_random ();

  gtk_widget_init_template (GTK_WIDGET (self));
  dg_help_install (GTK_WINDOW (self), "referrals");

  self->filling = TRUE;
  dg_referral_form_build_form (self);
  reset_form (self);
  self->filling = FALSE;
}

DgReferralForm *
dg_referral_form_new (DgService *service)
{
  DgReferralForm *self = g_object_new (DG_TYPE_REFERRAL_FORM, NULL);
  g_auto(GStrv) busy = NULL;

  self->service = g_object_ref (service);
  gtk_widget_grab_focus (self->reporter_name);
  busy = dg_draft_slots_held (GTK_WINDOW (self), slot_of);
  dg_service_list_drafts_async (service, DRAFT_KIND, (const char * const *) busy, self->cancellable,
                                drafts_listed, g_object_ref (self));

  return self;
}

gboolean
dg_referral_form_is_draft_saved (DgReferralForm *self)
{
  g_return_val_if_fail (DG_IS_REFERRAL_FORM (self), FALSE);
  return self->draft_saved && self->draft_source == 0;
}

gboolean
dg_referral_form_is_ready (DgReferralForm *self)
{
  g_return_val_if_fail (DG_IS_REFERRAL_FORM (self), FALSE);
  return self->ready;
}
