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
}

impl Papers {
    /// Papers for `today` as `yyyyMMdd` (the client's clock).
    pub(crate) fn on(today: Option<&str>, expired_card: bool) -> Papers {
        let today = today
            .filter(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))
            .map(|d| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]));
        Papers {
            today,
            expired_card,
        }
    }

    /// `offered` as the flow names it, with the papers of the day in place of those it names:
    /// the 健康保険証 before the 資格確認書 existed (2024-12-02), both while both are valid, the
    /// マイナ保険証 with its 資格情報のお知らせ where the card is there but the check failed (the
    /// flow offers a later check with it), and no 健康保険証 after 2025-12-01.
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
                if offered.contains(&Fallback::LaterCardCheck) && valid(Fallback::CardWithNotice) {
                    add(Fallback::CardWithNotice);
                }
            } else if valid(f) {
                add(f);
            }
        }
        if self.expired_card {
            add(Fallback::HealthInsuranceCard);
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
                LaterCardCheck
            ]
        );
        assert_eq!(
            on("20251202"),
            [QualificationCertificate, CardWithNotice, LaterCardCheck]
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
