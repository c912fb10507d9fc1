"""The phone's NFC layer: mynakit's NFC relay (docs/mobile.md), in the words of Android's IsoDep.

Grown from the "client in 30 lines" of docs/mobile.md; what that snippet missed is marked
"(docs)" below and was fixed in the page.
"""

import json
import socket


class RelayError(Exception):
    """The relay said `error` (a protocol error) or closed: the NFC layer is gone."""


class TransceiveError(IOError):
    """A `transceive-error`: `tag-lost`, `timeout`, `too-long`, `no-extended-length`,
    `security-violation` or `not-connected` (docs/mobile.md#when-a-transceive-fails)."""

    def __init__(self, error: str, message: str):
        super().__init__(f"{error}: {message}")
        self.error = error


class SessionEnded(Exception):
    """`session-ended`: the patient cancelled the reading sheet, or the system ended reading."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Relay:
    def __init__(self, addr: str, token: str, platform: str = "android", select_identifiers=None,
                 app: str = "mynakit-mobile-example", timeout: float = 30.0):
        host, port = addr.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        self.lines = self.sock.makefile("r", encoding="utf-8", newline="\n")
        self.next_id = 0
        self.tag = None  # the last `tag-discovered`'s tag while the card is in the field
        self.ended = None  # the reason of a `session-ended` not yet handled
        hello = {"type": "hello", "token": token, "app": app, "platform": platform, "protocol": 1}
        if select_identifiers:
            hello["select_identifiers"] = select_identifiers
        self.send(**hello)
        welcome = self.recv()
        if welcome["type"] != "welcome":
            raise RelayError(f"expected welcome, got {welcome['type']}")

    def send(self, **message):
        self.sock.sendall((json.dumps(message) + "\n").encode())

    def recv(self) -> dict:
        line = self.lines.readline()
        if not line:  # (docs) a closed connection is an empty read, not a JSON error
            raise RelayError("the relay closed the connection")
        message = json.loads(line)
        kind = message["type"]
        if kind == "error":
            raise RelayError(f'{message["code"]}: {message["message"]}')
        # (docs) unsolicited lines come at any time, also while a transceive waits: keep their
        # news instead of dropping them.
        if kind == "tag-discovered":
            self.tag, self.ended = message["tag"], None
        elif kind == "tag-lost":
            self.tag = None
        elif kind == "session-ended":
            self.tag, self.ended = None, message["reason"]
        return message

    def start(self) -> None:
        """Reader mode on (`start-reading`); nothing answers it: the tag comes when it comes."""
        self.ended = None
        self.send(type="start-reading")

    def wait_for_tag(self, seconds: float) -> dict:
        """The tag, once the card is in the field. Raises SessionEnded if the patient cancels
        the sheet meanwhile (docs: the snippet waited on through a `session-ended`), and
        TimeoutError if no card comes within `seconds`."""
        self.sock.settimeout(max(seconds, 0.1))
        try:
            while self.tag is None:
                if self.ended:
                    raise SessionEnded(self.ended)
                self.recv()
            return self.tag
        except socket.timeout as e:
            raise TimeoutError("no card was presented") from e
        finally:
            self.sock.settimeout(30.0)

    def transceive(self, apdu: bytes) -> bytes:
        """`IsoDep.transceive`: the card's answer, data then SW1 SW2."""
        self.next_id += 1
        self.send(type="transceive", id=self.next_id, apdu=apdu.hex())
        while True:
            m = self.recv()
            if m.get("id") != self.next_id:
                continue  # an unsolicited line, already noted by recv
            if m["type"] == "transceive-error":
                if m["error"] == "tag-lost":
                    # (docs) the tag is gone now: the `tag-lost` line follows this answer, so
                    # waiting for a tag must not trust the old one meanwhile
                    self.tag = None
                if m["error"] == "not-connected" and self.ended:
                    # (docs) the session ended after the previous answer: its line came first
                    raise SessionEnded(self.ended)
                raise TransceiveError(m["error"], m.get("message", ""))
            return bytes.fromhex(m["response"])

    def set_timeout(self, ms: int) -> None:
        """`IsoDep.setTimeout`: nothing answers it (docs)."""
        self.send(type="set-timeout", ms=ms)

    def stop(self) -> None:
        """`disableReaderMode` / `invalidate()`: waits for `stopped`, which powers the card off.
        A `session-ended` that came before it is kept in `ended` (the patient cancelled first)."""
        self.send(type="stop-reading")
        while self.recv()["type"] != "stopped":
            pass

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass
