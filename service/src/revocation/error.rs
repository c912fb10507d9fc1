//! What can stop the revocation service from starting.

use super::reason::Reason;

/// The revocation service could not read what it answers from.
#[derive(Debug, thiserror::Error)]
pub enum RevocationError {
    /// A persona or key file did not load.
    #[error(transparent)]
    Fixture(#[from] mynakit_fixtures::FixtureError),
    /// A persona's certificate does not parse, or none of the test CAs issued it.
    #[error("persona `{persona}`: its {which} certificate is not one a test CA issued")]
    Certificate {
        /// The persona's id.
        persona: String,
        /// `auth` or `sign`.
        which: &'static str,
    },
    /// A test CA's certificate does not parse.
    #[error("pki/ca/{ca}.der: not a certificate")]
    CaCertificate {
        /// The CA's file stem.
        ca: &'static str,
    },
    /// A revocation reason that is none of RFC 5280's words.
    #[error(
        "persona `{persona}`: `{field}.reason` \"{word}\" is not one of {}",
        words()
    )]
    Reason {
        /// The persona's id.
        persona: String,
        /// The persona file's field.
        field: &'static str,
        /// What it says.
        word: String,
    },
}

fn words() -> String {
    Reason::ALL
        .iter()
        .map(|r| format!("`{}`", r.word()))
        .collect::<Vec<_>>()
        .join(", ")
}
