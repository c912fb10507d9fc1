//! Field logs into captures, and captures into scripts and scenarios (`docs/import.md`).
//!
//! A QA team comes back from a clinic with a log. Each reader format ([`pcscd_log`]: pcscd's
//! `-f -a -d` debug log; [`pcsc_spy`]: pcsc-lite's `pcsc-spy` output) is read into one
//! [`Capture`]: per reader, in log order, the APDUs with their responses and the connections,
//! resets and power changes between them. [`write`] turns a capture into an APDU script with
//! the logged responses as `=> R-APDU` expectations and into a scenario whose card is a
//! recorded card replaying it (`mynakit_emulator::recorded`). PIN-carrying commands are
//! redacted as the capture is made, so a PIN never gets further than the parser.

pub(crate) mod log_lines;
pub(crate) mod pcsc_spy;
pub(crate) mod pcscd_log;
pub(crate) mod timeline;
pub(crate) mod write;

/// The most bytes of commands, responses and ATRs a capture keeps (`docs/import.md`, "Size"):
/// far above a day's work at one reader (a card read is a few KB), and what bounds the
/// importer's memory, which the log's size does not ([`log_lines`]).
pub const MAX_CAPTURED_BYTES: u64 = 64 * 1024 * 1024;

/// What a log showed, per reader, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Capture {
    /// The log's name, for comments and errors.
    pub origin: String,
    /// The readers in the order they first appear.
    pub readers: Vec<ReaderCapture>,
    /// The bytes kept so far (commands as written, responses, ATRs).
    kept: u64,
    /// The log line at which [`MAX_CAPTURED_BYTES`] was passed.
    over_at: Option<usize>,
}

/// One reader's part of a log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReaderCapture {
    /// The reader name as PC/SC showed it.
    pub name: String,
    /// The card's ATR, as the log last showed it (absent when the log never did).
    pub atr: Option<Vec<u8>>,
    /// What happened, in order.
    pub steps: Vec<Captured>,
}

/// One event of a reader, with the 1-based log line it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Captured {
    /// The log line.
    pub line: usize,
    /// What happened.
    pub event: CapturedEvent,
}

/// What happened at a reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CapturedEvent {
    /// A command and its response. The command is already redacted, so the capture never
    /// holds a PIN.
    Apdu {
        /// The C-APDU as `mynakit_emulator::redact::command_hex` writes it (PINs as `**`).
        command: String,
        /// The R-APDU.
        response: Vec<u8>,
    },
    /// A client connected.
    Connect,
    /// A client disconnected, leaving the card as it was.
    Disconnect,
    /// A warm reset (`SCARD_RESET_CARD`).
    Reset,
    /// Power removed (`SCARD_UNPOWER_CARD`, `SCARD_EJECT_CARD`).
    PowerOff,
    /// A card came in, with its ATR.
    Inserted(Vec<u8>),
    /// The card was taken out.
    Removed,
}

/// A line the importer cannot read, named `file:line`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{origin}:{line}: {message}")]
pub struct ImportError {
    /// The log file.
    pub origin: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl ImportError {
    /// The error at `origin:line`.
    pub(crate) fn at(origin: &str, line: usize, message: String) -> ImportError {
        ImportError {
            origin: origin.to_owned(),
            line,
            message,
        }
    }
}

impl Capture {
    /// Nothing yet, from the log `origin`.
    pub fn new(origin: &str) -> Capture {
        Capture {
            origin: origin.to_owned(),
            ..Capture::default()
        }
    }

    /// An error at the line where the capture passed [`MAX_CAPTURED_BYTES`], if it did: a log
    /// reader asks before each line, so that the capture never grows further.
    pub(crate) fn within_bound(&self) -> Result<(), ImportError> {
        match self.over_at {
            Some(line) => Err(ImportError::at(
                &self.origin,
                line,
                format!(
                    "the APDUs up to here pass the limit of {MAX_CAPTURED_BYTES} bytes a capture                      keeps (docs/import.md, \"Size\"): cut the log to the session of interest"
                ),
            )),
            None => Ok(()),
        }
    }

    /// The reader named `name`, added when first seen.
    pub(crate) fn reader(&mut self, name: &str) -> &mut ReaderCapture {
        let index = match self.readers.iter().position(|r| r.name == name) {
            Some(i) => i,
            None => {
                self.readers.push(ReaderCapture {
                    name: name.to_owned(),
                    ..ReaderCapture::default()
                });
                self.readers.len() - 1
            }
        };
        &mut self.readers[index]
    }

    /// Records `event` at `name`'s reader.
    pub(crate) fn push(&mut self, name: &str, line: usize, event: CapturedEvent) {
        let size = match &event {
            CapturedEvent::Apdu { command, response } => command.len() + response.len(),
            CapturedEvent::Inserted(atr) => atr.len(),
            _ => 0,
        };
        self.kept += size as u64;
        if self.kept > MAX_CAPTURED_BYTES && self.over_at.is_none() {
            self.over_at = Some(line);
        }
        let reader = self.reader(name);
        if let CapturedEvent::Inserted(atr) = &event {
            reader.atr = Some(atr.clone());
        }
        reader.steps.push(Captured { line, event });
    }

    /// The readers that saw an APDU, in the order the log first showed them: the ones written
    /// out (a recorded card each), and the ones `mynakit import` reports.
    pub fn apdu_readers(&self) -> Vec<&ReaderCapture> {
        self.readers
            .iter()
            .filter(|r| {
                r.steps
                    .iter()
                    .any(|s| matches!(s.event, CapturedEvent::Apdu { .. }))
            })
            .collect()
    }

    /// Every APDU of every reader.
    pub fn apdus(&self) -> usize {
        self.readers
            .iter()
            .flat_map(|r| &r.steps)
            .filter(|s| matches!(s.event, CapturedEvent::Apdu { .. }))
            .count()
    }
}

/// Hex bytes separated by spaces (`00 A4 04 0C`), as both logs write them; `None` if any token
/// is not a byte.
pub(crate) fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    if !text.split_whitespace().all(|t| t.len() == 2) {
        return None;
    }
    mynakit_apdu::hex_bytes(text).ok()
}

/// Log text quoted in an error message, with what could be a secret hidden, as the written
/// files hide it: the output has PINs as `**`, so an error about a malformed `VERIFY` line must
/// not print them either. The first `keep` bytes are shown (a command's header, CLA INS P1 P2,
/// is never secret); from the first data-like token past them (hex digits, or two characters
/// with a hex digit: a mistyped byte like `3G`) everything is `**`. At most 60 characters.
pub(crate) fn quote(text: &str, keep: usize) -> String {
    let mut shown = keep.saturating_mul(2);
    let mut hiding = false;
    let mut out: Vec<String> = Vec::new();
    for token in text.split_whitespace() {
        let hex = token.bytes().all(|b| b.is_ascii_hexdigit());
        let data = hex || (token.len() == 2 && token.bytes().any(|b| b.is_ascii_hexdigit()));
        if hiding || (data && token.len() > shown) {
            hiding = true;
            out.push("**".to_owned());
        } else {
            if data {
                shown -= token.len();
            }
            out.push(token.to_owned());
        }
    }
    pcscd_log::shorten(&out.join(" "))
}

/// The event of one logged exchange, with the PIN redacted here, before it is stored.
pub(crate) fn apdu(command: &[u8], response: Vec<u8>) -> CapturedEvent {
    CapturedEvent::Apdu {
        command: mynakit_emulator::redact::command_hex(command),
        response,
    }
}
