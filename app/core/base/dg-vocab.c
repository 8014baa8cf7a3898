#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-error.h"
#include "dg-vocab.h"

static const DgTerm channels[] = {
  { "phone", N_("Phone") },
  { "email", N_("Email") },
  { "form", N_("Online form") },
  { "in-person", N_("In person") },
  { NULL }
};

static const DgTerm reporter_agencies[] = {
  { "education", N_("Education") },
  { "health", N_("Health") },
  { "police", N_("Police") },
  { "probation", N_("Probation") },
  { "housing", N_("Housing") },
  { "local-authority", N_("Local authority") },
  { "third-sector", N_("Third sector") },
  { "public", N_("Member of the public") },
  { "other", N_("Other") },
  { NULL }
};

static const DgTerm languages[] = {
  { "en", N_("English") },
  { "cy", N_("Welsh") },
  { NULL }
};

static const DgTerm rags[] = {
  { "red", N_("Red") },
  { "amber", N_("Amber") },
  { "green", N_("Green") },
  { NULL }
};

static const DgTerm categories[] = {
  { "physical", N_("Physical") },
  { "sexual", N_("Sexual") },
  { "emotional", N_("Emotional or psychological") },
  { "neglect", N_("Neglect") },
  { "financial", N_("Financial") },
  { "domestic-abuse", N_("Domestic abuse") },
  { NULL }
};

static const DgTerm outcomes[] = {
  { "nfa", N_("No further action") },
  { "iaa", N_("Information, advice and assistance") },
  { "early-help", N_("Early help") },
  { "assessment", N_("Care and support assessment") },
  { "strategy", N_("Strategy discussion") },
  { NULL }
};

static const DgTerm ack_methods[] = {
  { "email", N_("Email") },
  { "letter", N_("Letter") },
  { "phone", N_("Phone") },
  { NULL }
};

static const DgTerm statuses[] = {
  { "new", N_("New") },
  { "acknowledged", N_("Acknowledged") },
  { "decided", N_("Decided") },
  { "closed", N_("Closed") },
  { NULL }
};

static const DgTerm meeting_agencies[] = {
  { "police", N_("Police") },
  { "social-services", N_("Social services") },
  { "education", N_("Education") },
  { "health", N_("Community health") },
  { "report-maker", N_("Report-maker") },
  { "probation", N_("Probation") },
  { "housing", N_("Housing") },
  { "other", N_("Other") },
  { "idva", N_("Domestic abuse service (IDVA)") },
  { "paediatrician", N_("Paediatrician") },
  { "midwife", N_("Midwife or health visitor") },
  { "disability-team", N_("Disability team") },
  { NULL }
};

/* What makes an agency expected at a meeting (expected_agency_rule). */
static const DgTerm concerns[] = {
  { "always", N_("Every meeting") },
  { "physical", N_("Physical harm") },
  { "sexual", N_("Sexual harm") },
  { "emotional", N_("Emotional or psychological harm") },
  { "neglect", N_("Neglect") },
  { "financial", N_("Financial harm") },
  { "domestic-abuse", N_("Domestic abuse") },
  { "under-1", N_("A baby under 1") },
  { "under-5", N_("A child under 5") },
  { "school-age", N_("A child of school age") },
  { "disability", N_("A disabled child or additional needs") },
  { NULL }
};

static const DgTerm meeting_kinds[] = {
  { "discussion", N_("Strategy discussion") },
  { "meeting", N_("Strategy meeting") },
  { NULL }
};

static const DgTerm responses[] = {
  { "invited", N_("Invited") },
  { "attended", N_("Attended") },
  { "apologies", N_("Apologies") },
  { "declined", N_("Declined") },
  { "no-reply", N_("No reply") },
  { NULL }
};

static const DgTerm determinations[] = {
  { "none", N_("No section 47 enquiry") },
  { "not-substantiated", N_("Not substantiated") },
  { "substantiated-no-risk", N_("Substantiated, no continuing risk") },
  { "substantiated-at-risk", N_("Substantiated, child at continuing risk") },
  { NULL }
};

static const DgTerm send_methods[] = {
  { "email", N_("Email") },
  { "post", N_("Post") },
  { "secure-email", N_("Secure email") },
  { NULL }
};

static const DgTerm clocks[] = {
  { "confirmation", N_("Written confirmation") },
  { "acknowledgement", N_("Acknowledgement") },
  { "decision", N_("Decision") },
  { "outcome", N_("Outcome to report-maker") },
  { "icpc", N_("Initial conference") },
  { "first-core-group", N_("First core group") },
  { "core-group", N_("Core group") },
  { "first-review", N_("First review conference") },
  { "review", N_("Review conference") },
  { "s47", N_("Section 47 assessment") },
  { "chase-reply", N_("Reply to a chase") },
  { "disagreement-discussed", N_("Disagreement discussed") },
  { "escalation-answered", N_("Escalation answered") },
  { "icpc-plan", N_("Outline plan circulated") },
  { "strategy-record", N_("Meeting record circulated") },
  { NULL }
};

static const DgTerm clock_states[] = {
  { "pending", N_("Pending") },
  { "on-time", N_("On time") },
  { "late", N_("Late") },
  { "excepted", N_("Late with an agreed exception") },
  { "overdue", N_("Overdue") },
  { NULL }
};

static const DgTerm events[] = {
  { "s47-start", N_("Section 47 enquiry started") },
  { "s47-complete", N_("Section 47 assessment completed") },
  { "icpc", N_("Initial child protection conference") },
  { "core-group", N_("Core group") },
  { "review", N_("Review conference") },
  { "plan-end", N_("Child protection plan ended") },
  { "plan-circulated", N_("Outline plan and decisions circulated") },
  { NULL }
};

/* What a referral's history (its audit rows) says was done. */
static const DgTerm history[] = {
  { "create", N_("Referral logged") },
  { "acknowledge", N_("Report-maker acknowledged") },
  { "confirm", N_("Written confirmation received") },
  { "decide", N_("Decision recorded") },
  { "meeting", N_("Strategy discussion or meeting added") },
  { "meeting-outcome", N_("Meeting outcome recorded") },
  { "event", N_("Child protection event recorded") },
  { "notify", N_("Letter sent") },
  { "link", N_("Linked to an earlier referral") },
  { "amend", N_("Referral amended") },
  { "clock-exception", N_("Agreed exception to a clock recorded") },
  { "meeting-amend", N_("Meeting time or chair corrected") },
  { "meeting-minutes", N_("Meeting record circulated") },
  { "chase", N_("Report-maker chased") },
  { "disagreement", N_("Disagreement recorded") },
  { "offer", N_("Language offer recorded") },
  { "view", N_("Opened") },
  { "restrict", N_("Restricted") },
  { "unrestrict", N_("Restriction lifted") },
  { NULL }
};

static const DgTerm *vocabs[DG_N_VOCABS] = {
  [DG_VOCAB_CHANNEL] = channels,
  [DG_VOCAB_REPORTER_AGENCY] = reporter_agencies,
  [DG_VOCAB_LANGUAGE] = languages,
  [DG_VOCAB_RAG] = rags,
  [DG_VOCAB_CATEGORY] = categories,
  [DG_VOCAB_OUTCOME] = outcomes,
  [DG_VOCAB_ACK_METHOD] = ack_methods,
  [DG_VOCAB_STATUS] = statuses,
  [DG_VOCAB_MEETING_AGENCY] = meeting_agencies,
  [DG_VOCAB_MEETING_KIND] = meeting_kinds,
  [DG_VOCAB_RESPONSE] = responses,
  [DG_VOCAB_DETERMINATION] = determinations,
  [DG_VOCAB_SEND_METHOD] = send_methods,
  [DG_VOCAB_CLOCK] = clocks,
  [DG_VOCAB_CLOCK_STATE] = clock_states,
  [DG_VOCAB_EVENT] = events,
  [DG_VOCAB_HISTORY] = history,
  [DG_VOCAB_CONCERN] = concerns,
};

const DgTerm *
dg_vocab_terms (DgVocab vocab)
{
  g_return_val_if_fail (vocab < DG_N_VOCABS, NULL);
  return vocabs[vocab];
}

static const DgTerm *
lookup (DgVocab     vocab,
        const char *id)
{
  if (id == NULL)
    return NULL;

  for (const DgTerm *t = dg_vocab_terms (vocab); t->id != NULL; t++)
    if (g_str_equal (t->id, id))
      return t;

  return NULL;
}

gboolean
dg_vocab_has (DgVocab     vocab,
              const char *id)
{
  return lookup (vocab, id) != NULL;
}

gboolean
dg_vocab_check (DgVocab      vocab,
                const char  *field,
                const char  *value,
                GError     **error)
{
  g_autoptr(GString) allowed = NULL;

  if (dg_vocab_has (vocab, value))
    return TRUE;

  allowed = g_string_new (NULL);
  for (const DgTerm *t = dg_vocab_terms (vocab); t->id != NULL; t++)
    g_string_append_printf (allowed, "%s%s", allowed->len ? " | " : "", t->id);

  dg_error_set_field (error, DG_ERROR_INVALID, field, value,
                      _("“%s” is not one of %s"), value ? value : "", allowed->str);
  return FALSE;
}

const char *
dg_vocab_label (DgVocab     vocab,
                const char *id)
{
  const DgTerm *t = lookup (vocab, id);

  return t != NULL ? g_dgettext (GETTEXT_PACKAGE, t->label) : id;
}
