#include "config.h"

#include "dg-service.h"
#include "dg-referral-list-model.h"
#include "dg-referral-row.h"

#define PAGE_SIZE 64
#define SEARCH_CAP 5000
/* The first screenful arrives on its own, so a million rows show as fast as ten. */
#define FIRST_BATCH 64

struct _DgReferralListModel
{
  GObject       parent_instance;

  DgService     *service;
  GArray       *ids;           /* gint64, in list order */
  GHashTable   *rows;          /* position → DgReferralRow, only those asked for */
  GHashTable   *pages;         /* page numbers requested for this generation */
  GCancellable *cancellable;   /* cancelled when the query changes */
  guint         generation;
  gboolean      loaded;
  gboolean      more_wanted;     /* the ids after the first batch are still to fetch */
  gboolean      rest_held;       /* ... and wait until released (start-up) */

  char         *search, *status, *agency, *school, *rag;
};

static void     list_model_iface_init (GListModelInterface *iface);

/* Rows are created as they are first asked for: at a million referrals a
 * slot per id would cost 8 MB for pointers that stay empty. */
static GHashTable *
rows_new (void)
{
  return g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_object_unref);
}

static DgReferralRow *
row_at (DgReferralListModel *self,
        guint                position)
{
  DgReferralRow *row = g_hash_table_lookup (self->rows, GUINT_TO_POINTER (position));

  if (row == NULL)
    {
      row = dg_referral_row_new (g_array_index (self->ids, gint64, position));
      g_hash_table_insert (self->rows, GUINT_TO_POINTER (position), row);
    }
  return row;
}

static void     fetch_more            (DgReferralListModel *self);

G_DEFINE_FINAL_TYPE_WITH_CODE (DgReferralListModel, dg_referral_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  LOADED,
  PAGE_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  DgReferralListModel *self;
  guint                generation;
  guint                page;
} PageRequest;

static void
page_loaded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  PageRequest *req = user_data;
  DgReferralListModel *self = req->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) summaries = dg_service_summaries_finish (DG_SERVICE (object), result, &error);

  if (summaries == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load a page of referrals (%s %d)", g_quark_to_string (error->domain), error->code);
      goto out;
    }

  if (req->generation == self->generation)
    {
      guint start = req->page * PAGE_SIZE;
      guint end = MIN (start + PAGE_SIZE, self->ids->len);
      guint k = 0;

      /* Summaries come in id order as asked; one may be missing if deleted. */
      for (guint pos = start; pos < end && k < summaries->len; pos++)
        {
          const DgReferralSummary *summary = g_ptr_array_index (summaries, k);

          if (summary->id != g_array_index (self->ids, gint64, pos))
            continue;
          k++;
          dg_referral_row_update (row_at (self, pos), summary);
        }
      g_signal_emit (self, signals[PAGE_LOADED], 0);

      if (self->more_wanted && !self->rest_held)
        fetch_more (self);
    }

out:
  g_object_unref (req->self);
  g_free (req);
}

static void
request_page (DgReferralListModel *self,
              guint                page)
{
  PageRequest *req;
  guint start = page * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->ids->len - start);

  if (g_hash_table_contains (self->pages, GUINT_TO_POINTER (page)))
    return;
  g_hash_table_add (self->pages, GUINT_TO_POINTER (page));

  req = g_new0 (PageRequest, 1);
  req->self = g_object_ref (self);
  req->generation = self->generation;
  req->page = page;

  dg_service_summaries_async (self->service, &g_array_index (self->ids, gint64, start), n,
                              self->cancellable, page_loaded, req);
}

static GType
get_item_type (GListModel *model)
{
  return DG_TYPE_REFERRAL_ROW;
}

static guint
get_n_items (GListModel *model)
{
  return DG_REFERRAL_LIST_MODEL (model)->ids->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  DgReferralListModel *self = DG_REFERRAL_LIST_MODEL (model);

  if (position >= self->ids->len)
    return NULL;

  if (!g_hash_table_contains (self->rows, GUINT_TO_POINTER (position)))
    request_page (self, position / PAGE_SIZE);
  return g_object_ref (row_at (self, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
clear_query (DgReferralListModel *self)
{
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->agency, g_free);
  g_clear_pointer (&self->school, g_free);
  g_clear_pointer (&self->rag, g_free);
}

static void
dg_referral_list_model_dispose (GObject *object)
{
  DgReferralListModel *self = (DgReferralListModel *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (dg_referral_list_model_parent_class)->dispose (object);
}

static void
dg_referral_list_model_finalize (GObject *object)
{
  DgReferralListModel *self = (DgReferralListModel *)object;

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  clear_query (self);

  G_OBJECT_CLASS (dg_referral_list_model_parent_class)->finalize (object);
}

static void
dg_referral_list_model_class_init (DgReferralListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dg_referral_list_model_dispose;
  object_class->finalize = dg_referral_list_model_finalize;

  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[PAGE_LOADED] = g_signal_new ("page-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dg_referral_list_model_init (DgReferralListModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->rows = rows_new ();
  self->pages = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->cancellable = g_cancellable_new ();
}

DgReferralListModel *
dg_referral_list_model_new (DgService *service)
{
  DgReferralListModel *self = g_object_new (DG_TYPE_REFERRAL_LIST_MODEL, NULL);

  self->service = g_object_ref (service);
  return self;
}

static void more_ids_loaded (GObject *object, GAsyncResult *result, gpointer user_data);

static guint
current_cap (DgReferralListModel *self)
{
  return self->search && *self->search ? SEARCH_CAP : 0;
}

static DgReferralQuery
current_query (DgReferralListModel *self)
{
  return (DgReferralQuery) { self->search, self->status, self->agency, self->school, self->rag };
}

static void
fetch_more (DgReferralListModel *self)
{
  DgReferralQuery q = current_query (self);

  self->more_wanted = FALSE;
  dg_service_list_ids_async (self->service, &q, current_cap (self), self->cancellable,
                             more_ids_loaded, g_object_ref (self));
}

/* The ids a list job found, or NULL (a cancelled job says nothing). */
static GArray *
finish_ids (GObject      *object,
            GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = dg_service_list_ids_finish (DG_SERVICE (object), result, &error);

  if (ids == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not list referrals (%s %d)", g_quark_to_string (error->domain), error->code);
  return ids;
}

static void
ids_loaded (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DgReferralListModel) self = user_data;
  GArray *ids = finish_ids (object, result);
  guint old_n;

  if (ids == NULL)
    return;

  old_n = self->ids->len;
  g_array_unref (self->ids);
  self->ids = ids;
  g_hash_table_remove_all (self->rows);
  g_hash_table_remove_all (self->pages);
  self->loaded = TRUE;

  /* The first batch was full: the rest follows, appended below it, once the
   * rows on screen have been filled (the database thread takes jobs in turn). */
  self->more_wanted = (ids->len == FIRST_BATCH);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, ids->len);
  g_signal_emit (self, signals[LOADED], 0);
}

/* Takes @ids (owned) as the new list, changing only the stretch between
 * what stayed at its start and what stayed at its end: a referral added at the
 * top is one insertion, so the rows on screen, the scroll position and the
 * selection stay where they were. Rows outside the stretch are kept (moved to
 * their new positions); with @reread, or when they moved, their contents are
 * asked for again. */
static void
apply_ids (DgReferralListModel *self,
           GArray              *ids,
           gboolean             reread)
{
  guint old_n = self->ids->len, new_n = ids->len;
  guint head = 0, tail = 0;
  g_autoptr(GHashTable) kept = rows_new ();
  g_autoptr(GHashTable) pages = g_hash_table_new (g_direct_hash, g_direct_equal);
  GHashTableIter iter;
  gpointer key, value;

  while (head < old_n && head < new_n &&
         g_array_index (self->ids, gint64, head) == g_array_index (ids, gint64, head))
    head++;
  while (tail < old_n - head && tail < new_n - head &&
         g_array_index (self->ids, gint64, old_n - 1 - tail) == g_array_index (ids, gint64, new_n - 1 - tail))
    tail++;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint pos = GPOINTER_TO_UINT (key);

      /* In the changed stretch, or held by nobody but this model (not on
       * screen): dropped, and made again if it is ever asked for. Only the
       * rows the view holds are kept and read again, a screenful or two. */
      if ((pos >= head && pos < old_n - tail) || G_OBJECT (value)->ref_count == 1)
        continue;
      if (pos >= old_n - tail)
        pos = pos - old_n + new_n;
      g_hash_table_insert (kept, GUINT_TO_POINTER (pos), g_object_ref (value));
      g_hash_table_add (pages, GUINT_TO_POINTER (pos / PAGE_SIZE));
    }

  g_array_unref (self->ids);
  self->ids = ids;
  g_hash_table_unref (self->rows);
  self->rows = g_steal_pointer (&kept);
  g_hash_table_remove_all (self->pages);

  if (old_n - head - tail > 0 || new_n - head - tail > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), head, old_n - head - tail, new_n - head - tail);
  /* Pages asked for before a move would land on the wrong positions (and
   * are dropped): ask again for the rows kept. */
  if (reread || head < old_n)
    {
      g_hash_table_iter_init (&iter, pages);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        request_page (self, GPOINTER_TO_UINT (key));
    }
}

static void
more_ids_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DgReferralListModel) self = user_data;
  GArray *ids = finish_ids (object, result);

  if (ids == NULL)
    return;

  /* Usually only the tail is new; if something changed in between, only what changed. */
  apply_ids (self, ids, FALSE);
  g_signal_emit (self, signals[LOADED], 0);
}

static void
refreshed_ids_loaded (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DgReferralListModel) self = user_data;
  GArray *ids = finish_ids (object, result);

  if (ids == NULL)
    return;

  apply_ids (self, ids, TRUE);
  self->loaded = TRUE;
  g_signal_emit (self, signals[LOADED], 0);
}

void
dg_referral_list_model_refresh (DgReferralListModel *self)
{
  DgReferralQuery q;

  g_return_if_fail (DG_IS_REFERRAL_LIST_MODEL (self));

  /* Not before the first load: that one brings everything anyway. */
  if (!self->loaded)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  self->more_wanted = FALSE;
  /* Until the ids arrive, a selection lost to the change is not "nothing
   * selected" (see the referrals page). */
  self->loaded = FALSE;

  q = current_query (self);
  dg_service_list_ids_async (self->service, &q, current_cap (self), self->cancellable,
                             refreshed_ids_loaded, g_object_ref (self));
}

void
dg_referral_list_model_reload (DgReferralListModel *self)
{
  DgReferralQuery q;

  g_return_if_fail (DG_IS_REFERRAL_LIST_MODEL (self));

  /* Results of an older query, or pages of it, must not land in this one. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  self->loaded = FALSE;
  self->more_wanted = FALSE;

  q = current_query (self);
  dg_service_list_ids_async (self->service, &q, FIRST_BATCH, self->cancellable, ids_loaded, g_object_ref (self));
}

void
dg_referral_list_model_set_query (DgReferralListModel   *self,
                                  const DgReferralQuery *query)
{
  g_return_if_fail (DG_IS_REFERRAL_LIST_MODEL (self));

  /* The same query again (a repeated signal) changes nothing. */
  if (self->generation > 0 &&
      g_strcmp0 (query->search, self->search) == 0 && g_strcmp0 (query->status, self->status) == 0 &&
      g_strcmp0 (query->agency, self->agency) == 0 && g_strcmp0 (query->school, self->school) == 0 &&
      g_strcmp0 (query->rag, self->rag) == 0)
    return;

  clear_query (self);
  self->search = g_strdup (query->search);
  self->status = g_strdup (query->status);
  self->agency = g_strdup (query->agency);
  self->school = g_strdup (query->school);
  self->rag = g_strdup (query->rag);

  dg_referral_list_model_reload (self);
}

void
dg_referral_list_model_set_ids (DgReferralListModel *self,
                                const gint64        *ids,
                                guint                n_ids)
{
  guint old_n;

  g_return_if_fail (DG_IS_REFERRAL_LIST_MODEL (self));

  /* Pages of what was listed before must not land in this list. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  old_n = self->ids->len;
  g_array_set_size (self->ids, 0);
  g_array_append_vals (self->ids, ids, n_ids);
  g_hash_table_remove_all (self->rows);
  g_hash_table_remove_all (self->pages);
  self->loaded = TRUE;
  self->more_wanted = FALSE;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, n_ids);
  g_signal_emit (self, signals[LOADED], 0);
}

gboolean
dg_referral_list_model_is_loaded (DgReferralListModel *self)
{
  g_return_val_if_fail (DG_IS_REFERRAL_LIST_MODEL (self), FALSE);
  return self->loaded;
}

guint
dg_referral_list_model_find (DgReferralListModel *self,
                             gint64               id)
{
  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return i;
  return G_MAXUINT;
}

gboolean
dg_referral_list_model_is_whole (DgReferralListModel *self)
{
  g_return_val_if_fail (DG_IS_REFERRAL_LIST_MODEL (self), TRUE);
  return !self->more_wanted;
}

guint
dg_referral_list_model_search_cap (void)
{
  return SEARCH_CAP;
}

void
dg_referral_list_model_hold_rest (DgReferralListModel *self,
                                  gboolean             held)
{
  g_return_if_fail (DG_IS_REFERRAL_LIST_MODEL (self));

  self->rest_held = held;
  if (!held && self->more_wanted)
    fetch_more (self);
}
