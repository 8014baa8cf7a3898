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

/* ---- Dates as people type them -------------------------------------------- */

typedef struct
{
  const char *name;
  int         month;
} MonthName;

/* English and Welsh, full and short, folded to lower case. */
static const MonthName month_names[] = {
  { "january", 1 }, { "jan", 1 }, { "ionawr", 1 }, { "ion", 1 },
  { "february", 2 }, { "feb", 2 }, { "chwefror", 2 }, { "chwe", 2 },
  { "march", 3 }, { "mar", 3 }, { "mawrth", 3 }, { "maw", 3 },
  { "april", 4 }, { "apr", 4 }, { "ebrill", 4 }, { "ebr", 4 },
  { "may", 5 }, { "mai", 5 },
  { "june", 6 }, { "jun", 6 }, { "mehefin", 6 }, { "meh", 6 },
  { "july", 7 }, { "jul", 7 }, { "gorffennaf", 7 }, { "gor", 7 },
  { "august", 8 }, { "aug", 8 }, { "awst", 8 }, { "aws", 8 },
  { "september", 9 }, { "sep", 9 }, { "sept", 9 }, { "medi", 9 }, { "med", 9 },
  { "october", 10 }, { "oct", 10 }, { "hydref", 10 }, { "hyd", 10 },
  { "november", 11 }, { "nov", 11 }, { "tachwedd", 11 }, { "tach", 11 },
  { "december", 12 }, { "dec", 12 }, { "rhagfyr", 12 }, { "rhag", 12 },
};

/* The months as a message names them, in the interface's language. */
static const char *month_shown[] = {
  NC_("month", "January"), NC_("month", "February"), NC_("month", "March"),
  NC_("month", "April"), NC_("month", "May"), NC_("month", "June"),
  NC_("month", "July"), NC_("month", "August"), NC_("month", "September"),
  NC_("month", "October"), NC_("month", "November"), NC_("month", "December"),
};

#define MAX_TOKENS 4

typedef struct
{
  const char *start;
  gsize       len;
  gboolean    digits;
  char        sep;     /* what came before it: ' ', or the mark among the spaces; 0 for none */
} Token;

/* Splits @text into runs of digits and of ASCII letters; FALSE for
 * anything else, or too many. */
static gboolean
tokenize (const char *text,
          Token      *tokens,
          guint      *n_tokens)
{
  const char *p = text;
  char sep = 0;

  *n_tokens = 0;
  while (*p != '\0')
    {
      if (*p == ' ' || *p == '\t')
        {
          if (sep == 0)
            sep = ' ';
          p++;
        }
      else if (*p == '/' || *p == '-' || *p == '.' || *p == ',')
        {
          /* One mark between two parts ("14 / 3"), not two ("14//3"). */
          if (sep != 0 && sep != ' ')
            return FALSE;
          sep = *p++;
        }
      else if (g_ascii_isdigit (*p) || g_ascii_isalpha (*p))
        {
          gboolean digits = g_ascii_isdigit (*p);
          Token *t;

          if (*n_tokens == MAX_TOKENS)
            return FALSE;
          t = &tokens[(*n_tokens)++];
          t->start = p;
          t->digits = digits;
          t->sep = sep;
          while (*p != '\0' && (digits ? g_ascii_isdigit (*p) : g_ascii_isalpha (*p)))
            p++;
          t->len = p - t->start;
          sep = 0;
        }
      else
        return FALSE;
    }
  /* Nothing may trail but a full stop after an abbreviated month: "14 Mar." is no year. */
  return sep == 0 || sep == ' ';
}

static int
token_number (const Token *t)
{
  int n = 0;

  for (gsize i = 0; i < t->len; i++)
    n = n * 10 + (t->start[i] - '0');
  return n;
}

static int
token_month (const Token *t)
{
  char word[16];

  if (t->digits)
    return t->len <= 2 ? token_number (t) : -1;
  if (t->len >= sizeof word)
    return -1;
  for (gsize i = 0; i < t->len; i++)
    word[i] = g_ascii_tolower (t->start[i]);
  word[t->len] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (month_names); i++)
    if (g_str_equal (word, month_names[i].name))
      return month_names[i].month;
  return -1;
}

static gboolean
is_ordinal (const Token *t)
{
  /* English, and Welsh: 1af, 2il, 3ydd, 5ed, 7fed, 11eg. */
  const char *suffixes[] = { "st", "nd", "rd", "th", "af", "il", "ydd", "ed", "fed", "eg", NULL };

  if (t->digits || t->sep != 0)
    return FALSE;
  for (guint i = 0; suffixes[i] != NULL; i++)
    if (t->len == strlen (suffixes[i]) && g_ascii_strncasecmp (t->start, suffixes[i], t->len) == 0)
      return TRUE;
  return FALSE;
}

gboolean
dg_date_parse_typed (const char  *text,
                     const char  *field,
                     int          this_year,
                     GDate       *date,
                     GError     **error)
{
  g_autofree char *stripped = NULL;
  Token tokens[MAX_TOKENS];
  guint n = 0;
  const Token *day_t, *month_t, *year_t;
  int d, m, y;

  g_return_val_if_fail (date != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  g_date_clear (date, 1);
  if (text == NULL)
    goto nonsense;
  stripped = g_strstrip (g_strdup (text));
  if (!tokenize (stripped, tokens, &n))
    goto nonsense;

  /* "14th March 2017", "14eg Mawrth 2017": the ordinal's letters go. */
  if (n == 4 && tokens[0].digits && is_ordinal (&tokens[1]) && !tokens[2].digits)
    {
      tokens[1] = tokens[2];
      tokens[2] = tokens[3];
      n = 3;
    }
  if (n != 3 || !tokens[0].digits || tokens[0].sep != 0 || !tokens[2].digits)
    goto nonsense;

  if (tokens[0].len == 4)
    {
      /* Year first, as stored: 2017-03-14 (or 2017/3/14), digits throughout. */
      if (!tokens[1].digits || tokens[1].sep != tokens[2].sep ||
          (tokens[1].sep != '-' && tokens[1].sep != '/') ||
          tokens[1].len > 2 || tokens[2].len > 2)
        goto nonsense;
      year_t = &tokens[0];
      month_t = &tokens[1];
      day_t = &tokens[2];
    }
  else
    {
      /* Day first, always: 14/03/2017, 14/3/17, 14 Mar 2017. */
      if (tokens[0].len > 2 || (tokens[2].len != 2 && tokens[2].len != 4))
        goto nonsense;
      if (tokens[1].digits && (tokens[1].len > 2 || tokens[1].sep != tokens[2].sep || tokens[1].sep == ','))
        goto nonsense;
      day_t = &tokens[0];
      month_t = &tokens[1];
      year_t = &tokens[2];
    }

  d = token_number (day_t);
  m = token_month (month_t);
  if (m < 0)
    goto nonsense;
  y = token_number (year_t);
  if (year_t->len == 2)
    {
      if (this_year <= 0)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now (dg_time_zone_local ());

          this_year = g_date_time_get_year (now);
        }
      y += y <= this_year % 100 ? 2000 : 1900;
    }

  if (y < 1900)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, field, text,
                          _("“%s” is not a valid date: the year is before 1900"), text);
      return FALSE;
    }
  if (m < 1 || m > 12)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, field, text,
                          _("“%s” is not a valid date: a year has twelve months"), text);
      return FALSE;
    }
  if (!g_date_valid_dmy (d, m, y))
    {
      g_autofree char *month = g_strdup_printf ("%s %d", g_dpgettext2 (GETTEXT_PACKAGE, "month", month_shown[m - 1]), y);

      /* TRANSLATORS: the second %s is a month and its year, "February 2017"; %d a day of the month. */
      dg_error_set_field (error, DG_ERROR_INVALID, field, text,
                          _("“%s” is not a valid date: %s has no day %d"), text, month, d);
      return FALSE;
    }

  g_date_set_dmy (date, d, m, y);
  return TRUE;

nonsense:
  dg_error_set_field (error, DG_ERROR_INVALID, field, text,
                      _("“%s” is not a valid date; type it as 14/03/2017 or 14 March 2017"), text ? text : "");
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
