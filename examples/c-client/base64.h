/* Standard base64 (RFC 4648 section 4), as the mock service sends and takes certificates,
 * challenges and signatures (docs/service.md, "Public API"). */
#ifndef STARTER_BASE64_H
#define STARTER_BASE64_H

#include <stddef.h>

/* The base64 of `len` bytes as a new NUL-terminated string (free it), or NULL when out of memory. */
char *base64_encode(const unsigned char *data, size_t len);

/* Decodes `text` into `out` (room for `room` bytes). Returns the number of bytes, or -1 when the
 * text is not standard base64 with padding or does not fit. */
long base64_decode(const char *text, unsigned char *out, size_t room);

#endif
