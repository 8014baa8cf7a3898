#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dg-error.h"
#include "dg-text.h"
#include "dg-template.h"

static const char * const placeholders[] = {
  "hub.name", "hub.address", "hub.phone", "hub.email", "hub.name_cy", "hub.address_cy", "hub.marking",
  "sender.name",
  "today",
  "reporter.name", "reporter.organisation", "reporter.role",
  "referral.reference", "referral.received", "referral.children",
  "decision.outcome", "decision.outcome_label", "decision.reason", "decision.date", "decision.by",
  NULL
};

typedef enum { NODE_TEXT, NODE_VAR, NODE_IF } NodeKind;

typedef struct Node Node;
struct Node
{
  NodeKind   kind;
  char      *text;       /* text, or the placeholder */
  char      *value;      /* NODE_IF: the value compared with; NULL tests "not empty" */
  GPtrArray *then_part;  /* NODE_IF */
  GPtrArray *else_part;  /* NODE_IF */
};

struct _DgTemplate
{
  GPtrArray *nodes;
};

const char * const *
dg_template_placeholders (void)
{
  return placeholders;
}

static void
node_free (gpointer data)
{
  Node *n = data;

  g_free (n->text);
  g_free (n->value);
  g_clear_pointer (&n->then_part, g_ptr_array_unref);
  g_clear_pointer (&n->else_part, g_ptr_array_unref);
  g_free (n);
}

void
dg_template_free (DgTemplate *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->nodes);
  g_free (self);
}

static void
position (const char *start,
          const char *at,
          int        *line,
          int        *column)
{
  *line = 1;
  *column = 1;
  for (const char *p = start; p < at; p = g_utf8_next_char (p))
    {
      if (*p == '\n')
        (*line)++, *column = 1;
      else
        (*column)++;
    }
}

static DgTemplate *parse (const char *text, int *where, GError **error);

static gboolean
fail (GError    **error,
      int        *where,
      const char *start,
      const char *at,
      const char *message)
{
  int line, column;

  position (start, at, &line, &column);
  where[0] = line;
  where[1] = column;
  g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("line %d, column %d: %s"), line, column, message);
  return FALSE;
}

static gboolean
known (const char *name)
{
  return g_strv_contains (placeholders, name);
}

DgTemplate *
dg_template_parse (const char  *text,
                   GError     **error)
{
  return dg_template_parse_at (text, NULL, NULL, error);
}

DgTemplate *
dg_template_parse_at (const char  *text,
                      int         *error_line,
                      int         *error_column,
                      GError     **error)
{
  g_autoptr(DgTemplate) parsed = NULL;
  int where[2] = { 0, 0 };

  parsed = parse (text, where, error);
  if (error_line != NULL)
    *error_line = where[0];
  if (error_column != NULL)
    *error_column = where[1];
  return g_steal_pointer (&parsed);
}

static DgTemplate *
parse (const char  *text,
       int         *where,
       GError     **error)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();   /* open NODE_IFs */
  g_autoptr(GPtrArray) top = g_ptr_array_new_with_free_func (node_free);
  GPtrArray *current = top;
  const char *p = text;
  DgTemplate *self;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("the template is not valid UTF-8 text"));
      return NULL;
    }
  if (strlen (text) > DG_TEMPLATE_MAX_BYTES)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("the template is longer than %u KiB; a letter needs far less"), DG_TEMPLATE_MAX_BYTES / 1024);
      return NULL;
    }

  /* A merge that both sides changed leaves its marks: never sent in a letter. */
  for (const char *line = text; line != NULL && *line != '\0'; line = strchr (line, '\n'), line = line ? line + 1 : NULL)
    if (g_str_has_prefix (line, DG_MERGE_MARK_START) || g_str_has_prefix (line, DG_MERGE_MARK_END) ||
        g_str_has_prefix (line, DG_MERGE_MARK_BASE) ||
        (g_str_has_prefix (line, DG_MERGE_MARK_MIDDLE) && (line[7] == '\n' || line[7] == '\0')))
      {
        fail (error, where, text, line,
              _("both versions changed these lines: keep the lines you want and delete the “<<<<<<<”, “=======” and “>>>>>>>” marks"));
        return NULL;
      }

  while (*p != '\0')
    {
      const char *open = strstr (p, "{{");
      const char *close;
      g_autofree char *inner = NULL;
      Node *n;

      if (open == NULL)
        open = p + strlen (p);
      if (open > p)
        {
          n = g_new0 (Node, 1);
          n->kind = NODE_TEXT;
          n->text = g_strndup (p, open - p);
          g_ptr_array_add (current, n);
        }
      if (*open == '\0')
        break;

      close = strstr (open + 2, "}}");
      {
        const char *nested = strstr (open + 2, "{{");
        if (close == NULL || (nested != NULL && nested < close))
          {
            fail (error, where, text, open, _("“{{” is not closed by “}}”"));
            return NULL;
          }
      }
      inner = g_strstrip (g_strndup (open + 2, close - open - 2));

      if (g_str_has_prefix (inner, "#if "))
        {
          g_auto(GStrv) parts = g_strsplit (g_strstrip (inner + 4), "=", 2);
          g_strstrip (parts[0]);
          if (!known (parts[0]))
            {
              g_autofree char *message = g_strdup_printf (_("unknown placeholder “%s”"), parts[0]);
              fail (error, where, text, open, message);
              return NULL;
            }
          if (stack->len == DG_TEMPLATE_MAX_DEPTH)
            {
              g_autofree char *message = g_strdup_printf (_("more than %u “{{#if …}}” sections inside one another"),
                                                          DG_TEMPLATE_MAX_DEPTH);
              fail (error, where, text, open, message);
              return NULL;
            }
          n = g_new0 (Node, 1);
          n->kind = NODE_IF;
          n->text = g_strdup (parts[0]);
          n->value = parts[1] ? g_strdup (g_strstrip (parts[1])) : NULL;
          n->then_part = g_ptr_array_new_with_free_func (node_free);
          g_ptr_array_add (current, n);
          g_ptr_array_add (stack, n);
          current = n->then_part;
        }
      else if (g_str_equal (inner, "else"))
        {
          Node *open_if = stack->len ? g_ptr_array_index (stack, stack->len - 1) : NULL;
          if (open_if == NULL || open_if->else_part != NULL)
            {
              fail (error, where, text, open, _("“{{else}}” without an open “{{#if …}}”"));
              return NULL;
            }
          open_if->else_part = g_ptr_array_new_with_free_func (node_free);
          current = open_if->else_part;
        }
      else if (g_str_equal (inner, "/if"))
        {
          if (stack->len == 0)
            {
              fail (error, where, text, open, _("“{{/if}}” without an open “{{#if …}}”"));
              return NULL;
            }
          g_ptr_array_remove_index (stack, stack->len - 1);
          if (stack->len == 0)
            current = top;
          else
            {
              Node *outer = g_ptr_array_index (stack, stack->len - 1);
              current = outer->else_part ? outer->else_part : outer->then_part;
            }
        }
      else
        {
          if (!known (inner))
            {
              g_autofree char *message = g_strdup_printf (_("unknown placeholder “%s”"), inner);
              fail (error, where, text, open, message);
              return NULL;
            }
          n = g_new0 (Node, 1);
          n->kind = NODE_VAR;
          n->text = g_strdup (inner);
          g_ptr_array_add (current, n);
        }

      p = close + 2;
    }

  if (stack->len > 0)
    {
      fail (error, where, text, p, _("“{{#if …}}” is not closed by “{{/if}}”"));
      return NULL;
    }

  self = g_new0 (DgTemplate, 1);
  self->nodes = g_steal_pointer (&top);
  return self;
}

/* Recursion is bounded by DG_TEMPLATE_MAX_DEPTH, which parse () enforces. */
static void
render_nodes (GPtrArray  *nodes,
              GHashTable *values,
              gboolean    welsh,
              GString    *out)
{
  for (guint i = 0; nodes != NULL && i < nodes->len && out->len <= DG_LETTER_MAX_BYTES; i++)
    {
      Node *n = g_ptr_array_index (nodes, i);
      const char *value;

      switch (n->kind)
        {
        case NODE_TEXT:
          g_string_append (out, n->text);
          break;
        case NODE_VAR:
          value = g_hash_table_lookup (values, n->text);
          if (value != NULL && welsh)
            dg_text_cy_join (out, value);
          if (value != NULL)
            g_string_append (out, value);
          break;
        case NODE_IF:
          value = g_hash_table_lookup (values, n->text);
          if (n->value != NULL ? g_strcmp0 (value, n->value) == 0 : (value != NULL && *value != '\0'))
            render_nodes (n->then_part, values, welsh, out);
          else
            render_nodes (n->else_part, values, welsh, out);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

char *
dg_template_render (DgTemplate  *self,
                    GHashTable  *values,
                    const char  *language,
                    GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  render_nodes (self->nodes, values, g_strcmp0 (language, "cy") == 0, out);
  if (out->len > DG_LETTER_MAX_BYTES)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("the letter would be longer than %u KiB; shorten its template or the text it quotes"),
                   DG_LETTER_MAX_BYTES / 1024);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
write_temporary (const char  *dir,
                 const char  *name,
                 const char  *text,
                 char       **path,
                 GError     **error)
{
  *path = g_build_filename (dir, name, NULL);
  return g_file_set_contents (*path, text, -1, error);
}

char *
dg_text_merge (const char  *base,
               const char  *mine,
               const char  *theirs,
               const char  *mine_label,
               const char  *theirs_label,
               gboolean    *clean,
               GError     **error)
{
  g_autofree char *dir = g_dir_make_tmp ("diogelu-merge-XXXXXX", error);
  g_autofree char *base_path = NULL, *mine_path = NULL, *theirs_path = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GSubprocess) process = NULL;
  char *merged = NULL;

  if (dir == NULL)
    goto io_error;
  if (!write_temporary (dir, "base", base, &base_path, error) ||
      !write_temporary (dir, "mine", mine, &mine_path, error) ||
      !write_temporary (dir, "theirs", theirs, &theirs_path, error))
    goto io_error;

  /* diff3 (diffutils, always on Debian) merges line by line: 0 clean, 1 with
   * conflicts marked, 2 trouble. --show-overlap brackets only the two sides
   * of a conflict, without the base text between them. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, error,
                              "diff3", "--merge", "--show-overlap", "--label", mine_label, "--label", "base", "--label", theirs_label,
                              mine_path, base_path, theirs_path, NULL);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, error))
    goto io_error;
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) > 1)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_FAILED, _("The two versions could not be merged: %s"),
                   err && *err ? g_strstrip (err) : _("diff3 failed"));
      goto out;
    }
  *clean = g_subprocess_get_exit_status (process) == 0;
  merged = g_steal_pointer (&out);
  goto out;

io_error:
  if (error != NULL && *error != NULL && (*error)->domain != DG_ERROR)
    dg_error_recode (error, DG_ERROR_IO);
out:
  for (const char *p[] = { base_path, mine_path, theirs_path }, **i = p; i < p + G_N_ELEMENTS (p); i++)
    if (*i != NULL)
      g_unlink (*i);
  if (dir != NULL)
    g_rmdir (dir);
  return merged;
}
