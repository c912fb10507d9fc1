//! The accounts of a 現況確認 (flow `status-check`, `docs/relying-party.md`): those of the
//! server's accounts file that hold a 署名用 certificate, and what the server learned of each
//! certificate, whichever way it asked (the CRL, [`super::status_check`], or OCSP,
//! [`super::status_by_ocsp`]).

use std::path::Path;

use openssl::asn1::Asn1Integer;
use openssl::bn::BigNum;

use super::accounts::{self, AccountsError};
use super::verification::Answered;

/// One account the server checks: its user and the 署名用 certificate it was identified with.
#[derive(Debug)]
pub(super) struct Account {
    pub(super) user: String,
    /// Hexadecimal digits, as the accounts file writes them.
    pub(super) serial: String,
    /// The certificate's issuer's name as text (`sign_certificate_issuer`), when the file has it.
    pub(super) issuer: Option<String>,
    /// The certificate's notAfter, when the server kept it (`sign_certificate_not_after`).
    pub(super) not_after: Option<time::OffsetDateTime>,
}

/// What the server learned of each account's certificate (in the accounts' order): a status it
/// believes, or why it has none (the account is then suspended: no answer is no `good`); and
/// what the staff are told of the answers it could not believe.
pub(super) struct Learned {
    pub(super) answers: Vec<Option<Answered>>,
    pub(super) note: Option<String>,
}

impl Learned {
    /// Nothing learned about any of `count` accounts, `why` shown: each is then suspended (no
    /// answer is no `good`, docs/relying-party.md).
    pub(super) fn nothing(count: usize, why: impl std::fmt::Display) -> Learned {
        Learned {
            answers: vec![None; count],
            note: Some(format!("現況確認できません (全件停止): {why}")),
        }
    }
}

/// The serial an accounts file writes in hexadecimal digits, as an ASN.1 INTEGER.
pub(super) fn serial_of(hex: &str) -> Option<Asn1Integer> {
    BigNum::from_hex_str(hex.trim())
        .and_then(|n| Asn1Integer::from_bn(&n))
        .ok()
}

/// The accounts that have a 署名用 certificate, from the server's accounts file.
pub(super) fn read_accounts(path: &Path) -> Result<Vec<Account>, AccountsError> {
    let mut checked = Vec::new();
    for (i, account) in accounts::read(path)?.iter().enumerate() {
        // An account of a holder without a 署名用 certificate (under 15) has none to check.
        if account.get("sign_certificate_serial").is_none() {
            continue;
        }
        let issuer = match account.get("sign_certificate_issuer") {
            Some(_) => Some(accounts::string(
                path,
                account,
                i,
                "sign_certificate_issuer",
            )?),
            None => None,
        };
        checked.push(Account {
            user: accounts::string(path, account, i, "user")?,
            serial: accounts::string(path, account, i, "sign_certificate_serial")?,
            issuer,
            not_after: accounts::optional_time(path, account, i, "sign_certificate_not_after")?,
        });
    }
    Ok(checked)
}
