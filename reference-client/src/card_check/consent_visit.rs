//! A visit whose check rests on a consent registered with the card and its PIN: 居宅's first
//! visit and each オンライン診療 visit (`docs/care-settings.md`).

use std::io::{BufRead, Write};

use mynakit_protocol::{ConsentTopic, Mode, Outcome};

use super::CardCheck;
use crate::care::ConsentKind;
use crate::defects::Defect;
use crate::screen::{Screen, Stop};

impl<R: BufRead, W: Write> CardCheck<'_, R, W> {
    /// A consent registered with the card and its PIN (居宅's first visit, each オンライン診療
    /// visit; `docs/care-settings.md`), then, for オンライン診療, the institution's check within
    /// it.
    pub(super) fn consent_visit(&mut self, kind: ConsentKind) -> Result<Screen, Stop> {
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
}
