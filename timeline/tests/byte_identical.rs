//! The JSON-lines form is the wire (`docs/timeline.md`): typing the events must not change one
//! byte of it. Every line of a recorded run (and of a few hand-made lines with values this
//! version does not know) parses and writes back exactly as it was read.

use mynakit_timeline::Event;

/// Parses every line of `text` and writes it back; returns how many lines matched.
fn round_trip(name: &str, text: &str) -> usize {
    let mut lines = 0;
    for (n, line) in text.lines().enumerate() {
        let event: Event = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("{name}:{}: does not parse: {e}", n + 1));
        let back = serde_json::to_string(&event).expect("an event serialises");
        assert_eq!(back, line, "{name}:{}: written back differently", n + 1);
        lines += 1;
    }
    lines
}

/// Ten bundled scenarios of `mynakit run` (terminal single check, center outage, Shift_JIS,
/// face push, face gaiji, PIN one try left, PIN already locked, card swapped after the PIN,
/// reader unplugged, device setup), as the report's timelines wrote them.
#[test]
fn a_recorded_run_reads_back_byte_for_byte() {
    let lines = round_trip(
        "recorded-run.jsonl",
        include_str!("data/recorded-run.jsonl"),
    );
    assert_eq!(lines, 215);
}

/// Values a newer mynakit or a third-party tool may write: unknown reader and file actions,
/// `set-tries` details this version cannot read, elements the vocabulary does not have.
#[test]
fn unknown_values_read_back_byte_for_byte() {
    let lines = round_trip(
        "unknown-values.jsonl",
        include_str!("data/unknown-values.jsonl"),
    );
    assert_eq!(lines, 11);
}

/// The facts the harness records for the checks (`mynakit_timeline::Fact`) are the notes they
/// always were: each line reads back byte for byte, states its fact, from the fact's source, and
/// the fact writes the same line.
#[test]
fn facts_read_back_byte_for_byte() {
    let text = include_str!("data/facts.jsonl");
    assert_eq!(round_trip("facts.jsonl", text), 4);
    for line in text.lines() {
        let event: Event = serde_json::from_str(line).expect("an event");
        let fact = event.kind.stated_fact().expect("a fact");
        assert_eq!(fact.source(), event.source, "{line}");
        let written = Event {
            kind: mynakit_timeline::EventKind::fact(&fact),
            ..event.clone()
        };
        assert_eq!(serde_json::to_string(&written).unwrap(), line);
    }
}
