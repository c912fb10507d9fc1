//! What the revocation service can be told to get wrong (`docs/revocation.md`, "Faults"): the
//! faults are the relying party's vocabulary ([`mynakit_protocol::RevocationFault`]), which the
//! harness's facts and the checks share; how late and how far behind they make the service is
//! the service's.

/// How far behind [`mynakit_protocol::RevocationFault::CrlBehind`]'s CRL is, as the service's
/// clock counts ([`mynakit_protocol::revocation::CRL_BEHIND`]).
pub const CRL_BEHIND: time::Duration =
    time::Duration::seconds(mynakit_protocol::revocation::CRL_BEHIND.as_secs() as i64);
