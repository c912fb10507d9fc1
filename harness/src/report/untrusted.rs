//! Text mynakit did not write (a client's lines and reasons, scenario and report ids, a report
//! read back) made fit for where it is shown, so that it shows as text and never acts: on a
//! terminal an ESC would recolour or move the cursor, a BEL ring, a CR or newline forge a row; in
//! a Markdown table a `|` or newline would break the table a CI step summary shows; anywhere, a
//! bidirectional override (U+202E) would reorder what is read ("Trojan Source", CVE-2021-42574).
//! Documents (HTML, JUnit, annotations) take text through [`super::text::printable`]; terminals and
//! Markdown through this module.

use super::text::is_bidi_control;

/// `text` for a terminal: every control character (C0 with newline and tab, DEL, C1) and every
/// bidirectional control shown as `\u{..}`, the rest as it is.
pub fn terminal(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() || is_bidi_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `text` of several lines for a terminal: each line as [`terminal`] shows it, the newlines
/// between them kept (an error that quotes a file's line under its place, `mynakit`'s last
/// word when a command fails, names a file or an argument it was given).
pub fn terminal_lines(text: &str) -> String {
    text.split('\n')
        .map(terminal)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` for one cell of a Markdown table (GitHub Flavored Markdown): controls shown as
/// [`super::text::printable`] shows them, `|` escaped, a newline as `<br>`, HTML's `<`, `>`, `&`
/// escaped so that text cannot inject markup, and a backtick as `'` so that it cannot open
/// or close a code span.
pub fn markdown_cell(text: &str) -> String {
    super::text::printable(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('\n', "<br>")
        .replace('`', "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_newlines_and_lose_their_controls() {
        assert_eq!(
            terminal_lines("a\u{1b}[2J: cannot read\n 17 | flows: [x\u{7}]\r"),
            "a\\u{1b}[2J: cannot read\n 17 | flows: [x\\u{7}]\\u{d}"
        );
        assert_eq!(terminal_lines("plain"), "plain");
    }

    #[test]
    fn a_terminal_sees_controls_and_overrides_as_escapes() {
        assert_eq!(terminal("plain-id 試験"), "plain-id 試験");
        assert_eq!(
            terminal("a\u{1b}[2Jb\u{7}c\r\nd\te\u{202e}f\u{7f}\u{85}"),
            "a\\u{1b}[2Jb\\u{7}c\\u{d}\\u{a}d\\u{9}e\\u{202e}f\\u{7f}\\u{85}"
        );
    }

    #[test]
    fn a_markdown_cell_cannot_break_its_table_or_inject_markup() {
        assert_eq!(
            markdown_cell("a|b\nc<i>`d`\u{1b}[31m\u{7}\u{202e}"),
            "a\\|b<br>c&lt;i&gt;'d'\\u{7}\\u{202e}"
        );
    }
}
