//! The variant matrix: the reference client playing each of its correct variants
//! (`MYNAKIT_VARIANTS`, docs/reference-client.md, "Variants") keeps every bundled scenario's
//! verdict, meets every card fault, and PASSES every check the default client PASSES (none
//! turns NOT-APPLICABLE: a scenario that no longer meets what it judges would pass vacuously).
//! And the `*-at-verify` scenarios meet the VERIFY of a client that selects the PIN's EF again
//! first (trigger `verify-pin`), so a blind second VERIFY after a transport error is caught
//! there. In-process, no daemon; `own-transactions` changes nothing in-process (no PC/SC) and
//! is played over pcscd (`harness/tests/pcscd/own_transactions.rs`, every bundled card
//! scenario; `reader_held.rs`, the held reader). The 医療費助成 asks (`subsidy-asked-first`,
//! `subsidy-asked-again`, which asks again after a lost answer) play the `tag:subsidy` runs,
//! two of them under a network loss (issue 109). The claim-file styles change
//! only the runs of `tag:claim-file` and play those (the months of many patients in each
//! style: `claim_months.rs`); `status-by-ocsp` changes only a relying party's 現況確認 and plays
//! the bundled `relying-party-status-check*` scenarios, the faulted ones too (issue 90: a
//! variant plays only the runs it can change); `ocsp-and-crl` changes only a relying party's
//! verification of a card's certificate and plays the bundled `tag:relying-party` scenarios,
//! where it refuses on a stale CRL or a CRL that lists the certificate, as `outcome_or` allows,
//! and the scenario's required check is SKIPPED, not FAILED (issue 102); `strict-clock`, a
//! relying party that allows no clock difference against `MYNAKIT_CLOCK`, plays them too.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::bundled_run::{
    assert_keeps_verdict, assert_keeps_verdict_but, default_verdicts, verdicts_of,
};

/// The scenarios a claim-file style (`Variant::claim_file_only`) can change: every other run
/// plays as the default's.
const CLAIM_FILE: &str = "tag:claim-file";
/// The scenarios a 医療費助成 variant (`Variant::subsidy_only`) is judged on: it asks the patient
/// about their 医療費助成 before every check (one more `consent` ask), which only the runs of
/// flow `subsidy` judge, a lost answer among them (`subsidy-*-network-loss`).
const SUBSIDY: &str = "tag:subsidy";
/// The scenarios a 現況確認 variant (`Variant::status_check_only`) can change, by the id every
/// bundled one of flow `status-check` starts with.
const STATUS_CHECK: &str = "relying-party-status-check";
/// The bundled 現況確認 whose fault (`expired` alone) untrusts only OCSP: a variant that asks
/// OCSP has no answer to trust there and rightly suspends every account, so the checks that
/// judge an account on a trusted answer ([`ON_TRUSTED_ANSWERS`]) have nothing to judge for it,
/// where the default client reads a sound CRL (docs/relying-party.md, "Under revocation
/// faults"); `under_expired_ocsp_answers_alone_…` proves what each decides.
const OCSP_FAULTED_ALONE: &str = "relying-party-status-check-ocsp-expired-only";
/// The checks that judge a 現況確認's account only on an answer the client could trust.
const ON_TRUSTED_ANSWERS: &[&str] = &[
    "RP-status-reason-mapped",
    "RP-renewed-same-person",
    "RP-unlinked-no-user",
];
/// The scenarios a relying party's variant (`Variant::relying_party_only`) can change: those
/// of role `relying-party` (`ocsp-and-crl` changes none of the 現況確認s, which verify no card's
/// certificate, and keeps their verdicts there too).
const RELYING_PARTY: &str = "tag:relying-party";
/// The bundled runs where `ocsp-and-crl` rightly refuses what the default accepts (an outcome
/// their `outcome_or` allows): a stale CRL beside a good OCSP answer, and a CRL that lists the
/// certificate OCSP first answered good for. The checks that judge an acceptance (and the
/// scenario's required one, SKIPPED for the outcome the scenario allows) have nothing to judge
/// there.
const REFUSED_BY_BOTH_WAYS: &[&str] = &[
    "relying-party-crl-stale",
    "relying-party-identity-later-revoked",
];
/// The bundled run where `ocsp-and-crl` refuses as the default does, but with a sound CRL read
/// beside the OCSP answer made for another request: the default's refusal rests on no answer
/// to trust, which `RP-accepted-on-good-answer` PASSES; the variant's on a doubt beside a
/// trusted CRL, which leaves it nothing to judge, SKIPPED as the scenario allows both outcomes.
const REFUSED_BESIDE_A_SOUND_CRL: &[&str] = &["relying-party-ocsp-other-request"];
/// The checks that judge a 身元確認 only when it ends `accepted`.
const ON_ACCEPTANCE: &[&str] = &[
    "RP-accepted-on-good-answer",
    "RP-fields-from-certificate",
    "RP-signature-verified",
    "RP-answered-before-accepted",
    "RP-signature-digest-strong",
    "RP-chain-to-test-ca",
    "RP-revoked-answer-refused",
];
use mynakit_reference_client::{Variant, VARIANTS};
use serde_json::Value;

#[test]
fn every_variant_keeps_every_verdict_and_meets_every_fault() {
    let variants: Vec<Variant> = Variant::ALL
        .into_iter()
        .filter(|v| *v != Variant::OwnTransactions)
        .collect();
    // The runs side by side: each mostly waits on its scenarios' clocks and clients.
    let (default, runs) = std::thread::scope(|scope| {
        let runs: Vec<_> = variants
            .iter()
            .map(|v| {
                let filter: &[&str] = if v.claim_file_only() {
                    &[CLAIM_FILE]
                } else if v.subsidy_only() {
                    &[SUBSIDY]
                } else if v.status_check_only() {
                    &[STATUS_CHECK]
                } else if v.relying_party_only() {
                    &[RELYING_PARTY]
                } else {
                    &[]
                };
                (
                    *v,
                    scope.spawn(move || verdicts_of(&[(VARIANTS, v.name())], filter)),
                )
            })
            .collect();
        let default = default_verdicts();
        let runs: Vec<_> = runs
            .into_iter()
            .map(|(v, run)| (v, run.join().unwrap()))
            .collect();
        (default, runs)
    });
    assert!(default.len() > 200, "{}", default.len());
    for (variant, got) in &runs {
        let name = variant.name();
        if variant.claim_file_only() {
            assert!(got.len() >= 20, "{name}: {}", got.len());
        } else if variant.subsidy_only() {
            // The card app's `subsidy-*` runs, two of them with a lost answer, beside the
            // レセコン's (which it leaves as they were).
            assert!(got.len() >= 29, "{name}: {}", got.len());
            assert!(got.contains_key("subsidy-child-network-loss"), "{name}");
        } else if variant.status_check_only() {
            let status_checks = default.keys().filter(|id| id.starts_with(STATUS_CHECK));
            assert_eq!(got.len(), status_checks.count(), "{name}");
            assert!(got.len() >= 8, "{name}: {}", got.len());
        } else if variant.relying_party_only() {
            assert!(got.len() >= 46, "{name}: {}", got.len());
            assert!(got.keys().all(|id| id.starts_with("relying-party")));
        } else {
            assert_eq!(got.len(), default.len(), "{name}");
        }
        for (id, v) in got {
            if *variant == Variant::StatusByOcsp && id == OCSP_FAULTED_ALONE {
                assert_keeps_verdict_but(name, id, v, &default[id], ON_TRUSTED_ANSWERS);
            } else if *variant == Variant::OcspAndCrl
                && (REFUSED_BY_BOTH_WAYS.contains(&id.as_str())
                    || REFUSED_BESIDE_A_SOUND_CRL.contains(&id.as_str()))
            {
                assert_keeps_verdict_but(name, id, v, &default[id], ON_ACCEPTANCE);
            } else {
                assert_keeps_verdict(name, id, v, &default[id]);
            }
        }
    }
}

/// `reselect-every-step` selects EF 0018 again after the PIN's answer: `verify-pin` still
/// meets the VERIFY, and `blind-verify-retry` (the same VERIFY sent again after the transport
/// error, with no empty VERIFY first) FAILS `reader-transport-error-at-verify`; keyed to the
/// first command after the answer (`{operator: {ask: pin}}`, the trigger before 2026-11-27),
/// the fault met the SELECT and the defect passed.
#[test]
fn a_blind_second_verify_is_caught_after_a_select_again() {
    let dir = tempfile::tempdir().unwrap();
    let bundled = std::fs::read_to_string(
        common::repo().join("scenarios/reader-transport-error-at-verify.yaml"),
    )
    .unwrap();
    let old = bundled
        .replace("when: verify-pin", "when: { operator: { ask: pin } }")
        .replace(
            "id: reader-transport-error-at-verify",
            "id: transport-error-after-the-pin",
        );
    assert_ne!(old, bundled);
    let old_file = dir.path().join("transport-error-after-the-pin.yaml");
    std::fs::write(&old_file, old).unwrap();
    let bundled_file = common::repo().join("scenarios/reader-transport-error-at-verify.yaml");
    for (file, defect, passes) in [
        (&bundled_file, None, true),
        (&bundled_file, Some("blind-verify-retry"), false),
        (&old_file, Some("blind-verify-retry"), true),
    ] {
        let reports = dir.path().join(format!("{passes}-{}", defect.is_some()));
        let mut run = common::mynakit();
        run.args(["run", "--transport", "in-process", "--color", "never"])
            .arg(file)
            .arg("--report-dir")
            .arg(&reports)
            .env(VARIANTS, Variant::ReselectEveryStep.name());
        if let Some(defect) = defect {
            run.args(["--defect", defect]);
        }
        let said = common::text(&run.output().unwrap());
        if passes {
            assert!(said.contains("1 PASSED"), "{file:?} {defect:?}: {said}");
        } else {
            assert!(said.contains("FAILED"), "{said}");
            assert!(said.contains("APDU-transport-error-honest"), "{said}");
        }
    }
}

/// Under a stale CRL alone (`relying-party-status-check-crl-stale-only`), the default client,
/// which reads the CRL, suspends every account and `status-by-ocsp`, which asks a sound OCSP
/// responder, decides each by the table: both PASS, with different decisions, each judged on
/// the answers it could trust (docs/relying-party.md, "Under revocation faults"). And the
/// mapping is judged for the OCSP asker: `relying-status-keeps-held` FAILS
/// `RP-status-reason-mapped` there, as the same defect of the CRL reader, which had nothing
/// to map, does not; `relying-status-reason-ignored`, which suspends every revoked account,
/// passes it there: suspending is right for any account under a fault.
#[test]
fn under_a_stale_crl_alone_the_crl_reader_and_the_ocsp_asker_both_pass_differently() {
    one_way_faulted("relying-party-status-check-crl-stale-only", Asker::Ocsp);
}

/// The mirror (`relying-party-status-check-ocsp-expired-only`): under expired OCSP answers
/// alone the CRL is sound, so the default client decides each account by the table and
/// `status-by-ocsp` suspends every one; both PASS, and `relying-status-keeps-held` FAILS
/// `RP-status-reason-mapped` for the CRL reader, not for the OCSP asker.
#[test]
fn under_expired_ocsp_answers_alone_the_crl_reader_and_the_ocsp_asker_both_pass_differently() {
    one_way_faulted("relying-party-status-check-ocsp-expired-only", Asker::Crl);
}

/// Which way of asking a one-way fault leaves sound in a 現況確認.
#[derive(Clone, Copy, PartialEq)]
enum Asker {
    /// The default client, which reads the CRL.
    Crl,
    /// The variant `status-by-ocsp`.
    Ocsp,
}

impl Asker {
    fn other(self) -> Asker {
        match self {
            Asker::Crl => Asker::Ocsp,
            Asker::Ocsp => Asker::Crl,
        }
    }
}

/// Plays the bundled 現況確認 `id`, whose accounts are those of
/// `relying-party-status-check-reasons` under a fault that untrusts one way only, with the
/// default client and with `status-by-ocsp`: both PASS; the one whose way is `sound` decides
/// by the table and is judged on the mapping (`relying-status-keeps-held` FAILS it;
/// `relying-status-reason-ignored`, which suspends every revoked account, passes: suspending is
/// right for any account under a fault), the other suspends every account and has nothing to
/// map.
fn one_way_faulted(id: &str, sound: Asker) {
    let scenario = common::repo().join(format!("scenarios/{id}.yaml"));
    let dir = tempfile::tempdir().unwrap();
    let run = |asker: Asker, defect: Option<&str>| {
        let reports = dir.path().join(format!(
            "{}-{}",
            asker == Asker::Ocsp,
            defect.unwrap_or("none")
        ));
        let mut run = common::mynakit();
        run.args(["run", "--transport", "in-process", "--color", "never"])
            .arg(&scenario)
            .arg("--report-dir")
            .arg(&reports);
        if asker == Asker::Ocsp {
            run.env(VARIANTS, Variant::StatusByOcsp.name());
        }
        if let Some(defect) = defect {
            run.args(["--defect", defect]);
        }
        let said = common::text(&run.output().unwrap());
        let report = std::fs::read_to_string(reports.join("report.json"))
            .unwrap_or_else(|e| panic!("{e}: {said}"));
        let report: Value = common::report_json_text(&report);
        report["scenarios"][0].clone()
    };
    let level = |s: &Value, check: &str| {
        s["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == check)
            .map(|c| c["level"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let decisions = |s: &Value| {
        let fields = s["result"]["fields"].as_object().unwrap();
        fields
            .iter()
            .filter(|(k, _)| k.starts_with("Decision."))
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let faulted_way = sound.other();
    let deciding = run(sound, None);
    let suspending = run(faulted_way, None);
    assert_eq!(deciding["level"], "PASSED", "{deciding}");
    assert_eq!(suspending["level"], "PASSED", "{suspending}");
    let (by_table, suspended) = (decisions(&deciding), decisions(&suspending));
    assert_eq!(suspended.len(), 8, "{suspended:?}");
    assert!(suspended.values().all(|d| d == "suspend"), "{suspended:?}");
    assert_eq!(by_table["Decision.05f5e4f3"], "keep");
    assert_eq!(by_table["Decision.05f5ed45"], "unlink");
    assert_eq!(by_table["Decision.05f5ed4f"], "hold");
    assert_eq!(level(&suspending, "RP-status-reason-mapped"), "SKIPPED");
    assert_eq!(level(&deciding, "RP-status-reason-mapped"), "PASSED");
    let keeps_held = "relying-status-keeps-held";
    let deciding_keeping = run(sound, Some(keeps_held));
    assert_eq!(
        level(&deciding_keeping, "RP-status-reason-mapped"),
        "FAILED"
    );
    assert_eq!(run(faulted_way, Some(keeps_held))["level"], "PASSED");
    let deciding_suspending = run(sound, Some("relying-status-reason-ignored"));
    assert_eq!(
        level(&deciding_suspending, "RP-status-reason-mapped"),
        "PASSED"
    );
}

/// `ocsp-and-crl`, a stricter correct server, refuses under a stale CRL beside a good OCSP
/// answer (`relying-party-crl-stale`) and where the CRL lists the certificate OCSP first answered
/// good for (`relying-party-identity-later-revoked`): both allow `refused` (`outcome_or`), so
/// each PASSES with its `expect.outcome` PASSED as an allowed outcome. Under the stale CRL the
/// check the scenario requires, `RP-accepted-on-good-answer`, has no acceptance to judge: it is
/// SKIPPED for that reason in English and Japanese (docs/conformance.md, "Severity and result
/// levels"), never FAILED; told revoked, the refusal is what `RP-revoked-answer-refused` judges,
/// and it PASSES.
#[test]
fn a_stricter_server_that_refuses_as_outcome_or_allows_passes() {
    let dir = tempfile::tempdir().unwrap();
    for (id, required, level) in [
        (
            "relying-party-crl-stale",
            "RP-accepted-on-good-answer",
            "SKIPPED",
        ),
        (
            "relying-party-identity-later-revoked",
            "RP-revoked-answer-refused",
            "PASSED",
        ),
    ] {
        let reports = dir.path().join(id);
        let out = common::mynakit()
            .args(["run", "--transport", "in-process", "--color", "never"])
            .arg(common::repo().join(format!("scenarios/{id}.yaml")))
            .arg("--report-dir")
            .arg(&reports)
            .env(VARIANTS, Variant::OcspAndCrl.name())
            .output()
            .unwrap();
        let said = common::text(&out);
        let report = std::fs::read_to_string(reports.join("report.json"))
            .unwrap_or_else(|e| panic!("{e}: {said}"));
        let report: Value = common::report_json_text(&report);
        let s = &report["scenarios"][0];
        assert_eq!(s["level"], "PASSED", "{id}: {s}");
        assert_eq!(s["result"]["outcome"], "refused", "{id}: {s}");
        let finding = s["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == required)
            .unwrap();
        assert_eq!(finding["level"], level, "{id}: {finding}");
        if level != "SKIPPED" {
            continue;
        }
        let reason = finding["reason"].as_str().unwrap();
        assert!(
            reason.starts_with(mynakit_conformance::REQUIRED_NOT_APPLIED)
                && reason.contains("the client chose `refused`, which the scenario allows"),
            "{id}: {reason}"
        );
        assert!(
            finding["reason_ja"]
                .as_str()
                .unwrap()
                .contains("シナリオの許す `refused` を選んだ"),
            "{id}: {finding}"
        );
    }
}
