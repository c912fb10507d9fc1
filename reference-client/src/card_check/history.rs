//! 閲覧履歴 and the hand-off of a past confirmation to a レセコン (flow `history`,
//! `docs/history.md`), and the previous patient's result some defects show.

use std::io::{BufRead, Write};

use mynakit_oqs::ElementName;
use mynakit_protocol::{Began, ConfirmTopic};

use super::CardCheck;
use crate::defects::Defect;
use crate::oqs::OqsMessage;
use crate::results::screen_of;
use crate::screen::{Screen, Stop};
use crate::screen_of_day::not_yet;

impl<R: BufRead, W: Write> CardCheck<'_, R, W> {
    /// Only for the `show-previous-result` and `stale-result-on-card-loss` defects: the newest
    /// confirmation of today's 閲覧履歴 (the previous patient's), as the screen left showing it.
    /// `None` when the device is not logged in or the history cannot be read.
    pub(super) fn previous_patient(&self) -> Option<Screen> {
        self.role.as_ref()?;
        let today = self.env.today.clone().unwrap_or_default();
        let list = self.service.as_ref().ok()?.history(&today, &today).ok()?;
        let entry = list.last()?;
        Some(screen_of(
            &entry.message,
            self.limit_consent.unwrap_or(true),
            self.defects,
        ))
    }

    /// 閲覧履歴 and the hand-off to a レセコン (flow `history`, `docs/history.md`): offered once
    /// the device is logged in (history belongs to the device's facility). The staff see today's
    /// confirmations and may hand this patient's newest confirmation made by this device to the
    /// レセコン (`SVC-hand-off-own-entry`): the ask names its id (`SVC-hand-off-confirmed`), and
    /// on a yes it is fetched as it was sent, by the id the listing gave, and becomes the final
    /// screen. A history that cannot be read leaves the check's own screen, saying so.
    pub(super) fn history_and_hand_off(&mut self, screen: Screen) -> Result<Screen, Stop> {
        // The app of a day before the 転記 functions (planned for 2024-10) had no 閲覧履歴 and no
        // API連携: it offers neither (docs/rules.md, "What began when").
        let before = not_yet(
            Began::HistoryHandOff,
            self.env.today.as_deref(),
            &self.env.began,
        ) && !self.defects.has(Defect::HistoryEarly);
        if before
            || self.role.is_none()
            || !self
                .talk
                .confirm(ConfirmTopic::History, "閲覧履歴を表示しますか")?
        {
            return Ok(screen);
        }
        let today = self.env.today.clone().unwrap_or_default();
        let listed = self.with_retries("閲覧履歴", |check| {
            Ok(check.service()?.history(&today, &today)?)
        });
        let list = match listed {
            Ok(list) => list,
            Err(Stop::Show(failed)) => {
                self.talk.display(&failed)?;
                let mut screen = screen;
                screen.text = Some(format!(
                    "{}（閲覧履歴を表示できませんでした）",
                    screen.text.unwrap_or_default()
                ));
                return Ok(screen);
            }
            Err(stop) => return Err(stop),
        };
        self.talk
            .progress(&format!("閲覧履歴（本日）: {}件", list.len()))?;
        let entry = if self.defects.has(Defect::HandOffOtherEntry) {
            list.first()
        } else {
            list.iter().rev().find(|entry| {
                entry.device_id == self.device_id && same_patient(&entry.message, &screen)
            })
        };
        let Some(entry) = entry else {
            let mut screen = screen;
            screen.text = Some(format!(
                "{}（閲覧履歴にこの端末でのこの方の資格確認結果がないため、レセコンに連携しませんでした）",
                screen.text.unwrap_or_default()
            ));
            return Ok(screen);
        };
        let id = if self.defects.has(Defect::HandOffGuessedId) {
            "1".to_owned()
        } else {
            entry.id.clone()
        };
        if !self.defects.has(Defect::HandOffUnconfirmed)
            && !self.talk.confirm(
                ConfirmTopic::HandOff,
                &format!("資格確認結果（{id}）をレセコンに連携しますか"),
            )?
        {
            return Ok(screen);
        }
        let past = self.with_retries("レセコンへの連携", |check| {
            Ok(check.service()?.past_result(&id)?)
        })?;
        let mut handed = screen_of(&past, self.limit_consent.unwrap_or(true), self.defects);
        handed.text = Some(format!(
            "{}（資格確認結果 {id} をレセコンに連携しました）",
            handed.text.unwrap_or_default()
        ));
        Ok(handed)
    }
}

/// The elements that say whose confirmation a past entry is (`docs/history.md`, "Check").
const PATIENT_IDENTITY: [ElementName; 5] = [
    ElementName::InsurerNumber,
    ElementName::InsuredCardSymbol,
    ElementName::InsuredIdentificationNumber,
    ElementName::InsuredBranchNumber,
    ElementName::Birthdate,
];

/// Whether the past entry `past` is the patient on `screen`: every identity element the screen
/// shows is the entry's, and the screen shows at least one.
fn same_patient(past: &OqsMessage, screen: &Screen) -> bool {
    let Some(record) = past.record() else {
        return false;
    };
    let mut compared = 0;
    for name in PATIENT_IDENTITY {
        if let Some(shown) = screen.fields.get(name.as_str()) {
            if record.get(name.as_str()) != Some(shown) {
                return false;
            }
            compared += 1;
        }
    }
    compared > 0
}
