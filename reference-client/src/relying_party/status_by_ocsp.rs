//! The 現況確認 of the correct variant `status-by-ocsp` (`docs/reference-client.md`,
//! "Variants"): the server asks its OCSP responder (`MYNAKIT_OCSP_URL`) about each account's
//! 署名用 certificate, named by its issuer and serial (RFC 6960 §4.1.1, the CertID), as a server
//! that asks OCSP rather than read its CA's CRL does (`docs/relying-party.md`, "status-check
//! (現況確認)"). It believes an answer as the 身元確認 does ([`verification::answer`]): signed
//! by the 署名用 CA (`MYNAKIT_SIGN_CA_FILE`) or a responder it delegated, and current (RFC 6960
//! §3.2); an account of another issuer, a serial that does not read or an answer it cannot
//! believe leaves that account with no status, and so suspended.

use std::path::Path;

use super::status_accounts::{serial_of, Account, Learned};
use super::verification::{self, Answered, Lapses, Refusal};
use crate::defects::{Defect, Defects};
use crate::env::ClientEnv;

/// Why one account's certificate has no status the server believes.
#[derive(Debug, thiserror::Error)]
enum Unlearned {
    #[error("the serial {0:?} does not read")]
    Serial(String),
    #[error("issued by {0:?}, not by the 署名用 CA")]
    OtherIssuer(String),
    #[error("no issuer is named")]
    NoIssuer,
    #[error(transparent)]
    Refused(#[from] Refusal),
}

/// Each account's status by OCSP at `url`, about certificates the CA of `ca_file` issued.
pub(super) fn learn(
    accounts: &[Account],
    url: &str,
    ca_file: &Path,
    env: &ClientEnv,
    defects: &Defects,
) -> Learned {
    let ca = match verification::anchor(ca_file) {
        Ok(ca) => ca,
        Err(why) => return Learned::nothing(accounts.len(), why),
    };
    // The defect `relying-status-trust-unsigned`: an answer is believed as it reads.
    let lapses = Lapses {
        trust_unsigned: defects.has(Defect::RelyingStatusTrustUnsigned),
        ..Lapses::default()
    };
    let ca_name = issuer_name(&ca);
    let mut unlearned = Vec::new();
    let answers = accounts
        .iter()
        .map(|account| {
            let asked = ask(account, &ca, ca_name.as_deref(), url, env, lapses);
            asked
                .map_err(|why| unlearned.push(format!("{}: {why}", account.serial)))
                .ok()
        })
        .collect();
    let note = (!unlearned.is_empty())
        .then(|| format!("現況確認できない証明書は停止: {}", unlearned.join("; ")));
    Learned { answers, note }
}

/// What the responder says of `account`'s certificate, when it can be believed.
fn ask(
    account: &Account,
    ca: &openssl::x509::X509,
    ca_name: Option<&str>,
    url: &str,
    env: &ClientEnv,
    lapses: Lapses,
) -> Result<Answered, Unlearned> {
    let issuer = account.issuer.as_deref().ok_or(Unlearned::NoIssuer)?;
    if Some(issuer) != ca_name {
        return Err(Unlearned::OtherIssuer(issuer.to_owned()));
    }
    let serial =
        serial_of(&account.serial).ok_or_else(|| Unlearned::Serial(account.serial.clone()))?;
    let asked = verification::stand_in(&serial, ca)?;
    Ok(verification::answer(
        &asked,
        ca,
        url,
        env.timings.http_timeout,
        lapses,
        verification::When::of(env),
        None,
    )?)
}

/// The CA's name as an accounts file writes a certificate's issuer (RFC 4514 text, as
/// `x509-parser` prints it); none when the CA does not read.
pub(super) fn issuer_name(ca: &openssl::x509::X509) -> Option<String> {
    let der = ca.to_der().ok()?;
    let (_, parsed) = x509_parser::parse_x509_certificate(&der).ok()?;
    Some(parsed.subject().to_string())
}
