//! A run reads its fixtures once, not once per scenario (docs/architecture.md, `run::world`):
//! the kernel (inotify) counts every open of every file of a fixtures copy while runs of one
//! and of several scenarios go, and the counts must be the same.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::mem::MaybeUninit;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};

use mynakit_conformance::Level;
use mynakit_fixtures::Fixtures;
use mynakit_harness::run::{self, ClientSpec, RunConfig, Transport};
use rustix::fs::inotify;

/// Copies the folder `from` to `to`, keeping its tree; returns every folder made.
fn copy_tree(from: &Path, to: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(to).unwrap();
    let mut dirs = vec![to.to_owned()];
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            dirs.extend(copy_tree(&entry.path(), &target));
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    dirs
}

/// Opens of each file under the watched folders, by path relative to `root`.
struct Opens {
    fd: OwnedFd,
    dirs: BTreeMap<i32, PathBuf>,
}

impl Opens {
    fn watch(root: &Path, dirs: &[PathBuf]) -> Opens {
        let fd =
            inotify::init(inotify::CreateFlags::NONBLOCK | inotify::CreateFlags::CLOEXEC).unwrap();
        let dirs = dirs
            .iter()
            .map(|dir| {
                let wd = inotify::add_watch(&fd, dir, inotify::WatchFlags::OPEN).unwrap();
                (wd, dir.strip_prefix(root).unwrap().to_owned())
            })
            .collect();
        Opens { fd, dirs }
    }

    /// The opens since the last call, per file.
    fn take(&self) -> BTreeMap<PathBuf, usize> {
        let mut buf = [MaybeUninit::uninit(); 16 * 1024];
        let mut reader = inotify::Reader::new(&self.fd, &mut buf);
        let mut opens = BTreeMap::new();
        loop {
            let event = match reader.next() {
                Err(rustix::io::Errno::AGAIN) => return opens,
                other => other.unwrap(),
            };
            assert!(
                !event.events().contains(inotify::ReadFlags::QUEUE_OVERFLOW),
                "the inotify queue overflowed: the counts would be wrong"
            );
            // An event without a name is the watched folder itself being listed.
            if let (Some(name), Some(dir)) = (event.file_name(), self.dirs.get(&event.wd())) {
                let file = dir.join(name.to_str().unwrap());
                *opens.entry(file).or_insert(0) += 1;
            }
        }
    }
}

fn run_counted(
    opens: &Opens,
    scenarios: &[run::Loaded],
    fixtures: &Fixtures,
) -> BTreeMap<PathBuf, usize> {
    opens.take();
    let mut config = RunConfig::new(
        ClientSpec::reference(),
        Transport::InProcess,
        fixtures.clone(),
    );
    config.jobs = 2;
    let report = run::run(scenarios, &config, &|_| {}).unwrap();
    assert_eq!(report.scenarios.len(), scenarios.len());
    for s in &report.scenarios {
        assert_eq!(s.level, Level::Passed, "{}: {:?}", s.id, s.note);
    }
    opens.take()
}

#[test]
fn a_run_reads_each_fixtures_file_as_often_for_one_scenario_as_for_several() {
    let copy = tempfile::tempdir().unwrap();
    let bundled = Fixtures::bundled();
    let mut dirs = copy_tree(&bundled.personas_dir(), &copy.path().join("personas"));
    dirs.extend(copy_tree(&bundled.pki_dir(), &copy.path().join("pki")));
    let fixtures = Fixtures::open(copy.path()).unwrap();
    // Two cards of two personas, a terminal, and the scenario in each of its modes.
    let dir = mynakit_harness::scenario::bundled_dir();
    let one = run::load(&[dir.join("auth-expired-grace.yaml")], &fixtures).unwrap();
    let several = run::runs(one.clone());
    assert!(several.len() >= 3, "{}", several.len());
    let opens = Opens::watch(copy.path(), &dirs);

    let for_one = run_counted(&opens, &one, &fixtures);
    let for_several = run_counted(&opens, &several, &fixtures);

    let personas = fixtures.persona_ids().unwrap();
    for id in &personas {
        let file = PathBuf::from("personas").join(format!("{id}.toml"));
        assert_eq!(
            for_one.get(&file),
            Some(&1),
            "{}: {for_one:#?}",
            file.display()
        );
    }
    assert!(
        for_one.keys().any(|f| f.starts_with("pki/personas")),
        "no card material was read: {for_one:#?}"
    );
    assert_eq!(
        for_one,
        for_several,
        "opens for 1 scenario (left) and for {} (right)",
        several.len()
    );
}
