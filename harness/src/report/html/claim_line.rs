//! A finding's claim-file lines as links (docs/reports.md, "The HTML report"): a `UKE-` finding
//! names the lines of RECEIPTC.UKE it is about ([`ClaimLine`]); the timeline's claim-file row
//! gives each claim's RE line an anchor, and the finding links to the claim the line is part of,
//! as a card or service finding links to the events it cites.

use mynakit_conformance::ClaimLine;
use mynakit_timeline::{Event, EventKind};

use super::{event_anchor, fragment};

/// The anchor of the RE line `line` in the claim-file row `row` (an event's anchor); of the
/// claim's own `file` where the row joins a station's several files (each its own lines).
pub(super) fn line_anchor(row: &str, file: Option<&str>, line: u64) -> String {
    match file {
        None => format!("{row}-L{line}"),
        // `shaho/RECEIPTH.UKE` → `shaho-RECEIPTH-UKE`: an id a fragment reaches unescaped.
        Some(file) => {
            let file: String = file
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            format!("{row}-{file}-L{line}")
        }
    }
}

/// The claim-file event a line is in: the last one of its file (the file as read when the
/// client had ended, which the `UKE-` checks judge), or that joins it with a station's other
/// files (its `path` their names joined by `, `), by its index in `timeline`.
fn event_of(timeline: &[Event], file: &str) -> Option<usize> {
    timeline.iter().rposition(|e| {
        matches!(&e.kind, EventKind::ClaimFile { path, .. }
            if path.as_str() == file || path.split(", ").any(|p| p == file))
    })
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
    // Of a joined event, the claims of the line's own file (each file numbers its own lines).
    let own =
        |c: &&mynakit_timeline::ClaimSummary| c.file.as_deref().is_none_or(|f| f == line.file);
    let re = line.claim_of(file.claims.iter().filter(own).map(|c| c.line))?;
    let in_file = file
        .claims
        .iter()
        .any(|c| c.file.is_some())
        .then_some(line.file.as_str());
    Some(line_anchor(&event_anchor(id, i), in_file, re))
}

/// A claim-file line a finding names: its file, line and record, and the anchor it links to
/// when the timeline holds its file.
pub(super) struct LineLink<'a> {
    pub(super) file: &'a str,
    pub(super) line: u64,
    pub(super) record: Option<&'a str>,
    pub(super) anchor: Option<String>,
}

/// The claim-file lines `lines` names (`RECEIPTC.UKE:3 HO`), one a place, each with the anchor
/// it links to; a line whose file the timeline does not hold has none.
pub(super) fn links<'a>(id: &str, timeline: &[Event], lines: &'a [ClaimLine]) -> Vec<LineLink<'a>> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for line in lines {
        let key = (&line.file, line.line, &line.record);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push(LineLink {
            file: &line.file,
            line: line.line,
            record: line.record.as_deref(),
            anchor: target(id, timeline, line).map(|anchor| fragment(&anchor)),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use mynakit_timeline::{ClaimFile, ClaimSummary, Source};

    use super::*;

    /// A station's two files read as one event: a line of either links to its own file's
    /// claim, though both files number their claims from line 2.
    #[test]
    fn a_line_of_a_joined_event_links_to_its_own_file_s_claim() {
        let claim = |file: &str| ClaimSummary {
            line: 2,
            file: Some(file.to_owned()),
            ..ClaimSummary::default()
        };
        let timeline = [Event {
            v: 1,
            t_us: 0,
            run: None,
            source: Source::Client,
            kind: EventKind::ClaimFile {
                path: "kokuho/RECEIPTH.UKE, shaho/RECEIPTH.UKE".to_owned(),
                file: ClaimFile {
                    claims: vec![claim("kokuho/RECEIPTH.UKE"), claim("shaho/RECEIPTH.UKE")],
                    ..ClaimFile::default()
                },
            },
        }];
        let line = |file: &str| ClaimLine {
            file: file.to_owned(),
            line: 3,
            record: Some("HO".to_owned()),
        };
        let lines = [line("shaho/RECEIPTH.UKE"), line("kokuho/RECEIPTH.UKE")];
        let links = links("s", &timeline, &lines);
        let anchors: Vec<Option<&str>> = links.iter().map(|l| l.anchor.as_deref()).collect();
        assert_eq!(
            anchors,
            [
                Some("s-ev-0-shaho-RECEIPTH-UKE-L2"),
                Some("s-ev-0-kokuho-RECEIPTH-UKE-L2")
            ]
        );
        assert_eq!(events_of(&timeline, &lines), [0, 0]);
        // One file: the anchor of old.
        assert_eq!(line_anchor("s-ev-0", None, 2), "s-ev-0-L2");
    }
}
