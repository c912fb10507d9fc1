"""The device's key and RFC 9421 request signatures (docs/device-setup.md,
docs/service.md#request-signatures-rfc-9421), in pure Python: ECDSA P-256 with SHA-256
(FIPS 186-4 §6.4, curve from SEC 2 §2.4.2), Content-Digest (RFC 9530), and the signature base
of RFC 9421 §2.5 over "@method" "@path" ["@query"] "content-digest".
"""

import base64
import hashlib
import secrets
import time

# secp256r1 (SEC 2 §2.4.2)
P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
A = P - 3
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
     0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)


def _add(p1, p2):
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    (x1, y1), (x2, y2) = p1, p2
    if x1 == x2 and (y1 + y2) % P == 0:
        return None
    if p1 == p2:
        lam = (3 * x1 * x1 + A) * pow(2 * y1, -1, P) % P
    else:
        lam = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (lam * lam - x1 - x2) % P
    return x3, (lam * (x1 - x3) - y1) % P


def _mul(k: int, point):
    result = None
    while k:
        if k & 1:
            result = _add(result, point)
        point = _add(point, point)
        k >>= 1
    return result


class DeviceKey:
    """A fresh P-256 key pair; the private half never leaves this process."""

    def __init__(self):
        self.d = secrets.randbelow(N - 1) + 1
        self.q = _mul(self.d, G)

    def public_key_base64(self) -> str:
        """SEC1 uncompressed point 04 || X || Y, standard base64."""
        x, y = self.q
        return base64.b64encode(b"\x04" + x.to_bytes(32, "big") + y.to_bytes(32, "big")).decode()

    def sign(self, message: bytes) -> bytes:
        """ECDSA-SHA256, the signature as r || s (64 bytes: RFC 9421 §3.3.4)."""
        z = int.from_bytes(hashlib.sha256(message).digest(), "big")
        while True:
            k = secrets.randbelow(N - 1) + 1
            r = _mul(k, G)[0] % N
            if r == 0:
                continue
            s = pow(k, -1, N) * (z + r * self.d) % N
            if s:
                return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def content_digest(body: bytes) -> str:
    return "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"


class Signer:
    """Signs each request with the activated device's key (keyid = its device_id)."""

    def __init__(self, key: DeviceKey, device_id: str):
        self.key = key
        self.device_id = device_id

    def headers(self, method: str, path: str, query: str, body: bytes) -> dict:
        digest = content_digest(body)
        components = ['"@method"', '"@path"'] + (['"@query"'] if query else []) + ['"content-digest"']
        params = (f'({" ".join(components)});created={int(time.time())};keyid="{self.device_id}"'
                  f';alg="ecdsa-p256-sha256";nonce="{secrets.token_hex(16)}"')
        lines = [f'"@method": {method.upper()}', f'"@path": {path}']
        if query:
            lines.append(f'"@query": ?{query}')
        lines.append(f'"content-digest": {digest}')
        lines.append(f'"@signature-params": {params}')
        base = "\n".join(lines).encode()
        sig = base64.b64encode(self.key.sign(base)).decode()
        return {"content-digest": digest, "signature-input": f"sig1={params}", "signature": f"sig1=:{sig}:"}
