//! A smartphone presented instead of the card (the スマホ用電子証明書, since 2025-09-19): the phone
//! holds the JPKI AP only, with its own token label (`docs/card.md`, "Phone profiles"). An app
//! written for the card alone meets a token that answers `6A82` to the 券面事項入力補助AP and the
//! 券面事項確認AP, and must fall back to what a phone has.
//!
//! The run shows a phone by the card's own answers, whatever the client did: a SELECT of a
//! 券面 AP answered `6A82` (a card has both), or the JPKI AP's token label (EF `0006`) read as a
//! phone's. The labels are `mynakit_apdu`'s.

use mynakit_apdu::files::jpki;
use mynakit_apdu::{Application, SelectBy, Sw};
use mynakit_oqs::ElementName;
use mynakit_protocol::{ClientMessage, Outcome};

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::{Apdu, Df, Run, Step};

use super::words::phone as words;

check! {
    /// `APDU-phone-fallback`: on a smartphone, a missing 券面 AP is not the end of the check.
    PhoneFallback {
        id: "APDU-phone-fallback",
        severity: Failed,
        rule: "When the token shows it is a smartphone (a SELECT of the 券面事項入力補助AP or the \
               券面事項確認AP answered 6A82, or the JPKI AP's token label read as JPKIAPGPSETOKEN \
               or JPKIAPIOSTOKEN), the client falls back to what the phone has: after the missing \
               券面 AP it goes on to the JPKI AP rather than ending as card-error, and no screen \
               shows a personal field (Name, NameKana, Birthdate, Sex1, Address) empty.",
        rationale: "Since 2025-09-19 patients may present a smartphone instead of the card. Its \
                    スマホ用電子証明書 is the JPKI AP alone: no 券面事項入力補助AP and no \
                    券面事項確認AP. An app that reads them unconditionally either refuses every \
                    phone (the patient is sent away, though the phone confirms eligibility like \
                    the card) or shows the 基本4情報 it could not read as blanks, and staff \
                    register or bill a patient without a name. Eligibility needs only the \
                    certificate; the name and birth date come with the service's answer.",
        reference: "ITmedia 2023-05 (Android スマホ用電子証明書: no 券面事項入力補助AP, no \
                    券面事項確認AP); jpki/myna `src/jpki.rs`, `src/cli.rs` (token label \
                    JPKIAPGPSETOKEN, the auth certificate after the PIN); 厚生労働省 スマートフォンの\
                    マイナ保険証 (2025-09-19); docs/card.md#phone-profiles",
        roles: [CardApp],
        evaluate: phone_fallback,
    }
}

/// The personal fields an app may have meant to fill from the 券面 APs (the 基本4情報 and the
/// kana name): never shown empty.
const PERSONAL: [ElementName; 5] = [
    ElementName::Name,
    ElementName::NameKana,
    ElementName::Birthdate,
    ElementName::Sex1,
    ElementName::Address,
];

/// The 券面 AP a SELECT by DF name asks for, if it asks for one.
fn card_face_app(a: &Apdu<'_>) -> Option<Application> {
    if !a.is_select() || SelectBy::from_p1(a.p1) != SelectBy::DfName {
        return None;
    }
    Application::by_df_name(&a.data)
        .filter(|app| matches!(app, Application::Kenhojo | Application::Kenkaku))
}

/// Whether `a` is a SELECT of the JPKI AP by DF name.
fn selects_jpki(a: &Apdu<'_>) -> bool {
    a.is_select()
        && SelectBy::from_p1(a.p1) == SelectBy::DfName
        && Application::by_df_name(&a.data) == Some(Application::Jpki)
}

/// Whether `a` read the JPKI token label and it is a phone's.
fn reads_phone_label(a: &Apdu<'_>) -> bool {
    a.is_read_binary()
        && a.df == Df::App(Application::Jpki)
        && a.read_target() == (Some(jpki::TOKEN), 0)
        && a.ok()
        && jpki::is_phone_token_label(&a.response)
}

/// The first personal field shown empty: where, and its name.
fn blank_field(e: &Evidence<'_>, run: &Run<'_>) -> Option<(Reason, &'static str)> {
    let blank = |fields: &std::collections::BTreeMap<String, String>| {
        PERSONAL
            .iter()
            .find(|name| {
                fields
                    .get(name.as_str())
                    .is_some_and(|v| v.trim_matches([' ', '\u{3000}']).is_empty())
            })
            .map(|name| name.as_str())
    };
    for (_, t, message) in run.client_lines() {
        let (where_, fields) = match message {
            ClientMessage::Display { fields, .. } => (words::display_at(t), fields),
            ClientMessage::Result { fields, .. } => (words::result_at(t), fields),
            _ => continue,
        };
        if let Some(name) = blank(fields) {
            return Some((where_, name));
        }
    }
    blank(&e.result.fields).map(|name| (words::the_result(), name))
}

fn phone_fallback(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let apdus: Vec<&Apdu<'_>> = run
        .before_result()
        .iter()
        .filter_map(|s| match s {
            Step::Apdu(a) => Some(a),
            _ => None,
        })
        .collect();
    let missing = apdus.iter().enumerate().find_map(|(i, a)| {
        card_face_app(a)
            .filter(|_| a.sw == Some(Sw::FileNotFound))
            .map(|app| (i, app))
    });
    let label = apdus.iter().find(|a| reads_phone_label(a));
    let sign = match (missing, label) {
        (Some((i, app)), _) => words::face_ap_missing(app.title(), apdus[i]),
        (None, Some(a)) => words::phone_label(a),
        (None, None) => return Verdict::NotApplicable(words::no_phone()),
    };
    if let Some((where_, name)) = blank_field(e, run) {
        return Verdict::Fail(words::shown_blank(&sign, &where_, name));
    }
    let went_on = match missing {
        Some((i, _)) => apdus[i + 1..].iter().any(|a| selects_jpki(a)),
        None => true,
    };
    if !went_on && matches!(e.result.outcome, Outcome::CardError | Outcome::Crashed) {
        return Verdict::Fail(words::stopped_at_phone(&sign, e.result.outcome));
    }
    Verdict::Pass(words::went_on_as_phone(
        &sign,
        missing.is_some(),
        e.result.outcome,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;

    /// An Android phone as the card answers it: the certificate refused until the PIN, the
    /// label read, then the PIN and the certificate.
    fn android(tl: Tl) -> Tl {
        let label = format!("{:<32}", jpki::ANDROID_TOKEN_LABEL);
        tl.apdu(&select(Application::Jpki), "9000")
            .apdu("00A4020C02000A", "9000")
            .apdu("00B0000004", "6982")
            .apdu("00A4020C020006", "9000")
            .apdu(
                "00B0000020",
                &format!("{}9000", hex::encode_upper(label.as_bytes())),
            )
    }

    #[test]
    fn a_card_run_is_not_applicable() {
        let r = result(Outcome::Eligible, &[("Name", "試験　太郎")]);
        let tl = checked(Tl::new(), "c1", &valid_body("")).result("eligible");
        let text = not_applicable(&PhoneFallback, &evidence(&tl.events, &r));
        assert!(text.starts_with("no sign of a smartphone"), "{text}");
    }

    #[test]
    fn the_phone_label_and_a_full_result_pass() {
        let r = result(Outcome::Eligible, &[("Name", "試験　太郎")]);
        let tl = android(Tl::new()).result("eligible");
        let text = pass(&PhoneFallback, &evidence(&tl.events, &r));
        assert!(text.starts_with("the token label read at APDU 5"), "{text}");
        assert!(
            text.ends_with(
                "selected no 券面 AP, shows no personal field empty, and ends as eligible"
            ),
            "{text}"
        );
    }

    #[test]
    fn stopping_at_the_missing_kenhojo_fails() {
        let r = result(Outcome::CardError, &[]);
        let tl = Tl::new()
            .apdu(&select(Application::Kenhojo), "6A82")
            .result("card-error");
        let text = fail(&PhoneFallback, &evidence(&tl.events, &r));
        assert!(
            text.starts_with("the 券面事項入力補助AP answered 6A82 (APDU 1"),
            "{text}"
        );
        assert!(text.contains("no SELECT of the JPKI AP after it"), "{text}");
        assert!(
            text.ja().is_some_and(|ja| ja.starts_with(
                "券面事項入力補助AP が 6A82 と応答した (APDU 1, t=0.010s): スマートフォンのトークン。\
                 クライアントはそこで止まった"
            )),
            "{:?}",
            text.ja()
        );
        // Going on to the JPKI AP is the fallback, whatever the result then is.
        let tl =
            android(Tl::new().apdu(&select(Application::Kenhojo), "6A82")).result("card-error");
        let text = pass(&PhoneFallback, &evidence(&tl.events, &r));
        assert!(text.contains("went on to the JPKI AP"), "{text}");
    }

    #[test]
    fn a_blank_name_fails() {
        let r = result(Outcome::Eligible, &[("Name", "")]);
        let tl = android(Tl::new())
            .client(r#"{"type":"display","fields":{"Name":"　","Birthdate":"19850412"}}"#)
            .result("eligible");
        let text = fail(&PhoneFallback, &evidence(&tl.events, &r));
        assert!(text.contains("and a display at t="), "{text}");
        assert!(text.ends_with("shows Name empty: a field the phone cannot give is shown blank instead of taken from the service's answer or left out"), "{text}");
    }
}
