//! `SVC-transcription-fields`: at a 柔整・あはき 施術所 the result is what the staff copy into the
//! 療養費支給申請書, so it must carry the insurance fields that form asks for, exactly as the
//! answer gave them (docs/care-settings.md, "jusei-ahaki").

use mynakit_oqs::ElementName;
use mynakit_protocol::Flow;

use super::fields::{compare_answer, missing};
use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::answer::{self, Answer};
use crate::run::Run;
use crate::svc::words::transcription as words;

/// What a 療養費支給申請書 (柔道整復, あはき) takes from the insurance: 保険者番号, 記号・番号 and
/// 枝番, 本人・家族, and the 負担割合 (the 高齢受給者's is `SVC-elderly-shown`'s).
pub(crate) const TRANSCRIBED: [ElementName; 6] = [
    ElementName::InsurerNumber,
    ElementName::InsuredCardSymbol,
    ElementName::InsuredIdentificationNumber,
    ElementName::InsuredBranchNumber,
    ElementName::PersonalFamilyClassification,
    ElementName::InsuredPartialContributionRatio,
];

check! {
    TranscriptionFields {
        id: "SVC-transcription-fields",
        severity: Failed,
        rule: "In the jusei-ahaki setting (a 柔整・あはき 施術所), when the last answer confirmed a \
               valid qualification that is not 医療扶助, the result shows every one of InsurerNumber, \
               InsuredCardSymbol, InsuredIdentificationNumber, InsuredBranchNumber, \
               PersonalFamilyClassification and InsuredPartialContributionRatio the answer holds, \
               each exactly as the answer gave it: the same half-width characters, the 枝番 with \
               its leading zero, nothing trimmed, padded or widened.",
        rationale: "The seed asks for 「療養費の支給申請書の作成等において資格情報を転記できる機能」: \
                    the 施術所 copies the qualification into the 療養費支給申請書, whose boxes \
                    take the 保険者番号, 記号・番号・枝番, 本人・家族 and 負担割合. A field left out \
                    is keyed from memory; one shown in another form (全角 digits, the 枝番 \
                    without its 0) is copied so, and the insurer returns the application.",
        reference: "厚生労働省保険局 令和5年11月「オンライン資格確認（資格確認限定型）の導入が始まります」, \
                     資格確認限定型における資格情報の確認・閲覧について (療養費の支給申請書の作成等に\
                     おいて資格情報を転記できる機能); the 療養費支給申請書 forms of 柔道整復 and あはき \
                     (保険者番号, 記号・番号（枝番）, 本人・家族, 負担割合); \
                     docs/care-settings.md#jusei-ahaki-柔整あはき-施術所",
        roles: [CardApp],
        evaluate: transcription_fields,
    }
}

fn transcription_fields(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.care_setting() != Some(Flow::JuseiAhaki) {
        return Verdict::NotApplicable(words::not_jusei_ahaki());
    }
    let Some(a) = answer::last(run).filter(Answer::known) else {
        return Verdict::NotApplicable(words::no_answer());
    };
    if !a.says_covered() {
        return Verdict::NotApplicable(words::not_covered(&a));
    }
    if a.is_medical_assistance() {
        return Verdict::NotApplicable(words::medical_assistance(&a));
    }
    let held: Vec<ElementName> = TRANSCRIBED
        .into_iter()
        .filter(|name| a.get(*name).is_some())
        .collect();
    let problems: Vec<Reason> = held
        .iter()
        .filter_map(|name| compare_answer(e, &a, *name))
        .collect();
    if problems.is_empty() {
        Verdict::Pass(words::carried(held.len(), &a))
    } else {
        missing(e, words::confirmed(&a), &problems)
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    const RECORD: &str = r#""InsuredCardClassification":"01","InsurerNumber":"06139992","InsuredCardSymbol":"1001","InsuredIdentificationNumber":"2345","InsuredBranchNumber":"01","PersonalFamilyClassification":"2","InsuredPartialContributionRatio":"030""#;

    fn at_setting(setting: &str, record: &str) -> Tl {
        Tl::new()
            .care_setting(setting)
            .http(
                "POST",
                mynakit_protocol::service_paths::CONFIRMATIONS,
                200,
                10,
                Some(r#"{"mode":"visual"}"#),
                Some(valid_body(record).as_str()),
            )
            .result("eligible")
    }

    fn shown(pairs: &[(&str, &str)]) -> mynakit_protocol::RunResult {
        result(Outcome::Eligible, pairs)
    }

    const ALL: [(&str, &str); 6] = [
        ("InsurerNumber", "06139992"),
        ("InsuredCardSymbol", "1001"),
        ("InsuredIdentificationNumber", "2345"),
        ("InsuredBranchNumber", "01"),
        ("PersonalFamilyClassification", "2"),
        ("InsuredPartialContributionRatio", "030"),
    ];

    #[test]
    fn the_form_fields_as_answered_pass_and_widened_or_missing_ones_fail() {
        let c = TranscriptionFields;
        let tl = at_setting("jusei-ahaki", RECORD);
        assert!(pass(&c, &evidence(&tl.events, &shown(&ALL))).contains("6 field(s)"));
        let mut widened = ALL;
        widened[3] = ("InsuredBranchNumber", "０１");
        let text = fail(&c, &evidence(&tl.events, &shown(&widened)));
        assert!(text.contains("InsuredBranchNumber shows `０１`, not `01`"));
        assert!(
            text.ja()
                .unwrap()
                .ends_with("は療養費支給申請書のための資格を確認したが、InsuredBranchNumber の表示が `01` でなく `０１`"),
            "{:?}",
            text.ja()
        );
        let dropped = &ALL[..4];
        assert!(fail(&c, &evidence(&tl.events, &shown(dropped)))
            .contains("PersonalFamilyClassification (2) is not shown"));
    }

    #[test]
    fn elsewhere_and_for_medical_assistance_it_does_not_apply() {
        let c = TranscriptionFields;
        let clinic = at_setting("kenshin", RECORD);
        not_applicable(&c, &evidence(&clinic.events, &shown(&[])));
        let assistance = at_setting(
            "jusei-ahaki",
            r#""InsuredCardClassification":"A1","InsurerNumber":"12139999""#,
        );
        not_applicable(&c, &evidence(&assistance.events, &shown(&[])));
    }
}
