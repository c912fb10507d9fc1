//! `mynakit serve --pin-pad`: the PIN-pad reader and the stack faults from `serve`, as a PC/SC
//! client of another process sees them through the real pcscd (`docs/reader.md`, "Stack faults
//! and the PIN pad from `mynakit serve`"). The client is Python's ctypes over libpcsclite, as
//! a vendor's own program would call it: `SCardControl(CM_IOCTL_GET_FEATURE_REQUEST)` lists
//! `FEATURE_VERIFY_PIN_DIRECT`; after `mynakit reader transport-error` one `SCardTransmit`
//! returns `SCARD_E_NOT_TRANSACTED` and the next goes through; after `mynakit reader restart
//! --name` a new context lists the reader under the new name. Skipped without pcscd locally,
//! FAILS when `CI` is set.
#![allow(clippy::unwrap_used)]

use std::process::Command;

use super::serve::{prerequisites, reader, serve, socket_of, stop_cleanly};

/// A PC/SC client: `features READER` prints the feature tags of `GET_FEATURE_REQUEST` in hex;
/// `transmit READER` connects and prints the return codes of two SELECTs (the JPKI AP, which
/// every persona's card has); `list` prints the readers, one a line.
const CLIENT: &str = r#"
import ctypes, sys
lib = ctypes.CDLL("libpcsclite.so.1")
DWORD = ctypes.c_ulong
ctx = ctypes.c_long()
assert lib.SCardEstablishContext(DWORD(2), None, None, ctypes.byref(ctx)) == 0
def readers():
    size = DWORD(0)
    lib.SCardListReaders(ctx, None, None, ctypes.byref(size))
    buf = ctypes.create_string_buffer(size.value)
    assert lib.SCardListReaders(ctx, None, buf, ctypes.byref(size)) == 0
    return [r.decode() for r in buf.raw[:size.value].split(b"\0") if r]
def connect(name, share):
    card, proto = ctypes.c_long(), DWORD(0)
    rv = lib.SCardConnect(ctx, name.encode(), DWORD(share), DWORD(3), ctypes.byref(card), ctypes.byref(proto))
    assert rv == 0, hex(rv & 0xffffffff)
    return card, proto
what = sys.argv[1]
if what == "list":
    print("\n".join(readers()))
elif what == "features":
    card, _ = connect(sys.argv[2], 3)  # SCARD_SHARE_DIRECT: no card needed
    out, got = ctypes.create_string_buffer(256), DWORD(0)
    rv = lib.SCardControl(card, DWORD(0x42000000 + 3400), None, DWORD(0), out, DWORD(256), ctypes.byref(got))
    assert rv == 0, hex(rv & 0xffffffff)
    raw = out.raw[:got.value]
    print(" ".join("%02X" % raw[i] for i in range(0, len(raw), 6)))
elif what == "transmit":
    card, proto = connect(sys.argv[2], 2)
    pci = (DWORD * 2)(proto.value, 16)
    select = bytes.fromhex("00A4040C0AD392F000260100000001")
    for _ in range(2):
        out, got = ctypes.create_string_buffer(258), DWORD(258)
        rv = lib.SCardTransmit(card, ctypes.byref(pci), select, DWORD(len(select)), None, out, ctypes.byref(got))
        print("%08X" % (rv & 0xffffffff))
"#;

/// Runs the client with `args` against the pcscd at `socket`; its output.
fn client(socket: &str, args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(CLIENT)
        .args(args)
        .env("PCSCLITE_CSOCK_NAME", socket)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "client {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn serve_offers_the_pin_pad_reader_and_the_stack_faults() {
    if !prerequisites() {
        return;
    }
    let (child, url, banner) = serve(&["--pin-pad", "--persona", "employee"]);
    let socket = socket_of(&banner);
    assert!(
        banner.contains("mynakit IFD A 00 00: employee")
            && banner.contains("mynakit IFD A 00 00: a PIN pad (FEATURE_VERIFY_PIN_DIRECT)"),
        "{banner}"
    );
    let name = "mynakit IFD A 00 00";

    // PC/SC Part 10: FEATURE_VERIFY_PIN_DIRECT (06), FEATURE_MODIFY_PIN_DIRECT (07),
    // FEATURE_GET_TLV_PROPERTIES (12).
    let features = client(&socket, &["features", name]);
    let tags: Vec<&str> = features.split_whitespace().collect();
    assert!(
        tags.contains(&"06"),
        "no FEATURE_VERIFY_PIN_DIRECT: {features}"
    );
    assert!(
        tags.contains(&"07"),
        "no FEATURE_MODIFY_PIN_DIRECT: {features}"
    );
    reader(&url, &["pad", "0", "1234"]);

    assert_eq!(client(&socket, &["transmit", name]), "00000000\n00000000\n");
    reader(&url, &["transport-error", "0"]);
    // SCARD_E_NOT_TRANSACTED once, then the card answers again.
    assert_eq!(client(&socket, &["transmit", name]), "80100016\n00000000\n");

    reader(
        &url,
        &["restart", "0", "--for-ms", "300", "--name", "Other Reader"],
    );
    let listed = client(&socket, &["list"]);
    assert_eq!(listed.trim(), "Other Reader 00 00", "{listed}");
    assert_eq!(
        client(&socket, &["transmit", "Other Reader 00 00"]),
        "00000000\n00000000\n"
    );
    stop_cleanly(child, "-TERM", &socket);
}

/// Without `--driver` or `--pin-pad` the readers are vpcd's, which can show no such fault: the
/// control call says what to start serve with instead of pretending.
#[test]
fn a_stack_fault_on_a_vpcd_reader_is_refused_naming_the_flag() {
    if !prerequisites() {
        return;
    }
    let (child, url, banner) = serve(&["--persona", "employee"]);
    let socket = socket_of(&banner);
    let out = crate::common::mynakit()
        .args(["reader", "--control", &url, "transport-error", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("start serve with --driver"), "{stderr}");
    stop_cleanly(child, "-TERM", &socket);
}
