//! `mynakit fixtures [--check|--list]`: the test PKI regenerated from the persona files, compared,
//! or the personas listed (`docs/personas.md`).

use std::io::Write;

use mynakit_fixtures::Fixtures;

/// Runs `mynakit fixtures`; `Ok(false)` when `--check` finds a file regeneration would change.
pub(crate) fn fixtures_command(
    fixtures: &Fixtures,
    check: bool,
    list: bool,
) -> anyhow::Result<bool> {
    if list {
        let mut out = std::io::stdout().lock();
        for id in fixtures.persona_ids()? {
            let persona = fixtures.persona(&id)?;
            writeln!(out, "{id:<24} {}", persona.description)?;
        }
        out.flush()?;
        return Ok(true);
    }
    fixtures_generate(fixtures, check)
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
