//! The container image (image/build.sh, docs/install.md "The container image"): built from this
//! test's own binary with no registry pull, then run with podman as a vendor's CI runs it: as a
//! non-root user (rootless podman), with no `--privileged`, no added capability and no network
//! (`--network none`: the container has its own loopback only, so nothing it starts is reachable
//! from outside). It runs the mission scenarios in-process, then a client command from a mounted
//! folder over a real pcscd in the container, both ways docs/install.md gives, each writing its
//! reports into a mounted folder that must end up the caller's.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{repo, text};

/// The user that runs podman (the test itself runs as root, as CI does): a plain account with
/// subordinate ids, as a CI runner's is. Debian 12's `useradd` gives it its ranges in
/// /etc/subuid and /etc/subgid (SUB_UID_COUNT, login.defs(5)), which rootless podman maps the
/// image's other owners to through newuidmap (podman(1), "Rootless mode").
const USER: &str = "mynakit-podman";

/// What the test needs, and the Debian package of each.
const TOOLS: [(&str, &str); 5] = [
    ("podman", "podman"),
    ("buildah", "buildah"),
    ("debootstrap", "debootstrap"),
    ("runc", "runc"),
    ("newuidmap", "uidmap"),
];

fn missing_tools() -> Vec<&'static str> {
    TOOLS
        .iter()
        .filter(|(program, _)| {
            Command::new(program)
                .arg("--help")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .is_err()
        })
        .map(|(_, package)| *package)
        .collect()
}

/// Who runs podman: [`USER`], created if missing.
struct Runner {
    uid: u32,
    home: PathBuf,
}

fn runner() -> Runner {
    let exists = Command::new("id")
        .args(["-u", USER])
        .output()
        .unwrap()
        .status
        .success();
    if !exists {
        // Two test processes may race here; the loser's "already exists" (exit 9) is fine.
        let out = Command::new("useradd")
            .args(["--create-home", "--shell", "/bin/sh", "--comment"])
            .arg("rootless podman of mynakit harness/tests/external/image.rs")
            .arg(USER)
            .output()
            .unwrap();
        assert!(
            out.status.success() || out.status.code() == Some(9),
            "useradd {USER}: {}",
            text(&out)
        );
    }
    for file in ["/etc/subuid", "/etc/subgid"] {
        let ranges = std::fs::read_to_string(file).unwrap_or_default();
        assert!(
            ranges.lines().any(|l| l.starts_with(&format!("{USER}:"))),
            "{USER} has no range in {file}: rootless podman needs one (usermod --add-subuids)"
        );
    }
    // name:password:uid:gid:comment:home:shell (passwd(5)).
    let entry = Command::new("getent")
        .args(["passwd", USER])
        .output()
        .unwrap();
    let entry = String::from_utf8_lossy(&entry.stdout).trim().to_owned();
    let fields: Vec<&str> = entry.split(':').collect();
    assert_eq!(fields.len(), 7, "getent passwd {USER}: {entry}");
    Runner {
        uid: fields[2].parse().unwrap(),
        home: PathBuf::from(fields[5]),
    }
}

/// Rootless podman with all of its state in `state` (so the test neither sees nor leaves images
/// in the user's own storage), as `runner`.
///
/// - `--runtime runc`: crun 1.8 (Debian 12's default) refuses a host whose cgroup v2 hierarchy
///   has controllers beside v1 ones ("cgroups in hybrid mode not supported"), as this test's
///   machine has; runc runs there and on a pure v2 host alike.
/// - `--cgroup-manager cgroupfs`, `--events-backend file`: a CI job has no systemd user session
///   and no journald to talk to (podman(1), containers.conf(5)).
/// - `--storage-driver overlay`: rootless native overlay (Linux 5.13 and later), a container's
///   start in a fraction of a second where vfs copies the image each time.
fn podman(runner: &Runner, state: &Path) -> Command {
    let mut c = Command::new("runuser");
    c.args(["-u", USER, "--", "podman"])
        .env("HOME", &runner.home)
        .env_remove("XDG_RUNTIME_DIR")
        .env_remove("CONTAINERS_CONF")
        .env_remove("CONTAINERS_STORAGE_CONF")
        .arg("--root")
        .arg(state.join("storage"))
        .arg("--runroot")
        .arg(state.join("run"))
        .arg("--tmpdir")
        .arg(state.join("tmp"))
        .args([
            "--storage-driver",
            "overlay",
            "--runtime",
            "runc",
            "--cgroup-manager",
            "cgroupfs",
            "--events-backend",
            "file",
        ])
        .current_dir(state)
        .stdin(std::process::Stdio::null());
    c
}

/// Removes the test's podman state as its user (the layers belong to subordinate ids).
struct Reset<'a> {
    runner: &'a Runner,
    state: &'a Path,
}

impl Drop for Reset<'_> {
    fn drop(&mut self) {
        let _ = podman(self.runner, self.state)
            .args(["system", "reset", "--force"])
            .output();
    }
}

/// A folder of the runner's, as a CI job's workspace is.
fn folder_of(runner: &Runner, path: &Path) {
    std::fs::create_dir_all(path).unwrap();
    std::os::unix::fs::chown(path, Some(runner.uid), None).unwrap();
}

/// Every report of `dir` exists and is the caller's (not root's, not a subordinate id's).
fn assert_reports_of(runner: &Runner, dir: &Path, out: &Output) {
    for file in ["report.xml", "report.json", "report.html"] {
        let meta = std::fs::metadata(dir.join(file))
            .unwrap_or_else(|e| panic!("{}: {e}\n{}", dir.join(file).display(), text(out)));
        assert_eq!(meta.uid(), runner.uid, "{file} of {}", dir.display());
    }
}

#[test]
fn the_image_runs_the_missions_under_rootless_podman() {
    let missing = missing_tools();
    if !missing.is_empty() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs {} (apt-get install, as .ci/run does) to build and run the image",
            missing.join(", ")
        );
        eprintln!("skipped: {} needed", missing.join(", "));
        return;
    }
    // image/build.sh needs root (debootstrap), and so does making a user: CI runs as root.
    if std::fs::metadata("/proc/self").unwrap().uid() != 0 {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs as root: image/build.sh and the podman user need it"
        );
        eprintln!("skipped: root is needed to build the image and make the podman user");
        return;
    }
    let runner = runner();
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("podman");
    folder_of(&runner, dir.path());
    folder_of(&runner, &state);
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();

    // The image, from this very binary; the Debian root is cached (image/build.sh).
    let started = std::time::Instant::now();
    let archive = dir.path().join("mynakit-image.tar");
    let build = Command::new(repo().join("image/build.sh"))
        .arg(env!("CARGO_BIN_EXE_mynakit"))
        .arg(&archive)
        .env("MYNAKIT_IMAGE_TAG", "localhost/mynakit:test")
        .output()
        .unwrap();
    assert!(build.status.success(), "image/build.sh: {}", text(&build));
    std::os::unix::fs::chown(&archive, Some(runner.uid), None).unwrap();
    eprintln!("image built in {:.1} s", started.elapsed().as_secs_f64());
    nothing_of_the_build_host_in(&archive, &dir.path().join("layout"));

    let _reset = Reset {
        runner: &runner,
        state: &state,
    };
    let load = podman(&runner, &state)
        .arg("load")
        .arg("--input")
        .arg(&archive)
        .output()
        .unwrap();
    assert!(load.status.success(), "podman load: {}", text(&load));

    // A vendor's app, in a folder mounted read-only: here a script that starts the reference
    // client, as docs/ci.md's `client:` does.
    let client = dir.path().join("client");
    folder_of(&runner, &client);
    let app = client.join("our-app");
    std::fs::write(&app, "#!/bin/sh\nexec mynakit reference-client \"$@\"\n").unwrap();
    std::fs::set_permissions(&app, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    std::os::unix::fs::chown(&app, Some(runner.uid), None).unwrap();

    let run = |name: &str, options: &[&str], command: &str| {
        let reports = dir.path().join(name);
        folder_of(&runner, &reports);
        let started = std::time::Instant::now();
        let out = podman(&runner, &state)
            .args(["run", "--rm", "--network", "none"])
            .args(options)
            .arg("--volume")
            .arg(format!("{}:/client:ro", client.display()))
            .arg("--volume")
            .arg(format!("{}:/report", reports.display()))
            .args(["localhost/mynakit:test", "sh", "-c", command])
            .output()
            .unwrap();
        eprintln!("{name}: {:.1} s", started.elapsed().as_secs_f64());
        let said = text(&out);
        assert!(out.status.success(), "{name}: {said}");
        // Rootless podman: the container's root is the caller, never the host's root.
        assert!(!said.contains("real root"), "{name}: {said}");
        assert!(said.contains(" PASSED in "), "{name}: {said}");
        assert!(!said.contains("FAILED"), "{name}: {said}");
        assert_reports_of(&runner, &reports, &out);
        said
    };

    // In-process, as the container's root, which rootless podman maps to the caller.
    run(
        "in-process",
        &[],
        "mynakit run --transport in-process --filter tag:mission --report-dir /report",
    );

    // The client command over the managed pcscd: `--userns keep-id` runs mynakit as the
    // caller's own uid, so it starts its pcscd in a user namespace of its own, nested in the
    // container's (as the container's root, without CAP_SYS_ADMIN, it may not unshare).
    let said = run(
        "managed-pcscd",
        &["--userns", "keep-id"],
        "mynakit run --client /client/our-app --transport pcscd --pcscd managed \
         --filter tag:mission --report-dir /report",
    );
    assert!(
        said.contains("client: /client/our-app, transport: pcscd"),
        "{said}"
    );

    // The client command over the system pcscd, started in the container as its root: the way
    // where nested user namespaces are refused (Docker's default seccomp profile), as the GitLab
    // job of docs/install.md runs it: the image's steps.sh with the Action's variables.
    let said = run(
        "system-pcscd",
        &[
            "--env",
            "MYNAKIT_CLIENT=/client/our-app",
            "--env",
            "MYNAKIT_ARGS=--transport pcscd --pcscd system --filter tag:mission",
            "--env",
            "MYNAKIT_REPORT_DIR=/report",
        ],
        "pcscd && exec /usr/local/lib/mynakit/steps.sh run",
    );
    assert!(
        said.contains("client: /client/our-app, transport: pcscd"),
        "{said}"
    );
    assert!(said.contains("artifact-name=mynakit-report-"), "{said}");

    // The docs travel in the image: a check explained and a page printed by the binary alone.
    let out = podman(&runner, &state)
        .args([
            "run",
            "--rm",
            "--network",
            "none",
            "localhost/mynakit:test",
            "sh",
            "-c",
        ])
        .arg("mynakit checks PIN-one-verify && mynakit docs install")
        .output()
        .unwrap();
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("proven by:") && said.contains("# Installing mynakit"),
        "{said}"
    );

    rootful_run_warns(&archive, dir.path());
    eprintln!("in all {:.1} s", started.elapsed().as_secs_f64());
}

/// The image's layers and configuration hold nothing of the machine that built it: no
/// /etc/resolv.conf or /etc/hostname with content (debootstrap copies the host's), no
/// `MYNAKIT_DEBIAN_MIRROR` address in apt's sources, no host name in /etc/hosts; and the image
/// names no user, so that rootless podman's `--userns keep-id` works (docs/install.md).
fn nothing_of_the_build_host_in(archive: &Path, layout: &Path) {
    std::fs::create_dir_all(layout).unwrap();
    let unpack = Command::new("tar")
        .arg("-xf")
        .arg(archive)
        .arg("-C")
        .arg(layout)
        .output()
        .unwrap();
    assert!(unpack.status.success(), "tar: {}", text(&unpack));
    let blob = |digest: &serde_json::Value| {
        let digest = digest.as_str().unwrap();
        layout
            .join("blobs/sha256")
            .join(digest.trim_start_matches("sha256:"))
    };
    let json = |path: PathBuf| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    };
    let index = json(layout.join("index.json"));
    let manifest = json(blob(&index["manifests"][0]["digest"]));
    let config = json(blob(&manifest["config"]["digest"]));
    let user = config["config"]["User"].as_str().unwrap_or_default();
    assert!(user.is_empty(), "the image names the user {user:?}");

    let host_name = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    let host_name = host_name.trim();
    let mirror = std::env::var("MYNAKIT_DEBIAN_MIRROR").unwrap_or_default();
    let layers = manifest["layers"].as_array().unwrap();
    assert!(!layers.is_empty(), "{manifest}");
    for layer in layers {
        let layer = blob(&layer["digest"]);
        let list = Command::new("tar")
            .arg("-tzf")
            .arg(&layer)
            .output()
            .unwrap();
        assert!(list.status.success(), "tar -t: {}", text(&list));
        for entry in String::from_utf8_lossy(&list.stdout).lines() {
            let path = entry.trim_start_matches("./");
            let read = || {
                let out = Command::new("tar")
                    .arg("-xzOf")
                    .arg(&layer)
                    .arg(entry)
                    .output()
                    .unwrap();
                String::from_utf8_lossy(&out.stdout).into_owned()
            };
            match path {
                "etc/resolv.conf" | "etc/hostname" => {
                    let content = read();
                    assert!(content.trim().is_empty(), "{path} in a layer: {content:?}");
                }
                "etc/hosts" if !host_name.is_empty() && host_name != "localhost" => {
                    let content = read();
                    assert!(!content.contains(host_name), "etc/hosts: {content:?}");
                }
                _ if path.starts_with("etc/apt/sources.list") && !path.ends_with('/') => {
                    let content = read();
                    if !mirror.is_empty() {
                        assert!(!content.contains(&mirror), "{path}: {content:?}");
                    }
                    for line in content.lines().filter(|l| l.starts_with("deb")) {
                        assert!(
                            line.contains("http://deb.debian.org/debian"),
                            "{path}: {line}"
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

/// Under a rootful engine (podman run by root here, as Docker runs every container) without
/// `--user`, a client command runs as the host's real root: mynakit says so at start, and not
/// with `--user`, the way docs/install.md gives.
fn rootful_run_warns(archive: &Path, dir: &Path) {
    let state = dir.join("rootful");
    let rootful = || {
        let mut c = Command::new("podman");
        c.arg("--root")
            .arg(state.join("storage"))
            .arg("--runroot")
            .arg(state.join("run"))
            .arg("--tmpdir")
            .arg(state.join("tmp"))
            .args([
                "--runtime",
                "runc",
                "--cgroup-manager",
                "cgroupfs",
                "--events-backend",
                "file",
            ])
            .env_remove("CONTAINERS_CONF")
            .stdin(std::process::Stdio::null());
        c
    };
    let load = rootful()
        .arg("load")
        .arg("--input")
        .arg(archive)
        .output()
        .unwrap();
    assert!(load.status.success(), "podman load (root): {}", text(&load));
    let list = "mynakit run --client /bin/true --list --filter tag:mission";
    let run = |options: &[&str]| {
        // Limits within the test machine's own: rootful podman's defaults (nofile, nproc) are
        // above what a container (this test's CI) may raise them to, and runc refuses those.
        let out = rootful()
            .args(["run", "--rm", "--network", "none"])
            .args([
                "--ulimit",
                "nofile=4096:4096",
                "--ulimit",
                "nproc=4096:4096",
            ])
            .args(options)
            .args(["localhost/mynakit:test", "sh", "-c", list])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out));
        text(&out)
    };
    let said = run(&[]);
    assert!(
        said.contains("warning: running as the host's real root"),
        "{said}"
    );
    let said = run(&["--user", "1000:1000"]);
    assert!(!said.contains("real root"), "{said}");
    let _ = rootful().args(["system", "reset", "--force"]).output();
}

/// The release tarball (action/release.sh package, as .github/workflows/release.yml makes it)
/// unpacked into a fresh copy of the clean Debian 12 root of image/debian-root.sh, which holds
/// only the runtime packages docs/install.md lists, and run there under chroot, in a mount and
/// PID namespace of its own (its mounts gone with it): the mission scenarios
/// in-process, then a client command over the managed pcscd. Nothing of the host's is seen but
/// the kernel.
#[test]
fn the_release_tarball_runs_the_missions_in_a_clean_debian_root() {
    let missing: Vec<&str> = [
        ("debootstrap", "debootstrap"),
        ("strip", "binutils"),
        ("unshare", "util-linux"),
    ]
    .iter()
    .filter(|(program, _)| {
        Command::new(program)
            .arg("--version")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_err()
    })
    .map(|(_, package)| *package)
    .collect();
    let root_user = std::fs::metadata("/proc/self").unwrap().uid() == 0;
    if !missing.is_empty() || !root_user {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs root and {missing:?} (as .ci/run installs them) to try the release tarball"
        );
        eprintln!("skipped: root and {missing:?} are needed");
        return;
    }
    let started = std::time::Instant::now();
    let clean = Command::new(repo().join("image/debian-root.sh"))
        .output()
        .unwrap();
    assert!(clean.status.success(), "debian-root.sh: {}", text(&clean));
    let clean = PathBuf::from(String::from_utf8_lossy(&clean.stdout).trim());

    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    let version = "v0.0.0-root-test";
    let package = Command::new(repo().join("action/release.sh"))
        .args(["package", version])
        .arg(env!("CARGO_BIN_EXE_mynakit"))
        .arg(&dist)
        .env("SOURCE_DATE_EPOCH", "0")
        .output()
        .unwrap();
    assert!(package.status.success(), "release.sh: {}", text(&package));
    let name = format!("mynakit-{version}-{}-linux", std::env::consts::ARCH);

    // A fresh copy, so the cached root stays as debootstrap made it.
    let root = dir.path().join("root");
    let copy = Command::new("cp")
        .arg("-a")
        .arg(&clean)
        .arg(&root)
        .output()
        .unwrap();
    assert!(copy.status.success(), "cp: {}", text(&copy));
    let unpack = Command::new("tar")
        .arg("-xzf")
        .arg(dist.join(format!("{name}.tar.gz")))
        .arg("-C")
        .arg(root.join("opt"))
        .output()
        .unwrap();
    assert!(unpack.status.success(), "tar: {}", text(&unpack));
    eprintln!(
        "root and tarball in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let bin = format!("/opt/{name}/mynakit");
    let run = |report: &str, args: &[&str]| {
        let started = std::time::Instant::now();
        // The root bound onto itself, so that it is a mount point as a machine's / is: the
        // managed pcscd's `unshare --mount` makes / private, which a plain folder refuses
        // (EINVAL, mount_namespaces(7)).
        let out = Command::new("unshare")
            .args(["--mount", "--pid", "--fork", "sh", "-c"])
            .arg(
                "mount --bind \"$0\" \"$0\" && mount -t proc proc \"$0/proc\" && \
                 exec chroot \"$0\" \"$@\"",
            )
            .arg(&root)
            .args(["/usr/bin/env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin"])
            .args(["HOME=/root", &bin, "run", "--report-dir", report])
            .args(args)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        eprintln!("{report}: {:.1} s", started.elapsed().as_secs_f64());
        let said = text(&out);
        assert!(out.status.success(), "{report}: {said}");
        assert!(said.contains(" PASSED in "), "{report}: {said}");
        assert!(!said.contains("FAILED"), "{report}: {said}");
        let inside = root.join(report.trim_start_matches('/'));
        assert!(inside.join("report.xml").is_file(), "{report}: {said}");
        said
    };
    run(
        "/tmp/in-process",
        &["--transport", "in-process", "--filter", "tag:mission"],
    );
    let client = format!("{bin} reference-client");
    let said = run(
        "/tmp/managed-pcscd",
        &[
            "--client",
            &client,
            "--transport",
            "pcscd",
            "--filter",
            "tag:mission",
        ],
    );
    assert!(said.contains("transport: pcscd"), "{said}");

    // The docs travel in the tarball: the binary alone explains a check and prints a page.
    let out = Command::new("chroot")
        .arg(&root)
        .args([
            "/usr/bin/env",
            "-i",
            "PATH=/usr/bin:/bin",
            "HOME=/root",
            &bin,
        ])
        .args(["checks", "UKE-visits"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("proven by:"), "{}", text(&out));
    let out = Command::new("chroot")
        .arg(&root)
        .args([
            "/usr/bin/env",
            "-i",
            "PATH=/usr/bin:/bin",
            "HOME=/root",
            &bin,
        ])
        .args(["docs", "conformance"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        out.stdout,
        std::fs::read(repo().join("docs/conformance.md")).unwrap()
    );
    eprintln!("in all {:.1} s", started.elapsed().as_secs_f64());
}
