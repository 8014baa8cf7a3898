#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dg-draft-slots.h"
#include "dg-error.h"
#include "dg-format.h"
#include "dg-service.h"
#include "dg-meeting-window-private.h"
#include "dg-vocab.h"
#include "dg-help.h"

struct _DgMeetingWindow
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toasts;
  GtkRevealer     *missing_revealer;
  GtkLabel        *missing_label;
  GtkBox          *content;

  DgService        *service;
  gint64           id;
  DgMeeting       *meeting;
  GCancellable    *cancellable;
  gboolean         ready;

  /* The last response sent, offered again when someone else's came first. */
  char            *response_agency;
  char            *response_status;

  /* Widgets of the forms, rebuilt with the content. */
  GtkWidget       *new_agency;
  GtkWidget       *new_name;
  GtkWidget       *new_org;
  GtkWidget       *determination;
  GtkWidget       *summary;
  GtkWidget       *action_text;
  GtkWidget       *when_entry;
  GtkScrolledWindow *scroller;
  AdwWindowTitle  *window_title;
  /* Where the person had scrolled to before the content was rebuilt, until
   * the new content is tall enough to go back there; -1: nowhere. */
  double           keep_scroll;
  GtkWidget       *chair_entry;
  GtkWidget       *action_owner;
  GtkWidget       *action_due;

  /* The draft of what is typed in those forms (dg-drafts.h): kept as the
   * person types, carried over every rebuild, back after a crash. */
  char            *draft_kind;
  char            *slot;
  guint            draft_source;
  gboolean         filling;
  gboolean         draft_saved;
  JsonObject      *typed;           /* to put back once the content is rebuilt */
  DgMeetingChangeKind sent;           /* the last change asked for */
};

G_DEFINE_FINAL_TYPE (DgMeetingWindow, dg_meeting_window, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reload (DgMeetingWindow *self);

/* ---- Building ---------------------------------------------------------------- */

static GtkWidget *
group (DgMeetingWindow *self,
       const char      *title,
       const char      *description)
{
  GtkWidget *g = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (g), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (g), description);
  gtk_box_append (self->content, g);
  return g;
}

static GtkWidget *
row (GtkWidget  *g,
     const char *title,
     const char *subtitle)
{
  GtkWidget *r = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (r), FALSE);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (r), subtitle);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (g), r);
  return r;
}

static GtkWidget *
button (const char *label,
        const char *action,
        GVariant   *target,
        const char *style)
{
  GtkWidget *b = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (b, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (b), action);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (b), target);
  if (style != NULL)
    gtk_widget_add_css_class (b, style);
  return b;
}

static GtkWidget *
vocab_dropdown (DgVocab     vocab,
                const char *selected,
                const char *label)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  GtkWidget *dropdown;
  guint index = 0, i = 0;

  for (const DgTerm *t = dg_vocab_terms (vocab); t->id != NULL; t++, i++)
    {
      gtk_string_list_append (list, dg_vocab_label (vocab, t->id));
      if (g_strcmp0 (t->id, selected) == 0)
        index = i;
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (list)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), index);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return dropdown;
}

static const char *
dropdown_id (GtkWidget *dropdown,
             DgVocab    vocab)
{
  return dg_vocab_terms (vocab)[gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown))].id;
}

static GtkWidget *
entry_row (GtkWidget  *g,
           const char *title)
{
  GtkWidget *r = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (r), TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (g), r);
  return r;
}

static const char *
text_or_null (GtkWidget *editable)
{
  const char *t = gtk_editable_get_text (GTK_EDITABLE (editable));
  return *t ? t : NULL;
}

/* ---- The draft ------------------------------------------------------------------ */

static void
set_text_member (JsonObject *o,
                 const char *name,
                 GtkWidget  *editable)
{
  if (editable != NULL && *gtk_editable_get_text (GTK_EDITABLE (editable)) != '\0')
    json_object_set_string_member (o, name, gtk_editable_get_text (GTK_EDITABLE (editable)));
}

/* What is typed and not yet recorded; empty when nothing is. */
static JsonObject *
collect_typed (DgMeetingWindow *self)
{
  JsonObject *o = json_object_new ();

  set_text_member (o, "name", self->new_name);
  set_text_member (o, "org", self->new_org);
  set_text_member (o, "action", self->action_text);
  set_text_member (o, "owner", self->action_owner);
  set_text_member (o, "due", self->action_due);
  /* The time and chair as corrected, when they differ from the record. */
  if (self->meeting != NULL && self->when_entry != NULL)
    {
      g_autofree char *shown = dg_format_time_for_entry (self->meeting->at);

      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->when_entry)), shown) != 0)
        json_object_set_string_member (o, "when", gtk_editable_get_text (GTK_EDITABLE (self->when_entry)));
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->chair_entry)), self->meeting->chair ? self->meeting->chair : "") != 0)
        json_object_set_string_member (o, "chair", gtk_editable_get_text (GTK_EDITABLE (self->chair_entry)));
    }
  if (self->summary != NULL)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->summary));
      GtkTextIter start, end;
      g_autofree char *summary = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      summary = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (*summary != '\0')
        json_object_set_string_member (o, "summary", summary);
      if (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->determination)) != 0)
        json_object_set_string_member (o, "determination", dropdown_id (self->determination, DG_VOCAB_DETERMINATION));
    }
  return o;
}

static void
put_text (GtkWidget  *editable,
          JsonObject *o,
          const char *name)
{
  if (editable != NULL && json_object_has_member (o, name))
    gtk_editable_set_text (GTK_EDITABLE (editable), json_object_get_string_member (o, name));
}

static void
apply_typed (DgMeetingWindow *self,
             JsonObject      *o)
{
  self->filling = TRUE;
  put_text (self->new_name, o, "name");
  put_text (self->new_org, o, "org");
  put_text (self->action_text, o, "action");
  put_text (self->action_owner, o, "owner");
  put_text (self->action_due, o, "due");
  put_text (self->when_entry, o, "when");
  put_text (self->chair_entry, o, "chair");
  if (self->summary != NULL)
    {
      const char *determination = json_object_get_string_member_with_default (o, "determination", NULL);

      if (json_object_has_member (o, "summary"))
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->summary)),
                                  json_object_get_string_member (o, "summary"), -1);
      for (guint i = 0; determination != NULL && dg_vocab_terms (DG_VOCAB_DETERMINATION)[i].id != NULL; i++)
        if (g_str_equal (dg_vocab_terms (DG_VOCAB_DETERMINATION)[i].id, determination))
          gtk_drop_down_set_selected (GTK_DROP_DOWN (self->determination), i);
    }
  self->filling = FALSE;
}

static void
draft_saved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DgMeetingWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The draft saved, or discarded when nothing was typed. */
  if (g_async_result_is_tagged (result, dg_service_discard_draft_async))
    self->draft_saved = dg_service_discard_draft_finish (DG_SERVICE (object), result, &error);
  else
    self->draft_saved = dg_service_save_draft_finish (DG_SERVICE (object), result, &error);
  if (!self->draft_saved)
    {
      g_autofree char *message = g_strdup_printf (_("What you are typing cannot be kept as a draft just now: %s Keep this window open and record it when you can."),
                                                  error->message);
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
    }
}

/* Saves @typed as the draft, or discards the draft when nothing is typed. */
static void
save_draft (DgMeetingWindow *self,
            JsonObject      *typed)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), typed);
  g_autofree char *text = json_to_string (node, FALSE);

  g_clear_handle_id (&self->draft_source, g_source_remove);
  if (json_object_get_size (typed) == 0)
    dg_service_discard_draft_async (self->service, self->draft_kind, self->slot, draft_saved, g_object_ref (self));
  else
    dg_service_save_draft_async (self->service, self->draft_kind, self->slot, text, draft_saved, g_object_ref (self));
}

static gboolean
draft_timeout (gpointer data)
{
  DgMeetingWindow *self = data;
  g_autoptr(JsonObject) typed = collect_typed (self);

  self->draft_source = 0;
  save_draft (self, typed);
  return G_SOURCE_REMOVE;
}

static void
edited (DgMeetingWindow *self)
{
  if (self->filling)
    return;
  self->draft_saved = FALSE;
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_source = g_timeout_add (500, draft_timeout, self);
}

static const char *
slot_of (GtkWindow *window)
{
  return DG_MEETING_WINDOW (window)->slot;
}

static void
drafts_listed (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DgMeetingWindow) self = user_data;
  g_autoptr(JsonNode) node = dg_service_list_drafts_finish (DG_SERVICE (object), result, NULL);
  g_autoptr(GPtrArray) drafts = NULL;

  if (self->draft_source != 0)
    return;  /* the person has started typing here already */

  drafts = dg_draft_slots_unheld (node, GTK_WINDOW (self), slot_of);
  /* The newest one no other window holds comes back into this window. */
  for (guint i = 0; i < drafts->len; i++)
    {
      JsonObject *draft = g_ptr_array_index (drafts, i);
      JsonNode *body = json_object_get_member (draft, "body");

      if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
        continue;

      g_free (self->slot);
      self->slot = g_strdup (json_object_get_string_member (draft, "slot"));
      g_clear_pointer (&self->typed, json_object_unref);
      self->typed = json_object_ref (json_node_get_object (body));
      self->draft_saved = TRUE;
      if (self->meeting != NULL)
        apply_typed (self, self->typed);
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Restored what you were typing when this window last closed")));
      return;
    }
}

/* ---- Changes ------------------------------------------------------------------- */


static void
response_conflict_response (AdwMessageDialog *dialog,
                            const char       *response,
                            DgMeetingWindow  *self)
{
  if (g_str_equal (response, "mine"))
    dg_meeting_window_change (self, &(DgMeetingChange) { DG_MEETING_RESPONSE, .agency = self->response_agency,
                                       .status = self->response_status });
}

/* Someone recorded this agency's response after this window showed it: the
 * window shows theirs, and the person chooses which stands. */
static void
response_conflict (DgMeetingWindow *self,
                   const char      *message)
{
  GtkWidget *dialog;
  /* The error's message is a sentence already: its field stays apart. */
  g_autofree char *body = g_strconcat (message, ".", NULL);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Someone Else Changed This Response"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "theirs", _("_Keep Theirs"),
                                    "mine", _("_Use Mine"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "mine", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "theirs");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "theirs");
  g_signal_connect_object (dialog, "response", G_CALLBACK (response_conflict_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
changed (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DgMeetingWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = dg_service_meeting_change_finish (DG_SERVICE (object), result, &error);
  static const char * const recorded[][4] = {
    [DG_MEETING_INVITE] = { "name", "org" },
    [DG_MEETING_OUTCOME] = { "summary", "determination" },
    [DG_MEETING_ACTION] = { "action", "owner", "due" },
    [DG_MEETING_AMEND] = { "when", "chair" },
  };

  /* The content is rebuilt below: what is typed goes back into it, less
   * what has just been recorded, and the draft follows. */
  g_clear_pointer (&self->typed, json_object_unref);
  self->typed = collect_typed (self);
  for (guint i = 0; ok && self->sent < G_N_ELEMENTS (recorded) && i < G_N_ELEMENTS (recorded[0]) && recorded[self->sent][i]; i++)
    json_object_remove_member (self->typed, recorded[self->sent][i]);
  if (ok || self->draft_source != 0)
    save_draft (self, self->typed);

  if (!ok)
    {
      if (g_error_matches (error, DG_ERROR, DG_ERROR_CONFLICT))
        {
          response_conflict (self, error->message);
          reload (self);
          return;
        }
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      /* What is shown is what is saved, not what failed to be. */
      reload (self);
      return;
    }

  g_signal_emit (self, signals[CHANGED], 0);
  reload (self);
}

void
dg_meeting_window_change (DgMeetingWindow       *self,
                          const DgMeetingChange *what)
{
  self->ready = FALSE;
  self->sent = what->kind;
  dg_service_meeting_change_async (self->service, self->id, what, changed, g_object_ref (self));
}

static void
response_changed (GtkDropDown     *dropdown,
                  GParamSpec      *pspec,
                  DgMeetingWindow *self)
{
  const char *agency = g_object_get_data (G_OBJECT (dropdown), "dg-agency");
  const char *was = g_object_get_data (G_OBJECT (dropdown), "dg-was");

  g_free (self->response_agency);
  g_free (self->response_status);
  self->response_agency = g_strdup (agency);
  self->response_status = g_strdup (dropdown_id (GTK_WIDGET (dropdown), DG_VOCAB_RESPONSE));
  dg_meeting_window_change (self, &(DgMeetingChange) { DG_MEETING_RESPONSE, .agency = agency, .status = self->response_status, .was = was });
  /* A second choice before the window reloads is made over this one. */
  g_object_set_data_full (G_OBJECT (dropdown), "dg-was", g_strdup (self->response_status), g_free);
}

static void
invite_expected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  DgMeetingWindow *self = DG_MEETING_WINDOW (widget);
  const char *agency = g_variant_get_string (param, NULL);

  dg_meeting_window_change (self, &(DgMeetingChange) { DG_MEETING_INVITE_EXPECTED, .agency = *agency ? agency : NULL });
}

static void
invite_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DgMeetingWindow *self = DG_MEETING_WINDOW (widget);

  dg_meeting_window_change (self, &(DgMeetingChange) { DG_MEETING_INVITE, .agency = dropdown_id (self->new_agency, DG_VOCAB_MEETING_AGENCY),
                                     .name = text_or_null (self->new_name),
                                     .organisation = text_or_null (self->new_org) });
}

static void
not_invited_response (AdwMessageDialog *dialog,
                      const char       *response,
                      DgMeetingWindow  *self)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  const char *agency = g_object_get_data (G_OBJECT (dialog), "dg-agency");

  if (g_strcmp0 (response, "record") == 0)
    dg_meeting_window_change (self, &(DgMeetingChange) { DG_MEETING_NOT_INVITED, .agency = agency,
                                       .reason = gtk_editable_get_text (GTK_EDITABLE (entry)) });
}

static void
reason_changed (GtkEditable      *entry,
                AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  /* No reason, no exception: the button waits for one. */
  adw_message_dialog_set_response_enabled (dialog, "record", *text != '\0');
}

static void
not_invited_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DgMeetingWindow *self = DG_MEETING_WINDOW (widget);
  const char *agency = g_variant_get_string (param, NULL);
  g_autofree char *heading = g_strdup_printf (_("Not Inviting %s?"), dg_vocab_label (DG_VOCAB_MEETING_AGENCY, agency));
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                              _("The procedures expect this agency. Record why it is not invited; the reason is kept with the meeting."));
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "record", _("_Record Reason"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "record", FALSE);
  /* Return records the reason once there is one. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  g_object_set_data_full (G_OBJECT (dialog), "dg-agency", g_strdup (agency), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (not_invited_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
outcome_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DgMeetingWindow *self = DG_MEETING_WINDOW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->summary));
  GtkTextIter start, end;
  g_autofree char *summary = NULL;
  const char *determination = dropdown_id (self->determination, DG_VOCAB_DETERMINATION);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  summary = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  /* One choice: every determination but "none" is an enquiry's finding. */
  dg_meeting_window_change (self, &(DgMeetingChange) { DG_MEETING_OUTCOME,
                                     .determination = determination,
                                     .summary = *summary ? summary : NULL,
                                     .s47 = !g_str_equal (determination, "none") });
}

static void
add_action_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  DgMeetingWindow *self = DG_MEETING_WINDOW (widget);

  dg_meeting_window_change (self, &(DgMeetingChange) { DG_MEETING_ACTION, .action = gtk_editable_get_text (GTK_EDITABLE (self->action_text)),
                                     .owner = text_or_null (self->action_owner),
                                     .due = text_or_null (self->action_due) });
}

static void
amend_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DgMeetingWindow *self = DG_MEETING_WINDOW (widget);
  g_autofree char *shown = dg_format_time_for_entry (self->meeting->at);
  const char *when = gtk_editable_get_text (GTK_EDITABLE (self->when_entry));
  const char *chair = gtk_editable_get_text (GTK_EDITABLE (self->chair_entry));

  /* Only what differs from what is shown is sent. */
  dg_meeting_window_change (self, &(DgMeetingChange) { DG_MEETING_AMEND,
                                     .at = g_strcmp0 (when, shown) != 0 ? when : NULL,
                                     .chair = g_strcmp0 (chair, self->meeting->chair ? self->meeting->chair : "") != 0
                                              ? chair : NULL });
}

/* ---- Showing ------------------------------------------------------------------- */

static void
scroll_range_changed (GtkAdjustment   *adjustment,
                      DgMeetingWindow *self)
{
  double upper = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  if (self->keep_scroll <= 0)
    return;
  gtk_adjustment_set_value (adjustment, MIN (self->keep_scroll, upper));
  if (upper >= self->keep_scroll)
    self->keep_scroll = -1;
}

static char *
agency_list (const char * const *agencies)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; agencies[i] != NULL; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", dg_vocab_label (DG_VOCAB_MEETING_AGENCY, agencies[i]));
  return g_string_free (s, FALSE);
}

static void
show (DgMeetingWindow *self)
{
  const DgMeeting *m = self->meeting;
  guint n_missing = g_strv_length (m->missing);
  g_autofree char *title = g_strdup_printf ("%s · %s", dg_vocab_label (DG_VOCAB_MEETING_KIND, m->kind), m->reference);
  g_autofree char *when_text = dg_format_time_for_entry (m->at);
  GtkWidget *child, *g, *r;

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, dg_vocab_label (DG_VOCAB_MEETING_KIND, m->kind));
  adw_window_title_set_subtitle (self->window_title, m->reference);
  /* After a change the window stays where the person was. */
  self->keep_scroll = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scroller));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))) != NULL)
    gtk_box_remove (self->content, child);
  self->determination = self->summary = NULL;

  /* The banner: every expected agency not invited, by name. */
  if (n_missing > 0)
    {
      g_autofree char *names = agency_list ((const char * const *) m->missing);
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s not invited", "Not invited: %s",
                                                            n_missing), names);
      gtk_label_set_text (self->missing_label, text);
    }
  gtk_revealer_set_reveal_child (self->missing_revealer, n_missing > 0);

  /* When and who chairs stay correctable; each correction is audited. */
  g = group (self, title, NULL);
  self->when_entry = entry_row (g, _("_When (YYYY-MM-DD HH:MM)"));
  gtk_editable_set_text (GTK_EDITABLE (self->when_entry), when_text);
  self->chair_entry = entry_row (g, _("C_hair"));
  gtk_editable_set_text (GTK_EDITABLE (self->chair_entry), m->chair ? m->chair : "");
  r = row (g, "", NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (r), button (_("_Correct Time and Chair"), "meeting.amend", NULL, NULL));

  if (n_missing > 0)
    {
      g = group (self, _("Expected but Not Invited"),
                 _("The procedures and the inspectorate expect these agencies at every strategy discussion."));
      for (guint i = 0; i < n_missing; i++)
        {
          const char *agency = m->missing[i];
          gboolean always = g_str_equal (agency, "police") || g_str_equal (agency, "social-services");
          g_autofree char *invite_label = g_strdup_printf (_("Invite %s"), dg_vocab_label (DG_VOCAB_MEETING_AGENCY, agency));

          r = row (g, dg_vocab_label (DG_VOCAB_MEETING_AGENCY, agency), always ? _("Always required") : NULL);
          adw_action_row_add_suffix (ADW_ACTION_ROW (r), button (invite_label, "meeting.invite-expected",
                                                                 g_variant_new_string (agency), "suggested-action"));
          if (!always)
            adw_action_row_add_suffix (ADW_ACTION_ROW (r), button (_("Not Inviting…"), "meeting.not-invited",
                                                                   g_variant_new_string (agency), "flat"));
        }
    }

  g = group (self, _("Invited"), m->invitees->len ? NULL : _("Nobody has been invited yet."));
  for (guint i = 0; i < m->invitees->len; i++)
    {
      const DgMeetingInvitee *inv = g_ptr_array_index (m->invitees, i);
      const char *agency = inv->agency;
      g_autofree char *who = g_strdup_printf ("%s%s%s", inv->name ? inv->name : "",
                                              inv->name && inv->organisation ? ", " : "",
                                              inv->organisation ? inv->organisation : "");
      g_autofree char *label = g_strdup_printf (_("Response from %s"), dg_vocab_label (DG_VOCAB_MEETING_AGENCY, agency));
      GtkWidget *response = vocab_dropdown (DG_VOCAB_RESPONSE, inv->status, label);

      r = row (g, dg_vocab_label (DG_VOCAB_MEETING_AGENCY, agency), who);
      g_object_set_data_full (G_OBJECT (response), "dg-agency", g_strdup (agency), g_free);
      g_object_set_data_full (G_OBJECT (response), "dg-was", g_strdup (inv->status), g_free);
      g_signal_connect (response, "notify::selected", G_CALLBACK (response_changed), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (r), response);
      dg_meeting_window_add_contribution (self, ADW_ACTION_ROW (r), inv);
      {
        GtkWidget *remove = button ("", "meeting.not-invited", g_variant_new_string (agency), "flat");
        g_autofree char *tip = g_strdup_printf (_("Withdraw the invitation to %s"), dg_vocab_label (DG_VOCAB_MEETING_AGENCY, agency));
        gtk_button_set_icon_name (GTK_BUTTON (remove), "edit-delete-symbolic");
        gtk_widget_set_tooltip_text (remove, tip);
        gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
        adw_action_row_add_suffix (ADW_ACTION_ROW (r), remove);
      }
    }

  if (m->excused->len > 0)
    {
      g = group (self, _("Not Invited, With Reasons"), NULL);
      for (guint i = 0; i < m->excused->len; i++)
        {
          const DgMeetingExcuse *e = g_ptr_array_index (m->excused, i);
          row (g, dg_vocab_label (DG_VOCAB_MEETING_AGENCY, e->agency), e->reason);
        }
    }

  gtk_box_append (self->content, dg_meeting_window_minutes_group (self, m));

  g = group (self, _("Invite Another Agency"), NULL);
  r = row (g, _("Agency"), NULL);
  self->new_agency = vocab_dropdown (DG_VOCAB_MEETING_AGENCY, "other", _("Agency"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (r), self->new_agency);
  self->new_name = entry_row (g, _("_Person"));
  self->new_org = entry_row (g, _("_Organisation"));
  r = row (g, "", NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (r), button (_("_Invite"), "meeting.invite", NULL, NULL));

  if (m->outcome != NULL)
    {
      const DgMeetingOutcome *o = m->outcome;
      g_autofree char *at = dg_format_time (o->at);

      g = group (self, _("Outcome"), NULL);
      row (g, _("Determination"), dg_vocab_label (DG_VOCAB_DETERMINATION, o->determination));
      row (g, _("Section 47 enquiry"), o->s47 ? _("Yes") : _("No"));
      row (g, _("Recorded"), at);
      if (o->summary)
        row (g, _("Summary"), o->summary);
    }
  else
    {
      GtkWidget *frame = gtk_frame_new (NULL);

      g = group (self, _("Outcome"), _("A child found at continuing risk starts the clock for the initial child protection conference."));
      /* Whether there was a section 47 enquiry and what it found are one
       * choice, so they cannot contradict each other. */
      r = row (g, _("Determination"), _("No enquiry, or what the section 47 enquiry found"));
      self->determination = vocab_dropdown (DG_VOCAB_DETERMINATION, "none", _("Determination"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (r), self->determination);
      self->summary = gtk_text_view_new ();
      /* Tab moves on to the next control, as everywhere else. */
      gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (self->summary), FALSE);
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->summary), GTK_WRAP_WORD_CHAR);
      gtk_widget_set_size_request (self->summary, -1, 90);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->summary), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Summary of the outcome"), -1);
      gtk_frame_set_child (GTK_FRAME (frame), self->summary);
      gtk_widget_set_margin_top (frame, 12);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (g), frame);
      r = row (g, "", NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (r), button (_("Record _Outcome"), "meeting.outcome", NULL, "suggested-action"));
    }

  g = group (self, _("Actions"), NULL);
  for (guint i = 0; i < m->actions->len; i++)
    {
      const DgMeetingAction *a = g_ptr_array_index (m->actions, i);
      g_autofree char *who = g_strdup_printf ("%s%s%s", a->owner ? a->owner : "", a->due ? " · " : "",
                                              a->due ? a->due : "");
      row (g, a->action, who);
    }
  self->action_text = entry_row (g, _("_What Is to Be Done"));
  self->action_owner = entry_row (g, _("_Who Does It"));
  self->action_due = entry_row (g, _("_By When (YYYY-MM-DD)"));
  r = row (g, "", NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (r), button (_("_Add Action"), "meeting.add-action", NULL, NULL));

  if (self->typed != NULL)
    apply_typed (self, self->typed);
  g_signal_connect_swapped (self->new_name, "changed", G_CALLBACK (edited), self);
  g_signal_connect_swapped (self->new_org, "changed", G_CALLBACK (edited), self);
  g_signal_connect_swapped (self->action_text, "changed", G_CALLBACK (edited), self);
  g_signal_connect_swapped (self->action_owner, "changed", G_CALLBACK (edited), self);
  g_signal_connect_swapped (self->action_due, "changed", G_CALLBACK (edited), self);
  g_signal_connect_swapped (self->when_entry, "changed", G_CALLBACK (edited), self);
  g_signal_connect_swapped (self->chair_entry, "changed", G_CALLBACK (edited), self);
  if (self->summary != NULL)
    {
      g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->summary)), "changed", G_CALLBACK (edited), self);
      g_signal_connect_swapped (self->determination, "notify::selected", G_CALLBACK (edited), self);
    }
}

static void
loaded (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(DgMeetingWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  DgMeeting *meeting = dg_service_meeting_show_finish (DG_SERVICE (object), result, &error);

  if (meeting == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }

  g_clear_pointer (&self->meeting, dg_meeting_free);
  self->meeting = meeting;
  show (self);
  self->ready = TRUE;
}

static void
reload (DgMeetingWindow *self)
{
  self->ready = FALSE;
  dg_service_meeting_show_async (self->service, self->id, self->cancellable, loaded, g_object_ref (self));
}

/* ---- Object ---------------------------------------------------------------------- */

static void
dg_meeting_window_dispose (GObject *object)
{
  DgMeetingWindow *self = (DgMeetingWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->draft_source, g_source_remove);
  g_clear_object (&self->service);
  g_clear_pointer (&self->meeting, dg_meeting_free);
  g_clear_pointer (&self->typed, json_object_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_MEETING_WINDOW);

  G_OBJECT_CLASS (dg_meeting_window_parent_class)->dispose (object);
}

static void
dg_meeting_window_finalize (GObject *object)
{
  g_free (DG_MEETING_WINDOW (object)->response_agency);
  g_free (DG_MEETING_WINDOW (object)->response_status);
  g_free (DG_MEETING_WINDOW (object)->draft_kind);
  g_free (DG_MEETING_WINDOW (object)->slot);
  G_OBJECT_CLASS (dg_meeting_window_parent_class)->finalize (object);
}

static gboolean
dg_meeting_window_close_request (GtkWindow *window)
{
  DgMeetingWindow *self = DG_MEETING_WINDOW (window);

  /* Whatever was typed since the last autosave goes into the draft now. */
  if (self->draft_source != 0)
    {
      g_autoptr(JsonObject) typed = collect_typed (self);
      save_draft (self, typed);
    }

  return GTK_WINDOW_CLASS (dg_meeting_window_parent_class)->close_request (window);
}

static void
dg_meeting_window_class_init (DgMeetingWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_meeting_window_dispose;
  object_class->finalize = dg_meeting_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = dg_meeting_window_close_request;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-meeting-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DgMeetingWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, DgMeetingWindow, missing_revealer);
  gtk_widget_class_bind_template_child (widget_class, DgMeetingWindow, missing_label);
  gtk_widget_class_bind_template_child (widget_class, DgMeetingWindow, content);
  gtk_widget_class_bind_template_child (widget_class, DgMeetingWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, DgMeetingWindow, window_title);

  gtk_widget_class_install_action (widget_class, "meeting.invite-expected", "s", invite_expected_action);
  gtk_widget_class_install_action (widget_class, "meeting.invite", NULL, invite_action);
  gtk_widget_class_install_action (widget_class, "meeting.not-invited", "s", not_invited_action);
  gtk_widget_class_install_action (widget_class, "meeting.outcome", NULL, outcome_action);
  gtk_widget_class_install_action (widget_class, "meeting.add-action", NULL, add_action_action);
  gtk_widget_class_install_action (widget_class, "meeting.amend", NULL, amend_action);
  dg_meeting_window_install_contribution_actions (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
dg_meeting_window_init (DgMeetingWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->keep_scroll = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  dg_help_install (GTK_WINDOW (self), "meetings");
  g_signal_connect (gtk_scrolled_window_get_vadjustment (self->scroller), "changed",
                    G_CALLBACK (scroll_range_changed), self);
}

DgMeetingWindow *
dg_meeting_window_new (DgService *service,
                       gint64     id)
{
  DgMeetingWindow *self = g_object_new (DG_TYPE_MEETING_WINDOW, NULL);

  g_auto(GStrv) busy = NULL;

  self->service = g_object_ref (service);
  self->id = id;
  /* One kind per meeting: its draft is about that meeting only. */
  self->draft_kind = g_strdup_printf ("meeting:%" G_GINT64_FORMAT, id);
  self->slot = g_uuid_string_random ();
  busy = dg_draft_slots_held (GTK_WINDOW (self), slot_of);
  dg_service_list_drafts_async (service, self->draft_kind, (const char * const *) busy, self->cancellable,
                                drafts_listed, g_object_ref (self));
  reload (self);
  return self;
}

gboolean
dg_meeting_window_is_draft_saved (DgMeetingWindow *self)
{
  g_return_val_if_fail (DG_IS_MEETING_WINDOW (self), FALSE);
  return self->draft_saved && self->draft_source == 0;
}

gboolean
dg_meeting_window_is_ready (DgMeetingWindow *self)
{
  g_return_val_if_fail (DG_IS_MEETING_WINDOW (self), FALSE);
  return self->ready;
}
