#include "config.h"

#include "dg-records-letters.h"

G_DEFINE_BOXED_TYPE (DgOwedLetter, dg_owed_letter, dg_owed_letter_copy, dg_owed_letter_free)
G_DEFINE_BOXED_TYPE (DgRenderedLetter, dg_rendered_letter, dg_rendered_letter_copy, dg_rendered_letter_free)
G_DEFINE_BOXED_TYPE (DgTemplateVersion, dg_template_version, dg_template_version_copy, dg_template_version_free)

DgOwedLetter *
dg_owed_letter_copy (const DgOwedLetter *self)
{
  DgOwedLetter *copy = g_new0 (DgOwedLetter, 1);

  copy->referral = self->referral;
  copy->reference = g_strdup (self->reference);
  copy->kind = g_strdup (self->kind);
  copy->received_at = g_strdup (self->received_at);
  copy->decided_at = g_strdup (self->decided_at);
  copy->reporter = g_strdup (self->reporter);
  copy->organisation = g_strdup (self->organisation);
  copy->agency = g_strdup (self->agency);
  copy->language = g_strdup (self->language);
  copy->email = g_strdup (self->email);
  return copy;
}

void
dg_owed_letter_free (DgOwedLetter *self)
{
  if (self == NULL)
    return;
  g_free (self->reference);
  g_free (self->kind);
  g_free (self->received_at);
  g_free (self->decided_at);
  g_free (self->reporter);
  g_free (self->organisation);
  g_free (self->agency);
  g_free (self->language);
  g_free (self->email);
  g_free (self);
}

DgRenderedLetter *
dg_rendered_letter_copy (const DgRenderedLetter *self)
{
  DgRenderedLetter *copy = g_new0 (DgRenderedLetter, 1);

  copy->referral = self->referral;
  copy->reference = g_strdup (self->reference);
  copy->kind = g_strdup (self->kind);
  copy->language = g_strdup (self->language);
  copy->subject = g_strdup (self->subject);
  copy->body = g_strdup (self->body);
  copy->recipient = g_strdup (self->recipient);
  copy->template_name = g_strdup (self->template_name);
  copy->version = self->version;
  return copy;
}

void
dg_rendered_letter_free (DgRenderedLetter *self)
{
  if (self == NULL)
    return;
  g_free (self->reference);
  g_free (self->kind);
  g_free (self->language);
  g_free (self->subject);
  g_free (self->body);
  g_free (self->recipient);
  g_free (self->template_name);
  g_free (self);
}

DgTemplateVersion *
dg_template_version_copy (const DgTemplateVersion *self)
{
  DgTemplateVersion *copy = g_new0 (DgTemplateVersion, 1);

  copy->name = g_strdup (self->name);
  copy->language = g_strdup (self->language);
  copy->version = self->version;
  copy->body = g_strdup (self->body);
  copy->saved_by = g_strdup (self->saved_by);
  copy->saved_at = g_strdup (self->saved_at);
  return copy;
}

void
dg_template_version_free (DgTemplateVersion *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->language);
  g_free (self->body);
  g_free (self->saved_by);
  g_free (self->saved_at);
  g_free (self);
}
