//! `SVC-ambulance-unread`: at マイナ救急 (`docs/emergency.md`, "The tablet's flow", step 2) a
//! patient who refuses is not viewed and their card is not read: the team ask first, by word,
//! and read the card only after a yes (「救急隊員が医療情報を閲覧してよいかお聞きし、傷病者の同意を
//! 得た上でマイナ救急を実施します」). The check judges only runs in which the patient refused: a
//! tablet that reads the card before asking is judged by what it read there, and in every other
//! run the order of the read and the asks is not this check's.

use mynakit_protocol::{ClientMessage, ConsentTopic, Flow, HarnessMessage};

use crate::check::{Evidence, Verdict};
use crate::run::{answers, Run};

use super::words::ambulance_unread as words;

check! {
    /// `SVC-ambulance-unread`: nothing of a refusing patient's card is read.
    AmbulanceUnread {
        id: "SVC-ambulance-unread",
        severity: Failed,
        rule: "In the myna-kyukyu setting, when the patient refused (the consent ask \
               medical-information answered no, the last answer to it in the run), no command \
               that reads the card's data (READ BINARY, READ RECORD, GET DATA) reaches the card \
               in the run, before the refusal or after it. A SELECT or a look at whether a card \
               is in the reader is not a read. Runs where the patient consented or could not \
               consent are not this check's.",
        rationale: "マイナ救急 rests on the patient's consent, asked by word before the card is \
                    used (「医療情報を閲覧してよいかお聞きし、傷病者の同意を得た上でマイナ救急を\
                    実施します」). A tablet that reads the card of a conscious patient who then \
                    refuses has taken their identity (the 利用者証明用 certificate names them) \
                    from a card they did not agree to have read.",
        reference: "銚子市消防本部「マイナ救急」 (city.choshi.chiba.jp shobo/page1701_00030: \
                    「救急隊員が医療情報を閲覧してよいかお聞きし、傷病者の同意を得た上でマイナ救急を\
                    実施します」); 総務省消防庁「救急業務のあり方に関する検討会」令和6年度第1回 \
                    (2024-06-21) 資料1 (「口頭による同意取得を可能とする」); docs/emergency.md",
        roles: [CardApp],
        evaluate: ambulance_unread,
    }
}

/// The patient's last answer to a `medical-information` consent ask in the run.
fn last_consent(run: &Run<'_>) -> Option<bool> {
    answers(run)
        .iter()
        .rev()
        .find_map(|(_, _, ask, reply)| match (ask, reply) {
            (
                Some(ClientMessage::Consent {
                    topic: ConsentTopic::MedicalInformation,
                    ..
                }),
                HarnessMessage::Consent { granted, .. },
            ) => Some(*granted),
            _ => None,
        })
}

fn ambulance_unread(_: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.care_setting() != Some(Flow::MynaKyukyu) {
        return Verdict::NotApplicable(words::not_ambulance());
    }
    if last_consent(run) != Some(false) {
        return Verdict::NotApplicable(words::no_refusal());
    }
    match run.apdus().find(|a| a.reads_data()) {
        Some(read) => Verdict::Fail(words::read_after_all(read)),
        None => Verdict::Pass(words::card_unread()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    /// The tablet's timeline: the team say the patient can consent, the patient answers
    /// `granted`; `apdus` go to the card first.
    fn asked(apdus: &[&str], granted: bool) -> Tl {
        asked_in(Tl::new().care_setting("myna-kyukyu"), apdus, granted)
    }

    fn asked_in(mut tl: Tl, apdus: &[&str], granted: bool) -> Tl {
        for command in apdus {
            tl = tl.apdu(command, "9000");
        }
        tl.client(r#"{"type":"confirm","id":"a1","topic":"patient-can-consent"}"#)
            .operator(r#"{"type":"confirm","id":"a1","yes":true}"#)
            .client(r#"{"type":"consent","id":"a2","topic":"medical-information"}"#)
            .operator(&format!(
                r#"{{"type":"consent","id":"a2","granted":{granted}}}"#
            ))
    }

    const SELECT: &str = "00A4040C0AD392F000260100000001";
    const READ: &str = "00B0000000";

    #[test]
    fn a_refusing_patients_card_is_not_read() {
        let c = AmbulanceUnread;
        let r = result(Outcome::Cancelled, &[]);
        // Asked first, refused, the card never read: passed.
        let refused = asked(&[], false).result("cancelled");
        let text = pass(&c, &evidence(&refused.events, &r));
        assert!(text.ja().is_some(), "{text}");
        // The certificate read before the patient was asked: failed, naming the READ BINARY.
        let read_first = asked(&[SELECT, READ], false).result("cancelled");
        let text = fail(&c, &evidence(&read_first.events, &r));
        assert!(
            text.contains("APDU 2") && text.contains("READ BINARY"),
            "{text}"
        );
        assert!(text.ja().unwrap().contains("READ BINARY"), "{text}");
        // A SELECT alone is not a read.
        let selected = asked(&[SELECT], false).result("cancelled");
        pass(&c, &evidence(&selected.events, &r));
        // The card read before a patient who consented: not this check's.
        let consented = asked(&[SELECT, READ], true).result("eligible");
        not_applicable(
            &c,
            &evidence(&consented.events, &result(Outcome::Eligible, &[])),
        );
        // Elsewhere, not this check's either.
        let counter = asked_in(Tl::new(), &[READ], false).result("cancelled");
        not_applicable(&c, &evidence(&counter.events, &r));
    }
}
