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
//!     starts: mynakit_protocol::Starts::default(),
//!     checkup_identity: None,
//!     request_names: None,
//!     station_prices: &mynakit_protocol::NO_PRICE_TABLE,
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
//! folder per family, named after its id prefix, so a check's id says where its file is: `pin`
//! (PIN handling), `apdu` (APDU discipline), `data` (the patient's data), `svc` (the card-check
//! service), `xml` (the 資格確認端末 folder exchange), `vis` (目視確認), `uke` (the claim file).
//! The detection matrix is [`matrix`].
//! Below them all, `run` is the decoded run every check reads: [`evaluate`] decodes the timeline
//! once into one [`Run`] (APDUs with their command, status word and card context, reader and file
//! actions as enums, protocol lines and HTTP exchanges decoded) and hands it to every check by
//! reference, and the readings several families share sit beside it (`run::answer`, the answer
//! this client got in either role; `run::folder`, the 資格確認端末 folder's files). The HTML
//! report reads the same [`Run`]. No `crate::` path inside the crate runs up these layers or
//! names the crate root, and a check's file lies under its id prefix's folder
//! (`harness/tests/architecture/`).
//!
//! # Writing a check
//!
//! 1. Put it in the folder of its family, the id prefix in lower case (`PIN-` in `pin/`, `SVC-` in
//!    `svc/`, …), in the module of its topic or a new one the folder's `mod.rs` declares and
//!    re-exports, and declare it with the `check!` macro: id (`FAMILY-name`, stable once
//!    published), severity, rule, rationale, public reference, and the judging function.
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
//! 5. Record its day in `suite/days.tsv` (`day  added  check  ID`; a check made stricter,
//!    `stricter`), so a run judged by an earlier suite leaves it out ([`suite`],
//!    `docs/suites.md`): a test fails while a check has no day.

#[macro_use]
mod check;

mod apdu;
mod catalogue;
mod checkup;
mod data;
mod facts;
pub mod ledger;
pub mod matrix;
mod pin;
mod reason;
mod rp;
mod run;
pub mod screen;
pub mod suite;
mod svc;
mod uke;
mod vis;
mod words;
mod xml;

pub use catalogue::{
    applies_in, catalogue, evaluate, evaluate_run, find, Finding, Judging, Level, CHECKS, FAMILIES,
};
pub use check::{Check, Evidence, Severity, Verdict};
pub use facts::{Cite, ClaimLine, Facts, Value};
pub use reason::Reason;
pub use run::{Apdu, Df, Exchange, PinKey, Run, Step};
pub use words::{REQUIRED_NOT_APPLIED, REQUIRED_NOT_APPLIED_JA};

#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests;
