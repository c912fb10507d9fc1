//! Errors that stop the service from starting or serving (not request errors: see `problem`).
//!
//! The data variants say everything in their own message (file, place, what is wrong) and have
//! no `source`: the command line prints an error with its chain of sources, which would repeat it.

use std::path::PathBuf;

/// Why the server's TLS material (`pki/server/`) gives no rustls configuration.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TlsError {
    /// The key file is not text.
    #[error("{file}: {error}")]
    KeyNotUtf8 {
        /// The key file's name (`server.key.pem`).
        file: &'static str,
        /// Where the text stops being UTF-8.
        error: std::string::FromUtf8Error,
    },
    /// The key file's PEM body is not base64.
    #[error("{file}: {error}")]
    KeyNotBase64 {
        /// The key file's name (`server.key.pem`).
        file: &'static str,
        /// The decoder's reason.
        error: base64::DecodeError,
    },
    /// rustls refused the protocol versions, the certificate or the key.
    #[error(transparent)]
    Rustls(#[from] rustls::Error),
}

/// Why the service could not start or stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The fixtures (personas, CA certificates) could not be loaded.
    #[error("fixtures: {0}")]
    Fixtures(#[from] mynakit_fixtures::FixtureError),
    /// A trust anchor is unusable.
    #[error(transparent)]
    Certificate(#[from] crate::card_proof::certificate::CertificateError),
    /// A file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// A listener could not be bound on 127.0.0.1.
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind {
        /// The port asked for.
        port: u16,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The TLS configuration was refused.
    #[error("TLS: {0}")]
    Tls(TlsError),
    /// A setting given on the command line (or in `ServiceConfig`) is unusable.
    #[error("setting {0}")]
    Settings(#[from] crate::state::config::SettingsError),
    /// The service data (`--data`) is unusable.
    #[error("service data: {0}")]
    Data(crate::state::data::DataError),
    /// The service data file (`--data FILE`) reads, but names someone or something that does
    /// not exist, or a setting that is unusable.
    #[error("{}: service data: {error}", path.display())]
    DataFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        error: crate::state::data::DataError,
    },
}

impl From<crate::state::data::DataError> for ServeError {
    fn from(error: crate::state::data::DataError) -> Self {
        ServeError::Data(error)
    }
}
