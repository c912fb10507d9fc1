//! The DER pieces OCSP answers and CRLs share: times, the signature algorithm, the signed
//! envelope (RFC 5280 §4.1.1.2, RFC 6960 §4.2.1).

use mynakit_fixtures::PrivateKey;
use time::OffsetDateTime;
use yasna::models::{GeneralizedTime, ObjectIdentifier, UTCTime};
use yasna::DERWriter;

use mynakit_protocol::RevocationFault as Fault;

const SHA256_WITH_RSA: &[u64] = &[1, 2, 840, 113549, 1, 1, 11];
const ECDSA_WITH_SHA384: &[u64] = &[1, 2, 840, 10045, 4, 3, 3];

/// `time` to the second: DER times carry no fraction here.
pub(crate) fn whole_seconds(time: OffsetDateTime) -> OffsetDateTime {
    time.replace_nanosecond(0).unwrap_or(time)
}

pub(crate) fn write_generalized(w: DERWriter<'_>, time: OffsetDateTime) {
    w.write_generalized_time(&GeneralizedTime::from_datetime(whole_seconds(time)));
}

/// RFC 5280's Time: UTCTime through 2049 (§4.1.2.5).
pub(crate) fn write_time(w: DERWriter<'_>, time: OffsetDateTime) {
    let time = whole_seconds(time);
    match UTCTime::from_datetime_opt(time) {
        Some(utc) if time.year() < 2050 => w.write_utctime(&utc),
        _ => write_generalized(w, time),
    }
}

pub(crate) fn oid(arcs: &[u64]) -> ObjectIdentifier {
    ObjectIdentifier::from_slice(arcs)
}

/// The AlgorithmIdentifier of what `key` signs with (NULL parameters for RSA, none for ECDSA).
pub(crate) fn write_algorithm(w: DERWriter<'_>, key: &PrivateKey) {
    w.write_sequence(|w| match key {
        PrivateKey::Rsa(_) => {
            w.next().write_oid(&oid(SHA256_WITH_RSA));
            w.next().write_null();
        }
        PrivateKey::P384(_) => w.next().write_oid(&oid(ECDSA_WITH_SHA384)),
    });
}

/// `SEQUENCE { tbs, algorithm, signature BIT STRING, [0] EXPLICIT SEQUENCE { cert } }`
/// (the last only with `cert`, as a BasicOCSPResponse carries its signer's certificate), `tbs`
/// signed by `key`, or with a signature of zeros under [`Fault::Unsigned`].
pub(crate) fn signed(
    tbs: &[u8],
    key: &PrivateKey,
    cert: Option<&[u8]>,
    faults: &[Fault],
) -> Result<Vec<u8>, mynakit_fixtures::SignFailed> {
    let mut signature = key.sign_pki(tbs)?;
    if faults.contains(&Fault::Unsigned) {
        signature.iter_mut().for_each(|b| *b = 0);
    }
    Ok(yasna::construct_der(|w| {
        w.write_sequence(|w| {
            w.next().write_der(tbs);
            write_algorithm(w.next(), key);
            w.next().write_bitvec_bytes(&signature, signature.len() * 8);
            if let Some(cert) = cert {
                w.next().write_tagged(yasna::Tag::context(0), |w| {
                    w.write_sequence(|w| w.next().write_der(cert))
                });
            }
        })
    }))
}
