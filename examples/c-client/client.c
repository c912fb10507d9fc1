/* A starter eligibility app in C (the card-app role, PIN and 目視 modes, 保険証利用登録), written
 * from mynakit's docs: docs/quick-start.md walks the protocol, docs/client-protocol.md is the
 * reference. It speaks JSON lines on stdin/stdout, reads the My Number card over PC/SC
 * (card.c), asks the mock eligibility service over HTTPS (service.c) and shows the answer
 * (answer.c). `grep -n 'YOUR APP' *.c` lists where your own code goes. */
#define _DEFAULT_SOURCE /* usleep */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "answer.h"
#include "base64.h"
#include "card.h"
#include "protocol.h"
#include "service.h"

/* YOUR APP: your product's name and exact version, as every report shows them. */
#define CLIENT "mynakit-c-starter"
#define VERSION "0.1.0"
/* What this client does (docs/client-protocol.md, "Capabilities"): a scenario it does not
 * claim is NOT-APPLICABLE, not FAILED. */
#define CAPABILITIES "{\"role\":\"card-app\",\"modes\":[\"pin\",\"visual\"],\"flows\":[\"registration\"]}"

#define CARD_WAIT_SECS 5.0
#define CERTIFICATE_MAX 4096

/* The check of one patient, and how it ended. */
typedef struct {
    card card;
    int card_open;
    char mode[16];
    unsigned char certificate[CERTIFICATE_MAX];
    long certificate_len;
    char today[9]; /* the scenario's day, yyyyMMdd ("" without MYNAKIT_CLOCK) */
    double deadline;
    /* The result, once finished. */
    const char *outcome;
    json_t *fields;
    char text[512];
} app;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double left(const app *a)
{
    return a->deadline - now();
}

/* Ends the check with `outcome` (`fields` taken over, may be NULL); returns 1, so that a step
 * can `return finish(...)`. */
static int finish(app *a, const char *outcome, json_t *fields, const char *text)
{
    a->outcome = outcome;
    a->fields = fields;
    snprintf(a->text, sizeof a->text, "%s", text != NULL ? text : "");
    return 1;
}

/* An ask that did not get its answer ends the check: cancelled, or mynakit went away. */
static int unanswered(app *a, ask_status status)
{
    if (status == ASK_CANCELLED)
        return finish(a, "cancelled", NULL, "キャンセルしました");
    return finish(a, NULL, NULL, NULL);
}

/* A yes/no `confirm` on `topic`: 1 yes, 0 no, -1 when it ended the check. */
static int confirm(app *a, const char *topic, const char *text)
{
    json_t *answer = NULL;
    ask_status status = proto_ask("confirm", json_pack("{s:s, s:s}", "topic", topic, "text", text),
                                  &answer);
    if (status != ASK_ANSWERED) {
        unanswered(a, status);
        return -1;
    }
    int yes = json_is_true(json_object_get(answer, "yes"));
    json_decref(answer);
    return yes;
}

/* Whether the scenario's day is before the app's dated start `start` (docs/rules.md, "What began
 * when"): its first day `first_day` (YYYY-MM-DD), unless the run set another in MYNAKIT_BEGAN
 * (NAME=YYYY-MM-DD, comma-separated; docs/client-protocol.md, "The client is a command"). */
static int before(const app *a, const char *start, const char *first_day)
{
    if (a->today[0] == '\0')
        return 0;
    char day[11];
    snprintf(day, sizeof day, "%s", first_day);
    size_t name = strlen(start);
    for (const char *item = getenv("MYNAKIT_BEGAN"); item != NULL && *item != '\0';) {
        const char *end = strchr(item, ',');
        size_t len = end != NULL ? (size_t)(end - item) : strlen(item);
        if (len == name + 11 && strncmp(item, start, name) == 0 && item[name] == '=') {
            memcpy(day, item + name + 1, 10);
            day[10] = '\0';
        }
        item = end != NULL ? end + 1 : NULL;
    }
    char compact[9] = {day[0], day[1], day[2], day[3], day[5], day[6], day[8], day[9], '\0'};
    return strcmp(a->today, compact) < 0;
}

/* -- the PIN ------------------------------------------------------------------------------ */

/* The PIN typed on the reader's PIN pad (`code`, card_pin_pad), one entry per VERIFY, the
 * tries left shown before each; no `pin` is asked on screen (docs/client-protocol.md, "The
 * reader may have a PIN pad"). 0, or 1 when finished. */
static int verify_on_pad(app *a, DWORD code)
{
    int tries = card_pin_tries(&a->card);
    if (tries < 0)
        return finish(a, "card-error", NULL, "カードを読み取れません（暗証番号の状態）");
    for (;;) {
        if (tries == 0)
            return finish(a, "pin-locked", NULL,
                          "暗証番号がロックされています。市区町村窓口で初期化してください");
        char text[128];
        snprintf(text, sizeof text, "暗証番号を読取機のテンキーで入力してください（残り%d回）", tries);
        proto_display(NULL, NULL, tries, text);
        int after = tries;
        pin_status verified = card_verify_pin_on_pad(&a->card, code, &after);
        if (verified == PIN_VERIFIED) {
            proto_display(NULL, NULL, -1, "暗証番号を確認しました");
            return 0;
        }
        if (verified == PIN_CANCELLED)
            return finish(a, "cancelled", NULL, "暗証番号の入力が取り消されました");
        if (verified == PIN_BLOCKED)
            return finish(a, "pin-locked", NULL,
                          "暗証番号がロックされました。市区町村窓口で初期化してください");
        if (verified != PIN_WRONG)
            return finish(a, "card-error", NULL, "カードを読み取れません（暗証番号の照合）");
        tries = after;
        snprintf(text, sizeof text, "暗証番号が違います（残り%d回）", tries);
        proto_display("pin-incorrect", NULL, tries, text);
    }
}

/* Asks the PIN until it verifies: the tries left read first and shown, one VERIFY per PIN
 * typed, none after the lock (docs/card.md, "PINs"). On a reader with a PIN pad the patient
 * types it there instead. 0, or 1 when finished. */
static int verify_pin(app *a)
{
    DWORD pad = card_pin_pad(&a->card);
    if (pad != 0)
        return verify_on_pad(a, pad);
    int tries = card_pin_tries(&a->card);
    if (tries < 0)
        return finish(a, "card-error", NULL, "カードを読み取れません（暗証番号の状態）");
    for (;;) {
        if (tries == 0)
            return finish(a, "pin-locked", NULL,
                          "暗証番号がロックされています。市区町村窓口で初期化してください");
        if (tries == 1)
            proto_display(NULL, NULL, 1, "暗証番号の残り回数が1回です。間違えるとロックされます");
        json_t *answer = NULL;
        ask_status status =
            proto_ask("pin", json_pack("{s:s, s:i}", "pin", "auth", "tries_left", tries), &answer);
        if (status != ASK_ANSWERED)
            return unanswered(a, status);
        /* The PIN: in the answer only, never logged, wiped once sent. */
        char pin[5] = {0};
        const char *typed = member(answer, "pin");
        int digits = typed != NULL && strlen(typed) == 4 && strspn(typed, "0123456789") == 4;
        if (digits)
            memcpy(pin, typed, 4);
        json_decref(answer);
        if (!digits) {
            /* Wrong for sure: never sent to the card (check PIN-format). */
            proto_display(NULL, NULL, tries, "暗証番号は数字4桁です。もう一度入力してください");
            continue;
        }
        int after = tries;
        pin_status verified = card_verify_pin(&a->card, pin, &after);
        OPENSSL_cleanse(pin, sizeof pin);
        if (verified == PIN_VERIFIED) {
            proto_display(NULL, NULL, -1, "暗証番号を確認しました");
            return 0;
        }
        if (verified == PIN_BLOCKED)
            return finish(a, "pin-locked", NULL,
                          "暗証番号がロックされました。市区町村窓口で初期化してください");
        if (verified != PIN_WRONG)
            return finish(a, "card-error", NULL, "カードを読み取れません（暗証番号の照合）");
        tries = after;
        char text[96];
        snprintf(text, sizeof text, "暗証番号が違います（残り%d回）", tries);
        proto_display("pin-incorrect", NULL, tries, text);
    }
}

/* -- the service -------------------------------------------------------------------------- */

/* How one attempt at an exchange ended. */
typedef enum { ATTEMPT_OK, ATTEMPT_TRANSIENT, ATTEMPT_FINISHED } attempt_status;

/* A fresh challenge signed by the card, as `challenge_id` and `signature` of `body` (PIN mode;
 * docs/service.md, "Public API"). */
static attempt_status prove(app *a, json_t *body)
{
    json_t *challenge = NULL;
    char why[256];
    service_status status =
        service_request("POST", "/v1/challenges", NULL, left(a), &challenge, why, sizeof why);
    if (status == SERVICE_TRANSIENT) {
        say("%s", why);
        return ATTEMPT_TRANSIENT;
    }
    if (status == SERVICE_REFUSED)
        return finish(a, "service-error", NULL, why), ATTEMPT_FINISHED;
    unsigned char bytes[256], sig[512];
    const char *id = member(challenge, "challenge_id");
    long len = base64_decode(member(challenge, "challenge") != NULL ? member(challenge, "challenge")
                                                                    : "!",
                             bytes, sizeof bytes);
    if (id == NULL || len <= 0) {
        json_decref(challenge);
        return finish(a, "service-error", NULL, "チャレンジを読み取れません"), ATTEMPT_FINISHED;
    }
    size_t sig_len = 0;
    sign_status signed_ = card_sign(&a->card, bytes, (size_t)len, sig, &sig_len);
    if (signed_ == SIGN_NEEDS_PIN) {
        /* 6982: the verification was lost; the patient types the PIN again. */
        if (verify_pin(a) != 0) {
            json_decref(challenge);
            return ATTEMPT_FINISHED;
        }
        signed_ = card_sign(&a->card, bytes, (size_t)len, sig, &sig_len);
    }
    if (signed_ != SIGN_DONE) {
        json_decref(challenge);
        return finish(a, "card-error", NULL, "カードで署名できません"), ATTEMPT_FINISHED;
    }
    char *signature = base64_encode(sig, sig_len);
    json_object_set_new(body, "challenge_id", json_string(id));
    json_object_set_new(body, "signature", json_string(signature != NULL ? signature : ""));
    free(signature);
    json_decref(challenge);
    return ATTEMPT_OK;
}

/* What an exchange sends. */
typedef enum { CONFIRMATION, TERMS, REGISTRATION } exchange_kind;

/* One whole attempt of `kind`: in PIN mode a new challenge and a new signature each time
 * (SVC-fresh-challenge). `terms_version` for a registration. */
static attempt_status attempt(app *a, exchange_kind kind, const char *terms_version,
                              json_t **answer)
{
    if (kind == TERMS) {
        char why[256];
        service_status s = service_request("GET", "/v1/terms", NULL, left(a), answer, why, sizeof why);
        if (s == SERVICE_REFUSED)
            return finish(a, "service-error", NULL, why), ATTEMPT_FINISHED;
        if (s == SERVICE_TRANSIENT)
            say("%s", why);
        return s == SERVICE_OK ? ATTEMPT_OK : ATTEMPT_TRANSIENT;
    }
    char *certificate = base64_encode(a->certificate, (size_t)a->certificate_len);
    json_t *body = json_pack("{s:s, s:s}", "mode", kind == REGISTRATION ? "pin" : a->mode,
                             "certificate", certificate != NULL ? certificate : "");
    free(certificate);
    const char *facility = getenv("MYNAKIT_FACILITY_CODE");
    if (kind == CONFIRMATION && facility != NULL && facility[0] != '\0')
        json_object_set_new(body, "medical_institution_code", json_string(facility));
    if (kind == CONFIRMATION && a->today[0] != '\0')
        json_object_set_new(body, "qualification_confirmation_date", json_string(a->today));
    if (kind == REGISTRATION) {
        json_object_set_new(body, "terms_version", json_string(terms_version));
        json_object_set_new(body, "consent", json_true());
    }
    attempt_status proved = strcmp(a->mode, "pin") == 0 || kind == REGISTRATION
                                ? prove(a, body)
                                : ATTEMPT_OK;
    if (proved != ATTEMPT_OK) {
        json_decref(body);
        return proved;
    }
    char why[256];
    const char *path = kind == REGISTRATION ? "/v1/registrations" : "/v1/confirmations";
    service_status s = service_request("POST", path, body, left(a), answer, why, sizeof why);
    json_decref(body);
    if (s == SERVICE_REFUSED)
        return finish(a, "service-error", NULL, why), ATTEMPT_FINISHED;
    if (s == SERVICE_TRANSIENT)
        say("%s", why);
    return s == SERVICE_OK ? ATTEMPT_OK : ATTEMPT_TRANSIENT;
}

/* `kind` with at most 2 repeats by itself, 400 and 800 ms apart, then the staff decide (a
 * `confirm` on `retry`): docs/client-protocol.md, "Retrying a failed request". 0 with the
 * answer, or 1 when finished. */
static int exchange(app *a, exchange_kind kind, const char *terms_version, json_t **answer)
{
    static const useconds_t backoff[] = {400000, 800000};
    const char *text = "資格確認サービスに接続できません。資格確認書等で確認してください";
    for (;;) {
        for (int i = 0; i < 3 && left(a) > 0.5; i++) {
            attempt_status s = attempt(a, kind, terms_version, answer);
            if (s == ATTEMPT_OK)
                return 0;
            if (s == ATTEMPT_FINISHED)
                return 1;
            if (i < 2 && left(a) > backoff[i] / 1e6 + 1.0)
                usleep(backoff[i]);
        }
        if (left(a) < 12)
            return finish(a, "service-error", NULL, text);
        proto_display("service-error", NULL, -1, text);
        int yes = confirm(a, "retry", "もう一度照会しますか？");
        if (yes < 0)
            return 1;
        if (!yes)
            return finish(a, "service-error", NULL, text);
    }
}

/* -- 保険証利用登録 ------------------------------------------------------------------------ */

/* The terms, the patient's consent, and the registration with a fresh signature
 * (docs/service.md, "Registration"). 0 once registered, or 1 when finished. */
static int register_card(app *a)
{
    for (int round = 0; round < 2; round++) {
        json_t *terms = NULL, *answer = NULL;
        if (exchange(a, TERMS, NULL, &terms) != 0)
            return 1;
        char version[64];
        snprintf(version, sizeof version, "%s", member(terms, "version") != NULL ? member(terms, "version") : "");
        proto_display(NULL, NULL, -1, member(terms, "text"));
        json_decref(terms);
        ask_status status = proto_ask(
            "consent", json_pack("{s:s, s:s}", "topic", "terms", "terms_version", version), &answer);
        if (status != ASK_ANSWERED)
            return unanswered(a, status);
        int granted = json_is_true(json_object_get(answer, "granted"));
        json_decref(answer);
        if (!granted)
            return finish(a, "not-registered", NULL, "利用規約に同意されなかったため登録していません");
        json_t *registered = NULL;
        if (exchange(a, REGISTRATION, version, &registered) != 0)
            return 1;
        const char *code = member(json_object_get(registered, "MessageHeader"), "ErrorCode");
        if (code == NULL) {
            json_decref(registered);
            return 0;
        }
        if (strcmp(code, "MOCK-E211") != 0) {
            /* Refused: the code and the service's message. */
            finish(a, "service-error", json_pack("{s:s}", "ErrorCode", code), answer_text(registered));
            json_decref(registered);
            return 1;
        }
        /* MOCK-E211: the terms were revised meanwhile; show them again, ask again. */
        json_decref(registered);
    }
    return finish(a, "service-error", NULL, "利用規約が更新されたため登録できませんでした");
}

/* The card is not registered: in PIN mode, offer the registration and check again; in 目視
 * mode it needs the PIN, so say so and end not-registered (docs/client-protocol.md). */
static int not_registered(app *a, json_t **answer)
{
    json_t *fields = answer_fields(*answer, "not-registered", 0);
    proto_display("not-registered", fields, -1, "保険証利用登録がされていません");
    /* The app offers 保険証利用登録 from 2025-04-15 (事務連絡 2025-04-15; docs/rules.md). */
    if (before(a, "app-registration", "2025-04-15"))
        return finish(a, "not-registered", fields,
                      "保険証利用登録がされていません。マイナポータル等で登録してください");
    if (strcmp(a->mode, "pin") != 0) {
        if (confirm(a, "register", "保険証利用登録には暗証番号での確認が必要です。暗証番号モードで登録しますか？") < 0) {
            json_decref(fields);
            return 1;
        }
        return finish(a, "not-registered", fields, "保険証利用登録がされていません。暗証番号モードで登録してください");
    }
    json_decref(fields);
    int yes = confirm(a, "register", "保険証利用登録をしますか？");
    if (yes <= 0)
        return yes < 0 ? 1 : finish(a, "not-registered", NULL, "保険証利用登録がされていません");
    if (register_card(a) != 0)
        return 1;
    proto_display("registered", NULL, -1, "保険証利用登録が完了しました。資格確認を行います");
    json_decref(*answer);
    *answer = NULL;
    if (exchange(a, CONFIRMATION, NULL, answer) != 0)
        return 1;
    if (strcmp(answer_outcome(*answer), "not-registered") == 0)
        return finish(a, "registered", NULL,
                      "保険証利用登録が完了しました。反映まで時間がかかります。後ほど再度確認してください");
    return 0;
}

/* -- the check ---------------------------------------------------------------------------- */

/* Another program holds the reader: the staff are told while the app waits for it. */
static void reader_held(void)
{
    proto_display(NULL, NULL, -1, "カードリーダーを他のソフトが使用中です。使用が終わるまでお待ちください");
}

/* An Android phone gives its certificate only after the PIN (docs/card.md, "Phone profiles"): in
 * PIN mode the PIN, then the certificate; in 目視 mode no PIN may be sent, so the staff look at
 * the マイナポータル instead. 0, or 1 when finished. */
static int pin_first(app *a)
{
    if (strcmp(a->mode, "pin") != 0) {
        proto_send(json_pack("{s:s, s:[s], s:s}", "type", "fallback", "offered", "myna-portal", "text",
                             "Android のスマートフォンは暗証番号なしでは読み取れません。"
                             "マイナポータルの資格情報画面を確認してください"));
        return finish(a, "cancelled", NULL, "スマートフォンは目視確認では読み取れません");
    }
    if (verify_pin(a) != 0)
        return 1;
    char why[256];
    a->certificate_len = card_read_certificate(&a->card, a->certificate, sizeof a->certificate,
                                               why, sizeof why);
    if (a->certificate_len < 0) {
        say("%s", why);
        return finish(a, "card-error", NULL, "カードを読み取れません");
    }
    return 0;
}

/* The card: wait for it, read the auth certificate; then the PIN, or in 目視 mode the staff
 * compare the card's photo with the patient (docs/client-protocol.md, "目視確認"). */
static int read_card(app *a)
{
    /* YOUR APP: the reader your app is set up with; under mynakit, MYNAKIT_READER. */
    const char *reader = getenv("MYNAKIT_READER");
    char why[256];
    if (reader == NULL || reader[0] == '\0')
        return finish(a, "card-error", NULL, "カードリーダーが設定されていません");
    double wait = left(a) < CARD_WAIT_SECS ? (left(a) > 0 ? left(a) : 0) : CARD_WAIT_SECS;
    int opened = card_open(&a->card, reader, wait, reader_held, why, sizeof why);
    a->card_open = 1;
    if (opened != 0) {
        say("%s", why);
        return finish(a, "card-error", NULL,
                      opened == CARD_HELD
                          ? "カードリーダーを他のソフト（顔認証付きカードリーダーのソフトなど）が使用中です。"
                            "そのソフトを終了してからやり直してください"
                          : "カードを読み取れません。カードを置いてやり直してください");
    }
    proto_display(NULL, NULL, -1, "カードを読み取っています");
    a->certificate_len = card_read_certificate(&a->card, a->certificate, sizeof a->certificate,
                                               why, sizeof why);
    if (a->certificate_len == CARD_PIN_FIRST && card_is_android_phone(&a->card) == 1)
        return pin_first(a);
    if (a->certificate_len < 0) {
        say("%s", why);
        return finish(a, "card-error", NULL, "カードを読み取れません");
    }
    if (strcmp(a->mode, "pin") == 0)
        return verify_pin(a);
    int yes = confirm(a, "photo-match",
                      "マイナンバーカードの顔写真とご本人が同一であることを目視で確認してください。同一人物ですか");
    if (yes < 0)
        return 1;
    return yes ? 0 : finish(a, "cancelled", NULL, "目視確認でご本人と確認できませんでした");
}

static int check(app *a)
{
    json_t *answer = NULL;
    ask_status status = proto_ask(
        "mode", json_pack("{s:[s,s]}", "offered", "pin", "visual"), &answer);
    if (status != ASK_ANSWERED)
        return unanswered(a, status);
    snprintf(a->mode, sizeof a->mode, "%s", member(answer, "mode") != NULL ? member(answer, "mode") : "");
    json_decref(answer);
    if (strcmp(a->mode, "pin") != 0 && strcmp(a->mode, "visual") != 0)
        return finish(a, "cancelled", NULL, "この確認方法には対応していません");
    if (read_card(a) != 0)
        return 1;
    proto_display(NULL, NULL, -1, "資格情報を照会しています");
    answer = NULL;
    if (exchange(a, CONFIRMATION, NULL, &answer) != 0)
        return 1;
    if (strcmp(answer_outcome(answer), "not-registered") == 0 && not_registered(a, &answer) != 0) {
        json_decref(answer);
        return 1;
    }
    const char *outcome = answer_outcome(answer);
    /* Screen E-05-A's 裏面記載情報 began on 2025-04-15 (docs/rules.md, "What began when"). */
    finish(a, outcome, answer_fields(answer, outcome, before(a, "welfare-screen", "2025-04-15")),
           answer_text(answer));
    json_decref(answer);
    return 1;
}

/* The scenario's day from MYNAKIT_CLOCK (an RFC 3339 time in JST): its date as written. */
static void scenario_day(app *a)
{
    const char *clock = getenv("MYNAKIT_CLOCK");
    a->today[0] = '\0';
    if (clock == NULL || strlen(clock) < 10 || clock[4] != '-' || clock[7] != '-')
        return;
    char day[9] = {clock[0], clock[1], clock[2], clock[3], clock[5], clock[6], clock[8], clock[9], 0};
    if (strspn(day, "0123456789") == 8)
        memcpy(a->today, day, sizeof day);
}

/* YOUR APP: the last screen. A `warning` for each field holding ● (a character OQS could not
 * carry), then the `result`. */
static void show_result(app *a)
{
    const char *key;
    json_t *value;
    json_object_foreach(a->fields, key, value) {
        if (strstr(json_string_value(value), "\xE2\x97\x8F") != NULL)
            proto_send(json_pack("{s:s, s:s, s:s}", "type", "warning", "field", key, "text",
                                 "外字（●）があります。カードまたはご本人に確認してください"));
    }
    /* 医療扶助 whose 医療券 for the month is not registered yet: the staff check the paper one. */
    if (strcmp(a->outcome, "medical-assistance") == 0 &&
        strcmp(member(a->fields, "QualificationValidity") != NULL ? member(a->fields, "QualificationValidity") : "", "6") == 0)
        proto_send(json_pack("{s:s, s:[s], s:s}", "type", "fallback", "offered", "medical-ticket", "text",
                             "今月の医療券はまだ登録されていません。紙の医療券を確認してください"));
    json_t *result = json_pack("{s:s, s:s}", "type", "result", "outcome", a->outcome);
    if (a->fields != NULL && json_object_size(a->fields) > 0)
        json_object_set(result, "fields", a->fields);
    if (a->text[0] != '\0')
        json_object_set_new(result, "text", json_string(a->text));
    proto_send(result);
}

int main(void)
{
    static app a;
    const char *limit = getenv("MYNAKIT_TIMEOUT_SECS");
    double secs = limit != NULL && atof(limit) > 0 ? atof(limit) : 60.0;
    a.deadline = now() + (secs - 5.0 > secs * 0.5 ? secs - 5.0 : secs * 0.5);
    scenario_day(&a);
    if (service_init() != 0)
        return 1;
    json_t *hello = json_pack("{s:s, s:i, s:s, s:s}", "type", "hello", "protocol", 1, "client",
                              CLIENT, "version", VERSION);
    json_object_set_new(hello, "capabilities", json_loads(CAPABILITIES, 0, NULL));
    if (proto_send(hello) != 0)
        return 1;
    json_t *welcome = proto_recv();
    const char *type = member(welcome, "type");
    if (type == NULL || strcmp(type, "welcome") != 0) {
        json_decref(welcome);
        return 0; /* not applicable, or not spoken to */
    }
    json_decref(welcome);
    check(&a);
    if (a.card_open)
        card_release(&a.card);
    if (a.outcome != NULL)
        show_result(&a);
    json_decref(a.fields);
    return 0;
}
