//! A run's timeline (`docs/timeline.md`) as a [`Capture`]: what `mynakit record` writes its
//! recorded-card scenario from. The timeline's APDU commands are already redacted where the
//! event was made (the reader's slot), so the capture holds no PIN either.

use mynakit_timeline::{Event, EventKind};

use super::{Capture, CapturedEvent};

/// The APDUs and reader events of `events`, per reader in order; `line` is the event's
/// 1-based position in the timeline (its line in the JSON-lines trace).
pub fn capture(events: &[Event], origin: &str) -> Capture {
    let mut capture = Capture::new(origin);
    for (index, event) in events.iter().enumerate() {
        let line = index + 1;
        match &event.kind {
            EventKind::Apdu {
                reader,
                command,
                response,
                ..
            } => {
                let response = hex::decode(response).unwrap_or_default();
                capture.push(
                    reader,
                    line,
                    CapturedEvent::Apdu {
                        command: command.clone(),
                        response,
                    },
                );
            }
            EventKind::Reader {
                reader,
                action,
                detail,
            } => {
                let event = match action.as_str() {
                    "reset" => CapturedEvent::Reset,
                    "power-off" => CapturedEvent::PowerOff,
                    "vpcd-connect" => CapturedEvent::Connect,
                    "remove" => CapturedEvent::Removed,
                    "get-atr" => match hex::decode(detail) {
                        Ok(atr) if !atr.is_empty() => {
                            capture.reader(reader).atr = Some(atr);
                            continue;
                        }
                        _ => continue,
                    },
                    _ => continue,
                };
                capture.push(reader, line, event);
            }
            _ => {}
        }
    }
    capture
}
