#pragma once

#include "dg-db.h"

G_BEGIN_DECLS

/* A fresh database in its own temporary folder, for one test. */
typedef struct
{
  char *dir;
  char *location;  /* the file, or the PostgreSQL database's URI */
  DgDb *db;
} DgTestDb;

/* Where a test's fresh database lives: @dir/diogelu.db, or, when
 * $DIOGELU_TEST_PG_URI names a PostgreSQL server's maintenance database,
 * a new empty database there (dropped by dg_test_db_drop ()). */
char    *dg_test_db_location (const char *dir);
void     dg_test_db_drop     (const char *location);
/* TRUE when the tests run against PostgreSQL. */
gboolean dg_test_db_is_pg    (void);
/* Skips the rest of a test that is about SQLite files; TRUE when skipped. */
gboolean dg_test_skip_on_pg  (const char *why);

/* Opens diogelu.db in a new folder named after @prefix. The clock reads
 * Monday 23 November 2026, 10:00 local time, and the actor is "Tester":
 * every due date in the tests counts from there. */
void dg_test_db_setup      (DgTestDb   *t,
                            const char *prefix);
void dg_test_db_teardown   (DgTestDb   *t);

/* The integer in the first column of the one row @sql returns; the test
 * fails if the query fails or returns nothing. */
gint64 dg_test_db_int      (DgDb       *db,
                            const char *sql);

/* Makes every insert of a child for which @condition (SQL over NEW) holds
 * fail as a database error would ('disk trouble'), on either engine. */
void dg_test_db_break_child_insert (DgDb       *db,
                                    const char *condition);

/* PostgreSQL half only: a new login role with a unique name, allowed to
 * read and write the records of the database at @location (as a
 * practitioner would be), and @location as that role. The suite's own
 * role may not create roles, so this goes through the test server's
 * superuser. Undo with dg_test_db_drop_role(). */
char *dg_test_db_new_role  (const char *location,
                            char      **role);
void  dg_test_db_drop_role (const char *location,
                            const char *role);

/* Removes @dir and the files directly inside it. */
void dg_test_remove_folder (const char *dir);

G_END_DECLS
