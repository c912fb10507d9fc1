//! `mynakit record --reader NAME`: relays a PC/SC client to a real card through a virtual
//! reader of mynakit's own and records the session as a run's timeline, optionally as a
//! recorded-card scenario (`docs/import.md`, "Record and relay").

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use mynakit_capture as import;
use mynakit_capture::{RealCard, Relay};
use mynakit_harness::interrupt::Interrupt;
use mynakit_harness::report::lang::msg;
use mynakit_harness::report::untrusted::terminal;
use mynakit_harness::report::Lang;

#[derive(Args)]
pub(crate) struct RecordArgs {
    /// The real reader (its PC/SC name, or its index in PC/SC's list), reached through the
    /// system pcscd (or the one PCSCLITE_CSOCK_NAME names).
    #[arg(long)]
    reader: String,
    /// Write the recorded-card scenario here when recording stops.
    #[arg(short = 'o', long = "output", value_name = "SCENARIO.yaml")]
    output: Option<PathBuf>,
    /// Write the timeline (JSON lines, `mynakit docs timeline`; PINs redacted) here when recording
    /// stops.
    #[arg(long, value_name = "FILE")]
    trace: Option<PathBuf>,
    /// A status word the written scenario's card answers to a command not recorded; by
    /// default the virtual card answers it itself (`mynakit docs import`).
    #[arg(long, value_name = "SW")]
    unseen: Option<String>,
    /// Overwrite files that exist.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    scrub: crate::cli::import::ScrubArgs,
}

pub(crate) fn record_command(args: RecordArgs, lang: Lang) -> anyhow::Result<bool> {
    let unseen = match &args.unseen {
        Some(sw) => Some(
            hex::decode(sw.replace(' ', ""))
                .ok()
                .and_then(|b| <[u8; 2]>::try_from(b).ok())
                .ok_or_else(|| anyhow::anyhow!("--unseen {sw:?}: 4 hex digits like 6F00"))?,
        ),
        None => None,
    };
    let id = match &args.output {
        Some(path) => Some(
            path.file_stem()
                .and_then(|s| s.to_str())
                .filter(|_| path.extension().is_some_and(|e| e == "yaml"))
                .ok_or_else(|| {
                    anyhow::anyhow!("{}: the scenario file must be NAME.yaml", path.display())
                })?
                .to_owned(),
        ),
        None => None,
    };
    let scrubber = args.scrub.scrubber()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let interrupt = runtime.block_on(async { Interrupt::listen() })?;
    let mut real = RealCard::connect(&args.reader)?;
    let atr = real.atr()?;
    let real_name = real.reader().to_owned();
    let relay = Relay::start(real, mynakit_reader::PcscdChoice::Managed)?;
    let virtual_reader = relay.readers.slots()[0].reader().to_owned();
    let atr = hex::encode_upper(&atr);
    println!(
        "{}",
        recording_line(lang, &virtual_reader, &real_name, &atr)
    );
    if let Some(pcscd) = relay.readers.pcscd() {
        for (key, value) in pcscd.client_env() {
            println!("{}", msg::pcsc_env(lang, &key, &terminal(&value)));
        }
    }
    println!("{}", lang.t(msg::CTRL_C_TO_STOP_AND_WRITE));
    runtime.block_on(interrupt.wait());
    let mut events = relay.timeline.events();
    drop(relay);
    let origin = args
        .trace
        .as_ref()
        .map_or_else(|| "mynakit record".to_owned(), |p| p.display().to_string());
    // The trace and the scenario are written from the scrubbed events only.
    let (capture, replaced) = scrubber.scrub_timeline(&mut events, &origin)?;
    if let Some(path) = &args.trace {
        let trace_text: String = events
            .iter()
            .filter_map(|e| serde_json::to_string(e).ok())
            .map(|line| line + "\n")
            .collect();
        scrubber.check_text(&trace_text, &path.display().to_string())?;
        crate::cli::import::write_new(path, &trace_text, args.force)?;
        println!("{}", wrote_line(lang, path));
    }
    println!("{}", msg::recorded_apdus(lang, capture.apdus()));
    println!(
        "{}",
        msg::replaced_personal_data(lang, &replaced.to_string())
    );
    if let (Some(path), Some(id)) = (&args.output, id) {
        let options = import::ScenarioOptions {
            id,
            unseen,
            expect: import::ClientExpect::ExitCode(0),
        };
        let scenario =
            crate::cli::import::noted(import::write_scenario(&capture, &options), &replaced);
        scrubber.check_text(&scenario, &path.display().to_string())?;
        crate::cli::import::write_new(path, &scenario, args.force)
            .with_context(|| "writing the scenario")?;
        println!("{}", wrote_line(lang, path));
    }
    Ok(true)
}

/// The line that says what is recorded: reader names are the readers' own words (a real
/// reader's name comes from its driver), so the line is shown with its controls escaped.
fn recording_line(lang: Lang, virtual_reader: &str, real: &str, atr: &str) -> String {
    terminal(&msg::recording(lang, virtual_reader, real, atr)).into_owned()
}

/// The line that names a file written: its path is an argument, shown with its controls
/// escaped.
fn wrote_line(lang: Lang, path: &std::path::Path) -> String {
    msg::wrote(lang, &terminal(&path.display().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_s_name_and_a_file_s_name_are_shown_escaped() {
        for lang in [Lang::En, Lang::Ja] {
            let line = recording_line(lang, "mynakit 00", "Real\u{1b}[2J\n\u{202e}forged 01", "3B");
            for raw in ['\u{1b}', '\n', '\u{202e}'] {
                assert!(!line.contains(raw), "{line:?}");
            }
            assert!(line.contains("Real\\u{1b}[2J\\n"), "{line:?}");
            let line = wrote_line(lang, std::path::Path::new("a\u{1b}[31m\nforged.jsonl"));
            assert!(!line.contains('\u{1b}') && !line.contains('\n'), "{line:?}");
            assert!(line.contains("a\\u{1b}[31m\\u{a}forged.jsonl"), "{line:?}");
        }
    }
}
