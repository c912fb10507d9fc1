//! What every world of a run shares, read once per run instead of once per scenario: the
//! fixtures (every persona parsed and validated, each card's material at its first use), the
//! service's card CAs and TLS identity, the CA certificates a client may be told to trust, and
//! the terminal's bundled example data. The worlds of the pool's jobs read it at once, so it
//! holds nothing a world changes.

use mynakit_fixtures::{Fixtures, LoadedFixtures};
use mynakit_service::ServiceFixtures;
use mynakit_terminal::TerminalData;

/// The run's fixtures, read once.
pub(crate) struct Shared {
    /// Personas and card material.
    pub(super) fixtures: LoadedFixtures,
    /// The service's personas, card CAs and TLS identity.
    pub(super) service: ServiceFixtures,
    /// `pki/server/ca.pem`: the CA of the service's certificate.
    pub(super) server_ca_pem: Vec<u8>,
    /// `pki/ca/auth-ca.der` as PEM: a CA that did not sign the service's certificate.
    pub(super) wrong_ca_pem: Vec<u8>,
    /// The bundled example terminal data (`given.terminal` applies over it).
    pub(super) terminal_example: TerminalData,
}

impl Shared {
    /// Reads `fixtures` and the terminal's bundled example.
    ///
    /// # Errors
    ///
    /// A persona that does not load, a missing or unusable PKI file, a broken bundled example.
    pub(crate) fn load(fixtures: &Fixtures) -> anyhow::Result<Shared> {
        let fixtures = LoadedFixtures::load(fixtures.clone())?;
        let pki = fixtures.fixtures().pki_dir();
        let service = ServiceFixtures::load(&pki, fixtures.personas().to_vec())?;
        let server_ca_pem = std::fs::read(pki.join("server/ca.pem"))?;
        // Trusting a CA that did not sign the server's certificate is the same, for the client,
        // as the server presenting another CA's certificate.
        let wrong_ca_pem =
            mynakit_fixtures::certificate_pem(&std::fs::read(pki.join("ca/auth-ca.der"))?)
                .map_err(anyhow::Error::msg)?
                .into_bytes();
        Ok(Shared {
            fixtures,
            service,
            server_ca_pem,
            wrong_ca_pem,
            terminal_example: TerminalData::example()?,
        })
    }
}
