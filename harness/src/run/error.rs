//! Why a run could not start: a client that cannot run on the transport asked for, a defect
//! the reference client does not know, a program that cannot be started, readers that do not
//! start. A scenario whose world cannot be set up does not stop the run: its report is FAILED
//! and says why (`world::WorldError`).

/// Why [`super::run`] (or [`super::check_client`]) could not start.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// A client command on the in-process transport, which serves only the built-in reference
    /// client.
    #[error(
        "the in-process transport serves only the built-in reference client; a client \
         command needs PC/SC (`--transport pcscd`, with pcscd and vsmartcard-vpcd installed)"
    )]
    InProcessNeedsReference,
    /// A `--defect` the reference client does not have (a typo must not run a correct client
    /// and blame it: `docs/reference-client.md`).
    #[error(transparent)]
    Defect(#[from] mynakit_reference_client::UnknownDefect),
    /// The folder a relative client path is taken from cannot be read.
    #[error("--client: the current folder cannot be read")]
    CurrentDir(#[source] std::io::Error),
    /// The client program cannot be started (names the program and the folder).
    #[error(transparent)]
    Program(#[from] super::client::program::ProgramError),
    /// The readers could not start: pcscd missing, user namespaces refused, not ready.
    #[error(transparent)]
    Readers(#[from] mynakit_reader::PcscdError),
    /// The async runtime the services run on could not start.
    #[error("the run's async runtime cannot start")]
    Runtime(#[source] std::io::Error),
}
