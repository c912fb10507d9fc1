//! Nothing mynakit writes follows a symlink (docs/security.md, "Files mynakit writes"): each
//! writer of the CLI, given a symlink planted where it writes, refuses with an error naming the
//! path, and the file the symlink points to is left as it was.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A file outside every output folder, that a planted symlink points to.
struct Victim {
    path: PathBuf,
}

impl Victim {
    const TEXT: &'static str = "the user's own file\n";

    fn new(dir: &Path) -> Victim {
        let path = dir.join("victim.txt");
        std::fs::write(&path, Victim::TEXT).unwrap();
        Victim { path }
    }

    /// Plants `at -> victim`.
    fn plant(&self, at: &Path) {
        symlink(&self.path, at).unwrap();
    }

    fn assert_untouched(&self, what: &str) {
        assert_eq!(
            std::fs::read_to_string(&self.path).unwrap(),
            Victim::TEXT,
            "{what} wrote through the symlink"
        );
    }
}

/// The command refused: exit status 2, and its error names `link` as a symlink.
fn assert_refused(out: &Output, link: &Path, what: &str) {
    let said = common::text(out);
    assert_eq!(out.status.code(), Some(2), "{what}: {said}");
    assert!(
        said.contains(&format!("{}: is a symlink", link.display())),
        "{what}: {said}"
    );
    assert!(!said.contains("panicked"), "{what}: {said}");
}

/// A quick in-process run of one scenario into `reports`.
fn quick_run(reports: &Path) -> std::process::Command {
    let mut command = common::mynakit();
    command
        .args([
            "run",
            "--transport",
            "in-process",
            "--filter",
            "visual-mode",
        ])
        .arg("--report-dir")
        .arg(reports);
    command
}

#[test]
fn run_and_report_merge_refuse_a_symlinked_report() {
    let dir = tempfile::tempdir().unwrap();
    let victim = Victim::new(dir.path());
    for name in ["report.html", "report.json", "report.xml"] {
        let reports = dir.path().join(format!("planted-{name}"));
        std::fs::create_dir(&reports).unwrap();
        victim.plant(&reports.join(name));
        let out = quick_run(&reports).output().unwrap();
        assert_refused(&out, &reports.join(name), "run --report-dir");
        // Refused before the run, not after it.
        assert!(
            !common::text(&out).contains("visual-mode ("),
            "{}",
            common::text(&out)
        );
    }
    // The report folder itself a symlink.
    let linked = dir.path().join("linked-reports");
    symlink(dir.path(), &linked).unwrap();
    let out = quick_run(&linked).output().unwrap();
    assert_refused(&out, &linked, "run --report-dir LINK");
    victim.assert_untouched("run");

    // A real report, for `report merge`.
    let reports = dir.path().join("reports");
    let out = quick_run(&reports).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", common::text(&out));
    let merged = dir.path().join("merged");
    std::fs::create_dir(&merged).unwrap();
    victim.plant(&merged.join("report.json"));
    let out = common::mynakit()
        .args(["report", "merge"])
        .arg(&reports)
        .arg("--out")
        .arg(&merged)
        .output()
        .unwrap();
    assert_refused(&out, &merged.join("report.json"), "report merge --out");
    victim.assert_untouched("report merge");
}

#[test]
fn the_github_step_summary_is_not_appended_through_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let victim = Victim::new(dir.path());
    let summary = dir.path().join("summary.md");
    victim.plant(&summary);
    let out = quick_run(&dir.path().join("reports"))
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_refused(&out, &summary, "$GITHUB_STEP_SUMMARY");
    victim.assert_untouched("the step summary");
}

#[test]
fn import_refuses_a_symlinked_scenario_or_script_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let victim = Victim::new(dir.path());
    let log = common::repo().join("examples/field-failure/pcscd.log");
    let scenario = dir.path().join("replay.yaml");
    victim.plant(&scenario);
    for force in [false, true] {
        let mut command = common::mynakit();
        command
            .args(["import", "pcscd-log"])
            .arg(&log)
            .arg("-o")
            .arg(&scenario);
        if force {
            command.arg("--force");
        }
        assert_refused(&command.output().unwrap(), &scenario, "import -o");
    }
    let script = dir.path().join("replay.apdu");
    victim.plant(&script);
    let out = common::mynakit()
        .args(["import", "pcscd-log"])
        .arg(&log)
        .arg("-o")
        .arg(dir.path().join("real.yaml"))
        .arg("--script")
        .arg(&script)
        .output()
        .unwrap();
    assert_refused(&out, &script, "import --script");
    victim.assert_untouched("import");
}

#[test]
fn fuzz_refuses_a_symlinked_or_file_out_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let victim = Victim::new(dir.path());
    let fuzz = |out: &Path| {
        common::mynakit()
            .args(["fuzz", "--transport", "in-process", "--runs", "1", "--out"])
            .arg(out)
            .output()
            .unwrap()
    };
    let linked = dir.path().join("linked-out");
    symlink(dir.path(), &linked).unwrap();
    assert_refused(&fuzz(&linked), &linked, "fuzz --out LINK");
    // A file, not a folder: named, not "File exists (os error 17)".
    let out = fuzz(&victim.path);
    let said = common::text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "{}: exists and is not a folder",
            victim.path.display()
        )),
        "{said}"
    );
    victim.assert_untouched("fuzz");
}

#[test]
fn init_refuses_a_symlinked_file() {
    let dir = tempfile::tempdir().unwrap();
    let victim = Victim::new(dir.path());
    let repo = dir.path().join("app");
    std::fs::create_dir_all(repo.join("mynakit")).unwrap();
    let link = repo.join("mynakit/capabilities.yaml");
    victim.plant(&link);
    let out = common::mynakit().arg("init").arg(&repo).output().unwrap();
    let said = common::text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!("{} is a symlink", link.display())),
        "{said}"
    );
    victim.assert_untouched("init");
}

/// `init` appends the report folders to `.gitignore`, never through a symlink: one planted
/// there is refused before anything is written, and a second `init` adds nothing.
#[test]
fn init_appends_to_gitignore_once_and_never_through_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let victim = Victim::new(dir.path());
    let repo = dir.path().join("app");
    std::fs::create_dir_all(&repo).unwrap();
    let link = repo.join(".gitignore");
    victim.plant(&link);
    let out = common::mynakit().arg("init").arg(&repo).output().unwrap();
    let said = common::text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!("{} is a symlink", link.display())),
        "{said}"
    );
    assert!(!repo.join("mynakit").exists(), "nothing written: {said}");
    victim.assert_untouched("init");

    std::fs::remove_file(&link).unwrap();
    std::fs::write(&link, "node_modules").unwrap();
    let out = common::mynakit().arg("init").arg(&repo).output().unwrap();
    assert!(out.status.success(), "{}", common::text(&out));
    let ignore = std::fs::read_to_string(&link).unwrap();
    assert_eq!(
        ignore,
        "node_modules\n# mynakit's reports (mynakit init)\n/target/mynakit-report/\n/mynakit-report/\n"
    );
    std::fs::remove_dir_all(repo.join("mynakit")).unwrap();
    std::fs::remove_dir_all(repo.join(".github")).unwrap();
    let out = common::mynakit().arg("init").arg(&repo).output().unwrap();
    assert!(out.status.success(), "{}", common::text(&out));
    assert_eq!(
        std::fs::read_to_string(&link).unwrap(),
        ignore,
        "never twice"
    );
}

#[test]
fn serve_and_terminal_refuse_a_symlinked_trace_before_they_start() {
    let dir = tempfile::tempdir().unwrap();
    let victim = Victim::new(dir.path());
    let trace = dir.path().join("trace.jsonl");
    victim.plant(&trace);
    let out = common::mynakit()
        .args([
            "serve",
            "--pcscd",
            "none",
            "--control",
            &common::free_control(),
        ])
        .arg("--trace")
        .arg(&trace)
        .output()
        .unwrap();
    assert_refused(&out, &trace, "serve --trace");
    let root = dir.path().join("terminal");
    let out = common::mynakit()
        .arg("terminal")
        .arg("--root")
        .arg(&root)
        .arg("--trace")
        .arg(&trace)
        .output()
        .unwrap();
    assert_refused(&out, &trace, "terminal --trace");
    victim.assert_untouched("serve and terminal");
}

#[test]
fn cards_serve_refuses_symlinked_service_data() {
    let dir = tempfile::tempdir().unwrap();
    let victim = Victim::new(dir.path());
    let data = dir.path().join("service.yaml");
    victim.plant(&data);
    let out = common::mynakit()
        .args([
            "cards",
            "serve",
            "--persona",
            "employee",
            "--listen",
            "127.0.0.1:0",
        ])
        .arg("--service-data")
        .arg(&data)
        .output()
        .unwrap();
    assert_refused(&out, &data, "cards serve --service-data");
    victim.assert_untouched("cards serve");
}

/// The start-up sweep removes only the scratch folders mynakit made and marked: the user's own
/// `mynakit-*` folders in `$TMPDIR` (the report folder named on the command line, a fuzz
/// output), however old, stay; a marked folder whose owner is gone goes.
#[test]
fn the_sweep_leaves_the_users_folders_alone() {
    let dir = tempfile::tempdir().unwrap();
    let two_days_ago =
        std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 24 * 60 * 60);
    let users: Vec<PathBuf> = ["mynakit-report", "mynakit-fuzz", "mynakit-notes-abc123"]
        .iter()
        .map(|name| {
            let folder = dir.path().join(name);
            std::fs::create_dir(&folder).unwrap();
            std::fs::write(folder.join("keep"), "x").unwrap();
            std::fs::File::open(&folder)
                .unwrap()
                .set_modified(two_days_ago)
                .unwrap();
            folder
        })
        .collect();
    // A scratch folder of a run that is gone: marked, its owner a process that has exited.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    let left = dir.path().join("mynakit-visual-mode-AbC123");
    std::fs::create_dir(&left).unwrap();
    std::fs::write(
        left.join(mynakit_reader::leftovers::MARKER),
        format!("{pid} 1\n"),
    )
    .unwrap();
    let out = quick_run(&users[0])
        .env("TMPDIR", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", common::text(&out));
    assert!(!left.exists(), "the leftover was not swept");
    for folder in &users {
        assert!(
            folder.join("keep").exists(),
            "{} was swept",
            folder.display()
        );
    }
}
