#pragma once

#include "dg-record.h"

G_BEGIN_DECLS

/* The records of letters to report-makers: what is owed, a letter rendered,
 * and the templates they are written from. Strings are as the core stores
 * them (times YYYY-MM-DDTHH:MM:SS, vocabulary ids) and never NULL except
 * where said. (The core has a DgLetter, a letter laid out on pages, and a
 * DgTemplate, a template parsed: hence the longer names here.) */

/* One letter owed to a report-maker, as the Notifications page lists it. */
typedef struct
{
  gint64  referral;
  char   *reference;
  char   *kind;           /* acknowledgement, outcome */
  char   *received_at;
  char   *decided_at;     /* NULL: an acknowledgement, owed before any decision */
  char   *reporter;       /* NULL or "": anonymous or not named */
  char   *organisation;   /* NULL: none given */
  char   *agency;         /* NULL: not given */
  char   *language;       /* NULL: no report-maker to have one */
  char   *email;          /* NULL: none given */
} DgOwedLetter;

#define DG_TYPE_OWED_LETTER (dg_owed_letter_get_type ())
DG_DECLARE_RECORD (DgOwedLetter, dg_owed_letter)

/* A letter rendered for one referral, exactly as it would be sent: marking
 * it as sent stores this text, not a new rendering. */
typedef struct
{
  gint64  referral;
  char   *reference;
  char   *kind;           /* acknowledgement, outcome */
  char   *language;       /* en, cy, or cy+en for both in one letter */
  char   *subject;
  char   *body;
  char   *recipient;      /* the report-maker's e-mail address; NULL: none */
  char   *template_name;  /* the template it was written from… */
  gint64  version;        /* …and that template's version (0: the one shipped) */
  char   *logo;           /* the letterhead's logo, base64; NULL: none */
  char   *from;           /* the hub's e-mail address; NULL: none set */
} DgRenderedLetter;

#define DG_TYPE_RENDERED_LETTER (dg_rendered_letter_get_type ())
DG_DECLARE_RECORD (DgRenderedLetter, dg_rendered_letter)

/* The newest version of a letter template, as the editor opens it. */
typedef struct
{
  char   *name;           /* acknowledgement, outcome */
  char   *language;       /* en, cy */
  gint64  version;        /* 0: the one shipped, never saved here */
  char   *body;
  char   *saved_by;       /* NULL for the one shipped */
  char   *saved_at;       /* NULL for the one shipped */
} DgTemplateVersion;

#define DG_TYPE_TEMPLATE_VERSION (dg_template_version_get_type ())
DG_DECLARE_RECORD (DgTemplateVersion, dg_template_version)

/* A letter in the outbox: queued, being sent, sent (with the server's reply
 * and the Message-ID) or failed (with the reason and the next attempt). */
typedef struct
{
  gint64  id;
  gint64  referral;
  char   *reference;
  char   *kind;             /* acknowledgement, outcome */
  char   *language;
  char   *recipient;
  char   *state;            /* queued, sending, sent, failed */
  gint64  attempts;
  char   *next_attempt_at;  /* NULL: none planned */
  char   *message_id;
  char   *server_reply;     /* NULL until the server answered */
  char   *error;            /* NULL unless failed */
  char   *queued_at;
  char   *sent_at;          /* NULL until sent */
} DgOutboxLetter;

#define DG_TYPE_OUTBOX_LETTER (dg_outbox_letter_get_type ())
DG_DECLARE_RECORD (DgOutboxLetter, dg_outbox_letter)

/* The hub's settings as the Preferences show them: the text settings (NULL
 * when unset), what is known of the logo and the CA file (never their
 * bytes) and whether the keyring keeps a password for smtp_url and
 * smtp_user (never the password). */
typedef struct
{
  char     *name;
  char     *name_cy;
  char     *address;
  char     *address_cy;
  char     *phone;
  char     *email;
  char     *marking;
  char     *smtp_url;
  char     *smtp_user;
  char     *logo_type;      /* image/png, image/svg+xml; NULL: no logo */
  gint64    logo_size;      /* bytes */
  gboolean  has_ca;
  gint64    ca_size;        /* bytes */
  gint64    ca_certificates;
  gboolean  password_kept;
} DgHubSettings;

#define DG_TYPE_HUB_SETTINGS (dg_hub_settings_get_type ())
DG_DECLARE_RECORD (DgHubSettings, dg_hub_settings)

G_END_DECLS
