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
//! release the card, result
//! ```
//!
//! Where each rule comes from is in `docs/reference-client.md`.

use std::io::{BufRead, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use mynakit_protocol::{ConfirmTopic, ConsentTopic, Fallback, Flow, Mode, Outcome};

use crate::card::{CardError, CardTransport};
use crate::care::ConsentKind;
use crate::defects::{Defect, Defects};
use crate::env::ClientEnv;
use crate::jpki::{digest_info_sha256, JpkiSession, PinStatus, Signing, Token};
use crate::oqs::OqsMessage;
use crate::results::{registration_of, screen_of, service_error};
use crate::screen::{Screen, Stop};
use crate::service::{Challenge, HttpFailure, Service};
use crate::talk::Talk;
use crate::ClientError;
use mynakit_oqs::ElementName;
use mynakit_oqs::Outcome as ResultOutcome;

mod portal_login;

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
        card: JpkiSession::new(card).with_read_pattern(env.read_pattern),
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

/// Only for the `card-loss-as-cancel` defect: notes whether the card or its reader went away
/// (`CardError::Removed`, or a reader error such as PC/SC's `SCARD_E_READER_UNAVAILABLE`).
struct NoteLoss {
    inner: Box<dyn CardTransport + Send>,
    lost: Arc<AtomicBool>,
}

impl CardTransport for NoteLoss {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        let answer = self.inner.transmit(apdu);
        if matches!(answer, Err(CardError::Removed | CardError::Reader(_))) {
            self.lost.store(true, Ordering::SeqCst);
        }
        answer
    }

    fn release(&mut self) {
        self.inner.release();
    }

    fn wait_for_card(&mut self, timeout: Duration) -> Result<bool, CardError> {
        self.inner.wait_for_card(timeout)
    }

    fn reconnect(&mut self) -> Result<(), CardError> {
        self.inner.reconnect()
    }

    fn open_reader(&mut self, reader: &str) -> Result<Box<dyn CardTransport + Send>, CardError> {
        self.inner.open_reader(reader)
    }

    fn reads_over_nfc(&mut self) -> bool {
        self.inner.reads_over_nfc()
    }
}

/// Why one attempt at a service exchange failed.
enum Attempt {
    /// The service: maybe retried.
    Http(HttpFailure),
    /// Anything else (card, operator): ends the flow.
    Stop(Stop),
}

impl From<HttpFailure> for Attempt {
    fn from(f: HttpFailure) -> Attempt {
        Attempt::Http(f)
    }
}

impl From<Stop> for Attempt {
    fn from(s: Stop) -> Attempt {
        Attempt::Stop(s)
    }
}

impl From<CardError> for Attempt {
    fn from(e: CardError) -> Attempt {
        Attempt::Stop(e.into())
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
}

impl<R: BufRead, W: Write> CardCheck<'_, R, W> {
    fn run(&mut self) -> Result<Screen, Stop> {
        match self.env.care_setting {
            Some(Flow::Kyotaku) => {
                if !self.talk.confirm(
                    ConfirmTopic::FirstVisit,
                    "初回の訪問ですか（はい：カードで同意を登録／いいえ：同意の範囲でカードなしで確認）",
                )? {
                    let service = self.service.as_ref().map_err(Clone::clone);
                    return crate::care::home_follow_up(self.talk, service, self.env, self.defects);
                }
                return self.consent_visit(ConsentKind::HomeVisit);
            }
            Some(Flow::OnlineShinryo) => return self.consent_visit(ConsentKind::OnlineVisit),
            Some(Flow::NingenDock) => {
                if let Some(screen) = crate::care::dock_purpose(self.talk, self.defects)? {
                    return Ok(screen);
                }
            }
            Some(Flow::BusKenshin) if !self.defects.has(Defect::SkipPreTourCheck) => {
                // The reader is there when it can be watched (a card in it or not).
                let reader = self.card.transport().wait_for_card(Duration::ZERO).is_ok();
                let service = self.service.as_ref().map_err(Clone::clone);
                crate::care::pre_tour_check(self.talk, service, reader, self.defects)?;
            }
            _ => {}
        }
        // 顔認証マイナンバーカード have no PIN, and a card's PIN may be blocked: the staff pick
        // visual (目視確認) or face mode then. Which card it is cannot be told without a VERIFY,
        // and visual/face mode must send none, so every mode is offered and a PIN-less card in
        // PIN mode ends as `pin-locked` with the advice to switch.
        if self.env.portal_account.is_some() {
            self.log_in_portal()?;
        } else if self.env.activation_code.is_some() {
            self.log_in()?;
        }
        // 資格確認限定型 (特定健診) identifies by PIN or 目視確認 only (「暗証番号入力・目視確認」,
        // docs/care-settings.md).
        let checkup = crate::care::checkup_setting(self.env, self.defects);
        self.mode = if checkup {
            self.talk.mode(&[Mode::Pin, Mode::Visual])?
        } else {
            self.talk.mode(&[Mode::Pin, Mode::Visual, Mode::Face])?
        };
        if !self.defects.has(Defect::NoCardWait) {
            self.wait_for_card()?;
        }
        let visual = self.mode == Mode::Visual;
        if visual && self.defects.has(Defect::ShowPreviousResult) {
            if let Some(previous) = self.previous_patient() {
                return Ok(previous);
            }
        }
        self.talk.progress("カードを読み取っています")?;
        if self.defects.has(Defect::ReadMyNumber) {
            crate::defect_acts::read_my_number(self.card.transport().as_mut());
        }
        if self.defects.has(Defect::RequireKenhojo) {
            crate::defect_acts::require_kenhojo(self.card.transport().as_mut())?;
        }
        if self.defects.has(Defect::SkipApSelect) {
            self.card.assume_ap_selected();
        }
        if self.defects.has(Defect::EmptyAnswerOk) {
            self.card.accept_empty_answers();
        }
        if self.defects.has(Defect::ExtendedRead) {
            self.card.use_extended_reads();
        }
        if self.defects.has(Defect::ResumeReadAfterCardLoss) {
            self.card.resume_reads_after_loss();
        }
        let read = if self.defects.has(Defect::StopAtReadError) {
            self.card.read_auth_certificate_until_error()
        } else {
            let read = self.card.read_auth_certificate();
            self.read_again_after_tag_loss(read)?
        };
        let read = self.read_on_phone(read)?;
        self.certificate = match read {
            Ok(certificate) => certificate,
            Err(CardError::Removed | CardError::Reader(_))
                if visual && self.defects.has(Defect::StaleResultOnCardLoss) =>
            {
                match self.previous_patient() {
                    Some(previous) => return Ok(previous),
                    None => return Err(CardError::Removed.into()),
                }
            }
            Err(e) => return Err(e.into()),
        };
        if self.mode == Mode::Pin && self.defects.has(Defect::SignBeforeVerify) {
            // The signature's 6982 makes `sign` ask for the PIN.
        } else if self.mode == Mode::Pin && !self.pin_verified {
            self.unlock_pin()?;
        } else if self.mode == Mode::Pin {
            // Verified before the certificate could be read (an Android phone).
        } else if self.defects.has(Defect::VerifyInVisual) {
            let _ = self.card.verify_pin(VISUAL_DEFECT_PIN)?;
        } else if (visual && self.defects.has(Defect::AskPinInVisual))
            || (self.mode == Mode::Face && self.defects.has(Defect::AskPinInFace))
        {
            let tries_left = match self.card.pin_status()? {
                PinStatus::TriesLeft(n) => Some(n),
                _ => None,
            };
            // What is typed is never sent: the defect is the ask itself.
            let _ = self.talk.pin(tries_left)?;
        }
        // 目視確認: the staff compare the card's photo with the patient once the card is read,
        // before anything about the patient is fetched or shown; a no ends the confirmation
        // (docs/client-protocol.md, "目視確認 (visual mode)").
        if visual
            && !self.defects.has(Defect::SkipPhotoMatch)
            && !self.defects.has(Defect::PhotoMatchAfterResult)
        {
            self.photo_match()?;
        }
        // No 限度額 at a 健診: it carries eligibility data only.
        if !self.defects.has(Defect::OmitLimitConsent) && !checkup {
            let answer = self.talk.consent(ConsentTopic::LimitApplication, None)?;
            self.limit_consent = Some(answer || self.defects.has(Defect::IgnoreLimitRefusal));
        }
        let mut screen = self.check()?;
        if screen.outcome == Some(Outcome::NotRegistered) {
            screen = self.register_and_check_again(screen)?;
        }
        if checkup && screen.outcome == Some(Outcome::Eligible) {
            return crate::care::checkup_ticket(self.talk, screen);
        }
        let screen = self.history_and_hand_off(screen)?;
        // 医療扶助 at a 柔整・あはき 施術所: the result does not say whether the 施術所 is 委託 or
        // 未委託, so the staff check the 施術券 as before (MHLW 事務連絡 2025-04-15, 別紙
        // 「医療扶助表示画面の改修」; `SVC-treatment-ticket-shown`).
        if self.env.care_setting == Some(Flow::JuseiAhaki)
            && screen.outcome == Some(Outcome::MedicalAssistance)
            && !self.defects.has(Defect::SkipTreatmentTicket)
        {
            self.talk.fallback(
                &[Fallback::TreatmentTicket],
                "医療扶助の方です。委託・未委託の情報は表示されないため、従来どおり施術券を確認してください",
            )?;
        }
        let mut screen = screen;
        if self.env.care_setting == Some(Flow::JuseiAhaki)
            && self.defects.has(Defect::TranscriptionFullWidth)
        {
            crate::defect_acts::widen_transcription(&mut screen.fields);
        }
        if visual && self.defects.has(Defect::PhotoMatchAfterResult) {
            self.talk.display(&screen)?;
            self.photo_match()?;
        }
        Ok(screen)
    }

    /// The 目視確認 ask (confirm topic `photo-match`): the staff compare the photo on the card
    /// with the patient (「マイナンバーカードの顔写真と患者の顔が同一であることを医療関係者等が
    /// 目視により確認」, MHLW 事務連絡 2025-05-21). A no ends the check as `cancelled`.
    fn photo_match(&mut self) -> Result<(), Stop> {
        if self.talk.confirm(
            ConfirmTopic::PhotoMatch,
            "マイナンバーカードの顔写真とご本人が同一であることを目視で確認してください。同一人物ですか",
        )? {
            return Ok(());
        }
        Err(Stop::Show(Screen::outcome(
            Outcome::Cancelled,
            "目視確認でご本人と確認できなかったため、資格確認を中止しました",
        )))
    }

    /// Only for the `show-previous-result` and `stale-result-on-card-loss` defects: the newest
    /// confirmation of today's 閲覧履歴 (the previous patient's), as the screen left showing it.
    /// `None` when the device is not logged in or the history cannot be read.
    fn previous_patient(&self) -> Option<Screen> {
        self.role.as_ref()?;
        let today = self.env.today.clone().unwrap_or_default();
        let list = self.service.as_ref().ok()?.history(&today, &today).ok()?;
        let entry = list.last()?;
        Some(screen_of(
            &entry.message,
            self.limit_consent.unwrap_or(true),
            self.defects,
        ))
    }

    /// 閲覧履歴 and the hand-off to a レセコン (flow `history`, `docs/history.md`): offered once
    /// the device is logged in (history belongs to the device's facility). The staff see today's
    /// confirmations and may hand this patient's newest confirmation made by this device to the
    /// レセコン (`SVC-hand-off-own-entry`): the ask names its id (`SVC-hand-off-confirmed`), and
    /// on a yes it is fetched as it was sent, by the id the listing gave, and becomes the final
    /// screen. A history that cannot be read leaves the check's own screen, saying so.
    fn history_and_hand_off(&mut self, screen: Screen) -> Result<Screen, Stop> {
        if self.role.is_none()
            || !self
                .talk
                .confirm(ConfirmTopic::History, "閲覧履歴を表示しますか")?
        {
            return Ok(screen);
        }
        let today = self.env.today.clone().unwrap_or_default();
        let listed = self.with_retries("閲覧履歴", |check| {
            Ok(check.service()?.history(&today, &today)?)
        });
        let list = match listed {
            Ok(list) => list,
            Err(Stop::Show(failed)) => {
                self.talk.display(&failed)?;
                let mut screen = screen;
                screen.text = Some(format!(
                    "{}（閲覧履歴を表示できませんでした）",
                    screen.text.unwrap_or_default()
                ));
                return Ok(screen);
            }
            Err(stop) => return Err(stop),
        };
        self.talk
            .progress(&format!("閲覧履歴（本日）: {}件", list.len()))?;
        let entry = if self.defects.has(Defect::HandOffOtherEntry) {
            list.first()
        } else {
            list.iter().rev().find(|entry| {
                entry.device_id == self.device_id && same_patient(&entry.message, &screen)
            })
        };
        let Some(entry) = entry else {
            let mut screen = screen;
            screen.text = Some(format!(
                "{}（閲覧履歴にこの端末でのこの方の資格確認結果がないため、レセコンに連携しませんでした）",
                screen.text.unwrap_or_default()
            ));
            return Ok(screen);
        };
        let id = if self.defects.has(Defect::HandOffGuessedId) {
            "1".to_owned()
        } else {
            entry.id.clone()
        };
        if !self.defects.has(Defect::HandOffUnconfirmed)
            && !self.talk.confirm(
                ConfirmTopic::HandOff,
                &format!("資格確認結果（{id}）をレセコンに連携しますか"),
            )?
        {
            return Ok(screen);
        }
        let past = self.with_retries("レセコンへの連携", |check| {
            Ok(check.service()?.past_result(&id)?)
        })?;
        let mut handed = screen_of(&past, self.limit_consent.unwrap_or(true), self.defects);
        handed.text = Some(format!(
            "{}（資格確認結果 {id} をレセコンに連携しました）",
            handed.text.unwrap_or_default()
        ));
        Ok(handed)
    }

    /// The app's first start (`docs/device-setup.md`): logs the device in with the facility
    /// code, the account and the activation code, before any patient. A refusal ends the flow
    /// with the reason the staff can act on (a new code, the password, the administrator);
    /// it is never retried by itself: the same code and password would be refused again, and
    /// each wrong password brings the account nearer to its lockout. When the staff type the
    /// password (a `password` ask), a wrong one may be typed again; a locked account ends it.
    fn log_in(&mut self) -> Result<(), Stop> {
        let env = self.env;
        let (Some(code), Some(user)) = (env.activation_code.as_ref(), env.account.as_deref())
        else {
            return Err(Stop::Show(Screen::outcome(
                Outcome::ServiceError,
                "ログインできません: ユーザID（MYNAKIT_ACCOUNT）が設定されていません",
            )));
        };
        let facility = env.facility_code.clone().unwrap_or_default();
        // Without MYNAKIT_ACCOUNT_PASSWORD the staff type the password (flow `password-ask`):
        // a wrong one may be typed again; a locked account, or any other refusal, ends here.
        let mut again: Option<&'static str> = None;
        for attempt in 1..=MAX_PASSWORD_ATTEMPTS {
            let password = match &env.account_password {
                Some(password) => password.clone(),
                None => self.talk.password(user, again)?,
            };
            self.talk.progress("ログインしています")?;
            let service = match &mut self.service {
                Ok(service) => service,
                Err(failure) => return Err(Stop::Show(service_error(failure))),
            };
            let sent_code = match self.defects.has(Defect::ActivationCodeAsNumber) {
                true => serde_json::json!(code.expose().parse::<u64>().unwrap_or_default()),
                false => serde_json::json!(code.expose()),
            };
            let mut answer =
                service.activate(&facility, user, password.expose(), sent_code.clone());
            if self.defects.has(Defect::RetryLogin) {
                for _ in 0..2 {
                    if !matches!(answer, Err(HttpFailure::Refused(_))) {
                        break;
                    }
                    answer =
                        service.activate(&facility, user, password.expose(), sent_code.clone());
                }
            }
            let failure = match answer {
                Ok(activated) => {
                    env.log(&format!(
                        "logged in as {user} ({}); device {}",
                        activated.role, activated.device_id
                    ));
                    self.role = Some(activated.role);
                    self.device_id = Some(activated.device_id);
                    return Ok(());
                }
                Err(failure @ HttpFailure::Refused(_)) => failure,
                Err(failure) => return Err(Stop::Show(service_error(&failure))),
            };
            let problem = failure.problem();
            let text = crate::device::refusal_text(problem);
            let retype = env.account_password.is_none()
                && (problem == Some("wrong-password")
                    || problem == Some("account-locked")
                        && self.defects.has(Defect::AskPasswordAfterLockout)
                    || self.defects.has(Defect::AskPasswordAfterAnyRefusal));
            if !retype || attempt == MAX_PASSWORD_ATTEMPTS {
                return Err(Stop::Show(Screen::outcome(
                    Outcome::ServiceError,
                    format!("{text} ({})", failure.describe()),
                )));
            }
            self.talk.progress(text)?;
            again = Some(text);
        }
        Err(Stop::Show(Screen::outcome(
            Outcome::ServiceError,
            "ログインできませんでした",
        )))
    }

    /// A consent registered with the card and its PIN (居宅's first visit, each オンライン診療
    /// visit; `docs/care-settings.md`), then, for オンライン診療, the institution's check within
    /// it.
    fn consent_visit(&mut self, kind: ConsentKind) -> Result<Screen, Stop> {
        // 「マイナンバーカードを読み取り、PIN認証を行い」: the PIN, not 目視確認.
        self.mode = self.talk.mode(&[Mode::Pin])?;
        if !self.defects.has(Defect::NoCardWait) {
            self.wait_for_card()?;
        }
        self.talk.progress("カードを読み取っています")?;
        let read = self.card.read_auth_certificate();
        self.certificate = self.read_on_phone(read)??;
        if !self.pin_verified {
            self.unlock_pin()?;
        }
        if !self.talk.consent(ConsentTopic::QualificationCheck, None)? {
            if kind == ConsentKind::OnlineVisit && self.defects.has(Defect::ReuseOnlineConsent) {
                let service = self.service.as_ref().map_err(Clone::clone);
                return crate::care::online_on_old_consent(
                    self.talk,
                    service,
                    self.env,
                    self.defects,
                );
            }
            return Ok(Screen::outcome(
                Outcome::Cancelled,
                "資格確認への同意が得られないため、確認しません",
            ));
        }
        let medical = self.talk.consent(ConsentTopic::MedicalInformation, None)?;
        self.talk.progress("同意を登録しています")?;
        let code = self.env.facility_code.clone().unwrap_or_default();
        let answer = self.with_retries("同意の登録", |check| {
            let mut body = check.proof_body();
            check.proof(&mut body)?;
            body["kind"] = kind.as_str().into();
            body["medical_institution_code"] = code.as_str().into();
            body["consent"] = true.into();
            body["medical_information"] = medical.into();
            Ok(check.service()?.post_json("/v1/care-consents", &body)?)
        })?;
        let mut screen = crate::care::screen_of_answer(&answer, self.defects);
        let Some(consent_id) = answer["consent_id"].as_str().map(str::to_owned) else {
            return Ok(screen);
        };
        if kind == ConsentKind::HomeVisit {
            screen.text =
                Some("同意を登録しました。次回からはカードなしで資格を確認できます".to_owned());
            return Ok(screen);
        }
        self.talk
            .progress("同意を登録しました。医療機関で資格を確認しています")?;
        let answer = self.with_retries("資格確認", |check| {
            let body = serde_json::json!({
                "kind": kind.as_str(),
                "medical_institution_code": code,
                "consent_id": consent_id,
            });
            Ok(check.service()?.post_json("/v1/care-checks", &body)?)
        })?;
        Ok(crate::care::screen_of_answer(&answer, self.defects))
    }

    /// Reads the tries left, asks for the PIN, and VERIFYs each PIN typed exactly once, until
    /// the card says `9000` or the PIN is blocked.
    fn unlock_pin(&mut self) -> Result<(), Stop> {
        let mut tries_left = match self.card.pin_status()? {
            PinStatus::TriesLeft(n) => Some(n),
            // `9000` to the empty VERIFY says "verified" (by someone) but not how many tries
            // are left; this patient still proves they hold the card by typing the PIN.
            PinStatus::Verified => None,
            PinStatus::Blocked if self.defects.has(Defect::VerifyBlockedPin) => None,
            PinStatus::Blocked => return Err(Stop::Show(pin_locked())),
            PinStatus::NotSet => return Err(Stop::Show(pin_not_set())),
        };
        loop {
            if tries_left == Some(1) {
                let mut warning = Screen::progress(
                    "残り1回です。間違えるとロックされます（目視確認・顔認証も選べます）",
                );
                warning.tries_left = Some(1);
                self.talk.display(&warning)?;
            }
            let shown = if self.defects.has(Defect::HideTriesLeft) {
                None
            } else {
                tries_left
            };
            let pin = self.talk.pin(shown)?;
            if self.defects.has(Defect::PinToOtherReader) {
                self.switch_to_other_reader()?;
            }
            if !is_auth_pin_format(pin.expose()) && !self.defects.has(Defect::SkipPinFormat) {
                // Wrong for sure, and the card may count it as a try: never sent.
                let mut screen = Screen::progress("暗証番号は数字4桁で入力してください");
                screen.tries_left = tries_left;
                self.talk.display(&screen)?;
                continue;
            }
            let mut status = match self.card.verify_pin(pin.expose()) {
                Err(CardError::Removed | CardError::Reset)
                    if self.defects.has(Defect::PinToNextCard) =>
                {
                    self.verify_on_next_card(pin.expose())?
                }
                Err(CardError::Reader(_)) if self.defects.has(Defect::BlindVerifyRetry) => {
                    self.card.verify_pin(pin.expose())?
                }
                Err(lost @ (CardError::Removed | CardError::Reset))
                    if self.defects.has(Defect::CardLossAsWrongPin) =>
                {
                    let n = tries_left.unwrap_or(3).saturating_sub(1);
                    let mut screen = Screen::outcome(
                        Outcome::PinIncorrect,
                        format!("暗証番号が違います（残り{n}回）"),
                    );
                    screen.tries_left = Some(n);
                    self.talk.display(&screen)?;
                    return Err(lost.into());
                }
                other => other?,
            };
            if self.defects.has(Defect::AutoRetryPin) && matches!(status, PinStatus::TriesLeft(_)) {
                status = self.card.verify_pin(pin.expose())?;
            }
            match status {
                PinStatus::Verified => {
                    self.talk.progress("暗証番号を確認しました")?;
                    return Ok(());
                }
                PinStatus::TriesLeft(n) => {
                    let mut screen = Screen::outcome(
                        Outcome::PinIncorrect,
                        format!("暗証番号が違います（残り{n}回）"),
                    );
                    screen.tries_left = Some(n);
                    self.talk.display(&screen)?;
                    tries_left = Some(n);
                }
                PinStatus::Blocked => return Err(Stop::Show(pin_locked())),
                PinStatus::NotSet => return Err(Stop::Show(pin_not_set())),
            }
        }
    }

    /// The `pin-to-other-reader` defect: from here on the session talks to the card in the last
    /// reader of `MYNAKIT_READERS` that is not `MYNAKIT_READER` (nothing changes with one reader).
    fn switch_to_other_reader(&mut self) -> Result<(), CardError> {
        let own = self.env.reader.as_deref();
        let Some(other) = self
            .env
            .readers
            .iter()
            .rev()
            .find(|r| Some(r.as_str()) != own)
        else {
            return Ok(());
        };
        let card = self.card.transport().open_reader(other)?;
        self.card = JpkiSession::new(card).with_read_pattern(self.env.read_pattern);
        Ok(())
    }

    /// The `pin-to-next-card` defect: waits up to 3 s for a card, reconnects, and sends `pin`
    /// (typed for the card that left) to it.
    fn verify_on_next_card(&mut self, pin: &str) -> Result<PinStatus, CardError> {
        let mut last = CardError::Removed;
        for _ in 0..15 {
            self.card.reconnect()?;
            match self.card.verify_pin(pin) {
                Err(e @ (CardError::Removed | CardError::Reset | CardError::Reader(_))) => {
                    last = e;
                    std::thread::sleep(Duration::from_millis(200));
                }
                other => return other,
            }
        }
        Err(last)
    }

    /// A signature over `challenge` by the auth key; asks for the PIN again only if the card
    /// says it is no longer verified (`6982`).
    fn sign(&mut self, challenge: &[u8]) -> Result<Vec<u8>, Attempt> {
        let digest_info = digest_info_sha256(challenge);
        if let Signing::Signature(signature) = self.card.sign(&digest_info)? {
            return Ok(signature);
        }
        self.unlock_pin()?;
        match self.card.sign(&digest_info)? {
            Signing::Signature(signature) => Ok(signature),
            Signing::NeedsPin => Err(CardError::Status {
                step: "COMPUTE DIGITAL SIGNATURE",
                sw: 0x6982,
            }
            .into()),
        }
    }

    fn service(&self) -> Result<&Service, Attempt> {
        self.service.as_ref().map_err(|f| Attempt::Http(f.clone()))
    }

    /// The PIN-mode proof: a fresh challenge and the card's signature over it.
    fn proof(&mut self, body: &mut serde_json::Value) -> Result<(), Attempt> {
        let challenge = match (
            &self.first_challenge,
            self.defects.has(Defect::ReuseChallenge),
        ) {
            (Some(first), true) => first.clone(),
            _ => self.service()?.challenge()?,
        };
        if self.defects.has(Defect::ReuseChallenge) && self.first_challenge.is_none() {
            self.first_challenge = Some(challenge.clone());
        }
        let signature = self.sign(&challenge.bytes)?;
        body["challenge_id"] = challenge.id.into();
        body["signature"] = base64::engine::general_purpose::STANDARD
            .encode(signature)
            .into();
        Ok(())
    }

    /// The body every card proof starts with.
    fn proof_body(&self) -> serde_json::Value {
        let mode = match self.mode {
            Mode::Visual if self.defects.has(Defect::PinRequestInVisual) => "pin",
            Mode::Pin => "pin",
            Mode::Face => "face",
            Mode::Visual
            | Mode::InsuranceCard
            | Mode::Bulk
            | Mode::DrugInfo
            | Mode::CheckupInfo
            | Mode::DiagnosisInfo => "visual",
        };
        let certificate = if mode != "pin" && self.defects.has(Defect::ReplayCertificate) {
            crate::defect_acts::REPLAYED_CERTIFICATE
        } else {
            &self.certificate
        };
        serde_json::json!({
            "mode": mode,
            "certificate": base64::engine::general_purpose::STANDARD.encode(certificate),
        })
    }

    /// One `POST /v1/confirmations`, with a fresh proof in PIN mode.
    fn confirm_once(&mut self) -> Result<OqsMessage, Attempt> {
        let mut body = self.proof_body();
        if self.mode == Mode::Pin {
            self.proof(&mut body)?;
        }
        let checkup = crate::care::checkup_setting(self.env, self.defects);
        // A 健診 facility known by its own identity names itself by it, in place of a
        // 医療機関コード (docs/kenshin.md, "Facility identities").
        let identity = self
            .env
            .checkup_identity
            .as_ref()
            .filter(|_| checkup && !self.defects.has(Defect::KenshinFacilityCode));
        if let Some(identity) = identity {
            body[identity.field()] = identity.value().into();
        } else if let Some(code) = self.env.facility_code.as_deref() {
            if code.len() == 10 && code.bytes().all(|b| b.is_ascii_digit()) {
                body["medical_institution_code"] = code.into();
            } else {
                self.env.log(&format!(
                    "MYNAKIT_FACILITY_CODE {code:?} is not 10 digits; not sent"
                ));
            }
        }
        if let Some(today) = &self.env.today {
            body["qualification_confirmation_date"] = today.as_str().into();
        }
        if let Some(consent) = self.limit_consent {
            body["limit_application_consent"] = consent.into();
        }
        // 権限区分 (docs/viewing.md): only a 医療情報閲覧 account asks for medical information.
        if self.role.as_deref() == Some("medical-information")
            || self.defects.has(Defect::IgnoreRole) && self.role.is_some()
        {
            body["include_medical_information"] = true.into();
        }
        if checkup {
            body["purpose"] = "kenshin".into();
        }
        if self.defects.has(Defect::ReplayAfterNetworkLoss) {
            if let Some(old) = self.unanswered.take() {
                body = old;
            }
        }
        let answer = self.service()?.confirm(&body);
        if answer.is_err() {
            self.unanswered = Some(body);
        }
        Ok(answer?)
    }

    /// The card check, with retries, turned into the screen.
    fn check(&mut self) -> Result<Screen, Stop> {
        self.talk.progress("資格情報を照会しています")?;
        if self.defects.has(Defect::ShowBeforeAnswer) {
            self.talk
                .display(&Screen::outcome(Outcome::Eligible, "資格が確認できました"))?;
        }
        let message = match self.with_retries("資格確認", Self::confirm_once) {
            Ok(message) => message,
            Err(Stop::Show(failed))
                if self.mode == Mode::Visual
                    && self.defects.has(Defect::OutageAsEligible)
                    && failed.outcome == Some(Outcome::ServiceError) =>
            {
                return Ok(Screen::outcome(
                    Outcome::Eligible,
                    "目視で本人確認済みです（資格情報は照会できませんでした）",
                ));
            }
            Err(stop) => return Err(stop),
        };
        if self.defects.has(Defect::GraceForExpiredPhone)
            && message
                .header(ElementName::ErrorCode.as_str())
                .is_some_and(|code| {
                    ResultOutcome::of_default_code(code) == Some(ResultOutcome::CertificateExpired)
                })
        {
            return Ok(Screen::outcome(
                Outcome::Eligible,
                "電子証明書の有効期限切れ後3か月の猶予期間内のため、資格を確認できました",
            ));
        }
        // Without a consent step, whatever 限度額 data the service released is shown.
        Ok(screen_of(
            &message,
            self.limit_consent.unwrap_or(true),
            self.defects,
        ))
    }

    /// 保険証利用登録, offered in PIN mode (the service registers only with a PIN-mode proof),
    /// then the check again.
    fn register_and_check_again(&mut self, not_registered: Screen) -> Result<Screen, Stop> {
        if self.defects.has(Defect::SkipRegistration) {
            return Ok(not_registered);
        }
        if self.mode != Mode::Pin && !self.defects.has(Defect::RegisterInVisual) {
            // Registration needs the card's signature (the service refuses it in visual or face
            // mode), and no PIN may be used in those modes: the offer says so, and accepting it
            // means reading the card again in PIN mode (docs/registration-branches.md).
            self.talk.display(&not_registered)?;
            let mut screen = not_registered;
            let again = self.talk.confirm(
                ConfirmTopic::Register,
                "保険証利用登録には暗証番号による本人確認が必要です。暗証番号モードで読み取り直して登録しますか",
            )?;
            screen.text = Some(if again {
                "暗証番号モードを選んで、カードを読み取り直してください（保険証利用登録）"
                    .to_owned()
            } else {
                "このカードは保険証として利用登録されていません".to_owned()
            });
            return Ok(screen);
        }
        self.talk.display(&not_registered)?;
        if !self
            .talk
            .confirm(ConfirmTopic::Register, "保険証利用登録を行いますか")?
        {
            return Ok(not_registered);
        }
        // The terms may be revised while the patient reads them: the service then refuses the
        // consent to the old version (terms outdated), and the patient is asked again, once,
        // with the new terms (docs/registration-branches.md).
        let mut answer = None;
        for attempt in 0..2 {
            let terms = self.with_retries("利用規約の取得", |check| {
                Ok(check.service()?.terms()?)
            })?;
            self.talk.progress(&terms.text)?;
            if !self
                .talk
                .consent(ConsentTopic::Terms, Some(terms.version.clone()))?
            {
                return Ok(not_registered);
            }
            let sent = self.send_registration(&terms.version)?;
            let outdated = sent
                .header(mynakit_oqs::ElementName::ErrorCode.as_str())
                .is_some_and(|code| {
                    ResultOutcome::of_default_code(code)
                        == Some(ResultOutcome::RegistrationTermsOutdated)
                });
            if outdated && self.defects.has(Defect::ReuseOutdatedTerms) {
                answer = Some(self.send_registration(&terms.version)?);
                break;
            }
            if outdated && attempt == 0 {
                self.talk.progress(
                    "利用規約が改定されました。改定後の利用規約に改めて同意してください",
                )?;
                continue;
            }
            answer = Some(sent);
            break;
        }
        let Some(answer) = answer else {
            return Ok(not_registered);
        };
        let registered = registration_of(&answer);
        if registered.outcome != Some(Outcome::Registered) {
            return Ok(registered);
        }
        self.talk.display(&registered)?;
        // Checked once more, with a fresh challenge (「再度、資格確認を行ってください」).
        let again = self.check()?;
        if again.outcome == Some(Outcome::NotRegistered) {
            // The registration was accepted but takes effect later: the result stays
            // `registered`, and the card is never registered twice.
            if self.defects.has(Defect::RegisterAgain) {
                let answer = self.send_registration(&self.current_terms_version())?;
                return Ok(registration_of(&answer));
            }
            return Ok(Screen::outcome(
                Outcome::Registered,
                "保険証利用登録は受け付けられましたが、反映まで時間がかかります。時間をおいて再度資格確認を行ってください",
            ));
        }
        Ok(again)
    }

    /// One `POST /v1/registrations` with a fresh PIN-mode proof and consent to `version`.
    fn send_registration(&mut self, version: &str) -> Result<crate::oqs::OqsMessage, Stop> {
        self.talk.progress("保険証利用登録を行っています")?;
        self.with_retries("保険証利用登録", |check| {
            let mut body = check.proof_body();
            // Only the `register-in-visual` defect gets here outside PIN mode: it sends no
            // signature, as no PIN may be used then.
            if check.mode == Mode::Pin {
                check.proof(&mut body)?;
            }
            body["terms_version"] = version.into();
            body["consent"] = true.into();
            Ok(check.service()?.register(&body)?)
        })
    }

    /// The terms version the service answers now (`register-again` defect only).
    fn current_terms_version(&self) -> String {
        self.service
            .as_ref()
            .ok()
            .and_then(|s| s.terms().ok())
            .map(|t| t.version)
            .unwrap_or_default()
    }

    /// Runs `attempt`; after a transient service failure tries again up to
    /// `Timings::auto_retries` times with a doubling backoff, then asks the staff whether to
    /// try again (`confirm` topic `retry`). A failure that retrying cannot fix (TLS, a refused
    /// request) ends at once with `service-error`, as does the run's deadline.
    fn with_retries<T>(
        &mut self,
        what: &str,
        mut attempt: impl FnMut(&mut Self) -> Result<T, Attempt>,
    ) -> Result<T, Stop> {
        let mut timings = self.env.timings.clone();
        if self.defects.has(Defect::RetryWithoutBackoff) {
            timings.auto_retries = 6;
            timings.retry_backoff = Duration::ZERO;
        }
        let mut logged_in_again = false;
        loop {
            let mut last = None;
            for n in 0..=timings.auto_retries {
                if n > 0 {
                    let wait = timings.retry_backoff * 2u32.saturating_pow(n - 1);
                    if self.left().is_some_and(|left| left < wait) {
                        break;
                    }
                    self.talk.progress(&format!(
                        "{what}: 再試行しています（{n}/{}）",
                        timings.auto_retries
                    ))?;
                    std::thread::sleep(wait);
                }
                match attempt(self) {
                    Ok(value) => return Ok(value),
                    Err(Attempt::Stop(stop)) => return Err(stop),
                    Err(Attempt::Http(failure)) => {
                        self.env.log(&format!("{what}: {}", failure.describe()));
                        if matches!(failure, HttpFailure::TimedOut(_)) {
                            last = Some(failure);
                            break;
                        }
                        if failure.problem() == Some("device-invalidated")
                            && self.defects.has(Defect::ReactivateAfterInvalidation)
                            && !logged_in_again
                        {
                            logged_in_again = true;
                            self.log_in()?;
                            continue;
                        }
                        if !failure.is_transient() {
                            return Err(Stop::Show(service_error(&failure)));
                        }
                        last = Some(failure);
                    }
                }
            }
            let failure = last
                .unwrap_or_else(|| HttpFailure::Transient("no time left to try again".to_owned()));
            let screen = service_error(&failure);
            if self.left().is_some_and(|left| left < timings.http_timeout) {
                return Err(Stop::Show(screen));
            }
            self.talk.display(&screen)?;
            if !self
                .talk
                .confirm(ConfirmTopic::Retry, "もう一度照会しますか")?
            {
                return Err(Stop::Show(screen));
            }
        }
    }

    /// A certificate read refused with `6982` (security status not satisfied) may be a phone's:
    /// the client reads the token label (EF `0006`) and, on an Android phone's
    /// (`JPKIAPGPSETOKEN`), verifies the auth PIN first and reads the certificate again, as
    /// jpki/myna does for that token (`docs/card.md`, "Phone profiles"). In visual or face mode
    /// no PIN may be sent, so the check stops there: the staff are told to read the phone again
    /// in PIN mode or to look at the phone's マイナポータル 資格情報 screen (a `fallback` line), and
    /// the result is `cancelled`, with nothing about the patient shown
    /// (`docs/reference-client.md`, "A smartphone instead of the card"). Any other token that
    /// refuses its certificate is a card error, as before. Only the read's own `6982` leads
    /// here, so a card's reads send nothing more.
    fn read_on_phone(
        &mut self,
        read: Result<Vec<u8>, CardError>,
    ) -> Result<Result<Vec<u8>, CardError>, Stop> {
        if !matches!(read, Err(CardError::Status { sw: 0x6982, .. })) {
            return Ok(read);
        }
        if self.card.read_token()? != Token::Android {
            return Ok(read);
        }
        self.env
            .log("an Android phone (JPKIAPGPSETOKEN): its auth certificate needs the PIN first");
        if self.mode != Mode::Pin {
            self.talk.fallback(
                &[Fallback::MynaPortal],
                "スマートフォン（Android）の電子証明書は暗証番号（数字4桁）を入力しないと読み取れません。\
                 暗証番号モードで読み取り直すか、患者さんのスマートフォンでマイナポータルの資格情報画面を確認してください",
            )?;
            return Err(Stop::Show(Screen::outcome(
                Outcome::Cancelled,
                "スマートフォンは暗証番号なしでは読み取れないため、オンラインでの資格確認は行いませんでした",
            )));
        }
        self.unlock_pin()?;
        self.pin_verified = true;
        Ok(self.card.read_auth_certificate())
    }

    /// Over NFC the patient may move the card off the phone mid-read (`TagLostException`): the
    /// client asks for it again, waits for it, and restarts the read from the AP's selection
    /// (`docs/mobile.md`). Once: a card that leaves again ends the check as a card error. Over
    /// a PC/SC reader a card that left ends the check at once, as before: the card put back may
    /// be another patient's, and nothing about the read tells.
    fn read_again_after_tag_loss(
        &mut self,
        read: Result<Vec<u8>, CardError>,
    ) -> Result<Result<Vec<u8>, CardError>, Stop> {
        let resume = self.defects.has(Defect::ResumeReadAfterCardLoss);
        if !matches!(read, Err(CardError::Removed))
            || !(self.card.transport().reads_over_nfc() || resume)
        {
            return Ok(read);
        }
        self.env
            .log("the card left the phone's field mid-read; asking for it again");
        self.talk
            .progress("カードが離れました。もう一度カードをかざしてください")?;
        self.card.reconnect()?;
        self.wait_for_card()?;
        Ok(self.card.read_auth_certificate())
    }

    /// Waits for the patient's card when the reader is empty, at most `card_wait` (and never
    /// past the deadline's margin), telling the staff to place it. Without a card by then the
    /// first command fails and the check ends in a card error, as before.
    fn wait_for_card(&mut self) -> Result<(), Stop> {
        let transport = self.card.transport();
        if transport.wait_for_card(Duration::ZERO).unwrap_or(true) {
            return Ok(());
        }
        self.talk.progress("カードをリーダーに置いてください")?;
        let mut wait = self.env.timings.card_wait;
        if let Some(left) = self.left() {
            wait = wait.min(left.saturating_sub(self.env.timings.margin));
        }
        // A reader that cannot be watched: go on, and let the first command say what is wrong.
        let _ = self.card.transport().wait_for_card(wait);
        Ok(())
    }

    /// Time left before the deadline, if there is one.
    fn left(&self) -> Option<Duration> {
        self.deadline
            .map(|d| d.saturating_duration_since(self.env.now()))
    }
}

/// The most passwords the staff may type at one login before the client stops by itself, even
/// if the service never locks the account (`lockout_after: 0`): never an endless loop.
const MAX_PASSWORD_ATTEMPTS: u32 = 10;

/// What the `verify-in-visual` defect sends to the card: no PIN was typed in visual mode.
const VISUAL_DEFECT_PIN: &str = "0000";

/// The 利用者証明用暗証番号 is 4 digits (`docs/card.md`, "JPKI AP").
fn is_auth_pin_format(pin: &str) -> bool {
    pin.len() == 4 && pin.bytes().all(|b| b.is_ascii_digit())
}

fn pin_locked() -> Screen {
    Screen::outcome(
        Outcome::PinLocked,
        "暗証番号がロックされています。市区町村の窓口で初期化してください（目視確認・顔認証で受付できます）",
    )
}

fn pin_not_set() -> Screen {
    Screen::outcome(
        Outcome::PinLocked,
        "このカードには暗証番号が設定されていません。目視確認または顔認証を選んでください",
    )
}

/// The elements that say whose confirmation a past entry is (`docs/history.md`, "Check").
const PATIENT_IDENTITY: [ElementName; 5] = [
    ElementName::InsurerNumber,
    ElementName::InsuredCardSymbol,
    ElementName::InsuredIdentificationNumber,
    ElementName::InsuredBranchNumber,
    ElementName::Birthdate,
];

/// Whether the past entry `past` is the patient on `screen`: every identity element the screen
/// shows is the entry's, and the screen shows at least one.
fn same_patient(past: &OqsMessage, screen: &Screen) -> bool {
    let Some(record) = past.record() else {
        return false;
    };
    let mut compared = 0;
    for name in PATIENT_IDENTITY {
        if let Some(shown) = screen.fields.get(name.as_str()) {
            if record.get(name.as_str()) != Some(shown) {
                return false;
            }
            compared += 1;
        }
    }
    compared > 0
}
