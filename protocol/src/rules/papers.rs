//! Which of the patient's papers prove a qualification on a day: the dated part of the
//! fallbacks a client offers when eligibility cannot be confirmed online (`docs/rules.md`, "The
//! patient's papers by day"; `docs/client-protocol.md`, "Fallbacks").
//!
//! The papers changed with the law that made the マイナ保険証 the basis (令和5年法律第48号,
//! 施行 2024-12-02): no 健康保険証 is issued from that day, those issued stay valid to their
//! printed expiry and at the latest to 2025-12-01 (経過措置), and the 資格確認書 (for people
//! without a usable マイナ保険証) and the 資格情報のお知らせ (資格情報通知書, for holders of one:
//! shown **with** the card when the reader or the network fails, never valid alone) begin.
//! Before that, 保発0710第1号 (2023-07-10) had set what the staff do when the card cannot be
//! read: the patient's マイナポータル screen or 健康保険証, else the 被保険者資格申立書.
//!
//! Each boundary is a day on which the paper is still (or already) valid: `first_day` and
//! `last_day` are both in force.

use super::{check_date, RulesError};
use crate::Fallback;

/// A paper's days of validity, with the notice that set them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaperValidity {
    /// The fallback that names the paper.
    pub fallback: Fallback,
    /// The first day it proves a qualification (`YYYY-MM-DD`), if it has one.
    pub first_day: Option<&'static str>,
    /// The last day it proves one, if it has one.
    pub last_day: Option<&'static str>,
    /// The public document that set those days.
    pub source: &'static str,
    /// Whether the days were read in that document itself. `false`: in secondary accounts of it
    /// only, and so a default to check (`docs/rules.md`).
    pub confirmed: bool,
}

/// Where a day falls for a paper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaperOn {
    /// Before its first day: the paper did not exist yet.
    NotYet,
    /// Within its days.
    Valid,
    /// After its last day.
    Expired,
}

/// The papers whose validity has days, oldest first. A fallback not here (a later check with the
/// card, the 受診券, the 施術券, the card shown for identity) is valid on every day.
pub const PAPERS: [PaperValidity; 5] = [
    PaperValidity {
        fallback: Fallback::SelfDeclaration,
        first_day: Some("2023-07-10"),
        last_day: None,
        source: "厚生労働省保険局長通知 保発0710第1号 (2023-07-10)「マイナンバーカードによるオンライン\
                 資格確認を行うことができない場合の対応について」: 被保険者資格申立書",
        confirmed: false,
    },
    PaperValidity {
        fallback: Fallback::HealthInsuranceCard,
        first_day: None,
        last_day: Some("2025-12-01"),
        source: "令和5年法律第48号 附則 (経過措置): a 健康保険証 issued before 2024-12-02 stays valid \
                 to its printed expiry, at the latest 2025-12-01; unusable from 2025-12-02. (An expired one \
                 may be used until 2026-03-31 only to key in its numbers for an online check: \
                 `expired-card-numbers`.)",
        confirmed: false,
    },
    PaperValidity {
        fallback: Fallback::QualificationCertificate,
        first_day: Some("2024-12-02"),
        last_day: None,
        source: "健康保険法 第51条の3 and 施行規則 第47条 (資格確認書; 令和5年法律第48号, 施行 \
                 2024-12-02)",
        confirmed: false,
    },
    PaperValidity {
        fallback: Fallback::CardWithNotice,
        first_day: Some("2024-12-02"),
        last_day: None,
        source: "健康保険法施行規則 第51条の3 (資格情報通知書「資格情報のお知らせ」, 施行 2024-12-02): \
                 shown with the マイナ保険証, not valid alone (厚生労働省「マイナンバーカードの健康\
                 保険証利用についてよくある質問」)",
        confirmed: false,
    },
    PaperValidity {
        fallback: Fallback::ExpiredCardNumbers,
        first_day: Some("2025-06-27"),
        last_day: Some("2026-03-31"),
        source: "厚生労働省保険局医療課 事務連絡 2025-06-27「健康保険証の有効期限切れに伴う暫定的な取扱い\
                 について」(an expired 健康保険証 or a 資格情報のお知らせ alone: its numbers keyed in \
                 for an online check, covered if that check confirms, 令和8年3月末まで) and 事務連絡 \
                 2025-11-12 (every 保険証 expiring 2025-12-01); read as cities republish it (唐津市 \
                 「8月以降の国民健康保険証の切り替えに伴う対応」: 「この対応は暫定的で、令和8年3月31日\
                 までです」), not in the 事務連絡 itself",
        confirmed: false,
    },
];

impl Fallback {
    /// The days on which this paper proves a qualification; `None` for a fallback valid on
    /// every day.
    pub fn validity(self) -> Option<&'static PaperValidity> {
        PAPERS.iter().find(|p| p.fallback == self)
    }

    /// Where `day` (`YYYY-MM-DD`) falls for this paper.
    ///
    /// # Errors
    ///
    /// [`RulesError::NotADate`] when `day` is not `YYYY-MM-DD`.
    pub fn on(self, day: &str) -> Result<PaperOn, RulesError> {
        check_date(day)?;
        let Some(validity) = self.validity() else {
            return Ok(PaperOn::Valid);
        };
        // `YYYY-MM-DD` orders as the days it names.
        Ok(match (validity.first_day, validity.last_day) {
            (Some(first), _) if day < first => PaperOn::NotYet,
            (_, Some(last)) if day > last => PaperOn::Expired,
            _ => PaperOn::Valid,
        })
    }
}

/// The newest day in [`PAPERS`]: a first day, or the day after a last day (when the change takes
/// effect), for [`super::newest_rule_date`].
pub(super) fn newest_paper_change() -> Option<&'static str> {
    // The day after `2025-12-01` is `2025-12-02`; the horizon needs only the year and a day
    // that orders after the last day, so the last day itself serves.
    PAPERS
        .iter()
        .flat_map(|p| [p.first_day, p.last_day])
        .flatten()
        .max()
}

/// The table of the dated papers, as `docs/rules.md` holds it ("The patient's papers by day"):
/// generated here so that the page and the code cannot differ (a test holds them equal).
pub fn papers_table() -> String {
    let mut out = String::from(
        "| `fallback` | first day valid | last day valid | source | confirmed |\n\
         |---|---|---|---|---|\n",
    );
    for p in PAPERS {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            p.fallback.as_str(),
            p.first_day.unwrap_or("—"),
            p.last_day.unwrap_or("—"),
            p.source,
            if p.confirmed { "yes" } else { "no (a default)" }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The days are written here from the notices, not read from the table.
    #[test]
    fn each_boundary_day_is_in_force_on_its_own_side() {
        let on = |f: Fallback, day: &str| f.on(day).unwrap();
        assert_eq!(
            on(Fallback::HealthInsuranceCard, "2025-12-01"),
            PaperOn::Valid
        );
        assert_eq!(
            on(Fallback::HealthInsuranceCard, "2025-12-02"),
            PaperOn::Expired
        );
        assert_eq!(
            on(Fallback::QualificationCertificate, "2024-12-01"),
            PaperOn::NotYet
        );
        assert_eq!(
            on(Fallback::QualificationCertificate, "2024-12-02"),
            PaperOn::Valid
        );
        assert_eq!(on(Fallback::CardWithNotice, "2024-12-02"), PaperOn::Valid);
        assert_eq!(on(Fallback::SelfDeclaration, "2023-07-09"), PaperOn::NotYet);
        assert_eq!(on(Fallback::SelfDeclaration, "2026-11-01"), PaperOn::Valid);
        assert_eq!(on(Fallback::LaterCardCheck, "2021-04-01"), PaperOn::Valid);
        // The 暫定的な取扱い: from the 事務連絡 of 2025-06-27 to 2026-03-31 (令和8年3月末).
        assert_eq!(
            on(Fallback::ExpiredCardNumbers, "2025-06-26"),
            PaperOn::NotYet
        );
        assert_eq!(
            on(Fallback::ExpiredCardNumbers, "2025-06-27"),
            PaperOn::Valid
        );
        assert_eq!(
            on(Fallback::ExpiredCardNumbers, "2026-03-31"),
            PaperOn::Valid
        );
        assert_eq!(
            on(Fallback::ExpiredCardNumbers, "2026-04-01"),
            PaperOn::Expired
        );
        assert!(Fallback::LaterCardCheck.on("2021-4-1").is_err());
    }

    #[test]
    fn docs_rules_md_holds_the_table_as_generated() {
        crate::rules::assert_rules_md_holds(&papers_table(), "papers_table");
    }

    #[test]
    fn the_newest_change_is_the_end_of_the_temporary_handling() {
        assert_eq!(newest_paper_change(), Some("2026-03-31"));
    }
}
