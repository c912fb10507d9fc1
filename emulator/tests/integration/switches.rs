//! Every `Behaviour` switch (the card behaviours public sources leave uncertain) changes what the
//! card does, and its default is the one `docs/card.md` documents.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::*;
use mynakit_apdu::Sw;
use mynakit_emulator::{personalize, Behaviour, Card, RecordFiller};
use mynakit_emulator::{NotSetPolicy, WrongFormatPolicy};

fn sw(card: &mut Card, apdu: &str) -> u16 {
    let r = card.transmit(&h(apdu));
    u16::from_be_bytes([r[r.len() - 2], r[r.len() - 1]])
}

fn verified_then(card: &mut Card, between: impl FnOnce(&mut Card)) -> u16 {
    assert_eq!(sw(card, SELECT_JPKI), 0x9000);
    assert_eq!(sw(card, "002000980431323334"), 0x9000);
    between(card);
    sw(card, "802A00970301020300")
}

#[test]
fn reselecting_the_same_df() {
    let reselect = |card: &mut Card| {
        sw(card, SELECT_JPKI);
    };
    assert_eq!(
        verified_then(&mut card("employee"), reselect),
        0x9000,
        "default: kept"
    );
    let clears = Behaviour {
        reselect_same_df_clears: true,
        ..Behaviour::default()
    };
    assert_eq!(
        verified_then(&mut card_with("employee", clears), reselect),
        0x6982
    );
}

#[test]
fn warm_reset() {
    let reset = |card: &mut Card| {
        card.warm_reset();
        sw(card, SELECT_JPKI);
    };
    assert_eq!(
        verified_then(&mut card("employee"), reset),
        0x9000,
        "default: kept"
    );
    let clears = Behaviour {
        warm_reset_clears: true,
        ..Behaviour::default()
    };
    assert_eq!(
        verified_then(&mut card_with("employee", clears), reset),
        0x6982
    );
}

#[test]
fn certificate_filler() {
    let der = persona("employee").1.auth.cert_der;
    let whole = |card: &mut Card| {
        sw(card, SELECT_JPKI);
        sw(card, "00A4020C02000A");
        let r = card.transmit(&h("00B00000000000"));
        r[..r.len() - 2].to_vec()
    };
    assert_eq!(
        whole(&mut card("employee")),
        der,
        "default: EF size = DER length"
    );
    let filled = Behaviour {
        cert_filler: 16,
        ..Behaviour::default()
    };
    let data = whole(&mut card_with("employee", filled));
    assert_eq!(data.len(), der.len() + 16);
    assert!(data.starts_with(&der) && data[der.len()..].iter().all(|b| *b == 0xFF));
}

#[test]
fn signing_with_a_blocked_pin() {
    let attempt = |card: &mut Card| {
        sw(card, SELECT_JPKI);
        sw(card, "802A00970301020300")
    };
    assert_eq!(attempt(&mut card("pin-locked")), 0x6982, "default 6982");
    let b = Behaviour {
        sign_with_blocked_pin: Sw::RefDataNotUsable,
        ..Behaviour::default()
    };
    assert_eq!(attempt(&mut card_with("pin-locked", b)), 0x6984);
    assert_eq!(
        attempt(&mut card_with(
            "employee",
            Behaviour {
                sign_with_blocked_pin: Sw::RefDataNotUsable,
                ..Behaviour::default()
            }
        )),
        0x6982,
        "not blocked: still 6982"
    );
}

#[test]
fn reading_past_the_end() {
    let past = |card: &mut Card| {
        sw(card, SELECT_JPKI);
        sw(card, "00A4020C020008");
        sw(card, "00B0000301")
    };
    assert_eq!(past(&mut card("employee")), 0x6B00);
    let b = Behaviour {
        read_past_end: Sw::Other(0x6282),
        ..Behaviour::default()
    };
    assert_eq!(past(&mut card_with("employee", b)), 0x6282);
}

#[test]
fn fci_on_select() {
    let select = |card: &mut Card| {
        card.transmit(&h("00A4040 00AD392F00026010000000100"
            .replace(' ', "")
            .as_str()))
    };
    assert_eq!(select(&mut card("employee")), [0x90, 0x00]);
    let b = Behaviour {
        fci_on_select: true,
        ..Behaviour::default()
    };
    let r = select(&mut card_with("employee", b));
    assert_eq!(hex::encode_upper(&r), "6F0C840AD392F0002601000000019000");
    let b = Behaviour {
        fci_on_select: true,
        ..Behaviour::default()
    };
    assert_eq!(
        card_with("employee", b).transmit(&h(SELECT_JPKI)),
        [0x90, 0x00],
        "P2=0C never has an FCI"
    );
}

#[test]
fn first_command_after_power_on() {
    let b = Behaviour {
        first_command_fails: true,
        ..Behaviour::default()
    };
    let mut card = card_with("employee", b);
    assert_eq!(sw(&mut card, SELECT_JPKI), 0x6F00);
    assert_eq!(sw(&mut card, SELECT_JPKI), 0x9000);
    card.power_off();
    card.power_on();
    assert_eq!(sw(&mut card, SELECT_JPKI), 0x6F00);
    let mut normal = common::card("employee");
    assert_eq!(sw(&mut normal, SELECT_JPKI), 0x9000);
}

#[test]
fn verify_with_a_wrong_format() {
    let attempt = |card: &mut Card| {
        sw(card, SELECT_JPKI);
        (sw(card, "00200098053132333435"), sw(card, "00200098"))
    };
    assert_eq!(
        attempt(&mut card("employee")),
        (0x63C2, 0x63C2),
        "default: a wasted try"
    );
    let b = Behaviour {
        verify_wrong_format: WrongFormatPolicy::Reject(Sw::WrongLength),
        ..Behaviour::default()
    };
    assert_eq!(attempt(&mut card_with("employee", b)), (0x6700, 0x63C3));
}

#[test]
fn pins_never_set() {
    let attempt = |card: &mut Card| {
        sw(card, SELECT_JPKI);
        (sw(card, "00200098"), sw(card, "002000980431323334"))
    };
    assert_eq!(attempt(&mut card("face-auth")), (0x63C0, 0x6984));
    let b = Behaviour {
        not_set_pin: NotSetPolicy {
            empty_verify: Sw::RefDataNotUsable,
            verify: Sw::ConditionsNotSatisfied,
        },
        ..Behaviour::default()
    };
    assert_eq!(attempt(&mut card_with("face-auth", b)), (0x6984, 0x6985));
}

#[test]
fn printed_key_counters() {
    let b = Behaviour {
        collation_a_tries: 5,
        collation_b_tries: 7,
        birth_key_tries: 3,
        ..Behaviour::default()
    };
    let mut card = card_with("employee", b);
    assert_eq!(sw(&mut card, SELECT_KENHOJO), 0x9000);
    assert_eq!(
        (sw(&mut card, "00200094"), sw(&mut card, "00200095")),
        (0x63C5, 0x63C7)
    );
    assert_eq!(sw(&mut card, SELECT_KENKAKU), 0x9000);
    assert_eq!(sw(&mut card, "00200091"), 0x63C3);
}

#[test]
fn challenge_seed() {
    let challenge = |card: &mut Card| card.transmit(&h("0084000008"));
    let a = challenge(&mut card("employee"));
    assert_eq!(
        a,
        challenge(&mut card("employee")),
        "default: derived from the serial, reproducible"
    );
    assert_ne!(
        a,
        challenge(&mut card("dependent")),
        "another card, other challenges"
    );
    let seeded = Behaviour {
        rng_seed: Some(7),
        ..Behaviour::default()
    };
    assert_ne!(a, challenge(&mut card_with("employee", seeded)));
}

/// Runs `apdus` on a fresh card and returns the last status word.
fn last_sw(card: &mut Card, apdus: &[&str]) -> u16 {
    apdus.iter().map(|a| sw(card, a)).last().unwrap()
}

/// The last status word of `apdus` with the default behaviour and with `flipped`.
fn both(persona: &str, flipped: Behaviour, apdus: &[&str]) -> (u16, u16) {
    (
        last_sw(&mut card(persona), apdus),
        last_sw(&mut card_with(persona, flipped), apdus),
    )
}

#[test]
fn signing_without_the_pin() {
    let b = Behaviour {
        sign_without_pin: Sw::ConditionsNotSatisfied,
        ..Behaviour::default()
    };
    let apdus = [SELECT_JPKI, "802A00970301020300"];
    assert_eq!(both("employee", b.clone(), &apdus), (0x6982, 0x6985));
    // The 券面 AP's own key without its credential is the same refusal.
    let kenkaku = [SELECT_KENKAKU, "802A00000301020300"];
    assert_eq!(both("employee", b, &kenkaku), (0x6982, 0x6985));
}

#[test]
fn signing_input_of_the_wrong_length() {
    let b = Behaviour {
        sign_input_wrong_length: Sw::ConditionsNotSatisfied,
        ..Behaviour::default()
    };
    let too_long = format!("802A0097F6{}00", "5A".repeat(246));
    let apdus = [SELECT_JPKI, "002000980431323334", too_long.as_str()];
    assert_eq!(both("employee", b.clone(), &apdus), (0x6700, 0x6985));
    let short_hash = format!("802A02971F{}00", "5A".repeat(31));
    let apdus = [SELECT_JPKI, "002000980431323334", short_hash.as_str()];
    assert_eq!(both("employee", b, &apdus), (0x6700, 0x6985));
}

#[test]
fn no_current_ef() {
    let b = Behaviour {
        no_current_ef: Sw::FileNotFound,
        ..Behaviour::default()
    };
    assert_eq!(
        both("employee", b.clone(), &[SELECT_JPKI, "00B0000004"]),
        (0x6986, 0x6A82)
    );
    assert_eq!(
        both("employee", b.clone(), &[SELECT_JPKI, "00200080"]),
        (0x6986, 0x6A82),
        "VERIFY of the current EF"
    );
    assert_eq!(
        both("employee", b, &["00B0000004"]),
        (0x6986, 0x6A82),
        "at MF level too"
    );
}

#[test]
fn unknown_aid() {
    let b = Behaviour {
        unknown_aid: Sw::Ok,
        ..Behaviour::default()
    };
    // OpenSC's PIV probe; answering 9000 is the fault that breaks OpenSC's driver matching.
    let piv = ["00A4040009A00000030800001000"];
    assert_eq!(both("employee", b, &piv), (0x6A82, 0x9000));
}

#[test]
fn unknown_fid() {
    let b = Behaviour {
        unknown_fid: Sw::IncorrectP1P2,
        ..Behaviour::default()
    };
    assert_eq!(
        both("employee", b.clone(), &[SELECT_JPKI, "00A4020C021234"]),
        (0x6A82, 0x6A86)
    );
    assert_eq!(
        both("employee", b.clone(), &[SELECT_JPKI, "00B09E0001"]),
        (0x6A82, 0x6A86),
        "SFI form"
    );
    assert_eq!(
        both("employee", b, &["00A4020C022F10"]),
        (0x6A82, 0x6A82),
        "MF level is observed, not switched"
    );
}

#[test]
fn unknown_key_reference() {
    let b = Behaviour {
        unknown_key_reference: Sw::FileNotFound,
        ..Behaviour::default()
    };
    assert_eq!(
        both("employee", b, &[SELECT_JPKI, "0020009D0431323334"]),
        (0x6A88, 0x6A82)
    );
}

#[test]
fn verify_of_an_ef_that_is_not_a_pin() {
    let b = Behaviour {
        verify_not_a_pin: Sw::RefDataNotFound,
        ..Behaviour::default()
    };
    assert_eq!(
        both("employee", b, &[SELECT_JPKI, "00A4020C02000A", "00200080"]),
        (0x6981, 0x6A88)
    );
}

#[test]
fn change_to_a_value_of_the_wrong_format() {
    let b = Behaviour {
        change_wrong_format: Sw::WrongLength,
        ..Behaviour::default()
    };
    // VERIFY 1234, then CHANGE to "123": three digits where four are needed.
    let apdus = [SELECT_JPKI, "002000980431323334", "0024019803313233"];
    assert_eq!(both("employee", b, &apdus), (0x6A80, 0x6700));
}

#[test]
fn unknown_instruction_and_class() {
    let b = Behaviour {
        unknown_ins: Sw::ClaNotSupported,
        unknown_cla: Sw::InsNotSupported,
        ..Behaviour::default()
    };
    assert_eq!(both("employee", b.clone(), &["00E00000"]), (0x6D00, 0x6E00));
    assert_eq!(
        both("employee", b.clone(), &["80C00000"]),
        (0x6D00, 0x6E00),
        "proprietary class"
    );
    assert_eq!(both("employee", b.clone(), &["FFA4040C"]), (0x6E00, 0x6D00));
    assert_eq!(both("employee", b, &["40A4040C"]), (0x6E00, 0x6D00));
}

#[test]
fn get_data_answers() {
    let b = Behaviour {
        get_data_in_ap: Sw::InsNotSupported,
        get_data_other_object: Sw::FileNotFound,
        ..Behaviour::default()
    };
    assert_eq!(
        both("employee", b.clone(), &[SELECT_JPKI, "00CA004500"]),
        (0x6985, 0x6D00)
    );
    // 5F51 answers in an AP either way (myna-card reads it in 共通AP).
    assert_eq!(
        both("employee", b.clone(), &[SELECT_JPKI, "00CA5F5100"]),
        (0x9000, 0x9000)
    );
    assert_eq!(both("employee", b, &["00CA123400"]), (0x6A88, 0x6A82));
}

#[test]
fn terminal_certificate_c1() {
    // myna-card: 6A86 for every P1-P2; AokiApp/jsapdu's e2e test: 6700 for 00 C1.
    let b = Behaviour {
        terminal_certificate_c1: Sw::WrongLength,
        ..Behaviour::default()
    };
    let c1 = format!("80A200C1000100{}", "00".repeat(256));
    assert_eq!(
        both("employee", b.clone(), &[SELECT_JPKI, &c1]),
        (0x6A86, 0x6700)
    );
    assert_eq!(
        both("employee", b, &[SELECT_JPKI, "80A2000003010203"]),
        (0x6A86, 0x6A86),
        "other P1-P2 stay 6A86"
    );
}

#[test]
fn record_filler() {
    // Read EF 0002 of both 券面 APs whole (extended Le 65536): by default the TLV alone, with the
    // switch padded with FF to the configured sizes.
    let read = |card: &mut Card, apdus: &[&str]| {
        for apdu in apdus {
            assert_eq!(sw(card, apdu), 0x9000, "{apdu}");
        }
        let r = card.transmit(&h("00B08200000000"));
        assert_eq!(r[r.len() - 2..], [0x90, 0x00]);
        r[..r.len() - 2].to_vec()
    };
    let kenhojo = [SELECT_KENHOJO, "002000910431323334"];
    // 照合番号B of the employee opens the kenkaku card face.
    let b_key = mynakit_emulator::collation_b(
        &mynakit_fixtures::Fixtures::bundled()
            .persona("employee")
            .unwrap()
            .identity,
        &mynakit_fixtures::Fixtures::bundled()
            .persona("employee")
            .unwrap()
            .card,
    )
    .unwrap();
    let kenkaku_verify = format!("00200092{:02X}{}", b_key.len(), hex::encode(&b_key));
    let kenkaku = [SELECT_KENKAKU, kenkaku_verify.as_str()];

    let plain_hojo = read(&mut card("employee"), &kenhojo);
    let plain_kaku = read(&mut card("employee"), &kenkaku);
    assert_eq!(plain_hojo[..2], [0xFF, 0x20]);
    assert_eq!(plain_hojo.len(), 3 + usize::from(plain_hojo[2]), "TLV only");
    let kaku_len = 5 + usize::from(u16::from_be_bytes([plain_kaku[3], plain_kaku[4]]));
    assert_eq!(plain_kaku.len(), kaku_len, "TLV only");

    let b = Behaviour {
        record_filler: Some(RecordFiller::FF_512),
        ..Behaviour::default()
    };
    let padded_hojo = read(&mut card_with("employee", b.clone()), &kenhojo);
    let padded_kaku = read(&mut card_with("employee", b.clone()), &kenkaku);
    assert_eq!(padded_hojo.len(), 512);
    assert_eq!(padded_hojo[..plain_hojo.len()], plain_hojo);
    assert!(padded_hojo[plain_hojo.len()..].iter().all(|&x| x == 0xFF));
    assert_eq!(padded_kaku.len(), 4096);
    assert_eq!(padded_kaku[..plain_kaku.len()], plain_kaku);
    assert!(padded_kaku[plain_kaku.len()..].iter().all(|&x| x == 0xFF));

    // A record that does not fit the configured size is an error, not a cut record.
    let tight = Behaviour {
        record_filler: Some(RecordFiller {
            kenhojo_ef0002: 64,
            ..RecordFiller::FF_512
        }),
        ..Behaviour::default()
    };
    let err = personalize::from_fixtures(&mynakit_fixtures::Fixtures::bundled(), "employee", tight)
        .unwrap_err()
        .to_string();
    assert!(err.contains("kenhojo EF 0002"), "{err}");
}

#[test]
fn absent_certificate_flag() {
    let b = Behaviour {
        absent_certificate_flag: 0x0F,
        ..Behaviour::default()
    };
    let ef0008 = |card: &mut Card| {
        sw(card, SELECT_JPKI);
        hex::encode_upper(card.transmit(&h("00B0880000")))
    };
    assert_eq!(ef0008(&mut card("under-15")), "008F009000");
    assert_eq!(ef0008(&mut card_with("under-15", b.clone())), "0F8F009000");
    assert_eq!(
        ef0008(&mut card_with("employee", b)),
        "8F8F009000",
        "a present certificate is still 8F"
    );
}

#[test]
fn kenkaku_own_key_fid() {
    let (persona, _) = persona("employee");
    let birth = mynakit_emulator::birth_key(&persona.identity).unwrap();
    let verify_birth = hex::encode(verify(0x91, &birth));
    let probe = |card: &mut Card| {
        [
            sw(card, SELECT_KENKAKU),
            sw(card, "00A4020C020014"),
            sw(card, "00A4020C020020"),
            sw(card, &verify_birth),
            sw(card, "802A00000301020300"),
        ]
    };
    assert_eq!(
        probe(&mut card("employee")),
        [0x9000, 0x9000, 0x6A82, 0x9000, 0x9000]
    );
    let moved = Behaviour {
        kenkaku_own_key_fid: 0x0020,
        ..Behaviour::default()
    };
    assert_eq!(
        probe(&mut card_with("employee", moved)),
        [0x9000, 0x6A82, 0x9000, 0x9000, 0x9000]
    );
    let (persona, material) = common::persona("employee");
    let taken = Behaviour {
        kenkaku_own_key_fid: 0x0011,
        ..Behaviour::default()
    };
    let err = mynakit_emulator::personalize::card(&persona, &material, taken).unwrap_err();
    assert!(
        err.to_string().contains("kenkaku_own_key_fid = 0011"),
        "{err}"
    );
}
