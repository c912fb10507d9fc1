//! The papers a fallback offers are those valid on the scenario's day (`docs/rules.md`, "The
//! patient's papers by day"): the dated table is `mynakit_protocol::PAPERS`, asked through
//! [`Fallback::on`]; this check compares no date itself.

use mynakit_protocol::{Fallback, Flow, HarnessMessage, PaperOn};

use crate::check::{Evidence, Verdict};
use crate::run::fallbacks;
use crate::run::{Run, Step};
use crate::svc::words::fallback_papers as words;

check! {
    /// `SVC-fallback-papers-dated`: a fallback offers only papers that prove a qualification on
    /// the scenario's day.
    FallbackPapersDated {
        id: "SVC-fallback-papers-dated",
        severity: Failed,
        rule: "Every paper a `fallback` line offers is valid on the scenario's day (docs/rules.md, \
               \"The patient's papers by day\"): the 健康保険証 (`health-insurance-card`) up to \
               2025-12-01, the 資格確認書 (`qualification-certificate`) and the マイナ保険証 with \
               the 資格情報のお知らせ (`card-with-notice`) from 2024-12-02, the 被保険者資格申立書 \
               (`self-declaration`) from 2023-07-10, the numbers of an expired 健康保険証 (or of \
               the お知らせ alone) keyed in for an online check (`expired-card-numbers`, the \
               暫定的な取扱い) from 2025-06-27 to 2026-03-31. The お知らせ alone is no paper to \
               offer. For a 後期高齢者 (the staff keyed in an 保険者番号 of 法別 39) it names the \
               paper that patient holds: from 2025-08-01 to 2026-07-31 the 資格確認書 (暫定運用); \
               from 2026-08-01 the 資格確認書 at 85 or over on 2026-08-01, else the お知らせ with \
               the card when they hold a マイナ保険証.",
        rationale: "The fallback tells the staff what to accept when the online check fails. \
                    Offered a 健康保険証 after 2025-12-01, they accept a card that no longer \
                    proves anything, and the claim comes back (返戻: 資格喪失後受診 or no \
                    qualification); offered a 資格確認書 before 2024-12-02, they ask for a paper \
                    the patient cannot have, and send away or charge 10割 a patient whose \
                    保険証 was valid. Offered to key in an expired 保険証's numbers after \
                    2026-03-31, they take as a basis a paper the 暫定的な取扱い no longer \
                    covers.",
        reference: "令和5年法律第48号 (施行 2024-12-02) and its 経過措置 (健康保険証 valid at the \
                    latest to 2025-12-01); 健康保険法 第51条の3, 施行規則 第47条, 第51条の3 \
                    (資格確認書, 資格情報通知書); 保発0710第1号 (2023-07-10, 被保険者資格申立書); \
                    事務連絡 2025-06-27「健康保険証の有効期限切れに伴う暫定的な取扱いについて」 \
                    and 2025-11-12 (to 2026-03-31); docs/rules.md",
        evaluate: fallback_papers_dated,
    }
}

fn fallback_papers_dated(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let offered = fallbacks(run);
    if offered.is_empty() {
        return Verdict::NotApplicable(words::no_fallback());
    }
    let dated: Vec<Fallback> = offered
        .iter()
        .copied()
        .filter(|f| f.validity().is_some())
        .collect();
    if dated.is_empty() {
        return Verdict::NotApplicable(words::no_dated_paper());
    }
    let Some(day) = e.day else {
        return Verdict::NotApplicable(words::no_day());
    };
    let mut wrong = Vec::new();
    for paper in &dated {
        let Some(validity) = paper.validity() else {
            continue;
        };
        match paper.on(day) {
            Ok(PaperOn::Valid) => {}
            Ok(PaperOn::NotYet) => {
                wrong.push(words::not_yet(
                    *paper,
                    validity.first_day.unwrap_or_default(),
                ));
            }
            Ok(PaperOn::Expired) => {
                wrong.push(words::expired(
                    *paper,
                    validity.last_day.unwrap_or_default(),
                ));
            }
            Err(problem) => return Verdict::NotApplicable(words::bad_day(problem)),
        }
    }
    if let Some(missing) = later_elderly_missing(run, &offered, day) {
        wrong.push(missing);
    }
    if wrong.is_empty() {
        Verdict::Pass(words::all_valid(&dated, day))
    } else {
        Verdict::Fail(words::not_valid(&wrong, &dated, day))
    }
}

/// For a 後期高齢者医療 patient, the paper that patient holds on `day` when the fallback names
/// none of those (`mynakit_protocol::later_elderly_papers`): the patient is known by the
/// insurance data the staff keyed in (an `insurance-card` answer: 法別 39 and the birth date),
/// and holds a マイナ保険証 when a card was read in the run or a 居宅 / オンライン診療 consent,
/// registered with the card, is in use.
fn later_elderly_missing(
    run: &Run<'_>,
    offered: &std::collections::BTreeSet<Fallback>,
    day: &str,
) -> Option<crate::reason::Reason> {
    let card = run.before_result().iter().find_map(|s| match s {
        Step::Operator {
            message: HarnessMessage::InsuranceCard { card, .. },
            ..
        } if mynakit_protocol::is_later_elderly_insurer(&card.insurer_number) => Some(card),
        _ => None,
    })?;
    let card_read = run
        .before_result()
        .iter()
        .any(|s| matches!(s, Step::Apdu(_)));
    let consent_with_card = matches!(
        run.care_setting(),
        Some(Flow::Kyotaku | Flow::VisitingNursing | Flow::OnlineShinryo)
    );
    let holds_card = (card_read || consent_with_card).then_some(true);
    let held = mynakit_protocol::later_elderly_papers(day, &card.birthdate, holds_card).ok()??;
    if held.iter().any(|p| offered.contains(p)) {
        return None;
    }
    let age = mynakit_protocol::age_on(&card.birthdate, mynakit_protocol::LATER_ELDERLY_SPLIT);
    Some(words::later_elderly_missing(held, day, age))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{evidence, fail, judge, not_applicable, pass, result, Tl};
    use mynakit_protocol::Outcome;

    fn offering(papers: &str) -> Tl {
        Tl::new()
            .client(&format!(
                r#"{{"type":"fallback","offered":[{papers}],"text":"…"}}"#
            ))
            .result("service-error")
    }

    /// A 居宅 later visit of a 後期高齢者 born on `born` (the staff key in the data recorded at
    /// the first visit), the check refused, the fallback offering `papers`.
    fn later_elderly(born: &str, papers: &str) -> Tl {
        Tl::new()
            .care_setting("kyotaku")
            .client(r#"{"type":"insurance-card","id":"a1"}"#)
            .operator(&format!(
                r#"{{"type":"insurance-card","id":"a1","card":{{"InsurerNumber":"39136012","InsuredCardSymbol":"","InsuredIdentificationNumber":"12345678","InsuredBranchNumber":"","Birthdate":"{born}"}}}}"#
            ))
            .client(&format!(
                r#"{{"type":"fallback","offered":[{papers}],"text":"…"}}"#
            ))
            .result("service-error")
    }

    #[test]
    fn a_later_elderly_patient_is_told_the_paper_they_hold() {
        let r = result(Outcome::ServiceError, &[]);
        let certificate = later_elderly("19450412", r#""qualification-certificate""#);
        let notice = later_elderly("19450412", r#""card-with-notice""#);
        let both = later_elderly(
            "19450412",
            r#""qualification-certificate","card-with-notice""#,
        );
        let judge_on = |tl: &Tl, day: &'static str| {
            let mut e = evidence(&tl.events, &r);
            e.day = Some(day);
            judge(&FallbackPapersDated, &e)
        };
        // The 暫定運用: a 資格確認書 for every member.
        assert!(matches!(
            judge_on(&certificate, "2026-07-31"),
            Verdict::Pass(_)
        ));
        let Verdict::Fail(text) = judge_on(&notice, "2026-07-31") else {
            panic!("the お知らせ alone is not what the patient holds on 2026-07-31");
        };
        assert!(
            text.to_string().contains("暫定運用 (to 2026-07-31)"),
            "{text}"
        );
        // From 2026-08-01, 81 with a マイナ保険証 (the 居宅 consent was registered with it):
        // the お知らせ.
        let Verdict::Fail(text) = judge_on(&certificate, "2026-08-01") else {
            panic!("the 資格確認書 alone is not what the patient holds on 2026-08-01");
        };
        assert!(
            text.to_string()
                .contains("a 後期高齢者 aged 81 on 2026-08-01 holds card-with-notice"),
            "{text}"
        );
        assert!(matches!(judge_on(&notice, "2026-08-01"), Verdict::Pass(_)));
        assert!(matches!(judge_on(&both, "2026-08-01"), Verdict::Pass(_)));
        // 85 on 2026-08-01: the 資格確認書, whatever they hold.
        let old = later_elderly("19410801", r#""card-with-notice""#);
        assert!(matches!(judge_on(&old, "2026-08-01"), Verdict::Fail(_)));
        let old = later_elderly("19410801", r#""qualification-certificate""#);
        assert!(matches!(judge_on(&old, "2026-08-01"), Verdict::Pass(_)));
        // Before the 一斉更新 of 2025-08-01 the member may still hold a 被保険者証: not judged.
        let early = later_elderly("19450412", r#""card-with-notice""#);
        assert!(matches!(judge_on(&early, "2025-07-31"), Verdict::Pass(_)));
    }

    #[test]
    fn a_paper_is_offered_only_on_its_days() {
        let r = result(Outcome::ServiceError, &[]);
        let card = offering(r#""health-insurance-card","later-card-check""#);
        let mut e = evidence(&card.events, &r);
        e.day = Some("2025-12-01");
        pass(&FallbackPapersDated, &e);
        e.day = Some("2025-12-02");
        let text = fail(&FallbackPapersDated, &e);
        assert!(
            text.contains("`health-insurance-card` was valid only up to 2025-12-01"),
            "{text}"
        );
        assert!(
            text.ends_with(
                "[unconfirmed: the days of health-insurance-card are mynakit's defaults, \
                 docs/rules.md]"
            ),
            "{text}"
        );

        let certificate = offering(r#""qualification-certificate","card-with-notice""#);
        let mut e = evidence(&certificate.events, &r);
        e.day = Some("2024-12-01");
        let text = fail(&FallbackPapersDated, &e);
        assert!(
            text.contains("`qualification-certificate` is valid only from 2024-12-02"),
            "{text}"
        );
        assert!(
            text.contains("`card-with-notice` is valid only from 2024-12-02"),
            "{text}"
        );
        assert!(
            text.ja().unwrap().starts_with(
                "2024-12-01 の fallback がその日に有効でない書類を案内している: \
                 `qualification-certificate` は 2024-12-02 から有効、"
            ),
            "{:?}",
            text.ja()
        );
        e.day = Some("2024-12-02");
        pass(&FallbackPapersDated, &e);

        // The 暫定的な取扱い: right on its last day, wrong the day after, wrong before its
        // 事務連絡.
        let numbers = offering(r#""expired-card-numbers","later-card-check""#);
        let mut e = evidence(&numbers.events, &r);
        e.day = Some("2026-03-31");
        pass(&FallbackPapersDated, &e);
        e.day = Some("2026-04-01");
        let text = fail(&FallbackPapersDated, &e);
        assert!(
            text.contains("`expired-card-numbers` was valid only up to 2026-03-31"),
            "{text}"
        );
        e.day = Some("2025-06-26");
        let text = fail(&FallbackPapersDated, &e);
        assert!(
            text.contains("`expired-card-numbers` is valid only from 2025-06-27"),
            "{text}"
        );

        // Nothing dated, no day, no fallback: nothing to judge.
        let later = offering(r#""later-card-check""#);
        let mut e = evidence(&later.events, &r);
        e.day = Some("2026-11-01");
        not_applicable(&FallbackPapersDated, &e);
        let mut e = evidence(&card.events, &r);
        e.day = None;
        not_applicable(&FallbackPapersDated, &e);
        let none = Tl::new().result("service-error");
        let mut e = evidence(&none.events, &r);
        e.day = Some("2026-11-01");
        not_applicable(&FallbackPapersDated, &e);
    }
}
