//! The card check's flow, in the order the module's picture draws it: the care setting's own
//! start, the login, the mode, the card read, the PIN or the photo, the check, the
//! registration, the hand-off and what the setting shows last.

use std::io::{BufRead, Write};
use std::time::Duration;

use mynakit_protocol::{ConfirmTopic, ConsentTopic, Fallback, Flow, Mode, Outcome};

use super::CardCheck;
use crate::card::CardError;
use crate::care::ConsentKind;
use crate::defects::Defect;
use crate::jpki::PinStatus;
use crate::screen::{Screen, Stop};

impl<R: BufRead, W: Write> CardCheck<'_, R, W> {
    /// The whole check, step by step, to the screen it ends on.
    pub(super) fn run(&mut self) -> Result<Screen, Stop> {
        if let Some(screen) = self.care_setting_start()? {
            return Ok(screen);
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
        if let Some(previous) = self.read_card(visual)? {
            return Ok(previous);
        }
        self.identify(visual)?;
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
        if !checkup {
            self.ask_subsidies_first()?;
        }
        let mut screen = self.check()?;
        if screen.outcome == Some(Outcome::NotRegistered) {
            screen = self.register_and_check_again(screen)?;
        }
        // 医療費助成 through PMH: the patient chooses whether to use them (docs/subsidies.md).
        screen = self.take_subsidies(screen)?;
        if checkup && screen.outcome == Some(Outcome::Eligible) {
            return crate::care::checkup_ticket(self.talk, screen);
        }
        let screen = self.history_and_hand_off(screen)?;
        self.shown_last(screen, visual)
    }

    /// What a care setting does before the card is read (`docs/care-settings.md`): 居宅 and
    /// オンライン診療 go their own way (a consent visit, or 居宅's later visit without the card), a
    /// 人間ドック asks what the check is for, a 巡回健診 checks its devices before the tour.
    /// `Some`: the screen the check ends on.
    fn care_setting_start(&mut self) -> Result<Option<Screen>, Stop> {
        match self.env.care_setting {
            Some(Flow::Kyotaku | Flow::VisitingNursing) => {
                if !self.talk.confirm(
                    ConfirmTopic::FirstVisit,
                    "初回の訪問ですか（はい：カードで同意を登録／いいえ：同意の範囲でカードなしで確認）",
                )? {
                    let service = self.service.as_ref().map_err(Clone::clone);
                    return crate::care::home_follow_up(self.talk, service, self.env, self.defects)
                        .map(Some);
                }
                return self.consent_visit(ConsentKind::HomeVisit).map(Some);
            }
            Some(Flow::OnlineShinryo) => {
                return self.consent_visit(ConsentKind::OnlineVisit).map(Some)
            }
            Some(Flow::Emergency) => return self.emergency_visit(),
            Some(Flow::MynaKyukyu) => return self.ambulance_visit().map(Some),
            Some(Flow::NingenDock) => {
                if let Some(screen) = crate::care::dock_purpose(self.talk, self.defects)? {
                    return Ok(Some(screen));
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
        Ok(None)
    }

    /// Reads the auth certificate (with the defects that change how), after the card was
    /// placed. `Some`: the screen the check ends on instead (the previous patient's, for the
    /// defects that show it).
    fn read_card(&mut self, visual: bool) -> Result<Option<Screen>, Stop> {
        if visual && self.defects.has(Defect::ShowPreviousResult) {
            if let Some(previous) = self.previous_patient() {
                return Ok(Some(previous));
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
        if self.defects.has(Defect::StaleContextAfterRestart) {
            self.card.on_restart(crate::jpki::OnRestart::StaleContext);
        } else if self.defects.has(Defect::ReaderNameCached) {
            self.card.on_restart(crate::jpki::OnRestart::CachedName);
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
                    Some(previous) => return Ok(Some(previous)),
                    None => return Err(CardError::Removed.into()),
                }
            }
            Err(e) => return Err(e.into()),
        };
        Ok(None)
    }

    /// Proves the holder as the mode asks, once the certificate is read: the PIN in PIN mode
    /// (unless verified already, or the defect that signs first), nothing in visual or face
    /// mode but for the defects that send or ask for a PIN there.
    fn identify(&mut self, visual: bool) -> Result<(), Stop> {
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
        Ok(())
    }

    /// What the setting shows last, after the check and the hand-off: at a 柔整・あはき 施術所
    /// the 施術券 fallback for 医療扶助 (and the transcription defect), the consent a 紙レセプト
    /// facility's defect asks, and the photo match the
    /// `photo-match-after-result` defect asks only now.
    fn shown_last(&mut self, screen: Screen, visual: bool) -> Result<Screen, Stop> {
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
        if self.env.care_setting == Some(Flow::PaperClaims)
            && self.defects.has(Defect::PaperClaimsMedicalConsent)
        {
            self.talk.consent(ConsentTopic::MedicalInformation, None)?;
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
    pub(super) fn photo_match(&mut self) -> Result<(), Stop> {
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
}

/// What the `verify-in-visual` defect sends to the card: no PIN was typed in visual mode.
const VISUAL_DEFECT_PIN: &str = "0000";
