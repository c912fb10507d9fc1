//! Reading the result aloud (読み上げ; flow `read-aloud`, `docs/client-protocol.md`, "Reading
//! aloud"): what an app read aloud is what it showed, and never a secret.
//!
//! Only the harness knows the typed PINs (the timeline holds them redacted) and the persona's
//! 個人番号, so it looks at each `spoken` line itself and records a client fact
//! ([`Fact::SpokenSecret`]) for each one that read a secret out (naming it, never quoting it).

use mynakit_oqs::ElementName;
use mynakit_protocol::read_aloud::outcome_words;
use mynakit_protocol::{ClientMessage, Flow};
use mynakit_timeline::Fact;

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::{is_qualification, Run};

use super::words;

/// The shown fields whose value must be read aloud whenever they are shown: the patient's name
/// (`docs/client-protocol.md`, "Reading aloud").
const MUST_READ: [ElementName; 1] = [ElementName::Name];

/// The answer's values about the patient that a reading may hold only if they were shown.
const PATIENT_VALUES: [ElementName; 8] = [
    ElementName::Name,
    ElementName::NameKana,
    ElementName::Birthdate,
    ElementName::Address,
    ElementName::InsurerNumber,
    ElementName::InsuredCardSymbol,
    ElementName::InsuredIdentificationNumber,
    ElementName::InsurerName,
];

check! {
    /// `DATA-read-aloud`: what is read aloud is what was shown, and no PIN or 個人番号.
    ReadAloud {
        id: "DATA-read-aloud",
        severity: Failed,
        rule: "A client that declares the flow `read-aloud` reports each reading with a `spoken` \
               line. For a qualification result (eligible, ineligible, medical-assistance) its \
               spoken text holds the outcome's word and every shown value the docs say must be \
               read (the `Name`), and no value of the service's answer about the patient that was \
               not shown. No spoken line ever reads out a PIN typed in the run or the patient's \
               個人番号.",
        rationale: "Reading aloud lets the staff and the patient hear the 資格情報 without reading \
                    the screen. A reading that differs from the screen (a previous patient's name, \
                    a value the screen hides) tells the counter something the check did not \
                    confirm; a reading of the PIN or the 個人番号 says a secret to the whole \
                    waiting room.",
        reference: "厚生労働省保険局「オンライン資格確認（資格確認限定型）の導入が始まります」\
                    (「資格情報のテキストの読み上げ機能を実装」); docs/client-protocol.md#reading-aloud",
        evaluate: read_aloud,
    }
}

fn read_aloud(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if !run.declares_flow(Flow::ReadAloud) {
        return Verdict::NotApplicable(words::read_aloud_not_declared());
    }
    let secrets: Vec<Reason> = run
        .facts()
        .filter_map(|(t_us, fact)| match fact {
            Fact::SpokenSecret(what) => Some(words::secret_read(t_us, &what)),
            _ => None,
        })
        .collect();
    if !secrets.is_empty() {
        return Verdict::Fail(words::secrets_read(&secrets));
    }
    let spoken: Vec<(u64, &str)> = run
        .client_lines()
        .filter_map(|(_, t, m)| match m {
            ClientMessage::Spoken { text } => Some((t, text.as_str())),
            _ => None,
        })
        .collect();
    let outcome = e.result.outcome;
    if !is_qualification(outcome) {
        return Verdict::Pass(words::no_reading_to_compare(spoken.len(), outcome.as_str()));
    }
    if spoken.is_empty() {
        return Verdict::Fail(words::nothing_read(outcome.as_str()));
    }
    let text: String = spoken
        .iter()
        .map(|(_, s)| *s)
        .collect::<Vec<_>>()
        .join("\n");
    let shown = shown_fields(run, e);
    let mut wrong = Vec::new();
    if let Some(said) = outcome_words(outcome) {
        if !said.iter().any(|w| text.contains(w)) {
            wrong.push(words::outcome_word_not_read(said, outcome.as_str()));
        }
    }
    for name in MUST_READ {
        if let Some((_, value)) = shown.iter().find(|(k, _)| *k == name.as_str()) {
            if !text.contains(value.as_str()) && !text.contains(&value.replace('\u{3000}', " ")) {
                wrong.push(words::shown_not_read(name.as_str()));
            }
        }
    }
    if let Some((x, answer)) = run.last_confirmation() {
        for name in PATIENT_VALUES {
            let Some(value) = answer.get(name).filter(|v| v.chars().count() >= 2) else {
                continue;
            };
            if text.contains(value.as_str()) && !shown.iter().any(|(_, v)| v.contains(&value)) {
                wrong.push(words::read_not_shown(name.as_str(), x));
            }
        }
    }
    if wrong.is_empty() {
        Verdict::Pass(words::read_as_shown(spoken.len(), outcome.as_str()))
    } else {
        Verdict::Fail(words::read_wrong(&wrong, spoken[0].0))
    }
}

/// Every field shown: in a `display` or the `result`, element name → value.
fn shown_fields<'r>(run: &'r Run<'_>, e: &'r Evidence<'_>) -> Vec<(&'r str, &'r String)> {
    let mut shown: Vec<(&str, &String)> = run
        .client_lines()
        .flat_map(|(_, _, m)| match m {
            ClientMessage::Display { fields, .. } | ClientMessage::Result { fields, .. } => {
                fields.iter().map(|(k, v)| (k.as_str(), v)).collect()
            }
            _ => Vec::new(),
        })
        .collect();
    shown.extend(e.result.fields.iter().map(|(k, v)| (k.as_str(), v)));
    shown
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::{evidence, fail, not_applicable, pass, result, Tl};

    const HELLO: &str =
        r#"{"type":"hello","protocol":1,"client":"t","capabilities":{"flows":["read-aloud"]}}"#;

    fn spoken(text: &str) -> String {
        format!(r#"{{"type":"spoken","text":"{text}"}}"#)
    }

    #[test]
    fn a_reading_of_what_was_shown_passes() {
        let tl = Tl::new()
            .client(HELLO)
            .pin("1", Some(3))
            .client(&spoken("試験 花子 さん、資格は有効です"))
            .result("eligible");
        let r = result(Outcome::Eligible, &[("Name", "試験 花子")]);
        assert!(pass(&ReadAloud, &evidence(&tl.events, &r)).contains("1 spoken line"));
    }

    #[test]
    fn a_secret_read_out_fails_naming_it_never_quoting_it() {
        let tl = Tl::new()
            .client(HELLO)
            .pin("1", Some(3))
            .client(&spoken(
                "試験 花子 さん、資格は有効です。暗証番号 <redacted>",
            ))
            .fact(Fact::SpokenSecret("the PIN".into()))
            .result("eligible");
        let r = result(Outcome::Eligible, &[("Name", "試験 花子")]);
        let why = fail(&ReadAloud, &evidence(&tl.events, &r));
        assert!(why.contains("read out the PIN"), "{why}");
        assert!(
            why.ja()
                .unwrap()
                .ends_with("の spoken 行が暗証番号を読み上げた"),
            "{:?}",
            why.ja()
        );
    }

    #[test]
    fn a_stale_name_or_a_missing_word_fails() {
        let tl = Tl::new()
            .client(HELLO)
            .client(&spoken("前田 一郎 さん"))
            .result("eligible");
        let r = result(Outcome::Eligible, &[("Name", "試験 花子")]);
        let why = fail(&ReadAloud, &evidence(&tl.events, &r));
        assert!(why.contains("Name was not read"), "{why}");
        assert!(why.contains("outcome word"), "{why}");
    }

    #[test]
    fn silence_after_declaring_fails_and_no_declaration_is_not_judged() {
        let r = result(Outcome::Eligible, &[("Name", "試験 花子")]);
        let tl = Tl::new().client(HELLO).result("eligible");
        assert!(fail(&ReadAloud, &evidence(&tl.events, &r)).contains("read nothing aloud"));
        let tl = Tl::new()
            .client(r#"{"type":"hello","protocol":1,"client":"t"}"#)
            .result("eligible");
        not_applicable(&ReadAloud, &evidence(&tl.events, &r));
    }
}
