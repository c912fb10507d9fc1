//! `mynakit card run --reader NAME SCRIPT` and `mynakit card compare --reader NAME --persona P`:
//! the APDU scripts against a card in any PC/SC reader (`docs/apdu-scripts.md`).

use std::io::Write;
use std::path::Path;

use mynakit_emulator::script::{self, Script};
use mynakit_emulator::{personalize, Behaviour};
use mynakit_fixtures::{Fixtures, PinName};
use mynakit_harness::compare;
use mynakit_harness::relay::RealCard;

use crate::secret_prompt;

fn load(file: &Path) -> anyhow::Result<Script> {
    let text = mynakit_fixtures::read_utf8(file)?;
    Ok(Script::parse(&text, &file.display().to_string())?)
}

/// `card run --reader`: the script against the card in `reader`; `**` lines ask for the PIN.
pub(crate) fn run_on_reader(
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
pub(crate) fn compare(
    fixtures: &Fixtures,
    reader: &str,
    persona: &str,
    files: &[std::path::PathBuf],
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
        let (differences, ran) = compare::compare(
            &script,
            &mut card,
            &mut |line, key| secret_prompt::ask(line, key, &format!("the card in {name:?}")),
            &mut script::CardTransport(&mut virtual_card),
            &mut |line, _| {
                let pin = compare::pin_of_line(&script, line)?;
                pin_value(&persona, pin)
            },
        );
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
