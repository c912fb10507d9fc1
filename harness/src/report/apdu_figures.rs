//! APDU-efficiency figures of one scenario run, as numbers a tool can compare between builds of
//! an app: commands, round trips, bytes each way, and the READ BINARYs one read could have
//! replaced (`docs/reports.md`, "APDU efficiency"). The `APDU-efficiency` check says the same in
//! prose (`docs/conformance.md`); on a contactless reader every round trip is time the patient
//! holds the card (`docs/reader.md`).
//!
//! Read from the timeline's APDU events through the conformance [`Run`]: the commands as it
//! decoded them (with `mynakit-apdu`), the DF and EF each was sent in, and what READ BINARY's
//! P1-P2 address ([`BinaryRef`]); nothing here parses command bytes.

use std::collections::HashMap;

use mynakit_apdu::{BinaryRef, Instruction, Sw};
use mynakit_conformance::{Apdu, Df, Run, Step};
use mynakit_timeline::{Event, EventKind};
use serde::{Deserialize, Serialize};

/// The most one READ BINARY returns: an extended Le of `00 00` asks for 65536 bytes
/// (ISO/IEC 7816-4 §5.1; `docs/card.md`, "READ BINARY").
const MAX_ONE_READ: usize = 65_536;

/// The APDU-efficiency figures of one scenario run (`docs/reports.md`, "APDU efficiency").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ApduFigures {
    /// Commands: the round trips less the GET RESPONSEs that fetch the rest of an answer the
    /// card announced with `61xx` (they belong to the command before them).
    pub commands: u64,
    /// Round trips (transmits): every APDU event, one command and its response each.
    pub round_trips: u64,
    /// Bytes sent to the card: every command APDU, header and lengths included.
    pub bytes_sent: u64,
    /// Bytes received from the card: every response, status words included.
    pub bytes_received: u64,
    /// READ BINARY commands.
    pub reads: u64,
    /// The READ BINARYs that one read could have replaced: those in runs of two or more
    /// consecutive reads of one EF ([`ApduFigures::mergeable_runs`]).
    pub mergeable_reads: u64,
    /// Those runs: consecutive READ BINARYs on one reader (no other command between them),
    /// each answered `9000` with data, of one EF (the same DF and the same FID, by SFI or the
    /// current EF), each starting at or before the end of what the run has read so far, and
    /// spanning at most 65536 bytes: one extended-length read (or a short one with a larger Le)
    /// would have returned it all. Each run could have been one read, so `mergeable_reads -
    /// mergeable_runs` round trips were avoidable.
    pub mergeable_runs: u64,
}

impl ApduFigures {
    /// The figures of a timeline; `None` when it holds no APDU event (a terminal scenario, a
    /// run that did not start).
    pub fn of(timeline: &[Event]) -> Option<ApduFigures> {
        let run = Run::new(timeline);
        let mut figures = ApduFigures::default();
        let mut reads: HashMap<&str, ReadRun> = HashMap::new();
        let mut more_data = false;
        for (event, step) in run.events.iter().zip(&run.steps) {
            match step {
                Step::Apdu(a) => {
                    figures.round_trips += 1;
                    if !(more_data && a.instruction == Instruction::GetResponse) {
                        figures.commands += 1;
                    }
                    more_data = a.sw.is_some_and(|sw| sw.to_u16() >> 8 == 0x61);
                    let received = if a.sw.is_some() {
                        a.response.len() + 2
                    } else {
                        0
                    };
                    figures.bytes_received += count(received);
                    figures.bytes_sent += count(a.bytes.saturating_sub(received));
                    let previous = reads.remove(a.reader);
                    if a.instruction != Instruction::ReadBinary {
                        figures.close(previous);
                        continue;
                    }
                    figures.reads += 1;
                    match (previous, ReadRun::start(a)) {
                        (Some(run), Some(next)) => match run.extend(&next) {
                            Ok(run) => {
                                reads.insert(a.reader, run);
                            }
                            Err(run) => {
                                figures.close(Some(run));
                                reads.insert(a.reader, next);
                            }
                        },
                        (previous, next) => {
                            figures.close(previous);
                            if let Some(next) = next {
                                reads.insert(a.reader, next);
                            }
                        }
                    }
                }
                // A card pulled, inserted or reset ends its reader's run of reads.
                Step::Reader { reader, .. } => figures.close(reads.remove(reader)),
                _ => {
                    // An APDU the conformance reader could not decode (too short to be one)
                    // is still a round trip; it sends its bytes and gets an answer.
                    if let EventKind::Apdu {
                        reader,
                        command,
                        response,
                        ..
                    } = &event.kind
                    {
                        figures.round_trips += 1;
                        figures.bytes_sent += hex_len(command);
                        figures.bytes_received += hex_len(response);
                        more_data = false;
                        figures.close(reads.remove(reader.as_str()));
                    }
                }
            }
        }
        for (_, run) in reads.drain() {
            figures.close(Some(run));
        }
        (figures.round_trips > 0).then_some(figures)
    }

    /// A run of reads ended: counted when one read could have replaced two or more.
    fn close(&mut self, run: Option<ReadRun>) {
        if let Some(run) = run.filter(|r| r.reads >= 2) {
            self.mergeable_reads += run.reads;
            self.mergeable_runs += 1;
        }
    }

    /// `9 commands in 9 round trips, 120 bytes sent, 2134 received; 6 READ BINARY, 5 of them
    /// could have been 1` — one line for people.
    pub fn line(&self) -> String {
        let mut line = format!(
            "{} in {}, {} bytes sent, {} received; {}",
            plural(self.commands, "command", "commands"),
            plural(self.round_trips, "round trip", "round trips"),
            self.bytes_sent,
            self.bytes_received,
            plural(self.reads, "READ BINARY", "READ BINARYs"),
        );
        match self.mergeable_runs {
            0 => {}
            1 => line.push_str(&format!(
                ", {} of them could have been 1",
                self.mergeable_reads
            )),
            runs => line.push_str(&format!(
                ", {} of them could have been {runs}",
                self.mergeable_reads
            )),
        }
        line
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Bytes of a timeline hex string (redacted PIN nibbles `*` count as hex digits).
fn hex_len(hex: &str) -> u64 {
    count(hex.chars().filter(|c| !c.is_whitespace()).count() / 2)
}

/// Consecutive successful reads of one EF on one reader.
#[derive(Debug)]
struct ReadRun {
    df: Df,
    fid: u16,
    /// The first byte read so far.
    from: usize,
    /// One past the last byte read so far.
    to: usize,
    reads: u64,
}

impl ReadRun {
    /// A run of one read: `None` for a read that returned nothing or failed, or whose EF the
    /// timeline cannot name (no EF selected).
    fn start(a: &Apdu<'_>) -> Option<ReadRun> {
        let (fid, offset) = match BinaryRef::from_p1p2(a.p1, a.p2) {
            BinaryRef::Short { sfi, offset } => (u16::from(sfi), offset),
            BinaryRef::Current { offset } => (a.ef?, offset),
        };
        if a.sw != Some(Sw::Ok) || a.response.is_empty() {
            return None;
        }
        Some(ReadRun {
            df: a.df.clone(),
            fid,
            from: offset,
            to: offset + a.response.len(),
            reads: 1,
        })
    }

    /// This run with `next` read after it, or this run back when `next` starts another.
    fn extend(mut self, next: &ReadRun) -> Result<ReadRun, ReadRun> {
        let from = self.from.min(next.from);
        let to = self.to.max(next.to);
        if next.df != self.df || next.fid != self.fid || next.from > self.to {
            return Err(self);
        }
        if to - from > MAX_ONE_READ {
            return Err(self);
        }
        self.from = from;
        self.to = to;
        self.reads += 1;
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_apdu::Application;
    use mynakit_timeline::Source;

    use super::*;

    fn apdu(reader: &str, command: &str, response: &str) -> Event {
        Event {
            v: 1,
            t_us: 0,
            run: None,
            source: Source::Card,
            kind: EventKind::Apdu {
                reader: reader.into(),
                command: command.into(),
                response: response.into(),
                duration_us: 0,
            },
        }
    }

    fn select_jpki() -> String {
        format!("00A4040C0A{}", hex::encode_upper(Application::Jpki.aid()))
    }

    /// `n` bytes of data and `9000`.
    fn data(n: usize) -> String {
        format!("{}9000", "AB".repeat(n))
    }

    #[test]
    fn counts_commands_round_trips_and_bytes() {
        let events = [
            apdu("A", &select_jpki(), "9000"),
            apdu("A", "00A4020C02000A", "9000"),
            apdu("A", "00B0000004", &data(4)),
            apdu("A", "0020008004********", "63C2"),
            // An answer in two parts: the GET RESPONSE is not a command of its own.
            apdu("A", "802A00800200FF00", "6110"),
            apdu("A", "00C0000010", &data(16)),
        ];
        let f = ApduFigures::of(&events).unwrap();
        assert_eq!(f.round_trips, 6);
        assert_eq!(f.commands, 5);
        assert_eq!(f.bytes_sent, 15 + 7 + 5 + 9 + 8 + 5);
        assert_eq!(f.bytes_received, 2 + 2 + 6 + 2 + 2 + 18);
        assert_eq!(f.reads, 1);
        assert_eq!((f.mergeable_reads, f.mergeable_runs), (0, 0));
        assert_eq!(
            f.line(),
            "5 commands in 6 round trips, 49 bytes sent, 32 received; 1 READ BINARY"
        );
    }

    #[test]
    fn chunked_reads_of_one_ef_could_have_been_one() {
        // OpenSC's pattern (docs/card.md, "Clients"): a 4-byte header, then 256-byte chunks
        // from 0, an exact tail.
        let events = [
            apdu("A", &select_jpki(), "9000"),
            apdu("A", "00A4020C02000A", "9000"),
            apdu("A", "00B0000004", &data(4)),
            apdu("A", "00B0000000", &data(256)),
            apdu("A", "00B0010000", &data(256)),
            apdu("A", "00B0020020", &data(32)),
            // Another EF: a run of its own, of one read.
            apdu("A", "00A4020C020001", "9000"),
            apdu("A", "00B0000000", &data(100)),
            // A read past the end ends the run and is no part of one.
            apdu("A", "00B0006400", "6B00"),
        ];
        let f = ApduFigures::of(&events).unwrap();
        assert_eq!(f.reads, 6);
        assert_eq!((f.mergeable_reads, f.mergeable_runs), (4, 1));
        assert!(f
            .line()
            .ends_with("6 READ BINARYs, 4 of them could have been 1"));
    }

    #[test]
    fn what_breaks_a_run_of_reads() {
        let events = [
            apdu("A", &select_jpki(), "9000"),
            apdu("A", "00A4020C02000A", "9000"),
            apdu("A", "00B0000004", &data(4)),
            // A gap: the read starts past what was read.
            apdu("A", "00B0000804", &data(4)),
            // Another command between two reads.
            apdu("A", "00200080", "63C3"),
            apdu("A", "00B0000004", &data(4)),
            // Reads on another reader do not break reader A's run.
            apdu("B", &select_jpki(), "9000"),
            apdu("B", "00B0810004", &data(4)),
            apdu("A", "00B0000404", &data(4)),
            // SFI form: EF 0001 by SFI 1, then the same EF as the current one.
            apdu("B", "00B0000404", &data(4)),
        ];
        let f = ApduFigures::of(&events).unwrap();
        assert_eq!(f.reads, 6);
        assert_eq!((f.mergeable_reads, f.mergeable_runs), (4, 2));
        assert_eq!(
            f.line(),
            "10 commands in 10 round trips, 71 bytes sent, 44 received; 6 READ BINARYs, 4 of them could have been 2"
        );
    }

    #[test]
    fn no_apdu_no_figures() {
        assert_eq!(ApduFigures::of(&[]), None);
    }
}
