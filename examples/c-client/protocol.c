/* JSON lines with Jansson (Debian's libjansson-dev): one object a line, UTF-8, at most
 * 65,536 bytes (docs/client-protocol.md, "Lines"). */
#include "protocol.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The longest line either side may send. */
#define LINE_MAX_BYTES 65536

static unsigned asked;

void say(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fputs("[mynakit-c-starter] ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
}

int proto_send(json_t *msg)
{
    if (msg == NULL)
        return -1;
    /* UTF-8 as it is (no \u escapes), compact: one object, one line. */
    int failed = json_dumpf(msg, stdout, JSON_COMPACT) != 0 || fputc('\n', stdout) == EOF ||
                 fflush(stdout) != 0;
    json_decref(msg);
    return failed ? -1 : 0;
}

/* One line of stdin into `line` without its newline (and a `\r` before it); -1 at the end of
 * stdin or for a line over LINE_MAX_BYTES, whose rest is skipped. */
static long read_line(char *line)
{
    long len = 0;
    int c;
    while ((c = getchar()) != EOF && c != '\n') {
        if (len == LINE_MAX_BYTES) {
            while ((c = getchar()) != EOF && c != '\n')
                ;
            say("a line from mynakit is over %d bytes", LINE_MAX_BYTES);
            return -1;
        }
        line[len++] = (char)c;
    }
    if (c == EOF && len == 0)
        return -1;
    if (len > 0 && line[len - 1] == '\r')
        len--;
    return len;
}

json_t *proto_recv(void)
{
    static char line[LINE_MAX_BYTES + 1];
    long len = read_line(line);
    if (len < 0)
        return NULL;
    json_error_t error;
    json_t *msg = json_loadb(line, (size_t)len, 0, &error);
    if (msg == NULL) {
        say("a line from mynakit is not JSON: byte %d: %s", error.position, error.text);
        return NULL;
    }
    const char *type = json_string_value(json_object_get(msg, "type"));
    if (!json_is_object(msg) || type == NULL) {
        say("a line from mynakit is not an object with a type");
        json_decref(msg);
        return NULL;
    }
    if (strcmp(type, "error") == 0) {
        const char *text = json_string_value(json_object_get(msg, "text"));
        say("mynakit ended the conversation: %s", text != NULL ? text : "");
        json_decref(msg);
        return NULL;
    }
    return msg;
}

ask_status proto_ask(const char *type, json_t *fields, json_t **answer)
{
    char id[32];
    snprintf(id, sizeof id, "%c%u", type[0], ++asked);
    json_t *msg = json_pack("{s:s, s:s}", "type", type, "id", id);
    if (fields != NULL) {
        json_object_update(msg, fields);
        json_decref(fields);
    }
    if (proto_send(msg) != 0)
        return ASK_ENDED;
    json_t *got = proto_recv();
    if (got == NULL)
        return ASK_ENDED;
    const char *got_type = json_string_value(json_object_get(got, "type"));
    const char *got_id = json_string_value(json_object_get(got, "id"));
    if (got_id == NULL || strcmp(got_id, id) != 0) {
        say("an answer to another ask than %s", id);
        json_decref(got);
        return ASK_ENDED;
    }
    if (strcmp(got_type, "cancel") == 0) {
        json_decref(got);
        return ASK_CANCELLED;
    }
    if (strcmp(got_type, type) != 0) {
        say("the answer to %s is a %s", id, got_type);
        json_decref(got);
        return ASK_ENDED;
    }
    *answer = got;
    return ASK_ANSWERED;
}

/* YOUR APP: what your screen shows. Call it wherever your screen changes: mynakit judges what
 * it says (docs/client-protocol.md, "display"). */
void proto_display(const char *outcome, json_t *fields, int tries_left, const char *text)
{
    json_t *msg = json_pack("{s:s}", "type", "display");
    if (outcome != NULL)
        json_object_set_new(msg, "outcome", json_string(outcome));
    if (fields != NULL && json_object_size(fields) > 0)
        json_object_set(msg, "fields", fields);
    if (tries_left >= 0)
        json_object_set_new(msg, "tries_left", json_integer(tries_left));
    if (text != NULL)
        json_object_set_new(msg, "text", json_string(text));
    proto_send(msg);
}
