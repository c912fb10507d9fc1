//! The APDU round trip through a real pcscd, side by side: mynakit's card in one vpcd reader and
//! a minimal echo responder (the floor: answers from a fixed buffer, with the same framing and
//! `TCP_QUICKACK`) in the other, measured alternately in one run. Also times OpenSC's
//! `pkcs15-tool -D` against mynakit's card. Needs root, pcscd and vsmartcard-vpcd.
//!
//! Usage: `pcsc-roundtrip [ROUNDS]` (default 2000). Target: mynakit's median ≤ 1.1× the echo
//! responder's, for SELECT and for READ BINARY 256 (`docs/performance.md`). Exit status 0 when
//! both meet it, 1 when one does not, 2 when the readers could not start. Every exit goes through
//! `main`'s return, so the private pcscd is stopped and its directory removed.

use std::ffi::CString;
use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use mynakit_bench::{employee, SELECT_AUTH_CERT, SELECT_JPKI};
use mynakit_emulator::{personalize, Behaviour};
use mynakit_reader::vpcd::{self, FrameReader, Message};
use mynakit_reader::{PcscdChoice, Readers, ReadersConfig};

const READ_256: [u8; 5] = [0x00, 0xB0, 0x00, 0x00, 0x00];

/// The floor: a responder that only frames bytes. SELECT → 9000, READ → 256 bytes + 9000. It
/// connects inside the managed pcscd's network namespace, as the links do (`docs/reader.md`).
fn echo_responder(addr: std::net::SocketAddr, namespace: &mynakit_reader::Namespace) {
    let atr = mynakit_emulator::STANDARD_ATR;
    let mut read_answer = vec![0x5A; 256];
    read_answer.extend_from_slice(&[0x90, 0x00]);
    loop {
        let Ok(mut stream) = namespace.connect(addr) else {
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        let _ = stream.set_nodelay(true);
        let handle = stream.try_clone().expect("clone");
        let mut frames = FrameReader::default();
        loop {
            let quickack = || {
                let _ = socket2::SockRef::from(&handle).set_tcp_quickack(true);
            };
            let Ok(payload) = frames.next(&mut stream, quickack) else {
                break;
            };
            let answer: &[u8] = match Message::decode(payload) {
                Ok(Message::GetAtr) => &atr,
                Ok(Message::Apdu(apdu)) if apdu.get(1) == Some(&0xB0) => &read_answer,
                Ok(Message::Apdu(_)) => &[0x90, 0x00],
                _ => continue,
            };
            let Ok(frame) = vpcd::frame(answer) else {
                break;
            };
            if stream.write_all(&frame).is_err() {
                break;
            }
        }
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() -> ExitCode {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let readers = match Readers::start(ReadersConfig {
        slots: 2,
        pcscd: PcscdChoice::Managed,
        ..Default::default()
    }) {
        Ok(readers) => readers,
        Err(e) => {
            eprintln!("pcsc-roundtrip: {e}");
            return ExitCode::from(2);
        }
    };
    let ok = measure(&readers, rounds);
    // Dropping the readers stops the pcscd and removes its directory; `process::exit` would not.
    drop(readers);
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Runs the comparison and the OpenSC timing; whether both medians met the target.
fn measure(readers: &Readers, rounds: usize) -> bool {
    let pcscd = readers.pcscd().expect("managed pcscd");
    pcscd.use_in_this_process();
    pcscd
        .wait_for_readers(Duration::from_secs(10))
        .expect("readers");
    let (persona, material) = employee();
    let card = personalize::card(&persona, &material, Behaviour::default()).expect("card");
    readers.insert(0, card, "employee").expect("insert");
    let echo_addr = pcscd.readers()[1].addr;
    let namespace = pcscd
        .namespace()
        .expect("a managed pcscd's namespace")
        .clone();
    std::thread::spawn(move || echo_responder(echo_addr, &namespace));
    pcscd
        .wait_for_card(&pcscd.readers()[1].name, true, Duration::from_secs(10))
        .expect("echo visible");

    let ctx = pcsc::Context::establish(pcsc::Scope::User).expect("context");
    let connect = |name: &str| {
        ctx.connect(
            &CString::new(name).expect("name"),
            pcsc::ShareMode::Shared,
            pcsc::Protocols::T1,
        )
        .expect("connect")
    };
    let mynakit = connect(&pcscd.readers()[0].name);
    let echo = connect(&pcscd.readers()[1].name);
    let mut buf = vec![0u8; pcsc::MAX_BUFFER_SIZE_EXTENDED];
    let mut time = |card: &pcsc::Card, apdu: &[u8]| {
        let start = Instant::now();
        card.transmit(apdu, &mut buf).expect("transmit");
        start.elapsed()
    };
    mynakit
        .transmit(&SELECT_JPKI, &mut [0u8; 2])
        .expect("select JPKI");
    mynakit
        .transmit(&SELECT_AUTH_CERT, &mut [0u8; 2])
        .expect("select EF");
    let (mut ms, mut es, mut mr, mut er) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // Alternate which side goes first, so neither always runs right after the other.
    for round in 0..rounds {
        if round % 2 == 0 {
            ms.push(time(&mynakit, &SELECT_AUTH_CERT));
            es.push(time(&echo, &SELECT_AUTH_CERT));
            mr.push(time(&mynakit, &READ_256));
            er.push(time(&echo, &READ_256));
        } else {
            es.push(time(&echo, &SELECT_AUTH_CERT));
            ms.push(time(&mynakit, &SELECT_AUTH_CERT));
            er.push(time(&echo, &READ_256));
            mr.push(time(&mynakit, &READ_256));
        }
    }
    let report = |name: &str, m: Vec<Duration>, e: Vec<Duration>| {
        let (m, e) = (median(m), median(e));
        let ratio = m.as_secs_f64() / e.as_secs_f64();
        println!(
            "  {name:<16} mynakit {:>7.1} µs   echo {:>7.1} µs   ratio {ratio:.2}x (target <= 1.10x)",
            m.as_secs_f64() * 1e6,
            e.as_secs_f64() * 1e6
        );
        ratio <= 1.10
    };
    println!("== APDU round trip through pcscd, medians of {rounds} alternating rounds");
    let ok = report("SELECT", ms, es) & report("READ BINARY 256", mr, er);
    drop((mynakit, echo));

    // OpenSC's full PKCS#15 bind and dump, file caching off.
    let dir = std::env::temp_dir().join(format!("mynakit-opensc-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let conf = dir.join("opensc.conf");
    let _ = std::fs::write(
        &conf,
        "app default {\n  framework pkcs15 {\n    use_file_caching = false;\n  }\n}\n",
    );
    let mut runs = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let out = std::process::Command::new("pkcs15-tool")
            .args(["-r", "0", "-D"])
            .env("OPENSC_CONF", &conf)
            .output();
        match out {
            Ok(out) if out.status.success() => runs.push(start.elapsed()),
            _ => break,
        }
    }
    if runs.is_empty() {
        println!("  pkcs15-tool -D   (OpenSC not installed: skipped)");
    } else {
        println!(
            "  pkcs15-tool -D   {:>7.1} ms (median of {})",
            median(runs.clone()).as_secs_f64() * 1e3,
            runs.len()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    ok
}
