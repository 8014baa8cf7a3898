#include "config.h"

#include <glib/gi18n.h>

#include "dg-format.h"
#include "dg-time.h"

char *
dg_format_time (const char *stored)
{
  g_autoptr(GDateTime) dt = NULL;

  if (stored == NULL)
    return g_strdup ("—");
  dt = dg_time_parse (stored, "time", NULL);
  if (dt == NULL)
    return g_strdup (stored);

  /* Translators: a date and time in lists, see strftime(3); e.g. "23 Nov 2026, 09:30" */
  return g_date_time_format (dt, _("%-d %b %Y, %H:%M"));
}

char *
dg_format_time_for_entry (const char *stored)
{
  g_autoptr(GDateTime) dt = stored != NULL ? dg_time_parse (stored, "time", NULL) : NULL;

  if (dt == NULL)
    return g_strdup (stored != NULL ? stored : "");
  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

char *
dg_format_date (const char *stored)
{
  g_autoptr(GDateTime) dt = NULL;

  if (stored == NULL)
    return g_strdup ("—");
  dt = dg_time_parse (stored, "date", NULL);
  if (dt == NULL)
    return g_strdup (stored);

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    /* Another year's date carries its year. */
    if (g_date_time_get_year (now) != g_date_time_get_year (dt))
      /* Translators: a due date in another year, see strftime(3); e.g. "27 Nov 2023" */
      return g_date_time_format (dt, _("%-d %b %Y"));
  }
  /* Translators: a due date, see strftime(3); e.g. "Mon 23 Nov" */
  return g_date_time_format (dt, _("%a %-d %b"));
}
