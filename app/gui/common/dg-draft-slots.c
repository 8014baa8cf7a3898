#include "config.h"

#include "dg-draft-slots.h"

GStrv
dg_draft_slots_held (GtkWindow       *self,
                     DgDraftSlotFunc  slot_of)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (window != self && G_OBJECT_TYPE (window) == G_OBJECT_TYPE (self) && slot_of (window) != NULL)
        g_strv_builder_add (builder, slot_of (window));
    }
  return g_strv_builder_end (builder);
}

GPtrArray *
dg_draft_slots_unheld (JsonNode        *listed,
                       GtkWindow       *self,
                       DgDraftSlotFunc  slot_of)
{
  GPtrArray *drafts = g_ptr_array_new ();
  g_auto(GStrv) held = NULL;
  JsonArray *array;

  g_return_val_if_fail (GTK_IS_WINDOW (self), drafts);
  g_return_val_if_fail (slot_of != NULL, drafts);

  if (listed == NULL || !JSON_NODE_HOLDS_ARRAY (listed))
    return drafts;
  /* Another window may have taken one since the list was asked for. */
  held = dg_draft_slots_held (self, slot_of);
  array = json_node_get_array (listed);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *draft = json_array_get_object_element (array, i);

      if (!g_strv_contains ((const char * const *) held, json_object_get_string_member (draft, "slot")))
        g_ptr_array_add (drafts, draft);
    }
  return drafts;
}
