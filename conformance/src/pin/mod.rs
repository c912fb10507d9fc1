//! PIN handling: how a client spends the patient's PIN tries.
//!
//! The auth PIN (JPKI `0018`) has 3 tries; the counter never recovers with time and is reset only
//! by the right PIN; once blocked, only the municipal office can reset it (`docs/card.md`,
//! "PINs"; jpki.go.jp FAQ). Every VERIFY with data the client sends may cost the patient one of
//! those tries, so these checks count VERIFYs against the PINs the operator typed.
//! A VERIFY's PIN is named from the card context (`00 20 00 80` after `SELECT 0018`, or
//! `00 20 00 98` by SFI). `PIN-not-logged` keeps the typed PINs out of the client's own output, `PIN-not-kept` out of
//! the files it leaves.

mod kept;
mod logged;
mod steps;
mod tries;
mod verify;
mod words;

pub(crate) use kept::NotKept;
pub(crate) use logged::NotLogged;
pub(crate) use tries::{BlockedStop, TriesShown};
pub(crate) use verify::{Format, NoAutoRetry, NotInVisual, NotReused, OneVerify};

use mynakit_protocol::HarnessMessage;

use crate::run::{Run, Step};

/// How many PINs the operator typed in the run (its `pin` answers): what `PIN-not-logged` and
/// `PIN-not-kept` look for in the client's output and files.
fn typed_count(run: &Run<'_>) -> usize {
    run.steps
        .iter()
        .filter(|step| {
            matches!(
                step,
                Step::Operator {
                    message: HarnessMessage::Pin { .. },
                    ..
                }
            )
        })
        .count()
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::{Mode, Outcome};

    use crate::testkit::*;

    /// Every PIN and APDU check says what it saw in Japanese too, whatever its verdict: a
    /// reason written in English only shows a Japanese reader an English line under the
    /// Japanese rule.
    #[test]
    fn every_pin_and_apdu_reason_is_written_in_japanese() {
        let flows = [
            (lockout(), Outcome::PinLocked, Mode::Pin),
            (
                verify_and_sign(card_up_to_ask(Tl::new(), 3).pin("p1", Some(3)))
                    .challenge("c1")
                    .confirm("c1", &valid_body(""))
                    .reader("power-off")
                    .result("eligible"),
                Outcome::Eligible,
                Mode::Pin,
            ),
            (
                verify_and_sign(card_up_to_ask(Tl::new(), 3).pin("p1", Some(3)))
                    .reader("remove")
                    .result("eligible"),
                Outcome::Eligible,
                Mode::Pin,
            ),
            (Tl::new(), Outcome::Eligible, Mode::Visual),
        ];
        for (tl, outcome, mode) in flows {
            let r = result(outcome, &[]);
            for finding in crate::catalogue::evaluate(&evidence_in(&tl.events, &r, mode), &[]) {
                if finding.check.starts_with("PIN-") || finding.check.starts_with("APDU-") {
                    assert!(
                        finding.reason_ja.is_some(),
                        "{}: {}",
                        finding.check,
                        finding.reason
                    );
                }
            }
        }
    }
}
