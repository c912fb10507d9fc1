//! The accounts of a relying party's server in a かざし or a 現況確認 scenario (flows `pin-less`
//! and `status-check`, `docs/relying-party.md`): the holders it already knows from earlier
//! 身元確認s (`given.relying_party.accounts`), each by its user, the 署名用 certificate it was
//! identified with, the 利用者証明用 certificate linked to the account and the birth date the
//! 署名用 certificate gave. The server finds them in `MYNAKIT_RP_ACCOUNTS`; the checks are told
//! whether the card's holder is one of them and, in a 現況確認, what the revocation service says
//! of each account's 署名用 certificate.

use std::path::Path;

use mynakit_fixtures::output::{write_file, WriteMode};
use mynakit_service::revocation::{Registry, Status};
use mynakit_timeline::{AccountStatus, Fact};

use super::plan::Plan;
use super::revocation::{within_validity, AccountCertificate};
use super::{Shared, WorldError};
use crate::protocol::env;
use crate::scenario::model::AccountCertificateGiven;

/// The accounts file's name in the scenario's folder.
const FILE: &str = "rp-accounts.json";

/// The accounts written for the client, and what the checks are told of them.
pub(crate) struct Accounts {
    env: (String, String),
    facts: Vec<Fact>,
    /// In a 現況確認, each account's 署名用 certificate, whose answers the run records.
    certificates: Vec<AccountCertificate>,
    /// In a かざし, the birth date (`YYYYMMDD`) of the card holder's account, if it has one.
    holder_birth_date: Option<String>,
}

/// One account as the file writes it, its 署名用 certificate and that certificate's status.
struct Account {
    json: serde_json::Value,
    certificate: Option<AccountCertificate>,
    status: Option<AccountStatus>,
}

impl Accounts {
    /// Writes `dir/rp-accounts.json` for the scenario's `given.relying_party.accounts`. With
    /// `statuses` (a 現況確認), the checks are told each account's 署名用 certificate's status
    /// in that registry at `now` (the scenario's clock); else whether the card's holder has an
    /// account (a かざし).
    ///
    /// # Errors
    ///
    /// A persona whose card does not load, or a file that cannot be written.
    pub(crate) fn write(
        plan: &Plan<'_>,
        shared: &Shared,
        dir: &Path,
        statuses: Option<&Registry>,
        now: time::OffsetDateTime,
    ) -> Result<Accounts, WorldError> {
        let named = plan
            .scenario
            .given
            .relying_party
            .as_ref()
            .map(|rp| rp.accounts.as_slice())
            .unwrap_or_default();
        let mut accounts = Vec::with_capacity(named.len());
        for (i, given) in named.iter().enumerate() {
            let certificate = given.certificate();
            let mut account =
                account_of(shared, given.persona(), certificate, i + 1, statuses, now)?;
            // An account whose birth date is not its holder's card's (validated at load).
            if let Some(Ok(birth)) = given.birth_date() {
                account.json["birth_date"] = yyyymmdd(birth).into();
            }
            accounts.push(account);
        }
        // The patient's card: the scenario's first, or the default card the plan resolved.
        let holder = plan.cards.first().map(|card| card.persona.as_str());
        let holders = named.iter().position(|p| Some(p.persona()) == holder);
        let certificates = match statuses {
            Some(_) => accounts
                .iter_mut()
                .filter_map(|a| a.certificate.take())
                .collect(),
            None => Vec::new(),
        };
        let (facts, holder_birth_date) = match statuses {
            Some(_) => (
                accounts
                    .iter()
                    .filter_map(|a| a.status.clone())
                    .map(Fact::AccountStatus)
                    .collect(),
                None,
            ),
            None => (
                vec![Fact::HolderAccount(holders.is_some())],
                holders
                    .and_then(|i| accounts[i].json["birth_date"].as_str())
                    .map(str::to_owned),
            ),
        };
        let json = serde_json::Value::Array(accounts.into_iter().map(|a| a.json).collect());
        let path = dir.join(FILE);
        write_file(&path, json.to_string().as_bytes(), WriteMode::Replace)?;
        let env = (env::RP_ACCOUNTS.to_owned(), path.display().to_string());
        Ok(Accounts {
            env,
            facts,
            certificates,
            holder_birth_date,
        })
    }

    /// In a かざし, the birth date (`YYYYMMDD`) of the card holder's account, which opens the
    /// card's 券面事項確認AP (`RP-birth-date-not-logged`); `None` without one, and in a 現況確認.
    pub(crate) fn holder_birth_date(&self) -> Option<&str> {
        self.holder_birth_date.as_deref()
    }

    /// What the checks are told: whether the card's holder has an account (a かざし), or each
    /// account's 署名用 certificate's status (a 現況確認).
    pub(crate) fn facts(&self) -> &[Fact] {
        &self.facts
    }

    /// In a 現況確認, each account's 署名用 certificate, whose answers the revocation service
    /// records ([`mynakit_timeline::Fact::AccountAnswer`]); empty in a かざし.
    pub(crate) fn certificates(&self) -> &[AccountCertificate] {
        &self.certificates
    }

    /// The client's variable for them: `MYNAKIT_RP_ACCOUNTS`.
    pub(crate) fn client_env(&self) -> &(String, String) {
        &self.env
    }
}

/// The account of the `number`th persona: its user (`user-1`), the 署名用 certificate it was
/// identified with (for a persona whose certificate was replaced, `previous_sign`, the replaced
/// one: the server identified the holder before), the persona's 利用者証明用 certificate's
/// serial and its holder's birth date. With `certificate` `auth`, the account names the
/// persona's 利用者証明用 certificate as its 署名用 one: another issuer's, which the 署名用 CA's
/// CRL and OCSP do not answer for, so the checks are told its status is unknown.
fn account_of(
    shared: &Shared,
    persona: &str,
    certificate: AccountCertificateGiven,
    number: usize,
    statuses: Option<&Registry>,
    now: time::OffsetDateTime,
) -> Result<Account, WorldError> {
    let failed = |e: &dyn std::fmt::Display| WorldError::Accounts(format!("{persona}: {e}"));
    let loaded = shared.fixtures.persona(persona).map_err(|e| failed(&e))?;
    let material = shared
        .fixtures
        .card_material(&loaded)
        .map_err(|e| failed(&e))?;
    let read = |der: &[u8]| {
        x509_parser::parse_x509_certificate(der)
            .map(|(_, cert)| (cert.raw_serial().to_vec(), cert.issuer().to_string()))
            .map_err(|e| failed(&e))
    };
    let (auth_serial, _) = read(&material.auth.cert_der)?;
    let birth = loaded.identity.birth_date;
    let user = format!("user-{number}");
    let mut json = serde_json::json!({
        "user": user,
        "auth_certificate_serial": hex::encode(&auth_serial),
        "birth_date": yyyymmdd(birth),
    });
    let named = match certificate {
        AccountCertificateGiven::Sign => material.sign.as_ref(),
        AccountCertificateGiven::Auth => Some(&material.auth),
    };
    let Some(sign) = named else {
        return Ok(Account {
            json,
            certificate: None,
            status: None,
        });
    };
    let (current, issuer) = read(&sign.cert_der)?;
    let other_issuer = certificate == AccountCertificateGiven::Auth;
    let previous = loaded
        .certificates
        .previous_sign
        .as_ref()
        .filter(|_| !other_issuer);
    let serial = previous.map_or(current, |p| p.serial.to_be_bytes().to_vec());
    let serial_hex = hex::encode(&serial);
    json["sign_certificate_serial"] = serial_hex.clone().into();
    json["sign_certificate_issuer"] = issuer.into();
    // The server that identified the holder kept the certificate, and with it its notAfter
    // (RFC 5280 §4.1.2.5); of a replaced one it knows the serial alone.
    if previous.is_none() {
        let (_, cert) =
            x509_parser::parse_x509_certificate(&sign.cert_der).map_err(|e| failed(&e))?;
        let not_after = cert.validity().not_after.to_datetime();
        let rfc3339 = &time::format_description::well_known::Rfc3339;
        json["sign_certificate_not_after"] =
            not_after.format(rfc3339).map_err(|e| failed(&e))?.into();
    }
    let status = statuses.map(|registry| {
        // Another issuer's certificate: the 署名用 CA's sources know nothing of it.
        let status = if other_issuer {
            Status::Unknown
        } else {
            registry.status_of_serial(&sign.cert_der, &serial, now)
        };
        let reason = match status {
            Status::Revoked { reason, .. } => Some(reason.code()),
            Status::Good | Status::Unknown => None,
        };
        AccountStatus {
            user,
            serial: serial_hex.clone(),
            status: super::revocation::cert_status(status),
            reason,
            within_validity: previous.is_some() || within_validity(&sign.cert_der, now),
        }
    });
    let certificate = Some(AccountCertificate {
        der: sign.cert_der.clone(),
        serial,
        serial_hex,
    });
    Ok(Account {
        json,
        certificate,
        status,
    })
}

/// A birth date as the accounts file writes it: `YYYYMMDD`.
fn yyyymmdd(date: time::Date) -> String {
    format!(
        "{:04}{:02}{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

#[cfg(test)]
mod issuer_tests {
    #![allow(clippy::unwrap_used)]

    /// `sign_certificate_issuer` is written as x509-parser prints a name: the RDNs in the
    /// certificate's order (C first), `TYPE=value`, joined by `, ` (docs/relying-party.md,
    /// "status-check (現況確認)"): a shape clients compare against, kept as released.
    #[test]
    fn the_issuer_is_written_in_the_certificates_order() {
        let fixtures = mynakit_fixtures::Fixtures::bundled();
        let der = std::fs::read(fixtures.pki_dir().join("personas/employee/sign.der")).unwrap();
        let (_, cert) = x509_parser::parse_x509_certificate(&der).unwrap();
        assert_eq!(
            cert.issuer().to_string(),
            "C=JP, O=JPKI-TEST, OU=JPKI for digital signature, \
             OU=Japan Agency for Local Authority Information Systems"
        );
    }
}
