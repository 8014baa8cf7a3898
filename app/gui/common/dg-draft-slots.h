#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The windows that keep what is typed as a draft (the intake form, the
 * decision dialog, the meeting window) each hold one draft slot; a slot
 * another open window holds is being typed there, so it is never offered
 * to a second one. */

/* The slot @window's draft is kept in, or NULL while it has none. */
typedef const char *(*DgDraftSlotFunc) (GtkWindow *window);

/* The slots of the other windows of @self's type open in this process, as
 * @slot_of reads them (to leave out of dg_service_list_drafts_async ()). */
GStrv      dg_draft_slots_held   (GtkWindow       *self,
                                  DgDraftSlotFunc  slot_of);

/* The drafts of @listed (as dg_service_list_drafts_finish () gives them;
 * NULL or not an array: none) whose slot no other open window of @self's
 * type holds, as @slot_of reads theirs; in @listed's order, its objects. */
GPtrArray *dg_draft_slots_unheld (JsonNode        *listed,
                                  GtkWindow       *self,
                                  DgDraftSlotFunc  slot_of);

G_END_DECLS
