//! What an app must never do with the patient's card: read the 個人番号, or keep the card
//! beyond the one presentation the confirmation needs (`docs/conformance.md`, "What the app must
//! never do with the patient's data"); what it must not keep of the patient's data is
//! `DATA-nothing-kept` (`crate::data`).
//!
//! The eligibility check uses the card's certificate, never the 個人番号 (「マイナンバーは用いず、
//! マイナンバーカードのICチップ内の電子証明書を用いる」), and the staff never keep the card
//! (「マイナンバーカードは預からないようにする」). The file ids come from `mynakit_apdu::files`.

use mynakit_apdu::files::{kenhojo, kenkaku};
use mynakit_apdu::Application;

use crate::check::{Evidence, Verdict};
use crate::run::{Apdu, Df, Run, Step};

use super::words::privacy::{self as words, MyNumberUse};

check! {
    /// `APDU-no-my-number`: the 個人番号 is never read.
    NoMyNumber {
        id: "APDU-no-my-number",
        severity: Failed,
        rule: "The client never reads the 個人番号: no READ BINARY of the 個人番号 record (EF 0001) \
               of the 券面事項入力補助AP or of the rendered 個人番号 (EF 0005) of the \
               券面事項確認AP, and no VERIFY with 照合番号A (the 個人番号 itself: 券面事項入力補助AP \
               0014, 券面事項確認AP 0013), whatever the card answers.",
        rationale: "The eligibility check identifies the patient by the card's certificate, not by \
                    the 個人番号, and the Act on the Use of Numbers allows a facility to collect \
                    the number only for the uses it lists, which eligibility confirmation is not. \
                    An app that reads it (or tries to, without the PIN) holds a number it may not \
                    collect, and a copy of it can leak from the PC.",
        reference: "厚生労働省「オンライン資格確認の導入について」(「マイナンバーは用いず、マイナンバーカードの\
                    ICチップ内の電子証明書を用いる」); 行政手続における特定の個人を識別するための番号の利用等\
                    に関する法律 第19条・第20条 (提供・収集の制限); EF ids: myna (jpki/myna), myna-card \
                    `ap/text.rs`, `ap/surface.rs`, docs/card.md",
        evaluate: no_my_number,
    }
}

/// What about `a` touches the 個人番号, if anything.
fn my_number_use(a: &Apdu<'_>) -> Option<MyNumberUse> {
    let Df::App(app) = a.df else {
        return None;
    };
    if a.is_read_binary() {
        return match (app, a.read_target().0) {
            (Application::Kenhojo, Some(kenhojo::MY_NUMBER)) => Some(MyNumberUse::RecordRead),
            (Application::Kenkaku, Some(kenkaku::MY_NUMBER_IMAGE)) => Some(MyNumberUse::ImageRead),
            _ => None,
        };
    }
    if a.is_pin_verify() {
        return match (app, a.pin_key().fid) {
            (Application::Kenhojo, Some(kenhojo::COLLATION_A)) => {
                Some(MyNumberUse::CollationAKenhojo)
            }
            (Application::Kenkaku, Some(kenkaku::COLLATION_A)) => {
                Some(MyNumberUse::CollationAKenkaku)
            }
            _ => None,
        };
    }
    None
}

fn no_my_number(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let apdus: Vec<&Apdu<'_>> = run.apdus().collect();
    if apdus.is_empty() {
        return Verdict::NotApplicable(words::no_command());
    }
    if let Some((a, what)) = apdus
        .iter()
        .find_map(|a| my_number_use(a).map(|what| (a, what)))
    {
        return Verdict::Fail(words::my_number_read(what, a));
    }
    Verdict::Pass(words::my_number_unread(apdus.len()))
}

check! {
    /// `APDU-one-presentation`: after the result, the card is not asked for again.
    OnePresentation {
        id: "APDU-one-presentation",
        severity: Warning,
        rule: "After its result the client sends no command to any card: the confirmation \
               finishes in one presentation of the card. (That it lets the card go before the \
               result is APDU-release.)",
        rationale: "The staff hand the card back at once and never keep it (「マイナンバーカードは\
                    預からないようにする」): the result screen is the end of the patient's part. An \
                    app that talks to the card after its result either still holds it (the patient \
                    must leave it in the reader) or reads whatever card is in the reader now, the \
                    next patient's at a busy counter. A WARNING: the harm is to the flow at the \
                    counter and is not always a leak.",
        reference: "厚生労働省保険局 令和5年11月「オンライン資格確認（資格確認限定型）の導入が始まります」\
                    (令和5年11月時点更新: 読み取り画面・資格確認結果画面「マイナンバーカードは預からないように\
                    する」); docs/conformance.md (APDU-release)",
        evaluate: one_presentation,
    }
}

fn one_presentation(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.result_at == run.steps.len() {
        return Verdict::NotApplicable(if e.manual {
            words::manual_result()
        } else {
            words::no_result()
        });
    }
    if !run
        .before_result()
        .iter()
        .any(|s| matches!(s, Step::Apdu(_)))
    {
        return Verdict::NotApplicable(words::no_command_before_result());
    }
    let after = &run.steps[run.result_at + 1..];
    let again: Vec<&Apdu<'_>> = after
        .iter()
        .filter_map(|s| match s {
            Step::Apdu(a) => Some(a),
            _ => None,
        })
        .collect();
    if let Some(first) = again.first() {
        return Verdict::Fail(words::card_asked_again(again.len(), first));
    }
    Verdict::Pass(words::none_after_result())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    #[test]
    fn reading_the_my_number_record_or_image_fails() {
        let r = result(Outcome::Eligible, &[]);
        let correct = verify_and_sign(card_up_to_ask(Tl::new(), 3).pin("p1", Some(3)))
            .reader("power-off")
            .result("eligible");
        let text = pass(&NoMyNumber, &evidence(&correct.events, &r));
        assert!(text.ends_with("none reads the 個人番号"), "{text}");
        // The record by SFI, refused without the PIN: the attempt is enough.
        let record = Tl::new()
            .apdu(&select(Application::Kenhojo), "9000")
            .apdu("00B0810011", "6982")
            .result("eligible");
        let text = fail(&NoMyNumber, &evidence(&record.events, &r));
        assert!(
            text.starts_with(
                "READ BINARY of the 個人番号 record (券面事項入力補助AP EF 0001) (APDU 2"
            ),
            "{text}"
        );
        assert!(text.contains("answered 6982"), "{text}");
        // The image, selected by FID then read as the current EF.
        let image = Tl::new()
            .apdu(&select(Application::Kenkaku), "9000")
            .apdu("00A4020C020005", "9000")
            .apdu("00B0000000", "9000")
            .result("eligible");
        let text = fail(&NoMyNumber, &evidence(&image.events, &r));
        assert!(text.contains("rendered 個人番号"), "{text}");
        // 照合番号A of the 券面事項入力補助AP by SFI.
        let collation = Tl::new()
            .apdu(&select(Application::Kenhojo), "9000")
            .apdu("002000940C************************", "9000")
            .result("eligible");
        let text = fail(&NoMyNumber, &evidence(&collation.events, &r));
        assert!(text.contains("照合番号A"), "{text}");
        assert_eq!(
            text.ja(),
            Some(
                "照合番号A (個人番号そのもの) による VERIFY (券面事項入力補助AP 0014) (APDU 2, \
                 t=0.020s、応答 9000): 資格確認のクライアントは個人番号を読まない"
            )
        );
        // EF 0001 of the JPKI AP (the sign certificate) and of the 券面事項確認AP (the age
        // record) are not the 個人番号.
        let others = Tl::new()
            .apdu(&select(Application::Kenkaku), "9000")
            .apdu("00B0810000", "6982")
            .apdu(&select(Application::Jpki), "9000")
            .apdu("00B0810000", "6982")
            .result("eligible");
        pass(&NoMyNumber, &evidence(&others.events, &r));
        not_applicable(
            &NoMyNumber,
            &evidence(&Tl::new().result("eligible").events, &r),
        );
    }

    #[test]
    fn a_command_after_the_result_asks_for_the_card_again() {
        let r = result(Outcome::Eligible, &[]);
        let used = verify_and_sign(card_up_to_ask(Tl::new(), 3).pin("p1", Some(3)));
        let correct = used.clone().reader("power-off").result("eligible");
        pass(&OnePresentation, &evidence(&correct.events, &r));
        // The scenario taking the card out after the result is not the client's doing.
        let removed = correct.clone().reader("remove");
        pass(&OnePresentation, &evidence(&removed.events, &r));
        let again = correct
            .clone()
            .reader("power-on")
            .apdu(&select(Application::Jpki), "9000");
        let text = fail(&OnePresentation, &evidence(&again.events, &r));
        assert!(
            text.starts_with("1 command after the result, the first SELECT in mynakit A 00 00"),
            "{text}"
        );
        assert!(
            text.ja()
                .unwrap()
                .starts_with("結果の後にコマンド 1 個 (最初は mynakit A 00 00 への SELECT、APDU "),
            "{:?}",
            text.ja()
        );
        not_applicable(&OnePresentation, &evidence(&used.events, &r));
        let no_card = Tl::new().result("service-error");
        not_applicable(&OnePresentation, &evidence(&no_card.events, &r));
    }
}
