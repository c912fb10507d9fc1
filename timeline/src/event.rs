//! One event of the timeline and what it says (`docs/timeline.md`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{ClaimFile, ContentElement, ContentFields, FileAction, ReaderAction, SetTries};

/// The version of the event schema; bump it on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// Which part of a run made an event.
// Ordered from the card up to the person: the order in which report.html's timeline strip
// draws its lanes (a doc comment would change the report schema's description).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// The virtual card (APDUs).
    Card,
    /// A virtual reader (insert, remove, power, reset).
    Reader,
    /// The mock eligibility service (HTTP).
    Service,
    /// The 資格確認端末 emulation (files).
    Terminal,
    /// The client under test (what it reported).
    Client,
    /// The scenario's operator (what staff and patient did).
    Operator,
}

impl Source {
    /// The source's name as the timeline's JSON writes it (`card`, `reader`, …), for reports
    /// and divergence notes that name a layer.
    pub fn name(self) -> &'static str {
        match self {
            Source::Card => "card",
            Source::Reader => "reader",
            Source::Service => "service",
            Source::Terminal => "terminal",
            Source::Client => "client",
            Source::Operator => "operator",
        }
    }
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EventKind {
    /// One command/response pair. PIN bytes in `command` are already redacted.
    Apdu {
        /// The reader (slot) name.
        reader: String,
        /// The C-APDU as upper-case hex, PIN data replaced by `*`.
        command: String,
        /// The R-APDU as upper-case hex.
        response: String,
        /// How long the card took, in microseconds.
        duration_us: u64,
    },
    /// A reader or card control event.
    Reader {
        /// The reader (slot) name.
        reader: String,
        /// What happened (`insert`, `remove`, `power-on`, …).
        action: ReaderAction,
        /// Details, e.g. the persona inserted, the ATR, or the [`SetTries`] of a `set-tries`.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        detail: String,
    },
    /// One HTTP exchange with the mock service.
    Http {
        /// Method.
        method: String,
        /// Path and query.
        path: String,
        /// Response status.
        status: u16,
        /// Time to answer, in microseconds: from the request's arrival until the exchange was
        /// recorded, read with `t_us`, so `t_us` less `duration_us` is when the request arrived.
        duration_us: u64,
        /// The request body (UTF-8, lossy, truncated, secrets redacted), when kept.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        request_body: Option<String>,
        /// The response body as sent (UTF-8, lossy, truncated), when sent whole.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        response_body: Option<String>,
        /// The request's device-signature headers as received (`content-digest`,
        /// `signature-input`, `signature`; lower-case names), so checks can judge how a client
        /// signs (`docs/device-setup.md`). Empty for an unsigned request; no other header is kept.
        #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
        request_headers: BTreeMap<String, String>,
    },
    /// A file event in the terminal folders.
    File {
        /// The path, relative to the terminal root.
        path: String,
        /// What happened (`request-seen`, `result-written`, `face-written`, …).
        action: FileAction,
    },
    /// One line of the client protocol (`docs/client-protocol.md`): from the client
    /// (source `client`) or the harness's answer as the operator (source `operator`), with any
    /// PIN already redacted.
    Message {
        /// The JSON line, without its newline.
        line: String,
    },
    /// Free text (a client display, an operator step).
    Note {
        /// The text (redacted by its maker).
        text: String,
    },
    /// What an OQS file in the terminal folders says, in redacted form: the elements the
    /// conformance checks read (`docs/timeline.md`, "Content"). Recorded by the terminal for
    /// every request it reads and every result and push it writes, right after the file event.
    Content {
        /// The path, relative to the terminal root.
        path: String,
        /// The encoding the XML declaration names, as written (`UTF-8`, `Shift_JIS`); empty
        /// when it names none.
        encoding: String,
        /// Element name → value, for the first occurrence of each element the checks read.
        /// Personal values (names, birth date, 記号・番号) are [`redacted_value`](crate::redacted_value)s; codes,
        /// `InsurerNumber` and `ArbitraryFileIdentifier` are kept as written.
        #[serde(default, skip_serializing_if = "ContentFields::is_empty")]
        fields: ContentFields,
        /// The elements whose value holds `●` (U+25CF), the mark OQS puts for a character
        /// outside its set (外字): staff must check them against the card.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        substituted: Vec<ContentElement>,
        /// A consent import's download (`OQSmuhvq02res`, `OQSmuonq02res`): for each
        /// `BulkConfirmUnit` in order, who it names — its card data and the person's name and
        /// birth date, redacted as in `fields` (`XML-consent-import` compares each with the
        /// patient the client showed). Absent (and not written) for every other file, so their
        /// lines are as before.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        units: Vec<ContentFields>,
        /// An eligibility answer's 医療費助成 entries (`MedicalSubsidyCertificateInfo`,
        /// **mynakit's model**, `docs/subsidies.md`): each entry's elements in order, the
        /// 受給者番号 redacted as in `fields`, the 制度, 公費負担者番号, dates, 上限額 and 自治体
        /// as written (codes and amounts, none of which names the person). The `UKE-subsidy-`
        /// checks judge the claim's KO records by them: every entry of the answer, where `fields`
        /// keeps only the first occurrence of each element. Absent (and not written) for a file
        /// without entries, so every other line is as before.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        subsidies: Vec<ContentFields>,
    },
    /// The client ended (`docs/timeline.md`, "Exited"): its main process exited or, before
    /// that, it closed its stdout (a launcher closes it when the program it runs ends, before
    /// its own clean-up), stamped the moment the harness saw it. What others did because it went
    /// is told apart from what the client did: pcscd powers off a card that no process holds
    /// about 0.4 s after its last holder left, which is no release by the client
    /// (`APDU-release`). Recorded once, for a client that is a process; an in-process or socket
    /// client has none.
    Exited {
        /// Its exit code, when its process's exit was seen first and it exited by itself.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<i32>,
        /// The signal that ended it, when one did.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        signal: Option<i32>,
    },
    /// What the client left in its private folders (`HOME`, `TMPDIR`, its working folder) after
    /// the run: the harness searched every file there for the patient's values
    /// (`docs/timeline.md`, "Kept"; `DATA-nothing-kept`). Recorded once, after the client
    /// ended; never the values themselves, only their kind and where they are.
    Kept {
        /// The folders searched, as the client saw them (`home`, `tmp`, `work`).
        folders: Vec<String>,
        /// How many files were searched.
        files: u64,
        /// Each value found: file, byte offset, kind and encoding.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        found: Vec<KeptValue>,
        /// What the client declared it keeps on purpose (its `keeps` capability), as declared.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        declared: Vec<String>,
    },
    /// The claim file the client wrote (flow `claim-file`; `docs/timeline.md`, "Claim file"):
    /// read once the client ended, per claim the fields the `UKE-` checks read, personal
    /// values redacted, names and birth dates left out. Recorded once per file, source
    /// `client`; a scenario of the flow whose client wrote none records one with an error.
    ClaimFile {
        /// The file, relative to the claim folder (`RECEIPTC.UKE`).
        path: String,
        /// What it says.
        #[serde(flatten)]
        file: ClaimFile,
    },
}

/// The kind ([`KeptValue::value`]) of a password the operator typed, found in a file a relying
/// party left (`RP-password-not-kept`, `docs/relying-party.md`): the harness searches a relying
/// party's folders for them beside the patient's values.
pub const TYPED_PASSWORD: &str = "typed-password";

/// The kind ([`KeptValue::value`]) of the card face's photo (the 券面事項確認AP's DF27), found in
/// a file a counter app left (`RP-counter-record-kept`, `docs/counter-read.md`): the harness
/// searches a counter read's folders for its bytes, as read or in base64.
pub const CARD_PHOTO: &str = "card-photo";

/// The kind ([`KeptValue::value`]) of a PIN the operator typed, found in a file the client left
/// (`PIN-not-kept`, `docs/conformance.md`): the harness searches the client's folders for each
/// PIN typed, in clear as a whole number (`encoding` `UTF-8`, `UTF-16LE`, `UTF-16BE`) and as the
/// hex of a VERIFY's data (`encoding` `APDU hex`).
pub const TYPED_PIN: &str = "typed-pin";

/// One patient value found in a file the client left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeptValue {
    /// The file, relative to the searched folders' parent (`tmp/cache/last.json`).
    pub path: String,
    /// The byte offset of the first occurrence.
    pub offset: u64,
    /// What kind of value it is (`name`, `birth-date`, …): never the value.
    pub value: String,
    /// How it was written: `UTF-8`, `Shift_JIS`, `UTF-16LE`, `UTF-16BE`.
    pub encoding: String,
}

impl EventKind {
    /// A reader event.
    pub fn reader(reader: impl Into<String>, action: ReaderAction, detail: String) -> EventKind {
        EventKind::Reader {
            reader: reader.into(),
            action,
            detail,
        }
    }

    /// A `set-tries` reader event: a PIN counter of the card in `reader` was set.
    pub fn set_tries(reader: impl Into<String>, set: &SetTries) -> EventKind {
        EventKind::reader(reader, ReaderAction::SetTries, set.to_string())
    }

    /// The PIN counter a `set-tries` reader event set; `None` for any other event, or a detail
    /// this version cannot read ([`SetTries::from_detail`]).
    pub fn tries_set(&self) -> Option<SetTries> {
        match self {
            EventKind::Reader {
                action: ReaderAction::SetTries,
                detail,
                ..
            } => SetTries::from_detail(detail),
            _ => None,
        }
    }

    /// A file event in the terminal folders.
    pub fn file(path: impl Into<String>, action: FileAction) -> EventKind {
        EventKind::File {
            path: path.into(),
            action,
        }
    }
}

/// One event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Event {
    /// Schema version.
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub v: u32,
    /// Microseconds since the timeline started.
    pub t_us: u64,
    /// The scenario/run id, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<String>,
    /// Who made it.
    pub source: Source,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

#[cfg(test)]
mod tests {
    use super::*;
    use mynakit_apdu::Application;

    #[test]
    fn a_source_s_name_is_its_json_name() {
        for source in [
            Source::Card,
            Source::Reader,
            Source::Service,
            Source::Terminal,
            Source::Client,
            Source::Operator,
        ] {
            let json = serde_json::to_string(&source).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", source.name()));
        }
    }

    #[test]
    fn set_tries_events_carry_the_counter() {
        let kind = EventKind::set_tries("mynakit 0", &SetTries::new(Application::Jpki, 0x18, 2));
        let EventKind::Reader { action, detail, .. } = &kind else {
            panic!("a reader event");
        };
        assert_eq!(
            (action, detail.as_str()),
            (&ReaderAction::SetTries, "jpki 0018 2")
        );
        assert_eq!(
            kind.tries_set(),
            Some(SetTries::new(Application::Jpki, 0x18, 2))
        );
        assert_eq!(
            EventKind::file("req/a.xml", FileAction::RequestSeen).tries_set(),
            None
        );
    }
}
