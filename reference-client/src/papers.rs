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
    /// Defect `later-elderly-certificate-only`: a 後期高齢者 is told the 資格確認書 and not the
    /// お知らせ, the 暫定運用's rule, on any day.
    pub(crate) elderly_certificate_only: bool,
    /// Defect `later-elderly-notice-only`: a 後期高齢者 is told the お知らせ and not the
    /// 資格確認書, the rule of 2026-08-01 without its age split, on any day.
    pub(crate) elderly_notice_only: bool,
}

impl Papers {
    /// Papers for `today` as `yyyyMMdd` (the client's clock), with the defects
    /// `fallback-expired-paper` (`expired_card`) and `fallback-expired-card-numbers`
    /// (`expired_card_numbers`).
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
            ..Papers::default()
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

    /// [`Papers::of_the_day`] for a patient whose insurance data the staff keyed in: a
    /// 後期高齢者 (法別 39) is offered both the 資格確認書 and the お知らせ with the card where the
    /// day offers them, one of which is the paper they hold (`docs/rules.md`, 後期高齢者), but
    /// under the two defects that follow one side's rule on every day.
    pub(crate) fn of_the_day_for(
        &self,
        offered: &[Fallback],
        insurer_number: &str,
    ) -> Vec<Fallback> {
        let mut papers = self.of_the_day(offered);
        if mynakit_protocol::is_later_elderly_insurer(insurer_number) {
            if self.elderly_certificate_only {
                papers.retain(|f| *f != Fallback::CardWithNotice);
            }
            if self.elderly_notice_only {
                papers.retain(|f| *f != Fallback::QualificationCertificate);
                if !papers.contains(&Fallback::CardWithNotice) {
                    papers.insert(0, Fallback::CardWithNotice);
                }
            }
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
        let on = |day: &str| Papers::with_defects(Some(day), false, false).of_the_day(&flow);
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
        assert_eq!(
            Papers::with_defects(None, false, false).of_the_day(&flow),
            flow
        );
        // A 後期高齢者: both papers, or one side's under its defect; no one else is touched.
        let mut papers = Papers::with_defects(Some("20260801"), false, false);
        assert_eq!(
            papers.of_the_day_for(&flow, "39136012"),
            [QualificationCertificate, CardWithNotice, LaterCardCheck]
        );
        papers.elderly_certificate_only = true;
        assert_eq!(
            papers.of_the_day_for(&flow, "39136012"),
            [QualificationCertificate, LaterCardCheck]
        );
        assert_eq!(
            papers.of_the_day_for(&flow, "06139992"),
            [QualificationCertificate, CardWithNotice, LaterCardCheck]
        );
        let mut papers = Papers::with_defects(Some("20260731"), false, false);
        papers.elderly_notice_only = true;
        assert_eq!(
            papers.of_the_day_for(&flow, "39136012"),
            [CardWithNotice, LaterCardCheck]
        );
        assert_eq!(
            Papers::with_defects(Some("20261101"), true, false).of_the_day(&flow),
            [
                QualificationCertificate,
                CardWithNotice,
                LaterCardCheck,
                HealthInsuranceCard
            ]
        );
    }
}
