#include "config.h"

#include "dg-records-letters.h"

/* Each record described once by its members (dg-record.h). */

#define O(field, kind, member) DG_RECORD_MEMBER (DgOwedLetter, field, kind, member)
DG_DEFINE_RECORD (DgOwedLetter, dg_owed_letter,
                  O (referral, DG_RECORD_INT, "referral"),
                  O (reference, DG_RECORD_TEXT_OR_EMPTY, "reference"),
                  O (kind, DG_RECORD_TEXT_OR_EMPTY, "kind"),
                  O (received_at, DG_RECORD_TEXT_OR_EMPTY, "received_at"),
                  O (decided_at, DG_RECORD_TEXT, "decided_at"),
                  O (reporter, DG_RECORD_TEXT, "reporter"),
                  O (organisation, DG_RECORD_TEXT, "organisation"),
                  O (agency, DG_RECORD_TEXT, "agency"),
                  O (language, DG_RECORD_TEXT, "language"),
                  O (email, DG_RECORD_TEXT, "email"))
#undef O

#define R(field, kind, member) DG_RECORD_MEMBER (DgRenderedLetter, field, kind, member)
DG_DEFINE_RECORD (DgRenderedLetter, dg_rendered_letter,
                  R (referral, DG_RECORD_INT, "referral"),
                  R (reference, DG_RECORD_TEXT_OR_EMPTY, "reference"),
                  R (kind, DG_RECORD_TEXT_OR_EMPTY, "kind"),
                  R (language, DG_RECORD_TEXT_OR_EMPTY, "language"),
                  R (subject, DG_RECORD_TEXT_OR_EMPTY, "subject"),
                  R (body, DG_RECORD_TEXT_OR_EMPTY, "body"),
                  R (recipient, DG_RECORD_TEXT, "recipient"),
                  R (template_name, DG_RECORD_TEXT_OR_EMPTY, "template"),
                  R (version, DG_RECORD_INT, "version"),
                  R (logo, DG_RECORD_TEXT, "logo"),
                  R (from, DG_RECORD_TEXT, "from"))
#undef R

#define T(field, kind) DG_RECORD_MEMBER (DgTemplateVersion, field, kind, #field)
DG_DEFINE_RECORD (DgTemplateVersion, dg_template_version,
                  T (name, DG_RECORD_TEXT_OR_EMPTY),
                  T (language, DG_RECORD_TEXT_OR_EMPTY),
                  T (version, DG_RECORD_INT),
                  T (body, DG_RECORD_TEXT_OR_EMPTY),
                  T (saved_by, DG_RECORD_TEXT),
                  T (saved_at, DG_RECORD_TEXT))
#undef T

#define B(field, kind) DG_RECORD_MEMBER (DgOutboxLetter, field, kind, #field)
DG_DEFINE_RECORD (DgOutboxLetter, dg_outbox_letter,
                  B (id, DG_RECORD_INT),
                  B (referral, DG_RECORD_INT),
                  B (reference, DG_RECORD_TEXT_OR_EMPTY),
                  B (kind, DG_RECORD_TEXT_OR_EMPTY),
                  B (language, DG_RECORD_TEXT_OR_EMPTY),
                  B (recipient, DG_RECORD_TEXT),
                  B (state, DG_RECORD_TEXT_OR_EMPTY),
                  B (attempts, DG_RECORD_INT),
                  B (next_attempt_at, DG_RECORD_TEXT),
                  B (message_id, DG_RECORD_TEXT),
                  B (server_reply, DG_RECORD_TEXT),
                  B (error, DG_RECORD_TEXT),
                  B (queued_at, DG_RECORD_TEXT_OR_EMPTY),
                  B (sent_at, DG_RECORD_TEXT))
#undef B

#define H(field, kind, member) DG_RECORD_MEMBER (DgHubSettings, field, kind, member)
DG_DEFINE_RECORD (DgHubSettings, dg_hub_settings,
                  H (name, DG_RECORD_TEXT, "name"),
                  H (name_cy, DG_RECORD_TEXT, "name-cy"),
                  H (address, DG_RECORD_TEXT, "address"),
                  H (address_cy, DG_RECORD_TEXT, "address-cy"),
                  H (phone, DG_RECORD_TEXT, "phone"),
                  H (email, DG_RECORD_TEXT, "email"),
                  H (marking, DG_RECORD_TEXT, "marking"),
                  H (smtp_url, DG_RECORD_TEXT, "smtp-url"),
                  H (smtp_user, DG_RECORD_TEXT, "smtp-user"),
                  H (logo_type, DG_RECORD_TEXT, "logo-type"),
                  H (logo_size, DG_RECORD_INT, "logo-size"),
                  H (has_ca, DG_RECORD_BOOL, "has-ca"),
                  H (ca_size, DG_RECORD_INT, "ca-size"),
                  H (ca_certificates, DG_RECORD_INT, "ca-certificates"),
                  H (password_kept, DG_RECORD_BOOL, "password-kept"))
#undef H
