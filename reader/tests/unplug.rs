//! What a real PC/SC client (the `pcsc` crate, through a real pcscd and Debian's vsmartcard-vpcd
//! 3.3) sees when a reader is unplugged with `Slot::unplug` (the scenario fault `unplug`): the
//! card pulled mid-command, then a reader that stays empty for good. The reader does **not**
//! leave pcscd's list and `\\?PnP?\Notification` does not fire, as they would for a USB reader:
//! vpcd's presence call can only say "card" or "no card", and Debian's pcscd (libudev hot-plug)
//! never re-reads `reader.conf.d`. This test pins that difference (`docs/reader.md`, "Unplugged
//! readers"). It needs root or user namespaces, `pcscd` and `vsmartcard-vpcd`; it fails when `CI`
//! is set and they are missing.

#![allow(clippy::unwrap_used)]

mod common;

use std::ffi::CString;
use std::time::Duration;

use common::*;
use mynakit_reader::{InterceptAction, PcscdChoice};

const SELECT_JPKI: &str = "00A4040C0AD392F000260100000001";

fn state_of(ctx: &pcsc::Context, reader: &str) -> pcsc::State {
    let mut states = [pcsc::ReaderState::new(
        CString::new(reader).unwrap(),
        pcsc::State::UNAWARE,
    )];
    ctx.get_status_change(Duration::ZERO, &mut states).unwrap();
    states[0].event_state()
}

#[test]
fn an_unplugged_vpcd_reader_is_an_empty_reader_that_stays_empty() {
    let Some(env) = env(2, PcscdChoice::Managed) else {
        return;
    };
    let pcscd = env.readers.pcscd().unwrap();
    let reader = insert(env, 0, "employee");
    let slot = env.readers.slots()[0].clone();
    let handle = connect(reader);
    assert_eq!(send(&handle, &hex(SELECT_JPKI)).unwrap().1, 0x9000);
    let ctx = pcsc::Context::establish(pcsc::Scope::User).unwrap();
    let before = ctx.list_readers_owned().unwrap();
    assert!(
        before.iter().any(|r| r.to_str() == Ok(reader)),
        "{before:?}"
    );

    // The reader leaves as it receives READ BINARY.
    act_at_read_binary(&slot, InterceptAction::Unplug);
    let mut buffer = vec![0u8; pcsc::MAX_BUFFER_SIZE_EXTENDED];
    match handle.transmit(&hex("00B0000004"), &mut buffer) {
        // Debian's vpcd 3.3 hands a cut command over as success with 0 bytes.
        Ok(response) => assert!(response.is_empty(), "{response:02X?}"),
        Err(e) => assert!(
            matches!(e, pcsc::Error::RemovedCard | pcsc::Error::NotTransacted),
            "{e:?}"
        ),
    }
    slot.set_hook(None);
    assert!(slot.is_unplugged());
    pcscd.wait_for_card(reader, false, READY).unwrap();

    // What the client sees now: the old handle fails as for a removed card ...
    let err = send(&handle, &hex(SELECT_JPKI)).unwrap_err();
    assert!(
        matches!(err, pcsc::Error::RemovedCard | pcsc::Error::NotTransacted),
        "{err:?}"
    );
    // ... the reader is still listed, and reports itself empty (a USB reader would be gone:
    // SCARD_E_UNKNOWN_READER, and SCARD_STATE_UNKNOWN to a waiting client) ...
    // (pcsc-lite's SCardGetStatusChange sees a `\\?PnP?\Notification` event only when this
    // list's length changes, so that never fires either).
    assert_eq!(ctx.list_readers_owned().unwrap(), before);
    let state = state_of(&ctx, reader);
    assert!(state.contains(pcsc::State::EMPTY), "{state:?}");
    assert!(!state.contains(pcsc::State::UNKNOWN), "{state:?}");
    // ... and no card ever comes back while it is unplugged, whatever is put in.
    slot.insert(card("employee"), "employee");
    let mut watch = [pcsc::ReaderState::new(CString::new(reader).unwrap(), state)];
    // Three of pcscd's presence polls (400 ms each) see no card arrive.
    let unchanged = ctx.get_status_change(Duration::from_millis(1200), &mut watch);
    assert_eq!(
        unchanged,
        Err(pcsc::Error::Timeout),
        "{:?}",
        watch[0].event_state()
    );
    let name = CString::new(reader).unwrap();
    let refused = ctx
        .connect(&name, pcsc::ShareMode::Shared, pcsc::Protocols::ANY)
        .err();
    assert_eq!(refused, Some(pcsc::Error::NoSmartcard));

    // Plugged back in, the reader takes the next card, and a fresh connection works.
    assert!(slot.replug());
    assert!(put_card(env, 0, "employee"));
    let fresh = connect(reader);
    assert_eq!(send(&fresh, &hex(SELECT_JPKI)).unwrap().1, 0x9000);
}
