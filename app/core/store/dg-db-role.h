/* The role the person at the keyboard has (issue 25): what the windows
 * offer follows it, and on PostgreSQL the server enforces it. */
#pragma once

#include "dg-db.h"

G_BEGIN_DECLS

typedef enum
{
  DG_DB_ROLE_PRACTITIONER,
  /* Schools' referrals and their letters only. */
  DG_DB_ROLE_EDUCATION,
  /* Also timescale rules, agreed exceptions, restrictions, snapshots. */
  DG_DB_ROLE_MANAGER,
  /* Also the database's settings, retention and disposal approval. */
  DG_DB_ROLE_ADMINISTRATOR,
} DgDbRole;

/* What a role may or may not do: each is allowed from one role up. */
typedef enum
{
  DG_DB_POWER_RESTRICT,       /* restrict a referral, lift a restriction */
  DG_DB_POWER_RULES,          /* timescale and expected-agency rules */
  DG_DB_POWER_EXCEPTIONS,     /* agreed exceptions to a clock */
  DG_DB_POWER_SNAPSHOTS,      /* save the figures as submitted */
  DG_DB_POWER_RETENTION,      /* retention schedule, disposal approval */
  DG_DB_POWER_DATABASE,       /* the database's location, backups, restores */
} DgDbPower;

/* The role's name as stored ("practitioner", "education", "manager",
 * "administrator"), and back (FALSE for an unknown name). */
const char  *dg_db_role_to_string     (DgDbRole       role);
gboolean     dg_db_role_from_string   (const char    *name,
                                       DgDbRole      *role);
/* The role's name for people, translated. */
const char  *dg_db_role_label         (DgDbRole       role);

/* The role @self is used in. On PostgreSQL the server says: the tables'
 * owner is administrator, else a member of diogelu_administrator,
 * diogelu_manager or diogelu_education (in that order), else practitioner.
 * On a SQLite file (one desk), the role the desk chose
 * (dg_db_set_desk_role ()), administrator until it chooses. */
DgDbRole     dg_db_role               (DgDb          *self);
/* The desk's choice on a SQLite file; ignored on PostgreSQL. */
void         dg_db_set_desk_role      (DgDb          *self,
                                       DgDbRole       role);
/* Records in the audit trail (entity "desk", action "role", detail
 * {"from", "to"}) that the desk changed its role from @from to @to, and
 * sets it (dg_db_set_desk_role ()); its own write transaction. */
gboolean     dg_db_record_desk_role   (DgDb          *self,
                                       DgDbRole       from,
                                       DgDbRole       to,
                                       GError       **error);

/* Whether @role may use @power. */
gboolean     dg_db_role_may           (DgDbRole       role,
                                       DgDbPower      power);
/* The least role that may use @power. */
DgDbRole     dg_db_power_role         (DgDbPower      power);

G_END_DECLS
