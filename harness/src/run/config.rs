//! How a run is configured: which client runs ([`ClientSpec`]) and how ([`RunConfig`]), with
//! what the configuration alone tells before any client speaks — the transport, the client
//! program to start, the capabilities declared and the rule set of scenarios that name none
//! (`docs/client-protocol.md`, "Capabilities"; `docs/rules.md`).

use std::path::PathBuf;
use std::sync::Arc;

use mynakit_fixtures::Fixtures;
use mynakit_protocol::{Capabilities, RuleSet};

use super::client::program;
use super::client::socket::ClientSocket;
use super::error::RunError;
use super::operator::manual::Tester;
use super::pool::Transport;
use super::secrets::scrub::redacted_command_line;
use super::world::TerminalShare;
use crate::scenario::needs::{unclaimed_in_run, Unclaimed};
use crate::scenario::Scenario;

/// The default time limit of a scenario, in seconds (a scenario's `timeout_secs` overrides it).
pub const DEFAULT_TIMEOUT_SECS: u64 = 60;

/// Which client runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientSpec {
    /// mynakit's reference client; `defects` are deliberate bugs (`docs/reference-client.md`)
    /// for proving that checks catch wrong clients.
    Reference {
        /// Defect names.
        defects: Vec<String>,
    },
    /// Any command, run with `sh -c`.
    Command(String),
}

impl ClientSpec {
    /// The reference client without defects.
    pub fn reference() -> ClientSpec {
        ClientSpec::Reference {
            defects: Vec::new(),
        }
    }

    /// As written in reports.
    pub fn describe(&self) -> String {
        match self {
            ClientSpec::Reference { defects } if defects.is_empty() => {
                "reference client".to_owned()
            }
            ClientSpec::Reference { defects } => {
                format!("reference client with defects: {}", defects.join(", "))
            }
            ClientSpec::Command(c) => redacted_command_line(c),
        }
    }
}

/// How to run.
#[derive(Clone, Debug)]
pub struct RunConfig {
    /// The client.
    pub client: ClientSpec,
    /// The card transport.
    pub transport: Transport,
    /// Which pcscd carries the readers with the PC/SC transport (`--pcscd`): managed by
    /// default, or the system's.
    pub pcscd: mynakit_reader::PcscdChoice,
    /// Scenarios run at once.
    pub jobs: usize,
    /// Time limit for a scenario without its own, seconds.
    pub timeout_secs: u64,
    /// Personas and PKI.
    pub fixtures: Fixtures,
    /// The path of the `mynakit` program. No longer used by [`run`](super::run): the built-in
    /// reference client runs on a thread of this process over pcscd too
    /// (`docs/reference-client.md`); kept, deprecated, so that callers which set it still build.
    #[deprecated(
        note = "unused: the built-in reference client runs on a thread of this process; \
                nothing needs setting"
    )]
    pub program: PathBuf,
    /// Manual mode: a person drives the app and reports what it showed (one scenario at a
    /// time, over pcscd).
    pub manual: Option<Arc<dyn Tester>>,
    /// The rule set of scenarios that name none (`--rules`); `None`: the newest the client
    /// declares, else the newest there is (`docs/rules.md`).
    pub rules: Option<RuleSet>,
    /// The client's declared capabilities (`--capabilities FILE`); `None`: the built-in
    /// client's own, or what a client command says in `hello`, or nothing.
    pub capabilities: Option<Capabilities>,
    /// `--expected-failures FILE`: waivers the vendor keeps beside the app, per scenario.
    pub expected_failures: Option<crate::waivers::ExpectedFailures>,
    /// `--strict-waivers`: a stale waiver FAILS its scenario instead of warning.
    pub strict_waivers: bool,
    /// The run's stop switch: once set (SIGINT, SIGTERM), running clients are ended, no new
    /// scenario starts, and the report holds what finished, marked interrupted.
    pub stop: Arc<crate::interrupt::Stop>,
    /// `--relay [ADDR]`: every scenario's patient card (its first reader) behind an NFC relay
    /// of its own on ADDR's address (`docs/mobile.md`), and the client judged as claiming the
    /// transport `nfc`. `None`: a relay only for a client that declares `transport: nfc` and for
    /// scenarios that need it, on loopback.
    pub relay: Option<std::net::SocketAddr>,
    /// `--client-socket`: the client is an app that connects to this socket for each scenario
    /// run (`docs/mobile.md`); `client` is then not started. Scenarios run one at a time.
    pub client_socket: Option<Arc<ClientSocket>>,
    /// `--terminal-share smb`: each scenario's terminal folders also behind a private loopback
    /// SMB share (docs/terminal.md, "The share in a run").
    pub terminal_share: TerminalShare,
    /// `--as-of DAY`: the day the scenarios were moved to and those that stayed on their own
    /// ([`move_to()`](super::move_to)), for the report.
    pub as_of: Option<crate::scenario::as_of::AsOfRun>,
    /// `--began NAME=DAY`: the starts' first days the run set; the others keep their own
    /// (`docs/rules.md`, "Setting a start's day").
    pub began: mynakit_protocol::Starts,
    /// The starts of [`RunConfig::began`] that `--began` set; the others it sets came from
    /// `MYNAKIT_BEGAN` (the report says which, `docs/reports.md`).
    pub began_by_flag: mynakit_protocol::Starts,
    /// `--station-prices FILE`: the vendor's table of the 訪問看護療養費 prices no public source
    /// here gives, which `UKE-station-amounts` judges by (`docs/rules.md`, "Setting a
    /// station's prices"); empty without the flag.
    pub station_prices: Arc<mynakit_protocol::PriceTable>,
    /// `--max-failures N`: once N scenario runs FAILED, no further one starts (those running
    /// finish); `None`: every scenario runs.
    pub max_failures: Option<usize>,
    /// `--windows PROGRAM`: the client is a Windows program under Wine, whose WinSCard is a
    /// bridge to the run's pcscd (`docs/windows.md`): a stack fault is judged as it reaches
    /// the client through it ([`RunConfig::under_wine`]).
    pub wine: bool,
    /// `--repeat N`: each scenario runs N times, its report the worst attempt's with every
    /// attempt and the flake beside it ([`combine_attempts`](crate::report::combine_attempts));
    /// 1 (or 0): once.
    pub repeat: usize,
    /// `--suite DAY`: the suite the run judges by (`docs/suites.md`); `None`: the one the
    /// client declares (`capabilities.suite`), else the newest.
    pub suite: Option<mynakit_conformance::suite::Suite>,
}

/// The client command a run starts for each scenario: as written, and resolved to the program
/// it names from the folder `mynakit run` was started in.
pub(crate) struct ClientCommand<'c> {
    /// As the user wrote it (`--client`).
    pub(crate) written: &'c str,
    /// With a relative program path made absolute ([`program::resolve`]).
    pub(crate) resolved: String,
    /// The folder a relative client path is taken from.
    pub(crate) cwd: PathBuf,
}

impl RunConfig {
    /// Defaults: two jobs, 60 s per scenario.
    // The deprecated `program` still gets its old default, for callers that read it.
    #[allow(deprecated)]
    pub fn new(client: ClientSpec, transport: Transport, fixtures: Fixtures) -> RunConfig {
        RunConfig {
            client,
            transport,
            pcscd: mynakit_reader::PcscdChoice::Managed,
            jobs: 2,
            timeout_secs: DEFAULT_TIMEOUT_SECS,
            fixtures,
            program: std::env::current_exe().unwrap_or_else(|_| PathBuf::from("mynakit")),
            manual: None,
            rules: None,
            capabilities: None,
            expected_failures: None,
            strict_waivers: false,
            stop: Arc::default(),
            relay: None,
            client_socket: None,
            terminal_share: TerminalShare::None,
            as_of: None,
            began: mynakit_protocol::Starts::default(),
            began_by_flag: mynakit_protocol::Starts::default(),
            station_prices: Arc::default(),
            max_failures: None,
            repeat: 1,
            wine: false,
            suite: None,
        }
    }

    /// Whether the client runs under Wine: `--windows` ([`RunConfig::wine`]), or a client
    /// command that starts the project's launcher (`windows/wine-run`, docs/windows.md) or
    /// `wine` itself.
    pub(crate) fn under_wine(&self) -> bool {
        let launcher = match (&self.client, &self.manual, &self.client_socket) {
            (ClientSpec::Command(written), None, None) => written
                .split_whitespace()
                .next()
                .and_then(|program| std::path::Path::new(program).file_name())
                .and_then(|name| name.to_str())
                .is_some_and(|name| matches!(name, "wine-run" | "wine" | "wine64")),
            _ => false,
        };
        self.wine || launcher
    }

    /// The rule set of scenarios that name none, before any client spoke: `--rules`, else the
    /// newest the declaration names, else the newest there is.
    pub fn run_rules(&self) -> RuleSet {
        self.rules
            .or_else(|| self.declared().and_then(|c| c.newest_rules()))
            .unwrap_or(RuleSet::NEWEST)
    }

    /// The capabilities declared before the run: the `--capabilities` file, or the built-in
    /// client's own.
    pub fn declared(&self) -> Option<Capabilities> {
        let declared = match (&self.capabilities, &self.client) {
            (Some(file), _) => Some(file.clone()),
            // With --client-socket the client is the app on the socket, never the reference
            // client: its declaration comes in its `hello` (docs/mobile.md).
            (None, ClientSpec::Reference { .. })
                if self.manual.is_none() && self.client_socket.is_none() =>
            {
                Some(mynakit_reference_client::capabilities())
            }
            _ => None,
        };
        declared.map(|d| with_run_transport(d, self.relay.is_some()))
    }

    /// Why the capabilities declared before the run leave this run of `scenario` out (its own
    /// needs and the run's `--rules`), or `None`: what the run itself decides, for `--list`.
    pub fn unclaimed(&self, scenario: &Scenario) -> Option<Unclaimed> {
        let run_rules = self.rules.filter(|_| scenario.rules.is_none());
        self.declared()
            .and_then(|d| unclaimed_in_run(scenario, &d, run_rules))
    }

    /// The transport the run uses: PC/SC for a person; else `transport` as asked, where `auto`
    /// is in-process only for the built-in client that is not an app on the client socket.
    pub(crate) fn run_transport(&self) -> Transport {
        match self.manual {
            Some(_) => Transport::Pcscd,
            None => self.transport.resolve(
                matches!(self.client, ClientSpec::Reference { .. }) && self.client_socket.is_none(),
            ),
        }
    }

    /// The client command the run starts, or `None` when it starts none (the built-in client,
    /// a person, an app on the client socket).
    ///
    /// # Errors
    ///
    /// [`RunError::Program`] (or [`RunError::CurrentDir`]): the client program cannot be started.
    pub(crate) fn client_command(&self) -> Result<Option<ClientCommand<'_>>, RunError> {
        match (&self.client, &self.manual, &self.client_socket) {
            (ClientSpec::Command(written), None, None) => {
                let cwd = std::env::current_dir().map_err(RunError::CurrentDir)?;
                Ok(Some(ClientCommand {
                    written,
                    resolved: program::resolve(written, &cwd)?,
                    cwd,
                }))
            }
            _ => Ok(None),
        }
    }

    /// The client as report.json names it (`client`).
    pub(crate) fn client_in_report(&self) -> String {
        match (&self.manual, self.client_socket.as_deref()) {
            (Some(_), None) => "manual (a person)".to_owned(),
            (Some(_), Some(socket)) => {
                format!(
                    "manual (a person), app on the client socket {}",
                    socket.addr()
                )
            }
            (None, Some(socket)) => format!("app on the client socket {}", socket.addr()),
            (None, None) => self.client.describe(),
        }
    }
}

/// Says at once, before anything is created, when the client program cannot be started (the
/// same check [`run`](super::run) makes): a user's typo must not leave an empty report folder
/// behind.
///
/// # Errors
///
/// [`RunError::Program`] (or [`RunError::CurrentDir`]): the client program cannot be started.
pub fn check_client(config: &RunConfig) -> Result<(), RunError> {
    config.client_command().map(drop)
}

/// `mynakit run --relay` puts the cards behind the NFC relay: the client is judged as reaching
/// them over NFC, whatever it declares (`docs/mobile.md`).
pub(crate) fn with_run_transport(mut declared: Capabilities, relay: bool) -> Capabilities {
    if relay {
        declared.transport = Some(mynakit_protocol::Transport::Nfc);
    }
    declared
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(written: &str) -> RunConfig {
        RunConfig::new(
            ClientSpec::Command(written.to_owned()),
            Transport::Pcscd,
            Fixtures::bundled(),
        )
    }

    #[test]
    fn a_client_under_wine_is_known_by_windows_or_by_its_launcher() {
        assert!(command("windows/wine-run app.exe --port 1").under_wine());
        assert!(command("/opt/wine/bin/wine64 app.exe").under_wine());
        assert!(!command("./my-app --wine-mode").under_wine());
        assert!(!RunConfig::new(
            ClientSpec::reference(),
            Transport::Auto,
            Fixtures::bundled()
        )
        .under_wine());
        let mut windows = command("bash /tmp/launcher/run app.exe");
        assert!(!windows.under_wine());
        windows.wine = true;
        assert!(windows.under_wine());
    }
}
