//! `DATA-ambulance-kept`: an ambulance team's tablet (the `myna-kyukyu` setting, `docs/emergency.md`,
//! "マイナ救急") keeps nothing of what it read or viewed — not even in a file the client declares
//! it keeps on purpose, which `DATA-nothing-kept` allows a counter's app: 「閲覧した情報は救急隊の
//! 使用するタブレットに保存されません（閲覧のみ）」, 「カードリーダー及びタブレット端末には、情報が記録
//! されることはありません」 (the 消防本部's notices of マイナ救急). Nor in its log: a line on
//! stderr is kept as a file is (journald, a wrapper's log file, a support bundle); the harness
//! records each line that held a value (`Fact::PatientLogged`). Elsewhere the log is
//! `DATA-nothing-logged`'s.

use mynakit_protocol::Flow;
use mynakit_timeline::LoggedPlace;

use crate::check::{Evidence, Verdict};
use crate::run::{Run, Step};

use super::words;

check! {
    /// `DATA-ambulance-kept`: the マイナ救急 tablet leaves none of the patient's values in its
    /// folders, declared or not.
    AmbulanceKept {
        id: "DATA-ambulance-kept",
        severity: Failed,
        rule: "In the myna-kyukyu setting, after the run no file in the client's private home, \
               temporary folder or working folder holds a value of the patient (name, kana \
               name, birth date, insurer and insured numbers, address, 個人番号, certificate \
               serials) in UTF-8, Shift_JIS or UTF-16 — a file the client declares it keeps \
               (`keeps`) included — and no line of its log on stderr holds one (a number or a \
               date as a token of its own, a name or an address anywhere in the line).",
        rationale: "マイナ救急 is a view only: what the team saw is not stored on the tablet \
                    (「閲覧した情報は救急隊の使用するタブレットに保存されません（閲覧のみ）」). A \
                    tablet carried from call to call, with a record of each patient's medical \
                    history and identity, is the store the 消防庁 told the public there would \
                    not be; declaring it does not make it allowed.",
        reference: "消防本部の案内: mykoho.jp 015202/9702407/9865275 (「閲覧した情報は救急隊の使用する\
                    タブレットに保存されません（閲覧のみ）」); 蓮田市 city.hasuda.saitama.jp 202510 \
                    (「マイナ保険証を読み込むカードリーダー及びタブレット端末には、情報が記録されることは\
                    ありません」); docs/emergency.md",
        roles: [CardApp],
        evaluate: ambulance_kept,
    }
}

fn ambulance_kept(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.care_setting() != Some(Flow::MynaKyukyu) {
        return Verdict::NotApplicable(words::not_ambulance());
    }
    let logged = super::nothing_logged::places(run);
    if !logged.is_empty() {
        let places: Vec<&LoggedPlace> = logged.iter().collect();
        return Verdict::Fail(words::ambulance_values_logged(&places));
    }
    let Some((t_us, folders, files, found)) = run.steps.iter().rev().find_map(|s| match s {
        Step::Kept {
            t_us,
            folders,
            files,
            found,
            ..
        } => Some((*t_us, *folders, *files, *found)),
        _ => None,
    }) else {
        return Verdict::NotApplicable(words::folders_not_searched());
    };
    // A typed PIN is `PIN-not-kept`'s (マイナ救急 types none).
    let left: Vec<_> = found
        .iter()
        .filter(|v| v.value != mynakit_timeline::TYPED_PIN)
        .collect();
    if left.is_empty() {
        return Verdict::Pass(words::nothing_left(
            files,
            folders,
            t_us,
            &(String::new(), String::new()),
        ));
    }
    let (shown, more) = super::nothing_kept::values_shown(&left);
    Verdict::Fail(words::ambulance_values_left(&shown, more))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    #[test]
    fn a_value_left_fails_even_in_a_declared_file_and_only_on_the_tablet() {
        let r = result(Outcome::Eligible, &[]);
        let value = mynakit_timeline::KeptValue {
            path: "home/.app/views.csv".into(),
            offset: 0,
            value: "name".into(),
            encoding: "UTF-8".into(),
        };
        let declared = vec!["home/.app/".to_owned()];
        let tablet = |found: Vec<mynakit_timeline::KeptValue>| {
            Tl::new()
                .care_setting("myna-kyukyu")
                .result("eligible")
                .kept(found, declared.clone())
        };
        let kept = tablet(vec![value.clone()]);
        let text = fail(&AmbulanceKept, &evidence(&kept.events, &r));
        assert_eq!(
            text,
            "the ambulance team's tablet kept the patient's values, which マイナ救急 forbids \
             even in a declared file: name in home/.app/views.csv at byte 0 (UTF-8)"
        );
        assert!(text.ja().unwrap().contains("救急隊のタブレット"), "{text}");
        pass(&AmbulanceKept, &evidence(&tablet(Vec::new()).events, &r));
        // At a counter the declared file is DATA-nothing-kept's to allow.
        let counter = Tl::new()
            .result("eligible")
            .kept(vec![value], declared.clone());
        not_applicable(&AmbulanceKept, &evidence(&counter.events, &r));
        // A line of its log that held the patient's values fails too, the folders clean.
        let logged =
            tablet(Vec::new()).client_fact(mynakit_timeline::Fact::PatientLogged(LoggedPlace {
                line: 4,
                kinds: vec![
                    mynakit_timeline::PatientValueKind::Name,
                    mynakit_timeline::PatientValueKind::BirthDate,
                ],
            }));
        let text = fail(&AmbulanceKept, &evidence(&logged.events, &r));
        assert_eq!(
            text,
            "the ambulance team's tablet wrote the patient's values to its log, which マイナ救急 \
             forbids: stderr line 4: name, birth-date"
        );
        assert_eq!(
            text.ja(),
            Some(
                "救急隊のタブレットが傷病者の値をログに書き出した (マイナ救急では許されない): \
                 stderr の 4 行目 (name, birth-date)"
            )
        );
    }
}
