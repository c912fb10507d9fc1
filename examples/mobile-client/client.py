#!/usr/bin/env python3
"""A phone's eligibility app (マイナ資格確認アプリ), written from docs/mobile.md and
docs/client-protocol.md alone: it speaks the client protocol over `mynakit run --client-socket`
as a phone app's UI test would, and reads the card over the NFC relay as the app reads it over
NFC. Python 3.11, standard library only.

    MYNAKIT_CLIENT_SOCKET=127.0.0.1:PORT MYNAKIT_CLIENT_SOCKET_TOKEN=TOKEN python3 client.py

It connects once per scenario run, until the run is over (the socket refuses). The service's
API and the answer → screen rules are shared with the PC example (examples/python-client:
service.py, results.py); everything about the phone is here and in relay.py.

MYNAKIT_MOBILE_PLATFORM: `android` (default) or `ios`, unless the scenario names one in MYNAKIT_PLATFORM (says hello with the JPKI AP as its only
select identifier). MYNAKIT_MOBILE_SHIPS: the platforms this build ships, comma-separated
(`android`, say): declared in hello as `capabilities.platforms` (docs/mobile.md, "Platforms"), and
the app plays only those, as a store build does. MYNAKIT_MOBILE_DEFECT: a comma-separated list of mistakes mobile apps make,
each of which a bundled mobile scenario must catch (README.md).
"""

import base64
import hashlib
import os
import socket
import sys
import time
import json
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python-client"))

from relay import Relay, RelayError, SessionEnded, TransceiveError  # noqa: E402
from results import outcome_of, screen_fields  # noqa: E402
from service import Service, ServiceError  # noqa: E402

CLIENT = "mynakit-mobile-example"
VERSION = "0.1.0"
CAPABILITIES = {"role": "card-app", "modes": ["pin", "visual"],
                "flows": ["registration", "app-login", "bus-kenshin", "kenshin"],
                "rules": ["2025-05-21"], "transport": "nfc"}
DEFECTS = {d for d in os.environ.get("MYNAKIT_MOBILE_DEFECT", "").split(",") if d}
KNOWN_DEFECTS = {"ignore-tag-lost", "always-extended", "no-timeout"}
PLATFORM = os.environ.get("MYNAKIT_MOBILE_PLATFORM", "android")
# The platforms this build ships (docs/mobile.md, "Platforms"); none named = it plays any.
SHIPS = [p for p in os.environ.get("MYNAKIT_MOBILE_SHIPS", "").split(",") if p]
if SHIPS:
    CAPABILITIES["platforms"] = SHIPS

JPKI_AID = "D392F000260100000001"
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
RETRY_BACKOFF = (0.4, 0.8)
NOT_AT_KENSHIN = ("SpecificDiseases", "LimitApplicationCertificate")


def log(text: str):
    print(f"mobile-client: {text}", file=sys.stderr, flush=True)


class HarnessEnded(Exception):
    """The harness sent `error` or closed the connection."""


class Cancelled(Exception):
    """The operator pressed cancel at an ask."""


class CardError(Exception):
    """The card cannot be used: an error status, a tag lost for good, an NFC error."""


class Finish(Exception):
    def __init__(self, outcome: str, fields: dict | None = None, text: str | None = None):
        super().__init__(outcome)
        self.outcome, self.fields, self.text = outcome, fields, text


class Operator:
    """The client protocol on the socket: the staff and the screen."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.lines = sock.makefile("r", encoding="utf-8", newline="\n")
        self.next_id = 0

    def send(self, msg: dict):
        self.sock.sendall((json.dumps(msg, ensure_ascii=False) + "\n").encode())

    def recv(self) -> dict:
        line = self.lines.readline()
        if not line:
            raise HarnessEnded("the harness closed the connection")
        msg = json.loads(line)
        if msg.get("type") == "error":
            raise HarnessEnded(msg.get("text") or f'{msg.get("code")}: {msg.get("message")}')
        return msg

    def ask(self, kind: str, **fields) -> dict:
        self.next_id += 1
        self.send({"type": kind, "id": f"a{self.next_id}", **fields})
        answer = self.recv()
        if answer.get("type") == "cancel":
            raise Cancelled()
        return answer

    def display(self, **fields):
        self.send({"type": "display", **{k: v for k, v in fields.items() if v is not None}})


class App:
    """One conversation: one patient at the phone."""

    def __init__(self, op: Operator, context: dict):
        self.op = op
        self.ctx = context
        limit = int(context.get("MYNAKIT_TIMEOUT_SECS", "60"))
        self.deadline = time.monotonic() + limit - 5
        self.service = Service(log)
        self.relay = None
        self.tag = None
        self.certificate = None
        self.mode = None
        self.purpose = None

    def left(self) -> float:
        return self.deadline - time.monotonic()

    # -- NFC ---------------------------------------------------------------------------------

    def present(self):
        """Reader mode on, and the card held to the phone."""
        if self.relay is None:
            # The platform the scenario asks for (MYNAKIT_PLATFORM, docs/mobile.md), else ours;
            # a build that ships only some platforms never plays another.
            platform = self.ctx.get("MYNAKIT_PLATFORM") or PLATFORM
            if SHIPS and platform not in SHIPS:
                platform = SHIPS[0]
            select = [JPKI_AID] if platform == "ios" else None
            self.relay = Relay(self.ctx["MYNAKIT_RELAY"], self.ctx["MYNAKIT_RELAY_TOKEN"],
                               platform=platform, select_identifiers=select, app=f"{CLIENT} {VERSION}")
            self.relay.start()
        if self.relay.tag is None:
            self.op.display(text="マイナンバーカードをスマートフォンにかざしてください")
        try:
            self.tag = self.relay.wait_for_tag(min(20.0, self.left()))
        except TimeoutError as e:
            raise CardError("カードがかざされませんでした") from e

    def cmd(self, apdu: bytes) -> tuple[bytes, int]:
        """One command: (data, SW). A transceive error other than a lost tag ends the check
        as a card error; a lost tag is the caller's to handle."""
        tries = 3 if "ignore-tag-lost" in DEFECTS else 0
        while True:
            try:
                resp = self.relay.transceive(apdu)
                break
            except TransceiveError as e:
                if e.error == "tag-lost":
                    if tries:  # defect: keep transceiving as if nothing happened
                        tries -= 1
                        continue
                    raise
                raise CardError(f"NFC: {e}") from e
        if len(resp) < 2:
            raise CardError("the card gave no answer")
        return resp[:-2], (resp[-2] << 8) | resp[-1]

    def ok(self, apdu: bytes) -> bytes:
        data, sw = self.cmd(apdu)
        if sw != 0x9000:
            raise CardError(f"{apdu[:4].hex(' ').upper()}: {sw:04X}")
        return data

    def read_certificate(self):
        """SELECT the JPKI AP and EF 000A, read the 利用者証明用電子証明書 whole. A card moved
        off mid-read is asked for again, and the read restarts once from the AP's SELECT."""
        self.present()
        for attempt in range(2):
            try:
                self.certificate = self._read_certificate()
                return
            except TransceiveError as e:  # only tag-lost comes here
                if attempt == 1:
                    raise CardError("カードが離れました") from e
                log("tag lost mid-read: asking for the card again")
                self.op.display(text="カードが離れました。もう一度カードをかざしてください")
                self.present()

    def _read_certificate(self) -> bytes:
        self.ok(bytes.fromhex("00A4040C0A" + JPKI_AID))
        self.ok(bytes.fromhex("00A4020C02000A"))
        head = self.ok(bytes.fromhex("00B0000004"))
        if len(head) != 4 or head[:2] != b"\x30\x82":
            raise CardError("the certificate's DER header is not 30 82 LL LL")
        total = 4 + int.from_bytes(head[2:4], "big")
        cert = bytearray(head)
        extended = self.tag.get("extended_length") and total - 4 + 2 <= self.tag.get("max_transceive", 0)
        if "always-extended" in DEFECTS:
            extended = True
        if extended and total - 4 > 256:
            # one READ BINARY with an extended Le (00 + two bytes), as phones that can do
            cert += self.ok(bytes([0x00, 0xB0, 0x00, 0x04, 0x00]) + (total - 4).to_bytes(2, "big"))
        while len(cert) < total:
            n = min(256, total - len(cert))
            cert += self.ok(bytes([0x00, 0xB0]) + len(cert).to_bytes(2, "big") + bytes([n % 256]))
        if len(cert) != total:
            raise CardError("the certificate was not read whole")
        return bytes(cert)

    def verify_pin_card_held(self):
        """The PIN, with the card held again if it leaves meanwhile (docs/mobile.md, "A lost tag
        and a timeout"): a VERIFY cut off by a lost tag never reached the PIN counter, so it is
        not a wrong PIN. Everything read from the lost tag is dropped; once the card is back the
        certificate is read again from the AP's SELECT, then the tries left and the PIN asked
        again. A second loss ends the check as a card error."""
        for attempt in range(2):
            try:
                self.verify_pin()
                return
            except TransceiveError as e:  # only tag-lost comes here
                if attempt == 1:
                    raise CardError("カードが離れました。もう一度カードをかざしてください") from e
                log("tag lost at the PIN step: asking for the card again")
                self.certificate = None
                self.op.display(text="カードが離れました。もう一度カードをかざしてください")
                try:
                    self.read_certificate()
                except TransceiveError as lost:
                    raise CardError("カードが離れました。もう一度カードをかざしてください") from lost

    def verify_pin(self):
        """EF 0018: the tries left (empty VERIFY), the PIN asked and verified."""
        self.ok(bytes.fromhex("00A4020C020018"))
        _, sw = self.cmd(bytes.fromhex("00200080"))
        if sw in (0x63C0, 0x6984):
            raise Finish("pin-locked", text="暗証番号がロックされています。目視確認を選ぶか、市区町村窓口で初期化してください")
        if sw & 0xFFF0 != 0x63C0:
            raise CardError(f"empty VERIFY: {sw:04X}")
        tries = sw & 0x0F
        while True:
            pin = self.op.ask("pin", pin="auth", tries_left=tries)["pin"]
            if len(pin) != 4 or not pin.isdigit():
                self.op.display(text="暗証番号は数字4桁です", tries_left=tries)
                continue
            _, sw = self.cmd(bytes.fromhex("0020008004") + pin.encode("ascii"))
            if sw == 0x9000:
                self.op.display(text="暗証番号を確認しました")
                return
            if sw in (0x63C0, 0x6984):
                raise Finish("pin-locked", text="暗証番号がロックされました。市区町村窓口で初期化してください")
            if sw & 0xFFF0 != 0x63C0:
                raise CardError(f"VERIFY: {sw:04X}")
            tries = sw & 0x0F
            self.op.display(outcome="pin-incorrect", tries_left=tries,
                            text=f"暗証番号が違います（残り{tries}回）")

    def sign(self, challenge: bytes) -> bytes:
        """The auth key signs the challenge's DigestInfo. A real card takes ~0.7 s, above
        IsoDep's 618 ms default: the timeout is raised to 5 s around it, then restored."""
        self.ok(bytes.fromhex("00A4020C020017"))
        data = SHA256_DIGEST_INFO + hashlib.sha256(challenge).digest()
        if "no-timeout" not in DEFECTS:
            self.relay.set_timeout(5000)
        try:
            return self.ok(bytes([0x80, 0x2A, 0x00, 0x80, len(data)]) + data + b"\x00")
        except TransceiveError as e:  # tag-lost: nothing signed reached us; no check is sent
            raise CardError("カードが離れました。もう一度カードをかざしてください") from e
        finally:
            if "no-timeout" not in DEFECTS and self.tag is not None:
                self.relay.set_timeout(self.tag.get("timeout_ms", 618))

    def release(self):
        """Reading off (`stop-reading` → `stopped`), which powers the card off."""
        if self.relay is None:
            return
        relay, self.relay = self.relay, None
        try:
            relay.stop()
        except (RelayError, OSError) as e:
            log(f"relay: {e}")
        relay.close()
        if relay.ended:
            raise SessionEnded(relay.ended)

    # -- service -----------------------------------------------------------------------------

    def proof(self) -> dict:
        _, ch = self.service.request("POST", "/v1/challenges", timeout=self.left())
        signature = self.sign(base64.b64decode(ch["challenge"]))
        return {"challenge_id": ch["challenge_id"], "signature": base64.b64encode(signature).decode()}

    def with_retries(self, attempt):
        """Transient failures retried twice (a fresh challenge each time), then the staff asked."""
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
                        time.sleep(RETRY_BACKOFF[i])
            text = "資格確認サービスに接続できません。資格確認書等で確認してください"
            if last is None or self.left() < 12:
                raise Finish("service-error", text=text)
            self.op.display(outcome="service-error", text=text)
            if not self.op.ask("confirm", topic="retry", text="もう一度照会しますか？").get("yes"):
                raise Finish("service-error", text=text)

    def confirmation(self) -> dict:
        def attempt():
            body = {"mode": self.mode, "certificate": base64.b64encode(self.certificate).decode()}
            if self.mode == "pin":
                body.update(self.proof())
            if self.ctx.get("MYNAKIT_FACILITY_CODE"):
                body["medical_institution_code"] = self.ctx["MYNAKIT_FACILITY_CODE"]
            clock = self.ctx.get("MYNAKIT_CLOCK", "")
            if len(clock) >= 10:
                body["qualification_confirmation_date"] = clock[:10].replace("-", "")
            if self.purpose:
                body["purpose"] = self.purpose
            return self.service.request("POST", "/v1/confirmations", body, timeout=self.left())[1]

        self.op.display(text="資格情報を照会しています")
        return self.with_retries(attempt)

    def register(self) -> dict:
        """保険証利用登録 in PIN mode: confirm, terms, consent, a signed registration, the check again."""
        if not self.op.ask("confirm", topic="register", text="保険証利用登録をしますか？").get("yes"):
            raise Finish("not-registered", text="保険証利用登録がされていません")
        if self.mode != "pin":
            raise Finish("not-registered", text="保険証利用登録には暗証番号での本人確認が必要です")
        for _ in range(2):
            _, terms = self.with_retries(lambda: self.service.request("GET", "/v1/terms", timeout=self.left()))
            version = terms["version"]
            self.op.display(text=terms.get("text", ""))
            if not self.op.ask("consent", topic="terms", terms_version=version).get("granted"):
                raise Finish("not-registered", text="利用規約に同意されなかったため登録していません")

            def attempt():
                body = {"mode": "pin", "certificate": base64.b64encode(self.certificate).decode(),
                        "terms_version": version, "consent": True, **self.proof()}
                return self.service.request("POST", "/v1/registrations", body, timeout=self.left())[1]

            header = self.with_retries(attempt).get("MessageHeader") or {}
            if header.get("ErrorCode") == "MOCK-E211":
                continue  # the terms were revised meanwhile: show and ask again
            if header.get("ErrorCode"):
                raise Finish("service-error", {"ErrorCode": header["ErrorCode"]}, header.get("ErrorMessage"))
            break
        else:
            raise Finish("service-error", text="利用規約が更新されたため登録できませんでした")
        self.op.display(outcome="registered", text="保険証利用登録が完了しました。資格確認を行います")
        again = self.confirmation()
        if outcome_of(again) == "not-registered":
            raise Finish("registered", text="保険証利用登録が完了しました。後ほど再度資格確認を行ってください")
        return again

    # -- the check ---------------------------------------------------------------------------

    def check(self):
        care = self.ctx.get("MYNAKIT_CARE_SETTING")
        kenshin = care in ("kenshin", "bus-kenshin")
        if care and not kenshin:
            raise Finish("service-error", text=f"未対応の利用形態です: {care}")
        if kenshin:
            self.purpose = "kenshin"
        self.mode = self.op.ask("mode", offered=["pin", "visual"])["mode"]
        try:
            try:
                self.read_certificate()
            except TransceiveError as e:
                raise CardError(str(e)) from e
            if self.mode == "visual":
                # The card is not needed any more: reading off, and a sheet the patient
                # cancelled meanwhile is seen now, before anything is sent (its
                # `session-ended` comes before `stopped`).
                self.release()
                text = "マイナンバーカードの顔写真とご本人が同一であることを目視で確認してください。同一人物ですか"
                if not self.op.ask("confirm", topic="photo-match", text=text).get("yes"):
                    raise Finish("cancelled", text="本人確認ができなかったため中止しました")
            else:
                self.verify_pin_card_held()
            answer = self.confirmation()
            outcome = outcome_of(answer)
            if outcome == "not-registered" and not kenshin:
                self.op.display(outcome="not-registered", text="保険証利用登録がされていません")
                answer = self.register()
                outcome = outcome_of(answer)
        except Finish as f:
            if kenshin and f.outcome not in ("cancelled", "pin-locked", "pin-incorrect"):
                self.fallback(later=f.outcome == "service-error")
            raise
        except CardError:
            if kenshin:
                self.fallback(later=False)
            raise
        fields = screen_fields(answer, outcome)
        if not kenshin:
            return outcome, fields, None
        fields = {k: v for k, v in fields.items() if not k.startswith(NOT_AT_KENSHIN)}
        if outcome != "eligible":
            self.fallback(later=outcome == "service-error")
            return outcome, fields, None
        self.release()
        ticket = self.op.ask("insurance-card")["card"]
        same = all((ticket.get(k) or "").strip(" \u3000") == (fields.get(k) or "").strip(" \u3000")
                   for k in ("InsurerNumber", "InsuredCardSymbol", "InsuredIdentificationNumber")
                   if ticket.get(k) is not None)
        if not same:
            self.fallback(later=False)
            return "ineligible", fields, "受診券の保険者と資格情報が一致しません"
        return "eligible", fields, "受診券の保険者の加入者であることを確認しました"

    def fallback(self, later: bool):
        offered = ["qualification-certificate", "checkup-ticket", "myna-portal"]
        if later:
            offered.append("later-card-check")
        self.op.send({"type": "fallback", "offered": offered,
                      "text": "オンラインで資格を確認できませんでした。資格確認書、または受診券とマイナポータルの資格情報で確認してください"
                              + ("。通信が戻ったらカードで再度確認できます" if later else "")})

    def run(self):
        # The app unlocked itself at its own login before this patient (flow app-login).
        self.op.send({"type": "app-login", "method": "biometric"})
        try:
            outcome, fields, text = self.check()
        except Finish as f:
            outcome, fields, text = f.outcome, f.fields, f.text
        except Cancelled:
            outcome, fields, text = "cancelled", None, "キャンセルしました"
        except SessionEnded as e:
            # the patient cancelled the reading sheet: nothing is wrong with the card
            outcome, fields, text = "cancelled", None, f"読み取りを中止しました（{e.reason}）"
        except (CardError, RelayError, TransceiveError) as e:
            # a transceive error is an IOError (as IsoDep's are): caught here, never taken for
            # the client socket going away (docs/mobile.md, "A lost tag and a timeout")
            outcome, fields, text = "card-error", None, f"カードを読み取れません（{e}）"
        try:
            self.release()
        except SessionEnded:
            pass  # the check is over: what it showed stands
        msg = {"type": "result", "outcome": outcome}
        if fields:
            msg["fields"] = fields
        if text:
            msg["text"] = text
        self.op.send(msg)


def conversation(addr: tuple[str, int], token: str) -> bool:
    """One scenario run. False once the run is over (the socket refuses)."""
    try:
        sock = socket.create_connection(addr, timeout=10)
    except (ConnectionRefusedError, ConnectionResetError):
        return False
    sock.settimeout(None)  # the harness answers `welcome` when the scenario starts
    op = Operator(sock)
    try:
        op.send({"type": "hello", "protocol": 1, "client": CLIENT, "version": VERSION,
                 "capabilities": CAPABILITIES, "token": token})
        welcome = op.recv()
        if welcome.get("type") != "welcome":
            raise HarnessEnded(f"expected welcome, got {welcome.get('type')}")
        log(f"scenario {welcome.get('scenario')}")
        context = welcome.get("context") or {}
        for k in [k for k in os.environ if k.startswith("MYNAKIT_") and k not in
                  ("MYNAKIT_CLIENT_SOCKET", "MYNAKIT_CLIENT_SOCKET_TOKEN", "MYNAKIT_MOBILE_DEFECT",
                   "MYNAKIT_MOBILE_PLATFORM", "MYNAKIT_MOBILE_SHIPS")]:
            del os.environ[k]
        os.environ.update(context)  # service.py reads the service URL and CA from here
        App(op, context).run()
    except HarnessEnded as e:
        log(f"harness: {e}")
        if str(e).startswith("busy"):
            # connected again before the harness let go of the previous conversation
            time.sleep(0.2)
    except OSError as e:
        log(f"socket: {e}")
    finally:
        sock.close()
    return True


def main():
    unknown = DEFECTS - KNOWN_DEFECTS
    if unknown:
        sys.exit(f"mobile-client: unknown MYNAKIT_MOBILE_DEFECT {sorted(unknown)}; known: {sorted(KNOWN_DEFECTS)}")
    host, port = os.environ["MYNAKIT_CLIENT_SOCKET"].rsplit(":", 1)
    token = os.environ["MYNAKIT_CLIENT_SOCKET_TOKEN"]
    while conversation((host, int(port)), token):
        pass


if __name__ == "__main__":
    main()
