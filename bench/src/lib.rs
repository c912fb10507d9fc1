//! Shared set-up for mynakit's benchmarks: a personalised card and the APDUs the hot paths use.
//!
//! The benchmarks measure the public APIs of the library crates; this crate holds no logic of
//! its own beyond building their inputs and reading the clock `openssl speed` uses
//! ([`thread_cpu_time`]). `bench/compare.sh` runs them side by side with `openssl speed` and
//! prints ratios.

mod cpu_time;

pub use cpu_time::thread_cpu_time;

use mynakit_emulator::Backend;
use mynakit_emulator::{personalize, Behaviour, Card};
use mynakit_fixtures::{CardMaterial, Fixtures, PrivateKey};
use mynakit_persona::Persona;

/// SELECT the JPKI AP (its AID from the card's vocabulary, `mynakit-apdu`).
pub const SELECT_JPKI: [u8; 15] = {
    let aid = mynakit_apdu::Application::Jpki.aid();
    let mut apdu = [0x00, 0xA4, 0x04, 0x0C, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let mut i = 0;
    while i < aid.len() {
        apdu[5 + i] = aid[i];
        i += 1;
    }
    apdu
};
/// SELECT EF `000A` (auth certificate).
pub const SELECT_AUTH_CERT: [u8; 7] = [0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x0A];
/// READ BINARY 256 bytes from offset 0.
pub const READ_256: [u8; 5] = [0x00, 0xB0, 0x00, 0x00, 0x00];
/// VERIFY `1234` against `0018` by SFI.
pub const VERIFY_AUTH: [u8; 9] = [0x00, 0x20, 0x00, 0x98, 0x04, b'1', b'2', b'3', b'4'];

/// The bundled `employee` persona and its material.
pub fn employee() -> (Persona, CardMaterial) {
    let fixtures = Fixtures::bundled();
    let persona = fixtures.persona("employee").expect("bundled persona");
    let material = fixtures.card_material(&persona).expect("bundled material");
    (persona, material)
}

/// A card with the JPKI AP selected and the auth PIN verified, ready to sign.
pub fn card_ready_to_sign() -> Card {
    let (persona, material) = employee();
    let mut card = personalize::card(&persona, &material, Behaviour::default()).expect("card");
    assert_eq!(card.transmit(&SELECT_JPKI), [0x90, 0x00]);
    assert_eq!(card.transmit(&VERIFY_AUTH), [0x90, 0x00]);
    card
}

/// `80 2A 00 97` over a 51-byte SHA-256 DigestInfo, as OpenSC sends it.
pub fn sign_apdu() -> Vec<u8> {
    let mut apdu = vec![0x80, 0x2A, 0x00, 0x97, 51];
    apdu.extend_from_slice(&mynakit_emulator::SHA256_DIGEST_INFO_PREFIX);
    apdu.extend_from_slice(&[0x5A; 32]);
    apdu.push(0x00);
    apdu
}

/// The auth key wrapped for one backend.
pub fn auth_key(backend: Backend) -> mynakit_emulator::CardKey {
    let (_, material) = employee();
    let key: &PrivateKey = &material.auth.key;
    mynakit_emulator::CardKey::with_backend(key, backend)
}
