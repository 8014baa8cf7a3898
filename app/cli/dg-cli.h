#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* What every command receives: the global options, and the database once opened. */
typedef struct
{
  char      *db_path;
  char      *now;
  gboolean   json;
  DgDb      *db;
  char      *saved;    /* what a command saved, said when its output is lost */
  gboolean   saved_referral;
  GPtrArray *options;  /* the running command's option names (literals) */
} DgCli;

typedef int (*DgCliCommand) (DgCli   *cli,
                             int      argc,
                             char   **argv,
                             GError **error);

/* Asks @prompt on the terminal and reads the answer without echo; %NULL
 * when standard input is not a terminal (a script). */
char     *dg_cli_ask_secret   (const char  *prompt);

/* Opens the database named by the global options (creating or upgrading it). */
DgDb     *dg_cli_open_db      (DgCli       *cli,
                               DgDbOpenFlags flags,
                               GError     **error);

/* What the terminal shows of @error: the core names a field by its own
 * name ("at", "rationale"); when that is one of the running command's
 * options it is shown as the option, "--at: …", else as it is
 * ("children[0].dob: …"). */
char     *dg_cli_describe_error (DgCli        *cli,
                                 const GError *error);

/* Parses a command's own options; @summary is its one-line help. */
gboolean  dg_cli_parse        (DgCli        *cli,
                               const char   *parameter_string,
                               const char   *summary,
                               GOptionEntry *entries,
                               int          *argc,
                               char       ***argv,
                               GError      **error);

/* Parses the options of a command that takes no other argument; one left
 * over is a usage error, @unexpected, a format given that argument. */
gboolean  dg_cli_parse_options_only (DgCli        *cli,
                                     const char   *summary,
                                     GOptionEntry *entries,
                                     const char   *unexpected,
                                     int          *argc,
                                     char       ***argv,
                                     GError      **error);

/* With --json and no document printed yet, the refusal @error as one:
 * {"error": {"code", "field", "value", "message"}} (CLI.md). */
void      dg_cli_print_refusal (DgCli        *cli,
                                const GError *error);

/* Prints @node as the one JSON document on stdout. */
void      dg_cli_print_json   (JsonNode     *node);

/* Prints @array as the one JSON document on stdout. */
void      dg_cli_print_json_array (JsonArray *array);

/* Prints one row of a listing as a line of text. */
typedef void (*DgCliPrintRow) (JsonObject *row);

/* Prints a whole record as text. */
typedef void (*DgCliPrintText) (JsonNode *node);

/* The end of a listing: @rows as the one JSON document with --json, else
 * each row as text by @print_row. @rows is what the query returned, taken
 * over: NULL when it failed, setting @error. Returns the exit status. */
int       dg_cli_print_rows   (DgCli         *cli,
                               JsonArray     *rows,
                               DgCliPrintRow  print_row,
                               GError       **error);

/* The end of a command that shows what it found or saved: @node as the one
 * JSON document with --json, else as text by @print_text. @node is what the
 * core returned, taken over: NULL when it failed, setting @error. Returns
 * the exit status. */
int       dg_cli_print_node   (DgCli          *cli,
                               JsonNode       *node,
                               DgCliPrintText  print_text,
                               GError        **error);

/* The end of a command whose result is a few members: @result as the one
 * JSON document with --json, else the line @format makes. */
void      dg_cli_print_result (DgCli        *cli,
                               JsonObject   *result,
                               const char   *format,
                               ...) G_GNUC_PRINTF (3, 4);

/* Whether everything printed reached standard output; if not, sets @error
 * naming the reason (flushing first). */
gboolean  dg_cli_check_output (GError      **error);

/* Sends g_print () through a handler that notes a failed write. */
void      dg_cli_install_print_handler (void);

/* The bytes of --file @file ("-" for standard input), NUL-terminated, in
 * *@contents and *@length. At most @max + 1 bytes are read, so a reader with
 * a bound can refuse a larger input without reading all of a stream that
 * need not end. %FALSE with @error (GIO's) when it cannot be read. */
gboolean  dg_cli_read_input   (const char   *file,
                               gsize         max,
                               char        **contents,
                               gsize        *length,
                               GError      **error);

/* dg_cli_read_input (), failing as every command does when the file named
 * by @option cannot be read: invalid input (exit 2) naming the option and
 * the file. */
gboolean  dg_cli_read_file    (const char   *option,
                               const char   *file,
                               gsize         max,
                               char        **contents,
                               gsize        *length,
                               GError      **error);

/* Whether @word asks for help: --help, -h or help. */
gboolean  dg_cli_is_help      (const char   *word);

/* The help of a command group: its usage, @choices and the names of its
 * @subcommands (each on a line of its own, indented). */
void      dg_cli_print_group_help (const char *group,
                                   const char *choices,
                                   const char *subcommands);

/* A usage error naming what is missing or wrong. */
gboolean  dg_cli_usage_error  (GError      **error,
                               const char   *format,
                               ...) G_GNUC_PRINTF (2, 3);

/* A command's subcommands, each by the word that names it. */
typedef struct
{
  const char   *name;
  DgCliCommand  run;
} DgCliSubcommand;

/* Runs the subcommand that argv[1] names, with the arguments after it;
 * @subcommands ends with { NULL }, as option tables do. Without a name, a
 * usage error says @choices; with one not in @subcommands, the error is
 * @unknown, a format given the name, or @choices again when it is NULL. */
int       dg_cli_run_subcommand (DgCli                 *cli,
                                 int                    argc,
                                 char                 **argv,
                                 const DgCliSubcommand *subcommands,
                                 const char            *choices,
                                 const char            *unknown,
                                 GError               **error);

int dg_cli_init    (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_check   (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_backup  (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_demo    (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_referral (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_workdays (DgCli *cli, int argc, char **argv, GError **error);
/* workdays working-day, import-govuk and holidays (dg-cli-calendar.c). */
int dg_cli_working_day (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_import_govuk (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_holidays (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_meeting  (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_notify   (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_template (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_hub      (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_timescales (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_report   (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_report_snapshot (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_report_access (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_audit    (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_clock    (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_disclosure (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_retention (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_export   (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_import   (DgCli *cli, int argc, char **argv, GError **error);
int dg_cli_restore  (DgCli *cli, int argc, char **argv, GError **error);
/* backup --daily (dg-cli-backup-daily.c): @keep -1 and @to NULL take the settings'. */
int dg_cli_backup_daily (DgCli *cli, int keep, char *to, GError **error);

G_END_DECLS
