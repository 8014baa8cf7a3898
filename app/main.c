#include "config.h"

#include "dg-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DgApplication) app = dg_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
