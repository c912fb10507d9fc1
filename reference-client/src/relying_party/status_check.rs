//! The relying party's 現況確認 (flow `status-check`, `docs/relying-party.md`): the server
//! checks again, without the card, the 署名用 certificates of the holders it identified before
//! (`MYNAKIT_RP_ACCOUNTS`), by its CA's CRL (`MYNAKIT_SIGN_CRL_URL`, RFC 5280 §5: the list
//! names a revoked certificate by its serial alone, which is all an account keeps of an old
//! one) or, as the correct variant `status-by-ocsp`, by OCSP ([`super::status_by_ocsp`]), and
//! decides for each account by the certificate's status and revocation reason
//! ([`StatusDecision`], the table the protocol keeps); an account whose certificate's validity
//! has ended, which the CRL no longer names, by [`EXPIRED_DECISION`]. The result reports each
//! decision and the user the account stays with as fields (`Decision.<serial>`,
//! `User.<serial>`).

use std::io::{BufRead, Write};
use std::path::Path;

use mynakit_protocol::{
    Mode, Outcome, StatusDecision, DECISION_FIELD, EXPIRED_DECISION, USER_FIELD,
};
use openssl::asn1::Asn1Time;
use openssl::x509::{CrlStatus, ReasonCode, X509Crl};

use super::accounts;
use super::status_accounts::{read_accounts, serial_of, Account, Learned};
use super::status_by_ocsp;
use super::verification::{self, Answered};
use crate::defects::{Defect, Defects};
use crate::env::ClientEnv;
use crate::screen::{Screen, Stop};
use crate::talk::Talk;
use crate::variants::Variant;

/// Largest CRL read.
const MAX_CRL: u64 = 1 << 20;

/// Why the CRL cannot be believed: every account is then suspended (no answer is no `good`).
#[derive(Debug, thiserror::Error)]
pub(super) enum CrlError {
    #[error("the CRL: {0}")]
    Fetch(String),
    #[error("the CRL does not read: {0}")]
    Read(String),
    #[error("the CRL is not signed by the 署名用 CA")]
    Signature,
    #[error("the CRL is another CA's (its issuer is not the 署名用 CA)")]
    OtherIssuer,
    #[error("the CRL is not current")]
    Stale,
}

/// Plays the 現況確認: no card is touched.
pub(super) fn check<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    env: &ClientEnv,
    defects: &Defects,
) -> Result<Screen, Stop> {
    let by_ocsp = env.variants.has(Variant::StatusByOcsp);
    let (url, unset) = if by_ocsp {
        (&env.ocsp_url, "MYNAKIT_OCSP_URL")
    } else {
        (&env.sign_crl_url, "MYNAKIT_SIGN_CRL_URL")
    };
    let (Some(url), Some(ca_file), Some(accounts_file)) =
        (url, &env.sign_ca_file, &env.rp_accounts)
    else {
        return Ok(Screen::outcome(
            Outcome::ServiceError,
            format!(
                "現況確認の設定がありません ({unset}, MYNAKIT_SIGN_CA_FILE, MYNAKIT_RP_ACCOUNTS)"
            ),
        ));
    };
    let accounts = match read_accounts(accounts_file) {
        Ok(accounts) => accounts,
        Err(why) => return Ok(accounts::unreadable(&why)),
    };
    // The staff start the check (the role's one mode).
    talk.mode(&[Mode::Pin])?;
    let learned = if by_ocsp {
        status_by_ocsp::learn(&accounts, url, ca_file, env, defects)
    } else {
        by_crl(&accounts, url, ca_file, env, defects)
    };
    let mut screen = Screen::outcome(Outcome::Accepted, "現況確認しました");
    let now = env.clock.now();
    for (account, answered) in accounts.iter().zip(&learned.answers) {
        let decision = answered.map_or(StatusDecision::Suspend, |a| {
            expired_or(decision_of(a, defects), account, now, defects)
        });
        screen = screen.with_field(
            &format!("{DECISION_FIELD}{}", account.serial),
            decision.as_str(),
        );
        if let Some(user) = user_after(decision, account, defects) {
            screen = screen.with_field(&format!("{USER_FIELD}{}", account.serial), user);
        }
    }
    if let Some(note) = learned.note {
        screen.text = Some(note);
    }
    Ok(screen)
}

/// Each account's status by the CA's CRL at `url`: none for any when the CRL cannot be believed,
/// and none for an account whose certificate another CA issued (its `sign_certificate_issuer` is
/// not the 署名用 CA's name), which that list does not answer for.
fn by_crl(
    accounts: &[Account],
    url: &str,
    ca_file: &Path,
    env: &ClientEnv,
    defects: &Defects,
) -> Learned {
    let crl = match current_crl(url, ca_file, env, defects) {
        Ok(crl) => crl,
        Err(why) => return Learned::nothing(accounts.len(), why),
    };
    // RFC 5280 §5: a CRL names revoked certificates by serial within its issuer's; the list is
    // the 署名用 CA's (believed_crl), so it answers only for accounts of that issuer.
    let ca_name = verification::anchor(ca_file)
        .ok()
        .and_then(|ca| status_by_ocsp::issuer_name(&ca));
    // The defect `relying-status-skip-issuer-compare`: the serial alone is looked up.
    let compare = !defects.has(Defect::RelyingStatusSkipIssuerCompare);
    let mut others = Vec::new();
    let answers = accounts
        .iter()
        .map(|account| {
            let other = account
                .issuer
                .as_deref()
                .is_some_and(|issuer| Some(issuer) != ca_name.as_deref());
            if compare && other {
                others.push(account.serial.as_str());
                return None;
            }
            listed(&crl, &account.serial)
        })
        .collect();
    let note = (!others.is_empty()).then(|| {
        format!(
            "署名用 CA 以外が発行した証明書は現況確認できず停止: {}",
            others.join(", ")
        )
    });
    Learned { answers, note }
}

/// The user an account belongs to after `decision`: the same one, except for a link that ended.
fn user_after(decision: StatusDecision, account: &Account, defects: &Defects) -> Option<String> {
    match decision {
        // The defect `relying-unlink-keeps-user`: the link ends, the user stays named.
        StatusDecision::Unlink if defects.has(Defect::RelyingUnlinkKeepsUser) => {
            Some(account.user.clone())
        }
        StatusDecision::Unlink => None,
        // The defect `relying-renewed-new-person`: the renewed certificate opens a new user.
        StatusDecision::Renew if defects.has(Defect::RelyingRenewedNewPerson) => {
            Some(format!("{}-renewed", account.user))
        }
        _ => Some(account.user.clone()),
    }
}

/// The certificate of `serial` as `crl` has it; none for a serial that does not read.
fn listed(crl: &X509Crl, serial: &str) -> Option<Answered> {
    let serial = serial_of(serial)?;
    let reason = match crl.get_by_serial(&serial) {
        CrlStatus::NotRevoked | CrlStatus::RemoveFromCrl(_) => return Some(Answered::Good),
        CrlStatus::Revoked(entry) => entry
            .extension::<ReasonCode>()
            .ok()
            .flatten()
            .and_then(|(_, code)| code.get_i64().ok())
            // RFC 5280 §5.3.1: an entry without a reason code is `unspecified`.
            .unwrap_or(0),
    };
    Some(Answered::Revoked { reason })
}

/// The decision for a certificate of which the server believes `answered` (the table the
/// protocol keeps, [`StatusDecision::of_reason`]).
fn decision_of(answered: Answered, defects: &Defects) -> StatusDecision {
    let reason = match answered {
        Answered::Good => return StatusDecision::Keep,
        // The responder does not know the certificate: no good answer is no good.
        Answered::Unknown => return StatusDecision::Suspend,
        Answered::Revoked { reason } => reason,
    };
    let decision = StatusDecision::of_reason(reason);
    if defects.has(Defect::RelyingStatusKeepsHeld) && decision == StatusDecision::Hold {
        return StatusDecision::Keep;
    }
    if defects.has(Defect::RelyingStatusReasonIgnored) {
        return StatusDecision::Suspend;
    }
    decision
}

/// `decision` by the certificate's status, unless it keeps an account whose certificate's
/// validity has ended: the CRL does not name an expired certificate (and OCSP may answer good for
/// it), which proves nothing of the holder any more.
fn expired_or(
    decision: StatusDecision,
    account: &Account,
    now: time::OffsetDateTime,
    defects: &Defects,
) -> StatusDecision {
    let expired = account.not_after.is_some_and(|not_after| not_after < now);
    // The defect `relying-status-keep-expired`: the notAfter is never looked at.
    if decision == StatusDecision::Keep && expired && !defects.has(Defect::RelyingStatusKeepExpired)
    {
        return EXPIRED_DECISION;
    }
    decision
}

/// The 署名用 CA's CRL at `url`, signed by the CA of `ca_file` and current now.
fn current_crl(
    url: &str,
    ca_file: &Path,
    env: &ClientEnv,
    defects: &Defects,
) -> Result<X509Crl, CrlError> {
    // The defect `relying-status-trust-unsigned`: the list is believed as it reads.
    let trust_unsigned = defects.has(Defect::RelyingStatusTrustUnsigned);
    // The defect `relying-one-trust-store`: a list signed by any test CA it trusts will do,
    // the 利用者証明用 CA's too, whatever CA the certificates asked about are of.
    let trusted_too = if defects.has(Defect::RelyingOneTrustStore) {
        env.auth_ca_file.as_deref()
    } else {
        None
    };
    let at = verification::When::of(env);
    believed_crl(
        url,
        ca_file,
        env.timings.http_timeout,
        at,
        trust_unsigned,
        trusted_too,
    )
}

/// The CA's CRL at `url`, read within `timeout`, issued and signed by the CA of `ca_file`
/// (unless `trust_unsigned`; any CA of `trusted_too` will do for the defect
/// `relying-one-trust-store`) and current `at`; also what the variant `ocsp-and-crl` reads
/// beside OCSP.
pub(super) fn believed_crl(
    url: &str,
    ca_file: &Path,
    timeout: std::time::Duration,
    at: verification::When,
    trust_unsigned: bool,
    trusted_too: Option<&Path>,
) -> Result<X509Crl, CrlError> {
    let body =
        verification::get(url, timeout, MAX_CRL).map_err(|e| CrlError::Fetch(e.to_string()))?;
    let crl = X509Crl::from_der(&body).map_err(|e| CrlError::Read(e.to_string()))?;
    if trust_unsigned {
        return Ok(crl);
    }
    let ca = verification::anchor(ca_file).map_err(|e| CrlError::Read(e.to_string()))?;
    let mut trusted = vec![ca];
    if let Some(other) = trusted_too {
        trusted.extend(verification::anchor(other).ok());
    } else if crl.issuer_name().to_der().ok() != trusted[0].subject_name().to_der().ok() {
        // RFC 5280 §6.3.3 (b): the list's issuer is the certificates' own.
        return Err(CrlError::OtherIssuer);
    }
    let signed = trusted.iter().any(|ca| {
        ca.public_key()
            .is_ok_and(|key| crl.verify(&key).unwrap_or(false))
    });
    if !signed {
        return Err(CrlError::Signature);
    }
    // A CRL is current within the clock difference an OCSP answer is allowed, on the
    // scenario's clock: a server's clock and its CA's differ by seconds.
    let (now, skew) = (at.unix_now(), at.skew_secs());
    let bound = |secs: i64| Asn1Time::from_unix(secs).map_err(|e| CrlError::Read(e.to_string()));
    let (earliest, latest) = (bound(now - skew)?, bound(now + skew)?);
    let current =
        crl.last_update() <= latest && crl.next_update().is_some_and(|next| earliest <= *next);
    current.then_some(crl).ok_or(CrlError::Stale)
}
