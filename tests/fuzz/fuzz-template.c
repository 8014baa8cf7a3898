/* Fuzz target: letter templates (dg_template_parse, dg_template_render).
 *
 * Templates are typed by hub staff and stored; the parser must refuse any
 * malformed text with an error and never crash, hang or read out of bounds,
 * and what it accepts must render without leaving "{{" behind. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "dg-error.h"
#include "dg-template.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Values without braces, so a "{{" in the output can only come from the
 * template engine leaving a placeholder behind. */
static GHashTable *
fixed_values (void)
{
  static const char *values[][2] = {
    { "hub.name", "Safeguarding Hub" },
    { "hub.address", "1 Heol y Frenhines\nCaerdydd" },
    { "hub.phone", "029 2000 0000" },
    { "hub.email", "hub@example.org" },
    { "today", "23 November 2026" },
    { "reporter.name", "Ceri Jones" },
    { "reporter.organisation", "Ysgol Enghraifft" },
    { "reporter.role", "" },
    { "referral.reference", "DTR-2026-000001" },
    { "referral.received", "20 November 2026" },
    { "referral.children", "Siân Morgan and Gruffudd Morgan" },
    { "decision.outcome", "nfa" },
    { "decision.outcome_label", "No further action" },
    { "decision.rationale", "Needs met by universal services; 'quotes' \"and\" \xe2\x80\xae" "RTL" },
    { "decision.date", "23 November 2026" },
    { "decision.by", "Tester" },
  };
  GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    g_hash_table_insert (table, (gpointer) values[i][0], (gpointer) values[i][1]);
  return table;
}

static void
render_checked (DgTemplate *template,
                GHashTable *values)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = dg_template_render (template, values, "cy", &error);

  /* Only a letter over its bound may fail, and says so in text. */
  if (out == NULL && error != NULL && error->domain == DG_ERROR && error->code == DG_ERROR_INVALID &&
      g_utf8_validate (error->message, -1, NULL))
    return;
  if (out == NULL || strstr (out, "{{") != NULL)
    {
      g_printerr ("fuzz-template: rendering left a placeholder behind: %s\n", out ? out : "(null)");
      abort ();
    }
  if (!g_utf8_validate (out, -1, NULL))
    {
      g_printerr ("fuzz-template: rendering produced invalid UTF-8\n");
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static GHashTable *values = NULL;
  static GHashTable *empty = NULL;
  static gboolean verbose = FALSE;   /* DG_FUZZ_VERBOSE=1: say what became of each input */
  g_autoptr(DgTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (values == NULL)
    {
      /* A critical (a failed precondition) is a finding, not noise. */
      g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      verbose = g_strcmp0 (g_getenv ("DG_FUZZ_VERBOSE"), "1") == 0;
      values = fixed_values ();
      empty = g_hash_table_new (g_str_hash, g_str_equal);
    }

  /* The parser takes NUL-terminated text. */
  text = g_malloc (size + 1);
  if (size > 0)
    memcpy (text, data, size);
  text[size] = '\0';

  template = dg_template_parse (text, &error);

  /* Exactly one of a template and an error. */
  if ((template == NULL) == (error == NULL))
    {
      g_printerr ("fuzz-template: parse returned %p with error %p\n", (void *) template, (void *) error);
      abort ();
    }
  if (template == NULL)
    {
      if (verbose)
        g_printerr ("  refused: %s\n", error->message);
      if (error->domain != DG_ERROR || error->message == NULL || !g_utf8_validate (error->message, -1, NULL))
        abort ();
      return 0;
    }

  if (verbose)
    g_printerr ("  parsed\n");

  /* Both sides of every {{#if}}: all values set, then none. */
  render_checked (template, values);
  render_checked (template, empty);

  return 0;
}
