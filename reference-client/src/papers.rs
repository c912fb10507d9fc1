//! The patient's papers a fallback offers, by the day (`docs/rules.md`, "The patient's papers by
//! day"): the flows name what they would offer, and this keeps only the papers valid today,
//! asked of `mynakit_protocol`'s dated table ([`Fallback::on`]), never a date of its own.

use mynakit_protocol::{Fallback, PaperOn};

/// What the fallbacks of this run may offer.
#[derive(Clone, Debug, Default)]
pub(crate) struct Papers {
    /// Today, `YYYY-MM-DD` (from `MYNAKIT_CLOCK`); `None` offers what the flow names.
    today: Option<String>,
    /// Defect `fallback-expired-paper`: the 健康保険証 on any day.
    expired_card: bool,
    /// Defect `fallback-expired-card-numbers`: an expired 健康保険証's numbers keyed in for an
    /// online check on any day, also after the 暫定的な取扱い ended (2026-03-31).
    expired_card_numbers: bool,
}

impl Papers {
    /// Papers for `today` as `yyyyMMdd` (the client's clock).
    pub(crate) fn on(today: Option<&str>, expired_card: bool) -> Papers {
        Papers::with_defects(today, expired_card, false)
    }

    /// [`Papers::on`], with the defect `fallback-expired-card-numbers` when
    /// `expired_card_numbers`.
    pub(crate) fn with_defects(
        today: Option<&str>,
        expired_card: bool,
        expired_card_numbers: bool,
    ) -> Papers {
        let today = today
            .filter(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))
            .map(|d| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]));
        Papers {
            today,
            expired_card,
            expired_card_numbers,
        }
    }

    /// `offered` as the flow names it, with the papers of the day in place of those it names:
    /// the 健康保険証 before the 資格確認書 existed (2024-12-02), both while both are valid, the
    /// マイナ保険証 with its 資格情報のお知らせ where the card is there but the check failed (the
    /// flow offers a later check with it) and, while the 暫定的な取扱い lasts (to 2026-03-31),
    /// the numbers of an expired 健康保険証 or of the お知らせ alone keyed in for that online
    /// check; no 健康保険証 after 2025-12-01.
    pub(crate) fn of_the_day(&self, offered: &[Fallback]) -> Vec<Fallback> {
        let Some(day) = self.today.as_deref() else {
            return offered.to_vec();
        };
        let valid = |f: Fallback| f.on(day) == Ok(PaperOn::Valid);
        let mut papers = Vec::new();
        let mut add = |f: Fallback| {
            if !papers.contains(&f) {
                papers.push(f);
            }
        };
        for &f in offered {
            if f == Fallback::QualificationCertificate {
                if valid(Fallback::QualificationCertificate) {
                    add(Fallback::QualificationCertificate);
                }
                if valid(Fallback::HealthInsuranceCard) {
                    add(Fallback::HealthInsuranceCard);
                }
                let later_check = offered.contains(&Fallback::LaterCardCheck);
                if later_check && valid(Fallback::CardWithNotice) {
                    add(Fallback::CardWithNotice);
                }
                if later_check && valid(Fallback::ExpiredCardNumbers) {
                    add(Fallback::ExpiredCardNumbers);
                }
            } else if valid(f) {
                add(f);
            }
        }
        if self.expired_card {
            add(Fallback::HealthInsuranceCard);
        }
        if self.expired_card_numbers {
            add(Fallback::ExpiredCardNumbers);
        }
        papers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Fallback::*;

    #[test]
    fn the_certificate_is_offered_with_the_papers_valid_that_day() {
        let flow = [QualificationCertificate, LaterCardCheck];
        let on = |day: &str| Papers::on(Some(day), false).of_the_day(&flow);
        assert_eq!(on("20241201"), [HealthInsuranceCard, LaterCardCheck]);
        assert_eq!(
            on("20251201"),
            [
                QualificationCertificate,
                HealthInsuranceCard,
                CardWithNotice,
                ExpiredCardNumbers,
                LaterCardCheck
            ]
        );
        assert_eq!(
            on("20251202"),
            [
                QualificationCertificate,
                CardWithNotice,
                ExpiredCardNumbers,
                LaterCardCheck
            ]
        );
        // The 暫定的な取扱い: its last day, and the day after.
        assert_eq!(
            on("20260331"),
            [
                QualificationCertificate,
                CardWithNotice,
                ExpiredCardNumbers,
                LaterCardCheck
            ]
        );
        assert_eq!(
            on("20260401"),
            [QualificationCertificate, CardWithNotice, LaterCardCheck]
        );
        assert_eq!(
            Papers::with_defects(Some("20260401"), false, true).of_the_day(&flow),
            [
                QualificationCertificate,
                CardWithNotice,
                LaterCardCheck,
                ExpiredCardNumbers
            ]
        );
        assert_eq!(Papers::on(None, false).of_the_day(&flow), flow);
        assert_eq!(
            Papers::on(Some("20261101"), true).of_the_day(&flow),
            [
                QualificationCertificate,
                CardWithNotice,
                LaterCardCheck,
                HealthInsuranceCard
            ]
        );
    }
}
