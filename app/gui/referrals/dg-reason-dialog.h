#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef void (*DgReasonCallback) (const char *reason, gpointer user_data);

/* Asks, over @parent's window, why a restricted record is being opened;
 * calls @callback with the reason given (never empty), or not at all when
 * the person cancels. */
void dg_ask_reason (GtkWidget        *parent,
                    DgReasonCallback  callback,
                    gpointer          user_data);

G_END_DECLS
