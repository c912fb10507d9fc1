//! `--pcscd system`: the readers of Debian's stock vpcd config (`/etc/reader.conf.d/vpcd`,
//! `Virtual PCD 00 00/01` on ports 35963/35964) behind a pcscd mynakit did not start.
//!
//! CI has no system pcscd, so the test starts a stand-in: the stock pcscd with Debian's stock
//! vpcd config, in mynakit's own pcscd sandbox on the host's network
//! (`pcscd::sandbox_command`, `SandboxNetwork::Host`), whose `/run` is a temporary directory, so the
//! machine's `/run/pcscd` is never touched (nor needed); `PCSCLITE_CSOCK_NAME` points this
//! process (and `Pcscd::system`) at it. The config is a copy of the stock one on a free pair of
//! ports, named by `MYNAKIT_VPCD_CONFIG`, so a real system pcscd on 35963/35964 is neither
//! disturbed nor a reason to skip. It needs root or user namespaces, pcscd and vsmartcard-vpcd
//! like the other PC/SC tests (skipped without them unless `CI` is set, when it FAILS naming
//! what is missing). Alone in its test binary: libpcsclite reads `PCSCLITE_CSOCK_NAME` once per
//! process.

#![allow(clippy::unwrap_used)]

mod common;

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::*;
use mynakit_reader::pcscd::{self, Pcscd, PcscdError, SandboxNetwork};
use mynakit_reader::{PcscdChoice, Readers, ReadersConfig};

/// The stand-in system pcscd; killed and reaped on drop, even when the test fails.
struct StandIn {
    child: Child,
    _dir: tempfile::TempDir,
}

impl Drop for StandIn {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn skip(why: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run the system-pcscd test: {why}"
    );
    eprintln!("SKIPPED: {why}");
}

/// Debian's stock vpcd config with its port moved to `port` (and `port + 1`).
fn stock_config_on(port: u16) -> Result<String, String> {
    let stock = std::fs::read_to_string(pcscd::SYSTEM_VPCD_CONFIG)
        .map_err(|e| format!("{}: {e} (vsmartcard-vpcd)", pcscd::SYSTEM_VPCD_CONFIG))?;
    let moved = stock.replace("0x8C7B", &format!("0x{port:04X}"));
    if moved == stock {
        return Err(format!(
            "{} does not use port 0x8C7B (35963): {stock}",
            pcscd::SYSTEM_VPCD_CONFIG
        ));
    }
    Ok(moved)
}

fn start_stand_in() -> Result<(StandIn, [u16; 2]), String> {
    Pcscd::can_run_managed().map_err(|e| e.to_string())?;
    let port = pcscd::free_port_pairs(1).map_err(|e| e.to_string())?[0];
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let run = dir.path().join("run");
    std::fs::create_dir(&run).map_err(|e| e.to_string())?;
    let conf = dir.path().join("reader.conf.d");
    std::fs::create_dir(&conf).map_err(|e| e.to_string())?;
    std::fs::write(conf.join("vpcd"), stock_config_on(port)?).map_err(|e| e.to_string())?;
    // The stock config loads the stock driver from the drivers folder: nothing is hidden.
    let child = pcscd::sandbox_command(&run, &conf, None, SandboxNetwork::Host, false)
        .map_err(|e| e.to_string())?
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    std::env::set_var(pcscd::SOCKET_ENV, run.join("pcscd").join("pcscd.comm"));
    std::env::set_var(pcscd::VPCD_CONFIG_ENV, conf.join("vpcd"));
    Ok((StandIn { child, _dir: dir }, [port, port + 1]))
}

#[test]
fn the_system_pcscd_serves_debians_vpcd_readers() {
    let (_stand_in, ports) = match start_stand_in() {
        Ok(stand_in) => stand_in,
        Err(why) => return skip(&why),
    };
    let config = |slots| ReadersConfig {
        slots,
        pcscd: PcscdChoice::System,
        ..Default::default()
    };

    // Asking for more readers than the config offers is an error that says how many there are.
    let Err(err) = Readers::start(config(3)) else {
        panic!("three readers from a two-reader config")
    };
    assert!(matches!(
        err,
        PcscdError::TooManySlots {
            asked: 3,
            offered: 2,
            ..
        }
    ));
    let text = err.to_string();
    assert!(
        text.contains("Virtual PCD 00 00, Virtual PCD 00 01") && text.contains("--pcscd managed"),
        "{text}"
    );

    // The socket appears a few milliseconds after pcscd starts.
    let start = Instant::now();
    let readers = loop {
        match Readers::start(config(2)) {
            Ok(readers) => break readers,
            Err(PcscdError::NoSystemPcscd { .. }) if start.elapsed() < READY => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => panic!("{e}"),
        }
    };
    let pcscd = readers.pcscd().unwrap();
    assert!(!pcscd.is_managed());
    assert_eq!(pcscd.pid(), None);
    pcscd.wait_for_readers(READY).unwrap();
    let names: Vec<&str> = readers.slots().iter().map(|s| s.reader()).collect();
    assert_eq!(names, ["Virtual PCD 00 00", "Virtual PCD 00 01"]);
    let used: Vec<u16> = pcscd.readers().iter().map(|r| r.addr.port()).collect();
    assert_eq!(used, ports, "the config MYNAKIT_VPCD_CONFIG names");

    for (index, persona) in [(0, "employee"), (1, "dependent")] {
        assert!(readers.insert(index, card(persona), persona).unwrap());
        let reader = readers.slots()[index].reader();
        let card = connect(reader);
        assert_eq!(
            send(&card, &hex("00A4040C0AD392F000260100000001"))
                .unwrap()
                .1,
            0x9000,
            "{reader}"
        );
        assert!(readers.remove(index).unwrap());
        assert_eq!(
            send(&card, &hex("00A4040C0AD392F000260100000001")).unwrap_err(),
            pcsc::Error::RemovedCard
        );
    }
}
