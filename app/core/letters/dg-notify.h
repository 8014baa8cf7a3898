#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* Notifications back to report-makers: templates in English and Welsh,
 * rendered for one referral, written as text or e-mail, and recorded exactly
 * as sent. */

/* What every English letter ends with: correspondence in Welsh is welcome
 * (in Welsh first, so that a Welsh speaker finds it). */
#define DG_NOTIFY_WELSH_WELCOME \
  "Rydym yn croesawu gohebiaeth yn Gymraeg, a byddwn yn ateb yn Gymraeg heb oedi.\n" \
  "We welcome correspondence in Welsh, and will reply in Welsh without delay."

/* The template @name (acknowledgement, outcome) in @language: the newest
 * saved version, else the one shipped (version 0). */
char      *dg_template_get       (DgDb        *db,
                                  const char  *name,
                                  const char  *language,
                                  int         *version,
                                  GError     **error);

/* The newest version of a template: {"name", "language", "version", "body",
 * "saved_by", "saved_at"} (who and when are null for the shipped version 0). */
JsonObject *dg_template_show     (DgDb        *db,
                                  const char  *name,
                                  const char  *language,
                                  GError     **error);

/* Saves a new version after checking it; refused with line and column.
 * With @base_version >= 0 (the version the editor opened), refused with
 * %DG_ERROR_CONFLICT when someone has saved a newer one since. */
gboolean   dg_template_set       (DgDb        *db,
                                  const char  *name,
                                  const char  *language,
                                  const char  *body,
                                  int          base_version,
                                  int         *saved_version,
                                  GError     **error);

/* [{"name", "language", "version"}] for every template. */
JsonArray *dg_template_list      (DgDb        *db,
                                  GError     **error);

/* Renders the @kind letter for referral @id in @language (NULL: the
 * report-maker's preference). @hub holds hub.name, hub.address, … ; %NULL:
 * the hub's own settings in the database (dg_hub_get ()).
 * {"kind", "language", "subject", "body", "recipient", "template", "version"}. */
JsonObject *dg_notify_render     (DgDb        *db,
                                  gint64       id,
                                  const char  *kind,
                                  const char  *language,
                                  GHashTable  *hub,
                                  GError     **error);

/* Renders with @source_text instead of the saved template: the live preview. */
JsonObject *dg_notify_preview    (DgDb        *db,
                                  gint64       id,
                                  const char  *kind,
                                  const char  *language,
                                  GHashTable  *hub,
                                  const char  *source_text,
                                  GError     **error);

/* An RFC 5322 message (UTF-8, Content-Language) a mail client opens ready to send. */
char      *dg_notify_eml         (JsonObject  *rendered,
                                  const char  *from,
                                  GDateTime   *date);

/* Records @rendered as sent (immutable), which stops its clock. */
gboolean   dg_notify_mark_sent   (DgDb        *db,
                                  gint64       id,
                                  JsonObject  *rendered,
                                  const char  *format,
                                  const char  *method,
                                  GError     **error);

/* The same inside the caller's write transaction (the outbox marks a
 * letter delivered in the same one), @method given. */
gboolean   dg_notify_record_sent (DgDb        *db,
                                  gint64       id,
                                  JsonObject  *rendered,
                                  const char  *format,
                                  const char  *method,
                                  GError     **error);

/* What is owed to report-makers: [{"referral", "reference", "kind", "received_at",
 * "decided_at", "reporter", "organisation", "agency", "language", "email"}],
 * oldest first. With @organisation, only that organisation's (a school's). */
JsonArray *dg_notify_owed        (DgDb        *db,
                                  const char  *organisation,
                                  const char  *from,
                                  const char  *to,
                                  GError     **error);

G_END_DECLS
