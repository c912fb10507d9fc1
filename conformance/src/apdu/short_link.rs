//! Links that carry only short APDUs: a contactless reader or a phone's NFC that cannot pass
//! extended-length commands (`docs/reader.md`, "short-APDU readers"; `docs/mobile.md`, the tag's
//! `extended_length`). A client may try an extended READ BINARY, but once the link has said no,
//! it reads in short chunks; a card it could read is never given up as a card error.

use mynakit_apdu::Command;
use mynakit_protocol::nfc::TransceiveError;
use mynakit_protocol::Outcome;
use mynakit_timeline::ReaderAction;

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::{hex_bytes, Run, Step};

use super::words::short_link as words;

check! {
    /// `APDU-short-fallback`: after a link refused an extended-length command, the client falls
    /// back to short ones instead of repeating it or giving up.
    ShortFallback {
        id: "APDU-short-fallback",
        severity: Failed,
        rule: "Once the link has said it carries no extended-length APDU on a reader — an NFC \
               tag discovered with extended_length false (for an app reading as iOS, which \
               cannot query it, the phone's first refusal instead), an extended command the \
               phone refused, or an extended command answered 6700 (wrong length) — the client sends \
               no further extended-length command on that reader, and does not end as \
               card-error or crashed without having sent a short command after the refusal.",
        rationale: "Many contactless readers and phones carry only short APDUs (an NFC tag's \
                    maximum transceive length, Android's IsoDep.isExtendedLengthApduSupported, \
                    readers whose firmware answers 6700). The certificate reads fine in \
                    256-byte chunks; an app that insists on one extended read, or gives up, \
                    tells the patient their card is broken when the reader is the limit.",
        reference: "ISO/IEC 7816-4 §5.1 (short and extended length fields; 6700 wrong length); \
                    Android IsoDep.isExtendedLengthApduSupported() and getMaxTransceiveLength(); \
                    docs/mobile.md (tag-discovered: extended_length, max_transceive); \
                    docs/reader.md",
        evaluate: short_fallback,
    }
}

/// Where a reader first said it carries short APDUs only: the step and what it said.
struct Refusal {
    at: usize,
    reader: String,
    what: Reason,
}

fn short_fallback(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let mut refusal: Option<Refusal> = None;
    let mut short_after = false;
    // Readers the scenario made short-only: known to the harness, not to the client, which may
    // try one extended command and learn from its 6700.
    let mut short_readers: Vec<&str> = Vec::new();
    // Readers an app reads as iOS does: Core NFC has no extended-length query, so the tag's
    // `extended_length` tells such an app nothing, and its first refusal is what it learns
    // from (docs/mobile.md, "iOS: the shape of a Core NFC adapter").
    let mut ios_readers: Vec<&str> = Vec::new();
    for (i, step) in run.steps.iter().enumerate() {
        match step {
            Step::Reader {
                reader,
                action: ReaderAction::ShortApdusOnly,
                ..
            } => short_readers.push(reader),
            Step::Reader {
                reader,
                action: ReaderAction::RelayConnect,
                detail,
                ..
            } if detail.ends_with("(ios)") => ios_readers.push(reader),
            Step::Reader {
                reader,
                action: ReaderAction::TagDiscovered,
                detail,
                ..
            } if refusal.is_none()
                && detail.contains("extended_length false")
                && !ios_readers.contains(reader) =>
            {
                refusal = Some(Refusal {
                    at: i,
                    reader: (*reader).to_owned(),
                    what: words::tag_without_extended(),
                });
            }
            Step::Reader {
                reader,
                action: ReaderAction::Transceive,
                detail,
                ..
            } => {
                let Some(extended) = transceived_extended(detail) else {
                    continue;
                };
                if let Some(r) = refusal.as_ref().filter(|r| r.reader == *reader) {
                    if extended {
                        return Verdict::Fail(words::extended_again_at_step(
                            r.what.clone(),
                            i + 1,
                            detail,
                        ));
                    }
                    short_after = true;
                } else if extended && refused_for_length(detail) {
                    refusal = Some(Refusal {
                        at: i,
                        reader: (*reader).to_owned(),
                        what: words::phone_refused_extended(detail),
                    });
                }
            }
            Step::Apdu(a) => match refusal.as_ref().filter(|r| r.reader == a.reader) {
                Some(r) if r.at < i => {
                    if a.extended {
                        return Verdict::Fail(words::extended_again(r.what.clone(), a));
                    }
                    short_after = true;
                }
                Some(_) => {}
                None => {
                    if a.extended && a.sw.map(u16::from) == Some(0x6700) {
                        refusal = Some(Refusal {
                            at: i,
                            reader: a.reader.to_owned(),
                            what: words::extended_answered_6700(a),
                        });
                    }
                }
            },
            _ => {}
        }
    }
    let Some(r) = refusal else {
        if !short_readers.is_empty() {
            return Verdict::Pass(words::short_reader_kept());
        }
        return Verdict::NotApplicable(words::no_refusal());
    };
    if !short_after && matches!(e.result.outcome, Outcome::CardError | Outcome::Crashed) {
        return Verdict::Fail(words::gave_up_without_short(r.what, e.result.outcome));
    }
    Verdict::Pass(words::went_on_short(r.what))
}

/// Whether a relay `transceive` detail says the phone refused the command for its length
/// (`no-extended-length`, `too-long`): a refusal for another reason, such as `not-connected`
/// after a lost tag (`APDU-tag-lost-honest`), says nothing about the link's length limit.
fn refused_for_length(detail: &str) -> bool {
    detail.rsplit_once("refused: ").is_some_and(|(_, why)| {
        [TransceiveError::NoExtendedLength, TransceiveError::TooLong]
            .iter()
            .any(|e| e.as_str() == why.trim())
    })
}

/// For a relay `transceive` detail (`id N COMMAND[ refused: ERROR]`), whether the command was
/// extended-length; `None` for the phone's own SELECTs and unreadable details.
fn transceived_extended(detail: &str) -> Option<bool> {
    let mut words = detail.split_whitespace();
    if words.next() != Some("id") {
        return None;
    }
    words.next()?;
    let bytes = hex_bytes(words.next()?)?;
    Command::read_lenient(&bytes).map(|c| c.extended)
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::ShortFallback;
    use crate::testkit::*;

    /// An extended READ BINARY of the whole certificate (Le `00 00 00`).
    const EXTENDED_READ: &str = "00 B0 00 00 00 00 00";
    const SHORT_READ: &str = "00 B0 00 00 00";

    #[test]
    fn a_6700_then_short_chunks_passes_and_a_second_extended_read_fails() {
        let r = result(Outcome::Eligible, &[]);
        let tl = Tl::new()
            .apdu(EXTENDED_READ, "6700")
            .apdu(SHORT_READ, "3082 9000")
            .result("eligible");
        pass(&ShortFallback, &evidence(&tl.events, &r));
        let tl = Tl::new()
            .apdu(EXTENDED_READ, "6700")
            .apdu(EXTENDED_READ, "6700")
            .result("eligible");
        let text = fail(&ShortFallback, &evidence(&tl.events, &r));
        assert!(text.contains("extended-length again"), "{text}");
    }

    #[test]
    fn giving_up_as_a_card_error_after_the_refusal_fails() {
        let r = result(Outcome::CardError, &[]);
        let tl = Tl::new().apdu(EXTENDED_READ, "6700").result("card-error");
        let text = fail(&ShortFallback, &evidence(&tl.events, &r));
        assert!(text.contains("without trying a short command"), "{text}");
        assert_eq!(
            text.ja(),
            Some(
                "拡張長の APDU 1 (00B00000000000) が 6700 と応答された。クライアントは\
                 短いコマンドを試さずに card-error で終えた"
            )
        );
    }

    #[test]
    fn a_tag_without_extended_length_takes_no_extended_command() {
        let r = result(Outcome::Eligible, &[]);
        let tag =
            "extended_length false max_transceive 261 timeout_ms 1000 initial_selected_aid none";
        let tl = Tl::new()
            .reader_detail("tag-discovered", tag)
            .reader_detail("transceive", "id 1 00B00000000000")
            .result("eligible");
        let text = fail(&ShortFallback, &evidence(&tl.events, &r));
        assert!(text.contains("extended_length false"), "{text}");
        let tl = Tl::new()
            .reader_detail("tag-discovered", tag)
            .reader_detail("transceive", "id 1 00B0000000")
            .result("eligible");
        pass(&ShortFallback, &evidence(&tl.events, &r));
    }

    /// Core NFC cannot tell an iOS app the tag's `extended_length`: its first refusal is what
    /// it learns from, and only an extended command after that fails (docs/mobile.md).
    #[test]
    fn an_ios_app_may_try_one_extended_command_then_goes_short() {
        let r = result(Outcome::Eligible, &[]);
        let tag =
            "extended_length false max_transceive 261 timeout_ms 1000 initial_selected_aid none";
        let ios = Tl::new()
            .reader_detail("relay-connect", "app (ios)")
            .reader_detail("tag-discovered", tag)
            .reader_detail(
                "transceive",
                "id 1 00B00000000000 refused: no-extended-length",
            );
        let tl = ios
            .clone()
            .reader_detail("transceive", "id 2 00B0000000")
            .result("eligible");
        pass(&ShortFallback, &evidence(&tl.events, &r));
        let tl = ios
            .reader_detail("transceive", "id 2 00B00000000000")
            .result("eligible");
        fail(&ShortFallback, &evidence(&tl.events, &r));
    }

    #[test]
    fn a_short_only_reader_read_in_short_chunks_passes() {
        let r = result(Outcome::Eligible, &[]);
        let tl = Tl::new()
            .reader_detail("short-apdus-only", "6700")
            .apdu(SHORT_READ, "3082 9000")
            .result("eligible");
        let text = pass(&ShortFallback, &evidence(&tl.events, &r));
        assert!(text.contains("every command to it was short"), "{text}");
    }

    #[test]
    fn a_command_refused_because_the_tag_was_lost_is_no_length_refusal() {
        let r = result(Outcome::CardError, &[]);
        let tl = Tl::new()
            .reader("tag-lost")
            .reader_detail("transceive", "id 5 00B00004000631 refused: not-connected")
            .result("card-error");
        not_applicable(&ShortFallback, &evidence(&tl.events, &r));
        let tl = Tl::new()
            .reader_detail(
                "transceive",
                "id 5 00B00004000631 refused: no-extended-length",
            )
            .result("card-error");
        fail(&ShortFallback, &evidence(&tl.events, &r));
    }

    #[test]
    fn a_link_that_never_refused_is_not_applicable() {
        let r = result(Outcome::Eligible, &[]);
        let tl = Tl::new()
            .apdu(EXTENDED_READ, "3082 9000")
            .result("eligible");
        not_applicable(&ShortFallback, &evidence(&tl.events, &r));
    }
}
