//! A load error as a person reads it: each place's line of the file under the message, with a
//! caret at the column (as rustc and serde-based linters show them), so a scenario author sees
//! the mistake without opening the file. Each message goes through `word`, which puts it in the
//! reader's language (the CLI passes its catalogue's `load_message`; [`as_written`] keeps
//! English).

use std::fmt::Write;

use super::load::{LoadError, LoadErrors};
use super::said::{Said, Word};
use super::suggest::for_serde_message;

/// Every error of `errors` [`with_source`], under `heading`, the line that counts them
/// ([`LoadErrors::heading`], or its words in the reader's language).
pub fn errors_with_source(errors: &LoadErrors, heading: &str, word: Word<'_>) -> String {
    let shown: Vec<String> = errors.0.iter().map(|e| with_source(e, word)).collect();
    format!("{heading}\n{}", shown.join("\n"))
}

/// `error` with the source line and a caret under each place it names, the lines taken from
/// the text the file was read from ([`LoadError::InFile`]); an error without one is its text
/// alone.
pub fn with_source(error: &LoadError, word: Word<'_>) -> String {
    shown(error, None, word)
}

fn shown(error: &LoadError, text: Option<&str>, word: Word<'_>) -> String {
    let mut out = String::new();
    match error {
        LoadError::InFile { error, text } => out.push_str(&shown(error, Some(text), word)),
        LoadError::Yaml(e) => {
            let _ = write!(
                out,
                "{}:{}:{}: {}",
                e.origin,
                e.line,
                e.column,
                word(Said::english(&e.message))
            );
            snippet(&mut out, text, e.line, e.column);
            hint(&mut out, Some(e.line), for_serde_message(&e.message), word);
        }
        LoadError::Embedded { section, error: e } => {
            let _ = write!(
                out,
                "{}:{}:{}: in `{section}`: {}",
                e.origin,
                e.line,
                e.column,
                word(Said::english(&e.message))
            );
            snippet(&mut out, text, e.line, e.column);
            hint(&mut out, Some(e.line), for_serde_message(&e.message), word);
        }
        LoadError::Invalid { file, problems } => {
            for (i, p) in problems.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                let what = format!("`{}`: {}", p.path, word(p.said()));
                match p.place {
                    Some((line, column)) => {
                        let _ = write!(out, "{file}:{line}:{column}: {what}");
                        snippet(&mut out, text, line, column);
                    }
                    None => {
                        let _ = write!(out, "{file}: {what}");
                    }
                }
                hint(
                    &mut out,
                    p.place.map(|(line, _)| line),
                    p.suggestion.clone(),
                    word,
                );
            }
        }
        LoadError::Several(errors) => {
            let all: Vec<String> = errors.iter().map(|e| shown(e, text, word)).collect();
            out.push_str(&all.join("\n"));
        }
        LoadError::Read { path, source } => {
            // The cause is the system's (`No such file or directory`); what failed is said in
            // the reader's language.
            let (en, ja) = (
                format!("cannot read: {source}"),
                format!("読み込めません: {source}"),
            );
            let _ = write!(
                out,
                "{}: {}",
                path.display(),
                word(Said {
                    en: &en,
                    ja: Some(&ja)
                })
            );
        }
        LoadError::NotUtf8 { .. } => out.push_str(&error.to_string()),
    }
    out
}

/// Appends `  = did you mean `pin`?` under an error's caret, its `=` under the caret line's
/// `|` (`line` is the snippet's line number, whose width sets the indent), when a known word is
/// near the misspelt one ([`super::suggest`]).
fn hint(out: &mut String, line: Option<usize>, suggestion: Option<String>, word: Word<'_>) {
    let Some(near) = suggestion else {
        return;
    };
    let pad = " ".repeat(line.map_or(0, |l| l.to_string().len()));
    let en = format!("did you mean `{near}`?");
    let ja = format!("もしかして `{near}`?");
    let _ = write!(
        out,
        "\n {pad} = {}",
        word(Said {
            en: &en,
            ja: Some(&ja)
        })
    );
}

/// Appends `  LINE | text` and a caret under `column` (1-based, in characters). Every
/// character of a secret on the line (a PIN, a password, in any YAML form) is shown as `*`,
/// one for one, so the line keeps its shape and the caret its place
/// (`mynakit_fixtures::yaml::masked_line`).
fn snippet(out: &mut String, text: Option<&str>, line: usize, column: usize) {
    let Some(source) = text.and_then(|text| mynakit_fixtures::yaml::masked_line(text, line)) else {
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
    use crate::scenario::said::as_written;
    use mynakit_fixtures::Fixtures;

    fn in_file(error: LoadError, text: &str) -> LoadError {
        LoadError::InFile {
            error: Box::new(error),
            text: text.to_owned(),
        }
    }

    /// A file that cannot be read says so in the reader's language, the system's cause after
    /// it as the system words it; English as before.
    #[test]
    fn a_file_that_cannot_be_read_is_said_in_the_readers_language() {
        let error = LoadError::Read {
            path: "mine/a.yaml".into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "gone"),
        };
        assert_eq!(
            with_source(&error, &as_written),
            "mine/a.yaml: cannot read: gone"
        );
        let ja = |said: Said<'_>| said.ja.unwrap_or(said.en).to_owned();
        assert_eq!(
            with_source(&error, &ja),
            "mine/a.yaml: 読み込めません: gone"
        );
    }

    /// A mistake on a line that holds a PIN or a password, or under a key that does, shows the
    /// line with the secret's characters masked one for one, never the secret.
    #[test]
    fn a_line_with_a_secret_is_shown_masked() {
        let text = "id: t\ntitle: t\ngiven:\n  cards:\n    - persona: employee\n      pins: {auth: {pin: \"9876\", tries_left: 9}}\noperator:\n  pins:\n    - 5432\nexpect:\n  outcome: eligible\n";
        let error = in_file(
            load_str(text, "p.yaml", &Fixtures::bundled()).unwrap_err(),
            text,
        );
        let shown = with_source(&error, &as_written);
        assert!(
            !shown.contains("9876") && !shown.contains("5432"),
            "{shown}"
        );
        assert!(
            shown.contains("\n 6 |       pins: {auth: {pin: \"****\", tries_left: 9}}\n"),
            "{shown}"
        );
        // A syntax error on a `pins:` line keeps the mistake's place and the line's shape.
        let text = "id: t\ntitle: t\noperator:\n  pins: [\"5433\" x]\n";
        let error = in_file(
            load_str(text, "s.yaml", &Fixtures::bundled()).unwrap_err(),
            text,
        );
        let shown = with_source(&error, &as_written);
        assert!(!shown.contains("5433"), "{shown}");
        assert!(
            shown.contains("\n 4 |   pins: [\"****\" *]\n   |                 ^"),
            "{shown}"
        );
    }

    /// The scenario checker's problems read in their own Japanese for a Japanese reader (the
    /// catalogue's `load_message`), each under its key path with its place and caret as in
    /// English; the English is as written. (A problem cannot be built without its Japanese:
    /// `Problem::message_ja` is a required field, and the checker's adder takes both.)
    #[test]
    fn semantic_problems_read_in_japanese_with_their_paths_and_places() {
        use crate::report::lang::{msg, Lang};
        let text = "id: t\ntitle: t\ngiven:\n  cards:\n    - persona: nobody\nexpect:\n  outcome: eligible\n  cards:\n    nobody:\n      pins:\n        auth: {tries_left: 4}\n  checks: [PIN-no-such-check]\n";
        let error = in_file(
            load_str(text, "t.yaml", &Fixtures::bundled()).unwrap_err(),
            text,
        );
        let japanese = with_source(&error, &|said| msg::load_message(Lang::Ja, said));
        for line in [
            "t.yaml:5:7: `given.cards[0].persona`: ペルソナ \"nobody\" はない (`mynakit fixtures --list`: ",
            "\n 5 |     - persona: nobody\n   |       ^\n",
            "t.yaml:11:16: `expect.cards.nobody.pins.auth.tries_left`: 4 は auth の暗証番号の残り回数の上限 3 を超えている\n",
            "t.yaml:12:12: `expect.checks[0]`: チェック PIN-no-such-check はない (`mynakit checks` に一覧がある)\n",
        ] {
            assert!(japanese.contains(line), "{line}\n{japanese}");
        }
        let english = with_source(&error, &|said| msg::load_message(Lang::En, said));
        assert_eq!(english, with_source(&error, &as_written));
        for line in [
            "t.yaml:5:7: `given.cards[0].persona`: no persona \"nobody\" (`mynakit fixtures --list`: ",
            "`expect.cards.nobody.pins.auth.tries_left`: 4 is more than the 3 tries of the auth PIN\n",
            "`expect.checks[0]`: no check PIN-no-such-check (`mynakit checks` lists them)\n",
        ] {
            assert!(english.contains(line), "{line}\n{english}");
        }
        assert!(!english.contains("ペルソナ"), "{english}");
    }

    #[test]
    fn each_place_shows_its_line_and_a_caret() {
        let text = "id: t\ntitle: t\ngiven:\n  cards:\n    - persona: nobody\nexpect:\n  outcome: eligible\n  checks: [NO-SUCH-check]\n";
        let error = in_file(
            load_str(text, "t.yaml", &Fixtures::bundled()).unwrap_err(),
            text,
        );
        let shown = with_source(&error, &as_written);
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
        let syntax = in_file(
            load_str(text, "s.yaml", &Fixtures::bundled()).unwrap_err(),
            text,
        );
        let shown = with_source(&syntax, &as_written);
        assert!(shown.starts_with("s.yaml:2:"), "{shown}");
        assert!(shown.contains("\n 2 | title: a: b\n   | "), "{shown}");
    }
}
