//! What the revocation service knows: the test CAs, and every persona's certificates with the
//! revocation its file gives (`certificates.revoked` for the 利用者証明用 certificate,
//! `sign_revoked` and `previous_sign` for the 署名用 ones, docs/personas.md).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use mynakit_fixtures::{Credential, Fixtures, TestCa};
use mynakit_persona::{Persona, Revocation};
use time::OffsetDateTime;
use x509_parser::prelude::{FromDer as _, X509Certificate};

use super::error::RevocationError;
use super::reason::Reason;

/// One test CA as a CertID names it (RFC 6960 §4.1.1): the hashes of its name and key.
pub(crate) struct Issuer {
    pub(crate) ca: TestCa,
    pub(crate) credential: Credential,
    /// The DER of its subject, the issuer of what it signs.
    pub(crate) name: Vec<u8>,
    /// The value of its subjectPublicKey BIT STRING.
    pub(crate) key: Vec<u8>,
}

impl Issuer {
    /// Whether a CertID's hashes under `algorithm` name this CA.
    pub(crate) fn named_by(&self, algorithm: HashAlgorithm, name: &[u8], key: &[u8]) -> bool {
        algorithm.digest(&self.name) == name && algorithm.digest(&self.key) == key
    }

    /// The key identifier: SHA-1 of the public key bits (RFC 5280 §4.2.1.2, method 1), as the
    /// certificates' AKI give it.
    pub(crate) fn key_id(&self) -> Vec<u8> {
        openssl::sha::sha1(&self.key).to_vec()
    }
}

/// The hash of a CertID: SHA-1 (what `openssl ocsp` sends) or SHA-256.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HashAlgorithm {
    Sha1,
    Sha256,
}

impl HashAlgorithm {
    pub(crate) const SHA1_OID: &'static [u64] = &[1, 3, 14, 3, 2, 26];
    pub(crate) const SHA256_OID: &'static [u64] = &[2, 16, 840, 1, 101, 3, 4, 2, 1];

    pub(crate) fn from_oid(arcs: &[u64]) -> Option<HashAlgorithm> {
        if arcs == Self::SHA1_OID {
            Some(HashAlgorithm::Sha1)
        } else if arcs == Self::SHA256_OID {
            Some(HashAlgorithm::Sha256)
        } else {
            None
        }
    }

    fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            HashAlgorithm::Sha1 => openssl::sha::sha1(data).to_vec(),
            HashAlgorithm::Sha256 => openssl::sha::sha256(data).to_vec(),
        }
    }
}

/// A certificate's state at some moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Issued and not revoked.
    Good,
    /// Revoked at `at` for `reason`.
    Revoked {
        /// revocationTime.
        at: OffsetDateTime,
        /// revocationReason.
        reason: Reason,
    },
    /// No certificate of this CA has this serial.
    Unknown,
}

/// A revocation of a known certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Revoked {
    pub(crate) at: OffsetDateTime,
    pub(crate) reason: Reason,
}

/// The test CAs and the certificates they issued.
pub struct Registry {
    pub(crate) issuers: Vec<Issuer>,
    /// (CA, serial without leading zero bytes) → its revocation, if any.
    certificates: HashMap<(TestCa, Vec<u8>), Option<Revoked>>,
    /// The revocations made while the service runs ([`Registry::revoke_once_answered`]): at
    /// most one per known certificate, so bounded by the personas.
    late: Mutex<HashMap<(TestCa, Vec<u8>), OffsetDateTime>>,
}

impl Registry {
    /// Every persona of `fixtures` and the CAs of its `pki/`.
    ///
    /// # Errors
    ///
    /// A persona or key file that does not load, a certificate issued by none of the test CAs,
    /// or a revocation reason that is not one of RFC 5280's words ([`Reason`]).
    pub fn from_fixtures(fixtures: &Fixtures) -> Result<Registry, RevocationError> {
        let issuers = TestCa::ALL
            .into_iter()
            .map(|ca| issuer(fixtures, ca))
            .collect::<Result<Vec<_>, _>>()?;
        let mut registry = Registry {
            issuers,
            certificates: HashMap::new(),
            late: Mutex::new(HashMap::new()),
        };
        for persona in fixtures.personas()? {
            registry.add(fixtures, &persona)?;
        }
        Ok(registry)
    }

    fn add(&mut self, fixtures: &Fixtures, persona: &Persona) -> Result<(), RevocationError> {
        let material = fixtures.card_material(persona)?;
        let certs = &persona.certificates;
        let auth = self.issued(persona, "auth", &material.auth.cert_der)?;
        let auth_revoked = revoked(persona, "certificates.revoked", certs.revoked.as_ref())?;
        self.certificates.insert(auth, auth_revoked);
        let Some(sign) = &material.sign else {
            return Ok(());
        };
        let (ca, serial) = self.issued(persona, "sign", &sign.cert_der)?;
        let revoked = revoked(
            persona,
            "certificates.sign_revoked",
            certs.sign_revoked.as_ref(),
        )?;
        self.certificates.insert((ca, serial), revoked);
        if let Some(previous) = &certs.previous_sign {
            let reason = reason(persona, "certificates.previous_sign", &previous.reason)?;
            let old = minimal(&previous.serial.to_be_bytes());
            let at = certs.issued_at;
            self.certificates
                .insert((ca, old), Some(Revoked { at, reason }));
        }
        Ok(())
    }

    /// The CA that issued `der` and its serial.
    fn issued(
        &self,
        persona: &Persona,
        which: &'static str,
        der: &[u8],
    ) -> Result<(TestCa, Vec<u8>), RevocationError> {
        let unreadable = || RevocationError::Certificate {
            persona: persona.id.clone(),
            which,
        };
        let (_, cert) = X509Certificate::from_der(der).map_err(|_| unreadable())?;
        let issuer_name = cert.tbs_certificate.issuer.as_raw();
        let ca = self
            .issuers
            .iter()
            .find(|i| i.name == issuer_name)
            .ok_or_else(unreadable)?;
        Ok((ca.ca, minimal(cert.raw_serial())))
    }

    /// The status at `now` of the certificate `der`, as the OCSP responder answers it:
    /// [`Status::Unknown`] for one no test CA issued.
    pub fn status_of(&self, der: &[u8], now: OffsetDateTime) -> Status {
        match self.identify(der) {
            Some((ca, serial)) => self.status(ca, &serial, now),
            None => Status::Unknown,
        }
    }

    /// The status at `now` of the certificate of serial `serial` (big-endian bytes) issued by
    /// the CA that issued `der`: a certificate the harness knows only by its serial, such as a
    /// persona's replaced 署名用 certificate (`previous_sign`), under the same CA as the
    /// current one. [`Status::Unknown`] when no test CA issued `der`.
    pub fn status_of_serial(&self, der: &[u8], serial: &[u8], now: OffsetDateTime) -> Status {
        match self.identify(der) {
            Some((ca, _)) => self.status(ca, serial, now),
            None => Status::Unknown,
        }
    }

    /// The test CA that issued the certificate `der` (by its issuer name) and its serial as
    /// written; `None` for what does not parse or no test CA issued.
    pub(crate) fn identify(&self, der: &[u8]) -> Option<(TestCa, Vec<u8>)> {
        let (_, cert) = X509Certificate::from_der(der).ok()?;
        let issuer_name = cert.tbs_certificate.issuer.as_raw();
        let ca = self.issuers.iter().find(|i| i.name == issuer_name)?;
        Some((ca.ca, cert.raw_serial().to_vec()))
    }

    /// The status of serial `serial` of `ca` at `now`.
    pub(crate) fn status(&self, ca: TestCa, serial: &[u8], now: OffsetDateTime) -> Status {
        let key = (ca, minimal(serial));
        match self.certificates.get(&key) {
            None => Status::Unknown,
            Some(Some(revoked)) if revoked.at <= now => Status::Revoked {
                at: revoked.at,
                reason: revoked.reason,
            },
            // A late revocation counts from the question after the one that made it, whatever
            // the clock says: "revoked between two questions" is about their order.
            Some(_) => match self.late_revocations().get(&key) {
                Some(at) => Status::Revoked {
                    at: *at,
                    reason: Reason::KeyCompromise,
                },
                None => Status::Good,
            },
        }
    }

    /// The smallest serial of another certificate of `ca` than `serial` that is good at `now`
    /// (the fault `other-certificate` answers about it); `None` when there is none.
    pub(crate) fn another_good(
        &self,
        ca: TestCa,
        serial: &[u8],
        now: OffsetDateTime,
    ) -> Option<Vec<u8>> {
        let asked = minimal(serial);
        let mut good: Vec<&Vec<u8>> = self
            .certificates
            .keys()
            .filter(|(issuer, other)| *issuer == ca && *other != asked)
            .map(|(_, other)| other)
            .filter(|other| self.status(ca, other, now) == Status::Good)
            .collect();
        good.sort_by(|a, b| (a.len(), a).cmp(&(b.len(), b)));
        good.first().map(|serial| (*serial).clone())
    }

    /// Revokes serial `serial` of `ca` for keyCompromise at `now` when it is a known
    /// certificate still good, after the answer that said so
    /// ([`super::Fault::RevokedAfterFirstAnswer`]).
    pub(crate) fn revoke_once_answered(&self, ca: TestCa, serial: &[u8], now: OffsetDateTime) {
        if self.status(ca, serial, now) == Status::Good {
            self.late_revocations()
                .entry((ca, minimal(serial)))
                .or_insert_with(|| super::der::whole_seconds(now));
        }
    }

    fn late_revocations(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<(TestCa, Vec<u8>), OffsetDateTime>> {
        // The map holds plain values: a panic elsewhere leaves nothing half-written in it.
        self.late.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Every certificate of `ca` revoked at or before `at`, oldest first.
    pub(crate) fn revoked_by(&self, ca: TestCa, at: OffsetDateTime) -> Vec<(Vec<u8>, Revoked)> {
        let mut list: Vec<(Vec<u8>, Revoked)> = self
            .certificates
            .iter()
            .filter_map(|((issuer, serial), revoked)| match revoked {
                Some(r) if *issuer == ca && r.at <= at => Some((serial.clone(), *r)),
                _ => None,
            })
            .collect();
        let late = self.late_revocations();
        list.extend(
            late.iter()
                .filter(|((issuer, _), when)| *issuer == ca && **when <= at)
                .map(|((_, serial), when)| {
                    let reason = Reason::KeyCompromise;
                    (serial.clone(), Revoked { at: *when, reason })
                }),
        );
        list.sort_by(|a, b| (a.1.at, &a.0).cmp(&(b.1.at, &b.0)));
        list
    }

    /// The CA `ca`.
    pub(crate) fn issuer(&self, ca: TestCa) -> Option<&Issuer> {
        self.issuers.iter().find(|i| i.ca == ca)
    }
}

fn issuer(fixtures: &Fixtures, ca: TestCa) -> Result<Issuer, RevocationError> {
    let credential = fixtures.test_ca(ca)?;
    let unreadable = || RevocationError::CaCertificate { ca: ca.stem() };
    let (_, cert) = X509Certificate::from_der(&credential.cert_der).map_err(|_| unreadable())?;
    let name = cert.tbs_certificate.subject.as_raw().to_vec();
    let key = cert.public_key().subject_public_key.data.to_vec();
    Ok(Issuer {
        ca,
        credential,
        name,
        key,
    })
}

fn revoked(
    persona: &Persona,
    field: &'static str,
    revocation: Option<&Revocation>,
) -> Result<Option<Revoked>, RevocationError> {
    revocation
        .map(|r| {
            Ok(Revoked {
                at: r.at,
                reason: reason(persona, field, &r.reason)?,
            })
        })
        .transpose()
}

fn reason(persona: &Persona, field: &'static str, word: &str) -> Result<Reason, RevocationError> {
    Reason::from_word(word).ok_or_else(|| RevocationError::Reason {
        persona: persona.id.clone(),
        field,
        word: word.to_owned(),
    })
}

/// A serial without the leading zero bytes DER puts before a high bit.
pub(crate) fn minimal(serial: &[u8]) -> Vec<u8> {
    let skip = serial.iter().take_while(|b| **b == 0).count();
    serial[skip.min(serial.len().saturating_sub(1))..].to_vec()
}
