/* mynakit's own Windows test client: an eligibility app (card-app role, PIN and 目視 modes) in C
 * with the Windows API only — WinSCard for the card, WinHTTP for the mock service, CryptoAPI and
 * CNG for certificates, base64 and SHA-256 — built with mingw-w64 (build.sh) and run under Wine
 * against mynakit's readers (docs/windows.md), or on Windows against `mynakit serve --vpcd`.
 *
 * It speaks the client protocol (docs/client-protocol.md) on stdin/stdout and does what
 * docs/client-protocol.md ("目視確認"), docs/card.md and docs/reference-client.md describe:
 * SELECT the JPKI AP, read the auth certificate (EF 000A) in short chunks, read the auth PIN's
 * tries (empty VERIFY), VERIFY the PIN, sign the service's challenge (80 2A), POST the
 * confirmation, and 保険証利用登録 for an unregistered card. It waits (5 s at most) for a reader
 * another program holds (SCARD_E_SHARING_VIOLATION at SCardConnect), and has the PIN typed on
 * the reader's pad when the reader lists FEATURE_VERIFY_PIN_DIRECT (under Wine it never does:
 * docs/windows.md, "Stack faults under Wine").
 *
 * Built with -DMYNAKIT_DEFECT it has one deliberate defect: after the card says the PIN is blocked
 * (63C0) it sends the same PIN once more ("one more try can't hurt"), which check PIN-blocked-stop
 * must catch (scenario pin-lockout FAILS). Built with -DMYNAKIT_KEEP_CARD it never releases the
 * card (no SCardDisconnect, no SCardReleaseContext: the process's exit lets it go), which
 * APDU-release must WARN about in every run. harness/tests/external/windows.rs runs all three. */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <bcrypt.h>
#include <fcntl.h>
#include <io.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wincrypt.h>
#include <winhttp.h>
#include <winscard.h>

#include "json.h"

#define CLIENT "mynakit-windows-example"
#define VERSION "0.1.0"
/* What it claims (docs/client-protocol.md#capabilities): a card app in PIN and 目視 mode with
 * 保険証利用登録, judged under the rules of 2025-05-21 (so no 限度額 consent ask, docs/rules.md). */
#define CAPABILITIES \
    "{\"role\":\"card-app\",\"modes\":[\"pin\",\"visual\"],\"flows\":[\"registration\"],\"rules\":\"2025-05-21\"}"
#define CARD_WAIT_MS 5000
#define BUSY_WAIT_MS 5000
/* PC/SC Part 10: the reader's features, asked with SCARD_CTL_CODE(3400) as on Windows
 * (winsmcrd.h's SCARD_CTL_CODE; pcsc-lite's reader.h gives the same name another value). */
#define CM_IOCTL_GET_FEATURE_REQUEST SCARD_CTL_CODE(3400)
#define FEATURE_VERIFY_PIN_DIRECT 0x06

/* -- how a flow ends ------------------------------------------------------------------------ */

typedef struct {
    const char *outcome;
    buf fields; /* a JSON object's members, without braces */
    char text[512];
} finish;

static finish fin;
static jmp_buf finish_env;

static ULONGLONG started;

static void logf_(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "[" CLIENT " %.3f] ", (double)(GetTickCount64() - started) / 1000.0);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    fflush(stderr);
    va_end(ap);
}

/* Ends the flow with `outcome` (a result line follows); `text` is what the screen says. */
static void end_flow(const char *outcome, const char *text) {
    fin.outcome = outcome;
    snprintf(fin.text, sizeof fin.text, "%s", text ? text : "");
    longjmp(finish_env, 1);
}

/* -- the protocol --------------------------------------------------------------------------- */

static int ask_seq;
static char line[70000];

static void send_line(buf *b) {
    buf_add(b, "\n", 1);
    fwrite(b->p, 1, b->n, stdout);
    fflush(stdout);
    buf_free(b);
}

/* The next line from the harness; its `error` or end of input ends the program. */
static json *recv_line(void) {
    if (!fgets(line, sizeof line, stdin)) {
        logf_("harness closed stdin");
        exit(0);
    }
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = 0;
    size_t at = 0;
    json *j = json_parse(line, n, &at);
    if (!j) {
        logf_("harness line not JSON at byte %u", (unsigned)at);
        exit(1);
    }
    if (json_str(j, "type") && !strcmp(json_str(j, "type"), "error")) {
        logf_("harness error: %s", json_str(j, "text") ? json_str(j, "text") : "");
        exit(0);
    }
    return j;
}

/* Sends an ask (`extra`: more members, already JSON, or NULL) and waits for its answer; a
 * `cancel` ends the flow as `cancelled`. */
static json *ask(const char *kind, const char *extra) {
    char id[32];
    snprintf(id, sizeof id, "%c%d", kind[0], ++ask_seq);
    buf b = {0};
    buf_printf(&b, "{\"type\":\"%s\",\"id\":\"%s\"", kind, id);
    if (extra) {
        buf_puts(&b, ",");
        buf_puts(&b, extra);
    }
    buf_puts(&b, "}");
    send_line(&b);
    json *a = recv_line();
    const char *type = json_str(a, "type"), *aid = json_str(a, "id");
    if (type && !strcmp(type, "cancel"))
        end_flow("cancelled", "キャンセルしました");
    if (!type || strcmp(type, kind) || !aid || strcmp(aid, id)) {
        logf_("unexpected answer to %s", id);
        exit(1);
    }
    return a;
}

static int confirm(const char *topic, const char *text) {
    buf e = {0};
    buf_printf(&e, "\"topic\":\"%s\",\"text\":", topic);
    buf_jstr(&e, text);
    json *a = ask("confirm", e.p);
    buf_free(&e);
    int yes = json_true(a, "yes");
    json_free(a);
    return yes;
}

/* A display line; `outcome`, `fields` (members without braces), `tries` (< 0: none) and
 * `text` are each optional. */
static void display(const char *outcome, const char *fields, int tries, const char *text) {
    buf b = {0};
    buf_puts(&b, "{\"type\":\"display\"");
    if (outcome)
        buf_printf(&b, ",\"outcome\":\"%s\"", outcome);
    if (fields && *fields)
    {
        buf_puts(&b, ",\"fields\":{");
        buf_puts(&b, fields);
        buf_puts(&b, "}");
    }
    if (tries >= 0)
        buf_printf(&b, ",\"tries_left\":%d", tries);
    if (text) {
        buf_puts(&b, ",\"text\":");
        buf_jstr(&b, text);
    }
    buf_puts(&b, "}");
    send_line(&b);
}

/* -- time ------------------------------------------------------------------------------------ */

static ULONGLONG deadline;

static long left_ms(void) { return (long)((LONGLONG)deadline - (LONGLONG)GetTickCount64()); }

/* -- the card over WinSCard ------------------------------------------------------------------ */

static SCARDCONTEXT ctx;
static SCARDHANDLE card;
static DWORD protocol;

static void card_error(const char *what, LONG rv) {
    char text[256];
    logf_("%s: 0x%08lX", what, (unsigned long)rv);
    snprintf(text, sizeof text, "カードを読み取れません（%s: 0x%08lX）", what, (unsigned long)rv);
    end_flow("card-error", text);
}

static void open_card(void) {
    const char *reader = getenv("MYNAKIT_READER");
    if (!reader || !*reader)
        end_flow("card-error", "カードリーダーが設定されていません");
    LONG rv = SCardEstablishContext(SCARD_SCOPE_USER, NULL, NULL, &ctx);
    if (rv != SCARD_S_SUCCESS)
        card_error("SCardEstablishContext", rv);
    SCARD_READERSTATEA st = {0};
    st.szReader = reader;
    st.dwCurrentState = SCARD_STATE_UNAWARE;
    rv = SCardGetStatusChangeA(ctx, 0, &st, 1);
    if (rv != SCARD_S_SUCCESS)
        card_error("SCardGetStatusChange", rv);
    if (!(st.dwEventState & SCARD_STATE_PRESENT)) {
        display(NULL, NULL, -1, "カードをリーダーに置いてください");
        ULONGLONG until = GetTickCount64() + CARD_WAIT_MS;
        while (!(st.dwEventState & SCARD_STATE_PRESENT)) {
            LONGLONG wait = (LONGLONG)until - (LONGLONG)GetTickCount64();
            if (wait > left_ms())
                wait = left_ms();
            if (wait <= 0)
                end_flow("card-error", "カードが置かれませんでした。カードを置いてやり直してください");
            st.dwCurrentState = st.dwEventState;
            rv = SCardGetStatusChangeA(ctx, (DWORD)wait, &st, 1);
            if (rv == SCARD_E_TIMEOUT)
                continue;
            if (rv != SCARD_S_SUCCESS)
                card_error("SCardGetStatusChange", rv);
        }
    }
    /* Another program (a resident app, a face-recognition reader's software) may hold the
     * reader exclusively: SCARD_E_SHARING_VIOLATION, nothing connected, so try again every
     * 200 ms for at most 5 s, telling the staff (docs/client-protocol.md). */
    ULONGLONG busy_until = GetTickCount64() + BUSY_WAIT_MS;
    for (int told = 0;; told = 1) {
        rv = SCardConnectA(ctx, reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
                           &card, &protocol);
        if (rv != SCARD_E_SHARING_VIOLATION)
            break;
        if (GetTickCount64() + 200 > busy_until || left_ms() < 2000) {
            logf_("SCardConnect: 0x%08lX", (unsigned long)rv);
            end_flow("card-error", "カードリーダーを他のソフト（顔認証付きカードリーダーのソフトなど）が"
                                   "使用中です。そのソフトを終了してからやり直してください");
        }
        if (!told) {
            logf_("SCardConnect: 0x%08lX (another program holds the reader); waiting", (unsigned long)rv);
            display(NULL, NULL, -1, "カードリーダーを他のソフトが使用中です。使用が終わるまでお待ちください");
        }
        Sleep(200);
    }
    if (rv != SCARD_S_SUCCESS)
        card_error("SCardConnect", rv);
    /* SCardStatus's state differs between the stacks: Windows answers one value (SCARD_SPECIFIC,
     * 6), Wine passes pcsc-lite's through (e.g. 0x10034: an event counter in the high word and
     * flags in the low one). Only the bits are portable (docs/windows.md, "The state quirk"). */
    char name[256];
    DWORD name_len = sizeof name, state = 0, proto = 0, atr_len = 36;
    BYTE atr[36];
    rv = SCardStatusA(card, name, &name_len, &state, &proto, atr, &atr_len);
    if (rv == SCARD_S_SUCCESS)
        logf_("SCardStatus: state 0x%lX, protocol %lu, ATR %lu bytes", (unsigned long)state,
              (unsigned long)proto, (unsigned long)atr_len);
}

static void release_card(void) {
#ifdef MYNAKIT_KEEP_CARD
    return; /* the defect: the card stays connected and powered until the process exits */
#endif
    if (card) {
        SCardDisconnect(card, SCARD_UNPOWER_CARD);
        card = 0;
    }
    if (ctx) {
        SCardReleaseContext(ctx);
        ctx = 0;
    }
}

typedef struct {
    BYTE data[4096];
    DWORD len;
    unsigned sw;
} rapdu;

static void raw(const BYTE *apdu, DWORD n, BYTE *out, DWORD *out_len) {
    const SCARD_IO_REQUEST *pci = protocol == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1 : SCARD_PCI_T0;
    LONG rv = SCardTransmit(card, pci, apdu, n, NULL, out, out_len);
    if (rv != SCARD_S_SUCCESS)
        card_error("SCardTransmit", rv);
    /* A card always answers SW1 SW2: an empty answer is a card pulled mid-command (check
     * APDU-empty-answer). */
    if (*out_len < 2)
        end_flow("card-error", "カードから応答がありません（取り外されました）");
}

/* One command with 61xx (GET RESPONSE) and 6Cxx (resend with Le) resolved below it
 * (ISO/IEC 7816-4 5.1.3, docs/reference-client.md). `secret`: never log the body. */
static void transmit(const BYTE *apdu, DWORD n, rapdu *r, int secret) {
    BYTE resp[260];
    DWORD len = sizeof resp;
    raw(apdu, n, resp, &len);
    if (resp[len - 2] == 0x6C) {
        BYTE again[300];
        DWORD m = n <= 5 ? 4 : 5 + apdu[4];
        memcpy(again, apdu, m);
        again[m++] = resp[len - 1];
        len = sizeof resp;
        raw(again, m, resp, &len);
    }
    r->len = 0;
    for (int rounds = 0;; rounds++) {
        memcpy(r->data + r->len, resp, len - 2);
        r->len += len - 2;
        r->sw = (unsigned)resp[len - 2] << 8 | resp[len - 1];
        if (resp[len - 2] != 0x61 || rounds >= 15)
            break;
        BYTE get[5] = {0x00, 0xC0, 0x00, 0x00, resp[len - 1]};
        len = sizeof resp;
        raw(get, 5, resp, &len);
    }
    logf_("APDU %02X %02X %02X %02X%s -> %04X (%lu bytes)", apdu[0], apdu[1], apdu[2], apdu[3],
          secret ? " <redacted>" : "", r->sw, (unsigned long)r->len);
}

static void expect_ok(const BYTE *apdu, DWORD n, rapdu *r, const char *what) {
    transmit(apdu, n, r, 0);
    if (r->sw != 0x9000) {
        char text[128];
        snprintf(text, sizeof text, "カードを読み取れません（%s: %04X）", what, r->sw);
        end_flow("card-error", text);
    }
}

static void select_ef(BYTE hi, BYTE lo, const char *what) {
    BYTE apdu[7] = {0x00, 0xA4, 0x02, 0x0C, 0x02, hi, lo};
    rapdu r;
    expect_ok(apdu, 7, &r, what);
}

static void select_jpki(void) {
    static const BYTE apdu[] = {0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00,
                                0x26, 0x01, 0x00, 0x00, 0x00, 0x01};
    rapdu r;
    transmit(apdu, sizeof apdu, &r, 0);
    if (r.sw != 0x9000)
        end_flow("card-error", "マイナンバーカードではありません（JPKI APを選択できません）");
}

static BYTE cert[8192];
static DWORD cert_len;

/* EF 000A to its exact DER length, in chunks of at most 256 bytes with short Le. */
static void read_auth_certificate(void) {
    rapdu r;
    select_ef(0x00, 0x0A, "SELECT EF 000A");
    BYTE head_cmd[5] = {0x00, 0xB0, 0x00, 0x00, 0x04};
    expect_ok(head_cmd, 5, &r, "READ BINARY");
    if (r.len < 4 || r.data[0] != 0x30 || r.data[1] != 0x82)
        end_flow("card-error", "証明書を読み取れません");
    DWORD total = 4 + ((DWORD)r.data[2] << 8 | r.data[3]);
    if (total > sizeof cert)
        end_flow("card-error", "証明書が大きすぎます");
    memcpy(cert, r.data, 4);
    cert_len = 4;
    while (cert_len < total) {
        DWORD want = total - cert_len > 256 ? 256 : total - cert_len;
        BYTE cmd[5] = {0x00, 0xB0, (BYTE)((cert_len >> 8) & 0x7F), (BYTE)cert_len, (BYTE)want};
        transmit(cmd, 5, &r, 0);
        if (r.sw != 0x9000 || !r.len)
            end_flow("card-error", "証明書を読み取れません（READ BINARY）");
        if (r.len > want)
            r.len = want;
        memcpy(cert + cert_len, r.data, r.len);
        cert_len += r.len;
    }
}

/* The empty VERIFY: 63Cx in every state, costs no try (docs/card.md#pins). 0 when blocked. */
static int auth_pin_tries(void) {
    rapdu r;
    select_ef(0x00, 0x18, "SELECT EF 0018");
    BYTE cmd[4] = {0x00, 0x20, 0x00, 0x80};
    transmit(cmd, 4, &r, 0);
    if ((r.sw & 0xFFF0) == 0x63C0)
        return (int)(r.sw & 0x0F);
    if (r.sw == 0x6984)
        return 0;
    if (r.sw == 0x9000)
        return 3;
    end_flow("card-error", "暗証番号の状態を読み取れません");
    return 0;
}

/* VERIFY with data, once: -1 on success, else the tries left (0: blocked). */
static int verify_auth_pin(const char *pin) {
    rapdu r;
    select_ef(0x00, 0x18, "SELECT EF 0018");
    BYTE cmd[5 + 16] = {0x00, 0x20, 0x00, 0x80, (BYTE)strlen(pin)};
    memcpy(cmd + 5, pin, strlen(pin));
    transmit(cmd, 5 + (DWORD)strlen(pin), &r, 1);
    SecureZeroMemory(cmd, sizeof cmd);
    if (r.sw == 0x9000)
        return -1;
    if ((r.sw & 0xFFF0) == 0x63C0)
        return (int)(r.sw & 0x0F);
    if (r.sw == 0x6984)
        return 0;
    end_flow("card-error", "暗証番号を照合できません");
    return 0;
}

/* FEATURE_VERIFY_PIN_DIRECT's control code if the reader lists it in its answer to
 * CM_IOCTL_GET_FEATURE_REQUEST (TLVs: tag, length 4, big-endian code), else 0. */
static DWORD pin_pad_code(void) {
    BYTE features[256];
    DWORD len = 0;
    LONG rv = SCardControl(card, CM_IOCTL_GET_FEATURE_REQUEST, NULL, 0, features, sizeof features, &len);
    logf_("SCardControl(CM_IOCTL_GET_FEATURE_REQUEST 0x%08lX): 0x%08lX, %lu bytes",
          (unsigned long)CM_IOCTL_GET_FEATURE_REQUEST, (unsigned long)rv, (unsigned long)len);
    if (rv != SCARD_S_SUCCESS)
        return 0; /* a reader without control codes: no pad */
    for (DWORD i = 0; i + 2 <= len; i += 2u + features[i + 1]) {
        if (features[i] == FEATURE_VERIFY_PIN_DIRECT && features[i + 1] == 4 && i + 6 <= len)
            return (DWORD)features[i + 2] << 24 | (DWORD)features[i + 3] << 16 |
                   (DWORD)features[i + 4] << 8 | features[i + 5];
    }
    return 0;
}

/* VERIFY through the reader's PIN pad: the patient types the PIN on its keys, never seen here
 * (PC/SC Part 10 PIN_VERIFY_STRUCTURE, 4 ASCII digits). -1 on success, the tries left after a
 * wrong PIN, -2 when cancelled or timed out on the pad. */
static int verify_auth_pin_on_pad(DWORD code) {
    select_ef(0x00, 0x18, "SELECT EF 0018");
    static const BYTE structure[] = {30, 30, 0x02, 0x00, 0x00, 4, 4, 0x02, 0x01, 0x11, 0x04, 0x00,
                                     0, 0, 0, 4, 0, 0, 0, 0x00, 0x20, 0x00, 0x80};
    BYTE answer[64];
    DWORD len = 0;
    LONG rv = SCardControl(card, code, structure, sizeof structure, answer, sizeof answer, &len);
    if (rv != SCARD_S_SUCCESS)
        card_error("SCardControl(FEATURE_VERIFY_PIN_DIRECT)", rv);
    if (len < 2)
        end_flow("card-error", "PIN パッドから応答がありません");
    unsigned sw = (unsigned)answer[len - 2] << 8 | answer[len - 1];
    logf_("PIN pad VERIFY -> %04X", sw);
    if (sw == 0x9000)
        return -1;
    if (sw == 0x6400 || sw == 0x6401)
        return -2;
    if ((sw & 0xFFF0) == 0x63C0)
        return (int)(sw & 0x0F);
    if (sw == 0x6984)
        return 0;
    end_flow("card-error", "暗証番号を照合できません");
    return 0;
}

/* The PIN typed on the reader's pad, one entry per VERIFY; no pin ask. */
static void verify_pin_on_pad(DWORD code) {
    int tries = auth_pin_tries();
    for (;;) {
        if (tries == 0)
            end_flow("pin-locked", "暗証番号がロックされています。市区町村窓口で初期化してください");
        char text[128];
        snprintf(text, sizeof text, "暗証番号を読取機のテンキーで入力してください（残り%d回）", tries);
        display(NULL, NULL, tries, text);
        int result = verify_auth_pin_on_pad(code);
        if (result == -1) {
            display(NULL, NULL, -1, "暗証番号を確認しました");
            return;
        }
        if (result == -2)
            end_flow("cancelled", "暗証番号の入力が取り消されました");
        if (result == 0)
            end_flow("pin-locked", "暗証番号がロックされました。市区町村窓口で初期化してください");
        tries = result;
        snprintf(text, sizeof text, "暗証番号が違います（残り%d回）", tries);
        display("pin-incorrect", NULL, tries, text);
    }
}

/* Asks the auth PIN until it verifies: one VERIFY per PIN typed, never more. On a reader with
 * a PIN pad the patient types it there instead. */
static void verify_pin(void) {
    DWORD pad = pin_pad_code();
    if (pad) {
        verify_pin_on_pad(pad);
        return;
    }
    int tries = auth_pin_tries();
    if (tries == 0)
        end_flow("pin-locked", "暗証番号がロックされています。目視確認を選ぶか、市区町村窓口で初期化してください");
    for (;;) {
        if (tries == 1)
            display(NULL, NULL, 1, "暗証番号の残り回数が1回です。間違えるとロックされます");
        char extra[64];
        snprintf(extra, sizeof extra, "\"pin\":\"auth\",\"tries_left\":%d", tries);
        json *a = ask("pin", extra);
        const char *pin = json_str(a, "pin");
        int ok = pin && strlen(pin) == 4 && strspn(pin, "0123456789") == 4;
        if (!ok) {
            /* Wrong for sure: never sent to the card (check PIN-format). */
            json_free(a);
            display(NULL, NULL, tries, "暗証番号は数字4桁です。もう一度入力してください");
            continue;
        }
        int result = verify_auth_pin(pin);
#ifdef MYNAKIT_DEFECT
        if (result == 0) {
            /* The deliberate defect: one more VERIFY to a blocked PIN. */
            logf_("defect build: VERIFY once more after 63C0");
            result = verify_auth_pin(pin);
        }
#endif
        SecureZeroMemory((char *)pin, strlen(pin));
        SecureZeroMemory(line, sizeof line);
        json_free(a);
        if (result < 0) {
            display(NULL, NULL, -1, "暗証番号を確認しました");
            return;
        }
        if (result == 0)
            end_flow("pin-locked", "暗証番号がロックされました。市区町村窓口で初期化してください");
        tries = result;
        char text[96];
        snprintf(text, sizeof text, "暗証番号が違います（残り%d回）", tries);
        display("pin-incorrect", NULL, tries, text);
    }
}

/* SHA-256 with CNG. */
static void sha256(const BYTE *data, DWORD n, BYTE out[32]) {
    BCRYPT_ALG_HANDLE alg;
    BCRYPT_HASH_HANDLE h;
    if (BCryptOpenAlgorithmProvider(&alg, BCRYPT_SHA256_ALGORITHM, NULL, 0) != 0 ||
        BCryptCreateHash(alg, &h, NULL, 0, NULL, 0, 0) != 0)
        end_flow("card-error", "SHA-256 を計算できません");
    if (BCryptHashData(h, (PUCHAR)data, n, 0) != 0 || BCryptFinishHash(h, out, 32, 0) != 0)
        end_flow("card-error", "SHA-256 を計算できません");
    BCryptDestroyHash(h);
    BCryptCloseAlgorithmProvider(alg, 0);
}

/* RSASSA-PKCS1-v1_5 over DigestInfo(SHA-256(challenge)) with the auth key (80 2A 00 80).
 * 0 when the card answers 6982: the verification was lost, ask the PIN again. */
static int sign(const BYTE *challenge, DWORD n, rapdu *sig) {
    static const BYTE prefix[19] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                    0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    select_ef(0x00, 0x17, "SELECT EF 0017");
    BYTE cmd[5 + 51 + 1] = {0x80, 0x2A, 0x00, 0x80, 51};
    memcpy(cmd + 5, prefix, sizeof prefix);
    sha256(challenge, n, cmd + 5 + sizeof prefix);
    cmd[5 + 51] = 0x00;
    transmit(cmd, sizeof cmd, sig, 0);
    if (sig->sw == 0x6982)
        return 0;
    if (sig->sw != 0x9000 || !sig->len)
        end_flow("card-error", "署名できません");
    return 1;
}

/* -- base64 (CryptoAPI) ----------------------------------------------------------------------- */

static char *b64(const BYTE *data, DWORD n) {
    DWORD len = 0;
    CryptBinaryToStringA(data, n, CRYPT_STRING_BASE64 | CRYPT_STRING_NOCRLF, NULL, &len);
    char *s = malloc(len + 1);
    CryptBinaryToStringA(data, n, CRYPT_STRING_BASE64 | CRYPT_STRING_NOCRLF, s, &len);
    s[len] = 0;
    return s;
}

/* -- the mock service over WinHTTP ------------------------------------------------------------ */

static PCCERT_CONTEXT ca;
static WCHAR host[256];
static WCHAR base_path[512];
static INTERNET_PORT port;
static int https;
static HINTERNET session;

static WCHAR *wide(const char *s) {
    int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    WCHAR *w = malloc(sizeof(WCHAR) * (size_t)n);
    MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n);
    return w;
}

/* MYNAKIT_CA_FILE is a Unix path under Wine (Z: is the Unix root) and a Windows path on Windows. */
static PCCERT_CONTEXT load_ca(const char *path) {
    char winpath[MAX_PATH];
    snprintf(winpath, sizeof winpath, "%s%s", path[0] == '/' ? "Z:" : "", path);
    for (char *c = winpath; *c; c++)
        if (*c == '/')
            *c = '\\';
    FILE *f = fopen(winpath, "rb");
    if (!f) {
        logf_("cannot open the CA file %s", winpath);
        return NULL;
    }
    static char pem[65536];
    size_t n = fread(pem, 1, sizeof pem - 1, f);
    fclose(f);
    pem[n] = 0;
    BYTE der[16384];
    DWORD der_len = sizeof der;
    if (!CryptStringToBinaryA(pem, 0, CRYPT_STRING_BASE64HEADER, der, &der_len, NULL, NULL))
        return NULL;
    return CertCreateCertificateContext(X509_ASN_ENCODING, der, der_len);
}

/* WinHTTP trusts only what chains to a root of the Windows certificate store, and refuses a
 * server any other way during the TLS handshake, before a byte of the request is sent (check
 * SVC-tls-validated wants no request to reach an untrusted server). So MYNAKIT_CA_FILE's CA goes
 * into the user's Root store before the first request: under Wine that is the run's own fresh
 * prefix (windows/wine-run), on Windows the user is asked once (or import it beforehand:
 * `certutil -user -addstore Root ca.pem`). */
static void trust_ca(void) {
    HCERTSTORE root = CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, CERT_SYSTEM_STORE_CURRENT_USER, L"Root");
    if (!root) {
        logf_("cannot open the user's Root store (%lu)", (unsigned long)GetLastError());
        return;
    }
    if (!CertAddCertificateContextToStore(root, ca, CERT_STORE_ADD_USE_EXISTING, NULL))
        logf_("cannot add MYNAKIT_CA_FILE's CA to the user's Root store (%lu)", (unsigned long)GetLastError());
    CertCloseStore(root, 0);
}

static void service_init(void) {
    const char *url = getenv("MYNAKIT_SERVICE_URL");
    if (!url)
        end_flow("service-error", "資格確認サービスが設定されていません");
    WCHAR *wurl = wide(url);
    URL_COMPONENTS uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszHostName = host;
    uc.dwHostNameLength = ARRAYSIZE(host);
    uc.lpszUrlPath = base_path;
    uc.dwUrlPathLength = ARRAYSIZE(base_path);
    if (!WinHttpCrackUrl(wurl, 0, 0, &uc))
        end_flow("service-error", "資格確認サービスのURLが正しくありません");
    free(wurl);
    port = uc.nPort;
    https = uc.nScheme == INTERNET_SCHEME_HTTPS;
    size_t l = wcslen(base_path);
    while (l && base_path[l - 1] == L'/')
        base_path[--l] = 0;
    const char *ca_file = getenv("MYNAKIT_CA_FILE");
    if (https && ca_file)
        ca = load_ca(ca_file);
    if (ca)
        trust_ca();
    session = WinHttpOpen(L"" CLIENT "/" VERSION, WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME,
                          WINHTTP_NO_PROXY_BYPASS, 0);
}

/* Whether the certificate's subjectAltName names `host`: a DNS name (case-insensitive) or, for
 * an IPv4 literal, an IP address (RFC 6125). Done here because Wine 10's WinHTTP compares DNS
 * names only and refuses `127.0.0.1` in an IP-address SAN (ERROR_WINHTTP_SECURE_CERT_CN_INVALID,
 * docs/windows.md). */
static int names_host(PCCERT_CONTEXT leaf) {
    PCERT_EXTENSION ext = CertFindExtension(szOID_SUBJECT_ALT_NAME2, leaf->pCertInfo->cExtension,
                                            leaf->pCertInfo->rgExtension);
    CERT_ALT_NAME_INFO *names = NULL;
    DWORD size = 0;
    if (!ext || !CryptDecodeObjectEx(X509_ASN_ENCODING, X509_ALTERNATE_NAME, ext->Value.pbData,
                                     ext->Value.cbData, CRYPT_DECODE_ALLOC_FLAG, NULL, &names, &size))
        return 0;
    unsigned a, b, c, d;
    char tail;
    char ascii[256];
    WideCharToMultiByte(CP_UTF8, 0, host, -1, ascii, sizeof ascii, NULL, NULL);
    int ipv4 = sscanf(ascii, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) == 4 && a < 256 && b < 256 &&
               c < 256 && d < 256;
    BYTE ip[4] = {(BYTE)a, (BYTE)b, (BYTE)c, (BYTE)d};
    int found = 0;
    for (DWORD i = 0; i < names->cAltEntry && !found; i++) {
        CERT_ALT_NAME_ENTRY *e = &names->rgAltEntry[i];
        if (ipv4 && e->dwAltNameChoice == CERT_ALT_NAME_IP_ADDRESS)
            found = e->IPAddress.cbData == 4 && !memcmp(e->IPAddress.pbData, ip, 4);
        else if (!ipv4 && e->dwAltNameChoice == CERT_ALT_NAME_DNS_NAME)
            found = !_wcsicmp(e->pwszDNSName, host);
    }
    LocalFree(names);
    return found;
}

/* The server's certificate must be issued and signed by MYNAKIT_CA_FILE's CA, and by nothing
 * else (Wine also trusts the host's public roots), and name the host (check
 * SVC-tls-validated). WinHTTP checks the chain to a root and the dates during the handshake;
 * the issuer and the name (see names_host) are checked here. */
static int server_trusted(HINTERNET req) {
    PCCERT_CONTEXT leaf = NULL;
    DWORD len = sizeof leaf;
    if (!ca || !WinHttpQueryOption(req, WINHTTP_OPTION_SERVER_CERT_CONTEXT, &leaf, &len) || !leaf)
        return 0;
    int ok = CertCompareCertificateName(X509_ASN_ENCODING, &leaf->pCertInfo->Issuer,
                                        &ca->pCertInfo->Subject) &&
             CryptVerifyCertificateSignatureEx(0, X509_ASN_ENCODING, CRYPT_VERIFY_CERT_SIGN_SUBJECT_CERT,
                                               (void *)leaf, CRYPT_VERIFY_CERT_SIGN_ISSUER_CERT,
                                               (void *)ca, 0, NULL) &&
             names_host(leaf);
    CertFreeCertificateContext(leaf);
    return ok;
}

enum { HTTP_OK, HTTP_TRANSIENT, HTTP_FATAL };

/* One exchange. A server of another CA is refused by WinHTTP in the handshake (trust_ca);
 * the body (JSON or NULL) is written only once server_trusted also holds: WinHttpSendRequest
 * sends the request line and headers after the handshake, WinHttpWriteData the body. */
static int http(const char *method, const char *path, const char *body, json **answer, int *status) {
    *answer = NULL;
    *status = 0;
    long timeout = left_ms();
    if (timeout > 10000)
        timeout = 10000;
    if (timeout < 500)
        timeout = 500;
    int result = HTTP_TRANSIENT;
    HINTERNET con = WinHttpConnect(session, host, port, 0), req = NULL;
    WCHAR full[1024];
    WCHAR *wpath = wide(path), *wmethod = wide(method);
    _snwprintf(full, ARRAYSIZE(full), L"%ls%ls", base_path, wpath);
    full[ARRAYSIZE(full) - 1] = 0;
    if (con)
        req = WinHttpOpenRequest(con, wmethod, full, NULL, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES,
                                 https ? WINHTTP_FLAG_SECURE : 0);
    free(wpath);
    free(wmethod);
    if (!req)
        goto done;
    WinHttpSetTimeouts(req, (int)timeout, (int)timeout, (int)timeout, (int)timeout);
    /* WinHttpSetTimeouts does not bound the wait for the response's headers: without this
     * Wine 10 waits twice the receive timeout for a silent server (scenario service-timeout). */
    DWORD response_timeout = (DWORD)timeout;
    WinHttpSetOption(req, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, &response_timeout, sizeof response_timeout);
    if (https) {
        DWORD flags = SECURITY_FLAG_IGNORE_CERT_CN_INVALID;
        WinHttpSetOption(req, WINHTTP_OPTION_SECURITY_FLAGS, &flags, sizeof flags);
    }
    char headers[256];
    snprintf(headers, sizeof headers, "Accept: application/json\r\nx-mynakit-run: %s\r\n%s",
             getenv("MYNAKIT_RUN_ID") ? getenv("MYNAKIT_RUN_ID") : "",
             body ? "Content-Type: application/json\r\n" : "");
    WCHAR *wheaders = wide(headers);
    DWORD body_len = body ? (DWORD)strlen(body) : 0;
    BOOL sent = WinHttpSendRequest(req, wheaders, (DWORD)-1, NULL, 0, body_len, 0);
    free(wheaders);
    if (!sent) {
        DWORD e = GetLastError();
        logf_("HTTP %s %s: send failed (%lu)", method, path, (unsigned long)e);
        result = e == ERROR_WINHTTP_SECURE_FAILURE ? HTTP_FATAL : HTTP_TRANSIENT;
        goto done;
    }
    if (https && !server_trusted(req)) {
        logf_("HTTP %s %s: the server's certificate is not from MYNAKIT_CA_FILE's CA", method, path);
        result = HTTP_FATAL;
        goto done;
    }
    DWORD written = 0;
    if (body_len && (!WinHttpWriteData(req, body, body_len, &written) || written != body_len))
        goto done;
    if (!WinHttpReceiveResponse(req, NULL)) {
        logf_("HTTP %s %s: no answer (%lu, timeout %ld ms)", method, path, (unsigned long)GetLastError(), timeout);
        goto done;
    }
    DWORD code = 0, code_len = sizeof code;
    WinHttpQueryHeaders(req, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, WINHTTP_HEADER_NAME_BY_INDEX,
                        &code, &code_len, WINHTTP_NO_HEADER_INDEX);
    buf raw = {0};
    for (;;) {
        char chunk[8192];
        DWORD got = 0;
        if (!WinHttpReadData(req, chunk, sizeof chunk, &got)) {
            buf_free(&raw);
            goto done;
        }
        if (!got)
            break;
        buf_add(&raw, chunk, got);
    }
    *status = (int)code;
    logf_("HTTP %s %s -> %lu", method, path, (unsigned long)code);
    if (code >= 500 || code == 408 || code == 429) {
        buf_free(&raw);
        goto done;
    }
    *answer = raw.n ? json_parse(raw.p, raw.n, NULL) : NULL;
    buf_free(&raw);
    if (!*answer)
        goto done;
    result = code >= 400 ? HTTP_FATAL : HTTP_OK;
done:
    if (req)
        WinHttpCloseHandle(req);
    if (con)
        WinHttpCloseHandle(con);
    return result;
}

/* An exchange retried twice (0.4 s, 0.8 s) on transient failures, then service-error. `make`
 * builds the request body afresh for each attempt (a fresh challenge each time). */
typedef char *(*body_fn)(void);

static json *service(const char *method, const char *path, body_fn make) {
    static const DWORD backoff[] = {400, 800};
    for (int i = 0; i < 3; i++) {
        if (left_ms() < 500)
            break;
        char *body = make ? make() : NULL;
        json *answer;
        int status;
        int r = http(method, path, body, &answer, &status);
        free(body);
        if (r == HTTP_OK)
            return answer;
        json_free(answer);
        if (r == HTTP_FATAL) {
            char text[160];
            snprintf(text, sizeof text, "資格確認サービスを利用できません（%s %s: HTTP %d）", method, path, status);
            end_flow("service-error", text);
        }
        if (i < 2 && left_ms() > (long)backoff[i] + 1000)
            Sleep(backoff[i]);
    }
    end_flow("service-error", "資格確認サービスに接続できません。資格確認書等で確認してください");
    return NULL;
}

/* -- the check ------------------------------------------------------------------------------- */

static const char *mode;
static char today[9];
static const char *terms_version;

/* POST /v1/challenges, then the card's signature over it; "challenge_id" and "signature"
 * members. Asks the PIN again when the card lost the verification (6982). */
static void proof(buf *b) {
    json *ch = service("POST", "/v1/challenges", NULL);
    const char *id = json_str(ch, "challenge_id"), *c64 = json_str(ch, "challenge");
    if (!id || !c64)
        end_flow("service-error", "チャレンジを受け取れません");
    BYTE challenge[1024];
    DWORD n = sizeof challenge;
    if (!CryptStringToBinaryA(c64, 0, CRYPT_STRING_BASE64, challenge, &n, NULL, NULL))
        end_flow("service-error", "チャレンジを読み取れません");
    rapdu sig;
    if (!sign(challenge, n, &sig)) {
        verify_pin();
        if (!sign(challenge, n, &sig))
            end_flow("card-error", "署名できません（6982）");
    }
    char *s64 = b64(sig.data, sig.len);
    buf_printf(b, ",\"challenge_id\":");
    buf_jstr(b, id);
    buf_puts(b, ",\"signature\":\"");
    buf_puts(b, s64);
    buf_puts(b, "\"");
    free(s64);
    json_free(ch);
}

static char *confirmation_body(void) {
    buf b = {0};
    char *c64 = b64(cert, cert_len);
    buf_printf(&b, "{\"mode\":\"%s\",\"certificate\":\"", mode);
    buf_puts(&b, c64);
    buf_puts(&b, "\"");
    free(c64);
    if (!strcmp(mode, "pin"))
        proof(&b);
    const char *facility = getenv("MYNAKIT_FACILITY_CODE");
    if (facility) {
        buf_puts(&b, ",\"medical_institution_code\":");
        buf_jstr(&b, facility);
    }
    if (*today)
        buf_printf(&b, ",\"qualification_confirmation_date\":\"%s\"", today);
    buf_puts(&b, "}");
    return b.p;
}

static char *registration_body(void) {
    buf b = {0};
    char *c64 = b64(cert, cert_len);
    buf_puts(&b, "{\"mode\":\"pin\",\"certificate\":\"");
    buf_puts(&b, c64);
    buf_puts(&b, "\",\"terms_version\":");
    buf_jstr(&b, terms_version);
    buf_puts(&b, ",\"consent\":true");
    free(c64);
    proof(&b);
    buf_puts(&b, "}");
    return b.p;
}

static json *confirmation(void) {
    display(NULL, NULL, -1, "資格情報を照会しています");
    return service("POST", "/v1/confirmations", confirmation_body);
}

/* From the OQS-shaped answer to the screen (docs/client-protocol.md#outcomes). */
typedef struct {
    const char *key[128];
    const char *value[128];
    int n;
} record;

static const char *rec_get(const record *r, const char *key) {
    for (int i = 0; i < r->n; i++)
        if (!strcmp(r->key[i], key))
            return r->value[i];
    return NULL;
}

/* Leaf strings of the result record by element name; of a repeated block, the first. */
static void flatten(const json *j, record *r) {
    if (!j)
        return;
    if (j->type == J_OBJ) {
        for (json *m = j->child; m; m = m->next) {
            if (m->type == J_STR) {
                if (!rec_get(r, m->key) && r->n < 128) {
                    r->key[r->n] = m->key;
                    r->value[r->n++] = m->text;
                }
            } else {
                flatten(m, r);
            }
        }
    } else if (j->type == J_ARR) {
        flatten(j->child, r);
    }
}

static void record_of(const json *answer, record *r) {
    r->n = 0;
    json *list = json_get(json_get(json_get(answer, "MessageBody"), "ResultList"), "ResultOfQualificationConfirmation");
    if (list && list->type == J_ARR)
        list = list->child;
    flatten(list, r);
}

static const char *outcome_of(const json *answer) {
    static const char *cert_codes[] = {"MOCK-E111", "MOCK-E112", "MOCK-E113", "MOCK-E114", "MOCK-E115", "MOCK-E121"};
    json *header = json_get(answer, "MessageHeader"), *body = json_get(answer, "MessageBody");
    const char *seg = json_str(header, "SegmentOfResult"), *err = json_str(header, "ErrorCode");
    if (!seg || strcmp(seg, "1")) {
        for (size_t i = 0; err && i < ARRAYSIZE(cert_codes); i++)
            if (!strcmp(err, cert_codes[i]))
                return "card-error";
        return "service-error";
    }
    const char *status = json_str(body, "ProcessingResultStatus"), *code = json_str(body, "ProcessingResultCode");
    if (status && !strcmp(status, "2"))
        return code && !strcmp(code, "MOCK-E201") ? "not-registered" : "ineligible";
    const char *validity = json_str(body, "QualificationValidity");
    record r;
    record_of(answer, &r);
    const char *klass = rec_get(&r, "InsuredCardClassification");
    if (validity && (!strcmp(validity, "1") || !strcmp(validity, "6")) && klass && !strcmp(klass, "A1"))
        return "medical-assistance";
    if (validity && !strcmp(validity, "1"))
        return "eligible";
    if (validity && strlen(validity) == 1 && strchr("2345", validity[0]))
        return "ineligible";
    return "service-error"; /* never guess "valid" */
}

static const char *ELIGIBLE[] = {
    "QualificationValidity", "InsuredCardClassification", "InsurerNumber", "InsurerName", "InsuredCardSymbol",
    "InsuredIdentificationNumber", "InsuredBranchNumber", "PersonalFamilyClassification", "Name", "NameKana",
    "Sex1", "Birthdate", "Address", "QualificationDate", "InsuredPartialContributionRatio",
    "ElderlyRecipientCertificateDate", "ElderlyRecipientValidStartDate", "ElderlyRecipientValidEndDate",
    "ElderlyRecipientContributionRatio", "LimitApplicationCertificateRelatedConsFlg",
    "LimitApplicationCertificateRelatedConsTime", "LimitApplicationCertificateClassification",
    "LimitApplicationCertificateClassificationFlag", "LimitApplicationCertificateDate",
    "LimitApplicationCertificateValidStartDate", "LimitApplicationCertificateValidEndDate",
    "LimitApplicationCertificateLongTermDate", "SpecificDiseasesDiseaseCategory",
    "SpecificDiseasesCertificateDate", "SpecificDiseasesValidStartDate", "SpecificDiseasesValidEndDate",
    "SpecificDiseasesSelfPay", "ReferenceNumber", NULL};
/* Screen E-05-A (医療扶助), with the 裏面記載情報 when the answer carries them. */
static const char *MEDICAL_ASSISTANCE[] = {
    "QualificationValidity", "InsuredCardClassification", "InsurerNumber", "InsurerName",
    "InsuredIdentificationNumber", "Name", "NameKana", "Birthdate", "Sex1", "NameOfOther", "NameOfOtherKana", "Sex2",
    NULL};
static const char *INELIGIBLE[] = {"QualificationValidity", "DisqualificationDate", "ReasonOfLoss", NULL};

static void add_field(buf *f, const char *name, const char *value) {
    if (f->n)
        buf_puts(f, ",");
    buf_jstr(f, name);
    buf_puts(f, ":");
    buf_jstr(f, value);
}

static void add_names(buf *f, record *r, const char **names) {
    for (; *names; names++) {
        const char *v = rec_get(r, *names);
        if (v && *v)
            add_field(f, *names, v);
    }
}

/* The fields the screen shows for `outcome`, as JSON members. */
static void screen_fields(const json *answer, const char *outcome, buf *f) {
    json *header = json_get(answer, "MessageHeader"), *body = json_get(answer, "MessageBody");
    record r;
    record_of(answer, &r);
    const char *validity = json_str(body, "QualificationValidity");
    if (validity && !rec_get(&r, "QualificationValidity") && r.n < 128) {
        r.key[r.n] = "QualificationValidity";
        r.value[r.n++] = validity;
    }
    const char *klass = rec_get(&r, "InsuredCardClassification");
    int good = !strcmp(outcome, "eligible") || !strcmp(outcome, "medical-assistance");
    if (!strcmp(outcome, "eligible"))
        add_names(f, &r, ELIGIBLE);
    else if (!strcmp(outcome, "medical-assistance"))
        add_names(f, &r, MEDICAL_ASSISTANCE);
    else if (!strcmp(outcome, "ineligible")) {
        if (klass && !strcmp(klass, "A1"))
            add_names(f, &r, MEDICAL_ASSISTANCE + 1); /* QualificationValidity comes next */
        add_names(f, &r, INELIGIBLE);
    }
    const char *prescription = json_str(body, "PrescriptionIssueSelect");
    if (good && prescription && *prescription)
        add_field(f, "PrescriptionIssueSelect", prescription);
    const char *code = json_str(body, "ProcessingResultCode");
    /* the not-registered or ineligible code; on a normal result a warning (MOCK-W401/W402) */
    if (code && *code && strcmp(outcome, "card-error") && strcmp(outcome, "service-error"))
        add_field(f, "ProcessingResultCode", code);
    const char *err = json_str(header, "ErrorCode");
    if (err && (!strcmp(outcome, "card-error") || !strcmp(outcome, "service-error")))
        add_field(f, "ErrorCode", err);
}

static void show_text(const json *answer, char *text, size_t n) {
    const char *t = json_str(json_get(answer, "MessageBody"), "ProcessingResultMessage");
    if (!t)
        t = json_str(json_get(answer, "MessageHeader"), "ErrorMessage");
    snprintf(text, n, "%s", t ? t : "");
}

/* 保険証利用登録: confirm → terms → consent → sign → register → display registered → check
 * again (docs/reference-client.md#保険証利用登録). */
static json *register_card(void) {
    if (!confirm("register", "保険証利用登録をしますか？"))
        end_flow("not-registered", "保険証利用登録がされていません");
    for (int round = 0; round < 2; round++) {
        json *terms = service("GET", "/v1/terms", NULL);
        terms_version = json_str(terms, "version");
        if (!terms_version)
            end_flow("service-error", "利用規約を受け取れません");
        display(NULL, NULL, -1, json_str(terms, "text") ? json_str(terms, "text") : "利用規約");
        buf e = {0};
        buf_puts(&e, "\"topic\":\"terms\",\"terms_version\":");
        buf_jstr(&e, terms_version);
        json *a = ask("consent", e.p);
        buf_free(&e);
        int granted = json_true(a, "granted");
        json_free(a);
        if (!granted)
            end_flow("not-registered", "利用規約に同意されなかったため登録していません");
        json *answer = service("POST", "/v1/registrations", registration_body);
        const char *code = json_str(json_get(answer, "MessageHeader"), "ErrorCode");
        if (code && !strcmp(code, "MOCK-E211"))
            continue; /* the terms were revised meanwhile: show them again, ask again */
        if (code) {
            add_field(&fin.fields, "ErrorCode", code);
            end_flow("service-error", "保険証利用登録ができませんでした");
        }
        display("registered", NULL, -1, "保険証利用登録が完了しました。資格確認を行います");
        json *again = confirmation();
        if (!strcmp(outcome_of(again), "not-registered"))
            end_flow("registered", "保険証利用登録が完了しました。後ほど再度資格確認を行ってください");
        return again;
    }
    end_flow("service-error", "利用規約が更新されたため登録できませんでした");
    return NULL;
}

static void check(void) {
    json *m = ask("mode", "\"offered\":[\"pin\",\"visual\"]");
    const char *chosen = json_str(m, "mode");
    mode = chosen && !strcmp(chosen, "visual") ? "visual" : "pin";
    json_free(m);
    open_card();
    display(NULL, NULL, -1, "カードを読み取っています");
    select_jpki();
    read_auth_certificate();
    if (!strcmp(mode, "pin"))
        verify_pin();
    else if (!confirm("photo-match", "カードの顔写真とご本人が同一人物であることを目視で確認してください"))
        end_flow("cancelled", "目視確認でご本人と確認できませんでした");
    json *answer = confirmation();
    const char *outcome = outcome_of(answer);
    if (!strcmp(outcome, "not-registered")) {
        buf f = {0};
        screen_fields(answer, outcome, &f);
        display(outcome, f.p, -1, "保険証利用登録がされていません");
        if (!strcmp(mode, "pin")) {
            answer = register_card();
            outcome = outcome_of(answer);
        } else {
            confirm("register", "保険証利用登録には暗証番号での確認が必要です。暗証番号モードで登録しますか？");
            if (f.p)
                buf_puts(&fin.fields, f.p);
            end_flow("not-registered", "保険証利用登録がされていません。暗証番号モードで登録してください");
        }
        buf_free(&f);
    }
    screen_fields(answer, outcome, &fin.fields);
    show_text(answer, fin.text, sizeof fin.text);
    fin.outcome = outcome;
}

int main(void) {
    started = GetTickCount64();
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stdin), _O_BINARY);
    const char *limit = getenv("MYNAKIT_TIMEOUT_SECS");
    long secs = limit ? atol(limit) : 60;
    long margin = secs / 2 < 5 ? secs / 2 : 5;
    deadline = GetTickCount64() + (ULONGLONG)(secs - margin) * 1000;
    const char *clock = getenv("MYNAKIT_CLOCK"); /* 2026-11-01T09:00:00+09:00: the local date */
    if (clock && strlen(clock) >= 10)
        snprintf(today, sizeof today, "%.4s%.2s%.2s", clock, clock + 5, clock + 8);

    buf hello = {0};
    buf_puts(&hello, "{\"type\":\"hello\",\"protocol\":1,\"client\":\"" CLIENT "\",\"version\":\"" VERSION
                     "\",\"capabilities\":" CAPABILITIES "}");
    send_line(&hello);
    json *welcome = recv_line();
    if (!json_str(welcome, "type") || strcmp(json_str(welcome, "type"), "welcome")) {
        logf_("expected welcome");
        return 1;
    }
    json_free(welcome);

    if (!setjmp(finish_env)) {
        service_init();
        check();
    }
    release_card();
    buf b = {0};
    buf_printf(&b, "{\"type\":\"result\",\"outcome\":\"%s\"", fin.outcome);
    if (fin.fields.n)
    {
        buf_puts(&b, ",\"fields\":{");
        buf_puts(&b, fin.fields.p);
        buf_puts(&b, "}");
    }
    if (*fin.text) {
        buf_puts(&b, ",\"text\":");
        buf_jstr(&b, fin.text);
    }
    buf_puts(&b, "}");
    send_line(&b);
    return 0;
}
