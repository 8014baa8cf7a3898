#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "dg-format.h"
#include "dg-referral-row.h"
#include "dg-vocab.h"

struct _DgReferralRow
{
  GObject   parent_instance;

  gint64    id;
  gboolean  loaded;
  char     *reference;
  char     *received;
  char     *child;
  char     *reporter;
  char     *rag;
  char     *status;
  char     *next_due;
  char    **rag_css;
  char    **due_css;
};

G_DEFINE_FINAL_TYPE (DgReferralRow, dg_referral_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LOADED,
  PROP_REFERENCE,
  PROP_RECEIVED,
  PROP_CHILD,
  PROP_REPORTER,
  PROP_RAG,
  PROP_RAG_CSS,
  PROP_STATUS,
  PROP_NEXT_DUE,
  PROP_DUE_CSS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dg_referral_row_finalize (GObject *object)
{
  DgReferralRow *self = (DgReferralRow *)object;

  g_free (self->reference);
  g_free (self->received);
  g_free (self->child);
  g_free (self->reporter);
  g_free (self->rag);
  g_free (self->status);
  g_free (self->next_due);
  g_strfreev (self->rag_css);
  g_strfreev (self->due_css);

  G_OBJECT_CLASS (dg_referral_row_parent_class)->finalize (object);
}

static void
dg_referral_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DgReferralRow *self = DG_REFERRAL_ROW (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_LOADED: g_value_set_boolean (value, self->loaded); break;
    case PROP_REFERENCE: g_value_set_string (value, self->reference); break;
    case PROP_RECEIVED: g_value_set_string (value, self->received); break;
    case PROP_CHILD: g_value_set_string (value, self->child); break;
    case PROP_REPORTER: g_value_set_string (value, self->reporter); break;
    case PROP_RAG: g_value_set_string (value, self->rag); break;
    case PROP_RAG_CSS: g_value_set_boxed (value, self->rag_css); break;
    case PROP_STATUS: g_value_set_string (value, self->status); break;
    case PROP_NEXT_DUE: g_value_set_string (value, self->next_due); break;
    case PROP_DUE_CSS: g_value_set_boxed (value, self->due_css); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_referral_row_class_init (DgReferralRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = dg_referral_row_finalize;
  object_class->get_property = dg_referral_row_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
  properties[PROP_REFERENCE] = g_param_spec_string ("reference", NULL, NULL, NULL, flags);
  properties[PROP_RECEIVED] = g_param_spec_string ("received", NULL, NULL, NULL, flags);
  properties[PROP_CHILD] = g_param_spec_string ("child", NULL, NULL, NULL, flags);
  properties[PROP_REPORTER] = g_param_spec_string ("reporter", NULL, NULL, NULL, flags);
  properties[PROP_RAG] = g_param_spec_string ("rag", NULL, NULL, NULL, flags);
  properties[PROP_RAG_CSS] = g_param_spec_boxed ("rag-css", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_NEXT_DUE] = g_param_spec_string ("next-due", NULL, NULL, NULL, flags);
  properties[PROP_DUE_CSS] = g_param_spec_boxed ("due-css", NULL, NULL, G_TYPE_STRV, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dg_referral_row_init (DgReferralRow *self)
{
}

DgReferralRow *
dg_referral_row_new (gint64 id)
{
  DgReferralRow *self = g_object_new (DG_TYPE_REFERRAL_ROW, NULL);

  self->id = id;
  self->reference = g_strdup ("…");
  return self;
}

gint64
dg_referral_row_get_id (DgReferralRow *self)
{
  g_return_val_if_fail (DG_IS_REFERRAL_ROW (self), 0);
  return self->id;
}

gboolean
dg_referral_row_get_loaded (DgReferralRow *self)
{
  g_return_val_if_fail (DG_IS_REFERRAL_ROW (self), FALSE);
  return self->loaded;
}

/* A list of CSS classes: @name alone, or none. */
static char **
classes (const char *name)
{
  char **strv = g_new0 (char *, 2);

  if (name != NULL)
    strv[0] = g_strdup (name);
  return strv;
}

static void
replace (char       **field,
         char        *value)
{
  g_free (*field);
  *field = value;
}

void
dg_referral_row_update (DgReferralRow           *self,
                        const DgReferralSummary *summary)
{
  const char *rag = summary->rag;
  const char *reporter = summary->reporter;

  g_return_if_fail (DG_IS_REFERRAL_ROW (self));

  replace (&self->reference, g_strdup (summary->reference));
  replace (&self->received, dg_format_time (summary->received_at));
  if (summary->children > 1)
    replace (&self->child, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s and %" PRId64 " other",
                                                         "%s and %" PRId64 " others", summary->children - 1),
                                            summary->child, summary->children - 1));
  else
    replace (&self->child, g_strdup (summary->child));
  if (summary->organisation != NULL && *reporter != '\0')
    replace (&self->reporter, g_strdup_printf ("%s, %s", reporter, summary->organisation));
  else
    replace (&self->reporter, g_strdup (*reporter ? reporter : summary->organisation ? summary->organisation : _("Anonymous")));
  /* Rating by colour and by word: never colour alone. */
  replace (&self->rag, g_strdup (rag ? dg_vocab_label (DG_VOCAB_RAG, rag) : _("Not rated")));
  g_strfreev (self->rag_css);
  self->rag_css = classes (rag == NULL ? "dim-label" :
                          g_str_equal (rag, "red") ? "rag-red" :
                          g_str_equal (rag, "amber") ? "rag-amber" : "rag-green");
  replace (&self->status, g_strdup (dg_vocab_label (DG_VOCAB_STATUS, summary->status)));

  g_strfreev (self->due_css);
  if (summary->due_clock != NULL)
    {
      g_autofree char *date = dg_format_date (summary->due_date);

      /* The state is said when it matters: a clock still pending needs no word. */
      if (g_strcmp0 (summary->due_state, "pending") == 0)
        replace (&self->next_due, g_strdup_printf ("%s %s", dg_vocab_label (DG_VOCAB_CLOCK, summary->due_clock), date));
      else
        replace (&self->next_due, g_strdup_printf ("%s %s · %s", dg_vocab_label (DG_VOCAB_CLOCK, summary->due_clock),
                                                   date, dg_vocab_label (DG_VOCAB_CLOCK_STATE, summary->due_state)));
      self->due_css = classes (g_strcmp0 (summary->due_state, "overdue") == 0 ? "error" : NULL);
    }
  else
    {
      replace (&self->next_due, g_strdup (_("Nothing due")));
      self->due_css = classes ("dim-label");
    }

  self->loaded = TRUE;
  for (guint i = PROP_LOADED; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
}
