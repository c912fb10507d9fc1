//! An OCSP request read (RFC 6960 §4.1.1): the CertIDs asked about and the nonce to echo.

use yasna::{ASN1Error, ASN1ErrorKind, Tag};

use super::registry::HashAlgorithm;

/// `id-pkix-ocsp-nonce` (RFC 6960 §4.4.1).
pub(crate) const NONCE: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 48, 1, 2];

/// One CertID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CertId {
    /// Its DER, echoed in the answer.
    pub(crate) der: Vec<u8>,
    pub(crate) algorithm: Option<HashAlgorithm>,
    pub(crate) name_hash: Vec<u8>,
    pub(crate) key_hash: Vec<u8>,
    pub(crate) serial: Vec<u8>,
}

impl CertId {
    /// The same CertID (hash algorithm, the issuer's name and key hashes) naming `serial`
    /// (big-endian, positive) instead; `None` when its DER does not read again.
    pub(crate) fn with_serial(&self, serial: &[u8]) -> Option<CertId> {
        let (algorithm, name, key) = yasna::parse_der(&self.der, |r| {
            r.read_sequence(|r| {
                let algorithm = r.next().read_der()?;
                let name = r.next().read_bytes()?;
                let key = r.next().read_bytes()?;
                r.next().read_bigint_bytes()?;
                Ok((algorithm, name, key))
            })
        })
        .ok()?;
        let der = yasna::construct_der(|w| {
            w.write_sequence(|w| {
                w.next().write_der(&algorithm);
                w.next().write_bytes(&name);
                w.next().write_bytes(&key);
                w.next().write_bigint_bytes(serial, true);
            })
        });
        cert_id(der).ok()
    }
}

/// A nonce extension (DER, whole) other than `asked` (the request's, when it had one): its
/// value's last byte changed, or, for a request without one, a nonce of 16 bytes no one sent
/// (`other-request`, the answer to another request replayed).
pub(crate) fn other_nonce(asked: Option<&[u8]>) -> Vec<u8> {
    let value = asked
        .and_then(|ext| {
            yasna::parse_der(ext, |r| {
                r.read_sequence(|r| {
                    r.next().read_oid()?;
                    r.read_optional(|r| r.read_bool())?;
                    r.next().read_bytes()
                })
            })
            .ok()
        })
        .map(|mut value| {
            match value.last_mut() {
                Some(last) => *last ^= 0xFF,
                None => value.push(0),
            }
            value
        })
        .unwrap_or_else(|| yasna::construct_der(|w| w.write_bytes(&[0x5A; 16])));
    yasna::construct_der(|w| {
        w.write_sequence(|w| {
            w.next()
                .write_oid(&yasna::models::ObjectIdentifier::from_slice(NONCE));
            w.next().write_bytes(&value);
        })
    })
}

/// What a request asks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Request {
    pub(crate) ids: Vec<CertId>,
    /// The nonce extension's DER, whole.
    pub(crate) nonce: Option<Vec<u8>>,
}

/// Why a request was refused as `malformedRequest`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum RequestError {
    #[error("not an OCSPRequest: {0}")]
    Der(ASN1Error),
    #[error("an OCSPRequest with no CertID")]
    Empty,
}

/// Reads `der` as an OCSPRequest.
pub(crate) fn parse(der: &[u8]) -> Result<Request, RequestError> {
    let (ids, extensions) = yasna::parse_der(der, |r| {
        r.read_sequence(|r| {
            let tbs = r.next().read_sequence(|r| {
                r.read_optional(|r| r.read_tagged(Tag::context(0), |r| r.read_u8()))?;
                r.read_optional(|r| r.read_tagged(Tag::context(1), |r| r.read_der()))?;
                let ids = r.next().collect_sequence_of(|r| {
                    r.read_sequence(|r| {
                        let id = r.next().read_der()?;
                        r.read_optional(|r| r.read_tagged(Tag::context(0), |r| r.read_der()))?;
                        Ok(id)
                    })
                })?;
                let extensions = r.read_optional(|r| {
                    r.read_tagged(Tag::context(2), |r| r.collect_sequence_of(|r| r.read_der()))
                })?;
                Ok((ids, extensions.unwrap_or_default()))
            })?;
            r.read_optional(|r| r.read_tagged(Tag::context(0), |r| r.read_der()))?;
            Ok(tbs)
        })
    })
    .map_err(RequestError::Der)?;
    if ids.is_empty() {
        return Err(RequestError::Empty);
    }
    let ids = ids
        .into_iter()
        .map(|der| cert_id(der).map_err(RequestError::Der))
        .collect::<Result<Vec<_>, _>>()?;
    let nonce = extensions.into_iter().find(|ext| is_nonce(ext));
    Ok(Request { ids, nonce })
}

fn cert_id(der: Vec<u8>) -> Result<CertId, ASN1Error> {
    let (algorithm, name_hash, key_hash, serial) = yasna::parse_der(&der, |r| {
        r.read_sequence(|r| {
            let algorithm = r.next().read_sequence(|r| {
                let oid = r.next().read_oid()?;
                r.read_optional(|r| r.read_null())?;
                Ok(HashAlgorithm::from_oid(oid.components()))
            })?;
            let name = r.next().read_bytes()?;
            let key = r.next().read_bytes()?;
            let (serial, positive) = r.next().read_bigint_bytes()?;
            if !positive {
                return Err(ASN1Error::new(ASN1ErrorKind::Invalid));
            }
            Ok((algorithm, name, key, serial))
        })
    })?;
    Ok(CertId {
        der,
        algorithm,
        name_hash,
        key_hash,
        serial,
    })
}

fn is_nonce(extension: &[u8]) -> bool {
    yasna::parse_der(extension, |r| {
        r.read_sequence(|r| {
            let oid = r.next().read_oid()?;
            r.read_optional(|r| r.read_bool())?;
            r.next().read_bytes()?;
            Ok(oid.components().as_slice() == NONCE)
        })
    })
    .unwrap_or(false)
}
