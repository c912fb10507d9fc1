//! Retrying a service exchange: transient failures again with a doubling backoff, then the
//! staff's word; and the time left before the run's deadline.

use std::io::{BufRead, Write};
use std::time::Duration;

use mynakit_protocol::ConfirmTopic;

use super::CardCheck;
use crate::card::CardError;
use crate::defects::Defect;
use crate::results::service_error;
use crate::screen::Stop;
use crate::service::HttpFailure;

/// Why one attempt at a service exchange failed.
pub(super) enum Attempt {
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

impl<R: BufRead, W: Write> CardCheck<'_, R, W> {
    /// Runs `attempt`; after a transient service failure tries again up to
    /// `Timings::auto_retries` times with a doubling backoff, then asks the staff whether to
    /// try again (`confirm` topic `retry`). A failure that retrying cannot fix (TLS, a refused
    /// request) ends at once with `service-error`, as does the run's deadline.
    pub(super) fn with_retries<T>(
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

    /// Time left before the deadline, if there is one.
    pub(super) fn left(&self) -> Option<Duration> {
        self.deadline
            .map(|d| d.saturating_duration_since(self.env.now()))
    }
}
