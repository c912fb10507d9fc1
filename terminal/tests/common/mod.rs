//! Shared helpers: a terminal over a temporary root, a レセコン that writes requests the way
//! careful public clients do (write elsewhere, then rename into `req`), and result reading.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mynakit_fixtures::Fixtures;
use mynakit_oqs::tree::{self, Element};
use mynakit_terminal::{Terminal, TerminalData};
use mynakit_timeline::Timeline;

/// Fast timings for tests.
pub fn fast(mut data: TerminalData) -> TerminalData {
    data.pickup_delay_ms = 0;
    data.poll_interval_ms = 5;
    data.settle_ms = 0;
    data
}

/// The example data with fast timings and a frozen clock at the reference start.
pub fn example() -> TerminalData {
    let mut data = fast(TerminalData::example().unwrap());
    data.clock = Some(mynakit_terminal::data::ClockSpec {
        start: mynakit_oqs::clock::reference_start(),
        frozen: true,
    });
    data
}

pub struct Harness {
    pub dir: tempfile::TempDir,
    pub terminal: Terminal,
    pub timeline: Timeline,
    pub log: Arc<Mutex<Vec<String>>>,
}

pub fn terminal(data: TerminalData) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let timeline = Timeline::new(Some("t".into()));
    let log: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = log.clone();
    let personas = Fixtures::bundled().personas().unwrap();
    let terminal = Terminal::new(dir.path(), data, personas, Some(timeline.clone())).with_log(
        Arc::new(move |line: &str| sink.lock().unwrap().push(line.to_owned())),
    );
    terminal.prepare_folders().unwrap();
    Harness {
        dir,
        terminal,
        timeline,
        log,
    }
}

impl Harness {
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `bytes` as `req/name` the careful way: a temporary name in `req`, then a rename.
    pub fn drop_request(&self, name: &str, bytes: &[u8]) {
        let tmp = self.root().join("req").join(format!("{name}.tmp"));
        std::fs::write(&tmp, bytes).unwrap();
        std::fs::rename(&tmp, self.root().join("req").join(name)).unwrap();
    }

    pub fn res(&self, name: &str) -> PathBuf {
        self.root().join("res").join(name)
    }

    pub fn logs(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

/// Waits (up to 10 s) for `path` to exist and returns its bytes.
pub fn wait_for(path: &Path) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(bytes) = std::fs::read(path) {
            return bytes;
        }
        assert!(Instant::now() < deadline, "no {} in time", path.display());
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Decodes and parses a result file.
pub fn parse(bytes: &[u8]) -> Element {
    let (text, _) = mynakit_terminal::encoding::decode(bytes).unwrap();
    let mut root = tree::parse(&text).unwrap();
    tree::strip_indentation(&mut root);
    root
}

/// The text at a `/`-separated path below the root.
pub fn at<'a>(root: &'a Element, path: &str) -> Option<&'a str> {
    let mut e = root;
    for part in path.split('/') {
        e = e.child(part)?;
    }
    Some(e.text.as_str())
}

/// A single-check request in UTF-8.
pub fn single(insurer: &str, symbol: &str, number: &str, branch: &str, birth: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<XmlMsg>
  <MessageHeader>
    <QualificationConfirmationDate>20261101</QualificationConfirmationDate>
    <MedicalInstitutionCode>1312345678</MedicalInstitutionCode>
    <ArbitraryFileIdentifier>receipt-0001</ArbitraryFileIdentifier>
  </MessageHeader>
  <MessageBody>
    <QualificationConfirmSearchInfo>
      <InsurerNumber>{insurer}</InsurerNumber>
      <InsuredCardSymbol>{symbol}</InsuredCardSymbol>
      <InsuredIdentificationNumber>{number}</InsuredIdentificationNumber>
      <InsuredBranchNumber>{branch}</InsuredBranchNumber>
      <Birthdate>{birth}</Birthdate>
      <LimitApplicationCertificateRelatedConsFlg>0</LimitApplicationCertificateRelatedConsFlg>
    </QualificationConfirmSearchInfo>
  </MessageBody>
</XmlMsg>
"#
    )
}

/// The employee persona's card data.
pub fn employee() -> String {
    single("06139992", "1001", "2345", "00", "19850412")
}
