#!/usr/bin/env python3
"""A minimal relying party (role `relying-party`), written from mynakit's docs only: an eKYC app
and its server in one process, and a counter app.

It speaks the client protocol (docs/client-protocol.md) on stdin/stdout, reads the card over
PC/SC (card.py, pcsc.py) and verifies on the server's side (server.py) what
docs/relying-party.md and docs/counter-read.md ask, in three flows:

- identity-by-signature (身元確認): the 署名用 password, the card signs the server's data; the
  signature, the chain to the test CA, the revocation (OCSP, else the CRL), then the 基本4情報;
- authentication-by-nonce (当人認証): the 利用者証明用 PIN, the card signs a nonce the server
  issued; the nonce redeemed once, the signature, the chain, the revocation;
- counter-read (対面 IC read): 照合番号B opens both 券面 APs without a PIN; their signatures
  with the test CV roots, the card's expiry, the staff's look at the photo, then the 基本4情報.

Python 3.11, the standard library and python3-cryptography.

    mynakit run --client "python3 $PWD/client.py" --capabilities capabilities.yaml
"""

import datetime
import json
import os
import re
import secrets
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# pcsc.py is beside this file where `mynakit init` wrote it; in mynakit's checkout it is the
# Python example client's.
sys.path[:0] = [HERE, os.path.join(HERE, "..", "python-client")]

from card import (  # noqa: E402
    AUTH_CERTIFICATE, AUTH_KEY, AUTH_PIN, CERTIFICATE_FLAGS, KENHOJO_AP, KENHOJO_COLLATION_B, KENKAKU_AP,
    KENKAKU_COLLATION_B, JPKI_AP, SIGN_CERTIFICATE, SIGN_KEY, SIGN_PASSWORD, Card, CardError, object_value, tlvs,
)
from pcsc import Context, PcscError  # noqa: E402
from server import (  # noqa: E402
    Clock, Refused, Server, TestCa, basic_four, basic_four_signed, card_face_signed, certified_key, cv_root,
)
from cryptography import x509  # noqa: E402

# YOUR APP: your product's name and exact version, as every report shows them.
CLIENT = "mynakit-python-relying-party"
VERSION = "0.1.0"
# The flows this starter plays. A flow left out is never run against it (NOT-APPLICABLE): add
# `pin-less` (かざし) or `status-check` (現況確認) here and in capabilities.yaml once you play them.
CAPABILITIES = {
    "role": "relying-party",
    "modes": ["pin"],
    "flows": ["identity-by-signature", "authentication-by-nonce", "counter-read"],
}
CARD_WAIT_SECS = 5.0
JST = datetime.timezone(datetime.timedelta(hours=9))


class Ended(Exception):
    """The harness ended the conversation (stdin closed, or an `error` line)."""


class Cancelled(Exception):
    """The operator pressed cancel."""


class Result(Exception):
    """The flow's end: its outcome, what the screen says, and the fields shown."""

    def __init__(self, outcome: str, text: str, fields: dict | None = None):
        super().__init__(text)
        self.outcome, self.text, self.fields = outcome, text, fields


def log(text: str):
    """A line for the developer, on stderr. Never a password, a PIN, 照合番号B or the holder's data."""
    print(f"[{CLIENT}] {text}", file=sys.stderr, flush=True)


class Protocol:
    def __init__(self):
        self.n = 0

    def send(self, msg: dict):
        sys.stdout.write(json.dumps(msg, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def recv(self) -> dict:
        line = sys.stdin.readline()
        if not line:
            raise Ended("stdin closed")
        msg = json.loads(line)
        if msg.get("type") == "error":
            raise Ended(msg.get("text", ""))
        return msg

    def ask(self, kind: str, **fields) -> dict:
        self.n += 1
        ask_id = f"a{self.n}"
        self.send({"type": kind, "id": ask_id, **fields})
        answer = self.recv()
        if answer.get("type") == "cancel":
            raise Cancelled()
        if answer.get("type") != kind or answer.get("id") != ask_id:
            raise Ended(f"unexpected answer to {ask_id}: {answer.get('type')}")
        return answer

    # YOUR APP: what your screen shows. The harness judges it (the tries left above all).
    def display(self, text: str, outcome: str | None = None, tries_left: int | None = None):
        msg = {"type": "display", "text": text}
        if outcome:
            msg["outcome"] = outcome
        if tries_left is not None:
            msg["tries_left"] = tries_left
        self.send(msg)


# What each secret the holder or the staff type looks like: a value that cannot be right is never
# sent to the card (it would cost a try; check PIN-format).
SECRETS = {
    "sign": ("署名用パスワード", re.compile(r"[A-Z0-9]{6,16}"), "署名用パスワードは英大文字と数字の6〜16文字です"),
    "auth": ("利用者証明用暗証番号", re.compile(r"[0-9]{4}"), "暗証番号は4桁の数字です"),
    "collation-b": ("照合番号B", re.compile(r"[0-9]{14}"), "照合番号Bは14桁の数字です（生年月日6桁・有効期限の西暦4桁・セキュリティコード4桁）"),
}


class App:
    def __init__(self, proto: Protocol, card: Card):
        self.p = proto
        self.card = card
        self.clock = Clock(os.environ.get("MYNAKIT_CLOCK"))
        self.server = Server(self.clock)

    def typed(self, kind: str, key_ef: int) -> str:
        """The tries left of `key_ef`, then the value typed for it, well formed; a key with no
        tries left is never asked nor sent."""
        tries = self.card.tries_left(key_ef)
        name, form, hint = SECRETS[kind]
        if tries == 0:
            raise Result("pin-locked", f"{name}はロックされています。市区町村の窓口で手続きしてください")
        shown = None if tries == 0xFF else tries
        while True:
            value = self.p.ask("pin", pin=kind, tries_left=shown).get("pin", "")
            if form.fullmatch(value):
                return value
            self.p.display(hint, tries_left=shown)

    def verify(self, kind: str, key_ef: int, value: str):
        """One VERIFY of the typed value; a wrong one is shown with its tries left, never sent
        again by itself (PIN-no-auto-retry)."""
        left = self.card.verify(key_ef, value)
        if left is None:
            return
        name = SECRETS[kind][0]
        if left == 0:
            raise Result("pin-locked", f"{name}がロックされました")
        self.p.display(f"{name}が違います（残り{left}回）", outcome="pin-incorrect", tries_left=left)
        raise Result("pin-incorrect", f"{name}が違います")

    def done_with_card(self):
        """Power the card off: the app needs it no more (APDU-release)."""
        self.card.release()

    # -- 身元確認
    def identity(self):
        ca = TestCa(os.environ["MYNAKIT_SIGN_CA_FILE"], os.environ.get("MYNAKIT_SIGN_CRL_URL"))
        self.card.select_ap(JPKI_AP)
        if self.card.tries_left(SIGN_PASSWORD) == 0 and self.card.read_plain(CERTIFICATE_FLAGS, 1)[:1] != b"\x8f":
            # No tries on a card without the 署名用 certificate (under 15): the password was never set.
            raise Result("card-error", "このカードには署名用電子証明書がありません")
        password = self.typed("sign", SIGN_PASSWORD)
        self.verify("sign", SIGN_PASSWORD, password)
        certificate = x509.load_der_x509_certificate(self.card.read_object(SIGN_CERTIFICATE))
        data = secrets.token_bytes(32)  # the server's data for this check
        signature = self.card.sign(SIGN_KEY, data)
        self.done_with_card()
        # The server: everything before the result (RP-answered-before-accepted).
        self.server.card_signed(certificate, signature, data)
        self.server.chained(certificate, ca)
        self.server.not_revoked(certificate, ca)
        raise Result("accepted", "本人確認できました", basic_four(certificate))

    # -- 当人認証
    def authentication(self):
        ca = TestCa(os.environ["MYNAKIT_AUTH_CA_FILE"], os.environ.get("MYNAKIT_AUTH_CRL_URL"))
        self.card.select_ap(JPKI_AP)
        pin = self.typed("auth", AUTH_PIN)
        self.verify("auth", AUTH_PIN, pin)
        certificate = x509.load_der_x509_certificate(self.card.read_object(AUTH_CERTIFICATE))
        nonce = self.server.nonce()
        signature = self.card.sign(AUTH_KEY, nonce)
        self.done_with_card()
        self.server.redeem(nonce)
        self.server.card_signed(certificate, signature, nonce)
        self.server.chained(certificate, ca)
        self.server.not_revoked(certificate, ca)
        # A login names no person: the 利用者証明用 certificate carries none (RP-login-shows-no-person).
        raise Result("accepted", "ログインしました")

    # -- 対面 IC read
    def counter_read(self):
        self.p.ask("mode", offered=["pin"])
        self.card.select_ap(KENKAKU_AP)
        collation_b = self.typed("collation-b", KENKAKU_COLLATION_B)
        self.verify("collation-b", KENKAKU_COLLATION_B, collation_b)
        face = tlvs(object_value(self.card.read_object(0x0002)))
        face_certificate = object_value(self.card.read_object(0x0004))
        self.card.select_ap(KENHOJO_AP)
        if self.card.verify(KENHOJO_COLLATION_B, collation_b) is not None:
            raise Result("refused", "券面事項入力補助APが照合番号Bを受け付けません")
        basic = tlvs(object_value(self.card.read_object(0x0002)))
        integrity = tlvs(object_value(self.card.read_object(0x0003)))
        basic_certificate = object_value(self.card.read_object(0x0004))
        self.done_with_card()
        # The records are the issuer's only if they verify with the test CV roots, through each
        # AP's certificate (RP-counter-signature-refused).
        card_face_signed(face, certified_key(face_certificate, cv_root(os.environ.get("MYNAKIT_KENKAKU_CV_ROOT_FILE")), tlvs))
        basic_four_signed(basic, integrity, certified_key(basic_certificate, cv_root(os.environ.get("MYNAKIT_KENHOJO_CV_ROOT_FILE")), tlvs))
        value = {tag: v.decode("utf-8") for tag, (_, v) in basic.items() if tag in (0xDF22, 0xDF23, 0xDF24, 0xDF25)}
        if (face[0xDF22][1].decode(), face[0xDF23][1].decode()) != (value.get(0xDF24), value.get(0xDF25)):
            raise Refused("券面事項確認APと券面事項入力補助APの内容が一致しません")
        # A card past its expiry is no identity document (犯収法施行規則 第7条): valid through the day.
        expires = face.get(0xDF29, (b"", b""))[1].decode()
        if not re.fullmatch(r"[0-9]{8}", expires) or expires < self.clock.now().astimezone(JST).strftime("%Y%m%d"):
            raise Refused(f"このカードは有効期限 ({expires}) を過ぎています")
        # YOUR APP: show the photo (the card face's DF27, JPEG 2000) beside this question.
        same = self.p.ask("confirm", topic="photo-match", text="カードの顔写真がお客様ご本人か確認してください")
        if not same.get("yes"):
            raise Refused("顔写真がお客様と一致しないため、本人確認できません")
        fields = {"Name": value.get(0xDF22, ""), "Birthdate": value.get(0xDF24, ""),
                  "Sex1": value.get(0xDF25, ""), "Address": value.get(0xDF23, "")}
        raise Result("accepted", "券面事項を読み取りました", fields)


class PcscCard(Card):
    """card.Card over one PC/SC connection, released once."""

    def __init__(self, ctx: Context, reader: str):
        if not ctx.wait_for_card(reader, CARD_WAIT_SECS):
            raise CardError("no card in the reader")
        self.pcsc = ctx.connect(reader)
        super().__init__(self.pcsc.transmit)

    def release(self):
        self.pcsc.disconnect(unpower=True)


def flow_of_run() -> str:
    """The flow the scenario plays (MYNAKIT_RP_FLOW; a runner that does not name it plays a
    当人認証 when it gives a nonce service, a 身元確認 otherwise)."""
    named = os.environ.get("MYNAKIT_RP_FLOW")
    if named:
        return named
    return "authentication-by-nonce" if os.environ.get("MYNAKIT_NONCE_URL") else "identity-by-signature"


def main() -> int:
    p = Protocol()
    p.send({"type": "hello", "protocol": 1, "client": CLIENT, "version": VERSION, "capabilities": CAPABILITIES})
    try:
        welcome = p.recv()
    except Ended as e:
        log(f"not welcomed: {e}")
        return 1
    if welcome.get("type") != "welcome":
        log(f"expected welcome, got {welcome.get('type')}")
        return 1
    flow = flow_of_run()
    ctx = card = None
    try:
        try:
            ctx = Context()
            card = PcscCard(ctx, os.environ.get("MYNAKIT_READER", ""))
            app = App(p, card)
            plays = {"identity-by-signature": app.identity, "authentication-by-nonce": app.authentication,
                     "counter-read": app.counter_read}
            if flow not in plays:
                raise Refused(f"この手順 ({flow}) には対応していません")
            plays[flow]()
        except Refused as e:
            raise Result("refused", str(e)) from e
        except (KeyError, ValueError) as e:
            # What the card gave is not what the docs describe: show nothing of it as the person's.
            log(f"unreadable: {e.__class__.__name__}")
            raise Result("refused", "カードの内容を確認できません") from e
        except (CardError, PcscError) as e:
            log(f"card: {e}")
            raise Result("card-error", "カードを読み取れませんでした。カードを置き直してください") from e
        except Cancelled as e:
            raise Result("cancelled", "中止しました") from e
    except Result as end:
        if card is not None and card.pcsc.connected:
            card.release()
        result = {"type": "result", "outcome": end.outcome, "text": end.text}
        if end.fields:
            result["fields"] = end.fields
        p.send(result)
    except Ended as e:
        log(f"the harness ended the run: {e}")
    finally:
        if ctx is not None:
            ctx.release()
    return 0


if __name__ == "__main__":
    sys.exit(main())
