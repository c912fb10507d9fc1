//! More readers than one vpcd entry carries, through one real pcscd: every reader shows its own
//! card. Debian's vpcd driver shares one connection table between the entries that load it, so
//! this fails unless each entry loads its own copy of the driver (`docs/reader.md`).

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use mynakit_fixtures::Fixtures;
use mynakit_reader::PcscdChoice;

const PERSONAS: [&str; 5] = [
    "employee",
    "dependent",
    "elderly-70",
    "medical-assistance",
    "late-elderly",
];

#[test]
fn five_readers_each_show_their_own_card() {
    let Some(env) = env(PERSONAS.len(), PcscdChoice::Managed) else {
        return;
    };
    let fixtures = Fixtures::bundled();
    for (index, persona) in PERSONAS.into_iter().enumerate() {
        let reader = insert(env, index, persona);
        let card = connect(reader);
        assert_eq!(
            send(&card, &hex("00A4040C0AD392F000260100000001"))
                .unwrap()
                .1,
            0x9000,
            "{reader}"
        );
        assert_eq!(send(&card, &hex("00A4020C02000A")).unwrap().1, 0x9000);
        let (certificate, sw) = send(&card, &hex("00B00000000000")).unwrap();
        assert_eq!(sw, 0x9000, "{reader}");
        let expected = fixtures
            .card_material(&fixtures.persona(persona).unwrap())
            .unwrap()
            .auth
            .cert_der;
        assert_eq!(certificate, expected, "{reader} holds {persona}'s card");
    }
}
