//! What `UKE-station-insurer` says: a station's claims against the 居宅 confirmations of their
//! users (`docs/uke.md`, "The station's claim in a run").

use crate::reason::Reason;

/// No confirmation of the run's consent imports has a claim in `path` to judge.
pub(in crate::uke) fn no_user(path: &str) -> Reason {
    Reason::new(
        format!(
            "no user of the run's 居宅 consent imports (OQSmuhvq02) is claimed in {path}, and none \
             the imports found without a qualification is"
        ),
        format!(
            "実行の居宅同意の取り込み (OQSmuhvq02) の利用者のうち {path} で請求された者も、資格が\
             ないと分かった者もいない"
        ),
    )
    .message("uke/station-insurer-no-user")
}

/// Each of the `users` judged is claimed as their confirmation says.
pub(in crate::uke) fn agree(path: &str, users: usize) -> Reason {
    Reason::new(
        format!(
            "the claims of {path} of {users} user(s) of the run's 居宅 confirmations name the \
             confirmation's insurer, 記号・番号・枝番 and 確認区分, and no uncovered user is claimed"
        ),
        format!(
            "{path} の請求は、実行の居宅同意取得型の確認の利用者 {users} 人について確認の保険者・\
             記号・番号・枝番・確認区分を記録し、資格のない利用者を請求していない"
        ),
    )
    .message("uke/station-insurer-agree")
    .count("users", users)
}

/// The users whose claims disagree with their confirmation: each its confirmation's path, the
/// user's masked key and the finding.
pub(in crate::uke) fn disagree(failed: &[(&str, String, Reason)]) -> Reason {
    users(failed).message("uke/station-insurer-disagree")
}

/// Each failed user's finding after who they are (the confirmation's path, the user's masked
/// key), joined, with their count: what a station check that judges users says when it fails.
pub(in crate::uke) fn users(failed: &[(&str, String, Reason)]) -> Reason {
    let each: Vec<Reason> = failed
        .iter()
        .map(|(confirmation, user, finding)| {
            finding.clone().after(
                &format!("user {user} (居宅 confirmation {confirmation}): "),
                &format!("利用者 {user} (居宅同意取得型の確認 {confirmation}): "),
            )
        })
        .collect();
    Reason::join(&each, "; ", "。").count("users", failed.len())
}

/// `reason`, then the covered `users` (masked keys) of the imports the file does not claim.
pub(in crate::uke) fn unclaimed(reason: Reason, users: &[String]) -> Reason {
    let list = users.join(", ");
    let n = users.len();
    reason.before(
        &format!(
            "; {n} covered user(s) of the imports not claimed in the file (not judged: a station \
             may claim them elsewhere, 介護保険): {list}"
        ),
        &format!(
            "。取り込みの資格のある利用者 {n} 人はファイルで請求されていない (判定しない: 介護保険\
             など、ほかで請求しうる): {list}"
        ),
    )
}
