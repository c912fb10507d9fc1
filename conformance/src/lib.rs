//! Conformance checks: the rules a correct eligibility client follows, each with a stable id, a
//! severity, a rationale a vendor accepts and a public reference (`docs/conformance.md`).
//!
//! Checks only read. They take a run's [`Evidence`] — its timeline (APDUs, reader events, HTTP
//! exchanges, terminal files, every client-protocol line) and the client's final result — and
//! give a [`Verdict`]. They never drive a card or a client.
//!
//! ```
//! use mynakit_conformance::{evaluate, Evidence, Level};
//! use mynakit_protocol::{Mode, RunResult};
//!
//! let result = RunResult::timeout(1000);
//! let evidence = Evidence {
//!     events: &[],
//!     result: &result,
//!     mode: Mode::Pin,
//!     manual: false,
//!     wrong_server_ca: false,
//!     blocked_at_start: &[],
//!     rules: mynakit_protocol::RuleSet::NEWEST,
//!     day: None,
//!     checkup_identity: None,
//! };
//! let findings = evaluate(&evidence, &["PIN-one-verify".to_owned()]);
//! // Nothing happened, so a check the scenario requires did not apply: FAILED.
//! let one_verify = findings.iter().find(|f| f.check == "PIN-one-verify").unwrap();
//! assert_eq!(one_verify.level, Level::Failed);
//! ```
//!
//! One private module per concept: `pin` (PIN handling), `apdu` (APDU discipline), `service`
//! (the card-check API), `terminal` (the レセコン folder exchange), `visual` (目視確認); callers reach the checks
//! through [`CHECKS`], [`find`] and [`evaluate`], and the detection matrix through [`matrix`].
//! `events` reads the timeline for all of them, once: [`evaluate`] decodes it into one [`Run`]
//! (APDUs with their command, status word and card context, reader and file actions as enums,
//! protocol lines and HTTP exchanges decoded) and hands it to every check by reference. The HTML
//! report reads the same [`Run`].
//!
//! # Writing a check
//!
//! 1. Pick the module of its family and declare it with the `check!` macro: id (`FAMILY-name`,
//!    stable once published), severity, rule, rationale, public reference, and the judging
//!    function.
//! 2. Write the function as `fn my_rule(e: &Evidence<'_>, run: &Run<'_>) -> Verdict`. Read the
//!    timeline only through `run` (`run.apdus()`, `run.exchanges()`, `run.client_lines()`,
//!    `run.before_result()`, matching [`Step`] variants); never re-decode `e.events`, never
//!    compare hex, action or OQS code strings: use [`Apdu`]'s typed fields
//!    (`instruction`, `sw`, `df`), `ReaderAction` / `FileAction`, and the code enums here.
//!    Byte-level facts (AIDs, FIDs, status words) come from `mynakit_apdu`.
//! 3. Return [`Verdict::NotApplicable`] when nothing in the run exercises the rule, and say in
//!    every text where (`a.place()`, `x.describe()`, `at(t)`).
//! 4. Add it to [`CHECKS`] in catalogue order, regenerate `docs/conformance.md`
//!    (the test `print_catalogue` prints it), and test it with the `testkit` timeline builder.

use std::fmt;

use mynakit_protocol::{Mode, PinRef, RuleSet, RunResult};
use mynakit_timeline::Event;
use serde::{Deserialize, Serialize};

/// Declares one check: a unit struct whose [`Check`] impl returns the given metadata and judges
/// with the given function.
macro_rules! check {
    (
        $(#[$doc:meta])*
        $name:ident {
            id: $id:literal,
            severity: $severity:ident,
            rule: $rule:literal,
            rationale: $rationale:literal,
            reference: $reference:literal,
            $(modes: [$($mode:ident),+ $(,)?],)?
            $(roles: [$($role:ident),+ $(,)?],)?
            evaluate: $evaluate:path $(,)?
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default)]
        pub(crate) struct $name;

        impl $crate::Check for $name {
            fn id(&self) -> &'static str {
                $id
            }
            fn rule(&self) -> &'static str {
                $rule
            }
            fn severity(&self) -> $crate::Severity {
                $crate::Severity::$severity
            }
            fn rationale(&self) -> &'static str {
                $rationale
            }
            fn reference(&self) -> &'static str {
                $reference
            }
            $(
                fn modes(&self) -> Option<&'static [mynakit_protocol::Mode]> {
                    Some(&[$(mynakit_protocol::Mode::$mode),+])
                }
            )?
            $(
                fn roles(&self) -> &'static [mynakit_protocol::Role] {
                    &[$(mynakit_protocol::Role::$role),+]
                }
            )?
            fn evaluate(
                &self,
                evidence: &$crate::Evidence<'_>,
                run: &$crate::Run<'_>,
            ) -> $crate::Verdict {
                $evaluate(evidence, run)
            }
        }
    };
}

mod answer;
mod apdu;
mod app_login;
mod care;
mod certificate_read;
mod cite;
mod device;
mod dock;
mod events;
mod fallback_papers;
mod history;
mod logged;
pub mod matrix;
mod medical_ticket_prompt;
mod phone;
mod pin;
mod portal_login;
mod pre_tour;
mod privacy;
mod procedure;
mod read_aloud;
mod recon;
mod recorded;
mod registration;
pub mod screen;
mod select_identifiers;
mod service;
mod short_link;
mod tag_lost;
mod terminal;
mod transceive_timeout;
mod treatment_ticket;
mod uke;
mod visual;

pub use events::{Apdu, Df, Exchange, PinKey, Run, Step};
pub use logged::LEAK_NOTE;
pub use read_aloud::SPOKEN_SECRET_NOTE;

#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests;

/// The prefix of the timeline note in which the harness records a scenario's care setting
/// (`docs/care-settings.md`); the setting's name follows it.
pub const CARE_SETTING_NOTE: &str = "care setting: ";

/// The prefix of the timeline note in which the harness records the portal device account it
/// gave the client (`MYNAKIT_PORTAL_ACCOUNT`, `docs/device-setup.md`, "Portal registration");
/// then the account id, ` at ` and the facility code (`MYNAKIT_FACILITY_CODE`):
/// `portal device account: W0000001 at 1319999999`.
pub const PORTAL_ACCOUNT_NOTE: &str = "portal device account: ";

/// What a run left behind, as the checks see it.
#[derive(Clone, Copy, Debug)]
pub struct Evidence<'a> {
    /// The run's timeline, in order.
    pub events: &'a [Event],
    /// The client's final result (or the harness's: timeout, crashed).
    pub result: &'a RunResult,
    /// The mode the scenario's operator chooses.
    pub mode: Mode,
    /// Manual mode: a person reported what the screen showed, so checks that need the screen
    /// answer [`Verdict::Review`].
    pub manual: bool,
    /// The mock service presented a certificate from another CA than `MYNAKIT_CA_FILE`.
    pub wrong_server_ca: bool,
    /// PINs of the patient's card (`MYNAKIT_READER`) that were already blocked when the run
    /// started: the persona's or the scenario's counters at 0. A correct client may never touch
    /// such a PIN, so only this tells `PIN-blocked-stop` that there was a block to respect.
    pub blocked_at_start: &'a [PinRef],
    /// The rule set the run is judged by (`docs/rules.md`): `SVC-limit-consent` asks it
    /// whether the 限度額 consent is asked at all.
    pub rules: RuleSet,
    /// The scenario's day (`YYYY-MM-DD`: the date of its clock in Japan), which decides the
    /// patient's papers valid on it (`SVC-fallback-papers-dated`, `docs/rules.md`); `None` when
    /// the run does not say (an imported log).
    pub day: Option<&'a str>,
    /// The 健診 facility identity the harness gave the client (`MYNAKIT_CHECKUP_INSTITUTION_NUMBER`
    /// or `MYNAKIT_INSURER_ONLINE_CODE`, flow `checkup-facility`), which its 健診 checks must
    /// name (`SVC-kenshin-facility-identity`); `None` when it was given none.
    pub checkup_identity: Option<&'a mynakit_protocol::CheckupIdentity>,
}

/// What a failure of a check costs (`docs/conformance.md`, "Severity").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// A rule whose breach costs a patient something: a lost PIN try, a wrong eligibility
    /// decision, leaked data.
    Failed,
    /// Worse practice with no direct harm.
    Warning,
    /// Needs a person's look.
    Review,
}

impl Severity {
    /// The severity as written in reports and `docs/conformance.md` (`FAILED`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Failed => "FAILED",
            Severity::Warning => "WARNING",
            Severity::Review => "REVIEW",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A check's answer for one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The rule held; the text says what was seen (e.g. "3 PINs, 3 VERIFYs").
    Pass(String),
    /// The rule was broken; the text says where (the APDU, the request, the line).
    Fail(String),
    /// Nothing in the run exercises the rule (e.g. no VERIFY in visual mode); the text says why.
    NotApplicable(String),
    /// A person must judge (manual mode, informational figures).
    Review(String),
}

/// One conformance check.
pub trait Check: Sync {
    /// Stable id, e.g. `PIN-one-verify`. Renaming one breaks vendors' waivers.
    fn id(&self) -> &'static str;
    /// One line: the rule.
    fn rule(&self) -> &'static str;
    /// What a failure costs.
    fn severity(&self) -> Severity;
    /// Why the rule exists, in words a vendor accepts.
    fn rationale(&self) -> &'static str;
    /// The public source (or `docs/` page) of the rule.
    fn reference(&self) -> &'static str;
    /// The confirmation modes whose runs the rule is about, when it is about some only: the
    /// PIN rules in `pin` mode, `PIN-not-in-visual` in `visual` and `face`. `None`: every mode.
    /// A scenario that runs in several modes (`modes:`, `docs/scenarios.md`) requires such a
    /// check only in its runs in these modes; the check still judges every run it applies to.
    fn modes(&self) -> Option<&'static [Mode]> {
        None
    }
    /// The roles whose runs the check judges (`docs/conformance.md`, "Roles"): by default the
    /// family's (the `XML` checks judge a レセコン, the others a card app). The checks about what
    /// is shown for an eligibility outcome judge both, each against the answer it got
    /// (`answer`: the service's, or the terminal's).
    fn roles(&self) -> &'static [mynakit_protocol::Role] {
        if self.id().starts_with("XML-") {
            &[mynakit_protocol::Role::ReceiptComputer]
        } else {
            &[mynakit_protocol::Role::CardApp]
        }
    }
    /// Judges one run: `evidence` is what the harness knows about it, `run` its timeline decoded
    /// (once, by [`evaluate`], for every check).
    fn evaluate(&self, evidence: &Evidence<'_>, run: &Run<'_>) -> Verdict;
}

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
pub struct Finding {
    /// The check id (or `expect.<key>` for a scenario's expectation).
    pub check: String,
    /// The level.
    pub level: Level,
    /// What was seen.
    pub reason: String,
    /// The timeline events the reason cites, as indices into the run's timeline (from 0):
    /// filled by [`cite::events`] from the places the reason names (`APDU 14`, `request 3`,
    /// `t=1.234s`); empty when it cites none (`docs/reports.md`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<usize>,
}

/// How the reason of a check begins when a scenario requires it (`expect.checks`) but it did
/// not apply: FAILED, though the check itself judged nothing (the detection matrix proves that
/// each defect fails its check by the check's own judgement, not by this).
pub const REQUIRED_NOT_APPLIED: &str = "the scenario requires this check, but it did not apply";

/// Every check, in catalogue order (`docs/conformance.md` lists them in this order).
pub static CHECKS: &[&dyn Check] = &[
    &pin::OneVerify,
    &pin::NoAutoRetry,
    &pin::BlockedStop,
    &pin::TriesShown,
    &pin::NotInVisual,
    &pin::NotReused,
    &pin::Format,
    &logged::NotLogged,
    &apdu::SelectFirst,
    &apdu::CertComplete,
    &apdu::SignAfterVerify,
    &apdu::Efficiency,
    &apdu::Removal,
    &apdu::Release,
    &apdu::EmptyAnswer,
    &procedure::No61xx,
    &recorded::UnrecordedCommand,
    &privacy::NoMyNumber,
    &privacy::OnePresentation,
    &phone::PhoneFallback,
    &short_link::ShortFallback,
    &select_identifiers::SelectIdentifiers,
    &tag_lost::TagLostHonest,
    &transceive_timeout::TimeoutHonest,
    &privacy::NothingKept,
    &read_aloud::ReadAloud,
    &app_login::LoginBeforeRead,
    &service::FreshChallenge,
    &service::TlsValidated,
    &service::InvalidShown,
    &service::UnansweredNotEligible,
    &service::ResultRestsOnAnswer,
    &service::MedicalAssistance,
    &fallback_papers::FallbackPapersDated,
    &medical_ticket_prompt::MedicalTicketPrompt,
    &service::UnregisteredFlow,
    &service::LimitConsent,
    &service::WarningShown,
    &service::RetryBackoff,
    &device::DeviceSigned,
    &device::LoginStop,
    &device::DeviceInvalidatedStop,
    &registration::TermsCurrent,
    &registration::RegistrationPending,
    &registration::WelfareScreen,
    &registration::RegistrationPinMode,
    &history::HistoryHandOff,
    &history::HandOffConfirmed,
    &history::HandOffOwnEntry,
    &device::RoleRespected,
    &care::KenshinEligibilityOnly,
    &care::KenshinFacilityIdentity,
    &care::NetworkLossHonest,
    &care::DisasterDesignated,
    &care::HomeConsentScope,
    &care::OnlineConsentPerVisit,
    &treatment_ticket::TreatmentTicketShown,
    &dock::DockPurpose,
    &service::LimitShown,
    &service::ElderlyShown,
    &service::SpecificDiseaseShown,
    &service::TranscriptionFields,
    &service::ErrorShown,
    &device::ActivationCodeString,
    &pre_tour::PreTourCheck,
    &portal_login::PortalLogin,
    &terminal::StatusBoth,
    &terminal::RequestAccepted,
    &recon::atomic_write::AtomicWrite,
    &recon::atomic_write::PartialRead,
    &recon::request_kept::RequestKept,
    &recon::match_by_name::MatchByName,
    &recon::insurer_padding::InsurerPadding,
    &recon::encoding::Encoding,
    &recon::face_consume::FaceConsume,
    &recon::gaiji::Gaiji,
    &recon::processing_poll::ProcessingPoll,
    &recon::consent_import::ConsentImport,
    &recon::complete_read::CompleteRead,
    &recon::claim_record::ClaimRecord,
    &recon::sharing_consent::SharingConsent,
    &recon::info_pdf::InfoPdf,
    &recon::reference_number::ReferenceNumber,
    &recon::medical_assistance_import::MedicalAssistanceImport,
    &recon::share_writes::ShareWrites,
    &recon::checkup::KenshinEligibilityOnly,
    &recon::checkup::DockPurpose,
    &visual::PhotoBeforeResult,
    &visual::NoPin,
    &visual::CardRead,
    &uke::insurer::Insurer,
    &uke::public_expense::PublicExpense,
    &uke::addition::Addition,
    &uke::share::Share,
];

/// The check families, in catalogue order: the id prefix and the heading of its table in
/// `docs/conformance.md`.
pub const FAMILIES: [(&str, &str); 7] = [
    ("PIN", "PIN handling"),
    ("APDU", "APDU discipline"),
    ("DATA", "The patient's data"),
    ("SVC", "The card-check service"),
    ("XML", "The 資格確認端末 folder exchange"),
    ("VIS", "目視確認 (visual mode)"),
    ("UKE", "The claim file (RECEIPTC.UKE)"),
];

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

/// Runs every check on one run. A check's failure is reported at its severity; a check that
/// does not apply is SKIPPED — unless the scenario names it in `required`, which means the
/// scenario exists to exercise it: then not applying is FAILED. An unknown id in `required` is
/// FAILED too (scenario loading refuses those first).
pub fn evaluate(evidence: &Evidence<'_>, required: &[String]) -> Vec<Finding> {
    let run = Run::new(evidence.events);
    let mut findings: Vec<Finding> = CHECKS
        .iter()
        .map(|check| {
            let required = required.iter().any(|r| r == check.id());
            let (level, reason) = match check.evaluate(evidence, &run) {
                Verdict::Pass(text) => (Level::Passed, text),
                Verdict::Fail(text) => (
                    match check.severity() {
                        Severity::Failed => Level::Failed,
                        Severity::Warning => Level::Warning,
                        Severity::Review => Level::Review,
                    },
                    text,
                ),
                Verdict::NotApplicable(text) if required => {
                    (Level::Failed, format!("{REQUIRED_NOT_APPLIED}: {text}"))
                }
                Verdict::NotApplicable(text) => (Level::Skipped, text),
                Verdict::Review(text) => (Level::Review, text),
            };
            Finding {
                check: check.id().to_owned(),
                level,
                events: cite::events(&reason, evidence.events),
                reason,
            }
        })
        .collect();
    for id in required {
        if find(id).is_none() {
            findings.push(Finding {
                check: id.clone(),
                level: Level::Failed,
                reason: "no such check".to_owned(),
                events: Vec::new(),
            });
        }
    }
    findings
}
