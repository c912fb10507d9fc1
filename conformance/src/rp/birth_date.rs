//! The 券面事項確認AP's birth-date key in a かざし (flow `pin-less`, `docs/relying-party.md`):
//! the server opens it with the birth date its account holds, and the key has a try counter.
//! When the card answers that date with a mismatch, the same date cannot do better, and a かざし
//! has no holder input to try instead: sending it again only burns another of the card's tries.

use mynakit_apdu::Application;

use super::words::{birth_date as words, common};
use crate::check::{Evidence, Verdict};
use crate::run::{Df, Run, Step};

check! {
    /// `RP-birth-date-tries`: after the card answers the birth date with a mismatch, a かざし
    /// does not send it again.
    BirthDateTries {
        id: "RP-birth-date-tries",
        severity: Failed,
        rule: "In a かざし (flow `pin-less`), once the card answered a VERIFY of a key of the \
               券面事項確認AP with a mismatch (`63Cx`) or as blocked (`63C0`, `6984`), the client \
               sends no further VERIFY with data to that key before its result.",
        rationale: "The birth-date key counts wrong tries like a PIN and blocks, after which the \
                    holder's card no longer opens its 券面事項確認AP anywhere until a municipal \
                    office resets it. In a かざし the birth date comes from the server's account, \
                    not from the holder: after a mismatch the same date fails again and costs \
                    another try, and any other date is a guess.",
        reference: "PocketSign Verify, docs.p8n.app pin-less/sequence and \
                    pin-less/parse-date-of-birth (the birth date registered at the first use \
                    opens the 券面事項確認AP); ISO/IEC 7816-4 §11.5.6 (`63Cx`: x further tries); \
                    docs/card.md (券面事項確認AP); docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: birth_date_tries,
    }
}

fn birth_date_tries(_: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.holder_account().is_none() {
        return Verdict::NotApplicable(common::not_pin_less());
    }
    let mut mismatch: Option<&crate::run::Apdu<'_>> = None;
    for step in run.before_result() {
        let Step::Apdu(a) = step else { continue };
        if !a.is_printed_key_verify() || a.df != Df::App(Application::Kenkaku) {
            continue;
        }
        if let Some(first) = mismatch.filter(|m| m.pin_key() == a.pin_key()) {
            return Verdict::Fail(words::birth_date_sent_again(first.n, a.n));
        }
        if a.tries().is_some() || a.says_blocked() {
            mismatch = Some(a);
        }
    }
    match mismatch {
        Some(m) => Verdict::Pass(words::birth_date_not_sent_again(m.n)),
        None => Verdict::NotApplicable(words::no_birth_date_mismatch()),
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;
    use mynakit_timeline::{AuthCertificate, Fact};

    use super::*;
    use crate::testkit::*;

    /// A かざし's start: the certificate good, the holder with an account.
    fn touch() -> Tl {
        Tl::new()
            .fact(Fact::AuthCertificate(AuthCertificate {
                status: mynakit_protocol::CertStatus::Good,
                within_validity: true,
            }))
            .fact(Fact::HolderAccount(true))
            .apdu(&select(Application::Kenkaku), "9000")
            .apdu("00A4020C020011", "9000")
    }

    const BIRTH_DATE: &str = "0020008006363030343132";

    #[test]
    fn a_mismatch_is_not_tried_again() {
        let c = BirthDateTries;
        let refused = result(Outcome::Refused, &[]);
        let once = touch().apdu(BIRTH_DATE, "63C2").result("refused");
        assert!(pass(&c, &evidence(&once.events, &refused)).contains("APDU #3"));
        let again = touch()
            .apdu(BIRTH_DATE, "63C2")
            .apdu(BIRTH_DATE, "9000")
            .result("accepted");
        let accepted = result(Outcome::Accepted, &[]);
        assert!(fail(&c, &evidence(&again.events, &accepted)).contains("APDU #4"));
        let matched = touch().apdu(BIRTH_DATE, "9000").result("accepted");
        not_applicable(&c, &evidence(&matched.events, &accepted));
        let identity = Tl::new().apdu(BIRTH_DATE, "63C2").result("refused");
        not_applicable(&c, &evidence(&identity.events, &refused));
    }

    #[test]
    fn a_blocked_key_is_not_tried_again() {
        let c = BirthDateTries;
        let blocked = touch()
            .apdu(BIRTH_DATE, "6984")
            .apdu(BIRTH_DATE, "6984")
            .result("refused");
        let refused = result(Outcome::Refused, &[]);
        fail(&c, &evidence(&blocked.events, &refused));
    }
}
