//! A client other than the logged one, replayed against the bundled field failure
//! (`examples/field-failure/`, `pkcs15-tool -D`): the commands the log never saw get the
//! virtual card's own answers, never a made-up status word, and each is kept with the nearest
//! recorded command (`docs/import.md`, "Off the logged path"; issue 34).

#![allow(clippy::unwrap_used)] // the helper outside #[test] fns unwraps too

use mynakit_emulator::recorded::Recording;
use mynakit_emulator::script::Script;
use mynakit_emulator::Card;

fn bundled_recorded_card() -> Card {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/field-failure/pcscd.log"
    );
    let log = std::fs::read_to_string(path).unwrap();
    let capture = mynakit_capture::parse_pcscd_log(&log, "pcscd.log").unwrap();
    let reader = &capture.readers[0];
    let script = mynakit_capture::write_script(&capture, reader, mynakit_capture::Expect::Response);
    let script = Script::parse(&script, "pcscd.log").unwrap();
    let atr = reader.atr.clone().unwrap();
    Card::recorded(Recording::from_script(&script, atr).unwrap())
}

#[test]
fn a_different_client_gets_the_virtual_cards_status_words_and_each_command_is_named() {
    let mut card = bundled_recorded_card();
    let hex = |s: &str| hex::decode(s).unwrap();
    // A recorded command keeps its logged answer.
    assert_eq!(
        card.transmit(&hex("00A4040007627601FF000000")),
        [0x6A, 0x82]
    );
    // The card-face AP (券面事項入力補助AP), which pkcs15-tool never selected: the card has
    // no such application.
    let select_face = "00A4040C0AD3921000310001010408";
    assert_eq!(card.transmit(&hex(select_face)), [0x6A, 0x82]);
    // An instruction the card does not know.
    assert_eq!(card.transmit(&hex("00EE000000")), [0x6D, 0x00]);
    let unrecorded = card.unrecorded();
    assert_eq!(unrecorded.len(), 2, "{unrecorded:?}");
    assert_eq!(unrecorded[0].command, select_face);
    assert_eq!(unrecorded[0].response, [0x6A, 0x82]);
    let nearest = unrecorded[0].nearest.as_deref().unwrap();
    assert!(
        nearest.starts_with("00A4040C") && nearest != select_face,
        "the same INS, P1 and P2 first: {nearest}"
    );
    assert_eq!(unrecorded[1].command, "00EE000000");
    assert_eq!(unrecorded[1].response, [0x6D, 0x00]);
    assert!(unrecorded[1].nearest.is_some());
    assert!(
        unrecorded.iter().all(|u| u.response != [0x6F, 0x00]),
        "never the made-up 6F00"
    );
}
