//! The words of a relying party's revocation check (`docs/relying-party.md`,
//! `docs/revocation.md`): which of the card's certificates an answer is about, which way it
//! came (OCSP or the CRL), the status it told, and the faults the revocation service can be told
//! to have. The service, the harness's facts and the checks share them, so each is written and
//! compared in one place (RFC 6960 §2.2, RFC 5280 §5.3.1).

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A certificate's status as a revocation answer tells it (RFC 6960 §2.2; a CRL says `revoked`
/// when it lists the certificate and `good` when it does not).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CertStatus {
    /// Not revoked.
    Good,
    /// Revoked, or on hold (`certificateHold`).
    Revoked,
    /// The responder knows no such certificate.
    Unknown,
}

impl CertStatus {
    /// Every status.
    pub const ALL: [CertStatus; 3] = [CertStatus::Good, CertStatus::Revoked, CertStatus::Unknown];

    /// As an OCSP answer names it, and the timeline's notes write it: `good`, `revoked`,
    /// `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            CertStatus::Good => "good",
            CertStatus::Revoked => "revoked",
            CertStatus::Unknown => "unknown",
        }
    }

    /// The status a word names, if any.
    pub fn parse(word: &str) -> Option<CertStatus> {
        CertStatus::ALL.into_iter().find(|s| s.as_str() == word)
    }

    /// In a Japanese sentence: 有効, 失効, 不明.
    pub fn ja(self) -> &'static str {
        match self {
            CertStatus::Good => "有効",
            CertStatus::Revoked => "失効",
            CertStatus::Unknown => "不明",
        }
    }
}

/// Which way a revocation answer came.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AnsweredBy {
    /// An OCSP SingleResponse about the certificate (RFC 6960).
    Ocsp,
    /// Its CA's CRL (RFC 5280).
    Crl,
}

impl AnsweredBy {
    /// Both ways.
    pub const ALL: [AnsweredBy; 2] = [AnsweredBy::Ocsp, AnsweredBy::Crl];

    /// As the notes and the findings write it, in either language: `OCSP`, `CRL`.
    pub fn as_str(self) -> &'static str {
        match self {
            AnsweredBy::Ocsp => "OCSP",
            AnsweredBy::Crl => "CRL",
        }
    }

    /// The way a word names, if any.
    pub fn parse(word: &str) -> Option<AnsweredBy> {
        AnsweredBy::ALL.into_iter().find(|b| b.as_str() == word)
    }
}

/// Which of the card's two JPKI certificates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CardCertificate {
    /// The 署名用電子証明書 (a 身元確認).
    Sign,
    /// The 利用者証明用電子証明書 (a 当人認証, a かざし).
    Auth,
}

impl CardCertificate {
    /// Both certificates.
    pub const ALL: [CardCertificate; 2] = [CardCertificate::Sign, CardCertificate::Auth];

    /// As the notes and the findings write it, in either language: `署名用`, `利用者証明用`.
    pub fn as_str(self) -> &'static str {
        match self {
            CardCertificate::Sign => "署名用",
            CardCertificate::Auth => "利用者証明用",
        }
    }

    /// The certificate a word names, if any.
    pub fn parse(word: &str) -> Option<CardCertificate> {
        CardCertificate::ALL
            .into_iter()
            .find(|c| c.as_str() == word)
    }
}

/// One fault of the OCSP responder or the CRL: `--ocsp-fault` of `mynakit serve`, and a
/// scenario's `faults.revocation` (`docs/scenarios.md`), by the same words.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "kebab-case")]
// The scenario schema names it as the service always did (docs/scenario.schema.json).
#[schemars(rename = "Fault")]
pub enum RevocationFault {
    /// The answer's signature is zeros: signed by nobody.
    Unsigned,
    /// Signed by the other test CA's key (the 利用者証明用 CA for 署名用 certificates and back).
    WrongSigner,
    /// thisUpdate two days ago and nextUpdate a day ago: an answer past its validity.
    Expired,
    /// thisUpdate and producedAt a day ahead: an answer not yet valid.
    NotYetValid,
    /// Every certificate answered `unknown`.
    UnknownSerial,
    /// `tryLater (3)` with no answer body (RFC 6960 §2.3).
    TryLater,
    /// Every OCSP answer and CRL [`SLOW`] late.
    Slow,
    /// The connection dropped unanswered, as from a responder that is down.
    Down,
    /// The CRL's nextUpdate a day past: a CRL nobody refreshed.
    CrlStale,
    /// The CRL issued [`CRL_BEHIND`] ago: the stale window after a revocation, in which a
    /// certificate just revoked is still missing from the CRL (JPKI's CRL file update takes
    /// 5–10 minutes).
    CrlBehind,
    /// A certificate is revoked (keyCompromise) the moment the responder has answered its first
    /// question: that answer says good, every later one revoked, and the CRL lists it from
    /// then on. The card was lost between the signature and the relying party's verification:
    /// a relying party that asked when it read the certificate and trusts that answer at
    /// verification accepts a revoked certificate (`mynakit docs revocation`, "Faults").
    RevokedAfterFirstAnswer,
    /// Each OCSP SingleResponse names, in its CertID, another certificate of the same CA than
    /// the one asked about (one the service answers good for), with that certificate's status:
    /// an answer signed by the CA and current, but about another certificate. A client that
    /// does not match the CertID of the answer to the one it asked about takes it for its own
    /// (RFC 6960 §3.2 item 1, §4.2.2.3).
    OtherCertificate,
    /// Each OCSP answer is one made for another request: to a request with a nonce it echoes
    /// another nonce (the question's last byte changed), and to one without it carries a nonce
    /// no one sent, as an answer replayed from an earlier exchange. Signed by the CA and
    /// current; a client that sent a nonce refuses an answer that does not echo it (RFC 8954
    /// §2.1, RFC 6960 §4.4.1); one that sent none cannot tell, and needs not.
    OtherRequest,
    /// Each CA's CRL address serves the other test CA's CRL, complete, current and signed by
    /// that CA: a client that checks the list it reads against the CA of the certificate it
    /// asks about (its issuer name and signature) refuses it; one that trusts any test CA's
    /// list finds its certificate on none (RFC 5280 §6.3.3 items (b), (f)).
    CrlOtherCa,
}

/// How late [`RevocationFault::Slow`] answers: longer than the 3 s a relying party is told to
/// wait (`docs/revocation.md`).
pub const SLOW: std::time::Duration = std::time::Duration::from_secs(5);

/// How far behind [`RevocationFault::CrlBehind`]'s CRL is: ten minutes.
pub const CRL_BEHIND: std::time::Duration = std::time::Duration::from_secs(10 * 60);

impl RevocationFault {
    /// Every fault, in the order `docs/revocation.md` lists them.
    pub const ALL: [RevocationFault; 14] = [
        RevocationFault::Unsigned,
        RevocationFault::WrongSigner,
        RevocationFault::Expired,
        RevocationFault::NotYetValid,
        RevocationFault::UnknownSerial,
        RevocationFault::TryLater,
        RevocationFault::Slow,
        RevocationFault::Down,
        RevocationFault::CrlStale,
        RevocationFault::CrlBehind,
        RevocationFault::RevokedAfterFirstAnswer,
        RevocationFault::OtherCertificate,
        RevocationFault::OtherRequest,
        RevocationFault::CrlOtherCa,
    ];

    /// As a scenario's `faults.revocation` and `--ocsp-fault` write it (`wrong-signer`).
    pub fn as_str(self) -> &'static str {
        match self {
            RevocationFault::Unsigned => "unsigned",
            RevocationFault::WrongSigner => "wrong-signer",
            RevocationFault::Expired => "expired",
            RevocationFault::NotYetValid => "not-yet-valid",
            RevocationFault::UnknownSerial => "unknown-serial",
            RevocationFault::TryLater => "try-later",
            RevocationFault::Slow => "slow",
            RevocationFault::Down => "down",
            RevocationFault::CrlStale => "crl-stale",
            RevocationFault::CrlBehind => "crl-behind",
            RevocationFault::RevokedAfterFirstAnswer => "revoked-after-first-answer",
            RevocationFault::OtherCertificate => "other-certificate",
            RevocationFault::OtherRequest => "other-request",
            RevocationFault::CrlOtherCa => "crl-other-ca",
        }
    }

    /// The fault a word names, if any.
    pub fn parse(word: &str) -> Option<RevocationFault> {
        RevocationFault::ALL
            .into_iter()
            .find(|f| f.as_str() == word)
    }

    /// Whether the answers under this fault do not verify against the CA: signed by nobody, or
    /// by another key (RFC 6960 §3.2, RFC 5280 §6.3.3).
    pub fn unverifiable(self) -> bool {
        matches!(
            self,
            RevocationFault::Unsigned | RevocationFault::WrongSigner
        )
    }

    /// Whether every OCSP answer under this fault is one a client cannot believe or never gets:
    /// not signed by the CA, not current, `unknown`, `tryLater` or none at all (RFC 6960 §2.2,
    /// §2.3, §3.2).
    pub fn untrusts_ocsp(self) -> bool {
        matches!(
            self,
            RevocationFault::Unsigned
                | RevocationFault::WrongSigner
                | RevocationFault::Down
                | RevocationFault::Expired
                | RevocationFault::NotYetValid
                | RevocationFault::UnknownSerial
                | RevocationFault::TryLater
                | RevocationFault::OtherCertificate
        )
    }

    /// Whether every CRL under this fault is one a client cannot believe or never gets: not
    /// signed by the CA, past its nextUpdate, or none at all (RFC 5280 §6.3.3).
    pub fn untrusts_crl(self) -> bool {
        matches!(
            self,
            RevocationFault::Unsigned
                | RevocationFault::WrongSigner
                | RevocationFault::Down
                | RevocationFault::CrlStale
                | RevocationFault::CrlOtherCa
        )
    }

    /// Whether `faults` leave no answer to trust whichever way a client asks, OCSP or CRL, and
    /// hold no fault that acts otherwise (`slow`, `crl-behind`, `revoked-after-first-answer`):
    /// the faults a 現況確認 runs under, where every account is then to be suspended
    /// (`docs/relying-party.md`, "status-check (現況確認)").
    pub fn leave_nothing_to_trust(faults: &[RevocationFault]) -> bool {
        faults.iter().any(|f| f.untrusts_ocsp())
            && faults.iter().any(|f| f.untrusts_crl())
            && faults.iter().all(|f| f.untrusts_ocsp() || f.untrusts_crl())
    }

    /// Whether `faults` only make answers untrusted, one way (OCSP or the CRL) or both, and
    /// hold no fault that acts otherwise (`slow`, `crl-behind`, `revoked-after-first-answer`):
    /// every answer a client can still trust then tells each certificate's status as it is, so
    /// a 現況確認 under them is judged account by account on the answers the client could
    /// trust (`docs/relying-party.md`, "Under revocation faults"). `crl-stale` alone: OCSP
    /// answers well, a CRL-reading client has nothing to trust.
    pub fn only_untrust(faults: &[RevocationFault]) -> bool {
        !faults.is_empty() && faults.iter().all(|f| f.untrusts_ocsp() || f.untrusts_crl())
    }
}

macro_rules! display_as_str {
    ($($t:ty),*) => {$(
        /// Its word ([`Self::as_str`]).
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )*};
}

display_as_str!(CertStatus, AnsweredBy, CardCertificate, RevocationFault);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::{AnsweredBy, CardCertificate, CertStatus, RevocationFault as Fault};

    #[test]
    fn each_word_reads_back() {
        for s in CertStatus::ALL {
            assert_eq!(CertStatus::parse(s.as_str()), Some(s));
        }
        for b in AnsweredBy::ALL {
            assert_eq!(AnsweredBy::parse(&b.to_string()), Some(b));
        }
        for c in CardCertificate::ALL {
            assert_eq!(CardCertificate::parse(c.as_str()), Some(c));
        }
        assert_eq!(CertStatus::parse("Good"), None);
        assert_eq!(CertStatus::Good.ja(), "有効");
    }

    #[test]
    fn the_words_are_serdes_and_read_back() {
        for fault in Fault::ALL {
            let json = serde_json::to_string(&fault).unwrap();
            assert_eq!(json, format!("\"{}\"", fault.as_str()));
            assert_eq!(Fault::parse(fault.as_str()), Some(fault));
            assert_eq!(fault.to_string(), fault.as_str());
        }
        assert_eq!(Fault::parse("Down"), None);
    }

    #[test]
    fn only_faults_that_untrust_both_ways_leave_nothing_to_trust() {
        for alone in [Fault::Unsigned, Fault::WrongSigner, Fault::Down] {
            assert!(Fault::leave_nothing_to_trust(&[alone]), "{alone:?}");
        }
        for ocsp in [
            Fault::Expired,
            Fault::NotYetValid,
            Fault::UnknownSerial,
            Fault::TryLater,
        ] {
            assert!(!Fault::leave_nothing_to_trust(&[ocsp]), "{ocsp:?}");
            assert!(Fault::leave_nothing_to_trust(&[ocsp, Fault::CrlStale]));
        }
        assert!(!Fault::leave_nothing_to_trust(&[Fault::CrlStale]));
        assert!(!Fault::leave_nothing_to_trust(&[]));
        for other in [
            Fault::Slow,
            Fault::CrlBehind,
            Fault::RevokedAfterFirstAnswer,
        ] {
            assert!(!Fault::leave_nothing_to_trust(&[Fault::Unsigned, other]));
        }
    }

    #[test]
    fn a_way_left_to_trust_only_untrusts_and_a_fault_that_acts_otherwise_does_not() {
        assert!(Fault::only_untrust(&[Fault::CrlStale]));
        assert!(Fault::only_untrust(&[Fault::Expired]));
        assert!(Fault::only_untrust(&[Fault::Unsigned]));
        assert!(!Fault::only_untrust(&[]));
        for other in [
            Fault::Slow,
            Fault::CrlBehind,
            Fault::RevokedAfterFirstAnswer,
        ] {
            assert!(!Fault::only_untrust(&[other]), "{other:?}");
            assert!(!Fault::only_untrust(&[Fault::CrlStale, other]), "{other:?}");
        }
    }
}
