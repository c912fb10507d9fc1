//! The terminal's folders over SMB as a レセコン on another PC sees them: `mynakit terminal --smb`
//! (a private smbd from Debian's samba) driven by `smbclient`. Needs samba and smbclient: skipped
//! locally without them, but it FAILS when `CI` is set. What these tests show is documented in
//! `docs/terminal.md`, "Sharing the folders over SMB".
#![allow(clippy::unwrap_used)]

use crate::common;

use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{mynakit, text};
use mynakit_terminal_share::{Share, ShareConfig, ShareError};

fn installed(name: &str) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/sbin")])
        .any(|dir| dir.join(name).is_file())
}

fn prerequisites() -> bool {
    let ok = installed("smbd") && installed("pdbedit") && installed("smbclient");
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the SMB tests: apt-get install -y samba smbclient"
        );
        eprintln!("SKIPPED: needs samba and smbclient");
    }
    ok
}

/// A terminal root (`WORK/oqs`) with its `res` folder, shared on loopback: the work folder (kept
/// alive by the caller), `res`, and the share.
fn share_with_res() -> (tempfile::TempDir, std::path::PathBuf, Share) {
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("oqs");
    let res = root.join("res");
    std::fs::create_dir_all(&res).unwrap();
    let share = Share::start(&root, &ShareConfig::default()).unwrap();
    (work, res, share)
}

/// The employee persona's check from insurance-card data (`docs/terminal.md`, "Try it").
const REQUEST: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<XmlMsg>
  <MessageHeader>
    <QualificationConfirmationDate>20261101</QualificationConfirmationDate>
    <MedicalInstitutionCode>1312345678</MedicalInstitutionCode>
    <ArbitraryFileIdentifier>receipt-0001</ArbitraryFileIdentifier>
  </MessageHeader>
  <MessageBody>
    <QualificationConfirmSearchInfo>
      <InsurerNumber>06139992</InsurerNumber>
      <InsuredCardSymbol>1001</InsuredCardSymbol>
      <InsuredIdentificationNumber>2345</InsuredIdentificationNumber>
      <InsuredBranchNumber>00</InsuredBranchNumber>
      <Birthdate>19850412</Birthdate>
      <LimitApplicationCertificateRelatedConsFlg>0</LimitApplicationCertificateRelatedConsFlg>
    </QualificationConfirmSearchInfo>
  </MessageBody>
</XmlMsg>
"#;

/// `smbclient SHARE-ARGS -c COMMANDS`.
fn smbclient(args: &[String], commands: &str) -> Output {
    Command::new("smbclient")
        .args(args)
        .args(["-c", commands])
        .output()
        .unwrap()
}

/// A running `mynakit terminal --smb`: its stdout and stderr collected by threads, killed if a
/// test fails before stopping it.
struct Running {
    child: Option<Child>,
    stderr: Arc<Mutex<String>>,
    stdout: Arc<Mutex<String>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Running {
    /// Starts the terminal on `root` with the share, and waits for its banner.
    fn start(root: &Path, trace: &Path) -> Running {
        let mut child = mynakit()
            .args(["terminal", "--smb", "--pickup-delay-ms", "0"])
            .args(["--settle-ms", "200", "--poll-interval-ms", "50", "--root"])
            .arg(root)
            .arg("--trace")
            .arg(trace)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let collect = |stream: Box<dyn std::io::Read + Send>| {
            let text = Arc::new(Mutex::new(String::new()));
            let sink = text.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let mut all = sink.lock().unwrap();
                    all.push_str(&line);
                    all.push('\n');
                }
            });
            text
        };
        let stderr = collect(Box::new(child.stderr.take().unwrap()));
        let stdout = collect(Box::new(child.stdout.take().unwrap()));
        let mut running = Running {
            child: Some(child),
            stderr,
            stdout,
        };
        let start = Instant::now();
        while !running.stderr().contains("watching") {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "no banner: {}",
                running.stderr()
            );
            if let Some(status) = running.child.as_mut().and_then(|c| c.try_wait().unwrap()) {
                panic!("mynakit terminal exited ({status}): {}", running.stderr());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        running
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The `smbclient` arguments the banner prints (`smbclient //127.0.0.1/oqs -p N -A FILE`).
    fn smbclient_args(&self) -> Vec<String> {
        let banner = self.stderr();
        let line = banner
            .lines()
            .find_map(|l| l.strip_prefix("mynakit terminal: smbclient "))
            .unwrap_or_else(|| panic!("no smbclient line in the banner:\n{banner}"));
        line.split_whitespace().map(str::to_owned).collect()
    }

    /// The password file the banner names.
    fn password_file(&self) -> PathBuf {
        let banner = self.stderr();
        let line = banner
            .lines()
            .find(|l| l.contains("SMB user: mynakit"))
            .unwrap_or_else(|| panic!("no user line in the banner:\n{banner}"));
        PathBuf::from(line.rsplit("cat ").next().unwrap())
    }

    /// SIGTERM, as `systemctl stop` or CI sends it; the exit status must be success.
    fn stop(mut self) -> (String, String) {
        let mut child = self.child.take().unwrap();
        let status = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let status = child.wait().unwrap();
        // The collecting threads end with the pipes.
        std::thread::sleep(Duration::from_millis(100));
        assert!(status.success(), "{status}: {}", self.stderr());
        (self.stdout.lock().unwrap().clone(), self.stderr())
    }
}

/// The smbclient commands of a careful client: put `local` as `req/NAME.tmp`, then rename it to
/// `req/NAME`, so the terminal never sees it half-written.
fn put_then_rename(local: &Path, name: &str) -> String {
    format!(
        "put {} req/{name}.tmp; rename req/{name}.tmp req/{name}",
        local.display()
    )
}

/// Gets `remote` over SMB into `local` once it exists, polling (the terminal answers after its
/// pickup and settle times).
fn get_when_there(args: &[String], remote: &str, local: &Path) -> String {
    let start = Instant::now();
    loop {
        let out = smbclient(args, &format!("get {remote} {}", local.display()));
        if out.status.success() {
            return std::fs::read_to_string(local).unwrap();
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{remote} never appeared: {}",
            text(&out)
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Whether a live process whose command line names `program` also names `dir`.
fn mentioned_by_a_process(dir: &Path, program: &str) -> bool {
    let dir = dir.display().to_string();
    std::fs::read_dir("/proc").unwrap().flatten().any(|p| {
        let cmdline =
            String::from_utf8_lossy(&std::fs::read(p.path().join("cmdline")).unwrap_or_default())
                .into_owned();
        cmdline.contains(program) && cmdline.contains(&dir)
    })
}

fn pid_alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        !stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('Z')
    })
}

/// A careful レセコン over SMB: put the request under a temporary name, rename it into `req`,
/// then fetch the result from `res`. The share holds nothing but the terminal's folders, and
/// stopping the terminal stops smbd and removes its directory.
#[test]
fn a_request_put_and_renamed_over_smb_is_answered_in_res() {
    if !prerequisites() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("oqs");
    let running = Running::start(&root, &work.path().join("trace.jsonl"));
    let args = running.smbclient_args();
    let local = work.path().join("request.xml");
    std::fs::write(&local, REQUEST).unwrap();
    let name = "OQSsiquc01req_202611010001.xml";
    let out = smbclient(&args, &put_then_rename(&local, name));
    assert!(out.status.success(), "{}", text(&out));
    let result = get_when_there(
        &args,
        "res/OQSsiquc01res_202611010001.xml",
        &work.path().join("result.xml"),
    );
    assert!(
        result.contains("<QualificationValidity>1</QualificationValidity>"),
        "{result}"
    );
    assert!(
        !root.join("req").join(name).exists(),
        "the terminal took the request"
    );

    // Only the terminal's folders, and no other share (no homes, no printers).
    let out = smbclient(&args, "ls");
    let listing = text(&out);
    for folder in ["req", "res", "face"] {
        assert!(listing.contains(folder), "{listing}");
    }
    let mut other = args.clone();
    other[0] = other[0].replace("/oqs", "/root");
    let out = smbclient(&other, "ls");
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("NT_STATUS_BAD_NETWORK_NAME"),
        "{}",
        text(&out)
    );

    // No RPC helper is started (it would outlive smbd): a share listing finds nothing to ask.
    let out = Command::new("smbclient")
        .args([
            "-L",
            &args[0].replace("/oqs", ""),
            "-p",
            &args[2],
            "-A",
            &args[4],
        ])
        .output()
        .unwrap();
    let dir = running.password_file().parent().unwrap().to_owned();
    assert!(
        !mentioned_by_a_process(&dir, "samba-dcerpcd"),
        "{}",
        text(&out)
    );

    // A symlink out of the root is not followed.
    let secret = work.path().join("outside.txt");
    std::fs::write(&secret, "not for the share").unwrap();
    std::os::unix::fs::symlink(&secret, root.join("res").join("link.xml")).unwrap();
    let out = smbclient(
        &args,
        &format!("get res/link.xml {}", work.path().join("l").display()),
    );
    assert!(!out.status.success(), "followed: {}", text(&out));

    let banner = running.stderr();
    let pid: u32 = banner
        .split("smbd pid ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no smbd pid in the banner:\n{banner}"));
    assert!(pid_alive(pid) && dir.is_dir());
    running.stop();
    assert!(!pid_alive(pid), "smbd {pid} still runs");
    assert!(!dir.exists(), "{} left behind", dir.display());
}

/// The password is in its 0600 file and nowhere else: not in the terminal's stdout, stderr
/// (the banner names the file), trace, or smbd's log, even after a failed login.
#[test]
fn the_password_appears_only_in_its_file() {
    use std::os::unix::fs::PermissionsExt as _;
    if !prerequisites() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("oqs");
    let trace = work.path().join("trace.jsonl");
    let running = Running::start(&root, &trace);
    let file = running.password_file();
    let password = std::fs::read_to_string(&file).unwrap().trim().to_owned();
    assert_eq!(password.len(), 20);
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let args = running.smbclient_args();
    let credentials = std::fs::metadata(&args[4]).unwrap();
    assert_eq!(credentials.permissions().mode() & 0o777, 0o600);
    // The share's folder (smb.conf, passdb, logs) is its owner's alone (`docs/security.md`).
    let folder = file.parent().unwrap();
    assert_eq!(
        std::fs::metadata(folder).unwrap().permissions().mode() & 0o777,
        0o700,
        "{}",
        folder.display()
    );
    if mynakit_reader::pcscd::is_root() {
        use std::os::unix::process::CommandExt as _;
        let peek = Command::new("cat")
            .arg(folder.join("smb.conf"))
            .uid(65534)
            .gid(65534)
            .output()
            .unwrap();
        assert!(
            !peek.status.success() && text(&peek).contains("Permission denied"),
            "another user read smb.conf: {}",
            text(&peek)
        );
    }

    // A wrong password is refused; the right one, typed as `net use` users do, works.
    let wrong = smbclient(
        &[
            args[0].clone(),
            "-p".into(),
            args[2].clone(),
            "-U".into(),
            "mynakit%not-the-password".into(),
        ],
        "ls",
    );
    assert!(
        text(&wrong).contains("NT_STATUS_LOGON_FAILURE"),
        "{}",
        text(&wrong)
    );
    let local = work.path().join("request.xml");
    std::fs::write(&local, REQUEST).unwrap();
    let name = "OQSsiquc01req_202611010002.xml";
    let mut typed = Command::new("smbclient")
        .args([&args[0], "-p", &args[2], "-U", "mynakit"])
        .args(["-c", &put_then_rename(&local, name)])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(typed.stdin.take().unwrap(), "{password}").unwrap();
    let out = typed.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    get_when_there(
        &args,
        "res/OQSsiquc01res_202611010002.xml",
        &work.path().join("result.xml"),
    );

    let logs: String = std::fs::read_dir(file.parent().unwrap().join("log"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    let (stdout, stderr) = running.stop();
    let trace = std::fs::read_to_string(&trace).unwrap();
    assert!(trace.contains("OQSsiquc01req_202611010002"), "{trace}");
    for (what, text) in [
        ("stdout", &stdout),
        ("stderr", &stderr),
        ("trace", &trace),
        ("smbd log", &logs),
    ] {
        assert!(!text.contains(&password), "the password is in the {what}");
    }
    assert!(stderr.contains(&file.display().to_string()), "{stderr}");
}

/// What an SMB reader sees of a result the terminal is still writing. Share modes (Windows'
/// FILE_SHARE_*) are kept between SMB opens only: the terminal writes with local file calls,
/// which Samba neither sees nor blocks, so a reader is never refused. Written in place (created
/// under its final name, then written and closed), the file is visible at once and a reader gets
/// whatever part is on disk. Written under a hidden temporary name and renamed, the result does
/// not exist under its name until it is whole.
#[test]
fn a_reader_sees_a_result_being_written_in_place_cut_short() {
    if !prerequisites() {
        return;
    }
    let (work, res, share) = share_with_res();
    let args = share.smbclient_args();
    let whole = REQUEST.replace("req", "res");
    let half = whole.len() / 2;

    // In place: open, write half (flushed to the file, still open), read over SMB.
    let name = "OQSsiquc01res_inplace.xml";
    let mut writer = std::fs::File::create(res.join(name)).unwrap();
    writer.write_all(&whole.as_bytes()[..half]).unwrap();
    writer.flush().unwrap();
    let seen = work.path().join("seen.xml");
    let out = smbclient(&args, &format!("get res/{name} {}", seen.display()));
    assert!(out.status.success(), "no sharing violation: {}", text(&out));
    let partial = std::fs::read(&seen).unwrap();
    assert_eq!(partial.len(), half, "the reader got the half on disk");
    assert!(!String::from_utf8_lossy(&partial).contains("</XmlMsg>"));
    writer.write_all(&whole.as_bytes()[half..]).unwrap();
    drop(writer);
    let out = smbclient(&args, &format!("get res/{name} {}", seen.display()));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&seen).unwrap(), whole);

    // Temporary name, then rename: mid-write, the final name is absent and the temporary one is
    // a dot file (hidden in Explorer); after the rename the reader gets the whole file.
    let name = "OQSsiquc01res_renamed.xml";
    let temp = res.join(format!(".{name}.1.tmp"));
    let mut writer = std::fs::File::create(&temp).unwrap();
    writer.write_all(&whole.as_bytes()[..half]).unwrap();
    writer.flush().unwrap();
    let out = smbclient(&args, &format!("get res/{name} {}", seen.display()));
    assert!(
        text(&out).contains("NT_STATUS_OBJECT_NAME_NOT_FOUND"),
        "{}",
        text(&out)
    );
    let listing = text(&smbclient(&args, "ls res/*"));
    assert!(listing.contains(&format!(".{name}.1.tmp")), "{listing}");
    writer.write_all(&whole.as_bytes()[half..]).unwrap();
    drop(writer);
    std::fs::rename(&temp, res.join(name)).unwrap();
    let out = smbclient(&args, &format!("get res/{name} {}", seen.display()));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&seen).unwrap(), whole);

    // The terminal's own atomic writer does the same.
    mynakit_terminal::write_atomic(&res, "OQSsiquc01res_atomic.xml", whole.as_bytes()).unwrap();
    let out = smbclient(
        &args,
        &format!("get res/OQSsiquc01res_atomic.xml {}", seen.display()),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&seen).unwrap(), whole);
}

/// `--smb-listen ADDR` serves port 445, which Windows insists on: refused without root, and
/// refused (naming the port) when something already holds it; as root with the port free, a
/// client reaches the share on 445.
#[test]
fn port_445_needs_root_and_a_free_port() {
    if !prerequisites() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("oqs");
    std::fs::create_dir_all(&root).unwrap();
    let loopback = ShareConfig {
        listen: Some("127.0.0.1".parse().unwrap()),
    };
    if !mynakit_reader::pcscd::is_root() {
        let err = Share::start(&root, &loopback).unwrap_err();
        assert!(matches!(err, ShareError::NotRoot { .. }), "{err}");
        assert!(err.to_string().contains("needs root"), "{err}");
        return;
    }
    // Held by us (the share must refuse), or else by a system smbd (a CI machine with samba's
    // service running), which must be refused just the same.
    let held = std::net::TcpListener::bind("127.0.0.1:445").ok();
    let err = Share::start(&root, &loopback).unwrap_err();
    assert!(matches!(err, ShareError::PortHeld { .. }), "{err}");
    assert!(err.to_string().contains("127.0.0.1:445"), "{err}");
    let Some(listener) = held else {
        eprintln!("port 445 is held by another process: checked the refusal only");
        return;
    };
    drop(listener);
    let share = Share::start(&root, &loopback).unwrap();
    assert_eq!(share.addr().port(), 445);
    assert!(share.describe().iter().any(|l| l.contains("net use")));
    let out = Command::new("smbclient")
        .args(["//127.0.0.1/oqs", "-A"])
        .arg(share.credentials_file())
        .args(["-c", "ls"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let err = Share::start(&root, &loopback).unwrap_err();
    assert!(matches!(err, ShareError::PortHeld { .. }), "{err}");
}

/// What a watcher on the share (Windows' `ReadDirectoryChangesW`, .NET `FileSystemWatcher`)
/// is told of the terminal's local writes: Samba turns them into SMB change notifications
/// (inotify, `kernel change notify`). A result the terminal writes by default (`--result-write
/// create`, [`mynakit_terminal::write_atomic`]) is FILE_ACTION_ADDED (1, .NET `Created`) under its
/// final name and never renamed; one created in place is ADDED then MODIFIED (3, `Changed`); one
/// written under a temporary name and renamed (`--result-write rename`, the old default) is
/// RENAMED_OLD_NAME/RENAMED_NEW_NAME (4/5, .NET `Renamed`) and never ADDED under its own name.
#[test]
fn an_smb_change_watcher_is_told_of_the_terminals_writes() {
    if !prerequisites() {
        return;
    }
    let (_work, res, share) = share_with_res();
    // `smbclient -c 'notify res'` prints "ACTION NAME" per change; unbuffered through stdbuf.
    let mut watcher = Command::new("stdbuf")
        .args(["-o0", "smbclient"])
        .args(share.smbclient_args())
        .args(["-c", "notify res"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let seen = Arc::new(Mutex::new(String::new()));
    let sink = seen.clone();
    let stdout = watcher.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let mut all = sink.lock().unwrap();
            all.push_str(&line);
            all.push('\n');
        }
    });
    let wait_for = |wanted: &str, touch: &dyn Fn()| {
        let start = Instant::now();
        while !seen.lock().unwrap().contains(wanted) {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "no `{wanted}`: {}",
                seen.lock().unwrap()
            );
            touch();
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    // The watch is registered once a probe is reported; touch it until then.
    wait_for("probe.txt", &|| {
        std::fs::write(res.join("probe.txt"), "p").unwrap();
    });
    mynakit_terminal::write_atomic(&res, "OQSsiquc01res_atomic.xml", b"<XmlMsg/>").unwrap();
    wait_for("0001 OQSsiquc01res_atomic.xml", &|| {});
    std::fs::write(res.join(".OQSsiquc01res_renamed.xml.tmp"), b"<XmlMsg/>").unwrap();
    std::fs::rename(
        res.join(".OQSsiquc01res_renamed.xml.tmp"),
        res.join("OQSsiquc01res_renamed.xml"),
    )
    .unwrap();
    wait_for("0005 OQSsiquc01res_renamed.xml", &|| {});
    let mut writer = std::fs::File::create(res.join("OQSsiquc01res_inplace.xml")).unwrap();
    writer.write_all(b"<XmlMsg/>").unwrap();
    drop(writer);
    wait_for("0003 OQSsiquc01res_inplace.xml", &|| {});
    let _ = watcher.kill();
    let _ = watcher.wait();
    let seen = seen.lock().unwrap().clone();
    assert!(seen.contains("0001 OQSsiquc01res_inplace.xml"), "{seen}");
    assert!(!seen.contains("0005 OQSsiquc01res_atomic.xml"), "{seen}");
    assert!(!seen.contains("0004 OQSsiquc01res_atomic.xml"), "{seen}");
    assert!(
        seen.contains("0004 .OQSsiquc01res_renamed.xml.tmp"),
        "{seen}"
    );
    assert!(!seen.contains("0001 OQSsiquc01res_renamed.xml"), "{seen}");
}
