//! What the harness's own words in a report were written from, kept as facts in memory so that
//! the table, report.html and the GitHub output word them in the reader's language
//! (`lang::msg`), while report.json and report.xml keep the English they always held, which
//! tools read. A report read back from report.json (`report merge`, `--rerun-failed`) has no
//! facts and shows its English as it is.

/// What a scenario's `note` says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoteFacts {
    /// The client does not claim the scenario: NOT-APPLICABLE.
    Unclaimed(crate::scenario::needs::Unclaimed),
    /// The run was stopped before the client finished: SKIPPED.
    Interrupted,
    /// The scenario's world could not be set up, for this cause (a library's English).
    WorldNotSetUp(String),
    /// The client could not be started, for this cause (a library's English).
    ClientNotStarted(String),
    /// A manual run of a scenario with earlier visits, which only the harness can run:
    /// NOT-APPLICABLE.
    ManualEarlierVisits,
    /// The scenario rests on a start not in force on its day: NOT-APPLICABLE
    /// (`docs/rules.md`, "What began when").
    NotYet(crate::scenario::began::NotYet),
    /// A card app's `face` run of a 資格確認限定型 scenario (this flow), a mode no such app has:
    /// NOT-APPLICABLE (`docs/scope.md`, "Kinds of facility").
    NoFaceAtLimitedType(mynakit_protocol::Flow),
    /// A stack fault of the scenario that the run's way to the cards cannot show:
    /// NOT-APPLICABLE (`docs/reader.md`, "Which transport shows which stack fault").
    CannotShow(crate::scenario::stack_faults::CannotShow),
    /// The client ended as the run's set-up failure says (`RunReport::setup_failure`): it never
    /// ran, so the scenario is SKIPPED, not judged.
    SetupFailure,
    /// The scenario was added after the day of the suite the run judges by: NOT-APPLICABLE
    /// (`docs/suites.md`).
    NewInSuite {
        /// The day it was added.
        added: &'static str,
        /// The suite's day.
        suite: &'static str,
    },
}

/// What an expectation of the scenario found (`expect.outcome`, `expect.fields.Name`, …): its
/// finding's reason, as facts. Outcomes are the protocol's words; values are quoted as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Judged {
    /// `expect.outcome`: what was expected and what the client reported; `alternative` when
    /// an outcome of `outcome_or` was accepted.
    Outcome {
        /// The scenario's `expect.outcome`.
        expected: String,
        /// The client's outcome.
        reported: String,
        /// It is one of `expect.outcome_or`, accepted.
        alternative: bool,
    },
    /// `expect.shown_outcomes`: what the client displayed, and the expected ones missing.
    ShownOutcomes {
        /// Every outcome the client displayed, in order.
        displayed: Vec<String>,
        /// The expected ones not displayed in order.
        missing: Vec<String>,
    },
    /// `expect.shown_outcomes` in manual mode: a person is asked.
    AskShownOutcomes(Vec<String>),
    /// `expect.exit_code` of a plain program.
    ExitCode {
        /// The exit status expected.
        expected: i32,
        /// How the program ended.
        ended: Ended,
    },
    /// `expect.fields.Name`: the value expected and the one shown, if any.
    Field {
        /// The value expected.
        expected: String,
        /// The value shown; `None` when the field was not shown.
        shown: Option<String>,
    },
    /// `expect.shown.Name`: the value shown, if any.
    Shown(Option<String>),
    /// `expect.hidden.Name`: the value shown, if any.
    Hidden(Option<String>),
    /// `expect.cards.X.inserted`: whether the card was expected in its reader, and is.
    Inserted {
        /// The card was expected in its reader.
        expected: bool,
        /// The card is in its reader.
        inserted: bool,
    },
    /// `expect.cards.X.pins.Y`: the tries expected left, and those the card has if it can be
    /// read.
    TriesLeft {
        /// The tries expected left.
        expected: u32,
        /// The tries the card has left; `None` when the card or the PIN could not be read.
        left: Option<u32>,
    },
    /// A stale waiver (`expect.waivers.X`, `expected-failures.X`): its check did not fail.
    Stale {
        /// The waived check's id.
        check: String,
        /// The level the check was judged at (PASSED or SKIPPED), or `None`: not judged.
        found: Option<mynakit_conformance::Level>,
        /// The waiver is the expected-failures file's (else the scenario's).
        in_file: bool,
        /// The waiver's own reason, as its author wrote it.
        reason: String,
    },
    /// `expected-failures.flaky`: the scenario's quarantine as flaky ended on `until`, so its
    /// failures count again.
    QuarantineEnded {
        /// The quarantine's last day, `YYYY-MM-DD`.
        until: String,
        /// The quarantine's own reason, as its author wrote it.
        reason: String,
    },
    /// `capabilities`: the declaration judged by breaks a rule about what one app can be
    /// (`Capabilities::check`): a WARNING, the scenario judged as for several products
    /// (`docs/client-protocol.md`, "Capabilities").
    Contradictory(mynakit_protocol::DeclarationError),
    /// A card fault of the scenario (`faults.card[i]`) that never fired.
    Unfired {
        /// The fault's key (`remove`, `status`, …).
        fault: String,
        /// What it waited for, in English (`CardTrigger::describe`).
        when: String,
    },
}

/// How a plain program ended, for `expect.exit_code`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ended {
    /// It exited with this code.
    Code(i32),
    /// A signal killed it.
    Signal(i32),
    /// Its exit status is unknown.
    Unknown,
    /// It was still running after this many milliseconds.
    Running(u64),
    /// It ended otherwise (the result's origin, as Rust debug-prints it).
    Other(String),
}
