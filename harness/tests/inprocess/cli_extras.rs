//! Shell completions (`mynakit completions SHELL`) and `--color auto|always|never` with
//! NO_COLOR, as a user's shell, a terminal and a CI log see them.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::mynakit;

fn stdout(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String) {
    let mut c = mynakit();
    c.args(args).env_remove("NO_COLOR");
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn completions_cover_the_subcommands_and_flags_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _mynakit"),
        ("zsh", "#compdef mynakit"),
        ("fish", "complete -c mynakit"),
    ] {
        let (code, script) = stdout(&["completions", shell], &[]);
        assert_eq!(code, Some(0), "{shell}");
        assert!(script.contains(marker), "{shell}: {script}");
        for word in ["run", "scenario", "rerun-failed", "shard", "merge", "color"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    let (code, _) = stdout(&["completions", "tcsh"], &[]);
    assert_eq!(code, Some(2));
}

/// `mynakit man` prints mynakit.1; `--dir` writes a page per subcommand, each holding every
/// flag its `--help` lists (both come from one clap definition), and refuses a symlink.
#[test]
fn manual_pages_cover_every_subcommand_and_flag() {
    let (code, page) = stdout(&["man"], &[]);
    assert_eq!(code, Some(0));
    assert!(page.contains(".TH mynakit 1"), "{page}");
    let dir = tempfile::tempdir().unwrap();
    let man = dir.path().join("man1");
    let (code, said) = stdout(&["man", "--dir", man.to_str().unwrap()], &[]);
    assert_eq!(code, Some(0), "{said}");
    for (sub, words) in [
        ("run", &["run"][..]),
        ("scenario-check", &["scenario", "check"]),
    ] {
        let page = std::fs::read_to_string(man.join(format!("mynakit-{sub}.1"))).unwrap();
        let (_, help) = stdout(&[words, &["--help"]].concat(), &[]);
        let flags: Vec<&str> = help
            .split_whitespace()
            .filter(|w| w.starts_with("--") && w.len() > 2)
            .map(|w| w.trim_end_matches(|c: char| !c.is_ascii_alphanumeric()))
            .collect();
        assert!(flags.len() > 1, "{help}");
        for flag in flags {
            // roff writes `-` as `\-`.
            assert!(
                page.contains(&flag.replace('-', "\\-")),
                "mynakit-{sub}.1 lacks {flag}"
            );
        }
    }
    let count = std::fs::read_dir(&man).unwrap().count();
    assert!(said.contains(&format!("{count} manual pages")), "{said}");
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&man, &link).unwrap();
    let (code, _) = stdout(&["man", "--dir", link.to_str().unwrap()], &[]);
    assert_eq!(code, Some(2), "a symlinked folder is refused");
}

#[test]
fn verdicts_are_coloured_only_when_asked_or_on_a_terminal() {
    let run = [
        "run",
        "--transport",
        "in-process",
        "--filter",
        "visual-mode",
        "--report-dir",
    ];
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path().to_str().unwrap();
    let green = "\u{1b}[32m";
    let with = |extra: &[&str], env: &[(&str, &str)]| {
        let (code, out) = stdout(&[&run[..], &[dir], extra].concat(), env);
        assert_eq!(code, Some(0), "{out}");
        out
    };
    // Into a pipe, `auto` (the default) does not colour.
    assert!(!with(&[], &[]).contains('\u{1b}'));
    let always = with(&["--color", "always"], &[]);
    assert!(
        always
            .lines()
            .any(|l| l.starts_with("visual-mode") && l.contains(&format!("{green}PASSED"))),
        "{always}"
    );
    // An explicit `always` wins over NO_COLOR; `never` never colours.
    assert!(with(&["--color", "always"], &[("NO_COLOR", "1")]).contains(green));
    assert!(!with(&["--color", "never"], &[]).contains('\u{1b}'));

    // On a terminal (stdout a pseudo-terminal), `auto` colours, unless NO_COLOR or TERM=dumb.
    let on_terminal = |extra: &[&str], env: &[(&str, &str)]| {
        let (code, out) = on_a_terminal(&[&run[..], &[dir], extra].concat(), env);
        assert_eq!(code, Some(0), "{out}");
        out
    };
    let auto = on_terminal(&[], &[("TERM", "xterm")]);
    assert!(
        auto.lines()
            .any(|l| l.starts_with("visual-mode") && l.contains(&format!("{green}PASSED"))),
        "{auto}"
    );
    for env in [
        [("TERM", "xterm"), ("NO_COLOR", "1")],
        [("TERM", "dumb"), ("NO_COLOR", "")],
    ] {
        let out = on_terminal(&[], &env);
        assert!(
            out.contains("PASSED") && !out.contains('\u{1b}'),
            "{env:?}: {out}"
        );
    }
    let never = on_terminal(&["--color", "never"], &[("TERM", "xterm")]);
    assert!(
        never.contains("PASSED") && !never.contains('\u{1b}'),
        "{never}"
    );
}

/// `mynakit ARGS` with its stdout on a new pseudo-terminal (stdin and stderr not): the exit
/// code and everything written to the terminal.
fn on_a_terminal(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String) {
    use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let name = ptsname(&master, Vec::new()).unwrap();
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(name.to_str().unwrap())
        .unwrap();
    let mut c = mynakit();
    c.args(args)
        .env_remove("NO_COLOR")
        .stdin(std::process::Stdio::null())
        .stdout(slave)
        .stderr(std::process::Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    let mut child = c.spawn().unwrap();
    // The parent's copy of the terminal's other end went to the child with the Command: once the
    // child exits, reading the master ends (EIO).
    drop(c);
    let mut master = std::fs::File::from(master);
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match std::io::Read::read(&mut master, &mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.raw_os_error() == Some(rustix::io::Errno::IO.raw_os_error()) => break,
            Err(e) => panic!("reading the terminal: {e}"),
        }
    }
    let status = child.wait().unwrap();
    (status.code(), String::from_utf8_lossy(&out).into_owned())
}

/// `mynakit run 2>&1 | head`: stdout and stderr closed before the run ends. The run goes on,
/// judges as usual and writes its reports; it neither panics nor lets a log line take the
/// in-process 資格確認端末 down (terminal-center-outage failed that way once).
#[test]
fn a_run_with_closed_stdout_and_stderr_still_judges_and_reports() {
    let reports = tempfile::tempdir().unwrap();
    let mut child = mynakit()
        .args(["run", "--transport", "in-process", "--report-dir"])
        .arg(reports.path())
        .args([
            "scenarios/terminal-center-outage.yaml",
            "scenarios/visual-mode.yaml",
        ])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "the run must pass and exit 0");
    let json = std::fs::read_to_string(reports.path().join("report.json")).unwrap();
    assert!(json.contains("terminal-center-outage"), "report written");
}

/// `--help` under `--lang ja` (and a Japanese locale) is in Japanese where Japanese exists: the
/// top-level command with its subcommands, and `run` with its groups and flags; the same
/// command lines parse as before, and English stays clap's own.
#[test]
fn help_is_in_japanese_under_lang_ja() {
    let (code, top) = stdout(&["--lang", "ja", "--help"], &[]);
    assert_eq!(code, Some(0), "{top}");
    for said in [
        "使い方: mynakit",
        "コマンド:",
        "オプション:",
        "オンライン資格確認のクライアントを試験し",
        "シナリオをクライアントに対して実行し判定します",
        "ヘルプを表示します",
    ] {
        assert!(top.contains(said), "{said:?} not in\n{top}");
    }
    assert!(
        !top.contains("Usage:") && !top.contains("Commands:"),
        "{top}"
    );
    let (code, run) = stdout(&["run", "--help", "--lang", "ja"], &[]);
    assert_eq!(code, Some(0), "{run}");
    for said in [
        "試験するクライアント:",
        "シナリオの選択:",
        "レポート:",
        "--client <CMD>",
        "`sh -c` で実行するコマンド",
        "結果の表、report.html",
    ] {
        assert!(run.contains(said), "{said:?} not in\n{run}");
    }
    assert!(!run.contains("The client under test"), "{run}");
    let (_, by_locale) = stdout(&["run", "-h"], &[("LANG", "ja_JP.UTF-8")]);
    assert!(by_locale.contains("試験するクライアント:"), "{by_locale}");
    let (_, english) = stdout(&["run", "-h"], &[]);
    assert!(
        english.contains("The client under test:") && english.contains("Usage: mynakit run"),
        "{english}"
    );
}

/// `serve --help` names the PIN-pad reader and the flag that serves the stack faults
/// (`docs/reader.md`, "Stack faults and the PIN pad from `mynakit serve`").
#[test]
fn serve_help_names_the_pin_pad_reader_and_the_driver() {
    let (code, help) = stdout(&["serve", "--help"], &[]);
    assert_eq!(code, Some(0), "{help}");
    for said in [
        "--pin-pad",
        "PIN-pad reader",
        "FEATURE_VERIFY_PIN_DIRECT",
        "--driver",
    ] {
        assert!(help.contains(said), "{said:?} not in\n{help}");
    }
    let (_, reader) = stdout(&["reader", "--help"], &[]);
    for said in [
        "pad",
        "transport-error",
        "unavailable",
        "available",
        "restart",
    ] {
        assert!(reader.contains(said), "{said:?} not in\n{reader}");
    }
}
