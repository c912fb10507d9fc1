//! The strip that draws a scenario's every layer on one time axis (docs/reports.md, "The
//! timeline strip"): one lane per layer — card, reader, service, terminal folders, claim file,
//! client, operator — each event a mark at its time, the events the problems cite highlighted.
//! A mark links to its line in the timeline table; a finding links to its marks.
//!
//! Why a strip of positioned links and no drawing library: the page stays one self-contained
//! file (no script fetched, nothing drawn by script), the strip prints, and a mark costs about a
//! hundred bytes. It is drawn only in the sections shown in detail (FAILED, WARNING, REVIEW), so
//! an all-pass run's page does not grow.

use std::collections::BTreeSet;
use std::fmt;

use askama::Template;

use mynakit_conformance::Level;
use mynakit_timeline::{Event, EventKind, Source};

use super::event::event_kind;
use super::{event_anchor, fragment, ms3};
use crate::report::lang::msg::timeline as words;
use crate::report::lang::Lang;
use crate::report::model::ScenarioReport;

/// One lane of the strip: a source of events, or the claim file (a terminal's file the
/// client wrote, which a certifier reads apart from the folder exchange).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Lane {
    /// In `Source`'s order: from the card up to the person.
    Source(Source),
    ClaimFile,
}

impl Lane {
    fn of(event: &Event) -> Lane {
        if matches!(event.kind, EventKind::ClaimFile { .. }) {
            return Lane::ClaimFile;
        }
        Lane::Source(event.source)
    }

    /// The lane's label and its CSS class (the source's, as in the timeline table).
    fn label(self, lang: Lang) -> (&'static str, &'static str) {
        match self {
            Lane::ClaimFile => (lang.t(words::CLAIM_FILE), "claim-file"),
            Lane::Source(source) => (words::source(lang, source), source.name()),
        }
    }
}

/// Whether a scenario's section draws the strip: the sections shown in detail.
pub(super) fn drawn(s: &ScenarioReport) -> bool {
    !s.timeline.is_empty() && matches!(s.level, Level::Failed | Level::Warning | Level::Review)
}

/// The anchor of an event's mark on the strip: `<id>-tl-<index>`.
pub(super) fn mark_anchor(id: &str, index: usize) -> String {
    format!("{id}-tl-{index}")
}

/// A finding's link to its events on the strip: to the first one's mark, carrying all of them
/// (`data-ev`) for the page's script to light up together.
pub(super) fn finding_link(id: &str, events: &[usize], lang: Lang) -> String {
    let Some(first) = events.first() else {
        return String::new();
    };
    let link = StripLink {
        anchor: fragment(&mark_anchor(id, *first)),
        events,
        title: lang.t(words::ON_THE_STRIP),
    };
    // Rendering into a String cannot fail.
    link.render().expect("rendering into a String")
}

/// A finding's link to its marks (`templates/strip_link.html`).
#[derive(Template)]
#[template(path = "strip_link.html")]
struct StripLink<'a> {
    anchor: String,
    events: &'a [usize],
    title: &'a str,
}

/// A mark of the strip: an event, or events of one kind drawn as one.
struct Mark {
    kind: &'static str,
    /// Its anchor, when a problem cites it (only a cited event's mark is anchored: a finding's
    /// `⏱` leads to it and lights it).
    hit: Option<String>,
    /// The URL fragment of its row in the timeline table.
    row: String,
    /// Where it is, in per mille of the axis.
    at: u64,
    title: String,
}

/// A lane of the strip: its label, its CSS class, its marks.
struct StripLane {
    label: &'static str,
    class: &'static str,
    marks: Vec<Mark>,
}

/// The strip (`templates/strip.html`).
#[derive(Template)]
#[template(path = "strip.html")]
struct Strip<'a> {
    layers: &'a str,
    span: String,
    lanes: Vec<StripLane>,
}

/// How close (per mille of the axis) marks of one kind are drawn as one: 3 ‰ is 3 px of a
/// 1000 px strip, under a mark's own width.
const TOGETHER: u64 = 3;

/// The strip: a lane per layer that has events, each event a mark at its time; `cited` are
/// the events the section's problems cite.
pub(super) fn write_strip(
    out: &mut String,
    s: &ScenarioReport,
    cited: &BTreeSet<usize>,
    lang: Lang,
) -> fmt::Result {
    let events = &s.timeline;
    let (Some(first), Some(last)) = (
        events.iter().map(|e| e.t_us).min(),
        events.iter().map(|e| e.t_us).max(),
    ) else {
        return Ok(());
    };
    let span = (last - first).max(1);
    let lanes: BTreeSet<Lane> = events.iter().map(Lane::of).collect();
    let lanes = lanes
        .into_iter()
        .map(|lane| {
            let (label, class) = lane.label(lang);
            StripLane {
                label,
                class,
                marks: marks(s, lane, cited, first, span),
            }
        })
        .collect();
    let strip = Strip {
        layers: lang.t(words::LAYERS),
        span: ms3(last - first),
        lanes,
    };
    super::render(out, &strip)
}

/// The marks of `lane`: each event at its time, in per mille of `span` from `first`. Marks of
/// one kind closer than [`TOGETHER`] are drawn over one another: they are one mark, its title
/// naming them all (a burst of READ BINARYs), unless an event is cited.
fn marks(
    s: &ScenarioReport,
    lane: Lane,
    cited: &BTreeSet<usize>,
    first: u64,
    span: u64,
) -> Vec<Mark> {
    let events = &s.timeline;
    let mut marks: Vec<(usize, usize, u64, bool)> = Vec::new();
    for (i, event) in events
        .iter()
        .enumerate()
        .filter(|(_, e)| Lane::of(e) == lane)
    {
        // Per-mille of the run's span: an integer, so the page says where without floats.
        let at = (event.t_us - first) * 1000 / span;
        let hit = cited.contains(&i);
        match marks.last_mut() {
            Some((start, end, from, false))
                if !hit
                    && at.abs_diff(*from) <= TOGETHER
                    && event_kind(&event.kind) == event_kind(&events[*start].kind) =>
            {
                *end = i;
            }
            _ => marks.push((i, i, at, hit)),
        }
    }
    marks
        .into_iter()
        .map(|(i, end, at, hit)| {
            let event = &events[i];
            let title = if end == i {
                format!("#{i} {} ms", ms3(event.t_us - first))
            } else {
                format!(
                    "#{i}–#{end} {}–{} ms",
                    ms3(event.t_us - first),
                    ms3(events[end].t_us - first)
                )
            };
            Mark {
                kind: event_kind(&event.kind),
                hit: hit.then(|| mark_anchor(&s.id, i)),
                row: fragment(&event_anchor(&s.id, i)),
                at,
                title,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn event(t_us: u64, source: Source, kind: EventKind) -> Event {
        Event {
            v: 1,
            t_us,
            run: None,
            source,
            kind,
        }
    }

    #[test]
    fn lanes_follow_the_layers_and_the_claim_file_has_its_own() {
        let note = || EventKind::Note { text: "n".into() };
        let card = event(0, Source::Card, note());
        let operator = event(5, Source::Operator, note());
        assert!(Lane::of(&card) < Lane::of(&operator));
        assert!(Lane::of(&operator) < Lane::ClaimFile);
        assert_eq!(Lane::ClaimFile.label(Lang::En).1, "claim-file");
        assert_eq!(Lane::of(&card).label(Lang::Ja).0, "カード");
    }

    #[test]
    fn marks_drawn_over_one_another_are_one_but_a_cited_one_stays_its_own() {
        let apdu = || EventKind::Apdu {
            reader: "r".into(),
            command: "00B00000".into(),
            response: "9000".into(),
            duration_us: 1,
        };
        let mut s =
            crate::report::sample::scenario("burst", "burst", mynakit_conformance::Level::Failed);
        s.timeline = (0..10)
            .map(|n| event(n, Source::Card, apdu()))
            .chain([event(10_000, Source::Card, apdu())])
            .collect();
        let mut out = String::new();
        write_strip(&mut out, &s, &BTreeSet::from([4]), Lang::En).unwrap();
        // 0–3 one mark, 4 cited, 5–9 one mark, 10 far away.
        assert_eq!(out.matches("class=\"mark ").count(), 4, "{out}");
        assert!(out.contains(r##"title="#0–#3 0.000–0.003 ms""##), "{out}");
        assert!(out.contains(r#" hit" id="burst-tl-4""#), "{out}");
        assert_eq!(
            out.matches(" id=").count(),
            1,
            "only the cited mark is anchored"
        );
    }

    #[test]
    fn a_finding_links_to_its_first_mark_and_carries_all() {
        let link = finding_link("a b", &[3, 7], Lang::En);
        assert!(link.contains(r##"href="#a%20b-tl-3""##), "{link}");
        assert!(link.contains(r#"data-ev="3 7""#), "{link}");
        assert_eq!(finding_link("a", &[], Lang::En), "");
    }
}
