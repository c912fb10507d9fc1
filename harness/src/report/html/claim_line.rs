//! A finding's claim-file lines as links (docs/reports.md, "The HTML report"): a `UKE-` finding
//! names the lines of RECEIPTC.UKE it is about ([`ClaimLine`]); the timeline's claim-file row
//! gives each claim's RE line an anchor, and the finding links to the claim the line is part of,
//! as a card or service finding links to the events it cites.

use mynakit_conformance::ClaimLine;
use mynakit_timeline::{Event, EventKind};

use super::{esc, event_anchor, fragment};

/// The anchor of the RE line `line` in the claim-file row `row` (an event's anchor).
pub(super) fn line_anchor(row: &str, line: u64) -> String {
    format!("{row}-L{line}")
}

/// The claim-file event a line is in: the last one of its file (the file as read when the
/// client had ended, which the `UKE-` checks judge), by its index in `timeline`.
fn event_of(timeline: &[Event], file: &str) -> Option<usize> {
    timeline.iter().rposition(
        |e| matches!(&e.kind, EventKind::ClaimFile { path, .. } if path.as_str() == file),
    )
}

/// The claim-file events the lines are in (for the strip's cited marks).
pub(super) fn events_of(timeline: &[Event], lines: &[ClaimLine]) -> Vec<usize> {
    lines
        .iter()
        .filter_map(|l| event_of(timeline, &l.file))
        .collect()
}

/// The anchor a line links to: the RE line of its claim in its file's claim-file row.
fn target(id: &str, timeline: &[Event], line: &ClaimLine) -> Option<String> {
    let i = event_of(timeline, &line.file)?;
    let EventKind::ClaimFile { file, .. } = &timeline[i].kind else {
        return None;
    };
    let re = line.claim_of(file.claims.iter().map(|c| c.line))?;
    Some(line_anchor(&event_anchor(id, i), re))
}

/// Links to the claim-file lines `lines` names (`RECEIPTC.UKE:3 HO`), one a place; a line
/// whose file the timeline does not hold is named without a link.
pub(super) fn links(id: &str, timeline: &[Event], lines: &[ClaimLine]) -> String {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for line in lines {
        let key = (&line.file, line.line, &line.record);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let record = line
            .record
            .as_deref()
            .map_or_else(String::new, |r| format!(" {}", esc(r)));
        let text = format!("{}:{}{record}", esc(&line.file), line.line);
        out.push(match target(id, timeline, line) {
            Some(anchor) => format!(
                r##"<a class="ev-link claim-link" href="#{}">{text}</a>"##,
                fragment(&anchor)
            ),
            None => format!(r#"<span class="claim-link">{text}</span>"#),
        });
    }
    out.join(" ")
}
