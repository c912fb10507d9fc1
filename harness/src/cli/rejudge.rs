//! `mynakit report rejudge RUN_DIR --suite DAY`: a recorded run judged again by another suite,
//! and what would change (`docs/certification.md`, "Re-judged, not read"); and what
//! `mynakit evidence verify --complete` needs to judge a package again. The work is in
//! `mynakit_harness::run::rejudge`.

use std::path::Path;

use mynakit_conformance::suite::Suite;
use mynakit_fixtures::Fixtures;
use mynakit_harness::report::Lang;
use mynakit_harness::scenario::Scenario;
use mynakit_persona::PinName;

/// This mynakit's bundled scenarios, one per run (`id[mode]` too): the copies a package's runs
/// are judged again by, never the package's own (whose PINs are redacted).
pub(crate) fn bundled_runs(fixtures: &Fixtures, lang: Lang) -> anyhow::Result<Vec<Scenario>> {
    let bundled = mynakit_harness::scenario::locate_bundled()?;
    let loaded = super::run::load_scenarios(&[bundled], fixtures, lang)?;
    Ok(mynakit_harness::run::runs(loaded)
        .into_iter()
        .map(|l| l.scenario)
        .collect())
}

/// Whether a persona's own file leaves one of its PINs blocked: tries left 0, or no such PIN
/// (the virtual card has it, not set, with no try left: `mynakit_emulator`'s `user_pin`); an
/// unreadable persona blocks none.
pub(crate) fn persona_blocked(fixtures: &Fixtures) -> impl Fn(&str, PinName) -> bool + '_ {
    move |persona, pin| {
        let Ok(persona) = fixtures.persona(persona) else {
            return false;
        };
        let pins = &persona.card.pins;
        let spec = match pin {
            PinName::Auth => &pins.auth,
            PinName::Sign => &pins.sign,
            _ => return false,
        };
        spec.as_ref().is_none_or(|s| s.tries_left == Some(0))
    }
}

/// `mynakit report rejudge`: prints each run whose verdict or findings the suite of `day`
/// judges otherwise; `Ok(true)` when none would change.
pub(crate) fn rejudge_command(
    run_dir: &Path,
    day: &str,
    fixtures: &Fixtures,
    lang: Lang,
) -> anyhow::Result<bool> {
    let suite = Suite::of(day).map_err(|e| anyhow::anyhow!("--suite {e}"))?;
    let report = super::report::read_run_report(run_dir, lang)?;
    // The run's own scenario files where they still are, else the bundled ones of that id.
    let mut runs = bundled_runs(fixtures, lang)?;
    let own: Vec<std::path::PathBuf> = report
        .scenarios
        .iter()
        .map(|s| std::path::PathBuf::from(&s.file))
        .filter(|p| p.is_file())
        .collect();
    if !own.is_empty() {
        if let Ok(loaded) = mynakit_harness::run::load(&own, fixtures) {
            let theirs: Vec<Scenario> = mynakit_harness::run::runs(loaded)
                .into_iter()
                .map(|l| l.scenario)
                .collect();
            runs.retain(|b| !theirs.iter().any(|t| t.id == b.id));
            runs.extend(theirs);
        }
    }
    let (differ, judged) =
        mynakit_harness::run::rejudge::rejudge(&report, &runs, suite, &persona_blocked(fixtures));
    for run in &differ {
        for difference in &run.differences {
            println!(
                "{}",
                mynakit_harness::report::untrusted::terminal(&format!("{}: {difference}", run.run))
            );
        }
    }
    println!(
        "rejudge: {judged} runs judged again by the suite of {}; {} would change",
        suite.day(),
        differ.len()
    );
    Ok(differ.is_empty())
}
