/* The mock eligibility service's public API over HTTPS with libcurl (docs/service.md,
 * "Public API"), trusting the CA in MYNAKIT_CA_FILE and nothing else. */
#ifndef STARTER_SERVICE_H
#define STARTER_SERVICE_H

#include <stddef.h>

#include <jansson.h>

/* How a request ended (docs/client-protocol.md, "Retrying a failed request"). */
typedef enum {
    SERVICE_OK,        /* a 2xx answer, parsed */
    SERVICE_TRANSIENT, /* no answer in time, reset, refused, cut short, 5xx: may be repeated */
    SERVICE_REFUSED,   /* a 4xx problem or a TLS failure: repeating cannot cure it */
} service_status;

/* Once, before any request; 0 or -1. */
int service_init(void);

/* `method` `path` of MYNAKIT_SERVICE_URL with `body` (borrowed; NULL for none) as JSON, within
 * `timeout_secs` (at most 10 s). On SERVICE_OK `*answer` holds the parsed answer (json_decref
 * it); otherwise `why` says what failed. */
service_status service_request(const char *method, const char *path, json_t *body,
                               double timeout_secs, json_t **answer, char *why, size_t why_len);

#endif
