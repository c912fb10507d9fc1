//! Why a scenario's world could not be set up: each part's own error (the plan, a card, a
//! reader, the fixtures, the service, the terminal, the share), or a folder, the CA file or the
//! NFC relay that could not be made. The run does not stop for it: the scenario's report is
//! FAILED with the error's text ([`error_text`](crate::run::error_text::error_text)) as its note.

use super::{cards, plan, readers, share, shared};

/// Why [`super::World::stage`] or [`super::Staged::open`] failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WorldError {
    /// The fixtures could not be moved to the scenario's day (boxed: a persona file's error
    /// is large).
    #[error(transparent)]
    Fixtures(Box<shared::SharedError>),
    /// A scenario the run cannot hold.
    #[error(transparent)]
    Plan(#[from] plan::PlanError),
    /// A card that cannot be made.
    #[error(transparent)]
    Card(#[from] cards::CardError),
    /// A reader that cannot get its card.
    #[error(transparent)]
    Reader(#[from] readers::ReaderError),
    /// The scenario's scratch folder cannot be made.
    #[error("the scenario's folder cannot be made")]
    Folder(#[source] std::io::Error),
    /// The client's home, temporary or working folder cannot be made.
    #[error("the client's folders cannot be made in {}", dir.display())]
    ClientFolders {
        /// The scenario's folder they go in.
        dir: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The claim folder (`MYNAKIT_CLAIM_DIR`) cannot be made.
    #[error("the claim folder cannot be made in {}", dir.display())]
    ClaimFolder {
        /// The scenario's folder it goes in.
        dir: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The CA file the client trusts cannot be written (the error names it).
    #[error(transparent)]
    CaFile(#[from] mynakit_fixtures::output::WriteError),
    /// The mock service could not start (its data, a port).
    #[error("starting the mock service")]
    Service(#[source] mynakit_service::ServeError),
    /// The revocation service of a `relying-party` scenario could not start.
    #[error(transparent)]
    Revocation(#[from] super::revocation::RevocationStartError),
    /// The relying party's accounts of a かざし scenario: a persona's card did not load.
    #[error("the relying party's accounts: {0}")]
    Accounts(String),
    /// The 券面 APs' test CV roots of a counter read could not be read or written for the
    /// client (the file named).
    #[error("the 券面 APs' test CV roots: {0}")]
    CvRoots(String),
    /// The nonce service of a 当人認証 scenario cannot listen on loopback.
    #[error("the nonce service cannot listen on loopback")]
    Nonces(#[source] std::io::Error),
    /// The 資格確認端末 could not start.
    #[error(transparent)]
    Terminal(#[from] mynakit_terminal::TerminalError),
    /// The terminal's SMB share could not start.
    #[error(transparent)]
    Share(#[from] share::ShareError),
    /// The patient card's NFC relay cannot listen.
    #[error("the NFC relay cannot listen on {addr}")]
    Relay {
        /// The address asked for.
        addr: std::net::SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl From<shared::SharedError> for WorldError {
    fn from(error: shared::SharedError) -> Self {
        WorldError::Fixtures(Box::new(error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::error_text::error_text;

    #[test]
    fn the_text_names_the_place_then_each_cause() {
        let e = WorldError::Relay {
            addr: std::net::SocketAddr::from(([127, 0, 0, 1], 7351)),
            source: std::io::Error::new(std::io::ErrorKind::AddrInUse, "in use"),
        };
        assert_eq!(
            error_text(&e),
            "the NFC relay cannot listen on 127.0.0.1:7351: in use"
        );
        let e = WorldError::Plan(plan::PlanError::LateWithoutCard { index: 1 });
        assert_eq!(
            error_text(&e),
            "given.readers[1].insert_after_ms needs a card"
        );
    }
}
