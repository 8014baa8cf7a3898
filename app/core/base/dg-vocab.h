#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The closed vocabularies of the domain: the ids stored and exchanged (CLI,
 * JSON, CSV) and their translated labels. */
typedef struct
{
  const char *id;
  const char *label;   /* N_() marked; translate with _() */
} DgTerm;

typedef enum
{
  DG_VOCAB_CHANNEL,
  DG_VOCAB_REPORTER_AGENCY,
  DG_VOCAB_LANGUAGE,
  DG_VOCAB_RAG,
  DG_VOCAB_CATEGORY,
  DG_VOCAB_OUTCOME,
  DG_VOCAB_ACK_METHOD,
  DG_VOCAB_STATUS,
  DG_VOCAB_MEETING_AGENCY,
  DG_VOCAB_MEETING_KIND,
  DG_VOCAB_RESPONSE,
  DG_VOCAB_DETERMINATION,
  DG_VOCAB_SEND_METHOD,
  DG_VOCAB_CLOCK,
  DG_VOCAB_CLOCK_STATE,
  DG_VOCAB_EVENT,
  DG_VOCAB_HISTORY,
  DG_VOCAB_CONCERN,
  DG_N_VOCABS
} DgVocab;

/* The terms of @vocab, ending with a %NULL id. */
const DgTerm *dg_vocab_terms   (DgVocab      vocab);

/* Whether @id belongs to @vocab. */
gboolean      dg_vocab_has     (DgVocab      vocab,
                                const char  *id);

/* Sets a DG_ERROR_INVALID error naming @field, the bad @value and the allowed ids. */
gboolean      dg_vocab_check   (DgVocab      vocab,
                                const char  *field,
                                const char  *value,
                                GError     **error);

/* The translated label of @id, or @id itself when unknown. */
const char   *dg_vocab_label   (DgVocab      vocab,
                                const char  *id);

G_END_DECLS
