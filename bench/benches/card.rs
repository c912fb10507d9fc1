//! Criterion benchmarks of the card's hot paths: APDU parse, SELECT, READ BINARY, a full
//! certificate read, VERIFY and the `80 2A` signature (both RSA backends).
//!
//! Targets (checked by `bench/compare.sh`, never by a timed test): SELECT and READ BINARY
//! dispatch ≤ 100 ns median; the signature ≥ 0.9× `openssl speed rsa2048` signs/s.

// criterion_group! generates undocumented public functions.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use mynakit_apdu::Command;
use mynakit_bench::*;
use mynakit_emulator::Backend;

fn apdu(c: &mut Criterion) {
    let bytes = sign_apdu();
    c.bench_function("apdu_parse", |b| {
        b.iter(|| Command::decode(black_box(&bytes)).map(|c| c.ins))
    });
}

fn dispatch(c: &mut Criterion) {
    let mut card = card_ready_to_sign();
    c.bench_function("select_ef", |b| {
        b.iter(|| card.transmit(black_box(&SELECT_AUTH_CERT)))
    });
    card.transmit(&SELECT_AUTH_CERT);
    c.bench_function("read_binary_256", |b| {
        b.iter(|| card.transmit(black_box(&READ_256)))
    });
    c.bench_function("read_certificate", |b| {
        b.iter(|| {
            // OpenSC's pattern: a 4-byte header, then 256-byte chunks and an exact tail.
            let header = card.transmit(&[0x00, 0xB0, 0x00, 0x00, 0x04]);
            let len = usize::from(u16::from_be_bytes([header[2], header[3]])) + 4;
            let mut offset = 0;
            while offset < len {
                let chunk = (len - offset).min(256);
                let [hi, lo] = (offset as u16).to_be_bytes();
                card.transmit(&[0x00, 0xB0, hi, lo, chunk as u8]);
                offset += chunk;
            }
        })
    });
    c.bench_function("verify", |b| {
        b.iter(|| card.transmit(black_box(&VERIFY_AUTH)))
    });
}

fn sign(c: &mut Criterion) {
    let mut card = card_ready_to_sign();
    let apdu = sign_apdu();
    c.bench_function("sign_802a", |b| b.iter(|| card.transmit(black_box(&apdu))));
    let data = &apdu[5..56];
    for (name, backend) in [
        ("sign_raw_openssl", Backend::OpenSsl),
        ("sign_raw_rustcrypto", Backend::RustCrypto),
    ] {
        let key = auth_key(backend);
        c.bench_function(name, |b| b.iter(|| key.sign_raw(black_box(data))));
    }
}

criterion_group!(benches, apdu, dispatch, sign);
criterion_main!(benches);
