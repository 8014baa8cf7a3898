#include "config.h"

#include "dg-clocks.h"
#include "dg-core.h"

DgDb *
dg_db_open (const char     *path,
            DgDbOpenFlags   flags,
            GError        **error)
{
  return dg_db_open_with_hooks (path, flags, dg_clocks_hooks (), error);
}
