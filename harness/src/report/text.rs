//! Text made fit for the reports' documents: durations for people, a client's terminal text
//! without its escapes.

/// A duration in milliseconds for people: `850 ms`, `12.345 s`.
pub(crate) fn human_ms(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else {
        format!("{}.{:03} s", ms / 1000, ms % 1000)
    }
}

/// Text a client wrote for a terminal, made fit for a document: ANSI escape sequences (colours,
/// cursor moves) removed, `\r\n` made `\n`, and other control characters except tab and newline
/// shown as `\u{..}` (XML 1.0 cannot carry them at all), as are bidirectional overrides.
pub(crate) fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                // CSI: ESC [ parameters… final byte (0x40..=0x7E); other escapes: ESC + one char.
                if chars.peek() == Some(&'[') {
                    chars.next();
                    for c in chars.by_ref() {
                        if ('\u{40}'..='\u{7e}').contains(&c) {
                            break;
                        }
                    }
                } else {
                    chars.next();
                }
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\t' | '\n' => out.push(c),
            // U+FFFE and U+FFFF are not XML characters either; a bidirectional override
            // would reorder what is read (`untrusted`).
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' || is_bidi_control(c) => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether `c` reorders the text around it: the bidirectional embeddings, overrides and
/// isolates of Unicode's UAX #9 (U+202A–U+202E, U+2066–U+2069). Marks (U+200E, U+200F) are
/// left alone: they only order what is next to them, and right-to-left text needs them.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A citation of mynakit's documentation as its reader can follow it: `docs/card.md#pins` becomes
/// `mynakit docs card (#pins)`, the page as the binary shows it. A vendor's machine has the
/// binary, not mynakit's repository, so a path under `docs/` leads nowhere there.
pub(crate) fn docs_cited(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("docs/") {
        let after = &rest[at + 5..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(after.len());
        let starts_word = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '/' || c == '.'));
        if name_len == 0 || !after[name_len..].starts_with(".md") || !starts_word {
            out.push_str(&rest[..at + 5]);
            rest = after;
            continue;
        }
        out.push_str(&rest[..at]);
        out.push_str("mynakit docs ");
        out.push_str(&after[..name_len]);
        rest = &after[name_len + 3..];
        if let Some(anchor) = rest.strip_prefix('#') {
            // An anchor is a heading's slug: letters of any script, digits, `-` and `_`.
            let len = anchor
                .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(anchor.len());
            out.push_str(" (#");
            out.push_str(&anchor[..len]);
            out.push(')');
            rest = &anchor[len..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_are_cited_as_the_binary_shows_them() {
        assert_eq!(
            docs_cited("docs/card.md#pins (myna-card); docs/reader.md; see docs/client-protocol.md#outcomes."),
            "mynakit docs card (#pins) (myna-card); mynakit docs reader; see mynakit docs client-protocol (#outcomes)."
        );
        assert_eq!(
            docs_cited("docs/client-protocol.md#目視確認-visual-mode"),
            "mynakit docs client-protocol (#目視確認-visual-mode)"
        );
        assert_eq!(
            docs_cited(
                "https://example.org/docs/x.md and mydocs/x.md and docs/scenario.schema.json"
            ),
            "https://example.org/docs/x.md and mydocs/x.md and docs/scenario.schema.json"
        );
    }

    #[test]
    fn printable_drops_colours_and_shows_other_controls() {
        assert_eq!(
            printable("\u{1b}[31merror\u{1b}[0m: bad\r\nnext\u{7}\tend"),
            "error: bad\nnext\\u{7}\tend"
        );
        assert_eq!(printable("試験　三郎 <&>"), "試験　三郎 <&>");
    }
}
