//! An iOS app's `select-identifiers` list: Core NFC SELECTs by name only the AIDs the app lists
//! in its entitlement, and refuses any other with `NFCReaderError.readerErrorSecurityViolation`
//! before the card sees it. Over the relay an app that says hello as `ios` with its list gets
//! the same refusal (`security-violation`, `docs/mobile.md`, "The tag").

use mynakit_protocol::nfc::TransceiveError;
use mynakit_timeline::ReaderAction;

use crate::check::{Evidence, Verdict};
use crate::run::{Run, Step};

use super::words::select_identifiers as words;

check! {
    /// `APDU-select-identifiers`: an iOS app SELECTs no AID outside its declared list.
    SelectIdentifiers {
        id: "APDU-select-identifiers",
        severity: Failed,
        rule: "An app that reads the card as iOS does (hello `platform` `ios` with \
               `select_identifiers`) sends no SELECT by name of an AID outside that list: the \
               relay, like Core NFC, refuses it with `security-violation`.",
        rationale: "On an iPhone the list is fixed at build time in the app's Info.plist; a \
                    SELECT of any other AID never reaches the card and fails with \
                    readerErrorSecurityViolation. An app that needs another application of the \
                    card (or assumes it can probe one) fails on every iPhone, though it works \
                    on Android and on a PC/SC reader.",
        reference: "Apple Developer Documentation: NFCISO7816Tag, \
                    com.apple.developer.nfc.readersession.iso7816.select-identifiers, \
                    NFCReaderError.readerErrorSecurityViolation; docs/mobile.md (The tag: iOS)",
        evaluate: select_identifiers,
    }
}

fn select_identifiers(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let mut ios = false;
    let mut listed_selects = 0;
    for (i, step) in run.steps.iter().enumerate() {
        let Step::Reader { action, detail, .. } = step else {
            continue;
        };
        match action {
            ReaderAction::RelayConnect if detail.ends_with("(ios)") => ios = true,
            ReaderAction::Transceive if ios => {
                if refused_for_the_list(detail) {
                    return Verdict::Fail(words::unlisted_select(i + 1, detail));
                }
                if is_select_by_name(detail) {
                    listed_selects += 1;
                }
            }
            _ => {}
        }
    }
    if !ios {
        return Verdict::NotApplicable(words::no_ios_app());
    }
    Verdict::Pass(words::listed_selects(listed_selects))
}

/// Whether a relay `transceive` detail says the phone refused the command as iOS refuses a
/// SELECT of an unlisted AID.
fn refused_for_the_list(detail: &str) -> bool {
    detail
        .rsplit_once("refused: ")
        .is_some_and(|(_, why)| why.trim() == TransceiveError::SecurityViolation.as_str())
}

/// Whether a relay `transceive` detail (`id N 00A4040C…`, or `os 00A4040C… (iOS
/// select-identifiers)`: `docs/timeline.md`) is a SELECT by DF name (`00 A4 04`).
fn is_select_by_name(detail: &str) -> bool {
    let command = match detail.split_whitespace().collect::<Vec<_>>()[..] {
        ["os", command, ..] | ["id", _, command, ..] => command,
        _ => return false,
    };
    mynakit_apdu::hex_bytes(command).is_ok_and(|apdu| {
        matches!(apdu[..], [_, 0xA4, p1, ..] if mynakit_apdu::SelectBy::from_p1(p1) == mynakit_apdu::SelectBy::DfName)
    })
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::SelectIdentifiers;
    use crate::testkit::*;

    const JPKI: &str = "00A4040C0AD392F000260100000001";

    #[test]
    fn an_ios_app_within_its_list_passes_and_a_refused_select_fails() {
        let r = result(Outcome::Eligible, &[]);
        let ios = Tl::new()
            .reader_detail("relay-connect", "app (ios)")
            .reader_detail("transceive", &format!("os {JPKI} (iOS select-identifiers)"))
            .reader_detail("transceive", &format!("id 1 {JPKI}"));
        let text = pass(
            &SelectIdentifiers,
            &evidence(&ios.clone().result("eligible").events, &r),
        );
        assert!(text.contains("(2,"), "{text}");
        let tl = ios
            .reader_detail(
                "transceive",
                "id 2 00A4040C0AD3921000310001010408 refused: security-violation",
            )
            .result("eligible");
        let text = fail(&SelectIdentifiers, &evidence(&tl.events, &r));
        assert!(text.contains("outside its select-identifiers"), "{text}");
        assert!(
            text.ja()
                .is_some_and(|ja| ja.contains("select-identifiers にない AID の SELECT を送った")),
            "{:?}",
            text.ja()
        );
    }

    #[test]
    fn an_android_app_is_not_judged() {
        let r = result(Outcome::Eligible, &[]);
        let tl = Tl::new()
            .reader_detail("relay-connect", "app (android)")
            .reader_detail("transceive", &format!("id 1 {JPKI}"))
            .result("eligible");
        not_applicable(&SelectIdentifiers, &evidence(&tl.events, &r));
    }
}
