//! The レセコン role against the real 資格確認端末 emulation (`mynakit-terminal`) on a temporary
//! folder: a single check through `req`/`res` (UTF-8 and Shift_JIS answers, the default
//! timings), and face pushes (UTF-8, and Shift_JIS in the `PharmaceuticalInfo*` profile).

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

mod common;

use std::path::{Path, PathBuf};

use common::*;
use mynakit_fixtures::Fixtures;
use mynakit_protocol::{InsuranceCardData, Mode, Outcome};
use mynakit_reference_client::{ClientEnv, Defects};
use mynakit_terminal::encoding::ResultEncoding;
use mynakit_terminal::{ConfirmationMode, FaceOptions, RunningTerminal, Terminal, TerminalData};

/// Terminal data with `encoding` and `pickup_delay_ms`, polling fast.
fn terminal_data(encoding: ResultEncoding, pickup_delay_ms: u64) -> TerminalData {
    TerminalData {
        pickup_delay_ms,
        poll_interval_ms: 20,
        encoding,
        ..TerminalData::default()
    }
}

/// The terminal emulation on `root` with `data` and the bundled personas, silent.
fn start_terminal(root: &Path, data: TerminalData) -> RunningTerminal {
    Terminal::new(root, data, Fixtures::bundled().personas().unwrap(), None)
        .with_log(std::sync::Arc::new(|_: &str| {}))
        .start()
        .unwrap()
}

fn terminal(root: &Path, encoding: ResultEncoding, pickup_delay_ms: u64) -> RunningTerminal {
    start_terminal(root, terminal_data(encoding, pickup_delay_ms))
}

fn terminal_env(root: &Path) -> ClientEnv {
    let mut env = env(None);
    env.terminal_dir = Some(root.to_owned());
    env
}

/// The client's check through the terminal on `root`, answering as `script` says.
fn check_at_terminal(root: &Path, script: Script) -> Run {
    drive(&terminal_env(root), None, script, &Defects::none())
}

/// A single check through the terminal on `root` of the insurance card `card`.
fn check_insurance_card(root: &Path, card: InsuranceCardData) -> Run {
    check_at_terminal(root, Script::new(Mode::InsuranceCard).insurance_card(card))
}

/// Where the terminal on `root` answers the client's first single check.
fn first_single_result(root: &Path) -> PathBuf {
    root.join("res").join("OQSsiquc01res_202611010001.xml")
}

fn card(insurer: &str, symbol: &str, number: &str, branch: &str, birth: &str) -> InsuranceCardData {
    InsuranceCardData {
        insurer_number: insurer.into(),
        insured_card_symbol: symbol.into(),
        insured_identification_number: number.into(),
        insured_branch_number: branch.into(),
        birthdate: birth.into(),
        reference_number: None,
    }
}

#[test]
fn a_single_check_of_a_lost_qualification_is_ineligible() {
    let dir = tempfile::tempdir().unwrap();
    let running = terminal(dir.path(), ResultEncoding::Utf8, 100);
    let run = check_insurance_card(dir.path(), card("06139984", "2002", "77", "00", "19900707"));
    running.stop();
    assert_eq!(run.outcome, Outcome::Ineligible, "{run:#?}");
    assert_eq!(run.field("QualificationValidity"), Some("2"));
    assert_eq!(run.field("DisqualificationDate"), Some("20261001"));
    assert!(first_single_result(dir.path()).exists());
}

#[test]
fn a_shift_jis_answer_is_decoded_by_its_declaration() {
    let dir = tempfile::tempdir().unwrap();
    let running = terminal(dir.path(), ResultEncoding::ShiftJis, 0);
    let run = check_insurance_card(
        dir.path(),
        card("06139992", "1001", "2345", "00", "19850412"),
    );
    running.stop();
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
    assert_eq!(run.field("Name"), Some("試験　太郎"));
    assert_eq!(run.field("NameKana"), Some("ｼｹﾝ ﾀﾛｳ"));
    assert_eq!(run.field("InsurerNumber"), Some("06139992"));
}

#[test]
fn a_six_digit_insurer_is_padded_to_eight_characters() {
    let dir = tempfile::tempdir().unwrap();
    let running = terminal(dir.path(), ResultEncoding::Utf8, 0);
    let run = check_insurance_card(
        dir.path(),
        card("139998", "試験市", "123456", "00", "19700707"),
    );
    running.stop();
    // Nobody has this card in the default data (4), but the request was read as sent: the
    // result echoes the search.
    assert_eq!(run.outcome, Outcome::Ineligible, "{run:#?}");
    let result = std::fs::read_to_string(first_single_result(dir.path())).unwrap();
    assert!(
        result.contains("<InsurerNumber>  139998</InsurerNumber>"),
        "{result}"
    );
    assert!(
        result.contains("<SegmentOfResult>1</SegmentOfResult>"),
        "{result}"
    );
}

#[test]
fn a_face_push_is_taken_once() {
    let dir = tempfile::tempdir().unwrap();
    let running = terminal(dir.path(), ResultEncoding::Utf8, 0);
    let pushed = running
        .terminal()
        .confirm_at_face_reader("employee", ConfirmationMode::Face, &FaceOptions::default())
        .unwrap();
    let run = check_at_terminal(dir.path(), Script::new(Mode::Face));
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
    assert_eq!(run.field("QualificationValidity"), Some("1"));
    assert_eq!(run.field("InsurerNumber"), Some("06139992"));
    assert!(run.field("Name").is_some() && run.field("Birthdate").is_some());
    assert!(!pushed.exists(), "moved out of face");
    let name = pushed.file_name().unwrap();
    assert!(dir.path().join("face").join("done").join(name).exists());

    // Nothing new in `face`: the next patient waits (and here gives up) instead of re-reading.
    let mut env = terminal_env(dir.path());
    env.timings.terminal_wait = std::time::Duration::from_millis(300);
    let run = drive(&env, None, Script::new(Mode::Face), &Defects::none());
    running.stop();
    assert_eq!(run.outcome, Outcome::ServiceError, "{run:#?}");
}

#[test]
fn a_shift_jis_face_push_in_the_pharmaceutical_profile_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let data = TerminalData {
        profile: mynakit_terminal::data::ElementProfile::PharmaceuticalInfo,
        ..terminal_data(ResultEncoding::ShiftJis, 0)
    };
    let running = start_terminal(dir.path(), data);
    running
        .terminal()
        .confirm_at_face_reader(
            "employee",
            ConfirmationMode::Face,
            &FaceOptions {
                limit_consent: false,
                medical_information_consent: true,
                prescription: Some(mynakit_terminal::PrescriptionIssue::Electronic),
                decline_subsidies: false,
            },
        )
        .unwrap();
    let run = check_at_terminal(dir.path(), Script::new(Mode::Face));
    running.stop();
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
    assert_eq!(run.field("Name"), Some("試験　太郎"));
    assert_eq!(run.field("QualificationValidity"), Some("1"));
}

#[test]
fn the_default_timings_are_within_the_client_s_patience() {
    // What `mynakit terminal` runs with: pickup 1 s, settle 1 s.
    let dir = tempfile::tempdir().unwrap();
    let running = start_terminal(dir.path(), TerminalData::example().unwrap());
    let run = check_insurance_card(
        dir.path(),
        card("139998", "試験市", "123456", "00", "19700707"),
    );
    running.stop();
    // The example's 国保 member, found through the padded insurer number.
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
    assert_eq!(run.field("InsurerNumber"), Some("  139998"));
}
