//! 保険証利用登録 for an unregistered card (`docs/registration-branches.md`), then the check
//! again.

use std::io::{BufRead, Write};

use mynakit_oqs::Outcome as ResultOutcome;
use mynakit_protocol::{Began, ConfirmTopic, ConsentTopic, Mode, Outcome};

use super::CardCheck;
use crate::defects::Defect;
use crate::results::registration_of;
use crate::screen::{Screen, Stop};
use crate::screen_of_day::not_yet;

impl<R: BufRead, W: Write> CardCheck<'_, R, W> {
    /// 保険証利用登録, offered in PIN mode (the service registers only with a PIN-mode proof),
    /// then the check again.
    pub(super) fn register_and_check_again(
        &mut self,
        not_registered: Screen,
    ) -> Result<Screen, Stop> {
        if self.defects.has(Defect::SkipRegistration) {
            return Ok(not_registered);
        }
        if not_yet(
            Began::AppRegistration,
            self.env.today.as_deref(),
            &self.env.began,
        ) && !self.defects.has(Defect::RegistrationEarly)
        {
            // The app of a day before the 2025-04-15 update had no 保険証利用登録: it says the
            // card is not registered and where the patient can register it (docs/rules.md,
            // "What began when").
            let mut screen = not_registered;
            screen.text = Some(
                "このカードは保険証として利用登録されていません（顔認証付きカードリーダー、\
                 マイナポータル等で登録できます）"
                    .to_owned(),
            );
            return Ok(screen);
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
    pub(super) fn send_registration(
        &mut self,
        version: &str,
    ) -> Result<crate::oqs::OqsMessage, Stop> {
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
    pub(super) fn current_terms_version(&self) -> String {
        self.service
            .as_ref()
            .ok()
            .and_then(|s| s.terms().ok())
            .map(|t| t.version)
            .unwrap_or_default()
    }
}
