//! The eligibility check itself: one `POST /v1/confirmations` and the screen its answer
//! makes.

use std::io::{BufRead, Write};

use mynakit_oqs::ElementName;
use mynakit_oqs::Outcome as ResultOutcome;
use mynakit_protocol::{Mode, Outcome};

use super::retries::Attempt;
use super::CardCheck;
use crate::defects::Defect;
use crate::oqs::OqsMessage;
use crate::results::screen_of;
use crate::screen::{Screen, Stop};
use crate::service::Service;
use crate::Variant;

impl<R: BufRead, W: Write> CardCheck<'_, R, W> {
    pub(super) fn service(&self) -> Result<&Service, Attempt> {
        self.service.as_ref().map_err(|f| Attempt::Http(f.clone()))
    }

    /// One `POST /v1/confirmations`, with a fresh proof in PIN mode.
    pub(super) fn confirm_once(&mut self) -> Result<OqsMessage, Attempt> {
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
            // `subsidy-asked-again`: the patient's answer goes with the answer that was lost.
            if self.env.variants.has(Variant::SubsidyAskedAgain) {
                self.subsidy_choice = None;
            }
        }
        Ok(answer?)
    }

    /// The card check, with retries, turned into the screen.
    pub(super) fn check(&mut self) -> Result<Screen, Stop> {
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
        self.answer_day = message
            .header(ElementName::QualificationConfirmationDate.as_str())
            .map(str::to_owned);
        // Without a consent step, whatever 限度額 data the service released is shown.
        Ok(screen_of(
            &message,
            self.limit_consent.unwrap_or(true),
            self.defects,
        ))
    }
}
