//! The 資格確認端末 of a world (when the scenario has `given.terminal`): its folder under the
//! world's, its data over the bundled example, answering from the mock service's live records
//! and clock (docs/terminal.md).

use std::path::Path;
use std::sync::Arc;

use mynakit_service::RunningService;
use mynakit_timeline::Timeline;

use super::super::planted::{self, Race};
use super::plan::Plan;
use super::shared::Shared;

/// Starts the plan's terminal in `dir/oqs` with its data over the bundled example
/// (parsed once per run, [`Shared`]), or nothing when the scenario has none. The parts' time
/// limit is the client's, for the planted pickup race ([`planted`]); their suite keeps a
/// vendor's own scenario on the defaults of its day ([`suite_defaults`]).
///
/// # Errors
///
/// A folder that cannot be made (the error names the folder).
pub(super) fn start(
    plan: &Plan<'_>,
    shared: &Shared,
    dir: &Path,
    service: &RunningService,
    timeline: &Timeline,
    parts: &super::Parts,
) -> Result<Option<mynakit_terminal::RunningTerminal>, mynakit_terminal::TerminalError> {
    if !plan.terminal {
        return Ok(None);
    }
    let root = dir.join("oqs");
    let mut data =
        crate::scenario::terminal_data_over(plan.scenario, shared.terminal_example.clone());
    suite_defaults(plan.scenario, parts.suite, &mut data);
    if planted::lost(Race::TerminalPickup) {
        // Past the client's time: it has given up waiting before the request is picked up.
        data.pickup_delay_ms = parts.timeout_secs.saturating_mul(1000);
    }
    // The terminal answers from the service's live records and clock: one eligibility model
    // and one scenario time for both (docs/terminal.md).
    let terminal = mynakit_terminal::Terminal::new(&root, data, Vec::new(), Some(timeline.clone()))
        .with_eligibility(Arc::new(ServiceEligibility(service.state().clone())));
    Ok(Some(terminal.start()?))
}

/// A vendor's own scenario (one the suite data does not know) judged by a suite before a
/// default of the world changed keeps the default it was written against: a default changed
/// later never FAILS it without a version (`docs/suites.md`). `unrecorded_sharing_consent` left
/// unset gets `answer` before the day `refuse` became the default (the bundled scenarios were
/// rewritten for the new default, each such change with its `stricter` line); `bulk_delay_secs`
/// left unset gets the standalone terminal's 60 s before the day a scenario's became
/// [`SCENARIO_BULK_DELAY_SECS`](crate::scenario::SCENARIO_BULK_DELAY_SECS) (every bundled
/// scenario with a bulk job sets its own).
fn suite_defaults(
    scenario: &crate::scenario::Scenario,
    suite: mynakit_conformance::suite::Suite,
    data: &mut mynakit_terminal::TerminalData,
) {
    use mynakit_conformance::suite::{added, Subject};
    use mynakit_terminal::sharing::{UnrecordedSharing, REFUSED_BY_DEFAULT_SINCE};
    let unset = scenario
        .given
        .terminal
        .as_ref()
        .is_none_or(|given| given.unrecorded_sharing_consent.is_none());
    let own = added(Subject::Scenario, scenario.file_id()).is_none();
    if unset && own && suite.predates(REFUSED_BY_DEFAULT_SINCE) {
        data.unrecorded_sharing_consent = UnrecordedSharing::Answer;
    }
    let bulk_unset = scenario
        .given
        .terminal
        .as_ref()
        .is_none_or(|given| given.bulk_delay_secs.is_none());
    if bulk_unset && own && suite.predates(crate::scenario::BULK_DELAY_BOUNDED_SINCE) {
        data.bulk_delay_secs = mynakit_terminal::TerminalData::default().bulk_delay_secs;
    }
}

/// The mock service's state as the terminal's source of persons, registrations and time.
struct ServiceEligibility(mynakit_service::AppState);

impl mynakit_terminal::Eligibility for ServiceEligibility {
    fn personas(&self) -> Vec<mynakit_persona::Persona> {
        self.0.records().persons().cloned().collect()
    }

    fn now(&self) -> time::OffsetDateTime {
        self.0.clock().now()
    }

    fn registered(&self, persona: &mynakit_persona::Persona, now: time::OffsetDateTime) -> bool {
        self.0.records().is_registered(persona, now)
    }

    /// The service's 居宅 and オンライン診療 consents, for the terminal's `OQSmuhvq` / `OQSmuonq`
    /// (docs/care-settings.md).
    fn consents(&self) -> Vec<mynakit_terminal::source::ConsentRecord> {
        use mynakit_service::care::settings::ConsentKind;
        use mynakit_terminal::source::{ConsentRecord, TreatmentFlag};
        self.0
            .care()
            .consents()
            .iter()
            .map(|c| ConsentRecord {
                person: c.person.clone(),
                flag: match c.kind {
                    ConsentKind::HomeVisit => TreatmentFlag::HomeVisit,
                    ConsentKind::OnlineVisit => TreatmentFlag::Online,
                },
                medical_institution_code: c.medical_institution_code.clone(),
                consented_on: c.registered_at.to_offset(mynakit_oqs::clock::JST).date(),
                withdrawn_at: c.withdrawn_at,
                information_consent: c.medical_information.then_some(c.registered_at),
            })
            .collect()
    }

    /// The certificate as the persona has it, and revocations and re-links as the service
    /// tracks them (a face confirmation is a card use: it starts a renewed card's re-link).
    fn card_check(
        &self,
        persona: &mynakit_persona::Persona,
        now: time::OffsetDateTime,
    ) -> mynakit_terminal::CardCheck {
        use mynakit_oqs::Outcome;
        use mynakit_terminal::CardCheck;
        let serial = u64::from(persona.certificates.auth_serial);
        if self.0.records().revocation(serial, now).is_some() {
            return CardCheck::Refused(Outcome::CertificateRevoked);
        }
        match mynakit_terminal::source::certificate_check(persona, now) {
            CardCheck::Refused(outcome) => CardCheck::Refused(outcome),
            usable => {
                match mynakit_service::eligibility::confirm::resolve(&self.0, Some(serial), now) {
                    Err(outcome @ (Outcome::CardNotRelinked | Outcome::JlisMaintenance)) => {
                        CardCheck::Refused(outcome)
                    }
                    // Registration is the face reader's own check (`registered`).
                    _ => usable,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use mynakit_conformance::suite::Suite;
    use mynakit_fixtures::Fixtures;

    use super::suite_defaults;
    use crate::scenario::{load_str, terminal_data, SCENARIO_BULK_DELAY_SECS};

    /// A vendor's own scenario that leaves `bulk_delay_secs` unset gets 2 s under today's suite
    /// and the 60 s it was written against under an earlier one; a scenario that sets it keeps
    /// its own under every suite.
    #[test]
    fn a_vendors_unset_bulk_delay_keeps_the_default_of_its_suite() {
        let scenario = |terminal: &str| {
            let text = format!(
                "id: vendor-bulk\ntitle: T\ngiven:\n  terminal:\n{terminal}operator:\n  mode: bulk\n  \
                 insurance_card: {{InsurerNumber: \"06139992\", InsuredCardSymbol: \"1001\", \
                 InsuredIdentificationNumber: \"2345\", InsuredBranchNumber: \"00\", Birthdate: \"19850412\"}}\n\
                 expect:\n  outcome: eligible\n"
            );
            load_str(&text, "vendor-bulk.yaml", &Fixtures::bundled()).unwrap()
        };
        let delay = |s: &crate::scenario::Scenario, suite: Suite| {
            let mut data = terminal_data(s).unwrap();
            suite_defaults(s, suite, &mut data);
            data.bulk_delay_secs
        };
        let earlier = Suite::of("2026-11-28").unwrap();
        let unset = scenario("    encoding: utf-8\n");
        assert_eq!(delay(&unset, Suite::latest()), SCENARIO_BULK_DELAY_SECS);
        assert_eq!(delay(&unset, earlier), 60);
        let set = scenario("    bulk_delay_secs: 5\n");
        assert_eq!(delay(&set, Suite::latest()), 5);
        assert_eq!(delay(&set, earlier), 5);
    }
}
