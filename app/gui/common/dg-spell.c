#include "config.h"

#include <enchant.h>
#include <glib/gi18n.h>

#include "dg-spell.h"

#define TAG_MISSPELT    "dg-misspelt"
#define TAG_PLACEHOLDER "dg-placeholder"   /* dg-template-editor.c's */
#define MAX_SUGGESTIONS 6

typedef struct
{
  GtkTextView  *view;      /* not owned: the view owns this */
  EnchantDict  *dict;      /* NULL without the dictionary */
  char         *language;
  guint         idle;
  GMenu        *suggestions;
  GtkTextMark  *word_start, *word_end;   /* the word the menu is for */
  GtkTextBuffer *buffer;
  gulong        changed_id;
} Spell;

static EnchantBroker *
broker (void)
{
  static EnchantBroker *shared;

  /* One for the process: it loads the providers once. */
  if (shared == NULL)
    shared = enchant_broker_init ();
  return shared;
}

/* The dictionary for "en" or "cy", or NULL. Welsh is "cy" in aspell-cy;
 * enchant also answers "cy_GB" from it. */
static EnchantDict *
dict_for (const char *language)
{
  const char *en[] = { "en_GB", "en", NULL };
  const char *cy[] = { "cy_GB", "cy", NULL };
  const char * const *tags = g_strcmp0 (language, "cy") == 0 ? cy : en;

  for (guint i = 0; tags[i] != NULL; i++)
    if (enchant_broker_dict_exists (broker (), tags[i]))
      return enchant_broker_request_dict (broker (), tags[i]);
  return NULL;
}

gboolean
dg_spell_available (const char *language)
{
  EnchantDict *dict = dict_for (language);

  if (dict == NULL)
    return FALSE;
  enchant_broker_free_dict (broker (), dict);
  return TRUE;
}

static void
spell_free (Spell *spell)
{
  g_clear_handle_id (&spell->idle, g_source_remove);
  g_clear_signal_handler (&spell->changed_id, spell->buffer);
  g_clear_object (&spell->buffer);
  if (spell->dict != NULL)
    enchant_broker_free_dict (broker (), spell->dict);
  g_clear_object (&spell->suggestions);
  g_free (spell->language);
  g_free (spell);
}

static gboolean
misspelt (Spell      *spell,
          const char *word)
{
  /* Numbers, initials and codes are not words to check. */
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isdigit (g_utf8_get_char (p)))
      return FALSE;
  if (g_utf8_strlen (word, -1) < 2)
    return FALSE;
  return enchant_dict_check (spell->dict, word, -1) != 0;
}

static gboolean
check_now (gpointer data)
{
  Spell *spell = data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (spell->view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *placeholder = gtk_text_tag_table_lookup (table, TAG_PLACEHOLDER);
  GtkTextIter start, end, word_end;

  spell->idle = 0;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, TAG_MISSPELT, &start, &end);
  if (spell->dict == NULL)
    return G_SOURCE_REMOVE;

  for (;;)
    {
      g_autofree char *word = NULL;
      GtkTextIter before = start;
      /* FALSE also for the last word when it ends the text: checked all the same. */
      gboolean more = gtk_text_iter_forward_word_end (&start);

      if (gtk_text_iter_equal (&before, &start) || !gtk_text_iter_ends_word (&start))
        break;
      word_end = start;
      gtk_text_iter_backward_word_start (&start);
      word = gtk_text_iter_get_text (&start, &word_end);
      if ((placeholder == NULL || !gtk_text_iter_has_tag (&start, placeholder)) && misspelt (spell, word))
        gtk_text_buffer_apply_tag_by_name (buffer, TAG_MISSPELT, &start, &word_end);
      start = word_end;
      if (!more)
        break;
    }
  return G_SOURCE_REMOVE;
}

static void
changed (Spell *spell)
{
  /* After a pause in typing, and after the template editor's own highlighting. */
  g_clear_handle_id (&spell->idle, g_source_remove);
  spell->idle = g_timeout_add (250, check_now, spell);
}

static Spell *
spell_of (GtkTextView *view)
{
  return g_object_get_data (G_OBJECT (view), "dg-spell");
}

/* A right click on a misspelt word puts its suggestions in the menu. */
static void
pressed (GtkGestureClick *gesture,
         int              n_press,
         double           x,
         double           y,
         Spell           *spell)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (spell->view);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), TAG_MISSPELT);
  GtkTextIter at, start, end;
  int bx, by;

  g_menu_remove_all (spell->suggestions);
  gtk_text_view_window_to_buffer_coords (spell->view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (spell->view, &at, bx, by) || !gtk_text_iter_has_tag (&at, tag))
    return;
  start = end = at;
  if (!gtk_text_iter_starts_tag (&start, tag))
    gtk_text_iter_backward_to_tag_toggle (&start, tag);
  gtk_text_iter_forward_to_tag_toggle (&end, tag);
  gtk_text_buffer_move_mark (buffer, spell->word_start, &start);
  gtk_text_buffer_move_mark (buffer, spell->word_end, &end);
  {
    g_autofree char *word = gtk_text_iter_get_text (&start, &end);
    g_auto(GStrv) words = dg_spell_suggest (spell->language, word, MAX_SUGGESTIONS);

    for (guint i = 0; words[i] != NULL; i++)
      {
        g_autoptr(GMenuItem) item = g_menu_item_new (words[i], NULL);

        g_menu_item_set_action_and_target_value (item, "spell.replace", g_variant_new_string (words[i]));
        g_menu_append_item (spell->suggestions, item);
      }
    if (words[0] == NULL)
      {
        g_autoptr(GMenuItem) item = g_menu_item_new (_("No Suggestions"), "spell.none");
        g_menu_append_item (spell->suggestions, item);
      }
  }
}

static void
replace (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       data)
{
  Spell *spell = data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (spell->view);
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_mark (buffer, &start, spell->word_start);
  gtk_text_buffer_get_iter_at_mark (buffer, &end, spell->word_end);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, g_variant_get_string (parameter, NULL), -1);
  gtk_text_buffer_end_user_action (buffer);
}

void
dg_spell_attach (GtkTextView *view,
                 const char  *language)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  Spell *spell = g_new0 (Spell, 1);
  GtkGesture *click = gtk_gesture_click_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) replace_action = g_simple_action_new ("replace", G_VARIANT_TYPE_STRING);
  GtkTextIter start;

  g_return_if_fail (GTK_IS_TEXT_VIEW (view));
  g_return_if_fail (spell_of (view) == NULL);

  spell->view = view;
  spell->language = g_strdup (language);
  spell->dict = dict_for (language);
  spell->suggestions = g_menu_new ();
  gtk_text_buffer_get_start_iter (buffer, &start);
  spell->word_start = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
  spell->word_end = gtk_text_buffer_create_mark (buffer, NULL, &start, FALSE);
  g_object_set_data_full (G_OBJECT (view), "dg-spell", spell, (GDestroyNotify) spell_free);

  gtk_text_buffer_create_tag (buffer, TAG_MISSPELT,
                              "underline", PANGO_UNDERLINE_ERROR,
                              "underline-rgba", &(GdkRGBA) { 0.88, 0.11, 0.14, 1.0 }, NULL);
  spell->buffer = g_object_ref (buffer);
  spell->changed_id = g_signal_connect_swapped (buffer, "changed", G_CALLBACK (changed), spell);

  g_signal_connect (replace_action, "activate", G_CALLBACK (replace), spell);
  g_action_map_add_action (G_ACTION_MAP (actions), G_ACTION (replace_action));
  gtk_widget_insert_action_group (GTK_WIDGET (view), "spell", G_ACTION_GROUP (actions));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (spell->suggestions));
  gtk_text_view_set_extra_menu (view, G_MENU_MODEL (menu));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed), spell);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (click));
  changed (spell);
}

void
dg_spell_set_language (GtkTextView *view,
                       const char  *language)
{
  Spell *spell = spell_of (view);

  g_return_if_fail (spell != NULL);

  if (g_strcmp0 (spell->language, language) == 0)
    return;
  if (spell->dict != NULL)
    enchant_broker_free_dict (broker (), spell->dict);
  g_free (spell->language);
  spell->language = g_strdup (language);
  spell->dict = dict_for (language);
  changed (spell);
}

GStrv
dg_spell_misspelt (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), TAG_MISSPELT);
  g_autoptr(GStrvBuilder) words = g_strv_builder_new ();
  GtkTextIter at;

  gtk_text_buffer_get_start_iter (buffer, &at);
  while (tag != NULL && (gtk_text_iter_starts_tag (&at, tag) || gtk_text_iter_forward_to_tag_toggle (&at, tag)))
    {
      GtkTextIter end = at;
      g_autofree char *word = NULL;

      if (!gtk_text_iter_starts_tag (&at, tag))
        continue;
      gtk_text_iter_forward_to_tag_toggle (&end, tag);
      word = gtk_text_iter_get_text (&at, &end);
      g_strv_builder_add (words, word);
      at = end;
    }
  return g_strv_builder_end (words);
}

GStrv
dg_spell_suggest (const char *language,
                  const char *word,
                  guint       max)
{
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  EnchantDict *dict = dict_for (language);
  size_t n = 0;
  char **found;

  if (dict == NULL)
    return g_strv_builder_end (out);
  found = enchant_dict_suggest (dict, word, -1, &n);
  for (size_t i = 0; i < n && i < max; i++)
    g_strv_builder_add (out, found[i]);
  if (found != NULL)
    enchant_dict_free_string_list (dict, found);
  enchant_broker_free_dict (broker (), dict);
  return g_strv_builder_end (out);
}
