//! What the revocation service can be told to get wrong (`docs/revocation.md`, "Faults").

/// One fault of the OCSP responder or the CRL: `--ocsp-fault` of `mynakit serve`, and a
/// scenario's `faults.revocation` (`docs/scenarios.md`), by the same words.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Fault {
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

/// How late [`Fault::Slow`] answers: longer than the 3 s a relying party is told to wait
/// (`docs/revocation.md`).
pub const SLOW: std::time::Duration = std::time::Duration::from_secs(5);

/// How far behind [`Fault::CrlBehind`]'s CRL is.
pub const CRL_BEHIND: time::Duration = time::Duration::minutes(10);

impl Fault {
    /// Whether every OCSP answer under this fault is one a client cannot believe or never gets:
    /// not signed by the CA, not current, `unknown`, `tryLater` or none at all (RFC 6960 §2.2,
    /// §2.3, §3.2).
    pub fn untrusts_ocsp(self) -> bool {
        matches!(
            self,
            Fault::Unsigned
                | Fault::WrongSigner
                | Fault::Down
                | Fault::Expired
                | Fault::NotYetValid
                | Fault::UnknownSerial
                | Fault::TryLater
                | Fault::OtherCertificate
        )
    }

    /// Whether every CRL under this fault is one a client cannot believe or never gets: not
    /// signed by the CA, past its nextUpdate, or none at all (RFC 5280 §6.3.3).
    pub fn untrusts_crl(self) -> bool {
        matches!(
            self,
            Fault::Unsigned
                | Fault::WrongSigner
                | Fault::Down
                | Fault::CrlStale
                | Fault::CrlOtherCa
        )
    }

    /// Whether `faults` leave no answer to trust whichever way a client asks, OCSP or CRL, and
    /// hold no fault that acts otherwise (`slow`, `crl-behind`, `revoked-after-first-answer`):
    /// the faults a 現況確認 runs under, where every account is then to be suspended
    /// (`docs/relying-party.md`, "status-check (現況確認)").
    pub fn leave_nothing_to_trust(faults: &[Fault]) -> bool {
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
    pub fn only_untrust(faults: &[Fault]) -> bool {
        !faults.is_empty() && faults.iter().all(|f| f.untrusts_ocsp() || f.untrusts_crl())
    }
}

#[cfg(test)]
mod tests {
    use super::Fault;

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
