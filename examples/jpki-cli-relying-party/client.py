#!/usr/bin/env python3
"""A relying party (the `relying-party` role, flow `identity-by-signature`) whose card side is
jpki-cli (crates.io, 0.4.3), run unmodified, and whose server side is the openssl command line.

The relying party learns who the holder is from a 署名用電子証明書 it verified itself: jpki-cli
reads the certificate and signs data this server made, both behind the 署名用 password it asks
on its terminal; openssl verifies the signature, the chain to MYNAKIT_SIGN_CA_FILE and the
revocation at MYNAKIT_OCSP_URL; the 基本4情報 come from the certificate's SubjectAltName.
Written from docs/relying-party.md and docs/client-protocol.md. Python 3 standard library only.

    mynakit run --transport pcscd --filter tag:relying-party \\
        --client "python3 $PWD/examples/jpki-cli-relying-party/client.py" \\
        --capabilities examples/jpki-cli-relying-party/capabilities.json
"""

import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from typed import run_typing  # noqa: E402

CLIENT = "jpki-cli-relying-party"
VERSION = "0.1.0"
JPKI_CLI = os.environ.get("JPKI_CLI", "jpki-cli")
# jpki-cli waits for a card in the first reader PC/SC lists: bounded, within the scenario's limit.
JPKI_CLI_SECS = 15
# The data the server has signed for a check: made here, never by the card's side; printable,
# since jpki-cli reads it from the terminal (typed.py).
SERVER_DATA_BYTES = 32
# The SubjectAltName's otherNames of the 基本4情報 (docs/relying-party.md), as the report's fields.
BASIC_FOUR = {
    "1.2.392.200149.8.5.5.1": "Name",
    "1.2.392.200149.8.5.5.4": "Birthdate",
    "1.2.392.200149.8.5.5.3": "Sex1",
    "1.2.392.200149.8.5.5.5": "Address",
}


class Refused(Exception):
    """The server does not accept the person; the text says why."""


class Harness:
    """The client protocol on stdin and stdout, a line a message."""

    def __init__(self):
        self.next_id = 0

    def send(self, message: dict):
        sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def receive(self) -> dict:
        line = sys.stdin.readline()
        if not line:
            sys.exit(0)
        return json.loads(line)

    def ask(self, message: dict) -> dict:
        self.next_id += 1
        message["id"] = f"a{self.next_id}"
        self.send(message)
        return self.receive()

    def result(self, outcome: str, text: str, fields=None, tries_left=None):
        message = {"type": "result", "outcome": outcome, "text": text}
        if fields:
            message["fields"] = fields
        if tries_left is not None:
            message["tries_left"] = tries_left
        self.send(message)


def jpki(args, password=None, document=None):
    """jpki-cli with `args`; `document` and its password typed on its terminal when given."""
    command = [JPKI_CLI, *args]
    if password is None:
        try:
            return subprocess.run(command, capture_output=True, check=False, timeout=JPKI_CLI_SECS)
        except subprocess.TimeoutExpired:
            return subprocess.CompletedProcess(command, 124, b"", b"")
    return run_typing(command, password, JPKI_CLI_SECS, document)


def openssl(args, cwd):
    return subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True, check=False)


def verify(work: str, cert_der: str, data: str, signature: str, ca_file: str, ocsp_url: str) -> dict:
    """The server's verification: the 基本4情報 of a certificate it believes, or Refused."""
    cert = os.path.join(work, "cert.pem")
    out = openssl(["x509", "-inform", "der", "-in", cert_der, "-out", cert], work)
    if out.returncode != 0:
        raise Refused(f"証明書を読めません: {out.stderr.strip()}")
    # jpki-cli signs a SHA-1 DigestInfo of the data (PKCS#1 v1.5).
    openssl(["x509", "-in", cert, "-noout", "-pubkey", "-out", "key.pem"], work)
    out = openssl(["dgst", "-sha1", "-verify", "key.pem", "-signature", signature, data], work)
    if "Verified OK" not in out.stdout:
        raise Refused("署名を検証できません")
    out = openssl(["verify", "-CAfile", ca_file, cert], work)
    if out.returncode != 0:
        raise Refused("証明書の検証に失敗しました")
    # openssl ocsp judges an answer's times by the machine's clock, the run's is MYNAKIT_CLOCK
    # (docs/relying-party.md, "Which clock"): it is told to allow any difference, and the
    # answer's thisUpdate and nextUpdate are checked against the run's clock below.
    out = openssl(["ocsp", "-issuer", ca_file, "-CAfile", ca_file, "-cert", cert, "-url", ocsp_url,
                   "-timeout", "10", "-validity_period", str(ANY_DIFFERENCE)], work)
    said = out.stdout + out.stderr
    # Believed only when openssl verified the answer's signature, the certificate is good and
    # the answer is current on the run's clock.
    if "Response verify OK" not in said or not re.search(r"cert\.pem: good", said):
        raise Refused("失効確認で有効と確認できません")
    if not current(said):
        raise Refused("失効確認の応答が有効期間外です")
    out = openssl(["x509", "-in", cert, "-noout", "-ext", "subjectAltName"], work)
    fields = {}
    for oid, value in re.findall(r"othername: ?([0-9.]+)::([^,\n]*)", out.stdout):
        if oid in BASIC_FOUR:
            fields[BASIC_FOUR[oid]] = value.strip()
    if "Birthdate" in fields:
        # The certificate's birth date starts with an era digit: the report's has none.
        fields["Birthdate"] = fields["Birthdate"][1:]
    if set(fields) != set(BASIC_FOUR.values()):
        raise Refused("証明書に基本4情報がありません")
    return fields


# A difference of times openssl ocsp is told to allow: any (about 30 years).
ANY_DIFFERENCE = 30 * 365 * 24 * 3600
# When this client read MYNAKIT_CLOCK: the run's clock runs with wall time from there.
STARTED = time.monotonic()


def run_now() -> datetime:
    """The run's "now": MYNAKIT_CLOCK plus the time since the client read it."""
    clock = os.environ.get("MYNAKIT_CLOCK")
    start = datetime.fromisoformat(clock) if clock else datetime.now(timezone.utc)
    return start + timedelta(seconds=time.monotonic() - STARTED)


def current(said: str) -> bool:
    """Whether the answer openssl printed is current on the run's clock: thisUpdate not after
    now, nextUpdate not before it (RFC 6960 §4.2.2.1), with no clock difference allowed."""
    def stamp(label: str):
        found = re.search(label + r": (.+ GMT)", said)
        if not found:
            return None
        return datetime.strptime(found.group(1), "%b %d %H:%M:%S %Y GMT").replace(tzinfo=timezone.utc)
    this_update, next_update = stamp("This Update"), stamp("Next Update")
    now = run_now()
    return this_update is not None and this_update <= now and (next_update is None or now <= next_update)


def identify(harness: Harness):
    ocsp_url = os.environ.get("MYNAKIT_OCSP_URL")
    ca_file = os.environ.get("MYNAKIT_SIGN_CA_FILE")
    if not ocsp_url or not ca_file:
        return harness.result("service-error", "署名検証の設定がありません")
    harness.ask({"type": "mode", "offered": ["pin"]})
    stat = jpki(["crypto", "stat"])
    if stat.returncode != 0:
        return harness.result("card-error", "カードを読めません")
    tries = int(stat.stdout.decode().strip() or "0")
    if tries == 0:
        return harness.result("pin-locked", "署名用パスワードがロックされています")
    answer = harness.ask({"type": "pin", "pin": "sign", "tries_left": tries})
    if answer.get("type") == "cancel":
        return harness.result("cancelled", "取り消しました")
    password = answer.get("pin", "")
    with tempfile.TemporaryDirectory() as work:
        cert_der = os.path.join(work, "cert.der")
        read = jpki(["crypto", "read-certificate"], password)
        if read.returncode != 0:
            return wrong_password(harness)
        with open(cert_der, "wb") as f:
            f.write(read.stdout)
        document = secrets.token_hex(SERVER_DATA_BYTES)
        data = os.path.join(work, "data.txt")
        with open(data, "w", encoding="ascii") as f:
            f.write(document)
        signature = os.path.join(work, "signature.bin")
        signed = jpki(["crypto", "sign", signature], password, document)
        if signed.returncode != 0:
            return harness.result("card-error", "署名できません")
        try:
            fields = verify(work, cert_der, data, signature, ca_file, ocsp_url)
        except Refused as refusal:
            return harness.result("refused", f"本人確認できません: {refusal}")
    harness.result("accepted", "本人確認できました", fields)


def wrong_password(harness: Harness):
    stat = jpki(["crypto", "stat"])
    tries = int(stat.stdout.decode().strip() or "0") if stat.returncode == 0 else 0
    if tries == 0:
        return harness.result("pin-locked", "署名用パスワードがロックされています")
    return harness.result("pin-incorrect", "署名用パスワードが違います", tries_left=tries)


def main():
    harness = Harness()
    harness.send({"type": "hello", "protocol": 1, "client": CLIENT, "version": VERSION})
    welcome = harness.receive()
    if welcome.get("type") != "welcome":
        sys.exit(1)
    identify(harness)


if __name__ == "__main__":
    main()
