#!/usr/bin/env python3
"""An eligibility app (card-app role) and a minimal レセコン (receipt-computer role), written
from mynakit's docs only.

It speaks the client protocol (docs/client-protocol.md) on stdin/stdout, reads the My Number
card's JPKI AP over PC/SC (docs/card.md), asks the mock eligibility service (docs/service.md),
or exchanges OQS XML with the 資格確認端末 when MYNAKIT_TERMINAL_DIR is set (docs/terminal.md).
Python 3.11, standard library only, plus libpcsclite through ctypes.

    mynakit run --client "python3 $PWD/examples/python-client/client.py" \
        --capabilities examples/python-client/capabilities.json
"""

import base64
import datetime
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from care import Care  # noqa: E402
from device import DeviceKey, Signer  # noqa: E402
from flow import Cancelled, Finish, HarnessEnded  # noqa: E402
from jpki import ANDROID_TOKEN, CardError, Jpki, PinFirst  # noqa: E402
from recon import (  # noqa: E402
    Terminal, TerminalError, assistance_import_request, bulk_download_request, bulk_upload_request,
    bulk_reference_number_request, consent_import_request, drug_info_request, find_all, reference_number_request,
    to_tree,
    single_check_request, terminal_outcome, unit_answer,
)
from pcsc import Context, PcscError, SCARD_STATE_PRESENT  # noqa: E402
from results import GAIJI, outcome_of, screen_fields  # noqa: E402
from service import Service, ServiceError  # noqa: E402

CLIENT = "mynakit-python-example"
VERSION = "0.1.0"
CAPABILITIES = {
    "role": ["card-app", "receipt-computer"],
    "modes": ["pin", "visual", "face", "insurance-card", "bulk", "drug-info", "checkup-info"],
    "flows": ["registration", "limit-application", "registration-branches", "device-setup",
              "password-ask", "history", "viewing", "kenshin", "bus-kenshin", "disaster", "kyotaku", "online-shinryo",
              "claim-record", "reference-number", "medical-assistance-import", "portal-setup"],
    # Both rule sets: the client is not told which one a scenario runs under, so it asks the
    # 限度額 consent always (required under 2021-04-01, allowed under 2025-05-21; docs/rules.md).
    "rules": ["2021-04-01", "2025-05-21"],
}
ASK_LIMIT_CONSENT = True
# The レセコン's same-day consent imports: care setting → (message, MedicalTreatmentFlag, label)
IMPORTS = {"kyotaku": ("OQSmuhvq", "2", "居宅同意取得型"), "online-shinryo": ("OQSmuonq", "3", "オンライン診療")}
CARD_WAIT_SECS = 5.0
MAX_PASSWORDS = 10  # typed passwords at one login, then stop by ourselves
RETRY_BACKOFF = [0.4, 0.8]  # two automatic retries, then the operator decides


def log(text: str):
    """stderr is the log (captured into the report); never a PIN here."""
    print(f"[{CLIENT}] {text}", file=sys.stderr, flush=True)


# -- the protocol ------------------------------------------------------------------------------


class Protocol:
    def __init__(self):
        self.n = 0

    def send(self, msg: dict):
        sys.stdout.write(json.dumps(msg, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def recv(self) -> dict:
        line = sys.stdin.readline()
        if not line:
            raise HarnessEnded("stdin closed")
        msg = json.loads(line)
        if msg.get("type") == "error":
            log(f"harness error: {msg.get('text')}")
            raise HarnessEnded(msg.get("text", ""))
        return msg

    def ask(self, kind: str, **fields) -> dict:
        """Send an ask and wait for its answer; a `cancel` raises Cancelled."""
        self.n += 1
        ask_id = f"{kind[0]}{self.n}"
        self.send({"type": kind, "id": ask_id, **fields})
        answer = self.recv()
        if answer.get("type") == "cancel":
            raise Cancelled()
        if answer.get("type") != kind or answer.get("id") != ask_id:
            raise HarnessEnded(f"unexpected answer to {ask_id}: {answer.get('type')}")
        return answer

    def display(self, outcome=None, fields=None, tries_left=None, text=None):
        msg = {"type": "display"}
        if outcome:
            msg["outcome"] = outcome
        if fields:
            msg["fields"] = fields
        if tries_left is not None:
            msg["tries_left"] = tries_left
        if text:
            msg["text"] = text
        self.send(msg)


# -- the app -----------------------------------------------------------------------------------


class App:
    def __init__(self, proto: Protocol):
        self.p = proto
        self.started = time.monotonic()
        limit = float(os.environ.get("MYNAKIT_TIMEOUT_SECS", "60"))
        self.deadline = self.started + max(limit - 5.0, limit * 0.5)
        self.service = Service(log)
        self.facility = os.environ.get("MYNAKIT_FACILITY_CODE")
        clock = os.environ.get("MYNAKIT_CLOCK")
        self.today = None
        if clock:
            # The date of the scenario clock in its own offset (JST): "today".
            self.today = datetime.datetime.fromisoformat(clock).strftime("%Y%m%d")
        self.ctx = None
        self.card = None
        self.jpki = None
        self.mode = None
        self.certificate = None
        self.pin_verified = False
        self.limit_consent = None  # the patient's 限度額 answer; None = not asked
        self.role = None  # the device's account role after a login (docs/viewing.md)
        self.purpose = None  # "kenshin" for 資格確認限定型 at a 健診 (docs/care-settings.md)

    def left(self) -> float:
        return self.deadline - time.monotonic()

    # -- card ------------------------------------------------------------------------------

    def open_card(self):
        reader = os.environ.get("MYNAKIT_READER")
        if not reader:
            raise Finish("card-error", text="カードリーダーが設定されていません")
        try:
            self.ctx = Context()
            if not self.ctx.state(reader) & SCARD_STATE_PRESENT:
                self.p.display(text="カードをリーダーに置いてください")
                if not self.ctx.wait_for_card(reader, min(CARD_WAIT_SECS, max(self.left(), 0))):
                    raise Finish("card-error", text="カードが置かれませんでした。カードを置いてやり直してください")
            self.card = self.ctx.connect(reader)
        except PcscError as e:
            raise Finish("card-error", text=f"カードを読み取れません（{e.name}）") from e
        self.jpki = Jpki(self.card, log)

    def release_card(self):
        if self.card is not None:
            try:
                self.card.disconnect(unpower=True)
            except Exception as e:  # noqa: BLE001 - releasing never changes the result
                log(f"disconnect: {e}")
            self.card = None
        if self.ctx is not None:
            self.ctx.release()
            self.ctx = None

    # -- PIN ---------------------------------------------------------------------------------

    def verify_pin(self):
        """Ask for the auth PIN until it verifies; one VERIFY per PIN typed, never more."""
        tries = self.jpki.auth_pin_tries()
        if tries == 0:
            raise Finish("pin-locked", text="暗証番号がロックされています。目視確認または顔認証を選ぶか、市区町村窓口で初期化してください")
        while True:
            if tries == 1:
                self.p.display(tries_left=1, text="暗証番号の残り回数が1回です。間違えるとロックされます。目視確認・顔認証も選べます")
            pin = self.p.ask("pin", pin="auth", tries_left=tries)["pin"]
            if not (len(pin) == 4 and pin.isascii() and pin.isdigit()):
                # Wrong for sure: never sent to the card (check PIN-format).
                self.p.display(tries_left=tries, text="暗証番号は数字4桁です。もう一度入力してください")
                continue
            result = self.jpki.verify_auth_pin(pin)
            del pin
            if result < 0:
                self.pin_verified = True
                self.p.display(text="暗証番号を確認しました")
                return
            if result == 0:
                raise Finish("pin-locked", text="暗証番号がロックされました。市区町村窓口で初期化してください")
            tries = result
            self.p.display(outcome="pin-incorrect", tries_left=tries, text=f"暗証番号が違います（残り{tries}回）")

    def signature_over(self, challenge: bytes) -> bytes:
        sig = self.jpki.sign(challenge)
        if sig is None:
            # 6982: the verification was lost (docs/reference-client.md "Signing again").
            self.pin_verified = False
            self.verify_pin()
            sig = self.jpki.sign(challenge)
            if sig is None:
                raise CardError("signature refused (6982) after VERIFY")
        return sig

    def proof(self) -> dict:
        """A fresh challenge signed by the card (PIN mode)."""
        _, ch = self.service.request("POST", "/v1/challenges", timeout=self.left())
        sig = self.signature_over(base64.b64decode(ch["challenge"]))
        return {"challenge_id": ch["challenge_id"], "signature": base64.b64encode(sig).decode()}

    # -- service -----------------------------------------------------------------------------

    def with_retries(self, attempt):
        """Run `attempt` (a whole exchange, fresh challenge included); transient failures are
        retried twice with a backoff, then the operator is asked (docs/reference-client.md)."""
        while True:
            last = None
            for i in range(len(RETRY_BACKOFF) + 1):
                if self.left() <= 0.5:
                    break
                try:
                    return attempt()
                except ServiceError as e:
                    log(f"service: {e}")
                    last = e
                    if not e.transient:
                        raise Finish("service-error", text=f"資格確認サービスを利用できません（{e}）") from e
                    if i < len(RETRY_BACKOFF):
                        if self.left() <= RETRY_BACKOFF[i] + 1.0:
                            break
                        time.sleep(RETRY_BACKOFF[i])
            text = "資格確認サービスに接続できません。資格確認書等で確認してください"
            if last is None or self.left() < 12:
                raise Finish("service-error", text=text)
            self.p.display(outcome="service-error", text=text)
            if not self.p.ask("confirm", topic="retry", text="もう一度照会しますか？").get("yes"):
                raise Finish("service-error", text=text)

    def confirmation(self) -> dict:
        def attempt():
            body = {"mode": self.mode, "certificate": base64.b64encode(self.certificate).decode()}
            if self.mode == "pin":
                body.update(self.proof())
            if self.facility:
                body["medical_institution_code"] = self.facility
            if self.today:
                body["qualification_confirmation_date"] = self.today
            if self.limit_consent is not None:
                body["limit_application_consent"] = self.limit_consent
            if self.role == "medical-information":
                body["include_medical_information"] = True
            if self.purpose:
                body["purpose"] = self.purpose
            return self.service.request("POST", "/v1/confirmations", body, timeout=self.left())[1]

        self.p.display(text="資格情報を照会しています")
        return self.with_retries(attempt)

    # -- registration (保険証利用登録) -----------------------------------------------------------

    def register(self) -> dict:
        """display not-registered → confirm register → terms → consent → sign → register →
        display registered → check again (docs/reference-client.md#保険証利用登録)."""
        if not self.p.ask("confirm", topic="register", text="保険証利用登録をしますか？").get("yes"):
            raise Finish("not-registered", text="保険証利用登録がされていません")
        for _ in range(2):
            _, terms = self.with_retries(lambda: self.service.request("GET", "/v1/terms", timeout=self.left()))
            version = terms["version"]
            self.p.display(text=terms.get("text", ""))
            if not self.p.ask("consent", topic="terms", terms_version=version).get("granted"):
                raise Finish("not-registered", text="利用規約に同意されなかったため登録していません")

            def attempt():
                body = {"mode": "pin", "certificate": base64.b64encode(self.certificate).decode(),
                        "terms_version": version, "consent": True}
                body.update(self.proof())
                return self.service.request("POST", "/v1/registrations", body, timeout=self.left())[1]

            answer = self.with_retries(attempt)
            code = (answer.get("MessageHeader") or {}).get("ErrorCode")
            if code == "MOCK-E211":
                continue  # the terms were revised meanwhile: show them again, ask again
            if code:
                raise Finish("service-error", {"ErrorCode": code},
                             (answer.get("MessageHeader") or {}).get("ErrorMessage"))
            break
        else:
            raise Finish("service-error", text="利用規約が更新されたため登録できませんでした")
        self.p.display(outcome="registered", text="保険証利用登録が完了しました。資格確認を行います")
        again = self.confirmation()
        if outcome_of(again) == "not-registered":
            raise Finish("registered", text="保険証利用登録が完了しました。反映まで少しお時間をいただきます。後ほど再度資格確認を行ってください")
        return again

    # -- the check ---------------------------------------------------------------------------

    def run(self):
        self.p.send({"type": "hello", "protocol": 1, "client": CLIENT, "version": VERSION,
                     "capabilities": CAPABILITIES})
        welcome = self.p.recv()
        if welcome.get("type") != "welcome":
            raise HarnessEnded(f"expected welcome, got {welcome.get('type')}")
        try:
            terminal_dir = os.environ.get("MYNAKIT_TERMINAL_DIR")
            outcome, fields, text = self.recon(terminal_dir) if terminal_dir else self.check()
        except Finish as f:
            outcome, fields, text = f.outcome, f.fields, f.text
        except Cancelled:
            outcome, fields, text = "cancelled", None, "キャンセルしました"
        except CardError as e:
            outcome, fields, text = "card-error", None, f"カードを読み取れません（{e}）"
        except TerminalError as e:
            outcome, fields, text = "service-error", None, str(e)
        self.release_card()
        msg = {"type": "result", "outcome": outcome}
        if fields:
            msg["fields"] = fields
        if text:
            msg["text"] = text
        self.p.send(msg)

    # -- device set-up and 閲覧履歴 ---------------------------------------------------------------

    LOGIN_ADVICE = {
        "activation-code-used": "このアクティベーションコードは使用済みです。管理者に新しいコードの発行を依頼してください",
        "activation-code-invalidated": "このアクティベーションコードは無効化されています。管理者に新しいコードの発行を依頼してください",
        "activation-code-unknown": "アクティベーションコードが正しくありません。管理者に確認してください",
        "activation-code-not-yet-usable": "アクティベーションコードは発行から10分程度経過してから利用してください",
        "wrong-password": "パスワードが正しくありません。確認して入力し直してください",
        "account-locked": "アカウントがロックされています。管理者に連絡してください",
        "alternative-flow-disabled": "外来診療等(通常とは異なる動線)機能が無効です。資格確認端末の環境設定で有効にしてください",
        "portal-application-under-review": "この端末の利用申請はポータルサイトで審査中です。承認を待ってから利用してください",
        "portal-application-rejected": "この端末の利用申請は承認されませんでした。ポータルサイトで申請し直してください",
        "portal-account-unknown": "端末アカウントが正しくありません。ユーザー設定情報を確認してください",
        "portal-account-used": "この端末アカウントは別の端末に登録されています",
        "facility-withdrawn": "この施設はオンライン資格確認を廃止しています",
    }

    def log_in_portal(self, account: str):
        """A device registered through the portal (a facility with no 資格確認端末,
        docs/device-setup.md#portal-registration): POST /v1/activations with the facility code,
        the device account (MYNAKIT_PORTAL_ACCOUNT) and its password, and a fresh P-256 key — no
        user_id, no activation code. A refusal ends the flow with the reason shown; never
        retried (SVC-login-stop)."""
        key = DeviceKey()
        body = {"medical_institution_code": self.facility or "", "portal_account": account,
                "password": os.environ.get("MYNAKIT_ACCOUNT_PASSWORD", ""),
                "public_key": key.public_key_base64()}
        try:
            _, answer = self.service.request("POST", "/v1/activations", body, timeout=self.left())
        except ServiceError as e:
            slug = (getattr(e, "problem", {}) or {}).get("type", "").rsplit(":", 1)[-1]
            raise Finish("service-error", text=self.LOGIN_ADVICE.get(slug, f"ログインできません（{e}）")) from e
        finally:
            del body
        self.role = answer.get("role")
        self.service.signer = Signer(key, answer["device_id"])
        log(f"device registered through the portal logged in: {answer['device_id']} ({self.role})")

    def log_in(self, code: str):
        """POST /v1/activations with a fresh P-256 key; then sign every request. A refused login
        ends the flow at once (check SVC-login-stop): never retried by itself, no card read. The
        one exception: without MYNAKIT_ACCOUNT_PASSWORD (flow `password-ask`) the staff type the
        password at a `password` ask, and after `wrong-password` only are asked again
        (docs/device-setup.md#the-password-typed-at-the-login)."""
        key = DeviceKey()
        user = os.environ.get("MYNAKIT_ACCOUNT", "")
        typed = user and "MYNAKIT_ACCOUNT_PASSWORD" not in os.environ
        why = None
        for _ in range(MAX_PASSWORDS):
            if typed:
                ask = {"user_id": user, **({"text": why} if why else {})}
                password = self.p.ask("password", **ask).get("password", "")
            else:
                password = os.environ.get("MYNAKIT_ACCOUNT_PASSWORD", "")
            body = {"medical_institution_code": self.facility or "", "user_id": user,
                    "password": password, "activation_code": code, "public_key": key.public_key_base64()}
            del password
            try:
                _, answer = self.service.request("POST", "/v1/activations", body, timeout=self.left())
                break
            except ServiceError as e:
                slug = (getattr(e, "problem", {}) or {}).get("type", "").rsplit(":", 1)[-1]
                advice = self.LOGIN_ADVICE.get(slug, f"ログインできません（{e}）")
                if not (typed and slug == "wrong-password"):
                    raise Finish("service-error", text=advice) from e
                why = "ユーザIDまたはパスワードが違います"
                self.p.display(text=why)
            finally:
                del body
        else:
            raise Finish("service-error", text="パスワードの入力回数が上限に達しました。管理者に確認してください")
        self.role = answer.get("role")
        self.service.signer = Signer(key, answer["device_id"])
        log(f"device activated: {answer['device_id']} ({self.role})")

    def history(self, outcome, fields, text):
        """閲覧履歴 after the check, and the hand-off of a past result (docs/history.md)."""
        if not self.p.ask("confirm", topic="history", text="閲覧履歴を表示しますか").get("yes"):
            return outcome, fields, text
        day = self.today or datetime.date.today().strftime("%Y%m%d")
        try:
            _, listing = self.with_retries(lambda: self.service.request(
                "GET", f"/v1/confirmations?from={day}&to={day}", timeout=self.left()))
        except Finish as f:
            self.p.display(outcome="service-error", text=f"閲覧履歴を表示できません（{f.text}）")
            return outcome, fields, text
        entries = listing.get("confirmations") or []
        self.p.display(text=f"閲覧履歴（本日）: {len(entries)}件")
        if not entries:
            return outcome, fields, text
        newest = entries[-1]
        # The ask names the entry it hands off (docs/history.md, SVC-hand-off-confirmed).
        ask = f"資格確認結果（{newest['id']}）をレセコンに連携しますか"
        if not self.p.ask("confirm", topic="hand-off", text=ask).get("yes"):
            return outcome, fields, text
        _, past = self.with_retries(lambda: self.service.request(
            "GET", f"/v1/confirmations/{newest['id']}", timeout=self.left()))
        past_outcome = outcome_of(past)
        return self.show(past, past_outcome)

    def recon(self, root: str):
        """The レセコン role: a single check from the insurance card's data, or a face push."""
        terminal = Terminal(root, log)
        setting = os.environ.get("MYNAKIT_CARE_SETTING")
        if setting in IMPORTS:
            return self.consent_import(terminal, *IMPORTS[setting])
        if setting == "medical-assistance-import":
            return self.assistance_import(terminal)
        self.mode = self.p.ask("mode", offered=["insurance-card", "face", "bulk", "drug-info",
                                                "checkup-info"])["mode"]
        if self.mode == "bulk":
            return self.bulk(terminal)
        if self.mode in ("drug-info", "checkup-info"):
            return self.drug_info(terminal, checkup=self.mode == "checkup-info")
        if self.mode == "insurance-card":
            card = self.p.ask("insurance-card")["card"]
            if ASK_LIMIT_CONSENT:
                self.limit_consent = bool(self.p.ask("consent", topic="limit-application").get("granted"))
            if card.get("ReferenceNumber") and "reference-number" in CAPABILITIES["flows"]:
                refused = self.register_reference_number(terminal, card)
                if refused is not None:
                    return refused
            self.p.display(text="資格確認端末に照会しています")
            request = single_check_request(card, self.today, self.facility, bool(self.limit_consent))
            answer = terminal.single_check(request, self.deadline)
        else:
            self.p.display(text="顔認証付きカードリーダーで確認してください")
            answer = terminal.face_push(self.deadline)
        outcome = terminal_outcome(answer)
        shown = self.show(answer, outcome)
        self.claim_record(answer, outcome)
        return shown

    def register_reference_number(self, terminal: Terminal, card: dict):
        """照会番号 registration (OQSsiimm01) of the number the staff keyed in with the card, its
        answer read: registered → shown as ReferenceNumber (no outcome yet) and None; refused
        → the result to end with, without the number (docs/client-protocol.md#照会番号-registration)."""
        self.p.display(text="照会番号を登録しています")
        answer = terminal.single_check(reference_number_request(card, self.today, self.facility),
                                       self.deadline, "OQSsiimm01")
        header = answer.get("MessageHeader") or {}
        body = answer.get("MessageBody") or {}
        if header.get("SegmentOfResult") != "1":
            return self.show(answer, "service-error")
        if body.get("ProcessingResultStatus") != "1":
            fields = {"ProcessingResultCode": body["ProcessingResultCode"]} if body.get("ProcessingResultCode") else None
            text = body.get("ProcessingResultMessage") or "照会番号を登録できませんでした"
            return "ineligible", fields, text
        self.p.display(fields={"ReferenceNumber": card["ReferenceNumber"]}, text="照会番号を登録しました")
        return None

    def register_reference_numbers_in_bulk(self, terminal: Terminal, cards: list):
        """Bulk 照会番号 registration (OQSmuimm01, then OQSmuimm02 downloads until not 処理中) of
        the numbers keyed in with `cards`; each unit of the final answer displayed: registered →
        its ReferenceNumber, refused → its ProcessingResultCode, no outcome either way (the bulk
        check that follows shows the qualifications). None, or the result to end with when the
        job itself failed (docs/client-protocol.md#照会番号-registration)."""
        self.p.display(text=f"照会番号を一括登録しています（{len(cards)}件）")
        upload = terminal.single_check(bulk_reference_number_request(cards, self.today, self.facility),
                                       self.deadline, "OQSmuimm01")
        numbers = find_all(upload, "ReceptionNumber")
        if (upload.get("MessageHeader") or {}).get("SegmentOfResult") != "1" or not numbers:
            return self.show(upload, "service-error")
        answer = self.poll_download(terminal, numbers[0], self.today, "OQSmuimm02", 1.2, "照会番号の一括登録")
        if (answer.get("MessageHeader") or {}).get("SegmentOfResult") != "1":
            return self.show(answer, "service-error")
        for unit in find_all(answer, "BulkConfirmUnit"):
            number = (find_all(unit, "ReferenceNumber") or [""])[0]
            if unit.get("ProcessingResultStatus") == "1":
                self.p.display(fields={"ReferenceNumber": number}, text="照会番号を登録しました")
            else:
                code = unit.get("ProcessingResultCode")
                self.p.display(fields={"ProcessingResultCode": code} if code else None,
                               text=unit.get("ProcessingResultMessage") or "照会番号を登録できませんでした")
        return None

    def claim_record(self, answer: dict, outcome: str):
        """The visit's record for its claim (flow claim-record), after the qualification is shown
        and before the result: the card was used, and the information obtained through
        オンライン資格確認, exactly when the answer came from the card at the face reader
        (ReferenceClassification 1). Only for a visit the insurance pays
        (docs/client-protocol.md#the-claim-record)."""
        if "claim-record" not in CAPABILITIES["flows"] or outcome not in ("eligible", "medical-assistance"):
            return
        by_card = (answer.get("MessageHeader") or {}).get("ReferenceClassification") == "1"
        self.p.send({"type": "claim-record", "card_used": by_card, "information_obtained": by_card})

    def jst_today(self) -> str:
        """The scenario clock's date, else the system clock's in JST (never the UTC date)."""
        if self.today:
            return self.today
        jst = datetime.timezone(datetime.timedelta(hours=9))
        return datetime.datetime.now(jst).strftime("%Y%m%d")

    def poll_download(self, terminal: Terminal, number: str, day: str, prefix: str,
                      pause: float, waiting: str) -> dict:
        """Downloads naming `number` until one is not 処理中 (SegmentOfResult 2), `pause` s apart;
        a 処理中 answer shows no patient. Gives up with our own result before our deadline."""
        while True:
            answer = terminal.single_check(bulk_download_request(number, day, self.facility), self.deadline, prefix)
            if (answer.get("MessageHeader") or {}).get("SegmentOfResult") != "2":
                return answer
            if self.left() < pause + 2.0:
                raise Finish("service-error", text=f"{waiting}がまだ処理中です。後ほど結果を取得してください")
            self.p.display(text=f"{waiting}を処理中です")
            time.sleep(pause)

    def consent_import(self, terminal: Terminal, name: str, flag: str, label: str):
        """The same-day import of 居宅 / オンライン診療 consents: no mode ask, no patient
        (docs/kyotaku.md#the-same-day-import, docs/online-shinryo.md#the-same-day-import)."""
        day = self.jst_today()
        self.p.display(text=f"本日の{label}の同意を取り込んでいます")
        return self.import_units(terminal, consent_import_request(flag, day, self.facility), day, name,
                                 f"{label}の同意の取り込み", f"本日の{label}の同意を{{n}}件取り込みました",
                                 f"本日取り込む{label}の同意はありません（0件）")

    def assistance_import(self, terminal: Terminal):
        """The month's 医療扶助 import (OQSmutic01/02): this month's 医療券 on the scenario clock
        in its own offset (JST), never the claim month; no ask, no patient
        (docs/client-protocol.md#the-months-医療扶助-import)."""
        day = self.jst_today()
        month = day[:6]
        self.p.display(text=f"{month} の医療券を取り込んでいます")
        return self.import_units(terminal, assistance_import_request(month, day, self.facility), day, "OQSmutic",
                                 "医療券の取り込み", f"{month} の医療券を{{n}}件取り込みました",
                                 f"{month} に取り込む医療券はありません（0件）")

    def import_units(self, terminal: Terminal, request: bytes, day: str, name: str, waiting: str,
                     done: str, none: str):
        """A bulk import: the `{name}01` upload, `{name}02` downloads until not 処理中, then each
        BulkConfirmUnit displayed in order and the first one's screen as the result."""
        upload = terminal.single_check(request, self.deadline, f"{name}01")
        numbers = find_all(upload, "ReceptionNumber")
        if (upload.get("MessageHeader") or {}).get("SegmentOfResult") != "1" or not numbers:
            return self.show(upload, "service-error")
        answer = self.poll_download(terminal, numbers[0], day, f"{name}02", 1.5, waiting)
        if (answer.get("MessageHeader") or {}).get("SegmentOfResult") != "1":
            return self.show(answer, "service-error")
        units = find_all(answer, "BulkConfirmUnit")
        if not units:
            return "ineligible", None, none
        shown = []
        for unit in units:
            single = unit_answer(unit)
            outcome = terminal_outcome(single)
            self.p.display(outcome=outcome, fields=screen_fields(single, outcome, None))
            shown.append((single, outcome))
        outcome, fields, _ = self.show(*shown[0])
        return outcome, fields, done.format(n=len(units))

    def drug_info(self, terminal: Terminal, checkup: bool = False):
        """薬剤情報 (YZKsiquc01) or, with `checkup`, 特定健診情報 (TKKsiquc01): the XML result
        first (FileCategory 2); on ResultCode 1 the PDF too (FileCategory 1), kept in the working
        directory (docs/client-protocol.md, "Drug information";
        docs/terminal.md#薬剤情報-and-特定健診情報)."""
        card = self.p.ask("insurance-card")["card"]
        prefix, what = ("TKKsiquc01", "特定健診情報") if checkup else ("YZKsiquc01", "薬剤情報")
        self.p.display(text=f"{what}を照会しています")

        def refused(tree):
            code = (find_all(tree, "ResultCode") or [""])[0]
            if code == "1":
                return None
            text = (find_all(tree, "MessageContents") or [""])[0]
            # the refusal is shown with its ResultCode (docs/client-protocol.md, "Drug information")
            return Finish("service-error", {"ResultCode": code} if code else None,
                          text or f"{what}を取得できません（ResultCode {code or 'なし'}）")

        _, raw = terminal.exchange(drug_info_request(card, self.facility, "2", prefix), self.deadline, prefix)
        tree = to_tree(raw)
        if (stop := refused(tree)) is not None:
            raise stop
        blocks = find_all(tree, "SpecificHealthCheckupInfo" if checkup else "MeTrMonthInf")
        self.p.display(text=f"{what}（XML）を取得しました: {len(blocks)}件")
        kind, raw = terminal.exchange(drug_info_request(card, self.facility, "1", prefix), self.deadline, prefix,
                                      pdf=True)
        if kind == "xml":
            # a refusal is XML even when a PDF was asked
            raise refused(to_tree(raw)) or Finish("service-error", text=f"{what}のPDFが返されませんでした")
        if not raw.startswith(b"%PDF-"):
            raise Finish("service-error", text=f"{what}のPDFを読み取れません")
        with open(f"{prefix}res.pdf", "wb") as f:
            f.write(raw)
        log(f"{prefix}: PDF of {len(raw)} bytes kept as {prefix}res.pdf")
        return "eligible", {"ResultCode": "1"}, f"{what}（XMLとPDF）を取得しました"

    def bulk(self, terminal: Terminal):
        """一括照会: one OQSmuquc01 upload, then OQSmuquc02 downloads at least 1 s after each
        処理中 answer, giving up with our own result before the harness's limit."""
        cards = self.p.ask("insurance-cards")["cards"]
        if ASK_LIMIT_CONSENT:
            self.limit_consent = bool(self.p.ask("consent", topic="limit-application").get("granted"))
        keyed = [c for c in cards if c.get("ReferenceNumber")]
        if keyed and "reference-number" in CAPABILITIES["flows"]:
            if (ended := self.register_reference_numbers_in_bulk(terminal, keyed)) is not None:
                return ended
        self.p.display(text=f"一括照会しています（{len(cards)}件）")
        upload = terminal.single_check(
            bulk_upload_request(cards, self.today, self.facility, bool(self.limit_consent)), self.deadline, "OQSmuquc01")
        if (upload.get("MessageHeader") or {}).get("SegmentOfResult") != "1":
            return self.show(upload, "service-error")
        numbers = find_all(upload, "ReceptionNumber")
        if not numbers:
            raise Finish("service-error", text="受付番号が返されませんでした")
        answer = self.poll_download(terminal, numbers[0], self.today, "OQSmuquc02", 1.2, "一括照会の結果")
        segment = (answer.get("MessageHeader") or {}).get("SegmentOfResult")
        if segment != "1":
            return self.show(answer, "service-error")
        units = find_all(answer, "BulkConfirmUnit")
        if not units:
            raise Finish("service-error", text="一括照会の結果がありません")
        shown = []
        for unit in units:
            single = unit_answer(unit)
            outcome = terminal_outcome(single)
            fields = screen_fields(single, outcome, self.limit_consent)
            self.p.display(outcome=outcome, fields=fields)
            shown.append((single, outcome))
        return self.show(*shown[0])

    def show(self, answer: dict, outcome: str):
        fields = screen_fields(answer, outcome, self.limit_consent)
        for name, value in fields.items():
            if GAIJI in value:
                self.p.send({"type": "warning", "field": name,
                             "text": f"{name}に外字（●）があります。カードまたはご本人に確認して修正してください"})
        body = answer.get("MessageBody") or {}
        header = answer.get("MessageHeader") or {}
        text = body.get("ProcessingResultMessage") or header.get("ErrorMessage")
        return outcome, fields, text

    def read_card(self):
        """Wait for the card, read the auth certificate; in PIN mode verify the PIN, in visual
        mode ask the staff to compare the card's photo with the patient."""
        self.open_card()
        self.p.display(text="カードを読み取っています")
        self.jpki.select_ap()
        try:
            self.certificate = self.jpki.read_auth_certificate()
        except PinFirst:
            # An Android phone gives its certificate only after the PIN (docs/card.md, "What a
            # correct app does on a phone"); in visual or face mode no PIN may be sent.
            if self.jpki.token_label() != ANDROID_TOKEN:
                raise
            if self.mode != "pin":
                self.p.send({"type": "fallback", "offered": ["myna-portal"],
                             "text": "Android のスマートフォンは暗証番号なしでは読み取れません。暗証番号で確認するか、マイナポータルの資格情報画面を確認してください"})
                raise Finish("cancelled", text="スマートフォンは目視確認では読み取れません") from None
            self.verify_pin()
            self.certificate = self.jpki.read_auth_certificate()
            return
        if self.mode == "pin":
            self.verify_pin()
        elif self.mode == "visual":
            # 目視確認: the staff compare the card's photo with the patient before anything is
            # fetched or shown; a no ends the check as cancelled (docs/client-protocol.md).
            answer = self.p.ask("confirm", topic="photo-match",
                                text="カードの顔写真とご本人が同一人物であることを目視で確認してください")
            if not answer.get("yes"):
                raise Finish("cancelled", text="目視確認でご本人と確認できませんでした")

    def check(self):
        code = os.environ.get("MYNAKIT_ACTIVATION_CODE")
        portal = os.environ.get("MYNAKIT_PORTAL_ACCOUNT")
        if portal:
            self.log_in_portal(portal)
        elif code:
            self.log_in(code)
        setting = os.environ.get("MYNAKIT_CARE_SETTING")
        if setting:
            return Care(self, setting).run()
        self.mode = self.p.ask("mode", offered=["pin", "visual", "face"])["mode"]
        self.read_card()
        if ASK_LIMIT_CONSENT:
            self.limit_consent = bool(self.p.ask("consent", topic="limit-application").get("granted"))
        answer = self.confirmation()
        outcome = outcome_of(answer)
        if outcome == "not-registered":
            self.p.display(outcome="not-registered", fields=screen_fields(answer, outcome),
                           text="保険証利用登録がされていません")
            if self.mode == "pin":
                answer = self.register()
                outcome = outcome_of(answer)
            else:
                self.p.ask("confirm", topic="register",
                           text="保険証利用登録には暗証番号での確認が必要です。暗証番号モードで登録しますか？")
                raise Finish("not-registered", screen_fields(answer, outcome),
                             "保険証利用登録がされていません。暗証番号モードで登録してください")
        result = self.show(answer, outcome)
        if self.service.signer is not None:
            self.release_card()
            result = self.history(*result)
        return result


def main():
    proto = Protocol()
    try:
        App(proto).run()
    except HarnessEnded as e:
        log(f"ended: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
