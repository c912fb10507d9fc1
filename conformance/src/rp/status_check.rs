//! A relying party's 現況確認 (flow `status-check`, `docs/relying-party.md`): later checks,
//! without the card, of the 署名用 certificates its server identified holders by. Each account's
//! decision (a result field `Decision.<serial>`) must follow the certificate's status and, for a
//! revoked one, its RFC 5280 reason as the protocol's table maps it
//! ([`mynakit_protocol::REASON_DECISIONS`]); a revoked account never stays as it was; a renewed
//! certificate keeps the account's user (`User.<serial>`). The checks judge by what the harness
//! knows of each account's certificate at the revocation service when the client starts; under
//! the service's faults, only for the accounts the client was given an answer it could trust
//! about (so a client that reads a stale CRL and one that asks a sound OCSP responder are each
//! judged on what they could know).

use mynakit_protocol::{normal_serial, CertStatus};
use mynakit_protocol::{RunResult, StatusDecision, DECISION_FIELD, EXPIRED_DECISION, USER_FIELD};
use mynakit_timeline::AccountStatus;

use super::told_revoked::trusted_revoked;
use super::trusted_answer::trusted_good;
use super::words::{common, status_check as words};
use crate::check::{Evidence, Verdict};
use crate::run::Run;

check! {
    /// `RP-status-reason-mapped`: each account's decision follows its certificate's status and
    /// revocation reason.
    StatusReasonMapped {
        id: "RP-status-reason-mapped",
        severity: Failed,
        rule: "In a 現況確認 (flow `status-check`), the result reports for each account of \
               `MYNAKIT_RP_ACCOUNTS` that has a 署名用 certificate a decision (`Decision.<serial>`) \
               that follows that certificate's status at the revocation service: `keep` for a \
               good one (`re-identify` for a good one whose validity has ended: the CRL no longer \
               names it); for a revoked one, by its RFC 5280 reason, `suspend` (keyCompromise, \
               unspecified), `re-identify` (affiliationChanged), `renew` (superseded), `unlink` \
               (cessationOfOperation), `hold` (certificateHold); `suspend` for one the service \
               does not know. Under the revocation \
               service's faults, only the accounts about whose certificate the service gave the \
               client an answer signed by its CA and current that says good or revoked, and that \
               the client did not suspend, are judged (suspending is right under the faults; an \
               account without such an answer is to be suspended: \
               `RP-status-untrusted-suspended`).",
        rationale: "A revocation says why: a 署名用電子証明書 revoked because the 基本4情報 it \
                    carries changed means the account's 基本4情報 are no longer current; a \
                    renewed one means the same holder has a new certificate; a key compromise \
                    means someone else may sign as the holder. A relying party that treats them \
                    alike either stops good customers for a move or a renewal, or keeps an \
                    account open after the key was compromised.",
        reference: "RFC 5280 §5.3.1 (CRLReason); J-LIS 署名用認証局運用規程 4.9.9, as PocketSign \
                    Verify lists its reasons (docs.p8n.app verify/guide/api/revocation-reason); \
                    docs/relying-party.md (mynakit's mapping)",
        roles: [RelyingParty],
        evaluate: reason_mapped,
    }
}

check! {
    /// `RP-status-revoked-not-kept`: an account whose certificate is revoked or on hold never
    /// stays as it was.
    StatusRevokedNotKept {
        id: "RP-status-revoked-not-kept",
        severity: Failed,
        rule: "In a 現況確認 (flow `status-check`), no account whose 署名用 certificate is revoked \
               (on hold too) or unknown at the revocation service is reported `keep`, and each \
               has a decision.",
        rationale: "An account kept on a revoked or held certificate goes on trusting an \
                    identification the holder or J-LIS withdrew: a card lost or stolen, a key in \
                    doubt (一時保留). Whatever else the relying party does, it does not leave \
                    such an account active.",
        reference: "RFC 6960 §2.2 (revoked, temporarily for certificateHold, or permanently); \
                    RFC 5280 §5.3.1; 犯罪収益移転防止法施行規則 第6条第1項第1号 (as amended \
                    2025-06-24); docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: revoked_not_kept,
    }
}

check! {
    /// `RP-renewed-same-person`: a renewed (superseded) certificate keeps the account's user.
    RenewedSamePerson {
        id: "RP-renewed-same-person",
        severity: Failed,
        rule: "In a 現況確認 (flow `status-check`), each account whose 署名用 certificate is \
               revoked for superseded (renewed) keeps its user: the result's `User.<serial>` is \
               the account's `user`. Under the revocation \
               service's faults, only the accounts about whose certificate the service gave the \
               client an answer signed by its CA and current that says good or revoked, and that \
               the client did not suspend, are judged (suspending is right under the faults; an \
               account without such an answer is to be suspended: \
               `RP-status-untrusted-suspended`).",
        rationale: "A renewal gives the same holder a new certificate (J-LIS: 証明書を更新した). \
                    A relying party that makes a new user of it splits one customer in two: \
                    the history, limits and checks of the account stay with a user nobody logs \
                    into any more.",
        reference: "RFC 5280 §5.3.1 (superseded); J-LIS 署名用認証局運用規程 4.9.9, as PocketSign \
                    Verify lists its reasons (docs.p8n.app verify/guide/api/revocation-reason); \
                    docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: renewed_same_person,
    }
}

check! {
    /// `RP-unlinked-no-user`: an account whose certificate was revoked for
    /// cessationOfOperation is named with no user.
    UnlinkedNoUser {
        id: "RP-unlinked-no-user",
        severity: Failed,
        rule: "In a 現況確認 (flow `status-check`), no account whose 署名用 certificate is \
               revoked for cessationOfOperation (the decision `unlink`) is reported with a \
               user: the result has no `User.<serial>` for it. Under the revocation \
               service's faults, only the accounts about whose certificate the service gave the \
               client an answer signed by its CA and current that says good or revoked, and that \
               the client did not suspend, are judged (suspending is right under the faults; an \
               account without such an answer is to be suspended: \
               `RP-status-untrusted-suspended`).",
        rationale: "cessationOfOperation is the holder giving the certificate up (J-LIS: \
                    証明書の必要性がなくなった): the identification it gave no longer stands \
                    behind the account. A relying party that still names a user for it keeps \
                    a customer identified by a certificate the holder withdrew, and the next \
                    certificate shown for that user is taken as already checked.",
        reference: "RFC 5280 §5.3.1 (cessationOfOperation); J-LIS 署名用認証局運用規程 4.9.9, as \
                    PocketSign Verify lists its reasons (docs.p8n.app \
                    verify/guide/api/revocation-reason); docs/relying-party.md (mynakit's \
                    mapping: `unlink`, no user after it)",
        roles: [RelyingParty],
        evaluate: unlinked_no_user,
    }
}

/// The accounts whose decisions follow their certificates' status: every one; under the
/// revocation service's faults, only those about whose certificate the client was given an
/// answer it could trust, good or revoked ([`trusted_good`], [`trusted_revoked`]), and that it
/// did not suspend. Such an answer tells the status as it is, the faults a 現況確認 runs under
/// only untrusting answers (`Fault::only_untrust`). Suspending is right for any account under
/// them: a server that also read the faulty source (both OCSP and a stale CRL, say) may stop
/// on the doubt, and no rule asks it to believe one source over the other. Each account without
/// a trusted answer is to be suspended, as `RP-status-untrusted-suspended` judges
/// ([`super::status_untrusted`]); NOT-APPLICABLE when none is left: a client that read a stale
/// CRL has nothing to map, one that asked a sound OCSP responder has.
fn judged(
    e: &Evidence<'_>,
    run: &Run<'_>,
    accounts: Vec<AccountStatus>,
) -> Result<Vec<AccountStatus>, Verdict> {
    let faults = run.status_check_faults();
    if faults.is_empty() {
        return Ok(accounts);
    }
    let answers = run.account_answers();
    let told = |account: &AccountStatus| {
        let serial = normal_serial(&account.serial);
        answers.iter().any(|a| {
            normal_serial(&a.certificate) == serial && (trusted_good(a) || trusted_revoked(a))
        })
    };
    let suspended = |account: &AccountStatus| {
        field(e.result, DECISION_FIELD, &account.serial).and_then(StatusDecision::parse)
            == Some(StatusDecision::Suspend)
    };
    let judged: Vec<AccountStatus> = accounts
        .into_iter()
        .filter(|a| told(a) && !suspended(a))
        .collect();
    if judged.is_empty() {
        return Err(Verdict::NotApplicable(words::status_under_faults(&faults)));
    }
    Ok(judged)
}

/// The decision the status of `account`'s certificate asks; for a good one whose validity has
/// ended, which the CRL no longer names, mynakit's model's ([`EXPIRED_DECISION`]).
fn expected(account: &AccountStatus) -> StatusDecision {
    match (account.status, account.reason) {
        (CertStatus::Good, _) if !account.within_validity => EXPIRED_DECISION,
        (CertStatus::Good, _) => StatusDecision::Keep,
        (CertStatus::Revoked, Some(code)) => StatusDecision::of_reason(code),
        // Revoked without a reason is RFC 5280's unspecified; unknown is no good answer.
        (CertStatus::Revoked, None) => StatusDecision::of_reason(0),
        (CertStatus::Unknown, _) => StatusDecision::Suspend,
    }
}

/// The result field `prefix<serial>`, whatever the case and leading zeros of its serial.
pub(super) fn field<'a>(result: &'a RunResult, prefix: &str, serial: &str) -> Option<&'a str> {
    let serial = normal_serial(serial);
    result.fields.iter().find_map(|(name, value)| {
        let named = name.strip_prefix(prefix)?;
        (normal_serial(named) == serial).then_some(value.as_str())
    })
}

fn reason_mapped(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let accounts = run.account_statuses();
    if accounts.is_empty() {
        return Verdict::NotApplicable(common::not_status_check());
    }
    let accounts = match judged(e, run, accounts) {
        Ok(accounts) => accounts,
        Err(none) => return none,
    };
    for account in &accounts {
        let Some(decided) = field(e.result, DECISION_FIELD, &account.serial) else {
            return Verdict::Fail(common::no_decision(&account.user, &account.serial));
        };
        let expected = expected(account);
        if StatusDecision::parse(decided) != Some(expected) {
            return Verdict::Fail(words::decision_not_mapped(
                &account.user,
                &account.serial,
                account.status,
                account.reason,
                decided,
                expected.as_str(),
            ));
        }
    }
    Verdict::Pass(words::decisions_mapped(accounts.len()))
}

fn revoked_not_kept(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let accounts = run.account_statuses();
    if accounts.is_empty() {
        return Verdict::NotApplicable(common::not_status_check());
    }
    let revoked: Vec<&AccountStatus> = accounts
        .iter()
        .filter(|a| a.status != CertStatus::Good)
        .collect();
    if revoked.is_empty() {
        return Verdict::NotApplicable(words::no_revoked_account());
    }
    for account in &revoked {
        match field(e.result, DECISION_FIELD, &account.serial).map(StatusDecision::parse) {
            Some(Some(StatusDecision::Keep)) => {
                return Verdict::Fail(words::revoked_kept(
                    &account.user,
                    &account.serial,
                    account.status,
                ))
            }
            Some(Some(_)) => {}
            _ => return Verdict::Fail(common::no_decision(&account.user, &account.serial)),
        }
    }
    Verdict::Pass(words::revoked_not_kept(revoked.len()))
}

fn renewed_same_person(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let accounts = run.account_statuses();
    if accounts.is_empty() {
        return Verdict::NotApplicable(common::not_status_check());
    }
    let accounts = match judged(e, run, accounts) {
        Ok(accounts) => accounts,
        Err(none) => return none,
    };
    let renewed: Vec<&AccountStatus> = accounts
        .iter()
        .filter(|a| expected(a) == StatusDecision::Renew)
        .collect();
    if renewed.is_empty() {
        return Verdict::NotApplicable(words::no_renewed_account());
    }
    for account in &renewed {
        let shown = field(e.result, USER_FIELD, &account.serial);
        if shown != Some(account.user.as_str()) {
            return Verdict::Fail(words::renewed_new_person(
                &account.user,
                &account.serial,
                shown,
            ));
        }
    }
    Verdict::Pass(words::renewed_same_person(renewed.len()))
}

fn unlinked_no_user(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let accounts = run.account_statuses();
    if accounts.is_empty() {
        return Verdict::NotApplicable(common::not_status_check());
    }
    let accounts = match judged(e, run, accounts) {
        Ok(accounts) => accounts,
        Err(none) => return none,
    };
    let unlinked: Vec<&AccountStatus> = accounts
        .iter()
        .filter(|a| expected(a) == StatusDecision::Unlink)
        .collect();
    if unlinked.is_empty() {
        return Verdict::NotApplicable(words::no_unlinked_account());
    }
    for account in &unlinked {
        if let Some(shown) = field(e.result, USER_FIELD, &account.serial) {
            return Verdict::Fail(words::unlinked_still_user(
                &account.user,
                &account.serial,
                shown,
            ));
        }
    }
    Verdict::Pass(words::unlinked_no_user(unlinked.len()))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::{Outcome, RevocationFault};
    use mynakit_timeline::Fact;

    use super::*;
    use crate::testkit::*;

    /// A 現況確認's start with the accounts `(user, serial, status, reason)`.
    fn accounts(list: &[(&str, &str, &str, Option<i64>)]) -> Tl {
        super::super::test_support::accounts(list).result("accepted")
    }

    const ALL: [(&str, &str, &str, Option<i64>); 4] = [
        ("user-1", "05f5e4f3", "good", None),
        ("user-2", "05f5ed27", "revoked", Some(1)),
        ("user-3", "05f5ecf5", "revoked", Some(4)),
        ("user-4", "05f5ed4f", "revoked", Some(6)),
    ];

    const RIGHT: [(&str, &str); 7] = [
        ("Decision.05f5e4f3", "keep"),
        ("User.05f5e4f3", "user-1"),
        ("Decision.05f5ed27", "suspend"),
        ("User.05f5ed27", "user-2"),
        ("Decision.5F5ECF5", "renew"),
        ("User.05f5ecf5", "user-3"),
        ("Decision.05f5ed4f", "hold"),
    ];

    /// `RIGHT` with the field `name` set to `value`.
    fn with(name: &str, value: &str) -> Vec<(String, String)> {
        RIGHT
            .iter()
            .map(|(k, v)| {
                (
                    (*k).to_owned(),
                    if *k == name { value } else { v }.to_owned(),
                )
            })
            .collect()
    }

    fn shown(fields: &[(String, String)]) -> mynakit_protocol::RunResult {
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        result(Outcome::Accepted, &pairs)
    }

    #[test]
    fn each_decision_follows_its_reason() {
        let c = StatusReasonMapped;
        let tl = accounts(&ALL);
        pass(
            &c,
            &evidence(&tl.events, &result(Outcome::Accepted, &RIGHT)),
        );
        let all_suspended = shown(&with("Decision.5F5ECF5", "suspend"));
        assert!(fail(&c, &evidence(&tl.events, &all_suspended)).contains("`renew`"));
        let missing = result(Outcome::Accepted, &RIGHT[..4]);
        assert!(fail(&c, &evidence(&tl.events, &missing)).contains("no decision"));
        let other = Tl::new().result("accepted");
        not_applicable(
            &c,
            &evidence(&other.events, &result(Outcome::Accepted, &RIGHT)),
        );
    }

    #[test]
    fn a_held_account_is_never_kept() {
        let c = StatusRevokedNotKept;
        let tl = accounts(&ALL);
        pass(
            &c,
            &evidence(&tl.events, &result(Outcome::Accepted, &RIGHT)),
        );
        let kept = shown(&with("Decision.05f5ed4f", "keep"));
        assert!(fail(&c, &evidence(&tl.events, &kept)).contains("user-4"));
        // A different but not keeping decision is the other check's to judge.
        let suspended = shown(&with("Decision.05f5ed4f", "suspend"));
        pass(&c, &evidence(&tl.events, &suspended));
        let good = accounts(&ALL[..1]);
        not_applicable(
            &c,
            &evidence(&good.events, &result(Outcome::Accepted, &RIGHT)),
        );
    }

    #[test]
    fn the_checks_of_the_card_say_a_status_check_checks_none() {
        let tl = accounts(&ALL);
        let shown = result(Outcome::Accepted, &RIGHT);
        let said = not_applicable(&super::super::RevokedRefused, &evidence(&tl.events, &shown));
        assert!(said.contains("not the card's"));
        let said = not_applicable(
            &super::super::AcceptedOnGoodAnswer,
            &evidence(&tl.events, &shown),
        );
        assert!(said.contains("not the card's"));
    }

    #[test]
    fn under_faults_only_the_never_kept_rule_judges_the_decisions() {
        // Every account suspended, as a correct client does with no answer to trust.
        let suspended: Vec<(String, String)> = ALL
            .iter()
            .flat_map(|(user, serial, _, _)| {
                [
                    (format!("Decision.{serial}"), "suspend".to_owned()),
                    (format!("User.{serial}"), (*user).to_owned()),
                ]
            })
            .collect();
        let faulted = super::super::test_support::accounts(&ALL)
            .fact(Fact::StatusCheckFaults(vec![RevocationFault::Unsigned]))
            .result("accepted");
        let shown = shown(&suspended);
        for said in [
            not_applicable(&StatusReasonMapped, &evidence(&faulted.events, &shown)),
            not_applicable(&RenewedSamePerson, &evidence(&faulted.events, &shown)),
            not_applicable(&UnlinkedNoUser, &evidence(&faulted.events, &shown)),
        ] {
            assert!(said.contains("unsigned"), "{said}");
        }
        pass(&StatusRevokedNotKept, &evidence(&faulted.events, &shown));
        // The same decisions without the faults are judged wrong for the good and renewed ones.
        fail(
            &StatusReasonMapped,
            &evidence(&accounts(&ALL).events, &shown),
        );
    }

    #[test]
    fn a_renewed_certificate_keeps_its_user() {
        let c = RenewedSamePerson;
        let tl = accounts(&ALL);
        pass(
            &c,
            &evidence(&tl.events, &result(Outcome::Accepted, &RIGHT)),
        );
        let new_user = shown(&with("User.05f5ecf5", "user-3-renewed"));
        assert!(fail(&c, &evidence(&tl.events, &new_user)).contains("user-3-renewed"));
        let none = result(Outcome::Accepted, &RIGHT[..5]);
        fail(&c, &evidence(&tl.events, &none));
        let not_renewed = accounts(&ALL[..2]);
        not_applicable(
            &c,
            &evidence(&not_renewed.events, &result(Outcome::Accepted, &RIGHT)),
        );
    }

    #[test]
    fn an_unlinked_account_keeps_no_user() {
        let c = UnlinkedNoUser;
        let tl = accounts(&[
            ("user-1", "05f5e4f3", "good", None),
            ("user-2", "05f5ed31", "revoked", Some(5)),
        ]);
        let right = [
            ("Decision.05f5e4f3", "keep"),
            ("User.05f5e4f3", "user-1"),
            ("Decision.05f5ed31", "unlink"),
        ];
        pass(
            &c,
            &evidence(&tl.events, &result(Outcome::Accepted, &right)),
        );
        let still = [
            ("Decision.05f5e4f3", "keep"),
            ("User.05f5e4f3", "user-1"),
            ("Decision.05f5ed31", "unlink"),
            ("User.5F5ED31", "user-2"),
        ];
        let text = fail(
            &c,
            &evidence(&tl.events, &result(Outcome::Accepted, &still)),
        );
        assert!(text.contains("user-2"), "{text}");
        not_applicable(
            &c,
            &evidence(&accounts(&ALL).events, &result(Outcome::Accepted, &RIGHT)),
        );
        not_applicable(
            &c,
            &evidence(
                &Tl::new().result("accepted").events,
                &result(Outcome::Accepted, &RIGHT),
            ),
        );
    }

    /// A 現況確認 of `ALL` under `crl-stale` alone, the service having answered each account's
    /// certificate `by` with its status, signed and current as `trusted`.
    fn crl_stale(by: &str, trusted: bool) -> Tl {
        let faulted = super::super::test_support::accounts(&ALL)
            .fact(Fact::StatusCheckFaults(vec![RevocationFault::CrlStale]));
        ALL.iter()
            .fold(faulted, |tl, (_, serial, status, _)| {
                tl.fact(Fact::AccountAnswer(mynakit_timeline::RevocationAnswer {
                    certificate: (*serial).to_owned(),
                    by: mynakit_protocol::AnsweredBy::parse(by).unwrap(),
                    status: CertStatus::parse(status).unwrap(),
                    signed_by_ca: true,
                    current: trusted,
                }))
            })
            .result("accepted")
    }

    #[test]
    fn under_a_stale_crl_the_decisions_on_a_sound_ocsp_answer_are_judged() {
        let every_suspended: Vec<(String, String)> = ALL
            .iter()
            .map(|(_, serial, _, _)| (format!("Decision.{serial}"), "suspend".to_owned()))
            .collect();
        let suspended = shown(&every_suspended);
        // The CRL reader: only a stale CRL, nothing to map: suspending all is RP-status-untrusted-suspended's.
        let read_the_crl = crl_stale("CRL", false);
        let said = not_applicable(
            &StatusReasonMapped,
            &evidence(&read_the_crl.events, &suspended),
        );
        assert!(said.contains("crl-stale"), "{said}");
        not_applicable(
            &RenewedSamePerson,
            &evidence(&read_the_crl.events, &suspended),
        );
        // The OCSP asker: a sound answer for each, so each decision follows the table.
        let asked_ocsp = crl_stale("OCSP", true);
        let mapped = result(Outcome::Accepted, &RIGHT);
        pass(&StatusReasonMapped, &evidence(&asked_ocsp.events, &mapped));
        pass(&RenewedSamePerson, &evidence(&asked_ocsp.events, &mapped));
        let wrong = shown(&with("Decision.5F5ECF5", "re-identify"));
        assert!(
            fail(&StatusReasonMapped, &evidence(&asked_ocsp.events, &wrong)).contains("`renew`")
        );
        let new_user = shown(&with("User.05f5ecf5", "user-3-renewed"));
        fail(&RenewedSamePerson, &evidence(&asked_ocsp.events, &new_user));
        // A server that asked OCSP and also read the stale CRL may stop on the doubt: under a
        // fault, suspending is right for any account, one or all.
        let one_stopped = shown(&with("Decision.5F5ECF5", "suspend"));
        pass(
            &StatusReasonMapped,
            &evidence(&asked_ocsp.events, &one_stopped),
        );
        not_applicable(
            &StatusReasonMapped,
            &evidence(&asked_ocsp.events, &suspended),
        );
    }
}
