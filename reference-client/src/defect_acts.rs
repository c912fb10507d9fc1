//! What some defects do beyond a flag the flows read (`crate::defects` names them all): the
//! logged and shared card, the read of the 個人番号, the 券面事項入力補助 AP required, the
//! result kept in a file, the transcription widened.

use std::collections::BTreeMap;

/// The card as `log-apdus` uses it: every command APDU logged as spaced hex before it is sent.
pub(crate) struct LoggedCard {
    /// The real card.
    pub(crate) card: Box<dyn crate::CardTransport + Send>,
    /// Where the lines go.
    pub(crate) logger: crate::Logger,
}

impl crate::card::Decorator for LoggedCard {
    type Inner = dyn crate::CardTransport + Send;

    fn with_inner<R>(&mut self, f: impl FnOnce(&mut Self::Inner) -> R) -> R {
        f(&mut *self.card)
    }

    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, crate::CardError> {
        let hex: Vec<String> = apdu.iter().map(|b| format!("{b:02X}")).collect();
        self.logger.log(&format!("> {}", hex.join(" ")));
        self.card.transmit(apdu)
    }
}

/// Only for the `replay-certificate` defect: the auth certificate of the test card a developer
/// kept from an earlier read (the synthetic persona `employee`'s, `fixtures/pki`), sent in place
/// of the card's.
pub(crate) const REPLAYED_CERTIFICATE: &[u8] =
    include_bytes!("../../fixtures/pki/personas/employee/auth.der");
/// The 券面事項入力補助AP's DF name (docs/card.md; myna-card `ap/text.rs`), for the defects
/// that select it. Like `jpki::JPKI_AID`, written here: this client knows the card from the
/// public sources, not from mynakit's crates.
const KENHOJO_AID: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08];

/// Only for the `read-my-number` defect: `SELECT 券面事項入力補助AP`, then `READ BINARY` of
/// its 個人番号 record by SFI (Le 17: `docs/card.md`), answers ignored. Sent before the JPKI AP
/// is selected, so the JPKI session's own selection is not disturbed.
pub(crate) fn read_my_number(card: &mut dyn crate::CardTransport) {
    // EF 0001 as SFI 1 (docs/card.md; myna-card `ap/text.rs`).
    let mut select = vec![0x00, 0xA4, 0x04, 0x0C, 0x0A];
    select.extend_from_slice(&KENHOJO_AID);
    let _ = card.transmit(&select);
    let _ = card.transmit(&[0x00, 0xB0, 0x81, 0x00, 0x11]);
}

/// Only for the `require-kenhojo` defect: `SELECT 券面事項入力補助AP` by DF name; anything
/// but `9000` (a phone's `6A82`) is the end of the check. Sent before the JPKI AP is selected,
/// so the JPKI session's own selection is not disturbed.
pub(crate) fn require_kenhojo(card: &mut dyn crate::CardTransport) -> Result<(), crate::CardError> {
    const STEP: &str = "SELECT 券面事項入力補助AP";
    let mut select = vec![0x00, 0xA4, 0x04, 0x0C, 0x0A];
    select.extend_from_slice(&KENHOJO_AID);
    match card.transmit(&select)?.as_slice() {
        [.., 0x90, 0x00] => Ok(()),
        [.., sw1, sw2] => Err(crate::CardError::Status {
            step: STEP,
            sw: u16::from_be_bytes([*sw1, *sw2]),
        }),
        _ => Err(crate::CardError::Malformed {
            step: STEP,
            problem: "no status word".to_owned(),
        }),
    }
}

/// Only for the `keep-patient-data` defect: the result's fields as `name,value` lines in
/// Shift_JIS, in `last-result.csv` of `TMPDIR` (nothing without one). Errors are ignored.
pub(crate) fn keep_result(temp_dir: Option<&std::path::Path>, fields: &BTreeMap<String, String>) {
    let Some(dir) = temp_dir else {
        return;
    };
    let text: String = fields.iter().map(|(k, v)| format!("{k},{v}\r\n")).collect();
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let _ = std::fs::write(dir.join("last-result.csv"), bytes);
}

/// Only for the `ambulance-keeps-summary` defect: the fields shown, kept in
/// `.mynakit-reference/ambulance-views.csv` under `HOME` (nothing without one) "for the transfer
/// report", the store マイナ救急 forbids. Errors are ignored.
pub(crate) fn keep_summary(home: Option<&std::path::Path>, fields: &BTreeMap<String, String>) {
    let Some(home) = home else {
        return;
    };
    let folder = home.join(".mynakit-reference");
    if std::fs::create_dir_all(&folder).is_ok() {
        let text: String = fields.iter().map(|(k, v)| format!("{k},{v}\n")).collect();
        let _ = std::fs::write(folder.join("ambulance-views.csv"), text);
    }
}

/// Only for the `keep-pin` defect: the PIN typed, as `pin=…` in `.mynakit-reference/last-pin`
/// under `HOME` (nothing without one): "remember the PIN for the next visit", the store
/// `PIN-not-kept` forbids. Errors are ignored.
pub(crate) fn keep_pin(home: Option<&std::path::Path>, pin: &str) {
    let Some(home) = home else {
        return;
    };
    let folder = home.join(".mynakit-reference");
    if std::fs::create_dir_all(&folder).is_ok() {
        let _ = std::fs::write(folder.join("last-pin"), format!("pin={pin}\n"));
    }
}

/// Only for the `ask-card-again` defect: the card shared between the check (which releases
/// it before the result, as a correct client does) and the code after the result line.
#[derive(Clone)]
pub(crate) struct SharedCard(
    pub(crate) std::sync::Arc<std::sync::Mutex<Box<dyn crate::CardTransport + Send>>>,
);

impl SharedCard {
    fn with<T>(&self, f: impl FnOnce(&mut Box<dyn crate::CardTransport + Send>) -> T) -> T {
        let mut card = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut card)
    }

    /// After the result: a moment later (the result screen is up), a new session with the card
    /// in the reader, `SELECT JPKI AP`, release.
    pub(crate) fn ask_again(&self) {
        std::thread::sleep(std::time::Duration::from_millis(200));
        self.with(|card| {
            if card.reconnect().is_ok() {
                let mut select = vec![0x00, 0xA4, 0x04, 0x0C, 0x0A];
                select.extend_from_slice(&crate::jpki::JPKI_AID);
                let _ = card.transmit(&select);
            }
            card.release();
        });
    }
}

impl crate::card::Decorator for SharedCard {
    type Inner = Box<dyn crate::CardTransport + Send>;

    fn with_inner<R>(&mut self, f: impl FnOnce(&mut Self::Inner) -> R) -> R {
        self.with(f)
    }
}

/// The `transcription-full-width` defect: 記号, 番号 and 枝番 shown with 全角 digits
/// (`1001` → `１００１`), as an app that formats them for a printed form does.
pub(crate) fn widen_transcription(fields: &mut BTreeMap<String, String>) {
    use mynakit_oqs::ElementName as E;
    for name in [
        E::InsuredCardSymbol,
        E::InsuredIdentificationNumber,
        E::InsuredBranchNumber,
    ] {
        if let Some(value) = fields.get_mut(name.as_str()) {
            *value = value
                .chars()
                .map(|c| {
                    c.to_digit(10)
                        .and_then(|d| char::from_u32(0xFF10 + d))
                        .unwrap_or(c)
                })
                .collect();
        }
    }
}

/// The deadline `short-card-timeout` gives one card command: enough for a reader on the desk
/// (a contact reader answers most commands in a few milliseconds), too short for one behind a
/// remote desktop (`docs/reader.md`, "Latency and jitter as over a remote desktop").
pub(crate) const SHORT_CARD_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(50);

/// The card as `short-card-timeout` uses it: a command whose answer took longer than
/// [`SHORT_CARD_TIMEOUT`] on the client's clock ([`crate::ClientEnv::now`]) is given up, its
/// answer dropped, as a transport with that deadline would.
pub(crate) struct ImpatientCard {
    /// The real card.
    pub(crate) card: Box<dyn crate::CardTransport + Send>,
    /// The client's clock (the run's skipped time added in-process).
    pub(crate) skip: Option<std::sync::Arc<mynakit_oqs::clock::SkipAhead>>,
    /// How long it waits for an answer ([`SHORT_CARD_TIMEOUT`], [`SLOW_ANSWER_AS_NO_CARD`]).
    pub(crate) deadline: std::time::Duration,
    /// A late answer is taken for the card gone (`slow-answer-as-no-card`), not a timeout.
    pub(crate) as_no_card: bool,
}

/// The wait after which `slow-answer-as-no-card` takes a card command's answer for the card
/// gone: a card on the desk answers within it, but a command that waits for another program's
/// PC/SC transaction does not (`docs/reader.md`, "Another program holds the reader").
pub(crate) const SLOW_ANSWER_AS_NO_CARD: std::time::Duration = std::time::Duration::from_secs(1);

impl ImpatientCard {
    fn now(&self) -> std::time::Instant {
        self.skip
            .as_ref()
            .map_or_else(std::time::Instant::now, |skip| skip.now())
    }
}

impl crate::card::Decorator for ImpatientCard {
    type Inner = dyn crate::CardTransport + Send;

    fn with_inner<R>(&mut self, f: impl FnOnce(&mut Self::Inner) -> R) -> R {
        f(&mut *self.card)
    }

    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, crate::CardError> {
        let start = self.now();
        let answer = self.card.transmit(apdu)?;
        if self.now().saturating_duration_since(start) > self.deadline {
            if self.as_no_card {
                return Err(crate::CardError::NotFound(format!(
                    "the card did not answer within {} ms: taken for removed",
                    self.deadline.as_millis()
                )));
            }
            return Err(crate::CardError::Reader(format!(
                "the card did not answer within {} ms (timed out)",
                self.deadline.as_millis()
            )));
        }
        Ok(answer)
    }
}
