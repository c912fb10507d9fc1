//! Shared set-up for the PC/SC tests: one managed pcscd per test process (libpcsclite reads
//! `PCSCLITE_CSOCK_NAME` once per process), started on first use.
//!
//! These tests need root, `pcscd` and `vsmartcard-vpcd`. Without them they are skipped locally
//! with a message, but they FAIL when `CI` is set: CI installs everything (`.ci/run`).
#![allow(dead_code, clippy::unwrap_used, missing_docs, unreachable_pub)]

pub mod tools;

use std::sync::OnceLock;
use std::time::Duration;

use mynakit_emulator::{personalize, Behaviour, Card};
use mynakit_fixtures::Fixtures;
use mynakit_reader::{
    Intercept, InterceptAction, PcscdChoice, ReaderProfile, Readers, ReadersConfig, Slot,
};
use mynakit_timeline::Timeline;

pub const READY: Duration = Duration::from_secs(10);

pub struct Env {
    pub readers: Readers,
    pub timeline: Timeline,
}

/// The process's readers, or `None` (skip) when pcscd cannot run here and `CI` is unset.
pub fn env(slots: usize, choice: PcscdChoice) -> Option<&'static Env> {
    env_with(slots, choice, ReaderProfile::Contact)
}

/// Like [`env`], with a reader profile.
pub fn env_with(slots: usize, choice: PcscdChoice, profile: ReaderProfile) -> Option<&'static Env> {
    static ENV: OnceLock<Result<Env, String>> = OnceLock::new();
    let env = ENV.get_or_init(|| {
        let timeline = Timeline::new(Some("reader-tests".into()));
        let readers = Readers::start(ReadersConfig {
            slots,
            pcscd: choice,
            profile,
            timeline: timeline.clone(),
            ..Default::default()
        })
        .map_err(|e| e.to_string())?;
        let pcscd = readers.pcscd().expect("a pcscd");
        pcscd.use_in_this_process();
        pcscd
            .wait_for_readers(READY)
            .map_err(|e| format!("{e}\n{}", pcscd.log_tail()))?;
        Ok(Env { readers, timeline })
    });
    match env {
        Ok(env) => Some(env),
        Err(e) if std::env::var_os("CI").is_some() => panic!("pcscd is required in CI: {e}"),
        Err(e) => {
            eprintln!("SKIPPED: no usable pcscd here ({e})");
            None
        }
    }
}

pub fn card(persona: &str) -> Card {
    personalize::from_fixtures(&Fixtures::bundled(), persona, Behaviour::default()).unwrap()
}

/// Inserts a persona's card into slot `index` and waits until PC/SC sees it.
pub fn insert(env: &Env, index: usize, persona: &str) -> &'static str {
    assert!(env.readers.insert(index, card(persona), persona).unwrap());
    let reader: &'static str = env.readers.slots()[index].reader().to_owned().leak();
    reader
}

/// Puts a fresh card of `persona` into slot `index` (a swap if a card is in it); `Readers::insert`'s
/// answer, `true` when there was such a slot.
pub fn put_card(env: &Env, index: usize, persona: &str) -> bool {
    env.readers.insert(index, card(persona), persona).unwrap()
}

/// Makes the card in `slot` leave the reader as it receives READ BINARY (the scenario fault
/// `remove`); every other command passes.
pub fn remove_at_read_binary(slot: &Slot) {
    act_at_read_binary(slot, InterceptAction::Remove);
}

/// The hook does `action` as the card in `slot` receives READ BINARY; every other command
/// passes.
pub fn act_at_read_binary(slot: &Slot, action: InterceptAction) {
    slot.set_hook(Some(Box::new(move |apdu: &[u8]| Intercept {
        action: if apdu.get(1) == Some(&0xB0) {
            action.clone()
        } else {
            InterceptAction::Pass
        },
        ..Default::default()
    })));
}

pub fn connect(reader: &str) -> pcsc::Card {
    let ctx = pcsc::Context::establish(pcsc::Scope::User).unwrap();
    let name = std::ffi::CString::new(reader).unwrap();
    ctx.connect(&name, pcsc::ShareMode::Shared, pcsc::Protocols::T1)
        .unwrap()
}

/// Transmits and splits (data, sw).
pub fn send(card: &pcsc::Card, apdu: &[u8]) -> Result<(Vec<u8>, u16), pcsc::Error> {
    let mut buf = vec![0u8; pcsc::MAX_BUFFER_SIZE_EXTENDED];
    let r = card.transmit(apdu, &mut buf)?;
    let (data, sw) = r.split_at(r.len() - 2);
    Ok((data.to_vec(), u16::from_be_bytes([sw[0], sw[1]])))
}

pub fn hex(s: &str) -> Vec<u8> {
    ::hex::decode(s.replace(' ', "")).unwrap()
}
