/* PC/SC and the JPKI AP. YOUR APP: your own card code (or your middleware) goes here; keep one
 * VERIFY per PIN typed, read the tries left before asking, and release the card before the
 * result (docs/card.md). */
#define _DEFAULT_SOURCE /* usleep */
#include "card.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <reader.h> /* pcsc-lite's PC/SC Part 10 names: CM_IOCTL_GET_FEATURE_REQUEST, ... */

#include "protocol.h"

/* The JPKI AP's DF name and its EFs (docs/card.md, "JPKI AP"). */
static const unsigned char JPKI_AID[] = {0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};
#define EF_AUTH_CERT 0x000A
#define EF_AUTH_KEY 0x0017
#define EF_AUTH_PIN 0x0018
#define EF_TOKEN 0x0006

/* The token label an Android phone's JPKI AP holds in EF 0006 (docs/card.md, "Phone profiles"). */
#define ANDROID_TOKEN "JPKIAPGPSETOKEN"

/* The PIN_VERIFY_STRUCTURE of a PIN pad's VERIFY (PC/SC Part 10; docs/reference-client.md, "PIN
 * pads"): 30 s timeouts, ASCII, the PIN the whole data field, 4 to 4 digits, the validation
 * key, one message, Japanese (0x0411), no prologue, then the VERIFY of the auth PIN without its
 * data, which the reader fills in from its keys. */
static const unsigned char PIN_VERIFY[] = {30, 30, 0x02, 0x00, 0x00, 4, 4, 0x02, 0x01, 0x11, 0x04, 0x00,
                                           0,  0,  0,    4,    0,    0, 0, 0x00, 0x20, 0x00, 0x80};

/* The DER DigestInfo prefix of SHA-256 (RFC 8017, section 9.2, note 1). */
static const unsigned char SHA256_DIGEST_INFO[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                                   0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                                   0x01, 0x05, 0x00, 0x04, 0x20};

/* The answer to one command: its data and status word. */
typedef struct {
    unsigned char data[1024];
    size_t len;
    unsigned sw;
} response;

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One SCardTransmit; -1 on a PC/SC error or an answer without a status word (a card pulled
 * mid-command, check APDU-empty-answer). */
static int transmit_raw(card *c, const unsigned char *apdu, size_t len, unsigned char *out,
                        size_t *out_len)
{
    const SCARD_IO_REQUEST *pci = c->protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
    DWORD got = (DWORD)*out_len;
    LONG rv = SCardTransmit(c->handle, pci, apdu, (DWORD)len, NULL, out, &got);
    if (rv != SCARD_S_SUCCESS) {
        say("SCardTransmit: %s", pcsc_stringify_error(rv));
        return -1;
    }
    if (got < 2) {
        say("the card gave no status word (removed mid-command)");
        return -1;
    }
    *out_len = got;
    return 0;
}

/* One command with 6Cxx (send it again with that Le) and 61xx (GET RESPONSE) resolved below it,
 * as T=0 readers answer (ISO/IEC 7816-4, 5.1.3). `secret`: the data is not logged. */
static int transmit(card *c, const unsigned char *apdu, size_t len, response *r, int secret)
{
    unsigned char buf[1024], again[300];
    size_t got = sizeof buf;
    if (transmit_raw(c, apdu, len, buf, &got) != 0)
        return -1;
    if (buf[got - 2] == 0x6C && len >= 4 && len <= sizeof again - 1) {
        /* Wrong Le: the command once more with Le = SW2 (a case 1 or 2 command). */
        size_t body = len == 4 ? 4 : (len == 5 ? 4 : 5 + (size_t)apdu[4]);
        memcpy(again, apdu, body);
        again[body] = buf[got - 1];
        got = sizeof buf;
        if (transmit_raw(c, again, body + 1, buf, &got) != 0)
            return -1;
    }
    r->len = 0;
    for (int rounds = 0;; rounds++) {
        size_t data = got - 2;
        if (r->len + data > sizeof r->data)
            return -1;
        memcpy(r->data + r->len, buf, data);
        r->len += data;
        r->sw = (unsigned)buf[got - 2] << 8 | buf[got - 1];
        if (buf[got - 2] != 0x61 || rounds == 32)
            break;
        unsigned char get_response[] = {0x00, 0xC0, 0x00, 0x00, buf[got - 1]};
        got = sizeof buf;
        if (transmit_raw(c, get_response, sizeof get_response, buf, &got) != 0)
            return -1;
    }
    if (secret)
        say("APDU %02X %02X %02X %02X <redacted> -> %04X", apdu[0], apdu[1], apdu[2], apdu[3], r->sw);
    else
        say("APDU %02X %02X %02X %02X -> %04X (%zu bytes)", apdu[0], apdu[1], apdu[2], apdu[3],
            r->sw, r->len);
    return 0;
}

/* SELECT the JPKI AP (unless this connection has it selected), then the EF `fid`. */
static int select_file(card *c, unsigned fid)
{
    response r;
    if (!c->in_jpki) {
        unsigned char apdu[5 + sizeof JPKI_AID] = {0x00, 0xA4, 0x04, 0x0C, sizeof JPKI_AID};
        memcpy(apdu + 5, JPKI_AID, sizeof JPKI_AID);
        if (transmit(c, apdu, sizeof apdu, &r, 0) != 0 || r.sw != 0x9000) {
            say("SELECT JPKI AP failed: not a My Number card?");
            return -1;
        }
        c->in_jpki = 1;
    }
    unsigned char apdu[] = {0x00, 0xA4, 0x02, 0x0C, 0x02, (unsigned char)(fid >> 8),
                            (unsigned char)fid};
    if (transmit(c, apdu, sizeof apdu, &r, 0) != 0 || r.sw != 0x9000)
        return -1;
    return 0;
}

/* A step begins: the card is ours until step_end (SCardBeginTransaction waits while another
 * program holds it). */
static int step_begin(card *c)
{
    LONG rv = SCardBeginTransaction(c->handle);
    if (rv != SCARD_S_SUCCESS) {
        say("SCardBeginTransaction: %s", pcsc_stringify_error(rv));
        return -1;
    }
    return 0;
}

static void step_end(card *c)
{
    LONG rv = SCardEndTransaction(c->handle, SCARD_LEAVE_CARD);
    if (rv != SCARD_S_SUCCESS)
        say("SCardEndTransaction: %s", pcsc_stringify_error(rv));
}

/* Waits until `reader` shows a card, up to `wait_secs`. */
static int wait_for_card(card *c, const char *reader, double wait_secs, char *why, size_t why_len)
{
    SCARD_READERSTATE state = {.szReader = reader, .dwCurrentState = SCARD_STATE_UNAWARE};
    double until = seconds_now() + wait_secs;
    for (;;) {
        LONG rv = SCardGetStatusChange(c->context, 0, &state, 1);
        if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT) {
            snprintf(why, why_len, "the reader %s: %s", reader, pcsc_stringify_error(rv));
            return -1;
        }
        if (state.dwEventState & SCARD_STATE_PRESENT)
            return 0;
        double left = until - seconds_now();
        if (left <= 0) {
            snprintf(why, why_len, "no card in the reader");
            return -1;
        }
        state.dwCurrentState = state.dwEventState;
        rv = SCardGetStatusChange(c->context, (DWORD)(left * 1000) + 1, &state, 1);
        if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT) {
            snprintf(why, why_len, "the reader %s: %s", reader, pcsc_stringify_error(rv));
            return -1;
        }
        state.dwCurrentState = SCARD_STATE_UNAWARE;
    }
}

int card_open(card *c, const char *reader, double wait_secs, void (*held)(void), char *why,
              size_t why_len)
{
    memset(c, 0, sizeof *c);
    LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &c->context);
    if (rv != SCARD_S_SUCCESS) {
        snprintf(why, why_len, "SCardEstablishContext: %s", pcsc_stringify_error(rv));
        return -1;
    }
    c->has_context = 1;
    if (wait_for_card(c, reader, wait_secs, why, why_len) != 0)
        return -1;
    /* Another program may hold the reader exclusively (a face reader's software): try again
     * every 200 ms for 5 s (docs/client-protocol.md, "Bounds a client must meet"). */
    for (int tries = 0;; tries++) {
        rv = SCardConnect(c->context, reader, SCARD_SHARE_SHARED,
                          SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &c->handle, &c->protocol);
        if (rv == SCARD_S_SUCCESS)
            break;
        if (rv != SCARD_E_SHARING_VIOLATION || tries == 25) {
            snprintf(why, why_len, "SCardConnect: %s", pcsc_stringify_error(rv));
            return rv == SCARD_E_SHARING_VIOLATION ? CARD_HELD : -1;
        }
        if (tries == 0 && held != NULL)
            held();
        usleep(200 * 1000);
    }
    c->has_handle = 1;
    return 0;
}

/* The length of the DER value whose first bytes are `head`, or -1. */
static long der_length(const unsigned char *head, size_t len)
{
    if (len < 2 || head[0] != 0x30)
        return -1;
    if (head[1] < 0x80)
        return 2 + head[1];
    size_t n = head[1] & 0x7F;
    if (n < 1 || n > 2 || len < 2 + n)
        return -1;
    long total = 0;
    for (size_t i = 0; i < n; i++)
        total = total << 8 | head[2 + i];
    return 2 + (long)n + total;
}

static long read_certificate(card *c, unsigned char *der, size_t room, char *why, size_t why_len)
{
    response r;
    if (select_file(c, EF_AUTH_CERT) != 0) {
        snprintf(why, why_len, "SELECT EF 000A failed");
        return -1;
    }
    unsigned char head[] = {0x00, 0xB0, 0x00, 0x00, 0x04};
    int sent = transmit(c, head, sizeof head, &r, 0);
    if (sent == 0 && r.sw == 0x6982) {
        snprintf(why, why_len, "READ BINARY of the certificate: 6982, the PIN first");
        return CARD_PIN_FIRST;
    }
    if (sent != 0 || r.sw != 0x9000) {
        snprintf(why, why_len, "READ BINARY of the certificate failed");
        return -1;
    }
    long total = der_length(r.data, r.len);
    if (total < 0 || (size_t)total > room || total > 0x7FFF) {
        snprintf(why, why_len, "the certificate is not a DER SEQUENCE of a usable length");
        return -1;
    }
    size_t have = r.len < (size_t)total ? r.len : (size_t)total;
    memcpy(der, r.data, have);
    while (have < (size_t)total) {
        size_t want = (size_t)total - have > 256 ? 256 : (size_t)total - have;
        unsigned char read[] = {0x00, 0xB0, (unsigned char)(have >> 8), (unsigned char)have,
                                (unsigned char)(want & 0xFF)};
        if (transmit(c, read, sizeof read, &r, 0) != 0 || r.sw != 0x9000 || r.len == 0) {
            snprintf(why, why_len, "READ BINARY at %zu failed", have);
            return -1;
        }
        size_t take = r.len < want ? r.len : want;
        memcpy(der + have, r.data, take);
        have += take;
    }
    return total;
}

long card_read_certificate(card *c, unsigned char *der, size_t room, char *why, size_t why_len)
{
    if (step_begin(c) != 0) {
        snprintf(why, why_len, "the card cannot be reserved");
        return -1;
    }
    long len = read_certificate(c, der, room, why, why_len);
    step_end(c);
    return len;
}

int card_pin_tries(card *c)
{
    response r;
    int tries = -1;
    if (step_begin(c) != 0)
        return -1;
    unsigned char empty_verify[] = {0x00, 0x20, 0x00, 0x80};
    if (select_file(c, EF_AUTH_PIN) == 0 && transmit(c, empty_verify, 4, &r, 0) == 0) {
        if ((r.sw & 0xFFF0) == 0x63C0)
            tries = (int)(r.sw & 0x0F);
        else if (r.sw == 0x6984)
            tries = 0;
    }
    step_end(c);
    return tries;
}

pin_status card_verify_pin(card *c, const char pin[4], int *tries)
{
    response r;
    pin_status status = PIN_CARD_FAIL;
    if (step_begin(c) != 0)
        return PIN_CARD_FAIL;
    unsigned char verify[9] = {0x00, 0x20, 0x00, 0x80, 0x04};
    memcpy(verify + 5, pin, 4);
    if (select_file(c, EF_AUTH_PIN) == 0 && transmit(c, verify, sizeof verify, &r, 1) == 0) {
        if (r.sw == 0x9000) {
            status = PIN_VERIFIED;
        } else if (r.sw == 0x63C0 || r.sw == 0x6984) {
            status = PIN_BLOCKED;
        } else if ((r.sw & 0xFFF0) == 0x63C0) {
            status = PIN_WRONG;
            *tries = (int)(r.sw & 0x0F);
        }
    }
    OPENSSL_cleanse(verify, sizeof verify);
    step_end(c);
    return status;
}

int card_is_android_phone(card *c)
{
    response r;
    int android = -1;
    if (step_begin(c) != 0)
        return -1;
    unsigned char read[] = {0x00, 0xB0, 0x00, 0x00, 0x20};
    if (select_file(c, EF_TOKEN) == 0 && transmit(c, read, sizeof read, &r, 0) == 0 &&
        r.sw == 0x9000) {
        size_t len = r.len;
        while (len > 0 && (r.data[len - 1] == ' ' || r.data[len - 1] == '\0'))
            len--;
        android = len == strlen(ANDROID_TOKEN) && memcmp(r.data, ANDROID_TOKEN, len) == 0;
    }
    step_end(c);
    return android;
}

DWORD card_pin_pad(card *c)
{
    unsigned char features[256];
    DWORD len = 0;
    LONG rv = SCardControl(c->handle, CM_IOCTL_GET_FEATURE_REQUEST, NULL, 0, features,
                           sizeof features, &len);
    if (rv != SCARD_S_SUCCESS)
        return 0; /* a driver without control codes (vpcd's): no pad */
    /* TLVs: a tag, length 4, the control code big-endian. */
    for (DWORD i = 0; i + 2 <= len; i += 2 + (DWORD)features[i + 1]) {
        if (features[i] == FEATURE_VERIFY_PIN_DIRECT && features[i + 1] == 4 && i + 6 <= len)
            return (DWORD)features[i + 2] << 24 | (DWORD)features[i + 3] << 16 |
                   (DWORD)features[i + 4] << 8 | (DWORD)features[i + 5];
    }
    return 0;
}

pin_status card_verify_pin_on_pad(card *c, DWORD code, int *tries)
{
    pin_status status = PIN_CARD_FAIL;
    if (step_begin(c) != 0)
        return PIN_CARD_FAIL;
    if (select_file(c, EF_AUTH_PIN) == 0) {
        unsigned char answer[16];
        DWORD len = 0;
        LONG rv = SCardControl(c->handle, code, PIN_VERIFY, sizeof PIN_VERIFY, answer,
                               sizeof answer, &len);
        if (rv != SCARD_S_SUCCESS) {
            say("the PIN pad's VERIFY: %s", pcsc_stringify_error(rv));
        } else if (len < 2) {
            say("the PIN pad's VERIFY gave no status word");
        } else {
            unsigned sw = (unsigned)answer[len - 2] << 8 | answer[len - 1];
            say("PIN pad VERIFY -> %04X", sw);
            if (sw == 0x9000) {
                status = PIN_VERIFIED;
            } else if (sw == 0x6400 || sw == 0x6401) {
                status = PIN_CANCELLED;
            } else if (sw == 0x63C0 || sw == 0x6984) {
                status = PIN_BLOCKED;
            } else if ((sw & 0xFFF0) == 0x63C0) {
                status = PIN_WRONG;
                *tries = (int)(sw & 0x0F);
            }
        }
    }
    step_end(c);
    return status;
}

sign_status card_sign(card *c, const unsigned char *data, size_t len, unsigned char *sig,
                      size_t *sig_len)
{
    unsigned char apdu[5 + sizeof SHA256_DIGEST_INFO + 32 + 1] = {
        0x80, 0x2A, 0x00, 0x80, sizeof SHA256_DIGEST_INFO + 32};
    memcpy(apdu + 5, SHA256_DIGEST_INFO, sizeof SHA256_DIGEST_INFO);
    unsigned int digest_len = 0;
    if (EVP_Digest(data, len, apdu + 5 + sizeof SHA256_DIGEST_INFO, &digest_len, EVP_sha256(),
                   NULL) != 1)
        return SIGN_CARD_FAIL;
    apdu[sizeof apdu - 1] = 0x00; /* Le: the whole signature */
    if (step_begin(c) != 0)
        return SIGN_CARD_FAIL;
    response r;
    sign_status status = SIGN_CARD_FAIL;
    if (select_file(c, EF_AUTH_KEY) == 0 && transmit(c, apdu, sizeof apdu, &r, 0) == 0) {
        if (r.sw == 0x6982) {
            status = SIGN_NEEDS_PIN;
        } else if (r.sw == 0x9000 && r.len > 0 && r.len <= 512) {
            memcpy(sig, r.data, r.len);
            *sig_len = r.len;
            status = SIGN_DONE;
        }
    }
    step_end(c);
    return status;
}

void card_release(card *c)
{
    if (c->has_handle) {
        LONG rv = SCardDisconnect(c->handle, SCARD_UNPOWER_CARD);
        if (rv != SCARD_S_SUCCESS)
            say("SCardDisconnect: %s", pcsc_stringify_error(rv));
        c->has_handle = 0;
    }
    if (c->has_context) {
        SCardReleaseContext(c->context);
        c->has_context = 0;
    }
}
