//! The commands a recorded card's recording never saw, into the timeline as
//! `unrecorded-command` reader events (`docs/timeline.md`, `docs/import.md`), so that the report
//! names each with the nearest recorded command (`APDU-unrecorded-command`).

use std::sync::Arc;

use mynakit_reader::Slot;
use mynakit_timeline::{EventKind, ReaderAction, Source, Timeline};

/// Records one event per unrecorded command of each reader's recorded card, in the order sent.
pub(crate) fn record(slots: &[Arc<Slot>], timeline: &Timeline) {
    for slot in slots {
        let Some(unrecorded) = slot.with_card(|card| card.unrecorded()) else {
            continue;
        };
        for command in unrecorded {
            timeline.record(
                Source::Card,
                EventKind::Reader {
                    reader: slot.reader().to_owned(),
                    action: ReaderAction::UnrecordedCommand,
                    detail: detail(&command),
                },
            );
        }
    }
}

/// `COMMAND => RESPONSE; nearest recorded: COMMAND` (the event's documented detail).
fn detail(command: &mynakit_emulator::recorded::Unrecorded) -> String {
    format!(
        "{} => {}; nearest recorded: {}",
        command.command,
        mynakit_emulator::redact::hex_upper(&command.response),
        command.nearest.as_deref().unwrap_or("none")
    )
}
