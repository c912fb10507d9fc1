//! The checks' vocabulary: what a run left behind ([`Evidence`]), what a check answers
//! ([`Verdict`]), what a failure costs ([`Severity`]), one check ([`Check`]), and the `check!`
//! macro that declares one. Every family's checks are written in these words; the registry
//! (`catalogue`) sits above them all, and the decoded run (`run`) below.

use std::fmt;

use mynakit_protocol::{Mode, PinRef, RuleSet, RunResult};
use mynakit_timeline::Event;
use serde::{Deserialize, Serialize};

use crate::reason::Reason;
use crate::run::Run;

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

        impl $crate::check::Check for $name {
            fn id(&self) -> &'static str {
                $id
            }
            fn rule(&self) -> &'static str {
                $rule
            }
            fn severity(&self) -> $crate::check::Severity {
                $crate::check::Severity::$severity
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
                evidence: &$crate::check::Evidence<'_>,
                run: &$crate::run::Run<'_>,
            ) -> $crate::check::Verdict {
                $evaluate(evidence, run)
            }
        }
    };
}

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
    /// The first days of the starts in this run (`docs/rules.md`, "What began when"): each
    /// start's own, or the day `mynakit run --began` set; `SVC-welfare-screen` asks it which
    /// 医療扶助 screen is right on `day`.
    pub starts: mynakit_protocol::Starts,
    /// The 健診 facility identity the harness gave the client (`MYNAKIT_CHECKUP_INSTITUTION_NUMBER`
    /// or `MYNAKIT_INSURER_ONLINE_CODE`, flow `checkup-facility`), which its 健診 checks must
    /// name (`SVC-kenshin-facility-identity`); `None` when it was given none.
    pub checkup_identity: Option<&'a mynakit_protocol::CheckupIdentity>,
    /// The request names of the run's 資格確認端末 (its `diagnosis_info_prefix`: 診療情報's name
    /// is a setting, `docs/terminal.md`, "診療情報"), by which checks tell a client's requests
    /// apart; `None`: the defaults.
    pub request_names: Option<&'a mynakit_oqs::RequestNames>,
    /// The vendor's price table the run was given (`mynakit run --station-prices`,
    /// `docs/rules.md`, "Setting a station's prices"), which `UKE-station-amounts` prices the
    /// codes no public source here prices by; [`mynakit_protocol::NO_PRICE_TABLE`] when none.
    pub station_prices: &'a mynakit_protocol::PriceTable,
}

impl Evidence<'_> {
    /// The request names the run's terminal answered by ([`Evidence::request_names`]).
    pub fn request_names(&self) -> mynakit_oqs::RequestNames {
        self.request_names.cloned().unwrap_or_default()
    }

    /// `None` in visual or face mode (目視確認, 顔認証: the patient types no PIN); in any other
    /// mode the NOT-APPLICABLE of the checks about those two modes.
    pub(crate) fn outside_visual_or_face(&self) -> Option<Verdict> {
        if matches!(self.mode, Mode::Visual | Mode::Face) {
            return None;
        }
        Some(Verdict::NotApplicable(crate::words::not_visual_or_face(
            self.mode.as_str(),
        )))
    }
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
    /// The rule held; the reason says what was seen (e.g. "3 PINs, 3 VERIFYs").
    Pass(Reason),
    /// The rule was broken; the reason says where (the APDU, the request, the line).
    Fail(Reason),
    /// Nothing in the run exercises the rule (e.g. no VERIFY in visual mode); the reason says
    /// why.
    NotApplicable(Reason),
    /// A person must judge (manual mode, informational figures).
    Review(Reason),
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
    /// (once, by [`evaluate`](crate::evaluate), for every check).
    fn evaluate(&self, evidence: &Evidence<'_>, run: &Run<'_>) -> Verdict;
}
