#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dg-db-private.h"

static gboolean
starts_with_word (const char *sql,
                  const char *word)
{
  while (g_ascii_isspace (*sql))
    sql++;
  return g_ascii_strncasecmp (sql, word, strlen (word)) == 0;
}

gboolean
dg_pg_is_transaction_control (const char *sql)
{
  static const char * const words[] = { "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE",
                                        "SET", "LISTEN", "START", "END" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (starts_with_word (sql, words[i]))
      return TRUE;
  return FALSE;
}

/* Parameter numbering follows SQLite's: ?N is N, a bare ? the next after the
 * largest so far, and each new :name the next too (a repeated name reuses its
 * number). Quoted text, quoted names, comments and :: casts are copied as
 * they are. */
DgStmt *
dg_pg_stmt_new (const char *sql)
{
  g_autoptr(GString) out = g_string_sized_new (strlen (sql) + 16);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  DgStmt *stmt = g_new0 (DgStmt, 1);
  const char *p = sql;
  int max = 0;

  while (*p != '\0')
    {
      if (*p == '\'' || *p == '"')
        {
          char quote = *p;
          const char *end = p + 1;

          while (*end != '\0' && !(*end == quote && end[1] != quote))
            end += (*end == quote) ? 2 : 1;
          if (*end != '\0')
            end++;
          g_string_append_len (out, p, end - p);
          p = end;
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          const char *end = strchr (p, '\n');

          if (end == NULL)
            end = p + strlen (p);
          g_string_append_len (out, p, end - p);
          p = end;
        }
      else if (p[0] == ':' && p[1] == ':')
        {
          g_string_append (out, "::");
          p += 2;
        }
      else if (*p == '?')
        {
          int index;

          p++;
          if (g_ascii_isdigit (*p))
            {
              index = (int) g_ascii_strtoll (p, (char **) &p, 10);
              max = MAX (max, index);
            }
          else
            index = ++max;
          while ((int) names->len < max)
            g_ptr_array_add (names, NULL);
          g_string_append_printf (out, "$%d", index);
        }
      else if (*p == ':' && (g_ascii_isalpha (p[1]) || p[1] == '_'))
        {
          const char *start = p;
          g_autofree char *name = NULL;
          int index = 0;

          p++;
          while (g_ascii_isalnum (*p) || *p == '_')
            p++;
          name = g_strndup (start, p - start);
          for (guint i = 0; i < names->len; i++)
            if (g_strcmp0 (g_ptr_array_index (names, i), name) == 0)
              index = (int) i + 1;
          if (index == 0)
            {
              g_ptr_array_add (names, g_steal_pointer (&name));
              index = ++max;
            }
          g_string_append_printf (out, "$%d", index);
        }
      else
        g_string_append_c (out, *p++);
    }

  stmt->pg_sql = g_string_free (g_steal_pointer (&out), FALSE);
  stmt->n_params = max;
  stmt->names = g_new0 (char *, max + 1);
  for (int i = 0; i < max && i < (int) names->len; i++)
    stmt->names[i] = g_strdup (g_ptr_array_index (names, i));
  stmt->values = g_new0 (char *, max + 1);
  stmt->types = g_new0 (Oid, max + 1);
  stmt->row = -1;
  stmt->writes = starts_with_word (sql, "INSERT") || starts_with_word (sql, "UPDATE") ||
                 starts_with_word (sql, "DELETE");

  return stmt;
}

void
dg_pg_stmt_clear (DgStmt *stmt)
{
  g_clear_pointer (&stmt->result, PQclear);
  stmt->row = -1;
  for (int i = 0; i < stmt->n_params; i++)
    {
      g_clear_pointer (&stmt->values[i], g_free);
      stmt->types[i] = 0;
    }
}

void
dg_pg_stmt_unprepare (DgStmt *stmt)
{
  g_clear_pointer (&stmt->prepared, g_free);
  g_clear_pointer (&stmt->prepared_types, g_free);
}

void
dg_pg_stmt_free (DgStmt *stmt)
{
  dg_pg_stmt_clear (stmt);
  g_free (stmt->pg_sql);
  g_free (stmt->prepared);
  g_free (stmt->prepared_types);
  g_strfreev (stmt->names);
  g_free (stmt->values);
  g_free (stmt->types);
  g_free (stmt);
}

void
dg_pg_stmt_bind (DgStmt *stmt,
                 int     index,
                 char   *value,
                 Oid     type)
{
  if (index < 1 || index > stmt->n_params)
    {
      g_free (value);
      return;
    }
  g_free (stmt->values[index - 1]);
  stmt->values[index - 1] = value;
  stmt->types[index - 1] = type;
}

gboolean
dg_pg_is_uri (const char *location)
{
  return location != NULL &&
         (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"));
}

static gboolean
is_secret_key (const char *key,
               gsize       length)
{
  g_autofree char *raw = g_strndup (key, length);
  g_autofree char *name = g_uri_unescape_string (raw, NULL);

  return name != NULL && (g_ascii_strcasecmp (name, "password") == 0 ||
                          g_ascii_strcasecmp (name, "sslpassword") == 0);
}

/* Done by hand rather than with GUri: libpq accepts addresses GUri refuses
 * (several hosts, "host1,host2:5433"), and an address that cannot be parsed
 * must still lose its password, never be shown whole. */
char *
dg_pg_uri_for_display (const char *uri)
{
  g_autoptr(GString) out = NULL;
  const char *rest, *end, *at, *colon;

  g_return_val_if_fail (uri != NULL, NULL);

  if (!dg_pg_is_uri (uri))
    {
      /* The keyword form: password='…' or password=…, wherever it stands. */
      static gsize once;
      static GRegex *keyword;

      if (g_once_init_enter (&once))
        {
          keyword = g_regex_new ("(^|\\s)(ssl)?password\\s*=\\s*('([^'\\\\]|\\\\.)*'?|\\S*)",
                                 G_REGEX_OPTIMIZE | G_REGEX_CASELESS, 0, NULL);
          g_once_init_leave (&once, 1);
        }
      return g_regex_replace (keyword, uri, -1, 0, "\\1", 0, NULL);
    }

  out = g_string_new (NULL);
  rest = strstr (uri, "://") + 3;
  g_string_append_len (out, uri, rest - uri);

  /* The authority ends at the path, the query or the fragment; its user
   * information at the last @ (a password may hold an unencoded @). */
  end = rest + strcspn (rest, "/?#");
  at = g_strrstr_len (rest, end - rest, "@");
  if (at != NULL)
    {
      colon = memchr (rest, ':', at - rest);
      g_string_append_len (out, rest, (colon != NULL ? colon : at) - rest);
      rest = at;
    }
  g_string_append_len (out, rest, end - rest);
  rest = end;

  end = rest + strcspn (rest, "?#");
  g_string_append_len (out, rest, end - rest);
  rest = end;
  if (*rest == '?')
    {
      gboolean first = TRUE;

      rest++;
      while (*rest != '\0' && *rest != '#')
        {
          gsize length = strcspn (rest, "&#");
          gsize key = strcspn (rest, "=&#");

          if (length > 0 && !is_secret_key (rest, MIN (key, length)))
            {
              g_string_append_c (out, first ? '?' : '&');
              g_string_append_len (out, rest, length);
              first = FALSE;
            }
          rest += length;
          if (*rest == '&')
            rest++;
        }
    }
  g_string_append (out, rest);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The passwords @conninfo holds, as written and percent-decoded. */
static GPtrArray *
secrets_of (const char *conninfo)
{
  GPtrArray *secrets = g_ptr_array_new_with_free_func (g_free);
  /* Before libpq is loaded no connection was tried, so none echoed. */
  PQconninfoOption *options = dg_libpq_loaded () ? PQconninfoParse (conninfo, NULL) : NULL;

  for (PQconninfoOption *o = options; o != NULL && o->keyword != NULL; o++)
    if (o->val != NULL && *o->val != '\0' &&
        (g_str_equal (o->keyword, "password") || g_str_equal (o->keyword, "sslpassword")))
      g_ptr_array_add (secrets, g_strdup (o->val));
  PQconninfoFree (options);

  /* An address libpq refuses still echoes in its message: take the user
   * information's password by hand too. */
  if (dg_pg_is_uri (conninfo))
    {
      const char *rest = strstr (conninfo, "://") + 3;
      const char *end = rest + strcspn (rest, "/?#");
      const char *at = g_strrstr_len (rest, end - rest, "@");
      const char *colon = at != NULL ? memchr (rest, ':', at - rest) : NULL;

      if (colon != NULL && at > colon + 1)
        {
          char *raw = g_strndup (colon + 1, at - colon - 1);
          char *decoded = g_uri_unescape_string (raw, NULL);

          g_ptr_array_add (secrets, raw);
          if (decoded != NULL)
            g_ptr_array_add (secrets, decoded);
        }
    }
  return secrets;
}

char *
dg_pg_scrub (const char *message,
             const char *conninfo)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GPtrArray) secrets = NULL;
  g_autofree char *shown = NULL;

  if (message == NULL)
    return NULL;
  out = g_string_new (message);
  if (conninfo == NULL)
    return g_string_free (g_steal_pointer (&out), FALSE);

  shown = dg_pg_uri_for_display (conninfo);
  if (*conninfo != '\0')
    g_string_replace (out, conninfo, shown, 0);
  secrets = secrets_of (conninfo);
  for (guint i = 0; i < secrets->len; i++)
    g_string_replace (out, g_ptr_array_index (secrets, i), "***", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static int
code_for_state (const char *state)
{
  if (state == NULL)
    return DG_ERROR_IO;
  if (g_str_has_prefix (state, "23") || g_str_equal (state, "P0001") ||
      g_str_has_prefix (state, "22"))
    return DG_ERROR_INVALID;
  if (g_str_equal (state, "40001") || g_str_equal (state, "40P01") ||
      g_str_equal (state, "55P03") || g_str_equal (state, "57014"))
    return DG_ERROR_LOCKED;
  if (g_str_equal (state, "53100"))
    return DG_ERROR_FULL;
  if (g_str_equal (state, "25006") || g_str_equal (state, "42501"))
    return DG_ERROR_READ_ONLY;
  if (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P") ||
      g_str_has_prefix (state, "53"))
    return DG_ERROR_IO;
  return DG_ERROR_FAILED;
}

static const char *
advice_for_code (int code)
{
  switch (code)
    {
    case DG_ERROR_LOCKED:
      return _("Another practitioner's change was being saved at the same moment. Try again.");
    case DG_ERROR_FULL:
      return _("The database server's disk is full; nothing was saved. Tell whoever runs the server.");
    case DG_ERROR_READ_ONLY:
      return _("Your database role may not write this. Ask whoever runs the server for write access.");
    case DG_ERROR_IO:
      return _("The database server could not be reached. Check the network and the database address (--db or DIOGELU_DB), then try again; nothing was saved.");
    default:
      return NULL;
    }
}

void
dg_pg_set_error (PGconn     *conn,
                 PGresult   *result,
                 GError    **error,
                 const char *what)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = result != NULL ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  g_autofree char *message = NULL;
  int code;
  const char *advice;

  if (primary != NULL)
    message = g_strdup (primary);
  else
    message = g_strstrip (g_strdup (PQerrorMessage (conn)));
  if (*message == '\0')
    {
      g_free (message);
      message = g_strdup (_("the database server did not answer"));
    }
  code = (state == NULL && PQstatus (conn) == CONNECTION_OK) ? DG_ERROR_FAILED : code_for_state (state);
  advice = advice_for_code (code);

  g_set_error (error, DG_ERROR, code, "%s: %s%s%s",
               what, message, advice ? ". " : "", advice ? advice : "");
}

/* TRUE when @result is a success; otherwise @error says why and @result is freed. */
static gboolean
result_ok (PGconn    *conn,
           PGresult  *result,
           GError   **error)
{
  ExecStatusType status = result != NULL ? PQresultStatus (result) : PGRES_FATAL_ERROR;

  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
    return TRUE;
  dg_pg_set_error (conn, result, error, _("Database error"));
  PQclear (result);
  return FALSE;
}

/* Records the parameter types @stmt was prepared with: those bound then,
 * and for a parameter bound as NULL (no type) the one the server inferred
 * from the SQL, asked once per statement. */
static void
prepared_types_read (PGconn  *conn,
                     DgStmt  *stmt)
{
  gboolean inferred = FALSE;
  PGresult *described;

  stmt->prepared_types = g_memdup2 (stmt->types, sizeof (Oid) * (stmt->n_params + 1));
  for (int i = 0; i < stmt->n_params; i++)
    inferred |= stmt->types[i] == 0;
  if (!inferred)
    return;
  described = PQdescribePrepared (conn, stmt->prepared);
  if (PQresultStatus (described) == PGRES_COMMAND_OK)
    for (int i = 0; i < stmt->n_params && i < PQnparams (described); i++)
      stmt->prepared_types[i] = PQparamtype (described, i);
  PQclear (described);
}

/* TRUE when the values bound now mean to the server what they meant when
 * @stmt was prepared: each of the same type, or NULL (which has none). */
static gboolean
types_match (DgStmt *stmt)
{
  if (stmt->prepared == NULL)
    return FALSE;
  for (int i = 0; i < stmt->n_params; i++)
    if (stmt->values[i] != NULL && stmt->types[i] != stmt->prepared_types[i])
      return FALSE;
  return TRUE;
}

gboolean
dg_pg_stmt_execute (PGconn   *conn,
                    DgStmt   *stmt,
                    gint64   *changes,
                    GError  **error)
{
  PGresult *result;

  g_clear_pointer (&stmt->result, PQclear);
  stmt->row = -1;
  /* Parsed and planned once per connection, not at every run: most of a
   * save's time on a server went there. A run with a value of another type
   * than the prepared one is sent whole, so the server always reads a value
   * as the type it was given. */
  if (stmt->prepared == NULL)
    {
      static gint counter;
      g_autofree char *name = g_strdup_printf ("dg%d", g_atomic_int_add (&counter, 1));

      result = PQprepare (conn, name, stmt->pg_sql, stmt->n_params, stmt->types);
      if (PQresultStatus (result) == PGRES_COMMAND_OK)
        {
          PQclear (result);
          stmt->prepared = g_steal_pointer (&name);
          prepared_types_read (conn, stmt);
        }
      else if (!result_ok (conn, result, error))
        return FALSE;
      else
        PQclear (result);
    }
  if (types_match (stmt))
    result = PQexecPrepared (conn, stmt->prepared, stmt->n_params,
                             (const char * const *) stmt->values, NULL, NULL, 0);
  else
    result = PQexecParams (conn, stmt->pg_sql, stmt->n_params, stmt->types,
                           (const char * const *) stmt->values, NULL, NULL, 0);
  if (!result_ok (conn, result, error))
    return FALSE;

  if (changes != NULL && *PQcmdTuples (result) != '\0')
    *changes = g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
  stmt->result = result;
  return TRUE;
}

gboolean
dg_pg_exec (PGconn      *conn,
            const char  *sql,
            GError     **error)
{
  PGresult *result = PQexec (conn, sql);

  if (!result_ok (conn, result, error))
    return FALSE;
  PQclear (result);
  return TRUE;
}

/* ---- Pipelining ------------------------------------------------------------ */

gboolean
dg_pg_stmt_can_send (DgStmt *stmt)
{
  return types_match (stmt);
}

static gboolean
pipeline_begin (PGconn  *conn,
                GError **error)
{
  if (PQpipelineStatus (conn) != PQ_PIPELINE_OFF || PQenterPipelineMode (conn))
    return TRUE;
  dg_pg_set_error (conn, NULL, error, _("Database error"));
  return FALSE;
}

gboolean
dg_pg_stmt_send (PGconn  *conn,
                 DgStmt  *stmt,
                 GError **error)
{
  g_return_val_if_fail (dg_pg_stmt_can_send (stmt), FALSE);

  g_clear_pointer (&stmt->result, PQclear);
  stmt->row = -1;
  if (!pipeline_begin (conn, error))
    return FALSE;
  if (!PQsendQueryPrepared (conn, stmt->prepared, stmt->n_params,
                            (const char * const *) stmt->values, NULL, NULL, 0))
    {
      dg_pg_set_error (conn, NULL, error, _("Database error"));
      return FALSE;
    }
  return TRUE;
}

gboolean
dg_pg_send_sql (PGconn      *conn,
                const char  *sql,
                GError     **error)
{
  if (!pipeline_begin (conn, error))
    return FALSE;
  if (!PQsendQueryParams (conn, sql, 0, NULL, NULL, NULL, NULL, 0))
    {
      dg_pg_set_error (conn, NULL, error, _("Database error"));
      return FALSE;
    }
  return TRUE;
}

/* Each statement's results end with a NULL; the sync ends them all. A
 * statement after a failed one is only "aborted": the failure is the news.
 * A connection that died mid-way returns NULLs with no sync: that ends it. */
gboolean
dg_pg_pipeline_end (PGconn   *conn,
                    GPtrArray *sent,
                    gint64   *changes,
                    gboolean *lost,
                    GError  **error)
{
  GError *first_error = NULL;
  gboolean answered = FALSE;
  guint index = 0, empty = 0;

  if (lost != NULL)
    *lost = FALSE;
  if (PQpipelineStatus (conn) == PQ_PIPELINE_OFF)
    {
      g_ptr_array_set_size (sent, 0);
      return TRUE;
    }
  if (!PQpipelineSync (conn))
    dg_pg_set_error (conn, NULL, &first_error, _("Database error"));
  while (first_error == NULL || PQstatus (conn) != CONNECTION_BAD)
    {
      PGresult *result = PQgetResult (conn);
      ExecStatusType status;
      DgStmt *stmt;

      if (result == NULL)
        {
          /* The end of one statement's results, or a connection gone. */
          if (PQstatus (conn) == CONNECTION_BAD || ++empty > sent->len + 1)
            {
              if (first_error == NULL)
                dg_pg_set_error (conn, NULL, &first_error, _("Database error"));
              break;
            }
          index++;
          continue;
        }
      status = PQresultStatus (result);
      if (status == PGRES_PIPELINE_SYNC)
        {
          PQclear (result);
          break;
        }
      if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        {
          if (status != PGRES_PIPELINE_ABORTED && first_error == NULL)
            {
              dg_pg_set_error (conn, result, &first_error, _("Database error"));
              answered = PQresultErrorField (result, PG_DIAG_SQLSTATE) != NULL;
            }
          PQclear (result);
          continue;
        }
      stmt = index < sent->len ? g_ptr_array_index (sent, index) : NULL;
      if (stmt != NULL)
        {
          if (changes != NULL && *PQcmdTuples (result) != '\0')
            *changes = g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
          g_clear_pointer (&stmt->result, PQclear);
          stmt->result = result;
          stmt->row = -1;
        }
      else
        PQclear (result);
    }
  if (PQstatus (conn) != CONNECTION_BAD)
    PQexitPipelineMode (conn);
  for (guint i = 0; i < sent->len; i++)
    {
      DgStmt *stmt = g_ptr_array_index (sent, i);

      if (stmt == NULL)
        continue;
      stmt->sent = FALSE;
      if (first_error != NULL)
        g_clear_pointer (&stmt->result, PQclear);
    }
  g_ptr_array_set_size (sent, 0);
  if (first_error != NULL)
    {
      if (lost != NULL)
        *lost = !answered && PQstatus (conn) == CONNECTION_BAD;
      g_propagate_error (error, first_error);
      return FALSE;
    }
  return TRUE;
}
