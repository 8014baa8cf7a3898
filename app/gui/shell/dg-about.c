#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "dg-about.h"

/* libadwaita 1.2 has no adw_about_window_new_from_appdata(), so the newest
 * release's version and notes are read from the metainfo in the resources. */

typedef struct
{
  char     *version;
  GString  *notes;
  int       release_depth;   /* > 0 inside the first <release> */
  gboolean  seen_release;
  gboolean  in_description;
  gboolean  in_text;
  GString  *text;
} ReleaseParser;

static void
start_element (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  ReleaseParser *p = user_data;

  if (g_str_equal (element, "release") && !p->seen_release)
    {
      p->seen_release = TRUE;
      p->release_depth = 1;
      for (guint i = 0; names[i] != NULL; i++)
        if (g_str_equal (names[i], "version"))
          p->version = g_strdup (values[i]);
      return;
    }

  if (p->release_depth == 0)
    return;

  p->release_depth++;

  /* Translated copies carry xml:lang; the About window shows the source. */
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], "xml:lang"))
      return;

  if (g_str_equal (element, "description"))
    p->in_description = TRUE;
  else if (p->in_description && g_str_equal (element, "ul"))
    g_string_append (p->notes, "<ul>");
  else if (p->in_description && (g_str_equal (element, "p") || g_str_equal (element, "li")))
    {
      p->in_text = TRUE;
      g_string_truncate (p->text, 0);
    }
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element,
             gpointer              user_data,
             GError              **error)
{
  ReleaseParser *p = user_data;

  if (p->release_depth == 0)
    return;

  p->release_depth--;

  if (p->in_text && (g_str_equal (element, "p") || g_str_equal (element, "li")))
    {
      g_autofree char *escaped = g_markup_escape_text (p->text->str, -1);

      g_string_append_printf (p->notes, "<%s>%s</%s>", element, escaped, element);
      p->in_text = FALSE;
    }
  else if (p->in_description && g_str_equal (element, "ul"))
    g_string_append (p->notes, "</ul>");
  else if (g_str_equal (element, "description"))
    p->in_description = FALSE;
}

static void
text (GMarkupParseContext  *context,
      const char           *chars,
      gsize                 len,
      gpointer              user_data,
      GError              **error)
{
  ReleaseParser *p = user_data;

  if (p->in_text)
    g_string_append_len (p->text, chars, len);
}

void
dg_about_show (GtkWindow *parent)
{
  static const GMarkupParser parser = { start_element, end_element, text, NULL, NULL };
  ReleaseParser p = { 0 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  const char *developers[] = { "Diogelu developers", NULL };
  GtkWidget *about;
  gsize len = 0;
  const char *data;

  p.notes = g_string_new (NULL);
  p.text = g_string_new (NULL);

  bytes = g_resources_lookup_data ("/io/github/diogelu/Diogelu/" APPLICATION_ID ".metainfo.xml", 0, NULL);
  if (bytes != NULL)
    {
      data = g_bytes_get_data (bytes, &len);
      context = g_markup_parse_context_new (&parser, 0, &p, NULL);
      if (!g_markup_parse_context_parse (context, data, len, NULL))
        g_string_truncate (p.notes, 0);
    }

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-icon", APPLICATION_ID,
                        "application-name", _("Diogelu"),
                        "developer-name", _("Diogelu developers"),
                        "version", p.version ? p.version : PACKAGE_VERSION,
                        "release-notes-version", p.version ? p.version : PACKAGE_VERSION,
                        "release-notes", p.notes->str,
                        "comments", _("Duty-to-report referrals, strategy meetings and feedback to report-makers for a children’s safeguarding front door."),
                        "website", "https://github.com/diogelu/diogelu",
                        "issue-url", "https://github.com/diogelu/diogelu/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));

  g_free (p.version);
  g_string_free (p.notes, TRUE);
  g_string_free (p.text, TRUE);
}
