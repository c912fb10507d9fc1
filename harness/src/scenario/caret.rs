//! A load error as a person reads it: each place's line of the file under the message, with a
//! caret at the column (as rustc and serde-based linters show them), so a scenario author sees
//! the mistake without opening the file.

use std::fmt::Write;

use super::load::{LoadError, LoadErrors};

/// Every error of `errors` [`with_source`], under the line that counts them.
pub fn errors_with_source(errors: &LoadErrors, text_of: &dyn Fn(&str) -> Option<String>) -> String {
    let shown: Vec<String> = errors.0.iter().map(|e| with_source(e, text_of)).collect();
    format!(
        "{} scenario file(s) do not load:\n{}",
        errors.0.len(),
        shown.join("\n")
    )
}

/// `error` with the source line and a caret under each place it names, the file's text read
/// by `text_of` (a file that cannot be read again is shown without its lines).
pub fn with_source(error: &LoadError, text_of: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    match error {
        LoadError::Yaml(e) | LoadError::Embedded { error: e, .. } => {
            out.push_str(&error.to_string());
            snippet(&mut out, text_of(&e.origin).as_deref(), e.line, e.column);
        }
        LoadError::Invalid { file, problems } => {
            let text = text_of(file);
            for (i, p) in problems.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                match p.place {
                    Some((line, column)) => {
                        let _ = write!(out, "{file}:{line}:{column}: {p}");
                        snippet(&mut out, text.as_deref(), line, column);
                    }
                    None => {
                        let _ = write!(out, "{file}: {p}");
                    }
                }
            }
        }
        LoadError::Several(errors) => {
            let shown: Vec<String> = errors.iter().map(|e| with_source(e, text_of)).collect();
            out.push_str(&shown.join("\n"));
        }
        LoadError::Read { .. } | LoadError::NotUtf8 { .. } => out.push_str(&error.to_string()),
    }
    out
}

/// The file's text for [`with_source`]: read again from disk, within the size a scenario may
/// have (`mynakit_fixtures::yaml::MAX_BYTES`).
pub fn read_again(file: &str) -> Option<String> {
    let meta = std::fs::metadata(file).ok()?;
    if meta.len() > mynakit_fixtures::yaml::MAX_BYTES as u64 {
        return None;
    }
    std::fs::read_to_string(file).ok()
}

/// Appends `  LINE | text` and a caret under `column` (1-based, in characters).
fn snippet(out: &mut String, text: Option<&str>, line: usize, column: usize) {
    let Some(source) = text.and_then(|t| t.lines().nth(line.checked_sub(1)?)) else {
        return;
    };
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    // Tabs kept as tabs, so the caret's indent lines up with them.
    let indent: String = source
        .chars()
        .take(column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let _ = write!(out, "\n {number} | {source}\n {pad} | {indent}^");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;
    use mynakit_fixtures::Fixtures;

    #[test]
    fn each_place_shows_its_line_and_a_caret() {
        let text = "id: t\ntitle: t\ngiven:\n  cards:\n    - persona: nobody\nexpect:\n  outcome: eligible\n  checks: [NO-SUCH-check]\n";
        let error = load_str(text, "t.yaml", &Fixtures::bundled()).unwrap_err();
        let shown = with_source(&error, &|_| Some(text.to_owned()));
        assert!(
            shown.contains("t.yaml:5:7: `given.cards[0].persona`: no persona \"nobody\""),
            "{shown}"
        );
        assert!(
            shown.contains("\n 5 |     - persona: nobody\n   |       ^\n"),
            "{shown}"
        );
        assert!(
            shown.ends_with("\n 8 |   checks: [NO-SUCH-check]\n   |            ^"),
            "{shown}"
        );
        let text = "id: t\ntitle: a: b\n";
        let syntax = load_str(text, "s.yaml", &Fixtures::bundled()).unwrap_err();
        let shown = with_source(&syntax, &|_| Some(text.to_owned()));
        assert!(shown.starts_with("s.yaml:2:"), "{shown}");
        assert!(shown.contains("\n 2 | title: a: b\n   | "), "{shown}");
    }
}
