//! Who is who in a report: the app under test as it names itself (`hello`'s `client` and
//! `version`, `docs/client-protocol.md`), read from the timeline, and mynakit itself (its version
//! and the commit it was built from), so that every report says what was judged and by what
//! (`docs/reports.md`, "Identity and traceability").

use mynakit_protocol::ClientMessage;
use mynakit_timeline::{Event, EventKind, Source};
use serde::{Deserialize, Serialize};

/// The app's name and version from its `hello`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct App {
    /// `hello.client`.
    pub name: String,
    /// `hello.version`; absent when the client gave none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

impl App {
    /// `name version`, or the name alone.
    pub fn describe(&self) -> String {
        match &self.version {
            Some(v) => format!("{} {v}", self.name),
            None => self.name.clone(),
        }
    }
}

/// The app of a scenario's timeline: its client's first `hello` line.
pub fn app_of(timeline: &[Event]) -> Option<App> {
    timeline.iter().find_map(|e| match (&e.kind, e.source) {
        (EventKind::Message { line }, Source::Client) => match ClientMessage::decode_line(line) {
            Ok(ClientMessage::Hello {
                client, version, ..
            }) => Some(App {
                name: client,
                version,
            }),
            _ => None,
        },
        _ => None,
    })
}

/// `mynakit <version>`: the report's `tool`.
pub fn tool() -> String {
    format!("mynakit {}", env!("CARGO_PKG_VERSION"))
}

/// The git commit this mynakit was built from (40 hex digits), or `unknown` when the build had
/// neither a git checkout nor `MYNAKIT_COMMIT` (a `cargo install` from a tarball): the build
/// script never guesses one (`harness/build.rs`).
pub const TOOL_COMMIT: &str = env!("MYNAKIT_BUILD_COMMIT");

/// What `TOOL_COMMIT` says when the build could not tell.
pub const UNKNOWN_COMMIT: &str = "unknown";

/// The commit for people: the hash, or `unknown (built without git metadata or MYNAKIT_COMMIT)`.
pub fn commit_line(commit: &str) -> String {
    match commit {
        "" | UNKNOWN_COMMIT => {
            format!("{UNKNOWN_COMMIT} (built without git metadata or MYNAKIT_COMMIT)")
        }
        hash => hash.to_owned(),
    }
}
