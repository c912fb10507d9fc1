/* The My Number card's JPKI AP over PC/SC (libpcsclite), as docs/card.md and
 * docs/quick-start.md ("The card") describe it: only what an eligibility check needs. Each step
 * is one PC/SC transaction (SCardBeginTransaction ... SCardEndTransaction), as OpenSC does, so
 * that no other program's command comes between a SELECT and the command after it. */
#ifndef STARTER_CARD_H
#define STARTER_CARD_H

#include <stddef.h>

#include <winscard.h>

typedef struct {
    SCARDCONTEXT context;
    SCARDHANDLE handle;
    DWORD protocol;
    int has_context;
    int has_handle;
    int in_jpki; /* the JPKI AP is selected in this connection */
} card;

/* How a PIN step ended. */
typedef enum {
    PIN_VERIFIED,  /* 9000 */
    PIN_WRONG,     /* 63Cx, x tries left (x > 0) */
    PIN_BLOCKED,   /* 63C0 or 6984 */
    PIN_CANCELLED, /* 6400 or 6401: the entry on the reader's PIN pad timed out or was cancelled */
    PIN_CARD_FAIL, /* anything else: the card cannot be used */
} pin_status;

/* card_read_certificate's answer when the token wants the PIN first (6982): an Android phone. */
#define CARD_PIN_FIRST (-2)

/* card_open's answer when another program held the reader for the whole wait. */
#define CARD_HELD (-2)

/* How the signature step ended. */
typedef enum {
    SIGN_DONE,
    SIGN_NEEDS_PIN, /* 6982: the PIN's verification was lost; verify again, then sign */
    SIGN_CARD_FAIL,
} sign_status;

/* Connects to `reader`, waiting up to `wait_secs` for a card and up to 5 s while another program
 * holds the reader (`held` is called once when it does, so that the screen can say so). 0, or
 * -1 (CARD_HELD when the other program kept it) with the reason in `why`. */
int card_open(card *c, const char *reader, double wait_secs, void (*held)(void), char *why,
              size_t why_len);

/* The 利用者証明用電子証明書 (EF 000A) to its DER length, into `der` (room for `room` bytes).
 * Its length, or -1 with the reason in `why`. Free to read on a card; CARD_PIN_FIRST when the
 * token gives it only after the PIN (an Android phone, docs/card.md, "Phone profiles"). */
long card_read_certificate(card *c, unsigned char *der, size_t room, char *why, size_t why_len);

/* Whether the token is an Android phone's: EF 0006's label, its padding stripped, is
 * JPKIAPGPSETOKEN (a card's is JPKIAPICCTOKEN2; docs/card.md, "Phone profiles"). 1, 0, or -1. */
int card_is_android_phone(card *c);

/* FEATURE_VERIFY_PIN_DIRECT's control code when the reader has a PIN pad (it lists the feature
 * in its answer to CM_IOCTL_GET_FEATURE_REQUEST, PC/SC Part 10), else 0: a driver without
 * control codes has no pad. */
DWORD card_pin_pad(card *c);

/* One VERIFY of the auth PIN typed on the reader's PIN pad (`code` from card_pin_pad): the PIN
 * never reaches the computer. On PIN_WRONG `*tries` is what is left. */
pin_status card_verify_pin_on_pad(card *c, DWORD code, int *tries);

/* The auth PIN's tries left (the empty VERIFY, which costs none): 0-15, or -1. */
int card_pin_tries(card *c);

/* One VERIFY of the auth PIN with the four ASCII digits `pin`; on PIN_WRONG `*tries` is what
 * is left. The PIN is never logged. */
pin_status card_verify_pin(card *c, const char pin[4], int *tries);

/* RSASSA-PKCS1-v1_5 with SHA-256 over `data` by the auth key: the card signs the DigestInfo.
 * `sig` has room for 512 bytes; `*sig_len` is its length. */
sign_status card_sign(card *c, const unsigned char *data, size_t len, unsigned char *sig,
                      size_t *sig_len);

/* Lets the card go, powered off, and the PC/SC context (docs/client-protocol.md: the card is
 * released before the result, check APDU-release). */
void card_release(card *c);

#endif
