//! The test CAs' CRLs (RFC 5280 §5): v2, every certificate of the CA revoked by thisUpdate with
//! its reasonCode, a cRLNumber and the CA's key identifier.

use time::{Duration, OffsetDateTime};
use yasna::Tag;

use super::answered::{Answered, Says};
use super::der::{oid, signed, whole_seconds, write_algorithm, write_time};
use mynakit_protocol::RevocationFault as Fault;

use super::fault::CRL_BEHIND;
use super::ocsp::BACKDATE;
use super::registry::{Issuer, Registry};

/// How long a CRL is current: a day, as JPKI's CRL is published daily (mynakit's own model of
/// the interval; the J-LIS profile is not public).
pub const CRL_VALIDITY: Duration = Duration::hours(24);

const REASON_CODE: &[u64] = &[2, 5, 29, 21];
const CRL_NUMBER: &[u64] = &[2, 5, 29, 20];
const AUTHORITY_KEY_ID: &[u64] = &[2, 5, 29, 35];

/// thisUpdate and nextUpdate of a CRL made at `now` under `faults`: thisUpdate [`BACKDATE`]
/// back, as an OCSP answer's.
pub(crate) fn window(faults: &[Fault], now: OffsetDateTime) -> (OffsetDateTime, OffsetDateTime) {
    if faults.contains(&Fault::CrlStale) {
        (now - Duration::days(2), now - Duration::days(1))
    } else if faults.contains(&Fault::CrlBehind) {
        (now - CRL_BEHIND, now - CRL_BEHIND + CRL_VALIDITY)
    } else {
        (now - BACKDATE, now + CRL_VALIDITY)
    }
}

/// `ca`'s CRL as of `now`, DER, and what it says.
pub(crate) fn crl(
    registry: &Registry,
    ca: &Issuer,
    faults: &[Fault],
    now: OffsetDateTime,
) -> Result<(Vec<u8>, Answered), mynakit_fixtures::SignFailed> {
    let now = whole_seconds(now);
    let (this_update, next_update) = window(faults, now);
    // What it lists: every revocation by the moment it is made (its thisUpdate is only dated
    // back, for the clients' clocks); a stale or lagging list, by its own thisUpdate.
    let lagging = faults.contains(&Fault::CrlStale) || faults.contains(&Fault::CrlBehind);
    let revoked = registry.revoked_by(ca.ca, if lagging { this_update } else { now });
    let key = &ca.credential.key;
    let tbs = yasna::construct_der(|w| {
        w.write_sequence(|w| {
            w.next().write_u8(1);
            write_algorithm(w.next(), key);
            w.next().write_der(&ca.name);
            write_time(w.next(), this_update);
            write_time(w.next(), next_update);
            if !revoked.is_empty() {
                w.next().write_sequence(|w| {
                    for (serial, entry) in &revoked {
                        w.next().write_sequence(|w| {
                            w.next().write_bigint_bytes(serial, true);
                            write_time(w.next(), entry.at);
                            w.next().write_sequence(|w| {
                                w.next().write_sequence(|w| {
                                    w.next().write_oid(&oid(REASON_CODE));
                                    let code = entry.reason.code();
                                    let value = yasna::construct_der(|w| w.write_enum(code));
                                    w.next().write_bytes(&value);
                                })
                            });
                        });
                    }
                });
            }
            w.next().write_tagged(Tag::context(0), |w| {
                w.write_sequence(|w| {
                    w.next().write_sequence(|w| {
                        w.next().write_oid(&oid(CRL_NUMBER));
                        // The CRL number: the minutes since the epoch of thisUpdate, so it
                        // grows with every CRL issued (§5.2.3).
                        let number = (this_update.unix_timestamp() / 60).max(0) as u64;
                        let value = yasna::construct_der(|w| w.write_u64(number));
                        w.next().write_bytes(&value);
                    });
                    w.next().write_sequence(|w| {
                        w.next().write_oid(&oid(AUTHORITY_KEY_ID));
                        let id = ca.key_id();
                        let value = yasna::construct_der(|w| {
                            w.write_sequence(|w| {
                                w.next()
                                    .write_tagged_implicit(Tag::context(0), |w| w.write_bytes(&id))
                            })
                        });
                        w.next().write_bytes(&value);
                    });
                })
            });
        })
    });
    let signer = super::ocsp::signer(registry, ca, faults);
    let der = signed(&tbs, &signer.credential.key, None, faults)?;
    let answered = Answered {
        ca: ca.ca,
        says: Says::Crl {
            listed: revoked.into_iter().map(|(serial, _)| serial).collect(),
        },
        signed_by_ca: signer.ca == ca.ca && !faults.contains(&Fault::Unsigned),
        current: this_update <= now && now <= next_update,
    };
    Ok((der, answered))
}
