//! `mynakit serve`: virtual readers holding personas' cards, until Ctrl-C or SIGTERM.
//!
//! The settings come from flags or a small TOML file (`docs/serve.md`):
//!
//! ```toml
//! pcscd = "managed"          # auto | managed | system | none
//! control = "127.0.0.1:7350"
//! contactless = false
//! contactless_atr = "3B 88 80 01 00 00 00 00 00 81 81 00 09"   # optional; implies contactless
//! latency = false            # 0.7 s signatures, like a real card
//! slots = ["employee", "dependent"]   # one persona (or "") per reader
//! terminal = "/tmp/oqs"      # also run the 資格確認端末 there (face pushes)
//! relay = "127.0.0.1:0"      # also offer each card to mobile apps as an NFC tag (docs/mobile.md)
//! pin_pad = false            # every reader a PIN pad, through mynakit's reader driver
//! driver = false             # mynakit's reader driver instead of vpcd: the stack faults' routes
//!
//! [terminal_settings]        # the terminal's data, as `mynakit terminal` takes it
//! scenario = "scenarios/terminal-every-state.yaml"   # or: data = "my-terminal.yaml"
//! encoding = "shift-jis"     # any TerminalSettings key: profile, bulk_delay_secs, zip_results…
//!
//! [smb]                      # also share the terminal's folder as \\HOST\oqs (mynakit_terminal_share)
//! listen = "192.168.122.1"   # optional: port 445 on this address (root); else loopback
//! ```

mod control;
mod terminal_setup;

pub use terminal_setup::{TerminalSetup, TerminalSetupError};

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use mynakit_emulator::{personalize, Behaviour};
use mynakit_fixtures::Fixtures;
use mynakit_reader::{Latency, PcscdChoice, PinPad, ReaderProfile, Readers, ReadersConfig};
use mynakit_timeline::Timeline;
use serde::Deserialize;

use control::ControlState;

use crate::run::PcscReaders;

/// Which pcscd, as the user names it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PcscdMode {
    /// Managed where it can run (root, or user namespaces allowed), else the system pcscd.
    #[default]
    Auto,
    /// A private pcscd in namespaces of its own (no sudo needed where user namespaces are
    /// allowed).
    Managed,
    /// The system pcscd with Debian's vpcd config.
    System,
    /// No PC/SC at all: in-process readers, for driving the terminal's face reader only.
    None,
}

/// Everything `serve` needs.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServeConfig {
    /// Which pcscd.
    #[serde(default)]
    pub pcscd: PcscdMode,
    /// The control endpoint; must be a loopback address.
    #[serde(default = "default_control")]
    pub control: SocketAddr,
    /// Present the card through a contactless reader profile.
    #[serde(default)]
    pub contactless: bool,
    /// The contactless reader's ATR instead of the default; implies `contactless`.
    #[serde(default)]
    pub contactless_atr: Option<ContactlessAtr>,
    /// Make the card as slow as a real one.
    #[serde(default)]
    pub latency: bool,
    /// One entry per reader: a persona id, or "" for an empty reader.
    #[serde(default)]
    pub slots: Vec<String>,
    /// Also run the 資格確認端末 on this folder (req/res/face), so that confirming a card at
    /// the virtual face reader (`mynakit reader confirm`) pushes a result into `face`.
    #[serde(default)]
    pub terminal: Option<std::path::PathBuf>,
    /// The terminal's data, scenario and overrides (`[terminal_settings]`; flags of
    /// `mynakit serve`); only with `terminal`.
    #[serde(default)]
    pub terminal_settings: TerminalSetup,
    /// Also share the terminal's folder over SMB (`[smb]`; `--smb`, `--smb-listen`); only with
    /// `terminal`.
    #[serde(default)]
    pub smb: Option<mynakit_terminal_share::ShareConfig>,
    /// vpcd drivers on other hosts (`--vpcd HOST:PORT`, repeatable; `vpcd = ["…"]`): one reader
    /// each, connected out to that address instead of a local pcscd, e.g. vsmartcard's Windows
    /// virtual reader in a VM (docs/reader.md, "A vpcd on another host"). Empty: local readers
    /// on loopback only.
    #[serde(default)]
    pub vpcd: Vec<VpcdAddr>,
    /// Also offer each reader's card over the NFC relay (`--relay [ADDR]`; `relay =
    /// "127.0.0.1:0"`): mobile apps reach the card as a tag (`docs/mobile.md`). Reader `i`
    /// listens on ADDR's port + `i` (port 0: an ephemeral port each). Loopback unless the
    /// address asks otherwise; the token is required either way.
    #[serde(default)]
    pub relay: Option<SocketAddr>,
    /// Every reader a PIN pad (`--pin-pad`; `pin_pad = true`): PC/SC Part 10's
    /// `FEATURE_VERIFY_PIN_DIRECT` and `FEATURE_MODIFY_PIN_DIRECT`, the same pad a scenario's
    /// `profile: pin-pad` reader is (`docs/reader.md`, "A PIN-pad reader"). Implies `driver`.
    /// The patient types the PINs `POST /readers/{slot}/pad` queues, and presses Cancel when
    /// none is left.
    #[serde(default)]
    pub pin_pad: bool,
    /// The readers are mynakit's reader driver's behind a managed pcscd instead of vpcd's
    /// (`--driver`; `driver = true`), so that the stack faults' routes (`transport-error`,
    /// `unavailable`, `restart`) work as a scenario's do (`docs/reader.md`, "Which transport
    /// shows which stack fault"). Off by default: the readers keep vpcd's names.
    #[serde(default)]
    pub driver: bool,
}

impl ServeConfig {
    /// Whether the readers are mynakit's reader driver's.
    pub fn uses_driver(&self) -> bool {
        self.driver || self.pin_pad
    }
}

/// A vpcd driver's address, `HOST:PORT` (a name is resolved once, when it is read).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VpcdAddr(pub SocketAddr);

/// Why a `--vpcd` (or `vpcd = […]`) value is not a vpcd driver's address. Read by clap and by
/// the TOML reader, which show the text alone, so it carries the resolver's message.
#[derive(Debug, thiserror::Error)]
pub enum VpcdAddrError {
    /// Not `HOST:PORT`.
    #[error(
        "{text:?} is not HOST:PORT (e.g. 192.168.56.101:35963; vsmartcard's vpcd listens on 35963)"
    )]
    NotHostPort {
        /// The value given.
        text: String,
    },
    /// The host name does not resolve.
    #[error("{text}: {source}")]
    Resolve {
        /// The value given.
        text: String,
        /// The resolver's error.
        source: std::io::Error,
    },
    /// The host name resolves to no address.
    #[error("{text}: the name has no address")]
    NoAddress {
        /// The value given.
        text: String,
    },
}

impl std::str::FromStr for VpcdAddr {
    type Err = VpcdAddrError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        use std::net::ToSocketAddrs;
        if let Ok(addr) = text.parse() {
            return Ok(VpcdAddr(addr));
        }
        if !text.rsplit_once(':').is_some_and(|(host, port)| {
            !host.is_empty() && !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())
        }) {
            return Err(VpcdAddrError::NotHostPort {
                text: text.to_owned(),
            });
        }
        text.to_socket_addrs()
            .map_err(|source| VpcdAddrError::Resolve {
                text: text.to_owned(),
                source,
            })?
            .next()
            .map(VpcdAddr)
            .ok_or_else(|| VpcdAddrError::NoAddress {
                text: text.to_owned(),
            })
    }
}

impl<'de> Deserialize<'de> for VpcdAddr {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A contactless ATR given in hex, checked as it is read (`mynakit_apdu::Atr`): a TOML error
/// names the line and column, a flag error the byte or character at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactlessAtr(pub Vec<u8>);

impl std::str::FromStr for ContactlessAtr {
    type Err = mynakit_apdu::AtrError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        mynakit_apdu::Atr::parse_hex(text).map(|atr| ContactlessAtr(atr.into_bytes()))
    }
}

impl<'de> Deserialize<'de> for ContactlessAtr {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The default control address.
pub fn default_control() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 7350))
}

impl ServeConfig {
    /// Reads a TOML config file; errors name the file, line and column.
    ///
    /// # Errors
    ///
    /// [`ConfigFileError`]: the file cannot be read, is not UTF-8, or is not a config.
    pub fn from_file(path: &Path) -> Result<ServeConfig, ConfigFileError> {
        let text = mynakit_fixtures::read_utf8(path)?;
        toml_config(&text).map_err(|error| ConfigFileError::Config {
            path: path.to_owned(),
            error,
        })
    }
}

/// Why a `mynakit serve --config FILE` is refused, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigFileError {
    /// The file cannot be read, or is not UTF-8 (`file:line:col: not UTF-8 (byte N)`).
    #[error(transparent)]
    Read(#[from] mynakit_fixtures::ReadError),
    /// The text is not a config: `file:line:col: …` on one line, as a YAML file's errors are
    /// (so the [`ConfigError`] is the message's tail, not a separate cause).
    #[error("{}:{error}", path.display())]
    Config {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong, at its line and column.
        error: ConfigError,
    },
}

/// Why a `mynakit serve` config file is refused, at its line and column.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Not TOML, or not the config's keys and values.
    #[error("{line}:{col}: {message}")]
    Toml {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        col: usize,
        /// The TOML reader's message.
        message: String,
    },
    /// A control address beyond loopback.
    #[error("{line}:{col}: control: {address} is not a loopback address; mynakit binds only to loopback")]
    NotLoopback {
        /// 1-based line of `control`.
        line: usize,
        /// 1-based column.
        col: usize,
        /// The address written.
        address: SocketAddr,
    },
}

fn toml_config(text: &str) -> Result<ServeConfig, ConfigError> {
    let config: ServeConfig = toml::from_str(text).map_err(|e| {
        let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
        ConfigError::Toml {
            line,
            col,
            message: e.message().to_owned(),
        }
    })?;
    if !config.control.ip().is_loopback() {
        // Named where it is written, as a parse error would be (`start` refuses it anyway).
        let at = text
            .match_indices("control")
            .find(|(i, _)| text[..*i].ends_with('\n') || *i == 0)
            .map_or(0, |(i, _)| i);
        let (line, col) = line_col(text, at);
        return Err(ConfigError::NotLoopback {
            line,
            col,
            address: config.control,
        });
    }
    Ok(config)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// A running `serve`.
pub struct Served {
    /// The readers.
    pub readers: Arc<PcscReaders>,
    /// The run's timeline.
    pub timeline: Timeline,
    /// The terminal, when asked for; it stops when this is dropped.
    pub terminal: Option<mynakit_terminal::RunningTerminal>,
    /// The terminal's SMB share, when asked for; smbd stops when this is dropped.
    pub share: Option<mynakit_terminal_share::Share>,
    /// The NFC relays, one per reader, when asked for (`relay`); they stop when dropped.
    pub relays: Vec<mynakit_reader::nfc::Relay>,
}

/// Why `serve` could not start, naming the setting at fault (the control address, a slot's
/// persona and reader, the relay's port) or forwarding the error of the part that failed.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A control address beyond loopback (a config file's is refused where it is read).
    #[error("control: {address} is not a loopback address; mynakit binds only to loopback")]
    NotLoopback {
        /// The address given.
        address: SocketAddr,
    },
    /// `--pin-pad` or `--driver` where mynakit's reader driver cannot carry the readers.
    #[error("--pin-pad and --driver need mynakit's reader driver behind a managed pcscd: not with {with}")]
    DriverNeedsManaged {
        /// What was asked for instead (`--pcscd system`, `--pcscd none`, `--vpcd`).
        with: &'static str,
    },
    /// `--smb` without `--terminal DIR`.
    #[error("an SMB share needs the terminal's folder: add --terminal DIR")]
    ShareWithoutTerminal,
    /// A persona of `slots` whose card cannot be made (unknown, or its material unusable).
    #[error(transparent)]
    Card(#[from] mynakit_emulator::personalize::PersonalizeError),
    /// More cards than `--vpcd` readers.
    #[error("{cards} cards for {readers} --vpcd readers: give one --vpcd per reader")]
    TooFewVpcd {
        /// The slots given.
        cards: usize,
        /// The `--vpcd` addresses given.
        readers: usize,
    },
    /// The readers (pcscd, vpcd) could not start, or pcscd did not see them in time.
    #[error(transparent)]
    Readers(#[from] mynakit_reader::PcscdError),
    /// A slot's card could not be put in its reader.
    #[error("slots: {persona} in reader {index}")]
    Insert {
        /// The persona.
        persona: String,
        /// The reader.
        index: usize,
        /// Why.
        #[source]
        source: mynakit_reader::PcscdError,
    },
    /// A slot beyond the readers there are.
    #[error("slots: {persona} is for reader {index}, but there are only {readers} readers")]
    NoSuchReader {
        /// The persona.
        persona: String,
        /// The reader asked for.
        index: usize,
        /// The readers there are.
        readers: usize,
    },
    /// The terminal's data or scenario does not load (boxed: a scenario's error is large).
    #[error(transparent)]
    TerminalSetup(Box<TerminalSetupError>),
    /// The terminal could not start on its folder.
    #[error(transparent)]
    Terminal(#[from] mynakit_terminal::TerminalError),
    /// Terminal settings without `--terminal DIR`.
    #[error("terminal settings given without a terminal folder: add --terminal DIR")]
    SettingsWithoutTerminal,
    /// The SMB share could not start (Samba missing, smbd not ready).
    #[error(transparent)]
    Share(#[from] mynakit_terminal_share::ShareError),
    /// `--relay ADDR`'s port plus a reader's index is beyond the last port.
    #[error("--relay {addr}: no port left for reader {index}")]
    RelayPorts {
        /// The address given.
        addr: SocketAddr,
        /// The reader without a port.
        index: usize,
    },
    /// A reader's relay cannot listen on its address (the port is taken, the address not this
    /// host's).
    #[error("--relay: cannot listen on {listen}")]
    RelayListen {
        /// The address.
        listen: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl From<TerminalSetupError> for ServeError {
    fn from(error: TerminalSetupError) -> Self {
        ServeError::TerminalSetup(Box::new(error))
    }
}

/// Starts the readers and inserts the configured cards.
///
/// # Errors
///
/// [`ServeError`]: a setting refused, or a part (the readers, the terminal, the share, the
/// relays) that cannot start.
pub fn start(config: &ServeConfig, fixtures: &Fixtures) -> Result<Served, ServeError> {
    if !config.control.ip().is_loopback() {
        return Err(ServeError::NotLoopback {
            address: config.control,
        });
    }
    if config.smb.is_some() && config.terminal.is_none() {
        return Err(ServeError::ShareWithoutTerminal);
    }
    let timeline = Timeline::new(None);
    let choice = match config.pcscd {
        PcscdMode::Managed => PcscdChoice::Managed,
        PcscdMode::System => PcscdChoice::System,
        PcscdMode::None => PcscdChoice::InProcess,
        PcscdMode::Auto => PcscdChoice::auto(),
    };
    let profile = match (&config.contactless_atr, config.contactless) {
        (Some(ContactlessAtr(atr)), _) => ReaderProfile::Contactless { atr: atr.clone() },
        (None, true) => ReaderProfile::contactless(),
        (None, false) => ReaderProfile::Contact,
    };
    // Load every card first, so a bad persona fails before any process starts.
    let mut cards = Vec::new();
    for (index, persona) in config.slots.iter().enumerate() {
        if !persona.is_empty() {
            cards.push((
                index,
                persona.clone(),
                personalize::from_fixtures(fixtures, persona, Behaviour::default())?,
            ));
        }
    }
    if !config.vpcd.is_empty() && config.slots.len() > config.vpcd.len() {
        return Err(ServeError::TooFewVpcd {
            cards: config.slots.len(),
            readers: config.vpcd.len(),
        });
    }
    let readers = readers(config, choice, profile, &timeline)?;
    if let Some(pcscd) = readers.pcscd() {
        pcscd.use_in_this_process();
        pcscd.wait_for_readers(std::time::Duration::from_secs(10))?;
    }
    if config.latency {
        for slot in readers.slots() {
            slot.set_latency(Latency::REAL_CARD);
        }
    }
    for (index, persona, card) in cards {
        let inserted =
            readers
                .insert(index, card, &persona)
                .map_err(|source| ServeError::Insert {
                    persona: persona.clone(),
                    index,
                    source,
                })?;
        if !inserted {
            return Err(ServeError::NoSuchReader {
                persona,
                index,
                readers: readers.slots().len(),
            });
        }
    }
    let terminal = match &config.terminal {
        Some(root) => Some(
            config
                .terminal_settings
                .build(root, fixtures, Some(timeline.clone()))?
                .start()?,
        ),
        None if !config.terminal_settings.is_default() => {
            return Err(ServeError::SettingsWithoutTerminal)
        }
        None => None,
    };
    let share = match (&config.smb, &terminal) {
        (Some(smb), Some(running)) => Some(mynakit_terminal_share::Share::start(
            running.terminal().root(),
            smb,
        )?),
        _ => None,
    };
    let relays = match config.relay {
        Some(addr) => relays(&readers, addr)?,
        None => Vec::new(),
    };
    Ok(Served {
        readers: Arc::new(readers),
        timeline,
        terminal,
        share,
        relays,
    })
}

/// The readers `config` asks for: mynakit's driver's behind a managed pcscd (`pin_pad`,
/// `driver`), each a PIN pad of its own with `pin_pad`; else vpcd's, in-process or remote.
fn readers(
    config: &ServeConfig,
    choice: PcscdChoice,
    profile: ReaderProfile,
    timeline: &Timeline,
) -> Result<PcscReaders, ServeError> {
    let slots = config.slots.len().max(1);
    if !config.uses_driver() {
        return Ok(PcscReaders::Vpcd(Readers::start(ReadersConfig {
            slots,
            pcscd: choice,
            profile,
            timeline: timeline.clone(),
            remote: config.vpcd.iter().map(|a| a.0).collect(),
            ..Default::default()
        })?));
    }
    let with = match (config.pcscd, config.vpcd.is_empty()) {
        (_, false) => Some("--vpcd"),
        (PcscdMode::System, _) => Some("--pcscd system"),
        (PcscdMode::None, _) => Some("--pcscd none"),
        (PcscdMode::Auto, _) if choice != PcscdChoice::Managed => {
            Some("--pcscd auto, which found no managed pcscd here")
        }
        _ => None,
    };
    if let Some(with) = with {
        return Err(ServeError::DriverNeedsManaged { with });
    }
    let readers = PcscReaders::driver(mynakit_reader::ifd::IfdConfig {
        slots,
        profile,
        timeline: timeline.clone(),
        pad: None,
    })?;
    if config.pin_pad {
        // A pad each: a pad's clones share what is queued on it.
        for slot in readers.slots() {
            slot.set_pin_pad(Some(PinPad::typing(Vec::new())));
        }
    }
    Ok(readers)
}

/// One NFC relay per reader, sharing one token (`docs/mobile.md`): reader `i` on `addr`'s port
/// + `i`, or an ephemeral port each when the port is 0.
fn relays(
    readers: &PcscReaders,
    addr: SocketAddr,
) -> Result<Vec<mynakit_reader::nfc::Relay>, ServeError> {
    use mynakit_reader::nfc::{Relay, RelayConfig, RelayToken};
    let token = RelayToken::generate();
    let mut relays = Vec::new();
    for (index, slot) in readers.slots().iter().enumerate() {
        let mut listen = addr;
        if addr.port() != 0 {
            let port = u16::try_from(usize::from(addr.port()) + index)
                .map_err(|_| ServeError::RelayPorts { addr, index })?;
            listen.set_port(port);
        }
        let config = RelayConfig {
            listen,
            ..RelayConfig::default()
        };
        relays.push(
            Relay::start_with_token(slot.clone(), config, token.clone())
                .map_err(|source| ServeError::RelayListen { listen, source })?,
        );
    }
    Ok(relays)
}

/// Why the control endpoint stopped serving (its address was announced as it started).
#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    /// The bound listener could not be handed to the async runtime.
    #[error("control: the listener cannot be served")]
    Listener(#[source] std::io::Error),
    /// Serving ended in an error.
    #[error("control: serving failed")]
    Serve(#[source] std::io::Error),
}

/// How long a stop of `serve` gives an open control connection (a request half sent, a
/// `restart` waiting for pcscd) before dropping it.
pub const CONTROL_GRACE: std::time::Duration = std::time::Duration::from_millis(250);

/// Serves the control endpoint on `listener` (already bound, so clients can connect as soon as
/// the caller announces it) until `shutdown` completes.
pub async fn control_loop(
    served: &Served,
    fixtures: Fixtures,
    listener: std::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send,
) -> Result<(), ControlError> {
    let listener = listener
        .set_nonblocking(true)
        .and_then(|()| tokio::net::TcpListener::from_std(listener))
        .map_err(ControlError::Listener)?;
    let state = ControlState {
        readers: served.readers.clone(),
        fixtures,
        timeline: served.timeline.clone(),
        terminal: served.terminal.as_ref().map(|t| t.terminal().clone()),
    };
    // The one HTTP listener of mynakit: head and body deadlines, and a stop that stops: a
    // shorter grace than the default, so that `serve` ends within 1 s of SIGTERM whatever a
    // control client holds open (docs/serve.md, "Stopping").
    mynakit_listener::serve(
        listener,
        control::router(state),
        mynakit_listener::Limits {
            shutdown_grace: CONTROL_GRACE,
            ..mynakit_listener::Limits::default()
        },
        shutdown,
    )
    .await
    .map_err(ControlError::Serve)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_errors_name_line_and_column() {
        let err = toml_config("pcscd = \"managed\"\nslotz = []\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("2:1:"), "{err}");
        let ok = toml_config("slots = [\"employee\", \"\"]\npcscd = \"system\"\n").unwrap();
        assert_eq!(ok.slots.len(), 2);
        assert_eq!(ok.pcscd, PcscdMode::System);
        assert_eq!(ok.control, default_control());
    }

    #[test]
    fn a_config_that_is_not_utf8_or_not_loopback_names_the_file_and_place() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("serve.toml");
        std::fs::write(&path, "slots = []\ncontrol = \"0.0.0.0:7350\"\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let err = ServeConfig::from_file(&path).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("{}:2:1: control: 0.0.0.0:7350", path.display())),
            "{err}"
        );
        std::fs::write(&path, b"slots = [\"caf\xe9\"]\n").unwrap_or_else(|e| panic!("{e}"));
        let err = ServeConfig::from_file(&path).unwrap_err().to_string();
        assert_eq!(err, format!("{}:1:14: not UTF-8 (byte 13)", path.display()));
    }

    #[test]
    fn a_contactless_atr_is_checked_where_it_is_written() {
        let ok =
            toml_config("contactless_atr = \"3B 88 80 01 00 00 00 00 00 81 81 00 09\"\n").unwrap();
        assert_eq!(ok.contactless_atr.unwrap().0.len(), 13);
        let err =
            toml_config("slots = []\ncontactless_atr = \"3B 88 80 01 00 00 00 00 00 81 81 09\"\n")
                .unwrap_err()
                .to_string();
        assert!(err.starts_with("2:19:"), "{err}");
        assert!(
            err.contains("TCK is byte 12: the ATR needs 13 bytes but has 12"),
            "{err}"
        );
        let err = "3B 88 8x".parse::<ContactlessAtr>().unwrap_err();
        assert_eq!(err.to_string(), "character 7 ('x') is not a hex digit");
    }

    #[test]
    fn terminal_settings_read_from_toml_and_refuse_typos() {
        let ok = toml_config(
            "terminal = \"/tmp/oqs\"\n[terminal_settings]\nscenario = \"s.yaml\"\nencoding = \"shift-jis\"\nprofile = \"pharmaceutical-info\"\n",
        )
        .unwrap();
        assert_eq!(
            ok.terminal_settings.settings.encoding,
            Some(mynakit_terminal::encoding::ResultEncoding::ShiftJis)
        );
        assert_eq!(
            ok.terminal_settings.scenario.as_deref(),
            Some(Path::new("s.yaml"))
        );
        let err = toml_config("[terminal_settings]\nencodng = \"shift-jis\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("encodng"), "{err}");
    }

    #[test]
    fn a_vpcd_address_that_is_not_host_and_port_is_refused_naming_it() {
        let err = "vm-only".parse::<VpcdAddr>().unwrap_err().to_string();
        assert!(err.starts_with("\"vm-only\" is not HOST:PORT"), "{err}");
        let ok = "127.0.0.1:35963".parse::<VpcdAddr>().unwrap();
        assert_eq!(ok.0.port(), 35963);
        let err = toml_config("vpcd = [\"vm\"]\n").unwrap_err().to_string();
        assert!(err.contains("\"vm\" is not HOST:PORT"), "{err}");
    }

    #[test]
    fn an_smb_share_reads_from_toml() {
        let ok = toml_config("terminal = \"/tmp/oqs\"\n[smb]\n").unwrap();
        assert_eq!(ok.smb, Some(mynakit_terminal_share::ShareConfig::default()));
        let ok = toml_config("[smb]\nlisten = \"192.168.122.1\"\n").unwrap();
        assert_eq!(
            ok.smb.and_then(|s| s.listen),
            Some("192.168.122.1".parse().unwrap())
        );
        let err = toml_config("[smb]\nlisten = \"everywhere\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("2:10:"), "{err}");
        assert!(toml_config("[smb]\nport = 445\n").is_err());
    }
}
