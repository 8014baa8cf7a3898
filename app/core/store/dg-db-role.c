/* The role the person at the keyboard has (issue 25). On PostgreSQL the
 * server answers (dg_role_kind (), sql/pg/022-roles.sql) and enforces it
 * with grants and row-level security; on one desk's SQLite file the person
 * chooses, and each change is kept in the audit trail. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-db-internal.h"
#include "dg-db-role.h"

static const char * const names[] = {
  [DG_DB_ROLE_PRACTITIONER] = "practitioner",
  [DG_DB_ROLE_EDUCATION] = "education",
  [DG_DB_ROLE_MANAGER] = "manager",
  [DG_DB_ROLE_ADMINISTRATOR] = "administrator",
};

const char *
dg_db_role_to_string (DgDbRole role)
{
  g_return_val_if_fail (role <= DG_DB_ROLE_ADMINISTRATOR, NULL);

  return names[role];
}

gboolean
dg_db_role_from_string (const char *name,
                        DgDbRole   *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (name, names[i]) == 0)
      {
        *role = (DgDbRole) i;
        return TRUE;
      }
  return FALSE;
}

const char *
dg_db_role_label (DgDbRole role)
{
  switch (role)
    {
    case DG_DB_ROLE_PRACTITIONER:
      return _("Practitioner");
    case DG_DB_ROLE_EDUCATION:
      return _("Education liaison");
    case DG_DB_ROLE_MANAGER:
      return _("Manager");
    case DG_DB_ROLE_ADMINISTRATOR:
      return _("Administrator");
    default:
      g_return_val_if_reached (NULL);
    }
}

#define DESK_ROLE_KEY "dg-desk-role"

DgDbRole
dg_db_role (DgDb *self)
{
  int chosen;

  g_return_val_if_fail (DG_IS_DB (self), DG_DB_ROLE_PRACTITIONER);

  if (dg_db_is_postgres (self))
    /* Practitioner, the least, when the server cannot say. */
    return (DgDbRole) dg_db_pg_int (self,
                                    "SELECT CASE dg_role_kind () WHEN 'education' THEN 1 WHEN 'manager' THEN 2 "
                                    "WHEN 'administrator' THEN 3 ELSE 0 END",
                                    DG_DB_ROLE_PRACTITIONER);
  /* One desk: its owner may do anything to the file, as the tables' owner
   * may on a server, so administrator until the desk chooses less. */
  chosen = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self), DESK_ROLE_KEY));
  return chosen == 0 ? DG_DB_ROLE_ADMINISTRATOR : (DgDbRole) (chosen - 1);
}

void
dg_db_set_desk_role (DgDb     *self,
                     DgDbRole  role)
{
  g_return_if_fail (DG_IS_DB (self));
  g_return_if_fail (role <= DG_DB_ROLE_ADMINISTRATOR);

  g_object_set_data (G_OBJECT (self), DESK_ROLE_KEY, GINT_TO_POINTER ((int) role + 1));
}

gboolean
dg_db_record_desk_role (DgDb      *self,
                        DgDbRole   from,
                        DgDbRole   to,
                        GError   **error)
{
  g_auto(DgDbWrite) write = { 0 };

  g_return_val_if_fail (DG_IS_DB (self), FALSE);
  g_return_val_if_fail (from <= DG_DB_ROLE_ADMINISTRATOR && to <= DG_DB_ROLE_ADMINISTRATOR, FALSE);

  if (!dg_db_write (self, &write, error) ||
      !dg_db_audit_printf (self, "desk", 0, "role", error, "{\"from\": \"%s\", \"to\": \"%s\"}",
                           names[from], names[to]) ||
      !dg_db_commit (self, error))
    return FALSE;
  dg_db_set_desk_role (self, to);
  return TRUE;
}

DgDbRole
dg_db_power_role (DgDbPower power)
{
  switch (power)
    {
    case DG_DB_POWER_RESTRICT:
    case DG_DB_POWER_RULES:
    case DG_DB_POWER_EXCEPTIONS:
    case DG_DB_POWER_SNAPSHOTS:
      return DG_DB_ROLE_MANAGER;
    case DG_DB_POWER_RETENTION:
    case DG_DB_POWER_DATABASE:
      return DG_DB_ROLE_ADMINISTRATOR;
    default:
      g_return_val_if_reached (DG_DB_ROLE_ADMINISTRATOR);
    }
}

gboolean
dg_db_role_may (DgDbRole  role,
                DgDbPower power)
{
  /* Education liaison is beside practitioner, not above it: it has no
   * power a practitioner lacks. */
  DgDbRole least = dg_db_power_role (power);

  if (role == DG_DB_ROLE_EDUCATION)
    return FALSE;
  return role >= least;
}
