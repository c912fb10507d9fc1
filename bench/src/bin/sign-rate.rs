//! Prints the card's `80 2A` signature rate (signs/s, one thread) for `bench/compare.sh`, which
//! runs it next to `openssl speed rsa2048` so the two are measured in the same conditions.
//!
//! Usage: `sign-rate [SECONDS] [openssl|rustcrypto|card]` (default: 3 s, `card` = the whole
//! APDU path through `Card::transmit` with the default backend).

use std::time::{Duration, Instant};

use mynakit_bench::{auth_key, card_ready_to_sign, sign_apdu};
use mynakit_emulator::key::Backend;

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(3.0);
    let mode = args.next().unwrap_or_else(|| "card".to_owned());
    let budget = Duration::from_secs_f64(seconds);
    let apdu = sign_apdu();
    let mut sign: Box<dyn FnMut() -> usize> = match mode.as_str() {
        "card" => {
            let mut card = card_ready_to_sign();
            Box::new(move || card.transmit(&apdu).len())
        }
        "openssl" | "rustcrypto" => {
            let backend = if mode == "openssl" {
                Backend::OpenSsl
            } else {
                Backend::RustCrypto
            };
            let key = auth_key(backend);
            let data = apdu[5..56].to_vec();
            Box::new(move || key.sign_raw(&data).map_or(0, |s| s.len()))
        }
        other => {
            eprintln!("sign-rate: unknown mode {other} (expected card, openssl or rustcrypto)");
            std::process::exit(2);
        }
    };
    let start = Instant::now();
    let mut count = 0u64;
    while start.elapsed() < budget {
        assert!(sign() >= 256, "every signature is 256 bytes plus SW");
        count += 1;
    }
    println!("{:.1}", count as f64 / start.elapsed().as_secs_f64());
}
