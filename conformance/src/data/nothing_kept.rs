//! `DATA-nothing-kept`: what an app must never keep of the patient's data — none of the patient's
//! values may stay in the client's folders after the run (`docs/conformance.md`, "What the app
//! must never do with the patient's data"; `docs/client-protocol.md`, "The client's folders").
//! The design keeps no eligibility data at the facility (「資格情報の確認に伴うデータ保存・管理の
//! リスクを回避した仕組み」).

use mynakit_timeline::KeptValue;

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::{Run, Step};

use super::words;

check! {
    /// `DATA-nothing-kept`: the client leaves none of the patient's values in its folders.
    NothingKept {
        id: "DATA-nothing-kept",
        severity: Failed,
        rule: "After the run (but a relying party's, which keeps its 確認記録 by law), no file in \
               the client's private home, temporary folder or working folder holds a value of the \
               patient (name, kana name, birth date, insurer and \
               insured numbers, address, 個人番号, certificate serials) in UTF-8, Shift_JIS or \
               UTF-16, but in a file the client declares it keeps on purpose (`keeps`).",
        rationale: "資格確認限定型 is built so that the facility does not store eligibility data: the \
                    result is looked up again through the 閲覧 function or handed to the レセコン \
                    over the API (「資格情報の確認に伴うデータ保存・管理のリスクを回避した仕組み」). \
                    A cache, log or temporary file with the patient's name and numbers on a \
                    counter PC is the store the design avoids, and outlives the visit. A file \
                    kept on purpose must be declared, so the report shows it.",
        reference: "厚生労働省保険局 令和5年11月「オンライン資格確認（資格確認限定型）の導入が始まります」\
                    (令和5年11月時点更新: 資格確認限定型における資格情報の確認・閲覧について); \
                    docs/client-protocol.md#the-clients-folders",
        roles: [CardApp, ReceiptComputer],
        evaluate: nothing_kept,
    }
}

/// Whether `path` (as the search names it) is in what the client declared it keeps: a declared
/// entry names a file, or a folder ending in `/`.
fn declared(path: &str, declared: &[String]) -> bool {
    declared.iter().any(|d| {
        let d = d.trim_start_matches("./");
        path == d || (d.ends_with('/') && path.starts_with(d))
    })
}

fn nothing_kept(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    // A relying party must keep what it verified: the 犯収法's 確認記録, seven years.
    if run.is_relying_party() {
        return Verdict::NotApplicable(words::relying_party_keeps_its_record());
    }
    let Some((t_us, folders, files, found, keeps)) = run.steps.iter().rev().find_map(|s| match s {
        Step::Kept {
            t_us,
            folders,
            files,
            found,
            declared,
        } => Some((*t_us, *folders, *files, *found, *declared)),
        _ => None,
    }) else {
        return Verdict::NotApplicable(words::folders_not_searched());
    };
    // A typed PIN found in a file is `PIN-not-kept`'s: one rule, one place.
    let (on_purpose, left): (Vec<_>, Vec<_>) = found
        .iter()
        .filter(|v| v.value != mynakit_timeline::TYPED_PIN)
        .partition(|v| declared(&v.path, keeps));
    let files_kept: std::collections::BTreeSet<&str> =
        on_purpose.iter().map(|v| v.path.as_str()).collect();
    let files_kept: Vec<&str> = files_kept.into_iter().collect();
    let purpose = words::kept_on_purpose(&files_kept);
    if left.is_empty() {
        return Verdict::Pass(words::nothing_left(files, folders, t_us, &purpose));
    }
    let (shown, more) = values_shown(&left);
    Verdict::Fail(words::values_left(&shown, more, &purpose))
}

/// The first five values left in files, each with its place, and how many more there are: a
/// failure names enough to find them without growing with the folder.
pub(super) fn values_shown(left: &[&KeptValue]) -> (Vec<Reason>, usize) {
    let shown: Vec<Reason> = left
        .iter()
        .take(5)
        .map(|v| words::value_left(&v.value, &v.path, v.offset, &v.encoding))
        .collect();
    let more = left.len().saturating_sub(shown.len());
    (shown, more)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    #[test]
    fn values_left_in_the_folders_fail_unless_declared() {
        let r = result(Outcome::Eligible, &[]);
        let kept = |found: Vec<mynakit_timeline::KeptValue>, declared: Vec<String>| {
            Tl::new().result("eligible").kept(found, declared)
        };
        let value = |path: &str, kind: &str| mynakit_timeline::KeptValue {
            path: path.into(),
            offset: 12,
            value: kind.into(),
            encoding: "Shift_JIS".into(),
        };
        let clean = kept(Vec::new(), Vec::new());
        let text = pass(&NothingKept, &evidence(&clean.events, &r));
        assert!(
            text.starts_with("3 files in home, tmp, work searched at"),
            "{text}"
        );
        let left = kept(vec![value("tmp/last.csv", "name")], Vec::new());
        let text = fail(&NothingKept, &evidence(&left.events, &r));
        assert_eq!(
            text,
            "the client left the patient's values in its folders: name in tmp/last.csv at byte \
             12 (Shift_JIS)"
        );
        assert_eq!(
            text.ja(),
            Some(
                "クライアントがフォルダーに患者の値を残した: tmp/last.csv の 12 バイト目に name \
                 (Shift_JIS)"
            )
        );
        let on_purpose = kept(
            vec![value("home/.app/history.db", "name")],
            vec!["home/.app/".into()],
        );
        let text = pass(&NothingKept, &evidence(&on_purpose.events, &r));
        assert!(
            text.ends_with("kept on purpose, as declared: home/.app/history.db"),
            "{text}"
        );
        not_applicable(
            &NothingKept,
            &evidence(&Tl::new().result("eligible").events, &r),
        );
        // A relying party keeps its 確認記録: the values it verified are not held against it.
        let record = Tl::new()
            .fact(mynakit_timeline::Fact::Revocation(
                mynakit_timeline::Revocation {
                    status: mynakit_protocol::CertStatus::Good,
                    faults: Vec::new(),
                },
            ))
            .result("accepted")
            .kept(vec![value("work/records.csv", "name")], Vec::new());
        let accepted = result(Outcome::Accepted, &[]);
        not_applicable(&NothingKept, &evidence(&record.events, &accepted));
    }
}
