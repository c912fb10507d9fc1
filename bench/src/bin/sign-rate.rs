//! Prints the card's `80 2A` signature rate (signs per CPU second, one thread) for
//! `bench/compare.sh`, which runs it next to `openssl speed rsa2048` so the two are measured in
//! the same conditions and by the same clock: `openssl speed` divides by user CPU time, so this
//! divides by the thread's CPU time ([`thread_cpu_time`]). On a system without it, the wall
//! clock is used and a warning says so.
//!
//! Usage: `sign-rate [SECONDS] [card|openssl|rustcrypto]` (default: 3 s, `card` = the whole
//! APDU path through `Card::transmit` with the default backend; `openssl` and `rustcrypto` call
//! one backend's `sign_raw` directly).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use mynakit_bench::{auth_key, card_ready_to_sign, sign_apdu, thread_cpu_time};
use mynakit_emulator::Backend;

fn main() -> ExitCode {
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
            Box::new(move || key.sign_raw(&data).map_or(0, |s| s.len() + 2))
        }
        other => {
            eprintln!("sign-rate: unknown mode {other} (expected card, openssl or rustcrypto)");
            return ExitCode::from(2);
        }
    };
    let cpu_start = thread_cpu_time();
    let start = Instant::now();
    let mut count = 0u64;
    while start.elapsed() < budget {
        // 256 signature bytes and the status word: anything else is an error answer.
        if sign() != 258 {
            eprintln!("sign-rate: {mode}: a signature failed");
            return ExitCode::FAILURE;
        }
        count += 1;
    }
    let wall = start.elapsed();
    let spent = match (cpu_start, thread_cpu_time()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => {
            eprintln!("sign-rate: no thread CPU time here; dividing by the wall clock");
            wall
        }
    };
    println!("{:.1}", count as f64 / spent.as_secs_f64());
    ExitCode::SUCCESS
}
