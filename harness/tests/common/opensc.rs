//! OpenSC and pcsc-spy against a pcscd, for the tests of `mynakit import` and `record`.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub const PKCS11: &str = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";
pub const SPY_LIBRARY: &str = "/usr/lib/x86_64-linux-gnu/libpcscspy.so.0";

/// OpenSC without its file cache, so every run really talks to the card; `spy` makes OpenSC
/// load pcsc-spy's library as its PC/SC library.
pub fn opensc_conf(dir: &Path, spy: bool) -> PathBuf {
    let path = dir.join(if spy {
        "opensc-spy.conf"
    } else {
        "opensc.conf"
    });
    let provider = if spy {
        format!("  reader_driver pcsc {{\n    provider_library = {SPY_LIBRARY};\n  }}\n")
    } else {
        String::new()
    };
    std::fs::write(
        &path,
        format!("app default {{\n{provider}  framework pkcs15 {{\n    use_file_caching = false;\n  }}\n}}\n"),
    )
    .unwrap();
    path
}

/// `pkcs11-tool` signing the file `data` into `sig` with the auth key, logged in with the
/// employee persona's PIN `1234`.
pub const AUTH_SIGN: [&str; 16] = [
    "--module",
    PKCS11,
    "--token-label",
    "JPKI (User Authentication PIN)",
    "--login",
    "--pin",
    "1234",
    "--sign",
    "-m",
    "SHA256-RSA-PKCS",
    "--id",
    "01",
    "-i",
    "data",
    "-o",
    "sig",
];

/// Runs an OpenSC tool against the pcscd at `socket`; with `spy_home`, through pcsc-spy's
/// library, which writes its trace to `$HOME/pcsc-spy` when that file exists.
pub fn run_tool(
    dir: &Path,
    socket: &str,
    spy_home: Option<&Path>,
    program: &str,
    args: &[&str],
) -> std::process::Output {
    let mut command = Command::new(program);
    command
        .args(args)
        .env("PCSCLITE_CSOCK_NAME", socket)
        .env("OPENSC_CONF", opensc_conf(dir, spy_home.is_some()))
        .current_dir(dir);
    if let Some(home) = spy_home {
        std::fs::write(home.join("pcsc-spy"), "").unwrap();
        command.env("HOME", home);
    }
    command
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (apt-get install -y opensc)"))
}

/// [`run_tool`], which must succeed.
pub fn tool(dir: &Path, socket: &str, spy_home: Option<&Path>, program: &str, args: &[&str]) {
    let out = run_tool(dir, socket, spy_home, program, args);
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        super::text(&out)
    );
}

/// The employee card behind a managed pcscd that this process uses; with `apdu_log`, pcscd
/// logs every APDU (`--apdu --debug`) to [`mynakit_reader::Pcscd::log_path`].
pub fn employee_behind_pcscd(apdu_log: bool) -> mynakit_reader::Readers {
    use mynakit_reader::{PcscdChoice, Readers, ReadersConfig};
    let readers = Readers::start(ReadersConfig {
        slots: 1,
        pcscd: PcscdChoice::Managed,
        apdu_log,
        ..Default::default()
    })
    .unwrap();
    let pcscd = readers.pcscd().unwrap();
    pcscd.use_in_this_process();
    pcscd
        .wait_for_readers(std::time::Duration::from_secs(10))
        .unwrap();
    let card = mynakit_emulator::personalize::from_fixtures(
        &mynakit_fixtures::Fixtures::bundled(),
        "employee",
        mynakit_emulator::Behaviour::default(),
    )
    .unwrap();
    readers.insert(0, card, "employee").unwrap();
    readers
}

/// `mynakit run --client "pkcs15-tool -D" SCENARIO` (OpenSC without its file cache), which must
/// succeed; the scenario's report (`report.json`'s `scenarios[0]`).
pub fn replay_with_pkcs15_tool(dir: &Path, scenario: &Path, name: &str) -> serde_json::Value {
    let report = dir.join(format!("report-{name}"));
    let out = super::mynakit()
        .args(["run", "--client", "pkcs15-tool -D", "--report-dir"])
        .arg(&report)
        .arg(scenario)
        .env("OPENSC_CONF", opensc_conf(dir, false))
        .output()
        .unwrap();
    assert!(out.status.success(), "{name}: {}", super::text(&out));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report.join("report.json")).unwrap())
            .unwrap();
    json["scenarios"][0].clone()
}
