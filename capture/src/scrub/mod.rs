//! Field captures made safe to share: the card holder's personal data replaced by a synthetic
//! persona's (`docs/import.md`, "Personal data").
//!
//! A log taken at a clinic holds the patient's data in the READ BINARY responses: the 基本4情報
//! and the 個人番号 (券面事項入力補助AP), the card face with its photo (券面事項確認AP) and the JPKI
//! certificates. The 番号法 (行政手続における特定の個人を識別するための番号の利用等に関する法律,
//! 第19条) forbids handing a 個人番号 on outside its listed uses, and a QA team may not send a
//! patient's data to a vendor at all. [`Scrubber::scrub`] rebuilds each file the capture read
//! (from the READ BINARY offsets, under the application and EF selected, as the recorded card
//! looks them up), replaces every personal value with a synthetic persona's value of the **same
//! length and encoding**, makes the signatures over them again with the test keys, and writes
//! the bytes back into the responses they came from, so that a replay sends the same commands
//! and the failure still reproduces. [`Scrubber::check_text`] then refuses any 12-digit number
//! with a valid 個人番号 check digit left in what is written.

mod certificate;
mod files;
mod fit;
mod number;
mod persona;
mod replace;

use std::collections::BTreeMap;
use std::fmt;

use crate::import::Capture;

pub use number::NumberFound;

/// The bundled persona whose values replace the card holder's unless another is named: a
/// standard card with every application, none of whose values is any other persona's.
pub const DEFAULT_PERSONA: &str = "second-vendor";

/// What a scrub replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Replaced {
    /// 氏名 (text, in 基本4情報 or a certificate).
    Name,
    /// 住所.
    Address,
    /// 生年月日.
    BirthDate,
    /// 性別.
    Sex,
    /// The 個人番号 record.
    MyNumber,
    /// The face photo.
    Photo,
    /// An image of the card face (name, address, 個人番号, security code).
    Image,
    /// A JPKI certificate.
    Certificate,
    /// A card-unique key or key record (the 券面 APs' own keys, CV certificates).
    CardKey,
    /// A record re-signed with the test keys.
    Signature,
    /// Another card-specific record (expiry date, municipality, age record).
    Other,
    /// Bytes of a personal file that could not be decoded: the persona's bytes at the same
    /// offsets (or `FF`), no longer a decodable record.
    Undecoded,
}

impl Replaced {
    /// The kind's name in the summary.
    pub fn name(self) -> &'static str {
        match self {
            Replaced::Name => "name",
            Replaced::Address => "address",
            Replaced::BirthDate => "birth date",
            Replaced::Sex => "sex",
            Replaced::MyNumber => "個人番号",
            Replaced::Photo => "photo",
            Replaced::Image => "card-face image",
            Replaced::Certificate => "certificate",
            Replaced::CardKey => "card key",
            Replaced::Signature => "signature",
            Replaced::Other => "other card record",
            Replaced::Undecoded => "undecoded personal bytes",
        }
    }
}

/// Counts by kind, never values: what the import's summary prints.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScrubSummary {
    /// How many values of each kind were replaced.
    pub counts: BTreeMap<Replaced, usize>,
    /// The persona whose values were written.
    pub persona: String,
}

impl ScrubSummary {
    pub(crate) fn add(&mut self, kind: Replaced) {
        *self.counts.entry(kind).or_default() += 1;
    }

    /// Nothing was replaced.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// How many of `kind`.
    pub fn count(&self, kind: Replaced) -> usize {
        self.counts.get(&kind).copied().unwrap_or(0)
    }
}

impl fmt::Display for ScrubSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.counts.is_empty() {
            return write!(f, "no personal data read in the log");
        }
        let parts: Vec<String> = self
            .counts
            .iter()
            .map(|(kind, n)| format!("{n} {}", kind.name()))
            .collect();
        write!(
            f,
            "{} (values of persona {})",
            parts.join(", "),
            self.persona
        )
    }
}

/// Why a capture could not be scrubbed, or what it would write is refused.
#[derive(Debug, thiserror::Error)]
pub enum ScrubError {
    /// The synthetic persona could not be loaded or its card built.
    #[error("the synthetic persona {persona}: {message}")]
    Persona {
        /// The persona id.
        persona: String,
        /// What went wrong.
        message: String,
    },
    /// A 12-digit number with a valid 個人番号 check digit would be written.
    #[error("{0}")]
    MyNumber(NumberFound),
    /// A `--synthetic-number` that is not 12 digits.
    #[error("--synthetic-number {0:?}: a 個人番号 is 12 digits")]
    NotANumber(String),
}

/// Replaces personal data in captures with one synthetic persona's, and guards what is written.
pub struct Scrubber {
    persona: persona::Synthetic,
    allowed: Vec<String>,
}

impl Scrubber {
    /// Values from the bundled persona `persona_id` (see [`DEFAULT_PERSONA`]); `synthetic` are
    /// the 12-digit numbers the user names as synthetic (`--synthetic-number`), which may be
    /// written. The persona's own 個人番号 is synthetic by construction and always allowed.
    pub fn new(persona_id: &str, synthetic: &[String]) -> Result<Scrubber, ScrubError> {
        for number in synthetic {
            if number.len() != 12 || !number.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ScrubError::NotANumber(number.clone()));
            }
        }
        let persona = persona::Synthetic::load(persona_id)?;
        let mut allowed = synthetic.to_vec();
        allowed.extend(persona.synthetic_numbers());
        Ok(Scrubber { persona, allowed })
    }

    /// Replaces the personal data of `capture` in place, then checks that no 個人番号 is left
    /// in any command or response.
    pub fn scrub(&self, capture: &mut Capture) -> Result<ScrubSummary, ScrubError> {
        let mut summary = ScrubSummary {
            persona: self.persona.id().to_owned(),
            ..ScrubSummary::default()
        };
        let mut read = files::read(capture);
        // In FID order, so a digest over another file (kenhojo EF 0003) sees it replaced.
        let keys: Vec<files::FileKey> = read.files.keys().copied().collect();
        for key in keys {
            let Some(mut file) = read.files.remove(&key) else {
                continue;
            };
            replace::file(key, &mut file, &read.files, &self.persona, &mut summary);
            read.files.insert(key, file);
        }
        read.write_back(capture);
        for record in &read.records {
            replace::record(record, capture, &self.persona, &mut summary);
        }
        number::check_capture(capture, &self.allowed).map_err(ScrubError::MyNumber)?;
        Ok(summary)
    }

    /// Replaces the personal data in a recorded timeline (`mynakit record`): its APDU
    /// responses, as [`Scrubber::scrub`] replaces them in the capture made from it, which is
    /// returned for the scenario.
    pub fn scrub_timeline(
        &self,
        events: &mut [mynakit_timeline::Event],
        origin: &str,
    ) -> Result<(Capture, ScrubSummary), ScrubError> {
        let mut capture = crate::capture_timeline(events, origin);
        let summary = self.scrub(&mut capture)?;
        for step in capture.readers.iter().flat_map(|r| &r.steps) {
            let crate::CapturedEvent::Apdu { response, .. } = &step.event else {
                continue;
            };
            // The capture's line is the event's 1-based position.
            if let Some(event) = step.line.checked_sub(1).and_then(|i| events.get_mut(i)) {
                if let mynakit_timeline::EventKind::Apdu { response: hex, .. } = &mut event.kind {
                    *hex = hex::encode_upper(response);
                }
            }
        }
        Ok((capture, summary))
    }

    /// Refuses `text`, about to be written to `file`, if it holds a 12-digit number with a valid
    /// 個人番号 check digit that nobody named synthetic; the error names `file:line:col`.
    pub fn check_text(&self, text: &str, file: &str) -> Result<(), ScrubError> {
        number::check_text(text, file, &self.allowed).map_err(ScrubError::MyNumber)
    }
}
