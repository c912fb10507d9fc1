"""The card side of a relying party: the JPKI AP (docs/card.md) and the two 券面 APs
(docs/card-records.md), spoken to by APDU over PC/SC (pcsc.py).

Nothing here decides whether to trust what the card says: that is the server's (server.py).
"""

import hashlib

# YOUR APP: the card side. If your app reads the card on a phone (NFC) or through your own
# library, replace this module: the flows need select, read, VERIFY and the signature below.

JPKI_AP = bytes.fromhex("D392F000260100000001")
KENKAKU_AP = bytes.fromhex("D3921000310001010402")  # 券面事項確認AP
KENHOJO_AP = bytes.fromhex("D3921000310001010408")  # 券面事項入力補助AP

SIGN_CERTIFICATE = 0x0001  # 署名用電子証明書 (JPKI AP)
CERTIFICATE_FLAGS = 0x0008  # 8F for each certificate the card holds
AUTH_CERTIFICATE = 0x000A  # 利用者証明用電子証明書
AUTH_KEY = 0x0017
AUTH_PIN = 0x0018
SIGN_KEY = 0x001A
SIGN_PASSWORD = 0x001B
KENKAKU_COLLATION_B = 0x0012  # 照合番号B in the 券面事項確認AP
KENHOJO_COLLATION_B = 0x0015  # 照合番号B in the 券面事項入力補助AP

MAX_RECORD = 8192  # the largest record read (the card face with its images is about 2 KB)

SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


class CardError(Exception):
    """The card or the reader failed: the flow ends `card-error`."""


class Card:
    """One card in one reader, with the few commands a relying party sends."""

    def __init__(self, transmit):
        self._transmit = transmit

    def send(self, apdu: bytes) -> tuple[bytes, int]:
        answer = self._transmit(apdu)
        if len(answer) < 2:
            raise CardError("the card gave no status word (pulled?)")
        return answer[:-2], (answer[-2] << 8) | answer[-1]

    def ok(self, apdu: bytes, what: str) -> bytes:
        data, sw = self.send(apdu)
        if sw != 0x9000:
            raise CardError(f"{what}: {sw:04X}")
        return data

    def select_ap(self, aid: bytes):
        self.ok(bytes([0x00, 0xA4, 0x04, 0x0C, len(aid)]) + aid, "SELECT AP")

    def select_ef(self, fid: int):
        self.ok(bytes([0x00, 0xA4, 0x02, 0x0C, 0x02, fid >> 8, fid & 0xFF]), f"SELECT EF {fid:04X}")

    def tries_left(self, fid: int) -> int:
        """The empty VERIFY of a key EF: its tries left (0: blocked, or never set)."""
        self.select_ef(fid)
        _, sw = self.send(bytes([0x00, 0x20, 0x00, 0x80]))
        if sw & 0xFFF0 == 0x63C0:
            return sw & 0x0F
        if sw in (0x6983, 0x6984):
            return 0
        if sw == 0x9000:
            return 0xFF  # already verified: no count shown
        raise CardError(f"VERIFY (tries left): {sw:04X}")

    def verify(self, fid: int, value: str) -> int | None:
        """VERIFY `value` once: None when right, else the tries left (0: blocked)."""
        self.select_ef(fid)
        raw = value.encode("ascii")
        _, sw = self.send(bytes([0x00, 0x20, 0x00, 0x80, len(raw)]) + raw)
        if sw == 0x9000:
            return None
        if sw & 0xFFF0 == 0x63C0:
            return sw & 0x0F
        if sw in (0x6983, 0x6984):
            return 0
        raise CardError(f"VERIFY: {sw:04X}")

    def read_plain(self, fid: int, length: int) -> bytes:
        self.select_ef(fid)
        return self.ok(bytes([0x00, 0xB0, 0x00, 0x00, length]), f"READ BINARY {fid:04X}")

    def read_object(self, fid: int) -> bytes:
        """The one TLV object an EF holds (a certificate `30 82 …`, a record `FF 20 82 …`,
        `7F 21 82 …`), read as long as its header says, header included."""
        self.select_ef(fid)
        head = self.ok(bytes([0x00, 0xB0, 0x00, 0x00, 0x06]), f"READ BINARY {fid:04X}")
        if len(head) < 4:
            raise CardError(f"EF {fid:04X}: a short header")
        at = 2 if head[0] & 0x1F == 0x1F else 1  # a two-byte tag: FF20, 7F21
        first = head[at]
        if first < 0x80:
            total = at + 1 + first
        elif first == 0x81:
            total = at + 2 + head[at + 1]
        elif first == 0x82:
            total = at + 3 + ((head[at + 1] << 8) | head[at + 2])
        else:
            raise CardError(f"EF {fid:04X}: a length form {first:02X}")
        if total > MAX_RECORD:
            raise CardError(f"EF {fid:04X}: {total} bytes")
        data = bytearray(head[:total])
        while len(data) < total:
            offset = len(data)
            want = min(0xFF, total - offset)
            chunk = self.ok(bytes([0x00, 0xB0, offset >> 8, offset & 0xFF, want]), f"READ BINARY {fid:04X}")
            if not chunk:
                raise CardError(f"EF {fid:04X}: ended at {offset} of {total} bytes")
            data += chunk
        return bytes(data)

    def sign(self, key: int, data: bytes) -> bytes:
        """The card's RSA signature over a SHA-256 DigestInfo of `data` (`80 2A 00 80`)."""
        self.select_ef(key)
        digest_info = SHA256_DIGEST_INFO + hashlib.sha256(data).digest()
        return self.ok(bytes([0x80, 0x2A, 0x00, 0x80, len(digest_info)]) + digest_info + b"\x00", "SIGN")


def tlvs(value: bytes) -> dict[int, bytes]:
    """The TLVs of a 券面 record's value (`DF21 …`, tags of one or two bytes), as a map from tag
    to (tag, length and value as read, value)."""
    out = {}
    at = 0
    while at < len(value):
        start = at
        tag = value[at]
        at += 1
        if tag & 0x1F == 0x1F:
            tag = (tag << 8) | value[at]
            at += 1
        first = value[at]
        at += 1
        if first < 0x80:
            length = first
        else:
            width = first & 0x7F
            length = int.from_bytes(value[at:at + width], "big")
            at += width
        if at + length > len(value):
            raise CardError("a record's TLV runs past its end")
        out[tag] = (value[start:at + length], value[at:at + length])
        at += length
    return out


def object_value(obj: bytes) -> bytes:
    """The value of one TLV object as `read_object` gave it (its tag and length dropped)."""
    (_, value), = tlvs(obj).values()
    return value
