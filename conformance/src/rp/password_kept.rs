//! A relying party keeps its 確認記録 (the 基本4情報 it verified, seven years: 犯罪収益移転防止法
//! 第6条), never the 署名用 password the holder typed. After the run the harness searches the
//! client's private home, temporary and working folders for each password typed, beside the
//! patient's values, and records what it found (`kept`, kind [`TYPED_PASSWORD`]): the check only
//! reads (`docs/relying-party.md`; `docs/client-protocol.md`, "The client's folders").

use mynakit_protocol::HarnessMessage;
use mynakit_timeline::TYPED_PASSWORD;

use super::revocation::no_card_status;
use super::words::{common, password_kept as words};
use crate::check::{Evidence, Verdict};
use crate::run::{Run, Step};

check! {
    /// `RP-password-not-kept`: no file the relying party left holds the 署名用 password.
    PasswordNotKept {
        id: "RP-password-not-kept",
        severity: Failed,
        rule: "After a 身元確認 (flow `identity-by-signature`) in which the holder typed the \
               署名用 password, no file in the client's private home, temporary folder or \
               working folder holds it (in UTF-8, Shift_JIS or UTF-16), whether or not the \
               client declares the file kept on purpose (`keeps`).",
        rationale: "With the card, the 署名用 password is enough to sign as the holder: to open \
                    an account, sign a contract or identify as the holder with any relying \
                    party. A relying party keeps the 基本4情報 it verified, by law; a password \
                    left in a cache, a log file or a saved form outlives the check on a device \
                    or a server where anyone who reads the file can use it with a lost card.",
        reference: "J-LIS 公的個人認証サービス (暗証番号・パスワードは他人に知られないよう管理する); \
                    OWASP Password Storage Cheat Sheet (never store a password in clear); \
                    docs/relying-party.md, docs/client-protocol.md#the-clients-folders",
        roles: [RelyingParty],
        evaluate: password_not_kept,
    }
}

fn password_not_kept(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    // A 当人認証's 利用者証明用 PIN is 4 digits, too short to be told from a number in a file.
    if run.auth_certificate().is_some() {
        return Verdict::NotApplicable(common::not_identity());
    }
    if run.revocation().is_none() {
        return no_card_status(run);
    }
    let typed = run.steps.iter().any(|step| {
        matches!(
            step,
            Step::Operator {
                message: HarnessMessage::Pin { .. },
                ..
            }
        )
    });
    if !typed {
        return Verdict::NotApplicable(words::no_password_typed());
    }
    if e.manual {
        return Verdict::NotApplicable(words::folders_not_searched());
    }
    let Some((files, found)) = run.steps.iter().rev().find_map(|s| match s {
        Step::Kept { files, found, .. } => Some((*files, *found)),
        _ => None,
    }) else {
        return Verdict::NotApplicable(words::folders_not_searched());
    };
    let mut kept: Vec<&str> = found
        .iter()
        .filter(|v| v.value == TYPED_PASSWORD)
        .map(|v| v.path.as_str())
        .collect();
    kept.dedup();
    if kept.is_empty() {
        Verdict::Pass(words::password_not_kept(files))
    } else {
        Verdict::Fail(words::password_kept(&kept))
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;
    use mynakit_timeline::{AuthCertificate, Fact, KeptValue, Revocation};

    use super::*;
    use crate::testkit::*;

    fn identity() -> Tl {
        Tl::new()
            .fact(Fact::Revocation(Revocation {
                status: mynakit_protocol::CertStatus::Good,
                faults: Vec::new(),
            }))
            .fact(Fact::SignValidity(true))
    }

    fn found(kind: &str) -> KeptValue {
        KeptValue {
            path: "home/.rp/session".into(),
            offset: 0,
            value: kind.into(),
            encoding: "UTF-8".into(),
        }
    }

    #[test]
    fn a_typed_password_left_in_a_file_fails_even_declared() {
        let c = PasswordNotKept;
        let accepted = result(Outcome::Accepted, &[]);
        let clean = identity()
            .pin("a1", Some(5))
            .result("accepted")
            .kept(vec![found("name")], Vec::new());
        pass(&c, &evidence(&clean.events, &accepted));
        let kept = identity()
            .pin("a1", Some(5))
            .result("accepted")
            .kept(vec![found(TYPED_PASSWORD)], vec!["home/.rp/".into()]);
        let text = fail(&c, &evidence(&kept.events, &accepted));
        assert!(text.contains("home/.rp/session"), "{text}");
        // No password typed, or the folders not searched.
        let none = identity().result("accepted").kept(Vec::new(), Vec::new());
        not_applicable(&c, &evidence(&none.events, &accepted));
        let unsearched = identity().pin("a1", Some(5)).result("accepted");
        not_applicable(&c, &evidence(&unsearched.events, &accepted));
        // A 当人認証's 4-digit PIN is not searched alone.
        let login = identity()
            .fact(Fact::AuthCertificate(AuthCertificate {
                status: mynakit_protocol::CertStatus::Good,
                within_validity: true,
            }))
            .pin("a1", Some(3))
            .result("accepted")
            .kept(Vec::new(), Vec::new());
        not_applicable(&c, &evidence(&login.events, &accepted));
    }
}
