//! No other local user drives the card: the managed pcscd of `mynakit serve` and of `mynakit run
//! --transport pcscd` answers only the user who started mynakit (and root).
//!
//! A stock PC/SC client (OpenSC's `opensc-tool`) is pointed at the printed socket twice: as the
//! owner, where SELECT answers 9000 and VERIFY (no data: only asks the tries left) 63C3, which
//! shows the probe works; and as the user `nobody` (`setuid` before exec), which must get no
//! answer from the card at all. The folders along the socket's path are checked too: 0700, and
//! the socket 0600 (`docs/security.md`, "Threat model: the virtual readers").
//!
//! Needs pcscd, vsmartcard-vpcd, OpenSC and root (to become `nobody`): skipped locally without
//! them, but FAILS when `CI` is set, naming what is missing.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt as _;
use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{free_control, mynakit, text};

/// The unprivileged user (Debian's `nobody`).
const NOBODY: u32 = 65534;

/// SELECT the JPKI AP, SELECT the authentication PIN's EF, VERIFY without data (the tries left,
/// no try spent): the commands another user must not get an answer to.
const PROBE: [&str; 6] = [
    "-s",
    "00A4040C0AD392F000260100000001",
    "-s",
    "00A4020C020018",
    "-s",
    "00200080",
];

fn prerequisites() -> bool {
    let mut missing = Vec::new();
    if let Err(e) = mynakit_reader::Pcscd::can_run_managed() {
        missing.push(format!("no managed pcscd here: {e}"));
    }
    if !Path::new("/usr/bin/opensc-tool").exists() {
        missing.push("opensc-tool is missing (apt-get install -y opensc)".into());
    }
    if !mynakit_reader::pcscd::is_root() {
        missing.push("not root: the probe becomes the user nobody, which needs root".into());
    }
    if missing.is_empty() {
        return true;
    }
    let missing = missing.join("; ");
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must check that another user cannot drive the card: {missing}"
    );
    eprintln!("SKIPPED: {missing}");
    false
}

/// `opensc-tool` sending [`PROBE`] to the first reader with a card through `socket`, as `uid`
/// (`None`: this user); its stdout and stderr.
fn probe(socket: &str, uid: Option<u32>) -> String {
    let mut command = Command::new("opensc-tool");
    command
        .args(PROBE)
        .env("PCSCLITE_CSOCK_NAME", socket)
        .env("HOME", "/nonexistent")
        .current_dir("/")
        .stdin(Stdio::null());
    if let Some(uid) = uid {
        command.uid(uid).gid(uid);
    }
    text(&command.output().unwrap())
}

/// The owner drives the card; `nobody` gets no answer from it; and the socket is private.
fn only_the_owner_drives_the_card(socket: &str, owner: &str, nobody: &str) {
    assert!(
        owner.contains("SW1=0x90, SW2=0x00") && owner.contains("SW1=0x63, SW2=0xC3"),
        "the probe does not work for the owner, so it proves nothing: {owner}"
    );
    assert!(
        !nobody.contains("SW1="),
        "the user nobody reached the card through {socket}: {nobody}"
    );
    let socket = Path::new(socket);
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(socket), 0o600, "{}", socket.display());
    // …/mynakit-pcscd-XXXXXX/run/pcscd/pcscd.comm
    let folder = socket.parent().unwrap();
    let managed = folder.parent().unwrap().parent().unwrap();
    assert!(
        managed
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("mynakit-pcscd-"),
        "{}",
        managed.display()
    );
    assert_eq!(mode(folder), 0o700, "{}", folder.display());
    assert_eq!(mode(managed), 0o700, "{}", managed.display());
}

/// Kills `mynakit serve` if the test fails before it is stopped.
struct Serving(std::process::Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn another_user_cannot_drive_the_card_of_serve() {
    if !prerequisites() {
        return;
    }
    let control = free_control();
    let mut serving = Serving(
        mynakit()
            .args(["serve", "--persona", "employee", "--control", &control])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut socket = None;
    for line in BufReader::new(serving.0.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if let Some(path) = line.strip_prefix("PC/SC clients: export PCSCLITE_CSOCK_NAME=") {
            socket = Some(path.to_owned());
        }
        if line.starts_with("Ctrl-C") {
            break;
        }
    }
    let socket = socket.expect("serve prints the socket");
    let owner = probe(&socket, None);
    let nobody = probe(&socket, Some(NOBODY));
    only_the_owner_drives_the_card(&socket, &owner, &nobody);
}

/// The client of `run --transport pcscd` probes as itself and as `nobody`, while its scenario's
/// card is in the reader; its verdict does not matter here (it sends no result).
#[test]
fn another_user_cannot_drive_the_card_of_a_pcscd_run() {
    if !prerequisites() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let out = work.path();
    let probe = PROBE.join(" ");
    let client = out.join("client.sh");
    std::fs::write(
        &client,
        format!(
            "#!/bin/sh\n\
             cd /\n\
             printf '%s' \"$PCSCLITE_CSOCK_NAME\" > '{dir}/socket'\n\
             folder=$(dirname \"$PCSCLITE_CSOCK_NAME\")\n\
             stat -c %a \"$PCSCLITE_CSOCK_NAME\" \"$folder\" \"$folder/../..\" > '{dir}/mode'\n\
             HOME=/nonexistent opensc-tool {probe} > '{dir}/owner' 2>&1\n\
             HOME=/nonexistent setpriv --reuid {NOBODY} --regid {NOBODY} --clear-groups \
             opensc-tool {probe} > '{dir}/nobody' 2>&1\n",
            dir = out.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&client, std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = mynakit()
        .args([
            "run",
            "--transport",
            "pcscd",
            "-j",
            "1",
            "--filter",
            "dependent",
        ])
        .arg("--client")
        .arg(&client)
        .arg("--report-dir")
        .arg(out.join("report"))
        .output()
        .unwrap();
    let read = |name: &str| {
        std::fs::read_to_string(out.join(name))
            .unwrap_or_else(|e| panic!("the client wrote no {name} ({e}): {}", text(&run)))
    };
    let socket = read("socket");
    assert_eq!(
        read("mode").split_whitespace().collect::<Vec<_>>(),
        ["600", "700", "700"],
        "the modes of {socket}, its folder and the managed pcscd's folder"
    );
    let (owner, nobody) = (read("owner"), read("nobody"));
    assert!(
        owner.contains("SW1=0x90, SW2=0x00") && owner.contains("SW1=0x63, SW2=0xC3"),
        "the probe does not work for the owner, so it proves nothing: {owner}"
    );
    assert!(
        !nobody.contains("SW1="),
        "the user nobody reached the card through {socket}: {nobody}"
    );
    // The run's pcscd and its folder are gone.
    let managed = Path::new(&socket).ancestors().nth(3).unwrap();
    assert!(!managed.exists(), "{}", managed.display());
}
