//! The run's secrets kept out of what the harness publishes (`docs/reports.md`, "Secrets").
//!
//! A client that logs its APDUs writes `00 20 00 80 04 31 32 33 34`: the PIN. Reports copy the
//! client's stderr, its protocol lines and what it showed, so every PIN and password of the run
//! — the PINs the operator types, every card's PIN values, the facility account's password — is
//! replaced by `<redacted>` in the client's stderr, the timeline, the result and the findings,
//! in clear and as the hex of its ASCII bytes (upper or lower case, with or without a separator
//! between bytes). The checks judge before this, on what really happened; and a client whose own
//! output held a typed PIN is flagged by `PIN-not-logged` ([`leaks`]).

use mynakit_timeline::{Event, EventKind, Source};

use crate::protocol::REDACTED;
use crate::report::ScenarioReport;

/// Every secret of one run, in every written form.
#[derive(Clone, Debug, Default)]
pub(crate) struct Secrets {
    /// The forms to replace, longest first (so a hex form is replaced whole).
    forms: Vec<(String, Form)>,
    /// The typed PINs' forms.
    typed: Vec<(String, Form)>,
}

/// How a secret is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Form {
    /// As is; matched only as a whole word (not inside a longer run of letters and digits), so
    /// a 4-digit PIN does not eat a piece of a certificate's hex or a date.
    Clear,
    /// The hex of its bytes; matched anywhere (an APDU is one long hex word).
    Hex,
}

impl Secrets {
    /// `typed` are the PINs the operator types; `other` the card PINs and passwords.
    pub(crate) fn new<'a>(
        typed: impl IntoIterator<Item = &'a str>,
        other: impl IntoIterator<Item = &'a str>,
    ) -> Secrets {
        let mut secrets = Secrets::default();
        for value in typed {
            secrets.typed.extend(forms(value));
        }
        secrets.forms.extend(secrets.typed.iter().cloned());
        for value in other {
            secrets.forms.extend(forms(value));
        }
        secrets
            .forms
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
        secrets.forms.dedup();
        secrets
    }

    /// `text` with every secret replaced by `<redacted>`.
    pub(crate) fn scrub(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for (form, kind) in &self.forms {
            if text.contains(form.as_str()) {
                text = replace(&text, form, *kind);
            }
        }
        text
    }

    /// [`Secrets::scrub`] for free text a program wrote (its stderr and stdout, its protocol
    /// lines, a scenario's scripts): also the data of any PIN command written in it as hex is
    /// hidden (`mynakit_emulator::redact::apdus_in_text`). A wrong PIN a plain PC/SC program
    /// logs is no secret the scenario knows, but a PIN all the same. Not for APDU events or
    /// HTTP bodies, whose hex is data (redacted where the event is made).
    pub(crate) fn scrub_text(&self, text: &str) -> String {
        mynakit_emulator::redact::apdus_in_text(&self.scrub(text))
    }

    /// Scrubs everything a report publishes: the client's stderr, the timeline, the result,
    /// the note and the findings' reasons.
    pub(crate) fn scrub_report(&self, report: &mut ScenarioReport) {
        report.stderr = self.scrub_text(&report.stderr);
        if let Some(note) = &report.note {
            let scrubbed = self.scrub_text(note);
            // The facts would word the secret again in another language: drop them, and the
            // reports show the scrubbed English.
            if &scrubbed != note {
                report.note_facts = None;
            }
            report.note = Some(scrubbed);
        }
        if let Some(result) = &mut report.result {
            if let Some(text) = &result.text {
                result.text = Some(self.scrub(text));
            }
            for value in result.fields.values_mut() {
                *value = self.scrub(value);
            }
        }
        for finding in report.expectations.iter_mut().chain(&mut report.checks) {
            let scrubbed = self.scrub(&finding.reason);
            // As for the note: facts that held a secret are dropped, not worded again.
            if scrubbed != finding.reason {
                report.judged.remove(&finding.check);
            }
            finding.reason = scrubbed;
            if let Some(ja) = &finding.reason_ja {
                finding.reason_ja = Some(self.scrub(ja));
            }
        }
        for event in &mut report.timeline {
            self.scrub_event(event);
        }
        for file in &mut report.terminal_files {
            file.text = self.scrub(&file.text);
            file.path = self.scrub(&file.path);
        }
    }

    fn scrub_event(&self, event: &mut Event) {
        let scrub = |text: &mut String| *text = self.scrub(text);
        match &mut event.kind {
            EventKind::Apdu {
                command, response, ..
            } => {
                scrub(command);
                scrub(response);
            }
            EventKind::Reader { detail, .. } => scrub(detail),
            EventKind::Http {
                path,
                request_body,
                response_body,
                ..
            } => {
                scrub(path);
                for body in [request_body, response_body].into_iter().flatten() {
                    scrub(body);
                }
            }
            EventKind::File { path, .. } => scrub(path),
            EventKind::Message { line } => *line = self.scrub_text(line),
            EventKind::Note { text } => *text = self.scrub_text(text),
            #[allow(unreachable_patterns)]
            _ => {}
        }
    }

    /// Where the client's own output holds a PIN the operator typed: one text per place,
    /// naming the stream, the line and the form (`stderr line 3: a typed PIN as APDU hex`),
    /// never the PIN.
    pub(crate) fn leaks(&self, stderr: &str, events: &[Event]) -> Vec<String> {
        let mut found = Vec::new();
        let mut look = |stream: &str, n: usize, line: &str| {
            let hit = self.typed.iter().find(|(form, kind)| {
                replace(line, form, *kind) != line && (*kind == Form::Hex || clear_leak(form, line))
            });
            if let Some((_, kind)) = hit {
                let form = match kind {
                    Form::Clear => "in clear",
                    Form::Hex => "as APDU hex",
                };
                found.push(format!("{stream} line {n}: a typed PIN {form}"));
            }
        };
        for (i, line) in stderr.lines().enumerate() {
            look("stderr", i + 1, line);
        }
        let client_lines = events.iter().filter_map(|e| match (&e.source, &e.kind) {
            (Source::Client, EventKind::Message { line }) => Some(line),
            _ => None,
        });
        for (i, line) in client_lines.enumerate() {
            look("protocol", i + 1, line);
        }
        found
    }
}

/// Whether a typed PIN found in clear in `line` is judged a leak. A 4-digit PIN is also an
/// ordinary number (a duration in ms, a fraction of a timestamp), so alone it would fail a
/// correct client by chance; it counts when the line speaks of a PIN (`pin`, `暗証`) or the
/// secret is long enough (6 or more characters, the sign PIN and passwords) not to be a number
/// by chance. The hex of a VERIFY's data always counts (docs/conformance.md, `PIN-not-logged`).
/// Scrubbing is not narrowed: every clear occurrence is still redacted.
fn clear_leak(form: &str, line: &str) -> bool {
    form.chars().count() >= 6 || line.to_lowercase().contains("pin") || line.contains("暗証")
}

/// The written forms of `value`: itself, and the hex of its bytes (`1234` → `31323334`,
/// `31 32 33 34`, `31:32:33:34`, upper and lower case).
fn forms(value: &str) -> Vec<(String, Form)> {
    if value.is_empty() {
        return Vec::new();
    }
    let mut forms = vec![(value.to_owned(), Form::Clear)];
    for upper in [true, false] {
        let bytes: Vec<String> = value
            .bytes()
            .map(|b| {
                if upper {
                    format!("{b:02X}")
                } else {
                    format!("{b:02x}")
                }
            })
            .collect();
        for separator in ["", " ", ":"] {
            forms.push((bytes.join(separator), Form::Hex));
        }
    }
    forms.dedup();
    forms
}

/// `text` with `form` replaced by `<redacted>` where it counts as written ([`Form`]).
fn replace(text: &str, form: &str, kind: Form) -> String {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(form) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + form.len()..].chars().next();
        let whole = kind == Form::Hex || (!word(before) && !word(after));
        out.push_str(&rest[..at]);
        out.push_str(if whole { REDACTED } else { form });
        rest = &rest[at + form.len()..];
    }
    out.push_str(rest);
    out
}

/// Options whose value is a PIN or password in the programs vendors run as plain clients
/// (OpenSC's `pkcs11-tool --pin`, `--so-pin`, `--new-pin`, `--puk`; `pkcs15-tool --auth-id …
/// --pin`; `--password` of many tools).
const SECRET_OPTIONS: [&str; 6] = [
    "--pin",
    "--so-pin",
    "--new-pin",
    "--puk",
    "--password",
    "--passwd",
];

/// A client command line as reports and the console print it (`docs/reports.md`, "Secrets"):
/// the value of a [`SECRET_OPTIONS`] option (`--pin 1234`, `--pin=1234`) is `<redacted>`, and so
/// is the data of a PIN command written as hex (`opensc-tool -s 002000800431323334`).
pub(crate) fn redacted_command_line(command: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut hide_next = false;
    for word in command.split(' ') {
        if hide_next && !word.is_empty() {
            out.push(REDACTED.to_owned());
            hide_next = false;
            continue;
        }
        match word.split_once('=') {
            Some((option, _)) if SECRET_OPTIONS.contains(&option) => {
                out.push(format!("{option}={REDACTED}"));
            }
            _ => {
                hide_next = SECRET_OPTIONS.contains(&word);
                out.push(mynakit_emulator::redact::apdus_in_text(word));
            }
        }
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_command_line_keeps_no_pin() {
        assert_eq!(
            redacted_command_line("pkcs11-tool --login --pin 1234 --sign --so-pin=87654321 -i d"),
            "pkcs11-tool --login --pin <redacted> --sign --so-pin=<redacted> -i d"
        );
        assert_eq!(
            redacted_command_line("opensc-tool -r 0 -s 00A4020C020018 -s 002000800439393939"),
            "opensc-tool -r 0 -s 00A4020C020018 -s 0020008004********"
        );
        assert_eq!(
            redacted_command_line("python3 client.py --pin"),
            "python3 client.py --pin"
        );
        assert_eq!(redacted_command_line("my-app"), "my-app");
    }

    #[test]
    fn facts_that_held_a_secret_are_dropped_so_no_language_words_it_again() {
        use crate::report::{lang, Judged, Lang, ScenarioReport};
        let mut report: ScenarioReport = serde_json::from_value(serde_json::json!({
            "id": "t", "title": "t", "file": "t.yaml", "tags": [], "level": "FAILED",
            "seed": 0, "run_id": "r", "duration_ms": 0, "expectations": [], "checks": [],
            "timeline": []
        }))
        .unwrap();
        let mut judge = |check: &str, shown: &str| {
            let facts = Judged::Shown(Some(shown.to_owned()));
            report.expectations.push(mynakit_conformance::Finding {
                reason_ja: None,
                check: check.to_owned(),
                level: mynakit_conformance::Level::Passed,
                reason: lang::msg::judged(Lang::En, &facts),
                events: Vec::new(),
            });
            report.judged.insert(check.to_owned(), facts);
        };
        judge("expect.shown.A", "PIN 1234");
        judge("expect.shown.B", "Taro");
        Secrets::new(["1234"], []).scrub_report(&mut report);
        assert_eq!(report.expectations[0].reason, "shown \"PIN <redacted>\"");
        assert!(!report.judged.contains_key("expect.shown.A"));
        let b = &report.expectations[1];
        assert_eq!(
            report.reason_in(b, Lang::Ja).as_deref(),
            Some("表示 \"Taro\"")
        );
    }

    #[test]
    fn every_form_of_every_secret_is_scrubbed() {
        let s = Secrets::new(["1234"], ["ABC123", "s3cret-pass"]);
        let text = "VERIFY 002000800431323334 -> 9000\n\
                    00 20 00 80 04 31 32 33 34\nlower 0020008004313233 34 31323334\n\
                    pin=1234 sign=ABC123 (414243313233) pw=s3cret-pass";
        let out = s.scrub(text);
        for secret in [
            "1234",
            "31323334",
            "31 32 33 34",
            "ABC123",
            "414243313233",
            "s3cret",
        ] {
            assert!(!out.contains(secret), "{secret} in {out}");
        }
        assert!(
            out.starts_with("VERIFY 0020008004<redacted> -> 9000"),
            "{out}"
        );
        // A clear PIN inside a longer word (a certificate's hex, a date) is not a PIN.
        assert_eq!(s.scrub("3082AB1234CD 20261234"), "3082AB1234CD 20261234");
    }

    #[test]
    fn a_short_pin_alone_in_clear_is_a_number_not_a_leak() {
        let secrets = Secrets::new(["1234"], []);
        assert!(secrets.leaks("retry in 1234 ms", &[]).is_empty());
        assert!(secrets.leaks("at 09:00:00.1234", &[]).is_empty());
        assert_eq!(
            secrets.leaks("typed PIN 1234", &[]),
            ["stderr line 1: a typed PIN in clear"]
        );
        assert_eq!(
            secrets.leaks("apdu 0020008004 31323334", &[]),
            ["stderr line 1: a typed PIN as APDU hex"]
        );
        assert_eq!(secrets.scrub("retry in 1234 ms"), "retry in <redacted> ms");
        let long = Secrets::new(["123456"], []);
        assert_eq!(
            long.leaks("value 123456", &[]),
            ["stderr line 1: a typed PIN in clear"]
        );
    }

    #[test]
    fn leaks_name_the_place_and_form_never_the_pin() {
        let s = Secrets::new(["1234"], ["9999"]);
        let leaks = s.leaks(
            "ok\n>> 00 20 00 80 04 31 32 33 34\npin 1234\ncard 9999\n",
            &[],
        );
        assert_eq!(
            leaks,
            vec![
                "stderr line 2: a typed PIN as APDU hex".to_owned(),
                "stderr line 3: a typed PIN in clear".to_owned()
            ]
        );
    }
}
