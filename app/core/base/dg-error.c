#include "config.h"

#include "dg-error.h"

G_DEFINE_QUARK (dg-error-quark, dg_error)

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
        case DG_ERROR_CONFLICT:
          return 2;
        case DG_ERROR_NOT_FOUND:
          return 3;
        case DG_ERROR_FAILED:
        case DG_ERROR_IO:
        case DG_ERROR_LOCKED:
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
