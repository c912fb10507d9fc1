//! The app's first start with an activation code (`docs/device-setup.md`): the device logs in
//! before any patient.

use std::io::{BufRead, Write};

use mynakit_protocol::Outcome;

use super::CardCheck;
use crate::defects::Defect;
use crate::results::service_error;
use crate::screen::{Screen, Stop};
use crate::service::HttpFailure;

impl<R: BufRead, W: Write> CardCheck<'_, R, W> {
    /// The app's first start (`docs/device-setup.md`): logs the device in with the facility
    /// code, the account and the activation code, before any patient. A refusal ends the flow
    /// with the reason the staff can act on (a new code, the password, the administrator);
    /// it is never retried by itself: the same code and password would be refused again, and
    /// each wrong password brings the account nearer to its lockout. When the staff type the
    /// password (a `password` ask), a wrong one may be typed again; a locked account ends it.
    pub(super) fn log_in(&mut self) -> Result<(), Stop> {
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
}

/// The most passwords the staff may type at one login before the client stops by itself, even
/// if the service never locks the account (`lockout_after: 0`): never an endless loop.
const MAX_PASSWORD_ATTEMPTS: u32 = 10;
