/* Saving referrals one at a time, as the intake form does: the core API
 * (dg_referral_add: validation, a new report-maker, two children, categories,
 * the search index, the audit row and the clocks' triggers, one transaction
 * each) on a fresh database with the app's own pragmas, against the same rows
 * written by raw prepared INSERTs into equivalent tables (the same columns and
 * indexes, no triggers), one transaction each, with the same pragmas (WAL,
 * synchronous=FULL, foreign_keys) on another fresh file.
 *
 *   bench-insert DIR N REPETITIONS
 *   bench-insert postgresql://… N REPETITIONS
 *
 * Given a PostgreSQL address instead of a folder (a role that may create
 * databases), both sides run on that server: ours on a fresh database the
 * core creates, the floor's prepared libpq INSERTs (RETURNING the new ids, the
 * search document computed in the INSERT, no triggers) on another, each
 * referral one transaction. Prints "pg-insert-per-s OURS FLOOR". A hub
 * has records: before the timing each side saves N others, untimed, and its
 * tables are analysed (as autovacuum does within a minute of such growth),
 * so that neither side is timed on plans the server made for empty tables.
 *
 * Both files are open together and take turns, 100 referrals at a time, so a
 * busy disk or CPU slows both alike. Prints "insert-per-s OURS FLOOR": the
 * median over the repetitions of each side's rate, in referrals per second.
 * The files are made in DIR (the same disk as the database the other figures
 * read) and removed after each repetition. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "dg-core.h"
#include "dg-db.h"
#include "dg-referrals.h"

static const char * const first_names[] = {
  "Alys", "Aled", "Bethan", "Cai", "Carys", "Cerys", "Dafydd", "Eleri", "Ffion", "Gethin",
  "Harri", "Iwan", "Mabli", "Osian", "Seren", "Siân", "Amelia", "Charlie", "Isla", "Oscar",
};
static const char * const surnames[] = {
  "Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Hughes", "Lewis", "Morgan",
  "Prosser", "Smith", "Taylor", "Wright", "Clarke",
};
static const char * const concerns[] = {
  "Child arrived at school hungry and in unwashed clothes for the third day this week; "
  "the younger sibling was collected late by an adult the school did not know.",
  "Bruising seen on the child's upper arm; the explanation given did not match the injury. "
  "The child was quiet and did not want to go home at the end of the day.",
  "Police attended a domestic incident at the address; both children were present and "
  "the older one said this happens most weekends.",
};

#define CHUNK 100

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

/* One referral's values, shared by both sides. */
typedef struct
{
  char       *received;     /* YYYY-MM-DDTHH:MM:SS */
  char       *reporter;
  char       *email;
  char       *child[2];
  char       *child_key[2];
  char       *dob[2];
  const char *concern;
} Referral;

static void
referral_clear (Referral *r)
{
  g_free (r->received);
  g_free (r->reporter);
  g_free (r->email);
  for (int i = 0; i < 2; i++)
    {
      g_free (r->child[i]);
      g_free (r->child_key[i]);
      g_free (r->dob[i]);
    }
}

static Referral *
make_referrals (guint n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  Referral *all = g_new0 (Referral, n);

  for (guint i = 0; i < n; i++)
    {
      Referral *r = &all[i];
      const char *surname = PICK (rand, surnames);
      g_autoptr(GDateTime) received = g_date_time_add_minutes (now, -(gint) (n - i) - 60);

      r->received = g_date_time_format (received, "%Y-%m-%dT%H:%M:%S");
      r->reporter = g_strdup_printf ("%s %s", PICK (rand, first_names), PICK (rand, surnames));
      r->email = g_strdup_printf ("dsp%u@example.org", i);
      for (int c = 0; c < 2; c++)
        {
          r->child[c] = g_strdup_printf ("%s %s", PICK (rand, first_names), surname);
          r->child_key[c] = dg_name_fold (r->child[c]);
          r->dob[c] = g_strdup_printf ("%04d-%02d-%02d", 2010 + g_rand_int_range (rand, 0, 12),
                                       g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));
        }
      r->concern = PICK (rand, concerns);
    }
  return all;
}

/* The document the intake form hands to the core. */
static JsonObject *
document (const Referral *r)
{
  JsonObject *doc = json_object_new ();
  JsonObject *reporter = json_object_new ();
  JsonArray *children = json_array_new ();
  JsonArray *categories = json_array_new ();

  json_object_set_string_member (doc, "received_at", r->received);
  json_object_set_string_member (doc, "channel", "phone");
  json_object_set_string_member (doc, "rag", "amber");
  json_object_set_string_member (doc, "concern", r->concern);

  json_object_set_string_member (reporter, "name", r->reporter);
  json_object_set_string_member (reporter, "role", "Designated safeguarding person");
  json_object_set_string_member (reporter, "organisation", "Ysgol y Dderwen");
  json_object_set_string_member (reporter, "agency", "education");
  json_object_set_string_member (reporter, "email", r->email);
  json_object_set_string_member (reporter, "phone", "01234 567890");
  json_object_set_object_member (doc, "reporter", reporter);

  for (int c = 0; c < 2; c++)
    {
      JsonObject *child = json_object_new ();

      json_object_set_string_member (child, "name", r->child[c]);
      json_object_set_string_member (child, "dob", r->dob[c]);
      json_object_set_string_member (child, "gender", c ? "female" : "male");
      json_object_set_string_member (child, "school", "Ysgol y Dderwen");
      json_array_add_object_element (children, child);
    }
  json_object_set_array_member (doc, "children", children);

  json_array_add_string_element (categories, "neglect");
  json_array_add_string_element (categories, "emotional");
  json_object_set_array_member (doc, "categories", categories);
  return doc;
}

static void
remove_db (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);
}

static DgDb *
ours_open (const char *path)
{
  g_autoptr(GError) error = NULL;
  DgDb *db;

  remove_db (path);
  db = dg_db_open (path, DG_DB_OPEN_DEFAULT, &error);
  if (db == NULL)
    g_error ("%s", error->message);
  dg_db_set_actor (db, "Bench Practitioner");
  return db;
}

/* Saves referrals @from to @to; returns the seconds it took. */
static double
ours (DgDb           *db,
      const Referral *all,
      guint           from,
      guint           to)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  for (guint i = from; i < to; i++)
    {
      g_autoptr(JsonObject) doc = document (&all[i]);

      if (dg_referral_add (db, doc, NULL, &error) == 0)
        g_error ("referral %u: %s", i, error->message);
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

/* What both floors write for referral @i beyond its own values: the time,
 * the reference and the search and audit texts the core would make. */
typedef struct
{
  char *now;
  char *reference;
  char *names;
  char *detail;
  char *organisation;
} FloorRow;

static FloorRow
floor_row (const Referral *r,
           guint           i)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  FloorRow row;

  row.now = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
  row.reference = g_strdup_printf ("DTR-%.4s-%06u", r->received, i + 1);
  row.names = g_strdup_printf ("%s  %s ", r->child[0], r->child[1]);
  row.detail = g_strdup_printf ("{\"reference\":\"%s\"}", row.reference);
  row.organisation = g_strdup_printf ("Ysgol y Dderwen %s", r->reporter);
  return row;
}

static void
floor_row_clear (FloorRow *row)
{
  g_free (row->now);
  g_free (row->reference);
  g_free (row->names);
  g_free (row->detail);
  g_free (row->organisation);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FloorRow, floor_row_clear)

/* The same information in tables of the same shape, with no logic. */
static const char floor_schema[] =
  "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
  "CREATE TABLE reporter (id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT, organisation TEXT,"
  "  agency TEXT NOT NULL, email TEXT, phone TEXT, address TEXT, language TEXT NOT NULL,"
  "  anonymous INTEGER NOT NULL, created_at TEXT NOT NULL);"
  "CREATE INDEX reporter_name ON reporter (name COLLATE NOCASE);"
  "CREATE INDEX reporter_organisation ON reporter (organisation COLLATE NOCASE);"
  "CREATE TABLE referral (id INTEGER PRIMARY KEY, reference TEXT NOT NULL UNIQUE, received_at TEXT NOT NULL,"
  "  channel TEXT, reporter_id INTEGER REFERENCES reporter (id), status TEXT NOT NULL DEFAULT 'new', rag TEXT,"
  "  concern TEXT, immediate_action TEXT, other_information TEXT, confirmed_at TEXT, acknowledged_at TEXT,"
  "  acknowledged_method TEXT, outcome_sent_at TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 1);"
  "CREATE INDEX referral_received ON referral (received_at DESC, id DESC);"
  "CREATE INDEX referral_status ON referral (status, received_at DESC);"
  "CREATE INDEX referral_reporter ON referral (reporter_id);"
  "CREATE INDEX referral_owed_acknowledgement ON referral (received_at) WHERE acknowledged_at IS NULL;"
  "CREATE INDEX referral_owed_outcome ON referral (received_at) WHERE outcome_sent_at IS NULL AND status = 'decided';"
  "CREATE TABLE child (id INTEGER PRIMARY KEY, referral_id INTEGER NOT NULL REFERENCES referral (id),"
  "  position INTEGER NOT NULL, name TEXT NOT NULL, name_key TEXT NOT NULL, dob TEXT, gender TEXT, school TEXT);"
  "CREATE INDEX child_referral ON child (referral_id, position);"
  "CREATE INDEX child_name_key ON child (name_key);"
  "CREATE INDEX child_dob ON child (dob);"
  "CREATE INDEX child_school ON child (school COLLATE NOCASE);"
  "CREATE TABLE referral_category (referral_id INTEGER NOT NULL REFERENCES referral (id),"
  "  category TEXT NOT NULL, PRIMARY KEY (referral_id, category)) WITHOUT ROWID;"
  "CREATE VIRTUAL TABLE referral_search USING fts5 (reference, names, organisation, concern,"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"
  "CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, entity TEXT NOT NULL,"
  "  entity_id INTEGER NOT NULL, action TEXT NOT NULL, detail TEXT);"
  "CREATE INDEX audit_entity ON audit (entity, entity_id, id);";

enum { S_BEGIN, S_COMMIT, S_REPORTER, S_REFERRAL, S_CHILD, S_CATEGORY, S_SEARCH, S_AUDIT, N_STMTS };

static const char * const floor_sql[N_STMTS] = {
  "BEGIN IMMEDIATE",
  "COMMIT",
  "INSERT INTO reporter (name, role, organisation, agency, email, phone, language, anonymous, created_at) "
  "VALUES (?1, 'Designated safeguarding person', 'Ysgol y Dderwen', 'education', ?2, '01234 567890', 'en', 0, ?3)",
  "INSERT INTO referral (reference, received_at, channel, reporter_id, rag, concern, created_at, updated_at) "
  "VALUES (?1, ?2, 'phone', ?3, 'amber', ?4, ?5, ?5)",
  "INSERT INTO child (referral_id, position, name, name_key, dob, gender, school) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'Ysgol y Dderwen')",
  "INSERT INTO referral_category (referral_id, category) VALUES (?1, ?2)",
  "INSERT INTO referral_search (rowid, reference, names, organisation, concern) VALUES (?1, ?2, ?3, ?4, ?5)",
  "INSERT INTO audit (at, actor, entity, entity_id, action, detail) VALUES (?1, 'Bench Practitioner', 'referral', ?2, 'create', ?3)",
};

static void
run (sqlite3      *raw,
     sqlite3_stmt *stmt)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("floor: %s", sqlite3_errmsg (raw));
  sqlite3_reset (stmt);
}

typedef struct
{
  sqlite3      *raw;
  sqlite3_stmt *s[N_STMTS];
} Floor;

static void
floor_open (Floor      *f,
            const char *path)
{
  remove_db (path);
  if (sqlite3_open (path, &f->raw) != SQLITE_OK ||
      sqlite3_exec (f->raw, floor_schema, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("floor: %s", sqlite3_errmsg (f->raw));
  for (int i = 0; i < N_STMTS; i++)
    if (sqlite3_prepare_v2 (f->raw, floor_sql[i], -1, &f->s[i], NULL) != SQLITE_OK)
      g_error ("floor: %s", sqlite3_errmsg (f->raw));
}

static void
floor_close (Floor *f)
{
  for (int i = 0; i < N_STMTS; i++)
    sqlite3_finalize (f->s[i]);
  sqlite3_close (f->raw);
}

/* Writes referrals @from to @to; returns the seconds it took. */
static double
floor_inserts (Floor          *f,
               const Referral *all,
               guint           from,
               guint           to)
{
  static const char * const categories[] = { "neglect", "emotional" };
  sqlite3 *raw = f->raw;
  sqlite3_stmt **s = f->s;
  gint64 start = g_get_monotonic_time ();

  for (guint i = from; i < to; i++)
    {
      const Referral *r = &all[i];
      g_auto(FloorRow) row = floor_row (r, i);
      sqlite3_int64 reporter_id, id;

      run (raw, s[S_BEGIN]);

      sqlite3_bind_text (s[S_REPORTER], 1, r->reporter, -1, SQLITE_STATIC);
      sqlite3_bind_text (s[S_REPORTER], 2, r->email, -1, SQLITE_STATIC);
      sqlite3_bind_text (s[S_REPORTER], 3, row.now, -1, SQLITE_STATIC);
      run (raw, s[S_REPORTER]);
      reporter_id = sqlite3_last_insert_rowid (raw);

      sqlite3_bind_text (s[S_REFERRAL], 1, row.reference, -1, SQLITE_STATIC);
      sqlite3_bind_text (s[S_REFERRAL], 2, r->received, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (s[S_REFERRAL], 3, reporter_id);
      sqlite3_bind_text (s[S_REFERRAL], 4, r->concern, -1, SQLITE_STATIC);
      sqlite3_bind_text (s[S_REFERRAL], 5, row.now, -1, SQLITE_STATIC);
      run (raw, s[S_REFERRAL]);
      id = sqlite3_last_insert_rowid (raw);

      for (int c = 0; c < 2; c++)
        {
          sqlite3_bind_int64 (s[S_CHILD], 1, id);
          sqlite3_bind_int (s[S_CHILD], 2, c);
          sqlite3_bind_text (s[S_CHILD], 3, r->child[c], -1, SQLITE_STATIC);
          sqlite3_bind_text (s[S_CHILD], 4, r->child_key[c], -1, SQLITE_STATIC);
          sqlite3_bind_text (s[S_CHILD], 5, r->dob[c], -1, SQLITE_STATIC);
          sqlite3_bind_text (s[S_CHILD], 6, c ? "female" : "male", -1, SQLITE_STATIC);
          run (raw, s[S_CHILD]);

          sqlite3_bind_int64 (s[S_CATEGORY], 1, id);
          sqlite3_bind_text (s[S_CATEGORY], 2, categories[c], -1, SQLITE_STATIC);
          run (raw, s[S_CATEGORY]);
        }

      sqlite3_bind_int64 (s[S_SEARCH], 1, id);
      sqlite3_bind_text (s[S_SEARCH], 2, row.reference, -1, SQLITE_STATIC);
      sqlite3_bind_text (s[S_SEARCH], 3, row.names, -1, SQLITE_STATIC);
      sqlite3_bind_text (s[S_SEARCH], 4, row.organisation, -1, SQLITE_STATIC);
      sqlite3_bind_text (s[S_SEARCH], 5, r->concern, -1, SQLITE_STATIC);
      run (raw, s[S_SEARCH]);

      sqlite3_bind_text (s[S_AUDIT], 1, row.now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (s[S_AUDIT], 2, id);
      sqlite3_bind_text (s[S_AUDIT], 3, row.detail, -1, SQLITE_STATIC);
      run (raw, s[S_AUDIT]);

      run (raw, s[S_COMMIT]);
    }
  return (g_get_monotonic_time () - start) / 1e6;
}


/* ---- The PostgreSQL floor ---------------------------------------------------- */

static const char pg_floor_schema[] =
  "CREATE EXTENSION IF NOT EXISTS unaccent;"
  "CREATE TABLE reporter (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name text NOT NULL,"
  "  role text, organisation text, agency text NOT NULL, email text, phone text, address text,"
  "  language text NOT NULL, anonymous integer NOT NULL, created_at text NOT NULL);"
  "CREATE INDEX reporter_name ON reporter (lower (name));"
  "CREATE INDEX reporter_organisation ON reporter (lower (organisation));"
  "CREATE TABLE referral (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, reference text NOT NULL UNIQUE,"
  "  received_at text NOT NULL, channel text, reporter_id bigint REFERENCES reporter (id),"
  "  status text NOT NULL DEFAULT 'new', rag text, concern text, immediate_action text, other_information text,"
  "  confirmed_at text, acknowledged_at text, acknowledged_method text, outcome_sent_at text,"
  "  created_at text NOT NULL, updated_at text NOT NULL, version bigint NOT NULL DEFAULT 1);"
  "CREATE INDEX referral_received ON referral (received_at DESC, id DESC);"
  "CREATE INDEX referral_status ON referral (status, received_at DESC);"
  "CREATE INDEX referral_reporter ON referral (reporter_id);"
  "CREATE INDEX referral_owed_acknowledgement ON referral (received_at) WHERE acknowledged_at IS NULL;"
  "CREATE INDEX referral_owed_outcome ON referral (received_at) WHERE outcome_sent_at IS NULL AND status = 'decided';"
  "CREATE TABLE child (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  referral_id bigint NOT NULL REFERENCES referral (id), position integer NOT NULL, name text NOT NULL,"
  "  name_key text NOT NULL, dob text, gender text, school text);"
  "CREATE INDEX child_referral ON child (referral_id, position);"
  "CREATE INDEX child_name_key ON child (name_key);"
  "CREATE INDEX child_dob ON child (dob);"
  "CREATE INDEX child_school ON child (lower (school));"
  "CREATE TABLE referral_category (referral_id bigint NOT NULL REFERENCES referral (id),"
  "  category text NOT NULL, PRIMARY KEY (referral_id, category));"
  "CREATE TABLE referral_search (rowid bigint PRIMARY KEY, reference text, names text, organisation text,"
  "  concern text, doc tsvector NOT NULL);"
  "CREATE INDEX referral_search_doc ON referral_search USING gin (doc);"
  "CREATE TABLE audit (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, at text NOT NULL,"
  "  actor text NOT NULL, entity text NOT NULL, entity_id bigint NOT NULL, action text NOT NULL, detail text,"
  "  db_role text NOT NULL DEFAULT session_user);"
  "CREATE INDEX audit_entity ON audit (entity, entity_id, id);";

static const char * const pg_floor_sql[N_STMTS] = {
  "BEGIN",
  "COMMIT",
  "INSERT INTO reporter (name, role, organisation, agency, email, phone, language, anonymous, created_at) "
  "VALUES ($1, 'Designated safeguarding person', 'Ysgol y Dderwen', 'education', $2, '01234 567890', 'en', 0, $3) "
  "RETURNING id",
  "INSERT INTO referral (reference, received_at, channel, reporter_id, rag, concern, created_at, updated_at) "
  "VALUES ($1, $2, 'phone', $3, 'amber', $4, $5, $5) RETURNING id",
  "INSERT INTO child (referral_id, position, name, name_key, dob, gender, school) "
  "VALUES ($1, $2, $3, $4, $5, $6, 'Ysgol y Dderwen'), ($1, $7, $8, $9, $10, $11, 'Ysgol y Dderwen')",
  "INSERT INTO referral_category (referral_id, category) VALUES ($1, 'neglect'), ($1, 'emotional')",
  "INSERT INTO referral_search (rowid, reference, names, organisation, concern, doc) VALUES ($1, $2, $3, $4, $5, "
  "  setweight (to_tsvector ('simple', unaccent (lower ($2))), 'A')"
  "  || setweight (to_tsvector ('simple', unaccent (lower ($3))), 'B')"
  "  || setweight (to_tsvector ('simple', unaccent (lower ($4))), 'C')"
  "  || setweight (to_tsvector ('simple', unaccent (lower ($5))), 'D'))",
  "INSERT INTO audit (at, actor, entity, entity_id, action, detail) VALUES ($1, 'Bench Practitioner', 'referral', $2, 'create', $3)",
};

/* The address of database @name on the server of @admin_uri. */
static char *
pg_uri_for (const char *admin_uri,
            const char *name)
{
  const char *slash = strrchr (admin_uri, '/');

  return g_strdup_printf ("%.*s/%s", (int) (slash - admin_uri), admin_uri, name);
}

static void
pg_check (PGconn   *conn,
          PGresult *result,
          const char *what)
{
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    g_error ("%s: %s", what, PQerrorMessage (conn));
}

/* Drops and creates database @name on the server of @admin_uri. */
static void
pg_quiet (void       *data,
          const char *message)
{
}

static void
pg_fresh_database (const char *admin_uri,
                   const char *name)
{
  PGconn *admin = PQconnectdb (admin_uri);
  g_autofree char *drop = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'", name);
  PGresult *result;

  if (PQstatus (admin) != CONNECTION_OK)
    g_error ("%s", PQerrorMessage (admin));
  /* "does not exist, skipping" is no news. */
  PQsetNoticeProcessor (admin, pg_quiet, NULL);
  result = PQexec (admin, drop);
  pg_check (admin, result, "drop database");
  PQclear (result);
  result = PQexec (admin, create);
  pg_check (admin, result, "create database");
  PQclear (result);
  PQfinish (admin);
}

static PGconn *
pg_floor_open (const char *uri)
{
  PGconn *conn = PQconnectdb (uri);
  PGresult *result;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("floor: %s", PQerrorMessage (conn));
  result = PQexec (conn, pg_floor_schema);
  pg_check (conn, result, "floor schema");
  PQclear (result);
  for (int i = 0; i < N_STMTS; i++)
    {
      g_autofree char *name = g_strdup_printf ("s%d", i);

      result = PQprepare (conn, name, pg_floor_sql[i], 0, NULL);
      pg_check (conn, result, pg_floor_sql[i]);
      PQclear (result);
    }
  return conn;
}

/* Runs prepared statement @i; returns the id it returned, or 0. */
static gint64
pg_run (PGconn             *conn,
        int                 i,
        int                 n_params,
        const char * const *params)
{
  g_autofree char *name = g_strdup_printf ("s%d", i);
  PGresult *result = PQexecPrepared (conn, name, n_params, params, NULL, NULL, 0);
  gint64 id = 0;

  pg_check (conn, result, pg_floor_sql[i]);
  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1)
    id = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return id;
}

/* Writes referrals @from to @to; returns the seconds it took. */
static double
pg_floor_inserts (PGconn         *conn,
                  const Referral *all,
                  guint           from,
                  guint           to)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = from; i < to; i++)
    {
      const Referral *r = &all[i];
      g_auto(FloorRow) row = floor_row (r, i);
      g_autofree char *reporter_id = NULL, *id = NULL;

      pg_run (conn, S_BEGIN, 0, NULL);
      reporter_id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                     pg_run (conn, S_REPORTER, 3,
                                             (const char * const[]) { r->reporter, r->email, row.now }));
      id = g_strdup_printf ("%" G_GINT64_FORMAT,
                            pg_run (conn, S_REFERRAL, 5,
                                    (const char * const[]) { row.reference, r->received, reporter_id,
                                                             r->concern, row.now }));
      pg_run (conn, S_CHILD, 11,
              (const char * const[]) { id, "0", r->child[0], r->child_key[0], r->dob[0], "male",
                                       "1", r->child[1], r->child_key[1], r->dob[1], "female" });
      pg_run (conn, S_CATEGORY, 1, (const char * const[]) { id });
      pg_run (conn, S_SEARCH, 5,
              (const char * const[]) { id, row.reference, row.names, row.organisation, r->concern });
      pg_run (conn, S_AUDIT, 3, (const char * const[]) { row.now, id, row.detail });
      pg_run (conn, S_COMMIT, 0, NULL);
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

int
main (int argc, char *argv[])
{
  g_autofree char *ours_path = NULL, *floor_path = NULL;
  g_autofree double *a = NULL, *b = NULL;
  const char *pg_admin = NULL;
  Referral *all;
  guint n, reps, warm;

  if (argc != 4 || (n = atoi (argv[2])) == 0 || (reps = atoi (argv[3])) == 0)
    {
      fprintf (stderr, "usage: %s DIR N REPETITIONS\n", argv[0]);
      return 2;
    }
  if (g_str_has_prefix (argv[1], "postgresql://"))
    {
      pg_admin = argv[1];
    }
  else
    {
      ours_path = g_build_filename (argv[1], "insert-ours.db", NULL);
      floor_path = g_build_filename (argv[1], "insert-floor.db", NULL);
    }
  /* On a server, the first N referrals are the records already there. */
  warm = pg_admin != NULL ? n : 0;
  all = make_referrals (warm + n);
  a = g_new (double, reps);
  b = g_new (double, reps);

  for (guint r = 0; r < reps; r++)
    {
      g_autoptr(DgDb) db = NULL;
      Floor f = { 0 };
      PGconn *pg = NULL;
      double t_ours = 0, t_floor = 0;

      if (pg_admin != NULL)
        {
          g_autofree char *ours_uri = pg_uri_for (pg_admin, "dg_bench_ours");
          g_autofree char *floor_uri = pg_uri_for (pg_admin, "dg_bench_floor");

          pg_fresh_database (pg_admin, "dg_bench_ours");
          pg_fresh_database (pg_admin, "dg_bench_floor");
          db = ours_open (ours_uri);
          pg = pg_floor_open (floor_uri);
          ours (db, all, 0, warm);
          pg_floor_inserts (pg, all, 0, warm);
          /* (Quietly: a role that owns the tables skips the catalogs.) */
          if (!dg_db_exec (db, "SET client_min_messages = error; ANALYZE; RESET client_min_messages", NULL))
            g_error ("ANALYZE on %s failed", ours_uri);
          PQclear (PQexec (pg, "SET client_min_messages = error; ANALYZE; RESET client_min_messages"));
        }
      else
        {
          db = ours_open (ours_path);
          floor_open (&f, floor_path);
        }
      /* Turn about, each going first in every other round. */
      for (guint from = warm, round = 0; from < warm + n; from += CHUNK, round++)
        {
          guint to = MIN (from + CHUNK, warm + n);
          double t;

          if (round % 2 == 0)
            t_ours += ours (db, all, from, to);
          t = pg ? pg_floor_inserts (pg, all, from, to) : floor_inserts (&f, all, from, to);
          t_floor += t;
          if (round % 2 == 1)
            t_ours += ours (db, all, from, to);
        }
      a[r] = n / t_ours;
      b[r] = n / t_floor;
      g_clear_object (&db);
      if (pg != NULL)
        {
          PQfinish (pg);
        }
      else
        {
          floor_close (&f);
          remove_db (ours_path);
          remove_db (floor_path);
        }
    }

  qsort (a, reps, sizeof (double), compare_double);
  qsort (b, reps, sizeof (double), compare_double);
  printf ("%sinsert-per-s %.1f %.1f\n", pg_admin ? "pg-" : "", a[reps / 2], b[reps / 2]);

  for (guint i = 0; i < warm + n; i++)
    referral_clear (&all[i]);
  g_free (all);
  return 0;
}
