//! 人間ドック (flow `ningen-dock`, `docs/kenshin.md`, "人間ドック"): the online check may confirm
//! that the examinee belongs to the insurer the contract names, never the examinee's identity
//! alone. The staff say which, through a `confirm` ask `checkup-purpose`, before the card is read.

use mynakit_protocol::service_paths::CONFIRMATIONS;
use mynakit_protocol::Flow;

use crate::check::{Evidence, Verdict};
use crate::checkup::purpose_before_check;
use crate::run::{Run, Step};
use crate::svc::care::receipt_computer;
use crate::svc::words::dock as words;

check! {
    /// `SVC-dock-purpose`: at a 人間ドック the card is checked online only for the insurer, and
    /// only after the staff said so.
    DockPurpose {
        id: "SVC-dock-purpose",
        severity: Failed,
        rule: "In the ningen-dock setting no card check (POST /v1/confirmations) is sent before \
               the staff answered a `confirm` ask `checkup-purpose`, and none at all when they \
               answered no (identity only). After a no, the result shows no qualification \
               (eligible, ineligible, medical-assistance) and a `fallback` line offering \
               `identity-by-card` precedes it.",
        rationale: "A 人間ドック confirms the examinee's insurer when its contract with the insurer \
                    asks for it, and sometimes only who the examinee is. The second may not use \
                    オンライン資格確認: an app that checks the card whatever the purpose looks up \
                    a person's insurance without a basis. Staff who are not told how to confirm \
                    identity instead turn the examinee away.",
        reference: "厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）\
                    の導入等について（周知）」第2の4「人間ドックにおけるオンライン資格確認の取扱い」\
                    (「本人確認を目的とした場合においてはオンライン資格確認を利用することはできませんが、\
                    マイナンバーカードの提示により本人確認が可能です」); docs/kenshin.md",
        evaluate: dock_purpose,
    }
}

fn dock_purpose(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.care_setting() != Some(Flow::NingenDock) {
        return Verdict::NotApplicable(words::not_dock());
    }
    if receipt_computer(run).is_some() {
        return Verdict::NotApplicable(words::receipt_computer());
    }
    let first_check = run.steps.iter().enumerate().find_map(|(i, s)| match s {
        Step::Http(x) if x.is("POST", CONFIRMATIONS) => Some((i, words::first_check(x))),
        _ => None,
    });
    purpose_before_check(e, run, first_check)
}
