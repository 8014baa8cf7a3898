#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "dg-error.h"
#include "dg-time.h"

GTimeZone *
dg_time_zone_local (void)
{
  static GTimeZone *local;

  if (g_once_init_enter (&local))
    g_once_init_leave (&local, g_time_zone_new_local ());
  return local;
}

GDateTime *
dg_time_parse (const char  *text,
               const char  *field,
               GError     **error)
{
  int y, mo, d, h = 0, mi = 0, s = 0;
  char sep = 0;
  int consumed = 0;
  int n;
  GDateTime *dt;

  g_return_val_if_fail (field != NULL, NULL);

  /* Four digits of year, always: "2-01-02" is a typing slip, not year 2. */
  if (text == NULL || strlen (text) < 10 ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[2]) || !g_ascii_isdigit (text[3]) || text[4] != '-')
    goto bad;

  n = sscanf (text, "%4d-%2d-%2d%c%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &consumed);
  if (n == 3 && strlen (text) == 10)
    {
      h = mi = 0;
    }
  else if (n == 6 && (sep == 'T' || sep == ' '))
    {
      const char *rest = text + consumed;

      if (*rest == ':')
        {
          int more = 0;
          if (sscanf (rest, ":%2d%n", &s, &more) != 1 || rest[more] != '\0')
            goto bad;
        }
      else if (*rest != '\0')
        goto bad;
    }
  else
    goto bad;

  if (y < 1900)
    goto bad;
  dt = g_date_time_new (dg_time_zone_local (), y, mo, d, h, mi, s);
  if (dt == NULL || !g_date_valid_dmy (d, mo, y))
    {
      g_clear_pointer (&dt, g_date_time_unref);
      goto bad;
    }

  return dt;

bad:
  dg_error_set_field (error, DG_ERROR_INVALID, field, text,
                      _("“%s” is not a valid time; use YYYY-MM-DDTHH:MM"), text ? text : "");
  return NULL;
}

gboolean
dg_date_parse (const char  *text,
               const char  *field,
               GDate       *date,
               GError     **error)
{
  int y, m, d, consumed = 0;

  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);
  if (text != NULL &&
      g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) &&
      g_ascii_isdigit (text[2]) && g_ascii_isdigit (text[3]) &&
      sscanf (text, "%4d-%2d-%2d%n", &y, &m, &d, &consumed) == 3 &&
      text[consumed] == '\0' && consumed == 10 &&
      y >= 1900 && g_date_valid_dmy (d, m, y))
    {
      g_date_set_dmy (date, d, m, y);
      return TRUE;
    }

  dg_error_set_field (error, DG_ERROR_INVALID, field, text,
                      _("“%s” is not a valid date; use YYYY-MM-DD"), text ? text : "");
  return FALSE;
}

char *
dg_time_to_string (GDateTime *dt)
{
  g_return_val_if_fail (dt != NULL, NULL);
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
}

char *
dg_date_to_string (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

char *
dg_time_checked (GDateTime   *now,
                 const char  *field,
                 const char  *text,
                 gboolean     may_be_future,
                 GError     **error)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) limit = NULL;

  if (text == NULL)
    return dg_time_to_string (now);

  dt = dg_time_parse (text, field, error);
  if (dt == NULL)
    return NULL;

  /* Every clock's rules start in 2000: an earlier time is a slip of the year. */
  if (g_date_time_get_year (dt) < 2000)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, field, text, _("“%s” is before 2000; check the year"), text);
      return NULL;
    }

  /* A few minutes' grace for clocks that disagree. */
  limit = g_date_time_add_minutes (now, 10);
  if (!may_be_future && g_date_time_compare (dt, limit) > 0)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, field, text, _("“%s” is in the future"), text);
      return NULL;
    }

  return dg_time_to_string (dt);
}
