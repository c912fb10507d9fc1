//! A reader another program holds exclusively (another vendor's resident app, a
//! 顔認証付きカードリーダー's own software reading the card just put in): PC/SC refuses the
//! connection with `SCARD_E_SHARING_VIOLATION`, and nothing reached the card, so the client
//! tries again every `busy_retry` for at most `busy_wait` (never past the deadline's margin),
//! telling the staff what holds it up. If the reader stays held the check ends as
//! `card-error`, saying another program uses the reader, never that the card is missing
//! (`docs/reference-client.md`, "Another program holds the reader").

use std::io::{BufRead, Write};

use mynakit_protocol::Outcome;

use super::CardCheck;
use crate::card::CardError;
use crate::defects::Defect;
use crate::screen::{Screen, Stop};

impl<R: BufRead, W: Write> CardCheck<'_, R, W> {
    /// Connects to the card, waiting while another program holds the reader. Any other
    /// failure to connect is left for the first command to report.
    pub(super) fn wait_for_reader(&mut self) -> Result<(), Stop> {
        let Err(CardError::ReaderBusy(why)) = self.card.transport().connect() else {
            return Ok(());
        };
        self.env.log(&format!(
            "another program holds the reader ({why}); waiting"
        ));
        if self.defects.has(Defect::BusyReaderAsNoCard) {
            return Err(self.wait_for_a_card_put_in());
        }
        self.talk
            .progress("カードリーダーを他のソフトが使用中です。使用が終わるまでお待ちください")?;
        let mut wait = self.env.timings.busy_wait;
        if let Some(left) = self.left() {
            wait = wait.min(left.saturating_sub(self.env.timings.margin));
        }
        let until = self.env.now() + wait;
        loop {
            if self.env.now() >= until {
                return Err(Stop::Show(Screen::outcome(
                    Outcome::CardError,
                    format!(
                        "カードリーダーを他のソフトが使用中のため、カードを読み取れませんでした。\
                         他のソフト（顔認証付きカードリーダーのソフトなど）を終了してから、\
                         もう一度読み取ってください ({why})"
                    ),
                )));
            }
            std::thread::sleep(self.env.timings.busy_retry);
            match self.card.transport().connect() {
                Err(CardError::ReaderBusy(_)) => {}
                _ => {
                    self.env.log("the other program let the reader go");
                    return Ok(());
                }
            }
        }
    }

    /// The `busy-reader-as-no-card` defect: the refused connection read as an empty reader.
    /// It waits `card_wait` for a card to be put in (a change PC/SC never reports, the card
    /// being there all along) and ends saying there is no card.
    fn wait_for_a_card_put_in(&mut self) -> Stop {
        if let Err(e) = self.talk.progress("カードをリーダーに置いてください") {
            return Stop::Broken(e);
        }
        let mut wait = self.env.timings.card_wait;
        if let Some(left) = self.left() {
            wait = wait.min(left.saturating_sub(self.env.timings.margin));
        }
        std::thread::sleep(wait);
        Stop::Show(Screen::outcome(
            Outcome::CardError,
            "カードがリーダーに置かれていません",
        ))
    }
}
