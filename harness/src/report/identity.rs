//! The app under test as it names itself: `hello`'s `client` and `version`
//! (`docs/client-protocol.md`), read from the timeline so that every report says what was
//! judged (`docs/reports.md`).

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
