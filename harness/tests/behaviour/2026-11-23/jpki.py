"""The JPKI AP of the My Number card, as docs/card.md describes it.

Only what an eligibility check needs: SELECT the AP, read the 利用者証明用電子証明書 (EF 000A),
read the auth PIN's tries left (empty VERIFY), VERIFY the auth PIN, sign with the auth key.
Every command is sent with short lengths only, so short-APDU readers work too.
"""

import hashlib

from pcsc import Card, PcscError

JPKI_AID = bytes.fromhex("D392F000260100000001")
EF_AUTH_CERT = b"\x00\x0a"
EF_AUTH_PIN = b"\x00\x18"
EF_AUTH_KEY = b"\x00\x17"
# DER DigestInfo prefix for SHA-256 (RFC 8017 §9.2 note 1).
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


class CardError(Exception):
    """The card cannot be used: removed, an error status, an empty answer, a PC/SC error."""


class Sw:
    def __init__(self, data: bytes, sw1: int, sw2: int):
        self.data, self.sw1, self.sw2 = data, sw1, sw2

    @property
    def word(self) -> int:
        return (self.sw1 << 8) | self.sw2

    def __str__(self):
        return f"{self.word:04X}"


class Jpki:
    def __init__(self, card: Card, log):
        self.card = card
        self.log = log

    # -- transport ---------------------------------------------------------------------------

    def _raw(self, apdu: bytes) -> bytes:
        try:
            resp = self.card.transmit(apdu)
        except PcscError as e:
            raise CardError(f"PC/SC: {e.name}") from e
        if len(resp) < 2:
            # A card always answers at least SW1 SW2: an empty answer is a card pulled
            # mid-command (docs/reader.md#unplugged-readers, check APDU-empty-answer).
            raise CardError("the card gave no answer (removed mid-command)")
        return resp

    def send(self, apdu: bytes, redact: bool = False) -> Sw:
        """One command, with 61xx (GET RESPONSE) and 6Cxx (resend with Le) resolved
        below it (ISO/IEC 7816-4 §5.1.3; docs/reference-client.md#61xx-and-6cxx)."""
        shown = apdu[:5].hex(" ") + (" <redacted>" if redact else (" " + apdu[5:].hex(" ") if len(apdu) > 5 else ""))
        resp = self._raw(apdu)
        sw1, sw2 = resp[-2], resp[-1]
        if sw1 == 0x6C:
            # Wrong Le: the same command once more with Le = sw2; the body that came is not data.
            if len(apdu) == 4:
                again = apdu + bytes([sw2])
            elif len(apdu) == 5:
                again = apdu[:4] + bytes([sw2])
            else:
                lc = apdu[4]
                again = apdu[: 5 + lc] + bytes([sw2])
            resp = self._raw(again)
            sw1, sw2 = resp[-2], resp[-1]
        data = resp[:-2]
        rounds = 0
        while sw1 == 0x61 and rounds < 32:
            rounds += 1
            more = self._raw(bytes([0x00, 0xC0, 0x00, 0x00, sw2]))
            data += more[:-2]
            sw1, sw2 = more[-2], more[-1]
        sw = Sw(data, sw1, sw2)
        self.log(f"APDU {shown} -> {sw} ({len(data)} bytes)")
        return sw

    def expect_ok(self, apdu: bytes, what: str) -> Sw:
        sw = self.send(apdu)
        if sw.word != 0x9000:
            raise CardError(f"{what}: status {sw}")
        return sw

    # -- the AP --------------------------------------------------------------------------------

    def select_ap(self):
        sw = self.send(bytes([0x00, 0xA4, 0x04, 0x0C, len(JPKI_AID)]) + JPKI_AID)
        if sw.word != 0x9000:
            raise CardError(f"not a My Number card (SELECT JPKI AP: {sw})")

    def select_ef(self, fid: bytes, what: str):
        self.expect_ok(bytes([0x00, 0xA4, 0x02, 0x0C, 0x02]) + fid, f"SELECT {what}")

    def read_auth_certificate(self) -> bytes:
        """EF 000A to its exact DER length, in chunks of at most 256 bytes with short Le."""
        self.select_ef(EF_AUTH_CERT, "EF 000A")
        head = self.expect_ok(bytes([0x00, 0xB0, 0x00, 0x00, 0x04]), "READ BINARY").data
        if len(head) < 2 or head[0] != 0x30:
            raise CardError("the auth certificate is not a DER SEQUENCE")
        if head[1] < 0x80:
            total = 2 + head[1]
        else:
            n = head[1] & 0x7F
            if n not in (1, 2) or len(head) < 2 + n:
                raise CardError("unsupported certificate length")
            total = 2 + n + int.from_bytes(head[2 : 2 + n], "big")
        cert = bytearray(head[:total])
        while len(cert) < total:
            off = len(cert)
            want = min(256, total - off)
            sw = self.send(bytes([0x00, 0xB0, (off >> 8) & 0x7F, off & 0xFF, want & 0xFF]))
            if sw.word != 0x9000 or not sw.data:
                raise CardError(f"READ BINARY at {off}: status {sw}")
            cert += sw.data[:want]
        return bytes(cert)

    def auth_pin_tries(self) -> int:
        """The empty VERIFY: 63Cx in every state, costs no try (docs/card.md#pins).
        Returns x; 0 when blocked (63C0 or 6984)."""
        self.select_ef(EF_AUTH_PIN, "EF 0018")
        sw = self.send(bytes([0x00, 0x20, 0x00, 0x80]))
        if sw.sw1 == 0x63 and sw.sw2 & 0xF0 == 0xC0:
            return sw.sw2 & 0x0F
        if sw.word == 0x6984:
            return 0
        if sw.word == 0x9000:
            return 3  # some cards answer 9000 when already verified
        raise CardError(f"PIN status: {sw}")

    def verify_auth_pin(self, pin: str) -> int:
        """VERIFY with data, once. Returns -1 on success, else the tries left (0 = blocked).
        The PIN never reaches the log (check PIN-not-logged)."""
        self.select_ef(EF_AUTH_PIN, "EF 0018")
        data = pin.encode("ascii")
        sw = self.send(bytes([0x00, 0x20, 0x00, 0x80, len(data)]) + data, redact=True)
        if sw.word == 0x9000:
            return -1
        if sw.sw1 == 0x63 and sw.sw2 & 0xF0 == 0xC0:
            return sw.sw2 & 0x0F
        if sw.word == 0x6984:
            return 0
        raise CardError(f"VERIFY: status {sw}")

    def sign(self, challenge: bytes) -> bytes | None:
        """RSASSA-PKCS1-v1_5 over DigestInfo(SHA-256(challenge)) with the auth key.
        None when the card answers 6982 (the verification was lost: ask the PIN again)."""
        self.select_ef(EF_AUTH_KEY, "EF 0017")
        di = SHA256_DIGEST_INFO + hashlib.sha256(challenge).digest()
        sw = self.send(bytes([0x80, 0x2A, 0x00, 0x80, len(di)]) + di + b"\x00")
        if sw.word == 0x6982:
            return None
        if sw.word != 0x9000 or len(sw.data) == 0:
            raise CardError(f"signature: status {sw}")
        return sw.data
