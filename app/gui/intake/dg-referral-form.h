#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_REFERRAL_FORM (dg_referral_form_get_type ())
G_DECLARE_FINAL_TYPE (DgReferralForm, dg_referral_form, DG, REFERRAL_FORM, AdwWindow)

/* The intake form. Only a child's name is required; what is typed is saved as
 * a draft as the person types and restored when the form opens again.
 * Emits "saved" (gint64 id) once the referral is stored, then closes. */
DgReferralForm *dg_referral_form_new     (DgService      *service);

/* Whether the last autosave of the draft has reached the database. */
gboolean        dg_referral_form_is_draft_saved (DgReferralForm *self);

/* Whether opening has finished (the draft, if any, restored). */
gboolean        dg_referral_form_is_ready       (DgReferralForm *self);

G_END_DECLS
