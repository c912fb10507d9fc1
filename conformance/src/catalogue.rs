//! The registry: every check in catalogue order ([`CHECKS`]), the families, the catalogue of
//! `docs/conformance.md`, and [`evaluate`], which decodes a run once and hands it to every check.
//! It sits above every family; no check reads it.

use mynakit_protocol::{Mode, Outcome, Role};
use serde::{Deserialize, Serialize};

use crate::check::{Check, Evidence, Severity, Verdict};
use crate::facts::{self, Facts};
use crate::reason::Reason;
use crate::run::Run;
use crate::{apdu, data, pin, rp, svc, uke, vis, words, xml};

/// Whether the check `id` is about runs in `mode` ([`Check::modes`]); an unknown id is about
/// every mode (loading refuses it first).
pub fn applies_in(id: &str, mode: Mode) -> bool {
    find(id)
        .and_then(|c| c.modes())
        .is_none_or(|modes| modes.contains(&mode))
}

/// Result levels of reports (PASSED, NOT-APPLICABLE, SKIPPED, REVIEW, WARNING, FAILED), best
/// first: a scenario's verdict is the worst level among its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Level {
    /// Held.
    Passed,
    /// Scenario level only: the client does not claim what the scenario needs (its role, mode,
    /// flows or rule set; `docs/client-protocol.md`, "Capabilities"). Never counted as passed,
    /// and it does not fail a run. Written `NOT-APPLICABLE`.
    #[serde(rename = "NOT-APPLICABLE")]
    NotApplicable,
    /// Not exercised, or not run.
    Skipped,
    /// A person must look.
    Review,
    /// Worse practice.
    Warning,
    /// Broken.
    Failed,
}

/// One judged check (or one expectation of a scenario) in a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
// Its schema refuses keys it does not have, as the hand-written one before it: report.json
// never writes any (reading stays lenient).
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(deny_unknown_fields)
)]
pub struct Finding {
    /// The check id (or `expect.<key>` for a scenario's expectation).
    pub check: String,
    /// The level: never NOT-APPLICABLE, which only a scenario's verdict is.
    #[cfg_attr(feature = "schema", schemars(schema_with = "finding_level"))]
    pub level: Level,
    /// What was seen, in English (the words of record: JUnit, `report.json`'s `reason`).
    pub reason: String,
    /// The same in Japanese, where the check has written it (`docs/reports.md`, "Languages");
    /// absent in reports of earlier versions and for reasons not yet written in Japanese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub reason_ja: Option<String>,
    /// The timeline events the reason cites, as indices into the run's timeline (from 0):
    /// the places of its [`Facts::cites`] (`APDU 14`, `request 3`, `t=1.234s`); empty when it
    /// cites none (`docs/reports.md`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<usize>,
    /// What the reason says as data: the words entry, the places cited, the figures, codes and
    /// days named (`docs/reports.md`, "Findings as data"); absent in reports of earlier
    /// versions and for an expectation's findings.
    #[serde(default, skip_serializing_if = "Facts::is_empty")]
    pub facts: Facts,
}

/// The schema of a finding's level: a [`Level`] other than [`Level::NotApplicable`].
#[cfg(feature = "schema")]
fn finding_level(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let mut schema = generator.subschema_for::<Level>();
    if let Ok(not_applicable) = serde_json::to_value(Level::NotApplicable) {
        schema.insert(
            "not".to_owned(),
            serde_json::json!({ "const": not_applicable }),
        );
    }
    schema
}

/// Every check, in catalogue order (`docs/conformance.md` lists them in this order).
pub static CHECKS: &[&dyn Check] = &[
    &pin::OneVerify,
    &pin::NoAutoRetry,
    &pin::BlockedStop,
    &pin::TriesShown,
    &pin::NotInVisual,
    &pin::NotReused,
    &pin::Format,
    &pin::NotLogged,
    &pin::NotKept,
    &apdu::SelectFirst,
    &apdu::CertComplete,
    &apdu::SignAfterVerify,
    &apdu::Efficiency,
    &apdu::Removal,
    &apdu::Release,
    &apdu::EmptyAnswer,
    &apdu::No61xx,
    &apdu::UnrecordedCommand,
    &apdu::NoMyNumber,
    &apdu::OnePresentation,
    &apdu::PhoneFallback,
    &apdu::ShortFallback,
    &apdu::SelectIdentifiers,
    &apdu::TagLostHonest,
    &apdu::TimeoutHonest,
    &apdu::TransportErrorHonest,
    &apdu::PatientReader,
    &apdu::LatencyPatience,
    &apdu::PinPadUsed,
    &apdu::ReaderUnavailableHonest,
    &apdu::StackRestartHonest,
    &apdu::ReaderHeldHonest,
    &data::NothingKept,
    &data::NothingLogged,
    &data::AmbulanceKept,
    &data::ReadAloud,
    &data::LoginBeforeRead,
    &svc::FreshChallenge,
    &svc::TlsValidated,
    &svc::InvalidShown,
    &svc::UnansweredNotEligible,
    &svc::ResultRestsOnAnswer,
    &svc::MedicalAssistance,
    &svc::FallbackPapersDated,
    &svc::MedicalTicketPrompt,
    &svc::UnregisteredFlow,
    &svc::LimitConsent,
    &svc::WarningShown,
    &svc::RetryBackoff,
    &svc::DeviceSigned,
    &svc::LoginStop,
    &svc::DeviceInvalidatedStop,
    &svc::TermsCurrent,
    &svc::RegistrationPending,
    &svc::WelfareScreen,
    &svc::RegistrationPinMode,
    &svc::HistoryHandOff,
    &svc::HandOffConfirmed,
    &svc::HandOffOwnEntry,
    &svc::RoleRespected,
    &svc::KenshinEligibilityOnly,
    &svc::KenshinFacilityIdentity,
    &svc::NetworkLossHonest,
    &svc::DisasterDesignated,
    &svc::EmergencyConsent,
    &svc::EmergencyRole,
    &svc::EmergencyScope,
    &svc::AmbulanceConsent,
    &svc::AmbulancePhoto,
    &svc::AmbulanceUnread,
    &svc::HomeConsentScope,
    &svc::OnlineConsentPerVisit,
    &svc::TreatmentTicketShown,
    &svc::SubsidyAsked,
    &svc::SubsidyDeclined,
    &svc::SubsidyShown,
    &svc::SubsidyValid,
    &svc::PaperClaimsEligibilityOnly,
    &svc::DockPurpose,
    &svc::LimitShown,
    &svc::ElderlyShown,
    &svc::SpecificDiseaseShown,
    &svc::TranscriptionFields,
    &svc::ErrorShown,
    &svc::ActivationCodeString,
    &svc::PreTourCheck,
    &svc::PortalLogin,
    &xml::terminal::StatusBoth,
    &xml::terminal::RequestAccepted,
    &xml::atomic_write::AtomicWrite,
    &xml::atomic_write::PartialRead,
    &xml::request_kept::RequestKept,
    &xml::match_by_name::MatchByName,
    &xml::insurer_padding::InsurerPadding,
    &xml::encoding::Encoding,
    &xml::face_consume::FaceConsume,
    &xml::gaiji::Gaiji,
    &xml::processing_poll::ProcessingPoll,
    &xml::consent_import::ConsentImport,
    &xml::complete_read::CompleteRead,
    &xml::claim_record::ClaimRecord,
    &xml::sharing_consent::SharingConsent,
    &xml::info_pdf::InfoPdf,
    &xml::viewing_needs_card::ViewingNeedsCard,
    &xml::reference_number::ReferenceNumber,
    &xml::medical_assistance_import::MedicalAssistanceImport,
    &xml::share_writes::ShareWrites,
    &xml::checkup::KenshinEligibilityOnly,
    &xml::checkup::DockPurpose,
    &vis::PhotoBeforeResult,
    &vis::NoPin,
    &vis::CardRead,
    &uke::file::FileReads,
    &uke::insurer::Insurer,
    &uke::public_expense::PublicExpense,
    &uke::addition::Addition,
    &uke::share::Share,
    &uke::income_class::IncomeClass,
    &uke::visits::Visits,
    &uke::station_addition::StationDxAddition,
    &uke::station_insurer::StationInsurer,
    &uke::station_public_expense::StationPublicExpense,
    &uke::station_amounts::StationAmounts,
    &uke::subsidy::Subsidy,
    &uke::subsidy_valid::SubsidyValid,
    &uke::subsidy_cap::SubsidyCap,
    &uke::subsidy_days::SubsidyDays,
    &rp::RevokedRefused,
    &rp::OcspVerified,
    &rp::RevocationFailsClosed,
    &rp::AcceptedOnGoodAnswer,
    &rp::FieldsFromCertificate,
    &rp::NonceFresh,
    &rp::AuthRevokedRefused,
    &rp::AuthExpiredRefused,
    &rp::SignExpiredRefused,
    &rp::PinLessFirstUseRefused,
    &rp::PinLessCardProven,
    &rp::BirthDateTries,
    &rp::SignatureVerified,
    &rp::AuthSignatureVerified,
    &rp::StatusReasonMapped,
    &rp::StatusRevokedNotKept,
    &rp::RenewedSamePerson,
    &rp::NoSignCertificateRefused,
    &rp::UnlinkedNoUser,
    &rp::LoginShowsNoPerson,
    &rp::PasswordNotKept,
    &rp::BirthDateNotLogged,
    &rp::RevokedAnswerRefused,
    &rp::AnsweredBeforeAccepted,
    &rp::SignatureDigestStrong,
    &rp::ChainToTestCa,
    &rp::StatusUntrustedSuspended,
    &rp::StatusExpiredNotKept,
    &rp::CounterFaceRefused,
    &rp::CounterExpiredRefused,
    &rp::CounterSignatureRefused,
    &rp::CounterRecordOnly,
];

/// The check families, in catalogue order (their headings are the catalogue's words).
pub use crate::words::FAMILIES;

/// The catalogue as the Markdown tables of `docs/conformance.md`: one `###` heading and table
/// per family (id, severity, rule, rationale, reference, the roles it judges), checks in
/// [`CHECKS`] order.
pub fn catalogue() -> String {
    let cell = |text: &str| text.replace('|', "\\|");
    let mut out = String::new();
    for (family, heading) in FAMILIES {
        out.push_str(&format!(
            "### {heading}\n\n| id | severity | rule | rationale | reference | roles |\n|---|---|---|---|---|---|\n"
        ));
        for check in CHECKS
            .iter()
            .filter(|c| c.id().split('-').next() == Some(family))
        {
            let roles: Vec<&str> = check.roles().iter().map(|r| r.as_str()).collect();
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {} | {} |\n",
                check.id(),
                check.severity(),
                cell(check.rule()),
                cell(check.rationale()),
                cell(check.reference()),
                roles.join(", ")
            ));
        }
        out.push('\n');
    }
    out
}

/// The check with this id.
pub fn find(id: &str) -> Option<&'static dyn Check> {
    CHECKS.iter().copied().find(|c| c.id() == id)
}

/// What a run is judged by beyond its evidence (`docs/conformance.md`, "Severity and result
/// levels" and "Roles"): the checks the scenario requires, the role the client plays, and the
/// outcome it chose among those the scenario allows besides its expected one.
#[derive(Clone, Copy, Debug)]
pub struct Judging<'a> {
    /// The check ids the scenario requires (`expect.checks`).
    pub required: &'a [String],
    /// The role the client plays in the run (the scenario's `role`): a check judges only the
    /// roles it lists ([`Check::roles`]), the others are SKIPPED. `None` (an imported log, a
    /// claim file alone): every check judges.
    pub role: Option<Role>,
    /// The outcome the client reported when the scenario allows several (`expect.outcome` and
    /// its `expect.outcome_or`) and it is one of them: a required check that did not apply is
    /// then SKIPPED with that reason (the client took a way the scenario allows, on which the
    /// check has nothing to judge), not FAILED. `None`: a scenario with one outcome, or an
    /// outcome not allowed.
    pub allowed_outcome: Option<Outcome>,
}

/// Runs every check on one run. A check's failure is reported at its severity; a check that
/// does not apply is SKIPPED — unless the scenario names it in `required`, which means the
/// scenario exists to exercise it: then not applying is FAILED. An unknown id in `required` is
/// FAILED too (scenario loading refuses those first). Every check judges, whatever the role;
/// the harness judges a scenario's run with [`evaluate_run`].
pub fn evaluate(evidence: &Evidence<'_>, required: &[String]) -> Vec<Finding> {
    evaluate_run(
        evidence,
        &Judging {
            required,
            role: None,
            allowed_outcome: None,
        },
    )
}

/// [`evaluate`], judged as `judging` says: a check whose roles do not include the run's role is
/// SKIPPED with that reason (unless it did not apply anyway: then its own reason stays), and a
/// required check that did not apply is SKIPPED when the client chose an outcome the scenario's
/// `outcome_or` allows, FAILED otherwise.
pub fn evaluate_run(evidence: &Evidence<'_>, judging: &Judging<'_>) -> Vec<Finding> {
    let run = Run::new(evidence.events);
    let required = judging.required;
    let mut findings: Vec<Finding> = CHECKS
        .iter()
        .map(|check| {
            let other_role = judging.role.filter(|r| !check.roles().contains(r));
            let verdict = match (check.evaluate(evidence, &run), other_role) {
                (Verdict::NotApplicable(text), _) => Verdict::NotApplicable(text),
                (_, Some(role)) => {
                    let said = words::role_not_judged(role, check.roles());
                    return finding(check.id(), Level::Skipped, said, evidence);
                }
                (verdict, None) => verdict,
            };
            let required = required.iter().any(|r| r == check.id());
            let (level, reason) = match verdict {
                Verdict::Pass(text) => (Level::Passed, text),
                Verdict::Fail(text) => (
                    match check.severity() {
                        Severity::Failed => Level::Failed,
                        Severity::Warning => Level::Warning,
                        Severity::Review => Level::Review,
                    },
                    text,
                ),
                Verdict::NotApplicable(text) if required && other_role.is_some() => {
                    (Level::Skipped, text)
                }
                Verdict::NotApplicable(text) if required => match judging.allowed_outcome {
                    Some(chosen) => (Level::Skipped, words::allowed_outcome_chosen(chosen, text)),
                    None => (Level::Failed, words::required_not_applied(text)),
                },
                Verdict::NotApplicable(text) => (Level::Skipped, text),
                Verdict::Review(text) => (Level::Review, text),
            };
            finding(check.id(), level, reason, evidence)
        })
        .collect();
    for id in required {
        if find(id).is_none() {
            let said = words::no_such_check();
            findings.push(Finding {
                check: id.clone(),
                level: Level::Failed,
                reason: said.en().to_owned(),
                reason_ja: said.ja().map(str::to_owned),
                events: Vec::new(),
                facts: said.facts().clone(),
            });
        }
    }
    findings
}

/// The finding of the check `id` at `level`, citing the events its reason names.
fn finding(id: &str, level: Level, reason: Reason, evidence: &Evidence<'_>) -> Finding {
    let events = facts::cited(&reason.facts().cites, evidence.events);
    Finding {
        check: id.to_owned(),
        level,
        events,
        reason_ja: reason.ja().map(str::to_owned),
        reason: reason.en().to_owned(),
        facts: reason.facts().clone(),
    }
}
