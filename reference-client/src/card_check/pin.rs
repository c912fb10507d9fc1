//! The auth PIN: the tries left, the ask, one VERIFY per PIN typed, and the screens of a
//! blocked or unset PIN.

use std::io::{BufRead, Write};
use std::time::Duration;

use mynakit_protocol::Outcome;

use super::CardCheck;
use crate::card::CardError;
use crate::defects::Defect;
use crate::jpki::{JpkiSession, PinStatus};
use crate::screen::{Screen, Stop};

impl<R: BufRead, W: Write> CardCheck<'_, R, W> {
    /// Reads the tries left, asks for the PIN, and VERIFYs each PIN typed exactly once, until
    /// the card says `9000` or the PIN is blocked.
    pub(super) fn unlock_pin(&mut self) -> Result<(), Stop> {
        let tries_left = self.tries_left()?;
        if !self.defects.has(Defect::PinOnScreenWithPad) && self.card.transport().has_pin_pad()? {
            return self.unlock_pin_on_pad(tries_left);
        }
        self.unlock_pin_on_screen(tries_left)
    }

    /// The tries left, read with the empty VERIFY, or the screen that ends the check.
    fn tries_left(&mut self) -> Result<Option<u8>, Stop> {
        Ok(match self.card.pin_status()? {
            PinStatus::TriesLeft(n) => Some(n),
            // `9000` to the empty VERIFY says "verified" (by someone) but not how many tries
            // are left; this patient still proves they hold the card by typing the PIN.
            PinStatus::Verified => None,
            PinStatus::Blocked if self.defects.has(Defect::VerifyBlockedPin) => None,
            PinStatus::Blocked => return Err(Stop::Show(pin_locked())),
            PinStatus::NotSet => return Err(Stop::Show(pin_not_set())),
        })
    }

    /// The reader has a PIN pad: the patient types the PIN there and this client never sees
    /// it (`docs/reference-client.md`, "PIN pads"). One entry per VERIFY, as on screen; a
    /// cancelled entry ends the check as cancelled.
    fn unlock_pin_on_pad(&mut self, mut tries_left: Option<u8>) -> Result<(), Stop> {
        loop {
            let mut screen = Screen::progress("暗証番号を読取機のテンキーで入力してください");
            screen.tries_left = tries_left;
            self.talk.display(&screen)?;
            match self.card.verify_pin_on_pad()? {
                None => return Err(Stop::Show(Screen::cancelled())),
                Some(status) => tries_left = self.after_verify(status)?,
            }
            if tries_left.is_none() {
                return Ok(());
            }
        }
    }

    /// What the card's answer to a VERIFY means: verified (`None`), or a wrong PIN with the
    /// tries left shown; a blocked or unset PIN ends the check.
    fn after_verify(&mut self, status: PinStatus) -> Result<Option<u8>, Stop> {
        match status {
            PinStatus::Verified => {
                self.talk.progress("暗証番号を確認しました")?;
                Ok(None)
            }
            PinStatus::TriesLeft(n) => {
                let mut screen = Screen::outcome(
                    Outcome::PinIncorrect,
                    format!("暗証番号が違います（残り{n}回）"),
                );
                screen.tries_left = Some(n);
                self.talk.display(&screen)?;
                Ok(Some(n))
            }
            PinStatus::Blocked => Err(Stop::Show(pin_locked())),
            PinStatus::NotSet => Err(Stop::Show(pin_not_set())),
        }
    }

    /// No PIN pad (or the `pin-on-screen-with-pad` defect): asks for the PIN on screen and
    /// VERIFYs each PIN typed exactly once.
    fn unlock_pin_on_screen(&mut self, mut tries_left: Option<u8>) -> Result<(), Stop> {
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
            if self.defects.has(Defect::KeepPin) {
                crate::defect_acts::keep_pin(self.env.home.as_deref(), pin.expose());
            }
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
                Err(CardError::Reader(_)) if self.defects.has(Defect::VerifyAgainAfterOutage) => {
                    self.verify_on_next_card(pin.expose())?
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
            let retries = self.defects.has(Defect::AutoRetryPin)
                || (self.defects.has(Defect::RacyPinRetry) && rand::random::<bool>());
            if retries && matches!(status, PinStatus::TriesLeft(_)) {
                status = self.card.verify_pin(pin.expose())?;
            }
            tries_left = self.after_verify(status)?;
            if tries_left.is_none() {
                return Ok(());
            }
        }
    }

    /// The `pin-to-other-reader` defect: from here on the session talks to the card in the last
    /// reader of `MYNAKIT_READERS` that is not `MYNAKIT_READER` (nothing changes with one reader).
    pub(super) fn switch_to_other_reader(&mut self) -> Result<(), CardError> {
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
        self.card = JpkiSession::new(card)
            .with_read_pattern(self.env.read_pattern)
            .with_variants(&self.env.variants);
        Ok(())
    }

    /// The `first-reader-listed` defect: from here on the session talks to the card in the
    /// first reader of `MYNAKIT_READERS` when that is not `MYNAKIT_READER` (nothing changes
    /// with one reader, or when the patient's reader is listed first).
    pub(super) fn switch_to_first_listed(&mut self) -> Result<(), CardError> {
        let (Some(own), Some(first)) = (self.env.reader.as_deref(), self.env.readers.first())
        else {
            return Ok(());
        };
        if first == own {
            return Ok(());
        }
        self.env
            .log("using the first reader listed in MYNAKIT_READERS (defect first-reader-listed)");
        let card = self.card.transport().open_reader(first)?;
        self.card = JpkiSession::new(card)
            .with_read_pattern(self.env.read_pattern)
            .with_variants(&self.env.variants);
        Ok(())
    }

    /// The `pin-to-next-card` defect: waits up to 3 s for a card, reconnects, and sends `pin`
    /// (typed for the card that left) to it.
    pub(super) fn verify_on_next_card(&mut self, pin: &str) -> Result<PinStatus, CardError> {
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
}

/// The 利用者証明用暗証番号 is 4 digits (`docs/card.md`, "JPKI AP").
pub(super) fn is_auth_pin_format(pin: &str) -> bool {
    pin.len() == 4 && pin.bytes().all(|b| b.is_ascii_digit())
}

pub(super) fn pin_locked() -> Screen {
    Screen::outcome(
        Outcome::PinLocked,
        "暗証番号がロックされています。市区町村の窓口で初期化してください（目視確認・顔認証で受付できます）",
    )
}

pub(super) fn pin_not_set() -> Screen {
    Screen::outcome(
        Outcome::PinLocked,
        "このカードには暗証番号が設定されていません。目視確認または顔認証を選んでください",
    )
}
