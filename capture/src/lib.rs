//! Field work: mynakit beside real cards, real readers and the logs a QA team brings back from a
//! clinic (`docs/import.md`, `docs/apdu-scripts.md`). Nothing here composes a run; the
//! `mynakit card run --reader`, `card compare`, `import` and `record` commands call it.
//!
//! - [`RealCard`]: the card in a real PC/SC reader, as the card side of an APDU script; a
//!   [`Relay`] puts it behind a virtual reader of mynakit's own and records the session
//!   (`mynakit record`).
//! - [`compare`]: one APDU script against a real card and a persona's virtual card, and the
//!   commands whose answers differ (`mynakit card compare`).
//! - Import: a field log ([`parse_pcscd_log`]: pcscd's debug log; [`parse_pcsc_spy`]:
//!   pcsc-lite's `pcsc-spy` output) or a recorded timeline ([`capture_timeline`]) read into one
//!   [`Capture`] (a log on disk a line at a time, [`read_pcscd_log`], [`read_pcsc_spy`]), written back as an APDU script ([`write_script`]) or a recorded-card scenario
//!   ([`write_scenario`]). PIN-carrying commands are redacted as the capture is made.
//! - [`Scrubber`]: the card holder's data in a capture (基本4情報, 個人番号, card face, photo,
//!   certificates) replaced by a synthetic persona's of the same length and encoding, and the
//!   last check that no 個人番号 is written (`docs/import.md`, "Personal data").
//!
//! ```
//! use mynakit_capture::{parse_pcsc_spy, write_scenario, ClientExpect, ScenarioOptions};
//!
//! // A pcsc-spy log of one SELECT (see docs/import.md for the formats read).
//! let log = "\
//! SCardTransmit
//!  i hCard: 0x0001
//!  i pioSendPci
//!  i    dwProtocol: 2
//!  i pbSendBuffer
//!  i    0000 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01 ...........
//!  o pbRecvBuffer
//!  o    0000 90 00 ..
//!  => Command successful. [0x00000000]  [0.000100]
//! ";
//! let capture = parse_pcsc_spy(log, "field.log")?;
//! let scenario = write_scenario(
//!     &capture,
//!     &ScenarioOptions { id: "field".into(), unseen: None, expect: ClientExpect::ExitCode(0) },
//! );
//! assert!(scenario.contains("id: field"));
//! # Ok::<(), mynakit_capture::ImportError>(())
//! ```

mod compare;
mod import;
mod relay;
mod scrub;

pub use compare::{compare, pin_of_line, Difference};
pub use import::log_lines::MAX_LOG_LINE_BYTES;
pub use import::pcsc_spy::{parse as parse_pcsc_spy, read as read_pcsc_spy};
pub use import::pcscd_log::{parse as parse_pcscd_log, read as read_pcscd_log};
pub use import::timeline::capture as capture_timeline;
pub use import::write::{
    scenario as write_scenario, script as write_script, ClientExpect, Expect, ScenarioOptions,
};
pub use import::{
    Capture, Captured, CapturedEvent, ImportError, ReaderCapture, MAX_CAPTURED_BYTES,
};
pub use relay::{RealCard, Relay, RelayError};
pub use scrub::{
    NumberFound, Replaced, ScrubError, ScrubSummary, Scrubber,
    DEFAULT_PERSONA as DEFAULT_SCRUB_PERSONA,
};
