#include "config.h"

#include <string.h>

#include "dg-template.h"
#include "dg-template-editor.h"

#define TAG_PLACEHOLDER "dg-placeholder"
#define TAG_MERGE       "dg-merge-mark"
#define TAG_ERROR       "dg-template-error"

void
dg_template_editor_setup (GtkSourceView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  g_return_if_fail (GTK_SOURCE_IS_VIEW (view));

  gtk_source_view_set_show_line_numbers (view, TRUE);
  gtk_source_view_set_highlight_current_line (view, FALSE);
  /* Mid-tone colours with a translucent background: the text stays the
   * theme's, so either scheme reads them; bold says it without colour. */
  gtk_text_buffer_create_tag (buffer, TAG_PLACEHOLDER,
                              "foreground", "#3584e4",
                              "background-rgba", &(GdkRGBA) { 0.21, 0.52, 0.89, 0.12 },
                              "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, TAG_MERGE,
                              "paragraph-background-rgba", &(GdkRGBA) { 0.96, 0.47, 0.0, 0.25 },
                              "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, TAG_ERROR,
                              "underline", PANGO_UNDERLINE_ERROR,
                              "underline-rgba", &(GdkRGBA) { 0.88, 0.11, 0.14, 1.0 },
                              "background-rgba", &(GdkRGBA) { 0.88, 0.11, 0.14, 0.2 }, NULL);
}

static gboolean
is_merge_mark (const char *line)
{
  return g_str_has_prefix (line, DG_MERGE_MARK_START) || g_str_has_prefix (line, DG_MERGE_MARK_END) ||
         (g_str_has_prefix (line, DG_MERGE_MARK_MIDDLE) &&
          (line[strlen (DG_MERGE_MARK_MIDDLE)] == '\n' || line[strlen (DG_MERGE_MARK_MIDDLE)] == '\0'));
}

/* The iterator at @line, @column (from 1), clamped to the text. */
static void
iter_at (GtkTextBuffer *buffer,
         GtkTextIter   *iter,
         int            line,
         int            column)
{
  gtk_text_buffer_get_iter_at_line (buffer, iter, MAX (line, 1) - 1);
  for (int c = 1; c < column && !gtk_text_iter_ends_line (iter); c++)
    gtk_text_iter_forward_char (iter);
}

void
dg_template_editor_highlight (GtkSourceView *view,
                              int            line,
                              int            column)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  const char *p;
  glong offset = 0;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, TAG_PLACEHOLDER, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, TAG_MERGE, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, TAG_ERROR, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  /* One walk: "{{…}}" spans and lines that are a merge's marks. */
  for (p = text; *p != '\0'; )
    {
      if ((p == text || p[-1] == '\n') && is_merge_mark (p))
        {
          const char *eol = strchr (p, '\n');
          glong n = g_utf8_strlen (p, eol ? eol - p : -1);
          GtkTextIter a, b;

          gtk_text_buffer_get_iter_at_offset (buffer, &a, offset);
          gtk_text_buffer_get_iter_at_offset (buffer, &b, offset + n);
          gtk_text_buffer_apply_tag_by_name (buffer, TAG_MERGE, &a, &b);
        }
      if (p[0] == '{' && p[1] == '{')
        {
          const char *close = strstr (p + 2, "}}");
          const char *eol = strchr (p, '\n');

          if (close != NULL && (eol == NULL || close < eol))
            {
              glong n = g_utf8_strlen (p, close + 2 - p);
              GtkTextIter a, b;

              gtk_text_buffer_get_iter_at_offset (buffer, &a, offset);
              gtk_text_buffer_get_iter_at_offset (buffer, &b, offset + n);
              gtk_text_buffer_apply_tag_by_name (buffer, TAG_PLACEHOLDER, &a, &b);
              offset += n;
              p = close + 2;
              continue;
            }
        }
      p = g_utf8_next_char (p);
      offset++;
    }

  if (line > 0)
    {
      GtkTextIter a, b;

      iter_at (buffer, &a, line, column);
      b = a;
      /* To the end of the placeholder or word that is wrong, at least one character. */
      while (!gtk_text_iter_ends_line (&b))
        {
          gunichar c = gtk_text_iter_get_char (&b);

          gtk_text_iter_forward_char (&b);
          if (c == '}' && gtk_text_iter_get_char (&b) == '}')
            {
              gtk_text_iter_forward_char (&b);
              break;
            }
          if (g_unichar_isspace (gtk_text_iter_get_char (&b)) && gtk_text_iter_get_char (&a) != '{')
            break;
        }
      if (gtk_text_iter_equal (&a, &b))
        gtk_text_iter_backward_char (&a);
      gtk_text_buffer_apply_tag_by_name (buffer, TAG_ERROR, &a, &b);
    }
}

void
dg_template_editor_go_to (GtkSourceView *view,
                          int            line,
                          int            column)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter at;

  iter_at (buffer, &at, line, column);
  gtk_text_buffer_place_cursor (buffer, &at);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (view), &at, 0.1, FALSE, 0, 0);
  gtk_widget_grab_focus (GTK_WIDGET (view));
}
