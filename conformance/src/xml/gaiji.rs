//! `XML-gaiji`: `●` in a name is flagged to staff.

use mynakit_protocol::ClientMessage;
use mynakit_timeline::ContentElement;

use crate::check::{Evidence, Verdict};
use crate::run::folder::own_answer;
use crate::run::{Run, Step};
use crate::xml::words::gaiji as words;

check! {
    /// `XML-gaiji`: a field holding `●` gets a `warning` naming it.
    Gaiji {
        id: "XML-gaiji",
        severity: Failed,
        rule: "When the answer the client shows holds ● (a character OQS could not carry, 外字) \
               in a field, the client flags that field to staff: a warning line naming the \
               field (client protocol `warning`) before its result.",
        rationale: "OQS replaces characters outside its set with ● (髙橋 arrives as ●橋). Copied \
                    into the patient record, the ● ends up on the claim (レセプト) and the claim \
                    is returned; staff must correct the name from the card or the patient \
                    before a claim is built, and only a flag on the screen tells them to.",
        reference: "sanox.org オンライン資格確認 導入記 road19 (髙 returned as ●); \
                     docs/service.md#result-shape (non_jis); docs/client-protocol.md (warning)",
        evaluate: gaiji,
    }
}

fn gaiji(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some(answer) = own_answer(run).filter(|a| !a.substituted.is_empty()) else {
        return Verdict::NotApplicable(words::no_gaiji());
    };
    let flagged: Vec<&str> = run
        .before_result()
        .iter()
        .filter_map(|s| match s {
            Step::Client {
                message: ClientMessage::Warning { field, .. },
                ..
            } => Some(field.as_str()),
            _ => None,
        })
        .collect();
    let missing: Vec<&str> = answer
        .substituted
        .iter()
        .map(ContentElement::as_str)
        .filter(|f| !flagged.contains(f))
        .collect();
    let held = names(answer.substituted);
    if missing.is_empty() {
        return Verdict::Pass(words::gaiji_flagged(&held, answer.path));
    }
    if e.manual {
        return Verdict::Review(words::gaiji_unflagged_review(answer.path, &held, &missing));
    }
    Verdict::Fail(words::gaiji_unflagged(answer.path, &held, &missing))
}

/// The elements, comma-separated.
fn names(elements: &[ContentElement]) -> String {
    elements
        .iter()
        .map(ContentElement::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    const PUSH: &str = "face/OQSsiquc01res_face_1_20261101090000.xml";

    fn pushed() -> Tl {
        Tl::new().file(PUSH, "face-written").content(
            PUSH,
            "UTF-8",
            &[("Name", "●橋　花子")],
            &["Name"],
        )
    }

    #[test]
    fn a_warning_naming_the_field_passes_and_none_fails() {
        let r = result(Outcome::Eligible, &[("Name", "●橋　花子")]);
        let tl = pushed()
            .client(r#"{"type":"warning","field":"Name","text":"外字があります"}"#)
            .result("eligible");
        assert_eq!(
            pass(&Gaiji, &evidence(&tl.events, &r)),
            format!("Name of {PUSH} flagged to staff with a warning")
        );
        let tl = pushed().result("eligible");
        assert_eq!(
            fail(&Gaiji, &evidence(&tl.events, &r)),
            format!(
                "{PUSH} holds ● in Name, and the client sent no warning naming Name: staff are \
                 not told to correct it before a claim"
            )
        );
        assert_eq!(
            fail(&Gaiji, &evidence(&tl.events, &r)).ja(),
            Some(
                format!(
                    "{PUSH} の Name に ● があるが、クライアントは Name を名指しする warning を\
                     送っていない: 請求の前に直すよう職員に知らせていない"
                )
                .as_str()
            )
        );
        let plain = Tl::new()
            .file(PUSH, "face-written")
            .content(PUSH, "UTF-8", &[("Name", "試験　花子")], &[])
            .result("eligible");
        not_applicable(&Gaiji, &evidence(&plain.events, &r));
    }
}
