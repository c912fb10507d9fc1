//! What the revocation service answered, told to whoever started it as each answer goes out,
//! so that the checks can judge what a relying party's `accepted` rests on by what it was
//! really given, whichever way it asked (OCSP or the CRL, `docs/relying-party.md`).

use mynakit_fixtures::TestCa;

use super::registry::Status;

/// What one answer said of one certificate, or of every certificate of a CA (a CRL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answered {
    /// The CA the answer speaks for.
    pub ca: TestCa,
    /// What it says.
    pub says: Says,
    /// Signed by that CA's own key (not unsigned, not by another key): RFC 6960 §3.2 (2),
    /// RFC 5280 §6.3.3 (f).
    pub signed_by_ca: bool,
    /// `now` within its thisUpdate and nextUpdate: RFC 6960 §3.2 (4)–(5), RFC 5280 §6.3.3 (a).
    pub current: bool,
}

/// What an answer says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Says {
    /// An OCSP SingleResponse: the status of one serial (without leading zero bytes).
    Ocsp {
        /// The serial asked about.
        serial: Vec<u8>,
        /// Its certStatus.
        status: Status,
    },
    /// A CRL: the serials it lists (without leading zero bytes).
    Crl {
        /// The revoked certificates' serials.
        listed: Vec<Vec<u8>>,
    },
}

/// What the service tells of each answer before it goes out.
pub type OnAnswer = Box<dyn Fn(&Answered) + Send + Sync>;
