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
use crate::run::{at, is_qualification, Run};

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
        return Verdict::NotApplicable(Reason::new(
            "the client does not declare `read-aloud`",
            "クライアントは `read-aloud` を宣言していない",
        ));
    }
    let secrets: Vec<Reason> = run
        .facts()
        .filter_map(|(t_us, fact)| match fact {
            Fact::SpokenSecret(what) => Some(Reason::new(
                format!("the spoken line at {} read out {what}", at(t_us)),
                format!(
                    "{} の spoken 行が{}を読み上げた",
                    at(t_us),
                    secret_ja(&what)
                ),
            )),
            _ => None,
        })
        .collect();
    if !secrets.is_empty() {
        return Verdict::Fail(Reason::join(&secrets, "; ", "、"));
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
        return Verdict::Pass(Reason::new(
            format!(
                "{} spoken line(s), none reading out a PIN or the 個人番号; a {} result has no \
             reading to compare",
                spoken.len(),
                outcome.as_str()
            ),
            format!(
                "spoken 行 {} 件、暗証番号も個人番号も読み上げていない。{} の結果には比べる読み上げが\
                 ない",
                spoken.len(),
                outcome.as_str()
            ),
        ));
    }
    if spoken.is_empty() {
        return Verdict::Fail(Reason::new(
            format!(
                "the client declares `read-aloud` but read nothing aloud for its {} result",
                outcome.as_str()
            ),
            format!(
                "クライアントは `read-aloud` を宣言しているが、{} の結果で何も読み上げなかった",
                outcome.as_str()
            ),
        ));
    }
    let text: String = spoken
        .iter()
        .map(|(_, s)| *s)
        .collect::<Vec<_>>()
        .join("\n");
    let shown = shown_fields(run, e);
    let mut wrong = Vec::new();
    if let Some(words) = outcome_words(outcome) {
        if !words.iter().any(|w| text.contains(w)) {
            wrong.push(Reason::new(
                format!(
                    "the outcome word ({}) for {} was not read",
                    words.join(" / "),
                    outcome.as_str()
                ),
                format!(
                    "{} の結果の語 ({}) を読み上げなかった",
                    outcome.as_str(),
                    words.join(" / ")
                ),
            ));
        }
    }
    for name in MUST_READ {
        if let Some((_, value)) = shown.iter().find(|(k, _)| *k == name.as_str()) {
            if !text.contains(value.as_str()) && !text.contains(&value.replace('\u{3000}', " ")) {
                wrong.push(Reason::new(
                    format!("the shown {} was not read", name.as_str()),
                    format!("表示した {} を読み上げなかった", name.as_str()),
                ));
            }
        }
    }
    if let Some((x, answer)) = run.last_confirmation() {
        for name in PATIENT_VALUES {
            let Some(value) = answer.get(name).filter(|v| v.chars().count() >= 2) else {
                continue;
            };
            if text.contains(value.as_str()) && !shown.iter().any(|(_, v)| v.contains(&value)) {
                wrong.push(Reason::new(
                    format!(
                        "the {} of {} was read but never shown",
                        name.as_str(),
                        x.describe()
                    ),
                    format!(
                        "{} の {} を、表示せずに読み上げた",
                        x.describe_ja(),
                        name.as_str()
                    ),
                ));
            }
        }
    }
    if wrong.is_empty() {
        Verdict::Pass(Reason::new(
            format!(
                "{} spoken line(s) read what was shown for the {} result; no PIN or 個人番号 read \
                 out",
                spoken.len(),
                outcome.as_str()
            ),
            format!(
                "spoken 行 {} 件が {} の結果で表示したものを読み上げた。暗証番号や個人番号は\
                 読み上げていない",
                spoken.len(),
                outcome.as_str()
            ),
        ))
    } else {
        let from = at(spoken[0].0);
        Verdict::Fail(Reason::join(&wrong, "; ", "、").before(
            &format!(" (spoken line(s) from {from})"),
            &format!(" ({from} からの spoken 行)"),
        ))
    }
}

/// What the harness's note says was read out (`the PIN`, `the 個人番号`), in Japanese.
fn secret_ja(what: &str) -> &str {
    match what {
        "the PIN" => "暗証番号",
        other => other.strip_prefix("the ").unwrap_or(other),
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
