#include "config.h"

#include "dg-records-referral.h"

/* A referral is shared, not copied: the window keeps the one the service
 * made, and a copy would have to rebuild every array and string in it. */
G_DEFINE_BOXED_TYPE (DgReferral, dg_referral, dg_referral_ref, dg_referral_unref)

/* The record's arrays and the size of their elements, in one list, so that
 * making them and freeing them cannot miss one. */
#define ARRAY(field, type) { G_STRUCT_OFFSET (DgReferral, field), sizeof (type) }

static const struct
{
  glong offset;
  guint element_size;
} arrays[] = {
  ARRAY (children, DgChild), ARRAY (household, DgHouseholdMember), ARRAY (agencies, DgInvolvedAgency),
  ARRAY (meetings, DgReferralMeeting), ARRAY (events, DgReferralEvent), ARRAY (letters, DgLetterSent),
  ARRAY (clocks, DgReferralClock), ARRAY (earlier, DgEarlierReferral), ARRAY (history, DgAuditEntry),
  ARRAY (ledger, DgLedgerEntry), ARRAY (offers, DgLanguageOffer), ARRAY (mail, DgReferralMail),
};

#undef ARRAY

static void
meeting_clear (DgReferralMeeting *meeting)
{
  g_clear_pointer (&meeting->missing, g_strfreev);
}

DgReferral *
dg_referral_new (void)
{
  DgReferral *self = g_atomic_rc_box_new0 (DgReferral);

  self->strings = g_string_chunk_new (1024);
  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    G_STRUCT_MEMBER (GArray *, self, arrays[i].offset) = g_array_new (FALSE, TRUE, arrays[i].element_size);
  g_array_set_clear_func (self->meetings, (GDestroyNotify) meeting_clear);
  self->register_children = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_register_child_free);
  return self;
}

static void
referral_clear (DgReferral *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    g_array_unref (G_STRUCT_MEMBER (GArray *, self, arrays[i].offset));
  g_ptr_array_unref (self->register_children);
  g_strfreev (self->categories);
  g_free (self->reporter);
  g_free (self->decision);
  g_string_chunk_free (self->strings);
}

DgReferral *
dg_referral_ref (DgReferral *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
dg_referral_unref (DgReferral *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) referral_clear);
}

const char *
dg_referral_keep (DgReferral *self,
                  const char *text)
{
  g_return_val_if_fail (self != NULL, NULL);

  return text != NULL ? g_string_chunk_insert (self->strings, text) : NULL;
}
