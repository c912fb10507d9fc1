//! What judging a recorded run again needs besides the run (`mynakit evidence verify
//! --complete`, `mynakit report rejudge`; `docs/certification.md`, "Re-judged, not read"): this
//! mynakit's own scenarios and personas. The work is in `mynakit_harness::run::rejudge`.

use mynakit_fixtures::Fixtures;
use mynakit_harness::report::Lang;
use mynakit_harness::scenario::Scenario;
use mynakit_persona::PinName;

/// This mynakit's bundled scenarios: one per run (`id[mode]` too), the copies a package's runs
/// are judged again by, never the package's own (whose PINs are redacted); and each file's
/// SHA-256 by its id, which a package's `evidence.json` names as `original_sha256`.
pub(crate) struct Bundled {
    /// One scenario per run.
    pub(crate) runs: Vec<Scenario>,
    /// Each bundled file's SHA-256 (hex) by the scenario's file id.
    pub(crate) digests: std::collections::BTreeMap<String, String>,
}

/// [`Bundled`], loaded once.
pub(crate) fn bundled(fixtures: &Fixtures, lang: Lang) -> anyhow::Result<Bundled> {
    use sha2::Digest as _;
    let dir = mynakit_harness::scenario::locate_bundled()?;
    let loaded = super::run::load_scenarios(&[dir], fixtures, lang)?;
    let digests = loaded
        .iter()
        .map(|l| {
            (
                l.scenario.file_id().to_owned(),
                hex::encode(sha2::Sha256::digest(&l.bytes)),
            )
        })
        .collect();
    let runs = mynakit_harness::run::runs(loaded)
        .into_iter()
        .map(|l| l.scenario)
        .collect();
    Ok(Bundled { runs, digests })
}

/// This mynakit's bundled scenarios, one per run ([`Bundled::runs`]).
pub(crate) fn bundled_runs(fixtures: &Fixtures, lang: Lang) -> anyhow::Result<Vec<Scenario>> {
    Ok(bundled(fixtures, lang)?.runs)
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
