//! Every date mynakit reads from an argument or a file is a real day or refused as not a day,
//! naming its place: the flag, or the file with its line (docs/rules.md, "Dates"). One reader
//! (`mynakit_protocol::Day`) reads them all, so `2026-02-30` is refused everywhere, and the far
//! ends of the calendar (`0000-01-01`, `9999-12-31`) are days each input takes or refuses by its
//! own range, never a panic. A package's dates are in `certify.rs` (`verify --complete`).
#![allow(clippy::unwrap_used)]

use crate::common;

use std::process::Output;

use common::{mynakit, text};

/// `mynakit` with `args`, in English.
fn said(args: &[&str]) -> Output {
    common::in_english(mynakit().args(args)).output().unwrap()
}

/// The arguments that take a day, each with `DAY` where the day goes.
const DAY_ARGUMENTS: [&[&str]; 8] = [
    &[
        "run",
        "--transport",
        "in-process",
        "--list",
        "--suite",
        "DAY",
    ],
    &["profiles", "pc-card-app-limited", "--suite", "DAY"],
    &["changes", "DAY"],
    &["report", "rejudge", "/nonexistent", "--suite", "DAY"],
    &[
        "run",
        "--transport",
        "in-process",
        "--list",
        "--as-of",
        "DAY",
    ],
    &[
        "run",
        "--transport",
        "in-process",
        "--list",
        "--rules",
        "DAY",
    ],
    &[
        "run",
        "--transport",
        "in-process",
        "--list",
        "--began",
        "kenshin=DAY",
    ],
    &[
        "certify",
        "--profile",
        "pc-card-app-limited",
        "--transport",
        "in-process",
        "--list",
        "--evidence",
        "/nonexistent/pkg",
        "--evidence-key",
        "/nonexistent/key.pem",
        "--suite",
        "DAY",
    ],
];

fn with_day(args: &[&str], day: &str) -> Vec<String> {
    args.iter().map(|a| a.replace("DAY", day)).collect()
}

#[test]
fn every_day_an_argument_gives_is_a_real_day_or_not_a_day_by_its_flag() {
    for args in DAY_ARGUMENTS {
        // What the argument is called in the error: the flag, or `changes` for its DAY.
        let flag = args
            .iter()
            .rev()
            .nth(1)
            .filter(|a| a.starts_with("--"))
            .copied()
            .unwrap_or("changes");
        for bad in [
            "2026-02-30",
            "2026-11-31",
            "2026-13-01",
            " 2026-11-28",
            "2026-11-28x",
        ] {
            let args = with_day(args, bad);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = said(&args);
            let text = text(&out);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {text}");
            assert!(
                text.contains(&format!("`{bad}` is not a day")),
                "{args:?}: {text}"
            );
            assert!(text.contains(flag), "{args:?}: {text}");
        }
        // Year 0 and the last day of the calendar are days: taken, or refused by the input's
        // own range (no suite, no rule set, beyond the days a run moves to), never a panic.
        for far in ["0000-01-01", "9999-12-31"] {
            let args = with_day(args, far);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = said(&args);
            let text = text(&out);
            assert!(matches!(out.status.code(), Some(0..=2)), "{args:?}: {text}");
            assert!(!text.contains("is not a day"), "{args:?}: {text}");
            assert!(!text.contains("panicked"), "{args:?}: {text}");
        }
    }
    // What each far day comes to, where it is a day of the input's range.
    let out = said(&["changes", "9999-12-31", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = said(&["changes", "0000-01-01"]);
    assert!(
        text(&out).contains("there is no suite before 2026-11-22"),
        "{}",
        text(&out)
    );
    let out = said(&[
        "run",
        "--transport",
        "in-process",
        "--list",
        "--as-of",
        "0000-01-01",
    ]);
    assert!(
        text(&out).contains("no rule set was in force on 0000-01-01"),
        "{}",
        text(&out)
    );
    let out = said(&[
        "run",
        "--transport",
        "in-process",
        "--list",
        "--rules",
        "9999-12-31",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // `MYNAKIT_BEGAN` is named as the flag is.
    let out = common::in_english(
        mynakit()
            .args(["run", "--transport", "in-process", "--list"])
            .env("MYNAKIT_BEGAN", "kenshin=2026-02-30"),
    )
    .output()
    .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("MYNAKIT_BEGAN"), "{said}");
    assert!(said.contains("`2026-02-30` is not a day"), "{said}");
}

/// The days of a capabilities file (`suite`, `began`, `rules`), an expected failure's `until`
/// and a price table's `from` are refused naming the file and the line.
#[test]
fn every_day_a_file_gives_is_a_real_day_or_not_a_day_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let run_with = |flag: &str, name: &str, body: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, body).unwrap();
        let out = common::in_english(
            mynakit()
                .args(["run", "--transport", "in-process", "--list", flag])
                .arg(&path),
        )
        .output()
        .unwrap();
        (out.status.code(), text(&out))
    };
    for bad in ["2026-02-30", "0000-00-00", "2026-1-01"] {
        for (key, line) in [
            (format!("suite: \"{bad}\""), 2),
            (format!("began: [\"kenshin={bad}\"]"), 2),
            (format!("rules: [\"{bad}\"]"), 2),
        ] {
            let body = format!("role: card-app\n{key}\n");
            let (code, said) = run_with("--capabilities", "caps.yaml", &body);
            assert_eq!(code, Some(2), "{key}: {said}");
            assert!(
                said.contains(&format!("`{bad}` is not a day")),
                "{key}: {said}"
            );
            assert!(
                said.contains(&format!("caps.yaml:{line}:")),
                "{key}: {said}"
            );
        }
        let body = format!(
            "pin-lockout:\n  - flaky: true\n    reason: the reader drops out\n    until: \"{bad}\"\n"
        );
        let (code, said) = run_with("--expected-failures", "waivers.yaml", &body);
        assert_eq!(code, Some(2), "{said}");
        assert!(said.contains("waivers.yaml"), "{said}");
        assert!(said.contains("pin-lockout"), "{said}");
        assert!(said.contains(&format!("\"{bad}\" is not a day")), "{said}");
        let (code, said) = run_with(
            "--station-prices",
            "prices.tsv",
            &format!("# R8\n550003270\t{bad}\t100\n"),
        );
        assert_eq!(code, Some(2), "{said}");
        assert!(
            said.contains(&format!("prices.tsv:2:11: `{bad}` is not a day")),
            "{said}"
        );
    }
    // The far ends of the calendar are days in each of them.
    for far in ["0000-01-01", "9999-12-31"] {
        for key in [
            format!("suite: \"{far}\""),
            format!("began: [\"kenshin={far}\"]"),
        ] {
            let body = format!("role: card-app\n{key}\n");
            let (code, said) = run_with("--capabilities", "caps.yaml", &body);
            assert!(!said.contains("is not a day"), "{key}: {said}");
            assert!(!said.contains("panicked"), "{key}: {said}");
            assert!(matches!(code, Some(0 | 2)), "{key}: {said}");
        }
        let body = format!(
            "pin-lockout:\n  - flaky: true\n    reason: the reader drops out\n    until: \"{far}\"\n"
        );
        let (code, said) = run_with("--expected-failures", "waivers.yaml", &body);
        assert_eq!(code, Some(0), "{far}: {said}");
    }
}
