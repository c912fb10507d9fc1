//! 救急時医療情報閲覧 (`MYNAKIT_CARE_SETTING` `emergency`, `docs/emergency.md`): at a hospital's
//! 資格確認端末, the staff first tell whether the patient can consent. One who can is confirmed
//! as on any day (the 通常時 rule: the card and the patient's consent). For one who cannot, and
//! only then, the client asks whether the institution may use the function now, reads the card
//! by 目視確認 (no PIN, no face: the patient cannot answer), and asks the service for the
//! 薬剤・診療・特定健診 information alone; the service records the view.

use std::io::{BufRead, Write};

use mynakit_protocol::service_paths::{EMERGENCY_VIEWING, EMERGENCY_VIEWS};
use mynakit_protocol::{ConfirmTopic, Fallback, Mode, Outcome};

use super::CardCheck;
use crate::defects::Defect;
use crate::screen::{Screen, Stop};

/// What this client asks the view for: everything the function shows.
const SCOPE: [&str; 3] = ["drug", "diagnosis", "checkup"];

/// The beginnings of the fields a 救急 view never shows: 特定疾病 and 限度額 (docs/emergency.md).
const OUTSIDE_SCOPE: [&str; 2] = ["SpecificDiseases", "LimitApplication"];

impl<R: BufRead, W: Write> CardCheck<'_, R, W> {
    /// The 救急時 start: `None` when the patient can consent (the ordinary check follows), else
    /// the screen the view ends on.
    pub(super) fn emergency_visit(&mut self) -> Result<Option<Screen>, Stop> {
        let can_consent = self.talk.confirm(
            ConfirmTopic::PatientCanConsent,
            "患者ご本人は同意の意思を示せますか（はい：通常どおりカードと同意で確認／いいえ：救急時医療情報閲覧）",
        )?;
        if can_consent && !self.defects.has(Defect::EmergencyViewDespiteConsent) {
            return Ok(None);
        }
        let code = self.env.facility_code.clone().unwrap_or_default();
        if !self.defects.has(Defect::EmergencySkipRole) {
            let unavailable = self.emergency_unavailable(
                &code,
                &[Fallback::QualificationCertificate, Fallback::LaterCardCheck],
                "この医療機関は現在、救急時医療情報閲覧を利用できません",
                "ご本人が同意できるようになってからカードで確認してください",
            )?;
            if unavailable.is_some() {
                return Ok(unavailable);
            }
        }
        // 目視確認: the patient can neither type a PIN nor look at the reader's camera.
        self.mode = self.talk.mode(&[Mode::Visual])?;
        if !self.defects.has(Defect::NoCardWait) {
            self.wait_for_card()?;
        }
        self.talk
            .progress("カードを読み取っています（救急時医療情報閲覧）")?;
        let read = self.card.read_auth_certificate();
        self.certificate = self.read_on_phone(read)??;
        self.photo_match()?;
        let mut scope = SCOPE.to_vec();
        if self.defects.has(Defect::EmergencyBeyondScope) {
            scope.push("specific-diseases");
        }
        let (answer, mut screen) =
            self.emergency_view("救急時医療情報閲覧", &code, false, &scope)?;
        if screen.outcome == Some(Outcome::Eligible) {
            if let Some(id) = answer["journal"]["id"].as_str() {
                screen.text = Some(format!(
                    "救急時医療情報閲覧（本人同意なし）。閲覧は記録されました（{id}）"
                ));
            }
        }
        Ok(Some(screen))
    }

    /// Whether the function may be used now (`GET /v1/emergency-viewing`): `None` when it may,
    /// else the screen the check ends on — the service's failure, or `text` with the fallbacks
    /// offered and `advice` said to the staff (docs/emergency.md).
    pub(super) fn emergency_unavailable(
        &mut self,
        code: &str,
        fallbacks: &[Fallback],
        text: &str,
        advice: &str,
    ) -> Result<Option<Screen>, Stop> {
        let answer = match self.service.as_ref() {
            Ok(service) => service.get_json(&format!(
                "{EMERGENCY_VIEWING}?medical_institution_code={code}"
            )),
            Err(failure) => Err(failure.clone()),
        };
        match answer {
            Err(failure) => Ok(Some(crate::results::service_error(&failure))),
            Ok(v) if v.get("available").and_then(serde_json::Value::as_bool) == Some(true) => {
                Ok(None)
            }
            Ok(_) => {
                self.talk
                    .fallback(fallbacks, &format!("{text}。{advice}"))?;
                Ok(Some(Screen::outcome(Outcome::ServiceError, text)))
            }
        }
    }

    /// The view (`POST /v1/emergency-views`, retried as any request): `consented` says the
    /// patient could consent and did, else that they cannot; the answer and its screen, with
    /// the 診療情報 a view shows.
    pub(super) fn emergency_view(
        &mut self,
        what: &str,
        code: &str,
        consented: bool,
        scope: &[&str],
    ) -> Result<(serde_json::Value, Screen), Stop> {
        let answer = self.with_retries(what, |check| {
            let mut body = check.proof_body();
            body["medical_institution_code"] = code.into();
            body["patient_can_consent"] = consented.into();
            if consented {
                body["patient_consented"] = true.into();
            }
            body["scope"] = scope.to_vec().into();
            Ok(check.service()?.post_json(EMERGENCY_VIEWS, &body)?)
        })?;
        let mut screen = crate::care::screen_of_answer(&answer, self.defects);
        // The 救急 view shows 薬剤・診療・特定健診 and the qualification, never a 特定疾病 or 限度額
        // item, even when the answer holds one (docs/emergency.md; `emergency-shows-whole-answer`
        // shows them).
        if !self.defects.has(Defect::EmergencyShowsWholeAnswer) {
            screen
                .fields
                .retain(|name, _| !OUTSIDE_SCOPE.iter().any(|p| name.starts_with(p)));
        }
        if screen.outcome == Some(Outcome::Eligible) {
            if let Some(value) = answer["medical_information"]["DiagnosisInformation"].as_str() {
                screen = screen.with_field("DiagnosisInformation", value);
            }
        }
        Ok((answer, screen))
    }
}
