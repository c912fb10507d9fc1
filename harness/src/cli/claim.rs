//! `mynakit claim check RECEIPTC.UKE`: flags in, one line per problem out. The work is in
//! `mynakit_uke` (the reader and [`mynakit_uke::check`]); this prints what it found, naming
//! lines and claim numbers, never a patient (docs/uke.md, "Checking a claim file").

use std::io::BufReader;
use std::path::PathBuf;

use anyhow::Context;

/// `mynakit claim` subcommands.
#[derive(clap::Subcommand)]
pub(crate) enum ClaimCommand {
    /// Read a claim file (RECEIPTC.UKE: 医科, 歯科 or 調剤) and check it against itself: every
    /// record reads, every claim names its payer, GO counts the claims. Exit 0 when it is
    /// consistent, 1 naming each problem, 2 when it cannot be read.
    Check {
        /// The claim file.
        file: PathBuf,
    },
}

pub(crate) fn claim_command(command: ClaimCommand) -> anyhow::Result<bool> {
    match command {
        ClaimCommand::Check { file } => {
            let opened = std::fs::File::open(&file)
                .with_context(|| format!("cannot open {}", file.display()))?;
            let found = mynakit_uke::check(mynakit_uke::Reader::new(BufReader::new(opened)))
                .with_context(|| format!("{}: not a readable claim file", file.display()))?;
            for problem in &found.problems {
                println!("{}: {problem}", file.display());
            }
            let what = format!(
                "{}: {}, {:04}-{:02}, {} claim(s), {} record(s)",
                file.display(),
                layout_name(found.layout),
                found.month.year,
                found.month.month,
                found.claims,
                found.records
            );
            // No run was given: nothing here says the claims agree with what was confirmed.
            let scope = "checked against itself only, not against an eligibility confirmation";
            if found.problems.is_empty() {
                println!("OK {what}: consistent ({scope})");
                Ok(true)
            } else {
                eprintln!(
                    "mynakit claim check: {what}: {} problem(s) ({scope})",
                    found.problems.len()
                );
                Ok(false)
            }
        }
    }
}

fn layout_name(layout: mynakit_uke::Layout) -> &'static str {
    match layout {
        mynakit_uke::Layout::Medical => "医科",
        mynakit_uke::Layout::Dental => "歯科",
        mynakit_uke::Layout::Pharmacy => "調剤",
    }
}
