//! Shared helpers for the emulator's integration tests: personalised cards (built once per
//! persona and cloned), a transcript recorder whose rendering redacts PINs, and certificate
//! helpers.
#![allow(dead_code, missing_docs, unreachable_pub, clippy::unwrap_used)]

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Mutex, OnceLock};

use mynakit_emulator::{personalize, redact, Behaviour, Card};
use mynakit_fixtures::{CardMaterial, Fixtures};
use mynakit_persona::Persona;

pub const SELECT_JPKI: &str = "00A4040C0AD392F000260100000001";
pub const SELECT_KENHOJO: &str = "00A4040C0AD3921000310001010408";
pub const SELECT_KENKAKU: &str = "00A4040C0AD3921000310001010402";
pub const SELECT_COMMON: &str = "00A4040C0AD3921000310001010100";

pub fn h(s: &str) -> Vec<u8> {
    hex::decode(s.replace(' ', "")).expect("test hex")
}

pub fn persona(id: &str) -> (Persona, CardMaterial) {
    static CACHE: OnceLock<Mutex<HashMap<String, (Persona, CardMaterial)>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap();
    cache
        .entry(id.to_owned())
        .or_insert_with(|| {
            let fixtures = Fixtures::bundled();
            let persona = fixtures.persona(id).unwrap();
            let material = fixtures.card_material(&persona).unwrap();
            (persona, material)
        })
        .clone()
}

/// A fresh card for a persona (personalisation signs records, so templates are cached).
pub fn card(id: &str) -> Card {
    card_with(id, Behaviour::default())
}

pub fn card_with(id: &str, behaviour: Behaviour) -> Card {
    let (persona, material) = persona(id);
    personalize::card(&persona, &material, behaviour).unwrap()
}

/// Records every exchange; renders PIN data redacted, long responses abbreviated.
pub struct Transcript<'c> {
    pub card: &'c mut Card,
    pub text: String,
}

impl<'c> Transcript<'c> {
    pub fn new(card: &'c mut Card) -> Self {
        Transcript {
            card,
            text: String::new(),
        }
    }

    /// Sends a command and returns (data, sw).
    pub fn send(&mut self, capdu: &[u8]) -> (Vec<u8>, u16) {
        let r = self.card.transmit(capdu);
        let (data, sw) = r.split_at(r.len() - 2);
        let sw = u16::from_be_bytes([sw[0], sw[1]]);
        let shown = if data.len() <= 16 {
            hex::encode_upper(data)
        } else {
            format!("{}… ({} bytes)", hex::encode_upper(&data[..8]), data.len())
        };
        let sep = if shown.is_empty() { "" } else { " " };
        writeln!(
            self.text,
            "> {}\n< {shown}{sep}{sw:04X}",
            redact::command_hex(capdu)
        )
        .unwrap();
        (data.to_vec(), sw)
    }

    pub fn send_hex(&mut self, capdu: &str) -> (Vec<u8>, u16) {
        self.send(&h(capdu))
    }

    /// Sends and asserts the SW.
    pub fn expect(&mut self, capdu: &str, sw: u16) -> Vec<u8> {
        let (data, got) = self.send_hex(capdu);
        assert_eq!(
            got, sw,
            "{capdu}: got {got:04X}, expected {sw:04X}\n{}",
            self.text
        );
        data
    }

    pub fn note(&mut self, line: &str) {
        writeln!(self.text, "# {line}").unwrap();
    }
}

/// The DER length of a certificate from its `30 82 LL LL` header.
pub fn der_len(header: &[u8]) -> usize {
    assert_eq!(&header[..2], [0x30, 0x82], "certificates are > 255 bytes");
    usize::from(u16::from_be_bytes([header[2], header[3]])) + 4
}

pub fn read_apdu(offset: usize, le: usize) -> Vec<u8> {
    let [hi, lo] = (offset as u16).to_be_bytes();
    vec![0x00, 0xB0, hi, lo, (le & 0xFF) as u8]
}

/// A VERIFY by SFI with an ASCII PIN.
pub fn verify(sfi_p2: u8, pin: &str) -> Vec<u8> {
    let mut apdu = vec![0x00, 0x20, 0x00, sfi_p2, pin.len() as u8];
    apdu.extend_from_slice(pin.as_bytes());
    apdu
}

/// `80 2A 00 P2` over `data`, Le=256.
pub fn sign(p2: u8, data: &[u8]) -> Vec<u8> {
    let mut apdu = vec![0x80, 0x2A, 0x00, p2, data.len() as u8];
    apdu.extend_from_slice(data);
    apdu.push(0x00);
    apdu
}
