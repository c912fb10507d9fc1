//! Where two runs of one scenario part, and whose act it was (`docs/reports.md`, "Whose flake").
//!
//! A flaky scenario (`mynakit run --repeat N`) ran the same client against the same scenario
//! twice and got two verdicts. Its two timelines are read side by side as two sequences of
//! *acts*: the client's (its protocol lines, the command of each APDU, the method and path of
//! each HTTP request, the requests it wrote to the terminal, its exit) and mynakit's (the card's
//! answer to each command, the service's status, the terminal's pickups and results, the
//! reader's events, the operator's answers). The first act where they differ names the side:
//! the client acted differently on what it had seen alike → *client*; mynakit answered or acted
//! differently on the same client acts → *mynakit*, a bug of the tool.
//!
//! What differs between two correct runs anyway is not compared: timestamps and durations,
//! random data (the bytes of a signature, a challenge, a nonce), the data of a command other
//! than a SELECT (a signed digest differs every run), request bodies, and runs of digits in
//! lines and paths (dates, times, ids; one digit, as a count of tries left, is kept). Timing counts only beyond the tolerance ([`TOLERANCE_MS`], [`TOLERANCE_RATIO`]): load moves
//! every gap a little, and a rule with no tolerance would put every flake on the client.

use serde::{Deserialize, Serialize};

use crate::{Event, EventKind, FileAction, ReaderAction, Source};

/// Whose act the two runs first part on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Whose {
    /// The client under test acted differently on the same inputs.
    Client,
    /// mynakit's own side (card, reader, service, terminal, operator, judging) differed on the
    /// same client acts: a bug of the tool.
    Mynakit,
}

/// How the runs part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum How {
    /// The same place in both runs holds different acts of one side.
    Content,
    /// One side's act came before the other side's in one run, after it in the other: the
    /// side whose gap from the last common act moved more.
    Order,
    /// The same acts, one of them later beyond the tolerance ([`TOLERANCE_MS`], [`TOLERANCE_RATIO`]).
    Timing,
    /// One run did an act the other never did (it had no act left there).
    Missing,
    /// Both runs are the same act for act, within the tolerance, yet were judged differently:
    /// the judging itself is not deterministic (mynakit's).
    Judging,
}

/// The timing tolerance, absolute part: two gaps (from the act before) are a divergence only
/// when they differ by more than this many milliseconds **and** the longer is more than
/// [`TOLERANCE_RATIO`] times the shorter. A loaded machine stretches every gap a little; a
/// client that waits or races does more.
pub const TOLERANCE_MS: u64 = 1000;
/// The timing tolerance, relative part (see [`TOLERANCE_MS`]).
pub const TOLERANCE_RATIO: u64 = 3;

/// One act as compared: its event, its time and what it is, volatile parts masked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Act {
    /// Its event's index in its timeline.
    pub event: usize,
    /// Its event's time, microseconds from the timeline's start.
    pub t_us: u64,
    /// Whose act it is.
    pub whose: Whose,
    /// What it is, as compared (`APDU 00B00000 Le`, `answer 9000 +256 B`, `client {"type":…}`).
    pub what: String,
    /// mynakit's answer to it, for a command or request of the client's: it goes with its act
    /// wherever the act goes, and differs on its own as mynakit's (`answer 63C2 +0 B`).
    pub answer: Option<String>,
}

/// Where two runs part: the act of each at that place (`None`: the run had ended).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Divergence {
    /// Whose it is.
    pub whose: Whose,
    /// How they part.
    pub how: How,
    /// The first run's act there.
    pub first: Option<Act>,
    /// The second run's act there.
    pub second: Option<Act>,
}

/// Where the runs `first` and `second` of one scenario part, `None` when they never do (the
/// same acts, within the tolerance). A caller that knows their verdicts differ reads `None`
/// as [`How::Judging`].
///
/// Acts of different channels (the protocol, the card, the service, the terminal) that came
/// of one side within [`SIMULTANEOUS_MS`] of each other may come in either order: each channel is read by
/// its own thread, so their order then says nothing: two runs that differ only by such swaps
/// are the same.
pub fn diverge(first: &[Event], second: &[Event]) -> Option<Divergence> {
    let mut a = acts(first);
    let mut b = acts(second);
    let mut at = 0;
    while let (Some(x), Some(y)) = (a.get(at), b.get(at)) {
        if x.same(y) {
            at += 1;
            continue;
        }
        if x.channel() == y.channel() {
            break;
        }
        if let Some(j) = commuted(&b, at, x) {
            let act = b.remove(j);
            b.insert(at, act);
        } else if let Some(j) = commuted(&a, at, y) {
            let act = a.remove(j);
            a.insert(at, act);
        } else {
            break;
        }
    }
    // A gap that moved beyond the tolerance among the common acts comes first: what follows
    // may be the other side reacting to it.
    if let Some(i) = (0..at).find(|&i| gap_moved(&a, &b, i)) {
        return Some(Divergence {
            whose: a[i].whose,
            how: How::Timing,
            first: Some(a[i].clone()),
            second: Some(b[i].clone()),
        });
    }
    let (x, y) = (a.get(at), b.get(at));
    let (whose, how) = match (x, y) {
        (None, None) => return None,
        (Some(only), None) | (None, Some(only)) => (only.whose, How::Missing),
        (Some(x), Some(y)) if x.whose == y.whose && x.what == y.what => {
            return Some(Divergence {
                whose: Whose::Mynakit,
                how: How::Content,
                first: Some(x.answered()),
                second: Some(y.answered()),
            });
        }
        (Some(x), Some(y)) if x.whose == y.whose => (x.whose, How::Content),
        (Some(_), Some(_)) => (mover(&a, &b, at), How::Order),
    };
    Some(Divergence {
        whose,
        how,
        first: x.cloned(),
        second: y.cloned(),
    })
}

/// Acts of two channels this close (milliseconds) may be recorded in either order.
pub const SIMULTANEOUS_MS: u64 = 250;

/// Where in `acts`, after `at`, the same act as `act` comes, when only acts of the same side
/// and of other channels come before it, all within [`SIMULTANEOUS_MS`] of it. An act of the
/// other side between them may have caused it (the operator's answer before the client's
/// VERIFY), so it is never passed.
fn commuted(acts: &[Act], at: usize, act: &Act) -> Option<usize> {
    let start = acts[at].t_us;
    for (j, other) in acts.iter().enumerate().skip(at) {
        if other.t_us.saturating_sub(start) > SIMULTANEOUS_MS * 1000 {
            return None;
        }
        if other.same(act) {
            return Some(j);
        }
        if other.channel() == act.channel() || other.whose != act.whose {
            return None;
        }
    }
    None
}

/// The channel an act came by: its order with the acts of its channel is meaningful, with the
/// acts of another channel only through their times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Channel {
    /// The client protocol's lines and notes.
    Protocol,
    /// APDUs and reader events.
    Card,
    /// HTTP exchanges with the mock service.
    Service,
    /// The terminal's folders.
    Terminal,
    /// What is recorded once the client has ended (its exit, what it kept, its claim file).
    End,
}

impl Act {
    /// Whether two acts are the same, their times aside.
    fn same(&self, other: &Act) -> bool {
        self.whose == other.whose && self.what == other.what && self.answer == other.answer
    }

    /// Its answer as an act of its own: mynakit's, at the same event.
    fn answered(&self) -> Act {
        Act {
            whose: Whose::Mynakit,
            what: self.answer.clone().unwrap_or_default(),
            answer: None,
            ..self.clone()
        }
    }

    fn channel(&self) -> Channel {
        let first = self.what.split(' ').next().unwrap_or("");
        match first {
            "APDU" | "answer" | "reader" => Channel::Card,
            "HTTP" => Channel::Service,
            "file" | "content" => Channel::Terminal,
            "exited" | "kept" | "claim" => Channel::End,
            _ => Channel::Protocol,
        }
    }
}

/// Whether the gap before the `i`th act (from the act of its channel before it, or from the
/// start) differs
/// between the runs beyond the tolerance ([`TOLERANCE_MS`], [`TOLERANCE_RATIO`]).
fn gap_moved(a: &[Act], b: &[Act], i: usize) -> bool {
    beyond_tolerance(gap(a, i), gap(b, i))
}

/// The time from the act before the `i`th of the same channel (or from the start).
fn gap(acts: &[Act], i: usize) -> u64 {
    let channel = acts[i].channel();
    let before = acts[..i]
        .iter()
        .rev()
        .find(|a| a.channel() == channel)
        .map_or(0, |a| a.t_us);
    acts[i].t_us.saturating_sub(before)
}

/// Whether two gaps (microseconds) differ beyond the tolerance ([`TOLERANCE_MS`], [`TOLERANCE_RATIO`]).
fn beyond_tolerance(x: u64, y: u64) -> bool {
    let (short, long) = (x.min(y), x.max(y));
    long - short > TOLERANCE_MS * 1000 && long > short.saturating_mul(TOLERANCE_RATIO)
}

/// At `at`, the runs hold acts of different sides: each side's next act in both runs, and the
/// side whose gap from the last common act changed the more moved.
fn mover(a: &[Act], b: &[Act], at: usize) -> Whose {
    let since = |acts: &[Act], whose: Whose| -> Option<u64> {
        let start = if at == 0 { 0 } else { acts[at - 1].t_us };
        acts[at..]
            .iter()
            .find(|act| act.whose == whose)
            .map(|act| act.t_us.saturating_sub(start))
    };
    let moved = |whose: Whose| match (since(a, whose), since(b, whose)) {
        (Some(x), Some(y)) => x.abs_diff(y),
        _ => u64::MAX,
    };
    if moved(Whose::Client) > moved(Whose::Mynakit) {
        Whose::Client
    } else {
        Whose::Mynakit
    }
}

/// A timeline as the acts compared, in its order.
pub fn acts(events: &[Event]) -> Vec<Act> {
    let mut out = Vec::new();
    for (i, event) in events.iter().enumerate() {
        let mut asked = |what: String, answer: String| {
            out.push(Act {
                event: i,
                t_us: event.t_us,
                whose: Whose::Client,
                what,
                answer: Some(answer),
            })
        };
        match &event.kind {
            EventKind::Apdu {
                command, response, ..
            } => {
                asked(
                    format!("APDU {}", command_shape(command)),
                    format!("answer {}", answer_shape(response)),
                );
            }
            EventKind::Http {
                method,
                path,
                status,
                ..
            } => {
                asked(
                    format!("HTTP {method} {}", masked(path)),
                    format!("HTTP status {status}"),
                );
            }
            _ => {}
        }
        let mut push = |whose: Whose, what: String| {
            out.push(Act {
                event: i,
                t_us: event.t_us,
                whose,
                what,
                answer: None,
            })
        };
        match &event.kind {
            EventKind::Apdu { .. } | EventKind::Http { .. } => {}
            EventKind::Reader { action, .. } => {
                push(reader_side(action), format!("reader {action}"));
            }
            EventKind::File { path, action } => {
                push(file_side(action), format!("file {action} {}", masked(path)));
            }
            EventKind::Content { path, fields, .. } => {
                let side = if path.starts_with("req") {
                    Whose::Client
                } else {
                    Whose::Mynakit
                };
                let fields: Vec<String> = fields
                    .iter()
                    .map(|(k, v)| format!("{}={}", k.as_str(), masked(v)))
                    .collect();
                push(
                    side,
                    format!("content {} {}", masked(path), fields.join(" ")),
                );
            }
            EventKind::Message { line } => {
                push(
                    side_of(event.source),
                    format!("{} {}", event.source.name(), masked(line)),
                );
            }
            EventKind::Note { text } => {
                push(side_of(event.source), format!("note {}", masked(text)));
            }
            EventKind::Exited { code, signal } => {
                push(Whose::Client, format!("exited {code:?} {signal:?}"));
            }
            EventKind::Kept { found, .. } => {
                push(Whose::Client, format!("kept {} values", found.len()));
            }
            EventKind::ClaimFile { path, .. } => {
                push(Whose::Client, format!("claim file {}", masked(path)));
            }
        }
    }
    out
}

fn side_of(source: Source) -> Whose {
    if source == Source::Client {
        Whose::Client
    } else {
        Whose::Mynakit
    }
}

/// A reader event the client's own call causes (connecting powers the card, disconnecting may
/// cut it, a reset, the app's NFC commands and reading sheet) is the client's; a card put in or
/// taken out, a fault, pcscd's link and polls are mynakit's.
fn reader_side(action: &ReaderAction) -> Whose {
    match action {
        ReaderAction::PowerOn
        | ReaderAction::PowerOff
        | ReaderAction::Reset
        | ReaderAction::Transceive
        | ReaderAction::ReadingStarted
        | ReaderAction::RelayConnect
        | ReaderAction::RelayClose
        | ReaderAction::PinPad => Whose::Client,
        _ => Whose::Mynakit,
    }
}

/// A request the client wrote (or deleted) and a result or push it took are the client's; the
/// terminal's pickups, results and refusals are mynakit's.
fn file_side(action: &FileAction) -> Whose {
    match action {
        FileAction::RequestSeen
        | FileAction::RequestVanished
        | FileAction::ResultTaken
        | FileAction::FaceTaken => Whose::Client,
        _ => Whose::Mynakit,
    }
}

/// A command as compared: its header, and its data only for a SELECT (which file); other data
/// (a digest to sign, a PIN already `*`) by its length, since it differs between correct runs.
fn command_shape(hex: &str) -> String {
    let header = hex.get(..8).unwrap_or(hex);
    let rest = hex.get(8..).unwrap_or("");
    if header.get(2..4) == Some("A4") {
        return format!("{header} {rest}");
    }
    format!("{header} +{} B", rest.len() / 2)
}

/// An answer as compared: its status word and how many bytes of data came with it.
fn answer_shape(hex: &str) -> String {
    let split = hex.len().saturating_sub(4);
    let (data, sw) = (
        hex.get(..split).unwrap_or(""),
        hex.get(split..).unwrap_or(hex),
    );
    format!("{sw} +{} B", data.len() / 2)
}

/// `text` with every run of 2 or more digits, and every run of 16 or more hex digits, as `#`:
/// dates, times, run ids and random tokens differ between two correct runs.
pub fn masked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let digits = run.chars().filter(char::is_ascii_digit).count();
        let all_digits = digits == run.len();
        if (all_digits && run.len() >= 2) || (run.len() >= 16 && digits > 0) {
            out.push('#');
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_hexdigit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(t_ms: u64, source: Source, kind: EventKind) -> Event {
        Event {
            v: 1,
            t_us: t_ms * 1000,
            run: Some("run-1".into()),
            source,
            kind,
        }
    }

    fn apdu(t_ms: u64, command: &str, response: &str) -> Event {
        event(
            t_ms,
            Source::Card,
            EventKind::Apdu {
                reader: "r".into(),
                command: command.into(),
                response: response.into(),
                duration_us: 5,
            },
        )
    }

    fn said(t_ms: u64, source: Source, line: &str) -> Event {
        event(t_ms, source, EventKind::Message { line: line.into() })
    }

    /// A PIN check: the client asks, the operator answers, the card says 63C2, the result.
    fn pin_run(t: u64) -> Vec<Event> {
        vec![
            said(
                0,
                Source::Client,
                r#"{"type":"hello","at":"2026-11-26T18:00:01Z"}"#,
            ),
            apdu(t + 1, "00A4020C020018", "9000"),
            said(t + 2, Source::Client, r#"{"type":"pin","id":"a1"}"#),
            said(
                t + 3,
                Source::Operator,
                r#"{"type":"pin","id":"a1","pin":"<redacted>"}"#,
            ),
            apdu(t + 4, "0020008004********", "63C2"),
            said(
                t + 5,
                Source::Client,
                r#"{"type":"result","outcome":"pin-incorrect"}"#,
            ),
        ]
    }

    #[test]
    fn the_same_acts_do_not_part_whatever_the_dates_and_small_delays() {
        let mut other = pin_run(300);
        other[0] = said(
            0,
            Source::Client,
            r#"{"type":"hello","at":"2026-11-27T09:12:44Z"}"#,
        );
        assert_eq!(diverge(&pin_run(0), &other), None);
    }

    /// A client that sends its wrong PIN a second time by itself: the client's.
    #[test]
    fn a_command_sent_twice_is_the_clients() {
        let first = pin_run(0);
        let mut second = pin_run(0);
        second.insert(5, apdu(5, "0020008004********", "63C1"));
        let d = diverge(&first, &second).unwrap();
        assert_eq!((d.whose, d.how), (Whose::Client, How::Missing));
        assert_eq!(d.first, None);
        // The result line, recorded in the same millisecond, is taken as simultaneous: what is
        // left is the second VERIFY, which the first run never sent.
        let second_act = d.second.unwrap();
        assert_eq!(second_act.event, 5);
        assert_eq!(second_act.what, "APDU 00200080 +5 B");
    }

    /// A client that skips a READ: its next command is another one.
    #[test]
    fn a_skipped_read_is_the_clients() {
        let first = vec![
            apdu(1, "00B0000004", "308206319000"),
            apdu(2, "00B0000400", &format!("{}9000", "AB".repeat(256))),
            apdu(3, "00A4020C020018", "9000"),
        ];
        let second = vec![first[0].clone(), first[2].clone()];
        let d = diverge(&first, &second).unwrap();
        assert_eq!((d.whose, d.how), (Whose::Client, How::Content));
        assert_eq!(d.first.unwrap().what, "APDU 00B00004 +1 B");
        assert_eq!(
            d.second.as_ref().unwrap().answer.as_deref(),
            Some("answer 9000 +0 B")
        );
        assert_eq!(d.second.unwrap().what, "APDU 00A4020C 020018");
    }

    /// The card answering the same command otherwise (a fault that fired, or not): mynakit's.
    #[test]
    fn another_answer_to_the_same_command_is_mynakits() {
        let first = pin_run(0);
        let mut second = pin_run(0);
        second[4] = apdu(4, "0020008004********", "6F00");
        let d = diverge(&first, &second).unwrap();
        assert_eq!((d.whose, d.how), (Whose::Mynakit, How::Content));
        assert_eq!(d.first.unwrap().what, "answer 63C2 +0 B");
        assert_eq!(d.second.unwrap().what, "answer 6F00 +0 B");
    }

    /// Random bytes (a signature, a certificate's body), the data of a signing command and the
    /// PIN are not compared, only their shape.
    #[test]
    fn random_data_is_not_compared() {
        let sign = |digest: &str, signature: &str| {
            vec![apdu(
                1,
                &format!("80 2A00AE 20{digest}").replace(' ', ""),
                &format!("{signature}9000"),
            )]
        };
        assert_eq!(
            diverge(
                &sign(&"11".repeat(32), &"AA".repeat(256)),
                &sign(&"22".repeat(32), &"BB".repeat(256))
            ),
            None
        );
    }

    /// A terminal that picked up the request before the client's next act in one run and
    /// seconds after it in the other moved: mynakit's.
    #[test]
    fn a_late_pickup_is_mynakits() {
        let file = |t, action| {
            event(
                t,
                Source::Terminal,
                EventKind::file("req/REQ_20261126.xml", action),
            )
        };
        let first = vec![
            file(10, FileAction::RequestSeen),
            file(200, FileAction::ResultWritten),
            said(
                300,
                Source::Client,
                r#"{"type":"result","outcome":"eligible"}"#,
            ),
        ];
        let second = vec![
            file(10, FileAction::RequestSeen),
            said(
                300,
                Source::Client,
                r#"{"type":"result","outcome":"eligible"}"#,
            ),
            file(9000, FileAction::ResultWritten),
        ];
        let d = diverge(&first, &second).unwrap();
        assert_eq!((d.whose, d.how), (Whose::Mynakit, How::Order));
        assert_eq!(d.first.unwrap().what, "file result-written req/REQ_#.xml");
    }

    /// The same acts, but the client waited 8 s instead of 0.2 s before its request: a timing
    /// divergence, the client's, found before the content that followed from it.
    #[test]
    fn a_client_that_waits_far_longer_is_the_clients_timing() {
        let first = pin_run(200);
        let mut second = pin_run(200);
        for e in &mut second[1..] {
            e.t_us += 8_000_000;
        }
        second[5] = said(
            8300,
            Source::Client,
            r#"{"type":"result","outcome":"timeout"}"#,
        );
        let d = diverge(&first, &second).unwrap();
        assert_eq!((d.whose, d.how), (Whose::Client, How::Timing));
        assert_eq!(d.second.unwrap().event, 1);
    }

    /// A run that stops where the other goes on: the side of the act that came.
    #[test]
    fn an_act_only_one_run_did_names_its_side() {
        let first = pin_run(0);
        let d = diverge(&first[..4], &first).unwrap();
        assert_eq!((d.whose, d.how), (Whose::Client, How::Missing));
        assert_eq!(d.first, None);
        let d = diverge(&first[..3], &first[..4]).unwrap();
        assert_eq!(d.whose, Whose::Mynakit);
    }

    #[test]
    fn masking_hides_dates_ids_and_tokens_but_not_small_numbers() {
        assert_eq!(masked("2026-11-26T18:00:01Z"), "#-#-#T#:#:#Z");
        assert_eq!(masked("tries_left 2, id a1"), "tries_left 2, id a1");
        assert_eq!(masked("nonce 0123456789abcdef0123"), "nonce #");
        assert_eq!(
            masked("res/OQSsiquery01res_20261126180001.xml"),
            "res/OQSsiquery#res_#.xml"
        );
    }

    /// A client line and a card command recorded in the other order, a few ms apart: no
    /// divergence (each channel has its own reader thread).
    #[test]
    fn simultaneous_acts_of_two_channels_may_swap() {
        let first = pin_run(0);
        let mut second = pin_run(0);
        second.swap(1, 2);
        assert_eq!(diverge(&first, &second), None);
        // Seconds apart, it is the client's command that came late.
        let mut late = pin_run(0);
        late[1].t_us = 5_000_000;
        late.swap(1, 2);
        let d = diverge(&first, &late).unwrap();
        assert_eq!((d.whose, d.how), (Whose::Client, How::Timing));
    }
}
