"""A minimal PC/SC binding over ctypes (libpcsclite.so.1), enough for one card reader.

Written from the pcsc-lite headers (PCSC/pcsclite.h, PCSC/wintypes.h): on Linux `DWORD` and
`LONG` are C `unsigned long` / `long`. libpcsclite reads PCSCLITE_CSOCK_NAME by itself, so the
harness's private pcscd is found without any configuration here (docs/client-protocol.md).
"""

import ctypes
import ctypes.util

DWORD = ctypes.c_ulong
LONG = ctypes.c_long

SCARD_S_SUCCESS = 0
SCARD_SCOPE_SYSTEM = 2
SCARD_SHARE_SHARED = 2
SCARD_PROTOCOL_T0 = 1
SCARD_PROTOCOL_T1 = 2
SCARD_LEAVE_CARD = 0
SCARD_UNPOWER_CARD = 2
SCARD_STATE_UNAWARE = 0
SCARD_STATE_UNKNOWN = 0x0004
SCARD_STATE_EMPTY = 0x0010
SCARD_STATE_PRESENT = 0x0020
MAX_ATR_SIZE = 33

# Error codes we name in messages (pcsclite.h).
ERRORS = {
    0x8010000A: "SCARD_E_TIMEOUT",
    0x8010000C: "SCARD_E_NO_SMARTCARD",
    0x80100009: "SCARD_E_UNKNOWN_READER",
    0x80100017: "SCARD_E_READER_UNAVAILABLE",
    0x80100016: "SCARD_E_NOT_TRANSACTED",
    0x80100069: "SCARD_W_REMOVED_CARD",
    0x80100068: "SCARD_W_RESET_CARD",
    0x80100066: "SCARD_W_UNRESPONSIVE_CARD",
    0x80100067: "SCARD_W_UNPOWERED_CARD",
    0x8010001D: "SCARD_E_NO_SERVICE",
    0x8010002E: "SCARD_E_NO_READERS_AVAILABLE",
}
SCARD_E_TIMEOUT = 0x8010000A


class PcscError(Exception):
    def __init__(self, call: str, code: int):
        self.call = call
        self.code = code & 0xFFFFFFFF
        name = ERRORS.get(self.code, f"0x{self.code:08X}")
        super().__init__(f"{call}: {name}")
        self.name = name


class _ReaderState(ctypes.Structure):
    _fields_ = [
        ("szReader", ctypes.c_char_p),
        ("pvUserData", ctypes.c_void_p),
        ("dwCurrentState", DWORD),
        ("dwEventState", DWORD),
        ("cbAtr", DWORD),
        ("rgbAtr", ctypes.c_ubyte * MAX_ATR_SIZE),
    ]


class _IoRequest(ctypes.Structure):
    _fields_ = [("dwProtocol", ctypes.c_ulong), ("cbPciLength", ctypes.c_ulong)]


def _load():
    name = ctypes.util.find_library("pcsclite") or "libpcsclite.so.1"
    try:
        return ctypes.CDLL(name)
    except OSError:
        return ctypes.CDLL("libpcsclite.so.1")


class Context:
    """One SCARDCONTEXT: lists readers, waits for cards, connects."""

    def __init__(self):
        self.lib = _load()
        self.ctx = LONG()
        rv = self.lib.SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), None, None, ctypes.byref(self.ctx))
        self._check("SCardEstablishContext", rv)

    @staticmethod
    def _check(call: str, rv: int):
        if rv & 0xFFFFFFFF != SCARD_S_SUCCESS:
            raise PcscError(call, rv)

    def readers(self) -> list[str]:
        size = DWORD(0)
        rv = self.lib.SCardListReaders(self.ctx, None, None, ctypes.byref(size))
        self._check("SCardListReaders", rv)
        buf = ctypes.create_string_buffer(size.value)
        rv = self.lib.SCardListReaders(self.ctx, None, buf, ctypes.byref(size))
        self._check("SCardListReaders", rv)
        return [r.decode() for r in buf.raw[: size.value].split(b"\0") if r]

    def state(self, reader: str, current: int = SCARD_STATE_UNAWARE, timeout_ms: int = 0) -> int:
        """SCardGetStatusChange on one reader; returns dwEventState (0 on a timeout)."""
        rs = (_ReaderState * 1)()
        rs[0].szReader = reader.encode()
        rs[0].dwCurrentState = current
        rv = self.lib.SCardGetStatusChange(self.ctx, DWORD(timeout_ms), rs, DWORD(1))
        if rv & 0xFFFFFFFF == SCARD_E_TIMEOUT:
            return 0
        self._check("SCardGetStatusChange", rv)
        return rs[0].dwEventState

    def wait_for_card(self, reader: str, seconds: float) -> bool:
        """Wait until a card is present in `reader`, at most `seconds`."""
        import time

        deadline = time.monotonic() + seconds
        ev = self.state(reader)
        while not ev & SCARD_STATE_PRESENT:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if ev & SCARD_STATE_UNKNOWN:
                raise PcscError("SCardGetStatusChange", 0x80100009)
            got = self.state(reader, ev & ~0x2, int(min(left, 1.0) * 1000))  # minus SCARD_STATE_CHANGED
            ev = got or ev
        return True

    def connect(self, reader: str) -> "Card":
        handle = LONG()
        proto = DWORD()
        rv = self.lib.SCardConnect(
            self.ctx, reader.encode(), DWORD(SCARD_SHARE_SHARED),
            DWORD(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1), ctypes.byref(handle), ctypes.byref(proto),
        )
        self._check("SCardConnect", rv)
        return Card(self, handle, proto.value)

    def release(self):
        self.lib.SCardReleaseContext(self.ctx)


class Card:
    """A connected card: raw transmit and disconnect."""

    def __init__(self, ctx: Context, handle, protocol: int):
        self.ctx = ctx
        self.handle = handle
        self.pci = _IoRequest(protocol, ctypes.sizeof(_IoRequest))
        self.connected = True

    def transmit(self, apdu: bytes) -> bytes:
        """The raw response (data + SW). May be empty: vpcd's answer to a card pulled
        mid-command (docs/reader.md, known limits); the caller must treat that as failure."""
        out = ctypes.create_string_buffer(65538 + 2)
        out_len = DWORD(len(out))
        rv = self.ctx.lib.SCardTransmit(
            self.handle, ctypes.byref(self.pci), apdu, DWORD(len(apdu)), None, out, ctypes.byref(out_len)
        )
        Context._check("SCardTransmit", rv)
        return out.raw[: out_len.value]

    def disconnect(self, unpower: bool = True):
        """Release with SCARD_UNPOWER_CARD: a warm reset would keep the PIN verified
        (docs/card.md#security-state, check APDU-release)."""
        if self.connected:
            self.connected = False
            self.ctx.lib.SCardDisconnect(self.handle, DWORD(SCARD_UNPOWER_CARD if unpower else SCARD_LEAVE_CARD))
