//! mynakit's own reader driver (`reader/ifd/`) behind a real managed pcscd, judged by real PC/SC
//! clients: `opensc-tool` exchanges an APDU through it; a command failed in transit reaches
//! `SCardTransmit` as `SCARD_E_NOT_TRANSACTED` and the card never sees it; a reader whose
//! presence polls fail is `SCARD_STATE_UNAVAILABLE` and its handles fail with
//! `SCARD_E_READER_UNAVAILABLE` until it answers again; the reader announces a PIN pad through
//! `CM_IOCTL_GET_FEATURE_REQUEST` and verifies the operator's PIN, which the client never sends
//! (`docs/reader.md`, "The mynakit reader driver").
//!
//! Needs pcscd (root, or user namespaces) and OpenSC (the driver is inside mynakit, or named by
//! `$MYNAKIT_IFD_DRIVER`): skipped locally without them, but FAILS when `CI` is set.
#![allow(clippy::unwrap_used)]

use std::ffi::CString;
use std::process::Command;
use std::time::{Duration, Instant};

use mynakit_apdu::Application;
use mynakit_emulator::{personalize, Behaviour};
use mynakit_fixtures::Fixtures;
use mynakit_reader::ifd::{Driver, IfdConfig, IfdReaders, PinPad};
use mynakit_reader::Pcscd;
use mynakit_timeline::{EventKind, ReaderAction, Timeline};

const READER: &str = "mynakit IFD A 00 00";
const SELECT_JPKI: [u8; 15] = [
    0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01,
];
const SELECT_AUTH_PIN: [u8; 7] = [0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x18];
const SELECT_AUTH_CERT: [u8; 7] = [0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x0A];
const READ_BINARY: [u8; 5] = [0x00, 0xB0, 0x00, 0x00, 0x04];
/// `CM_IOCTL_GET_FEATURE_REQUEST`: `SCARD_CTL_CODE(3400)` (pcsc-lite `reader.h`).
const GET_FEATURE_REQUEST: u64 = 0x4200_0000 + 3400;
/// libccid's control code for `FEATURE_VERIFY_PIN_DIRECT` (`SCARD_CTL_CODE(0x330000 + 6)`).
const VERIFY_PIN_DIRECT: u64 = 0x4233_0006;

fn can_run() -> bool {
    let driver = Driver::find();
    let missing = match Pcscd::can_run_managed() {
        Err(e) => Some(e.to_string()),
        Ok(()) if !driver.is_present() => Some(format!("{driver} is missing")),
        Ok(())
            if Command::new("opensc-tool")
                .arg("--version")
                .output()
                .is_err() =>
        {
            Some("opensc-tool is missing (apt-get install -y opensc)".into())
        }
        Ok(()) => None,
    };
    match missing {
        None => true,
        Some(why) => {
            assert!(std::env::var_os("CI").is_none(), "CI needs {why}");
            eprintln!("skipped: {why}");
            false
        }
    }
}

/// Polls PC/SC until the reader's state has `wanted`, at most 5 s.
fn wait_state(ctx: &pcsc::Context, wanted: pcsc::State) -> pcsc::State {
    let reader = CString::new(READER).unwrap();
    let start = Instant::now();
    let mut states = [pcsc::ReaderState::new(reader, pcsc::State::UNAWARE)];
    loop {
        ctx.get_status_change(Duration::from_millis(200), &mut states)
            .ok();
        let state = states[0].event_state();
        if state.contains(wanted) || start.elapsed() > Duration::from_secs(5) {
            return state;
        }
        states[0].sync_current_state();
    }
}

fn send(card: &pcsc::Card, apdu: &[u8]) -> Result<Vec<u8>, pcsc::Error> {
    let mut buffer = [0u8; 600];
    card.transmit(apdu, &mut buffer).map(<[u8]>::to_vec)
}

/// A `PIN_VERIFY_STRUCTURE` as OpenSC's `part10_build_verify_pin_block` makes it for an ASCII
/// PIN of 4 digits without padding (`reader-pcsc.c`): the pad types the PIN as the data field.
fn verify_structure() -> Vec<u8> {
    let apdu = [0x00, 0x20, 0x00, 0x80];
    let mut s = vec![
        0x1E, 0x1E, 0x02, 0x00, 0x00, 0x04, 0x04, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ];
    s.extend_from_slice(&(apdu.len() as u32).to_le_bytes());
    s.extend_from_slice(&apdu);
    s
}

fn reader_events(timeline: &Timeline, action: ReaderAction) -> Vec<String> {
    timeline
        .events()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::Reader {
                action: a, detail, ..
            } if a == action => Some(detail),
            _ => None,
        })
        .collect()
}

/// A real OpenSC tool verifies the PIN through the pad (`docs/reader.md`, "A PIN-pad reader"):
/// `opensc-explorer`'s `verify` without a PIN on a reader that lists a pad sets
/// `SC_PIN_CMD_USE_PINPAD`; OpenSC's `default` card driver (`iso7816_pin_cmd`) then hands the
/// VERIFY to the reader (`pcsc_pin_cmd`), which takes the PIN sizes from the pad's
/// `FEATURE_GET_TLV_PROPERTIES` (`part10_check_pin_min_max`) and sends the structure
/// `part10_build_verify_pin_block` builds. The `jpki` driver OpenSC picks for this card by
/// itself never asks the reader (`card-jpki.c`, `jpki_pin_cmd`), hence `-c default`, and raw
/// SELECTs to reach the PIN's EF (`CHV128` is `P2=80`: the selected PIN EF).
fn opensc_verifies_through_the_pad(timeline: &Timeline) {
    use std::io::Write as _;
    let mut explorer = Command::new("opensc-explorer")
        // `--mf ""`: no SELECT of the MF at the start, which this card answers `6A82`.
        .args(["-r", READER, "-c", "default", "--mf", ""])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    explorer
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"apdu 00A4040C0AD392F000260100000001\n\
              apdu 00A4020C020018\n\
              verify CHV128\n\
              quit\n",
        )
        .unwrap();
    let out = explorer.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("Please enter PIN on the reader's pin pad.")
            && said.contains("Code correct."),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        reader_events(timeline, ReaderAction::PinPad),
        ["verify", "verify"],
        "OpenSC's VERIFY went through the pad"
    );
    let last_verify = timeline
        .events()
        .into_iter()
        .rev()
        .find_map(|e| match e.kind {
            EventKind::Apdu {
                command, response, ..
            } if command.starts_with("0020") => Some((command, response)),
            _ => None,
        });
    assert_eq!(
        last_verify,
        Some(("0020008004********".to_owned(), "9000".to_owned())),
        "the pad typed the 4-digit PIN into OpenSC's VERIFY"
    );
    eprintln!("opensc-explorer: {said}");
}

#[test]
fn the_mynakit_driver_fails_commands_and_readers_and_is_a_pin_pad_over_pcscd() {
    if !can_run() {
        return;
    }
    let persona = Fixtures::bundled().persona("employee").unwrap();
    let pin = persona.card.pins.auth.clone().unwrap().value;
    let timeline = Timeline::new(Some("ifd-reader".into()));
    let readers = IfdReaders::start(IfdConfig {
        slots: 1,
        timeline: timeline.clone(),
        pad: Some(PinPad::new(pin.clone())),
        ..Default::default()
    })
    .unwrap();
    let pcscd = readers.pcscd();
    pcscd.use_in_this_process();
    pcscd
        .wait_for_readers(Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("{e}\n{}", pcscd.log_tail()));
    let ctx = pcsc::Context::establish(pcsc::Scope::User).unwrap();

    // Presence is the slot's, at every poll.
    assert!(wait_state(&ctx, pcsc::State::EMPTY).contains(pcsc::State::EMPTY));
    let card =
        personalize::from_fixtures(&Fixtures::bundled(), "employee", Behaviour::default()).unwrap();
    readers.slots()[0].insert(card, "employee");
    assert!(wait_state(&ctx, pcsc::State::PRESENT).contains(pcsc::State::PRESENT));

    // An independent client exchanges an APDU through the driver.
    let out = Command::new("opensc-tool")
        .args(["-r", READER, "-s", "00A4040C0AD392F000260100000001"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && said.contains("SW1=0x90, SW2=0x00"),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let reader = CString::new(READER).unwrap();
    let card = ctx
        .connect(&reader, pcsc::ShareMode::Shared, pcsc::Protocols::ANY)
        .unwrap();

    // The PIN pad: announced through the Part 10 feature list, and it verifies the operator's
    // PIN; the client's structure carries none.
    let mut features = [0u8; 64];
    let features = card
        .control(GET_FEATURE_REQUEST, &[], &mut features)
        .unwrap()
        .to_vec();
    assert_eq!(
        features,
        [
            0x06, 4, 0x42, 0x33, 0x00, 0x06, 0x07, 4, 0x42, 0x33, 0x00, 0x07, 0x12, 4, 0x42, 0x33,
            0x00, 0x12
        ],
        "FEATURE_VERIFY_PIN_DIRECT, FEATURE_MODIFY_PIN_DIRECT and FEATURE_GET_TLV_PROPERTIES, \
         libccid's codes"
    );
    assert_eq!(send(&card, &SELECT_JPKI).unwrap(), [0x90, 0x00]);
    assert_eq!(send(&card, &SELECT_AUTH_PIN).unwrap(), [0x90, 0x00]);
    let structure = verify_structure();
    assert!(!structure.windows(pin.len()).any(|w| w == pin.as_bytes()));
    let mut answer = [0u8; 16];
    let answer = card
        .control(VERIFY_PIN_DIRECT, &structure, &mut answer)
        .unwrap();
    assert_eq!(answer, [0x90, 0x00], "the pad's VERIFY");
    let verified = readers.slots()[0]
        .with_card(|c| c.pin(Application::Jpki, 0x18))
        .flatten()
        .unwrap();
    assert!(verified.verified, "{verified:?}");
    assert_eq!(reader_events(&timeline, ReaderAction::PinPad), ["verify"]);
    opensc_verifies_through_the_pad(&timeline);
    let recorded = timeline.to_json_lines();
    assert!(
        !recorded.contains(&hex::encode_upper(pin.as_bytes())),
        "the pad's PIN never reaches the timeline"
    );

    // One command fails in transit: the client sees SCARD_E_NOT_TRANSACTED, the card never sees
    // the command, and the next one goes through.
    let faults = readers.faults(0).unwrap();
    assert_eq!(send(&card, &SELECT_AUTH_CERT).unwrap(), [0x90, 0x00]);
    let before = timeline.events().len();
    faults.fail_command(Box::new(|apdu| apdu.get(1) == Some(&0xB0)));
    assert_eq!(send(&card, &READ_BINARY), Err(pcsc::Error::NotTransacted));
    assert_eq!(
        reader_events(&timeline, ReaderAction::TransportError),
        ["00B0000004"]
    );
    assert!(
        !timeline.events()[before..]
            .iter()
            .any(|e| matches!(&e.kind, EventKind::Apdu { command, .. } if command == "00B0000004")),
        "the card never saw the failed command"
    );
    let read = send(&card, &READ_BINARY).unwrap();
    assert_eq!(
        read[read.len() - 2..],
        [0x90, 0x00],
        "only one command fails"
    );

    // The reader becomes unavailable: pcscd's presence polls fail.
    faults.set_unavailable(true);
    let state = wait_state(&ctx, pcsc::State::UNAVAILABLE);
    assert!(state.contains(pcsc::State::UNAVAILABLE), "{state:?}");
    assert_eq!(
        send(&card, &SELECT_JPKI),
        Err(pcsc::Error::ReaderUnavailable)
    );
    assert_eq!(
        ctx.connect(&reader, pcsc::ShareMode::Shared, pcsc::Protocols::ANY)
            .map(|_| ()),
        Err(pcsc::Error::ReaderUnavailable)
    );
    // Back: the card is there again, powered afresh; the old handle is stale, a new one works.
    faults.set_unavailable(false);
    let state = wait_state(&ctx, pcsc::State::PRESENT);
    assert!(state.contains(pcsc::State::PRESENT), "{state:?}");
    let stale = send(&card, &SELECT_JPKI);
    assert!(stale.is_err(), "a handle from before the outage: {stale:?}");
    let card = ctx
        .connect(&reader, pcsc::ShareMode::Shared, pcsc::Protocols::ANY)
        .unwrap();
    assert_eq!(send(&card, &SELECT_JPKI).unwrap(), [0x90, 0x00]);
    assert_eq!(
        reader_events(&timeline, ReaderAction::ReaderUnavailable).len(),
        1
    );
    assert_eq!(
        reader_events(&timeline, ReaderAction::ReaderAvailable).len(),
        1
    );
    eprintln!("stale handle after the outage: {stale:?}");
}
