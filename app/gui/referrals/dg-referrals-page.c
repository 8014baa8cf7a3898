#include "config.h"

#include <glib/gi18n.h>

#include "dg-amend-dialog.h"
#include "dg-decision-dialog.h"
#include "dg-exception-dialog.h"
#include "dg-ledger-dialog.h"
#include "dg-format.h"
#include "dg-service.h"
#include "dg-meeting-window.h"
#include "dg-referral-detail.h"
#include "dg-referral-list-model.h"
#include "dg-referral-row.h"
#include "dg-reason-dialog.h"
#include "dg-referral-privacy.h"
#include "dg-role-guard.h"
#include "dg-referrals-page.h"
#include "dg-vocab.h"

struct _DgReferralsPage
{
  GtkWidget            parent_instance;

  GtkSearchEntry      *search_entry;
  GtkDropDown         *status_filter;
  GtkDropDown         *rag_filter;
  GtkDropDown         *agency_filter;
  GtkDropDown         *school_filter;
  GtkStringList       *schools;
  GtkStack            *list_stack;
  GtkColumnView       *column_view;
  DgReferralDetail    *detail;
  GtkLabel            *count_label;

  DgService            *service;
  DgReferralListModel *model;
  GtkSingleSelection  *selection;
  GCancellable        *show_cancellable;
  gint64               select_after_load;
  gint64               shown_id;
  gboolean             populated;
  gboolean             at_top;       /* the list shows its first row */
  gboolean             refreshing;   /* re-reading after a change elsewhere */
  guint                to_top_source;
};

G_DEFINE_FINAL_TYPE (DgReferralsPage, dg_referrals_page, GTK_TYPE_WIDGET)

enum {
  SHOWN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Brings row @pos into view: the view's anchor moves to it whenever it lays
 * out next. GTK 4.8's column view has no such call; the action belongs to
 * the list view inside it. */
static void
scroll_to_row (DgReferralsPage *self,
               guint            pos)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", pos);
}

static const char *
filter_value (GtkDropDown *dropdown,
              DgVocab      vocab)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  const DgTerm *terms = dg_vocab_terms (vocab);

  /* Item 0 is "all". */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return terms[selected - 1].id;
}

static void
run_query (DgReferralsPage *self)
{

  DgReferralQuery q = { 0 };

  if (self->model == NULL)
    return;

  self->refreshing = FALSE;
  self->select_after_load = self->shown_id;
  q.search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  q.status = filter_value (self->status_filter, DG_VOCAB_STATUS);
  q.rag = filter_value (self->rag_filter, DG_VOCAB_RAG);
  q.agency = filter_value (self->agency_filter, DG_VOCAB_REPORTER_AGENCY);
  if (gtk_drop_down_get_selected (self->school_filter) > 0 &&
      gtk_drop_down_get_selected (self->school_filter) != GTK_INVALID_LIST_POSITION)
    q.school = gtk_string_list_get_string (self->schools, gtk_drop_down_get_selected (self->school_filter));
  dg_referral_list_model_set_query (self->model, &q);
}

static gboolean
has_query (DgReferralsPage *self)
{
  return *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0' ||
         gtk_drop_down_get_selected (self->status_filter) > 0 ||
         gtk_drop_down_get_selected (self->rag_filter) > 0 ||
         gtk_drop_down_get_selected (self->agency_filter) > 0 ||
         (gtk_drop_down_get_selected (self->school_filter) > 0 &&
          gtk_drop_down_get_selected (self->school_filter) != GTK_INVALID_LIST_POSITION);
}

/* A message in the window's toast, through its action. */
static void
toast (DgReferralsPage *self,
       const char      *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static void
first_frame_painted (GdkFrameClock   *clock,
                     DgReferralsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_signal_handlers_disconnect_by_func (clock, first_frame_painted, self);
  /* Read by bench/run: CLOCK_MONOTONIC in microseconds, comparable across processes. */
  g_print ("first-frame-us: %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  if (root != NULL)
    g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (root))));
}

static void schools_loaded (GObject *object, GAsyncResult *result, gpointer user_data);

/* Once the first rows are on screen: what the first screen could do without. */
static void
first_rows_painted (GdkFrameClock   *clock,
                    DgReferralsPage *self)
{
  if (clock != NULL)
    g_signal_handlers_disconnect_by_func (clock, first_rows_painted, self);
  dg_referral_list_model_hold_rest (self->model, FALSE);
  dg_service_schools_async (self->service, NULL, schools_loaded, g_object_ref (self));
  g_signal_emit (self, signals[SHOWN], 0);
}

/* The first time the list shows real rows (or its empty state). */
static void
populated (DgReferralsPage *self)
{
  GdkFrameClock *clock;

  if (self->populated)
    return;
  self->populated = TRUE;

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (clock == NULL)
    {
      first_rows_painted (NULL, self);
      return;
    }
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (first_rows_painted), self, 0);
  /* Benchmarks ask the app itself when the first useful frame is on screen. */
  if (g_getenv ("DIOGELU_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect_object (clock, "after-paint", G_CALLBACK (first_frame_painted), self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self))));
}

static void
model_loaded (DgReferralsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  g_autofree char *text = NULL;

  self->refreshing = FALSE;

  if (n == 0)
    {
      gtk_stack_set_visible_child_name (self->list_stack, has_query (self) ? "no-results" : "empty");
      populated (self);
    }
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");

  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0' &&
      n >= dg_referral_list_model_search_cap ())
    text = g_strdup_printf (_("The newest %u matches are shown; type more to narrow the search"), n);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u referral", "%'u referrals", n), n);
  gtk_label_set_text (self->count_label, text);

  /* Still selected (the change was elsewhere in the list): leave the view be. */
  if (self->select_after_load != 0 && gtk_single_selection_get_selected_item (self->selection) != NULL &&
      dg_referral_row_get_id (gtk_single_selection_get_selected_item (self->selection)) == self->select_after_load)
    self->select_after_load = 0;

  if (self->select_after_load != 0)
    {
      guint pos = dg_referral_list_model_find (self->model, self->select_after_load);

      /* Further down than the first batch: looked for again when the rest
       * of the ids arrive. */
      if (pos == G_MAXUINT && !dg_referral_list_model_is_whole (self->model))
        return;
      self->select_after_load = 0;
      if (pos != G_MAXUINT)
        {
          gtk_single_selection_set_selected (self->selection, pos);
          scroll_to_row (self, pos);
        }
    }
}

static void referral_shown (GObject *object, GAsyncResult *result, gpointer user_data);

static void
open_with_reason (const char *reason,
                  gpointer    user_data)
{
  DgReferralsPage *self = user_data;

  if (self->shown_id == 0)
    return;
  g_cancellable_cancel (self->show_cancellable);
  g_clear_object (&self->show_cancellable);
  self->show_cancellable = g_cancellable_new ();
  dg_service_open_async (self->service, self->shown_id, reason, self->show_cancellable, referral_shown, self);
}

static void
referral_shown (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DgReferralsPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgReferral) referral = g_async_result_is_tagged (result, dg_service_open_async)
                                  ? dg_service_open_finish (DG_SERVICE (object), result, &error)
                                  : dg_service_show_finish (DG_SERVICE (object), result, &error);

  if (referral == NULL)
    {
      /* A restricted record: opened only with a reason. */
      if (g_strcmp0 (dg_error_get_field (error), "reason") == 0)
        dg_ask_reason (GTK_WIDGET (self), open_with_reason, self);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  dg_referral_detail_set_referral (self->detail, referral);
}

static void
show_referral (DgReferralsPage *self,
               gint64           id)
{
  /* Choosing another referral is an opening, logged; showing the same one
   * again after a change is not. */
  gboolean opening = id != self->shown_id;

  g_cancellable_cancel (self->show_cancellable);
  g_clear_object (&self->show_cancellable);
  self->shown_id = id;

  if (id == 0)
    {
      dg_referral_detail_set_referral (self->detail, NULL);
      return;
    }

  self->show_cancellable = g_cancellable_new ();
  if (opening)
    dg_service_open_async (self->service, id, NULL, self->show_cancellable, referral_shown, self);
  else
    dg_service_show_async (self->service, id, self->show_cancellable, referral_shown, self);
}

static void
selection_changed (DgReferralsPage *self)
{
  DgReferralRow *row = gtk_single_selection_get_selected_item (self->selection);

  /* While the list reloads the selection lapses for a moment: keep showing
   * the referral, which is selected again when the ids arrive. */
  if (row == NULL && !dg_referral_list_model_is_loaded (self->model))
    return;

  show_referral (self, row ? dg_referral_row_get_id (row) : 0);
}

static void
show_referral_again (DgReferralsPage *self)
{
  show_referral (self, self->shown_id);
}

static void
change_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DgReferralsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* Acknowledged, confirmed or an event recorded: each answers TRUE. */
  if (!(g_async_result_is_tagged (result, dg_service_acknowledge_async)
        ? dg_service_acknowledge_finish (DG_SERVICE (object), result, &error)
        : g_async_result_is_tagged (result, dg_service_confirm_async)
        ? dg_service_confirm_finish (DG_SERVICE (object), result, &error)
        : dg_service_add_event_finish (DG_SERVICE (object), result, &error)))
    {
      if (root != NULL)
        toast (self, error->message);
    }
  /* Saved: the service's ::referral-changed shows it (referral_changed ()). */
}

static void
acknowledge_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DgReferralsPage *self = DG_REFERRALS_PAGE (widget);

  if (self->shown_id == 0)
    return;
  dg_service_acknowledge_async (self->service, self->shown_id, g_variant_get_string (param, NULL),
                                change_done, g_object_ref (self));
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DgReferralsPage *self = DG_REFERRALS_PAGE (widget);

  if (self->shown_id == 0)
    return;
  dg_service_confirm_async (self->service, self->shown_id, change_done, g_object_ref (self));
}

static void
amended (DgAmendDialog   *dialog,
         DgReferralsPage *self)
{
  if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    toast (self, _("Referral corrected"));
}

static void
amend_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DgReferralsPage *self = DG_REFERRALS_PAGE (widget);
  DgReferral *referral = dg_referral_detail_get_referral (self->detail);
  DgAmendDialog *dialog;

  if (self->shown_id == 0 || referral == NULL)
    return;
  dialog = dg_amend_dialog_new (self->service, referral);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (amended), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
decision_saved (DgDecisionDialog *dialog,
                DgReferralsPage  *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (root != NULL)
    toast (self, _("Decision recorded"));
}

static void
decide_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DgReferralsPage *self = DG_REFERRALS_PAGE (widget);
  DgReferral *referral = dg_referral_detail_get_referral (self->detail);
  DgDecisionDialog *dialog;

  if (self->shown_id == 0 || referral == NULL)
    return;

  dialog = dg_decision_dialog_new (self->service, self->shown_id, referral->reference,
                                   dg_service_get_actor (self->service));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  g_signal_connect (dialog, "saved", G_CALLBACK (decision_saved), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ledger_saved (DgLedgerDialog  *dialog,
              DgReferralsPage *self)
{
  if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    toast (self, _("Added to the report-maker’s ledger"));
}

/* Record Chase…, Record Disagreement…, Record Language Choice…: the
 * detail refreshes on ::referral-changed once it is stored. */
static void
ledger_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DgReferralsPage *self = DG_REFERRALS_PAGE (widget);
  DgReferral *referral = dg_referral_detail_get_referral (self->detail);
  gint32 kind = g_variant_get_int32 (param);
  DgLedgerDialog *dialog;

  if (self->shown_id == 0 || referral == NULL || kind < DG_LEDGER_DIALOG_CHASE || kind > DG_LEDGER_DIALOG_LANGUAGE)
    return;
  dialog = dg_ledger_dialog_new (self->service, referral, kind);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (ledger_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_meeting (DgReferralsPage *self,
              gint64           mid)
{
  DgMeetingWindow *window = dg_meeting_window_new (self->service, mid);

  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  g_signal_connect_object (window, "changed", G_CALLBACK (show_referral_again), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

static void
meeting_added (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DgReferralsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 mid = dg_service_meeting_add_finish (DG_SERVICE (object), result, &error);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (mid == 0)
    {
      if (root != NULL)
        toast (self, error->message);
      return;
    }
  show_referral_again (self);
  open_meeting (self, mid);
}

static void
new_meeting_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DgReferralsPage *self = DG_REFERRALS_PAGE (widget);

  if (self->shown_id == 0)
    return;
  dg_service_meeting_add_async (self->service, self->shown_id, "discussion", meeting_added, g_object_ref (self));
}

/* An earlier referral listed in the detail, shown in its place; the list
 * selects it when it is among the rows loaded. */
static void
open_earlier_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  dg_referrals_page_reload (DG_REFERRALS_PAGE (widget), g_variant_get_int64 (param));
}

static void
record_exception_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  DgReferralsPage *self = DG_REFERRALS_PAGE (widget);

  if (self->shown_id == 0)
    return;
  dg_exception_dialog_present (GTK_WINDOW (gtk_widget_get_root (widget)), self->service, self->shown_id,
                               g_variant_get_string (param, NULL));
}

static void
who_viewed_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  DgReferralsPage *self = DG_REFERRALS_PAGE (widget);

  if (self->shown_id != 0)
    dg_referral_privacy_who_viewed (GTK_WINDOW (gtk_widget_get_root (widget)), self->service, self->shown_id);
}

static void
restrict_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  DgReferralsPage *self = DG_REFERRALS_PAGE (widget);

  if (self->shown_id != 0)
    dg_referral_privacy_restrict (GTK_WINDOW (gtk_widget_get_root (widget)), self->service, self->shown_id,
                                  g_str_equal (action_name, "referral.lift-restriction"));
}

static void
open_meeting_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  open_meeting (DG_REFERRALS_PAGE (widget), g_variant_get_int64 (param));
}

static void
event_response (AdwMessageDialog *dialog,
                const char       *response,
                DgReferralsPage  *self)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkWidget *kind = gtk_widget_get_first_child (box);
  GtkWidget *when = gtk_widget_get_next_sibling (kind);
  GtkWidget *notes = gtk_widget_get_next_sibling (when);
  const char *text;

  if (g_strcmp0 (response, "record") != 0 || self->shown_id == 0)
    return;
  text = gtk_editable_get_text (GTK_EDITABLE (notes));
  dg_service_add_event_async (self->service, self->shown_id,
                              dg_vocab_terms (DG_VOCAB_EVENT)[gtk_drop_down_get_selected (GTK_DROP_DOWN (kind))].id,
                              gtk_editable_get_text (GTK_EDITABLE (when)), *text ? text : NULL,
                              change_done, g_object_ref (self));
}

static void
add_event_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  DgReferralsPage *self = DG_REFERRALS_PAGE (widget);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d %H:%M");
  GtkWidget *dialog, *box, *kind, *when, *notes;

  if (self->shown_id == 0)
    return;

  for (const DgTerm *t = dg_vocab_terms (DG_VOCAB_EVENT); t->id != NULL; t++)
    gtk_string_list_append (kinds, dg_vocab_label (DG_VOCAB_EVENT, t->id));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  kind = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (kinds)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (kind), 2);  /* the ICPC, the usual next step */
  gtk_accessible_update_property (GTK_ACCESSIBLE (kind), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Event"), -1);
  when = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (when), today);
  gtk_accessible_update_property (GTK_ACCESSIBLE (when), GTK_ACCESSIBLE_PROPERTY_LABEL, _("When (YYYY-MM-DD HH:MM)"), -1);
  notes = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (notes), _("Notes"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (notes), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Notes"), -1);
  /* Return in either entry records the event. */
  gtk_entry_set_activates_default (GTK_ENTRY (when), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (notes), TRUE);
  gtk_box_append (GTK_BOX (box), kind);
  gtk_box_append (GTK_BOX (box), when);
  gtk_box_append (GTK_BOX (box), notes);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Record a Child Protection Event"),
                                   _("Each event starts the next clock: core groups and the first review follow a conference."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "record", _("_Record"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  g_signal_connect (dialog, "response", G_CALLBACK (event_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
filters_changed (DgReferralsPage *self)
{
  run_query (self);
}

static GListModel *
filter_model (const char *all,
              DgVocab     vocab)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, all);
  for (const DgTerm *t = dg_vocab_terms (vocab); t->id != NULL; t++)
    gtk_string_list_append (list, dg_vocab_label (vocab, t->id));

  return G_LIST_MODEL (list);
}

static void
dg_referrals_page_dispose (GObject *object)
{
  DgReferralsPage *self = (DgReferralsPage *)object;

  g_cancellable_cancel (self->show_cancellable);
  g_clear_object (&self->show_cancellable);
  g_clear_handle_id (&self->to_top_source, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_REFERRALS_PAGE);
  /* GTK 4.8 leaves a GtkWidget subclass's template root to its owner. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->schools);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (dg_referrals_page_parent_class)->dispose (object);
}

static void
dg_referrals_page_class_init (DgReferralsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_referrals_page_dispose;

  g_type_ensure (DG_TYPE_REFERRAL_DETAIL);
  g_type_ensure (DG_TYPE_REFERRAL_ROW);

  /* The first rows (or the empty state) have been painted, once. */
  signals[SHOWN] = g_signal_new ("shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-referrals-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DgReferralsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DgReferralsPage, status_filter);
  gtk_widget_class_bind_template_child (widget_class, DgReferralsPage, rag_filter);
  gtk_widget_class_bind_template_child (widget_class, DgReferralsPage, agency_filter);
  gtk_widget_class_bind_template_child (widget_class, DgReferralsPage, school_filter);
  gtk_widget_class_bind_template_child (widget_class, DgReferralsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DgReferralsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, DgReferralsPage, detail);
  gtk_widget_class_bind_template_child (widget_class, DgReferralsPage, count_label);

  gtk_widget_class_install_action (widget_class, "referral.decide", NULL, decide_action);
  gtk_widget_class_install_action (widget_class, "referral.amend", NULL, amend_action);
  gtk_widget_class_install_action (widget_class, "referral.acknowledge", "s", acknowledge_action);
  gtk_widget_class_install_action (widget_class, "referral.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "referral.new-meeting", NULL, new_meeting_action);
  gtk_widget_class_install_action (widget_class, "referral.open-meeting", "x", open_meeting_action);
  gtk_widget_class_install_action (widget_class, "referral.open-earlier", "x", open_earlier_action);
  gtk_widget_class_install_action (widget_class, "referral.add-event", NULL, add_event_action);
  gtk_widget_class_install_action (widget_class, "referral.record-exception", "s", record_exception_action);
  gtk_widget_class_install_action (widget_class, "referral.ledger", "i", ledger_action);
  gtk_widget_class_install_action (widget_class, "referral.who-viewed", NULL, who_viewed_action);
  gtk_widget_class_install_action (widget_class, "referral.restrict", NULL, restrict_action);
  gtk_widget_class_install_action (widget_class, "referral.lift-restriction", NULL, restrict_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "referral.decide", NULL);
}

/* Tab leaves the list for the referral it shows (GTK 4.8's column view
 * keeps Tab among its rows: a trap for whoever works without a pointer);
 * Shift+Tab goes back to the search. */
static gboolean
list_key_pressed (GtkEventControllerKey *controller,
                  guint                  keyval,
                  guint                  keycode,
                  GdkModifierType        state,
                  DgReferralsPage       *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    return FALSE;
  if (keyval == GDK_KEY_Tab && (state & GDK_MODIFIER_MASK) == 0)
    return dg_referral_detail_focus_first (self->detail);
  if (keyval == GDK_KEY_ISO_Left_Tab || (keyval == GDK_KEY_Tab && (state & GDK_SHIFT_MASK) != 0))
    return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return FALSE;
}

static void
dg_referrals_page_init (DgReferralsPage *self)
{
  g_autoptr(GListModel) statuses = filter_model (_("All statuses"), DG_VOCAB_STATUS);
  g_autoptr(GListModel) rags = filter_model (_("All ratings"), DG_VOCAB_RAG);
  g_autoptr(GListModel) agencies = filter_model (_("All agencies"), DG_VOCAB_REPORTER_AGENCY);

  gtk_widget_init_template (GTK_WIDGET (self));

  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (list_key_pressed), self);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }
  gtk_drop_down_set_model (self->status_filter, statuses);
  gtk_drop_down_set_model (self->rag_filter, rags);
  gtk_drop_down_set_model (self->agency_filter, agencies);

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (filters_changed), self);
  g_signal_connect_swapped (self->status_filter, "notify::selected", G_CALLBACK (filters_changed), self);
  g_signal_connect_swapped (self->rag_filter, "notify::selected", G_CALLBACK (filters_changed), self);
  g_signal_connect_swapped (self->agency_filter, "notify::selected", G_CALLBACK (filters_changed), self);

  /* Schools come from the referrals themselves; typing in the list finds one. */
  self->schools = gtk_string_list_new ((const char *[]) { _("All schools"), NULL });
  gtk_drop_down_set_expression (self->school_filter,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_drop_down_set_model (self->school_filter, G_LIST_MODEL (self->schools));
  g_signal_connect_swapped (self->school_filter, "notify::selected", G_CALLBACK (filters_changed), self);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));

  gtk_stack_set_visible_child_name (self->list_stack, "loading");
}

static void
schools_loaded (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DgReferralsPage) self = user_data;
  g_auto(GStrv) schools = dg_service_schools_finish (DG_SERVICE (object), result, NULL);
  const char *selected = NULL;
  g_autofree char *keep = NULL;
  guint position = 0;

  if (schools == NULL || self->schools == NULL)
    return;

  if (gtk_drop_down_get_selected (self->school_filter) > 0)
    keep = g_strdup (gtk_string_list_get_string (self->schools, gtk_drop_down_get_selected (self->school_filter)));
  g_signal_handlers_block_by_func (self->school_filter, filters_changed, self);
  gtk_string_list_splice (self->schools, 1, g_list_model_get_n_items (G_LIST_MODEL (self->schools)) - 1,
                          (const char * const *) schools);
  for (guint i = 0; keep != NULL && schools[i] != NULL; i++)
    if (g_str_equal (schools[i], keep))
      position = i + 1, selected = keep;
  gtk_drop_down_set_selected (self->school_filter, selected ? position : 0);
  g_signal_handlers_unblock_by_func (self->school_filter, filters_changed, self);
}

/* ---- Staying at the top ------------------------------------------------ */

static void
scrolled (GtkAdjustment   *vadj,
          DgReferralsPage *self)
{
  self->at_top = gtk_adjustment_get_value (vadj) <= 0;
}

static gboolean
back_to_top (gpointer data)
{
  DgReferralsPage *self = data;

  self->to_top_source = 0;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    scroll_to_row (self, 0);
  return G_SOURCE_REMOVE;
}

/* A person at the top of the list sees referrals arrive there, as a mail
 * reader shows new mail: the view would otherwise keep its first row and
 * slide the newcomer in above, out of sight. Anywhere else the rows on
 * screen stay put. */
static void
rows_changed (GListModel      *model,
              guint            position,
              guint            removed,
              guint            added,
              DgReferralsPage *self)
{
  if (self->refreshing && position == 0 && added > removed && self->at_top && self->to_top_source == 0)
    self->to_top_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20, back_to_top, self, NULL);
}

/* Whatever saved a change to the referral on screen (this page, a meeting
 * or letter window, an import), the detail and its row show it at once,
 * where the person is. */
static void
referral_changed (DgService       *service,
                  gint64           id,
                  DgReferralsPage *self)
{
  if (id != 0 && id == self->shown_id)
    dg_referrals_page_refresh (self);
}

void
dg_referrals_page_set_service (DgReferralsPage *self,
                               DgService       *service)
{
  g_return_if_fail (DG_IS_REFERRALS_PAGE (self));
  g_return_if_fail (self->service == NULL);

  self->service = g_object_ref (service);
  g_signal_connect_object (service, "referral-changed", G_CALLBACK (referral_changed), self, 0);
  /* What the role may not use is disabled (issue 25). */
  dg_role_guard (service, GTK_WIDGET (self), "referral.record-exception", NULL, DG_DB_POWER_EXCEPTIONS);
  dg_role_guard (service, GTK_WIDGET (self), "referral.restrict", NULL, DG_DB_POWER_RESTRICT);
  dg_role_guard (service, GTK_WIDGET (self), "referral.lift-restriction", NULL, DG_DB_POWER_RESTRICT);
  self->model = dg_referral_list_model_new (service);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selection_changed), self);
  g_signal_connect_swapped (self->model, "loaded", G_CALLBACK (model_loaded), self);
  g_signal_connect_swapped (self->model, "page-loaded", G_CALLBACK (populated), self);
  g_signal_connect (self->model, "items-changed", G_CALLBACK (rows_changed), self);
  self->at_top = TRUE;
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view)), "value-changed",
                           G_CALLBACK (scrolled), self, 0);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  /* The first screen of rows comes first; the rest of the ids and the
   * schools for the filter follow once it is painted. */
  dg_referral_list_model_hold_rest (self->model, TRUE);
  run_query (self);
}

void
dg_referrals_page_reload (DgReferralsPage *self,
                          gint64           select_id)
{
  g_return_if_fail (DG_IS_REFERRALS_PAGE (self));

  if (self->model == NULL)
    return;
  self->refreshing = FALSE;
  self->select_after_load = select_id != 0 ? select_id : self->shown_id;
  dg_referral_list_model_reload (self->model);
  dg_service_schools_async (self->service, NULL, schools_loaded, g_object_ref (self));
  if (select_id != 0)
    show_referral (self, select_id);
}

void
dg_referrals_page_refresh (DgReferralsPage *self)
{
  g_return_if_fail (DG_IS_REFERRALS_PAGE (self));

  if (self->model == NULL)
    return;
  /* Where the person is stays put: the rows around them, what is selected
   * and the referral they are reading, which is read again. */
  self->select_after_load = self->shown_id;
  self->refreshing = TRUE;
  dg_referral_list_model_refresh (self->model);
  dg_service_schools_async (self->service, NULL, schools_loaded, g_object_ref (self));
  if (self->shown_id != 0)
    show_referral (self, self->shown_id);
}

void
dg_referrals_page_focus_search (DgReferralsPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
dg_referrals_page_open (DgReferralsPage *self,
                        gint64           id)
{
  g_return_if_fail (DG_IS_REFERRALS_PAGE (self));

  dg_referrals_page_reload (self, id);
}
