//! What `UKE-station-public-expense` says: a station's 医療扶助 claims against the 居宅
//! confirmations of their users (`docs/uke.md`, "The station's claim in a run").

use crate::reason::Reason;

/// No 医療扶助 user of the run's consent imports is claimed in `path`.
pub(in crate::uke) fn no_user(path: &str) -> Reason {
    Reason::new(
        format!(
            "no 医療扶助 user of the run's 居宅 consent imports (OQSmuhvq02) is claimed in {path}"
        ),
        format!("実行の居宅同意の取り込み (OQSmuhvq02) の医療扶助の利用者で {path} で請求された者はいない"),
    )
    .message("uke/station-public-expense-no-user")
}

/// Each of the `users` judged is claimed with the KO of their confirmation.
pub(in crate::uke) fn agree(path: &str, users: usize) -> Reason {
    Reason::new(
        format!(
            "the claims of {path} of {users} 医療扶助 user(s) of the run's 居宅 confirmations carry \
             the confirmation's 公費負担者番号 and 受給者番号 in KO"
        ),
        format!(
            "{path} の請求は、実行の居宅同意取得型の確認の医療扶助の利用者 {users} 人について確認の\
             公費負担者番号と受給者番号を KO に記録している"
        ),
    )
    .message("uke/station-public-expense-agree")
    .count("users", users)
}

/// The 医療扶助 users whose claims disagree with their confirmation.
pub(in crate::uke) fn disagree(failed: &[(&str, String, Reason)]) -> Reason {
    super::station_insurer::users(failed).message("uke/station-public-expense-disagree")
}
