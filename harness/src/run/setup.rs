//! Telling a set-up failure from a verdict (`docs/client-protocol.md`, "When the client cannot
//! start"). A client command that cannot run at all — a typo past the program pre-check, or
//! `python3 client.py` whose relative argument is looked up in each scenario's own folder —
//! would otherwise FAIL every scenario with consequences, the same status as a real defect.
//!
//! A client run *ended quietly* when it exited by itself before any card, service, folder or
//! protocol activity. While no run of the client has shown any activity, the run has a set-up
//! failure when
//! - a run ended quietly with exit status 126 or 127 (the shell could not execute it), or with
//!   stderr saying it cannot open a file an argument of the command names (an argument with a
//!   `/` or a `.`, as a file name has); or
//! - the first [`FIRST_RUNS`] runs of scenarios that expect no exit code all ended quietly
//!   with the same first stderr lines (scenario folders and numbers aside).
//!
//! A run of a scenario that expects an exit code (a plain PC/SC program, `expect.exit_code`)
//! counts only by the first rule, and not when it exited with the code expected. Once any run
//! showed activity the command works, and nothing more is decided: a plain PC/SC program that
//! sends APDUs and never `hello` is judged as before.
//!
//! The quiet runs' progress lines are held until the question is decided, so that the set-up
//! failure is the first thing on screen; the runs it covers are SKIPPED, not judged.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use mynakit_conformance::Level;
use mynakit_protocol::ResultOrigin;
use mynakit_timeline::{Event, EventKind, FileAction, Source};

use crate::report::{
    MisplacedArgument, NoteFacts, ScenarioReport, SetupFailure, SetupFailureKind,
    SETUP_STDERR_LINES,
};
use crate::scenario::Scenario;

/// How many quiet runs with the same stderr make a set-up failure.
pub(crate) const FIRST_RUNS: usize = 3;

/// How much of one stderr line a set-up failure keeps, in characters.
const LINE_CHARS: usize = 300;

/// How a client run ended quietly.
#[derive(Clone, Debug, PartialEq, Eq)]
struct QuietEnd {
    code: Option<i32>,
    /// The first stderr lines, as shown.
    head: Vec<String>,
    /// `head` with scenario folders and numbers made alike, for comparing runs.
    key: String,
}

/// What a worker does with a finished run's report.
#[derive(Debug)]
pub(crate) enum Seen {
    /// Show it now, after these held ones.
    Show(Vec<ScenarioReport>),
    /// Hold it: it may be part of a set-up failure.
    Hold,
    /// The run has a set-up failure: start no more scenarios.
    Stop,
}

/// Watches the runs of one client command for a set-up failure.
pub(crate) struct Watch {
    /// The command's arguments as written, when the client is a command mynakit starts; `None`
    /// watches nothing (the built-in client, an app on the client socket, a person).
    arguments: Option<Vec<String>>,
    /// The folder `mynakit run` was started in.
    cwd: PathBuf,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// A run showed activity: the command works.
    proven: bool,
    /// A run of a scenario without an expected exit code did not end quietly.
    chain_broken: bool,
    /// Quiet runs of scenarios without an expected exit code, in finishing order.
    quiet: Vec<(String, QuietEnd)>,
    /// Reports held back while undecided.
    held: Vec<ScenarioReport>,
    /// The failure, once decided, with its comparison key.
    failure: Option<(SetupFailure, String)>,
    /// The runs the failure covers.
    covered: BTreeSet<String>,
}

impl Watch {
    /// A watch over `command` (as the user wrote it), or over nothing.
    pub(crate) fn new(command: Option<&str>, cwd: &Path) -> Watch {
        Watch {
            arguments: command.map(arguments),
            cwd: cwd.to_owned(),
            state: Mutex::new(State::default()),
        }
    }

    /// Takes one finished run into account.
    pub(crate) fn observe(&self, scenario: &Scenario, report: &ScenarioReport) -> Seen {
        let Some(arguments) = &self.arguments else {
            return Seen::Show(Vec::new());
        };
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if report.exit.is_none() {
            // No client ran (not claimed, no world): it says nothing about the command.
            return Seen::Show(Vec::new());
        }
        let quiet = quiet_end(report);
        let expected = scenario.expect.exit_code;
        if let Some((_, key)) = &state.failure {
            let covered = quiet.as_ref().is_some_and(|q| {
                q.key == *key && (expected.is_none() || cannot_run(q, arguments).is_some())
            }) && expected != quiet.as_ref().and_then(|q| q.code);
            if covered {
                state.covered.insert(report.id.clone());
                return Seen::Hold;
            }
            return Seen::Show(Vec::new());
        }
        if state.proven {
            return Seen::Show(Vec::new());
        }
        let Some(quiet) = quiet else {
            if report.timeline.iter().any(is_activity) {
                state.proven = true;
            }
            if expected.is_none() {
                state.chain_broken = true;
            }
            return Seen::Show(std::mem::take(&mut state.held));
        };
        if expected.is_some() && expected == quiet.code {
            return Seen::Show(Vec::new());
        }
        let decided = match cannot_run(&quiet, arguments) {
            Some(kind) => Some(kind),
            None if expected.is_none() && !state.chain_broken => {
                state.quiet.push((report.id.clone(), quiet.clone()));
                let same = state.quiet.iter().all(|(_, q)| q.key == quiet.key);
                if !same {
                    state.chain_broken = true;
                }
                (same && state.quiet.len() >= FIRST_RUNS).then_some(SetupFailureKind::SameQuietEnd)
            }
            None => None,
        };
        let Some(kind) = decided else {
            if state.chain_broken {
                return Seen::Show(std::mem::take(&mut state.held));
            }
            state.held.push(report.clone());
            return Seen::Hold;
        };
        let mut covered: BTreeSet<String> = state
            .quiet
            .iter()
            .filter(|(_, q)| q.key == quiet.key)
            .map(|(id, _)| id.clone())
            .collect();
        covered.insert(report.id.clone());
        // Said as the first run that ended so (in finishing order) ended.
        let (first, first_end) = state
            .quiet
            .iter()
            .find(|(_, q)| q.key == quiet.key)
            .cloned()
            .unwrap_or_else(|| (report.id.clone(), quiet.clone()));
        let failure = SetupFailure {
            kind,
            scenario: first,
            exit_code: first_end.code,
            runs: 0,
            stderr: first_end.head,
            misplaced_argument: misplaced(arguments, &self.cwd),
        };
        state.covered = covered;
        state.failure = Some((failure, quiet.key));
        Seen::Stop
    }

    /// Whether a set-up failure was decided: the run starts nothing more.
    pub(crate) fn failed(&self) -> bool {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.failure.is_some()
    }

    /// After the run: the failure, with the runs it covers SKIPPED in `reports` (each with its
    /// note), or `None` and the reports still held, to be shown.
    pub(crate) fn finish(
        self,
        reports: &mut [ScenarioReport],
    ) -> (Option<SetupFailure>, Vec<ScenarioReport>) {
        let state = self.state.into_inner().unwrap_or_else(|p| p.into_inner());
        let Some((mut failure, _)) = state.failure else {
            return (None, state.held);
        };
        for report in reports.iter_mut().filter(|r| state.covered.contains(&r.id)) {
            report.level = Level::Skipped;
            report.set_note(NoteFacts::SetupFailure);
            report.expectations.clear();
            report.judged.clear();
            report.checks.clear();
            report.stale.clear();
        }
        failure.runs = state.covered.len();
        (Some(failure), Vec::new())
    }
}

/// How `report`'s client ended, when it exited by itself before any activity.
fn quiet_end(report: &ScenarioReport) -> Option<QuietEnd> {
    let code = match report.result.as_ref().map(|r| &r.origin) {
        Some(ResultOrigin::Exited { code, .. }) => *code,
        _ => return None,
    };
    if report.timeline.iter().any(is_activity) {
        return None;
    }
    let head = head(&report.stderr);
    let key = key(&head);
    Some(QuietEnd { code, head, key })
}

/// Whether `event` is the client's doing: an APDU, an HTTP request to the service, a line of
/// the client protocol from the client, or a file it wrote, read or took in the terminal's
/// folders. The reader's own events (a card put in, powered) and the terminal's pushes are not.
fn is_activity(event: &Event) -> bool {
    match &event.kind {
        EventKind::Apdu { .. } | EventKind::Http { .. } => true,
        EventKind::Message { .. } => event.source == Source::Client,
        EventKind::File { action, .. } => matches!(
            action,
            FileAction::RequestSeen
                | FileAction::RequestIncomplete
                | FileAction::RequestGrowing
                | FileAction::RequestVanished
                | FileAction::ResultTaken
                | FileAction::ResultRead
                | FileAction::FaceTaken
                | FileAction::FaceMoved
                | FileAction::FaceRead
                | FileAction::ShareOpen
                | FileAction::ShareRead
                | FileAction::ShareWrite
                | FileAction::ShareClose
                | FileAction::ShareRename
                | FileAction::ShareDelete
        ),
        _ => false,
    }
}

/// The first non-blank stderr lines, each cut at a character boundary.
fn head(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .take(SETUP_STDERR_LINES)
        .map(|l| match l.char_indices().nth(LINE_CHARS) {
            Some((at, _)) => format!("{}…", &l[..at]),
            None => l.to_owned(),
        })
        .collect()
}

/// `head` as compared between runs: each scenario's own folder (`$TMPDIR/mynakit-<run>-XXXXXX`)
/// and every run of digits (pids, ports, times) made alike.
fn key(head: &[String]) -> String {
    let temp = std::env::temp_dir().join("mynakit-");
    let temp = temp.to_string_lossy();
    let mut out = String::new();
    for line in head {
        let mut rest = line.as_str();
        while let Some(at) = rest.find(temp.as_ref()) {
            out.push_str(&rest[..at]);
            out.push_str("<scenario folder>");
            let after = &rest[at + temp.len()..];
            let end = after
                .find(|c: char| c == '/' || c.is_whitespace() || c == '\'' || c == '"')
                .unwrap_or(after.len());
            rest = &after[end..];
        }
        out.push_str(rest);
        out.push('\n');
    }
    let mut alike = String::with_capacity(out.len());
    let mut digits = false;
    for c in out.chars() {
        if c.is_ascii_digit() {
            if !digits {
                alike.push('0');
            }
            digits = true;
        } else {
            alike.push(c);
            digits = false;
        }
    }
    alike
}

/// What the programs people write clients in say when a file named on their command line is
/// not there (Python, Node.js, Java, Ruby, Perl, shells), in lower case.
const CANNOT_OPEN: [&str; 7] = [
    "can't open",
    "cannot open",
    "no such file",
    "cannot find module",
    "unable to access",
    "not found",
    "does not exist",
];

/// Why a quiet end means the command cannot run, if it does: exit status 126 or 127, or stderr
/// saying a file an argument names cannot be opened.
fn cannot_run(quiet: &QuietEnd, arguments: &[String]) -> Option<SetupFailureKind> {
    if matches!(quiet.code, Some(126 | 127)) {
        return Some(SetupFailureKind::CannotExecute);
    }
    let text = quiet.head.join("\n");
    let lower = text.to_lowercase();
    let says_missing = CANNOT_OPEN.iter().any(|p| lower.contains(p));
    // Only arguments that look like files (`client.py`, `app/main.js`): a plain word such as a
    // reader's name in "reader … not found" is no file the command names.
    let names_argument = arguments
        .iter()
        .filter(|a| a.contains(['/', '.']))
        .any(|a| {
            let name = Path::new(a)
                .file_name()
                .map_or_else(|| a.clone(), |n| n.to_string_lossy().into_owned());
            !name.is_empty() && text.contains(&name)
        });
    (says_missing && names_argument).then_some(SetupFailureKind::MissingArgument)
}

/// The words after the program that could name a file: not an option, an assignment or a shell
/// word mynakit cannot read (`$X`, `~`), quotes removed. A rough reading of shell syntax, only
/// to find a file name in an error message and to give the `$PWD` hint.
fn arguments(command: &str) -> Vec<String> {
    let words: Vec<String> = command
        .split_whitespace()
        .map(|w| w.trim_matches(|c| c == '\'' || c == '"').to_owned())
        .collect();
    let is_assignment = |w: &str| w.contains('=') && !w.starts_with('-');
    let program = words
        .iter()
        .position(|w| !is_assignment(w) && w != "env")
        .unwrap_or(words.len());
    words
        .into_iter()
        .skip(program + 1)
        .filter(|w| {
            !w.is_empty()
                && !w.starts_with('-')
                && !w.contains('=')
                && !w.starts_with('$')
                && !w.starts_with('~')
                && !w.contains(['|', '&', ';', '<', '>', '(', ')', '`', '*'])
        })
        .collect()
}

/// The first argument written as a relative path that names a file in `cwd` (the folder
/// `mynakit run` was started in), for the hint to write `$PWD/…`.
fn misplaced(arguments: &[String], cwd: &Path) -> Option<MisplacedArgument> {
    arguments
        .iter()
        .filter(|a| Path::new(a).is_relative())
        .find_map(|a| {
            let path = cwd.join(a);
            path.is_file().then(|| MisplacedArgument {
                argument: a.clone(),
                path: path.display().to_string(),
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_skip_the_program_options_and_assignments() {
        assert_eq!(arguments("python3 client.py --port 3"), ["client.py", "3"]);
        assert_eq!(
            arguments("A=1 env B=2 node 'app dir/x.js' -v"),
            ["app", "dir/x.js"]
        );
        assert_eq!(arguments("./app"), Vec::<String>::new());
        assert_eq!(arguments("java -jar $APP x|y"), Vec::<String>::new());
    }

    #[test]
    fn the_key_ignores_scenario_folders_and_numbers() {
        let folder = std::env::temp_dir().join("mynakit-pin-lockout-7nEI8h");
        let a = vec![format!(
            "python3: can't open file '{}/client/work/x.py': [Errno 2] pid 4711",
            folder.display()
        )];
        let other = std::env::temp_dir().join("mynakit-viewing-abc123");
        let b = vec![format!(
            "python3: can't open file '{}/client/work/x.py': [Errno 2] pid 12",
            other.display()
        )];
        assert_eq!(key(&a), key(&b));
        assert_ne!(key(&a), key(&["python3: other".to_owned()]));
    }

    #[test]
    fn a_missing_argument_is_told_from_other_messages() {
        let quiet = |code, line: &str| QuietEnd {
            code,
            head: vec![line.to_owned()],
            key: String::new(),
        };
        let args = arguments("python3 nosuch.py");
        assert_eq!(
            cannot_run(
                &quiet(
                    Some(2),
                    "python3: can't open file '/tmp/w/nosuch.py': [Errno 2] No such file or directory"
                ),
                &args
            ),
            Some(SetupFailureKind::MissingArgument)
        );
        assert_eq!(
            cannot_run(&quiet(Some(1), "config.toml not found"), &args),
            None
        );
        assert_eq!(
            cannot_run(
                &quiet(Some(1), "reader mynakit not found"),
                &arguments("app --reader mynakit")
            ),
            None
        );
        assert_eq!(
            cannot_run(&quiet(Some(127), "sh: 1: x: not found"), &[]),
            Some(SetupFailureKind::CannotExecute)
        );
    }

    #[test]
    fn the_head_keeps_the_first_lines_whole_up_to_a_bound() {
        let long = "あ".repeat(LINE_CHARS + 10);
        let text = format!("\n one\n\n{long}\n3\n4\n5\n6\n");
        let h = head(&text);
        assert_eq!(h.len(), SETUP_STDERR_LINES);
        assert_eq!(h[0], " one");
        assert_eq!(h[1].chars().count(), LINE_CHARS + 1);
    }

    /// A client run of `pin-lockout` named `id` that exited with `code` and wrote `stderr`,
    /// with an APDU in its timeline when `active`.
    fn ended(id: &str, code: i32, stderr: &str, active: bool) -> ScenarioReport {
        let mut timeline =
            vec![serde_json::json!({"v": 1, "t_us": 5, "source": "client", "kind": "exited"})];
        if active {
            timeline.insert(
                0,
                serde_json::json!({"v": 1, "t_us": 1, "source": "card", "kind": "apdu",
                "reader": "r", "command": "00A4040000", "response": "9000", "duration_us": 1}),
            );
        }
        serde_json::from_value(serde_json::json!({
            "id": id, "scenario": "pin-lockout", "mode": "pin", "title": "t", "file": "f",
            "tags": [], "references": [], "level": "FAILED", "rules": "2025-05-21", "seed": 0,
            "run_id": format!("run-1-{id}"), "duration_ms": 1,
            "result": {"outcome": "crashed", "origin": {"origin": "exited", "code": code}},
            "exit": format!("exit {code}"), "expectations": [], "checks": [],
            "timeline": timeline, "stderr": stderr,
        }))
        .unwrap()
    }

    fn pin_lockout() -> Scenario {
        let path = crate::scenario::bundled_dir().join("pin-lockout.yaml");
        let fixtures = mynakit_fixtures::Fixtures::bundled();
        crate::scenario::load_paths(&[path], &fixtures)
            .unwrap()
            .remove(0)
            .1
    }

    fn shown(seen: &Seen) -> Option<usize> {
        match seen {
            Seen::Show(held) => Some(held.len()),
            _ => None,
        }
    }

    /// The first runs ending quietly alike are held, the third decides; the runs it covers are
    /// SKIPPED and counted.
    #[test]
    fn three_quiet_runs_alike_are_a_set_up_failure() {
        let scenario = pin_lockout();
        let watch = Watch::new(Some("my-app --x"), Path::new("/"));
        // Numbers (a pid, a port) do not tell runs apart.
        let mut reports: Vec<ScenarioReport> = ["a", "b", "c"]
            .iter()
            .enumerate()
            .map(|(n, id)| ended(id, 1, &format!("error 4{n}: no licence\n"), false))
            .collect();
        assert!(matches!(watch.observe(&scenario, &reports[0]), Seen::Hold));
        assert!(matches!(watch.observe(&scenario, &reports[1]), Seen::Hold));
        assert!(matches!(watch.observe(&scenario, &reports[2]), Seen::Stop));
        let (failure, held) = watch.finish(&mut reports);
        let failure = failure.unwrap();
        assert!(held.is_empty());
        assert_eq!(failure.kind, SetupFailureKind::SameQuietEnd);
        assert_eq!((failure.runs, failure.exit_code), (3, Some(1)));
        assert_eq!(failure.stderr, ["error 40: no licence"]);
        assert!(reports.iter().all(|r| r.level == Level::Skipped));
    }

    /// Runs that end differently, or a run that did something, decide that the command runs:
    /// the held runs are shown, and a later exit 127 is judged as any crash.
    #[test]
    fn a_run_with_activity_or_another_end_keeps_the_verdicts() {
        let scenario = pin_lockout();
        let watch = Watch::new(Some("my-app"), Path::new("/"));
        assert!(matches!(
            watch.observe(&scenario, &ended("a", 1, "one way", false)),
            Seen::Hold
        ));
        assert_eq!(
            shown(&watch.observe(&scenario, &ended("b", 1, "", true))),
            Some(1)
        );
        assert_eq!(
            shown(&watch.observe(&scenario, &ended("c", 127, "x: not found", false))),
            Some(0)
        );
        let mut reports = vec![ended("c", 127, "", false)];
        let (failure, held) = watch.finish(&mut reports);
        assert!(failure.is_none() && held.is_empty());
        assert_eq!(reports[0].level, Level::Failed);

        let other = Watch::new(Some("my-app"), Path::new("/"));
        assert!(matches!(
            other.observe(&scenario, &ended("a", 1, "one way", false)),
            Seen::Hold
        ));
        assert_eq!(
            shown(&other.observe(&scenario, &ended("b", 1, "another way", false))),
            Some(1)
        );
    }

    /// Exit status 127 before any activity decides at once; the built-in client is never
    /// watched.
    #[test]
    fn exit_127_decides_at_once_and_the_built_in_client_is_not_watched() {
        let scenario = pin_lockout();
        let watch = Watch::new(Some("my-app"), Path::new("/"));
        let mut reports = vec![ended("a", 127, "sh: 1: my-app: not found", false)];
        assert!(matches!(watch.observe(&scenario, &reports[0]), Seen::Stop));
        let failure = watch.finish(&mut reports).0.unwrap();
        assert_eq!(failure.kind, SetupFailureKind::CannotExecute);
        let none = Watch::new(None, Path::new("/"));
        assert_eq!(shown(&none.observe(&scenario, &reports[0])), Some(0));
        assert!(none.finish(&mut reports).0.is_none());
    }

    #[test]
    fn the_hint_names_a_relative_argument_found_in_the_start_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("client.py"), "").unwrap();
        let found = misplaced(&arguments("python3 client.py"), dir.path()).unwrap();
        assert_eq!(found.argument, "client.py");
        assert!(misplaced(&arguments("python3 other.py"), dir.path()).is_none());
    }
}
