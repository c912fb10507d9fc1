//! Bulk 照会番号 registration (flow `reference-number`, mode `bulk`; `docs/client-protocol.md`,
//! "照会番号 registration").
//!
//! When the staff key in several patients at once (the day's appointments, or the clinic's
//! patient list when the card first serves as its 診察券) and some carry the clinic's own number,
//! the レセコン registers those numbers in one go: an `OQSmuimm01` upload with one
//! `ReferenceNumberRegistrationInfo` per patient (the same element as the single `OQSsiimm01`;
//! sanox.org road26, the ReceptionAgent 照会番号 spec), answered with a `ReceptionNumber`, then
//! `OQSmuimm02` downloads with it until one is no longer 処理中. Each unit of the final answer
//! says whether its number was registered; each is shown with a `display` before the bulk check
//! (`OQSmuquc01`/`02`), whose answers then carry the registered numbers.

use std::io::{BufRead, Write};

use mynakit_oqs::{ElementName, MessageKind};
use mynakit_protocol::InsuranceCardData;

use super::{header_xml, message_xml, registration_xml, Exchange};
use crate::defects::Defect;
use crate::results::{normal_segment, reference_refusal, screen_of};
use crate::screen::{Screen, Stop};

/// The 照会番号 keyed in with `card`, trimmed, if any.
pub(super) fn keyed_number(card: &InsuranceCardData) -> Option<&str> {
    card.reference_number
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
}

impl<R: BufRead, W: Write> Exchange<'_, R, W> {
    /// Registers the numbers keyed in with `cards` (those that have one) in one bulk job and
    /// shows each registration's outcome. A failed upload or download is shown as the result
    /// and nothing more is done. The defect `reference-number-unchecked` never downloads the
    /// outcome: it shows every keyed number as registered.
    pub(super) fn register_references_in_bulk(
        &mut self,
        cards: &[InsuranceCardData],
        suffix: &str,
    ) -> Result<(), Stop> {
        let keyed: Vec<(&InsuranceCardData, &str)> = cards
            .iter()
            .filter_map(|card| keyed_number(card).map(|n| (card, n)))
            .collect();
        if keyed.is_empty() {
            return Ok(());
        }
        let registrations: String = keyed
            .iter()
            .map(|(card, number)| registration_xml(card, number, self.defects))
            .collect();
        let upload = MessageKind::ReferenceBulkUpload.prefix();
        self.send_request(
            &format!("{upload}req_{suffix}.xml"),
            &message_xml(&header_xml(self.env, suffix), &registrations),
        )?;
        self.talk.progress(&format!(
            "照会番号を一括登録しています（{}件）",
            keyed.len()
        ))?;
        let accepted = self.wait_for_result(
            &self
                .root
                .join("res")
                .join(format!("{upload}res_{suffix}.xml")),
        )?;
        let reception = match accepted.body(ElementName::ReceptionNumber.as_str()) {
            Some(number) if normal_segment(&accepted) => number.to_owned(),
            _ => return Err(Stop::Show(screen_of(&accepted, false, self.defects))),
        };
        if self.defects.has(Defect::ReferenceNumberUnchecked) {
            // The defect's reading: an accepted upload is a registered number.
            for (_, number) in &keyed {
                self.talk.display(
                    &Screen::progress("照会番号を登録しました")
                        .with_field(ElementName::ReferenceNumber.as_str(), *number),
                )?;
            }
            return Ok(());
        }
        let download = MessageKind::ReferenceBulkDownload.prefix();
        let (message, units) = self.download(download, suffix, &reception, false)?;
        if units.is_empty() {
            return Err(Stop::Show(screen_of(&message, false, self.defects)));
        }
        for unit in &units {
            let screen = match reference_refusal(unit) {
                // A refused registration says nothing of the qualification (the bulk check
                // that follows does): shown with its code, as no outcome.
                Some(refusal) => Screen {
                    outcome: None,
                    ..refusal
                },
                None => match unit.body(ElementName::ReferenceNumber.as_str()) {
                    Some(number) => Screen::progress("照会番号を登録しました")
                        .with_field(ElementName::ReferenceNumber.as_str(), number),
                    None => Screen::progress("照会番号の登録結果に番号がありません"),
                },
            };
            self.talk.display(&screen)?;
        }
        Ok(())
    }
}
