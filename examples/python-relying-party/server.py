"""The relying party's server: what it believes, and why (docs/relying-party.md, docs/counter-read.md).

- the card's signature over data the server made (身元確認) or a nonce it issued (当人認証);
- the certificate's chain to the test CA of its kind, valid on the run's clock;
- its revocation: an OCSP answer (RFC 6960) signed by that CA, about this certificate, echoing
  this request's nonce, current; else that CA's own CRL (RFC 5280), signed and current. No
  trusted answer is no `good`: the check fails closed;
- the 基本4情報 from the 署名用 certificate's SubjectAltName;
- the 券面 records' signatures, through each AP's card-verifiable certificate, with the test CV
  roots (counter read).

python3-cryptography does the cryptography; the standard library does the rest.
"""

import datetime
import hashlib
import os
import secrets
import time
import urllib.request

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import ocsp

# YOUR APP: your server. In a real service this module runs on your server, the nonce comes from
# your own nonce endpoint, and the CA files, OCSP and CRL addresses from your configuration
# (J-LIS gives them to a 署名検証者); mynakit names its own in the environment.

OCSP_TIMEOUT_SECS = 10
# The SubjectAltName otherNames of a JPKI 署名用 certificate (J-LIS): 氏名, 性別, 生年月日, 住所.
JPKI_NAME = "1.2.392.200149.8.5.5.1"
JPKI_SEX = "1.2.392.200149.8.5.5.3"
JPKI_BIRTH_DATE = "1.2.392.200149.8.5.5.4"
JPKI_ADDRESS = "1.2.392.200149.8.5.5.5"


class Refused(Exception):
    """The server does not believe what it was shown: the flow ends `refused`."""


class Clock:
    """"Now" is the scenario's clock (MYNAKIT_CLOCK when the client started, running with wall
    time from there), never the machine's (docs/relying-party.md, "Which clock")."""

    def __init__(self, start: str | None):
        if start:
            self._start = datetime.datetime.fromisoformat(start.replace("Z", "+00:00"))
        else:
            self._start = datetime.datetime.now(datetime.timezone.utc)
        self._started = time.monotonic()

    def now(self) -> datetime.datetime:
        return self._start + datetime.timedelta(seconds=time.monotonic() - self._started)


def _utc(obj, name: str) -> datetime.datetime | None:
    """A date of python3-cryptography's objects, aware, on versions before and after 42
    (Debian 12 has 38, which knows only the naive `name`)."""
    aware = getattr(obj, name + "_utc", None)
    if aware is not None or hasattr(obj, name + "_utc"):
        return aware
    naive = getattr(obj, name)
    return None if naive is None else naive.replace(tzinfo=datetime.timezone.utc)


def _http(url: str, body: bytes | None = None, content_type: str | None = None) -> bytes:
    request = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET")
    if content_type:
        request.add_header("Content-Type", content_type)
    run = os.environ.get("MYNAKIT_RUN_ID")
    if run:
        request.add_header("x-mynakit-run", run)
    with urllib.request.urlopen(request, timeout=OCSP_TIMEOUT_SECS) as answer:
        return answer.read(1 << 20)


class TestCa:
    """One trusted CA (the 署名用 or the 利用者証明用 test CA), with where its revocation is told."""

    def __init__(self, pem_file: str, crl_url: str | None):
        with open(pem_file, "rb") as f:
            self.certificate = x509.load_pem_x509_certificate(f.read())
        self.crl_url = crl_url

    def signed(self, signature: bytes, data: bytes, hash_algorithm) -> bool:
        key = self.certificate.public_key()
        if not isinstance(key, rsa.RSAPublicKey) or hash_algorithm is None:
            return False
        try:
            key.verify(signature, data, padding.PKCS1v15(), hash_algorithm)
            return True
        except InvalidSignature:
            return False


class Server:
    def __init__(self, clock: Clock):
        self.clock = clock
        self._issued = set()

    # -- nonces (当人認証)
    def nonce(self) -> bytes:
        """A nonce from the run's nonce service (MYNAKIT_NONCE_URL), which stands for the
        server's own: remembered until it is redeemed, once."""
        url = os.environ.get("MYNAKIT_NONCE_URL")
        if not url:
            raise Refused("ナンスを発行できません")
        try:
            nonce = bytes.fromhex(_http(url, b"", "text/plain").decode("ascii").strip())
        except (OSError, ValueError) as e:
            raise Refused("ナンスを発行できません") from e
        self._issued.add(nonce)
        return nonce

    def redeem(self, nonce: bytes):
        if nonce not in self._issued:
            raise Refused("このナンスは発行していません")
        self._issued.discard(nonce)

    # -- the card's certificate and signature
    def card_signed(self, certificate: x509.Certificate, signature: bytes, data: bytes):
        """The card's signature over a SHA-256 DigestInfo of `data`, with the certificate's key."""
        key = certificate.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            raise Refused("証明書の鍵に対応していません")
        try:
            key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature as e:
            raise Refused("カードの署名を検証できません") from e

    def chained(self, certificate: x509.Certificate, ca: TestCa):
        """Issued by the test CA (its signature with the CA's key; a matching issuer name proves
        nothing) and valid now."""
        if certificate.issuer != ca.certificate.subject or not ca.signed(
            certificate.signature, certificate.tbs_certificate_bytes, certificate.signature_hash_algorithm
        ):
            raise Refused("証明書が信頼する認証局のものではありません")
        now = self.clock.now()
        if not _utc(certificate, "not_valid_before") <= now <= _utc(certificate, "not_valid_after"):
            raise Refused("証明書の有効期間外です")

    def not_revoked(self, certificate: x509.Certificate, ca: TestCa):
        """Good by OCSP, else by the CA's CRL; revoked or untold is refused (fails closed)."""
        status, why = self._ocsp(certificate, ca)
        if status is None and ca.crl_url:
            status, crl_why = self._crl(certificate, ca)
            why = f"{why}; {crl_why}" if status is None else why
        if status == "good":
            return
        if status == "revoked":
            raise Refused("証明書は失効しています")
        raise Refused(f"失効情報を確認できません ({why})")

    def _ocsp(self, certificate: x509.Certificate, ca: TestCa) -> tuple[str | None, str]:
        url = os.environ.get("MYNAKIT_OCSP_URL")
        if not url:
            return None, "no OCSP responder"
        nonce = secrets.token_bytes(32)
        request = (
            ocsp.OCSPRequestBuilder()
            .add_certificate(certificate, ca.certificate, hashes.SHA1())
            .add_extension(x509.OCSPNonce(nonce), critical=False)
            .build()
        )
        try:
            body = _http(url, request.public_bytes(serialization.Encoding.DER), "application/ocsp-request")
            answer = ocsp.load_der_ocsp_response(body)
        except (OSError, ValueError) as e:
            return None, f"OCSP: {e.__class__.__name__}"
        if answer.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
            return None, f"OCSP: {answer.response_status.name}"
        # Signed by this certificate's CA (not the other test CA, not anyone).
        if not ca.signed(answer.signature, answer.tbs_response_bytes, answer.signature_hash_algorithm):
            return None, "OCSP: not signed by the CA"
        # This request's answer: the nonce sent is echoed (another one is a replay).
        try:
            echoed = answer.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce
        except x509.ExtensionNotFound:
            echoed = None
        if echoed != nonce:
            return None, "OCSP: not this request's nonce"
        # About this certificate: its CertID.
        asked = request.serial_number, request.issuer_name_hash, request.issuer_key_hash
        for single in answer.responses:
            if (single.serial_number, single.issuer_name_hash, single.issuer_key_hash) != asked:
                continue
            now = self.clock.now()
            next_update = _utc(single, "next_update")
            if _utc(single, "this_update") > now or next_update is None or next_update < now:
                return None, "OCSP: not current"
            if single.certificate_status == ocsp.OCSPCertStatus.GOOD:
                return "good", ""
            if single.certificate_status == ocsp.OCSPCertStatus.REVOKED:
                return "revoked", ""
            return None, "OCSP: unknown"
        return None, "OCSP: not about this certificate"

    def _crl(self, certificate: x509.Certificate, ca: TestCa) -> tuple[str | None, str]:
        try:
            crl = x509.load_der_x509_crl(_http(ca.crl_url))
        except (OSError, ValueError) as e:
            return None, f"CRL: {e.__class__.__name__}"
        if crl.issuer != ca.certificate.subject or not crl.is_signature_valid(ca.certificate.public_key()):
            return None, "CRL: not the CA's"
        now = self.clock.now()
        next_update = _utc(crl, "next_update")
        if _utc(crl, "last_update") > now or next_update is None or next_update < now:
            return None, "CRL: not current"
        if crl.get_revoked_certificate_by_serial_number(certificate.serial_number) is not None:
            return "revoked", ""
        return "good", ""


def basic_four(certificate: x509.Certificate) -> dict[str, str]:
    """The 基本4情報 of a 署名用 certificate's SubjectAltName, named like the OQS elements
    (docs/relying-party.md, identity-by-signature, step 4)."""
    san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    values = {}
    for name in san:
        if isinstance(name, x509.OtherName):
            values[name.type_id.dotted_string] = _der_string(name.value)
    birth = values.get(JPKI_BIRTH_DATE, "")
    return {
        "Name": values.get(JPKI_NAME, ""),
        # The certificate's value leads with an era digit: YYYYMMDD is the rest.
        "Birthdate": birth[1:] if len(birth) == 9 else birth,
        "Sex1": values.get(JPKI_SEX, ""),
        "Address": values.get(JPKI_ADDRESS, ""),
    }


def _der_string(der: bytes) -> str:
    """The text of an otherName's value: a DER string (UTF8String, PrintableString, IA5String,
    BMPString), possibly inside its `[0] EXPLICIT`."""
    tag, value = _der_one(der)
    while tag == 0xA0:
        tag, value = _der_one(value)
    if tag == 0x1E:
        return value.decode("utf-16-be")
    return value.decode("utf-8")


def _der_one(der: bytes) -> tuple[int, bytes]:
    tag, first = der[0], der[1]
    if first < 0x80:
        return tag, der[2:2 + first]
    width = first & 0x7F
    length = int.from_bytes(der[2:2 + width], "big")
    return tag, der[2 + width:2 + width + length]


# -- the 券面 records (counter read, docs/counter-read.md "The signatures of the 券面 records")

# A DigestInfo of three SHA-256 digests, as the card face's DF28 signs them.
CARD_FACE_DIGEST_INFO = bytes.fromhex("3071300d060960864801650304020105000460")


def cv_root(pem_file: str | None) -> rsa.RSAPublicKey:
    if not pem_file:
        raise Refused("券面の署名を確かめる鍵がありません")
    with open(pem_file, "rb") as f:
        key = serialization.load_pem_public_key(f.read())
    if not isinstance(key, rsa.RSAPublicKey):
        raise Refused("券面の署名を確かめる鍵がRSAではありません")
    return key


def certified_key(cv_certificate_value: bytes, root: rsa.RSAPublicKey, tlvs) -> rsa.RSAPublicKey:
    """The key a 券面 AP's card-verifiable certificate (`7F21 { 5F4E body, 5F37 signature }`)
    certifies, if the root signed it; the key IDs it names prove nothing."""
    parts = tlvs(cv_certificate_value)
    if 0x5F4E not in parts or 0x5F37 not in parts:
        raise Refused("券面の証明書を読めません")
    body, signature = parts[0x5F4E][1], parts[0x5F37][1]
    try:
        root.verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as e:
        raise Refused("券面の証明書が信頼する鍵で署名されていません") from e
    # The issuer's and the subject's 16-byte key IDs, then `90 03 <e> 91 82 01 00 <n>`.
    key = tlvs(body[32:])
    if 0x90 not in key or 0x91 not in key:
        raise Refused("券面の証明書の鍵を読めません")
    return rsa.RSAPublicNumbers(int.from_bytes(key[0x90][1], "big"), int.from_bytes(key[0x91][1], "big")).public_key()


def card_face_signed(face: dict, key: rsa.RSAPublicKey):
    """The card face's DF28: the three digests of (birth date, sex, key), (name and address
    images), (photo), each TLV as read."""
    try:
        digests = b"".join(
            hashlib.sha256(b"".join(face[tag][0] for tag in group)).digest()
            for group in ((0xDF22, 0xDF23, 0xDF24), (0xDF25, 0xDF26), (0xDF27,))
        )
        signature = face[0xDF28][1]
    except KeyError as e:
        raise Refused("券面事項が欠けています") from e
    _verify_raw(key, signature, CARD_FACE_DIGEST_INFO + digests)


def basic_four_signed(basic: dict, integrity: dict, key: rsa.RSAPublicKey):
    """EF 0003: DF32 the SHA-256 of the 基本4情報's TLVs, DF33 the signature over DF31‖DF32."""
    try:
        digest = hashlib.sha256(b"".join(basic[tag][0] for tag in (0xDF22, 0xDF23, 0xDF24, 0xDF25))).digest()
        signed = integrity[0xDF31][0] + integrity[0xDF32][0]
        stated, signature = integrity[0xDF32][1], integrity[0xDF33][1]
    except KeyError as e:
        raise Refused("基本4情報の完全性記録が欠けています") from e
    if digest != stated:
        raise Refused("基本4情報が署名されたものと違います")
    try:
        key.verify(signature, signed, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as e:
        raise Refused("基本4情報の署名を検証できません") from e


def _verify_raw(key: rsa.RSAPublicKey, signature: bytes, digest_info: bytes):
    """An RSASSA-PKCS1-v1_5 signature over a DigestInfo given whole (RFC 8017 §8.2.2, with
    the encoding's step done here): recover the encoded message and compare it."""
    size = (key.key_size + 7) // 8
    if len(signature) != size:
        raise Refused("券面事項の署名を検証できません")
    numbers = key.public_numbers()
    em = pow(int.from_bytes(signature, "big"), numbers.e, numbers.n).to_bytes(size, "big")
    expected = b"\x00\x01" + b"\xff" * (size - 3 - len(digest_info)) + b"\x00" + digest_info
    if not secrets.compare_digest(em, expected):
        raise Refused("券面事項の署名を検証できません")
