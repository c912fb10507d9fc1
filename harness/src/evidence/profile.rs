//! Certification profiles: one per kind of app (a PC card app at a 資格確認限定型 facility, a
//! phone app, a 既存型 レセコン, …), so two vendors of the same kind run the same set and a
//! certifier can tell a complete package from one with runs left out (`docs/certification.md`).
//!
//! A profile is the capabilities a client of its kind declares; its mandatory runs are every
//! bundled scenario run such a client claims ([`crate::scenario::needs::unclaimed`]) in the suite
//! judged by. Deriving them, rather than listing them by hand, keeps a profile true as scenarios
//! are added: a new scenario joins the profiles whose clients claim it from its suite day on,
//! and an older suite's package keeps the runs it had.
//!
//! ```
//! let profile = mynakit_harness::evidence::profile::find("pc-card-app-limited").unwrap();
//! assert_eq!(profile.name, "pc-card-app-limited");
//! ```

use std::sync::OnceLock;

use mynakit_conformance::suite::{Subject, Suite};
use mynakit_protocol::Capabilities;
use serde::Deserialize;

use crate::scenario::Scenario;

/// One certification profile.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Its name, as `certify --profile` takes it: never renamed or removed.
    pub name: String,
    /// What kind of app it is for, in a line.
    pub title: String,
    /// The same in Japanese.
    pub title_ja: String,
    /// The kind of app, in a few sentences.
    pub kind: String,
    /// What a client of this kind declares (`docs/client-protocol.md`, "Capabilities").
    pub capabilities: Capabilities,
    /// The ledger's sources whose `declared` items a vendor of this kind states
    /// (`docs/ledger.md`): the eligibility notices for an app of the オンライン資格確認, the
    /// 犯罪収益移転防止法 for a relying party. A notice's statement (a facility's registered
    /// devices, its internet line) says nothing of a bank's eKYC server, and the other way round.
    pub declared_sources: Vec<String>,
    /// What a client of this kind declared under earlier suites, when the profile's declaration
    /// changed since (`docs/certification.md`): a package of such a suite is held to the runs
    /// it was made for, never to runs a later declaration added.
    #[serde(default)]
    pub earlier: Vec<EarlierDeclaration>,
    /// When not empty, the only flows whose scenarios are mandatory: an app that does nothing
    /// but them (a マイナ救急 tablet, which never makes a counter's card check) is held to their
    /// runs, not to every run its declaration would claim (a card app in visual mode claims the
    /// counter's 目視確認 scenarios too). Empty, as in every profile before 2026-11-29, it
    /// changes nothing (`docs/certification.md`).
    #[serde(default)]
    pub only_flows: Vec<mynakit_protocol::Flow>,
}

/// A profile's declaration under the suites up to a day.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EarlierDeclaration {
    /// The last suite day (`YYYY-MM-DD`) it holds for.
    pub until: String,
    /// What a client of the kind declared then.
    pub capabilities: Capabilities,
}

/// Why a profile name was not found.
#[derive(Debug, thiserror::Error)]
#[error("no profile `{name}`; the profiles: {known}")]
pub struct UnknownProfile {
    /// The name asked for.
    pub name: String,
    /// The profiles there are, comma-separated.
    pub known: String,
}

/// The profiles, in the order `docs/certification.md` lists them.
pub fn profiles() -> &'static [Profile] {
    static PROFILES: OnceLock<Vec<Profile>> = OnceLock::new();
    PROFILES.get_or_init(|| {
        // The data is the binary's own, and a test reads it: a mistake there is a build's bug.
        mynakit_fixtures::yaml::from_str(include_str!("profiles.yaml"), "profiles.yaml")
            .expect("harness/src/evidence/profiles.yaml is valid (held by the profile tests)")
    })
}

/// The profile named `name`.
///
/// # Errors
///
/// [`UnknownProfile`], listing the names there are.
pub fn find(name: &str) -> Result<&'static Profile, UnknownProfile> {
    profiles()
        .iter()
        .find(|p| p.name == name)
        .ok_or_else(|| UnknownProfile {
            name: name.to_owned(),
            known: profiles()
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

impl Profile {
    /// Whether the run `scenario` (one mode of a bundled scenario) is mandatory for this
    /// profile in `suite`: a client of this kind claims it, and the suite holds it.
    pub fn requires(&self, scenario: &Scenario, suite: &Suite) -> bool {
        crate::scenario::needs::unclaimed(scenario, self.capabilities_in(suite)).is_none()
            && (self.only_flows.is_empty()
                || scenario.flows.iter().any(|f| self.only_flows.contains(f)))
            && suite
                .new_after(Subject::Scenario, scenario.file_id())
                .is_none()
    }

    /// What a client of this kind declares in `suite`: the earliest [`EarlierDeclaration`]
    /// that holds for the suite's day, else [`Profile::capabilities`].
    pub fn capabilities_in(&self, suite: &Suite) -> &Capabilities {
        self.earlier
            .iter()
            .filter(|e| suite.day() <= e.until.as_str())
            .min_by(|a, b| a.until.cmp(&b.until))
            .map_or(&self.capabilities, |e| &e.capabilities)
    }

    /// The names of the mandatory runs among `runs` (each mode's run of the bundled
    /// scenarios), in the order given.
    pub fn mandatory<'a>(
        &self,
        runs: impl IntoIterator<Item = &'a Scenario>,
        suite: &Suite,
    ) -> Vec<String> {
        runs.into_iter()
            .filter(|run| self.requires(run, suite))
            .map(|run| run.id.clone())
            .collect()
    }

    /// The checks of its kind: those of its roles that judge runs in one of its modes (each
    /// judges only the runs where its own setting is met, and is NOT-APPLICABLE elsewhere).
    pub fn checks(&self) -> Vec<&'static str> {
        let roles = self.capabilities.roles();
        let modes = self.capabilities.modes();
        mynakit_conformance::CHECKS
            .iter()
            .filter(|c| c.roles().iter().any(|r| roles.contains(r)))
            .filter(|c| {
                c.modes()
                    .is_none_or(|m| m.iter().any(|m| modes.contains(m)))
            })
            .map(|c| c.id())
            .collect()
    }

    /// The requirements the vendor of this kind states rather than a run proving them: the
    /// ledger's `declared` items of its [`Profile::declared_sources`] (`docs/ledger.md`).
    pub fn declarations(&self) -> Vec<&'static mynakit_conformance::ledger::Item> {
        mynakit_conformance::ledger::items()
            .iter()
            .filter(|i| i.evidence == mynakit_conformance::ledger::Evidence::Declared)
            .filter(|i| self.declared_sources.contains(&i.source))
            .collect()
    }

    /// Its title in `lang`.
    pub fn title_in(&self, lang: crate::report::Lang) -> &str {
        match lang {
            crate::report::Lang::En => &self.title,
            crate::report::Lang::Ja => &self.title_ja,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profiles_load_with_unique_names_and_sound_declarations() {
        let names: Vec<&str> = profiles().iter().map(|p| p.name.as_str()).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        for wanted in [
            "pc-card-app-limited",
            "pc-card-app",
            "phone-app",
            "windows-app",
            "recon-terminal",
            "recon-claim-file",
            "recon-subsidy",
            "app-subsidy",
            "jusei-ahaki",
            "kenshin",
            "bus-kenshin",
            "visiting-nursing",
            "relying-party",
            "counter-read",
            "myna-kyukyu",
        ] {
            assert!(names.contains(&wanted), "{wanted} missing from {names:?}");
        }
        for profile in profiles() {
            // A profile is what one app of one kind declares: never a contradictory declaration.
            assert!(
                profile.capabilities.check().is_ok(),
                "{}: {:?}",
                profile.name,
                profile.capabilities.check()
            );
        }
    }

    /// The station's profile declared `visual` and no `claim-file` until 2026-11-28: a
    /// package of that suite is held to the runs it was made for; from 2026-11-29 the
    /// claim-file runs are mandatory and the visual ones are not.
    #[test]
    fn an_earlier_suite_keeps_the_declaration_it_was_made_for() {
        let profile = find("visiting-nursing").unwrap();
        let before = Suite::of("2026-11-28").unwrap();
        let now = Suite::of("2026-11-29").unwrap();
        let modes = |suite: &Suite| profile.capabilities_in(suite).modes.clone().unwrap();
        assert_eq!(
            modes(&before),
            [mynakit_protocol::Mode::Pin, mynakit_protocol::Mode::Visual]
        );
        assert_eq!(modes(&now), [mynakit_protocol::Mode::Pin]);
        let flows = profile.capabilities_in(&now).flows.clone().unwrap();
        assert!(
            flows.contains(&mynakit_protocol::Flow::ClaimFile),
            "{flows:?}"
        );
        for p in profiles() {
            for e in &p.earlier {
                assert!(Suite::of(&e.until).is_ok(), "{}: {}", p.name, e.until);
                assert!(e.capabilities.check().is_ok(), "{}: {}", p.name, e.until);
            }
        }
    }

    #[test]
    fn every_declared_item_of_the_ledger_is_some_profiles_and_each_source_is_known() {
        let ledger = mynakit_conformance::ledger::items();
        for item in ledger
            .iter()
            .filter(|i| i.evidence == mynakit_conformance::ledger::Evidence::Declared)
        {
            assert!(
                profiles()
                    .iter()
                    .any(|p| p.declarations().iter().any(|d| d.id == item.id)),
                "{}: declared, but no profile states it",
                item.id
            );
        }
        let sources = mynakit_conformance::ledger::sources();
        for profile in profiles() {
            assert!(!profile.declared_sources.is_empty(), "{}", profile.name);
            for source in &profile.declared_sources {
                assert!(
                    sources.iter().any(|s| &s.id == source),
                    "{}: no ledger source {source}",
                    profile.name
                );
            }
        }
    }

    #[test]
    fn the_relying_party_profile_is_the_roles_checks_its_flows_and_the_aml_declarations() {
        let profile = find("relying-party").unwrap();
        let checks = profile.checks();
        for id in mynakit_conformance::CHECKS
            .iter()
            .filter(|c| c.id().starts_with("RP-"))
            .map(|c| c.id())
        {
            assert!(checks.contains(&id), "{id} missing from {checks:?}");
        }
        // A relying party's app reads the card: the PIN checks it meets are among them, and no
        // check of the eligibility service's screen is.
        assert!(checks.contains(&"PIN-one-verify"), "{checks:?}");
        assert!(!checks.iter().any(|c| c.starts_with("SVC-")), "{checks:?}");
        let declared: Vec<&str> = profile
            .declarations()
            .iter()
            .map(|i| i.source.as_str())
            .collect();
        assert!(!declared.is_empty());
        assert!(declared.iter().all(|s| *s == "AML-ACT"), "{declared:?}");
        // The eligibility notices' statements are not a bank's, nor the other way round.
        let card_app = find("pc-card-app-limited").unwrap();
        assert!(card_app
            .declarations()
            .iter()
            .all(|i| i.source.starts_with("SEED")));
    }

    #[test]
    fn the_counter_read_profile_claims_the_counter_scenarios_and_no_other_relying_party_flow() {
        let profile = find("counter-read").unwrap();
        let claimed: Vec<String> = crate::scenario::bundled_for_tests()
            .into_iter()
            .filter(|s| crate::scenario::needs::unclaimed(s, &profile.capabilities).is_none())
            .map(|s| s.id)
            .collect();
        assert!(claimed.len() >= 8, "{claimed:?}");
        assert!(
            claimed.iter().all(|id| id.starts_with("counter-read-")),
            "{claimed:?}"
        );
    }

    /// The マイナ救急 tablet's profile holds it to the tablet's runs alone, though a card app in
    /// visual mode claims the counter's 目視確認 runs too; no profile before it says `only_flows`,
    /// so their runs are what they were.
    #[test]
    fn the_tablets_profile_requires_its_flows_runs_alone() {
        let profile = find("myna-kyukyu").unwrap();
        let now = Suite::of("2026-11-29").unwrap();
        let bundled = crate::scenario::bundled_for_tests();
        let mandatory = profile.mandatory(bundled.iter(), &now);
        assert!(mandatory.len() >= 7, "{mandatory:?}");
        assert!(
            mandatory.iter().all(|id| id.starts_with("myna-kyukyu-")),
            "{mandatory:?}"
        );
        let claimed = bundled
            .iter()
            .filter(|s| crate::scenario::needs::unclaimed(s, &profile.capabilities).is_none())
            .count();
        assert!(
            claimed > mandatory.len(),
            "the declaration alone claims more"
        );
        // Before the flow's scenarios came, the profile has no run.
        let before = Suite::of("2026-11-28").unwrap();
        assert!(profile.mandatory(bundled.iter(), &before).is_empty());
        for p in profiles().iter().filter(|p| p.name != "myna-kyukyu") {
            assert!(p.only_flows.is_empty(), "{}", p.name);
        }
    }

    /// The two profiles of 医療費助成 through PMH (docs/subsidies.md): a card app's holds it to
    /// the runs of a 既存型 PC app and every card-app `subsidy-*` run (the lost answers among
    /// them), a レセコン's to the claim's `terminal-claim-file-subsidy-*` runs; neither to the
    /// other's, no profile without the flow to either, and no suite before the flow's day to any.
    #[test]
    fn the_subsidy_profiles_require_their_roles_subsidy_runs_from_their_day() {
        let now = Suite::of("2026-11-29").unwrap();
        let before = Suite::of("2026-11-28").unwrap();
        let bundled = crate::scenario::bundled_for_tests();
        let app = find("app-subsidy").unwrap();
        let recon = find("recon-subsidy").unwrap();
        let pc = find("pc-card-app").unwrap();
        let app_runs = app.mandatory(bundled.iter(), &now);
        let pc_runs = pc.mandatory(bundled.iter(), &now);
        let subsidy_ids: Vec<&String> =
            app_runs.iter().filter(|id| !pc_runs.contains(id)).collect();
        assert!(subsidy_ids.len() >= 9, "{subsidy_ids:?}");
        assert!(
            subsidy_ids.iter().all(|id| id.starts_with("subsidy-")),
            "{subsidy_ids:?}"
        );
        for id in [
            "subsidy-child-network-loss",
            "subsidy-adult-declined-network-loss",
        ] {
            assert!(app_runs.iter().any(|r| r == id), "{id}: {app_runs:?}");
        }
        assert!(pc_runs.iter().all(|id| app_runs.contains(id)));
        let recon_runs = recon.mandatory(bundled.iter(), &now);
        assert!(
            recon_runs
                .iter()
                .filter(|id| id.starts_with("terminal-claim-file-subsidy-"))
                .count()
                >= 20,
            "{recon_runs:?}"
        );
        assert!(!recon_runs.iter().any(|id| id.starts_with("subsidy-")));
        assert!(!app_runs.iter().any(|id| id.contains("claim-file")));
        for p in profiles().iter().filter(|p| !p.name.ends_with("-subsidy")) {
            let runs = p.mandatory(bundled.iter(), &now);
            assert!(
                !runs.iter().any(|id| id.starts_with("subsidy-")),
                "{}: {runs:?}",
                p.name
            );
        }
        // Before the flow's day its runs are in no package, and the app's are the PC app's.
        assert_eq!(
            app.mandatory(bundled.iter(), &before),
            pc.mandatory(bundled.iter(), &before)
        );
        let checks = app.checks();
        for id in [
            "SVC-subsidy-asked",
            "SVC-subsidy-declined",
            "SVC-subsidy-shown",
            "SVC-subsidy-valid",
        ] {
            assert!(checks.contains(&id), "{id} missing from {checks:?}");
        }
    }

    #[test]
    fn an_unknown_profile_names_those_there_are() {
        let error = find("pc-card").unwrap_err();
        assert!(error.to_string().contains("pc-card-app-limited"), "{error}");
    }
}
