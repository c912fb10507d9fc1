//! `mynakit serve`: virtual readers holding personas' cards, until Ctrl-C.
//!
//! The settings come from flags or a small TOML file (`docs/serve.md`):
//!
//! ```toml
//! pcscd = "managed"          # auto | managed | system | none
//! control = "127.0.0.1:7350"
//! contactless = false
//! latency = false            # 0.7 s signatures, like a real card
//! slots = ["employee", "dependent"]   # one persona (or "") per reader
//! terminal = "/tmp/oqs"      # also run the 資格確認端末 there (face pushes)
//! ```

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use mynakit_emulator::{personalize, Behaviour};
use mynakit_fixtures::timeline::Timeline;
use mynakit_fixtures::Fixtures;
use mynakit_reader::{Latency, PcscdChoice, ReaderProfile, Readers, ReadersConfig};
use serde::Deserialize;

use crate::control::{self, ControlState};

/// Which pcscd, as the user names it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PcscdMode {
    /// Managed when root, else the system pcscd.
    #[default]
    Auto,
    /// A private pcscd (root).
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
}

/// The default control address.
pub fn default_control() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 7350))
}

impl ServeConfig {
    /// Reads a TOML config file; errors name the file, line and column.
    pub fn from_file(path: &Path) -> anyhow::Result<ServeConfig> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        toml_config(&text).map_err(|e| anyhow::anyhow!("{}:{e}", path.display()))
    }
}

fn toml_config(text: &str) -> Result<ServeConfig, String> {
    toml::from_str(text).map_err(|e| {
        let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
        format!("{line}:{col}: {}", e.message())
    })
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
    pub readers: Arc<Readers>,
    /// The run's timeline.
    pub timeline: Timeline,
    /// The terminal, when asked for; it stops when this is dropped.
    pub terminal: Option<mynakit_terminal::RunningTerminal>,
}

/// Starts the readers and inserts the configured cards.
pub fn start(config: &ServeConfig, fixtures: &Fixtures) -> anyhow::Result<Served> {
    if !config.control.ip().is_loopback() {
        anyhow::bail!(
            "control: {} is not a loopback address; mynakit binds only to loopback",
            config.control
        );
    }
    let timeline = Timeline::new(None);
    let choice = match config.pcscd {
        PcscdMode::Managed => PcscdChoice::Managed,
        PcscdMode::System => PcscdChoice::System,
        PcscdMode::None => PcscdChoice::InProcess,
        PcscdMode::Auto if mynakit_reader::pcscd::is_root() => PcscdChoice::Managed,
        PcscdMode::Auto => PcscdChoice::System,
    };
    let profile = if config.contactless {
        ReaderProfile::contactless()
    } else {
        ReaderProfile::Contact
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
    let readers = Readers::start(ReadersConfig {
        slots: config.slots.len().max(1),
        pcscd: choice,
        profile,
        timeline: timeline.clone(),
        ..Default::default()
    })?;
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
        readers.insert(index, card, &persona)?;
    }
    let terminal = match &config.terminal {
        Some(root) => {
            let terminal_config = mynakit_terminal::TerminalConfig {
                root: root.clone(),
                fixtures: Some(fixtures.dir().to_owned()),
                ..Default::default()
            };
            Some(terminal_config.terminal(Some(timeline.clone()))?.start()?)
        }
        None => None,
    };
    Ok(Served {
        readers: Arc::new(readers),
        timeline,
        terminal,
    })
}

/// Serves the control endpoint on `listener` (already bound, so clients can connect as soon as
/// the caller announces it) until `shutdown` completes.
pub async fn control_loop(
    served: &Served,
    fixtures: Fixtures,
    listener: std::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let state = ControlState {
        readers: served.readers.clone(),
        fixtures,
        timeline: served.timeline.clone(),
        terminal: served.terminal.as_ref().map(|t| t.terminal().clone()),
    };
    axum::serve(listener, control::router(state))
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_errors_name_line_and_column() {
        let err = toml_config("pcscd = \"managed\"\nslotz = []\n").unwrap_err();
        assert!(err.starts_with("2:1:"), "{err}");
        let ok = toml_config("slots = [\"employee\", \"\"]\npcscd = \"system\"\n").unwrap();
        assert_eq!(ok.slots.len(), 2);
        assert_eq!(ok.pcscd, PcscdMode::System);
        assert_eq!(ok.control, default_control());
    }
}
