#include "config.h"

#include "dg-records-register.h"

/* Each record described once by its members (dg-record.h). */

DG_DEFINE_RECORD (DgRegisterPeriod, dg_register_period,
                  DG_RECORD_MEMBER (DgRegisterPeriod, from, DG_RECORD_TEXT, "from"),
                  DG_RECORD_MEMBER (DgRegisterPeriod, to, DG_RECORD_TEXT, "to"),
                  DG_RECORD_MEMBER (DgRegisterPeriod, days, DG_RECORD_INT, "days"),
                  DG_RECORD_MEMBER (DgRegisterPeriod, child, DG_RECORD_INT, "child"),
                  DG_RECORD_MEMBER (DgRegisterPeriod, referral, DG_RECORD_INT, "referral"),
                  DG_RECORD_MEMBER (DgRegisterPeriod, previous_end, DG_RECORD_TEXT, "previous_end"),
                  DG_RECORD_MEMBER (DgRegisterPeriod, re_registration, DG_RECORD_BOOL, "re_registration"),
                  DG_RECORD_MEMBER (DgRegisterPeriod, earlier, DG_RECORD_BOOL, "earlier"));

DG_DEFINE_RECORD (DgRegisterChild, dg_register_child,
                  DG_RECORD_MEMBER (DgRegisterChild, child, DG_RECORD_INT, "child"),
                  DG_RECORD_MEMBER (DgRegisterChild, name, DG_RECORD_TEXT_OR_EMPTY, "name"),
                  DG_RECORD_MEMBER (DgRegisterChild, previously_registered, DG_RECORD_BOOL, "previously_registered"),
                  DG_RECORD_NESTED (DgRegisterChild, periods, DG_RECORD_LIST, "periods", dg_register_period));

DG_DEFINE_RECORD (DgRegisterMeasure, dg_register_measure,
                  DG_RECORD_MEMBER (DgRegisterMeasure, measure, DG_RECORD_TEXT_OR_EMPTY, "measure"),
                  DG_RECORD_MEMBER (DgRegisterMeasure, label, DG_RECORD_TEXT_OR_EMPTY, "label"),
                  DG_RECORD_MEMBER (DgRegisterMeasure, basis, DG_RECORD_TEXT_OR_EMPTY, "basis"),
                  DG_RECORD_MEMBER (DgRegisterMeasure, numerator, DG_RECORD_INT, "numerator"),
                  DG_RECORD_MEMBER (DgRegisterMeasure, denominator, DG_RECORD_INT, "denominator"),
                  DG_RECORD_MEMBER (DgRegisterMeasure, share, DG_RECORD_DOUBLE, "share"),
                  DG_RECORD_MEMBER (DgRegisterMeasure, word, DG_RECORD_TEXT_OR_EMPTY, "word"));

DG_DEFINE_RECORD (DgRegisterMeasures, dg_register_measures,
                  DG_RECORD_MEMBER (DgRegisterMeasures, from, DG_RECORD_TEXT_OR_EMPTY, "from"),
                  DG_RECORD_MEMBER (DgRegisterMeasures, to, DG_RECORD_TEXT_OR_EMPTY, "to"),
                  DG_RECORD_NESTED (DgRegisterMeasures, measures, DG_RECORD_LIST, "measures", dg_register_measure));
