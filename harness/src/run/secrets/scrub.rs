//! The run's secrets kept out of what the harness publishes (`docs/reports.md`, "Secrets").
//!
//! A client that logs its APDUs writes `00 20 00 80 04 31 32 33 34`: the PIN. Reports copy the
//! client's stderr, its protocol lines and what it showed, so every PIN and password of the run
//! — the PINs the operator types, every card's PIN values, the facility account's password — is
//! replaced by `<redacted>` in the client's stderr, the timeline, the result and the findings,
//! in clear and as the hex of its ASCII bytes (upper or lower case, with or without a separator
//! between bytes). The checks judge before this, on what really happened; and a client whose own
//! output held a typed PIN is flagged by `PIN-not-logged` ([`leaks`]).
//!
//! The patient's values are no secret the client may not show, but its log is no place for
//! them: in the client's stderr as the report keeps it, each is replaced by a marker naming its
//! kind (`[patient's birth date]`), found as `DATA-nothing-logged` finds it
//! ([`crate::run::judge::logged::marked`]). What the client showed (its result, its protocol
//! lines) and the service's exchanges keep them: they are judged, and judged again from a
//! recorded run.

use mynakit_timeline::{Event, EventKind, PatientValueKind, Source};

use super::token;
use crate::protocol::REDACTED;
use crate::report::ScenarioReport;
use crate::run::judge::logged;

/// Every secret of one run, in every written form.
#[derive(Clone, Debug, Default)]
pub(crate) struct Secrets {
    /// The forms to replace, longest first (so a hex form is replaced whole).
    forms: Vec<(String, Form)>,
    /// The typed PINs' forms.
    typed: Vec<(String, Form)>,
    /// The patient's values with their kinds, marked in the client's log ([`Self::with_patient`]).
    patient: Vec<(PatientValueKind, String)>,
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

    /// These secrets, and the patient's `values` (the world's, `World::patient_values`) to mark
    /// in the client's stderr as reports keep it.
    pub(crate) fn with_patient(mut self, values: &[(PatientValueKind, String)]) -> Secrets {
        self.patient = values.to_vec();
        self
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

    /// Scrubs everything a report publishes: the client's stderr (its patient's values marked
    /// too), the timeline, the result, the note and the findings' reasons.
    pub(crate) fn scrub_report(&self, report: &mut ScenarioReport) {
        report.stderr = logged::marked(&self.patient, &self.scrub_text(&report.stderr));
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
        // Only a program's own lines are free text whose hex may be a PIN command: the
        // harness's notes and lines carry data (a nonce the nonce service issued, a key) whose
        // hex may start like one (`ea2c…` reads as RESET RETRY COUNTER), and hiding part of it
        // left a recorded run that judges otherwise than the run did.
        let free_text = event.source == Source::Client;
        let scrub_free = |text: &mut String| {
            *text = if free_text {
                self.scrub_text(text)
            } else {
                self.scrub(text)
            }
        };
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
            EventKind::Message { line } => scrub_free(line),
            EventKind::Note { text } => scrub_free(text),
            #[allow(unreachable_patterns)]
            _ => {}
        }
    }

    /// Where the client's own output holds a PIN the operator typed: one text per place,
    /// naming the stream, the line and the form (`stderr line 3: a typed PIN as APDU hex`),
    /// never the PIN.
    pub(crate) fn leaks(&self, stderr: &str, events: &[Event]) -> Vec<String> {
        self.leaks_of("a typed PIN", stderr, events)
    }

    /// Where the client's own output holds one of the typed secrets, `what` naming them in each
    /// place (`stderr line 3: {what} as APDU hex`): [`Self::leaks`] for the typed PINs, and the
    /// birth date of a かざし ([`crate::run::judge::birth_date`]), which opens the card's
    /// 券面事項確認AP as a PIN would.
    pub(crate) fn leaks_of(&self, what: &str, stderr: &str, events: &[Event]) -> Vec<String> {
        let mut found = Vec::new();
        let mut look = |stream: &str, n: usize, line: &str| {
            let hit = self.typed.iter().find(|(form, kind)| match kind {
                Form::Hex => line.contains(form.as_str()),
                Form::Clear => whole_words(line, form).any(|at| token::is_leak(line, at, form)),
            });
            if let Some((_, kind)) = hit {
                let form = match kind {
                    Form::Clear => "in clear",
                    Form::Hex => "as APDU hex",
                };
                found.push(format!("{stream} line {n}: {what} {form}"));
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

/// The written forms of `value`: itself, and the hex of its bytes (`1234` → `31323334`,
/// `31 32 33 34`, `31:32:33:34`, upper and lower case).
fn forms(value: &str) -> Vec<(String, Form)> {
    if value.is_empty() {
        return Vec::new();
    }
    let mut forms = vec![(value.to_owned(), Form::Clear)];
    forms.extend(hex_forms(value).into_iter().map(|hex| (hex, Form::Hex)));
    forms.dedup();
    forms
}

/// The hex of `value`'s bytes as a trace or a file writes an APDU's data: `1234` →
/// `31323334`, `31 32 33 34`, `31:32:33:34`, upper and lower case. What the scrub redacts and
/// what `PIN-not-kept` searches a client's files for (`judge::kept`).
pub(crate) fn hex_forms(value: &str) -> Vec<String> {
    let mut forms = Vec::new();
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
            forms.push(bytes.join(separator));
        }
    }
    forms
}

/// `text` with `form` replaced by `<redacted>` where it counts as written ([`Form`]).
fn replace(text: &str, form: &str, kind: Form) -> String {
    let places: Vec<usize> = match kind {
        Form::Hex => text.match_indices(form).map(|(at, _)| at).collect(),
        Form::Clear => whole_words(text, form).collect(),
    };
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for at in places {
        out.push_str(&text[from..at]);
        out.push_str(REDACTED);
        from = at + form.len();
    }
    out.push_str(&text[from..]);
    out
}

/// The byte offsets of `form` in `text` as a whole word: not inside a longer run of ASCII
/// letters and digits.
fn whole_words<'a>(text: &'a str, form: &'a str) -> impl Iterator<Item = usize> + 'a {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    text.match_indices(form).filter_map(move |(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + form.len()..].chars().next();
        (!word(before) && !word(after)).then_some(at)
    })
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
                facts: Default::default(),
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

    /// The client's stderr as the report keeps it: the PIN redacted, the patient's values
    /// marked by kind, a short value (the sex) no needle.
    #[test]
    fn the_client_s_log_is_kept_with_the_patient_s_values_marked() {
        use crate::report::ScenarioReport;
        let mut report: ScenarioReport = serde_json::from_value(serde_json::json!({
            "id": "t", "title": "t", "file": "t.yaml", "tags": [], "level": "FAILED",
            "seed": 0, "run_id": "r", "duration_ms": 0, "expectations": [], "checks": [],
            "timeline": [],
            "stderr": "pin 1234\nshown Birthdate=19850412\nshown Sex1=1\n"
        }))
        .unwrap();
        let patient = [(PatientValueKind::BirthDate, "19850412".to_owned())];
        Secrets::new(["1234"], [])
            .with_patient(&patient)
            .scrub_report(&mut report);
        assert_eq!(
            report.stderr,
            "pin <redacted>\nshown Birthdate=[patient's birth date]\nshown Sex1=1\n"
        );
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

    /// Log lines of correct clients, modelled on what real logging stacks write (logback,
    /// Python's logging, Go's log, syslog, dmesg, access logs, .NET's console), each holding
    /// the typed PIN's digits as a number of another kind: none is a leak.
    const HONEST_LINES: &[&str] = &[
        "[app 1234.500] mode pin",
        "POST /api/v1/confirm HTTP/1.1 (1234 bytes) pin mode",
        "2026-11-26 09:12:34.1234 [main] INFO  PinDialog - shown",
        "2026-11-26 09:12:34,1234 - client - INFO - pin mode selected",
        "2026/11/26 12:34:56.1234 pin pad ready",
        "2026-11-26T09:12:34.1234+09:00 level=info msg=\"pin entered\"",
        "12:34:1234 pin verify started",
        "Nov 26 09:12:34 host client[1234]: pin screen shown",
        "[1234.567890] usb 1-1: new pin pad reader",
        "[ 1234.000001] pcscd: pin pad reader attached",
        "listening on 127.0.0.1:1234 (pin mode)",
        "connect http://localhost:1234/pin",
        "connected to [::1]:1234, pin flow",
        "pid 1234 started the pin dialog",
        "PIN dialog: tid=1234",
        "pin dialog closed after 1234 ms",
        "PIN verify took 1234 ms",
        "PIN verify took 12.1234 s",
        "VERIFY pin: sent 1234 bytes to the reader",
        "Content-Length: 1234 (pin confirm)",
        "pin retry delay: 1234 ms",
        "pin progress 1234/5000",
        "client v3.1234 pin mode",
        "elapsed: 1234 ms (PIN)",
        "pin request 5678-1234-0000",
        "PIN prompt timeout 1234 s",
        "暗証番号の入力画面 [pid 1234]",
        "info: Mynakit.Client[0] PIN mode, port 1234",
    ];

    /// Lines that do write the typed PIN (clear as a token, labelled, JSON, the hex of a
    /// VERIFY): every one is a leak.
    const LEAKING_LINES: &[&str] = &[
        "typed PIN 1234",
        "user entered 1234 for the pin",
        "PIN=1234",
        "pin=1234 ms",
        "pin:1234",
        "PIN: 1234 (4 bytes)",
        "{\"pin\":\"1234\",\"mode\":\"pin\"}",
        "{\"pin\": \"1234\"}",
        "params = {'userPin': '1234'}",
        "暗証番号 1234",
        "暗証番号：1234",
        "pin code:1234",
        "mode pin, value 1234",
        ">> 00 20 00 80 04 31 32 33 34",
        "APDU> 0020008004 31323334",
        "apdu=002000800431323334 at 12:00:01.500",
    ];

    #[test]
    fn a_corpus_of_honest_log_lines_gives_no_leak_and_every_leaking_form_is_caught() {
        let secrets = Secrets::new(["1234"], []);
        let false_fails: Vec<&&str> = HONEST_LINES
            .iter()
            .filter(|line| !secrets.leaks(line, &[]).is_empty())
            .collect();
        assert!(false_fails.is_empty(), "false leaks: {false_fails:#?}");
        let missed: Vec<&&str> = LEAKING_LINES
            .iter()
            .filter(|line| secrets.leaks(line, &[]).is_empty())
            .collect();
        assert!(missed.is_empty(), "missed leaks: {missed:#?}");
        // Scrubbing is not narrowed: the honest lines' digits are redacted all the same.
        for line in HONEST_LINES {
            assert!(!secrets.scrub(line).contains("1234"), "{line}");
        }
        // A PIN with letters is no number, whatever stands beside it.
        let letters = Secrets::new(["ab12cd"], []);
        assert_eq!(
            letters.leaks("took ab12cd ms", &[]),
            ["stderr line 1: a typed PIN in clear"]
        );
    }

    /// A nonce the nonce service issued may start like a PIN command (`ea2c…`: INS 2C, RESET
    /// RETRY COUNTER); the harness's note of it is data the checks judge again from a recorded
    /// run, and stays whole. A program's own line of the same hex is still hidden.
    #[test]
    fn the_harness_s_notes_keep_their_hex_and_a_program_s_lines_do_not() {
        let nonce = "ea2c3c31b0d5e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80910";
        let event = |source: Source| Event {
            v: 1,
            t_us: 0,
            run: None,
            source,
            kind: EventKind::Note {
                text: format!("nonce service: issued {nonce}"),
            },
        };
        let secrets = Secrets::new(["1234"], []);
        let mut harness = event(Source::Operator);
        secrets.scrub_event(&mut harness);
        assert_eq!(harness.kind, event(Source::Operator).kind);
        let mut program = event(Source::Client);
        secrets.scrub_event(&mut program);
        assert_ne!(program.kind, event(Source::Client).kind);
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
