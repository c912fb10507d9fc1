//! `XML-encoding`: results are read in the encoding they are written in.

use mynakit_oqs::ElementName;

use crate::check::{Evidence, Verdict};
use crate::run::folder::{own_answer, same_value, shown};
use crate::run::Run;
use crate::xml::words::encoding as words;

/// Text elements whose bytes differ between UTF-8 and Shift_JIS.
const TEXT: &[ElementName] = &[
    ElementName::Name,
    ElementName::NameKana,
    ElementName::InsurerName,
    ElementName::Address,
];

check! {
    /// `XML-encoding`: decode by the XML declaration.
    Encoding {
        id: "XML-encoding",
        severity: Failed,
        rule: "The client decodes a result or push by the encoding its XML declaration names \
               (UTF-8 or Shift_JIS): the names it shows from it are the characters the file \
               holds. (Requests whose bytes do not match their declaration are judged by \
               XML-request-accepted.)",
        rationale: "A 資格確認端末 writes every result in one encoding set for the terminal, which \
                    need not be the one the client writes. A client that assumes its own \
                    encoding shows 文字化け for the patient's name, and a claim built from it is \
                    returned. CharacterCodeIdentifier is no safe guide: public clients read its \
                    codes differently (0/1 or 1/2).",
        reference: "hangilc/myclinic-ts (linkSysCharCd, OQSCD005); YUKI-ENT/OQSDrug2 (Shift_JIS \
                     results); docs/terminal.md#encodings-and-drift",
        evaluate: encoding,
    }
}

fn encoding(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some(answer) = own_answer(run) else {
        return Verdict::NotApplicable(words::no_answer());
    };
    let shown = shown(e.result, run);
    let mut same = Vec::new();
    for &element in TEXT {
        let Some(value) = shown.get(element.as_str()) else {
            continue;
        };
        match same_value(&answer, element, value) {
            Some(false) => {
                return Verdict::Fail(words::not_decoded(
                    element,
                    value,
                    answer.path,
                    answer.encoding,
                ));
            }
            Some(true) => same.push(element.as_str()),
            None => {}
        }
    }
    if same.is_empty() {
        return Verdict::NotApplicable(words::no_name_shown(answer.path));
    }
    Verdict::Pass(words::decoded(&same, answer.path, answer.encoding))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    fn answered() -> Tl {
        Tl::new()
            .file("req/OQSsiquc01req_1.xml", "request-read")
            .file("res/OQSsiquc01res_1.xml", "result-written")
            .content(
                "res/OQSsiquc01res_1.xml",
                "Shift_JIS",
                &[("Name", "試験　太郎"), ("NameKana", "ｼｹﾝ ﾀﾛｳ")],
                &[],
            )
            .result("eligible")
    }

    #[test]
    fn mojibake_fails_and_the_held_name_passes() {
        let tl = answered();
        let r = result(Outcome::Eligible, &[("Name", "\u{8a66}\u{fffd}\u{fffd}")]);
        assert!(fail(&Encoding, &evidence(&tl.events, &r))
            .ends_with("(written in Shift_JIS): it did not decode the file by its declaration"));
        let text = fail(&Encoding, &evidence(&tl.events, &r));
        assert!(
            text.ja().unwrap().ends_with(
                "(Shift_JIS で書かれている) と異なる: ファイルを宣言どおりに読んでいない"
            ),
            "{text:?}"
        );
        let r = result(
            Outcome::Eligible,
            &[("Name", "試験　太郎"), ("NameKana", "ｼｹﾝ ﾀﾛｳ")],
        );
        assert_eq!(
            pass(&Encoding, &evidence(&tl.events, &r)),
            "Name, NameKana as res/OQSsiquc01res_1.xml holds them (Shift_JIS)"
        );
        let r = result(Outcome::Eligible, &[]);
        not_applicable(&Encoding, &evidence(&tl.events, &r));
    }
}
