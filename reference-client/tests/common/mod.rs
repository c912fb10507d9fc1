//! Test world for the reference client, in-process: a bundled persona's virtual card behind a
//! recording [`CardTransport`], the real mock service on a local port, and a scripted operator
//! that answers the client's asks over in-memory pipes.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, missing_docs)]

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, Read, Write};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mynakit_apdu::Application;
use mynakit_emulator::{personalize, Behaviour};
use mynakit_emulator::{Card, PinInfo};
use mynakit_fixtures::Fixtures;
use mynakit_protocol::{
    ClientMessage, ConfirmTopic, ConsentTopic, HarnessMessage, InsuranceCardData, Mode, Outcome,
    Secret,
};
use mynakit_reader::{PcscdChoice, Readers, ReadersConfig};
use mynakit_reference_client::{run, CardError, CardTransport, ClientEnv, Defects, Logger};
use mynakit_service::fault::{FaultKind, FaultSpec};
use mynakit_service::{RunningService, ServiceConfig};

pub const RUN_ID: &str = "run-test";

// ---------------------------------------------------------------------------------------------
// The card

/// A fault the test card injects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardFault {
    /// The card leaves the reader instead of answering the first `80 2A`.
    RemoveAtSignature,
    /// The first READ BINARY answers this status word without being executed.
    StatusOnFirstRead(u16),
}

#[derive(Default)]
struct CardLog {
    /// Every command with the status word it got (`None`: the card was gone).
    exchanges: Vec<(Vec<u8>, Option<u16>)>,
    removed: bool,
    released: bool,
}

/// A persona's virtual card, shared with the test so it can look at the card afterwards.
#[derive(Clone)]
pub struct TestCard {
    card: Arc<Mutex<Card>>,
    log: Arc<Mutex<CardLog>>,
    fault: Option<CardFault>,
}

impl TestCard {
    pub fn new(persona: &str) -> TestCard {
        let card = personalize::from_fixtures(&Fixtures::bundled(), persona, Behaviour::default())
            .unwrap();
        TestCard {
            card: Arc::new(Mutex::new(card)),
            log: Arc::default(),
            fault: None,
        }
    }

    pub fn with_fault(mut self, fault: CardFault) -> TestCard {
        self.fault = Some(fault);
        self
    }

    pub fn transport(&self) -> Box<dyn CardTransport + Send> {
        Box::new(self.clone())
    }

    pub fn commands(&self) -> Vec<Vec<u8>> {
        let log = self.log.lock().unwrap();
        log.exchanges.iter().map(|(c, _)| c.clone()).collect()
    }

    /// VERIFY commands that carry data (a PIN).
    pub fn verifies_with_data(&self) -> usize {
        self.commands()
            .iter()
            .filter(|c| c.len() > 4 && c[1] == 0x20)
            .count()
    }

    /// Every VERIFY, empty or not.
    pub fn verifies(&self) -> usize {
        self.commands().iter().filter(|c| c[1] == 0x20).count()
    }

    pub fn signatures(&self) -> usize {
        self.commands()
            .iter()
            .filter(|c| c[0] == 0x80 && c[1] == 0x2A)
            .count()
    }

    pub fn auth_pin(&self) -> PinInfo {
        self.card
            .lock()
            .unwrap()
            .pin(Application::Jpki, 0x0018)
            .unwrap()
    }

    pub fn released(&self) -> bool {
        self.log.lock().unwrap().released
    }
}

impl CardTransport for TestCard {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        let mut log = self.log.lock().unwrap();
        if log.removed {
            return Err(CardError::Removed);
        }
        let first_read = apdu[1] == 0xB0 && !log.exchanges.iter().any(|(c, _)| c[1] == 0xB0);
        match self.fault {
            Some(CardFault::RemoveAtSignature) if apdu[0] == 0x80 && apdu[1] == 0x2A => {
                log.removed = true;
                log.exchanges.push((apdu.to_vec(), None));
                return Err(CardError::Removed);
            }
            Some(CardFault::StatusOnFirstRead(sw)) if first_read => {
                log.exchanges.push((apdu.to_vec(), Some(sw)));
                return Ok(sw.to_be_bytes().to_vec());
            }
            _ => {}
        }
        let response = self.card.lock().unwrap().transmit(apdu);
        let sw = u16::from_be_bytes([response[response.len() - 2], response[response.len() - 1]]);
        log.exchanges.push((apdu.to_vec(), Some(sw)));
        Ok(response)
    }

    fn release(&mut self) {
        self.log.lock().unwrap().released = true;
    }
}

// ---------------------------------------------------------------------------------------------
// A real PC/SC reader

/// One vpcd reader of a private managed pcscd, which this process's PC/SC calls then use, with
/// `persona`'s card in it; `None` (skip, with a message) when pcscd cannot run here and `CI` is
/// unset.
pub fn pcsc_reader_with(persona: &str) -> Option<Readers> {
    let readers = match Readers::start(ReadersConfig {
        slots: 1,
        pcscd: PcscdChoice::Managed,
        ..Default::default()
    }) {
        Ok(readers) => readers,
        Err(e) if std::env::var_os("CI").is_some() => panic!("pcscd is required in CI: {e}"),
        Err(e) => {
            eprintln!("SKIPPED: no usable pcscd here ({e})");
            return None;
        }
    };
    let pcscd = readers.pcscd().unwrap();
    pcscd.use_in_this_process();
    pcscd
        .wait_for_readers(std::time::Duration::from_secs(10))
        .unwrap();
    let card =
        personalize::from_fixtures(&Fixtures::bundled(), persona, Behaviour::default()).unwrap();
    assert!(readers.insert(0, card, persona).unwrap());
    Some(readers)
}

// ---------------------------------------------------------------------------------------------
// The service

/// The mock service on a tokio runtime of its own.
pub struct Service {
    pub runtime: tokio::runtime::Runtime,
    pub running: Option<RunningService>,
}

#[derive(Clone, Default)]
pub struct ServiceOptions {
    pub https: bool,
    /// Service data as YAML (`docs/service.md`, "Service data").
    pub data: Option<String>,
}

impl Service {
    pub fn start() -> Service {
        Service::with(ServiceOptions::default())
    }

    pub fn with(options: ServiceOptions) -> Service {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let data = options.data.map(|yaml| {
            let file = tempfile::Builder::new().suffix(".yaml").tempfile().unwrap();
            std::fs::write(file.path(), yaml).unwrap();
            file.into_temp_path().keep().unwrap()
        });
        let config = ServiceConfig {
            port: 0,
            admin_port: 0,
            plain_http: !options.https,
            freeze_clock: true,
            data,
            // The reference client does not enrol a device or sign (harness/src/run/world.rs).
            allow_unsigned: true,
            ..ServiceConfig::default()
        };
        let running = runtime
            .block_on(mynakit_service::start(&config, None))
            .unwrap();
        Service {
            runtime,
            running: Some(running),
        }
    }

    /// The service with `yaml` as its service data.
    pub fn with_data(yaml: &str) -> Service {
        Service::with(ServiceOptions {
            data: Some(yaml.into()),
            ..ServiceOptions::default()
        })
    }

    /// The service over HTTPS.
    pub fn https() -> Service {
        Service::with(ServiceOptions {
            https: true,
            ..ServiceOptions::default()
        })
    }

    pub fn running(&self) -> &RunningService {
        self.running.as_ref().unwrap()
    }

    pub fn url(&self) -> String {
        self.running().public_url()
    }

    pub fn fault(&self, kind: FaultKind, path_prefix: &str, times: Option<u32>) {
        self.running().state().faults().add(FaultSpec {
            kind,
            path_prefix: Some(path_prefix.to_owned()),
            times,
            method: None,
            from_request: None,
        });
    }

    /// (method path, status, request body) of every request, in order.
    pub fn journal(&self) -> Vec<(String, u16, String)> {
        self.running()
            .state()
            .journal()
            .entries(None)
            .into_iter()
            .map(|e| (format!("{} {}", e.method, e.path), e.status, e.request_body))
            .collect()
    }

    pub fn runs(&self) -> Vec<Option<String>> {
        self.running()
            .state()
            .journal()
            .entries(None)
            .into_iter()
            .map(|e| e.run)
            .collect()
    }

    /// The `challenge_id`s the client sent with confirmations and registrations.
    pub fn challenge_ids_used(&self) -> Vec<String> {
        self.journal()
            .iter()
            .filter_map(|(_, _, body)| {
                serde_json::from_str::<serde_json::Value>(body)
                    .ok()?
                    .get("challenge_id")?
                    .as_str()
                    .map(str::to_owned)
            })
            .collect()
    }

    pub fn count(&self, what: &str) -> usize {
        self.journal().iter().filter(|(w, _, _)| w == what).count()
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        if let Some(running) = self.running.take() {
            self.runtime.block_on(running.stop());
        }
    }
}

/// The PEM of the CA that signed the mock service's certificate.
pub fn server_ca_file() -> PathBuf {
    Fixtures::bundled().pki_dir().join("server").join("ca.pem")
}

/// A PEM file of a CA that did not sign the service's certificate (the JPKI-TEST auth CA).
pub fn other_ca_file() -> tempfile::TempPath {
    use base64::Engine as _;
    let der = std::fs::read(Fixtures::bundled().pki_dir().join("ca").join("auth-ca.der")).unwrap();
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    let mut pem = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in body.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(line).unwrap());
        pem.push('\n');
    }
    pem.push_str("-----END CERTIFICATE-----\n");
    let file = tempfile::Builder::new().suffix(".pem").tempfile().unwrap();
    std::fs::write(file.path(), pem).unwrap();
    file.into_temp_path()
}

// ---------------------------------------------------------------------------------------------
// The operator

/// What the scripted operator does (`docs/scenarios.md`, "operator").
#[derive(Clone, Debug)]
pub struct Script {
    pub mode: Mode,
    pub pins: VecDeque<String>,
    pub consent: BTreeMap<ConsentTopic, bool>,
    pub confirm: BTreeMap<ConfirmTopic, bool>,
    /// Cancel at the nth (from 1) ask of this kind: `pin`, `consent`, `mode`, `confirm`.
    pub cancel: Option<(&'static str, usize)>,
    pub insurance_card: Option<InsuranceCardData>,
}

impl Script {
    pub fn new(mode: Mode) -> Script {
        Script {
            mode,
            pins: VecDeque::new(),
            consent: BTreeMap::new(),
            confirm: BTreeMap::new(),
            cancel: None,
            insurance_card: None,
        }
    }

    pub fn pins(mut self, pins: &[&str]) -> Script {
        self.pins = pins.iter().map(|p| (*p).to_owned()).collect();
        self
    }

    pub fn consent(mut self, topic: ConsentTopic, granted: bool) -> Script {
        self.consent.insert(topic, granted);
        self
    }

    pub fn confirm(mut self, topic: ConfirmTopic, yes: bool) -> Script {
        self.confirm.insert(topic, yes);
        self
    }

    pub fn cancel_at(mut self, kind: &'static str, nth: usize) -> Script {
        self.cancel = Some((kind, nth));
        self
    }

    pub fn insurance_card(mut self, card: InsuranceCardData) -> Script {
        self.insurance_card = Some(card);
        self
    }
}

#[derive(Default)]
struct OperatorState {
    script: Option<Script>,
    transcript: Vec<ClientMessage>,
    pending: VecDeque<u8>,
    partial: Vec<u8>,
    asked: BTreeMap<&'static str, usize>,
}

impl OperatorState {
    fn answer(&mut self, message: &ClientMessage) -> Option<HarnessMessage> {
        let script = self.script.as_mut().unwrap();
        let (kind, id) = match message {
            ClientMessage::Hello { .. } => {
                return Some(HarnessMessage::Welcome {
                    protocol: 1,
                    run: RUN_ID.to_owned(),
                    scenario: "test".to_owned(),
                    context: Default::default(),
                })
            }
            ClientMessage::Pin { id, .. } => ("pin", id.clone()),
            ClientMessage::Consent { id, .. } => ("consent", id.clone()),
            ClientMessage::Mode { id, .. } => ("mode", id.clone()),
            ClientMessage::Confirm { id, .. } => ("confirm", id.clone()),
            ClientMessage::InsuranceCard { id } => ("insurance-card", id.clone()),
            _ => return None,
        };
        let nth = self.asked.entry(kind).or_default();
        *nth += 1;
        if script.cancel == Some((kind, *nth)) {
            return Some(HarnessMessage::Cancel { id });
        }
        Some(match message {
            ClientMessage::Mode { offered, .. } => {
                if offered.contains(&script.mode) {
                    HarnessMessage::Mode {
                        id,
                        mode: script.mode,
                    }
                } else {
                    HarnessMessage::Cancel { id }
                }
            }
            ClientMessage::Pin { .. } => match script.pins.pop_front() {
                Some(pin) => HarnessMessage::Pin {
                    id,
                    pin: Secret::new(pin),
                },
                None => HarnessMessage::Cancel { id },
            },
            ClientMessage::Consent { topic, .. } => HarnessMessage::Consent {
                id,
                granted: script.consent.get(topic).copied().unwrap_or(false),
            },
            ClientMessage::Confirm { topic, .. } => HarnessMessage::Confirm {
                id,
                yes: script
                    .confirm
                    .get(topic)
                    .copied()
                    .unwrap_or(*topic != ConfirmTopic::Retry),
            },
            ClientMessage::InsuranceCard { .. } => match &script.insurance_card {
                Some(card) => HarnessMessage::InsuranceCard {
                    id,
                    card: card.clone(),
                },
                None => HarnessMessage::Cancel { id },
            },
            _ => return None,
        })
    }
}

impl OperatorState {
    /// Hears one line of the client: decodes it strictly (as the harness does), records it and
    /// returns the answer line, if it asks for one.
    fn hear(&mut self, line: &str) -> Option<String> {
        let message = ClientMessage::decode_line(line)
            .unwrap_or_else(|e| panic!("the client sent a bad line {line:?}: {e}"));
        let answer = self.answer(&message).map(|a| a.encode_line());
        self.transcript.push(message);
        answer
    }
}

/// The operator for a client in another process: feed it the client's stdout lines.
pub struct Operator(OperatorState);

impl Operator {
    pub fn new(script: Script) -> Operator {
        Operator(OperatorState {
            script: Some(script),
            ..OperatorState::default()
        })
    }

    /// The answer to write to the client's stdin, if `line` asks for one.
    pub fn hear(&mut self, line: &str) -> Option<String> {
        self.0.hear(line)
    }

    pub fn done(&self) -> bool {
        matches!(self.0.transcript.last(), Some(ClientMessage::Result { .. }))
    }

    pub fn into_run(self) -> Run {
        let outcome = match self.0.transcript.last() {
            Some(ClientMessage::Result { outcome, .. }) => *outcome,
            other => panic!("no result: {other:?}"),
        };
        Run {
            outcome,
            pins_left: self.0.script.as_ref().unwrap().pins.len(),
            transcript: self.0.transcript,
        }
    }
}

/// The client's stdout: each line is heard and answered.
struct OperatorOut(Rc<RefCell<OperatorState>>);

impl Write for OperatorOut {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut state = self.0.borrow_mut();
        state.partial.extend_from_slice(buf);
        while let Some(end) = state.partial.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = state.partial.drain(..=end).collect();
            let line = String::from_utf8(line).unwrap();
            if let Some(answer) = state.hear(&line) {
                state.pending.extend(answer.as_bytes());
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The client's stdin: the answers, as they were queued.
struct OperatorIn {
    state: Rc<RefCell<OperatorState>>,
    buffer: Vec<u8>,
    pos: usize,
}

impl Read for OperatorIn {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(out.len());
            out[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for OperatorIn {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pos >= self.buffer.len() {
            self.buffer = self.state.borrow_mut().pending.drain(..).collect();
            self.pos = 0;
        }
        Ok(&self.buffer[self.pos..])
    }

    fn consume(&mut self, amount: usize) {
        self.pos += amount;
    }
}

/// What a run left behind.
#[derive(Debug)]
pub struct Run {
    pub outcome: Outcome,
    pub transcript: Vec<ClientMessage>,
    /// PINs the operator did not use.
    pub pins_left: usize,
}

impl Run {
    pub fn result(&self) -> (Outcome, &BTreeMap<String, String>, Option<&str>) {
        match self.transcript.last() {
            Some(ClientMessage::Result {
                outcome,
                fields,
                text,
            }) => (*outcome, fields, text.as_deref()),
            other => panic!("the last line is not a result: {other:?}"),
        }
    }

    pub fn fields(&self) -> &BTreeMap<String, String> {
        self.result().1
    }

    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields().get(name).map(String::as_str)
    }

    /// Outcomes shown with `display`, in order.
    pub fn shown(&self) -> Vec<Outcome> {
        self.transcript
            .iter()
            .filter_map(|m| match m {
                ClientMessage::Display {
                    outcome: Some(o), ..
                } => Some(*o),
                _ => None,
            })
            .collect()
    }

    /// The asks, as `kind` names.
    pub fn asks(&self) -> Vec<&'static str> {
        self.transcript
            .iter()
            .filter_map(|m| match m {
                ClientMessage::Pin { .. } => Some("pin"),
                ClientMessage::Consent { .. } => Some("consent"),
                ClientMessage::Mode { .. } => Some("mode"),
                ClientMessage::Confirm { .. } => Some("confirm"),
                ClientMessage::InsuranceCard { .. } => Some("insurance-card"),
                _ => None,
            })
            .collect()
    }

    /// `tries_left` of each PIN ask.
    pub fn pin_asks(&self) -> Vec<Option<u8>> {
        self.transcript
            .iter()
            .filter_map(|m| match m {
                ClientMessage::Pin { tries_left, .. } => Some(*tries_left),
                _ => None,
            })
            .collect()
    }
}

/// The environment for `service` (any of the parts may be absent).
pub fn env(service: Option<&Service>) -> ClientEnv {
    let mut vars = vec![
        ("MYNAKIT_RUN_ID".to_owned(), RUN_ID.to_owned()),
        ("MYNAKIT_SCENARIO".to_owned(), "test".to_owned()),
        ("MYNAKIT_FACILITY_CODE".to_owned(), "1319999999".to_owned()),
        (
            "MYNAKIT_CLOCK".to_owned(),
            "2026-11-01T09:00:00+09:00".to_owned(),
        ),
        ("MYNAKIT_TIMEOUT_SECS".to_owned(), "60".to_owned()),
    ];
    if let Some(service) = service {
        vars.push(("MYNAKIT_SERVICE_URL".to_owned(), service.url()));
        vars.push((
            "MYNAKIT_CA_FILE".to_owned(),
            server_ca_file().display().to_string(),
        ));
    }
    let mut env = ClientEnv::from_vars(vars).unwrap();
    env.logger = if std::env::var_os("MYNAKIT_TEST_LOG").is_some() {
        Logger::stderr()
    } else {
        Logger::silent()
    };
    env.timings.poll_interval = Duration::from_millis(20);
    env
}

/// Runs the client to its end with `script` answering.
pub fn drive(
    env: &ClientEnv,
    card: Option<Box<dyn CardTransport + Send>>,
    script: Script,
    defects: &Defects,
) -> Run {
    let state = Rc::new(RefCell::new(OperatorState {
        script: Some(script),
        ..OperatorState::default()
    }));
    let input = OperatorIn {
        state: state.clone(),
        buffer: Vec::new(),
        pos: 0,
    };
    let outcome = run(env, card, input, OperatorOut(state.clone()), defects)
        .unwrap_or_else(|e| panic!("the conversation broke: {e}"));
    let state = state.borrow();
    Run {
        outcome,
        transcript: state.transcript.clone(),
        pins_left: state.script.as_ref().unwrap().pins.len(),
    }
}

/// The binary, with no `MYNAKIT_*` variable of this process.
pub fn process() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_mynakit-reference-client"));
    for (key, _) in std::env::vars() {
        if key.starts_with("MYNAKIT_") {
            command.env_remove(key);
        }
    }
    command
}

/// Runs the binary with `vars` and `args`, answering as `script` says.
pub fn drive_process(vars: &[(String, String)], args: &[&str], script: Script) -> (Run, String) {
    let mut child = process()
        .args(args)
        .envs(vars.iter().cloned())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut operator = Operator::new(script);
    for line in stdout.lines() {
        let line = line.unwrap();
        if let Some(answer) = operator.hear(&line) {
            stdin.write_all(answer.as_bytes()).unwrap();
            stdin.flush().unwrap();
        }
        if operator.done() {
            break;
        }
    }
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{:?}", output.status);
    (
        operator.into_run(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Runs `script` against `card` and `service` in the default environment.
pub fn drive_card(service: &Service, card: &TestCard, script: Script, defects: &Defects) -> Run {
    drive(&env(Some(service)), Some(card.transport()), script, defects)
}

/// A PIN-mode check of `persona`'s card with `pins`.
pub fn pin_check(service: &Service, card: &TestCard, pins: &[&str], defects: &Defects) -> Run {
    drive_card(service, card, Script::new(Mode::Pin).pins(pins), defects)
}

/// A fresh card of `persona` run through `script` against `service` with `defects`: the card,
/// to look at afterwards, and the run.
pub fn drive_persona_with(
    service: &Service,
    persona: &str,
    script: Script,
    defects: &Defects,
) -> (TestCard, Run) {
    let card = TestCard::new(persona);
    let run = drive_card(service, &card, script, defects);
    (card, run)
}

/// A fresh card of `persona` run through `script` against `service`, with no defect.
pub fn drive_persona(service: &Service, persona: &str, script: Script) -> (TestCard, Run) {
    drive_persona_with(service, persona, script, &Defects::none())
}

/// A PIN-mode check of a fresh card of `persona` with `pins` and no defect.
pub fn check_persona(service: &Service, persona: &str, pins: &[&str]) -> (TestCard, Run) {
    drive_persona(service, persona, Script::new(Mode::Pin).pins(pins))
}

/// The environment for `service` with the client trusting `ca_file` instead of the service's CA.
pub fn env_trusting(service: &Service, ca_file: &std::path::Path) -> ClientEnv {
    let mut env = env(Some(service));
    env.ca_file = Some(ca_file.to_path_buf());
    env
}
