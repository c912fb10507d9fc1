//! What the binary's tests share: `mynakit` run from the workspace root as a user runs it, a
//! free loopback address for `serve`'s control endpoint, whether pcscd can run, a run's
//! problems for assertion messages, and where the second JSON Schema validator is.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

pub mod bundled_run;
pub mod opensc;
pub mod pki;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Output};

/// The report.json at `path` as its runs' findings are read: each run's `checks` whole, its
/// SKIPPED and PASSED findings back from the run's `skipped_checks` and `passed_checks` (docs/reports.md, "Written once").
pub fn report_json(path: &std::path::Path) -> serde_json::Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    report_json_text(&String::from_utf8_lossy(&bytes))
}

/// [`report_json`] of a report.json's text.
pub fn report_json_text(text: &str) -> serde_json::Value {
    let report = mynakit_harness::report::read_json(text.as_bytes()).unwrap();
    serde_json::to_value(&report).unwrap()
}

/// The workspace root, where the bundled scenarios and fixtures are.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `mynakit` from the workspace root, with the bundled fixtures, in English ([`in_english`]).
pub fn mynakit() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mynakit"));
    c.current_dir(repo()).env_remove("MYNAKIT_FIXTURES");
    in_english(&mut c);
    c
}

/// A copy of the built `mynakit` in `dir/bin`, as an install leaves it with no checkout beside
/// it; returns that folder, to put first on `PATH`.
pub fn installed_copy(dir: &std::path::Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let to = bin.join("mynakit");
    // A hard link is never open for writing. A copy is while it is written, and a process
    // another test forks meanwhile holds it open until that child execs: running the copy can
    // then fail with "Text file busy" (ETXTBSY). The copy is for a target on another file system.
    if std::fs::hard_link(env!("CARGO_BIN_EXE_mynakit"), &to).is_err() {
        std::fs::copy(env!("CARGO_BIN_EXE_mynakit"), &to).unwrap();
    }
    bin
}

/// `command` as a user without the checkout runs it: no variable pointing at the checkout's
/// fixtures or scenarios, the bundled data unpacked under `cache`, in English.
pub fn away_from_checkout<'c>(
    command: &'c mut Command,
    cache: &std::path::Path,
) -> &'c mut Command {
    command
        .env("XDG_CACHE_HOME", cache)
        .env_remove("MYNAKIT_FIXTURES")
        .env_remove("MYNAKIT_SCENARIOS");
    in_english(command)
}

/// `command` with a locale that is not Japanese, whatever the machine running the tests has:
/// mynakit prints in the language of LC_ALL, LC_MESSAGES or LANG (docs/reports.md,
/// "Japanese"), and the tests read its English.
pub fn in_english(command: &mut Command) -> &mut Command {
    command
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
}

/// Whether pcscd can run here; without it the PC/SC tests skip, but in CI they fail.
pub fn pcscd_or_skip() -> bool {
    if mynakit_harness::run::pcscd_available() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI needs pcscd and vsmartcard-vpcd, and root"
    );
    eprintln!("skipped: pcscd, vsmartcard-vpcd and root are needed");
    false
}

/// Whether mynakit's reader driver is there: the one inside mynakit always is, a
/// `$MYNAKIT_IFD_DRIVER` may name a missing file. Without it a managed pcscd's readers are
/// vpcd's, which can show no stack fault and no PIN pad. Missing in CI is a failure.
pub fn driver_or_skip() -> bool {
    let driver = mynakit_reader::ifd::Driver::find();
    if driver.is_present() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI needs mynakit's reader driver: {driver} is missing"
    );
    eprintln!("skipped: {driver} is missing");
    false
}

/// The checks that FAILED the run of `s`, for asserting which check caught a defect.
pub fn failed_checks(s: &mynakit_harness::report::ScenarioReport) -> Vec<&str> {
    s.problems()
        .into_iter()
        .filter(|f| f.level == mynakit_conformance::Level::Failed)
        .map(|f| f.check.as_str())
        .collect()
}

/// Every problem of every scenario, for assertion messages.
pub fn explain(report: &mynakit_harness::report::RunReport) -> String {
    report
        .scenarios
        .iter()
        .flat_map(|s| {
            let note = s.note.iter().map(move |n| format!("{}: {n}", s.id));
            let problems = s
                .problems()
                .into_iter()
                .map(move |f| format!("{}: {} {}", s.id, f.check, f.reason));
            note.chain(problems).collect::<Vec<_>>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A loopback address with a port free right now, for `--control`.
///
/// Not the kernel's `bind(":0")`: a port released here could be handed straight to another
/// test's listener on port 0 (a relay, a socket) before `serve` binds it, and `serve` would
/// end with an empty banner. Ports come from below the kernel's ephemeral range (Linux:
/// 32768–60999), each at most once per test process, so no listener on port 0 and no other
/// test of this binary can take it.
pub fn free_control() -> String {
    use std::sync::atomic::{AtomicU16, Ordering};
    const FIRST: u16 = 20_000;
    const SPAN: u16 = 12_000;
    static NEXT: AtomicU16 = AtomicU16::new(0);
    let start = (std::process::id() % u32::from(SPAN)) as u16;
    loop {
        let step = NEXT.fetch_add(1, Ordering::Relaxed);
        assert!(
            step < SPAN,
            "no free control port left below the ephemeral range"
        );
        let port = FIRST + (start + step) % SPAN;
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return format!("127.0.0.1:{port}");
        }
    }
}

/// A command's stdout then stderr, for assertions and their messages.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Starts every command at once (stdin closed, output captured), then waits for all of them.
pub fn all_at_once(commands: Vec<Command>) -> Vec<Output> {
    let children: Vec<_> = commands
        .into_iter()
        .map(|mut c| {
            c.stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect()
}

/// The scenarios a PC/SC client can run: all but the mobile ones (`transport: nfc`), which need the
/// card behind the NFC relay and are run over it by tests/inprocess/mobile.rs. The reference client
/// claims the transport `pcsc`, so those are NOT-APPLICABLE to it, as they should be.
pub fn over_pcsc(
    scenarios: Vec<mynakit_harness::run::Loaded>,
) -> Vec<mynakit_harness::run::Loaded> {
    scenarios
        .into_iter()
        .filter(|l| l.scenario.transport != Some(mynakit_harness::protocol::Transport::Nfc))
        .collect()
}

/// `mynakit serve`'s banner, read from its piped stdout up to its last line ("Ctrl-C …"), the
/// lines joined: the readers, the control endpoint, the relay.
pub fn serve_banner(child: &mut std::process::Child) -> String {
    use std::io::BufRead;
    let mut banner = Vec::new();
    for line in std::io::BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        let done = line.starts_with("Ctrl-C");
        banner.push(line);
        if done {
            break;
        }
    }
    banner.join("\n")
}

/// The address and token of `serve`'s relay line `relay: READER at ADDR token TOKEN (…)`.
pub fn relay_of(banner: &str) -> (String, String) {
    let line = banner
        .lines()
        .find(|l| l.starts_with("relay: "))
        .unwrap_or_else(|| panic!("no relay line in\n{banner}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "at").unwrap();
    let token = words.iter().position(|w| *w == "token").unwrap();
    (words[at + 1].to_owned(), words[token + 1].to_owned())
}

/// Prints `page` to `pdf` as a person would: headless Chromium, A4 from the page's print view,
/// with a private profile folder.
pub fn print_to_pdf(
    page: &std::path::Path,
    pdf: &std::path::Path,
    profile: &std::path::Path,
) -> Result<(), String> {
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-extensions",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("`chromium` cannot be run: {e}"))?;
    if !out.status.success() || !pdf.exists() {
        return Err(format!(
            "chromium: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(())
}

/// Whether `program ARGS` runs; without it the test skips, but in CI it fails.
pub fn tool_or_skip(program: &std::path::Path, args: &[&str], what: &str) -> bool {
    let ok = Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs {what} ({} {args:?} did not run), as .ci/run installs it",
            program.display()
        );
        eprintln!("skipped: {what} is needed");
    }
    ok
}

/// check-jsonschema (PyPI), a second JSON Schema validator that also carries SchemaStore's
/// schemas of GitHub's and GitLab's CI files: `$MYNAKIT_CHECK_JSONSCHEMA` (as .ci/run installs
/// it) or PATH. Missing: skipped, but a failure under CI ([`tool_or_skip`]).
pub fn check_jsonschema_or_skip() -> Option<PathBuf> {
    let program = std::env::var_os("MYNAKIT_CHECK_JSONSCHEMA")
        .map_or_else(|| PathBuf::from("check-jsonschema"), PathBuf::from);
    tool_or_skip(
        &program,
        &["--version"],
        "check-jsonschema (PyPI, MYNAKIT_CHECK_JSONSCHEMA)",
    )
    .then_some(program)
}

/// A client command that starts the reference client and says `hello` (one line) in place of
/// its own first line.
pub fn saying(dir: &std::path::Path, hello: &serde_json::Value) -> PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let line = dir.join("hello.json");
    std::fs::write(&line, format!("{hello}\n")).unwrap();
    let app = dir.join("app");
    std::fs::write(
        &app,
        format!(
            "#!/bin/sh\ncat '{}'\n'{}' reference-client | sed -u 1d\n",
            line.display(),
            env!("CARGO_BIN_EXE_mynakit")
        ),
    )
    .unwrap();
    std::fs::set_permissions(&app, std::fs::Permissions::from_mode(0o755)).unwrap();
    app
}
