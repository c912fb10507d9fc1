/* The client protocol: JSON lines on stdout (to mynakit) and stdin (from mynakit), one object a
 * line (docs/quick-start.md, "The conversation"; docs/client-protocol.md, "Lines"). */
#ifndef STARTER_PROTOCOL_H
#define STARTER_PROTOCOL_H

#include <jansson.h>

/* How an ask ended. */
typedef enum {
    ASK_ANSWERED,  /* the answer of the same type and id */
    ASK_CANCELLED, /* the operator pressed cancel */
    ASK_ENDED,     /* mynakit ended the conversation (`error`, stdin closed, a bad line) */
} ask_status;

/* Writes `msg` as one line and drops the reference to it. Returns 0, or -1 when it could not. */
int proto_send(json_t *msg);

/* The next object mynakit sends, or NULL at the end of stdin, on a line that is too long or not
 * a JSON object with a `type`, or on `error` (each said on stderr). */
json_t *proto_recv(void);

/* Asks `type` with the fields of `fields` (taken over; NULL for none), an id of its own, and
 * waits for the answer: on ASK_ANSWERED `*answer` holds it (drop it with json_decref). */
ask_status proto_ask(const char *type, json_t *fields, json_t **answer);

/* A `display` line: what the screen shows now. NULL `outcome`, `fields` or `text` and a negative
 * `tries_left` are left out; `fields` is borrowed. */
void proto_display(const char *outcome, json_t *fields, int tries_left, const char *text);

/* A line on stderr, which mynakit keeps as the client's log. Never a PIN here. */
void say(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
