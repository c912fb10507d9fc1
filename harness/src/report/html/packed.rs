//! Folds packed into the page (docs/reports.md, "Sizes"): when a page would be larger than
//! [`PACK_ABOVE`] (a hundred runs FAILED, each with its timeline and its hundred passed and
//! skipped checks; or hundreds of runs that passed), the folds a reader opens on demand (a
//! run's timeline table, its passed and skipped findings, a summarised run's facts and result)
//! are written once, gzip-compressed together into one base64 block at the end of the page, and
//! each fold holds a placeholder the page's script fills in when the fold is opened, never at
//! load (a page that unpacked every fold at load took half a minute to show on a loaded
//! machine). The page stays one file (no sidecar, nothing fetched); what it shows before a
//! fold is opened (the causes, the summary, the failures, each run's problems and the events
//! they cite) is plain HTML a browser without scripts reads and prints; a fold a reader opens
//! there says that it needs scripts and that report.json holds everything.
//!
//! One stream for every fold, not one per fold: the same skipped reasons and the same hello
//! repeat from run to run, and one stream stores them once in a window. And each line that
//! repeats from fold to fold (a check's rule and source, a skipped reason, a passed finding) is
//! said once, in a list before the folds, and referred to: gzip finds a repeat only within
//! 32 KB, and a run's Japanese findings (3 bytes a character) are more than that, so that
//! without the list the block of a Japanese page of a hundred failed runs was 1.26 MB (its
//! English, 0.39 MB).

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::io::Write as _;

use base64::Engine;

use crate::report::lang::{msg, Lang};

/// The size of page above which the folds are packed: a page this size opens fast, and up to
/// it every fold reads without scripts (the bundled all-pass run's page, 1.4 MB in place, is
/// packed).
pub(super) const PACK_ABOVE: usize = 1_000_000;

/// The id of the element holding the packed folds.
const BLOCK_ID: &str = "packed";

/// Between two folds in the packed text: a NUL, which the page's text never holds (a control
/// character of a client's text is written as `\u{0}`, `esc`).
const BETWEEN: char = '\0';

/// A line of a fold said once ([`Folds::finish`]): this character and the line's place in the
/// list, never the start of a line of the page's text (a control character is written `\u{1}`).
const SAID_ONCE: char = '\u{1}';

/// The shortest line worth saying once: a reference (`\u{1}` and its number) is not shorter.
const SAID_ONCE_FROM: usize = 8;

/// Before a piece of a line cut at one of [`CUT_BEFORE`]: the piece goes on the line before,
/// with no newline between (a control character is written `\u{2}`).
const GOES_ON: char = '\u{2}';

/// Where a fold's line is cut into pieces, each said once if it repeats: a timeline row's
/// number and time differ from run to run, its source and event (a hello, a SELECT with its
/// answer) do not, nor does a reader's note; a finding's rule, its details and the events it
/// cites are each said on their own. Cut there, the block of the Japanese page of 121 failed
/// runs was 252 KB instead of 339 KB.
const CUT_BEFORE: [&str; 5] = [
    "<td class=\"src-",
    " <span class=\"muted\">(",
    " → ",
    "<br>",
    "<td><a class=\"ev-link\"",
];

/// `line` cut before each of [`CUT_BEFORE`] (never into an empty piece).
fn pieces(line: &str) -> Vec<&str> {
    let mut cuts: Vec<usize> = CUT_BEFORE
        .iter()
        .flat_map(|at| line.match_indices(at).map(|(i, _)| i))
        .filter(|&i| i > 0)
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut from = 0;
    let mut out = Vec::with_capacity(cuts.len() + 1);
    for cut in cuts {
        out.push(&line[from..cut]);
        from = cut;
    }
    out.push(&line[from..]);
    out
}

/// What a fold holds. The folds of one kind are packed next to each other: one run's passed
/// and skipped checks are much like the next run's, and gzip finds the repeat only within
/// 32 KB (interleaved with the timelines, the block was four times larger).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Fold {
    /// A run's passed and skipped findings.
    Findings,
    /// A run's timeline table.
    Timeline,
    /// A summarised run's facts, notes and result (a run that PASSED or is NOT-APPLICABLE).
    Summary,
}

impl Fold {
    fn name(self) -> &'static str {
        match self {
            Fold::Findings => "findings",
            Fold::Timeline => "timeline",
            Fold::Summary => "summary",
        }
    }
}

/// The folds of a page being written: either written in place, or kept to be packed.
pub(super) struct Folds {
    /// `None`: every fold is written where it is.
    packed: Option<Vec<(Fold, String)>>,
}

impl Folds {
    /// Folds written in place.
    pub(super) fn in_place() -> Folds {
        Folds { packed: None }
    }

    /// Folds kept, to be packed by [`Folds::finish`].
    pub(super) fn packed() -> Folds {
        Folds {
            packed: Some(Vec::new()),
        }
    }

    /// Whether the folds are packed (a fold then starts closed, `data-open` marking the ones
    /// that are open in a page written in place; it is filled in when a reader opens it).
    pub(super) fn packing(&self) -> bool {
        self.packed.is_some()
    }

    /// `html`, the inside of a fold of kind `fold`: written to `out`, or kept and a placeholder
    /// written (`data-fold`, the fold's key: its kind and number).
    pub(super) fn put(&mut self, out: &mut String, fold: Fold, html: String) -> fmt::Result {
        let Some(kept) = &mut self.packed else {
            out.push_str(&html);
            return Ok(());
        };
        // The note a placeholder shows without scripts is the page's once ([`note_style`]): a
        // page has hundreds of placeholders.
        let placeholder = Placeholder {
            kind: fold.name(),
            number: kept.len(),
        };
        kept.push((fold, html));
        super::render(out, &placeholder)
    }

    /// The block of the kept folds, if any: the pieces said once (each line, cut at
    /// [`CUT_BEFORE`], that more than one fold holds, or one fold more than once; sorted, so
    /// that alike pieces are near), one a line; then, [`BETWEEN`] before each, each fold its
    /// key, a newline and its HTML, a piece on a line of its own, [`GOES_ON`] before a piece
    /// that continues the line before, a piece said once as [`SAID_ONCE`] and its place in the
    /// list; the folds of a kind together; gzip, base64.
    pub(super) fn finish(self, out: &mut String) -> fmt::Result {
        let Some(kept) = self.packed.filter(|k| !k.is_empty()) else {
            return Ok(());
        };
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for line in kept.iter().flat_map(|(_, html)| html.split('\n')) {
            for piece in pieces(line) {
                if piece.len() >= SAID_ONCE_FROM {
                    *seen.entry(piece).or_default() += 1;
                }
            }
        }
        let mut once: Vec<&str> = seen
            .into_iter()
            .filter(|&(_, n)| n > 1)
            .map(|(line, _)| line)
            .collect();
        once.sort_unstable();
        let place: HashMap<&str, usize> = once.iter().enumerate().map(|(i, l)| (*l, i)).collect();
        let mut text = once.join("\n");
        let mut order: Vec<usize> = (0..kept.len()).collect();
        order.sort_by_key(|&i| kept[i].0);
        for i in order {
            let (fold, html) = &kept[i];
            write!(text, "{BETWEEN}{}-{i}", fold.name())?;
            for line in html.split('\n') {
                for (k, piece) in pieces(line).into_iter().enumerate() {
                    text.push('\n');
                    if k > 0 {
                        text.push(GOES_ON);
                    }
                    match place.get(piece) {
                        Some(n) => write!(text, "{SAID_ONCE}{n}")?,
                        None => text.push_str(piece),
                    }
                }
            }
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        // Compressing into a Vec cannot fail.
        gz.write_all(text.as_bytes()).expect("writing into a Vec");
        let bytes = gz.finish().expect("writing into a Vec");
        let block = Block {
            id: BLOCK_ID,
            base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        };
        super::render(out, &block)
    }
}

/// A packed fold's placeholder (`templates/packed_fold.html`): its key, the fold's kind and
/// number.
#[derive(askama::Template)]
#[template(path = "packed_fold.html")]
struct Placeholder {
    kind: &'static str,
    number: usize,
}

/// The block of the packed folds (`templates/packed_block.html`).
#[derive(askama::Template)]
#[template(path = "packed_block.html")]
struct Block {
    id: &'static str,
    base64: String,
}

/// The style rule that shows every placeholder's note, in `lang` (a CSS string: no quote or
/// backslash of the note can end it).
pub(super) fn note_style(lang: Lang) -> String {
    let note = lang
        .t(msg::PACKED_FOLD)
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    format!(r#"<style>div.packed::before {{ content: "{note}"; color: var(--muted); }}</style>"#)
}

/// The folds of a packed page, as the page's script reads them (for tests): each fold's key
/// (`data-fold`) and HTML.
#[cfg(test)]
pub(super) fn unpack(page: &str) -> std::collections::BTreeMap<String, String> {
    let Some(text) = packed_text(page) else {
        return std::collections::BTreeMap::new();
    };
    let mut folds = text.split(BETWEEN);
    let once: Vec<&str> = folds
        .next()
        .expect("the lines said once")
        .split('\n')
        .collect();
    folds
        .map(|fold| {
            let (key, html) = fold.split_once('\n').expect("a key line");
            let piece = |p: &'_ str| match p.strip_prefix(SAID_ONCE) {
                Some(n) => once[n.parse::<usize>().expect("a place")].to_owned(),
                None => p.to_owned(),
            };
            let lines: Vec<String> = html
                .split('\n')
                .map(|line| match line.strip_prefix(GOES_ON) {
                    Some(rest) => format!("{GOES_ON}{}", piece(rest)),
                    None => piece(line),
                })
                .collect();
            let html = lines.join("\n").replace(&format!("\n{GOES_ON}"), "");
            (key.to_owned(), html)
        })
        .collect()
}

/// The packed text of `page`'s block, unzipped (for tests).
#[cfg(test)]
fn packed_text(page: &str) -> Option<String> {
    use std::io::Read as _;
    let start = format!(r#"<script type="application/octet-stream" id="{BLOCK_ID}">"#);
    let at = page.find(&start)?;
    let b64 = &page[at + start.len()..];
    let b64 = &b64[..b64.find("</script>").expect("the block ends")];
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("base64");
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes.as_slice())
        .read_to_string(&mut text)
        .expect("gzip");
    Some(text)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A line two folds hold (or one fold twice) is in the packed text once, and each fold
    /// unpacks to its HTML as it was given, newlines and short lines included.
    #[test]
    fn a_repeated_line_is_said_once_and_put_back_in_each_fold() {
        let row = "<tr><td>a passed check, said in every run</td></tr>";
        let (first, second) = (
            format!("{row}\n<tr>one</tr>\n{row}"),
            format!("<tr>two</tr>\n{row}\n"),
        );
        let mut folds = Folds::packed();
        let mut page = String::new();
        folds.put(&mut page, Fold::Findings, first.clone()).unwrap();
        folds
            .put(&mut page, Fold::Timeline, second.clone())
            .unwrap();
        folds.finish(&mut page).unwrap();
        let text = packed_text(&page).unwrap();
        assert_eq!(text.matches(row).count(), 1, "{text:?}");
        assert_eq!(text.matches(SAID_ONCE).count(), 3, "{text:?}");
        let unpacked = unpack(&page);
        assert_eq!(unpacked["findings-0"], first);
        assert_eq!(unpacked["timeline-1"], second);
        assert_eq!(unpacked.len(), 2);
    }

    /// A timeline row's source and event, the same in two runs at other times, are in the
    /// packed text once, and each row unpacks as it was given.
    #[test]
    fn a_row_is_cut_and_its_repeated_pieces_said_once() {
        let event = r#"<td class="src-card">card</td><td><strong>SELECT</strong> → SW <code>9000</code> <span class="muted">(reader 1, 2 µs)</span></td></tr>"#;
        let first = format!(r#"<tr id="a-ev-1"><td class="num">1.000</td>{event}"#);
        let second = format!(r#"<tr id="b-ev-7"><td class="num">9.500</td>{event}"#);
        let mut folds = Folds::packed();
        let mut page = String::new();
        folds.put(&mut page, Fold::Timeline, first.clone()).unwrap();
        folds
            .put(&mut page, Fold::Timeline, second.clone())
            .unwrap();
        folds.finish(&mut page).unwrap();
        let text = packed_text(&page).unwrap();
        assert_eq!(
            text.matches("<strong>SELECT</strong>").count(),
            1,
            "{text:?}"
        );
        assert_eq!(text.matches("(reader 1, 2 µs)").count(), 1, "{text:?}");
        let unpacked = unpack(&page);
        assert_eq!(unpacked["timeline-0"], first);
        assert_eq!(unpacked["timeline-1"], second);
    }
}
