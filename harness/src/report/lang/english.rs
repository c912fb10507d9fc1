//! Tests' reading of a Japanese text against its English (the sources of a check, a scenario's
//! `references_ja`): what a text cites and keeps in every language, and whether English says
//! something in words that a Japanese text must then say in Japanese.

/// What a source line (or a reference) cites rather than says: pages and paths (`docs/card.md#pins`,
/// `src/jpki.rs`), anchors, URLs, section numbers (`§5.1`), codes and ids (`OQSCD006`,
/// `SCARD_E_NOT_TRANSACTED`, `C-04-01-A`), and every figure.
pub(crate) fn citations(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || "(),;:「」（）、".contains(c))
        .filter(|w| w.is_ascii() && !w.is_empty())
        .filter(|w| {
            w.contains(['/', '#', '§', '.', '_'])
                || w.chars().any(|c| c.is_ascii_digit())
                || (w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase() || c == '-'))
        })
        .map(|w| w.trim_end_matches('.'))
        // A figure with its unit in English (`4-digit`) is the figure.
        .map(|w| match w.split_once('-') {
            Some((n, unit))
                if n.bytes().all(|b| b.is_ascii_digit())
                    && unit.bytes().all(|b| b.is_ascii_lowercase()) =>
            {
                n.to_owned()
            }
            _ => w.to_owned(),
        })
        .collect()
}

/// Whether `text` says something in English: three lowercase English words in a row
/// outside quotes (a quoted title is cited, not said).
pub(crate) fn says_in_english(text: &str) -> bool {
    let mut unquoted = String::new();
    let mut closing: Option<char> = None;
    for c in text.chars() {
        match (closing, c) {
            (None, '"') => closing = Some('"'),
            (None, '「') => closing = Some('」'),
            (None, '“') => closing = Some('”'),
            (None, c) => unquoted.push(c),
            (Some(end), c) if c == end => closing = None,
            (Some(_), _) => {}
        }
    }
    unquoted
        .split(|c: char| ",;:()".contains(c) || !c.is_ascii())
        .any(|part| {
            let mut run = 0;
            part.split_whitespace().any(|w| {
                let w = w.strip_suffix("'s").unwrap_or(w);
                run = if !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()) {
                    run + 1
                } else {
                    0
                };
                run >= 3
            })
        })
}
