/* Fuzz target: a referral document as `referral add --file` reads it.
 *
 * The input is read as the CLI reads it (dg_json_parse_document: json-glib
 * behind bounds on depth, size, duplicate names and trailing text); an
 * object goes through
 * dg_referral_validate and, when valid, dg_referral_add (the writer) and
 * dg_referral_show (the reader). Invariants checked besides memory safety:
 * a refusal always comes with an error whose message is UTF-8; add never
 * accepts what validate refused, and refuses what validate accepted only
 * for what needs the database (an unknown reporter.id or link); a saved
 * referral can always be shown, and holds only UTF-8 text. One database
 * per process, started afresh every RESET_AFTER saved referrals. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "dg-db.h"
#include "fuzz-db.h"
#include "dg-error.h"
#include "dg-json.h"
#include "dg-referrals.h"

/* LeakSanitizer's switch, where there is one (clang or gcc with ASan). */
#if defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define HAVE_LSAN 1
# endif
#endif
#if defined(__SANITIZE_ADDRESS__)
# define HAVE_LSAN 1
#endif
#ifdef HAVE_LSAN
# include <sanitizer/lsan_interface.h>
#endif

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

#define RESET_AFTER 10000

static DgDb *db = NULL;
static guint saved = 0;
static gboolean verbose = FALSE;   /* DG_FUZZ_VERBOSE=1: say what became of each input */

/* Whether every member name and string in @node is UTF-8. json-glib 1.6
 * decodes a lone low surrogate (\udc00) or a cut-short escape (\udfyr) to
 * bytes that are not, so text that is not UTF-8 reaches the core. */
static gboolean
all_utf8 (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          if (!g_utf8_validate (name, -1, NULL) || !all_utf8 (member))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!all_utf8 (json_array_get_element (array, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) != G_TYPE_STRING ||
             g_utf8_validate (json_node_get_string (node), -1, NULL);
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

static void
check_refusal (const char *what,
               GError     *error)
{
  if (error == NULL || error->message == NULL || error->domain != DG_ERROR)
    {
      g_printerr ("fuzz-referral-json: %s refused without a DG_ERROR\n", what);
      abort ();
    }
  /* Messages are shown and printed: UTF-8, even when quoting bad input;
   * so is the field they name. */
  if (!g_utf8_validate (error->message, -1, NULL) ||
      (dg_error_get_field (error) != NULL && !g_utf8_validate (dg_error_get_field (error), -1, NULL)))
    {
      g_autofree char *shown = g_utf8_make_valid (error->message, -1);
      g_printerr ("fuzz-referral-json: %s refused with a message that is not UTF-8: %s\n", what, shown);
      abort ();
    }
}

static void
run_object (JsonObject *input)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) shown = NULL;
  gint64 id;

  if (!dg_referral_validate (db, input, &error))
    {
      check_refusal ("dg_referral_validate", error);
      if (verbose)
        g_printerr ("  refused: %s\n", error->message);
      g_clear_error (&error);

      /* What validation refuses is never written. */
      if (dg_referral_add (db, input, NULL, &error) != 0)
        {
          g_printerr ("fuzz-referral-json: dg_referral_add saved a document dg_referral_validate refused\n");
          abort ();
        }
      check_refusal ("dg_referral_add", error);
      return;
    }

  id = dg_referral_add (db, input, NULL, &error);
  if (id <= 0)
    {
      check_refusal ("dg_referral_add", error);
      if (verbose)
        g_printerr ("  valid, not saved: %s\n", error->message);
      /* Only what needs the database can be refused now: a reporter.id or
       * a link to a referral that is not there. */
      if (g_strcmp0 (dg_error_get_field (error), "reporter.id") == 0 ||
          g_strcmp0 (dg_error_get_field (error), "links") == 0)
        return;
      g_printerr ("fuzz-referral-json: validated, then refused by the writer: %s\n", error->message);
      abort ();
    }
  if (verbose)
    g_printerr ("  saved as referral %" G_GINT64_FORMAT "\n", id);

  shown = dg_referral_show (db, id, &error);
  if (shown == NULL || error != NULL)
    {
      g_printerr ("fuzz-referral-json: saved referral %" G_GINT64_FORMAT " cannot be shown: %s\n",
                  id, error ? error->message : "(no error)");
      abort ();
    }
  /* What the database holds is text: UTF-8, whatever came in. */
  if (!all_utf8 (shown))
    {
      g_printerr ("fuzz-referral-json: saved referral %" G_GINT64_FORMAT " holds text that is not UTF-8\n", id);
      abort ();
    }

  if (++saved >= RESET_AFTER)
    {
      db = dg_fuzz_db_reset ("fuzz-referral-json");
      saved = 0;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) first = NULL;
  JsonNode *root;

  if (db == NULL)
    {
      /* A critical (a failed precondition) is a finding, not noise. */
      g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      verbose = g_strcmp0 (g_getenv ("DG_FUZZ_VERBOSE"), "1") == 0;
      db = dg_fuzz_db_open ("fuzz-referral-json");
    }

  if (size > G_MAXSSIZE)
    return 0;

  /* As the CLI hands it over: the bytes of a file, NUL-terminated. */
  text = g_malloc (size + 1);
  if (size > 0)
    memcpy (text, data, size);
  text[size] = '\0';

  /* json-glib 1.6 leaks on some input: the GString of a malformed
   * surrogate pair it refuses ({"a": "\udc73\ud840"}), and every document
   * but the first when the text holds several ({"a": 1}{"b": 2}: it keeps
   * the first and drops the rest). Its leaks, not Diogelu's: the input is
   * parsed with leak checking off, and what the core gets is the same tree
   * written out and parsed again with it on, so that a reference the core
   * forgets to drop is still reported. */
#ifdef HAVE_LSAN
  __lsan_disable ();
#endif
  first = dg_json_parse_document (text, size, &error);
#ifdef HAVE_LSAN
  __lsan_enable ();
#endif
  if (first == NULL)
    {
      /* The reader's own refusals (depth, a second document, a name twice)
       * are data errors in text, as every other. */
      if (error != NULL)
        check_refusal ("dg_json_parse_document", error);
      if (verbose && error != NULL)
        g_printerr ("  not JSON: %s\n", error->message);
      return 0;
    }

  root = first;
  {
    g_autofree char *canonical = json_to_string (first, FALSE);

    /* Not when a string holds what is not UTF-8 (json-glib decodes a lone
     * \udc00 to bytes that are not): the original tree then. */
    parser = json_parser_new ();
    if (json_parser_load_from_data (parser, canonical, -1, NULL) && json_parser_get_root (parser) != NULL)
      root = json_parser_get_root (parser);
  }

  if (JSON_NODE_HOLDS_OBJECT (root))
    run_object (json_node_get_object (root));
  else if (JSON_NODE_HOLDS_ARRAY (root))
    {
      /* A list of documents: each on its own, at most a few. */
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array) && i < 4; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          if (JSON_NODE_HOLDS_OBJECT (element))
            run_object (json_node_get_object (element));
        }
    }

  return 0;
}
