//! The month's 医療扶助 import into the レセコン (flow `medical-assistance-import`,
//! `docs/client-protocol.md`, "The month's 医療扶助 import").
//!
//! A 指定医療機関 asks the 資格確認端末 for the 医療券 of its 医療扶助 patients for a treatment
//! month: an `OQSmutic01` upload whose `QualificationConfirmSearchInfo` holds
//! `MedicalTreatmentMonth` (yyyyMM), answered with a `ReceptionNumber`, then `OQSmutic02`
//! downloads with that number until one is no longer 処理中; each unit of the final answer is one
//! patient with a 医療券 for that month (the request shape: YUKI-ENT/OQSDrug2
//! `BulkQualificationService`).

use std::io::{BufRead, Write};

use mynakit_oqs::ElementName;
use mynakit_protocol::Outcome;

use super::{element, header_xml, message_xml, terminal_error, Exchange};
use crate::defects::Defect;
use crate::results::{normal_segment, screen_of};
use crate::screen::{Screen, Stop};

/// The treatment month asked for: the month of "today" (the scenario clock's JST date), or,
/// with the defect `assistance-claim-month`, the month before it (the レセプト month a claim
/// batch at the start of a month works on).
fn treatment_month(today: &str, defects: &crate::defects::Defects) -> String {
    let (year, month) = (
        today
            .get(..4)
            .and_then(|y| y.parse::<u32>().ok())
            .unwrap_or(0),
        today
            .get(4..6)
            .and_then(|m| m.parse::<u32>().ok())
            .unwrap_or(1),
    );
    let (year, month) = if defects.has(Defect::AssistanceClaimMonth) {
        if month == 1 {
            (year.saturating_sub(1), 12)
        } else {
            (year, month - 1)
        }
    } else {
        (year, month)
    };
    format!("{year:04}{month:02}")
}

impl<R: BufRead, W: Write> Exchange<'_, R, W> {
    /// The month's 医療扶助 import: upload, `ReceptionNumber`, downloads until the answer is
    /// final; each patient shown with a `display`; the result is the first patient's screen with
    /// the count, or, with none, `ineligible` "no 医療券 this month".
    pub(super) fn medical_assistance_import(&mut self) -> Result<Screen, Stop> {
        let today = super::consent_import::today(self.env);
        let month = treatment_month(&today, self.defects);
        self.talk
            .progress(&format!("{month} の医療扶助（医療券）を取り込みます"))?;
        let suffix = self.free_suffix().map_err(terminal_error)?;
        let search = element(ElementName::MedicalTreatmentMonth.as_str(), &month);
        let upload = message_xml(
            &header_xml(self.env, &suffix),
            &format!(
                "    <QualificationConfirmSearchInfo>\n{search}    </QualificationConfirmSearchInfo>\n"
            ),
        );
        self.send_request(&format!("OQSmutic01req_{suffix}.xml"), &upload)?;
        let accepted = self.wait_for_result(
            &self
                .root
                .join("res")
                .join(format!("OQSmutic01res_{suffix}.xml")),
        )?;
        let reception = match accepted.body(ElementName::ReceptionNumber.as_str()) {
            Some(number) if normal_segment(&accepted) => number.to_owned(),
            _ => return Ok(screen_of(&accepted, false, self.defects)),
        };
        let (message, units) = self.download("OQSmutic02", &suffix, &reception, false)?;
        if !normal_segment(&message) && units.is_empty() {
            return Ok(screen_of(&message, false, self.defects));
        }
        let screens = self.show_units(&units, false)?;
        let count = screens.len();
        Ok(match screens.into_iter().next() {
            Some(mut first) => {
                first.text = Some(format!("{month} の医療券を{count}件取り込みました"));
                first
            }
            None => Screen::outcome(
                Outcome::Ineligible,
                format!("{month} の医療券はありません（0件）"),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::defects::Defects;

    #[test]
    fn the_month_is_today_s_and_the_defect_takes_the_one_before() {
        let none = Defects::none();
        assert_eq!(treatment_month("20261102", &none), "202611");
        let claim = Defects::none().with(Defect::AssistanceClaimMonth);
        assert_eq!(treatment_month("20261102", &claim), "202610");
        assert_eq!(treatment_month("20270105", &claim), "202612");
    }
}
