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
            c if c.is_control()
                || c == '\u{fffe}'
                || c == '\u{ffff}'
                || super::untrusted::is_bidi_control(c) =>
            {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_drops_colours_and_shows_other_controls() {
        assert_eq!(
            printable("\u{1b}[31merror\u{1b}[0m: bad\r\nnext\u{7}\tend"),
            "error: bad\nnext\\u{7}\tend"
        );
        assert_eq!(printable("試験　三郎 <&>"), "試験　三郎 <&>");
    }
}
