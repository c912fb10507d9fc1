//! Drift: which items a new text of a held source moves, rewords or loses. A notice re-issued as
//! a new PDF has no stable anchors, so an item is found by its quoted sentence (whitespace and
//! line breaks ignored): one found out of the order of the others has **moved** (an inserted
//! paragraph shifts every line after it but moves no sentence); one found nowhere has
//! **vanished** — **reworded** when the new text has a sentence much like it where it stood
//! (between the sentences of its neighbours that kept their place), else **removed**.

use super::parse::sha256_hex;
use super::{Item, LedgerError};

/// What happened to an item's sentence in the new text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DriftKind {
    /// Found nowhere in the new text, nor anything much like it where it stood: removed.
    Vanished,
    /// Found nowhere in the new text, but a sentence much like it stands where it stood.
    Reworded {
        /// Its line in the held text.
        from_line: usize,
        /// The line the new sentence begins on.
        to_line: usize,
        /// The new sentence (whitespace taken out).
        now: String,
    },
    /// Found, but out of the order of the other items' sentences.
    Moved {
        /// Its line in the held text.
        from_line: usize,
        /// Its line in the new text.
        to_line: usize,
    },
}

/// One item that drifted, with what rests on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drifted {
    /// The item.
    pub item: &'static Item,
    /// What happened to its sentence.
    pub kind: DriftKind,
    /// The checks that judge it.
    pub checks: Vec<String>,
    /// The bundled scenarios that prove those checks.
    pub scenarios: Vec<&'static str>,
}

/// A held source compared with a new text of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drift {
    /// The source's id.
    pub source: String,
    /// The sha256 the ledger pins.
    pub pinned_sha256: String,
    /// The sha256 of the new text.
    pub new_sha256: String,
    /// How many of its items quote a sentence (the ones drift can follow).
    pub quoted: usize,
    /// The items that moved, were reworded or were removed, in the ledger's order.
    pub drifted: Vec<Drifted>,
}

/// The items of held source `source` that `new_text` moves or loses.
pub fn drift(source: &str, new_text: &str) -> Result<Drift, LedgerError> {
    let held = super::source(source).ok_or_else(|| LedgerError::NoSource(source.to_owned()))?;
    let (Some(old_text), Some(pinned)) = (held.text, held.sha256.clone()) else {
        return Err(LedgerError::NotHeld(source.to_owned()));
    };
    let quoted: Vec<&'static Item> = super::items()
        .iter()
        .filter(|i| i.source == source && !i.quote.is_empty())
        .collect();
    Ok(Drift {
        source: source.to_owned(),
        pinned_sha256: pinned,
        new_sha256: sha256_hex(new_text),
        quoted: quoted.len(),
        drifted: compare(&quoted, old_text, new_text),
    })
}

/// The drifted items among `items` between the two texts.
fn compare(items: &[&'static Item], old_text: &str, new_text: &str) -> Vec<Drifted> {
    let old = Located::new(old_text);
    let new = Located::new(new_text);
    // (index in `items`, old position, new position) of the sentences found in both.
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    // (index in `items`, old position) of those the new text lacks.
    let mut lost: Vec<(usize, usize)> = Vec::new();
    let mut kinds: Vec<Option<DriftKind>> = vec![None; items.len()];
    for (n, item) in items.iter().enumerate() {
        match (old.find(&item.quote), new.find(&item.quote)) {
            (Some(o), Some(w)) => found.push((n, o, w)),
            (Some(o), None) => lost.push((n, o)),
            (None, None) => kinds[n] = Some(DriftKind::Vanished),
            // Not in the held text: the lint fails it; drift has no place to compare.
            (None, Some(_)) => {}
        }
    }
    found.sort_by_key(|&(_, o, _)| o);
    let keep = longest_increasing(&found.iter().map(|&(_, _, w)| w).collect::<Vec<_>>());
    for (k, &(n, o, w)) in found.iter().enumerate() {
        if !keep.contains(&k) {
            kinds[n] = Some(DriftKind::Moved {
                from_line: old.line_at(o),
                to_line: new.line_at(w),
            });
        }
    }
    // The sentences that kept their place, in order: (old position, new start, new end).
    let anchors: Vec<(usize, usize, usize)> = keep
        .iter()
        .map(|&k| {
            let (n, o, w) = found[k];
            (o, w, w + new.squeezed_len(&items[n].quote))
        })
        .collect();
    for (n, o) in lost {
        // Where it stood in the new text: after the anchor before it, before the one after it.
        let from = anchors
            .iter()
            .filter(|a| a.0 < o)
            .map(|a| a.2)
            .max()
            .unwrap_or(0);
        let to = anchors
            .iter()
            .filter(|a| a.0 > o)
            .map(|a| a.1)
            .min()
            .unwrap_or(usize::MAX);
        kinds[n] = Some(match new.likeliest(&items[n].quote, from, to) {
            Some((at, now)) => DriftKind::Reworded {
                from_line: old.line_at(o),
                to_line: new.line_at(at),
                now,
            },
            None => DriftKind::Vanished,
        });
    }
    items
        .iter()
        .zip(kinds)
        .filter_map(|(item, kind)| {
            kind.map(|kind| Drifted {
                item,
                kind,
                checks: item.checks.clone(),
                scenarios: item.scenarios(),
            })
        })
        .collect()
}

/// How alike two sentences are: the Dice coefficient of their character pairs (0 to 1).
fn likeness(a: &str, b: &str) -> f64 {
    let pairs = |s: &str| -> Vec<(char, char)> {
        let c: Vec<char> = s.chars().collect();
        let mut p: Vec<(char, char)> = c.windows(2).map(|w| (w[0], w[1])).collect();
        p.sort_unstable();
        p
    };
    let (x, y) = (pairs(a), pairs(b));
    if x.is_empty() || y.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    // Count the pairs both hold (as a multiset): walk the two sorted lists.
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    // Counts of pairs in sentences: far below 2^52, exact as f64.
    (2 * both) as f64 / (x.len() + y.len()) as f64
}

/// How alike a new sentence must be to count as the old one reworded rather than a sentence
/// that took the place of a removed one: half of their character pairs shared.
const REWORDED: f64 = 0.5;

/// The indices of one longest strictly increasing subsequence of `values` (patience sorting):
/// the sentences that kept their order; every other one moved.
fn longest_increasing(values: &[usize]) -> Vec<usize> {
    // tails[l]: the index of the smallest last value of an increasing run of length l + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; values.len()];
    for (i, &v) in values.iter().enumerate() {
        let at = tails.partition_point(|&t| values[t] < v);
        previous[i] = at.checked_sub(1).map(|p| tails[p]);
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut out = Vec::new();
    let mut at = tails.last().copied();
    while let Some(i) = at {
        out.push(i);
        at = previous[i];
    }
    out.reverse();
    out
}

/// A text with its whitespace taken out, and the line of each byte left.
pub(crate) struct Located {
    /// The text without whitespace.
    squeezed: String,
    /// The 1-based line of each byte of `squeezed`.
    lines: Vec<usize>,
}

impl Located {
    pub(crate) fn new(text: &str) -> Located {
        let mut squeezed = String::with_capacity(text.len());
        let mut lines = Vec::with_capacity(text.len());
        let mut line = 1;
        for c in text.chars() {
            if c == '\n' {
                line += 1;
            }
            if !c.is_whitespace() {
                squeezed.push(c);
                lines.extend(std::iter::repeat_n(line, c.len_utf8()));
            }
        }
        Located { squeezed, lines }
    }

    /// Where `sentence` (whitespace ignored) begins, as a byte of the squeezed text.
    pub(crate) fn find(&self, sentence: &str) -> Option<usize> {
        let wanted: String = sentence.chars().filter(|c| !c.is_whitespace()).collect();
        if wanted.is_empty() {
            return None;
        }
        self.squeezed.find(&wanted)
    }

    /// How many bytes `sentence` takes in the squeezed text.
    fn squeezed_len(&self, sentence: &str) -> usize {
        sentence
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(char::len_utf8)
            .sum()
    }

    /// The sentence of the squeezed text between bytes `from` and `to` most like `sentence`,
    /// with where it begins, if it is alike enough ([`REWORDED`]). The candidates are the
    /// sentences (cut after each `。`) and the lines (a heading, a screen's line) of that span.
    fn likeliest(&self, sentence: &str, from: usize, to: usize) -> Option<(usize, String)> {
        let wanted: String = sentence.chars().filter(|c| !c.is_whitespace()).collect();
        let to = to.min(self.squeezed.len());
        let span = self.squeezed.get(from..to)?;
        let mut candidates: Vec<(usize, &str)> = Vec::new();
        let mut start = 0;
        for (at, c) in span.char_indices() {
            if c == '。' {
                let end = at + c.len_utf8();
                candidates.push((from + start, &span[start..end]));
                start = end;
            }
        }
        candidates.push((from + start, &span[start..]));
        let mut line_start = 0;
        for (at, _) in span.char_indices() {
            if at > line_start && self.line_at(from + at) != self.line_at(from + line_start) {
                candidates.push((from + line_start, &span[line_start..at]));
                line_start = at;
            }
        }
        candidates.push((from + line_start, &span[line_start..]));
        candidates
            .into_iter()
            .filter(|(_, s)| !s.is_empty())
            .map(|(at, s)| (likeness(&wanted, s), at, s))
            .filter(|&(score, _, _)| score >= REWORDED)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, at, s)| (at, s.to_owned()))
    }

    /// The line of a position [`Located::find`] gave.
    pub(crate) fn line_at(&self, at: usize) -> usize {
        self.lines.get(at).copied().unwrap_or_default()
    }
}
