//! The recorded card's findings: the commands a replay sent that the field log never saw
//! (`docs/import.md`, "Off the logged path").

use mynakit_timeline::ReaderAction;

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::{Run, Step};

use super::words::recorded as words;

check! {
    /// `APDU-unrecorded-command`: each command a recording never saw, named for a person.
    UnrecordedCommand {
        id: "APDU-unrecorded-command",
        severity: Review,
        rule: "Each command a recorded card's field log never saw is named, with the virtual card's \
               answer to it and the nearest command the log did see; a person judges whether the \
               replay still reproduces the field run.",
        rationale: "A recording can only answer what the field client sent. A different client (or \
                    the same one on another path) sends commands the log never saw; they are \
                    answered by the virtual card's own logic, not by the field card, so a verdict \
                    resting on them says little about the field card. Naming each, with the \
                    nearest recorded command, shows where the replay left the log.",
        reference: "docs/import.md#the-recorded-card; ISO/IEC 7816-4 §5.6 (status words such as \
                     6A82, 6D00)",
        evaluate: unrecorded,
    }
}

fn unrecorded(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let found: Vec<Reason> = run
        .steps
        .iter()
        .filter_map(|step| match step {
            Step::Reader {
                t_us,
                reader,
                action: ReaderAction::UnrecordedCommand,
                detail,
            } => Some(words::unrecorded(detail, reader, *t_us)),
            _ => None,
        })
        .collect();
    if found.is_empty() {
        return Verdict::NotApplicable(words::all_recorded());
    }
    Verdict::Review(words::unrecorded_commands(&found))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{evidence, judge, result, Tl};
    use mynakit_protocol::Outcome;

    #[test]
    fn each_unrecorded_command_is_named_with_its_nearest_recorded_one() {
        let r = result(Outcome::Eligible, &[]);
        let tl = Tl::new()
            .apdu("00A4040C0AD392F000260100000001", "9000")
            .apdu("00A4040C0AD3921000310001010408", "6A82")
            .reader_detail(
                "unrecorded-command",
                "00A4040C0AD3921000310001010408 => 6A82; nearest recorded: \
                 00A4040C0AD392F000260100000001",
            );
        let Verdict::Review(text) = judge(&UnrecordedCommand, &evidence(&tl.events, &r)) else {
            panic!("a REVIEW finding");
        };
        assert!(
            text.starts_with("the recording never saw 1 command")
                && text.contains("00A4040C0AD3921000310001010408 => 6A82")
                && text.contains("nearest recorded: 00A4040C0AD392F000260100000001"),
            "{text}"
        );
        assert!(
            text.ja()
                .is_some_and(|ja| ja.starts_with("記録にないコマンド 1 個")
                    && ja.contains("最も近いコマンド: 00A4040C0AD392F000260100000001")),
            "{text:?}"
        );
    }

    #[test]
    fn a_run_without_unrecorded_commands_is_not_applicable() {
        let r = result(Outcome::Eligible, &[]);
        let tl = Tl::new().apdu("00A4040C0AD392F000260100000001", "9000");
        assert!(matches!(
            judge(&UnrecordedCommand, &evidence(&tl.events, &r)),
            Verdict::NotApplicable(_)
        ));
    }
}
