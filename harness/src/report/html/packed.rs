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
//! repeat from run to run, and one stream stores them once in a window.

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

    /// The block of the kept folds, if any: each fold its key, a newline and its HTML, the
    /// folds of a kind together, [`BETWEEN`] between them; gzip, base64.
    pub(super) fn finish(self, out: &mut String) -> fmt::Result {
        let Some(kept) = self.packed.filter(|k| !k.is_empty()) else {
            return Ok(());
        };
        let mut order: Vec<usize> = (0..kept.len()).collect();
        order.sort_by_key(|&i| kept[i].0);
        let mut text = String::new();
        for (n, i) in order.into_iter().enumerate() {
            if n > 0 {
                text.push(BETWEEN);
            }
            let (fold, html) = &kept[i];
            write!(text, "{}-{i}\n{html}", fold.name())?;
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
    use std::io::Read as _;
    let start = format!(r#"<script type="application/octet-stream" id="{BLOCK_ID}">"#);
    let Some(at) = page.find(&start) else {
        return std::collections::BTreeMap::new();
    };
    let b64 = &page[at + start.len()..];
    let b64 = &b64[..b64.find("</script>").expect("the block ends")];
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("base64");
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes.as_slice())
        .read_to_string(&mut text)
        .expect("gzip");
    text.split(BETWEEN)
        .map(|fold| {
            let (key, html) = fold.split_once('\n').expect("a key line");
            (key.to_owned(), html.to_owned())
        })
        .collect()
}
