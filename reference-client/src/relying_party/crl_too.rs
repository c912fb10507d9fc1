//! The variant `ocsp-and-crl` (`docs/reference-client.md`, "Variants"): a server that, beside
//! the OCSP answer about a card's 署名用 certificate, reads the 署名用 CA's CRL
//! (`MYNAKIT_SIGN_CRL_URL`) and refuses unless both say good. It is stricter than RFC 5280 asks
//! (one current, verified source of status suffices, §6.3) but correct: every doubt refuses, so
//! it refuses where the default accepts on OCSP alone under a stale CRL, which a scenario's
//! `outcome_or` allows (`docs/relying-party.md`, "Under revocation faults").

use std::path::Path;
use std::time::Duration;

use openssl::x509::{CrlStatus, X509};

use super::status_check::believed_crl;
use super::verification::{Refusal, When};

/// Nothing to refuse for when the CRL at `url`, signed by the CA of `ca_file` and current
/// `at` (the scenario's clock), does not list `cert`; otherwise why it refuses (no CRL it can believe, or listed).
pub(super) fn not_listed(
    cert: &X509,
    ca_file: &Path,
    url: &str,
    timeout: Duration,
    at: When,
) -> Result<(), Refusal> {
    let crl = believed_crl(url, ca_file, timeout, at, false, None)
        .map_err(|e| Refusal::Crl(e.to_string()))?;
    match crl.get_by_serial(cert.serial_number()) {
        CrlStatus::Revoked(_) => Err(Refusal::Revoked),
        CrlStatus::NotRevoked | CrlStatus::RemoveFromCrl(_) => Ok(()),
    }
}
