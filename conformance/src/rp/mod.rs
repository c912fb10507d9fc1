//! The relying party's checks (`RP-`, `docs/relying-party.md`): what a JPKI 署名検証者 does
//! before it accepts a person in the flow `identity-by-signature`, or logs a holder in by the
//! flow `authentication-by-nonce` ([`authentication`]), or recognises a known holder without a
//! PIN by the flow `pin-less` ([`pin_less`]), or checks again the certificates of the holders it
//! knows by the flow `status-check` ([`status_check`]). They judge a run by what the
//! harness knows of its revocation service ([`crate::Run::revocation`]), the certificate the card
//! gave and the client's result.

mod answered_first;
mod authentication;
mod birth_date;
mod birth_date_logged;
mod chain;
mod counter;
mod digest;
mod fields;
mod login_fields;
mod no_sign_certificate;
mod nonces;
mod password_kept;
mod pin_less;
mod revocation;
mod sign;
mod signature;
mod status_check;
mod status_expired;
mod status_untrusted;
mod told_revoked;
mod trusted_answer;
mod words;

pub(crate) use answered_first::AnsweredBeforeAccepted;
pub(crate) use authentication::{AuthExpiredRefused, AuthRevokedRefused, NonceFresh};
pub(crate) use birth_date::BirthDateTries;
pub(crate) use birth_date_logged::BirthDateNotLogged;
pub(crate) use chain::ChainToTestCa;
pub(crate) use counter::{
    CounterExpiredRefused, CounterFaceRefused, CounterRecordOnly, CounterSignatureRefused,
};
pub(crate) use digest::SignatureDigestStrong;
pub(crate) use fields::FieldsFromCertificate;
pub(crate) use login_fields::LoginShowsNoPerson;
pub(crate) use no_sign_certificate::NoSignCertificateRefused;
pub(crate) use password_kept::PasswordNotKept;
pub(crate) use pin_less::{PinLessCardProven, PinLessFirstUseRefused};
pub(crate) use revocation::{OcspVerified, RevocationFailsClosed, RevokedRefused};
pub(crate) use sign::SignExpiredRefused;
pub(crate) use signature::{AuthSignatureVerified, SignatureVerified};
pub(crate) use status_check::{
    RenewedSamePerson, StatusReasonMapped, StatusRevokedNotKept, UnlinkedNoUser,
};
pub(crate) use status_expired::StatusExpiredNotKept;
pub(crate) use status_untrusted::StatusUntrustedSuspended;
pub(crate) use told_revoked::RevokedAnswerRefused;
pub(crate) use trusted_answer::AcceptedOnGoodAnswer;

/// What the role's checks' tests build alike.
#[cfg(test)]
mod test_support {
    use mynakit_timeline::{AccountStatus, AuthCertificate, Fact, Revocation, RevocationAnswer};

    use crate::testkit::Tl;

    /// The card's 署名用 certificate, as the tests name it.
    pub(super) const CERTIFICATE_SIGN: mynakit_protocol::CardCertificate =
        mynakit_protocol::CardCertificate::Sign;
    /// The card's 利用者証明用 certificate, as the tests name it.
    pub(super) const CERTIFICATE_AUTH: mynakit_protocol::CardCertificate =
        mynakit_protocol::CardCertificate::Auth;

    /// A run whose revocation service finds the card's 署名用 certificate good, with `faults`.
    pub(super) fn service(faults: &[&str]) -> Tl {
        Tl::new().fact(Fact::Revocation(Revocation {
            status: mynakit_protocol::CertStatus::Good,
            faults: faults
                .iter()
                .map(|f| mynakit_protocol::RevocationFault::parse(f).unwrap())
                .collect(),
        }))
    }

    /// `start` as a 当人認証 (a login): the card's 利用者証明用 certificate good and valid.
    pub(super) fn login(start: Tl) -> Tl {
        start.fact(Fact::AuthCertificate(AuthCertificate {
            status: mynakit_protocol::CertStatus::Good,
            within_validity: true,
        }))
    }

    /// A 現況確認's start: the accounts `(user, serial, status, reason)` the harness notes.
    pub(super) fn accounts(list: &[(&str, &str, &str, Option<i64>)]) -> Tl {
        list.iter()
            .fold(Tl::new(), |tl, (user, serial, status, reason)| {
                tl.fact(Fact::AccountStatus(AccountStatus {
                    user: (*user).to_owned(),
                    serial: (*serial).to_owned(),
                    status: mynakit_protocol::CertStatus::parse(status).unwrap(),
                    reason: *reason,
                    within_validity: true,
                }))
            })
    }

    /// The revocation service's record of one answer about `certificate`.
    pub(super) fn answer(
        certificate: mynakit_protocol::CardCertificate,
        by: &str,
        status: &str,
        signed: bool,
        current: bool,
    ) -> Fact {
        Fact::RevocationAnswer(RevocationAnswer {
            certificate,
            by: mynakit_protocol::AnsweredBy::parse(by).unwrap(),
            status: mynakit_protocol::CertStatus::parse(status).unwrap(),
            signed_by_ca: signed,
            current,
        })
    }
}
