//! `mynakit`: the command line. It parses flags, calls the library crates and prints.
//!
//! Exit status: 0 when everything passed, 1 when an expectation failed, 2 on an error.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use mynakit_emulator::script::{self, Exchange, Script};
use mynakit_emulator::{personalize, Behaviour};
use mynakit_fixtures::Fixtures;

#[derive(Parser)]
#[command(
    name = "mynakit",
    version,
    about = "Test and conformance toolkit for オンライン資格確認 clients"
)]
struct Cli {
    /// The fixtures directory (personas and test PKI). Defaults to the bundled fixtures, or
    /// $MYNAKIT_FIXTURES.
    #[arg(long, global = true, value_name = "DIR")]
    fixtures: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Work with a virtual card directly.
    Card {
        #[command(subcommand)]
        command: CardCommand,
    },
    /// Regenerate the test PKI from the persona files (byte-for-byte reproducible).
    Fixtures {
        /// Only compare: exit 1 if regeneration would change any file.
        #[arg(long)]
        check: bool,
        /// List the personas and exit.
        #[arg(long, conflicts_with = "check")]
        list: bool,
    },
}

#[derive(Subcommand)]
enum CardCommand {
    /// Run an APDU script against a persona's card, one line per APDU.
    Run {
        /// The persona whose card to personalise (see `mynakit fixtures --list`).
        #[arg(long)]
        persona: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The script: one hex C-APDU per line, `#` comments, optional `=> SW`.
        file: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// `C-APDU -> R-APDU` per line.
    Text,
    /// `{"c":"<hex>","r":"<hex>"}` per line.
    Jsonl,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("mynakit: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Runs one command; `Ok(false)` means it ran but something it checked failed.
fn run(cli: Cli) -> anyhow::Result<bool> {
    let fixtures = match &cli.fixtures {
        Some(dir) => Fixtures::open(dir)?,
        None => Fixtures::bundled(),
    };
    match cli.command {
        Command::Card {
            command:
                CardCommand::Run {
                    persona,
                    format,
                    file,
                },
        } => card_run(&fixtures, &persona, format, &file),
        Command::Fixtures { list: true, .. } => {
            for id in fixtures.persona_ids()? {
                let persona = fixtures.persona(&id)?;
                println!("{id:<24} {}", persona.description);
            }
            Ok(true)
        }
        Command::Fixtures { check, .. } => fixtures_generate(&fixtures, check),
    }
}

fn card_run(
    fixtures: &Fixtures,
    persona: &str,
    format: Format,
    file: &PathBuf,
) -> anyhow::Result<bool> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let script = Script::parse(&text, &file.display().to_string())?;
    let mut card = personalize::from_fixtures(fixtures, persona, Behaviour::default())?;
    let exchanges = script::run(&script, &mut card);
    for exchange in &exchanges {
        println!("{}", render(exchange, format));
    }
    let failed = exchanges.iter().filter(|e| !e.passed).count();
    if failed > 0 {
        eprintln!(
            "{failed} of {} expectations failed",
            exchanges.iter().filter(|e| e.expect.is_some()).count()
        );
    }
    Ok(failed == 0)
}

fn render(exchange: &Exchange, format: Format) -> String {
    match format {
        Format::Jsonl => {
            serde_json::json!({"c": exchange.command, "r": exchange.response_hex()}).to_string()
        }
        Format::Text => {
            let mut line = format!("{} -> {}", exchange.command, exchange.response_hex());
            if let (false, Some(expect)) = (exchange.passed, exchange.expect) {
                line.push_str(&format!(
                    "   FAILED at line {}: expected {expect}",
                    exchange.line
                ));
            }
            line
        }
    }
}

fn fixtures_generate(fixtures: &Fixtures, check_only: bool) -> anyhow::Result<bool> {
    if check_only {
        let report = mynakit_fixtures::check(fixtures.dir(), &fixtures.pki_dir())?;
        println!("{report}");
        return Ok(report.is_clean());
    }
    let report = mynakit_fixtures::generate(fixtures.dir(), &fixtures.pki_dir())?;
    println!("{report}");
    Ok(true)
}
