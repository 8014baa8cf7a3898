#pragma once

#include <glib-object.h>
#include "dg-records-register.h"

G_BEGIN_DECLS

/* One referral whole, as the detail pane shows it: read from the core's
 * referral, its history and its earlier referrals on the connection's
 * thread (dg_service_show_finish ()).
 *
 * A text is NULL where nothing is recorded, except where said; times and
 * dates are stored text (YYYY-MM-DDTHH:MM:SS, YYYY-MM-DD) and vocabulary
 * terms their ids, for the window to format. The record is read-only once
 * made and shared by reference rather than copied: every text lives in the
 * record's own string chunk, so the records nested in it own nothing and
 * need no free function of their own. */

/* The report-maker. */
typedef struct
{
  const char *name;                 /* "" for an anonymous one */
  const char *role, *organisation, *agency;
  const char *email, *phone, *address;
  const char *language;             /* letters go in it: en or cy */
  gboolean    anonymous;
} DgReporter;

typedef struct
{
  const char *name;                 /* never NULL */
  const char *aliases;
  const char *dob;                  /* when due, for an unborn child */
  gboolean    dob_expected;         /* the child is not born yet */
  const char *gender, *ethnicity, *religion, *first_language;
  const char *address, *school, *attendance;
  const char *additional_needs, *parental_responsibility;
  gboolean    interpreter_needed;
} DgChild;

typedef struct
{
  const char *name, *relationship, *dob;   /* the name never NULL */
} DgHouseholdMember;

/* Another agency already involved with the family. */
typedef struct
{
  const char *agency;               /* never NULL */
  const char *name, *organisation;
} DgInvolvedAgency;

typedef struct
{
  const char *outcome;              /* never NULL */
  const char *rationale, *by, *at;
  /* What the letters tell the report-maker, in English and in Welsh; NULL
   * when not written. */
  const char *report_maker_text, *report_maker_text_cy;
} DgDecision;

/* A strategy discussion or meeting on the referral. */
typedef struct
{
  gint64      id;
  const char *kind, *at;
  GStrv       missing;              /* the expected agencies not invited,
                                     * never NULL */
} DgReferralMeeting;

/* A child-protection event (ICPC, core group, review, s47). */
typedef struct
{
  const char *kind, *at;
} DgReferralEvent;

/* A letter to the report-maker by e-mail, as the outbox has it. */
typedef struct
{
  const char *kind, *language, *recipient;
  const char *state;                /* queued, sending, sent, failed */
  const char *error;                /* NULL unless failed */
  const char *queued_at, *sent_at, *next_attempt_at;
} DgReferralMail;

/* A letter sent to the report-maker. */
typedef struct
{
  const char *kind;                 /* acknowledgement or outcome */
  const char *language;             /* en, cy, or cy+en for both */
  const char *method, *by, *at;
} DgLetterSent;

/* One of the referral's clocks (acknowledgement, decision, ...). */
typedef struct
{
  const char *clock;                /* never NULL */
  const char *due;
  const char *state;                /* pending, on-time, late or overdue */
  /* A late or overdue clock's agreed exception: why, and the senior
   * manager who agreed it; both NULL without one. */
  const char *exception_reason;
  const char *exception_approved_by;
} DgReferralClock;

/* A step in the report-maker's ledger: a chase or a disagreement's step. */
typedef struct
{
  gint64      id;
  const char *kind;                 /* chase or disagreement, never NULL */
  const char *step;                 /* chase: raised or replied; disagreement:
                                     * raised, discussed, escalated or resolved */
  const char *note, *at, *by;
  /* The clock the entry starts (chase-reply, disagreement-discussed,
   * escalation-answered), its due date, when it stopped and its state;
   * all NULL for an entry that starts none. */
  const char *clock, *due, *done_at, *state;
} DgLedgerEntry;

/* The active offer made to one person, and their answer. */
typedef struct
{
  const char *person;               /* report-maker, child or parent */
  const char *name;                 /* NULL: not given */
  const char *choice;               /* en, cy or declined */
  const char *at, *by;              /* when offered, who recorded it */
} DgLanguageOffer;

/* An earlier referral that may be about the same child. */
typedef struct
{
  gint64      id;
  const char *reference, *received_at;
  const char *child;                /* its first child's name */
  const char *outcome;              /* NULL: not decided */
} DgEarlierReferral;

/* A line of the append-only history. */
typedef struct
{
  const char *at, *by, *action;
  /* An amendment's changes as a person reads them ("Rating: Not rated →
   * Amber; Children: …"), in the user's language; NULL for other actions. */
  const char *changes;
} DgAuditEntry;

typedef struct
{
  gint64       id;
  gint64       version;             /* moves with every change: an amendment names the one it read */
  /* Never NULL. */
  const char  *reference, *received_at, *status;
  const char  *channel;
  const char  *rag;                 /* NULL: not rated */
  const char  *concern, *immediate_action;
  const char  *confirmed_at;        /* NULL: no written confirmation yet */
  const char  *acknowledged_at;     /* NULL: not acknowledged yet */
  GStrv        categories;        /* the category ids, never NULL */
  DgReporter  *reporter;            /* NULL: none recorded */
  DgDecision  *decision;            /* NULL: not decided yet */

  /* In the order the core gives them; none of them NULL. */
  GArray      *children;            /* of DgChild, at least one */
  GArray      *household;           /* of DgHouseholdMember */
  GArray      *agencies;            /* of DgInvolvedAgency */
  GArray      *meetings;            /* of DgReferralMeeting, by when held */
  GArray      *events;              /* of DgReferralEvent, by when held */
  GArray      *letters;             /* of DgLetterSent, by when sent */
  GArray      *mail;                /* of DgReferralMail, newest first */
  GArray      *clocks;              /* of DgReferralClock */
  GArray      *earlier;             /* of DgEarlierReferral, last logged first */
  GArray      *history;             /* of DgAuditEntry, as written */
  GArray      *ledger;              /* of DgLedgerEntry, by when */
  GArray      *offers;              /* of DgLanguageOffer, as recorded */
  GPtrArray   *register_children;   /* of DgRegisterChild: its children ever on the
                                     * child protection register, with their periods */

  /*< private >*/
  GStringChunk *strings;
} DgReferral;

#define DG_TYPE_REFERRAL (dg_referral_get_type ())
GType        dg_referral_get_type (void) G_GNUC_CONST;
/* An empty record for the service to fill: its arrays made, empty, their
 * new elements zeroed; its categories NULL until given. */
DgReferral  *dg_referral_new      (void);
DgReferral  *dg_referral_ref      (DgReferral *self);
void         dg_referral_unref    (DgReferral *self);
/* A copy of @text that lives as long as @self (NULL for NULL): what the
 * service puts in its text fields. */
const char  *dg_referral_keep     (DgReferral *self,
                                   const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgReferral, dg_referral_unref)

G_END_DECLS
