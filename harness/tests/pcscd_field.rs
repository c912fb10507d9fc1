//! The reader field failures over a real pcscd with vsmartcard-vpcd, with the reference client
//! as an external command (`mynakit run --transport pcscd --client "mynakit reference-client"`),
//! as a vendor's PC/SC client runs: a reader that takes short APDUs only
//! (`short-apdu-reader`), a card placed late (`card-inserted-late`) and a reader unplugged
//! mid-flow (`reader-unplugged-mid-flow`). The correct client passes all three; each one's
//! seeded defect (`extended-read`, `no-card-wait`, `card-loss-as-cancel`) fails it over PC/SC
//! too, so the scenarios judge a PC/SC client and not only the in-process transport.
//!
//! Needs pcscd and vsmartcard-vpcd (root, or user namespaces): skipped locally without them,
//! but FAILS when `CI` is set.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::{Command, Output};

use common::{all_at_once, mynakit, pcscd_or_skip};

const SCENARIOS: [&str; 3] = [
    "short-apdu-reader",
    "card-inserted-late",
    "reader-unplugged-mid-flow",
];

/// `mynakit run --transport pcscd` of `scenarios` with the reference client, and its
/// `--defect` when given, as an external command; reports into a scratch directory.
fn pcscd_run(scenarios: &[&str], defect: Option<&str>, reports: &std::path::Path) -> Command {
    let program = env!("CARGO_BIN_EXE_mynakit");
    let client = match defect {
        Some(d) => format!("{program} reference-client --defect {d}"),
        None => format!("{program} reference-client"),
    };
    let mut c = mynakit();
    c.args([
        "run",
        "--transport",
        "pcscd",
        "--color",
        "never",
        "--client",
        &client,
    ])
    .arg("--report-dir")
    .arg(reports);
    for id in scenarios {
        c.arg(format!("scenarios/{id}.yaml"));
    }
    c
}

fn text(out: &Output) -> String {
    format!(
        "{}\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The table line of scenario `id`.
fn line_of<'a>(stdout: &'a str, id: &str) -> &'a str {
    stdout
        .lines()
        .find(|l| l.starts_with(&format!("{id} ")))
        .unwrap_or_else(|| panic!("no table line for {id}:\n{stdout}"))
}

#[test]
fn reader_field_failures_judge_a_pcsc_client() {
    if !pcscd_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let defects = [
        ("short-apdu-reader", "extended-read", "card-error"),
        ("card-inserted-late", "no-card-wait", "card-error"),
        (
            "reader-unplugged-mid-flow",
            "card-loss-as-cancel",
            "cancelled",
        ),
    ];
    let mut commands = vec![pcscd_run(&SCENARIOS, None, &dir.path().join("correct"))];
    for (id, defect, _) in defects {
        commands.push(pcscd_run(&[id], Some(defect), &dir.path().join(defect)));
    }
    // Every run has a managed pcscd of its own: they run at once.
    let outputs = all_at_once(commands);

    let correct = &outputs[0];
    assert!(correct.status.success(), "{}", text(correct));
    let stdout = String::from_utf8_lossy(&correct.stdout);
    assert!(
        text(correct).contains("transport: pcscd"),
        "{}",
        text(correct)
    );
    for (id, outcome) in [
        ("short-apdu-reader", "eligible"),
        ("card-inserted-late", "eligible"),
        ("reader-unplugged-mid-flow", "card-error"),
    ] {
        let line = line_of(&stdout, id);
        assert!(
            line.contains("PASSED") && line.contains(outcome),
            "{id}: {line}\n{}",
            text(correct)
        );
    }

    for ((id, defect, outcome), out) in defects.iter().zip(&outputs[1..]) {
        assert_eq!(out.status.code(), Some(1), "{defect}: {}", text(out));
        let stdout = String::from_utf8_lossy(&out.stdout);
        let line = line_of(&stdout, id);
        assert!(
            line.contains("FAILED") && line.contains(outcome),
            "{defect} must fail {id} over PC/SC: {line}\n{}",
            text(out)
        );
    }
    let unplugged = outputs.last().unwrap();
    assert!(
        String::from_utf8_lossy(&unplugged.stdout)
            .contains("FAILED APDU-removal: the card was taken away with its unplugged reader"),
        "{}",
        text(unplugged)
    );
}
