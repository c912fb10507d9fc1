//! The relying party's 現況確認 (flow `status-check`, `docs/relying-party.md`): what its server
//! does with an account whose 署名用 certificate it checks again, by the certificate's status
//! at the revocation service and, for a revoked one, its RFC 5280 reason, and the result fields
//! a client reports each decision with.
//!
//! The reasons' meanings are J-LIS's (署名用認証局運用規程 4.9.9, as PocketSign Verify lists them,
//! docs.p8n.app verify/guide/api/revocation-reason); what a relying party does for each is
//! mynakit's own model, kept here as data ([`REASON_DECISIONS`]) so that the reference client
//! and the checks read the same table.

/// What the relying party's server does with one account after its 現況確認.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatusDecision {
    /// The certificate is good: the account stays as it is.
    Keep,
    /// `affiliationChanged` (証明書の記載内容に変更): the 基本4情報 the account holds are no
    /// longer current; the holder does a new 身元確認.
    Reidentify,
    /// `superseded` (証明書を更新した): the holder is asked for the renewed certificate; the
    /// account's user stays the same person.
    Renew,
    /// `cessationOfOperation` (証明書の必要性がなくなった): the certificate's link to the account
    /// ends.
    Unlink,
    /// `keyCompromise` (秘密鍵が危殆化), an unspecified reason, or a status the server could not
    /// learn: the account stops at once.
    Suspend,
    /// `certificateHold` (一時保留): the account is suspended while the hold lasts.
    Hold,
}

impl StatusDecision {
    /// Every decision, in documentation order.
    pub const ALL: [StatusDecision; 6] = [
        StatusDecision::Keep,
        StatusDecision::Reidentify,
        StatusDecision::Renew,
        StatusDecision::Unlink,
        StatusDecision::Suspend,
        StatusDecision::Hold,
    ];

    /// As written in a result field (`re-identify`).
    pub fn as_str(self) -> &'static str {
        match self {
            StatusDecision::Keep => "keep",
            StatusDecision::Reidentify => "re-identify",
            StatusDecision::Renew => "renew",
            StatusDecision::Unlink => "unlink",
            StatusDecision::Suspend => "suspend",
            StatusDecision::Hold => "hold",
        }
    }

    /// The decision a result field's value names, if any.
    pub fn parse(word: &str) -> Option<StatusDecision> {
        StatusDecision::ALL.into_iter().find(|d| d.as_str() == word)
    }

    /// The decision for a revoked certificate whose `CRLReason` is `code` (RFC 5280 §5.3.1); a
    /// code the table does not name stops the account.
    pub fn of_reason(code: i64) -> StatusDecision {
        REASON_DECISIONS
            .iter()
            .find(|(c, _, _)| *c == code)
            .map_or(StatusDecision::Suspend, |(_, _, d)| *d)
    }
}

/// Each RFC 5280 `CRLReason` a JPKI 署名用 certificate may be revoked for: its code, its name
/// and what the relying party does (`docs/relying-party.md`, "status-check").
pub const REASON_DECISIONS: [(i64, &str, StatusDecision); 6] = [
    (0, "unspecified", StatusDecision::Suspend),
    (1, "keyCompromise", StatusDecision::Suspend),
    (3, "affiliationChanged", StatusDecision::Reidentify),
    (4, "superseded", StatusDecision::Renew),
    (5, "cessationOfOperation", StatusDecision::Unlink),
    (6, "certificateHold", StatusDecision::Hold),
];

/// What the relying party does with an account whose 署名用 certificate's validity has ended
/// (RFC 5280 §4.1.2.5) though no CRL names it: JPKI's CRL no longer names an expired
/// certificate (RFC 5280 §3.3, §5.1.2.6), so its status reads good, yet it proves nothing of the
/// holder any more. mynakit's model (`docs/relying-party.md`, "status-check"): a new 身元確認,
/// with the card's new certificate; the account's user stays the same person.
pub const EXPIRED_DECISION: StatusDecision = StatusDecision::Reidentify;

/// The prefix of the result field that reports an account's decision; the account's 署名用
/// certificate serial, as its accounts file writes it, follows (`Decision.5f5e2ed`).
pub const DECISION_FIELD: &str = "Decision.";

/// The prefix of the result field that names the user an account belongs to after the
/// 現況確認 (`User.5f5e2ed`); absent for an account whose link ended.
pub const USER_FIELD: &str = "User.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_read_back_and_every_reason_has_one() {
        for decision in StatusDecision::ALL {
            assert_eq!(StatusDecision::parse(decision.as_str()), Some(decision));
        }
        assert_eq!(StatusDecision::of_reason(4), StatusDecision::Renew);
        assert_eq!(StatusDecision::of_reason(2), StatusDecision::Suspend);
        assert_eq!(StatusDecision::parse("Keep"), None);
    }
}
