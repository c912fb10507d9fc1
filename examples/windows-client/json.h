/* A small JSON reader and writer for the client protocol's lines and the service's answers
 * (RFC 8259). Enough for this example: no streaming, numbers kept as text. */
#ifndef MYNAKIT_JSON_H
#define MYNAKIT_JSON_H

#include <stddef.h>

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

typedef struct json {
    enum jtype type;
    int boolean;         /* J_BOOL */
    char *text;          /* J_STR (UTF-8, NUL-terminated), J_NUM (as written) */
    char *key;           /* the member's name, inside an object */
    struct json *child;  /* J_ARR, J_OBJ: first element or member */
    struct json *next;   /* the next sibling */
} json;

/* Parses one JSON text; NULL (and *err set to the byte offset) when it is not JSON. */
json *json_parse(const char *text, size_t len, size_t *err);
void json_free(json *j);
/* The member `key` of an object, or NULL. */
json *json_get(const json *obj, const char *key);
/* The member `key` when it is a string, else NULL. */
const char *json_str(const json *obj, const char *key);
/* 1 when the member `key` is `true`. */
int json_true(const json *obj, const char *key);

/* A growing byte buffer for writing JSON. */
typedef struct {
    char *p;
    size_t n, cap;
} buf;

void buf_add(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_printf(buf *b, const char *fmt, ...); /* short texts only: at most 511 bytes */
/* `s` as a JSON string, quotes included. */
void buf_jstr(buf *b, const char *s);
void buf_free(buf *b);

#endif
