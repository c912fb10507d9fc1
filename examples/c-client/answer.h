/* From the service's answer (the OQS qualification result as JSON, docs/service.md, "Result
 * shape") to the outcome and the fields the screen shows (docs/client-protocol.md, "From the
 * answer to the outcome", "Which fields to show"). */
#ifndef STARTER_ANSWER_H
#define STARTER_ANSWER_H

#include <jansson.h>

/* The outcome the answer means: never "eligible" on a guess. */
const char *answer_outcome(json_t *answer);

/* The fields shown for `outcome`, by their OQS element names with the values as received: a new
 * object (json_decref it). `before_e05a`: the day is before screen E-05-A (2025-04-15, unless
 * the run set another), whose 裏面記載情報 the 医療扶助 screen did not show before. */
json_t *answer_fields(json_t *answer, const char *outcome, int before_e05a);

/* The answer's own message, if it has one (borrowed from `answer`), else NULL. */
const char *answer_text(json_t *answer);

/* A string member of an object, or NULL. */
const char *member(json_t *object, const char *name);

#endif
