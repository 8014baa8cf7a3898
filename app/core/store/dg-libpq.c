/* PostgreSQL's client library, loaded on demand (dg-libpq.h). */

#include "config.h"

#include <gmodule.h>
#include <glib/gi18n-lib.h>

#define DG_LIBPQ_NO_REDIRECT
#include "dg-libpq.h"
#include "dg-error.h"

DgLibpq dg_libpq;

static gint loaded;
static char *failure;

static gpointer
load (gpointer data)
{
  GModule *module = g_module_open ("libpq.so.5", G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);

  if (module == NULL)
    {
      failure = g_strdup (g_module_error ());
      return NULL;
    }
#define DG_LIBPQ_RESOLVE(name) \
  if (failure == NULL && !g_module_symbol (module, #name, (gpointer *) &dg_libpq.name)) \
    failure = g_strdup (g_module_error ());
  DG_LIBPQ_FUNCTIONS (DG_LIBPQ_RESOLVE)
#undef DG_LIBPQ_RESOLVE
  if (failure != NULL)
    return NULL;
  /* Kept for the life of the process: PGconn and PGresult live in it. */
  g_module_make_resident (module);
  g_atomic_int_set (&loaded, 1);
  return NULL;
}

gboolean
dg_libpq_load (GError **error)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, load, NULL);
  if (failure != NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_FAILED,
                   _("PostgreSQL’s client library could not be loaded (%s): install the Debian package libpq5 "
                     "to open a PostgreSQL database"),
                   failure);
      return FALSE;
    }
  return TRUE;
}

gboolean
dg_libpq_loaded (void)
{
  return g_atomic_int_get (&loaded) != 0;
}

void
dg_libpq_clear (PGresult *res)
{
  if (dg_libpq_loaded () && res != NULL)
    dg_libpq.PQclear (res);
}

void
dg_libpq_finish (PGconn *conn)
{
  if (dg_libpq_loaded () && conn != NULL)
    dg_libpq.PQfinish (conn);
}

void
dg_libpq_conninfofree (PQconninfoOption *options)
{
  if (dg_libpq_loaded () && options != NULL)
    dg_libpq.PQconninfoFree (options);
}

void
dg_libpq_freemem (void *ptr)
{
  if (dg_libpq_loaded () && ptr != NULL)
    dg_libpq.PQfreemem (ptr);
}
