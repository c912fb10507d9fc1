/* YOUR APP: the HTTP side. In production your app talks to the real オンライン資格確認 (through
 * its 資格確認端末 or its own service); under mynakit it talks to MYNAKIT_SERVICE_URL and trusts
 * MYNAKIT_CA_FILE only: some scenarios present another CA's certificate, and an app that accepts
 * it fails (docs/quick-start.md, "The service"). Plug your HTTP client in here. */
#include "service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "protocol.h"

/* The most of an answer read: the service's answers are a few KiB. */
#define ANSWER_MAX_BYTES (1024 * 1024)
/* Seconds a request may take (docs/client-protocol.md: no answer within 10 s is a failure). */
#define REQUEST_SECS 10.0

typedef struct {
    char *data;
    size_t len;
    int too_long;
} buffer;

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    buffer *b = userdata;
    size_t n = size * nmemb;
    if (b->len + n > ANSWER_MAX_BYTES) {
        b->too_long = 1;
        return 0; /* stops the transfer */
    }
    char *grown = realloc(b->data, b->len + n + 1);
    if (grown == NULL)
        return 0;
    b->data = grown;
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

int service_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

/* Whether a failed transfer may be repeated: a TLS failure may not. */
static int transient(CURLcode code)
{
    switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
        return 0;
    default:
        return 1;
    }
}

/* The handle for one request: only MYNAKIT_CA_FILE trusted, no proxy, HTTPS only. */
static CURL *handle_for(const char *url, double timeout_secs, buffer *into)
{
    const char *ca = getenv("MYNAKIT_CA_FILE");
    CURL *h = curl_easy_init();
    if (h == NULL || ca == NULL || ca[0] == '\0') {
        curl_easy_cleanup(h);
        return NULL;
    }
    long ms = (long)((timeout_secs < REQUEST_SECS ? timeout_secs : REQUEST_SECS) * 1000);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
    curl_easy_setopt(h, CURLOPT_CAINFO, ca);
    curl_easy_setopt(h, CURLOPT_CAPATH, NULL);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_PROXY, "");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, ms > 500 ? ms : 500L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, into);
    return h;
}

service_status service_request(const char *method, const char *path, json_t *body,
                               double timeout_secs, json_t **answer, char *why, size_t why_len)
{
    const char *base = getenv("MYNAKIT_SERVICE_URL");
    const char *run = getenv("MYNAKIT_RUN_ID");
    char url[2048], run_header[300];
    buffer got = {0};
    if (base == NULL || snprintf(url, sizeof url, "%s%s", base, path) >= (int)sizeof url) {
        snprintf(why, why_len, "MYNAKIT_SERVICE_URL is not set");
        return SERVICE_REFUSED;
    }
    CURL *h = handle_for(url, timeout_secs, &got);
    if (h == NULL) {
        snprintf(why, why_len, "MYNAKIT_CA_FILE is not set: no CA to trust");
        return SERVICE_REFUSED;
    }
    /* x-mynakit-run lines the service's journal up with the run's timeline. */
    snprintf(run_header, sizeof run_header, "x-mynakit-run: %.250s", run != NULL ? run : "");
    struct curl_slist *headers = curl_slist_append(NULL, "accept: application/json");
    headers = curl_slist_append(headers, run_header);
    char *json = NULL;
    if (body != NULL) {
        json = json_dumps(body, JSON_COMPACT);
        headers = curl_slist_append(headers, "content-type: application/json");
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, json != NULL ? json : "");
    } else if (strcmp(method, "POST") == 0) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
    }
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    CURLcode code = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(h);
    curl_slist_free_all(headers);
    free(json);
    service_status result = SERVICE_OK;
    if (code != CURLE_OK) {
        snprintf(why, why_len, "%s %s: %s", method, path,
                 got.too_long ? "the answer is too long" : curl_easy_strerror(code));
        result = transient(code) ? SERVICE_TRANSIENT : SERVICE_REFUSED;
    } else if (status >= 500 || status == 408 || status == 429) {
        snprintf(why, why_len, "%s %s: HTTP %ld", method, path, status);
        result = SERVICE_TRANSIENT;
    } else if (status < 200 || status >= 300) {
        snprintf(why, why_len, "%s %s: HTTP %ld", method, path, status);
        result = SERVICE_REFUSED;
    } else {
        json_error_t error;
        *answer = json_loadb(got.data != NULL ? got.data : "", got.len, 0, &error);
        if (*answer == NULL || !json_is_object(*answer)) {
            snprintf(why, why_len, "%s %s: the answer is not a JSON object", method, path);
            json_decref(*answer);
            *answer = NULL;
            result = SERVICE_TRANSIENT;
        }
    }
    say("HTTP %s %s -> %ld", method, path, status);
    free(got.data);
    return result;
}
