#pragma once

#include "dg-db.h"

G_BEGIN_DECLS

/* A fresh database in its own temporary folder, for one test. */
typedef struct
{
  char *dir;
  DgDb *db;
} DgTestDb;

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

/* Removes @dir and the files directly inside it. */
void dg_test_remove_folder (const char *dir);

G_END_DECLS
