#include "config.h"

#include <glib/gi18n.h>

#include "dg-password-dialog.h"

struct _DgPasswordDialog
{
  AdwMessageDialog  parent_instance;

  GtkPasswordEntry *entry;
  GtkCheckButton   *keep_check;
};

G_DEFINE_FINAL_TYPE (DgPasswordDialog, dg_password_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
dg_password_dialog_class_init (DgPasswordDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DgPasswordDialog, entry);
  gtk_widget_class_bind_template_child (widget_class, DgPasswordDialog, keep_check);
}

static void
dg_password_dialog_init (DgPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

DgPasswordDialog *
dg_password_dialog_new (GtkWindow  *parent,
                        const char *shown,
                        const char *refused)
{
  DgPasswordDialog *self = g_object_new (DG_TYPE_PASSWORD_DIALOG, "transient-for", parent, NULL);
  g_autofree char *body = NULL;

  g_return_val_if_fail (shown != NULL, NULL);

  if (refused != NULL)
    body = g_strdup_printf (_("%s\n\nType the password again."), refused);
  else
    body = g_strdup_printf (_("The database server at “%s” asks for your password."), shown);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  return self;
}

const char *
dg_password_dialog_get_text (DgPasswordDialog *self)
{
  g_return_val_if_fail (DG_IS_PASSWORD_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

gboolean
dg_password_dialog_get_keep (DgPasswordDialog *self)
{
  g_return_val_if_fail (DG_IS_PASSWORD_DIALOG (self), FALSE);
  return gtk_check_button_get_active (self->keep_check);
}
