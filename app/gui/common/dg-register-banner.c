#include "config.h"

#include <glib/gi18n.h>

#include "dg-format.h"
#include "dg-records-register.h"
#include "dg-register-banner.h"

char *
dg_register_banner_text (const char *name,
                         GPtrArray  *periods,
                         gboolean    earlier_only,
                         gint64      referral_id)
{
  g_autoptr(GString) spans = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; periods != NULL && i < periods->len; i++)
    {
      const DgRegisterPeriod *p = g_ptr_array_index (periods, i);
      g_autofree char *from = dg_format_date (p->from);
      g_autofree char *to = p->to != NULL ? dg_format_date (p->to) : NULL;

      if (earlier_only && !p->earlier)
        {
          if (p->referral == referral_id && p->re_registration)
            {
              g_autofree char *ended = dg_format_date (p->previous_end);

              g_string_append_c (text, ' ');
              /* TRANSLATORS: the date this referral's conference registered the child, and the date the last registration ended */
              g_string_append_printf (text, _("Registered again on %s: a re-registration, within 12 months of the previous registration ending on %s."),
                                      from, ended);
            }
          continue;
        }
      if (spans->len > 0)
        g_string_append (spans, "; ");
      if (to != NULL)
        /* TRANSLATORS: a period on the register, from one date to another */
        g_string_append_printf (spans, _("from %s to %s"), from, to);
      else
        /* TRANSLATORS: a period on the register that has not ended */
        g_string_append_printf (spans, _("from %s, still on it"), from);
    }
  if (spans->len == 0 && text->len == 0)
    return NULL;
  if (spans->len > 0)
    {
      g_autofree char *flag = g_strdup_printf (_("Previously on the child protection register (%s)."), spans->str);

      g_string_prepend (text, flag);
    }
  else
    g_string_erase (text, 0, 1);
  if (name != NULL && *name != '\0')
    {
      g_string_prepend (text, ": ");
      g_string_prepend (text, name);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
