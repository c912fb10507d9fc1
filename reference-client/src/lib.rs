//! mynakit's reference client: a correct, small eligibility client driven by the mynakit client
//! protocol (`docs/client-protocol.md`), written to be read by vendors. The walk-through, the
//! APDUs and HTTP calls in order, and where each rule comes from are in
//! `docs/reference-client.md`.
//!
//! It plays one of two roles, chosen by its environment ([`ClientEnv`]):
//!
//! - **card reading** (a card transport is given, `MYNAKIT_READER` for the binary): a
//!   マイナ資格確認アプリ / 資格確認限定型-style app that reads the My Number card's auth
//!   certificate, verifies the PIN, signs the service's challenge and checks eligibility with the
//!   mock service — in PIN, visual (目視確認) or face mode — including 保険証利用登録;
//! - **レセコン** (no card, `MYNAKIT_TERMINAL_DIR` set): a receipt computer exchanging
//!   `OQSsiquc01` files with the 資格確認端末 (`req`/`res`), or taking its face-reader pushes
//!   (`face`).
//!
//! The binary `mynakit-reference-client` is a thin shell over [`command`], itself a thin shell
//! over [`run`]: it reads the environment, opens the PC/SC reader and talks on stdin/stdout. In-process callers (the harness, tests) pass
//! their own card transport and pipes:
//!
//! ```
//! use std::io::{BufReader, Cursor};
//! use mynakit_reference_client::{run, CardError, CardTransport, ClientEnv, Defects};
//!
//! /// Any card: here one that is never there.
//! struct NoCard;
//! impl CardTransport for NoCard {
//!     fn transmit(&mut self, _apdu: &[u8]) -> Result<Vec<u8>, CardError> {
//!         Err(CardError::Removed)
//!     }
//! }
//!
//! let env = ClientEnv::from_vars([
//!     ("MYNAKIT_RUN_ID", "run-1"),
//!     ("MYNAKIT_SERVICE_URL", "http://127.0.0.1:8443"),
//! ])?;
//! // What the harness would answer: welcome, then the staff choose visual mode.
//! let harness = concat!(
//!     r#"{"type":"welcome","protocol":1,"run":"run-1","scenario":"demo"}"#, "\n",
//!     r#"{"type":"mode","id":"a1","mode":"visual"}"#, "\n",
//! );
//! let mut lines = Vec::new();
//! let outcome = run(
//!     &env,
//!     Some(Box::new(NoCard)),
//!     BufReader::new(Cursor::new(harness)),
//!     &mut lines,
//!     &Defects::none(),
//! )?;
//! assert_eq!(outcome, mynakit_protocol::Outcome::CardError);
//! // `lines` holds hello, the mode ask, displays and the result, one JSON object per line.
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Deliberate defects ([`Defects`]) switch on known bugs, one at a time, so that mynakit's own
//! tests can prove its checks catch them. They are never on by default.

mod card;
mod card_check;
mod care;
mod claim;
mod claim_file;
mod claim_history;
mod claim_month;
mod cli;
mod defect_acts;
mod defects;
mod device;
mod env;
mod folders;
#[cfg(test)]
mod forwarding_tests;
pub mod jpki;
mod oqs;
mod papers;
mod pcsc_card;
mod pin_pad;
mod procedure;
mod relay_card;
mod relying_party;
mod results;
mod screen;
mod screen_of_day;
mod service;
mod skipping;
mod station_claim;
mod station_month;
mod talk;
mod variants;
mod write_whole;

use std::io::{BufRead, Write};

use mynakit_protocol::{Capabilities, Flow, Mode, Outcome, Role, RuleSet};

pub use card::{CardError, CardTransport, Decorator};
pub use cli::command;
pub use defects::{Defect, Defects, UnknownDefect};
pub use env::{ClientEnv, EnvError, Logger, Timings, READ_PATTERN};
pub use jpki::ReadPattern;
pub use pcsc_card::PcscCard;
pub use relay_card::{relay_from_vars, RelayCard};
pub use variants::{UnknownVariant, Variant, Variants, VARIANTS};

use screen::Screen;

/// What this client declares in `hello` (`docs/client-protocol.md`, "Capabilities"): both
/// roles, every mode, the registration and 限度額 flows, and every rule set — it asks for the
/// 限度額 consent and honours the answer, which each rule set accepts (`docs/rules.md`).
pub fn capabilities() -> Capabilities {
    Capabilities {
        role: Some(vec![
            Role::CardApp,
            Role::ReceiptComputer,
            Role::RelyingParty,
        ]),
        modes: Some(Mode::ALL.to_vec()),
        flows: Some(vec![
            Flow::Registration,
            Flow::LimitApplication,
            Flow::DeviceSetup,
            Flow::RegistrationBranches,
            Flow::History,
            Flow::Viewing,
            Flow::Kenshin,
            Flow::BusKenshin,
            Flow::Disaster,
            Flow::Emergency,
            Flow::Kyotaku,
            Flow::OnlineShinryo,
            Flow::PasswordAsk,
            Flow::JuseiAhaki,
            Flow::ReadAloud,
            Flow::AppLogin,
            Flow::NingenDock,
            Flow::ClaimRecord,
            Flow::PreTourCheck,
            Flow::ReferenceNumber,
            Flow::MedicalAssistanceImport,
            Flow::PortalSetup,
            Flow::ClaimFile,
            Flow::CheckupFacility,
            Flow::PaperClaims,
            Flow::VisitingNursing,
            Flow::IdentityBySignature,
            Flow::AuthenticationByNonce,
            Flow::PinLess,
            Flow::StatusCheck,
            Flow::CounterRead,
            Flow::MynaKyukyu,
            Flow::Subsidy,
            Flow::StationPrices,
        ]),
        rules: Some(RuleSet::ALL.to_vec()),
        // It writes nothing of the patient's anywhere (docs/client-protocol.md, "The client's
        // folders").
        keeps: None,
        // PC/SC or, when the harness hands it `MYNAKIT_RELAY`, the NFC relay (docs/mobile.md):
        // it declares no one transport, and `mynakit run --relay` gives it the relay.
        transport: None,
        // It plays whichever phone platform a scenario asks for (`MYNAKIT_PLATFORM`).
        platforms: None,
        // It plays each start from its day in the run (`MYNAKIT_BEGAN`): the days before too.
        began: None,
        // Judged by the newest suite.
        suite: None,
    }
}

/// Why the conversation with the harness could not be finished (no `result` was sent).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// Reading stdin or writing stdout failed.
    #[error("protocol I/O: {0}")]
    Io(#[from] std::io::Error),
    /// The harness closed the conversation (stdin ended) before it was over.
    #[error("the harness closed the conversation")]
    Closed,
    /// The harness ended the conversation with an `error` line.
    #[error("the harness ended the conversation: {0}")]
    Harness(String),
    /// A line from the harness that breaks the protocol.
    #[error("protocol: {0}")]
    Protocol(String),
}

/// Runs one conversation: `hello`, the flow of the client's role, the card released, one
/// `result`. Returns the outcome reported.
///
/// - `card`: the patient's card for the card-reading role; `None` for the レセコン role (then
///   `env.terminal_dir` must be set). With neither, the result is `card-error`.
/// - `input` / `output`: the harness's lines and the client's (stdin and stdout for the binary).
/// - `defects`: [`Defects::none`] for the correct client.
///
/// # Errors
///
/// [`ClientError`] when the conversation itself failed (closed, an `error` line, an answer out of
/// order, I/O); every problem with the card, the service or the terminal is a `result` instead.
pub fn run(
    env: &ClientEnv,
    card: Option<Box<dyn CardTransport + Send>>,
    input: impl BufRead,
    output: impl Write,
    defects: &Defects,
) -> Result<Outcome, ClientError> {
    let start = env.now();
    let deadline = env.deadline(start);
    let mut talk = talk::Talk::new(input, output);
    for defect in defects.iter() {
        env.log(&format!(
            "DELIBERATE DEFECT ON: {defect} ({})",
            defect.description()
        ));
    }
    if defects.has(Defect::SpeakPin) {
        talk.speak_pins();
    }
    let mut papers = papers::Papers::with_defects(
        env.today.as_deref(),
        defects.has(Defect::FallbackExpiredPaper),
        defects.has(Defect::FallbackExpiredCardNumbers),
    );
    papers.elderly_certificate_only = defects.has(Defect::LaterElderlyCertificateOnly);
    papers.elderly_notice_only = defects.has(Defect::LaterElderlyNoticeOnly);
    talk.offer_papers(papers);
    talk.hello()?;
    // A mobile app's own login (flow `app-login`): unlocked before the card is read.
    if card.is_some() && !defects.has(Defect::SkipAppLogin) {
        talk.app_login()?;
    }
    let card = match card {
        Some(card) if defects.has(Defect::ShortCardTimeout) => {
            Some(Box::new(defect_acts::ImpatientCard {
                card,
                skip: env.skip.clone(),
                deadline: defect_acts::SHORT_CARD_TIMEOUT,
                as_no_card: false,
            }) as Box<dyn CardTransport + Send>)
        }
        Some(card) if defects.has(Defect::SlowAnswerAsNoCard) => {
            Some(Box::new(defect_acts::ImpatientCard {
                card,
                skip: env.skip.clone(),
                deadline: defect_acts::SLOW_ANSWER_AS_NO_CARD,
                as_no_card: true,
            }) as Box<dyn CardTransport + Send>)
        }
        other => other,
    };
    let card = match card {
        Some(card) if defects.has(Defect::LogApdus) => Some(Box::new(defect_acts::LoggedCard {
            card,
            logger: env.logger.clone(),
        })
            as Box<dyn CardTransport + Send>),
        other => other,
    };
    // 61xx and 6Cxx are resolved below everything else (the defect's own answer included).
    let card = card.map(|card| {
        Box::new(procedure::ProcedureBytes::new(card, defects)) as Box<dyn CardTransport + Send>
    });
    let (card, kept) = match card {
        Some(card) if defects.has(Defect::AskCardAgain) => {
            let shared = defect_acts::SharedCard(std::sync::Arc::new(std::sync::Mutex::new(card)));
            let card = Box::new(shared.clone()) as Box<dyn CardTransport + Send>;
            (Some(card), Some(shared))
        }
        other => (other, None),
    };
    let mut late = None;
    let screen = match (card, &env.terminal_dir) {
        // A relying party's world names its OCSP responder (docs/relying-party.md).
        (Some(card), _) if env.ocsp_url.is_some() => {
            let (screen, asked_late) = relying_party::run(&mut talk, card, env, defects)?;
            late = asked_late;
            screen
        }
        (Some(card), _) => card_check::run(&mut talk, card, env, defects, deadline)?,
        (None, Some(root)) => folders::run(&mut talk, root, env, defects, deadline)?,
        (None, None) => Screen::card_error(&CardError::Reader(
            "no reader (MYNAKIT_READER) and no terminal folder (MYNAKIT_TERMINAL_DIR)".into(),
        )),
    };
    let screen = screen_of_day::screen_of_day(screen, env.today.as_deref(), &env.began, defects);
    if !defects.has(Defect::IgnoreGaiji) {
        talk.gaiji_warnings(&screen)?;
    }
    if !defects.has(Defect::SkipMedicalTicketPrompt) {
        care::medical_ticket_prompt(&mut talk, &screen)?;
    }
    talk.read_aloud(&screen)?;
    talk.result(&screen)?;
    if defects.has(Defect::KeepPatientData) {
        defect_acts::keep_result(env.temp_dir.as_deref(), &screen.fields);
    }
    if defects.has(Defect::AmbulanceKeepsSummary) {
        defect_acts::keep_summary(env.home.as_deref(), &screen.fields);
    }
    if defects.has(Defect::AmbulanceLogsSummary) {
        // "For the transfer report": the fields shown, on the client's log (stderr).
        for (name, value) in &screen.fields {
            env.log(&format!("shown {name}={value}"));
        }
    }
    if defects.has(Defect::LogPatient) {
        // "To trace a support call": who was checked, on the client's log (stderr).
        for name in ["Name", "Birthdate"] {
            if let Some(value) = screen.fields.get(name) {
                env.log(&format!("patient {name}={value}"));
            }
        }
    }
    if let Some(card) = kept {
        card.ask_again();
    }
    // The defect `relying-accept-then-ask`: the revocation asked after the result.
    if let Some(question) = late {
        question.ask();
    }
    let outcome = screen.outcome.unwrap_or(Outcome::ServiceError);
    env.log(&format!(
        "result {outcome} after {} ms",
        start.elapsed().as_millis()
    ));
    Ok(outcome)
}
