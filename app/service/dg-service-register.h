#pragma once

#include "dg-service.h"
#include "dg-records-register.h"

G_BEGIN_DECLS

/* ---- The child protection register (issue 24) ------------------------------------ */

/* Welsh Government's measures PM24, PM27 and PM28 for [@from, @to] (dates),
 * counted per child: a DgRegisterMeasures. */
void                dg_service_register_measures_async  (DgService           *self,
                                                          const char          *from,
                                                          const char          *to,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
DgRegisterMeasures *dg_service_register_measures_finish (DgService           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* The periods on the register of the child named @name born on @dob, as
 * the intake form has them before saving: DgRegisterPeriod, oldest first
 * (none without a date of birth). */
void                dg_service_register_history_async   (DgService           *self,
                                                          const char          *name,
                                                          const char          *dob,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
GPtrArray          *dg_service_register_history_finish  (DgService           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* The children of the referral @referral_id who have been on the register:
 * DgRegisterChild, with "earlier" marking periods begun before it came in. */
void                dg_service_register_children_async  (DgService           *self,
                                                          gint64               referral_id,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
GPtrArray          *dg_service_register_children_finish (DgService           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
