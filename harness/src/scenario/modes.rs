//! A scenario's runs, one per confirmation mode it means (`modes:`; `docs/scenarios.md`,
//! "Modes"). Whether the card holder is identified by PIN, by the staff's look (目視確認) or by a
//! face reader, a lost qualification is shown as lost and a service outage is no eligibility:
//! such a scenario says so with `modes: [pin, visual, face]`, and the runner runs it once in
//! each of those modes that the client claims, each run its own verdict.
//!
//! The run in the scenario's own mode (`operator.mode`) keeps the scenario's id, so the reports,
//! waivers and CI histories written before `modes:` existed still name it; each other mode's run
//! is named `id[mode]` (`expired-eligibility[visual]`), and `id[mode]` of the own mode is another
//! name for the plain id. In a run of another mode, what only the own mode means is left out:
//! the PINs typed (none is typed outside PIN mode), the PIN tries expected at the end, and the
//! required checks and waivers of checks about other modes ([`mynakit_conformance::applies_in`]).
//! Outcome, fields, shown and hidden elements and every other check apply in all of them.
//!
//! A plain PC/SC program (`expect.exit_code`) speaks no client protocol and has no mode: it runs
//! once, as mode `none`.

use mynakit_protocol::{Capabilities, Mode};

use super::faults::CardTrigger;
use super::operator::{AskKind, AskRef};
use super::problem::Problems;
use super::Scenario;

/// How reports name the mode of a plain program's run: it has none.
pub const NO_MODE: &str = "none";

/// The modes a client in `role` offers: the only ones its scenarios can list in `modes:`.
pub(crate) fn role_modes(role: mynakit_protocol::Role) -> &'static [Mode] {
    match role {
        mynakit_protocol::Role::CardApp => &[Mode::Pin, Mode::Visual, Mode::Face],
        mynakit_protocol::Role::ReceiptComputer => &[
            Mode::InsuranceCard,
            Mode::Face,
            Mode::Bulk,
            Mode::DrugInfo,
            Mode::CheckupInfo,
            Mode::DiagnosisInfo,
        ],
        mynakit_protocol::Role::RelyingParty => &[Mode::Pin],
    }
}

impl Scenario {
    /// The modes the scenario means: `modes:`, else its one `operator.mode`; none for a plain
    /// program (`expect.exit_code`).
    pub fn meant_modes(&self) -> Vec<Mode> {
        if self.expect.exit_code.is_some() {
            Vec::new()
        } else if self.modes.is_empty() {
            vec![self.operator.mode]
        } else {
            self.modes.clone()
        }
    }

    /// The mode a client must claim to play this run (`docs/scenarios.md`, "Modes"):
    /// `operator.mode`, or `None` when the run asks none. A plain program (`expect.exit_code`)
    /// has no mode. Nor has a レセコン's run whose `operator.mode` is none of the レセコン's
    /// modes (written without one, or `visual` as the 居宅 imports are): the staff choose no way
    /// of reading a card for it (the same-day import of 居宅 consents, a claim file). Nor has a
    /// later visit of the 居宅同意取得型 (flow `kyotaku` or `visiting-nursing`, the staff
    /// answering `first-visit` no): it reads no card and checks by 再照会 within the consent
    /// (`docs/kyotaku.md`, "The app at the visit"). So a station's app that offers `pin` (its
    /// first visit's) and its レセコン that offers none play every station scenario of their
    /// role (`docs/visiting-nursing.md`).
    pub fn claimed_mode(&self) -> Option<Mode> {
        use mynakit_protocol::{ConfirmTopic, Flow, Role};
        let mode = self.operator.mode;
        let role = self.role();
        let later_visit = role == Role::CardApp
            && self
                .flows
                .iter()
                .any(|f| matches!(f, Flow::Kyotaku | Flow::VisitingNursing))
            && self.operator.confirm.get(&ConfirmTopic::FirstVisit) == Some(&false);
        let asks_none = self.expect.exit_code.is_some()
            || later_visit
            || (role == Role::ReceiptComputer && !role_modes(role).contains(&mode));
        (!asks_none).then_some(mode)
    }

    /// The mode of this run as reports name it (`pin`, `visual`, …), or `none` for a plain
    /// program.
    pub fn run_mode_name(&self) -> &'static str {
        if self.expect.exit_code.is_some() {
            NO_MODE
        } else {
            self.operator.mode.as_str()
        }
    }

    /// The id of the scenario file this run comes from: the id without its `[mode]`.
    pub fn file_id(&self) -> &str {
        split_name(&self.id).0
    }

    /// The run's name as it may go into a file name or a run id, without brackets:
    /// `expired-eligibility.visual` (a `.` is never part of a scenario id).
    pub fn run_slug(&self) -> String {
        slug(&self.id)
    }

    /// The other names of this run: `id[mode]` for the run in the scenario's own mode (which is
    /// named by the plain id); none for a run of another mode or a plain program.
    pub fn aliases(&self) -> Vec<String> {
        match split_name(&self.id) {
            (id, None) if self.expect.exit_code.is_none() => {
                vec![run_name(id, self.operator.mode)]
            }
            _ => Vec::new(),
        }
    }
}

/// A run's name as it may go into a file name (`expired-eligibility[visual]` →
/// `expired-eligibility.visual`): a `.` is never part of a scenario id.
pub fn slug(name: &str) -> String {
    match split_name(name) {
        (id, Some(mode)) => format!("{id}.{mode}"),
        (id, None) => id.to_owned(),
    }
}

/// `id[mode]`: the name of the run of scenario `id` in `mode`, when that is not its own mode.
pub fn run_name(id: &str, mode: Mode) -> String {
    format!("{id}[{}]", mode.as_str())
}

/// A run's name read back: the scenario id, and the mode in brackets if there is one
/// (`expired-eligibility[visual]` → `("expired-eligibility", Some("visual"))`). Scenario ids
/// are slugs, so a bracket is never part of one.
pub fn split_name(name: &str) -> (&str, Option<&str>) {
    match name.strip_suffix(']').and_then(|rest| rest.split_once('[')) {
        Some((id, mode)) => (id, Some(mode)),
        None => (name, None),
    }
}

/// The scenario as run in `mode`: that mode answers the `mode` ask (outside PIN mode no PIN is
/// typed: [`super::operator::Operator::typed_pins`]); and, in a mode other than its own, the PIN tries expected at the end and the checks
/// required or waived that are about other modes are left out. Its id stays the scenario's.
pub fn in_mode(s: &Scenario, mode: Mode) -> Scenario {
    let mut run = s.clone();
    let own = mode == s.operator.mode;
    run.operator.mode = mode;
    if !own {
        if mode != Mode::Pin {
            for card in run.expect.cards.values_mut() {
                card.pins = super::expect::PinsExpect::default();
            }
            run.expect
                .cards
                .retain(|_, c| c.inserted.is_some() || !c.pins.entries().is_empty());
        }
        run.expect
            .checks
            .retain(|c| mynakit_conformance::applies_in(c, mode));
        run.expect
            .waivers
            .retain(|w| mynakit_conformance::applies_in(&w.check, mode));
    }
    run
}

/// Every run of `s`: the one in its own mode first, under its id, then one per other mode of
/// `modes:`, named `id[mode]`. A scenario without `modes:` (or a plain program) has one run,
/// the scenario itself.
pub fn runs(s: &Scenario) -> Vec<Scenario> {
    if s.modes.is_empty() || s.expect.exit_code.is_some() {
        return vec![s.clone()];
    }
    let own = s.operator.mode;
    let mut all = vec![in_mode(s, own)];
    for &mode in s.modes.iter().filter(|m| **m != own) {
        let mut run = in_mode(s, mode);
        run.id = run_name(&s.id, mode);
        all.push(run);
    }
    all
}

/// The runs `client` claims the mode of, among `runs` (as [`runs`] made them, any scenarios,
/// any order kept): a scenario whose modes the client claims none of keeps its run in its own
/// mode, which the runner then reports NOT-APPLICABLE with the reason. A plain program's run
/// has no mode and is always kept.
pub fn claimed<T>(
    runs: Vec<T>,
    client: &Capabilities,
    scenario: impl Fn(&T) -> &Scenario,
) -> Vec<T> {
    let modes = client.modes();
    let claims = |s: &Scenario| s.expect.exit_code.is_some() || modes.contains(&s.operator.mode);
    let claimed_files: std::collections::BTreeSet<String> = runs
        .iter()
        .map(&scenario)
        .filter(|s| claims(s))
        .map(|s| s.file_id().to_owned())
        .collect();
    runs.into_iter()
        .filter(|r| {
            let s = scenario(r);
            if claimed_files.contains(s.file_id()) {
                claims(s)
            } else {
                split_name(&s.id).1.is_none()
            }
        })
        .collect()
}

/// `modes:`: modes of the scenario's role, each once, `operator.mode` among them, and nothing
/// that makes the scenario about one mode only.
pub(super) fn check(s: &Scenario, p: &mut Problems) {
    if s.modes.is_empty() {
        return;
    }
    if s.expect.exit_code.is_some() {
        p.add(
            "modes",
            "a plain PC/SC program (`expect.exit_code`) has no mode: remove `modes`",
            "PC/SC だけを使うプログラム (`expect.exit_code`) にモードはない: `modes` を削除する",
        );
        return;
    }
    let role = s.role();
    let offered = role_modes(role);
    for (i, mode) in s.modes.iter().enumerate() {
        if s.modes[..i].contains(mode) {
            p.add(
                format!("modes[{i}]"),
                format!("`{}` is listed twice", mode.as_str()),
                format!("`{}` が二度挙げられている", mode.as_str()),
            );
        } else if !offered.contains(mode) {
            let offers = offered
                .iter()
                .map(|m| format!("`{}`", m.as_str()))
                .collect::<Vec<_>>()
                .join(", ");
            p.add(
                format!("modes[{i}]"),
                format!("a `{role}` offers {offers}, not `{}`", mode.as_str()),
                format!(
                    "`{role}` のモードは {offers} で、`{}` ではない",
                    mode.as_str()
                ),
            );
        }
    }
    if !s.modes.contains(&s.operator.mode) {
        p.add(
            "modes",
            format!(
                "`operator.mode` ({}) is not listed: the scenario's own run is in `operator.mode`",
                s.operator.mode.as_str()
            ),
            format!(
                "`operator.mode` ({}) が挙げられていない: シナリオ自身の実行は `operator.mode` で行う",
                s.operator.mode.as_str()
            ),
        );
    }
    if s.modes.len() > 1 {
        if let Some(AskRef {
            ask: AskKind::Pin, ..
        }) = s.operator.cancel
        {
            p.add(
                "modes",
                "`operator.cancel` at a `pin` ask is about PIN mode: list only `pin`, or remove `modes`",
                "`pin` の入力要求での `operator.cancel` は暗証番号モードのためのもの: `pin` だけを挙げるか、`modes` を削除する",
            );
        }
        let pin_trigger = s.faults.card.iter().any(|f| {
            matches!(
                f.when(),
                Some(
                    CardTrigger::Operator(AskRef {
                        ask: AskKind::Pin,
                        ..
                    }) | CardTrigger::VerifyPin
                )
            )
        }) || s.faults.service.iter().any(|f| {
            f.on()
                .and_then(|on| on.operator)
                .is_some_and(|r| r.ask == AskKind::Pin)
        });
        if pin_trigger {
            p.add(
                "modes",
                "a fault triggered by a `pin` ask is about PIN mode: list only `pin`, or remove `modes`",
                "`pin` の入力要求で起こす障害は暗証番号モードのためのもの: `pin` だけを挙げるか、`modes` を削除する",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn bundled(id: &str) -> Scenario {
        let path = crate::scenario::bundled_dir().join(format!("{id}.yaml"));
        crate::scenario::load_file(&path, &mynakit_fixtures::Fixtures::bundled()).unwrap()
    }

    /// The capability sets of the table in `docs/scenarios.md` ("Modes"), in its order.
    const TYPICAL: [(&str, &str); 13] = [
        ("pin only", r#"{"modes": ["pin"]}"#),
        (
            "visual only (目視)",
            r#"{"role": "card-app", "modes": ["visual"]}"#,
        ),
        (
            "visual only, no flow",
            r#"{"role": "card-app", "modes": ["visual"], "flows": []}"#,
        ),
        ("visual only, the Python example", PYTHON_VISUAL),
        ("face only", r#"{"modes": ["face"]}"#),
        ("pin + visual", r#"{"modes": ["pin", "visual"]}"#),
        ("declares nothing", "{}"),
        ("none (no mode)", r#"{"modes": []}"#),
        ("レセコン", r#"{"role": "receipt-computer"}"#),
        (
            "レセコン, every mode",
            r#"{"role": "receipt-computer", "modes": ["insurance-card", "face", "bulk", "drug-info"], "flows": ["limit-application", "kyotaku", "online-shinryo"]}"#,
        ),
        (
            "訪問看護ステーション's app",
            r#"{"role": "card-app", "modes": ["pin"], "flows": ["visiting-nursing"]}"#,
        ),
        (
            "訪問看護ステーション's レセコン",
            r#"{"role": "receipt-computer", "modes": [], "flows": ["visiting-nursing", "claim-file"]}"#,
        ),
        ("all (the reference client)", "reference"),
    ];

    /// The capabilities file of `examples/python-client` as a 目視-only app; the harness's
    /// `the_docs_only_python_client_passes_every_bundled_scenario_visual_only_over_pcscd` runs
    /// it and demands the count this table gives it.
    const PYTHON_VISUAL: &str = "examples/python-client/capabilities-visual.json";

    /// Verdicts (runs judged, not NOT-APPLICABLE) and distinct scenario files for `client`.
    fn counts(all: &[Scenario], client: &Capabilities) -> (usize, usize) {
        let runs: Vec<Scenario> = all.iter().flat_map(runs).collect();
        let judged: Vec<Scenario> = claimed(runs, client, |s| s)
            .into_iter()
            .filter(|s| crate::scenario::needs::unclaimed(s, client).is_none())
            // A card app's face run of a 資格確認限定型 scenario is NOT-APPLICABLE to every client.
            .filter(|s| crate::scenario::facility::face_at_limited_type(s).is_none())
            .collect();
        let files: std::collections::BTreeSet<&str> = judged.iter().map(|s| s.file_id()).collect();
        (judged.len(), files.len())
    }

    /// The table of `docs/scenarios.md` says how many verdicts each typical capability set gets.
    #[test]
    fn verdict_counts_in_the_docs_are_true() {
        let all = crate::scenario::bundled_for_tests();
        let mut table = String::new();
        for (name, declaration) in TYPICAL {
            let client = if declaration == "reference" {
                mynakit_reference_client::capabilities()
            } else if declaration == PYTHON_VISUAL {
                let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("..")
                    .join(PYTHON_VISUAL);
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
            } else {
                serde_json::from_str(declaration).unwrap()
            };
            let (verdicts, files) = counts(&all, &client);
            let shown = if declaration == "reference" {
                "`mynakit_reference_client::capabilities()`".to_owned()
            } else if declaration == PYTHON_VISUAL {
                format!("[`{PYTHON_VISUAL}`](../{PYTHON_VISUAL})")
            } else {
                format!("`{declaration}`")
            };
            table.push_str(&format!("| {name} | {shown} | {verdicts} | {files} |\n"));
        }
        let docs = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/scenarios.md"),
        )
        .unwrap();
        let begin = "<!-- verdict-counts: begin -->\n| capability set | declaration | verdicts | distinct scenarios |\n|---|---|---|---|\n";
        let start = docs.find(begin).unwrap() + begin.len();
        let end = docs.find("<!-- verdict-counts: end -->").unwrap();
        assert_eq!(
            &docs[start..end],
            table,
            "docs/scenarios.md, \"Modes\": the table is\n{table}"
        );
    }

    /// The issue's bar: a 目視-only app is judged on at least 40 distinct scenarios, covering
    /// the eligibility states, 医療扶助 current and lost, 高齢受給者, 限度額 and the faults.
    #[test]
    fn a_visual_only_app_is_judged_on_forty_distinct_scenarios() {
        let all = crate::scenario::bundled_for_tests();
        let client: Capabilities =
            serde_json::from_str(r#"{"role": "card-app", "modes": ["visual"]}"#).unwrap();
        let (_, files) = counts(&all, &client);
        assert!(files >= 40, "{files}");
        let runs: Vec<Scenario> = all.iter().flat_map(runs).collect();
        let judged: Vec<String> = claimed(runs, &client, |s| s)
            .into_iter()
            .filter(|s| crate::scenario::needs::unclaimed(s, &client).is_none())
            .map(|s| s.id)
            .collect();
        for id in [
            "expired-eligibility[visual]",
            "no-qualification[visual]",
            "medical-assistance[visual]",
            "medical-assistance-unregistered[visual]",
            "medical-assistance-lost[visual]",
            "elderly-70[visual]",
            "late-elderly[visual]",
            "limit-consent-given[visual]",
            "revoked-certificate[visual]",
            "auth-expired-past-grace[visual]",
            "card-removed-while-reading[visual]",
            "service-outage[visual]",
            "service-timeout[visual]",
            "visual-mode",
        ] {
            assert!(
                judged.iter().any(|j| j == id),
                "{id} not judged: {judged:?}"
            );
        }
    }

    fn from(text: &str) -> Result<Scenario, String> {
        crate::scenario::load_str(text, "t.yaml", &mynakit_fixtures::Fixtures::bundled())
            .map_err(|e| e.to_string())
    }

    /// A plain program speaks no client protocol: one run, mode `none`, whatever the client
    /// claims; and `modes:` beside it is refused.
    #[test]
    fn a_plain_program_has_no_mode() {
        let text = "id: t\ntitle: T\ngiven:\n  cards:\n    - id: rec\n      recorded:\n        script: |\n          00 A4 04 0C 02 D3 92 => 90 00\n  readers: [{ card: rec }]\nexpect:\n  exit_code: 0\n";
        let plain = from(text).unwrap();
        assert_eq!(plain.run_mode_name(), NO_MODE);
        assert!(plain.meant_modes().is_empty() && plain.aliases().is_empty());
        assert_eq!(runs(&plain), vec![plain.clone()]);
        let visual_only = Capabilities {
            modes: Some(vec![Mode::Visual]),
            ..Capabilities::default()
        };
        assert_eq!(claimed(vec![plain.clone()], &visual_only, |s| s).len(), 1);
        assert_eq!(
            crate::scenario::needs::unclaimed(&plain, &visual_only),
            None
        );
        let err =
            from(&text.replace("title: T\n", "title: T\nmodes: [pin, visual]\n")).unwrap_err();
        assert!(err.contains("has no mode: remove `modes`"), "{err}");
    }

    /// `modes:` lists the own mode, once each, of the role; a run that cannot mean what the
    /// scenario says is named.
    #[test]
    fn modes_are_checked_and_each_run_is_validated() {
        let base =
            "id: t\ntitle: T\nMODES\noperator:\n  pins: [\"1234\"]\nexpect:\n  outcome: eligible\n";
        let with = |modes: &str| from(&base.replace("MODES", modes));
        assert!(with("modes: [pin, visual, face]").is_ok());
        let err = with("modes: [visual, face]").unwrap_err();
        assert!(err.contains("`operator.mode` (pin) is not listed"), "{err}");
        let err = with("modes: [pin, pin]").unwrap_err();
        assert!(err.contains("`pin` is listed twice"), "{err}");
        let err = with("modes: [pin, insurance-card]").unwrap_err();
        assert!(err.contains("a `card-app` offers"), "{err}");
        let err = with("modes: [pin, visual]\nfaults:\n  card:\n    - remove: { when: signature }")
            .unwrap_err();
        assert!(err.contains("in its `visual` run: never fires"), "{err}");
        let err = base
            .replace("MODES", "modes: [pin, visual]")
            .replace("expect:", "  cancel: { ask: pin }\nexpect:")
            .replace("outcome: eligible", "outcome: cancelled");
        let err = from(&err).unwrap_err();
        assert!(
            err.contains("`operator.cancel` at a `pin` ask is about PIN mode"),
            "{err}"
        );
    }

    #[test]
    fn names_read_back() {
        assert_eq!(
            split_name("expired-eligibility[visual]"),
            ("expired-eligibility", Some("visual"))
        );
        assert_eq!(split_name("pin-lockout"), ("pin-lockout", None));
        assert_eq!(split_name("a[b"), ("a[b", None));
        assert_eq!(run_name("x", Mode::Face), "x[face]");
    }

    #[test]
    fn a_scenario_without_modes_is_one_run_in_its_mode() {
        let s = bundled("pin-lockout");
        assert!(s.modes.is_empty());
        assert_eq!(s.meant_modes(), vec![Mode::Pin]);
        assert_eq!(runs(&s), vec![s.clone()]);
        assert_eq!(s.aliases(), vec!["pin-lockout[pin]".to_owned()]);
        assert_eq!(s.run_mode_name(), "pin");
    }

    #[test]
    fn another_modes_run_leaves_out_what_only_pin_mode_means() {
        let mut s = bundled("expired-eligibility");
        s.modes = vec![Mode::Pin, Mode::Visual, Mode::Face];
        let all = runs(&s);
        let ids: Vec<&str> = all.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "expired-eligibility",
                "expired-eligibility[visual]",
                "expired-eligibility[face]"
            ]
        );
        assert_eq!(all[0], s);
        let visual = &all[1];
        assert_eq!(visual.operator.mode, Mode::Visual);
        assert!(visual.operator.typed_pins().is_empty());
        assert_eq!(
            visual.operator.pins, s.operator.pins,
            "kept, to be hidden in reports"
        );
        assert!(visual.expect.cards.is_empty(), "{:?}", visual.expect.cards);
        // PIN-one-verify is about PIN mode; SVC-invalid-shown about every mode.
        assert_eq!(visual.expect.checks, ["SVC-invalid-shown"]);
        assert_eq!(visual.expect.outcome, s.expect.outcome);
        assert_eq!(visual.expect.fields, s.expect.fields);
        assert_eq!(visual.file_id(), "expired-eligibility");
        assert!(visual.aliases().is_empty());
        assert_eq!(visual.run_mode_name(), "visual");
    }

    #[test]
    fn only_the_claimed_modes_run_and_an_unclaimed_scenario_keeps_its_own_run() {
        let mut s = bundled("expired-eligibility");
        s.modes = vec![Mode::Pin, Mode::Visual, Mode::Face];
        let pin_only = bundled("pin-lockout");
        let all: Vec<Scenario> = runs(&s).into_iter().chain(runs(&pin_only)).collect();
        let visual_only = Capabilities {
            modes: Some(vec![Mode::Visual]),
            ..Capabilities::default()
        };
        let kept: Vec<String> = claimed(all.clone(), &visual_only, |s| s)
            .into_iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(kept, ["expired-eligibility[visual]", "pin-lockout"]);
        let everything: Vec<String> = claimed(all, &Capabilities::default(), |s| s)
            .into_iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(everything.len(), 4);
    }
}
