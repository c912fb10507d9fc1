//! Reads and checks a claim file (RECEIPTC.UKE) in one streaming pass, as `mynakit claim check
//! FILE` does: the same [`mynakit_uke::check`] over the same [`mynakit_uke::Reader`] on a
//! buffered file, without the CLI's other dependencies, so that `bench/uke.sh` can build and time
//! it next to `iconv -f CP932 -t UTF-8` over the same bytes.
//!
//! Usage: `uke-check FILE`. Prints the one line `mynakit claim check` prints (claims, records,
//! problems) and exits as it does: 0 consistent, 1 with problems, 2 when the file does not read.

use std::fs::File;
use std::io::BufReader;
use std::process::ExitCode;

/// The allocator of the `mynakit` binary (`harness/src/main.rs`), so that this measures what
/// `mynakit claim check` does: the reader allocates each record's fields.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: uke-check FILE");
        return ExitCode::from(2);
    };
    let file = match File::open(&path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("uke-check: cannot open {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let found = match mynakit_uke::check(mynakit_uke::Reader::new(BufReader::new(file))) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("uke-check: {path}: not a readable claim file: {e}");
            return ExitCode::from(2);
        }
    };
    for problem in &found.problems {
        println!("{path}: {problem}");
    }
    println!(
        "{} {path}: {:?}, {}, {} claim(s), {} record(s), {} problem(s)",
        if found.problems.is_empty() {
            "OK"
        } else {
            "PROBLEMS"
        },
        found.layout,
        found.month,
        found.claims,
        found.records,
        found.problems.len()
    );
    if found.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
