/* See json.h. */
#include "json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *s;
    size_t n, i;
    int bad;
} parser;

static void ws(parser *p) {
    while (p->i < p->n && strchr(" \t\r\n", p->s[p->i]) && p->s[p->i])
        p->i++;
}

static json *node(enum jtype t) {
    json *j = calloc(1, sizeof *j);
    j->type = t;
    return j;
}

static void put_utf8(buf *b, unsigned cp) {
    char c[4];
    size_t n;
    if (cp < 0x80) {
        c[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        c[0] = (char)(0xC0 | (cp >> 6));
        c[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        c[0] = (char)(0xE0 | (cp >> 12));
        c[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        c[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        c[0] = (char)(0xF0 | (cp >> 18));
        c[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        c[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        c[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    buf_add(b, c, n);
}

static int hex4(parser *p, unsigned *out) {
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        if (p->i >= p->n)
            return 0;
        char c = p->s[p->i++];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return 0;
    }
    *out = v;
    return 1;
}

static char *string(parser *p) {
    buf b = {0};
    p->i++; /* the opening quote */
    while (p->i < p->n) {
        char c = p->s[p->i++];
        if (c == '"') {
            buf_add(&b, "", 1);
            return b.p;
        }
        if ((unsigned char)c < 0x20)
            break;
        if (c != '\\') {
            buf_add(&b, &c, 1);
            continue;
        }
        if (p->i >= p->n)
            break;
        c = p->s[p->i++];
        const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
        const char *at = strchr(from, c);
        if (c && at) {
            buf_add(&b, to + (at - from), 1);
        } else if (c == 'u') {
            unsigned cp, lo;
            if (!hex4(p, &cp))
                break;
            if (cp >= 0xD800 && cp < 0xDC00) {
                if (p->i + 2 > p->n || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u')
                    break;
                p->i += 2;
                if (!hex4(p, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    break;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            put_utf8(&b, cp);
        } else {
            break;
        }
    }
    p->bad = 1;
    buf_free(&b);
    return NULL;
}

static json *value(parser *p, int depth) {
    ws(p);
    if (p->i >= p->n || depth > 64) {
        p->bad = 1;
        return NULL;
    }
    char c = p->s[p->i];
    if (c == '{' || c == '[') {
        json *j = node(c == '{' ? J_OBJ : J_ARR), **tail = &j->child;
        char close = c == '{' ? '}' : ']';
        p->i++;
        ws(p);
        if (p->i < p->n && p->s[p->i] == close) {
            p->i++;
            return j;
        }
        for (;;) {
            char *key = NULL;
            ws(p);
            if (j->type == J_OBJ) {
                if (p->i >= p->n || p->s[p->i] != '"' || !(key = string(p))) {
                    p->bad = 1;
                    break;
                }
                ws(p);
                if (p->i >= p->n || p->s[p->i] != ':') {
                    free(key);
                    p->bad = 1;
                    break;
                }
                p->i++;
            }
            json *v = value(p, depth + 1);
            if (!v) {
                free(key);
                break;
            }
            v->key = key;
            *tail = v;
            tail = &v->next;
            ws(p);
            if (p->i < p->n && p->s[p->i] == ',') {
                p->i++;
                continue;
            }
            if (p->i < p->n && p->s[p->i] == close) {
                p->i++;
                return j;
            }
            p->bad = 1;
            break;
        }
        json_free(j);
        return NULL;
    }
    if (c == '"') {
        char *s = string(p);
        if (!s)
            return NULL;
        json *j = node(J_STR);
        j->text = s;
        return j;
    }
    static const struct {
        const char *word;
        enum jtype t;
        int b;
    } words[] = {{"true", J_BOOL, 1}, {"false", J_BOOL, 0}, {"null", J_NULL, 0}};
    for (size_t k = 0; k < 3; k++) {
        size_t l = strlen(words[k].word);
        if (p->n - p->i >= l && !memcmp(p->s + p->i, words[k].word, l)) {
            p->i += l;
            json *j = node(words[k].t);
            j->boolean = words[k].b;
            return j;
        }
    }
    size_t start = p->i;
    while (p->i < p->n && strchr("+-0123456789.eE", p->s[p->i]) && p->s[p->i])
        p->i++;
    if (p->i == start) {
        p->bad = 1;
        return NULL;
    }
    json *j = node(J_NUM);
    j->text = calloc(1, p->i - start + 1);
    memcpy(j->text, p->s + start, p->i - start);
    return j;
}

json *json_parse(const char *text, size_t len, size_t *err) {
    parser p = {text, len, 0, 0};
    json *j = value(&p, 0);
    ws(&p);
    if (!j || p.bad || p.i != p.n) {
        json_free(j);
        if (err)
            *err = p.i;
        return NULL;
    }
    return j;
}

void json_free(json *j) {
    while (j) {
        json *next = j->next;
        json_free(j->child);
        free(j->text);
        free(j->key);
        free(j);
        j = next;
    }
}

json *json_get(const json *obj, const char *key) {
    if (!obj || obj->type != J_OBJ)
        return NULL;
    for (json *m = obj->child; m; m = m->next)
        if (!strcmp(m->key, key))
            return m;
    return NULL;
}

const char *json_str(const json *obj, const char *key) {
    json *m = json_get(obj, key);
    return m && m->type == J_STR ? m->text : NULL;
}

int json_true(const json *obj, const char *key) {
    json *m = json_get(obj, key);
    return m && m->type == J_BOOL && m->boolean;
}

void buf_add(buf *b, const char *s, size_t n) {
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

void buf_puts(buf *b, const char *s) { buf_add(b, s, strlen(s)); }

void buf_printf(buf *b, const char *fmt, ...) {
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        buf_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void buf_jstr(buf *b, const char *s) {
    buf_add(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            buf_add(b, "\\", 1);
            buf_add(b, s, 1);
        } else if (c < 0x20) {
            buf_printf(b, "\\u%04x", c);
        } else {
            buf_add(b, s, 1);
        }
    }
    buf_add(b, "\"", 1);
}

void buf_free(buf *b) {
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}
