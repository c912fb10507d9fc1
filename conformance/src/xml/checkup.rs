//! 健診 at an institution on 既存型: a レセコン that already confirms eligibility through the
//! 資格確認端末 keeps using it for 特定健診・特定保健指導 and 人間ドック (「すでにオンライン資格確認
//! （既存型）を導入している医療機関等においては、特定健診・特定保健指導の実施の際に、引き続き、導入済みの
//! オンライン資格確認を利用」; 人間ドック 「導入済みのものを含む」: 厚生労働省保険局 事務連絡「特定健診・
//! 保健指導に係るオンライン資格確認（資格確認限定型）の導入等について（周知）」, note 2 and 第2の4). The
//! rules are the app's (`SVC-kenshin-eligibility-only`, `SVC-dock-purpose`) on the terminal's
//! files: the check is for eligibility, and at a 人間ドック only for the insurer, after the
//! staff said so (`docs/kenshin.md`, "At the 資格確認端末").

use mynakit_oqs::{ConsentFlag, ElementName, MessageKind};
use mynakit_protocol::{ClientMessage, Flow, Mode};

use crate::check::{Evidence, Verdict};
use crate::checkup::{medical_reach, purpose_before_check};
use crate::run::folder::{content, written_requests};
use crate::run::{Run, Step};
use crate::xml::words::checkup as words;

check! {
    /// `XML-kenshin-eligibility-only`: at a 健診 the レセコン asks the terminal for eligibility
    /// and nothing else.
    KenshinEligibilityOnly {
        id: "XML-kenshin-eligibility-only",
        severity: Failed,
        rule: "In the kenshin and ningen-dock settings a レセコン writes no 薬剤情報 or 特定健診情報 \
               request (YZKsiquc01, TKKsiquc01) and no request with \
               LimitApplicationCertificateRelatedConsFlg 1, asks no consent to 限度額 or medical \
               information, and shows no health or medical field (SpecificDiseases*, \
               LimitApplicationCertificate*, DrugInformation, SpecificHealthCheckupsInformation); \
               nor does it record the visit for a claim (`claim-record`).",
        rationale: "A 健診 checks only whether the examinee is insured by the insurer of the \
                    受診券. An institution on 既存型 keeps using its terminal for it, but a 健診 is \
                    not a 診療: the drug and health-check histories and the 限度額 are released \
                    for treatment with the patient's consent, and a レセコン that runs its counter \
                    routine at a 健診 reaches for them, or shows a disease or an income bracket, \
                    without a basis.",
        reference: "厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）\
                     の導入等について（周知）」第1の1 (no health or medical information), note 2 \
                     (既存型 institutions keep their オンライン資格確認 for 特定健診); \
                     docs/kenshin.md#at-the-資格確認端末",
        roles: [ReceiptComputer],
        evaluate: kenshin_eligibility_only,
    }
}

check! {
    /// `XML-dock-purpose`: at a 人間ドック the レセコン asks the terminal only for the insurer,
    /// and only after the staff said so.
    DockPurpose {
        id: "XML-dock-purpose",
        severity: Failed,
        rule: "In the ningen-dock setting a レセコン writes no request to the 資格確認端末 before \
               the staff answered a `confirm` ask `checkup-purpose`, and none at all when they \
               answered no (identity only). After a no, the result shows no qualification \
               (eligible, ineligible, medical-assistance) and a `fallback` line offering \
               `identity-by-card` precedes it.",
        rationale: "A 人間ドック may use オンライン資格確認 (the terminal an institution already has \
                    included) to confirm the examinee's insurer when its contract asks for it, \
                    never to confirm who the examinee is: a レセコン that queries the terminal \
                    whatever the purpose looks up a person's insurance without a basis.",
        reference: "厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）\
                    の導入等について（周知）」第2の4「人間ドックにおけるオンライン資格確認の取扱い」\
                    (「導入済みのものを含む」; 「本人確認を目的とした場合においてはオンライン資格確認を\
                    利用することはできません」); docs/kenshin.md#at-the-資格確認端末",
        roles: [ReceiptComputer],
        evaluate: dock_purpose,
    }
}

/// Whether the run is a レセコン's at the terminal: a mode only a レセコン has, or a file the
/// terminal saw (a correct レセコン at a 人間ドック for identity only writes nothing, but its
/// mode is the counter's).
fn at_terminal(e: &Evidence<'_>, run: &Run<'_>) -> bool {
    matches!(
        e.mode,
        Mode::InsuranceCard | Mode::Bulk | Mode::DrugInfo | Mode::CheckupInfo | Mode::DiagnosisInfo
    ) || run.steps.iter().any(|s| matches!(s, Step::File { .. }))
}

fn kenshin_eligibility_only(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if !matches!(run.care_setting(), Some(Flow::Kenshin | Flow::NingenDock)) {
        return Verdict::NotApplicable(words::not_kenshin());
    }
    if !at_terminal(e, run) {
        return Verdict::NotApplicable(words::kenshin_not_at_terminal());
    }
    let requests = written_requests(run);
    let names = e.request_names();
    for &(i, path, t) in &requests {
        if names
            .of_request(path)
            .is_some_and(MessageKind::is_patient_info)
        {
            return Verdict::Fail(words::kenshin_asks_history(path, t));
        }
        let name = ElementName::LimitApplicationCertificateRelatedConsFlg;
        let consent = content(run, path, i)
            .and_then(|c| c.fields.get(name))
            .and_then(|code| ConsentFlag::from_code(code.trim()));
        if consent == Some(ConsentFlag::Given) {
            return Verdict::Fail(words::kenshin_asks_limit(path, t, name.as_str()));
        }
    }
    if let Some(why) = medical_reach(e, run) {
        return Verdict::Fail(why);
    }
    if let Some(t) = run.before_result().iter().find_map(|s| match s {
        Step::Client {
            t_us,
            message: ClientMessage::ClaimRecord { .. },
        } => Some(*t_us),
        _ => None,
    }) {
        return Verdict::Fail(words::kenshin_claim_recorded(t));
    }
    Verdict::Pass(words::kenshin_eligibility_only(requests.len()))
}

fn dock_purpose(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.care_setting() != Some(Flow::NingenDock) {
        return Verdict::NotApplicable(words::not_dock());
    }
    if !at_terminal(e, run) {
        return Verdict::NotApplicable(words::dock_not_at_terminal());
    }
    let first = written_requests(run)
        .first()
        .map(|&(i, path, t)| (i, words::the_request(path, t)));
    purpose_before_check(e, run, first)
}
