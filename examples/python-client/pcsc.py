"""A minimal PC/SC binding over ctypes (libpcsclite.so.1), enough for one card reader.

Written from the pcsc-lite headers (PCSC/pcsclite.h, PCSC/wintypes.h): on Linux `DWORD` and
`LONG` are C `unsigned long` / `long`. libpcsclite reads PCSCLITE_CSOCK_NAME by itself, so the
harness's private pcscd is found without any configuration here (docs/client-protocol.md).
"""

import ctypes
import ctypes.util
import time

# YOUR APP: the card side. Replace this module with your own PC/SC layer (pyscard, your C
# library, WinSCard under Wine) if you have one: the rest of the client needs connect, transmit,
# control (a PIN pad's VERIFY) and a wait for a card in the named reader.

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
    0x8010000B: "SCARD_E_SHARING_VIOLATION",
    0x80100013: "SCARD_F_COMM_ERROR",
    0x8010006A: "SCARD_W_SECURITY_VIOLATION",
}
SCARD_E_SHARING_VIOLATION = 0x8010000B
SCARD_E_TIMEOUT = 0x8010000A
SCARD_E_NO_SERVICE = 0x8010001D
SCARD_F_COMM_ERROR = 0x80100013
SCARD_W_SECURITY_VIOLATION = 0x8010006A
# The PC/SC service stopped: the call in flight gets SCARD_F_COMM_ERROR, every later call on a
# context or handle from before SCARD_E_NO_SERVICE (docs/client-protocol.md, "When the PC/SC
# service restarts").
SERVICE_LOST = (SCARD_E_NO_SERVICE, SCARD_F_COMM_ERROR)
# What SCardEstablishContext answers while the service is away or going: poll again.
SERVICE_AWAY = (SCARD_E_NO_SERVICE, SCARD_F_COMM_ERROR, SCARD_W_SECURITY_VIOLATION)


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
        mid-command (docs/reader.md, known limits); the caller must treat that as failure.
        No deadline of its own: while another program holds a transaction pcsc-lite makes this
        call wait and returns the card's answer once it ends; with PCSCLITE_NO_BLOCKING it
        returns SCARD_E_SHARING_VIOLATION instead, nothing having reached the card, and the
        command is sent again every 200 ms for at most 5 s (docs/client-protocol.md)."""
        waited = 0.0
        while True:
            out = ctypes.create_string_buffer(65538 + 2)
            out_len = DWORD(len(out))
            rv = self.ctx.lib.SCardTransmit(
                self.handle, ctypes.byref(self.pci), apdu, DWORD(len(apdu)), None, out, ctypes.byref(out_len)
            )
            if rv & 0xFFFFFFFF == SCARD_E_SHARING_VIOLATION and waited < 5.0:
                time.sleep(0.2)
                waited += 0.2
                continue
            Context._check("SCardTransmit", rv)
            return out.raw[: out_len.value]

    def control(self, code: int, data: bytes = b"") -> bytes:
        """SCardControl: `code` is a control code, e.g. scard_ctl_code(3400) for
        CM_IOCTL_GET_FEATURE_REQUEST (PC/SC Part 10)."""
        out = ctypes.create_string_buffer(512)
        returned = DWORD(0)
        rv = self.ctx.lib.SCardControl(
            self.handle, DWORD(code), data or None, DWORD(len(data)), out, DWORD(len(out)), ctypes.byref(returned)
        )
        Context._check("SCardControl", rv)
        return out.raw[: returned.value]

    def disconnect(self, unpower: bool = True):
        """Release with SCARD_UNPOWER_CARD: a warm reset would keep the PIN verified
        (docs/card.md#security-state, check APDU-release)."""
        if self.connected:
            self.connected = False
            self.ctx.lib.SCardDisconnect(self.handle, DWORD(SCARD_UNPOWER_CARD if unpower else SCARD_LEAVE_CARD))


def scard_ctl_code(code: int) -> int:
    """pcsc-lite's SCARD_CTL_CODE (reader.h): 0x42000000 + code."""
    return 0x42000000 + code
