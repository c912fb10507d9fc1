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
//! `lib.rs` only declares and re-exports. `check` holds the vocabulary every check is written in
//! ([`Evidence`], [`Verdict`], [`Severity`], [`Check`] and the `check!` macro); `catalogue` the
//! registry on top ([`CHECKS`], [`find`], [`evaluate`], the catalogue's tables); between them one
//! private module per concept: `pin` (PIN handling), `apdu` (APDU discipline), `service`
//! (the card-check API), `terminal` (the レセコン folder exchange), `visual` (目視確認); the
//! detection matrix is [`matrix`].
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
//! 4. Add it to [`CHECKS`] (in `catalogue`) in catalogue order, regenerate `docs/conformance.md`
//!    (the test `print_catalogue` prints it), and test it with the `testkit` timeline builder.

#[macro_use]
mod check;

mod answer;
mod apdu;
mod app_login;
mod care;
mod catalogue;
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

pub use catalogue::{
    applies_in, catalogue, evaluate, find, Finding, Level, CHECKS, FAMILIES, REQUIRED_NOT_APPLIED,
};
pub use check::{Check, Evidence, Severity, Verdict};
pub use events::{Apdu, Df, Exchange, PinKey, Run, Step, CARE_SETTING_NOTE, PORTAL_ACCOUNT_NOTE};
pub use logged::LEAK_NOTE;
pub use read_aloud::SPOKEN_SECRET_NOTE;

#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests;
