//! APDU discipline: how a client drives the card — selection, certificate reads, signatures,
//! round trips, and what it does when the card goes away. The card's behaviour these checks
//! rely on is recorded in `docs/card.md` with its public sources (OpenSC `card-jpki.c`,
//! myna-card, jpki/myna).

use mynakit_protocol::service_paths as paths;
use std::collections::{HashMap, HashSet};

use mynakit_apdu::files::jpki;
use mynakit_apdu::{Application, SelectBy};
use mynakit_protocol::Outcome;
use mynakit_timeline::ReaderAction;

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::{base64, is_qualification, Apdu, Df, PinKey, Run, Step};

use super::words::discipline::{self as words, Taken};
use super::words::privacy::no_command;

check! {
    /// `APDU-select-first`: EFs are reached through their application.
    SelectFirst {
        id: "APDU-select-first",
        severity: Failed,
        rule: "An application (e.g. the JPKI AP) is selected by name before any of its EFs is \
               selected, read, verified or signed with; EFs are selected with `00 A4 02 0C <FID>`, \
               never by path.",
        rationale: "After power-on or a reset the card is at the MF level, where no EF can be used. \
                    Path and P1=09 selections fail on real cards. A client that skips the \
                    application SELECT works against a lenient simulator and fails in the field \
                    with 6A82 or 6986, which looks like a broken card.",
        reference: "docs/card.md#select and #power-on-state-mf-level (OpenSC #801: path forms fail; \
                    myna-card: MF-level behaviour)",
        roles: [CardApp, RelyingParty],
        evaluate: select_first,
    }
}

fn select_first(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let mut n = 0;
    for a in run.apdus() {
        n += 1;
        if a.is_select() && SelectBy::from_p1(a.p1).is_path_or_relative() {
            return Verdict::Fail(words::select_by_path(a));
        }
        let uses_ef = (a.is_select() && SelectBy::from_p1(a.p1) == SelectBy::ChildEf)
            || a.is_read_binary()
            || a.is_verify()
            || a.is_guarded_sign();
        if uses_ef && a.df == Df::Mf {
            return Verdict::Fail(words::ef_at_mf(a));
        }
    }
    if n == 0 {
        return Verdict::NotApplicable(words::no_apdu());
    }
    Verdict::Pass(words::selected_first(n))
}

check! {
    /// `APDU-cert-complete`: the certificate sent is the whole certificate.
    CertComplete {
        id: "APDU-cert-complete",
        severity: Failed,
        rule: "The auth certificate is read to its full DER length with no error status ignored: \
               every certificate sent to the service is exactly one complete DER object, and none \
               is sent after a READ BINARY of it failed and was not read again.",
        rationale: "Clients size the certificate from its first bytes and read it in chunks; a lost \
                    chunk, a filler byte kept, or an error status taken as data gives a truncated \
                    or padded certificate that fails downstream as a confusing service error \
                    instead of a clear card error. 6282 and 6B00 at the end of the EF are not \
                    errors: some clients find the end that way.",
        reference: "docs/card.md#read-binary (read patterns of OpenSC, jpki-rs, myna, mnbcard); \
                     docs/card.md#status-words",
        evaluate: cert_complete,
    }
}

/// The length of a DER object from its header.
fn der_len(der: &[u8]) -> Option<usize> {
    let len = match (*der.first()?, *der.get(1)?) {
        (0x30, short @ 0..=0x7F) => 2 + usize::from(short),
        (0x30, 0x81) => 3 + usize::from(*der.get(2)?),
        (0x30, 0x82) => 4 + (usize::from(*der.get(2)?) << 8 | usize::from(*der.get(3)?)),
        (0x30, 0x83) => {
            5 + (usize::from(*der.get(2)?) << 16
                | usize::from(*der.get(3)?) << 8
                | usize::from(*der.get(4)?))
        }
        _ => return None,
    };
    Some(len)
}

/// The auth certificate's EF: the one eligibility clients send.
const AUTH_CERT_EF: u16 = jpki::AUTH_CERT;

fn cert_complete(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let mut reads = 0;
    let mut errors: Vec<&Apdu<'_>> = Vec::new();
    let mut sent = Vec::new();
    for step in &run.steps {
        match step {
            Step::Apdu(a) if a.is_read_binary() => {
                reads += 1;
                let (ef, offset) = a.read_target();
                if a.ok()
                    || a.sw
                        .is_some_and(|sw| matches!(sw.to_u16(), 0x6282 | 0x6B00))
                {
                    errors.retain(|b| b.read_target() != (ef, offset));
                } else if ef.is_none_or(|f| f == AUTH_CERT_EF) {
                    errors.push(a);
                }
            }
            Step::Http(x) => {
                let Some(certificate) = x.request_str("certificate") else {
                    continue;
                };
                if let Some(a) = errors.first() {
                    let (ef, offset) = a.read_target();
                    let ef = ef.map_or_else(|| "?".to_owned(), |f| format!("{f:04X}"));
                    return Verdict::Fail(words::cert_after_failed_read(x, a, &ef, offset));
                }
                let Some(der) = base64(certificate) else {
                    return Verdict::Fail(words::cert_not_base64(x));
                };
                match der_len(&der) {
                    Some(len) if len == der.len() => sent.push(len),
                    Some(len) if len > der.len() => {
                        return Verdict::Fail(words::cert_truncated(x, der.len(), len))
                    }
                    Some(len) => {
                        return Verdict::Fail(words::cert_with_filler(x, der.len() - len, len))
                    }
                    None => return Verdict::Fail(words::cert_not_der(x)),
                }
            }
            _ => {}
        }
    }
    if reads == 0 && sent.is_empty() {
        return Verdict::NotApplicable(words::no_cert_read());
    }
    if let Some(a) = errors.first() {
        return Verdict::Pass(words::failed_read_not_sent(a));
    }
    Verdict::Pass(words::certs_complete(reads, &sent))
}

check! {
    /// `APDU-sign-after-verify`: the key is unlocked before it signs.
    SignAfterVerify {
        id: "APDU-sign-after-verify",
        severity: Failed,
        rule: "A signature (`80 2A`) with a PIN-guarded key is sent only after a successful VERIFY \
               of that key's PIN on the same card and in the same application (no other card, no \
               other application selected, no failed VERIFY in between).",
        rationale: "Without the PIN verified the card answers 6982: a client bug that staff and \
                    vendors read as a card fault. The auth key (0017) needs the auth PIN (0018), the \
                    sign key (001A) the sign password (001B). A power event also ends the card's \
                    verification, but a client may not see it coming: a signature answered 6982 \
                    after one, followed by a new VERIFY, is recovery, not a bug, and is not judged.",
        reference: "docs/card.md#signature-80-2a and #security-state (myna-card, citing JICSAP 5.1.3)",
        modes: [Pin],
        roles: [CardApp, RelyingParty],
        evaluate: sign_after_verify,
    }
}

/// What a reader's card has verified, and in which application.
#[derive(Clone, Debug, Default)]
struct Session {
    df: Df,
    verified: HashSet<PinKey>,
}

fn sign_after_verify(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let mut sessions: HashMap<&str, Session> = HashMap::new();
    let mut signs = 0;
    for step in &run.steps {
        match step {
            Step::Reader { reader, action, .. } if action.changes_card() => {
                sessions.remove(reader);
            }
            Step::Apdu(a) => {
                let session = sessions.entry(a.reader).or_default();
                if a.df != Df::Mf && a.df != session.df {
                    session.verified.clear();
                    session.df = a.df.clone();
                }
                if a.is_pin_verify() {
                    if a.ok() {
                        session.verified.insert(a.pin_key());
                    } else if a.sw.is_some() {
                        session.verified.remove(&a.pin_key());
                    }
                } else if a.is_guarded_sign() {
                    signs += 1;
                    let needed = match (&a.df, a.sign_key()) {
                        (Df::App(Application::Jpki), Some(jpki::AUTH_KEY)) => {
                            Some(PinKey::of(mynakit_protocol::PinRef::Auth))
                        }
                        (Df::App(Application::Jpki), Some(jpki::SIGN_KEY)) => {
                            Some(PinKey::of(mynakit_protocol::PinRef::Sign))
                        }
                        _ => None,
                    };
                    let unlocked = match &needed {
                        Some(pin) => session.verified.iter().any(|v| v.may_be(pin)),
                        None => !session.verified.is_empty(),
                    };
                    if !unlocked {
                        return Verdict::Fail(words::sign_unverified(a, needed.as_ref()));
                    }
                }
            }
            _ => {}
        }
    }
    if signs == 0 {
        return Verdict::NotApplicable(words::no_guarded_sign());
    }
    Verdict::Pass(words::signed_after_verify(signs))
}

check! {
    /// `APDU-efficiency`: the round trips, reported.
    Efficiency {
        id: "APDU-efficiency",
        severity: Review,
        rule: "The APDU count, bytes and card time of the run are reported against the minimum for \
               the mode; this check informs and never fails.",
        rationale: "On contactless (NFC) readers every round trip is visible to the patient, and a \
                    signature alone takes about 0.7 s. A PIN-mode check needs at least 6 commands \
                    (SELECT AP, SELECT EF, one extended READ BINARY, empty VERIFY, VERIFY, \
                    signature) and a visual or face check 3; short 256-byte reads add one per \
                    chunk.",
        reference: "docs/card.md#read-binary (extended reads: nfcpy, jsapdu); docs/reader.md \
                     (latency model); docs/performance.md",
        evaluate: efficiency,
    }
}

fn efficiency(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let apdus: Vec<&Apdu<'_>> = run.apdus().collect();
    let (Some(first), Some(last)) = (apdus.first(), apdus.last()) else {
        return Verdict::NotApplicable(words::no_apdu());
    };
    let of = |f: &dyn Fn(&Apdu<'_>) -> bool| apdus.iter().filter(|a| f(a)).count();
    let selects = of(&|a| a.is_select());
    let reads = of(&|a| a.is_read_binary());
    let queries = of(&|a| a.is_tries_query());
    let verifies = of(&|a| a.is_pin_verify());
    let signs = of(&|a| a.is_guarded_sign());
    let other = apdus.len() - selects - reads - queries - verifies - signs;
    let read_bytes: usize = apdus
        .iter()
        .filter(|a| a.is_read_binary())
        .map(|a| a.response.len())
        .sum();
    let bytes: usize = apdus.iter().map(|a| a.bytes).sum();
    let card_us: u64 = apdus.iter().map(|a| a.duration_us).sum();
    let span = last.t_us.saturating_sub(first.start_us());
    let traffic = words::Traffic {
        apdus: apdus.len(),
        selects,
        reads,
        read_bytes,
        queries,
        verifies,
        signs,
        other,
        bytes,
        card_us,
        span_us: span,
    };
    Verdict::Pass(words::traffic(&traffic, e.mode))
}

check! {
    /// `APDU-removal`: a pulled card ends in a clear card error.
    Removal {
        id: "APDU-removal",
        severity: Failed,
        rule: "When the card is removed, or its reader unplugged, before the client has finished \
               with it (before its check was sent, and before a successful signature) and not \
               inserted and read again, the result is card-error: no hang, no stale or guessed \
               result.",
        rationale: "Cards in sleeves, readers that drop the card and patients who take the card back \
                    are common at the counter. A client that hangs blocks the queue; one that shows \
                    a result it did not finish may show the previous patient's data. A removal after \
                    the client sent its check is harmless and not judged.",
        reference: "docs/reader.md (remove and unplug events); USEN-ALMEX マイナタッチ FAQ 70299 (a card in \
                     a sleeve is not detected); オンライン資格確認.com ?p=320 (card-reader error \
                     list)",
        evaluate: removal,
    }
}

/// Why a card that left `reader` at `steps[i]` (at `t_us`) was no longer needed, if it was
/// not: the client had sent its check (or registration, or consent; a challenge and the
/// device's login, `/v1/activations`, before any card is read, are not it), or the card's last
/// command was its signature. `None`: the client still needed the card. Shared by
/// `APDU-removal` and `APDU-tag-lost-honest`.
pub(crate) fn done_with_card(
    run: &Run<'_>,
    steps: &[Step<'_>],
    i: usize,
    t_us: u64,
    reader: &str,
) -> Option<Reason> {
    if let Some(x) = run.exchanges().find(|x| {
        x.method == "POST"
            && !matches!(x.path, paths::CHALLENGES | paths::ACTIVATIONS)
            && x.start_us() <= t_us
    }) {
        return Some(words::after_check_sent(x));
    }
    let signed_last = steps[..i]
        .iter()
        .rev()
        .find_map(|s| s.apdu_on(reader))
        .is_some_and(|a| a.is_guarded_sign() && a.ok());
    signed_last.then(words::after_signature)
}

fn removal(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let steps = run.before_result();
    let Some((i, t_us, reader, how)) = steps.iter().enumerate().find_map(|(i, s)| match s {
        Step::Reader {
            t_us,
            reader,
            action,
            ..
        } if action.takes_card() => Some((
            i,
            *t_us,
            *reader,
            if *action == ReaderAction::Unplug {
                Taken::Unplugged
            } else {
                Taken::Removed
            },
        )),
        _ => None,
    }) else {
        return Verdict::NotApplicable(words::none_removed());
    };
    if let Some(why) = done_with_card(run, steps, i, t_us, reader) {
        return Verdict::NotApplicable(words::removed_when_done(how, t_us, &why));
    }
    let reread = steps[i..]
        .iter()
        .skip_while(|s| {
            !matches!(s, Step::Reader { reader: r, action: ReaderAction::Insert | ReaderAction::Swap, .. } if *r == reader)
        })
        .find_map(|s| s.apdu_on(reader));
    if let Some(a) = reread {
        return Verdict::Pass(words::removed_read_again(how, t_us, a));
    }
    if e.result.outcome == Outcome::CardError {
        return Verdict::Pass(words::removed_card_error(how, t_us));
    }
    Verdict::Fail(words::removed_unreported(
        how,
        reader,
        t_us,
        e.result.outcome,
    ))
}

check! {
    /// `APDU-release`: the card is let go before the staff read the result.
    Release {
        id: "APDU-release",
        severity: Warning,
        rule: "After its last command to a card and before its result, the client releases that \
               card: it is powered off (PC/SC SCardDisconnect with SCARD_UNPOWER_CARD), or it left \
               the reader.",
        rationale: "A card left powered keeps the PIN this patient typed verified: whatever talks to \
                    the reader next (another app, the next check on a shared reader, a program \
                    sharing the PC/SC connection) can sign as the patient without the PIN. \
                    SCARD_LEAVE_CARD leaves it so, and on the cards described a warm reset \
                    (SCARD_RESET_CARD) keeps the verification too; only a power-off ends it. A WARNING, \
                    not a failure: no published rule requires the power-off, and common \
                    middleware (OpenSC's default disconnect action) leaves the card powered.",
        reference: "docs/card.md#security-state (verified PINs survive a warm reset and end at \
                    power-off: myna-card, JICSAP 5.1.3); PC/SC Part 5 SCardDisconnect \
                    dispositions (pcsc-lite); docs/reader.md (power events)",
        roles: [CardApp, RelyingParty],
        evaluate: release,
    }
}

/// How long after the result line a power-off still counts as the client's release: the time
/// pcscd and vpcd take to pass on a disconnect that returned before the result.
const IN_FLIGHT_US: u64 = 500_000;

/// How long after the client's process ended a power-off still counts as its own: a disconnect
/// it made before exiting may be recorded just after the exit, while pcscd's power-off of a card
/// no process holds any more (its holder exited without a disconnect) comes about 0.4 s after
/// (docs/mobile.md, "Transports"). Without this bound that power-off fell inside
/// [`IN_FLIGHT_US`] when a client exited at once after its result, and a client that never
/// released PASSED in some runs and got the WARNING in others.
const AT_EXIT_US: u64 = 100_000;

/// Reader actions that end the card's session: its power went, or it left. A reader that
/// stopped answering (`reader-unavailable`) counts: the client can reach the card through it no
/// more, and it comes back only with the card powered afresh (`docs/reader.md`, "A reader
/// unavailable for a while"). So does a PC/SC service that stopped (`pcscd-stopped`): every
/// handle from before is dead, and the card comes back powered afresh (`docs/reader.md`, "pcscd
/// stops and starts again").
fn releases(action: &ReaderAction) -> bool {
    matches!(
        action,
        ReaderAction::PowerOff
            | ReaderAction::Remove
            | ReaderAction::Swap
            | ReaderAction::Insert
            | ReaderAction::Unplug
            | ReaderAction::ReaderUnavailable
            | ReaderAction::PcscdStopped
    )
}

fn release(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.result_at == run.steps.len() && !e.manual {
        return Verdict::NotApplicable(words::release_no_result());
    }
    let steps = run.before_result();
    // Each reader the client sent commands to, with the index of its last command.
    let mut last: Vec<(&str, usize)> = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        if let Step::Apdu(a) = step {
            match last.iter_mut().find(|(r, _)| *r == a.reader) {
                Some(entry) => entry.1 = i,
                None => last.push((a.reader, i)),
            }
        }
    }
    if last.is_empty() {
        return Verdict::NotApplicable(no_command());
    }
    // pcscd passes SCARD_UNPOWER_CARD to vpcd without waiting for it, so the power-off may be
    // recorded just after the result line the client wrote once its disconnect returned; but
    // what comes after the client's process ended is pcscd's doing, not the client's.
    let after_result = run
        .steps
        .get(run.result_at)
        .map_or(u64::MAX, |s| s.t_us() + IN_FLIGHT_US);
    let deadline = run
        .exited_at()
        .map_or(after_result, |t| after_result.min(t + AT_EXIT_US));
    let mut how = Vec::new();
    for (reader, i) in &last {
        let released = run.steps[i + 1..].iter().find_map(|s| match s {
            Step::Reader {
                t_us,
                reader: r,
                action,
                ..
            } if r == reader && releases(action) && *t_us <= deadline => Some((*t_us, action)),
            _ => None,
        });
        let Some((t_us, action)) = released else {
            let Step::Apdu(a) = &steps[*i] else {
                continue;
            };
            return Verdict::Fail(words::not_released(reader, a, run.exited_at().is_some()));
        };
        how.push((*reader, action, t_us));
    }
    Verdict::Pass(words::released(&how))
}

check! {
    /// `APDU-empty-answer`: an empty R-APDU is a failed command, never a success.
    EmptyAnswer {
        id: "APDU-empty-answer",
        severity: Failed,
        rule: "A command answered with no status word (an empty R-APDU: the card was pulled or \
               failed mid-command) failed: after it no card check or registration is sent with \
               what that card gave, and the result is no qualification, unless the card was \
               inserted and read again.",
        rationale: "A card always answers at least a status word. Through Debian's vpcd driver, \
                    and some reader drivers, a card pulled while it works on a command gives the \
                    client an empty response and a successful SCardTransmit. A client that reads \
                    that as success sends an empty signature or a partial certificate, or shows \
                    a result for a card that is no longer there.",
        reference: "ISO/IEC 7816-4 §5.1 (every response ends with SW1-SW2); docs/reader.md \
                    (known limits: vpcd's empty answer to a card pulled mid-command; \
                    IFDHTransmitToICC in vsmartcard); docs/scenarios.md (`remove` with \
                    `empty_answer`)",
        evaluate: empty_answer,
    }
}

fn empty_answer(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let steps = run.before_result();
    let Some((i, a)) = steps.iter().enumerate().find_map(|(i, s)| match s {
        Step::Apdu(a) if a.sw.is_none() => Some((i, a)),
        _ => None,
    }) else {
        return Verdict::NotApplicable(words::no_empty_answer());
    };
    let reread = steps[i + 1..]
        .iter()
        .skip_while(|s| {
            !matches!(s, Step::Reader { reader, action: ReaderAction::Insert | ReaderAction::Swap, .. } if *reader == a.reader)
        })
        .any(|s| matches!(s, Step::Apdu(b) if b.reader == a.reader && b.sw.is_some()));
    if reread {
        return Verdict::Pass(words::empty_then_read_again(a));
    }
    if let Some(x) = run.exchanges().find(|x| {
        (x.is("POST", paths::CONFIRMATIONS) || x.is("POST", paths::REGISTRATIONS))
            && x.start_us() >= a.t_us
    }) {
        return Verdict::Fail(words::sent_on_empty_answer(x, a));
    }
    if is_qualification(e.result.outcome) {
        return Verdict::Fail(words::qualified_on_empty_answer(a, e.result.outcome));
    }
    Verdict::Pass(words::empty_answer_unused(a, e.result.outcome))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::{Mode, Outcome};

    use super::*;
    use crate::testkit::*;

    #[test]
    fn select_first_passes_a_correct_read_and_fails_without_the_ap() {
        let r = result(Outcome::Eligible, &[]);
        let tl = verify_and_sign(card_up_to_ask(Tl::new(), 3));
        assert_eq!(
            pass(&SelectFirst, &evidence(&tl.events, &r)),
            "8 APDUs; every EF was reached through a selected application"
        );
        let no_ap = Tl::new().apdu("00A4020C02000A", "6A82");
        let text = fail(&SelectFirst, &evidence(&no_ap.events, &r));
        assert_eq!(
            text,
            "SELECT (APDU 1, t=0.010s) was sent before any application was selected since the \
             card was powered: at the MF level no EF can be used"
        );
        assert_eq!(
            text.ja(),
            Some(
                "SELECT (APDU 1, t=0.010s) が、カードの電源投入後どのアプリケーションも選択されない\
                 うちに送られた: MF レベルではどの EF も使えない"
            )
        );
        let after_reset = Tl::new()
            .apdu(&select(Application::Jpki), "9000")
            .reader("reset")
            .apdu("00B08A0000", "6986");
        fail(&SelectFirst, &evidence(&after_reset.events, &r));
        let path = Tl::new().apdu("00A4090C04D392000A", "6A86");
        assert!(fail(&SelectFirst, &evidence(&path.events, &r)).contains("by path (P1=09"));
        not_applicable(&SelectFirst, &evidence(&[], &r));
    }

    #[test]
    fn cert_complete_checks_what_reaches_the_service() {
        let r = result(Outcome::Eligible, &[]);
        let tl = verify_and_sign(card_up_to_ask(Tl::new(), 3).pin("p1", Some(3)))
            .challenge("c1")
            .confirm("c1", &valid_body(""));
        assert_eq!(
            pass(&CertComplete, &evidence(&tl.events, &r)),
            "2 READ BINARYs; 1 certificate sent, each complete (304 bytes)"
        );

        let der = cert_der();
        let short = base64_encode(&der[..256]);
        let truncated = Tl::new().http(
            "POST",
            "/v1/confirmations",
            200,
            5,
            Some(&format!(r#"{{"mode":"visual","certificate":"{short}"}}"#)),
            Some(&valid_body("")),
        );
        let text = fail(&CertComplete, &evidence(&truncated.events, &r));
        assert!(
            text.ends_with(
                "sent 256 bytes of a 304-byte certificate: it was not read to its full DER length"
            ),
            "{text}"
        );

        let mut padded = der.clone();
        padded.extend([0xFF; 4]);
        let padded = base64_encode(&padded);
        let filler = Tl::new().http(
            "POST",
            "/v1/confirmations",
            200,
            5,
            Some(&format!(r#"{{"mode":"visual","certificate":"{padded}"}}"#)),
            Some(&valid_body("")),
        );
        assert!(fail(&CertComplete, &evidence(&filler.events, &r)).contains("4 bytes after"));
    }

    #[test]
    fn cert_complete_fails_when_an_error_status_is_ignored() {
        let r = result(Outcome::CardError, &[]);
        let faulted = Tl::new()
            .apdu(&select(Application::Jpki), "9000")
            .apdu("00A4020C02000A", "9000")
            .apdu("00B0000000", "6F00");
        let stopped = faulted.clone().result("card-error");
        let text = pass(&CertComplete, &evidence(&stopped.events, &r));
        assert!(
            text.contains("answered 6F00; the client sent no certificate"),
            "{text}"
        );

        let cert = cert_b64();
        let ignored = faulted.http(
            "POST",
            "/v1/confirmations",
            200,
            5,
            Some(&format!(r#"{{"mode":"visual","certificate":"{cert}"}}"#)),
            Some(&valid_body("")),
        );
        let text = fail(&CertComplete, &evidence(&ignored.events, &r));
        assert!(
            text.contains("READ BINARY of EF 000A at offset 0 (APDU 3, t=0.030s) answered 6F00"),
            "{text}"
        );
    }

    #[test]
    fn sign_after_verify_needs_the_pin_in_the_same_session() {
        let r = result(Outcome::Eligible, &[]);
        let tl = verify_and_sign(card_up_to_ask(Tl::new(), 3));
        pass(&SignAfterVerify, &evidence(&tl.events, &r));

        let unverified = card_up_to_ask(Tl::new(), 3)
            .apdu("00A4020C020017", "9000")
            .apdu("802A00800100", "6982");
        let text = fail(&SignAfterVerify, &evidence(&unverified.events, &r));
        assert_eq!(
            text,
            "signature (APDU 8, t=0.080s) without a successful VERIFY of the auth PIN (JPKI 0018) \
             in this session (the card answered 6982)"
        );
        assert_eq!(
            text.ja(),
            Some(
                "署名 (APDU 8, t=0.080s) が、このセッションで 利用者証明用電子証明書の暗証番号 \
                 (JPKI 0018) の VERIFY が成功しないまま送られた (カードの応答は 6982)"
            )
        );

        // A power-cycle the client cannot see: the card refuses, the client asks the PIN again.
        let recovered = verify_and_sign(card_up_to_ask(Tl::new(), 3))
            .reader("power-cycle")
            .apdu(&select(Application::Jpki), "9000")
            .apdu("802A00970100", "6982")
            .apdu("00A4020C020018", "9000")
            .apdu("00200080", "63C3")
            .pin("p2", Some(3))
            .apdu("0020008004********", "9000")
            .apdu("802A00970100", "9000");
        pass(&SignAfterVerify, &evidence(&recovered.events, &r));

        let other_card = verify_and_sign(card_up_to_ask(Tl::new(), 3))
            .reader_detail("swap", "dependent")
            .apdu(&select(Application::Jpki), "9000")
            .apdu("802A00970100", "6982");
        fail(&SignAfterVerify, &evidence(&other_card.events, &r));
        not_applicable(
            &SignAfterVerify,
            &evidence_in(&card_up_to_ask(Tl::new(), 3).events, &r, Mode::Visual),
        );
    }

    #[test]
    fn efficiency_reports_and_never_fails() {
        let r = result(Outcome::Eligible, &[]);
        let tl = verify_and_sign(card_up_to_ask(Tl::new(), 3));
        let text = pass(&Efficiency, &evidence(&tl.events, &r));
        assert!(
            text.starts_with("8 APDUs (3 SELECT, 2 READ BINARY for 304 bytes, 1 empty VERIFY, 1 VERIFY, 1 signature, 0 other)"),
            "{text}"
        );
        assert!(
            text.ends_with("a PIN-mode check needs at least 6"),
            "{text}"
        );
    }

    #[test]
    fn release_needs_a_power_off_reset_or_removal_before_the_result() {
        let r = result(Outcome::Eligible, &[]);
        let used = verify_and_sign(card_up_to_ask(Tl::new(), 3).pin("p1", Some(3)));
        let kept = used.clone().result("eligible");
        let text = fail(&Release, &evidence(&kept.events, &r));
        assert!(
            text.starts_with("the card in mynakit A 00 00 was neither powered off nor removed"),
            "{text}"
        );
        let released = used.clone().reader("power-off").result("eligible");
        let text = pass(&Release, &evidence(&released.events, &r));
        assert!(text.contains("power-off at"), "{text}");
        let in_flight = used.clone().result("eligible").reader("power-off");
        pass(&Release, &evidence(&in_flight.events, &r));
        let late = used
            .clone()
            .result("eligible")
            .wait(600)
            .reader("power-off");
        fail(&Release, &evidence(&late.events, &r));
        let reset = used.clone().reader("reset").result("eligible");
        fail(&Release, &evidence(&reset.events, &r));
        // A client that exits without a disconnect: pcscd powers the card off about 0.4 s
        // later, which is not the client's release, though it falls within 0.5 s of the result.
        let exit_then_pcscd = used
            .clone()
            .result("eligible")
            .wait(5)
            .exited()
            .wait(420)
            .reader("power-off");
        let text = fail(&Release, &evidence(&exit_then_pcscd.events, &r));
        assert!(
            text.contains("after its process ended is pcscd's"),
            "{text}"
        );
        // Its own disconnect, recorded just after its exit, still counts.
        let exit_in_flight = used
            .clone()
            .result("eligible")
            .exited()
            .wait(20)
            .reader("power-off");
        pass(&Release, &evidence(&exit_in_flight.events, &r));

        not_applicable(&Release, &evidence(&used.events, &r));
        let none = Tl::new().result("service-error");
        not_applicable(&Release, &evidence(&none.events, &r));
    }

    #[test]
    fn removal_needs_a_card_error() {
        let pulled = card_up_to_ask(Tl::new(), 3)
            .pin("p1", Some(3))
            .apdu("0020008004********", "9000")
            .apdu("00A4020C020017", "9000")
            .reader("remove");
        let r = result(Outcome::CardError, &[]);
        let tl = pulled.clone().result("card-error");
        pass(&Removal, &evidence(&tl.events, &r));

        let stale = result(Outcome::Eligible, &[]);
        let tl = pulled.clone().result("eligible");
        let text = fail(&Removal, &evidence(&tl.events, &stale));
        assert!(
            text.ends_with("but the result is eligible, not card-error"),
            "{text}"
        );
        assert!(
            text.ja().unwrap().ends_with(
                "にカードが抜かれた (mynakit A 00 00) が、結果は card-error ではなく eligible"
            ),
            "{:?}",
            text.ja()
        );

        let hung = mynakit_protocol::RunResult::timeout(60_000);
        let text = fail(&Removal, &evidence(&pulled.events, &hung));
        assert!(text.contains("result is timeout"), "{text}");

        let back = pulled
            .reader_detail("insert", "employee")
            .apdu(&select(Application::Jpki), "9000")
            .result("eligible");
        pass(&Removal, &evidence(&back.events, &stale));
    }

    #[test]
    fn an_unplugged_reader_takes_the_card_with_it() {
        let unplugged = card_up_to_ask(Tl::new(), 3)
            .pin("p1", Some(3))
            .reader_detail("unplug", "employee");
        let tl = unplugged.clone().result("card-error");
        let text = pass(
            &Removal,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
        assert!(text.contains("unplugged reader"), "{text}");
        let tl = unplugged.result("cancelled");
        let text = fail(
            &Removal,
            &evidence(&tl.events, &result(Outcome::Cancelled, &[])),
        );
        assert!(
            text.ends_with("but the result is cancelled, not card-error"),
            "{text}"
        );
    }

    #[test]
    fn removal_after_the_check_is_not_judged() {
        let r = result(Outcome::Eligible, &[]);
        let tl = verify_and_sign(card_up_to_ask(Tl::new(), 3).pin("p1", Some(3)))
            .challenge("c1")
            .confirm("c1", &valid_body(""))
            .reader("remove")
            .result("eligible");
        not_applicable(&Removal, &evidence(&tl.events, &r));
    }

    #[test]
    fn an_empty_answer_is_a_failed_command() {
        let r = result(Outcome::CardError, &[]);
        let cut = card_up_to_ask(Tl::new(), 3)
            .pin("p1", Some(3))
            .apdu("0020008004********", "9000")
            .apdu("802A00973330", "")
            .reader("remove");
        let tl = cut.clone().result("card-error");
        let text = pass(&EmptyAnswer, &evidence(&tl.events, &r));
        assert!(text.contains("got an empty R-APDU"), "{text}");

        let used = cut
            .clone()
            .challenge("c1")
            .confirm("c1", &valid_body(""))
            .result("card-error");
        let text = fail(&EmptyAnswer, &evidence(&used.events, &r));
        assert!(text.starts_with("POST /v1/confirmations"), "{text}");
        assert!(
            text.ja().unwrap().starts_with("署名 (80 2A) (APDU "),
            "{:?}",
            text.ja()
        );

        let eligible = result(Outcome::Eligible, &[]);
        let shown = cut.clone().result("eligible");
        fail(&EmptyAnswer, &evidence(&shown.events, &eligible));

        let back = cut
            .reader_detail("insert", "employee")
            .apdu("00A4040C0AD392F000260100000001", "9000")
            .result("eligible");
        pass(&EmptyAnswer, &evidence(&back.events, &eligible));

        let none =
            verify_and_sign(card_up_to_ask(Tl::new(), 3).pin("p1", Some(3))).result("eligible");
        not_applicable(&EmptyAnswer, &evidence(&none.events, &eligible));
    }
}
