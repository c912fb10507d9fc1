//! `RP-birth-date-not-logged`: in a かざし (flow `pin-less`, `docs/relying-party.md`), the
//! account's birth date opens the card's 券面事項確認AP as a PIN would, and the relying party's
//! own output never holds it. Only the harness sees the client's stderr: it looks there and in
//! the protocol lines for the date, as it does for typed PINs (`PIN-not-logged`), and records
//! each place that held it as a client fact ([`Fact::BirthDateLeak`]); the check reads them.

use mynakit_timeline::Fact;

use super::words::{birth_date_logged as words, common};
use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::Run;

check! {
    /// `RP-birth-date-not-logged`: no かざし's birth date in the client's logs or protocol lines.
    BirthDateNotLogged {
        id: "RP-birth-date-not-logged",
        severity: Failed,
        rule: "In a かざし (flow `pin-less`) of a holder the server has an account for, the \
               client's own output (its log on stderr and its protocol lines, the result \
               included) never holds that account's birth date: as `YYYYMMDD`, `YYYY-MM-DD`, \
               `YYYY/MM/DD` or the 券面事項確認AP's key (the era's `YYMMDD`), in clear or as \
               the hex of a VERIFY's data, counted as `PIN-not-logged` counts a PIN.",
        rationale: "Without a PIN, the birth date is what opens the card's 券面事項確認AP and \
                    lets it sign: with a lost card, a log that holds it is enough to pass a \
                    かざし as its holder. Logs go into tickets, support mail and monitoring, far \
                    from the account records that hold the date under the relying party's \
                    protection.",
        reference: "PocketSign Verify, docs.p8n.app pin-less/sequence and \
                    pin-less/parse-date-of-birth (the birth date opens the 券面事項確認AP); \
                    OWASP Logging Cheat Sheet (never log access tokens, passwords, sensitive \
                    personal data); docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: birth_date_not_logged,
    }
}

fn birth_date_not_logged(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    match run.holder_account() {
        None => return Verdict::NotApplicable(common::not_pin_less()),
        Some(false) => return Verdict::NotApplicable(words::no_holder_account()),
        Some(true) => {}
    }
    let leaks: Vec<Reason> = run
        .facts()
        .filter_map(|(_, fact)| match fact {
            Fact::BirthDateLeak(place) => Some(words::birth_date_leak(&place)),
            _ => None,
        })
        .collect();
    if !leaks.is_empty() {
        return Verdict::Fail(Reason::join(&leaks, "; ", "、"));
    }
    if e.manual {
        return Verdict::NotApplicable(words::logs_not_seen());
    }
    Verdict::Pass(words::birth_date_not_in_output())
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    #[test]
    fn a_birth_date_in_the_output_fails() {
        let c = BirthDateNotLogged;
        let accepted = result(Outcome::Accepted, &[]);
        let touch = Tl::new().fact(Fact::HolderAccount(true));
        pass(
            &c,
            &evidence(&touch.clone().result("accepted").events, &accepted),
        );
        let leaked = touch
            .clone()
            .result("accepted")
            .client_fact(Fact::BirthDateLeak(
                "stderr line 2: the birth date as APDU hex".into(),
            ));
        let text = fail(&c, &evidence(&leaked.events, &accepted));
        assert_eq!(text, "stderr line 2: the birth date as APDU hex");
        assert_eq!(
            text.ja(),
            Some("stderr の 2 行目に、かざしの生年月日が出ていた (APDU の 16 進)")
        );
        let first_use = Tl::new().fact(Fact::HolderAccount(false)).result("refused");
        not_applicable(
            &c,
            &evidence(&first_use.events, &result(Outcome::Refused, &[])),
        );
        not_applicable(
            &c,
            &evidence(&Tl::new().result("accepted").events, &accepted),
        );
    }
}
