//! The patient's 医療費助成 at a card app (`docs/subsidies.md`, "The card app"): once the answer
//! carries 受給者証 that came through PMH, the app asks the patient whether to use them (at the
//! face reader the patient is asked so, 湖西市, city.kosai.shizuoka.jp page 18149); with a yes it
//! shows each entry valid on the day of the check, with a no it takes none.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use mynakit_oqs::ElementName;
use mynakit_protocol::{ConsentTopic, Outcome};

use super::CardCheck;
use crate::defects::Defect;
use crate::screen::{Screen, Stop};
use crate::Variant;

/// The elements of an entry the screen shows, each as `NAME.n` for the n-th entry shown: the
/// 制度, 公費負担者番号, 受給者番号, 自己負担上限額 and the last valid day.
const SHOWN: [ElementName; 5] = [
    ElementName::MedicalSubsidyScheme,
    ElementName::MedicalSubsidyPayerNumber,
    ElementName::MedicalSubsidyRecipientNumber,
    ElementName::MedicalSubsidySelfPayLimit,
    ElementName::MedicalSubsidyValidEndDate,
];

impl<R: BufRead, W: Write> CardCheck<'_, R, W> {
    /// `subsidy-asked-first`, `subsidy-asked-again`: asks whether to use any 医療費助成 受給者証
    /// before the check, as a face reader asks its questions before it sends one; the answer
    /// then stands for the entries the answer brings (docs/subsidies.md, "The card app").
    pub(super) fn ask_subsidies_first(&mut self) -> Result<(), Stop> {
        let variants = &self.env.variants;
        if (variants.has(Variant::SubsidyAskedFirst) || variants.has(Variant::SubsidyAskedAgain))
            && !self.defects.has(Defect::SubsidyUnasked)
        {
            self.subsidy_choice = Some(self.talk.consent(ConsentTopic::MedicalSubsidy, None)?);
        }
        Ok(())
    }

    /// Asks whether to use the answer's 医療費助成 entries (a `consent` on `medical-subsidy`),
    /// only for an `eligible` screen whose answer carries at least one and unless the patient
    /// answered before the check, and adds those valid on the answer's day to the screen when
    /// the patient says yes.
    pub(super) fn take_subsidies(&mut self, mut screen: Screen) -> Result<Screen, Stop> {
        if screen.outcome != Some(Outcome::Eligible) || screen.subsidies.is_empty() {
            return Ok(screen);
        }
        let used = if self.defects.has(Defect::SubsidyUnasked) {
            true
        } else {
            let answer = match self.subsidy_choice {
                Some(answer) => answer,
                None => self.talk.consent(ConsentTopic::MedicalSubsidy, None)?,
            };
            answer || self.defects.has(Defect::SubsidyDeclineIgnored)
        };
        if !used {
            return Ok(screen);
        }
        let day = self.answer_day.as_deref();
        let taken: Vec<BTreeMap<String, String>> = screen
            .subsidies
            .iter()
            .filter(|entry| self.defects.has(Defect::SubsidyExpiredShown) || valid_on(entry, day))
            .take(if self.defects.has(Defect::SubsidyFirstOnly) {
                1
            } else {
                usize::MAX
            })
            .cloned()
            .collect();
        for (n, entry) in taken.iter().enumerate() {
            for name in SHOWN {
                if let Some(value) = entry.get(name.as_str()).filter(|v| !v.is_empty()) {
                    screen
                        .fields
                        .insert(format!("{}.{}", name.as_str(), n + 1), value.clone());
                }
            }
        }
        Ok(screen)
    }
}

/// Whether `entry`'s 有効期間 holds `day` (`yyyyMMdd`, both days included; no end date: no
/// end). Without the answer's day every entry counts as valid.
fn valid_on(entry: &BTreeMap<String, String>, day: Option<&str>) -> bool {
    let Some(day) = day.map(str::trim).filter(|d| d.len() == 8) else {
        return true;
    };
    let date = |name: ElementName| {
        entry
            .get(name.as_str())
            .map(|v| v.trim())
            .filter(|v| v.len() == 8)
    };
    date(ElementName::MedicalSubsidyValidStartDate).is_none_or(|start| start <= day)
        && date(ElementName::MedicalSubsidyValidEndDate).is_none_or(|end| day <= end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(start: &str, end: Option<&str>) -> BTreeMap<String, String> {
        let mut e = BTreeMap::new();
        e.insert(
            ElementName::MedicalSubsidyValidStartDate
                .as_str()
                .to_owned(),
            start.to_owned(),
        );
        if let Some(end) = end {
            e.insert(
                ElementName::MedicalSubsidyValidEndDate.as_str().to_owned(),
                end.to_owned(),
            );
        }
        e
    }

    #[test]
    fn an_entry_is_valid_from_its_first_to_its_last_day() {
        let e = entry("20260401", Some("20261231"));
        assert!(!valid_on(&e, Some("20260331")));
        assert!(valid_on(&e, Some("20260401")));
        assert!(valid_on(&e, Some("20261231")));
        assert!(!valid_on(&e, Some("20270101")));
        assert!(valid_on(&entry("20260401", None), Some("20991231")));
        assert!(valid_on(&e, None));
    }
}
