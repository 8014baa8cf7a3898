#include "config.h"

#include "dg-error.h"

typedef struct
{
  char *field;
  char *value;
} DgErrorPrivate;

static void
dg_error_private_init (DgErrorPrivate *priv)
{
}

static void
dg_error_private_copy (const DgErrorPrivate *src,
                       DgErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
  dest->value = g_strdup (src->value);
}

static void
dg_error_private_clear (DgErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
  g_clear_pointer (&priv->value, g_free);
}

/* The quark keeps its name, "dg-error-quark". */
G_DEFINE_EXTENDED_ERROR (DgError, dg_error)

void
dg_error_set_field (GError     **error,
                    DgErrorCode  code,
                    const char  *field,
                    const char  *value,
                    const char  *format,
                    ...)
{
  DgErrorPrivate *priv;
  GError *new_error;
  va_list args;

  if (error == NULL)
    return;
  va_start (args, format);
  new_error = g_error_new_valist (DG_ERROR, code, format, args);
  va_end (args);
  priv = dg_error_get_private (new_error);
  priv->field = g_strdup (field);
  priv->value = g_strdup (value);
  g_propagate_error (error, new_error);
}

const char *
dg_error_get_field (const GError *error)
{
  DgErrorPrivate *priv = error != NULL && error->domain == DG_ERROR ? dg_error_get_private (error) : NULL;

  return priv != NULL ? priv->field : NULL;
}

const char *
dg_error_get_value (const GError *error)
{
  DgErrorPrivate *priv = error != NULL && error->domain == DG_ERROR ? dg_error_get_private (error) : NULL;

  return priv != NULL ? priv->value : NULL;
}

void
dg_error_recode (GError      **error,
                 DgErrorCode   code)
{
  GError *original;

  if (error == NULL || *error == NULL)
    return;
  original = g_steal_pointer (error);
  g_set_error_literal (error, DG_ERROR, code, original->message);
  g_error_free (original);
}

void
dg_error_name_field (GError     **error,
                     const char  *field)
{
  GError *original;

  if (error == NULL || *error == NULL)
    return;
  original = g_steal_pointer (error);
  dg_error_set_field (error, original->domain == DG_ERROR ? original->code : DG_ERROR_FAILED,
                      field, dg_error_get_value (original), "%s", original->message);
  g_error_free (original);
}

char *
dg_error_describe (const GError *error)
{
  const char *field = dg_error_get_field (error);

  g_return_val_if_fail (error != NULL, NULL);
  return field != NULL ? g_strdup_printf ("%s: %s", field, error->message) : g_strdup (error->message);
}

int
dg_error_exit_code (const GError *error)
{
  if (error == NULL)
    return 0;

  if (error->domain == DG_ERROR)
    {
      switch ((DgErrorCode) error->code)
        {
        case DG_ERROR_INVALID:
          return 2;
        case DG_ERROR_NOT_FOUND:
          return 3;
        /* "Re-read and try again" and "try later" are told apart from
         * "fix it": nothing was written in either. */
        case DG_ERROR_CONFLICT:
          return 4;
        case DG_ERROR_LOCKED:
          return 5;
        case DG_ERROR_FAILED:
        case DG_ERROR_IO:
        case DG_ERROR_CORRUPT:
        case DG_ERROR_NOT_A_DATABASE:
        case DG_ERROR_TOO_NEW:
        case DG_ERROR_READ_ONLY:
        case DG_ERROR_FULL:
        case DG_ERROR_OUTCOME_UNKNOWN:
        case DG_ERROR_PASSWORD:
        default:
          return 1;
        }
    }

  if (error->domain == G_OPTION_ERROR)
    return 2;

  return 1;
}
