/* Standard base64 (RFC 4648 section 4), written out: eight lines are simpler than a dependency. */
#include "base64.h"

#include <stdlib.h>
#include <string.h>

static const char ALPHABET[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *base64_encode(const unsigned char *data, size_t len)
{
    size_t out_len = 4 * ((len + 2) / 3);
    char *out = malloc(out_len + 1);
    if (out == NULL)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        unsigned long n = (unsigned long)data[i] << 16;
        if (i + 1 < len)
            n |= (unsigned long)data[i + 1] << 8;
        if (i + 2 < len)
            n |= data[i + 2];
        out[o++] = ALPHABET[(n >> 18) & 63];
        out[o++] = ALPHABET[(n >> 12) & 63];
        out[o++] = i + 1 < len ? ALPHABET[(n >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? ALPHABET[n & 63] : '=';
    }
    out[o] = '\0';
    return out;
}

static int value_of(char c)
{
    const char *at = c != '\0' ? strchr(ALPHABET, c) : NULL;
    return at != NULL ? (int)(at - ALPHABET) : -1;
}

long base64_decode(const char *text, unsigned char *out, size_t room)
{
    size_t len = strlen(text);
    if (len % 4 != 0)
        return -1;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 4) {
        int last = i + 4 == len;
        int pad = 0;
        unsigned long n = 0;
        for (size_t j = 0; j < 4; j++) {
            char c = text[i + j];
            int v;
            if (c == '=' && last && j >= 2 && (j == 3 || text[i + 3] == '=')) {
                v = 0;
                pad++;
            } else if (pad > 0 || (v = value_of(c)) < 0) {
                return -1;
            }
            n = (n << 6) | (unsigned long)v;
        }
        size_t bytes = 3 - (size_t)pad;
        if (o + bytes > room)
            return -1;
        out[o++] = (unsigned char)(n >> 16);
        if (bytes > 1)
            out[o++] = (unsigned char)(n >> 8);
        if (bytes > 2)
            out[o++] = (unsigned char)n;
    }
    return (long)o;
}
