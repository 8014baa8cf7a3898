#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DG_ERROR (dg_error_quark ())

/* Codes shared by the CLI (mapped to exit status) and the GUI (toast or inline message). */
typedef enum
{
  DG_ERROR_FAILED,          /* anything else: exit 1 */
  DG_ERROR_INVALID,         /* invalid input or usage: exit 2 */
  DG_ERROR_NOT_FOUND,       /* no such record: exit 3 */
  DG_ERROR_IO,              /* cannot read or write a file */
  DG_ERROR_LOCKED,          /* another process holds the database (a lock, a deadlock): exit 5 */
  DG_ERROR_CORRUPT,         /* the database fails its integrity check */
  DG_ERROR_NOT_A_DATABASE,  /* the file is not a Diogelu database */
  DG_ERROR_TOO_NEW,         /* written by a newer Diogelu */
  DG_ERROR_READ_ONLY,       /* the database cannot be written */
  DG_ERROR_FULL,            /* the disk is full */
  DG_ERROR_CONFLICT,        /* someone else saved the record since it was read: exit 4 */
  DG_ERROR_OUTCOME_UNKNOWN, /* the commit failed in a way that may have saved it: exit 1 */
  DG_ERROR_PASSWORD,        /* the server asks for a password: none was given, or it was refused: exit 1 */
} DgErrorCode;

GQuark dg_error_quark     (void);

/* The exit status of diogelu-cli for @error (0 when @error is %NULL). */
int    dg_error_exit_code (const GError *error);

/* Errors as data: a refusal of input carries the field it refuses (the JSON
 * path of the input, "children[1].dob", or the option, "--at") and the value
 * refused, apart from its message, which speaks to a person and names
 * neither. The window puts the message beside the field; the CLI prints
 * "field: message". */
void        dg_error_set_field  (GError       **error,
                                 DgErrorCode    code,
                                 const char    *field,
                                 const char    *value,
                                 const char    *format,
                                 ...) G_GNUC_PRINTF (5, 6);
/* The field @error refuses, or NULL (not a refusal of one field). */
const char *dg_error_get_field  (const GError  *error);
/* The value refused, or NULL. */
const char *dg_error_get_value  (const GError  *error);
/* Makes *@error a refusal of @field, its code, value and message kept (an
 * error of another domain becomes %DG_ERROR_FAILED). */
void        dg_error_name_field (GError       **error,
                                 const char    *field);
/* Makes *@error (of another domain) a DG_ERROR of @code with the same
 * message: a new error, since DG_ERROR's carry more than a code. */
void        dg_error_recode     (GError       **error,
                                 DgErrorCode    code);
/* "field: message", or the message alone: what a terminal shows. */
char       *dg_error_describe   (const GError  *error);

G_END_DECLS
