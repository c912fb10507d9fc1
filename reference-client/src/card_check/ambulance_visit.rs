//! マイナ救急 (`MYNAKIT_CARE_SETTING` `myna-kyukyu`, `docs/emergency.md`, "マイナ救急"): an
//! ambulance team's tablet. The team first tell whether the patient can consent; one who can is
//! asked (by word, the team keying in the answer) whether the team may view their medical
//! information, and one who refuses is not viewed (the team ask by voice as before). Then the
//! client asks whether the team may use the function now, reads the card with no PIN (目視確認:
//! 「救急隊員が傷病者の顔と券面上の写真を確認し、本人確認を行うため、マイナンバーカードの暗証番号の
//! 入力は原則不要」), the team compare the photo with the patient, and the client asks the service
//! for the 救急 information: with the patient's consent, or without it only for one who cannot
//! give it. What it shows it keeps nowhere (「閲覧した情報は救急隊の使用するタブレットに保存されません」).

use std::io::{BufRead, Write};

use mynakit_protocol::{ConfirmTopic, ConsentTopic, Fallback, Mode, Outcome};

use super::CardCheck;
use crate::defects::Defect;
use crate::screen::{Screen, Stop};

/// What the team's tablet asks the view for: the 救急 information, 薬剤・診療・特定健診.
const SCOPE: [&str; 3] = ["drug", "diagnosis", "checkup"];

impl<R: BufRead, W: Write> CardCheck<'_, R, W> {
    /// The ambulance team's check, from the patient's consent to the screen it ends on.
    pub(super) fn ambulance_visit(&mut self) -> Result<Screen, Stop> {
        // The defect reads the card before anyone asked the patient.
        let read_first = self.defects.has(Defect::AmbulanceReadCardFirst);
        if read_first {
            self.ambulance_read()?;
        }
        let can_consent = self.talk.confirm(
            ConfirmTopic::PatientCanConsent,
            "傷病者ご本人は同意の意思を示せますか（はい：閲覧してよいかご本人に伺う／いいえ：意識不明等のため同意なしで閲覧）",
        )?;
        let ask_consent = can_consent && !self.defects.has(Defect::AmbulanceViewWithoutConsent);
        if ask_consent && !self.talk.consent(ConsentTopic::MedicalInformation, None)? {
            return Ok(Screen::outcome(
                Outcome::Cancelled,
                "ご本人の同意が得られないため、医療情報は閲覧しません（従来どおり口頭で伺ってください）",
            ));
        }
        let code = self.env.facility_code.clone().unwrap_or_default();
        let unavailable = self.emergency_unavailable(
            &code,
            &[Fallback::LaterCardCheck],
            "この救急隊は現在、マイナ救急を利用できません",
            "従来どおり口頭で伺ってください",
        )?;
        if let Some(screen) = unavailable {
            return Ok(screen);
        }
        if !read_first {
            self.ambulance_read()?;
        }
        match self.photo_match() {
            Ok(()) => {}
            // The defect views whoever's card it is.
            Err(Stop::Show(_)) if self.defects.has(Defect::AmbulanceIgnorePhotoMismatch) => {}
            Err(stop) => return Err(stop),
        }
        // The patient consented by word, or cannot consent (the defect, never having asked,
        // tells the service they cannot).
        let consented = ask_consent;
        let (_, mut screen) = self.emergency_view("マイナ救急の閲覧", &code, consented, &SCOPE)?;
        if screen.outcome == Some(Outcome::Eligible) {
            let how = if consented {
                "ご本人の同意あり"
            } else {
                "意識不明等のため同意なし"
            };
            screen.text = Some(format!(
                "マイナ救急（{how}）。閲覧のみで、この端末には保存しません"
            ));
        }
        Ok(screen)
    }

    /// The card read with no PIN: the mode ask offering `visual` (the team compare the card's
    /// photo with the patient), the card awaited, its 利用者証明用 certificate read.
    fn ambulance_read(&mut self) -> Result<(), Stop> {
        self.mode = self.talk.mode(&[Mode::Visual])?;
        if !self.defects.has(Defect::NoCardWait) {
            self.wait_for_card()?;
        }
        self.talk
            .progress("カードを読み取っています（マイナ救急）")?;
        let read = self.card.read_auth_certificate();
        self.certificate = self.read_on_phone(read)??;
        Ok(())
    }
}
