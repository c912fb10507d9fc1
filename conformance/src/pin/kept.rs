//! `PIN-not-kept`: no file the client wrote holds a PIN the operator typed
//! (`docs/conformance.md`; `docs/client-protocol.md`, "The client's folders").
//!
//! Only the harness knows the PINs typed (the timeline holds them redacted): after the run it
//! searches the client's private home, temporary and working folders (made empty for the run,
//! so every file there is the client's own) for each PIN typed, in clear as a whole word and as
//! the hex of a VERIFY's data, and records each file that held one in the run's `kept` event
//! (kind [`TYPED_PIN`], naming the file and the form, never the PIN). The check only reads.
//! `PIN-not-logged` judges the client's output; this, what it leaves on the disk.

use mynakit_timeline::TYPED_PIN;

use crate::check::{Evidence, Verdict};
use crate::run::{Run, Step};

use super::words::{kept as words, logged::no_pin_typed};

check! {
    /// `PIN-not-kept`: no typed PIN in a file the client wrote.
    NotKept {
        id: "PIN-not-kept",
        severity: Failed,
        rule: "After the run, no file in the client's private home, temporary folder or working \
               folder holds a PIN the operator typed: in clear as a whole word (UTF-8, \
               Shift_JIS or UTF-16; not inside a longer run of letters and digits, so a date or \
               an amount with the PIN's digits is no PIN) or as the hex of a VERIFY's data, \
               whether or not the client declares the file kept on purpose (`keeps`).",
        rationale: "A PIN is the patient's secret beside the card: with both, anyone can read the \
                    card and act as the patient. A PIN saved for the next visit, a debug log or \
                    an APDU trace written to a file outlives the visit on a shared counter PC or \
                    a nurse's device, where whoever reads the file has the PIN for a lost card.",
        reference: "JPKI 利用者クライアントソフト guidance (PINs are never stored or recorded); \
                    OWASP Password Storage Cheat Sheet (never store a password in clear); \
                    docs/client-protocol.md#the-clients-folders",
        roles: [CardApp],
        evaluate: not_kept,
    }
}

fn not_kept(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let typed = super::typed_count(run);
    if typed == 0 {
        return Verdict::NotApplicable(no_pin_typed());
    }
    if e.manual {
        return Verdict::NotApplicable(words::files_not_searched());
    }
    let Some((files, found)) = run.steps.iter().rev().find_map(|s| match s {
        Step::Kept { files, found, .. } => Some((*files, *found)),
        _ => None,
    }) else {
        return Verdict::NotApplicable(words::files_not_searched());
    };
    let mut kept: Vec<(&str, &str)> = found
        .iter()
        .filter(|v| v.value == TYPED_PIN)
        .map(|v| (v.path.as_str(), v.encoding.as_str()))
        .collect();
    // One finding per file: the first form found (clear, then hex).
    kept.dedup_by(|a, b| a.0 == b.0);
    if kept.is_empty() {
        Verdict::Pass(words::pin_not_kept(typed, files))
    } else {
        Verdict::Fail(words::pin_kept(&kept))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::Outcome;
    use mynakit_timeline::KeptValue;

    use super::*;
    use crate::testkit::*;

    fn pin_in(path: &str, encoding: &str) -> KeptValue {
        KeptValue {
            path: path.into(),
            offset: 4,
            value: TYPED_PIN.into(),
            encoding: encoding.into(),
        }
    }

    #[test]
    fn a_typed_pin_in_a_file_fails_naming_the_file_and_nothing_else_does() {
        let r = result(Outcome::Eligible, &[]);
        let typed = || Tl::new().pin("p1", Some(3)).result("eligible");
        let clean = typed().kept(Vec::new(), Vec::new()).events;
        let text = pass(&NotKept, &evidence(&clean, &r));
        assert_eq!(
            text,
            "the typed PIN is in none of the 3 files the client left"
        );
        // A patient's value is DATA-nothing-kept's, not this check's.
        let name = KeptValue {
            value: "name".into(),
            ..pin_in("tmp/last.csv", "UTF-8")
        };
        let other = typed().kept(vec![name], Vec::new()).events;
        pass(&NotKept, &evidence(&other, &r));
        let kept = typed()
            .kept(
                vec![
                    pin_in("home/.app/state", "UTF-8"),
                    pin_in("home/.app/state", "APDU hex"),
                    pin_in("work/apdu.log", "APDU hex"),
                ],
                vec!["home/.app/".into()],
            )
            .events;
        let text = fail(&NotKept, &evidence(&kept, &r));
        assert_eq!(
            text,
            "the client left a typed PIN in its files: home/.app/state (UTF-8), work/apdu.log \
             (APDU hex)"
        );
        assert_eq!(
            text.ja(),
            Some(
                "クライアントが入力された暗証番号をファイルに残した: home/.app/state (UTF-8)、\
                 work/apdu.log (APDU hex)"
            )
        );
        // No PIN typed, or the folders not searched (an app on its own device).
        not_applicable(
            &NotKept,
            &evidence(
                &Tl::new()
                    .result("eligible")
                    .kept(Vec::new(), Vec::new())
                    .events,
                &r,
            ),
        );
        not_applicable(&NotKept, &evidence(&typed().events, &r));
    }
}
