//! `mynakit serve --vpcd HOST:PORT`: a card in a vpcd driver on another host (docs/reader.md,
//! "A vpcd on another host"). The other host is a real pcscd with vsmartcard's vpcd in a network
//! namespace of its own, given a non-loopback address (10.253.0.1); `serve` runs in that
//! namespace too, so the address is reachable and nothing on the machine's network is touched.
//! Needs pcscd, vsmartcard-vpcd, opensc and root (nsenter, ip): skipped locally without them,
//! but it FAILS when `CI` is set.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::mynakit;

const ADDRESS: &str = "10.253.0.1";

fn prerequisites() -> bool {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n");
    let tools = ["nsenter", "ip", "opensc-tool"].iter().all(|tool| {
        Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let pcscd = mynakit_reader::Pcscd::can_run_managed();
    let ok = root && tools && pcscd.is_ok();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the remote vpcd test: root {root}, nsenter/ip/opensc-tool {tools}, pcscd {pcscd:?}"
        );
        eprintln!("SKIPPED: root, nsenter, ip, opensc-tool and pcscd are needed");
    }
    ok
}

/// `opensc-tool ARGS` against the pcscd at `socket`.
fn opensc(socket: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new("opensc-tool")
        .args(args)
        .env("PCSCLITE_CSOCK_NAME", socket)
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn a_card_reaches_a_vpcd_on_another_host() {
    if !prerequisites() {
        return;
    }
    // The other host: its own pcscd and vpcd, in its own network namespace.
    let other = mynakit_reader::Pcscd::managed(2).unwrap();
    let pid = other.pid().unwrap().to_string();
    // `--net=FILE`: nsenter takes the file only joined to the option.
    let netns = format!("--net=/proc/{pid}/ns/net");
    let port = other.readers()[0].addr.port();
    let reader = other.readers()[0].name.clone();
    let added = Command::new("nsenter")
        .args([&netns, "ip", "addr", "add"])
        .arg(format!("{ADDRESS}/32"))
        .args(["dev", "lo"])
        .output()
        .unwrap();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let socket = other.socket().to_path_buf();
    assert!(
        !opensc(&socket, &["-l"]).contains("Yes"),
        "no card before serve"
    );

    let vpcd = format!("{ADDRESS}:{port}");
    let bin = env!("CARGO_BIN_EXE_mynakit");
    let mut child = Command::new("nsenter")
        .args([
            &netns,
            bin,
            "serve",
            "--persona",
            "employee",
            "--vpcd",
            &vpcd,
        ])
        .args(["--control", "127.0.0.1:7350"])
        .current_dir(common::repo())
        .env_remove("MYNAKIT_FIXTURES")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let banner = common::serve_banner(&mut child);
    let stop = |mut child: std::process::Child| {
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let _ = child.wait();
    };
    if !banner.contains(&format!("vpcd {vpcd}: employee (3BE000FF8131FE4514)")) {
        let mut stderr = String::new();
        if let Some(mut err) = child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut err, &mut stderr);
        }
        stop(child);
        panic!("{banner}\n{stderr}");
    }
    assert!(
        !banner.contains("PCSCLITE_CSOCK_NAME"),
        "no local pcscd: {banner}"
    );

    // The other host's PC/SC stack sees the card in its reader.
    let start = Instant::now();
    let listed = loop {
        let listed = opensc(&socket, &["-l"]);
        if listed
            .lines()
            .any(|l| l.contains(&reader) && l.contains("Yes"))
            || start.elapsed() > Duration::from_secs(10)
        {
            break listed;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let atr = opensc(&socket, &["--reader", "0", "--atr"]);
    stop(child);
    assert!(
        listed
            .lines()
            .any(|l| l.contains(&reader) && l.contains("Yes")),
        "{listed}"
    );
    assert!(
        atr.to_ascii_lowercase()
            .contains("3b:e0:00:ff:81:31:fe:45:14"),
        "{atr}"
    );
}

/// Without the flag nothing but loopback is reachable, and a bad address is one clear error.
#[test]
fn vpcd_addresses_are_checked() {
    let out = mynakit()
        .args(["serve", "--vpcd", "no-port-here", "--pcscd", "none"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is not HOST:PORT"), "{stderr}");
    let out = mynakit()
        .args([
            "serve",
            "--vpcd",
            "127.0.0.2:1",
            "--persona",
            "employee",
            "--persona",
            "dependent",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("one --vpcd per reader"), "{stderr}");
    assert!(
        !stderr.contains("warning"),
        "loopback needs no warning: {stderr}"
    );
    // A driver on another host (TEST-NET-1: nothing answers) is warned about at start-up, before
    // anything is reached: vpcd has no authentication.
    let out = mynakit()
        .args([
            "serve",
            "--vpcd",
            "192.0.2.1:35963",
            "--persona",
            "employee",
            "--persona",
            "dependent",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: --vpcd 192.0.2.1:35963 is not a loopback address")
            && stderr.contains("no authentication"),
        "{stderr}"
    );
}
