//! What the relay says the card is: an ISO/IEC 14443-4 Type B tag (`docs/mobile.md`, "The
//! tag"), and the settings behind it.

use std::net::SocketAddr;
use std::time::Duration;

use mynakit_protocol::nfc::TagInfo;

/// How the relay listens and what tag it reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelayConfig {
    /// Where to listen: loopback, an ephemeral port, unless asked otherwise.
    pub listen: SocketAddr,
    /// `IsoDep.getMaxTransceiveLength()` for a reader that takes extended APDUs. Default
    /// 65,279: one Android phone's reading in NFC TagInfo (an assumption: no public source
    /// fixes it across phones).
    pub max_transceive: usize,
    /// `IsoDep.isExtendedLengthApduSupported()` for such a reader. Default true. A slot with
    /// the short-APDU profile always reports false and 261.
    pub extended_length: bool,
    /// The transceive timeout until the app sets one: 618 ms, AOSP's NCI ISO-DEP default.
    pub timeout: Duration,
    /// How long a new connection may take to say `hello`: 10 s.
    pub hello_timeout: Duration,
    /// The card's PUPI (ISO/IEC 14443-3 Type B), `Tag.getId()`.
    pub pupi: [u8; 4],
}

impl Default for RelayConfig {
    fn default() -> Self {
        RelayConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            max_transceive: 65_279,
            extended_length: true,
            timeout: Duration::from_millis(618),
            hello_timeout: Duration::from_secs(10),
            pupi: [0x4D, 0x59, 0x4E, 0x41],
        }
    }
}

/// `max_transceive` of a reader that takes short APDUs only: a case 4S command with 255
/// bytes of data (4 + 1 + 255 + 1).
pub(crate) const SHORT_MAX_TRANSCEIVE: usize = 261;

/// The ATQB's application data (4 bytes) and protocol info (3 bytes), the values the default
/// contactless ATR carries (`crate::DEFAULT_CONTACTLESS_ATR`: no application data; 106 kbit/s,
/// 256-byte frames, ISO 14443-4, FWI 8, CID supported).
const ATQB_TAIL: [u8; 7] = [0x00, 0x00, 0x00, 0x00, 0x00, 0x81, 0x81];

impl RelayConfig {
    /// The tag as reported now.
    pub(crate) fn tag(
        &self,
        short_only: bool,
        timeout_ms: u64,
        initial_selected_aid: Option<String>,
    ) -> TagInfo {
        let mut atqb = vec![0x50];
        atqb.extend_from_slice(&self.pupi);
        atqb.extend_from_slice(&ATQB_TAIL);
        TagInfo {
            id: hex::encode_upper(self.pupi),
            tech: vec!["IsoDep".to_owned(), "NfcB".to_owned()],
            nfc_type: "B".to_owned(),
            atqb: hex::encode_upper(atqb),
            hi_layer_response: String::new(),
            historical_bytes: None,
            extended_length: self.extended_length && !short_only,
            max_transceive: if short_only {
                SHORT_MAX_TRANSCEIVE.min(self.max_transceive)
            } else {
                self.max_transceive
            },
            timeout_ms,
            initial_selected_aid,
        }
    }
}
