//! The first start of a device registered through the portal (`docs/device-setup.md`, "Portal
//! registration"): a facility with no 資格確認端末 registered this device beforehand
//! (「事前にポータルサイトを通じて、PC端末の認証・登録を行う」, 厚生労働省保険局 令和5年11月), so the
//! app logs in with the device account and password it was given — no user id, no activation
//! code — and signs every later request as an activated device does.

use std::io::{BufRead, Write};

use mynakit_protocol::Outcome;

use super::CardCheck;
use crate::defects::Defect;
use crate::results::service_error;
use crate::screen::{Screen, Stop};
use crate::service::{Activated, HttpFailure, Service};

impl<R: BufRead, W: Write> CardCheck<'_, R, W> {
    /// Logs the device in with `MYNAKIT_PORTAL_ACCOUNT` and `MYNAKIT_ACCOUNT_PASSWORD`, before
    /// any patient. A refusal (the application under review or rejected, a wrong password, a
    /// locked account…) ends the flow with the reason the staff can act on; it is never
    /// retried by itself (`SVC-login-stop`).
    pub(super) fn log_in_portal(&mut self) -> Result<(), Stop> {
        let env = self.env;
        let (Some(account), Some(password)) =
            (env.portal_account.as_deref(), env.account_password.as_ref())
        else {
            return Err(Stop::Show(Screen::outcome(
                Outcome::ServiceError,
                "ログインできません: 端末アカウントのパスワード（MYNAKIT_ACCOUNT_PASSWORD）が設定されていません",
            )));
        };
        let facility = env.facility_code.clone().unwrap_or_default();
        self.talk.progress("ログインしています")?;
        let service = match &mut self.service {
            Ok(service) => service,
            Err(failure) => return Err(Stop::Show(service_error(failure))),
        };
        let terminal_way = self.defects.has(Defect::PortalLoginAsTerminal);
        let log_in = |service: &mut Service| -> Result<Activated, HttpFailure> {
            if terminal_way {
                service.activate(&facility, account, password.expose(), serde_json::json!(""))
            } else {
                service.activate_portal(&facility, account, password.expose())
            }
        };
        let mut answer = log_in(service);
        if self.defects.has(Defect::RetryLogin) {
            for _ in 0..2 {
                if !matches!(answer, Err(HttpFailure::Refused(_))) {
                    break;
                }
                answer = log_in(service);
            }
        }
        match answer {
            Ok(activated) => {
                env.log(&format!(
                    "logged in with device account {account} ({}); device {}",
                    activated.role, activated.device_id
                ));
                self.role = Some(activated.role);
                self.device_id = Some(activated.device_id);
                Ok(())
            }
            Err(HttpFailure::Refused(_)) if self.defects.has(Defect::SilentLoginRefusal) => {
                Err(Stop::Show(Screen {
                    text: None,
                    ..Screen::outcome(Outcome::ServiceError, "")
                }))
            }
            Err(failure @ HttpFailure::Refused(_)) => {
                let text = crate::device::refusal_text(failure.problem());
                Err(Stop::Show(Screen::outcome(
                    Outcome::ServiceError,
                    format!("{text} ({})", failure.describe()),
                )))
            }
            Err(failure) => Err(Stop::Show(service_error(&failure))),
        }
    }
}
