//! The card-reading role: a マイナ資格確認アプリ / 資格確認限定型-style check of the card in the
//! reader against the eligibility service.
//!
//! ```text
//! log in (with an activation code) ..... POST /v1/activations; every later request signed
//! mode ask (pin, visual, face)
//! read the auth certificate ............ SELECT AP, SELECT 000A, READ BINARY ×n
//!   refused (6982)? the token label ..... SELECT 0006, READ BINARY: an Android phone gives it
//!                                          after the PIN (pin mode), or the staff fall back
//! pin mode: tries left, PIN, VERIFY .... SELECT 0018, VERIFY (empty), VERIFY <PIN> per PIN typed
//! visual mode: 目視確認 ................ confirm photo-match (no: cancelled)
//! consent to 限度額 data
//! check ................................ [POST /v1/challenges, SELECT 0017, 80 2A] POST /v1/confirmations
//! not registered (pin mode): confirm, GET /v1/terms, consent, [challenge, sign] POST /v1/registrations,
//!                            then the check again with a fresh challenge
//! 医療費助成 in the answer: consent medical-subsidy (yes: the entries valid on the day shown)
//! release the card, result
//! ```
//!
//! Where each rule comes from is in `docs/reference-client.md`.

use std::io::{BufRead, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use mynakit_protocol::{Flow, Mode, Outcome};

use crate::card::CardTransport;
use crate::defects::{Defect, Defects};
use crate::env::ClientEnv;
use crate::jpki::JpkiSession;
use crate::screen::{Screen, Stop};
use crate::service::{Challenge, HttpFailure, Service};
use crate::talk::Talk;
use crate::ClientError;

mod ambulance_visit;
mod busy_reader;
mod card_read;
mod confirmation;
mod consent_visit;
mod emergency_visit;
mod flow;
mod history;
mod login;
pub(crate) mod note_loss;
mod pin;
mod portal_login;
mod proof;
mod registration;
mod retries;
mod subsidies;

use note_loss::NoteLoss;

/// Runs the card-reading role to its result screen. The card is released before returning.
pub(crate) fn run<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    card: Box<dyn CardTransport + Send>,
    env: &ClientEnv,
    defects: &Defects,
    deadline: Option<Instant>,
) -> Result<Screen, ClientError> {
    let lost = Arc::new(AtomicBool::new(false));
    let card: Box<dyn CardTransport + Send> = if defects.has(Defect::CardLossAsCancel) {
        Box::new(NoteLoss {
            inner: card,
            lost: lost.clone(),
        })
    } else {
        card
    };
    let mut check = CardCheck {
        talk,
        card: JpkiSession::new(card)
            .with_read_pattern(env.read_pattern)
            .with_variants(&env.variants),
        service: Service::new(env, defects, deadline),
        env,
        defects,
        deadline,
        mode: Mode::Pin,
        certificate: Vec::new(),
        limit_consent: None,
        first_challenge: None,
        role: None,
        device_id: None,
        unanswered: None,
        pin_verified: false,
        answer_day: None,
        subsidy_choice: None,
    };
    let ended = if env.care_setting == Some(Flow::Disaster) {
        // No card: the 災害時 view is by the patient's word and consent.
        crate::care::disaster(check.talk, &check.service, env, defects)
    } else {
        check.run()
    };
    // Release before the result: the card is free (and its PIN session gone) by the time the
    // staff read the final screen.
    if !defects.has(Defect::KeepCardPowered) {
        check.card.transport().release();
    }
    match ended {
        Ok(mut screen) | Err(Stop::Show(mut screen)) => {
            if defects.has(Defect::CardErrorAsServiceError)
                && screen.outcome == Some(Outcome::CardError)
            {
                screen.outcome = Some(Outcome::ServiceError);
            }
            if lost.load(Ordering::SeqCst) && screen.outcome == Some(Outcome::CardError) {
                screen = Screen::cancelled();
            }
            if crate::care::checkup_setting(env, defects) {
                crate::care::tell_checkup_fallback(check.talk, &screen)?;
            }
            Ok(screen)
        }
        Err(Stop::Broken(e)) => Err(e),
    }
}

struct CardCheck<'a, R, W> {
    talk: &'a mut Talk<R, W>,
    card: JpkiSession<Box<dyn CardTransport + Send>>,
    service: Result<Service, HttpFailure>,
    env: &'a ClientEnv,
    defects: &'a Defects,
    deadline: Option<Instant>,
    mode: Mode,
    /// The auth certificate (DER), read once per session.
    certificate: Vec<u8>,
    /// The patient's answer about 限度額 data; `None` when not asked (`omit-limit-consent`).
    limit_consent: Option<bool>,
    /// Kept only for the `reuse-challenge` defect.
    first_challenge: Option<Challenge>,
    /// The account's role, once the device has logged in (`general`, `medical-information`).
    role: Option<String>,
    /// The device's id, once it has logged in: the hand-off offers only this device's entries.
    device_id: Option<String>,
    /// The last confirmation sent whose answer never came; kept only for the
    /// `replay-after-network-loss` defect.
    unanswered: Option<serde_json::Value>,
    /// Whether the auth PIN was verified before the certificate was read (an Android phone).
    pin_verified: bool,
    /// The last answer's `QualificationConfirmationDate` (`yyyyMMdd`): the day its 医療費助成
    /// entries are taken for.
    answer_day: Option<String>,
    /// The patient's answer about their 医療費助成, when asked before the check (the variants
    /// `subsidy-asked-first` and `subsidy-asked-again`); `None`: not asked yet, or forgotten
    /// with a lost answer (`subsidy-asked-again`).
    subsidy_choice: Option<bool>,
}
