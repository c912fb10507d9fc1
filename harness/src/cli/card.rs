//! `mynakit card …`: APDU scripts against a persona's virtual card (`card run --persona`), or
//! against the card in a PC/SC reader (`card run --reader`, `card compare`;
//! `docs/apdu-scripts.md`).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};
use mynakit_emulator::script::{self, Exchange, Script};
use mynakit_emulator::CardProfile;
use mynakit_emulator::{personalize, Behaviour};
use mynakit_field::RealCard;
use mynakit_fixtures::{Fixtures, PinName};

use super::secret_prompt;

#[derive(Subcommand)]
pub(crate) enum CardCommand {
    /// Run an APDU script against a persona's card, or the card in a PC/SC reader, one line per
    /// APDU.
    Run {
        /// The persona whose card to personalise (see `mynakit fixtures --list`).
        #[arg(long, required_unless_present = "reader", conflicts_with = "reader")]
        persona: Option<String>,
        /// Instead, the card in this PC/SC reader (its name, or its index in PC/SC's list);
        /// `**` lines of the script ask for the PIN on the terminal.
        #[arg(long)]
        reader: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The script: one hex C-APDU per line, `#` comments, optional `=> [DATA] SW`.
        file: PathBuf,
    },
    /// Run APDU scripts against the card in a PC/SC reader and a persona's virtual card, and
    /// show every command whose answers differ (exit 1 when any does).
    Compare {
        /// The PC/SC reader (its name, or its index in PC/SC's list).
        #[arg(long)]
        reader: String,
        /// The persona whose virtual card to compare with.
        #[arg(long)]
        persona: String,
        /// The scripts (default: the bundled fixtures/apdu/compare.apdu). `**` lines ask for
        /// the card's PIN on the terminal; the virtual card gets its persona's.
        scripts: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    /// `C-APDU -> R-APDU` per line.
    Text,
    /// `{"c":"<hex>","r":"<hex>"}` per line.
    Jsonl,
}

/// Runs `mynakit card …`.
pub(crate) fn card_command(command: CardCommand, fixtures: &Fixtures) -> anyhow::Result<bool> {
    match command {
        CardCommand::Run {
            persona,
            reader,
            format,
            file,
        } => match (reader, persona) {
            (Some(reader), _) => run_on_reader(&reader, &file, |e| render(e, format)),
            (None, Some(persona)) => card_run(fixtures, &persona, format, &file),
            (None, None) => anyhow::bail!("--persona or --reader is needed"),
        },
        CardCommand::Compare {
            reader,
            persona,
            mut scripts,
        } => {
            if scripts.is_empty() {
                scripts.push(fixtures.dir().join("apdu").join("compare.apdu"));
            }
            compare_with_reader(fixtures, &reader, &persona, &scripts)
        }
    }
}

fn card_run(
    fixtures: &Fixtures,
    persona: &str,
    format: Format,
    file: &Path,
) -> anyhow::Result<bool> {
    let text = mynakit_fixtures::read_utf8(file)?;
    let script = Script::parse(&text, &file.display().to_string())?;
    let persona = fixtures.persona(persona)?;
    if let Some(warning) = CardProfile::for_name(persona.card.profile).provisional_warning() {
        eprintln!("{warning}");
    }
    let material = fixtures.card_material(&persona)?;
    let mut card = personalize::card(&persona, &material, Behaviour::default())?;
    let name = persona.id.clone();
    let exchanges = script::run_with(
        &script,
        &mut script::CardTransport(&mut card),
        &mut |line, key| secret_prompt::ask(line, key, &format!("the virtual card of {name}")),
    );
    let mut out = std::io::stdout().lock();
    for exchange in &exchanges {
        writeln!(out, "{}", render(exchange, format))?;
    }
    out.flush()?;
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
        Format::Jsonl => match &exchange.error {
            Some(error) => {
                serde_json::json!({"c": exchange.command, "r": "", "error": error.to_string()})
                    .to_string()
            }
            None => {
                serde_json::json!({"c": exchange.command, "r": exchange.response_hex()}).to_string()
            }
        },
        Format::Text => {
            let response = match &exchange.error {
                Some(error) => format!("({error})"),
                None => exchange.response_hex(),
            };
            let mut line = format!("{} -> {response}", exchange.command);
            if let (false, Some(expect)) = (exchange.passed, &exchange.expect) {
                line.push_str(&format!(
                    "   FAILED at line {}: expected {expect}",
                    exchange.line
                ));
            } else if !exchange.passed {
                line.push_str(&format!("   FAILED at line {}", exchange.line));
            }
            line
        }
    }
}

fn load(file: &Path) -> anyhow::Result<Script> {
    let text = mynakit_fixtures::read_utf8(file)?;
    Ok(Script::parse(&text, &file.display().to_string())?)
}

/// `card run --reader`: the script against the card in `reader`; `**` lines ask for the PIN.
fn run_on_reader(
    reader: &str,
    file: &Path,
    render: impl Fn(&script::Exchange) -> String,
) -> anyhow::Result<bool> {
    let script = load(file)?;
    let mut card = RealCard::connect(reader)?;
    let name = card.reader().to_owned();
    let exchanges = script::run_with(&script, &mut card, &mut |line, key| {
        secret_prompt::ask(line, key, &format!("the card in {name:?}"))
    });
    let mut out = std::io::stdout().lock();
    for exchange in &exchanges {
        writeln!(out, "{}", render(exchange))?;
    }
    out.flush()?;
    let failed = exchanges.iter().filter(|e| !e.passed).count();
    if failed > 0 {
        eprintln!("{failed} of {} steps failed", exchanges.len());
    }
    Ok(failed == 0)
}

/// `card compare`: the scripts against the card in `reader` and `persona`'s virtual card.
fn compare_with_reader(
    fixtures: &Fixtures,
    reader: &str,
    persona: &str,
    files: &[PathBuf],
) -> anyhow::Result<bool> {
    let persona = fixtures.persona(persona)?;
    let material = fixtures.card_material(&persona)?;
    let mut card = RealCard::connect(reader)?;
    let name = card.reader().to_owned();
    let mut total_differences = 0;
    let mut total = 0;
    let mut out = std::io::stdout().lock();
    for file in files {
        let script = load(file)?;
        let mut virtual_card = personalize::card(&persona, &material, Behaviour::default())?;
        // A `**` line with no PIN typed (no terminal, or an empty line) is not sent to the card;
        // it is then not sent to the virtual card either, so the two stay comparable.
        let untyped = std::cell::RefCell::new(Vec::new());
        let (differences, ran) = mynakit_field::compare(
            &script,
            &mut card,
            &mut |line, key| {
                let pin = secret_prompt::ask(line, key, &format!("the card in {name:?}"));
                if pin.is_none() {
                    untyped.borrow_mut().push(line);
                }
                pin
            },
            &mut script::CardTransport(&mut virtual_card),
            &mut |line, _| {
                if untyped.borrow().contains(&line) {
                    return None;
                }
                let pin = mynakit_field::pin_of_line(&script, line)?;
                pin_value(&persona, pin)
            },
        );
        for line in untyped.into_inner() {
            let why = if std::io::stdin().is_terminal() {
                "an empty line was typed"
            } else {
                "stdin is not a terminal and gave no line"
            };
            writeln!(
                out,
                "NOT SENT {}:{line}: no PIN was typed for this `**` line ({why}), so it was sent \
                 to neither card; a later step that needs the PIN may differ for that reason",
                file.display()
            )?;
        }
        total += ran;
        total_differences += differences.len();
        for d in &differences {
            writeln!(
                out,
                "DIFF {}:{} {} ({} differs)\n  card:    {}\n  virtual: {}",
                file.display(),
                d.line,
                d.command,
                d.what,
                d.card,
                d.virtual_card
            )?;
        }
    }
    writeln!(
        out,
        "{total_differences} of {total} steps differ between {name:?} and the virtual card of {}",
        persona.id
    )?;
    out.flush()?;
    Ok(total_differences == 0)
}

fn pin_value(persona: &mynakit_fixtures::Persona, pin: PinName) -> Option<Vec<u8>> {
    pin.spec(&persona.card.pins)
        .map(|spec| spec.value.as_bytes().to_vec())
}
