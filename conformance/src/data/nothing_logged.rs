//! `DATA-nothing-logged`: no line of the client's log (its stderr) holds a value of the patient,
//! whatever its role (`docs/conformance.md`, "What the app must never do with the patient's
//! data"; `docs/client-protocol.md`, "The client's log"). A log line outlives the visit as a file
//! does (journald, a wrapper's log file, a support bundle sent to a vendor), and the design keeps
//! no eligibility data at the facility (「資格情報の確認に伴うデータ保存・管理のリスクを回避した
//! 仕組み」). A relying party keeps its 確認記録 by law, in its records, never in its log.
//!
//! Only the harness sees the client's stderr: it records each line that held a value
//! ([`Fact::PatientLogged`]) in every run of a client it started, the runs whose folders it
//! searches too (a `kept` step); the check only reads.

use mynakit_protocol::Flow;
use mynakit_timeline::{Fact, LoggedPlace};

use crate::check::{Evidence, Verdict};
use crate::run::{Run, Step};

use super::words;

check! {
    /// `DATA-nothing-logged`: the client writes none of the patient's values to its log.
    NothingLogged {
        id: "DATA-nothing-logged",
        severity: Failed,
        rule: "In a run of a client the harness started (not an app on the client socket), no \
               line of its log on stderr (its first 64 KiB) holds a value of the patient (name, \
               kana name, birth date, insurer and insured numbers, address, 個人番号, \
               certificate serials; a number or a date as a token of its own and at least 6 \
               characters long, a name or an address anywhere in the line) — a relying party's \
               included, whose 確認記録 is kept in its records, not its log. In the myna-kyukyu \
               setting the tablet's log is DATA-ambulance-kept's.",
        rationale: "資格確認限定型 is built so that the facility does not store eligibility data \
                    (「資格情報の確認に伴うデータ保存・管理のリスクを回避した仕組み」). A log line \
                    is kept as a file is — by journald, a wrapper's log file, a support bundle \
                    sent to the vendor — and outlives the visit, readable by whoever reads the \
                    logs; a log is for what the program did, not for whom. The values the \
                    client shows go to the screen (its `result` line), never to its log.",
        reference: "厚生労働省保険局 令和5年11月「オンライン資格確認（資格確認限定型）の導入が始まります」\
                    (令和5年11月時点更新: 資格確認限定型における資格情報の確認・閲覧について); \
                    docs/client-protocol.md#the-clients-log",
        roles: [CardApp, ReceiptComputer, RelyingParty],
        evaluate: nothing_logged,
    }
}

/// The places of the client's log that held a value of the patient, as the harness recorded
/// them.
pub(super) fn places(run: &Run<'_>) -> Vec<LoggedPlace> {
    run.facts()
        .filter_map(|(_, fact)| match fact {
            Fact::PatientLogged(place) => Some(place),
            _ => None,
        })
        .collect()
}

fn nothing_logged(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    // One rule, one place: the tablet's log is DATA-ambulance-kept's.
    if run.care_setting() == Some(Flow::MynaKyukyu) {
        return Verdict::NotApplicable(words::ambulance_log());
    }
    // The harness reads the log of the client it started, whose folders it searches too.
    if !run.steps.iter().any(|s| matches!(s, Step::Kept { .. })) {
        return Verdict::NotApplicable(words::log_not_searched());
    }
    let logged = places(run);
    if logged.is_empty() {
        return Verdict::Pass(words::nothing_logged());
    }
    let places: Vec<&LoggedPlace> = logged.iter().collect();
    Verdict::Fail(words::values_logged(&places))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::Outcome;
    use mynakit_timeline::PatientValueKind as K;

    use super::*;
    use crate::testkit::*;

    fn logged(line: usize, kinds: &[K]) -> Fact {
        Fact::PatientLogged(LoggedPlace {
            line,
            kinds: kinds.to_vec(),
        })
    }

    #[test]
    fn a_line_of_the_log_with_a_patient_s_value_fails_in_any_role() {
        let r = result(Outcome::Eligible, &[]);
        let searched = || Tl::new().result("eligible").kept(Vec::new(), Vec::new());
        let text = pass(&NothingLogged, &evidence(&searched().events, &r));
        assert_eq!(
            text,
            "no line of the client's log (stderr) held a value of the patient"
        );
        let two = searched()
            .client_fact(logged(4, &[K::Name, K::BirthDate]))
            .client_fact(logged(9, &[K::InsuredNumber]));
        let text = fail(&NothingLogged, &evidence(&two.events, &r));
        assert_eq!(
            text,
            "the client wrote the patient's values to its log: stderr line 4: name, birth-date; \
             stderr line 9: insured-number"
        );
        assert_eq!(
            text.ja(),
            Some(
                "クライアントが患者の値をログに書き出した: stderr の 4 行目 (name, birth-date)、\
                 stderr の 9 行目 (insured-number)"
            )
        );
        // A relying party's log too: its 確認記録 is kept in its records.
        let rp = Tl::new()
            .fact(Fact::Revocation(mynakit_timeline::Revocation {
                status: mynakit_protocol::CertStatus::Good,
                faults: Vec::new(),
            }))
            .result("accepted")
            .kept(Vec::new(), Vec::new())
            .client_fact(logged(2, &[K::Name]));
        let accepted = result(Outcome::Accepted, &[]);
        fail(&NothingLogged, &evidence(&rp.events, &accepted));
    }

    #[test]
    fn a_log_not_read_or_the_tablet_s_is_not_this_check_s() {
        let r = result(Outcome::Eligible, &[]);
        // No `kept` step: an app on the client socket, whose log is on its device.
        let socket = Tl::new().result("eligible");
        not_applicable(&NothingLogged, &evidence(&socket.events, &r));
        // The マイナ救急 tablet's log is DATA-ambulance-kept's, even with a line found.
        let tablet = Tl::new()
            .care_setting("myna-kyukyu")
            .result("eligible")
            .kept(Vec::new(), Vec::new())
            .client_fact(logged(3, &[K::Name]));
        let text = not_applicable(&NothingLogged, &evidence(&tablet.events, &r));
        assert!(text.contains("DATA-ambulance-kept"), "{text}");
    }
}
