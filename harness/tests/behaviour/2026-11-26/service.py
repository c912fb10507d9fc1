"""The mock eligibility service's public API (docs/service.md), over HTTPS with only the CA in
MYNAKIT_CA_FILE trusted (no system roots: check SVC-tls-validated)."""

import http.client
import json
import os
import ssl
import time
import urllib.parse


class ServiceError(Exception):
    """The service could not be used. `transient` errors may be retried; others may not."""

    def __init__(self, text: str, transient: bool):
        super().__init__(text)
        self.transient = transient


class Service:
    TIMEOUT = 10.0  # seconds per request

    def __init__(self, log):
        self.log = log
        url = urllib.parse.urlsplit(os.environ["MYNAKIT_SERVICE_URL"])
        self.https = url.scheme == "https"
        self.host = url.hostname
        self.port = url.port or (443 if self.https else 80)
        self.base = url.path.rstrip("/")
        self.run_id = os.environ.get("MYNAKIT_RUN_ID", "")
        self.ctx = None
        self.signer = None  # set after the device's login (docs/device-setup.md)
        if self.https:
            # Trust MYNAKIT_CA_FILE and nothing else; without it, trust nothing.
            self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            self.ctx.check_hostname = True
            self.ctx.verify_mode = ssl.CERT_REQUIRED
            ca = os.environ.get("MYNAKIT_CA_FILE")
            if ca:
                self.ctx.load_verify_locations(cafile=ca)

    def _conn(self, timeout: float):
        if self.https:
            return http.client.HTTPSConnection(self.host, self.port, timeout=timeout, context=self.ctx)
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def request(self, method: str, path: str, body=None, timeout: float | None = None):
        """One exchange; returns (status, parsed JSON). Raises ServiceError."""
        timeout = min(self.TIMEOUT, timeout) if timeout else self.TIMEOUT
        data = json.dumps(body).encode() if body is not None else None
        headers = {"accept": "application/json", "x-mynakit-run": self.run_id}
        if data is not None:
            headers["content-type"] = "application/json"
        if self.signer is not None:
            p, _, q = (self.base + path).partition("?")
            headers.update(self.signer.headers(method, p, q, data or b""))
        conn = self._conn(max(timeout, 0.5))
        started = time.monotonic()
        try:
            conn.request(method, self.base + path, body=data, headers=headers)
            resp = conn.getresponse()
            raw = resp.read()
            status = resp.status
        except ssl.SSLError as e:
            raise ServiceError(f"TLS: {e}", transient=False) from e
        except (TimeoutError, OSError, http.client.HTTPException) as e:
            # reset, refused, cut short (IncompleteRead), no answer in time
            raise ServiceError(f"{method} {path}: {type(e).__name__}: {e}", transient=True) from e
        finally:
            conn.close()
        self.log(f"HTTP {method} {path} -> {status} in {time.monotonic() - started:.2f}s")
        if status >= 500 or status in (408, 429):
            raise ServiceError(f"{method} {path}: HTTP {status}", transient=True)
        try:
            parsed = json.loads(raw.decode("utf-8")) if raw else {}
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ServiceError(f"{method} {path}: unreadable answer ({e})", transient=True) from e
        if status >= 400:
            detail = parsed.get("type", "") if isinstance(parsed, dict) else ""
            err = ServiceError(f"{method} {path}: HTTP {status} {detail}", transient=False)
            err.problem = parsed if isinstance(parsed, dict) else {}
            raise err
        return status, parsed
