//! `mynakit card …`: APDU scripts against a persona's virtual card (`card run --persona`), or
//! against the card in a PC/SC reader (`card run --reader`, `card compare`;
//! `docs/apdu-scripts.md`).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};
use mynakit_capture::RealCard;
use mynakit_emulator::script::{self, Exchange, Script};
use mynakit_emulator::CardProfile;
use mynakit_emulator::{personalize, Behaviour};
use mynakit_fixtures::Fixtures;
use mynakit_harness::report::lang::msg;
use mynakit_harness::report::Lang;
use mynakit_persona::PinName;

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
pub(crate) fn card_command(
    command: CardCommand,
    fixtures: &Fixtures,
    lang: Lang,
) -> anyhow::Result<bool> {
    match command {
        CardCommand::Run {
            persona,
            reader,
            format,
            file,
        } => match (reader, persona) {
            (Some(reader), _) => run_on_reader(&reader, &file, |e| render(e, format, lang), lang),
            (None, Some(persona)) => card_run(fixtures, &persona, (format, lang), &file),
            (None, None) => anyhow::bail!("{}", lang.t(msg::PERSONA_OR_READER)),
        },
        CardCommand::Compare {
            reader,
            persona,
            mut scripts,
        } => {
            if scripts.is_empty() {
                scripts.push(fixtures.dir().join("apdu").join("compare.apdu"));
            }
            compare_with_reader(fixtures, (&reader, &persona), &scripts, lang)
        }
    }
}

fn card_run(
    fixtures: &Fixtures,
    persona: &str,
    (format, lang): (Format, Lang),
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
        &mut |line, key| secret_prompt::ask(line, key, &msg::pin_card(lang, Some(&name), ""), lang),
    );
    let mut out = std::io::stdout().lock();
    for exchange in &exchanges {
        writeln!(out, "{}", render(exchange, format, lang))?;
    }
    out.flush()?;
    let failed = exchanges.iter().filter(|e| !e.passed).count();
    if failed > 0 {
        let expected = exchanges.iter().filter(|e| e.expect.is_some()).count();
        eprintln!("{}", msg::card_failed(lang, failed, expected, true));
    }
    Ok(failed == 0)
}

fn render(exchange: &Exchange, format: Format, lang: Lang) -> String {
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
            if !exchange.passed {
                let expected = exchange.expect.as_ref().map(ToString::to_string);
                line.push_str(&msg::step_failed(lang, exchange.line, expected.as_deref()));
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
    lang: Lang,
) -> anyhow::Result<bool> {
    let script = load(file)?;
    let mut card = RealCard::connect(reader)?;
    let name = card.reader().to_owned();
    let whom = msg::pin_card(lang, None, &name);
    let exchanges = script::run_with(&script, &mut card, &mut |line, key| {
        secret_prompt::ask(line, key, &whom, lang)
    });
    let mut out = std::io::stdout().lock();
    for exchange in &exchanges {
        writeln!(out, "{}", render(exchange))?;
    }
    out.flush()?;
    let failed = exchanges.iter().filter(|e| !e.passed).count();
    if failed > 0 {
        eprintln!("{}", msg::card_failed(lang, failed, exchanges.len(), false));
    }
    Ok(failed == 0)
}

/// `card compare`: the scripts against the card in `reader` and `persona`'s virtual card.
fn compare_with_reader(
    fixtures: &Fixtures,
    (reader, persona): (&str, &str),
    files: &[PathBuf],
    lang: Lang,
) -> anyhow::Result<bool> {
    let persona = fixtures.persona(persona)?;
    let material = fixtures.card_material(&persona)?;
    let mut card = RealCard::connect(reader)?;
    let name = card.reader().to_owned();
    let whom = msg::pin_card(lang, None, &name);
    let mut total_differences = 0;
    let mut total = 0;
    let mut out = std::io::stdout().lock();
    for file in files {
        let script = load(file)?;
        let mut virtual_card = personalize::card(&persona, &material, Behaviour::default())?;
        // A `**` line with no PIN typed (no terminal, or an empty line) is not sent to the card;
        // it is then not sent to the virtual card either, so the two stay comparable.
        let untyped = std::cell::RefCell::new(Vec::new());
        let (differences, ran) = mynakit_capture::compare(
            &script,
            &mut card,
            &mut |line, key| {
                let pin = secret_prompt::ask(line, key, &whom, lang);
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
                let pin = mynakit_capture::pin_of_line(&script, line)?;
                pin_value(&persona, pin)
            },
        );
        for line in untyped.into_inner() {
            let place = format!("{}:{line}", file.display());
            let typed = std::io::stdin().is_terminal();
            writeln!(out, "{}", msg::not_sent(lang, &place, typed))?;
        }
        total += ran;
        total_differences += differences.len();
        for d in &differences {
            let place = format!("{}:{}", file.display(), d.line);
            let answers = (d.card.to_string(), d.virtual_card.to_string());
            let (command, what) = (d.command.to_string(), d.what.to_string());
            writeln!(
                out,
                "{}",
                msg::step_differs(lang, &place, &command, &what, (&answers.0, &answers.1))
            )?;
        }
    }
    writeln!(
        out,
        "{}",
        msg::compare_total(lang, total_differences, total, &name, &persona.id)
    )?;
    out.flush()?;
    Ok(total_differences == 0)
}

fn pin_value(persona: &mynakit_persona::Persona, pin: PinName) -> Option<Vec<u8>> {
    pin.spec(&persona.card.pins)
        .map(|spec| spec.value.as_bytes().to_vec())
}
