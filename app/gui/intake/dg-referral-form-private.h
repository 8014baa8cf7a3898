#pragma once

/* What the files of the intake form share (dg-referral-form.c and
 * dg-referral-form-*.c), and nothing else sees. */

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "dg-referral-form.h"
#include "dg-service.h"

G_BEGIN_DECLS

/* Widgets of one household member, or of one agency already involved. */
typedef struct
{
  GtkWidget *group;
  GtkWidget *a;       /* name, or the agency */
  GtkWidget *b;       /* relationship, or the person */
  GtkWidget *c;       /* date of birth, or the organisation */
  GtkWidget *error;   /* what is wrong with one of them */
} ExtraRows;

/* Widgets of one child. */
typedef struct
{
  GtkWidget *group;
  GtkWidget *name;
  GtkWidget *dob;
  GtkWidget *dob_expected;   /* a switch: the date of birth is expected (not born yet) */
  GtkWidget *aliases;
  GtkWidget *gender;
  GtkWidget *school;
  GtkWidget *attendance;
  GtkWidget *address;
  GtkWidget *first_language;
  GtkWidget *ethnicity;
  GtkWidget *religion;
  GtkWidget *needs;
  GtkWidget *parental;
  GtkWidget *interpreter;
  GtkWidget *error;
} ChildRows;

struct _DgReferralForm
{
  AdwWindow     parent_instance;

  GtkScrolledWindow *scroller;
  GtkBox       *form_box;
  GtkRevealer  *draft_revealer;
  GtkLabel     *draft_error;
  GtkWidget    *save_button;

  /* Report */
  GtkWidget    *report_group;
  GtkWidget    *received;
  GtkWidget    *channel;
  GtkWidget    *rag;
  GtkWidget    *report_error;
  /* Report-maker */
  GtkWidget    *reporter_group;
  GtkWidget    *reporter_name;
  GtkWidget    *reporter_role;
  GtkWidget    *reporter_org;
  GtkWidget    *reporter_agency;
  GtkWidget    *reporter_email;
  GtkWidget    *reporter_phone;
  GtkWidget    *reporter_language;
  GtkWidget    *reporter_anonymous;
  GtkWidget    *reporter_error;
  GtkWidget    *reporter_list;
  GPtrArray    *reporter_matches;   /* of DgReporterMatch */
  gint64        reporter_id;
  /* Children */
  GtkWidget    *children_box;
  GArray       *children;            /* ChildRows */
  GtkWidget    *household_box;
  GArray       *household;           /* ExtraRows */
  GtkWidget    *agencies_box;
  GArray       *agencies;            /* ExtraRows */
  GtkWidget    *similar_group;
  GtkWidget    *similar_list;
  GtkLabel     *register_banner;     /* "Previously on the child protection register …" */
  GHashTable   *links;               /* earlier referral ids confirmed as the same child */
  /* Concern */
  GtkWidget    *category_checks[5];
  GtkWidget    *concern;
  GtkWidget    *immediate;
  GtkWidget    *concern_error;

  /* Drafts: this window's slot, and the person's other drafts to choose from. */
  char         *slot;
  GtkWidget    *drafts_group;
  GtkWidget    *drafts_list;
  guint         n_drafts;

  DgService     *service;
  GCancellable *cancellable;
  guint         draft_source;
  guint         validate_source;
  guint         similar_source;
  guint         reporter_source;
  gboolean      filling;             /* restoring: changes are not edits */
  gboolean      draft_saved;
  gboolean      typed;               /* edited since the window opened */
  gboolean      ready;
  GtkWidget    *error_widget;
  GtkWidget    *error_label;         /* the message shown under it */
  guint         reveal_tick;         /* scrolling a refused field and its message into view */
  guint         reveal_frames;
};

/* dg-referral-form.c: what an edit sets off (a draft saved, the form
 * checked, earlier referrals and report-makers looked up). */
void         dg_referral_form_schedule_changes       (DgReferralForm *self);
void         dg_referral_form_reporter_name_changed  (DgReferralForm *self);
void         dg_referral_form_reporter_edited        (DgReferralForm *self);
void         dg_referral_form_reporter_chosen        (GtkListBox     *box,
                                                      GtkListBoxRow  *row,
                                                      DgReferralForm *self);

/* dg-referral-form-fields.c: the widgets. */
void         dg_referral_form_build_form             (DgReferralForm *self);
ChildRows   *dg_referral_form_add_child              (DgReferralForm *self);
ExtraRows   *dg_referral_form_add_extra              (DgReferralForm *self,
                                                      gboolean        agency);
void         dg_referral_form_remove_extra           (DgReferralForm *self,
                                                      gboolean        agency,
                                                      guint           index);
void         dg_referral_form_add_child_action       (GtkWidget      *widget,
                                                      const char     *action_name,
                                                      GVariant       *param);
void         dg_referral_form_remove_child_action    (GtkWidget      *widget,
                                                      const char     *action_name,
                                                      GVariant       *param);
void         dg_referral_form_add_extra_action       (GtkWidget      *widget,
                                                      const char     *action_name,
                                                      GVariant       *param);
void         dg_referral_form_remove_extra_action    (GtkWidget      *widget,
                                                      const char     *action_name,
                                                      GVariant       *param);
/* Shows or hides a group's error line: in a group of rows, shown right
 * under @field (NULL: where it is). */
void         dg_referral_form_show_error_line        (GtkWidget      *error_label,
                                                      GtkWidget      *field,
                                                      gboolean        visible);

/* dg-referral-form-document.c: the widgets as the core's document. */
JsonObject  *dg_referral_form_build_document         (DgReferralForm *self);
void         dg_referral_form_fill_from_document     (DgReferralForm *self,
                                                      JsonObject     *doc);
/* The report-maker's fields from @reporter (name, role, organisation,
 * agency, email, phone, language): a draft's, or an earlier one picked. */
void         dg_referral_form_fill_reporter          (DgReferralForm        *self,
                                                      const DgReporterMatch *reporter);
GtkWidget   *dg_referral_form_widget_for_path        (DgReferralForm *self,
                                                      const char     *path,
                                                      GtkWidget     **label);
const char  *dg_referral_form_entry_text             (GtkWidget      *row);
void         dg_referral_form_set_entry              (GtkWidget      *row,
                                                      const char     *text);
void         dg_referral_form_set_combo              (GtkWidget      *row,
                                                      const char     *id);

G_END_DECLS
