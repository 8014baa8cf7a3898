#include "config.h"

#include <glib/gi18n.h>

#include "dg-role-guard.h"

/* Menus and buttons follow the role (issue 25): what the role may not use
 * is disabled, and says who may. On PostgreSQL the server refuses it
 * anyway; this spares the person the refusal. */

typedef struct
{
  char       *action;
  GWeakRef    widget;
  char       *tooltip;   /* the widget's own, restored when allowed */
  DgDbPower   power;
} Guard;

static void
guard_free (Guard *g)
{
  g_free (g->action);
  g_weak_ref_clear (&g->widget);
  g_free (g->tooltip);
  g_free (g);
}

const char *
dg_role_guard_tooltip (DgDbPower power)
{
  return dg_db_power_role (power) == DG_DB_ROLE_ADMINISTRATOR
           ? _("Only an administrator may do this")
           : _("Only a manager or an administrator may do this");
}

#define GUARDS_KEY "dg-role-guards"

static void
guards_update (GtkWidget *owner,
               DgService *service)
{
  GPtrArray *guards = g_object_get_data (G_OBJECT (owner), GUARDS_KEY);
  DgDbRole role = (DgDbRole) dg_service_get_role (service);

  for (guint i = 0; guards != NULL && i < guards->len; i++)
    {
      Guard *g = g_ptr_array_index (guards, i);
      g_autoptr(GtkWidget) widget = g_weak_ref_get (&g->widget);
      gboolean may = dg_db_role_may (role, g->power);

      if (g->action != NULL)
        gtk_widget_action_set_enabled (owner, g->action, may);
      if (widget != NULL)
        {
          gtk_widget_set_sensitive (widget, may);
          gtk_widget_set_tooltip_text (widget, may ? g->tooltip : dg_role_guard_tooltip (g->power));
        }
    }
}

static void
role_changed (DgService  *service,
              GParamSpec *pspec,
              GtkWidget  *owner)
{
  guards_update (owner, service);
}

void
dg_role_guard (DgService   *service,
               GtkWidget   *owner,
               const char  *action,
               GtkWidget   *widget,
               DgDbPower    power)
{
  GPtrArray *guards;
  Guard *g;

  g_return_if_fail (DG_IS_SERVICE (service));
  g_return_if_fail (GTK_IS_WIDGET (owner));

  guards = g_object_get_data (G_OBJECT (owner), GUARDS_KEY);
  if (guards == NULL)
    {
      guards = g_ptr_array_new_with_free_func ((GDestroyNotify) guard_free);
      g_object_set_data_full (G_OBJECT (owner), GUARDS_KEY, guards, (GDestroyNotify) g_ptr_array_unref);
      g_signal_connect_object (service, "notify::role", G_CALLBACK (role_changed), owner, 0);
    }
  g = g_new0 (Guard, 1);
  g->action = g_strdup (action);
  g_weak_ref_init (&g->widget, widget);
  g->tooltip = widget != NULL ? g_strdup (gtk_widget_get_tooltip_text (widget)) : NULL;
  g->power = power;
  g_ptr_array_add (guards, g);
  guards_update (owner, service);
}
