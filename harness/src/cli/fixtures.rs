//! `mynakit fixtures [--check|--list|--path]`: the test PKI regenerated from the persona files,
//! compared, the personas listed, or where the data is (`docs/personas.md`, docs/install.md).

use std::io::Write;

use mynakit_fixtures::Fixtures;
use mynakit_harness::report::lang::msg;
use mynakit_harness::report::untrusted::{terminal, terminal_lines};
use mynakit_harness::report::Lang;

/// Runs `mynakit fixtures`; `Ok(false)` when `--check` finds a file regeneration would change.
pub(crate) fn fixtures_command(
    fixtures: &Fixtures,
    check: bool,
    list: bool,
    path: bool,
    lang: Lang,
) -> anyhow::Result<bool> {
    if path {
        // Lines a script can read: `name<TAB>folder`; the PKI's files are under `pki`
        // (`pki/server/ca.pem`, `pki/personas/<id>/auth.der`).
        // The folders follow `--fixtures`, an argument: shown with their controls escaped
        // (a tab or newline in a name cannot break the `name<TAB>folder` lines either).
        println!("fixtures\t{}", shown(fixtures.dir()));
        println!("pki\t{}", shown(&fixtures.pki_dir()));
        let scenarios = mynakit_harness::scenario::locate_bundled()?;
        let scenarios = std::fs::canonicalize(&scenarios).unwrap_or(scenarios);
        println!("scenarios\t{}", shown(&scenarios));
        return Ok(true);
    }
    if list {
        let mut out = std::io::stdout().lock();
        for id in fixtures.persona_ids()? {
            let persona = fixtures.persona(&id)?;
            // The persona files may be a user's (`--fixtures`): their words shown escaped.
            let id = terminal(&id);
            writeln!(out, "{id:<24} {}", terminal(&persona.description))?;
        }
        out.flush()?;
        return Ok(true);
    }
    fixtures_generate(fixtures, check, lang)
}

/// A folder's name as a line shows it: its control characters escaped.
fn shown(path: &std::path::Path) -> String {
    terminal(&path.display().to_string()).into_owned()
}

fn fixtures_generate(fixtures: &Fixtures, check_only: bool, lang: Lang) -> anyhow::Result<bool> {
    if check_only {
        let report = mynakit_fixtures::check(fixtures.dir(), &fixtures.pki_dir())?;
        println!("{}", terminal_lines(&msg::fixtures_checked(lang, &report)));
        return Ok(report.is_clean());
    }
    let report = mynakit_fixtures::generate(fixtures.dir(), &fixtures.pki_dir())?;
    println!(
        "{}",
        terminal_lines(&msg::fixtures_generated(lang, &report))
    );
    Ok(true)
}
