#include "config.h"

#include "dg-records.h"

G_DEFINE_BOXED_TYPE (DgReferralSummary, dg_referral_summary,
                     dg_referral_summary_copy, dg_referral_summary_free)

DgReferralSummary *
dg_referral_summary_copy (const DgReferralSummary *self)
{
  DgReferralSummary *copy = g_new0 (DgReferralSummary, 1);

  copy->id = self->id;
  copy->reference = g_strdup (self->reference);
  copy->received_at = g_strdup (self->received_at);
  copy->status = g_strdup (self->status);
  copy->rag = g_strdup (self->rag);
  copy->child = g_strdup (self->child);
  copy->children = self->children;
  copy->reporter = g_strdup (self->reporter);
  copy->organisation = g_strdup (self->organisation);
  copy->due_clock = g_strdup (self->due_clock);
  copy->due_date = g_strdup (self->due_date);
  copy->due_state = g_strdup (self->due_state);
  return copy;
}

void
dg_referral_summary_free (DgReferralSummary *self)
{
  if (self == NULL)
    return;
  g_free (self->reference);
  g_free (self->received_at);
  g_free (self->status);
  g_free (self->rag);
  g_free (self->child);
  g_free (self->reporter);
  g_free (self->organisation);
  g_free (self->due_clock);
  g_free (self->due_date);
  g_free (self->due_state);
  g_free (self);
}
