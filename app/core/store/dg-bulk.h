#pragma once

#include "dg-db.h"

G_BEGIN_DECLS

/* Rows for one table, kept until dg_bulk_flush () writes them in multi-row
 * INSERTs of up to a few hundred rows each (on a server one statement, sent
 * ahead, for each: the per-statement cost of a row at a time is most of a
 * bulk load's time). Rows are written in the order they were added; a
 * caller whose tables refer to each other flushes the referred ones first. */
typedef struct _DgBulk DgBulk;

/* @columns as in an INSERT ("a, b, c"), @n_columns of them; @suffix, when
 * not NULL, ends each statement (e.g. "ON CONFLICT DO NOTHING"). */
DgBulk  *dg_bulk_new   (DgDb        *db,
                        const char  *table,
                        const char  *columns,
                        guint        n_columns,
                        const char  *suffix);
void     dg_bulk_free  (DgBulk      *bulk);

/* The next value of the current row (a new row starts after the last
 * column); text is copied, NULL text is NULL. */
void     dg_bulk_text  (DgBulk      *bulk,
                        const char  *value);
void     dg_bulk_int   (DgBulk      *bulk,
                        gint64       value);

/* Writes every row added since the last flush, and forgets them. */
gboolean dg_bulk_flush (DgBulk      *bulk,
                        GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgBulk, dg_bulk_free)

G_END_DECLS
