//! Fuzzes the claim-file reader with arbitrary bytes: record by record and claim by claim, each
//! drained to its end. Any input is read to an end or to an error, never a panic or a hang. The
//! first byte chooses the options, so that the relaxed frame (LF alone, no end mark, a short
//! line bound) is reached too. Run with `cargo fuzz run read` from `uke/`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mynakit_uke::{Claims, Options, Reader};

fuzz_target!(|data: &[u8]| {
    let (options, bytes) = match data.split_first() {
        Some((flags, rest)) => (
            Options {
                accept_bare_lf: flags & 1 != 0,
                require_end_mark: flags & 2 == 0,
                max_line: if flags & 4 != 0 { 64 } else { 64 * 1024 },
            },
            rest,
        ),
        None => (Options::default(), data),
    };
    let mut records = 0usize;
    for record in Reader::with_options(bytes, options) {
        records += 1;
        if record.is_err() {
            break;
        }
    }
    assert!(records <= bytes.len() + 1, "at most one record per line");
    if let Ok(claims) = Claims::new(Reader::with_options(bytes, options)) {
        for claim in claims {
            if claim.is_err() {
                break;
            }
        }
    }
});
