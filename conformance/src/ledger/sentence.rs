//! Where a quoted sentence stands in its held text: at the line its locator names, and whole —
//! one sentence, not cut at a line end, not two sentences or a heading run together. A held text
//! is a PDF's text read out line by line (docs/ledger.md, "The data"), so a sentence may wrap
//! over several lines, blank lines between them; whitespace is ignored in the comparison, but
//! the sentence's first and last characters must be where a sentence begins and ends.

/// What ends a sentence.
const ENDS: [char; 3] = ['。', '！', '？'];
/// Brackets that open a phrase a sentence end inside it does not end.
const OPEN: &str = "（「『(【";
/// Brackets that close it.
const CLOSE: &str = "）」』)】";
/// Characters no Japanese sentence begins with: particles, small kana, a comma, a closing
/// bracket. A quote that begins with one was cut from the sentence before it.
const NO_START: &str = "にをはがのてでともやらりるれっゃゅょーぁぃぅぇぉ、。）」";
/// What may begin a line of its own: a list mark, a note, a numbered step, a bracket.
const LINE_OPENERS: &str = "※①②③④⑤⑥⑦⑧⑨⑩（【[《";

/// A list mark (a bullet the PDF's font drew as a private-use glyph included) or whitespace.
fn is_mark(c: char) -> bool {
    c.is_whitespace() || "•・-○〇◯●■⇒".contains(c) || ('\u{F000}'..='\u{F8FF}').contains(&c)
}

/// Whether `s` ends a sentence: `。`, or `。` with closing brackets or a footnote digit after it.
fn ends_sentence(s: &str) -> bool {
    let trimmed = s.trim_end_matches(|c: char| CLOSE.contains(c) || c.is_ascii_digit());
    trimmed.ends_with(ENDS) && (trimmed.len() == s.len() || trimmed.ends_with('。'))
}

/// What is wrong with `quote` as the sentence of `text` at `line` (1-based), or `None`.
pub(crate) fn misquoted(text: &str, quote: &str, line: usize) -> Option<String> {
    let wanted: String = quote.chars().filter(|c| !c.is_whitespace()).collect();
    if wanted.is_empty() {
        return Some("the quote is empty".to_owned());
    }
    // The text without whitespace, with the byte of the text each of its bytes came from.
    let mut squeezed = String::with_capacity(text.len());
    let mut origin: Vec<usize> = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        if !c.is_whitespace() {
            squeezed.push(c);
            origin.extend((0..c.len_utf8()).map(|k| at + k));
        }
    }
    let line_of = |byte: usize| text[..byte].matches('\n').count() + 1;
    let found: Vec<usize> = squeezed
        .match_indices(&wanted)
        .map(|(at, _)| origin[at])
        .collect();
    let Some(&start) = found.iter().find(|&&at| line_of(at) == line) else {
        let lines: Vec<usize> = found.iter().map(|&at| line_of(at)).collect();
        return Some(if lines.is_empty() {
            "not in the text (whitespace ignored)".to_owned()
        } else {
            format!("not at line {line}: found at line {lines:?}")
        });
    };
    let squeezed_start = origin.partition_point(|&o| o < start);
    // The byte after the quote's last byte (each byte of the squeezed text maps to its own).
    let end = origin[squeezed_start + wanted.len() - 1] + 1;

    let mut problems: Vec<String> = Vec::new();
    let chars: Vec<char> = wanted.chars().collect();
    let mut depth = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        if OPEN.contains(c) {
            depth += 1;
        } else if CLOSE.contains(c) {
            depth = depth.saturating_sub(1);
        } else if ENDS.contains(&c)
            && depth == 0
            && !chars[i + 1..].iter().all(|c| CLOSE.contains(*c))
        {
            problems.push("two sentences in one quote".to_owned());
            break;
        }
    }
    // A bullet, a 【…】 heading or a （参考…） reference inside a quote: a heading, a table's row
    // or two list items read as one run of text.
    if chars[1..]
        .iter()
        .any(|&c| c == '•' || c == '【' || ('\u{F000}'..='\u{F8FF}').contains(&c))
        || wanted[chars[0].len_utf8()..].contains("（参考")
        || (chars[0] == '【'
            && chars
                .iter()
                .position(|&c| c == '】')
                .is_some_and(|end| end + 1 < chars.len()))
    {
        problems.push("a heading or another list item run into the quote".to_owned());
    }
    if NO_START.contains(chars[0]) {
        problems.push(format!("begins mid-sentence with {:?}", chars[0]));
    }
    let note_mark = wanted.starts_with('※') || wanted.starts_with("（※");

    // Before it, on its line: nothing but list marks, a cell's tab, a step's number, or the
    // end of the sentence before.
    let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
    let before = &text[line_start..start];
    let kept = before.trim_end_matches(is_mark);
    if !kept.is_empty() {
        let numbered = kept
            .trim_start()
            .chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
        if !(note_mark || numbered || ends_sentence(kept) || before.ends_with('\t')) {
            let tail: String = kept
                .chars()
                .rev()
                .take(6)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            problems.push(format!("begins mid-line, after {tail:?}"));
        }
    } else if !wanted.starts_with(['・', '•']) {
        let previous = text[..line_start]
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty());
        if previous.is_some_and(|l| l.trim_end().ends_with('、')) {
            problems.push("begins a line whose sentence began on the line before".to_owned());
        }
    }

    // After it: a quote that does not end its sentence must end its line, its cell or its
    // list item, and the sentence must not go on on the next line.
    let line_end = text[end..].find('\n').map_or(text.len(), |n| end + n);
    let after = &text[end..line_end];
    let ended = ends_sentence(&wanted);
    let rest = after.trim_start();
    if ended {
        if rest.starts_with(|c| CLOSE.contains(c)) {
            problems.push("a bracket it opened closes after it".to_owned());
        }
    } else if !rest.is_empty() {
        let listed = rest.starts_with('※')
            || rest.starts_with("（※")
            || after.starts_with('\t')
            || rest.starts_with(is_mark);
        if !listed {
            let head: String = rest.chars().take(6).collect();
            problems.push(format!("ends mid-line, before {head:?}"));
        }
    } else {
        let opens_own_line = |l: &str| {
            l.starts_with(char::is_whitespace)
                || l.contains('\t')
                || l.starts_with(is_mark)
                || l.starts_with(|c: char| LINE_OPENERS.contains(c) || c.is_ascii_digit())
                || l.starts_with(|c: char| ('０'..='９').contains(&c))
        };
        let following = text.get(line_end + 1..).unwrap_or_default();
        let next = following.lines().next().unwrap_or_default();
        let next_filled = following.lines().find(|l| !l.trim().is_empty());
        if !next.trim().is_empty() && !opens_own_line(next) {
            let head: String = next.chars().take(8).collect();
            problems.push(format!(
                "ends at a line end, the sentence goes on: {head:?}"
            ));
        } else if let Some(l) = next_filled.filter(|l| !opens_own_line(l) && l.contains('。')) {
            let head: String = l.chars().take(8).collect();
            problems.push(format!(
                "ends at a line end, its sentence ends on a later line: {head:?}"
            ));
        }
    }
    (!problems.is_empty()).then(|| problems.join("; "))
}

#[cfg(test)]
mod tests {
    use super::misquoted;

    const TEXT: &str = "見出し\n\n一つ目の文です。二つ目の文は、\n\n次の行に続きます。\n\n• 項目の一\n• 項目の二\n権限区分\t一般を選択\n";

    #[test]
    fn a_whole_sentence_at_its_line_passes() {
        assert_eq!(misquoted(TEXT, "一つ目の文です。", 3), None);
        assert_eq!(misquoted(TEXT, "二つ目の文は、次の行に続きます。", 3), None);
        assert_eq!(misquoted(TEXT, "項目の一", 7), None);
        assert_eq!(misquoted(TEXT, "一般を選択", 9), None);
    }

    #[test]
    fn a_cut_merged_or_misplaced_quote_fails() {
        let wrong_line = misquoted(TEXT, "一つ目の文です。", 4).unwrap();
        assert!(wrong_line.contains("found at line [3]"), "{wrong_line}");
        assert!(misquoted(TEXT, "ない文。", 3)
            .unwrap()
            .contains("not in the text"));
        let cut = misquoted(TEXT, "二つ目の文は、", 3).unwrap();
        assert!(cut.contains("later line"), "{cut}");
        let tail = misquoted(TEXT, "次の行に続きます。", 5).unwrap();
        assert!(tail.contains("began on the line before"), "{tail}");
        let merged =
            misquoted(TEXT, "一つ目の文です。二つ目の文は、次の行に続きます。", 3).unwrap();
        assert!(merged.contains("two sentences"), "{merged}");
        let run = misquoted(TEXT, "項目の一• 項目の二", 7);
        assert!(run.is_some(), "two list items are not one quote");
        let inner = misquoted(TEXT, "つ目の文です。", 3).unwrap();
        assert!(inner.contains("mid-line"), "{inner}");
        let half = misquoted(TEXT, "見", 1).unwrap();
        assert!(half.contains("ends mid-line"), "{half}");
    }
}
