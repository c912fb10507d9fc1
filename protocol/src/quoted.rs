//! Text from a run, quoted the way a person reads it in a finding.
//!
//! Rust's `{:?}` escapes every character it does not count as printable, and that includes the
//! full-width space U+3000 that separates family and given names in Japanese: "他資格\u{3000}三郎".
//! A finding, an annotation and the HTML report must show a name as it is written, so a value
//! shown in a finding is quoted with [`Quoted`] instead. Only what would break the quoting or the
//! line is escaped: the quote mark, the backslash and control characters (`docs/reports.md`).

use std::fmt;

/// `"text"`, with `"`, `\` and control characters escaped and everything else as written.
///
/// ```
/// use mynakit_protocol::Quoted;
/// assert_eq!(Quoted("他資格　三郎").to_string(), "\"他資格　三郎\"");
/// assert_eq!(Quoted("a\"b\n").to_string(), "\"a\\\"b\\n\"");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for c in self.0.chars() {
            match c {
                '"' | '\\' => write!(f, "\\{c}")?,
                c if c.is_control() => write!(f, "{}", c.escape_default())?,
                c => write!(f, "{c}")?,
            }
        }
        f.write_str("\"")
    }
}

#[cfg(test)]
mod tests {
    use super::Quoted;

    #[test]
    fn names_read_as_written_and_controls_stay_escaped() {
        assert_eq!(Quoted("他資格　三郎").to_string(), "\"他資格　三郎\"");
        assert_eq!(Quoted("髙橋").to_string(), "\"髙橋\"");
        assert_eq!(Quoted("x\u{7}\t").to_string(), "\"x\\u{7}\\t\"");
        // The same as `{:?}` wherever `{:?}` already reads well.
        for s in ["abc", "12345678", "a\"b", "c\\d", "line\nbreak"] {
            assert_eq!(Quoted(s).to_string(), format!("{s:?}"));
        }
    }
}
