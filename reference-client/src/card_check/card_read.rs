//! Reading the auth certificate when the card is not simply there: an empty reader, a card
//! that leaves the phone mid-read, a phone whose certificate needs the PIN first.

use std::io::{BufRead, Write};
use std::time::Duration;

use mynakit_protocol::{Fallback, Mode, Outcome};

use super::CardCheck;
use crate::card::CardError;
use crate::defects::Defect;
use crate::jpki::Token;
use crate::screen::{Screen, Stop};

impl<R: BufRead, W: Write> CardCheck<'_, R, W> {
    /// A certificate read refused with `6982` (security status not satisfied) may be a phone's:
    /// the client reads the token label (EF `0006`) and, on an Android phone's
    /// (`JPKIAPGPSETOKEN`), verifies the auth PIN first and reads the certificate again, as
    /// jpki/myna does for that token (`docs/card.md`, "Phone profiles"). In visual or face mode
    /// no PIN may be sent, so the check stops there: the staff are told to read the phone again
    /// in PIN mode or to look at the phone's マイナポータル 資格情報 screen (a `fallback` line), and
    /// the result is `cancelled`, with nothing about the patient shown
    /// (`docs/reference-client.md`, "A smartphone instead of the card"). Any other token that
    /// refuses its certificate is a card error, as before. Only the read's own `6982` leads
    /// here, so a card's reads send nothing more.
    pub(super) fn read_on_phone(
        &mut self,
        read: Result<Vec<u8>, CardError>,
    ) -> Result<Result<Vec<u8>, CardError>, Stop> {
        if !matches!(read, Err(CardError::Status { sw: 0x6982, .. })) {
            return Ok(read);
        }
        if self.card.read_token()? != Token::Android {
            return Ok(read);
        }
        self.env
            .log("an Android phone (JPKIAPGPSETOKEN): its auth certificate needs the PIN first");
        if self.mode != Mode::Pin {
            self.talk.fallback(
                &[Fallback::MynaPortal],
                "スマートフォン（Android）の電子証明書は暗証番号（数字4桁）を入力しないと読み取れません。\
                 暗証番号モードで読み取り直すか、患者さんのスマートフォンでマイナポータルの資格情報画面を確認してください",
            )?;
            return Err(Stop::Show(Screen::outcome(
                Outcome::Cancelled,
                "スマートフォンは暗証番号なしでは読み取れないため、オンラインでの資格確認は行いませんでした",
            )));
        }
        self.unlock_pin()?;
        self.pin_verified = true;
        Ok(self.card.read_auth_certificate())
    }

    /// Over NFC the patient may move the card off the phone mid-read (`TagLostException`): the
    /// client asks for it again, waits for it, and restarts the read from the AP's selection
    /// (`docs/mobile.md`). Once: a card that leaves again ends the check as a card error. Over
    /// a PC/SC reader a card that left ends the check at once, as before: the card put back may
    /// be another patient's, and nothing about the read tells.
    pub(super) fn read_again_after_tag_loss(
        &mut self,
        read: Result<Vec<u8>, CardError>,
    ) -> Result<Result<Vec<u8>, CardError>, Stop> {
        let resume = self.defects.has(Defect::ResumeReadAfterCardLoss);
        if !matches!(read, Err(CardError::Removed))
            || !(self.card.transport().reads_over_nfc() || resume)
        {
            return Ok(read);
        }
        self.env
            .log("the card left the phone's field mid-read; asking for it again");
        self.talk
            .progress("カードが離れました。もう一度カードをかざしてください")?;
        self.card.reconnect()?;
        self.wait_for_card()?;
        Ok(self.card.read_auth_certificate())
    }

    /// Waits for the patient's card when the reader is empty, at most `card_wait` (and never
    /// past the deadline's margin), telling the staff to place it. Without a card by then the
    /// first command fails and the check ends in a card error, as before.
    pub(super) fn wait_for_card(&mut self) -> Result<(), Stop> {
        if self.defects.has(Defect::FirstReaderListed) {
            self.switch_to_first_listed()?;
        }
        let transport = self.card.transport();
        if transport.wait_for_card(Duration::ZERO).unwrap_or(true) {
            return self.wait_for_reader();
        }
        self.talk.progress("カードをリーダーに置いてください")?;
        let mut wait = self.env.timings.card_wait;
        if let Some(left) = self.left() {
            wait = wait.min(left.saturating_sub(self.env.timings.margin));
        }
        // A reader that cannot be watched: go on, and let the first command say what is wrong.
        let _ = self.card.transport().wait_for_card(wait);
        self.wait_for_reader()
    }
}
